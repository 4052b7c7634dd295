/* roots.h — a list of strings kept in the index's metadata one a line:
 * the indexed roots (absolute paths) and the --include/--exclude globs. */
#ifndef MZ_ROOTS_H
#define MZ_ROOTS_H

#include <stddef.h>

typedef struct {
    char **v;
    size_t n;
} mz_roots_t;

/* Add a copy of s unless it is there already.  Returns 0, or -1 out of
 * memory. */
int mz_roots_add(mz_roots_t *r, const char *s);
/* Add each line of s (NULL: none).  Returns 0 or -1. */
int mz_roots_parse(mz_roots_t *r, const char *s);
/* The lines joined by '\n', malloc'd; NULL out of memory. */
char *mz_roots_join(const mz_roots_t *r);
/* Empty r (it can be used again). */
void mz_roots_free(mz_roots_t *r);
/* Add the absolute forms of args (one that does not resolve is added as
 * given: the run reports it).  Returns 0 or -1. */
int mz_roots_from_args(mz_roots_t *r, const char *const *args, size_t n);
/* Leave in old only the roots that are neither in nor under one of now
 * (what a rebuild with other roots no longer indexes). */
void mz_roots_drop_covered(mz_roots_t *old, const mz_roots_t *now);

#endif
