/* The seed documents' per-item examples, scored from the raw facts they
 * report (seeds 000 and 001, Đắk Nông 2022; see docs seeds-digest), with
 * the explanation of each lost point. */
#include "ptest.h"

/*
 * Fragments of a district / department rule set:
 *   1      Chỉ đạo điều hành (direction), 4.5
 *   1.2    periodic reports: Q1, half-year, Q3 and year report, 1.5
 *   1.2.1    number of reports: all required reports sent, 0.5
 *   1.2.2    quality: zero when any report is late, 0.5
 *   1.2.3    timeliness: 0.5 lost per late report, 0.5
 *   1.4.2  communication forms: media, documents, events (contests,
 *          training, seminars), 0.5 each, 1.5
 *   1.5.2  dynamism: all directives implemented 1.5, otherwise 1.25
 *   7      Chính quyền điện tử (e-government), 3
 *   7.1.2  digital-transformation plan: 2 × share of tasks done, 2 decimals
 *   7.1.6  share of staff using official e-mail: 100 % → 1; 80–100 % → 0.5;
 *          below 80 % → 0
 */
static void build_fragments(parindex_builder *b)
{
    assert_ok(parindex_builder_set_identity(b, PARINDEX_ID_TITLE,
                                            "Chỉ số CCHC (trích)"));
    pt_node(b, NULL, "1", "4.5");
    pt_node(b, "1", "1.2", "1.5");
    pt_leaf(b, "1.2", "1.2.1", "0.5", PARINDEX_RULE_TIERS);
    pt_input(b, "1.2.1", PARINDEX_INPUT_NUMERATOR, "reports_sent");
    pt_input(b, "1.2.1", PARINDEX_INPUT_DENOMINATOR, "reports_required");
    pt_tier(b, "1.2.1", "1", 1, NULL, 0, "0.5");
    pt_tier(b, "1.2.1", NULL, 0, "1", 0, "0");
    pt_leaf(b, "1.2", "1.2.2", "0.5", PARINDEX_RULE_TIERS);
    pt_input(b, "1.2.2", PARINDEX_INPUT_VALUE, "reports_late");
    pt_tier(b, "1.2.2", "0", 1, "0", 1, "0.5");
    pt_tier(b, "1.2.2", "0", 0, NULL, 0, "0");
    pt_leaf(b, "1.2", "1.2.3", "0.5", PARINDEX_RULE_DEDUCTION);
    pt_input(b, "1.2.3", PARINDEX_INPUT_VALUE, "reports_late");
    pt_param(b, "1.2.3", PARINDEX_PARAM_PENALTY, "0.5");

    pt_leaf(b, "1", "1.4.2", "1.5", PARINDEX_RULE_COUNT);
    pt_category(b, "1.4.2", "media", "forms_media", "0.5");
    pt_category(b, "1.4.2", "documents", "forms_documents", "0.5");
    pt_category(b, "1.4.2", "events", "forms_events", "0.5");

    pt_leaf(b, "1", "1.5.2", "1.5", PARINDEX_RULE_TIERS);
    pt_input(b, "1.5.2", PARINDEX_INPUT_NUMERATOR, "directives_done");
    pt_input(b, "1.5.2", PARINDEX_INPUT_DENOMINATOR, "directives");
    pt_param(b, "1.5.2", PARINDEX_PARAM_RATIO_SCALE, "100");
    pt_tier(b, "1.5.2", "100", 1, NULL, 0, "1.5");
    pt_tier(b, "1.5.2", NULL, 0, "100", 0, "1.25");

    pt_node(b, NULL, "7", "3");
    pt_leaf(b, "7", "7.1.2", "2", PARINDEX_RULE_PROPORTIONAL);
    pt_input(b, "7.1.2", PARINDEX_INPUT_NUMERATOR, "plan_tasks_done");
    pt_input(b, "7.1.2", PARINDEX_INPUT_DENOMINATOR, "plan_tasks");
    assert_ok(parindex_builder_set_decimals(b, "7.1.2", 2));
    pt_leaf(b, "7", "7.1.6", "1", PARINDEX_RULE_TIERS);
    pt_input(b, "7.1.6", PARINDEX_INPUT_NUMERATOR, "staff_using_email");
    pt_input(b, "7.1.6", PARINDEX_INPUT_DENOMINATOR, "staff");
    pt_param(b, "7.1.6", PARINDEX_PARAM_RATIO_SCALE, "100");
    pt_tier(b, "7.1.6", "100", 1, NULL, 0, "1");
    pt_tier(b, "7.1.6", "80", 1, "100", 0, "0.5");
    pt_tier(b, "7.1.6", NULL, 0, "80", 0, "0");
}

