/* jsonw.c — see jsonw.h. */
#include "jsonw.h"

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mz_jw_init(mz_jw_t *w, int pretty, unsigned depth)
{
    memset(w, 0, sizeof *w);
    w->pretty = pretty;
    w->depth = depth < MZ_JW_DEPTH ? depth : MZ_JW_DEPTH - 1;
    for (unsigned i = 0; i <= w->depth; i++)
        w->kind[i] = '{';
}

void mz_jw_free(mz_jw_t *w)
{
    free(w->buf);
    w->buf = NULL;
    w->len = w->cap = 0;
}

char *mz_jw_take(mz_jw_t *w)
{
    char *t = w->oom ? NULL : w->buf;
    if (w->oom)
        free(w->buf);
    else if (!t)
        t = calloc(1, 1);
    w->buf = NULL;
    w->len = w->cap = 0;
    return t;
}

static char *grow(mz_jw_t *w, size_t n)
{
    if (w->oom)
        return NULL;
    size_t cap = w->cap ? w->cap : 4096;
    while (cap < w->len + n + 1)
        cap *= 2;
    char *b = realloc(w->buf, cap);
    if (!b) {
        w->oom = 1;
        return NULL;
    }
    w->buf = b;
    w->cap = cap;
    return w->buf + w->len;
}

/* Room for n more bytes and the NUL; NULL once out of memory. */
static inline char *room(mz_jw_t *w, size_t n)
{
    if (w->len + n + 1 <= w->cap && !w->oom)
        return w->buf + w->len;
    return grow(w, n);
}

static void put(mz_jw_t *w, const char *s, size_t n)
{
    char *o = room(w, n);
    if (!o)
        return;
    memcpy(o, s, n);
    w->len += n;
    w->buf[w->len] = '\0';
}

static void tabs(mz_jw_t *w, unsigned n)
{
    char *o = room(w, n);
    if (!o)
        return;
    memset(o, '\t', n);
    w->len += n;
    w->buf[w->len] = '\0';
}

/* Before a value: in an array, the separator from the one before. */
static void before_value(mz_jw_t *w)
{
    if (w->kind[w->depth] == '[' && w->items[w->depth]++)
        put(w, w->pretty ? ", " : ",", w->pretty ? 2 : 1);
}

void mz_jw_open(mz_jw_t *w, char kind)
{
    before_value(w);
    if (kind == '{')
        put(w, "{\n", w->pretty ? 2 : 1);
    else
        put(w, "[", 1);
    if (w->depth + 1 >= MZ_JW_DEPTH) {
        w->oom = 1; /* deeper than any document we write */
        return;
    }
    w->depth++;
    w->kind[w->depth] = kind;
    w->items[w->depth] = 0;
}

void mz_jw_close(mz_jw_t *w)
{
    if (w->depth == 0)
        return;
    if (w->kind[w->depth] == '{') {
        if (w->pretty) {
            if (w->items[w->depth])
                put(w, "\n", 1);
            tabs(w, w->depth - 1);
        }
        put(w, "}", 1);
    } else {
        put(w, "]", 1);
    }
    w->depth--;
}

/* Whether any of the 8 bytes of x is below 32, '"' or '\\' (the bytes
 * JSON escapes), a word at a time: passages are long and need none. */
static int needs_escape(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
    return ((((x - ones * 32) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b)) &
            high) != 0;
}

/* One byte escaped at o as cJSON escapes it; returns its length. */
static size_t escape(unsigned char c, char *o)
{
    static const char hex[] = "0123456789abcdef";
    o[0] = '\\';
    switch (c) {
    case '"': o[1] = '"'; return 2;
    case '\\': o[1] = '\\'; return 2;
    case '\b': o[1] = 'b'; return 2;
    case '\f': o[1] = 'f'; return 2;
    case '\n': o[1] = 'n'; return 2;
    case '\r': o[1] = 'r'; return 2;
    case '\t': o[1] = 't'; return 2;
    default:
        memcpy(o + 1, "u00", 3);
        o[4] = hex[c >> 4];
        o[5] = hex[c & 15];
        return 6;
    }
}

/* s[0..n) as a JSON string, escaped as cJSON escapes: the two-character
 * escapes, other bytes below 32 as \u00XX, every other byte as it is. */
static void string(mz_jw_t *w, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    const char *nul = memchr(s, '\0', n);
    if (nul)
        n = (size_t)(nul - s);
    char *o = room(w, n * 6 + 2);
    if (!o)
        return;
    char *start = o;
    *o++ = '"';
    size_t i = 0;
    while (i < n) {
        uint64_t x;
        if (i + 8 <= n) {
            memcpy(&x, u + i, 8);
            if (!needs_escape(x)) {
                memcpy(o, &x, 8);
                o += 8;
                i += 8;
                continue;
            }
        }
        size_t end = i + 8 < n ? i + 8 : n;
        for (; i < end; i++) {
            if (u[i] >= 32 && u[i] != '"' && u[i] != '\\')
                *o++ = (char)u[i];
            else
                o += escape(u[i], o);
        }
    }
    *o++ = '"';
    *o = '\0';
    w->len += (size_t)(o - start);
}

void mz_jw_key(mz_jw_t *w, const char *k, size_t n)
{
    if (w->items[w->depth]++)
        put(w, ",\n", w->pretty ? 2 : 1);
    if (w->pretty)
        tabs(w, w->depth);
    string(w, k, n);
    put(w, ":\t", w->pretty ? 2 : 1);
}

void mz_jw_keyz(mz_jw_t *w, const char *k)
{
    mz_jw_key(w, k, strlen(k));
}

void mz_jw_str(mz_jw_t *w, const char *s, size_t n)
{
    before_value(w);
    string(w, s, n);
}

void mz_jw_strz(mz_jw_t *w, const char *s)
{
    mz_jw_str(w, s, strlen(s));
}

void mz_jw_raw(mz_jw_t *w, const char *s, size_t n)
{
    before_value(w);
    put(w, s, n);
}

void mz_jw_uint(mz_jw_t *w, unsigned long v)
{
    char b[24], *p = b + sizeof b;
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    mz_jw_raw(w, p, (size_t)(b + sizeof b - p));
}

/* cJSON's test of a round trip: equal within the larger one's epsilon. */
static int near_equal(double a, double b)
{
    double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= m * DBL_EPSILON;
}

/* As cJSON prints a number: 15 significant digits when they read back as
 * the same double, else 17; NaN and infinities as null; the locale's
 * decimal point as '.'. */
void mz_jw_double(mz_jw_t *w, double d)
{
    char b[32];
    int n;
    if (isnan(d) || isinf(d)) {
        mz_jw_raw(w, "null", 4);
        return;
    }
    n = snprintf(b, sizeof b, "%1.15g", d);
    double back;
    if (sscanf(b, "%lg", &back) != 1 || !near_equal(back, d))
        n = snprintf(b, sizeof b, "%1.17g", d);
    if (n < 0 || (size_t)n >= sizeof b) {
        w->oom = 1;
        return;
    }
    const struct lconv *lc = localeconv();
    char point = lc && lc->decimal_point ? lc->decimal_point[0] : '.';
    for (int i = 0; i < n; i++)
        if (b[i] == point)
            b[i] = '.';
    mz_jw_raw(w, b, (size_t)n);
}

void mz_jw_bool(mz_jw_t *w, int b)
{
    if (b)
        mz_jw_raw(w, "true", 4);
    else
        mz_jw_raw(w, "false", 5);
}

void mz_jw_null(mz_jw_t *w)
{
    mz_jw_raw(w, "null", 4);
}
