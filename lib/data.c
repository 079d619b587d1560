/* Unit inputs from CSV: the header is matched once against the rule set's
 * inputs (hash lookups), then every row is parsed and scored in one pass. */
#include <stdio.h>
#include <string.h>

#include "csv.h"

enum { COL_UNIT = -1, COL_GROUP = -2 };

typedef struct reader {
    pi_csv csv;
    const parindex_ruleset *rs;
    parindex_results *res;
    parindex_inputs *in;
    long *col;          /* per column: input index, COL_UNIT or COL_GROUP */
    size_t n_cols;      /* named columns */
    size_t n_all;       /* header cells, with the unnamed ones at the end */
    size_t unit_col, group_col; /* (size_t)-1 when absent */
    size_t first_unit;  /* units of res before this read */
    unsigned *lines;    /* line of each unit read, for duplicates */
    size_t cap_lines;
    size_t prefix;      /* inputs [0, prefix) are numbers: set in one call */
    parindex_fixed *vals; /* their values for the current row */
} reader;

#define NO_COL ((size_t)-1)

static const char *q(const char *s, size_t n, char *buf, size_t size)
{
    return pi_csv_quote(s, n, buf, size);
}

/* Match the header row to the rule set's inputs. */
static int read_header(reader *r)
{
    pi_csv *c = &r->csv;
    int rc = pi_csv_next_row(c);
    if (rc < 0)
        return rc;
    if (rc == 0) {
        pi_error(PARINDEX_EPARSE, "the file is empty: the first line must name the columns (unit, group, then the inputs)");
        pi_error_where(c->source, 1, 1, NULL);
        return PARINDEX_EPARSE;
    }
    const parindex_ruleset *rs = r->rs;
    /* trailing unnamed columns (a spreadsheet's) are ignored; their cells
     * must stay empty (read_row) */
    r->n_all = c->n_cells;
    r->n_cols = pi_csv_named_columns(c);
    r->col = pi_calloc(&c->pa, r->n_cols, sizeof *r->col);
    unsigned char *seen = pi_calloc(&c->pa, rs->n_inputs + 1, 1);
    if (!r->col || !seen) {
        pi_free(&c->pa, seen);
        return pi_error(PARINDEX_ENOMEM, "out of memory");
    }
    char b1[128];
    rc = PARINDEX_OK;
    for (size_t k = 0; k < r->n_cols && !rc; k++) {
        const pi_csv_cell *cell = &c->cells[k];
        if ((rc = pi_csv_check_utf8(c, k, NULL)) != 0)
            break;
        if (cell->len == 0) {
            rc = pi_csv_error_at(c, k, PARINDEX_ESCHEMA, "column %zu has no name", k + 1);
        } else if (strcmp(cell->text, "unit") == 0 || strcmp(cell->text, "group") == 0) {
            int is_unit = cell->text[0] == 'u';
            size_t *slot = is_unit ? &r->unit_col : &r->group_col;
            if (*slot != NO_COL)
                rc = pi_csv_error_at(c, k, PARINDEX_ESCHEMA,
                                     "column '%s' appears twice (also column %u)",
                                     cell->text, pi_csv_column(c, *slot));
            *slot = k;
            r->col[k] = is_unit ? COL_UNIT : COL_GROUP;
        } else {
            size_t ix = pi_strmap_get(&rs->input_names, cell->text);
            if (ix == (size_t)-1 && strchr(cell->text, c->delim == ',' ? ';' : ','))
                rc = pi_csv_error_at(c, k, PARINDEX_ESCHEMA,
                                     "unknown column '%s': the rule set has no input of that name (are the cells separated by '%c'?)",
                                     q(cell->text, cell->len, b1, sizeof b1),
                                     c->delim == ',' ? ';' : ',');
            else if (ix == (size_t)-1)
                rc = pi_csv_error_at(c, k, PARINDEX_ESCHEMA,
                                     "unknown column '%s': the rule set has no input of that name",
                                     q(cell->text, cell->len, b1, sizeof b1));
            else if (seen[ix])
                rc = pi_csv_error_at(c, k, PARINDEX_ESCHEMA,
                                     "column '%s' appears twice", cell->text);
            else {
                seen[ix] = 1;
                r->col[k] = (long)ix;
            }
        }
    }
    if (!rc && r->unit_col == NO_COL)
        rc = pi_csv_error_at(c, 0, PARINDEX_ESCHEMA,
                             "no 'unit' column: the first line must name the columns (unit, group, then the inputs)");
    if (!rc) {
        size_t missing = 0;
        char list[PI_MSG_MAX / 2] = "";
        for (size_t i = 0; i < rs->n_inputs; i++) {
            if (seen[i])
                continue;
            if (missing < 5) {
                size_t len = strlen(list);
                snprintf(list + len, sizeof list - len, "%s'%s'", missing ? ", " : "",
                         rs->inputs[i].name);
            }
            missing++;
        }
        if (missing == 1)
            rc = pi_csv_error_at(c, c->n_cells, PARINDEX_ESCHEMA,
                                 "missing column %s (an input of the rule set)", list);
        else if (missing > 5)
            rc = pi_csv_error_at(c, c->n_cells, PARINDEX_ESCHEMA,
                                 "missing columns %s and %zu more (inputs of the rule set)",
                                 list, missing - 5);
        else if (missing)
            rc = pi_csv_error_at(c, c->n_cells, PARINDEX_ESCHEMA,
                                 "missing columns %s (inputs of the rule set)", list);
    }
    pi_free(&c->pa, seen);
    return rc;
}

