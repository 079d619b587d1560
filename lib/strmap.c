/* A small open-addressing hash map from borrowed strings to indices. */
#include <string.h>

#include "internal.h"

/* FNV-1a over 8-byte words, then a 64-bit finaliser: one multiply per 8
 * bytes instead of one per byte, and well mixed low bits for the mask. */
uint64_t pi_strmap_hash(const char *key)
{
    size_t n = strlen(key);
    const unsigned char *s = (const unsigned char *)key;
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)n;
    for (; n >= 8; n -= 8, s += 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 1099511628211ULL;
        h ^= h >> 29;
    }
    uint64_t w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 1099511628211ULL;
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ULL;
    h ^= h >> 32;
    return h;
}

int pi_strmap_init(pi_strmap *m, const pi_alloc *pa, size_t expected)
{
    size_t cap = 16;
    while (cap < expected * 2 + 1) {
        if (cap > SIZE_MAX / 4 / sizeof *m->slots)
            return PARINDEX_ENOMEM;
        cap *= 2;
    }
    m->slots = pi_calloc(pa, cap, sizeof *m->slots);
    if (!m->slots) {
        m->cap = m->count = 0;
        return PARINDEX_ENOMEM;
    }
    m->cap = cap;
    m->count = 0;
    return PARINDEX_OK;
}

void pi_strmap_free(pi_strmap *m, const pi_alloc *pa)
{
    pi_free(pa, m->slots);
    m->slots = NULL;
    m->cap = m->count = 0;
}

size_t pi_strmap_get_hashed(const pi_strmap *m, const char *key, uint64_t hash)
{
    if (!m->cap)
        return (size_t)-1;
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        const pi_strmap_slot *s = &m->slots[i];
        if (!s->key)
            return (size_t)-1;
        if (s->hash == hash && strcmp(s->key, key) == 0)
            return s->val;
    }
}

size_t pi_strmap_get(const pi_strmap *m, const char *key)
{
    return m->cap ? pi_strmap_get_hashed(m, key, pi_strmap_hash(key)) : (size_t)-1;
}

static void put_raw(pi_strmap_slot *slots, size_t cap, const char *key,
                    uint64_t hash, size_t val)
{
    size_t mask = cap - 1;
    size_t i = (size_t)hash & mask;
    while (slots[i].key)
        i = (i + 1) & mask;
    slots[i].key = key;
    slots[i].hash = hash;
    slots[i].val = val;
}

/* Rehash into a table of `ncap` slots (a power of two). */
static int rehash(pi_strmap *m, const pi_alloc *pa, size_t ncap)
{
    if (ncap > SIZE_MAX / sizeof *m->slots)
        return PARINDEX_ENOMEM;
    pi_strmap_slot *ns = pi_calloc(pa, ncap, sizeof *ns);
    if (!ns)
        return PARINDEX_ENOMEM;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            put_raw(ns, ncap, m->slots[i].key, m->slots[i].hash, m->slots[i].val);
    pi_free(pa, m->slots);
    m->slots = ns;
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
    uint64_t h = pi_strmap_hash(key);
    if (pi_strmap_get_hashed(m, key, h) != (size_t)-1)
        return PARINDEX_EEXISTS;
    return pi_strmap_put_absent_hashed(m, pa, key, h, val);
}

int pi_strmap_put_absent(pi_strmap *m, const pi_alloc *pa, const char *key,
                         size_t val)
{
    return pi_strmap_put_absent_hashed(m, pa, key, pi_strmap_hash(key), val);
}

int pi_strmap_put_absent_hashed(pi_strmap *m, const pi_alloc *pa,
                                const char *key, uint64_t hash, size_t val)
{
    if (!m->cap) {
        int rc = pi_strmap_init(m, pa, 8);
        if (rc)
            return rc;
    }
    if ((m->count + 1) * 2 > m->cap && rehash(m, pa, m->cap * 2))
        return PARINDEX_ENOMEM;
    put_raw(m->slots, m->cap, key, hash, val);
    m->count++;
    return PARINDEX_OK;
}
