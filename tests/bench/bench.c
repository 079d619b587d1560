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
 * Stages, each timed separately over several repetitions (median, min, max,
 * throughput): loading the rule set from XML with schema validation (from
 * memory and from a file); reading the CSV data (from memory and from a
 * file; the reader scores as it reads, so the read time net of scoring is
 * shown too); scoring; ranking; scoring and ranking together; building every
 * explanation; and `parindex score` end to end on the written files. The
 * first scoring fills a new table and is reported apart; the repetitions
 * score into the same table cleared. Peak resident memory is measured in
 * fresh processes: the library pipeline (load, read, rank) and the
 * `parindex score` program. docs/performance.md has the figures.
 *
 * Every target is printed beside its figure as met or MISSED. No target
 * makes the program fail: it exits non-zero only when something does not
 * work (a stage fails, or two paths disagree on a result).
 *
 * Usage: bench [OPTIONS]
 *   --quick         1,000 units, 2 repetitions (what the test suite runs)
 *   --units N       one size only
 *   --reps N        repetitions per stage (default 7)
 *   --seed N        seed of the generated data (default 20221)
 *   --no-explain    skip the explanations
 *   --only LIST     only these stages: load, score, csv, explain, cli, memory
 *   --cli PATH      the parindex program (default: found in the build tree
 *                   beside this program)
 *   --dir DIR       write the files there and keep them (default: a
 *                   temporary directory, removed at the end)
 *   --write DIR     only write rules.xml and units-N.csv into DIR and exit
 */
#define _DEFAULT_SOURCE /* wait4, realpath */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <parindex/parindex.h>

extern char **environ;

#define FIELDS 8
#define CRITERIA 40
#define LEAVES 100
#define NODES (1 + FIELDS + CRITERIA + LEAVES)
#define MAX_REPS 100

typedef struct model {
    parindex_ruleset *rs;
    int leaf_max[LEAVES]; /* whole points 1..5 */
    int crit_max[CRITERIA], field_max[FIELDS];
    char leaf_code[LEAVES][16];
} model;

/* ---- small helpers ------------------------------------------------------- */

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
    fprintf(stderr, "bench: %s: %s:%u:%u: %s\n", what, parindex_error_source(e),
            parindex_error_line(e), parindex_error_column(e),
            parindex_error_message(e));
    exit(1);
}

static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "bench: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(1);
}

#define TRY(call) \
    do { if ((call) != PARINDEX_OK) die(#call); } while (0)

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        fail("out of memory (%zu bytes)", n);
    return p;
}

/* A growing text buffer. */
typedef struct sbuf {
    char *p;
    size_t len, cap;
} sbuf;

static void sb_reserve(sbuf *b, size_t more)
{
    if (b->len + more + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p)
        fail("out of memory (%zu bytes)", cap);
    b->p = p;
    b->cap = cap;
}

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    sb_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Append a cell holding tenths of a point: "3.7", "0", "5". */
static void sb_tenths(sbuf *b, int tenths)
{
    sb_reserve(b, 16);
    char *o = b->p + b->len;
    int whole = tenths / 10, frac = tenths % 10;
    if (whole >= 10)
        *o++ = (char)('0' + whole / 10);
    *o++ = (char)('0' + whole % 10);
    if (frac) {
        *o++ = '.';
        *o++ = (char)('0' + frac);
    }
    b->len = (size_t)(o - b->p);
    b->p[b->len] = '\0';
}

/* path = dir/name, or fail when it does not fit. */
static void join(char *out, size_t size, const char *dir, const char *name)
{
    int n = snprintf(out, size, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= size)
        fail("path too long: %s/%s", dir, name);
}

static void write_file(const char *path, const sbuf *b)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(b->p, 1, b->len, f) != b->len || fclose(f) != 0)
        fail("cannot write %s: %s", path, strerror(errno));
}

/* ---- the model ----------------------------------------------------------- */

