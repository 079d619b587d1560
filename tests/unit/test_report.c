#define _POSIX_C_SOURCE 200809L
/* Writers: outputs (callbacks, atomic files, write failures), scores in CSV,
 * Excel CSV and JSON, the remediation table with a responsibility map, and
 * comparisons of score tables; the rule-set label and digest. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ptest.h"

#define C(state) ((pt_ctx *)*(state))

/* ---- a memory sink ------------------------------------------------------ */

typedef struct sink {
    char *data;
    size_t len;
    size_t fail_after; /* fail once this many bytes were accepted; 0: never */
    int calls;
} sink;

static int sink_write(void *payload, const void *data, size_t len)
{
    sink *s = payload;
    s->calls++;
    if (s->fail_after && s->len + len > s->fail_after)
        return -1;
    s->data = realloc(s->data, s->len + len + 1);
    assert_non_null(s->data);
    memcpy(s->data + s->len, data, len);
    s->len += len;
    s->data[s->len] = '\0';
    return 0;
}

static parindex_output *open_sink(sink *s)
{
    parindex_output *o = NULL;
    assert_ok(parindex_output_open_callback(&o, sink_write, s, NULL));
    assert_string_equal(parindex_output_temp_path(o), "");
    return o;
}

/* ---- a small rule set --------------------------------------------------- */

/* field 1 (3): 1.1 outcome (1), 1.2 (2) = 1.2.1 + 1.2.2 tiers on one input;
 * field 2 (2): 2.1 deduction 0.5 each, spilling to its parent, capped at
 * 1.5 (a cap below the maximum). Two decimals, with bands. */
static void build(pt_ctx *c)
{
    parindex_builder *b = c->b;
    assert_ok(parindex_builder_set_identity(b, PARINDEX_ID_ID, "test-set"));
    assert_ok(parindex_builder_set_identity(b, PARINDEX_ID_TITLE, "Bộ chỉ số \"thử\""));
    assert_ok(parindex_builder_set_identity(b, PARINDEX_ID_VERSION, "3"));
    assert_ok(parindex_builder_set_precision(b, 2, PARINDEX_ROUND_HALF_UP, PARINDEX_ROUND_AT_LEAF));
    assert_ok(parindex_builder_add_band(b, "Tốt", pt_fx("80"), 1, pt_fx("100"), 1));
    assert_ok(parindex_builder_add_band(b, "Khá", pt_fx("0"), 1, pt_fx("80"), 0));
    pt_node(b, NULL, "1", "3");
    pt_leaf(b, "1", "1.1", "1", PARINDEX_RULE_OUTCOME);
    pt_outcome(b, "1.1", "on_time", "1");
    pt_outcome(b, "1.1", "late", "0.5");
    pt_node(b, "1", "1.2", "2");
    pt_leaf(b, "1.2", "1.2.1", "1", PARINDEX_RULE_TIERS);
    pt_input(b, "1.2.1", PARINDEX_INPUT_VALUE, "1.2.late");
    pt_tier(b, "1.2.1", "0", 1, "0", 1, "1");
    pt_tier(b, "1.2.1", "0", 0, NULL, 0, "0");
    pt_leaf(b, "1.2", "1.2.2", "1", PARINDEX_RULE_TIERS);
    pt_input(b, "1.2.2", PARINDEX_INPUT_VALUE, "1.2.late");
    pt_tier(b, "1.2.2", "0", 1, "0", 1, "1");
    pt_tier(b, "1.2.2", "0", 0, NULL, 0, "0");
    pt_node(b, NULL, "2", "2");
    pt_leaf(b, "2", "2.1", "2", PARINDEX_RULE_DEDUCTION);
    pt_param(b, "2.1", PARINDEX_PARAM_PENALTY, "0.5");
    pt_param_enum(b, "2.1", PARINDEX_PARAM_SPILL, 1);
    assert_ok(parindex_builder_set_cap(b, "2", pt_fx("1.5")));
    pt_freeze(c);
}

static void add(pt_ctx *c, const char *unit, const char *group, const char *plan,
                const char *late, const char *occurrences)
{
    pt_set_outcome(c, "1.1", plan);
    pt_set(c, "1.2.late", late);
    pt_set(c, "2.1", occurrences);
    assert_ok(parindex_results_add(c->res, unit, group, c->in));
}

static void add_units(pt_ctx *c)
{
    add(c, "Sở A", "Sở", "on_time", "0", "0");        /* 3 + 1.5 (cap) = 4.5 */
    add(c, "Sở B, \"mới\"", "Sở", "late", "1", "1");  /* 0.5 + 0 + 1.5 = 2 */
    add(c, "Huyện C", "Huyện", "late", "0", "6");     /* 2.5 + 0 (spill 1) = 2.5 */
}

static char *write_scores(pt_ctx *c, int format, unsigned flags)
{
    parindex_ranking *rk = NULL;
    assert_ok(parindex_ranking_new(&rk, c->res, NULL));
    sink s = {0};
    parindex_output *o = open_sink(&s);
    parindex_format_options f = PARINDEX_FORMAT_OPTIONS_INIT;
    f.format = format;
    f.flags = flags;
    assert_ok(parindex_write_scores(o, c->res, rk, &f));
    assert_ok(parindex_output_commit(o));
    parindex_ranking_free(rk);
    return s.data;
}

static char digest[PARINDEX_DIGEST_SIZE];

