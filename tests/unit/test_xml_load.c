/* The XML loader: the model each element and attribute maps to (checked by
 * scoring through it), every problem reaching the diag callback with its
 * line, column and path, versions, limits and allocation failures. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptest.h"

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define ROOT "<ruleset xmlns=\"urn:parindex:ruleset:1\" schema-version=\"1\" id=\"t\">\n"

/* Every diagnostic with its position. */
typedef struct diags {
    size_t n;
    int code[64], severity[64];
    unsigned line[64], col[64];
    char message[64][512], path[64][256], source[64][64];
} diags;

static void collect(const parindex_error *e, void *payload)
{
    diags *d = payload;
    if (d->n >= 64)
        fail_msg("too many diagnostics");
    size_t k = d->n++;
    d->code[k] = parindex_error_code(e);
    d->severity[k] = parindex_error_severity(e);
    d->line[k] = parindex_error_line(e);
    d->col[k] = parindex_error_column(e);
    snprintf(d->message[k], sizeof d->message[k], "%s", parindex_error_message(e));
    snprintf(d->path[k], sizeof d->path[k], "%s", parindex_error_path(e));
    snprintf(d->source[k], sizeof d->source[k], "%s", parindex_error_source(e));
}

static int load_text(const char *xml, parindex_ruleset **rs, diags *d,
                     const parindex_load_options *base)
{
    parindex_load_options opts = PARINDEX_LOAD_OPTIONS_INIT;
    if (base)
        opts = *base;
    memset(d, 0, sizeof *d);
    opts.diag = collect;
    opts.diag_payload = d;
    *rs = NULL;
    return parindex_ruleset_load_memory(rs, xml, strlen(xml), "t.xml", &opts);
}

#define assert_diag(d, k, code_, line_, col_, path_, msg_)                   \
    do {                                                                     \
        assert_true((d).n > (k));                                            \
        assert_int_equal((d).code[k], (code_));                              \
        assert_int_equal((d).line[k], (line_));                              \
        assert_int_equal((d).col[k], (col_));                                \
        assert_string_equal((d).path[k], (path_));                           \
        assert_string_equal((d).message[k], (msg_));                         \
        assert_string_equal((d).source[k], "t.xml");                         \
    } while (0)

static char *source_file(const char *rel)
{
    const char *dir = getenv("PARINDEX_SOURCE_DIR");
    static char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir ? dir : ".", rel);
    return path;
}

/* ---- the model -------------------------------------------------------- */

static size_t nd(const parindex_ruleset *rs, const char *code)
{
    long i = parindex_ruleset_find_node(rs, code);
    if (i < 0)
        fail_msg("no node %s", code);
    return (size_t)i;
}

