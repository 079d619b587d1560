/* CSV syntax: a one-pass row tokeniser over a refilled buffer, number and
 * N/A cells, UTF-8 checks, and the writing primitives. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "out.h"

#define PI_CSV_CHUNK ((size_t)1 << 20)

static void set_source(pi_csv *c, const char *source)
{
    size_t n = strlen(source);
    if (n >= sizeof c->source)
        n = sizeof c->source - 1;
    memcpy(c->source, source, n);
    c->source[n] = '\0';
}

static void csv_init(pi_csv *c, const pi_alloc *pa, const char *source)
{
    memset(c, 0, sizeof *c);
    c->pa = *pa;
    c->line = 1;
    c->delim = ',';
    c->decimal = '.';
    set_source(c, source);
}

int pi_csv_open_file(pi_csv *c, const pi_alloc *pa, const char *path,
                     const char *source)
{
    csv_init(c, pa, source ? source : path);
    c->fp = fopen(path, "rb");
    if (!c->fp) {
        int err = errno;
        pi_error(PARINDEX_EIO, "cannot open the file: %s", strerror(err));
        pi_error_where(c->source, 0, 0, NULL);
        return PARINDEX_EIO;
    }
    /* the size, when the file has one (not a pipe), for reservations */
    if (fseek(c->fp, 0, SEEK_END) == 0) {
        long n = ftell(c->fp);
        c->total = n > 0 ? (size_t)n : 0;
    }
    if (fseek(c->fp, 0, SEEK_SET) != 0)
        c->total = 0;
    clearerr(c->fp);
    return PARINDEX_OK;
}

int pi_csv_open_memory(pi_csv *c, const pi_alloc *pa, const void *data,
                       size_t len, const char *source)
{
    csv_init(c, pa, source ? source : "<memory>");
    c->mem = data;
    c->mem_len = data ? len : 0;
    c->total = c->mem_len;
    return PARINDEX_OK;
}

size_t pi_csv_consumed(const pi_csv *c)
{
    return c->base + c->pos;
}

void pi_csv_close(pi_csv *c)
{
    if (c->fp)
        fclose(c->fp);
    c->fp = NULL;
    pi_free(&c->pa, c->buf);
    pi_free(&c->pa, c->cells);
    pi_free(&c->pa, c->side);
    c->buf = NULL;
    c->cells = NULL;
    c->side = NULL;
}

/* Move the unread tail to the front and load more bytes. Returns the number
 * of bytes added (0 at the end), or a negative status. */
static long refill(pi_csv *c)
{
    if (c->eof)
        return 0;
    if (c->pos > 0) {
        c->base += c->pos;
        memmove(c->buf, c->buf + c->pos, c->len - c->pos);
        c->len -= c->pos;
        c->line_at -= c->pos < c->line_at ? c->pos : c->line_at;
        c->pos = 0;
    }
    if (c->cap - c->len < PI_CSV_CHUNK / 2 || c->cap == 0) {
        size_t want = c->cap ? c->cap * 2 : PI_CSV_CHUNK;
        if (c->fp == NULL && c->mem_len - c->mem_pos + c->len + 1 < want)
            want = c->mem_len - c->mem_pos + c->len + 1;
        if (want < c->len + 2)
            want = c->len + 2;
        char *nb = c->pa.a.realloc
                       ? c->pa.a.realloc(c->pa.a.opaque, c->buf, want)
                       : NULL;
        if (!c->pa.a.realloc) {
            nb = pi_malloc(&c->pa, want);
            if (nb && c->buf) {
                memcpy(nb, c->buf, c->len);
                pi_free(&c->pa, c->buf);
            }
        }
        if (!nb) {
            pi_error(PARINDEX_ENOMEM, "out of memory reading '%s'", c->source);
            return PARINDEX_ENOMEM;
        }
        c->buf = nb;
        c->cap = want;
    }
    size_t room = c->cap - c->len - 1; /* keep one byte for a final NUL */
    size_t got;
    if (c->fp) {
        got = fread(c->buf + c->len, 1, room, c->fp);
        if (got < room) {
            if (ferror(c->fp)) {
                int err = errno;
                pi_error(PARINDEX_EIO, "cannot read the file: %s", strerror(err));
                pi_error_where(c->source, 0, 0, NULL);
                return PARINDEX_EIO;
            }
            c->eof = 1;
        }
    } else {
        got = c->mem_len - c->mem_pos;
        if (got > room)
            got = room;
        memcpy(c->buf + c->len, c->mem + c->mem_pos, got);
        c->mem_pos += got;
        if (c->mem_pos == c->mem_len)
            c->eof = 1;
    }
    c->len += got;
    return (long)got;
}

