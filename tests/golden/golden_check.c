/*
 * Golden-file checks of the rule-set loader, through the public API.
 *
 *   golden_check invalid FILE.xml   FILE.expected holds the first error:
 *                                   "STATUS LINE COLUMN", the message, the
 *                                   element path (an empty line for none)
 *   golden_check valid FILE.xml     loads with no problem at all
 *   golden_check warnings FILE.xml  loads; FILE.expected lists every
 *                                   warning as "LINE COLUMN message"
 *   golden_check hostile FILE.xml   like invalid, and quick: under a second
 *                                   and without growing the process by more
 *                                   than 32 MiB
 *   golden_check big DIR            a 100 MB file (sparse: no disk used) and
 *                                   a 100 MB buffer length are refused
 *                                   before anything is read
 *   golden_check wide -             30000 problems in one wide file are all
 *                                   reported, with their paths, quickly
 *   golden_check show FILE.xml      print what the loader says (to write
 *                                   .expected files; review before use)
 */
#define _POSIX_C_SOURCE 200809L

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <parindex/parindex.h>

#define MAX_DIAGS 256

typedef struct diags {
    size_t n, total;
    int code[MAX_DIAGS], severity[MAX_DIAGS];
    unsigned line[MAX_DIAGS], col[MAX_DIAGS];
    char message[MAX_DIAGS][512];
    char path[MAX_DIAGS][256];
} diags;

static diags D;

static void collect(const parindex_error *e, void *payload)
{
    diags *d = payload;
    d->total++;
    if (d->n >= MAX_DIAGS)
        return;
    size_t k = d->n++;
    d->code[k] = parindex_error_code(e);
    d->severity[k] = parindex_error_severity(e);
    d->line[k] = parindex_error_line(e);
    d->col[k] = parindex_error_column(e);
    snprintf(d->message[k], sizeof d->message[k], "%s", parindex_error_message(e));
    snprintf(d->path[k], sizeof d->path[k], "%s", parindex_error_path(e));
}

static const struct {
    const char *name;
    int code;
} statuses[] = {
    {"OK", PARINDEX_OK},           {"EIO", PARINDEX_EIO},
    {"EPARSE", PARINDEX_EPARSE},   {"ESCHEMA", PARINDEX_ESCHEMA},
    {"ERULE", PARINDEX_ERULE},     {"ELIMIT", PARINDEX_ELIMIT},
    {"EVERSION", PARINDEX_EVERSION}, {"ENOMEM", PARINDEX_ENOMEM},
    {"EINVAL", PARINDEX_EINVAL},   {"EEXISTS", PARINDEX_EEXISTS},
};

static const char *status_name(int code)
{
    for (size_t k = 0; k < sizeof statuses / sizeof *statuses; k++)
        if (statuses[k].code == code)
            return statuses[k].name;
    return "?";
}

static int load(const char *file, parindex_ruleset **rs)
{
    parindex_load_options opts = PARINDEX_LOAD_OPTIONS_INIT;
    opts.diag = collect;
    opts.diag_payload = &D;
    memset(&D, 0, sizeof D);
    return parindex_ruleset_load_file(rs, file, &opts);
}

/* FILE.xml -> FILE.expected */
static int read_expected(const char *xml, char *buf, size_t size)
{
    char name[1024];
    size_t n = strlen(xml);
    if (n < 4 || n + 6 > sizeof name)
        return -1;
    memcpy(name, xml, n - 4);
    strcpy(name + n - 4, ".expected");
    FILE *f = fopen(name, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", name);
        return -1;
    }
    size_t got = fread(buf, 1, size - 1, f);
    buf[got] = '\0';
    fclose(f);
    return 0;
}

/* Next line of `*s` (without its newline), or NULL at the end. */
static char *next_line(char **s)
{
    if (!*s || !**s)
        return NULL;
    char *line = *s, *nl = strchr(line, '\n');
    if (nl) {
        *nl = '\0';
        *s = nl + 1;
    } else {
        *s = line + strlen(line);
    }
    return line;
}

static int fail_count;

#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s: ", file);                                   \
            fprintf(stderr, __VA_ARGS__);                                    \
            fprintf(stderr, "\n");                                           \
            fail_count++;                                                    \
        }                                                                    \
    } while (0)

