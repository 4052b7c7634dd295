/* walk.h — find the files to index under the given roots. */
#ifndef MZ_WALK_H
#define MZ_WALK_H

#include <stddef.h>

typedef struct {
    char **paths;   /* absolute, malloc'd; sorted within each root */
    size_t n, cap;
} mz_filelist_t;

/* Glob filters (fnmatch): a pattern with a '/' is matched against the path
 * relative to the root, one without against the name alone.  A file is
 * taken when it matches no exclude and, if there are includes, some
 * include; a folder matching an exclude is not entered. */
typedef struct {
    char *const *include;
    size_t ninclude;
    char *const *exclude;
    size_t nexclude;
} mz_walk_filter_t;

/* Add root (a file or a directory, walked recursively) to list.  Hidden
 * entries (".name") are skipped, symbolic links to directories are not
 * followed, and only .txt/.md/.markdown files are taken from directories;
 * a file named as a root is taken whatever its name.  Returns 0, or -1
 * with errno set when root itself cannot be read. */
int mz_walk(const char *root, const mz_walk_filter_t *filter,
            mz_filelist_t *list);
void mz_filelist_free(mz_filelist_t *list);

/* 1 if a file with this name is one mzindex reads when walking. */
int mz_walk_wanted(const char *name);

#endif
