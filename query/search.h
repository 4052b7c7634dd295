/* search.h — run a parsed query: candidates from the index, each checked
 * exactly against its stored passage, in rank order. */
#ifndef MZ_SEARCH_H
#define MZ_SEARCH_H

#include "mzx.h"
#include "query.h"
#include "record.h"

typedef struct {
    unsigned long rank;  /* 1-based among exact matches */
    double score;
    mz_record_t rec;     /* points into data; valid during the callback */
    const mz_hits_t *hits;
    int literal;         /* matched as typed (0: through a thesaurus form) */
} mz_match_t;

/* Return nonzero to stop the search. */
typedef int (*mz_match_fn)(const mz_match_t *m, void *ctx);

typedef struct {
    unsigned long matched;  /* exact matches seen */
    unsigned long total;    /* all matches: exact when `exact`, else an
                               estimate */
    int exact;
} mz_search_stats_t;

/* Call fn for every exact match in rank order until it asks to stop.
 * Passages that also match `skip` (may be NULL) are passed over: the second
 * phase of a thesaurus search skips what the first showed.  Ranks start
 * after rank_base. */
mzx_status_t mz_search(mzx_db_t *db, const mz_qnode_t *tree,
                       const mzx_query_t *q, const mzx_weighting_t *w,
                       const mz_qnode_t *skip, unsigned long rank_base,
                       mz_match_fn fn, void *ctx, mz_search_stats_t *st);

/* The exact number of matching passages: from the index alone when the
 * tree is exact (mz_query_exact), else by checking every candidate. */
mzx_status_t mz_count(mzx_db_t *db, const mz_qnode_t *tree,
                      const mzx_query_t *q, unsigned long *count);

#endif
