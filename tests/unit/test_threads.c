/* One frozen rule set scored from several threads at once, each with its
 * own inputs and results; error records are per thread.
 *
 * cmocka's assertions jump back into the main thread, so worker threads
 * only record problems; the main thread asserts after joining them. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>

#include "ptest.h"

#define N_THREADS 4
#define N_UNITS 48
#define MAX_NODES 24
#define MAX_INPUTS 24

/* ---- the shared rule set ------------------------------------------------ */

static void build(parindex_builder *b)
{
    assert_ok(parindex_builder_set_precision(b, 3, PARINDEX_ROUND_HALF_UP,
                                             PARINDEX_ROUND_AT_LEAF));
    assert_ok(parindex_builder_add_band(b, "Tốt", pt_fx("80"), 1, PARINDEX_FIXED_NONE, 0));
    assert_ok(parindex_builder_add_band(b, "Khá", pt_fx("60"), 1, pt_fx("80"), 0));
    assert_ok(parindex_builder_add_band(b, "Yếu", PARINDEX_FIXED_NONE, 0, pt_fx("60"), 0));

    pt_node(b, NULL, "1", "7");
    pt_leaf(b, "1", "1.1", "1", PARINDEX_RULE_OUTCOME);
    pt_input(b, "1.1", PARINDEX_INPUT_VALUE, "plan");
    pt_outcome(b, "1.1", "on_time", "1");
    pt_outcome(b, "1.1", "late", "0.5");
    pt_outcome(b, "1.1", "none", "0");
    pt_leaf(b, "1", "1.2", "2", PARINDEX_RULE_TIERS);
    pt_input(b, "1.2", PARINDEX_INPUT_NUMERATOR, "done");
    pt_input(b, "1.2", PARINDEX_INPUT_DENOMINATOR, "planned");
    pt_param(b, "1.2", PARINDEX_PARAM_RATIO_SCALE, "100");
    pt_param_enum(b, "1.2", PARINDEX_PARAM_ZERO_DENOMINATOR, PARINDEX_ZERO_DEN_NOT_APPLICABLE);
    pt_tier(b, "1.2", "90", 0, NULL, 0, "2");
    pt_tier(b, "1.2", "70", 1, "90", 1, "1");
    pt_tier(b, "1.2", NULL, 0, "70", 0, "0");
    pt_leaf(b, "1", "1.3", "1", PARINDEX_RULE_DEDUCTION);
    pt_input(b, "1.3", PARINDEX_INPUT_VALUE, "late_reports");
    pt_param(b, "1.3", PARINDEX_PARAM_PENALTY, "0.25");
    pt_param_enum(b, "1.3", PARINDEX_PARAM_SPILL, 1);
    pt_leaf(b, "1", "1.4", "1.5", PARINDEX_RULE_COUNT);
    pt_category(b, "1.4", "media", NULL, "0.5");
    pt_category(b, "1.4", "documents", NULL, "0.5");
    pt_category(b, "1.4", "events", NULL, "0.5");
    pt_leaf(b, "1", "1.5", "1.5", PARINDEX_RULE_POINTS);

    pt_node(b, NULL, "2", "4");
    assert_ok(parindex_builder_set_aggregation(b, "2", PARINDEX_AGG_GEOMETRIC_MEAN));
    pt_leaf(b, "2", "2.1", "2", PARINDEX_RULE_PROPORTIONAL);
    pt_input(b, "2.1", PARINDEX_INPUT_VALUE, "share");
    pt_param(b, "2.1", PARINDEX_PARAM_ZERO_BELOW, "0.2");
    assert_ok(parindex_builder_set_decimals(b, "2.1", 2));
    pt_leaf(b, "2", "2.2", "2", PARINDEX_RULE_SURVEY);
    pt_input(b, "2.2", PARINDEX_INPUT_VALUE, "rating");
    pt_param(b, "2.2", PARINDEX_PARAM_RANGE_LOW, "1");
    pt_param(b, "2.2", PARINDEX_PARAM_RANGE_HIGH, "5");
    assert_ok(parindex_builder_set_weight(b, "2.2", pt_fx("3")));

    pt_node(b, NULL, "3", "3");
    assert_ok(parindex_builder_set_aggregation(b, "3", PARINDEX_AGG_WEIGHTED_SUM));
    pt_leaf(b, "3", "3.1", "1", PARINDEX_RULE_POINTS);
    pt_leaf(b, "3", "3.2", "1", PARINDEX_RULE_COUNT);
    pt_input(b, "3.2", PARINDEX_INPUT_VALUE, "forms");
    pt_param(b, "3.2", PARINDEX_PARAM_PER, "0.25");
}

