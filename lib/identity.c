/* The rule-set identity carried by outputs: a label and a digest of what
 * the rules compute. */
#include <stdio.h>
#include <string.h>

#include "out.h"

size_t parindex_ruleset_label(const parindex_ruleset *rs, char *buf,
                              size_t size)
{
    const char *id = rs ? parindex_ruleset_identity(rs, PARINDEX_ID_ID) : "";
    const char *ver = rs ? parindex_ruleset_identity(rs, PARINDEX_ID_VERSION) : "";
    int n = *ver ? snprintf(buf, size, "%s@%s", id, ver)
                 : snprintf(buf, size, "%s", id);
    return n < 0 ? 0 : (size_t)n;
}

/* FNV-1a over a canonical serialisation: every field is followed by a
 * separator byte so that concatenations cannot collide trivially. */
typedef struct digest {
    uint64_t h;
} digest;

static void d_bytes(digest *d, const void *p, size_t n)
{
    const unsigned char *u = p;
    for (size_t i = 0; i < n; i++) {
        d->h ^= u[i];
        d->h *= 1099511628211ULL;
    }
}

static void d_str(digest *d, const char *s)
{
    d_bytes(d, s ? s : "", s ? strlen(s) : 0);
    d_bytes(d, "\x1f", 1);
}

static void d_int(digest *d, int64_t v)
{
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
    d_bytes(d, buf, (size_t)n);
    d_bytes(d, "\x1e", 1);
}

int parindex_ruleset_digest(const parindex_ruleset *rs, char *buf, size_t size)
{
    pi_error_clear();
    if (!rs || !buf)
        return pi_error(PARINDEX_EMISUSE, "NULL argument to parindex_ruleset_digest");
    if (size < PARINDEX_DIGEST_SIZE)
        return pi_error(PARINDEX_EINVAL, "digest buffer of %zu bytes; %d needed", size,
                        PARINDEX_DIGEST_SIZE);
    digest d = {1469598103934665603ULL};
    d_str(&d, "parindex-ruleset-digest-1");
    for (int f = 0; f < PARINDEX_ID_COUNT; f++)
        d_str(&d, rs->identity[f]);
    d_int(&d, rs->decimals);
    d_int(&d, rs->rounding);
    d_int(&d, rs->stage);
    for (size_t b = 0; b < rs->n_bands; b++) {
        const pi_band *bd = &rs->bands[b];
        d_str(&d, bd->label);
        d_int(&d, bd->lo);
        d_int(&d, bd->hi);
        d_int(&d, bd->lo_inc);
        d_int(&d, bd->hi_inc);
    }
    for (size_t i = 0; i < rs->n_nodes; i++) {
        const pi_node *n = &rs->nodes[i];
        const pi_rule *r = &n->rule;
        d_str(&d, "node");
        d_str(&d, n->code);
        d_str(&d, n->name);
        d_int(&d, n->parent);
        d_int(&d, n->max);
        d_int(&d, n->weight);
        d_int(&d, n->weight_total);
        d_int(&d, n->floor);
        d_int(&d, n->cap);
        d_int(&d, n->aggregation);
        d_int(&d, n->part);
        d_int(&d, parindex_node_decimals(rs, i));
        d_int(&d, r->type);
        for (int k = 0; k < PI_ROLE_COUNT; k++)
            d_str(&d, r->input[k] >= 0 && (size_t)r->input[k] < rs->n_inputs
                          ? rs->inputs[r->input[k]].name : "");
        d_int(&d, r->is_ratio);
        for (int k = 0; k < PI_PARAM_COUNT; k++)
            d_int(&d, (r->param_set >> k) & 1u ? r->param[k] : PARINDEX_FIXED_NONE);
        for (size_t k = 0; k < r->n_outcomes; k++) {
            d_str(&d, r->outcomes[k].name);
            d_int(&d, r->outcomes[k].points);
        }
        for (size_t k = 0; k < r->n_tiers; k++) {
            const pi_tier *t = &r->tiers[k];
            d_int(&d, t->lo);
            d_int(&d, t->lo_inc);
            d_int(&d, t->hi);
            d_int(&d, t->hi_inc);
            d_int(&d, t->points);
        }
        for (size_t k = 0; k < r->n_cats; k++) {
            d_str(&d, r->cats[k].name);
            d_str(&d, r->cats[k].input >= 0 && (size_t)r->cats[k].input < rs->n_inputs
                          ? rs->inputs[r->cats[k].input].name : "");
            d_int(&d, r->cats[k].points);
        }
    }
    /* a letter first: spreadsheets must not read it as a number */
    snprintf(buf, size, "pd1-%016llx", (unsigned long long)d.h);
    return PARINDEX_OK;
}

void pi_json_ruleset(parindex_output *o, const parindex_ruleset *rs)
{
    static const char *const keys[PARINDEX_ID_COUNT] = {
        "id", "title", "level", "year", "decision", "version"};
    char label[512], dg[PARINDEX_DIGEST_SIZE] = "";
    parindex_ruleset_label(rs, label, sizeof label);
    (void)parindex_ruleset_digest(rs, dg, sizeof dg);
    pi_out_puts(o, "{");
    for (int f = 0; f < PARINDEX_ID_COUNT; f++) {
        pi_out_printf(o, "\"%s\": ", keys[f]);
        pi_json_string(o, parindex_ruleset_identity(rs, f));
        pi_out_puts(o, ", ");
    }
    pi_out_puts(o, "\"label\": ");
    pi_json_string(o, label);
    pi_out_puts(o, ", \"digest\": ");
    pi_json_string(o, dg);
    pi_out_printf(o, ", \"decimals\": %d}", parindex_ruleset_decimals(rs));
}
