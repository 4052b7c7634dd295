/* jsontext.c — a cJSON tree as text (see jsontext.h).  The rules are
 * cJSON's own: an object's members one a line, indented with a tab a
 * level, "key":<tab>value; an array's items on one line, ", " between;
 * strings escaped as cJSON escapes them (\" \\ \b \f \n \r \t, other
 * bytes below 32 as \u00XX in lower case, everything else as it is);
 * numbers as %d when they are an int, else %1.15g, or %1.17g when that
 * does not read back as the same double.  mzsearch never sets a locale,
 * so the decimal point is '.'. */
#include "jsontext.h"

#include <math.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *p;
    size_t n, cap;
    int fail;
    int pretty;
} out_t;

/* Room for k more bytes and a NUL at the end of b; NULL when out of
 * memory (b->fail set). */
static char *room(out_t *b, size_t k)
{
    if (b->fail)
        return NULL;
    if (b->n + k + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + k + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->fail = 1;
            return NULL;
        }
        b->p = p;
        b->cap = cap;
    }
    return b->p + b->n;
}

static void put(out_t *b, const char *s, size_t k)
{
    char *d = room(b, k);
    if (d) {
        memcpy(d, s, k);
        b->n += k;
    }
}

static void tabs(out_t *b, size_t depth)
{
    char *d = room(b, depth);
    if (d) {
        memset(d, '\t', depth);
        b->n += depth;
    }
}

/* The escape of byte c (one that needs one) into b. */
static void escape(out_t *b, unsigned char c)
{
    static const char named[] = {['"'] = '"', ['\\'] = '\\', ['\b'] = 'b',
                                 ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r',
                                 ['\t'] = 't'};
    char e[8];
    if (c < sizeof named && named[c]) {
        e[0] = '\\';
        e[1] = named[c];
        put(b, e, 2);
    } else {
        snprintf(e, sizeof e, "\\u%04x", c);
        put(b, e, 6);
    }
}

/* s in quotes, escaped; runs of bytes that need no escape copied
 * whole.  A NULL string is "". */
static void put_string(out_t *b, const char *s)
{
    put(b, "\"", 1);
    /* 1: a byte with an escape (NUL ends the string) */
    static const unsigned char esc[256] = {
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        ['"'] = 1, ['\\'] = 1};
    const unsigned char *p = (const unsigned char *)(s ? s : ""), *run = p;
    for (;; p++) {
        if (!esc[*p])
            continue;
        if (!*p)
            break;
        put(b, (const char *)run, (size_t)(p - run));
        escape(b, *p);
        run = p + 1;
    }
    put(b, (const char *)run, (size_t)(p - run));
    put(b, "\"", 1);
}

static int same_double(double a, double b)
{
    double most = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= most * DBL_EPSILON;
}

static void put_number(out_t *b, const cJSON *o)
{
    double d = o->valuedouble, back;
    char t[32];
    int n;
    if (isnan(d) || isinf(d))
        n = snprintf(t, sizeof t, "null");
    else if (d == (double)o->valueint)
        n = snprintf(t, sizeof t, "%d", o->valueint);
    else if ((n = snprintf(t, sizeof t, "%1.15g", d)),
             (back = strtod(t, NULL)), !same_double(back, d))
        n = snprintf(t, sizeof t, "%1.17g", d);
    if (n < 0 || n > 25)
        b->fail = 1;
    else
        put(b, t, (size_t)n);
}

static void put_value(out_t *b, const cJSON *o, size_t depth);

static void put_array(out_t *b, const cJSON *o, size_t depth)
{
    put(b, "[", 1);
    for (const cJSON *c = o->child; c && !b->fail; c = c->next) {
        put_value(b, c, depth + 1);
        if (c->next)
            put(b, ", ", b->pretty ? 2 : 1);
    }
    put(b, "]", 1);
}

static void put_object(out_t *b, const cJSON *o, size_t depth)
{
    put(b, "{\n", b->pretty ? 2 : 1);
    for (const cJSON *c = o->child; c && !b->fail; c = c->next) {
        if (b->pretty)
            tabs(b, depth + 1);
        put_string(b, c->string);
        put(b, ":\t", b->pretty ? 2 : 1);
        put_value(b, c, depth + 1);
        if (c->next)
            put(b, ",", 1);
        if (b->pretty)
            put(b, "\n", 1);
    }
    if (b->pretty)
        tabs(b, depth);
    put(b, "}", 1);
}

static void put_value(out_t *b, const cJSON *o, size_t depth)
{
    switch (o->type & 0xFF) {
    case cJSON_NULL: put(b, "null", 4); break;
    case cJSON_False: put(b, "false", 5); break;
    case cJSON_True: put(b, "true", 4); break;
    case cJSON_Number: put_number(b, o); break;
    case cJSON_Raw:
        if (!o->valuestring)
            b->fail = 1;
        else
            put(b, o->valuestring, strlen(o->valuestring));
        break;
    case cJSON_String: put_string(b, o->valuestring); break;
    case cJSON_Array: put_array(b, o, depth); break;
    case cJSON_Object: put_object(b, o, depth); break;
    default: b->fail = 1;
    }
}

char *mz_json_text(const cJSON *o, int pretty)
{
    out_t b = {.pretty = pretty};
    if (!o)
        return NULL;
    put_value(&b, o, 0);
    if (b.fail || !room(&b, 0)) {
        free(b.p);
        return NULL;
    }
    b.p[b.n] = '\0';
    return b.p;
}
