/* shards.c — which indexes a search reads (folders, tcp:// shards, shards
 * files), each opened and checked on its own, then opened as one. */
#include "engine.h"
#include "indexdir.h"
#include "kind.h"
#include "segment.h"
#include "version.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A remote shard: how long one operation, and the connection, may take. */
enum { REMOTE_TIMEOUT_MS = 30000, REMOTE_CONNECT_MS = 5000 };
/* The roots of a shard that say which passages are its own (more: its
 * ties go by document number, as before). */
enum { MZ_OWN_ROOTS_MAX = 64 };

/* The word mzsearch --json prints for a search's error, by status. */
static const char *mz_status_code(mz_status_t st)
{
    switch (st) {
    case MZ_STATUS_NO_INDEX: return "no_index";
    case MZ_STATUS_DAMAGED: return "index_damaged";
    case MZ_STATUS_INDEX_VERSION: return "index_version";
    case MZ_STATUS_BAD_QUERY: return "bad_query";
    case MZ_STATUS_EMPTY_QUERY: return "empty_query";
    case MZ_STATUS_NOTHING_SEARCHABLE: return "nothing_searchable";
    case MZ_STATUS_BAD_ARGUMENT: return "bad_option";
    case MZ_STATUS_SHARD_DOWN: return "shard_down";
    case MZ_STATUS_IO: case MZ_STATUS_LOCKED: return "index_error";
    default: return "internal";
    }
}

mz_status_t mz_err(mz_err_t *e, mz_status_t st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->pub.message, sizeof e->pub.message, fmt, ap);
    va_end(ap);
    snprintf(e->pub.code, sizeof e->pub.code, "%s", mz_status_code(st));
    return e->st = st;
}

void mz_shardset_free(mz_shardset_t *sh)
{
    for (size_t i = 0; i < sh->n; i++) {
        free(sh->v[i].spec);
        free(sh->v[i].where);
    }
    for (size_t i = 0; i < sh->ndirs; i++)
        free(sh->dirs[i]);
    for (size_t i = 0; i < sh->nroots; i++)
        free(sh->roots[i]);
    free(sh->roots);
    free(sh->old_layout);
    free(sh->old_version);
    free(sh->v);
    free(sh->dirs);
    free(sh->label);
    memset(sh, 0, sizeof *sh);
}

/* Remember a folder whose thesaurus.txt counts (once).  0, or -1. */
static int add_dir(mz_shardset_t *sh, const char *dir, size_t len)
{
    for (size_t i = 0; i < sh->ndirs; i++)
        if (strlen(sh->dirs[i]) == len && memcmp(sh->dirs[i], dir, len) == 0)
            return 0;
    char **d = realloc(sh->dirs, (sh->ndirs + 1) * sizeof *d);
    if (!d)
        return -1;
    sh->dirs = d;
    if (!(d[sh->ndirs] = strndup(dir, len)))
        return -1;
    sh->ndirs++;
    return 0;
}

/* Add one shard; a bad URL or one named twice is an error. */
static mz_status_t add_shard(mz_shardset_t *sh, const char *spec,
                             const char *where, int in_file, mz_err_t *e)
{
    char *host;
    unsigned port;
    int url = mz_shard_url(spec, &host, &port);
    free(host);
    if (url < 0)
        return mz_err(e, MZ_STATUS_BAD_ARGUMENT,
                      "%s %s: expected tcp://HOST:PORT", where, spec);
    for (size_t i = 0; i < sh->n; i++)
        if (strcmp(sh->v[i].spec, spec) == 0)
            return mz_err(e, MZ_STATUS_BAD_ARGUMENT, "%s is named twice (%s "
                          "and %s); name each shard once", spec,
                          sh->v[i].where, where);
    mz_shard_spec_t *v = realloc(sh->v, (sh->n + 1) * sizeof *v);
    if (!v)
        return mz_err(e, MZ_STATUS_NOMEM, "out of memory");
    sh->v = v;
    v[sh->n].spec = strdup(spec);
    v[sh->n].where = strdup(where);
    v[sh->n].remote = url;
    v[sh->n].in_file = in_file;
    if (!v[sh->n].spec || !v[sh->n].where ||
        (!url && add_dir(sh, spec, strlen(spec)) < 0)) {
        free(v[sh->n].spec);
        free(v[sh->n].where);
        return mz_err(e, MZ_STATUS_NOMEM, "out of memory");
    }
    sh->remote |= url;
    sh->n++;
    return MZ_STATUS_OK;
}

