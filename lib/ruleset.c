/* Freezing a builder into an immutable rule set: checks, layout, lookups. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

void pi_node_release(const pi_alloc *pa, pi_node *n)
{
    pi_rule *r = &n->rule;
    pi_free(pa, n->code);
    pi_free(pa, n->name);
    pi_free(pa, n->origin);
    for (int k = 0; k < PI_ROLE_COUNT; k++)
        pi_free(pa, r->input_name[k]);
    for (size_t k = 0; k < r->n_outcomes; k++)
        pi_free(pa, r->outcomes[k].name);
    pi_free(pa, r->outcomes);
    pi_free(pa, r->tiers);
    for (size_t k = 0; k < r->n_cats; k++) {
        pi_free(pa, r->cats[k].name);
        pi_free(pa, r->cats[k].input_name);
    }
    pi_free(pa, r->cats);
    pi_free(pa, r->outcome_of_vocab);
    memset(n, 0, sizeof *n);
}

void parindex_ruleset_free(parindex_ruleset *rs)
{
    if (!rs)
        return;
    pi_alloc pa = rs->pa;
    for (size_t i = 0; i < rs->n_nodes; i++)
        pi_node_release(&pa, &rs->nodes[i]);
    pi_free(&pa, rs->nodes);
    pi_free(&pa, rs->child_start);
    pi_free(&pa, rs->child_count);
    pi_free(&pa, rs->children);
    pi_free(&pa, rs->depth);
    for (size_t i = 0; i < rs->n_inputs; i++) {
        pi_free(&pa, rs->inputs[i].name);
        pi_free(&pa, rs->inputs[i].vocab);
    }
    pi_free(&pa, rs->inputs);
    for (size_t i = 0; i < rs->n_bands; i++)
        pi_free(&pa, rs->bands[i].label);
    pi_free(&pa, rs->bands);
    for (int i = 0; i < PARINDEX_ID_COUNT; i++)
        pi_free(&pa, rs->identity[i]);
    pi_strmap_free(&rs->codes, &pa);
    pi_strmap_free(&rs->input_names, &pa);
    pi_plan_free(rs);
    pi_free(&pa, rs);
}

/* ---- problem reporting -------------------------------------------------- */

typedef struct reporter {
    const parindex_builder *b;
    parindex_diag_fn diag;
    void *payload;
    int errors;
    parindex_error first;
} reporter;

static void report(reporter *rp, long node, int code, int severity,
                   const char *fmt, ...) PI_PRINTF(5, 6);
static void report(reporter *rp, long node, int code, int severity,
                   const char *fmt, ...)
{
    parindex_error rec;
    char path[PI_PATH_MAX] = "";
    unsigned line = 0;
    const pi_node *n = node >= 0 ? &rp->b->nodes[node] : NULL;
    if (n) {
        if (n->origin)
            snprintf(path, sizeof path, "%s", n->origin);
        else
            snprintf(path, sizeof path, "node %s", node == 0 ? "(root)" : n->code);
        line = n->line;
    }
    va_list ap;
    va_start(ap, fmt);
    pi_record_set(&rec, code, severity, rp->b->source, line, 0, path, fmt, ap);
    va_end(ap);
    if (rp->diag)
        rp->diag(&rec, rp->payload);
    if (severity == PARINDEX_SEVERITY_ERROR && rp->errors++ == 0)
        rp->first = rec;
}

#define CODE(i) ((i) == 0 ? "(root)" : rp->b->nodes[i].code)

/* ---- interval helpers --------------------------------------------------- */

/* Does the intersection of two tiers contain any value? */
static int tiers_overlap(const pi_tier *a, const pi_tier *c)
{
    parindex_fixed lo, hi;
    int lo_inc, hi_inc;
    if (a->lo == PARINDEX_FIXED_NONE) {
        lo = c->lo;
        lo_inc = c->lo_inc;
    } else if (c->lo == PARINDEX_FIXED_NONE || a->lo > c->lo) {
        lo = a->lo;
        lo_inc = a->lo_inc;
    } else if (a->lo < c->lo) {
        lo = c->lo;
        lo_inc = c->lo_inc;
    } else {
        lo = a->lo;
        lo_inc = a->lo_inc && c->lo_inc;
    }
    if (a->hi == PARINDEX_FIXED_NONE) {
        hi = c->hi;
        hi_inc = c->hi_inc;
    } else if (c->hi == PARINDEX_FIXED_NONE || a->hi < c->hi) {
        hi = a->hi;
        hi_inc = a->hi_inc;
    } else if (a->hi > c->hi) {
        hi = c->hi;
        hi_inc = c->hi_inc;
    } else {
        hi = a->hi;
        hi_inc = a->hi_inc && c->hi_inc;
    }
    if (lo == PARINDEX_FIXED_NONE || hi == PARINDEX_FIXED_NONE)
        return 1;
    return lo < hi || (lo == hi && lo_inc && hi_inc);
}

