/* Scoring units: inputs, the bottom-up evaluation of the tree, results. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define ONE PARINDEX_FIXED_ONE
#define FLAG_NA 1u

/* ---- inputs ------------------------------------------------------------- */

struct parindex_inputs {
    pi_alloc pa;
    const parindex_ruleset *rs;
    parindex_fixed *values;
    unsigned char *states;
    unsigned char *node_na;
    int any_node_na; /* some node_na[i] was ever set since the last clear */
};

int parindex_inputs_new(parindex_inputs **out, const parindex_ruleset *rs,
                        const parindex_allocator *alloc)
{
    pi_error_clear();
    if (out)
        *out = NULL;
    if (!out || !rs)
        return pi_error(PARINDEX_EMISUSE, "NULL argument to parindex_inputs_new");
    pi_alloc pa;
    pi_alloc_init(&pa, alloc);
    parindex_inputs *in = pi_calloc(&pa, 1, sizeof *in);
    if (!in)
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    in->pa = pa;
    in->rs = rs;
    in->values = pi_calloc(&pa, rs->n_inputs, sizeof *in->values);
    in->states = pi_calloc(&pa, rs->n_inputs, 1);
    in->node_na = pi_calloc(&pa, rs->n_nodes, 1);
    if (!in->values || !in->states || !in->node_na) {
        parindex_inputs_free(in);
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    }
    *out = in;
    return PARINDEX_OK;
}

void parindex_inputs_free(parindex_inputs *in)
{
    if (!in)
        return;
    pi_alloc pa = in->pa;
    pi_free(&pa, in->values);
    pi_free(&pa, in->states);
    pi_free(&pa, in->node_na);
    pi_free(&pa, in);
}

void parindex_inputs_clear(parindex_inputs *in)
{
    if (!in)
        return;
    memset(in->states, 0, in->rs->n_inputs ? in->rs->n_inputs : 1);
    memset(in->node_na, 0, in->rs->n_nodes);
    in->any_node_na = 0;
}

static long input_index(const parindex_inputs *in, const char *name)
{
    size_t i = pi_strmap_get(&in->rs->input_names, name);
    if (i == (size_t)-1) {
        pi_error(PARINDEX_ENOTFOUND, "no input named '%s' in the rule set", name);
        return -1;
    }
    return (long)i;
}

int parindex_inputs_set_at(parindex_inputs *in, size_t input,
                           parindex_fixed value)
{
    pi_error_clear();
    if (!in)
        return pi_error(PARINDEX_EMISUSE, "NULL inputs");
    if (input >= in->rs->n_inputs)
        return pi_error(PARINDEX_ENOTFOUND, "no input number %zu", input);
    if (in->rs->inputs[input].kind != PARINDEX_INPUT_NUMBER)
        return pi_error(PARINDEX_EINVAL, "input '%s' takes an outcome name, not a number",
                        in->rs->inputs[input].name);
    if (value == PARINDEX_FIXED_NONE)
        return pi_error(PARINDEX_EINVAL, "input '%s': no value given",
                        in->rs->inputs[input].name);
    in->values[input] = value;
    in->states[input] = PI_IN_VALUE;
    return PARINDEX_OK;
}

int parindex_inputs_set_values(parindex_inputs *in, const parindex_fixed *values,
                               size_t count)
{
    pi_error_clear();
    if (!in || (!values && count))
        return pi_error(PARINDEX_EMISUSE, "NULL argument");
    if (count > in->rs->n_inputs)
        return pi_error(PARINDEX_EINVAL, "%zu values for %zu inputs", count,
                        in->rs->n_inputs);
    if (count > in->rs->numeric_prefix)
        return pi_error(PARINDEX_EINVAL, "input '%s' takes an outcome name, not a number",
                        in->rs->inputs[in->rs->numeric_prefix].name);
    for (size_t i = 0; i < count; i++)
        if (values[i] == PARINDEX_FIXED_NONE)
            return pi_error(PARINDEX_EINVAL, "input '%s': no value given",
                            in->rs->inputs[i].name);
    if (count) {
        memcpy(in->values, values, count * sizeof *values);
        memset(in->states, PI_IN_VALUE, count);
    }
    return PARINDEX_OK;
}

int parindex_inputs_set(parindex_inputs *in, const char *name,
                        parindex_fixed value)
{
    pi_error_clear();
    if (!in || !name)
        return pi_error(PARINDEX_EMISUSE, "NULL argument");
    long i = input_index(in, name);
    return i < 0 ? PARINDEX_ENOTFOUND : parindex_inputs_set_at(in, (size_t)i, value);
}

static int set_outcome_at(parindex_inputs *in, long i, const char *outcome)
{
    const pi_input *inp = &in->rs->inputs[i];
    if (inp->kind != PARINDEX_INPUT_OUTCOME)
        return pi_error(PARINDEX_EINVAL, "input '%s' takes a number, not '%s'",
                        inp->name, outcome);
    for (size_t v = 0; v < inp->n_vocab; v++)
        if (strcmp(inp->vocab[v], outcome) == 0) {
            in->values[i] = (parindex_fixed)v;
            in->states[i] = PI_IN_VALUE;
            return PARINDEX_OK;
        }
    char known[256] = "";
    for (size_t v = 0; v < inp->n_vocab; v++) {
        size_t len = strlen(known);
        snprintf(known + len, sizeof known - len, "%s%s", v ? ", " : "",
                 inp->vocab[v]);
    }
    return pi_error(PARINDEX_EINVAL, "input '%s': unknown outcome '%s' (known: %s)",
                    inp->name, outcome, known);
}

int parindex_inputs_set_outcome(parindex_inputs *in, const char *name,
                                const char *outcome)
{
    pi_error_clear();
    if (!in || !name || !outcome)
        return pi_error(PARINDEX_EMISUSE, "NULL argument");
    long i = input_index(in, name);
    return i < 0 ? PARINDEX_ENOTFOUND : set_outcome_at(in, i, outcome);
}

int pi_is_na_text(const char *t)
{
    char low[4] = {0};
    size_t n = strlen(t);
    if (n < 2 || n > 3)
        return 0;
    for (size_t k = 0; k < n; k++)
        low[k] = (char)tolower((unsigned char)t[k]);
    return strcmp(low, "n/a") == 0 || strcmp(low, "na") == 0;
}

