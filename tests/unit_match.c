/* unit_match.c — the matcher's shortcut for a leaf of one Han run (a
 * plain substring search) agrees with matching it on tokens. */
#include "check.h"
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

int main(void)
{
    test_han_leaf();
    return check_failures != 0;
}
