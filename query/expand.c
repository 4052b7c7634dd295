/* expand.c — the query with the thesaurus topics it names widened to
 * their forms: the shipped thesaurus, the --thesaurus files and each
 * index folder's own thesaurus.txt. */
#include "engine.h"
#include "sense.h"
#include "thesaurus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const char mz_default_thesaurus[]; /* query/thesaurus.txt, built in */

/* Does word stand in the shipped thesaurus where a topic stands: as typed
 * (ASCII case aside), alone between the start of a line or "<=>" and "=",
 * ">", "<=>" or the end of the line (spaces and tabs aside)?  Every topic
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
            (*a == '=' || *a == '<' || *a == '>' || *a == '\n' ||
             *a == '\0'))
            return 1;
    }
    return 0;
}

/* Does the tree name a topic of the shipped thesaurus: a word looked for
 * (not excluded, not a phrase)? */
static int names_builtin_topic(const mz_qnode_t *n)
{
    if (n->kind == MZ_QN_LEAF)
        return !n->negated && !n->quoted && builtin_topic(n->source);
    for (size_t i = 0; i < n->nkids; i++)
        if (names_builtin_topic(n->kids[i]))
            return 1;
    return 0;
}

/* The thesaurus.txt of an index folder, malloc'd, or NULL when it has
 * none (or out of memory: *oom). */
static char *own_thesaurus(const char *dir, int *oom)
{
    char *own = NULL;
    *oom = asprintf(&own, "%s/thesaurus.txt", dir) < 0;
    if (!*oom && access(own, F_OK) != 0) {
        free(own);
        own = NULL;
    }
    return *oom ? NULL : own;
}

/* Can a thesaurus expand a word of the query?  Only the shipped one is
 * looked at (else: maybe), and without parsing it (~0.1 ms). */
static int may_expand(const mz_shardset_t *sh, const mz_search_options_t *o,
                      const mz_qnode_t *tree)
{
    if (o->nthesauri > 0)
        return 1;
    for (size_t i = 0; i < sh->ndirs; i++) {
        int oom;
        char *own = own_thesaurus(sh->dirs[i], &oom);
        free(own);
        if (own || oom)
            return 1;
    }
    return names_builtin_topic(tree);
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
        int oom;
        char *own = own_thesaurus(sh->dirs[i], &oom);
        int bad = own && mz_thes_load_file(t, own, why, sizeof why) < 0;
        free(own);
        if (oom)
            return mz_err(e, MZ_STATUS_NOMEM, "out of memory");
        if (bad)
            return mz_err(e, MZ_STATUS_BAD_ARGUMENT, "the index's "
                          "thesaurus: %s; fix it or remove it", why);
    }
    return MZ_STATUS_OK;
}

/* The caller's thesaurus files, one a line: what the cached thesaurus was
 * loaded with.  malloc'd. */
static char *files_key(const mz_search_options_t *o)
{
    size_t n = 1;
    for (size_t i = 0; i < o->nthesauri; i++)
        n += strlen(o->thesauri[i]) + 1;
    char *k = malloc(n), *p = k;
    for (size_t i = 0; k && i < o->nthesauri; i++)
        p += sprintf(p, "%s\n", o->thesauri[i]);
    if (k)
        *p = '\0';
    return k;
}

/* Is the thesaurus for o's files loaded on db already? */
static int cached(const mz_db_t *db, const mz_search_options_t *o)
{
    char *key = db->thes ? files_key(o) : NULL;
    int same = key && strcmp(key, db->thes_key) == 0;
    free(key);
    return same;
}

/* The thesaurus for o: loaded once per database and set of files. */
static mz_status_t thesaurus(mz_db_t *db, const mz_search_options_t *o,
                             const mz_thes_t **out, mz_err_t *e)
{
    char *key = files_key(o);
    if (!key)
        return mz_err(e, MZ_STATUS_NOMEM, "out of memory");
    if (db->thes && strcmp(key, db->thes_key) == 0) {
        free(key);
        *out = db->thes;
        return MZ_STATUS_OK;
    }
    mz_thes_t *t = mz_thes_new();
    mz_status_t rc = t ? load(t, &db->sh, o, e)
                       : mz_err(e, MZ_STATUS_NOMEM, "out of memory");
    if (rc != MZ_STATUS_OK) {
        mz_thes_free(t);
        free(key);
        return rc;
    }
    mz_thes_free(db->thes);
    free(db->thes_key);
    db->thes = t;
    db->thes_key = key;
    *out = t;
    return MZ_STATUS_OK;
}

/* Push the forms as alternatives of the OR node alt; *changed when one
 * was. */
static int add_forms(mz_qnode_t *alt, const char *const *forms,
                     size_t nforms, int *changed)
{
    for (size_t i = 0; i < nforms; i++) {
        mz_qnode_t *f = mz_query_leaf(forms[i], strchr(forms[i], ' ') != 0);
        if (!f)
            return -1;
        if (f->nruns == 0 || mz_qnode_push(alt, f) < 0) {
            int bad = f->nruns != 0;
            mz_qnode_free(f);
            if (bad)
                return -1;
            continue;
        }
        *changed = 1;
    }
    return 0;
}

/* Push leaf, then its forms (and with parts, the forms of its parts:
 * *changed only by those), as alternatives of the OR node alt. */
