/* full.c — the full build: a new base on every core and a new live
 * database beside the index (for --servable, the base itself holds what
 * the live one would), swapped in by one rename() of the stub.
 *
 * The live index is untouched until the swap.  In auto_mode (an update
 * that changes much, not a rebuild), a file indexed before that cannot be
 * read now, or a root that cannot be walked, makes it give up
 * (MZ_FULL_FALLBACK) so that the update keeps what it has; so do files
 * indexed under a folder that cannot be read now, or under a root that
 * lost most of its files (mz_update_guard).  Such a root makes a rebuild
 * give up, unless accept_removals. */
#include "build.h"
#include "engine.h"
#include "indexdir.h"
#include "kind.h"
#include "walk.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int count_record(const char *k, size_t kl, const char *v, size_t vl,
                        void *ctx)
{
    (void)k, (void)kl, (void)v, (void)vl;
    ++*(unsigned long *)ctx;
    return 0;
}

/* Write the new live database's metadata: the run's settings and a record
 * (or skip note) for every file built into the base. */
static mzx_status_t write_full_meta(mzx_writer_t *w, const mz_roots_t *roots,
                                    const mz_roots_t *inc,
                                    const mz_roots_t *exc, int servable,
                                    const mz_filelist_t *fl,
                                    const mz_built_file_t *bf)
{
    mzx_status_t st = mz_save_settings(w, roots, inc, exc, servable);
    if (st == MZX_OK) /* every passage was cut by this program */
        st = mzx_writer_set_meta(w, MZ_META_KINDS, "1", 1);
    for (size_t i = 0; st == MZX_OK && i < fl->n; i++)
        st = bf[i].record
                 ? mz_put_file_meta(w, MZ_META_FILE, fl->paths[i], bf[i].record)
                 : mz_put_skip_note(w, fl->paths[i], bf[i].why ? bf[i].why : "?");
    for (size_t i = 0; st == MZX_OK && i < fl->nskips; i++)
        st = mz_put_skip_note(w, fl->skips[i].path, fl->skips[i].reason);
    return st;
}

/* Walk the roots into fl (their absolute forms into abs).  A root that
 * cannot be walked: MZ_FULL_FALLBACK in auto_mode, else a line and
 * st->bad_roots.  Returns MZ_FULL_DONE to go on. */
static int walk_roots(mz_run_t *r, const mz_roots_t *roots,
                      const mz_walk_filter_t *filter, int auto_mode,
                      mz_filelist_t *fl, mz_roots_t *abs,
                      mz_update_stats_t *st)
{
    for (size_t i = 0; i < roots->n; i++) {
        char buf[PATH_MAX];
        int ok = realpath(roots->v[i], buf) != NULL;
        if (mz_roots_add(abs, ok ? buf : roots->v[i]) < 0 || !ok ||
            mz_walk(buf, filter, fl) < 0) {
            if (auto_mode)
                return MZ_FULL_FALLBACK;
            mz_run_fail(r, MZ_STATUS_IO, "cannot_read", "cannot read %s: "
                        "%s; check the path", roots->v[i], strerror(errno));
            st->bad_roots++;
        }
    }
    return MZ_FULL_DONE;
}

/* Count what changed against the records of before (old, may be NULL).
 * before: how many records old holds.
 * Returns MZ_FULL_FALLBACK in auto_mode when a file indexed before cannot
 * be read now, else MZ_FULL_DONE. */
static int count_changes(mzx_db_t *old, unsigned long before,
                         const mz_filelist_t *fl, const mz_built_file_t *bf,
                         int auto_mode, mz_update_stats_t *st)
{
    unsigned long kept = 0;
    for (size_t i = 0; i < fl->n; i++) {
        char fk[MZ_FILE_KEY_LEN + 1], key[64], *prev = NULL;
        size_t plen = 0;
        mz_file_key(fl->paths[i], fk);
        snprintf(key, sizeof key, "%s%s", MZ_META_FILE, fk);
        if (old)
            mzx_db_get_meta(old, key, &prev, &plen);
        kept += prev != NULL;
        mz_file_rec_t r1, r2;
        if (!bf[i].record) {
            int had = prev != NULL;
            free(prev);
            if (auto_mode && had)
                return MZ_FULL_FALLBACK;
            continue;
        }
        if (!prev)
            st->added++;
        else if (mz_file_record_parse(prev, plen, &r1) == 0 &&
                 mz_file_record_parse(bf[i].record, strlen(bf[i].record),
                                      &r2) == 0 &&
                 r1.hash == r2.hash)
            st->unchanged++;
        else
            st->updated++;
        free(prev);
        st->passages += bf[i].passages;
        st->bytes += bf[i].bytes;
    }
    if (old)
        st->removed = before > kept ? before - kept : 0;
    return MZ_FULL_DONE;
}

