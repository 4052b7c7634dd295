/* roots.c — see roots.h. */
#include "roots.h"
#include "indexdir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mz_roots_add(mz_roots_t *r, const char *s)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->v[i], s) == 0)
            return 0;
    char **v = realloc(r->v, (r->n + 1) * sizeof *v);
    if (!v)
        return -1;
    r->v = v;
    if (!(r->v[r->n] = strdup(s)))
        return -1;
    r->n++;
    return 0;
}

int mz_roots_parse(mz_roots_t *r, const char *s)
{
    while (s && *s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        char *one = strndup(s, n);
        if (!one || (n && mz_roots_add(r, one) < 0)) {
            free(one);
            return -1;
        }
        free(one);
        s = nl ? nl + 1 : NULL;
    }
    return 0;
}

char *mz_roots_join(const mz_roots_t *r)
{
    size_t len = 1;
    for (size_t i = 0; i < r->n; i++)
        len += strlen(r->v[i]) + 1;
    char *s = malloc(len), *p = s;
    if (!s)
        return NULL;
    for (size_t i = 0; i < r->n; i++)
        p += sprintf(p, "%s%s", i ? "\n" : "", r->v[i]);
    *p = '\0';
    return s;
}

void mz_roots_free(mz_roots_t *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->v[i]);
    free(r->v);
    r->v = NULL;
    r->n = 0;
}

int mz_roots_from_args(mz_roots_t *r, const char *const *args, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *abs = realpath(args[i], NULL);
        int rc = mz_roots_add(r, abs ? abs : args[i]);
        free(abs);
        if (rc < 0)
            return -1;
    }
    return 0;
}

void mz_roots_drop_covered(mz_roots_t *old, const mz_roots_t *now)
{
    size_t n = 0;
    for (size_t i = 0; i < old->n; i++) {
        int covered = 0;
        for (size_t k = 0; !covered && k < now->n; k++)
            covered = mz_path_under(old->v[i], now->v[k]);
        if (covered)
            free(old->v[i]);
        else
            old->v[n++] = old->v[i];
    }
    old->n = n;
}
