/* mzsearch.h — libmzsearch, the engine under mzindex and mzsearch.
 *
 * Index an archive of Chinese meeting materials and search it by topic.
 * The library never prints and never exits: every function returns a
 * status, and a message for a failure is kept on the handle it concerns
 * (or returned through an out-parameter where there is no handle).
 * Progress and warnings reach the caller through callbacks.
 *
 * Ownership, in general: who opens closes; every *_free / *_close accepts
 * NULL; a returned const char * belongs to the handle it came from and
 * lives as long as it; whatever the caller must free says so, and came
 * from malloc.  Handles are not thread-safe: use one per thread. */
#ifndef MZSEARCH_H
#define MZSEARCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define MZ_PUBLIC __attribute__((visibility("default")))
#else
#define MZ_PUBLIC
#endif

/* One status for every call of the library. */
typedef enum {
    MZ_STATUS_OK = 0,
    MZ_STATUS_NO_INDEX,      /* no index at that path */
    MZ_STATUS_LOCKED,        /* another writer is updating the index */
    MZ_STATUS_DAMAGED,       /* the index is damaged: rebuild it */
    MZ_STATUS_INDEX_VERSION, /* cut by another segmenter or a newer layout */
    MZ_STATUS_BAD_QUERY,     /* the query cannot be run (too long, not UTF-8) */
    MZ_STATUS_BAD_ARGUMENT,  /* an invalid argument */
    MZ_STATUS_IO,            /* disk full, permission denied, ... */
    MZ_STATUS_SHARD_DOWN,    /* a remote shard cannot be reached */
    MZ_STATUS_INTERRUPTED,   /* the caller's stop flag was set */
    MZ_STATUS_NOMEM,         /* out of memory */
    MZ_STATUS_INTERNAL,      /* anything else */
    MZ_STATUS_FILES_GONE,    /* most files of a folder are gone at once:
                                kept (not mounted?) */
    MZ_STATUS_EMPTY_QUERY,   /* the query has no words */
    MZ_STATUS_NOTHING_SEARCHABLE /* only punctuation, or only -words */
} mz_status_t;

/* A short English phrase for a status ("the index is damaged"); static. */
MZ_PUBLIC const char *mz_status_str(mz_status_t st);

/* The library's version ("0.1.0") and its segmenter's ("mzseg-1"); static. */
MZ_PUBLIC const char *mz_version(void);
MZ_PUBLIC const char *mz_segmenter_version(void);
/* The word frequency dictionary the sense test reads ("python3-jieba
 * 0.42.1-3"; "" when the build has none); static. */
MZ_PUBLIC const char *mz_sense_version(void);

/* The error of a failed call, for a caller that reports it: code is the
 * word the programs' --json prints ("no_index", "index_damaged", "locked",
 * "index_version", "bad_query", "files_gone", "write_failed", ... — listed
 * in docs/cli-contract.md; "" when there was none), message the line
 * naming the problem and its fix (worded as the programs' options).  It
 * holds no pointers: copy it freely. */
typedef struct {
    char code[32];
    char message[1024];
} mz_error_t;

/* ---- Indexing (mzindex) -------------------------------------------------- */

/* An index is a folder (see mz_index_update).  Indexing calls take the
 * index's path; they open, lock and close what they need themselves, and
 * hold nothing between calls.  Only one writer at a time: a second gets
 * MZ_STATUS_LOCKED.  Strings in the results are malloc'd and belong to the
 * result, freed with its *_free function. */

/* How far the reading of files has got. */
typedef struct {
    size_t done, total;        /* files read, of those to read */
    unsigned long long bytes;  /* bytes of text read so far */
    double seconds;            /* since the reading began */
    int finished;              /* 1 on the last call of a reading */
} mz_progress_t;

/* What an indexing call tells as it goes; any member may be NULL.  They are
 * called on the caller's thread; the strings they get live for the call
 * only, and may hold any byte (a path can): clean them before printing.
 * progress: at most about 4 times a second while files are read.
 * skipped:  a file or folder that could not be indexed, and why.
 * message:  a line for the user: a problem met (st is its status) or a
 *           notice (st is MZ_STATUS_OK), e.g. folders whose files were kept
 *           though most are gone, or a damaged index being rebuilt. */
