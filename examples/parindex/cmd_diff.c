/* parindex diff: what changed between two rule sets, node by node. */
#include <stdio.h>
#include <string.h>

#include <parindex/parindex.h>

#include "commands.h"

static void diff_usage(FILE *f)
{
    fprintf(f,
            "usage: parindex diff OLD.xml NEW.xml\n"
            "\n"
            "List what differs between two rule sets, matching nodes by code:\n"
            "  + CODE  a node only NEW has (its maximum and rule)\n"
            "  - CODE  a node only OLD has\n"
            "  ~ CODE  FIELD: OLD VALUE -> NEW VALUE, for the name, maximum,\n"
            "          weight, aggregation, part, floor, cap, decimals, parent,\n"
            "          rule type, each rule parameter (input, scale, hit, ...),\n"
            "          each tier, outcome option and count category\n"
            "Changes to the rule set itself (identity, precision, bands, total)\n"
            "come first, under '(rule set)'. A score that moved between two\n"
            "years while its node shows no change moved because of the data,\n"
            "not the rules.\n"
            "\n"
            "Exit status: 0 when both files load, whether or not they differ;\n"
            "1 when a file is unreadable or invalid (problems on stderr as\n"
            "FILE:LINE:COLUMN: message); 2 usage error.\n");
}

static void print_problem(const parindex_error *e, void *payload)
{
    (void)payload;
    if (parindex_error_severity(e) == PARINDEX_SEVERITY_WARNING)
        return; /* the rules may be odd; the comparison still holds */
    fprintf(stderr, "%s:%u:%u: %s\n", parindex_error_source(e),
            parindex_error_line(e), parindex_error_column(e),
            parindex_error_message(e));
}

typedef struct tally {
    long added, removed, changed;
    char last_code[256];
    long nodes_changed;
} tally;

static void print_diff(int kind, const char *code, const char *field,
                       const char *old_value, const char *new_value,
                       void *payload)
{
    tally *t = payload;
    const char *who = *code ? code : "(rule set)";
    switch (kind) {
    case PARINDEX_DIFF_ADDED:
        t->added++;
        printf("+ %s  %s\n", who, new_value ? new_value : "");
        break;
    case PARINDEX_DIFF_REMOVED:
        t->removed++;
        printf("- %s  %s\n", who, old_value ? old_value : "");
        break;
    default:
        t->changed++;
        if (*code && strcmp(code, t->last_code) != 0) {
            t->nodes_changed++;
            snprintf(t->last_code, sizeof t->last_code, "%s", code);
        }
        printf("~ %s  %s: %s -> %s\n", who, field,
               old_value ? old_value : "(none)", new_value ? new_value : "(none)");
        break;
    }
}

static parindex_ruleset *load(const char *file)
{
    parindex_load_options opts = PARINDEX_LOAD_OPTIONS_INIT;
    opts.diag = print_problem;
    parindex_ruleset *rs = NULL;
    int rc = parindex_ruleset_load_file(&rs, file, &opts);
    if (rc != PARINDEX_OK) {
        fprintf(stderr, "%s: invalid rule set (%s)\n", file, parindex_strerror(rc));
        return NULL;
    }
    return rs;
}

static void header(const char *mark, const char *file, const parindex_ruleset *rs)
{
    printf("%s %s  (%s", mark, file, parindex_ruleset_identity(rs, PARINDEX_ID_ID));
    const char *d = parindex_ruleset_identity(rs, PARINDEX_ID_DECISION);
    const char *y = parindex_ruleset_identity(rs, PARINDEX_ID_YEAR);
    if (*d)
        printf(", %s", d);
    if (*y)
        printf(", %s", y);
    printf(")\n");
}

int cmd_diff(int argc, char **argv)
{
    const char *files[2] = {NULL, NULL};
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            diff_usage(stdout);
            return EXIT_OK;
        }
        if ((a[0] == '-' && a[1]) || nfiles == 2) {
            if (a[0] == '-')
                fprintf(stderr, "parindex diff: unknown option '%s'\n", a);
            else
                fprintf(stderr, "parindex diff: two rule sets, OLD and NEW\n");
            diff_usage(stderr);
            return EXIT_USAGE;
        }
        files[nfiles++] = a;
    }
    if (nfiles != 2) {
        diff_usage(stderr);
        return EXIT_USAGE;
    }
    parindex_ruleset *a = load(files[0]);
    parindex_ruleset *b = load(files[1]);
    if (!a || !b) {
        parindex_ruleset_free(a);
        parindex_ruleset_free(b);
        return EXIT_BAD_INPUT;
    }
    header("---", files[0], a);
    header("+++", files[1], b);
    tally t;
    memset(&t, 0, sizeof t);
    long n = parindex_ruleset_diff(a, b, print_diff, &t);
    int status = EXIT_OK;
    if (n < 0) {
        fprintf(stderr, "parindex diff: %s\n",
                parindex_error_message(parindex_error_last()));
        status = EXIT_BAD_INPUT;
    } else if (n == 0) {
        printf("no differences\n");
    } else {
        printf("%ld difference%s: %ld node%s added, %ld removed, %ld field%s "
               "changed in %ld node%s\n",
               n, n == 1 ? "" : "s", t.added, t.added == 1 ? "" : "s",
               t.removed, t.changed, t.changed == 1 ? "" : "s", t.nodes_changed,
               t.nodes_changed == 1 ? "" : "s");
    }
    parindex_ruleset_free(a);
    parindex_ruleset_free(b);
    return status;
}
