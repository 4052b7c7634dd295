/* search.c — candidates in rank order, verified one by one. */
#include "search.h"
#include "indexdir.h"
#include "kind.h"
#include "schema.h"
#include "sense.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* MARGIN_PER: a first batch gets one candidate more per one wanted for
 * every this many passages in the index. */
/* MAX_FIRST: the most a first batch asks for; later batches grow by four
 * each time up to MAX_BATCH, so a caller that reads every match (--files,
 * --count of a phase) ranks the candidates a handful of times, not once
 * per 4,096 (--files 的 on 58 MB: 50 rankings, 26 s). */
enum { FIRST_BATCH = 64, MAX_FIRST = 4096, MAX_BATCH = 1 << 18,
       MARGIN_PER = 1000000 };

/* Every search counts its candidates exactly up to this many (Xapian's
 * check_at_least: the posting lists are read that far, which costs little
 * beside the ranking); past it, the count is estimated. */
enum { COUNT_EXACT_UPTO = 500 };

/* The first batch: what the caller says it needs and a quarter more (it
 * may take more, e.g. to skip near copies), half more when candidates
 * must be checked (some fail), more on a big index; else FIRST_BATCH.
 * Every candidate the index ranks costs, and so does a second batch (the
 * ranking is run again for it). */
/* The index's layout, for the shim's reads (schema.h). */
static const mzx_layout_t layout = MZ_READ_LAYOUT;

/* The documents in db, for estimates (0 when they cannot be counted: the
 * estimates then go without). */
static unsigned doc_count(mzx_db_t *db)
{
    unsigned n;
    return mzx_db_doccount(db, &n) == MZX_OK ? n : 0;
}

static unsigned first_batch(mzx_db_t *db, const mz_qnode_t *tree,
                            const mz_search_opts_t *o, unsigned *need)
{
    *need = FIRST_BATCH;
    if (!o->want)
        return FIRST_BATCH;
    unsigned long b = o->want;
    if (!mz_query_exact(tree) || o->headings || o->skip || o->sense ||
        o->kind || o->not_kind || o->year || o->type || o->skip_headings ||
        o->keep)
        b += b / 2 + 8;
    else
        b += b / 4 + 8;
    *need = b < MAX_FIRST ? (unsigned)b : MAX_FIRST;
    /* a second ranking costs as much as the posting lists are long, so
     * the bigger the index, the more margin the first one gets */
    b += (unsigned long)((double)o->want * doc_count(db) / MARGIN_PER);
    return b < MAX_FIRST ? (unsigned)b : MAX_FIRST;
}

/* The index term of a run's bigram i (or its word), with the prefix of
 * the family in front, in buf (at least MZX_TERM_MAX + 8 bytes). */
static size_t run_term(const mz_qrun_t *r, size_t i, const char *pfx,
                       char *buf)
{
    size_t n = strlen(pfx);
    memcpy(buf, pfx, n);
    for (size_t k = i; k < i + (r->kind == MZ_TOK_WORD ? 1 : 2); k++) {
        size_t t = strlen(r->tok[k]);
        if (n + t > MZX_TERM_MAX)
            t = MZX_TERM_MAX - n;
        memcpy(buf + n, r->tok[k], t);
        n += t;
    }
    return n;
}

/* A term's frequency, from a search's statistics or from the index. */
typedef struct {
    const mzx_mset_t *m;
    mzx_db_t *db;
} tf_src_t;

static double term_freq(const tf_src_t *src, const char *t, size_t n)
{
    unsigned f = 0; /* 0 when unknown: the estimate goes without */
    if (src->m)
        f = mzx_mset_termfreq(src->m, t, n);
    else
        (void)mzx_db_termfreq(src->db, t, n, &f);
    return f;
}

/* How many passages hold the candidates of n, from the frequencies of its
 * terms: the bigrams of one run occur together (the rarest bounds them;
 * independence would make 人民法院 a hundredth of what it is), different
 * words independently.  -1 when not known (a one-character run is
 * answered by many terms). */
