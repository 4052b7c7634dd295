/* learn.h — words the archive itself uses with a topic the thesaurus does
 * not know: relevance feedback over the best passages with the words as
 * typed (the text's own terms; the index keeps no term lists to ask). */
#ifndef MZ_LEARN_H
#define MZ_LEARN_H

#include "mzx.h"
#include "query.h"
#include "record.h"

#include <stdint.h>

/* The most words learned for one query, and the fewest and the most best
 * passages to learn from. */
enum { MZ_LEARN_MAX = 4, MZ_LEARN_MIN_PASSAGES = 3, MZ_LEARN_FROM_MAX = 16 };

/* From texts[0..n) (the best passages with the words lit, best first;
 * docs[i] names the document of texts[i], files[i] its file key, empty
 * in an index of layout 1): up to MZ_LEARN_MAX words of two to four Han
 * characters that several of them use, in at least two documents, that
 * are rare in db, and that those documents use mostly beside the words
 * (not 主要表现, which a review writes in every problem paragraph), as a
 * query "w OR w ..." (malloc'd in *out), or NULL there when none
 * qualifies.  -1 when out of memory. */
int mz_learn(mzx_db_t *db, const mz_qnode_t *lit, const mz_str_t *texts,
             const uint64_t *docs, const mz_str_t *files, size_t n,
             char **out);

#endif
