/* learn.c — relevance feedback without term lists: the Han n-grams (two to
 * four characters) of the best literal passages, kept when several of
 * them, in more than one document, use one, weighed by how rare it is in
 * the index (its rarest bigram's frequency bounds it), as Xapian's ESet
 * weighs a term by its share of the relevant set and its rarity. */
#include "learn.h"
#include "find.h"
#include "segment.h"
#include "search.h"
#include "sense.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Three and four characters: the genre's topic words are mostly of four
 * (政治纪律, 干事创业), and a pair of characters is as often half of two
 * words as a word of its own. */
enum { GRAM_MIN = 3, GRAM_MAX = 4, CANDIDATES = 24 };
/* N-grams of one character more are counted to tell a word from a piece
 * of a longer phrase (严治党 of 从严治党): a piece whose occurrences one
 * extension takes FRAGMENT_SHARE of is not learned. */
#define FRAGMENT_SHARE 0.6

typedef struct {
    const char *p;
    size_t n;            /* bytes */
    unsigned nch;        /* characters */
    unsigned pass;       /* passages that use it */
    unsigned occ;        /* its occurrences */
    unsigned ext;        /* the occurrences of its commonest extension by
                            one character, either side */
    int last;            /* the last passage counted */
    uint32_t left, right; /* its n-grams of one character less, first and
                            last (their index + 1; 0: none, under GRAM_MIN) */
    uint64_t h;          /* hash(p, n) */
    uint64_t doc;        /* the first document that uses it */
    int docs2;           /* a second document uses it too */
    double w;
} gram_t;

/* The n-grams in a table of slots (open addressing, linear probing, cap a
 * power of two) holding the index + 1 of each in e[], in the order they
 * were first met.  The slots are placed as they were when the table held
 * the n-grams themselves (same hash, probes and growth), so that walking
 * them gives the same order: it decides the ties among the words learned. */
typedef struct {
    gram_t *e;
    uint32_t *slot;
    size_t n, cap;
} grams_t;

/* FNV-1a over p[0..n), going on from h: mz_hash64 (indexdir.c) is
 * hash_more(HASH_BASIS, p, n).  An n-gram's hash goes on from the hash of
 * the one a character shorter with the same start. */
#define HASH_BASIS 0xcbf29ce484222325ULL
#define HASH_PRIME 0x100000001b3ULL
static uint64_t hash_more(uint64_t h, const char *p, size_t n)
{
    const unsigned char *b = (const unsigned char *)p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= HASH_PRIME;
    }
    return h;
}

static void place(uint32_t *slot, size_t cap, uint64_t h, uint32_t idx)
{
    size_t at = h & (cap - 1);
    while (slot[at])
        at = (at + 1) & (cap - 1);
    slot[at] = idx;
}

/* Twice the slots, the n-grams placed again in the order of the old
 * slots, as they were. */
static int grow(grams_t *g)
{
    size_t cap = g->cap ? g->cap * 2 : 1024;
    uint32_t *slot = calloc(cap, sizeof *slot);
    gram_t *e = slot ? realloc(g->e, cap / 2 * sizeof *e) : NULL;
    if (!e) {
        free(slot);
        return -1;
    }
    for (size_t i = 0; i < g->cap; i++)
        if (g->slot[i])
            place(slot, cap, e[g->slot[i] - 1].h, g->slot[i]);
    free(g->slot);
    g->slot = slot;
    g->e = e;
    g->cap = cap;
    return 0;
}

/* Count the n-gram p[0..n) of nch characters, hash h, in passage i of doc;
 * left and right its n-grams of a character less (index + 1, or 0).  Its
 * index + 1 in *idx. */
static int count(grams_t *g, const char *p, size_t n, unsigned nch,
                 uint64_t h, uint32_t left, uint32_t right, int i,
                 uint64_t doc, uint32_t *idx)
{
    if ((g->n + 1) * 2 > g->cap && grow(g) < 0)
        return -1;
    size_t at = h & (g->cap - 1);
    gram_t *e = NULL;
    for (; g->slot[at]; at = (at + 1) & (g->cap - 1)) {
        e = &g->e[g->slot[at] - 1];
        if (e->n == n && memcmp(e->p, p, n) == 0)
            break;
    }
    if (!g->slot[at]) {
        e = &g->e[g->n];
        *e = (gram_t){.p = p, .n = n, .nch = nch, .last = -1, .doc = doc,
                      .h = h, .left = left, .right = right};
        g->slot[at] = (uint32_t)++g->n;
    }
    *idx = g->slot[at];
    e->occ++;
    if (e->last != i) {
        e->last = i;
        e->pass++;
    }
    if (e->doc != doc)
        e->docs2 = 1;
    return 0;
}

