/* dedup.c — shingles and their Jaccard similarity (see dedup.h). */
#include "dedup.h"
#include "segment.h"

#include <stdlib.h>
#include <string.h>

/* The shingles are the FNV-1a hashes of the passage's index terms: what
 * mz_seg_terms gives (Han bigrams, the last character of each Han run,
 * words), computed here in one pass without building the terms: a Han
 * character's normalized form is its own bytes, so a bigram's hash goes
 * on from its first character's.  tests/unit_dedup.c checks that both
 * give the same set. */

enum { FNV_BASIS = 2166136261u, FNV_PRIME = 16777619u, RADIX_FROM = 64 };

static uint32_t fnv(uint32_t x, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        x ^= p[i];
        x *= FNV_PRIME;
    }
    return x;
}

/* One character at s[0..len): its code point, normalized (MZ_BAD_CP for
 * an invalid byte), and its length; the common 3-byte case inline. */
static size_t next_cp(const unsigned char *s, size_t len, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0] >= 'A' && s[0] <= 'Z' ? s[0] + ('a' - 'A') : s[0];
        return 1;
    }
    size_t n;
    if ((s[0] & 0xF0) == 0xE0 && len >= 3 && (s[1] & 0xC0) == 0x80 &&
        (s[2] & 0xC0) == 0x80) {
        uint32_t c = ((uint32_t)(s[0] & 0x0F) << 12) |
                     ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
            *cp = c;
            n = 3;
        } else {
            n = mz_utf8_decode((const char *)s, len, cp);
        }
    } else {
        n = mz_utf8_decode((const char *)s, len, cp);
    }
    if (*cp != MZ_BAD_CP)
        *cp = mz_fold(*cp);
    return n;
}

typedef struct {
    uint32_t *h;
    size_t n, cap;
} acc_t;

static int push(acc_t *a, uint32_t x)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 128;
        uint32_t *h = realloc(a->h, cap * sizeof *h);
        if (!h)
            return -1;
        a->h = h;
        a->cap = cap;
    }
    a->h[a->n++] = x;
    return 0;
}

static int hash_terms(const unsigned char *t, size_t len, acc_t *a)
{
    size_t pos = 0;
    uint32_t last = 0;   /* the hash of the Han character before, if any */
    int in_run = 0;
    while (pos < len) {
        uint32_t cp;
        size_t n = next_cp(t + pos, len - pos, &cp);
        if (cp != MZ_BAD_CP && mz_is_han(cp)) {
            uint32_t h = fnv(FNV_BASIS, t + pos, n);
            if (in_run && push(a, fnv(last, t + pos, n)) < 0)
                return -1;
            last = h;
            in_run = 1;
            pos += n;
            continue;
        }
        if (in_run && push(a, last) < 0) /* the run's last character */
            return -1;
        in_run = 0;
        if (cp == MZ_BAD_CP || !mz_is_word_cp(cp)) {
            pos += n;
            continue;
        }
        /* a word, folded, at most MZ_WORD_MAX bytes kept (as segment.c) */
        uint32_t h = FNV_BASIS;
        size_t out = 0;
        for (;;) {
            unsigned char buf[4];
            size_t k = mz_utf8_encode(cp, (char *)buf);
            if (out + k <= MZ_WORD_MAX) {
                h = fnv(h, buf, k);
                out += k;
            }
            pos += n;
            if (pos >= len)
                break;
            n = mz_utf8_decode((const char *)t + pos, len - pos, &cp);
            if (cp == MZ_BAD_CP)
                break;
            cp = mz_fold(cp);
            if (!mz_is_word_cp(cp))
                break;
        }
        if (push(a, h) < 0)
            return -1;
    }
    if (in_run && push(a, last) < 0)
        return -1;
    return 0;
}

/* Sort x[0..n) by bytes, least significant first (four passes; tmp holds
 * n).  Random hashes make a comparison sort's branches unpredictable:
 * for 150 of them this takes half the time of the quicksort below, for
 * 400 a third (measured, n=50 the same). */
static void radix_sort(uint32_t *x, uint32_t *tmp, size_t n)
{
    for (unsigned shift = 0; shift < 32; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[((x[i] >> shift) & 0xFF) + 1]++;
        for (unsigned b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (size_t i = 0; i < n; i++)
            tmp[count[(x[i] >> shift) & 0xFF]++] = x[i];
        uint32_t *t = x;
        x = tmp;
        tmp = t;
    }
    /* after an even number of passes the sorted values are back in x */
}

static void swap32(uint32_t *a, uint32_t *b)
{
    uint32_t t = *a;
    *a = *b;
    *b = t;
}

/* Sort x[0..n): quicksort (median of three) down to short ranges, then
 * one insertion sort; the smaller side recursed, the larger looped. */
static void sort_u32(uint32_t *x, size_t n)
{
    while (n > 16) {
        size_t m = n / 2;
        if (x[m] < x[0])
            swap32(&x[m], &x[0]);
        if (x[n - 1] < x[0])
            swap32(&x[n - 1], &x[0]);
        if (x[n - 1] < x[m])
            swap32(&x[n - 1], &x[m]);
        uint32_t p = x[m];
        size_t i = 0, j = n - 1;
        for (;;) {
            while (x[i] < p)
                i++;
            while (x[j] > p)
                j--;
            if (i >= j)
                break;
            swap32(&x[i++], &x[j--]);
        }
        /* x[0..j] <= p <= x[j+1..n) */
        if (j + 1 < n - j - 1) {
            sort_u32(x, j + 1);
            x += j + 1;
            n -= j + 1;
        } else {
            sort_u32(x + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    for (size_t i = 1; i < n; i++) {
        uint32_t v = x[i];
        size_t k = i;
        for (; k > 0 && x[k - 1] > v; k--)
            x[k] = x[k - 1];
        x[k] = v;
    }
}

int mz_shingles_make(const char *text, size_t len, mz_shingles_t *out)
{
    acc_t a = {0};
    out->h = NULL;
    out->n = 0;
    if (hash_terms((const unsigned char *)text, len, &a) < 0) {
        free(a.h);
        return -1;
    }
    uint32_t *tmp = a.n > RADIX_FROM ? malloc(a.n * sizeof *tmp) : NULL;
    if (tmp)
        radix_sort(a.h, tmp, a.n);
    else
        sort_u32(a.h, a.n);
    free(tmp);
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
