/*
 * libparindex: ranking units.
 *
 * Units are ranked within their group (parindex_results_group; units
 * without a group form one group) on their UNROUNDED totals (or indices),
 * highest first. Equal values are ties, resolved by the tie policy.
 *
 * Output order, used by every writer: groups in order of first appearance
 * in the results, then rank, then unit name compared byte by byte (UTF-8,
 * locale-independent), then the order in the results. Under
 * PARINDEX_TIES_ORDINAL the same name order breaks ties in the ranks
 * themselves. Units whose ranking value is PARINDEX_FIXED_NONE (nothing
 * applicable) are not ranked: their rank is PARINDEX_FIXED_NONE and they
 * come last in their group.
 */
#ifndef PARINDEX_RANK_H
#define PARINDEX_RANK_H

#include <stddef.h>
#include "export.h"
#include "fixed.h"
#include "score.h"

PARINDEX_BEGIN_DECL

/** How tied units are ranked (values 100, 90, 90, 80). */
enum parindex_ties {
    /** 1, 2, 2, 4: ties share the best rank ("standard competition"). */
    PARINDEX_TIES_COMPETITION = 0,
    /** 1, 2, 2, 3: no gap after ties. */
    PARINDEX_TIES_DENSE = 1,
    /** 1, 3, 3, 4: ties share the worst rank ("modified competition"). */
    PARINDEX_TIES_MODIFIED = 2,
    /** 1, 2, 3, 4: distinct ranks, ties broken by unit name. */
    PARINDEX_TIES_ORDINAL = 3,
    /** 1, 2.5, 2.5, 4: ties share the mean of their positions. */
    PARINDEX_TIES_FRACTIONAL = 4
};

/** What units are ranked on. */
enum parindex_rank_key {
    PARINDEX_RANK_TOTAL = 0, /**< total points (parindex_results_total) */
    PARINDEX_RANK_INDEX = 1  /**< index: total / applicable max × 100 */
};

/** Ranking options (versioned, append-only). */
typedef struct parindex_rank_options {
    /** Must be PARINDEX_RANK_OPTIONS_VERSION (or an older version). */
    unsigned int version;
    /** enum parindex_ties. */
    int ties;
    /** enum parindex_rank_key. */
    int key;
} parindex_rank_options;

/** Version of parindex_rank_options this header describes. */
#define PARINDEX_RANK_OPTIONS_VERSION 1
/** Initialiser: competition ranking on totals. */
#define PARINDEX_RANK_OPTIONS_INIT \
    { PARINDEX_RANK_OPTIONS_VERSION, PARINDEX_TIES_COMPETITION, PARINDEX_RANK_TOTAL }

/**
 * Initialise `opts` to the defaults of `version`.
 * @return PARINDEX_OK, PARINDEX_EVERSION, PARINDEX_EMISUSE.
 */
PARINDEX_API int parindex_rank_options_init(parindex_rank_options *opts,
                                            unsigned int version);

/** Name of a tie policy ("competition", "dense", "modified", "ordinal",
 *  "fractional"); "" if unknown. Static string. */
PARINDEX_API const char *parindex_ties_name(int ties);

/** The tie policy with this name, or PARINDEX_EINVAL. */
PARINDEX_API int parindex_ties_from_name(const char *name);

/**
 * Rank `n` values, highest first, within one group.
 * @param values the values; PARINDEX_FIXED_NONE is not ranked.
 * @param names tie-break names (byte order), or NULL for index order.
 * @param n number of values.
 * @param ties enum parindex_ties.
 * @param order receives the n indices in output order (ranked values by
 *        rank then name then index, then the unranked by name then index).
 * @param ranks receives each value's rank (1 = best) as an exact decimal
 *        (2.5 under fractional ties), PARINDEX_FIXED_NONE when unranked.
 *        May be NULL.
 * @return PARINDEX_OK, PARINDEX_EINVAL (unknown policy), PARINDEX_ENOMEM,
 *         PARINDEX_EMISUSE.
 * @note Thread-safety: safe from any thread; uses malloc for scratch.
 */
PARINDEX_API int parindex_rank_values(const parindex_fixed *values,
                                      const char *const *names, size_t n,
                                      int ties, size_t *order,
                                      parindex_fixed *ranks);

typedef struct parindex_ranking parindex_ranking;

/**
 * Rank the units of `res` within their groups.
 * @param out receives the ranking; NULL on failure.
 * @param opts options, NULL for the defaults.
 * @return PARINDEX_OK, PARINDEX_EINVAL (unknown tie policy or key),
 *         PARINDEX_EVERSION, PARINDEX_ENOMEM, PARINDEX_EMISUSE.
 * @note Ownership: free with parindex_ranking_free. It copies what it needs:
 *       `res` may change or go afterwards, but unit indices refer to the
 *       units of `res` at the time of the call.
 * @note Thread-safety: reads `res` only.
 */
PARINDEX_API PARINDEX_WARN_UNUSED int
parindex_ranking_new(parindex_ranking **out, const parindex_results *res,
                     const parindex_rank_options *opts);

/** Free a ranking. NULL is a no-op. */
PARINDEX_API void parindex_ranking_free(parindex_ranking *rk);

/** Number of units ranked (all units of the results). */
PARINDEX_API size_t parindex_ranking_count(const parindex_ranking *rk);

/** Tie policy used (enum parindex_ties). */
PARINDEX_API int parindex_ranking_ties(const parindex_ranking *rk);

/** Key used (enum parindex_rank_key). */
PARINDEX_API int parindex_ranking_key(const parindex_ranking *rk);

/** The unit at position k of the output order; (size_t)-1 out of range. */
PARINDEX_API size_t parindex_ranking_order(const parindex_ranking *rk, size_t k);

/** Rank of unit u in its group (1 = best; 2.5 possible under fractional
 *  ties); PARINDEX_FIXED_NONE when unranked or out of range. */
PARINDEX_API parindex_fixed parindex_ranking_rank(const parindex_ranking *rk,
                                                  size_t u);

/** Number of units in unit u's group (0 out of range). */
PARINDEX_API size_t parindex_ranking_group_size(const parindex_ranking *rk,
                                                size_t u);

/** Number of other units of the group with exactly the same value as unit
 *  u (0: not tied). */
PARINDEX_API size_t parindex_ranking_tied(const parindex_ranking *rk, size_t u);

/**
 * Compare two node codes in natural dotted order: segments split on '.',
 * numeric segments compared as numbers, others byte by byte, a prefix
 * first: "1.2" < "1.2.1" < "1.10" < "2" < "a".
 * @return < 0, 0 or > 0 like strcmp.
 */
PARINDEX_API int parindex_code_compare(const char *a, const char *b);

PARINDEX_END_DECL

#endif /* PARINDEX_RANK_H */
