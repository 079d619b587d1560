/* The mutable builder: collects a rule set before it is checked and frozen. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define NODE_PATH_FMT "node %s"

static void node_init(pi_node *n)
{
    memset(n, 0, sizeof *n);
    n->max = PARINDEX_FIXED_NONE;
    n->weight = PARINDEX_FIXED_ONE;
    n->weight_total = PARINDEX_FIXED_NONE;
    n->floor = 0;
    n->cap = PARINDEX_FIXED_NONE;
    n->aggregation = PARINDEX_AGG_SUM;
    n->part = PARINDEX_PART_INHERIT;
    n->decimals = -1;
    n->parent = -1;
    for (int r = 0; r < PI_ROLE_COUNT; r++)
        n->rule.input[r] = -1;
}

int parindex_builder_new(parindex_builder **out, const parindex_allocator *alloc)
{
    pi_error_clear();
    if (!out)
        return pi_error(PARINDEX_EMISUSE, "NULL out argument");
    *out = NULL;
    pi_alloc pa;
    pi_alloc_init(&pa, alloc);
    parindex_builder *b = pi_calloc(&pa, 1, sizeof *b);
    if (!b)
        return pi_error(PARINDEX_ENOMEM, "out of memory creating a builder");
    b->pa = pa;
    b->decimals = 3;
    b->rounding = PARINDEX_ROUND_HALF_UP;
    b->stage = PARINDEX_ROUND_AT_LEAF;
    if (pi_grow(&b->pa, (void **)&b->nodes, &b->cap_nodes, 1, sizeof *b->nodes))
        goto oom;
    node_init(&b->nodes[0]);
    b->nodes[0].code = pi_strdup(&b->pa, "");
    b->nodes[0].name = pi_strdup(&b->pa, "");
    b->n_nodes = 1;
    if (!b->nodes[0].code || !b->nodes[0].name ||
        pi_strmap_put(&b->codes, &b->pa, b->nodes[0].code, 0))
        goto oom;
    *out = b;
    return PARINDEX_OK;
oom:
    parindex_builder_free(b);
    return pi_error(PARINDEX_ENOMEM, "out of memory creating a builder");
}

void parindex_builder_free(parindex_builder *b)
{
    if (!b)
        return;
    pi_alloc pa = b->pa;
    for (size_t i = 0; i < b->n_nodes; i++)
        pi_node_release(&pa, &b->nodes[i]);
    pi_free(&pa, b->nodes);
    for (size_t i = 0; i < b->n_bands; i++)
        pi_free(&pa, b->bands[i].label);
    pi_free(&pa, b->bands);
    for (int i = 0; i < PARINDEX_ID_COUNT; i++)
        pi_free(&pa, b->identity[i]);
    pi_free(&pa, b->source);
    pi_strmap_free(&b->codes, &pa);
    pi_free(&pa, b);
}

long pi_builder_find(const parindex_builder *b, const char *code)
{
    size_t i = pi_strmap_get(&b->codes, code ? code : "");
    return i == (size_t)-1 ? -1 : (long)i;
}

static int replace_str(const pi_alloc *pa, char **slot, const char *value)
{
    char *copy = pi_strdup(pa, value ? value : "");
    if (!copy)
        return PARINDEX_ENOMEM;
    pi_free(pa, *slot);
    *slot = copy;
    return PARINDEX_OK;
}

int pi_builder_set_source(parindex_builder *b, const char *source)
{
    return replace_str(&b->pa, &b->source, source);
}

int pi_builder_set_origin(parindex_builder *b, const char *code,
                          unsigned line, const char *origin)
{
    long i = pi_builder_find(b, code);
    if (i < 0)
        return PARINDEX_ENOTFOUND;
    b->nodes[i].line = line;
    return origin ? replace_str(&b->pa, &b->nodes[i].origin, origin)
                  : PARINDEX_OK;
}

/* Error about a node, with its origin when a loader recorded one. */
static int node_error(const parindex_builder *b, long i, int code,
                      const char *fmt, ...) PI_PRINTF(4, 5);