/* Check the walk against the records of before (old, may be NULL):
 * MZ_FULL_FALLBACK in auto_mode when an update in place would keep
 * records this build would lose; MZ_FULL_FAILED after a line for each
 * root that lost most of its files (mz_update_guard), or one for files
 * under folders a rebuild cannot read (unless accept_removals); else
 * MZ_FULL_DONE.
 * A rebuild is also the way out of a damaged index: records it cannot
 * read do not stop it (an update in place can tell what it keeps). */
static int guard(mz_run_t *r, mzx_db_t *old, const mz_roots_t *abs,
                 const mz_filelist_t *fl, int auto_mode,
                 mz_update_stats_t *st)
{
    size_t keep = 0;
    if (old && mz_update_guard(old, abs->v, abs->n, fl,
                               r->o->accept_removals, st, &keep) != MZX_OK)
        keep = auto_mode;
    if (auto_mode && keep)
        return MZ_FULL_FALLBACK;
    if (st->ngone) {
        mz_run_report_gone(r, st);
        return MZ_FULL_FAILED;
    }
    /* a rebuild keeps nothing of before: what it cannot read would be
     * dropped from the index */
    if (keep && !r->o->accept_removals) {
        mz_run_fail(r, MZ_STATUS_FILES_GONE, "files_gone", "cannot read %s: "
                    "the rebuild would drop the %zu files indexed under it; "
                    "the live index is unchanged (make it readable, or give "
                    "--accept-removals to drop them)",
                    fl->nskips ? fl->skips[0].path : "a folder", keep);
        return MZ_FULL_FAILED;
    }
    if (st->bad_roots && !r->o->accept_removals) {
        mz_run_fail(r, MZ_STATUS_FILES_GONE, "files_gone", "a folder to "
                    "index cannot be read (see above): the rebuild would "
                    "drop its files; the live index is unchanged (check "
                    "the path, or give --accept-removals)");
        return MZ_FULL_FAILED;
    }
    return MZ_FULL_DONE;
}

/* Build the base from fl; its name to *base.  -1 after a line. */
static int build_base(mz_run_t *r, const mz_filelist_t *fl,
                      const mz_roots_t *abs, int servable,
                      mz_built_file_t *bf, char **base,
                      mz_update_stats_t *st)
{
    char *err = NULL;
    int interrupted = 0;
    mz_build_opts_t bo = {.paths = fl->paths, .n = fl->n,
                          .jobs = r->o->jobs, .termlists = servable,
                          .cb = r->cb, .stop = r->o->stop,
                          .roots = abs->v, .nroots = abs->n};
    mzx_status_t xs = mz_build_base(&bo, r->index, base, bf, &interrupted,
                                    &err);
    if (interrupted) {
        mz_run_fail(r, MZ_STATUS_INTERRUPTED, "interrupted", "interrupted; "
                    "the live index is unchanged (run mzindex %sagain)",
                    r->o->rebuild ? "--rebuild " : "");
        st->interrupted = 1;
    } else if (xs != MZX_OK) {
        mz_run_fail(r, MZ_STATUS_IO, "index_error", "building %s failed: "
                    "%s (%s); the live index is unchanged", r->index,
                    err ? err : "", mzx_status_str(xs));
    }
    free(err);
    return interrupted || xs != MZX_OK ? -1 : 0;
}

/* The database the run's metadata goes to, named *newname: a new one
 * beside the index, or for a servable build the base itself, renamed (a
 * server opens the stub's every database, and an empty live one beside
 * the base costs it on each term; the shim skips it, xapian-tcpsrv
 * cannot).  Updates then write into that one database: the base's
 * passages keep their base keys, so replacing or removing a file buries
 * them with a tombstone as before.  NULL after a line. */
static mzx_writer_t *meta_writer(mz_run_t *r, int servable, const char *base,
                                 char **newname)
{
    *newname = mz_index_next_name(r->index);
    char *newpath = *newname ? mz_path_join(r->index, *newname) : NULL;
    char *basepath = servable ? mz_path_join(r->index, base) : NULL;
    mzx_writer_t *w = NULL;
    if (servable && newpath && (!basepath || rename(basepath, newpath) < 0))
        mz_run_fail(r, MZ_STATUS_IO, "write_failed", "cannot rename %s to "
                    "%s: %s; the live index is unchanged", basepath ? basepath
                    : base, newpath, basepath ? strerror(errno) : "no memory");
    else if (newpath)
        w = mz_run_open_writer(r, newpath);
    free(newpath);
    free(basepath);
    return w;
}

/* Write the run's metadata (see meta_writer) and swap it in with base
 * (alone for a servable build).  -1 after a line. */
