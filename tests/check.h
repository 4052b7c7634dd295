/* check.h — the unit tests' one helper: print "ok NAME" or
 * "not ok NAME: why" and count failures. */
#ifndef MZ_CHECK_H
#define MZ_CHECK_H

#include <stdio.h>

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
