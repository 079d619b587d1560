/* Evaluating one leaf's rule from a unit's raw inputs, and saying why. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define ONE PARINDEX_FIXED_ONE

static int leaf_error(const parindex_ruleset *rs, size_t node, const char *fmt,
                      ...) PI_PRINTF(3, 4);
static int leaf_error(const parindex_ruleset *rs, size_t node, const char *fmt,
                      ...)
{
    char msg[PI_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pi_error(PARINDEX_EINPUT, "node %s: %s", rs->nodes[node].code, msg);
    char path[PI_PATH_MAX];
    snprintf(path, sizeof path, "node %s", rs->nodes[node].code);
    pi_error_where(NULL, 0, 0, path);
    return PARINDEX_EINPUT;
}

/* Fetch input `ix`: 1 = value, 0 = N/A (ev->na set), <0 = error. */
static int fetch(const parindex_ruleset *rs, size_t node, long ix,
                 const parindex_fixed *values, const unsigned char *states,
                 parindex_fixed *v, pi_eval *ev)
{
    if (states[ix] == PI_IN_NA) {
        ev->na = 1;
        return 0;
    }
    if (states[ix] != PI_IN_VALUE)
        return leaf_error(rs, node, "input '%s' is not set",
                          rs->inputs[ix].name);
    *v = values[ix];
    return 1;
}

static int above_lo(const pi_eval *ev, parindex_fixed lo, int inc)
{
    if (lo == PARINDEX_FIXED_NONE)
        return 1;
    pi_i128 rhs = (pi_i128)lo * ev->m_den;
    return ev->m_num > rhs || (inc && ev->m_num == rhs);
}

static int below_hi(const pi_eval *ev, parindex_fixed hi, int inc)
{
    if (hi == PARINDEX_FIXED_NONE)
        return 1;
    pi_i128 rhs = (pi_i128)hi * ev->m_den;
    return ev->m_num < rhs || (inc && ev->m_num == rhs);
}

/* Read the rule's value or ratio into ev->m_num / ev->m_den.
 * Returns 1 with a measure, 0 when the leaf is decided already (N/A or
 * zero denominator handled), <0 on error. */
static int measure(const parindex_ruleset *rs, size_t node,
                   const parindex_fixed *values, const unsigned char *states,
                   pi_eval *ev)
{
    const pi_node *n = &rs->nodes[node];
    const pi_rule *r = &n->rule;
    if (!r->is_ratio) {
        parindex_fixed v = 0;
        int got = fetch(rs, node, r->input[PARINDEX_INPUT_VALUE], values,
                        states, &v, ev);
        if (got <= 0)
            return got;
        ev->m_num = v;
        ev->m_den = 1;
    } else {
        parindex_fixed num = 0, den = 0;
        int g1 = fetch(rs, node, r->input[PARINDEX_INPUT_NUMERATOR], values,
                       states, &num, ev);
        if (g1 < 0)
            return g1;
        int g2 = fetch(rs, node, r->input[PARINDEX_INPUT_DENOMINATOR], values,
                       states, &den, ev);
        if (g2 < 0)
            return g2;
        if (g1 == 0 || g2 == 0)
            return 0;
        char a[32];
        if (den < 0)
            return leaf_error(rs, node, "denominator '%s' is negative (%s)",
                              rs->inputs[r->input[PARINDEX_INPUT_DENOMINATOR]].name,
                              pi_fmt(den, a));
        if (den == 0) {
            ev->zero_den = 1;
            switch ((int)r->param[PARINDEX_PARAM_ZERO_DENOMINATOR]) {
            case PARINDEX_ZERO_DEN_FULL: ev->points = n->max; return 0;
            case PARINDEX_ZERO_DEN_ZERO: ev->points = 0; return 0;
            case PARINDEX_ZERO_DEN_NOT_APPLICABLE: ev->na = 1; return 0;
            default:
                return leaf_error(rs, node, "denominator '%s' is 0",
                                  rs->inputs[r->input[PARINDEX_INPUT_DENOMINATOR]].name);
            }
        }
        ev->m_num = (pi_i128)num * r->param[PARINDEX_PARAM_RATIO_SCALE];
        ev->m_den = den;
    }
    ev->has_measure = 1;
    ev->measure = pi_saturate(pi_div_round(ev->m_num, ev->m_den, PARINDEX_ROUND_HALF_UP));
    return 1;
}