static int tier_empty(const pi_tier *t)
{
    if (t->lo == PARINDEX_FIXED_NONE || t->hi == PARINDEX_FIXED_NONE)
        return 0;
    return t->lo > t->hi || (t->lo == t->hi && !(t->lo_inc && t->hi_inc));
}

/* ---- checks ------------------------------------------------------------- */

static int param_is_set(const pi_rule *r, int p) { return (r->param_set >> p) & 1u; }

static void check_points(reporter *rp, long i, const char *what,
                         parindex_fixed points, parindex_fixed max)
{
    char a[32], m[32];
    if (points < 0)
        report(rp, i, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
               "node %s: %s gives negative points (%s)", CODE(i), what,
               pi_fmt(points, a));
    else if (points > max)
        report(rp, i, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
               "node %s: %s gives %s points, above the maximum %s", CODE(i),
               what, pi_fmt(points, a), pi_fmt(max, m));
}

static void check_rule(reporter *rp, long i)
{
    const pi_node *n = &rp->b->nodes[i];
    const pi_rule *r = &n->rule;
    char what[160], a[32], c[32];
    switch (r->type) {
    case PARINDEX_RULE_OUTCOME:
        if (r->n_outcomes == 0)
            report(rp, i, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
                   "node %s: an outcome rule needs at least one outcome",
                   CODE(i));
        for (size_t k = 0; k < r->n_outcomes; k++) {
            snprintf(what, sizeof what, "outcome '%s'", r->outcomes[k].name);
            check_points(rp, i, what, r->outcomes[k].points, n->max);
        }
        break;
    case PARINDEX_RULE_TIERS: {
        if (r->n_tiers == 0)
            report(rp, i, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
                   "node %s: a tiers rule needs at least one tier", CODE(i));
        for (size_t k = 0; k < r->n_tiers; k++) {
            char lab[64];
            pi_tier_label(&r->tiers[k], lab, sizeof lab);
            snprintf(what, sizeof what, "tier %zu %s", k + 1, lab);
            if (tier_empty(&r->tiers[k]))
                report(rp, i, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
                       "node %s: %s contains no value", CODE(i), what);
            check_points(rp, i, what, r->tiers[k].points, n->max);
        }
        int unique = !param_is_set(r, PARINDEX_PARAM_HIT_POLICY) ||
                     r->param[PARINDEX_PARAM_HIT_POLICY] == PARINDEX_HIT_UNIQUE;
        for (size_t k = 0; unique && k < r->n_tiers; k++)
            for (size_t j = k + 1; j < r->n_tiers; j++)
                if (tiers_overlap(&r->tiers[k], &r->tiers[j])) {
                    char l1[64], l2[64];
                    pi_tier_label(&r->tiers[k], l1, sizeof l1);
                    pi_tier_label(&r->tiers[j], l2, sizeof l2);
                    report(rp, i, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
                           "node %s: tiers %zu %s and %zu %s overlap under hit "
                           "policy 'unique'",
                           CODE(i), k + 1, l1, j + 1, l2);
                }
        if (param_is_set(r, PARINDEX_PARAM_NO_MATCH_POINTS))
            check_points(rp, i, "the no-match rule",
                         r->param[PARINDEX_PARAM_NO_MATCH_POINTS], n->max);
        break;
    }
    case PARINDEX_RULE_PROPORTIONAL:
    case PARINDEX_RULE_SURVEY: {
        parindex_fixed lo = param_is_set(r, PARINDEX_PARAM_RANGE_LOW)
                                ? r->param[PARINDEX_PARAM_RANGE_LOW] : 0;
        parindex_fixed hi = param_is_set(r, PARINDEX_PARAM_RANGE_HIGH)
                                ? r->param[PARINDEX_PARAM_RANGE_HIGH]
                                : PARINDEX_FIXED_ONE;
        if (r->type == PARINDEX_RULE_SURVEY &&
            (!param_is_set(r, PARINDEX_PARAM_SURVEY_MODE) ||
             r->param[PARINDEX_PARAM_SURVEY_MODE] == PARINDEX_SURVEY_MEAN) &&
            !(param_is_set(r, PARINDEX_PARAM_RANGE_LOW) &&
              param_is_set(r, PARINDEX_PARAM_RANGE_HIGH)))
            report(rp, i, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
                   "node %s: a survey mean needs its scale (range low and "
                   "high)", CODE(i));
        if (hi <= lo)
            report(rp, i, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
                   "node %s: the range high (%s) must be above the range low "
                   "(%s)", CODE(i), pi_fmt(hi, a), pi_fmt(lo, c));
        if (param_is_set(r, PARINDEX_PARAM_ZERO_BELOW) &&
            param_is_set(r, PARINDEX_PARAM_FULL_FROM) &&
            r->param[PARINDEX_PARAM_ZERO_BELOW] > r->param[PARINDEX_PARAM_FULL_FROM])
            report(rp, i, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
                   "node %s: 'zero below' (%s) is above 'full from' (%s)",
                   CODE(i), pi_fmt(r->param[PARINDEX_PARAM_ZERO_BELOW], a),
                   pi_fmt(r->param[PARINDEX_PARAM_FULL_FROM], c));
        break;
    }
    case PARINDEX_RULE_DEDUCTION:
        if (!param_is_set(r, PARINDEX_PARAM_PENALTY) ||
            r->param[PARINDEX_PARAM_PENALTY] <= 0)
            report(rp, i, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
                   "node %s: a deduction rule needs a penalty above 0",
                   CODE(i));
        if (param_is_set(r, PARINDEX_PARAM_FLOOR) && r->param[PARINDEX_PARAM_FLOOR] < 0)
            report(rp, i, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
                   "node %s: the floor %s is below 0", CODE(i),
                   pi_fmt(r->param[PARINDEX_PARAM_FLOOR], a));
        if (param_is_set(r, PARINDEX_PARAM_FLOOR) &&
            r->param[PARINDEX_PARAM_FLOOR] > n->max)
            report(rp, i, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
                   "node %s: the floor %s is above the maximum %s", CODE(i),
                   pi_fmt(r->param[PARINDEX_PARAM_FLOOR], a), pi_fmt(n->max, c));
        break;
    case PARINDEX_RULE_COUNT:
        if (r->n_cats == 0 && (!param_is_set(r, PARINDEX_PARAM_PER) ||
                               r->param[PARINDEX_PARAM_PER] <= 0))
            report(rp, i, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
                   "node %s: a count rule needs named categories or points "
                   "per category above 0", CODE(i));
        if (r->n_cats && r->input_name[PARINDEX_INPUT_VALUE])
            report(rp, i, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
                   "node %s: a count rule with named categories reads no "
                   "count input", CODE(i));
        for (size_t k = 0; k < r->n_cats; k++) {
            snprintf(what, sizeof what, "category '%s'", r->cats[k].name);
            check_points(rp, i, what, r->cats[k].points, n->max);
        }
        break;
    default:
        break;
    }
}

