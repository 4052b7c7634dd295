/* evidence.c — a pool of matches scored by the evidence that they are
 * about the topic (evidence.h).  Each feature is cheap: the passage's own
 * text and headings, and the other pooled passages of its section and
 * document; no rule knows a topic or a folder. */
#include "evidence.h"
#include "find.h"
#include "genre.h"
#include "indexdir.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The vocabulary: the words as typed first, then the forms; one bit each
 * in a mask (forms past the 64th are not told apart). */
enum { VOC_MAX = 64 };

typedef struct {
    char *data;          /* the record as stored: owns m.rec's strings */
    mz_match_t m;
    mz_hits_t hits;
    int phase, part;
    uint64_t doc, sec;   /* the document and the section it sits in */
    uint64_t mask;       /* the vocabulary in its text */
    unsigned occ;        /* how often the words as typed occur there */
    int lead, lead_form, head, own_head;
    int bare;            /* its file's title line (bare_line) */
    int purpose;         /* a rule's purpose clause (purpose_clause) or
                            its principles clause of the topic */
    uint64_t kids;       /* a heading line's own section (the key of the
                            passages under it), 0 for any other */
    int tail;            /* from a phase of the words apart */
    int extra;           /* taken past the phase's first (mz_pool_extend) */
    int after;           /* 1: found by learned words alone, after the
                            rest; 2: by the words apart, after those; 3:
                            the words stand in it only inside other
                            words (sense.h), after every other */
    double bm25;         /* its phase's score over the phase's best */
} item_t;

struct mz_pool {
    const mz_qnode_t *voc[VOC_MAX];
    size_t nlit, nvoc;
    uint64_t learned;    /* the vocabulary's learned words */
    uint64_t weak;       /* ... and the forms of the topics' parts */
    item_t *v;
    size_t n, cap;
    int phase, part, tail, extra, oom, closed;
    unsigned long in_phase, phase_cap;
    double phase_best;
    size_t phase_from;
    mz_hits_t scratch;   /* a leaf's hits, while features are read */
};

static void add_leaves(mz_pool_t *p, const mz_qnode_t *n)
{
    if (n->negated)
        return;
    if (n->kind != MZ_QN_LEAF) {
        for (size_t i = 0; i < n->nkids; i++)
            add_leaves(p, n->kids[i]);
        return;
    }
    for (size_t i = 0; i < p->nvoc; i++)
        if (strcmp(p->voc[i]->source, n->source) == 0)
            return;
    if (p->nvoc < VOC_MAX)
        p->voc[p->nvoc++] = n;
}

mz_pool_t *mz_pool_new(const mz_qnode_t *lit, const mz_qnode_t *voc)
{
    mz_pool_t *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    add_leaves(p, lit);
    p->nlit = p->nvoc;
    if (voc)
        add_leaves(p, voc);
    p->phase = -1;
    p->closed = 1;
    return p;
}

void mz_pool_free(mz_pool_t *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i].data);  /* with its hits */
    mz_hits_free(&p->scratch);
    free(p->v);
    free(p);
}

/* The scores of a finished phase as shares of its best (once: the pool
 * is sorted after). */
static void close_phase(mz_pool_t *p)
{
    if (p->closed)
        return;
    p->closed = 1;
    for (size_t i = p->phase_from; i < p->n; i++)
        p->v[i].bm25 = p->phase_best > 0 ? p->v[i].m.score / p->phase_best
                                         : 0;
}

void mz_pool_phase(mz_pool_t *p, int part)
{
    close_phase(p);
    p->phase++;
    p->closed = 0;
    p->part = part;
    p->tail = 0;
    p->extra = 0;
    p->in_phase = 0;
    p->phase_cap = MZ_POOL_PER_PHASE;
    p->phase_best = 0;
    p->phase_from = p->n;
}

void mz_pool_tail(mz_pool_t *p)
{
    p->tail = 1;
}

int mz_pool_oom(const mz_pool_t *p)
{
    return p->oom;
}

size_t mz_pool_size(const mz_pool_t *p)
{
    return p->n;
}

mz_match_t *mz_pool_match(mz_pool_t *p, size_t i)
{
    return i < p->n ? &p->v[i].m : NULL;
}

