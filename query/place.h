/* place.h — where a passage's file is in the archive (its path relative to
 * its indexed root, its top folder) and the search's scope: the genres,
 * folders and globs of mz_search_options_t made one filter for the index
 * (genre and place terms, schema.h), or a check of each match's path where
 * the index cannot answer (globs over several shards). */
#ifndef MZ_PLACE_H
#define MZ_PLACE_H

#include "engine.h"

#include <stddef.h>

/* The path relative to the longest of roots[0..n) that holds it (a root
 * that is the file itself gives its name), or NULL when none does. */
const char *mz_place_relative(char *const *roots, size_t n, const char *path,
                              size_t len, size_t *rlen);

/* The first folder of a relative path, "." when it has none (a file at
 * the root); its length to *tlen. */
const char *mz_place_top(const char *rel, size_t rlen, size_t *tlen);

/* 1 when the glob matches the whole of s[0..n): '*' and '?' never match
 * '/', '**' matches across folders, [a-z] and [!a] a character, {a,b}
 * either, '\' quotes the next character. */
/* The terms of a file's passages from its key (common/indexdir.h: the
 * live form and the read-only base's) into t[0] and t[1], owned by the
 * caller; 0, or -1 when out of memory. */
int mz_file_key_terms(const char *key, mzx_query_t *t[2]);
int mz_glob_match(const char *glob, size_t glen, const char *s, size_t n);
/* What is wrong with glob (an unclosed '[' or '{', which ripgrep refuses
 * too), or NULL when it can be used. */
const char *mz_glob_problem(const char *glob);

/* ripgrep's -g GLOB...: 1 when the file at the relative path rel is
 * searched.  A glob without '/' (but a last one) matches a name at any
 * depth, one with '/' the path from the root; "!GLOB" excludes, and a
 * folder excluded excludes what it holds; the last glob that matches
 * decides; with any glob that includes, a file that none matches is left
 * out. */
int mz_globs_keep(const char *const *globs, size_t n, const char *rel,
                  size_t rlen);

/* The search's scope for o: in, the filter the index applies, and out,
 * what it leaves out (each NULL when there is none); check set when each
 * match's path must be checked with mz_scope_keep (globs the index cannot
 * answer).  Returns MZ_STATUS_BAD_ARGUMENT for an unknown genre,
 * MZ_STATUS_INDEX_VERSION for --genre or --path on an index of an older
 * layout (db's error set). */
typedef struct {
    mzx_query_t *in, *out;
    int check;
} mz_scope_t;
mz_status_t mz_scope_query(mz_db_t *db, const mz_search_options_t *o,
                           mz_scope_t *scope);
void mz_scope_free(mz_scope_t *scope);

/* What mz_scope_keep reads. */
typedef struct {
    mz_db_t *db;
    const mz_search_options_t *o;
} mz_scope_ctx_t;

/* The scope into the options of a search (ctx is filled for keep). */
void mz_scope_apply(const mz_scope_t *scope, mz_scope_ctx_t *ctx,
                    mz_db_t *db, const mz_search_options_t *o,
                    mz_search_opts_t *so);

/* The match's file is within the globs of ctx (an mz_scope_ctx_t). */
int mz_scope_keep(void *ctx, const mz_record_t *r);

#endif
