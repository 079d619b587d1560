/* Exact decimals: parsing, rounding, formatting. */
#include "ptest.h"

static parindex_fixed fx(const char *s)
{
    parindex_fixed v = 0;
    assert_int_equal(parindex_fixed_parse(s, &v), PARINDEX_OK);
    return v;
}

static void parses_decimals(void **state)
{
    (void)state;
    assert_int_equal(fx("0.1") + fx("0.2"), fx("0.3"));
    assert_int_equal(fx("83,3"), 83300000);
    assert_int_equal(fx("-0.25"), -250000);
    assert_int_equal(fx("12"), 12000000);
    assert_int_equal(fx("1.5000000"), 1500000);
}

static void rejects_malformed(void **state)
{
    (void)state;
    parindex_fixed v = 7;
    assert_int_equal(parindex_fixed_parse("", &v), PARINDEX_EPARSE);
    assert_int_equal(parindex_fixed_parse("1.2.3", &v), PARINDEX_EPARSE);
    assert_int_equal(parindex_fixed_parse("abc", &v), PARINDEX_EPARSE);
    assert_int_equal(parindex_fixed_parse(" 1", &v), PARINDEX_EPARSE);
    assert_int_equal(parindex_fixed_parse("0.1234567", &v), PARINDEX_EPARSE);
    assert_string_equal(parindex_error_message(parindex_error_last()),
                        "'0.1234567' has more than 6 decimals");
    assert_int_equal(parindex_fixed_parse("99999999999999", &v), PARINDEX_ELIMIT);
    assert_int_equal(v, 7);
}

static void rounds_half_up_at_three_decimals(void **state)
{
    (void)state;
    assert_int_equal(parindex_fixed_round(fx("0.3335"), 3, PARINDEX_ROUND_HALF_UP), fx("0.334"));
    assert_int_equal(parindex_fixed_round(fx("0.33349"), 3, PARINDEX_ROUND_HALF_UP), fx("0.333"));
    assert_int_equal(parindex_fixed_round(fx("-0.3335"), 3, PARINDEX_ROUND_HALF_UP), fx("-0.334"));
    assert_int_equal(parindex_fixed_round(fx("0.3345"), 3, PARINDEX_ROUND_HALF_EVEN), fx("0.334"));
    assert_int_equal(parindex_fixed_round(fx("0.3355"), 3, PARINDEX_ROUND_HALF_EVEN), fx("0.336"));
    assert_int_equal(parindex_fixed_round(fx("0.3339"), 3, PARINDEX_ROUND_DOWN), fx("0.333"));
    assert_int_equal(parindex_fixed_round(fx("1.666667"), 2, PARINDEX_ROUND_HALF_UP), fx("1.67"));
}

static void formats(void **state)
{
    (void)state;
    char buf[32];
    parindex_fixed_format(fx("0.3335"), 3, '.', buf, sizeof buf);
    assert_string_equal(buf, "0.334");
    parindex_fixed_format(fx("80.567"), 3, ',', buf, sizeof buf);
    assert_string_equal(buf, "80,567");
    parindex_fixed_format(fx("-0.5"), 0, '.', buf, sizeof buf);
    assert_string_equal(buf, "-1");
    parindex_fixed_format(fx("12"), 2, '.', buf, sizeof buf);
    assert_string_equal(buf, "12.00");
    parindex_fixed_format(PARINDEX_FIXED_NONE, 2, '.', buf, sizeof buf);
    assert_string_equal(buf, "N/A");
    parindex_fixed_format_short(fx("1.500"), buf, sizeof buf);
    assert_string_equal(buf, "1.5");
    parindex_fixed_format_short(fx("2"), buf, sizeof buf);
    assert_string_equal(buf, "2");
    /* truncation reports the needed length */
    assert_int_equal(parindex_fixed_format(fx("123.456"), 3, '.', buf, 4), 7);
    assert_string_equal(buf, "123");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_decimals),
        cmocka_unit_test(rejects_malformed),
        cmocka_unit_test(rounds_half_up_at_three_decimals),
        cmocka_unit_test(formats),
    };
    return cmocka_run_group_tests_name("fixed", tests, NULL, NULL);
}