static int copy_match(item_t *it, const mz_match_t *m)
{
    memset(it, 0, sizeof *it);
    /* the record as stored, decoded again (a copy of a few hundred bytes,
     * with path and title of an old layout's record), and its hits after
     * it: one block */
    size_t nh = m->hits ? m->hits->n : 0;
    size_t at = (m->len + _Alignof(mz_hit_t) - 1) /
                _Alignof(mz_hit_t) * _Alignof(mz_hit_t);
    if (!(it->data = malloc(at + nh * sizeof(mz_hit_t) + 1)))
        return -1;
    memcpy(it->data, m->data, m->len);
    it->m = *m;
    it->m.data = it->data;
    if (mz_record_decode(it->data, m->len, &it->m.rec) < 0)
        return -1;
    if (nh) {
        it->hits.hits = (mz_hit_t *)(void *)(it->data + at);
        memcpy(it->hits.hits, m->hits->hits, nh * sizeof *it->hits.hits);
        it->hits.n = it->hits.cap = nh;
    }
    return 0;
}

int mz_pool_add(const mz_match_t *m, void *pool)
{
    mz_pool_t *p = pool;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        item_t *v = realloc(p->v, cap * sizeof *v);
        if (!v)
            return p->oom = 1;
        p->v = v;
        p->cap = cap;
    }
    item_t *it = &p->v[p->n];
    if (copy_match(it, m) < 0) {
        free(it->data);
        return p->oom = 1;
    }
    it->phase = p->phase;
    it->part = p->part;
    it->tail = p->tail;
    it->extra = p->extra;
    if (m->score > p->phase_best)
        p->phase_best = m->score;
    p->n++;
    return ++p->in_phase >= p->phase_cap;
}

void mz_pool_extend(mz_pool_t *p, unsigned long n)
{
    p->in_phase = 0;
    p->phase_cap = n;
    p->extra = 1;
}

/* ---- features ------------------------------------------------------------ */

/* The end of a passage's lead: its first clause, at most LEAD_MAX bytes
 * (some 30 characters: a sub-point's opening phrase, 二是调查研究不够深入。,
 * not a long first sentence that mentions the topic in passing).  A comma
 * ends it too once the clause has LEAD_COMMA bytes (12 characters): a
 * rule's purpose clause 为了巩固深化本市基层治理改革，提升为民服务水平 is
 * not led by what follows its first comma; a short opening 持续净化政治生态，
 * 整治圈子文化、好人主义方面 still is.  One item of a rule's list of acts
 * (acts_item, at most SENTENCE_MAX bytes) is led by all of it. */
enum { LEAD_MAX = 90, LEAD_COMMA = 36, SENTENCE_MAX = 180 };

/* Where the first of the k strings ss occurs in t[0..n) (n: none). */
static size_t first_of(const char *t, size_t n, const char *const *ss,
                       size_t k)
{
    for (size_t s = 0; s < k; s++) {
        const char *q = mz_find(t, n, ss[s], strlen(ss[s]));
        if (q)
            n = (size_t)(q - t);
    }
    return n;
}

/* An item of a rule's list of acts (…等形式主义、官僚主义行为；, …的；):
 * one sentence that ends naming the act. */
static int acts_item(const char *t, size_t n)
{
    static const char *const ends[] = {
        "\xe8\xa1\x8c\xe4\xb8\xba\xef\xbc\x9b",  /* 行为； */
        "\xe7\x9a\x84\xef\xbc\x9b"};               /* 的； */
    for (size_t s = 0; s < sizeof ends / sizeof *ends; s++) {
        size_t k = strlen(ends[s]);
        if (n >= k && memcmp(t + n - k, ends[s], k) == 0)
            return 1;
    }
    return 0;
}

