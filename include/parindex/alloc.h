/*
 * libparindex: per-object allocator hooks.
 *
 * Objects that take a `const parindex_allocator *` copy it and use it for all
 * of their memory. NULL means malloc/realloc/free. libxml2's own memory never
 * goes through these hooks.
 */
#ifndef PARINDEX_ALLOC_H
#define PARINDEX_ALLOC_H

#include <stddef.h>
#include "export.h"

PARINDEX_BEGIN_DECL

/** Allocation functions with an opaque pointer passed to each call. */
typedef struct parindex_allocator {
    void *(*alloc)(void *opaque, size_t size);
    void *(*realloc)(void *opaque, void *ptr, size_t size);
    void (*free)(void *opaque, void *ptr);
    void *opaque;
} parindex_allocator;

PARINDEX_END_DECL

#endif /* PARINDEX_ALLOC_H */
