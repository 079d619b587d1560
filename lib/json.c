/* JSON writing primitives. */
#include <stdio.h>
#include <string.h>

#include "out.h"

void pi_json_string(parindex_output *o, const char *s)
{
    pi_out_write(o, "\"", 1);
    const char *run = s;
    for (const char *p = s; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch >= 0x20 && ch != '"' && ch != '\\')
            continue;
        pi_out_write(o, run, (size_t)(p - run));
        char esc[8];
        switch (ch) {
        case '"': pi_out_write(o, "\\\"", 2); break;
        case '\\': pi_out_write(o, "\\\\", 2); break;
        case '\n': pi_out_write(o, "\\n", 2); break;
        case '\r': pi_out_write(o, "\\r", 2); break;
        case '\t': pi_out_write(o, "\\t", 2); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04x", ch);
            pi_out_write(o, esc, 6);
        }
        run = p + 1;
    }
    pi_out_puts(o, run);
    pi_out_write(o, "\"", 1);
}

void pi_json_fixed(parindex_output *o, parindex_fixed v, int decimals,
                   int rounding)
{
    if (v == PARINDEX_FIXED_NONE) {
        pi_out_puts(o, "null");
        return;
    }
    char buf[48];
    pi_format_fixed(v, decimals, rounding, '.', buf, sizeof buf);
    pi_out_puts(o, buf);
}

void pi_json_short(parindex_output *o, parindex_fixed v)
{
    if (v == PARINDEX_FIXED_NONE) {
        pi_out_puts(o, "null");
        return;
    }
    char buf[48];
    parindex_fixed_format_short(v, buf, sizeof buf);
    pi_out_puts(o, buf);
}
