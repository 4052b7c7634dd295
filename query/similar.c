/* similar.c — mzsearch --similar (see similar.h). */
#include "similar.h"
#include "segment.h"

#include <stdlib.h>
#include <string.h>

/* At most this many distinct terms of the text are asked for, and this
 * many candidates read. */
enum { MAX_TERMS = 1024, MAX_CANDIDATES = 1000 };

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

/* Hits: every bigram and word of the passage that the text has too. */
static void overlap(const terms_t *ts, const char *p, size_t n,
                    mz_hits_t *hits)
{
    mz_seg_t s;
    mz_token_t tok, prev = {0};
    int have_prev = 0;
    hits->n = 0;
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

mzx_status_t mz_similar(mzx_db_t *db, const char *text, size_t len,
                        const mzx_weighting_t *w, mz_match_fn fn, void *ctx,
                        mz_search_stats_t *st)
{
    memset(st, 0, sizeof *st);
    terms_t ts = {calloc(MAX_TERMS, sizeof(char *)), 0, 0};
    if (!ts.v)
        return MZX_NOMEM;
    mz_seg_terms(text, len, collect, &ts);
    mzx_status_t rc = ts.oom ? MZX_NOMEM : MZX_OK;
    size_t u = 0;
    if (ts.n > 1)
        qsort(ts.v, ts.n, sizeof *ts.v, by_str);
    for (size_t i = 0; i < ts.n; i++) {  /* each term once */
        if (u && strcmp(ts.v[u - 1], ts.v[i]) == 0)
            free(ts.v[i]);
        else
            ts.v[u++] = ts.v[i];
    }
    ts.n = u;
    mzx_query_t **qs = calloc(ts.n + 1, sizeof *qs);
    mzx_query_t *q = NULL;
    if (rc == MZX_OK && qs) {
        for (size_t i = 0; i < ts.n; i++)
            qs[i] = mzx_query_term(ts.v[i], strlen(ts.v[i]));
        q = mzx_query_combine(MZX_OP_OR, qs, ts.n);
        for (size_t i = 0; i < ts.n; i++)
            mzx_query_free(qs[i]);
    }
    free(qs);
    mzx_mset_t *m = NULL;
    if (rc == MZX_OK && !q)
        rc = MZX_NOMEM;
    if (rc == MZX_OK)
        rc = mzx_db_search(db, q, w, 0, MAX_CANDIDATES, 0, &m);
    mz_hits_t hits = {0};
    for (unsigned i = 0; rc == MZX_OK && i < mzx_mset_size(m); i++) {
        const char *data;
        size_t dlen;
        mz_match_t mt = {0};
        rc = mzx_mset_data(m, i, &data, &dlen);
        if (rc != MZX_OK || !data || mz_record_decode(data, dlen, &mt.rec) < 0)
            continue;
        rc = mz_record_find_file(db, mzx_mset_docid(m, i), &mt.rec);
        if (rc != MZX_OK)
            break;
        if (mt.rec.file.n && !mt.rec.path.n)
            continue;  /* its file is gone meanwhile */
        overlap(&ts, mt.rec.text.p, mt.rec.text.n, &hits);
        mt.rank = ++st->matched;
        mt.score = mzx_mset_weight(m, i);
        mt.hits = &hits;
        mt.literal = 1;
        if (fn(&mt, ctx))
            break;
    }
    st->total = m ? mzx_mset_estimate(m) : 0;
    st->exact = 0;
    mz_hits_free(&hits);
    mzx_mset_destroy(m);
    mzx_query_free(q);
    for (size_t i = 0; i < ts.n; i++)
        free(ts.v[i]);
    free(ts.v);
    return rc;
}