static void scores_csv(void **state)
{
    pt_ctx *c = C(state);
    build(c);
    add_units(c);
    assert_ok(parindex_ruleset_digest(c->rs, digest, sizeof digest));
    char want[2048];
    snprintf(want, sizeof want,
             "rank,unit,group,total,max,index,band,1,2,ruleset,ruleset_digest\n"
             "1,Sở A,Sở,4.50,5.00,90.00,Tốt,3.00,1.50,test-set@3,%s\n"
             "2,\"Sở B, \"\"mới\"\"\",Sở,2.00,5.00,40.00,Khá,0.50,1.50,test-set@3,%s\n"
             "1,Huyện C,Huyện,2.50,5.00,50.00,Khá,2.50,0.00,test-set@3,%s\n",
             digest, digest, digest);
    char *got = write_scores(c, PARINDEX_FORMAT_CSV, 0);
    assert_string_equal(got, want);
    free(got);
}

static void scores_excel(void **state)
{
    pt_ctx *c = C(state);
    build(c);
    add_units(c);
    assert_ok(parindex_ruleset_digest(c->rs, digest, sizeof digest));
    char want[2048];
    snprintf(want, sizeof want,
             "\xEF\xBB\xBFrank;unit;group;total;max;index;band;1;2;ruleset;ruleset_digest\r\n"
             "1;Sở A;Sở;4,50;5,00;90,00;Tốt;3,00;1,50;test-set@3;%s\r\n"
             "2;\"Sở B, \"\"mới\"\"\";Sở;2,00;5,00;40,00;Khá;0,50;1,50;test-set@3;%s\r\n"
             "1;Huyện C;Huyện;2,50;5,00;50,00;Khá;2,50;0,00;test-set@3;%s\r\n",
             digest, digest, digest);
    char *got = write_scores(c, PARINDEX_FORMAT_CSV, PARINDEX_FORMAT_EXCEL);
    assert_string_equal(got, want);
    free(got);
}

/* Names that a spreadsheet would run as formulas stay text in the Excel
 * dialect; number cells (negative ones too) and the plain dialect are
 * unchanged. */
static void excel_keeps_formulas_text(void **state)
{
    pt_ctx *c = C(state);
    build(c);
    add(c, "=1+2", "@SUM(A1)", "on_time", "0", "0");
    add(c, "+cmd|' /C calc'!A0", "-x", "on_time", "0", "0");
    add(c, "\tTab", "\rCR", "on_time", "0", "0");
    add(c, "Sở A=1", "G", "on_time", "0", "0");
    assert_ok(parindex_ruleset_digest(c->rs, digest, sizeof digest));
    char want[2048];
    snprintf(want, sizeof want,
             "\xEF\xBB\xBFrank;unit;group;total;max;index;band;1;2;ruleset;ruleset_digest\r\n"
             "1;'=1+2;'@SUM(A1);4,50;5,00;90,00;Tốt;3,00;1,50;test-set@3;%s\r\n"
             "1;'+cmd|' /C calc'!A0;'-x;4,50;5,00;90,00;Tốt;3,00;1,50;test-set@3;%s\r\n"
             "1;'\tTab;\"'\rCR\";4,50;5,00;90,00;Tốt;3,00;1,50;test-set@3;%s\r\n"
             "1;Sở A=1;G;4,50;5,00;90,00;Tốt;3,00;1,50;test-set@3;%s\r\n",
             digest, digest, digest, digest);
    char *got = write_scores(c, PARINDEX_FORMAT_CSV, PARINDEX_FORMAT_EXCEL);
    assert_string_equal(got, want);
    free(got);
    snprintf(want, sizeof want,
             "rank,unit,group,total,max,index,band,1,2,ruleset,ruleset_digest\n"
             "1,=1+2,@SUM(A1),4.50,5.00,90.00,Tốt,3.00,1.50,test-set@3,%s\n"
             "1,+cmd|' /C calc'!A0,-x,4.50,5.00,90.00,Tốt,3.00,1.50,test-set@3,%s\n"
             "1,\"\tTab\",\"\rCR\",4.50,5.00,90.00,Tốt,3.00,1.50,test-set@3,%s\n"
             "1,Sở A=1,G,4.50,5.00,90.00,Tốt,3.00,1.50,test-set@3,%s\n",
             digest, digest, digest, digest);
    got = write_scores(c, PARINDEX_FORMAT_CSV, 0);
    assert_string_equal(got, want);
    free(got);
    /* the explanation table: unit names guarded; points, negative ones
     * too, stay numbers */
    add(c, "-Phòng", "G", "late", "0", "6");
    parindex_remediation *rem = NULL;
    assert_ok(parindex_remediation_new(&rem, c->res, NULL, 4));
    sink s = {0};
    parindex_output *out = open_sink(&s);
    parindex_format_options f = PARINDEX_FORMAT_OPTIONS_INIT;
    f.flags = PARINDEX_FORMAT_EXCEL;
    assert_ok(parindex_write_remediation(out, c->res, rem, &f));
    assert_ok(parindex_output_commit(out));
    assert_contains(s.data, "\r\n1;'-Phòng;1.1;1.1;1,00;0,50;0,50;");
    assert_contains(s.data, "\r\n'-Phòng;field;1;1;3,00;2,50;0,50;1\r\n");
    assert_contains(s.data, "\r\n'-Phòng;caps, floors and aggregation;;;;;-1,00;\r\n");
    free(s.data);
    parindex_remediation_free(rem);
}

