/* dedup.h — near-duplicate passages.  These materials copy each other
 * freely; mzsearch shows one passage of a group of near copies and says
 * where the others are.  Two passages are near copies when the Jaccard
 * similarity of their sets of index terms (bigrams, words) is at least
 * MZ_DUP_JACCARD. */
#ifndef MZ_DEDUP_H
#define MZ_DEDUP_H

#include <stddef.h>
#include <stdint.h>

#define MZ_DUP_JACCARD 0.8

typedef struct {
    uint32_t *h;    /* the hashes of the passage's terms, each once */
    size_t n;
    uint32_t *set;  /* h as an open-addressing set of 1 << bits slots (a
                       hash table is cheaper to make than a sorted list) */
    unsigned bits;
    int zero;       /* the hash 0 is in h (0 marks an empty slot) */
} mz_shingles_t;

/* The shingles of text.  Returns 0, or -1 when out of memory. */
int mz_shingles_make(const char *text, size_t len, mz_shingles_t *out);
void mz_shingles_free(mz_shingles_t *s);
/* |a ∩ b| / |a ∪ b| (1 for two empty sets); when the sizes, or the
 * hashes compared so far, rule out MZ_DUP_JACCARD, a bound below it
 * instead. */
double mz_shingles_jaccard(const mz_shingles_t *a, const mz_shingles_t *b);

#endif
