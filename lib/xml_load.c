/*
 * Loading rule sets from XML (format version 1). The only file of the
 * library that includes libxml2.
 *
 * Stages, each run only when the previous one found no error:
 *  1. limits: the size is checked before anything is read; a pre-scan of
 *     the raw text counts elements, nesting and attributes, refuses any
 *     DOCTYPE (so no DTD, no entity is ever seen by the parser), and
 *     records where each start tag begins;
 *  2. well-formedness, parsed by libxml2 without DTD loading, entity
 *     substitution, XInclude, network or "huge" mode, with a SAX guard that
 *     enforces the same limits again;
 *  3. the root element, its namespace and schema-version;
 *  4. the XML schema, embedded in the library and compiled per load, run
 *     over the tree: each error then names its element, whose line, column
 *     and path come from the pre-scan (the k-th start tag in the text is the
 *     k-th element of the tree in document order). Validating the stream
 *     instead would give only the parser's position after the start tag
 *     and no element, so no path and no attribute position;
 *  5. building through the builder API, which checks values as it goes,
 *     then parindex_builder_freeze (the same checks as for rule sets built
 *     in code, and the static analysis), whose problems come back with the
 *     node's origin and are given their column here.
 * libxml2 errors are captured per parser or validation context only.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlversion.h>

#include "internal.h"

/* libxml2 2.12 made structured error callbacks take a const xmlError *. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *xl_err_t;
#else
typedef xmlError *xl_err_t;
#endif

/* The XSD, embedded at build time (schema_data.c in the build tree). */
extern const unsigned char pi_schema_xsd[];
extern const size_t pi_schema_xsd_len;

#define XL_NS PARINDEX_RULESET_NAMESPACE
#define XL_NS_PREFIX "urn:parindex:ruleset:"
#define XL_MAX_ATTRS 64 /* attributes on one element; ours have at most 12 */
#define XL_ORD_UNKNOWN ((size_t)-1)

/* ---- the load context ---------------------------------------------------- */

typedef struct xl {
    pi_alloc pa;
    const char *name; /* source name for messages */
    const unsigned char *src;
    size_t len;
    unsigned flags;
    size_t max_depth, max_elems;
    parindex_diag_fn diag;
    void *payload;
    int errors;
    parindex_error first;
    int strict;  /* analysis warnings are errors */
    int oom;
    /* pre-scan: offset of each start tag's '<', in document order */
    size_t *pos;
    size_t n_pos, cap_pos;
    int pos_ok;
    /* tree elements in document order; el->_private holds index + 1 */
    xmlNodePtr *els;
    size_t *ord; /* per element: its number in its path, 0 for none */
    size_t n_els, cap_els, cap_ord;
    /* SAX guard */
    size_t sax_elems, sax_depth;
    int sax_stopped;
    /* line cache for offset -> line/column */
    size_t lc_off;
    unsigned lc_line, lc_col;
    /* schema errors: the last one reported, to drop libxml2's repeats */
    const void *last_node;
    char last_attr[64];
    /* build stage */
    parindex_builder *b;
    xmlNodePtr root;
    /* origins given to the builder: path -> element index */
    pi_strmap origins;
    char **origin_paths;
    size_t n_origins, cap_origins;
} xl;

static void deliver(xl *x, parindex_error *rec)
{
    if (rec->code == PARINDEX_ENOMEM)
        x->oom = 1;
    if (x->diag)
        x->diag(rec, x->payload);
    if (rec->severity == PARINDEX_SEVERITY_ERROR && x->errors++ == 0)
        x->first = *rec;
}

static void report_at(xl *x, int code, int severity, unsigned line,
                      unsigned col, const char *path, const char *fmt, ...)
    PI_PRINTF(7, 8);
static void report_at(xl *x, int code, int severity, unsigned line,
                      unsigned col, const char *path, const char *fmt, ...)
{
    parindex_error rec;
    va_list ap;
    va_start(ap, fmt);
    pi_record_set(&rec, code, severity, x->name, line, col, path, fmt, ap);
    va_end(ap);
    deliver(x, &rec);
}

static void report_oom(xl *x)
{
    if (!x->oom)
        report_at(x, PARINDEX_ENOMEM, PARINDEX_SEVERITY_ERROR, 0, 0, NULL,
                  "out of memory loading the rule set");
    x->oom = 1;
}

/* ---- positions ------------------------------------------------------------ */

/* Line and column (1-based, columns in characters) of a byte offset. */
static void offset_to_lc(xl *x, size_t off, unsigned *line, unsigned *col)
{
    /* Problems come mostly in document order: continue from the last
     * position asked for, and start again only when going back. */
    if (off > x->len)
        off = x->len;
    if (off < x->lc_off || x->lc_line == 0) {
        int bom = x->len >= 3 && x->src[0] == 0xEF && x->src[1] == 0xBB &&
                  x->src[2] == 0xBF;
        x->lc_off = bom ? 3 : 0;
        x->lc_line = 1;
        x->lc_col = 1;
        if (off < x->lc_off)
            off = x->lc_off;
    }
    for (size_t i = x->lc_off; i < off; i++) {
        if (x->src[i] == '\n') {
            x->lc_line++;
            x->lc_col = 1;
        } else if ((x->src[i] & 0xC0) != 0x80) {
            x->lc_col++; /* columns count characters, not bytes */
        }
    }
    x->lc_off = off;
    *line = x->lc_line;
    *col = x->lc_col;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Offset of attribute `attr` in the start tag beginning at `off`, or of the
 * tag itself when the attribute is not written there. */
static size_t attr_offset(const xl *x, size_t off, const char *attr)
{
    const unsigned char *s = x->src;
    size_t n = x->len, i = off + 1, alen = attr ? strlen(attr) : 0;
    if (!attr)
        return off;
    while (i < n && !is_space(s[i]) && s[i] != '>' && s[i] != '/')
        i++; /* element name */
    for (;;) {
        while (i < n && is_space(s[i]))
            i++;
        if (i >= n || s[i] == '>' || s[i] == '/')
            return off;
        size_t name = i;
        while (i < n && s[i] != '=' && !is_space(s[i]) && s[i] != '>')
            i++;
        if (i - name == alen && memcmp(s + name, attr, alen) == 0)
            return name;
        while (i < n && s[i] != '"' && s[i] != '\'' && s[i] != '>')
            i++;
        if (i >= n || s[i] == '>')
            return off;
        unsigned char q = s[i++];
        while (i < n && s[i] != q)
            i++;
        i++;
    }
}

static long el_index(xmlNodePtr el)
{
    return el && el->_private ? (long)(uintptr_t)el->_private - 1 : -1;
}

static int repeatable(const char *name)
{
    return !strcmp(name, "node") || !strcmp(name, "option") ||
           !strcmp(name, "tier") || !strcmp(name, "category") ||
           !strcmp(name, "band");
}

static size_t append(char *buf, size_t size, size_t at, const char *fmt, ...)
    PI_PRINTF(4, 5);
static size_t append(char *buf, size_t size, size_t at, const char *fmt, ...)
{
    if (at >= size)
        return at;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + at, size - at, fmt, ap);
    va_end(ap);
    return n < 0 ? at : at + (size_t)n;
}

/* Element path: "/ruleset/node[2]/node[1]/tiers/tier[3]"; repeatable
 * elements (and any name that occurs twice among siblings) are numbered. */
static size_t el_path(const xl *x, xmlNodePtr el, char *buf, size_t size)
{
    if (!el || el->type != XML_ELEMENT_NODE)
        return 0;
    size_t at = el_path(x, el->parent, buf, size);
    const char *name = (const char *)el->name;
    long i = el_index(el);
    if (i >= 0 && (size_t)i < x->n_els && x->ord && x->ord[i] != XL_ORD_UNKNOWN) {
        if (x->ord[i])
            return append(buf, size, at, "/%s[%zu]", name, x->ord[i]);
        return append(buf, size, at, "/%s", name);
    }
    size_t k = 1, same = 0;
    for (xmlNodePtr s = el->parent ? el->parent->children : NULL; s; s = s->next)
        if (s->type == XML_ELEMENT_NODE && !strcmp((const char *)s->name, name)) {
            same++;
            if (s == el)
                k = same;
        }
    if (repeatable(name) || same > 1)
        return append(buf, size, at, "/%s[%zu]", name, k);
    return append(buf, size, at, "/%s", name);
}

