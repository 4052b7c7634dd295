/* update.c — the incremental update (see update.h). */
#include "update.h"
#include "clock.h"
#include "extract.h"
#include "indexdir.h"
#include "ingest.h"
#include "walk.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Commit after this many changed files or bytes of text, whichever comes
 * first (bench/ measures the choice).  MZINDEX_BATCH_FILES overrides the
 * file count (the crash tests use small batches). */
enum { BATCH_FILES = 2000, BATCH_BYTES = 64 << 20 };

static unsigned long batch_files_limit(void)
{
    const char *e = getenv("MZINDEX_BATCH_FILES");
    long n = e ? strtol(e, NULL, 10) : 0;
    return n > 0 ? (unsigned long)n : BATCH_FILES;
}

/* One indexed file's record, as stored under MZ_META_FILE + key (see
 * mz_file_record). */
typedef struct {
    char key[MZ_FILE_KEY_LEN + 1];
    unsigned long long size, hash;
    long long mtime;
    char *path;
    int seen;
    int in_base;    /* its passages are in the read-only base */
} filerec_t;

typedef struct {
    filerec_t *v;
    size_t n, cap;
    int oom;
} records_t;

static int load_record(const char *key, size_t klen, const char *val,
                       size_t vlen, void *ctx)
{
    records_t *r = ctx;
    size_t plen = strlen(MZ_META_FILE);
    if (klen != plen + MZ_FILE_KEY_LEN)
        return 0;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        filerec_t *v = realloc(r->v, cap * sizeof *v);
        if (!v)
            return r->oom = 1;
        r->v = v;
        r->cap = cap;
    }
    filerec_t *f = &r->v[r->n];
    memset(f, 0, sizeof *f);
    memcpy(f->key, key + plen, MZ_FILE_KEY_LEN);
    mz_file_rec_t rec;
    if (mz_file_record_parse(val, vlen, &rec) < 0)
        return 0; /* not a record we wrote: ignore it */
    f->size = rec.size;
    f->mtime = rec.mtime;
    f->hash = rec.hash;
    f->in_base = rec.in_base;
    if (!(f->path = strndup(rec.path, rec.path_len)))
        return r->oom = 1;
    r->n++;
    return 0;
}

static filerec_t *find_record(records_t *r, const char *key)
{
    size_t lo = 0, hi = r->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(r->v[mid].key, key);
        if (c == 0)
            return &r->v[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const filerec_t *)a)->key, ((const filerec_t *)b)->key);
}

static int note_gone(mz_update_stats_t *st, const char *root,
                     unsigned long gone, unsigned long indexed)
{
    mz_gone_t *v = realloc(st->gone, (st->ngone + 1) * sizeof *v);
    if (!v)
        return -1;
    st->gone = v;
    if (!(v[st->ngone].path = strdup(root)))
        return -1;
    v[st->ngone].gone = gone;
    v[st->ngone].indexed = indexed;
    st->ngone++;
    return 0;
}

/* 1 when a root that held `indexed` files now holds `found`, and `gone`
 * of the indexed ones are no longer on disk: see mz_update_guard. */
static int lost_files(unsigned long indexed, unsigned long found,
                      unsigned long gone)
{
    return gone > 0 && found * 2 < indexed &&
           (gone >= MZ_GONE_FLOOR || found == 0);
}

static int no_longer_there(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) < 0 && (errno == ENOENT || errno == ENOTDIR);
}

/* Mark seen the records of the files the walk found, and those it must
 * keep though it did not find them: under a folder it could not read, and
 * under a root that lost its files (unless accept; each such root goes to
 * st->gone when st is not NULL).  roots[i] is NULL for a root not walked.
 * Returns how many records are kept so, or -1 out of memory. */
