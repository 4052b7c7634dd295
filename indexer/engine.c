/* engine.c — the indexing calls of the public API (mzsearch.h): take the
 * index's writer lock, open the live database (or build a new one beside
 * it), update or build, swap a finished build in; compact; status. */
#include "engine.h"
#include "clock.h"
#include "indexdir.h"
#include "segment.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- the run's lines and first error ----------------------------------- */

static void tell(mz_run_t *r, mz_status_t st, const char *msg)
{
    if (r->cb && r->cb->message)
        r->cb->message(r->cb->ctx, st, msg);
}

static void keep_error(mz_run_t *r, mz_status_t st, const char *code,
                       const char *msg)
{
    if (r->err->code[0])
        return;
    snprintf(r->err->code, sizeof r->err->code, "%s", code);
    snprintf(r->err->message, sizeof r->err->message, "%s", msg);
    r->status = st;
}

enum { TELL = 1, KEEP = 2 };

/* The three below: format the line once, then tell it to the caller's
 * message callback and/or keep it as the run's first error. */
static void vsay(mz_run_t *r, int what, mz_status_t st, const char *code,
                 const char *fmt, va_list ap)
{
    char msg[sizeof r->err->message];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (what & TELL)
        tell(r, st, msg);
    if (what & KEEP)
        keep_error(r, st, code, msg);
}

void mz_run_say(mz_run_t *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(r, TELL, MZ_STATUS_OK, NULL, fmt, ap);
    va_end(ap);
}

int mz_run_fail(mz_run_t *r, mz_status_t st, const char *code,
                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(r, TELL | KEEP, st, code, fmt, ap);
    va_end(ap);
    r->failed = 1;
    return -1;
}

void mz_run_note(mz_run_t *r, mz_status_t st, const char *code,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(r, KEEP, st, code, fmt, ap);
    va_end(ap);
}

mz_status_t mz_run_status(const mz_run_t *r)
{
    if (!r->failed)
        return MZ_STATUS_OK;
    return r->err->code[0] ? r->status : MZ_STATUS_INTERNAL;
}

/* ---- small shared pieces ----------------------------------------------- */

char *mz_path_join(const char *a, const char *b)
{
    char *s = NULL;
    return asprintf(&s, "%s/%s", a, b) < 0 ? NULL : s;
}

char *mz_db_meta(mzx_db_t *db, const char *key)
{
    char *v = NULL;
    size_t n;
    mzx_db_get_meta(db, key, &v, &n);
    return v;
}

static char *writer_meta(mzx_writer_t *w, const char *key)
{
    char *v = NULL;
    size_t n;
    mzx_writer_get_meta(w, key, &v, &n);
    return v;
}

mzx_writer_t *mz_run_open_writer(mz_run_t *r, const char *path)
{
    mzx_writer_t *w = NULL;
    char *err = NULL;
    mzx_status_t st = mzx_writer_open(path, &w, &err);
    if (st == MZX_LOCKED)
        mz_run_fail(r, MZ_STATUS_LOCKED, "locked", "another process is "
                    "writing to %s; wait for it to finish and run again",
                    r->index);
    else if (st != MZX_OK)
        mz_run_fail(r, MZ_STATUS_IO, "index_error", "cannot open the index "
                    "at %s: %s; check the path and its permissions, or "
                    "rebuild it with mzindex --rebuild",
                    r->index, err ? err : mzx_status_str(st));
    free(err);
    return w;
}

static mzx_status_t set_meta(mzx_writer_t *w, const char *key,
                             const char *v)
{
    return mzx_writer_set_meta(w, key, v, strlen(v));
}