/* ---- freeze ------------------------------------------------------------- */

static int copy_rule(const pi_alloc *pa, pi_rule *dst, const pi_rule *src)
{
    *dst = *src;
    memset(dst->input_name, 0, sizeof dst->input_name);
    dst->outcomes = NULL;
    dst->tiers = NULL;
    dst->cats = NULL;
    dst->outcome_of_vocab = NULL;
    dst->n_outcomes = dst->n_tiers = dst->n_cats = 0;
    for (int k = 0; k < PI_ROLE_COUNT; k++)
        if (src->input_name[k] &&
            !(dst->input_name[k] = pi_strdup(pa, src->input_name[k])))
            return PARINDEX_ENOMEM;
    if (src->n_outcomes) {
        dst->outcomes = pi_calloc(pa, src->n_outcomes, sizeof *dst->outcomes);
        if (!dst->outcomes)
            return PARINDEX_ENOMEM;
        for (size_t k = 0; k < src->n_outcomes; k++, dst->n_outcomes++) {
            dst->outcomes[k] = src->outcomes[k];
            if (!(dst->outcomes[k].name = pi_strdup(pa, src->outcomes[k].name)))
                return PARINDEX_ENOMEM;
        }
    }
    if (src->n_tiers) {
        dst->tiers = pi_calloc(pa, src->n_tiers, sizeof *dst->tiers);
        if (!dst->tiers)
            return PARINDEX_ENOMEM;
        memcpy(dst->tiers, src->tiers, src->n_tiers * sizeof *dst->tiers);
        dst->n_tiers = src->n_tiers;
    }
    if (src->n_cats) {
        dst->cats = pi_calloc(pa, src->n_cats, sizeof *dst->cats);
        if (!dst->cats)
            return PARINDEX_ENOMEM;
        for (size_t k = 0; k < src->n_cats; k++, dst->n_cats++) {
            dst->cats[k] = src->cats[k];
            dst->cats[k].name = pi_strdup(pa, src->cats[k].name);
            dst->cats[k].input_name = pi_strdup(pa, src->cats[k].input_name);
            if (!dst->cats[k].name || !dst->cats[k].input_name) {
                /* not counted yet: release frees only the first n_cats */
                pi_free(pa, dst->cats[k].name);
                pi_free(pa, dst->cats[k].input_name);
                return PARINDEX_ENOMEM;
            }
        }
    }
    dst->cap_outcomes = dst->n_outcomes;
    dst->cap_tiers = dst->n_tiers;
    dst->cap_cats = dst->n_cats;
    return PARINDEX_OK;
}

