/*
 * libparindex: scoring units.
 *
 * A parindex_inputs holds one unit's raw facts (reports late, dossiers on
 * time, outcomes, N/A marks). parindex_results_add scores it against the rule
 * set and appends the unit: for every node its earned points, applicable
 * maximum, lost points and percent; for every leaf an explanation can be
 * rebuilt on demand with parindex_results_explain.
 *
 * Thread-safety: parindex_inputs, parindex_results and parindex_explanation
 * objects are used by one thread at a time; create one per thread. Several
 * of them may share one parindex_ruleset, which must outlive them.
 */
#ifndef PARINDEX_SCORE_H
#define PARINDEX_SCORE_H

#include <stddef.h>
#include "alloc.h"
#include "export.h"
#include "fixed.h"
#include "ruleset.h"

PARINDEX_BEGIN_DECL

typedef struct parindex_inputs parindex_inputs;
typedef struct parindex_results parindex_results;
typedef struct parindex_explanation parindex_explanation;

/* ------------------------------------------------------------------------ */
/* Inputs of one unit                                                       */
/* ------------------------------------------------------------------------ */

/**
 * Create an empty input set for `rs`: every input unset, every node
 * applicable.
 * @param alloc allocator, NULL for malloc/free; copied.
 * @return PARINDEX_OK, PARINDEX_ENOMEM, PARINDEX_EMISUSE.
 * @note Ownership: free with parindex_inputs_free, before the rule set.
 */
PARINDEX_API PARINDEX_WARN_UNUSED int
parindex_inputs_new(parindex_inputs **out, const parindex_ruleset *rs,
                    const parindex_allocator *alloc);

/** Free an input set. NULL is a no-op. */
PARINDEX_API void parindex_inputs_free(parindex_inputs *in);

/** Unset every input and make every node applicable again. */
PARINDEX_API void parindex_inputs_clear(parindex_inputs *in);

/**
 * Set a numeric input by name.
 * @return PARINDEX_OK; PARINDEX_ENOTFOUND (no such input), PARINDEX_EINVAL
 *         (the input takes an outcome name), PARINDEX_EMISUSE.
 */
PARINDEX_API int parindex_inputs_set(parindex_inputs *in, const char *name,
                                     parindex_fixed value);

/** Set a numeric input by index (see parindex_ruleset_find_input). */
PARINDEX_API int parindex_inputs_set_at(parindex_inputs *in, size_t input,
                                        parindex_fixed value);

/**
 * Set the first `count` inputs at once, in rule-set order (input i takes
 * values[i]); all of them must be numeric. For callers that keep a unit's
 * facts as an array (a data frame row, a sensitivity study).
 * @return PARINDEX_OK; PARINDEX_EINVAL (count above the number of inputs, an
 *         outcome input among them, or a PARINDEX_FIXED_NONE value: nothing is
 *         set), PARINDEX_EMISUSE.
 */
PARINDEX_API int parindex_inputs_set_values(parindex_inputs *in,
                                            const parindex_fixed *values,
                                            size_t count);

/**
 * Set an outcome input by name to one of its rules' outcome names.
 * @return PARINDEX_OK; PARINDEX_ENOTFOUND (no such input), PARINDEX_EINVAL
 *         (not an outcome input, or an unknown outcome: the message lists the
 *         known ones), PARINDEX_EMISUSE.
 */
PARINDEX_API int parindex_inputs_set_outcome(parindex_inputs *in,
                                             const char *name,
                                             const char *outcome);

/**
 * Set an input from text as found in a data file: a decimal number ('.' or
 * ',' as separator), an outcome name, or "N/A" (case-insensitive; also
 * "NA"). An empty text is an error, never a zero.
 * @return PARINDEX_OK; PARINDEX_ENOTFOUND, PARINDEX_EPARSE (malformed
 *         number), PARINDEX_EINVAL (unknown outcome), PARINDEX_EMISUSE.
 */
PARINDEX_API int parindex_inputs_set_text(parindex_inputs *in,
                                          const char *name, const char *text);

/**
 * Mark an input not applicable: every leaf reading it is not applicable.
 */
PARINDEX_API int parindex_inputs_set_na(parindex_inputs *in, const char *name);

/**
 * Mark a node (and so its subtree) not applicable for this unit (na = 1) or
 * applicable again (na = 0). It leaves both earned points and maximum.
 * @return PARINDEX_OK, PARINDEX_ENOTFOUND, PARINDEX_EMISUSE.
 */
