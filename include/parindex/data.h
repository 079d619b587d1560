/*
 * libparindex: reading unit inputs from CSV files.
 */
#ifndef PARINDEX_DATA_H
#define PARINDEX_DATA_H

#include "export.h"

PARINDEX_BEGIN_DECL

PARINDEX_END_DECL

#endif /* PARINDEX_DATA_H */