static int is_han(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

/* The run's last characters: where each starts, the hash of the text from
 * there to the character before, and the n-gram counted from there to
 * the character before (index + 1, or 0). */
typedef struct {
    size_t off[GRAM_MAX + 2];
    uint64_t h[GRAM_MAX + 2];
    uint32_t last[GRAM_MAX + 2];
    size_t k;
} run_t;

/* The character at..at+step joins the run. */
static void run_add(run_t *r, const char *t, size_t at, size_t step)
{
    if (r->k == GRAM_MAX + 2) {
        memmove(r->off, r->off + 1, (GRAM_MAX + 1) * sizeof *r->off);
        memmove(r->h, r->h + 1, (GRAM_MAX + 1) * sizeof *r->h);
        memmove(r->last, r->last + 1, (GRAM_MAX + 1) * sizeof *r->last);
        r->k--;
    }
    r->off[r->k] = at;
    r->h[r->k] = HASH_BASIS;
    r->last[r->k] = 0;
    r->k++;
    if (step == 3) {   /* every Han character of is_han */
        const unsigned char *b = (const unsigned char *)t + at;
        for (size_t j = 0; j < r->k; j++)
            r->h[j] = (((((r->h[j] ^ b[0]) * HASH_PRIME) ^ b[1]) * HASH_PRIME) ^
                       b[2]) * HASH_PRIME;
    } else {
        for (size_t j = 0; j < r->k; j++)
            r->h[j] = hash_more(r->h[j], t + at, step);
    }
}

/* Every n-gram of every Han run of passage i; the query's own words (hits)
 * break runs, so that no n-gram holds part of them. */
static int count_passage(grams_t *g, const char *t, size_t len, int i,
                         uint64_t doc, const mz_hits_t *hits)
{
    run_t r = {.k = 0};
    size_t h = 0;
    for (size_t at = 0; at <= len;) {
        uint32_t c = 0;
        size_t step = at < len ? mz_utf8_decode(t + at, len - at, &c) : 1;
        while (h < hits->n && hits->hits[h].end <= at)
            h++;
        int in_hit = h < hits->n && hits->hits[h].start <= at;
        if (at == len || !is_han(c) || in_hit) {
            r.k = 0;
            at += step;
            continue;
        }
        run_add(&r, t, at, step);
        /* the n-grams that end with this character, shortest first: each
         * one's last n-gram of a character less is the one before */
        uint32_t right = 0;
        for (size_t nch = GRAM_MIN; nch <= GRAM_MAX + 1 && nch <= r.k;
             nch++) {
            size_t j = r.k - nch;
            uint32_t idx;
            if (count(g, t + r.off[j], at + step - r.off[j], (unsigned)nch,
                      r.h[j], r.last[j], right, i, doc, &idx) < 0)
                return -1;
            r.last[j] = right = idx;
        }
        at += step;
    }
    return 0;
}

/* Characters that begin or end no topic word (particles, prepositions,
 * measure words, pronouns): an n-gram on them is half of something. */
static int stop_char(const char *p, size_t n)
{
    static const char stops[] =
        "的了和与及是在对把为等中上下不也都而并从以其之或被将要有这那个"
        "一各所于就还又很更让使由向给到着过地得每该此些";
    for (const char *s = stops; *s; s += 3)
        if (n >= 3 && memcmp(p, s, 3) == 0)
            return 1;
    return 0;
}

/* Particles: a word beside one is still a word of its own. */
static int particle(const char *p)
{
    static const char parts[] = "的了和与及或等着过之";
    for (const char *s = parts; *s; s += 3)
        if (memcmp(p, s, 3) == 0)
            return 1;
    return 0;
}

static int ends_stop(const gram_t *e)
{
    return stop_char(e->p, e->n) || stop_char(e->p + e->n - 3, 3);
}

/* Is a[0..an) inside b[0..bn)? */
static int inside(const char *a, size_t an, const char *b, size_t bn)
{
    return an <= bn && memmem(b, bn, a, an) != NULL;
}

/* Does the n-gram overlap a word of the query (contain one, or lie in
 * one)? */
static int of_query(const mz_qnode_t *n, const gram_t *e)
{
    if (n->kind != MZ_QN_LEAF) {
        for (size_t i = 0; i < n->nkids; i++)
            if (of_query(n->kids[i], e))
                return 1;
        return 0;
    }
    return n->han && (inside(n->han, n->nhan, e->p, e->n) ||
                      inside(e->p, e->n, n->han, n->nhan));
}

/* Each n-gram's commonest extension: every longer n-gram tells the one
 * it starts with and the one it ends with. */
static void extensions(grams_t *g)
{
    for (size_t i = 0; i < g->n; i++) {
        const gram_t *x = &g->e[i];
        if (x->nch <= GRAM_MIN)
            continue;
        gram_t *l = x->left ? &g->e[x->left - 1] : NULL,
               *r = x->right ? &g->e[x->right - 1] : NULL;
        /* a particle beside a word (政治纪律和) does not make it part of
         * a longer phrase */
        if (l && x->occ > l->ext && !particle(x->p + x->n - 3))
            l->ext = x->occ;
        if (r && x->occ > r->ext && !particle(x->p))
            r->ext = x->occ;
    }
}

static int by_use(const void *a, const void *b)
{
    const gram_t *x = *(const gram_t *const *)a, *y = *(const gram_t *const *)b;
    if (x->pass != y->pass)
        return x->pass > y->pass ? -1 : 1;
    return x->nch > y->nch ? -1 : x->nch < y->nch;
}

static int by_weight(const void *a, const void *b)
{
    const gram_t *x = *(const gram_t *const *)a, *y = *(const gram_t *const *)b;
    return x->w > y->w ? -1 : x->w < y->w;
}

/* How many passages of db hold the n-gram at most: its rarest bigram's
 * frequency (0: none, or not known). */
static double gram_freq(mzx_db_t *db, const gram_t *e)
{
    double f = -1;
    for (size_t at = 0; at + 6 <= e->n; at += 3) {
        unsigned tf = 0;
        if (mzx_db_termfreq(db, e->p + at, 6, &tf) != MZX_OK)
            return 0;
        if (f < 0 || tf < f)
            f = tf;
    }
    return f < 0 ? 0 : f;
}

/* Does the n-gram stand as whole words (sense.h) in at least half of its
 * occurrences in texts[0..n)?  政治纪律 (政治|纪律) does; 委要求, the
 * tail of 区委 and a word after it, or 组理论 (党组|理论) do not. */
static int whole_words(const gram_t *e, const mz_str_t *texts, size_t n)
{
    unsigned occ = 0, whole = 0;
    for (size_t i = 0; i < n; i++) {
        const char *t = texts[i].p, *end = t + texts[i].n, *q = t;
        while ((q = mz_find(q, (size_t)(end - q), e->p, e->n))) {
            occ++;
            whole += mz_sense_whole(t, texts[i].n, (size_t)(q - t),
                                    (size_t)(q - t) + e->n);
            q += e->n;
        }
    }
    return whole * 2 >= occ;
}

/* The passages of the learned-from documents, as a filter: their file
 * keys' terms (NULL when a record has none, layout 1, or out of memory:
 * then nothing is checked against them). */
static mzx_query_t *docs_query(const mz_str_t *files, size_t n)
{
    mzx_query_t *v[MZ_LEARN_FROM_MAX];
    size_t nv = 0;
    mzx_query_t *out = NULL;
    for (size_t i = 0; i < n && i < MZ_LEARN_FROM_MAX; i++) {
        if (!files[i].n)
            goto done;
        int dup = 0;
        for (size_t k = 0; k < i && !dup; k++)
            dup = files[k].n == files[i].n &&
                  memcmp(files[k].p, files[i].p, files[i].n) == 0;
        if (!dup && !(v[nv++] = mzx_query_term(files[i].p, files[i].n)))
            goto done;
    }
    out = nv == 1 ? v[--nv] : mzx_query_combine(MZX_OP_OR, v, nv);
done:
    for (size_t k = 0; k < nv; k++)
        mzx_query_free(v[k]);
    return out;
}

/* Do the learned-from documents use the n-gram mostly in the passages it
 * was learned from (at least half of their passages that hold it)?  A word
 * they write all over (主要表现 heads every problem paragraph of a
 * review, 没有真正 opens many) is their vocabulary, not the topic's.  1
 * when it cannot be told; -1 when out of memory. */
static int beside_words(mzx_db_t *db, const gram_t *e, mzx_query_t *docs)
{
    char word[GRAM_MAX * 4 + 1];
    mz_qnode_t *tree = NULL;
    if (!docs || e->n >= sizeof word)
        return 1;
    memcpy(word, e->p, e->n);
    word[e->n] = '\0';
    mz_parse_status_t ps = mz_query_parse(word, &tree);
    if (ps != MZ_PARSE_OK)
        return ps == MZ_PARSE_NOMEM ? -1 : 1;
    mzx_query_t *q = mz_query_build(tree, db), *both[2] = {q, docs};
    mzx_query_t *fq = q ? mzx_query_combine(MZX_OP_FILTER, both, 2) : NULL;
    unsigned long used = 0;
    int rc = !fq ? -1
             : mz_count(db, tree, fq, NULL, &used) != MZX_OK ? 1
             : 2UL * e->pass >= used;
    mzx_query_free(fq);
    mzx_query_free(q);
    mz_qnode_free(tree);
    return rc;
}

/* The chosen n-grams as a query, "a OR b". */
static char *format(gram_t **pick, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += pick[i]->n + 4;
    char *s = malloc(len), *o = s;
    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (i) {
            memcpy(o, " OR ", 4);
            o += 4;
        }
        memcpy(o, pick[i]->p, pick[i]->n);
        o += pick[i]->n;
    }
    *o = '\0';
    return s;
}

