/* genre.c — the genres' codes and terms (see genre.h). */
#include "genre.h"
#include "schema.h"

#include <stdio.h>
#include <string.h>

static const char *const names[MZ_NGENRES] = {
    "other", "review", "rectify", "speech", "report", "rules", "notice",
};

const char *mz_genre_name(unsigned long g)
{
    return g < MZ_NGENRES ? names[g] : names[MZ_GENRE_OTHER];
}

int mz_genre_parse(const char *name, size_t len)
{
    for (int g = 0; g < MZ_NGENRES; g++)
        if (strlen(names[g]) == len && memcmp(names[g], name, len) == 0)
            return g;
    return -1;
}

size_t mz_genre_term(unsigned long g, char *buf)
{
    int n = snprintf(buf, MZ_GENRE_TERM_MAX, "%s%s", MZ_GENRE_PREFIX,
                     mz_genre_name(g));
    return n < MZ_GENRE_TERM_MAX ? (size_t)n : MZ_GENRE_TERM_MAX - 1;
}