/* The shards a shards file lists; its folder's thesaurus.txt counts too. */
static mz_status_t add_shards_file(mz_shardset_t *sh, const char *file,
                                   mz_err_t *e)
{
    mz_shard_t *v;
    size_t n;
    if (mz_shards_read(file, &v, &n) < 0)
        return mz_err(e, MZ_STATUS_IO, "cannot read the shards file %s: %s",
                      file, strerror(errno));
    if (!mz_shards_plausible(file, v, n)) {
        mz_shards_free(v, n);
        return mz_err(e, MZ_STATUS_NO_INDEX, "%s is a file, neither an "
                      "index nor a shards file (no line of it names an "
                      "existing folder or a tcp://HOST:PORT shard); give the "
                      "index folder, or a shards file listing index folders",
                      file);
    }
    const char *slash = strrchr(file, '/');
    mz_status_t rc = MZ_STATUS_OK;
    if ((slash ? add_dir(sh, file, slash == file ? 1
                                                 : (size_t)(slash - file))
               : add_dir(sh, ".", 1)) < 0)
        rc = mz_err(e, MZ_STATUS_NOMEM, "out of memory");
    if (n == 0 && rc == MZ_STATUS_OK)
        rc = mz_err(e, MZ_STATUS_NO_INDEX, "the shards file %s lists no "
                    "shards; add index folders or tcp://HOST:PORT lines to "
                    "it", file);
    for (size_t i = 0; i < n && rc == MZ_STATUS_OK; i++) {
        char where[4096];
        snprintf(where, sizeof where, "%s:%u:", file, v[i].line);
        rc = add_shard(sh, v[i].spec, where, 1, e);
    }
    mz_shards_free(v, n);
    return rc;
}

/* The shards, comma separated, for messages. */
static mz_status_t make_label(mz_shardset_t *sh, mz_err_t *e)
{
    size_t len = 0;
    for (size_t i = 0; i < sh->n; i++)
        len += strlen(sh->v[i].spec) + 2;
    if (!(sh->label = malloc(len + 1)))
        return mz_err(e, MZ_STATUS_NOMEM, "out of memory");
    char *p = sh->label;
    *p = '\0';
    for (size_t i = 0; i < sh->n; i++)
        p += sprintf(p, i ? ", %s" : "%s", sh->v[i].spec);
    return MZ_STATUS_OK;
}

mz_status_t mz_shardset_collect(mz_shardset_t *sh, const char *const *paths,
                                size_t n, mz_err_t *e)
{
    const char *env = getenv("MZSEARCH_INDEX");
    size_t nloc = n ? n : 1;
    for (size_t i = 0; i < nloc; i++) {
        char *loc = mz_index_location(n ? paths[i] : NULL);
        const char *from = n ? "--index"
                           : env && *env ? "MZSEARCH_INDEX" : "the index";
        if (!loc)
            return mz_err(e, MZ_STATUS_NO_INDEX, "no index location: set "
                          "HOME or MZSEARCH_INDEX, or give --index PATH");
        char *file = strncmp(loc, "tcp://", 6) == 0 ? NULL
                                                    : mz_shards_file(loc);
        mz_status_t rc = file ? add_shards_file(sh, file, e)
                              : add_shard(sh, loc, from, 0, e);
        free(file);
        free(loc);
        if (rc != MZ_STATUS_OK)
            return rc;
    }
    return make_label(sh, e);
}

