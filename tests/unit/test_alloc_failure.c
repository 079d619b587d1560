/* Allocation failure: an allocator that fails the Nth allocation, for every
 * N until the whole scenario (build, freeze, inputs, results, scoring,
 * explaining) succeeds. Every call during which an allocation failed must
 * return PARINDEX_ENOMEM and leave no half-built object; nothing may leak. */
#include "ptest.h"

/* ---- the failing allocator ---------------------------------------------- */

typedef struct chaos {
    long count;   /* allocations attempted */
    long fail_at; /* the allocation to fail; -1 for none */
    int sticky;   /* fail every allocation from fail_at on */
    long failed;  /* failures injected */
    long live;    /* blocks allocated and not yet freed */
} chaos;

static int chaos_fails(chaos *c)
{
    long i = c->count++;
    if (c->fail_at >= 0 && (i == c->fail_at || (c->sticky && i > c->fail_at))) {
        c->failed++;
        return 1;
    }
    return 0;
}

static void *chaos_alloc(void *opaque, size_t size)
{
    chaos *c = opaque;
    if (chaos_fails(c))
        return NULL;
    void *p = malloc(size);
    if (p)
        c->live++;
    return p;
}

static void *chaos_realloc(void *opaque, void *ptr, size_t size)
{
    chaos *c = opaque;
    if (chaos_fails(c))
        return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr)
        c->live++;
    return p;
}

static void chaos_free(void *opaque, void *ptr)
{
    chaos *c = opaque;
    if (ptr) {
        c->live--;
        free(ptr);
    }
}

/* ---- the scenario ------------------------------------------------------- */

#define N_UNITS 20     /* more than the results' first capacity */
#define N_CATS 17      /* more than explain's on-stack input list */
#define N_EXPLAINED 3
static const char *const explained[] = {"1.1", "1.2", "1.3", "1.4", "2", "2.1", "3", ""};
#define N_EXPL (sizeof explained / sizeof explained[0])
#define MAX_NODES 40

typedef struct run {
    chaos ch;
    parindex_allocator a;
    int use_alloc;
    int aborted; /* sticky mode: a step failed, the scenario stopped */
    const char *failed_in; /* the last call an allocation failed in */
    parindex_builder *b;
    parindex_ruleset *rs;
    parindex_inputs *in;
    parindex_results *res;
    /* what the scenario computed */
    size_t n_nodes;
    parindex_fixed earned[N_UNITS][MAX_NODES], max[N_UNITS][MAX_NODES];
    int na[N_UNITS][MAX_NODES];
    char reason[N_EXPLAINED][N_EXPL][512];
    char label[N_EXPLAINED][N_EXPL][128];
    size_t n_inputs[N_EXPLAINED][N_EXPL];
} run;

#define ALLOC(r) ((r)->use_alloc ? &(r)->a : NULL)

/* Run one fallible call. If an allocation failed during it, it must return
 * PARINDEX_ENOMEM (with the last error saying so) and satisfy `check`;
 * then the scenario stops (sticky mode) or the call is retried. */
#define STEP(r, call, check)                                                 \
    do {                                                                     \
        if ((r)->aborted)                                                    \
            return;                                                          \
        for (;;) {                                                           \
            long f_ = (r)->ch.failed;                                        \
            int rc_ = (call);                                                \
            if ((r)->ch.failed == f_) {                                      \
                if (rc_ != PARINDEX_OK)                                      \
                    fail_msg("%s: status %d (%s) with no failed allocation", \
                             #call, rc_,                                     \
                             parindex_error_message(parindex_error_last())); \
                break;                                                       \
            }                                                                \
            (r)->failed_in = #call;                                          \
            if (rc_ != PARINDEX_ENOMEM)                                      \
                fail_msg("%s: status %d after allocation %ld failed", #call, \
                         rc_, (r)->ch.fail_at);                              \
            assert_int_equal(parindex_error_code(parindex_error_last()),    \
                             PARINDEX_ENOMEM);                               \
            check;                                                           \
            if ((r)->ch.sticky) {                                            \
                (r)->aborted = 1;                                            \
                return;                                                      \
            }                                                                \
        }                                                                    \
    } while (0)

#define BSTEP(r, call) STEP(r, call, (void)0)

