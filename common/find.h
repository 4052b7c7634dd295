/* find.h — the first occurrence of a short string in a passage.
 *
 * The searches of one passage look for a handful of words in a few hundred
 * bytes, thousands of times a query.  glibc's memmem prepares a shift
 * table on every call, which there costs more than the search itself; this
 * looks for the word's last byte with memchr (for Han text a continuation
 * byte, which few positions share) and compares the rest. */
#ifndef MZ_FIND_H
#define MZ_FIND_H

#include <stddef.h>
#include <string.h>

static inline const char *mz_find(const char *hay, size_t n, const char *w,
                                  size_t m)
{
    if (m == 0)
        return hay;
    if (n < m)
        return NULL;
    const char *p = hay + (m - 1), *end = hay + n;
    const unsigned char last = (unsigned char)w[m - 1];
    while ((p = memchr(p, last, (size_t)(end - p))) != NULL) {
        if (memcmp(p - (m - 1), w, m - 1) == 0)
            return p - (m - 1);
        p++;
    }
    return NULL;
}

#endif