/* Where an element (or one of its attributes) is: line, column, path. */
static void locate(xl *x, xmlNodePtr el, const char *attr, unsigned *line,
                   unsigned *col, char *path, size_t psize)
{
    *line = 0;
    *col = 0;
    path[0] = '\0';
    if (!el)
        return;
    long i = el_index(el);
    if (x->pos_ok && i >= 0 && (size_t)i < x->n_pos) {
        offset_to_lc(x, attr_offset(x, x->pos[i], attr), line, col);
    } else {
        long l = xmlGetLineNo(el);
        *line = l > 0 ? (unsigned)l : 0;
    }
    size_t at = el_path(x, el, path, psize);
    if (attr)
        append(path, psize, at, "/@%s", attr);
}

static void report_el(xl *x, int code, xmlNodePtr el, const char *attr,
                      const char *fmt, ...) PI_PRINTF(5, 6);
static void report_el(xl *x, int code, xmlNodePtr el, const char *attr,
                      const char *fmt, ...)
{
    unsigned line, col;
    char path[PI_PATH_MAX];
    locate(x, el, attr, &line, &col, path, sizeof path);
    parindex_error rec;
    va_list ap;
    va_start(ap, fmt);
    pi_record_set(&rec, code, PARINDEX_SEVERITY_ERROR, x->name, line, col,
                  path, fmt, ap);
    va_end(ap);
    deliver(x, &rec);
}

/* Report the builder's last error against an element. */
static void report_builder(xl *x, int rc, xmlNodePtr el, const char *attr)
{
    if (rc == PARINDEX_ENOMEM) {
        report_oom(x);
        return;
    }
    /* a file's problems are schema or rule problems, whatever the builder
     * calls them */
    const parindex_error *e = parindex_error_last();
    report_el(x, rc == PARINDEX_ELIMIT ? rc : PARINDEX_ERULE, el, attr, "%s",
              parindex_error_message(e));
}

/* ---- stage 1: limits and the pre-scan ------------------------------------ */

static const unsigned char *find(const unsigned char *s, size_t n,
                                 const char *what)
{
    size_t w = strlen(what);
    for (size_t i = 0; i + w <= n; i++)
        if (s[i] == (unsigned char)what[0] && memcmp(s + i, what, w) == 0)
            return s + i;
    return NULL;
}

static int starts(const unsigned char *s, size_t n, const char *what)
{
    size_t w = strlen(what);
    return n >= w && memcmp(s, what, w) == 0;
}

static int name_start(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
           c == ':' || c >= 0x80;
}

/* Returns 0, or a status after reporting. Malformed markup is left for the
 * parser to report. */
static int prescan(xl *x)
{
    const unsigned char *s = x->src;
    size_t n = x->len, i = 0, depth = 0;
    unsigned line, col;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        i = 3;
    x->pos_ok = 1;
    while (i < n) {
        const unsigned char *lt = memchr(s + i, '<', n - i);
        if (!lt)
            break;
        i = (size_t)(lt - s);
        const unsigned char *end;
        if (starts(s + i, n - i, "<!--")) {
            end = find(s + i + 4, n - i - 4, "-->");
            if (!end)
                break;
            i = (size_t)(end - s) + 3;
            continue;
        }
        if (starts(s + i, n - i, "<![CDATA[")) {
            end = find(s + i + 9, n - i - 9, "]]>");
            if (!end)
                break;
            i = (size_t)(end - s) + 3;
            continue;
        }
        if (starts(s + i, n - i, "<!DOCTYPE")) {
            offset_to_lc(x, i, &line, &col);
            report_at(x, PARINDEX_EPARSE, PARINDEX_SEVERITY_ERROR, line, col,
                      NULL,
                      "a DOCTYPE declaration is not allowed: rule files use no "
                      "DTD and no entities");
            return PARINDEX_EPARSE;
        }
        if (starts(s + i, n - i, "<?")) {
            end = find(s + i + 2, n - i - 2, "?>");
            if (!end)
                break;
            i = (size_t)(end - s) + 2;
            continue;
        }
        if (starts(s + i, n - i, "</")) {
            if (depth)
                depth--;
            end = memchr(s + i, '>', n - i);
            if (!end)
                break;
            i = (size_t)(end - s) + 1;
            continue;
        }
        if (i + 1 >= n || !name_start(s[i + 1])) {
            i++;
            continue;
        }
        /* a start tag */
        if (x->n_pos >= x->max_elems) {
            offset_to_lc(x, i, &line, &col);
            report_at(x, PARINDEX_ELIMIT, PARINDEX_SEVERITY_ERROR, line, col,
                      NULL, "the file has more than %zu elements (the limit)",
                      x->max_elems);
            return PARINDEX_ELIMIT;
        }
        if (++depth > x->max_depth) {
            offset_to_lc(x, i, &line, &col);
            report_at(x, PARINDEX_ELIMIT, PARINDEX_SEVERITY_ERROR, line, col,
                      NULL,
                      "elements are nested more than %zu deep (the limit)",
                      x->max_depth);
            return PARINDEX_ELIMIT;
        }
        if (pi_grow(&x->pa, (void **)&x->pos, &x->cap_pos, x->n_pos + 1,
                    sizeof *x->pos)) {
            report_oom(x);
            return PARINDEX_ENOMEM;
        }
        x->pos[x->n_pos++] = i;
        size_t j = i + 1, attrs = 0;
        unsigned char quote = 0;
        for (; j < n; j++) {
            unsigned char c = s[j];
            if (quote) {
                if (c == quote)
                    quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '=') {
                attrs++;
            } else if (c == '>' || c == '<') {
                break;
            }
        }
        if (j >= n || s[j] == '<') {
            /* unterminated: the parser says where */
            x->pos_ok = 0;
            break;
        }
        if (attrs > XL_MAX_ATTRS) {
            offset_to_lc(x, i, &line, &col);
            report_at(x, PARINDEX_ELIMIT, PARINDEX_SEVERITY_ERROR, line, col,
                      NULL,
                      "an element has more than %d attributes (the limit)",
                      XL_MAX_ATTRS);
            return PARINDEX_ELIMIT;
        }
        if (s[j - 1] == '/')
            depth--;
        i = j + 1;
    }
    return PARINDEX_OK;
}

/* ---- stage 2: parsing ------------------------------------------------------ */

static pthread_once_t xl_once = PTHREAD_ONCE_INIT;
static void xl_init(void) { xmlInitParser(); }

/* Copy a libxml2 message as one line: without our namespace in braces,
 * its lines (libxml2 puts details such as "Bytes: 0xFF ..." on a line of
 * their own) joined with "; ", and without the trailing newline, spaces and
 * full stop. */
static void clean_message(const char *msg, char *out, size_t size)
{
    static const char ns[] = "{" XL_NS "}";
    size_t o = 0;
    if (!msg)
        msg = "";
    while (*msg && o + 1 < size) {
        if (strncmp(msg, ns, sizeof ns - 1) == 0) {
            msg += sizeof ns - 1;
            continue;
        }
        if (*msg == '\n' || *msg == '\r') {
            while (*msg && is_space((unsigned char)*msg))
                msg++;
            while (o > 0 && (is_space((unsigned char)out[o - 1]) || out[o - 1] == '.'))
                o--;
            if (*msg && o > 0 && o + 3 < size) {
                out[o++] = ';';
                out[o++] = ' ';
            }
            continue;
        }
        unsigned char ch = (unsigned char)*msg++;
        out[o++] = ch < 0x20 || ch == 0x7F ? ' ' : (char)ch; /* a tab, ... */
    }
    while (o > 0 && (is_space((unsigned char)out[o - 1]) || out[o - 1] == '.'))
        o--;
    out[o] = '\0';
}

#if LIBXML_VERSION >= 21300
static void on_parse_error(void *data, xl_err_t e)
{
    xl *x = data;
#else
static void on_parse_error(void *ctx, xl_err_t e)
{
    xmlParserCtxtPtr c = ctx;
    xl *x = c->_private;
#endif
    if (!e || x->sax_stopped)
        return;
    char msg[PI_MSG_MAX];
    clean_message(e->message, msg, sizeof msg);
    if (e->code == XML_ERR_NO_MEMORY) {
        report_oom(x);
        return;
    }
    int sev = e->level == XML_ERR_WARNING ? PARINDEX_SEVERITY_WARNING
                                          : PARINDEX_SEVERITY_ERROR;
    report_at(x, PARINDEX_EPARSE, sev, e->line > 0 ? (unsigned)e->line : 0,
              e->int2 > 0 ? (unsigned)e->int2 : 0, NULL, "%s", msg);
}

static xl *sax_owner(void *ctx)
{
    return ((xmlParserCtxtPtr)ctx)->_private;
}

static void sax_stop(void *ctx, int code, const char *what)
{
    xl *x = sax_owner(ctx);
    xmlParserCtxtPtr c = ctx;
    if (!x->sax_stopped) {
        int line = c->input ? c->input->line : 0;
        int col = c->input ? c->input->col : 0;
        report_at(x, code, PARINDEX_SEVERITY_ERROR, line > 0 ? (unsigned)line : 0,
                  col > 0 ? (unsigned)col : 0, NULL, "%s", what);
    }
    x->sax_stopped = 1;
    xmlStopParser(c);
}

static void sax_start(void *ctx, const xmlChar *localname,
                      const xmlChar *prefix, const xmlChar *uri, int nb_ns,
                      const xmlChar **ns, int nb_attrs, int nb_defaulted,
                      const xmlChar **attrs)
{
    xl *x = sax_owner(ctx);
    if (x->sax_stopped)
        return;
    if (++x->sax_elems > x->max_elems) {
        sax_stop(ctx, PARINDEX_ELIMIT, "the file has too many elements");
        return;
    }
    if (++x->sax_depth > x->max_depth) {
        sax_stop(ctx, PARINDEX_ELIMIT, "elements are nested too deep");
        return;
    }
    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_ns, ns, nb_attrs,
                          nb_defaulted, attrs);
}

