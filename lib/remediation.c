/* The remediation table: every lost point of a unit, grouped by the rows
 * of a responsibility map (code, lead office, partners, deadline), with
 * what the items do not account for shown explicitly. */
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "out.h"

/* ---- responsibility map ------------------------------------------------- */

typedef struct map_row {
    size_t node;
    char *lead, *partners, *deadline;
    unsigned line;
} map_row;

struct parindex_respmap {
    pi_alloc pa;
    const parindex_ruleset *rs;
    map_row *rows;
    size_t n, cap;
    long *row_of_node;
};

void parindex_respmap_free(parindex_respmap *map)
{
    if (!map)
        return;
    pi_alloc pa = map->pa;
    for (size_t i = 0; i < map->n; i++) {
        pi_free(&pa, map->rows[i].lead);
        pi_free(&pa, map->rows[i].partners);
        pi_free(&pa, map->rows[i].deadline);
    }
    pi_free(&pa, map->rows);
    pi_free(&pa, map->row_of_node);
    pi_free(&pa, map);
}

size_t parindex_respmap_count(const parindex_respmap *map)
{
    return map ? map->n : 0;
}

enum { M_CODE, M_LEAD, M_PARTNERS, M_DEADLINE, M_COUNT };
static const char *const map_cols[M_COUNT] = {"code", "lead", "partners", "deadline"};

static int read_map(parindex_respmap *map, pi_csv *c)
{
    size_t col[M_COUNT];
    for (int k = 0; k < M_COUNT; k++)
        col[k] = (size_t)-1;
    int rc = pi_csv_next_row(c);
    if (rc < 0)
        return rc;
    if (rc == 0) {
        pi_error(PARINDEX_EPARSE, "the file is empty: the first line must name the columns (code, lead, partners, deadline)");
        pi_error_where(c->source, 1, 1, NULL);
        return PARINDEX_EPARSE;
    }
    /* trailing unnamed columns (a spreadsheet's) are ignored; their cells
     * must stay empty */
    size_t all = c->n_cells, ncols = pi_csv_named_columns(c);
    char b1[128];
    for (size_t k = 0; k < ncols; k++) {
        if ((rc = pi_csv_check_utf8(c, k, NULL)) != 0)
            return rc;
        int found = -1;
        for (int m = 0; m < M_COUNT; m++)
            if (strcmp(c->cells[k].text, map_cols[m]) == 0)
                found = m;
        if (found < 0)
            return pi_csv_error_at(c, k, PARINDEX_ESCHEMA,
                                   "unknown column '%s' (expected code, lead, partners, deadline)",
                                   pi_csv_quote(c->cells[k].text, c->cells[k].len, b1, sizeof b1));
        if (col[found] != (size_t)-1)
            return pi_csv_error_at(c, k, PARINDEX_ESCHEMA, "column '%s' appears twice",
                                   map_cols[found]);
        col[found] = k;
    }
    for (int m = 0; m < 2; m++)
        if (col[m] == (size_t)-1)
            return pi_csv_error_at(c, c->n_cells, PARINDEX_ESCHEMA,
                                   "missing column '%s' (the columns are code, lead, partners, deadline)",
                                   map_cols[m]);
    while ((rc = pi_csv_next_row(c)) > 0) {
        if (c->n_cells != ncols && (rc = pi_csv_check_width(c, ncols, all, NULL)) != 0)
            return rc;
        for (int m = 0; m < M_COUNT; m++)
            if (col[m] != (size_t)-1 && (rc = pi_csv_check_utf8(c, col[m], map_cols[m])) != 0)
                return rc;
        const pi_csv_cell *code = &c->cells[col[M_CODE]];
        if (code->len == 0)
            return pi_csv_error_at(c, col[M_CODE], PARINDEX_EPARSE, "column 'code': empty code");
        long node = parindex_ruleset_find_node(map->rs, code->text);
        if (node <= 0)
            return pi_csv_error_at(c, col[M_CODE], PARINDEX_ENOTFOUND,
                                   "column 'code': no node '%s' in the rule set",
                                   pi_csv_quote(code->text, code->len, b1, sizeof b1));
        if (map->row_of_node[node] >= 0)
            return pi_csv_error_at(c, col[M_CODE], PARINDEX_EEXISTS,
                                   "code '%s' is listed twice (first on line %u)", code->text,
                                   map->rows[map->row_of_node[node]].line);
        if (c->cells[col[M_LEAD]].len == 0)
            return pi_csv_error_at(c, col[M_LEAD], PARINDEX_EPARSE,
                                   "code '%s', column 'lead': empty lead office", code->text);
        if (pi_grow(&map->pa, (void **)&map->rows, &map->cap, map->n + 1, sizeof *map->rows))
            return pi_error(PARINDEX_ENOMEM, "out of memory");
        map_row *row = &map->rows[map->n];
        row->node = (size_t)node;
        row->line = code->line;
        row->lead = pi_strdup(&map->pa, c->cells[col[M_LEAD]].text);
        row->partners = pi_strdup(&map->pa, col[M_PARTNERS] != (size_t)-1
                                                ? c->cells[col[M_PARTNERS]].text : "");
        row->deadline = pi_strdup(&map->pa, col[M_DEADLINE] != (size_t)-1
                                                ? c->cells[col[M_DEADLINE]].text : "");
        map->row_of_node[node] = (long)map->n++;
        if (!row->lead || !row->partners || !row->deadline)
            return pi_error(PARINDEX_ENOMEM, "out of memory");
    }
    return rc < 0 ? rc : PARINDEX_OK;
}

