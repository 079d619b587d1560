/*
 * Static analysis of rule sets, rule descriptions, and comparison of two
 * rule sets.
 *
 * The analysis runs inside parindex_builder_freeze, on the builder, so rule
 * sets built in code get the same findings as loaded ones. Its findings are
 * warnings (the XML loader turns them into errors on request): things that
 * are allowed but almost always a mistake in the rules as written. What
 * would make scores wrong (points above a maximum, maxima or weights that do
 * not add up, overlapping tiers) is an error at freeze already.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define ONE PARINDEX_FIXED_ONE
#define NONE PARINDEX_FIXED_NONE
#define MAX_GAPS_SHOWN 3

/* ---- intervals ------------------------------------------------------------ */

/* An interval with infinite ends as values far outside parindex_fixed. */
typedef struct ivl {
    pi_i128 lo, hi;
    int lo_inc, hi_inc;
} ivl;

#define NEG_INF (-((pi_i128)1 << 100))
#define POS_INF ((pi_i128)1 << 100)

static ivl ivl_of(parindex_fixed lo, int lo_inc, parindex_fixed hi, int hi_inc)
{
    ivl v;
    v.lo = lo == NONE ? NEG_INF : lo;
    v.lo_inc = lo == NONE ? 0 : lo_inc;
    v.hi = hi == NONE ? POS_INF : hi;
    v.hi_inc = hi == NONE ? 0 : hi_inc;
    return v;
}

static int ivl_empty(const ivl *v)
{
    return v->lo > v->hi || (v->lo == v->hi && !(v->lo_inc && v->hi_inc));
}

/* Order by low end, closed before open at the same value. */
static int ivl_before(const ivl *a, const ivl *b)
{
    return a->lo < b->lo || (a->lo == b->lo && a->lo_inc && !b->lo_inc);
}

static void ivl_sort(ivl *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        ivl t = v[i];
        size_t j = i;
        while (j > 0 && ivl_before(&t, &v[j - 1])) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = t;
    }
}

static void fmt_end(pi_i128 v, char *buf)
{
    if (v <= NEG_INF)
        snprintf(buf, 32, "-inf");
    else if (v >= POS_INF)
        snprintf(buf, 32, "+inf");
    else
        pi_fmt((parindex_fixed)v, buf);
}

/* "the value 90" or "values in (89, 90)" */
static void ivl_text(const ivl *g, const char *noun, char *buf, size_t size)
{
    char a[32], b[32];
    fmt_end(g->lo, a);
    fmt_end(g->hi, b);
    if (g->lo == g->hi)
        snprintf(buf, size, "the %s %s", noun, a);
    else
        snprintf(buf, size, "%ss in %c%s, %s%c", noun, g->lo_inc ? '[' : '(',
                 a, b, g->hi_inc ? ']' : ')');
}

/*
 * The parts of `dom` that no interval of `v` (sorted) covers. Calls
 * gap(ctx, gap) for each, in order; returns how many there are.
 */
static size_t ivl_gaps(const ivl *dom, const ivl *v, size_t n,
                       void (*gap)(void *ctx, const ivl *g), void *ctx)
{
    size_t count = 0;
    /* Everything below `cur` is covered, and `cur` itself when !cur_open. */
    pi_i128 cur = dom->lo;
    int cur_open = dom->lo_inc; /* 1: cur is still uncovered */
    for (size_t k = 0; k < n && cur < POS_INF; k++) {
        const ivl *t = &v[k];
        if (ivl_empty(t))
            continue;
        if (t->hi < cur || (t->hi == cur && !(t->hi_inc && cur_open)))
            continue;
        if (t->lo > cur || (t->lo == cur && cur_open && !t->lo_inc)) {
            ivl g = {cur, t->lo, cur_open, !t->lo_inc};
            if (g.hi > dom->hi || (g.hi == dom->hi && !dom->hi_inc)) {
                g.hi = dom->hi;
                g.hi_inc = dom->hi_inc;
            }
            if (!ivl_empty(&g)) {
                if (gap)
                    gap(ctx, &g);
                count++;
            }
        }
        if (t->hi > cur || (t->hi == cur && t->hi_inc)) {
            cur = t->hi;
            cur_open = !t->hi_inc;
        }
    }
    if (cur < dom->hi || (cur == dom->hi && cur_open && dom->hi_inc)) {
        ivl g = {cur, dom->hi, cur_open, dom->hi_inc};
        if (!ivl_empty(&g)) {
            if (gap)
                gap(ctx, &g);
            count++;
        }
    }
    return count;
}