static size_t lead_end(const char *t, size_t n)
{
    /* 。；！？： */
    static const char *const stops[] = {"\xe3\x80\x82", "\xef\xbc\x9b",
                                        "\xef\xbc\x81", "\xef\xbc\x9f",
                                        "\xef\xbc\x9a"};
    size_t end = n < LEAD_MAX ? n : LEAD_MAX;
    size_t first = first_of(t, n <= SENTENCE_MAX ? n : end, stops,
                            sizeof stops / sizeof *stops); /* the first stop */
    if (first + 3 == n && n <= SENTENCE_MAX && acts_item(t, n))
        return n;  /* one item of a list of acts: all of it leads */
    if (first < end)
        end = first;
    if (end > LEAD_COMMA) {  /* ， */
        const char *q = mz_find(t + LEAD_COMMA, end - LEAD_COMMA,
                                "\xef\xbc\x8c", 3);
        if (q)
            end = (size_t)(q - t);
    }
    return end;
}

/* Where leaf first occurs in t[0..n) (n: nowhere); *count (if not NULL)
 * grows by its occurrences.  A leaf of one Han run is a plain substring
 * (match.c); any other is matched exactly, its hits in h (kept for the
 * next leaf: no allocation per leaf and passage). */
static size_t leaf_first(const mz_qnode_t *leaf, const char *t, size_t n,
                         unsigned *count, mz_hits_t *h)
{
    size_t first = n;
    if (leaf->han) {
        const char *q = t, *end = t + n;
        while ((q = mz_find(q, (size_t)(end - q), leaf->han, leaf->nhan))) {
            if (first == n)
                first = (size_t)(q - t);
            if (!count)
                break;
            ++*count;
            q += leaf->nhan;
        }
        return first;
    }
    h->n = 0;
    if (mz_query_eval(leaf, t, n, h) && h->n) {
        first = h->hits[0].start;
        if (count)
            *count += (unsigned)h->n;
    }
    return first;
}

/* Whether a word as typed occurs in t[0..n). */
static int says_words(mz_pool_t *p, const char *t, size_t n)
{
    for (size_t i = 0; i < p->nlit; i++)
        if (leaf_first(p->voc[i], t, n, NULL, &p->scratch) < n)
            return 1;
    return 0;
}

/* Whether the character at c ends a sentence or a clause list (。；：). */
static int sentence_end(const char *c)
{
    return memcmp(c, "\xe3\x80\x82", 3) == 0 ||
           memcmp(c, "\xef\xbc\x9b", 3) == 0 ||
           memcmp(c, "\xef\xbc\x9a", 3) == 0;
}

/* Whether a word as typed leads a sub-point inside t[0..n) (…。二是严格执行
 * 中央八项规定精神。): an ordinal 一是 … 十是 after a sentence's end, the
 * clause after it. */
static int leads_point(mz_pool_t *p, const char *t, size_t n)
{
    /* 是, after one of 一二三四五六七八九十 */
    static const char nums[] = "\xe4\xb8\x80\xe4\xba\x8c\xe4\xb8\x89\xe5\x9b\x9b"
                               "\xe4\xba\x94\xe5\x85\xad\xe4\xb8\x83\xe5\x85\xab"
                               "\xe4\xb9\x9d\xe5\x8d\x81";
    const char *q = t + 3, *end = t + n;
    while (q < end && (q = mz_find(q, (size_t)(end - q), "\xe6\x98\xaf", 3))) {
        const char *num = q - 3;
        q += 3;
        int ordinal = 0;
        for (size_t k = 0; k + 3 <= sizeof nums - 1; k += 3)
            ordinal |= memcmp(num, nums + k, 3) == 0;
        if (!ordinal || num - t < 3 || !sentence_end(num - 3))
            continue;  /* not 统一是, not the passage's own lead */
        if (says_words(p, q, lead_end(q, (size_t)(end - q))))
            return 1;
    }
    return 0;
}

/* The vocabulary in t[0..n): *all, and *lead what is in its lead; *occ
 * (if not NULL) the occurrences of the words as typed. */
static void vocab_in(mz_pool_t *p, const char *t, size_t n,
                     uint64_t *all, uint64_t *lead, unsigned *occ)
{
    size_t le = lead_end(t, n);
    *all = *lead = 0;
    for (size_t i = 0; i < p->nvoc; i++) {
        size_t at = leaf_first(p->voc[i], t, n, i < p->nlit ? occ : NULL,
                               &p->scratch);
        if (at < n)
            *all |= 1ULL << i;
        if (at < le)
            *lead |= 1ULL << i;
    }
}

