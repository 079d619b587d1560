/* The shipped rule sets (the XML files of examples/rulesets) load through
 * the XML loader without a finding, and reproduce, from raw facts, the
 * figures of the documents they were built from: the Đắk Nông 2022
 * department (80.567 of 99) and district (71.79 of 100, 24.607 points
 * itemised), the PCI 2021 table and PAPI 2020. Files are found under
 * PARINDEX_SOURCE_DIR. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptest.h"

typedef struct fact {
    const char *name, *value;
} fact;

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ------------------------------------------------------------ */

static const char *source_dir(void)
{
    const char *d = getenv("PARINDEX_SOURCE_DIR");
    if (!d || !*d)
        fail_msg("PARINDEX_SOURCE_DIR is not set (run through ctest)");
    return d;
}

static void ruleset_path(char *buf, size_t size, const char *file)
{
    int n = snprintf(buf, size, "%s/examples/rulesets/%s", source_dir(), file);
    if (n < 0 || (size_t)n >= size)
        fail_msg("path too long for %s", file);
}

typedef struct tally {
    int errors, warnings;
    char first[600];
} tally;

static void count_diag(const parindex_error *d, void *payload)
{
    tally *t = payload;
    if (parindex_error_severity(d) == PARINDEX_SEVERITY_WARNING)
        t->warnings++;
    else
        t->errors++;
    if (!t->first[0])
        snprintf(t->first, sizeof t->first, "%s:%u:%u: %s", parindex_error_source(d),
                 parindex_error_line(d), parindex_error_column(d),
                 parindex_error_message(d));
}

/* Load a shipped rule set with warnings treated as errors: it must come
 * through without a single finding. */
static parindex_ruleset *load(const char *file)
{
    char path[1024];
    ruleset_path(path, sizeof path, file);
    parindex_load_options opts = PARINDEX_LOAD_OPTIONS_INIT;
    tally t = {0, 0, ""};
    opts.flags = PARINDEX_LOAD_WARNINGS_AS_ERRORS;
    opts.diag = count_diag;
    opts.diag_payload = &t;
    parindex_ruleset *rs = NULL;
    int rc = parindex_ruleset_load_file(&rs, path, &opts);
    if (rc != PARINDEX_OK || t.errors || t.warnings)
        fail_msg("%s: status %d, %d error(s), %d warning(s); first: %s", file,
                 rc, t.errors, t.warnings, t.first[0] ? t.first
                 : parindex_error_message(parindex_error_last()));
    assert_non_null(rs);
    return rs;
}

static size_t node_of(const parindex_ruleset *rs, const char *code)
{
    long i = parindex_ruleset_find_node(rs, code);
    if (i < 0)
        fail_msg("no node '%s' in %s", code,
                 parindex_ruleset_identity(rs, PARINDEX_ID_ID));
    return (size_t)i;
}

/* A rule set, one unit's inputs and a result table. */
typedef struct scored {
    parindex_ruleset *rs;
    parindex_inputs *in;
    parindex_results *res;
} scored;

static void open_scored(scored *s, const char *file)
{
    s->rs = load(file);
    assert_ok(parindex_inputs_new(&s->in, s->rs, NULL));
    assert_ok(parindex_results_new(&s->res, s->rs, NULL));
}

static void close_scored(scored *s)
{
    parindex_results_free(s->res);
    parindex_inputs_free(s->in);
    parindex_ruleset_free(s->rs);
}

static void set_facts(scored *s, const fact *f, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        int rc = parindex_inputs_set_text(s->in, f[k].name, f[k].value);
        if (rc != PARINDEX_OK)
            fail_msg("%s = %s: %s", f[k].name, f[k].value,
                     parindex_error_message(parindex_error_last()));
    }
}

static size_t add_unit(scored *s, const char *unit)
{
    int rc = parindex_results_add(s->res, unit, NULL, s->in);
    if (rc != PARINDEX_OK)
        fail_msg("scoring %s: %s", unit,
                 parindex_error_message(parindex_error_last()));
    return parindex_results_unit_count(s->res) - 1;
}

#define EARNED(s, u, code) \
    parindex_results_earned((s)->res, (u), node_of((s)->rs, (code)))
#define MAXOF(s, u, code) \
    parindex_results_max((s)->res, (u), node_of((s)->rs, (code)))

/* Points a node lost, as its explanation states them. */
static parindex_fixed explained_lost(const scored *s, size_t u, const char *code)
{
    parindex_explanation *e = NULL;
    assert_ok(parindex_results_explain(s->res, u, node_of(s->rs, code), &e));
    parindex_fixed lost = parindex_explanation_lost(e);
    parindex_explanation_free(e);
    return lost;
}

/* ---- every shipped rule set --------------------------------------------- */

typedef struct shipped {
    const char *file, *id;
    const char *max;      /* the total's maximum */
    size_t fields;        /* top-level nodes */
    const char *appraisal, *survey; /* leaf maxima per part ("" = none) */
} shipped;

static const shipped SHIPPED[] = {
    {"daknong-2022-department.xml", "daknong-2022-department", "99", 7, "", ""},
    {"daknong-2022-district.xml", "daknong-2022-district", "100", 8, "87", "13"},
    {"par-province-876.xml", "par-province-876", "100", 8, "68", "32"},
    {"pci.xml", "pci", "100", 10, "", ""},
    {"papi.xml", "papi", "80", 8, "", ""},
    {"sipas.xml", "sipas", "100", 5, "", ""},
};