/* Unit u's facts as a data file would give them, one text per input. */
typedef struct facts {
    size_t n_inputs;
    const char *name[MAX_INPUTS];
    char text[N_UNITS][MAX_INPUTS][16];
    int node3_na[N_UNITS];
} facts;

static void make_facts(const parindex_ruleset *rs, facts *f)
{
    static const char *const outcomes[] = {"on_time", "late", "none"};
    static const char *const ratings[] = {"1", "2,5", "3.75", "5", "N/A"};
    f->n_inputs = parindex_ruleset_input_count(rs);
    assert_true(f->n_inputs <= MAX_INPUTS);
    for (size_t i = 0; i < f->n_inputs; i++)
        f->name[i] = parindex_ruleset_input_name(rs, i);
    for (int u = 0; u < N_UNITS; u++) {
        for (size_t i = 0; i < f->n_inputs; i++) {
            const char *n = f->name[i];
            char *t = f->text[u][i];
            size_t sz = sizeof f->text[u][i];
            if (!strcmp(n, "plan"))
                snprintf(t, sz, "%s", outcomes[u % 3]);
            else if (!strcmp(n, "done"))
                snprintf(t, sz, "%d", u % 11);
            else if (!strcmp(n, "planned"))
                snprintf(t, sz, "%d", u % 13 == 0 ? 0 : 10);
            else if (!strcmp(n, "late_reports"))
                snprintf(t, sz, "%d", u % 7);
            else if (!strncmp(n, "1.4.", 4))
                snprintf(t, sz, "%d", (u + (int)i) % 2);
            else if (!strcmp(n, "1.5"))
                snprintf(t, sz, "%d.%d", u % 2, (u * 7) % 6); /* ≤ 1.5 */
            else if (!strcmp(n, "share"))
                snprintf(t, sz, "0.%02d", (u * 37) % 100);
            else if (!strcmp(n, "rating"))
                snprintf(t, sz, "%s", ratings[u % 5]);
            else if (!strcmp(n, "3.1"))
                snprintf(t, sz, "%s", u % 9 == 4 ? "NA" : "0.75");
            else if (!strcmp(n, "forms"))
                snprintf(t, sz, "%d", u % 6);
            else
                fail_msg("unexpected input '%s'", n);
        }
        f->node3_na[u] = u % 10 == 9;
    }
}

/* ---- scoring in a thread ------------------------------------------------ */

typedef struct scored {
    size_t n_nodes;
    parindex_fixed earned[N_UNITS][MAX_NODES], max[N_UNITS][MAX_NODES];
    unsigned char na[N_UNITS][MAX_NODES];
    parindex_fixed index[N_UNITS];
    char band[N_UNITS][16];
    char reason[N_UNITS][MAX_NODES][160];
} scored;

typedef struct worker {
    int id;
    const parindex_ruleset *rs;
    const facts *f;
    pthread_barrier_t *start;
    int rounds;
    scored *out;
    int problems;
    char problem[512];
} worker;

static void problem(worker *w, const char *what, int rc)
{
    if (w->problems++ == 0)
        snprintf(w->problem, sizeof w->problem, "thread %d: %s: status %d: %s", w->id,
                 what, rc, parindex_error_message(parindex_error_last()));
}

/* Score every unit, in an order that differs per thread; after each
 * successful call the thread's own error record must say OK. */
