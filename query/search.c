/* search.c — candidates in rank order, verified one by one. */
#include "search.h"
#include "kind.h"

#include <string.h>

enum { FIRST_BATCH = 64, MAX_BATCH = 4096 };

mzx_status_t mz_search(mzx_db_t *db, const mz_qnode_t *tree,
                       const mzx_query_t *q, const mz_search_opts_t *o,
                       mz_match_fn fn, void *ctx, mz_search_stats_t *st)
{
    static const mz_search_opts_t none = {0};
    if (!o)
        o = &none;
    unsigned first = 0, batch = FIRST_BATCH;
    unsigned long examined = 0, estimate = 0;
    int stopped = 0, exhausted = 0;
    mz_hits_t hits = {0};
    memset(st, 0, sizeof *st);
    while (!stopped && !exhausted) {
        mzx_mset_t *m = NULL;
        mzx_status_t rc = mzx_db_search(db, q, o->w, first, batch, 0, &m);
        if (rc != MZX_OK) {
            mz_hits_free(&hits);
            return rc;
        }
        unsigned n = mzx_mset_size(m);
        estimate = mzx_mset_estimate(m);
        exhausted = n < batch;
        unsigned i;
        for (i = 0; i < n && !stopped; i++) {
            const char *data;
            size_t len;
            mz_match_t mt = {0};
            rc = mzx_mset_data(m, i, &data, &len);
            if (rc != MZX_OK) {
                mzx_mset_destroy(m);
                mz_hits_free(&hits);
                return rc;
            }
            examined++;
            if (mz_record_decode(data, len, &mt.rec) < 0)
                continue;  /* not one of our records: nothing to show */
            hits.n = 0;
            if ((o->skip && mz_query_eval(o->skip, mt.rec.text.p,
                                          mt.rec.text.n, NULL)) ||
                (o->kind && strcmp(o->kind, mz_section_kind(
                                                mt.rec.section,
                                                mt.rec.nsection)) != 0) ||
                (o->year && o->year != mt.rec.year) ||
                (o->type && o->type != mt.rec.type)) {
                examined--;
                continue;
            }
            if (!mz_query_eval(tree, mt.rec.text.p, mt.rec.text.n, &hits))
                continue;
            mt.rank = o->rank_base + ++st->matched;
            mt.literal = o->skip == NULL;
            mt.score = mzx_mset_weight(m, i);
            mt.hits = &hits;
            stopped = fn(&mt, ctx);
        }
        if (i < n)
            exhausted = 0;  /* stopped before the end of the candidates */
        mzx_mset_destroy(m);
        first += n;
        if (batch < MAX_BATCH)
            batch *= 4;
    }
    mz_hits_free(&hits);
    st->exact = exhausted;
    if (exhausted) {
        st->total = st->matched;
    } else {
        /* scale the index's estimate by the share of candidates that were
         * exact matches so far */
        double share = examined ? (double)st->matched / (double)examined : 1;
        unsigned long est = (unsigned long)((double)estimate * share + 0.5);
        st->total = est > st->matched ? est : st->matched;
    }
    return MZX_OK;
}

static int count_one(const mz_match_t *m, void *ctx)
{
    (void)m;
    (void)ctx;
    return 0;
}

mzx_status_t mz_count(mzx_db_t *db, const mz_qnode_t *tree,
                      const mzx_query_t *q, const mz_search_opts_t *filter,
                      unsigned long *count)
{
    *count = 0;
    if (mz_query_exact(tree) &&
        !(filter && (filter->kind || filter->year || filter->type))) {
        mzx_mset_t *m = NULL;
        unsigned all = mzx_db_doccount(db);
        mzx_status_t rc = mzx_db_search(db, q, NULL, 0, 0, all ? all : 1, &m);
        if (rc == MZX_OK)
            *count = mzx_mset_estimate(m);
        mzx_mset_destroy(m);
        return rc;
    }
    mz_search_stats_t st;
    mzx_status_t rc = mz_search(db, tree, q, filter, count_one, NULL, &st);
    *count = st.matched;
    return rc;
}
