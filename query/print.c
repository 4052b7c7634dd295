/* print.c — results for people (ripgrep-like) and for programs (JSON). */
#include "print.h"
#include "snippet.h"
#include "genre.h"
#include "kind.h"
#include "safetext.h"
#include "clock.h"
#include "engine.h"

#include <stdlib.h>
#include <string.h>

#define C_PATH "\033[35m"
#define C_LINE "\033[32m"
#define C_HIT "\033[1;31m"
#define C_SECT "\033[2m"
#define C_OFF "\033[0m"

enum { SECTION_SHOW_CHARS = 24, JSON_SCHEMA_VERSION = 1, DUPS_SHOWN = 3 };

/* The strings of a JSON tree being built, copied once into blocks that
 * live until the tree is printed: the tree refers to them
 * (cJSON_CreateStringReference) instead of each string being copied twice
 * (strndup, then cJSON's own copy) and freed twice, and a count's digits
 * are a raw reference too.  With constant keys (cJSON_AddItemToObjectCS)
 * a result's object costs its nodes' allocations only. */
enum { ARENA_BLOCK = 16384 };

typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    char data[];
} arena_block_t;

struct mz_print_arena {
    arena_block_t *head;
    size_t bytes;          /* copied so far: the printed page's size, about */
};

/* Free p's arena: the strings of the tree just printed or discarded. */
static void arena_free(mz_printer_t *p)
{
    if (!p->arena)
        return;
    for (arena_block_t *b = p->arena->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(p->arena);
    p->arena = NULL;
}

/* s[0..n) and a NUL in p's arena; NULL when out of memory. */
static char *arena_copy(mz_printer_t *p, const char *s, size_t n)
{
    if (!p->arena && !(p->arena = calloc(1, sizeof *p->arena)))
        return NULL;
    arena_block_t *b = p->arena->head;
    if (!b || b->cap - b->used < n + 1) {
        size_t cap = n + 1 > ARENA_BLOCK ? n + 1 : ARENA_BLOCK;
        arena_block_t *nb = malloc(sizeof *nb + cap);
        if (!nb)
            return NULL;
        nb->next = b;
        nb->used = 0;
        nb->cap = cap;
        p->arena->head = b = nb;
    }
    char *t = b->data + b->used;
    memcpy(t, s, n);
    t[n] = '\0';
    b->used += n + 1;
    p->arena->bytes += n;
    return t;
}

/* Add item under the constant key k (nothing when item is NULL). */
static void put(cJSON *o, const char *k, cJSON *item)
{
    if (item && !cJSON_AddItemToObjectCS(o, k, item))
        cJSON_Delete(item); /* no parent (an earlier allocation failed) */
}

/* A string that outlives the tree (the match's, the results', a constant):
 * referred to; none when NULL (as cJSON_AddStringToObject left it out). */
static void put_ref(cJSON *o, const char *k, const char *s)
{
    if (s)
        put(o, k, cJSON_CreateStringReference(s));
}

/* s[0..n) (a record's field), copied once into the arena. */
static cJSON *arena_string(mz_printer_t *p, mz_str_t s)
{
    const char *t = arena_copy(p, s.p, s.n);
    return t ? cJSON_CreateStringReference(t) : NULL;
}

/* v's decimal digits, NUL-ended, at the end of b. */
static const char *digits(unsigned long v, char b[24])
{
    char *d = b + 24;
    *--d = '\0';
    do
        *--d = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    return d;
}

/* A whole number, its digits a raw reference into the arena. */
static void put_count(mz_printer_t *p, cJSON *o, const char *k,
                      unsigned long v)
{
    char b[24];
    const char *d = digits(v, b);
    const char *t = arena_copy(p, d, strlen(d));
    cJSON *r = t ? cJSON_CreateStringReference(t) : NULL;
    if (r)
        r->type = cJSON_Raw | cJSON_IsReference;
    put(o, k, r);
}

static void put_column(mz_printer_t *p, cJSON *o, unsigned long column)
{
    if (column)
        put_count(p, o, "column", column);
    else
        put(o, "column", cJSON_CreateNull());
}

void mz_print_begin(mz_printer_t *p)
{
    if (p->mode == MZ_OUT_JSON) {
        p->results = cJSON_CreateArray();
        p->facets = cJSON_CreateObject();
        cJSON_AddObjectToObject(p->facets, "kind");
        cJSON_AddObjectToObject(p->facets, "year");
        cJSON_AddObjectToObject(p->facets, "type");
        cJSON_AddObjectToObject(p->facets, "file");
        cJSON_AddObjectToObject(p->facets, "genre");
        cJSON_AddObjectToObject(p->facets, "top_folder");
    }
}

void mz_print_facets(mz_printer_t *p, const mz_results_t *r)
{
    static const char *const names[] = {"kind", "year", "type", "file",
                                        "genre", "top_folder"};
    if (!p->facets)
        return;
    for (size_t f = 0; f < sizeof names / sizeof *names; f++) {
        const mz_facet_t *v;
        size_t n = mz_results_facets(r, names[f], &v);
        cJSON *group = cJSON_GetObjectItem(p->facets, names[f]);
        for (size_t i = 0; i < n; i++) /* the values outlive the page */
            put_count(p, group, v[i].value, v[i].count);
    }
    p->faceted = mz_results_faceted(r);
}

void mz_print_discard(mz_printer_t *p)
{
    cJSON_Delete(p->results);
    cJSON_Delete(p->facets);
    p->results = p->facets = NULL;
    arena_free(p);
}

/* Print a JSON document on a line of its own (pretty: indented) and free it;
 * nothing is printed when there is no memory to print it. */
static void emit(FILE *out, cJSON *o, int pretty)
{
    char *t = pretty ? cJSON_Print(o) : cJSON_PrintUnformatted(o);
    if (t)
        fprintf(out, "%s\n", t);
    free(t);
    cJSON_Delete(o);
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

/* A count, a line or a byte offset: written here rather than by cJSON,
 * which prints every number as a double, checking the round trip with
 * sscanf (a third of the time of printing a page).  The same digits. */
cJSON *mz_json_add_count(cJSON *o, const char *name, unsigned long v)
{
    char b[24];
    return cJSON_AddRawToObject(o, name, digits(v, b));
}

static void result_place(mz_printer_t *p, cJSON *o, const mz_record_t *r)
{
    put(o, "path", arena_string(p, r->path));
    put(o, "title", arena_string(p, r->title));
    cJSON *sec = cJSON_CreateArray();
    for (unsigned i = 0; sec && i < r->nsection; i++)
        cJSON_AddItemToArray(sec, arena_string(p, r->section[i]));
    put(o, "section", sec);
    put_count(p, o, "line_start", r->line_start);
    put_count(p, o, "line_end", r->line_end);
    put_column(p, o, r->column);
    put_count(p, o, "byte_start", r->byte_start);
    put_count(p, o, "byte_end", r->byte_end);
}

static void result_snippet(mz_printer_t *p, cJSON *o, const mz_snippet_t *sn)
{
    put(o, "snippet", arena_string(p, (mz_str_t){sn->text, sn->len}));
    cJSON *hl = cJSON_CreateArray();
    for (size_t i = 0; hl && i < sn->nspans; i++) {
        cJSON *h = cJSON_CreateObject();
        if (!h)
            break;
        put_count(p, h, "start", sn->spans[i].char_start);
        put_count(p, h, "end", sn->spans[i].char_end);
        cJSON_AddItemToArray(hl, h);
    }
    put(o, "highlights", hl);
}

static void result_dups(mz_printer_t *p, cJSON *o, const mz_match_t *m)
{
    cJSON *dups = cJSON_CreateArray();
    for (size_t i = 0; dups && i < m->ndups; i++) {
        cJSON *d = cJSON_CreateObject();
        if (!d)
            break;
        put_ref(d, "path", m->dups[i].path);
        put_count(p, d, "line_start", m->dups[i].line);
        put_column(p, d, m->dups[i].column);
        cJSON_AddItemToArray(dups, d);
    }
    put(o, "also_in", dups);
}

/* the forms that matched, as they stand in the text, each once (as C
 * strings: to a NUL byte, as strndup cut them) */
static void result_matched(mz_printer_t *p, cJSON *o, const mz_match_t *m)
{
    const char *text = m->rec.text.p;
    cJSON *forms = cJSON_CreateArray();
    for (size_t i = 0; forms && m->hits && i < m->hits->n; i++) {
        const mz_hit_t *h = &m->hits->hits[i];
        size_t n = strnlen(text + h->start, h->end - h->start);
        int dup = 0;
        cJSON *it;
        cJSON_ArrayForEach(it, forms)
            dup |= strlen(it->valuestring) == n &&
                   memcmp(it->valuestring, text + h->start, n) == 0;
        if (!dup)
            cJSON_AddItemToArray(forms, arena_string(p, (mz_str_t){
                                                        text + h->start, n}));
    }
    put(o, "matched", forms);
}

static cJSON *result_json(mz_printer_t *p, const mz_match_t *m,
                          const mz_snippet_t *sn)
{
    const mz_record_t *r = &m->rec;
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    if (p->mode == MZ_OUT_JSONL)
        put_ref(o, "query", p->query);
    put_count(p, o, "rank", m->rank);
    put(o, "score", cJSON_CreateNumber(m->score));
    result_place(p, o, r);
    result_snippet(p, o, sn);
    put(o, "text", arena_string(p, r->text));
    put(o, "literal", cJSON_CreateBool(m->literal));
    put_ref(o, "via", m->via ? m->via : "text");
    put_ref(o, "sense", m->other_sense ? "other" : "own");
    if (m->other_sense)
        put_ref(o, "sense_word", m->sense_word);
    else
        put(o, "sense_word", cJSON_CreateNull());
    result_dups(p, o, m);
    put_ref(o, "kind", mz_section_kind(r->section, r->nsection));
    if (r->year)
        put_count(p, o, "year", r->year);
    else
        put(o, "year", cJSON_CreateNull());
    put_ref(o, "type", mz_doc_type_name(r->type));
    put_ref(o, "genre", mz_genre_name(r->genre));
    put_ref(o, "top_folder", m->top_folder ? m->top_folder : "");
    result_matched(p, o, m);
    return o;
}

int mz_print_result(mz_printer_t *p, const mz_match_t *m)
{
    mz_snippet_t sn;
    int whole = p->whole && p->mode == MZ_OUT_TEXT;
    if ((whole ? mz_snippet_whole : mz_snippet_make)(m->rec.text.p,
                                                      m->rec.text.n, m->hits,
                                                      &sn) < 0)
        return -1;
    if (p->shown == 0)
        p->first_rank = m->rank;
    if (p->mode == MZ_OUT_TEXT) {
        print_text(p, m, &sn);
    } else {
        cJSON *o = result_json(p, m, &sn);
        if (p->mode == MZ_OUT_JSON) {
            cJSON_AddItemToArray(p->results, o);
        } else {
            emit(p->out, o, 0);
            arena_free(p); /* the line's strings */
        }
    }
    p->shown++;
    mz_snippet_free(&sn);
    return 0;
}

void mz_print_end(mz_printer_t *p, const mz_search_stats_t *st,
                  double elapsed_ms)
{
    if (p->mode == MZ_OUT_TEXT) {
        if (!p->closing) /* a pipe: only the results, as rg prints */
            return;
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
        return;
    }
    if (p->mode == MZ_OUT_JSON) {
        emit(p->out, mz_print_document(p, st, elapsed_ms), 1);
        arena_free(p);
    }
}

cJSON *mz_print_document(mz_printer_t *p, const mz_search_stats_t *st,
                         double elapsed_ms)
{
    cJSON *o = cJSON_CreateObject();
    mz_json_add_count(o, "version", JSON_SCHEMA_VERSION);
    cJSON_AddStringToObject(o, "query", p->query);
    if (p->expanded)
        cJSON_AddStringToObject(o, "expanded", p->expanded);
    mz_json_add_count(o, "total", st->total);
    cJSON_AddBoolToObject(o, "total_exact", st->exact);
    if (st->cap) /* --similar: total counts among the best this many */
        mz_json_add_count(o, "total_among", st->cap);
    cJSON_AddNumberToObject(o, "elapsed_ms", elapsed_ms);
    if (p->facets) {
        /* counted over the matches read: all of them when faceted equals
         * the exact total */
        mz_json_add_count(p->facets, "over", p->faceted);
        cJSON_AddItemToObject(o, "facets", p->facets);
        p->facets = NULL;
    }
    cJSON_AddItemToObject(o, "results", p->results);
    p->results = NULL;
    return o;
}

/* cJSON_Print into one buffer sized from what the tree holds (its
 * strings' bytes, and about a kilobyte of keys and numbers a result),
 * rather than one grown by doubling and copied to its size at the end;
 * cJSON_Print as before when that was too small (escapes). */
static char *print_sized(const cJSON *o, size_t bytes, size_t results)
{
    size_t size = bytes + bytes / 8 + 2048 + 1536 * results;
    char *t = malloc(size);
    if (t && cJSON_PrintPreallocated((cJSON *)o, t, (int)size, 1))
        return t;
    free(t);
    return cJSON_Print(o);
}

char *mz_print_page_json(mz_results_t *res, const char *query, double t0_s)
{
    mz_printer_t pr = {.mode = MZ_OUT_JSON, .query = query,
                       .expanded = mz_results_expanded(res)};
    mz_print_begin(&pr);
    mz_print_facets(&pr, res);
    for (size_t i = 0; i < mz_results_size(res); i++)
        if (mz_print_result(&pr, mz_results_match(res, i)) < 0) {
            mz_print_discard(&pr);
            return NULL;
        }
    cJSON *o = mz_print_document(&pr, mz_results_stats(res),
                                 (mz_clock_s() - t0_s) * 1e3);
    char *t = print_sized(o, pr.arena ? pr.arena->bytes : 0,
                          mz_results_size(res));
    cJSON_Delete(o);
    arena_free(&pr);
    return t;
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
    cJSON *arr = mode == MZ_OUT_JSON ? cJSON_CreateArray() : NULL;
    for (size_t i = 0; i < mz_results_nfiles(res); i++) {
        const char *path = mz_results_file(res, i);
        if (mode == MZ_OUT_TEXT) {
            char *s = mz_safe_text(path, strlen(path), NULL);
            fprintf(out, "%s\n", s ? s : "");
            free(s);
        } else if (arr) {
            cJSON_AddItemToArray(arr, cJSON_CreateString(path));
        } else {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "query", query);
            cJSON_AddStringToObject(o, "path", path);
            emit(out, o, 0);
        }
    }
    if (arr) {
        cJSON *o = cJSON_CreateObject();
        mz_json_add_count(o, "version", JSON_SCHEMA_VERSION);
        cJSON_AddStringToObject(o, "query", query);
        cJSON_AddItemToObject(o, "files", arr);
        emit(out, o, 1);
    }
}

char *mz_print_error_json(const char *code, const char *message)
{
    cJSON *o = cJSON_CreateObject();
    mz_json_add_count(o, "version", JSON_SCHEMA_VERSION);
    cJSON *e = cJSON_AddObjectToObject(o, "error");
    cJSON_AddStringToObject(e, "code", code);
    cJSON_AddStringToObject(e, "message", message);
    char *t = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return t;
}

void mz_print_json_error(FILE *out, const char *code, const char *message)
{
    char *t = mz_print_error_json(code, message);
    if (t)
        fprintf(out, "%s\n", t);
    free(t);
}