static double tree_estimate(const mz_qnode_t *n, const tf_src_t *src,
                            double all, const char *pfx)
{
    if (n->kind == MZ_QN_LEAF) {
        double est = all;
        for (size_t r = 0; r < n->nruns; r++) {
            const mz_qrun_t *run = &n->runs[r];
            size_t nt = run->kind == MZ_TOK_WORD ? 1 : run->ntok - 1;
            if (nt == 0)
                return -1;
            for (size_t i = 0; i < nt; i++) {
                char buf[MZX_TERM_MAX + 8];
                size_t len = run_term(run, i, pfx, buf);
                double tf = term_freq(src, buf, len);
                if (tf < est)
                    est = tf;
            }
        }
        return est;
    }
    /* the share of all passages: AND multiplies, OR unites */
    double p = n->kind == MZ_QN_AND ? 1 : 0;
    for (size_t i = 0; i < n->nkids; i++) {
        if (n->kids[i]->negated)
            continue;  /* what it removes shows in the share matched */
        double e = tree_estimate(n->kids[i], src, all, pfx);
        if (e < 0)
            return -1;
        double q = all > 0 ? e / all : 0;
        p = n->kind == MZ_QN_AND ? p * q : p + q - p * q;
    }
    return p * all;
}

/* q kept to o->kind, or without o->not_kind, inside the index when its
 * passages carry kind terms: a new query, or NULL when there is nothing
 * to add or no memory (the records are checked anyway). */
static mzx_query_t *kind_filtered(const mzx_query_t *q,
                                  const mz_search_opts_t *o)
{
    if (!q || !o || !o->kind_terms || (!o->kind && !o->not_kind))
        return NULL;
    const char *k = o->kind ? o->kind : o->not_kind;
    int negate = o->not_kind != NULL;
    mzx_query_t *terms[8] = {0};
    size_t n = 0;
    char buf[MZ_KIND_TERM_MAX];
    if (strcmp(k, "other") == 0) { /* other: none of the termed kinds */
        negate = !negate;
        for (const char *const *t = mz_kinds_termed; *t && n < 8; t++)
            terms[n++] = mzx_query_term(buf, mz_kind_term(*t, buf));
    } else {
        terms[n++] = mzx_query_term(buf, mz_kind_term(k, buf));
    }
    int ok = 1;
    for (size_t i = 0; i < n; i++)
        ok &= terms[i] != NULL;
    mzx_query_t *any = !ok ? NULL : n == 1 ? terms[0]
                                  : mzx_query_combine(MZX_OP_OR, terms, n);
    mzx_query_t *both[2] = {(mzx_query_t *)q, any};
    mzx_query_t *out = any ? mzx_query_combine(negate ? MZX_OP_AND_NOT
                                                      : MZX_OP_FILTER,
                                               both, 2)
                           : NULL;
    for (size_t i = 0; i < n; i++)
        mzx_query_free(terms[i]);
    if (n > 1)
        mzx_query_free(any);
    return out;
}

mzx_query_t *mz_scope_filter(mzx_query_t *q, int owned,
                             const mz_search_opts_t *o)
{
    const mzx_query_t *with[2] = {o->scope, o->scope_out};
    const mzx_op_t op[2] = {MZX_OP_FILTER, MZX_OP_AND_NOT};
    for (int i = 0; i < 2 && q; i++) {
        if (!with[i])
            continue;
        mzx_query_t *v[2] = {q, (mzx_query_t *)with[i]};
        mzx_query_t *next = mzx_query_combine(op[i], v, 2);
        if (owned)
            mzx_query_free(q);
        q = next;
        owned = 1;
    }
    return q;
}

/* q kept to o's kind (kind_filtered) and to its scope inside the index: a
 * new query, or NULL when there is nothing to add; *oom when memory ran
 * out. */
static mzx_query_t *scoped(const mzx_query_t *q, const mz_search_opts_t *o,
                           int *oom)
{
    mzx_query_t *k = kind_filtered(q, o);
    *oom = 0;
    if (!q || !o || (!o->scope && !o->scope_out))
        return k;
    mzx_query_t *cur = mz_scope_filter(k ? k : (mzx_query_t *)q, k != NULL, o);
    *oom = !cur;
    return cur;
}