static void score_all(worker *w)
{
    const parindex_ruleset *rs = w->rs;
    parindex_inputs *in = NULL;
    parindex_results *res = NULL;
    int rc;
    if ((rc = parindex_inputs_new(&in, rs, NULL)) != PARINDEX_OK ||
        (rc = parindex_results_new(&res, rs, NULL)) != PARINDEX_OK) {
        problem(w, "create", rc);
        goto done;
    }
    size_t nn = parindex_ruleset_node_count(rs);
    w->out->n_nodes = nn;
    for (int k = 0; k < N_UNITS; k++) {
        int u = (k + w->id * 11) % N_UNITS;
        parindex_inputs_clear(in);
        for (size_t i = 0; i < w->f->n_inputs; i++)
            if ((rc = parindex_inputs_set_text(in, w->f->name[i], w->f->text[u][i])) != 0)
                problem(w, w->f->name[i], rc);
        if ((rc = parindex_inputs_set_node_na(in, "3", w->f->node3_na[u])) != 0)
            problem(w, "node N/A", rc);
        char unit[32];
        snprintf(unit, sizeof unit, "unit %02d", u);
        if ((rc = parindex_results_add(res, unit, NULL, in)) != PARINDEX_OK) {
            problem(w, unit, rc);
            continue;
        }
        if (parindex_error_code(parindex_error_last()) != PARINDEX_OK ||
            parindex_error_message(parindex_error_last())[0] != '\0')
            problem(w, "error record not clear after success", 0);
        size_t r = (size_t)k;
        for (size_t i = 0; i < nn; i++) {
            w->out->earned[u][i] = parindex_results_earned(res, r, i);
            w->out->max[u][i] = parindex_results_max(res, r, i);
            w->out->na[u][i] = (unsigned char)parindex_results_is_na(res, r, i);
            parindex_explanation *e = NULL;
            if ((rc = parindex_results_explain(res, r, i, &e)) != PARINDEX_OK) {
                problem(w, "explain", rc);
                continue;
            }
            snprintf(w->out->reason[u][i], sizeof w->out->reason[u][i], "%s",
                     parindex_explanation_reason(e));
            parindex_explanation_free(e);
        }
        w->out->index[u] = parindex_results_index(res, r);
        snprintf(w->out->band[u], sizeof w->out->band[u], "%s",
                 parindex_results_band(res, r));
    }
done:
    parindex_results_free(res);
    parindex_inputs_free(in);
}

static void *score_thread(void *arg)
{
    worker *w = arg;
    pthread_barrier_wait(w->start);
    for (int r = 0; r < w->rounds; r++)
        score_all(w);
    return NULL;
}

static void same_scores(const scored *want, const scored *got)
{
    assert_int_equal(got->n_nodes, want->n_nodes);
    for (int u = 0; u < N_UNITS; u++) {
        for (size_t i = 0; i < want->n_nodes; i++) {
            assert_int_equal(got->earned[u][i], want->earned[u][i]);
            assert_int_equal(got->max[u][i], want->max[u][i]);
            assert_int_equal(got->na[u][i], want->na[u][i]);
            assert_string_equal(got->reason[u][i], want->reason[u][i]);
        }
        assert_int_equal(got->index[u], want->index[u]);
        assert_string_equal(got->band[u], want->band[u]);
    }
}

static void shared_ruleset_scores_identically(void **state)
{
    pt_ctx *c = *state;
    build(c->b);
    pt_freeze(c);
    assert_true(parindex_ruleset_node_count(c->rs) <= MAX_NODES);
    facts *f = calloc(1, sizeof *f);
    assert_non_null(f);
    make_facts(c->rs, f);

    /* the single-threaded reference */
    pthread_barrier_t one;
    assert_int_equal(pthread_barrier_init(&one, NULL, 1), 0);
    scored *ref = calloc(1, sizeof *ref);
    assert_non_null(ref);
    worker rw = {.id = 0, .rs = c->rs, .f = f, .start = &one, .rounds = 1, .out = ref};
    score_thread(&rw);
    pthread_barrier_destroy(&one);
    if (rw.problems)
        fail_msg("%s", rw.problem);
    /* the reference covers what the threads must agree on */
    size_t na_units = 0, bands = 0;
    for (int u = 0; u < N_UNITS; u++) {
        na_units += ref->na[u][pt_nd(c, "3")];
        bands += ref->band[u][0] != '\0';
    }
    assert_true(na_units > 0 && na_units < N_UNITS);
    assert_true(bands > 0);
    assert_true(ref->earned[1][pt_nd(c, "2")] > 0);

    pthread_barrier_t start;
    assert_int_equal(pthread_barrier_init(&start, NULL, N_THREADS), 0);
    pthread_t tid[N_THREADS];
    worker w[N_THREADS];
    for (int t = 0; t < N_THREADS; t++) {
        w[t] = (worker){.id = t, .rs = c->rs, .f = f, .start = &start, .rounds = 3};
        w[t].out = calloc(1, sizeof *w[t].out);
        assert_non_null(w[t].out);
        assert_int_equal(pthread_create(&tid[t], NULL, score_thread, &w[t]), 0);
    }
    for (int t = 0; t < N_THREADS; t++)
        assert_int_equal(pthread_join(tid[t], NULL), 0);
    pthread_barrier_destroy(&start);
    for (int t = 0; t < N_THREADS; t++) {
        if (w[t].problems)
            fail_msg("%s", w[t].problem);
        same_scores(ref, w[t].out);
        free(w[t].out);
    }
    free(ref);
    free(f);
}

