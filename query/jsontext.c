/* jsontext.c — JSON text as cJSON writes it (see jsontext.h).  The rules
 * are cJSON's own: an object's members one a line, indented with a tab a
 * level, "key":<tab>value, and its closing brace indented a level less
 * ("{\n}" when empty); an array's items on one line, ", " between;
 * strings escaped as cJSON escapes them (\" \\ \b \f \n \r \t, other
 * bytes below 32 as \u00xx, everything else as it is); numbers as %d when
 * they are their int, else %1.15g, or %1.17g when that does not read back
 * as the same double.  mzsearch never sets a locale, so the decimal point
 * is '.'. */
#include "jsontext.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for k more bytes and a NUL at the end of w; NULL when out of
 * memory (w->fail set). */
static char *room(mz_jw_t *w, size_t k)
{
    if (w->fail)
        return NULL;
    if (w->n + k + 1 > w->cap) {
        size_t cap = w->cap ? w->cap : 4096;
        while (cap < w->n + k + 1)
            cap *= 2;
        char *p = realloc(w->p, cap);
        if (!p) {
            w->fail = 1;
            return NULL;
        }
        w->p = p;
        w->cap = cap;
    }
    return w->p + w->n;
}

static void put(mz_jw_t *w, const char *s, size_t k)
{
    char *d = w->n + k < w->cap ? w->p + w->n : room(w, k);
    if (d) {
        memcpy(d, s, k);
        w->n += k;
    }
}

static void tabs(mz_jw_t *w, size_t depth)
{
    char *d = room(w, depth);
    if (d) {
        memset(d, '\t', depth);
        w->n += depth;
    }
}

/* The escape of byte c (one that needs one). */
static void escape(mz_jw_t *w, unsigned char c)
{
    static const char named[] = {['"'] = '"', ['\\'] = '\\', ['\b'] = 'b',
                                 ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r',
                                 ['\t'] = 't'};
    char e[8];
    if (c < sizeof named && named[c]) {
        e[0] = '\\';
        e[1] = named[c];
        put(w, e, 2);
    } else {
        snprintf(e, sizeof e, "\\u%04x", c);
        put(w, e, 6);
    }
}

/* Do the 8 bytes of x need no escape (none below 32, no '"', no '\\')?
 * Word-at-a-time tests that can say no for a clean word (then the bytes
 * are looked at one by one) but never yes for one that is not. */
static int plain8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL, high = ones << 7;
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
    return !(((x - ones * 0x20) & ~x & high) | ((q - ones) & ~q & high) |
             ((b - ones) & ~b & high));
}

/* s[0..n) up to its first NUL, in quotes, escaped: runs of bytes that
 * need no escape copied whole. */
static void put_string(mz_jw_t *w, const char *s, size_t n)
{
    /* 1: a byte with an escape, or NUL (the end) */
    static const unsigned char esc[256] = {
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        ['"'] = 1, ['\\'] = 1};
    const unsigned char *p = (const unsigned char *)s, *end = p + n,
                        *run = p;
    put(w, "\"", 1);
    while (p < end) {
        uint64_t x;
        if (end - p >= 8 && (memcpy(&x, p, 8), plain8(x))) {
            p += 8;
            continue;
        }
        if (!esc[*p]) {
            p++;
            continue;
        }
        if (!*p)
            break;
        put(w, (const char *)run, (size_t)(p - run));
        escape(w, *p);
        run = ++p;
    }
    put(w, (const char *)run, (size_t)(p - run));
    put(w, "\"", 1);
}

static int same_double(double a, double b)
{
    double most = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= most * DBL_EPSILON;
}

/* d as cJSON prints a number whose int (cJSON's valueint) is vi. */
static void put_number(mz_jw_t *w, double d, int vi)
{
    char t[32];
    int n;
    if (isnan(d) || isinf(d))
        n = snprintf(t, sizeof t, "null");
    else if (d == (double)vi)
        n = snprintf(t, sizeof t, "%d", vi);
    else if ((n = snprintf(t, sizeof t, "%1.15g", d)),
             !same_double(strtod(t, NULL), d))
        n = snprintf(t, sizeof t, "%1.17g", d);
    if (n < 0 || n > 25)
        w->fail = 1;
    else
        put(w, t, (size_t)n);
}

/* ---- a cJSON tree -------------------------------------------------------- */

static void put_value(mz_jw_t *w, const cJSON *o, size_t depth);

static void put_array(mz_jw_t *w, const cJSON *o, size_t depth)
{
    put(w, "[", 1);
    for (const cJSON *c = o->child; c && !w->fail; c = c->next) {
        put_value(w, c, depth + 1);
        if (c->next)
            put(w, ", ", w->pretty ? 2 : 1);
    }
    put(w, "]", 1);
}

