/* The subcommands of the parindex program; one file each. */
#ifndef PARINDEX_CLI_COMMANDS_H
#define PARINDEX_CLI_COMMANDS_H

/* Exit statuses of every subcommand. */
enum { EXIT_OK = 0, EXIT_BAD_INPUT = 1, EXIT_USAGE = 2 };

/* Each takes the arguments after the subcommand name (argv[0] is the
 * subcommand) and returns an exit status. */
int cmd_validate(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_compare(int argc, char **argv);

#endif
