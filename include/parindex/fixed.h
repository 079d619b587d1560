/*
 * libparindex: exact decimal points.
 *
 * Points, weights, inputs and percentages are fixed-point decimals: an int64
 * holding millionths (micro-points). 0.1 + 0.2 is exactly 0.3, and figures an
 * official computes by hand come out to the last digit. Rounding happens only
 * where the rule set says (see parindex_builder_set_precision).
 */
#ifndef PARINDEX_FIXED_H
#define PARINDEX_FIXED_H

#include <stddef.h>
#include <stdint.h>
#include "export.h"

PARINDEX_BEGIN_DECL

/** A decimal with six fractional digits: value × 1 000 000. */
typedef int64_t parindex_fixed;

/** The scale of parindex_fixed: 1.0 is 1000000. */
#define PARINDEX_FIXED_ONE ((parindex_fixed)1000000)
/** Number of fractional digits parindex_fixed holds. */
#define PARINDEX_FIXED_DECIMALS 6
/** A whole number of points as parindex_fixed. */
#define PARINDEX_FIXED_INT(n) ((parindex_fixed)(n) * PARINDEX_FIXED_ONE)
/** Sentinel: "no value" (not applicable, unbounded, unset). */
#define PARINDEX_FIXED_NONE INT64_MIN

/** Rounding modes. */
enum parindex_rounding {
    PARINDEX_ROUND_HALF_UP = 0,   /**< 0.3335 -> 0.334, -0.3335 -> -0.334 */
    PARINDEX_ROUND_HALF_EVEN = 1, /**< banker's rounding: 0.3345 -> 0.334 */
    PARINDEX_ROUND_DOWN = 2       /**< truncate toward zero */
};

/**
 * Parse a decimal number: optional sign, digits, optional '.' or ','
 * followed by at most 6 digits (e.g. "83.3", "-0,25", "12"). Leading and
 * trailing spaces are not accepted. More than 6 fractional digits (other than
 * trailing zeros) is an error rather than a silent rounding.
 * @param text NUL-terminated text.
 * @param out receives the value; unchanged on error.
 * @return PARINDEX_OK, PARINDEX_EPARSE (not a number, with the reason in the
 *         last error), PARINDEX_ELIMIT (out of range), PARINDEX_EMISUSE.
 * @note Thread-safety: safe from any thread.
 */
PARINDEX_API int parindex_fixed_parse(const char *text, parindex_fixed *out);

/**
 * Round a value to `decimals` fractional digits (0..6) with `mode`.
 * Values that would overflow saturate.
 * @note Thread-safety: safe from any thread.
 */
PARINDEX_API parindex_fixed parindex_fixed_round(parindex_fixed value,
                                                 int decimals, int mode);

/**
 * Write `value` rounded half-up to `decimals` digits (0..6) into `buf`,
 * always with exactly that many fractional digits and '.' or the given
 * separator (e.g. ',' for Vietnamese spreadsheets). `sep` 0 means '.'.
 * @return the length written (excluding NUL), or the length needed when it
 *         did not fit (the output is then truncated but NUL-terminated when
 *         size > 0); PARINDEX_FIXED_NONE writes "N/A".
 * @note Thread-safety: safe from any thread.
 */
PARINDEX_API size_t parindex_fixed_format(parindex_fixed value, int decimals,
                                          char sep, char *buf, size_t size);

/**
 * Like parindex_fixed_format but drops trailing fractional zeros (and the
 * separator when nothing is left): 1.500000 -> "1.5", 2 -> "2".
 */
PARINDEX_API size_t parindex_fixed_format_short(parindex_fixed value,
                                                char *buf, size_t size);

/** The value as a double (for display and statistics only). */
PARINDEX_API double parindex_fixed_to_double(parindex_fixed value);

/**
 * The nearest parindex_fixed to a double. Returns PARINDEX_EINVAL for NaN,
 * infinities and values out of range.
 */
PARINDEX_API int parindex_fixed_from_double(double value, parindex_fixed *out);

PARINDEX_END_DECL

#endif /* PARINDEX_FIXED_H */
