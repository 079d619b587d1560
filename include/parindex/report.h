/*
 * libparindex: writing results, explanations and comparisons.
 *
 * Everything is written through a parindex_output: a file written
 * atomically (a temporary file in the same directory, flushed to disk and
 * renamed over the target only on parindex_output_commit, so an error or a
 * kill never leaves a half-written file) or a callback. Formats:
 *
 * - CSV: ',' between cells, '.' decimals, LF line ends; with
 *   PARINDEX_FORMAT_EXCEL what Excel opens directly in a Vietnamese locale:
 *   a UTF-8 byte-order mark, ';' between cells, ',' decimals, CRLF. In that
 *   dialect (PARINDEX_FORMAT_SEMICOLON) a text cell (a unit, group, name,
 *   reason, office...) that starts with '=', '+', '-', '@', a tab or a CR is
 *   written with a leading apostrophe ('=1+2), so that a spreadsheet shows
 *   it as text instead of running it as a formula; number cells are never
 *   changed.
 * - JSON: the same data as one object, UTF-8, numbers with '.'.
 *
 * Numbers are printed at the rule set's precision (parindex_node_decimals,
 * rounded with the rule set's rounding mode); ranking and sums use the
 * unrounded values.
 *
 * The functions that create an object through an `out` argument set `*out`
 * to NULL on every failure (unless `out` itself is NULL).
 *
 * The CSV files read here (responsibility maps, score tables) follow the
 * rules of data files (data.h), unnamed trailing columns included.
 */
#ifndef PARINDEX_REPORT_H
#define PARINDEX_REPORT_H

#include <stddef.h>
#include "alloc.h"
#include "data.h"
#include "export.h"
#include "fixed.h"
#include "rank.h"
#include "score.h"

PARINDEX_BEGIN_DECL

/* ------------------------------------------------------------------------ */
/* Outputs                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct parindex_output parindex_output;

/** Receives output bytes; returns 0, or non-zero to stop with an error. */
typedef int (*parindex_write_fn)(void *payload, const void *data, size_t len);

/**
 * Start writing the file at `path` atomically: bytes go to a new temporary
 * file in the same directory; parindex_output_commit flushes it to disk and
 * renames it over `path` (keeping the permissions of a file it replaces).
 * @return PARINDEX_OK, PARINDEX_EIO (the directory is not writable, ...),
 *         PARINDEX_ENOMEM, PARINDEX_EMISUSE.
 * @note Ownership: end with parindex_output_commit or parindex_output_abort,
 *       which free it.
 * @note Thread-safety: an output is used by one thread at a time.
 */
PARINDEX_API PARINDEX_WARN_UNUSED int
parindex_output_open_file(parindex_output **out, const char *path,
                          const parindex_allocator *alloc);

/**
 * Start writing to a callback (buffered; called with chunks of up to 64 KiB
 * and at commit).
 */
PARINDEX_API PARINDEX_WARN_UNUSED int
parindex_output_open_callback(parindex_output **out, parindex_write_fn fn,
                              void *payload, const parindex_allocator *alloc);

/**
 * The temporary file being written (for a signal handler that removes it
 * with unlink on interruption), or "" for callback outputs. Borrowed.
 */
PARINDEX_API const char *parindex_output_temp_path(const parindex_output *o);

/**
 * Finish: flush, and for a file fsync, rename over the target, fsync the
 * directory. Frees `o` whatever happens. When any write failed before, or
 * finishing fails, nothing is renamed, the temporary file is removed and the
 * error of the first failure is returned.
 * @return PARINDEX_OK, PARINDEX_EIO, PARINDEX_EMISUSE.
 */
PARINDEX_API int parindex_output_commit(parindex_output *o);

/** Discard: remove the temporary file, leave the target as it was, free
 *  `o`. NULL is a no-op. */
PARINDEX_API void parindex_output_abort(parindex_output *o);

/** Output formats. */
enum parindex_format {
    PARINDEX_FORMAT_CSV = 0,
    PARINDEX_FORMAT_JSON = 1
};

/** CSV flags (parindex_format_options.flags). */
enum parindex_format_flag {
    PARINDEX_FORMAT_BOM = 1,       /**< start with a UTF-8 byte-order mark */
    /** ';' between cells, ',' decimals, and text cells that would start
     *  like a formula (= + - @ tab CR) prefixed with an apostrophe */
    PARINDEX_FORMAT_SEMICOLON = 2,
    PARINDEX_FORMAT_CRLF = 4,      /**< CRLF line ends */
    /** what Excel in a Vietnamese locale opens directly */
    PARINDEX_FORMAT_EXCEL = 7
};