int parindex_inputs_set_text(parindex_inputs *in, const char *name,
                             const char *text)
{
    pi_error_clear();
    if (!in || !name || !text)
        return pi_error(PARINDEX_EMISUSE, "NULL argument");
    long i = input_index(in, name);
    if (i < 0)
        return PARINDEX_ENOTFOUND;
    if (!*text)
        return pi_error(PARINDEX_EPARSE, "input '%s' is empty", name);
    if (pi_is_na_text(text)) {
        in->states[i] = PI_IN_NA;
        return PARINDEX_OK;
    }
    if (in->rs->inputs[i].kind == PARINDEX_INPUT_OUTCOME)
        return set_outcome_at(in, i, text);
    parindex_fixed v;
    int rc = parindex_fixed_parse(text, &v);
    if (rc) {
        char msg[PI_MSG_MAX];
        snprintf(msg, sizeof msg, "%s", parindex_error_message(parindex_error_last()));
        return pi_error(rc, "input '%s': %s", name, msg);
    }
    in->values[i] = v;
    in->states[i] = PI_IN_VALUE;
    return PARINDEX_OK;
}

int parindex_inputs_set_na(parindex_inputs *in, const char *name)
{
    pi_error_clear();
    if (!in || !name)
        return pi_error(PARINDEX_EMISUSE, "NULL argument");
    long i = input_index(in, name);
    if (i < 0)
        return PARINDEX_ENOTFOUND;
    in->states[i] = PI_IN_NA;
    return PARINDEX_OK;
}

int parindex_inputs_set_node_na(parindex_inputs *in, const char *code, int na)
{
    pi_error_clear();
    if (!in || !code)
        return pi_error(PARINDEX_EMISUSE, "NULL argument");
    long i = parindex_ruleset_find_node(in->rs, code);
    if (i < 0)
        return pi_error(PARINDEX_ENOTFOUND, "no node with code '%s'", code);
    in->node_na[i] = na != 0;
    if (na)
        in->any_node_na = 1;
    return PARINDEX_OK;
}

/* ---- the evaluation of one unit ----------------------------------------- */

/* Shares of weighted and mean aggregations are added up at this finer
 * scale and rounded once at the end, so that full marks give exactly the
 * maximum and equal units stay equal. */
#define SHARE_SCALE ((pi_i128)1000000000000)

/* wᵢ·eᵢ/mᵢ / W at SHARE_SCALE. Within the magnitude limits of the model
 * (points and weights up to 10^6) the products stay below 2^127. */
static pi_i128 scaled_share(parindex_fixed e, parindex_fixed m, parindex_fixed w,
                            pi_i128 W)
{
    return pi_div_round((pi_i128)w * e * SHARE_SCALE, (pi_i128)m * W,
                        PARINDEX_ROUND_HALF_UP);
}

/* Aggregate the children of inner node i into *e_out and *m_out. `flags`
 * NULL means every child applies. Returns 1 when no child applies (the
 * node is not applicable), else 0. */
static int aggregate(const parindex_ruleset *rs, size_t i,
                     const parindex_fixed *earned, const parindex_fixed *max,
                     const unsigned char *flags, parindex_fixed *e_out,
                     parindex_fixed *m_out)
{
    const pi_node *n = &rs->nodes[i];
    const size_t *kids = rs->children + rs->child_start[i];
    size_t nk = rs->child_count[i], napp = 0;
    pi_i128 e = 0, m = 0, w_all = 0, w_app = 0;
#define APPLIES(c) (!flags || !(flags[c] & FLAG_NA))
    for (size_t k = 0; k < nk; k++) {
        w_all += rs->nodes[kids[k]].weight;
        if (APPLIES(kids[k])) {
            napp++;
            w_app += rs->nodes[kids[k]].weight;
        }
    }
    if (napp == 0) {
        *e_out = *m_out = 0;
        return 1;
    }
    switch (n->aggregation) {
    case PARINDEX_AGG_SUM:
        for (size_t k = 0; k < nk; k++)
            if (APPLIES(kids[k])) {
                e += earned[kids[k]];
                m += max[kids[k]];
            }
        break;
    case PARINDEX_AGG_WEIGHTED_SUM:
    case PARINDEX_AGG_WEIGHTED_MEAN:
    case PARINDEX_AGG_MEAN: {
        int plain = n->aggregation == PARINDEX_AGG_MEAN;
        pi_i128 W = plain ? (pi_i128)napp * ONE
                          : n->aggregation == PARINDEX_AGG_WEIGHTED_SUM ? w_all : w_app;
        pi_i128 shares = 0;
        for (size_t k = 0; k < nk; k++) {
            size_t c = kids[k];
            if (!APPLIES(c))
                continue;
            shares += scaled_share(earned[c], max[c], plain ? ONE : rs->nodes[c].weight, W);
        }
        e = pi_div_round((pi_i128)n->max * shares, SHARE_SCALE, PARINDEX_ROUND_HALF_UP);
        m = n->aggregation == PARINDEX_AGG_WEIGHTED_SUM
                ? pi_div_round((pi_i128)n->max * w_app, w_all, PARINDEX_ROUND_HALF_UP)
                : n->max;
        break;
    }
    case PARINDEX_AGG_GEOMETRIC_MEAN: {
        double logsum = 0.0, wsum = (double)w_app;
        int zero = 0;
        for (size_t k = 0; k < nk; k++) {
            size_t c = kids[k];
            if (!APPLIES(c))
                continue;
            if (earned[c] <= 0) {
                zero = 1;
                break;
            }
            logsum += (double)rs->nodes[c].weight / wsum *
                      log((double)earned[c] / (double)max[c]);
        }
        e = zero ? 0 : (pi_i128)llround(exp(logsum) * (double)n->max);
        m = n->max;
        break;
    }
    }
#undef APPLIES
    *e_out = pi_saturate(e);
    *m_out = pi_saturate(m);
    return 0;
}

/* ---- the scoring plan ---------------------------------------------------- */

void pi_plan_free(parindex_ruleset *rs)
{
    pi_plan *p = &rs->plan;
    pi_free(&rs->pa, p->steps);
    pi_free(&rs->pa, p->max);
    pi_free(&rs->pa, p->max_all);
    pi_free(&rs->pa, p->leaves);
    pi_free(&rs->pa, p->inner);
    memset(p, 0, sizeof *p);
}