/* The raw facts of 2022 as a data file gives them (text). */
static void set_facts(pt_ctx *c)
{
    static const char *const facts[][2] = {
        {"reports_required", "4"}, {"reports_sent", "4"}, {"reports_late", "1"},
        {"forms_media", "1"},      {"forms_documents", "1"}, {"forms_events", "0"},
        {"directives", "12"},      {"directives_done", "11"},
        {"plan_tasks", "6"},       {"plan_tasks_done", "5"},
        {"staff", "150"},          {"staff_using_email", "120"},
    };
    for (size_t k = 0; k < sizeof facts / sizeof facts[0]; k++)
        assert_ok(parindex_inputs_set_text(c->in, facts[k][0], facts[k][1]));
}

static int setup(void **state)
{
    pt_ctx *c = pt_ctx_new();
    build_fragments(c->b);
    pt_freeze(c);
    set_facts(c);
    assert_int_equal(pt_add(c, "Huyện Đắk Song"), 0);
    *state = c;
    return 0;
}

#define C(state) ((pt_ctx *)*(state))

/* Check one explanation; NULL label means no match. */
static void check_explanation(const pt_ctx *c, const char *code, int rule,
                              const char *points, const char *max,
                              const char *lost, int match, const char *label,
                              const char *reason)
{
    parindex_explanation *e = pt_explain(c, 0, code);
    assert_int_equal(parindex_explanation_node(e), pt_nd(c, code));
    assert_int_equal(parindex_explanation_rule(e), rule);
    assert_false(parindex_explanation_is_na(e));
    assert_fixed(parindex_explanation_points(e), points);
    assert_fixed(parindex_explanation_max(e), max);
    assert_fixed(parindex_explanation_lost(e), lost);
    assert_int_equal(parindex_explanation_match(e), match);
    assert_string_equal(parindex_explanation_match_label(e), label ? label : "");
    assert_string_equal(parindex_explanation_reason(e), reason);
    /* the table agrees with the explanation */
    assert_int_equal(pt_earned(c, 0, code), parindex_explanation_points(e));
    assert_int_equal(pt_lost(c, 0, code), parindex_explanation_lost(e));
    parindex_explanation_free(e);
}

static void check_input(const pt_ctx *c, const char *code, size_t i,
                        const char *name, const char *value)
{
    parindex_explanation *e = pt_explain(c, 0, code);
    assert_true(i < parindex_explanation_input_count(e));
    assert_string_equal(parindex_explanation_input_name(e, i), name);
    assert_string_equal(parindex_explanation_input_text(e, i), value);
    assert_fixed(parindex_explanation_input_value(e, i), value);
    parindex_explanation_free(e);
}

/* Seed 001: one late report (Q3) of four → quality and timeliness both 0,
 * "mất 01/1,5 điểm". */
static void one_late_report_zeroes_two_subcriteria(void **state)
{
    pt_ctx *c = C(state);
    assert_fixed(pt_earned(c, 0, "1.2"), "0.5");
    assert_fixed(pt_max(c, 0, "1.2"), "1.5");
    assert_fixed(pt_lost(c, 0, "1.2"), "1");
    check_explanation(c, "1.2.1", PARINDEX_RULE_TIERS, "0.5", "0.5", "0", 0, "[1, +inf)",
                      "ratio 4/4 = 1 in tier 1 [1, +inf) → 0.5 of 0.5");
    check_explanation(c, "1.2.2", PARINDEX_RULE_TIERS, "0", "0.5", "0.5", 1, "(0, +inf)",
                      "value 1 in tier 2 (0, +inf) → 0 of 0.5 (lost 0.5)");
    check_explanation(c, "1.2.3", PARINDEX_RULE_DEDUCTION, "0", "0.5", "0.5", -1, NULL,
                      "1 occurrence(s) × 0.5 deducted from 0.5 → 0 of 0.5 (lost 0.5)");
    check_input(c, "1.2.2", 0, "reports_late", "1");
    check_input(c, "1.2.3", 0, "reports_late", "1");
    check_input(c, "1.2.1", 0, "reports_sent", "4");
    check_input(c, "1.2.1", 1, "reports_required", "4");
    parindex_explanation *e = pt_explain(c, 0, "1.2.3");
    assert_fixed(parindex_explanation_occurrences(e), "1");
    assert_int_equal(parindex_explanation_measure(e), PARINDEX_FIXED_NONE);
    assert_int_equal(parindex_explanation_spill(e), 0);
    parindex_explanation_free(e);
    e = pt_explain(c, 0, "1.2");
    assert_string_equal(parindex_explanation_reason(e),
                        "sum of 3 children: 0.5 of 1.5 (lost 1)");
    parindex_explanation_free(e);

    /* no late report: full marks; two late: no worse than one */
    assert_ok(parindex_inputs_set_text(c->in, "reports_late", "0"));
    size_t u = pt_add(c, "on time");
    assert_fixed(pt_earned(c, u, "1.2"), "1.5");
    assert_ok(parindex_inputs_set_text(c->in, "reports_late", "2"));
    u = pt_add(c, "two late");
    assert_fixed(pt_earned(c, u, "1.2"), "0.5");
    /* a report missing as well loses the last half point */
    assert_ok(parindex_inputs_set_text(c->in, "reports_sent", "3"));
    u = pt_add(c, "one missing");
    assert_fixed(pt_earned(c, u, "1.2"), "0");
}

