#define _POSIX_C_SOURCE 200809L
/* Reading unit inputs from CSV: dialects, quoting, N/A, outcomes, exact
 * bytes, and every malformed input with its exact message and position. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptest.h"

#define C(state) ((pt_ctx *)*(state))

/* field 1 (3): 1.1 outcome (1), 1.2 points (2); field 2 (2): 2.1 deduction */
static void build(pt_ctx *c)
{
    parindex_builder *b = c->b;
    pt_node(b, NULL, "1", "3");
    pt_leaf(b, "1", "1.1", "1", PARINDEX_RULE_OUTCOME);
    pt_outcome(b, "1.1", "on_time", "1");
    pt_outcome(b, "1.1", "late", "0.5");
    pt_outcome(b, "1.1", "none", "0");
    pt_leaf(b, "1", "1.2", "2", PARINDEX_RULE_POINTS);
    pt_node(b, NULL, "2", "2");
    pt_leaf(b, "2", "2.1", "2", PARINDEX_RULE_DEDUCTION);
    pt_param(b, "2.1", PARINDEX_PARAM_PENALTY, "0.5");
    pt_freeze(c);
}

static int read_mem(pt_ctx *c, const char *text, const parindex_csv_options *o)
{
    parindex_csv_options opts = PARINDEX_CSV_OPTIONS_INIT;
    if (o)
        opts = *o;
    opts.source = "t.csv";
    return parindex_results_read_csv_memory(c->res, text, strlen(text), &opts);
}

static void assert_total(pt_ctx *c, const char *unit, const char *want)
{
    long u = parindex_results_find_unit(c->res, unit);
    if (u < 0)
        fail_msg("no unit '%s'", unit);
    assert_fixed(parindex_results_total(c->res, (size_t)u), want);
}

static void reads_comma_dialect(void **state)
{
    pt_ctx *c = C(state);
    build(c);
    assert_ok(read_mem(c, "unit,group,1.1,1.2,2.1\n"
                          "Sở A,G1,on_time,1.5,1\n"
                          "Sở B,G2,late,2,0\n", NULL));
    assert_int_equal(parindex_results_unit_count(c->res), 2);
    assert_total(c, "Sở A", "4");
    assert_total(c, "Sở B", "4.5");
    assert_string_equal(parindex_results_group(c->res, 0), "G1");
    assert_string_equal(parindex_results_group(c->res, 1), "G2");
}

static void reads_excel_vietnamese_dialect(void **state)
{
    pt_ctx *c = C(state);
    build(c);
    /* BOM, ';', decimal comma, CRLF, no final line end */
    assert_ok(read_mem(c, "\xEF\xBB\xBFunit;1.1;1.2;2.1\r\n"
                          "Sở A;on_time;1,5;1\r\n"
                          "Sở B;late;0,25;2", NULL));
    assert_total(c, "Sở A", "4");
    assert_total(c, "Sở B", "1.75");
    assert_string_equal(parindex_results_group(c->res, 0), "");
}

static void forced_dialect_overrides_detection(void **state)
{
    pt_ctx *c = C(state);
    build(c);
    parindex_csv_options o = PARINDEX_CSV_OPTIONS_INIT;
    o.delimiter = ';';
    o.decimal = '.';
    assert_ok(read_mem(c, "unit;1.1;1.2;2.1\nA;none;1.25;0\n", &o));
    assert_total(c, "A", "3.25");
    /* a ',' file with decimal comma forced is contradictory */
    o.delimiter = ',';
    o.decimal = ',';
    assert_status(read_mem(c, "unit,1.1,1.2,2.1\n", &o), PARINDEX_EINVAL);
    o.delimiter = '\t';
    o.decimal = 0;
    assert_status(read_mem(c, "unit\t1.1\n", &o), PARINDEX_EINVAL);
    o.version = 99;
    assert_status(read_mem(c, "unit,1.1,1.2,2.1\n", &o), PARINDEX_EVERSION);
}

