/* parindex validate */
#include <stdio.h>

#include "commands.h"

int cmd_validate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "parindex validate: not available yet\n");
    return EXIT_USAGE;
}
