/* update.h — bring the index up to date with the files under some roots.
 *
 * Each indexed file has a record (metadata MZ_META_FILE + its key) with its
 * size, mtime, content hash and passage count.  An update walks the roots
 * and, per file: same size and mtime -> unchanged, not even read; else read
 * and hash it: same hash -> record refreshed, passages untouched; else its
 * passages are replaced.  Files indexed under a walked root that the walk no
 * longer finds are removed.  Every file's change is one transaction, and
 * changes are committed in batches, so a crash loses at most the current
 * batch and the next run finishes the job.
 */
#ifndef MZ_UPDATE_H
#define MZ_UPDATE_H

#include "mzx.h"
#include "walk.h"

#include <signal.h>
#include <stddef.h>

typedef struct {
    char *path, *reason;
} mz_skipped_t;

typedef struct {
    unsigned long added, updated, removed, unchanged, skipped;
    unsigned long passages;       /* passages written in this run */
    unsigned long long bytes;     /* bytes of text read */
    unsigned long bad_roots;      /* roots that could not be read */
    int interrupted;              /* stopped early by a signal */
    mz_skipped_t *skips;          /* the skipped files and why */
    size_t nskips;
} mz_update_stats_t;

typedef struct {
    int progress;                   /* draw a progress line on stderr */
    volatile sig_atomic_t *stop;    /* nonzero: commit what is done, stop */
    mz_walk_filter_t filter;        /* --include / --exclude */
} mz_update_opts_t;

/* Update from the files under roots (absolute or relative paths).  Returns
 * MZX_OK when the run completed or was interrupted (st->interrupted), else
 * the index failure (what was committed before it stays). */
mzx_status_t mz_update(mzx_writer_t *w, char *const *roots, size_t nroots,
                       const mz_update_opts_t *o, mz_update_stats_t *st);

void mz_update_stats_free(mz_update_stats_t *st);
/* Add a skipped file to st (copies).  Returns 0, or -1 out of memory. */
int mz_update_note_skip(mz_update_stats_t *st, const char *path,
                        const char *why);

/* What an update of these roots would do, from the records and a walk
 * (files are stat'ed, not read): how many files are new or have another
 * size or mtime, how many records under the walked roots lost their
 * file, how many records are not in the
 * base.  mzindex builds anew instead of updating when the changes are a
 * large share of the index. */
typedef struct {
    size_t records, files, changed, removed, delta, bad_roots;
} mz_update_plan_t;
mzx_status_t mz_update_plan(mzx_writer_t *w, char *const *roots,
                            size_t nroots, const mz_walk_filter_t *filter,
                            mz_update_plan_t *p);

/* A file's record, stored under MZ_META_FILE + its key:
 * "SIZE MTIME_NS HASH[ B]\nPATH" (mtime in nanoseconds, hash of the decoded
 * text in hex; " B" when its passages are in the read-only base).
 * malloc'd; NULL when out of memory. */
struct stat;
char *mz_file_record(const struct stat *sb, unsigned long long hash,
                     const char *path, int in_base);

#endif
