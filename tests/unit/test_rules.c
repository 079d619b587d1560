/* Every leaf rule at its edges, not-applicable handling, aggregations,
 * rounding, bands and missing inputs, scored through the public API. */
#include "ptest.h"

#define C(state) ((pt_ctx *)*(state))

/* Score the current inputs as a new unit and assert the points of `code`. */
#define assert_scores(c, unit, code, want)                                   \
    do {                                                                     \
        size_t u_ = pt_add((c), (unit));                                     \
        assert_fixed(pt_earned((c), u_, (code)), (want));                    \
    } while (0)

/* ---- outcome ------------------------------------------------------------ */

static void build_plan_outcome(parindex_builder *b)
{
    pt_node(b, NULL, "1", "1");
    pt_leaf(b, "1", "1.1", "1", PARINDEX_RULE_OUTCOME);
    pt_input(b, "1.1", PARINDEX_INPUT_VALUE, "plan");
    pt_outcome(b, "1.1", "on_time", "1");
    pt_outcome(b, "1.1", "late", "0.5");
    pt_outcome(b, "1.1", "none", "0");
}

static void outcome_each_named_outcome(void **state)
{
    pt_ctx *c = C(state);
    build_plan_outcome(c->b);
    pt_freeze(c);
    assert_int_equal(parindex_ruleset_input_kind(c->rs, (size_t)parindex_ruleset_find_input(c->rs, "plan")),
                     PARINDEX_INPUT_OUTCOME);
    static const struct { const char *outcome, *points; int match; } cases[] = {
        {"on_time", "1", 0}, {"late", "0.5", 1}, {"none", "0", 2},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        pt_set_outcome(c, "plan", cases[k].outcome);
        size_t u = pt_add(c, cases[k].outcome);
        assert_fixed(pt_earned(c, u, "1.1"), cases[k].points);
        assert_fixed(pt_earned(c, u, ""), cases[k].points);
        parindex_explanation *e = pt_explain(c, u, "1.1");
        assert_int_equal(parindex_explanation_rule(e), PARINDEX_RULE_OUTCOME);
        assert_int_equal(parindex_explanation_match(e), cases[k].match);
        assert_string_equal(parindex_explanation_match_label(e), cases[k].outcome);
        assert_int_equal(parindex_explanation_input_count(e), 1);
        assert_string_equal(parindex_explanation_input_name(e, 0), "plan");
        assert_string_equal(parindex_explanation_input_text(e, 0), cases[k].outcome);
        assert_int_equal(parindex_explanation_input_value(e, 0), PARINDEX_FIXED_NONE);
        assert_contains(parindex_explanation_reason(e), cases[k].outcome);
        parindex_explanation_free(e);
    }
    /* the same through the text form a data file uses */
    assert_ok(parindex_inputs_set_text(c->in, "plan", "late"));
    assert_scores(c, "text", "1.1", "0.5");
}

static void outcome_unknown_lists_known_ones(void **state)
{
    pt_ctx *c = C(state);
    build_plan_outcome(c->b);
    pt_freeze(c);
    assert_status(parindex_inputs_set_outcome(c->in, "plan", "lost"), PARINDEX_EINVAL);
    assert_error_mentions(PARINDEX_EINVAL, "'lost'");
    assert_error_mentions(PARINDEX_EINVAL, "on_time, late, none");
    assert_status(parindex_inputs_set_text(c->in, "plan", "On_time"), PARINDEX_EINVAL);
    assert_error_mentions(PARINDEX_EINVAL, "on_time, late, none");
    /* a number is not an outcome */
    assert_status(parindex_inputs_set(c->in, "plan", pt_fx("1")), PARINDEX_EINVAL);
    assert_error_mentions(PARINDEX_EINVAL, "plan");
    /* the rejected values left the input unset */
    pt_add_fails(c, "U", PARINDEX_EINPUT);
    assert_error_mentions(PARINDEX_EINPUT, "plan");
}

static void outcome_shared_input_between_two_leaves(void **state)
{
    pt_ctx *c = C(state);
    parindex_builder *b = c->b;
    pt_node(b, NULL, "1.2", "1");
    pt_leaf(b, "1.2", "1.2.2", "0.5", PARINDEX_RULE_OUTCOME);
    pt_input(b, "1.2.2", PARINDEX_INPUT_VALUE, "reports");
    pt_outcome(b, "1.2.2", "on_time", "0.5");
    pt_outcome(b, "1.2.2", "late", "0");
    pt_leaf(b, "1.2", "1.2.3", "0.5", PARINDEX_RULE_OUTCOME);
    pt_input(b, "1.2.3", PARINDEX_INPUT_VALUE, "reports");
    pt_outcome(b, "1.2.3", "on_time", "0.5");
    pt_outcome(b, "1.2.3", "late", "0.25");
    pt_outcome(b, "1.2.3", "missing", "0");
    pt_freeze(c);
    assert_int_equal(parindex_ruleset_input_count(c->rs), 1);

    pt_set_outcome(c, "reports", "late");
    size_t u = pt_add(c, "late");
    assert_fixed(pt_earned(c, u, "1.2.2"), "0");
    assert_fixed(pt_earned(c, u, "1.2.3"), "0.25");
    assert_fixed(pt_earned(c, u, "1.2"), "0.25");
    pt_set_outcome(c, "reports", "on_time");
    assert_scores(c, "on time", "1.2", "1");

    /* "missing" is known to the input (through 1.2.3) but not to 1.2.2 */
    pt_set_outcome(c, "reports", "missing");
    pt_add_fails(c, "missing", PARINDEX_EINPUT);
    assert_error_mentions(PARINDEX_EINPUT, "node 1.2.2");
    assert_error_mentions(PARINDEX_EINPUT, "'missing' is not one of: on_time, late");
    assert_error_mentions(PARINDEX_EINPUT, "unit 'missing'");
}

/* ---- tiers -------------------------------------------------------------- */

/* Cà Mau 1.1.4: above 90 % → 2; 70–90 % → 1; below 70 % → 0. */
static void build_r4_tiers(parindex_builder *b, int ratio)
{
    pt_node(b, NULL, "1", "2");
    pt_leaf(b, "1", "1.1.4", "2", PARINDEX_RULE_TIERS);
    if (ratio) {
        pt_input(b, "1.1.4", PARINDEX_INPUT_NUMERATOR, "tasks_done");
        pt_input(b, "1.1.4", PARINDEX_INPUT_DENOMINATOR, "tasks_planned");
        pt_param(b, "1.1.4", PARINDEX_PARAM_RATIO_SCALE, "100");
    } else {
        pt_input(b, "1.1.4", PARINDEX_INPUT_VALUE, "plan_pct");
    }
    pt_tier(b, "1.1.4", "90", 0, NULL, 0, "2");
    pt_tier(b, "1.1.4", "70", 1, "90", 1, "1");
    pt_tier(b, "1.1.4", NULL, 0, "70", 0, "0");
}

static void tiers_value_both_sides_of_every_boundary(void **state)
{
    pt_ctx *c = C(state);
    build_r4_tiers(c->b, 0);
    pt_freeze(c);
    static const struct { const char *value, *points; int tier; } cases[] = {
        {"1000", "2", 0},       /* unbounded top */
        {"90.000001", "2", 0},  /* just above the exclusive 90 */
        {"90", "1", 1},         /* 90 exactly falls in the middle tier */
        {"89.999999", "1", 1},
        {"70.000001", "1", 1},
        {"70", "1", 1},         /* inclusive low end of the middle tier */
        {"69.999999", "0", 2},
        {"0", "0", 2},
        {"-5", "0", 2},         /* unbounded bottom */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        pt_set(c, "plan_pct", cases[k].value);
        size_t u = pt_add(c, cases[k].value);
        assert_fixed(pt_earned(c, u, "1.1.4"), cases[k].points);
        parindex_explanation *e = pt_explain(c, u, "1.1.4");
        assert_int_equal(parindex_explanation_match(e), cases[k].tier);
        assert_int_equal(parindex_explanation_measure(e), pt_fx(cases[k].value));
        parindex_explanation_free(e);
    }
    parindex_explanation *e = pt_explain(c, 2, "1.1.4");
    assert_string_equal(parindex_explanation_match_label(e), "[70, 90]");
    assert_string_equal(parindex_explanation_reason(e),
                        "value 90 in tier 2 [70, 90] → 1 of 2 (lost 1)");
    parindex_explanation_free(e);
    e = pt_explain(c, 0, "1.1.4");
    assert_string_equal(parindex_explanation_match_label(e), "(90, +inf)");
    parindex_explanation_free(e);
    e = pt_explain(c, 8, "1.1.4");
    assert_string_equal(parindex_explanation_match_label(e), "(-inf, 70)");
    parindex_explanation_free(e);
}