static int map_read(parindex_respmap **out, const parindex_ruleset *rs,
                    const char *path, const void *data, size_t len,
                    const parindex_csv_options *opts)
{
    pi_error_clear();
    if (out)
        *out = NULL;
    if (!out || !rs || (!path && !data && len))
        return pi_error(PARINDEX_EMISUSE, "NULL argument to parindex_respmap_read_csv");
    parindex_respmap *map = pi_calloc(&rs->pa, 1, sizeof *map);
    if (!map)
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    map->pa = rs->pa;
    map->rs = rs;
    size_t nn = parindex_ruleset_node_count(rs);
    map->row_of_node = pi_calloc(&map->pa, nn, sizeof *map->row_of_node);
    if (!map->row_of_node) {
        parindex_respmap_free(map);
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < nn; i++)
        map->row_of_node[i] = -1;
    pi_csv c;
    int rc = pi_csv_begin(&c, &map->pa, path, data ? data : "", len, opts);
    if (!rc) {
        rc = read_map(map, &c);
        pi_csv_close(&c);
    }
    if (rc) {
        parindex_respmap_free(map);
        return rc;
    }
    *out = map;
    return PARINDEX_OK;
}

int parindex_respmap_read_csv(parindex_respmap **out, const parindex_ruleset *rs,
                              const char *path, const parindex_csv_options *opts)
{
    if (!path) {
        pi_error_clear();
        if (out)
            *out = NULL;
        return pi_error(PARINDEX_EMISUSE, "NULL path");
    }
    return map_read(out, rs, path, NULL, 0, opts);
}

int parindex_respmap_read_csv_memory(parindex_respmap **out,
                                     const parindex_ruleset *rs, const void *data,
                                     size_t len, const parindex_csv_options *opts)
{
    return map_read(out, rs, NULL, data, len, opts);
}

/* ---- the table ---------------------------------------------------------- */

typedef struct item {
    size_t node;
    char *code, *name, *reason, *lead, *partners, *deadline;
    parindex_fixed max, earned, lost;
    size_t leaves;
} item;

typedef struct office {
    char *name;
    size_t items;
    parindex_fixed lost;
} office;

typedef struct unit_rem {
    size_t u;
    item *items;
    size_t n_items, cap_items;
    office *offices;
    size_t n_offices, cap_offices;
    parindex_fixed total_lost, itemised, unmapped, other;
    char *unmapped_codes;
} unit_rem;

struct parindex_remediation {
    pi_alloc pa;
    const parindex_results *res;
    int mapped;
    unit_rem *units;
    size_t n_units;
};

static void free_unit(const pi_alloc *pa, unit_rem *ur)
{
    for (size_t i = 0; i < ur->n_items; i++) {
        item *it = &ur->items[i];
        pi_free(pa, it->code);
        pi_free(pa, it->name);
        pi_free(pa, it->reason);
        pi_free(pa, it->lead);
        pi_free(pa, it->partners);
        pi_free(pa, it->deadline);
    }
    pi_free(pa, ur->items);
    for (size_t j = 0; j < ur->n_offices; j++)
        pi_free(pa, ur->offices[j].name);
    pi_free(pa, ur->offices);
    pi_free(pa, ur->unmapped_codes);
}