/* The unit's name for a message, or NULL when the row has no usable unit
 * cell. Only computed on errors. */
static const char *unit_label(const reader *r, char *buf, size_t size)
{
    const pi_csv *c = &r->csv;
    if (r->unit_col >= c->n_cells)
        return NULL;
    const pi_csv_cell *uc = &c->cells[r->unit_col];
    if (uc->len == 0 || pi_utf8_valid_prefix(uc->text, uc->len) != uc->len)
        return NULL;
    return q(uc->text, uc->len, buf, size);
}

/* One input cell into the unit's inputs. */
static int set_cell(reader *r, size_t k)
{
    pi_csv *c = &r->csv;
    const pi_csv_cell *cell = &c->cells[k];
    size_t ix = (size_t)r->col[k];
    const pi_input *inp = &r->rs->inputs[ix];
    char b1[128], ub[128], why[160];
    if (cell->len == 0)
        return pi_csv_error_at(c, k, PARINDEX_EPARSE,
                               "unit '%s', column '%s': empty cell (write N/A when the input does not apply)",
                               unit_label(r, ub, sizeof ub), inp->name);
    if (inp->kind == PARINDEX_INPUT_NUMBER) {
        parindex_fixed v;
        if (pi_csv_fast_fixed(cell->text, cell->len, c->decimal, &v) ||
            pi_csv_parse_fixed(cell->text, cell->len, c->decimal, &v, why, sizeof why) ==
                PARINDEX_OK) {
            if (ix < r->prefix) {
                r->vals[ix] = v;
                return PARINDEX_OK;
            }
            return parindex_inputs_set_at(r->in, ix, v);
        }
    } else if (parindex_inputs_set_outcome(r->in, inp->name, cell->text) == PARINDEX_OK) {
        return PARINDEX_OK;
    }
    if (pi_csv_is_na(cell->text, cell->len)) {
        if (ix < r->prefix) {
            r->vals[ix] = PARINDEX_FIXED_NONE; /* set below, with the others */
            return PARINDEX_OK;
        }
        return parindex_inputs_set_na(r->in, inp->name);
    }
    if (pi_utf8_valid_prefix(cell->text, cell->len) != cell->len)
        return pi_csv_check_utf8(c, k, inp->name);
    if (inp->kind == PARINDEX_INPUT_NUMBER) {
        int rc = pi_csv_parse_fixed(cell->text, cell->len, c->decimal, &(parindex_fixed){0},
                                    why, sizeof why);
        return pi_csv_error_at(c, k, rc, "unit '%s', column '%s': '%s' %s",
                               unit_label(r, ub, sizeof ub), inp->name,
                               q(cell->text, cell->len, b1, sizeof b1), why);
    }
    char known[256] = "";
    for (size_t v = 0; v < inp->n_vocab; v++) {
        size_t len = strlen(known);
        snprintf(known + len, sizeof known - len, "%s%s", v ? ", " : "", inp->vocab[v]);
    }
    return pi_csv_error_at(c, k, PARINDEX_EINVAL,
                           "unit '%s', column '%s': unknown outcome '%s' (expected one of: %s, N/A)",
                           unit_label(r, ub, sizeof ub), inp->name,
                           q(cell->text, cell->len, b1, sizeof b1), known);
}

/* A unit failed to score: point at the cell of the input involved (the one
 * the message names, else the first input of the node), or at the unit. */