/** Output options (versioned, append-only). */
typedef struct parindex_format_options {
    /** Must be PARINDEX_FORMAT_OPTIONS_VERSION (or an older version). */
    unsigned int version;
    /** enum parindex_format. */
    int format;
    /** enum parindex_format_flag bits (CSV only). */
    unsigned int flags;
} parindex_format_options;

/** Version of parindex_format_options this header describes. */
#define PARINDEX_FORMAT_OPTIONS_VERSION 1
/** Initialiser: plain CSV. */
#define PARINDEX_FORMAT_OPTIONS_INIT \
    { PARINDEX_FORMAT_OPTIONS_VERSION, PARINDEX_FORMAT_CSV, 0 }

/**
 * Initialise `opts` to the defaults of `version`.
 * @return PARINDEX_OK, PARINDEX_EVERSION, PARINDEX_EMISUSE.
 */
PARINDEX_API int parindex_format_options_init(parindex_format_options *opts,
                                              unsigned int version);

/* ------------------------------------------------------------------------ */
/* Rule-set identity in outputs                                             */
/* ------------------------------------------------------------------------ */

/**
 * Write the rule set's label into `buf`: "<id>@<version>", or "<id>" when
 * it has no version. Results carry it in their `ruleset` column.
 * @return the length of the label (the output is cut to fit size − 1).
 */
PARINDEX_API size_t parindex_ruleset_label(const parindex_ruleset *rs,
                                           char *buf, size_t size);

/**
 * Write a digest of what the rule set computes (identity, precision, bands,
 * every node and rule, not the file layout) into `buf` (at least
 * PARINDEX_DIGEST_SIZE bytes): "pd1-" and 16 hexadecimal digits, e.g.
 * "pd1-8881af5734fcd26c" (the prefix keeps spreadsheets from reading it as a
 * number). Two outputs with the same label but different digests come from
 * different versions of the rules.
 * @return PARINDEX_OK, PARINDEX_EINVAL (buffer too small), PARINDEX_EMISUSE.
 */
/** Bytes parindex_ruleset_digest needs, with the terminating NUL. */
#define PARINDEX_DIGEST_SIZE 21

PARINDEX_API int parindex_ruleset_digest(const parindex_ruleset *rs, char *buf,
                                         size_t size);

/* ------------------------------------------------------------------------ */
/* Scores                                                                   */
/* ------------------------------------------------------------------------ */

/**
 * Write the ranked scores. CSV columns: rank, unit, group, total, max,
 * index, band, one column per top-level field (named by its code: earned
 * points, "N/A" when not applicable), then `ruleset` (the label) and
 * `ruleset_digest` on every row: the rule set's identity stays with the
 * data when rows are sorted or filtered in a spreadsheet. Rows follow the
 * ranking's output order. JSON: {"ruleset": {...identity, label, digest},
 * "ties", "key", "fields": [...], "units": [...]}.
 * @return PARINDEX_OK, PARINDEX_EIO (a write failed), PARINDEX_EINVAL
 *         (ranking of another table, unknown format), PARINDEX_EVERSION,
 *         PARINDEX_ENOMEM, PARINDEX_EMISUSE.
 * @note The output is not committed: call parindex_output_commit.
 */
PARINDEX_API int parindex_write_scores(parindex_output *o,
                                       const parindex_results *res,
                                       const parindex_ranking *rk,
                                       const parindex_format_options *opts);

/* ------------------------------------------------------------------------ */
/* Remediation table: every lost point, with the offices responsible        */
/* ------------------------------------------------------------------------ */

typedef struct parindex_respmap parindex_respmap;

/**
 * Read a responsibility map: CSV with the columns `code` and `lead`
 * (required), `partners` and `deadline` (optional), in any order. Each row
 * names a node of `rs` (a field, criterion or sub-criterion); the losses of
 * the leaves under it are grouped as one item, unless a row names a node
 * nearer to the leaf. `lead` may name several offices separated by ';'.
 * Same CSV rules and error positions as the data files (data.h).
 * @return PARINDEX_OK, PARINDEX_EIO, PARINDEX_EPARSE, PARINDEX_ESCHEMA
 *         (missing or unknown column), PARINDEX_ENOTFOUND (no such code in
 *         the rule set), PARINDEX_EEXISTS (code listed twice),
 *         PARINDEX_ENOMEM, PARINDEX_EMISUSE.
 * @note Ownership: free with parindex_respmap_free, before `rs`.
 */