static const parindex_fixed param_default[PI_PARAM_COUNT] = {
    [PARINDEX_PARAM_RATIO_SCALE] = PARINDEX_FIXED_ONE,
    [PARINDEX_PARAM_ZERO_DENOMINATOR] = PARINDEX_ZERO_DEN_ERROR,
    [PARINDEX_PARAM_HIT_POLICY] = PARINDEX_HIT_UNIQUE,
    [PARINDEX_PARAM_NO_MATCH] = PARINDEX_NO_MATCH_ERROR,
    [PARINDEX_PARAM_NO_MATCH_POINTS] = 0,
    [PARINDEX_PARAM_RANGE_LOW] = 0,
    [PARINDEX_PARAM_RANGE_HIGH] = PARINDEX_FIXED_ONE,
    [PARINDEX_PARAM_ZERO_BELOW] = PARINDEX_FIXED_NONE,
    [PARINDEX_PARAM_FULL_FROM] = PARINDEX_FIXED_NONE,
    [PARINDEX_PARAM_PENALTY] = 0,
    [PARINDEX_PARAM_FLOOR] = 0,
    [PARINDEX_PARAM_SPILL] = 0,
    [PARINDEX_PARAM_PER] = 0,
    [PARINDEX_PARAM_SURVEY_MODE] = PARINDEX_SURVEY_MEAN,
};

/* Register (or find) an input by name; check that its kind agrees. */
static long use_input(parindex_ruleset *rs, reporter *rp, long bnode,
                      const char *name, int kind, size_t *cap)
{
    size_t k = pi_strmap_get(&rs->input_names, name);
    if (k != (size_t)-1) {
        if (rs->inputs[k].kind != kind)
            report(rp, bnode, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
                   "node %s: input '%s' is read both as a number and as an "
                   "outcome", CODE(bnode), name);
        return (long)k;
    }
    if (pi_grow(&rs->pa, (void **)&rs->inputs, cap, rs->n_inputs + 1,
                sizeof *rs->inputs))
        return PARINDEX_ENOMEM;
    pi_input *in = &rs->inputs[rs->n_inputs];
    memset(in, 0, sizeof *in);
    in->kind = kind;
    if (!(in->name = pi_strdup(&rs->pa, name)))
        return PARINDEX_ENOMEM;
    rs->n_inputs++;
    if (pi_strmap_put(&rs->input_names, &rs->pa, in->name, rs->n_inputs - 1))
        return PARINDEX_ENOMEM;
    return (long)(rs->n_inputs - 1);
}

static char *default_name(const pi_alloc *pa, const char *code,
                          const char *suffix)
{
    size_t len = strlen(code) + (suffix ? strlen(suffix) + 1 : 0) + 1;
    char *s = pi_malloc(pa, len);
    if (s) {
        if (suffix)
            snprintf(s, len, "%s.%s", code, suffix);
        else
            snprintf(s, len, "%s", code);
    }
    return s;
}

