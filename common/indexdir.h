/* indexdir.h — where the index lives and what both programs agree on.
 *
 * An index is a directory holding a Xapian stub file XAPIANDB that names the
 * live database directory beside it ("auto db-1").  Readers and the writer
 * open the index directory; a rebuild can build db-2 and swap the stub with
 * rename(), so searches never see a half-built index.
 */
#ifndef MZ_INDEXDIR_H
#define MZ_INDEXDIR_H

#include <stddef.h>
#include <stdint.h>

/* The metadata keys, the terms and the layout version are in schema.h. */
#include "schema.h"

/* 1 when the layout v (NULL: unknown, the first release's) is newer than
 * this program's. */
int mz_layout_newer(const char *v);
/* 1 when the layout v (NULL: unknown) is older than this program's. */
int mz_layout_older(const char *v);

/* The length of a file key (MZ_FILE_KEY_CHAR + 16 hex digits). */
enum { MZ_FILE_KEY_LEN = 17 };

/* The term of a file's own document (indexer/ingest.c), which holds its
 * path and title: MZ_FILE_DOC_CHAR + the key its passages carry (not
 * NUL-terminated). */
enum { MZ_FILE_DOC_TERM_LEN = MZ_FILE_KEY_LEN + 1 };
void mz_file_doc_term(const char *key, char out[MZ_FILE_DOC_TERM_LEN]);

/* 64-bit FNV-1a of p[0..n): file keys and content hashes. */
uint64_t mz_hash64(const void *p, size_t n);
void mz_file_key(const char *path, char out[MZ_FILE_KEY_LEN + 1]);

/* The length of the longest of roots[0..n) that holds path (the path
 * itself, or a folder above it), or 0 when none does. */
size_t mz_root_floor(char *const *roots, size_t n, const char *path);
/* 1 when path is root or lies under it ("/" holds every path; a trailing
 * '/' of root does not count). */
int mz_path_under(const char *path, const char *root);

/* The place term (MZ_PLACE_CHAR + 16 hex digits, schema.h) of the folder
 * or file path[0..n) (absolute, no trailing '/'), NUL-terminated. */
enum { MZ_PLACE_TERM_LEN = 17 };
void mz_place_term(const char *path, size_t n,
                   char out[MZ_PLACE_TERM_LEN + 1]);

/* The index directory: opt if not NULL, else $MZSEARCH_INDEX, else
 * ${XDG_DATA_HOME:-$HOME/.local/share}/mzsearch.  malloc'd; NULL if no
 * location can be worked out (no HOME). */
char *mz_index_location(const char *opt);

/* 1 if path holds an index (a XAPIANDB stub or a bare database). */
int mz_index_exists(const char *path);

/* Create the index directory (and its parents) if absent: where the
 * writer's lock lives.  Returns 0, or -1 with errno set. */
int mz_index_mkdir(const char *path);
/* Make sure path is an index directory a writer can open: create it and
 * its first database's stub if absent; call it holding the writer's lock
 * (two first runs would both write the stub).  Returns 0, or -1 with
 * errno set. */
int mz_index_prepare(const char *path);

/* ---- the live database, rebuilds and the writer's lock ---------------- */

/* The name of the database the stub points at ("db-1"), malloc'd; NULL with
 * errno set when there is no readable stub. */
char *mz_index_live(const char *index);

/* The read-only base the stub names after the live database ("base-3"),
 * malloc'd; NULL when the index has none (everything is in the live one).
 * Readers open the stub and so search both as one. */
char *mz_index_base(const char *index);

/* A fresh database name for a rebuild: "db-N" with N one more than the
 * largest in use (of db-* and base-*).  malloc'd. */
char *mz_index_next_name(const char *index);
/* The same for a base: "base-N".  malloc'd. */
char *mz_index_next_base(const char *index);

/* Point the stub at dbname atomically (write a temporary stub, fsync,
 * rename over XAPIANDB), keeping its base.  Returns 0, or -1 with errno
 * set. */
int mz_index_swap(const char *index, const char *dbname);
/* The same, naming base as the index's base (none when NULL). */
int mz_index_swap_pair(const char *index, const char *dbname,
                       const char *base);

/* Remove every database directory in index other than keep and the live
 * base (what an interrupted rebuild or an earlier swap left).  Returns how
 * many. */
int mz_index_cleanup(const char *index, const char *keep);

/* Remove the database directory index/name.  Returns 0 or -1. */
int mz_index_remove_db(const char *index, const char *name);

/* Take the index's writer lock (a lock file with the holder's pid; the
 * kernel drops it when the holder dies, even by SIGKILL).  Returns the lock's
 * file descriptor (keep it open while writing), or -1: errno EWOULDBLOCK
 * when another process holds it (its pid in *holder, 0 if unknown), else the
 * system's reason. */
int mz_index_lock(const char *index, long *holder);

/* Bytes on disk under path (recursively). */
unsigned long long mz_disk_usage(const char *path);

/* ---- shards: several indexes searched as one -------------------------- */

/* A shards file lists the indexes mzsearch searches together, one a line:
 * an index directory (a relative one is relative to the file's folder) or
 * tcp://HOST:PORT for one served by xapian-tcpsrv.  Blank lines are
 * ignored, and so is a '#' at the start of a line or after a blank and what
 * follows it.  An index location that is a regular file is a shards file;
 * one that is a directory holding MZ_SHARDS_FILE uses it. */
#define MZ_SHARDS_FILE "shards"

/* Parse s as "tcp://HOST:PORT" (a host name or IPv4 address — Xapian 1.4's
 * remote backend connects over IPv4 only — and a port 1-65535).  Returns 1
 * with *host (malloc'd) and *port set; 0 when s does not start with "tcp://"
 * (it is a path); -1 when it does but the rest is not HOST:PORT (or out of
 * memory; *host is NULL then). */
int mz_shard_url(const char *s, char **host, unsigned *port);

/* The shards file the index location `loc` names: loc itself when it is a
 * regular file, else loc/MZ_SHARDS_FILE when that exists; malloc'd, or NULL
 * when there is none (loc is an index or nothing). */
char *mz_shards_file(const char *loc);

typedef struct {
    char *spec;      /* a path (joined to the file's folder when relative)
                      * or a tcp:// URL, as written */
    unsigned line;   /* where it stands in the file (1-based) */
} mz_shard_t;

/* Read the entries of shards file `file` into *out (*n of them; the array
 * and each spec malloc'd: free with mz_shards_free).  Returns 0, or -1 with
 * errno set when the file cannot be read (*out NULL, *n 0). */
int mz_shards_read(const char *file, mz_shard_t **out, size_t *n);
void mz_shards_free(mz_shard_t *v, size_t n);
/* 1 if the shards file read into v[0..n) looks like one: text (no NUL or
 * other control bytes in its first 64 KB) that lists nothing, or some
 * tcp:// URL or existing folder.  A document or a database file given as
 * an index location is not (its lines name no folder). */
int mz_shards_plausible(const char *file, const mz_shard_t *v, size_t n);

#endif