static void quoted_cells_keep_bytes(void **state)
{
    pt_ctx *c = C(state);
    build(c);
    /* a name with the delimiter, doubled quotes and a line break; a name in
     * decomposed Unicode (NFD) must come back byte for byte */
    const char *nfd = "Phong Tu pha\xCC\x81p";
    char text[512];
    snprintf(text, sizeof text,
             "group,unit,2.1,1.2,1.1\n"
             "\"Huyện, thị\",\"Sở \"\"Tư\"\" pháp, Đắk Nông\",0,2,none\n"
             "G,\"Hai\ndòng\",1,\"0.5\",\"on_time\"\n"
             "G,%s,0,1,late\n", nfd);
    assert_ok(read_mem(c, text, NULL));
    assert_int_equal(parindex_results_unit_count(c->res), 3);
    assert_string_equal(parindex_results_unit(c->res, 0), "Sở \"Tư\" pháp, Đắk Nông");
    assert_string_equal(parindex_results_group(c->res, 0), "Huyện, thị");
    assert_string_equal(parindex_results_unit(c->res, 1), "Hai\ndòng");
    assert_string_equal(parindex_results_unit(c->res, 2), nfd);
    assert_total(c, "Hai\ndòng", "3");
}

static void na_blank_rows_and_spaces(void **state)
{
    pt_ctx *c = C(state);
    build(c);
    assert_ok(read_mem(c, "unit , 1.1, 1.2 ,2.1\n"
                          "\n"
                          " A , on_time , N/A , 0\n"
                          ",,,\n"
                          "B,na,n/A,NA\n\n", NULL));
    assert_int_equal(parindex_results_unit_count(c->res), 2);
    assert_string_equal(parindex_results_unit(c->res, 0), "A");
    /* 1.2 not applicable: 3 of 3 */
    assert_total(c, "A", "3");
    assert_fixed(parindex_results_max(c->res, 0, 0), "3");
    assert_int_equal(parindex_results_is_na(c->res, 1, 0), 1);
}

static void trailing_unnamed_columns(void **state)
{
    pt_ctx *c = C(state);
    build(c);
    /* Excel's trailing empty columns: cells there or not, empty or quoted
     * empty or spaces */
    assert_ok(read_mem(c, "unit,1.1,1.2,2.1,,\n"
                          "A,on_time,1.5,1,,\n"
                          "B,late,2,0\n"
                          "C,none,0,0,\"\", \n"
                          "D,none,1,0,\n", NULL));
    assert_int_equal(parindex_results_unit_count(c->res), 4);
    assert_total(c, "A", "4");
    assert_total(c, "B", "4.5");
    assert_total(c, "C", "2");
    assert_total(c, "D", "3");
    assert_ok(read_mem(c, "\xEF\xBB\xBFunit;group;1.1;1.2;2.1;;;\r\n"
                          "E;G;on_time;1,5;1;;;\r\n", NULL));
    assert_total(c, "E", "4");
    assert_string_equal(parindex_results_group(c->res, 4), "G");
}

/* A counting allocator: bytes held, and the most ever held at once. */
typedef struct counter {
    size_t now, peak;
} counter;

static void *cnt_alloc(void *opaque, size_t size)
{
    counter *k = opaque;
    size_t *p = malloc(size + 16);
    if (!p)
        return NULL;
    *p = size;
    k->now += size;
    if (k->now > k->peak)
        k->peak = k->now;
    return (char *)p + 16;
}

static void cnt_free(void *opaque, void *ptr)
{
    counter *k = opaque;
    if (!ptr)
        return;
    size_t *p = (size_t *)(void *)((char *)ptr - 16);
    k->now -= *p;
    free(p);
}

static void *cnt_realloc(void *opaque, void *ptr, size_t size)
{
    void *n = cnt_alloc(opaque, size);
    if (n && ptr) {
        size_t old = *(size_t *)(void *)((char *)ptr - 16);
        memcpy(n, ptr, old < size ? old : size);
        cnt_free(opaque, ptr);
    }
    return n;
}

/* Room made in the results follows the rows actually read, not the size
 * of the file: a few rows followed by megabytes of blank lines (LF, CRLF,
 * or delimiters only) must not make the table reserve room for a million
 * units, neither from memory nor from a file. */