typedef struct {
    void *ctx;
    void (*progress)(void *ctx, const mz_progress_t *p);
    void (*skipped)(void *ctx, const char *path, const char *reason);
    void (*message)(void *ctx, mz_status_t st, const char *text);
} mz_index_callbacks_t;

/* What to index.  The arrays belong to the caller and are only read. */
typedef struct {
    const char *const *roots;  /* folders and files; none: those indexed */
    size_t nroots;             /* before (the index remembers them) */
    const char *const *include; /* globs: index only matching files */
    size_t ninclude;
    const char *const *exclude; /* globs: leave out files and folders */
    size_t nexclude;           /* (filters given are remembered; none given:
                                  the remembered ones, unless rebuild) */
    int rebuild;               /* build anew beside the live index, swap */
    int accept_removals;       /* remove files even when most of a folder's
                                  are gone at once (else they are kept) */
    int servable;              /* keep term lists (remembered) */
    unsigned jobs;             /* threads of a full build; 0: one per core,
                                  at most 4 */
    const volatile int *stop;  /* set (e.g. by a signal handler): commit
                                  what is done and return */
} mz_index_options_t;

typedef struct {
    char *path, *reason;
} mz_skipped_t;

/* A folder that lost most of its files at once: they were kept. */
typedef struct {
    char *path;
    unsigned long gone;        /* indexed files no longer there */
    unsigned long indexed;     /* files indexed under it before */
} mz_gone_t;

/* What an update did.  Free with mz_index_summary_free. */
typedef struct {
    int opened;                /* 0: the call stopped before it could take
                                  the index (nothing was done) */
    int rebuild;               /* it was a rebuild (asked, or a repair) */
    unsigned long added, updated, removed, unchanged, skipped;
    unsigned long passages;    /* passages written */
    unsigned long long bytes;  /* bytes of text read */
    unsigned long bad_roots;   /* roots that could not be read */
    int interrupted;           /* stopped by options->stop */
    mz_skipped_t *skips;       /* the skipped files and folders */
    size_t nskips;
    mz_gone_t *gone;           /* folders whose files were kept */
    size_t ngone;
    char **dropped;            /* roots a rebuild no longer indexes */
    size_t ndropped;
    char *damage;              /* the damage a rebuild repaired, or NULL */
    double seconds;            /* the call's time */
} mz_index_summary_t;

/* Bring the index at path up to date with its folders: the first call
 * builds it (path must be absent, empty or an index), later ones read new
 * and changed files and remove deleted ones; an update that changes a
 * large share of the index, and a rebuild, build it anew on every core and
 * swap it in whole (searches never see a half-built index).  A damaged
 * index is rebuilt from its folders (summary->damage).  Returns
 * MZ_STATUS_OK when it is done and every root could be read (files may
 * have been skipped: see summary), else the status of the first error,
 * which *err describes (its message is also the line cb->message got).
 * options, cb, summary and err may be NULL; *summary is filled either way
 * and must then be freed with mz_index_summary_free. */
MZ_PUBLIC mz_status_t mz_index_update(const char *path,
                                      const mz_index_options_t *options,
                                      const mz_index_callbacks_t *cb,
                                      mz_index_summary_t *summary,
                                      mz_error_t *err);
/* Free what *summary holds (not summary itself); NULL is accepted. */
MZ_PUBLIC void mz_index_summary_free(mz_index_summary_t *summary);

/* Rewrite the index at path smaller and faster (under the writer's lock;
 * a damaged index is refused).  cb may be NULL; err as above. */
MZ_PUBLIC mz_status_t mz_index_compact(const char *path,
                                       const mz_index_callbacks_t *cb,
                                       mz_error_t *err);

/* What the index at path holds (reads only, takes no lock).  Free with
 * mz_index_info_free. */
