/* results.c — what a search found, read through the public accessors (or,
 * by mzsearch's printer, as the matches themselves). */
#include "engine.h"
#include "kind.h"
#include "snippet.h"

#include <stdlib.h>
#include <string.h>

void mz_results_free(mz_results_t *r)
{
    if (!r)
        return;
    mz_collect_free(&r->c);
    free(r->expanded);
    free(r);
}

const mz_match_t *mz_results_match(mz_results_t *r, size_t i)
{
    if (!r || i >= r->c.npage)
        return NULL;
    mz_held_t *h = &r->c.page[i];
    h->m.hits = &h->hits;
    h->m.dups = h->dups;
    h->m.ndups = h->ndups;
    return &h->m;
}

const mz_search_stats_t *mz_results_stats(const mz_results_t *r)
{
    return &r->st;
}

size_t mz_results_size(const mz_results_t *r)
{
    return r ? r->c.npage : 0;
}

unsigned long mz_results_total(const mz_results_t *r)
{
    return r ? r->st.total : 0;
}

int mz_results_total_exact(const mz_results_t *r)
{
    return r ? r->st.exact : 0;
}

unsigned long mz_results_total_among(const mz_results_t *r)
{
    return r ? r->st.cap : 0;
}

unsigned long mz_results_count(const mz_results_t *r)
{
    return r ? r->count : 0;
}

const char *mz_results_expanded(const mz_results_t *r)
{
    return r ? r->expanded : NULL;
}

size_t mz_results_nfiles(const mz_results_t *r)
{
    size_t n = r && r->c.npaths > r->c.offset ? r->c.npaths - r->c.offset : 0;
    return r && r->c.limit_files && n > r->c.limit ? r->c.limit : n;
}

const char *mz_results_file(const mz_results_t *r, size_t i)
{
    return i < mz_results_nfiles(r) ? r->c.paths[r->c.offset + i] : NULL;
}

size_t mz_results_facets(const mz_results_t *r, const char *name,
                         const mz_facet_t **values)
{
    static const char *const names[MZ_NFACETS] = {"kind", "year", "type",
                                                  "file"};
    *values = NULL;
    for (int f = 0; r && name && f < MZ_NFACETS; f++)
        if (strcmp(name, names[f]) == 0) {
            *values = r->c.facets[f].v;
            return r->c.facets[f].n;
        }
    return 0;
}

unsigned long mz_results_faceted(const mz_results_t *r)
{
    return r ? r->c.faceted : 0;
}

/* ---- the public view of one result -------------------------------------- */

static const char *dup_str(mz_str_t s, int *oom)
{
    char *t = strndup(s.p, s.n);
    *oom |= !t;
    return t;
}

/* The forms that matched, as they stand in the text, each once. */
static void add_matched(mz_result_t *p, const mz_match_t *m, int *oom)
{
    const char **v = calloc(m->hits->n + 1, sizeof *v);
    p->matched = v;
    if (!v) {
        *oom = 1;
        return;
    }
    for (size_t i = 0; i < m->hits->n && !*oom; i++) {
        const mz_hit_t *h = &m->hits->hits[i];
        mz_str_t s = {m->rec.text.p + h->start, h->end - h->start};
        int seen = 0;
        for (size_t k = 0; k < p->nmatched && !seen; k++)
            seen = strlen(v[k]) == s.n && memcmp(v[k], s.p, s.n) == 0;
        if (!seen)
            v[p->nmatched++] = dup_str(s, oom);
    }
}

static void add_snippet(mz_result_t *p, const mz_match_t *m, int *oom)
{
    mz_snippet_t sn;
    if (mz_snippet_make(m->rec.text.p, m->rec.text.n, m->hits, &sn) < 0) {
        *oom = 1;
        return;
    }
    mz_highlight_t *hl = calloc(sn.nspans + 1, sizeof *hl);
    if (!hl) {
        *oom = 1;
        mz_snippet_free(&sn);
        return;
    }
    for (size_t i = 0; i < sn.nspans; i++)
        hl[i] = (mz_highlight_t){sn.spans[i].char_start, sn.spans[i].char_end};
    p->highlights = hl;
    p->nhighlights = sn.nspans;
    p->snippet = sn.text;
    free(sn.spans);
}

static void add_sections_and_copies(mz_result_t *p, const mz_match_t *m,
                                    int *oom)
{
    const char **sec = calloc(m->rec.nsection + 1, sizeof *sec);
    mz_copy_t *cp = calloc(m->ndups + 1, sizeof *cp);
    p->section = sec;
    p->also_in = cp;
    if (!sec || !cp) {
        *oom = 1;
        return;
    }
    for (unsigned i = 0; i < m->rec.nsection; i++)
        sec[p->nsection++] = dup_str(m->rec.section[i], oom);
    for (size_t i = 0; i < m->ndups; i++)
        cp[i] = (mz_copy_t){m->dups[i].path, m->dups[i].line,
                            m->dups[i].column};
    p->nalso_in = m->ndups;
}

/* The public view of a match: its strings made and kept. */
static mz_result_t *make_public(const mz_match_t *m)
{
    mz_result_t *p = calloc(1, sizeof *p);
    int oom = !p;
    if (oom)
        return NULL;
    const mz_record_t *r = &m->rec;
    *p = (mz_result_t){.rank = m->rank, .score = m->score,
                       .line_start = r->line_start, .line_end = r->line_end,
                       .column = r->column, .byte_start = r->byte_start,
                       .byte_end = r->byte_end, .literal = m->literal,
                       .via = m->via ? m->via : "text", .year = r->year,
                       .kind = mz_section_kind(r->section, r->nsection),
                       .type = mz_doc_type_name(r->type),
                       .sense = m->other_sense ? "other" : "own"};
    p->path = dup_str(r->path, &oom);
    if (m->other_sense)
        p->sense_word = dup_str((mz_str_t){m->sense_word,
                                           strlen(m->sense_word)}, &oom);
    p->title = dup_str(r->title, &oom);
    p->text = dup_str(r->text, &oom);
    add_sections_and_copies(p, m, &oom);
    add_snippet(p, m, &oom);
    add_matched(p, m, &oom);
    return oom ? (mz_collect_free_public(p), NULL) : p;
}

mz_status_t mz_results_get(mz_results_t *r, size_t i, mz_result_t *out)
{
    const mz_match_t *m = mz_results_match(r, i);
    if (!m)
        return MZ_STATUS_BAD_ARGUMENT;
    mz_held_t *h = &r->c.page[i];
    if (!h->pub && !(h->pub = make_public(m)))
        return MZ_STATUS_NOMEM;
    *out = *h->pub;
    return MZ_STATUS_OK;
}