int pi_plan_build(parindex_ruleset *rs)
{
    pi_plan *p = &rs->plan;
    size_t n = rs->n_nodes;
    p->steps = pi_calloc(&rs->pa, n, sizeof *p->steps);
    p->max = pi_calloc(&rs->pa, n, sizeof *p->max);
    p->max_all = pi_calloc(&rs->pa, n, sizeof *p->max_all);
    p->leaves = pi_calloc(&rs->pa, n, sizeof *p->leaves);
    p->inner = pi_calloc(&rs->pa, n, sizeof *p->inner);
    if (!p->steps || !p->max || !p->max_all || !p->leaves || !p->inner) {
        pi_plan_free(rs);
        return PARINDEX_ENOMEM;
    }
    while (rs->numeric_prefix < rs->n_inputs &&
           rs->inputs[rs->numeric_prefix].kind == PARINDEX_INPUT_NUMBER)
        rs->numeric_prefix++;
    for (size_t i = 0; i < n; i++) {
        const pi_node *nd = &rs->nodes[i];
        pi_step *st = &p->steps[i];
        int leaf = nd->rule.type != PARINDEX_RULE_NONE;
        st->parent = (int32_t)nd->parent;
        st->max = p->max[i] = nd->max;
        st->floor = nd->floor;
        st->input = -1;
        if (nd->rule.type == PARINDEX_RULE_POINTS) {
            st->kind = PI_STEP_POINTS;
            st->input = (int32_t)nd->rule.input[PARINDEX_INPUT_VALUE];
        } else if (leaf) {
            st->kind = PI_STEP_LEAF;
        } else {
            st->kind = nd->aggregation == PARINDEX_AGG_SUM ? PI_STEP_SUM : PI_STEP_AGG;
        }
        int round = nd->round_here || rs->stage == PARINDEX_ROUND_AT_NODE ||
                    (leaf && rs->stage == PARINDEX_ROUND_AT_LEAF);
        st->round = (signed char)(round ? nd->decimals : -1);
        if (leaf) {
            pi_leaf_step *l = &p->leaves[p->n_leaves++];
            l->max = st->max;
            l->cap = nd->cap != PARINDEX_FIXED_NONE && nd->cap < nd->max ? nd->cap : nd->max;
            l->node = (int32_t)i;
            l->parent = st->parent;
            l->input = st->input;
            l->round = st->round;
        }
    }
    for (size_t i = n; i-- > 0;)
        if (p->steps[i].kind == PI_STEP_SUM || p->steps[i].kind == PI_STEP_AGG)
            p->inner[p->n_inner++] = (int32_t)i;
    /* one rounding for every leaf (decimals 6 round to nothing) */
    p->leaf_round = p->n_leaves ? p->leaves[0].round : -1;
    for (size_t k = 0; k < p->n_leaves; k++)
        if (p->leaves[k].round != p->leaf_round)
            p->leaf_round = -2;
    if (p->leaf_round > 5)
        p->leaf_round = -1;
    /* What the general walk computes as the applicable maximum of each node
     * when nothing is N/A: a leaf's maximum; the sum of the children's for a
     * sum; what aggregate gives with every child applying otherwise. */
    for (size_t i = n; i-- > 0;) {
        pi_step *st = &p->steps[i];
        parindex_fixed e_unused, m = st->max;
        if (st->kind == PI_STEP_SUM) {
            pi_i128 sum = 0;
            const size_t *kids = rs->children + rs->child_start[i];
            for (size_t k = 0; k < rs->child_count[i]; k++)
                sum += p->max_all[kids[k]];
            m = pi_saturate(sum);
        } else if (st->kind == PI_STEP_AGG) {
            /* the maxima only: earned values do not change m */
            aggregate(rs, i, p->max_all, p->max_all, NULL, &e_unused, &m);
        }
        p->max_all[i] = m;
        parindex_fixed cap = rs->nodes[i].cap;
        st->cap_all = cap != PARINDEX_FIXED_NONE && cap < m ? cap : m;
    }
    return PARINDEX_OK;
}

/* Whether |v| is a multiple of 10^k (k = 1..6, a constant where inlined):
 * a multiple of 2^k whose quotient, times the inverse of 5^k modulo 2^64,
 * stays within 2^64 / 5^k. One multiplication, where v % 10^k takes a
 * multiplication by the reciprocal, shifts and a multiplication back. */
static inline int multiple_of_pow10(parindex_fixed v, int k)
{
    static const uint64_t inv5[7] = {1, 0xcccccccccccccccdULL, 0x8f5c28f5c28f5c29ULL,
                                     0x1cac083126e978d5ULL, 0xd288ce703afb7e91ULL,
                                     0x5d4e8fb00bcbe61dULL, 0x790fb65668c26139ULL};
    static const uint64_t lim5[7] = {UINT64_MAX, 0x3333333333333333ULL, 0xa3d70a3d70a3d70ULL,
                                     0x20c49ba5e353f7cULL, 0x68db8bac710cb2ULL,
                                     0x14f8b588e368f0ULL, 0x431bde82d7b63ULL};
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    return (a & ((1u << k) - 1)) == 0 && (a >> k) * inv5[k] <= lim5[k];
}

/* Round to a constant unit 10^k: the divisions become multiplications. */
static inline parindex_fixed round_to(parindex_fixed v, int64_t unit, int k, int mode)
{
    if (multiple_of_pow10(v, k))
        return v; /* the usual case: no more decimals than kept */
    int64_t q = v / unit, r = v % unit;
    if (r == 0 || mode == PARINDEX_ROUND_DOWN)
        return q * unit;
    int64_t ar = r < 0 ? -r : r, sign = v < 0 ? -1 : 1;
    if (mode == PARINDEX_ROUND_HALF_EVEN ? (ar * 2 > unit || (ar * 2 == unit && q % 2 != 0))
                                         : ar * 2 >= unit)
        q += sign;
    return q * unit;
}

static inline parindex_fixed round_points(parindex_fixed v, int decimals, int mode)
{
    switch (decimals) {
    case 0: return round_to(v, 1000000, 6, mode);
    case 1: return round_to(v, 100000, 5, mode);
    case 2: return round_to(v, 10000, 4, mode);
    case 3: return round_to(v, 1000, 3, mode);
    case 4: return round_to(v, 100, 2, mode);
    case 5: return round_to(v, 10, 1, mode);
    default: return v;
    }
}

/* Scratch of one results table: per-node accumulators. They are all zero
 * between units (each node resets its own when it is read). */
typedef struct pi_scratch {
    parindex_fixed *sum_e, *sum_m, *spill;
    uint32_t *napp;
    parindex_fixed *max;  /* the unit being scored */
    unsigned char *flags;
} pi_scratch;

