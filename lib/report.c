/* Writing ranked scores as CSV (plain or for Excel) and JSON. */
#include <stdio.h>
#include <string.h>

#include "out.h"

static void csv_scores(parindex_output *o, const parindex_results *res,
                       const parindex_ranking *rk, unsigned flags)
{
    const parindex_ruleset *rs = parindex_results_ruleset(res);
    int mode = parindex_ruleset_rounding(rs), d0 = parindex_node_decimals(rs, 0);
    size_t nf = parindex_node_child_count(rs, 0);
    char label[512], dg[PARINDEX_DIGEST_SIZE] = "";
    parindex_ruleset_label(rs, label, sizeof label);
    (void)parindex_ruleset_digest(rs, dg, sizeof dg);
    pi_csvw w;
    pi_csvw_init(&w, o, flags);
    static const char *const head[] = {"rank", "unit", "group", "total",
                                       "max", "index", "band"};
    for (size_t k = 0; k < sizeof head / sizeof head[0]; k++)
        pi_csvw_text(&w, head[k]);
    for (size_t f = 0; f < nf; f++)
        pi_csvw_text(&w, parindex_node_code(rs, (size_t)parindex_node_child(rs, 0, f)));
    pi_csvw_text(&w, "ruleset");
    pi_csvw_text(&w, "ruleset_digest");
    pi_csvw_end(&w);
    size_t n = parindex_ranking_count(rk);
    for (size_t k = 0; k < n; k++) {
        size_t u = parindex_ranking_order(rk, k);
        pi_csvw_short(&w, parindex_ranking_rank(rk, u));
        pi_csvw_text(&w, parindex_results_unit(res, u));
        pi_csvw_text(&w, parindex_results_group(res, u));
        pi_csvw_fixed(&w, parindex_results_total(res, u), d0, mode);
        pi_csvw_fixed(&w, parindex_results_max(res, u, 0), d0, mode);
        pi_csvw_fixed(&w, parindex_results_index(res, u), d0, mode);
        pi_csvw_text(&w, parindex_results_band(res, u));
        for (size_t f = 0; f < nf; f++) {
            size_t node = (size_t)parindex_node_child(rs, 0, f);
            parindex_fixed e = parindex_results_is_na(res, u, node)
                                   ? PARINDEX_FIXED_NONE
                                   : parindex_results_earned(res, u, node);
            pi_csvw_fixed(&w, e, parindex_node_decimals(rs, node), mode);
        }
        pi_csvw_text(&w, label);
        pi_csvw_text(&w, dg);
        pi_csvw_end(&w);
    }
}

static void json_scores(parindex_output *o, const parindex_results *res,
                        const parindex_ranking *rk)
{
    const parindex_ruleset *rs = parindex_results_ruleset(res);
    int mode = parindex_ruleset_rounding(rs), d0 = parindex_node_decimals(rs, 0);
    size_t nf = parindex_node_child_count(rs, 0);
    pi_out_puts(o, "{\n  \"ruleset\": ");
    pi_json_ruleset(o, rs);
    pi_out_printf(o, ",\n  \"ties\": \"%s\",\n  \"key\": \"%s\",\n  \"fields\": [",
                  parindex_ties_name(parindex_ranking_ties(rk)),
                  parindex_ranking_key(rk) == PARINDEX_RANK_INDEX ? "index" : "total");
    for (size_t f = 0; f < nf; f++) {
        size_t node = (size_t)parindex_node_child(rs, 0, f);
        pi_out_puts(o, f ? ",\n    {\"code\": " : "\n    {\"code\": ");
        pi_json_string(o, parindex_node_code(rs, node));
        pi_out_puts(o, ", \"name\": ");
        pi_json_string(o, parindex_node_name(rs, node));
        pi_out_puts(o, ", \"max\": ");
        pi_json_fixed(o, parindex_node_max(rs, node), parindex_node_decimals(rs, node), mode);
        pi_out_puts(o, "}");
    }
    pi_out_puts(o, nf ? "\n  ],\n  \"units\": [" : "],\n  \"units\": [");
    size_t n = parindex_ranking_count(rk);
    for (size_t k = 0; k < n; k++) {
        size_t u = parindex_ranking_order(rk, k);
        pi_out_puts(o, k ? ",\n    {\"rank\": " : "\n    {\"rank\": ");
        pi_json_short(o, parindex_ranking_rank(rk, u));
        pi_out_puts(o, ", \"unit\": ");
        pi_json_string(o, parindex_results_unit(res, u));
        pi_out_puts(o, ", \"group\": ");
        pi_json_string(o, parindex_results_group(res, u));
        pi_out_puts(o, ", \"total\": ");
        pi_json_fixed(o, parindex_results_total(res, u), d0, mode);
        pi_out_puts(o, ", \"max\": ");
        pi_json_fixed(o, parindex_results_max(res, u, 0), d0, mode);
        pi_out_puts(o, ", \"index\": ");
        pi_json_fixed(o, parindex_results_index(res, u), d0, mode);
        pi_out_puts(o, ", \"band\": ");
        pi_json_string(o, parindex_results_band(res, u));
        pi_out_printf(o, ", \"group_size\": %zu, \"tied\": %zu, \"fields\": {",
                      parindex_ranking_group_size(rk, u), parindex_ranking_tied(rk, u));
        for (size_t f = 0; f < nf; f++) {
            size_t node = (size_t)parindex_node_child(rs, 0, f);
            if (f)
                pi_out_puts(o, ", ");
            pi_json_string(o, parindex_node_code(rs, node));
            pi_out_puts(o, ": ");
            pi_json_fixed(o, parindex_results_is_na(res, u, node)
                                 ? PARINDEX_FIXED_NONE
                                 : parindex_results_earned(res, u, node),
                          parindex_node_decimals(rs, node), mode);
        }
        pi_out_puts(o, "}}");
    }
    pi_out_puts(o, n ? "\n  ]\n}\n" : "]\n}\n");
}

int parindex_write_scores(parindex_output *o, const parindex_results *res,
                          const parindex_ranking *rk,
                          const parindex_format_options *opts)
{
    pi_error_clear();
    if (!o || !res || !rk)
        return pi_error(PARINDEX_EMISUSE, "NULL argument to parindex_write_scores");
    parindex_format_options f;
    int rc = pi_format_check(opts, &f);
    if (rc)
        return rc;
    if (!pi_ranking_matches(rk, res))
        return pi_error(PARINDEX_EINVAL, "the ranking was made from other results");
    if (f.format == PARINDEX_FORMAT_JSON)
        json_scores(o, res, rk);
    else
        csv_scores(o, res, rk, f.flags);
    return pi_out_status(o);
}