/* ---- findings ------------------------------------------------------------- */

typedef struct az {
    const parindex_builder *b;
    parindex_diag_fn diag;
    void *payload;
    size_t *first, *kids; /* children of node i: kids[first[i] .. first[i+1]) */
} az;

static const char *code_of(const az *z, size_t i)
{
    return i == 0 ? "(root)" : z->b->nodes[i].code;
}

static void warn(const az *z, size_t i, const char *fmt, ...) PI_PRINTF(3, 4);
static void warn(const az *z, size_t i, const char *fmt, ...)
{
    if (!z->diag)
        return;
    const pi_node *n = &z->b->nodes[i];
    char path[PI_PATH_MAX];
    if (n->origin)
        snprintf(path, sizeof path, "%s", n->origin);
    else
        snprintf(path, sizeof path, "node %s", code_of(z, i));
    parindex_error rec;
    va_list ap;
    va_start(ap, fmt);
    pi_record_set(&rec, PARINDEX_ERULE, PARINDEX_SEVERITY_WARNING, z->b->source,
                  n->line, 0, path, fmt, ap);
    va_end(ap);
    z->diag(&rec, z->payload);
}

static int has(const pi_rule *r, int p) { return (r->param_set >> p) & 1u; }

static parindex_fixed param(const pi_rule *r, int p, parindex_fixed def)
{
    return has(r, p) ? r->param[p] : def;
}

typedef struct gap_ctx {
    const az *z;
    size_t node;
    const char *noun;
    const char *what;
    size_t shown, total;
    char text[MAX_GAPS_SHOWN][96];
} gap_ctx;

static void collect_gap(void *ctx, const ivl *g)
{
    gap_ctx *gc = ctx;
    if (gc->shown < MAX_GAPS_SHOWN)
        ivl_text(g, gc->noun, gc->text[gc->shown++], sizeof gc->text[0]);
    gc->total++;
}

static void report_gaps(const gap_ctx *gc, const char *tail)
{
    char list[3 * 96 + 64] = "";
    size_t at = 0;
    for (size_t k = 0; k < gc->shown; k++)
        at += (size_t)snprintf(list + at, sizeof list - at, "%s%s",
                               k ? (k + 1 == gc->shown && gc->total == gc->shown
                                        ? " and " : ", ")
                                 : "",
                               gc->text[k]);
    if (gc->total > gc->shown)
        snprintf(list + at, sizeof list - at, " and %zu more",
                 gc->total - gc->shown);
    warn(gc->z, gc->node, "node %s: %s %s%s", code_of(gc->z, gc->node),
         gc->what, list, tail);
}