void parindex_remediation_free(parindex_remediation *rem)
{
    if (!rem)
        return;
    pi_alloc pa = rem->pa;
    for (size_t k = 0; k < rem->n_units; k++)
        free_unit(&pa, &rem->units[k]);
    pi_free(&pa, rem->units);
    pi_free(&pa, rem);
}

/* Append "sep" + text to a heap string. */
static int append(const pi_alloc *pa, char **s, const char *sep, const char *text)
{
    size_t a = *s ? strlen(*s) : 0, b = strlen(sep), c = strlen(text);
    char *n = pi_malloc(pa, a + b + c + 1);
    if (!n)
        return PARINDEX_ENOMEM;
    if (a)
        memcpy(n, *s, a);
    if (a)
        memcpy(n + a, sep, b);
    else
        b = 0;
    memcpy(n + a + b, text, c + 1);
    pi_free(pa, *s);
    *s = n;
    return PARINDEX_OK;
}

static int add_office(const pi_alloc *pa, unit_rem *ur, const char *name,
                      size_t len, parindex_fixed lost)
{
    for (size_t j = 0; j < ur->n_offices; j++)
        if (strlen(ur->offices[j].name) == len &&
            memcmp(ur->offices[j].name, name, len) == 0) {
            ur->offices[j].items++;
            ur->offices[j].lost += lost;
            return PARINDEX_OK;
        }
    if (pi_grow(pa, (void **)&ur->offices, &ur->cap_offices, ur->n_offices + 1,
                sizeof *ur->offices))
        return PARINDEX_ENOMEM;
    office *of = &ur->offices[ur->n_offices];
    of->name = pi_malloc(pa, len + 1);
    if (!of->name)
        return PARINDEX_ENOMEM;
    memcpy(of->name, name, len);
    of->name[len] = '\0';
    of->items = 1;
    of->lost = lost;
    ur->n_offices++;
    return PARINDEX_OK;
}

/* Split "A; B" into offices. */
static int count_offices(const pi_alloc *pa, unit_rem *ur, const item *it)
{
    const char *p = it->lead;
    while (*p) {
        const char *e = strchr(p, ';');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        const char *s = p;
        while (n && (*s == ' ' || *s == '\t')) {
            s++;
            n--;
        }
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        if (n && add_office(pa, ur, s, n, it->lost))
            return PARINDEX_ENOMEM;
        if (!e)
            break;
        p = e + 1;
    }
    return PARINDEX_OK;
}

static int item_before(const item *a, const item *b)
{
    return parindex_code_compare(a->code, b->code) < 0;
}

static int office_before(const office *a, const office *b)
{
    if (a->lost != b->lost)
        return a->lost > b->lost;
    return strcmp(a->name, b->name) < 0;
}

