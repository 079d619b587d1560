/* Builder and freeze errors: each with its status, a message naming the
 * node, and the node's path; every problem reaches the diag callback. */
#include "ptest.h"

#define B(state) (((pt_ctx *)*(state))->b)

/* Freeze, expecting failure with `code`; returns the diagnostics. */
static pt_diags freeze_fails(parindex_builder *b, int code)
{
    pt_diags d;
    memset(&d, 0, sizeof d);
    parindex_ruleset *rs = (parindex_ruleset *)&d; /* must be reset to NULL */
    assert_status(parindex_builder_freeze(b, &rs, pt_diag_collect, &d), code);
    assert_null(rs);
    assert_true(d.n >= 1);
    /* the return status and the last error describe the first problem */
    assert_int_equal(d.code[0], code);
    assert_string_equal(parindex_error_message(parindex_error_last()), d.message[0]);
    assert_string_equal(parindex_error_path(parindex_error_last()), d.path[0]);
    for (size_t k = 0; k < d.n; k++)
        assert_int_equal(d.severity[k], PARINDEX_SEVERITY_ERROR);
    return d;
}

/* Assert the only problem found names `node` (its path) and says `what`. */
#define assert_one_problem(d, node, what)                                    \
    do {                                                                     \
        if ((d).n != 1)                                                      \
            fail_msg("%zu problems, first: %s", (d).n, (d).message[0]);      \
        assert_contains((d).message[0], "node " node);                       \
        assert_contains((d).message[0], (what));                             \
        assert_string_equal((d).path[0], "node " node);                      \
    } while (0)

/* Assert the last error names `node` in its message and path. */
#define assert_last_names(node)                                              \
    do {                                                                     \
        assert_contains(parindex_error_message(parindex_error_last()),      \
                        "node " node);                                       \
        assert_string_equal(parindex_error_path(parindex_error_last()),     \
                            "node " node);                                   \
    } while (0)

/* A valid one-field rule set that tests then break. */
static void base(parindex_builder *b)
{
    pt_node(b, NULL, "1", "3");
    pt_leaf(b, "1", "1.1", "1", PARINDEX_RULE_POINTS);
    pt_leaf(b, "1", "1.2", "2", PARINDEX_RULE_POINTS);
}

static void base_freezes(void **state)
{
    parindex_builder *b = B(state);
    base(b);
    parindex_ruleset *rs = NULL;
    pt_diags d = {0};
    assert_ok(parindex_builder_freeze(b, &rs, pt_diag_collect, &d));
    assert_int_equal(d.n, 0);
    assert_non_null(rs);
    assert_int_equal(parindex_ruleset_node_count(rs), 4);
    assert_fixed(parindex_node_max(rs, 0), "3");
    parindex_ruleset_free(rs);
}

static void duplicate_codes(void **state)
{
    parindex_builder *b = B(state);
    base(b);
    assert_status(parindex_builder_add_node(b, NULL, "1.1", "again", pt_fx("1")),
                  PARINDEX_EEXISTS);
    assert_error_mentions(PARINDEX_EEXISTS, "duplicate node code '1.1'");
    assert_string_equal(parindex_error_path(parindex_error_last()), "node 1.1");
    /* duplicate outcome and category names within a rule */
    pt_leaf(b, "1", "1.3", "1", PARINDEX_RULE_OUTCOME);
    pt_outcome(b, "1.3", "done", "1");
    assert_status(parindex_builder_add_outcome(b, "1.3", "done", 0), PARINDEX_EEXISTS);
    assert_error_mentions(PARINDEX_EEXISTS, "duplicate outcome 'done'");
    assert_last_names("1.3");
    pt_leaf(b, "1", "1.4", "1", PARINDEX_RULE_COUNT);
    pt_category(b, "1.4", "media", NULL, "0.5");
    assert_status(parindex_builder_add_category(b, "1.4", "media", NULL, 0),
                  PARINDEX_EEXISTS);
    assert_error_mentions(PARINDEX_EEXISTS, "duplicate category 'media'");
    assert_last_names("1.4");
    /* the rejected additions left nothing behind */
    assert_ok(parindex_builder_set_max(b, "1", pt_fx("5")));
    parindex_ruleset *rs = NULL;
    assert_ok(parindex_builder_freeze(b, &rs, NULL, NULL));
    assert_int_equal(parindex_ruleset_node_count(rs), 6);
    assert_int_equal(parindex_ruleset_find_node(rs, "1.1"), 2);
    assert_string_equal(parindex_node_name(rs, 2), "1.1");
    parindex_ruleset_free(rs);
}