/* Tiers: gaps (when no match is an error), unreachable tiers. */
static void check_tiers(const az *z, size_t i)
{
    const pi_node *n = &z->b->nodes[i];
    const pi_rule *r = &n->rule;
    size_t nt = r->n_tiers;
    if (nt == 0)
        return;
    const pi_alloc *pa = &z->b->pa;
    ivl *v = pi_calloc(pa, nt, sizeof *v);
    if (!v)
        return; /* the analysis is best effort; freeze reports the OOM */
    int hit = (int)param(r, PARINDEX_PARAM_HIT_POLICY, PARINDEX_HIT_UNIQUE);
    int no_match = (int)param(r, PARINDEX_PARAM_NO_MATCH, PARINDEX_NO_MATCH_ERROR);
    char lab[64];

    if (hit == PARINDEX_HIT_FIRST) {
        for (size_t k = 1; k < nt; k++) {
            ivl dom = ivl_of(r->tiers[k].lo, r->tiers[k].lo_inc, r->tiers[k].hi,
                             r->tiers[k].hi_inc);
            if (ivl_empty(&dom))
                continue;
            for (size_t j = 0; j < k; j++)
                v[j] = ivl_of(r->tiers[j].lo, r->tiers[j].lo_inc,
                              r->tiers[j].hi, r->tiers[j].hi_inc);
            ivl_sort(v, k);
            if (ivl_gaps(&dom, v, k, NULL, NULL) == 0) {
                pi_tier_label(&r->tiers[k], lab, sizeof lab);
                warn(z, i,
                     "node %s: tier %zu %s can never match: the tiers before "
                     "it cover it (hit policy 'first')",
                     n->code, k + 1, lab);
            }
        }
    }

    if (no_match == PARINDEX_NO_MATCH_ERROR) {
        /* The values a unit may have: counts, shares and percentages are
         * never negative, so from 0 (or the lowest tier, when lower) to the
         * highest tier; a ratio also runs up to its scale (100 %). */
        for (size_t k = 0; k < nt; k++)
            v[k] = ivl_of(r->tiers[k].lo, r->tiers[k].lo_inc, r->tiers[k].hi,
                          r->tiers[k].hi_inc);
        ivl_sort(v, nt);
        ivl dom = {0, 0, 1, 1};
        pi_i128 lo = POS_INF, hi = NEG_INF;
        int lo_inc = 0, hi_inc = 0;
        for (size_t k = 0; k < nt; k++) {
            if (ivl_empty(&v[k]))
                continue;
            if (v[k].lo < lo || (v[k].lo == lo && v[k].lo_inc)) {
                lo = v[k].lo;
                lo_inc = v[k].lo_inc;
            }
            if (v[k].hi > hi || (v[k].hi == hi && v[k].hi_inc)) {
                hi = v[k].hi;
                hi_inc = v[k].hi_inc;
            }
        }
        if (lo <= hi) {
            if (lo < 0) {
                dom.lo = lo;
                dom.lo_inc = lo_inc;
            }
            dom.hi = hi;
            dom.hi_inc = hi_inc;
            if (r->is_ratio) {
                pi_i128 scale = param(r, PARINDEX_PARAM_RATIO_SCALE, ONE);
                if (scale > dom.hi || (scale == dom.hi && !dom.hi_inc)) {
                    dom.hi = scale;
                    dom.hi_inc = 1;
                }
            }
            if (dom.hi < 0) {
                dom.lo = lo;
                dom.lo_inc = lo_inc;
            }
            gap_ctx gc = {z, i, r->is_ratio ? "ratio" : "value",
                          "no tier matches", 0, 0, {{0}}};
            if (ivl_gaps(&dom, v, nt, collect_gap, &gc))
                report_gaps(&gc, ": scoring such a unit fails (no-match is "
                                 "'error')");
        }
        if (has(r, PARINDEX_PARAM_NO_MATCH_POINTS))
            warn(z, i,
                 "node %s: no-match-points is ignored because no-match is "
                 "'error'",
                 n->code);
    }
    pi_free(pa, v);
}

/* Best points a leaf can give, or NONE when unbounded or not listed. */
static parindex_fixed best_points(const pi_rule *r, parindex_fixed max,
                                  const char **what)
{
    parindex_fixed best = NONE;
    switch (r->type) {
    case PARINDEX_RULE_OUTCOME:
        *what = "no outcome gives";
        for (size_t k = 0; k < r->n_outcomes; k++)
            if (best == NONE || r->outcomes[k].points > best)
                best = r->outcomes[k].points;
        return best;
    case PARINDEX_RULE_TIERS:
        *what = "no tier gives";
        for (size_t k = 0; k < r->n_tiers; k++)
            if (best == NONE || r->tiers[k].points > best)
                best = r->tiers[k].points;
        if (param(r, PARINDEX_PARAM_NO_MATCH, 0) == PARINDEX_NO_MATCH_POINTS &&
            param(r, PARINDEX_PARAM_NO_MATCH_POINTS, 0) > best)
            best = param(r, PARINDEX_PARAM_NO_MATCH_POINTS, 0);
        return best;
    case PARINDEX_RULE_COUNT:
        if (r->n_cats == 0)
            return NONE;
        *what = "the categories add up to less than";
        best = 0;
        for (size_t k = 0; k < r->n_cats && best < max; k++)
            best += r->cats[k].points;
        return best;
    default:
        return NONE;
    }
}