static void blank_lines_reserve_nothing(void **state)
{
    pt_ctx *c = C(state);
    build(c);
    static const char *const blanks[] = {"\n", "\r\n", ",,,\n"};
    const size_t filler = (size_t)24 << 20;
    for (int from_file = 0; from_file < 2; from_file++)
        for (size_t b = 0; b < 3; b++) {
            char *text = malloc(filler + 4096);
            assert_non_null(text);
            size_t n = (size_t)sprintf(text, "unit,1.1,1.2,2.1\n");
            for (int u = 0; u < 40; u++)
                n += (size_t)sprintf(text + n, "U%d,on_time,1,0\n", u);
            size_t bl = strlen(blanks[b]);
            for (size_t k = 0; k + bl <= filler; k += bl)
                memcpy(text + n + k, blanks[b], bl);
            n += filler / bl * bl;
            counter cnt = {0, 0};
            parindex_allocator a = {cnt_alloc, cnt_realloc, cnt_free, &cnt};
            parindex_results *res = NULL;
            assert_ok(parindex_results_new(&res, c->rs, &a));
            int rc;
            if (from_file) {
                char path[] = "/tmp/parindex-test-csv-XXXXXX";
                int fd = mkstemp(path);
                assert_true(fd >= 0);
                FILE *f = fdopen(fd, "wb");
                assert_non_null(f);
                assert_int_equal(fwrite(text, 1, n, f), n);
                fclose(f);
                rc = parindex_results_read_csv(res, path, NULL);
                remove(path);
            } else {
                rc = parindex_results_read_csv_memory(res, text, n, NULL);
            }
            free(text);
            assert_ok(rc);
            assert_int_equal(parindex_results_unit_count(res), 40);
            if (cnt.peak > (size_t)256 << 10)
                fail_msg("blank lines %zu (%s): the results held %zu bytes for 40 units", b,
                         from_file ? "file" : "memory", cnt.peak);
            parindex_results_free(res);
            assert_int_equal(cnt.now, 0);
        }
}

/* A file written through parindex_results_read_csv, larger than the read
 * buffer, with quoted multi-line cells crossing the chunk boundaries. */
static void large_file_across_chunks(void **state)
{
    pt_ctx *c = C(state);
    build(c);
    char path[] = "/tmp/parindex-test-csv-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("unit;group;1.1;1.2;2.1\r\n", f);
    const size_t n = 60000;
    for (size_t i = 0; i < n; i++)
        fprintf(f, "\"Đơn vị\r\nsố %zu\";\"Nhóm %zu\";%s;%zu,%03zu;%zu\r\n", i, i % 7,
                i % 3 == 0 ? "on_time" : i % 3 == 1 ? "late" : "none", i % 2,
                i % 1000, i % 5);
    fclose(f);
    int rc = parindex_results_read_csv(c->res, path, NULL);
    remove(path);
    assert_ok(rc);
    assert_int_equal(parindex_results_unit_count(c->res), n);
    for (size_t i = 0; i < n; i += 997) {
        char name[64], want[32];
        snprintf(name, sizeof name, "Đơn vị\r\nsố %zu", i);
        long u = parindex_results_find_unit(c->res, name);
        assert_int_equal(u, (long)i);
        /* outcome + points + deduction (2 − 0.5 × occurrences, floor 0) */
        long micro = (i % 3 == 0 ? 1000000 : i % 3 == 1 ? 500000 : 0) +
                     (long)(i % 2) * 1000000 + (long)(i % 1000) * 1000 +
                     (i % 5 >= 4 ? 0 : 2000000 - (long)(i % 5) * 500000);
        snprintf(want, sizeof want, "%ld.%06ld", micro / 1000000, micro % 1000000);
        assert_fixed(parindex_results_total(c->res, (size_t)u), want);
    }
}

/* The same with plain rows (no quotes), the common case, mixed with a few
 * quoted ones, blank ones and CRLF, across the chunk boundaries. */