static void leaf_without_rule(void **state)
{
    parindex_builder *b = B(state);
    base(b);
    pt_node(b, "1", "1.3", "1");
    assert_ok(parindex_builder_set_max(b, "1", pt_fx("4")));
    pt_diags d = freeze_fails(b, PARINDEX_ERULE);
    assert_one_problem(d, "1.3", "is a leaf without a rule");
}

static void rule_on_inner_node(void **state)
{
    parindex_builder *b = B(state);
    base(b);
    assert_status(parindex_builder_set_rule(b, "1", PARINDEX_RULE_POINTS), PARINDEX_ERULE);
    assert_error_mentions(PARINDEX_ERULE, "has children and cannot have a rule");
    assert_last_names("1");
    assert_status(parindex_builder_set_rule(b, "", PARINDEX_RULE_POINTS), PARINDEX_ERULE);
    assert_error_mentions(PARINDEX_ERULE, "(root)");
    /* the other way round: children under a leaf that has a rule */
    assert_status(parindex_builder_add_node(b, "1.1", "1.1.1", "x", pt_fx("1")),
                  PARINDEX_ERULE);
    assert_error_mentions(PARINDEX_ERULE, "node 1.1 has a rule and cannot have children");
    assert_error_mentions(PARINDEX_ERULE, "1.1.1");
    assert_last_names("1.1");
    /* a rule set twice */
    assert_status(parindex_builder_set_rule(b, "1.2", PARINDEX_RULE_OUTCOME), PARINDEX_ERULE);
    assert_error_mentions(PARINDEX_ERULE, "node 1.2 already has a rule");
    /* nothing changed: still valid */
    parindex_ruleset *rs = NULL;
    assert_ok(parindex_builder_freeze(b, &rs, NULL, NULL));
    assert_int_equal(parindex_node_rule(rs, (size_t)parindex_ruleset_find_node(rs, "1.2")),
                     PARINDEX_RULE_POINTS);
    assert_int_equal(parindex_node_rule(rs, (size_t)parindex_ruleset_find_node(rs, "1")),
                     PARINDEX_RULE_NONE);
    parindex_ruleset_free(rs);
}

static void tiers_overlap_under_unique(void **state)
{
    parindex_builder *b = B(state);
    base(b);
    pt_leaf(b, "1", "1.3", "1", PARINDEX_RULE_TIERS);
    pt_tier(b, "1.3", "0", 1, "50", 1, "0");
    pt_tier(b, "1.3", "50", 0, "80", 1, "0.5");
    pt_tier(b, "1.3", "70", 1, NULL, 0, "1");
    assert_ok(parindex_builder_set_max(b, "1", pt_fx("4")));
    pt_diags d = freeze_fails(b, PARINDEX_ERULE);
    assert_one_problem(d, "1.3", "tiers 2 (50, 80] and 3 [70, +inf) overlap under hit policy 'unique'");
    /* explicitly unique: the same */
    pt_param_enum(b, "1.3", PARINDEX_PARAM_HIT_POLICY, PARINDEX_HIT_UNIQUE);
    d = freeze_fails(b, PARINDEX_ERULE);
    assert_one_problem(d, "1.3", "overlap");
    pt_param_enum(b, "1.3", PARINDEX_PARAM_HIT_POLICY, PARINDEX_HIT_FIRST);
    parindex_ruleset *rs = NULL;
    assert_ok(parindex_builder_freeze(b, &rs, NULL, NULL));
    parindex_ruleset_free(rs);
}