static parindex_fixed leaf_max_in_part(const parindex_ruleset *rs, int part)
{
    parindex_fixed sum = 0;
    for (size_t i = 0; i < parindex_ruleset_node_count(rs); i++)
        if (parindex_node_rule(rs, i) != PARINDEX_RULE_NONE &&
            parindex_node_part(rs, i) == part)
            sum += parindex_node_max(rs, i);
    return sum;
}

static void every_shipped_ruleset_loads(void **state)
{
    (void)state;
    for (size_t k = 0; k < COUNT(SHIPPED); k++) {
        const shipped *sh = &SHIPPED[k];
        parindex_ruleset *rs = load(sh->file);
        assert_string_equal(parindex_ruleset_identity(rs, PARINDEX_ID_ID), sh->id);
        assert_true(strlen(parindex_ruleset_identity(rs, PARINDEX_ID_TITLE)) > 0);
        assert_true(strlen(parindex_ruleset_identity(rs, PARINDEX_ID_DECISION)) > 0);
        assert_fixed(parindex_node_max(rs, 0), sh->max);
        assert_int_equal(parindex_node_child_count(rs, 0), sh->fields);
        if (*sh->appraisal) {
            assert_fixed(leaf_max_in_part(rs, PARINDEX_PART_APPRAISAL), sh->appraisal);
            assert_fixed(leaf_max_in_part(rs, PARINDEX_PART_SURVEY), sh->survey);
        }
        parindex_ruleset_free(rs);
    }
}

/* A new file in examples/rulesets must be listed above (and so loaded). */
static void every_file_is_covered(void **state)
{
    (void)state;
    char dir[1024];
    ruleset_path(dir, sizeof dir, "");
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("cannot open %s", dir);
    size_t found = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t len = strlen(e->d_name);
        if (len < 4 || strcmp(e->d_name + len - 4, ".xml") != 0)
            continue;
        int listed = 0;
        for (size_t k = 0; k < COUNT(SHIPPED); k++)
            listed |= strcmp(SHIPPED[k].file, e->d_name) == 0;
        if (!listed) {
            closedir(d);
            fail_msg("%s is not covered by this test", e->d_name);
        }
        found++;
    }
    closedir(d);
    assert_int_equal(found, COUNT(SHIPPED));
}

/* ---- seed 001: the department, 2022 ------------------------------------- */

/* Sở Tài nguyên và Môi trường, raw facts of 2022 from its 2023 plan (the
 * same as in examples/data/daknong-2022-departments.csv). */
static const fact department_2022[] = {
    /* field 1: 8.75 of 13 */
    {"1.1.1", "on_time"}, {"1.1.2.done", "24"}, {"1.1.2.planned", "24"},
    {"1.1.3", "issued"}, {"1.2.submitted", "4"}, {"1.2.required", "4"},
    {"1.2.late", "1"}, {"1.3.1", "issued"}, {"1.3.2.handled", "3"},
    {"1.3.2.found", "3"}, {"1.4.1", "on_time"}, {"1.4.2.done", "12"},
    {"1.4.2.planned", "12"}, {"1.4.3.website", "1"}, {"1.4.3.media", "1"},
    {"1.4.3.seminar", "0"}, {"1.4.3.training", "0"}, {"1.5.1.done", "21"},
    {"1.5.1.received", "23"}, {"1.5.2", "4"}, {"1.6", "0"},
    /* field 2: 11.333 of 13 */
    {"2.1.1", "6"}, {"2.1.2.compliant", "1"}, {"2.1.2.sent", "2"},
    {"2.1.3.on_time", "2"}, {"2.1.3.planned", "2"}, {"2.2.1", "on_time"},
    {"2.2.2.done", "18"}, {"2.2.2.planned", "18"}, {"2.2.3.handled", "0"},
    {"2.2.3.found", "0"}, {"2.3.1", "on_time"}, {"2.3.2.done", "5"},
    {"2.3.2.tasks", "6"}, {"2.3.3", "on_time"}, {"2.4.1", "on_time"},
    {"2.4.2.done", "4"}, {"2.4.2.planned", "4"},
    /* field 3: 14 of 17 */
    {"3.1.1", "on_time"}, {"3.1.2.done", "6"}, {"3.1.2.planned", "6"},
    {"3.2.1", "on_time"}, {"3.2.2.done", "8"}, {"3.2.2.planned", "8"},
    {"3.2.3", "2"}, {"3.3.1.on_time", "5"}, {"3.3.1.total", "5"},
    {"3.3.2", "full"}, {"3.4.1.at_centre", "112"}, {"3.4.1.procedures", "112"},
    {"3.4.2.updated", "1260"}, {"3.4.2.dossiers", "1260"}, {"3.4.3", "done"},
    {"3.5.1.on_time", "1176"}, {"3.5.1.total", "1260"},
    {"3.5.2.apologised", "84"}, {"3.5.2.late", "84"}, {"3.6.1.on_time", "4"},
    {"3.6.1.received", "4"}, {"3.6.2", "published"},
    {"3.7.1.digitised", "1071"}, {"3.7.1.total", "1260"},
    {"3.7.2.submitted", "4"}, {"3.7.2.required", "4"}, {"3.8.1", "issued"},
    {"3.8.2.handled", "2"}, {"3.8.2.found", "2"},
    /* field 4: 9 of 9 */
    {"4.1.1", "on_time"}, {"4.1.2", "0"}, {"4.1.3", "0"}, {"4.2.1", "0"},
    {"4.2.2", "0"}, {"4.3.reduced", "3"}, {"4.3.target", "3"}, {"4.4", "done"},
    /* field 5: 17.5 of 19 */
    {"5.1.1", "on_time"}, {"5.1.2.placed", "186"}, {"5.1.2.staff", "186"},
    {"5.2", "0"}, {"5.3", "on_time"}, {"5.4.1", "issued"},
    {"5.4.2.trained", "30"}, {"5.4.2.planned", "40"}, {"5.5", "0"},
    {"5.6.1", "2"}, {"5.6.2", "0"}, {"5.7.1.complete", "186"},
    {"5.7.1.records", "186"}, {"5.7.2", "compliant"},
    /* field 6: 8.5 of 10.5 */
    {"6.1.1", "issued"}, {"6.1.2.disbursed", "48"}, {"6.1.2.allocated", "50"},
    {"6.1.3", "on_time"}, {"6.1.4", "0"}, {"6.2.1.done", "0"},
    {"6.2.1.total", "3"}, {"6.2.2", "submitted"}, {"6.3", "0"},
    {"6.4.1.granted", "4"}, {"6.4.1.units", "4"}, {"6.4.2", "increased"},
    /* field 7: 11.484 of 17.5 */
    {"7.1.1", "on_time"}, {"7.1.2.done", "10"}, {"7.1.2.planned", "10"},
    {"7.1.3.electronic", "1230"}, {"7.1.3.total", "2500"}, {"7.1.4", "full"},
    {"7.1.5.signed", "2500"}, {"7.1.5.issued", "2500"}, {"7.1.6.users", "12"},
    {"7.1.6.staff", "186"}, {"7.2.1.online", "96"},
    {"7.2.1.procedures", "112"}, {"7.2.2.online", "0"},
    {"7.2.2.total", "1260"}, {"7.2.3", "full"}, {"7.3.1", "not_compliant"},
    {"7.3.2", "regular"}, {"7.4", "0"},
};

