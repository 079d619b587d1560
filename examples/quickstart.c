#include <stdio.h>
#include <parindex/parindex.h>

/* Stop with the library's message when a call fails. */
#define CHECK(call)                                                        \
    do {                                                                   \
        if ((call) != PARINDEX_OK) {                                       \
            fprintf(stderr, "%s\n", parindex_error_message(parindex_error_last())); \
            return 1;                                                      \
        }                                                                  \
    } while (0)

int main(void)
{
    parindex_builder *b;
    parindex_ruleset *rs;
    parindex_inputs *in;
    parindex_results *res;
    parindex_explanation *why;
    char total[32];

    /* 7.1.2: share of the digital-transformation plan done, on 2 points */
    CHECK(parindex_builder_new(&b, NULL));
    CHECK(parindex_builder_add_node(b, NULL, "7", "Chính quyền điện tử", PARINDEX_FIXED_INT(2)));
    CHECK(parindex_builder_add_node(b, "7", "7.1.2", "Kế hoạch chuyển đổi số", PARINDEX_FIXED_INT(2)));
    CHECK(parindex_builder_set_rule(b, "7.1.2", PARINDEX_RULE_PROPORTIONAL));
    CHECK(parindex_builder_set_input(b, "7.1.2", PARINDEX_INPUT_NUMERATOR, "7.1.2.done"));
    CHECK(parindex_builder_set_input(b, "7.1.2", PARINDEX_INPUT_DENOMINATOR, "7.1.2.planned"));
    CHECK(parindex_builder_set_decimals(b, "7.1.2", 2));
    CHECK(parindex_builder_freeze(b, &rs, NULL, NULL));
    parindex_builder_free(b);

    /* one unit's raw facts: 5 of the 6 planned tasks done */
    CHECK(parindex_inputs_new(&in, rs, NULL));
    CHECK(parindex_inputs_set_text(in, "7.1.2.done", "5"));
    CHECK(parindex_inputs_set_text(in, "7.1.2.planned", "6"));
    CHECK(parindex_results_new(&res, rs, NULL));
    CHECK(parindex_results_add(res, "Huyện A", NULL, in));

    parindex_fixed_format(parindex_results_total(res, 0), 2, '.', total, sizeof total);
    CHECK(parindex_results_explain(res, 0, (size_t)parindex_ruleset_find_node(rs, "7.1.2"), &why));
    printf("%s: %s\n", total, parindex_explanation_reason(why));
    /* 1.67: ratio 5/6 = 0.833333 → 2 × 0.833333 = 1.67 of 2 (lost 0.33) */

    parindex_explanation_free(why);
    parindex_results_free(res);
    parindex_inputs_free(in);
    parindex_ruleset_free(rs);
    return 0;
}