static void tiers_ratio_mode_with_scale_100(void **state)
{
    pt_ctx *c = C(state);
    build_r4_tiers(c->b, 1);
    pt_freeze(c);
    assert_int_equal(parindex_ruleset_input_count(c->rs), 2);
    static const struct { const char *num, *den, *points; } cases[] = {
        {"91", "100", "2"}, {"9", "10", "1"},        {"900001", "1000000", "2"},
        {"7", "10", "1"},   {"699", "1000", "0"},    {"0", "5", "0"},
        {"12", "12", "2"},  {"2", "3", "0"},         {"27", "30", "1"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char unit[32];
        snprintf(unit, sizeof unit, "u%zu", k);
        pt_set(c, "tasks_done", cases[k].num);
        pt_set(c, "tasks_planned", cases[k].den);
        size_t u = pt_add(c, unit);
        assert_fixed(pt_earned(c, u, "1.1.4"), cases[k].points);
    }
    parindex_explanation *e = pt_explain(c, 1, "1.1.4");
    assert_fixed(parindex_explanation_measure(e), "90");
    assert_int_equal(parindex_explanation_input_count(e), 2);
    assert_string_equal(parindex_explanation_input_name(e, 0), "tasks_done");
    assert_string_equal(parindex_explanation_input_name(e, 1), "tasks_planned");
    assert_fixed(parindex_explanation_input_value(e, 0), "9");
    assert_fixed(parindex_explanation_input_value(e, 1), "10");
    assert_string_equal(parindex_explanation_reason(e),
                        "ratio 9/10 × 100 = 90 in tier 2 [70, 90] → 1 of 2 (lost 1)");
    parindex_explanation_free(e);
}

/* The ratio is compared exactly, not after rounding to a micro-unit:
 * 2/3 × 100 = 66.666666… is below 66.666667. */
static void tiers_ratio_compared_exactly(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "1", "1");
    pt_leaf(c->b, "1", "1.1", "1", PARINDEX_RULE_TIERS);
    pt_param(c->b, "1.1", PARINDEX_PARAM_RATIO_SCALE, "100");
    pt_tier(c->b, "1.1", "66.666667", 1, NULL, 0, "1");
    pt_tier(c->b, "1.1", NULL, 0, "66.666667", 0, "0");
    pt_freeze(c);
    /* setting only the scale makes the rule a ratio of the default inputs */
    assert_true(parindex_ruleset_find_input(c->rs, "1.1.num") >= 0);
    assert_true(parindex_ruleset_find_input(c->rs, "1.1.den") >= 0);
    assert_int_equal(parindex_ruleset_find_input(c->rs, "1.1"), PARINDEX_ENOTFOUND);
    pt_set(c, "1.1.num", "2");
    pt_set(c, "1.1.den", "3");
    assert_scores(c, "two thirds", "1.1", "0");
    pt_set(c, "1.1.num", "666667");
    pt_set(c, "1.1.den", "1000000");
    assert_scores(c, "edge", "1.1", "1");
}

/* Five tiers on a share of trained propagandists (R8), each edge. */
static void tiers_five_tiers_every_edge(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "2", "1.5");
    pt_leaf(c->b, "2", "2.1", "1.5", PARINDEX_RULE_TIERS);
    pt_input(c->b, "2.1", PARINDEX_INPUT_VALUE, "trained_pct");
    pt_tier(c->b, "2.1", "90", 1, NULL, 0, "1.5");
    pt_tier(c->b, "2.1", "80", 1, "90", 0, "1");
    pt_tier(c->b, "2.1", "70", 1, "80", 0, "0.5");
    pt_tier(c->b, "2.1", "50", 1, "70", 0, "0.25");
    pt_tier(c->b, "2.1", "0", 1, "50", 0, "0");
    pt_freeze(c);
    static const struct { const char *value, *points; } cases[] = {
        {"100", "1.5"}, {"90", "1.5"},       {"89.999999", "1"}, {"80", "1"},
        {"79.999999", "0.5"}, {"70", "0.5"}, {"69.999999", "0.25"},
        {"50", "0.25"}, {"49.999999", "0"},  {"0", "0"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        pt_set(c, "trained_pct", cases[k].value);
        assert_scores(c, cases[k].value, "2.1", cases[k].points);
    }
    /* below the closed 0 nothing matches: an error by default */
    pt_set(c, "trained_pct", "-0.000001");
    pt_add_fails(c, "negative", PARINDEX_EINPUT);
    assert_error_mentions(PARINDEX_EINPUT, "node 2.1: value -0.000001 matches no tier");
}

static void tiers_hit_policy_first_and_unique(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "1", "2");
    pt_leaf(c->b, "1", "1.1", "2", PARINDEX_RULE_TIERS);
    pt_input(c->b, "1.1", PARINDEX_INPUT_VALUE, "v");
    pt_tier(c->b, "1.1", "90", 1, "100", 1, "2");
    pt_tier(c->b, "1.1", "0", 1, "100", 1, "1");

    /* unique (the default): the overlap is a freeze error naming both */
    parindex_ruleset *rs = (parindex_ruleset *)1;
    assert_status(parindex_builder_freeze(c->b, &rs, NULL, NULL), PARINDEX_ERULE);
    assert_null(rs);
    assert_error_mentions(PARINDEX_ERULE, "node 1.1");
    assert_error_mentions(PARINDEX_ERULE, "tiers 1 [90, 100] and 2 [0, 100] overlap");
    assert_string_equal(parindex_error_path(parindex_error_last()), "node 1.1");

    /* first: the first matching tier in order wins */
    pt_param_enum(c->b, "1.1", PARINDEX_PARAM_HIT_POLICY, PARINDEX_HIT_FIRST);
    pt_freeze(c);
    pt_set(c, "v", "95");
    assert_scores(c, "95", "1.1", "2");
    pt_set(c, "v", "90");
    assert_scores(c, "90", "1.1", "2");
    pt_set(c, "v", "89.9");
    assert_scores(c, "89.9", "1.1", "1");
    parindex_explanation *e = pt_explain(c, 2, "1.1");
    assert_int_equal(parindex_explanation_match(e), 1);
    parindex_explanation_free(e);
}

/* Tiers that only touch at a shared edge do not overlap; touching with both
 * ends closed does. */
static void tiers_touching_edges(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "1", "3");
    pt_leaf(c->b, "1", "1.1", "1", PARINDEX_RULE_TIERS);
    pt_tier(c->b, "1.1", NULL, 0, "50", 0, "0");
    pt_tier(c->b, "1.1", "50", 1, NULL, 0, "1");
    pt_leaf(c->b, "1", "1.2", "1", PARINDEX_RULE_TIERS);
    pt_tier(c->b, "1.2", NULL, 0, "50", 1, "0");
    pt_tier(c->b, "1.2", "50", 0, NULL, 0, "1");
    pt_leaf(c->b, "1", "1.3", "1", PARINDEX_RULE_TIERS);
    pt_tier(c->b, "1.3", NULL, 0, "50", 1, "0");
    pt_tier(c->b, "1.3", "50", 1, NULL, 0, "1");
    pt_diags d = {0};
    parindex_ruleset *rs = NULL;
    assert_status(parindex_builder_freeze(c->b, &rs, pt_diag_collect, &d), PARINDEX_ERULE);
    assert_int_equal(d.n, 1);
    assert_contains(d.message[0], "node 1.3: tiers 1 (-inf, 50] and 2 [50, +inf) overlap");
}

static void tiers_no_match_error_or_points(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "1", "2");
    pt_leaf(c->b, "1", "1.1", "1", PARINDEX_RULE_TIERS);
    pt_input(c->b, "1.1", PARINDEX_INPUT_VALUE, "v");
    pt_tier(c->b, "1.1", "50", 1, "100", 1, "1");
    pt_leaf(c->b, "1", "1.2", "1", PARINDEX_RULE_TIERS);
    pt_input(c->b, "1.2", PARINDEX_INPUT_VALUE, "v");
    pt_tier(c->b, "1.2", "50", 1, "100", 1, "1");
    pt_param_enum(c->b, "1.2", PARINDEX_PARAM_NO_MATCH, PARINDEX_NO_MATCH_POINTS);
    pt_param(c->b, "1.2", PARINDEX_PARAM_NO_MATCH_POINTS, "0.25");
    pt_freeze(c);
    pt_set(c, "v", "10");
    pt_add_fails(c, "ten", PARINDEX_EINPUT);
    assert_error_mentions(PARINDEX_EINPUT, "node 1.1: value 10 matches no tier");

    /* only 1.2 gives points on no match: drop 1.1 from a new rule set */
    pt_ctx *d = pt_ctx_new();
    pt_node(d->b, NULL, "1", "1");
    pt_leaf(d->b, "1", "1.2", "1", PARINDEX_RULE_TIERS);
    pt_input(d->b, "1.2", PARINDEX_INPUT_VALUE, "v");
    pt_tier(d->b, "1.2", "50", 1, "100", 1, "1");
    pt_param_enum(d->b, "1.2", PARINDEX_PARAM_NO_MATCH, PARINDEX_NO_MATCH_POINTS);
    pt_param(d->b, "1.2", PARINDEX_PARAM_NO_MATCH_POINTS, "0.25");
    pt_freeze(d);
    pt_set(d, "v", "10");
    size_t u = pt_add(d, "ten");
    assert_fixed(pt_earned(d, u, "1.2"), "0.25");
    parindex_explanation *e = pt_explain(d, u, "1.2");
    assert_int_equal(parindex_explanation_match(e), -1);
    assert_string_equal(parindex_explanation_match_label(e), "");
    assert_string_equal(parindex_explanation_reason(e),
                        "value 10 matches no tier → 0.25 of 1 (lost 0.75)");
    parindex_explanation_free(e);
    pt_set(d, "v", "50");
    assert_scores(d, "fifty", "1.2", "1");
    pt_ctx_free(d);
}

