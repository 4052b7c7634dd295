/* similar.h — passages like a given text: a writer checks a draft paragraph
 * against what was written before (mzsearch --similar FILE|-). */
#ifndef MZ_SIMILAR_H
#define MZ_SIMILAR_H

#include "search.h"

/* At most this many passages are ranked: the best of those that share a
 * bigram or word with the text (and pass the filters and words given).
 * Under filters or words the reading goes on past the first MZ_SIMILAR_MAX
 * candidates, up to MZ_SIMILAR_DEPTH times as many, so that a filter
 * keeps the passages most like the text among those it keeps, not among
 * the best 1000 of all. */
enum { MZ_SIMILAR_MAX = 1000, MZ_SIMILAR_DEPTH = 20 };

/* Rank passages by BM25 over the index terms of text[0..len) (its bigrams
 * and words, each once) and call fn for each, best first, with hits on the
 * stretches of the passage that share a bigram or word with the text (and
 * on the words of `words`), until fn asks to stop.  words (NULL: none) is a
 * query the passages must match too, q its index query; o's weighting and
 * kind, year and type filters apply (o may be NULL).  st->total counts
 * every passage ranked, exactly (the reading goes on, without calling fn,
 * to count them); st->cap is how many of the most similar candidates the
 * total counts among, when more share wording with the text (0: all). */
mzx_status_t mz_similar(mzx_db_t *db, const char *text, size_t len,
                        const mz_qnode_t *words, const mzx_query_t *q,
                        const mz_search_opts_t *o, mz_match_fn fn, void *ctx,
                        mz_search_stats_t *st);

#endif