/* Points a leaf gives above its cap; the maximum out of reach. */
static void check_leaf_points(const az *z, size_t i)
{
    const pi_node *n = &z->b->nodes[i];
    const pi_rule *r = &n->rule;
    char a[32], c[32], lab[64];
    if (n->cap != NONE && n->cap < n->max) {
        for (size_t k = 0; k < r->n_tiers; k++)
            if (r->tiers[k].points > n->cap) {
                pi_tier_label(&r->tiers[k], lab, sizeof lab);
                warn(z, i,
                     "node %s: tier %zu %s gives %s, above the node's cap %s "
                     "(the points are cut to the cap)",
                     n->code, k + 1, lab, pi_fmt(r->tiers[k].points, a),
                     pi_fmt(n->cap, c));
            }
        for (size_t k = 0; k < r->n_outcomes; k++)
            if (r->outcomes[k].points > n->cap)
                warn(z, i,
                     "node %s: outcome '%s' gives %s, above the node's cap "
                     "%s (the points are cut to the cap)",
                     n->code, r->outcomes[k].name,
                     pi_fmt(r->outcomes[k].points, a), pi_fmt(n->cap, c));
    }
    const char *what = "";
    parindex_fixed best = best_points(r, n->max, &what);
    if (best != NONE && best >= 0 && best < n->max) {
        if (r->type == PARINDEX_RULE_COUNT)
            warn(z, i,
                 "node %s: %s the maximum %s (all categories give %s): the "
                 "maximum cannot be reached",
                 n->code, what, pi_fmt(n->max, a), pi_fmt(best, c));
        else
            warn(z, i,
                 "node %s: %s the maximum %s (the best gives %s): the "
                 "maximum cannot be reached",
                 n->code, what, pi_fmt(n->max, a), pi_fmt(best, c));
    }
}

/* Inner nodes: weights that are ignored, caps without effect. */
static void check_inner(const az *z, size_t i)
{
    const pi_node *n = &z->b->nodes[i];
    char a[32];
    int uses_weights = n->aggregation == PARINDEX_AGG_WEIGHTED_SUM ||
                       n->aggregation == PARINDEX_AGG_WEIGHTED_MEAN ||
                       n->aggregation == PARINDEX_AGG_GEOMETRIC_MEAN;
    if (uses_weights)
        return;
    const char *agg = parindex_aggregation_name(n->aggregation);
    for (size_t k = z->first[i]; k < z->first[i + 1]; k++) {
        const pi_node *c = &z->b->nodes[z->kids[k]];
        if (c->weight != ONE) {
            warn(z, i,
                 "node %s: the weights of its children are ignored under "
                 "'%s' aggregation (node %s has weight %s)",
                 code_of(z, i), agg, c->code, pi_fmt(c->weight, a));
            break;
        }
    }
    if (n->weight_total != NONE)
        warn(z, i,
             "node %s: weights-total is declared, but '%s' aggregation "
             "ignores weights",
             code_of(z, i), agg);
}

static void check_cap(const az *z, size_t i)
{
    const pi_node *n = &z->b->nodes[i];
    char a[32], c[32];
    if (n->cap != NONE && n->max != NONE && n->cap > n->max)
        warn(z, i,
             "node %s: the cap %s is above the maximum %s and has no effect",
             code_of(z, i), pi_fmt(n->cap, a), pi_fmt(n->max, c));
}

/* Bands: values between two bands that fall in none. */
static void check_bands(const az *z)
{
    const parindex_builder *b = z->b;
    if (b->n_bands < 2)
        return;
    ivl *v = pi_calloc(&b->pa, b->n_bands, sizeof *v);
    if (!v)
        return;
    ivl dom = {POS_INF, NEG_INF, 0, 0};
    for (size_t k = 0; k < b->n_bands; k++) {
        const pi_band *bd = &b->bands[k];
        v[k] = ivl_of(bd->lo, bd->lo_inc, bd->hi, bd->hi_inc);
        if (v[k].lo < dom.lo || (v[k].lo == dom.lo && v[k].lo_inc)) {
            dom.lo = v[k].lo;
            dom.lo_inc = v[k].lo_inc;
        }
        if (v[k].hi > dom.hi || (v[k].hi == dom.hi && v[k].hi_inc)) {
            dom.hi = v[k].hi;
            dom.hi_inc = v[k].hi_inc;
        }
    }
    ivl_sort(v, b->n_bands);
    gap_ctx gc = {z, 0, "index value", "no band covers", 0, 0, {{0}}};
    if (!ivl_empty(&dom) && ivl_gaps(&dom, v, b->n_bands, collect_gap, &gc))
        report_gaps(&gc, ", which lie between bands");
    pi_free(&b->pa, v);
}