PARINDEX_API PARINDEX_WARN_UNUSED int
parindex_respmap_read_csv(parindex_respmap **out, const parindex_ruleset *rs,
                          const char *path, const parindex_csv_options *opts);

/** Like parindex_respmap_read_csv, from memory. */
PARINDEX_API PARINDEX_WARN_UNUSED int
parindex_respmap_read_csv_memory(parindex_respmap **out,
                                 const parindex_ruleset *rs, const void *data,
                                 size_t len, const parindex_csv_options *opts);

/** Free a map. NULL is a no-op. */
PARINDEX_API void parindex_respmap_free(parindex_respmap *map);

/** Number of rows of the map. */
PARINDEX_API size_t parindex_respmap_count(const parindex_respmap *map);

typedef struct parindex_remediation parindex_remediation;

/**
 * List every lost point of one unit (u ≥ 0) or of every unit (u = -1).
 * Without a map, each leaf that lost points is one item. With a map, each
 * lost leaf joins the item of the nearest map row at or above it; leaves
 * with no map row above them are not itemised (they form the remainder).
 * An item's loss includes points its deductions spilled to the parent.
 * Items are sorted by code in natural dotted order and numbered 1, 2, ...
 * per unit. What items do not account for is reported, never hidden:
 * total lost = itemised + not in the map + other (caps, floors and
 * non-additive aggregation).
 * @param map responsibility map, or NULL.
 * @return PARINDEX_OK, PARINDEX_EINVAL (u out of range, map of another
 *         rule set), PARINDEX_ENOMEM, PARINDEX_EMISUSE.
 * @note Ownership: free with parindex_remediation_free. It copies what it
 *       shows; it does not borrow from `res` or `map`.
 */
PARINDEX_API PARINDEX_WARN_UNUSED int
parindex_remediation_new(parindex_remediation **out,
                         const parindex_results *res,
                         const parindex_respmap *map, long u);

/** Free a remediation table. NULL is a no-op. */
PARINDEX_API void parindex_remediation_free(parindex_remediation *rem);

/** Number of units covered. */
PARINDEX_API size_t parindex_remediation_unit_count(const parindex_remediation *rem);
/** Index in the results of the k-th unit covered ((size_t)-1 out of range). */
PARINDEX_API size_t parindex_remediation_unit(const parindex_remediation *rem,
                                              size_t k);
/** Number of items of the k-th unit. */
PARINDEX_API size_t parindex_remediation_item_count(const parindex_remediation *rem,
                                                    size_t k);

/** Per item i of unit k. Strings are borrowed from `rem`; out-of-range
 *  arguments give "", 0 or PARINDEX_FIXED_NONE. */
/** The item's node code. */
PARINDEX_API const char *parindex_remediation_code(const parindex_remediation *rem,
                                                   size_t k, size_t i);
/** The item's node name. */
PARINDEX_API const char *parindex_remediation_name(const parindex_remediation *rem,
                                                   size_t k, size_t i);
/** The node's applicable maximum. */
PARINDEX_API parindex_fixed parindex_remediation_max(const parindex_remediation *rem,
                                                     size_t k, size_t i);
/** The node's earned points. */
PARINDEX_API parindex_fixed parindex_remediation_earned(const parindex_remediation *rem,
                                                        size_t k, size_t i);
/** Points lost by the leaves of the item (spills included). */
PARINDEX_API parindex_fixed parindex_remediation_lost(const parindex_remediation *rem,
                                                      size_t k, size_t i);
/** Number of lost leaves in the item. */
PARINDEX_API size_t parindex_remediation_leaf_count(const parindex_remediation *rem,
                                                    size_t k, size_t i);
/** Why: the leaf's reason, or "<code>: <reason>" for each leaf joined with
 *  "; " when the item groups several. */
PARINDEX_API const char *parindex_remediation_reason(const parindex_remediation *rem,
                                                     size_t k, size_t i);