static void build(run *r)
{
    parindex_builder *b = r->b;
    BSTEP(r, parindex_builder_set_identity(b, PARINDEX_ID_ID, "test-2022-department"));
    BSTEP(r, parindex_builder_set_identity(b, PARINDEX_ID_TITLE, "Chỉ số CCHC"));
    BSTEP(r, parindex_builder_set_identity(b, PARINDEX_ID_LEVEL, "department"));
    BSTEP(r, parindex_builder_set_identity(b, PARINDEX_ID_YEAR, "2022"));
    BSTEP(r, parindex_builder_set_precision(b, 3, PARINDEX_ROUND_HALF_UP,
                                            PARINDEX_ROUND_AT_LEAF));
    BSTEP(r, parindex_builder_add_band(b, "Tốt", pt_fx("80"), 1, PARINDEX_FIXED_NONE, 0));
    BSTEP(r, parindex_builder_add_band(b, "Khá", pt_fx("60"), 1, pt_fx("80"), 0));
    BSTEP(r, parindex_builder_add_band(b, "Yếu", PARINDEX_FIXED_NONE, 0, pt_fx("60"), 0));

    BSTEP(r, parindex_builder_add_node(b, NULL, "1", "Chỉ đạo điều hành", pt_fx("6")));
    BSTEP(r, parindex_builder_add_node(b, "1", "1.1", "Kế hoạch", pt_fx("1")));
    BSTEP(r, parindex_builder_set_rule(b, "1.1", PARINDEX_RULE_OUTCOME));
    BSTEP(r, parindex_builder_set_input(b, "1.1", PARINDEX_INPUT_VALUE, "plan"));
    BSTEP(r, parindex_builder_add_outcome(b, "1.1", "on_time", pt_fx("1")));
    BSTEP(r, parindex_builder_add_outcome(b, "1.1", "late", pt_fx("0.5")));
    BSTEP(r, parindex_builder_add_outcome(b, "1.1", "none", 0));

    BSTEP(r, parindex_builder_add_node(b, "1", "1.2", "Thực hiện kế hoạch", pt_fx("2")));
    BSTEP(r, parindex_builder_set_rule(b, "1.2", PARINDEX_RULE_TIERS));
    BSTEP(r, parindex_builder_set_input(b, "1.2", PARINDEX_INPUT_NUMERATOR, "done"));
    BSTEP(r, parindex_builder_set_input(b, "1.2", PARINDEX_INPUT_DENOMINATOR, "planned"));
    BSTEP(r, parindex_builder_set_param(b, "1.2", PARINDEX_PARAM_RATIO_SCALE, pt_fx("100")));
    BSTEP(r, parindex_builder_add_tier(b, "1.2", pt_fx("90"), 0, PARINDEX_FIXED_NONE, 0, pt_fx("2")));
    BSTEP(r, parindex_builder_add_tier(b, "1.2", pt_fx("70"), 1, pt_fx("90"), 1, pt_fx("1")));
    BSTEP(r, parindex_builder_add_tier(b, "1.2", PARINDEX_FIXED_NONE, 0, pt_fx("70"), 0, 0));

    BSTEP(r, parindex_builder_add_node(b, "1", "1.3", "Báo cáo", pt_fx("1")));
    BSTEP(r, parindex_builder_set_rule(b, "1.3", PARINDEX_RULE_DEDUCTION));
    BSTEP(r, parindex_builder_set_input(b, "1.3", PARINDEX_INPUT_VALUE, "late_reports"));
    BSTEP(r, parindex_builder_set_param(b, "1.3", PARINDEX_PARAM_PENALTY, pt_fx("0.25")));
    BSTEP(r, parindex_builder_set_param(b, "1.3", PARINDEX_PARAM_SPILL, 1));

    BSTEP(r, parindex_builder_add_node(b, "1", "1.4", "Tuyên truyền", pt_fx("2")));
    BSTEP(r, parindex_builder_set_rule(b, "1.4", PARINDEX_RULE_COUNT));
    for (int k = 0; k < N_CATS; k++) {
        char name[8];
        snprintf(name, sizeof name, "f%02d", k);
        BSTEP(r, parindex_builder_add_category(b, "1.4", name, NULL, pt_fx("0.25")));
    }

    BSTEP(r, parindex_builder_add_node(b, NULL, "2", "Khảo sát", pt_fx("4")));
    BSTEP(r, parindex_builder_set_aggregation(b, "2", PARINDEX_AGG_WEIGHTED_MEAN));
    BSTEP(r, parindex_builder_set_weight_total(b, "2", pt_fx("4")));
    BSTEP(r, parindex_builder_add_node(b, "2", "2.1", "Tỷ lệ", pt_fx("2")));
    BSTEP(r, parindex_builder_set_weight(b, "2.1", pt_fx("3")));
    BSTEP(r, parindex_builder_set_decimals(b, "2.1", 2));
    BSTEP(r, parindex_builder_set_rule(b, "2.1", PARINDEX_RULE_PROPORTIONAL));
    BSTEP(r, parindex_builder_set_input(b, "2.1", PARINDEX_INPUT_VALUE, "share"));
    BSTEP(r, parindex_builder_set_param(b, "2.1", PARINDEX_PARAM_ZERO_BELOW, pt_fx("0.5")));
    BSTEP(r, parindex_builder_set_param(b, "2.1", PARINDEX_PARAM_FULL_FROM, pt_fx("0.95")));
    BSTEP(r, parindex_builder_add_node(b, "2", "2.2", "Hài lòng", pt_fx("2")));
    BSTEP(r, parindex_builder_set_rule(b, "2.2", PARINDEX_RULE_SURVEY));
    BSTEP(r, parindex_builder_set_input(b, "2.2", PARINDEX_INPUT_VALUE, "rating"));
    BSTEP(r, parindex_builder_set_param(b, "2.2", PARINDEX_PARAM_RANGE_LOW, pt_fx("1")));
    BSTEP(r, parindex_builder_set_param(b, "2.2", PARINDEX_PARAM_RANGE_HIGH, pt_fx("5")));

    BSTEP(r, parindex_builder_add_node(b, NULL, "3", "Tác động", pt_fx("2")));
    BSTEP(r, parindex_builder_set_part(b, "3", PARINDEX_PART_SURVEY));
    BSTEP(r, parindex_builder_add_node(b, "3", "3.1", "Điểm", pt_fx("1")));
    BSTEP(r, parindex_builder_set_rule(b, "3.1", PARINDEX_RULE_POINTS));
    BSTEP(r, parindex_builder_add_node(b, "3", "3.2", "Hình thức", pt_fx("1")));
    BSTEP(r, parindex_builder_set_rule(b, "3.2", PARINDEX_RULE_COUNT));
    BSTEP(r, parindex_builder_set_input(b, "3.2", PARINDEX_INPUT_VALUE, "forms"));
    BSTEP(r, parindex_builder_set_param(b, "3.2", PARINDEX_PARAM_PER, pt_fx("0.5")));
}