static int scoring_error(reader *r, int rc, const char *unit)
{
    pi_csv *c = &r->csv;
    const parindex_error *e = parindex_error_last();
    char msg[PI_MSG_MAX];
    const char *m = parindex_error_message(e);
    /* drop the "unit '...': " prefix the scorer adds */
    const char *colon = strstr(m, "': ");
    if (strncmp(m, "unit '", 6) == 0 && colon)
        m = colon + 3;
    snprintf(msg, sizeof msg, "%s", m);
    size_t at = r->unit_col;
    const char *path = parindex_error_path(e);
    long node = strncmp(path, "node ", 5) == 0 ? parindex_ruleset_find_node(r->rs, path + 5) : -1;
    if (node > 0) {
        const pi_rule *rule = &r->rs->nodes[node].rule;
        long first = -1, named = -1;
        for (size_t k = 0; k < r->n_cols && named < 0; k++) {
            long ix = r->col[k];
            if (ix < 0)
                continue;
            int uses = 0;
            for (int role = 0; role < PI_ROLE_COUNT; role++)
                uses |= rule->input[role] == ix;
            for (size_t g = 0; g < rule->n_cats; g++)
                uses |= rule->cats[g].input == ix;
            if (!uses)
                continue;
            char quoted[PI_MSG_MAX];
            snprintf(quoted, sizeof quoted, "'%s'", r->rs->inputs[ix].name);
            if (strstr(msg, quoted))
                named = (long)k;
            if (first < 0)
                first = (long)k;
        }
        if (named >= 0 || first >= 0) {
            at = (size_t)(named >= 0 ? named : first);
            return pi_csv_error_at(c, at, rc, "unit '%s', column '%s': %s", unit,
                                   r->rs->inputs[r->col[at]].name, msg);
        }
    }
    return pi_csv_error_at(c, at, rc, "unit '%s': %s", unit, msg);
}

/* The line of the unit just added at index u, for duplicate messages. */
static int note_line(reader *r, size_t u, unsigned line)
{
    size_t slot = u - r->first_unit;
    if (slot >= r->cap_lines) {
        size_t cap = r->cap_lines;
        if (pi_grow(&r->csv.pa, (void **)&r->lines, &cap, slot + 1, sizeof *r->lines))
            return pi_error(PARINDEX_ENOMEM, "out of memory");
        r->cap_lines = cap;
    }
    r->lines[slot] = line;
    return PARINDEX_OK;
}

static int read_row(reader *r)
{
    pi_csv *c = &r->csv;
    char ub[128];
    if (c->n_cells != r->n_cols) {
        int rc = pi_csv_check_width(c, r->n_cols, r->n_all, unit_label(r, ub, sizeof ub));
        if (rc)
            return rc;
    }
    const pi_csv_cell *uc = &c->cells[r->unit_col];
    if (uc->len == 0)
        return pi_csv_error_at(c, r->unit_col, PARINDEX_EPARSE, "column 'unit': empty unit name");
    int rc = pi_csv_check_utf8(c, r->unit_col, "unit");
    if (rc)
        return rc;
    const char *group = NULL;
    if (r->group_col != NO_COL) {
        if ((rc = pi_csv_check_utf8(c, r->group_col, "group")) != 0)
            return rc;
        group = c->cells[r->group_col].text;
    }
    parindex_inputs_clear(r->in);
    for (size_t k = 0; k < r->n_cols; k++)
        if (r->col[k] >= 0 && (rc = set_cell(r, k)) != 0)
            return rc;
    /* the leading numeric inputs in one call, unless one is N/A */
    int na = 0;
    for (size_t i = 0; i < r->prefix && !na; i++)
        na = r->vals[i] == PARINDEX_FIXED_NONE;
    if (!na && r->prefix)
        rc = parindex_inputs_set_values(r->in, r->vals, r->prefix);
    for (size_t i = 0; na && i < r->prefix && !rc; i++)
        rc = r->vals[i] == PARINDEX_FIXED_NONE
                 ? parindex_inputs_set_na(r->in, r->rs->inputs[i].name)
                 : parindex_inputs_set_at(r->in, i, r->vals[i]);
    if (rc)
        return rc;
    size_t u = parindex_results_unit_count(r->res);
    rc = parindex_results_add(r->res, uc->text, group, r->in);
    if (rc == PARINDEX_EEXISTS) {
        long prev = parindex_results_find_unit(r->res, uc->text);
        const char *unit = unit_label(r, ub, sizeof ub);
        size_t p = (size_t)prev;
        if (prev >= 0 && p >= r->first_unit && p - r->first_unit < r->cap_lines)
            return pi_csv_error_at(c, r->unit_col, PARINDEX_EEXISTS,
                                   "duplicate unit '%s' (first on line %u)", unit,
                                   r->lines[p - r->first_unit]);
        return pi_csv_error_at(c, r->unit_col, PARINDEX_EEXISTS, "duplicate unit '%s'", unit);
    }
    if (rc)
        return scoring_error(r, rc, unit_label(r, ub, sizeof ub));
    return note_line(r, u, c->row_line);
}