static long keep_missing(records_t *recs, char *const *roots, size_t nroots,
                         const mz_filelist_t *files, int accept,
                         mz_update_stats_t *st)
{
    for (size_t i = 0; i < files->n; i++) {
        char fk[MZ_FILE_KEY_LEN + 1];
        mz_file_key(files->paths[i], fk);
        filerec_t *rec = find_record(recs, fk);
        if (rec)
            rec->seen = 1;
    }
    long kept = 0;
    for (size_t k = 0; k < recs->n; k++)
        for (size_t d = 0; !recs->v[k].seen && d < files->nskips; d++)
            if (mz_path_under(recs->v[k].path, files->skips[d].path)) {
                recs->v[k].seen = 1;
                kept++;
            }
    for (size_t r = 0; !accept && r < nroots; r++) {
        if (!roots[r])
            continue;
        unsigned long indexed = 0, found = 0, gone = 0;
        for (size_t k = 0; k < recs->n; k++)
            if (mz_path_under(recs->v[k].path, roots[r])) {
                indexed++;
                gone += !recs->v[k].seen &&
                        no_longer_there(recs->v[k].path);
            }
        for (size_t i = 0; i < files->n; i++)
            found += mz_path_under(files->paths[i], roots[r]);
        if (!lost_files(indexed, found, gone))
            continue;
        for (size_t k = 0; k < recs->n; k++)
            if (!recs->v[k].seen && mz_path_under(recs->v[k].path, roots[r])) {
                recs->v[k].seen = 1;
                kept++;
            }
        if (st && note_gone(st, roots[r], gone, indexed) < 0)
            return -1;
    }
    return kept;
}

/* The skip notes (MZ_META_SKIP + key: "reason\npath"). */
typedef struct {
    struct { char *key, *path; } *v;
    size_t n;
    int oom;
} skips_t;

static int load_skip(const char *key, size_t klen, const char *val,
                     size_t vlen, void *ctx)
{
    skips_t *s = ctx;
    const char *nl = memchr(val, '\n', vlen);
    if (!nl)
        return 0;
    void *v = realloc(s->v, (s->n + 1) * sizeof *s->v);
    if (!v)
        return s->oom = 1;
    s->v = v;
    s->v[s->n].key = strndup(key, klen);
    s->v[s->n].path = strndup(nl + 1, vlen - (size_t)(nl + 1 - val));
    if (!s->v[s->n].key || !s->v[s->n].path) {
        free(s->v[s->n].key);
        free(s->v[s->n].path);
        return s->oom = 1;
    }
    s->n++;
    return 0;
}

/* ---- progress ------------------------------------------------------------ */

typedef struct {
    const mz_index_callbacks_t *cb;
    double t0, last;
    size_t total;
} progress_t;

/* Tell the caller how far the reading got: at most 4 times a second, and
 * once more when finished. */
static void progress_show(progress_t *p, size_t done,
                          const mz_update_stats_t *st, int finished)
{
    if (!p->cb || !p->cb->progress)
        return;
    double t = mz_clock_s();
    if (!finished && t - p->last < 0.25)
        return;
    p->last = t;
    mz_progress_t pr = {.done = done, .total = p->total, .bytes = st->bytes,
                        .seconds = t - p->t0, .finished = finished};
    p->cb->progress(p->cb->ctx, &pr);
}

/* ---- the run --------------------------------------------------------------- */

int mz_update_note_skip(mz_update_stats_t *st, const char *path,
                        const char *why)
{
    mz_skipped_t *v = realloc(st->skips, (st->nskips + 1) * sizeof *v);
    if (!v)
        return -1;
    st->skips = v;
    v[st->nskips].path = strdup(path);
    v[st->nskips].reason = strdup(why);
    if (!v[st->nskips].path || !v[st->nskips].reason) {
        free(v[st->nskips].path);
        free(v[st->nskips].reason);
        return -1;
    }
    st->nskips++;
    st->skipped++;
    return 0;
}

mzx_status_t mz_put_file_meta(mzx_writer_t *w, const char *prefix,
                              const char *path, const char *val)
{
    char fk[MZ_FILE_KEY_LEN + 1], key[64];
    mz_file_key(path, fk);
    snprintf(key, sizeof key, "%s%s", prefix, fk);
    return mzx_writer_set_meta(w, key, val, strlen(val));
}