int mz_learn(mzx_db_t *db, const mz_qnode_t *lit, const mz_str_t *texts,
             const uint64_t *docs, const mz_str_t *files, size_t n,
             char **out)
{
    grams_t g = {0};
    gram_t **cand = NULL;
    mzx_query_t *dq = NULL;
    unsigned all = 0;
    int rc = 0;
    *out = NULL;
    if (n < MZ_LEARN_MIN_PASSAGES || mzx_db_doccount(db, &all) != MZX_OK ||
        !all)
        return 0;
    mz_hits_t hits = {0};
    for (size_t i = 0; i < n; i++) {
        hits.n = 0;
        mz_query_eval(lit, texts[i].p, texts[i].n, &hits);
        if (count_passage(&g, texts[i].p, texts[i].n, (int)i, docs[i],
                          &hits) < 0) {
            mz_hits_free(&hits);
            goto oom;
        }
    }
    mz_hits_free(&hits);
    if (!(cand = malloc((g.n ? g.n : 1) * sizeof *cand)))
        goto oom;
    if (g.cap)
        extensions(&g);
    /* used by a third of the passages (two at least), in two documents */
    unsigned need = n / 3 > 2 ? (unsigned)(n / 3) : 2;
    size_t nc = 0;
    for (size_t i = 0; i < g.cap; i++) {
        gram_t *e = g.slot[i] ? &g.e[g.slot[i] - 1] : NULL;
        if (e && e->nch <= GRAM_MAX && e->pass >= need && e->docs2 &&
            e->ext < FRAGMENT_SHARE * e->occ && !ends_stop(e) &&
            !of_query(lit, e))
            cand[nc++] = e;
    }
    qsort(cand, nc, sizeof *cand, by_use);
    /* the most used, of those that are whole words */
    size_t kept = 0;
    for (size_t i = 0; i < nc && kept < CANDIDATES; i++)
        if (whole_words(cand[i], texts, n))
            cand[kept++] = cand[i];
    nc = kept;
    /* the share of the passages that use it, times its rarity */
    for (size_t i = 0; i < nc; i++) {
        double f = gram_freq(db, cand[i]);
        cand[i]->w = f > 0 && f < all / 20.0
                         ? (double)cand[i]->pass / n * log((double)all / f)
                         : 0;
    }
    qsort(cand, nc, sizeof *cand, by_weight);
    gram_t *pick[MZ_LEARN_MAX];
    size_t np = 0;
    dq = docs_query(files, n);
    for (size_t i = 0; i < nc && np < MZ_LEARN_MAX && cand[i]->w > 0; i++) {
        int overlap = 0;
        for (size_t k = 0; k < np && !overlap; k++)
            overlap = inside(cand[i]->p, cand[i]->n, pick[k]->p, pick[k]->n) ||
                      inside(pick[k]->p, pick[k]->n, cand[i]->p, cand[i]->n);
        int beside = overlap ? 0 : beside_words(db, cand[i], dq);
        if (beside < 0)
            goto oom;
        if (beside)
            pick[np++] = cand[i];
    }
    if (np && !(*out = format(pick, np)))
        goto oom;
    goto done;
oom:
    rc = -1;
done:
    mzx_query_free(dq);
    free(cand);
    free(g.slot);
    free(g.e);
    return rc;
}