static int build_unit(parindex_remediation *rem, const parindex_respmap *map,
                      unit_rem *ur)
{
    const parindex_results *res = rem->res;
    const parindex_ruleset *rs = parindex_results_ruleset(res);
    const pi_alloc *pa = &rem->pa;
    size_t u = ur->u, nn = parindex_ruleset_node_count(rs);
    long *item_of = pi_calloc(pa, nn, sizeof *item_of);
    if (!item_of)
        return PARINDEX_ENOMEM;
    for (size_t i = 0; i < nn; i++)
        item_of[i] = -1;
    int rc = PARINDEX_OK;
    for (size_t i = 1; i < nn && !rc; i++) {
        if (parindex_node_rule(rs, i) == PARINDEX_RULE_NONE ||
            parindex_results_is_na(res, u, i))
            continue;
        parindex_fixed lost = parindex_results_lost(res, u, i) +
                              parindex_results_spill(res, u, i);
        if (lost <= 0)
            continue;
        long owner = (long)i;
        const map_row *row = NULL;
        if (map) {
            while (owner > 0 && map->row_of_node[owner] < 0)
                owner = parindex_node_parent(rs, (size_t)owner);
            if (owner <= 0) {
                ur->unmapped += lost;
                rc = append(pa, &ur->unmapped_codes, ", ", parindex_node_code(rs, i));
                continue;
            }
            row = &map->rows[map->row_of_node[owner]];
        }
        parindex_explanation *x = NULL;
        if ((rc = parindex_results_explain(res, u, i, &x)) != 0)
            break;
        if (item_of[owner] < 0) {
            rc = pi_grow(pa, (void **)&ur->items, &ur->cap_items, ur->n_items + 1,
                         sizeof *ur->items);
            if (!rc) {
                item *it = &ur->items[ur->n_items];
                memset(it, 0, sizeof *it);
                it->node = (size_t)owner;
                it->code = pi_strdup(pa, parindex_node_code(rs, (size_t)owner));
                it->name = pi_strdup(pa, parindex_node_name(rs, (size_t)owner));
                it->lead = pi_strdup(pa, row ? row->lead : "");
                it->partners = pi_strdup(pa, row ? row->partners : "");
                it->deadline = pi_strdup(pa, row ? row->deadline : "");
                it->max = parindex_results_max(res, u, (size_t)owner);
                it->earned = parindex_results_earned(res, u, (size_t)owner);
                item_of[owner] = (long)ur->n_items++;
                if (!it->code || !it->name || !it->lead || !it->partners || !it->deadline)
                    rc = PARINDEX_ENOMEM;
            }
        }
        if (!rc) {
            item *it = &ur->items[item_of[owner]];
            it->lost += lost;
            it->leaves++;
            const char *why = parindex_explanation_reason(x);
            if ((size_t)owner == i) {
                rc = append(pa, &it->reason, "; ", why);
            } else {
                char *one = NULL;
                rc = append(pa, &one, "", parindex_node_code(rs, i));
                if (!rc)
                    rc = append(pa, &one, ": ", why);
                if (!rc)
                    rc = append(pa, &it->reason, "; ", one);
                pi_free(pa, one);
            }
        }
        parindex_explanation_free(x);
    }
    pi_free(pa, item_of);
    if (rc)
        return PARINDEX_ENOMEM;
    /* natural code order; insertion sort keeps it simple (tens of items) */
    for (size_t a = 1; a < ur->n_items; a++) {
        item t = ur->items[a];
        size_t b = a;
        for (; b > 0 && item_before(&t, &ur->items[b - 1]); b--)
            ur->items[b] = ur->items[b - 1];
        ur->items[b] = t;
    }
    /* say which losses under an item's node are separate items */
    for (size_t a = 0; a < ur->n_items; a++) {
        char *also = NULL;
        for (size_t b = 0; b < ur->n_items; b++) {
            long p = b == a ? -1 : parindex_node_parent(rs, ur->items[b].node);
            while (p > 0 && (size_t)p != ur->items[a].node)
                p = parindex_node_parent(rs, (size_t)p);
            if (p > 0 && append(pa, &also, ", ", ur->items[b].code))
                return PARINDEX_ENOMEM;
        }
        if (also) {
            char *note = NULL;
            int bad = append(pa, &note, "", "separate items under this node: ") ||
                      append(pa, &note, "", also) ||
                      append(pa, &ur->items[a].reason, "; ", note);
            pi_free(pa, also);
            pi_free(pa, note);
            if (bad)
                return PARINDEX_ENOMEM;
        }
    }
    for (size_t a = 0; a < ur->n_items; a++) {
        ur->itemised += ur->items[a].lost;
        if (!ur->items[a].reason && append(pa, &ur->items[a].reason, "", ""))
            return PARINDEX_ENOMEM;
        if (map && count_offices(pa, ur, &ur->items[a]))
            return PARINDEX_ENOMEM;
    }
    for (size_t a = 1; a < ur->n_offices; a++) {
        office t = ur->offices[a];
        size_t b = a;
        for (; b > 0 && office_before(&t, &ur->offices[b - 1]); b--)
            ur->offices[b] = ur->offices[b - 1];
        ur->offices[b] = t;
    }
    if (!ur->unmapped_codes && append(pa, &ur->unmapped_codes, "", ""))
        return PARINDEX_ENOMEM;
    ur->total_lost = parindex_results_is_na(res, u, 0) ? 0 : parindex_results_lost(res, u, 0);
    ur->other = ur->total_lost - ur->itemised - ur->unmapped;
    return PARINDEX_OK;
}

