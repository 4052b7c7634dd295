/* mzx.h — the C API over Xapian.  The only door from C into the index.
 *
 * Everything here is plain C; the implementation (mzx.cc) is the only C++ in
 * the project and the only file that includes <xapian.h>.  No C++ exception
 * ever crosses this boundary: every function returns a status (or NULL) and
 * keeps the last error message on its handle.
 *
 * The shim is a generic Xapian adapter: it knows no term, value slot or
 * metadata key of mzsearch's (those are in common/schema.h).  What a read
 * needs to know of the caller's layout (where records are, which documents
 * every search leaves out) the caller passes in an mzx_layout_t.
 *
 * Ownership, in one rule: whoever opens or creates a handle destroys it;
 * every *_destroy / *_free accepts NULL; a returned `const char *` belongs to
 * the handle it came from and lives until the next call on that handle;
 * anything the caller must free() says so.
 */
#ifndef MZX_H
#define MZX_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    MZX_OK = 0,
    MZX_NO_INDEX,      /* no database at that path */
    MZX_LOCKED,        /* another writer holds the lock */
    MZX_MODIFIED,      /* the snapshot went away and retrying did not help */
    MZX_CORRUPT,       /* the database is damaged */
    MZX_BAD_QUERY,     /* the query cannot be run */
    MZX_IO,            /* disk full, permission denied, ... */
    MZX_NOMEM,         /* out of memory */
    MZX_BAD_ARG,       /* a caller's bug or an invalid argument */
    MZX_INTERNAL       /* anything else */
} mzx_status_t;

/* A short English phrase for a status ("database is locked"); static. */
const char *mzx_status_str(mzx_status_t st);

/* ---- documents ---------------------------------------------------------- */

typedef struct mzx_doc mzx_doc_t;

/* A new empty document, or NULL when out of memory. */
mzx_doc_t *mzx_doc_new(void);
void mzx_doc_destroy(mzx_doc_t *doc);
/* Add one occurrence of a ranking term (wdf += 1, no position).  Terms longer
 * than MZX_TERM_MAX bytes are cut to that length.  Returns MZX_NOMEM or
 * MZX_BAD_ARG (empty term), else MZX_OK. */
mzx_status_t mzx_doc_add_term(mzx_doc_t *doc, const char *term, size_t len);
/* Add a filter term (wdf 0): it selects but never weighs. */
mzx_status_t mzx_doc_add_boolean(mzx_doc_t *doc, const char *term, size_t len);
/* Set the document's stored data (copied). */
mzx_status_t mzx_doc_set_data(mzx_doc_t *doc, const char *data, size_t len);
/* Set value slot `slot` (copied). */
mzx_status_t mzx_doc_set_value(mzx_doc_t *doc, unsigned slot,
                               const char *val, size_t len);

enum { MZX_TERM_MAX = 240 };

/* ---- the writer ------------------------------------------------------- */

typedef struct mzx_writer mzx_writer_t;

/* Open (creating if absent) the database at `path` for writing.  On failure
 * *out is NULL and, if errmsg is not NULL, *errmsg is a malloc'd message the
 * caller frees.  MZX_LOCKED when another writer holds it. */
mzx_status_t mzx_writer_open(const char *path, mzx_writer_t **out,
                             char **errmsg);
/* The same with flags, when creating:
 *   MZX_WRITER_NO_TERMLIST  no per-document term lists: a third less disk
 *                           and build time, but documents can never be
 *                           deleted or replaced (a build-once database);
 *   MZX_WRITER_SCRATCH      no fsync (a scratch database that is thrown
 *                           away if anything goes wrong). */
enum { MZX_WRITER_NO_TERMLIST = 1, MZX_WRITER_SCRATCH = 2 };
mzx_status_t mzx_writer_open_flags(const char *path, int flags,
                                   mzx_writer_t **out, char **errmsg);
