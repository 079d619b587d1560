/* Ranking units within their groups on unrounded values, with tie
 * policies and a deterministic output order; natural order of codes. */
#include <stdlib.h>
#include <string.h>

#include "out.h"

#define ONE PARINDEX_FIXED_ONE

static const char *const tie_names[] = {"competition", "dense", "modified",
                                        "ordinal", "fractional"};
#define N_TIES (sizeof tie_names / sizeof tie_names[0])

const char *parindex_ties_name(int ties)
{
    return ties >= 0 && (size_t)ties < N_TIES ? tie_names[ties] : "";
}

int parindex_ties_from_name(const char *name)
{
    for (size_t i = 0; name && i < N_TIES; i++)
        if (strcmp(name, tie_names[i]) == 0)
            return (int)i;
    return PARINDEX_EINVAL;
}

int parindex_rank_options_init(parindex_rank_options *opts, unsigned int version)
{
    pi_error_clear();
    if (!opts)
        return pi_error(PARINDEX_EMISUSE, "NULL options");
    if (version == 0 || version > PARINDEX_RANK_OPTIONS_VERSION)
        return pi_error(PARINDEX_EVERSION, "rank options version %u is not supported",
                        version);
    parindex_rank_options d = PARINDEX_RANK_OPTIONS_INIT;
    *opts = d;
    opts->version = version;
    return PARINDEX_OK;
}

/* ---- ranking one group -------------------------------------------------- */

/*
 * The output order is: highest value first, PARINDEX_FIXED_NONE last, then
 * name (byte order), then index. Units are sorted as 16-byte records of a
 * key and an index, the key being the value turned into an unsigned number
 * that grows as the value falls (NONE the largest), so that comparisons read
 * no other memory. Then each run of equal values is put in name order.
 */
typedef struct rank_rec {
    uint64_t key;
    size_t idx;
} rank_rec;

static uint64_t rank_key(parindex_fixed v)
{
    return v == PARINDEX_FIXED_NONE ? UINT64_MAX
                                    : ~((uint64_t)v ^ ((uint64_t)1 << 63));
}

static int rec_before(const rank_rec *a, const rank_rec *b)
{
    return a->key < b->key || (a->key == b->key && a->idx < b->idx);
}