/* ---- errors are per thread ---------------------------------------------- */

typedef struct erring {
    int id;
    const parindex_ruleset *rs;
    pthread_barrier_t *step;
    int problems;
    char problem[512];
} erring;

static void eproblem(erring *w, const char *what, const char *detail)
{
    if (w->problems++ == 0)
        snprintf(w->problem, sizeof w->problem, "thread %d: %s%s (last error %d: %s)",
                 w->id, what, detail, parindex_error_code(parindex_error_last()),
                 parindex_error_message(parindex_error_last()));
}

/* The thread's last error must have `code` and mention `needle` (NULL: an
 * empty message). */
static void expect_last(erring *w, int code, const char *needle)
{
    const parindex_error *e = parindex_error_last();
    if (parindex_error_code(e) != code)
        eproblem(w, "wrong error code; expected text: ", needle ? needle : "");
    else if (needle && !strstr(parindex_error_message(e), needle))
        eproblem(w, "message does not mention ", needle);
    else if (!needle && parindex_error_message(e)[0])
        eproblem(w, "message not empty", "");
}

/* Each thread fails in its own way and succeeds in between, in lockstep
 * with the others: no thread ever sees another's error, and a success on
 * one thread never clears another's error. */
static void *erring_thread(void *arg)
{
    erring *w = arg;
    parindex_inputs *in = NULL;
    parindex_results *res = NULL;
    char own[64], unit[64];
    snprintf(own, sizeof own, "unit 'bad %d'", w->id);
    if (parindex_inputs_new(&in, w->rs, NULL) || parindex_results_new(&res, w->rs, NULL)) {
        eproblem(w, "cannot create the inputs", "");
        /* keep the barrier count right */
        for (int r = 0; r < 3 * N_THREADS * 20; r++)
            pthread_barrier_wait(w->step);
        goto done;
    }
    for (int round = 0; round < 20; round++) {
        for (int turn = 0; turn < N_THREADS; turn++) {
            /* 1: the thread whose turn it is fails; the others succeed */
            if (turn == w->id) {
                parindex_inputs_clear(in);
                snprintf(unit, sizeof unit, "bad %d", w->id);
                if (parindex_results_add(res, unit, NULL, in) != PARINDEX_EINPUT)
                    eproblem(w, "scoring with no inputs did not fail", "");
                expect_last(w, PARINDEX_EINPUT, own);
            } else {
                if (parindex_inputs_set_text(in, "plan", "late") != PARINDEX_OK)
                    eproblem(w, "setting an input failed", "");
                expect_last(w, PARINDEX_OK, NULL);
            }
            pthread_barrier_wait(w->step);
            /* 2: nobody sees the failure but the thread that failed */
            if (turn == w->id)
                expect_last(w, PARINDEX_EINPUT, own);
            else
                expect_last(w, PARINDEX_OK, NULL);
            pthread_barrier_wait(w->step);
            /* 3: the others fail differently; the failed thread keeps its own */
            if (turn != w->id) {
                char name[32];
                snprintf(name, sizeof name, "nope %d", w->id);
                if (parindex_inputs_set(in, name, 0) != PARINDEX_ENOTFOUND)
                    eproblem(w, "unknown input accepted", "");
                expect_last(w, PARINDEX_ENOTFOUND, name);
            }
            pthread_barrier_wait(w->step);
            if (turn == w->id)
                expect_last(w, PARINDEX_EINPUT, own);
        }
    }
    if (parindex_results_unit_count(res) != 0)
        eproblem(w, "a failed unit was appended", "");
done:
    parindex_results_free(res);
    parindex_inputs_free(in);
    return NULL;
}