static void put_object(mz_jw_t *w, const cJSON *o, size_t depth)
{
    put(w, "{\n", w->pretty ? 2 : 1);
    for (const cJSON *c = o->child; c && !w->fail; c = c->next) {
        if (w->pretty)
            tabs(w, depth + 1);
        put_string(w, c->string ? c->string : "",
                   c->string ? strlen(c->string) : 0);
        put(w, ":\t", w->pretty ? 2 : 1);
        put_value(w, c, depth + 1);
        if (c->next)
            put(w, ",", 1);
        if (w->pretty)
            put(w, "\n", 1);
    }
    if (w->pretty)
        tabs(w, depth);
    put(w, "}", 1);
}

static void put_value(mz_jw_t *w, const cJSON *o, size_t depth)
{
    const char *s = o->valuestring;
    switch (o->type & 0xFF) {
    case cJSON_NULL: put(w, "null", 4); break;
    case cJSON_False: put(w, "false", 5); break;
    case cJSON_True: put(w, "true", 4); break;
    case cJSON_Number: put_number(w, o->valuedouble, o->valueint); break;
    case cJSON_Raw:
        if (!s)
            w->fail = 1;
        else
            put(w, s, strlen(s));
        break;
    case cJSON_String: put_string(w, s ? s : "", s ? strlen(s) : 0); break;
    case cJSON_Array: put_array(w, o, depth); break;
    case cJSON_Object: put_object(w, o, depth); break;
    default: w->fail = 1;
    }
}

char *mz_json_text(const cJSON *o, int pretty)
{
    mz_jw_t w;
    if (!o)
        return NULL;
    mz_jw_init(&w, pretty, 0);
    put_value(&w, o, 0);
    return mz_jw_finish(&w);
}

/* ---- a writer ------------------------------------------------------------ */

void mz_jw_init(mz_jw_t *w, int pretty, unsigned depth)
{
    memset(w, 0, sizeof *w);
    w->pretty = pretty;
    w->depth = depth;
}

char *mz_jw_finish(mz_jw_t *w)
{
    char *t = w->p;
    if (w->fail || !room(w, 0)) {
        free(w->p);
        t = NULL;
    } else {
        t[w->n] = '\0';
    }
    mz_jw_init(w, w->pretty, 0);
    return t;
}

/* Before a value: in an array, the separator from the item before. */
static void before_value(mz_jw_t *w)
{
    unsigned d = w->depth;
    if (d >= MZ_JW_NEST || !w->array[d])
        return;
    if (w->some[d])
        put(w, ", ", w->pretty ? 2 : 1);
    w->some[d] = 1;
}

static void open(mz_jw_t *w, int array)
{
    before_value(w);
    put(w, array ? "[" : "{", 1);
    if (++w->depth >= MZ_JW_NEST) {
        w->fail = 1;
        return;
    }
    w->array[w->depth] = (unsigned char)array;
    w->some[w->depth] = 0;
}

void mz_jw_object(mz_jw_t *w)
{
    open(w, 0);
}

void mz_jw_array(mz_jw_t *w)
{
    open(w, 1);
}

void mz_jw_end(mz_jw_t *w)
{
    unsigned d = w->depth;
    if (d == 0 || d >= MZ_JW_NEST) {
        w->fail = 1;
        return;
    }
    if (w->array[d]) {
        put(w, "]", 1);
    } else {
        if (w->pretty) {
            put(w, "\n", 1);
            tabs(w, d - 1);
        }
        put(w, "}", 1);
    }
    w->depth--;
}

void mz_jw_key(mz_jw_t *w, const char *key)
{
    unsigned d = w->depth;
    if (d < MZ_JW_NEST && w->some[d])
        put(w, ",", 1);
    if (d < MZ_JW_NEST)
        w->some[d] = 1;
    if (w->pretty) {
        put(w, "\n", 1);
        tabs(w, d);
    }
    put_string(w, key, strlen(key));
    put(w, ":\t", w->pretty ? 2 : 1);
}

void mz_jw_string(mz_jw_t *w, const char *s, size_t n)
{
    before_value(w);
    put_string(w, s ? s : "", s ? n : 0);
}

void mz_jw_cstring(mz_jw_t *w, const char *s)
{
    mz_jw_string(w, s, s ? strlen(s) : 0);
}

void mz_jw_count(mz_jw_t *w, unsigned long v)
{
    char b[24], *p = b + sizeof b;
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    before_value(w);
    put(w, p, (size_t)(b + sizeof b - p));
}

void mz_jw_number(mz_jw_t *w, double d)
{
    /* cJSON's valueint: the double cut to an int, held at its ends */
    int vi = 0;
    if (!isnan(d))
        vi = d >= INT_MAX ? INT_MAX : d <= (double)INT_MIN ? INT_MIN : (int)d;
    before_value(w);
    put_number(w, d, vi);
}

void mz_jw_bool(mz_jw_t *w, int b)
{
    before_value(w);
    put(w, b ? "true" : "false", b ? 4 : 5);
}

void mz_jw_null(mz_jw_t *w)
{
    before_value(w);
    put(w, "null", 4);
}
