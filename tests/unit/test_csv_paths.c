/*
 * The CSV reader's two paths agree. Rows of a rule set whose inputs are all
 * numbers are split and parsed in one pass when they are plain; anything
 * else goes through the general tokeniser. Random files mixing plain rows
 * with quoted cells, spaces, N/A, odd numbers, CRLF, blank lines, UTF-8,
 * bad bytes, duplicates and scoring errors are read twice: with the rule
 * set as it is, and with one more field scored from an outcome column,
 * which keeps every row on the general path. Some files end their header
 * with unnamed columns (as spreadsheets do), whose cells are empty, spaces,
 * missing, or in a bad row hold a value or one cell too many. The units,
 * their points and the line of the first error must be the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptest.h"

static uint64_t rng = 99;
static uint64_t next(void)
{
    uint64_t z = (rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static int below(int n) { return (int)(next() % (uint64_t)n); }

static const char *const leaves[] = {"1.1", "1.2", "1.3", "2.1", "2.2"};
#define N_LEAVES 5

static parindex_ruleset *make_ruleset(int with_outcome)
{
    parindex_builder *b;
    assert_ok(parindex_builder_new(&b, NULL));
    assert_ok(parindex_builder_set_identity(b, PARINDEX_ID_ID, "csv-paths"));
    assert_ok(parindex_builder_add_node(b, NULL, "1", "one", PARINDEX_FIXED_INT(30)));
    assert_ok(parindex_builder_add_node(b, NULL, "2", "two", PARINDEX_FIXED_INT(20)));
    for (int l = 0; l < N_LEAVES; l++) {
        assert_ok(parindex_builder_add_node(b, leaves[l][0] == '1' ? "1" : "2", leaves[l],
                                            "leaf", PARINDEX_FIXED_INT(10)));
        assert_ok(parindex_builder_set_rule(b, leaves[l], PARINDEX_RULE_POINTS));
    }
    if (with_outcome) {
        assert_ok(parindex_builder_add_node(b, NULL, "9", "extra", PARINDEX_FIXED_INT(1)));
        assert_ok(parindex_builder_add_node(b, "9", "9.1", "extra", PARINDEX_FIXED_INT(1)));
        assert_ok(parindex_builder_set_rule(b, "9.1", PARINDEX_RULE_OUTCOME));
        assert_ok(parindex_builder_add_outcome(b, "9.1", "yes", PARINDEX_FIXED_ONE));
        assert_ok(parindex_builder_add_outcome(b, "9.1", "no", 0));
    }
    parindex_ruleset *rs;
    assert_ok(parindex_builder_freeze(b, &rs, NULL, NULL));
    parindex_builder_free(b);
    return rs;
}

typedef struct text {
    char *p;
    size_t len, cap;
} text;

static void put(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->p = realloc(t->p, t->cap);
        assert_non_null(t->p);
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = '\0';
}
static void puts_(text *t, const char *s) { put(t, s, strlen(s)); }

/* A number cell: mostly plain, sometimes another form the reader takes,
 * and with `bad` set sometimes anything at all. */
static const char *number_cell(char *buf, size_t size, int bad)
{
    static const char *const fine[] = {
        "+3.5", "-0", ".5", " 4.25", "4.25 ", "\t7", "\"2.5\"", "N/A", "na",
        "000000000007", "0.000000", "9.99999", "10", "3.1234560", "7.000000"};
    static const char *const odd[] = {
        "3.", "3,5", "1234567890123", "3.1234567", "", "abc", "-1", "11", "1e1",
        "\"1\"\"\"", "4\xff", "--2", "+", "-", ".", "5 5", "9999999999999999999999"};
    if (bad && below(6) == 0)
        snprintf(buf, size, "%s", odd[below((int)(sizeof odd / sizeof *odd))]);
    else if (below(12) == 0)
        snprintf(buf, size, "%s", fine[below((int)(sizeof fine / sizeof *fine))]);
    else
        snprintf(buf, size, "%d.%d", below(10), below(10));
    return buf;
}

static const char *unit_cell(int u, char *buf, size_t size, int bad)
{
    int k = below(bad ? 8 : 40);
    if (!bad && k >= 4 && k <= 6)
        k = 99;
    switch (k) {
    case 0: snprintf(buf, size, " U%d", u); break;
    case 1: snprintf(buf, size, "\"U %d, quoted\"", u); break;
    case 2: snprintf(buf, size, "Sở Tư pháp %d", u); break;
    case 3: snprintf(buf, size, "U%d\t", u); break;
    case 4: snprintf(buf, size, "U%d\xc3", u); break; /* cut UTF-8 */
    case 5: snprintf(buf, size, "U%d", u > 0 ? u - 1 : 0); break; /* duplicate */
    case 6: snprintf(buf, size, "%s", ""); break;
    default: snprintf(buf, size, "U%d", u); break;
    }
    return buf;
}