/* Make sure at least `n` bytes are loaded past pos (fewer at the end). */
static int ensure(pi_csv *c, size_t n)
{
    while (c->len - c->pos < n && !c->eof) {
        long r = refill(c);
        if (r < 0)
            return (int)r;
    }
    return PARINDEX_OK;
}

/* Scan the first line outside quotes and count the candidates. */
static char detect_delim(const char *p, size_t n)
{
    size_t commas = 0, semis = 0;
    int inq = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = p[i];
        if (ch == '"')
            inq = !inq;
        else if (!inq && (ch == '\n' || ch == '\r'))
            break;
        else if (!inq && ch == ',')
            commas++;
        else if (!inq && ch == ';')
            semis++;
    }
    return semis > commas ? ';' : ',';
}

int pi_csv_start(pi_csv *c, char delim, char decimal)
{
    int rc = ensure(c, 4);
    if (rc)
        return rc;
    const unsigned char *u = (const unsigned char *)c->buf + c->pos;
    size_t avail = c->len - c->pos;
    if (avail >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        c->pos += 3;
        c->line_at = c->pos;
        c->bom = 3;
    } else if (avail >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) ||
                              (u[0] == 0xFE && u[1] == 0xFF))) {
        pi_error(PARINDEX_EPARSE,
                 "the file is UTF-16 text; save it as \"CSV UTF-8\"");
        pi_error_where(c->source, 1, 1, NULL);
        return PARINDEX_EPARSE;
    }
    if (delim == 0) {
        /* the whole first line must be loaded to detect */
        for (;;) {
            const char *nl = memchr(c->buf + c->pos, '\n', c->len - c->pos);
            if (nl || c->eof)
                break;
            long r = refill(c);
            if (r < 0)
                return (int)r;
        }
        delim = detect_delim(c->buf + c->pos, c->len - c->pos);
    }
    c->delim = delim;
    c->decimal = decimal ? decimal : (delim == ';' ? ',' : '.');
    memset(c->stop, 0, sizeof c->stop);
    c->stop[(unsigned char)delim] = c->stop['\n'] = c->stop['\r'] = 1;
    c->stop['"'] = 2;
    if (c->decimal == c->delim) {
        pi_error(PARINDEX_EINVAL,
                 "the file is '%c'-separated: '%c' cannot be its decimal separator",
                 c->delim, c->decimal);
        pi_error_where(c->source, 1, 1, NULL);
        return PARINDEX_EINVAL;
    }
    return PARINDEX_OK;
}

static int grow_cells(pi_csv *c)
{
    if (pi_grow(&c->pa, (void **)&c->cells, &c->cap_cells, c->n_cells + 1,
                sizeof *c->cells)) {
        pi_error(PARINDEX_ENOMEM, "out of memory");
        return PARINDEX_ENOMEM;
    }
    return PARINDEX_OK;
}

/* The text is placed once the row is complete: until then cell->text holds
 * the offset of its first byte. */
static inline int push_cell(pi_csv *c, size_t start, size_t len, size_t raw,
                            size_t line_at, unsigned line, int quoted)
{
    if (c->n_cells == c->cap_cells && grow_cells(c))
        return PARINDEX_ENOMEM;
    pi_csv_cell *cell = &c->cells[c->n_cells++];
    cell->text = (const char *)(uintptr_t)start;
    cell->len = len;
    cell->raw = raw;
    cell->line_at = line_at;
    cell->line = line;
    cell->quoted = (unsigned char)quoted;
    return PARINDEX_OK;
}

static unsigned count_chars(const char *p, size_t n)
{
    unsigned k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)p[i] & 0xC0) != 0x80;
    return k;
}