/* What differs in 2021 (91.5 of 99; the plan gives only the total and the
 * rank, so these losses are illustrative). */
static const fact department_2021_changes[] = {
    /* field 1: 10 of 13 */
    {"1.2.late", "0"}, {"1.5.1.done", "23"},
    /* field 2: 13 of 13 */
    {"2.1.1", "0"}, {"2.1.2.compliant", "2"}, {"2.3.2.done", "6"},
    /* field 3: 15.5 of 17 */
    {"3.4.2.updated", "1200"}, {"3.4.2.dossiers", "1200"},
    {"3.5.1.on_time", "1152"}, {"3.5.1.total", "1200"},
    {"3.5.2.apologised", "48"}, {"3.5.2.late", "48"},
    {"3.7.1.digitised", "960"}, {"3.7.1.total", "1200"},
    /* field 5: 19 of 19 */
    {"5.4.2.trained", "40"}, {"5.6.1", "0"},
    /* field 6: 10.5 of 10.5 */
    {"6.2.1.done", "2"}, {"6.2.1.total", "2"},
    /* field 7: 14.5 of 17.5 */
    {"7.1.3.electronic", "2300"}, {"7.1.3.total", "2300"},
    {"7.1.6.users", "186"}, {"7.2.2.total", "1200"}, {"7.3.1", "compliant"},
};


static void department_shape_matches_the_plan(void **state)
{
    (void)state;
    /* per field: maximum, criteria, sub-criteria (as the plan counts them) */
    static const struct {
        const char *code, *max;
        size_t criteria, sub;
    } fields[] = {
        {"1", "13", 6, 13}, {"2", "13", 4, 11}, {"3", "17", 8, 18},
        {"4", "9", 4, 5},   {"5", "19", 7, 8},  {"6", "10.5", 4, 8},
        {"7", "17.5", 4, 11},
    };
    parindex_ruleset *rs = load("daknong-2022-department.xml");
    for (size_t k = 0; k < COUNT(fields); k++) {
        size_t f = node_of(rs, fields[k].code);
        assert_fixed(parindex_node_max(rs, f), fields[k].max);
        size_t nc = parindex_node_child_count(rs, f), sub = 0;
        for (size_t c = 0; c < nc; c++)
            sub += parindex_node_child_count(rs, (size_t)parindex_node_child(rs, f, c));
        if (nc != fields[k].criteria || sub != fields[k].sub)
            fail_msg("field %s: %zu criteria, %zu sub-criteria; the plan says %zu, %zu",
                     fields[k].code, nc, sub, fields[k].criteria, fields[k].sub);
    }
    parindex_ruleset_free(rs);
}