mzx_status_t mz_save_settings(mzx_writer_t *w, const mz_roots_t *roots,
                              const mz_roots_t *inc, const mz_roots_t *exc,
                              int servable)
{
    char stamp[32];
    snprintf(stamp, sizeof stamp, "%lld", (long long)time(NULL));
    char *ij = mz_roots_join(inc), *ej = mz_roots_join(exc);
    char *rj = mz_roots_join(roots);
    mzx_status_t st = ij && ej && rj ? MZX_OK : MZX_NOMEM;
    if (st == MZX_OK)
        st = set_meta(w, MZ_META_INCLUDE, ij);
    if (st == MZX_OK)
        st = set_meta(w, MZ_META_EXCLUDE, ej);
    if (st == MZX_OK)
        st = set_meta(w, MZ_META_SEGMENTER, MZ_SEG_VERSION);
    if (st == MZX_OK)
        st = set_meta(w, MZ_META_SENSE, mz_sense_version());
    if (st == MZX_OK)
        st = set_meta(w, MZ_META_LAYOUT, MZ_LAYOUT_VERSION);
    if (st == MZX_OK)
        st = set_meta(w, MZ_META_ROOTS, rj);
    if (st == MZX_OK)
        st = set_meta(w, MZ_META_UPDATED, stamp);
    if (st == MZX_OK && servable)
        st = set_meta(w, MZ_META_SERVABLE, "1");
    free(ij);
    free(ej);
    free(rj);
    return st;
}

void mz_run_report_gone(mz_run_t *r, const mz_update_stats_t *s)
{
    for (size_t i = 0; i < s->ngone; i++)
        mz_run_say(r, "%s: %lu of %lu indexed files are gone "
                   "(not mounted?); %s. If they were deleted, run "
                   "mzindex %s--accept-removals",
                   s->gone[i].path, s->gone[i].gone, s->gone[i].indexed,
                   r->o->rebuild ? "nothing was rebuilt and the live index "
                                   "is left as it was"
                                 : "kept them",
                   r->o->rebuild ? "--rebuild " : "");
}

/* ---- taking the index: checks, the lock, the live database ------------- */

/* -1 when folders or files were given and none of them can be read (each
 * named in a line): there is nothing to do, and no index to make. */
static int no_root_readable(mz_run_t *r)
{
    int readable = 0;
    for (size_t i = 0; i < r->o->nroots; i++)
        readable |= access(r->o->roots[i], R_OK) == 0;
    if (readable || !r->o->nroots)
        return 0;
    for (size_t i = 0; i < r->o->nroots; i++) {
        int e = access(r->o->roots[i], R_OK) == 0 ? 0 : errno;
        mz_run_fail(r, MZ_STATUS_IO, "cannot_read", "cannot read %s: %s; "
                    "check the path (the index is left as it was)",
                    r->o->roots[i], strerror(e));
    }
    return -1;
}

/* The first name in the folder that an index's own runs do not leave
 * before its stub is written, or NULL. */
static const char *other_file(DIR *d)
{
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            strcmp(e->d_name, "mzindex.lock") != 0 &&
            strcmp(e->d_name, "XAPIANDB.tmp") != 0 &&
            /* an index made since mz_index_exists looked: another run's */
            strcmp(e->d_name, "XAPIANDB") != 0 &&
            strncmp(e->d_name, "db-", 3) != 0 &&
            strncmp(e->d_name, "base-", 5) != 0)
            return e->d_name;
    return NULL;
}

/* A folder that must not become an index, or a run that must not create
 * one: -1 after a line saying why (nothing is written). */
static int refuse_to_create(mz_run_t *r)
{
    if (mz_index_exists(r->index))
        return 0;
    if (r->compact || !r->o->nroots)
        return mz_run_fail(r, MZ_STATUS_NO_INDEX, "no_index",
                           r->compact ? "no index at %s to compact; run "
                                        "'mzindex DIR' to build one"
                                      : "no folder given and no index at %s "
                                        "to update; usage: mzindex [--index "
                                        "PATH] DIR|FILE...", r->index);
    DIR *d = opendir(r->index);
    if (!d && errno == ENOTDIR)
        return mz_run_fail(r, MZ_STATUS_BAD_ARGUMENT, "not_an_index", "%s "
                           "is a file, not an index folder; give --index a "
                           "new or empty folder", r->index);
    const char *other = other_file(d);
    if (other)
        mz_run_fail(r, MZ_STATUS_BAD_ARGUMENT, "not_an_index", "%s holds "
                    "other files (%s) and no index; give --index a new or "
                    "empty folder (nothing was written)", r->index, other);
    if (d)
        closedir(d);
    return other ? -1 : 0;
}