static void errors_are_per_thread(void **state)
{
    pt_ctx *c = *state;
    build(c->b);
    pt_freeze(c);
    /* the main thread's own error survives whatever the workers do */
    parindex_fixed v;
    assert_status(parindex_fixed_parse("main thread", &v), PARINDEX_EPARSE);
    char mine[512];
    snprintf(mine, sizeof mine, "%s", parindex_error_message(parindex_error_last()));
    assert_contains(mine, "main thread");

    pthread_barrier_t step;
    assert_int_equal(pthread_barrier_init(&step, NULL, N_THREADS), 0);
    pthread_t tid[N_THREADS];
    erring w[N_THREADS];
    for (int t = 0; t < N_THREADS; t++) {
        w[t] = (erring){.id = t, .rs = c->rs, .step = &step};
        assert_int_equal(pthread_create(&tid[t], NULL, erring_thread, &w[t]), 0);
    }
    for (int t = 0; t < N_THREADS; t++)
        assert_int_equal(pthread_join(tid[t], NULL), 0);
    pthread_barrier_destroy(&step);
    for (int t = 0; t < N_THREADS; t++)
        if (w[t].problems)
            fail_msg("%s", w[t].problem);
    assert_int_equal(parindex_error_code(parindex_error_last()), PARINDEX_EPARSE);
    assert_string_equal(parindex_error_message(parindex_error_last()), mine);
}

/* Building and freezing in threads at once: each thread its own builder,
 * its own diagnostics. */
typedef struct freezer {
    int id, problems;
    char problem[512];
    pt_diags d;
    parindex_fixed total;
} freezer;

static void *freeze_thread(void *arg)
{
    freezer *w = arg;
    parindex_builder *b = NULL;
    parindex_ruleset *rs = NULL;
    char code[16];
    snprintf(code, sizeof code, "T%d", w->id);
    for (int round = 0; round < 50 && !w->problems; round++) {
        if (parindex_builder_new(&b, NULL)) {
            snprintf(w->problem, sizeof w->problem, "builder");
            w->problems++;
            break;
        }
        /* a leaf without a rule: a freeze error naming this thread's node */
        if (parindex_builder_add_node(b, NULL, code, "x", PARINDEX_FIXED_INT(w->id + 1)) ||
            parindex_builder_freeze(b, &rs, pt_diag_collect, &w->d) != PARINDEX_ERULE ||
            rs != NULL || !strstr(parindex_error_message(parindex_error_last()), code) ||
            strcmp(w->d.message[w->d.n - 1], parindex_error_message(parindex_error_last()))) {
            snprintf(w->problem, sizeof w->problem, "round %d: %s", round,
                     parindex_error_message(parindex_error_last()));
            w->problems++;
        }
        w->d.n = 0;
        /* fixed: freezes and scores */
        parindex_inputs *in = NULL;
        parindex_results *res = NULL;
        if (parindex_builder_set_rule(b, code, PARINDEX_RULE_POINTS) ||
            parindex_builder_freeze(b, &rs, NULL, NULL) ||
            parindex_inputs_new(&in, rs, NULL) || parindex_results_new(&res, rs, NULL) ||
            parindex_inputs_set(in, code, PARINDEX_FIXED_INT(w->id)) ||
            parindex_results_add(res, "u", NULL, in)) {
            snprintf(w->problem, sizeof w->problem, "round %d: %s", round,
                     parindex_error_message(parindex_error_last()));
            w->problems++;
        } else {
            w->total = parindex_results_total(res, 0);
        }
        parindex_results_free(res);
        parindex_inputs_free(in);
        parindex_ruleset_free(rs);
        rs = NULL;
        parindex_builder_free(b);
        b = NULL;
    }
    return NULL;
}

static void builders_in_threads(void **state)
{
    (void)state;
    pthread_t tid[N_THREADS];
    freezer *w = calloc(N_THREADS, sizeof *w);
    assert_non_null(w);
    for (int t = 0; t < N_THREADS; t++) {
        w[t].id = t;
        assert_int_equal(pthread_create(&tid[t], NULL, freeze_thread, &w[t]), 0);
    }
    for (int t = 0; t < N_THREADS; t++)
        assert_int_equal(pthread_join(tid[t], NULL), 0);
    for (int t = 0; t < N_THREADS; t++) {
        if (w[t].problems)
            fail_msg("thread %d: %s", t, w[t].problem);
        assert_int_equal(w[t].total, PARINDEX_FIXED_INT(t));
    }
    free(w);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, pt_ctx_setup, pt_ctx_teardown)
    const struct CMUnitTest tests[] = {
        T(shared_ruleset_scores_identically),
        T(errors_are_per_thread),
        cmocka_unit_test(builders_in_threads),
    };
#undef T
    return cmocka_run_group_tests_name("threads", tests, NULL, NULL);
}
