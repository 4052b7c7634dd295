/* print.c — results for people (ripgrep-like) and for programs (JSON). */
#include "print.h"
#include "snippet.h"
#include "genre.h"
#include "kind.h"
#include "safetext.h"
#include "clock.h"
#include "engine.h"
#include "jsonw.h"

#include <stdlib.h>
#include <string.h>

#define C_PATH "\033[35m"
#define C_LINE "\033[32m"
#define C_HIT "\033[1;31m"
#define C_SECT "\033[2m"
#define C_OFF "\033[0m"

enum { SECTION_SHOW_CHARS = 24, JSON_SCHEMA_VERSION = 1, DUPS_SHOWN = 3 };

/* Print w's text on a line of its own and free it; nothing is printed
 * when there was no memory to write it. */
static void emit(FILE *out, mz_jw_t *w)
{
    char *t = mz_jw_take(w);
    if (t)
        fprintf(out, "%s\n", t);
    free(t);
}

/* Write s[0..n) made safe for a terminal. */
static void put_safe(FILE *f, const char *s, size_t n)
{
    char *t = mz_safe_text(s, n, &n);
    if (t)
        fwrite(t, 1, n, f);
    free(t);
}

/* A heading cut to SECTION_SHOW_CHARS characters for the terminal. */
static void put_section_name(FILE *f, mz_str_t s)
{
    size_t i = 0, chars = 0, k;
    uint32_t cp;
    for (; i < s.n && chars < SECTION_SHOW_CHARS; i += k, chars++)
        k = mz_utf8_decode(s.p + i, s.n - i, &cp);
    put_safe(f, s.p, i);
    if (i < s.n)
        fputs("…", f);
}

/* The headings to show above a passage.  With the whole passage shown, a
 * line that is a heading and a paragraph does not repeat its own heading
 * (grep would count the line twice). */
static unsigned sections_shown(const mz_printer_t *p, const mz_record_t *r)
{
    unsigned n = r->nsection;
    if (p->whole && n && r->section[n - 1].n <= r->text.n &&
        memcmp(r->text.p, r->section[n - 1].p, r->section[n - 1].n) == 0)
        n--;
    return n;
}

