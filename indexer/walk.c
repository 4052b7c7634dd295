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

/* st: the file's (for a link, its target's) */
static int add(mz_filelist_t *l, const char *path, const struct stat *st,
               int link)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **p = realloc(l->paths, cap * sizeof *p);
        if (!p)
            return -1;
        l->paths = p;
        mz_file_id_t *id = realloc(l->ids, cap * sizeof *id);
        if (!id)
            return -1;
        l->ids = id;
        l->cap = cap;
    }
    if (!(l->paths[l->n] = strdup(path)))
        return -1;
    l->ids[l->n].dev = st->st_dev;
    l->ids[l->n].ino = st->st_ino;
    l->ids[l->n].link = link;
    l->n++;
    return 0;
}

typedef struct {
    char *path;
    mz_file_id_t id;
} entry_t;

static int by_name(const void *a, const void *b)
{
    return strcmp(((const entry_t *)a)->path, ((const entry_t *)b)->path);
}

/* Sort l's entries from first on by path. */
static int sort_from(mz_filelist_t *l, size_t first)
{
    size_t n = l->n - first;
    entry_t *e = malloc(n * sizeof *e);
    if (!e)
        return -1;
    for (size_t i = 0; i < n; i++) {
        e[i].path = l->paths[first + i];
        e[i].id = l->ids[first + i];
    }
    qsort(e, n, sizeof *e, by_name);
    for (size_t i = 0; i < n; i++) {
        l->paths[first + i] = e[i].path;
        l->ids[first + i] = e[i].id;
    }
    free(e);
    return 0;
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

static int note_skip(mz_filelist_t *l, const char *dir, const char *why)
{
    mz_walk_skip_t *v = realloc(l->skips, (l->nskips + 1) * sizeof *v);
    if (!v)
        return -1;
    l->skips = v;
    char *p = strdup(dir), *r = strdup(why);
    if (!p || !r) {
        free(p);
        free(r);
        return -1;
    }
    v[l->nskips].path = p;
    v[l->nskips].reason = r;
    l->nskips++;
    return 0;
}

static int note_unreadable(mz_filelist_t *l, const char *dir, int err)
{
    char why[256];
    snprintf(why, sizeof why, "cannot read the folder: %s", strerror(err));
    return note_skip(l, dir, why);
}

/* Walk dir (absolute).  A subfolder that cannot be read is noted in
 * l->skips: the update keeps what was indexed under it. */
static int walk_dir(const walk_t *w, const char *dir, mz_filelist_t *l,
                    int depth)
{
    if (depth > 64)
        return note_skip(l, dir, "more than 64 folders deep");
    DIR *d = opendir(dir);
    if (!d)
        return depth == 0 ? -1 : note_unreadable(l, dir, errno);
    size_t first = l->n;
    struct dirent *e;
    char path[PATH_MAX];
    int rc = 0;
    while (rc == 0) {
        errno = 0;
        if ((e = readdir(d)) == NULL) {
            if (errno)
                rc = note_unreadable(l, dir, errno);
            break;
        }
        if (e->d_name[0] == '.')
            continue;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >=
            sizeof path)
            continue;
        struct stat st;
        if (lstat(path, &st) < 0) {
            if (errno == ENOENT)
                continue; /* gone since readdir */
            /* a folder listed but not searchable (mode r--) */
            rc = note_unreadable(l, dir, errno);
            break;
        }
        const char *rel = path + w->rootlen + 1;
        if (w->f && matches(w->f->exclude, w->f->nexclude, rel, e->d_name))
            continue;
        if (S_ISDIR(st.st_mode)) {
            rc = walk_dir(w, path, l, depth + 1);
        } else if (mz_walk_wanted(e->d_name) &&
                   (!w->f || !w->f->ninclude ||
                    matches(w->f->include, w->f->ninclude, rel, e->d_name))) {
            /* a symlink to a regular file is read; to a directory, not */
            int link = S_ISLNK(st.st_mode);
            if (link && (stat(path, &st) < 0 || !S_ISREG(st.st_mode)))
                continue;
            if (S_ISREG(st.st_mode))
                rc = add(l, path, &st, link);
        }
    }
    closedir(d);
    if (rc == 0 && l->n > first + 1)
        rc = sort_from(l, first);
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
    return add(l, abs, &st, 0);
}

void mz_filelist_free(mz_filelist_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->paths[i]);
    free(l->paths);
    free(l->ids);
    for (size_t i = 0; i < l->nskips; i++) {
        free(l->skips[i].path);
        free(l->skips[i].reason);
    }
    free(l->skips);
    memset(l, 0, sizeof *l);
}

/* ---- one path per file ---------------------------------------------------- */

typedef struct {
    mz_file_id_t id;
    size_t i;           /* where it stands in the list */
} ident_t;

static int by_ident(const void *a, const void *b)
{
    const ident_t *x = a, *y = b;
    if (x->id.dev != y->id.dev)
        return x->id.dev < y->id.dev ? -1 : 1;
    if (x->id.ino != y->id.ino)
        return x->id.ino < y->id.ino ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

int mz_filelist_dedupe(mz_filelist_t *l)
{
    if (l->n < 2)
        return 0;
    ident_t *id = malloc(l->n * sizeof *id);
    char *drop = calloc(l->n, 1);
    if (!id || !drop) {
        free(id);
        free(drop);
        return -1;
    }
    for (size_t i = 0; i < l->n; i++) {
        id[i].id = l->ids[i];
        id[i].i = i;
    }
    qsort(id, l->n, sizeof *id, by_ident);
    for (size_t g = 0, end; g < l->n; g = end) {
        size_t keep = g;
        for (end = g + 1; end < l->n && id[end].id.dev == id[g].id.dev &&
                          id[end].id.ino == id[g].id.ino;
             end++)
            if (id[keep].id.link && !id[end].id.link)
                keep = end;
        for (size_t k = g; k < end; k++)
            drop[id[k].i] = k != keep;
    }
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (drop[i]) {
            free(l->paths[i]);
            continue;
        }
        l->ids[n] = l->ids[i];
        l->paths[n++] = l->paths[i];
    }
    l->n = n;
    free(id);
    free(drop);
    return 0;
}