static void large_plain_file_across_chunks(void **state)
{
    pt_ctx *c = C(state);
    build(c);
    char path[] = "/tmp/parindex-test-csv-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("unit,group,1.1,1.2,2.1\n", f);
    const size_t n = 120000;
    for (size_t i = 0; i < n; i++) {
        if (i % 1000 == 999)
            fputs(",,,,\r\n\n", f);
        if (i % 97 == 0)
            fprintf(f, "\"Đơn vị %zu\",\"Nhóm, %zu\",%s,%zu.%03zu,%zu\r\n", i, i % 7,
                    i % 3 == 0 ? "on_time" : i % 3 == 1 ? "late" : "none", i % 2,
                    i % 1000, i % 5);
        else
            fprintf(f, "Đơn vị %zu, Nhóm %zu ,%s,%zu.%03zu,%zu%s", i, i % 7,
                    i % 3 == 0 ? "on_time" : i % 3 == 1 ? "late" : "N/A", i % 2, i % 1000,
                    i % 5, i % 2 ? "\n" : "\r\n");
    }
    fclose(f);
    int rc = parindex_results_read_csv(c->res, path, NULL);
    remove(path);
    assert_ok(rc);
    assert_int_equal(parindex_results_unit_count(c->res), n);
    for (size_t i = 0; i < n; i += 331) {
        char name[64], group[64], want[32];
        snprintf(name, sizeof name, "Đơn vị %zu", i);
        snprintf(group, sizeof group, i % 97 == 0 ? "Nhóm, %zu" : "Nhóm %zu", i % 7);
        long u = parindex_results_find_unit(c->res, name);
        assert_int_equal(u, (long)i);
        assert_string_equal(parindex_results_group(c->res, (size_t)u), group);
        int na = i % 3 == 2 && i % 97 != 0;
        long micro = (i % 3 == 0 ? 1000000 : i % 3 == 1 ? 500000 : 0) +
                     (long)(i % 2) * 1000000 + (long)(i % 1000) * 1000 +
                     (i % 5 >= 4 ? 0 : 2000000 - (long)(i % 5) * 500000);
        snprintf(want, sizeof want, "%ld.%06ld", micro / 1000000, micro % 1000000);
        assert_fixed(parindex_results_total(c->res, (size_t)u), want);
        assert_fixed(parindex_results_max(c->res, (size_t)u, 0), na ? "4" : "5");
    }
}

static void missing_file_is_eio(void **state)
{
    pt_ctx *c = C(state);
    build(c);
    assert_status(parindex_results_read_csv(c->res, "/nonexistent/x.csv", NULL),
                  PARINDEX_EIO);
    assert_error_mentions(PARINDEX_EIO, "cannot open the file: No such file or directory");
    assert_string_equal(parindex_error_source(parindex_error_last()), "/nonexistent/x.csv");
}

/* ---- malformed inputs: exact message, line and column ------------------- */

