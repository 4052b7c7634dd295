/* snippet.h — the part of a passage to show, with its hits. */
#ifndef MZ_SNIPPET_H
#define MZ_SNIPPET_H

#include "query.h"
#include "safetext.h" /* mz_safe_text: the snippet's text is made safe */

#include <stddef.h>

enum { MZ_SNIPPET_CHARS = 140, MZ_SNIPPET_MAX = 160 };

typedef struct {
    size_t byte_start, byte_end;   /* in the snippet text */
    size_t char_start, char_end;   /* the same, in characters */
} mz_span_t;

typedef struct {
    char *text;          /* malloc'd UTF-8, printable (see mz_safe_text) */
    size_t len;
    mz_span_t *spans;    /* highlighted hits, in order */
    size_t nspans;
} mz_snippet_t;

/* A window of about MZ_SNIPPET_CHARS characters of text[0..len) around the
 * best group of hits ("…" marks a cut), or the whole passage when it is at
 * most MZ_SNIPPET_MAX characters.  Returns 0, or -1 when out of memory. */
int mz_snippet_make(const char *text, size_t len, const mz_hits_t *hits,
                    mz_snippet_t *out);
/* The same over the whole passage, never cut (output to a pipe greps like
 * the files: rg prints whole lines). */
int mz_snippet_whole(const char *text, size_t len, const mz_hits_t *hits,
                     mz_snippet_t *out);
void mz_snippet_free(mz_snippet_t *s);


#endif
