/* parindex validate: check a rule set and print its identity and tree. */
#include <stdio.h>
#include <string.h>

#include <parindex/parindex.h>

#include "commands.h"

static void validate_usage(FILE *f)
{
    fprintf(f,
            "usage: parindex validate [-q] [-r] [-W] RULES.xml\n"
            "\n"
            "Check a rule set file: XML, schema, rules, and the static analysis.\n"
            "When it is valid, print its identity and its tree of nodes (code,\n"
            "maximum, rule type or aggregation, name). Every problem is printed\n"
            "on stderr as FILE:LINE:COLUMN: message (0 when not known);\n"
            "warnings say \"warning:\".\n"
            "\n"
            "  -q, --quiet   print nothing on stdout\n"
            "  -r, --rules   show each leaf's rule with all its parameters\n"
            "  -W, --strict  treat warnings as errors\n"
            "  -h, --help    show this help\n"
            "\n"
            "Exit status: 0 valid (warnings allowed), 1 invalid or unreadable,\n"
            "2 usage error.\n");
}

/* Print one problem as file:line:col: message. */
static void print_problem(const parindex_error *e, void *payload)
{
    int *warnings = payload;
    int warn = parindex_error_severity(e) == PARINDEX_SEVERITY_WARNING;
    if (warn)
        (*warnings)++;
    fprintf(stderr, "%s:%u:%u: %s%s\n", parindex_error_source(e),
            parindex_error_line(e), parindex_error_column(e),
            warn ? "warning: " : "", parindex_error_message(e));
}

static void print_tree(const parindex_ruleset *rs, int rules)
{
    static const char *const id_names[] = {"id", "title", "level", "year",
                                           "decision", "version"};
    static const char *const rounding[] = {"half_up", "half_even", "down"};
    static const char *const stages[] = {"at display only", "at each leaf",
                                         "at each node"};
    char a[48];
    size_t n = parindex_ruleset_node_count(rs), leaves = 0, fields = 0;
    for (size_t i = 1; i < n; i++) {
        leaves += parindex_node_child_count(rs, i) == 0;
        fields += parindex_node_depth(rs, i) == 1;
    }
    for (int k = 0; k < 6; k++) {
        const char *v = parindex_ruleset_identity(rs, k);
        if (*v)
            printf("%-9s %s\n", id_names[k], v);
    }
    parindex_fixed_format_short(parindex_node_max(rs, 0), a, sizeof a);
    printf("%-9s %s points, %s of %zu top-level nodes\n", "total", a,
           parindex_aggregation_name(parindex_node_aggregation(rs, 0)), fields);
    int rnd = parindex_ruleset_rounding(rs), stg = parindex_ruleset_round_stage(rs);
    printf("%-9s %d decimals, %s, rounded %s\n", "precision",
           parindex_ruleset_decimals(rs), rnd >= 0 && rnd < 3 ? rounding[rnd] : "?",
           stg >= 0 && stg < 3 ? stages[stg] : "?");
    size_t nb = parindex_ruleset_band_count(rs);
    if (nb) {
        printf("%-9s", "bands");
        for (size_t k = 0; k < nb; k++)
            printf("%s%s", k ? ", " : " ", parindex_ruleset_band_label(rs, k));
        printf("\n");
    }
    printf("%-9s %zu (%zu leaves), %zu inputs\n\n", "nodes", n - 1, leaves,
           parindex_ruleset_input_count(rs));

    int width = 4;
    for (size_t i = 1; i < n; i++) {
        int w = 2 * (parindex_node_depth(rs, i) - 1) +
                (int)strlen(parindex_node_code(rs, i));
        if (w > width)
            width = w;
    }
    printf("%-*s  %8s  %-14s  %s\n", width, "code", "max", "rule", "name");
    for (size_t i = 1; i < n; i++) {
        int depth = parindex_node_depth(rs, i);
        const char *code = parindex_node_code(rs, i);
        int inner = parindex_node_child_count(rs, i) > 0;
        parindex_fixed_format_short(parindex_node_max(rs, i), a, sizeof a);
        printf("%*s%-*s  %8s  %-14s  %s\n", 2 * (depth - 1), "",
               width - 2 * (depth - 1), code, a,
               inner ? parindex_aggregation_name(parindex_node_aggregation(rs, i))
                     : parindex_rule_type_name(parindex_node_rule(rs, i)),
               parindex_node_name(rs, i));
        if (rules && !inner) {
            char text[1024];
            parindex_node_rule_text(rs, i, text, sizeof text);
            printf("%*s%s\n", width + 2, "", text);
        }
    }
}

int cmd_validate(int argc, char **argv)
{
    const char *file = NULL;
    int quiet = 0, rules = 0, strict = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            validate_usage(stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (!strcmp(a, "-r") || !strcmp(a, "--rules")) {
            rules = 1;
        } else if (!strcmp(a, "-W") || !strcmp(a, "--strict")) {
            strict = 1;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "parindex validate: unknown option '%s'\n", a);
            validate_usage(stderr);
            return EXIT_USAGE;
        } else if (file) {
            fprintf(stderr, "parindex validate: one rule set at a time\n");
            validate_usage(stderr);
            return EXIT_USAGE;
        } else {
            file = a;
        }
    }
    if (!file) {
        validate_usage(stderr);
        return EXIT_USAGE;
    }
    int warnings = 0;
    parindex_load_options opts = PARINDEX_LOAD_OPTIONS_INIT;
    opts.diag = print_problem;
    opts.diag_payload = &warnings;
    if (strict)
        opts.flags |= PARINDEX_LOAD_WARNINGS_AS_ERRORS;
    parindex_ruleset *rs = NULL;
    int rc = parindex_ruleset_load_file(&rs, file, &opts);
    if (rc != PARINDEX_OK) {
        fprintf(stderr, "%s: invalid rule set (%s)\n", file, parindex_strerror(rc));
        return EXIT_BAD_INPUT;
    }
    if (!quiet) {
        print_tree(rs, rules);
        printf("\n%s: valid", file);
        if (warnings)
            printf(", %d warning%s", warnings, warnings == 1 ? "" : "s");
        printf("\n");
    }
    parindex_ruleset_free(rs);
    return EXIT_OK;
}