unsigned pi_csv_column(const pi_csv *c, size_t k)
{
    if (k >= c->n_cells)
        return pi_csv_end_column(c);
    const pi_csv_cell *cell = &c->cells[k];
    return count_chars(c->buf + cell->line_at, cell->raw - cell->line_at) + 1;
}

unsigned pi_csv_end_column(const pi_csv *c)
{
    return count_chars(c->buf + c->end_line_at, c->row_end - c->end_line_at) + 1;
}

int pi_csv_error_at(const pi_csv *c, size_t k, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pi_verror(code, fmt, ap);
    va_end(ap);
    unsigned line = k < c->n_cells ? c->cells[k].line : c->end_line;
    pi_error_where(c->source, line, pi_csv_column(c, k), NULL);
    return code;
}

/* Error at a raw offset of the buffer (while tokenising). */
static int error_raw(const pi_csv *c, unsigned line, size_t line_at, size_t at,
                     const char *msg)
{
    pi_error(PARINDEX_EPARSE, "%s", msg);
    pi_error_where(c->source, line, count_chars(c->buf + line_at, at - line_at) + 1,
                   NULL);
    return PARINDEX_EPARSE;
}

/* Special bytes of the unquoted scan: delimiter, quote, CR, LF. */
static int tokenise(pi_csv *c, int *need_more)
{
    const char *b = c->buf;
    size_t end = c->len, p = c->pos;
    unsigned line = c->line;
    size_t line_at = c->line_at;
    const char d = c->delim;
    *need_more = 0;
    c->n_cells = 0;
    c->row_line = line;
    for (;;) {
        size_t raw = p;
        size_t cell_line_at = line_at;
        unsigned cell_line = line;
        if (p < end && b[p] == '"') {
            /* quoted cell: up to the closing quote not followed by a quote */
            size_t q = p + 1, start = q;
            int doubled = 0;
            for (;;) {
                const char *hit = memchr(b + q, '"', end - q);
                /* count the line breaks inside the quoted text */
                size_t stop = hit ? (size_t)(hit - b) : end;
                const char *nl = b + q;
                while ((nl = memchr(nl, '\n', (size_t)(b + stop - nl))) != NULL) {
                    line++;
                    line_at = (size_t)(nl - b) + 1;
                    nl++;
                }
                if (!hit) {
                    if (!c->eof) {
                        *need_more = 1;
                        return 0;
                    }
                    return error_raw(c, cell_line, cell_line_at, raw,
                                     "unterminated quoted cell (the closing \" is missing)");
                }
                q = (size_t)(hit - b) + 1;
                if (q < end && b[q] == '"') {
                    doubled = 1;
                    q++;
                    continue;
                }
                if (q == end && !c->eof) {
                    *need_more = 1;
                    return 0;
                }
                break;
            }
            size_t len = q - 1 - start;
            if (push_cell(c, start, len, raw, cell_line_at, cell_line,
                          doubled ? 2 : 1))
                return PARINDEX_ENOMEM;
            p = q;
            if (p < end && b[p] != d && b[p] != '\n' && b[p] != '\r')
                return error_raw(c, line, line_at, p,
                                 "unexpected text after a closing quote");
        } else {
            size_t q = p;
            const unsigned char *stop = c->stop;
            while (q < end && !stop[(unsigned char)b[q]])
                q++;
            if (q < end && b[q] == '"')
                return error_raw(c, line, line_at, q,
                                 "quote inside an unquoted cell (quote the whole cell and double the quote)");
            if (q == end && !c->eof) {
                *need_more = 1;
                return 0;
            }
            /* trim spaces and tabs around unquoted cells */
            size_t s = p, e = q;
            while (s < e && (b[s] == ' ' || b[s] == '\t'))
                s++;
            while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t'))
                e--;
            if (push_cell(c, s, e - s, raw, cell_line_at, cell_line, 0))
                return PARINDEX_ENOMEM;
            p = q;
        }
        /* after a cell: delimiter, end of line or end of data */
        if (p < end && b[p] == d) {
            p++;
            continue;
        }
        c->row_end = p;
        c->end_line = line;
        c->end_line_at = line_at;
        if (p < end && b[p] == '\r') {
            if (p + 1 == end && !c->eof) {
                *need_more = 1;
                return 0;
            }
            p++;
            if (p < end && b[p] == '\n')
                p++;
            line++;
            line_at = p;
        } else if (p < end && b[p] == '\n') {
            p++;
            line++;
            line_at = p;
        }
        c->pos = p;
        c->line = line;
        c->line_at = line_at;
        return 1;
    }
}