/** Lead office(s), partners, deadline from the map ("" without a map). */
PARINDEX_API const char *parindex_remediation_lead(const parindex_remediation *rem,
                                                   size_t k, size_t i);
PARINDEX_API const char *parindex_remediation_partners(const parindex_remediation *rem,
                                                       size_t k, size_t i);
PARINDEX_API const char *parindex_remediation_deadline(const parindex_remediation *rem,
                                                       size_t k, size_t i);

/** Unit k's total lost points: applicable maximum − total. */
PARINDEX_API parindex_fixed parindex_remediation_total_lost(const parindex_remediation *rem,
                                                            size_t k);
/** Sum of unit k's items. */
PARINDEX_API parindex_fixed parindex_remediation_itemised(const parindex_remediation *rem,
                                                          size_t k);
/** Points lost by leaves no map row covers (0 without a map). */
PARINDEX_API parindex_fixed parindex_remediation_unmapped(const parindex_remediation *rem,
                                                          size_t k);
/** Codes of those leaves, joined with ", " ("" if none). Borrowed. */
PARINDEX_API const char *parindex_remediation_unmapped_codes(const parindex_remediation *rem,
                                                             size_t k);
/** The rest: total lost − itemised − unmapped (caps, floors, aggregation
 *  that is not a plain sum). */
PARINDEX_API parindex_fixed parindex_remediation_other(const parindex_remediation *rem,
                                                       size_t k);

/** Lead offices of unit k's items: count, then per office j its name, the
 *  number of items it leads and their lost points (an item with several
 *  lead offices counts in full for each). Sorted by lost points, highest
 *  first, then name. */
PARINDEX_API size_t parindex_remediation_office_count(const parindex_remediation *rem,
                                                      size_t k);
PARINDEX_API const char *parindex_remediation_office(const parindex_remediation *rem,
                                                     size_t k, size_t j);
PARINDEX_API size_t parindex_remediation_office_items(const parindex_remediation *rem,
                                                      size_t k, size_t j);
PARINDEX_API parindex_fixed parindex_remediation_office_lost(const parindex_remediation *rem,
                                                             size_t k, size_t j);

/**
 * Write the remediation table of `res` (the results `rem` was made from).
 * CSV: first the items, columns STT, unit, code, name, max, earned, lost,
 * reason, then lead, partners, deadline when made with a map; a blank line;
 * then the summary, columns unit, summary, code, name, max, earned, lost,
 * items: a row per top-level field, per lead office, then "total lost",
 * "itemised", "not itemised" and its parts ("not in the map" with the codes,
 * "caps, floors and aggregation"). JSON: the same as
 * {"ruleset": {...}, "units": [{"unit", "items": [...], "fields": [...],
 * "offices": [...], "total_lost", "itemised", "not_itemised", ...}]}.
 * @return as parindex_write_scores.
 */
PARINDEX_API int parindex_write_remediation(parindex_output *o,
                                            const parindex_results *res,
                                            const parindex_remediation *rem,
                                            const parindex_format_options *opts);

/* ------------------------------------------------------------------------ */
/* Comparing two score outputs                                              */
/* ------------------------------------------------------------------------ */

typedef struct parindex_scoretable parindex_scoretable;

/**
 * Read a score output written by parindex_write_scores (CSV, either
 * dialect, as written or after a round trip through a spreadsheet). Needs
 * the columns `unit`, `total` and `rank`; uses `group`, `index`, `ruleset`
 * and `ruleset_digest` when present and ignores the others.
 * @return PARINDEX_OK, PARINDEX_EIO, PARINDEX_EPARSE, PARINDEX_ESCHEMA
 *         (a required column is missing), PARINDEX_EEXISTS (a unit twice),
 *         PARINDEX_ENOMEM, PARINDEX_EMISUSE; positioned like data files.
 * @note Ownership: free with parindex_scoretable_free.
 */
PARINDEX_API PARINDEX_WARN_UNUSED int
parindex_scoretable_read_csv(parindex_scoretable **out, const char *path,
                             const parindex_csv_options *opts,
                             const parindex_allocator *alloc);

/** Like parindex_scoretable_read_csv, from memory. */
PARINDEX_API PARINDEX_WARN_UNUSED int
parindex_scoretable_read_csv_memory(parindex_scoretable **out, const void *data,
                                    size_t len, const parindex_csv_options *opts,
                                    const parindex_allocator *alloc);

