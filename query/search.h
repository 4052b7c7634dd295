/* search.h — run a parsed query: candidates from the index, each checked
 * exactly against its stored passage, in rank order. */
#ifndef MZ_SEARCH_H
#define MZ_SEARCH_H

#include "mzx.h"
#include "query.h"
#include "record.h"
#include "seen.h"
#include "sense.h"

/* Where a near copy of a shown passage stands. */
typedef struct {
    char *path;
    unsigned long line, column;   /* column: as mz_record_t's */
} mz_dup_t;

typedef struct {
    unsigned long rank;  /* 1-based among exact matches */
    double score;
    mz_record_t rec;     /* points into data; valid during the callback */
    const mz_hits_t *hits;
    int literal;         /* matched as typed (0: through a thesaurus form) */
    const char *via;     /* "text", "heading" or "thesaurus" */
    const mz_dup_t *dups; /* near copies found elsewhere (main.c) */
    size_t ndups;
    unsigned did;        /* its document in the index */
    const char *data;    /* the record as stored (rec points into it), */
    size_t len;          /* during the callback */
    int other_sense;     /* the words occur only inside other words
                            (sense.h; judged in phases with a sense) */
    char sense_word[MZ_SENSE_WORD_MAX]; /* then: that other word */
    const char *top_folder; /* the first folder under its indexed root
                               (collect.c sets it on a held result) */
} mz_match_t;

/* Return nonzero to stop the search. */
typedef int (*mz_match_fn)(const mz_match_t *m, void *ctx);

typedef struct {
    unsigned long matched;  /* exact matches seen */
    unsigned long total;    /* all matches: exact when `exact`, else an
                               estimate */
    int exact;
    double share;           /* of the candidates read, the share that
                               matched (1 when none was read) */
    unsigned long deferred; /* passed over as other words' only, for a
                               later phase (mz_search_opts_t.sense); in
                               total and share, not in matched */
    unsigned long cap;      /* nonzero: total counts among this many
                               best candidates of more (--similar) */
} mz_search_stats_t;

/* The estimate of an unfinished search: the candidates the index holds
 * times the share of those read that matched.  The candidates are counted
 * by the search up to a few thousand; past that they are estimated from
 * the term frequencies (a run's bigrams occur together, separate words
 * independently) or by Xapian. */


typedef enum {
    MZ_SENSE_EITHER, MZ_SENSE_OWN, MZ_SENSE_OTHER,
    MZ_SENSE_APART   /* own, and each word begins one (mz_sense_apart) */
} mz_sense_phase_t;

typedef struct {
    const mzx_weighting_t *w;  /* BM25 parameters, NULL for the defaults */
    const mz_qnode_t *skip;    /* pass over passages this matches (the
                                  thesaurus phase skips what the literal
                                  phase showed), or NULL */
    unsigned long rank_base;   /* ranks start after this */
    const char *kind;          /* only passages of this kind (kind.h) */
    const char *not_kind;      /* no passages of this kind */
    int kind_terms;            /* the index's passages carry kind terms
                                  (MZ_META_KINDS): kind and not_kind are
                                  applied in the index, not only checked */
    unsigned long year, type;  /* only materials of this year / type (0:
                                  any; record.h) */
    int headings;              /* match the tree against the headings above
                                  a passage, not its text (the query must
                                  be built with MZ_HEADING_PREFIX) */
    const mz_qnode_t *skip_headings; /* pass over passages whose headings
                                  this matches, or NULL */
    const char *via;           /* mz_match_t.via for these matches */
    mz_seen_t *seen;           /* passed over without reading them: what
                                  an earlier phase matched, which `skip`
                                  or a filter would pass over too; every
                                  match is added (NULL: none) */
    int no_paths;              /* the matches' path and title are not
                                  needed (counting): not looked up */
    unsigned long want;        /* the caller will likely stop after this
                                  many matches: the first batch read from
                                  the index (0: not known) */
    int one_batch;             /* read the first batch only (a pool of
                                  the best matches, evidence.h: a phase
                                  whose candidates mostly fail its check
                                  would else be ranked again and again);
                                  with keep, as many candidates in keep's
                                  scope as a first batch holds (what one
                                  index that filters them itself reads) */
    mz_sense_phase_t sense;    /* keep to passages where the words stand
                                  in their own sense, or only in other
                                  words' (sense.h), or either */
    struct mz_sense_memo *memo; /* the passages an own-sense phase found
                                  other words' only, for the other-sense
                                  phase of the same tree (NULL: none) */
    const mzx_query_t *scope;  /* only passages this matches (genres,
                                  places: place.h), or NULL */
    const mzx_query_t *scope_out; /* no passage this matches, or NULL */
    int (*keep)(void *ctx, const mz_record_t *r); /* checked on each
                                  match, its path known; NULL: none */
    void *keep_ctx;
    mzx_mset_t **listed;       /* non-NULL: the first batch's search lists
                                  every candidate it meets and is handed
                                  back here, for `within` (the caller
                                  destroys it) */
    mzx_mset_t *within;        /* non-NULL: such a search of the phase's
                                  query without o->scope, o->scope being
                                  the OR of the within_terms: the first
                                  batch taken from it when it can tell
                                  (mzx_mset_within), not searched again */
    const char *const *within_terms;
    const size_t *within_lens;
    size_t nwithin;
} mz_search_opts_t;

/* Fill in the path and title of the record of document did, when they are
 * in its file's record (record.h).  Left empty if that is gone (a match
 * then has nothing to show). */
mzx_status_t mz_record_find_file(mzx_db_t *db, unsigned did, mz_record_t *r);
/* Read the file records of the matches in remote shards (whose files are
 * looked up by term, a round trip or more each) in one search, for
 * mz_record_find_file to find: the files of the first MZ_PREFETCH_MAX
 * matches at most.  MZX_OK, or a failure (then they are looked up one by
 * one). */
enum { MZ_PREFETCH_MAX = 64 };
mzx_status_t mz_record_prefetch_files(mzx_db_t *db, mz_match_t *const *m,
                                      size_t n);

/* Does the passage pass o's part (kind, not_kind), year and type filters? */
int mz_record_wanted(const mz_search_opts_t *o, const mz_record_t *r);

/* q kept to o's scope (o->scope, less o->scope_out): a new query, owned
 * by the caller (q is freed when owned), or q itself when o has no scope;
 * NULL when memory ran out. */
mzx_query_t *mz_scope_filter(mzx_query_t *q, int owned,
                             const mz_search_opts_t *o);

/* Call fn for every exact match in rank order until it asks to stop.
 * o may be NULL. */
mzx_status_t mz_search_phase(mzx_db_t *db, const mz_qnode_t *tree,
                             const mzx_query_t *q, const mz_search_opts_t *o,
                             mz_match_fn fn, void *ctx, mz_search_stats_t *st);

/* How many passages the index holds for the tree's candidates: counted
 * by a search (q, the tree's query, kept to o's kind if o is not NULL)
 * when they are a few thousand at most,
 * else (or when q is NULL) from term frequencies alone; -1 when that is
 * not known. */
double mz_estimate(mzx_db_t *db, const mz_qnode_t *tree,
                   const mzx_query_t *q, const mz_search_opts_t *o);

/* The exact number of matching passages (of that kind, if not NULL): from
 * the index alone when the tree is exact (mz_query_exact) and no filter
 * (kind, year, type) is asked for, else by checking every candidate. */
mzx_status_t mz_count(mzx_db_t *db, const mz_qnode_t *tree,
                      const mzx_query_t *q, const mz_search_opts_t *filter,
                      unsigned long *count);

#endif
