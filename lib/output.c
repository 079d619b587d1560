/* Where output bytes go: a file written atomically (temporary file in the
 * same directory, fsync, rename) or a callback; buffered. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "out.h"

#define OUT_BUF ((size_t)64 * 1024)

struct parindex_output {
    pi_alloc pa;
    int fd;            /* file outputs; -1 otherwise */
    char *path, *tmp;  /* target and temporary file */
    parindex_write_fn fn;
    void *payload;
    char *buf;
    size_t len;
    int status;
    char msg[PI_MSG_MAX];
};

static parindex_output *out_new(const parindex_allocator *alloc)
{
    pi_alloc pa;
    pi_alloc_init(&pa, alloc);
    parindex_output *o = pi_calloc(&pa, 1, sizeof *o);
    if (!o)
        return NULL;
    o->pa = pa;
    o->fd = -1;
    o->buf = pi_malloc(&pa, OUT_BUF);
    if (!o->buf) {
        pi_free(&pa, o);
        return NULL;
    }
    return o;
}

static void out_free(parindex_output *o)
{
    pi_alloc pa = o->pa;
    pi_free(&pa, o->buf);
    pi_free(&pa, o->path);
    pi_free(&pa, o->tmp);
    pi_free(&pa, o);
}

static void fail(parindex_output *o, int code, const char *fmt, ...)
    PI_PRINTF(3, 4);
static void fail(parindex_output *o, int code, const char *fmt, ...)
{
    if (o->status)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->msg, sizeof o->msg, fmt, ap);
    va_end(ap);
    o->status = code;
}

int parindex_output_open_file(parindex_output **out, const char *path,
                              const parindex_allocator *alloc)
{
    pi_error_clear();
    if (out)
        *out = NULL;
    if (!out || !path || !*path)
        return pi_error(PARINDEX_EMISUSE, "NULL argument to parindex_output_open_file");
    parindex_output *o = out_new(alloc);
    if (!o)
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    size_t n = strlen(path);
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    o->path = pi_strdup(&o->pa, path);
    o->tmp = pi_malloc(&o->pa, n + 32);
    if (!o->path || !o->tmp) {
        out_free(o);
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    }
    /* A regular file (or a new one) is replaced atomically, keeping the
     * permissions of the file it replaces. A symbolic link, a device or a
     * pipe (/dev/stdout, /dev/null, a FIFO) is written through directly:
     * renaming over it would replace the link or the device node. */
    struct stat lst, st;
    int exists = lstat(path, &lst) == 0;
    int keep_mode = exists && S_ISREG(lst.st_mode);
    if (exists && S_ISDIR(lst.st_mode)) {
        pi_error(PARINDEX_EIO, "cannot write '%s': %s", path, strerror(EISDIR));
        pi_error_where(path, 0, 0, NULL);
        out_free(o);
        return PARINDEX_EIO;
    }
    if (exists && !S_ISREG(lst.st_mode)) {
        int flags = O_WRONLY;
        if (S_ISLNK(lst.st_mode) && (stat(path, &st) != 0 || S_ISREG(st.st_mode)))
            flags |= O_CREAT | O_TRUNC;
        o->fd = open(path, flags, 0666);
        pi_free(&o->pa, o->tmp);
        o->tmp = NULL;
        if (o->fd < 0) {
            int err = errno;
            pi_error(PARINDEX_EIO, "cannot write '%s': %s", path, strerror(err));
            pi_error_where(path, 0, 0, NULL);
            out_free(o);
            return PARINDEX_EIO;
        }
        *out = o;
        return PARINDEX_OK;
    }
    /* a name unlikely to exist: pid, time and the object's address */
    unsigned long seed = (unsigned long)getpid() * 2654435761UL ^
                         (unsigned long)time(NULL) ^
                         (unsigned long)((uintptr_t)o >> 4) * 40503UL;
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned long r = seed + (unsigned long)attempt * 7919UL;
        snprintf(o->tmp, n + 32, "%.*s.%s.%06lx.tmp", (int)dirlen, path,
                 path + dirlen, r & 0xFFFFFFUL);
        o->fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (o->fd >= 0 || errno != EEXIST)
            break;
    }
    if (o->fd < 0) {
        int err = errno;
        pi_error(PARINDEX_EIO, "cannot write '%s': %s", path, strerror(err));
        pi_error_where(path, 0, 0, NULL);
        out_free(o);
        return PARINDEX_EIO;
    }
    if (keep_mode)
        (void)fchmod(o->fd, lst.st_mode & 07777);
    *out = o;
    return PARINDEX_OK;
}

int parindex_output_open_callback(parindex_output **out, parindex_write_fn fn,
                                  void *payload, const parindex_allocator *alloc)
{
    pi_error_clear();
    if (out)
        *out = NULL;
    if (!out || !fn)
        return pi_error(PARINDEX_EMISUSE, "NULL argument to parindex_output_open_callback");
    parindex_output *o = out_new(alloc);
    if (!o)
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    o->fn = fn;
    o->payload = payload;
    *out = o;
    return PARINDEX_OK;
}

const char *parindex_output_temp_path(const parindex_output *o)
{
    return o && o->tmp ? o->tmp : "";
}