/* A one-leaf ratio rule of `type` with a zero-denominator policy (-1: the
 * default), next to a leaf always worth 1 of 1. */
static pt_ctx *zero_den_ctx(int type, int policy)
{
    pt_ctx *c = pt_ctx_new();
    pt_node(c->b, NULL, "1", "3");
    pt_leaf(c->b, "1", "1.1", "2", type);
    pt_input(c->b, "1.1", PARINDEX_INPUT_NUMERATOR, "answered");
    pt_input(c->b, "1.1", PARINDEX_INPUT_DENOMINATOR, "received");
    if (type == PARINDEX_RULE_TIERS) {
        pt_tier(c->b, "1.1", "0.5", 1, "1", 1, "2");
        pt_tier(c->b, "1.1", "0", 1, "0.5", 0, "1");
    } else if (type == PARINDEX_RULE_SURVEY) {
        pt_param_enum(c->b, "1.1", PARINDEX_PARAM_SURVEY_MODE, PARINDEX_SURVEY_SHARE);
    }
    if (policy >= 0)
        pt_param_enum(c->b, "1.1", PARINDEX_PARAM_ZERO_DENOMINATOR, policy);
    pt_leaf(c->b, "1", "1.2", "1", PARINDEX_RULE_POINTS);
    pt_freeze(c);
    pt_set(c, "1.2", "1");
    pt_set(c, "answered", "0");
    pt_set(c, "received", "0");
    return c;
}

/* Zero denominator under each policy (R10: no complaints → full marks). */
static void check_zero_denominator(int type)
{
    /* error, the default and explicit */
    for (int pass = 0; pass < 2; pass++) {
        pt_ctx *c = zero_den_ctx(type, pass ? PARINDEX_ZERO_DEN_ERROR : -1);
        pt_add_fails(c, "X", PARINDEX_EINPUT);
        assert_error_mentions(PARINDEX_EINPUT, "node 1.1: denominator 'received' is 0");
        pt_ctx_free(c);
    }
    pt_ctx *c = zero_den_ctx(type, PARINDEX_ZERO_DEN_FULL);
    size_t u = pt_add(c, "X");
    assert_fixed(pt_earned(c, u, "1.1"), "2");
    assert_fixed(pt_earned(c, u, ""), "3");
    parindex_explanation *e = pt_explain(c, u, "1.1");
    assert_contains(parindex_explanation_reason(e), "zero denominator → 2 of 2");
    parindex_explanation_free(e);
    pt_ctx_free(c);

    c = zero_den_ctx(type, PARINDEX_ZERO_DEN_ZERO);
    u = pt_add(c, "X");
    assert_fixed(pt_earned(c, u, "1.1"), "0");
    assert_fixed(pt_max(c, u, "1.1"), "2");
    assert_fixed(pt_earned(c, u, ""), "1");
    assert_fixed(parindex_results_index(c->res, u), "33.333333");
    pt_ctx_free(c);

    c = zero_den_ctx(type, PARINDEX_ZERO_DEN_NOT_APPLICABLE);
    u = pt_add(c, "X");
    assert_true(parindex_results_is_na(c->res, u, pt_nd(c, "1.1")));
    assert_fixed(pt_earned(c, u, "1.1"), "0");
    assert_fixed(pt_max(c, u, "1.1"), "0");
    assert_int_equal(parindex_results_percent(c->res, u, pt_nd(c, "1.1")), PARINDEX_FIXED_NONE);
    assert_fixed(pt_max(c, u, ""), "1");
    assert_fixed(parindex_results_index(c->res, u), "100");
    e = pt_explain(c, u, "1.1");
    assert_true(parindex_explanation_is_na(e));
    assert_contains(parindex_explanation_reason(e), "not applicable");
    parindex_explanation_free(e);
    /* a non-zero denominator still scores normally */
    pt_set(c, "answered", "3");
    pt_set(c, "received", "4");
    u = pt_add(c, "Y");
    assert_false(parindex_results_is_na(c->res, u, pt_nd(c, "1.1")));
    assert_true(parindex_results_earned(c->res, u, pt_nd(c, "1.1")) > 0);
    pt_ctx_free(c);
}

static void tiers_zero_denominator_policies(void **state)
{
    (void)state;
    check_zero_denominator(PARINDEX_RULE_TIERS);
}

/* ---- proportional ------------------------------------------------------- */

static void proportional_two_times_five_sixths(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "7", "2");
    pt_leaf(c->b, "7", "7.1.2", "2", PARINDEX_RULE_PROPORTIONAL);
    pt_input(c->b, "7.1.2", PARINDEX_INPUT_NUMERATOR, "tasks_done");
    pt_input(c->b, "7.1.2", PARINDEX_INPUT_DENOMINATOR, "tasks_planned");
    assert_ok(parindex_builder_set_decimals(c->b, "7.1.2", 2));
    pt_freeze(c);
    assert_int_equal(parindex_node_decimals(c->rs, pt_nd(c, "7.1.2")), 2);
    pt_set(c, "tasks_done", "5");
    pt_set(c, "tasks_planned", "6");
    size_t u = pt_add(c, "district");
    assert_fixed(pt_earned(c, u, "7.1.2"), "1.67");
    assert_fixed(pt_lost(c, u, "7.1.2"), "0.33");
    parindex_explanation *e = pt_explain(c, u, "7.1.2");
    assert_fixed(parindex_explanation_measure(e), "0.833333");
    assert_string_equal(parindex_explanation_reason(e),
                        "ratio 5/6 = 0.833333 → 2 × 0.833333 = 1.67 of 2 (lost 0.33)");
    parindex_explanation_free(e);
}

static void proportional_range_low_high(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "1", "4");
    pt_leaf(c->b, "1", "1.1", "4", PARINDEX_RULE_PROPORTIONAL);
    pt_input(c->b, "1.1", PARINDEX_INPUT_VALUE, "v");
    pt_param(c->b, "1.1", PARINDEX_PARAM_RANGE_LOW, "50");
    pt_param(c->b, "1.1", PARINDEX_PARAM_RANGE_HIGH, "100");
    pt_freeze(c);
    static const struct { const char *value, *points; } cases[] = {
        {"0", "0"},  {"49.9", "0"}, {"50", "0"}, {"50.5", "0.04"}, {"75", "2"},
        {"90", "3.2"}, {"100", "4"}, {"130", "4"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        pt_set(c, "v", cases[k].value);
        assert_scores(c, cases[k].value, "1.1", cases[k].points);
    }
    parindex_explanation *e = pt_explain(c, 4, "1.1");
    assert_string_equal(parindex_explanation_reason(e),
                        "value 75 on [50, 100] → 2 of 4 (lost 2)");
    parindex_explanation_free(e);
}

/* Xuân Lộc 4.1 (R6): 100 % → full; 90–<100 % → max × ratio; < 90 % → 0. */
static void proportional_zero_below_and_full_from(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "4", "2");
    pt_leaf(c->b, "4", "4.1", "1", PARINDEX_RULE_PROPORTIONAL);
    pt_input(c->b, "4.1", PARINDEX_INPUT_VALUE, "done");
    pt_param(c->b, "4.1", PARINDEX_PARAM_ZERO_BELOW, "0.9");
    pt_param(c->b, "4.1", PARINDEX_PARAM_FULL_FROM, "1");
    pt_leaf(c->b, "4", "4.2", "1", PARINDEX_RULE_PROPORTIONAL);
    pt_input(c->b, "4.2", PARINDEX_INPUT_VALUE, "done");
    pt_param(c->b, "4.2", PARINDEX_PARAM_ZERO_BELOW, "0.5");
    pt_param(c->b, "4.2", PARINDEX_PARAM_FULL_FROM, "0.95");
    assert_ok(parindex_builder_set_precision(c->b, 6, PARINDEX_ROUND_HALF_UP,
                                             PARINDEX_ROUND_AT_LEAF));
    pt_freeze(c);
    static const struct { const char *value, *p41, *p42; } cases[] = {
        {"0.4", "0", "0"},
        {"0.499999", "0", "0"},
        {"0.5", "0", "0.5"},        /* at "zero below": not below */
        {"0.8", "0", "0.8"},        /* the guide's own 4 of 5 example */
        {"0.899999", "0", "0.899999"},
        {"0.9", "0.9", "0.9"},
        {"0.949999", "0.949999", "0.949999"},
        {"0.95", "0.95", "1"},      /* at "full from": full */
        {"0.999999", "0.999999", "1"},
        {"1", "1", "1"},
        {"1.2", "1", "1"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        pt_set(c, "done", cases[k].value);
        size_t u = pt_add(c, cases[k].value);
        assert_fixed(pt_earned(c, u, "4.1"), cases[k].p41);
        assert_fixed(pt_earned(c, u, "4.2"), cases[k].p42);
    }
    parindex_explanation *e = pt_explain(c, 3, "4.1");
    assert_string_equal(parindex_explanation_reason(e),
                        "value 0.8 below 0.9 → 0 of 1 (lost 1)");
    parindex_explanation_free(e);
    e = pt_explain(c, 7, "4.2");
    assert_string_equal(parindex_explanation_reason(e),
                        "value 0.95 reaches 0.95 → full 1 of 1");
    parindex_explanation_free(e);
}

