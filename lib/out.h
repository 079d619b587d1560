/*
 * libparindex internals: writing bytes (parindex_output), CSV and JSON
 * writing primitives, and number formatting for outputs.
 */
#ifndef PARINDEX_LIB_OUT_H
#define PARINDEX_LIB_OUT_H

#include <stddef.h>

#include "internal.h"

/* Append bytes; after the first failure every write is a no-op and the
 * failure is kept for pi_out_status. */
void pi_out_write(parindex_output *o, const void *data, size_t n);
void pi_out_puts(parindex_output *o, const char *s);
void pi_out_printf(parindex_output *o, const char *fmt, ...) PI_PRINTF(2, 3);
/* PARINDEX_OK, or the status of the first failed write (the last error is
 * set again to its message). */
int pi_out_status(const parindex_output *o);

/* A value rounded with the rule set's mode, then printed with exactly
 * `decimals` digits and `sep` as the decimal separator; NONE as "N/A". */
void pi_format_fixed(parindex_fixed v, int decimals, int rounding, char sep,
                     char *buf, size_t size);

/* CSV writer: cells are separated and quoted as needed (a cell holding the
 * delimiter, a quote, CR or LF, or starting or ending with a space). */
typedef struct pi_csvw {
    parindex_output *o;
    char delim, decimal;
    int excel;
    const char *eol;
    size_t col;
} pi_csvw;

void pi_csvw_init(pi_csvw *w, parindex_output *o, unsigned flags);
void pi_csvw_text(pi_csvw *w, const char *s);
void pi_csvw_fixed(pi_csvw *w, parindex_fixed v, int decimals, int rounding);
/* shortest exact form: 2.5, 3 */
void pi_csvw_short(pi_csvw *w, parindex_fixed v);
void pi_csvw_end(pi_csvw *w);

/* JSON: a string literal (UTF-8 kept, control characters escaped), a
 * number at `decimals` digits or null for NONE, the shortest exact number. */
void pi_json_string(parindex_output *o, const char *s);
void pi_json_fixed(parindex_output *o, parindex_fixed v, int decimals,
                   int rounding);
void pi_json_short(parindex_output *o, parindex_fixed v);

/* Check a versioned parindex_format_options (NULL: defaults) into *f. */
int pi_format_check(const parindex_format_options *opts,
                    parindex_format_options *f);

/* Write the rule set's identity as a JSON object (id, title, level, year,
 * decision, version, label, digest). */
void pi_json_ruleset(parindex_output *o, const parindex_ruleset *rs);

/* 1 when `rk` ranks exactly these results (rank.c). */
int pi_ranking_matches(const parindex_ranking *rk, const parindex_results *res);

#endif /* PARINDEX_LIB_OUT_H */