static void sax_end(void *ctx, const xmlChar *localname,
                    const xmlChar *prefix, const xmlChar *uri)
{
    xl *x = sax_owner(ctx);
    if (x->sax_depth)
        x->sax_depth--;
    xmlSAX2EndElementNs(ctx, localname, prefix, uri);
}

static void sax_subset(void *ctx, const xmlChar *name, const xmlChar *ext,
                       const xmlChar *sys)
{
    (void)name;
    (void)ext;
    (void)sys;
    sax_stop(ctx, PARINDEX_EPARSE,
             "a DOCTYPE declaration is not allowed: rule files use no DTD and "
             "no entities");
}

static void sax_entity(void *ctx, const xmlChar *name, int type,
                       const xmlChar *pub, const xmlChar *sys,
                       xmlChar *content)
{
    (void)name;
    (void)type;
    (void)pub;
    (void)sys;
    (void)content;
    sax_stop(ctx, PARINDEX_EPARSE, "entity declarations are not allowed");
}

static xmlDocPtr parse(xl *x)
{
    size_t i = 0;
    while (i < x->len && is_space(x->src[i]))
        i++;
    if (i == x->len) {
        report_at(x, PARINDEX_EPARSE, PARINDEX_SEVERITY_ERROR, 1, 1, NULL,
                  "the file is empty");
        return NULL;
    }
    xmlParserCtxtPtr c = xmlCreateMemoryParserCtxt((const char *)x->src,
                                                   (int)x->len);
    if (!c) {
        report_oom(x);
        return NULL;
    }
    /* The context's own SAX handler (SAX2, allocated per context), with
     * guards in front of the tree builder. userData stays the context. */
    c->_private = x;
    c->sax->startElementNs = sax_start;
    c->sax->endElementNs = sax_end;
    c->sax->internalSubset = sax_subset;
    c->sax->externalSubset = sax_subset;
    c->sax->entityDecl = sax_entity;
#if LIBXML_VERSION >= 21300
    xmlCtxtSetErrorHandler(c, on_parse_error, x);
#else
    c->sax->serror = on_parse_error;
#endif
    /* Never XML_PARSE_NOENT, DTDLOAD, DTDVALID, XINCLUDE or HUGE. */
    xmlCtxtUseOptions(c, XML_PARSE_NONET | XML_PARSE_BIG_LINES |
                             XML_PARSE_NOCDATA);
    int errors_before = x->errors;
    xmlParseDocument(c);
    xmlDocPtr doc = c->myDoc;
    c->myDoc = NULL;
    xmlFreeParserCtxt(c);
    if (x->errors > errors_before || x->sax_stopped || !doc) {
        if (!doc && x->errors == errors_before)
            report_at(x, PARINDEX_EPARSE, PARINDEX_SEVERITY_ERROR, 0, 0, NULL,
                      "the file is not an XML document");
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

/* Number the elements in document order and match them with the pre-scan. */
/* Number the elements in document order, and give each its number among
 * its same-named siblings for paths, in one pass over each sibling list
 * (wide files would make a per-problem count quadratic). */
#define XL_NAMES 16
static int index_elements(xl *x, xmlNodePtr first)
{
    const xmlChar *names[XL_NAMES];
    size_t counts[XL_NAMES], n_names = 0, from = x->n_els;
    for (xmlNodePtr el = first; el; el = el->next) {
        if (el->type != XML_ELEMENT_NODE)
            continue;
        if (pi_grow(&x->pa, (void **)&x->els, &x->cap_els, x->n_els + 1,
                    sizeof *x->els) ||
            pi_grow(&x->pa, (void **)&x->ord, &x->cap_ord, x->n_els + 1,
                    sizeof *x->ord))
            return PARINDEX_ENOMEM;
        size_t k = 0;
        while (k < n_names && strcmp((const char *)names[k], (const char *)el->name))
            k++;
        if (k == n_names && n_names < XL_NAMES) {
            names[n_names] = el->name;
            counts[n_names++] = 0;
        }
        size_t me = x->n_els++;
        x->els[me] = el;
        if (k < n_names) {
            x->ord[me] = ++counts[k];
        } else {
            x->ord[me] = XL_ORD_UNKNOWN; /* counted when asked */
        }
        el->_private = (void *)(uintptr_t)x->n_els;
        if (index_elements(x, el->children))
            return PARINDEX_ENOMEM;
    }
    /* numbered: repeatable elements, and any name that occurs twice */
    for (size_t i = from; i < x->n_els; i++) {
        xmlNodePtr el = x->els[i];
        if (el->parent != (first ? first->parent : NULL) || x->ord[i] == XL_ORD_UNKNOWN)
            continue;
        size_t k = 0;
        while (k < n_names && strcmp((const char *)names[k], (const char *)el->name))
            k++;
        if (!repeatable((const char *)el->name) && counts[k] < 2)
            x->ord[i] = 0;
    }
    return PARINDEX_OK;
}

/* ---- attribute access ----------------------------------------------------- */

static const char *attr(xmlNodePtr el, const char *name)
{
    for (xmlAttrPtr a = el->properties; a; a = a->next) {
        if (a->ns || strcmp((const char *)a->name, name))
            continue;
        xmlNodePtr t = a->children;
        return t && t->content ? (const char *)t->content : "";
    }
    return NULL;
}

static int is_el(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* ---- stage 3: root and version --------------------------------------------- */

static int check_root(xl *x, xmlNodePtr root)
{
    const char *href = root->ns ? (const char *)root->ns->href : NULL;
    if (href && strncmp(href, XL_NS_PREFIX, sizeof XL_NS_PREFIX - 1) == 0 &&
        strcmp(href, XL_NS) != 0) {
        report_el(x, PARINDEX_EVERSION, root, NULL,
                  "rule-set format version %s (namespace %s) is not "
                  "supported; known versions: %d (namespace %s, "
                  "schema-version=\"%d\")",
                  href + sizeof XL_NS_PREFIX - 1, href,
                  PARINDEX_RULESET_SCHEMA_VERSION, XL_NS,
                  PARINDEX_RULESET_SCHEMA_VERSION);
        return PARINDEX_EVERSION;
    }
    if (strcmp((const char *)root->name, "ruleset") != 0 || !href ||
        strcmp(href, XL_NS) != 0) {
        report_el(x, PARINDEX_ESCHEMA, root, NULL,
                  "the root element must be <ruleset xmlns=\"%s\">, not <%s>%s%s",
                  XL_NS, (const char *)root->name,
                  href ? " in namespace " : " without a namespace",
                  href ? href : "");
        return PARINDEX_ESCHEMA;
    }
    const char *v = attr(root, "schema-version");
    if (v && strcmp(v, "1") != 0) {
        report_el(x, PARINDEX_EVERSION, root, "schema-version",
                  "schema-version '%s' is not supported; known versions: %d "
                  "(namespace %s, schema-version=\"%d\")",
                  v, PARINDEX_RULESET_SCHEMA_VERSION, XL_NS,
                  PARINDEX_RULESET_SCHEMA_VERSION);
        return PARINDEX_EVERSION;
    }
    return PARINDEX_OK;
}

/* ---- stage 4: schema --------------------------------------------------------- */

static int node_rule(xmlNodePtr el)
{
    static const char *const rules[] = {"outcome", "tiers", "proportional",
                                        "deduction", "count", "survey",
                                        "points"};
    for (size_t k = 0; k < sizeof rules / sizeof *rules; k++)
        if (is_el(el, rules[k]))
            return 1;
    return 0;
}

/* What each pattern of the XSD means, for messages. */
static const struct {
    const char *pattern, *what;
} pattern_text[] = {
    {"-?[0-9]+(\\.[0-9]{1,6})?",
     "a number (digits with an optional '-' and at most 6 decimals after a "
     "'.', e.g. -1 or 10.5)"},
    {"[0-9]+(\\.[0-9]{1,6})?",
     "a number of 0 or more (digits with at most 6 decimals after a '.', "
     "e.g. 0 or 0.25)"},
    {"[0-9.]*[1-9][0-9.]*",
     "a number above 0 (digits with at most 6 decimals after a '.', e.g. 13 "
     "or 0.5)"},
    {"-?[0-9]+(\\.[0-9]{1,6})?|none", "a number or 'none'"},
    {"(\\[-?[0-9]+(\\.[0-9]{1,6})?|\\((-?[0-9]+(\\.[0-9]{1,6})?|-inf)), "
     "*(-?[0-9]+(\\.[0-9]{1,6})?\\]|(-?[0-9]+(\\.[0-9]{1,6})?|\\+inf)\\))",
     "an interval: '[' or '(', a number or -inf, a comma, a number or +inf, "
     "']' or ')', with infinite ends open, e.g. [70, 90) or (90, +inf)"},
    {"[0-6]", "a number of decimals from 0 to 6"},
    {"\\S+", "a name without spaces"},
};

/* Text between `open` and the last `close` after it; "" if absent. */
static const char *between(const char *s, const char *open, const char *close,
                           char *out, size_t size)
{
    out[0] = '\0';
    const char *a = strstr(s, open);
    if (!a)
        return NULL;
    a += strlen(open);
    const char *b = NULL;
    for (const char *p = strstr(a, close); p; p = strstr(p + 1, close))
        b = p;
    if (!b)
        return NULL;
    size_t n = (size_t)(b - a) < size - 1 ? (size_t)(b - a) : size - 1;
    memcpy(out, a, n);
    out[n] = '\0';
    return b + strlen(close);
}

/* Turn "( a, b, c )" into "a, b, c". */
static void expected_list(const char *s, char *out, size_t size)
{
    const char *e = strstr(s, "Expected is");
    const char *a = e ? strchr(e, '(') : NULL;
    const char *b = strrchr(s, ')');
    out[0] = '\0';
    if (!a || !b || b < a)
        return;
    a++;
    while (*a == ' ')
        a++;
    while (b > a && b[-1] == ' ')
        b--;
    size_t n = (size_t)(b - a) < size - 1 ? (size_t)(b - a) : size - 1;
    memcpy(out, a, n);
    out[n] = '\0';
}

/* snprintf for messages: long values are cut, which is what we want. */
static void text_out(char *out, size_t size, const char *fmt, ...) PI_PRINTF(3, 4);
static void text_out(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, size, fmt, ap);
    va_end(ap);
}

/* Rewrite one schema message. Sets *attr_out to the attribute concerned
 * ("" if none); returns 0 when the message only repeats the previous one. */
static int schema_message(xl *x, xmlNodePtr node, const char *raw, char *out,
                          size_t size, char *attr_out, size_t asize)
{
    char msg[PI_MSG_MAX], el[64] = "", val[PI_MSG_MAX], list[PI_MSG_MAX];
    const char *rest = msg;
    clean_message(raw, msg, sizeof msg);
    attr_out[0] = '\0';
    if (strncmp(msg, "Element '", 9) == 0) {
        const char *q = strchr(msg + 9, '\'');
        if (q) {
            size_t n = (size_t)(q - (msg + 9));
            if (n >= sizeof el)
                n = sizeof el - 1;
            memcpy(el, msg + 9, n);
            el[n] = '\0';
            rest = q + 1;
            if (strncmp(rest, ", attribute '", 13) == 0) {
                const char *aq = strchr(rest + 13, '\'');
                if (aq) {
                    n = (size_t)(aq - (rest + 13));
                    if (n >= asize)
                        n = asize - 1;
                    memcpy(attr_out, rest + 13, n);
                    attr_out[n] = '\0';
                    rest = aq + 1;
                }
            }
            if (strncmp(rest, ": ", 2) == 0)
                rest += 2;
        }
    }
    char who[160];
    if (attr_out[0])
        snprintf(who, sizeof who, "attribute '%s' of <%s>", attr_out, el);
    else
        snprintf(who, sizeof who, "<%s>", el);

    /* libxml2 follows a facet error with a type error on the same value */
    int repeat = node && node == x->last_node && attr_out[0] &&
                 strcmp(attr_out, x->last_attr) == 0;
    x->last_node = node;
    snprintf(x->last_attr, sizeof x->last_attr, "%s", attr_out);

    if (strstr(rest, "[facet 'pattern']")) {
        char pat[PI_MSG_MAX];
        const char *after = between(rest, "The value '", "' is not accepted by the pattern '",
                                    val, sizeof val);
        const char *what = NULL;
        if (after) {
            snprintf(pat, sizeof pat, "%s", after);
            size_t pl = strlen(pat);
            if (pl && pat[pl - 1] == '\'')
                pat[pl - 1] = '\0';
            for (size_t k = 0; k < sizeof pattern_text / sizeof *pattern_text; k++)
                if (strcmp(pat, pattern_text[k].pattern) == 0)
                    what = pattern_text[k].what;
        }
        if (what)
            text_out(out, size, "%s: '%s' is not %s", who, val, what);
        else
            text_out(out, size, "%s: '%s' does not have the required form",
                     who, val);
        return 1;
    }
    if (strstr(rest, "[facet 'enumeration']")) {
        between(rest, "The value '", "' is not an element of the set", val,
                sizeof val);
        const char *set = strchr(rest, '{');
        size_t o = 0;
        list[0] = '\0';
        for (const char *p = set; p && *p && *p != '}'; p++)
            if (*p != '\'' && *p != '{' && o + 1 < sizeof list)
                list[o++] = *p;
        list[o] = '\0';
        text_out(out, size, "%s: '%s' is not one of: %s", who, val, list);
        return 1;
    }
    if (strstr(rest, "[facet 'minLength']")) {
        text_out(out, size, "%s must not be empty", who);
        return 1;
    }
    if (strstr(rest, "is not a valid value of the atomic type")) {
        if (repeat)
            return 0;
        between(rest, "'", "' is not a valid value", val, sizeof val);
        text_out(out, size, "%s: '%s' is not a valid value", who, val);
        return 1;
    }
    if (strstr(rest, "is not a valid value of the local atomic type")) {
        if (repeat)
            return 0;
        text_out(out, size, "%s: %s", who, rest);
        return 1;
    }
    if (strstr(rest, "The attribute '") && strstr(rest, "' is not allowed")) {
        text_out(out, size, "<%s>: attribute '%s' is not allowed", el,
                 attr_out);
        return 1;
    }
    if (strstr(rest, "' is required but missing")) {
        between(rest, "The attribute '", "' is required but missing", val,
                sizeof val);
        attr_out[0] = '\0';
        text_out(out, size, "<%s>: attribute '%s' is required but missing", el,
                 val);
        return 1;
    }
    if (strstr(rest, "This element is not expected")) {
        expected_list(rest, list, sizeof list);
        if (node && is_el(node->parent, "node") &&
            (is_el(node, "node") || node_rule(node)))
            text_out(out, size,
                     "<%s> is not expected here: a <node> holds an optional "
                     "<description>, then either child <node> elements or "
                     "exactly one rule",
                     el);
        else if (list[0])
            text_out(out, size, "<%s> is not expected here (expected: %s)", el,
                     list);
        else
            text_out(out, size, "<%s> is not expected here", el);
        return 1;
    }
    if (strstr(rest, "Missing child element")) {
        expected_list(rest, list, sizeof list);
        text_out(out, size, "<%s> is missing a child element (expected: %s)",
                 el, list);
        return 1;
    }
    if (strstr(rest, "Duplicate key-sequence")) {
        between(rest, "['", "']", val, sizeof val);
        snprintf(attr_out, asize, "code");
        text_out(out, size, "duplicate node code '%s'", val);
        return 1;
    }
    if (strstr(rest, "Character content other than whitespace is not allowed")) {
        text_out(out, size, "<%s> cannot contain text", el);
        return 1;
    }
    if (strstr(rest, "Element content is not allowed") ||
        strstr(rest, "Character content is not allowed")) {
        text_out(out, size, "<%s> must be empty", el);
        return 1;
    }
    if (el[0])
        text_out(out, size, "%s: %s", who, rest);
    else
        text_out(out, size, "%s", rest);
    return 1;
}

static void on_valid_error(void *data, xl_err_t e)
{
    xl *x = data;
    if (!e)
        return;
    if (e->code == XML_ERR_NO_MEMORY) {
        report_oom(x);
        return;
    }
    char msg[PI_MSG_MAX], a[64];
    xmlNodePtr node = e->node && ((xmlNodePtr)e->node)->type == XML_ELEMENT_NODE
                          ? (xmlNodePtr)e->node : NULL;
    if (!schema_message(x, node, e->message, msg, sizeof msg, a, sizeof a))
        return;
    int sev = e->level == XML_ERR_WARNING ? PARINDEX_SEVERITY_WARNING
                                          : PARINDEX_SEVERITY_ERROR;
    if (node) {
        unsigned line, col;
        char path[PI_PATH_MAX];
        locate(x, node, a[0] ? a : NULL, &line, &col, path, sizeof path);
        report_at(x, PARINDEX_ESCHEMA, sev, line, col, path, "%s", msg);
    } else {
        report_at(x, PARINDEX_ESCHEMA, sev, e->line > 0 ? (unsigned)e->line : 0,
                  e->int2 > 0 ? (unsigned)e->int2 : 0, NULL, "%s", msg);
    }
}

static void on_schema_parse_error(void *data, xl_err_t e)
{
    xl *x = data;
    char msg[PI_MSG_MAX];
    clean_message(e ? e->message : "", msg, sizeof msg);
    report_at(x, PARINDEX_ERROR, PARINDEX_SEVERITY_ERROR, 0, 0, NULL,
              "the embedded rule-set schema does not compile: %s", msg);
}

static int validate(xl *x, xmlDocPtr doc)
{
    int errors_before = x->errors;
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt(
        (const char *)pi_schema_xsd, (int)pi_schema_xsd_len);
    if (!pc) {
        report_oom(x);
        return PARINDEX_ENOMEM;
    }
    xmlSchemaSetParserStructuredErrors(pc, on_schema_parse_error, x);
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    if (!schema) {
        if (x->errors == errors_before)
            report_at(x, PARINDEX_ERROR, PARINDEX_SEVERITY_ERROR, 0, 0, NULL,
                      "the embedded rule-set schema does not compile");
        return x->first.code;
    }
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    if (!vc) {
        xmlSchemaFree(schema);
        report_oom(x);
        return PARINDEX_ENOMEM;
    }
    xmlSchemaSetValidStructuredErrors(vc, on_valid_error, x);
    int rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    if (rc != 0 && x->errors == errors_before)
        report_at(x, rc > 0 ? PARINDEX_ESCHEMA : PARINDEX_ERROR,
                  PARINDEX_SEVERITY_ERROR, 0, 0, NULL,
                  "schema validation failed (libxml2 code %d)", rc);
    return x->errors > errors_before ? x->first.code : PARINDEX_OK;
}

/* ---- stage 5: building ------------------------------------------------------ */

/* A number attribute: 0 absent, 1 read, -1 reported. */
static int num_attr(xl *x, xmlNodePtr el, const char *name, parindex_fixed *out)
{
    const char *v = attr(el, name);
    if (!v)
        return 0;
    int rc = parindex_fixed_parse(v, out);
    if (rc == PARINDEX_OK)
        return 1;
    if (rc == PARINDEX_ELIMIT)
        report_el(x, PARINDEX_ELIMIT, el, name,
                  "attribute '%s' of <%s>: '%s' is too large (the largest "
                  "number is 9223372036854.775807)",
                  name, (const char *)el->name, v);
    else
        report_el(x, PARINDEX_ESCHEMA, el, name,
                  "attribute '%s' of <%s>: '%s' is not a number", name,
                  (const char *)el->name, v);
    return -1;
}

/* An enumerated attribute: index in `names`, -1 absent, -2 reported. */
static int enum_attr(xl *x, xmlNodePtr el, const char *name,
                     const char *const *names, int count)
{
    const char *v = attr(el, name);
    if (!v)
        return -1;
    for (int k = 0; k < count; k++)
        if (names[k] && strcmp(v, names[k]) == 0)
            return k;
    report_el(x, PARINDEX_ESCHEMA, el, name,
              "attribute '%s' of <%s>: '%s' is not a known value", name,
              (const char *)el->name, v);
    return -2;
}

#define COUNT(a) ((int)(sizeof(a) / sizeof *(a)))

static const char *const agg_names[] = {"sum", "weighted_sum", "mean",
                                        "weighted_mean", "geometric_mean"};
static const char *const part_names[] = {NULL, "appraisal", "survey"};
static const char *const rounding_names[] = {"half_up", "half_even", "down"};
static const char *const stage_names[] = {"display", "leaf", "node"};
static const char *const zero_den_names[] = {"error", "full", "zero", "na"};
static const char *const hit_names[] = {"unique", "first"};
static const char *const no_match_names[] = {"error", "points"};
static const char *const mode_names[] = {"mean", "share"};
static const char *const bool_names[] = {"false", "true"};

/* Parse "[70, 90)" style intervals. Returns 0, or -1 with `why` set. */
static int parse_interval(const char *s, parindex_fixed *lo, int *lo_inc,
                          parindex_fixed *hi, int *hi_inc, const char **why)
{
    char a[64], b[64];
    size_t n = strlen(s);
    *why = "it does not have the form [low, high]";
    if (n < 5 || (s[0] != '[' && s[0] != '(') ||
        (s[n - 1] != ']' && s[n - 1] != ')'))
        return -1;
    const char *comma = strchr(s, ',');
    if (!comma || strchr(comma + 1, ','))
        return -1;
    size_t la = (size_t)(comma - s - 1);
    const char *bs = comma + 1;
    while (*bs == ' ')
        bs++;
    size_t lb = (size_t)(s + n - 1 - bs);
    if (la == 0 || la >= sizeof a || lb == 0 || lb >= sizeof b)
        return -1;
    memcpy(a, s + 1, la);
    a[la] = '\0';
    memcpy(b, bs, lb);
    b[lb] = '\0';
    *lo_inc = s[0] == '[';
    *hi_inc = s[n - 1] == ']';
    if (strcmp(a, "-inf") == 0) {
        *lo = PARINDEX_FIXED_NONE;
        if (*lo_inc) {
            *why = "an infinite end must be open: write (-inf";
            return -1;
        }
    } else if (parindex_fixed_parse(a, lo) != PARINDEX_OK || strchr(a, ',')) {
        *why = "its low end is not a number or -inf";
        return -1;
    }
    if (strcmp(b, "+inf") == 0) {
        *hi = PARINDEX_FIXED_NONE;
        if (*hi_inc) {
            *why = "an infinite end must be open: write +inf)";
            return -1;
        }
    } else if (parindex_fixed_parse(b, hi) != PARINDEX_OK) {
        *why = "its high end is not a number or +inf";
        return -1;
    }
    if (*lo != PARINDEX_FIXED_NONE && *hi != PARINDEX_FIXED_NONE &&
        (*lo > *hi || (*lo == *hi && !(*lo_inc && *hi_inc)))) {
        *why = *lo > *hi ? "its low end is above its high end"
                         : "a single value needs both ends closed, e.g. [0, 0]";
        return -2;
    }
    return 0;
}

/* A range attribute: 1 read, -1 reported. */
static int range_attr(xl *x, xmlNodePtr el, const char *name,
                      parindex_fixed *lo, int *lo_inc, parindex_fixed *hi,
                      int *hi_inc)
{
    const char *v = attr(el, name);
    const char *why;
    if (!v)
        return -1; /* required by the schema */
    int rc = parse_interval(v, lo, lo_inc, hi, hi_inc, &why);
    if (rc == 0)
        return 1;
    if (rc == -2)
        report_el(x, PARINDEX_ERULE, el, name,
                  "attribute '%s' of <%s>: '%s' contains no value (%s)", name,
                  (const char *)el->name, v, why);
    else
        report_el(x, PARINDEX_ESCHEMA, el, name,
                  "attribute '%s' of <%s>: '%s' is not a valid interval: %s",
                  name, (const char *)el->name, v, why);
    return -1;
}

/* Element text with surrounding spaces removed (libxml2 memory). */
static char *text_of(xmlNodePtr el)
{
    xmlChar *t = xmlNodeGetContent(el);
    if (!t)
        return NULL;
    char *s = (char *)t;
    size_t n = strlen(s), a = 0;
    while (a < n && is_space((unsigned char)s[a]))
        a++;
    while (n > a && is_space((unsigned char)s[n - 1]))
        n--;
    memmove(s, s + a, n - a);
    s[n - a] = '\0';
    return s;
}

/* Set a parameter from an attribute. */
static void param_num(xl *x, xmlNodePtr el, const char *code, const char *name,
                      int param)
{
    parindex_fixed v;
    if (num_attr(x, el, name, &v) == 1) {
        int rc = parindex_builder_set_param(x->b, code, param, v);
        if (rc)
            report_builder(x, rc, el, name);
    }
}

static void param_enum(xl *x, xmlNodePtr el, const char *code,
                       const char *name, int param, const char *const *names,
                       int count)
{
    int k = enum_attr(x, el, name, names, count);
    if (k >= 0) {
        int rc = parindex_builder_set_param(x->b, code, param, k);
        if (rc)
            report_builder(x, rc, el, name);
    }
}

static void set_input(xl *x, xmlNodePtr el, const char *code, const char *name,
                      int role)
{
    const char *v = attr(el, name);
    if (v) {
        int rc = parindex_builder_set_input(x->b, code, role, v);
        if (rc)
            report_builder(x, rc, el, name);
    }
}

static void build_rule(xl *x, xmlNodePtr el, const char *code)
{
    static const struct {
        const char *name;
        int type;
    } types[] = {
        {"outcome", PARINDEX_RULE_OUTCOME}, {"tiers", PARINDEX_RULE_TIERS},
        {"proportional", PARINDEX_RULE_PROPORTIONAL},
        {"deduction", PARINDEX_RULE_DEDUCTION}, {"count", PARINDEX_RULE_COUNT},
        {"survey", PARINDEX_RULE_SURVEY}, {"points", PARINDEX_RULE_POINTS},
    };
    int type = PARINDEX_RULE_NONE;
    for (int k = 0; k < COUNT(types); k++)
        if (!strcmp((const char *)el->name, types[k].name))
            type = types[k].type;
    if (type == PARINDEX_RULE_NONE)
        return; /* the schema allows no other element here */
    int rc = parindex_builder_set_rule(x->b, code, type);
    if (rc) {
        report_builder(x, rc, el, NULL);
        return;
    }
    int errors_before = x->errors;
    const char *input = attr(el, "input"), *num = attr(el, "numerator"),
               *den = attr(el, "denominator");
    int ratio = num || den;
    if (input && ratio)
        report_el(x, PARINDEX_ERULE, el, num ? "numerator" : "denominator",
                  "node %s: a rule reads either 'input', or 'numerator' and "
                  "'denominator', not both",
                  code);
    else if (num && !den)
        report_el(x, PARINDEX_ERULE, el, "numerator",
                  "node %s: 'numerator' needs 'denominator'", code);
    else if (den && !num)
        report_el(x, PARINDEX_ERULE, el, "denominator",
                  "node %s: 'denominator' needs 'numerator'", code);
    if (!ratio) {
        static const char *const ratio_only[] = {"scale", "zero-denominator"};
        for (int k = 0; k < COUNT(ratio_only); k++)
            if (attr(el, ratio_only[k]))
                report_el(x, PARINDEX_ERULE, el, ratio_only[k],
                          "node %s: '%s' applies to a ratio: give "
                          "'numerator' and 'denominator'",
                          code, ratio_only[k]);
    }
    if (x->errors > errors_before)
        return;
    set_input(x, el, code, "input", PARINDEX_INPUT_VALUE);
    set_input(x, el, code, "numerator", PARINDEX_INPUT_NUMERATOR);
    set_input(x, el, code, "denominator", PARINDEX_INPUT_DENOMINATOR);
    if (type == PARINDEX_RULE_TIERS || type == PARINDEX_RULE_PROPORTIONAL ||
        type == PARINDEX_RULE_SURVEY) {
        param_num(x, el, code, "scale", PARINDEX_PARAM_RATIO_SCALE);
        param_enum(x, el, code, "zero-denominator",
                   PARINDEX_PARAM_ZERO_DENOMINATOR, zero_den_names,
                   COUNT(zero_den_names));
    }
    switch (type) {
    case PARINDEX_RULE_OUTCOME:
        for (xmlNodePtr c = el->children; c; c = c->next) {
            parindex_fixed pts;
            if (!is_el(c, "option") || num_attr(x, c, "points", &pts) != 1)
                continue;
            rc = parindex_builder_add_outcome(x->b, code, attr(c, "name"), pts);
            if (rc)
                report_builder(x, rc, c, rc == PARINDEX_EEXISTS ? "name" : NULL);
        }
        break;
    case PARINDEX_RULE_TIERS:
        param_enum(x, el, code, "hit", PARINDEX_PARAM_HIT_POLICY, hit_names,
                   COUNT(hit_names));
        param_enum(x, el, code, "no-match", PARINDEX_PARAM_NO_MATCH,
                   no_match_names, COUNT(no_match_names));
        param_num(x, el, code, "no-match-points",
                  PARINDEX_PARAM_NO_MATCH_POINTS);
        for (xmlNodePtr c = el->children; c; c = c->next) {
            parindex_fixed lo, hi, pts;
            int lo_inc, hi_inc;
            if (!is_el(c, "tier") ||
                range_attr(x, c, "range", &lo, &lo_inc, &hi, &hi_inc) != 1 ||
                num_attr(x, c, "points", &pts) != 1)
                continue;
            rc = parindex_builder_add_tier(x->b, code, lo, lo_inc, hi, hi_inc,
                                           pts);
            if (rc)
                report_builder(x, rc, c, NULL);
        }
        break;
    case PARINDEX_RULE_PROPORTIONAL:
        param_num(x, el, code, "low", PARINDEX_PARAM_RANGE_LOW);
        param_num(x, el, code, "high", PARINDEX_PARAM_RANGE_HIGH);
        param_num(x, el, code, "zero-below", PARINDEX_PARAM_ZERO_BELOW);
        param_num(x, el, code, "full-from", PARINDEX_PARAM_FULL_FROM);
        break;
    case PARINDEX_RULE_DEDUCTION:
        param_num(x, el, code, "penalty", PARINDEX_PARAM_PENALTY);
        param_num(x, el, code, "floor", PARINDEX_PARAM_FLOOR);
        param_enum(x, el, code, "spill", PARINDEX_PARAM_SPILL, bool_names,
                   COUNT(bool_names));
        break;
    case PARINDEX_RULE_COUNT: {
        int cats = 0;
        for (xmlNodePtr c = el->children; c; c = c->next)
            cats += is_el(c, "category");
        if (cats && attr(el, "per")) {
            report_el(x, PARINDEX_ERULE, el, "per",
                      "node %s: a count rule takes either 'per' or "
                      "<category> elements, not both",
                      code);
            break;
        }
        if (cats && input) {
            report_el(x, PARINDEX_ERULE, el, "input",
                      "node %s: a count rule with <category> elements reads "
                      "each category's own input, not 'input'",
                      code);
            break;
        }
        param_num(x, el, code, "per", PARINDEX_PARAM_PER);
        for (xmlNodePtr c = el->children; c; c = c->next) {
            parindex_fixed pts;
            if (!is_el(c, "category") || num_attr(x, c, "points", &pts) != 1)
                continue;
            rc = parindex_builder_add_category(x->b, code, attr(c, "name"),
                                               attr(c, "input"), pts);
            if (rc)
                report_builder(x, rc, c, rc == PARINDEX_EEXISTS ? "name" : NULL);
        }
        break;
    }
    case PARINDEX_RULE_SURVEY:
        param_enum(x, el, code, "mode", PARINDEX_PARAM_SURVEY_MODE, mode_names,
                   COUNT(mode_names));
        param_num(x, el, code, "low", PARINDEX_PARAM_RANGE_LOW);
        param_num(x, el, code, "high", PARINDEX_PARAM_RANGE_HIGH);
        break;
    default:
        break;
    }
}

/* Node attributes shared by <node> and <total> ("" is the root). */
static void node_options(xl *x, xmlNodePtr el, const char *code)
{
    parindex_fixed v;
    int rc, k;
    if (num_attr(x, el, "weight", &v) == 1 &&
        (rc = parindex_builder_set_weight(x->b, code, v)))
        report_builder(x, rc, el, "weight");
    if (num_attr(x, el, "weights-total", &v) == 1 &&
        (rc = parindex_builder_set_weight_total(x->b, code, v)))
        report_builder(x, rc, el, "weights-total");
    if ((k = enum_attr(x, el, "aggregation", agg_names, COUNT(agg_names))) >= 0 &&
        (rc = parindex_builder_set_aggregation(x->b, code, k)))
        report_builder(x, rc, el, "aggregation");
    if ((k = enum_attr(x, el, "part", part_names, COUNT(part_names))) >= 0 &&
        (rc = parindex_builder_set_part(x->b, code, k)))
        report_builder(x, rc, el, "part");
    const char *fl = attr(el, "floor");
    if (fl && strcmp(fl, "none") == 0) {
        if ((rc = parindex_builder_set_floor(x->b, code, PARINDEX_FIXED_NONE)))
            report_builder(x, rc, el, "floor");
    } else if (num_attr(x, el, "floor", &v) == 1 &&
               (rc = parindex_builder_set_floor(x->b, code, v))) {
        report_builder(x, rc, el, "floor");
    }
    if (num_attr(x, el, "cap", &v) == 1 &&
        (rc = parindex_builder_set_cap(x->b, code, v)))
        report_builder(x, rc, el, "cap");
    const char *d = attr(el, "decimals");
    if (d && (rc = parindex_builder_set_decimals(x->b, code, atoi(d))))
        report_builder(x, rc, el, "decimals");
}

static void set_origin(xl *x, const char *code, xmlNodePtr el)
{
    unsigned line, col;
    char path[PI_PATH_MAX];
    locate(x, el, NULL, &line, &col, path, sizeof path);
    if (pi_builder_set_origin(x->b, code, line, path) == PARINDEX_ENOMEM) {
        report_oom(x);
        return;
    }
    /* remember where the path leads, for the problems found at freeze */
    long i = el_index(el);
    char *key = pi_strdup(&x->pa, path);
    if (!key || pi_grow(&x->pa, (void **)&x->origin_paths, &x->cap_origins,
                        x->n_origins + 1, sizeof *x->origin_paths)) {
        pi_free(&x->pa, key);
        report_oom(x);
        return;
    }
    x->origin_paths[x->n_origins++] = key;
    int rc = pi_strmap_put(&x->origins, &x->pa, key, (size_t)i);
    if (rc == PARINDEX_ENOMEM)
        report_oom(x);
}

static void build_node(xl *x, xmlNodePtr el, const char *parent)
{
    const char *code = attr(el, "code"), *name = attr(el, "name");
    parindex_fixed max;
    if (!code || !name || num_attr(x, el, "max", &max) != 1)
        return;
    int rc = parindex_builder_add_node(x->b, parent, code, name, max);
    if (rc) {
        report_builder(x, rc, el,
                       rc == PARINDEX_EEXISTS ? "code"
                       : rc == PARINDEX_EINVAL ? "max" : NULL);
        return;
    }
    set_origin(x, code, el);
    node_options(x, el, code);
    for (xmlNodePtr c = el->children; c && !x->oom; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || is_el(c, "description"))
            continue;
        if (is_el(c, "node"))
            build_node(x, c, code);
        else
            build_rule(x, c, code);
    }
}

static void build(xl *x, xmlNodePtr root)
{
    static const struct {
        const char *attr;
        int field;
    } ids[] = {{"id", PARINDEX_ID_ID},           {"level", PARINDEX_ID_LEVEL},
               {"year", PARINDEX_ID_YEAR},       {"decision", PARINDEX_ID_DECISION},
               {"version", PARINDEX_ID_VERSION}};
    int rc;
    for (int k = 0; k < COUNT(ids); k++) {
        const char *v = attr(root, ids[k].attr);
        if (v && (rc = parindex_builder_set_identity(x->b, ids[k].field, v)))
            report_builder(x, rc, root, ids[k].attr);
    }
    const char *w = attr(root, "warnings");
    if (w && strcmp(w, "error") == 0)
        x->strict = 1;
    set_origin(x, "", root);
    for (xmlNodePtr c = root->children; c && !x->oom; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(c, "title")) {
            char *t = text_of(c);
            if (!t) {
                report_oom(x);
                return;
            }
            rc = parindex_builder_set_identity(x->b, PARINDEX_ID_TITLE, t);
            xmlFree(t);
            if (rc)
                report_builder(x, rc, c, NULL);
        } else if (is_el(c, "precision")) {
            const char *d = attr(c, "decimals");
            int r = enum_attr(x, c, "rounding", rounding_names, COUNT(rounding_names));
            int s = enum_attr(x, c, "stage", stage_names, COUNT(stage_names));
            if (r == -2 || s == -2)
                continue;
            rc = parindex_builder_set_precision(
                x->b, d ? atoi(d) : 3, r >= 0 ? r : PARINDEX_ROUND_HALF_UP,
                s >= 0 ? s : PARINDEX_ROUND_AT_LEAF);
            if (rc)
                report_builder(x, rc, c, NULL);
        } else if (is_el(c, "total")) {
            parindex_fixed max;
            set_origin(x, "", c);
            if (num_attr(x, c, "max", &max) == 1 &&
                (rc = parindex_builder_set_max(x->b, "", max)))
                report_builder(x, rc, c, "max");
            node_options(x, c, "");
        } else if (is_el(c, "bands")) {
            for (xmlNodePtr bd = c->children; bd; bd = bd->next) {
                parindex_fixed lo, hi;
                int lo_inc, hi_inc;
                if (!is_el(bd, "band") ||
                    range_attr(x, bd, "range", &lo, &lo_inc, &hi, &hi_inc) != 1)
                    continue;
                rc = parindex_builder_add_band(x->b, attr(bd, "label"), lo,
                                               lo_inc, hi, hi_inc);
                if (rc)
                    report_builder(x, rc, bd, NULL);
            }
        } else if (is_el(c, "node")) {
            build_node(x, c, "");
        }
    }
}