void pi_analyze(const parindex_builder *b, parindex_diag_fn diag, void *payload)
{
    if (!b || !diag)
        return;
    size_t n = b->n_nodes;
    az z = {b, diag, payload, NULL, NULL};
    z.first = pi_calloc(&b->pa, n + 1, sizeof *z.first);
    z.kids = pi_calloc(&b->pa, n, sizeof *z.kids);
    size_t *fill = pi_calloc(&b->pa, n + 1, sizeof *fill);
    if (!z.first || !z.kids || !fill)
        goto done;
    for (size_t i = 1; i < n; i++)
        if (b->nodes[i].parent >= 0)
            z.first[b->nodes[i].parent + 1]++;
    for (size_t i = 0; i < n; i++)
        z.first[i + 1] += z.first[i];
    memcpy(fill, z.first, (n + 1) * sizeof *fill);
    for (size_t i = 1; i < n; i++)
        if (b->nodes[i].parent >= 0)
            z.kids[fill[b->nodes[i].parent]++] = i;
    for (size_t i = 0; i < n; i++) {
        int inner = z.first[i + 1] > z.first[i];
        if (i > 0)
            check_cap(&z, i);
        if (inner) {
            check_inner(&z, i);
            continue;
        }
        if (b->nodes[i].rule.type == PARINDEX_RULE_TIERS)
            check_tiers(&z, i);
        if (b->nodes[i].rule.type != PARINDEX_RULE_NONE)
            check_leaf_points(&z, i);
    }
    check_bands(&z);
done:
    pi_free(&b->pa, z.first);
    pi_free(&b->pa, z.kids);
    pi_free(&b->pa, fill);
}

/* ---- rule descriptions ----------------------------------------------------- */

/* One described field of a node or rule. */
typedef struct fld {
    char name[96];
    char value[224];
} fld;

typedef struct fields {
    const pi_alloc *pa;
    fld *f;
    size_t n, cap;
    int oom;
} fields;

static void add(fields *fs, const char *name, const char *fmt, ...) PI_PRINTF(3, 4);
static void add(fields *fs, const char *name, const char *fmt, ...)
{
    if (fs->oom)
        return;
    if (pi_grow(fs->pa, (void **)&fs->f, &fs->cap, fs->n + 1, sizeof *fs->f)) {
        fs->oom = 1;
        return;
    }
    fld *f = &fs->f[fs->n++];
    snprintf(f->name, sizeof f->name, "%s", name);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->value, sizeof f->value, fmt, ap);
    va_end(ap);
}

static const char *enum_name(int param, parindex_fixed v)
{
    static const char *const zd[] = {"error", "full", "zero", "na"};
    static const char *const hit[] = {"unique", "first"};
    static const char *const nm[] = {"error", "points"};
    static const char *const mode[] = {"mean", "share"};
    static const char *const yn[] = {"false", "true"};
    int k = (int)v;
    switch (param) {
    case PARINDEX_PARAM_ZERO_DENOMINATOR: return k >= 0 && k < 4 ? zd[k] : "?";
    case PARINDEX_PARAM_HIT_POLICY: return k >= 0 && k < 2 ? hit[k] : "?";
    case PARINDEX_PARAM_NO_MATCH: return k >= 0 && k < 2 ? nm[k] : "?";
    case PARINDEX_PARAM_SURVEY_MODE: return k >= 0 && k < 2 ? mode[k] : "?";
    case PARINDEX_PARAM_SPILL: return k >= 0 && k < 2 ? yn[k] : "?";
    default: return "?";
    }
}

static void add_num(fields *fs, const char *name, parindex_fixed v)
{
    char a[32];
    add(fs, name, "%s", v == NONE ? "none" : pi_fmt(v, a));
}

/* The fields of a frozen leaf's rule, parameters at their effective values.
 * Scalar fields first, then the listed items ("tier N", "option NAME",
 * "category NAME"). */
