/* Runtime version queries. */
#include "internal.h"

unsigned parindex_version_number(void) { return PARINDEX_VERSION_NUMBER; }

const char *parindex_version_string(void) { return PARINDEX_VERSION_STRING; }