/* NUL-terminate the cells of a complete row, unescaping doubled quotes. */
static int place_cells(pi_csv *c)
{
    c->side_len = 0;
    for (size_t k = 0; k < c->n_cells; k++)
        if (c->cells[k].quoted == 2) {
            size_t need = c->side_len + c->cells[k].len + 1;
            if (pi_grow(&c->pa, (void **)&c->side, &c->side_cap, need, 1)) {
                pi_error(PARINDEX_ENOMEM, "out of memory");
                return PARINDEX_ENOMEM;
            }
            c->side_len = need;
        }
    size_t side = 0;
    for (size_t k = 0; k < c->n_cells; k++) {
        pi_csv_cell *cell = &c->cells[k];
        char *start = c->buf + (size_t)(uintptr_t)cell->text;
        if (cell->quoted == 2) {
            char *dst = c->side + side;
            size_t n = 0;
            for (size_t i = 0; i < cell->len; i++) {
                dst[n++] = start[i];
                if (start[i] == '"')
                    i++; /* skip the second quote of a pair */
            }
            dst[n] = '\0';
            cell->text = dst;
            cell->len = n;
            side += n + 1;
        } else {
            /* the byte after the text is a delimiter, quote, CR, LF or
             * space, or the spare byte past the data */
            start[cell->len] = '\0';
            cell->text = start;
        }
    }
    return PARINDEX_OK;
}

/* The common row: complete in the buffer (its LF is loaded), without
 * quotes or a lone CR. Cells are split and NUL-terminated in place in one
 * scan. Returns 1 for a row, 2 for a blank row (consumed), 0 when the row
 * needs the general tokeniser, or ENOMEM. */
static int simple_row(pi_csv *c)
{
    char *b = c->buf;
    size_t p = c->pos;
    const char *nl = memchr(b + p, '\n', c->len - p);
    if (!nl)
        return 0;
    size_t e = (size_t)(nl - b), end = e;
    if (end > p && b[end - 1] == '\r')
        end--;
    if (memchr(b + p, '"', end - p) || memchr(b + p, '\r', end - p))
        return 0;
    const char d = c->delim;
    const unsigned line = c->line;
    const size_t line_at = c->line_at;
    size_t q = p, any = 0;
    c->n_cells = 0;
    c->row_line = line;
    for (;;) {
        size_t start = q;
        while (q < end && b[q] != d)
            q++;
        size_t s = start, t = q;
        while (s < t && (b[s] == ' ' || b[s] == '\t'))
            s++;
        while (t > s && (b[t - 1] == ' ' || b[t - 1] == '\t'))
            t--;
        if (c->n_cells == c->cap_cells && grow_cells(c))
            return PARINDEX_ENOMEM;
        pi_csv_cell *cell = &c->cells[c->n_cells++];
        cell->text = b + s;
        cell->len = t - s;
        cell->raw = start;
        cell->line_at = line_at;
        cell->line = line;
        cell->quoted = 0;
        any |= t - s;
        b[t] = '\0'; /* a space, the delimiter, CR or LF */
        if (q >= end)
            break;
        q++;
    }
    c->row_end = end;
    c->end_line = line;
    c->end_line_at = line_at;
    c->pos = e + 1;
    c->line = line + 1;
    c->line_at = e + 1;
    return any ? 1 : 2;
}

