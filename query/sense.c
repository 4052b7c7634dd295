/* sense.c — own word or another's (sense.h): the likeliest cut of the Han
 * run around a hit, by dynamic programming over the words of the compiled
 * list that start at each character. */
#include "sense.h"
#include "segment.h"
#include "find.h"
#include "seen.h"
#include "sensedict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* WINDOW: characters of context on each side (the cut near the hit hardly
 * depends on text further away); MAX_HIT: longer hits are not judged;
 * MAX_WORD: the longest word looked up. */
enum { WINDOW = 10, MAX_HIT = 24, MAX_WORD = 16,
       MAX_CHARS = 2 * WINDOW + MAX_HIT };
/* How much likelier (in 1/256 nats) the cut through the hit must be than
 * the best cut with the hit's edges kept: 2 nats, about 7 times. */
enum { MZ_SENSE_MARGIN = 2 * 256 };
#define NO_WORD 0xFFFFu

typedef struct {
    size_t n;                       /* characters in the window */
    size_t at[MAX_CHARS + 1];       /* byte offset of each, and the end */
    size_t hs, he;                  /* the hit, in characters */
    uint16_t cost[MAX_CHARS][MAX_WORD + 1]; /* word of length L at i */
} window_t;

static int han_at(const char *t, size_t len, size_t i, size_t *n)
{
    uint32_t cp;
    *n = mz_utf8_decode(t + i, len - i, &cp);
    return mz_is_han(cp);
}

/* The start of the Han character that ends at byte i, or i itself. */
static size_t han_before(const char *t, size_t i)
{
    size_t b = i;
    while (b > 0 && i - b < 4) {
        b--;
        if (((unsigned char)t[b] & 0xC0) != 0x80)
            break;
    }
    size_t n;
    return b < i && han_at(t, i, b, &n) && b + n == i ? b : i;
}

/* The hit and up to WINDOW Han characters each side of it; 0 when the
 * hit has no Han neighbour (it is a run of its own: nothing to judge) or
 * is too long or not Han. */
static int window_make(window_t *w, const char *t, size_t len, size_t s,
                       size_t e)
{
    size_t before[WINDOW], nb = 0, i = s, n;
    while (nb < WINDOW) {
        size_t b = han_before(t, i);
        if (b == i)
            break;
        before[nb++] = i = b;
    }
    w->n = 0;
    while (nb > 0)
        w->at[w->n++] = before[--nb];
    w->hs = w->n;
    for (i = s; i < e; i += n) {
        if (w->n - w->hs >= MAX_HIT || !han_at(t, len, i, &n))
            return 0;
        w->at[w->n++] = i;
    }
    w->he = w->n;
    for (size_t k = 0; k < WINDOW && i < len && han_at(t, len, i, &n);
         k++, i += n)
        w->at[w->n++] = i;
    w->at[w->n] = i;
    return w->he - w->hs >= 2 && (w->hs > 0 || w->n > w->he);
}

/* The cost of every dictionary word that starts at characters [from, to)
 * of the window. */
static void words_from(window_t *w, const mz_sensedict_t *d, const char *t,
                       size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        uint32_t lo, hi, cp;
        const char *p = t + w->at[i];
        mz_utf8_decode(p, w->at[i + 1] - w->at[i], &cp);
        int table = mz_sensedict_first(d, cp, &lo, &hi);
        for (size_t l = 0; l <= MAX_WORD; l++)
            w->cost[i][l] = NO_WORD;
        w->cost[i][1] = (uint16_t)d->unknown;
        for (size_t l = 1; l <= MAX_WORD && i + l <= w->n && lo < hi; l++) {
            size_t k = w->at[i + l - 1] - w->at[i], k2 = w->at[i + l] - w->at[i];
            if (l == 1 && table)
                k = k2;  /* the table gave the character's words */
            if (mz_sensedict_narrow(d, &lo, &hi, p, k, k2))
                w->cost[i][l] = d->cost[lo];
        }
    }
}

/* ... at every character. */
static void window_words(window_t *w, const mz_sensedict_t *d,
                         const char *t)
{
    words_from(w, d, t, 0, w->n);
}