static void proportional_ratio_above_one_capped(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "3", "10");
    pt_leaf(c->b, "3", "3.9", "10", PARINDEX_RULE_PROPORTIONAL);
    pt_input(c->b, "3.9", PARINDEX_INPUT_NUMERATOR, "on_time");
    pt_input(c->b, "3.9", PARINDEX_INPUT_DENOMINATOR, "received");
    pt_freeze(c);
    pt_set(c, "on_time", "7");
    pt_set(c, "received", "6");
    assert_scores(c, "over", "3.9", "10");
    pt_set(c, "on_time", "6");
    assert_scores(c, "exact", "3.9", "10");
    pt_set(c, "on_time", "5");
    assert_scores(c, "under", "3.9", "8.333");
    pt_set(c, "received", "-6");
    pt_add_fails(c, "negative", PARINDEX_EINPUT);
    assert_error_mentions(PARINDEX_EINPUT, "denominator 'received' is negative");
}

static void proportional_zero_denominator_policies(void **state)
{
    (void)state;
    check_zero_denominator(PARINDEX_RULE_PROPORTIONAL);
}

/* ---- deduction ---------------------------------------------------------- */

static void deduction_per_occurrence_and_floors(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "5", "4");
    pt_leaf(c->b, "5", "5.1", "2", PARINDEX_RULE_DEDUCTION);
    pt_input(c->b, "5.1", PARINDEX_INPUT_VALUE, "late_reports");
    pt_param(c->b, "5.1", PARINDEX_PARAM_PENALTY, "0.25");
    pt_leaf(c->b, "5", "5.2", "2", PARINDEX_RULE_DEDUCTION);
    pt_input(c->b, "5.2", PARINDEX_INPUT_VALUE, "late_reports");
    pt_param(c->b, "5.2", PARINDEX_PARAM_PENALTY, "0.25");
    pt_param(c->b, "5.2", PARINDEX_PARAM_FLOOR, "0.5");
    pt_freeze(c);
    static const struct { const char *occ, *p51, *p52; } cases[] = {
        {"0", "2", "2"},     {"1", "1.75", "1.75"}, {"3", "1.25", "1.25"},
        {"6", "0.5", "0.5"}, {"7", "0.25", "0.5"},  {"8", "0", "0.5"},
        {"9", "0", "0.5"},   {"100", "0", "0.5"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        pt_set(c, "late_reports", cases[k].occ);
        size_t u = pt_add(c, cases[k].occ);
        assert_fixed(pt_earned(c, u, "5.1"), cases[k].p51);
        assert_fixed(pt_earned(c, u, "5.2"), cases[k].p52);
        /* no spill without the parameter */
        assert_int_equal(parindex_results_spill(c->res, u, pt_nd(c, "5.1")), 0);
    }
    parindex_explanation *e = pt_explain(c, 2, "5.1");
    assert_fixed(parindex_explanation_occurrences(e), "3");
    assert_string_equal(parindex_explanation_reason(e),
                        "3 occurrence(s) × 0.25 deducted from 2 → 1.25 of 2 (lost 0.75)");
    parindex_explanation_free(e);

    pt_set(c, "late_reports", "-1");
    pt_add_fails(c, "negative", PARINDEX_EINPUT);
    assert_error_mentions(PARINDEX_EINPUT, "occurrences 'late_reports' are negative (-1)");
    assert_error_mentions(PARINDEX_EINPUT, "unit 'negative': node 5.");
}

/* R11: failing zeroes the item and takes more from the parent. */
static void deduction_spill_to_parent(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "2", "3");
    pt_leaf(c->b, "2", "2.4", "1", PARINDEX_RULE_DEDUCTION);
    pt_input(c->b, "2.4", PARINDEX_INPUT_VALUE, "failures");
    pt_param(c->b, "2.4", PARINDEX_PARAM_PENALTY, "0.25");
    pt_param_enum(c->b, "2.4", PARINDEX_PARAM_SPILL, 1);
    pt_leaf(c->b, "2", "2.5", "2", PARINDEX_RULE_POINTS);
    pt_input(c->b, "2.5", PARINDEX_INPUT_VALUE, "given");
    pt_node(c->b, NULL, "3", "2");
    pt_leaf(c->b, "3", "3.1", "1", PARINDEX_RULE_DEDUCTION);
    pt_input(c->b, "3.1", PARINDEX_INPUT_VALUE, "failures");
    pt_param(c->b, "3.1", PARINDEX_PARAM_PENALTY, "0.25");
    pt_param_enum(c->b, "3.1", PARINDEX_PARAM_SPILL, 1);
    pt_leaf(c->b, "3", "3.2", "1", PARINDEX_RULE_POINTS);
    pt_input(c->b, "3.2", PARINDEX_INPUT_VALUE, "given3");
    assert_ok(parindex_builder_set_floor(c->b, "3", pt_fx("0.25")));
    pt_freeze(c);

    /* 6 × 0.25 = 1.5 from a maximum of 1: 0 points, 0.5 spills */
    pt_set(c, "failures", "6");
    pt_set(c, "given", "2");
    pt_set(c, "given3", "1");
    size_t u = pt_add(c, "A");
    assert_fixed(pt_earned(c, u, "2.4"), "0");
    assert_fixed(parindex_results_spill(c->res, u, pt_nd(c, "2.4")), "0.5");
    assert_fixed(pt_earned(c, u, "2"), "1.5");
    assert_fixed(pt_max(c, u, "2"), "3");
    assert_fixed(pt_lost(c, u, "2"), "1.5");
    assert_fixed(pt_earned(c, u, "3.1"), "0");
    assert_fixed(pt_earned(c, u, "3"), "0.5");
    assert_fixed(pt_earned(c, u, ""), "2");
    parindex_explanation *e = pt_explain(c, u, "2.4");
    assert_fixed(parindex_explanation_spill(e), "0.5");
    assert_fixed(parindex_explanation_occurrences(e), "6");
    assert_string_equal(parindex_explanation_reason(e),
                        "6 occurrence(s) × 0.25 deducted from 1 → floor 0 of 1, "
                        "0.5 more taken from the parent (lost 1)");
    parindex_explanation_free(e);

    /* the parent's floor holds: default 0 for 2, declared 0.25 for 3 */
    pt_set(c, "given", "0.2");
    pt_set(c, "given3", "0.6");
    u = pt_add(c, "B");
    assert_fixed(pt_earned(c, u, "2"), "0");
    assert_fixed(pt_earned(c, u, "3"), "0.25");
    pt_set(c, "given3", "0.8");
    u = pt_add(c, "C");
    assert_fixed(pt_earned(c, u, "3"), "0.3");

    /* exactly at the leaf's floor: nothing spills */
    pt_set(c, "failures", "4");
    u = pt_add(c, "D");
    assert_int_equal(parindex_results_spill(c->res, u, pt_nd(c, "2.4")), 0);
    assert_fixed(pt_earned(c, u, "2"), "0.2");
}

/* ---- count -------------------------------------------------------------- */

static void count_named_categories(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "1", "1");
    pt_leaf(c->b, "1", "1.4.2", "1", PARINDEX_RULE_COUNT);
    pt_category(c->b, "1.4.2", "online", NULL, "0.5");
    pt_category(c->b, "1.4.2", "boards", "screens", "0.25");
    pt_category(c->b, "1.4.2", "traditional", NULL, "0.5");
    pt_freeze(c);
    assert_true(parindex_ruleset_find_input(c->rs, "1.4.2.online") >= 0);
    assert_true(parindex_ruleset_find_input(c->rs, "screens") >= 0);
    assert_true(parindex_ruleset_find_input(c->rs, "1.4.2.traditional") >= 0);
    static const struct { const char *a, *b, *t, *points, *occ; } cases[] = {
        {"0", "0", "0", "0", "0"},     {"1", "0", "0", "0.5", "1"},
        {"0", "1", "0", "0.25", "1"},  {"1", "1", "0", "0.75", "2"},
        {"1", "0", "1", "1", "2"},     {"1", "1", "1", "1", "3"}, /* capped */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char unit[16];
        snprintf(unit, sizeof unit, "u%zu", k);
        pt_set(c, "1.4.2.online", cases[k].a);
        pt_set(c, "screens", cases[k].b);
        pt_set(c, "1.4.2.traditional", cases[k].t);
        size_t u = pt_add(c, unit);
        assert_fixed(pt_earned(c, u, "1.4.2"), cases[k].points);
        parindex_explanation *e = pt_explain(c, u, "1.4.2");
        assert_fixed(parindex_explanation_occurrences(e), cases[k].occ);
        assert_int_equal(parindex_explanation_input_count(e), 3);
        parindex_explanation_free(e);
    }
    parindex_explanation *e = pt_explain(c, 3, "1.4.2");
    assert_string_equal(parindex_explanation_reason(e),
                        "2 of 3 categories (online, boards; missing traditional) "
                        "→ 0.75 of 1 (lost 0.25)");
    parindex_explanation_free(e);
    static const char *const bad[] = {"2", "0.5", "-1"};
    for (size_t k = 0; k < 3; k++) {
        pt_set(c, "screens", bad[k]);
        pt_add_fails(c, "bad", PARINDEX_EINPUT);
        assert_error_mentions(PARINDEX_EINPUT, "category input 'screens' must be 0 or 1");
    }
}