/* Commit (cancelling an open group first) and free.  Returns the commit's
 * status; the handle is freed either way, so on failure *errmsg (if not
 * NULL) is a malloc'd message the caller frees (else NULL). */
mzx_status_t mzx_writer_close(mzx_writer_t *w, char **errmsg);
/* Free without committing (uncommitted changes are lost). */
void mzx_writer_destroy(mzx_writer_t *w);
/* The last error message on this handle ("" if none). */
const char *mzx_writer_error(const mzx_writer_t *w);

/* Add a document. */
mzx_status_t mzx_writer_add(mzx_writer_t *w, const mzx_doc_t *doc);
/* Delete every document indexed by `term`. */
mzx_status_t mzx_writer_delete_term(mzx_writer_t *w, const char *term,
                                    size_t len);
/* Group changes so they are applied all together or not at all (no
 * automatic flush happens inside; ending a group does not commit it).  Not
 * nestable: a begin inside a group is MZX_BAD_ARG and leaves the open
 * group as it was; so are end and cancel outside one, and a commit inside.
 * Cancelling drops the group and with it every change since the last
 * commit, those of groups ended before too (Xapian's transactions cannot
 * drop less without a commit at every begin). */
mzx_status_t mzx_writer_begin(mzx_writer_t *w);
mzx_status_t mzx_writer_end(mzx_writer_t *w);    /* apply the group */
mzx_status_t mzx_writer_cancel(mzx_writer_t *w); /* drop it (see above) */
/* Make everything added so far durable and visible to new readers. */
mzx_status_t mzx_writer_commit(mzx_writer_t *w);
/* Store a metadata key (takes effect at the next commit). val "" deletes. */
mzx_status_t mzx_writer_set_meta(mzx_writer_t *w, const char *key,
                                 const char *val, size_t len);
/* Read a metadata key into a malloc'd NUL-terminated string (*val = NULL,
 * MZX_OK when absent; caller frees). */
mzx_status_t mzx_writer_get_meta(mzx_writer_t *w, const char *key,
                                 char **val, size_t *len);
/* Number of documents, into *n (0 on error). */
mzx_status_t mzx_writer_doccount(mzx_writer_t *w, unsigned *n);

/* Call fn for every metadata key starting with prefix, in key order, with
 * its value (neither NUL-terminated).  Stops when fn returns nonzero.  The
 * writer's form sees its uncommitted changes. */
typedef int (*mzx_meta_fn)(const char *key, size_t klen, const char *val,
                           size_t vlen, void *ctx);
mzx_status_t mzx_writer_meta_each(mzx_writer_t *w, const char *prefix,
                                  mzx_meta_fn fn, void *ctx);

/* Write a compacted copy of the database at src into the new directory dst
 * (src is unchanged; the copy is smaller and faster to search).  On failure
 * *errmsg (if not NULL) is a malloc'd message. */
mzx_status_t mzx_compact(const char *src, const char *dst, char **errmsg);
/* The same over n databases, merged into one: their documents laid end to
 * end in the order given (docids renumbered, order kept). */
mzx_status_t mzx_compact_many(const char *const *srcs, size_t n,
                              const char *dst, char **errmsg);

/* ---- the reader ------------------------------------------------------- */

/* What reads need to know of how the caller lays out its documents.  A
 * document's record is value slot record_slot (none when < 0), else, when
 * that is empty and data_fallback is 1, its document data.  When
 * exclusion_term is not NULL, a document carrying it is an exclusion: its
 * data is a term, and every search leaves out each document carrying that
 * term.  The exclusions are read once per snapshot of the database.
 * Where a function takes a NULL layout, it reads as {-1, 1, NULL}: the
 * records are the document data, and nothing is left out. */
typedef struct {
    int record_slot;
    int data_fallback;
    const char *exclusion_term;
} mzx_layout_t;

typedef struct mzx_db mzx_db_t;
typedef struct mzx_query mzx_query_t;

