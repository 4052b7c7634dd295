/* check.h — the unit tests' one helper: print "ok NAME" or
 * "not ok NAME: why" and count failures. */
#ifndef MZ_CHECK_H
#define MZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

/* A new folder ${TMPDIR:-/tmp}/NAME.XXXXXX in buf (n bytes); NULL when it
 * cannot be made. */
static inline char *check_tmpdir(char *buf, size_t n, const char *name)
{
    const char *t = getenv("TMPDIR");
    if ((size_t)snprintf(buf, n, "%s/%s.XXXXXX", t && *t ? t : "/tmp",
                         name) >= n)
        return NULL;
    return mkdtemp(buf);
}

static int check_failures;

#define CHECK(name, cond, ...)                                             \
    do {                                                                   \
        if (cond) {                                                        \
            printf("ok %s\n", name);                                       \
        } else {                                                           \
            check_failures++;                                              \
            printf("not ok %s: ", name);                                   \
            printf(__VA_ARGS__);                                           \
            printf("\n");                                                  \
        }                                                                  \
    } while (0)

#endif