/* Take the writer's lock: its descriptor, or -1 after a line. */
static int take_lock(mz_run_t *r)
{
    long holder = 0;
    int fd = mz_index_lock(r->index, &holder);
    if (fd >= 0)
        return fd;
    if (errno == EWOULDBLOCK && holder)
        mz_run_fail(r, MZ_STATUS_LOCKED, "locked", "another mzindex (pid "
                    "%ld) is updating %s; wait for it to finish and run "
                    "again", holder, r->index);
    else if (errno == EWOULDBLOCK)
        mz_run_fail(r, MZ_STATUS_LOCKED, "locked", "another mzindex is "
                    "updating %s; wait for it to finish and run again",
                    r->index);
    else
        mz_run_fail(r, MZ_STATUS_IO, "index_error", "cannot lock the index "
                    "at %s: %s; check its permissions", r->index,
                    strerror(errno));
    return -1;
}

/* The index taken for writing: locked, cleaned, checked for damage. */
typedef struct {
    int lockfd;
    char *live;         /* the live database's name */
    mz_repair_t rep;
} held_t;

static void release(held_t *h)
{
    mz_repair_free(&h->rep);
    free(h->live);
    if (h->lockfd >= 0)
        close(h->lockfd);
}

static int cannot_create(mz_run_t *r)
{
    return mz_run_fail(r, MZ_STATUS_IO, "cannot_create", "cannot create the "
                       "index at %s: %s; choose a writable place with --index "
                       "or MZSEARCH_INDEX", r->index, strerror(errno));
}

/* A first run: its empty live database exists before the stub names it,
 * so a search that opens the index meanwhile finds it empty, not broken.
 * 0, or -1 (the caller says it cannot create the index). */
static int create_first_db(mz_run_t *r)
{
    if (mz_index_exists(r->index))
        return 0;
    char *path = mz_path_join(r->index, "db-1");
    mzx_writer_t *w = NULL;
    int rc = -1;
    if (path && mzx_writer_open(path, &w, NULL) == MZX_OK)
        rc = mzx_writer_close(w, NULL) == MZX_OK ? 0 : -1; /* frees w */
    free(path);
    return rc;
}

/* Everything before the work: 0 with h filled, or -1 after a line (h is
 * released). */
static int take_index(mz_run_t *r, held_t *h)
{
    memset(h, 0, sizeof *h);
    h->lockfd = -1;
    if (no_root_readable(r) < 0 || refuse_to_create(r) < 0)
        return -1;
    /* the lock first, then the stub: two first runs must not both write
     * it (the second found the first's temporary stub renamed away) */
    if (mz_index_mkdir(r->index) < 0)
        return cannot_create(r);
    if ((h->lockfd = take_lock(r)) < 0)
        return -1;
    if (create_first_db(r) < 0 || mz_index_prepare(r->index) < 0) {
        cannot_create(r);
        release(h);
        return -1;
    }
    if (!(h->live = mz_index_live(r->index))) {
        mz_run_fail(r, MZ_STATUS_IO, "index_error", "%s/XAPIANDB is missing "
                    "or unreadable; remove %s and index again", r->index,
                    r->index);
        release(h);
        return -1;
    }
    /* what an interrupted rebuild or an earlier swap left behind */
    mz_index_cleanup(r->index, h->live);
    if (mz_check_damage(r, h->live, &h->rep) < 0) {
        release(h);
        return -1;
    }
    return 0;
}

/* ---- update and rebuild ------------------------------------------------- */

/* What one update or rebuild works from. */
typedef struct {
    mz_roots_t roots;   /* the roots it remembers */
    mz_roots_t walk;    /* the roots given (an update walks only those) */
    mz_roots_t inc, exc, dropped;
    char *livepath;
    mzx_writer_t *w;    /* the live database (not for a rebuild) */
    mz_survey_t *survey; /* what the plan read and walked, for mz_update */
    int servable;
} job_t;

static void job_free(job_t *j)
{
    mzx_writer_destroy(j->w);
    mz_survey_free(j->survey);
    mz_roots_free(&j->roots);
    mz_roots_free(&j->walk);
    mz_roots_free(&j->inc);
    mz_roots_free(&j->exc);
    mz_roots_free(&j->dropped);
    free(j->livepath);
}