/* The candidates of q (kept to o's kind inside the index) as the index
 * counts them, exactly up to `upto`: *n, and *exact whether it is exact.
 * *m (if m is not NULL): the search, for its terms' frequencies; the
 * caller destroys it. */
static mzx_status_t count_candidates(mzx_db_t *db, const mzx_query_t *q,
                                     const mz_search_opts_t *o, unsigned upto,
                                     unsigned *n, int *exact, mzx_mset_t **m)
{
    mzx_mset_t *ms = NULL;
    int oom;
    mzx_query_t *fq = scoped(q, o, &oom);
    mzx_status_t rc = oom ? MZX_NOMEM
                          : mzx_db_search(db, &layout, fq ? fq : q, NULL, 0,
                                          0, upto, &ms);
    if (rc == MZX_OK) {
        *n = mzx_mset_estimate(ms);
        *exact = mzx_mset_lower(ms) == mzx_mset_upper(ms);
    }
    if (m)
        *m = ms;
    else
        mzx_mset_destroy(ms);
    mzx_query_free(fq);
    return rc;
}

double mz_estimate(mzx_db_t *db, const mz_qnode_t *tree,
                   const mzx_query_t *q, const mz_search_opts_t *o)
{
    /* A search counts the candidates when they are a few hundred.  Past
     * that the terms' frequencies bound them from above, often far (a rare
     * bigram of a phrase is common elsewhere), taken from that search: it
     * has read them already, and a long thesaurus expansion has some sixty
     * terms, two block reads each when asked for one by one (measured:
     * a third of what 四风 OR 作风 read). */
    mzx_mset_t *m = NULL;
    unsigned counted;
    int exact = 0;
    if (q && count_candidates(db, q, o, COUNT_EXACT_UPTO, &counted, &exact,
                              &m) == MZX_OK && exact) {
        mzx_mset_destroy(m);
        return counted;
    }
    tf_src_t src = {m, db};
    double n = tree_estimate(tree, &src, doc_count(db), "");
    mzx_mset_destroy(m);
    return n;
}

/* The headings above a passage, one a line, in *buf (grown as needed). */
static const char *join_headings(const mz_record_t *r, char **buf,
                                 size_t *cap, size_t *len)
{
    size_t need = 1;
    for (unsigned i = 0; i < r->nsection; i++)
        need += r->section[i].n + 1;
    if (need > *cap) {
        char *b = realloc(*buf, need);
        if (!b)
            return NULL;
        *buf = b;
        *cap = need;
    }
    size_t n = 0;
    for (unsigned i = 0; i < r->nsection; i++) {
        memcpy(*buf + n, r->section[i].p, r->section[i].n);
        n += r->section[i].n;
        (*buf)[n++] = '\n';
    }
    (*buf)[n] = '\0';
    *len = n;
    return *buf;
}

/* The file record of r (its path and title) is in the document `back`
 * ids before r's, unless the docs were renumbered otherwise. */
static int file_at(mzx_db_t *db, unsigned did, unsigned long back,
                   mz_record_t *r)
{
    const char *data;
    size_t len;
    mz_str_t key, path, title;
    if (did <= back ||
        mzx_db_record(db, &layout, did - (unsigned)back, &data, &len) !=
            MZX_OK || !data ||
        mz_file_record_decode(data, len, &key, &path, &title) < 0 ||
        key.n != r->file.n || memcmp(key.p, r->file.p, key.n) != 0)
        return 0;
    r->path = path;
    r->title = title;
    return 1;
}

mzx_status_t mz_record_find_file(mzx_db_t *db, unsigned did, mz_record_t *r)
{
    if (r->file.n != MZ_FILE_KEY_LEN)
        return MZX_OK;
    unsigned long step = mzx_db_stride(db, did);
    if (step && r->nth < UINT_MAX && file_at(db, did, (r->nth + 1) * step, r))
        return MZX_OK;
    char term[MZ_FILE_DOC_TERM_LEN];
    const char *data;
    size_t len;
    mz_str_t key;
    mz_file_doc_term(r->file.p, term);
    mzx_status_t rc = mzx_db_lookup(db, &layout, term, sizeof term, &data,
                                    &len);
    if (rc == MZX_OK && data)
        mz_file_record_decode(data, len, &key, &r->path, &r->title);
    return rc;
}

