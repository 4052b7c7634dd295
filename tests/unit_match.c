/* unit_match.c — the matcher's shortcut for a leaf of one Han run (a
 * plain substring search) agrees with matching it on tokens. */
#include "check.h"
#include "find.h"
#include "random_text.h"
#include "query.h"
#include "segment.h"

#include <stdlib.h>
#include <string.h>

/* The definition the matcher's shortcut must agree with: a Han run
 * occurs where its characters are consecutive tokens of one run. */
static int han_run_at(const char *text, size_t len, const char *needle,
                      mz_hits_t *want)
{
    mz_seg_t s;
    mz_token_t tok[512];
    size_t n = 0;
    mz_seg_init(&s, text, len);
    while (n < 512 && mz_seg_next(&s, &tok[n]))
        n++;
    mz_seg_t q;
    mz_token_t qt[16];
    size_t m = 0;
    mz_seg_init(&q, needle, strlen(needle));
    while (m < 16 && mz_seg_next(&q, &qt[m]))
        m++;
    for (size_t i = 0; i + m <= n; i++) {
        size_t j = 0;
        for (; j < m; j++)
            if (tok[i + j].kind != MZ_TOK_HAN ||
                strcmp(tok[i + j].norm, qt[j].norm) != 0 ||
                tok[i + j].run != tok[i].run)
                break;
        if (j == m)
            mz_hits_add(want, tok[i].start, tok[i + m - 1].end);
    }
    mz_hits_merge(want);
    return want->n > 0;
}

static void test_han_leaf(void)
{
    static const char *const needles[] = {"四", "风", "四风", "形式主义",
                                          "𠀀", "〇四", "风四风"};
    unsigned seed = 11;
    int bad = 0;
    for (int i = 0; i < 20000 && !bad; i++) {
        char buf[400];
        size_t len = random_text(buf, sizeof buf, &seed);
        const char *nd = needles[i % (sizeof needles / sizeof *needles)];
        mz_qnode_t *tree;
        if (mz_query_parse(nd, &tree) != MZ_PARSE_OK) {
            bad = 1;
            break;
        }
        mz_hits_t hits = {0}, want = {0};
        int m = mz_query_eval(tree, buf, len, &hits);
        int ref = han_run_at(buf, len, nd, &want);
        bad = m != ref || hits.n != want.n ||
              (hits.n && memcmp(hits.hits, want.hits,
                                hits.n * sizeof *hits.hits) != 0);
        mz_hits_free(&hits);
        mz_hits_free(&want);
        mz_qnode_free(tree);
    }
    CHECK("han-leaf-substring", !bad, "the shortcut and the tokens differ");
}

/* mz_find finds what memmem finds, at the same place: words cut from the
 * text itself (so most are there), of every length, at every offset. */
static void test_find(void)
{
    unsigned seed = 7;
    int bad = 0;
    for (int i = 0; i < 20000 && !bad; i++) {
        char buf[400];
        size_t len = random_text(buf, sizeof buf, &seed);
        size_t at = len ? (size_t)rand_r(&seed) % len : 0;
        size_t m = (size_t)rand_r(&seed) % 10;
        if (at + m > len)
            m = len - at;
        char w[16];
        memcpy(w, buf + at, m);
        if (i % 3 == 0 && m)  /* and words that are mostly not there */
            w[m - 1] ^= 1;
        for (size_t from = 0; from <= len && !bad; from += 37)
            bad = mz_find(buf + from, len - from, w, m) !=
                  memmem(buf + from, len - from, w, m);
    }
    CHECK("find-as-memmem", !bad, "mz_find and memmem disagree");
}

int main(void)
{
    test_han_leaf();
    test_find();
    return check_failures != 0;
}