/* Seed 000, 7.1.2: plan done at 83,3 % (5 of 6 tasks) on 2 points:
 * "trừ 0,33 điểm". */
static void plan_at_83_percent_loses_a_third(void **state)
{
    pt_ctx *c = C(state);
    check_explanation(c, "7.1.2", PARINDEX_RULE_PROPORTIONAL, "1.67", "2", "0.33", -1, NULL,
                      "ratio 5/6 = 0.833333 → 2 × 0.833333 = 1.67 of 2 (lost 0.33)");
    check_input(c, "7.1.2", 0, "plan_tasks_done", "5");
    check_input(c, "7.1.2", 1, "plan_tasks", "6");
    parindex_explanation *e = pt_explain(c, 0, "7.1.2");
    assert_fixed(parindex_explanation_measure(e), "0.833333");
    assert_int_equal(parindex_explanation_occurrences(e), PARINDEX_FIXED_NONE);
    parindex_explanation_free(e);
    assert_int_equal(parindex_node_decimals(c->rs, pt_nd(c, "7.1.2")), 2);
}

/* Seed 000, 7.1.6: 80 % of staff use the official mailbox: "trừ 0,5 điểm". */
static void email_at_80_percent_loses_half(void **state)
{
    pt_ctx *c = C(state);
    check_explanation(c, "7.1.6", PARINDEX_RULE_TIERS, "0.5", "1", "0.5", 1, "[80, 100)",
                      "ratio 120/150 × 100 = 80 in tier 2 [80, 100) → 0.5 of 1 (lost 0.5)");
    check_input(c, "7.1.6", 0, "staff_using_email", "120");
    check_input(c, "7.1.6", 1, "staff", "150");
    parindex_explanation *e = pt_explain(c, 0, "7.1.6");
    assert_fixed(parindex_explanation_measure(e), "80");
    parindex_explanation_free(e);
    /* one more user short of 80 % loses everything */
    assert_ok(parindex_inputs_set_text(c->in, "staff_using_email", "119"));
    size_t u = pt_add(c, "below");
    assert_fixed(pt_earned(c, u, "7.1.6"), "0");
    assert_ok(parindex_inputs_set_text(c->in, "staff_using_email", "150"));
    u = pt_add(c, "all");
    assert_fixed(pt_earned(c, u, "7.1.6"), "1");
}

/* Seed 000, 1.4.2: only 2 communication forms of 3: "trừ 0,5 điểm". */
static void two_forms_of_three_lose_half(void **state)
{
    pt_ctx *c = C(state);
    check_explanation(c, "1.4.2", PARINDEX_RULE_COUNT, "1", "1.5", "0.5", -1, NULL,
                      "2 of 3 categories (media, documents; missing events) → 1 of 1.5 "
                      "(lost 0.5)");
    parindex_explanation *e = pt_explain(c, 0, "1.4.2");
    assert_fixed(parindex_explanation_occurrences(e), "2");
    assert_int_equal(parindex_explanation_input_count(e), 3);
    parindex_explanation_free(e);
    check_input(c, "1.4.2", 0, "forms_media", "1");
    check_input(c, "1.4.2", 1, "forms_documents", "1");
    check_input(c, "1.4.2", 2, "forms_events", "0");
}

/* Seed 001: dynamism 1,25 of 1,5 because not all of the province's
 * directives were implemented: "trừ 0,25". */