PARINDEX_API int parindex_inputs_set_node_na(parindex_inputs *in,
                                             const char *code, int na);

/* ------------------------------------------------------------------------ */
/* Results                                                                  */
/* ------------------------------------------------------------------------ */

/**
 * Create an empty result table for `rs`.
 * @note Ownership: free with parindex_results_free, before the rule set.
 */
PARINDEX_API PARINDEX_WARN_UNUSED int
parindex_results_new(parindex_results **out, const parindex_ruleset *rs,
                     const parindex_allocator *alloc);

/** Free a result table. NULL is a no-op. */
PARINDEX_API void parindex_results_free(parindex_results *res);

/** The rule set the results were scored with (borrowed). */
PARINDEX_API const parindex_ruleset *
parindex_results_ruleset(const parindex_results *res);

/**
 * Score one unit and append it. On failure nothing is appended and the
 * last error names the unit, the node and the input.
 * @param unit unit name, unique in the table (copied).
 * @param group group the unit is ranked in; NULL or "" for none (copied).
 * @return PARINDEX_OK; PARINDEX_EINPUT (an input the rules need is unset, a
 *         given score is out of range, a zero denominator under the error
 *         policy, no tier matched under the error policy), PARINDEX_EEXISTS
 *         (duplicate unit), PARINDEX_EINVAL (empty unit name),
 *         PARINDEX_ENOMEM, PARINDEX_EMISUSE.
 */
PARINDEX_API int parindex_results_add(parindex_results *res, const char *unit,
                                      const char *group,
                                      const parindex_inputs *in);

/**
 * Make room for `units` units in all, so that adding them allocates only
 * their names. Optional: the table grows by itself as units are added.
 * @return PARINDEX_OK, PARINDEX_ENOMEM (the table is unchanged),
 *         PARINDEX_EMISUSE.
 */
PARINDEX_API int parindex_results_reserve(parindex_results *res, size_t units);

/**
 * Remove every unit, keeping the memory: scoring as many units again
 * allocates nothing and touches no new pages (a program that scores batch
 * after batch clears one table instead of making a new one each time).
 * Rankings, remediation tables and explanations made from the table
 * describe units that are gone: free them first. NULL is a no-op.
 * @note Thread-safety: `res` is used by one thread at a time.
 */
PARINDEX_API void parindex_results_clear(parindex_results *res);

/** Number of units scored. */
PARINDEX_API size_t parindex_results_unit_count(const parindex_results *res);

/** Index of the unit with this name, or PARINDEX_ENOTFOUND. */
PARINDEX_API long parindex_results_find_unit(const parindex_results *res,
                                             const char *unit);

/** Name of unit u ("" if out of range). Borrowed. */
PARINDEX_API const char *parindex_results_unit(const parindex_results *res,
                                               size_t u);
/** Group of unit u ("" if none). Borrowed. */
PARINDEX_API const char *parindex_results_group(const parindex_results *res,
                                                size_t u);

/*
 * Per unit and node. Values are computed, not rounded for display: round
 * with parindex_fixed_format(v, parindex_node_decimals(...)). A node that is
 * not applicable has earned, max and lost 0 and percent PARINDEX_FIXED_NONE.
 * Out-of-range arguments give PARINDEX_FIXED_NONE.
 */
/** Points earned. */
PARINDEX_API parindex_fixed parindex_results_earned(const parindex_results *res,
                                                    size_t u, size_t node);
/** Applicable maximum (the node's maximum minus what is not applicable). */
PARINDEX_API parindex_fixed parindex_results_max(const parindex_results *res,
                                                 size_t u, size_t node);
/** max − earned. */
PARINDEX_API parindex_fixed parindex_results_lost(const parindex_results *res,
                                                  size_t u, size_t node);
/** earned / max × 100 (micro-precision, half-up); NONE when max is 0. */
PARINDEX_API parindex_fixed parindex_results_percent(const parindex_results *res,
                                                     size_t u, size_t node);
/** 1 when the node is not applicable for this unit, else 0. */
PARINDEX_API int parindex_results_is_na(const parindex_results *res, size_t u,
                                        size_t node);
/** Points a leaf passed to its parent beyond its floor (deduction spill),
 *  as a non-negative amount; 0 for other nodes. */
PARINDEX_API parindex_fixed parindex_results_spill(const parindex_results *res,
                                                   size_t u, size_t node);

