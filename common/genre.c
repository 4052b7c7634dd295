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

/* materials first, rules last */
static unsigned genre_rank(unsigned long g)
{
    switch (g) {
    case MZ_GENRE_REVIEW:
    case MZ_GENRE_RECTIFY:
    case MZ_GENRE_SPEECH:
    case MZ_GENRE_REPORT:
        return 0;
    case MZ_GENRE_RULES:
        return 2;
    default:
        return 1;
    }
}

size_t mz_tie_key(unsigned long genre, const char *file_key, size_t klen,
                  char *buf)
{
    if (genre >= MZ_NGENRES)
        genre = MZ_GENRE_OTHER;
    if (klen > MZ_TIE_KEY_MAX - 1)
        klen = MZ_TIE_KEY_MAX - 1;
    buf[0] = (char)(genre_rank(genre) * 16 + genre);
    memcpy(buf + 1, file_key, klen);
    return 1 + klen;
}