static void rule_fields(const parindex_ruleset *rs, size_t i, fields *fs)
{
    const pi_rule *r = &rs->nodes[i].rule;
    const parindex_fixed *p = r->param;
    char a[32], lab[64];
    if (r->type == PARINDEX_RULE_SURVEY)
        add(fs, "mode", "%s", enum_name(PARINDEX_PARAM_SURVEY_MODE,
                                        p[PARINDEX_PARAM_SURVEY_MODE]));
    if (r->type == PARINDEX_RULE_COUNT && r->n_cats) {
        /* categories carry their own inputs */
    } else if (r->is_ratio) {
        add(fs, "numerator", "%s", r->input_name[PARINDEX_INPUT_NUMERATOR]
                                      ? r->input_name[PARINDEX_INPUT_NUMERATOR] : "");
        add(fs, "denominator", "%s", r->input_name[PARINDEX_INPUT_DENOMINATOR]
                                        ? r->input_name[PARINDEX_INPUT_DENOMINATOR] : "");
        add_num(fs, "scale", p[PARINDEX_PARAM_RATIO_SCALE]);
        add(fs, "zero-denominator", "%s",
            enum_name(PARINDEX_PARAM_ZERO_DENOMINATOR,
                      p[PARINDEX_PARAM_ZERO_DENOMINATOR]));
    } else {
        add(fs, "input", "%s", r->input_name[PARINDEX_INPUT_VALUE]
                                  ? r->input_name[PARINDEX_INPUT_VALUE] : "");
    }
    switch (r->type) {
    case PARINDEX_RULE_TIERS:
        add(fs, "hit", "%s", enum_name(PARINDEX_PARAM_HIT_POLICY,
                                       p[PARINDEX_PARAM_HIT_POLICY]));
        add(fs, "no-match", "%s", enum_name(PARINDEX_PARAM_NO_MATCH,
                                            p[PARINDEX_PARAM_NO_MATCH]));
        if (p[PARINDEX_PARAM_NO_MATCH] == PARINDEX_NO_MATCH_POINTS)
            add_num(fs, "no-match-points", p[PARINDEX_PARAM_NO_MATCH_POINTS]);
        for (size_t k = 0; k < r->n_tiers; k++) {
            char name[32];
            snprintf(name, sizeof name, "tier %zu", k + 1);
            pi_tier_label(&r->tiers[k], lab, sizeof lab);
            add(fs, name, "%s %s", lab, pi_fmt(r->tiers[k].points, a));
        }
        break;
    case PARINDEX_RULE_PROPORTIONAL:
    case PARINDEX_RULE_SURVEY:
        add_num(fs, "low", p[PARINDEX_PARAM_RANGE_LOW]);
        add_num(fs, "high", p[PARINDEX_PARAM_RANGE_HIGH]);
        if (r->type == PARINDEX_RULE_PROPORTIONAL) {
            if (p[PARINDEX_PARAM_ZERO_BELOW] != NONE)
                add_num(fs, "zero-below", p[PARINDEX_PARAM_ZERO_BELOW]);
            if (p[PARINDEX_PARAM_FULL_FROM] != NONE)
                add_num(fs, "full-from", p[PARINDEX_PARAM_FULL_FROM]);
        }
        break;
    case PARINDEX_RULE_DEDUCTION:
        add_num(fs, "penalty", p[PARINDEX_PARAM_PENALTY]);
        add_num(fs, "floor", p[PARINDEX_PARAM_FLOOR]);
        add(fs, "spill", "%s", enum_name(PARINDEX_PARAM_SPILL,
                                         p[PARINDEX_PARAM_SPILL]));
        break;
    case PARINDEX_RULE_COUNT:
        if (!r->n_cats)
            add_num(fs, "per", p[PARINDEX_PARAM_PER]);
        for (size_t k = 0; k < r->n_cats; k++) {
            char name[96];
            snprintf(name, sizeof name, "category %s", r->cats[k].name);
            add(fs, name, "%s (input %s)", pi_fmt(r->cats[k].points, a),
                r->cats[k].input_name);
        }
        break;
    case PARINDEX_RULE_OUTCOME:
        for (size_t k = 0; k < r->n_outcomes; k++) {
            char name[96];
            snprintf(name, sizeof name, "option %s", r->outcomes[k].name);
            add(fs, name, "%s", pi_fmt(r->outcomes[k].points, a));
        }
        break;
    default:
        break;
    }
}

static int is_item(const char *name)
{
    return !strncmp(name, "tier ", 5) || !strncmp(name, "option ", 7) ||
           !strncmp(name, "category ", 9);
}

