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
#include "schema.h"
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
    int quoted;                 /* given as a phrase ("…" or “…”) */
    mz_qrun_t *runs;
    size_t nruns;
    char *han;                  /* a leaf of one Han run: its characters
                                   (a plain substring to look for), else
                                   NULL */
    size_t nhan;
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
    MZ_PARSE_BAD_UTF8,       /* the query is not valid UTF-8 */
    MZ_PARSE_TOO_LONG,       /* more than MZ_QUERY_MAX_BYTES */
    MZ_PARSE_TOO_MANY_WORDS, /* more than MZ_QUERY_MAX_WORDS */
    MZ_PARSE_TOO_MANY_CHARS, /* more than MZ_QUERY_MAX_CHARS */
    MZ_PARSE_NOMEM
} mz_parse_status_t;

/* What one query may ask, far beyond what people type (a query of forty
 * words is a paste gone wrong, not a search): past it a query is refused
 * rather than run for seconds.  Words are counted after merging repeats
 * (风 风 is one word; each OR alternative and each -word counts).  A
 * single Han character costs most: the index answers it with every term it
 * starts (a few thousand for a common one), so few are allowed.  Measured
 * on 58 MB of laws: the costliest queries within these take well under a
 * second (bench/bench.py, the "query cap" row). */
enum {
    MZ_QUERY_MAX_BYTES = 4096,
    MZ_QUERY_MAX_WORDS = 32,
    MZ_QUERY_MAX_CHARS = 8   /* words of one Han character (see
                                mz_leaf_char_runs), one in an OR counting
                                twice: an OR reads every term of each,
                                while ANDed ones narrow each other (AND of
                                8 common ones: 0.3 s; OR of 8: 0.9 s) */
};

/* Parse the query string (argv joined with spaces).  On success *out is the
 * tree (free with mz_qnode_free).  The same word or phrase given twice in
 * the same place (an AND, an OR) is kept once: it can only cost, and would
 * skew estimates. */
mz_parse_status_t mz_query_parse(const char *q, mz_qnode_t **out);
/* The same, refusing a query over the caps above; *size is then its
 * measure (bytes, words or one-character words, as the status says). */
mz_parse_status_t mz_query_parse_capped(const char *q, mz_qnode_t **out,
                                        size_t *size);
void mz_qnode_free(mz_qnode_t *n);

/* One leaf for text, as the parser makes it for a word (quoted 0) or a
 * phrase (1): its runs may be none (only punctuation).  NULL when out of
 * memory. */
mz_qnode_t *mz_query_leaf(const char *text, int quoted);
/* Add kid as the last kid of parent (which then owns it); -1 when out of
 * memory (the caller still owns kid). */
int mz_qnode_push(mz_qnode_t *parent, mz_qnode_t *kid);
/* A deep copy of n; NULL when out of memory. */
mz_qnode_t *mz_qnode_clone(const mz_qnode_t *n);
/* Kids of an AND or OR node as the parser leaves them: each kept once, an
 * OR of one alternative that alternative. */
void mz_query_merge(mz_qnode_t *n);
/* The tree as a query that parses back to it ("a OR b c -d"); malloc'd,
 * NULL when out of memory. */
char *mz_query_format(const mz_qnode_t *n);

/* The Xapian query that finds every passage the tree can match (a superset
 * for leaves longer than two characters).  NULL when out of memory. */
mzx_query_t *mz_query_build(const mz_qnode_t *n, mzx_db_t *db);
/* The same over another family of terms: MZ_HEADING_PREFIX (schema.h)
 * finds passages by the headings above them. */
mzx_query_t *mz_query_build_prefixed(const mz_qnode_t *n, mzx_db_t *db,
                                     const char *prefix);

/* The one-character Han runs of a leaf that its index query looks up:
 * all of its runs when each is one character, else none (they are left to
 * the exact check). */
size_t mz_leaf_char_runs(const mz_qnode_t *leaf);

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
/* 1 if text[0..len) holds a word the tree excludes (-word): a passage
 * found by another part of it (its headings) is not shown then. */
int mz_query_excluded(const mz_qnode_t *n, const char *text, size_t len);
void mz_hits_free(mz_hits_t *h);
/* Append a hit (-1 when out of memory); sort and merge overlapping or
 * touching hits into one span each. */
int mz_hits_add(mz_hits_t *h, size_t start, size_t end);
void mz_hits_merge(mz_hits_t *h);

#endif
