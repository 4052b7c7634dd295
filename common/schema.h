/* schema.h — the index schema: every term prefix, value slot, metadata key
 * and the layout version, in one place.  The indexer writes what this says
 * and mzsearch reads it; the shim (shim/mzx.h) knows none of it and is told
 * what it needs (mz_read_layout below).  Changing any of these changes what
 * an index means: raise MZ_LAYOUT_VERSION and say what older programs do.
 */
#ifndef MZ_SCHEMA_H
#define MZ_SCHEMA_H

/* ---- terms --------------------------------------------------------------
 * A passage's ranking terms are its words as the segmenter cuts them, with
 * no prefix.  Every other family starts with an upper-case letter, which no
 * word the segmenter makes does (it folds case). */

/* The words of the headings above a passage ("S" + word): a search can
 * find passages by the section they sit in. */
#define MZ_HEADING_PREFIX "S"
/* The kind of a passage other than "other" ("K" + kind, "Kproblems"): a
 * boolean term, so that a search keeps to a kind or leaves one out. */
#define MZ_KIND_PREFIX "K"
/* The genre of a passage's document ("G" + its code, "Grules";
 * common/genre.h): a boolean term on every passage (layout 3 on), so that
 * a search keeps to genres inside the index. */
#define MZ_GENRE_PREFIX "G"
/* The place of a passage: "P" + 16 hex digits of a hash of the absolute
 * path of the file itself and of each folder above it up to its indexed
 * root (the root included, nothing above it), a boolean term each (layout
 * 3 on): mzsearch --path keeps to a folder or a file inside the index (a
 * folder above a root stands for the roots under it). */
#define MZ_PLACE_CHAR 'P'
/* The boolean term on every passage of a file: MZ_FILE_KEY_CHAR + 16 hex
 * digits of a hash of its path (paths can be longer than a term may be).
 * In the read-only base the same key starts with MZ_BASE_KEY_CHAR. */
#define MZ_FILE_KEY_CHAR 'F'
#define MZ_BASE_KEY_CHAR 'B'
/* The term of a file's own document, which holds its path and title:
 * MZ_FILE_DOC_CHAR + the key its passages carry. */
#define MZ_FILE_DOC_CHAR 'I'
/* A boolean term on each file's own document (a shared document: never a
 * match, it has no ranking terms). */
#define MZ_SHARED_TERM "XSHARED"
/* A boolean term on a tombstone: a document (never a match: it has no
 * other terms) whose data is the file key of a group of dead passages of
 * the read-only base (MZ_BASE_KEY_CHAR...), replaced or removed by a later
 * update.  Every search leaves out every passage carrying such a key. */
#define MZ_TOMBSTONE_TERM "XDEAD"

/* ---- value slots --------------------------------------------------------- */

/* A passage's record (common/record.h), and a file document's.  Not the
 * document data: Xapian deflates every document's data on its own, which
 * cost a quarter of a build's CPU and a tenth of a search's for records of
 * a few hundred bytes.  Layout 1 kept them in the data (still read). */
enum { MZ_RECORD_SLOT = 0 };

/* What the shim needs to read an index of this schema, as an initializer of
 * an mzx_layout_t: records in MZ_RECORD_SLOT, else in the data (layout 1),
 * and the tombstones' term. */
#define MZ_READ_LAYOUT { MZ_RECORD_SLOT, 1, MZ_TOMBSTONE_TERM }

/* ---- metadata keys ------------------------------------------------------- */

#define MZ_META_SEGMENTER "mz.segmenter"  /* MZ_SEG_VERSION of the writer */
#define MZ_META_SENSE     "mz.sense"      /* mz_sense_version() of the writer:
                                             the sense test's dictionary */
#define MZ_META_LAYOUT    "mz.layout"     /* MZ_LAYOUT_VERSION */
#define MZ_META_ROOTS     "mz.roots"      /* indexed roots, one a line */
#define MZ_META_INCLUDE   "mz.include"    /* --include globs, one a line */
#define MZ_META_EXCLUDE   "mz.exclude"    /* --exclude globs, one a line */
#define MZ_META_UPDATED   "mz.updated"    /* time of the last update (unix) */
#define MZ_META_SERVABLE  "mz.servable"   /* "1": full builds keep term lists
                                             (xapian-tcpsrv needs them) */
#define MZ_META_KINDS     "mz.kinds"      /* "1": passages carry kind terms
                                             (older indexes do not) */
#define MZ_META_FILE      "mz.file:"      /* + file key: see indexer/update.c */
#define MZ_META_SKIP      "mz.skip:"      /* + file key: "reason\npath" */

/* ---- the layout version ---------------------------------------------------
 * 2: passage records in a value slot, path and title in a document of each
 * file's own (record.h); layout 1 (records in the document data) is read
 * still.  3: every passage carries its genre (term, slot and record) and
 * its place terms.  A program refuses an index of a layout newer than its
 * own; mzindex rebuilds an older one whole on its next run (its passages
 * lack what the filters need), and mzsearch refuses --genre, --path and
 * --glob on one (mz_layout_older) until then.  4: passage records in their
 * compact binary form (record.h), 11% smaller index; older programs cannot
 * read them, and this one rebuilds a layout-3 index whole as above. */
#define MZ_LAYOUT_VERSION "4"

/* ---- counting ------------------------------------------------------------ */

struct mzx_db;
/* The passages a search can find in db: its documents less the tombstones,
 * the files' own documents and the base passages the tombstones bury
 * (0 on error). */
unsigned mz_passages(struct mzx_db *db);

#endif
