/* match.c — decide exactly whether a passage matches, and where. */
#include "find.h"
#include "query.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t start, end;   /* in the passage */
    unsigned run;
    mz_tok_kind_t kind;
    size_t noff, nlen;   /* normalized form in the arena */
} ptok_t;

typedef struct {
    const char *text;
    ptok_t *tok;
    size_t n;
    char *arena;         /* normalized forms, back to back */
} ptoks_t;

static int tokenize(const char *text, size_t len, ptoks_t *pt)
{
    mz_seg_t s;
    mz_token_t t;
    size_t cap = 16, acap = 64, alen = 0;
    memset(pt, 0, sizeof *pt);
    pt->text = text;
    pt->tok = malloc(cap * sizeof *pt->tok);
    pt->arena = malloc(acap);
    if (!pt->tok || !pt->arena)
        return -1;
    mz_seg_init(&s, text, len);
    while (mz_seg_next(&s, &t)) {
        if (pt->n == cap) {
            ptok_t *p = realloc(pt->tok, (cap *= 2) * sizeof *p);
            if (!p)
                return -1;
            pt->tok = p;
        }
        if (alen + t.len > acap) {
            while (alen + t.len > acap)
                acap *= 2;
            char *a = realloc(pt->arena, acap);
            if (!a)
                return -1;
            pt->arena = a;
        }
        memcpy(pt->arena + alen, t.norm, t.len);
        pt->tok[pt->n++] = (ptok_t){t.start, t.end, t.run, t.kind, alen,
                                    t.len};
        alen += t.len;
    }
    return 0;
}

static int tok_is(const ptoks_t *pt, size_t i, mz_tok_kind_t kind,
                  const char *norm)
{
    const ptok_t *t = &pt->tok[i];
    return t->kind == kind && t->nlen == strlen(norm) &&
           memcmp(pt->arena + t->noff, norm, t->nlen) == 0;
}

static int run_starts(const ptoks_t *pt, size_t i)
{
    return i == 0 || pt->tok[i - 1].run != pt->tok[i].run;
}

static int run_ends(const ptoks_t *pt, size_t i)
{
    return i + 1 == pt->n || pt->tok[i + 1].run != pt->tok[i].run;
}

/* Does leaf occur at token i?  On success *last is its last token. */
static int leaf_at(const mz_qnode_t *leaf, const ptoks_t *pt, size_t i,
                   size_t *last)
{
    size_t k = i;
    for (size_t r = 0; r < leaf->nruns; r++) {
        const mz_qrun_t *run = &leaf->runs[r];
        if (k + run->ntok > pt->n)
            return 0;
        for (size_t j = 0; j < run->ntok; j++) {
            if (!tok_is(pt, k + j, run->kind, run->tok[j]))
                return 0;
            if (j > 0 && pt->tok[k + j].run != pt->tok[k].run)
                return 0;
        }
        /* where the query breaks, the passage must break too */
        if (r > 0 && !run_starts(pt, k))
            return 0;
        if (r + 1 < leaf->nruns && !run_ends(pt, k + run->ntok - 1))
            return 0;
        k += run->ntok;
    }
    *last = k - 1;
    return 1;
}

int mz_hits_add(mz_hits_t *h, size_t start, size_t end)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 8;
        mz_hit_t *p = realloc(h->hits, cap * sizeof *p);
        if (!p)
            return -1;
        h->hits = p;
        h->cap = cap;
    }
    h->hits[h->n++] = (mz_hit_t){start, end};
    return 0;
}

static int leaf_match(const mz_qnode_t *leaf, const ptoks_t *pt,
                      mz_hits_t *hits)
{
    int found = 0;
    size_t last;
    for (size_t i = 0; i < pt->n; i++) {
        if (!leaf_at(leaf, pt, i, &last))
            continue;
        found = 1;
        if (!hits)
            break;
        mz_hits_add(hits, pt->tok[i].start, pt->tok[last].end);
    }
    return found;
}

/* The passage, tokenized only when some leaf needs its tokens. */
typedef struct {
    const char *text;
    size_t len;
    ptoks_t pt;
    int state;           /* 0 not yet, 1 tokenized, -1 out of memory */
} passage_t;

static const ptoks_t *tokens(passage_t *p)
{
    if (p->state == 0)
        p->state = tokenize(p->text, p->len, &p->pt) == 0 ? 1 : -1;
    return p->state == 1 ? &p->pt : NULL;
}

/* A leaf of one Han run is a plain substring of the passage: Han
 * characters are their own normalized form, and two Han characters side by
 * side are in one run.  Its UTF-8 starts with a lead byte, so every
 * occurrence starts on a character.  1 when it occurs, -1 when the leaf is
 * not of that form. */
