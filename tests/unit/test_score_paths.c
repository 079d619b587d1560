/*
 * The two scoring walks agree: units with nothing marked not applicable go
 * through a short walk, the others through the general one. Random rule
 * sets (every aggregation, floors, caps, spilling deductions, tiers, counts,
 * per-node decimals, every rounding stage and mode) and random units are
 * scored both ways and compared node by node. Also: clearing a result
 * table and scoring into it again.
 */
#include "ptest.h"

/* splitmix64 */
static uint64_t rng;
static uint64_t next(void)
{
    uint64_t z = (rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static int below(int n) { return (int)(next() % (uint64_t)n); }

#define ONE PARINDEX_FIXED_ONE
#define MAX_NODES 512

typedef struct gen {
    parindex_builder *b;
    int n;
    char code[MAX_NODES][32];
    int rule[MAX_NODES]; /* rule type, 0 for inner nodes */
    parindex_fixed max[MAX_NODES];
} gen;

/* A leaf under `parent`; returns its maximum. */
static parindex_fixed add_leaf(gen *g, const char *parent, const char *code)
{
    parindex_fixed max = (parindex_fixed)(1 + below(8)) * ONE / 2;
    int k = g->n++;
    snprintf(g->code[k], sizeof g->code[k], "%s", code);
    g->max[k] = max;
    assert_ok(parindex_builder_add_node(g->b, parent, code, "leaf", max));
    static const int rules[] = {PARINDEX_RULE_POINTS, PARINDEX_RULE_POINTS,
                                PARINDEX_RULE_DEDUCTION, PARINDEX_RULE_TIERS,
                                PARINDEX_RULE_COUNT, PARINDEX_RULE_PROPORTIONAL};
    int r = rules[below(6)];
    g->rule[k] = r;
    assert_ok(parindex_builder_set_rule(g->b, code, r));
    switch (r) {
    case PARINDEX_RULE_DEDUCTION:
        assert_ok(parindex_builder_set_param(g->b, code, PARINDEX_PARAM_PENALTY, ONE / 4));
        assert_ok(parindex_builder_set_param(g->b, code, PARINDEX_PARAM_SPILL, below(2)));
        break;
    case PARINDEX_RULE_TIERS:
        assert_ok(parindex_builder_add_tier(g->b, code, PARINDEX_FIXED_NONE, 0,
                                            PARINDEX_FIXED_INT(50), 0, 0));
        assert_ok(parindex_builder_add_tier(g->b, code, PARINDEX_FIXED_INT(50), 1,
                                            PARINDEX_FIXED_INT(80), 0, max / 3));
        assert_ok(parindex_builder_add_tier(g->b, code, PARINDEX_FIXED_INT(80), 1,
                                            PARINDEX_FIXED_NONE, 0, max));
        break;
    case PARINDEX_RULE_COUNT:
        assert_ok(parindex_builder_set_param(g->b, code, PARINDEX_PARAM_PER, ONE / 3));
        break;
    case PARINDEX_RULE_PROPORTIONAL:
        assert_ok(parindex_builder_set_param(g->b, code, PARINDEX_PARAM_RANGE_HIGH,
                                             PARINDEX_FIXED_INT(100)));
        break;
    default:
        break;
    }
    if (below(6) == 0)
        assert_ok(parindex_builder_set_decimals(g->b, code, below(7)));
    return max;
}

/* An inner node with 1..4 children (leaves, or inner nodes while depth
 * allows); returns its maximum. */
static parindex_fixed add_inner(gen *g, const char *parent, const char *code, int depth)
{
    int k = g->n++;
    snprintf(g->code[k], sizeof g->code[k], "%s", code);
    g->rule[k] = 0;
    assert_ok(parindex_builder_add_node(g->b, parent, code, "inner", ONE));
    int agg = below(3) ? PARINDEX_AGG_SUM : below(5);
    assert_ok(parindex_builder_set_aggregation(g->b, code, agg));
    int kids = 1 + below(4);
    parindex_fixed sum = 0;
    for (int c = 0; c < kids; c++) {
        char cc[32];
        if (snprintf(cc, sizeof cc, "%s.%d", code, c + 1) >= (int)sizeof cc)
            fail_msg("code too long");
        sum += depth < 3 && below(3) == 0 ? add_inner(g, code, cc, depth + 1)
                                          : add_leaf(g, code, cc);
        if (agg != PARINDEX_AGG_SUM && below(2))
            assert_ok(parindex_builder_set_weight(g->b, cc, (parindex_fixed)(1 + below(3)) * ONE));
    }
    /* a sum's maximum is its children's; the others may declare any */
    parindex_fixed max = agg == PARINDEX_AGG_SUM ? sum : (parindex_fixed)(1 + below(10)) * ONE;
    g->max[k] = max;
    assert_ok(parindex_builder_set_max(g->b, code, max));
    if (below(4) == 0)
        assert_ok(parindex_builder_set_cap(g->b, code, max - max / 4));
    if (below(4) == 0)
        assert_ok(parindex_builder_set_floor(g->b, code, below(2) ? PARINDEX_FIXED_NONE : ONE / 2));
    if (below(8) == 0)
        assert_ok(parindex_builder_set_decimals(g->b, code, below(7)));
    return max;
}

static parindex_ruleset *random_ruleset(gen *g)
{
    memset(g, 0, sizeof *g);
    assert_ok(parindex_builder_new(&g->b, NULL));
    assert_ok(parindex_builder_set_identity(g->b, PARINDEX_ID_ID, "paths"));
    assert_ok(parindex_builder_set_precision(g->b, below(7), below(3), below(3)));
    int fields = 1 + below(4);
    parindex_fixed sum = 0;
    for (int f = 0; f < fields; f++) {
        char c[16];
        snprintf(c, sizeof c, "%d", f + 1);
        sum += below(4) ? add_inner(g, NULL, c, 1) : add_leaf(g, NULL, c);
    }
    assert_ok(parindex_builder_set_max(g->b, "", sum));
    parindex_ruleset *rs = NULL;
    assert_ok(parindex_builder_freeze(g->b, &rs, NULL, NULL));
    parindex_builder_free(g->b);
    return rs;
}

/* Random inputs: in range mostly, sometimes out of range (an error), and
 * N/A when `na` allows. */
static void random_inputs(const gen *g, const parindex_ruleset *rs,
                          parindex_inputs *in, int na)
{
    parindex_inputs_clear(in);
    for (int k = 0; k < g->n; k++) {
        if (!g->rule[k])
            continue;
        const char *code = g->code[k];
        if (na && below(10) == 0) {
            assert_ok(parindex_inputs_set_na(in, code));
            continue;
        }
        parindex_fixed v;
        switch (g->rule[k]) {
        case PARINDEX_RULE_POINTS:
            v = (parindex_fixed)(next() % (uint64_t)(g->max[k] + 1));
            if (below(50) == 0)
                v = g->max[k] + 1; /* out of range: the unit fails */
            break;
        case PARINDEX_RULE_COUNT:
        case PARINDEX_RULE_DEDUCTION:
            v = (parindex_fixed)below(12) * ONE;
            break;
        default:
            v = (parindex_fixed)below(120000001);
            break;
        }
        assert_ok(parindex_inputs_set(in, code, v));
    }
    (void)rs;
}

/* The message of the last error, copied. */
static void last_message(char *buf, size_t size)
{
    snprintf(buf, size, "%s", parindex_error_message(parindex_error_last()));
}

static void compare_units(const parindex_results *res, size_t a, size_t b)
{
    const parindex_ruleset *rs = parindex_results_ruleset(res);
    for (size_t i = 0; i < parindex_ruleset_node_count(rs); i++) {
        if (parindex_results_earned(res, a, i) != parindex_results_earned(res, b, i) ||
            parindex_results_max(res, a, i) != parindex_results_max(res, b, i) ||
            parindex_results_is_na(res, a, i) != parindex_results_is_na(res, b, i) ||
            parindex_results_spill(res, a, i) != parindex_results_spill(res, b, i))
            fail_msg("node %s: earned %lld / %lld, max %lld / %lld, N/A %d / %d",
                     parindex_node_code(rs, i),
                     (long long)parindex_results_earned(res, a, i),
                     (long long)parindex_results_earned(res, b, i),
                     (long long)parindex_results_max(res, a, i),
                     (long long)parindex_results_max(res, b, i),
                     parindex_results_is_na(res, a, i), parindex_results_is_na(res, b, i));
    }
    assert_int_equal(parindex_results_total(res, a), parindex_results_total(res, b));
    assert_int_equal(parindex_results_index(res, a), parindex_results_index(res, b));
}

static void walks_agree(void **state)
{
    (void)state;
    rng = 20221;
    size_t compared = 0, failed = 0, with_na = 0;
    for (int t = 0; t < 300; t++) {
        gen g;
        parindex_ruleset *rs = random_ruleset(&g);
        parindex_inputs *in;
        parindex_results *res;
        assert_ok(parindex_inputs_new(&in, rs, NULL));
        assert_ok(parindex_results_new(&res, rs, NULL));
        for (int u = 0; u < 20; u++) {
            random_inputs(&g, rs, in, u % 2);
            char a[32], b[32], ma[600], mb[sizeof ma];
            snprintf(a, sizeof a, "a%d", u);
            snprintf(b, sizeof b, "b%d", u);
            /* as given: the short walk when nothing is N/A */
            int rca = parindex_results_add(res, a, NULL, in);
            last_message(ma, sizeof ma);
            /* a node marked and unmarked N/A changes nothing but takes the
             * unit through the general walk */
            assert_ok(parindex_inputs_set_node_na(in, g.code[0], 1));
            assert_ok(parindex_inputs_set_node_na(in, g.code[0], 0));
            int rcb = parindex_results_add(res, b, NULL, in);
            last_message(mb, sizeof mb);
            assert_int_equal(rca, rcb);
            if (rca) {
                /* the same error, but for the unit's name */
                assert_string_equal(strchr(ma, ':'), strchr(mb, ':'));
                failed++;
                continue;
            }
            long ua = parindex_results_find_unit(res, a);
            long ub = parindex_results_find_unit(res, b);
            assert_true(ua >= 0 && ub >= 0);
            compare_units(res, (size_t)ua, (size_t)ub);
            with_na += parindex_results_is_na(res, (size_t)ua, 0) ||
                       parindex_results_max(res, (size_t)ua, 0) != parindex_node_max(rs, 0);
            compared++;
        }
        parindex_results_free(res);
        parindex_inputs_free(in);
        parindex_ruleset_free(rs);
    }
    print_message("%zu compared, %zu failed, %zu with N/A\n", compared, failed, with_na);
    /* the mix exercised both outcomes */
    assert_true(compared > 3000);
    assert_true(failed > 50);
    assert_true(with_na > 100);
}

/* A results table cleared and filled again scores as a new one. */
static void clear_and_score_again(void **state)
{
    (void)state;
    rng = 7;
    gen g;
    parindex_ruleset *rs = random_ruleset(&g);
    parindex_inputs *in;
    parindex_results *res, *fresh;
    assert_ok(parindex_inputs_new(&in, rs, NULL));
    assert_ok(parindex_results_new(&res, rs, NULL));
    assert_ok(parindex_results_new(&fresh, rs, NULL));
    /* names long enough to fill more than one arena block */
    char name[300];
    memset(name, 'x', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    for (int round = 0; round < 3; round++) {
        uint64_t seed = rng;
        int added = 0;
        for (int u = 0; u < 600; u++) {
            random_inputs(&g, rs, in, 1);
            snprintf(name, 16, "%05d", u);
            name[5] = 'x';
            if (parindex_results_add(res, name, u % 3 ? "g" : NULL, in) == PARINDEX_OK)
                added++;
        }
        assert_int_equal(parindex_results_unit_count(res), (size_t)added);
        /* the same units into a new table */
        rng = seed;
        for (int u = 0; u < 600; u++) {
            random_inputs(&g, rs, in, 1);
            snprintf(name, 16, "%05d", u);
            name[5] = 'x';
            (void)parindex_results_add(fresh, name, u % 3 ? "g" : NULL, in);
        }
        assert_int_equal(parindex_results_unit_count(fresh), (size_t)added);
        for (size_t u = 0; u < (size_t)added; u++) {
            assert_string_equal(parindex_results_unit(res, u), parindex_results_unit(fresh, u));
            assert_string_equal(parindex_results_group(res, u), parindex_results_group(fresh, u));
            assert_int_equal(parindex_results_find_unit(res, parindex_results_unit(res, u)),
                             (long)u);
            for (size_t i = 0; i < parindex_ruleset_node_count(rs); i++) {
                assert_int_equal(parindex_results_earned(res, u, i),
                                 parindex_results_earned(fresh, u, i));
                assert_int_equal(parindex_results_max(res, u, i),
                                 parindex_results_max(fresh, u, i));
            }
        }
        parindex_results_clear(res);
        parindex_results_clear(fresh);
        assert_int_equal(parindex_results_unit_count(res), 0);
        assert_int_equal(parindex_results_find_unit(res, parindex_results_unit(fresh, 0)),
                         PARINDEX_ENOTFOUND);
        assert_string_equal(parindex_results_unit(res, 0), "");
        assert_int_equal(parindex_results_total(res, 0), PARINDEX_FIXED_NONE);
    }
    parindex_results_clear(NULL);
    parindex_results_free(res);
    parindex_results_free(fresh);
    parindex_inputs_free(in);
    parindex_ruleset_free(rs);
}

/* Scoring rounds a leaf's points as parindex_fixed_round does, at every
 * number of decimals and in every mode, whether or not the value already
 * has no more decimals than kept. */
static void leaf_rounding(void **state)
{
    (void)state;
    rng = 31;
    for (int d = 0; d <= 6; d++)
        for (int mode = 0; mode < 3; mode++) {
            parindex_builder *b;
            assert_ok(parindex_builder_new(&b, NULL));
            assert_ok(parindex_builder_set_identity(b, PARINDEX_ID_ID, "round"));
            assert_ok(parindex_builder_set_precision(b, d, mode, PARINDEX_ROUND_AT_LEAF));
            assert_ok(parindex_builder_add_node(b, NULL, "1", "leaf", PARINDEX_FIXED_INT(1000000)));
            assert_ok(parindex_builder_set_rule(b, "1", PARINDEX_RULE_POINTS));
            parindex_ruleset *rs;
            assert_ok(parindex_builder_freeze(b, &rs, NULL, NULL));
            parindex_builder_free(b);
            parindex_inputs *in;
            parindex_results *res;
            assert_ok(parindex_inputs_new(&in, rs, NULL));
            assert_ok(parindex_results_new(&res, rs, NULL));
            for (int i = 0; i < 3000; i++) {
                /* small values, ties at every digit, multiples of 10^k */
                parindex_fixed v = (parindex_fixed)(next() % ((uint64_t)1 << (next() % 40)));
                if (i % 3 == 1)
                    v = v / 1000000 * 1000000 + 500000 / (parindex_fixed)(1 + next() % 6);
                if (i % 3 == 2)
                    v -= v % 1000;
                assert_ok(parindex_inputs_set(in, "1", v));
                char name[16];
                snprintf(name, sizeof name, "u%d", i);
                assert_ok(parindex_results_add(res, name, NULL, in));
                assert_int_equal(parindex_results_earned(res, (size_t)i, 1),
                                 parindex_fixed_round(v, d, mode));
            }
            parindex_results_free(res);
            parindex_inputs_free(in);
            parindex_ruleset_free(rs);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(walks_agree),
        cmocka_unit_test(leaf_rounding),
        cmocka_unit_test(clear_and_score_again),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
