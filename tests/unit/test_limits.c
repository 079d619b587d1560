/* Exact aggregation of shares, leaf caps, magnitude limits and extreme
 * inputs: nothing overflows, nothing is silently wrong. */
#include "ptest.h"

#define C(state) ((pt_ctx *)*(state))

/* Full marks under a mean reach the maximum exactly; equal units are equal. */
static void mean_of_full_marks_is_the_maximum(void **state)
{
    pt_ctx *c = C(state);
    assert_ok(parindex_builder_set_aggregation(c->b, "", PARINDEX_AGG_MEAN));
    assert_ok(parindex_builder_set_max(c->b, "", pt_fx("10")));
    pt_leaf(c->b, NULL, "a", "1", PARINDEX_RULE_POINTS);
    pt_leaf(c->b, NULL, "b", "1", PARINDEX_RULE_POINTS);
    pt_leaf(c->b, NULL, "c", "1", PARINDEX_RULE_POINTS);
    pt_freeze(c);
    pt_set(c, "a", "1");
    pt_set(c, "b", "1");
    pt_set(c, "c", "1");
    size_t u1 = pt_add(c, "all three");
    assert_fixed(parindex_results_total(c->res, u1), "10");
    assert_fixed(parindex_results_index(c->res, u1), "100");
    assert_ok(parindex_inputs_set_na(c->in, "a"));
    size_t u2 = pt_add(c, "two of three");
    assert_fixed(parindex_results_total(c->res, u2), "10");
    pt_set(c, "a", "0.5");
    pt_set(c, "b", "0.5");
    pt_set(c, "c", "0.5");
    size_t u3 = pt_add(c, "halves");
    assert_fixed(parindex_results_total(c->res, u3), "5");
}

/* weighted_sum: with a child not applicable, full marks give exactly the
 * applicable maximum. */
static void weighted_sum_full_marks_with_na(void **state)
{
    pt_ctx *c = C(state);
    assert_ok(parindex_builder_set_aggregation(c->b, "", PARINDEX_AGG_WEIGHTED_SUM));
    assert_ok(parindex_builder_set_max(c->b, "", pt_fx("10")));
    pt_leaf(c->b, NULL, "a", "1", PARINDEX_RULE_POINTS);
    pt_leaf(c->b, NULL, "b", "1", PARINDEX_RULE_POINTS);
    pt_leaf(c->b, NULL, "c", "1", PARINDEX_RULE_POINTS);
    pt_freeze(c);
    assert_ok(parindex_inputs_set_na(c->in, "a"));
    pt_set(c, "b", "1");
    pt_set(c, "c", "1");
    size_t u = pt_add(c, "U");
    assert_int_equal(parindex_results_total(c->res, u), parindex_results_max(c->res, u, 0));
    assert_fixed(parindex_results_index(c->res, u), "100");
}

/* A cap on a leaf cuts its points, on both scoring walks, and says so. */
static void leaf_cap_cuts_points(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "1", "3");
    pt_leaf(c->b, "1", "1.1", "2", PARINDEX_RULE_POINTS);
    assert_ok(parindex_builder_set_cap(c->b, "1.1", pt_fx("1")));
    pt_leaf(c->b, "1", "1.2", "1", PARINDEX_RULE_POINTS);
    pt_freeze(c);
    pt_set(c, "1.1", "2");
    pt_set(c, "1.2", "1");
    size_t u = pt_add(c, "nothing N/A");
    assert_fixed(pt_earned(c, u, "1.1"), "1");
    assert_fixed(pt_lost(c, u, "1.1"), "1");
    assert_fixed(parindex_results_total(c->res, u), "2");
    parindex_explanation *e = pt_explain(c, u, "1.1");
    assert_string_equal(parindex_explanation_reason(e), "given 2 of 2, capped at 1 (lost 1)");
    parindex_explanation_free(e);
    assert_ok(parindex_inputs_set_node_na(c->in, "1.2", 1));
    u = pt_add(c, "with N/A");
    assert_fixed(pt_earned(c, u, "1.1"), "1");
    assert_fixed(parindex_results_total(c->res, u), "1");
}

static void parse_refuses_what_does_not_fit(void **state)
{
    (void)state;
    parindex_fixed v = 7;
    assert_status(parindex_fixed_parse("9223372036854.9", &v), PARINDEX_ELIMIT);
    assert_status(parindex_fixed_parse("9223372036854.775808", &v), PARINDEX_ELIMIT);
    assert_int_equal(v, 7);
    assert_ok(parindex_fixed_parse("9223372036854.775807", &v));
    assert_int_equal(v, INT64_MAX);
    assert_ok(parindex_fixed_parse("-9223372036854.775807", &v));
    assert_int_equal(v, -INT64_MAX);
    assert_true(v != PARINDEX_FIXED_NONE);
}