typedef struct {
    char **roots;              /* the indexed folders */
    size_t nroots;
    unsigned long files;
    unsigned long passages;
    unsigned long long size_bytes; /* on disk */
    long long updated;         /* unix time of the last update, 0: never */
    char *segmenter;           /* the segmenter version that cut it, or NULL */
    mz_skipped_t *skips;       /* files skipped by the last runs */
    size_t nskips;
    char *sense;               /* the sense dictionary's version when it
                                  was last written, or NULL */
} mz_index_info_t;

/* Fill *info for the index at path (a cheap damage check included).
 * MZ_STATUS_NO_INDEX when there is none, MZ_STATUS_DAMAGED when a
 * database of it is damaged, with *err set (err may be NULL).  *info is
 * the caller's; what it holds is freed with mz_index_info_free (NULL is
 * accepted), whatever the status. */
MZ_PUBLIC mz_status_t mz_index_status(const char *path, mz_index_info_t *info,
                                      mz_error_t *err);
MZ_PUBLIC void mz_index_info_free(mz_index_info_t *info);

/* ---- Searching (mzsearch) ------------------------------------------------ */

/* Searching: open a database once, run any number of searches on it, read
 * each one's results, free them, close the database:
 *
 *     mz_db_t *db;  mz_error_t err;  mz_results_t *res;  mz_result_t r;
 *     if (mz_db_open(NULL, 0, &db, &err) != MZ_STATUS_OK) { ...err...; }
 *     mz_search_options_t o;
 *     mz_search_options_init(&o);
 *     o.query = "四风 整改";
 *     if (mz_search(db, &o, &res) != MZ_STATUS_OK)
 *         { ...mz_db_error(db)->message...; }
 *     for (size_t i = 0; mz_results_get(res, i, &r) == MZ_STATUS_OK; i++)
 *         printf("%s:%lu\n", r.path, r.line_start);
 *     mz_results_free(res);
 *     mz_db_close(db);
 */

/* A database to search: one index, or several (shards) searched as one. */
typedef struct mz_db mz_db_t;
/* What one search found. */
typedef struct mz_results mz_results_t;

/* Open for searching each of paths[0..n): an index folder, a
 * tcp://HOST:PORT shard served by xapian-tcpsrv, a shards file, or a folder
 * holding a file 'shards'; n == 0 opens $MZSEARCH_INDEX, else
 * ${XDG_DATA_HOME:-~/.local/share}/mzsearch.  Each index is checked
 * (damage, segmenter, layout).  On success *db is the handle, to be closed
 * with mz_db_close; on failure *db is NULL and *err (when err is not NULL)
 * names the index and the fix. */
MZ_PUBLIC mz_status_t mz_db_open(const char *const *paths, size_t n,
                                 mz_db_t **db, mz_error_t *err);

/* Close db (NULL is fine); every result set of it must be freed before. */
MZ_PUBLIC void mz_db_close(mz_db_t *db);

/* The error of the last failed call on db (code "" after a call that
 * succeeded); it belongs to db and changes with the next call on db. */
MZ_PUBLIC const mz_error_t *mz_db_error(const mz_db_t *db);

/* What a search returns. */
typedef enum {
    MZ_SEARCH_PAGE,   /* results offset+1 .. offset+limit, best first */
    MZ_SEARCH_COUNT,  /* only the exact number of matching passages */
    MZ_SEARCH_FILES   /* only the matching files, best first */
} mz_search_mode_t;

/* The material types (mz_search_options_t.type, mz_result_t.type). */
enum { MZ_MATERIAL_ANY = 0, MZ_MATERIAL_GROUP = 1, MZ_MATERIAL_PERSONAL = 2 };

/* One search.  Start from mz_search_options_init; the strings are the
 * caller's and are only read during mz_search. */
