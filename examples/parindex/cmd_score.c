/* parindex score: score and rank every unit of a data file. */
#include <stdio.h>
#include <string.h>

#include <parindex/parindex.h>

#include "cli.h"
#include "commands.h"

static void score_usage(FILE *f)
{
    fprintf(f,
            "usage: parindex score [OPTIONS] RULES.xml DATA.csv\n"
            "\n"
            "Score every unit (row) of DATA.csv with the rule set RULES.xml and rank\n"
            "the units within their group on their unrounded totals. Writes CSV with\n"
            "the columns rank, unit, group, total, max, index, band, one column per\n"
            "top-level field (points earned), then ruleset and ruleset_digest (the\n"
            "rule set's identity, on every row).\n"
            "\n"
            "  -o, --output FILE    write FILE atomically instead of standard output\n"
            "  -f, --format FMT     csv (default) or json\n"
            "      --excel          CSV that Excel opens directly in a Vietnamese\n"
            "                       locale: UTF-8 BOM, ';', decimal comma, CRLF;\n"
            "                       text starting with = + - @ gets a leading '\n"
            "      --ties POLICY    how tied units are ranked (values 100 90 90 80):\n"
            "                       competition 1 2 2 4 (default), dense 1 2 2 3,\n"
            "                       modified 1 3 3 4, ordinal 1 2 3 4 (ties by unit\n"
            "                       name), fractional 1 2.5 2.5 4\n"
            "      --by KEY         rank on total (default) or index\n"
            "      --delimiter D    DATA.csv uses ',' or ';' (default: detected)\n"
            "      --decimal S      DATA.csv decimal separator '.' or ',' (default:\n"
            "                       ',' with ';', '.' with ',')\n"
            "  -h, --help           show this help\n"
            "\n"
            "Exit status: 0 success, 1 bad input (FILE:LINE:COLUMN: message on\n"
            "stderr), 2 usage error.\n");
}

int cmd_score(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c, "score");
    parindex_rank_options ro = PARINDEX_RANK_OPTIONS_INIT;
    const char *files[2] = {NULL, NULL};
    size_t nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int m;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            score_usage(stdout);
            return EXIT_OK;
        }
        if ((m = cli_common_option(&c, argc, argv, &i)) != 0) {
            if (m < 0)
                return EXIT_USAGE;
            continue;
        }
        if ((m = cli_value(argc, argv, &i, "--ties", NULL, &v, c.cmd)) != 0) {
            if (m < 0)
                return EXIT_USAGE;
            ro.ties = parindex_ties_from_name(v);
            if (ro.ties < 0)
                return cli_usage_error(c.cmd, "--ties: expected competition, dense, modified, ordinal or fractional, not '%s'", v);
            continue;
        }
        if ((m = cli_value(argc, argv, &i, "--by", NULL, &v, c.cmd)) != 0) {
            if (m < 0)
                return EXIT_USAGE;
            if (strcmp(v, "total") == 0)
                ro.key = PARINDEX_RANK_TOTAL;
            else if (strcmp(v, "index") == 0)
                ro.key = PARINDEX_RANK_INDEX;
            else
                return cli_usage_error(c.cmd, "--by: expected total or index, not '%s'", v);
            continue;
        }
        if (cli_operand(c.cmd, a, files, &nfiles) != EXIT_OK)
            return EXIT_USAGE;
    }
    if (nfiles != 2)
        return cli_usage_error(c.cmd, "expected RULES.xml and DATA.csv");
    if (cli_common_check(&c) != EXIT_OK)
        return EXIT_USAGE;

    parindex_ruleset *rs = cli_load_ruleset(files[0]);
    if (!rs)
        return EXIT_BAD_INPUT;
    int status = EXIT_BAD_INPUT;
    parindex_ranking *rk = NULL;
    parindex_results *res = cli_read_data(&c, rs, files[1]);
    if (res && parindex_ranking_new(&rk, res, &ro) != PARINDEX_OK)
        cli_fail(c.cmd);
    else if (res) {
        parindex_output *o = cli_open_output(&c);
        if (o)
            status = cli_finish_output(&c, o, parindex_write_scores(o, res, rk, &c.fmt));
    }
    parindex_ranking_free(rk);
    parindex_results_free(res);
    parindex_ruleset_free(rs);
    return status;
}
