/* Comparing two rule sets: nodes added, removed and changed, down to each
 * rule parameter, tier, outcome and category; defaults compare equal. */
#include "ptest.h"

typedef struct change {
    int kind;
    char code[32], field[64], old_value[160], new_value[160];
} change;

typedef struct changes {
    size_t n;
    change c[64];
} changes;

static void collect(int kind, const char *code, const char *field,
                    const char *old_value, const char *new_value, void *payload)
{
    changes *cs = payload;
    if (cs->n >= 64)
        fail_msg("too many differences");
    change *c = &cs->c[cs->n++];
    c->kind = kind;
    snprintf(c->code, sizeof c->code, "%s", code);
    snprintf(c->field, sizeof c->field, "%s", field);
    snprintf(c->old_value, sizeof c->old_value, "%s", old_value ? old_value : "(none)");
    snprintf(c->new_value, sizeof c->new_value, "%s", new_value ? new_value : "(none)");
}

/* The district set of seed 000, reduced: a plan outcome, a ratio tier, a
 * deduction. `variant` changes one thing at a time. */
static parindex_ruleset *make(int variant)
{
    parindex_builder *b = NULL;
    parindex_ruleset *rs = NULL;
    assert_ok(parindex_builder_new(&b, NULL));
    assert_ok(parindex_builder_set_identity(b, PARINDEX_ID_ID, "district"));
    assert_ok(parindex_builder_set_identity(b, PARINDEX_ID_YEAR, variant == 1 ? "2023" : "2022"));
    pt_node(b, NULL, "1", variant == 2 ? "5" : "4");
    pt_leaf(b, "1", "1.1", "1", PARINDEX_RULE_OUTCOME);
    pt_outcome(b, "1.1", "on_time", "1");
    pt_outcome(b, "1.1", "late", variant == 3 ? "0.25" : "0.5");
    if (variant == 4)
        pt_outcome(b, "1.1", "partly", "0.75");
    pt_leaf(b, "1", "3.4.4", "2", PARINDEX_RULE_TIERS);
    pt_input(b, "3.4.4", PARINDEX_INPUT_NUMERATOR, "3.4.4.on_time");
    pt_input(b, "3.4.4", PARINDEX_INPUT_DENOMINATOR, "3.4.4.total");
    pt_param(b, "3.4.4", PARINDEX_PARAM_RATIO_SCALE, "100");
    if (variant == 5) /* the default, written out */
        pt_param_enum(b, "3.4.4", PARINDEX_PARAM_HIT_POLICY, PARINDEX_HIT_UNIQUE);
    pt_tier(b, "3.4.4", "90", 1, NULL, 0, "2");
    pt_tier(b, "3.4.4", "70", 1, "90", 0, variant == 6 ? "0.5" : "1");
    pt_tier(b, "3.4.4", NULL, 0, "70", 0, "0");
    if (variant == 7) {
        pt_leaf(b, "1", "1.3", "1", PARINDEX_RULE_POINTS);
    } else {
        pt_leaf(b, "1", "1.3", "1", PARINDEX_RULE_DEDUCTION);
        pt_param(b, "1.3", PARINDEX_PARAM_PENALTY, variant == 8 ? "0.5" : "0.25");
    }
    if (variant == 2)
        pt_leaf(b, "1", "1.7", "1", PARINDEX_RULE_POINTS);
    assert_ok(parindex_builder_freeze(b, &rs, NULL, NULL));
    parindex_builder_free(b);
    return rs;
}

static changes diff(const parindex_ruleset *a, const parindex_ruleset *b)
{
    changes cs;
    memset(&cs, 0, sizeof cs);
    long n = parindex_ruleset_diff(a, b, collect, &cs);
    assert_int_equal(n, (long)cs.n);
    assert_int_equal(parindex_ruleset_diff(a, b, NULL, NULL), n);
    return cs;
}

#define assert_change(cs, k, kind_, code_, field_, old_, new_)               \
    do {                                                                     \
        assert_true((cs).n > (k));                                           \
        assert_int_equal((cs).c[k].kind, (kind_));                           \
        assert_string_equal((cs).c[k].code, (code_));                        \
        assert_string_equal((cs).c[k].field, (field_));                      \
        assert_string_equal((cs).c[k].old_value, (old_));                    \
        assert_string_equal((cs).c[k].new_value, (new_));                    \
    } while (0)