static void count_unnamed_times_per(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "1", "1");
    pt_leaf(c->b, "1", "1.4", "1", PARINDEX_RULE_COUNT);
    pt_input(c->b, "1.4", PARINDEX_INPUT_VALUE, "forms");
    pt_param(c->b, "1.4", PARINDEX_PARAM_PER, "0.25");
    pt_freeze(c);
    static const struct { const char *n, *points; } cases[] = {
        {"0", "0"}, {"1", "0.25"}, {"3", "0.75"}, {"4", "1"}, {"5", "1"}, {"40", "1"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        pt_set(c, "forms", cases[k].n);
        assert_scores(c, cases[k].n, "1.4", cases[k].points);
    }
    parindex_explanation *e = pt_explain(c, 2, "1.4");
    assert_fixed(parindex_explanation_occurrences(e), "3");
    assert_string_equal(parindex_explanation_reason(e),
                        "count 3 × 0.25 → 0.75 of 1 (lost 0.25)");
    parindex_explanation_free(e);
    pt_set(c, "forms", "2.5");
    pt_add_fails(c, "fraction", PARINDEX_EINPUT);
    assert_error_mentions(PARINDEX_EINPUT, "count 'forms' must be a whole number");
    pt_set(c, "forms", "-1");
    pt_add_fails(c, "negative", PARINDEX_EINPUT);
}

/* ---- survey ------------------------------------------------------------- */

static void survey_mean_on_scale(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "9", "2");
    pt_leaf(c->b, "9", "9.1", "2", PARINDEX_RULE_SURVEY);
    pt_input(c->b, "9.1", PARINDEX_INPUT_VALUE, "rating");
    pt_param(c->b, "9.1", PARINDEX_PARAM_RANGE_LOW, "1");
    pt_param(c->b, "9.1", PARINDEX_PARAM_RANGE_HIGH, "5");
    pt_freeze(c);
    static const struct { const char *mean, *points; } cases[] = {
        {"1", "0"}, {"3", "1"}, {"4.2", "1.6"}, {"5", "2"}, {"1.5", "0.25"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        pt_set(c, "rating", cases[k].mean);
        assert_scores(c, cases[k].mean, "9.1", cases[k].points);
    }
    parindex_explanation *e = pt_explain(c, 2, "9.1");
    assert_string_equal(parindex_explanation_reason(e),
                        "survey mean value 4.2 on [1, 5] → 1.6 of 2 (lost 0.4)");
    parindex_explanation_free(e);
    static const char *const bad[] = {"5.000001", "0.999999", "0", "6"};
    for (size_t k = 0; k < 4; k++) {
        pt_set(c, "rating", bad[k]);
        pt_add_fails(c, "bad", PARINDEX_EINPUT);
        assert_error_mentions(PARINDEX_EINPUT, "is outside [1, 5]");
        assert_error_mentions(PARINDEX_EINPUT, bad[k]);
    }
}

static void survey_share_value_and_ratio(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "9", "4");
    pt_leaf(c->b, "9", "9.2", "2", PARINDEX_RULE_SURVEY);
    pt_input(c->b, "9.2", PARINDEX_INPUT_VALUE, "share");
    pt_param_enum(c->b, "9.2", PARINDEX_PARAM_SURVEY_MODE, PARINDEX_SURVEY_SHARE);
    pt_leaf(c->b, "9", "9.3", "2", PARINDEX_RULE_SURVEY);
    pt_input(c->b, "9.3", PARINDEX_INPUT_NUMERATOR, "satisfied");
    pt_input(c->b, "9.3", PARINDEX_INPUT_DENOMINATOR, "respondents");
    pt_param_enum(c->b, "9.3", PARINDEX_PARAM_SURVEY_MODE, PARINDEX_SURVEY_SHARE);
    pt_freeze(c);
    pt_set(c, "share", "0.8");
    pt_set(c, "satisfied", "45");
    pt_set(c, "respondents", "60");
    size_t u = pt_add(c, "A");
    assert_fixed(pt_earned(c, u, "9.2"), "1.6");
    assert_fixed(pt_earned(c, u, "9.3"), "1.5");
    parindex_explanation *e = pt_explain(c, u, "9.3");
    assert_fixed(parindex_explanation_measure(e), "0.75");
    assert_string_equal(parindex_explanation_reason(e),
                        "survey share ratio 45/60 = 0.75 on [0, 1] → 1.5 of 2 (lost 0.5)");
    parindex_explanation_free(e);
    pt_set(c, "share", "0");
    pt_set(c, "satisfied", "60");
    u = pt_add(c, "B");
    assert_fixed(pt_earned(c, u, "9.2"), "0");
    assert_fixed(pt_earned(c, u, "9.3"), "2");
    /* out of [0, 1] is rejected, not capped */
    pt_set(c, "share", "1.2");
    pt_add_fails(c, "over", PARINDEX_EINPUT);
    assert_error_mentions(PARINDEX_EINPUT, "node 9.2: survey share 1.2 is outside [0, 1]");
    pt_set(c, "share", "1");
    pt_set(c, "satisfied", "61");
    pt_add_fails(c, "more satisfied than asked", PARINDEX_EINPUT);
    assert_error_mentions(PARINDEX_EINPUT, "node 9.3");
}

static void survey_zero_respondents_policies(void **state)
{
    (void)state;
    check_zero_denominator(PARINDEX_RULE_SURVEY);
}

/* ---- points ------------------------------------------------------------- */

static void points_given_within_range(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "4", "9");
    pt_leaf(c->b, "4", "4.1", "9", PARINDEX_RULE_POINTS);
    pt_freeze(c);
    static const char *const ok[] = {"0", "4.5", "9"};
    for (size_t k = 0; k < 3; k++) {
        pt_set(c, "4.1", ok[k]);
        assert_scores(c, ok[k], "4.1", ok[k]);
    }
    parindex_explanation *e = pt_explain(c, 1, "4.1");
    assert_string_equal(parindex_explanation_reason(e), "given 4.5 of 9 (lost 4.5)");
    parindex_explanation_free(e);
    pt_set(c, "4.1", "-0.001");
    pt_add_fails(c, "below", PARINDEX_EINPUT);
    assert_error_mentions(PARINDEX_EINPUT, "node 4.1: given points -0.001 are outside [0, 9]");
    pt_set(c, "4.1", "9.001");
    pt_add_fails(c, "above", PARINDEX_EINPUT);
    assert_error_mentions(PARINDEX_EINPUT, "node 4.1: given points 9.001 are outside [0, 9]");
}

/* ---- not applicable ----------------------------------------------------- */

static void build_na_tree(parindex_builder *b)
{
    pt_node(b, NULL, "A", "60");
    pt_leaf(b, "A", "A.1", "40", PARINDEX_RULE_POINTS);
    pt_leaf(b, "A", "A.2", "20", PARINDEX_RULE_POINTS);
    pt_node(b, NULL, "B", "40");
    pt_leaf(b, "B", "B.1", "25", PARINDEX_RULE_POINTS);
    pt_leaf(b, "B", "B.2", "15", PARINDEX_RULE_POINTS);
}

