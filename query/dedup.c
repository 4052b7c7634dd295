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

enum { FNV_BASIS = 2166136261u, FNV_PRIME = 16777619u };

static uint32_t fnv(uint32_t x, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        x ^= p[i];
        x *= FNV_PRIME;
    }
    return x;
}

/* fnv(x, p, 3) unrolled: a Han character's bytes. */
static uint32_t fnv3(uint32_t x, const unsigned char *p)
{
    x = (x ^ p[0]) * FNV_PRIME;
    x = (x ^ p[1]) * FNV_PRIME;
    return (x ^ p[2]) * FNV_PRIME;
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

/* The term hashes of a text of len bytes are at most len / 2 + 1: a Han
 * character (3 or 4 bytes) gives one (a bigram with the next, or its run's
 * last character), a word one, and two words stand a byte apart at
 * least. */
static size_t most_terms(size_t len)
{
    return len / 2 + 1;
}

/* A Han character of U+5000..U+9FFF (lead byte E5..E9): three bytes,
 * its own folded form (the common case, decoded no further). */
static int plain_han(const unsigned char *t, size_t left)
{
    return left >= 3 && t[0] >= 0xE5 && t[0] <= 0xE9 &&
           (t[1] & 0xC0) == 0x80 && (t[2] & 0xC0) == 0x80;
}

/* The hash of a word starting at t[pos] (its first character cp, n
 * bytes), folded, at most MZ_WORD_MAX bytes kept (as segment.c); *pos
 * moves past it. */
static uint32_t word_hash(const unsigned char *t, size_t len, size_t *pos,
                          uint32_t cp, size_t n)
{
    uint32_t h = FNV_BASIS;
    size_t out = 0;
    for (;;) {
        unsigned char buf[4];
        size_t k = mz_utf8_encode(cp, (char *)buf);
        if (out + k <= MZ_WORD_MAX) {
            h = fnv(h, buf, k);
            out += k;
        }
        *pos += n;
        if (*pos >= len)
            break;
        n = mz_utf8_decode((const char *)t + *pos, len - *pos, &cp);
        if (cp == MZ_BAD_CP)
            break;
        cp = mz_fold(cp);
        if (!mz_is_word_cp(cp))
            break;
    }
    return h;
}

/* The hashes of t's terms, in order, into out (most_terms(len) room);
 * how many. */
static size_t hash_terms(const unsigned char *t, size_t len, uint32_t *out)
{
    size_t pos = 0, n_out = 0;
    uint32_t last = 0;   /* the hash of the Han character before, if any */
    int in_run = 0;
    while (pos < len) {
        uint32_t cp = 0, h;
        size_t n = 3;
        if (plain_han(t + pos, len - pos)) {
            h = fnv3(FNV_BASIS, t + pos);
            if (in_run)
                out[n_out++] = fnv3(last, t + pos);
        } else if ((n = next_cp(t + pos, len - pos, &cp)),
                   cp != MZ_BAD_CP && mz_is_han(cp)) {
            h = fnv(FNV_BASIS, t + pos, n);
            if (in_run)
                out[n_out++] = fnv(last, t + pos, n);
        } else {
            if (in_run) /* the run's last character */
                out[n_out++] = last;
            in_run = 0;
            if (cp == MZ_BAD_CP || !mz_is_word_cp(cp))
                pos += n;
            else
                out[n_out++] = word_hash(t, len, &pos, cp, n);
            continue;
        }
        last = h;
        in_run = 1;
        pos += n;
    }
    if (in_run)
        out[n_out++] = last;
    return n_out;
}

/* The slot of x in a set of 1 << bits slots. */
static size_t slot_of(uint32_t x, unsigned bits)
{
    return (size_t)((x * 0x9E3779B1u) >> (32 - bits));
}

/* Is x in s? */
static int has(const mz_shingles_t *s, uint32_t x)
{
    if (x == 0)
        return s->zero;
    size_t mask = ((size_t)1 << s->bits) - 1;
    for (size_t i = slot_of(x, s->bits); s->set[i]; i = (i + 1) & mask)
        if (s->set[i] == x)
            return 1;
    return 0;
}

/* Each hash of s->h once, in a set at least twice as big (0 stands for
 * an empty slot; the hash 0 is s->zero).  Returns 0, or -1 when out of
 * memory. */
static int make_set(mz_shingles_t *s)
{
    unsigned bits = 4;
    while (((size_t)1 << bits) < 2 * s->n)
        bits++;
    size_t mask = ((size_t)1 << bits) - 1, u = 0;
    if (!(s->set = calloc(mask + 1, sizeof *s->set)))
        return -1;
    s->bits = bits;
    for (size_t k = 0; k < s->n; k++) {
        uint32_t x = s->h[k];
        if (x == 0) {
            if (!s->zero)
                s->h[u++] = x;
            s->zero = 1;
            continue;
        }
        size_t i = slot_of(x, bits);
        while (s->set[i] && s->set[i] != x)
            i = (i + 1) & mask;
        if (!s->set[i]) {
            s->set[i] = x;
            s->h[u++] = x;
        }
    }
    s->n = u;
    return 0;
}

int mz_shingles_make(const char *text, size_t len, mz_shingles_t *out)
{
    *out = (mz_shingles_t){0};
    if (!(out->h = malloc(most_terms(len) * sizeof *out->h)))
        return -1;
    out->n = hash_terms((const unsigned char *)text, len, out->h);
    if (make_set(out) < 0) {
        mz_shingles_free(out);
        return -1;
    }
    return 0;
}

void mz_shingles_free(mz_shingles_t *s)
{
    free(s->h);
    free(s->set);
    *s = (mz_shingles_t){0};
}

double mz_shingles_jaccard(const mz_shingles_t *a, const mz_shingles_t *b)
{
    if (a->n == 0 && b->n == 0)
        return 1;
    /* a cheap bound first: sizes too different cannot reach the threshold */
    size_t lo = a->n < b->n ? a->n : b->n, hi = a->n < b->n ? b->n : a->n;
    if ((double)lo / (double)hi < MZ_DUP_JACCARD)
        return (double)lo / (double)hi;
    /* the smaller's hashes looked up in the bigger's set; every 16, the
     * most the rest could bring checked against the threshold (Jaccard
     * grows with the hashes in both: the bound is at least the value) */
    const mz_shingles_t *small = a->n < b->n ? a : b, *big = small == a ? b : a;
    size_t both = 0, all = a->n + b->n;
    for (size_t i = 0; i < small->n; i++) {
        if (i % 16 == 0 && i) {
            size_t most = both + (small->n - i);
            double bound = (double)most / (double)(all - most);
            if (bound < MZ_DUP_JACCARD)
                return bound;
        }
        both += has(big, small->h[i]);
    }
    return (double)both / (double)(a->n + b->n - both);
}