static void scores_json(void **state)
{
    pt_ctx *c = C(state);
    build(c);
    add_units(c);
    assert_ok(parindex_ruleset_digest(c->rs, digest, sizeof digest));
    char *got = write_scores(c, PARINDEX_FORMAT_JSON, 0);
    char head[512];
    snprintf(head, sizeof head,
             "{\n  \"ruleset\": {\"id\": \"test-set\", \"title\": \"Bộ chỉ số \\\"thử\\\"\", "
             "\"level\": \"\", \"year\": \"\", \"decision\": \"\", \"version\": \"3\", "
             "\"label\": \"test-set@3\", \"digest\": \"%s\", \"decimals\": 2},\n"
             "  \"ties\": \"competition\",\n  \"key\": \"total\",\n", digest);
    assert_true(strncmp(got, head, strlen(head)) == 0);
    assert_contains(got, "{\"rank\": 2, \"unit\": \"Sở B, \\\"mới\\\"\", \"group\": \"Sở\", "
                         "\"total\": 2.00, \"max\": 5.00, \"index\": 40.00, \"band\": \"Khá\", "
                         "\"group_size\": 2, \"tied\": 0, \"fields\": {\"1\": 0.50, \"2\": 1.50}}");
    assert_contains(got, "{\"code\": \"2\", \"name\": \"2\", \"max\": 2.00}");
    size_t n = strlen(got);
    assert_string_equal(got + n - 6, "}\n  ]\n}\n" + 2);
    free(got);
}

static void writer_checks_arguments(void **state)
{
    pt_ctx *c = C(state);
    build(c);
    add_units(c);
    parindex_ranking *rk = NULL;
    assert_ok(parindex_ranking_new(&rk, c->res, NULL));
    sink s = {0};
    parindex_output *o = open_sink(&s);
    parindex_format_options f = PARINDEX_FORMAT_OPTIONS_INIT;
    f.format = 5;
    assert_status(parindex_write_scores(o, c->res, rk, &f), PARINDEX_EINVAL);
    f.format = 0;
    f.flags = 64;
    assert_status(parindex_write_scores(o, c->res, rk, &f), PARINDEX_EINVAL);
    f.flags = 0;
    f.version = 9;
    assert_status(parindex_write_scores(o, c->res, rk, &f), PARINDEX_EVERSION);
    assert_status(parindex_write_scores(o, c->res, NULL, NULL), PARINDEX_EMISUSE);
    /* a ranking of other results */
    add(c, "Sở Z", "Sở", "late", "0", "0");
    assert_status(parindex_write_scores(o, c->res, rk, NULL), PARINDEX_EINVAL);
    parindex_output_abort(o);
    assert_null(s.data);
    parindex_ranking_free(rk);
    assert_status(parindex_format_options_init(&f, 0), PARINDEX_EVERSION);
    assert_ok(parindex_format_options_init(&f, 1));
    assert_int_equal(f.format, PARINDEX_FORMAT_CSV);
}

/* ---- outputs ------------------------------------------------------------ */

static void callback_failure_stops_writing(void **state)
{
    pt_ctx *c = C(state);
    build(c);
    for (int i = 0; i < 2000; i++) {
        char name[32];
        snprintf(name, sizeof name, "Đơn vị %04d", i);
        add(c, name, NULL, "late", "0", "1");
    }
    parindex_ranking *rk = NULL;
    assert_ok(parindex_ranking_new(&rk, c->res, NULL));
    sink s = {0};
    s.fail_after = 100000; /* the second 64 KiB chunk fails */
    parindex_output *o = open_sink(&s);
    assert_status(parindex_write_scores(o, c->res, rk, NULL), PARINDEX_EIO);
    assert_error_mentions(PARINDEX_EIO, "cannot write");
    int calls = s.calls;
    assert_status(parindex_output_commit(o), PARINDEX_EIO);
    assert_int_equal(s.calls, calls); /* nothing more was attempted */
    assert_true(s.len <= 100000);
    free(s.data);
    parindex_ranking_free(rk);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The directory holds exactly `n` entries besides . and .. */
static void assert_entries(const char *dir, int n)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) -eq %d", dir, n);
    if (system(cmd) != 0)
        fail_msg("%s does not hold exactly %d files", dir, n);
}

static void atomic_file_commit_and_abort(void **state)
{
    (void)state;
    char dir[] = "/tmp/parindex-test-out-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    spit(path, "old\n");
    assert_int_equal(chmod(path, 0640), 0);

    parindex_output *o = NULL;
    assert_ok(parindex_output_open_file(&o, path, NULL));
    assert_contains(parindex_output_temp_path(o), dir);
    assert_entries(dir, 2); /* the target and the temporary file */
    parindex_output_abort(o);
    char *got = slurp(path);
    assert_string_equal(got, "old\n");
    free(got);
    assert_entries(dir, 1);

    assert_ok(parindex_output_open_file(&o, path, NULL));
    parindex_output_abort(NULL);
    /* nothing shows until the commit */
    parindex_ranking *rk = NULL;
    (void)rk;
    assert_ok(parindex_output_commit(o));
    got = slurp(path);
    assert_string_equal(got, "");
    free(got);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    assert_entries(dir, 1);

    /* a new file in a missing directory */
    char missing[300];
    snprintf(missing, sizeof missing, "%s/no/out.csv", dir);
    assert_status(parindex_output_open_file(&o, missing, NULL), PARINDEX_EIO);
    assert_null(o);
    assert_string_equal(parindex_error_source(parindex_error_last()), missing);
    /* a directory is not a file */
    assert_status(parindex_output_open_file(&o, dir, NULL), PARINDEX_EIO);
    assert_error_mentions(PARINDEX_EIO, "Is a directory");
    assert_status(parindex_output_open_file(&o, "", NULL), PARINDEX_EMISUSE);
    remove(path);
    rmdir(dir);
}