static void empty_tier(void **state)
{
    parindex_builder *b = B(state);
    base(b);
    pt_leaf(b, "1", "1.3", "1", PARINDEX_RULE_TIERS);
    pt_tier(b, "1.3", "50", 1, "50", 0, "1");
    assert_ok(parindex_builder_set_max(b, "1", pt_fx("4")));
    pt_diags d = freeze_fails(b, PARINDEX_ERULE);
    assert_one_problem(d, "1.3", "tier 1 [50, 50) contains no value");
}

static void points_above_maximum(void **state)
{
    (void)state;
    static const char *const what[] = {
        "outcome 'on_time' gives 1.5 points, above the maximum 1",
        "tier 2 [50, +inf) gives 1.25 points, above the maximum 1",
        "category 'media' gives 2 points, above the maximum 1",
        "the no-match rule gives 1.000001 points, above the maximum 1",
        "outcome 'late' gives negative points (-0.5)",
    };
    for (int k = 0; k < 5; k++) {
        pt_ctx *c = pt_ctx_new();
        parindex_builder *b = c->b;
        pt_node(b, NULL, "1", "1");
        switch (k) {
        case 0:
        case 4:
            pt_leaf(b, "1", "1.1", "1", PARINDEX_RULE_OUTCOME);
            pt_outcome(b, "1.1", "on_time", k == 0 ? "1.5" : "1");
            pt_outcome(b, "1.1", "late", k == 0 ? "0.5" : "-0.5");
            break;
        case 1:
            pt_leaf(b, "1", "1.1", "1", PARINDEX_RULE_TIERS);
            pt_tier(b, "1.1", NULL, 0, "50", 0, "1");
            pt_tier(b, "1.1", "50", 1, NULL, 0, "1.25");
            break;
        case 2:
            pt_leaf(b, "1", "1.1", "1", PARINDEX_RULE_COUNT);
            pt_category(b, "1.1", "docs", NULL, "0.5");
            pt_category(b, "1.1", "media", NULL, "2");
            break;
        case 3:
            pt_leaf(b, "1", "1.1", "1", PARINDEX_RULE_TIERS);
            pt_tier(b, "1.1", "50", 1, NULL, 0, "1");
            pt_param_enum(b, "1.1", PARINDEX_PARAM_NO_MATCH, PARINDEX_NO_MATCH_POINTS);
            pt_param(b, "1.1", PARINDEX_PARAM_NO_MATCH_POINTS, "1.000001");
            break;
        }
        pt_diags d = freeze_fails(b, PARINDEX_ERULE);
        assert_one_problem(d, "1.1", what[k]);
        pt_ctx_free(c);
    }
}

static void children_maxima_do_not_add_up(void **state)
{
    parindex_builder *b = B(state);
    base(b);
    assert_ok(parindex_builder_set_max(b, "1", pt_fx("3.5")));
    pt_diags d = freeze_fails(b, PARINDEX_ERULE);
    assert_one_problem(d, "1", "the children's maxima add up to 3, not to the node's maximum 3.5");

    /* a declared root maximum is checked too */
    assert_ok(parindex_builder_set_max(b, "1", pt_fx("3")));
    assert_ok(parindex_builder_set_max(b, "", pt_fx("100")));
    d = freeze_fails(b, PARINDEX_ERULE);
    assert_one_problem(d, "(root)", "add up to 3, not to the node's maximum 100");

    /* weighted aggregations scale their children: no sum check */
    assert_ok(parindex_builder_set_aggregation(b, "", PARINDEX_AGG_WEIGHTED_SUM));
    parindex_ruleset *rs = NULL;
    assert_ok(parindex_builder_freeze(b, &rs, NULL, NULL));
    assert_fixed(parindex_node_max(rs, 0), "100");
    parindex_ruleset_free(rs);
}