/* The file document terms of the matches in remote shards, each once, as
 * queries into t; how many (-1: out of memory). */
static int remote_file_terms(mzx_db_t *db, mz_match_t *const *m, size_t n,
                             mzx_query_t **t)
{
    char seen[MZ_PREFETCH_MAX][MZ_FILE_DOC_TERM_LEN];
    int nt = 0;
    for (size_t i = 0; i < n && nt < MZ_PREFETCH_MAX; i++) {
        const mz_record_t *r = &m[i]->rec;
        if (r->file.n != MZ_FILE_KEY_LEN || r->path.n ||
            mzx_db_stride(db, m[i]->did))
            continue;  /* no file record, known, or found counting back */
        mz_file_doc_term(r->file.p, seen[nt]);
        if (mzx_db_looked(db, &layout, seen[nt], MZ_FILE_DOC_TERM_LEN))
            continue;  /* read already */
        int dup = 0;
        for (int k = 0; k < nt && !dup; k++)
            dup = memcmp(seen[k], seen[nt], MZ_FILE_DOC_TERM_LEN) == 0;
        if (!dup && !(t[nt] = mzx_query_term(seen[nt], MZ_FILE_DOC_TERM_LEN))) {
            while (nt > 0) /* out of memory: none kept */
                mzx_query_free(t[--nt]);
            return -1;
        }
        nt += !dup;
    }
    return nt;
}

mzx_status_t mz_record_prefetch_files(mzx_db_t *db, mz_match_t *const *m,
                                      size_t n)
{
    mzx_query_t *t[MZ_PREFETCH_MAX];
    int nt = remote_file_terms(db, m, n, t);
    mzx_query_t *q = nt > 1 ? mzx_query_combine(MZX_OP_OR, t, (size_t)nt)
                            : NULL;
    mzx_mset_t *ms = NULL;
    /* (a file updated in place has a buried document too: room for it) */
    mzx_status_t rc = q ? mzx_db_search(db, &layout, q, NULL, 0,
                                        2 * (unsigned)nt, 0, &ms)
                        : nt > 1 ? MZX_NOMEM : MZX_OK;
    for (unsigned i = 0; rc == MZX_OK && i < mzx_mset_size(ms); i++) {
        const char *data;
        size_t len;
        mz_str_t key, path, title;
        char term[MZ_FILE_DOC_TERM_LEN];
        if ((rc = mzx_mset_data(ms, i, &data, &len)) != MZX_OK || !data ||
            mz_file_record_decode(data, len, &key, &path, &title) < 0 ||
            key.n != MZ_FILE_KEY_LEN)
            continue;
        mz_file_doc_term(key.p, term);
        rc = mzx_db_lookup_known(db, &layout, term, sizeof term, data, len);
    }
    mzx_mset_destroy(ms);
    mzx_query_free(q);
    for (int i = 0; i < nt; i++)
        mzx_query_free(t[i]);
    return nt < 0 ? MZX_NOMEM : rc;
}

/* Does the passage belong to the phase's sense (o->sense): are the words,
 * in its text or in its headings as the phase matches them, other words'
 * only (sense.h)?  Marks mt so. */
static int sense_kept(const mz_qnode_t *tree, const mz_search_opts_t *o,
                      const char *heads, size_t hlen, const mz_hits_t *hits,
                      mz_match_t *mt)
{
    const char *t = o->headings ? heads : mt->rec.text.p;
    size_t n = o->headings ? hlen : mt->rec.text.n;
    mz_hit_t w;
    if (o->sense == MZ_SENSE_APART)
        return mz_sense_apart(tree, t, n, hits);
    mt->other_sense = mz_sense_passage(tree, t, n,
                                       o->headings ? NULL : hits, &w);
    if (mt->other_sense) {
        size_t wl = w.end - w.start < MZ_SENSE_WORD_MAX
                        ? w.end - w.start
                        : 0;
        memcpy(mt->sense_word, t + w.start, wl);
        mt->sense_word[wl] = '\0';
    }
    return mt->other_sense == (o->sense == MZ_SENSE_OTHER);
}