static uint64_t mix(uint64_t h, const char *s, size_t n)
{
    return (h ^ mz_hash64(s, n)) * 0x9E3779B97F4A7C15ULL + n;
}

/* A heading or a title standing alone as a passage (巡视整改专题民主生活会
 * 对照检查材料): one short line without a sentence's end (。；！？), at
 * most BARE_MAX bytes (40 characters).  Only a file's first passage is
 * asked: a section's heading line stays where it was (a query that names
 * a heading lands on it). */
enum { BARE_MAX = 40 * 3 };

static int bare_line(const char *t, size_t n)
{
    static const char *const ends[] = {"\xe3\x80\x82", "\xef\xbc\x9b",
                                       "\xef\xbc\x81", "\xef\xbc\x9f"};
    if (n > BARE_MAX || memchr(t, '\n', n))
        return 0;
    for (size_t s = 0; s < sizeof ends / sizeof *ends; s++)
        if (mz_find(t, n, ends[s], 3))
            return 0;
    return 1;
}

/* A rule's purpose clause: 第一条 为了…，根据…，制定本条例。 It says what
 * the whole rule is for, in the words of its title; it says nothing of
 * the topic that its other articles do not say better (the judges grade
 * such a clause 1 at most). */
static int purpose_clause(const char *t, size_t n)
{
    /* 制定本, then 条例, 规定, 办法 or 法 */
    static const char made[] = "\xe5\x88\xb6\xe5\xae\x9a\xe6\x9c\xac";
    static const char *const what[] = {
        "\xe6\x9d\xa1\xe4\xbe\x8b", "\xe8\xa7\x84\xe5\xae\x9a",
        "\xe5\x8a\x9e\xe6\xb3\x95", "\xe6\xb3\x95"};
    const char *q = t, *end = t + n;
    while ((q = mz_find(q, (size_t)(end - q), made, sizeof made - 1))) {
        q += sizeof made - 1;
        for (size_t i = 0; i < sizeof what / sizeof *what; i++) {
            size_t k = strlen(what[i]);
            if ((size_t)(end - q) >= k && memcmp(q, what[i], k) == 0)
                return 1;
        }
    }
    return 0;
}

/* A rule's principles clause of the topic: its first clause says the
 * words, then what they keep to (优化营商环境应当坚持市场化、法治化、国际化
 * 原则): the rule's general article, not one that says what is done.  Not
 * when the topic is itself the principle (应当坚持民主集中制原则: the words
 * after 坚持). */
static int principles_of(mz_pool_t *p, const char *t, size_t n)
{
    static const char *const keep[] = {"\xe5\x9d\x9a\xe6\x8c\x81",  /* 坚持 */
                                       "\xe9\x81\xb5\xe5\xbe\xaa"}; /* 遵循 */
    /* the first clause, to its first comma: a list of principles runs
     * past a lead's 30 characters */
    static const char *const ends[] = {"\xef\xbc\x8c", "\xe3\x80\x82",
                                       "\xef\xbc\x9b"};  /* ，。； */
    size_t le = first_of(t, n < 2 * LEAD_MAX ? n : 2 * LEAD_MAX, ends,
                         sizeof ends / sizeof *ends);
    const char *rule = mz_find(t, le, "\xe5\x8e\x9f\xe5\x88\x99", 6); /* 原则 */
    if (!rule)
        return 0;
    size_t at = first_of(t, (size_t)(rule - t), keep,
                         sizeof keep / sizeof *keep);
    return at < (size_t)(rule - t) && says_words(p, t, at);
}