static void weighted_root_needs_a_maximum(void **state)
{
    parindex_builder *b = B(state);
    base(b);
    assert_ok(parindex_builder_set_aggregation(b, "", PARINDEX_AGG_MEAN));
    pt_diags d = freeze_fails(b, PARINDEX_ERULE);
    assert_int_equal(d.n, 1);
    assert_contains(d.message[0], "the total maximum must be declared for a mean root");
    assert_string_equal(d.path[0], "node (root)");
}

static void weights_do_not_add_up(void **state)
{
    parindex_builder *b = B(state);
    base(b);
    assert_ok(parindex_builder_set_aggregation(b, "1", PARINDEX_AGG_WEIGHTED_MEAN));
    assert_ok(parindex_builder_set_weight(b, "1.1", pt_fx("30")));
    assert_ok(parindex_builder_set_weight(b, "1.2", pt_fx("65")));
    assert_ok(parindex_builder_set_weight_total(b, "1", pt_fx("100")));
    pt_diags d = freeze_fails(b, PARINDEX_ERULE);
    assert_one_problem(d, "1", "the children's weights add up to 95, not to the declared 100");
    assert_ok(parindex_builder_set_weight(b, "1.2", pt_fx("70")));
    parindex_ruleset *rs = NULL;
    assert_ok(parindex_builder_freeze(b, &rs, NULL, NULL));
    assert_fixed(parindex_node_weight(rs, (size_t)parindex_ruleset_find_node(rs, "1.2")), "70");
    parindex_ruleset_free(rs);
    /* weights and totals must be positive */
    assert_status(parindex_builder_set_weight(b, "1.2", 0), PARINDEX_EINVAL);
    assert_error_mentions(PARINDEX_EINVAL, "node 1.2: the weight must be greater than 0");
    assert_status(parindex_builder_set_weight_total(b, "1", pt_fx("-1")), PARINDEX_EINVAL);
    assert_error_mentions(PARINDEX_EINVAL, "node 1:");
}

static void input_read_as_number_and_outcome(void **state)
{
    parindex_builder *b = B(state);
    base(b);
    pt_input(b, "1.1", PARINDEX_INPUT_VALUE, "reports");
    pt_leaf(b, "1", "1.3", "1", PARINDEX_RULE_OUTCOME);
    pt_input(b, "1.3", PARINDEX_INPUT_VALUE, "reports");
    pt_outcome(b, "1.3", "on_time", "1");
    assert_ok(parindex_builder_set_max(b, "1", pt_fx("4")));
    pt_diags d = freeze_fails(b, PARINDEX_ERULE);
    assert_one_problem(d, "1.3", "input 'reports' is read both as a number and as an outcome");
}

static void overlapping_bands(void **state)
{
    parindex_builder *b = B(state);
    base(b);
    assert_ok(parindex_builder_add_band(b, "Tốt", pt_fx("80"), 1, pt_fx("90"), 1));
    assert_ok(parindex_builder_add_band(b, "Xuất sắc", pt_fx("90"), 1, PARINDEX_FIXED_NONE, 0));
    assert_ok(parindex_builder_add_band(b, "Khá", pt_fx("70"), 1, pt_fx("80"), 0));
    pt_diags d = freeze_fails(b, PARINDEX_ERULE);
    assert_int_equal(d.n, 1);
    assert_contains(d.message[0], "bands 'Tốt' and 'Xuất sắc' overlap");
    /* band arguments are checked when added */
    assert_status(parindex_builder_add_band(b, "", 0, 1, pt_fx("10"), 1), PARINDEX_EINVAL);
    assert_status(parindex_builder_add_band(b, "Yếu", pt_fx("50"), 1, pt_fx("40"), 1),
                  PARINDEX_EINVAL);
    assert_error_mentions(PARINDEX_EINVAL, "band 'Yếu' is empty");
}