static int write_and_swap(mz_run_t *r, const mz_roots_t *roots,
                          const mz_roots_t *inc, const mz_roots_t *exc,
                          int servable, const mz_filelist_t *fl,
                          const mz_built_file_t *bf, const char *base,
                          char **newname)
{
    mzx_writer_t *w = meta_writer(r, servable, base, newname);
    if (!w)
        return -1;
    mzx_status_t xs = write_full_meta(w, roots, inc, exc, servable, fl, bf);
    if (xs == MZX_OK) {
        xs = mzx_writer_close(w, NULL);
        w = NULL;
    }
    if (xs != MZX_OK) {
        mz_run_fail(r, MZ_STATUS_IO, "write_failed", "cannot write to %s: "
                    "%s; the live index is unchanged", r->index,
                    w ? mzx_writer_error(w) : mzx_status_str(xs));
        mzx_writer_destroy(w);
        return -1;
    }
    if (mz_index_swap_pair(r->index, *newname, servable ? NULL : base) < 0)
        return mz_run_fail(r, MZ_STATUS_IO, "write_failed", "cannot switch "
                           "%s to the new index: %s; the old index stays "
                           "live", r->index, strerror(errno));
    return 0;
}

/* Tell and note the files the build skipped. */
static void tell_skips(mz_run_t *r, const mz_filelist_t *fl,
                       const mz_built_file_t *bf, mz_update_stats_t *st)
{
    for (size_t i = 0; i < fl->nskips + fl->n; i++) {
        int folder = i < fl->nskips;
        size_t k = folder ? i : i - fl->nskips;
        if (!folder && bf[k].record)
            continue;
        const char *path = folder ? fl->skips[k].path : fl->paths[k];
        const char *why = folder ? fl->skips[k].reason
                                 : bf[k].why ? bf[k].why : "?";
        if (r->cb && r->cb->skipped)
            r->cb->skipped(r->cb->ctx, path, why);
        mz_update_note_skip(st, path, why);
    }
}

int mz_full_build(mz_run_t *r, const char *livepath, const mz_roots_t *roots,
                  const mz_roots_t *inc, const mz_roots_t *exc, int servable,
                  int auto_mode, mz_update_stats_t *st)
{
    mz_filelist_t fl = {0};
    mz_roots_t abs = {0};
    mz_walk_filter_t filter = {inc->v, inc->n, exc->v, exc->n};
    mzx_db_t *old = NULL;
    mz_built_file_t *bf = NULL;
    char *base = NULL, *newname = NULL;
    int rc = walk_roots(r, roots, &filter, auto_mode, &fl, &abs, st);
    if (rc != MZ_FULL_DONE)
        goto out;
    mzx_db_open(livepath, &old, NULL); /* the records of before, if any */
    unsigned long before = 0;
    if (old)
        mzx_db_meta_each(old, MZ_META_FILE, count_record, &before);
    mzx_status_t xs = mz_filelist_dedupe(&fl) < 0 ? MZX_NOMEM : MZX_OK;
    if (xs == MZX_OK &&
        (rc = guard(r, old, &abs, &fl, auto_mode, st)) != MZ_FULL_DONE)
        goto out;
    rc = MZ_FULL_FAILED;
    if (xs == MZX_OK && !(bf = calloc(fl.n ? fl.n : 1, sizeof *bf)))
        xs = MZX_NOMEM;
    if (xs != MZX_OK) {
        mz_run_fail(r, MZ_STATUS_NOMEM, "index_error", "building %s failed "
                    "(%s); the live index is unchanged", r->index,
                    mzx_status_str(xs));
        goto out;
    }
    if (build_base(r, &fl, &abs, servable, bf, &base, st) < 0)
        goto out;
    rc = count_changes(old, before, &fl, bf, auto_mode, st);
    if (rc != MZ_FULL_DONE)
        goto out;
    rc = MZ_FULL_FAILED;
    if (write_and_swap(r, roots, inc, exc, servable, &fl, bf, base,
                       &newname) < 0)
        goto out;
    tell_skips(r, &fl, bf, st);
    rc = MZ_FULL_DONE;
    /* The databases of before stay on disk until the next run, so that a
     * search that read the stub just before the swap can still open them:
     * the empty one a first build starts from too (removing it at once
     * failed such a search, 1 in 110 under a sanitizer's load). */
out:
    if (rc != MZ_FULL_DONE) {
        if (base)
            mz_index_remove_db(r->index, base);
        if (newname)
            mz_index_remove_db(r->index, newname);
    }
    if (rc == MZ_FULL_FALLBACK) {
        mz_update_stats_free(st);
        memset(st, 0, sizeof *st);
    }
    mzx_db_destroy(old);
    mz_built_files_free(bf, fl.n);
    mz_filelist_free(&fl);
    mz_roots_free(&abs);
    free(base);
    free(newname);
    return rc;
}
