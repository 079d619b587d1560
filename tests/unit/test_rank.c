/* Ranking: tie policies, groups, unrounded values, output order, natural
 * order of codes. */
#include <string.h>

#include "ptest.h"

#define C(state) ((pt_ctx *)*(state))

static void rank_values_each_policy(void **state)
{
    (void)state;
    const parindex_fixed v[] = {PARINDEX_FIXED_INT(90), PARINDEX_FIXED_INT(100),
                                PARINDEX_FIXED_INT(80), PARINDEX_FIXED_INT(90)};
    const char *const names[] = {"b", "a", "d", "c"};
    static const struct {
        int ties;
        const char *r[4]; /* ranks of v[0..3] */
    } cases[] = {
        {PARINDEX_TIES_COMPETITION, {"2", "1", "4", "2"}},
        {PARINDEX_TIES_DENSE, {"2", "1", "3", "2"}},
        {PARINDEX_TIES_MODIFIED, {"3", "1", "4", "3"}},
        {PARINDEX_TIES_ORDINAL, {"2", "1", "4", "3"}}, /* "b" before "c" */
        {PARINDEX_TIES_FRACTIONAL, {"2.5", "1", "4", "2.5"}},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t order[4];
        parindex_fixed ranks[4];
        assert_ok(parindex_rank_values(v, names, 4, cases[k].ties, order, ranks));
        for (size_t i = 0; i < 4; i++)
            assert_fixed(ranks[i], cases[k].r[i]);
        /* output order: rank, then name */
        assert_int_equal(order[0], 1);
        assert_int_equal(order[1], 0);
        assert_int_equal(order[2], 3);
        assert_int_equal(order[3], 2);
    }
    /* without names, ties keep index order */
    const char *const rev[] = {"z", "a", "d", "c"};
    size_t order[4];
    parindex_fixed ranks[4];
    assert_ok(parindex_rank_values(v, rev, 4, PARINDEX_TIES_ORDINAL, order, ranks));
    assert_fixed(ranks[0], "3");
    assert_fixed(ranks[3], "2");
    assert_ok(parindex_rank_values(v, NULL, 4, PARINDEX_TIES_ORDINAL, order, ranks));
    assert_fixed(ranks[0], "2");
    assert_fixed(ranks[3], "3");
    assert_status(parindex_rank_values(v, NULL, 4, 9, order, ranks), PARINDEX_EINVAL);
    assert_status(parindex_rank_values(NULL, NULL, 4, 0, order, ranks), PARINDEX_EMISUSE);
    assert_ok(parindex_rank_values(NULL, NULL, 0, 0, NULL, NULL));
}

static void unranked_values_come_last(void **state)
{
    (void)state;
    const parindex_fixed v[] = {PARINDEX_FIXED_NONE, PARINDEX_FIXED_INT(1),
                                PARINDEX_FIXED_NONE, PARINDEX_FIXED_INT(2)};
    const char *const names[] = {"y", "b", "x", "a"};
    size_t order[4];
    parindex_fixed ranks[4];
    assert_ok(parindex_rank_values(v, names, 4, PARINDEX_TIES_COMPETITION, order, ranks));
    assert_int_equal(order[0], 3);
    assert_int_equal(order[1], 1);
    assert_int_equal(order[2], 2); /* "x" before "y" */
    assert_int_equal(order[3], 0);
    assert_int_equal(ranks[0], PARINDEX_FIXED_NONE);
    assert_fixed(ranks[1], "2");
}

/* One leaf of given points, rounded only for display. */
static void build_points(pt_ctx *c)
{
    assert_ok(parindex_builder_set_precision(c->b, 3, PARINDEX_ROUND_HALF_UP,
                                             PARINDEX_ROUND_AT_DISPLAY));
    pt_node(c->b, NULL, "1", "10");
    pt_leaf(c->b, "1", "1.1", "10", PARINDEX_RULE_POINTS);
    pt_freeze(c);
}

static void add(pt_ctx *c, const char *unit, const char *group, const char *points)
{
    if (points)
        pt_set(c, "1.1", points);
    else
        assert_ok(parindex_inputs_set_na(c->in, "1.1"));
    assert_ok(parindex_results_add(c->res, unit, group, c->in));
}

static void ranks_within_groups_on_unrounded_totals(void **state)
{
    pt_ctx *c = C(state);
    build_points(c);
    add(c, "Sở B", "Sở", "8.0001");
    add(c, "Huyện X", "Huyện", "5");
    add(c, "Sở A", "Sở", "8.0004"); /* both print as 8.000 */
    add(c, "Sở C", "Sở", "9");
    add(c, "Huyện Y", "Huyện", "5");
    add(c, "Sở D", "Sở", NULL); /* nothing applicable: not ranked */
    parindex_ranking *rk = NULL;
    assert_ok(parindex_ranking_new(&rk, c->res, NULL));
    assert_int_equal(parindex_ranking_count(rk), 6);
    assert_int_equal(parindex_ranking_ties(rk), PARINDEX_TIES_COMPETITION);
    assert_int_equal(parindex_ranking_key(rk), PARINDEX_RANK_TOTAL);
    /* groups in order of first appearance, then rank, then name */
    static const char *const want[] = {"Sở C", "Sở A", "Sở B", "Sở D", "Huyện X", "Huyện Y"};
    static const char *const rank[] = {"1", "2", "3", NULL, "1", "1"};
    for (size_t k = 0; k < 6; k++) {
        size_t u = parindex_ranking_order(rk, k);
        assert_string_equal(parindex_results_unit(c->res, u), want[k]);
        if (rank[k])
            assert_fixed(parindex_ranking_rank(rk, u), rank[k]);
        else
            assert_int_equal(parindex_ranking_rank(rk, u), PARINDEX_FIXED_NONE);
    }
    assert_int_equal(parindex_ranking_group_size(rk, 0), 4);
    assert_int_equal(parindex_ranking_group_size(rk, 1), 2);
    assert_int_equal(parindex_ranking_tied(rk, 1), 1);
    assert_int_equal(parindex_ranking_tied(rk, 0), 0);
    assert_int_equal(parindex_ranking_order(rk, 6), (size_t)-1);
    assert_int_equal(parindex_ranking_rank(rk, 6), PARINDEX_FIXED_NONE);
    parindex_ranking_free(rk);
}

