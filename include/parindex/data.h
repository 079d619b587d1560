/*
 * libparindex: reading unit inputs from CSV files.
 *
 * A data file has one row per unit. Columns, in any order, named on the
 * first row: `unit` (required), `group` (optional: units are ranked within
 * their group), then one column per input of the rule set, named as
 * parindex_ruleset_input_name gives them (`1.1`, `3.4.4.on_time`). Every
 * input needs its column; a column the rule set does not know is an error.
 * Unnamed columns at the end of the first row (spreadsheets leave them
 * behind: `unit,1.1,1.2,,`) are ignored, provided every cell under them is
 * empty; rows may have those cells or not. An unnamed column before a named
 * one is an error.
 *
 * Cells hold a number, an outcome name (for outcome inputs) or `N/A`
 * (also `NA`, any case: the input is not applicable). An empty input cell
 * is an error, never a zero.
 *
 * The file is UTF-8, with or without a byte-order mark, with CRLF or LF line
 * ends, quoted as RFC 4180 says (a cell holding the delimiter, a quote or a
 * line break is enclosed in double quotes, and a quote inside is doubled).
 * Two dialects: `,` between cells with `.` as the decimal separator, and
 * `;` between cells with `,` as the decimal separator (what Excel writes in
 * a Vietnamese locale). The delimiter is detected from the first line (the
 * one of `,` and `;` found more often outside quotes) unless forced; the
 * decimal separator follows the delimiter unless forced. Numbers take no
 * thousands separators and at most six decimals (and lie within
 * ±9223372036854.775807, the range of parindex_fixed). Spaces and tabs around an
 * unquoted cell are ignored; quoted cells are kept byte for byte. Rows whose
 * cells are all empty are skipped.
 *
 * Every problem is an error whose record names the file (source), the line
 * and the column (1-based, in characters, of the cell's first character),
 * and whose message names the column header and the unit, e.g.
 *   data.csv:7:18: unit 'Sở Tư pháp', column '3.4.4': '8x' is not a number
 */
#ifndef PARINDEX_DATA_H
#define PARINDEX_DATA_H

#include <stddef.h>
#include "export.h"
#include "score.h"

PARINDEX_BEGIN_DECL

/** Options for reading CSV files (versioned, append-only). */
typedef struct parindex_csv_options {
    /** Must be PARINDEX_CSV_OPTIONS_VERSION (or an older version). */
    unsigned int version;
    /** Cell delimiter: ',' or ';'; 0 detects it from the first line. */
    char delimiter;
    /** Decimal separator: '.' or ','; 0 follows the delimiter (',' with
     *  ';', '.' with ','). */
    char decimal;
    /** Name of the data in messages; NULL uses the path (or "<memory>"). */
    const char *source;
} parindex_csv_options;

/** Version of parindex_csv_options this header describes. */
#define PARINDEX_CSV_OPTIONS_VERSION 1
/** Initialiser: detect the delimiter, decimal separator follows it. */
#define PARINDEX_CSV_OPTIONS_INIT { PARINDEX_CSV_OPTIONS_VERSION, 0, 0, NULL }

/**
 * Initialise `opts` to the defaults of `version`.
 * @return PARINDEX_OK, PARINDEX_EVERSION (unknown version),
 *         PARINDEX_EMISUSE (NULL).
 * @note Thread-safety: safe from any thread.
 */
PARINDEX_API int parindex_csv_options_init(parindex_csv_options *opts,
                                           unsigned int version);

/**
 * Read a data file and score every row into `res` (one unit per row, in
 * file order), in one pass over the file.
 * @param res results of the rule set the file is scored with.
 * @param path file to read.
 * @param opts options, NULL for the defaults.
 * @return PARINDEX_OK; PARINDEX_EIO (cannot open or read), PARINDEX_EPARSE
 *         (malformed CSV, number, UTF-8, empty cell, wrong number of
 *         cells), PARINDEX_ESCHEMA (missing, unknown or duplicate column),
 *         PARINDEX_EINVAL (unknown outcome), PARINDEX_EEXISTS (duplicate
 *         unit), PARINDEX_EINPUT (a unit fails to score: given points out of
 *         range, zero denominator under the error policy, ...),
 *         PARINDEX_ELIMIT (a number out of range), PARINDEX_EVERSION,
 *         PARINDEX_ENOMEM, PARINDEX_EMISUSE. The last error names file,
 *         line, column, column header and unit.
 * @note On failure `res` may hold the units of the rows before the failing
 *       one; discard it.
 * @note Thread-safety: `res` is used by one thread at a time.
 */
PARINDEX_API PARINDEX_WARN_UNUSED int
parindex_results_read_csv(parindex_results *res, const char *path,
                          const parindex_csv_options *opts);

/**
 * Like parindex_results_read_csv, from `len` bytes at `data` (not
 * NUL-terminated; not kept after the call). Messages name opts->source, or
 * "<memory>".
 */
PARINDEX_API PARINDEX_WARN_UNUSED int
parindex_results_read_csv_memory(parindex_results *res, const void *data,
                                 size_t len, const parindex_csv_options *opts);

PARINDEX_END_DECL

#endif /* PARINDEX_DATA_H */
