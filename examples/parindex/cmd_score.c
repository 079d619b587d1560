/* parindex score */
#include <stdio.h>

#include "commands.h"

int cmd_score(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "parindex score: not available yet\n");
    return EXIT_USAGE;
}
