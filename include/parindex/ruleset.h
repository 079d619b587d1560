/*
 * libparindex: the index model.
 *
 * A rule set is a tree of nodes (fields, criteria, sub-criteria). Node 0 is
 * the root: the index itself. Inner nodes aggregate their children; leaves
 * carry a scoring rule over named inputs. A rule set is built through a
 * parindex_builder (or loaded from XML) and then frozen into an immutable
 * parindex_ruleset that any number of threads may share.
 */
#ifndef PARINDEX_RULESET_H
#define PARINDEX_RULESET_H

#include <stddef.h>
#include "alloc.h"
#include "error.h"
#include "export.h"
#include "fixed.h"

PARINDEX_BEGIN_DECL

typedef struct parindex_builder parindex_builder;
typedef struct parindex_ruleset parindex_ruleset;

/** Identity fields of a rule set. */
enum parindex_identity {
    PARINDEX_ID_ID = 0,       /**< short identifier, e.g. "daknong-2022-department" */
    PARINDEX_ID_TITLE = 1,    /**< title, UTF-8 */
    PARINDEX_ID_LEVEL = 2,    /**< ministry, province, department, district, commune or free text */
    PARINDEX_ID_YEAR = 3,     /**< assessment year or validity period, e.g. "2022" or "2022-2025" */
    PARINDEX_ID_DECISION = 4, /**< issuing decision, e.g. "876/QĐ-BNV" */
    PARINDEX_ID_VERSION = 5   /**< the rule set's own version */
};
#define PARINDEX_ID_COUNT 6

/** How an inner node combines its children. */
enum parindex_aggregation {
    /** earned = sum of children's points; max = sum of children's maxima,
     *  which must equal the node's declared maximum. */
    PARINDEX_AGG_SUM = 0,
    /** earned = M × Σ wᵢ·(eᵢ/mᵢ) / Σ wᵢ over all children; a child that is
     *  not applicable removes its weight share from the node's maximum. */
    PARINDEX_AGG_WEIGHTED_SUM = 1,
    /** earned = M × mean of eᵢ/mᵢ over applicable children. */
    PARINDEX_AGG_MEAN = 2,
    /** earned = M × Σ wᵢ·(eᵢ/mᵢ) / Σ wᵢ over applicable children. */
    PARINDEX_AGG_WEIGHTED_MEAN = 3,
    /** earned = M × Π (eᵢ/mᵢ)^(wᵢ/Σw) over applicable children (computed in
     *  double precision, then rounded to micro-points). */
    PARINDEX_AGG_GEOMETRIC_MEAN = 4
};

/** Assessment part of a node; children inherit their parent's part. */
enum parindex_part {
    PARINDEX_PART_INHERIT = 0,
    PARINDEX_PART_APPRAISAL = 1,
    PARINDEX_PART_SURVEY = 2
};
#define PARINDEX_PART_COUNT 3

/** Leaf rule types. */
enum parindex_rule_type {
    PARINDEX_RULE_NONE = 0,
    /** named outcomes → points; input: an outcome name */
    PARINDEX_RULE_OUTCOME = 1,
    /** intervals on a value or a ratio → points */
    PARINDEX_RULE_TIERS = 2,
    /** max × position of a value or ratio in [RANGE_LOW, RANGE_HIGH] */
    PARINDEX_RULE_PROPORTIONAL = 3,
    /** max − PENALTY × occurrences, not below FLOOR; optional spill */
    PARINDEX_RULE_DEDUCTION = 4,
    /** points per category achieved, capped at max */
    PARINDEX_RULE_COUNT = 5,
    /** survey mean on a scale, or a share satisfied, mapped to max */
    PARINDEX_RULE_SURVEY = 6,
    /** points given directly, checked 0 ≤ p ≤ max */
    PARINDEX_RULE_POINTS = 7
};