static void rule_set_amounts_are_limited(void **state)
{
    pt_ctx *c = C(state);
    assert_status(parindex_builder_add_node(c->b, NULL, "1", "x", pt_fx("1000001")),
                  PARINDEX_ELIMIT);
    assert_contains(parindex_error_message(parindex_error_last()), "beyond the limit of 1000000");
    pt_node(c->b, NULL, "1", "1000000");
    assert_status(parindex_builder_set_weight(c->b, "1", pt_fx("2000000")), PARINDEX_ELIMIT);
    pt_leaf(c->b, "1", "1.1", "1000000", PARINDEX_RULE_TIERS);
    assert_status(parindex_builder_add_tier(c->b, "1.1", pt_fx("0"), 1, pt_fx("2000000000"), 1,
                                            pt_fx("1")),
                  PARINDEX_ELIMIT);
    assert_string_equal(parindex_error_path(parindex_error_last()), "node 1.1");
    assert_status(parindex_builder_set_param(c->b, "1.1", PARINDEX_PARAM_RATIO_SCALE,
                                             pt_fx("1000000001")),
                  PARINDEX_ELIMIT);
    assert_status(parindex_builder_add_band(c->b, "x", pt_fx("-1000000001"), 1, pt_fx("0"), 0),
                  PARINDEX_ELIMIT);
}

/* An outcome cannot be named like the N/A mark of data files. */
static void outcome_named_na_refused(void **state)
{
    pt_ctx *c = C(state);
    pt_leaf(c->b, NULL, "1", "1", PARINDEX_RULE_OUTCOME);
    assert_status(parindex_builder_add_outcome(c->b, "1", "na", 0), PARINDEX_EINVAL);
    assert_status(parindex_builder_add_outcome(c->b, "1", "N/A", 0), PARINDEX_EINVAL);
    assert_ok(parindex_builder_add_outcome(c->b, "1", "nab", 0));
}

/* Inputs at the edge of the range score without overflow. */
static void extreme_inputs_do_not_overflow(void **state)
{
    pt_ctx *c = C(state);
    pt_node(c->b, NULL, "1", "1000000");
    pt_leaf(c->b, "1", "1.1", "500000", PARINDEX_RULE_PROPORTIONAL);
    pt_param(c->b, "1.1", PARINDEX_PARAM_RATIO_SCALE, "1000000000");
    pt_param(c->b, "1.1", PARINDEX_PARAM_RANGE_HIGH, "1000000000");
    pt_leaf(c->b, "1", "1.2", "500000", PARINDEX_RULE_DEDUCTION);
    pt_param(c->b, "1.2", PARINDEX_PARAM_PENALTY, "1000000");
    pt_param_enum(c->b, "1.2", PARINDEX_PARAM_SPILL, 1);
    pt_freeze(c);
    pt_set(c, "1.1.num", "9000000000000");
    pt_set(c, "1.1.den", "9200000000000");
    pt_set(c, "1.2", "9223372036854.775807");
    size_t u = pt_add(c, "U");
    /* 500000 × 9/9.2 = 489130.434782..., to 3 decimals */
    assert_fixed(pt_earned(c, u, "1.1"), "489130.435");
    assert_fixed(pt_earned(c, u, "1.2"), "0");
    /* the spill takes the parent to its floor, 0, not below */
    assert_fixed(pt_earned(c, u, "1"), "0");
}

static void deduction_floor_below_zero_refused(void **state)
{
    pt_ctx *c = C(state);
    pt_leaf(c->b, NULL, "1", "1", PARINDEX_RULE_DEDUCTION);
    pt_param(c->b, "1", PARINDEX_PARAM_PENALTY, "0.5");
    pt_param(c->b, "1", PARINDEX_PARAM_FLOOR, "-5");
    parindex_ruleset *rs = NULL;
    assert_status(parindex_builder_freeze(c->b, &rs, NULL, NULL), PARINDEX_ERULE);
    assert_null(rs);
    assert_contains(parindex_error_message(parindex_error_last()), "below 0");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, pt_ctx_setup, pt_ctx_teardown)
    const struct CMUnitTest tests[] = {
        T(mean_of_full_marks_is_the_maximum),
        T(weighted_sum_full_marks_with_na),
        T(leaf_cap_cuts_points),
        T(parse_refuses_what_does_not_fit),
        T(rule_set_amounts_are_limited),
        T(outcome_named_na_refused),
        T(extreme_inputs_do_not_overflow),
        T(deduction_floor_below_zero_refused),
    };
#undef T
    return cmocka_run_group_tests_name("limits", tests, NULL, NULL);
}
