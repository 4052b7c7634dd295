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

/* Metadata keys stored in every index. */
#define MZ_META_SEGMENTER "mz.segmenter"  /* MZ_SEG_VERSION of the writer */
#define MZ_META_LAYOUT    "mz.layout"     /* MZ_LAYOUT_VERSION */
#define MZ_META_ROOTS     "mz.roots"      /* indexed roots, one a line */
#define MZ_META_UPDATED   "mz.updated"    /* time of the last update (unix) */
#define MZ_META_FILE      "mz.file:"      /* + file key: "size mtime path" */
#define MZ_LAYOUT_VERSION "1"

/* The boolean term on every passage of a file: 'F' + 16 hex digits of a
 * hash of its path (paths can be longer than a term may be). */
enum { MZ_FILE_KEY_LEN = 17 };
void mz_file_key(const char *path, char out[MZ_FILE_KEY_LEN + 1]);

/* The index directory: opt if not NULL, else $MZSEARCH_INDEX, else
 * ${XDG_DATA_HOME:-$HOME/.local/share}/mzsearch.  malloc'd; NULL if no
 * location can be worked out (no HOME). */
char *mz_index_location(const char *opt);

/* 1 if path holds an index (a XAPIANDB stub or a bare database). */
int mz_index_exists(const char *path);

/* Make sure path is an index directory a writer can open: create it and
 * its first database's stub if absent.  Returns 0, or -1 with errno set. */
int mz_index_prepare(const char *path);

#endif