/* Resolve every rule's inputs to indices; outcome vocabularies. */
static int resolve_inputs(parindex_ruleset *rs, reporter *rp, const long *to_builder)
{
    size_t cap = 0;
    for (size_t i = 0; i < rs->n_nodes; i++) {
        pi_node *n = &rs->nodes[i];
        pi_rule *r = &n->rule;
        long bnode = to_builder[i];
        if (r->type == PARINDEX_RULE_NONE)
            continue;
        int kind = r->type == PARINDEX_RULE_OUTCOME ? PARINDEX_INPUT_OUTCOME
                                                    : PARINDEX_INPUT_NUMBER;
        if (r->type == PARINDEX_RULE_COUNT && r->n_cats) {
            for (size_t k = 0; k < r->n_cats; k++) {
                long ix = use_input(rs, rp, bnode, r->cats[k].input_name,
                                    PARINDEX_INPUT_NUMBER, &cap);
                if (ix < 0)
                    return (int)ix;
                r->cats[k].input = ix;
            }
            continue;
        }
        static const char *const suffix[PI_ROLE_COUNT] = {NULL, "num", "den"};
        for (int role = 0; role < PI_ROLE_COUNT; role++) {
            int used = r->is_ratio ? role != PARINDEX_INPUT_VALUE
                                   : role == PARINDEX_INPUT_VALUE;
            if (!used)
                continue;
            if (!r->input_name[role] &&
                !(r->input_name[role] = default_name(&rs->pa, n->code, suffix[role])))
                return PARINDEX_ENOMEM;
            long ix = use_input(rs, rp, bnode, r->input_name[role], kind, &cap);
            if (ix < 0)
                return (int)ix;
            r->input[role] = ix;
        }
    }
    /* Outcome vocabularies: the union of the names of the rules reading it. */
    for (size_t i = 0; i < rs->n_nodes; i++) {
        pi_rule *r = &rs->nodes[i].rule;
        if (r->type != PARINDEX_RULE_OUTCOME)
            continue;
        pi_input *in = &rs->inputs[r->input[PARINDEX_INPUT_VALUE]];
        for (size_t k = 0; k < r->n_outcomes; k++) {
            size_t v = 0;
            while (v < in->n_vocab && strcmp(in->vocab[v], r->outcomes[k].name))
                v++;
            if (v < in->n_vocab)
                continue;
            char **nv = pi_calloc(&rs->pa, in->n_vocab + 1, sizeof *nv);
            if (!nv)
                return PARINDEX_ENOMEM;
            if (in->n_vocab)
                memcpy(nv, in->vocab, in->n_vocab * sizeof *nv);
            nv[in->n_vocab] = r->outcomes[k].name;
            pi_free(&rs->pa, in->vocab);
            in->vocab = nv;
            in->n_vocab++;
        }
    }
    for (size_t i = 0; i < rs->n_nodes; i++) {
        pi_rule *r = &rs->nodes[i].rule;
        if (r->type != PARINDEX_RULE_OUTCOME)
            continue;
        const pi_input *in = &rs->inputs[r->input[PARINDEX_INPUT_VALUE]];
        r->outcome_of_vocab = pi_calloc(&rs->pa, in->n_vocab, sizeof(long));
        if (!r->outcome_of_vocab)
            return PARINDEX_ENOMEM;
        for (size_t v = 0; v < in->n_vocab; v++) {
            r->outcome_of_vocab[v] = -1;
            for (size_t k = 0; k < r->n_outcomes; k++)
                if (strcmp(in->vocab[v], r->outcomes[k].name) == 0)
                    r->outcome_of_vocab[v] = (long)k;
        }
    }
    return PARINDEX_OK;
}

static int bands_overlap(const pi_band *a, const pi_band *c)
{
    pi_tier x = {a->lo, a->hi, a->lo_inc, a->hi_inc, 0};
    pi_tier y = {c->lo, c->hi, c->lo_inc, c->hi_inc, 0};
    return tiers_overlap(&x, &y);
}

