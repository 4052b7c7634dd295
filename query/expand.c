/* expand.c — the query with the thesaurus topics it names widened to
 * their forms: the shipped thesaurus, the --thesaurus files and each
 * index folder's own thesaurus.txt. */
#include "engine.h"
#include "thesaurus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const char mz_default_thesaurus[]; /* query/thesaurus.txt, built in */

/* Does word stand in the shipped thesaurus where a topic stands: as typed
 * (ASCII case aside), alone between the start of a line or "<=>" and "=",
 * "<=>" or the end of the line (spaces and tabs aside)?  Every topic
 * does; a few words that are not may (in a comment). */
static int builtin_topic(const char *word)
{
    size_t n = strlen(word);
    for (const char *p = mz_default_thesaurus; (p = strcasestr(p, word));
         p++) {
        const char *b = p, *a = p + n;
        while (b > mz_default_thesaurus && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        while (*a == ' ' || *a == '\t' || *a == '\r')
            a++;
        if ((b == mz_default_thesaurus || b[-1] == '\n' || b[-1] == '>') &&
            (*a == '=' || *a == '<' || *a == '\n' || *a == '\0'))
            return 1;
    }
    return 0;
}

/* Is a word of the query (as mz_thes_expand_query takes them) a topic of
 * the shipped thesaurus? */
static int names_builtin_topic(const char *query)
{
    for (const char *p = query; *p;) {
        if (*p == ' ') {
            p++;
            continue;
        }
        if (*p == '"') {
            const char *e = strchr(p + 1, '"');
            p = e ? e + 1 : p + strlen(p);
            continue;
        }
        const char *s = p;
        while (*p && *p != ' ')
            p++;
        char word[256];
        size_t n = (size_t)(p - s);
        if (*s == '-' || n >= sizeof word)
            continue;
        memcpy(word, s, n);
        word[n] = '\0';
        if (builtin_topic(word))
            return 1;
    }
    return 0;
}

/* Can a thesaurus expand a word of the query?  Only the shipped one is
 * looked at (else: maybe), and without parsing it (~0.1 ms). */
static int may_expand(const mz_shardset_t *sh, const mz_search_options_t *o,
                      const char *query)
{
    if (o->nthesauri > 0)
        return 1;
    for (size_t i = 0; i < sh->ndirs; i++) {
        char *own = NULL;
        int have = asprintf(&own, "%s/thesaurus.txt", sh->dirs[i]) < 0 ||
                   access(own, F_OK) == 0;
        free(own);
        if (have)
            return 1;
    }
    return names_builtin_topic(query);
}

/* The shipped thesaurus, the caller's files and the indexes' own. */
static mz_status_t load(mz_thes_t *t, const mz_shardset_t *sh,
                        const mz_search_options_t *o, mz_err_t *e)
{
    char why[512];
    for (size_t i = 0; i < o->nthesauri; i++)
        if (mz_thes_load_file(t, o->thesauri[i], why, sizeof why) < 0)
            return mz_err(e, MZ_STATUS_BAD_ARGUMENT, "--thesaurus: %s; fix "
                          "the file or leave the option out", why);
    for (size_t i = 0; i < sh->ndirs; i++) {
        char *own = NULL;
        int bad = asprintf(&own, "%s/thesaurus.txt", sh->dirs[i]) >= 0 &&
                  access(own, F_OK) == 0 &&
                  mz_thes_load_file(t, own, why, sizeof why) < 0;
        free(own);
        if (bad)
            return mz_err(e, MZ_STATUS_BAD_ARGUMENT, "the index's "
                          "thesaurus: %s; fix it or remove it", why);
    }
    return MZ_STATUS_OK;
}

mz_status_t mz_expand(const mz_shardset_t *sh, const mz_search_options_t *o,
                      const char *query, char **expanded, mz_err_t *e)
{
    *expanded = NULL;
    if (o->exact || !may_expand(sh, o, query))
        return MZ_STATUS_OK;
    mz_thes_t *t = mz_thes_new();
    if (!t)
        return mz_err(e, MZ_STATUS_NOMEM, "out of memory");
    mz_status_t rc = load(t, sh, o, e);
    int changed = 0;
    char *x = rc == MZ_STATUS_OK ? mz_thes_expand_query(t, query, &changed)
                                 : NULL;
    mz_thes_free(t);
    if (changed)
        *expanded = x;
    else
        free(x);
    return rc;
}