mzx_status_t mz_put_skip_note(mzx_writer_t *w, const char *path,
                              const char *why)
{
    char *val = NULL;
    if (asprintf(&val, "%s\n%s", why, path) < 0)
        return MZX_NOMEM;
    mzx_status_t rc = mz_put_file_meta(w, MZ_META_SKIP, path, val);
    free(val);
    return rc;
}

int mz_file_record_parse(const char *val, size_t vlen, mz_file_rec_t *r)
{
    char head[128];
    const char *nl = memchr(val, '\n', vlen);
    size_t hlen = nl ? (size_t)(nl - val) : 0;
    if (!nl || hlen >= sizeof head)
        return -1;
    memcpy(head, val, hlen);
    head[hlen] = '\0';
    int used = 0;
    if (sscanf(head, "%llu %lld %llx%n", &r->size, &r->mtime, &r->hash,
               &used) != 3)
        return -1;
    r->in_base = strcmp(head + used, " B") == 0;
    r->path = nl + 1;
    r->path_len = vlen - hlen - 1;
    return 0;
}

char *mz_file_record(const struct stat *sb, unsigned long long hash,
                     const char *path, int in_base)
{
    long long mtime = (long long)sb->st_mtim.tv_sec * 1000000000LL +
                      sb->st_mtim.tv_nsec;
    char *s = NULL;
    if (asprintf(&s, "%llu %lld %016llx%s\n%s",
                 (unsigned long long)sb->st_size, mtime, hash,
                 in_base ? " B" : "", path) < 0)
        return NULL;
    return s;
}

/* Report path (a file or folder) as skipped, in st and in the index's skip
 * notes. */
static mzx_status_t note_skipped(mzx_writer_t *w, const char *path,
                                 const char *why, const mz_update_opts_t *o,
                                 mz_update_stats_t *st)
{
    if (o->cb && o->cb->skipped)
        o->cb->skipped(o->cb->ctx, path, why);
    if (mz_update_note_skip(st, path, why) < 0)
        return MZX_NOMEM;
    return mz_put_skip_note(w, path, why);
}

/* Index or refresh one file.  *changed: passages were written. */
static mzx_status_t do_file(mzx_writer_t *w, const char *path,
                            records_t *recs, const mz_update_opts_t *o,
                            mz_update_stats_t *st, int *changed)
{
    char fk[MZ_FILE_KEY_LEN + 1], why[512];
    struct stat sb;
    *changed = 0;
    mz_file_key(path, fk);
    filerec_t *rec = find_record(recs, fk);
    if (rec)
        rec->seen = 1;
    if (stat(path, &sb) < 0) {
        snprintf(why, sizeof why, "%s", strerror(errno));
        goto skip;
    }
    long long mtime = (long long)sb.st_mtim.tv_sec * 1000000000LL +
                      sb.st_mtim.tv_nsec;
    if (rec && rec->size == (unsigned long long)sb.st_size &&
        rec->mtime == mtime) {
        st->unchanged++;
        return MZX_OK;
    }
    mz_decoded_t d;
    int markdown = 0;
    if (mz_extract_file(path, &d, &markdown, why, sizeof why) < 0)
        goto skip;
    unsigned long long hash = mz_hash64(d.text, d.len);
    mzx_status_t rc = MZX_OK;
    if (rec && rec->hash == hash) {
        /* touched, not changed: refresh the record only */
        char *val = mz_file_record(&sb, hash, path, rec->in_base);
        rc = val ? mz_put_file_meta(w, MZ_META_FILE, path, val) : MZX_NOMEM;
        free(val);
        st->unchanged++;
    } else {
        unsigned long n = 0;
        char *val = mz_file_record(&sb, hash, path, 0);
        rc = val ? mz_ingest_text(w, path, d.text, d.len, markdown, val,
                                  strlen(val), rec && rec->in_base,
                                  mz_root_floor(o->roots, o->nroots, path),
                                  &n)
                 : MZX_NOMEM;
        free(val);
        if (rc == MZX_OK) {
            if (rec)
                st->updated++;
            else
                st->added++;
            st->passages += n;
            st->bytes += d.len;
            *changed = 1;
        }
    }
    mz_decoded_free(&d);
    return rc;

skip:
    /* A file that cannot be read now keeps what was indexed from it before
     * (a passing permission or disk problem must not lose it). */
    return note_skipped(w, path, why, o, st);
}