/* Length of the run of byte `ch` at the start of p[0..n). */
static size_t memspn(const char *p, char ch, size_t n)
{
    size_t k = 0;
    while (k < n && p[k] == ch)
        k++;
    return k;
}

/*
 * The common row of a rule set whose inputs are all numbers, read straight
 * from the buffer: split and parsed in one pass over its bytes. It takes
 * rows that are complete in the buffer (their LF loaded), without quotes,
 * whose unit and group cells are plain valid UTF-8 without surrounding
 * spaces and whose every input cell is a plain number ([-+]digits[.digits],
 * at most 12 and 6 digits), followed by nothing or by the empty cells of
 * unnamed columns; and only when the unit scores. Any other row,
 * or a unit that fails, is left untouched for the general path, which
 * accepts or reports it exactly as it would have. Returns 1 when the row
 * was read, 0 to leave it, or PARINDEX_ENOMEM.
 */
static const int64_t pow10_6[7] = {1, 10, 100, 1000, 10000, 100000, 1000000};

static int fast_row(reader *r)
{
    pi_csv *c = &r->csv;
    char *b = c->buf;
    size_t p = c->pos;
    if (p >= c->len)
        return 0;
    const char *nl = memchr(b + p, '\n', c->len - p);
    if (!nl)
        return 0;
    size_t e = (size_t)(nl - b), end = e;
    if (end > p && b[end - 1] == '\r')
        end--;
    const char d = c->delim, dec = c->decimal;
    size_t q = p, unit_at = 0, unit_end = 0, group_at = 0, group_end = 0;
    for (size_t k = 0; k < r->n_cols; k++) {
        long col = r->col[k];
        size_t i = q;
        if (col >= 0) {
            /* b[end] is CR or LF: no digit, sign, separator or delimiter,
             * so the scans below stop there without a bound check */
            int neg = b[i] == '-';
            i += neg || b[i] == '+';
            size_t d0 = i;
            int64_t ip = 0, frac = 0;
            while ((unsigned)(b[i] - '0') < 10) {
                if (i - d0 == 12)
                    return 0; /* long numbers: the general path */
                ip = ip * 10 + (b[i++] - '0');
            }
            size_t digits = i - d0;
            if (b[i] == dec) {
                size_t f0 = ++i;
                while ((unsigned)(b[i] - '0') < 10) {
                    if (i - f0 == 6)
                        return 0; /* more decimals: the general path */
                    frac = frac * 10 + (b[i++] - '0');
                }
                if (i == f0)
                    return 0;
                frac *= pow10_6[6 - (i - f0)];
                digits += i - f0;
            }
            if (digits == 0)
                return 0;
            int64_t v = ip * PARINDEX_FIXED_ONE + frac;
            r->vals[col] = neg ? -v : v;
        } else {
            while (i < end && b[i] != d) {
                if (b[i] == '"' || b[i] == '\r')
                    return 0;
                i++;
            }
            if (i == q || b[q] == ' ' || b[q] == '\t' || b[i - 1] == ' ' || b[i - 1] == '\t') {
                if (col == COL_UNIT || i > q)
                    return 0; /* no unit, or spaces to trim */
            }
            if (pi_utf8_valid_prefix(b + q, i - q) != i - q)
                return 0;
            if (col == COL_UNIT) {
                unit_at = q;
                unit_end = i;
            } else {
                group_at = q;
                group_end = i;
            }
        }
        /* the cell ends at the delimiter, or at the end of the last cell
         * (or at the empty cells of the unnamed columns after it) */
        if (k + 1 < r->n_cols ? i >= end || b[i] != d
                              : i != end && (end - i > r->n_all - r->n_cols ||
                                             memspn(b + i, d, end - i) != end - i))
            return 0;
        q = i + 1;
    }
    /* terminate the unit and group names in place (a delimiter, CR or LF:
     * put back if the unit is left to the general path) */
    char u_saved = b[unit_end], g_saved = b[group_end];
    b[unit_end] = '\0';
    if (r->group_col != NO_COL)
        b[group_end] = '\0';
    parindex_inputs_clear(r->in);
    size_t u = parindex_results_unit_count(r->res);
    if (parindex_inputs_set_values(r->in, r->vals, r->prefix) != PARINDEX_OK ||
        parindex_results_add(r->res, b + unit_at,
                             r->group_col != NO_COL ? b + group_at : NULL,
                             r->in) != PARINDEX_OK) {
        if (r->group_col != NO_COL)
            b[group_end] = g_saved;
        b[unit_end] = u_saved;
        pi_error_clear();
        return 0;
    }
    c->row_line = c->line;
    c->row_end = end;
    c->end_line = c->line;
    c->end_line_at = c->line_at;
    c->pos = e + 1;
    c->line++;
    c->line_at = e + 1;
    return note_line(r, u, c->row_line) ? PARINDEX_ENOMEM : 1;
}

