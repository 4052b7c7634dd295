/* snippet.c — choose and cut the snippet (see snippet.h). */
#include "snippet.h"
#include "segment.h"

#include <stdlib.h>
#include <string.h>

enum { LEAD = 30, LOOKBACK = 40, SNAP = 24 };

/* mz_utf8_decode, with ASCII and the 3-byte characters of Chinese text
 * decoded inline (the snippet decodes every character of a passage). */
static size_t decode(const char *p, size_t len, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)p;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xF0) == 0xE0 && len >= 3 && (s[1] & 0xC0) == 0x80 &&
        (s[2] & 0xC0) == 0x80) {
        uint32_t c = ((uint32_t)(s[0] & 0x0F) << 12) |
                     ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
            *cp = c;
            return 3;
        }
    }
    return mz_utf8_decode(p, len, cp);
}

/* Byte offset of every character start, plus len at the end. */
static size_t *char_starts(const char *s, size_t len, size_t *nchars)
{
    size_t *at = malloc((len + 1) * sizeof *at), n = 0;
    if (!at)
        return NULL;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0, k; i < len; i += k) {
        uint32_t cp;
        at[n++] = i;
        /* U+3000..U+9FFF (most of a passage) and ASCII: no decoding */
        if (len - i >= 3 && u[i] >= 0xE3 && u[i] <= 0xE9 &&
            (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80)
            k = 3;
        else if (u[i] < 0x80)
            k = 1;
        else
            k = decode(s + i, len - i, &cp);
    }
    at[n] = len;
    *nchars = n;
    return at;
}

/* Index of the character starting at byte b (or the next one). */
static size_t char_of(const size_t *at, size_t n, size_t b)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (at[mid] < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int clause_end(uint32_t cp)
{
    return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B ||
           cp == 0xFF0C || cp == 0xFF1A || cp == 0x3001;
}

/* Where to start a window for a hit at character h: a little before it,
 * at the start of its clause when that is close. */
static size_t window_start(const char *s, const size_t *at, size_t h)
{
    size_t from = h > LOOKBACK ? h - LOOKBACK : 0;
    for (size_t c = h; c > from; c--) {
        uint32_t cp;
        decode(s + at[c - 1], at[c] - at[c - 1], &cp);
        if (clause_end(cp))
            return c;
    }
    return h > LEAD ? h - LEAD : 0;
}

/* The first clause start in (s, s + SNAP] before character limit, or s. */
static size_t clause_after(const char *t, const size_t *at, size_t s,
                           size_t limit)
{
    if (s == 0)
        return 0;
    for (size_t c = s; c < s + SNAP && c + 1 < limit; c++) {
        uint32_t cp;
        decode(t + at[c], at[c + 1] - at[c], &cp);
        if (clause_end(cp))
            return c + 1;
    }
    return s;
}

/* The snippet, or the whole passage when whole is set. */
static int make(const char *text, size_t len, const mz_hits_t *hits,
                int whole, mz_snippet_t *out)
{
    size_t nch, ws = 0, we;
    size_t *at = char_starts(text, len, &nch);
    memset(out, 0, sizeof *out);
    if (!at)
        return -1;
    we = nch;
    if (whole) {
        /* the window is the passage */
    } else if (nch > MZ_SNIPPET_MAX && hits->n > 0) {
        size_t best = 0;
        for (size_t i = 0; i < hits->n; i++) {
            size_t s = window_start(text, at, char_of(at, nch,
                                                      hits->hits[i].start));
            size_t e = s + MZ_SNIPPET_CHARS < nch ? s + MZ_SNIPPET_CHARS : nch;
            if (e - s < MZ_SNIPPET_CHARS) {
                /* near the end: show more before the hit, from the start
                 * of a clause when one begins soon after the cut */
                s = e > MZ_SNIPPET_CHARS ? e - MZ_SNIPPET_CHARS : 0;
                s = clause_after(text, at, s, char_of(at, nch,
                                                      hits->hits[i].start));
            }
            size_t score = 0;
            for (size_t j = 0; j < hits->n; j++)
                score += hits->hits[j].start >= at[s] &&
                         hits->hits[j].end <= at[e];
            if (score > best || i == 0) {
                best = score;
                ws = s;
                we = e;
            }
        }
    } else if (nch > MZ_SNIPPET_MAX) {
        we = MZ_SNIPPET_CHARS;
    }
    size_t bs = at[ws], be = at[we];
    int pre = ws > 0, post = we < nch;
    char *body = mz_safe_text(text + bs, be - bs, NULL);
    out->spans = malloc((hits->n + 1) * sizeof *out->spans);
    size_t cap = (be - bs) * 3 + 8;
    out->text = malloc(cap);
    if (!body || !out->spans || !out->text) {
        free(body);
        free(at);
        mz_snippet_free(out);
        return -1;
    }
    /* mz_safe_text keeps one character per character, so character
     * offsets carry over; byte offsets are recomputed on the result */
    size_t n = 0;
    if (pre)
        n += (size_t)(stpcpy(out->text, "…") - out->text);
    n += (size_t)(stpcpy(out->text + n, body) - (out->text + n));
    if (post)
        n += (size_t)(stpcpy(out->text + n, "…") - (out->text + n));
    out->len = n;
    free(body);
    size_t sn;
    size_t *sat = char_starts(out->text, out->len, &sn);
    if (!sat) {
        free(at);
        mz_snippet_free(out);
        return -1;
    }
    for (size_t i = 0; i < hits->n; i++) {
        size_t hs = hits->hits[i].start, he = hits->hits[i].end;
        if (he <= bs || hs >= be)
            continue;
        size_t cs = char_of(at, nch, hs < bs ? bs : hs) - ws + (size_t)pre;
        size_t ce = char_of(at, nch, he > be ? be : he) - ws + (size_t)pre;
        out->spans[out->nspans++] = (mz_span_t){sat[cs], sat[ce], cs, ce};
    }
    free(sat);
    free(at);
    return 0;
}

int mz_snippet_make(const char *text, size_t len, const mz_hits_t *hits,
                    mz_snippet_t *out)
{
    return make(text, len, hits, 0, out);
}

int mz_snippet_whole(const char *text, size_t len, const mz_hits_t *hits,
                     mz_snippet_t *out)
{
    return make(text, len, hits, 1, out);
}

void mz_snippet_free(mz_snippet_t *s)
{
    free(s->text);
    free(s->spans);
    memset(s, 0, sizeof *s);
}
