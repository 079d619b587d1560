/*
 * parindex_fixed_format and parindex_fixed_format_short write their digits
 * themselves: their output is checked against a reference written with
 * snprintf, over values from the edges of the range and random ones, every
 * number of decimals, both separators and every buffer size.
 */
#include <stdio.h>
#include <string.h>

#include "ptest.h"

static uint64_t rng = 12345;
static uint64_t next(void)
{
    uint64_t z = (rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Round half away from zero to `decimals`, print with snprintf. */
static int reference(parindex_fixed v, int decimals, char sep, char *out, size_t size)
{
    if (v == PARINDEX_FIXED_NONE)
        return snprintf(out, size, "N/A");
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    long long unit = 1, scale = 1;
    for (int i = 0; i < 6 - decimals; i++)
        unit *= 10;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    long long q = v / unit, r = v % unit; /* v is never INT64_MIN here */
    long long ar = r < 0 ? -r : r;
    if (ar >= unit - ar)
        q += v < 0 ? -1 : 1;
    int neg = q < 0;
    unsigned long long aq = (unsigned long long)(neg ? -q : q);
    if (decimals > 0)
        return snprintf(out, size, "%s%llu%c%0*llu", neg ? "-" : "", aq / (unsigned long long)scale,
                        sep ? sep : '.', decimals, aq % (unsigned long long)scale);
    return snprintf(out, size, "%s%llu", neg ? "-" : "", aq);
}

/* The short form: every decimal, trailing zeros and a bare point dropped. */
static void check_short(parindex_fixed v)
{
    char want[64], got[64];
    int n = reference(v, 6, '.', want, sizeof want);
    if (v != PARINDEX_FIXED_NONE) {
        while (n > 0 && want[n - 1] == '0')
            want[--n] = '\0';
        if (n > 0 && want[n - 1] == '.')
            want[--n] = '\0';
    }
    assert_int_equal(parindex_fixed_format_short(v, got, sizeof got), (size_t)n);
    assert_string_equal(got, want);
    char cut[8];
    memset(cut, '#', sizeof cut);
    assert_int_equal(parindex_fixed_format_short(v, cut, 4), (size_t)n);
    assert_int_equal(strlen(cut), (size_t)n < 3 ? (size_t)n : 3);
    assert_memory_equal(cut, want, (size_t)n < 3 ? (size_t)n : 3);
    assert_int_equal(cut[4], '#');
}

static void check(parindex_fixed v, int decimals, char sep)
{
    check_short(v);
    char want[64], got[64];
    int n = reference(v, decimals, sep, want, sizeof want);
    assert_int_equal(parindex_fixed_format(v, decimals, sep, got, sizeof got), (size_t)n);
    assert_string_equal(got, want);
    /* every smaller buffer gets the longest prefix that fits */
    for (size_t size = 0; size <= (size_t)n; size++) {
        char cut[64];
        memset(cut, '#', sizeof cut);
        assert_int_equal(parindex_fixed_format(v, decimals, sep, cut, size), (size_t)n);
        if (size > 0) {
            assert_memory_equal(cut, want, size - 1);
            assert_int_equal(cut[size - 1], '\0');
        }
        assert_int_equal(cut[size], '#');
    }
}

static void matches_snprintf(void **state)
{
    (void)state;
    static const parindex_fixed edges[] = {
        0, 1, -1, 4, 5, 499999, 500000, -500000, 999999, 1000000, -1000000,
        1234567, -1234567, 9999995, INT64_MAX, INT64_MAX - 1, INT64_MIN + 1,
        INT64_MIN + 2, PARINDEX_FIXED_NONE};
    static const char seps[] = {'.', ',', 0};
    for (size_t e = 0; e < sizeof edges / sizeof *edges; e++)
        for (int d = -1; d <= 8; d++)
            for (size_t s = 0; s < sizeof seps; s++)
                check(edges[e], d, seps[s]);
    for (int i = 0; i < 20000; i++) {
        uint64_t r = next();
        /* spread over magnitudes: shift a random value right by 0..63 */
        parindex_fixed v = (parindex_fixed)(r >> (next() % 64));
        if (next() & 1)
            v = -v;
        if (v == PARINDEX_FIXED_NONE)
            continue;
        check(v, (int)(next() % 8), seps[next() % 3]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matches_snprintf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