/* A rebuild: the live database is not opened for writing (a rebuild is
 * also the way out of a damaged one); its roots are read when they can
 * be, and those the roots given no longer cover are dropped. */
static void rebuild_settings(mz_run_t *r, job_t *j)
{
    mzx_db_t *db = NULL;
    if (mzx_db_open(j->livepath, &db, NULL) == MZX_OK) {
        char *v = mz_db_meta(db, MZ_META_ROOTS);
        mz_roots_parse(r->o->nroots ? &j->dropped : &j->roots, v);
        free(v);
        j->servable |= (v = mz_db_meta(db, MZ_META_SERVABLE)) != NULL;
        free(v);
    }
    mzx_db_destroy(db);
    if (r->o->nroots)
        mz_roots_from_args(&j->roots, r->o->roots, r->o->nroots);
    mz_roots_drop_covered(&j->dropped, &j->roots);
}

/* -1 after a line when the index was cut by another segmenter or has a
 * newer layout. */
static int check_versions(mz_run_t *r, mzx_writer_t *w)
{
    char *seg = writer_meta(w, MZ_META_SEGMENTER);
    unsigned docs = 0;
    int other = seg && mzx_writer_doccount(w, &docs) == MZX_OK && docs > 0 &&
                strcmp(seg, MZ_SEG_VERSION) != 0;
    if (other)
        mz_run_fail(r, MZ_STATUS_INDEX_VERSION, "index_version", "the index "
                    "at %s was cut by segmenter %s and this mzindex uses %s; "
                    "run mzindex --rebuild", r->index, seg, MZ_SEG_VERSION);
    free(seg);
    char *lay = other ? NULL : writer_meta(w, MZ_META_LAYOUT);
    int newer = !other && mz_layout_newer(lay);
    if (newer)
        mz_run_fail(r, MZ_STATUS_INDEX_VERSION, "index_version", "the index "
                    "at %s has layout %s, newer than this mzindex writes "
                    "(%s); use a newer mzindex, or this one with --rebuild",
                    r->index, lay, MZ_LAYOUT_VERSION);
    free(lay);
    return other || newer ? -1 : 0;
}

/* An update: the live database opened for writing, its roots, and the
 * roots given (remembered when they exist).  -1 after a line. */
static int update_settings(mz_run_t *r, job_t *j)
{
    if (!j->livepath || !(j->w = mz_run_open_writer(r, j->livepath)) ||
        check_versions(r, j->w) < 0)
        return -1;
    char *v = writer_meta(j->w, MZ_META_ROOTS);
    mz_roots_parse(&j->roots, v);
    free(v);
    j->servable |= (v = writer_meta(j->w, MZ_META_SERVABLE)) != NULL;
    free(v);
    if (r->o->nroots)
        mz_roots_from_args(&j->walk, r->o->roots, r->o->nroots);
    for (size_t i = 0; i < j->walk.n; i++)
        if (j->walk.v[i][0] == '/' && access(j->walk.v[i], F_OK) == 0)
            mz_roots_add(&j->roots, j->walk.v[i]); /* remembered */
    return 0;
}

/* The filters: those given, else those remembered. */
static void read_filters(mz_run_t *r, job_t *j)
{
    const mz_index_options_t *o = r->o;
    if (o->ninclude || o->nexclude || o->rebuild) {
        for (size_t i = 0; i < o->ninclude; i++)
            mz_roots_add(&j->inc, o->include[i]);
        for (size_t i = 0; i < o->nexclude; i++)
            mz_roots_add(&j->exc, o->exclude[i]);
        return;
    }
    char *v = writer_meta(j->w, MZ_META_INCLUDE);
    mz_roots_parse(&j->inc, v);
    free(v);
    v = writer_meta(j->w, MZ_META_EXCLUDE);
    mz_roots_parse(&j->exc, v);
    free(v);
}

/* A first index, a rebuild, or an update that changes a large share of
 * the index is built anew on every core; else it is updated in place. */