static const char *const outcomes[] = {"on_time", "late", "none"};

/* Unit k's raw facts. */
static void fill_inputs(run *r, int k)
{
    parindex_inputs *in = r->in;
    parindex_inputs_clear(in);
    BSTEP(r, parindex_inputs_set_outcome(in, "plan", outcomes[k % 3]));
    BSTEP(r, parindex_inputs_set(in, "done", PARINDEX_FIXED_INT(k)));
    BSTEP(r, parindex_inputs_set(in, "planned", PARINDEX_FIXED_INT(N_UNITS - 1)));
    BSTEP(r, parindex_inputs_set(in, "late_reports", PARINDEX_FIXED_INT(k % 6)));
    for (int j = 0; j < N_CATS; j++) {
        char name[16];
        snprintf(name, sizeof name, "1.4.f%02d", j);
        BSTEP(r, parindex_inputs_set(in, name, PARINDEX_FIXED_INT((k + j) % 3 == 0)));
    }
    BSTEP(r, parindex_inputs_set(in, "share", (parindex_fixed)k * 50000));
    BSTEP(r, parindex_inputs_set_text(in, "rating", k % 4 == 3 ? "N/A" : (const char *[]){"1", "2,5", "4.75"}[k % 3]));
    BSTEP(r, parindex_inputs_set(in, "3.1", (parindex_fixed)(k % 3) * 500000));
    BSTEP(r, parindex_inputs_set(in, "forms", PARINDEX_FIXED_INT(k % 4)));
    BSTEP(r, parindex_inputs_set_node_na(in, "3", k % 7 == 0));
}

