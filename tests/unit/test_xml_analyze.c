/* Static analysis of rule sets built in code: findings reach the freeze
 * diag callback as warnings and the rule set still freezes; loaded rule sets
 * get the same findings (tests/golden/warnings). */
#include "ptest.h"

#define B(state) (((pt_ctx *)*(state))->b)

/* Freeze, expecting success; returns the warnings. */
static pt_diags freeze_warns(pt_ctx *c)
{
    pt_diags d;
    memset(&d, 0, sizeof d);
    assert_ok(parindex_builder_freeze(c->b, &c->rs, pt_diag_collect, &d));
    assert_non_null(c->rs);
    for (size_t k = 0; k < d.n; k++) {
        assert_int_equal(d.severity[k], PARINDEX_SEVERITY_WARNING);
        assert_int_equal(d.code[k], PARINDEX_ERULE);
    }
    return d;
}

#define assert_only(d, path_, msg_)                                          \
    do {                                                                     \
        if ((d).n != 1)                                                      \
            fail_msg("%zu findings, first: %s", (d).n, (d).n ? (d).message[0] : "-"); \
        assert_string_equal((d).path[0], (path_));                           \
        assert_string_equal((d).message[0], (msg_));                         \
    } while (0)

/* R4 (Cà Mau 1.1.4): "trên 90%: 2; từ 70% - 90%: 1; dưới 70%: 0" written
 * with 90 % in no tier. */
static void tier_gap_is_found(void **state)
{
    pt_ctx *c = *state;
    pt_leaf(c->b, NULL, "1.1.4", "2", PARINDEX_RULE_TIERS);
    pt_input(c->b, "1.1.4", PARINDEX_INPUT_NUMERATOR, "done");
    pt_input(c->b, "1.1.4", PARINDEX_INPUT_DENOMINATOR, "planned");
    pt_param(c->b, "1.1.4", PARINDEX_PARAM_RATIO_SCALE, "100");
    pt_tier(c->b, "1.1.4", "90", 0, NULL, 0, "2");
    pt_tier(c->b, "1.1.4", "70", 1, "90", 0, "1");
    pt_tier(c->b, "1.1.4", NULL, 0, "70", 0, "0");
    pt_diags d = freeze_warns(c);
    assert_only(d, "node 1.1.4",
                "node 1.1.4: no tier matches the ratio 90: scoring such a unit "
                "fails (no-match is 'error')");
    /* and scoring a unit at exactly 90 % does fail, as the warning says */
    assert_ok(parindex_inputs_new(&c->in, c->rs, NULL));
    assert_ok(parindex_results_new(&c->res, c->rs, NULL));
    pt_set(c, "done", "9");
    pt_set(c, "planned", "10");
    pt_add_fails(c, "A", PARINDEX_EINPUT);
}

static void no_gap_when_no_match_gives_points(void **state)
{
    pt_ctx *c = *state;
    pt_leaf(c->b, NULL, "1", "2", PARINDEX_RULE_TIERS);
    pt_param_enum(c->b, "1", PARINDEX_PARAM_NO_MATCH, PARINDEX_NO_MATCH_POINTS);
    pt_param(c->b, "1", PARINDEX_PARAM_NO_MATCH_POINTS, "0");
    pt_tier(c->b, "1", "90", 0, NULL, 0, "2");
    pt_tier(c->b, "1", "0", 1, "90", 0, "1");
    pt_diags d = freeze_warns(c);
    assert_int_equal(d.n, 0);
}

/* A value domain starts at 0: a first tier from 5 leaves [0, 5) out; a
 * ratio runs up to its scale. */
static void gaps_below_the_first_tier_and_up_to_the_scale(void **state)
{
    pt_ctx *c = *state;
    pt_node(c->b, NULL, "1", "2");
    pt_leaf(c->b, "1", "1.1", "1", PARINDEX_RULE_TIERS);
    pt_tier(c->b, "1.1", "5", 1, "10", 1, "1");
    pt_leaf(c->b, "1", "1.2", "1", PARINDEX_RULE_TIERS);
    pt_input(c->b, "1.2", PARINDEX_INPUT_NUMERATOR, "n");
    pt_input(c->b, "1.2", PARINDEX_INPUT_DENOMINATOR, "d");
    pt_tier(c->b, "1.2", "0", 1, "0.5", 0, "1");
    pt_diags d = freeze_warns(c);
    assert_int_equal(d.n, 2);
    assert_string_equal(d.message[0], "node 1.1: no tier matches values in [0, 5): "
                                      "scoring such a unit fails (no-match is 'error')");
    assert_string_equal(d.message[1], "node 1.2: no tier matches ratios in [0.5, 1]: "
                                      "scoring such a unit fails (no-match is 'error')");
}

