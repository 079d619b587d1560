/* Helpers shared by the score, explain and compare subcommands. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"

void cli_common_init(cli_common *c, const char *cmd)
{
    parindex_format_options f = PARINDEX_FORMAT_OPTIONS_INIT;
    parindex_csv_options o = PARINDEX_CSV_OPTIONS_INIT;
    c->cmd = cmd;
    c->output = NULL;
    c->fmt = f;
    c->csv = o;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "parindex %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'parindex %s --help'.\n", cmd);
    return EXIT_USAGE;
}

int cli_operand(const char *cmd, const char *a, const char *files[2],
                size_t *nfiles)
{
    if (a[0] == '-' && a[1] != '\0')
        return cli_usage_error(cmd, "unknown option '%s'", a);
    if (*nfiles == 2)
        return cli_usage_error(cmd, "too many arguments");
    files[(*nfiles)++] = a;
    return EXIT_OK;
}

int cli_value(int argc, char **argv, int *i, const char *lng, const char *shrt,
              const char **value, const char *cmd)
{
    const char *a = argv[*i];
    if (lng) {
        size_t n = strlen(lng);
        if (strncmp(a, lng, n) == 0 && a[n] == '=') {
            *value = a + n + 1;
            return 1;
        }
    }
    if ((lng && strcmp(a, lng) == 0) || (shrt && strcmp(a, shrt) == 0)) {
        if (*i + 1 >= argc) {
            cli_usage_error(cmd, "option '%s' needs a value", a);
            return -1;
        }
        *value = argv[++*i];
        return 1;
    }
    return 0;
}

static int separator(const char *cmd, const char *opt, const char *v, char *out)
{
    if (strcmp(v, ",") == 0 || strcmp(v, "comma") == 0)
        *out = ',';
    else if (strcmp(v, ";") == 0 || strcmp(v, "semicolon") == 0)
        *out = ';';
    else if (strcmp(v, ".") == 0 || strcmp(v, "point") == 0 || strcmp(v, "dot") == 0)
        *out = '.';
    else if (strcmp(v, "auto") == 0)
        *out = 0;
    else {
        cli_usage_error(cmd, "%s: unknown value '%s'", opt, v);
        return -1;
    }
    return 1;
}

int cli_common_option(cli_common *c, int argc, char **argv, int *i)
{
    const char *v = NULL;
    int m;
    if ((m = cli_value(argc, argv, i, "--output", "-o", &v, c->cmd)) != 0) {
        if (m < 0)
            return m;
        if (!*v) {
            cli_usage_error(c->cmd, "--output: empty file name");
            return -1;
        }
        c->output = v;
        return m;
    }
    if ((m = cli_value(argc, argv, i, "--format", "-f", &v, c->cmd)) != 0) {
        if (m < 0)
            return m;
        if (strcmp(v, "csv") == 0)
            c->fmt.format = PARINDEX_FORMAT_CSV;
        else if (strcmp(v, "json") == 0)
            c->fmt.format = PARINDEX_FORMAT_JSON;
        else {
            cli_usage_error(c->cmd, "--format: expected csv or json, not '%s'", v);
            return -1;
        }
        return 1;
    }
    if (strcmp(argv[*i], "--excel") == 0) {
        c->fmt.flags |= PARINDEX_FORMAT_EXCEL;
        return 1;
    }
    if ((m = cli_value(argc, argv, i, "--delimiter", NULL, &v, c->cmd)) != 0) {
        if (m < 0)
            return m;
        if (separator(c->cmd, "--delimiter", v, &c->csv.delimiter) < 0)
            return -1;
        if (c->csv.delimiter == '.') {
            cli_usage_error(c->cmd, "--delimiter: expected ',' or ';', not '%s'", v);
            return -1;
        }
        return 1;
    }
    if ((m = cli_value(argc, argv, i, "--decimal", NULL, &v, c->cmd)) != 0) {
        if (m < 0)
            return m;
        if (separator(c->cmd, "--decimal", v, &c->csv.decimal) < 0)
            return -1;
        if (c->csv.decimal == ';') {
            cli_usage_error(c->cmd, "--decimal: expected '.' or ',', not '%s'", v);
            return -1;
        }
        return 1;
    }
    return 0;
}

int cli_common_check(const cli_common *c)
{
    if (c->csv.delimiter != 0 && c->csv.decimal == c->csv.delimiter)
        return cli_usage_error(c->cmd,
                               "--delimiter '%c' and --decimal '%c': the decimal separator cannot be the delimiter",
                               c->csv.delimiter, c->csv.decimal);
    if ((c->fmt.flags & PARINDEX_FORMAT_EXCEL) && c->fmt.format != PARINDEX_FORMAT_CSV)
        return cli_usage_error(c->cmd, "--excel is a CSV dialect: it cannot go with --format json");
    return EXIT_OK;
}

int cli_fail(const char *cmd)
{
    const parindex_error *e = parindex_error_last();
    const char *src = parindex_error_source(e);
    unsigned line = parindex_error_line(e), col = parindex_error_column(e);
    if (*src && line)
        fprintf(stderr, "%s:%u:%u: %s\n", src, line, col, parindex_error_message(e));
    else if (*src)
        fprintf(stderr, "%s: %s\n", src, parindex_error_message(e));
    else
        fprintf(stderr, "parindex %s: %s\n", cmd, parindex_error_message(e));
    return EXIT_BAD_INPUT;
}

static void print_load_error(const parindex_error *e, void *payload)
{
    int *printed = payload;
    if (parindex_error_severity(e) != PARINDEX_SEVERITY_ERROR)
        return;
    (*printed)++;
    if (parindex_error_line(e))
        fprintf(stderr, "%s:%u:%u: %s\n", parindex_error_source(e), parindex_error_line(e),
                parindex_error_column(e), parindex_error_message(e));
    else
        fprintf(stderr, "%s: %s\n", parindex_error_source(e), parindex_error_message(e));
}

parindex_ruleset *cli_load_ruleset(const char *path)
{
    parindex_load_options lo = PARINDEX_LOAD_OPTIONS_INIT;
    int printed = 0;
    lo.diag = print_load_error;
    lo.diag_payload = &printed;
    parindex_ruleset *rs = NULL;
    if (parindex_ruleset_load_file(&rs, path, &lo) != PARINDEX_OK) {
        /* a problem no callback saw */
        if (!printed)
            fprintf(stderr, "%s: %s\n", path, parindex_error_message(parindex_error_last()));
        return NULL;
    }
    return rs;
}

