/*
 * libparindex internals: CSV syntax (reading and writing primitives).
 *
 * The reader tokenises one row at a time from a buffer that it refills
 * from the file in large chunks: one pass over the bytes, no allocation per
 * cell. Cells are NUL-terminated in place (quoted cells with doubled quotes
 * are unescaped into a side buffer); their text stays valid until the next
 * pi_csv_next_row.
 */
#ifndef PARINDEX_LIB_CSV_H
#define PARINDEX_LIB_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "internal.h"

typedef struct pi_csv_cell {
    const char *text; /* NUL-terminated */
    size_t len;
    size_t raw;       /* offset of the cell's first byte in the buffer */
    size_t line_at;   /* offset of the start of that byte's line */
    unsigned line;    /* 1-based line of the cell's first byte */
    unsigned char quoted;
} pi_csv_cell;

typedef struct pi_csv {
    pi_alloc pa;
    char source[PI_SRC_MAX];
    FILE *fp;              /* NULL when reading memory */
    const char *mem;       /* memory source */
    size_t mem_len, mem_pos;
    int eof;               /* no more bytes to load */
    char *buf;             /* loaded bytes (+1 spare byte for a final NUL) */
    size_t cap, len, pos;  /* pos: start of the next row */
    size_t base;           /* offset of buf[0] in the source */
    size_t total;          /* size of the source, 0 when unknown */
    unsigned line;         /* line of buf[pos] */
    size_t line_at;        /* start of the line holding buf[pos] */
    size_t bom;            /* 3 when the file started with a UTF-8 BOM */
    char delim, decimal;
    unsigned char stop[256]; /* 1: delimiter, CR, LF; 2: quote */
    pi_csv_cell *cells;
    size_t n_cells, cap_cells;
    char *side;            /* unescaped text of cells with "" */
    size_t side_len, side_cap;
    unsigned row_line;     /* line where the current row starts */
    size_t row_end;        /* offset just past the current row's last cell */
    unsigned end_line;     /* line of row_end */
    size_t end_line_at;
} pi_csv;

/* Open a file / a memory block. `source` names it in messages (NULL: the
 * path, or "<memory>"). Errors: PARINDEX_EIO, PARINDEX_ENOMEM. */
int pi_csv_open_file(pi_csv *c, const pi_alloc *pa, const char *path,
                     const char *source);
int pi_csv_open_memory(pi_csv *c, const pi_alloc *pa, const void *data,
                       size_t len, const char *source);
void pi_csv_close(pi_csv *c);

/* Bytes of the source read as rows so far. */
size_t pi_csv_consumed(const pi_csv *c);

/* Open `path` (or, when NULL, the memory block), check `opts` (NULL: the
 * defaults) and start reading. */
int pi_csv_begin(pi_csv *c, const pi_alloc *pa, const char *path,
                 const void *data, size_t len, const parindex_csv_options *opts);

/* Skip a UTF-8 BOM (reject UTF-16/32) and choose the delimiter: `delim` ','
 * or ';' forces it, 0 detects it from the first line (the one of ',' and
 * ';' found more often outside quotes; ',' when neither). `decimal` '.' or
 * ',' forces the decimal separator, 0 takes ',' with ';' and '.' with ','. */
int pi_csv_start(pi_csv *c, char delim, char decimal);

/* Read the next non-blank row into c->cells. A row whose cells are all
 * empty and unquoted counts as blank. Returns 1 for a row, 0 at the end,
 * or a negative status with the last error positioned. */
int pi_csv_next_row(pi_csv *c);

/* 1-based column (in characters) of cell k / of the end of the row. */
unsigned pi_csv_column(const pi_csv *c, size_t k);
unsigned pi_csv_end_column(const pi_csv *c);

/* Set the last error at cell k (k == n_cells: the end of the row) with a
 * message; returns `code`. */
int pi_csv_error_at(const pi_csv *c, size_t k, int code, const char *fmt, ...)
    PI_PRINTF(4, 5);

/* The columns of the header row just read that count: its cells but the
 * trailing empty ones (the unnamed columns a spreadsheet leaves behind). */
size_t pi_csv_named_columns(const pi_csv *c);

/* Check the width of a data row under a header of `all` cells whose first
 * `named` count: it has at least `named` and at most `all` cells, and those
 * past `named` (under no name) are empty. Sets the error at the offending
 * cell (messages start with "unit 'UNIT': " when unit is not NULL) and
 * returns PARINDEX_EPARSE. */
int pi_csv_check_width(const pi_csv *c, size_t named, size_t all, const char *unit);

/* Check that a cell is valid UTF-8; on failure sets the error (naming the
 * column header `what` when not NULL) and returns PARINDEX_EPARSE. */
int pi_csv_check_utf8(const pi_csv *c, size_t k, const char *what);

/* Length of the valid UTF-8 prefix of s[0..n). */
size_t pi_utf8_valid_prefix(const char *s, size_t n);

/* Parse a decimal cell with the given decimal separator; no spaces, no
 * thousands separators, at most 6 fractional digits. On failure returns
 * PARINDEX_EPARSE or PARINDEX_ELIMIT and writes the reason (without the
 * cell position) into why. */
int pi_csv_parse_fixed(const char *s, size_t n, char decimal,
                       parindex_fixed *out, char *why, size_t why_size);

/* The common case of pi_csv_parse_fixed, inline: 1 with *out set when the
 * cell is a plain decimal, 0 otherwise (call pi_csv_parse_fixed for the
 * reason). */
static inline int pi_csv_fast_fixed(const char *s, size_t n, char decimal,
                                    parindex_fixed *out)
{
    size_t i = 0, int_digits = 0, frac_digits = 0;
    int neg = 0;
    if (n && (s[0] == '-' || s[0] == '+'))
        neg = s[i++] == '-';
    int64_t ip = 0, frac = 0, scale = PARINDEX_FIXED_ONE;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, int_digits++) {
        if (int_digits == 12)
            return 0; /* longer: the full parser (and no overflow here) */
        ip = ip * 10 + (s[i] - '0');
    }
    if (i < n) {
        if (s[i] != decimal)
            return 0;
        for (i++; i < n; i++, frac_digits++) {
            if (s[i] < '0' || s[i] > '9' || frac_digits == 6)
                return 0;
            scale /= 10;
            frac += (s[i] - '0') * scale;
        }
    }
    if (int_digits + frac_digits == 0)
        return 0;
    int64_t v = ip * PARINDEX_FIXED_ONE + frac;
    *out = neg ? -v : v;
    return 1;
}

/* "N/A" or "NA", any case. */
int pi_csv_is_na(const char *s, size_t n);

/* Copy a cell into buf for a message: at most `max` bytes, cut on a
 * character boundary, invalid bytes as \xNN, "..." when cut. */
const char *pi_csv_quote(const char *s, size_t n, char *buf, size_t size);

#endif /* PARINDEX_LIB_CSV_H */