static void print_text(mz_printer_t *p, const mz_match_t *m,
                       const mz_snippet_t *sn)
{
    FILE *f = p->out;
    const mz_record_t *r = &m->rec;
    unsigned nsection = sections_shown(p, r);
    if (p->shown > 0)
        fputc('\n', f);
    if (p->color)
        fputs(C_PATH, f);
    put_safe(f, r->path.p, r->path.n);
    fprintf(f, p->color ? C_OFF ":" C_LINE "%lu" C_OFF : ":%lu",
            r->line_start);
    if (r->column) /* a later piece of a cut line: where it starts */
        fprintf(f, p->color ? ":" C_LINE "%lu" C_OFF : ":%lu", r->column);
    fputc(':', f); /* "path:line:" with or without a section, as editors
                      parse grep's lines */
    if (nsection) {
        fputs(p->color ? " " C_SECT : " ", f);
        for (unsigned i = 0; i < nsection; i++) {
            if (i)
                fputs(" › ", f);
            put_section_name(f, r->section[i]);
        }
        if (p->color)
            fputs(C_OFF, f);
    }
    if (p->genres && (r->genre == MZ_GENRE_RULES ||
                      r->genre == MZ_GENRE_NOTICE))
        /* a reference document among materials: say so */
        fprintf(f, p->color ? "  " C_SECT "[%s]" C_OFF : "  [%s]",
                mz_genre_name(r->genre));
    if (m->via && strcmp(m->via, "heading") == 0) {
        /* the words are in a heading above it, not in the passage */
        fputs(p->color ? "  " C_SECT "≈ under the heading" C_OFF
                       : "  ≈ under the heading", f);
    } else if (!m->literal) {
        /* found through the thesaurus, or words learned from the
         * archive: say by which */
        fputs(p->color ? "  " C_SECT "≈ " : "  ≈ ", f);
        if (m->via && strcmp(m->via, "learned") == 0)
            fputs("learned: ", f);
        else if (m->via && strcmp(m->via, "apart") == 0)
            fputs("apart: ", f);
        for (size_t i = 0, shown = 0; m->hits && i < m->hits->n; i++) {
            const mz_hit_t *h = &m->hits->hits[i];
            int seen = 0;
            for (size_t k = 0; k < i && !seen; k++) {
                const mz_hit_t *g = &m->hits->hits[k];
                seen = g->end - g->start == h->end - h->start &&
                       memcmp(r->text.p + g->start, r->text.p + h->start,
                              h->end - h->start) == 0;
            }
            if (seen)
                continue;
            fputs(shown++ ? ", " : "", f);
            put_safe(f, r->text.p + h->start, h->end - h->start);
        }
        if (p->color)
            fputs(C_OFF, f);
    }
    if (m->other_sense) {
        /* the words stand here only inside another word */
        fputs(p->color ? "  " C_SECT "≠ other sense: " : "  ≠ other sense: ",
              f);
        put_safe(f, m->sense_word, strlen(m->sense_word));
        if (p->color)
            fputs(C_OFF, f);
    }
    fputs("\n  ", f);
    size_t at = 0;
    for (size_t i = 0; i < sn->nspans; i++) {
        const mz_span_t *s = &sn->spans[i];
        fwrite(sn->text + at, 1, s->byte_start - at, f);
        fputs(p->color ? C_HIT : "", f);
        fputs(p->marks ? "【" : "", f);
        fwrite(sn->text + s->byte_start, 1, s->byte_end - s->byte_start, f);
        fputs(p->marks ? "】" : "", f);
        fputs(p->color ? C_OFF : "", f);
        at = s->byte_end;
    }
    fwrite(sn->text + at, 1, sn->len - at, f);
    fputc('\n', f);
    if (m->ndups) {
        /* the near copies: how many, and the first few */
        fprintf(f, p->color ? "  " C_SECT "(also in %zu other place%s: "
                            : "  (also in %zu other place%s: ",
                m->ndups, m->ndups == 1 ? "" : "s");
        for (size_t i = 0; i < m->ndups && i < DUPS_SHOWN; i++) {
            fputs(i ? ", " : "", f);
            put_safe(f, m->dups[i].path, strlen(m->dups[i].path));
            fprintf(f, ":%lu", m->dups[i].line);
            if (m->dups[i].column)
                fprintf(f, ":%lu", m->dups[i].column);
        }
        fputs(m->ndups > DUPS_SHOWN ? ", …)" : ")", f);
        fputs(p->color ? C_OFF "\n" : "\n", f);
    }
}

/* "column": where a later piece of a cut line starts, else null */
static void put_column(mz_jw_t *w, unsigned long column)
{
    mz_jw_keyz(w, "column");
    if (column)
        mz_jw_uint(w, column);
    else
        mz_jw_null(w);
}

static void put_strz_or_null(mz_jw_t *w, const char *name, const char *v)
{
    mz_jw_keyz(w, name);
    if (v)
        mz_jw_strz(w, v);
    else
        mz_jw_null(w);
}

/* "matched": the forms that matched, as they stand in the text, each once
 * (as C strings: cut at a NUL byte) */
static void put_matched(mz_jw_t *w, const mz_match_t *m)
{
    const char *t = m->rec.text.p;
    mz_jw_keyz(w, "matched");
    mz_jw_open(w, '[');
    for (size_t i = 0; m->hits && i < m->hits->n; i++) {
        const mz_hit_t *h = &m->hits->hits[i];
        size_t n = strnlen(t + h->start, h->end - h->start), k = 0;
        for (; k < i; k++) {
            const mz_hit_t *g = &m->hits->hits[k];
            if (strnlen(t + g->start, g->end - g->start) == n &&
                memcmp(t + g->start, t + h->start, n) == 0)
                break;
        }
        if (k == i)
            mz_jw_str(w, t + h->start, n);
    }
    mz_jw_close(w);
}

