/* place.c — a file's place in the archive, and the scope of a search (see
 * place.h). */
#include "place.h"
#include "genre.h"
#include "indexdir.h"
#include "schema.h"
#include "segment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- relative paths ------------------------------------------------------ */

const char *mz_place_relative(char *const *roots, size_t n, const char *path,
                              size_t len, size_t *rlen)
{
    size_t best = 0;
    int found = 0, file = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(roots[i]);
        while (k > 1 && roots[i][k - 1] == '/')
            k--;
        if (k > len || memcmp(roots[i], path, k) != 0 || (found && k <= best))
            continue;
        if (k == len)
            found = file = 1, best = k;        /* the root is the file */
        else if (path[k] == '/' || (k == 1 && path[0] == '/'))
            found = 1, file = 0, best = k;
    }
    if (!found)
        return NULL;
    if (file) { /* its name */
        const char *slash = memrchr(path, '/', len);
        const char *name = slash ? slash + 1 : path;
        *rlen = (size_t)(path + len - name);
        return name;
    }
    size_t from = best == 1 && path[0] == '/' ? 1 : best + 1;
    *rlen = len - from;
    return path + from;
}

const char *mz_place_top(const char *rel, size_t rlen, size_t *tlen)
{
    const char *slash = memchr(rel, '/', rlen);
    if (!slash) {
        *tlen = 1;
        return ".";
    }
    *tlen = (size_t)(slash - rel);
    return rel;
}

/* ---- globs ------------------------------------------------------------------- */

static uint32_t char_at(const char *s, size_t n, size_t *used)
{
    uint32_t cp;
    *used = mz_utf8_decode(s, n, &cp);
    if (*used == 0)
        *used = 1;
    return cp;
}

/* [...] at g (g[0] == '['): 1 when it holds c; *glen the class's length
 * (0 when it is not closed: then '[' is a plain character). */
static int class_has(const char *g, size_t gn, uint32_t c, size_t *glen)
{
    size_t i = 1, k;
    int negate = 0, hit = 0;
    if (i < gn && (g[i] == '!' || g[i] == '^'))
        negate = 1, i++;
    for (int first = 1; i < gn && (first || g[i] != ']'); first = 0) {
        uint32_t lo = char_at(g + i, gn - i, &k), hi = lo;
        i += k;
        if (i + 1 < gn && g[i] == '-' && g[i + 1] != ']') {
            hi = char_at(g + i + 1, gn - i - 1, &k);
            i += 1 + k;
        }
        hit |= c >= lo && c <= hi;
    }
    if (i >= gn) {
        *glen = 0;
        return 0;
    }
    *glen = i + 1;
    return hit != negate;
}

/* The end of the {...} at g[0] (its '}'), or 0 when it is not closed. */
static size_t brace_end(const char *g, size_t gn)
{
    int depth = 0;
    for (size_t i = 0; i < gn; i++) {
        if (g[i] == '\\')
            i++;
        else if (g[i] == '{')
            depth++;
        else if (g[i] == '}' && --depth == 0)
            return i;
    }
    return 0;
}

static int match_braces(const char *g, size_t gn, size_t end, const char *s,
                        size_t n)
{
    size_t start = 1, depth = 0;
    for (size_t i = 1; i <= end; i++) {
        if (g[i] == '\\' && i < end) {
            i++;
            continue;
        }
        if (g[i] == '{')
            depth++;
        else if (g[i] == '}' && depth)
            depth--;
        else if ((g[i] == ',' && !depth) || i == end) {
            size_t alt = i - start, rest = gn - end - 1;
            char *t = malloc(alt + rest + 1);
            int hit = 0;
            if (t) {
                memcpy(t, g + start, alt);
                memcpy(t + alt, g + end + 1, rest);
                hit = mz_glob_match(t, alt + rest, s, n);
                free(t);
            }
            if (hit)
                return 1;
            start = i + 1;
        }
    }
    return 0;
}

