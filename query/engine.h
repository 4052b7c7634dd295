/* engine.h — the inside of the Searching part of libmzsearch (the public
 * side is include/mzsearch.h): the database handle, the shards it opened,
 * the collector that turns matches into a page, and the results. */
#ifndef MZ_ENGINE_H
#define MZ_ENGINE_H

#include "mzsearch.h"
#include "dedup.h"
#include "search.h"

/* A failure: its status, and its code and sentence (naming the index and
 * the fix) as the caller gets them. */
typedef struct {
    mz_status_t st;
    mz_error_t pub;
} mz_err_t;

/* Set e (printf-style; the code follows from st) and return st. */
mz_status_t mz_err(mz_err_t *e, mz_status_t st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- the shards: which indexes to search, opened as one (shards.c) ---- */

/* One index to search: a folder or a tcp:// URL, and where it was named. */
typedef struct {
    char *spec;
    char *where;    /* "--index", "MZSEARCH_INDEX", ... or "FILE:LINE:" */
    int in_file;    /* named by a shards file */
    int remote;
} mz_shard_spec_t;

typedef struct {
    mz_shard_spec_t *v;
    size_t n;
    char **dirs;    /* folders whose thesaurus.txt adds to the topics */
    size_t ndirs;
    char *label;    /* the shards, for messages */
    int remote;     /* some shard is remote */
    int kind_terms; /* every shard's passages carry kind terms (kind.h) */
    char **roots;   /* every shard's indexed roots (place.h) */
    size_t nroots;
    char *old_layout;  /* the first shard of a layout older than this
                          program's (no genre or place terms), or NULL */
    char *old_version; /* and its layout */
} mz_shardset_t;

/* What to search: each of paths[0..n) (n == 0: $MZSEARCH_INDEX, else the
 * default folder), each a URL, a shards file, a folder holding one, or an
 * index. */
mz_status_t mz_shardset_collect(mz_shardset_t *sh, const char *const *paths,
                                size_t n, mz_err_t *e);
/* Every shard opened and checked on its own, then added to the first: one
 * database searched with one ranking. */
mz_status_t mz_shardset_open(mz_shardset_t *sh, mzx_db_t **out, mz_err_t *e);
void mz_shardset_free(mz_shardset_t *sh);
/* The sentence for a search of db that failed with rc. */
mz_status_t mz_shardset_failed(const mz_shardset_t *sh, mzx_db_t *db,
                               mzx_status_t rc, mz_err_t *e);

struct mz_db {
    mz_shardset_t sh;
    mzx_db_t *x;
    mz_err_t err;
    struct mz_thes *thes;  /* the thesaurus, loaded at the first search
                              that may need it (expand.c) */
    char *thes_key;        /* the --thesaurus files it was loaded with */
    mzx_weighting_t w;     /* BM25 parameters, read at open */
};

/* ---- the collector: matches to a page, or to files (collect.c) -------- */

/* A result held for the page until the search ends (so that near copies
 * found later can still be listed with it). */
typedef struct {
    char *data;          /* the record, encoded: owns m.rec's strings */
    mz_match_t m;
    mz_hits_t hits;
    mz_dup_t *dups;
    size_t ndups;
    mz_result_t *pub;    /* the public view, made when first asked for */
    char *top;           /* its top folder (m.top_folder) */
} mz_held_t;

/* A group of near copies: its first passage's shingles, and where it is
 * held (-1: before the offset). */
typedef struct {
    mz_shingles_t sh;
    long held;
    uint64_t text;       /* the passage's hash, and its length */
    size_t len;
} mz_group_t;

/* One facet: its values in the order first met, with their counts. */
typedef struct {
    mz_facet_t *v;
    size_t n;
} mz_facet_list_t;

enum { MZ_FACET_KIND, MZ_FACET_YEAR, MZ_FACET_TYPE, MZ_FACET_FILE,
       MZ_FACET_GENRE, MZ_FACET_TOP, MZ_NFACETS };

/* After the page is full, this many more matches are read to find near
 * copies of what it shows; a match is compared with this many groups. */
enum { MZ_DUP_LOOKAHEAD = 20, MZ_DUP_WINDOW = 512 };

typedef struct {
    unsigned long limit, offset;
    int limit_files, all, want_facets;
    char **paths;           /* MZ_SEARCH_FILES: each file once */
    size_t npaths;
    size_t *slots, nslots;  /* hash set over paths */
    mz_held_t *page;
    size_t npage;
    mz_group_t *groups;
    size_t ngroups;
    unsigned long after_full;
    mz_facet_list_t facets[MZ_NFACETS];
    unsigned long faceted;
    char *const *roots;     /* the indexed roots, for top folders */
    size_t nroots;
    int oom;
} mz_collect_t;

/* The match callbacks (search.h): a page of results with their near
 * copies, or the files in the order of their best passage. */
int mz_collect_page(const mz_match_t *m, void *collect);
int mz_collect_file(const mz_match_t *m, void *collect);
/* The page's groups are no longer needed. */
void mz_collect_done(mz_collect_t *c);
void mz_collect_free(mz_collect_t *c);
/* A result's public view (results.c makes it), NULL is fine. */
void mz_collect_free_public(mz_result_t *p);

struct mz_results {
    mz_search_mode_t mode;
    mz_collect_t c;
    mz_search_stats_t st;
    unsigned long count;  /* matching passages (exact in MZ_SEARCH_COUNT) */
    char *expanded;       /* the query with thesaurus forms, or NULL */
};

/* The match a result holds, for the program's printer (its hits and near
 * copies attached); NULL past the end. */
const mz_match_t *mz_results_match(mz_results_t *r, size_t i);
/* The search's figures, as the printer's closing line wants them. */
const mz_search_stats_t *mz_results_stats(const mz_results_t *r);

/* ---- the thesaurus (expand.c) ------------------------------------------ */

/* The parsed query with its thesaurus topics widened to their forms (a new
 * tree in *out, the caller's to free), or NULL there when nothing expands
 * (o->exact, no topic); in *parts the same widened by the forms of the
 * topics' parts too ("TOPIC > PART"), or NULL when they have none.  The
 * thesaurus is read once per database handle and set of o->thesauri
 * files. */
mz_status_t mz_expand(mz_db_t *db, const mz_search_options_t *o,
                      const mz_qnode_t *tree, mz_qnode_t **out,
                      mz_qnode_t **parts, mz_err_t *e);

/* The words as typed apart: the tree with each word made of shorter
 * dictionary words (理论学习: 理论, 学习; sense.h, mz_sense_parts) as the
 * AND of its parts, in a new tree in *out (the caller's), or NULL there
 * when no word is so made (one of three characters, a quoted phrase, a
 * -word).  -1 when out of memory. */
int mz_query_apart(const mz_qnode_t *tree, mz_qnode_t **out);

/* ---- the draft for --similar (draft.c) -------------------------------- */

/* mz_search, for a caller that read the draft itself: options.similar
 * (the draft's name) must come with similar_text.  The programs call it
 * (mzsearch does not link the document readers; see query/draft_cli.c). */
mz_status_t mz_search_run(mz_db_t *db, const mz_search_options_t *o,
                          mz_results_t **out);

#endif