static int node_error(const parindex_builder *b, long i, int code,
                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pi_verror(code, fmt, ap);
    va_end(ap);
    if (i >= 0) {
        char path[PI_PATH_MAX];
        const pi_node *n = &b->nodes[i];
        snprintf(path, sizeof path, NODE_PATH_FMT, i == 0 ? "(root)" : n->code);
        pi_error_where(b->source, n->line, 0, n->origin ? n->origin : path);
    }
    return code;
}

/* Magnitude limits (ruleset.h): amounts of points, and measured values. */
static int over(parindex_fixed v, parindex_fixed limit)
{
    return v != PARINDEX_FIXED_NONE && (v > limit || v < -limit);
}

static int limit_error(const parindex_builder *b, long i, const char *what,
                       parindex_fixed v, parindex_fixed limit)
{
    char a[32], l[32];
    return node_error(b, i, PARINDEX_ELIMIT, "node %s: %s %s is beyond the limit of %s",
                      i <= 0 ? "(root)" : b->nodes[i].code, what, pi_fmt(v, a),
                      pi_fmt(limit, l));
}

#define CHECK_POINTS(i, what, v)                                             \
    do {                                                                     \
        if (over((v), PARINDEX_POINTS_LIMIT))                                \
            return limit_error(b, (i), (what), (v), PARINDEX_POINTS_LIMIT);  \
    } while (0)
#define CHECK_MEASURE(i, what, v)                                            \
    do {                                                                     \
        if (over((v), PARINDEX_MEASURE_LIMIT))                               \
            return limit_error(b, (i), (what), (v), PARINDEX_MEASURE_LIMIT); \
    } while (0)

/* Look up a node for a setter; sets the error when absent. */
static pi_node *find_node(parindex_builder *b, const char *code, long *idx)
{
    long i = pi_builder_find(b, code);
    if (i < 0) {
        pi_error(PARINDEX_ENOTFOUND, "no node with code '%s'", code ? code : "");
        return NULL;
    }
    if (idx)
        *idx = i;
    return &b->nodes[i];
}

#define BEGIN(b)                                                    \
    do {                                                            \
        pi_error_clear();                                           \
        if (!(b))                                                   \
            return pi_error(PARINDEX_EMISUSE, "NULL builder");      \
    } while (0)

int parindex_builder_set_identity(parindex_builder *b, int field,
                                  const char *value)
{
    BEGIN(b);
    if (field < 0 || field >= PARINDEX_ID_COUNT)
        return pi_error(PARINDEX_EINVAL, "unknown identity field %d", field);
    /* the title is also the root's name: copy both before changing either */
    char *copy = pi_strdup(&b->pa, value ? value : "");
    char *name = field == PARINDEX_ID_TITLE ? pi_strdup(&b->pa, value ? value : "")
                                            : NULL;
    if (!copy || (field == PARINDEX_ID_TITLE && !name)) {
        pi_free(&b->pa, copy);
        pi_free(&b->pa, name);
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    }
    pi_free(&b->pa, b->identity[field]);
    b->identity[field] = copy;
    if (name) {
        pi_free(&b->pa, b->nodes[0].name);
        b->nodes[0].name = name;
    }
    return PARINDEX_OK;
}

int parindex_builder_set_precision(parindex_builder *b, int decimals, int mode,
                                   int stage)
{
    BEGIN(b);
    if (decimals < 0 || decimals > PARINDEX_FIXED_DECIMALS)
        return pi_error(PARINDEX_EINVAL, "decimals must be 0..6, not %d",
                        decimals);
    if (mode < PARINDEX_ROUND_HALF_UP || mode > PARINDEX_ROUND_DOWN)
        return pi_error(PARINDEX_EINVAL, "unknown rounding mode %d", mode);
    if (stage < PARINDEX_ROUND_AT_DISPLAY || stage > PARINDEX_ROUND_AT_NODE)
        return pi_error(PARINDEX_EINVAL, "unknown rounding stage %d", stage);
    b->decimals = decimals;
    b->rounding = mode;
    b->stage = stage;
    return PARINDEX_OK;
}