static int wants_full(mz_run_t *r, job_t *j, const mz_roots_t *todo,
                      const mz_walk_filter_t *filter)
{
    mz_update_plan_t pl;
    if (r->o->rebuild)
        return 1;
    if (mz_update_plan(j->w, todo->v, todo->n, filter,
                       r->o->accept_removals, &pl, &j->survey) != MZX_OK ||
        pl.bad_roots || pl.kept)
        return 0;
    return pl.records == 0
               ? pl.files > 0
               : (pl.delta + pl.changed + pl.removed) * 4 > pl.records;
}

/* Update the live database in place and close it.  -1 after a line. */
static int update_in_place(mz_run_t *r, job_t *j, const mz_roots_t *todo,
                           const mz_walk_filter_t *filter,
                           mz_update_stats_t *st)
{
    mz_update_opts_t uo = {.stop = r->o->stop, .cb = r->cb,
                           .filter = *filter,
                           .accept_removals = r->o->accept_removals,
                           .roots = j->roots.v, .nroots = j->roots.n};
    mzx_status_t rc = mz_update(j->w, todo->v, todo->n, &uo, st, j->survey);
    mz_run_report_gone(r, st);
    if (rc != MZX_OK)
        return mz_run_fail(r, MZ_STATUS_IO, "index_error", "updating %s "
                           "failed: %s (%s); what was committed before is "
                           "intact", r->index, mzx_writer_error(j->w),
                           mzx_status_str(rc));
    rc = mzx_writer_close(j->w, NULL);
    j->w = NULL;
    if (rc != MZX_OK)
        return mz_run_fail(r, MZ_STATUS_IO, "write_failed", "committing to "
                           "%s failed (%s); the index keeps its last "
                           "committed state", r->index, mzx_status_str(rc));
    if (st->interrupted)
        return mz_run_fail(r, MZ_STATUS_INTERRUPTED, "interrupted",
                           "interrupted; what was done is committed; run "
                           "mzindex again to finish");
    return 0;
}

/* Remember the roots and filters first (an interrupted first build is
 * finished by a plain update later); committed before a full build. */
static int remember(mz_run_t *r, job_t *j, int full)
{
    if (!j->w)
        return 0;
    mzx_status_t rc = mz_save_settings(j->w, &j->roots, &j->inc, &j->exc,
                                       j->servable);
    if (rc == MZX_OK && full)
        rc = mzx_writer_commit(j->w);
    if (rc != MZX_OK)
        return mz_run_fail(r, MZ_STATUS_IO, "write_failed", "cannot write "
                           "to %s: %s", r->index, mzx_writer_error(j->w));
    return 0;
}

/* The work of an update or rebuild once the index is held: 1 when done
 * (files may have been skipped), 0 when not. */
static int run_job(mz_run_t *r, job_t *j, mz_update_stats_t *st)
{
    j->servable = r->o->servable;
    if (r->o->rebuild)
        rebuild_settings(r, j);
    else if (update_settings(r, j) < 0)
        return 0;
    const mz_roots_t *todo =
        r->o->rebuild || !r->o->nroots ? &j->roots : &j->walk;
    if (todo->n == 0) {
        mz_run_fail(r, MZ_STATUS_BAD_ARGUMENT, "no_roots", "no folder given "
                    "and none indexed before; usage: mzindex [--index PATH] "
                    "DIR|FILE...");
        return 0;
    }
    read_filters(r, j);
    mz_walk_filter_t filter = {j->inc.v, j->inc.n, j->exc.v, j->exc.n};
    int full = wants_full(r, j, todo, &filter);
    if (remember(r, j, full) < 0)
        return 0;
    if (full) {
        /* a build that falls back updates from a new look at the files */
        mz_survey_free(j->survey);
        j->survey = NULL;
        int fr = mz_full_build(r, j->livepath, &j->roots, &j->inc, &j->exc,
                               j->servable, !r->o->rebuild, st);
        if (fr != MZ_FULL_DONE) /* the live index, and its roots, stay */
            mz_roots_free(&j->dropped);
        if (fr != MZ_FULL_FALLBACK)
            return fr == MZ_FULL_DONE;
    }
    return update_in_place(r, j, todo, &filter, st) == 0;
}

