/* Comparing two score outputs: changes of total and rank, units that
 * entered or left, and whether both come from the same rule set. */
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "out.h"

/* ---- score tables read back --------------------------------------------- */

typedef struct st_row {
    char *unit, *group;
    parindex_fixed total, rank;
} st_row;

struct parindex_scoretable {
    pi_alloc pa;
    st_row *rows;
    size_t n, cap;
    char *ruleset, *digest;
    int decimals; /* most fractional digits seen in a total */
    pi_strmap index;
};

void parindex_scoretable_free(parindex_scoretable *t)
{
    if (!t)
        return;
    pi_alloc pa = t->pa;
    for (size_t i = 0; i < t->n; i++) {
        pi_free(&pa, t->rows[i].unit);
        pi_free(&pa, t->rows[i].group);
    }
    pi_free(&pa, t->rows);
    pi_free(&pa, t->ruleset);
    pi_free(&pa, t->digest);
    pi_strmap_free(&t->index, &pa);
    pi_free(&pa, t);
}

size_t parindex_scoretable_count(const parindex_scoretable *t) { return t ? t->n : 0; }

const char *parindex_scoretable_ruleset(const parindex_scoretable *t)
{
    return t && t->ruleset ? t->ruleset : "";
}

const char *parindex_scoretable_digest(const parindex_scoretable *t)
{
    return t && t->digest ? t->digest : "";
}

enum { S_UNIT, S_GROUP, S_TOTAL, S_RANK, S_RULESET, S_DIGEST, S_COUNT };
static const char *const st_cols[S_COUNT] = {"unit", "group", "total", "rank",
                                             "ruleset", "ruleset_digest"};

static int fraction_digits(const char *s, char decimal)
{
    const char *d = strchr(s, decimal);
    return d ? (int)strlen(d + 1) : 0;
}

/* A number cell (N/A allowed when na_ok). */
static int number_cell(pi_csv *c, size_t k, const char *col, const char *unit,
                       int na_ok, parindex_fixed *out)
{
    const pi_csv_cell *cell = &c->cells[k];
    char b1[128], why[160];
    if (cell->len == 0)
        return pi_csv_error_at(c, k, PARINDEX_EPARSE, "unit '%s', column '%s': empty cell",
                               unit, col);
    if (na_ok && pi_csv_is_na(cell->text, cell->len)) {
        *out = PARINDEX_FIXED_NONE;
        return PARINDEX_OK;
    }
    int rc = pi_csv_parse_fixed(cell->text, cell->len, c->decimal, out, why, sizeof why);
    if (rc)
        return pi_csv_error_at(c, k, rc, "unit '%s', column '%s': '%s' %s", unit, col,
                               pi_csv_quote(cell->text, cell->len, b1, sizeof b1), why);
    return PARINDEX_OK;
}