int parindex_remediation_new(parindex_remediation **out,
                             const parindex_results *res,
                             const parindex_respmap *map, long u)
{
    pi_error_clear();
    if (out)
        *out = NULL;
    if (!out || !res)
        return pi_error(PARINDEX_EMISUSE, "NULL argument to parindex_remediation_new");
    const parindex_ruleset *rs = parindex_results_ruleset(res);
    size_t n = parindex_results_unit_count(res);
    if (u < -1 || (u >= 0 && (size_t)u >= n))
        return pi_error(PARINDEX_EINVAL, "unit %ld out of range (%zu units)", u, n);
    if (map && map->rs != rs)
        return pi_error(PARINDEX_EINVAL, "the responsibility map was read for another rule set");
    parindex_remediation *rem = pi_calloc(&rs->pa, 1, sizeof *rem);
    if (!rem)
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    rem->pa = rs->pa;
    rem->res = res;
    rem->mapped = map != NULL;
    size_t count = u >= 0 ? 1 : n;
    rem->units = pi_calloc(&rem->pa, count ? count : 1, sizeof *rem->units);
    if (!rem->units) {
        parindex_remediation_free(rem);
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < count; k++) {
        rem->units[k].u = u >= 0 ? (size_t)u : k;
        rem->n_units = k + 1;
        if (build_unit(rem, map, &rem->units[k])) {
            parindex_remediation_free(rem);
            return pi_error(PARINDEX_ENOMEM, "out of memory");
        }
    }
    pi_error_clear();
    *out = rem;
    return PARINDEX_OK;
}

/* ---- accessors ---------------------------------------------------------- */

static const unit_rem *U(const parindex_remediation *rem, size_t k)
{
    return rem && k < rem->n_units ? &rem->units[k] : NULL;
}

static const item *I(const parindex_remediation *rem, size_t k, size_t i)
{
    const unit_rem *ur = U(rem, k);
    return ur && i < ur->n_items ? &ur->items[i] : NULL;
}

static const office *OF(const parindex_remediation *rem, size_t k, size_t j)
{
    const unit_rem *ur = U(rem, k);
    return ur && j < ur->n_offices ? &ur->offices[j] : NULL;
}

size_t parindex_remediation_unit_count(const parindex_remediation *rem)
{
    return rem ? rem->n_units : 0;
}

size_t parindex_remediation_unit(const parindex_remediation *rem, size_t k)
{
    return U(rem, k) ? U(rem, k)->u : (size_t)-1;
}

size_t parindex_remediation_item_count(const parindex_remediation *rem, size_t k)
{
    return U(rem, k) ? U(rem, k)->n_items : 0;
}

#define ITEM_STR(fn, field)                                                  \
    const char *fn(const parindex_remediation *rem, size_t k, size_t i)     \
    {                                                                        \
        const item *it = I(rem, k, i);                                       \
        return it ? it->field : "";                                          \
    }
#define ITEM_FIX(fn, field)                                                  \
    parindex_fixed fn(const parindex_remediation *rem, size_t k, size_t i)  \
    {                                                                        \
        const item *it = I(rem, k, i);                                       \
        return it ? it->field : PARINDEX_FIXED_NONE;                         \
    }
ITEM_STR(parindex_remediation_code, code)
ITEM_STR(parindex_remediation_name, name)
ITEM_STR(parindex_remediation_reason, reason)
ITEM_STR(parindex_remediation_lead, lead)
ITEM_STR(parindex_remediation_partners, partners)
ITEM_STR(parindex_remediation_deadline, deadline)
ITEM_FIX(parindex_remediation_max, max)
ITEM_FIX(parindex_remediation_earned, earned)
ITEM_FIX(parindex_remediation_lost, lost)

size_t parindex_remediation_leaf_count(const parindex_remediation *rem, size_t k,
                                       size_t i)
{
    const item *it = I(rem, k, i);
    return it ? it->leaves : 0;
}

#define UNIT_FIX(fn, field)                                                  \
    parindex_fixed fn(const parindex_remediation *rem, size_t k)            \
    {                                                                        \
        const unit_rem *ur = U(rem, k);                                      \
        return ur ? ur->field : PARINDEX_FIXED_NONE;                         \
    }
UNIT_FIX(parindex_remediation_total_lost, total_lost)
UNIT_FIX(parindex_remediation_itemised, itemised)
UNIT_FIX(parindex_remediation_unmapped, unmapped)
UNIT_FIX(parindex_remediation_other, other)

const char *parindex_remediation_unmapped_codes(const parindex_remediation *rem,
                                                size_t k)
{
    return U(rem, k) ? U(rem, k)->unmapped_codes : "";
}

size_t parindex_remediation_office_count(const parindex_remediation *rem, size_t k)
{
    return U(rem, k) ? U(rem, k)->n_offices : 0;
}

const char *parindex_remediation_office(const parindex_remediation *rem, size_t k,
                                        size_t j)
{
    return OF(rem, k, j) ? OF(rem, k, j)->name : "";
}