/* The file system refuses to grow the file in the middle of the output:
 * the previous file stays, the temporary file goes. */
static void atomic_file_write_error(void **state)
{
    pt_ctx *c = C(state);
    build(c);
    for (int i = 0; i < 3000; i++) {
        char name[32];
        snprintf(name, sizeof name, "Đơn vị %04d", i);
        add(c, name, "Nhóm", "on_time", "1", "2");
    }
    parindex_ranking *rk = NULL;
    assert_ok(parindex_ranking_new(&rk, c->res, NULL));
    char dir[] = "/tmp/parindex-test-out-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    spit(path, "old\n");

    struct rlimit old, lim;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    lim = old;
    lim.rlim_cur = 70000; /* the first 64 KiB chunk fits, the second not */
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    parindex_output *o = NULL;
    assert_ok(parindex_output_open_file(&o, path, NULL));
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    int rc = parindex_write_scores(o, c->res, rk, NULL);
    int rc2 = parindex_output_commit(o);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, prev);
    assert_int_equal(rc, PARINDEX_EIO);
    assert_status(rc2, PARINDEX_EIO);
    assert_error_mentions(PARINDEX_EIO, "File too large");
    char *got = slurp(path);
    assert_string_equal(got, "old\n");
    free(got);
    assert_entries(dir, 1);
    remove(path);
    rmdir(dir);
    parindex_ranking_free(rk);
}

/* ---- remediation -------------------------------------------------------- */

static const char map_csv[] =
    "code;lead;partners;deadline\r\n"
    "1.2;Phòng Nội vụ; Văn phòng ;\"Quý 1; quý 2\"\r\n"
    "2;\"Văn phòng; Phòng Nội vụ\";;Thường xuyên\r\n";

static void remediation_without_map(void **state)
{
    pt_ctx *c = C(state);
    build(c);
    add_units(c);
    parindex_remediation *rem = NULL;
    assert_ok(parindex_remediation_new(&rem, c->res, NULL, 2)); /* Huyện C */
    assert_int_equal(parindex_remediation_unit_count(rem), 1);
    assert_int_equal(parindex_remediation_unit(rem, 0), 2);
    assert_int_equal(parindex_remediation_item_count(rem, 0), 2);
    assert_string_equal(parindex_remediation_code(rem, 0, 0), "1.1");
    assert_fixed(parindex_remediation_lost(rem, 0, 0), "0.5");
    /* the deduction: 2 lost on the leaf and 1 more spilled to field 2 */
    assert_string_equal(parindex_remediation_code(rem, 0, 1), "2.1");
    assert_fixed(parindex_remediation_max(rem, 0, 1), "2");
    assert_fixed(parindex_remediation_earned(rem, 0, 1), "0");
    assert_fixed(parindex_remediation_lost(rem, 0, 1), "3");
    assert_contains(parindex_remediation_reason(rem, 0, 1), "6 occurrence(s)");
    assert_fixed(parindex_remediation_total_lost(rem, 0), "2.5");
    assert_fixed(parindex_remediation_itemised(rem, 0), "3.5");
    assert_fixed(parindex_remediation_unmapped(rem, 0), "0");
    /* the cap of field 2 (1.5 of 2) and the floor after the spill */
    assert_fixed(parindex_remediation_other(rem, 0), "-1");
    assert_string_equal(parindex_remediation_lead(rem, 0, 0), "");
    assert_int_equal(parindex_remediation_office_count(rem, 0), 0);
    /* out of range */
    assert_string_equal(parindex_remediation_code(rem, 0, 9), "");
    assert_int_equal(parindex_remediation_lost(rem, 3, 0), PARINDEX_FIXED_NONE);
    parindex_remediation_free(rem);
    assert_status(parindex_remediation_new(&rem, c->res, NULL, 3), PARINDEX_EINVAL);
    assert_status(parindex_remediation_new(&rem, c->res, NULL, -2), PARINDEX_EINVAL);
}