parindex_results *cli_read_data(const cli_common *c, const parindex_ruleset *rs,
                                const char *path)
{
    parindex_results *res = NULL;
    if (parindex_results_new(&res, rs, NULL) != PARINDEX_OK) {
        cli_fail(c->cmd);
        return NULL;
    }
    if (parindex_results_read_csv(res, path, &c->csv) != PARINDEX_OK) {
        cli_fail(c->cmd);
        parindex_results_free(res);
        return NULL;
    }
    return res;
}

/* ---- outputs ------------------------------------------------------------ */

static char temp_path[4096];

static void on_signal(int sig)
{
    if (temp_path[0])
        unlink(temp_path);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void guard(const char *tmp)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    if (tmp && strlen(tmp) < sizeof temp_path) {
        memcpy(temp_path, tmp, strlen(tmp) + 1);
        sa.sa_handler = on_signal;
    } else {
        temp_path[0] = '\0';
        sa.sa_handler = SIG_DFL;
    }
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

static int to_stdout(void *payload, const void *data, size_t len)
{
    (void)payload;
    return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

parindex_output *cli_open_output(const cli_common *c)
{
    parindex_output *o = NULL;
    int rc = c->output ? parindex_output_open_file(&o, c->output, NULL)
                       : parindex_output_open_callback(&o, to_stdout, NULL, NULL);
    if (rc) {
        cli_fail(c->cmd);
        return NULL;
    }
    if (c->output)
        guard(parindex_output_temp_path(o));
    return o;
}

int cli_finish_output(const cli_common *c, parindex_output *o, int rc)
{
    if (rc) {
        parindex_output_abort(o);
        guard(NULL);
        return cli_fail(c->cmd);
    }
    rc = parindex_output_commit(o);
    guard(NULL);
    if (rc)
        return cli_fail(c->cmd);
    if (!c->output && (fflush(stdout) != 0 || ferror(stdout))) {
        fprintf(stderr, "parindex %s: cannot write to standard output\n", c->cmd);
        return EXIT_BAD_INPUT;
    }
    return EXIT_OK;
}