/** Roles of a rule's inputs. */
enum parindex_input_role {
    /** the single value: outcome name, value, occurrences, count, points,
     *  mean or share */
    PARINDEX_INPUT_VALUE = 0,
    /** numerator of a ratio (tiers, proportional, survey share) */
    PARINDEX_INPUT_NUMERATOR = 1,
    /** denominator of a ratio */
    PARINDEX_INPUT_DENOMINATOR = 2
};

/**
 * Rule parameters, set with parindex_builder_set_param. Numeric parameters
 * take a parindex_fixed; enumerated and boolean parameters take the plain
 * enum value (not scaled).
 */
enum parindex_param {
    /** ratio = numerator / denominator × RATIO_SCALE (default 1; 100 gives a
     *  percentage). */
    PARINDEX_PARAM_RATIO_SCALE = 0,
    /** what a zero denominator means: enum parindex_zero_denominator
     *  (default PARINDEX_ZERO_DEN_ERROR). */
    PARINDEX_PARAM_ZERO_DENOMINATOR = 1,
    /** tiers: enum parindex_hit_policy (default PARINDEX_HIT_UNIQUE). */
    PARINDEX_PARAM_HIT_POLICY = 2,
    /** tiers: enum parindex_no_match (default PARINDEX_NO_MATCH_ERROR). */
    PARINDEX_PARAM_NO_MATCH = 3,
    /** tiers: points given when nothing matches under PARINDEX_NO_MATCH_POINTS. */
    PARINDEX_PARAM_NO_MATCH_POINTS = 4,
    /** proportional and survey: the value mapped to 0 points (default 0). */
    PARINDEX_PARAM_RANGE_LOW = 5,
    /** proportional and survey: the value mapped to full points (default 1). */
    PARINDEX_PARAM_RANGE_HIGH = 6,
    /** proportional: a value strictly below this scores 0 (default none). */
    PARINDEX_PARAM_ZERO_BELOW = 7,
    /** proportional: a value at or above this scores full (default none). */
    PARINDEX_PARAM_FULL_FROM = 8,
    /** deduction: points deducted per occurrence. */
    PARINDEX_PARAM_PENALTY = 9,
    /** deduction: lowest points the leaf can reach (default 0). */
    PARINDEX_PARAM_FLOOR = 10,
    /** deduction: 1 to subtract the deduction beyond FLOOR from the parent
     *  (default 0). */
    PARINDEX_PARAM_SPILL = 11,
    /** count: points per category when categories are not named. */
    PARINDEX_PARAM_PER = 12,
    /** survey: enum parindex_survey_mode (default PARINDEX_SURVEY_MEAN). */
    PARINDEX_PARAM_SURVEY_MODE = 13
};

/** Meaning of a zero denominator in a ratio. */
enum parindex_zero_denominator {
    PARINDEX_ZERO_DEN_ERROR = 0,         /**< scoring the unit fails */
    PARINDEX_ZERO_DEN_FULL = 1,          /**< full marks (nothing to do = done) */
    PARINDEX_ZERO_DEN_ZERO = 2,          /**< zero points */
    PARINDEX_ZERO_DEN_NOT_APPLICABLE = 3 /**< the leaf is not applicable */
};

/** Tier hit policy. */
enum parindex_hit_policy {
    PARINDEX_HIT_UNIQUE = 0, /**< tiers must not overlap (checked at freeze) */
    PARINDEX_HIT_FIRST = 1   /**< the first matching tier in order wins */
};

/** What happens when no tier matches. */
enum parindex_no_match {
    PARINDEX_NO_MATCH_ERROR = 0, /**< scoring the unit fails */
    PARINDEX_NO_MATCH_POINTS = 1 /**< PARINDEX_PARAM_NO_MATCH_POINTS are given */
};

/** Survey modes. */
enum parindex_survey_mode {
    /** VALUE is a mean rating on [RANGE_LOW, RANGE_HIGH] (both required) */
    PARINDEX_SURVEY_MEAN = 0,
    /** VALUE is a share in [0, 1], or NUMERATOR satisfied / DENOMINATOR
     *  respondents */
    PARINDEX_SURVEY_SHARE = 1
};