static void na_node_removed_from_earned_and_max(void **state)
{
    pt_ctx *c = C(state);
    build_na_tree(c->b);
    pt_freeze(c);
    pt_set(c, "A.1", "30");
    pt_set(c, "A.2", "15");
    /* B's inputs stay unset: a node marked N/A reads none of them */
    assert_ok(parindex_inputs_set_node_na(c->in, "B", 1));
    size_t u = pt_add(c, "unit");
    assert_fixed(parindex_results_total(c->res, u), "45");
    assert_fixed(pt_max(c, u, ""), "60");
    assert_fixed(parindex_results_index(c->res, u), "75");
    for (size_t k = 0; k < 3; k++) {
        const char *code = (const char *[]){"B", "B.1", "B.2"}[k];
        assert_true(parindex_results_is_na(c->res, u, pt_nd(c, code)));
        assert_fixed(pt_earned(c, u, code), "0");
        assert_fixed(pt_max(c, u, code), "0");
        assert_fixed(pt_lost(c, u, code), "0");
        assert_int_equal(parindex_results_percent(c->res, u, pt_nd(c, code)),
                         PARINDEX_FIXED_NONE);
    }
    parindex_explanation *e = pt_explain(c, u, "B.1");
    assert_true(parindex_explanation_is_na(e));
    assert_contains(parindex_explanation_reason(e), "not applicable");
    parindex_explanation_free(e);
    e = pt_explain(c, u, "B");
    assert_true(parindex_explanation_is_na(e));
    assert_string_equal(parindex_explanation_reason(e), "not applicable");
    parindex_explanation_free(e);

    /* applicable again: the missing inputs now matter */
    assert_ok(parindex_inputs_set_node_na(c->in, "B", 0));
    pt_add_fails(c, "unit 2", PARINDEX_EINPUT);
    pt_set(c, "B.1", "25");
    pt_set(c, "B.2", "0");
    u = pt_add(c, "unit 2");
    assert_fixed(parindex_results_index(c->res, u), "70");
    assert_ok(parindex_inputs_set_node_na(c->in, "A.2", 1));
    u = pt_add(c, "unit 3");
    assert_fixed(pt_max(c, u, "A"), "40");
    assert_fixed(pt_max(c, u, ""), "80");
    assert_fixed(parindex_results_index(c->res, u), "68.75");
    assert_status(parindex_inputs_set_node_na(c->in, "Z", 1), PARINDEX_ENOTFOUND);
}

static void na_input_and_all_children(void **state)
{
    pt_ctx *c = C(state);
    build_na_tree(c->b);
    pt_freeze(c);
    pt_set(c, "A.1", "40");
    pt_set(c, "A.2", "10");
    pt_set(c, "B.1", "5");
    assert_ok(parindex_inputs_set_na(c->in, "B.2"));
    size_t u = pt_add(c, "one");
    assert_true(parindex_results_is_na(c->res, u, pt_nd(c, "B.2")));
    assert_false(parindex_results_is_na(c->res, u, pt_nd(c, "B")));
    assert_fixed(pt_max(c, u, "B"), "25");
    assert_fixed(pt_earned(c, u, "B"), "5");
    assert_fixed(parindex_results_index(c->res, u), "64.705882"); /* 55 / 85 */
    parindex_explanation *e = pt_explain(c, u, "B.2");
    assert_true(parindex_explanation_is_na(e));
    assert_string_equal(parindex_explanation_input_text(e, 0), "N/A");
    assert_int_equal(parindex_explanation_input_value(e, 0), PARINDEX_FIXED_NONE);
    assert_string_equal(parindex_explanation_reason(e), "not applicable");
    parindex_explanation_free(e);

    /* every child N/A: the parent is N/A */
    assert_ok(parindex_inputs_set_text(c->in, "B.1", "n/a"));
    u = pt_add(c, "both");
    assert_true(parindex_results_is_na(c->res, u, pt_nd(c, "B")));
    assert_fixed(pt_max(c, u, "B"), "0");
    assert_fixed(pt_max(c, u, ""), "60");
    assert_fixed(parindex_results_index(c->res, u), "83.333333");

    /* everything N/A: the index has no value and no band */
    assert_ok(parindex_inputs_set_node_na(c->in, "A", 1));
    u = pt_add(c, "none");
    assert_true(parindex_results_is_na(c->res, u, 0));
    assert_int_equal(parindex_results_index(c->res, u), PARINDEX_FIXED_NONE);
    assert_string_equal(parindex_results_band(c->res, u), "");
}

/* ---- aggregations ------------------------------------------------------- */

static const char *const pci_codes[10] = {
    "entry", "land", "transparency", "time_costs", "informal_charges",
    "policy_bias", "proactivity", "business_support", "labour", "legal"};
static const char *const pci_weights[10] = {"5", "5", "20", "5", "10",
                                            "5", "5", "20", "20", "5"};

static void build_pci(parindex_builder *b)
{
    assert_ok(parindex_builder_set_max(b, "", pt_fx("100")));
    assert_ok(parindex_builder_set_aggregation(b, "", PARINDEX_AGG_WEIGHTED_SUM));
    assert_ok(parindex_builder_set_weight_total(b, "", pt_fx("100")));
    assert_ok(parindex_builder_set_precision(b, 2, PARINDEX_ROUND_HALF_UP,
                                             PARINDEX_ROUND_AT_LEAF));
    for (size_t k = 0; k < 10; k++) {
        pt_leaf(b, NULL, pci_codes[k], "10", PARINDEX_RULE_POINTS);
        assert_ok(parindex_builder_set_weight(b, pci_codes[k], pt_fx(pci_weights[k])));
    }
}

/* PCI 2021, Quảng Ninh (domain.md §4.2): 73.04 from the printed
 * sub-indices, published 73.02. */
static void weighted_sum_pci_quang_ninh(void **state)
{
    pt_ctx *c = C(state);
    build_pci(c->b);
    pt_freeze(c);
    static const char *const qn[10] = {"7.98", "7.39", "6.31", "8.52", "7.85",
                                       "6.96", "7.74", "7.39", "7.27", "7.91"};
    for (size_t k = 0; k < 10; k++)
        pt_set(c, pci_codes[k], qn[k]);
    size_t u = pt_add(c, "Quảng Ninh");
    parindex_fixed total = parindex_results_total(c->res, u);
    assert_fixed(total, "73.04");
    parindex_fixed published = pt_fx("73.02");
    assert_true(total - published <= pt_fx("0.02") &&
                published - total <= pt_fx("0.02"));
    assert_fixed(pt_max(c, u, ""), "100");
    assert_fixed(parindex_results_index(c->res, u), "73.04");

    /* Hải Phòng, 70.61 published */
    static const char *const hp[10] = {"6.52", "6.77", "6.82", "7.64", "6.70",
                                       "6.02", "7.73", "7.49", "7.17", "7.21"};
    for (size_t k = 0; k < 10; k++)
        pt_set(c, pci_codes[k], hp[k]);
    u = pt_add(c, "Hải Phòng");
    total = parindex_results_total(c->res, u);
    assert_true(total - pt_fx("70.61") <= pt_fx("0.02") &&
                pt_fx("70.61") - total <= pt_fx("0.02"));

    /* an N/A sub-index removes its weight share from the maximum */
    assert_ok(parindex_inputs_set_na(c->in, "transparency"));
    u = pt_add(c, "no transparency");
    assert_fixed(pt_max(c, u, ""), "80");
    /* 70.605 computed, minus 20 × 6.82 / 10 = 13.64 */
    assert_fixed(parindex_results_total(c->res, u), "56.965");
    assert_fixed(parindex_results_index(c->res, u), "71.20625");
}

static pt_ctx *two_child_agg(int agg, const char *w1, const char *w2)
{
    pt_ctx *c = pt_ctx_new();
    pt_node(c->b, NULL, "N", "10");
    assert_ok(parindex_builder_set_aggregation(c->b, "N", agg));
    pt_leaf(c->b, "N", "N.1", "4", PARINDEX_RULE_POINTS);
    pt_leaf(c->b, "N", "N.2", "2", PARINDEX_RULE_POINTS);
    assert_ok(parindex_builder_set_weight(c->b, "N.1", pt_fx(w1)));
    assert_ok(parindex_builder_set_weight(c->b, "N.2", pt_fx(w2)));
    assert_ok(parindex_builder_set_precision(c->b, 6, PARINDEX_ROUND_HALF_UP,
                                             PARINDEX_ROUND_AT_LEAF));
    pt_freeze(c);
    /* N.1: 2 of 4 (0.5); N.2: 2 of 2 (1) */
    pt_set(c, "N.1", "2");
    pt_set(c, "N.2", "2");
    return c;
}