int parindex_builder_add_band(parindex_builder *b, const char *label,
                              parindex_fixed lo, int lo_inclusive,
                              parindex_fixed hi, int hi_inclusive)
{
    BEGIN(b);
    if (!label || !*label)
        return pi_error(PARINDEX_EINVAL, "a band needs a label");
    if (over(lo, PARINDEX_MEASURE_LIMIT) || over(hi, PARINDEX_MEASURE_LIMIT))
        return pi_error(PARINDEX_ELIMIT, "band '%s': an edge is beyond the limit of 1000000000",
                        label);
    if (lo != PARINDEX_FIXED_NONE && hi != PARINDEX_FIXED_NONE &&
        (lo > hi || (lo == hi && !(lo_inclusive && hi_inclusive))))
        return pi_error(PARINDEX_EINVAL, "band '%s' is empty (low above high)",
                        label);
    if (pi_grow(&b->pa, (void **)&b->bands, &b->cap_bands, b->n_bands + 1,
                sizeof *b->bands))
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    pi_band *bd = &b->bands[b->n_bands];
    bd->label = pi_strdup(&b->pa, label);
    if (!bd->label)
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    bd->lo = lo;
    bd->hi = hi;
    bd->lo_inc = lo_inclusive != 0;
    bd->hi_inc = hi_inclusive != 0;
    b->n_bands++;
    return PARINDEX_OK;
}

int parindex_builder_add_node(parindex_builder *b, const char *parent,
                              const char *code, const char *name,
                              parindex_fixed max)
{
    BEGIN(b);
    if (!code || !*code)
        return pi_error(PARINDEX_EINVAL, "a node needs a non-empty code");
    long p = pi_builder_find(b, parent ? parent : "");
    if (p < 0)
        return pi_error(PARINDEX_ENOTFOUND,
                        "node %s: parent '%s' does not exist", code, parent);
    long dup = pi_builder_find(b, code);
    if (dup >= 0)
        return node_error(b, dup, PARINDEX_EEXISTS,
                          "duplicate node code '%s'", code);
    if (b->nodes[p].rule.type != PARINDEX_RULE_NONE)
        return node_error(b, p, PARINDEX_ERULE,
                          "node %s has a rule and cannot have children "
                          "(adding %s)", b->nodes[p].code, code);
    if (max == PARINDEX_FIXED_NONE || max <= 0)
        return pi_error(PARINDEX_EINVAL,
                        "node %s: the maximum must be greater than 0", code);
    if (over(max, PARINDEX_POINTS_LIMIT)) {
        char a[32], l[32];
        return pi_error(PARINDEX_ELIMIT, "node %s: maximum %s is beyond the limit of %s",
                        code, pi_fmt(max, a), pi_fmt(PARINDEX_POINTS_LIMIT, l));
    }
    if (pi_grow(&b->pa, (void **)&b->nodes, &b->cap_nodes, b->n_nodes + 1,
                sizeof *b->nodes))
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    pi_node *n = &b->nodes[b->n_nodes];
    node_init(n);
    n->code = pi_strdup(&b->pa, code);
    n->name = pi_strdup(&b->pa, name ? name : "");
    if (!n->code || !n->name ||
        pi_strmap_put(&b->codes, &b->pa, n->code, b->n_nodes)) {
        pi_node_release(&b->pa, n);
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    }
    n->max = max;
    n->parent = p;
    b->nodes[p].n_children++;
    b->n_nodes++;
    return PARINDEX_OK;
}

int parindex_builder_set_max(parindex_builder *b, const char *code,
                             parindex_fixed max)
{
    BEGIN(b);
    long i = -1;
    pi_node *n = find_node(b, code, &i);
    if (!n)
        return PARINDEX_ENOTFOUND;
    if (max == PARINDEX_FIXED_NONE || max <= 0)
        return node_error(b, i, PARINDEX_EINVAL,
                        "node %s: the maximum must be greater than 0", n->code);
    CHECK_POINTS(i, "maximum", max);
    n->max = max;
    return PARINDEX_OK;
}

int parindex_builder_set_weight(parindex_builder *b, const char *code,
                                parindex_fixed weight)
{
    BEGIN(b);
    long i = -1;
    pi_node *n = find_node(b, code, &i);
    if (!n)
        return PARINDEX_ENOTFOUND;
    if (weight == PARINDEX_FIXED_NONE || weight <= 0)
        return node_error(b, i, PARINDEX_EINVAL,
                        "node %s: the weight must be greater than 0", n->code);
    CHECK_POINTS(i, "weight", weight);
    n->weight = weight;
    return PARINDEX_OK;
}