/* Zero the accumulators after a walk stopped half-way. */
static void scratch_reset(pi_scratch *sc, size_t nn)
{
    memset(sc->sum_e, 0, nn * sizeof *sc->sum_e);
    memset(sc->sum_m, 0, nn * sizeof *sc->sum_m);
    memset(sc->spill, 0, nn * sizeof *sc->spill);
    memset(sc->napp, 0, nn * sizeof *sc->napp);
}

/* The common case: a unit with nothing marked N/A. Every node applies
 * unless a leaf turns out N/A, so the walk needs no flags, no maxima and no
 * counts of applicable children: only the earned points go up the tree.
 * The leaves first (they read only inputs), then the inner nodes, children
 * before parents. Returns PARINDEX_OK, or 1 when the unit needs the general
 * walk (a leaf is N/A, or fails: the general walk then reports the error);
 * the accumulators are then reset. */
/* The leaves of score_unit_applicable. Inlined once per value of
 * `round` (the decimals when every leaf rounds to the same, else -2), so
 * that the usual rounding divides by a constant. Returns 0, or 1 for the
 * general walk. */
static inline __attribute__((always_inline)) int
score_leaves(const parindex_ruleset *rs, const parindex_fixed *values,
             const unsigned char *states, parindex_fixed *earned,
             parindex_fixed *acc, parindex_fixed *spill, int round)
{
    const pi_plan *p = &rs->plan;
    const int rounding = rs->rounding;
    const pi_leaf_step *leaves = p->leaves;
    for (size_t k = 0, nl = p->n_leaves; k < nl; k++) {
        const pi_leaf_step *l = &leaves[k];
        parindex_fixed e;
        if (l->input >= 0) {
            e = values[l->input];
            if (states[l->input] != PI_IN_VALUE || e < 0 || e > l->max)
                return 1;
        } else {
            pi_eval ev;
            if (pi_eval_leaf(rs, (size_t)l->node, values, states, &ev) != PARINDEX_OK ||
                ev.na)
                return 1;
            e = ev.points;
            if (ev.spill && l->parent >= 0)
                spill[l->parent] += ev.spill;
        }
        if (e > l->cap)
            e = l->cap;
        if (round == -2 ? l->round >= 0 : round >= 0)
            e = round_points(e, round == -2 ? l->round : round, rounding);
        earned[l->node] = e;
        if (l->parent >= 0)
            acc[l->parent] += e;
    }
    return 0;
}

static int score_unit_applicable(const parindex_ruleset *rs,
                                 const parindex_fixed *values,
                                 const unsigned char *states,
                                 parindex_fixed *earned, pi_scratch *sc)
{
    const pi_plan *p = &rs->plan;
    parindex_fixed *acc = sc->sum_e, *spill = sc->spill;
    const int rounding = rs->rounding;
    int rc;
    switch (p->leaf_round) {
    case -1: rc = score_leaves(rs, values, states, earned, acc, spill, -1); break;
    case 0: rc = score_leaves(rs, values, states, earned, acc, spill, 0); break;
    case 1: rc = score_leaves(rs, values, states, earned, acc, spill, 1); break;
    case 2: rc = score_leaves(rs, values, states, earned, acc, spill, 2); break;
    case 3: rc = score_leaves(rs, values, states, earned, acc, spill, 3); break;
    case 4: rc = score_leaves(rs, values, states, earned, acc, spill, 4); break;
    case 5: rc = score_leaves(rs, values, states, earned, acc, spill, 5); break;
    default: rc = score_leaves(rs, values, states, earned, acc, spill, -2); break;
    }
    if (rc)
        goto general;
    const pi_step *steps = p->steps;
    for (size_t k = 0, ni = p->n_inner; k < ni; k++) {
        size_t i = (size_t)p->inner[k];
        const pi_step *st = &steps[i];
        parindex_fixed e;
        if (st->kind == PI_STEP_SUM) {
            e = acc[i];
        } else {
            parindex_fixed m_unused;
            aggregate(rs, i, earned, p->max_all, NULL, &e, &m_unused);
        }
        acc[i] = 0;
        e -= spill[i];
        spill[i] = 0;
        if (st->floor != PARINDEX_FIXED_NONE && e < st->floor)
            e = st->floor;
        if (e > st->cap_all)
            e = st->cap_all;
        if (st->round >= 0)
            e = round_points(e, st->round, rounding);
        earned[i] = e;
        if (st->parent >= 0)
            acc[st->parent] += e;
    }
    return PARINDEX_OK;
general:
    /* a failed leaf leaves an error record: the general walk sets its own */
    pi_error_clear();
    scratch_reset(sc, rs->n_nodes);
    return 1;
}

/* Score one unit into per-node arrays. Children follow their parent in
 * pre-order, so walking backwards meets every child before its parent. */
static int score_unit(const parindex_ruleset *rs, const parindex_fixed *values,
                      const unsigned char *states, const unsigned char *node_na,
                      int any_na, parindex_fixed *earned, parindex_fixed *max,
                      unsigned char *flags, pi_scratch *sc)
{
    const pi_step *steps = rs->plan.steps;
    size_t n = rs->n_nodes;
    if (any_na) {
        for (size_t i = 0; i < n; i++)
            flags[i] = node_na[i] || (i > 0 && (flags[steps[i].parent] & FLAG_NA)) ? FLAG_NA : 0;
    } else {
        memset(flags, 0, n);
    }
    for (size_t i = n; i-- > 0;) {
        const pi_step *st = &steps[i];
        int32_t parent = st->parent;
        parindex_fixed e = 0, m = st->max;
        if (flags[i] & FLAG_NA) {
            earned[i] = max[i] = 0;
            sc->sum_e[i] = sc->sum_m[i] = sc->spill[i] = 0;
            sc->napp[i] = 0;
            continue;
        }
        switch (st->kind) {
        case PI_STEP_POINTS: {
            int32_t ix = st->input;
            e = values[ix];
            if (states[ix] == PI_IN_VALUE && e >= 0 && e <= m)
                break;
            /* unset, N/A or out of range: the general path says which */
        }
            /* fall through */
        case PI_STEP_LEAF: {
            pi_eval ev;
            int rc = pi_eval_leaf(rs, i, values, states, &ev);
            if (rc)
                return rc;
            if (ev.na) {
                flags[i] |= FLAG_NA;
                earned[i] = max[i] = 0;
                continue;
            }
            e = ev.points;
            if (ev.spill && parent >= 0)
                sc->spill[parent] += ev.spill;
            break;
        }
        default: {
            if (st->kind == PI_STEP_SUM) {
                if (sc->napp[i] == 0) {
                    flags[i] |= FLAG_NA;
                } else {
                    e = sc->sum_e[i];
                    m = sc->sum_m[i];
                }
                sc->sum_e[i] = sc->sum_m[i] = 0;
                sc->napp[i] = 0;
            } else if (aggregate(rs, i, earned, max, flags, &e, &m)) {
                flags[i] |= FLAG_NA;
            }
            parindex_fixed spill = sc->spill[i];
            sc->spill[i] = 0;
            if (flags[i] & FLAG_NA) {
                earned[i] = max[i] = 0;
                continue;
            }
            e -= spill;
            if (st->floor != PARINDEX_FIXED_NONE && e < st->floor)
                e = st->floor;
            parindex_fixed cap = rs->nodes[i].cap;
            if (cap == PARINDEX_FIXED_NONE || cap > m)
                cap = m;
            if (e > cap)
                e = cap;
        }
        }
        if (st->kind >= PI_STEP_POINTS && e > st->cap_all)
            e = st->cap_all; /* a leaf's cap */
        if (st->round >= 0)
            e = round_points(e, st->round, rs->rounding);
        earned[i] = e;
        max[i] = m;
        if (parent >= 0 && steps[parent].kind == PI_STEP_SUM) {
            sc->sum_e[parent] += e;
            sc->sum_m[parent] += m;
            sc->napp[parent]++;
        }
    }
    return PARINDEX_OK;
}

