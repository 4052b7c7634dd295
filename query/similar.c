/* similar.c — mzsearch --similar (see similar.h). */
#include "similar.h"
#include "schema.h"
#include "segment.h"

#include <stdlib.h>
#include <string.h>

/* At most this many distinct terms of the text are asked for. */
enum { MAX_TERMS = 1024 };

typedef struct {
    char **v;
    size_t n;
    int oom;
} terms_t;

static int collect(const char *t, size_t n, void *ctx)
{
    terms_t *ts = ctx;
    /* unigrams say little about likeness: bigrams and words only */
    uint32_t cp;
    if (mz_utf8_decode(t, n, &cp) == n && mz_is_han(cp))
        return 0;
    if (ts->n == MAX_TERMS)
        return 1;
    if (!(ts->v[ts->n] = strndup(t, n)))
        return ts->oom = 1;
    ts->n++;
    return 0;
}

static int by_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has(const terms_t *ts, const char *s)
{
    return bsearch(&s, ts->v, ts->n, sizeof *ts->v, by_str) != NULL;
}

/* Add to hits every bigram and word of the passage that the text has too. */
static void overlap(const terms_t *ts, const char *p, size_t n,
                    mz_hits_t *hits)
{
    mz_seg_t s;
    mz_token_t tok, prev = {0};
    int have_prev = 0;
    mz_seg_init(&s, p, n);
    while (mz_seg_next(&s, &tok)) {
        if (tok.kind == MZ_TOK_WORD) {
            if (has(ts, tok.norm))
                mz_hits_add(hits, tok.start, tok.end);
        } else if (have_prev && prev.kind == MZ_TOK_HAN &&
                   prev.run == tok.run) {
            char bi[16];
            memcpy(bi, prev.norm, prev.len);
            memcpy(bi + prev.len, tok.norm, tok.len);
            bi[prev.len + tok.len] = '\0';
            if (has(ts, bi))
                mz_hits_add(hits, prev.start, tok.end);
        }
        prev = tok;
        have_prev = 1;
    }
    mz_hits_merge(hits);
}

/* The text's terms, each once, sorted (ts->oom when out of memory). */
static void text_terms(const char *text, size_t len, terms_t *ts)
{
    mz_seg_terms(text, len, collect, ts);
    size_t u = 0;
    if (ts->n > 1)
        qsort(ts->v, ts->n, sizeof *ts->v, by_str);
    for (size_t i = 0; i < ts->n; i++) {
        if (u && strcmp(ts->v[u - 1], ts->v[i]) == 0)
            free(ts->v[i]);
        else
            ts->v[u++] = ts->v[i];
    }
    ts->n = u;
}

/* The OR of the terms, kept to the passages q finds when q is not NULL. */
static mzx_query_t *like_query(const terms_t *ts, const mzx_query_t *q)
{
    mzx_query_t **qs = calloc(ts->n + 1, sizeof *qs), *or = NULL, *f = NULL;
    if (!qs)
        return NULL;
    for (size_t i = 0; i < ts->n; i++)
        qs[i] = mzx_query_term(ts->v[i], strlen(ts->v[i]));
    or = mzx_query_combine(MZX_OP_OR, qs, ts->n);
    for (size_t i = 0; i < ts->n; i++)
        mzx_query_free(qs[i]);
    free(qs);
    if (!or || !q)
        return or;
    mzx_query_t *const both[2] = {or, (mzx_query_t *)q};
    f = mzx_query_combine(MZX_OP_FILTER, both, 2);
    mzx_query_free(or);
    return f;
}

/* The index's layout, for the shim's reads (schema.h). */
static const mzx_layout_t layout = MZ_READ_LAYOUT;

mzx_status_t mz_similar(mzx_db_t *db, const char *text, size_t len,
                        const mz_qnode_t *words, const mzx_query_t *wq,
                        const mz_search_opts_t *o, mz_match_fn fn, void *ctx,
                        mz_search_stats_t *st)
{
    memset(st, 0, sizeof *st);
    terms_t ts = {calloc(MAX_TERMS, sizeof(char *)), 0, 0};
    if (!ts.v)
        return MZX_NOMEM;
    text_terms(text, len, &ts);
    mzx_status_t rc = ts.oom ? MZX_NOMEM : MZX_OK;
    mzx_query_t *q = rc == MZX_OK ? like_query(&ts, words ? wq : NULL) : NULL;
    mzx_mset_t *m = NULL;
    if (q && o)
        q = mz_scope_filter(q, 1, o);
    if (rc == MZX_OK && !q)
        rc = MZX_NOMEM;
    int check = words || (o && (o->kind || o->not_kind || o->year ||
                                  o->type || o->keep));
    /* one more read than ranked: tells whether there are more */
    unsigned depth = check ? MZ_SIMILAR_MAX * MZ_SIMILAR_DEPTH
                           : MZ_SIMILAR_MAX;
    if (rc == MZX_OK)
        rc = mzx_db_search(db, &layout, q, o ? o->w : NULL, 0, depth,
                           depth + 1, &m);
    mz_hits_t hits = {0};
    unsigned n = rc == MZX_OK ? mzx_mset_size(m) : 0, k;
    int stop = 0;
    for (k = 0; rc == MZX_OK && k < n && st->total < MZ_SIMILAR_MAX; k++) {
        if (stop && !check) { /* the rest are results as they stand */
            st->total += n - k;
            k = n;
            break;
        }
        const char *data;
        size_t dlen;
        mz_match_t mt = {0};
        rc = mzx_mset_data(m, k, &data, &dlen);
        if (rc != MZX_OK || !data || mz_record_decode(data, dlen, &mt.rec) < 0)
            continue;
        hits.n = 0;
        if ((o && !mz_record_wanted(o, &mt.rec)) ||
            (words && !mz_query_eval(words, mt.rec.text.p, mt.rec.text.n,
                                     &hits)))
            continue;
        if (stop && !(o && o->keep)) {
            st->total++;
            continue;
        }
        rc = mz_record_find_file(db, mzx_mset_docid(m, k), &mt.rec);
        if (rc != MZX_OK)
            break;
        if (mt.rec.file.n && !mt.rec.path.n)
            continue;  /* its file is gone meanwhile */
        if (o && o->keep && !o->keep(o->keep_ctx, &mt.rec))
            continue;
        if (stop) {
            st->total++;
            continue;
        }
        st->total++;
        overlap(&ts, mt.rec.text.p, mt.rec.text.n, &hits);
        mt.rank = ++st->matched;
        mt.score = mzx_mset_weight(m, k);
        mt.hits = &hits;
        mt.literal = 1;
        stop = fn(&mt, ctx);
    }
    st->exact = 1;
    /* more candidates than were read: the total counts among the most
     * similar ones (1000 kept, or as deep as the reading went) */
    if (rc == MZX_OK && (k < n || mzx_mset_lower(m) > n))
        st->cap = st->total >= MZ_SIMILAR_MAX ? MZ_SIMILAR_MAX : depth;
    mz_hits_free(&hits);
    mzx_mset_destroy(m);
    mzx_query_free(q);
    for (size_t i = 0; i < ts.n; i++)
        free(ts.v[i]);
    free(ts.v);
    return rc;
}