int parindex_builder_set_weight_total(parindex_builder *b, const char *code,
                                      parindex_fixed total)
{
    BEGIN(b);
    long i = -1;
    pi_node *n = find_node(b, code, &i);
    if (!n)
        return PARINDEX_ENOTFOUND;
    if (total != PARINDEX_FIXED_NONE && total <= 0)
        return node_error(b, i, PARINDEX_EINVAL,
                        "node %s: the weight total must be greater than 0",
                        n->code);
    CHECK_POINTS(i, "weight total", total);
    n->weight_total = total;
    return PARINDEX_OK;
}

int parindex_builder_set_aggregation(parindex_builder *b, const char *code,
                                     int aggregation)
{
    BEGIN(b);
    long i = -1;
    pi_node *n = find_node(b, code, &i);
    if (!n)
        return PARINDEX_ENOTFOUND;
    if (aggregation < PARINDEX_AGG_SUM ||
        aggregation > PARINDEX_AGG_GEOMETRIC_MEAN)
        return node_error(b, i, PARINDEX_EINVAL, "node %s: unknown aggregation %d",
                        n->code, aggregation);
    n->aggregation = aggregation;
    return PARINDEX_OK;
}

int parindex_builder_set_part(parindex_builder *b, const char *code, int part)
{
    BEGIN(b);
    long i = -1;
    pi_node *n = find_node(b, code, &i);
    if (!n)
        return PARINDEX_ENOTFOUND;
    if (part < PARINDEX_PART_INHERIT || part > PARINDEX_PART_SURVEY)
        return node_error(b, i, PARINDEX_EINVAL, "node %s: unknown part %d", n->code,
                        part);
    n->part = part;
    return PARINDEX_OK;
}

int parindex_builder_set_floor(parindex_builder *b, const char *code,
                               parindex_fixed floor)
{
    BEGIN(b);
    long i = -1;
    pi_node *n = find_node(b, code, &i);
    if (!n)
        return PARINDEX_ENOTFOUND;
    CHECK_POINTS(i, "floor", floor);
    n->floor = floor;
    return PARINDEX_OK;
}

int parindex_builder_set_cap(parindex_builder *b, const char *code,
                             parindex_fixed cap)
{
    BEGIN(b);
    long i = -1;
    pi_node *n = find_node(b, code, &i);
    if (!n)
        return PARINDEX_ENOTFOUND;
    if (cap != PARINDEX_FIXED_NONE && cap < 0)
        return node_error(b, i, PARINDEX_EINVAL, "node %s: negative cap", n->code);
    CHECK_POINTS(i, "cap", cap);
    n->cap = cap;
    return PARINDEX_OK;
}

int parindex_builder_set_decimals(parindex_builder *b, const char *code,
                                  int decimals)
{
    BEGIN(b);
    long i = -1;
    pi_node *n = find_node(b, code, &i);
    if (!n)
        return PARINDEX_ENOTFOUND;
    if (decimals < -1 || decimals > PARINDEX_FIXED_DECIMALS)
        return node_error(b, i, PARINDEX_EINVAL, "node %s: decimals must be 0..6",
                        n->code);
    n->decimals = decimals;
    return PARINDEX_OK;
}

static int has_children(const parindex_builder *b, long i)
{
    return b->nodes[i].n_children > 0;
}

int parindex_builder_set_rule(parindex_builder *b, const char *code,
                              int rule_type)
{
    BEGIN(b);
    long i;
    pi_node *n = find_node(b, code, &i);
    if (!n)
        return PARINDEX_ENOTFOUND;
    if (rule_type <= PARINDEX_RULE_NONE || rule_type > PARINDEX_RULE_POINTS)
        return node_error(b, i, PARINDEX_EINVAL, "node %s: unknown rule type %d",
                          n->code, rule_type);
    if (i == 0 || has_children(b, i))
        return node_error(b, i, PARINDEX_ERULE,
                          "node %s has children and cannot have a rule",
                          i == 0 ? "(root)" : n->code);
    if (n->rule.type != PARINDEX_RULE_NONE)
        return node_error(b, i, PARINDEX_ERULE, "node %s already has a rule",
                          n->code);
    n->rule.type = rule_type;
    return PARINDEX_OK;
}