static void aggregations_with_na_children(void **state)
{
    (void)state;
    static const struct {
        int agg;
        const char *w1, *w2, *both, *max_both, *only_n1, *max_n1;
    } cases[] = {
        /* sum: maxima must add up, so N's maximum is checked separately */
        {PARINDEX_AGG_MEAN, "1", "1", "7.5", "10", "5", "10"},
        {PARINDEX_AGG_MEAN, "3", "1", "7.5", "10", "5", "10"},
        {PARINDEX_AGG_WEIGHTED_MEAN, "3", "1", "6.25", "10", "5", "10"},
        {PARINDEX_AGG_WEIGHTED_MEAN, "1", "1", "7.5", "10", "5", "10"},
        {PARINDEX_AGG_WEIGHTED_SUM, "3", "1", "6.25", "10", "3.75", "7.5"},
        {PARINDEX_AGG_WEIGHTED_SUM, "1", "1", "7.5", "10", "2.5", "5"},
        {PARINDEX_AGG_GEOMETRIC_MEAN, "1", "1", "7.071068", "10", "5", "10"},
        {PARINDEX_AGG_GEOMETRIC_MEAN, "3", "1", "5.946036", "10", "5", "10"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        pt_ctx *c = two_child_agg(cases[k].agg, cases[k].w1, cases[k].w2);
        size_t u = pt_add(c, "both");
        assert_fixed(pt_earned(c, u, "N"), cases[k].both);
        assert_fixed(pt_max(c, u, "N"), cases[k].max_both);
        assert_ok(parindex_inputs_set_na(c->in, "N.2"));
        u = pt_add(c, "only N.1");
        assert_fixed(pt_earned(c, u, "N"), cases[k].only_n1);
        assert_fixed(pt_max(c, u, "N"), cases[k].max_n1);
        assert_fixed(parindex_results_percent(c->res, u, pt_nd(c, "N")), "50");
        /* N.1 N/A as well: N is N/A */
        assert_ok(parindex_inputs_set_na(c->in, "N.1"));
        u = pt_add(c, "none");
        assert_true(parindex_results_is_na(c->res, u, pt_nd(c, "N")));
        assert_fixed(pt_max(c, u, "N"), "0");
        /* a zero child zeroes a geometric mean only */
        pt_set(c, "N.1", "0");
        pt_set(c, "N.2", "2");
        u = pt_add(c, "zero");
        if (cases[k].agg == PARINDEX_AGG_GEOMETRIC_MEAN)
            assert_fixed(pt_earned(c, u, "N"), "0");
        else
            assert_true(pt_earned(c, u, "N") > 0);
        parindex_explanation *e = pt_explain(c, 0, "N");
        assert_int_equal(parindex_explanation_rule(e), PARINDEX_RULE_NONE);
        assert_contains(parindex_explanation_reason(e),
                        parindex_aggregation_name(cases[k].agg));
        parindex_explanation_free(e);
        pt_ctx_free(c);
    }
}

static void sum_with_na_children(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "N", "6");
    pt_leaf(c->b, "N", "N.1", "4", PARINDEX_RULE_POINTS);
    pt_leaf(c->b, "N", "N.2", "2", PARINDEX_RULE_POINTS);
    pt_freeze(c);
    pt_set(c, "N.1", "2");
    pt_set(c, "N.2", "2");
    size_t u = pt_add(c, "both");
    assert_fixed(pt_earned(c, u, "N"), "4");
    assert_fixed(pt_max(c, u, "N"), "6");
    parindex_explanation *e = pt_explain(c, u, "N");
    assert_string_equal(parindex_explanation_reason(e), "sum of 2 children: 4 of 6 (lost 2)");
    parindex_explanation_free(e);
    assert_ok(parindex_inputs_set_na(c->in, "N.1"));
    u = pt_add(c, "only N.2");
    assert_fixed(pt_earned(c, u, "N"), "2");
    assert_fixed(pt_max(c, u, "N"), "2");
    assert_fixed(parindex_results_index(c->res, u), "100");
}

/* ---- rounding and bands ------------------------------------------------- */

static void rounding_half_up_at_three_decimals(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "1", "2");
    pt_leaf(c->b, "1", "1.1", "1", PARINDEX_RULE_POINTS);
    pt_leaf(c->b, "1", "1.2", "1", PARINDEX_RULE_PROPORTIONAL);
    pt_freeze(c);
    assert_int_equal(parindex_ruleset_decimals(c->rs), 3);
    assert_int_equal(parindex_ruleset_rounding(c->rs), PARINDEX_ROUND_HALF_UP);
    assert_int_equal(parindex_ruleset_round_stage(c->rs), PARINDEX_ROUND_AT_LEAF);
    pt_set(c, "1.1", "0.3335");
    pt_set(c, "1.2", "0.3335");
    size_t u = pt_add(c, "U");
    assert_fixed(pt_earned(c, u, "1.1"), "0.334");
    assert_fixed(pt_earned(c, u, "1.2"), "0.334");
    assert_fixed(pt_earned(c, u, "1"), "0.668");
    pt_set(c, "1.1", "0.33349");
    pt_set(c, "1.2", "0.3345");
    u = pt_add(c, "V");
    assert_fixed(pt_earned(c, u, "1.1"), "0.333");
    assert_fixed(pt_earned(c, u, "1.2"), "0.335");

    pt_ctx *d = pt_ctx_new();
    pt_node(d->b, NULL, "1", "1");
    pt_leaf(d->b, "1", "1.2", "1", PARINDEX_RULE_PROPORTIONAL);
    assert_ok(parindex_builder_set_precision(d->b, 3, PARINDEX_ROUND_HALF_EVEN,
                                             PARINDEX_ROUND_AT_LEAF));
    pt_freeze(d);
    pt_set(d, "1.2", "0.3345");
    assert_scores(d, "even", "1.2", "0.334");
    pt_set(d, "1.2", "0.3355");
    assert_scores(d, "odd", "1.2", "0.336");
    pt_ctx_free(d);
}

/* Three leaves of 1/3 under a sum, and a mean node whose value has more
 * decimals than its children. */
static pt_ctx *stage_ctx(int stage, int node_decimals)
{
    pt_ctx *c = pt_ctx_new();
    pt_node(c->b, NULL, "S", "3");
    for (int k = 1; k <= 3; k++) {
        char code[8];
        snprintf(code, sizeof code, "S.%d", k);
        pt_leaf(c->b, "S", code, "1", PARINDEX_RULE_PROPORTIONAL);
        pt_input(c->b, code, PARINDEX_INPUT_NUMERATOR, "one");
        pt_input(c->b, code, PARINDEX_INPUT_DENOMINATOR, "three");
    }
    pt_node(c->b, NULL, "M", "1");
    assert_ok(parindex_builder_set_aggregation(c->b, "M", PARINDEX_AGG_MEAN));
    pt_leaf(c->b, "M", "M.1", "3", PARINDEX_RULE_POINTS);
    pt_leaf(c->b, "M", "M.2", "1", PARINDEX_RULE_POINTS);
    if (node_decimals >= 0)
        assert_ok(parindex_builder_set_decimals(c->b, "M", node_decimals));
    assert_ok(parindex_builder_set_precision(c->b, 3, PARINDEX_ROUND_HALF_UP, stage));
    pt_freeze(c);
    pt_set(c, "one", "1");
    pt_set(c, "three", "3");
    pt_set(c, "M.1", "1");
    pt_set(c, "M.2", "0");
    return c;
}

