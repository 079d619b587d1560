/*
 * score_sample: builds a small PAR rule set in code (field 1 of a provincial
 * department set, after the Đắk Nông 2022 plan), scores one department from
 * its raw facts, and prints every node with the reason for each lost point.
 *
 * Usage: score_sample
 */
#include <stdio.h>
#include <stdlib.h>

#include <parindex/parindex.h>

#define P(s) parse_points(s)

static parindex_fixed parse_points(const char *s)
{
    parindex_fixed v = 0;
    if (parindex_fixed_parse(s, &v) != PARINDEX_OK) {
        fprintf(stderr, "bad constant %s\n", s);
        exit(2);
    }
    return v;
}

static int fail(const char *what)
{
    const parindex_error *e = parindex_error_last();
    fprintf(stderr, "score_sample: %s: %s (%s)\n", what,
            parindex_error_message(e), parindex_strerror(parindex_error_code(e)));
    return 1;
}

#define TRY(call)                  \
    do {                           \
        if ((call) != PARINDEX_OK) \
            return fail(#call);    \
    } while (0)

static int build(parindex_builder *b)
{
    TRY(parindex_builder_set_identity(b, PARINDEX_ID_ID, "sample-department"));
    TRY(parindex_builder_set_identity(b, PARINDEX_ID_TITLE,
                                      "Chỉ số CCHC cấp sở (mẫu)"));
    TRY(parindex_builder_set_identity(b, PARINDEX_ID_LEVEL, "department"));
    TRY(parindex_builder_set_identity(b, PARINDEX_ID_YEAR, "2022"));
    TRY(parindex_builder_add_band(b, "Tốt", P("80"), 1, P("90"), 0));
    TRY(parindex_builder_add_band(b, "Khá", P("70"), 1, P("80"), 0));
    TRY(parindex_builder_add_band(b, "Trung bình", P("50"), 1, P("70"), 0));

    TRY(parindex_builder_add_node(b, NULL, "1", "Công tác chỉ đạo, điều hành CCHC", P("7.5")));
    /* 1.1 plan issued: on time / late / none */
    TRY(parindex_builder_add_node(b, "1", "1.1", "Ban hành kế hoạch CCHC năm", P("1")));
    TRY(parindex_builder_set_rule(b, "1.1", PARINDEX_RULE_OUTCOME));
    TRY(parindex_builder_add_outcome(b, "1.1", "on_time", P("1")));
    TRY(parindex_builder_add_outcome(b, "1.1", "late", P("0.5")));
    TRY(parindex_builder_add_outcome(b, "1.1", "none", P("0")));
    /* 1.2 periodic reports: one late report zeroes quality and timeliness */
    TRY(parindex_builder_add_node(b, "1", "1.2", "Thực hiện chế độ báo cáo định kỳ", P("1.5")));
    TRY(parindex_builder_add_node(b, "1.2", "1.2.1", "Số lượng báo cáo", P("0.5")));
    TRY(parindex_builder_set_rule(b, "1.2.1", PARINDEX_RULE_TIERS));
    TRY(parindex_builder_set_input(b, "1.2.1", PARINDEX_INPUT_NUMERATOR, "1.2.submitted"));
    TRY(parindex_builder_set_input(b, "1.2.1", PARINDEX_INPUT_DENOMINATOR, "1.2.required"));
    TRY(parindex_builder_add_tier(b, "1.2.1", P("1"), 1, PARINDEX_FIXED_NONE, 0, P("0.5")));
    TRY(parindex_builder_add_tier(b, "1.2.1", PARINDEX_FIXED_NONE, 0, P("1"), 0, P("0")));
    const char *late_zeroes[] = {"1.2.2", "Chất lượng báo cáo", "1.2.3", "Thời gian báo cáo"};
    for (int k = 0; k < 4; k += 2) {
        TRY(parindex_builder_add_node(b, "1.2", late_zeroes[k], late_zeroes[k + 1], P("0.5")));
        TRY(parindex_builder_set_rule(b, late_zeroes[k], PARINDEX_RULE_TIERS));
        TRY(parindex_builder_set_input(b, late_zeroes[k], PARINDEX_INPUT_VALUE, "1.2.late"));
        TRY(parindex_builder_add_tier(b, late_zeroes[k], P("0"), 1, P("0"), 1, P("0.5")));
        TRY(parindex_builder_add_tier(b, late_zeroes[k], P("0"), 0, PARINDEX_FIXED_NONE, 0, P("0")));
    }
    /* 1.3 communication: points per form used */
    TRY(parindex_builder_add_node(b, "1", "1.3", "Tuyên truyền CCHC", P("1.5")));
    TRY(parindex_builder_set_rule(b, "1.3", PARINDEX_RULE_COUNT));
    TRY(parindex_builder_add_category(b, "1.3", "media", NULL, P("0.5")));
    TRY(parindex_builder_add_category(b, "1.3", "documents", NULL, P("0.5")));
    TRY(parindex_builder_add_category(b, "1.3", "training", NULL, P("0.5")));
    /* 1.4 dynamism: 0.25 off per directive not implemented */
    TRY(parindex_builder_add_node(b, "1", "1.4", "Sự năng động trong CCHC", P("1.5")));
    TRY(parindex_builder_set_rule(b, "1.4", PARINDEX_RULE_DEDUCTION));
    TRY(parindex_builder_set_param(b, "1.4", PARINDEX_PARAM_PENALTY, P("0.25")));
    /* 1.5 digital transformation plan: proportional, computed to 2 decimals */
    TRY(parindex_builder_add_node(b, "1", "1.5", "Mức độ thực hiện kế hoạch chuyển đổi số", P("2")));
    TRY(parindex_builder_set_rule(b, "1.5", PARINDEX_RULE_PROPORTIONAL));
    TRY(parindex_builder_set_input(b, "1.5", PARINDEX_INPUT_NUMERATOR, "1.5.done"));
    TRY(parindex_builder_set_input(b, "1.5", PARINDEX_INPUT_DENOMINATOR, "1.5.planned"));
    TRY(parindex_builder_set_decimals(b, "1.5", 2));
    return 0;
}

int main(void)
{
    parindex_builder *b = NULL;
    parindex_ruleset *rs = NULL;
    parindex_inputs *in = NULL;
    parindex_results *res = NULL;
    int status = 1;

    if (parindex_builder_new(&b, NULL) != PARINDEX_OK)
        return fail("creating a builder");
    if (build(b) != 0 || parindex_builder_freeze(b, &rs, NULL, NULL) != PARINDEX_OK) {
        status = fail("building the rule set");
        goto out;
    }
    if (parindex_inputs_new(&in, rs, NULL) || parindex_results_new(&res, rs, NULL)) {
        status = fail("allocating");
        goto out;
    }
    /* The raw facts of one department. */
    static const char *const facts[][2] = {
        {"1.1", "on_time"},     {"1.2.submitted", "4"}, {"1.2.required", "4"},
        {"1.2.late", "1"},      {"1.3.media", "1"},     {"1.3.documents", "1"},
        {"1.3.training", "0"},  {"1.4", "1"},           {"1.5.done", "5"},
        {"1.5.planned", "6"},
    };
    for (size_t k = 0; k < sizeof facts / sizeof facts[0]; k++)
        if (parindex_inputs_set_text(in, facts[k][0], facts[k][1]) != PARINDEX_OK) {
            status = fail(facts[k][0]);
            goto out;
        }
    if (parindex_results_add(res, "Sở mẫu", NULL, in) != PARINDEX_OK) {
        status = fail("scoring");
        goto out;
    }

    int dec = parindex_ruleset_decimals(rs);
    char e[32], m[32], idx[32];
    parindex_fixed_format(parindex_results_total(res, 0), dec, '.', e, sizeof e);
    parindex_fixed_format(parindex_results_max(res, 0, 0), dec, '.', m, sizeof m);
    parindex_fixed_format(parindex_results_index(res, 0), 2, '.', idx, sizeof idx);
    printf("%s — %s\n", parindex_results_unit(res, 0),
           parindex_ruleset_identity(rs, PARINDEX_ID_TITLE));
    printf("total %s of %s, index %s, band %s\n\n", e, m, idx,
           *parindex_results_band(res, 0) ? parindex_results_band(res, 0) : "-");
    for (size_t i = 1; i < parindex_ruleset_node_count(rs); i++) {
        parindex_explanation *x = NULL;
        if (parindex_results_explain(res, 0, i, &x) != PARINDEX_OK) {
            status = fail("explaining");
            goto out;
        }
        printf("%*s%-6s %s\n", 2 * (parindex_node_depth(rs, i) - 1), "",
               parindex_node_code(rs, i), parindex_explanation_reason(x));
        parindex_explanation_free(x);
    }
    status = 0;
out:
    parindex_results_free(res);
    parindex_inputs_free(in);
    parindex_ruleset_free(rs);
    parindex_builder_free(b);
    return status;
}