/* '**' at g: the rest after any folders, or after anything. */
static int match_stars(const char *g, size_t gn, const char *s, size_t n)
{
    while (gn && *g == '*')
        g++, gn--;
    if (!gn) /* a last '**': all the rest */
        return 1;
    if (*g == '/') { /* **​/: zero or more whole folders */
        if (mz_glob_match(g + 1, gn - 1, s, n))
            return 1;
        for (size_t i = 0; i < n; i++)
            if (s[i] == '/' && mz_glob_match(g + 1, gn - 1, s + i + 1,
                                             n - i - 1))
                return 1;
        return 0;
    }
    for (size_t i = 0; i <= n; i++)
        if (mz_glob_match(g, gn, s + i, n - i))
            return 1;
    return 0;
}

int mz_glob_match(const char *g, size_t gn, const char *s, size_t n)
{
    while (gn) {
        size_t k, used;
        switch (*g) {
        case '*':
            if (gn > 1 && g[1] == '*')
                return match_stars(g, gn, s, n);
            if (gn == 1) /* a last '*': the rest of the name */
                return !memchr(s, '/', n);
            for (size_t i = 0;; i++) { /* within one name */
                if (mz_glob_match(g + 1, gn - 1, s + i, n - i))
                    return 1;
                if (i == n || s[i] == '/')
                    return 0;
            }
        case '?':
            if (!n || *s == '/')
                return 0;
            char_at(s, n, &used);
            g++, gn--, s += used, n -= used;
            continue;
        case '[':
            if (n && *s != '/') {
                uint32_t c = char_at(s, n, &used);
                int hit = class_has(g, gn, c, &k);
                if (k) {
                    if (!hit)
                        return 0;
                    g += k, gn -= k, s += used, n -= used;
                    continue;
                }
            }
            break; /* a '[' of its own */
        case '{':
            if ((k = brace_end(g, gn)) != 0)
                return match_braces(g, gn, k, s, n);
            break;
        case '\\':
            if (gn > 1)
                g++, gn--;
            break;
        }
        if (!n || *s != *g)
            return 0;
        g++, gn--, s++, n--;
    }
    return n == 0;
}

const char *mz_glob_problem(const char *g)
{
    size_t n = strlen(g), k;
    for (size_t i = 0; i < n; i++) {
        if (g[i] == '\\') {
            i++;
        } else if (g[i] == '[') {
            class_has(g + i, n - i, 0, &k);
            if (!k)
                return "a '[' opens a class of characters that no ']' "
                       "closes (write \\[ for the character itself)";
            i += k - 1;
        } else if (g[i] == '{' && !brace_end(g + i, n - i)) {
            return "a '{' opens alternatives that no '}' closes (write "
                   "\\{ for the character itself)";
        }
    }
    return NULL;
}

/* Does the glob (no '!') match the path (a folder when dir)? */
static int glob_hits(const char *g, size_t gn, const char *p, size_t pn,
                     int dir)
{
    int dir_only = gn > 1 && g[gn - 1] == '/';
    if (dir_only) {
        if (!dir)
            return 0;
        gn--;
    }
    int anchored = gn && g[0] == '/';
    if (anchored)
        g++, gn--;
    if (!anchored && !memchr(g, '/', gn)) { /* a name at any depth */
        const char *slash = memrchr(p, '/', pn);
        if (slash) {
            pn -= (size_t)(slash + 1 - p);
            p = slash + 1;
        }
    }
    return mz_glob_match(g, gn, p, pn);
}

/* The last of the globs that matches the path: 1 it includes, -1 it
 * excludes, 0 none matches. */
static int last_verdict(const char *const *globs, size_t n, const char *p,
                        size_t pn, int dir)
{
    for (size_t i = n; i-- > 0;) {
        const char *g = globs[i];
        int neg = g[0] == '!';
        if (glob_hits(g + neg, strlen(g + neg), p, pn, dir))
            return neg ? -1 : 1;
    }
    return 0;
}