static void equal_rule_sets(void **state)
{
    (void)state;
    parindex_ruleset *a = make(0), *b = make(0), *c = make(5);
    assert_int_equal(diff(a, b).n, 0);
    /* hit="unique" written out equals the default left implicit */
    assert_int_equal(diff(a, c).n, 0);
    parindex_ruleset_free(a);
    parindex_ruleset_free(b);
    parindex_ruleset_free(c);
}

static void each_kind_of_change(void **state)
{
    (void)state;
    parindex_ruleset *a = make(0);
    static const struct {
        int variant;
        int kind;
        const char *code, *field, *old_value, *new_value;
    } want[] = {
        {1, PARINDEX_DIFF_CHANGED, "", "year", "2022", "2023"},
        {3, PARINDEX_DIFF_CHANGED, "1.1", "option late", "0.5", "0.25"},
        {4, PARINDEX_DIFF_CHANGED, "1.1", "option partly", "(none)", "0.75"},
        {6, PARINDEX_DIFF_CHANGED, "3.4.4", "tier 2", "[70, 90) 1", "[70, 90) 0.5"},
        {7, PARINDEX_DIFF_CHANGED, "1.3", "rule",
         "deduction input=1.3 penalty=0.25 floor=0 spill=false", "points input=1.3"},
        {8, PARINDEX_DIFF_CHANGED, "1.3", "penalty", "0.25", "0.5"},
    };
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        parindex_ruleset *b = make(want[k].variant);
        changes cs = diff(a, b);
        if (cs.n != 1)
            fail_msg("variant %d: %zu differences", want[k].variant, cs.n);
        assert_change(cs, 0, want[k].kind, want[k].code, want[k].field,
                      want[k].old_value, want[k].new_value);
        /* and the other way round */
        cs = diff(b, a);
        assert_int_equal(cs.n, 1);
        assert_string_equal(cs.c[0].old_value, want[k].new_value);
        parindex_ruleset_free(b);
    }
    parindex_ruleset_free(a);
}

static void nodes_added_and_removed(void **state)
{
    (void)state;
    parindex_ruleset *a = make(0), *b = make(2);
    changes cs = diff(a, b);
    assert_int_equal(cs.n, 3);
    assert_change(cs, 0, PARINDEX_DIFF_CHANGED, "", "max", "4", "5");
    assert_change(cs, 1, PARINDEX_DIFF_CHANGED, "1", "max", "4", "5");
    assert_change(cs, 2, PARINDEX_DIFF_ADDED, "1.7", "node", "(none)", "max 1, points");
    cs = diff(b, a);
    assert_int_equal(cs.n, 3);
    assert_change(cs, 2, PARINDEX_DIFF_REMOVED, "1.7", "node", "max 1, points", "(none)");
    assert_status((int)parindex_ruleset_diff(a, NULL, NULL, NULL), PARINDEX_EMISUSE);
    parindex_ruleset_free(a);
    parindex_ruleset_free(b);
}

static void rule_text_truncates_like_snprintf(void **state)
{
    (void)state;
    parindex_ruleset *a = make(0);
    long i = parindex_ruleset_find_node(a, "3.4.4");
    char full[256], small[16];
    size_t n = parindex_node_rule_text(a, (size_t)i, full, sizeof full);
    assert_string_equal(full, "tiers numerator=3.4.4.on_time denominator=3.4.4.total "
                              "scale=100 zero-denominator=error hit=unique "
                              "no-match=error: [90, +inf) 2; [70, 90) 1; (-inf, 70) 0");
    assert_int_equal(n, strlen(full));
    assert_int_equal(parindex_node_rule_text(a, (size_t)i, small, sizeof small), n);
    assert_string_equal(small, "tiers numerator");
    assert_int_equal(parindex_node_rule_text(a, (size_t)i, NULL, 0), n);
    /* inner nodes have no rule */
    assert_int_equal(parindex_node_rule_text(a, 1, full, sizeof full), 0);
    assert_string_equal(full, "");
    parindex_ruleset_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(equal_rule_sets),
        cmocka_unit_test(each_kind_of_change),
        cmocka_unit_test(nodes_added_and_removed),
        cmocka_unit_test(rule_text_truncates_like_snprintf),
    };
    return cmocka_run_group_tests_name("xml_diff", tests, NULL, NULL);
}