static void flush(parindex_output *o)
{
    if (o->status || o->len == 0) {
        o->len = 0;
        return;
    }
    if (o->fd >= 0) {
        size_t done = 0;
        while (done < o->len) {
            ssize_t w = write(o->fd, o->buf + done, o->len - done);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                int err = w < 0 ? errno : ENOSPC;
                fail(o, PARINDEX_EIO, "cannot write '%s': %s", o->path,
                     strerror(err));
                break;
            }
            done += (size_t)w;
        }
    } else if (o->fn(o->payload, o->buf, o->len) != 0) {
        fail(o, PARINDEX_EIO, "cannot write the output");
    }
    o->len = 0;
}

void pi_out_write(parindex_output *o, const void *data, size_t n)
{
    if (o->status)
        return;
    const char *p = data;
    while (n > 0) {
        if (o->len == OUT_BUF) {
            flush(o);
            if (o->status)
                return;
        }
        size_t k = OUT_BUF - o->len < n ? OUT_BUF - o->len : n;
        memcpy(o->buf + o->len, p, k);
        o->len += k;
        p += k;
        n -= k;
    }
}

void pi_out_puts(parindex_output *o, const char *s)
{
    pi_out_write(o, s, strlen(s));
}

void pi_out_printf(parindex_output *o, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    pi_out_write(o, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

int pi_out_status(const parindex_output *o)
{
    if (o->status) {
        pi_error(o->status, "%s", o->msg);
        if (o->path)
            pi_error_where(o->path, 0, 0, NULL);
    }
    return o->status;
}

static void remove_temp(parindex_output *o)
{
    if (o->fd >= 0) {
        close(o->fd);
        o->fd = -1;
    }
    if (o->tmp)
        unlink(o->tmp);
}

int parindex_output_commit(parindex_output *o)
{
    pi_error_clear();
    if (!o)
        return pi_error(PARINDEX_EMISUSE, "NULL output");
    flush(o);
    if (o->fd >= 0 && !o->status) {
        if (fsync(o->fd) != 0 && errno != EINVAL && errno != ENOTSUP)
            fail(o, PARINDEX_EIO, "cannot write '%s': %s", o->path, strerror(errno));
        int fd = o->fd;
        o->fd = -1;
        if (close(fd) != 0 && !o->status)
            fail(o, PARINDEX_EIO, "cannot write '%s': %s", o->path, strerror(errno));
        if (!o->status && o->tmp && rename(o->tmp, o->path) != 0)
            fail(o, PARINDEX_EIO, "cannot replace '%s': %s", o->path, strerror(errno));
        if (!o->status && o->tmp) {
            /* make the rename itself durable */
            size_t dl = strrchr(o->path, '/') ? (size_t)(strrchr(o->path, '/') - o->path) : 0;
            char dir[4096];
            if (dl == 0)
                snprintf(dir, sizeof dir, "%s", o->path[0] == '/' ? "/" : ".");
            else
                snprintf(dir, sizeof dir, "%.*s", (int)dl, o->path);
            int dfd = open(dir, O_RDONLY);
            if (dfd >= 0) {
                (void)fsync(dfd);
                close(dfd);
            }
        }
    }
    int rc = o->status;
    if (rc) {
        pi_out_status(o);
        remove_temp(o);
    }
    out_free(o);
    return rc;
}

void parindex_output_abort(parindex_output *o)
{
    if (!o)
        return;
    remove_temp(o);
    out_free(o);
}

/* ---- formats ------------------------------------------------------------ */

int parindex_format_options_init(parindex_format_options *opts,
                                 unsigned int version)
{
    pi_error_clear();
    if (!opts)
        return pi_error(PARINDEX_EMISUSE, "NULL options");
    if (version == 0 || version > PARINDEX_FORMAT_OPTIONS_VERSION)
        return pi_error(PARINDEX_EVERSION, "format options version %u is not supported",
                        version);
    parindex_format_options d = PARINDEX_FORMAT_OPTIONS_INIT;
    *opts = d;
    opts->version = version;
    return PARINDEX_OK;
}

int pi_format_check(const parindex_format_options *opts,
                    parindex_format_options *f)
{
    parindex_format_options d = PARINDEX_FORMAT_OPTIONS_INIT;
    if (!opts) {
        *f = d;
        return PARINDEX_OK;
    }
    if (opts->version == 0 || opts->version > PARINDEX_FORMAT_OPTIONS_VERSION)
        return pi_error(PARINDEX_EVERSION, "format options version %u is not supported",
                        opts->version);
    if (opts->format != PARINDEX_FORMAT_CSV && opts->format != PARINDEX_FORMAT_JSON)
        return pi_error(PARINDEX_EINVAL, "unknown output format %d", opts->format);
    if (opts->flags & ~(unsigned)PARINDEX_FORMAT_EXCEL)
        return pi_error(PARINDEX_EINVAL, "unknown format flags 0x%x", opts->flags);
    *f = *opts;
    return PARINDEX_OK;
}

void pi_format_fixed(parindex_fixed v, int decimals, int rounding, char sep,
                     char *buf, size_t size)
{
    if (v != PARINDEX_FIXED_NONE)
        v = parindex_fixed_round(v, decimals, rounding);
    parindex_fixed_format(v, decimals, sep, buf, size);
}