/* What the passage itself and its headings say. */
static void passage_features(mz_pool_t *p, item_t *it)
{
    const mz_record_t *r = &it->m.rec;
    const mz_str_t *doc = r->file.n ? &r->file : &r->path;
    uint64_t lit = (1ULL << p->nlit) - 1, lead, h, hlead;
    it->head = it->own_head = 0;
    it->doc = mix(0, doc->p, doc->n);
    it->sec = it->doc;
    for (unsigned i = 0; i < r->nsection; i++)
        it->sec = mix(it->sec, r->section[i].p, r->section[i].n);
    /* the vocabulary in the text, and in its lead: the words as typed
     * leading the passage (or its own heading) make a paragraph on the
     * topic, not a passing mention; a form there counts too */
    it->occ = 0;
    vocab_in(p, r->text.p, r->text.n, &it->mask, &lead, &it->occ);
    it->lead = (lead & lit) != 0 ||
               ((it->mask & lit) && leads_point(p, r->text.p, r->text.n));
    it->bare = r->file.n && r->nth == 0 && bare_line(r->text.p, r->text.n);
    it->kids = !it->bare && bare_line(r->text.p, r->text.n)
               ? mix(it->sec, r->text.p, r->text.n) : 0;
    it->lead_form = (lead & ~lit) != 0;
    it->purpose = purpose_clause(r->text.p, r->text.n) ||
                  (r->genre == MZ_GENRE_RULES &&
                   principles_of(p, r->text.p, r->text.n));
    /* the vocabulary in the headings above it */
    for (unsigned i = 0; i < r->nsection; i++) {
        vocab_in(p, r->section[i].p, r->section[i].n, &h, &hlead, NULL);
        it->head |= h != 0;
        if (i + 1 == r->nsection) {
            it->own_head = (hlead & lit) != 0;
            it->lead_form |= (hlead & ~lit) != 0;
        }
    }
}

static int popcount(uint64_t x)
{
    return __builtin_popcountll(x);
}

/* The distinct vocabulary and the count of pooled passages that share
 * it's document (or section). */
typedef struct {
    uint64_t key, mask;
    unsigned n;
} agg_t;

static int by_key(const void *a, const void *b)
{
    const agg_t *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

/* Groups of the pool by key (doc or section), merged masks and counts. */
static agg_t *aggregate(const mz_pool_t *p, int section, size_t *ng)
{
    agg_t *g = malloc((p->n ? p->n : 1) * sizeof *g);
    if (!g)
        return NULL;
    for (size_t i = 0; i < p->n; i++) {
        /* the words apart (tail), and the matches taken past a phase's
         * first (extra), are no evidence for the others */
        int none = p->v[i].tail || p->v[i].extra;
        g[i] = (agg_t){section ? p->v[i].sec : p->v[i].doc,
                       none ? 0 : p->v[i].mask, !none};
    }
    qsort(g, p->n, sizeof *g, by_key);
    size_t o = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (o && g[o - 1].key == g[i].key) {
            g[o - 1].mask |= g[i].mask;
            g[o - 1].n += g[i].n;
        } else {
            g[o++] = g[i];
        }
    }
    *ng = o;
    return g;
}

static const agg_t *find(const agg_t *g, size_t n, uint64_t key)
{
    agg_t k = {key, 0, 0};
    return bsearch(&k, g, n, sizeof *g, by_key);
}

/* ---- the score ----------------------------------------------------------- */

/* Weights, set on the judged queries as a whole (none names a topic) and
 * checked on queries of our own (notes in README, "Relevance"). */
#define W_LITERAL 3.0  /* the words as typed are in the text */
#define W_LEAD    1.5  /* ... in its lead or its own heading */
#define W_LEADFORM 1.0 /* a form of the topic there */
#define W_PASSING 1.0  /* the words alone, in passing: nothing else of the
                          topic in the passage, its lead or headings */
#define W_VOCAB   1.0  /* each doubling of the vocabulary in the text */
#define W_OCC     0.7  /* each doubling of the words' occurrences there */
#define OCC_CAP   8
#define W_HEADING 0.7  /* the vocabulary in a heading above it */
#define VOCAB_CAP 4    /* a list that names every topic is not more about
                          this one */
#define W_SECTION 0.6  /* each doubling of the section's vocabulary */
#define W_DOC     0.8  /* each doubling of the document's vocabulary */
#define W_DOCHITS 0.3  /* each doubling of its passages in the pool */
#define W_BM25    1.0  /* the phase's own score, as a share of its best */
#define W_GENRE   1.0  /* a material that writes about topics (a review, a
                          rectification, a speech, a work report), not
                          a rule that names one as a duty or a step;
                          half for a notice or a document of no known
                          genre */