static int read_table(parindex_scoretable *t, pi_csv *c)
{
    size_t col[S_COUNT];
    for (int m = 0; m < S_COUNT; m++)
        col[m] = (size_t)-1;
    int rc = pi_csv_next_row(c);
    if (rc < 0)
        return rc;
    if (rc == 0) {
        pi_error(PARINDEX_EPARSE, "the file is empty: expected the output of parindex score");
        pi_error_where(c->source, 1, 1, NULL);
        return PARINDEX_EPARSE;
    }
    /* trailing unnamed columns (a spreadsheet's) are ignored; their cells
     * must stay empty */
    size_t all = c->n_cells, ncols = pi_csv_named_columns(c);
    for (size_t k = 0; k < ncols; k++)
        for (int m = 0; m < S_COUNT; m++)
            if (strcmp(c->cells[k].text, st_cols[m]) == 0) {
                if (col[m] != (size_t)-1)
                    return pi_csv_error_at(c, k, PARINDEX_ESCHEMA,
                                           "column '%s' appears twice", st_cols[m]);
                col[m] = k;
            }
    static const int required[] = {S_UNIT, S_TOTAL, S_RANK};
    for (size_t r = 0; r < 3; r++)
        if (col[required[r]] == (size_t)-1)
            return pi_csv_error_at(c, c->n_cells, PARINDEX_ESCHEMA,
                                   "missing column '%s': expected the output of parindex score",
                                   st_cols[required[r]]);
    t->decimals = 0;
    while ((rc = pi_csv_next_row(c)) > 0) {
        if (c->n_cells != ncols && (rc = pi_csv_check_width(c, ncols, all, NULL)) != 0)
            return rc;
        for (int m = 0; m < S_COUNT; m++)
            if (col[m] != (size_t)-1 && (rc = pi_csv_check_utf8(c, col[m], st_cols[m])) != 0)
                return rc;
        const pi_csv_cell *uc = &c->cells[col[S_UNIT]];
        if (uc->len == 0)
            return pi_csv_error_at(c, col[S_UNIT], PARINDEX_EPARSE, "column 'unit': empty unit name");
        char ub[128];
        const char *unit = pi_csv_quote(uc->text, uc->len, ub, sizeof ub);
        if (pi_strmap_get(&t->index, uc->text) != (size_t)-1)
            return pi_csv_error_at(c, col[S_UNIT], PARINDEX_EEXISTS, "duplicate unit '%s'", unit);
        st_row row = {NULL, NULL, 0, 0};
        if ((rc = number_cell(c, col[S_TOTAL], "total", unit, 1, &row.total)) != 0 ||
            (rc = number_cell(c, col[S_RANK], "rank", unit, 1, &row.rank)) != 0)
            return rc;
        int fd = fraction_digits(c->cells[col[S_TOTAL]].text, c->decimal);
        if (fd > t->decimals)
            t->decimals = fd > 6 ? 6 : fd;
        for (int m = S_RULESET; m <= S_DIGEST; m++) {
            if (col[m] == (size_t)-1)
                continue;
            char **slot = m == S_RULESET ? &t->ruleset : &t->digest;
            const char *v = c->cells[col[m]].text;
            if (!*slot) {
                if (!(*slot = pi_strdup(&t->pa, v)))
                    return pi_error(PARINDEX_ENOMEM, "out of memory");
            } else if (strcmp(*slot, v) != 0) {
                char b1[128];
                return pi_csv_error_at(c, col[m], PARINDEX_EPARSE,
                                       "unit '%s', column '%s': '%s' differs from '%s' on the rows above (one file, one rule set)",
                                       unit, st_cols[m],
                                       pi_csv_quote(v, strlen(v), b1, sizeof b1), *slot);
            }
        }
        if (pi_grow(&t->pa, (void **)&t->rows, &t->cap, t->n + 1, sizeof *t->rows))
            return pi_error(PARINDEX_ENOMEM, "out of memory");
        row.unit = pi_strdup(&t->pa, uc->text);
        row.group = pi_strdup(&t->pa, col[S_GROUP] != (size_t)-1 ? c->cells[col[S_GROUP]].text : "");
        t->rows[t->n] = row;
        if (!row.unit || !row.group) {
            pi_free(&t->pa, row.unit);
            pi_free(&t->pa, row.group);
            return pi_error(PARINDEX_ENOMEM, "out of memory");
        }
        if (pi_strmap_put(&t->index, &t->pa, row.unit, t->n++))
            return pi_error(PARINDEX_ENOMEM, "out of memory");
    }
    return rc < 0 ? rc : PARINDEX_OK;
}

static int table_read(parindex_scoretable **out, const char *path, const void *data,
                      size_t len, const parindex_csv_options *opts,
                      const parindex_allocator *alloc)
{
    pi_error_clear();
    if (out)
        *out = NULL;
    if (!out || (!path && !data && len))
        return pi_error(PARINDEX_EMISUSE, "NULL argument to parindex_scoretable_read_csv");
    pi_alloc pa;
    pi_alloc_init(&pa, alloc);
    parindex_scoretable *t = pi_calloc(&pa, 1, sizeof *t);
    if (!t)
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    t->pa = pa;
    if (pi_strmap_init(&t->index, &pa, 16)) {
        parindex_scoretable_free(t);
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    }
    pi_csv c;
    int rc = pi_csv_begin(&c, &pa, path, data ? data : "", len, opts);
    if (!rc) {
        rc = read_table(t, &c);
        pi_csv_close(&c);
    }
    if (rc) {
        parindex_scoretable_free(t);
        return rc;
    }
    *out = t;
    return PARINDEX_OK;
}

int parindex_scoretable_read_csv(parindex_scoretable **out, const char *path,
                                 const parindex_csv_options *opts,
                                 const parindex_allocator *alloc)
{
    if (!path) {
        pi_error_clear();
        if (out)
            *out = NULL;
        return pi_error(PARINDEX_EMISUSE, "NULL path");
    }
    return table_read(out, path, NULL, 0, opts, alloc);
}