static void unreachable_tier_under_first(void **state)
{
    pt_ctx *c = *state;
    pt_leaf(c->b, NULL, "1", "1", PARINDEX_RULE_TIERS);
    pt_param_enum(c->b, "1", PARINDEX_PARAM_HIT_POLICY, PARINDEX_HIT_FIRST);
    pt_tier(c->b, "1", "0", 1, "50", 0, "0");
    pt_tier(c->b, "1", "50", 1, NULL, 0, "1");
    pt_tier(c->b, "1", "60", 1, "70", 1, "0.5"); /* covered by tier 2 */
    pt_tier(c->b, "1", "40", 1, "55", 1, "0.5"); /* covered by tiers 1 and 2 */
    pt_diags d = freeze_warns(c);
    assert_int_equal(d.n, 2);
    assert_string_equal(d.message[0], "node 1: tier 3 [60, 70] can never match: the "
                                      "tiers before it cover it (hit policy 'first')");
    assert_string_equal(d.message[1], "node 1: tier 4 [40, 55] can never match: the "
                                      "tiers before it cover it (hit policy 'first')");
}

static void maxima_and_caps(void **state)
{
    pt_ctx *c = *state;
    pt_node(c->b, NULL, "1", "3");
    pt_leaf(c->b, "1", "1.1", "1", PARINDEX_RULE_OUTCOME);
    pt_outcome(c->b, "1.1", "done", "0.5");
    pt_outcome(c->b, "1.1", "none", "0");
    pt_leaf(c->b, "1", "1.2", "1", PARINDEX_RULE_COUNT);
    pt_category(c->b, "1.2", "a", NULL, "0.25");
    pt_category(c->b, "1.2", "b", NULL, "0.25");
    pt_leaf(c->b, "1", "1.3", "1", PARINDEX_RULE_TIERS);
    pt_tier(c->b, "1.3", "0", 1, NULL, 0, "1");
    assert_ok(parindex_builder_set_cap(c->b, "1.3", pt_fx("0.5")));
    assert_ok(parindex_builder_set_cap(c->b, "1", pt_fx("4")));
    pt_diags d = freeze_warns(c);
    static const char *const want[] = {
        "node 1: the cap 4 is above the maximum 3 and has no effect",
        "node 1.1: no outcome gives the maximum 1 (the best gives 0.5): the "
        "maximum cannot be reached",
        "node 1.2: the categories add up to less than the maximum 1 (all "
        "categories give 0.5): the maximum cannot be reached",
        "node 1.3: tier 1 [0, +inf) gives 1, above the node's cap 0.5 (the "
        "points are cut to the cap)",
    };
    assert_int_equal(d.n, 4);
    for (size_t k = 0; k < 4; k++)
        assert_string_equal(d.message[k], want[k]);
}

static void weights_that_do_nothing(void **state)
{
    pt_ctx *c = *state;
    pt_node(c->b, NULL, "1", "2");
    pt_leaf(c->b, "1", "1.1", "1", PARINDEX_RULE_POINTS);
    pt_leaf(c->b, "1", "1.2", "1", PARINDEX_RULE_POINTS);
    assert_ok(parindex_builder_set_weight(c->b, "1.2", pt_fx("3")));
    assert_ok(parindex_builder_set_weight_total(c->b, "1", pt_fx("4")));
    pt_diags d = freeze_warns(c);
    assert_int_equal(d.n, 2);
    assert_string_equal(d.message[0], "node 1: the weights of its children are "
                                      "ignored under 'sum' aggregation (node 1.2 "
                                      "has weight 3)");
    assert_string_equal(d.message[1], "node 1: weights-total is declared, but 'sum' "
                                      "aggregation ignores weights");
    /* under weighted_sum the same weights are used: no finding */
    pt_ctx *w = pt_ctx_new();
    assert_ok(parindex_builder_set_max(w->b, "", pt_fx("10")));
    assert_ok(parindex_builder_set_aggregation(w->b, "", PARINDEX_AGG_WEIGHTED_SUM));
    pt_leaf(w->b, NULL, "a", "10", PARINDEX_RULE_POINTS);
    pt_leaf(w->b, NULL, "b", "10", PARINDEX_RULE_POINTS);
    assert_ok(parindex_builder_set_weight(w->b, "b", pt_fx("3")));
    assert_ok(parindex_builder_set_weight_total(w->b, "", pt_fx("4")));
    d = freeze_warns(w);
    assert_int_equal(d.n, 0);
    pt_ctx_free(w);
}

