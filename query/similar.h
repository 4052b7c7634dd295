/* similar.h — passages like a given text: a writer checks a draft paragraph
 * against what was written before (mzsearch --similar FILE|-). */
#ifndef MZ_SIMILAR_H
#define MZ_SIMILAR_H

#include "search.h"

/* Rank passages by BM25 over the index terms of text[0..len) (its bigrams
 * and words, each once) and call fn for each, best first, with hits on the
 * stretches of the passage that share a bigram or word with the text, until
 * fn asks to stop. */
mzx_status_t mz_similar(mzx_db_t *db, const char *text, size_t len,
                        const mzx_weighting_t *w, mz_match_fn fn, void *ctx,
                        mz_search_stats_t *st);

#endif