static void ranks_on_index_when_asked(void **state)
{
    pt_ctx *c = C(state);
    parindex_builder *b = c->b;
    pt_node(b, NULL, "1", "5");
    pt_leaf(b, "1", "1.1", "5", PARINDEX_RULE_POINTS);
    pt_node(b, NULL, "2", "5");
    pt_leaf(b, "2", "2.1", "5", PARINDEX_RULE_POINTS);
    pt_freeze(c);
    pt_set(c, "1.1", "5");
    assert_ok(parindex_inputs_set_na(c->in, "2.1"));
    assert_ok(parindex_results_add(c->res, "X", NULL, c->in)); /* 5 of 5: 100 % */
    pt_set(c, "1.1", "4");
    pt_set(c, "2.1", "4");
    assert_ok(parindex_results_add(c->res, "Y", NULL, c->in)); /* 8 of 10: 80 % */
    parindex_rank_options o;
    assert_ok(parindex_rank_options_init(&o, PARINDEX_RANK_OPTIONS_VERSION));
    parindex_ranking *rk = NULL;
    assert_ok(parindex_ranking_new(&rk, c->res, &o));
    assert_string_equal(parindex_results_unit(c->res, parindex_ranking_order(rk, 0)), "Y");
    parindex_ranking_free(rk);
    o.key = PARINDEX_RANK_INDEX;
    assert_ok(parindex_ranking_new(&rk, c->res, &o));
    assert_string_equal(parindex_results_unit(c->res, parindex_ranking_order(rk, 0)), "X");
    assert_int_equal(parindex_ranking_key(rk), PARINDEX_RANK_INDEX);
    parindex_ranking_free(rk);
    o.key = 7;
    assert_status(parindex_ranking_new(&rk, c->res, &o), PARINDEX_EINVAL);
    assert_null(rk);
    o.key = 0;
    o.ties = -1;
    assert_status(parindex_ranking_new(&rk, c->res, &o), PARINDEX_EINVAL);
    o.ties = 0;
    o.version = 2;
    assert_status(parindex_ranking_new(&rk, c->res, &o), PARINDEX_EVERSION);
    assert_status(parindex_ranking_new(&rk, NULL, NULL), PARINDEX_EMISUSE);
    assert_status(parindex_rank_options_init(&o, 0), PARINDEX_EVERSION);
}

static void empty_results_rank(void **state)
{
    pt_ctx *c = C(state);
    build_points(c);
    parindex_ranking *rk = NULL;
    assert_ok(parindex_ranking_new(&rk, c->res, NULL));
    assert_int_equal(parindex_ranking_count(rk), 0);
    parindex_ranking_free(rk);
    parindex_ranking_free(NULL);
}

static void tie_names(void **state)
{
    (void)state;
    for (int t = 0; t < 5; t++)
        assert_int_equal(parindex_ties_from_name(parindex_ties_name(t)), t);
    assert_string_equal(parindex_ties_name(PARINDEX_TIES_DENSE), "dense");
    assert_string_equal(parindex_ties_name(5), "");
    assert_int_equal(parindex_ties_from_name("Dense"), PARINDEX_EINVAL);
    assert_int_equal(parindex_ties_from_name(NULL), PARINDEX_EINVAL);
}

static void natural_code_order(void **state)
{
    (void)state;
    static const char *const sorted[] = {"1", "1.2", "1.2.1", "1.2.10", "1.10", "2",
                                         "3.4.4.on_time", "3.4.4.total", "10",
                                         "entry", "land"};
    size_t n = sizeof sorted / sizeof sorted[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int c = parindex_code_compare(sorted[i], sorted[j]);
            int want = i < j ? -1 : i > j ? 1 : 0;
            if ((c > 0) - (c < 0) != want)
                fail_msg("compare(%s, %s) = %d", sorted[i], sorted[j], c);
        }
    assert_true(parindex_code_compare("01", "1") != 0);
    assert_int_equal(parindex_code_compare(NULL, NULL), 0);
    assert_true(parindex_code_compare("1", NULL) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rank_values_each_policy),
        cmocka_unit_test(unranked_values_come_last),
        cmocka_unit_test_setup_teardown(ranks_within_groups_on_unrounded_totals, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test_setup_teardown(ranks_on_index_when_asked, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test_setup_teardown(empty_results_rank, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test(tie_names),
        cmocka_unit_test(natural_code_order),
    };
    return cmocka_run_group_tests_name("rank", tests, NULL, NULL);
}
