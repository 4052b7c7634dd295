/* ingest.h — the index writer: one file's passages into the index. */
#ifndef MZ_INGEST_H
#define MZ_INGEST_H

#include "mzx.h"

#include <stddef.h>

/* Replace the passages of the file at path (absolute) with those cut from
 * the decoded text, and store the file's record (meta.. under its
 * MZ_META_FILE key; none when meta is NULL) -- all in one transaction, so a
 * crash leaves either the old file or the new one, never half.  The count
 * of passages goes to *npassages. */
mzx_status_t mz_ingest_text(mzx_writer_t *w, const char *path,
                            const char *text, size_t len, int markdown,
                            const char *meta, size_t metalen,
                            unsigned long *npassages);

/* Remove the passages and records of the file at path (one transaction). */
mzx_status_t mz_ingest_remove(mzx_writer_t *w, const char *path);

#endif
