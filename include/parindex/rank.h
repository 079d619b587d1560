/*
 * libparindex: ranking units.
 */
#ifndef PARINDEX_RANK_H
#define PARINDEX_RANK_H

#include "export.h"

PARINDEX_BEGIN_DECL

PARINDEX_END_DECL

#endif /* PARINDEX_RANK_H */
