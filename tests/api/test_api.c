/* The public API through the shared library, with only the public header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <parindex/parindex.h>

static void version_matches_header(void **state)
{
    (void)state;
    assert_int_equal(parindex_version_number(), PARINDEX_VERSION_NUMBER);
    assert_string_equal(parindex_version_string(), PARINDEX_VERSION_STRING);
    assert_true(PARINDEX_VERSION_AT_LEAST(0, 1, 0));
}

static void error_record_is_never_null(void **state)
{
    (void)state;
    const parindex_error *e = parindex_error_last();
    assert_non_null(e);
    parindex_builder *b = NULL;
    assert_int_equal(parindex_builder_new(&b, NULL), PARINDEX_OK);
    assert_int_equal(parindex_error_code(parindex_error_last()), PARINDEX_OK);
    assert_string_equal(parindex_error_message(parindex_error_last()), "");
    assert_int_equal(parindex_builder_add_node(b, "nope", "1", "x", 1000000),
                     PARINDEX_ENOTFOUND);
    e = parindex_error_last();
    assert_int_equal(parindex_error_code(e), PARINDEX_ENOTFOUND);
    assert_non_null(strstr(parindex_error_message(e), "nope"));
    /* accessors do not change the record */
    assert_int_equal(parindex_error_code(parindex_error_last()), PARINDEX_ENOTFOUND);
    parindex_builder_free(b);
    assert_string_equal(parindex_strerror(PARINDEX_ENOMEM), "out of memory");
    assert_string_equal(parindex_strerror(12345), "unknown error");
}

static void builds_scores_and_explains(void **state)
{
    (void)state;
    parindex_builder *b = NULL;
    parindex_ruleset *rs = NULL;
    parindex_inputs *in = NULL;
    parindex_results *res = NULL;
    parindex_explanation *x = NULL;
    assert_int_equal(parindex_builder_new(&b, NULL), PARINDEX_OK);
    assert_int_equal(parindex_builder_add_node(b, NULL, "1", "Field", PARINDEX_FIXED_INT(2)), 0);
    assert_int_equal(parindex_builder_add_node(b, "1", "1.1", "Plan", PARINDEX_FIXED_INT(2)), 0);
    assert_int_equal(parindex_builder_set_rule(b, "1.1", PARINDEX_RULE_OUTCOME), 0);
    assert_int_equal(parindex_builder_add_outcome(b, "1.1", "on_time", PARINDEX_FIXED_INT(2)), 0);
    assert_int_equal(parindex_builder_add_outcome(b, "1.1", "late", PARINDEX_FIXED_INT(1)), 0);
    assert_int_equal(parindex_builder_freeze(b, &rs, NULL, NULL), PARINDEX_OK);
    parindex_builder_free(b);
    assert_int_equal(parindex_inputs_new(&in, rs, NULL), PARINDEX_OK);
    assert_int_equal(parindex_results_new(&res, rs, NULL), PARINDEX_OK);
    assert_int_equal(parindex_inputs_set_text(in, "1.1", "late"), PARINDEX_OK);
    assert_int_equal(parindex_results_add(res, "A", "g", in), PARINDEX_OK);
    assert_int_equal(parindex_results_total(res, 0), PARINDEX_FIXED_INT(1));
    assert_int_equal(parindex_results_index(res, 0), PARINDEX_FIXED_INT(50));
    assert_int_equal(parindex_results_explain(res, 0, 2, &x), PARINDEX_OK);
    assert_string_equal(parindex_explanation_reason(x), "outcome 'late' → 1 of 2 (lost 1)");
    assert_string_equal(parindex_explanation_input_text(x, 0), "late");
    parindex_explanation_free(x);
    parindex_results_free(res);
    parindex_inputs_free(in);
    parindex_ruleset_free(rs);
}

static void free_functions_accept_null(void **state)
{
    (void)state;
    parindex_builder_free(NULL);
    parindex_ruleset_free(NULL);
    parindex_inputs_free(NULL);
    parindex_results_free(NULL);
    parindex_explanation_free(NULL);
    assert_int_equal(parindex_builder_new(NULL, NULL), PARINDEX_EMISUSE);
    /* an out-pointer is NULL after any failure */
    parindex_inputs *in = (parindex_inputs *)&in;
    assert_int_equal(parindex_inputs_new(&in, NULL, NULL), PARINDEX_EMISUSE);
    assert_null(in);
    parindex_results *res = (parindex_results *)&res;
    assert_int_equal(parindex_results_new(&res, NULL, NULL), PARINDEX_EMISUSE);
    assert_null(res);
    parindex_explanation *e = (parindex_explanation *)&e;
    assert_int_equal(parindex_results_explain(NULL, 0, 0, &e), PARINDEX_EMISUSE);
    assert_null(e);
    parindex_ruleset *rs = (parindex_ruleset *)&rs;
    assert_int_equal(parindex_builder_freeze(NULL, &rs, NULL, NULL), PARINDEX_EMISUSE);
    assert_null(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_matches_header),
        cmocka_unit_test(error_record_is_never_null),
        cmocka_unit_test(builds_scores_and_explains),
        cmocka_unit_test(free_functions_accept_null),
    };
    return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