/* max × (m − lo) / (hi − lo), clamped to [0, max], exact to a micro-point. */
static parindex_fixed map_linear(const pi_eval *ev, parindex_fixed max,
                                 parindex_fixed lo, parindex_fixed hi)
{
    pi_i128 num = ev->m_num - (pi_i128)lo * ev->m_den;
    if (num <= 0)
        return 0;
    pi_i128 den = (pi_i128)(hi - lo) * ev->m_den;
    if (num >= den)
        return max;
    /* max × num would pass 127 bits only for huge inputs: then drop low
     * bits of num and den together, which keeps more than 80 significant
     * bits of a fraction below 1, far below a micro-point of max. */
    const pi_i128 fits = ((pi_i128)1 << 125) / (max > 0 ? max : 1);
    while (num > fits) {
        num >>= 1;
        den >>= 1;
    }
    return pi_saturate(pi_div_round((pi_i128)max * num, den, PARINDEX_ROUND_HALF_UP));
}

static int is_whole(parindex_fixed v) { return v % ONE == 0; }

int pi_eval_leaf(const parindex_ruleset *rs, size_t node,
                 const parindex_fixed *values, const unsigned char *states,
                 pi_eval *ev)
{
    const pi_node *n = &rs->nodes[node];
    const pi_rule *r = &n->rule;
    memset(ev, 0, sizeof *ev);
    ev->match = -1;
    ev->measure = PARINDEX_FIXED_NONE;
    ev->occurrences = PARINDEX_FIXED_NONE;
    parindex_fixed max = n->max, v = 0;
    char a[32], c[32];
    int got;
    switch (r->type) {
    case PARINDEX_RULE_OUTCOME: {
        long ix = r->input[PARINDEX_INPUT_VALUE];
        if ((got = fetch(rs, node, ix, values, states, &v, ev)) <= 0)
            return got;
        const pi_input *in = &rs->inputs[ix];
        long k = v >= 0 && (size_t)v < in->n_vocab ? r->outcome_of_vocab[v] : -1;
        if (k < 0) {
            char known[256] = "";
            for (size_t j = 0; j < r->n_outcomes; j++) {
                size_t len = strlen(known);
                snprintf(known + len, sizeof known - len, "%s%s", j ? ", " : "",
                         r->outcomes[j].name);
            }
            return leaf_error(rs, node, "outcome '%s' is not one of: %s",
                              v >= 0 && (size_t)v < in->n_vocab ? in->vocab[v] : "?",
                              known);
        }
        ev->match = (int)k;
        ev->points = r->outcomes[k].points;
        return PARINDEX_OK;
    }
    case PARINDEX_RULE_TIERS:
        if ((got = measure(rs, node, values, states, ev)) <= 0)
            return got;
        for (size_t k = 0; k < r->n_tiers; k++) {
            const pi_tier *t = &r->tiers[k];
            if (above_lo(ev, t->lo, t->lo_inc) && below_hi(ev, t->hi, t->hi_inc)) {
                ev->match = (int)k;
                ev->points = t->points;
                return PARINDEX_OK;
            }
        }
        if (r->param[PARINDEX_PARAM_NO_MATCH] == PARINDEX_NO_MATCH_POINTS) {
            ev->points = r->param[PARINDEX_PARAM_NO_MATCH_POINTS];
            return PARINDEX_OK;
        }
        return leaf_error(rs, node, "%s %s matches no tier",
                          r->is_ratio ? "ratio" : "value", pi_fmt(ev->measure, a));
    case PARINDEX_RULE_PROPORTIONAL: {
        if ((got = measure(rs, node, values, states, ev)) <= 0)
            return got;
        parindex_fixed zb = r->param[PARINDEX_PARAM_ZERO_BELOW];
        parindex_fixed ff = r->param[PARINDEX_PARAM_FULL_FROM];
        if (zb != PARINDEX_FIXED_NONE && !above_lo(ev, zb, 1))
            ev->points = 0;
        else if (ff != PARINDEX_FIXED_NONE && above_lo(ev, ff, 1))
            ev->points = max;
        else
            ev->points = map_linear(ev, max, r->param[PARINDEX_PARAM_RANGE_LOW],
                                    r->param[PARINDEX_PARAM_RANGE_HIGH]);
        return PARINDEX_OK;
    }
    case PARINDEX_RULE_SURVEY: {
        if ((got = measure(rs, node, values, states, ev)) <= 0)
            return got;
        parindex_fixed lo = r->param[PARINDEX_PARAM_RANGE_LOW];
        parindex_fixed hi = r->param[PARINDEX_PARAM_RANGE_HIGH];
        if (!above_lo(ev, lo, 1) || !below_hi(ev, hi, 1))
            return leaf_error(rs, node, "survey %s %s is outside [%s, %s]",
                              r->param[PARINDEX_PARAM_SURVEY_MODE] == PARINDEX_SURVEY_MEAN
                                  ? "mean" : "share",
                              pi_fmt(ev->measure, a), pi_fmt(lo, c),
                              pi_fmt(hi, (char[32]){0}));
        ev->points = map_linear(ev, max, lo, hi);
        return PARINDEX_OK;
    }
    case PARINDEX_RULE_DEDUCTION: {
        long ix = r->input[PARINDEX_INPUT_VALUE];
        if ((got = fetch(rs, node, ix, values, states, &v, ev)) <= 0)
            return got;
        if (v < 0)
            return leaf_error(rs, node, "occurrences '%s' are negative (%s)",
                              rs->inputs[ix].name, pi_fmt(v, a));
        ev->occurrences = v;
        pi_i128 ded = pi_div_round((pi_i128)r->param[PARINDEX_PARAM_PENALTY] * v,
                                   ONE, PARINDEX_ROUND_HALF_UP);
        pi_i128 raw = (pi_i128)max - ded;
        parindex_fixed floor = r->param[PARINDEX_PARAM_FLOOR];
        if (raw < floor) {
            ev->points = floor;
            if (r->param[PARINDEX_PARAM_SPILL]) {
                /* more than the model's largest amount cannot matter and
                 * would overflow the parent's sums */
                pi_i128 excess = (pi_i128)floor - raw;
                ev->spill = excess > PARINDEX_POINTS_LIMIT ? PARINDEX_POINTS_LIMIT
                                                           : (parindex_fixed)excess;
            }
        } else {
            ev->points = (parindex_fixed)raw;
        }
        return PARINDEX_OK;
    }
    case PARINDEX_RULE_COUNT: {
        pi_i128 pts = 0;
        if (r->n_cats) {
            parindex_fixed achieved = 0;
            for (size_t k = 0; k < r->n_cats; k++) {
                long ix = r->cats[k].input;
                got = fetch(rs, node, ix, values, states, &v, ev);
                if (got < 0)
                    return got;
                if (got == 0)
                    continue;
                if (v != 0 && v != ONE)
                    return leaf_error(rs, node,
                                      "category input '%s' must be 0 or 1, not %s",
                                      rs->inputs[ix].name, pi_fmt(v, a));
                if (v == ONE) {
                    pts += r->cats[k].points;
                    achieved += ONE;
                }
            }
            if (ev->na)
                return PARINDEX_OK;
            ev->occurrences = achieved;
        } else {
            long ix = r->input[PARINDEX_INPUT_VALUE];
            if ((got = fetch(rs, node, ix, values, states, &v, ev)) <= 0)
                return got;
            if (v < 0 || !is_whole(v))
                return leaf_error(rs, node,
                                  "count '%s' must be a whole number >= 0, not %s",
                                  rs->inputs[ix].name, pi_fmt(v, a));
            ev->occurrences = v;
            pts = (pi_i128)(v / ONE) * r->param[PARINDEX_PARAM_PER];
        }
        ev->points = pts > max ? max : (parindex_fixed)pts;
        return PARINDEX_OK;
    }
    case PARINDEX_RULE_POINTS: {
        long ix = r->input[PARINDEX_INPUT_VALUE];
        if ((got = fetch(rs, node, ix, values, states, &v, ev)) <= 0)
            return got;
        if (v < 0 || v > max)
            return leaf_error(rs, node, "given points %s are outside [0, %s]",
                              pi_fmt(v, a), pi_fmt(max, c));
        ev->points = v;
        return PARINDEX_OK;
    }
    default:
        return leaf_error(rs, node, "node has no rule");
    }
}