/* Sort n records (n log n, no allocation: tmp holds n records). */
static void sort_recs(rank_rec *v, rank_rec *tmp, size_t n)
{
    enum { RUN = 16 };
    for (size_t lo = 0; lo < n; lo += RUN) {
        size_t hi = lo + RUN < n ? lo + RUN : n;
        for (size_t i = lo + 1; i < hi; i++) {
            rank_rec x = v[i];
            size_t j = i;
            for (; j > lo && rec_before(&x, &v[j - 1]); j--)
                v[j] = v[j - 1];
            v[j] = x;
        }
    }
    rank_rec *src = v, *dst = tmp;
    for (size_t w = RUN; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n;
            size_t hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = rec_before(&src[j], &src[i]) ? src[j++] : src[i++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        rank_rec *t = src;
        src = dst;
        dst = t;
    }
    if (src != v)
        memcpy(v, src, n * sizeof *v);
}

/* Name, then index. */
static int name_before(const char *const *names, size_t a, size_t b)
{
    int c = strcmp(names[a], names[b]);
    return c ? c < 0 : a < b;
}

/* Stable merge sort of indices by name (n log n; tmp holds n indices). */
static void sort_by_name(const char *const *names, size_t *v, size_t *tmp, size_t n)
{
    if (n < 2)
        return;
    if (n <= 8) {
        for (size_t i = 1; i < n; i++) {
            size_t x = v[i], j = i;
            for (; j > 0 && name_before(names, x, v[j - 1]); j--)
                v[j] = v[j - 1];
            v[j] = x;
        }
        return;
    }
    size_t h = n / 2;
    sort_by_name(names, v, tmp, h);
    sort_by_name(names, v + h, tmp, n - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = name_before(names, v[j], v[i]) ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

/* Put the n indices of `order` in output order. `recs` and `tmp` hold n
 * records each (scratch). */
static void sort_group(const parindex_fixed *values, const char *const *names,
                       size_t *order, size_t n, rank_rec *recs, rank_rec *tmp)
{
    for (size_t k = 0; k < n; k++) {
        recs[k].key = rank_key(values[order[k]]);
        recs[k].idx = order[k];
    }
    sort_recs(recs, tmp, n);
    for (size_t k = 0; k < n; k++)
        order[k] = recs[k].idx;
    if (!names)
        return;
    /* runs of equal values, by name (their indices already ascend) */
    size_t *scratch = (size_t *)(void *)tmp; /* n records hold n indices */
    for (size_t p = 0; p < n;) {
        size_t q = p + 1;
        while (q < n && recs[q].key == recs[p].key)
            q++;
        if (q - p > 1)
            sort_by_name(names, order + p, scratch, q - p);
        p = q;
    }
}

/* Rank the sorted indices `order` of one group; tied counts optional. */
static void assign(const parindex_fixed *values, const size_t *order, size_t n,
                   int ties, parindex_fixed *ranks, size_t *tied)
{
    size_t p = 0;
    int64_t dense = 0;
    while (p < n) {
        size_t id = order[p];
        if (values[id] == PARINDEX_FIXED_NONE) {
            for (; p < n; p++) {
                if (ranks)
                    ranks[order[p]] = PARINDEX_FIXED_NONE;
                if (tied)
                    tied[order[p]] = 0;
            }
            break;
        }
        size_t q = p + 1;
        while (q < n && values[order[q]] == values[id])
            q++;
        dense++;
        for (size_t k = p; k < q; k++) {
            parindex_fixed r = 0;
            switch (ties) {
            case PARINDEX_TIES_COMPETITION: r = (parindex_fixed)(p + 1) * ONE; break;
            case PARINDEX_TIES_DENSE: r = dense * ONE; break;
            case PARINDEX_TIES_MODIFIED: r = (parindex_fixed)q * ONE; break;
            case PARINDEX_TIES_ORDINAL: r = (parindex_fixed)(k + 1) * ONE; break;
            default: r = (parindex_fixed)(p + 1 + q) * ONE / 2; break;
            }
            if (ranks)
                ranks[order[k]] = r;
            if (tied)
                tied[order[k]] = q - p - 1;
        }
        p = q;
    }
}

int parindex_rank_values(const parindex_fixed *values, const char *const *names,
                         size_t n, int ties, size_t *order, parindex_fixed *ranks)
{
    pi_error_clear();
    if ((!values || !order) && n)
        return pi_error(PARINDEX_EMISUSE, "NULL argument to parindex_rank_values");
    if (ties < 0 || (size_t)ties >= N_TIES)
        return pi_error(PARINDEX_EINVAL, "unknown tie policy %d", ties);
    if (n == 0)
        return PARINDEX_OK;
    rank_rec *recs = n <= SIZE_MAX / 2 / sizeof *recs ? malloc(2 * n * sizeof *recs) : NULL;
    if (!recs)
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    sort_group(values, names, order, n, recs, recs + n);
    free(recs);
    assign(values, order, n, ties, ranks, NULL);
    return PARINDEX_OK;
}

/* ---- ranking results ---------------------------------------------------- */

struct parindex_ranking {
    pi_alloc pa;
    const parindex_results *res;
    size_t n;
    int ties, key;
    size_t *order;
    parindex_fixed *rank;
    size_t *group_size, *tied;
};

void parindex_ranking_free(parindex_ranking *rk)
{
    if (!rk)
        return;
    pi_alloc pa = rk->pa;
    pi_free(&pa, rk->order);
    pi_free(&pa, rk->rank);
    pi_free(&pa, rk->group_size);
    pi_free(&pa, rk->tied);
    pi_free(&pa, rk);
}

int parindex_ranking_new(parindex_ranking **out, const parindex_results *res,
                         const parindex_rank_options *opts)
{
    pi_error_clear();
    if (out)
        *out = NULL;
    if (!out || !res)
        return pi_error(PARINDEX_EMISUSE, "NULL argument to parindex_ranking_new");
    parindex_rank_options o = PARINDEX_RANK_OPTIONS_INIT;
    if (opts) {
        if (opts->version == 0 || opts->version > PARINDEX_RANK_OPTIONS_VERSION)
            return pi_error(PARINDEX_EVERSION, "rank options version %u is not supported",
                            opts->version);
        o = *opts;
    }
    if (o.ties < 0 || (size_t)o.ties >= N_TIES)
        return pi_error(PARINDEX_EINVAL, "unknown tie policy %d", o.ties);
    if (o.key != PARINDEX_RANK_TOTAL && o.key != PARINDEX_RANK_INDEX)
        return pi_error(PARINDEX_EINVAL, "unknown ranking key %d", o.key);
    const pi_alloc *pa = &parindex_results_ruleset(res)->pa;
    size_t n = parindex_results_unit_count(res), m = n ? n : 1;
    parindex_ranking *rk = pi_calloc(pa, 1, sizeof *rk);
    if (!rk)
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    rk->pa = *pa;
    rk->res = res;
    rk->n = n;
    rk->ties = o.ties;
    rk->key = o.key;
    rk->order = pi_calloc(pa, m, sizeof *rk->order);
    rk->rank = pi_calloc(pa, m, sizeof *rk->rank);
    rk->group_size = pi_calloc(pa, m, sizeof *rk->group_size);
    rk->tied = pi_calloc(pa, m, sizeof *rk->tied);
    /* scratch: every element of values, names, gid and recs is written */
    parindex_fixed *values = pi_malloc(pa, m * sizeof *values);
    const char **names = pi_malloc(pa, m * sizeof *names);
    size_t *gid = pi_malloc(pa, m * sizeof *gid);
    size_t *gcount = pi_calloc(pa, m, sizeof *gcount);
    rank_rec *recs = m <= SIZE_MAX / 2 / sizeof *recs ? pi_malloc(pa, 2 * m * sizeof *recs)
                                                      : NULL;
    pi_strmap groups = {0};
    int rc = PARINDEX_ENOMEM;
    if (!rk->order || !rk->rank || !rk->group_size || !rk->tied || !values ||
        !names || !gid || !gcount || !recs || pi_strmap_init(&groups, pa, 8))
        goto done;
    /* groups in order of first appearance; consecutive units usually share
     * one, so the map is asked only when the group changes */
    size_t ng = 0, id = 0;
    const char *prev = NULL;
    for (size_t u = 0; u < n; u++) {
        const char *g = parindex_results_group(res, u);
        if (!prev || (g != prev && strcmp(g, prev) != 0)) {
            id = pi_strmap_get(&groups, g);
            if (id == (size_t)-1) {
                id = ng++;
                if (pi_strmap_put_absent(&groups, pa, g, id))
                    goto done;
            }
            prev = g;
        }
        gid[u] = id;
        gcount[id]++;
        names[u] = parindex_results_unit(res, u);
        values[u] = o.key == PARINDEX_RANK_TOTAL ? parindex_results_total(res, u)
                                                 : parindex_results_index(res, u);
        if (o.key == PARINDEX_RANK_TOTAL && parindex_results_is_na(res, u, 0))
            values[u] = PARINDEX_FIXED_NONE;
    }
    /* the members of each group, groups one after another: the start
     * offsets live in group_size until the sizes are written */
    size_t *members = rk->order, *start = rk->group_size, off = 0;
    for (size_t g = 0; g < ng; g++) {
        start[g] = off;
        off += gcount[g];
    }
    for (size_t u = 0; u < n; u++)
        members[start[gid[u]]++] = u;
    off = 0;
    for (size_t g = 0; g < ng; g++) {
        size_t *v = members + off;
        sort_group(values, names, v, gcount[g], recs, recs + gcount[g]);
        assign(values, v, gcount[g], o.ties, rk->rank, rk->tied);
        off += gcount[g];
    }
    for (size_t u = 0; u < n; u++)
        rk->group_size[u] = gcount[gid[u]];
    rc = PARINDEX_OK;
done:
    pi_strmap_free(&groups, pa);
    pi_free(pa, values);
    pi_free(pa, (void *)names);
    pi_free(pa, gid);
    pi_free(pa, gcount);
    pi_free(pa, recs);
    if (rc) {
        parindex_ranking_free(rk);
        return pi_error(rc, "out of memory");
    }
    *out = rk;
    return PARINDEX_OK;
}

int pi_ranking_matches(const parindex_ranking *rk, const parindex_results *res)
{
    return rk && rk->res == res && rk->n == parindex_results_unit_count(res);
}

size_t parindex_ranking_count(const parindex_ranking *rk) { return rk ? rk->n : 0; }
int parindex_ranking_ties(const parindex_ranking *rk) { return rk ? rk->ties : -1; }
int parindex_ranking_key(const parindex_ranking *rk) { return rk ? rk->key : -1; }

size_t parindex_ranking_order(const parindex_ranking *rk, size_t k)
{
    return rk && k < rk->n ? rk->order[k] : (size_t)-1;
}

parindex_fixed parindex_ranking_rank(const parindex_ranking *rk, size_t u)
{
    return rk && u < rk->n ? rk->rank[u] : PARINDEX_FIXED_NONE;
}

size_t parindex_ranking_group_size(const parindex_ranking *rk, size_t u)
{
    return rk && u < rk->n ? rk->group_size[u] : 0;
}

size_t parindex_ranking_tied(const parindex_ranking *rk, size_t u)
{
    return rk && u < rk->n ? rk->tied[u] : 0;
}

/* ---- natural order of codes --------------------------------------------- */

int parindex_code_compare(const char *a, const char *b)
{
    if (!a || !b)
        return a ? 1 : b ? -1 : 0;
    for (;;) {
        size_t la = strcspn(a, "."), lb = strcspn(b, ".");
        int da = la > 0 && strspn(a, "0123456789") >= la;
        int db = lb > 0 && strspn(b, "0123456789") >= lb;
        int c = 0;
        if (da && db) {
            /* compare as numbers: skip leading zeros, then length, digits */
            const char *pa = a, *pb = b;
            size_t na = la, nb = lb;
            while (na > 1 && *pa == '0') {
                pa++;
                na--;
            }
            while (nb > 1 && *pb == '0') {
                pb++;
                nb--;
            }
            c = na != nb ? (na < nb ? -1 : 1) : memcmp(pa, pb, na);
            if (c == 0 && la != lb)
                c = la < lb ? -1 : 1;
        } else if (da != db) {
            c = da ? -1 : 1; /* numbers before words */
        } else {
            c = memcmp(a, b, la < lb ? la : lb);
            if (c == 0 && la != lb)
                c = la < lb ? -1 : 1;
        }
        if (c)
            return c < 0 ? -1 : 1;
        a += la;
        b += lb;
        if (!*a || !*b)
            return *a ? 1 : *b ? -1 : 0;
        a++; /* the dots */
        b++;
    }
}