/* ---- results ------------------------------------------------------------ */

struct parindex_results {
    pi_alloc pa;
    const parindex_ruleset *rs;
    size_t n_units, cap_units;
    const char **names, **groups; /* in `strings` */
    pi_arena strings;
    parindex_fixed *earned;     /* n_units × n_nodes */
    parindex_fixed *total;      /* n_units: earned at the root, side by side
                                   for ranking */
    /* Applicable maxima and N/A flags differ from the rule set's only for
     * units with something not applicable: those units get a block here,
     * the others NULL. */
    parindex_fixed **na_max;    /* n_units; each n_nodes + flags after */
    parindex_fixed *values; /* n_units × n_inputs: kept for explanations */
    unsigned char *states;
    pi_scratch scratch;
    pi_strmap index;
};

int parindex_results_new(parindex_results **out, const parindex_ruleset *rs,
                         const parindex_allocator *alloc)
{
    pi_error_clear();
    if (out)
        *out = NULL;
    if (!out || !rs)
        return pi_error(PARINDEX_EMISUSE, "NULL argument to parindex_results_new");
    pi_alloc pa;
    pi_alloc_init(&pa, alloc);
    parindex_results *res = pi_calloc(&pa, 1, sizeof *res);
    if (!res)
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    res->pa = pa;
    res->rs = rs;
    pi_scratch *sc = &res->scratch;
    sc->sum_e = pi_calloc(&pa, rs->n_nodes, sizeof *sc->sum_e);
    sc->sum_m = pi_calloc(&pa, rs->n_nodes, sizeof *sc->sum_m);
    sc->spill = pi_calloc(&pa, rs->n_nodes, sizeof *sc->spill);
    sc->napp = pi_calloc(&pa, rs->n_nodes, sizeof *sc->napp);
    sc->max = pi_calloc(&pa, rs->n_nodes, sizeof *sc->max);
    sc->flags = pi_calloc(&pa, rs->n_nodes, 1);
    if (!sc->sum_e || !sc->sum_m || !sc->spill || !sc->napp || !sc->max || !sc->flags ||
        pi_strmap_init(&res->index, &pa, 16)) {
        parindex_results_free(res);
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    }
    *out = res;
    return PARINDEX_OK;
}

void parindex_results_free(parindex_results *res)
{
    if (!res)
        return;
    pi_alloc pa = res->pa;
    for (size_t u = 0; u < res->n_units; u++)
        pi_free(&pa, res->na_max[u]);
    pi_free(&pa, (void *)res->names);
    pi_free(&pa, (void *)res->groups);
    pi_arena_free(&res->strings, &pa);
    pi_free(&pa, res->earned);
    pi_free(&pa, res->total);
    pi_free(&pa, res->na_max);
    pi_free(&pa, res->values);
    pi_free(&pa, res->states);
    pi_free(&pa, res->scratch.sum_e);
    pi_free(&pa, res->scratch.sum_m);
    pi_free(&pa, res->scratch.spill);
    pi_free(&pa, res->scratch.napp);
    pi_free(&pa, res->scratch.max);
    pi_free(&pa, res->scratch.flags);
    pi_strmap_free(&res->index, &pa);
    pi_free(&pa, res);
}

const parindex_ruleset *parindex_results_ruleset(const parindex_results *res)
{
    return res ? res->rs : NULL;
}

/* Give every per-unit array room for `cap` units. On failure the arrays
 * already grown keep their (larger) size and the table is unchanged. */
static int resize_units(parindex_results *res, size_t cap)
{
    size_t nn = res->rs->n_nodes, ni = res->rs->n_inputs ? res->rs->n_inputs : 1;
    size_t old = res->cap_units;
    if (pi_resize(&res->pa, (void **)&res->names, old, cap, sizeof(char *)) ||
        pi_resize(&res->pa, (void **)&res->groups, old, cap, sizeof(char *)) ||
        pi_resize(&res->pa, (void **)&res->earned, old * nn, cap * nn, sizeof(parindex_fixed)) ||
        pi_resize(&res->pa, (void **)&res->total, old, cap, sizeof(parindex_fixed)) ||
        pi_resize(&res->pa, (void **)&res->na_max, old, cap, sizeof(parindex_fixed *)) ||
        pi_resize(&res->pa, (void **)&res->values, old * ni, cap * ni, sizeof(parindex_fixed)) ||
        pi_resize(&res->pa, (void **)&res->states, old * ni, cap * ni, 1))
        return PARINDEX_ENOMEM;
    res->cap_units = cap;
    return PARINDEX_OK;
}

int parindex_results_reserve(parindex_results *res, size_t units)
{
    pi_error_clear();
    if (!res)
        return pi_error(PARINDEX_EMISUSE, "NULL results");
    if (units <= res->cap_units)
        return PARINDEX_OK;
    if (resize_units(res, units) || pi_strmap_reserve(&res->index, &res->pa, units))
        return pi_error(PARINDEX_ENOMEM, "out of memory reserving %zu units", units);
    return PARINDEX_OK;
}

