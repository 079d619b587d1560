/*
 * libparindex internals: shared by the library's translation units only.
 */
#ifndef PARINDEX_INTERNAL_H
#define PARINDEX_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "parindex/parindex.h"

#if defined(__GNUC__)
#  define PI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define PI_PRINTF(f, a)
#endif

/* 128-bit intermediates keep products of fixed-point values exact. */
#if defined(__SIZEOF_INT128__)
__extension__ typedef __int128 pi_i128;
#else
#  error "libparindex needs a compiler with 128-bit integers (gcc, clang)"
#endif

/* ---- alloc.c ------------------------------------------------------------ */

typedef struct pi_alloc {
    parindex_allocator a; /* never has NULL members after pi_alloc_init */
} pi_alloc;

void pi_alloc_init(pi_alloc *pa, const parindex_allocator *user);
void *pi_malloc(const pi_alloc *pa, size_t size);
void *pi_calloc(const pi_alloc *pa, size_t n, size_t size);
/* Grows *ptr to hold at least `need` elements of `size` bytes; doubles. */
int pi_grow(const pi_alloc *pa, void **ptr, size_t *cap, size_t need,
            size_t size);
/* Reallocates *ptr from old_n to new_n elements; new memory is not zeroed. */
int pi_resize(const pi_alloc *pa, void **ptr, size_t old_n, size_t new_n,
              size_t size);
void pi_free(const pi_alloc *pa, void *ptr);
char *pi_strdup(const pi_alloc *pa, const char *s);

/* An arena of strings that never move: many small copies, freed at once. */
typedef struct pi_arena_block pi_arena_block;
typedef struct pi_arena {
    pi_arena_block *head;  /* blocks in use, newest first */
    pi_arena_block *spare; /* emptied blocks, used again before new ones */
} pi_arena;
char *pi_arena_strdup(pi_arena *ar, const pi_alloc *pa, const char *s);
/* Forget every string; the blocks are kept for the next ones. */
void pi_arena_reset(pi_arena *ar);
void pi_arena_free(pi_arena *ar, const pi_alloc *pa);

/* ---- error.c ------------------------------------------------------------ */

#define PI_MSG_MAX 512
#define PI_SRC_MAX 256
#define PI_PATH_MAX 256

struct parindex_error {
    int code;
    int severity;
    unsigned line, column;
    char message[PI_MSG_MAX];
    char source[PI_SRC_MAX];
    char path[PI_PATH_MAX];
};

/* Clear the thread's last error (at the start of every fallible call). */
void pi_error_clear(void);
/* Set the thread's last error; returns `code` for `return pi_error(...)`. */
int pi_error(int code, const char *fmt, ...) PI_PRINTF(2, 3);
int pi_verror(int code, const char *fmt, va_list ap) PI_PRINTF(2, 0);
/* Fill position fields of the last error. */
void pi_error_where(const char *source, unsigned line, unsigned column,
                    const char *path);
/* Write into a record (not the thread's last error). */
void pi_record_set(parindex_error *e, int code, int severity,
                   const char *source, unsigned line, unsigned column,
                   const char *path, const char *fmt, va_list ap)
    PI_PRINTF(8, 0);
parindex_error *pi_error_slot(void);

/* ---- strmap.c: string -> index hash map --------------------------------- */

/* Open addressing, linear probing, at most half full. Each slot keeps the
 * key's hash, so a probe compares strings only when the hashes agree. */
typedef struct pi_strmap_slot {
    const char *key; /* borrowed; NULL = empty */
    uint64_t hash;
    size_t val;
} pi_strmap_slot;

typedef struct pi_strmap {
    pi_strmap_slot *slots;
    size_t cap, count;
} pi_strmap;

int pi_strmap_init(pi_strmap *m, const pi_alloc *pa, size_t expected);
void pi_strmap_free(pi_strmap *m, const pi_alloc *pa);
/* The hash the map uses for `key`. */
uint64_t pi_strmap_hash(const char *key);
/* Returns the value, or (size_t)-1 when absent. */
size_t pi_strmap_get(const pi_strmap *m, const char *key);
/* The same with the key's hash already computed (pi_strmap_hash). */
size_t pi_strmap_get_hashed(const pi_strmap *m, const char *key, uint64_t hash);
/* Makes room for `count` keys in all. */
int pi_strmap_reserve(pi_strmap *m, const pi_alloc *pa, size_t count);
/* Inserts key (borrowed) -> val; PARINDEX_EEXISTS if present. */
int pi_strmap_put(pi_strmap *m, const pi_alloc *pa, const char *key,
                  size_t val);