static int check_invalid(const char *file)
{
    char exp[4096];
    if (read_expected(file, exp, sizeof exp))
        return 1;
    char *p = exp, *head = next_line(&p), *msg = next_line(&p),
         *path = next_line(&p);
    char status[32];
    unsigned line = 0, col = 0;
    if (!head || !msg || sscanf(head, "%31s %u %u", status, &line, &col) != 3) {
        fprintf(stderr, "%s: malformed .expected file\n", file);
        return 1;
    }
    parindex_ruleset *rs = NULL;
    int rc = load(file, &rs);
    const parindex_error *e = parindex_error_last();
    CHECK(rs == NULL, "loaded, but should have failed");
    CHECK(strcmp(status_name(rc), status) == 0, "status %s, expected %s",
          status_name(rc), status);
    CHECK(parindex_error_code(e) == rc, "last error code %d, returned %d",
          parindex_error_code(e), rc);
    CHECK(parindex_error_line(e) == line && parindex_error_column(e) == col,
          "at %u:%u, expected %u:%u", parindex_error_line(e),
          parindex_error_column(e), line, col);
    CHECK(strcmp(parindex_error_message(e), msg) == 0,
          "message\n  got:      %s\n  expected: %s", parindex_error_message(e),
          msg);
    CHECK(strcmp(parindex_error_path(e), path ? path : "") == 0,
          "path '%s', expected '%s'", parindex_error_path(e), path ? path : "");
    CHECK(strcmp(parindex_error_source(e), file) == 0, "source '%s'",
          parindex_error_source(e));
    /* the diag callback saw the same first error */
    size_t first = 0;
    while (first < D.n && D.severity[first] != PARINDEX_SEVERITY_ERROR)
        first++;
    CHECK(first < D.n, "the diag callback received no error");
    if (first < D.n)
        CHECK(D.code[first] == rc && !strcmp(D.message[first], msg) &&
                  D.line[first] == line && D.col[first] == col,
              "the diag callback's first error differs: %u:%u %s",
              D.line[first], D.col[first], D.message[first]);
    parindex_ruleset_free(rs);
    return fail_count != 0;
}

static int check_valid(const char *file)
{
    parindex_ruleset *rs = NULL;
    int rc = load(file, &rs);
    CHECK(rc == PARINDEX_OK, "status %s: %s", status_name(rc),
          parindex_error_message(parindex_error_last()));
    for (size_t k = 0; k < D.n; k++)
        CHECK(0, "unexpected problem at %u:%u: %s", D.line[k], D.col[k],
              D.message[k]);
    CHECK(rs && parindex_ruleset_node_count(rs) > 1, "no nodes");
    parindex_ruleset_free(rs);
    return fail_count != 0;
}