/* Band problems have no node: "bands 'A' and 'B' overlap" goes to band B,
 * "no band covers ..." to <bands>. */
static void locate_band(xl *x, parindex_error *rec)
{
    if (strstr(rec->message, ": no band covers ")) {
        for (xmlNodePtr c = x->root->children; c; c = c->next)
            if (is_el(c, "bands"))
                locate(x, c, NULL, &rec->line, &rec->column, rec->path,
                       sizeof rec->path);
        return;
    }
    const char *second = strstr(rec->message, "' and '");
    if (!second)
        return;
    second += 7;
    const char *end = strstr(second, "' overlap");
    if (!end)
        return;
    for (xmlNodePtr c = x->root->children; c; c = c->next) {
        if (!is_el(c, "bands"))
            continue;
        for (xmlNodePtr bd = c->children; bd; bd = bd->next) {
            const char *label = is_el(bd, "band") ? attr(bd, "label") : NULL;
            if (label && strlen(label) == (size_t)(end - second) &&
                strncmp(label, second, (size_t)(end - second)) == 0) {
                locate(x, bd, "range", &rec->line, &rec->column, rec->path,
                       sizeof rec->path);
                return;
            }
        }
    }
}

/* Problems found at freeze: give them their column, apply warnings="error". */
static void on_freeze_diag(const parindex_error *d, void *payload)
{
    xl *x = payload;
    parindex_error rec = *d;
    size_t known = rec.path[0] == '/' ? pi_strmap_get(&x->origins, rec.path)
                                      : (size_t)-1;
    if (known != (size_t)-1 && x->pos_ok && known < x->n_pos) {
        offset_to_lc(x, x->pos[known], &rec.line, &rec.column);
    } else if (rec.path[0] == '/' && x->pos_ok) {
        /* find the element named by the path */
        xmlNodePtr el = x->root;
        const char *p = rec.path + 1;
        const char *seg_end = strchr(p, '/');
        size_t len = seg_end ? (size_t)(seg_end - p) : strlen(p);
        if (len != 7 || strncmp(p, "ruleset", 7) != 0)
            el = NULL;
        p += len;
        while (el && *p == '/' && p[1] != '@') {
            p++;
            char name[32];
            size_t k = 1, n = 0;
            while (p[n] && p[n] != '/' && p[n] != '[' && n + 1 < sizeof name) {
                name[n] = p[n];
                n++;
            }
            name[n] = '\0';
            p += n;
            if (*p == '[') {
                k = (size_t)strtoul(p + 1, NULL, 10);
                p = strchr(p, ']');
                p = p ? p + 1 : "";
            }
            xmlNodePtr found = NULL;
            size_t seen = 0;
            for (xmlNodePtr c = el->children; c && !found; c = c->next)
                if (is_el(c, name) && ++seen == k)
                    found = c;
            el = found;
        }
        if (el) {
            unsigned line, col;
            long i = el_index(el);
            if (i >= 0 && (size_t)i < x->n_pos) {
                offset_to_lc(x, x->pos[i], &line, &col);
                rec.line = line;
                rec.column = col;
            }
        }
    }
    if ((!rec.path[0] && strncmp(rec.message, "bands '", 7) == 0) ||
        strncmp(rec.message, "node (root): no band covers ", 28) == 0)
        locate_band(x, &rec);
    if (rec.severity == PARINDEX_SEVERITY_WARNING && x->strict)
        rec.severity = PARINDEX_SEVERITY_ERROR;
    deliver(x, &rec);
}

