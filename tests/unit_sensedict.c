/* unit_sensedict.c — the word list's pair table (common/sensedict.c)
 * answers what a binary search over the words of the first character
 * answers: for the two-character prefix of every word of the list, and for
 * pairs of characters that begin no word. */
#include "check.h"
#include "sensedict.h"
#include "segment.h"

#include <string.h>

/* Compare word i's first k bytes with p[0..k). */
static int cmp_prefix(const mz_sensedict_t *d, uint32_t i, const char *p,
                      size_t k)
{
    size_t wl = d->off[i + 1] - d->off[i];
    int c = memcmp(d->str + d->off[i], p, wl < k ? wl : k);
    return c ? c : wl < k ? -1 : 0;
}

/* The reference: the words of [lo, hi) beginning with p[0..k), by two
 * binary searches; 1 when p[0..k) is one of them. */
static int reference(const mz_sensedict_t *d, uint32_t *lo, uint32_t *hi,
                     const char *p, size_t k)
{
    uint32_t a = *lo, b = *hi;
    while (a < b) {
        uint32_t m = a + (b - a) / 2;
        if (cmp_prefix(d, m, p, k) < 0)
            a = m + 1;
        else
            b = m;
    }
    uint32_t first = a;
    b = *hi;
    while (a < b) {
        uint32_t m = a + (b - a) / 2;
        if (cmp_prefix(d, m, p, k) <= 0)
            a = m + 1;
        else
            b = m;
    }
    *lo = first;
    *hi = a;
    return first < a && d->off[first + 1] - d->off[first] == k;
}

/* One pair p[0..k2) (first character k bytes): both ways the same? */
static int same(const mz_sensedict_t *d, const char *p, size_t k, size_t k2)
{
    uint32_t cp, lo, hi;
    mz_utf8_decode(p, k, &cp);
    if (!mz_sensedict_first(d, cp, &lo, &hi) &&
        !mz_sensedict_narrow(d, &lo, &hi, p, 0, k) && lo == hi)
        return 1; /* outside the table: narrowed to the character first */
    uint32_t rlo = lo, rhi = hi;
    int r = reference(d, &rlo, &rhi, p, k2);
    int got = mz_sensedict_narrow(d, &lo, &hi, p, k, k2);
    if (rlo == rhi) /* none: any empty range will do */
        return got == 0 && lo == hi;
    return got == r && lo == rlo && hi == rhi;
}

int main(void)
{
    const mz_sensedict_t *d = mz_sensedict();
    CHECK("sensedict-loads", d != NULL, "the compiled word list is damaged");
    if (!d)
        return 1;
    unsigned long words = 0, bad = 0;
    char first_bad[64] = "";
    for (uint32_t i = 0; i < d->n; i++) {
        const char *w = d->str + d->off[i];
        size_t len = d->off[i + 1] - d->off[i], k, k2;
        uint32_t cp;
        k = mz_utf8_decode(w, len, &cp);
        if (k >= len)
            continue;
        k2 = k + mz_utf8_decode(w + k, len - k, &cp);
        words++;
        if (!same(d, w, k, k2) && !bad++)
            snprintf(first_bad, sizeof first_bad, "%.*s", (int)k2, w);
    }
    CHECK("sensedict-pairs-of-words", words > 100000 && bad == 0,
          "%lu of %lu prefixes differ, first %s", bad, words, first_bad);

    /* pairs of characters, most beginning no word */
    unsigned long pairs = 0;
    bad = 0;
    for (uint32_t a = 0x4E00; a < 0x9FA5; a += 97)
        for (uint32_t b = 0x4E00; b < 0x9FA5; b += 89) {
            char p[8];
            size_t k = mz_utf8_encode(a, p);
            size_t k2 = k + mz_utf8_encode(b, p + k);
            pairs++;
            bad += !same(d, p, k, k2);
        }
    const char astral[] = "𠮷野家"; /* a 4-byte first character */
    bad += !same(d, astral, 4, 7);
    CHECK("sensedict-pairs-of-characters", bad == 0,
          "%lu of %lu pairs differ", bad, pairs + 1);
    return check_failures != 0;
}