/*
 * Make room in the results for the rows the rest of the file likely holds,
 * so that the table does not grow one step at a time. Called after the
 * first rows and again whenever the room made is used up. The estimate
 * (unread bytes / average bytes per row so far) is easily fooled: blank
 * lines after the data, or a few long rows before many short ones. So a
 * reservation never goes beyond twice the units of the table (what growing
 * by doubling would give anyway), nor beyond the rows the unread bytes can
 * hold at all (every row has its delimiters, a unit name and one byte per
 * input). Returns the row count at which to look again.
 */
static size_t reserve(reader *r, size_t header_end, size_t rows)
{
    size_t done = pi_csv_consumed(&r->csv), total = r->csv.total;
    size_t units = parindex_results_unit_count(r->res);
    if (!total || done <= header_end || total <= done || !rows)
        return (size_t)-1; /* unknown size or nothing left: grow as needed */
    size_t unread = total - done;
    size_t per_row = (done - header_end) / rows + 1;
    size_t more = unread / per_row;
    more += more / 16 + 16;
    size_t min_row = r->n_cols + r->rs->n_inputs + 1;
    if (more > unread / min_row + 1)
        more = unread / min_row + 1;
    if (more > units)
        more = units;
    if (parindex_results_reserve(r->res, units + more) != PARINDEX_OK) {
        pi_error_clear(); /* only an optimisation: the table still grows */
        return (size_t)-1;
    }
    return rows + more;
}

static int read_all(parindex_results *res, const char *path, const void *data,
                    size_t len, const parindex_csv_options *opts)
{
    pi_error_clear();
    if (!res || (!path && !data && len))
        return pi_error(PARINDEX_EMISUSE, "NULL argument to parindex_results_read_csv");
    reader r;
    memset(&r, 0, sizeof r);
    r.res = res;
    r.rs = parindex_results_ruleset(res);
    r.unit_col = r.group_col = NO_COL;
    r.first_unit = parindex_results_unit_count(res);
    int rc = pi_csv_begin(&r.csv, &r.rs->pa, path, data ? data : "", len, opts);
    if (rc)
        return rc;
    rc = parindex_inputs_new(&r.in, r.rs, &r.rs->pa.a);
    while (r.prefix < r.rs->n_inputs && r.rs->inputs[r.prefix].kind == PARINDEX_INPUT_NUMBER)
        r.prefix++;
    r.vals = pi_calloc(&r.rs->pa, r.prefix ? r.prefix : 1, sizeof *r.vals);
    if (!rc && !r.vals)
        rc = pi_error(PARINDEX_ENOMEM, "out of memory");
    if (!rc)
        rc = read_header(&r);
    size_t rows = 0, check = 32, header_end = pi_csv_consumed(&r.csv);
    int fast = !rc && r.prefix == r.rs->n_inputs;
    while (!rc) {
        int f = fast ? fast_row(&r) : 0;
        if (f < 0) {
            rc = f;
            break;
        }
        if (f == 0) {
            rc = pi_csv_next_row(&r.csv);
            if (rc <= 0)
                break;
            rc = read_row(&r);
        }
        if (++rows == check && !rc)
            check = reserve(&r, header_end, rows);
    }
    parindex_inputs_free(r.in);
    pi_free(&r.csv.pa, r.col);
    pi_free(&r.csv.pa, r.lines);
    pi_free(&r.rs->pa, r.vals);
    pi_csv_close(&r.csv);
    return rc;
}

int parindex_results_read_csv(parindex_results *res, const char *path,
                              const parindex_csv_options *opts)
{
    if (!path) {
        pi_error_clear();
        return pi_error(PARINDEX_EMISUSE, "NULL path");
    }
    return read_all(res, path, NULL, 0, opts);
}

int parindex_results_read_csv_memory(parindex_results *res, const void *data,
                                     size_t len, const parindex_csv_options *opts)
{
    return read_all(res, NULL, data, len, opts);
}