/** Where computed points are rounded to the rule set's decimals. */
enum parindex_round_stage {
    PARINDEX_ROUND_AT_DISPLAY = 0, /**< never in computation; only when printed */
    PARINDEX_ROUND_AT_LEAF = 1,    /**< each leaf's points (the default) */
    PARINDEX_ROUND_AT_NODE = 2     /**< every node's points */
};

/** Kinds of inputs. */
enum parindex_input_kind {
    PARINDEX_INPUT_NUMBER = 0,
    PARINDEX_INPUT_OUTCOME = 1 /**< takes one of the outcome names of its rules */
};

/**
 * Largest magnitude of the amounts of points a rule set declares: maxima,
 * weights and their totals, floors, caps, the points of outcomes, tiers and
 * categories, penalties, points per category: 1,000,000. Larger values are
 * refused with PARINDEX_ELIMIT, so that no computation can overflow.
 */
#define PARINDEX_POINTS_LIMIT PARINDEX_FIXED_INT(1000000)
/**
 * Largest magnitude of the values a rule compares or maps: tier bounds,
 * band edges, range low and high, thresholds and ratio scales: 10^9.
 * Unit inputs may use the whole range of parindex_fixed.
 */
#define PARINDEX_MEASURE_LIMIT PARINDEX_FIXED_INT(1000000000)

/* ------------------------------------------------------------------------ */
/* Builder                                                                  */
/*                                                                          */
/* The setters below return PARINDEX_OK or, leaving the builder unchanged:  */
/*   PARINDEX_EMISUSE   NULL builder; a rule setter on a node without rule; */
/*   PARINDEX_ENOTFOUND no node with that code;                             */
/*   PARINDEX_EINVAL    a value the setter does not take (its doc says      */
/*                      which), a parameter that does not apply to the      */
/*                      rule type, an outcome named like N/A;               */
/*   PARINDEX_EEXISTS   a duplicate outcome or category name;               */
/*   PARINDEX_ELIMIT    an amount beyond PARINDEX_POINTS_LIMIT or a bound   */
/*                      beyond PARINDEX_MEASURE_LIMIT;                      */
/*   PARINDEX_ENOMEM    out of memory.                                      */
/* The last error's message and path name the node. A builder is used by    */
/* one thread at a time.                                                    */
/* ------------------------------------------------------------------------ */

/**
 * Create an empty builder. Its root (node 0, code "") is the index itself,
 * aggregated with PARINDEX_AGG_SUM; its maximum is the sum of its
 * children's unless set with parindex_builder_set_max(b, "", ...).
 * Defaults: 3 decimals, half-up, rounding at each leaf.
 * @param out receives the builder; set to NULL on failure.
 * @param alloc allocator used by the builder and by the rule sets it
 *        freezes; NULL for malloc/free. Copied.
 * @return PARINDEX_OK, PARINDEX_ENOMEM, PARINDEX_EMISUSE.
 * @note Ownership: free with parindex_builder_free.
 * @note Thread-safety: a builder is used by one thread at a time.
 */
PARINDEX_API PARINDEX_WARN_UNUSED int
parindex_builder_new(parindex_builder **out, const parindex_allocator *alloc);

/** Free a builder. NULL is a no-op. Rule sets frozen from it stay valid. */
PARINDEX_API void parindex_builder_free(parindex_builder *b);

/**
 * Set an identity field (enum parindex_identity) to a UTF-8 string (copied).
 * @return PARINDEX_OK, PARINDEX_EINVAL (unknown field), PARINDEX_ENOMEM,
 *         PARINDEX_EMISUSE.
 */
PARINDEX_API int parindex_builder_set_identity(parindex_builder *b, int field,
                                               const char *value);

/**
 * Declare the printed precision and where rounding happens.
 * @param decimals 0..6 fractional digits.
 * @param mode enum parindex_rounding.
 * @param stage enum parindex_round_stage.
 * @return PARINDEX_OK, PARINDEX_EINVAL, PARINDEX_EMISUSE.
 */