/* The sentence for a damaged local index: which one, and the fix. */
static mz_status_t damaged(const mz_shard_spec_t *s, const char *why,
                           mz_err_t *e)
{
    return mz_err(e, MZ_STATUS_DAMAGED, "%s%sthe index at %s is damaged "
                  "(%s); rebuild it with mzindex --index %s --rebuild",
                  s->in_file ? s->where : "", s->in_file ? " " : "", s->spec,
                  why, s->spec);
}

/* Add the roots the shard indexed (one a line) to sh's.  -1 when out of
 * memory. */
static int add_roots(mz_shardset_t *sh, const char *v)
{
    while (v && *v) {
        size_t k = strcspn(v, "\n");
        char **r = k ? realloc(sh->roots, (sh->nroots + 1) * sizeof *r)
                     : sh->roots;
        if (k && !r)
            return -1;
        sh->roots = r;
        if (k && !(r[sh->nroots++] = strndup(v, k))) {
            sh->nroots--;
            return -1;
        }
        v += k + (v[k] == '\n');
    }
    return 0;
}

/* Note a shard of an older layout (the first one). */
static int note_layout(mz_shardset_t *sh, const mz_shard_spec_t *s,
                       const char *v)
{
    if (sh->old_layout || !mz_layout_older(v))
        return 0;
    sh->old_layout = strdup(s->spec);
    sh->old_version = strdup(v ? v : "1");
    return sh->old_layout && sh->old_version ? 0 : -1;
}

/* What check_index reads of a shard's metadata (each NULL when absent or
 * not read); ok 0 when kinds or segmenter could not be read (err says
 * why). */
typedef struct {
    char *kinds, *seg, *layout, *roots;
    int ok;
    char err[256];
} shard_meta_t;

static void meta_free(shard_meta_t *m)
{
    free(m->kinds);
    free(m->seg);
    free(m->layout);
    free(m->roots);
    memset(m, 0, sizeof *m);
}

/* Read the shard's metadata check_index needs (from a remote shard, a
 * round trip each: read where it was connected to). */
static void read_meta(mzx_db_t *db, shard_meta_t *m)
{
    size_t n;
    memset(m, 0, sizeof *m);
    m->ok = mzx_db_get_meta(db, MZ_META_KINDS, &m->kinds, &n) == MZX_OK &&
            mzx_db_get_meta(db, MZ_META_SEGMENTER, &m->seg, &n) == MZX_OK;
    if (!m->ok) {
        snprintf(m->err, sizeof m->err, "%s", mzx_db_error(db));
        return;
    }
    if (mzx_db_get_meta(db, MZ_META_LAYOUT, &m->layout, &n) != MZX_OK)
        m->layout = NULL;
    if (mzx_db_get_meta(db, MZ_META_ROOTS, &m->roots, &n) != MZX_OK)
        m->roots = NULL;
}

/* Refuse an index cut by another segmenter (its answers would be wrong) or
 * laid out by a newer mzindex.  Note whether its passages carry kind
 * terms, its roots, and an older layout. */