size_t parindex_remediation_office_items(const parindex_remediation *rem,
                                         size_t k, size_t j)
{
    return OF(rem, k, j) ? OF(rem, k, j)->items : 0;
}

parindex_fixed parindex_remediation_office_lost(const parindex_remediation *rem,
                                                size_t k, size_t j)
{
    return OF(rem, k, j) ? OF(rem, k, j)->lost : PARINDEX_FIXED_NONE;
}

/* ---- writing ------------------------------------------------------------ */

/* Whether any leaf of the rule set is in `part`. */
static int has_part(const parindex_ruleset *rs, int part)
{
    size_t nn = parindex_ruleset_node_count(rs);
    for (size_t i = 1; i < nn; i++)
        if (parindex_node_rule(rs, i) != PARINDEX_RULE_NONE &&
            parindex_node_part(rs, i) == part)
            return 1;
    return 0;
}

static const char *part_name(int part)
{
    return part == PARINDEX_PART_SURVEY ? "survey" : "appraisal";
}

/* Items of unit k under top-level field f. */
static size_t items_in_field(const parindex_ruleset *rs, const unit_rem *ur,
                             size_t field)
{
    size_t n = 0;
    for (size_t i = 0; i < ur->n_items; i++) {
        long a = (long)ur->items[i].node;
        while (a > 0 && parindex_node_parent(rs, (size_t)a) != 0)
            a = parindex_node_parent(rs, (size_t)a);
        n += (size_t)a == field;
    }
    return n;
}

static void csv_items(pi_csvw *w, const parindex_remediation *rem,
                      const parindex_ruleset *rs)
{
    static const char *const head[] = {"STT", "unit", "code", "name", "max",
                                       "earned", "lost", "reason", "lead",
                                       "partners", "deadline"};
    int mode = parindex_ruleset_rounding(rs);
    size_t ncol = rem->mapped ? 11 : 8;
    for (size_t k = 0; k < ncol; k++)
        pi_csvw_text(w, head[k]);
    pi_csvw_end(w);
    for (size_t k = 0; k < rem->n_units; k++) {
        const unit_rem *ur = &rem->units[k];
        for (size_t i = 0; i < ur->n_items; i++) {
            const item *it = &ur->items[i];
            int d = parindex_node_decimals(rs, it->node);
            char stt[24];
            snprintf(stt, sizeof stt, "%zu", i + 1);
            pi_csvw_text(w, stt);
            pi_csvw_text(w, parindex_results_unit(rem->res, ur->u));
            pi_csvw_text(w, it->code);
            pi_csvw_text(w, it->name);
            pi_csvw_fixed(w, it->max, d, mode);
            pi_csvw_fixed(w, it->earned, d, mode);
            pi_csvw_fixed(w, it->lost, d, mode);
            pi_csvw_text(w, it->reason);
            if (rem->mapped) {
                pi_csvw_text(w, it->lead);
                pi_csvw_text(w, it->partners);
                pi_csvw_text(w, it->deadline);
            }
            pi_csvw_end(w);
        }
    }
}

static void summary_row(pi_csvw *w, const char *unit, const char *what,
                        const char *code, const char *name, parindex_fixed max,
                        parindex_fixed earned, parindex_fixed lost, long items,
                        int d, int mode)
{
    pi_csvw_text(w, unit);
    pi_csvw_text(w, what);
    pi_csvw_text(w, code);
    pi_csvw_text(w, name);
    if (max == PARINDEX_FIXED_NONE)
        pi_csvw_text(w, "");
    else
        pi_csvw_fixed(w, max, d, mode);
    if (earned == PARINDEX_FIXED_NONE)
        pi_csvw_text(w, "");
    else
        pi_csvw_fixed(w, earned, d, mode);
    pi_csvw_fixed(w, lost, d, mode);
    if (items < 0) {
        pi_csvw_text(w, "");
    } else {
        char buf[24];
        snprintf(buf, sizeof buf, "%ld", items);
        pi_csvw_text(w, buf);
    }
    pi_csvw_end(w);
}