static void dynamism_loses_a_quarter(void **state)
{
    pt_ctx *c = C(state);
    check_explanation(c, "1.5.2", PARINDEX_RULE_TIERS, "1.25", "1.5", "0.25", 1, "(-inf, 100)",
                      "ratio 11/12 × 100 = 91.666667 in tier 2 (-inf, 100) → 1.25 of 1.5 "
                      "(lost 0.25)");
    check_input(c, "1.5.2", 0, "directives_done", "11");
    check_input(c, "1.5.2", 1, "directives", "12");
    assert_ok(parindex_inputs_set_text(c->in, "directives_done", "12"));
    size_t u = pt_add(c, "all directives");
    assert_fixed(pt_earned(c, u, "1.5.2"), "1.5");
}

/* The items add up to each field's loss and to the total (seed 000's
 * own consistency check). */
static void item_losses_add_up(void **state)
{
    pt_ctx *c = C(state);
    assert_fixed(pt_lost(c, 0, "1"), "1.75");   /* 1 + 0.5 + 0.25 */
    assert_fixed(pt_lost(c, 0, "7"), "0.83");   /* 0.33 + 0.5 */
    assert_fixed(pt_lost(c, 0, ""), "2.58");
    assert_fixed(parindex_results_total(c->res, 0), "4.92");
    assert_fixed(pt_max(c, 0, ""), "7.5");
    assert_fixed(parindex_results_index(c->res, 0), "65.6");
    /* every lost point is on a leaf whose explanation says so */
    parindex_fixed leaves_lost = 0;
    for (size_t i = 0; i < parindex_ruleset_node_count(c->rs); i++) {
        if (parindex_node_rule(c->rs, i) == PARINDEX_RULE_NONE)
            continue;
        parindex_explanation *e = NULL;
        assert_ok(parindex_results_explain(c->res, 0, i, &e));
        leaves_lost += parindex_explanation_lost(e);
        if (parindex_explanation_lost(e) > 0)
            assert_contains(parindex_explanation_reason(e), "(lost ");
        parindex_explanation_free(e);
    }
    assert_fixed(leaves_lost, "2.58");
}

/* Seed 001: the department's seven fields add up to 80.567 of 99 only with
 * 8.75 for field 1 (printed 8.645 but 67.31 %, which is 8.75 / 13). */
static void department_fields_add_up(void **state)
{
    (void)state;
    static const struct { const char *code, *max, *points, *pct; } fields[] = {
        {"1", "13", "8.75", "67.31"},   {"2", "13", "11.333", "87.18"},
        {"3", "17", "14", "82.35"},     {"4", "9", "9", "100.00"},
        {"5", "19", "17.5", "92.11"},   {"6", "10.5", "8.5", "80.95"},
        {"7", "17.5", "11.484", "65.62"},
    };
    pt_ctx *c = pt_ctx_new();
    for (size_t k = 0; k < 7; k++)
        pt_leaf(c->b, NULL, fields[k].code, fields[k].max, PARINDEX_RULE_POINTS);
    assert_ok(parindex_builder_add_band(c->b, "Tốt", pt_fx("80"), 1, pt_fx("90"), 0));
    pt_freeze(c);
    for (size_t k = 0; k < 7; k++)
        pt_set(c, fields[k].code, fields[k].points);
    size_t u = pt_add(c, "Sở Tài nguyên và Môi trường");
    assert_fixed(pt_max(c, u, ""), "99");
    assert_fixed(parindex_results_total(c->res, u), "80.567");
    assert_string_equal(parindex_results_band(c->res, u), "Tốt");
    for (size_t k = 0; k < 7; k++) {
        char buf[16];
        parindex_fixed_format(parindex_results_percent(c->res, u, pt_nd(c, fields[k].code)),
                              2, '.', buf, sizeof buf);
        assert_string_equal(buf, fields[k].pct);
    }
    /* the printed 8.645 gives neither the total nor the percentage */
    pt_set(c, "1", "8.645");
    u = pt_add(c, "as printed");
    assert_fixed(parindex_results_total(c->res, u), "80.462");
    char buf[16];
    parindex_fixed_format(parindex_results_percent(c->res, u, pt_nd(c, "1")), 2, '.', buf,
                          sizeof buf);
    assert_string_equal(buf, "66.50");
    pt_ctx_free(c);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, pt_ctx_teardown)
    const struct CMUnitTest tests[] = {
        T(one_late_report_zeroes_two_subcriteria),
        T(plan_at_83_percent_loses_a_third),
        T(email_at_80_percent_loses_half),
        T(two_forms_of_three_lose_half),
        T(dynamism_loses_a_quarter),
        T(item_losses_add_up),
        cmocka_unit_test(department_fields_add_up),
    };
#undef T
    return cmocka_run_group_tests_name("seeds", tests, NULL, NULL);
}