static void missing_penalty(void **state)
{
    parindex_builder *b = B(state);
    base(b);
    pt_leaf(b, "1", "1.3", "1", PARINDEX_RULE_DEDUCTION);
    assert_ok(parindex_builder_set_max(b, "1", pt_fx("4")));
    pt_diags d = freeze_fails(b, PARINDEX_ERULE);
    assert_one_problem(d, "1.3", "a deduction rule needs a penalty above 0");
    pt_param(b, "1.3", PARINDEX_PARAM_PENALTY, "0");
    d = freeze_fails(b, PARINDEX_ERULE);
    assert_one_problem(d, "1.3", "penalty above 0");
    pt_param(b, "1.3", PARINDEX_PARAM_PENALTY, "0.25");
    pt_param(b, "1.3", PARINDEX_PARAM_FLOOR, "1.5");
    d = freeze_fails(b, PARINDEX_ERULE);
    assert_one_problem(d, "1.3", "the floor 1.5 is above the maximum 1");
}

static void survey_mean_without_scale(void **state)
{
    parindex_builder *b = B(state);
    base(b);
    pt_leaf(b, "1", "1.3", "1", PARINDEX_RULE_SURVEY);
    assert_ok(parindex_builder_set_max(b, "1", pt_fx("4")));
    pt_diags d = freeze_fails(b, PARINDEX_ERULE);
    assert_one_problem(d, "1.3", "a survey mean needs its scale (range low and high)");
    pt_param(b, "1.3", PARINDEX_PARAM_RANGE_HIGH, "5");
    d = freeze_fails(b, PARINDEX_ERULE);
    assert_one_problem(d, "1.3", "a survey mean needs its scale");
    pt_param(b, "1.3", PARINDEX_PARAM_RANGE_LOW, "5");
    d = freeze_fails(b, PARINDEX_ERULE);
    assert_one_problem(d, "1.3", "the range high (5) must be above the range low (5)");
    pt_param(b, "1.3", PARINDEX_PARAM_RANGE_LOW, "1");
    parindex_ruleset *rs = NULL;
    assert_ok(parindex_builder_freeze(b, &rs, NULL, NULL));
    parindex_ruleset_free(rs);
}

static void other_rule_problems(void **state)
{
    (void)state;
    static const char *const what[] = {
        "an outcome rule needs at least one outcome",
        "a tiers rule needs at least one tier",
        "a count rule needs named categories or points per category above 0",
        "'zero below' (0.9) is above 'full from' (0.8)",
        "a count rule with named categories reads no count input",
    };
    for (int k = 0; k < 5; k++) {
        pt_ctx *c = pt_ctx_new();
        parindex_builder *b = c->b;
        pt_node(b, NULL, "1", "1");
        static const int types[] = {PARINDEX_RULE_OUTCOME, PARINDEX_RULE_TIERS,
                                    PARINDEX_RULE_COUNT, PARINDEX_RULE_PROPORTIONAL,
                                    PARINDEX_RULE_COUNT};
        pt_leaf(b, "1", "1.1", "1", types[k]);
        if (k == 3) {
            pt_param(b, "1.1", PARINDEX_PARAM_ZERO_BELOW, "0.9");
            pt_param(b, "1.1", PARINDEX_PARAM_FULL_FROM, "0.8");
        } else if (k == 4) {
            pt_category(b, "1.1", "media", NULL, "0.5");
            pt_input(b, "1.1", PARINDEX_INPUT_VALUE, "forms");
        }
        pt_diags d = freeze_fails(b, PARINDEX_ERULE);
        assert_one_problem(d, "1.1", what[k]);
        pt_ctx_free(c);
    }
    /* an empty rule set */
    pt_ctx *c = pt_ctx_new();
    pt_diags d = freeze_fails(c->b, PARINDEX_ERULE);
    assert_contains(d.message[0], "the rule set has no nodes");
    pt_ctx_free(c);
}

