/* walk.h — find the files to index under the given roots. */
#ifndef MZ_WALK_H
#define MZ_WALK_H

#include <stddef.h>
#include <sys/types.h>

/* A folder below a root that could not be read, and why. */
typedef struct {
    char *path, *reason;
} mz_walk_skip_t;

/* Which file a path is (a link: the file it points to). */
typedef struct {
    dev_t dev;
    ino_t ino;
    int link;       /* the path is a symbolic link */
} mz_file_id_t;

typedef struct {
    char **paths;   /* absolute, malloc'd; sorted within each root */
    mz_file_id_t *ids;      /* ids[i]: which file paths[i] is */
    size_t n, cap;
    mz_walk_skip_t *skips;  /* folders passed over (what was indexed
                               under them must be kept) */
    size_t nskips;
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
 * a file named as a root is taken whatever its name.  A folder below root
 * that cannot be read (or is more than 64 deep) is added to list->skips.
 * Returns 0, or -1 with errno set when root itself cannot be read (or out
 * of memory). */
int mz_walk(const char *root, const mz_walk_filter_t *filter,
            mz_filelist_t *list);
void mz_filelist_free(mz_filelist_t *list);

/* Keep one path per file (device and inode, as the walk saw them) in
 * list, after the walks of all roots: the first found, unless it is a
 * symbolic link and another path is not (nested roots, a file also named
 * as a root, a link to a file the walk finds anyway, hard links).  Order
 * is kept.  Returns 0, or -1 out of memory (the list is unchanged). */
int mz_filelist_dedupe(mz_filelist_t *list);

/* 1 if a file with this name is one mzindex reads when walking. */
int mz_walk_wanted(const char *name);

#endif
