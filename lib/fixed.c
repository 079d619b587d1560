/* Exact decimal arithmetic on micro-points. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const int64_t pow10_tab[] = {1,      10,      100,      1000,
                                    10000,  100000,  1000000};

/* The same on 64-bit operands: the common case, and much faster. */
static int64_t div_round64(int64_t num, int64_t den, int mode)
{
    if (den < 0) {
        num = -num;
        den = -den;
    }
    int64_t q = num / den, r = num % den;
    if (r == 0 || mode == PARINDEX_ROUND_DOWN)
        return q;
    int64_t ar = r < 0 ? -r : r;
    int64_t sign = num < 0 ? -1 : 1;
    if (mode == PARINDEX_ROUND_HALF_EVEN) {
        if (ar > den - ar || (ar == den - ar && (q % 2 != 0)))
            q += sign;
    } else if (ar >= den - ar) {
        q += sign;
    }
    return q;
}

pi_i128 pi_div_round(pi_i128 num, pi_i128 den, int mode)
{
    if (num > -INT64_MAX && num < INT64_MAX && den > -INT64_MAX && den < INT64_MAX &&
        den != 0)
        return div_round64((int64_t)num, (int64_t)den, mode);
    if (den < 0) {
        num = -num;
        den = -den;
    }
    pi_i128 q = num / den, r = num % den;
    if (r == 0 || mode == PARINDEX_ROUND_DOWN)
        return q;
    pi_i128 ar = r < 0 ? -r : r;
    int sign = num < 0 ? -1 : 1;
    if (mode == PARINDEX_ROUND_HALF_EVEN) {
        if (ar * 2 > den || (ar * 2 == den && (q % 2 != 0)))
            q += sign;
    } else if (ar * 2 >= den) {
        q += sign;
    }
    return q;
}

parindex_fixed pi_saturate(pi_i128 v)
{
    if (v > INT64_MAX)
        return INT64_MAX;
    if (v <= INT64_MIN)
        return INT64_MIN + 1; /* INT64_MIN is PARINDEX_FIXED_NONE */
    return (parindex_fixed)v;
}

parindex_fixed parindex_fixed_round(parindex_fixed value, int decimals,
                                    int mode)
{
    if (value == PARINDEX_FIXED_NONE)
        return value;
    if (decimals < 0)
        decimals = 0;
    if (decimals >= PARINDEX_FIXED_DECIMALS)
        return value;
    int64_t unit = pow10_tab[PARINDEX_FIXED_DECIMALS - decimals];
    if (value % unit == 0)
        return value;
    return pi_saturate((pi_i128)div_round64(value, unit, mode) * unit);
}

int parindex_fixed_parse(const char *text, parindex_fixed *out)
{
    pi_error_clear();
    if (!text || !out)
        return pi_error(PARINDEX_EMISUSE, "NULL argument to parindex_fixed_parse");
    const char *p = text;
    int neg = 0;
    if (*p == '+' || *p == '-')
        neg = (*p++ == '-');
    pi_i128 ip = 0;
    int digits = 0;
    for (; *p >= '0' && *p <= '9'; p++, digits++) {
        ip = ip * 10 + (*p - '0');
        if (ip > INT64_MAX / PARINDEX_FIXED_ONE)
            return pi_error(PARINDEX_ELIMIT, "'%s' is out of range (at most %s in magnitude)",
                            text, "9223372036854.775807");
    }
    int64_t frac = 0;
    int fdigits = 0;
    if (*p == '.' || *p == ',') {
        p++;
        for (; *p >= '0' && *p <= '9'; p++) {
            if (fdigits < PARINDEX_FIXED_DECIMALS) {
                frac = frac * 10 + (*p - '0');
                fdigits++;
            } else if (*p != '0') {
                return pi_error(PARINDEX_EPARSE,
                                "'%s' has more than %d decimals", text,
                                PARINDEX_FIXED_DECIMALS);
            }
            digits++;
        }
    }
    if (*p != '\0' || digits == 0)
        return pi_error(PARINDEX_EPARSE, "'%s' is not a number", text);
    frac *= pow10_tab[PARINDEX_FIXED_DECIMALS - fdigits];
    pi_i128 v = ip * PARINDEX_FIXED_ONE + frac;
    /* INT64_MIN is PARINDEX_FIXED_NONE: the range is symmetric */
    if (v > INT64_MAX)
        return pi_error(PARINDEX_ELIMIT, "'%s' is out of range (at most %s in magnitude)",
                        text, "9223372036854.775807");
    *out = (parindex_fixed)(neg ? -v : v);
    return PARINDEX_OK;
}