/* Could a word of the list take one of the hit's edges as edge_word asks
 * (its first character, the word ending elsewhere than the hit; or its
 * last, the word starting inside the hit)?  Only the words that start
 * before the hit's end are needed to tell (words_from up to w->he). */
static int edge_possible(const window_t *w)
{
    size_t s = w->hs, e = w->he;
    for (size_t i = 0; i < e; i++)
        for (size_t l = 2; l <= MAX_WORD && i + l <= w->n; l++) {
            size_t j = i + l;
            if (w->cost[i][l] != NO_WORD &&
                ((i < s && s < j && j != e) || (s < i && j > e)))
                return 1;
        }
    return 0;
}

/* The cheapest cut of the window into words, none crossing character
 * cut1 or cut2 (pass 0 for none): its cost, and in from[j] where the
 * word ending at j starts. */
static unsigned long best_cut(const window_t *w, size_t cut1, size_t cut2,
                              unsigned char *from)
{
    unsigned long c[MAX_CHARS + 1];
    c[0] = 0;
    for (size_t j = 1; j <= w->n; j++) {
        c[j] = (unsigned long)-1;
        for (size_t l = 1; l <= MAX_WORD && l <= j; l++) {
            size_t i = j - l;
            if (w->cost[i][l] == NO_WORD || (i < cut1 && cut1 < j) ||
                (i < cut2 && cut2 < j))
                continue;
            unsigned long v = c[i] + w->cost[i][l];
            if (v < c[j]) {
                c[j] = v;
                from[j] = (unsigned char)i;
            }
        }
    }
    return c[w->n];
}

/* Characters [i, j) are a word of the list, of two characters or more. */
static int word2(const window_t *w, size_t i, size_t j)
{
    return j - i >= 2 && j - i <= MAX_WORD && w->cost[i][j - i] != NO_WORD;
}

/* The hit [s, e), inside the word [i, j), is one of the word's parts: in
 * the word's best cut into shorter words, the part holding the hit's first
 * character starts with it (新|民主主义|革命, 总|政治部) or ends with it
 * (中国|共产主义|青年团 for 主义), or holds it so in turn.  Not so in
 * 殖民|主义 for 民主. */
static int aligned(const window_t *w, size_t i, size_t j, size_t s, size_t e)
{
    unsigned long c[MAX_WORD + 1];
    unsigned char from[MAX_WORD + 1];
    size_t n = j - i;
    c[0] = 0;
    for (size_t b = 1; b <= n; b++) {
        c[b] = (unsigned long)-1;
        for (size_t l = 1; l <= b && l < n; l++) {
            uint16_t k = w->cost[i + b - l][l];
            if (k != NO_WORD && c[b - l] + k < c[b]) {
                c[b] = c[b - l] + k;
                from[b] = (unsigned char)(b - l);
            }
        }
    }
    size_t b = n;
    while (i + from[b] > s)
        b = from[b];
    size_t pa = i + from[b], pb = i + b;
    if (pa == s || pb == e)
        return 1;
    return pb > e && pb - pa > 1 && aligned(w, pa, pb, s, e);
}

/* The word of the best cut that takes the hit's edge (sense.h), as
 * characters [*wi, *wj), the first character's before the last's; 0 when
 * none does. */
static int edge_word(const window_t *w, const unsigned char *from,
                     size_t *wi, size_t *wj)
{
    size_t s = w->hs, e = w->he;
    for (int edge = 0; edge < 2; edge++) {
        for (size_t j = w->n; j > 0; j = from[j]) {
            size_t i = from[j];
            int taken = edge == 0
                /* the hit's first character is the word's */
                ? i < s && s < j && j != e &&
                      !(s - i >= 2 && j - s >= 2 &&
                        (word2(w, i, s) || word2(w, s, j))) &&
                      !(j > e && aligned(w, i, j, s, e))
                /* its last character starts the next word; or, when
                 * it is a word of the list, its last two or more start
                 * a word that runs on two or more past it (组织|生活必需品
                 * for 组织生活; not 形式|主义者, nor 营商|环境监测 for the
                 * phrase 营商环境) */
                : s < i && i < e && j > e &&
                      (i == e - 1 || (j - e >= 2 && word2(w, s, e)));
            if (taken) {
                *wi = i;
                *wj = j;
                return 1;
            }
        }
    }
    return 0;
}