size_t parindex_node_rule_text(const parindex_ruleset *rs, size_t node,
                               char *buf, size_t size)
{
    char local[1];
    if (!buf || size == 0) {
        buf = local;
        size = sizeof local;
    }
    buf[0] = '\0';
    if (!rs || node >= rs->n_nodes ||
        rs->nodes[node].rule.type == PARINDEX_RULE_NONE)
        return 0;
    fields fs = {&rs->pa, NULL, 0, 0, 0};
    rule_fields(rs, node, &fs);
    size_t at = 0;
    int items = 0;
#define OUT(...)                                                              \
    do {                                                                      \
        int n_ = snprintf(at < size ? buf + at : local,                       \
                          at < size ? size - at : sizeof local, __VA_ARGS__); \
        if (n_ > 0)                                                           \
            at += (size_t)n_;                                                 \
    } while (0)
    OUT("%s", parindex_rule_type_name(rs->nodes[node].rule.type));
    for (size_t k = 0; k < fs.n; k++) {
        const fld *f = &fs.f[k];
        if (!is_item(f->name)) {
            OUT(" %s=%s", f->name, f->value);
            continue;
        }
        const char *label = strchr(f->name, ' ') + 1;
        OUT("%s", items++ ? "; " : ": ");
        if (!strncmp(f->name, "tier ", 5))
            OUT("%s", f->value);
        else
            OUT("%s %s", label, f->value);
    }
#undef OUT
    if (at < size)
        buf[at] = '\0';
    else
        buf[size - 1] = '\0';
    pi_free(&rs->pa, fs.f);
    return at;
}

/* ---- comparison --------------------------------------------------------------- */

typedef struct differ {
    parindex_diff_fn fn;
    void *payload;
    long count;
} differ;

static void emit(differ *d, int kind, const char *code, const char *field,
                 const char *a, const char *b)
{
    d->count++;
    if (d->fn)
        d->fn(kind, code, field, a, b, d->payload);
}

static void node_fields(const parindex_ruleset *rs, size_t i, fields *fs)
{
    const pi_node *n = &rs->nodes[i];
    char a[32];
    if (i > 0) {
        add(fs, "name", "%s", n->name);
        add(fs, "parent", "%s", n->parent > 0 ? rs->nodes[n->parent].code : "");
    }
    add(fs, "max", "%s", pi_fmt(n->max, a));
    if (i > 0)
        add(fs, "weight", "%s", pi_fmt(n->weight, a));
    if (rs->child_count[i]) {
        add(fs, "aggregation", "%s", parindex_aggregation_name(n->aggregation));
        if (n->weight_total != NONE)
            add(fs, "weights-total", "%s", pi_fmt(n->weight_total, a));
    }
    /* a part shows where it is set, not on every node inheriting it */
    if (i > 0 && n->part > 0 && n->part < 3 &&
        (n->parent <= 0 || rs->nodes[n->parent].part != n->part)) {
        static const char *const parts[] = {"", "appraisal", "survey"};
        add(fs, "part", "%s", parts[n->part]);
    }
    add_num(fs, "floor", n->floor);
    if (n->cap != NONE)
        add(fs, "cap", "%s", pi_fmt(n->cap, a));
    if (i > 0 && n->round_here)
        add(fs, "decimals", "%d", n->decimals);
}

static const fld *find_field(const fields *fs, const char *name)
{
    for (size_t k = 0; k < fs->n; k++)
        if (!strcmp(fs->f[k].name, name))
            return &fs->f[k];
    return NULL;
}

/* Report the fields that differ, old order first, then fields only new has. */
static void diff_fields(differ *d, const char *code, const fields *a,
                        const fields *b)
{
    for (size_t k = 0; k < a->n; k++) {
        const fld *o = &a->f[k], *nw = find_field(b, o->name);
        if (!nw || strcmp(o->value, nw->value))
            emit(d, PARINDEX_DIFF_CHANGED, code, o->name, o->value,
                 nw ? nw->value : NULL);
    }
    for (size_t k = 0; k < b->n; k++)
        if (!find_field(a, b->f[k].name))
            emit(d, PARINDEX_DIFF_CHANGED, code, b->f[k].name, NULL,
                 b->f[k].value);
}

static void summary(const parindex_ruleset *rs, size_t i, char *buf, size_t size)
{
    char a[32];
    if (rs->child_count[i])
        snprintf(buf, size, "max %s, %s of %zu", pi_fmt(rs->nodes[i].max, a),
                 parindex_aggregation_name(rs->nodes[i].aggregation),
                 rs->child_count[i]);
    else
        snprintf(buf, size, "max %s, %s", pi_fmt(rs->nodes[i].max, a),
                 parindex_rule_type_name(rs->nodes[i].rule.type));
}