static int check_warnings(const char *file)
{
    char exp[8192];
    if (read_expected(file, exp, sizeof exp))
        return 1;
    parindex_ruleset *rs = NULL;
    int rc = load(file, &rs);
    CHECK(rc == PARINDEX_OK, "status %s: %s", status_name(rc),
          parindex_error_message(parindex_error_last()));
    char *p = exp, *l;
    size_t k = 0;
    while ((l = next_line(&p)) != NULL) {
        unsigned line, col;
        int used = 0;
        if (sscanf(l, "%u %u %n", &line, &col, &used) != 2 || !used) {
            fprintf(stderr, "%s: malformed .expected line '%s'\n", file, l);
            return 1;
        }
        if (k >= D.n) {
            CHECK(0, "missing warning: %s", l);
            continue;
        }
        CHECK(D.severity[k] == PARINDEX_SEVERITY_WARNING, "problem %zu is not a warning", k + 1);
        CHECK(D.line[k] == line && D.col[k] == col && !strcmp(D.message[k], l + used),
              "warning %zu\n  got:      %u %u %s\n  expected: %s", k + 1, D.line[k],
              D.col[k], D.message[k], l);
        k++;
    }
    for (; k < D.n; k++)
        CHECK(0, "unexpected problem: %u %u %s", D.line[k], D.col[k], D.message[k]);
    parindex_ruleset_free(rs);
    return fail_count != 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long max_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static int check_hostile(const char *file)
{
    long rss = max_rss_kb();
    double t = now();
    int bad = check_invalid(file);
    double dt = now() - t;
    long grown = max_rss_kb() - rss;
    CHECK(dt < 1.0, "took %.3f s", dt);
    CHECK(grown < 32 * 1024, "the process grew by %ld KiB", grown);
    return bad || fail_count != 0;
}

static int check_big(const char *dir)
{
    const char *file = "big";
    char path[1024];
    snprintf(path, sizeof path, "%s/golden-100MB.xml", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ftruncate(fd, 100L * 1000 * 1000) != 0) {
        fprintf(stderr, "cannot create %s\n", path);
        return 1;
    }
    close(fd);
    long rss = max_rss_kb();
    double t = now();
    parindex_ruleset *rs = NULL;
    int rc = load(path, &rs);
    double dt = now() - t;
    const parindex_error *e = parindex_error_last();
    CHECK(rc == PARINDEX_ELIMIT, "file: status %s", status_name(rc));
    CHECK(strcmp(parindex_error_message(e),
                 "the file is 100000000 bytes, above the limit of 16777216 "
                 "bytes") == 0,
          "file: message '%s'", parindex_error_message(e));
    CHECK(dt < 0.5, "file: took %.3f s", dt);
    CHECK(max_rss_kb() - rss < 8 * 1024, "file: the process grew by %ld KiB",
          max_rss_kb() - rss);
    CHECK(D.n == 1, "file: %zu problems", D.n);
    unlink(path);

    /* a memory buffer: the length alone is refused; the buffer is 1 byte
     * and would be overrun if it were read */
    static const char one[1] = {'<'};
    parindex_load_options opts = PARINDEX_LOAD_OPTIONS_INIT;
    rc = parindex_ruleset_load_memory(&rs, one, 100L * 1000 * 1000, "huge", &opts);
    CHECK(rc == PARINDEX_ELIMIT, "memory: status %s", status_name(rc));
    CHECK(strcmp(parindex_error_source(parindex_error_last()), "huge") == 0,
          "memory: source '%s'", parindex_error_source(parindex_error_last()));
    /* and a smaller limit set in the options */
    opts.max_bytes = 100;
    char text[200];
    memset(text, ' ', sizeof text);
    rc = parindex_ruleset_load_memory(&rs, text, sizeof text, NULL, &opts);
    CHECK(rc == PARINDEX_ELIMIT, "max_bytes: status %s", status_name(rc));
    CHECK(strcmp(parindex_error_message(parindex_error_last()),
                 "the file is 200 bytes, above the limit of 100 bytes") == 0,
          "max_bytes: message '%s'", parindex_error_message(parindex_error_last()));
    return fail_count != 0;
}

static int check_wide(void)
{
    const char *file = "wide";
    enum { N = 30000 };
    static const char head[] =
        "<ruleset xmlns=\"urn:parindex:ruleset:1\" schema-version=\"1\" id=\"w\">";
    size_t cap = sizeof head + (size_t)N * 64 + 16, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        return 1;
    len += (size_t)snprintf(buf, cap, "%s", head);
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(buf + len, cap - len,
                                "<node code=\"n%d\" name=\"A\" max=\"0\"><points/></node>", i);
    len += (size_t)snprintf(buf + len, cap - len, "</ruleset>");
    parindex_load_options opts = PARINDEX_LOAD_OPTIONS_INIT;
    opts.diag = collect;
    opts.diag_payload = &D;
    memset(&D, 0, sizeof D);
    parindex_ruleset *rs = NULL;
    double t = now();
    int rc = parindex_ruleset_load_memory(&rs, buf, len, "wide.xml", &opts);
    double dt = now() - t;
    free(buf);
    CHECK(rc == PARINDEX_ESCHEMA, "status %s", status_name(rc));
    CHECK(D.total == N, "%zu problems, expected %d", D.total, (int)N);
    CHECK(D.n > 200 && strcmp(D.path[200], "/ruleset/node[201]/@max") == 0,
          "path of problem 201: '%s'", D.n > 200 ? D.path[200] : "");
    CHECK(dt < 10.0, "took %.2f s", dt);
    printf("%zu problems in %.2f s\n", D.total, dt);
    return fail_count != 0;
}

static int show(const char *file)
{
    parindex_ruleset *rs = NULL;
    int rc = load(file, &rs);
    const parindex_error *e = parindex_error_last();
    if (rc == PARINDEX_OK) {
        for (size_t k = 0; k < D.n; k++)
            printf("%u %u %s\n", D.line[k], D.col[k], D.message[k]);
    } else {
        printf("%s %u %u\n%s\n%s\n", status_name(rc), parindex_error_line(e),
               parindex_error_column(e), parindex_error_message(e),
               parindex_error_path(e));
    }
    parindex_ruleset_free(rs);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: golden_check invalid|valid|warnings|hostile|show FILE.xml\n"
                        "       golden_check big DIR\n");
        return 2;
    }
    const char *mode = argv[1], *file = argv[2];
    if (!strcmp(mode, "invalid"))
        return check_invalid(file);
    if (!strcmp(mode, "valid"))
        return check_valid(file);
    if (!strcmp(mode, "warnings"))
        return check_warnings(file);
    if (!strcmp(mode, "hostile"))
        return check_hostile(file);
    if (!strcmp(mode, "big"))
        return check_big(file);
    if (!strcmp(mode, "wide"))
        return check_wide();
    if (!strcmp(mode, "show"))
        return show(file);
    fprintf(stderr, "unknown mode %s\n", mode);
    return 2;
}