/* A root that cannot be walked: one line for the caller. */
static void tell_unreadable(const mz_index_callbacks_t *cb, const char *root,
                            int e)
{
    char *msg = NULL;
    if (!cb || !cb->message ||
        asprintf(&msg, "cannot read %s: %s; check the path (what was "
                 "indexed from it is kept)", root, strerror(e)) < 0)
        return;
    cb->message(cb->ctx, MZ_STATUS_IO, msg);
    free(msg);
}

static mzx_status_t sort_records(mzx_status_t rc, records_t *recs);
static void free_records(records_t *recs);

/* What a walk of the roots found, beside the index's records: made once
 * by mz_update_plan and used again by mz_update (update.h). */
struct mz_survey {
    records_t recs;          /* sorted by key */
    mz_filelist_t files;     /* deduplicated */
    char **abs;              /* root i's absolute path; NULL: not walked */
    int *err;                /* why root i was not walked (errno) */
    size_t nroots;
};

/* Load the records, then walk the roots.  MZX_OK, or the failure (sv
 * holds what was done: mz_survey_free). */
static mzx_status_t survey(mzx_writer_t *w, char *const *roots,
                           size_t nroots, const mz_walk_filter_t *filter,
                           mz_survey_t *sv)
{
    memset(sv, 0, sizeof *sv);
    sv->nroots = nroots;
    sv->abs = calloc(nroots ? nroots : 1, sizeof *sv->abs);
    sv->err = calloc(nroots ? nroots : 1, sizeof *sv->err);
    if (!sv->abs || !sv->err)
        return MZX_NOMEM;
    mzx_status_t rc = sort_records(
        mzx_writer_meta_each(w, MZ_META_FILE, load_record, &sv->recs),
        &sv->recs);
    for (size_t i = 0; rc == MZX_OK && i < nroots; i++) {
        char buf[PATH_MAX];
        if (!realpath(roots[i], buf) || mz_walk(buf, filter, &sv->files) < 0)
            sv->err[i] = errno;
        else if (!(sv->abs[i] = strdup(buf)))
            rc = MZX_NOMEM;
    }
    if (rc == MZX_OK && mz_filelist_dedupe(&sv->files) < 0)
        rc = MZX_NOMEM;
    return rc;
}

void mz_survey_free(mz_survey_t *sv)
{
    if (!sv)
        return;
    free_records(&sv->recs);
    for (size_t r = 0; sv->abs && r < sv->nroots; r++)
        free(sv->abs[r]);
    free(sv->abs);
    free(sv->err);
    mz_filelist_free(&sv->files);
    free(sv);
}

/* When rc is MZX_OK, clear the skip notes under the walked roots (this
 * run notes again what it still cannot read); old is emptied. */
static mzx_status_t drop_old_skips(mzx_writer_t *w, skips_t *old,
                                   char *const *abs, size_t nroots,
                                   mzx_status_t rc)
{
    for (size_t k = 0; rc == MZX_OK && k < old->n; k++)
        for (size_t r = 0; r < nroots; r++)
            if (abs[r] && mz_path_under(old->v[k].path, abs[r])) {
                rc = mzx_writer_set_meta(w, old->v[k].key, "", 0);
                break;
            }
    for (size_t k = 0; k < old->n; k++) {
        free(old->v[k].key);
        free(old->v[k].path);
    }
    free(old->v);
    memset(old, 0, sizeof *old);
    return rc;
}

