/* build.h — build a read-only base from a list of files, on every core.
 *
 * A full build (the first index of an archive, --rebuild, or an update that
 * changes a large share of the files) does not go through the incremental
 * writer.  The files are cut into contiguous parts of a few tens of MB, a
 * run of them for each job; a job reads, cuts and writes each of its parts
 * into a scratch database of its own without term lists (documents there
 * can never be deleted; that is what makes it a third smaller and faster
 * to write), and the parts are then compacted, end to end in file order,
 * into one database: the base.
 * Passages therefore get the same order (and so the same ranking ties) as
 * a one-job build.  Later changes to a base file are buried by tombstones
 * in the writable part of the index (ingest.h).
 */
#ifndef MZ_BUILD_H
#define MZ_BUILD_H

#include "mzsearch.h"
#include "mzx.h"

#include <stddef.h>
#include <time.h>

/* What became of one file.  The jobs fill in the fixed-size fields; the
 * record is made from them after the jobs end, on the calling thread (a
 * string kept per file in a job's own heap, between the writer's
 * short-lived maps, spread them over more of its memory part after
 * part). */
typedef struct {
    char *record;            /* its record (update.h), NULL when skipped */
    char *why;               /* why it was skipped, else NULL */
    unsigned long passages;
    unsigned long long bytes; /* bytes of decoded text */
    int built;               /* its passages are in the base */
    long long size;          /* its stat, when built */
    struct timespec mtime;
    unsigned long long hash; /* mz_hash64 of its text */
} mz_built_file_t;

typedef struct {
    char *const *paths;      /* absolute, in the order passages are laid */
    size_t n;
    unsigned jobs;           /* 0: one per processor, at most 4 */
    int termlists;           /* keep term lists (an index xapian-tcpsrv
                                serves needs them to send documents) */
    const mz_index_callbacks_t *cb; /* told the progress (or NULL) */
    const volatile int *stop; /* nonzero: give up (nothing is kept) */
    char *const *roots;      /* the indexed roots, absolute (place terms
                                stop at a file's root) */
    size_t nroots;
} mz_build_opts_t;

/* Build a new base in the index directory; its name ("base-N") goes to
 * *basename (malloc'd).  files[i] (calloc'd by the caller, n entries) says
 * what became of paths[i].  Returns MZX_OK, or the failure with a message
 * in *err (malloc'd, may be NULL); *interrupted when stopped by o->stop.
 * On any failure or interruption nothing is left behind. */
mzx_status_t mz_build_base(const mz_build_opts_t *o, const char *index,
                           char **basename, mz_built_file_t *files,
                           int *interrupted, char **err);

void mz_built_files_free(mz_built_file_t *files, size_t n);

#endif
