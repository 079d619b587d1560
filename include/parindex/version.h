/*
 * libparindex: version macros (the single source of truth: CMake reads the
 * numbers below) and runtime version queries.
 */
#ifndef PARINDEX_VERSION_H
#define PARINDEX_VERSION_H

#include "export.h"

#define PARINDEX_VERSION_MAJOR 0
#define PARINDEX_VERSION_MINOR 1
#define PARINDEX_VERSION_PATCH 0
#define PARINDEX_VERSION_STRING "0.1.0"
/* ABI number: bumped only when the ABI breaks. */
#define PARINDEX_SOVERSION 0

#define PARINDEX_VERSION_NUMBER                                      \
    (PARINDEX_VERSION_MAJOR * 10000 + PARINDEX_VERSION_MINOR * 100 + \
     PARINDEX_VERSION_PATCH)
#define PARINDEX_VERSION_AT_LEAST(a, b, c) \
    (PARINDEX_VERSION_NUMBER >= (a) * 10000 + (b) * 100 + (c))

PARINDEX_BEGIN_DECL

/**
 * The version of the library actually linked, as PARINDEX_VERSION_NUMBER.
 * Compare with the macro to detect a header/library mismatch.
 * @note Thread-safety: safe from any thread.
 */
PARINDEX_API unsigned parindex_version_number(void);

/**
 * The version of the library actually linked, e.g. "0.1.0".
 * @note Ownership: static string, never freed.
 * @note Thread-safety: safe from any thread.
 */
PARINDEX_API const char *parindex_version_string(void);

PARINDEX_END_DECL

#endif /* PARINDEX_VERSION_H */