int pi_csv_next_row(pi_csv *c)
{
    for (;;) {
        int rc = ensure(c, 1);
        if (rc)
            return rc;
        /* empty lines (LF or CRLF) in a run, without a tokeniser call each */
        const char *b = c->buf;
        size_t p = c->pos, n = c->len;
        while (p < n && (b[p] == '\n' || (b[p] == '\r' && p + 1 < n && b[p + 1] == '\n'))) {
            p += b[p] == '\r' ? 2 : 1;
            c->line++;
            c->line_at = p;
        }
        c->pos = p;
        if (c->pos >= c->len) {
            if (!c->eof)
                continue; /* the run reached the end of the loaded bytes */
            return 0;
        }
        rc = simple_row(c);
        if (rc == 1 || rc < 0)
            return rc;
        if (rc == 2)
            continue;
        int more;
        size_t save_pos = c->pos, save_line_at = c->line_at;
        unsigned save_line = c->line;
        rc = tokenise(c, &more);
        if (rc < 0)
            return rc;
        if (more) {
            c->pos = save_pos;
            c->line = save_line;
            c->line_at = save_line_at;
            long r = refill(c);
            if (r < 0)
                return (int)r;
            continue;
        }
        int blank = 1;
        for (size_t k = 0; k < c->n_cells && blank; k++)
            if (c->cells[k].len || c->cells[k].quoted)
                blank = 0;
        if (blank)
            continue;
        rc = place_cells(c);
        return rc ? rc : 1;
    }
}

size_t pi_utf8_valid_prefix(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* ASCII fast path, eight bytes at a time */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char b = u[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned lo = 0x80, hi = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            need = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            need = 2;
            if (b == 0xE0)
                lo = 0xA0;
            else if (b == 0xED)
                hi = 0x9F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            need = 3;
            if (b == 0xF0)
                lo = 0x90;
            else if (b == 0xF4)
                hi = 0x8F;
        } else {
            return i;
        }
        if (i + need >= n)
            return i;
        if (u[i + 1] < lo || u[i + 1] > hi)
            return i;
        for (size_t k = 2; k <= need; k++)
            if ((u[i + k] & 0xC0) != 0x80)
                return i;
        i += need + 1;
    }
    return n;
}

size_t pi_csv_named_columns(const pi_csv *c)
{
    size_t n = c->n_cells;
    while (n > 0 && c->cells[n - 1].len == 0)
        n--;
    return n;
}

int pi_csv_check_width(const pi_csv *c, size_t named, size_t all, const char *unit)
{
    const char *u0 = unit ? "unit '" : "", *u1 = unit ? unit : "", *u2 = unit ? "': " : "";
    size_t n = c->n_cells;
    if (n < named || n > all) {
        size_t at = n > all ? all : n;
        if (named == all)
            return pi_csv_error_at(c, at, PARINDEX_EPARSE,
                                   "%s%s%sthe row has %zu cells; the header has %zu", u0, u1,
                                   u2, n, all);
        return pi_csv_error_at(c, at, PARINDEX_EPARSE,
                               "%s%s%sthe row has %zu cells; the header has %zu (%zu with a name)",
                               u0, u1, u2, n, all, named);
    }
    for (size_t k = named; k < n; k++)
        if (c->cells[k].len != 0) {
            char b1[128];
            return pi_csv_error_at(c, k, PARINDEX_EPARSE,
                                   "%s%s%s'%s' is in column %zu, which has no name in the first line (name the column or empty the cell)",
                                   u0, u1, u2,
                                   pi_csv_quote(c->cells[k].text, c->cells[k].len, b1, sizeof b1),
                                   k + 1);
        }
    return PARINDEX_OK;
}

int pi_csv_check_utf8(const pi_csv *c, size_t k, const char *what)
{
    const pi_csv_cell *cell = &c->cells[k];
    size_t ok = pi_utf8_valid_prefix(cell->text, cell->len);
    if (ok == cell->len)
        return PARINDEX_OK;
    char q[96];
    pi_csv_quote(cell->text, cell->len, q, sizeof q);
    if (what)
        return pi_csv_error_at(c, k, PARINDEX_EPARSE,
                               "column '%s': invalid UTF-8 in '%s' (byte %zu of the cell); save the file as \"CSV UTF-8\"",
                               what, q, ok + 1);
    return pi_csv_error_at(c, k, PARINDEX_EPARSE,
                           "invalid UTF-8 in '%s' (byte %zu of the cell); save the file as \"CSV UTF-8\"",
                           q, ok + 1);
}

