/* safetext.h — text from files made safe to print, for both programs.
 *
 * File names and document text are whatever was on disk: a control
 * character printed raw can move the cursor, recolour or rewrite a
 * terminal, or split a log line in two. */
#ifndef MZ_SAFETEXT_H
#define MZ_SAFETEXT_H

#include <stddef.h>

/* A copy of s[0..n) that is safe to print: control characters, bidi
 * overrides and invalid bytes become U+FFFD, a tab becomes a space; one
 * character in, one character out.  malloc'd, NUL-terminated (NULL when
 * out of memory); *outlen (if not NULL) its length. */
char *mz_safe_text(const char *s, size_t n, size_t *outlen);

#endif