static const struct bad {
    const char *text;
    int code;
    unsigned line, col;
    const char *message;
} bad_cases[] = {
    {"", PARINDEX_EPARSE, 1, 1,
     "the file is empty: the first line must name the columns (unit, group, then the inputs)"},
    {"unit,1.1,1.2\nA,on_time,1\n", PARINDEX_ESCHEMA, 1, 13,
     "missing column '2.1' (an input of the rule set)"},
    {"unit,1.1\n", PARINDEX_ESCHEMA, 1, 9,
     "missing columns '1.2', '2.1' (inputs of the rule set)"},
    {"unit,1.1,1.2,2.1,note\n", PARINDEX_ESCHEMA, 1, 18,
     "unknown column 'note': the rule set has no input of that name"},
    {"unit,1.1,1.2,2.1,1.2\n", PARINDEX_ESCHEMA, 1, 18, "column '1.2' appears twice"},
    {"name,1.1,1.2,2.1\n", PARINDEX_ESCHEMA, 1, 1,
     "unknown column 'name': the rule set has no input of that name"},
    {"1.1,1.2,2.1\n", PARINDEX_ESCHEMA, 1, 1,
     "no 'unit' column: the first line must name the columns (unit, group, then the inputs)"},
    {"unit,1.1,,1.2,2.1\n", PARINDEX_ESCHEMA, 1, 10, "column 3 has no name"},
    /* unnamed columns at the end are ignored while their cells are empty */
    {"unit,1.1,1.2,2.1,,\nA,on_time,1,0,,x\n", PARINDEX_EPARSE, 2, 16,
     "unit 'A': 'x' is in column 6, which has no name in the first line (name the column or empty the cell)"},
    {"unit;1.1;1.2;2.1;;\r\nA;on_time;1;0;\"\";\" y\"\r\n", PARINDEX_EPARSE, 2, 18,
     "unit 'A': ' y' is in column 6, which has no name in the first line (name the column or empty the cell)"},
    {"unit,1.1,1.2,2.1,\nA,on_time,1,0,,\n", PARINDEX_EPARSE, 2, 16,
     "unit 'A': the row has 6 cells; the header has 5 (4 with a name)"},
    {"unit,1.1,1.2,2.1,,\nA,on_time,1\n", PARINDEX_EPARSE, 2, 12,
     "unit 'A': the row has 3 cells; the header has 6 (4 with a name)"},
    {"unit,1.1,1.2,2.1\nSở A,on_time,8x,0\n", PARINDEX_EPARSE, 2, 14,
     "unit 'Sở A', column '1.2': '8x' is not a number"},
    {"unit,1.1,1.2,2.1\nA,on_time,,0\n", PARINDEX_EPARSE, 2, 11,
     "unit 'A', column '1.2': empty cell (write N/A when the input does not apply)"},
    {"unit;1.1;1.2;2.1\nA;on_time;1.5;0\n", PARINDEX_EPARSE, 2, 11,
     "unit 'A', column '1.2': '1.5' is not a number here: this file uses ',' as the decimal separator (and no thousands separators)"},
    {"unit,1.1,1.2,2.1\nA,on_time,\"1,5\",0\n", PARINDEX_EPARSE, 2, 11,
     "unit 'A', column '1.2': '1,5' is not a number here: this file uses '.' as the decimal separator"},
    {"unit,1.1,1.2,2.1\nA,on_time,1.1234567,0\n", PARINDEX_EPARSE, 2, 11,
     "unit 'A', column '1.2': '1.1234567' has more than 6 decimals"},
    /* the range of parindex_fixed, both signs; the points rule then
     * refuses the value, which shows that it was read */
    {"unit,1.1,1.2,2.1\nA,on_time,-9223372036854.775807,0\n", PARINDEX_EINPUT, 2, 11,
     "unit 'A', column '1.2': node 1.2: given points -9223372036854.775807 are outside [0, 2]"},
    {"unit,1.1,1.2,2.1\nA,on_time,+9223372036854.775807,0\n", PARINDEX_EINPUT, 2, 11,
     "unit 'A', column '1.2': node 1.2: given points 9223372036854.775807 are outside [0, 2]"},
    {"unit,1.1,1.2,2.1\nA,on_time,-9223372036854.775808,0\n", PARINDEX_ELIMIT, 2, 11,
     "unit 'A', column '1.2': '-9223372036854.775808' is out of range: numbers lie between -9223372036854.775807 and 9223372036854.775807"},
    {"unit;1.1;1.2;2.1\nA;on_time;9223372036855;0\n", PARINDEX_ELIMIT, 2, 11,
     "unit 'A', column '1.2': '9223372036855' is out of range: numbers lie between -9223372036854,775807 and 9223372036854,775807"},
    {"unit,1.1,1.2,2.1\nA,on_time,-00000000000000000000000000001,0\n", PARINDEX_EINPUT, 2, 11,
     "unit 'A', column '1.2': node 1.2: given points -1 are outside [0, 2]"},
    {"unit,1.1,1.2,2.1\nA,on_time,99999999999999x,0\n", PARINDEX_EPARSE, 2, 11,
     "unit 'A', column '1.2': '99999999999999x' is not a number"},
    {"unit,1.1,1.2,2.1\nA,on_time,99999999999999,0\n", PARINDEX_ELIMIT, 2, 11,
     "unit 'A', column '1.2': '99999999999999' is out of range: numbers lie between -9223372036854.775807 and 9223372036854.775807"},
    {"unit,1.1,1.2,2.1\nA,ontime,1,0\n", PARINDEX_EINVAL, 2, 3,
     "unit 'A', column '1.1': unknown outcome 'ontime' (expected one of: on_time, late, none, N/A)"},
    {"unit,1.1,1.2,2.1\nA,on_time,1,0\nA,late,1,0\n", PARINDEX_EEXISTS, 3, 1,
     "duplicate unit 'A' (first on line 2)"},
    {"unit,1.1,1.2,2.1\nA,on_time,1,0,5\n", PARINDEX_EPARSE, 2, 15,
     "unit 'A': the row has 5 cells; the header has 4"},
    {"unit,1.1,1.2,2.1\nPhòng B,on_time,1\n", PARINDEX_EPARSE, 2, 18,
     "unit 'Phòng B': the row has 3 cells; the header has 4"},
    {"unit,1.1,1.2,2.1\n,on_time,1,0\n", PARINDEX_EPARSE, 2, 1,
     "column 'unit': empty unit name"},
    {"unit,1.1,1.2,2.1\nA\xFF\xFE,on_time,1,0\n", PARINDEX_EPARSE, 2, 1,
     "column 'unit': invalid UTF-8 in 'A\\xFF\\xFE' (byte 2 of the cell); save the file as \"CSV UTF-8\""},
    {"unit,1.1,1.2,2.1\n\"A,on_time,1,0\n", PARINDEX_EPARSE, 2, 1,
     "unterminated quoted cell (the closing \" is missing)"},
    {"unit,1.1,1.2,2.1\n\"A\"x,on_time,1,0\n", PARINDEX_EPARSE, 2, 4,
     "unexpected text after a closing quote"},
    {"unit,1.1,1.2,2.1\nA \"B\",on_time,1,0\n", PARINDEX_EPARSE, 2, 3,
     "quote inside an unquoted cell (quote the whole cell and double the quote)"},
    {"\xFF\xFEu\0n\0", PARINDEX_EPARSE, 1, 1,
     "the file is UTF-16 text; save it as \"CSV UTF-8\""},
    {"unit,1.1,1.2,2.1\nA,on_time,3,0\n", PARINDEX_EINPUT, 2, 11,
     "unit 'A', column '1.2': node 1.2: given points 3 are outside [0, 2]"},
    {"unit,1.1,1.2,2.1\r\n\"Hai\r\ndòng\",on_time,1,-1x\r\n", PARINDEX_EPARSE, 3, 17,
     "unit 'Hai\\r\\ndòng', column '2.1': '-1x' is not a number"},
};