static void department_2022_scores_80_567(void **state)
{
    (void)state;
    scored s;
    open_scored(&s, "daknong-2022-department.xml");
    set_facts(&s, department_2022, COUNT(department_2022));
    size_t u = add_unit(&s, "Sở Tài nguyên và Môi trường");

    assert_fixed(parindex_results_total(s.res, u), "80.567");
    assert_fixed(parindex_results_max(s.res, u, 0), "99");
    assert_fixed(parindex_results_index(s.res, u), "81.380808");
    assert_string_equal(parindex_results_band(s.res, u), "Tốt");
    /* the fields: 8.75 (the plan prints 8.645, a typo: only 8.75 adds up) */
    static const char *const fields[][2] = {
        {"1", "8.75"}, {"2", "11.333"}, {"3", "14"}, {"4", "9"},
        {"5", "17.5"}, {"6", "8.5"},    {"7", "11.484"},
    };
    for (size_t k = 0; k < COUNT(fields); k++)
        assert_fixed(EARNED(&s, u, fields[k][0]), fields[k][1]);

    /* the items the plan names */
    assert_fixed(EARNED(&s, u, "1.2"), "0.5");  /* reports: lost 1 of 1.5 */
    assert_fixed(EARNED(&s, u, "1.2.2"), "0");  /* quality and timeliness */
    assert_fixed(EARNED(&s, u, "1.2.3"), "0");
    assert_fixed(EARNED(&s, u, "1.4"), "3");    /* communication 3 of 4 */
    assert_fixed(MAXOF(&s, u, "1.4"), "4");
    assert_fixed(EARNED(&s, u, "1.5"), "1.25"); /* dynamism 1.25 of 1.5 */
    assert_fixed(MAXOF(&s, u, "1.5"), "1.5");
    assert_fixed(EARNED(&s, u, "1.6"), "0");    /* innovation 0 of 2 */
    assert_fixed(MAXOF(&s, u, "1.6"), "2");
    assert_fixed(EARNED(&s, u, "2.1"), "2.5");  /* legal updates 2.5 of 4 */
    assert_fixed(MAXOF(&s, u, "2.1"), "4");
    assert_fixed(EARNED(&s, u, "2.3.2"), "0.833"); /* 5 of 6 review tasks */
    assert_fixed(EARNED(&s, u, "3.5.1"), "3");  /* procedure results 3 of 6 */
    assert_fixed(MAXOF(&s, u, "3.5.1"), "6");
    assert_fixed(EARNED(&s, u, "6.2"), "0.5");  /* audit recommendations */

    /* 3.5.1 explained: 84 late dossiers of 1,260, 93.33 % on time */
    parindex_explanation *e = NULL;
    assert_ok(parindex_results_explain(s.res, u, node_of(s.rs, "3.5.1"), &e));
    assert_fixed(parindex_explanation_lost(e), "3");
    assert_string_equal(parindex_explanation_match_label(e), "[90, 95)");
    assert_int_equal(parindex_explanation_input_count(e), 2);
    parindex_fixed on_time = parindex_explanation_input_value(e, 0);
    parindex_fixed received = parindex_explanation_input_value(e, 1);
    assert_fixed(received - on_time, "84");
    assert_fixed(parindex_explanation_measure(e), "93.333333");
    parindex_explanation_free(e);
    close_scored(&s);
}

static void department_2021_scores_91_5(void **state)
{
    (void)state;
    scored s;
    open_scored(&s, "daknong-2022-department.xml");
    set_facts(&s, department_2022, COUNT(department_2022));
    set_facts(&s, department_2021_changes, COUNT(department_2021_changes));
    size_t u = add_unit(&s, "Sở Tài nguyên và Môi trường");
    /* 10.933 points above 2022 */
    assert_fixed(parindex_results_total(s.res, u), "91.5");
    assert_fixed(parindex_results_total(s.res, u) - pt_fx("80.567"), "10.933");
    assert_string_equal(parindex_results_band(s.res, u), "Xuất sắc");
    close_scored(&s);
}

/* ---- seed 000: the district, 2022 --------------------------------------- */

/* The district of the 2023 remediation plan, raw facts of 2022 (as in
 * examples/data/daknong-2022-districts.csv, unit Huyện H). */
