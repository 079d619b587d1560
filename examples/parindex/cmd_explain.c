/* parindex explain */
#include <stdio.h>

#include "commands.h"

int cmd_explain(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "parindex explain: not available yet\n");
    return EXIT_USAGE;
}
