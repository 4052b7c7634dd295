/* evidence.h — ranking by evidence of the topic, not by phase alone.
 *
 * A page search reads a bounded pool of each phase's best matches (the
 * words as typed, the thesaurus forms, the words in a heading), scores each
 * from what the passage, its headings and the pooled passages of its
 * section and of its document say about the topic (the query's words and
 * their forms: its vocabulary), and lists the pool best first; matches past
 * the pool follow in phase order. */
#ifndef MZ_EVIDENCE_H
#define MZ_EVIDENCE_H

#include "search.h"

#include <stdint.h>

/* The most matches one phase gives the pool. */
enum { MZ_POOL_PER_PHASE = 50 };

typedef struct mz_pool mz_pool_t;

/* A pool for a search of lit (the words as typed) whose topic's
 * vocabulary is voc (lit with the thesaurus forms; lit when NULL).  NULL
 * when out of memory.  Both trees must outlive the pool. */
mz_pool_t *mz_pool_new(const mz_qnode_t *lit, const mz_qnode_t *voc);
void mz_pool_free(mz_pool_t *p);

/* The matches added next come from a phase of the part of the material
 * the query names (part 1) or not (0). */
void mz_pool_phase(mz_pool_t *p, int part);

/* An mz_match_fn: m copied into the pool; asks to stop when the phase has
 * given MZ_POOL_PER_PHASE, or when out of memory (mz_pool_oom). */
int mz_pool_add(const mz_match_t *m, void *pool);
/* The phase open goes on, taking up to n more matches (its best of a
 * narrower query: they are scored as shares of the phase's best). */
void mz_pool_extend(mz_pool_t *p, unsigned long n);
/* How many of the open phase's matches are of a genre that writes about
 * topics (a review, a rectification, a speech, a work report). */
unsigned long mz_pool_phase_writing(const mz_pool_t *p);
int mz_pool_oom(const mz_pool_t *p);

/* The words of tree (the forms of the topic's parts) join the vocabulary,
 * counting half as much as the topic's own forms. */
void mz_pool_forms(mz_pool_t *p, const mz_qnode_t *tree);

/* The matches added next (until the next mz_pool_phase: the words apart)
 * rank after every other but those of other senses. */
void mz_pool_tail(mz_pool_t *p);
/* The words of tree (learned from the archive, learn.h) join the
 * vocabulary as forms; a match that only they find ranks after every
 * other.  tree must outlive the pool. */
void mz_pool_learned(mz_pool_t *p, const mz_qnode_t *tree);

/* Every match scored and the pool sorted, best first (again after new
 * matches or words): -1 when out of memory. */
int mz_pool_rank(mz_pool_t *p);
size_t mz_pool_size(const mz_pool_t *p);
/* The i-th match (its record's path and title as the phase left them;
 * score: its evidence); the pool owns it. */
mz_match_t *mz_pool_match(mz_pool_t *p, size_t i);

/* After mz_pool_rank: the texts of up to max best matches with the words
 * as typed in them, their documents (as hashes) and file keys; how many. */
size_t mz_pool_feedback(const mz_pool_t *p, size_t max, mz_str_t *texts,
                        uint64_t *docs, mz_str_t *files);

#endif
