/*
 * libparindex: writing results, explanations and comparisons.
 */
#ifndef PARINDEX_REPORT_H
#define PARINDEX_REPORT_H

#include "export.h"

PARINDEX_BEGIN_DECL

PARINDEX_END_DECL

#endif /* PARINDEX_REPORT_H */
