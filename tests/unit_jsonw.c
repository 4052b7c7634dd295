/* unit_jsonw.c — query/jsonw.c writes what cJSON prints, byte for byte, in
 * both layouts: the same documents built both ways (nested objects and
 * arrays, empty ones, strings holding every byte, numbers of every size),
 * compared. */
#include "check.h"
#include "jsonw.h"

#include <cJSON.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

static uint64_t seed = 88172645463325252u;

static unsigned next(unsigned n)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (unsigned)(seed % n);
}

/* A string of up to 40 bytes: mostly Chinese and ASCII, now and then
 * any byte from 1 to 255 (quotes, backslashes, control characters). */
static size_t random_string(char *s)
{
    static const char *const parts[] = {"四风", "问题", "\"", "\\", "\t",
                                        "\n", "a", " ", "𠮷", "／", "\x7f"};
    size_t n = 0, k = next(12);
    for (size_t i = 0; i < k; i++) {
        if (next(5) == 0) {
            s[n++] = (char)(1 + next(255));
        } else {
            const char *p = parts[next(sizeof parts / sizeof *parts)];
            memcpy(s + n, p, strlen(p));
            n += strlen(p);
        }
    }
    s[n] = '\0';
    return n;
}

static double random_double(void)
{
    static const double fixed[] = {0.0, -0.0, 1.0, 0.1, 1e21, 1e-7,
                                   2147483648.0, 12.821928094887362,
                                   0.30000000000000004, 1.0 / 3};
    if (next(3) == 0)
        return fixed[next(sizeof fixed / sizeof *fixed)];
    return (double)(int)next(2000000) / (1 + next(1000)) *
           pow(10, (int)next(30) - 15);
}

/* One value, built into cJSON c and written by w at once. */
static cJSON *value(mz_jw_t *w, int depth)
{
    char s[256];
    unsigned what = next(depth < 4 ? 7 : 5);
    switch (what) {
    case 0: {
        size_t n = random_string(s);
        mz_jw_str(w, s, n);
        return cJSON_CreateString(s);
    }
    case 1: {
        unsigned long v = next(1000000);
        mz_jw_uint(w, v);
        return cJSON_CreateNumber((double)v);
    }
    case 2: {
        double d = random_double();
        mz_jw_double(w, d);
        return cJSON_CreateNumber(d);
    }
    case 3:
        mz_jw_bool(w, what & 1);
        return cJSON_CreateBool(what & 1);
    case 4:
        mz_jw_null(w);
        return cJSON_CreateNull();
    case 5: {
        cJSON *a = cJSON_CreateArray();
        mz_jw_open(w, '[');
        for (unsigned i = next(4); i > 0; i--)
            cJSON_AddItemToArray(a, value(w, depth + 1));
        mz_jw_close(w);
        return a;
    }
    default: {
        cJSON *o = cJSON_CreateObject();
        mz_jw_open(w, '{');
        for (unsigned i = next(4); i > 0; i--) {
            size_t n = random_string(s);
            mz_jw_key(w, s, n);
            cJSON_AddItemToObject(o, s, value(w, depth + 1));
        }
        mz_jw_close(w);
        return o;
    }
    }
}

int main(void)
{
    int same[2] = {0, 0}, tries = 400;
    char first[2][200] = {"", ""};
    for (int pretty = 0; pretty < 2; pretty++)
        for (int t = 0; t < tries; t++) {
            mz_jw_t w;
            mz_jw_init(&w, pretty, 0);
            cJSON *c = value(&w, next(2) ? 3 : 0);
            char *a = mz_jw_take(&w);
            char *b = pretty ? cJSON_Print(c) : cJSON_PrintUnformatted(c);
            if (a && b && strcmp(a, b) == 0)
                same[pretty]++;
            else if (!first[pretty][0])
                snprintf(first[pretty], sizeof first[pretty],
                         "[%.80s] vs cJSON [%.80s]", a ? a : "(null)",
                         b ? b : "(null)");
            free(a);
            free(b);
            cJSON_Delete(c);
        }
    CHECK("jsonw-unformatted-as-cjson", same[0] == tries,
          "%d of %d the same; first: %s", same[0], tries, first[0]);
    CHECK("jsonw-pretty-as-cjson", same[1] == tries,
          "%d of %d the same; first: %s", same[1], tries, first[1]);

    /* a string cut at a NUL byte, as cJSON's C strings are */
    mz_jw_t w;
    mz_jw_init(&w, 0, 0);
    mz_jw_str(&w, "前\0后", 7);
    char *t = mz_jw_take(&w);
    CHECK("jsonw-string-ends-at-nul", t && strcmp(t, "\"前\"") == 0,
          "got [%s]", t ? t : "(null)");
    free(t);

    /* text written at a depth, pasted into a document: the same layout */
    mz_jw_init(&w, 1, 1);
    mz_jw_open(&w, '[');
    mz_jw_open(&w, '{');
    mz_jw_keyz(&w, "k");
    mz_jw_uint(&w, 1);
    mz_jw_close(&w);
    mz_jw_close(&w);
    t = mz_jw_take(&w);
    cJSON *o = cJSON_CreateObject(), *a = cJSON_AddArrayToObject(o, "r");
    cJSON *e = cJSON_CreateObject();
    cJSON_AddNumberToObject(e, "k", 1);
    cJSON_AddItemToArray(a, e);
    char *b = cJSON_Print(o);
    CHECK("jsonw-depth-paste", t && b && strstr(b, t),
          "[%s] not in [%s]", t ? t : "(null)", b ? b : "(null)");
    free(t);
    free(b);
    cJSON_Delete(o);
    return check_failures != 0;
}
