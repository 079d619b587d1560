/* parindex diff */
#include <stdio.h>

#include "commands.h"

int cmd_diff(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "parindex diff: not available yet\n");
    return EXIT_USAGE;
}