/* Two files with the same rows: b has an outcome column at the end. */
static void make_files(text *a, text *b, int groups, int rows)
{
    const char *eol = below(3) ? "\n" : "\r\n";
    puts_(a, groups ? "unit,group" : "unit");
    puts_(b, groups ? "unit,group" : "unit");
    for (int l = 0; l < N_LEAVES; l++) {
        puts_(a, ",");
        puts_(a, leaves[l]);
        puts_(b, ",");
        puts_(b, leaves[l]);
    }
    puts_(b, ",9.1");
    int trailing = below(4) == 0 ? 1 + below(2) : 0; /* unnamed columns */
    for (int k = 0; k < trailing; k++) {
        puts_(a, ",");
        puts_(b, ",");
    }
    puts_(a, eol);
    puts_(b, eol);
    /* most files are good; the others have one row where anything goes */
    int bad_row = below(3) ? -1 : below(rows);
    for (int u = 0; u < rows; u++) {
        int bad = u == bad_row;
        if (below(40) == 0) { /* a blank line */
            puts_(a, eol);
            puts_(b, eol);
            continue;
        }
        char row[512] = "", cell[64];
        size_t o = 0;
        o += (size_t)snprintf(row + o, sizeof row - o, "%s", unit_cell(u, cell, sizeof cell, bad));
        if (groups)
            o += (size_t)snprintf(row + o, sizeof row - o, ",%s",
                                  below(3) ? "Sở" : below(2) ? "" : " g ");
        int cells = N_LEAVES + (bad && below(8) == 0 ? below(3) - 1 : 0); /* wrong count */
        for (int l = 0; l < cells; l++)
            o += (size_t)snprintf(row + o, sizeof row - o, ",%s",
                                  number_cell(cell, sizeof cell, bad));
        puts_(a, row);
        puts_(b, row);
        puts_(b, ",yes");
        if (trailing) {
            int k = below(trailing + 1);
            const char *tail = bad && below(3) == 0 ? (below(2) ? ",x" : ",,,")
                               : k == 0             ? ""
                               : k == 1             ? (below(4) ? "," : ", ")
                                                    : (below(4) ? ",," : ",\t,");
            puts_(a, tail);
            puts_(b, tail);
        }
        if (u + 1 < rows || below(2)) { /* sometimes no final line end */
            puts_(a, eol);
            puts_(b, eol);
        }
    }
}

static void paths_agree(void **state)
{
    (void)state;
    parindex_ruleset *ra = make_ruleset(0), *rb = make_ruleset(1);
    int ok_files = 0, bad_files = 0;
    size_t units = 0;
    for (int t = 0; t < 400; t++) {
        text a = {0}, b = {0};
        int rows = 1 + below(t % 4 == 0 ? 200 : 12);
        make_files(&a, &b, below(2), rows);
        parindex_results *xa, *xb;
        assert_ok(parindex_results_new(&xa, ra, NULL));
        assert_ok(parindex_results_new(&xb, rb, NULL));
        int rca = parindex_results_read_csv_memory(xa, a.p, a.len, NULL);
        unsigned la = parindex_error_line(parindex_error_last());
        char ma[600];
        snprintf(ma, sizeof ma, "%s", parindex_error_message(parindex_error_last()));
        int rcb = parindex_results_read_csv_memory(xb, b.p, b.len, NULL);
        unsigned lb = parindex_error_line(parindex_error_last());
        if (rca != rcb || la != lb)
            fail_msg("file %d: status %d line %u (%s), with the outcome column %d line %u (%s)\n%s",
                     t, rca, la, ma, rcb, lb,
                     parindex_error_message(parindex_error_last()), a.p);
        if (rca == PARINDEX_OK) {
            ok_files++;
            size_t n = parindex_results_unit_count(xa);
            assert_int_equal(parindex_results_unit_count(xb), n);
            for (size_t u = 0; u < n; u++) {
                assert_string_equal(parindex_results_unit(xa, u), parindex_results_unit(xb, u));
                assert_string_equal(parindex_results_group(xa, u), parindex_results_group(xb, u));
                for (size_t i = 1; i < parindex_ruleset_node_count(ra); i++) {
                    long j = parindex_ruleset_find_node(rb, parindex_node_code(ra, i));
                    assert_true(j > 0);
                    assert_int_equal(parindex_results_earned(xa, u, i),
                                     parindex_results_earned(xb, u, (size_t)j));
                    assert_int_equal(parindex_results_is_na(xa, u, i),
                                     parindex_results_is_na(xb, u, (size_t)j));
                }
            }
            units += n;
        } else {
            bad_files++;
        }
        parindex_results_free(xa);
        parindex_results_free(xb);
        free(a.p);
        free(b.p);
    }
    parindex_ruleset_free(ra);
    parindex_ruleset_free(rb);
    print_message("%d files read, %d refused, %zu units\n", ok_files, bad_files, units);
    assert_true(ok_files > 40 && bad_files > 40 && units > 500);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(paths_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
