/* ingest.c — decode, split, segment, store: one file at a time, each file
 * in its own transaction so its old passages are replaced all together or
 * not at all. */
#include "ingest.h"
#include "genre_guess.h"
#include "indexdir.h"
#include "kind.h"
#include "passage.h"
#include "record.h"
#include "segment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Place terms a passage carries at most: its file's and its folders',
 * the innermost first (a deeper path loses its outermost folders). */
enum { MAX_PLACES = 48 };

typedef struct {
    mzx_writer_t *w;
    const char *path;
    mz_str_t title;
    mz_str_t text;            /* the whole text, for its year and type */
    unsigned long year, type, genre;
    char gterm[MZ_GENRE_TERM_MAX];  /* the genre's term, and its length */
    size_t gterm_len;
    char places[MAX_PLACES][MZ_PLACE_TERM_LEN + 1];
    unsigned nplaces;
    size_t root;              /* the length of its root (0: unknown) */
    int have_meta;
    char key[MZ_FILE_KEY_LEN + 1];
    mzx_doc_t *doc;
    mzx_status_t st;
    unsigned long count;
    /* the kind of the last passage's headings (slices of the text: the
     * same headings are the same slices), kept for the next passages */
    mz_str_t kind_of[MZ_SECTION_MAX];
    unsigned kind_n;
    const char *kind;
} file_ctx_t;

static int add_term(const char *term, size_t len, void *ctx)
{
    return mzx_doc_add_term(ctx, term, len) != MZX_OK;
}

/* The terms of the headings above a passage, in their own family
 * (MZ_HEADING_PREFIX), so that a passage can be found by the section it
 * sits in. */
static int add_heading_term(const char *term, size_t len, void *ctx)
{
    char buf[MZX_TERM_MAX + 1];
    if (len + 1 > MZX_TERM_MAX)
        len = MZX_TERM_MAX - 1;
    buf[0] = MZ_HEADING_PREFIX[0];
    memcpy(buf + 1, term, len);
    return mzx_doc_add_term(ctx, buf, len + 1) != MZX_OK;
}

/* The file's own document: its path and title, which its passages' records
 * leave out.  It is added just before them, so that a passage finds it
 * by counting back (record.h), and carries the term mz_file_doc_term(key)
 * to be found by when that fails; and the passages' filter term, so that
 * it is replaced and buried with them. */
static mzx_status_t add_file_doc(file_ctx_t *fc)
{
    char term[MZ_FILE_DOC_TERM_LEN], *data = NULL;
    size_t dlen = 0;
    mzx_doc_t *doc = mzx_doc_new();
    mzx_status_t st = MZX_NOMEM;
    if (doc && mz_file_record_encode((mz_str_t){fc->key, MZ_FILE_KEY_LEN},
                                     (mz_str_t){fc->path, strlen(fc->path)},
                                     fc->title, &data, &dlen) == 0) {
        mz_file_doc_term(fc->key, term);
        st = mzx_doc_add_boolean(doc, term, sizeof term);
        if (st == MZX_OK)
            st = mzx_doc_add_boolean(doc, MZ_SHARED_TERM,
                                     strlen(MZ_SHARED_TERM));
        if (st == MZX_OK)
            st = mzx_doc_add_boolean(doc, fc->key, MZ_FILE_KEY_LEN);
        if (st == MZX_OK)
            st = mzx_doc_set_value(doc, MZ_RECORD_SLOT, data, dlen);
        if (st == MZX_OK)
            st = mzx_writer_add(fc->w, doc);
    }
    free(data);
    mzx_doc_destroy(doc);
    return st;
}

/* The place terms of the file and of each folder above it up to its root
 * (all but "/" when the root is not known). */
static void find_places(file_ctx_t *fc)
{
    size_t n = strlen(fc->path);
    fc->nplaces = 0;
    while (n > 1 && fc->nplaces < MAX_PLACES) {
        mz_place_term(fc->path, n, fc->places[fc->nplaces++]);
        if (n <= fc->root)
            break;  /* the root: what is above it holds the same files */
        while (n > 0 && fc->path[n - 1] != '/')
            n--;
        if (n > 0)
            n--;  /* the folder, without its '/' */
    }
}