/* Make room for one more unit, doubling. */
static int reserve_unit(parindex_results *res)
{
    if (res->n_units < res->cap_units)
        return PARINDEX_OK;
    size_t cap = res->cap_units ? res->cap_units * 2 : 16;
    if (cap < res->cap_units)
        return PARINDEX_ENOMEM;
    return resize_units(res, cap);
}

int parindex_results_add(parindex_results *res, const char *unit,
                         const char *group, const parindex_inputs *in)
{
    pi_error_clear();
    if (!res || !unit || !in)
        return pi_error(PARINDEX_EMISUSE, "NULL argument to parindex_results_add");
    if (in->rs != res->rs)
        return pi_error(PARINDEX_EMISUSE, "the inputs belong to another rule set");
    if (!*unit)
        return pi_error(PARINDEX_EINVAL, "a unit needs a name");
    /* The duplicate check comes after the scoring, which does not depend
     * on it, so that the slot of the name is fetched into the cache while
     * the unit is scored. A duplicate still wins over a scoring error. */
    uint64_t hash = pi_strmap_hash(unit);
    pi_strmap_prefetch(&res->index, hash);
    if (reserve_unit(res))
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    const parindex_ruleset *rs = res->rs;
    size_t u = res->n_units, nn = rs->n_nodes, ni = rs->n_inputs;
    pi_scratch *sc = &res->scratch;
    parindex_fixed *earned = res->earned + u * nn;
    /* nothing marked N/A: the short walk; it hands back what it cannot do */
    int rc = 1, na = 1;
    if (!in->any_node_na && !memchr(in->states, PI_IN_NA, ni))
        na = rc = score_unit_applicable(rs, in->values, in->states, earned, sc);
    if (rc == 1)
        rc = score_unit(rs, in->values, in->states, in->node_na, in->any_node_na,
                        earned, sc->max, sc->flags, sc);
    if (pi_strmap_get_hashed(&res->index, unit, hash) != (size_t)-1) {
        if (rc)
            scratch_reset(sc, nn);
        return pi_error(PARINDEX_EEXISTS, "duplicate unit '%s'", unit);
    }
    if (rc) {
        /* the accumulators are left mid-walk: zero them for the next unit */
        scratch_reset(sc, nn);
        char msg[PI_MSG_MAX], path[PI_PATH_MAX];
        snprintf(msg, sizeof msg, "%s", parindex_error_message(parindex_error_last()));
        snprintf(path, sizeof path, "%s", parindex_error_path(parindex_error_last()));
        pi_error(rc, "unit '%s': %s", unit, msg);
        pi_error_where(NULL, 0, 0, path);
        return rc;
    }
    /* keep maxima and flags only when something was not applicable */
    parindex_fixed *na_block = NULL;
    if (na && memchr(sc->flags, FLAG_NA, nn)) {
        na_block = pi_malloc(&res->pa, nn * (sizeof *na_block + 1));
        if (!na_block)
            return pi_error(PARINDEX_ENOMEM, "out of memory");
        memcpy(na_block, sc->max, nn * sizeof *na_block);
        memcpy((unsigned char *)(na_block + nn), sc->flags, nn);
    }
    /* units without a group share one empty name */
    const char *name = pi_arena_strdup(&res->strings, &res->pa, unit);
    const char *grp = group && *group ? pi_arena_strdup(&res->strings, &res->pa, group) : "";
    if (!name || !grp ||
        pi_strmap_put_absent_hashed(&res->index, &res->pa, name, hash, u)) {
        pi_free(&res->pa, na_block);
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    }
    res->na_max[u] = na_block;
    res->total[u] = earned[0];
    if (ni) {
        memcpy(res->values + u * ni, in->values, ni * sizeof *in->values);
        memcpy(res->states + u * ni, in->states, ni);
    }
    res->names[u] = name;
    res->groups[u] = grp;
    res->n_units++;
    return PARINDEX_OK;
}

void parindex_results_clear(parindex_results *res)
{
    if (!res)
        return;
    for (size_t u = 0; u < res->n_units; u++) {
        pi_free(&res->pa, res->na_max[u]);
        res->na_max[u] = NULL;
    }
    pi_arena_reset(&res->strings);
    if (res->index.cap)
        memset(res->index.slots, 0, res->index.cap * sizeof *res->index.slots);
    res->index.count = 0;
    res->n_units = 0;
}

size_t parindex_results_unit_count(const parindex_results *res)
{
    return res ? res->n_units : 0;
}

long parindex_results_find_unit(const parindex_results *res, const char *unit)
{
    if (!res || !unit)
        return PARINDEX_ENOTFOUND;
    size_t u = pi_strmap_get(&res->index, unit);
    return u == (size_t)-1 ? PARINDEX_ENOTFOUND : (long)u;
}

#define CELL_OK(res, u, node) ((res) && (u) < (res)->n_units && (node) < (res)->rs->n_nodes)
#define CELL(res, u, node) ((u) * (res)->rs->n_nodes + (node))

static parindex_fixed unit_max(const parindex_results *res, size_t u, size_t node)
{
    const parindex_fixed *b = res->na_max[u];
    return b ? b[node] : res->rs->plan.max[node];
}

static int unit_na(const parindex_results *res, size_t u, size_t node)
{
    const parindex_fixed *b = res->na_max[u];
    return b ? (((const unsigned char *)(b + res->rs->n_nodes))[node] & FLAG_NA) != 0 : 0;
}

const char *parindex_results_unit(const parindex_results *res, size_t u)
{
    return res && u < res->n_units ? res->names[u] : "";
}

const char *parindex_results_group(const parindex_results *res, size_t u)
{
    return res && u < res->n_units ? res->groups[u] : "";
}

parindex_fixed parindex_results_earned(const parindex_results *res, size_t u,
                                       size_t node)
{
    return CELL_OK(res, u, node) ? res->earned[CELL(res, u, node)] : PARINDEX_FIXED_NONE;
}

parindex_fixed parindex_results_max(const parindex_results *res, size_t u,
                                    size_t node)
{
    return CELL_OK(res, u, node) ? unit_max(res, u, node) : PARINDEX_FIXED_NONE;
}

parindex_fixed parindex_results_lost(const parindex_results *res, size_t u,
                                     size_t node)
{
    if (!CELL_OK(res, u, node))
        return PARINDEX_FIXED_NONE;
    return unit_max(res, u, node) - res->earned[CELL(res, u, node)];
}

