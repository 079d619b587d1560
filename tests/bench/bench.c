/*
 * bench: measures libparindex on a generated index at 1,000, 10,000 and
 * 100,000 units.
 *
 * The model, generated deterministically from --seed: one index → 8 fields →
 * 5 criteria each (40) → sub-criteria (the first 20 criteria have 3, the last
 * 20 have 2: 100 leaves). Each leaf is a given-points rule with a maximum
 * drawn from 1–5; a unit's points are uniform on [0, max], rounded to 0.1.
 * Sum aggregation at every level.
 *
 * Usage: bench [--quick] [--seed N] [--reps N] [--units N] [--no-explain]
 *
 * Prints, per stage, the median, min and max of several repetitions, the
 * throughput and the peak resident memory, and each target as met/missed.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <parindex/parindex.h>

#define LEAVES 100
#define NODES (1 + 8 + 40 + LEAVES)

typedef struct model {
    parindex_ruleset *rs;
    char codes[NODES][16];
    int leaf_max[LEAVES];     /* whole points 1..5 */
    char leaf_code[LEAVES][16];
} model;

/* splitmix64: small, deterministic, good enough for test data */
static uint64_t rng_state;
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static unsigned rng_below(unsigned n) { return (unsigned)(rng_next() % n); }

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void die(const char *what)
{
    const parindex_error *e = parindex_error_last();
    fprintf(stderr, "bench: %s: %s:%u: %s\n", what, parindex_error_source(e),
            parindex_error_line(e), parindex_error_message(e));
    exit(1);
}