static void remediation_with_map(void **state)
{
    pt_ctx *c = C(state);
    build(c);
    add_units(c);
    parindex_respmap *map = NULL;
    parindex_csv_options o = PARINDEX_CSV_OPTIONS_INIT;
    o.source = "map.csv";
    assert_ok(parindex_respmap_read_csv_memory(&map, c->rs, map_csv, strlen(map_csv), &o));
    assert_int_equal(parindex_respmap_count(map), 2);
    parindex_remediation *rem = NULL;
    assert_ok(parindex_remediation_new(&rem, c->res, map, -1));
    assert_int_equal(parindex_remediation_unit_count(rem), 3);
    /* Sở B: 1.1 not in the map; 1.2.1 and 1.2.2 as one item under 1.2;
     * field 2 capped */
    assert_int_equal(parindex_remediation_item_count(rem, 1), 2);
    assert_string_equal(parindex_remediation_code(rem, 1, 0), "1.2");
    assert_int_equal(parindex_remediation_leaf_count(rem, 1, 0), 2);
    assert_fixed(parindex_remediation_lost(rem, 1, 0), "2");
    assert_fixed(parindex_remediation_max(rem, 1, 0), "2");
    assert_fixed(parindex_remediation_earned(rem, 1, 0), "0");
    assert_contains(parindex_remediation_reason(rem, 1, 0), "1.2.1: value 1");
    assert_contains(parindex_remediation_reason(rem, 1, 0), "; 1.2.2: value 1");
    assert_string_equal(parindex_remediation_lead(rem, 1, 0), "Phòng Nội vụ");
    assert_string_equal(parindex_remediation_partners(rem, 1, 0), "Văn phòng");
    assert_string_equal(parindex_remediation_deadline(rem, 1, 0), "Quý 1; quý 2");
    assert_string_equal(parindex_remediation_code(rem, 1, 1), "2");
    assert_fixed(parindex_remediation_lost(rem, 1, 1), "0.5");
    assert_fixed(parindex_remediation_total_lost(rem, 1), "3");
    assert_fixed(parindex_remediation_itemised(rem, 1), "2.5");
    assert_fixed(parindex_remediation_unmapped(rem, 1), "0.5");
    assert_string_equal(parindex_remediation_unmapped_codes(rem, 1), "1.1");
    assert_fixed(parindex_remediation_other(rem, 1), "0");
    /* offices: "Văn phòng; Phòng Nội vụ" leads item 2 for both */
    assert_int_equal(parindex_remediation_office_count(rem, 1), 2);
    assert_string_equal(parindex_remediation_office(rem, 1, 0), "Phòng Nội vụ");
    assert_int_equal(parindex_remediation_office_items(rem, 1, 0), 2);
    assert_fixed(parindex_remediation_office_lost(rem, 1, 0), "2.5");
    assert_string_equal(parindex_remediation_office(rem, 1, 1), "Văn phòng");
    assert_fixed(parindex_remediation_office_lost(rem, 1, 1), "0.5");
    /* Sở A lost only what the cap of field 2 took */
    assert_int_equal(parindex_remediation_item_count(rem, 0), 0);
    assert_fixed(parindex_remediation_total_lost(rem, 0), "0.5");
    assert_fixed(parindex_remediation_other(rem, 0), "0.5");

    sink s = {0};
    parindex_output *out = open_sink(&s);
    assert_ok(parindex_write_remediation(out, c->res, rem, NULL));
    assert_ok(parindex_output_commit(out));
    assert_contains(s.data, "STT,unit,code,name,max,earned,lost,reason,lead,partners,deadline\n"
                            "1,\"Sở B, \"\"mới\"\"\",1.2,1.2,2.00,0.00,2.00,");
    assert_contains(s.data, "\n\nunit,summary,code,name,max,earned,lost,items\n"
                            "Sở A,field,1,1,3.00,3.00,0.00,0\n");
    assert_contains(s.data, "\"Sở B, \"\"mới\"\"\",not in the map,,1.1,,,0.50,\n");
    assert_contains(s.data, "Sở A,\"caps, floors and aggregation\",,,,,0.50,\n");
    assert_contains(s.data, "\"Sở B, \"\"mới\"\"\",lead office,,Phòng Nội vụ,,,2.50,2\n");
    free(s.data);
    s = (sink){0};
    out = open_sink(&s);
    parindex_format_options f = PARINDEX_FORMAT_OPTIONS_INIT;
    f.format = PARINDEX_FORMAT_JSON;
    assert_ok(parindex_write_remediation(out, c->res, rem, &f));
    assert_ok(parindex_output_commit(out));
    assert_contains(s.data, "\"mapped\": true");
    assert_contains(s.data, "\"not_in_map\": 0.50, \"not_in_map_codes\": \"1.1\"");
    assert_contains(s.data, "{\"office\": \"Phòng Nội vụ\", \"items\": 2, \"lost\": 2.50}");
    free(s.data);
    parindex_remediation_free(rem);
    parindex_respmap_free(map);
}

static const struct bad_map {
    const char *text;
    int code;
    unsigned line, col;
    const char *message;
} bad_maps[] = {
    {"", PARINDEX_EPARSE, 1, 1,
     "the file is empty: the first line must name the columns (code, lead, partners, deadline)"},
    {"code,partners\n", PARINDEX_ESCHEMA, 1, 14,
     "missing column 'lead' (the columns are code, lead, partners, deadline)"},
    {"code,lead,office\n", PARINDEX_ESCHEMA, 1, 11,
     "unknown column 'office' (expected code, lead, partners, deadline)"},
    {"code,lead,lead\n", PARINDEX_ESCHEMA, 1, 11, "column 'lead' appears twice"},
    {"code,lead\n3.1,Phòng A\n", PARINDEX_ENOTFOUND, 2, 1,
     "column 'code': no node '3.1' in the rule set"},
    {"code,lead\n1.2,Phòng A\n1.2,Phòng B\n", PARINDEX_EEXISTS, 3, 1,
     "code '1.2' is listed twice (first on line 2)"},
    {"code,lead\n1.2,\n", PARINDEX_EPARSE, 2, 5,
     "code '1.2', column 'lead': empty lead office"},
    {"code,lead\n,Phòng A\n", PARINDEX_EPARSE, 2, 1, "column 'code': empty code"},
    {"code,lead\n1.2,Phòng A,x\n", PARINDEX_EPARSE, 2, 13,
     "the row has 3 cells; the header has 2"},
    {"code,lead,,\n1.2,Phòng A,,x\n", PARINDEX_EPARSE, 2, 14,
     "'x' is in column 4, which has no name in the first line (name the column or empty the cell)"},
    {"code,lead,\n1.2,Phòng A,,\n", PARINDEX_EPARSE, 2, 14,
     "the row has 4 cells; the header has 3 (2 with a name)"},
    {"code,,lead\n", PARINDEX_ESCHEMA, 1, 6,
     "unknown column '' (expected code, lead, partners, deadline)"},
    {"code,lead\n1.2,Ph\xC3\n", PARINDEX_EPARSE, 2, 5,
     "column 'lead': invalid UTF-8 in 'Ph\\xC3' (byte 3 of the cell); save the file as \"CSV UTF-8\""},
};