static void fmt_bound(parindex_fixed v, char *buf, size_t size, int low)
{
    if (v == PARINDEX_FIXED_NONE)
        snprintf(buf, size, "%s", low ? "-inf" : "+inf");
    else
        parindex_fixed_format_short(v, buf, size);
}

void pi_tier_label(const pi_tier *t, char *buf, size_t size)
{
    char lo[32], hi[32];
    fmt_bound(t->lo, lo, sizeof lo, 1);
    fmt_bound(t->hi, hi, sizeof hi, 0);
    snprintf(buf, size, "%c%s, %s%c", t->lo_inc ? '[' : '(', lo, hi,
             t->hi_inc ? ']' : ')');
}

/* "ratio 5/6 × 100 = 83.333333" or "value 80" */
static void describe_measure(const parindex_ruleset *rs, const pi_rule *r,
                             const parindex_fixed *values, const pi_eval *ev,
                             char *buf, size_t size)
{
    char a[32], b[32], c[32], m[32];
    if (!r->is_ratio) {
        snprintf(buf, size, "value %s", pi_fmt(ev->measure, m));
        return;
    }
    parindex_fixed num = values[r->input[PARINDEX_INPUT_NUMERATOR]];
    parindex_fixed den = values[r->input[PARINDEX_INPUT_DENOMINATOR]];
    parindex_fixed scale = r->param[PARINDEX_PARAM_RATIO_SCALE];
    (void)rs;
    if (scale == ONE)
        snprintf(buf, size, "ratio %s/%s = %s", pi_fmt(num, a), pi_fmt(den, b),
                 ev->has_measure ? pi_fmt(ev->measure, m) : "undefined");
    else
        snprintf(buf, size, "ratio %s/%s × %s = %s", pi_fmt(num, a),
                 pi_fmt(den, b), pi_fmt(scale, c),
                 ev->has_measure ? pi_fmt(ev->measure, m) : "undefined");
}

