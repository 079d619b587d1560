/*
 * libparindex: scoring and ranking of public-administration reform indices.
 *
 * The one header users include. Everything it declares is the public API;
 * anything else is internal.
 */
#ifndef PARINDEX_PARINDEX_H
#define PARINDEX_PARINDEX_H

#include "export.h"
#include "version.h"
#include "error.h"
#include "alloc.h"
#include "fixed.h"
#include "ruleset.h"
#include "score.h"
#include "load.h"
#include "data.h"
#include "rank.h"
#include "report.h"

#endif /* PARINDEX_PARINDEX_H */
