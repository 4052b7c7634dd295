/* unit_jsontext.c — mzsearch's JSON writer gives the very bytes cJSON's
 * printers give, pretty and unformatted, for every kind of item. */
#include "check.h"
#include "jsontext.h"

#include <math.h>
#include <string.h>

/* Does mz_json_text(o) equal cJSON's text, both ways? */
static int same_text(const cJSON *o)
{
    int same = 1;
    for (int pretty = 0; pretty < 2; pretty++) {
        char *want = pretty ? cJSON_Print(o) : cJSON_PrintUnformatted(o);
        char *got = mz_json_text(o, pretty);
        same &= want && got && strcmp(want, got) == 0;
        free(want);
        free(got);
    }
    return same;
}

static cJSON *numbers(void)
{
    static const double v[] = {0, -1, 1.5, 0.1, 1.0 / 3, 1e300, -1e-7,
                               8975488750.0, 2147483647.0, -2147483648.0,
                               2147483648.5, 3.14159265358979, 0.3 - 0.1,
                               123456789012345678.0, 5e-324};
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber(v[i]));
    cJSON_AddItemToArray(a, cJSON_CreateNumber(NAN));
    cJSON_AddItemToArray(a, cJSON_CreateNumber(-INFINITY));
    return a;
}

/* every byte but NUL, in a value and in a key */
static cJSON *bytes(void)
{
    char s[256];
    for (int i = 1; i < 256; i++)
        s[i - 1] = (char)i;
    s[255] = '\0';
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "all", s);
    cJSON_AddStringToObject(o, s + 1, "key");
    cJSON_AddStringToObject(o, "han", "四风\"问题\"\t\\ 【】\n");
    cJSON_AddStringToObject(o, "", "");
    return o;
}

/* objects and arrays, empty and nested, with every other kind of item */
static cJSON *nested(void)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddObjectToObject(o, "empty_object");
    cJSON_AddArrayToObject(o, "empty_array");
    cJSON *a = cJSON_AddArrayToObject(o, "results");
    for (int i = 0; i < 3; i++) {
        cJSON *r = cJSON_CreateObject();
        cJSON_AddRawToObject(r, "rank", i ? "12" : "1");
        cJSON_AddNullToObject(r, "column");
        cJSON_AddBoolToObject(r, "literal", i & 1);
        cJSON *h = cJSON_AddArrayToObject(r, "highlights");
        cJSON *sp = cJSON_CreateObject();
        cJSON_AddNumberToObject(sp, "start", i);
        cJSON_AddItemToArray(h, sp);
        cJSON_AddItemToArray(h, cJSON_CreateArray());
        cJSON_AddItemToArray(h, cJSON_CreateObject());
        cJSON_AddItemToArray(r, cJSON_CreateString("in an object: no key"));
        cJSON_AddItemToArray(a, r);
    }
    cJSON_AddItemToObject(o, "numbers", numbers());
    cJSON_AddItemToObject(o, "bytes", bytes());
    return o;
}

/* a text longer than the first buffer, many times */
static cJSON *long_text(void)
{
    size_t n = 100000;
    char *s = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        s[i] = "ab\"c\n四"[i % 8];
    s[n] = '\0';
    cJSON *a = cJSON_CreateArray();
    cJSON_AddItemToArray(a, cJSON_CreateString(s));
    free(s);
    return a;
}

/* An item of a page's "results" as cJSON would hold it ... */
static cJSON *item_tree(const char *text)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddRawToObject(o, "rank", "3");
    cJSON_AddNumberToObject(o, "score", 8975488750.123);
    cJSON_AddStringToObject(o, "text", text);
    cJSON_AddArrayToObject(o, "section");
    cJSON *h = cJSON_AddArrayToObject(o, "highlights");
    for (int i = 0; i < 2; i++) {
        cJSON *sp = cJSON_CreateObject();
        cJSON_AddRawToObject(sp, "start", i ? "17" : "0");
        cJSON_AddItemToArray(h, sp);
    }
    cJSON_AddBoolToObject(o, "literal", 0);
    cJSON_AddNullToObject(o, "year");
    cJSON *f = cJSON_AddArrayToObject(o, "matched");
    cJSON_AddItemToArray(f, cJSON_CreateString("四风"));
    cJSON_AddItemToArray(f, cJSON_CreateString("作风"));
    cJSON_AddObjectToObject(o, "none");
    return o;
}