/* What one phase reads its candidates with. */
typedef struct {
    mzx_db_t *db;
    const mz_qnode_t *tree;
    const mz_search_opts_t *o;
    mz_hits_t hits;
    char *hbuf;            /* the headings joined, for heading phases */
    size_t hcap;
    unsigned long read;    /* candidates read (or skipped as seen) */
    unsigned long in_scope; /* of them, in o->keep's scope */
    mz_match_t *ahead;     /* MZ_PREFETCH_MAX candidates read ahead */
} reader_t;

int mz_record_wanted(const mz_search_opts_t *o, const mz_record_t *r)
{
    const char *k = o->kind || o->not_kind
                        ? mz_section_kind(r->section, r->nsection) : "";
    return !(o->kind && strcmp(o->kind, k) != 0) &&
           !(o->not_kind && strcmp(o->not_kind, k) == 0) &&
           !(o->year && o->year != r->year) && !(o->type && o->type != r->type);
}

/* Does an earlier phase's words (in the text, or in the headings) leave
 * the passage out? */
static int skipped(const mz_search_opts_t *o, const mz_record_t *rec,
                   const char *heads, size_t hlen)
{
    return (o->skip && mz_query_eval(o->skip, rec->text.p, rec->text.n,
                                     NULL)) ||
           (o->skip_headings &&
            mz_query_eval(o->skip_headings, heads, hlen, NULL));
}

/* Is the candidate in o->keep's scope (its path looked up for it)?  1 yes,
 * 0 no, -2 a failure in *rc. */
static int in_scope(reader_t *r, unsigned did, mz_match_t *mt,
                    mzx_status_t *rc)
{
    if ((*rc = mz_record_find_file(r->db, did, &mt->rec)) != MZX_OK)
        return -2;
    if (mt->rec.file.n && !mt->rec.path.n)
        return 0;  /* its file is gone meanwhile */
    return r->o->keep(r->o->keep_ctx, &mt->rec) != 0;
}

/* Candidate i of m into *mt: 1 a match, 0 not one, -3 not one and out of
 * o->keep's scope, -1 the end of this batch (the index changed under it),
 * -2 a failure in *rc. */
static int candidate(reader_t *r, mzx_mset_t *m, unsigned i, mz_match_t *mt,
                     mz_search_stats_t *st, mzx_status_t *rc)
{
    const mz_search_opts_t *o = r->o;
    const char *data;
    size_t len, hlen = 0;
    const char *heads = NULL;
    unsigned did = mzx_mset_docid(m, i);
    if (o->seen && mz_seen_find(o->seen, did) >= 0) {
        r->read++;  /* an earlier phase's: skipped unread */
        return 0;
    }
    if ((*rc = mzx_mset_data(m, i, &data, &len)) != MZX_OK)
        return -2;
    if (!data)
        return -1;  /* run again on a changed index: fewer matches */
    r->read++;
    if (mz_record_decode(data, len, &mt->rec) < 0)
        return 0;  /* not one of our records: nothing to show */
    /* the scope first: one index that filters it itself never sees a
     * candidate out of it, whatever else it fails */
    int k = o->keep ? in_scope(r, did, mt, rc) : 1;
    if (k != 1)
        return k == 0 ? -3 : k;
    r->hits.n = 0;
    if (!mz_record_wanted(o, &mt->rec))  /* the cheap filters first */
        return 0;
    if ((o->headings || o->skip_headings) &&
        !(heads = join_headings(&mt->rec, &r->hbuf, &r->hcap, &hlen))) {
        *rc = MZX_NOMEM;
        return -2;
    }
    if (skipped(o, &mt->rec, heads, hlen))
        return 0;
    if (o->headings ? !mz_query_eval(r->tree, heads, hlen, NULL)
                    : !mz_query_eval(r->tree, mt->rec.text.p, mt->rec.text.n,
                                     &r->hits))
        return 0;
    /* a -word holds for the text whatever part matched */
    if (o->headings &&
        mz_query_excluded(r->tree, mt->rec.text.p, mt->rec.text.n))
        return 0;
    /* judged by the own-sense phase already: other words' only */
    if (o->sense == MZ_SENSE_OTHER && o->memo &&
        mz_sense_memo_find(o->memo, did, mt->sense_word)) {
        mt->other_sense = 1;
    } else if (o->sense && !sense_kept(r->tree, o, heads, hlen, &r->hits,
                                       mt)) {
        st->deferred += o->sense == MZ_SENSE_OWN;
        if (o->sense == MZ_SENSE_OWN && o->memo)
            mz_sense_memo_add(o->memo, did, mt->sense_word);
        return 0;
    }
    if (!o->no_paths && !o->keep) {
        if ((*rc = mz_record_find_file(r->db, did, &mt->rec)) != MZX_OK)
            return -2;
        if (mt->rec.file.n && !mt->rec.path.n)
            return 0;  /* its file is gone meanwhile */
    }
    mt->did = did;
    mt->data = data;
    mt->len = len;
    mt->score = mzx_mset_weight(m, i);
    return 1;
}

