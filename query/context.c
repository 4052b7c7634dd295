/* context.c — a passage and the paragraphs around it, read from the index
 * alone (mz_db_passage): whatever path is asked for, no file is opened;
 * the path only names the file's passages through the hash of its key. */
#include "engine.h"
#include "indexdir.h"
#include "kind.h"
#include "place.h"
#include "record.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* A file with more passages than this is read only this far. */
enum { MZ_FILE_PASSAGES_MAX = 50000, MZ_CONTEXT_MAX = 50 };

static const mzx_layout_t layout = MZ_READ_LAYOUT;

struct mz_passages {
    char *path, *title;
    mz_passage_t *v;
    size_t n, target;
};

/* Where a passage of the file starts, and which match of the mset it is. */
typedef struct {
    unsigned long byte, column;
    unsigned i;
} place_t;

static int place_cmp(const void *a, const void *b)
{
    const place_t *x = a, *y = b;
    if (x->byte != y->byte)
        return x->byte < y->byte ? -1 : 1;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

/* Every passage of the file whose key is key ('F' in the live database,
 * 'B' in the read-only base), less those the tombstones bury. */
static mzx_status_t file_passages(mz_db_t *db, const char *path,
                                  mzx_mset_t **ms)
{
    char key[MZ_FILE_KEY_LEN + 1];
    mzx_query_t *t[2];
    mz_file_key(path, key);
    mzx_query_t *q = mz_file_key_terms(key, t) == 0
                         ? mzx_query_combine(MZX_OP_OR, t, 2)
                         : NULL;
    mzx_status_t rc = q ? mzx_db_search(db->x, &layout, q, NULL, 0,
                                        MZ_FILE_PASSAGES_MAX, 0, ms)
                        : MZX_NOMEM;
    mzx_query_free(q);
    mzx_query_free(t[0]);
    mzx_query_free(t[1]);
    return rc;
}

/* The places of the mset's passages, in the file's order; *n of them. */
static mzx_status_t sorted_places(mzx_mset_t *ms, place_t **out, size_t *n)
{
    unsigned size = mzx_mset_size(ms);
    place_t *v = malloc((size ? size : 1) * sizeof *v);
    *out = v, *n = 0;
    if (!v)
        return MZX_NOMEM;
    for (unsigned i = 0; i < size; i++) {
        const char *data;
        size_t len;
        mz_record_t r;
        mzx_status_t rc = mzx_mset_data(ms, i, &data, &len);
        if (rc != MZX_OK)
            return rc;
        if (data && mz_record_decode(data, len, &r) == 0)
            v[(*n)++] = (place_t){r.byte_start, r.column, i};
    }
    qsort(v, *n, sizeof *v, place_cmp);
    return MZX_OK;
}

static char *copy_str(mz_str_t s)
{
    return strndup(s.p ? s.p : "", s.n);
}

/* p's public view of record r (its strings copied). */
static int passage_fill(mz_passage_t *p, const mz_record_t *r)
{
    char **sec = calloc(r->nsection ? r->nsection : 1, sizeof *sec);
    p->section = (const char *const *)sec;
    p->text = copy_str(r->text);
    if (!sec || !p->text)
        return -1;
    for (unsigned i = 0; i < r->nsection; i++, p->nsection++)
        if (!(sec[i] = copy_str(r->section[i])))
            return -1;
    p->kind = mz_section_kind(r->section, r->nsection);
    p->line_start = r->line_start, p->line_end = r->line_end;
    p->column = r->column;
    p->byte_start = r->byte_start, p->byte_end = r->byte_end;
    return 0;
}

/* The path and title of the file of match i, which must be path (a hash
 * of another path would name other passages). */
static mz_status_t check_path(mz_db_t *db, mzx_mset_t *ms, unsigned i,
                              const char *path, mz_passages_t *out)
{
    const char *data;
    size_t len;
    mz_record_t r;
    if (mzx_mset_data(ms, i, &data, &len) != MZX_OK || !data ||
        mz_record_decode(data, len, &r) < 0 ||
        mz_record_find_file(db->x, mzx_mset_docid(ms, i), &r) != MZX_OK)
        return mz_err(&db->err, MZ_STATUS_IO, "cannot read the index: %s",
                      mzx_db_error(db->x));
    if (r.path.n != strlen(path) || memcmp(r.path.p, path, r.path.n) != 0)
        return MZ_STATUS_BAD_ARGUMENT;
    out->path = copy_str(r.path);
    out->title = copy_str(r.title);
    return out->path && out->title ? MZ_STATUS_OK : MZ_STATUS_NOMEM;
}

/* The window [from, to) of the sorted places, as public passages. */
static mz_status_t fill_window(mz_db_t *db, mzx_mset_t *ms,
                               const place_t *pl, size_t from, size_t to,
                               mz_passages_t *out)
{
    out->v = calloc(to - from, sizeof *out->v);
    if (!out->v)
        return mz_err(&db->err, MZ_STATUS_NOMEM, "out of memory");
    for (size_t k = from; k < to; k++) {
        const char *data;
        size_t len;
        mz_record_t r;
        if (mzx_mset_data(ms, pl[k].i, &data, &len) != MZX_OK || !data ||
            mz_record_decode(data, len, &r) < 0)
            return mz_err(&db->err, MZ_STATUS_IO, "cannot read the index: "
                          "%s", mzx_db_error(db->x));
        out->n++;
        if (passage_fill(&out->v[k - from], &r) < 0)
            return mz_err(&db->err, MZ_STATUS_NOMEM, "out of memory");
    }
    return MZ_STATUS_OK;
}

static mz_status_t find_context(mz_db_t *db, mzx_mset_t *ms, const char *path,
                                unsigned long byte, unsigned long before,
                                unsigned long after, mz_passages_t *out)
{
    place_t *pl;
    size_t n, at;
    mzx_status_t rc = sorted_places(ms, &pl, &n);
    mz_status_t st = MZ_STATUS_OK;
    if (rc != MZX_OK)
        st = rc == MZX_NOMEM ? mz_err(&db->err, MZ_STATUS_NOMEM,
                                      "out of memory")
                             : mz_err(&db->err, MZ_STATUS_IO, "cannot read "
                                      "the index: %s", mzx_db_error(db->x));
    for (at = 0; st == MZ_STATUS_OK && at < n && pl[at].byte != byte; at++)
        ;
    if (st == MZ_STATUS_OK && at == n)
        st = MZ_STATUS_BAD_ARGUMENT;
    if (st == MZ_STATUS_OK)
        st = check_path(db, ms, pl[at].i, path, out);
    if (st == MZ_STATUS_BAD_ARGUMENT)
        st = mz_err(&db->err, st, "no passage of '%s' starts at byte %lu "
                    "in the index; take path and byte_start from a search "
                    "result", path, byte);
    if (st == MZ_STATUS_OK) {
        size_t from = at > before ? at - before : 0;
        size_t to = n - at > after ? at + after + 1 : n;
        out->target = at - from;
        st = fill_window(db, ms, pl, from, to, out);
    }
    free(pl);
    return st;
}

mz_status_t mz_db_passage(mz_db_t *db, const char *path,
                          unsigned long byte_start, unsigned long before,
                          unsigned long after, mz_passages_t **out)
{
    mzx_mset_t *ms = NULL;
    *out = NULL;
    if (!path || before > MZ_CONTEXT_MAX || after > MZ_CONTEXT_MAX)
        return mz_err(&db->err, MZ_STATUS_BAD_ARGUMENT, "a passage takes "
                      "a path, and at most %d passages before and after it",
                      MZ_CONTEXT_MAX);
    mz_passages_t *p = calloc(1, sizeof *p);
    if (!p)
        return mz_err(&db->err, MZ_STATUS_NOMEM, "out of memory");
    mzx_status_t rc = file_passages(db, path, &ms);
    mz_status_t st = rc == MZX_OK
                         ? find_context(db, ms, path, byte_start, before,
                                        after, p)
                         : mz_shardset_failed(&db->sh, db->x, rc, &db->err);
    mzx_mset_destroy(ms);
    if (st != MZ_STATUS_OK) {
        mz_passages_free(p);
        return st;
    }
    *out = p;
    return MZ_STATUS_OK;
}

size_t mz_passages_size(const mz_passages_t *p)
{
    return p ? p->n : 0;
}

size_t mz_passages_target(const mz_passages_t *p)
{
    return p ? p->target : 0;
}

const char *mz_passages_path(const mz_passages_t *p)
{
    return p ? p->path : NULL;
}

const char *mz_passages_title(const mz_passages_t *p)
{
    return p ? p->title : NULL;
}

const mz_passage_t *mz_passages_get(const mz_passages_t *p, size_t i)
{
    return p && i < p->n ? &p->v[i] : NULL;
}

void mz_passages_free(mz_passages_t *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        for (size_t k = 0; k < p->v[i].nsection; k++)
            free((char *)p->v[i].section[k]);
        free((void *)p->v[i].section);
        free((char *)p->v[i].text);
    }
    free(p->v);
    free(p->path);
    free(p->title);
    free(p);
}
