/* walk.c — recursive directory walk (see walk.h). */
#include "walk.h"
#include "extract.h"

#include <dirent.h>
#include <fnmatch.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

int mz_walk_wanted(const char *name)
{
    return mz_extract_wanted(name);
}

static int add(mz_filelist_t *l, const char *path)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **p = realloc(l->paths, cap * sizeof *p);
        if (!p)
            return -1;
        l->paths = p;
        l->cap = cap;
    }
    if (!(l->paths[l->n] = strdup(path)))
        return -1;
    l->n++;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int matches(char *const *pats, size_t n, const char *rel,
                   const char *name)
{
    for (size_t i = 0; i < n; i++) {
        int path = strchr(pats[i], '/') != NULL;
        if (fnmatch(pats[i], path ? rel : name, path ? FNM_PATHNAME : 0) == 0)
            return 1;
    }
    return 0;
}

typedef struct {
    const mz_walk_filter_t *f;
    size_t rootlen;
} walk_t;

/* Walk dir (absolute); unreadable subdirectories are passed over. */
static int walk_dir(const walk_t *w, const char *dir, mz_filelist_t *l,
                    int depth)
{
    if (depth > 64)
        return 0;
    DIR *d = opendir(dir);
    if (!d)
        return depth == 0 ? -1 : 0;
    size_t first = l->n;
    struct dirent *e;
    char path[PATH_MAX];
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >=
            sizeof path)
            continue;
        struct stat st;
        if (lstat(path, &st) < 0)
            continue;
        const char *rel = path + w->rootlen + 1;
        if (w->f && matches(w->f->exclude, w->f->nexclude, rel, e->d_name))
            continue;
        if (S_ISDIR(st.st_mode)) {
            rc = walk_dir(w, path, l, depth + 1);
        } else if (mz_walk_wanted(e->d_name) &&
                   (!w->f || !w->f->ninclude ||
                    matches(w->f->include, w->f->ninclude, rel, e->d_name))) {
            /* a symlink to a regular file is read; to a directory, not */
            if (S_ISLNK(st.st_mode) && (stat(path, &st) < 0 ||
                                        !S_ISREG(st.st_mode)))
                continue;
            if (S_ISREG(st.st_mode))
                rc = add(l, path);
        }
    }
    closedir(d);
    if (rc == 0 && l->n > first)
        qsort(l->paths + first, l->n - first, sizeof *l->paths, by_name);
    return rc;
}

int mz_walk(const char *root, const mz_walk_filter_t *filter,
            mz_filelist_t *l)
{
    char abs[PATH_MAX];
    struct stat st;
    if (!realpath(root, abs) || stat(abs, &st) < 0)
        return -1;
    walk_t w = {filter, strlen(abs)};
    if (S_ISDIR(st.st_mode))
        return walk_dir(&w, abs, l, 0);
    return add(l, abs);
}

void mz_filelist_free(mz_filelist_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->paths[i]);
    free(l->paths);
    memset(l, 0, sizeof *l);
}