/* The same when the caller knows the key is absent. */
int pi_strmap_put_absent(pi_strmap *m, const pi_alloc *pa, const char *key,
                         size_t val);
/* Start loading the slot where a key of this hash would be. */
static inline void pi_strmap_prefetch(const pi_strmap *m, uint64_t hash)
{
#if defined(__GNUC__)
    if (m->cap)
        __builtin_prefetch(&m->slots[(size_t)hash & (m->cap - 1)]);
#else
    (void)m;
    (void)hash;
#endif
}
/* The same with the key's hash already computed. */
int pi_strmap_put_absent_hashed(pi_strmap *m, const pi_alloc *pa,
                                const char *key, uint64_t hash, size_t val);

/* ---- fixed.c ------------------------------------------------------------ */

/* num / den rounded with `mode` to an integer (den != 0). */
pi_i128 pi_div_round(pi_i128 num, pi_i128 den, int mode);
/* Clamp a 128-bit value into parindex_fixed's range (NONE excluded). */
parindex_fixed pi_saturate(pi_i128 v);
/* "1.5" style, for messages: trailing zeros dropped. */
const char *pi_fmt(parindex_fixed v, char buf[32]);

/* ---- the model ---------------------------------------------------------- */

#define PI_PARAM_COUNT 14
#define PI_ROLE_COUNT 3

typedef struct pi_tier {
    parindex_fixed lo, hi; /* PARINDEX_FIXED_NONE = unbounded */
    unsigned char lo_inc, hi_inc;
    parindex_fixed points;
} pi_tier;

typedef struct pi_outcome {
    char *name;
    parindex_fixed points;
} pi_outcome;

typedef struct pi_category {
    char *name;
    char *input_name;
    long input; /* index after freeze */
    parindex_fixed points;
} pi_category;

typedef struct pi_rule {
    int type;
    char *input_name[PI_ROLE_COUNT]; /* NULL = default or unused */
    long input[PI_ROLE_COUNT];       /* indices after freeze, -1 unused */
    int is_ratio;
    unsigned param_set;              /* bit per enum parindex_param */
    parindex_fixed param[PI_PARAM_COUNT];
    pi_outcome *outcomes;
    size_t n_outcomes, cap_outcomes;
    pi_tier *tiers;
    size_t n_tiers, cap_tiers;
    pi_category *cats;
    size_t n_cats, cap_cats;
    long *outcome_of_vocab; /* after freeze: input vocabulary -> outcome, -1 */
} pi_rule;

typedef struct pi_node {
    char *code, *name;
    parindex_fixed max, weight, weight_total, floor, cap;
    int aggregation;
    int part;     /* as declared; resolved in the frozen set */
    int decimals; /* -1 inherit */
    int round_here; /* decimals set on the node itself: always rounded */
    long parent;  /* builder: insertion index; frozen: pre-order index */
    size_t n_children;
    pi_rule rule;
    /* Where it came from, for messages (XML line, element path). */
    unsigned line;
    char *origin;
} pi_node;

typedef struct pi_band {
    char *label;
    parindex_fixed lo, hi;
    unsigned char lo_inc, hi_inc;
} pi_band;

struct parindex_builder {
    pi_alloc pa;
    char *identity[PARINDEX_ID_COUNT];
    int decimals, rounding, stage;
    pi_node *nodes; /* insertion order; nodes[0] is the root */
    size_t n_nodes, cap_nodes;
    pi_strmap codes;
    pi_band *bands;
    size_t n_bands, cap_bands;
    char *source; /* file name for messages, may be NULL */
};

typedef struct pi_input {
    char *name;
    int kind;
    char **vocab; /* outcome names (borrowed from the rules) */
    size_t n_vocab;
} pi_input;

/* The scoring plan (score.c), built at freeze: one compact record per node
 * in pre-order, read backwards so that children come before parents. */