/* ---- entry points ------------------------------------------------------------ */

int parindex_load_options_init(parindex_load_options *opts, unsigned version)
{
    pi_error_clear();
    if (!opts)
        return pi_error(PARINDEX_EMISUSE, "NULL options");
    if (version == 0 || version > PARINDEX_LOAD_OPTIONS_VERSION)
        return pi_error(PARINDEX_EVERSION,
                        "load options version %u is not supported (this "
                        "library knows version %d)",
                        version, PARINDEX_LOAD_OPTIONS_VERSION);
    parindex_load_options def = PARINDEX_LOAD_OPTIONS_INIT;
    *opts = def;
    opts->version = version;
    return PARINDEX_OK;
}

/* Set up the context from the options; on error the last error is set. */
static int setup(xl *x, const parindex_load_options *opts, const char *name)
{
    memset(x, 0, sizeof *x);
    x->name = name;
    pi_alloc_init(&x->pa, NULL);
    x->max_depth = PARINDEX_LOAD_DEFAULT_MAX_DEPTH;
    x->max_elems = PARINDEX_LOAD_DEFAULT_MAX_ELEMENTS;
    if (!opts)
        return PARINDEX_OK;
    if (opts->version == 0 || opts->version > PARINDEX_LOAD_OPTIONS_VERSION)
        return pi_error(PARINDEX_EVERSION,
                        "load options version %u is not supported (this "
                        "library knows version %d)",
                        opts->version, PARINDEX_LOAD_OPTIONS_VERSION);
    if (opts->flags & ~(unsigned)PARINDEX_LOAD_WARNINGS_AS_ERRORS)
        return pi_error(PARINDEX_EINVAL, "unknown load flags 0x%x",
                        opts->flags & ~(unsigned)PARINDEX_LOAD_WARNINGS_AS_ERRORS);
    pi_alloc_init(&x->pa, opts->alloc);
    x->flags = opts->flags;
    x->diag = opts->diag;
    x->payload = opts->diag_payload;
    x->strict = (opts->flags & PARINDEX_LOAD_WARNINGS_AS_ERRORS) != 0;
    if (opts->max_depth)
        x->max_depth = opts->max_depth;
    if (opts->max_elements)
        x->max_elems = opts->max_elements;
    return PARINDEX_OK;
}