const char *pi_csv_quote(const char *s, size_t n, char *buf, size_t size)
{
    size_t o = 0, i = 0, keep = size > 8 ? size - 8 : 0;
    while (i < n && o < keep) {
        size_t ok = pi_utf8_valid_prefix(s + i, n - i > 4 ? 4 : n - i);
        unsigned char b = (unsigned char)s[i];
        if (b < 0x20 || b == 0x7F) {
            const char *esc = b == '\n' ? "\\n" : b == '\r' ? "\\r" : b == '\t' ? "\\t" : NULL;
            if (esc)
                snprintf(buf + o, size - o, "%s", esc);
            else
                snprintf(buf + o, size - o, "\\x%02X", b);
            o += esc ? 2 : 4;
            i++;
            continue;
        }
        if (b >= 0x80 && ok == 0) {
            snprintf(buf + o, size - o, "\\x%02X", b);
            o += 4;
            i++;
            continue;
        }
        size_t clen = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        if (o + clen > keep)
            break;
        memcpy(buf + o, s + i, clen);
        o += clen;
        i += clen;
    }
    if (i < n && o + 3 < size) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o < size ? o : size - 1] = '\0';
    return buf;
}

int pi_csv_is_na(const char *s, size_t n)
{
    if (n == 2)
        return (s[0] | 0x20) == 'n' && (s[1] | 0x20) == 'a';
    return n == 3 && (s[0] | 0x20) == 'n' && s[1] == '/' && (s[2] | 0x20) == 'a';
}

int pi_csv_parse_fixed(const char *s, size_t n, char decimal,
                       parindex_fixed *out, char *why, size_t why_size)
{
    static const int64_t scale[] = {100000, 10000, 1000, 100, 10, 1};
    /* |value| <= INT64_MAX micro-points (INT64_MIN is PARINDEX_FIXED_NONE) */
    const uint64_t max_int = (uint64_t)INT64_MAX / PARINDEX_FIXED_ONE;
    size_t i = 0;
    int neg = 0, over = 0;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    uint64_t ip = 0;
    int64_t frac = 0;
    size_t digits = 0, fd = 0;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
        if (!over)
            ip = ip * 10 + (uint64_t)(s[i] - '0');
        over |= ip > max_int;
    }
    if (i < n && s[i] == decimal) {
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
            if (fd < 6)
                frac += (s[i] - '0') * scale[fd++];
            else if (s[i] != '0') {
                snprintf(why, why_size, "has more than 6 decimals");
                return PARINDEX_EPARSE;
            }
        }
    }
    if (i == n && digits > 0) {
        uint64_t v = over ? UINT64_MAX : ip * (uint64_t)PARINDEX_FIXED_ONE + (uint64_t)frac;
        if (v > (uint64_t)INT64_MAX) {
            snprintf(why, why_size,
                     "is out of range: numbers lie between -9223372036854%c775807 and 9223372036854%c775807",
                     decimal, decimal);
            return PARINDEX_ELIMIT;
        }
        *out = neg ? -(int64_t)v : (int64_t)v;
        return PARINDEX_OK;
    }
    char other = decimal == ',' ? '.' : ',';
    if (i < n && s[i] == other && digits > 0)
        snprintf(why, why_size,
                 "is not a number here: this file uses '%c' as the decimal separator%s",
                 decimal, decimal == ',' ? " (and no thousands separators)" : "");
    else
        snprintf(why, why_size, "is not a number");
    return PARINDEX_EPARSE;
}

/* ---- writing ------------------------------------------------------------ */

void pi_csvw_init(pi_csvw *w, parindex_output *o, unsigned flags)
{
    w->o = o;
    w->excel = (flags & PARINDEX_FORMAT_SEMICOLON) != 0;
    w->delim = w->excel ? ';' : ',';
    w->decimal = w->excel ? ',' : '.';
    w->eol = (flags & PARINDEX_FORMAT_CRLF) ? "\r\n" : "\n";
    w->col = 0;
    if (flags & PARINDEX_FORMAT_BOM)
        pi_out_write(o, "\xEF\xBB\xBF", 3);
}