enum { PI_STEP_SUM = 0, PI_STEP_AGG = 1, PI_STEP_POINTS = 2, PI_STEP_LEAF = 3 };
typedef struct pi_step {
    parindex_fixed max;     /* declared maximum */
    parindex_fixed floor;   /* inner nodes: floor, PARINDEX_FIXED_NONE if none */
    parindex_fixed cap_all; /* inner nodes: the cap when everything applies:
                               min(cap, the applicable maximum) */
    int32_t parent;         /* -1 for the root */
    int32_t input;          /* PI_STEP_POINTS: the input index; else -1 */
    unsigned char kind;     /* PI_STEP_* */
    signed char round;      /* decimals to round to, -1 for none */
} pi_step;

/* A leaf, for the walk of units with nothing not applicable. */
typedef struct pi_leaf_step {
    parindex_fixed max;
    parindex_fixed cap;  /* the lower of the cap and the maximum */
    int32_t node, parent;
    int32_t input;      /* a given-points rule: its input; else -1 */
    signed char round;  /* as pi_step.round */
} pi_leaf_step;

typedef struct pi_plan {
    pi_step *steps;
    parindex_fixed *max;     /* declared maxima */
    parindex_fixed *max_all; /* the applicable maxima when everything applies */
    pi_leaf_step *leaves;    /* the leaves in pre-order */
    int32_t *inner;          /* the inner nodes, last in pre-order first */
    size_t n_leaves, n_inner;
    int leaf_round; /* the round of every leaf when all agree, else -2 */
} pi_plan;

struct parindex_ruleset {
    pi_alloc pa;
    char *identity[PARINDEX_ID_COUNT];
    int decimals, rounding, stage;
    pi_node *nodes; /* pre-order; children follow their parent */
    size_t n_nodes;
    size_t *child_start, *child_count, *children;
    int *depth;
    pi_strmap codes;
    pi_input *inputs;
    size_t n_inputs;
    pi_strmap input_names;
    size_t numeric_prefix; /* inputs [0, numeric_prefix) are all numbers */
    pi_band *bands;
    size_t n_bands;
    pi_plan plan;
};

/* builder.c: internal hooks for loaders */
int pi_builder_set_origin(parindex_builder *b, const char *code,
                          unsigned line, const char *origin);
int pi_builder_set_source(parindex_builder *b, const char *source);
long pi_builder_find(const parindex_builder *b, const char *code);

/* analyze.c: static analysis, run by parindex_builder_freeze once the rule
 * set has no error; findings go to `diag` as warnings. */
void pi_analyze(const parindex_builder *b, parindex_diag_fn diag,
                void *payload);

/* ruleset.c */
void pi_node_release(const pi_alloc *pa, pi_node *n);

/* score.c: build and free the scoring plan of a frozen rule set */
int pi_plan_build(parindex_ruleset *rs);
void pi_plan_free(parindex_ruleset *rs);

/* score.c: "N/A" or "NA", any case: the text of a cell not applicable */
int pi_is_na_text(const char *t);

/* ---- rules.c: evaluating one leaf --------------------------------------- */

enum { PI_IN_UNSET = 0, PI_IN_VALUE = 1, PI_IN_NA = 2 };

typedef struct pi_eval {
    parindex_fixed points; /* unrounded */
    parindex_fixed spill;  /* >= 0 */
    parindex_fixed measure;
    parindex_fixed occurrences;
    pi_i128 m_num, m_den; /* measure as an exact fraction (den > 0) */
    int has_measure;
    int match;
    int na;
    int zero_den;
} pi_eval;

/* Evaluate leaf `node`. Returns PARINDEX_OK or PARINDEX_EINPUT with the last
 * error set (message naming the node and input; no unit). */
int pi_eval_leaf(const parindex_ruleset *rs, size_t node,
                 const parindex_fixed *values, const unsigned char *states,
                 pi_eval *ev);
/* The one-line reason for a leaf. */
void pi_leaf_reason(const parindex_ruleset *rs, size_t node,
                    const parindex_fixed *values, const unsigned char *states,
                    const pi_eval *ev, parindex_fixed points,
                    parindex_fixed max, char *buf, size_t size);
/* Tier as "[70, 90)". */
void pi_tier_label(const pi_tier *t, char *buf, size_t size);

#endif /* PARINDEX_INTERNAL_H */