void pi_leaf_reason(const parindex_ruleset *rs, size_t node,
                    const parindex_fixed *values, const unsigned char *states,
                    const pi_eval *ev, parindex_fixed points,
                    parindex_fixed max, char *buf, size_t size)
{
    const pi_node *n = &rs->nodes[node];
    const pi_rule *r = &n->rule;
    char what[160] = "", p[32], mx[32], a[32], b[32], lab[64];
    (void)states;
    /* a leaf's cap cuts what the rule gave: show both */
    int capped = !ev->na && n->cap != PARINDEX_FIXED_NONE && ev->points > n->cap;
    pi_fmt(capped ? ev->points : points, p);
    pi_fmt(max, mx);
    if (ev->na) {
        snprintf(buf, size, "not applicable");
        return;
    }
    if (ev->zero_den) {
        describe_measure(rs, r, values, ev, what, sizeof what);
        snprintf(buf, size, "%s: zero denominator → %s of %s", what, p, mx);
    } else {
        switch (r->type) {
        case PARINDEX_RULE_OUTCOME:
            snprintf(buf, size, "outcome '%s' → %s of %s",
                     r->outcomes[ev->match].name, p, mx);
            break;
        case PARINDEX_RULE_TIERS:
            describe_measure(rs, r, values, ev, what, sizeof what);
            if (ev->match >= 0) {
                pi_tier_label(&r->tiers[ev->match], lab, sizeof lab);
                snprintf(buf, size, "%s in tier %d %s → %s of %s", what,
                         ev->match + 1, lab, p, mx);
            } else {
                snprintf(buf, size, "%s matches no tier → %s of %s", what, p, mx);
            }
            break;
        case PARINDEX_RULE_PROPORTIONAL: {
            describe_measure(rs, r, values, ev, what, sizeof what);
            parindex_fixed zb = r->param[PARINDEX_PARAM_ZERO_BELOW];
            parindex_fixed ff = r->param[PARINDEX_PARAM_FULL_FROM];
            parindex_fixed lo = r->param[PARINDEX_PARAM_RANGE_LOW];
            parindex_fixed hi = r->param[PARINDEX_PARAM_RANGE_HIGH];
            if (zb != PARINDEX_FIXED_NONE && !above_lo(ev, zb, 1))
                snprintf(buf, size, "%s below %s → %s of %s", what,
                         pi_fmt(zb, a), p, mx);
            else if (ff != PARINDEX_FIXED_NONE && above_lo(ev, ff, 1))
                snprintf(buf, size, "%s reaches %s → full %s of %s", what,
                         pi_fmt(ff, a), p, mx);
            else if (lo == 0 && hi == ONE)
                snprintf(buf, size, "%s → %s × %s = %s of %s", what, mx,
                         pi_fmt(ev->measure, a), p, mx);
            else
                snprintf(buf, size, "%s on [%s, %s] → %s of %s", what,
                         pi_fmt(lo, a), pi_fmt(hi, b), p, mx);
            break;
        }
        case PARINDEX_RULE_SURVEY:
            describe_measure(rs, r, values, ev, what, sizeof what);
            snprintf(buf, size, "survey %s %s on [%s, %s] → %s of %s",
                     r->param[PARINDEX_PARAM_SURVEY_MODE] == PARINDEX_SURVEY_MEAN
                         ? "mean" : "share",
                     what, pi_fmt(r->param[PARINDEX_PARAM_RANGE_LOW], a),
                     pi_fmt(r->param[PARINDEX_PARAM_RANGE_HIGH], b), p, mx);
            break;
        case PARINDEX_RULE_DEDUCTION: {
            char occ[32], k[32], sp[32];
            pi_fmt(ev->occurrences, occ);
            pi_fmt(r->param[PARINDEX_PARAM_PENALTY], k);
            if (ev->spill > 0)
                snprintf(buf, size,
                         "%s occurrence(s) × %s deducted from %s → floor %s of "
                         "%s, %s more taken from the parent",
                         occ, k, mx, p, mx, pi_fmt(ev->spill, sp));
            else
                snprintf(buf, size, "%s occurrence(s) × %s deducted from %s → %s of %s",
                         occ, k, mx, p, mx);
            break;
        }
        case PARINDEX_RULE_COUNT:
            if (r->n_cats) {
                char list[160] = "", miss[160] = "";
                for (size_t k = 0; k < r->n_cats; k++) {
                    int done = values[r->cats[k].input] == ONE;
                    char *dst = done ? list : miss;
                    size_t len = strlen(dst);
                    snprintf(dst + len, 160 - len, "%s%s", len ? ", " : "",
                             r->cats[k].name);
                }
                snprintf(buf, size, "%s of %zu categories (%s%s%s) → %s of %s",
                         pi_fmt(ev->occurrences, a), r->n_cats,
                         *list ? list : "none", *miss ? "; missing " : "", miss,
                         p, mx);
            } else {
                snprintf(buf, size, "count %s × %s → %s of %s",
                         pi_fmt(ev->occurrences, a),
                         pi_fmt(r->param[PARINDEX_PARAM_PER], b), p, mx);
            }
            break;
        case PARINDEX_RULE_POINTS:
            snprintf(buf, size, "given %s of %s", p, mx);
            break;
        default:
            snprintf(buf, size, "%s of %s", p, mx);
        }
    }
    if (capped) {
        size_t len = strlen(buf);
        snprintf(buf + len, size > len ? size - len : 0, ", capped at %s",
                 pi_fmt(points, a));
    }
    if (max > points) {
        size_t len = strlen(buf);
        snprintf(buf + len, size > len ? size - len : 0, " (lost %s)",
                 pi_fmt(max - points, a));
    }
}
