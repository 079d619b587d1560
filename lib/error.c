/* The thread-local last error, status texts, and diagnostic records. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Fixed-size buffers: reporting ENOMEM needs no allocation. */
static _Thread_local parindex_error last_error;

parindex_error *pi_error_slot(void) { return &last_error; }

void pi_error_clear(void)
{
    last_error.code = PARINDEX_OK;
    last_error.severity = PARINDEX_SEVERITY_ERROR;
    last_error.line = last_error.column = 0;
    last_error.message[0] = last_error.source[0] = last_error.path[0] = '\0';
}

static void copy_str(char *dst, size_t size, const char *src)
{
    if (!src) {
        dst[0] = '\0';
        return;
    }
    size_t n = strlen(src);
    if (n >= size) {
        n = size - 1;
        /* do not cut a UTF-8 sequence in half */
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void pi_record_set(parindex_error *e, int code, int severity,
                   const char *source, unsigned line, unsigned column,
                   const char *path, const char *fmt, va_list ap)
{
    e->code = code;
    e->severity = severity;
    e->line = line;
    e->column = column;
    copy_str(e->source, sizeof e->source, source);
    copy_str(e->path, sizeof e->path, path);
    if (fmt) {
        int n = vsnprintf(e->message, sizeof e->message, fmt, ap);
        if (n >= (int)sizeof e->message) {
            size_t k = sizeof e->message - 1;
            while (k > 0 && ((unsigned char)e->message[k] & 0xC0) == 0x80)
                k--;
            e->message[k] = '\0';
        }
    } else {
        copy_str(e->message, sizeof e->message, parindex_strerror(code));
    }
}

int pi_verror(int code, const char *fmt, va_list ap)
{
    pi_record_set(&last_error, code, PARINDEX_SEVERITY_ERROR, NULL, 0, 0,
                  NULL, fmt, ap);
    return code;
}

int pi_error(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pi_verror(code, fmt, ap);
    va_end(ap);
    return code;
}

void pi_error_where(const char *source, unsigned line, unsigned column,
                    const char *path)
{
    if (source)
        copy_str(last_error.source, sizeof last_error.source, source);
    last_error.line = line;
    last_error.column = column;
    if (path)
        copy_str(last_error.path, sizeof last_error.path, path);
}

const parindex_error *parindex_error_last(void) { return &last_error; }

int parindex_error_code(const parindex_error *e) { return e ? e->code : 0; }

int parindex_error_severity(const parindex_error *e)
{
    return e ? e->severity : PARINDEX_SEVERITY_ERROR;
}

const char *parindex_error_message(const parindex_error *e)
{
    return e ? e->message : "";
}

const char *parindex_error_source(const parindex_error *e)
{
    return e ? e->source : "";
}

unsigned parindex_error_line(const parindex_error *e) { return e ? e->line : 0; }

unsigned parindex_error_column(const parindex_error *e)
{
    return e ? e->column : 0;
}

const char *parindex_error_path(const parindex_error *e)
{
    return e ? e->path : "";
}

const char *parindex_strerror(int status)
{
    switch (status) {
    case PARINDEX_OK: return "success";
    case PARINDEX_ERROR: return "internal error";
    case PARINDEX_ENOMEM: return "out of memory";
    case PARINDEX_EINVAL: return "invalid argument";
    case PARINDEX_EMISUSE: return "API misuse";
    case PARINDEX_EIO: return "input/output error";
    case PARINDEX_EPARSE: return "malformed input";
    case PARINDEX_ESCHEMA: return "does not match the rule-set schema";
    case PARINDEX_ERULE: return "inconsistent rule set";
    case PARINDEX_ELIMIT: return "size limit exceeded";
    case PARINDEX_EVERSION: return "unsupported version";
    case PARINDEX_ENOTFOUND: return "not found";
    case PARINDEX_EINPUT: return "invalid or missing unit input";
    case PARINDEX_EEXISTS: return "already exists";
    default: return "unknown error";
    }
}