static void sep(pi_csvw *w)
{
    if (w->col++)
        pi_out_write(w->o, &w->delim, 1);
}

void pi_csvw_text(pi_csvw *w, const char *s)
{
    sep(w);
    size_t n = strlen(s);
    /* In the Excel dialect a text starting with = + - @ tab or CR would be
     * read as a formula: a leading apostrophe keeps it text. */
    int guard = w->excel && n > 0 && strchr("=+-@\t\r", s[0]) != NULL;
    int quote = n > 0 && ((!guard && (s[0] == ' ' || s[0] == '\t')) || s[n - 1] == ' ' ||
                          s[n - 1] == '\t');
    for (size_t i = 0; i < n && !quote; i++)
        if (s[i] == w->delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            quote = 1;
    if (quote)
        pi_out_write(w->o, "\"", 1);
    if (guard)
        pi_out_write(w->o, "'", 1);
    if (!quote) {
        pi_out_write(w->o, s, n);
        return;
    }
    const char *p = s;
    for (const char *q = strchr(p, '"'); q; q = strchr(p, '"')) {
        pi_out_write(w->o, p, (size_t)(q - p) + 1);
        pi_out_write(w->o, "\"", 1);
        p = q + 1;
    }
    pi_out_write(w->o, p, strlen(p));
    pi_out_write(w->o, "\"", 1);
}

void pi_csvw_fixed(pi_csvw *w, parindex_fixed v, int decimals, int rounding)
{
    char buf[48];
    pi_format_fixed(v, decimals, rounding, w->decimal, buf, sizeof buf);
    sep(w);
    pi_out_write(w->o, buf, strlen(buf));
}

void pi_csvw_short(pi_csvw *w, parindex_fixed v)
{
    char buf[48];
    parindex_fixed_format_short(v, buf, sizeof buf);
    if (w->decimal != '.') {
        char *dot = strchr(buf, '.');
        if (dot)
            *dot = w->decimal;
    }
    sep(w);
    pi_out_write(w->o, buf, strlen(buf));
}

void pi_csvw_end(pi_csvw *w)
{
    pi_out_write(w->o, w->eol, strlen(w->eol));
    w->col = 0;
}

/* ---- options ------------------------------------------------------------ */

int parindex_csv_options_init(parindex_csv_options *opts, unsigned int version)
{
    pi_error_clear();
    if (!opts)
        return pi_error(PARINDEX_EMISUSE, "NULL options");
    if (version == 0 || version > PARINDEX_CSV_OPTIONS_VERSION)
        return pi_error(PARINDEX_EVERSION, "CSV options version %u is not supported",
                        version);
    parindex_csv_options d = PARINDEX_CSV_OPTIONS_INIT;
    *opts = d;
    opts->version = version;
    return PARINDEX_OK;
}

int pi_csv_begin(pi_csv *c, const pi_alloc *pa, const char *path,
                 const void *data, size_t len, const parindex_csv_options *opts)
{
    parindex_csv_options o = PARINDEX_CSV_OPTIONS_INIT;
    memset(c, 0, sizeof *c);
    if (opts) {
        if (opts->version == 0 || opts->version > PARINDEX_CSV_OPTIONS_VERSION)
            return pi_error(PARINDEX_EVERSION, "CSV options version %u is not supported",
                            opts->version);
        o = *opts;
    }
    if (o.delimiter != 0 && o.delimiter != ',' && o.delimiter != ';')
        return pi_error(PARINDEX_EINVAL, "the CSV delimiter must be ',' or ';'");
    if (o.decimal != 0 && o.decimal != '.' && o.decimal != ',')
        return pi_error(PARINDEX_EINVAL, "the decimal separator must be '.' or ','");
    if (o.delimiter != 0 && o.decimal == o.delimiter)
        return pi_error(PARINDEX_EINVAL, "the decimal separator cannot be the delimiter");
    int rc = path ? pi_csv_open_file(c, pa, path, o.source)
                  : pi_csv_open_memory(c, pa, data, len, o.source);
    if (rc)
        return rc;
    rc = pi_csv_start(c, o.delimiter, o.decimal);
    if (rc)
        pi_csv_close(c);
    return rc;
}