static void build_model(model *m)
{
    /* draw the leaf maxima first: parents need their sums */
    memset(m->crit_max, 0, sizeof m->crit_max);
    memset(m->field_max, 0, sizeof m->field_max);
    for (int c = 0, l = 0; c < CRITERIA; c++)
        for (int s = 0; s < (c < 20 ? 3 : 2); s++, l++) {
            m->leaf_max[l] = 1 + (int)rng_below(5);
            m->crit_max[c] += m->leaf_max[l];
            m->field_max[c / 5] += m->leaf_max[l];
        }
    parindex_builder *b;
    TRY(parindex_builder_new(&b, NULL));
    TRY(parindex_builder_set_identity(b, PARINDEX_ID_ID, "bench"));
    int leaf = 0;
    for (int f = 0; f < FIELDS; f++) {
        char fc[16];
        snprintf(fc, sizeof fc, "%d", f + 1);
        TRY(parindex_builder_add_node(b, NULL, fc, "field",
                                      PARINDEX_FIXED_INT(m->field_max[f])));
        for (int k = 0; k < 5; k++) {
            int c = f * 5 + k;
            char cc[16];
            snprintf(cc, sizeof cc, "%d.%d", f + 1, k + 1);
            TRY(parindex_builder_add_node(b, fc, cc, "criterion",
                                          PARINDEX_FIXED_INT(m->crit_max[c])));
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

/* The same rule set as XML (docs/ruleset-format.md). */
static void model_xml(const model *m, sbuf *x)
{
    sb_printf(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<ruleset xmlns=\"%s\" schema-version=\"%d\" id=\"bench\">\n",
              PARINDEX_RULESET_NAMESPACE, PARINDEX_RULESET_SCHEMA_VERSION);
    sb_printf(x, "  <total aggregation=\"sum\"/>\n");
    int leaf = 0;
    for (int f = 0; f < FIELDS; f++) {
        sb_printf(x, "  <node code=\"%d\" name=\"field\" max=\"%d\" aggregation=\"sum\">\n",
                  f + 1, m->field_max[f]);
        for (int k = 0; k < 5; k++) {
            int c = f * 5 + k;
            sb_printf(x, "    <node code=\"%d.%d\" name=\"criterion\" max=\"%d\" aggregation=\"sum\">\n",
                      f + 1, k + 1, m->crit_max[c]);
            for (int s = 0; s < (c < 20 ? 3 : 2); s++, leaf++)
                sb_printf(x, "      <node code=\"%s\" name=\"sub-criterion\" max=\"%d\">"
                             "<points/></node>\n",
                          m->leaf_code[leaf], m->leaf_max[leaf]);
            sb_printf(x, "    </node>\n");
        }
        sb_printf(x, "  </node>\n");
    }
    sb_printf(x, "</ruleset>\n");
}

/* ---- the units ----------------------------------------------------------- */

typedef struct dataset {
    int units;
    int *tenths;            /* units × LEAVES, leaf order */
    parindex_fixed *facts;  /* units × inputs, rule-set input order */
    char (*names)[16];
    sbuf csv;
} dataset;

static void make_data(const model *m, int units, uint64_t seed, dataset *d)
{
    memset(d, 0, sizeof *d);
    d->units = units;
    rng_state = seed ^ (uint64_t)units * 0x9E3779B97F4A7C15ULL;
    d->tenths = xmalloc(sizeof *d->tenths * LEAVES * (size_t)units);
    for (size_t i = 0; i < (size_t)units * LEAVES; i++)
        d->tenths[i] = (int)rng_below((unsigned)m->leaf_max[i % LEAVES] * 10 + 1);
    size_t n_in = parindex_ruleset_input_count(m->rs);
    if (n_in != LEAVES)
        fail("the rule set has %zu inputs, expected %d", n_in, LEAVES);
    d->facts = xmalloc(sizeof *d->facts * n_in * (size_t)units);
    for (int l = 0; l < LEAVES; l++) {
        long ix = parindex_ruleset_find_input(m->rs, m->leaf_code[l]);
        if (ix < 0)
            fail("no input '%s'", m->leaf_code[l]);
        for (int u = 0; u < units; u++)
            d->facts[(size_t)u * n_in + (size_t)ix] =
                (parindex_fixed)d->tenths[(size_t)u * LEAVES + (size_t)l] *
                (PARINDEX_FIXED_ONE / 10);
    }
    d->names = xmalloc(sizeof *d->names * (size_t)units);
    for (int u = 0; u < units; u++)
        snprintf(d->names[u], sizeof d->names[u], "U%06d", u + 1);
    /* the CSV: unit, then the leaves in code order */
    sb_reserve(&d->csv, (size_t)units * (LEAVES * 4 + 12) + 1024);
    sb_printf(&d->csv, "unit");
    for (int l = 0; l < LEAVES; l++)
        sb_printf(&d->csv, ",%s", m->leaf_code[l]);
    sb_printf(&d->csv, "\n");
    for (int u = 0; u < units; u++) {
        sb_printf(&d->csv, "%s", d->names[u]);
        for (int l = 0; l < LEAVES; l++) {
            sb_printf(&d->csv, ",");
            sb_tenths(&d->csv, d->tenths[(size_t)u * LEAVES + (size_t)l]);
        }
        sb_printf(&d->csv, "\n");
    }
}

static void free_data(dataset *d)
{
    free(d->tenths);
    free(d->facts);
    free(d->names);
    free(d->csv.p);
}

/* ---- timing and reporting ------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct stat3 { double med, min, max; } stat3;

static stat3 stats(const double *t, int n)
{
    double s[MAX_REPS];
    memcpy(s, t, sizeof *t * (size_t)n);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    stat3 r = {n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2, s[0], s[n - 1]};
    return r;
}

static void header(void)
{
    printf("%-24s %7s %10s %10s %10s %12s %9s  %s\n", "stage", "units", "median ms",
           "min ms", "max ms", "units/s", "MB/s", "target");
}

/* One line: units 0 prints no units/s, bytes 0 no MB/s; target NULL none. */
static void line(const char *stage, int units, stat3 s, double bytes,
                 const char *target, int met)
{
    char ups[32] = "", mbs[32] = "";
    if (units > 0)
        snprintf(ups, sizeof ups, "%.0f", units / s.med);
    if (bytes > 0)
        snprintf(mbs, sizeof mbs, "%.1f", bytes / s.med / 1e6);
    char u[16] = "";
    if (units > 0)
        snprintf(u, sizeof u, "%d", units);
    printf("%-24s %7s %10.3f %10.3f %10.3f %12s %9s", stage, u, s.med * 1e3,
           s.min * 1e3, s.max * 1e3, ups, mbs);
    if (target)
        printf("  %s: %s", target, met ? "met" : "MISSED");
    printf("\n");
}

/* ---- processes ------------------------------------------------------------ */

/*
 * Programs are started by a launcher process forked at start-up, while this
 * one is still small. A child's peak resident memory (ru_maxrss) includes
 * that of the process that started it, whose memory posix_spawn shares
 * until the exec: started from here, every child would report at least this
 * process's own peak.
 */
typedef struct launch_result {
    double seconds; /* wall clock from spawn to exit */
    long maxrss_kb;
    int status;     /* wait status */
    int err;        /* posix_spawn's error, 0 when started */
} launch_result;

static int launch_req = -1, launch_res = -1;
static pid_t launcher_pid = -1;

static int read_full(int fd, void *p, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, (char *)p + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}

static int write_full(int fd, const void *p, size_t n)
{
    size_t put = 0;
    while (put < n) {
        ssize_t r = write(fd, (const char *)p + put, n - put);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        put += (size_t)r;
    }
    return 0;
}

/* The launcher: reads NUL-separated argument lists, runs each with stdout
 * to /dev/null, answers with a launch_result. Ends when the pipe closes. */
static void launcher_loop(int in, int out)
{
    for (;;) {
        uint32_t len;
        if (read_full(in, &len, sizeof len))
            _exit(0);
        char *buf = malloc((size_t)len + 1);
        if (!buf || read_full(in, buf, len))
            _exit(1);
        buf[len] = '\0';
        char *argv[16];
        int argc = 0;
        for (char *q = buf; q < buf + len && argc < 15; q += strlen(q) + 1)
            argv[argc++] = q;
        argv[argc] = NULL;
        launch_result r = {0, 0, 0, 0};
        posix_spawn_file_actions_t fa;
        pid_t pid;
        if ((r.err = posix_spawn_file_actions_init(&fa)) == 0) {
            r.err = posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
            double t0 = now();
            if (!r.err)
                r.err = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
            posix_spawn_file_actions_destroy(&fa);
            if (!r.err) {
                struct rusage ru;
                pid_t w;
                while ((w = wait4(pid, &r.status, 0, &ru)) < 0 && errno == EINTR)
                    ;
                r.seconds = now() - t0;
                if (w == pid)
                    r.maxrss_kb = ru.ru_maxrss;
                else
                    r.err = errno;
            }
        }
        free(buf);
        if (write_full(out, &r, sizeof r))
            _exit(1);
    }
}

static void start_launcher(void)
{
    int req[2], res[2];
    if (pipe(req) || pipe(res))
        fail("pipe: %s", strerror(errno));
    fflush(NULL);
    launcher_pid = fork();
    if (launcher_pid < 0)
        fail("fork: %s", strerror(errno));
    if (launcher_pid == 0) {
        close(req[1]);
        close(res[0]);
        launcher_loop(req[0], res[1]);
        _exit(0);
    }
    close(req[0]);
    close(res[1]);
    launch_req = req[1];
    launch_res = res[0];
}

static void stop_launcher(void)
{
    if (launcher_pid <= 0)
        return;
    close(launch_req);
    close(launch_res);
    int status;
    while (waitpid(launcher_pid, &status, 0) < 0 && errno == EINTR)
        ;
    launcher_pid = -1;
}

/* Run argv (stdout to /dev/null) from the launcher; returns the wall time
 * and fills the peak resident memory in KiB. Fails unless the program
 * exits with status 0. */
static double run_program(char *const argv[], long *maxrss_kb)
{
    sbuf b = {0};
    for (int i = 0; argv[i]; i++) {
        size_t n = strlen(argv[i]) + 1;
        sb_reserve(&b, n);
        memcpy(b.p + b.len, argv[i], n);
        b.len += n;
    }
    uint32_t len = (uint32_t)b.len;
    launch_result r;
    if (write_full(launch_req, &len, sizeof len) || write_full(launch_req, b.p, b.len) ||
        read_full(launch_res, &r, sizeof r))
        fail("the launcher process stopped");
    free(b.p);
    if (r.err)
        fail("cannot run %s: %s", argv[0], strerror(r.err));
    if (!WIFEXITED(r.status) || WEXITSTATUS(r.status) != 0)
        fail("%s %s %s ... failed (status %d)", argv[0], argv[1] ? argv[1] : "",
             argv[1] && argv[2] ? argv[2] : "", r.status);
    *maxrss_kb = r.maxrss_kb;
    return r.seconds;
}

/* This program's own path, to run its pipeline mode in a fresh process. */
static char self_path[PATH_MAX];

static void find_self(const char *argv0)
{
    ssize_t n = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
    if (n > 0)
        self_path[n] = '\0';
    else if (!realpath(argv0, self_path))
        snprintf(self_path, sizeof self_path, "%s", argv0);
}

static int is_executable(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0;
}

/* The parindex program: beside this one, or where the build tree puts it
 * (build/tests/bench/bench and build/examples/parindex). */
static int find_cli(char *out, size_t size)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", self_path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        return 0;
    *slash = '\0';
    static const char *const rel[] = {"parindex", "../../examples/parindex",
                                      "../examples/parindex", "../../bin/parindex"};
    for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
        int n = snprintf(out, size, "%s/%s", dir, rel[i]);
        if (n > 0 && (size_t)n < size && is_executable(out))
            return 1;
    }
    return 0;
}

/* --pipeline RULES CSV: what a program using the library does, in a fresh
 * process so that its peak memory can be measured. */
static int pipeline(const char *rules, const char *csv)
{
    parindex_ruleset *rs;
    parindex_results *res;
    parindex_ranking *rk;
    TRY(parindex_ruleset_load_file(&rs, rules, NULL));
    TRY(parindex_results_new(&res, rs, NULL));
    TRY(parindex_results_read_csv(res, csv, NULL));
    TRY(parindex_ranking_new(&rk, res, NULL));
    printf("%zu units\n", parindex_ranking_count(rk));
    parindex_ranking_free(rk);
    parindex_results_free(res);
    parindex_ruleset_free(rs);
    return 0;
}

/* ---- checks ------------------------------------------------------------- */

/* Two tables of the same units agree node by node. */
static void check_same(const parindex_results *a, const parindex_results *b,
                       const char *what)
{
    size_t n = parindex_results_unit_count(a);
    if (parindex_results_unit_count(b) != n)
        fail("%s: %zu units, expected %zu", what, parindex_results_unit_count(b), n);
    size_t nodes = parindex_ruleset_node_count(parindex_results_ruleset(a));
    for (size_t u = 0; u < n; u++) {
        if (strcmp(parindex_results_unit(a, u), parindex_results_unit(b, u)) != 0)
            fail("%s: unit %zu is '%s', expected '%s'", what, u,
                 parindex_results_unit(b, u), parindex_results_unit(a, u));
        for (size_t i = 0; i < nodes; i++)
            if (parindex_results_earned(a, u, i) != parindex_results_earned(b, u, i))
                fail("%s: unit '%s' node %zu differs", what, parindex_results_unit(a, u), i);
    }
}

/* The totals computed here from the drawn tenths match the library's. */
static void check_totals(const dataset *d, const parindex_results *res)
{
    for (int u = 0; u < d->units; u++) {
        int64_t t = 0;
        for (int l = 0; l < LEAVES; l++)
            t += d->tenths[(size_t)u * LEAVES + (size_t)l];
        if (parindex_results_total(res, (size_t)u) != t * (PARINDEX_FIXED_ONE / 10))
            fail("unit %d: total differs from the sum of its points", u);
    }
}

/* The ranking puts higher totals first and ranks as competition ranks. */
static void check_ranking(const parindex_results *res, const parindex_ranking *rk)
{
    size_t n = parindex_ranking_count(rk);
    parindex_fixed prev = 0;
    for (size_t k = 0; k < n; k++) {
        size_t u = parindex_ranking_order(rk, k);
        parindex_fixed v = parindex_results_total(res, u);
        if (k > 0 && v > prev)
            fail("ranking: position %zu has a higher total than the one before", k);
        if (k == 0 || v != prev) {
            if (parindex_ranking_rank(rk, u) != (parindex_fixed)(k + 1) * PARINDEX_FIXED_ONE)
                fail("ranking: position %zu has rank %lld", k,
                     (long long)(parindex_ranking_rank(rk, u) / PARINDEX_FIXED_ONE));
        }
        prev = v;
    }
}

/* ---- the stages ---------------------------------------------------------- */

enum {
    ST_LOAD = 1 << 0,    /* loading the rule set */
    ST_SCORE = 1 << 1,   /* scoring and ranking */
    ST_CSV = 1 << 2,     /* reading CSV */
    ST_EXPLAIN = 1 << 3, /* explanations */
    ST_CLI = 1 << 4,     /* parindex score */
    ST_MEMORY = 1 << 5,  /* peak memory of fresh processes */
    ST_ALL = (1 << 6) - 1
};

static const struct { const char *name; int bit; } stage_names[] = {
    {"load", ST_LOAD}, {"score", ST_SCORE}, {"csv", ST_CSV},
    {"explain", ST_EXPLAIN}, {"cli", ST_CLI}, {"memory", ST_MEMORY},
};

typedef struct config {
    int reps, quick, keep, stages;
    const char *cli;
    const char *dir;
} config;

/* Score every unit into `res` (NULL: a new table, made and sized inside
 * the timed region, as it is part of the work). */
__attribute__((noinline)) static parindex_results *
score_all(const model *m, const dataset *d, parindex_inputs *in,
          parindex_results *res, double *t)
{
    size_t n_in = LEAVES;
    double t0 = now();
    if (!res) {
        TRY(parindex_results_new(&res, m->rs, NULL));
        TRY(parindex_results_reserve(res, (size_t)d->units));
    } else {
        parindex_results_clear(res);
    }
    for (int u = 0; u < d->units; u++) {
        TRY(parindex_inputs_set_values(in, d->facts + (size_t)u * n_in, n_in));
        TRY(parindex_results_add(res, d->names[u], NULL, in));
    }
    *t = now() - t0;
    return res;
}

/* Loading the rule set: from memory and from the file, with the schema. */
static void bench_load(const model *m, const config *cf, const sbuf *xml,
                       const char *xml_path)
{
    int reps = cf->quick ? cf->reps : 3 * cf->reps;
    double tm[MAX_REPS], tf[MAX_REPS];
    for (int r = 0; r < reps; r++) {
        parindex_ruleset *rs;
        double t0 = now();
        TRY(parindex_ruleset_load_memory(&rs, xml->p, xml->len, "rules.xml", NULL));
        tm[r] = now() - t0;
        if (r == 0 && parindex_ruleset_diff(m->rs, rs, NULL, NULL) != 0)
            fail("the rule set loaded from XML differs from the one built");
        parindex_ruleset_free(rs);
        t0 = now();
        TRY(parindex_ruleset_load_file(&rs, xml_path, NULL));
        tf[r] = now() - t0;
        parindex_ruleset_free(rs);
    }
    stat3 s = stats(tm, reps);
    line("load XML (memory)", 0, s, (double)xml->len, "<= 5 ms", s.med <= 5e-3);
    s = stats(tf, reps);
    line("load XML (file)", 0, s, (double)xml->len, "<= 5 ms", s.med <= 5e-3);
}

typedef struct size_figures {
    double score_rank; /* median of scoring + ranking; 0 when not measured */
} size_figures;

static void bench_size(const model *m, const config *cf, int units,
                       uint64_t seed, const char *xml_path, size_figures *fig)
{
    dataset d;
    make_data(m, units, seed, &d);
    char csv_path[PATH_MAX], name[32];
    snprintf(name, sizeof name, "units-%d.csv", units);
    join(csv_path, sizeof csv_path, cf->dir, name);
    write_file(csv_path, &d.csv);
    int reps = cf->reps;
    if (units >= 100000 && !cf->quick && reps > 3)
        reps = (reps + 1) / 2;
    double ts[MAX_REPS], tr[MAX_REPS], tsr[MAX_REPS], tcm[MAX_REPS], tcf[MAX_REPS];
    double bytes = (double)d.csv.len;
    stat3 s_score = {0, 0, 0};
    fig->score_rank = 0;
    parindex_inputs *in;
    TRY(parindex_inputs_new(&in, m->rs, NULL));

    /* scoring, and ranking what was scored. The first run scores into a
     * new table, whose memory the system provides page by page on first
     * touch; the others into the same table cleared, as a program that
     * scores batch after batch does. The table is needed by the other
     * stages: it is always made. */
    parindex_results *keep = NULL;
    double cold_score = 0, cold_rank = 0;
    int sreps = cf->stages & ST_SCORE ? reps + 1 : 1;
    for (int r = 0; r < sreps; r++) {
        double t;
        keep = score_all(m, &d, in, keep, &t);
        parindex_ranking *rk;
        double t0 = now();
        TRY(parindex_ranking_new(&rk, keep, NULL));
        double tk = now() - t0;
        if (r == 0) {
            check_totals(&d, keep);
            check_ranking(keep, rk);
            cold_score = t;
            cold_rank = tk;
        } else {
            ts[r - 1] = t;
            tr[r - 1] = tk;
            tsr[r - 1] = t + tk;
        }
        parindex_ranking_free(rk);
    }
    if (sreps == 1)
        ts[0] = cold_score;
    s_score = stats(ts, sreps > 1 ? sreps - 1 : 1);
    if (cf->stages & ST_SCORE) {
        stat3 s_rank = stats(tr, reps), s_sr = stats(tsr, reps);
        stat3 c1 = {cold_score, cold_score, cold_score};
        stat3 c2 = {cold_score + cold_rank, cold_score + cold_rank, cold_score + cold_rank};
        fig->score_rank = s_sr.med;
        line("score, new table (1 run)", units, c1, 0, NULL, 0);
        line("score + rank, new table", units, c2, 0, NULL, 0);
        line("score", units, s_score, 0, NULL, 0);
        line("rank", units, s_rank, 0, NULL, 0);
        if (units == 1000)
            line("score + rank", units, s_sr, 0, "<= 1 ms", s_sr.med <= 1e-3);
        else if (units == 10000)
            line("score + rank", units, s_sr, 0, "<= 10 ms", s_sr.med <= 10e-3);
        else
            line("score + rank", units, s_sr, 0, NULL, 0);
    }

    /* reading the CSV, which scores as it reads */
    if (cf->stages & ST_CSV) {
        /* into one table, cleared each time, like the scoring above (the
         * first read fills a new table and is not counted) */
        parindex_results *res;
        TRY(parindex_results_new(&res, m->rs, NULL));
        TRY(parindex_results_read_csv_memory(res, d.csv.p, d.csv.len, NULL));
        check_same(keep, res, "CSV from memory");
        for (int r = 0; r < reps; r++) {
            double t0 = now();
            parindex_results_clear(res);
            TRY(parindex_results_read_csv_memory(res, d.csv.p, d.csv.len, NULL));
            tcm[r] = now() - t0;
            t0 = now();
            parindex_results_clear(res);
            TRY(parindex_results_read_csv(res, csv_path, NULL));
            tcf[r] = now() - t0;
            if (r == 0)
                check_same(keep, res, "CSV file");
        }
        parindex_results_free(res);
        stat3 s = stats(tcm, reps);
        line("read CSV (memory)", units, s, bytes, ">= 200 MB/s", bytes / s.med >= 200e6);
        s = stats(tcf, reps);
        line("read CSV (file)", units, s, bytes, ">= 200 MB/s", bytes / s.med >= 200e6);
        /* each file read net of the median scoring time measured above */
        double tnet[MAX_REPS];
        for (int r = 0; r < reps; r++)
            tnet[r] = tcf[r] - s_score.med;
        stat3 net = stats(tnet, reps);
        if (net.min > 0)
            line("read CSV net of scoring", units, net, bytes, NULL, 0);
    }

    /* every explanation of every unit */
    if (cf->stages & ST_EXPLAIN) {
        int xreps = cf->quick || units >= 100000 ? 1 : reps;
        double tx[MAX_REPS];
        size_t nodes = parindex_ruleset_node_count(m->rs);
        for (int r = 0; r < xreps; r++) {
            double t0 = now();
            for (int u = 0; u < units; u++)
                for (size_t node = 0; node < nodes; node++) {
                    parindex_explanation *x;
                    TRY(parindex_results_explain(keep, (size_t)u, node, &x));
                    parindex_explanation_free(x);
                }
            tx[r] = now() - t0;
        }
        line("explain every node", units, stats(tx, xreps), 0, NULL, 0);
    }
    parindex_results_free(keep);
    parindex_inputs_free(in);

    /* fresh processes: the parindex program, then the library pipeline */
    long lib_kb = 0, cli_kb = 0;
    if (cf->cli && (cf->stages & (ST_CLI | ST_MEMORY))) {
        double tc[MAX_REPS];
        char *argv[] = {(char *)cf->cli, (char *)"score", (char *)xml_path, csv_path, NULL};
        int creps = cf->stages & ST_CLI ? reps : 1;
        for (int r = 0; r < creps; r++) {
            long kb;
            tc[r] = run_program(argv, &kb);
            if (kb > cli_kb)
                cli_kb = kb;
        }
        stat3 s = stats(tc, creps);
        if (!(cf->stages & ST_CLI))
            ;
        else if (units == 10000)
            line("parindex score (CLI)", units, s, bytes, "<= 150 ms", s.med <= 150e-3);
        else
            line("parindex score (CLI)", units, s, bytes, NULL, 0);
    }
    if (cf->stages & ST_MEMORY) {
        char *argv[] = {self_path, (char *)"--pipeline", (char *)xml_path, csv_path, NULL};
        run_program(argv, &lib_kb);
        printf("%-24s %7d  library (load, read, rank) %.1f MB", "peak memory", units,
               lib_kb / 1024.0);
        if (cf->cli)
            printf(", parindex score %.1f MB", cli_kb / 1024.0);
        long worst = lib_kb > cli_kb ? lib_kb : cli_kb;
        if (units == 10000)
            printf("  <= 64 MB: %s", worst <= 64 * 1024 ? "met" : "MISSED");
        printf("\n");
    }
    if (!cf->keep)
        unlink(csv_path);
    free_data(&d);
}

/* ---- main ---------------------------------------------------------------- */

static void usage(void)
{
    fprintf(stderr,
            "usage: bench [--quick] [--units N] [--reps N] [--seed N] [--no-explain]\n"
            "             [--only STAGE,...] [--cli PATH] [--dir DIR]\n"
            "       stages: load, score, csv, explain, cli, memory\n"
            "       bench --write DIR [--units N] [--seed N]\n");
    exit(2);
}

static long parse_num(const char *s, long lo, long hi)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        usage();
    return v;
}

