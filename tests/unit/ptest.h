/* Shared test helpers: cmocka includes, compatibility shims, assertions. */
#ifndef PARINDEX_PTEST_H
#define PARINDEX_PTEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <parindex/parindex.h>

#ifndef expect_int_value /* cmocka < 2.0 */
#  define expect_int_value(f, p, v) expect_value(f, p, v)
#endif

/* A decimal constant, exactly. */
static inline parindex_fixed pt_fx(const char *s)
{
    parindex_fixed v = 0;
    if (parindex_fixed_parse(s, &v) != PARINDEX_OK)
        fail_msg("bad test constant '%s'", s);
    return v;
}

/* Assert a status and that the last error carries it. */
#define assert_status(rc, code)                                              \
    do {                                                                     \
        int rc_ = (rc);                                                      \
        if (rc_ != (code))                                                   \
            fail_msg("status %d, expected %d: %s", rc_, (code),              \
                     parindex_error_message(parindex_error_last()));         \
        assert_int_equal(parindex_error_code(parindex_error_last()), (code)); \
    } while (0)

#define assert_ok(rc) assert_status(rc, PARINDEX_OK)

/* Assert a fixed value equals a decimal string. */
#define assert_fixed(v, s)                                                   \
    do {                                                                     \
        parindex_fixed got_ = (v), want_ = pt_fx(s);                         \
        if (got_ != want_) {                                                 \
            char g_[48];                                                     \
            parindex_fixed_format_short(got_, g_, sizeof g_);                \
            fail_msg("got %s, expected %s", g_, s);                          \
        }                                                                    \
    } while (0)

#endif

/* ------------------------------------------------------------------------ */
/* Helpers for tests that build, freeze and score small rule sets.          */
/* ------------------------------------------------------------------------ */

#ifndef PARINDEX_PTEST_BUILD_HELPERS
#define PARINDEX_PTEST_BUILD_HELPERS

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Assert that a string contains a substring. */
#define assert_contains(hay, needle)                                         \
    do {                                                                     \
        const char *h_ = (hay), *n_ = (needle);                              \
        if (!h_ || !strstr(h_, n_))                                          \
            fail_msg("'%s' does not contain '%s'", h_ ? h_ : "(null)", n_);  \
    } while (0)

/* Assert that the last error has `code` and its message mentions `needle`. */
#define assert_error_mentions(code, needle)                                  \
    do {                                                                     \
        assert_int_equal(parindex_error_code(parindex_error_last()), (code)); \
        assert_contains(parindex_error_message(parindex_error_last()),      \
                        (needle));                                          \
    } while (0)

/* A decimal constant or PARINDEX_FIXED_NONE for NULL (an unbounded end). */
static inline parindex_fixed pt_fx_or_none(const char *s)
{
    return s ? pt_fx(s) : PARINDEX_FIXED_NONE;
}

/* Builder shortcuts: each asserts success. Node names equal their codes. */
static inline void pt_node(parindex_builder *b, const char *parent,
                           const char *code, const char *max)
{
    assert_ok(parindex_builder_add_node(b, parent, code, code, pt_fx(max)));
}

static inline void pt_rule(parindex_builder *b, const char *code, int type)
{
    assert_ok(parindex_builder_set_rule(b, code, type));
}

/* A leaf with a rule in one call. */
static inline void pt_leaf(parindex_builder *b, const char *parent,
                           const char *code, const char *max, int type)
{
    pt_node(b, parent, code, max);
    pt_rule(b, code, type);
}

static inline void pt_input(parindex_builder *b, const char *code, int role,
                            const char *input)
{
    assert_ok(parindex_builder_set_input(b, code, role, input));
}

/* A numeric parameter given as a decimal. */
static inline void pt_param(parindex_builder *b, const char *code, int param,
                            const char *value)
{
    assert_ok(parindex_builder_set_param(b, code, param, pt_fx(value)));
}

/* An enumerated or boolean parameter (not scaled). */
static inline void pt_param_enum(parindex_builder *b, const char *code,
                                 int param, int value)
{
    assert_ok(parindex_builder_set_param(b, code, param, value));
}

static inline void pt_outcome(parindex_builder *b, const char *code,
                              const char *name, const char *points)
{
    assert_ok(parindex_builder_add_outcome(b, code, name, pt_fx(points)));
}

/* A tier; NULL bounds are unbounded. */
static inline void pt_tier(parindex_builder *b, const char *code,
                           const char *lo, int lo_inc, const char *hi,
                           int hi_inc, const char *points)
{
    assert_ok(parindex_builder_add_tier(b, code, pt_fx_or_none(lo), lo_inc,
                                        pt_fx_or_none(hi), hi_inc,
                                        pt_fx(points)));
}

