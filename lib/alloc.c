/* Allocator plumbing: every allocation of the library goes through here. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void *std_alloc(void *opaque, size_t size)
{
    (void)opaque;
    return malloc(size);
}

static void *std_realloc(void *opaque, void *ptr, size_t size)
{
    (void)opaque;
    return realloc(ptr, size);
}

static void std_free(void *opaque, void *ptr)
{
    (void)opaque;
    free(ptr);
}

void pi_alloc_init(pi_alloc *pa, const parindex_allocator *user)
{
    if (user && user->alloc && user->free) {
        pa->a = *user;
    } else {
        pa->a.alloc = std_alloc;
        pa->a.realloc = std_realloc;
        pa->a.free = std_free;
        pa->a.opaque = NULL;
    }
}

void *pi_malloc(const pi_alloc *pa, size_t size)
{
    return pa->a.alloc(pa->a.opaque, size ? size : 1);
}

void *pi_calloc(const pi_alloc *pa, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = pi_malloc(pa, n * size);
    if (p)
        memset(p, 0, n * size > 0 ? n * size : 1);
    return p;
}

/* realloc through the hooks; a user allocator without realloc gets
 * alloc + copy + free, which needs the old size. */
static void *pi_realloc_sized(const pi_alloc *pa, void *ptr, size_t old,
                              size_t size)
{
    if (pa->a.realloc)
        return pa->a.realloc(pa->a.opaque, ptr, size);
    void *n = pa->a.alloc(pa->a.opaque, size);
    if (n && ptr) {
        memcpy(n, ptr, old < size ? old : size);
        pa->a.free(pa->a.opaque, ptr);
    }
    return n;
}

int pi_grow(const pi_alloc *pa, void **ptr, size_t *cap, size_t need,
            size_t size)
{
    if (need <= *cap)
        return PARINDEX_OK;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return PARINDEX_ENOMEM;
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / size)
        return PARINDEX_ENOMEM;
    void *p = pi_realloc_sized(pa, *ptr, *cap * size, ncap * size);
    if (!p)
        return PARINDEX_ENOMEM;
    memset((char *)p + *cap * size, 0, (ncap - *cap) * size);
    *ptr = p;
    *cap = ncap;
    return PARINDEX_OK;
}

int pi_resize(const pi_alloc *pa, void **ptr, size_t old_n, size_t new_n,
              size_t size)
{
    if (size && new_n > SIZE_MAX / size)
        return PARINDEX_ENOMEM;
    void *p = pi_realloc_sized(pa, *ptr, old_n * size, new_n * size > 0 ? new_n * size : 1);
    if (!p)
        return PARINDEX_ENOMEM;
    *ptr = p;
    return PARINDEX_OK;
}

void pi_free(const pi_alloc *pa, void *ptr)
{
    if (ptr)
        pa->a.free(pa->a.opaque, ptr);
}

char *pi_strdup(const pi_alloc *pa, const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = pi_malloc(pa, n);
    if (d)
        memcpy(d, s, n);
    return d;
}

struct pi_arena_block {
    pi_arena_block *next;
    size_t used, cap;
    char data[];
};

char *pi_arena_strdup(pi_arena *ar, const pi_alloc *pa, const char *s)
{
    size_t n = strlen(s) + 1;
    pi_arena_block *b = ar->head;
    if (!b || b->cap - b->used < n) {
        if (ar->spare && ar->spare->cap >= n) {
            b = ar->spare;
            ar->spare = b->next;
        } else {
            size_t cap = n > 65536 ? n : 65536;
            b = pi_malloc(pa, sizeof *b + cap);
            if (!b)
                return NULL;
            b->cap = cap;
        }
        b->used = 0;
        b->next = ar->head;
        ar->head = b;
    }
    char *d = b->data + b->used;
    memcpy(d, s, n);
    b->used += n;
    return d;
}

void pi_arena_reset(pi_arena *ar)
{
    /* the oldest block ends up first among the spares, as it was first used */
    while (ar->head) {
        pi_arena_block *next = ar->head->next;
        ar->head->used = 0;
        ar->head->next = ar->spare;
        ar->spare = ar->head;
        ar->head = next;
    }
}

void pi_arena_free(pi_arena *ar, const pi_alloc *pa)
{
    pi_arena_reset(ar);
    while (ar->spare) {
        pi_arena_block *next = ar->spare->next;
        pi_free(pa, ar->spare);
        ar->spare = next;
    }
}