/* Open the database at `path` read-only.  Failure as mzx_writer_open;
 * MZX_NO_INDEX when there is none.  A stub naming databases of which some
 * hold no documents (a fresh build's empty live database) is searched and
 * read by docid through the others alone (docids, strides and the search
 * as if only they were named); metadata and the checks read them all. */
mzx_status_t mzx_db_open(const char *path, mzx_db_t **out, char **errmsg);
/* Open the database that xapian-tcpsrv serves at host:port read-only.
 * timeout_ms bounds each operation on it and connect_ms the connection
 * (0: no limit).  Failure as mzx_db_open; MZX_IO when it cannot be reached
 * (refused, timed out; the message says which).  Later calls on the handle
 * return MZX_IO when the connection is lost. */
mzx_status_t mzx_db_open_remote(const char *host, unsigned port,
                                unsigned timeout_ms, unsigned connect_ms,
                                mzx_db_t **out, char **errmsg);
/* Add every database of `other` (local or remote, opened and checked on its
 * own) to db, to be searched together with one ranking.  `other` is
 * unchanged and stays the caller's to destroy; the two share the open
 * databases, so either may be destroyed first.  Metadata of the combined
 * db is read from its first database only, and its docids interleave. */
mzx_status_t mzx_db_add_db(mzx_db_t *db, const mzx_db_t *other);
/* Say which documents are db's own: `own` matches every one of them and
 * none of any database added to db later (before any is added; else
 * MZX_BAD_ARG).  When every database of a search has said so, matches of
 * equal weight (to a billionth: mzx_mset_weight) come in the order the
 * databases were added, then as each orders them (by docid), as in one
 * database built of theirs in that order; not by the interleaved docids.
 * Weights of a search are counted to a billionth either way (Xapian adds a
 * query's parts in an order that depends on the database, so the last
 * digits differ). */
mzx_status_t mzx_db_own(mzx_db_t *db, const mzx_query_t *own);
void mzx_db_destroy(mzx_db_t *db);
/* A cheap check for damage: each table file of each glass database db was
 * opened from is as long as its version file says its blocks are (a read
 * and a stat a table, whatever the index's size).  Where that cannot be
 * told (a database of another kind), read the first and the last entries
 * of every table a search reads, and the value slot where layout (may be
 * NULL) says records are.  MZX_CORRUPT, with the message on the handle,
 * when a table is cut short or unreadable where it looked; MZX_OK says
 * nothing about the blocks in between (xapian-check reads them all). */
mzx_status_t mzx_db_verify(mzx_db_t *db, const mzx_layout_t *layout);
/* The reading check (first and last entries) on the database at path,
 * opened for it alone; with deep,
 * every entry of every table is read too (time grows with the size; no
 * writer may commit meanwhile).  MZX_OK; MZX_CORRUPT when damaged,
 * MZX_NO_INDEX when there is no database, ... with a malloc'd message in
 * *errmsg (if not NULL). */
mzx_status_t mzx_check(const char *path, const mzx_layout_t *layout,
                       int deep, char **errmsg);
const char *mzx_db_error(const mzx_db_t *db);
/* Number of documents, into *n (0 on error, with the message on db). */
mzx_status_t mzx_db_doccount(mzx_db_t *db, unsigned *n);
/* Read a metadata key, as mzx_writer_get_meta. */
mzx_status_t mzx_db_get_meta(mzx_db_t *db, const char *key, char **val,
                             size_t *len);
/* As mzx_writer_meta_each, on the reader. */
mzx_status_t mzx_db_meta_each(mzx_db_t *db, const char *prefix,
                              mzx_meta_fn fn, void *ctx);
/* Frequency of a term (in how many documents it occurs), into *n (0 on
 * error, with the message on db). */
mzx_status_t mzx_db_termfreq(mzx_db_t *db, const char *term, size_t len,
                             unsigned *n);