static int han_leaf_match(const mz_qnode_t *leaf, const char *text,
                          size_t len, mz_hits_t *hits)
{
    if (!leaf->han)
        return -1;
    const char *needle = leaf->han;
    size_t n = leaf->nhan, first = 0;
    int found = 0;
    for (const char *p = text, *end = text + len;
         (p = mz_find(p, (size_t)(end - p), needle, n)) != NULL; p += first) {
        found = 1;
        if (!hits)
            break;
        if (!first)
            first = strlen(leaf->runs[0].tok[0]);
        mz_hits_add(hits, (size_t)(p - text), (size_t)(p - text) + n);
    }
    return found;
}

/* Can a leaf of several runs occur at all: is each of its Han runs a
 * substring of the passage (as it must be, inside one run of it)?  Asked
 * before the passage is cut into tokens, which costs far more (a form
 * such as 门难进、脸难看、事难办 in a long expansion, for every
 * candidate). */
static int runs_present(const mz_qnode_t *leaf, const char *text,
                        size_t len)
{
    char buf[256];
    for (size_t r = 0; r < leaf->nruns; r++) {
        const mz_qrun_t *run = &leaf->runs[r];
        size_t n = 0;
        if (run->kind != MZ_TOK_HAN)
            continue;
        for (size_t j = 0; j < run->ntok && n < sizeof buf; j++) {
            size_t t = strlen(run->tok[j]);
            if (n + t > sizeof buf)
                break;
            memcpy(buf + n, run->tok[j], t);
            n += t;
        }
        if (n && !mz_find(text, len, buf, n))
            return 0;
    }
    return 1;
}

static int eval(const mz_qnode_t *n, passage_t *ps, mz_hits_t *hits)
{
    if (n->kind == MZ_QN_LEAF) {
        mz_hits_t *h = n->negated ? NULL : hits;
        int m = han_leaf_match(n, ps->text, ps->len, h);
        if (m < 0 && !runs_present(n, ps->text, ps->len))
            m = 0;
        if (m < 0) {
            const ptoks_t *pt = tokens(ps);
            m = pt ? leaf_match(n, pt, h) : 0;
        }
        return n->negated ? !m : m;
    }
    int any = 0;
    for (size_t i = 0; i < n->nkids; i++) {
        int m = eval(n->kids[i], ps, hits);
        if (n->kind == MZ_QN_AND && !m)
            return 0;
        any |= m;
    }
    return n->kind == MZ_QN_AND ? 1 : any;
}

static int by_start(const void *a, const void *b)
{
    const mz_hit_t *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

void mz_hits_merge(mz_hits_t *h)
{
    if (h->n < 2)
        return;
    qsort(h->hits, h->n, sizeof *h->hits, by_start);
    size_t o = 0;
    for (size_t i = 1; i < h->n; i++) {
        if (h->hits[i].start <= h->hits[o].end) {
            if (h->hits[i].end > h->hits[o].end)
                h->hits[o].end = h->hits[i].end;
        } else {
            h->hits[++o] = h->hits[i];
        }
    }
    h->n = o + 1;
}

int mz_query_eval(const mz_qnode_t *n, const char *text, size_t len,
                  mz_hits_t *hits)
{
    passage_t ps = {.text = text, .len = len};
    int m = eval(n, &ps, hits);
    if (ps.state == -1)
        m = 0;  /* out of memory: as before, no match */
    if (hits) {
        if (!m)
            hits->n = 0;
        mz_hits_merge(hits);
    }
    free(ps.pt.tok);
    free(ps.pt.arena);
    return m;
}

/* Is some word that n excludes (a -word of an AND) in ps? */
static int excluded(const mz_qnode_t *n, passage_t *ps)
{
    if (n->kind != MZ_QN_AND)
        return 0;
    for (size_t i = 0; i < n->nkids; i++)
        if ((n->kids[i]->negated && !eval(n->kids[i], ps, NULL)) ||
            excluded(n->kids[i], ps))
            return 1;
    return 0;
}

int mz_query_excluded(const mz_qnode_t *n, const char *text, size_t len)
{
    passage_t ps = {.text = text, .len = len};
    int x = excluded(n, &ps);
    if (ps.state == -1)
        x = 1;  /* out of memory: not shown, as a failed match */
    free(ps.pt.tok);
    free(ps.pt.arena);
    return x;
}

void mz_hits_free(mz_hits_t *h)
{
    free(h->hits);
    memset(h, 0, sizeof *h);
}