static void csv_summary(pi_csvw *w, const parindex_remediation *rem,
                        const parindex_ruleset *rs)
{
    static const char *const head[] = {"unit", "summary", "code", "name", "max",
                                       "earned", "lost", "items"};
    const parindex_fixed NONE = PARINDEX_FIXED_NONE;
    int mode = parindex_ruleset_rounding(rs), d0 = parindex_node_decimals(rs, 0);
    for (size_t k = 0; k < sizeof head / sizeof head[0]; k++)
        pi_csvw_text(w, head[k]);
    pi_csvw_end(w);
    for (size_t k = 0; k < rem->n_units; k++) {
        const unit_rem *ur = &rem->units[k];
        const parindex_results *res = rem->res;
        const char *unit = parindex_results_unit(res, ur->u);
        size_t nf = parindex_node_child_count(rs, 0);
        for (size_t f = 0; f < nf; f++) {
            size_t node = (size_t)parindex_node_child(rs, 0, f);
            int na = parindex_results_is_na(res, ur->u, node);
            summary_row(w, unit, "field", parindex_node_code(rs, node),
                        parindex_node_name(rs, node),
                        na ? NONE : parindex_results_max(res, ur->u, node),
                        na ? NONE : parindex_results_earned(res, ur->u, node),
                        na ? 0 : parindex_results_lost(res, ur->u, node),
                        (long)items_in_field(rs, ur, node),
                        parindex_node_decimals(rs, node), mode);
        }
        for (int part = PARINDEX_PART_APPRAISAL; part <= PARINDEX_PART_SURVEY; part++) {
            if (!has_part(rs, part))
                continue;
            parindex_fixed m = parindex_results_part(res, ur->u, part, 1);
            parindex_fixed e = parindex_results_part(res, ur->u, part, 0);
            summary_row(w, unit, "part", part_name(part), "", m, e, m - e, -1, d0, mode);
        }
        for (size_t j = 0; j < ur->n_offices; j++)
            summary_row(w, unit, "lead office", "", ur->offices[j].name, NONE, NONE,
                        ur->offices[j].lost, (long)ur->offices[j].items, d0, mode);
        int na = parindex_results_is_na(res, ur->u, 0);
        summary_row(w, unit, "total lost", "", "",
                    na ? NONE : parindex_results_max(res, ur->u, 0),
                    na ? NONE : parindex_results_total(res, ur->u), ur->total_lost, -1,
                    d0, mode);
        summary_row(w, unit, "itemised", "", "", NONE, NONE, ur->itemised,
                    (long)ur->n_items, d0, mode);
        summary_row(w, unit, "not itemised", "", "", NONE, NONE,
                    ur->total_lost - ur->itemised, -1, d0, mode);
        if (rem->mapped)
            summary_row(w, unit, "not in the map", "", ur->unmapped_codes, NONE, NONE,
                        ur->unmapped, -1, d0, mode);
        summary_row(w, unit, "caps, floors and aggregation", "", "", NONE, NONE,
                    ur->other, -1, d0, mode);
    }
}

static void json_kv_str(parindex_output *o, const char *key, const char *v)
{
    pi_out_printf(o, ", \"%s\": ", key);
    pi_json_string(o, v);
}

static void json_kv_fix(parindex_output *o, const char *key, parindex_fixed v,
                        int d, int mode)
{
    pi_out_printf(o, ", \"%s\": ", key);
    pi_json_fixed(o, v, d, mode);
}

