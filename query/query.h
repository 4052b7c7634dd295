/* query.h — the query language and its exact semantics.
 *
 *   好人主义          passages containing 好人主义 (exactly, like grep)
 *   四风 形式主义     both (AND)
 *   四风 OR 作风      either; OR binds tighter than AND: a b OR c = a AND (b OR c)
 *   -官僚主义         not containing it
 *   "学习 强国"       a quoted phrase
 *
 * Each word or phrase is a leaf: a sequence of runs (a Han run or a Latin /
 * digit word) as the segmenter cuts it.  A leaf matches a passage where its
 * runs occur in order with nothing but spaces or punctuation between runs;
 * a Han run must occur inside one run of the passage, and where the query
 * has a break the passage must have one too.
 *
 * The index only narrows the search (bigram AND, see build.c); mz_query_eval
 * decides exactly, against the passage text.
 */
#ifndef MZ_QUERY_H
#define MZ_QUERY_H

#include "mzx.h"
#include "segment.h"

#include <stddef.h>

typedef struct {
    mz_tok_kind_t kind;
    size_t ntok;           /* Han characters in the run, or 1 for a word */
    char **tok;            /* normalized tokens */
} mz_qrun_t;

typedef enum { MZ_QN_LEAF, MZ_QN_AND, MZ_QN_OR } mz_qnode_kind_t;

typedef struct mz_qnode {
    mz_qnode_kind_t kind;
    int negated;                /* -word (only on leaves and OR groups) */
    /* leaf */
    char *source;               /* the leaf as typed, for messages */
    mz_qrun_t *runs;
    size_t nruns;
    /* AND / OR */
    struct mz_qnode **kids;
    size_t nkids;
} mz_qnode_t;

typedef enum {
    MZ_PARSE_OK,
    MZ_PARSE_EMPTY,          /* no words at all */
    MZ_PARSE_NOTHING,        /* only punctuation or symbols */
    MZ_PARSE_ONLY_NEGATIVE,  /* only -words: nothing to look for */
    MZ_PARSE_NEG_IN_OR,      /* -word inside an OR */
    MZ_PARSE_NOMEM
} mz_parse_status_t;

/* Parse the query string (argv joined with spaces).  On success *out is the
 * tree (free with mz_qnode_free). */
mz_parse_status_t mz_query_parse(const char *q, mz_qnode_t **out);
void mz_qnode_free(mz_qnode_t *n);

/* The Xapian query that finds every passage the tree can match (a superset
 * for leaves longer than two characters).  NULL when out of memory. */
mzx_query_t *mz_query_build(const mz_qnode_t *n, mzx_db_t *db);
/* The same over another family of terms: MZ_HEADING_PREFIX finds passages
 * by the headings above them. */
mzx_query_t *mz_query_build_prefixed(const mz_qnode_t *n, mzx_db_t *db,
                                     const char *prefix);
#define MZ_HEADING_PREFIX "S"

/* 1 if the index alone answers the tree exactly (every leaf is one Han
 * character, one bigram or one word), so no candidate needs checking. */
int mz_query_exact(const mz_qnode_t *n);

/* ---- exact matching against a passage ---------------------------------- */

typedef struct {
    size_t start, end;    /* byte range of a hit in the passage text */
} mz_hit_t;

typedef struct {
    mz_hit_t *hits;       /* sorted by start, non-overlapping (merged) */
    size_t n, cap;
} mz_hits_t;

/* Does the tree match text[0..len)?  When hits is not NULL it receives the
 * ranges of every occurrence of every matching positive leaf. */
int mz_query_eval(const mz_qnode_t *n, const char *text, size_t len,
                  mz_hits_t *hits);
void mz_hits_free(mz_hits_t *h);
/* Append a hit (-1 when out of memory); sort and merge overlapping or
 * touching hits into one span each. */
int mz_hits_add(mz_hits_t *h, size_t start, size_t end);
void mz_hits_merge(mz_hits_t *h);

#endif