int parindex_builder_freeze(const parindex_builder *b, parindex_ruleset **out,
                            parindex_diag_fn diag, void *payload)
{
    pi_error_clear();
    if (out)
        *out = NULL;
    if (!b || !out)
        return pi_error(PARINDEX_EMISUSE, "NULL argument to parindex_builder_freeze");
    const pi_alloc *pa = &b->pa;
    reporter rep = {b, diag, payload, 0, {0}};
    reporter *rp = &rep;
    size_t n = b->n_nodes;
    int rc = PARINDEX_ENOMEM;

    /* children lists in insertion order, and sums for the checks */
    size_t *nchild = pi_calloc(pa, n, sizeof *nchild);
    size_t *first = pi_calloc(pa, n + 1, sizeof *first);
    size_t *kids = pi_calloc(pa, n, sizeof *kids);
    size_t *stack = pi_calloc(pa, n, sizeof *stack);
    long *order = pi_calloc(pa, n, sizeof *order);  /* pre-order -> builder */
    long *where = pi_calloc(pa, n, sizeof *where);  /* builder -> pre-order */
    parindex_ruleset *rs = NULL;
    if (!nchild || !first || !kids || !stack || !order || !where)
        goto fail;
    for (size_t i = 1; i < n; i++)
        nchild[b->nodes[i].parent]++;
    for (size_t i = 0; i < n; i++)
        first[i + 1] = first[i] + nchild[i];
    {
        size_t *fill = stack; /* reuse as fill cursor */
        memcpy(fill, first, n * sizeof *fill);
        for (size_t i = 1; i < n; i++)
            kids[fill[b->nodes[i].parent]++] = i;
    }

    /* structural and rule checks */
    parindex_fixed root_max = b->nodes[0].max;
    if (n == 1)
        report(rp, 0, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
               "the rule set has no nodes");
    for (size_t i = 0; i < n; i++) {
        const pi_node *nd = &b->nodes[i];
        long li = (long)i;
        if (i > 0 && nchild[i] == 0 && nd->rule.type == PARINDEX_RULE_NONE)
            report(rp, li, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
                   "node %s is a leaf without a rule", nd->code);
        if (nchild[i] > 0 && nd->rule.type != PARINDEX_RULE_NONE)
            report(rp, li, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
                   "node %s has children and a rule", CODE(li));
        check_rule(rp, li);
        if (nchild[i] == 0)
            continue;
        parindex_fixed sum_max = 0, sum_w = 0;
        for (size_t k = first[i]; k < first[i + 1]; k++) {
            sum_max += b->nodes[kids[k]].max;
            sum_w += b->nodes[kids[k]].weight;
        }
        char a[32], c[32];
        parindex_fixed own = i == 0 ? root_max : nd->max;
        if (nd->aggregation == PARINDEX_AGG_SUM) {
            if (i == 0 && nd->max == PARINDEX_FIXED_NONE)
                root_max = sum_max;
            else if (own != sum_max)
                report(rp, li, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
                       "node %s: the children's maxima add up to %s, not to "
                       "the node's maximum %s",
                       CODE(li), pi_fmt(sum_max, a), pi_fmt(own, c));
        } else if (i == 0 && nd->max == PARINDEX_FIXED_NONE) {
            report(rp, li, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
                   "the total maximum must be declared for a %s root",
                   parindex_aggregation_name(nd->aggregation));
        }
        if (nd->weight_total != PARINDEX_FIXED_NONE && sum_w != nd->weight_total)
            report(rp, li, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
                   "node %s: the children's weights add up to %s, not to the "
                   "declared %s",
                   CODE(li), pi_fmt(sum_w, a), pi_fmt(nd->weight_total, c));
        if (nd->floor != PARINDEX_FIXED_NONE && own != PARINDEX_FIXED_NONE &&
            nd->floor > own)
            report(rp, li, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
                   "node %s: the floor %s is above the maximum %s", CODE(li),
                   pi_fmt(nd->floor, a), pi_fmt(own, c));
    }
    for (size_t k = 0; k < b->n_bands; k++)
        for (size_t j = k + 1; j < b->n_bands; j++)
            if (bands_overlap(&b->bands[k], &b->bands[j]))
                report(rp, -1, PARINDEX_ERULE, PARINDEX_SEVERITY_ERROR,
                       "bands '%s' and '%s' overlap", b->bands[k].label,
                       b->bands[j].label);
    if (!rp->errors)
        pi_analyze(b, diag, payload);

    /* pre-order */
    {
        size_t sp = 0, pos = 0;
        stack[sp++] = 0;
        while (sp) {
            size_t i = stack[--sp];
            where[i] = (long)pos;
            order[pos++] = (long)i;
            for (size_t k = first[i + 1]; k-- > first[i];)
                stack[sp++] = kids[k];
        }
    }

    rs = pi_calloc(pa, 1, sizeof *rs);
    if (!rs)
        goto fail;
    rs->pa = *pa;
    rs->decimals = b->decimals;
    rs->rounding = b->rounding;
    rs->stage = b->stage;
    for (int i = 0; i < PARINDEX_ID_COUNT; i++)
        if (b->identity[i] && !(rs->identity[i] = pi_strdup(pa, b->identity[i])))
            goto fail;
    rs->nodes = pi_calloc(pa, n, sizeof *rs->nodes);
    rs->child_start = pi_calloc(pa, n, sizeof *rs->child_start);
    rs->child_count = pi_calloc(pa, n, sizeof *rs->child_count);
    rs->children = pi_calloc(pa, n, sizeof *rs->children);
    rs->depth = pi_calloc(pa, n, sizeof *rs->depth);
    if (!rs->nodes || !rs->child_start || !rs->child_count || !rs->children ||
        !rs->depth || pi_strmap_init(&rs->codes, pa, n))
        goto fail;
    for (size_t p = 0; p < n; p++) {
        const pi_node *src = &b->nodes[order[p]];
        pi_node *dst = &rs->nodes[p];
        *dst = *src;
        dst->code = dst->name = dst->origin = NULL;
        memset(&dst->rule, 0, sizeof dst->rule);
        /* counted before its copies are made, so a failure frees them */
        rs->n_nodes = p + 1;
        dst->code = pi_strdup(pa, src->code);
        dst->name = pi_strdup(pa, src->name);
        if (!dst->code || !dst->name || copy_rule(pa, &dst->rule, &src->rule))
            goto fail;
        dst->origin = NULL;
        dst->parent = p == 0 ? -1 : where[src->parent];
        if (p == 0)
            dst->max = root_max;
        for (int k = 0; k < PI_PARAM_COUNT; k++)
            if (!param_is_set(&dst->rule, k))
                dst->rule.param[k] = param_default[k];
        if (dst->part == PARINDEX_PART_INHERIT && p > 0)
            dst->part = rs->nodes[dst->parent].part;
        dst->round_here = dst->decimals >= 0;
        if (dst->decimals < 0)
            dst->decimals = rs->decimals;
        rs->depth[p] = p == 0 ? 0 : rs->depth[dst->parent] + 1;
        if (pi_strmap_put(&rs->codes, pa, dst->code, p))
            goto fail;
    }
    /* children of each node, in order */
    {
        size_t pos = 0;
        for (size_t p = 0; p < n; p++) {
            size_t bi = (size_t)order[p];
            rs->child_start[p] = pos;
            rs->child_count[p] = nchild[bi];
            for (size_t k = first[bi]; k < first[bi + 1]; k++)
                rs->children[pos++] = (size_t)where[kids[k]];
        }
    }
    if (pi_strmap_init(&rs->input_names, pa, 16))
        goto fail;
    rc = resolve_inputs(rs, rp, order);
    if (rc)
        goto fail;
    rc = PARINDEX_ENOMEM;
    if (b->n_bands) {
        rs->bands = pi_calloc(pa, b->n_bands, sizeof *rs->bands);
        if (!rs->bands)
            goto fail;
        for (size_t k = 0; k < b->n_bands; k++, rs->n_bands++) {
            rs->bands[k] = b->bands[k];
            if (!(rs->bands[k].label = pi_strdup(pa, b->bands[k].label)))
                goto fail;
        }
    }
    if (rp->errors) {
        rc = rp->first.code;
        goto fail;
    }
    if (pi_plan_build(rs))
        goto fail;
    pi_free(pa, nchild);
    pi_free(pa, first);
    pi_free(pa, kids);
    pi_free(pa, stack);
    pi_free(pa, order);
    pi_free(pa, where);
    *out = rs;
    return PARINDEX_OK;
fail:
    pi_free(pa, nchild);
    pi_free(pa, first);
    pi_free(pa, kids);
    pi_free(pa, stack);
    pi_free(pa, order);
    pi_free(pa, where);
    parindex_ruleset_free(rs);
    if (rc == PARINDEX_ENOMEM)
        return pi_error(PARINDEX_ENOMEM, "out of memory freezing the rule set");
    *pi_error_slot() = rp->first;
    return rc;
}