/* What a spreadsheet saves: unnamed empty columns at the end. */
static void trailing_unnamed_columns(void **state)
{
    (void)state;
    pt_ctx *c = pt_ctx_new();
    build(c);
    static const char map[] = "\xEF\xBB\xBF" "code;lead;partners;deadline;;\r\n"
                              "1.2;Phòng Nội vụ;;Quý 1;;\r\n"
                              "2;Văn phòng;;\r\n";
    parindex_respmap *m = NULL;
    assert_ok(parindex_respmap_read_csv_memory(&m, c->rs, map, strlen(map), NULL));
    assert_int_equal(parindex_respmap_count(m), 2);
    parindex_respmap_free(m);
    pt_ctx_free(c);
    static const char scores[] = "rank;unit;group;total;;\r\n"
                                 "1;A;G;91,5;;\r\n"
                                 "2;B;G;80\r\n";
    parindex_scoretable *t = NULL;
    assert_ok(parindex_scoretable_read_csv_memory(&t, scores, strlen(scores), NULL, NULL));
    assert_int_equal(parindex_scoretable_count(t), 2);
    parindex_scoretable_free(t);
    static const char bad[] = "rank,unit,total,\n1,A,1,x\n";
    t = (parindex_scoretable *)1;
    assert_status(parindex_scoretable_read_csv_memory(&t, bad, strlen(bad), NULL, NULL),
                  PARINDEX_EPARSE);
    assert_null(t);
    const parindex_error *e = parindex_error_last();
    assert_int_equal(parindex_error_line(e), 2);
    assert_int_equal(parindex_error_column(e), 7);
    assert_string_equal(parindex_error_message(e),
                        "'x' is in column 4, which has no name in the first line (name the column or empty the cell)");
}

/* Every constructor sets *out to NULL when it fails, whatever the reason. */
static void failed_constructors_clear_out(void **state)
{
    pt_ctx *c = C(state);
    build(c);
    add_units(c);
    void *const junk = (void *)&junk;
    parindex_respmap *map = junk;
    assert_status(parindex_respmap_read_csv(&map, c->rs, NULL, NULL), PARINDEX_EMISUSE);
    assert_null(map);
    map = junk;
    assert_status(parindex_respmap_read_csv(&map, NULL, "map.csv", NULL), PARINDEX_EMISUSE);
    assert_null(map);
    map = junk;
    assert_status(parindex_respmap_read_csv_memory(&map, c->rs, NULL, 5, NULL), PARINDEX_EMISUSE);
    assert_null(map);
    map = junk;
    assert_status(parindex_respmap_read_csv(&map, c->rs, "/nonexistent/map.csv", NULL),
                  PARINDEX_EIO);
    assert_null(map);
    parindex_scoretable *t = junk;
    assert_status(parindex_scoretable_read_csv(&t, NULL, NULL, NULL), PARINDEX_EMISUSE);
    assert_null(t);
    t = junk;
    assert_status(parindex_scoretable_read_csv_memory(&t, NULL, 5, NULL, NULL), PARINDEX_EMISUSE);
    assert_null(t);
    t = junk;
    assert_status(parindex_scoretable_read_csv(&t, "/nonexistent/s.csv", NULL, NULL), PARINDEX_EIO);
    assert_null(t);
    parindex_comparison *cmp = junk;
    assert_status(parindex_comparison_new(&cmp, NULL, NULL), PARINDEX_EMISUSE);
    assert_null(cmp);
    parindex_remediation *rem = junk;
    assert_status(parindex_remediation_new(&rem, NULL, NULL, -1), PARINDEX_EMISUSE);
    assert_null(rem);
    rem = junk;
    assert_status(parindex_remediation_new(&rem, c->res, NULL, 99), PARINDEX_EINVAL);
    assert_null(rem);
    parindex_ranking *rk = junk;
    assert_status(parindex_ranking_new(&rk, NULL, NULL), PARINDEX_EMISUSE);
    assert_null(rk);
    rk = junk;
    parindex_rank_options ro = PARINDEX_RANK_OPTIONS_INIT;
    ro.ties = 99;
    assert_status(parindex_ranking_new(&rk, c->res, &ro), PARINDEX_EINVAL);
    assert_null(rk);
    parindex_output *o = junk;
    assert_status(parindex_output_open_file(&o, NULL, NULL), PARINDEX_EMISUSE);
    assert_null(o);
    o = junk;
    assert_status(parindex_output_open_file(&o, "", NULL), PARINDEX_EMISUSE);
    assert_null(o);
    o = junk;
    assert_status(parindex_output_open_file(&o, "/nonexistent/dir/out.csv", NULL), PARINDEX_EIO);
    assert_null(o);
    o = junk;
    assert_status(parindex_output_open_callback(&o, NULL, NULL, NULL), PARINDEX_EMISUSE);
    assert_null(o);
    /* a NULL out is reported, not written through */
    assert_status(parindex_respmap_read_csv(NULL, c->rs, NULL, NULL), PARINDEX_EMISUSE);
    assert_status(parindex_scoretable_read_csv(NULL, NULL, NULL, NULL), PARINDEX_EMISUSE);
    assert_status(parindex_output_open_callback(NULL, NULL, NULL, NULL), PARINDEX_EMISUSE);
}