/* How many candidates the index has for the phase, from batch m. */
static double batch_estimate(const reader_t *r, mzx_mset_t *m)
{
    const mz_search_opts_t *o = r->o;
    double estimate = -1;
    if (mzx_mset_lower(m) == mzx_mset_upper(m)) {
        estimate = mzx_mset_lower(m);  /* the candidates, counted */
    } else if (!mz_query_exact(r->tree) && !o->scope && !o->scope_out) {
        /* (the terms' frequencies know nothing of the scope) */
        tf_src_t src = {m, NULL};
        estimate = tree_estimate(r->tree, &src, doc_count(r->db),
                                 o->headings ? MZ_HEADING_PREFIX : "");
    }
    return estimate < 0 ? mzx_mset_estimate(m) : estimate;
}

/* The files of candidates [i, i + MZ_PREFETCH_MAX) of m read ahead, when
 * remote shards hold some and the candidates want their paths: in one
 * search, not a round trip to every server for each (on failure, one by
 * one when each is looked up).  MZX_NOMEM, or MZX_OK. */
static mzx_status_t read_ahead(reader_t *r, mzx_mset_t *m, unsigned i)
{
    if ((r->o->no_paths && !r->o->keep) || !mzx_db_has_remote(r->db))
        return MZX_OK;
    if (!r->ahead && !(r->ahead = malloc(MZ_PREFETCH_MAX * sizeof *r->ahead)))
        return MZX_NOMEM;
    mz_match_t *v[MZ_PREFETCH_MAX];
    size_t n = 0;
    for (unsigned k = i; k < mzx_mset_size(m) && k < i + MZ_PREFETCH_MAX;
         k++) {
        const char *data;
        size_t len;
        unsigned did = mzx_mset_docid(m, k);
        mz_match_t *a = &r->ahead[n];
        if ((r->o->seen && mz_seen_find(r->o->seen, did) >= 0) ||
            mzx_mset_data(m, k, &data, &len) != MZX_OK || !data ||
            mz_record_decode(data, len, &a->rec) < 0 ||
            (!r->o->keep && !mz_record_wanted(r->o, &a->rec)))
            continue;  /* (the scope needs the path; the cheap filters
                        * come before it is looked up otherwise) */
        a->did = did;
        v[n++] = a;
    }
    (void)mz_record_prefetch_files(r->db, v, n);
    return MZX_OK;
}

/* Read batch m, handing each match to fn; *stopped when fn says so, or
 * when `scope` candidates in o->keep's scope were read (0: no such
 * bound).  Returns MZX_OK, or a failure. */
