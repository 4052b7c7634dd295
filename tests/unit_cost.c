/* unit_cost.c — what was made cheaper gives the same bytes as before: a
 * record held for the page (path and title in it) is the text form
 * "mzr1 ...", numbers in decimal, as sprintf wrote them; text made safe
 * for a terminal is what decoding every character gave; near copies are
 * what the whole Jaccard similarity says. */
#include "check.h"
#include "dedup.h"
#include "random_text.h"
#include "record.h"
#include "safetext.h"
#include "segment.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

static mz_str_t str(const char *s)
{
    return (mz_str_t){s, strlen(s)};
}

/* The record text as it was written with sprintf. */
static size_t reference(const mz_record_t *r, char *b)
{
    char *o = b + sprintf(b, "mzr1 %lu %lu %lu %lu %u\n", r->line_start,
                          r->line_end, r->byte_start, r->byte_end,
                          r->nsection);
    const mz_str_t *f[] = {&r->path, &r->title, &r->section[0],
                           &r->section[1], &r->text};
    for (size_t i = 0; i < 5; i++) {
        if (i >= 2 && i < 4 && i - 2 >= r->nsection)
            continue;
        o += sprintf(o, "%zu:", f[i]->n);
        memcpy(o, f[i]->p, f[i]->n);
        o += f[i]->n;
        *o++ = '\n';
    }
    o += sprintf(o, "d %lu %lu\n", r->year, r->type);
    if (r->column)
        o += sprintf(o, "c %lu\n", r->column);
    if (r->genre)
        o += sprintf(o, "g %lu\n", r->genre);
    return (size_t)(o - b);
}

static int same_record(const mz_record_t *r)
{
    static char want[4096];
    size_t wn = reference(r, want), n;
    char *got;
    if (mz_record_encode(r, &got, &n) < 0)
        return 0;
    int same = n == wn && memcmp(got, want, n) == 0;
    free(got);
    return same;
}

/* mz_safe_text as it was: every character decoded. */
static size_t safe_reference(const char *s, size_t n, char *o)
{
    char *p = o;
    for (size_t i = 0, k; i < n; i += k) {
        uint32_t cp;
        k = mz_utf8_decode(s + i, n - i, &cp);
        int bad = cp == MZ_BAD_CP || cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ||
                  (cp >= 0x202A && cp <= 0x202E) ||
                  (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 ||
                  cp == 0x2029 || cp == 0x200E || cp == 0x200F;
        if (cp == '\t') {
            *p++ = ' ';
        } else if (bad) {
            memcpy(p, "\xEF\xBF\xBD", 3);
            p += 3;
        } else {
            memcpy(p, s + i, k);
            p += k;
        }
    }
    return (size_t)(p - o);
}

static int safe_same(void)
{
    unsigned seed = 11;
    for (int i = 0; i < 20000; i++) {
        char buf[400], want[1300];
        size_t len = random_text(buf, sizeof buf, &seed), n;
        size_t wn = safe_reference(buf, len, want);
        char *got = mz_safe_text(buf, len, &n);
        int same = got && n == wn && memcmp(got, want, n) == 0;
        free(got);
        if (!same)
            return 0;
    }
    return 1;
}

/* The exact Jaccard similarity of two shingle sets. */
static double jaccard_exact(const mz_shingles_t *a, const mz_shingles_t *b)
{
    size_t both = 0;
    for (size_t i = 0; i < a->n; i++)
        for (size_t k = 0; k < b->n; k++)
            both += a->h[i] == b->h[k];
    return a->n + b->n ? (double)both / (double)(a->n + b->n - both) : 1;
}

/* Passages that share most of their words, or some: every pair is judged
 * a near copy exactly when the whole similarity says so, and a near
 * copy's similarity is the whole one. */
static int near_copies_same(void)
{
    static const char *const words[] = {
        "坚持", "原则", "好人主义", "批评", "自我批评", "整改", "措施",
        "形式主义", "官僚主义", "作风", "问题", "落实", "责任", "制度",
        "学习", "理论", "群众", "路线", "党员", "干部"};
    unsigned seed = 5;
    int ok = 1;
    for (int t = 0; t < 3000 && ok; t++) {
        char x[1200] = "", y[1200] = ""; /* 59 words of 12 bytes at most, each with a comma */
        size_t nw = 20 + (seed = seed * 1103515245u + 12345u) % 40;
        for (size_t i = 0; i < nw; i++) {
            seed = seed * 1103515245u + 12345u;
            const char *w = words[(seed >> 8) % 20];
            strcat(x, w);
            strcat(x, "，");
            /* y: x with a word changed now and then */
            strcat(y, (seed >> 20) % (2 + t % 9) ? w : words[(seed >> 12) % 20]);
            strcat(y, "，");
        }
        mz_shingles_t a, b;
        mz_shingles_make(x, strlen(x), &a);
        mz_shingles_make(y, strlen(y), &b);
        double j = mz_shingles_jaccard(&a, &b), e = jaccard_exact(&a, &b);
        ok = (j >= MZ_DUP_JACCARD) == (e >= MZ_DUP_JACCARD) &&
             (e < MZ_DUP_JACCARD || j == e);
        mz_shingles_free(&a);
        mz_shingles_free(&b);
    }
    return ok;
}

int main(void)
{
    CHECK("near-copy-jaccard", near_copies_same(),
          "a pair judged otherwise than by the whole similarity");
    CHECK("safe-text-random", safe_same(),
          "a random text made safe differs from decoding each character");
    mz_record_t r = {.path = str("2021/材料.md"), .title = str("对照检查材料"),
                     .text = str("坚决反对形式主义。"),
                     .section = {str("一、存在的问题"), str("")},
                     .nsection = 2, .line_start = 7, .line_end = 9,
                     .byte_start = 0, .byte_end = 1234567, .year = 2021,
                     .type = 2, .column = 0, .genre = 0};
    CHECK("record-text-plain", same_record(&r), "differs from sprintf's");
    r.column = 10, r.genre = 3, r.nsection = 0, r.text = str("");
    r.line_start = ULONG_MAX, r.byte_start = 9, r.year = 0;
    CHECK("record-text-column-genre", same_record(&r),
          "differs from sprintf's");
    return check_failures != 0;
}