/* Which rule types each parameter applies to. */
#define RT(t) (1u << (t))
static const unsigned param_rules[PI_PARAM_COUNT] = {
    [PARINDEX_PARAM_RATIO_SCALE] = RT(PARINDEX_RULE_TIERS) |
                                   RT(PARINDEX_RULE_PROPORTIONAL) |
                                   RT(PARINDEX_RULE_SURVEY),
    [PARINDEX_PARAM_ZERO_DENOMINATOR] = RT(PARINDEX_RULE_TIERS) |
                                        RT(PARINDEX_RULE_PROPORTIONAL) |
                                        RT(PARINDEX_RULE_SURVEY),
    [PARINDEX_PARAM_HIT_POLICY] = RT(PARINDEX_RULE_TIERS),
    [PARINDEX_PARAM_NO_MATCH] = RT(PARINDEX_RULE_TIERS),
    [PARINDEX_PARAM_NO_MATCH_POINTS] = RT(PARINDEX_RULE_TIERS),
    [PARINDEX_PARAM_RANGE_LOW] = RT(PARINDEX_RULE_PROPORTIONAL) |
                                 RT(PARINDEX_RULE_SURVEY),
    [PARINDEX_PARAM_RANGE_HIGH] = RT(PARINDEX_RULE_PROPORTIONAL) |
                                  RT(PARINDEX_RULE_SURVEY),
    [PARINDEX_PARAM_ZERO_BELOW] = RT(PARINDEX_RULE_PROPORTIONAL),
    [PARINDEX_PARAM_FULL_FROM] = RT(PARINDEX_RULE_PROPORTIONAL),
    [PARINDEX_PARAM_PENALTY] = RT(PARINDEX_RULE_DEDUCTION),
    [PARINDEX_PARAM_FLOOR] = RT(PARINDEX_RULE_DEDUCTION),
    [PARINDEX_PARAM_SPILL] = RT(PARINDEX_RULE_DEDUCTION),
    [PARINDEX_PARAM_PER] = RT(PARINDEX_RULE_COUNT),
    [PARINDEX_PARAM_SURVEY_MODE] = RT(PARINDEX_RULE_SURVEY),
};

/* Largest valid value of enumerated parameters; -1 for numeric ones. */
static const int param_enum_max[PI_PARAM_COUNT] = {
    [PARINDEX_PARAM_RATIO_SCALE] = -1,
    [PARINDEX_PARAM_ZERO_DENOMINATOR] = PARINDEX_ZERO_DEN_NOT_APPLICABLE,
    [PARINDEX_PARAM_HIT_POLICY] = PARINDEX_HIT_FIRST,
    [PARINDEX_PARAM_NO_MATCH] = PARINDEX_NO_MATCH_POINTS,
    [PARINDEX_PARAM_NO_MATCH_POINTS] = -1,
    [PARINDEX_PARAM_RANGE_LOW] = -1,
    [PARINDEX_PARAM_RANGE_HIGH] = -1,
    [PARINDEX_PARAM_ZERO_BELOW] = -1,
    [PARINDEX_PARAM_FULL_FROM] = -1,
    [PARINDEX_PARAM_PENALTY] = -1,
    [PARINDEX_PARAM_FLOOR] = -1,
    [PARINDEX_PARAM_SPILL] = 1,
    [PARINDEX_PARAM_PER] = -1,
    [PARINDEX_PARAM_SURVEY_MODE] = PARINDEX_SURVEY_SHARE,
};

/* A leaf with a rule, for the rule setters. */
static pi_node *rule_node(parindex_builder *b, const char *code, long *idx)
{
    pi_node *n = find_node(b, code, idx);
    if (n && n->rule.type == PARINDEX_RULE_NONE) {
        node_error(b, *idx, PARINDEX_EMISUSE,
                   "node %s has no rule yet (set the rule type first)",
                   n->code);
        return NULL;
    }
    return n;
}

