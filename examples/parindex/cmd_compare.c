/* parindex compare: two score outputs side by side. */
#include <stdio.h>
#include <string.h>

#include <parindex/parindex.h>

#include "cli.h"
#include "commands.h"

static void compare_usage(FILE *f)
{
    fprintf(f,
            "usage: parindex compare [OPTIONS] OLD.csv NEW.csv\n"
            "\n"
            "Compare two outputs of 'parindex score' (two years, or self-assessed\n"
            "and appraised scores): per unit the old and new totals, the change,\n"
            "the old and new ranks and the places gained (positive) or lost\n"
            "(negative); units that entered or left. Warns on stderr when the two\n"
            "files come from different rule sets (their ruleset and ruleset_digest\n"
            "columns differ or are missing).\n"
            "\n"
            "  -o, --output FILE    write FILE atomically instead of standard output\n"
            "  -f, --format FMT     csv (default) or json\n"
            "      --excel          CSV for Excel in a Vietnamese locale (names\n"
            "                       starting with = + - @ get a leading ')\n"
            "      --strict         exit with status 1 when the rule sets differ\n"
            "      --delimiter D    the inputs use ',' or ';' (default: detected)\n"
            "      --decimal S      their decimal separator '.' or ','\n"
            "  -h, --help           show this help\n"
            "\n"
            "Exit status: 0 success (also after a warning, unless --strict), 1 bad\n"
            "input (FILE:LINE:COLUMN: message on stderr), 2 usage error.\n");
}

int cmd_compare(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c, "compare");
    const char *files[2] = {NULL, NULL};
    size_t nfiles = 0;
    int strict = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int m;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            compare_usage(stdout);
            return EXIT_OK;
        }
        if ((m = cli_common_option(&c, argc, argv, &i)) != 0) {
            if (m < 0)
                return EXIT_USAGE;
            continue;
        }
        if (strcmp(a, "--strict") == 0) {
            strict = 1;
            continue;
        }
        if (cli_operand(c.cmd, a, files, &nfiles) != EXIT_OK)
            return EXIT_USAGE;
    }
    if (nfiles != 2)
        return cli_usage_error(c.cmd, "expected OLD.csv and NEW.csv");
    if (cli_common_check(&c) != EXIT_OK)
        return EXIT_USAGE;

    int status = EXIT_BAD_INPUT;
    parindex_scoretable *old_t = NULL, *new_t = NULL;
    parindex_comparison *cmp = NULL;
    if (parindex_scoretable_read_csv(&old_t, files[0], &c.csv, NULL) != PARINDEX_OK ||
        parindex_scoretable_read_csv(&new_t, files[1], &c.csv, NULL) != PARINDEX_OK ||
        parindex_comparison_new(&cmp, old_t, new_t) != PARINDEX_OK) {
        cli_fail(c.cmd);
        goto done;
    }
    const char *why = "";
    if (!parindex_comparison_same_ruleset(cmp, &why)) {
        fprintf(stderr, "parindex compare: %s: %s\n", strict ? "error" : "warning", why);
        if (strict)
            goto done;
    }
    parindex_output *o = cli_open_output(&c);
    if (o)
        status = cli_finish_output(&c, o, parindex_write_comparison(o, cmp, &c.fmt));
done:
    parindex_comparison_free(cmp);
    parindex_scoretable_free(old_t);
    parindex_scoretable_free(new_t);
    return status;
}