/* Digits of v, most significant first, into out; returns their count. */
static size_t put_digits(uint64_t v, char *out)
{
    char rev[24];
    size_t n = 0;
    do {
        rev[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        out[i] = rev[n - 1 - i];
    return n;
}

size_t parindex_fixed_format(parindex_fixed value, int decimals, char sep,
                             char *buf, size_t size)
{
    char tmp[48];
    size_t n = 0;
    if (value == PARINDEX_FIXED_NONE) {
        memcpy(tmp, "N/A", 3);
        n = 3;
    } else {
        if (decimals < 0)
            decimals = 0;
        if (decimals > PARINDEX_FIXED_DECIMALS)
            decimals = PARINDEX_FIXED_DECIMALS;
        int64_t unit = pow10_tab[PARINDEX_FIXED_DECIMALS - decimals];
        pi_i128 q = unit == 1 ? value : pi_div_round(value, unit, PARINDEX_ROUND_HALF_UP);
        /* |q| <= |value| < 2^63: it fits in 64 bits */
        uint64_t aq = (uint64_t)(q < 0 ? -q : q);
        uint64_t scale = (uint64_t)pow10_tab[decimals];
        if (q < 0)
            tmp[n++] = '-';
        n += put_digits(aq / scale, tmp + n);
        if (decimals > 0) {
            tmp[n++] = sep ? sep : '.';
            uint64_t f = aq % scale;
            for (int d = decimals; d-- > 0;) {
                tmp[n + (size_t)d] = (char)('0' + f % 10);
                f /= 10;
            }
            n += (size_t)decimals;
        }
    }
    if (size > 0) {
        size_t k = n < size ? n : size - 1;
        memcpy(buf, tmp, k);
        buf[k] = '\0';
    }
    return n;
}

size_t parindex_fixed_format_short(parindex_fixed value, char *buf,
                                   size_t size)
{
    char tmp[48];
    size_t n = 0;
    if (value == PARINDEX_FIXED_NONE) {
        memcpy(tmp, "N/A", 3);
        n = 3;
    } else {
        /* every decimal, then the trailing zeros dropped */
        uint64_t a = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
        if (value < 0)
            tmp[n++] = '-';
        n += put_digits(a / PARINDEX_FIXED_ONE, tmp + n);
        uint64_t f = a % PARINDEX_FIXED_ONE;
        if (f) {
            int d = PARINDEX_FIXED_DECIMALS;
            while (f % 10 == 0) {
                f /= 10;
                d--;
            }
            tmp[n++] = '.';
            for (int k = d; k-- > 0;) {
                tmp[n + (size_t)k] = (char)('0' + f % 10);
                f /= 10;
            }
            n += (size_t)d;
        }
    }
    if (size > 0) {
        size_t k = n < size ? n : size - 1;
        memcpy(buf, tmp, k);
        buf[k] = '\0';
    }
    return n;
}

const char *pi_fmt(parindex_fixed v, char buf[32])
{
    parindex_fixed_format_short(v, buf, 32);
    return buf;
}

double parindex_fixed_to_double(parindex_fixed value)
{
    return (double)value / (double)PARINDEX_FIXED_ONE;
}

int parindex_fixed_from_double(double value, parindex_fixed *out)
{
    pi_error_clear();
    if (!out)
        return pi_error(PARINDEX_EMISUSE, "NULL argument");
    double scaled = value * (double)PARINDEX_FIXED_ONE;
    if (!isfinite(value) || scaled >= 9.2e18 || scaled <= -9.2e18)
        return pi_error(PARINDEX_EINVAL, "%g cannot be represented as points",
                        value);
    *out = (parindex_fixed)llround(scaled);
    return PARINDEX_OK;
}
