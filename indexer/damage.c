/* damage.c — noticing a damaged index, and repairing it by a full build
 * from the folders it held. */
#include "engine.h"
#include "indexdir.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 1 when the folder holds anything but Xapian's lock file. */
static int holds_files(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    int any = 0;
    while (d && !any && (e = readdir(d)) != NULL)
        any = strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
              strcmp(e->d_name, "flintlock") != 0;
    if (d)
        closedir(d);
    return any;
}

/* The base, written once and in order, is read where a cut file shows:
 * the first and last blocks of each table.  With deep (under the writer's
 * lock: no commit can move blocks meanwhile) the live database is read
 * block by block (it holds what changed since the last full build, so it
 * is small, and an update in place writes anywhere in its files).
 * Milliseconds in all on the 58 MB corpus. */
char *mz_find_damage(const char *index, int deep)
{
    char *names[2] = {mz_index_live(index), mz_index_base(index)};
    char *found = NULL;
    for (int i = 0; i < 2 && !found; i++) {
        char *path = names[i] ? mz_path_join(index, names[i]) : NULL;
        char *err = NULL;
        if (!path)
            continue;
        /* a live database that no run has written yet is no damage */
        mzx_status_t st = (i == 1 || access(path, F_OK) == 0)
                              ? mzx_check(path, &(mzx_layout_t)MZ_READ_LAYOUT,
                                          deep && i == 0, &err)
                              : MZX_OK;
        /* under the lock no commit can take a snapshot away: a block of
         * another revision is a damaged one */
        if (st == MZX_MODIFIED && deep) {
            free(err);
            err = strdup("a block holds data of another revision");
        }
        if (st == MZX_CORRUPT || (st == MZX_MODIFIED && deep) ||
            (st == MZX_NO_INDEX && (i == 1 || holds_files(path))))
            if (asprintf(&found, "%s: %s", path,
                         err ? err : mzx_status_str(st)) < 0)
                found = NULL;
        free(err);
        free(path);
    }
    free(names[0]);
    free(names[1]);
    return found;
}

void mz_repair_free(mz_repair_t *rep)
{
    mz_roots_free(&rep->roots);
    mz_roots_free(&rep->inc);
    mz_roots_free(&rep->exc);
    free(rep->damage);
}

/* The roots and filters the live database remembers, if it can be read. */
static void read_remembered(const char *index, const char *live,
                            mz_repair_t *rep)
{
    char *livepath = mz_path_join(index, live), *v;
    mzx_db_t *db = NULL;
    if (livepath && mzx_db_open(livepath, &db, NULL) == MZX_OK) {
        mz_roots_parse(&rep->roots, v = mz_db_meta(db, MZ_META_ROOTS));
        free(v);
        mz_roots_parse(&rep->inc, v = mz_db_meta(db, MZ_META_INCLUDE));
        free(v);
        mz_roots_parse(&rep->exc, v = mz_db_meta(db, MZ_META_EXCLUDE));
        free(v);
    }
    mzx_db_destroy(db);
    free(livepath);
}

/* -1 after a line when a folder to rebuild from cannot be read. */
static int roots_readable(mz_run_t *r, const mz_repair_t *rep)
{
    if (!rep->roots.n)
        return mz_run_fail(r, MZ_STATUS_DAMAGED, "index_damaged", "the "
                           "index at %s is damaged (%s) and the folders it "
                           "indexed cannot be read from it; rebuild it with "
                           "mzindex --index %s --rebuild DIR...", r->index,
                           rep->damage, r->index);
    for (size_t i = 0; i < rep->roots.n; i++)
        if (access(rep->roots.v[i], R_OK) != 0)
            return mz_run_fail(r, MZ_STATUS_DAMAGED, "index_damaged", "the "
                               "index at %s is damaged (%s), and %s cannot "
                               "be read to rebuild it (%s); make it "
                               "readable and run mzindex again, or rebuild "
                               "from other folders with mzindex --index %s "
                               "--rebuild DIR...", r->index, rep->damage,
                               rep->roots.v[i], strerror(errno), r->index);
    return 0;
}