typedef struct {
    const char *query;       /* words ANDed, OR, -word, "a phrase" (as the
                                mzsearch command line); NULL: none */
    mz_search_mode_t mode;
    unsigned long limit;     /* results on the page (10) */
    unsigned long offset;    /* skipped before the page (0) */
    int limit_files;         /* MZ_SEARCH_FILES: stop after offset + limit
                                files (0: every file) */
    int exact;               /* no thesaurus: the words as typed only */
    int all;                 /* each near copy a result of its own */
    int facets;              /* count the facets (mz_results_facets) */
    const char *kind;        /* problems, causes, measures, progress or
                                other; NULL: any */
    unsigned long year;      /* 0: any */
    int type;                /* MZ_MATERIAL_* */
    const char *const *thesauri; /* more topic files (format: README) */
    size_t nthesauri;
    const char *similar;     /* passages like this draft file ("-":
                                standard input); the query's words, if
                                any, must be in them too */
    const char *similar_text; /* or like this text (UTF-8), similar_len
                                bytes of it */
    size_t similar_len;
    /* Scope (all filters in the index; an index of layout 3 at least, see
     * README "Genres" and "Scope by place"): */
    const char *const *genres; /* only documents of these genres: each
                                  item a code or a comma list of codes
                                  (review, rectify, speech, report, rules,
                                  notice, other); none: any */
    size_t ngenres;
    const char *const *paths; /* only files under one of these folders, or
                                  these files: absolute, or relative to
                                  each indexed root; none: anywhere */
    size_t npaths;
    const char *const *globs; /* ripgrep's -g: matched against the path
                                  relative to its indexed root; without
                                  '/' against the name at any depth;
                                  "!GLOB" excludes; the last that matches
                                  decides; none: every file */
    size_t nglobs;
} mz_search_options_t;

/* Fill o with the defaults (a page of 10, no filter, no query). */
MZ_PUBLIC void mz_search_options_init(mz_search_options_t *o);

/* Run one search on db.  On success *results holds what it found, to be
 * freed with mz_results_free before db is closed; on failure *results is
 * NULL and mz_db_error(db) says why (MZ_STATUS_BAD_QUERY,
 * MZ_STATUS_EMPTY_QUERY, MZ_STATUS_NOTHING_SEARCHABLE for the query;
 * MZ_STATUS_BAD_ARGUMENT for a thesaurus or draft file). */
MZ_PUBLIC mz_status_t mz_search(mz_db_t *db, const mz_search_options_t *o,
                                mz_results_t **results);

/* Free results (NULL is fine); every string read from them goes too. */
MZ_PUBLIC void mz_results_free(mz_results_t *results);

/* A near copy of a result, found elsewhere. */
typedef struct {
    const char *path;
    unsigned long line_start;
    unsigned long column;    /* 0: the line's start */
} mz_copy_t;

/* A hit in the snippet, in characters (not bytes). */
typedef struct {
    size_t start, end;
} mz_highlight_t;

/* One result: the fields of the JSON schema v1 (README, "JSON").  Every
 * pointer belongs to the result set and lives as long as it. */
typedef struct {
    unsigned long rank;      /* 1-based */
    double score;
    const char *path;
    const char *title;
    const char *const *section; /* the headings above it, outermost first */
    size_t nsection;
    const char *kind;        /* problems, causes, measures, progress, other */
    unsigned long line_start, line_end; /* 1-based, inclusive */
    unsigned long column;    /* a later piece of a cut line: its 1-based
                                byte column on line_start; else 0 */
    unsigned long byte_start, byte_end; /* into the file's decoded text */
    const char *snippet;     /* about 140 characters around the hits */
    const mz_highlight_t *highlights; /* the hits in the snippet */
    size_t nhighlights;
    const char *text;        /* the whole passage */
    const char *const *matched; /* the forms that matched, each once */
    size_t nmatched;
    int literal;             /* matched as typed (0: a thesaurus form) */
    const char *via;         /* "text", "thesaurus", "heading" or
                                "learned" (words the archive uses with
                                the query's, learned from its best
                                passages) */
    unsigned long year;      /* 0: unknown */
    const char *type;        /* "group", "personal" or "unknown" */
    const mz_copy_t *also_in; /* its near copies (none with options.all) */
    size_t nalso_in;
    const char *sense;       /* "own", or "other": the words stand in it
                                only inside other words (第八项规定 for
                                八项规定); such results come last */
    const char *sense_word;  /* then the other word (第八项), else NULL */
    const char *genre;       /* review, rectify, speech, report, rules,
                                notice or other (its document's) */
    const char *top_folder;  /* the first folder under its indexed root
                                ("." for a file at the root) */
} mz_result_t;