static int ratio_capable(int type)
{
    return type == PARINDEX_RULE_TIERS || type == PARINDEX_RULE_PROPORTIONAL ||
           type == PARINDEX_RULE_SURVEY;
}

int parindex_builder_set_input(parindex_builder *b, const char *code, int role,
                               const char *input)
{
    BEGIN(b);
    long i = -1;
    pi_node *n = rule_node(b, code, &i);
    if (!n)
        return parindex_error_code(parindex_error_last());
    if (role < PARINDEX_INPUT_VALUE || role > PARINDEX_INPUT_DENOMINATOR)
        return node_error(b, i, PARINDEX_EINVAL, "node %s: unknown input role %d",
                          n->code, role);
    if (!input || !*input)
        return node_error(b, i, PARINDEX_EINVAL, "node %s: empty input name",
                          n->code);
    if (role != PARINDEX_INPUT_VALUE && !ratio_capable(n->rule.type))
        return node_error(b, i, PARINDEX_EINVAL,
                          "node %s: a %s rule reads no ratio", n->code,
                          parindex_rule_type_name(n->rule.type));
    if (replace_str(&b->pa, &n->rule.input_name[role], input))
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    if (role != PARINDEX_INPUT_VALUE)
        n->rule.is_ratio = 1;
    return PARINDEX_OK;
}

int parindex_builder_set_param(parindex_builder *b, const char *code, int param,
                               parindex_fixed value)
{
    BEGIN(b);
    long i = -1;
    pi_node *n = rule_node(b, code, &i);
    if (!n)
        return parindex_error_code(parindex_error_last());
    if (param < 0 || param >= PI_PARAM_COUNT)
        return node_error(b, i, PARINDEX_EINVAL, "node %s: unknown parameter %d",
                          n->code, param);
    if (!(param_rules[param] & RT(n->rule.type)))
        return node_error(b, i, PARINDEX_EINVAL,
                          "node %s: parameter %d does not apply to a %s rule",
                          n->code, param, parindex_rule_type_name(n->rule.type));
    if (param_enum_max[param] >= 0 &&
        (value < 0 || value > param_enum_max[param]))
        return node_error(b, i, PARINDEX_EINVAL,
                          "node %s: value %lld is not valid for parameter %d",
                          n->code, (long long)value, param);
    if (param == PARINDEX_PARAM_RATIO_SCALE &&
        (value == PARINDEX_FIXED_NONE || value <= 0))
        return node_error(b, i, PARINDEX_EINVAL,
                          "node %s: the ratio scale must be greater than 0",
                          n->code);
    if (param_enum_max[param] < 0) {
        int measured = param == PARINDEX_PARAM_RATIO_SCALE ||
                       param == PARINDEX_PARAM_RANGE_LOW ||
                       param == PARINDEX_PARAM_RANGE_HIGH ||
                       param == PARINDEX_PARAM_ZERO_BELOW ||
                       param == PARINDEX_PARAM_FULL_FROM;
        if (measured)
            CHECK_MEASURE(i, "parameter", value);
        else
            CHECK_POINTS(i, "parameter", value);
    }
    n->rule.param[param] = value;
    n->rule.param_set |= 1u << param;
    /* a scale is only meaningful on a ratio: it makes the rule one */
    if (param == PARINDEX_PARAM_RATIO_SCALE)
        n->rule.is_ratio = 1;
    return PARINDEX_OK;
}

/* A leaf whose rule is of `type`, for the setters of outcomes, tiers and
 * categories (`what` names them in the message). */
static pi_node *typed_rule_node(parindex_builder *b, const char *code, int type,
                                const char *what, long *idx)
{
    pi_node *n = rule_node(b, code, idx);
    if (n && n->rule.type != type) {
        node_error(b, *idx, PARINDEX_EINVAL, "node %s: %s belong to %s rules",
                   n->code, what, parindex_rule_type_name(type));
        return NULL;
    }
    return n;
}