parindex_fixed parindex_results_percent(const parindex_results *res, size_t u,
                                        size_t node)
{
    if (!CELL_OK(res, u, node))
        return PARINDEX_FIXED_NONE;
    parindex_fixed m = unit_max(res, u, node);
    if (m <= 0)
        return PARINDEX_FIXED_NONE;
    return pi_saturate(pi_div_round((pi_i128)res->earned[CELL(res, u, node)] * 100 * ONE,
                                    m, PARINDEX_ROUND_HALF_UP));
}

int parindex_results_is_na(const parindex_results *res, size_t u, size_t node)
{
    return CELL_OK(res, u, node) ? unit_na(res, u, node) : 0;
}

/* Re-evaluate a leaf from the unit's stored inputs. */
static int eval_stored(const parindex_results *res, size_t u, size_t node,
                       pi_eval *ev)
{
    size_t ni = res->rs->n_inputs;
    return pi_eval_leaf(res->rs, node, res->values + u * ni, res->states + u * ni, ev);
}

parindex_fixed parindex_results_spill(const parindex_results *res, size_t u,
                                      size_t node)
{
    if (!CELL_OK(res, u, node))
        return PARINDEX_FIXED_NONE;
    if (res->rs->nodes[node].rule.type != PARINDEX_RULE_DEDUCTION ||
        unit_na(res, u, node))
        return 0;
    pi_eval ev;
    return eval_stored(res, u, node, &ev) == PARINDEX_OK ? ev.spill : 0;
}

parindex_fixed parindex_results_total(const parindex_results *res, size_t u)
{
    return res && u < res->n_units ? res->total[u] : PARINDEX_FIXED_NONE;
}

parindex_fixed parindex_results_index(const parindex_results *res, size_t u)
{
    if (!res || u >= res->n_units)
        return PARINDEX_FIXED_NONE;
    parindex_fixed m = unit_max(res, u, 0);
    if (m <= 0)
        return PARINDEX_FIXED_NONE;
    return pi_saturate(pi_div_round((pi_i128)res->total[u] * 100 * ONE, m,
                                    PARINDEX_ROUND_HALF_UP));
}

const char *parindex_results_band(const parindex_results *res, size_t u)
{
    const char *b = parindex_results_index(res, u) == PARINDEX_FIXED_NONE
                        ? NULL
                        : parindex_ruleset_classify(res->rs, parindex_results_index(res, u));
    return b ? b : "";
}

parindex_fixed parindex_results_part(const parindex_results *res, size_t u,
                                     int part, int want_max)
{
    if (!res || u >= res->n_units)
        return PARINDEX_FIXED_NONE;
    const parindex_ruleset *rs = res->rs;
    parindex_fixed sum = 0;
    for (size_t i = 0; i < rs->n_nodes; i++) {
        if (rs->nodes[i].rule.type == PARINDEX_RULE_NONE || rs->nodes[i].part != part)
            continue;
        if (want_max)
            sum += unit_max(res, u, i);
        else
            sum += res->earned[CELL(res, u, i)] - parindex_results_spill(res, u, i);
    }
    return sum;
}

/* ---- explanations ------------------------------------------------------- */

struct parindex_explanation {
    pi_alloc pa;
    size_t node;
    int rule, na, match;
    parindex_fixed points, max, spill, measure, occurrences;
    size_t n_inputs;
    char **names, **texts;
    parindex_fixed *values;
    char match_label[128];
    char reason[PI_MSG_MAX];
};

void parindex_explanation_free(parindex_explanation *e)
{
    if (!e)
        return;
    pi_alloc pa = e->pa;
    pi_free(&pa, e->values); /* one block: values, names, texts, strings */
    pi_free(&pa, e);
}

/* Inputs a leaf reads, in a fixed order. */
static size_t leaf_inputs(const pi_rule *r, long *out, size_t cap)
{
    size_t n = 0;
    if (r->type == PARINDEX_RULE_COUNT && r->n_cats) {
        for (size_t k = 0; k < r->n_cats && n < cap; k++)
            out[n++] = r->cats[k].input;
    } else if (r->is_ratio) {
        out[n++] = r->input[PARINDEX_INPUT_NUMERATOR];
        out[n++] = r->input[PARINDEX_INPUT_DENOMINATOR];
    } else if (r->type != PARINDEX_RULE_NONE) {
        out[n++] = r->input[PARINDEX_INPUT_VALUE];
    }
    return n;
}

/* The inputs of a leaf into e, in one allocation: the values, the arrays
 * of names and texts, then the strings. */
static int explain_inputs(parindex_explanation *e, const parindex_results *res,
                          size_t u, const pi_rule *r)
{
    const parindex_ruleset *rs = res->rs;
    size_t cap = r->n_cats > 2 ? r->n_cats : 2;
    enum { STACK = 16, NUM = 48 };
    typedef struct {
        long ix;
        const char *text; /* into num, or a string of the rule set */
        parindex_fixed value;
        char num[NUM];
    } item;
    item stack[STACK];
    item *it = cap <= STACK ? stack : pi_malloc(&e->pa, cap * sizeof *it);
    long ix_stack[STACK];
    long *ix = cap <= STACK ? ix_stack : pi_malloc(&e->pa, cap * sizeof *ix);
    int rc = PARINDEX_ENOMEM;
    if (!it || !ix)
        goto out;
    size_t n = leaf_inputs(r, ix, cap);
    size_t ni = rs->n_inputs, bytes = 0;
    for (size_t k = 0; k < n; k++) {
        const pi_input *in = &rs->inputs[ix[k]];
        unsigned char st = res->states[u * ni + (size_t)ix[k]];
        parindex_fixed v = res->values[u * ni + (size_t)ix[k]];
        it[k].ix = ix[k];
        it[k].value = PARINDEX_FIXED_NONE;
        if (st == PI_IN_NA) {
            it[k].text = "N/A";
        } else if (st != PI_IN_VALUE) {
            it[k].text = "";
        } else if (in->kind == PARINDEX_INPUT_OUTCOME) {
            it[k].text = v >= 0 && (size_t)v < in->n_vocab ? in->vocab[v] : "";
        } else {
            parindex_fixed_format_short(v, it[k].num, NUM);
            it[k].text = it[k].num;
            it[k].value = v;
        }
        bytes += strlen(in->name) + strlen(it[k].text) + 2;
    }
    size_t arrays = n * (sizeof(parindex_fixed) + 2 * sizeof(char *));
    char *block = n ? pi_malloc(&e->pa, arrays + bytes) : NULL;
    if (n && !block)
        goto out;
    if (n) {
        e->values = (parindex_fixed *)(void *)block;
        e->names = (char **)(void *)(block + n * sizeof(parindex_fixed));
        e->texts = e->names + n;
        char *str = block + arrays;
        for (size_t k = 0; k < n; k++) {
            const char *name = rs->inputs[it[k].ix].name;
            size_t ln = strlen(name) + 1, lt = strlen(it[k].text) + 1;
            e->values[k] = it[k].value;
            e->names[k] = memcpy(str, name, ln);
            e->texts[k] = memcpy(str + ln, it[k].text, lt);
            str += ln + lt;
        }
    }
    e->n_inputs = n;
    rc = PARINDEX_OK;
out:
    if (it && it != stack)
        pi_free(&e->pa, it);
    if (ix && ix != ix_stack)
        pi_free(&e->pa, ix);
    return rc;
}

