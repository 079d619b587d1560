/* parindex compare */
#include <stdio.h>

#include "commands.h"

int cmd_compare(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "parindex compare: not available yet\n");
    return EXIT_USAGE;
}