/* r's update made a rebuild from the folders rep holds. */
static void become_rebuild(mz_run_t *r, mz_repair_t *rep)
{
    rep->o = *r->o;
    rep->o.rebuild = 1;
    rep->o.roots = (const char *const *)rep->roots.v;
    rep->o.nroots = rep->roots.n;
    if (!rep->o.ninclude && !rep->o.nexclude) {
        rep->o.include = (const char *const *)rep->inc.v;
        rep->o.ninclude = rep->inc.n;
        rep->o.exclude = (const char *const *)rep->exc.v;
        rep->o.nexclude = rep->exc.n;
    }
    r->o = &rep->o;
}

/* The layout of the index (its live database's metadata) when it holds
 * passages and is older than this program's (malloc'd), else NULL. */
static char *older_layout(const char *index)
{
    char *v = NULL;
    mzx_db_t *db = NULL;
    unsigned docs = 0;
    if (mzx_db_open(index, &db, NULL) == MZX_OK &&
        mzx_db_doccount(db, &docs) == MZX_OK && docs > 0) {
        v = mz_db_meta(db, MZ_META_LAYOUT);
        if (!mz_layout_older(v)) {
            free(v);
            v = NULL;
        } else if (!v) {
            v = strdup("1");
        }
    }
    mzx_db_destroy(db);
    return v;
}

/* An index of an older layout lacks what this program's searches need
 * (e.g. the genre of each passage): an update rebuilds it whole from its
 * folders.  -1 after a line when they cannot be read. */
static int check_layout(mz_run_t *r, const char *live, mz_repair_t *rep)
{
    if (r->compact || r->o->rebuild)
        return 0;
    char *old = older_layout(r->index);
    if (!old)
        return 0;
    read_remembered(r->index, live, rep);
    mz_roots_from_args(&rep->roots, r->o->roots, r->o->nroots);
    for (size_t i = 0; i < rep->roots.n; i++)
        if (access(rep->roots.v[i], R_OK) != 0) {
            mz_run_fail(r, MZ_STATUS_INDEX_VERSION, "index_version", "the "
                        "index at %s has layout %s, older than this mzindex "
                        "writes (%s), and %s cannot be read to rebuild it "
                        "(%s); make it readable and run mzindex again, or "
                        "rebuild from other folders with mzindex --index %s "
                        "--rebuild DIR...", r->index, old, MZ_LAYOUT_VERSION,
                        rep->roots.v[i], strerror(errno), r->index);
            free(old);
            return -1;
        }
    mz_run_say(r, "the index at %s has layout %s, older than this mzindex "
               "writes (%s); rebuilding it from its folders", r->index, old,
               MZ_LAYOUT_VERSION);
    free(old);
    become_rebuild(r, rep);
    return 0;
}

int mz_check_damage(mz_run_t *r, const char *live, mz_repair_t *rep)
{
    if (!(rep->damage = mz_find_damage(r->index, 1)))
        return check_layout(r, live, rep);
    if (r->compact)
        return mz_run_fail(r, MZ_STATUS_DAMAGED, "index_damaged", "the "
                           "index at %s is damaged (%s); rebuild it with "
                           "mzindex --index %s --rebuild", r->index,
                           rep->damage, r->index);
    read_remembered(r->index, live, rep);
    if (r->o->rebuild && r->o->nroots)
        return 0; /* it builds from the folders given */
    mz_roots_from_args(&rep->roots, r->o->roots, r->o->nroots);
    if (roots_readable(r, rep) < 0)
        return -1;
    if (r->o->rebuild)
        return 0;
    mz_run_say(r, "the index at %s is damaged (%s); rebuilding it from its "
               "folders", r->index, rep->damage);
    become_rebuild(r, rep);
    return 0;
}