PARINDEX_API int parindex_builder_set_precision(parindex_builder *b,
                                                int decimals, int mode,
                                                int stage);

/**
 * Add a classification band over the index (0..100). A bound of
 * PARINDEX_FIXED_NONE is unbounded. Bands must not overlap (checked at
 * freeze); an index in no band has no band.
 * @param label UTF-8 label, e.g. "Tốt" (copied).
 * @param lo_inclusive, hi_inclusive 1 if the bound belongs to the band.
 * @return PARINDEX_OK, PARINDEX_EINVAL (empty label, lo > hi),
 *         PARINDEX_ENOMEM, PARINDEX_EMISUSE.
 */
PARINDEX_API int parindex_builder_add_band(parindex_builder *b,
                                           const char *label,
                                           parindex_fixed lo, int lo_inclusive,
                                           parindex_fixed hi, int hi_inclusive);

/**
 * Add a node under `parent` ("" or NULL for the root) with a unique code, a
 * UTF-8 name and a maximum in points. The parent must exist already.
 * @return PARINDEX_OK; PARINDEX_EEXISTS (code taken), PARINDEX_ENOTFOUND
 *         (no such parent), PARINDEX_EINVAL (empty code, negative maximum),
 *         PARINDEX_ERULE (the parent already has a rule), PARINDEX_ENOMEM,
 *         PARINDEX_EMISUSE. The last error names the node.
 */
PARINDEX_API int parindex_builder_add_node(parindex_builder *b,
                                           const char *parent,
                                           const char *code, const char *name,
                                           parindex_fixed max);

/** Set the maximum of a node ("" is the root); must be > 0.
 *  @return as the setters above. */
PARINDEX_API int parindex_builder_set_max(parindex_builder *b,
                                          const char *code, parindex_fixed max);

/** Set the weight of a node within its parent (default 1). Must be > 0.
 *  @return as the setters above. */
PARINDEX_API int parindex_builder_set_weight(parindex_builder *b,
                                             const char *code,
                                             parindex_fixed weight);

/**
 * Declare what the children's weights of a node must add up to (e.g. 100
 * or 1). Checked at freeze. Default: not checked.
 */
PARINDEX_API int parindex_builder_set_weight_total(parindex_builder *b,
                                                   const char *code,
                                                   parindex_fixed total);

/** Set how an inner node aggregates its children (enum parindex_aggregation). */
PARINDEX_API int parindex_builder_set_aggregation(parindex_builder *b,
                                                  const char *code,
                                                  int aggregation);

/** Set a node's part (enum parindex_part); children inherit it. */
PARINDEX_API int parindex_builder_set_part(parindex_builder *b,
                                           const char *code, int part);

/**
 * Set the lowest points an inner node can have after spills from its
 * children (default 0). PARINDEX_FIXED_NONE removes the floor.
 */
PARINDEX_API int parindex_builder_set_floor(parindex_builder *b,
                                            const char *code,
                                            parindex_fixed floor);

/**
 * Set the highest points a node can have (default: its maximum).
 */
PARINDEX_API int parindex_builder_set_cap(parindex_builder *b,
                                          const char *code,
                                          parindex_fixed cap);

/**
 * Override the rule set's decimals for this node's points (0..6), e.g. a
 * sub-criterion the rules compute to two decimals; -1 inherits.
 */
PARINDEX_API int parindex_builder_set_decimals(parindex_builder *b,
                                               const char *code, int decimals);

/**
 * Give a leaf its rule type (enum parindex_rule_type). Setting a rule on a
 * node that has children, or twice, is PARINDEX_ERULE.
 */
PARINDEX_API int parindex_builder_set_rule(parindex_builder *b,
                                           const char *code, int rule_type);