int parindex_scoretable_read_csv_memory(parindex_scoretable **out, const void *data,
                                        size_t len, const parindex_csv_options *opts,
                                        const parindex_allocator *alloc)
{
    return table_read(out, NULL, data, len, opts, alloc);
}

/* ---- comparison --------------------------------------------------------- */

typedef struct cmp_row {
    char *unit, *group;
    int status;
    parindex_fixed old_total, new_total, old_rank, new_rank;
} cmp_row;

struct parindex_comparison {
    pi_alloc pa;
    cmp_row *rows;
    size_t n;
    int decimals;
    int same;
    char why[PI_MSG_MAX];
    char *old_label, *new_label, *old_digest, *new_digest;
};

void parindex_comparison_free(parindex_comparison *cmp)
{
    if (!cmp)
        return;
    pi_alloc pa = cmp->pa;
    for (size_t i = 0; i < cmp->n; i++) {
        pi_free(&pa, cmp->rows[i].unit);
        pi_free(&pa, cmp->rows[i].group);
    }
    pi_free(&pa, cmp->rows);
    pi_free(&pa, cmp->old_label);
    pi_free(&pa, cmp->new_label);
    pi_free(&pa, cmp->old_digest);
    pi_free(&pa, cmp->new_digest);
    pi_free(&pa, cmp);
}

static void judge_rulesets(parindex_comparison *cmp)
{
    const char *ol = cmp->old_label, *nl = cmp->new_label;
    const char *od = cmp->old_digest, *nd = cmp->new_digest;
    cmp->same = 0;
    if (!*ol && !*nl)
        snprintf(cmp->why, sizeof cmp->why,
                 "neither file says which rule set it comes from (no 'ruleset' column)");
    else if (!*ol || !*nl)
        snprintf(cmp->why, sizeof cmp->why,
                 "the %s file does not say which rule set it comes from (no 'ruleset' column)",
                 *ol ? "new" : "old");
    else if (strcmp(ol, nl) != 0)
        snprintf(cmp->why, sizeof cmp->why,
                 "the files come from different rule sets ('%s' and '%s'): only totals and ranks are comparable",
                 ol, nl);
    else if (*od && *nd && strcmp(od, nd) != 0)
        snprintf(cmp->why, sizeof cmp->why,
                 "both files name rule set '%s' but its rules differ (digest %s and %s)",
                 ol, od, nd);
    else {
        cmp->same = 1;
        cmp->why[0] = '\0';
    }
}

static int add_row(parindex_comparison *cmp, size_t *cap, const st_row *src,
                   int status)
{
    if (pi_grow(&cmp->pa, (void **)&cmp->rows, cap, cmp->n + 1, sizeof *cmp->rows))
        return PARINDEX_ENOMEM;
    cmp_row *r = &cmp->rows[cmp->n];
    memset(r, 0, sizeof *r);
    r->status = status;
    r->old_total = r->new_total = r->old_rank = r->new_rank = PARINDEX_FIXED_NONE;
    r->unit = pi_strdup(&cmp->pa, src->unit);
    r->group = pi_strdup(&cmp->pa, src->group);
    cmp->n++;
    return r->unit && r->group ? PARINDEX_OK : PARINDEX_ENOMEM;
}