static void put_hits(mz_jw_t *w, const mz_snippet_t *sn)
{
    mz_jw_keyz(w, "snippet");
    mz_jw_strz(w, sn->text);
    mz_jw_keyz(w, "highlights");
    mz_jw_open(w, '[');
    for (size_t i = 0; i < sn->nspans; i++) {
        mz_jw_open(w, '{');
        mz_jw_keyz(w, "start");
        mz_jw_uint(w, sn->spans[i].char_start);
        mz_jw_keyz(w, "end");
        mz_jw_uint(w, sn->spans[i].char_end);
        mz_jw_close(w);
    }
    mz_jw_close(w);
}

static void put_dups(mz_jw_t *w, const mz_match_t *m)
{
    mz_jw_keyz(w, "also_in");
    mz_jw_open(w, '[');
    for (size_t i = 0; i < m->ndups; i++) {
        mz_jw_open(w, '{');
        mz_jw_keyz(w, "path");
        mz_jw_strz(w, m->dups[i].path);
        mz_jw_keyz(w, "line_start");
        mz_jw_uint(w, m->dups[i].line);
        put_column(w, m->dups[i].column);
        mz_jw_close(w);
    }
    mz_jw_close(w);
}

/* Where the passage is: file, title, headings, lines and bytes. */
static void put_place(mz_jw_t *w, const mz_record_t *r)
{
    mz_jw_keyz(w, "path");
    mz_jw_str(w, r->path.p, r->path.n);
    mz_jw_keyz(w, "title");
    mz_jw_str(w, r->title.p, r->title.n);
    mz_jw_keyz(w, "section");
    mz_jw_open(w, '[');
    for (unsigned i = 0; i < r->nsection; i++)
        mz_jw_str(w, r->section[i].p, r->section[i].n);
    mz_jw_close(w);
    mz_jw_keyz(w, "line_start");
    mz_jw_uint(w, r->line_start);
    mz_jw_keyz(w, "line_end");
    mz_jw_uint(w, r->line_end);
    put_column(w, r->column);
    mz_jw_keyz(w, "byte_start");
    mz_jw_uint(w, r->byte_start);
    mz_jw_keyz(w, "byte_end");
    mz_jw_uint(w, r->byte_end);
}

/* One result as a JSON object (query: JSONL's "query" first, or NULL). */
static void put_result(mz_jw_t *w, const char *query, const mz_match_t *m,
                       const mz_snippet_t *sn)
{
    const mz_record_t *r = &m->rec;
    mz_jw_open(w, '{');
    if (query)
        put_strz_or_null(w, "query", query);
    mz_jw_keyz(w, "rank");
    mz_jw_uint(w, m->rank);
    mz_jw_keyz(w, "score");
    mz_jw_double(w, m->score);
    put_place(w, r);
    put_hits(w, sn);
    mz_jw_keyz(w, "text");
    mz_jw_str(w, r->text.p, r->text.n);
    mz_jw_keyz(w, "literal");
    mz_jw_bool(w, m->literal);
    put_strz_or_null(w, "via", m->via ? m->via : "text");
    put_strz_or_null(w, "sense", m->other_sense ? "other" : "own");
    put_strz_or_null(w, "sense_word", m->other_sense ? m->sense_word : NULL);
    put_dups(w, m);
    put_strz_or_null(w, "kind", mz_section_kind(r->section, r->nsection));
    mz_jw_keyz(w, "year");
    if (r->year)
        mz_jw_uint(w, r->year);
    else
        mz_jw_null(w);
    put_strz_or_null(w, "type", mz_doc_type_name(r->type));
    put_strz_or_null(w, "genre", mz_genre_name(r->genre));
    put_strz_or_null(w, "top_folder", m->top_folder ? m->top_folder : "");
    put_matched(w, m);
    mz_jw_close(w);
}