/* ... and as the writer writes it, at level depth. */
static char *item_written(const char *text, size_t n, int pretty,
                          unsigned depth)
{
    mz_jw_t w;
    mz_jw_init(&w, pretty, depth);
    mz_jw_object(&w);
    mz_jw_key(&w, "rank");
    mz_jw_count(&w, 3);
    mz_jw_key(&w, "score");
    mz_jw_number(&w, 8975488750.123);
    mz_jw_key(&w, "text");
    mz_jw_string(&w, text, n);
    mz_jw_key(&w, "section");
    mz_jw_array(&w);
    mz_jw_end(&w);
    mz_jw_key(&w, "highlights");
    mz_jw_array(&w);
    for (int i = 0; i < 2; i++) {
        mz_jw_object(&w);
        mz_jw_key(&w, "start");
        mz_jw_count(&w, i ? 17 : 0);
        mz_jw_end(&w);
    }
    mz_jw_end(&w);
    mz_jw_key(&w, "literal");
    mz_jw_bool(&w, 0);
    mz_jw_key(&w, "year");
    mz_jw_null(&w);
    mz_jw_key(&w, "matched");
    mz_jw_array(&w);
    mz_jw_cstring(&w, "四风");
    mz_jw_cstring(&w, "作风");
    mz_jw_end(&w);
    mz_jw_key(&w, "none");
    mz_jw_object(&w);
    mz_jw_end(&w);
    mz_jw_end(&w);
    return mz_jw_finish(&w);
}

/* The writer's item, raw in a page (and alone, unformatted), gives
 * cJSON's text; a string stops at a NUL as a C string does. */
static int writer_same(void)
{
    static const char text[] = "整改\t\"措施\"\001 第三条\0after the NUL";
    cJSON *page = cJSON_CreateObject(), *raw_page = cJSON_CreateObject();
    cJSON *a = cJSON_AddArrayToObject(page, "results");
    cJSON *b = cJSON_AddArrayToObject(raw_page, "results");
    int same = 1;
    for (int i = 0; i < 2; i++) {
        cJSON_AddItemToArray(a, item_tree(text));
        char *t = item_written(text, sizeof text - 1, 1, 2);
        cJSON_AddItemToArray(b, cJSON_CreateRaw(t));
        free(t);
    }
    char *want = cJSON_Print(page), *got = mz_json_text(raw_page, 1);
    same &= want && got && strcmp(want, got) == 0;
    free(want);
    free(got);
    cJSON *one = item_tree(text);
    want = cJSON_PrintUnformatted(one);
    got = item_written(text, sizeof text - 1, 0, 0);
    same &= want && got && strcmp(want, got) == 0;
    free(want);
    free(got);
    cJSON_Delete(one);
    cJSON_Delete(page);
    cJSON_Delete(raw_page);
    return same;
}

int main(void)
{
    CHECK("json-writer-page-item", writer_same(),
          "a result written directly differs from cJSON's");
    cJSON *o = nested();
    CHECK("json-text-nested", same_text(o), "differs from cJSON's");
    cJSON_Delete(o);
    o = numbers();
    CHECK("json-text-numbers", same_text(o), "differs from cJSON's");
    cJSON_Delete(o);
    o = bytes();
    CHECK("json-text-bytes", same_text(o), "differs from cJSON's");
    cJSON_Delete(o);
    o = long_text();
    CHECK("json-text-long", same_text(o), "differs from cJSON's");
    cJSON_Delete(o);
    cJSON *top[] = {cJSON_CreateNull(), cJSON_CreateTrue(),
                    cJSON_CreateString("x"), cJSON_CreateNumber(2.5)};
    int ok = 1;
    for (size_t i = 0; i < 4; i++) {
        ok &= same_text(top[i]);
        cJSON_Delete(top[i]);
    }
    CHECK("json-text-scalars", ok, "a lone item differs from cJSON's");
    cJSON *raw = cJSON_CreateRaw(NULL);
    CHECK("json-text-raw-null", !mz_json_text(raw, 1) && !cJSON_Print(raw),
          "a raw item without text printed");
    cJSON_Delete(raw);
    return check_failures != 0;
}