int parindex_comparison_new(parindex_comparison **out,
                            const parindex_scoretable *old_table,
                            const parindex_scoretable *new_table)
{
    pi_error_clear();
    if (out)
        *out = NULL;
    if (!out || !old_table || !new_table)
        return pi_error(PARINDEX_EMISUSE, "NULL argument to parindex_comparison_new");
    parindex_comparison *cmp = pi_calloc(&new_table->pa, 1, sizeof *cmp);
    if (!cmp)
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    cmp->pa = new_table->pa;
    cmp->decimals = old_table->decimals > new_table->decimals ? old_table->decimals
                                                              : new_table->decimals;
    cmp->old_label = pi_strdup(&cmp->pa, parindex_scoretable_ruleset(old_table));
    cmp->new_label = pi_strdup(&cmp->pa, parindex_scoretable_ruleset(new_table));
    cmp->old_digest = pi_strdup(&cmp->pa, parindex_scoretable_digest(old_table));
    cmp->new_digest = pi_strdup(&cmp->pa, parindex_scoretable_digest(new_table));
    int rc = cmp->old_label && cmp->new_label && cmp->old_digest && cmp->new_digest
                 ? PARINDEX_OK : PARINDEX_ENOMEM;
    size_t cap = 0;
    for (size_t i = 0; i < new_table->n && !rc; i++) {
        const st_row *nr = &new_table->rows[i];
        size_t j = pi_strmap_get(&old_table->index, nr->unit);
        rc = add_row(cmp, &cap, nr, j == (size_t)-1 ? PARINDEX_CHANGE_ENTERED
                                                    : PARINDEX_CHANGE_BOTH);
        if (rc)
            break;
        cmp_row *r = &cmp->rows[cmp->n - 1];
        r->new_total = nr->total;
        r->new_rank = nr->rank;
        if (j != (size_t)-1) {
            r->old_total = old_table->rows[j].total;
            r->old_rank = old_table->rows[j].rank;
        }
    }
    for (size_t j = 0; j < old_table->n && !rc; j++) {
        const st_row *or_ = &old_table->rows[j];
        if (pi_strmap_get(&new_table->index, or_->unit) != (size_t)-1)
            continue;
        rc = add_row(cmp, &cap, or_, PARINDEX_CHANGE_LEFT);
        if (!rc) {
            cmp->rows[cmp->n - 1].old_total = or_->total;
            cmp->rows[cmp->n - 1].old_rank = or_->rank;
        }
    }
    if (rc) {
        parindex_comparison_free(cmp);
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    }
    judge_rulesets(cmp);
    *out = cmp;
    return PARINDEX_OK;
}

int parindex_comparison_same_ruleset(const parindex_comparison *cmp,
                                     const char **why)
{
    if (why)
        *why = cmp ? cmp->why : "";
    return cmp ? cmp->same : 0;
}

size_t parindex_comparison_count(const parindex_comparison *cmp)
{
    return cmp ? cmp->n : 0;
}

static const cmp_row *R(const parindex_comparison *cmp, size_t r)
{
    return cmp && r < cmp->n ? &cmp->rows[r] : NULL;
}

const char *parindex_comparison_unit(const parindex_comparison *cmp, size_t r)
{
    return R(cmp, r) ? R(cmp, r)->unit : "";
}

const char *parindex_comparison_group(const parindex_comparison *cmp, size_t r)
{
    return R(cmp, r) ? R(cmp, r)->group : "";
}

int parindex_comparison_status(const parindex_comparison *cmp, size_t r)
{
    return R(cmp, r) ? R(cmp, r)->status : -1;
}

#define ROW_FIX(fn, field)                                                   \
    parindex_fixed fn(const parindex_comparison *cmp, size_t r)             \
    {                                                                        \
        return R(cmp, r) ? R(cmp, r)->field : PARINDEX_FIXED_NONE;           \
    }
ROW_FIX(parindex_comparison_old_total, old_total)
ROW_FIX(parindex_comparison_new_total, new_total)
ROW_FIX(parindex_comparison_old_rank, old_rank)
ROW_FIX(parindex_comparison_new_rank, new_rank)

static parindex_fixed diff(parindex_fixed a, parindex_fixed b)
{
    return a == PARINDEX_FIXED_NONE || b == PARINDEX_FIXED_NONE ? PARINDEX_FIXED_NONE
                                                                : a - b;
}

parindex_fixed parindex_comparison_change(const parindex_comparison *cmp, size_t r)
{
    const cmp_row *row = R(cmp, r);
    return row ? diff(row->new_total, row->old_total) : PARINDEX_FIXED_NONE;
}

parindex_fixed parindex_comparison_rank_change(const parindex_comparison *cmp, size_t r)
{
    const cmp_row *row = R(cmp, r);
    return row ? diff(row->old_rank, row->new_rank) : PARINDEX_FIXED_NONE;
}

/* ---- writing ------------------------------------------------------------ */

static const char *status_name(int s)
{
    return s == PARINDEX_CHANGE_ENTERED ? "entered" : s == PARINDEX_CHANGE_LEFT ? "left" : "both";
}

static void movement(parindex_fixed places, char *buf, size_t size)
{
    char n[48];
    if (places == PARINDEX_FIXED_NONE) {
        buf[0] = '\0';
        return;
    }
    if (places == 0) {
        snprintf(buf, size, "same");
        return;
    }
    parindex_fixed_format_short(places < 0 ? -places : places, n, sizeof n);
    snprintf(buf, size, "%s %s", places > 0 ? "up" : "down", n);
}

static void empty_or_short(pi_csvw *w, parindex_fixed v)
{
    if (v == PARINDEX_FIXED_NONE)
        pi_csvw_text(w, "");
    else
        pi_csvw_short(w, v);
}