/* Setter errors are reported at once, naming the node. */
static void setter_errors(void **state)
{
    parindex_builder *b = B(state);
    base(b);
    pt_leaf(b, "1", "1.3", "1", PARINDEX_RULE_DEDUCTION);
    assert_status(parindex_builder_set_param(b, "1.3", PARINDEX_PARAM_HIT_POLICY, 0),
                  PARINDEX_EINVAL);
    assert_error_mentions(PARINDEX_EINVAL, "does not apply to a deduction rule");
    assert_last_names("1.3");
    assert_status(parindex_builder_set_param(b, "1.3", PARINDEX_PARAM_SPILL, 2),
                  PARINDEX_EINVAL);
    assert_last_names("1.3");
    assert_status(parindex_builder_set_param(b, "1.3", 99, 0), PARINDEX_EINVAL);
    assert_status(parindex_builder_set_input(b, "1.3", PARINDEX_INPUT_NUMERATOR, "x"),
                  PARINDEX_EINVAL);
    assert_error_mentions(PARINDEX_EINVAL, "node 1.3: a deduction rule reads no ratio");
    assert_status(parindex_builder_set_input(b, "1.3", PARINDEX_INPUT_VALUE, ""),
                  PARINDEX_EINVAL);
    assert_status(parindex_builder_add_tier(b, "1.3", 0, 1, 1, 1, 0), PARINDEX_EINVAL);
    assert_error_mentions(PARINDEX_EINVAL, "node 1.3: tiers belong to tiers rules");
    assert_status(parindex_builder_add_outcome(b, "1.3", "x", 0), PARINDEX_EINVAL);
    assert_status(parindex_builder_add_category(b, "1.3", "x", NULL, 0), PARINDEX_EINVAL);
    pt_node(b, "1", "1.4", "1");
    assert_status(parindex_builder_set_param(b, "1.4", PARINDEX_PARAM_PENALTY, 1),
                  PARINDEX_EMISUSE);
    assert_error_mentions(PARINDEX_EMISUSE, "node 1.4 has no rule yet");
    assert_status(parindex_builder_set_rule(b, "1.4", 42), PARINDEX_EINVAL);
    assert_last_names("1.4");
    pt_leaf(b, "1", "1.5", "1", PARINDEX_RULE_TIERS);
    assert_status(parindex_builder_set_param(b, "1.5", PARINDEX_PARAM_RATIO_SCALE, 0),
                  PARINDEX_EINVAL);
    assert_error_mentions(PARINDEX_EINVAL, "node 1.5: the ratio scale must be greater than 0");
    assert_status(parindex_builder_set_param(b, "1.5", PARINDEX_PARAM_RATIO_SCALE,
                                             pt_fx("-100")), PARINDEX_EINVAL);
    /* unknown nodes and parents */
    assert_status(parindex_builder_set_max(b, "9.9", pt_fx("1")), PARINDEX_ENOTFOUND);
    assert_error_mentions(PARINDEX_ENOTFOUND, "'9.9'");
    assert_status(parindex_builder_add_node(b, "9", "9.1", "x", pt_fx("1")),
                  PARINDEX_ENOTFOUND);
    assert_error_mentions(PARINDEX_ENOTFOUND, "9.1");
    assert_status(parindex_builder_add_node(b, NULL, "", "x", pt_fx("1")), PARINDEX_EINVAL);
    assert_status(parindex_builder_add_node(b, NULL, "2", "x", 0), PARINDEX_EINVAL);
    assert_error_mentions(PARINDEX_EINVAL, "node 2: the maximum must be greater than 0");
    assert_status(parindex_builder_set_max(b, "1", pt_fx("-3")), PARINDEX_EINVAL);
    assert_status(parindex_builder_set_aggregation(b, "1", 9), PARINDEX_EINVAL);
    assert_status(parindex_builder_set_part(b, "1", 7), PARINDEX_EINVAL);
    assert_status(parindex_builder_set_decimals(b, "1", 7), PARINDEX_EINVAL);
    assert_status(parindex_builder_set_cap(b, "1", pt_fx("-1")), PARINDEX_EINVAL);
    assert_status(parindex_builder_set_precision(b, 7, 0, 0), PARINDEX_EINVAL);
    assert_status(parindex_builder_set_precision(b, 2, 3, 0), PARINDEX_EINVAL);
    assert_status(parindex_builder_set_precision(b, 2, 0, 3), PARINDEX_EINVAL);
    assert_status(parindex_builder_set_identity(b, PARINDEX_ID_COUNT, "x"), PARINDEX_EINVAL);
    /* NULL handles */
    assert_status(parindex_builder_add_node(NULL, NULL, "1", "x", 1), PARINDEX_EMISUSE);
    assert_status(parindex_builder_freeze(b, NULL, NULL, NULL), PARINDEX_EMISUSE);
    parindex_ruleset *rs = (parindex_ruleset *)b;
    assert_status(parindex_builder_freeze(NULL, &rs, NULL, NULL), PARINDEX_EMISUSE);
    assert_status(parindex_builder_new(NULL, NULL), PARINDEX_EMISUSE);
}