int parindex_results_explain(const parindex_results *res, size_t u, size_t node,
                             parindex_explanation **out)
{
    pi_error_clear();
    if (out)
        *out = NULL;
    if (!res || !out)
        return pi_error(PARINDEX_EMISUSE, "NULL argument to parindex_results_explain");
    if (u >= res->n_units || node >= res->rs->n_nodes)
        return pi_error(PARINDEX_EINVAL, "unit %zu or node %zu out of range", u, node);
    const parindex_ruleset *rs = res->rs;
    const pi_node *nd = &rs->nodes[node];
    parindex_explanation *e = pi_calloc(&res->pa, 1, sizeof *e);
    if (!e)
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    e->pa = res->pa;
    e->node = node;
    e->rule = nd->rule.type;
    e->match = -1;
    e->na = parindex_results_is_na(res, u, node);
    e->points = parindex_results_earned(res, u, node);
    e->max = parindex_results_max(res, u, node);
    e->measure = e->occurrences = PARINDEX_FIXED_NONE;
    char p[32], m[32], l[32];
    if (nd->rule.type != PARINDEX_RULE_NONE) {
        if (explain_inputs(e, res, u, &nd->rule)) {
            parindex_explanation_free(e);
            return pi_error(PARINDEX_ENOMEM, "out of memory");
        }
        pi_eval ev;
        size_t ni = rs->n_inputs;
        /* A leaf inside a node the unit marked N/A was never evaluated and
         * may well have unset inputs: evaluating it fails or gives points. */
        int evaluated = eval_stored(res, u, node, &ev) == PARINDEX_OK;
        if (e->na && (!evaluated || !ev.na)) {
            snprintf(e->reason, sizeof e->reason, "not applicable (marked for the unit)");
        } else if (evaluated) {
            e->spill = ev.spill;
            e->measure = ev.measure;
            e->occurrences = ev.occurrences;
            e->match = ev.match;
            if (ev.match >= 0 && nd->rule.type == PARINDEX_RULE_OUTCOME)
                snprintf(e->match_label, sizeof e->match_label, "%s",
                         nd->rule.outcomes[ev.match].name);
            else if (ev.match >= 0)
                pi_tier_label(&nd->rule.tiers[ev.match], e->match_label,
                              sizeof e->match_label);
            pi_leaf_reason(rs, node, res->values + u * ni, res->states + u * ni,
                           &ev, e->points, e->max, e->reason, sizeof e->reason);
        }
        pi_error_clear();
    } else if (e->na) {
        snprintf(e->reason, sizeof e->reason, "not applicable");
    } else {
        /* "sum of 3 children: 7.5 of 10 (lost 2.5)", without printf: an
         * explanation of every node of every unit is built often */
        char count[24];
        snprintf(count, sizeof count, "%zu", rs->child_count[node]);
        const char *parts[] = {parindex_aggregation_name(nd->aggregation), " of ", count,
                               " children: ", pi_fmt(e->points, p), " of ",
                               pi_fmt(e->max, m), e->max > e->points ? " (lost " : NULL,
                               e->max > e->points ? pi_fmt(e->max - e->points, l) : NULL,
                               ")"};
        size_t len = 0;
        for (size_t k = 0; k < sizeof parts / sizeof *parts && parts[k]; k++) {
            size_t n = strlen(parts[k]);
            if (n > sizeof e->reason - 1 - len)
                n = sizeof e->reason - 1 - len;
            memcpy(e->reason + len, parts[k], n);
            len += n;
        }
        e->reason[len] = '\0';
    }
    *out = e;
    return PARINDEX_OK;
}

size_t parindex_explanation_node(const parindex_explanation *e) { return e ? e->node : 0; }
int parindex_explanation_rule(const parindex_explanation *e) { return e ? e->rule : 0; }
int parindex_explanation_is_na(const parindex_explanation *e) { return e ? e->na : 0; }
parindex_fixed parindex_explanation_points(const parindex_explanation *e)
{
    return e ? e->points : PARINDEX_FIXED_NONE;
}
parindex_fixed parindex_explanation_max(const parindex_explanation *e)
{
    return e ? e->max : PARINDEX_FIXED_NONE;
}
parindex_fixed parindex_explanation_lost(const parindex_explanation *e)
{
    return e ? e->max - e->points : PARINDEX_FIXED_NONE;
}
parindex_fixed parindex_explanation_spill(const parindex_explanation *e)
{
    return e ? e->spill : PARINDEX_FIXED_NONE;
}
parindex_fixed parindex_explanation_measure(const parindex_explanation *e)
{
    return e ? e->measure : PARINDEX_FIXED_NONE;
}
parindex_fixed parindex_explanation_occurrences(const parindex_explanation *e)
{
    return e ? e->occurrences : PARINDEX_FIXED_NONE;
}
int parindex_explanation_match(const parindex_explanation *e) { return e ? e->match : -1; }
const char *parindex_explanation_match_label(const parindex_explanation *e)
{
    return e ? e->match_label : "";
}
size_t parindex_explanation_input_count(const parindex_explanation *e)
{
    return e ? e->n_inputs : 0;
}
const char *parindex_explanation_input_name(const parindex_explanation *e, size_t i)
{
    return e && i < e->n_inputs ? e->names[i] : "";
}
const char *parindex_explanation_input_text(const parindex_explanation *e, size_t i)
{
    return e && i < e->n_inputs ? e->texts[i] : "";
}
parindex_fixed parindex_explanation_input_value(const parindex_explanation *e, size_t i)
{
    return e && i < e->n_inputs ? e->values[i] : PARINDEX_FIXED_NONE;
}
const char *parindex_explanation_reason(const parindex_explanation *e)
{
    return e ? e->reason : "";
}