mz_status_t mz_index_update(const char *path,
                            const mz_index_options_t *options,
                            const mz_index_callbacks_t *cb,
                            mz_index_summary_t *summary, mz_error_t *err)
{
    double t0 = mz_clock_s();
    mz_error_t own;
    mz_index_summary_t own_sum;
    mz_index_summary_t *st = summary ? summary : &own_sum;
    mz_index_options_t none = {0};
    mz_run_t r = {.index = path, .o = options ? options : &none, .cb = cb,
                  .err = err ? err : &own};
    memset(r.err, 0, sizeof *r.err);
    memset(st, 0, sizeof *st);
    held_t h;
    if (take_index(&r, &h) < 0)
        return mz_run_status(&r);
    job_t j = {0};
    j.livepath = mz_path_join(path, h.live);
    int done = run_job(&r, &j, st);
    if (st->bad_roots) /* update.c named them */
        mz_run_note(&r, MZ_STATUS_IO, "cannot_read", "%lu of the folders "
                    "cannot be read (each named in its own message); check the paths",
                    st->bad_roots);
    if (st->ngone) /* mz_run_report_gone named them */
        mz_run_note(&r, MZ_STATUS_FILES_GONE, "files_gone", "most files of "
                    "%lu folder%s are gone at once (each named in its own message); kept "
                    "them; mzindex --accept-removals removes them",
                    (unsigned long)st->ngone, st->ngone == 1 ? "" : "s");
    r.failed = !done || st->bad_roots || st->ngone;
    st->opened = 1;
    st->rebuild = r.o->rebuild;
    st->dropped = j.dropped.v;
    st->ndropped = j.dropped.n;
    j.dropped = (mz_roots_t){0};
    if (r.o == &h.rep.o && h.rep.damage) /* not a layout's rebuild */
        st->damage = strdup(h.rep.damage);
    job_free(&j);
    release(&h);
    st->seconds = mz_clock_s() - t0;
    if (st == &own_sum)
        mz_index_summary_free(st);
    return mz_run_status(&r);
}

void mz_index_summary_free(mz_index_summary_t *s)
{
    if (!s)
        return;
    mz_update_stats_free(s);
    for (size_t i = 0; i < s->ndropped; i++)
        free(s->dropped[i]);
    free(s->dropped);
    free(s->damage);
    s->dropped = NULL;
    s->ndropped = 0;
    s->damage = NULL;
}

/* ---- compact ------------------------------------------------------------ */

/* Write a compacted copy of the live database as a new one and point the
 * stub at it; the old one is left for the next run's clean-up.  On
 * failure nothing changes and -1 is returned after a line. */
static int compact_and_swap(mz_run_t *r, const char *from)
{
    char *to = mz_index_next_name(r->index), *err = NULL;
    char *src = mz_path_join(r->index, from);
    char *dst = to ? mz_path_join(r->index, to) : NULL;
    int rc = -1;
    if (src && dst) {
        mzx_status_t st = mzx_compact(src, dst, &err);
        if (st != MZX_OK)
            mz_run_fail(r, MZ_STATUS_IO, "index_error", "compacting %s "
                        "failed: %s", r->index,
                        err ? err : mzx_status_str(st));
        else if (mz_index_swap(r->index, to) < 0)
            mz_run_fail(r, MZ_STATUS_IO, "index_error", "cannot switch %s "
                        "to the compacted index: %s", r->index,
                        strerror(errno));
        else
            rc = 0;
    }
    if (rc < 0 && to)
        mz_index_remove_db(r->index, to); /* the half-written copy */
    free(err);
    free(src);
    free(dst);
    free(to);
    return rc;
}

mz_status_t mz_index_compact(const char *path, const mz_index_callbacks_t *cb,
                             mz_error_t *err)
{
    mz_error_t own;
    mz_index_options_t none = {0};
    mz_run_t r = {.index = path, .o = &none, .cb = cb,
                  .err = err ? err : &own, .compact = 1};
    memset(r.err, 0, sizeof *r.err);
    held_t h;
    if (take_index(&r, &h) < 0)
        return mz_run_status(&r);
    r.failed = compact_and_swap(&r, h.live) < 0;
    release(&h);
    return mz_run_status(&r);
}