static int parse_stages(const char *list)
{
    int bits = 0;
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        size_t k = 0, count = sizeof stage_names / sizeof *stage_names;
        while (k < count && !(strlen(stage_names[k].name) == n &&
                              strncmp(stage_names[k].name, p, n) == 0))
            k++;
        if (k == count)
            usage();
        bits |= stage_names[k].bit;
        p += n;
        if (*p == ',')
            p++;
    }
    return bits ? bits : ST_ALL;
}

static void make_dir(const char *dir)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        fail("cannot create %s: %s", dir, strerror(errno));
}

int main(int argc, char **argv)
{
    uint64_t seed = 20221;
    int only_units = 0;
    const char *write_dir = NULL, *cli = NULL;
    config cf = {7, 0, 0, ST_ALL, NULL, NULL};
    if (argc == 4 && strcmp(argv[1], "--pipeline") == 0)
        return pipeline(argv[2], argv[3]);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (strcmp(a, "--quick") == 0)
            cf.quick = 1;
        else if (strcmp(a, "--no-explain") == 0)
            cf.stages &= ~ST_EXPLAIN;
        else if (strcmp(a, "--only") == 0 && more)
            cf.stages = parse_stages(argv[++i]);
        else if (strcmp(a, "--seed") == 0 && more)
            seed = (uint64_t)parse_num(argv[++i], 0, LONG_MAX);
        else if (strcmp(a, "--reps") == 0 && more)
            cf.reps = (int)parse_num(argv[++i], 1, MAX_REPS / 3);
        else if (strcmp(a, "--units") == 0 && more)
            only_units = (int)parse_num(argv[++i], 1, 10000000);
        else if (strcmp(a, "--cli") == 0 && more)
            cli = argv[++i];
        else if (strcmp(a, "--dir") == 0 && more)
            cf.dir = argv[++i];
        else if (strcmp(a, "--write") == 0 && more)
            write_dir = argv[++i];
        else
            usage();
    }
    if (cf.quick)
        cf.reps = 2;
    find_self(argv[0]);
    if (!write_dir)
        start_launcher();
    rng_state = seed;
    model m;
    build_model(&m);
    sbuf xml = {0};
    model_xml(&m, &xml);

    int sizes[3] = {1000, 10000, 100000}, nsizes = cf.quick ? 1 : 3;
    if (only_units) {
        sizes[0] = only_units;
        nsizes = 1;
    }

    char path[PATH_MAX];
    if (write_dir) {
        make_dir(write_dir);
        join(path, sizeof path, write_dir, "rules.xml");
        write_file(path, &xml);
        printf("%s\n", path);
        for (int si = 0; si < nsizes; si++) {
            dataset d;
            make_data(&m, sizes[si], seed, &d);
            char name[32];
            snprintf(name, sizeof name, "units-%d.csv", sizes[si]);
            join(path, sizeof path, write_dir, name);
            write_file(path, &d.csv);
            printf("%s\n", path);
            free_data(&d);
        }
        free(xml.p);
        parindex_ruleset_free(m.rs);
        return 0;
    }

    char tmpdir[PATH_MAX];
    if (cf.dir) {
        make_dir(cf.dir);
        cf.keep = 1;
    } else {
        const char *t = getenv("TMPDIR");
        snprintf(tmpdir, sizeof tmpdir, "%s/parindex-bench-XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(tmpdir))
            fail("cannot create a temporary directory: %s", strerror(errno));
        cf.dir = tmpdir;
    }
    char cli_path[PATH_MAX];
    if (cli) {
        if (!is_executable(cli))
            fail("--cli %s: not an executable file", cli);
        cf.cli = cli;
    } else if (find_cli(cli_path, sizeof cli_path)) {
        cf.cli = cli_path;
    }
    char xml_path[PATH_MAX];
    join(xml_path, sizeof xml_path, cf.dir, "rules.xml");
    write_file(xml_path, &xml);

    printf("libparindex %s bench: %d nodes, %d leaves, seed %llu, %d repetitions, "
           "%ld processors\n",
           parindex_version_string(), NODES, LEAVES, (unsigned long long)seed, cf.reps,
           sysconf(_SC_NPROCESSORS_ONLN));
    printf("rule set %zu bytes of XML; parindex program: %s\n", xml.len,
           cf.cli ? cf.cli : "not found (its stage is skipped; use --cli PATH)");
#ifndef NDEBUG
    printf("note: built without NDEBUG (not a Release build): the figures say little "
           "about the library's speed\n");
#endif
    header();
    if (cf.stages & ST_LOAD)
        bench_load(&m, &cf, &xml, xml_path);
    size_figures fig[3];
    for (int si = 0; si < nsizes; si++) {
        bench_size(&m, &cf, sizes[si], seed, xml_path, &fig[si]);
        if (sizes[si] == 100000 && si > 0 && sizes[si - 1] == 10000 && fig[si].score_rank > 0)
            printf("%-24s %7d  %.1f× the 10,000 figure  <= 12×: %s\n", "score + rank scaling",
                   sizes[si], fig[si].score_rank / fig[si - 1].score_rank,
                   fig[si].score_rank <= 12 * fig[si - 1].score_rank ? "met" : "MISSED");
    }
    printf("%-24s %7s  this process %.1f MB (all sizes and their generated data)\n",
           "peak memory", "", peak_rss_kb() / 1024.0);
    stop_launcher();
    if (!cf.keep) {
        unlink(xml_path);
        rmdir(cf.dir);
    }
    free(xml.p);
    parindex_ruleset_free(m.rs);
    return 0;
}
