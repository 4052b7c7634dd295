/* print.h — the one printer: a terminal back-end and a JSON back-end. */
#ifndef MZ_PRINT_H
#define MZ_PRINT_H

#include "mzsearch.h"
#include "search.h"

#include <cJSON.h>
#include <stdio.h>

typedef enum { MZ_OUT_TEXT, MZ_OUT_JSON, MZ_OUT_JSONL } mz_out_mode_t;

typedef struct {
    mz_out_mode_t mode;
    int color;             /* hits in ANSI colour */
    int marks;             /* hits wrapped in 【】 */
    int whole;             /* the whole passage, not a snippet (a pipe) */
    int closing;           /* the closing line "N results ..." (a terminal) */
    int genres;            /* mark results of reference documents with
                              their genre, "[rules]", "[notice]" (on a
                              terminal) */
    const char *query;
    const char *expanded;  /* the query with thesaurus forms, or NULL */
    cJSON *facets;         /* MZ_OUT_JSON: counts by kind, year, type, file */
    unsigned long faceted; /* over this many matches */
    FILE *out;
    cJSON *results;      /* MZ_OUT_JSON: collected until the end */
    struct mz_print_arena *arena; /* MZ_OUT_JSON(L): the strings the tree
                                     refers to, until it is printed */
    unsigned long shown;
    unsigned long first_rank;
} mz_printer_t;

void mz_print_begin(mz_printer_t *p);
/* The facets of the matches read (MZ_OUT_JSON only). */
void mz_print_facets(mz_printer_t *p, const mz_results_t *r);
/* Print one result.  Returns -1 when out of memory. */
int mz_print_result(mz_printer_t *p, const mz_match_t *m);
/* Finish: the closing line (when p->closing), or the JSON document. */
void mz_print_end(mz_printer_t *p, const mz_search_stats_t *st,
                  double elapsed_ms);
/* The JSON document of the page (p->mode MZ_OUT_JSON), what
 * mz_print_end prints; the caller owns it. */
cJSON *mz_print_document(mz_printer_t *p, const mz_search_stats_t *st,
                         double elapsed_ms);
/* The whole --json document of a page of results, as mzsearch --json
 * prints it (without the closing newline): the one builder that both the
 * command line and the server (serve.c) send.  t0_s: when the search began
 * (mz_clock_s).  malloc'd; NULL when out of memory. */
char *mz_print_page_json(mz_results_t *res, const char *query, double t0_s);
/* Add the whole number v to object o as "name": v (cJSON_AddNumberToObject
 * for counts, without its cost). */
cJSON *mz_json_add_count(cJSON *o, const char *name, unsigned long v);
/* --count: the number, or {"version":1,"count":N}. */
void mz_print_count(mz_out_mode_t mode, unsigned long n, FILE *out);
/* --files: each file once, best first (after --offset). */
void mz_print_files(mz_out_mode_t mode, const char *query,
                    const mz_results_t *res, FILE *out);
/* Drop what was collected for the JSON document (after an error). */
void mz_print_discard(mz_printer_t *p);
/* The error object {"version":1,"error":{"code":...,"message":...}} on
 * one line (no newline); malloc'd, NULL when out of memory. */
char *mz_print_error_json(const char *code, const char *message);
/* An error under --json/--jsonl: the error object on stdout. */
void mz_print_json_error(FILE *out, const char *code, const char *message);

#endif
