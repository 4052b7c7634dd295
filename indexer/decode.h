/* decode.h — read a file and turn it into UTF-8 text. */
#ifndef MZ_DECODE_H
#define MZ_DECODE_H

#include <stddef.h>

enum { MZ_FILE_MAX = 256 << 20 }; /* larger files are skipped */

typedef struct {
    char *text;            /* malloc'd UTF-8, NUL-terminated, no BOM */
    size_t len;
    const char *encoding;  /* "UTF-8", "UTF-8 (BOM)", "GB18030", "UTF-16LE"... */
} mz_decoded_t;

/* Read path and decode it.  Returns 0, or -1 with *why set to a static
 * reason a user can act on ("not text (binary data)", "too large", ...) and
 * errno-derived text copied into why_buf when the system said why. */
int mz_decode_file(const char *path, mz_decoded_t *out, char *why_buf,
                   size_t why_len);

/* Decode bytes already in memory (the same rules). */
int mz_decode_bytes(const char *buf, size_t len, mz_decoded_t *out,
                    char *why_buf, size_t why_len);

void mz_decoded_free(mz_decoded_t *d);

#endif