int mz_globs_keep(const char *const *globs, size_t n, const char *rel,
                  size_t rlen)
{
    int includes = 0, excludes = 0;
    for (size_t i = 0; i < n; i++) {
        includes |= globs[i][0] != '!';
        excludes |= globs[i][0] == '!';
    }
    /* a folder left out leaves out what it holds */
    for (size_t i = 0; excludes && i < rlen; i++)
        if (rel[i] == '/' && last_verdict(globs, n, rel, i, 1) < 0)
            return 0;
    int v = last_verdict(globs, n, rel, rlen, 0);
    return v ? v > 0 : !includes;
}

/* ---- the scope ------------------------------------------------------------- */

/* OR (or, for none, NULL) of the terms; v's queries are freed. */
static mzx_query_t *any_of(mzx_query_t **v, size_t n, int *oom)
{
    int ok = 1;
    for (size_t i = 0; i < n; i++)
        ok &= v[i] != NULL;
    mzx_query_t *q = !ok || !n ? NULL
                     : n == 1 ? v[0] : mzx_query_combine(MZX_OP_OR, v, n);
    if (n > 1 || !ok)
        for (size_t i = 0; i < n; i++)
            mzx_query_free(v[i]);
    *oom |= !ok || (n && !q);
    return q;
}

/* The genres' terms, each once: NULL (and MZ_STATUS_OK) when none. */
static mz_status_t genre_query(mz_db_t *db, const mz_search_options_t *o,
                               mzx_query_t **out)
{
    int want[MZ_NGENRES] = {0}, oom = 0;
    *out = NULL;
    for (size_t i = 0; i < o->ngenres; i++) {
        const char *s = o->genres[i];
        while (s && *s) {
            size_t k = strcspn(s, ",");
            int g = mz_genre_parse(s, k);
            if (g < 0 && k)
                return mz_err(&db->err, MZ_STATUS_BAD_ARGUMENT, "--genre "
                              "takes review, rectify, speech, report, rules, "
                              "notice or other (several: a comma list, or "
                              "--genre again), not '%.*s'", (int)k, s);
            if (g >= 0)
                want[g] = 1;
            s += k + (s[k] == ',');
        }
    }
    mzx_query_t *v[MZ_NGENRES];
    size_t n = 0;
    for (int g = 0; g < MZ_NGENRES; g++)
        if (want[g]) {
            char t[MZ_GENRE_TERM_MAX];
            v[n++] = mzx_query_term(t, mz_genre_term((unsigned long)g, t));
        }
    *out = any_of(v, n, &oom);
    return oom ? mz_err(&db->err, MZ_STATUS_NOMEM, "out of memory")
               : MZ_STATUS_OK;
}

/* The place term of a folder or file path: absolute, or joined to root. */
static mzx_query_t *place_term(const char *root, const char *path)
{
    char *abs = NULL, term[MZ_PLACE_TERM_LEN + 1];
    if (asprintf(&abs, "%s%s%s", root ? root : "", root ? "/" : "",
                 path) < 0)
        return NULL;
    size_t n = strlen(abs);
    while (n > 1 && abs[n - 1] == '/')
        n--;
    mz_place_term(abs, n, term);
    free(abs);
    return mzx_query_term(term, MZ_PLACE_TERM_LEN);
}

/* Is the absolute path p under an indexed root, or above one?  (Indexes
 * whose roots are unknown, remote shards, take any path.) */
static int near_a_root(const mz_shardset_t *sh, const char *p)
{
    for (size_t r = 0; r < sh->nroots; r++)
        if (mz_path_under(sh->roots[r], p) || mz_path_under(p, sh->roots[r]))
            return 1;
    return sh->nroots == 0;
}

/* The folders' and files' terms: an absolute path's own, and those of the
 * roots it holds (their passages carry no term above their root); a
 * relative one joined to each indexed root.  "/" (everything) leaves *all
 * set. */