static void respmap_errors(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof bad_maps / sizeof bad_maps[0]; k++) {
        const struct bad_map *b = &bad_maps[k];
        pt_ctx *c = pt_ctx_new();
        build(c);
        parindex_respmap *map = (parindex_respmap *)1;
        parindex_csv_options o = PARINDEX_CSV_OPTIONS_INIT;
        o.source = "map.csv";
        int rc = parindex_respmap_read_csv_memory(&map, c->rs, b->text, strlen(b->text), &o);
        const parindex_error *e = parindex_error_last();
        if (rc != b->code || parindex_error_line(e) != b->line ||
            parindex_error_column(e) != b->col ||
            strcmp(parindex_error_message(e), b->message) != 0)
            fail_msg("case %zu: got %d %u:%u: %s", k, rc, parindex_error_line(e),
                     parindex_error_column(e), parindex_error_message(e));
        assert_null(map);
        pt_ctx_free(c);
    }
}

/* ---- comparison --------------------------------------------------------- */

static const char old_csv[] =
    "rank,unit,group,total,ruleset,ruleset_digest\n"
    "1,A,G,91.5,set@1,aaaa\n"
    "2,B,G,90.25,set@1,aaaa\n"
    "3,C,G,80,set@1,aaaa\n";
static const char new_csv[] =
    "\xEF\xBB\xBFrank;unit;group;total;ruleset;ruleset_digest;note\r\n"
    "1;B;G;92,125;set@1;aaaa;x\r\n"
    "2;A;G;80,567;set@1;aaaa;y\r\n"
    "N/A;D;G;0;set@1;aaaa;z\r\n";

static parindex_scoretable *table(const char *text)
{
    parindex_scoretable *t = NULL;
    assert_ok(parindex_scoretable_read_csv_memory(&t, text, strlen(text), NULL, NULL));
    return t;
}

static void compares_score_tables(void **state)
{
    (void)state;
    parindex_scoretable *o = table(old_csv), *n = table(new_csv);
    assert_int_equal(parindex_scoretable_count(o), 3);
    assert_string_equal(parindex_scoretable_ruleset(n), "set@1");
    assert_string_equal(parindex_scoretable_digest(n), "aaaa");
    parindex_comparison *cmp = NULL;
    assert_ok(parindex_comparison_new(&cmp, o, n));
    const char *why = NULL;
    assert_int_equal(parindex_comparison_same_ruleset(cmp, &why), 1);
    assert_string_equal(why, "");
    assert_int_equal(parindex_comparison_count(cmp), 4);
    assert_string_equal(parindex_comparison_unit(cmp, 0), "B");
    assert_fixed(parindex_comparison_change(cmp, 0), "1.875");
    assert_fixed(parindex_comparison_rank_change(cmp, 0), "1");
    assert_string_equal(parindex_comparison_unit(cmp, 1), "A");
    assert_fixed(parindex_comparison_old_total(cmp, 1), "91.5");
    assert_fixed(parindex_comparison_new_total(cmp, 1), "80.567");
    assert_fixed(parindex_comparison_change(cmp, 1), "-10.933");
    assert_fixed(parindex_comparison_rank_change(cmp, 1), "-1");
    assert_int_equal(parindex_comparison_status(cmp, 2), PARINDEX_CHANGE_ENTERED);
    assert_int_equal(parindex_comparison_new_rank(cmp, 2), PARINDEX_FIXED_NONE);
    assert_int_equal(parindex_comparison_rank_change(cmp, 2), PARINDEX_FIXED_NONE);
    assert_int_equal(parindex_comparison_status(cmp, 3), PARINDEX_CHANGE_LEFT);
    assert_string_equal(parindex_comparison_unit(cmp, 3), "C");
    assert_int_equal(parindex_comparison_change(cmp, 3), PARINDEX_FIXED_NONE);
    assert_int_equal(parindex_comparison_status(cmp, 4), -1);

    sink s = {0};
    parindex_output *out = open_sink(&s);
    assert_ok(parindex_write_comparison(out, cmp, NULL));
    assert_ok(parindex_output_commit(out));
    assert_string_equal(s.data,
        "unit,group,status,old_total,new_total,change,old_rank,new_rank,rank_change,movement\n"
        "B,G,both,90.250,92.125,1.875,2,1,1,up 1\n"
        "A,G,both,91.500,80.567,-10.933,1,2,-1,down 1\n"
        "D,G,entered,,0.000,,,,,\n"
        "C,G,left,80.000,,,3,,,\n");
    free(s.data);
    /* Excel: negative changes stay numbers */
    s = (sink){0};
    out = open_sink(&s);
    parindex_format_options f = PARINDEX_FORMAT_OPTIONS_INIT;
    f.flags = PARINDEX_FORMAT_EXCEL;
    assert_ok(parindex_write_comparison(out, cmp, &f));
    assert_ok(parindex_output_commit(out));
    assert_contains(s.data, "\r\nA;G;both;91,500;80,567;-10,933;1;2;-1;down 1\r\n");
    free(s.data);
    parindex_comparison_free(cmp);
    parindex_scoretable_free(o);
    parindex_scoretable_free(n);
}