static mz_status_t check_index(mz_shardset_t *sh, const shard_meta_t *m,
                               const mz_shard_spec_t *s, mz_err_t *e)
{
    if (!m->ok)
        return mz_err(e, MZ_STATUS_IO, "cannot read the index at %s: %s",
                      s->spec, m->err);
    sh->kind_terms &= m->kinds && strcmp(m->kinds, "1") == 0;
    const char *v = m->seg;
    mz_status_t rc = MZ_STATUS_OK;
    if (v && strcmp(v, MZ_SEG_VERSION) != 0 && s->remote)
        rc = mz_err(e, MZ_STATUS_INDEX_VERSION, "the shard %s was built by "
                    "segmenter %s, this mzsearch uses %s; rebuild the index "
                    "it serves with mzindex --index INDEX --rebuild",
                    s->spec, v, MZ_SEG_VERSION);
    else if (v && strcmp(v, MZ_SEG_VERSION) != 0)
        rc = mz_err(e, MZ_STATUS_INDEX_VERSION, "the index at %s was built "
                    "by segmenter %s, this mzsearch uses %s; rebuild it with "
                    "mzindex --index %s --rebuild", s->spec, v,
                    MZ_SEG_VERSION, s->spec);
    if (rc == MZ_STATUS_OK && mz_layout_newer(m->layout))
        rc = mz_err(e, MZ_STATUS_INDEX_VERSION, "the index at %s has layout "
                    "%s, newer than this mzsearch reads (%s); use a newer "
                    "mzsearch, or rebuild it with this one's mzindex "
                    "--rebuild", s->spec, m->layout, MZ_LAYOUT_VERSION);
    if (rc == MZ_STATUS_OK && note_layout(sh, s, m->layout) < 0)
        rc = mz_err(e, MZ_STATUS_NOMEM, "out of memory");
    if (rc == MZ_STATUS_OK && add_roots(sh, m->roots) < 0)
        rc = mz_err(e, MZ_STATUS_NOMEM, "out of memory");
    return rc;
}

/* Open a tcp:// shard. */
static mz_status_t open_remote(const mz_shard_spec_t *s, mzx_db_t **db,
                               mz_err_t *e)
{
    char *err = NULL, *host = NULL;
    unsigned port = 0;
    const char *w = s->in_file ? s->where : "", *sep = s->in_file ? " " : "";
    if (mz_shard_url(s->spec, &host, &port) < 0)
        return mz_err(e, MZ_STATUS_NOMEM, "out of memory");
    mzx_status_t st = mzx_db_open_remote(host, port, REMOTE_TIMEOUT_MS,
                                         REMOTE_CONNECT_MS, db, &err);
    mz_status_t rc = MZ_STATUS_OK;
    if (st != MZX_OK)
        rc = mz_err(e, MZ_STATUS_SHARD_DOWN, "%s%scannot reach the shard "
                    "%s: %s; start it there with xapian-tcpsrv --port %u "
                    "--interface %s INDEX, or leave it out", w, sep, s->spec,
                    err ? err : mzx_status_str(st), port, host);
    free(host);
    free(err);
    return rc;
}

/* Open a local index, its tables checked. */
static mz_status_t open_local(const mz_shard_spec_t *s, int only,
                              mzx_db_t **db, mz_err_t *e)
{
    char *err = NULL;
    /* "FILE:LINE: " before what a shards file names */
    const char *w = s->in_file ? s->where : "", *sep = s->in_file ? " " : "";
    if (!mz_index_exists(s->spec)) {
        if (only && !s->in_file)
            return mz_err(e, MZ_STATUS_NO_INDEX, "no index at %s; run "
                          "'mzindex DIR' first to build one (or give "
                          "--index PATH)", s->spec);
        return mz_err(e, MZ_STATUS_NO_INDEX, "%s%s%s is not an index; build "
                      "it with mzindex --index %s DIR, or leave it out", w,
                      sep, s->spec, s->spec);
    }
    mzx_status_t st = mzx_db_open(s->spec, db, &err);
    /* a damaged table shows here, not as a half answer later */
    if (st == MZX_OK &&
        (st = mzx_db_verify(*db, &(mzx_layout_t)MZ_READ_LAYOUT)) != MZX_OK)
        err = strdup(mzx_db_error(*db));
    mz_status_t rc = MZ_STATUS_OK;
    if (st == MZX_CORRUPT)
        rc = damaged(s, err ? err : mzx_status_str(st), e);
    else if (st != MZX_OK)
        rc = mz_err(e, st == MZX_NO_INDEX ? MZ_STATUS_NO_INDEX : MZ_STATUS_IO,
                    "%s%scannot open the index at %s: %s; rebuild it with "
                    "mzindex", w, sep, s->spec,
                    err ? err : mzx_status_str(st));
    free(err);
    return rc;
}