static mz_status_t path_query(mz_db_t *db, const mz_search_options_t *o,
                              mzx_query_t **out)
{
    const mz_shardset_t *sh = &db->sh;
    size_t cap = o->npaths * (sh->nroots + 1), n = 0;
    mzx_query_t **v = calloc(cap + 1, sizeof *v);
    int oom = !v, all = 0;
    *out = NULL;
    for (size_t i = 0; !oom && i < o->npaths; i++) {
        const char *p = o->paths[i];
        if (p[strspn(p, "/")] == '\0' && p[0] == '/') {
            all = 1;
        } else if (p[0] == '/') {
            if (!near_a_root(sh, p)) {
                for (size_t k = 0; k < n; k++)
                    mzx_query_free(v[k]);
                free(v);
                return mz_err(&db->err, MZ_STATUS_BAD_ARGUMENT, "--path %s "
                              "is outside the indexed folders (%s%s); give "
                              "a folder or file under one of them", p,
                              sh->roots[0], sh->nroots > 1 ? ", …" : "");
            }
            oom |= !(v[n++] = place_term(NULL, p));
            for (size_t r = 0; !oom && r < sh->nroots; r++)
                if (mz_path_under(sh->roots[r], p))
                    oom |= !(v[n++] = place_term(NULL, sh->roots[r]));
        } else {
            for (size_t r = 0; !oom && r < sh->nroots; r++)
                oom |= !(v[n++] = place_term(sh->roots[r], p));
        }
    }
    if (!oom && !all)
        *out = n ? any_of(v, n, &oom) : mzx_query_combine(MZX_OP_OR, v, 0);
    else
        for (size_t i = 0; i < n; i++)
            mzx_query_free(v[i]);
    free(v);
    return oom ? mz_err(&db->err, MZ_STATUS_NOMEM, "out of memory")
               : MZ_STATUS_OK;
}

/* The globs answered by the index: every file record (MZ_META_FILE, whose
 * value ends with the path) judged once, then the files kept named with
 * the fewest terms: a folder whose indexed files are all kept by its place
 * term (every passage of a file carries the terms of its folders up to its
 * root), the others by their passages' key terms (live 'F' and base 'B');
 * or, when they are fewer files, the files left out named the same way. */
typedef struct {
    char *path;             /* absolute */
    size_t len, root;       /* root: its root's length; SIZE_MAX when it
                             * has none or the index has no place terms */
    char key[MZ_FILE_KEY_LEN];
    int keep;
} judged_t;

typedef struct {
    mz_db_t *db;
    const mz_search_options_t *o;
    judged_t *v;
    size_t n, cap, nkeep;
    int oom;
} files_t;

/* A growing list of terms. */
typedef struct {
    mzx_query_t **v;
    size_t n, cap;
} terms_t;

int mz_file_key_terms(const char *key, mzx_query_t *t[2])
{
    char k[MZ_FILE_KEY_LEN];
    memcpy(k, key, MZ_FILE_KEY_LEN);
    k[0] = MZ_FILE_KEY_CHAR;
    t[0] = mzx_query_term(k, MZ_FILE_KEY_LEN);
    k[0] = MZ_BASE_KEY_CHAR;
    t[1] = mzx_query_term(k, MZ_FILE_KEY_LEN);
    if (t[0] && t[1])
        return 0;
    mzx_query_free(t[0]);
    mzx_query_free(t[1]);
    t[0] = t[1] = NULL;
    return -1;
}

static int judge_file(const char *key, size_t klen, const char *val,
                      size_t vlen, void *ctx)
{
    files_t *f = ctx;
    const mz_shardset_t *sh = &f->db->sh;
    size_t plen = strlen(MZ_META_FILE), rlen;
    const char *nl = memchr(val, '\n', vlen);
    if (klen != plen + MZ_FILE_KEY_LEN || !nl)
        return 0;
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 256;
        judged_t *v = realloc(f->v, cap * sizeof *v);
        if (!v)
            return f->oom = 1;
        f->v = v, f->cap = cap;
    }
    judged_t *j = &f->v[f->n];
    j->len = (size_t)(val + vlen - nl - 1);
    if (!(j->path = strndup(nl + 1, j->len)))
        return f->oom = 1;
    f->n++;
    j->len = strlen(j->path);
    memcpy(j->key, key + plen, MZ_FILE_KEY_LEN);
    const char *rel = mz_place_relative(sh->roots, sh->nroots, j->path,
                                        j->len, &rlen);
    j->keep = rel && mz_globs_keep(f->o->globs, f->o->nglobs, rel, rlen);
    f->nkeep += j->keep != 0;
    j->root = rel && !sh->old_layout
                  ? mz_root_floor(sh->roots, sh->nroots, j->path) : SIZE_MAX;
    return 0;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const judged_t *)a)->path, ((const judged_t *)b)->path);
}