/* ---- introspection ------------------------------------------------------ */

#define NODE_OK(rs, i) ((rs) && (i) < (rs)->n_nodes)

const char *parindex_ruleset_identity(const parindex_ruleset *rs, int field)
{
    if (!rs || field < 0 || field >= PARINDEX_ID_COUNT || !rs->identity[field])
        return "";
    return rs->identity[field];
}

int parindex_ruleset_decimals(const parindex_ruleset *rs) { return rs ? rs->decimals : 0; }
int parindex_ruleset_rounding(const parindex_ruleset *rs) { return rs ? rs->rounding : 0; }
int parindex_ruleset_round_stage(const parindex_ruleset *rs) { return rs ? rs->stage : 0; }
size_t parindex_ruleset_node_count(const parindex_ruleset *rs) { return rs ? rs->n_nodes : 0; }

long parindex_ruleset_find_node(const parindex_ruleset *rs, const char *code)
{
    if (!rs)
        return PARINDEX_ENOTFOUND;
    size_t i = pi_strmap_get(&rs->codes, code ? code : "");
    return i == (size_t)-1 ? PARINDEX_ENOTFOUND : (long)i;
}

const char *parindex_node_code(const parindex_ruleset *rs, size_t i)
{
    return NODE_OK(rs, i) ? rs->nodes[i].code : "";
}
const char *parindex_node_name(const parindex_ruleset *rs, size_t i)
{
    return NODE_OK(rs, i) ? rs->nodes[i].name : "";
}
parindex_fixed parindex_node_max(const parindex_ruleset *rs, size_t i)
{
    return NODE_OK(rs, i) ? rs->nodes[i].max : PARINDEX_FIXED_NONE;
}
parindex_fixed parindex_node_weight(const parindex_ruleset *rs, size_t i)
{
    return NODE_OK(rs, i) ? rs->nodes[i].weight : PARINDEX_FIXED_NONE;
}
int parindex_node_aggregation(const parindex_ruleset *rs, size_t i)
{
    return NODE_OK(rs, i) && rs->child_count[i] ? rs->nodes[i].aggregation : -1;
}
int parindex_node_part(const parindex_ruleset *rs, size_t i)
{
    return NODE_OK(rs, i) ? rs->nodes[i].part : -1;
}
long parindex_node_parent(const parindex_ruleset *rs, size_t i)
{
    return NODE_OK(rs, i) ? rs->nodes[i].parent : -1;
}
int parindex_node_depth(const parindex_ruleset *rs, size_t i)
{
    return NODE_OK(rs, i) ? rs->depth[i] : -1;
}
size_t parindex_node_child_count(const parindex_ruleset *rs, size_t i)
{
    return NODE_OK(rs, i) ? rs->child_count[i] : 0;
}
long parindex_node_child(const parindex_ruleset *rs, size_t i, size_t k)
{
    if (!NODE_OK(rs, i) || k >= rs->child_count[i])
        return -1;
    return (long)rs->children[rs->child_start[i] + k];
}
int parindex_node_rule(const parindex_ruleset *rs, size_t i)
{
    return NODE_OK(rs, i) ? rs->nodes[i].rule.type : PARINDEX_RULE_NONE;
}
int parindex_node_decimals(const parindex_ruleset *rs, size_t i)
{
    return NODE_OK(rs, i) ? rs->nodes[i].decimals : 0;
}