int mz_sense_other(const char *text, size_t len, size_t start, size_t end,
                   mz_hit_t *word)
{
    const mz_sensedict_t *d = mz_sensedict();
    window_t w;
    if (!d || !window_make(&w, text, len, start, end))
        return 0;
    /* most hits have no word across an edge: the words after the hit are
     * then not looked up */
    words_from(&w, d, text, 0, w.he);
    if (!edge_possible(&w))
        return 0;
    words_from(&w, d, text, w.he, w.n);
    unsigned char from[MAX_CHARS + 1], kept[MAX_CHARS + 1];
    size_t wi, wj;
    unsigned long free_cost = best_cut(&w, 0, 0, from);
    if (!edge_word(&w, from, &wi, &wj) ||
        best_cut(&w, w.hs, w.he, kept) < free_cost + MZ_SENSE_MARGIN)
        return 0;
    if (word)
        *word = (mz_hit_t){w.at[wi], w.at[wj]};
    return 1;
}

/* A cut keeping text[start..end) whole is not clearly dearer than the
 * likeliest cut (sense.h). */
int mz_sense_whole(const char *text, size_t len, size_t start, size_t end)
{
    const mz_sensedict_t *d = mz_sensedict();
    window_t w;
    if (!d || !window_make(&w, text, len, start, end))
        return 1;
    window_words(&w, d, text);
    unsigned char from[MAX_CHARS + 1];
    return best_cut(&w, w.hs, w.he, from) <
           best_cut(&w, 0, 0, from) + MZ_SENSE_MARGIN;
}

/* ---- a word's parts (sense.h) ------------------------------------------ */

/* A piece that counts or orders (第一 of 第一议题, 八项 of 八项规定, 两个
 * of 两个维护): a numbered formula means nothing apart. */
static int numeral(const char *p, size_t n)
{
    static const char digits[] = "第一二三四五六七八九十两百千万零〇";
    uint32_t cp;
    size_t k = mz_utf8_decode(p, n, &cp);
    return k && k <= 4 && mz_find(digits, sizeof digits - 1, p, k) != NULL;
}

size_t mz_sense_parts(const char *word, size_t len, mz_hit_t *parts,
                      size_t max)
{
    const mz_sensedict_t *d = mz_sensedict();
    window_t w;
    size_t i, n;
    w.n = 0;
    for (i = 0; i < len && w.n < MZ_SENSE_PARTS_MAX; i += n) {
        if (!han_at(word, len, i, &n))
            return 0;
        w.at[w.n++] = i;
    }
    w.at[w.n] = i;
    if (!d || i < len || w.n < 4)
        return 0;
    window_words(&w, d, word);
    /* the cheapest cut into words shorter than the whole */
    unsigned long c[MZ_SENSE_PARTS_MAX + 1];
    unsigned char from[MZ_SENSE_PARTS_MAX + 1];
    c[0] = 0;
    for (size_t j = 1; j <= w.n; j++) {
        c[j] = (unsigned long)-1;
        for (size_t l = 1; l <= j && l < w.n; l++) {
            uint16_t k = w.cost[j - l][l];
            if (k != NO_WORD && c[j - l] + k < c[j]) {
                c[j] = c[j - l] + k;
                from[j] = (unsigned char)(j - l);
            }
        }
    }
    size_t np = 0, single = 0;
    mz_hit_t got[MZ_SENSE_PARTS_MAX];
    for (size_t j = w.n; j > 0; j = from[j]) {
        if (j - from[j] >= 2 && numeral(word + w.at[from[j]],
                                        w.at[j] - w.at[from[j]]))
            return 0;
        if (j - from[j] >= 2)
            got[np++] = (mz_hit_t){w.at[from[j]], w.at[j]};
        else if (j == w.n || from[j] == 0)
            return 0;  /* 民主|生活|会: 会 is more than a joint */
        else
            single++;
    }
    if (np < 2 || single > 1 || np > max)
        return 0;
    for (i = 0; i < np; i++)
        parts[i] = got[np - 1 - i];
    return np;
}

/* ---- a passage: the words of the tree ---------------------------------- */