static mzx_status_t read_batch(reader_t *r, mzx_mset_t *m, mz_match_fn fn,
                               void *ctx, mz_search_stats_t *st,
                               unsigned long scope, int *stopped,
                               unsigned *upto)
{
    const mz_search_opts_t *o = r->o;
    mzx_status_t rc = MZX_OK;
    unsigned i;
    for (i = 0; i < mzx_mset_size(m) && !*stopped; i++) {
        mz_match_t mt = {0};
        if (scope && r->in_scope >= scope) {
            *stopped = 1;
            break;
        }
        if (i % MZ_PREFETCH_MAX == 0 && (rc = read_ahead(r, m, i)) != MZX_OK)
            return rc;
        int k = candidate(r, m, i, &mt, st, &rc);
        if (k == -2)
            return rc;
        if (k == -1)
            break;
        r->in_scope += k != -3;
        if (k <= 0)
            continue;
        mt.rank = o->rank_base + ++st->matched;
        mt.literal = o->skip == NULL;
        mt.via = o->via ? o->via : "text";
        mt.hits = &r->hits;
        if (o->seen && mz_seen_add(o->seen, mt.did) < 0)
            return MZX_NOMEM;
        *stopped = fn(&mt, ctx);
    }
    *upto = i;
    return MZX_OK;
}

/* The phase's total: exact when every candidate was read, else the
 * index's candidates times the share of those read that matched (skipped,
 * filtered out or failing the check). */
static void phase_total(mz_search_stats_t *st, int exhausted,
                        unsigned long read, double estimate)
{
    st->exact = exhausted;
    /* what an own-sense phase leaves for the other-sense one matches:
     * counted here, not there */
    unsigned long all = st->matched + st->deferred;
    st->share = read ? (double)all / (double)read : 1;
    if (exhausted) {
        st->total = all;
    } else {
        unsigned long est = (unsigned long)(estimate * st->share + 0.5);
        st->total = est > all ? est : all;
    }
}

mzx_status_t mz_search_phase(mzx_db_t *db, const mz_qnode_t *tree,
                             const mzx_query_t *q, const mz_search_opts_t *o,
                             mz_match_fn fn, void *ctx, mz_search_stats_t *st)
{
    static const mz_search_opts_t none = {0};
    if (!o)
        o = &none;
    int oom;
    mzx_query_t *fq = scoped(q, o, &oom);
    if (oom)
        return MZX_NOMEM;
    if (fq)
        q = fq;
    reader_t r = {.db = db, .tree = tree, .o = o};
    unsigned first = 0, need, batch = first_batch(db, tree, o, &need);
    /* one batch, when matches are kept to a scope the index does not
     * filter (several shards: -g is checked match by match), is the
     * first batch's worth of candidates in that scope */
    unsigned long scope = o->one_batch && o->keep ? batch : 0;
    double estimate = 0;
    int stopped = 0, exhausted = 0;
    mzx_status_t rc = MZX_OK;
    memset(st, 0, sizeof *st);
    while (rc == MZX_OK && !stopped && !exhausted) {
        mzx_mset_t *m = NULL;
        unsigned upto = 0;
        int at_first = first == 0;
        if (at_first && o->within)
            rc = mzx_mset_within(o->within, o->within_terms, o->within_lens,
                                 o->nwithin, q, o->w, batch,
                                 COUNT_EXACT_UPTO, &m);
        /* the margin is ranked when read (mzx_db_search_likely: where
         * ranking fewer changes no count) */
        if (rc == MZX_OK && !m && at_first && o->listed)
            rc = mzx_db_search_listed(db, &layout, q, o->w, first, batch,
                                      COUNT_EXACT_UPTO, &m);
        else if (rc == MZX_OK && !m)
            rc = mzx_db_search_likely(db, &layout, q, o->w, first, batch,
                                      at_first ? need : 0, COUNT_EXACT_UPTO,
                                      &m);
        if (rc == MZX_OK)
            rc = read_batch(&r, m, fn, ctx, st, scope, &stopped, &upto);
        if (rc == MZX_OK) {
            /* the index's answer may have been renewed while reading it */
            unsigned n = mzx_mset_size(m);
            estimate = batch_estimate(&r, m);
            exhausted = n < batch && upto >= n; /* else stopped early */
            first += n;
        }
        if (at_first && o->listed)
            *o->listed = m;  /* the caller's */
        else
            mzx_mset_destroy(m);
        /* each batch ranks the candidates again from the start: a
         * frequent word's whole posting list each time, so ask for many
         * more (each costs little beside that) */
        if (batch < MAX_BATCH)
            batch *= 4;
        if (o->one_batch && !scope)
            break;
    }
    mz_hits_free(&r.hits);
    free(r.hbuf);
    free(r.ahead);
    mzx_query_free(fq);
    if (rc != MZX_OK)
        return rc;
    phase_total(st, exhausted, r.read, estimate);
    return MZX_OK;
}

