/* thesaurus.c — load and apply the topic thesaurus (see thesaurus.h). */
#include "thesaurus.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The shipped query/thesaurus.txt, compiled in by the Makefile. */
extern const char mz_default_thesaurus[];

typedef struct {
    char *word;
    char **forms;
    size_t n;
    char **parts;        /* topics it takes in with their forms (">") */
    size_t nparts;
    char **more;         /* its parts' own forms that are not its own
                            (resolve_parts), borrowed from the entries */
    size_t nmore;
} entry_t;

struct mz_thes {
    entry_t *v;
    size_t n;
};

mz_thes_t *mz_thes_new(void)
{
    mz_thes_t *t = calloc(1, sizeof *t);
    char err[128];
    if (t && mz_thes_load_text(t, mz_default_thesaurus, err, sizeof err) < 0) {
        mz_thes_free(t);
        return NULL;
    }
    return t;
}

void mz_thes_free(mz_thes_t *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].word);
        for (size_t k = 0; k < t->v[i].n; k++)
            free(t->v[i].forms[k]);
        free(t->v[i].forms);
        for (size_t k = 0; k < t->v[i].nparts; k++)
            free(t->v[i].parts[k]);
        free(t->v[i].parts);
        free(t->v[i].more);
    }
    free(t->v);
    free(t);
}

static entry_t *find(const mz_thes_t *t, const char *word)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcasecmp(t->v[i].word, word) == 0)
            return &t->v[i];
    return NULL;
}

static int listed(char *const *v, size_t n, const char *w)
{
    for (size_t k = 0; k < n; k++)
        if (strcasecmp(v[k], w) == 0)
            return 1;
    return 0;
}

/* w at the end of the list *v of *n words, unless it is there already
 * (case aside) */
static int add_unique(char ***v, size_t *n, const char *w)
{
    if (listed(*v, *n, w))
        return 0;
    char **grown = realloc(*v, (*n + 1) * sizeof *grown);
    if (!grown)
        return -1;
    *v = grown;
    if (!(grown[*n] = strdup(w)))
        return -1;
    (*n)++;
    return 0;
}

/* word -> form (no duplicates, never the word itself) */
static int add_form(mz_thes_t *t, const char *word, const char *form)
{
    if (strcasecmp(word, form) == 0)
        return 0;
    /* a line adds its forms to one word in a row: try the last entry */
    entry_t *e = t->n && strcasecmp(t->v[t->n - 1].word, word) == 0
                     ? &t->v[t->n - 1]
                     : find(t, word);
    if (!e) {
        entry_t *v = realloc(t->v, (t->n + 1) * sizeof *v);
        if (!v)
            return -1;
        t->v = v;
        e = &t->v[t->n];
        memset(e, 0, sizeof *e);
        if (!(e->word = strdup(word)))
            return -1;
        t->n++;
    }
    return add_unique(&e->forms, &e->n, form);
}

/* word takes in the topic part: part is a form of it, and so is every
 * form of part (resolve_parts, after each load). */
static int add_part(mz_thes_t *t, const char *word, const char *part)
{
    if (add_form(t, word, part) < 0)
        return -1;
    entry_t *e = find(t, word);
    if (!e)
        return 0;  /* the word itself: nothing to take in */
    return add_unique(&e->parts, &e->nparts, part);
}

/* Each topic with parts: each part's own forms that are not its own (one
 * level: not what the part takes in from parts of its own; never the
 * topic itself), as the list a lookup of its parts' forms gives.  Again
 * after every load, so that a later file's forms of a part reach the topic
 * too. */
static int resolve_parts(mz_thes_t *t)
{
    for (size_t i = 0; i < t->n; i++) {
        entry_t *e = &t->v[i];
        if (!e->nparts)
            continue;
        size_t cap = 0;
        for (size_t k = 0; k < e->nparts; k++) {
            const entry_t *p = find(t, e->parts[k]);
            cap += p ? p->n : 0;
        }
        char **more = malloc((cap ? cap : 1) * sizeof *more);
        if (!more)
            return -1;
        size_t n = 0;
        for (size_t k = 0; k < e->nparts; k++) {
            const entry_t *p = find(t, e->parts[k]);
            for (size_t f = 0; p && f < p->n; f++)
                if (strcasecmp(p->forms[f], e->word) != 0 &&
                    !listed(e->forms, e->n, p->forms[f]) &&
                    !listed(more, n, p->forms[f]))
                    more[n++] = p->forms[f];
        }
        free(e->more);
        e->more = more;
        e->nmore = n;
    }
    return 0;
}

