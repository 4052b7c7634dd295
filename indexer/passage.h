/* passage.h — cut a decoded document into passages.
 *
 * A paragraph is one non-empty line.  Headings (Markdown #, whole-line
 * **bold**, 第X编/章/节, 一、, （一）, short 1. / （1） lines) open sections;
 * a line that starts with a heading marker and goes on after its first
 * sentence ("（一）学习不深入。主要表现在…") is both a heading and a paragraph.
 * A long paragraph is cut at item markers (一是/二是…, （1）, 1.) and then
 * at sentence ends, never inside a run of Han characters.  Advertising lines
 * are dropped.  The first Markdown # heading, or else the first short
 * title-like line, is the document title.
 */
#ifndef MZ_PASSAGE_H
#define MZ_PASSAGE_H

#include "record.h"

#include <stddef.h>

enum {
    MZ_PASSAGE_MAX_CHARS = 400,  /* longer paragraphs are cut */
    MZ_PASSAGE_MIN_CHARS = 60    /* shorter pieces join a neighbour */
};

typedef struct {
    const char *text;        /* the passage: a slice of the document */
    size_t start, end;       /* its byte range in the document */
    unsigned long line;      /* 1-based line number */
    unsigned long column;    /* a piece after the first of a cut line: the
                                1-based byte column it starts at; else 0 */
    int is_heading;          /* the line is a heading and nothing more */
    const mz_str_t *section; /* enclosing headings, outermost first */
    unsigned nsection;
} mz_passage_t;

/* Called once per passage, in document order; a nonzero return stops the
 * split and is returned by mz_split. */
typedef int (*mz_passage_fn)(const mz_passage_t *p, void *ctx);

/* Split doc[0..len) (valid UTF-8, no BOM).  md: the file is Markdown (front
 * matter and HTML comment lines are skipped).  *title is set to the title
 * (a slice of doc, or empty).  Returns 0 or the callback's nonzero value. */
int mz_split(const char *doc, size_t len, int md, mz_str_t *title,
             mz_passage_fn fn, void *ctx);

/* 1 if the line (a slice of text, no newline) is advertising, not content. */
int mz_is_ad_line(const char *line, size_t len);

#endif