static int add_alternatives(mz_qnode_t *alt, const mz_qnode_t *leaf,
                            const mz_thes_t *t, int parts, int *changed)
{
    size_t nforms = 0, nmore = 0;
    const char *const *forms = NULL, *const *more = NULL;
    int own = 0;
    if (!leaf->negated && !leaf->quoted) {
        forms = mz_thes_lookup(t, leaf->source, &nforms);
        if (parts)
            more = mz_thes_lookup_parts(t, leaf->source, &nmore);
    }
    mz_qnode_t *k = mz_qnode_clone(leaf);
    if (!k || mz_qnode_push(alt, k) < 0) {
        mz_qnode_free(k);
        return -1;
    }
    return add_forms(alt, forms, nforms, parts ? &own : changed) < 0 ||
           add_forms(alt, more, nmore, changed) < 0 ? -1 : 0;
}

/* The tree with each word that is a topic widened to "word OR form OR …"
 * (in an OR, its forms join that OR), and with parts, "… OR a part's form
 * OR …".  NULL when out of memory. */
static mz_qnode_t *widen(const mz_qnode_t *root, const mz_thes_t *t,
                         int parts, int *changed)
{
    mz_qnode_t *w = calloc(1, sizeof *w);
    int bad = !w;
    if (w)
        w->kind = MZ_QN_AND;
    for (size_t i = 0; i < root->nkids && !bad; i++) {
        const mz_qnode_t *k = root->kids[i];
        mz_qnode_t *alt = calloc(1, sizeof *alt);
        if (!alt || mz_qnode_push(w, alt) < 0) {
            free(alt);
            bad = 1;
            break;
        }
        alt->kind = MZ_QN_OR;
        alt->negated = k->kind == MZ_QN_LEAF ? 0 : k->negated;
        if (k->kind == MZ_QN_LEAF)
            bad = add_alternatives(alt, k, t, parts, changed) < 0;
        for (size_t j = 0; j < k->nkids && !bad; j++)
            bad = add_alternatives(alt, k->kids[j], t, parts, changed) < 0;
    }
    if (bad) {
        mz_qnode_free(w);
        return NULL;
    }
    mz_query_merge(w); /* an OR of one: the word; forms given twice: once */
    return w;
}

mz_status_t mz_expand(mz_db_t *db, const mz_search_options_t *o,
                      const mz_qnode_t *tree, mz_qnode_t **out,
                      mz_qnode_t **parts, mz_err_t *e)
{
    const mz_thes_t *t = NULL;
    *out = *parts = NULL;
    /* a thesaurus already loaded answers at once; else look before loading
     * (the folders' files once, not on every search of a server) */
    if (o->exact || (!cached(db, o) && !may_expand(&db->sh, o, tree)))
        return MZ_STATUS_OK;
    mz_status_t rc = thesaurus(db, o, &t, e);
    if (rc != MZ_STATUS_OK)
        return rc;
    int changed = 0, more = 0;
    mz_qnode_t *w = widen(tree, t, 0, &changed);
    mz_qnode_t *wp = w && changed ? widen(tree, t, 1, &more) : NULL;
    if (!w || (changed && !wp)) {
        mz_qnode_free(w);
        return mz_err(e, MZ_STATUS_NOMEM, "out of memory");
    }
    if (changed)
        *out = w;
    else
        mz_qnode_free(w);
    if (more)
        *parts = wp;
    else
        mz_qnode_free(wp);
    return MZ_STATUS_OK;
}

/* ---- the words apart ------------------------------------------------------ */

/* *k (a leaf the user typed) as the AND of its parts, when it has some:
 * 1 when replaced, 0 when not, -1 when out of memory. */
static int leaf_apart(mz_qnode_t **k)
{
    const mz_qnode_t *leaf = *k;
    mz_hit_t parts[MZ_SENSE_PARTS_MAX];
    size_t np = leaf->kind == MZ_QN_LEAF && leaf->han && !leaf->negated &&
                        !leaf->quoted
                    ? mz_sense_parts(leaf->han, leaf->nhan, parts,
                                     MZ_SENSE_PARTS_MAX)
                    : 0;
    if (!np)
        return 0;
    mz_qnode_t *and = calloc(1, sizeof *and);
    if (!and)
        return -1;
    and->kind = MZ_QN_AND;
    for (size_t i = 0; i < np; i++) {
        char word[MZ_SENSE_PARTS_MAX * 4 + 1];
        size_t n = parts[i].end - parts[i].start;
        memcpy(word, leaf->han + parts[i].start, n);
        word[n] = 0;
        mz_qnode_t *w = mz_query_leaf(word, 0);
        if (!w || mz_qnode_push(and, w) < 0) {
            mz_qnode_free(w);
            mz_qnode_free(and);
            return -1;
        }
    }
    mz_qnode_free(*k);
    *k = and;
    return 1;
}

int mz_query_apart(const mz_qnode_t *tree, mz_qnode_t **out)
{
    *out = NULL;
    mz_qnode_t *t = mz_qnode_clone(tree);
    int changed = 0, rc = t ? 0 : -1;
    /* the root's words, and the alternatives of its OR groups */
    for (size_t i = 0; t && i < t->nkids && rc >= 0; i++) {
        mz_qnode_t *k = t->kids[i];
        if (k->kind == MZ_QN_LEAF) {
            if ((rc = leaf_apart(&t->kids[i])) > 0)
                changed = 1;  /* k is freed: t->kids[i] replaces it */
            continue;
        }
        for (size_t j = 0; k->kind == MZ_QN_OR && !k->negated &&
                           j < k->nkids && rc >= 0; j++)
            if ((rc = leaf_apart(&k->kids[j])) > 0)
                changed = 1;
    }
    if (rc < 0 || !changed) {
        mz_qnode_free(t);
        return rc < 0 ? -1 : 0;
    }
    *out = t;
    return 0;
}
