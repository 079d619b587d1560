/* Shared test helpers: cmocka includes, compatibility shims, assertions. */
#ifndef PARINDEX_PTEST_H
#define PARINDEX_PTEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <parindex/parindex.h>

#ifndef expect_int_value /* cmocka < 2.0 */
#  define expect_int_value(f, p, v) expect_value(f, p, v)
#endif

/* A decimal constant, exactly. */
static inline parindex_fixed pt_fx(const char *s)
{
    parindex_fixed v = 0;
    if (parindex_fixed_parse(s, &v) != PARINDEX_OK)
        fail_msg("bad test constant '%s'", s);
    return v;
}

/* Assert a status and that the last error carries it. */
#define assert_status(rc, code)                                              \
    do {                                                                     \
        int rc_ = (rc);                                                      \
        if (rc_ != (code))                                                   \
            fail_msg("status %d, expected %d: %s", rc_, (code),              \
                     parindex_error_message(parindex_error_last()));         \
        assert_int_equal(parindex_error_code(parindex_error_last()), (code)); \
    } while (0)

#define assert_ok(rc) assert_status(rc, PARINDEX_OK)

/* Assert a fixed value equals a decimal string. */
#define assert_fixed(v, s)                                                   \
    do {                                                                     \
        parindex_fixed got_ = (v), want_ = pt_fx(s);                         \
        if (got_ != want_) {                                                 \
            char g_[48];                                                     \
            parindex_fixed_format_short(got_, g_, sizeof g_);                \
            fail_msg("got %s, expected %s", g_, s);                          \
        }                                                                    \
    } while (0)

#endif