enum { ABSENT = -1, OWN = 0, OTHER = 1 };
/* The words apart stand in one sentence, within this many bytes of each
 * other: some 32 characters, a clause or two (理论 … 学习 in 重业务轻理论的
 * 现象普遍存在，全面深入系统学习不够), not anywhere in a long clause, nor
 * across a sentence's end (好人。人主动。主义多 is not 好人主义). */
enum { APART_NEAR = 32 * 3 };

/* A leaf this judges: one Han run of two characters or more. */
static int judged(const mz_qnode_t *n)
{
    uint32_t cp;
    return n->kind == MZ_QN_LEAF && n->han && n->nhan &&
           mz_utf8_decode(n->han, n->nhan, &cp) < n->nhan;
}

/* The occurrences of a judged leaf in text, inside the hits when they are
 * known (every occurrence of a matching word is inside one): OTHER when
 * every one is inside another word. */
static int leaf_sense(const mz_qnode_t *n, const char *text, size_t len,
                      const mz_hits_t *hits, mz_hit_t *word)
{
    int seen = ABSENT;
    mz_hit_t first = {0, 0};
    size_t nspans = hits ? hits->n : 1;
    for (size_t k = 0; k < nspans; k++) {
        size_t from = hits ? hits->hits[k].start : 0;
        size_t to = hits ? hits->hits[k].end : len;
        for (const char *p = text + from, *q;
             (q = mz_find(p, to - (size_t)(p - text), n->han, n->nhan)) != NULL;
             p = q + 1) {
            mz_hit_t wd;
            size_t at = (size_t)(q - text);
            if (!mz_sense_other(text, len, at, at + n->nhan, &wd))
                return OWN;
            if (seen == ABSENT)
                first = wd;
            seen = OTHER;
        }
    }
    if (seen == OTHER && word)
        *word = first;
    return seen;
}

typedef struct {
    const char *text;
    size_t len;
    const mz_hits_t *hits;
    int apart;  /* the words apart near each other (mz_sense_apart) */
} passage_t;

/* The parts of a word apart: an AND of judged leaves only. */
static int parts_node(const mz_qnode_t *n)
{
    if (n->kind != MZ_QN_AND || n->negated || n->nkids < 2)
        return 0;
    for (size_t i = 0; i < n->nkids; i++)
        if (!judged(n->kids[i]) || n->kids[i]->negated)
            return 0;
    return 1;
}

/* No sentence ends between bytes a and b of text (。！？； or a line's),
 * nor the 、 between the items of a list (经济、政治、文化、社会、生态文明
 * names fields, not 政治生态). */
static int one_sentence(const char *text, size_t a, size_t b)
{
    static const char *const ends[] = {"\xe3\x80\x82", "\xef\xbc\x81",
                                       "\xef\xbc\x9f", "\xef\xbc\x9b",
                                       "\xe3\x80\x81"};
    size_t lo = a < b ? a : b, hi = a < b ? b : a;
    if (memchr(text + lo, '\n', hi - lo))
        return 0;
    for (size_t e = 0; e < sizeof ends / sizeof *ends; e++)
        if (mz_find(text + lo, hi - lo, ends[e], 3))
            return 0;
    return 1;
}

/* Is there an occurrence of leaf in its own sense after byte at (where
 * the first part ends), within APART_NEAR bytes, in the same sentence? */
static int own_near(const mz_qnode_t *n, const char *text, size_t len,
                    size_t at)
{
    size_t from = at;
    size_t to = at + APART_NEAR + n->nhan < len ? at + APART_NEAR + n->nhan
                                                 : len;
    for (const char *p = text + from, *q;
         (q = mz_find(p, to - (size_t)(p - text), n->han, n->nhan)) != NULL;
         p = q + 1) {
        size_t k = (size_t)(q - text);
        if (one_sentence(text, at, k) &&
            !mz_sense_other(text, len, k, k + n->nhan, NULL))
            return 1;
    }
    return 0;
}

/* OWN when the parts stand, each in its own sense, near one another in
 * the word's order (an occurrence of the first, then one of each other
 * part within APART_NEAR bytes after it: not 主义 … 好人 for 好人主义),
 * else ABSENT. */