#define W_PART    4.0  /* of the part of the material the query names */
#define W_SAME_DOC 0.5 /* each better passage of the same document */
#define W_BARE    3.0  /* a material's title line naming the topic
                          (...专题民主生活会对照检查材料): it names the
                          occasion, it says nothing of the topic (the
                          judges grade a heading alone 1 at most) */
#define W_UNDER   3.0  /* a heading line whose own paragraphs below hold
                          the topic's words (三、下一步整改措施 over the
                          steps): they say what it only names */
#define W_PURPOSE 1.5 /* a rule's purpose clause (为了…，制定本条例) or
                          its principles clause of the topic (…应当坚持
                          …原则): they say what the whole rule is about */
#define W_ALONE   2.0  /* a form alone: nothing else of the topic in its
                          section or document (铺张浪费 in a funeral
                          regulation is not 四风) */

static double genre_weight(unsigned long g);

unsigned long mz_pool_phase_writing(const mz_pool_t *p)
{
    unsigned long n = 0;
    for (size_t i = p->phase_from; i < p->n; i++)
        n += genre_weight(p->v[i].m.rec.genre) == 1;
    return n;
}

static double genre_weight(unsigned long g)
{
    switch (g) {
    case MZ_GENRE_REVIEW:
    case MZ_GENRE_RECTIFY:
    case MZ_GENRE_SPEECH:
    case MZ_GENRE_REPORT:
        return 1;
    case MZ_GENRE_RULES:
        return 0;
    default:
        return 0.5;
    }
}

/* How much vocabulary a mask holds: a learned word counts half (the
 * archive suggested it; the user did not type it, nor the thesaurus), and
 * so does a form of a topic's part (a step further from the topic: 宗旨意识
 * of 官僚主义 is not 四风's). */
static double words(const mz_pool_t *p, uint64_t mask)
{
    uint64_t half = p->learned | p->weak;
    return popcount(mask & ~half) + popcount(mask & half) * 0.5;
}

static double score(const mz_pool_t *p, const item_t *it, const agg_t *sec,
                    const agg_t *doc)
{
    uint64_t lit = (1ULL << p->nlit) - 1;
    int literal = (it->mask & lit) != 0;
    double own = words(p, it->mask);
    double around_s = words(p, sec->mask), around_d = words(p, doc->mask);
    /* what surrounds a passage counts for what it says itself: half for
     * one found by its heading alone (so does its phase's score) */
    double ctx = W_SECTION * log2(around_s > 0 ? around_s : 1) +
                 W_DOC * log2(around_d > 0 ? around_d : 1) +
                 W_DOCHITS * log2(doc->n < 1 ? 1 : doc->n < 16 ? doc->n : 16);
    double s = W_LITERAL * literal +
               W_LEAD * (it->lead || it->own_head) +
               W_LEADFORM * (it->lead_form && !it->lead && !it->own_head) +
               W_VOCAB * log2(1 + (own < VOCAB_CAP ? own : VOCAB_CAP)) +
               W_OCC * log2(1 + (it->occ < OCC_CAP ? it->occ : OCC_CAP)) +
               W_HEADING * it->head + (own ? ctx : ctx / 2) +
               W_BM25 * (own ? it->bm25 : it->bm25 / 2) +
               W_GENRE * genre_weight(it->m.rec.genre) +
               W_PART * it->part;
    if (!literal && own && around_d <= own && !it->head)
        s -= W_ALONE;
    if (it->bare)
        s -= W_BARE;
    if (it->purpose)
        s -= W_PURPOSE;
    if (literal && own <= 1 && !it->lead && !it->own_head && !it->head)
        s -= W_PASSING;
    return s;
}

static int by_score(const void *a, const void *b)
{
    const item_t *x = a, *y = b;
    if (x->after != y->after)
        return x->after < y->after ? -1 : 1;
    if (x->m.score != y->m.score)
        return x->m.score > y->m.score ? -1 : 1;
    /* equal: the phase order, then the phase's own */
    if (x->phase != y->phase)
        return x->phase < y->phase ? -1 : 1;
    return x->m.rank < y->m.rank ? -1 : x->m.rank > y->m.rank;
}