/* Index or refresh each file, committing in batches; stops early at
 * o->stop (st->interrupted). */
static mzx_status_t update_files(mzx_writer_t *w, const mz_filelist_t *files,
                                 records_t *recs, const mz_update_opts_t *o,
                                 mz_update_stats_t *st)
{
    progress_t pg = {.cb = o->cb, .t0 = mz_clock_s(), .total = files->n};
    unsigned long batch_files = 0, batch_limit = batch_files_limit();
    unsigned long long batch_bytes = 0;
    mzx_status_t rc = MZX_OK;
    size_t i;
    for (i = 0; rc == MZX_OK && i < files->n; i++) {
        if (o->stop && *o->stop) {
            st->interrupted = 1;
            break;
        }
        int changed = 0;
        unsigned long long before = st->bytes;
        rc = do_file(w, files->paths[i], recs, o, st, &changed);
        progress_show(&pg, i + 1, st, 0);
        if (rc != MZX_OK || !changed)
            continue;
        batch_bytes += st->bytes - before;
        if (++batch_files >= batch_limit || batch_bytes >= BATCH_BYTES) {
            rc = mzx_writer_commit(w);
            batch_files = 0;
            batch_bytes = 0;
        }
    }
    progress_show(&pg, i, st, 1);
    return rc;
}

/* Remove the files gone from a walked root (those not seen). */
static mzx_status_t remove_gone(mzx_writer_t *w, const records_t *recs,
                                char *const *abs, size_t nroots,
                                mz_update_stats_t *st)
{
    mzx_status_t rc = MZX_OK;
    for (size_t k = 0; rc == MZX_OK && k < recs->n; k++) {
        const filerec_t *f = &recs->v[k];
        for (size_t r = 0; !f->seen && r < nroots; r++) {
            if (abs[r] && mz_path_under(f->path, abs[r])) {
                rc = mz_ingest_remove(w, f->path, f->in_base);
                if (rc == MZX_OK)
                    st->removed++;
                break;
            }
        }
    }
    return rc;
}

/* recs as read (rc: the read's status), checked and sorted by key. */
static mzx_status_t sort_records(mzx_status_t rc, records_t *recs)
{
    if (rc == MZX_OK && recs->oom)
        rc = MZX_NOMEM;
    if (rc == MZX_OK && recs->n)
        qsort(recs->v, recs->n, sizeof *recs->v, by_key);
    return rc;
}

static void free_records(records_t *recs)
{
    for (size_t k = 0; k < recs->n; k++)
        free(recs->v[k].path);
    free(recs->v);
}

mzx_status_t mz_update(mzx_writer_t *w, char *const *roots, size_t nroots,
                       const mz_update_opts_t *o, mz_update_stats_t *st,
                       mz_survey_t *sv)
{
    skips_t old = {0};
    mz_survey_t own;
    mzx_status_t rc = MZX_OK;
    if (!sv) /* what the index has, then what the roots have */
        rc = survey(w, roots, nroots, &o->filter, sv = &own);
    else /* a plan's: its records are marked again below */
        for (size_t k = 0; k < sv->recs.n; k++)
            sv->recs.v[k].seen = 0;
    if (rc == MZX_OK)
        rc = mzx_writer_meta_each(w, MZ_META_SKIP, load_skip, &old);
    if (rc == MZX_OK && old.oom)
        rc = MZX_NOMEM;
    for (size_t i = 0; rc == MZX_OK && i < nroots; i++)
        if (!sv->abs[i]) {
            tell_unreadable(o->cb, roots[i], sv->err[i]);
            st->bad_roots++;
        }
    if (rc == MZX_OK && keep_missing(&sv->recs, sv->abs, nroots, &sv->files,
                                     o->accept_removals, st) < 0)
        rc = MZX_NOMEM;
    rc = drop_old_skips(w, &old, sv->abs, nroots, rc);
    /* folders that could not be read: skipped, what is under them kept */
    for (size_t d = 0; rc == MZX_OK && d < sv->files.nskips; d++)
        rc = note_skipped(w, sv->files.skips[d].path,
                          sv->files.skips[d].reason, o, st);
    if (rc == MZX_OK)
        rc = update_files(w, &sv->files, &sv->recs, o, st);
    if (rc == MZX_OK && !st->interrupted)
        rc = remove_gone(w, &sv->recs, sv->abs, nroots, st);
    if (sv == &own) {
        free_records(&own.recs);
        for (size_t r = 0; own.abs && r < nroots; r++)
            free(own.abs[r]);
        free(own.abs);
        free(own.err);
        mz_filelist_free(&own.files);
    }
    return rc;
}