/* Tell the shim which passages are the shard's own: those under its roots
 * (each carries its root's place term, layout 3 on), so that passages of
 * equal weight over several shards come in the order the shards are
 * given, then each shard's own (mzx_db_own), as in one index of their
 * roots in that order.  Left unsaid for an older layout (ties then go by
 * the interleaved document numbers).  -1 when out of memory. */
static int own_roots(mzx_db_t *db, const shard_meta_t *m)
{
    if (!m->layout || strtol(m->layout, NULL, 10) < 3 || !m->roots)
        return 0;
    mzx_query_t *t[MZ_OWN_ROOTS_MAX];
    size_t nt = 0;
    int rc = 0, termless = 0;
    const char *r = m->roots;
    while (*r && nt < MZ_OWN_ROOTS_MAX) {
        size_t k = strcspn(r, "\n");
        char term[MZ_PLACE_TERM_LEN + 1];
        while (k > 1 && r[k - 1] == '/')
            k--;
        if (k > 1) {
            mz_place_term(r, k, term);
            if (!(t[nt++] = mzx_query_term(term, MZ_PLACE_TERM_LEN)))
                rc = -1;
        } else if (k == 1) {
            termless = 1;  /* "/": the indexer gives it no place term */
        }
        r += strcspn(r, "\n");
        r += *r == '\n';
    }
    int all = rc == 0 && nt && !*r && !termless; /* every root's term */
    mzx_query_t *own = all ? mzx_query_combine(MZX_OP_OR, t, nt) : NULL;
    if (all && !own)
        rc = -1;
    if (own)
        mzx_db_own(db, own);
    mzx_query_free(own);
    for (size_t i = 0; i < nt; i++)
        mzx_query_free(t[i]);
    return rc;
}

/* A remote shard's connection, made in a thread of its own: each server
 * forks and opens its index for it (some milliseconds), all at once. */
typedef struct {
    const mz_shard_spec_t *s;
    mzx_db_t *db;
    mz_status_t rc;
    mz_err_t e;
    shard_meta_t meta;  /* read there too (a round trip each) */
    pthread_t t;
    int started;
} conn_t;

static void *connect_shard(void *arg)
{
    conn_t *c = arg;
    c->rc = open_remote(c->s, &c->db, &c->e);
    if (c->rc == MZ_STATUS_OK)
        read_meta(c->db, &c->meta);
    return NULL;
}

/* Connect to every remote shard (when there are several) at once: c[i]
 * for sh->v[i].  NULL when there is nothing to do so, or no memory (then
 * each is connected to in turn). */
static conn_t *connect_all(const mz_shardset_t *sh)
{
    size_t remote = 0;
    for (size_t i = 0; i < sh->n; i++)
        remote += sh->v[i].remote;
    conn_t *c = remote > 1 ? calloc(sh->n, sizeof *c) : NULL;
    for (size_t i = 0; c && i < sh->n; i++) {
        c[i].s = &sh->v[i];
        c[i].started = sh->v[i].remote &&
                       pthread_create(&c[i].t, NULL, connect_shard, &c[i]) == 0;
    }
    for (size_t i = 0; c && i < sh->n; i++)
        if (c[i].started)
            pthread_join(c[i].t, NULL);
    return c;
}

/* Open one shard on its own (so that its own metadata is checked); a
 * remote one connected to already by c (NULL: not). */