/* Result i (from 0) of the page into *out; MZ_STATUS_BAD_ARGUMENT past the
 * last one, MZ_STATUS_NOMEM when out of memory. */
MZ_PUBLIC mz_status_t mz_results_get(mz_results_t *results, size_t i,
                                     mz_result_t *out);
/* How many results the page holds. */
MZ_PUBLIC size_t mz_results_size(const mz_results_t *results);

/* The matching passages: exact when mz_results_total_exact says so, else
 * an estimate (the reading stopped when the page was full). */
MZ_PUBLIC unsigned long mz_results_total(const mz_results_t *results);
MZ_PUBLIC int mz_results_total_exact(const mz_results_t *results);
/* With options.similar: the total counts among this many passages most
 * like the draft (0: among all). */
MZ_PUBLIC unsigned long mz_results_total_among(const mz_results_t *results);
/* MZ_SEARCH_COUNT: the exact number of matching passages; otherwise how
 * many matched (0: none). */
MZ_PUBLIC unsigned long mz_results_count(const mz_results_t *results);
/* The query with the thesaurus forms that widened it, or NULL. */
MZ_PUBLIC const char *mz_results_expanded(const mz_results_t *results);

/* MZ_SEARCH_FILES: the files, best first, after options.offset (at most
 * options.limit of them with options.limit_files). */
MZ_PUBLIC size_t mz_results_nfiles(const mz_results_t *results);
MZ_PUBLIC const char *mz_results_file(const mz_results_t *results, size_t i);

/* A facet value and how many of the matches read have it. */
typedef struct {
    const char *value;
    unsigned long count;
} mz_facet_t;

/* With options.facets: the values of facet name ("kind", "year", "type",
 * "file", "genre" or "top_folder") in the order first met, into *values
 * (owned by results); their number is returned (0 for another name). */
MZ_PUBLIC size_t mz_results_facets(const mz_results_t *results,
                                   const char *name,
                                   const mz_facet_t **values);
/* Over how many matches the facets were counted. */
MZ_PUBLIC unsigned long mz_results_faceted(const mz_results_t *results);

/* A passage and the paragraphs around it, read from the index alone (no
 * file is opened: the path only names the file's passages). */
typedef struct mz_passages mz_passages_t;

/* One passage of a file, as the index holds it. */
typedef struct {
    const char *text;
    const char *const *section; /* the headings above it, outermost first */
    size_t nsection;
    const char *kind;        /* problems, causes, measures, progress, other */
    unsigned long line_start, line_end; /* 1-based, inclusive */
    unsigned long column;    /* as mz_result_t's */
    unsigned long byte_start, byte_end;
} mz_passage_t;

/* The passage of the file path (as a result's path) that starts at
 * byte_start, with up to before passages before it and after after it in
 * the file's order (each at most 50).  On success *out holds them, to be
 * freed with mz_passages_free before db is closed; on failure *out is NULL
 * and mz_db_error(db) says why: MZ_STATUS_BAD_ARGUMENT when the index holds
 * no such passage. */
MZ_PUBLIC mz_status_t mz_db_passage(mz_db_t *db, const char *path,
                                    unsigned long byte_start,
                                    unsigned long before,
                                    unsigned long after,
                                    mz_passages_t **out);
/* How many passages *p holds, and which of them (from 0) was asked for. */
MZ_PUBLIC size_t mz_passages_size(const mz_passages_t *p);
MZ_PUBLIC size_t mz_passages_target(const mz_passages_t *p);
/* The file's path and title; they belong to p. */
MZ_PUBLIC const char *mz_passages_path(const mz_passages_t *p);
MZ_PUBLIC const char *mz_passages_title(const mz_passages_t *p);
/* Passage i (from 0), NULL past the last; it belongs to p. */
MZ_PUBLIC const mz_passage_t *mz_passages_get(const mz_passages_t *p,
                                              size_t i);
/* Free p and every string read from it (NULL is fine). */
MZ_PUBLIC void mz_passages_free(mz_passages_t *p);

#ifdef __cplusplus
}
#endif

#endif