mzx_status_t mz_update_plan(mzx_writer_t *w, char *const *roots,
                            size_t nroots, const mz_walk_filter_t *filter,
                            int accept_removals, mz_update_plan_t *p,
                            mz_survey_t **keep)
{
    memset(p, 0, sizeof *p);
    if (keep)
        *keep = NULL;
    mz_survey_t *sv = malloc(sizeof *sv);
    if (!sv)
        return MZX_NOMEM;
    mzx_status_t rc = survey(w, roots, nroots, filter, sv);
    for (size_t i = 0; rc == MZX_OK && i < nroots; i++)
        p->bad_roots += !sv->abs[i];
    long kept = 0;
    if (rc == MZX_OK &&
        (kept = keep_missing(&sv->recs, sv->abs, nroots, &sv->files,
                             accept_removals, NULL)) < 0)
        rc = MZX_NOMEM;
    p->kept = kept > 0 ? (size_t)kept : 0;
    for (size_t i = 0; rc == MZX_OK && i < sv->files.n; i++) {
        char fk[MZ_FILE_KEY_LEN + 1];
        struct stat sb;
        const char *path = sv->files.paths[i];
        mz_file_key(path, fk);
        filerec_t *rec = find_record(&sv->recs, fk);
        if (!rec || stat(path, &sb) < 0 ||
            rec->size != (unsigned long long)sb.st_size ||
            rec->mtime != (long long)sb.st_mtim.tv_sec * 1000000000LL +
                              sb.st_mtim.tv_nsec)
            p->changed++;  /* (a file that cannot be stat-ed: to read) */
    }
    for (size_t k = 0; k < sv->recs.n; k++) {
        p->delta += !sv->recs.v[k].in_base;
        for (size_t r = 0; !sv->recs.v[k].seen && r < nroots; r++)
            if (sv->abs[r] && mz_path_under(sv->recs.v[k].path, sv->abs[r])) {
                p->removed++;
                break;
            }
    }
    p->records = sv->recs.n;
    p->files = sv->files.n;
    if (rc == MZX_OK && keep)
        *keep = sv;
    else
        mz_survey_free(sv);
    return rc;
}

mzx_status_t mz_update_guard(mzx_db_t *db, char *const *roots,
                             size_t nroots, const mz_filelist_t *files,
                             int accept_removals, mz_update_stats_t *st,
                             size_t *kept)
{
    records_t recs = {0};
    *kept = 0;
    mzx_status_t rc = sort_records(
        mzx_db_meta_each(db, MZ_META_FILE, load_record, &recs), &recs);
    long n = rc == MZX_OK ? keep_missing(&recs, roots, nroots, files,
                                         accept_removals, st)
                          : 0;
    if (n < 0)
        rc = MZX_NOMEM;
    *kept = n > 0 ? (size_t)n : 0;
    free_records(&recs);
    return rc;
}

void mz_update_stats_free(mz_update_stats_t *st)
{
    for (size_t i = 0; i < st->nskips; i++) {
        free(st->skips[i].path);
        free(st->skips[i].reason);
    }
    free(st->skips);
    st->skips = NULL;
    st->nskips = 0;
    for (size_t i = 0; i < st->ngone; i++)
        free(st->gone[i].path);
    free(st->gone);
    st->gone = NULL;
    st->ngone = 0;
}