/* What the file's passages share: its year, genre, type and places, known
 * once the splitter has found the title. */
static void find_meta(file_ctx_t *fc)
{
    fc->year = mz_doc_year(fc->title, fc->text);
    fc->genre = mz_genre_guess(fc->title, fc->text);
    fc->type = mz_speaker_type(fc->title, fc->text, fc->genre);
    fc->gterm_len = mz_genre_term(fc->genre, fc->gterm);
    find_places(fc);
    fc->have_meta = 1;
}

/* The terms that every passage of the file carries: its file key, genre
 * and places. */
static mzx_status_t add_file_terms(file_ctx_t *fc, mzx_doc_t *doc)
{
    mzx_status_t st = mzx_doc_add_boolean(doc, fc->key, MZ_FILE_KEY_LEN);
    if (st == MZX_OK)
        st = mzx_doc_add_boolean(doc, fc->gterm, fc->gterm_len);
    for (unsigned i = 0; st == MZX_OK && i < fc->nplaces; i++)
        st = mzx_doc_add_boolean(doc, fc->places[i], MZ_PLACE_TERM_LEN);
    return st;
}

/* mz_section_kind of the headings, looked up again only when they change */
static const char *section_kind(file_ctx_t *fc, const mz_str_t *sec,
                                unsigned n)
{
    int same = fc->kind && fc->kind_n == n;
    for (unsigned i = 0; same && i < n; i++)
        same = fc->kind_of[i].p == sec[i].p && fc->kind_of[i].n == sec[i].n;
    if (!same) {
        fc->kind = mz_section_kind(sec, n);
        fc->kind_n = n;
        memcpy(fc->kind_of, sec, n * sizeof *sec);
    }
    return fc->kind;
}

static int add_passage(const mz_passage_t *p, void *vctx)
{
    file_ctx_t *fc = vctx;
    if (!fc->have_meta) { /* the title is known once passages come */
        find_meta(fc);
        if ((fc->st = add_file_doc(fc)) != MZX_OK)
            return 1;
    }
    mz_record_t r = {
        .file = {fc->key, MZ_FILE_KEY_LEN},
        .nth = fc->count,  /* the file's document is nth + 1 before */
        .text = {p->text, p->end - p->start},
        .nsection = p->nsection,
        .line_start = p->line, .line_end = p->line, .column = p->column,
        .year = fc->year, .type = fc->type, .genre = fc->genre,
        .byte_start = p->start, .byte_end = p->end,
    };
    for (unsigned i = 0; i < p->nsection && i < MZ_SECTION_MAX; i++)
        r.section[i] = p->section[i];
    char *data = NULL;
    size_t dlen = 0;
    mzx_doc_t *doc = mzx_doc_new();
    fc->st = MZX_NOMEM;
    if (doc && mz_record_encode(&r, &data, &dlen) == 0) {
        fc->st = MZX_OK;
        if (mz_seg_terms(r.text.p, r.text.n, add_term, doc) != 0)
            fc->st = MZX_NOMEM;
        for (unsigned i = 0; fc->st == MZX_OK && i < r.nsection; i++)
            if (mz_seg_terms(r.section[i].p, r.section[i].n,
                             add_heading_term, doc) != 0)
                fc->st = MZX_NOMEM;
        if (fc->st == MZX_OK)
            fc->st = add_file_terms(fc, doc);
        const char *kind = section_kind(fc, r.section, r.nsection);
        if (fc->st == MZX_OK && strcmp(kind, "other") != 0) {
            char kt[MZ_KIND_TERM_MAX];
            fc->st = mzx_doc_add_boolean(doc, kt, mz_kind_term(kind, kt));
        }
        if (fc->st == MZX_OK)
            fc->st = mzx_doc_set_value(doc, MZ_RECORD_SLOT, data, dlen);
        if (fc->st == MZX_OK)
            fc->st = mzx_writer_add(fc->w, doc);
    }
    free(data);
    mzx_doc_destroy(doc);
    fc->count += fc->st == MZX_OK;
    return fc->st != MZX_OK;
}

/* key = prefix + the file's key */
static void meta_key(char *key, size_t n, const char *prefix, const char *fk)
{
    snprintf(key, n, "%s%s", prefix, fk);
}