size_t parindex_ruleset_input_count(const parindex_ruleset *rs)
{
    return rs ? rs->n_inputs : 0;
}
const char *parindex_ruleset_input_name(const parindex_ruleset *rs, size_t i)
{
    return rs && i < rs->n_inputs ? rs->inputs[i].name : "";
}
int parindex_ruleset_input_kind(const parindex_ruleset *rs, size_t i)
{
    return rs && i < rs->n_inputs ? rs->inputs[i].kind : -1;
}
long parindex_ruleset_find_input(const parindex_ruleset *rs, const char *name)
{
    if (!rs || !name)
        return PARINDEX_ENOTFOUND;
    size_t i = pi_strmap_get(&rs->input_names, name);
    return i == (size_t)-1 ? PARINDEX_ENOTFOUND : (long)i;
}

size_t parindex_ruleset_band_count(const parindex_ruleset *rs)
{
    return rs ? rs->n_bands : 0;
}
const char *parindex_ruleset_band_label(const parindex_ruleset *rs, size_t i)
{
    return rs && i < rs->n_bands ? rs->bands[i].label : "";
}

const char *parindex_ruleset_classify(const parindex_ruleset *rs,
                                      parindex_fixed index)
{
    if (!rs || index == PARINDEX_FIXED_NONE)
        return NULL;
    for (size_t k = 0; k < rs->n_bands; k++) {
        const pi_band *bd = &rs->bands[k];
        int above = bd->lo == PARINDEX_FIXED_NONE || index > bd->lo ||
                    (index == bd->lo && bd->lo_inc);
        int below = bd->hi == PARINDEX_FIXED_NONE || index < bd->hi ||
                    (index == bd->hi && bd->hi_inc);
        if (above && below)
            return bd->label;
    }
    return NULL;
}

const char *parindex_rule_type_name(int t)
{
    static const char *const names[] = {"none",      "outcome", "tiers",
                                        "proportional", "deduction", "count",
                                        "survey",    "points"};
    return t >= 0 && t <= PARINDEX_RULE_POINTS ? names[t] : "";
}

const char *parindex_aggregation_name(int a)
{
    static const char *const names[] = {"sum", "weighted_sum", "mean",
                                        "weighted_mean", "geometric_mean"};
    return a >= 0 && a <= PARINDEX_AGG_GEOMETRIC_MEAN ? names[a] : "";
}