static void every_element_maps_to_the_model(void **state)
{
    (void)state;
    parindex_ruleset *rs = NULL;
    diags d;
    memset(&d, 0, sizeof d);
    parindex_load_options opts = PARINDEX_LOAD_OPTIONS_INIT;
    opts.diag = collect;
    opts.diag_payload = &d;
    assert_ok(parindex_ruleset_load_file(
        &rs, source_file("tests/golden/valid/all-features.xml"), &opts));
    assert_int_equal(d.n, 0);

    /* identity, precision, total, bands */
    assert_string_equal(parindex_ruleset_identity(rs, PARINDEX_ID_ID), "golden-all-features");
    assert_string_equal(parindex_ruleset_identity(rs, PARINDEX_ID_TITLE),
                        "Bộ chỉ số thử nghiệm: mọi loại quy tắc");
    assert_string_equal(parindex_ruleset_identity(rs, PARINDEX_ID_LEVEL), "district");
    assert_string_equal(parindex_ruleset_identity(rs, PARINDEX_ID_YEAR), "2022");
    assert_string_equal(parindex_ruleset_identity(rs, PARINDEX_ID_DECISION), "251/QĐ-UBND");
    assert_string_equal(parindex_ruleset_identity(rs, PARINDEX_ID_VERSION), "3");
    assert_int_equal(parindex_ruleset_decimals(rs), 2);
    assert_int_equal(parindex_ruleset_rounding(rs), PARINDEX_ROUND_HALF_EVEN);
    assert_int_equal(parindex_ruleset_round_stage(rs), PARINDEX_ROUND_AT_NODE);
    assert_fixed(parindex_node_max(rs, 0), "20.5");
    assert_int_equal(parindex_ruleset_band_count(rs), 5);
    assert_string_equal(parindex_ruleset_classify(rs, pt_fx("90")), "Xuất sắc");
    assert_string_equal(parindex_ruleset_classify(rs, pt_fx("89.999")), "Tốt");
    assert_string_equal(parindex_ruleset_classify(rs, pt_fx("50")), "Trung bình");
    assert_string_equal(parindex_ruleset_classify(rs, pt_fx("49.99")), "Yếu");

    /* nodes: tree, maxima, weights, aggregation, part, decimals */
    assert_int_equal(parindex_ruleset_node_count(rs), 17);
    assert_int_equal(parindex_node_child_count(rs, nd(rs, "1")), 4);
    assert_int_equal(parindex_node_parent(rs, nd(rs, "1.3.2")), (long)nd(rs, "1.3"));
    assert_string_equal(parindex_node_name(rs, nd(rs, "1.1")), "Ban hành kế hoạch CCHC năm");
    assert_int_equal(parindex_node_aggregation(rs, nd(rs, "2")), PARINDEX_AGG_WEIGHTED_SUM);
    assert_int_equal(parindex_node_aggregation(rs, nd(rs, "3")), PARINDEX_AGG_MEAN);
    assert_fixed(parindex_node_weight(rs, nd(rs, "2.1")), "40");
    assert_fixed(parindex_node_weight(rs, nd(rs, "1.1")), "1");
    assert_int_equal(parindex_node_part(rs, nd(rs, "1.3.1")), PARINDEX_PART_APPRAISAL);
    assert_int_equal(parindex_node_part(rs, nd(rs, "2.3")), PARINDEX_PART_SURVEY);
    assert_int_equal(parindex_node_decimals(rs, nd(rs, "1.2")), 3);
    assert_int_equal(parindex_node_decimals(rs, nd(rs, "1.1")), 2);

    /* each rule, with every parameter */
    static const struct {
        const char *code;
        int type;
        const char *text;
    } rules[] = {
        {"1.1", PARINDEX_RULE_OUTCOME, "outcome input=1.1: on_time 1; late 0.5; none 0"},
        {"1.2", PARINDEX_RULE_TIERS,
         "tiers numerator=1.2.done denominator=1.2.planned scale=100 "
         "zero-denominator=full hit=first no-match=points no-match-points=0: "
         "(90, +inf) 2; [70, 90] 1; [0, 70) 0"},
        {"1.3.1", PARINDEX_RULE_TIERS,
         "tiers input=1.3.late hit=unique no-match=error: [0, 0] 1; (0, +inf) 0"},
        {"1.3.3", PARINDEX_RULE_DEDUCTION,
         "deduction input=1.3.3 penalty=0.25 floor=0 spill=true"},
        {"1.4", PARINDEX_RULE_COUNT,
         "count: media 0.5 (input 1.4.media); documents 0.5 (input 1.4.docs); "
         "contest 1 (input 1.4.contest)"},
        {"2.1", PARINDEX_RULE_PROPORTIONAL,
         "proportional numerator=2.1.on_time denominator=2.1.total scale=1 "
         "zero-denominator=na low=0 high=1 zero-below=0.5 full-from=0.98"},
        {"2.2", PARINDEX_RULE_PROPORTIONAL, "proportional input=2.2 low=0 high=1"},
        {"2.3", PARINDEX_RULE_SURVEY, "survey mode=mean input=2.3 low=1 high=5"},
        {"2.4", PARINDEX_RULE_SURVEY,
         "survey mode=share numerator=2.4.satisfied denominator=2.4.asked "
         "scale=1 zero-denominator=zero low=0 high=1"},
        {"2.5", PARINDEX_RULE_POINTS, "points input=2.5.appraised"},
        {"3.1", PARINDEX_RULE_COUNT, "count input=3.1.forms per=0.25"},
    };
    for (size_t k = 0; k < sizeof rules / sizeof *rules; k++) {
        char text[512];
        size_t i = nd(rs, rules[k].code);
        assert_int_equal(parindex_node_rule(rs, i), rules[k].type);
        size_t len = parindex_node_rule_text(rs, i, text, sizeof text);
        assert_string_equal(text, rules[k].text);
        assert_int_equal(len, strlen(rules[k].text));
    }
    assert_int_equal(parindex_ruleset_input_kind(
                         rs, (size_t)parindex_ruleset_find_input(rs, "1.1")),
                     PARINDEX_INPUT_OUTCOME);
    /* two leaves read one input */
    assert_true(parindex_ruleset_find_input(rs, "1.3.late") >= 0);
    assert_int_equal(parindex_ruleset_input_count(rs), 16);

    /* score one unit through every rule */
    parindex_inputs *in = NULL;
    parindex_results *res = NULL;
    assert_ok(parindex_inputs_new(&in, rs, NULL));
    assert_ok(parindex_results_new(&res, rs, NULL));
    assert_ok(parindex_inputs_set_outcome(in, "1.1", "late"));
    assert_ok(parindex_inputs_set(in, "1.2.done", pt_fx("9")));
    assert_ok(parindex_inputs_set(in, "1.2.planned", pt_fx("10")));
    assert_ok(parindex_inputs_set(in, "1.3.late", pt_fx("1")));
    assert_ok(parindex_inputs_set(in, "1.3.3", pt_fx("2")));
    assert_ok(parindex_inputs_set(in, "1.4.media", pt_fx("1")));
    assert_ok(parindex_inputs_set(in, "1.4.docs", pt_fx("0")));
    assert_ok(parindex_inputs_set(in, "1.4.contest", pt_fx("1")));
    assert_ok(parindex_inputs_set(in, "2.1.on_time", pt_fx("90")));
    assert_ok(parindex_inputs_set(in, "2.1.total", pt_fx("100")));
    assert_ok(parindex_inputs_set(in, "2.2", pt_fx("0.5")));
    assert_ok(parindex_inputs_set(in, "2.3", pt_fx("4")));
    assert_ok(parindex_inputs_set(in, "2.4.satisfied", pt_fx("8")));
    assert_ok(parindex_inputs_set(in, "2.4.asked", pt_fx("10")));
    assert_ok(parindex_inputs_set(in, "2.5.appraised", pt_fx("3")));
    assert_ok(parindex_inputs_set(in, "3.1.forms", pt_fx("3")));
    assert_ok(parindex_results_add(res, "A", NULL, in));
    static const struct {
        const char *code, *points;
    } want[] = {
        {"1.1", "0.5"},   /* outcome late */
        {"1.2", "1"},     /* ratio 90 %: (90, +inf) misses, [70, 90] hits */
        {"1.3.1", "0"},   {"1.3.2", "0"}, /* one late report zeroes both */
        {"1.3.3", "0.5"}, /* 1 − 2 × 0.25 */
        {"1.4", "1.5"},   /* media 0.5 + contest 1 */
        {"1", "3.5"},
        {"2.1", "9"},     /* 10 × 0.9 */
        {"2.2", "1"},     /* 2 × 0.5 */
        {"2.3", "3.75"},  /* 5 × (4 − 1) / (5 − 1) */
        {"2.4", "4"},     /* 5 × 8 / 10 */
        {"2.5", "3"},
        {"2", "9.33"},    /* 12 × (40·0.9 + 20·0.5 + 25·0.75 + 10·0.8 + 5·1) / 100 */
        {"3.1", "0.5"},   /* 3 × 0.25, capped at 0.5 */
        {"3", "0.5"},
        {"", "13.33"},
    };
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        parindex_fixed got = parindex_results_earned(res, 0, nd(rs, want[k].code));
        char g[48];
        parindex_fixed_format_short(got, g, sizeof g);
        if (got != pt_fx(want[k].points))
            fail_msg("node '%s': %s points, expected %s", want[k].code, g,
                     want[k].points);
    }
    assert_string_equal(parindex_results_band(res, 0), "Trung bình");

    /* zero denominators: full marks for 1.2, not applicable for 2.1, zero for 2.4 */
    assert_ok(parindex_inputs_set(in, "1.2.planned", 0));
    assert_ok(parindex_inputs_set(in, "2.1.total", 0));
    assert_ok(parindex_inputs_set(in, "2.4.asked", 0));
    assert_ok(parindex_results_add(res, "B", NULL, in));
    assert_fixed(parindex_results_earned(res, 1, nd(rs, "1.2")), "2");
    assert_true(parindex_results_is_na(res, 1, nd(rs, "2.1")));
    assert_fixed(parindex_results_earned(res, 1, nd(rs, "2.4")), "0");

    parindex_results_free(res);
    parindex_inputs_free(in);
    parindex_ruleset_free(rs);
}