/* Hide the file's passages in the read-only base: a tombstone naming
 * their filter term (MZ_TOMBSTONE_TERM, schema.h). */
static mzx_status_t bury_base(mzx_writer_t *w, const char *path)
{
    char bk[MZ_FILE_KEY_LEN + 1];
    mz_file_key(path, bk);
    bk[0] = MZ_BASE_KEY_CHAR;
    mzx_doc_t *doc = mzx_doc_new();
    mzx_status_t st = doc ? MZX_OK : MZX_NOMEM;
    if (st == MZX_OK)
        st = mzx_doc_add_boolean(doc, MZ_TOMBSTONE_TERM,
                                 strlen(MZ_TOMBSTONE_TERM));
    if (st == MZX_OK)
        st = mzx_doc_set_data(doc, bk, MZ_FILE_KEY_LEN);
    if (st == MZX_OK)
        st = mzx_writer_add(w, doc);
    mzx_doc_destroy(doc);
    return st;
}

static mzx_status_t split_into(file_ctx_t *fc, const char *text, size_t len,
                               int markdown)
{
    if (mz_split(text, len, markdown, &fc->title, add_passage, fc) != 0)
        return fc->st != MZX_OK ? fc->st : MZX_NOMEM;
    return MZX_OK;
}

mzx_status_t mz_ingest_base(mzx_writer_t *w, const char *path,
                            const char *text, size_t len, int markdown,
                            size_t root, unsigned long *npassages)
{
    file_ctx_t fc = {.w = w, .path = path, .st = MZX_OK,
                     .text = {text, len}, .root = root};
    mz_file_key(path, fc.key);
    fc.key[0] = MZ_BASE_KEY_CHAR;
    mzx_status_t st = split_into(&fc, text, len, markdown);
    *npassages = fc.count;
    return st;
}

mzx_status_t mz_ingest_text(mzx_writer_t *w, const char *path,
                            const char *text, size_t len, int markdown,
                            const char *meta, size_t metalen, int in_base,
                            size_t root, unsigned long *npassages)
{
    file_ctx_t fc = {.w = w, .path = path, .st = MZX_OK,
                     .text = {text, len}, .root = root};
    char key[64];
    mz_file_key(path, fc.key);
    *npassages = 0;
    mzx_status_t st = mzx_writer_begin(w);
    if (st != MZX_OK)
        return st;
    st = mzx_writer_delete_term(w, fc.key, MZ_FILE_KEY_LEN);
    if (st == MZX_OK && in_base)
        st = bury_base(w, path);
    if (st == MZX_OK)
        st = split_into(&fc, text, len, markdown);
    if (st == MZX_OK && meta) {
        meta_key(key, sizeof key, MZ_META_FILE, fc.key);
        st = mzx_writer_set_meta(w, key, meta, metalen);
    }
    if (st == MZX_OK) {
        meta_key(key, sizeof key, MZ_META_SKIP, fc.key);
        st = mzx_writer_set_meta(w, key, "", 0);
    }
    if (st != MZX_OK) {
        mzx_writer_cancel(w);
        return st;
    }
    *npassages = fc.count;
    return mzx_writer_end(w);
}

mzx_status_t mz_ingest_remove(mzx_writer_t *w, const char *path,
                              int in_base)
{
    char fk[MZ_FILE_KEY_LEN + 1], key[64];
    mz_file_key(path, fk);
    mzx_status_t st = mzx_writer_begin(w);
    if (st != MZX_OK)
        return st;
    st = mzx_writer_delete_term(w, fk, MZ_FILE_KEY_LEN);
    if (st == MZX_OK && in_base)
        st = bury_base(w, path);
    if (st == MZX_OK) {
        meta_key(key, sizeof key, MZ_META_FILE, fk);
        st = mzx_writer_set_meta(w, key, "", 0);
    }
    if (st == MZX_OK) {
        meta_key(key, sizeof key, MZ_META_SKIP, fk);
        st = mzx_writer_set_meta(w, key, "", 0);
    }
    if (st != MZX_OK) {
        mzx_writer_cancel(w);
        return st;
    }
    return mzx_writer_end(w);
}