#define TRY(call) \
    do { if ((call) != PARINDEX_OK) die(#call); } while (0)

static void build_model(model *m)
{
    parindex_builder *b;
    TRY(parindex_builder_new(&b, NULL));
    TRY(parindex_builder_set_identity(b, PARINDEX_ID_ID, "bench"));
    int leaf = 0;
    int crit_max[40] = {0}, field_max[8] = {0};
    /* draw the leaf maxima first: parents need their sums */
    for (int c = 0, l = 0; c < 40; c++)
        for (int s = 0; s < (c < 20 ? 3 : 2); s++, l++) {
            m->leaf_max[l] = 1 + (int)rng_below(5);
            crit_max[c] += m->leaf_max[l];
            field_max[c / 5] += m->leaf_max[l];
        }
    for (int f = 0; f < 8; f++) {
        char fc[16];
        snprintf(fc, sizeof fc, "%d", f + 1);
        TRY(parindex_builder_add_node(b, NULL, fc, "field", PARINDEX_FIXED_INT(field_max[f])));
        for (int k = 0; k < 5; k++) {
            int c = f * 5 + k;
            char cc[16];
            snprintf(cc, sizeof cc, "%d.%d", f + 1, k + 1);
            TRY(parindex_builder_add_node(b, fc, cc, "criterion", PARINDEX_FIXED_INT(crit_max[c])));
            for (int s = 0; s < (c < 20 ? 3 : 2); s++, leaf++) {
                snprintf(m->leaf_code[leaf], 16, "%d.%d.%d", f + 1, k + 1, s + 1);
                TRY(parindex_builder_add_node(b, cc, m->leaf_code[leaf], "sub-criterion",
                                              PARINDEX_FIXED_INT(m->leaf_max[leaf])));
                TRY(parindex_builder_set_rule(b, m->leaf_code[leaf], PARINDEX_RULE_POINTS));
            }
        }
    }
    TRY(parindex_builder_freeze(b, &m->rs, NULL, NULL));
    parindex_builder_free(b);
}

/* One unit's points, in tenths: uniform on [0, max]. */
static void draw_unit(const model *m, int *tenths)
{
    for (int l = 0; l < LEAVES; l++)
        tenths[l] = (int)rng_below((unsigned)m->leaf_max[l] * 10 + 1);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct stat3 { double med, min, max; } stat3;

static stat3 stats(double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    stat3 s = {t[n / 2], t[0], t[n - 1]};
    return s;
}

static void report(const char *stage, int units, stat3 s, double target_s,
                   const char *target_text)
{
    printf("%-22s %7d units  median %9.3f ms  min %9.3f  max %9.3f  %12.0f units/s",
           stage, units, s.med * 1e3, s.min * 1e3, s.max * 1e3, units / s.med);
    if (target_s > 0)
        printf("  target %s: %s", target_text, s.med <= target_s ? "met" : "MISSED");
    printf("\n");
}

int main(int argc, char **argv)
{
    uint64_t seed = 20221;
    int reps = 7, quick = 0, only_units = 0, explain = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0)
            quick = 1;
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (strcmp(argv[i], "--no-explain") == 0)
            explain = 0;
        else if (strcmp(argv[i], "--units") == 0 && i + 1 < argc)
            only_units = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: bench [--quick] [--seed N] [--reps N] [--units N] [--no-explain]\n");
            return 2;
        }
    }
    if (quick)
        reps = 2;
    if (reps < 1 || reps > 100)
        reps = 7;
    rng_state = seed;
    model m;
    build_model(&m);
    printf("libparindex %s bench: %d nodes, %d leaves, seed %llu, %d repetitions\n",
           parindex_version_string(), NODES, LEAVES, (unsigned long long)seed, reps);

    int sizes[] = {1000, 10000, 100000};
    int nsizes = quick ? 1 : 3;
    double score10k = 0;
    for (int si = 0; si < nsizes; si++) {
        int units = only_units ? only_units : sizes[si];
        /* the unit data, drawn once per size */
        int *tenths = malloc(sizeof(int) * LEAVES * (size_t)units);
        if (!tenths)
            return 1;
        for (int u = 0; u < units; u++)
            draw_unit(&m, tenths + (size_t)u * LEAVES);
        parindex_inputs *in;
        TRY(parindex_inputs_new(&in, m.rs, NULL));
        /* the units' points in rule-set input order, as fixed-point */
        size_t n_in = parindex_ruleset_input_count(m.rs);
        parindex_fixed *facts = malloc(sizeof *facts * n_in * (size_t)units);
        if (!facts || n_in != LEAVES)
            return 1;
        for (int l = 0; l < LEAVES; l++) {
            long ix = parindex_ruleset_find_input(m.rs, m.leaf_code[l]);
            for (int u = 0; u < units; u++)
                facts[(size_t)u * n_in + (size_t)ix] =
                    (parindex_fixed)tenths[(size_t)u * LEAVES + (size_t)l] * (PARINDEX_FIXED_ONE / 10);
        }
        char (*names)[16] = malloc(sizeof *names * (size_t)units);
        if (!names)
            return 1;
        for (int u = 0; u < units; u++)
            snprintf(names[u], sizeof names[u], "U%06d", u);

        double t_score[100], t_explain[100];
        parindex_results *keep = NULL;
        for (int r = 0; r < reps; r++) {
            parindex_results *res;
            parindex_results_free(keep); /* one table alive at a time */
            keep = NULL;
            TRY(parindex_results_new(&res, m.rs, NULL));
            TRY(parindex_results_reserve(res, (size_t)units));
            double t0 = now();
            for (int u = 0; u < units; u++) {
                TRY(parindex_inputs_set_values(in, facts + (size_t)u * n_in, n_in));
                TRY(parindex_results_add(res, names[u], NULL, in));
            }
            t_score[r] = now() - t0;
            keep = res;
        }
        for (int r = 0; explain && r < reps; r++) {
            double t0 = now();
            size_t n = parindex_ruleset_node_count(m.rs);
            for (int u = 0; u < units; u++)
                for (size_t node = 0; node < n; node++) {
                    parindex_explanation *x;
                    TRY(parindex_results_explain(keep, (size_t)u, node, &x));
                    parindex_explanation_free(x);
                }
            t_explain[r] = now() - t0;
        }
        stat3 s = stats(t_score, reps);
        if (units == 10000)
            score10k = s.med;
        report("score", units, s, units == 1000 ? 1e-3 : units == 10000 ? 10e-3 : 0,
               units == 1000 ? "<= 1 ms (with ranking)" : "<= 10 ms (with ranking)");
        if (units == 100000 && score10k > 0)
            printf("%-22s 100k / 10k = %.1f×  target <= 12×: %s\n", "score scaling",
                   s.med / score10k, s.med <= 12 * score10k ? "met" : "MISSED");
        if (explain)
            report("explain every node", units, stats(t_explain, reps), 0, "");
        printf("%-22s %7d units  peak RSS %ld MB\n", "memory", units, peak_rss_kb() / 1024);
        parindex_results_free(keep);
        parindex_inputs_free(in);
        free(facts);
        free(names);
        free(tenths);
        if (only_units)
            break;
    }
    parindex_ruleset_free(m.rs);
    return 0;
}