/* Attribute defaults: input = code, hit unique, no match an error,
 * precision 3 / half_up / leaf, weight 1, aggregation sum. */
static void defaults(void **state)
{
    (void)state;
    static const char xml[] = HEAD ROOT
        "  <node code=\"1\" name=\"A\" max=\"2\">\n"
        "    <node code=\"1.1\" name=\"B\" max=\"1\">\n"
        "      <tiers><tier range=\"[0, +inf)\" points=\"1\"/></tiers>\n"
        "    </node>\n"
        "    <node code=\"1.2\" name=\"C\" max=\"1\"><deduction penalty=\"0.5\"/></node>\n"
        "  </node>\n"
        "</ruleset>\n";
    parindex_ruleset *rs;
    diags d;
    assert_ok(load_text(xml, &rs, &d, NULL));
    assert_int_equal(d.n, 0);
    assert_int_equal(parindex_ruleset_decimals(rs), 3);
    assert_int_equal(parindex_ruleset_rounding(rs), PARINDEX_ROUND_HALF_UP);
    assert_int_equal(parindex_ruleset_round_stage(rs), PARINDEX_ROUND_AT_LEAF);
    assert_int_equal(parindex_node_aggregation(rs, nd(rs, "1")), PARINDEX_AGG_SUM);
    assert_fixed(parindex_node_weight(rs, nd(rs, "1.1")), "1");
    assert_fixed(parindex_node_max(rs, 0), "2");
    char text[256];
    parindex_node_rule_text(rs, nd(rs, "1.1"), text, sizeof text);
    assert_string_equal(text, "tiers input=1.1 hit=unique no-match=error: [0, +inf) 1");
    parindex_node_rule_text(rs, nd(rs, "1.2"), text, sizeof text);
    assert_string_equal(text, "deduction input=1.2 penalty=0.5 floor=0 spill=false");
    assert_string_equal(parindex_ruleset_identity(rs, PARINDEX_ID_TITLE), "");
    parindex_ruleset_free(rs);
}