static void set_fields(const parindex_ruleset *rs, fields *fs)
{
    static const char *const ids[PARINDEX_ID_COUNT] = {
        "id", "title", "level", "year", "decision", "version"};
    static const char *const rnd[] = {"half_up", "half_even", "down"};
    static const char *const stg[] = {"display", "leaf", "node"};
    for (int k = 0; k < PARINDEX_ID_COUNT; k++)
        add(fs, ids[k], "%s", parindex_ruleset_identity(rs, k));
    add(fs, "precision", "decimals=%d rounding=%s stage=%s", rs->decimals,
        rs->rounding >= 0 && rs->rounding < 3 ? rnd[rs->rounding] : "?",
        rs->stage >= 0 && rs->stage < 3 ? stg[rs->stage] : "?");
    for (size_t k = 0; k < rs->n_bands; k++) {
        const pi_band *bd = &rs->bands[k];
        pi_tier t = {bd->lo, bd->hi, bd->lo_inc, bd->hi_inc, 0};
        char name[96], lab[64];
        snprintf(name, sizeof name, "band %s", bd->label);
        pi_tier_label(&t, lab, sizeof lab);
        add(fs, name, "%s", lab);
    }
}

long parindex_ruleset_diff(const parindex_ruleset *old_rs,
                           const parindex_ruleset *new_rs, parindex_diff_fn fn,
                           void *payload)
{
    pi_error_clear();
    if (!old_rs || !new_rs)
        return pi_error(PARINDEX_EMISUSE, "NULL rule set");
    differ d = {fn, payload, 0};
    const pi_alloc *pa = &old_rs->pa;
    fields a = {pa, NULL, 0, 0, 0}, b = {pa, NULL, 0, 0, 0};
    char sa[160], sb[160];
    long rc;

    set_fields(old_rs, &a);
    set_fields(new_rs, &b);
    node_fields(old_rs, 0, &a);
    node_fields(new_rs, 0, &b);
    if (a.oom || b.oom)
        goto oom;
    diff_fields(&d, "", &a, &b);
    for (size_t i = 1; i < old_rs->n_nodes; i++) {
        const char *code = old_rs->nodes[i].code;
        long j = parindex_ruleset_find_node(new_rs, code);
        if (j < 0) {
            summary(old_rs, i, sa, sizeof sa);
            emit(&d, PARINDEX_DIFF_REMOVED, code, "node", sa, NULL);
            continue;
        }
        a.n = b.n = 0;
        node_fields(old_rs, i, &a);
        node_fields(new_rs, (size_t)j, &b);
        if (a.oom || b.oom)
            goto oom;
        diff_fields(&d, code, &a, &b);
        int ta = old_rs->nodes[i].rule.type, tb = new_rs->nodes[j].rule.type;
        if (ta != tb) {
            char *ra = sa, *rb = sb;
            parindex_node_rule_text(old_rs, i, sa, sizeof sa);
            parindex_node_rule_text(new_rs, (size_t)j, sb, sizeof sb);
            emit(&d, PARINDEX_DIFF_CHANGED, code, "rule",
                 ta != PARINDEX_RULE_NONE ? ra : NULL,
                 tb != PARINDEX_RULE_NONE ? rb : NULL);
        } else if (ta != PARINDEX_RULE_NONE) {
            a.n = b.n = 0;
            rule_fields(old_rs, i, &a);
            rule_fields(new_rs, (size_t)j, &b);
            if (a.oom || b.oom)
                goto oom;
            diff_fields(&d, code, &a, &b);
        }
    }
    for (size_t j = 1; j < new_rs->n_nodes; j++) {
        const char *code = new_rs->nodes[j].code;
        if (parindex_ruleset_find_node(old_rs, code) < 0) {
            summary(new_rs, j, sb, sizeof sb);
            emit(&d, PARINDEX_DIFF_ADDED, code, "node", NULL, sb);
        }
    }
    rc = d.count;
    goto done;
oom:
    rc = pi_error(PARINDEX_ENOMEM, "out of memory comparing rule sets");
done:
    pi_free(pa, a.f);
    pi_free(pa, b.f);
    return rc;
}