/** Free a score table. NULL is a no-op. */
PARINDEX_API void parindex_scoretable_free(parindex_scoretable *t);

/** Number of units in the table. */
PARINDEX_API size_t parindex_scoretable_count(const parindex_scoretable *t);

/** The `ruleset` label of the table ("" when absent). Borrowed. */
PARINDEX_API const char *parindex_scoretable_ruleset(const parindex_scoretable *t);

/** The `ruleset_digest` of the table ("" when absent). Borrowed. */
PARINDEX_API const char *parindex_scoretable_digest(const parindex_scoretable *t);

typedef struct parindex_comparison parindex_comparison;

/** Status of a unit in a comparison. */
enum parindex_change {
    PARINDEX_CHANGE_BOTH = 0,    /**< in both tables */
    PARINDEX_CHANGE_ENTERED = 1, /**< only in the new table */
    PARINDEX_CHANGE_LEFT = 2     /**< only in the old table */
};

/**
 * Compare two score tables (two years, or self-assessed vs appraised):
 * per unit the change of total and of rank. Rows follow the new table's
 * order (units in both tables and units that entered), then the units that
 * left, in the old table's order.
 * @return PARINDEX_OK, PARINDEX_ENOMEM, PARINDEX_EMISUSE.
 * @note Ownership: free with parindex_comparison_free; it copies what it
 *       needs from the tables.
 */
PARINDEX_API PARINDEX_WARN_UNUSED int
parindex_comparison_new(parindex_comparison **out,
                        const parindex_scoretable *old_table,
                        const parindex_scoretable *new_table);

/** Free a comparison. NULL is a no-op. */
PARINDEX_API void parindex_comparison_free(parindex_comparison *cmp);

/**
 * Whether both tables come from the same rule set: 1 when labels and
 * digests are equal (and present), 0 otherwise; `why` (when not NULL)
 * receives a borrowed English sentence saying what differs, "" when they
 * are the same.
 */
PARINDEX_API int parindex_comparison_same_ruleset(const parindex_comparison *cmp,
                                                  const char **why);

/** Number of rows (units in either table). */
PARINDEX_API size_t parindex_comparison_count(const parindex_comparison *cmp);

/** Per row r. Out-of-range rows give "", -1 or PARINDEX_FIXED_NONE. */
/** Unit name. */
PARINDEX_API const char *parindex_comparison_unit(const parindex_comparison *cmp,
                                                  size_t r);
/** Group in the new table (the old one for units that left). */
PARINDEX_API const char *parindex_comparison_group(const parindex_comparison *cmp,
                                                   size_t r);
/** enum parindex_change. */
PARINDEX_API int parindex_comparison_status(const parindex_comparison *cmp,
                                            size_t r);
/** Old and new totals (NONE when absent). */
PARINDEX_API parindex_fixed parindex_comparison_old_total(const parindex_comparison *cmp,
                                                          size_t r);
PARINDEX_API parindex_fixed parindex_comparison_new_total(const parindex_comparison *cmp,
                                                          size_t r);
/** new − old total (NONE unless in both). */
PARINDEX_API parindex_fixed parindex_comparison_change(const parindex_comparison *cmp,
                                                       size_t r);
/** Old and new ranks (NONE when absent or unranked). */
PARINDEX_API parindex_fixed parindex_comparison_old_rank(const parindex_comparison *cmp,
                                                         size_t r);
PARINDEX_API parindex_fixed parindex_comparison_new_rank(const parindex_comparison *cmp,
                                                         size_t r);
/** Places gained: old rank − new rank (positive = up, negative = down;
 *  NONE unless ranked in both). */
PARINDEX_API parindex_fixed parindex_comparison_rank_change(const parindex_comparison *cmp,
                                                            size_t r);

/**
 * Write the comparison. CSV columns: unit, group, status (both, entered,
 * left), old_total, new_total, change, old_rank, new_rank, rank_change,
 * movement ("up 2", "down 6", "same"). Totals and changes are printed with
 * as many decimals as the inputs had. JSON: {"old": {ruleset, digest},
 * "new": {...}, "same_ruleset", "warning", "units": [...]}.
 * @return as parindex_write_scores.
 */
PARINDEX_API int parindex_write_comparison(parindex_output *o,
                                           const parindex_comparison *cmp,
                                           const parindex_format_options *opts);

PARINDEX_END_DECL

#endif /* PARINDEX_REPORT_H */