static void warns_on_other_rule_sets(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b, *why;
    } cases[] = {
        {"rank,unit,total\n1,A,1\n", "rank,unit,total\n1,A,2\n",
         "neither file says which rule set it comes from (no 'ruleset' column)"},
        {"rank,unit,total,ruleset\n1,A,1,x@1\n", "rank,unit,total\n1,A,2\n",
         "the new file does not say which rule set it comes from (no 'ruleset' column)"},
        {"rank,unit,total,ruleset\n1,A,1,x@1\n", "rank,unit,total,ruleset\n1,A,2,x@2\n",
         "the files come from different rule sets ('x@1' and 'x@2'): only totals and ranks are comparable"},
        {"rank,unit,total,ruleset,ruleset_digest\n1,A,1,x@1,aa\n",
         "rank,unit,total,ruleset,ruleset_digest\n1,A,2,x@1,bb\n",
         "both files name rule set 'x@1' but its rules differ (digest aa and bb)"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        parindex_scoretable *a = table(cases[k].a), *b = table(cases[k].b);
        parindex_comparison *cmp = NULL;
        assert_ok(parindex_comparison_new(&cmp, a, b));
        const char *why = NULL;
        assert_int_equal(parindex_comparison_same_ruleset(cmp, &why), 0);
        assert_string_equal(why, cases[k].why);
        parindex_comparison_free(cmp);
        parindex_scoretable_free(a);
        parindex_scoretable_free(b);
    }
}

static void score_table_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int code;
        const char *message;
    } cases[] = {
        {"unit,total\nA,1\n", PARINDEX_ESCHEMA,
         "missing column 'rank': expected the output of parindex score"},
        {"rank,unit,total\n1,A,1\n2,A,2\n", PARINDEX_EEXISTS, "duplicate unit 'A'"},
        {"rank,unit,total\n1,A,x\n", PARINDEX_EPARSE, "unit 'A', column 'total': 'x' is not a number"},
        {"rank,unit,total\nfirst,A,1\n", PARINDEX_EPARSE,
         "unit 'A', column 'rank': 'first' is not a number"},
        {"rank,unit,total,ruleset\n1,A,1,x@1\n2,B,1,y@1\n", PARINDEX_EPARSE,
         "unit 'B', column 'ruleset': 'y@1' differs from 'x@1' on the rows above (one file, one rule set)"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        parindex_scoretable *t = NULL;
        int rc = parindex_scoretable_read_csv_memory(&t, cases[k].text, strlen(cases[k].text),
                                                     NULL, NULL);
        assert_int_equal(rc, cases[k].code);
        assert_string_equal(parindex_error_message(parindex_error_last()), cases[k].message);
        assert_null(t);
    }
}

/* ---- identity ----------------------------------------------------------- */

static void label_and_digest(void **state)
{
    (void)state;
    char d1[PARINDEX_DIGEST_SIZE], d2[PARINDEX_DIGEST_SIZE], d3[PARINDEX_DIGEST_SIZE], label[64];
    pt_ctx *a = pt_ctx_new(), *b = pt_ctx_new(), *c = pt_ctx_new();
    build(a);
    build(b);
    assert_ok(parindex_ruleset_digest(a->rs, d1, sizeof d1));
    assert_ok(parindex_ruleset_digest(b->rs, d2, sizeof d2));
    assert_string_equal(d1, d2); /* the same rules, built twice */
    assert_int_equal(strlen(d1), 20);
    assert_true(strncmp(d1, "pd1-", 4) == 0);
    /* one tier's points differ */
    parindex_builder *x = c->b;
    assert_ok(parindex_builder_set_identity(x, PARINDEX_ID_ID, "test-set"));
    pt_node(x, NULL, "1", "1");
    pt_leaf(x, "1", "1.1", "1", PARINDEX_RULE_POINTS);
    pt_freeze(c);
    assert_ok(parindex_ruleset_digest(c->rs, d3, sizeof d3));
    assert_string_not_equal(d1, d3);
    assert_int_equal(parindex_ruleset_label(a->rs, label, sizeof label), 10);
    assert_string_equal(label, "test-set@3");
    parindex_ruleset_label(c->rs, label, sizeof label);
    assert_string_equal(label, "test-set");
    assert_status(parindex_ruleset_digest(a->rs, d1, 20), PARINDEX_EINVAL);
    pt_ctx_free(a);
    pt_ctx_free(b);
    pt_ctx_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(scores_csv, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test_setup_teardown(scores_excel, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test_setup_teardown(scores_json, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test_setup_teardown(excel_keeps_formulas_text, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test_setup_teardown(writer_checks_arguments, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test_setup_teardown(callback_failure_stops_writing, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test(atomic_file_commit_and_abort),
        cmocka_unit_test_setup_teardown(atomic_file_write_error, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test_setup_teardown(remediation_without_map, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test_setup_teardown(remediation_with_map, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test(respmap_errors),
        cmocka_unit_test(trailing_unnamed_columns),
        cmocka_unit_test_setup_teardown(failed_constructors_clear_out, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test(compares_score_tables),
        cmocka_unit_test(warns_on_other_rule_sets),
        cmocka_unit_test(score_table_errors),
        cmocka_unit_test(label_and_digest),
    };
    return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