static void rounding_stages_and_node_decimals(void **state)
{
    (void)state;
    static const struct { int stage, dec; const char *leaf, *s, *m, *total; } cases[] = {
        {PARINDEX_ROUND_AT_LEAF, -1, "0.333", "0.999", "0.166667", "1.165667"},
        {PARINDEX_ROUND_AT_NODE, -1, "0.333", "0.999", "0.167", "1.166"},
        {PARINDEX_ROUND_AT_DISPLAY, -1, "0.333333", "0.999999", "0.166667", "1.166666"},
        /* decimals on a node round it whatever the stage */
        {PARINDEX_ROUND_AT_DISPLAY, 1, "0.333333", "0.999999", "0.2", "1.199999"},
        {PARINDEX_ROUND_AT_LEAF, 2, "0.333", "0.999", "0.17", "1.169"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        pt_ctx *c = stage_ctx(cases[k].stage, cases[k].dec);
        size_t u = pt_add(c, "U");
        assert_fixed(pt_earned(c, u, "S.1"), cases[k].leaf);
        assert_fixed(pt_earned(c, u, "S"), cases[k].s);
        assert_fixed(pt_earned(c, u, "M"), cases[k].m);
        assert_fixed(parindex_results_total(c->res, u), cases[k].total);
        assert_int_equal(parindex_node_decimals(c->rs, pt_nd(c, "M")),
                         cases[k].dec >= 0 ? cases[k].dec : 3);
        assert_int_equal(parindex_node_decimals(c->rs, pt_nd(c, "S")), 3);
        pt_ctx_free(c);
    }
}

static void bands_with_explicit_edges(void **state)
{
    pt_ctx *c = C(state);
    parindex_builder *b = c->b;
    pt_leaf(b, NULL, "1", "100", PARINDEX_RULE_POINTS);
    pt_input(b, "1", PARINDEX_INPUT_VALUE, "score");
    assert_ok(parindex_builder_add_band(b, "Xuất sắc", pt_fx("90"), 1, PARINDEX_FIXED_NONE, 0));
    assert_ok(parindex_builder_add_band(b, "Tốt", pt_fx("80"), 1, pt_fx("90"), 0));
    assert_ok(parindex_builder_add_band(b, "Khá", pt_fx("70"), 0, pt_fx("80"), 0));
    assert_ok(parindex_builder_add_band(b, "Trung bình", pt_fx("50"), 1, pt_fx("70"), 1));
    assert_ok(parindex_builder_add_band(b, "Yếu", PARINDEX_FIXED_NONE, 0, pt_fx("50"), 0));
    pt_freeze(c);
    assert_int_equal(parindex_ruleset_band_count(c->rs), 5);
    static const struct { const char *score, *band; } cases[] = {
        {"100", "Xuất sắc"}, {"90", "Xuất sắc"}, {"89.999", "Tốt"},
        {"80", "Tốt"},       {"79.999", "Khá"},  {"70.001", "Khá"},
        {"70", "Trung bình"}, /* Khá is open at 70, Trung bình closed */
        {"50", "Trung bình"}, {"49.999", "Yếu"}, {"0", "Yếu"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        pt_set(c, "score", cases[k].score);
        size_t u = pt_add(c, cases[k].score);
        assert_fixed(parindex_results_index(c->res, u), cases[k].score);
        assert_string_equal(parindex_results_band(c->res, u), cases[k].band);
    }
    assert_null(parindex_ruleset_classify(c->rs, PARINDEX_FIXED_NONE));
    assert_string_equal(parindex_ruleset_classify(c->rs, pt_fx("90")), "Xuất sắc");

    /* a gap between bands: an index in it has no band */
    pt_ctx *d = pt_ctx_new();
    pt_leaf(d->b, NULL, "1", "100", PARINDEX_RULE_POINTS);
    assert_ok(parindex_builder_add_band(d->b, "A", pt_fx("90"), 0, pt_fx("100"), 1));
    assert_ok(parindex_builder_add_band(d->b, "B", pt_fx("50"), 1, pt_fx("80"), 1));
    pt_freeze(d);
    pt_set(d, "1", "90");
    size_t u = pt_add(d, "edge");
    assert_string_equal(parindex_results_band(d->res, u), "");
    assert_null(parindex_ruleset_classify(d->rs, pt_fx("85")));
    assert_string_equal(parindex_ruleset_classify(d->rs, pt_fx("80")), "B");
    pt_ctx_free(d);
}

/* ---- caps and parts ----------------------------------------------------- */

static void cap_limits_a_node(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "1", "3");
    pt_leaf(c->b, "1", "1.1", "1", PARINDEX_RULE_POINTS);
    pt_leaf(c->b, "1", "1.2", "2", PARINDEX_RULE_POINTS);
    assert_ok(parindex_builder_set_cap(c->b, "1", pt_fx("2.5")));
    pt_freeze(c);
    pt_set(c, "1.1", "1");
    pt_set(c, "1.2", "2");
    size_t u = pt_add(c, "full");
    assert_fixed(pt_earned(c, u, "1"), "2.5");
    assert_fixed(pt_max(c, u, "1"), "3");
    pt_set(c, "1.2", "1.25");
    u = pt_add(c, "under the cap");
    assert_fixed(pt_earned(c, u, "1"), "2.25");
}

/* Appraisal and survey parts add up to the total, a spill included. */
static void parts_add_up_to_total(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "A", "3");
    assert_ok(parindex_builder_set_part(c->b, "A", PARINDEX_PART_APPRAISAL));
    pt_leaf(c->b, "A", "A.1", "1", PARINDEX_RULE_DEDUCTION);
    pt_param(c->b, "A.1", PARINDEX_PARAM_PENALTY, "0.25");
    pt_param_enum(c->b, "A.1", PARINDEX_PARAM_SPILL, 1);
    pt_leaf(c->b, "A", "A.2", "2", PARINDEX_RULE_POINTS);
    pt_node(c->b, NULL, "B", "2");
    assert_ok(parindex_builder_set_part(c->b, "B", PARINDEX_PART_SURVEY));
    pt_leaf(c->b, "B", "B.1", "2", PARINDEX_RULE_SURVEY);
    pt_param(c->b, "B.1", PARINDEX_PARAM_RANGE_LOW, "1");
    pt_param(c->b, "B.1", PARINDEX_PARAM_RANGE_HIGH, "5");
    pt_freeze(c);
    assert_int_equal(parindex_node_part(c->rs, pt_nd(c, "A.1")), PARINDEX_PART_APPRAISAL);
    assert_int_equal(parindex_node_part(c->rs, pt_nd(c, "B.1")), PARINDEX_PART_SURVEY);
    pt_set(c, "A.1", "6");
    pt_set(c, "A.2", "2");
    pt_set(c, "B.1", "3");
    size_t u = pt_add(c, "U");
    assert_fixed(pt_earned(c, u, "A"), "1.5");
    assert_fixed(parindex_results_total(c->res, u), "2.5");
    assert_fixed(parindex_results_part(c->res, u, PARINDEX_PART_APPRAISAL, 0), "1.5");
    assert_fixed(parindex_results_part(c->res, u, PARINDEX_PART_SURVEY, 0), "1");
    assert_fixed(parindex_results_part(c->res, u, PARINDEX_PART_APPRAISAL, 1), "3");
    assert_fixed(parindex_results_part(c->res, u, PARINDEX_PART_SURVEY, 1), "2");
    /* the survey not run: its part leaves the maximum */
    assert_ok(parindex_inputs_set_node_na(c->in, "B", 1));
    u = pt_add(c, "no survey");
    assert_fixed(parindex_results_part(c->res, u, PARINDEX_PART_SURVEY, 1), "0");
    assert_fixed(parindex_results_index(c->res, u), "50");
}

/* ---- missing input ------------------------------------------------------ */

static void missing_input_names_unit_node_and_input(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "1", "3");
    pt_leaf(c->b, "1", "1.1", "1", PARINDEX_RULE_POINTS);
    pt_leaf(c->b, "1", "1.2", "2", PARINDEX_RULE_PROPORTIONAL);
    pt_input(c->b, "1.2", PARINDEX_INPUT_NUMERATOR, "plan_done");
    pt_input(c->b, "1.2", PARINDEX_INPUT_DENOMINATOR, "plan_total");
    pt_freeze(c);
    pt_set(c, "1.1", "1");
    pt_set(c, "plan_total", "4");
    pt_add_fails(c, "Sở Tư pháp", PARINDEX_EINPUT);
    const parindex_error *e = parindex_error_last();
    assert_contains(parindex_error_message(e), "Sở Tư pháp");
    assert_contains(parindex_error_message(e), "node 1.2");
    assert_contains(parindex_error_message(e), "input 'plan_done' is not set");
    assert_string_equal(parindex_error_path(e), "node 1.2");
    assert_int_equal(parindex_results_unit_count(c->res), 0);

    pt_set(c, "plan_done", "3");
    size_t u = pt_add(c, "Sở Tư pháp");
    assert_int_equal(u, 0);
    assert_fixed(parindex_results_total(c->res, u), "2.5");
    /* a later failure leaves the earlier unit alone */
    parindex_inputs_clear(c->in);
    pt_add_fails(c, "Sở Y tế", PARINDEX_EINPUT);
    assert_error_mentions(PARINDEX_EINPUT, "unit 'Sở Y tế': node 1.");
    assert_error_mentions(PARINDEX_EINPUT, "is not set");
    assert_int_equal(parindex_results_unit_count(c->res), 1);
    assert_fixed(parindex_results_total(c->res, 0), "2.5");
    /* and a duplicate unit is refused */
    pt_set(c, "1.1", "1");
    pt_set(c, "plan_done", "3");
    pt_set(c, "plan_total", "4");
    assert_status(parindex_results_add(c->res, "Sở Tư pháp", NULL, c->in), PARINDEX_EEXISTS);
    assert_error_mentions(PARINDEX_EEXISTS, "duplicate unit 'Sở Tư pháp'");
    assert_int_equal(parindex_results_unit_count(c->res), 1);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, pt_ctx_setup, pt_ctx_teardown)
    const struct CMUnitTest tests[] = {
        T(outcome_each_named_outcome),
        T(outcome_unknown_lists_known_ones),
        T(outcome_shared_input_between_two_leaves),
        T(tiers_value_both_sides_of_every_boundary),
        T(tiers_ratio_mode_with_scale_100),
        T(tiers_ratio_compared_exactly),
        T(tiers_five_tiers_every_edge),
        T(tiers_hit_policy_first_and_unique),
        T(tiers_touching_edges),
        T(tiers_no_match_error_or_points),
        T(tiers_zero_denominator_policies),
        T(proportional_two_times_five_sixths),
        T(proportional_range_low_high),
        T(proportional_zero_below_and_full_from),
        T(proportional_ratio_above_one_capped),
        T(proportional_zero_denominator_policies),
        T(deduction_per_occurrence_and_floors),
        T(deduction_spill_to_parent),
        T(count_named_categories),
        T(count_unnamed_times_per),
        T(survey_mean_on_scale),
        T(survey_share_value_and_ratio),
        T(survey_zero_respondents_policies),
        T(points_given_within_range),
        T(na_node_removed_from_earned_and_max),
        T(na_input_and_all_children),
        T(weighted_sum_pci_quang_ninh),
        T(aggregations_with_na_children),
        T(sum_with_na_children),
        T(rounding_half_up_at_three_decimals),
        T(rounding_stages_and_node_decimals),
        T(bands_with_explicit_edges),
        T(cap_limits_a_node),
        T(parts_add_up_to_total),
        T(missing_input_names_unit_node_and_input),
    };
#undef T
    return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