/* ---- problems: all of them, where they are -------------------------------- */

static void diag_receives_every_problem(void **state)
{
    (void)state;
    static const char xml[] = HEAD ROOT
        "  <node code=\"1\" name=\"A\" max=\"0\">\n"
        "    <points/>\n"
        "  </node>\n"
        "  <node code=\"2\" name=\"Đắk Nông\" max=\"1\" weight=\"-1\">\n"
        "    <points foo=\"1\"/>\n"
        "  </node>\n"
        "</ruleset>\n";
    parindex_ruleset *rs;
    diags d;
    assert_status(load_text(xml, &rs, &d, NULL), PARINDEX_ESCHEMA);
    assert_null(rs);
    assert_int_equal(d.n, 3);
    assert_diag(d, 0, PARINDEX_ESCHEMA, 3, 27, "/ruleset/node[1]/@max",
                "attribute 'max' of <node>: '0' is not a number above 0 (digits "
                "with at most 6 decimals after a '.', e.g. 13 or 0.5)");
    /* columns count characters: "Đắk Nông" is 8 characters, 12 bytes */
    assert_diag(d, 1, PARINDEX_ESCHEMA, 6, 42, "/ruleset/node[2]/@weight",
                "attribute 'weight' of <node>: '-1' is not a number above 0 "
                "(digits with at most 6 decimals after a '.', e.g. 13 or 0.5)");
    assert_diag(d, 2, PARINDEX_ESCHEMA, 7, 13, "/ruleset/node[2]/points/@foo",
                "<points>: attribute 'foo' is not allowed");
    /* the status and the last error are the first problem */
    const parindex_error *e = parindex_error_last();
    assert_int_equal(parindex_error_line(e), 3);
    assert_int_equal(parindex_error_column(e), 27);
    assert_string_equal(parindex_error_message(e), d.message[0]);
    assert_string_equal(parindex_error_source(e), "t.xml");

    /* rule problems found at freeze: each with its node's line and column */
    static const char rules[] = HEAD ROOT
        "  <node code=\"1\" name=\"A\" max=\"3\">\n"
        "    <node code=\"1.1\" name=\"B\" max=\"1\">\n"
        "      <outcome><option name=\"yes\" points=\"2\"/></outcome>\n"
        "    </node>\n"
        "      <node code=\"1.2\" name=\"C\" max=\"1\"><survey mode=\"mean\"/></node>\n"
        "  </node>\n"
        "</ruleset>\n";
    assert_status(load_text(rules, &rs, &d, NULL), PARINDEX_ERULE);
    assert_int_equal(d.n, 3);
    assert_diag(d, 0, PARINDEX_ERULE, 3, 3, "/ruleset/node[1]",
                "node 1: the children's maxima add up to 2, not to the node's "
                "maximum 3");
    assert_diag(d, 1, PARINDEX_ERULE, 4, 5, "/ruleset/node[1]/node[1]",
                "node 1.1: outcome 'yes' gives 2 points, above the maximum 1");
    assert_diag(d, 2, PARINDEX_ERULE, 7, 7, "/ruleset/node[1]/node[2]",
                "node 1.2: a survey mean needs its scale (range low and high)");
}

