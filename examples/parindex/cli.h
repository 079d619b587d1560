/* Helpers shared by the score, explain and compare subcommands: option
 * parsing, loading, error messages and atomic outputs. */
#ifndef PARINDEX_CLI_CLI_H
#define PARINDEX_CLI_CLI_H

#include <stdio.h>

#include <parindex/parindex.h>

/* Options common to the data subcommands. */
typedef struct cli_common {
    const char *cmd;        /* "score", ... for messages */
    const char *output;     /* -o FILE, NULL for stdout */
    parindex_format_options fmt;
    parindex_csv_options csv;
} cli_common;

void cli_common_init(cli_common *c, const char *cmd);

/* If argv[*i] is option `name` (long "--x" or short "-x", NULL for none)
 * taking a value ("--x V", "--x=V", "-x V"), store the value and advance *i
 * past it. Returns 1 when matched, 0 when not, -1 on a missing value (after
 * printing a usage error). */
int cli_value(int argc, char **argv, int *i, const char *lng, const char *shrt,
              const char **value, const char *cmd);

/* Try the options every data subcommand has (-o, --format, --excel,
 * --delimiter, --decimal). Returns 1 consumed, 0 not ours, -1 usage error
 * (printed). */
int cli_common_option(cli_common *c, int argc, char **argv, int *i);

/* Check the options taken together, once all are parsed: a decimal
 * separator equal to the forced delimiter, --excel with --format json.
 * Returns EXIT_OK, or EXIT_USAGE after printing a usage error. */
int cli_common_check(const cli_common *c);

/* Print "parindex CMD: message" and "Try 'parindex CMD --help'." on stderr;
 * returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Take argument `a` as the next of two file operands: EXIT_OK, or a usage
 * error for an unknown option or a third operand. */
int cli_operand(const char *cmd, const char *a, const char *files[2],
                size_t *nfiles);

/* Print the last error as "source:line:col: message" (or "source: message"
 * when the line is unknown, or "parindex CMD: message" without a source);
 * returns EXIT_BAD_INPUT. */
int cli_fail(const char *cmd);

/* Load a rule set, printing every error as file:line:col: message. */
parindex_ruleset *cli_load_ruleset(const char *path);

/* Read a data file into new results for `rs`; NULL on failure (printed). */
parindex_results *cli_read_data(const cli_common *c, const parindex_ruleset *rs,
                                const char *path);

/* Open the output (-o FILE atomically, else stdout). NULL on failure
 * (printed). While a file output is open, SIGINT, SIGTERM and SIGHUP remove
 * its temporary file before the program ends. */
parindex_output *cli_open_output(const cli_common *c);

/* Commit (rc == 0) or abort (rc != 0) the output; returns the exit status,
 * printing the error of a failed write. */
int cli_finish_output(const cli_common *c, parindex_output *o, int rc);

#endif
