/* ingest.h — the index writer: one file's passages into the index. */
#ifndef MZ_INGEST_H
#define MZ_INGEST_H

#include "mzx.h"

#include <stddef.h>

/* root, in both: the length of path's indexed root (mz_root_floor; 0:
 * unknown), above which its passages carry no place term.
 *
 * Replace the passages of the file at path (absolute) with those cut from
 * the decoded text, and store the file's record (meta.. under its
 * MZ_META_FILE key; none when meta is NULL) -- all in one transaction, so a
 * crash leaves either the old file or the new one, never half.  in_base:
 * its old passages are in the index's read-only base, where they are
 * buried under a tombstone in the same transaction.  The count of passages
 * goes to *npassages. */
mzx_status_t mz_ingest_text(mzx_writer_t *w, const char *path,
                            const char *text, size_t len, int markdown,
                            const char *meta, size_t metalen, int in_base,
                            size_t root, unsigned long *npassages);

/* Remove the passages and records of the file at path (one transaction);
 * in_base as above. */
mzx_status_t mz_ingest_remove(mzx_writer_t *w, const char *path,
                              int in_base);

/* Add the passages of one file to a base being built (a scratch database
 * without term lists, see build.h): no transaction, nothing deleted, no
 * record; each passage carries the base filter term (MZ_BASE_KEY_CHAR +
 * the file key) that a tombstone names when the file changes later. */
mzx_status_t mz_ingest_base(mzx_writer_t *w, const char *path,
                            const char *text, size_t len, int markdown,
                            size_t root, unsigned long *npassages);

#endif