static void values_the_schema_cannot_check(void **state)
{
    (void)state;
    static const char xml[] = HEAD ROOT
        "  <node code=\"1\" name=\"A\" max=\"2\">\n"
        "    <node code=\"1.1\" name=\"B\" max=\"1\">\n"
        "      <tiers input=\"x\">\n"
        "        <tier range=\"[90,70]\" points=\"1\"/>\n"
        "        <tier range=\"[0, 1]\" points=\"0\"/>\n"
        "      </tiers>\n"
        "    </node>\n"
        "    <node code=\"1.2\" name=\"C\" max=\"1\">\n"
        "      <proportional denominator=\"y\" scale=\"100\"/>\n"
        "    </node>\n"
        "  </node>\n"
        "</ruleset>\n";
    parindex_ruleset *rs;
    diags d;
    assert_status(load_text(xml, &rs, &d, NULL), PARINDEX_ERULE);
    assert_int_equal(d.n, 2);
    assert_diag(d, 0, PARINDEX_ERULE, 6, 15, "/ruleset/node[1]/node[1]/tiers/tier[1]/@range",
                "attribute 'range' of <tier>: '[90,70]' contains no value (its "
                "low end is above its high end)");
    assert_diag(d, 1, PARINDEX_ERULE, 11, 21,
                "/ruleset/node[1]/node[2]/proportional/@denominator",
                "node 1.2: 'denominator' needs 'numerator'");
}

static void well_formedness(void **state)
{
    (void)state;
    parindex_ruleset *rs;
    diags d;
    assert_status(load_text(HEAD ROOT "  <node code=\"1\" name=\"A\" max=\"1\">\n"
                                      "    <points>\n  </node>\n</ruleset>\n",
                            &rs, &d, NULL),
                  PARINDEX_EPARSE);
    assert_true(d.n >= 1);
    assert_int_equal(d.code[0], PARINDEX_EPARSE);
    assert_int_equal(d.line[0], 5);
    assert_contains(d.message[0], "Opening and ending tag mismatch: points line 4 and node");
    /* a DOCTYPE, even harmless, is refused before parsing */
    assert_status(load_text(HEAD "<!-- c -->\n<!DOCTYPE ruleset>\n" ROOT
                                 "<node code=\"1\" name=\"A\" max=\"1\"><points/></node></ruleset>",
                            &rs, &d, NULL),
                  PARINDEX_EPARSE);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.line[0], 3);
    assert_int_equal(d.col[0], 1);
    assert_contains(d.message[0], "DOCTYPE declaration is not allowed");
    /* comments and CDATA sections do not disturb positions */
    static const char cdata[] = HEAD ROOT
        "  <!-- <node code=\"0\"> -->\n"
        "  <node code=\"1\" name=\"A\" max=\"1\"><description><![CDATA[<node max=\"x\">]]></description>\n"
        "    <points/> <points/>\n"
        "  </node>\n"
        "</ruleset>\n";
    assert_status(load_text(cdata, &rs, &d, NULL), PARINDEX_ESCHEMA);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.line[0], 5);
    assert_int_equal(d.col[0], 15);
    assert_string_equal(d.path[0], "/ruleset/node[1]/points[2]");
}

/* libxml2 writes some messages on two lines ("...indicate encoding !" then
 * "Bytes: 0xFF ..."): every message must reach the caller as one line, so
 * that each problem prints as one file:line:col: message. */
static void messages_are_one_line(void **state)
{
    (void)state;
    parindex_ruleset *rs;
    diags d;
    assert_status(load_text(HEAD ROOT "  <title>Bộ chỉ số \xFF</title>\n</ruleset>\n", &rs, &d, NULL),
                  PARINDEX_EPARSE);
    assert_diag(d, 0, PARINDEX_EPARSE, 3, 20, "",
                "Input is not proper UTF-8, indicate encoding !; Bytes: 0xFF 0x3C 0x2F 0x74");
    static const char *const bad[] = {
        HEAD ROOT "  <title>a\x80" "b</title>\n</ruleset>\n",
        HEAD ROOT "  <title>a\xC3</title>\n</ruleset>\n",
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" ROOT "<title>\xC3</title></ruleset>",
        HEAD ROOT "  <title a=\"1\" a=\"2\">x</title>\n</ruleset>\n",
        HEAD ROOT "  <title>x</title>\n</ruleset>\n<extra/>\n",
        HEAD ROOT "  <title>&unknown;</title>\n</ruleset>\n",
        HEAD ROOT "  <title>x</title\n",
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        int rc = load_text(bad[k], &rs, &d, NULL);
        parindex_ruleset_free(rs);
        assert_true(rc != PARINDEX_OK);
        assert_true(d.n >= 1);
        for (size_t i = 0; i < d.n; i++) {
            size_t n = strlen(d.message[i]);
            if (n == 0 || strpbrk(d.message[i], "\r\n") || d.message[i][n - 1] == ' ')
                fail_msg("case %zu, problem %zu: message '%s' is not one line", k, i,
                         d.message[i]);
        }
        /* the last error holds the first problem, on one line too */
        assert_null(strpbrk(parindex_error_message(parindex_error_last()), "\r\n"));
    }
}