static inline void pt_category(parindex_builder *b, const char *code,
                               const char *name, const char *input,
                               const char *points)
{
    assert_ok(parindex_builder_add_category(b, code, name, input,
                                            pt_fx(points)));
}

/* A builder, the rule set frozen from it, and one input set and result
 * table for that rule set. */
typedef struct pt_ctx {
    parindex_builder *b;
    parindex_ruleset *rs;
    parindex_inputs *in;
    parindex_results *res;
} pt_ctx;

static inline pt_ctx *pt_ctx_new(void)
{
    pt_ctx *c = calloc(1, sizeof *c);
    assert_non_null(c);
    assert_ok(parindex_builder_new(&c->b, NULL));
    return c;
}

static inline void pt_ctx_free(pt_ctx *c)
{
    if (!c)
        return;
    parindex_results_free(c->res);
    parindex_inputs_free(c->in);
    parindex_ruleset_free(c->rs);
    parindex_builder_free(c->b);
    free(c);
}

static inline int pt_ctx_setup(void **state)
{
    *state = pt_ctx_new();
    return 0;
}

static inline int pt_ctx_teardown(void **state)
{
    pt_ctx_free(*state);
    *state = NULL;
    return 0;
}

/* Freeze (asserting success) and create the inputs and results. */
static inline void pt_freeze(pt_ctx *c)
{
    assert_ok(parindex_builder_freeze(c->b, &c->rs, NULL, NULL));
    assert_non_null(c->rs);
    assert_ok(parindex_inputs_new(&c->in, c->rs, NULL));
    assert_ok(parindex_results_new(&c->res, c->rs, NULL));
}

/* Set a numeric input from a decimal. */
static inline void pt_set(pt_ctx *c, const char *input, const char *value)
{
    assert_ok(parindex_inputs_set(c->in, input, pt_fx(value)));
}

static inline void pt_set_outcome(pt_ctx *c, const char *input,
                                  const char *outcome)
{
    assert_ok(parindex_inputs_set_outcome(c->in, input, outcome));
}

/* Score the current inputs as `unit`; asserts success, returns its index. */
static inline size_t pt_add(pt_ctx *c, const char *unit)
{
    size_t before = parindex_results_unit_count(c->res);
    assert_ok(parindex_results_add(c->res, unit, NULL, c->in));
    assert_int_equal(parindex_results_unit_count(c->res), before + 1);
    return before;
}

/* Score the current inputs as `unit`, expecting failure with `code`: the
 * unit count must not change. */
static inline void pt_add_fails(pt_ctx *c, const char *unit, int code)
{
    size_t before = parindex_results_unit_count(c->res);
    assert_status(parindex_results_add(c->res, unit, NULL, c->in), code);
    assert_int_equal(parindex_results_unit_count(c->res), before);
    assert_int_equal(parindex_results_find_unit(c->res, unit),
                     PARINDEX_ENOTFOUND);
}

/* Index of a node by code, asserting it exists. */
static inline size_t pt_nd(const pt_ctx *c, const char *code)
{
    long i = parindex_ruleset_find_node(c->rs, code);
    if (i < 0)
        fail_msg("no node '%s'", code);
    return (size_t)i;
}

#define pt_earned(c, u, code) parindex_results_earned((c)->res, (u), pt_nd((c), (code)))
#define pt_max(c, u, code) parindex_results_max((c)->res, (u), pt_nd((c), (code)))
#define pt_lost(c, u, code) parindex_results_lost((c)->res, (u), pt_nd((c), (code)))

/* Explain a node of unit u; asserts success. Free with
 * parindex_explanation_free. */
static inline parindex_explanation *pt_explain(const pt_ctx *c, size_t u,
                                               const char *code)
{
    parindex_explanation *e = NULL;
    assert_ok(parindex_results_explain(c->res, u, pt_nd(c, code), &e));
    assert_non_null(e);
    return e;
}

/* Every diagnostic passed to a parindex_diag_fn, copied. */
#define PT_DIAG_MAX 32
typedef struct pt_diags {
    size_t n;
    int code[PT_DIAG_MAX];
    int severity[PT_DIAG_MAX];
    char message[PT_DIAG_MAX][512];
    char path[PT_DIAG_MAX][256];
} pt_diags;

static inline void pt_diag_collect(const parindex_error *d, void *payload)
{
    pt_diags *ds = payload;
    if (ds->n >= PT_DIAG_MAX)
        fail_msg("more than %d diagnostics", PT_DIAG_MAX);
    ds->code[ds->n] = parindex_error_code(d);
    ds->severity[ds->n] = parindex_error_severity(d);
    snprintf(ds->message[ds->n], sizeof ds->message[0], "%s",
             parindex_error_message(d));
    snprintf(ds->path[ds->n], sizeof ds->path[0], "%s", parindex_error_path(d));
    ds->n++;
}

#endif /* PARINDEX_PTEST_BUILD_HELPERS */