/* ---- queries ------------------------------------------------------------
 * Query nodes are immutable values.  Each constructor returns a new node or
 * NULL when out of memory; constructors that take nodes do not consume
 * them (free them yourself, in any order). */

mzx_query_t *mzx_query_term(const char *term, size_t len);
/* A node matching what layout's exclusions leave out of db's searches (one
 * that matches nothing when they leave out nothing); NULL on error, with
 * the message on db. */
mzx_query_t *mzx_db_excluded(mzx_db_t *db, const mzx_layout_t *layout);
/* OP_SYNONYM of every term in `db` that starts with `prefix` (and is at most
 * max_len bytes long); at most `cap` terms.  A node that matches nothing
 * when no term has that prefix. */
mzx_query_t *mzx_query_prefix(mzx_db_t *db, const char *prefix, size_t len,
                              size_t max_len, size_t cap);
typedef enum {
    MZX_OP_AND, MZX_OP_OR, MZX_OP_AND_NOT, MZX_OP_SYNONYM, MZX_OP_FILTER
} mzx_op_t;
/* Combine n nodes with op (AND_NOT and FILTER: first node, minus / filtered
 * by the rest).  n == 0 gives a node that matches nothing. */
mzx_query_t *mzx_query_combine(mzx_op_t op, mzx_query_t *const *subs,
                               size_t n);
void mzx_query_free(mzx_query_t *q);

/* ---- running a query ------------------------------------------------- */

typedef struct mzx_mset mzx_mset_t;

typedef struct {
    double k1, b;       /* BM25 parameters; k1 0 means Xapian's defaults */
    double min_normlen; /* BM25 minimum normalised document length */
} mzx_weighting_t;

/* db searches its databases together and interleaves their docids
 * (Xapian's rule): document d of database k (from 0) of n is
 * (d - 1) * n + k + 1.  How far apart two documents that follow each other
 * in did's own database are in db's numbering: n; 0 when did is in a
 * remote database, whose server interleaves its own databases unseen
 * here. */
unsigned mzx_db_stride(mzx_db_t *db, unsigned did);
/* 1 when db searches a remote database (a served shard) among its own. */
int mzx_db_has_remote(const mzx_db_t *db);
/* 1 when mzx_db_lookup of term (as layout says) would answer from what
 * was read already, without reading the index. */
int mzx_db_looked(mzx_db_t *db, const mzx_layout_t *layout, const char *term,
                  size_t len);
/* The record (as layout says) of document `did` (*data NULL when there is
 * no such document or it has none), and of the first document that
 * carries `term`.  Answers are kept: the pointer lives as long as db, or
 * until a call with another record_slot or data_fallback forgets them.
 * When the index changed underneath, db is reopened and the read
 * retried. */
mzx_status_t mzx_db_record(mzx_db_t *db, const mzx_layout_t *layout,
                           unsigned did, const char **data, size_t *dlen);
mzx_status_t mzx_db_lookup(mzx_db_t *db, const mzx_layout_t *layout,
                           const char *term, size_t len, const char **data,
                           size_t *dlen);
/* Take data as mzx_db_lookup's answer for term (the caller read it some
 * other way: many at once, in one search), kept as its answers are.
 * MZX_OK, or MZX_NOMEM. */
mzx_status_t mzx_db_lookup_known(mzx_db_t *db, const mzx_layout_t *layout,
                                 const char *term, size_t len,
                                 const char *data, size_t dlen);

/* Run q, less layout's exclusions, and fetch ranked matches
 * [first, first+count).  `check_at_least` makes the total exact up to that
 * many (0: an estimate is fine).  Retries internally when the index changed
 * underneath (reopen + rerun).  `w` may be NULL for the defaults, `layout`
 * for none (no exclusions; records are the document data).  The mset keeps
 * a copy of *layout (not of its exclusion_term: that must outlive it) and
 * must not outlive db. */