static void scenario(run *r)
{
    STEP(r, parindex_builder_new(&r->b, ALLOC(r)), assert_null(r->b));
    build(r);
    if (r->aborted)
        return;
    STEP(r, parindex_builder_freeze(r->b, &r->rs, NULL, NULL), assert_null(r->rs));
    STEP(r, parindex_inputs_new(&r->in, r->rs, ALLOC(r)), assert_null(r->in));
    STEP(r, parindex_results_new(&r->res, r->rs, ALLOC(r)), assert_null(r->res));
    r->n_nodes = parindex_ruleset_node_count(r->rs);
    assert_true(r->n_nodes <= MAX_NODES);
    for (int k = 0; k < N_UNITS; k++) {
        char unit[32];
        snprintf(unit, sizeof unit, "Đơn vị %02d", k);
        fill_inputs(r, k);
        if (r->aborted)
            return;
        STEP(r, parindex_results_add(r->res, unit, k % 2 ? "huyện" : "sở", r->in),
             (assert_int_equal(parindex_results_unit_count(r->res), (size_t)k),
              assert_int_equal(parindex_results_find_unit(r->res, unit), PARINDEX_ENOTFOUND)));
    }
    for (size_t u = 0; u < N_UNITS; u++)
        for (size_t i = 0; i < r->n_nodes; i++) {
            r->earned[u][i] = parindex_results_earned(r->res, u, i);
            r->max[u][i] = parindex_results_max(r->res, u, i);
            r->na[u][i] = parindex_results_is_na(r->res, u, i);
        }
    for (size_t u = 0; u < N_EXPLAINED; u++)
        for (size_t k = 0; k < N_EXPL; k++) {
            parindex_explanation *e = NULL;
            long node = parindex_ruleset_find_node(r->rs, explained[k]);
            assert_true(node >= 0);
            STEP(r, parindex_results_explain(r->res, u, (size_t)node, &e), assert_null(e));
            snprintf(r->reason[u][k], sizeof r->reason[u][k], "%s",
                     parindex_explanation_reason(e));
            snprintf(r->label[u][k], sizeof r->label[u][k], "%s",
                     parindex_explanation_match_label(e));
            r->n_inputs[u][k] = parindex_explanation_input_count(e);
            parindex_explanation_free(e);
        }
}

static void run_free(run *r)
{
    parindex_results_free(r->res);
    parindex_inputs_free(r->in);
    parindex_ruleset_free(r->rs);
    parindex_builder_free(r->b);
    r->res = NULL;
    r->in = NULL;
    r->rs = NULL;
    r->b = NULL;
}

static run *run_new(int use_alloc, int with_realloc, long fail_at, int sticky)
{
    run *r = calloc(1, sizeof *r);
    assert_non_null(r);
    r->use_alloc = use_alloc;
    r->ch.fail_at = fail_at;
    r->ch.sticky = sticky;
    r->a.alloc = chaos_alloc;
    r->a.realloc = with_realloc ? chaos_realloc : NULL;
    r->a.free = chaos_free;
    r->a.opaque = &r->ch;
    return r;
}

static void same_results(const run *want, const run *got)
{
    assert_int_equal(got->n_nodes, want->n_nodes);
    for (size_t u = 0; u < N_UNITS; u++)
        for (size_t i = 0; i < want->n_nodes; i++) {
            assert_int_equal(got->earned[u][i], want->earned[u][i]);
            assert_int_equal(got->max[u][i], want->max[u][i]);
            assert_int_equal(got->na[u][i], want->na[u][i]);
        }
    for (size_t u = 0; u < N_EXPLAINED; u++)
        for (size_t k = 0; k < N_EXPL; k++) {
            assert_string_equal(got->reason[u][k], want->reason[u][k]);
            assert_string_equal(got->label[u][k], want->label[u][k]);
            assert_int_equal(got->n_inputs[u][k], want->n_inputs[u][k]);
        }
}

/* The scenario with the standard allocator, as the reference. */
static run *reference(void)
{
    run *ref = run_new(0, 1, -1, 0);
    scenario(ref);
    assert_false(ref->aborted);
    /* sanity: the scenario computes something worth comparing */
    assert_int_equal(parindex_results_unit_count(ref->res), N_UNITS);
    assert_string_equal(ref->reason[1][1],
                        "ratio 1/19 × 100 = 5.263158 in tier 3 (-inf, 70) → 0 of 2 (lost 2)");
    assert_true(ref->na[0][parindex_ruleset_find_node(ref->rs, "3")]);
    assert_contains(ref->reason[0][6], "not applicable");
    assert_int_equal(ref->n_inputs[0][3], N_CATS);
    run_free(ref);
    return ref;
}

