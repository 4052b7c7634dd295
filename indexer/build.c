/* build.c — the parallel full build of a base (see build.h). */
#include "build.h"
#include "clock.h"
#include "extract.h"
#include "indexdir.h"
#include "ingest.h"
#include "update.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* MAX_PARTS: scratch databases at most.  PART_BYTES: about this much text
 * goes into one: a scratch database that keeps growing makes each of its
 * flushes dearer, but every part adds posting-list chunks to the base
 * (compaction keeps each part's chunks): parts of 24 MB made the index 4%
 * bigger on the 10x corpus and 5% on the 58 MB one, against 1 part a job.
 * FLUSH_DOCS: the writer flushes its posting changes to disk every this
 * many passages (XAPIAN_FLUSH_THRESHOLD, unless the user set it): its
 * in-memory maps stay small enough for the cache; 2,500 used 20% less CPU
 * and 40% of the memory of Xapian's 10,000 on the 58 MB corpus. */
enum { MAX_JOBS = 4, MAX_PARTS = 64, PART_BYTES = 64 << 20 };
#define FLUSH_DOCS "2500"

typedef struct {
    const mz_build_opts_t *o;
    mz_built_file_t *files;
    const size_t *cut;            /* part p holds files [cut[p], cut[p+1]) */
    unsigned from, to;            /* this job's parts, in order */
    char *const *part;            /* the parts' scratch databases */
    mzx_status_t st;
    char *err;
    atomic_size_t *done;
    atomic_ullong *bytes;
    atomic_uint *finished;
} job_t;

/* Read, cut and add one file; what became of it goes to *f. */
static mzx_status_t build_one(mzx_writer_t *w, const mz_build_opts_t *o,
                              const char *path, mz_built_file_t *f)
{
    char why[512];
    struct stat sb;
    if (stat(path, &sb) < 0) {
        f->why = strdup(strerror(errno));
        return f->why ? MZX_OK : MZX_NOMEM;
    }
    mz_decoded_t d;
    int markdown = 0;
    if (mz_extract_file(path, &d, &markdown, why, sizeof why) < 0) {
        f->why = strdup(why);
        return f->why ? MZX_OK : MZX_NOMEM;
    }
    unsigned long long hash = mz_hash64(d.text, d.len);
    mzx_status_t st = mz_ingest_base(w, path, d.text, d.len, markdown,
                                     mz_root_floor(o->roots, o->nroots, path),
                                     &f->passages);
    if (st == MZX_OK) {
        f->bytes = d.len;
        f->built = 1;
        f->size = (long long)sb.st_size;
        f->mtime = sb.st_mtim;
        f->hash = hash;
    }
    mz_decoded_free(&d);
    return st;
}

/* Write files [from, to) into the scratch database at path. */
static void build_part(job_t *j, const char *path, size_t from, size_t to)
{
    mzx_writer_t *w = NULL;
    int flags = MZX_WRITER_SCRATCH;
    if (!j->o->termlists)
        flags |= MZX_WRITER_NO_TERMLIST;
    j->st = mzx_writer_open_flags(path, flags, &w, &j->err);
    for (size_t i = from; j->st == MZX_OK && i < to; i++) {
        if (j->o->stop && *j->o->stop)
            break;
        j->st = build_one(w, j->o, j->o->paths[i], &j->files[i]);
        atomic_fetch_add(j->bytes, j->files[i].bytes);
        atomic_fetch_add(j->done, 1);
    }
    if (j->st != MZX_OK && w && !j->err)
        j->err = strdup(mzx_writer_error(w));
    if (j->st == MZX_OK && w) {
        j->st = mzx_writer_close(w, &j->err);
        if (j->st != MZX_OK && !j->err)
            j->err = strdup(mzx_status_str(j->st));
    } else {
        mzx_writer_destroy(w);
    }
}

static void *run_job(void *arg)
{
    job_t *j = arg;
    for (unsigned p = j->from; p < j->to && j->st == MZX_OK; p++)
        build_part(j, j->part[p], j->cut[p], j->cut[p + 1]);
    atomic_fetch_add(j->finished, 1);
    return NULL;
}

static unsigned jobs_for(const mz_build_opts_t *o)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned j = o->jobs ? o->jobs : cpus > 0 ? (unsigned)cpus : 1;
    if (j > MAX_JOBS && !o->jobs)
        j = MAX_JOBS;
    if (j > o->n)
        j = o->n ? (unsigned)o->n : 1;
    return j;
}

