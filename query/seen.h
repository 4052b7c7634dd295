/* seen.h — passages by document id: a set that numbers its members in the
 * order they came, so that a caller can keep something for each in an
 * array of its own (the sense memo keeps the other word). */
#ifndef MZ_SEEN_H
#define MZ_SEEN_H

#include <stddef.h>

typedef struct mz_seen mz_seen_t;
mz_seen_t *mz_seen_new(void);   /* NULL when out of memory */
void mz_seen_free(mz_seen_t *s);
/* The number of document id (not 0) in s, from 0 in the order added; -1
 * when it is not there. */
long mz_seen_find(const mz_seen_t *s, unsigned id);
/* Add id (not 0): its number, a new one or the one it had; -1 when out of
 * memory. */
long mz_seen_add(mz_seen_t *s, unsigned id);

#endif
