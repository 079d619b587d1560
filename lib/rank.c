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

typedef struct sort_ctx {
    const parindex_fixed *values;
    const char *const *names;
} sort_ctx;

/* Highest first; NONE last; then name; then index. */
static int before(const sort_ctx *s, size_t a, size_t b)
{
    parindex_fixed va = s->values[a], vb = s->values[b];
    int na = va == PARINDEX_FIXED_NONE, nb = vb == PARINDEX_FIXED_NONE;
    if (na != nb)
        return nb;
    if (!na && va != vb)
        return va > vb;
    if (s->names) {
        int c = strcmp(s->names[a], s->names[b]);
        if (c)
            return c < 0;
    }
    return a < b;
}

/* Stable merge sort of indices (n log n, no qsort context needed). */
static void merge_sort(const sort_ctx *s, size_t *v, size_t *tmp, size_t n)
{
    if (n < 2)
        return;
    if (n <= 8) {
        for (size_t i = 1; i < n; i++) {
            size_t x = v[i], j = i;
            for (; j > 0 && before(s, x, v[j - 1]); j--)
                v[j] = v[j - 1];
            v[j] = x;
        }
        return;
    }
    size_t h = n / 2;
    merge_sort(s, v, tmp, h);
    merge_sort(s, v + h, tmp, n - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = before(s, v[j], v[i]) ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
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
    size_t *tmp = malloc(n * sizeof *tmp);
    if (!tmp)
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    sort_ctx s = {values, names};
    merge_sort(&s, order, tmp, n);
    free(tmp);
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
    if (!out || !res)
        return pi_error(PARINDEX_EMISUSE, "NULL argument to parindex_ranking_new");
    *out = NULL;
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
    parindex_fixed *values = pi_calloc(pa, m, sizeof *values);
    const char **names = pi_calloc(pa, m, sizeof *names);
    size_t *gid = pi_calloc(pa, m, sizeof *gid);
    size_t *members = pi_calloc(pa, m, sizeof *members);
    size_t *tmp = pi_calloc(pa, m, sizeof *tmp);
    size_t *gcount = pi_calloc(pa, m, sizeof *gcount);
    pi_strmap groups = {0};
    int rc = PARINDEX_ENOMEM;
    if (!rk->order || !rk->rank || !rk->group_size || !rk->tied || !values ||
        !names || !gid || !members || !tmp || !gcount ||
        pi_strmap_init(&groups, pa, n))
        goto done;
    size_t ng = 0;
    for (size_t u = 0; u < n; u++) {
        const char *g = parindex_results_group(res, u);
        size_t id = pi_strmap_get(&groups, g);
        if (id == (size_t)-1) {
            id = ng++;
            if (pi_strmap_put(&groups, pa, g, id))
                goto done;
        }
        gid[u] = id;
        gcount[id]++;
        names[u] = parindex_results_unit(res, u);
        values[u] = o.key == PARINDEX_RANK_TOTAL ? parindex_results_total(res, u)
                                                 : parindex_results_index(res, u);
        if (o.key == PARINDEX_RANK_TOTAL && parindex_results_is_na(res, u, 0))
            values[u] = PARINDEX_FIXED_NONE;
    }
    /* members of each group in first-appearance order of groups */
    size_t *start = tmp; /* reuse: start offset of each group */
    size_t off = 0;
    for (size_t g = 0; g < ng; g++) {
        start[g] = off;
        off += gcount[g];
    }
    for (size_t u = 0; u < n; u++)
        members[start[gid[u]]++] = u;
    sort_ctx s = {values, names};
    off = 0;
    for (size_t g = 0; g < ng; g++) {
        size_t *v = members + off;
        merge_sort(&s, v, tmp, gcount[g]);
        assign(values, v, gcount[g], o.ties, rk->rank, rk->tied);
        for (size_t k = 0; k < gcount[g]; k++)
            rk->group_size[v[k]] = gcount[g];
        off += gcount[g];
    }
    memcpy(rk->order, members, n * sizeof *members);
    rc = PARINDEX_OK;
done:
    pi_strmap_free(&groups, pa);
    pi_free(pa, values);
    pi_free(pa, (void *)names);
    pi_free(pa, gid);
    pi_free(pa, members);
    pi_free(pa, tmp);
    pi_free(pa, gcount);
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
