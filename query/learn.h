/* learn.h — words the archive itself uses with a topic the thesaurus does
 * not know: relevance feedback over the best passages with the words as
 * typed (the text's own terms; the index keeps no term lists to ask). */
#ifndef MZ_LEARN_H
#define MZ_LEARN_H

#include "mzx.h"
#include "query.h"
#include "record.h"

#include <stdint.h>

/* The most words learned for one query, and the fewest best passages to
 * learn from. */
enum { MZ_LEARN_MAX = 4, MZ_LEARN_MIN_PASSAGES = 3 };

/* From texts[0..n) (the best passages with the words lit, best first;
 * docs[i] names the document of texts[i]): up to MZ_LEARN_MAX words of
 * two to four Han characters that several of them use, in at least two
 * documents, and that are rare in db, as a query "w OR w ..." (malloc'd
 * in *out), or NULL there when none qualifies.  -1 when out of memory. */
int mz_learn(mzx_db_t *db, const mz_qnode_t *lit, const mz_str_t *texts,
             const uint64_t *docs, size_t n, char **out);

#endif