/* Every problem reaches the callback, in the order found; the status and
 * the last error describe the first. */
static void diag_receives_all_problems(void **state)
{
    parindex_builder *b = B(state);
    assert_ok(parindex_builder_set_weight_total(b, "", pt_fx("10")));
    pt_node(b, NULL, "1", "3");
    pt_leaf(b, "1", "1.1", "1", PARINDEX_RULE_OUTCOME);
    pt_input(b, "1.1", PARINDEX_INPUT_VALUE, "x");
    pt_outcome(b, "1.1", "yes", "2");
    pt_node(b, "1", "1.2", "1");
    pt_node(b, NULL, "2", "2");
    pt_leaf(b, "2", "2.1", "2", PARINDEX_RULE_DEDUCTION);
    pt_input(b, "2.1", PARINDEX_INPUT_VALUE, "x");
    pt_leaf(b, "2", "2.2", "1", PARINDEX_RULE_SURVEY);
    assert_ok(parindex_builder_add_band(b, "A", pt_fx("50"), 1, pt_fx("100"), 1));
    assert_ok(parindex_builder_add_band(b, "B", 0, 1, pt_fx("50"), 1));

    pt_diags d = freeze_fails(b, PARINDEX_ERULE);
    static const struct { const char *path, *what; } want[] = {
        {"node (root)", "the children's weights add up to 2, not to the declared 10"},
        {"node 1", "the children's maxima add up to 2, not to the node's maximum 3"},
        {"node 1.1", "outcome 'yes' gives 2 points, above the maximum 1"},
        {"node 1.2", "node 1.2 is a leaf without a rule"},
        {"node 2", "the children's maxima add up to 3, not to the node's maximum 2"},
        {"node 2.1", "a deduction rule needs a penalty above 0"},
        {"node 2.2", "a survey mean needs its scale"},
        {"", "bands 'A' and 'B' overlap"},
        {"node 2.1", "input 'x' is read both as a number and as an outcome"},
    };
    size_t n = sizeof want / sizeof want[0];
    if (d.n != n) {
        for (size_t k = 0; k < d.n; k++)
            print_message("diag %zu: %s | %s\n", k, d.path[k], d.message[k]);
        fail_msg("%zu problems, expected %zu", d.n, n);
    }
    for (size_t k = 0; k < n; k++) {
        assert_int_equal(d.code[k], PARINDEX_ERULE);
        assert_string_equal(d.path[k], want[k].path);
        assert_contains(d.message[k], want[k].what);
    }
    assert_string_equal(parindex_error_path(parindex_error_last()), "node (root)");
    assert_contains(parindex_error_message(parindex_error_last()), want[0].what);

    /* without a callback: the same status and first problem */
    parindex_ruleset *rs = NULL;
    assert_status(parindex_builder_freeze(b, &rs, NULL, NULL), PARINDEX_ERULE);
    assert_null(rs);
    assert_contains(parindex_error_message(parindex_error_last()), want[0].what);
}

