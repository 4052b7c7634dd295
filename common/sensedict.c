/* sensedict.c — the compiled word list (sensedict.h): its header checked
 * once, and prefix look-ups by binary search. */
#include "sensedict.h"
#include "mzsearch.h"
#include "segment.h"

#include <pthread.h>
#include <string.h>

/* The list as query/sense_compile.py wrote it (little-endian, as the
 * machines we build for), linked in by $(BUILD)/common/sense_data.S. */
extern const unsigned char mz_sense_blob[];
extern const unsigned char mz_sense_blob_end[];

enum { HEAD = 64, VERSION_AT = 20, VERSION_LEN = 44 };

static uint32_t u32_at(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

/* The header, checked against the blob's size: a damaged build says no
 * words rather than reading past its end. */
static int load(mz_sensedict_t *d)
{
    size_t size = (size_t)(mz_sense_blob_end - mz_sense_blob);
    const unsigned char *b = mz_sense_blob;
    if (size < HEAD || memcmp(b, "MZSENSE3", 8) != 0 ||
        b[VERSION_AT + VERSION_LEN - 1] != '\0')
        return -1;
    d->n = u32_at(b + 8);
    d->unknown = u32_at(b + 12);
    uint32_t str_at = u32_at(b + 16);
    size_t nfirst = MZ_SENSE_FIRST_HI - MZ_SENSE_FIRST_LO + 1;
    size_t at_off = HEAD + 4 * nfirst;
    size_t tables = at_off + 4 * ((size_t)d->n + 1) + 2 * (size_t)d->n;
    if (str_at < tables || str_at > size)
        return -1;
    d->first = (const uint32_t *)(const void *)(b + HEAD);
    d->off = (const uint32_t *)(const void *)(b + at_off);
    d->cost = (const uint16_t *)(const void *)(b + at_off +
                                               4 * ((size_t)d->n + 1));
    d->str = (const char *)b + str_at;
    d->version = (const char *)b + VERSION_AT;
    if (d->off[d->n] > size - str_at || d->first[nfirst - 1] > d->n)
        return -1;
    size_t pf_at = (str_at + d->off[d->n] + 3) & ~(size_t)3;
    if (pf_at > size || size - pf_at < 4 * nfirst)
        return -1;
    d->pair_first = (const uint32_t *)(const void *)(b + pf_at);
    d->pair = d->pair_first + nfirst;
    if (size - pf_at - 4 * nfirst != 8 * (size_t)d->pair_first[nfirst - 1])
        return -1;
    return 0;
}

static mz_sensedict_t dict;
static int dict_ok;
static pthread_once_t dict_once = PTHREAD_ONCE_INIT;

static void dict_load(void)
{
    dict_ok = load(&dict) == 0;
}

const mz_sensedict_t *mz_sensedict(void)
{
    pthread_once(&dict_once, dict_load);
    return dict_ok ? &dict : NULL;
}

const char *mz_sense_version(void)
{
    const mz_sensedict_t *d = mz_sensedict();
    return d ? d->version : "";
}

int mz_sensedict_first(const mz_sensedict_t *d, uint32_t cp, uint32_t *lo,
                       uint32_t *hi)
{
    *lo = 0;
    *hi = d->n;
    if (cp >= MZ_SENSE_FIRST_LO && cp < MZ_SENSE_FIRST_HI) {
        *lo = d->first[cp - MZ_SENSE_FIRST_LO];
        *hi = d->first[cp - MZ_SENSE_FIRST_LO + 1];
        return 1;
    }
    return 0;
}

static int cmp_from(const mz_sensedict_t *d, uint32_t i, const char *p,
                    size_t k, size_t k2)
{
    size_t wl = d->off[i + 1] - d->off[i];
    const unsigned char *w = (const unsigned char *)d->str + d->off[i];
    const unsigned char *q = (const unsigned char *)p;
    size_t m = wl < k2 ? wl : k2;
    for (size_t x = k; x < m; x++)
        if (w[x] != q[x])
            return w[x] < q[x] ? -1 : 1;
    return wl < k2 ? -1 : 0;
}

/* The words beginning with first then second, from the pairs of first
 * (a character of the table): [*lo, *hi), empty when none.  Returns 1 if
 * the two characters are a word. */
static int pair_words(const mz_sensedict_t *d, uint32_t first,
                      uint32_t second, uint32_t *lo, uint32_t *hi,
                      size_t k2)
{
    uint32_t c = first - MZ_SENSE_FIRST_LO;
    uint32_t a = d->pair_first[c], b = d->pair_first[c + 1], end = b;
    while (a < b) { /* the pair of the second character */
        uint32_t mid = a + (b - a) / 2;
        if (d->pair[2 * mid] < second)
            a = mid + 1;
        else
            b = mid;
    }
    if (a == end || d->pair[2 * a] != second) {
        *hi = *lo; /* no word begins with them */
        return 0;
    }
    *lo = d->pair[2 * a + 1];
    *hi = a + 1 < end ? d->pair[2 * a + 3] : d->first[c + 1];
    return d->off[*lo + 1] - d->off[*lo] == k2;
}

int mz_sensedict_narrow(const mz_sensedict_t *d, uint32_t *lo, uint32_t *hi,
                        const char *p, size_t k, size_t k2)
{
    uint32_t a = *lo, b = *hi;
    if (k >= k2)
        return a < b && d->off[a + 1] - d->off[a] == k2;
    uint32_t c1, c2;
    if (mz_utf8_decode(p, k, &c1) == k && c1 != MZ_BAD_CP &&
        mz_utf8_decode(p + k, k2 - k, &c2) == k2 - k && c2 != MZ_BAD_CP &&
        c1 >= MZ_SENSE_FIRST_LO && c1 < MZ_SENSE_FIRST_HI)
        /* one character to two: [a, b) is every word of the first */
        return pair_words(d, c1, c2, lo, hi, k2);
    while (a < b) { /* first word not below p[0..k2) */
        uint32_t mid = a + (b - a) / 2;
        if (cmp_from(d, mid, p, k, k2) < 0)
            a = mid + 1;
        else
            b = mid;
    }
    uint32_t first = a;
    /* the words beginning with p[0..k2) are few: gallop past them from
     * the first, then halve the last step */
    uint32_t step = 1;
    b = *hi;
    while (a < b && cmp_from(d, a, p, k, k2) <= 0) {
        a = step < b - a ? a + step : b;
        step *= 2;
    }
    uint32_t lo2 = a > first + step / 2 ? a - step / 2 : first;
    while (lo2 < a) { /* first word above every word beginning with it */
        uint32_t mid = lo2 + (a - lo2) / 2;
        if (cmp_from(d, mid, p, k, k2) <= 0)
            lo2 = mid + 1;
        else
            a = mid;
    }
    *lo = first;
    *hi = a;
    return first < a && d->off[first + 1] - d->off[first] == k2;
}