static void malformed_inputs(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof bad_cases / sizeof bad_cases[0]; k++) {
        const struct bad *b = &bad_cases[k];
        pt_ctx *c = pt_ctx_new();
        build(c);
        /* the UTF-16 case holds NULs: pass its length explicitly */
        size_t len = strlen(b->text);
        if ((unsigned char)b->text[0] == 0xFF)
            len = 6;
        parindex_csv_options o = PARINDEX_CSV_OPTIONS_INIT;
        o.source = "t.csv";
        int rc = parindex_results_read_csv_memory(c->res, b->text, len, &o);
        const parindex_error *e = parindex_error_last();
        if (rc != b->code || parindex_error_line(e) != b->line ||
            parindex_error_column(e) != b->col ||
            strcmp(parindex_error_message(e), b->message) != 0 ||
            strcmp(parindex_error_source(e), "t.csv") != 0)
            fail_msg("case %zu: got %d %s:%u:%u: %s\n  expected %d t.csv:%u:%u: %s", k, rc,
                     parindex_error_source(e), parindex_error_line(e),
                     parindex_error_column(e), parindex_error_message(e), b->code,
                     b->line, b->col, b->message);
        assert_int_equal(parindex_error_code(e), b->code);
        pt_ctx_free(c);
    }
}

static void options_init(void **state)
{
    (void)state;
    parindex_csv_options o;
    assert_ok(parindex_csv_options_init(&o, PARINDEX_CSV_OPTIONS_VERSION));
    assert_int_equal(o.delimiter, 0);
    assert_int_equal(o.decimal, 0);
    assert_null(o.source);
    assert_status(parindex_csv_options_init(&o, 2), PARINDEX_EVERSION);
    assert_status(parindex_csv_options_init(NULL, 1), PARINDEX_EMISUSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(reads_comma_dialect, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test_setup_teardown(reads_excel_vietnamese_dialect, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test_setup_teardown(forced_dialect_overrides_detection, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test_setup_teardown(quoted_cells_keep_bytes, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test_setup_teardown(na_blank_rows_and_spaces, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test_setup_teardown(large_file_across_chunks, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test_setup_teardown(large_plain_file_across_chunks, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test_setup_teardown(missing_file_is_eio, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test_setup_teardown(trailing_unnamed_columns, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test_setup_teardown(blank_lines_reserve_nothing, pt_ctx_setup, pt_ctx_teardown),
        cmocka_unit_test(malformed_inputs),
        cmocka_unit_test(options_init),
    };
    return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