/* The snippet of m as the printer shows it. */
static int snippet_of(const mz_printer_t *p, const mz_match_t *m,
                      mz_snippet_t *sn)
{
    int whole = p->whole && p->mode == MZ_OUT_TEXT;
    return (whole ? mz_snippet_whole : mz_snippet_make)(m->rec.text.p,
                                                         m->rec.text.n,
                                                         m->hits, sn);
}

int mz_print_result(mz_printer_t *p, const mz_match_t *m)
{
    mz_snippet_t sn;
    if (snippet_of(p, m, &sn) < 0)
        return -1;
    if (p->shown == 0)
        p->first_rank = m->rank;
    if (p->mode == MZ_OUT_TEXT) {
        print_text(p, m, &sn);
    } else {
        /* JSONL: one object a line */
        mz_jw_t w;
        mz_jw_init(&w, 0, 0);
        put_result(&w, p->query, m, &sn);
        char *t = mz_jw_take(&w);
        if (t)
            fprintf(p->out, "%s\n", t);
        free(t);
    }
    p->shown++;
    mz_snippet_free(&sn);
    return 0;
}

void mz_print_end(mz_printer_t *p, const mz_search_stats_t *st)
{
    if (!p->closing || p->mode != MZ_OUT_TEXT)
        return; /* a pipe: only the results, as rg prints */
    char among[64] = ""; /* --similar: of the best ranked */
    if (st->cap)
        snprintf(among, sizeof among, " among the %lu passages most like it",
                 st->cap);
    if (p->shown)
        fprintf(p->out, "\n%s%lu result%s%s (showing %lu–%lu)\n",
                st->exact ? "" : "about ", st->total,
                st->total == 1 ? "" : "s", among, p->first_rank,
                p->first_rank + p->shown - 1);
    else if (st->total)
        fprintf(p->out, "%s%lu results%s (none on this page)\n",
                st->exact ? "" : "about ", st->total, among);
    else
        fprintf(p->out, "0 results\n");
}

/* "facets": counts by kind, year, type, file, genre and top folder over
 * the matches read ("over": all of them when it equals the exact total). */
static void put_facets(mz_jw_t *w, const mz_results_t *r)
{
    static const char *const names[] = {"kind", "year", "type", "file",
                                        "genre", "top_folder"};
    mz_jw_keyz(w, "facets");
    mz_jw_open(w, '{');
    for (size_t f = 0; f < sizeof names / sizeof *names; f++) {
        const mz_facet_t *v;
        size_t n = mz_results_facets(r, names[f], &v);
        mz_jw_keyz(w, names[f]);
        mz_jw_open(w, '{');
        for (size_t i = 0; i < n; i++) {
            mz_jw_keyz(w, v[i].value);
            mz_jw_uint(w, v[i].count);
        }
        mz_jw_close(w);
    }
    mz_jw_keyz(w, "over");
    mz_jw_uint(w, mz_results_faceted(r));
    mz_jw_close(w);
}

/* The page's results, as the value of the document's "results" (written
 * before the document's head: its elapsed_ms counts them). */
static char *page_results(mz_results_t *res, size_t *len)
{
    mz_printer_t pr = {.mode = MZ_OUT_JSON};
    mz_jw_t w;
    mz_jw_init(&w, 1, 1);
    mz_jw_open(&w, '[');
    for (size_t i = 0; i < mz_results_size(res) && !w.oom; i++) {
        const mz_match_t *m = mz_results_match(res, i);
        mz_snippet_t sn;
        if (snippet_of(&pr, m, &sn) < 0) {
            mz_jw_free(&w);
            return NULL;
        }
        put_result(&w, NULL, m, &sn);
        mz_snippet_free(&sn);
    }
    mz_jw_close(&w);
    *len = w.len;
    return mz_jw_take(&w);
}