static void unknown_versions(void **state)
{
    (void)state;
    parindex_ruleset *rs;
    diags d;
    assert_status(load_text(HEAD "<ruleset xmlns=\"urn:parindex:ruleset:3\" "
                                 "schema-version=\"3\" id=\"t\"/>",
                            &rs, &d, NULL),
                  PARINDEX_EVERSION);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.message[0],
                        "rule-set format version 3 (namespace urn:parindex:ruleset:3) "
                        "is not supported; known versions: 1 (namespace "
                        "urn:parindex:ruleset:1, schema-version=\"1\")");
    assert_status(load_text(HEAD "<ruleset xmlns=\"urn:parindex:ruleset:1\" "
                                 "schema-version=\"1.1\" id=\"t\"/>",
                            &rs, &d, NULL),
                  PARINDEX_EVERSION);
    assert_contains(d.message[0], "schema-version '1.1' is not supported; known versions: 1");
    assert_int_equal(d.line[0], 2);
    assert_int_equal(d.col[0], 41);
    assert_string_equal(d.path[0], "/ruleset/@schema-version");
    /* options of an unknown version */
    parindex_load_options opts = PARINDEX_LOAD_OPTIONS_INIT;
    opts.version = PARINDEX_LOAD_OPTIONS_VERSION + 1;
    assert_status(parindex_ruleset_load_memory(&rs, "<x/>", 4, NULL, &opts), PARINDEX_EVERSION);
    assert_error_mentions(PARINDEX_EVERSION, "load options version 2 is not supported");
    opts.version = 0;
    assert_status(parindex_ruleset_load_memory(&rs, "<x/>", 4, NULL, &opts), PARINDEX_EVERSION);
    assert_status(parindex_load_options_init(&opts, 7), PARINDEX_EVERSION);
    assert_ok(parindex_load_options_init(&opts, PARINDEX_LOAD_OPTIONS_VERSION));
    assert_int_equal(opts.version, PARINDEX_LOAD_OPTIONS_VERSION);
    assert_null(opts.diag);
    opts.flags = 0x80;
    assert_status(parindex_ruleset_load_memory(&rs, "<x/>", 4, NULL, &opts), PARINDEX_EINVAL);
    assert_status(parindex_ruleset_load_memory(NULL, "<x/>", 4, NULL, NULL), PARINDEX_EMISUSE);
    assert_status(parindex_ruleset_load_file(&rs, NULL, NULL), PARINDEX_EMISUSE);
}

/* ---- warnings ---------------------------------------------------------------- */

static const char gap_xml[] = HEAD ROOT
    "  <node code=\"1.1.4\" name=\"Plan\" max=\"2\">\n"
    "    <tiers numerator=\"done\" denominator=\"planned\" scale=\"100\">\n"
    "      <tier range=\"(90, +inf)\" points=\"2\"/>\n"
    "      <tier range=\"[70, 90)\" points=\"1\"/>\n"
    "      <tier range=\"(-inf, 70)\" points=\"0\"/>\n"
    "    </tiers>\n"
    "  </node>\n"
    "</ruleset>\n";

static void warnings_and_warnings_as_errors(void **state)
{
    (void)state;
    parindex_ruleset *rs;
    diags d;
    assert_ok(load_text(gap_xml, &rs, &d, NULL));
    assert_non_null(rs);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.severity[0], PARINDEX_SEVERITY_WARNING);
    assert_diag(d, 0, PARINDEX_ERULE, 3, 3, "/ruleset/node[1]",
                "node 1.1.4: no tier matches the ratio 90: scoring such a unit "
                "fails (no-match is 'error')");
    assert_int_equal(parindex_error_code(parindex_error_last()), PARINDEX_OK);
    parindex_ruleset_free(rs);

    parindex_load_options opts = PARINDEX_LOAD_OPTIONS_INIT;
    opts.flags = PARINDEX_LOAD_WARNINGS_AS_ERRORS;
    assert_status(load_text(gap_xml, &rs, &d, &opts), PARINDEX_ERULE);
    assert_null(rs);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.severity[0], PARINDEX_SEVERITY_ERROR);
    assert_string_equal(parindex_error_message(parindex_error_last()), d.message[0]);

    /* the same through the file's own warnings="error" */
    char strict[sizeof gap_xml + 32];
    snprintf(strict, sizeof strict, "%s", gap_xml);
    char *at = strstr(strict, "id=\"t\"");
    memmove(at + 17, at, strlen(at) + 1);
    memcpy(at, "warnings=\"error\" ", 17);
    assert_status(load_text(strict, &rs, &d, NULL), PARINDEX_ERULE);
    assert_int_equal(d.severity[0], PARINDEX_SEVERITY_ERROR);
    assert_int_equal(d.col[0], 3);
}