mzx_status_t mzx_db_search(mzx_db_t *db, const mzx_layout_t *layout,
                           const mzx_query_t *q,
                           const mzx_weighting_t *w, unsigned first,
                           unsigned count, unsigned check_at_least,
                           mzx_mset_t **out);
/* mzx_db_search, where the caller likely reads only the first `likely` of
 * the window (it reads on when its checks fail): when ranking just those
 * changes none of the search's counts (a search of one term), only those
 * are ranked, and the rest when one of them is read.  The same matches,
 * in the same order, and the same counts as mzx_db_search's; `likely` 0
 * or not below count: mzx_db_search. */
mzx_status_t mzx_db_search_likely(mzx_db_t *db, const mzx_layout_t *layout,
                                  const mzx_query_t *q,
                                  const mzx_weighting_t *w, unsigned first,
                                  unsigned count, unsigned likely,
                                  unsigned check_at_least, mzx_mset_t **out);
/* mzx_db_search, the search also listing every candidate it meets, for
 * mzx_mset_within. */
mzx_status_t mzx_db_search_listed(mzx_db_t *db, const mzx_layout_t *layout,
                                  const mzx_query_t *q,
                                  const mzx_weighting_t *w, unsigned first,
                                  unsigned count, unsigned check_at_least,
                                  mzx_mset_t **out);
/* The search of q -- from's query kept to the documents that carry one of
 * the n terms (a FILTER of them, adding no weight), over the same
 * exclusions, its root not an AND -- fetching its matches [0, count),
 * answered from `from` (of mzx_db_search_listed, first 0) without running
 * it: the same matches in the same order, weighed the same.  *out NULL
 * when from cannot tell (it did not meet every candidate: more than its
 * check_at_least; or it searched several databases -- an index after an
 * update, shards -- or a remote one): then run q.  Its counts are from's; when the index changes under a read, q
 * itself is run. */
mzx_status_t mzx_mset_within(mzx_mset_t *from, const char *const *terms,
                             const size_t *lens, size_t n,
                             const mzx_query_t *q, const mzx_weighting_t *w,
                             unsigned count, unsigned check_at_least,
                             mzx_mset_t **out);
void mzx_mset_destroy(mzx_mset_t *m);
/* The getters of an mset but mzx_mset_data read what the search brought
 * back (no disk: they cannot fail); 0 for a NULL mset or an i past the
 * end. */
/* Matches in this window. */
unsigned mzx_mset_size(const mzx_mset_t *m);
/* Estimated total matches, and its lower/upper bounds. */
unsigned mzx_mset_estimate(const mzx_mset_t *m);
unsigned mzx_mset_lower(const mzx_mset_t *m);
unsigned mzx_mset_upper(const mzx_mset_t *m);
/* In how many documents a term of the query occurs, as the search counted
 * it (0 for a term not in the query). */
unsigned mzx_mset_termfreq(const mzx_mset_t *m, const char *term, size_t len);
/* The i-th match's weight and its record (as the search's layout says;
 * the data pointer belongs to the mset and lives until it is destroyed).
 * The record is read from the index when first asked for, so a caller that
 * stops early reads no more; past the first two records from remote
 * databases, the rest of the window's remote ones are read at once (one
 * search that brings them back, not a round trip each).  When
 * the index changed so much meanwhile that the snapshot is gone, the
 * search is run again on the new one: the matches from i on and
 * mzx_mset_size may then change, and when i is past the new end *data is
 * NULL (MZX_OK).  MZX_MODIFIED if it kept changing: re-run the search. */
double mzx_mset_weight(const mzx_mset_t *m, unsigned i);
/* The i-th match's document id (0 when there is none). */
unsigned mzx_mset_docid(const mzx_mset_t *m, unsigned i);
mzx_status_t mzx_mset_data(mzx_mset_t *m, unsigned i, const char **data,
                           size_t *len);

#ifdef __cplusplus
}
#endif
#endif