int parindex_builder_add_outcome(parindex_builder *b, const char *code,
                                 const char *name, parindex_fixed points)
{
    BEGIN(b);
    long i = -1;
    pi_node *n = typed_rule_node(b, code, PARINDEX_RULE_OUTCOME, "outcomes", &i);
    if (!n)
        return parindex_error_code(parindex_error_last());
    if (!name || !*name)
        return node_error(b, i, PARINDEX_EINVAL, "node %s: empty outcome name",
                          n->code);
    CHECK_POINTS(i, "outcome points", points);
    /* "N/A" in a data cell means not applicable: no outcome may be named so */
    if (pi_is_na_text(name))
        return node_error(b, i, PARINDEX_EINVAL,
                          "node %s: outcome '%s' would read as N/A (not applicable)",
                          n->code, name);
    pi_rule *r = &n->rule;
    for (size_t k = 0; k < r->n_outcomes; k++)
        if (strcmp(r->outcomes[k].name, name) == 0)
            return node_error(b, i, PARINDEX_EEXISTS,
                              "node %s: duplicate outcome '%s'", n->code, name);
    if (pi_grow(&b->pa, (void **)&r->outcomes, &r->cap_outcomes,
                r->n_outcomes + 1, sizeof *r->outcomes))
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    r->outcomes[r->n_outcomes].name = pi_strdup(&b->pa, name);
    if (!r->outcomes[r->n_outcomes].name)
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    r->outcomes[r->n_outcomes++].points = points;
    return PARINDEX_OK;
}

int parindex_builder_add_tier(parindex_builder *b, const char *code,
                              parindex_fixed lo, int lo_inclusive,
                              parindex_fixed hi, int hi_inclusive,
                              parindex_fixed points)
{
    BEGIN(b);
    long i = -1;
    pi_node *n = typed_rule_node(b, code, PARINDEX_RULE_TIERS, "tiers", &i);
    if (!n)
        return parindex_error_code(parindex_error_last());
    CHECK_POINTS(i, "tier points", points);
    CHECK_MEASURE(i, "tier bound", lo);
    CHECK_MEASURE(i, "tier bound", hi);
    pi_rule *r = &n->rule;
    if (pi_grow(&b->pa, (void **)&r->tiers, &r->cap_tiers, r->n_tiers + 1,
                sizeof *r->tiers))
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    pi_tier *t = &r->tiers[r->n_tiers++];
    t->lo = lo;
    t->hi = hi;
    t->lo_inc = lo != PARINDEX_FIXED_NONE && lo_inclusive;
    t->hi_inc = hi != PARINDEX_FIXED_NONE && hi_inclusive;
    t->points = points;
    return PARINDEX_OK;
}

int parindex_builder_add_category(parindex_builder *b, const char *code,
                                  const char *name, const char *input,
                                  parindex_fixed points)
{
    BEGIN(b);
    long i = -1;
    pi_node *n = typed_rule_node(b, code, PARINDEX_RULE_COUNT, "categories", &i);
    if (!n)
        return parindex_error_code(parindex_error_last());
    if (!name || !*name)
        return node_error(b, i, PARINDEX_EINVAL, "node %s: empty category name",
                          n->code);
    CHECK_POINTS(i, "category points", points);
    pi_rule *r = &n->rule;
    for (size_t k = 0; k < r->n_cats; k++)
        if (strcmp(r->cats[k].name, name) == 0)
            return node_error(b, i, PARINDEX_EEXISTS,
                              "node %s: duplicate category '%s'", n->code, name);
    if (pi_grow(&b->pa, (void **)&r->cats, &r->cap_cats, r->n_cats + 1,
                sizeof *r->cats))
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    pi_category *c = &r->cats[r->n_cats];
    c->name = pi_strdup(&b->pa, name);
    if (input && *input) {
        c->input_name = pi_strdup(&b->pa, input);
    } else {
        size_t len = strlen(n->code) + strlen(name) + 2;
        c->input_name = pi_malloc(&b->pa, len);
        if (c->input_name)
            snprintf(c->input_name, len, "%s.%s", n->code, name);
    }
    if (!c->name || !c->input_name) {
        pi_free(&b->pa, c->name);
        pi_free(&b->pa, c->input_name);
        c->name = c->input_name = NULL;
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    }
    c->points = points;
    c->input = -1;
    r->n_cats++;
    return PARINDEX_OK;
}
