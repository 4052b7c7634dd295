/* thesaurus.h — topic words and what they name (query/thesaurus.txt).
 *
 * A query word that is a TOPIC of the thesaurus also finds passages with
 * its FORMS; mzsearch ranks those after the passages with the word itself
 * (query/expand.c widens the query's words).  The shipped thesaurus is built into
 * the program; more can be loaded from files. */
#ifndef MZ_THESAURUS_H
#define MZ_THESAURUS_H

#include <stddef.h>

typedef struct mz_thes mz_thes_t;

/* A thesaurus holding the shipped entries; NULL when out of memory. */
mz_thes_t *mz_thes_new(void);
void mz_thes_free(mz_thes_t *t);

/* Add the entries of a file.  Returns 0, or -1 with a message in err. */
int mz_thes_load_file(mz_thes_t *t, const char *path, char *err, size_t n);
/* Add entries from text in the thesaurus format.  Returns 0, or -1 with
 * "line N: why" in err. */
int mz_thes_load_text(mz_thes_t *t, const char *text, char *err, size_t n);

/* The forms a word expands to (not including itself), or NULL with *n 0.
 * ASCII case does not matter.  The topics a line "TOPIC > PART, PART"
 * names are forms of it like any. */
const char *const *mz_thes_lookup(const mz_thes_t *t, const char *word,
                                  size_t *n);
/* The forms of the parts of a word ("TOPIC > PART"), one level, that are
 * not its own forms, or NULL with *n 0: mzsearch looks for them in a
 * later phase (the forms of a part are a step further from the topic). */
const char *const *mz_thes_lookup_parts(const mz_thes_t *t,
                                        const char *word, size_t *n);

#endif