static int parts_near(const mz_qnode_t *n, const passage_t *ps)
{
    const mz_qnode_t *a = n->kids[0];
    for (const char *p = ps->text, *q;
         (q = mz_find(p, ps->len - (size_t)(p - ps->text), a->han,
                      a->nhan)) != NULL;
         p = q + 1) {
        size_t at = (size_t)(q - ps->text), i = 1;
        if (mz_sense_other(ps->text, ps->len, at, at + a->nhan, NULL))
            continue;
        while (i < n->nkids &&
               own_near(n->kids[i], ps->text, ps->len, at + a->nhan))
            i++;
        if (i == n->nkids)
            return OWN;
    }
    return ABSENT;
}

/* A tree's sense; its leaves that are not judged (a phrase of several
 * runs, one character) count as its own when they match, and are looked
 * at only when the judged ones leave the answer open. */
static int node_sense(const mz_qnode_t *n, const passage_t *ps, mz_hit_t *word)
{
    if (n->negated)
        return ABSENT;
    if (ps->apart && parts_node(n))
        return parts_near(n, ps);
    if (n->kind == MZ_QN_LEAF)
        return judged(n) ? leaf_sense(n, ps->text, ps->len, ps->hits, word)
               : mz_query_eval(n, ps->text, ps->len, NULL) ? OWN : ABSENT;
    int any_own = 0, any_other = 0;
    /* an AND is another's with one word so, an OR its own with one */
    int decides = n->kind == MZ_QN_AND ? OTHER : OWN;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n->nkids; i++) {
            const mz_qnode_t *k = n->kids[i];
            if ((k->kind == MZ_QN_LEAF && !judged(k)) != pass)
                continue;
            mz_hit_t wd;
            int s = node_sense(k, ps, &wd);
            if (s == OTHER && !any_other && word)
                *word = wd;
            any_own |= s == OWN;
            any_other |= s == OTHER;
            if (s == decides)
                return s;
        }
    }
    if (n->kind == MZ_QN_AND)
        return any_other ? OTHER : any_own ? OWN : ABSENT;
    return any_own ? OWN : any_other ? OTHER : ABSENT;
}

int mz_sense_passage(const mz_qnode_t *tree, const char *text, size_t len,
                     const mz_hits_t *hits, mz_hit_t *word)
{
    passage_t ps = {text, len, hits && hits->n ? hits : NULL, 0};
    return tree && node_sense(tree, &ps, word) == OTHER;
}

int mz_sense_apart(const mz_qnode_t *tree, const char *text, size_t len,
                   const mz_hits_t *hits)
{
    passage_t ps = {text, len, hits && hits->n ? hits : NULL, 1};
    return tree && node_sense(tree, &ps, NULL) == OWN;
}

/* ---- passages judged other words' only, by document id ------------------ */

struct mz_sense_memo {
    mz_seen_t *ids;
    char (*word)[MZ_SENSE_WORD_MAX];  /* by the id's number in ids */
    size_t cap;
};

mz_sense_memo_t *mz_sense_memo_new(void)
{
    mz_sense_memo_t *m = calloc(1, sizeof *m);
    if (m && !(m->ids = mz_seen_new())) {
        free(m);
        m = NULL;
    }
    return m;
}

void mz_sense_memo_free(mz_sense_memo_t *m)
{
    if (m) {
        mz_seen_free(m->ids);
        free(m->word);
    }
    free(m);
}

int mz_sense_memo_add(mz_sense_memo_t *m, unsigned did, const char *word)
{
    if (!did)
        return 0;
    long at = mz_seen_add(m->ids, did);
    if (at < 0)
        return -1;
    if ((size_t)at >= m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        char (*w)[MZ_SENSE_WORD_MAX] = realloc(m->word, cap * sizeof *w);
        if (!w)
            return -1;
        m->word = w;
        m->cap = cap;
    }
    snprintf(m->word[at], MZ_SENSE_WORD_MAX, "%s", word);
    return 0;
}

int mz_sense_memo_find(const mz_sense_memo_t *m, unsigned did, char *word)
{
    long at = mz_seen_find(m->ids, did);
    if (at < 0)
        return 0;
    memcpy(word, m->word[at], MZ_SENSE_WORD_MAX);
    return 1;
}