static void json_remediation(parindex_output *o, const parindex_remediation *rem,
                             const parindex_ruleset *rs)
{
    const parindex_results *res = rem->res;
    int mode = parindex_ruleset_rounding(rs), d0 = parindex_node_decimals(rs, 0);
    pi_out_puts(o, "{\n  \"ruleset\": ");
    pi_json_ruleset(o, rs);
    pi_out_printf(o, ",\n  \"mapped\": %s,\n  \"units\": [", rem->mapped ? "true" : "false");
    for (size_t k = 0; k < rem->n_units; k++) {
        const unit_rem *ur = &rem->units[k];
        pi_out_puts(o, k ? ",\n    {\"unit\": " : "\n    {\"unit\": ");
        pi_json_string(o, parindex_results_unit(res, ur->u));
        json_kv_str(o, "group", parindex_results_group(res, ur->u));
        pi_out_puts(o, ",\n     \"items\": [");
        for (size_t i = 0; i < ur->n_items; i++) {
            const item *it = &ur->items[i];
            int d = parindex_node_decimals(rs, it->node);
            pi_out_printf(o, "%s{\"stt\": %zu", i ? ",\n       " : "\n       ", i + 1);
            json_kv_str(o, "code", it->code);
            json_kv_str(o, "name", it->name);
            json_kv_fix(o, "max", it->max, d, mode);
            json_kv_fix(o, "earned", it->earned, d, mode);
            json_kv_fix(o, "lost", it->lost, d, mode);
            pi_out_printf(o, ", \"leaves\": %zu", it->leaves);
            json_kv_str(o, "reason", it->reason);
            if (rem->mapped) {
                json_kv_str(o, "lead", it->lead);
                json_kv_str(o, "partners", it->partners);
                json_kv_str(o, "deadline", it->deadline);
            }
            pi_out_puts(o, "}");
        }
        pi_out_puts(o, "],\n     \"fields\": [");
        size_t nf = parindex_node_child_count(rs, 0);
        for (size_t f = 0; f < nf; f++) {
            size_t node = (size_t)parindex_node_child(rs, 0, f);
            int d = parindex_node_decimals(rs, node);
            int na = parindex_results_is_na(res, ur->u, node);
            pi_out_puts(o, f ? ",\n       {\"code\": " : "\n       {\"code\": ");
            pi_json_string(o, parindex_node_code(rs, node));
            json_kv_str(o, "name", parindex_node_name(rs, node));
            json_kv_fix(o, "max", na ? PARINDEX_FIXED_NONE : parindex_results_max(res, ur->u, node), d, mode);
            json_kv_fix(o, "earned", na ? PARINDEX_FIXED_NONE : parindex_results_earned(res, ur->u, node), d, mode);
            json_kv_fix(o, "lost", na ? 0 : parindex_results_lost(res, ur->u, node), d, mode);
            pi_out_printf(o, ", \"items\": %zu}", items_in_field(rs, ur, node));
        }
        pi_out_puts(o, "],\n     \"parts\": [");
        int first = 1;
        for (int part = PARINDEX_PART_APPRAISAL; part <= PARINDEX_PART_SURVEY; part++) {
            if (!has_part(rs, part))
                continue;
            parindex_fixed m = parindex_results_part(res, ur->u, part, 1);
            parindex_fixed e = parindex_results_part(res, ur->u, part, 0);
            pi_out_printf(o, "%s{\"part\": \"%s\"", first ? "\n       " : ",\n       ",
                          part_name(part));
            json_kv_fix(o, "max", m, d0, mode);
            json_kv_fix(o, "earned", e, d0, mode);
            json_kv_fix(o, "lost", m - e, d0, mode);
            pi_out_puts(o, "}");
            first = 0;
        }
        pi_out_puts(o, "],\n     \"offices\": [");
        for (size_t j = 0; j < ur->n_offices; j++) {
            pi_out_puts(o, j ? ",\n       {\"office\": " : "\n       {\"office\": ");
            pi_json_string(o, ur->offices[j].name);
            pi_out_printf(o, ", \"items\": %zu", ur->offices[j].items);
            json_kv_fix(o, "lost", ur->offices[j].lost, d0, mode);
            pi_out_puts(o, "}");
        }
        pi_out_puts(o, "],\n     \"total_lost\": ");
        pi_json_fixed(o, ur->total_lost, d0, mode);
        json_kv_fix(o, "itemised", ur->itemised, d0, mode);
        json_kv_fix(o, "not_itemised", ur->total_lost - ur->itemised, d0, mode);
        if (rem->mapped) {
            json_kv_fix(o, "not_in_map", ur->unmapped, d0, mode);
            json_kv_str(o, "not_in_map_codes", ur->unmapped_codes);
        }
        json_kv_fix(o, "caps_floors_aggregation", ur->other, d0, mode);
        pi_out_puts(o, "}");
    }
    pi_out_puts(o, rem->n_units ? "\n  ]\n}\n" : "]\n}\n");
}

int parindex_write_remediation(parindex_output *o, const parindex_results *res,
                               const parindex_remediation *rem,
                               const parindex_format_options *opts)
{
    pi_error_clear();
    if (!o || !res || !rem)
        return pi_error(PARINDEX_EMISUSE, "NULL argument to parindex_write_remediation");
    parindex_format_options f;
    int rc = pi_format_check(opts, &f);
    if (rc)
        return rc;
    if (rem->res != res)
        return pi_error(PARINDEX_EINVAL, "the remediation table was made from other results");
    const parindex_ruleset *rs = parindex_results_ruleset(res);
    if (f.format == PARINDEX_FORMAT_JSON) {
        json_remediation(o, rem, rs);
    } else {
        pi_csvw w;
        pi_csvw_init(&w, o, f.flags);
        csv_items(&w, rem, rs);
        pi_csvw_end(&w);
        csv_summary(&w, rem, rs);
    }
    return pi_out_status(o);
}