static size_t max_bytes(const parindex_load_options *opts)
{
    size_t m = opts && opts->max_bytes ? opts->max_bytes
                                       : PARINDEX_LOAD_DEFAULT_MAX_BYTES;
    return m > (size_t)INT_MAX ? (size_t)INT_MAX : m;
}

/* `size` is exact unless the file could not tell its size (a pipe): then
 * only "more than the limit" is known. */
static int too_big(xl *x, unsigned long long size, size_t limit, int exact)
{
    if (exact)
        report_at(x, PARINDEX_ELIMIT, PARINDEX_SEVERITY_ERROR, 0, 0, NULL,
                  "the file is %llu bytes, above the limit of %zu bytes", size,
                  limit);
    else
        report_at(x, PARINDEX_ELIMIT, PARINDEX_SEVERITY_ERROR, 0, 0, NULL,
                  "the file is larger than the limit of %zu bytes", limit);
    *pi_error_slot() = x->first;
    return PARINDEX_ELIMIT;
}

static int load(xl *x, parindex_ruleset **out)
{
    int rc = PARINDEX_OK;
    xmlDocPtr doc = NULL;
    parindex_ruleset *rs = NULL;
    pthread_once(&xl_once, xl_init);

    if (prescan(x))
        goto done;
    doc = parse(x);
    if (!doc)
        goto done;
    x->root = xmlDocGetRootElement(doc);
    if (!x->root) {
        report_at(x, PARINDEX_EPARSE, PARINDEX_SEVERITY_ERROR, 0, 0, NULL,
                  "the document has no root element");
        goto done;
    }
    if (index_elements(x, x->root)) {
        report_oom(x);
        goto done;
    }
    if (x->n_els != x->n_pos)
        x->pos_ok = 0;
    if (check_root(x, x->root) || validate(x, doc))
        goto done;

    rc = parindex_builder_new(&x->b, &x->pa.a);
    if (rc == PARINDEX_OK)
        rc = pi_builder_set_source(x->b, x->name);
    if (rc) {
        report_oom(x);
        goto done;
    }
    build(x, x->root);
    if (x->errors)
        goto done;
    rc = parindex_builder_freeze(x->b, &rs, on_freeze_diag, x);
    if (rc == PARINDEX_ENOMEM)
        report_oom(x);
    else if (rc && !x->errors)
        deliver(x, pi_error_slot());
done:
    parindex_builder_free(x->b);
    pi_strmap_free(&x->origins, &x->pa);
    for (size_t k = 0; k < x->n_origins; k++)
        pi_free(&x->pa, x->origin_paths[k]);
    pi_free(&x->pa, x->origin_paths);
    xmlFreeDoc(doc);
    pi_free(&x->pa, x->pos);
    pi_free(&x->pa, x->els);
    pi_free(&x->pa, x->ord);
    if (x->errors) {
        parindex_ruleset_free(rs);
        *pi_error_slot() = x->first;
        return x->first.code;
    }
    pi_error_clear();
    *out = rs;
    return PARINDEX_OK;
}