static mz_status_t open_shard(mz_shardset_t *sh, const mz_shard_spec_t *s,
                              conn_t *c, mzx_db_t **db, mz_err_t *e)
{
    *db = NULL;
    mz_status_t rc;
    shard_meta_t meta = {0};
    if (c && c->started) {
        *db = c->db;
        c->db = NULL;
        meta = c->meta;
        memset(&c->meta, 0, sizeof c->meta);
        if ((rc = c->rc) != MZ_STATUS_OK)
            *e = c->e;
    } else {
        rc = s->remote ? open_remote(s, db, e)
                       : open_local(s, sh->n == 1, db, e);
        if (rc == MZ_STATUS_OK)
            read_meta(*db, &meta);
    }
    if (rc == MZ_STATUS_OK)
        rc = check_index(sh, &meta, s, e);
    if (rc == MZ_STATUS_OK && sh->n > 1 && own_roots(*db, &meta) < 0)
        rc = mz_err(e, MZ_STATUS_NOMEM, "out of memory");
    meta_free(&meta);
    if (rc != MZ_STATUS_OK) {
        mzx_db_destroy(*db);
        *db = NULL;
    }
    return rc;
}

/* Open shard i and add it to *out (the first becomes *out); on failure
 * *out is closed and NULL. */
static mz_status_t add_shard_db(mz_shardset_t *sh, size_t i, conn_t *c,
                                mzx_db_t **out, mz_err_t *e)
{
    mzx_db_t *db;
    mz_status_t rc = open_shard(sh, &sh->v[i], c, &db, e);
    if (rc == MZ_STATUS_OK && *out) {
        if (mzx_db_add_db(*out, db) != MZX_OK)
            rc = mz_err(e, MZ_STATUS_IO, "cannot add the shard %s: %s",
                        sh->v[i].spec, mzx_db_error(*out));
        mzx_db_destroy(db);
    } else if (rc == MZ_STATUS_OK) {
        *out = db;
    }
    if (rc != MZ_STATUS_OK) {
        mzx_db_destroy(*out);
        *out = NULL;
    }
    return rc;
}

mz_status_t mz_shardset_open(mz_shardset_t *sh, mzx_db_t **out, mz_err_t *e)
{
    *out = NULL;
    sh->kind_terms = 1;
    conn_t *c = connect_all(sh);
    mz_status_t rc = MZ_STATUS_OK;
    for (size_t i = 0; i < sh->n && rc == MZ_STATUS_OK; i++)
        rc = add_shard_db(sh, i, c ? &c[i] : NULL, out, e);
    for (size_t i = 0; c && i < sh->n; i++) {
        mzx_db_destroy(c[i].db);  /* those a failure left unopened */
        meta_free(&c[i].meta);
    }
    free(c);
    return rc;
}

mz_status_t mz_shardset_failed(const mz_shardset_t *sh, mzx_db_t *db,
                               mzx_status_t rc, mz_err_t *e)
{
    const char *err = mzx_db_error(db), *hint = "";
    if (rc == MZX_NOMEM)  /* ours as well as Xapian's: no index error */
        return mz_err(e, MZ_STATUS_NOMEM, "out of memory");
    if (rc == MZX_CORRUPT && sh->n == 1)
        return damaged(&sh->v[0], err, e);
    if (rc == MZX_CORRUPT)
        return mz_err(e, MZ_STATUS_DAMAGED, "one of the indexes %s is "
                      "damaged (%s); find it with mzindex --index INDEX "
                      "--status and rebuild it with mzindex --index INDEX "
                      "--rebuild", sh->label, err);
    if (sh->remote && rc == MZX_IO)
        hint = "; check that xapian-tcpsrv still serves each tcp:// shard";
    else if (sh->remote && strstr(err, "has no termlist"))
        hint = "; a tcp:// shard serves an index that was built without "
               "term lists, which xapian-tcpsrv (Xapian 1.4) needs; rebuild "
               "it there with mzindex --rebuild --servable";
    return mz_err(e, MZ_STATUS_IO, "searching %s failed: %s (%s)%s",
                  sh->label, err, mzx_status_str(rc), hint);
}