/* ---- limits -------------------------------------------------------------------- */

static void limits(void **state)
{
    (void)state;
    parindex_ruleset *rs;
    diags d;
    parindex_load_options opts = PARINDEX_LOAD_OPTIONS_INIT;
    static const char xml[] = HEAD ROOT
        "  <node code=\"1\" name=\"A\" max=\"1\">\n"
        "    <node code=\"1.1\" name=\"B\" max=\"1\">\n"
        "      <points/>\n"
        "    </node>\n"
        "  </node>\n"
        "</ruleset>\n";
    assert_ok(load_text(xml, &rs, &d, NULL));
    parindex_ruleset_free(rs);
    opts.max_depth = 3;
    assert_status(load_text(xml, &rs, &d, &opts), PARINDEX_ELIMIT);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.line[0], 5);
    assert_int_equal(d.col[0], 7);
    assert_string_equal(d.message[0], "elements are nested more than 3 deep (the limit)");
    opts.max_depth = 0;
    opts.max_elements = 3;
    assert_status(load_text(xml, &rs, &d, &opts), PARINDEX_ELIMIT);
    assert_string_equal(d.message[0], "the file has more than 3 elements (the limit)");
    assert_int_equal(d.line[0], 5);
    opts.max_elements = 4;
    assert_ok(load_text(xml, &rs, &d, &opts));
    parindex_ruleset_free(rs);
    opts.max_bytes = sizeof xml - 2; /* one byte short */
    assert_status(load_text(xml, &rs, &d, &opts), PARINDEX_ELIMIT);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.line[0], 0);
    opts.max_bytes = sizeof xml - 1;
    assert_ok(load_text(xml, &rs, &d, &opts));
    parindex_ruleset_free(rs);
}

static void file_errors(void **state)
{
    (void)state;
    parindex_ruleset *rs = NULL;
    assert_status(parindex_ruleset_load_file(&rs, "/nonexistent/rules.xml", NULL),
                  PARINDEX_EIO);
    assert_string_equal(parindex_error_source(parindex_error_last()), "/nonexistent/rules.xml");
    assert_contains(parindex_error_message(parindex_error_last()), "cannot open the file");
    assert_status(parindex_ruleset_load_file(&rs, source_file("tests/golden"), NULL),
                  PARINDEX_EIO);
    assert_contains(parindex_error_message(parindex_error_last()), "directory");
    /* the file's size is checked before reading it */
    parindex_load_options opts = PARINDEX_LOAD_OPTIONS_INIT;
    opts.max_bytes = 10;
    assert_status(parindex_ruleset_load_file(
                      &rs, source_file("tests/golden/valid/minimal.xml"), &opts),
                  PARINDEX_ELIMIT);
    assert_contains(parindex_error_message(parindex_error_last()), "above the limit of 10 bytes");
    assert_null(rs);
}

/* ---- allocation failures -------------------------------------------------------- */

typedef struct counting {
    long count, live, fail_at;
    int sticky;
} counting;

static void *c_alloc(void *opaque, size_t size)
{
    counting *c = opaque;
    long i = c->count++;
    if (c->fail_at >= 0 && (i == c->fail_at || (c->sticky && i > c->fail_at)))
        return NULL;
    void *p = malloc(size);
    if (p)
        c->live++;
    return p;
}

static void *c_realloc(void *opaque, void *ptr, size_t size)
{
    counting *c = opaque;
    long i = c->count++;
    if (c->fail_at >= 0 && (i == c->fail_at || (c->sticky && i > c->fail_at)))
        return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr)
        c->live++;
    return p;
}

static void c_free(void *opaque, void *ptr)
{
    counting *c = opaque;
    if (ptr)
        c->live--;
    free(ptr);
}

