/* sensedict.h — the word frequency list the sense test reads (query/sense.h),
 * compiled at build time from python3-jieba's dictionary
 * (query/sense_compile.py) and linked into the programs: nothing is read
 * or parsed when a program starts, and a search touches only the pages of
 * the words it looks up. */
#ifndef MZ_SENSEDICT_H
#define MZ_SENSEDICT_H

#include <stddef.h>
#include <stdint.h>

enum { MZ_SENSE_FIRST_LO = 0x3400, MZ_SENSE_FIRST_HI = 0xA000 };

typedef struct {
    uint32_t n;            /* words, sorted by their UTF-8 bytes */
    const uint32_t *first; /* the first word of each character from
                              MZ_SENSE_FIRST_LO on, and one more */
    uint32_t unknown;      /* cost of a character that is not a word */
    const uint32_t *off;   /* word i is str[off[i] .. off[i + 1]) */
    const uint16_t *cost;  /* -ln(share of all counts) * 256 */
    const char *str;
    const uint32_t *pair_first; /* the first pair of each character from
                                   MZ_SENSE_FIRST_LO on, and one more */
    const uint32_t *pair;  /* each two-character prefix of the words, in
                              order: its second character, its first word */
    const char *version;
} mz_sensedict_t;

/* The linked list, or NULL when it is missing or damaged. */
const mz_sensedict_t *mz_sensedict(void);

/* The words that begin with the character cp: [*lo, *hi).  Returns 1
 * when that is so; 0 when cp is outside the table and [*lo, *hi) is every
 * word (mz_sensedict_narrow it to the character). */
int mz_sensedict_first(const mz_sensedict_t *d, uint32_t cp, uint32_t *lo,
                       uint32_t *hi);
/* Narrow [*lo, *hi) (words that all begin with p[0..k)) to the words that
 * begin with p[0..k2); returns 1 if one of them is p[0..k2) itself (then
 * it is word *lo).  k == k2: nothing to narrow, only that test. */

int mz_sensedict_narrow(const mz_sensedict_t *d, uint32_t *lo, uint32_t *hi,
                        const char *p, size_t k, size_t k2);

#endif