static void empty_or_fixed(pi_csvw *w, parindex_fixed v, int d)
{
    if (v == PARINDEX_FIXED_NONE)
        pi_csvw_text(w, "");
    else
        pi_csvw_fixed(w, v, d, PARINDEX_ROUND_HALF_UP);
}

int parindex_write_comparison(parindex_output *o, const parindex_comparison *cmp,
                              const parindex_format_options *opts)
{
    pi_error_clear();
    if (!o || !cmp)
        return pi_error(PARINDEX_EMISUSE, "NULL argument to parindex_write_comparison");
    parindex_format_options f;
    int rc = pi_format_check(opts, &f);
    if (rc)
        return rc;
    int d = cmp->decimals;
    char mv[64];
    if (f.format == PARINDEX_FORMAT_CSV) {
        static const char *const head[] = {"unit", "group", "status", "old_total",
                                           "new_total", "change", "old_rank",
                                           "new_rank", "rank_change", "movement"};
        pi_csvw w;
        pi_csvw_init(&w, o, f.flags);
        for (size_t k = 0; k < sizeof head / sizeof head[0]; k++)
            pi_csvw_text(&w, head[k]);
        pi_csvw_end(&w);
        for (size_t r = 0; r < cmp->n; r++) {
            const cmp_row *row = &cmp->rows[r];
            pi_csvw_text(&w, row->unit);
            pi_csvw_text(&w, row->group);
            pi_csvw_text(&w, status_name(row->status));
            empty_or_fixed(&w, row->old_total, d);
            empty_or_fixed(&w, row->new_total, d);
            empty_or_fixed(&w, parindex_comparison_change(cmp, r), d);
            empty_or_short(&w, row->old_rank);
            empty_or_short(&w, row->new_rank);
            empty_or_short(&w, parindex_comparison_rank_change(cmp, r));
            movement(parindex_comparison_rank_change(cmp, r), mv, sizeof mv);
            pi_csvw_text(&w, mv);
            pi_csvw_end(&w);
        }
        return pi_out_status(o);
    }
    pi_out_puts(o, "{\n  \"old\": {\"ruleset\": ");
    pi_json_string(o, cmp->old_label);
    pi_out_puts(o, ", \"digest\": ");
    pi_json_string(o, cmp->old_digest);
    pi_out_puts(o, "},\n  \"new\": {\"ruleset\": ");
    pi_json_string(o, cmp->new_label);
    pi_out_puts(o, ", \"digest\": ");
    pi_json_string(o, cmp->new_digest);
    pi_out_printf(o, "},\n  \"same_ruleset\": %s,\n  \"warning\": ",
                  cmp->same ? "true" : "false");
    pi_json_string(o, cmp->why);
    pi_out_puts(o, ",\n  \"units\": [");
    for (size_t r = 0; r < cmp->n; r++) {
        const cmp_row *row = &cmp->rows[r];
        pi_out_puts(o, r ? ",\n    {\"unit\": " : "\n    {\"unit\": ");
        pi_json_string(o, row->unit);
        pi_out_puts(o, ", \"group\": ");
        pi_json_string(o, row->group);
        pi_out_printf(o, ", \"status\": \"%s\", \"old_total\": ", status_name(row->status));
        pi_json_fixed(o, row->old_total, d, PARINDEX_ROUND_HALF_UP);
        pi_out_puts(o, ", \"new_total\": ");
        pi_json_fixed(o, row->new_total, d, PARINDEX_ROUND_HALF_UP);
        pi_out_puts(o, ", \"change\": ");
        pi_json_fixed(o, parindex_comparison_change(cmp, r), d, PARINDEX_ROUND_HALF_UP);
        pi_out_puts(o, ", \"old_rank\": ");
        pi_json_short(o, row->old_rank);
        pi_out_puts(o, ", \"new_rank\": ");
        pi_json_short(o, row->new_rank);
        pi_out_puts(o, ", \"rank_change\": ");
        pi_json_short(o, parindex_comparison_rank_change(cmp, r));
        movement(parindex_comparison_rank_change(cmp, r), mv, sizeof mv);
        pi_out_puts(o, ", \"movement\": ");
        pi_json_string(o, mv);
        pi_out_puts(o, "}");
    }
    pi_out_puts(o, cmp->n ? "\n  ]\n}\n" : "]\n}\n");
    return pi_out_status(o);
}