/* Trim ASCII spaces and tabs in place. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

/* Split s at every occurrence of sep; trimmed, empty parts dropped. */
static size_t split(char *s, const char *sep, char **parts, size_t max)
{
    size_t n = 0, sl = strlen(sep);
    while (s && n < max) {
        char *at = strstr(s, sep);
        if (at)
            *at = '\0';
        char *p = trim(s);
        if (*p)
            parts[n++] = p;
        s = at ? at + sl : NULL;
    }
    return n;
}

static int load_line(mz_thes_t *t, char *line, char *err, size_t errn,
                     unsigned long no)
{
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    char *s = trim(line);
    if (!*s)
        return 0;
    char *parts[64];
    if (strstr(s, "<=>")) {
        size_t n = split(s, "<=>", parts, 64);
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < n; k++)
                if (i != k && add_form(t, parts[i], parts[k]) < 0)
                    return -1;
        return 0;
    }
    char *eq = strchr(s, '=');
    int take_in = !eq && (eq = strchr(s, '>')) != NULL;
    if (!eq) {
        snprintf(err, errn, "line %lu: no '=', '>' or '<=>' (write TOPIC = "
                 "FORM, FORM or TOPIC > TOPIC, TOPIC or FORM <=> FORM)", no);
        return -1;
    }
    *eq = '\0';
    char *topic = trim(s);
    if (!*topic) {
        snprintf(err, errn, "line %lu: nothing before '%c'", no,
                 take_in ? '>' : '=');
        return -1;
    }
    size_t n = split(eq + 1, ",", parts, 64);
    for (size_t i = 0; i < n; i++)
        if ((take_in ? add_part(t, topic, parts[i])
                     : add_form(t, topic, parts[i])) < 0)
            return -1;
    return 0;
}

int mz_thes_load_text(mz_thes_t *t, const char *text, char *err, size_t n)
{
    char *copy = strdup(text), *line = copy;
    unsigned long no = 0;
    int rc = 0;
    if (!copy) {
        snprintf(err, n, "out of memory");
        return -1;
    }
    while (line && rc == 0) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        rc = load_line(t, line, err, n, ++no);
        line = nl ? nl + 1 : NULL;
    }
    free(copy);
    if (rc == 0 && (rc = resolve_parts(t)) < 0)
        snprintf(err, n, "out of memory");
    return rc;
}

int mz_thes_load_file(mz_thes_t *t, const char *path, char *err, size_t n)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, n, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0, got;
    char chunk[8192];
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + got + 1 > cap) {
            cap = (len + got + 1) * 2;
            char *b = realloc(buf, cap);
            if (!b) {
                free(buf);
                fclose(f);
                snprintf(err, n, "out of memory");
                return -1;
            }
            buf = b;
        }
        memcpy(buf + len, chunk, got);
        len += got;
    }
    fclose(f);
    if (!buf) {
        return 0; /* an empty file */
    }
    buf[len] = '\0';
    char why[256];
    int rc = mz_thes_load_text(t, buf, why, sizeof why);
    if (rc < 0)
        snprintf(err, n, "%s: %s", path, why);
    free(buf);
    return rc;
}

const char *const *mz_thes_lookup(const mz_thes_t *t, const char *word,
                                  size_t *n)
{
    entry_t *e = t ? find(t, word) : NULL;
    *n = e ? e->n : 0;
    return e ? (const char *const *)e->forms : NULL;
}

const char *const *mz_thes_lookup_parts(const mz_thes_t *t, const char *word,
                                        size_t *n)
{
    entry_t *e = t ? find(t, word) : NULL;
    *n = e ? e->nmore : 0;
    return e && e->nmore ? (const char *const *)e->more : NULL;
}
