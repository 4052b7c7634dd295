/* update.h — bring the index up to date with the files under some roots.
 *
 * Each indexed file has a record (metadata MZ_META_FILE + its key) with its
 * size, mtime, content hash and passage count.  An update walks the roots
 * and, per file: same size and mtime -> unchanged, not even read; else read
 * and hash it: same hash -> record refreshed, passages untouched; else its
 * passages are replaced.  Files indexed under a walked root that the walk no
 * longer finds are removed, except those under a folder the walk could not
 * read, and those of a root that lost most of its files at once (an
 * unmounted share leaves an empty mount point): see mz_update_guard.  Every file's change is one transaction, and
 * changes are committed in batches, so a crash loses at most the current
 * batch and the next run finishes the job.
 */
#ifndef MZ_UPDATE_H
#define MZ_UPDATE_H

#include "mzsearch.h"
#include "mzx.h"
#include "walk.h"

#include <stddef.h>

/* What a run did (the public summary; update.c fills the counts, the
 * skips and the folders whose files it kept). */
typedef mz_index_summary_t mz_update_stats_t;

typedef struct {
    const mz_index_callbacks_t *cb; /* progress, skipped files (or NULL) */
    const volatile int *stop;       /* nonzero: commit what is done, stop */
    mz_walk_filter_t filter;        /* --include / --exclude */
    int accept_removals;            /* remove even a root's mass loss */
    char *const *roots;             /* every root the index holds, absolute
                                       (place terms stop at a file's) */
    size_t nroots;
} mz_update_opts_t;

/* The index's file records and a walk of some roots, as mz_update_plan
 * found them: mz_update uses them again instead of reading and walking
 * anew (they are a few milliseconds old). */
typedef struct mz_survey mz_survey_t;
void mz_survey_free(mz_survey_t *sv);

/* Update from the files under roots (absolute or relative paths), with
 * sv (may be NULL: read and walked here) the survey mz_update_plan made of
 * the same roots with the same filter, untouched since (sv stays the
 * caller's to free).  Returns MZX_OK when the run completed or was
 * interrupted (st->interrupted), else the index failure (what was
 * committed before it stays). */
mzx_status_t mz_update(mzx_writer_t *w, char *const *roots, size_t nroots,
                       const mz_update_opts_t *o, mz_update_stats_t *st,
                       mz_survey_t *sv);

void mz_update_stats_free(mz_update_stats_t *st);
/* Add a skipped file to st (copies).  Returns 0, or -1 out of memory. */
int mz_update_note_skip(mz_update_stats_t *st, const char *path,
                        const char *why);

/* What an update of these roots would do, from the records and a walk
 * (files are stat'ed, not read): how many files are new or have another
 * size or mtime, how many records under the walked roots lost their
 * file, how many records are not in the
 * base, how many records it would keep though their files were not found
 * (under an unreadable folder, or a root that lost its files).  mzindex
 * builds anew instead of updating when the changes are a large share of
 * the index and nothing must be kept so. */
typedef struct {
    size_t records, files, changed, removed, delta, bad_roots, kept;
} mz_update_plan_t;
/* *keep (when keep is not NULL) gets the survey the plan was made from,
 * for mz_update, or NULL on failure. */
mzx_status_t mz_update_plan(mzx_writer_t *w, char *const *roots,
                            size_t nroots, const mz_walk_filter_t *filter,
                            int accept_removals, mz_update_plan_t *p,
                            mz_survey_t **keep);

/* The guard against mass disappearance.  A root lost its files when it
 * now holds fewer than half as many files as were indexed from it, and of
 * those indexed files the ones no longer on disk are at least
 * MZ_GONE_FLOOR, or the root holds none at all (an empty mount point).
 * An update keeps such a root's records, unless accept_removals.
 *
 * This checks the walk `files` of roots (absolute paths) against the
 * records in db, the index of before: each root that lost its files is
 * added to st->gone (unless accept_removals), and *kept says how many
 * records a build from `files` would lose that an update would keep (those
 * roots', and those under the folders in files->skips).  Returns MZX_OK or
 * the failure to read db. */
enum { MZ_GONE_FLOOR = 10 };
mzx_status_t mz_update_guard(mzx_db_t *db, char *const *roots,
                             size_t nroots, const mz_filelist_t *files,
                             int accept_removals, mz_update_stats_t *st,
                             size_t *kept);

/* Store val under prefix (MZ_META_FILE, MZ_META_SKIP) + the key of path. */
mzx_status_t mz_put_file_meta(mzx_writer_t *w, const char *prefix,
                              const char *path, const char *val);
/* Store the index's note that path was skipped, and why. */
mzx_status_t mz_put_skip_note(mzx_writer_t *w, const char *path,
                              const char *why);

/* A file's record, stored under MZ_META_FILE + its key:
 * "SIZE MTIME_NS HASH[ B]\nPATH" (mtime in nanoseconds, hash of the decoded
 * text in 16 hex digits; " B" when its passages are in the read-only
 * base).  malloc'd; NULL when out of memory. */
struct stat;
char *mz_file_record(const struct stat *sb, unsigned long long hash,
                     const char *path, int in_base);

/* A record read back: the path is val's (not NUL-terminated, path_len
 * bytes).  Returns 0, or -1 when val[0..vlen) is not a record we wrote. */
typedef struct {
    unsigned long long size, hash;
    long long mtime;
    int in_base;
    const char *path;
    size_t path_len;
} mz_file_rec_t;
int mz_file_record_parse(const char *val, size_t vlen, mz_file_rec_t *r);

#endif
