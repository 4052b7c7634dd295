/* unit_dedup.c — the near-copy shingles, computed in one pass, are the
 * hashes of exactly the index terms mz_seg_terms gives. */
#include "check.h"
#include "random_text.h"
#include "dedup.h"
#include "segment.h"

#include <stdlib.h>
#include <string.h>

/* The reference: FNV-1a of each term mz_seg_terms gives, sorted, unique. */
typedef struct {
    uint32_t h[4096];
    size_t n;
} ref_t;

static int ref_term(const char *t, size_t n, void *ctx)
{
    ref_t *r = ctx;
    uint32_t x = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        x ^= (unsigned char)t[i];
        x *= 16777619u;
    }
    if (r->n < sizeof r->h / sizeof *r->h)
        r->h[r->n++] = x;
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int same_shingles(const char *text, size_t len)
{
    static ref_t r;
    r.n = 0;
    mz_seg_terms(text, len, ref_term, &r);
    qsort(r.h, r.n, sizeof *r.h, cmp_u32);
    size_t u = 0;
    for (size_t i = 0; i < r.n; i++)
        if (u == 0 || r.h[u - 1] != r.h[i])
            r.h[u++] = r.h[i];
    mz_shingles_t sh;
    if (mz_shingles_make(text, len, &sh) < 0)
        return 0;
    /* the same set, in whatever order */
    qsort(sh.h, sh.n, sizeof *sh.h, cmp_u32);
    int same = sh.n == u && (u == 0 || memcmp(sh.h, r.h, u * 4) == 0);
    mz_shingles_free(&sh);
    return same;
}

static void test_shingles(void)
{
    CHECK("shingles-empty", same_shingles("", 0), "differ");
    const char *t = "坚决反对形式主义、官僚主义，ABC abc ＡＢＣ 2021年";
    CHECK("shingles-text", same_shingles(t, strlen(t)), "differ");
    /* a word longer than MZ_WORD_MAX, with a 2-byte letter at the cut */
    char w[200];
    memset(w, 'x', 63);
    strcpy(w + 63, "éxyz四风");
    CHECK("shingles-long-word", same_shingles(w, strlen(w)), "differ");
    unsigned seed = 7;
    int bad = 0;
    for (int i = 0; i < 20000 && !bad; i++) {
        char buf[400];
        size_t len = random_text(buf, sizeof buf, &seed);
        bad = !same_shingles(buf, len);
    }
    CHECK("shingles-random", !bad, "a random text differs");
    mz_shingles_t a, b;
    mz_shingles_make("四风问题", strlen("四风问题"), &a);
    mz_shingles_make("四风问题", strlen("四风问题"), &b);
    CHECK("jaccard-same", mz_shingles_jaccard(&a, &b) == 1, "not 1");
    mz_shingles_free(&a);
    mz_shingles_free(&b);
}

int main(void)
{
    test_shingles();
    return check_failures != 0;
}