static void allocation_failures_do_not_leak(void **state)
{
    (void)state;
    const char *file = source_file("tests/golden/valid/all-features.xml");
    counting c = {0, 0, -1, 0};
    parindex_allocator a = {c_alloc, c_realloc, c_free, &c};
    parindex_load_options opts = PARINDEX_LOAD_OPTIONS_INIT;
    opts.alloc = &a;
    parindex_ruleset *rs = NULL;
    assert_ok(parindex_ruleset_load_file(&rs, file, &opts));
    long total = c.count;
    assert_true(total > 20);
    assert_true(c.live > 0); /* the rule set's memory comes from the allocator */
    parindex_ruleset_free(rs);
    assert_int_equal(c.live, 0);

    for (int sticky = 0; sticky < 2; sticky++) {
        long failed = 0;
        for (long k = 0; k < total; k++) {
            c.count = c.live = 0;
            c.fail_at = k;
            c.sticky = sticky;
            rs = NULL;
            int rc = parindex_ruleset_load_file(&rs, file, &opts);
            if (rc == PARINDEX_ENOMEM) {
                failed++;
                assert_null(rs);
                assert_contains(parindex_error_message(parindex_error_last()),
                                "out of memory");
            } else {
                /* only the best-effort analysis may lose an allocation */
                assert_int_equal(rc, PARINDEX_OK);
                assert_false(sticky);
                parindex_ruleset_free(rs);
            }
            if (c.live != 0)
                fail_msg("allocation %ld failed (sticky %d): %ld blocks leaked",
                         k, sticky, c.live);
        }
        if (sticky)
            assert_int_equal(failed, total);
        else
            assert_true(failed > total / 2);
    }
}

/* ---- threads ---------------------------------------------------------------------- */

static const char thread_xml[] = HEAD ROOT
    "  <node code=\"1\" name=\"A\" max=\"0\"><points/></node>\n"
    "  <node code=\"2\" name=\"B\" max=\"1\" weight=\"x\"><points/></node>\n"
    "</ruleset>\n";

/* Loads in a loop; returns the number of wrong results (no cmocka calls
 * off the main thread). */
static void *load_loop(void *arg)
{
    long *wrong = arg;
    const char *file = source_file("tests/golden/valid/all-features.xml");
    for (int k = 0; k < 25; k++) {
        diags d;
        memset(&d, 0, sizeof d);
        parindex_load_options opts = PARINDEX_LOAD_OPTIONS_INIT;
        opts.diag = collect;
        opts.diag_payload = &d;
        parindex_ruleset *rs = NULL;
        int rc = parindex_ruleset_load_memory(&rs, thread_xml, sizeof thread_xml - 1,
                                              "t.xml", &opts);
        const parindex_error *e = parindex_error_last();
        if (rc != PARINDEX_ESCHEMA || rs || d.n != 2 || d.line[0] != 3 ||
            d.col[0] != 27 || d.line[1] != 4 || d.col[1] != 35 ||
            parindex_error_line(e) != 3 || parindex_error_column(e) != 27)
            (*wrong)++;
        memset(&d, 0, sizeof d);
        rc = parindex_ruleset_load_file(&rs, file, &opts);
        if (rc != PARINDEX_OK || d.n != 0 || parindex_ruleset_node_count(rs) != 17)
            (*wrong)++;
        parindex_ruleset_free(rs);
    }
    return NULL;
}

/* Loads share no state: four threads at once get each their own problems,
 * positions and last error. */
static void concurrent_loads(void **state)
{
    (void)state;
    pthread_t t[4];
    long wrong[4] = {0, 0, 0, 0};
    for (int k = 0; k < 4; k++)
        assert_int_equal(pthread_create(&t[k], NULL, load_loop, &wrong[k]), 0);
    for (int k = 0; k < 4; k++) {
        assert_int_equal(pthread_join(t[k], NULL), 0);
        assert_int_equal(wrong[k], 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_element_maps_to_the_model),
        cmocka_unit_test(defaults),
        cmocka_unit_test(diag_receives_every_problem),
        cmocka_unit_test(values_the_schema_cannot_check),
        cmocka_unit_test(well_formedness),
        cmocka_unit_test(messages_are_one_line),
        cmocka_unit_test(unknown_versions),
        cmocka_unit_test(warnings_and_warnings_as_errors),
        cmocka_unit_test(limits),
        cmocka_unit_test(file_errors),
        cmocka_unit_test(allocation_failures_do_not_leak),
        cmocka_unit_test(concurrent_loads),
    };
    return cmocka_run_group_tests_name("xml_load", tests, NULL, NULL);
}