static int count_one(const mz_match_t *m, void *ctx)
{
    (void)m;
    (void)ctx;
    return 0;
}

/* The text queries of the words n excludes (its -words), into v; -1 when
 * out of memory or when they are more than cap. */
static int excluded_queries(const mz_qnode_t *n, mzx_db_t *db,
                            mzx_query_t **v, size_t *nv, size_t cap)
{
    if (n->kind != MZ_QN_AND)
        return 0;
    for (size_t i = 0; i < n->nkids; i++) {
        const mz_qnode_t *k = n->kids[i];
        if (k->negated && (*nv == cap || !(v[(*nv)++] = mz_query_build(k, db))))
            return -1;
        if (!k->negated && excluded_queries(k, db, v, nv, cap) < 0)
            return -1;
    }
    return 0;
}

/* The heading phase's passages as one query, when the index answers it
 * exactly (the tree and the skipped tree exact, no filter but a termed
 * kind): q (the headings match) and not the skipped tree, nor a word the
 * tree excludes, in the text.  NULL when not so, or out of memory (then
 * the candidates are read and checked). */
static mzx_query_t *heading_count_query(mzx_db_t *db, const mz_qnode_t *tree,
                                        const mzx_query_t *q,
                                        const mz_search_opts_t *f)
{
    if (!q || !f->headings || !f->skip || f->year || f->type || f->keep ||
        f->skip_headings || ((f->kind || f->not_kind) && !f->kind_terms) ||
        !mz_query_exact(tree) || !mz_query_exact(f->skip))
        return NULL;
    mzx_query_t *v[MZ_QUERY_MAX_WORDS + 1] = {0};
    size_t n = 1;
    mzx_query_t *out = NULL;
    if ((v[0] = mz_query_build(f->skip, db)) &&
        excluded_queries(tree, db, v, &n, MZ_QUERY_MAX_WORDS + 1) == 0) {
        mzx_query_t *minus = n == 1 ? v[0] : mzx_query_combine(MZX_OP_OR, v, n);
        mzx_query_t *both[2] = {(mzx_query_t *)q, minus};
        out = minus ? mzx_query_combine(MZX_OP_AND_NOT, both, 2) : NULL;
        if (n > 1)
            mzx_query_free(minus);
    }
    for (size_t i = 0; i < n; i++)
        mzx_query_free(v[i]);
    return out;
}

mzx_status_t mz_count(mzx_db_t *db, const mz_qnode_t *tree,
                      const mzx_query_t *q, const mz_search_opts_t *filter,
                      unsigned long *count)
{
    *count = 0;
    mzx_query_t *hq = filter ? heading_count_query(db, tree, q, filter) : NULL;
    if (hq) {
        unsigned all = doc_count(db), n = 0;
        int exact;
        mzx_status_t rc = count_candidates(db, hq, filter, all ? all : 1, &n,
                                           &exact, NULL);
        mzx_query_free(hq);
        *count = n;
        return rc;
    }
    if (mz_query_exact(tree) &&
        !(filter && (((filter->kind || filter->not_kind) &&
                      !filter->kind_terms) || filter->year || filter->type ||
                     filter->keep || filter->skip || filter->headings ||
                     filter->skip_headings))) {
        unsigned all = doc_count(db), n = 0;
        int exact;
        mzx_status_t rc = count_candidates(db, q, filter, all ? all : 1, &n,
                                           &exact, NULL);
        *count = n;
        return rc;
    }
    mz_search_stats_t st;
    mz_search_opts_t o = {0};
    if (filter)
        o = *filter;
    o.no_paths = 1;
    mzx_status_t rc = mz_search_phase(db, tree, q, &o, count_one, NULL, &st);
    *count = st.matched;
    return rc;
}
