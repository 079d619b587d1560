/*
 * libparindex: loading rule sets from XML files.
 */
#ifndef PARINDEX_LOAD_H
#define PARINDEX_LOAD_H

#include "export.h"

PARINDEX_BEGIN_DECL

PARINDEX_END_DECL

#endif /* PARINDEX_LOAD_H */