/* Is file j inside the folder p[0..k)? */
static int inside(const judged_t *j, const char *p, size_t k)
{
    return j->len > k && j->path[k] == '/' && memcmp(j->path, p, k) == 0;
}

/* The end of the files inside the folder v[i].path[0..k) from v[i] on (v
 * sorted by path, so they follow one another), or 0 when its place term
 * cannot stand for them: some file in it is judged otherwise, or lies
 * under a root below the folder (its passages lack the folder's term), or
 * one before v[i] is in it (the folder was judged from there). */
static size_t folder_end(const judged_t *v, size_t n, size_t i, size_t k)
{
    if (i > 0 && inside(&v[i - 1], v[i].path, k))
        return 0;
    size_t e = i;
    for (; e < n && inside(&v[e], v[i].path, k); e++)
        if (v[e].keep != v[i].keep || v[e].root > k)
            return 0;
    return e;
}

static int push_term(terms_t *t, mzx_query_t *q)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        mzx_query_t **v = realloc(t->v, cap * sizeof *v);
        if (!v) {
            mzx_query_free(q);
            return -1;
        }
        t->v = v, t->cap = cap;
    }
    if (!q)
        return -1;
    t->v[t->n++] = q;
    return 0;
}

/* The terms that name v[i] and the files after it that share its highest
 * wholly kept (or wholly left out) folder below or at its root ("/" has
 * no place term), or v[i] alone by its keys; the index of the next. */
static size_t name_files(const judged_t *v, size_t n, size_t i,
                         terms_t *t, int *oom)
{
    const judged_t *j = &v[i];
    for (size_t k = j->root; k != SIZE_MAX && k < j->len; k++) {
        size_t e;
        if (k > 1 && j->path[k] == '/' && (e = folder_end(v, n, i, k))) {
            char term[MZ_PLACE_TERM_LEN + 1];
            mz_place_term(j->path, k, term);
            *oom |= push_term(t, mzx_query_term(term,
                                                MZ_PLACE_TERM_LEN)) < 0;
            return e;
        }
    }
    mzx_query_t *q[2];
    if (mz_file_key_terms(j->key, q) < 0)
        *oom = 1;
    else if ((push_term(t, q[0]) < 0) | (push_term(t, q[1]) < 0))
        *oom = 1; /* both pushed (or freed): no || */
    return i + 1;
}

static void free_terms(terms_t *t)
{
    for (size_t i = 0; i < t->n; i++)
        mzx_query_free(t->v[i]);
    free(t->v);
}

/* The kept files' terms and the left-out files' into t[1] and t[0]. */
static int name_all(files_t *f, terms_t t[2])
{
    int oom = 0;
    qsort(f->v, f->n, sizeof *f->v, by_path);
    for (size_t i = 0; !oom && i < f->n;)
        i = name_files(f->v, f->n, i, &t[f->v[i].keep != 0], &oom);
    return oom;
}

static mz_status_t glob_query(mz_db_t *db, const mz_search_options_t *o,
                              mzx_query_t **out, int *negate)
{
    files_t f = {.db = db, .o = o};
    terms_t t[2] = {{0}};
    *out = NULL;
    mzx_status_t rc = mzx_db_meta_each(db->x, MZ_META_FILE, judge_file, &f);
    if (rc == MZX_OK && !f.oom && !(f.oom = name_all(&f, t))) {
        /* the form as before naming by folders: it decides which matches
         * Xapian reads, and so the estimated total and the facets */
        *negate = f.n - f.nkeep < f.nkeep;
        terms_t *use = &t[!*negate];
        *out = use->n ? any_of(use->v, use->n, &f.oom) : NULL;
        use->n = 0; /* any_of took them */
        if (!*out && !*negate && !f.oom) /* no file: nothing can match */
            f.oom |= !(*out = mzx_query_combine(MZX_OP_OR, NULL, 0));
    }
    free_terms(&t[0]);
    free_terms(&t[1]);
    for (size_t i = 0; i < f.n; i++)
        free(f.v[i].path);
    free(f.v);
    if (f.oom)
        return mz_err(&db->err, MZ_STATUS_NOMEM, "out of memory");
    if (rc != MZX_OK)
        return mz_shardset_failed(&db->sh, db->x, rc, &db->err);
    return MZ_STATUS_OK;
}