static const fact district_2022[] = {
    /* field 1: lost 3.75 */
    {"1.1.1", "on_time"}, {"1.1.2.done", "30"}, {"1.1.2.planned", "30"},
    {"1.1.3", "issued"}, {"1.2.submitted", "4"}, {"1.2.required", "4"},
    {"1.2.late", "1"}, {"1.3.1", "issued"}, {"1.3.2.inspected", "8"},
    {"1.3.2.planned", "8"}, {"1.3.3.handled", "5"}, {"1.3.3.found", "5"},
    {"1.4.1.done", "14"}, {"1.4.1.planned", "14"}, {"1.4.2.media", "1"},
    {"1.4.2.documents", "1"}, {"1.4.2.events", "0"}, {"1.5.1", "issued"},
    {"1.5.2.done", "40"}, {"1.5.2.received", "44"}, {"1.5.3.done", "6"},
    {"1.5.3.assigned", "6"}, {"1.5.4", "0"}, {"1.6.1", "done"},
    {"1.6.2", "done"}, {"1.7", "0"},
    /* field 2: no loss */
    {"2.1.1.on_time", "2"}, {"2.1.1.planned", "2"}, {"2.1.2.compliant", "2"},
    {"2.1.2.issued", "2"}, {"2.2.1", "done"}, {"2.2.2", "done"},
    {"2.2.3.handled", "1"}, {"2.2.3.found", "1"}, {"2.3.1", "on_time"},
    {"2.3.2.handled", "3"}, {"2.3.2.found", "3"}, {"2.4.1", "on_time"},
    {"2.4.2.done", "5"}, {"2.4.2.planned", "5"},
    /* field 3: lost 9 */
    {"3.1.1", "late"}, {"3.1.2.done", "7"}, {"3.1.2.planned", "7"},
    {"3.2.1", "late"}, {"3.2.2.done", "6"}, {"3.2.2.planned", "6"},
    {"3.3.1", "full"}, {"3.3.2", "full"}, {"3.4.1", "compliant"},
    {"3.4.2.at_desk", "286"}, {"3.4.2.procedures", "286"}, {"3.4.3", "done"},
    {"3.4.4.on_time", "5270"}, {"3.4.4.total", "6000"},
    {"3.4.5.updated", "5700"}, {"3.4.5.total", "6000"}, {"3.4.6", "done"},
    {"3.5.on_time", "3"}, {"3.5.received", "3"}, {"3.6.apologised", "0"},
    {"3.6.late", "730"}, {"3.7.1.digitised", "4800"}, {"3.7.1.total", "6000"},
    {"3.7.2.digitised", "4800"}, {"3.7.2.total", "6000"},
    {"3.7.3.submitted", "0"}, {"3.7.3.required", "4"},
    /* field 4: lost 1 */
    {"4.1.1", "on_time"}, {"4.1.2", "0"}, {"4.2.1", "0"}, {"4.2.2", "0"},
    {"4.3.reduced", "4"}, {"4.3.target", "4"}, {"4.4.1.done", "6"},
    {"4.4.1.assigned", "6"}, {"4.4.2", "0"}, {"4.4.3", "not_handled"},
    /* field 5: lost 2.25 */
    {"5.1.1", "on_time"}, {"5.1.2.placed", "118"}, {"5.1.2.staff", "118"},
    {"5.2", "0"}, {"5.3", "on_time"}, {"5.4", "0"}, {"5.5.1", "issued"},
    {"5.5.2.trained", "46"}, {"5.5.2.planned", "46"},
    {"5.6.1.qualified", "212"}, {"5.6.1.staff", "212"},
    {"5.6.2.trained", "180"}, {"5.6.2.staff", "212"},
    {"5.7.1.complete", "485"}, {"5.7.1.records", "500"},
    {"5.7.2", "compliant"}, {"5.7.3", "0"}, {"5.7.4", "4"},
    /* field 6: no loss */
    {"6.1.1.disbursed", "97"}, {"6.1.1.allocated", "100"},
    {"6.1.2", "on_time"}, {"6.1.3", "0"}, {"6.2.done", "2"},
    {"6.2.total", "2"}, {"6.3", "0"}, {"6.4.granted", "31"},
    {"6.4.units", "31"},
    /* field 7: lost 7.685 */
    {"7.1.1", "on_time"}, {"7.1.2.done", "5"}, {"7.1.2.planned", "6"},
    {"7.1.3.electronic", "5440"}, {"7.1.3.total", "8000"}, {"7.1.4", "done"},
    {"7.1.5.signed", "8000"}, {"7.1.5.issued", "8000"}, {"7.1.6.users", "416"},
    {"7.1.6.staff", "520"}, {"7.2.online", "87"}, {"7.2.total", "6000"},
    {"7.3.1", "compliant"}, {"7.3.2", "regular"}, {"7.4", "0"},
    /* field 8: lost 0.922 appraised, 3.603 surveyed */
    {"8.1.respondents", "480"}, {"8.1.1.satisfied", "358"},
    {"8.1.2.satisfied", "337"}, {"8.1.3.satisfied", "361"},
    {"8.1.4.satisfied", "350"}, {"8.1.5.satisfied", "314"},
    {"8.2.satisfied", "163"}, {"8.2.respondents", "220"}, {"8.3.rate", "6.25"},
    {"8.3.best", "10.81"}, {"8.4.satisfied", "171"},
    {"8.4.respondents", "229"}, {"8.5.collected", "412"},
    {"8.5.estimate", "400"}, {"8.6", "4"},
};


/* The 21 items of the plan (1.2.2 and 1.2.3 are one) and their losses. */
static const struct {
    const char *codes[2];
    const char *lost;
} district_items[] = {
    {{"1.2.2", "1.2.3"}, "0.5"}, {{"1.5.4"}, "0.5"}, {{"1.7"}, "2"},
    {{"1.4.2"}, "0.5"},  {{"1.5.2"}, "0.25"}, {{"3.1.1"}, "0.5"},
    {{"3.2.1"}, "0.5"},  {{"3.4.4"}, "5"},    {{"3.4.5"}, "0.5"},
    {{"3.6"}, "2"},      {{"3.7.3"}, "0.5"},  {{"4.4.2"}, "0.5"},
    {{"4.4.3"}, "0.5"},  {{"5.7.1"}, "0.25"}, {{"5.7.4"}, "2"},
    {{"7.1.2"}, "0.33"}, {{"7.1.3"}, "2"},    {{"7.1.6"}, "0.5"},
    {{"7.2"}, "4.855"},  {{"8.3"}, "0.422"},  {{"8.6"}, "0.5"},
};

static int is_itemised(const char *code)
{
    for (size_t k = 0; k < COUNT(district_items); k++)
        for (size_t j = 0; j < 2; j++)
            if (district_items[k].codes[j] &&
                strcmp(district_items[k].codes[j], code) == 0)
                return 1;
    return 0;
}

static int under(const char *code, const char *field)
{
    size_t n = strlen(field);
    return strncmp(code, field, n) == 0 && code[n] == '.';
}