/**
 * Name the input that plays `role` (enum parindex_input_role) in a leaf's
 * rule. Inputs are global to the rule set: several leaves may read the same
 * input (one late report zeroing two sub-criteria). When a role is not
 * named, VALUE defaults to the leaf's code, NUMERATOR and DENOMINATOR to
 * "<code>.num" and "<code>.den" (only when the rule uses a ratio: set one
 * of them, or PARINDEX_PARAM_RATIO_SCALE, to make it a ratio).
 */
PARINDEX_API int parindex_builder_set_input(parindex_builder *b,
                                            const char *code, int role,
                                            const char *input);

/** Set a rule parameter (enum parindex_param) on a leaf that has a rule.
 *  @return as the setters above; PARINDEX_EINVAL for a parameter the rule
 *  type does not take or an enumerated value out of range. */
PARINDEX_API int parindex_builder_set_param(parindex_builder *b,
                                            const char *code, int param,
                                            parindex_fixed value);

/**
 * Outcome rule: add a named outcome and its points. Names are unique within
 * the rule; they are what a unit's input holds ("on_time", "late", "none").
 */
PARINDEX_API int parindex_builder_add_outcome(parindex_builder *b,
                                              const char *code,
                                              const char *name,
                                              parindex_fixed points);

/**
 * Tiers rule: add a tier [lo, hi] → points, with each end inclusive or not;
 * PARINDEX_FIXED_NONE is unbounded. Tiers are tried in the order added.
 */
PARINDEX_API int parindex_builder_add_tier(parindex_builder *b,
                                           const char *code,
                                           parindex_fixed lo, int lo_inclusive,
                                           parindex_fixed hi, int hi_inclusive,
                                           parindex_fixed points);

/**
 * Count rule: add a named category worth `points`. Its input (default
 * "<code>.<name>") holds 1 if achieved, 0 if not. Without named categories
 * the rule reads a count from VALUE and gives PARINDEX_PARAM_PER each.
 * @param input input name, or NULL for the default.
 */
PARINDEX_API int parindex_builder_add_category(parindex_builder *b,
                                               const char *code,
                                               const char *name,
                                               const char *input,
                                               parindex_fixed points);

/**
 * Check the rule set and freeze it into an immutable parindex_ruleset.
 * Every problem found is passed to `diag` (if not NULL); the return status
 * and the last error describe the first. Problems: duplicate codes, a leaf
 * without a rule, an inner node with a rule, tiers that overlap under
 * PARINDEX_HIT_UNIQUE, points above the node's maximum, children's maxima
 * that do not add up to a sum node's maximum, weights that do not add up to
 * the declared total, an input used both as a number and an outcome,
 * overlapping bands, missing rule parameters.
 * The builder is unchanged and may be frozen again.
 * @param out receives the rule set; NULL on failure.
 * @return PARINDEX_OK, PARINDEX_ERULE, PARINDEX_ENOMEM, PARINDEX_EMISUSE.
 * @note Ownership: free the rule set with parindex_ruleset_free.
 */
PARINDEX_API PARINDEX_WARN_UNUSED int
parindex_builder_freeze(const parindex_builder *b, parindex_ruleset **out,
                        parindex_diag_fn diag, void *payload);

/* ------------------------------------------------------------------------ */
/* Frozen rule set: introspection                                           */
/* All functions below only read: any number of threads may call them on    */
/* the same rule set at once. Returned strings are borrowed from the rule    */
/* set and live as long as it.                                              */
/* ------------------------------------------------------------------------ */

/** Free a rule set. NULL is a no-op. No result may use it afterwards. */
PARINDEX_API void parindex_ruleset_free(parindex_ruleset *rs);

/** An identity field (enum parindex_identity); "" when unset or unknown. */
PARINDEX_API const char *parindex_ruleset_identity(const parindex_ruleset *rs,
                                                   int field);

/** Printed decimals (0..6). */
PARINDEX_API int parindex_ruleset_decimals(const parindex_ruleset *rs);
/** Rounding mode (enum parindex_rounding). */
PARINDEX_API int parindex_ruleset_rounding(const parindex_ruleset *rs);
/** Rounding stage (enum parindex_round_stage). */
PARINDEX_API int parindex_ruleset_round_stage(const parindex_ruleset *rs);

