/*
 * Checks rule-set files against the XSD shipped in lib/schema with libxml2
 * alone, independently of the library's loader.
 *
 *   xsd_check SCHEMA valid DIR...   every *.xml in each DIR validates
 *                                   (a DIR that does not exist is skipped:
 *                                   shipped rule sets may not exist yet)
 *   xsd_check SCHEMA stages DIR     for every .xml file of DIR with a .expected
 *                                   file: the schema rejects the file when
 *                                   the loader's first error is ESCHEMA,
 *                                   and accepts it when it is ERULE
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlversion.h>

#if LIBXML_VERSION >= 21200
typedef const xmlError *err_t;
#else
typedef xmlError *err_t;
#endif

static int quiet;

static void on_error(void *data, err_t e)
{
    const char *file = data;
    if (!quiet && e)
        fprintf(stderr, "%s:%d: %s", file, e->line, e->message);
}

/* 1 valid, 0 invalid, -1 not checked */
static int validate(xmlSchemaPtr schema, const char *file)
{
    xmlDocPtr doc = xmlReadFile(file, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                XML_PARSE_NOWARNING);
    if (!doc)
        return 0;
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    xmlSchemaSetValidStructuredErrors(vc, on_error, (void *)file);
    int rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlFreeDoc(doc);
    return rc == 0;
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* First word of FILE.expected, or "" */
static void expected_status(const char *xml, char out[32])
{
    char name[2048];
    out[0] = '\0';
    snprintf(name, sizeof name, "%.*s.expected", (int)(strlen(xml) - 4), xml);
    FILE *f = fopen(name, "r");
    if (!f)
        return;
    if (fscanf(f, "%31s", out) != 1)
        out[0] = '\0';
    fclose(f);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: xsd_check SCHEMA valid|stages DIR...\n");
        return 2;
    }
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(argv[1]);
    xmlSchemaSetParserStructuredErrors(pc, on_error, argv[1]);
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    if (!schema) {
        fprintf(stderr, "%s: the schema does not compile\n", argv[1]);
        return 1;
    }
    int stages = strcmp(argv[2], "stages") == 0;
    quiet = stages;
    int failures = 0, checked = 0;
    for (int d = 3; d < argc; d++) {
        DIR *dir = opendir(argv[d]);
        if (!dir)
            continue;
        struct dirent *ent;
        while ((ent = readdir(dir)) != NULL) {
            if (!has_suffix(ent->d_name, ".xml"))
                continue;
            char path[2048];
            snprintf(path, sizeof path, "%s/%s", argv[d], ent->d_name);
            int ok = validate(schema, path);
            if (!stages) {
                checked++;
                if (!ok) {
                    fprintf(stderr, "%s: does not validate against %s\n", path, argv[1]);
                    failures++;
                }
                continue;
            }
            char status[32];
            expected_status(path, status);
            if (!strcmp(status, "ESCHEMA") && ok) {
                fprintf(stderr, "%s: the loader says ESCHEMA, but the schema accepts it\n", path);
                failures++;
            } else if (!strcmp(status, "ERULE") && !ok) {
                fprintf(stderr, "%s: the loader says ERULE, but the schema rejects it\n", path);
                failures++;
            }
            if (!strcmp(status, "ESCHEMA") || !strcmp(status, "ERULE"))
                checked++;
        }
        closedir(dir);
    }
    xmlSchemaFree(schema);
    if (checked == 0) {
        fprintf(stderr, "no file checked\n");
        return 1;
    }
    printf("%d files checked against the schema, %d failed\n", checked, failures);
    return failures ? 1 : 0;
}
