/*
 * parindex: score, rank and explain public-administration reform indices.
 *
 *   parindex validate RULES.xml
 *   parindex diff OLD.xml NEW.xml
 *   parindex score RULES.xml DATA.csv [-o OUT] [--format csv|json]
 *   parindex explain RULES.xml DATA.csv [--unit U] [--offices MAP.csv]
 *   parindex compare OLD.csv NEW.csv
 */
#include <stdio.h>
#include <string.h>

#include <parindex/parindex.h>

#include "commands.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"validate", cmd_validate, "check a rule set and print its tree"},
    {"diff", cmd_diff, "list nodes added, removed and changed between two rule sets"},
    {"score", cmd_score, "score and rank every unit of a data file"},
    {"explain", cmd_explain, "list every lost point, with the offices responsible"},
    {"compare", cmd_compare, "compare two score outputs (two years, or self vs appraised)"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: parindex COMMAND [ARGS]   (parindex COMMAND --help)\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("parindex %s\n", parindex_version_string());
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "parindex: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