static void district_2022_loses_the_printed_points(void **state)
{
    (void)state;
    scored s;
    open_scored(&s, "daknong-2022-district.xml");
    set_facts(&s, district_2022, COUNT(district_2022));
    size_t u = add_unit(&s, "Huyện H");
    const parindex_ruleset *rs = s.rs;

    /* per item, from the explanations */
    parindex_fixed itemised = 0;
    assert_int_equal(COUNT(district_items), 21);
    for (size_t k = 0; k < COUNT(district_items); k++) {
        parindex_fixed lost = 0;
        for (size_t j = 0; j < 2 && district_items[k].codes[j]; j++)
            lost += explained_lost(&s, u, district_items[k].codes[j]);
        if (lost != pt_fx(district_items[k].lost)) {
            char g[32];
            parindex_fixed_format_short(lost, g, sizeof g);
            fail_msg("item %s lost %s, the plan says %s", district_items[k].codes[0],
                     g, district_items[k].lost);
        }
        itemised += lost;
    }
    assert_fixed(itemised, "24.607");

    /* per field: the appraised losses the plan prints */
    static const char *const fields[][2] = {
        {"1", "3.75"}, {"2", "0"}, {"3", "9"},     {"4", "1"},
        {"5", "2.25"}, {"6", "0"}, {"7", "7.685"}, {"8", "0.922"},
    };
    parindex_fixed survey_lost = 0;
    for (size_t k = 0; k < COUNT(fields); k++) {
        parindex_fixed lost = 0;
        for (size_t i = 0; i < parindex_ruleset_node_count(rs); i++) {
            const char *code = parindex_node_code(rs, i);
            if (parindex_node_rule(rs, i) == PARINDEX_RULE_NONE ||
                !under(code, fields[k][0]))
                continue;
            parindex_fixed l = explained_lost(&s, u, code);
            if (parindex_node_part(rs, i) == PARINDEX_PART_SURVEY) {
                survey_lost += l;
                continue;
            }
            /* every appraised loss is one the plan itemises */
            if (l != 0 && !is_itemised(code))
                fail_msg("%s loses points the plan does not list", code);
            lost += l;
        }
        if (lost != pt_fx(fields[k][1])) {
            char g[32];
            parindex_fixed_format_short(lost, g, sizeof g);
            fail_msg("field %s lost %s in appraised items, the plan says %s",
                     fields[k][0], g, fields[k][1]);
        }
    }

    /* the total, and the remainder the plan does not itemise */
    assert_fixed(parindex_results_total(s.res, u), "71.79");
    assert_fixed(parindex_results_lost(s.res, u, 0), "28.21");
    assert_fixed(parindex_results_lost(s.res, u, 0) - itemised, "3.603");
    assert_fixed(survey_lost, "3.603");
    assert_fixed(parindex_results_part(s.res, u, PARINDEX_PART_SURVEY, 0), "9.397");
    assert_fixed(parindex_results_part(s.res, u, PARINDEX_PART_APPRAISAL, 0), "62.393");
    assert_fixed(parindex_results_lost(s.res, u, node_of(rs, "8")), "4.525");
    assert_string_equal(parindex_results_band(s.res, u), "Khá");
    close_scored(&s);
}

static void district_explanations_show_the_figures(void **state)
{
    (void)state;
    scored s;
    open_scored(&s, "daknong-2022-district.xml");
    set_facts(&s, district_2022, COUNT(district_2022));
    size_t u = add_unit(&s, "Huyện H");
    static const struct {
        const char *code, *points, *measure, *label, *reason;
    } cases[] = {
        /* 5 of 6 tasks: 2 × 0.833333 at two decimals */
        {"7.1.2", "1.67", "0.833333", "", "1.67 of 2 (lost 0.33)"},
        /* 416 of 520 staff use official e-mail, exactly 80 %: the middle tier */
        {"7.1.6", "0.5", "80", "[80, 100)", "(lost 0.5)"},
        {"3.4.4", "1", "87.833333", "[85, 90)", "(lost 5)"},
        {"7.2", "0.145", "1.45", "", "(lost 4.855)"},
        {"8.3", "0.578", "0.578168", "", "(lost 0.422)"},
        {"8.6", "0.5", "4", "[3, 5)", "(lost 0.5)"},
        {"3.6", "0", "0", "[0, 100)", "(lost 2)"},
    };
    for (size_t k = 0; k < COUNT(cases); k++) {
        parindex_explanation *e = NULL;
        assert_ok(parindex_results_explain(s.res, u, node_of(s.rs, cases[k].code), &e));
        assert_fixed(parindex_explanation_points(e), cases[k].points);
        assert_fixed(parindex_explanation_measure(e), cases[k].measure);
        assert_string_equal(parindex_explanation_match_label(e), cases[k].label);
        assert_contains(parindex_explanation_reason(e), cases[k].reason);
        parindex_explanation_free(e);
    }
    /* the communication forms: two of three */
    parindex_explanation *e = NULL;
    assert_ok(parindex_results_explain(s.res, u, node_of(s.rs, "1.4.2"), &e));
    assert_fixed(parindex_explanation_occurrences(e), "2");
    assert_contains(parindex_explanation_reason(e), "missing events");
    parindex_explanation_free(e);
    close_scored(&s);
}

/* ---- PCI 2021 ----------------------------------------------------------- */

/* domain.md §4.2: the ten sub-indices, the published PCI and tier, in rank
 * order. */
