/* ingest.h — the index writer: one file's passages into the index. */
#ifndef MZ_INGEST_H
#define MZ_INGEST_H

#include "mzx.h"

#include <stddef.h>

typedef struct {
    unsigned long files, passages, skipped, unchanged;
    unsigned long long bytes;
} mz_ingest_stats_t;

/* Replace the passages of the file at path (absolute) with its current
 * contents, atomically.  Returns MZX_OK; a file that cannot be read or
 * decoded is not an error: it is counted as skipped and *skip_why says why
 * (static or in why_buf).  Other statuses are index failures. */
mzx_status_t mz_ingest_file(mzx_writer_t *w, const char *path,
                            mz_ingest_stats_t *st, const char **skip_why,
                            char *why_buf, size_t why_len);

/* Index one decoded document (used by mz_ingest_file and the tests). */
mzx_status_t mz_ingest_text(mzx_writer_t *w, const char *path,
                            const char *text, size_t len, int markdown,
                            unsigned long *npassages);

#endif