static void bands_with_a_hole(void **state)
{
    pt_ctx *c = *state;
    pt_leaf(c->b, NULL, "1", "1", PARINDEX_RULE_POINTS);
    assert_ok(parindex_builder_add_band(c->b, "A", pt_fx("90"), 1, pt_fx("100"), 1));
    assert_ok(parindex_builder_add_band(c->b, "B", pt_fx("80"), 1, pt_fx("89"), 1));
    assert_ok(parindex_builder_add_band(c->b, "C", PARINDEX_FIXED_NONE, 0, pt_fx("80"), 0));
    pt_diags d = freeze_warns(c);
    assert_only(d, "node (root)",
                "node (root): no band covers index values in (89, 90), which lie "
                "between bands");
}

/* Errors first: no findings are reported until the rule set freezes. */
static void no_findings_with_errors(void **state)
{
    pt_ctx *c = *state;
    pt_node(c->b, NULL, "1", "3");
    pt_leaf(c->b, "1", "1.1", "1", PARINDEX_RULE_OUTCOME);
    pt_outcome(c->b, "1.1", "done", "0.5");
    pt_diags d;
    memset(&d, 0, sizeof d);
    parindex_ruleset *rs = NULL;
    assert_status(parindex_builder_freeze(c->b, &rs, pt_diag_collect, &d), PARINDEX_ERULE);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.severity[0], PARINDEX_SEVERITY_ERROR);
}

static void clean_rule_set_has_no_findings(void **state)
{
    pt_ctx *c = *state;
    pt_node(c->b, NULL, "1", "3");
    pt_leaf(c->b, "1", "1.1", "1", PARINDEX_RULE_OUTCOME);
    pt_outcome(c->b, "1.1", "on_time", "1");
    pt_outcome(c->b, "1.1", "late", "0.5");
    pt_leaf(c->b, "1", "1.2", "2", PARINDEX_RULE_TIERS);
    pt_tier(c->b, "1.2", "90", 0, NULL, 0, "2");
    pt_tier(c->b, "1.2", "70", 1, "90", 1, "1");
    pt_tier(c->b, "1.2", NULL, 0, "70", 0, "0");
    assert_ok(parindex_builder_add_band(c->b, "A", pt_fx("90"), 1, PARINDEX_FIXED_NONE, 0));
    assert_ok(parindex_builder_add_band(c->b, "B", pt_fx("80"), 1, pt_fx("90"), 0));
    pt_diags d = freeze_warns(c);
    assert_int_equal(d.n, 0);
    /* without a callback the findings are simply not reported */
    parindex_ruleset *rs = NULL;
    assert_ok(parindex_builder_freeze(c->b, &rs, NULL, NULL));
    parindex_ruleset_free(rs);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, pt_ctx_setup, pt_ctx_teardown)
    const struct CMUnitTest tests[] = {
        T(tier_gap_is_found),
        T(no_gap_when_no_match_gives_points),
        T(gaps_below_the_first_tier_and_up_to_the_scale),
        T(unreachable_tier_under_first),
        T(maxima_and_caps),
        T(weights_that_do_nothing),
        T(bands_with_a_hole),
        T(no_findings_with_errors),
        T(clean_rule_set_has_no_findings),
    };
#undef T
    return cmocka_run_group_tests_name("xml_analyze", tests, NULL, NULL);
}
