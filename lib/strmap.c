/* A small open-addressing hash map from borrowed strings to indices. */
#include <string.h>

#include "internal.h"

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

int pi_strmap_init(pi_strmap *m, const pi_alloc *pa, size_t expected)
{
    size_t cap = 16;
    while (cap < expected * 2 + 1)
        cap *= 2;
    m->keys = pi_calloc(pa, cap, sizeof *m->keys);
    m->vals = pi_calloc(pa, cap, sizeof *m->vals);
    if (!m->keys || !m->vals) {
        pi_strmap_free(m, pa);
        return PARINDEX_ENOMEM;
    }
    m->cap = cap;
    m->count = 0;
    return PARINDEX_OK;
}

void pi_strmap_free(pi_strmap *m, const pi_alloc *pa)
{
    pi_free(pa, (void *)m->keys);
    pi_free(pa, m->vals);
    m->keys = NULL;
    m->vals = NULL;
    m->cap = m->count = 0;
}

size_t pi_strmap_get(const pi_strmap *m, const char *key)
{
    if (!m->cap)
        return (size_t)-1;
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)hash_str(key) & mask;; i = (i + 1) & mask) {
        if (!m->keys[i])
            return (size_t)-1;
        if (strcmp(m->keys[i], key) == 0)
            return m->vals[i];
    }
}

static void put_raw(const char **keys, size_t *vals, size_t cap,
                    const char *key, size_t val)
{
    size_t mask = cap - 1;
    size_t i = (size_t)hash_str(key) & mask;
    while (keys[i])
        i = (i + 1) & mask;
    keys[i] = key;
    vals[i] = val;
}

/* Rehash into a table of `ncap` slots (a power of two). */
static int rehash(pi_strmap *m, const pi_alloc *pa, size_t ncap)
{
    const char **nk = pi_calloc(pa, ncap, sizeof *nk);
    size_t *nv = pi_calloc(pa, ncap, sizeof *nv);
    if (!nk || !nv) {
        pi_free(pa, (void *)nk);
        pi_free(pa, nv);
        return PARINDEX_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i])
            put_raw(nk, nv, ncap, m->keys[i], m->vals[i]);
    pi_free(pa, (void *)m->keys);
    pi_free(pa, m->vals);
    m->keys = nk;
    m->vals = nv;
    m->cap = ncap;
    return PARINDEX_OK;
}

int pi_strmap_reserve(pi_strmap *m, const pi_alloc *pa, size_t count)
{
    size_t cap = m->cap ? m->cap : 16;
    while (cap < count * 2 + 1) {
        if (cap > SIZE_MAX / 4)
            return PARINDEX_ENOMEM;
        cap *= 2;
    }
    return cap == m->cap ? PARINDEX_OK : rehash(m, pa, cap);
}

int pi_strmap_put(pi_strmap *m, const pi_alloc *pa, const char *key,
                  size_t val)
{
    if (pi_strmap_get(m, key) != (size_t)-1)
        return PARINDEX_EEXISTS;
    return pi_strmap_put_absent(m, pa, key, val);
}

int pi_strmap_put_absent(pi_strmap *m, const pi_alloc *pa, const char *key,
                         size_t val)
{
    if (!m->cap) {
        int rc = pi_strmap_init(m, pa, 8);
        if (rc)
            return rc;
    }
    if ((m->count + 1) * 2 > m->cap && rehash(m, pa, m->cap * 2))
        return PARINDEX_ENOMEM;
    put_raw(m->keys, m->vals, m->cap, key, val);
    m->count++;
    return PARINDEX_OK;
}
