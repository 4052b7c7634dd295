/* extract.h — any supported file to UTF-8 text lines, by its kind.
 *
 *   .txt .text .md .markdown  decoded (decode.h): UTF-8, UTF-16, GB18030
 *   .docx                     paragraphs in order (tables included), one a
 *                             line; Word heading styles become Markdown #
 *                             headings (libarchive + libxml2)
 *   .html .htm                the text without markup, a block a line
 *                             (libxml2's HTML parser)
 *   .pdf                      pdftotext (poppler-utils), lines joined into
 *                             paragraphs
 *   .doc  .wps                antiword, else catdoc
 * For the converted kinds a "line" is a paragraph of the extracted text, so
 * line numbers count paragraphs.
 */
#ifndef MZ_EXTRACT_H
#define MZ_EXTRACT_H

#include "decode.h"

/* Inflated bytes read from one part of a .docx at most (a zip bomb stops
 * there), and bytes of converter output at most. */
enum { MZ_PART_MAX = 64 << 20, MZ_CONVERTED_MAX = 64 << 20 };

/* 1 if mzindex reads files with this name (by extension). */
int mz_extract_wanted(const char *name);

/* Extract path into *out.  *markdown is set when the text uses Markdown
 * headings.  Returns 0, or -1 with a reason in why. */
int mz_extract_file(const char *path, mz_decoded_t *out, int *markdown,
                    char *why, size_t whylen);

/* The same for a .docx already in memory (tests, fuzzing). */
int mz_extract_docx(const char *buf, size_t len, mz_decoded_t *out,
                    char *why, size_t whylen);
/* The same for HTML in memory. */
int mz_extract_html(const char *buf, size_t len, mz_decoded_t *out,
                    char *why, size_t whylen);

/* One document's text (draft.c): a file read as mzindex reads it (by its
 * extension; any other name as text), or "-" standard input or a pipe
 * (text in any encoding mzindex decodes, a .docx or an HTML page, told by
 * their bytes); malloc'd.  Returns 0, or -1 with the reason in why. */
int mz_draft_read(const char *file, char **text, size_t *len, char *why,
                  size_t whylen);

#endif
