/* dedup.c — shingles and their Jaccard similarity (see dedup.h). */
#include "dedup.h"
#include "segment.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t *h;
    size_t n, cap;
    int oom;
} acc_t;

static int add_term(const char *t, size_t n, void *ctx)
{
    acc_t *a = ctx;
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        uint32_t *h = realloc(a->h, cap * sizeof *h);
        if (!h)
            return a->oom = 1;
        a->h = h;
        a->cap = cap;
    }
    uint32_t x = 2166136261u; /* FNV-1a, 32 bits */
    for (size_t i = 0; i < n; i++) {
        x ^= (unsigned char)t[i];
        x *= 16777619u;
    }
    a->h[a->n++] = x;
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

int mz_shingles_make(const char *text, size_t len, mz_shingles_t *out)
{
    acc_t a = {0};
    mz_seg_terms(text, len, add_term, &a);
    if (a.oom) {
        free(a.h);
        return -1;
    }
    if (a.n > 1)
        qsort(a.h, a.n, sizeof *a.h, cmp_u32);
    size_t u = 0;
    for (size_t i = 0; i < a.n; i++)
        if (u == 0 || a.h[u - 1] != a.h[i])
            a.h[u++] = a.h[i];
    out->h = a.h;
    out->n = u;
    return 0;
}

void mz_shingles_free(mz_shingles_t *s)
{
    free(s->h);
    s->h = NULL;
    s->n = 0;
}

double mz_shingles_jaccard(const mz_shingles_t *a, const mz_shingles_t *b)
{
    if (a->n == 0 && b->n == 0)
        return 1;
    /* a cheap bound first: sizes too different cannot reach the threshold */
    size_t lo = a->n < b->n ? a->n : b->n, hi = a->n < b->n ? b->n : a->n;
    if ((double)lo / (double)hi < MZ_DUP_JACCARD)
        return (double)lo / (double)hi;
    size_t i = 0, k = 0, both = 0;
    while (i < a->n && k < b->n) {
        if (a->h[i] == b->h[k]) {
            both++;
            i++;
            k++;
        } else if (a->h[i] < b->h[k]) {
            i++;
        } else {
            k++;
        }
    }
    return (double)both / (double)(a->n + b->n - both);
}