/** The unit's total: earned points of the root. */
PARINDEX_API parindex_fixed parindex_results_total(const parindex_results *res,
                                                   size_t u);
/** The unit's index: total / applicable maximum × 100. */
PARINDEX_API parindex_fixed parindex_results_index(const parindex_results *res,
                                                   size_t u);
/** The unit's band label, or "" when it falls in none. Borrowed. */
PARINDEX_API const char *parindex_results_band(const parindex_results *res,
                                               size_t u);
/**
 * Sum of the earned points (or applicable maxima, when `max` is 1) of the
 * leaves in `part` (enum parindex_part), spills included. Meaningful for
 * additive (sum) trees, where the parts add up to the total.
 */
PARINDEX_API parindex_fixed parindex_results_part(const parindex_results *res,
                                                  size_t u, int part, int max);

/* ------------------------------------------------------------------------ */
/* Explanations                                                             */
/* ------------------------------------------------------------------------ */

/**
 * Explain how a leaf of unit u got its points: the rule, the inputs it saw,
 * the tier or outcome that matched, the occurrences counted, the points,
 * and a one-line reason with the figures. For an inner node, the reason
 * summarises its aggregation.
 * @param out receives a new explanation; NULL on failure.
 * @return PARINDEX_OK, PARINDEX_EINVAL (u or node out of range),
 *         PARINDEX_ENOMEM, PARINDEX_EMISUSE.
 * @note Ownership: free with parindex_explanation_free; it borrows nothing
 *       from `res` and may outlive it.
 */
PARINDEX_API PARINDEX_WARN_UNUSED int
parindex_results_explain(const parindex_results *res, size_t u, size_t node,
                         parindex_explanation **out);

/** Free an explanation. NULL is a no-op. */
PARINDEX_API void parindex_explanation_free(parindex_explanation *e);

/** Node index explained. */
PARINDEX_API size_t parindex_explanation_node(const parindex_explanation *e);
/** enum parindex_rule_type (PARINDEX_RULE_NONE for inner nodes). */
PARINDEX_API int parindex_explanation_rule(const parindex_explanation *e);
/** 1 when the node is not applicable. */
PARINDEX_API int parindex_explanation_is_na(const parindex_explanation *e);
/** Points earned (after rounding where the rule set rounds). */
PARINDEX_API parindex_fixed parindex_explanation_points(const parindex_explanation *e);
/** Applicable maximum. */
PARINDEX_API parindex_fixed parindex_explanation_max(const parindex_explanation *e);
/** Points lost: max − points. */
PARINDEX_API parindex_fixed parindex_explanation_lost(const parindex_explanation *e);
/** Deduction beyond the floor passed to the parent (0 if none). */
PARINDEX_API parindex_fixed parindex_explanation_spill(const parindex_explanation *e);
/** The value or ratio the rule measured; NONE if the rule measures none. */
PARINDEX_API parindex_fixed parindex_explanation_measure(const parindex_explanation *e);
/** Occurrences (deduction) or categories achieved (count); NONE otherwise. */
PARINDEX_API parindex_fixed parindex_explanation_occurrences(const parindex_explanation *e);
/** Index of the tier or outcome that matched, or -1. */
PARINDEX_API int parindex_explanation_match(const parindex_explanation *e);
/** Label of what matched: the outcome name or the tier as "[70, 90)";
 *  "" if none. */
PARINDEX_API const char *parindex_explanation_match_label(const parindex_explanation *e);
/** Number of inputs the rule read. */
PARINDEX_API size_t parindex_explanation_input_count(const parindex_explanation *e);
/** Name of the i-th input read ("" if out of range). */
PARINDEX_API const char *parindex_explanation_input_name(const parindex_explanation *e, size_t i);
/** The i-th input as text: number, outcome name or "N/A". */
PARINDEX_API const char *parindex_explanation_input_text(const parindex_explanation *e, size_t i);
/** The i-th input's numeric value; NONE for N/A and outcomes. */
PARINDEX_API parindex_fixed parindex_explanation_input_value(const parindex_explanation *e, size_t i);
/** One line with the figures, e.g.
 *  "ratio 5/6 = 0.833333 → 2 × 0.833333 = 1.67 of 2 (lost 0.33)". */
PARINDEX_API const char *parindex_explanation_reason(const parindex_explanation *e);

PARINDEX_END_DECL

#endif /* PARINDEX_SCORE_H */