void mz_pool_forms(mz_pool_t *p, const mz_qnode_t *tree)
{
    size_t from = p->nvoc;
    add_leaves(p, tree);
    for (size_t i = from; i < p->nvoc; i++)
        p->weak |= 1ULL << i;
}

void mz_pool_learned(mz_pool_t *p, const mz_qnode_t *tree)
{
    size_t from = p->nvoc;
    add_leaves(p, tree);
    for (size_t i = from; i < p->nvoc; i++)
        p->learned |= 1ULL << i;
}

size_t mz_pool_feedback(const mz_pool_t *p, size_t max, mz_str_t *texts,
                        uint64_t *docs, mz_str_t *files)
{
    uint64_t lit = (1ULL << p->nlit) - 1;
    size_t n = 0;
    for (size_t i = 0; i < p->n && n < max; i++)
        if (p->v[i].mask & lit) {
            texts[n] = p->v[i].m.rec.text;
            files[n] = p->v[i].m.rec.file;
            docs[n++] = p->v[i].doc;
        }
    return n;
}

/* A document's later passages give way a little to other documents' (a
 * regulation's every clause on the topic would fill the page): each
 * passage loses W_SAME_DOC for every better one of its document (counted
 * in a small hash table of the documents: one probe a passage, not a scan
 * of the documents). */
static int spread(mz_pool_t *p)
{
    size_t cap = 16;
    while (cap < 2 * p->n)
        cap *= 2;
    agg_t *g = calloc(cap, sizeof *g);
    if (!g)
        return -1;
    for (size_t i = 0; i < p->n; i++) {
        uint64_t key = p->v[i].doc;
        size_t h = (size_t)(key ^ key >> 29) & (cap - 1);
        while (g[h].mask && g[h].key != key)  /* mask 0: a free slot */
            h = (h + 1) & (cap - 1);
        g[h].key = key;
        g[h].mask = 1;
        p->v[i].m.score -= W_SAME_DOC * (g[h].n < 8 ? g[h].n : 8);
        g[h].n++;
    }
    free(g);
    qsort(p->v, p->n, sizeof *p->v, by_score);
    return 0;
}

/* Whether a pooled passage under heading line h (in its section, at any
 * depth) holds the topic's vocabulary itself (not by its heading alone). */
static int says_under(const mz_pool_t *p, const item_t *h)
{
    unsigned depth = h->m.rec.nsection;
    for (size_t i = 0; i < p->n; i++) {
        const item_t *it = &p->v[i];
        const mz_record_t *r = &it->m.rec;
        if (it->doc != h->doc || !it->mask || it->tail || it->extra ||
            r->nsection <= depth)
            continue;
        uint64_t key = it->doc;
        for (unsigned k = 0; k <= depth; k++)
            key = mix(key, r->section[k].p, r->section[k].n);
        if (key == h->kids)
            return 1;
    }
    return 0;
}

int mz_pool_rank(mz_pool_t *p)
{
    close_phase(p);
    if (!p->n)
        return 0;  /* nothing to rank (and no array to sort) */
    for (size_t i = 0; i < p->n; i++)
        passage_features(p, &p->v[i]);
    size_t ns, nd;
    agg_t *sec = aggregate(p, 1, &ns), *doc = aggregate(p, 0, &nd);
    if (!sec || !doc) {
        free(sec);
        free(doc);
        return -1;
    }
    for (size_t i = 0; i < p->n; i++) {
        item_t *it = &p->v[i];
        it->m.score = score(p, it, find(sec, ns, it->sec),
                            find(doc, nd, it->doc));
        if (it->kids && says_under(p, it))
            it->m.score -= W_UNDER;
        it->after = it->m.other_sense ? 3
                    : it->tail ? 2
                    : it->mask && !(it->mask & ~p->learned);
    }
    free(sec);
    free(doc);
    qsort(p->v, p->n, sizeof *p->v, by_score);
    if (spread(p) < 0)
        return -1;
    for (size_t i = 0; i < p->n; i++)
        p->v[i].m.hits = &p->v[i].hits;
    return 0;
}
