/* jsonw.h — JSON written straight into one growing buffer, in the two
 * layouts cJSON prints (cJSON_Print's tabs and newlines, and
 * cJSON_PrintUnformatted), byte for byte: the page of results is the
 * program's and the server's hottest output, and building a cJSON tree to
 * print it cost a third of a served search's own work (bench/PROFILE.md,
 * session 6). */
#ifndef MZ_JSONW_H
#define MZ_JSONW_H

#include <stddef.h>

enum { MZ_JW_DEPTH = 16 };

typedef struct {
    char *buf;             /* malloc'd, NUL-terminated while not oom */
    size_t len, cap;
    int pretty;            /* cJSON_Print's layout */
    int oom;               /* an allocation failed: the text is lost */
    unsigned depth;
    char kind[MZ_JW_DEPTH];          /* '{' or '[' at each open level */
    unsigned long items[MZ_JW_DEPTH]; /* values written at each level */
} mz_jw_t;

/* Start an empty buffer.  depth: the levels already open around what is
 * written (objects), for text to be pasted inside a larger document. */
void mz_jw_init(mz_jw_t *w, int pretty, unsigned depth);
/* The text (the caller owns it), or NULL when out of memory. */
char *mz_jw_take(mz_jw_t *w);
void mz_jw_free(mz_jw_t *w);

void mz_jw_open(mz_jw_t *w, char kind); /* '{' or '[' */
void mz_jw_close(mz_jw_t *w);
/* An object's key (cut at a NUL byte, as cJSON's C strings are). */
void mz_jw_key(mz_jw_t *w, const char *k, size_t n);
void mz_jw_keyz(mz_jw_t *w, const char *k);
/* Values: a string s[0..n) (cut at a NUL byte), escaped as cJSON escapes;
 * a whole number; a double as cJSON prints it; true/false; null; text
 * that is already JSON. */
void mz_jw_str(mz_jw_t *w, const char *s, size_t n);
void mz_jw_strz(mz_jw_t *w, const char *s);
void mz_jw_uint(mz_jw_t *w, unsigned long v);
void mz_jw_double(mz_jw_t *w, double d);
void mz_jw_bool(mz_jw_t *w, int b);
void mz_jw_null(mz_jw_t *w);
void mz_jw_raw(mz_jw_t *w, const char *s, size_t n);

#endif