/* a AND b (FILTER), or whichever is not NULL. */
static mzx_query_t *both(mzx_query_t *a, mzx_query_t *b, int *oom)
{
    if (!a || !b)
        return a ? a : b;
    mzx_query_t *v[2] = {a, b};
    mzx_query_t *q = mzx_query_combine(MZX_OP_FILTER, v, 2);
    *oom |= !q;
    mzx_query_free(a);
    mzx_query_free(b);
    return q;
}

mz_status_t mz_scope_query(mz_db_t *db, const mz_search_options_t *o,
                           mz_scope_t *scope)
{
    mzx_query_t *g = NULL, *p = NULL, *files = NULL;
    int negate = 0, oom = 0;
    memset(scope, 0, sizeof *scope);
    if ((o->ngenres || o->npaths) && db->sh.old_layout)
        return mz_err(&db->err, MZ_STATUS_INDEX_VERSION, "the index at %s "
                      "has layout %s, older than --genre and --path need "
                      "(%s); update it with mzindex --index %s (it is "
                      "rebuilt whole)", db->sh.old_layout,
                      db->sh.old_version, MZ_LAYOUT_VERSION,
                      db->sh.old_layout);
    for (size_t i = 0; i < o->nglobs; i++) {
        const char *bad = mz_glob_problem(o->globs[i]);
        if (bad)
            return mz_err(&db->err, MZ_STATUS_BAD_ARGUMENT,
                          "-g/--glob '%s': %s", o->globs[i], bad);
    }
    mz_status_t st = genre_query(db, o, &g);
    if (st == MZ_STATUS_OK)
        st = o->npaths ? path_query(db, o, &p) : MZ_STATUS_OK;
    /* the file records name one index's files: several shards are
     * checked match by match */
    if (st == MZ_STATUS_OK && o->nglobs && db->sh.n == 1 && !db->sh.remote)
        st = glob_query(db, o, &files, &negate);
    else if (o->nglobs)
        scope->check = 1;
    if (st != MZ_STATUS_OK) {
        mzx_query_free(g);
        mzx_query_free(p);
        mzx_query_free(files);
        return st;
    }
    scope->in = both(g, p, &oom);
    if (negate)
        scope->out = files;
    else
        scope->in = both(scope->in, files, &oom);
    if (oom) {
        mz_scope_free(scope);
        return mz_err(&db->err, MZ_STATUS_NOMEM, "out of memory");
    }
    return MZ_STATUS_OK;
}

void mz_scope_free(mz_scope_t *scope)
{
    mzx_query_free(scope->in);
    mzx_query_free(scope->out);
    memset(scope, 0, sizeof *scope);
}

void mz_scope_apply(const mz_scope_t *scope, mz_scope_ctx_t *ctx,
                    mz_db_t *db, const mz_search_options_t *o,
                    mz_search_opts_t *so)
{
    *ctx = (mz_scope_ctx_t){db, o};
    so->scope = scope->in;
    so->scope_out = scope->out;
    if (scope->check) {
        so->keep = mz_scope_keep;
        so->keep_ctx = ctx;
    }
}

int mz_scope_keep(void *vctx, const mz_record_t *r)
{
    const mz_scope_ctx_t *c = vctx;
    size_t rlen;
    const char *rel = mz_place_relative(c->db->sh.roots, c->db->sh.nroots,
                                        r->path.p, r->path.n, &rlen);
    return rel && mz_globs_keep(c->o->globs, c->o->nglobs, rel, rlen);
}