/* A failed freeze leaves the builder as it was: fix it and freeze again. */
static void builder_reusable_after_failed_freeze(void **state)
{
    parindex_builder *b = B(state);
    base(b);
    assert_ok(parindex_builder_set_identity(b, PARINDEX_ID_TITLE, "Chỉ số CCHC"));
    assert_ok(parindex_builder_set_identity(b, PARINDEX_ID_DECISION, "876/QĐ-BNV"));
    assert_ok(parindex_builder_set_max(b, "1", pt_fx("4")));
    (void)freeze_fails(b, PARINDEX_ERULE);
    assert_ok(parindex_builder_set_max(b, "1", pt_fx("3")));
    parindex_ruleset *rs1 = NULL, *rs2 = NULL;
    assert_ok(parindex_builder_freeze(b, &rs1, NULL, NULL));
    assert_ok(parindex_builder_freeze(b, &rs2, NULL, NULL));
    assert_ptr_not_equal(rs1, rs2);
    parindex_builder_free(b);
    ((pt_ctx *)*state)->b = NULL;
    /* both outlive the builder */
    assert_string_equal(parindex_ruleset_identity(rs1, PARINDEX_ID_TITLE), "Chỉ số CCHC");
    assert_string_equal(parindex_node_name(rs2, 0), "Chỉ số CCHC");
    assert_string_equal(parindex_ruleset_identity(rs2, PARINDEX_ID_DECISION), "876/QĐ-BNV");
    assert_string_equal(parindex_ruleset_identity(rs2, PARINDEX_ID_YEAR), "");
    parindex_ruleset_free(rs1);
    parindex_ruleset_free(rs2);
}

/* A setter's error names the node in its path as well as its message. */
static void setter_errors_carry_the_node_path(void **state)
{
    parindex_builder *b = B(state);
    base(b);
    assert_status(parindex_builder_set_weight(b, "1.1", 0), PARINDEX_EINVAL);
    assert_string_equal(parindex_error_path(parindex_error_last()), "node 1.1");
    assert_status(parindex_builder_set_max(b, "", -1), PARINDEX_EINVAL);
    assert_string_equal(parindex_error_path(parindex_error_last()), "node (root)");
    assert_status(parindex_builder_set_decimals(b, "1", 7), PARINDEX_EINVAL);
    assert_string_equal(parindex_error_path(parindex_error_last()), "node 1");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, pt_ctx_setup, pt_ctx_teardown)
    const struct CMUnitTest tests[] = {
        T(base_freezes),
        T(duplicate_codes),
        T(leaf_without_rule),
        T(rule_on_inner_node),
        T(tiers_overlap_under_unique),
        T(empty_tier),
        T(points_above_maximum),
        T(children_maxima_do_not_add_up),
        T(weighted_root_needs_a_maximum),
        T(weights_do_not_add_up),
        T(input_read_as_number_and_outcome),
        T(overlapping_bands),
        T(missing_penalty),
        T(survey_mean_without_scale),
        T(other_rule_problems),
        T(setter_errors),
        T(diag_receives_all_problems),
        T(builder_reusable_after_failed_freeze),
        T(setter_errors_carry_the_node_path),
    };
#undef T
    return cmocka_run_group_tests_name("builder", tests, NULL, NULL);
}
