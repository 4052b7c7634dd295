/* jsontext.h — JSON text in one pass, byte for byte as cJSON writes it:
 * a cJSON tree printed (mz_json_text), or a value written piece by piece
 * without building the tree (mz_jw_*), as a page's results are.  cJSON
 * reads every string twice, byte by byte, copies every key and value
 * into a node of its own, and checks each double with sscanf. */
#ifndef MZ_JSONTEXT_H
#define MZ_JSONTEXT_H

#include <cJSON.h>
#include <stddef.h>

/* The text of o (pretty: cJSON_Print's tabs and newlines, else
 * cJSON_PrintUnformatted's), for the caller to free; NULL when out of
 * memory, or where cJSON would give NULL (a raw item without text). */
char *mz_json_text(const cJSON *o, int pretty);

enum { MZ_JW_NEST = 16 };

/* A writer: objects and arrays opened and closed in turn, a key before
 * each member's value; the separators and the indentation follow. */
typedef struct {
    char *p;
    size_t n, cap;
    int fail;                      /* out of memory, or a raw NULL */
    int pretty;
    unsigned depth;                /* the open object's or array's level */
    unsigned char array[MZ_JW_NEST], some[MZ_JW_NEST];
} mz_jw_t;

/* A writer whose first value stands at level depth of a pretty
 * document (what cJSON_Print would indent it as there). */
void mz_jw_init(mz_jw_t *w, int pretty, unsigned depth);
/* The text written, for the caller to free (NULL after a failure);
 * the writer is empty again. */
char *mz_jw_finish(mz_jw_t *w);

void mz_jw_object(mz_jw_t *w);
void mz_jw_array(mz_jw_t *w);
void mz_jw_end(mz_jw_t *w);   /* of the innermost open object or array */
void mz_jw_key(mz_jw_t *w, const char *key);
/* Values: s[0..n) up to its first NUL, as cJSON keeps a C string. */
void mz_jw_string(mz_jw_t *w, const char *s, size_t n);
void mz_jw_cstring(mz_jw_t *w, const char *s);
void mz_jw_count(mz_jw_t *w, unsigned long v);
void mz_jw_number(mz_jw_t *w, double d);
void mz_jw_bool(mz_jw_t *w, int b);
void mz_jw_null(mz_jw_t *w);

#endif