/** Number of nodes including the root. Nodes are numbered in pre-order. */
PARINDEX_API size_t parindex_ruleset_node_count(const parindex_ruleset *rs);

/**
 * Index of the node with this code ("" is the root, 0), or
 * PARINDEX_ENOTFOUND. Does not touch the last error.
 */
PARINDEX_API long parindex_ruleset_find_node(const parindex_ruleset *rs,
                                             const char *code);

/* Node accessors. `node` must be < node_count; out-of-range indices give
 * "", 0, -1 or PARINDEX_FIXED_NONE. */
PARINDEX_API const char *parindex_node_code(const parindex_ruleset *rs, size_t node);
PARINDEX_API const char *parindex_node_name(const parindex_ruleset *rs, size_t node);
PARINDEX_API parindex_fixed parindex_node_max(const parindex_ruleset *rs, size_t node);
PARINDEX_API parindex_fixed parindex_node_weight(const parindex_ruleset *rs, size_t node);
/** enum parindex_aggregation of an inner node; -1 for a leaf. */
PARINDEX_API int parindex_node_aggregation(const parindex_ruleset *rs, size_t node);
/** enum parindex_part after inheritance (never PARINDEX_PART_INHERIT
 *  except for nodes with no part anywhere above them). */
PARINDEX_API int parindex_node_part(const parindex_ruleset *rs, size_t node);
/** Parent index, or -1 for the root. */
PARINDEX_API long parindex_node_parent(const parindex_ruleset *rs, size_t node);
/** Depth: 0 for the root, 1 for fields, ... */
PARINDEX_API int parindex_node_depth(const parindex_ruleset *rs, size_t node);
PARINDEX_API size_t parindex_node_child_count(const parindex_ruleset *rs, size_t node);
/** Index of the k-th child, or -1. */
PARINDEX_API long parindex_node_child(const parindex_ruleset *rs, size_t node, size_t k);
/** enum parindex_rule_type of a leaf; PARINDEX_RULE_NONE for inner nodes. */
PARINDEX_API int parindex_node_rule(const parindex_ruleset *rs, size_t node);
/** Decimals the node's points are rounded to. */
PARINDEX_API int parindex_node_decimals(const parindex_ruleset *rs, size_t node);

/** Number of distinct inputs the rules read (the columns of a data file). */
PARINDEX_API size_t parindex_ruleset_input_count(const parindex_ruleset *rs);
/** Name of input i, in order of first use. */
PARINDEX_API const char *parindex_ruleset_input_name(const parindex_ruleset *rs, size_t i);
/** enum parindex_input_kind of input i; -1 if out of range. */
PARINDEX_API int parindex_ruleset_input_kind(const parindex_ruleset *rs, size_t i);
/** Index of the input with this name, or PARINDEX_ENOTFOUND. */
PARINDEX_API long parindex_ruleset_find_input(const parindex_ruleset *rs, const char *name);

/** Number of bands. */
PARINDEX_API size_t parindex_ruleset_band_count(const parindex_ruleset *rs);
/** Label of band i, or "" if out of range. */
PARINDEX_API const char *parindex_ruleset_band_label(const parindex_ruleset *rs, size_t i);
/**
 * The band an index (0..100) falls in, or NULL when none; the label is
 * borrowed from the rule set.
 */
PARINDEX_API const char *parindex_ruleset_classify(const parindex_ruleset *rs,
                                                   parindex_fixed index);

/** Name of a rule type, e.g. "tiers"; "" if unknown. Static string. */
PARINDEX_API const char *parindex_rule_type_name(int rule_type);
/** Name of an aggregation, e.g. "weighted_sum"; "" if unknown. */
PARINDEX_API const char *parindex_aggregation_name(int aggregation);

PARINDEX_END_DECL

#endif /* PARINDEX_RULESET_H */
