/* jsonw.c — see jsonw.h. */
#include "jsonw.h"

#include <float.h>
#include <locale.h>
#include <math.h>
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

/* Room for n more bytes and the NUL; NULL once out of memory. */
static char *room(mz_jw_t *w, size_t n)
{
    if (w->oom)
        return NULL;
    if (w->len + n + 1 > w->cap) {
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
    }
    return w->buf + w->len;
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

/* s[0..n) as a JSON string, escaped as cJSON escapes: the two-character
 * escapes, other bytes below 32 as \u00XX, every other byte as it is. */
static void string(mz_jw_t *w, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    const char *nul = memchr(s, '\0', n);
    if (nul)
        n = (size_t)(nul - s);
    put(w, "\"", 1);
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        if (u[i] >= 32 && u[i] != '"' && u[i] != '\\')
            continue;
        put(w, s + from, i - from);
        from = i + 1;
        char e[8];
        int k = 2;
        e[0] = '\\';
        switch (u[i]) {
        case '"': e[1] = '"'; break;
        case '\\': e[1] = '\\'; break;
        case '\b': e[1] = 'b'; break;
        case '\f': e[1] = 'f'; break;
        case '\n': e[1] = 'n'; break;
        case '\r': e[1] = 'r'; break;
        case '\t': e[1] = 't'; break;
        default: k = snprintf(e, sizeof e, "\\u%04x", u[i]); break;
        }
        put(w, e, (size_t)k);
    }
    put(w, s + from, n - from);
    put(w, "\"", 1);
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