/* Fail allocation N for N = 0, 1, ... until the scenario runs with no
 * failure; `sticky` fails every allocation from N on. */
static void fail_every_allocation(int with_realloc, int sticky)
{
    run *ref = reference();
    long n;
    for (n = 0;; n++) {
        run *r = run_new(1, with_realloc, n, sticky);
        scenario(r);
        long failed = r->ch.failed;
        if (!sticky && failed)
            same_results(ref, r);
        /* sticky: stopped exactly when something failed; otherwise every
         * failed call was retried and the scenario ran to its end */
        assert_int_equal(r->aborted, sticky ? failed > 0 : 0);
        run_free(r);
        if (r->ch.live != 0)
            fail_msg("allocation %ld failed in %s: %ld blocks leaked", n,
                     r->failed_in ? r->failed_in : "?", r->ch.live);
        free(r);
        if (!failed)
            break;
    }
    /* the scenario is non-trivial: many allocations were tried */
    assert_true(n > 200);
    print_message("%s, %s: %ld allocations tried\n",
                  with_realloc ? "realloc" : "no realloc",
                  sticky ? "all failing from N" : "only N failing", n);
    free(ref);
}

static void only_nth_fails_then_retry(void **state)
{
    (void)state;
    fail_every_allocation(1, 0);
}

static void all_from_nth_fail(void **state)
{
    (void)state;
    fail_every_allocation(1, 1);
}

static void only_nth_fails_without_realloc(void **state)
{
    (void)state;
    fail_every_allocation(0, 0);
}

static void all_from_nth_fail_without_realloc(void **state)
{
    (void)state;
    fail_every_allocation(0, 1);
}

/* The allocator a builder was created with is the one its rule sets use. */
static void objects_use_their_allocator(void **state)
{
    (void)state;
    run *r = run_new(1, 1, -1, 0);
    scenario(r);
    assert_false(r->aborted);
    long before = r->ch.count;
    assert_true(before > 0);
    assert_true(r->ch.live > 0);
    run_free(r);
    assert_int_equal(r->ch.live, 0);
    free(r);
}

/* A setter that runs out of memory leaves the builder as it was: the title
 * is both an identity field and the root's name. */
static void failed_title_change_changes_nothing(void **state)
{
    (void)state;
    for (long n = 0;; n++) {
        run *r = run_new(1, 1, -1, 0);
        assert_ok(parindex_builder_new(&r->b, &r->a));
        assert_ok(parindex_builder_set_identity(r->b, PARINDEX_ID_TITLE, "old"));
        assert_ok(parindex_builder_add_node(r->b, NULL, "1", "x", PARINDEX_FIXED_ONE));
        assert_ok(parindex_builder_set_rule(r->b, "1", PARINDEX_RULE_POINTS));
        r->ch.fail_at = r->ch.count + n;
        int rc = parindex_builder_set_identity(r->b, PARINDEX_ID_TITLE, "new title");
        long failed = r->ch.failed;
        r->ch.fail_at = -1;
        const char *want = "new title";
        if (failed) {
            assert_status(rc, PARINDEX_ENOMEM);
            want = "old";
        } else {
            assert_ok(rc);
        }
        assert_ok(parindex_builder_freeze(r->b, &r->rs, NULL, NULL));
        assert_string_equal(parindex_ruleset_identity(r->rs, PARINDEX_ID_TITLE), want);
        assert_string_equal(parindex_node_name(r->rs, 0), want);
        run_free(r);
        assert_int_equal(r->ch.live, 0);
        free(r);
        if (!failed)
            break;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(objects_use_their_allocator),
        cmocka_unit_test(failed_title_change_changes_nothing),
        cmocka_unit_test(only_nth_fails_then_retry),
        cmocka_unit_test(all_from_nth_fail),
        cmocka_unit_test(only_nth_fails_without_realloc),
        cmocka_unit_test(all_from_nth_fail_without_realloc),
    };
    return cmocka_run_group_tests_name("alloc_failure", tests, NULL, NULL);
}
