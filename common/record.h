/* record.h — how a passage is stored in the index (the document data).
 *
 * The record is the contract between mzindex, which writes it, and mzsearch,
 * which reads it: the passage text and where it came from, so that results
 * and snippets never need the source file (and work for remote shards).
 *
 * Encoding (layout 4 on): the byte MZ_RECORD_MAGIC, then as varints (7
 * bits a byte, low bits first, the high bit on all but the last byte)
 * LINE_START, LINE_END - LINE_START, BYTE_START, BYTE_END - BYTE_START,
 * NTH, YEAR, TYPE, GENRE, COLUMN and NSEC; then the file key and the NSEC
 * section headings, each a varint length and its bytes; then the text, to
 * the end of the record.  The path and title are the file's, stored once
 * in its file record (below), whose document comes NTH + 1 documents
 * before the passage's (NTH: the passage's number in its file, from 0) and
 * which also carries a term made of the key.  Records of earlier layouts
 * are still read: "mzr2 LS LE BS BE NSEC NTH\n" then length-prefixed
 * fields "LEN:BYTES\n" for the key, the headings and the text, then "d
 * YEAR TYPE\n", "c COLUMN\n" (a piece of a cut line after its first) and
 * "g GENRE\n" lines (37 bytes a passage more than the compact form on the
 * laws corpus); and "mzr1", with the path and title in place of the key
 * (the form mz_record_encode still gives a record without a key).  Binary
 * safe; decoding never reads outside the buffer.
 *
 * A file record, one per indexed file: "mzf1\n" then the file key, path
 * and title as length-prefixed fields.
 */
#ifndef MZ_RECORD_H
#define MZ_RECORD_H

#include <stddef.h>

enum { MZ_SECTION_MAX = 8 };

/* The first byte of a compact record (no text record starts with it). */
#define MZ_RECORD_MAGIC 0xB4

typedef struct {
    const char *p;
    size_t n;
} mz_str_t;

typedef struct {
    mz_str_t path, title, text;
    mz_str_t file;                        /* the file key, "" when the path
                                             and title are in the record */
    unsigned long nth;                    /* with a key: the passage's
                                             number in its file, from 0 */
    mz_str_t section[MZ_SECTION_MAX]; /* outermost first */
    unsigned nsection;
    unsigned long line_start, line_end;   /* 1-based, inclusive */
    unsigned long column;                 /* a piece of a cut line after its
                                             first: its 1-based byte column
                                             on line_start; else 0 */
    unsigned long byte_start, byte_end;   /* into the decoded file text */
    unsigned long year;                   /* the material's year, 0 unknown */
    unsigned long type;                   /* mz_doc_type_t */
    unsigned long genre;                  /* mz_genre_t (genre.h); 0,
                                             other, before layout 3 */
} mz_record_t;

/* What kind of material: a group's (班子, 党组 …) or one person's. */
typedef enum { MZ_TYPE_UNKNOWN, MZ_TYPE_GROUP, MZ_TYPE_PERSONAL } mz_doc_type_t;

/* "unknown", "group", "personal". */
const char *mz_doc_type_name(unsigned long type);

/* The year of a material from its title and the start of its text: the
 * first "20NN年" of the title, else of the text's first 2,000 bytes; 0
 * when neither names one.  (Its type and genre: indexer/genre_guess.h.) */
unsigned long mz_doc_year(mz_str_t title, mz_str_t text);

/* Encode r into a malloc'd buffer (*out, *outlen): with the file key and
 * without path and title when r->file is set, else with them.  Returns 0,
 * or -1 when out of memory. */
int mz_record_encode(const mz_record_t *r, char **out, size_t *outlen);
/* Decode data[0..len) into *r; r's strings point into data.  Returns 0, or
 * -1 when the data is not a record. */
int mz_record_decode(const char *data, size_t len, mz_record_t *r);

/* Encode / decode a file record (key, path and title); as the two above. */
int mz_file_record_encode(mz_str_t key, mz_str_t path, mz_str_t title,
                          char **out, size_t *outlen);
int mz_file_record_decode(const char *data, size_t len, mz_str_t *key,
                          mz_str_t *path, mz_str_t *title);

#endif