int parindex_ruleset_load_memory(parindex_ruleset **out, const void *data,
                                 size_t len, const char *source_name,
                                 const parindex_load_options *opts)
{
    pi_error_clear();
    if (!out)
        return pi_error(PARINDEX_EMISUSE, "NULL out argument");
    *out = NULL;
    if (!data && len)
        return pi_error(PARINDEX_EMISUSE, "NULL data");
    xl x;
    const char *name = source_name ? source_name : "<memory>";
    int rc = setup(&x, opts, name);
    if (rc)
        return rc;
    size_t limit = max_bytes(opts);
    if (len > limit)
        return too_big(&x, (unsigned long long)len, limit, 1);
    x.src = data ? data : (const void *)"";
    x.len = len;
    return load(&x, out);
}

int parindex_ruleset_load_file(parindex_ruleset **out, const char *path,
                               const parindex_load_options *opts)
{
    pi_error_clear();
    if (!out)
        return pi_error(PARINDEX_EMISUSE, "NULL out argument");
    *out = NULL;
    if (!path)
        return pi_error(PARINDEX_EMISUSE, "NULL path");
    xl x;
    int rc = setup(&x, opts, path);
    if (rc)
        return rc;
    size_t limit = max_bytes(opts);
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        report_at(&x, PARINDEX_EIO, PARINDEX_SEVERITY_ERROR, 0, 0, NULL,
                  "cannot open the file: %s", strerror(e));
        *pi_error_slot() = x.first;
        return PARINDEX_EIO;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            fclose(f);
            report_at(&x, PARINDEX_EIO, PARINDEX_SEVERITY_ERROR, 0, 0, NULL,
                      "cannot read the file: it is a directory");
            *pi_error_slot() = x.first;
            return PARINDEX_EIO;
        }
        if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > limit) {
            fclose(f);
            return too_big(&x, (unsigned long long)st.st_size, limit, 1);
        }
    }
    /* read at most limit + 1 bytes, whatever the file claims */
    size_t cap = 0, n = 0;
    unsigned char *buf = NULL;
    for (;;) {
        if (n == cap) {
            size_t want = cap ? cap * 2 : 65536;
            if (want > limit + 1)
                want = limit + 1;
            if (want <= cap)
                break;
            unsigned char *nb = pi_malloc(&x.pa, want);
            if (!nb) {
                pi_free(&x.pa, buf);
                fclose(f);
                report_oom(&x);
                *pi_error_slot() = x.first;
                return PARINDEX_ENOMEM;
            }
            if (n)
                memcpy(nb, buf, n);
            pi_free(&x.pa, buf);
            buf = nb;
            cap = want;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int read_error = ferror(f);
    fclose(f);
    if (read_error) {
        pi_free(&x.pa, buf);
        report_at(&x, PARINDEX_EIO, PARINDEX_SEVERITY_ERROR, 0, 0, NULL,
                  "cannot read the file");
        *pi_error_slot() = x.first;
        return PARINDEX_EIO;
    }
    if (n > limit) {
        pi_free(&x.pa, buf);
        return too_big(&x, (unsigned long long)n, limit, 0);
    }
    x.src = buf ? buf : (const unsigned char *)"";
    x.len = n;
    rc = load(&x, out);
    pi_free(&x.pa, buf);
    return rc;
}