static const struct {
    const char *unit, *pci, *tier;
    const char *sub[10];
} pci_2021[] = {
    {"Quảng Ninh", "73.02", "Rất tốt",
     {"7.98", "7.39", "6.31", "8.52", "7.85", "6.96", "7.74", "7.39", "7.27", "7.91"}},
    {"Hải Phòng", "70.61", "Tốt",
     {"6.52", "6.77", "6.82", "7.64", "6.70", "6.02", "7.73", "7.49", "7.17", "7.21"}},
    {"Đồng Tháp", "70.53", "Tốt",
     {"7.73", "7.26", "6.94", "8.35", "8.11", "6.96", "7.27", "6.53", "6.42", "7.68"}},
    {"Đà Nẵng", "70.42", "Tốt",
     {"6.94", "7.51", "6.30", "7.46", "7.29", "5.92", "7.01", "7.57", "7.15", "7.33"}},
    {"Vĩnh Phúc", "69.69", "Tốt",
     {"7.02", "7.56", "5.63", "8.46", "8.05", "7.07", "7.20", "7.11", "6.81", "7.78"}},
    {"Bình Dương", "69.61", "Tốt",
     {"6.38", "7.21", "6.98", "8.01", "7.06", "6.36", "6.74", "7.64", "6.37", "6.47"}},
    {"Bắc Ninh", "69.45", "Tốt",
     {"6.53", "7.14", "6.39", "8.47", "7.27", "6.29", "7.27", "7.27", "6.74", "7.06"}},
    {"TT-Huế", "69.24", "Tốt",
     {"7.02", "7.05", "6.47", "8.29", "7.95", "6.39", "7.06", "6.94", "6.49", "7.16"}},
    {"BRVT", "69.03", "Tốt",
     {"6.48", "7.01", "6.07", "8.00", "7.23", "6.52", "6.77", "7.81", "6.56", "7.08"}},
    {"Hà Nội", "68.60", "Tốt",
     {"6.57", "6.60", "5.21", "8.45", "7.15", "5.38", "6.92", "7.74", "7.64", "6.60"}},
    {"Bình Định", "68.32", "Tốt",
     {"7.03", "6.97", "6.23", "8.14", "7.42", "6.41", "7.62", "7.13", "6.21", "7.35"}},
    {"Cần Thơ", "68.06", "Tốt",
     {"6.85", "7.43", "6.03", "6.24", "7.71", "5.58", "7.55", "7.64", "6.24", "7.43"}},
    {"Hải Dương", "67.65", "Khá",
     {"7.24", "7.37", "5.43", "7.23", "7.24", "8.38", "8.24", "6.56", "6.64", "7.83"}},
    {"TP.HCM", "67.50", "Khá",
     {"6.16", "6.98", "5.45", "7.58", "6.38", "6.09", "6.22", "8.54", "6.71", "6.39"}},
    {"Lâm Đồng", "67.17", "Khá",
     {"7.63", "7.28", "5.57", "6.55", "6.77", "7.19", "6.43", "7.34", "6.53", "7.99"}},
    {"Long An", "66.58", "Khá",
     {"7.10", "7.49", "5.93", "8.13", "7.27", "5.56", "7.40", "7.54", "5.44", "7.30"}},
    {"An Giang", "66.48", "Khá",
     {"6.44", "6.40", "6.48", "7.06", "7.30", "4.82", "7.18", "7.35", "5.81", "7.87"}},
    {"Bến Tre", "66.34", "Khá",
     {"7.29", "6.76", "6.24", "7.89", "7.40", "5.94", "7.13", "7.31", "5.39", "7.13"}},
    {"Quảng Nam", "66.24", "Khá",
     {"7.05", "7.16", "5.32", "7.79", "7.48", "6.63", "6.55", "7.06", "6.24", "7.87"}},
    {"Phú Thọ", "66.11", "Khá",
     {"7.37", "7.01", "6.10", "7.70", "6.45", "4.94", "7.18", "7.21", "6.21", "7.02"}},
    {"Bình Thuận", "65.96", "Khá",
     {"5.79", "6.98", "6.93", "7.25", "6.97", "5.52", "7.04", "7.69", "5.14", "6.35"}},
};

static const char *const pci_codes[10] = {
    "entry", "land", "transparency", "time_costs", "informal_charges",
    "policy_bias", "proactivity", "business_support", "labour", "legal",
};

static void pci_2021_reproduces_the_published_table(void **state)
{
    (void)state;
    scored s;
    open_scored(&s, "pci.xml");
    assert_int_equal(parindex_ruleset_input_count(s.rs), 10);
    for (size_t k = 0; k < 10; k++)
        assert_string_equal(parindex_ruleset_input_name(s.rs, k), pci_codes[k]);
    for (size_t r = 0; r < COUNT(pci_2021); r++) {
        for (size_t k = 0; k < 10; k++)
            assert_ok(parindex_inputs_set_text(s.in, pci_codes[k], pci_2021[r].sub[k]));
        size_t u = add_unit(&s, pci_2021[r].unit);
        parindex_fixed t = parindex_results_total(s.res, u);
        parindex_fixed d = t - pt_fx(pci_2021[r].pci);
        if (d > pt_fx("0.02") || d < -pt_fx("0.02")) {
            char g[32];
            parindex_fixed_format(t, 4, '.', g, sizeof g);
            fail_msg("%s: %s, published %s", pci_2021[r].unit, g, pci_2021[r].pci);
        }
        assert_string_equal(parindex_results_band(s.res, u), pci_2021[r].tier);
        /* the same rank order: strictly below the row ranked above */
        if (r > 0 && !(t < parindex_results_total(s.res, u - 1)))
            fail_msg("%s does not rank below %s", pci_2021[r].unit,
                     pci_2021[r - 1].unit);
    }
    /* one row worked by hand: Quảng Ninh, Σ wᵢ·sᵢ / 10 = 730.4 / 10 */
    assert_fixed(parindex_results_total(s.res, 0), "73.04");
    close_scored(&s);
}

