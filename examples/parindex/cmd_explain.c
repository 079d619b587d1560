/* parindex explain: every lost point, with the offices responsible. */
#include <stdio.h>
#include <string.h>

#include <parindex/parindex.h>

#include "cli.h"
#include "commands.h"

static void explain_usage(FILE *f)
{
    fprintf(f,
            "usage: parindex explain [OPTIONS] RULES.xml DATA.csv\n"
            "\n"
            "List every lost point of each unit of DATA.csv: one row per item with\n"
            "STT, unit, code, name, max, earned, lost and the reason. With a\n"
            "responsibility map, each map row (a field, criterion or sub-criterion)\n"
            "groups the losses under it as one item with its lead office, partners\n"
            "and deadline. Items are sorted by code (1.2 before 1.10). Then a\n"
            "summary per field and per lead office, the total lost, and what the\n"
            "items do not account for (criteria not in the map; caps, floors and\n"
            "aggregation), shown explicitly.\n"
            "\n"
            "      --unit U         only unit U\n"
            "      --offices MAP    responsibility map: CSV with the columns code,\n"
            "                       lead, partners, deadline (several lead offices\n"
            "                       separated by ';')\n"
            "  -o, --output FILE    write FILE atomically instead of standard output\n"
            "  -f, --format FMT     csv (default) or json\n"
            "      --excel          CSV for Excel in a Vietnamese locale (UTF-8 BOM,\n"
            "                       ';', decimal comma, CRLF; text starting with\n"
            "                       = + - @ gets a leading ')\n"
            "      --delimiter D    DATA.csv and MAP use ',' or ';' (default: detected)\n"
            "      --decimal S      their decimal separator '.' or ','\n"
            "  -h, --help           show this help\n"
            "\n"
            "Exit status: 0 success, 1 bad input (FILE:LINE:COLUMN: message on\n"
            "stderr), 2 usage error.\n");
}

int cmd_explain(int argc, char **argv)
{
    cli_common c;
    cli_common_init(&c, "explain");
    const char *files[2] = {NULL, NULL}, *unit = NULL, *offices = NULL;
    size_t nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int m;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            explain_usage(stdout);
            return EXIT_OK;
        }
        if ((m = cli_common_option(&c, argc, argv, &i)) != 0) {
            if (m < 0)
                return EXIT_USAGE;
            continue;
        }
        if ((m = cli_value(argc, argv, &i, "--unit", NULL, &unit, c.cmd)) != 0 ||
            (m = cli_value(argc, argv, &i, "--offices", NULL, &offices, c.cmd)) != 0) {
            if (m < 0)
                return EXIT_USAGE;
            if (unit && !*unit)
                return cli_usage_error(c.cmd, "--unit: empty unit name");
            if (offices && !*offices)
                return cli_usage_error(c.cmd, "--offices: empty file name");
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
    parindex_respmap *map = NULL;
    parindex_remediation *rem = NULL;
    parindex_results *res = cli_read_data(&c, rs, files[1]);
    long u = -1;
    if (!res)
        goto done;
    if (unit && (u = parindex_results_find_unit(res, unit)) < 0) {
        fprintf(stderr, "%s: no unit '%s'\n", files[1], unit);
        goto done;
    }
    if (offices && parindex_respmap_read_csv(&map, rs, offices, &c.csv) != PARINDEX_OK) {
        cli_fail(c.cmd);
        goto done;
    }
    if (parindex_remediation_new(&rem, res, map, u) != PARINDEX_OK) {
        cli_fail(c.cmd);
        goto done;
    }
    parindex_output *o = cli_open_output(&c);
    if (o)
        status = cli_finish_output(&c, o, parindex_write_remediation(o, res, rem, &c.fmt));
done:
    parindex_remediation_free(rem);
    parindex_respmap_free(map);
    parindex_results_free(res);
    parindex_ruleset_free(rs);
    return status;
}