/* Cut paths into parts of about equal bytes, a whole number of them for
 * each job, about PART_BYTES each: part k is [cut[k], cut[k+1]).  Returns
 * the number of parts. */
static unsigned cut_runs(const mz_build_opts_t *o, unsigned jobs, size_t *cut)
{
    unsigned long long total = 0, *size = calloc(o->n ? o->n : 1, sizeof *size);
    for (size_t i = 0; size && i < o->n; i++) {
        struct stat sb;
        size[i] = stat(o->paths[i], &sb) == 0 ? (unsigned long long)sb.st_size
                                              : 0;
        total += size[i] + 1;
    }
    /* MZ_PART_BYTES: another part size, for the tests */
    const char *pb = getenv("MZ_PART_BYTES");
    unsigned long long part_bytes = pb && atoll(pb) > 0
                                        ? (unsigned long long)atoll(pb)
                                        : PART_BYTES;
    unsigned per = (unsigned)(total / jobs / part_bytes) + 1;
    if (per * jobs > MAX_PARTS)
        per = MAX_PARTS / jobs;
    unsigned parts = per * jobs;
    unsigned long long acc = 0;
    size_t i = 0;
    cut[0] = 0;
    for (unsigned k = 1; k < parts; k++) {
        unsigned long long goal = total / parts * k;
        while (i < o->n && (size ? acc + size[i] + 1 <= goal
                                 : i < o->n / parts * k))
            acc += (size ? size[i] : 0) + 1, i++;
        cut[k] = i;
    }
    cut[parts] = o->n;
    free(size);
    return parts;
}

static void show_progress(const mz_build_opts_t *o, double t0, size_t done,
                          unsigned long long bytes, int finished)
{
    mz_progress_t p = {.done = done, .total = o->n, .bytes = bytes,
                       .seconds = mz_clock_s() - t0, .finished = finished};
    o->cb->progress(o->cb->ctx, &p);
}

/* Name and create a scratch database for each part (each gets its name
 * now, so that what a killed run leaves is removed by the next run's
 * clean-up). */
static mzx_status_t make_parts(const char *index, unsigned parts,
                               char **part, char **err)
{
    for (unsigned k = 0; k < parts; k++) {
        char *name = mz_index_next_base(index);
        mzx_status_t st = MZX_OK;
        if (!name || asprintf(&part[k], "%s/%s", index, name) < 0) {
            part[k] = NULL;
            st = MZX_NOMEM;
        } else if (mkdir(part[k], 0777) < 0) {
            st = MZX_IO;
            if (asprintf(err, "cannot create %s: %s", part[k],
                         strerror(errno)) < 0)
                *err = NULL;
        }
        free(name);
        if (st != MZX_OK)
            return st;
    }
    return MZX_OK;
}

/* The jobs of one build and what they share. */
typedef struct {
    job_t job[MAX_PARTS];
    pthread_t tid[MAX_PARTS];
    unsigned started;
    atomic_size_t done;
    atomic_ullong bytes;
    atomic_uint finished;
} crew_t;

/* Start the jobs, each on its run of parts.  MZX_NOMEM when a thread
 * could not start (those started must still be joined). */
static mzx_status_t start_jobs(crew_t *c, const mz_build_opts_t *o,
                               mz_built_file_t *files, unsigned jobs,
                               unsigned parts, const size_t *cut,
                               char *const *part)
{
    for (unsigned k = 0; k < jobs; k++) {
        c->job[k] = (job_t){.o = o, .files = files, .cut = cut,
                            .from = parts / jobs * k,
                            .to = parts / jobs * (k + 1), .part = part,
                            .st = MZX_OK, .done = &c->done,
                            .bytes = &c->bytes, .finished = &c->finished};
        if (pthread_create(&c->tid[k], NULL, run_job, &c->job[k]) != 0)
            return MZX_NOMEM;
        c->started++;
    }
    return MZX_OK;
}