/* ---- PAPI 2020 ---------------------------------------------------------- */

static void papi_2020_quang_ninh_is_48_811(void **state)
{
    (void)state;
    static const fact qn[] = {
        {"participation", "5.805"},           {"transparency", "6.499"},
        {"vertical_accountability", "4.793"}, {"control_of_corruption", "8.286"},
        {"public_admin_procedures", "7.611"}, {"public_service_delivery", "7.713"},
        {"environmental_governance", "4.964"}, {"e_governance", "3.14"},
    };
    scored s;
    open_scored(&s, "papi.xml");
    set_facts(&s, qn, COUNT(qn));
    size_t u = add_unit(&s, "Quảng Ninh");
    assert_fixed(parindex_results_total(s.res, u), "48.811");
    assert_fixed(parindex_results_max(s.res, u, 0), "80");
    char buf[32];
    parindex_fixed_format(parindex_results_total(s.res, u),
                          parindex_ruleset_decimals(s.rs), '.', buf, sizeof buf);
    assert_string_equal(buf, "48.8110");
    /* a dimension above its scale is refused, not capped */
    assert_ok(parindex_inputs_set_text(s.in, "e_governance", "10.5"));
    assert_int_equal(parindex_results_add(s.res, "out of scale", NULL, s.in),
                     PARINDEX_EINPUT);
    close_scored(&s);
}

/* ---- SIPAS and the national province shape ------------------------------ */

static void sipas_is_the_mean_of_factor_shares(void **state)
{
    (void)state;
    static const fact unit[] = {
        {"access.satisfied", "850"},        {"access.answers", "1000"},
        {"procedure.satisfied", "800"},     {"procedure.answers", "1000"},
        {"civil_servant.satisfied", "900"}, {"civil_servant.answers", "1000"},
        {"result.satisfied", "870"},        {"result.answers", "1000"},
        {"feedback.satisfied", "30"},       {"feedback.answers", "50"},
    };
    scored s;
    open_scored(&s, "sipas.xml");
    set_facts(&s, unit, COUNT(unit));
    size_t u = add_unit(&s, "five factors");
    /* (85 + 80 + 90 + 87 + 60) / 5 */
    assert_fixed(parindex_results_total(s.res, u), "80.4");
    assert_fixed(parindex_results_index(s.res, u), "80.4");
    /* nobody gave feedback: the factor drops out of the mean */
    assert_ok(parindex_inputs_set_text(s.in, "feedback.satisfied", "0"));
    assert_ok(parindex_inputs_set_text(s.in, "feedback.answers", "0"));
    u = add_unit(&s, "four factors");
    assert_true(parindex_results_is_na(s.res, u, node_of(s.rs, "feedback")));
    assert_fixed(parindex_results_total(s.res, u), "85.5");
    close_scored(&s);
}

static void province_876_parts_add_up(void **state)
{
    (void)state;
    scored s;
    open_scored(&s, "par-province-876.xml");
    const parindex_ruleset *rs = s.rs;
    /* appraised criteria at 90 % of their maximum, survey means 4 of 1–5,
     * 80 % of respondents satisfied */
    for (size_t i = 0; i < parindex_ruleset_node_count(rs); i++) {
        if (parindex_node_rule(rs, i) == PARINDEX_RULE_POINTS) {
            char v[32];
            parindex_fixed_format_short(parindex_node_max(rs, i) / 10 * 9, v, sizeof v);
            assert_ok(parindex_inputs_set_text(s.in, parindex_node_code(rs, i), v));
        } else if (parindex_node_rule(rs, i) == PARINDEX_RULE_SURVEY &&
                   strcmp(parindex_node_code(rs, i), "8.3") != 0) {
            assert_ok(parindex_inputs_set_text(s.in, parindex_node_code(rs, i), "4"));
        }
    }
    assert_ok(parindex_inputs_set_text(s.in, "8.3.satisfied", "800"));
    assert_ok(parindex_inputs_set_text(s.in, "8.3.respondents", "1000"));
    size_t u = add_unit(&s, "Tỉnh mẫu");
    /* 0.9 × 68 + 0.75 × 23 + 0.8 × 9 */
    assert_fixed(parindex_results_part(s.res, u, PARINDEX_PART_APPRAISAL, 0), "61.2");
    assert_fixed(parindex_results_part(s.res, u, PARINDEX_PART_SURVEY, 0), "24.45");
    assert_fixed(parindex_results_total(s.res, u), "85.65");
    assert_string_equal(parindex_results_band(s.res, u), "Nhóm B");
    close_scored(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_shipped_ruleset_loads),
        cmocka_unit_test(every_file_is_covered),
        cmocka_unit_test(department_shape_matches_the_plan),
        cmocka_unit_test(department_2022_scores_80_567),
        cmocka_unit_test(department_2021_scores_91_5),
        cmocka_unit_test(district_2022_loses_the_printed_points),
        cmocka_unit_test(district_explanations_show_the_figures),
        cmocka_unit_test(pci_2021_reproduces_the_published_table),
        cmocka_unit_test(papi_2020_quang_ninh_is_48_811),
        cmocka_unit_test(sipas_is_the_mean_of_factor_shares),
        cmocka_unit_test(province_876_parts_add_up),
    };
    return cmocka_run_group_tests_name("shipped_rulesets", tests, NULL, NULL);
}