char *mz_print_page_json(mz_results_t *res, const char *query, double t0_s)
{
    const mz_search_stats_t *st = mz_results_stats(res);
    const char *expanded = mz_results_expanded(res);
    size_t nresults = 0;
    char *results = page_results(res, &nresults);
    if (!results)
        return NULL;
    mz_jw_t w;
    mz_jw_init(&w, 1, 0);
    mz_jw_open(&w, '{');
    mz_jw_keyz(&w, "version");
    mz_jw_uint(&w, JSON_SCHEMA_VERSION);
    put_strz_or_null(&w, "query", query);
    if (expanded)
        put_strz_or_null(&w, "expanded", expanded);
    mz_jw_keyz(&w, "total");
    mz_jw_uint(&w, st->total);
    mz_jw_keyz(&w, "total_exact");
    mz_jw_bool(&w, st->exact);
    if (st->cap) { /* --similar: total counts among the best this many */
        mz_jw_keyz(&w, "total_among");
        mz_jw_uint(&w, st->cap);
    }
    mz_jw_keyz(&w, "elapsed_ms");
    mz_jw_double(&w, (mz_clock_s() - t0_s) * 1e3);
    put_facets(&w, res);
    mz_jw_keyz(&w, "results");
    mz_jw_raw(&w, results, nresults);
    free(results);
    mz_jw_close(&w);
    return mz_jw_take(&w);
}

void mz_print_count(mz_out_mode_t mode, unsigned long n, FILE *out)
{
    if (mode == MZ_OUT_TEXT)
        fprintf(out, "%lu\n", n);
    else
        fprintf(out, "{\"version\":%d,\"count\":%lu}\n", JSON_SCHEMA_VERSION,
                n);
}

void mz_print_files(mz_out_mode_t mode, const char *query,
                    const mz_results_t *res, FILE *out)
{
    mz_jw_t w;
    mz_jw_init(&w, 1, 0);
    if (mode == MZ_OUT_JSON) {
        mz_jw_open(&w, '{');
        mz_jw_keyz(&w, "version");
        mz_jw_uint(&w, JSON_SCHEMA_VERSION);
        put_strz_or_null(&w, "query", query);
        mz_jw_keyz(&w, "files");
        mz_jw_open(&w, '[');
    }
    for (size_t i = 0; i < mz_results_nfiles(res); i++) {
        const char *path = mz_results_file(res, i);
        if (mode == MZ_OUT_TEXT) {
            char *s = mz_safe_text(path, strlen(path), NULL);
            fprintf(out, "%s\n", s ? s : "");
            free(s);
        } else if (mode == MZ_OUT_JSON) {
            mz_jw_strz(&w, path);
        } else {
            mz_jw_t line;
            mz_jw_init(&line, 0, 0);
            mz_jw_open(&line, '{');
            put_strz_or_null(&line, "query", query);
            put_strz_or_null(&line, "path", path);
            mz_jw_close(&line);
            emit(out, &line);
        }
    }
    if (mode == MZ_OUT_JSON) {
        mz_jw_close(&w);
        mz_jw_close(&w);
        emit(out, &w);
    }
}

char *mz_print_error_json(const char *code, const char *message)
{
    mz_jw_t w;
    mz_jw_init(&w, 0, 0);
    mz_jw_open(&w, '{');
    mz_jw_keyz(&w, "version");
    mz_jw_uint(&w, JSON_SCHEMA_VERSION);
    mz_jw_keyz(&w, "error");
    mz_jw_open(&w, '{');
    put_strz_or_null(&w, "code", code);
    put_strz_or_null(&w, "message", message);
    mz_jw_close(&w);
    mz_jw_close(&w);
    return mz_jw_take(&w);
}

void mz_print_json_error(FILE *out, const char *code, const char *message)
{
    char *t = mz_print_error_json(code, message);
    if (t)
        fprintf(out, "%s\n", t);
    free(t);
}