/* Tell the progress until the jobs end, join them, and return the first
 * failure (its message to *err). */
static mzx_status_t wait_jobs(crew_t *c, const mz_build_opts_t *o,
                              mzx_status_t st, char **err)
{
    double t0 = mz_clock_s();
    int progress = o->cb && o->cb->progress;
    while (progress && atomic_load(&c->finished) < c->started) {
        show_progress(o, t0, atomic_load(&c->done), atomic_load(&c->bytes),
                      0);
        nanosleep(&(struct timespec){0, 250000000}, NULL);
    }
    for (unsigned k = 0; k < c->started; k++) {
        pthread_join(c->tid[k], NULL);
        if (c->job[k].st != MZX_OK && st == MZX_OK) {
            st = c->job[k].st;
            *err = c->job[k].err;
            c->job[k].err = NULL;
        }
        free(c->job[k].err);
    }
    if (progress)
        show_progress(o, t0, atomic_load(&c->done), atomic_load(&c->bytes),
                      1);
    return st;
}

/* Compact the parts, in order, into a new base; its name to *basename. */
static mzx_status_t compact_parts(const char *index, char *const *part,
                                  unsigned parts, char **basename,
                                  char **err)
{
    char *name = mz_index_next_base(index), *dst = NULL;
    mzx_status_t st = MZX_OK;
    if (!name || asprintf(&dst, "%s/%s", index, name) < 0) {
        dst = NULL;
        st = MZX_NOMEM;
    }
    if (st == MZX_OK) {
        st = mzx_compact_many((const char *const *)part, parts, dst, err);
        if (st != MZX_OK)
            mz_index_remove_db(index, name);
    }
    free(dst);
    if (st == MZX_OK)
        *basename = name;
    else
        free(name);
    return st;
}

/* The records of the files built (see mz_built_file_t). */
static mzx_status_t make_records(const mz_build_opts_t *o,
                                 mz_built_file_t *files)
{
    for (size_t i = 0; i < o->n; i++) {
        if (!files[i].built)
            continue;
        struct stat sb = {.st_size = (off_t)files[i].size,
                          .st_mtim = files[i].mtime};
        files[i].record = mz_file_record(&sb, files[i].hash, o->paths[i], 1);
        if (!files[i].record)
            return MZX_NOMEM;
    }
    return MZX_OK;
}

mzx_status_t mz_build_base(const mz_build_opts_t *o, const char *index,
                           char **basename, mz_built_file_t *files,
                           int *interrupted, char **err)
{
    unsigned jobs = jobs_for(o);
    char *part[MAX_PARTS] = {0};
    size_t cut[MAX_PARTS + 1];
    *basename = NULL;
    *interrupted = 0;
    *err = NULL;
    if (jobs > MAX_PARTS)
        jobs = MAX_PARTS;
    unsigned parts = cut_runs(o, jobs, cut);
    /* before any thread: the writers read it when they open */
    setenv("XAPIAN_FLUSH_THRESHOLD", FLUSH_DOCS, 0);
    crew_t *c = calloc(1, sizeof *c);
    mzx_status_t st = c ? make_parts(index, parts, part, err) : MZX_NOMEM;
    if (st == MZX_OK)
        st = start_jobs(c, o, files, jobs, parts, cut, part);
    if (c)
        st = wait_jobs(c, o, st, err);
    free(c);
    if (st == MZX_OK && o->stop && *o->stop) {
        *interrupted = 1;
        st = MZX_INTERNAL;
    }
    if (st == MZX_OK)
        st = make_records(o, files);
    if (st == MZX_OK)
        st = compact_parts(index, part, parts, basename, err);
    for (unsigned k = 0; k < parts; k++) {
        if (part[k])
            mz_index_remove_db(index, strrchr(part[k], '/') + 1);
        free(part[k]);
    }
    return st;
}

void mz_built_files_free(mz_built_file_t *files, size_t n)
{
    for (size_t i = 0; files && i < n; i++) {
        free(files[i].record);
        free(files[i].why);
    }
    free(files);
}
