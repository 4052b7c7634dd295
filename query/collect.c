/* collect.c — the matches of a search made into what it returns: a page of
 * results, each with where its near copies are, and the facets; or the
 * matching files, each once, in the order of its best passage. */
#include "engine.h"
#include "indexdir.h"
#include "kind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hold(mz_collect_t *c, const mz_match_t *m, unsigned long rank)
{
    mz_held_t *pg = realloc(c->page, (c->npage + 1) * sizeof *pg);
    if (!pg)
        return -1;
    c->page = pg;
    mz_held_t *h = &pg[c->npage];
    memset(h, 0, sizeof *h);
    size_t len;
    mz_record_t own = m->rec;  /* the copy carries its path and title */
    own.file = (mz_str_t){0};
    if (mz_record_encode(&own, &h->data, &len) < 0)
        return -1;
    mz_record_decode(h->data, len, &h->m.rec);
    h->m.rank = rank;
    h->m.score = m->score;
    h->m.literal = m->literal;
    h->m.via = m->via;
    h->m.other_sense = m->other_sense;
    memcpy(h->m.sense_word, m->sense_word, sizeof h->m.sense_word);
    if (m->hits && m->hits->n) {
        h->hits.hits = malloc(m->hits->n * sizeof *h->hits.hits);
        if (!h->hits.hits) {
            free(h->data);
            return -1;
        }
        memcpy(h->hits.hits, m->hits->hits, m->hits->n * sizeof *h->hits.hits);
        h->hits.n = h->hits.cap = m->hits->n;
    }
    c->npage++;
    return 0;
}

static int add_dup(mz_held_t *h, const mz_match_t *m)
{
    mz_dup_t *d = realloc(h->dups, (h->ndups + 1) * sizeof *d);
    if (!d)
        return -1;
    h->dups = d;
    if (!(d[h->ndups].path = strndup(m->rec.path.p, m->rec.path.n)))
        return -1;
    d[h->ndups].line = m->rec.line_start;
    d[h->ndups++].column = m->rec.column;
    return 0;
}

/* A hash of a passage's text, eight bytes a step. */
static uint64_t text_hash(const char *p, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    memcpy(&w, p, n);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 29);
}

/* Count value (value[0..n)) in a facet. */
static int facet_inc(mz_facet_list_t *f, const char *value, size_t n)
{
    for (size_t i = 0; i < f->n; i++)
        if (strlen(f->v[i].value) == n &&
            memcmp(f->v[i].value, value, n) == 0) {
            f->v[i].count++;
            return 0;
        }
    mz_facet_t *v = realloc(f->v, (f->n + 1) * sizeof *v);
    if (!v)
        return -1;
    f->v = v;
    if (!(v[f->n].value = strndup(value, n)))
        return -1;
    v[f->n++].count = 1;
    return 0;
}

static int count_facets(mz_collect_t *c, const mz_record_t *r)
{
    char year[24];
    const char *kind = mz_section_kind(r->section, r->nsection);
    const char *type = mz_doc_type_name(r->type);
    snprintf(year, sizeof year, "%lu", r->year);
    if (!r->year)
        strcpy(year, "unknown");
    c->faceted++;
    return facet_inc(&c->facets[MZ_FACET_KIND], kind, strlen(kind)) |
           facet_inc(&c->facets[MZ_FACET_YEAR], year, strlen(year)) |
           facet_inc(&c->facets[MZ_FACET_TYPE], type, strlen(type)) |
           facet_inc(&c->facets[MZ_FACET_FILE], r->path.p, r->path.n);
}

/* The group among the last MZ_DUP_WINDOW that m is a near copy of
 * (c->ngroups: none); *sh its shingles, when they were needed. */
static size_t find_group(mz_collect_t *c, const mz_match_t *m, uint64_t text,
                         mz_shingles_t *sh)
{
    size_t from = c->ngroups > MZ_DUP_WINDOW ? c->ngroups - MZ_DUP_WINDOW : 0;
    /* The same text as a group's first passage joins that group, and no
     * earlier one (that passage opened its group): no shingles needed for
     * the commonest near copy, a verbatim one. */
    size_t g = from;
    while (g < c->ngroups && (c->groups[g].text != text ||
                              c->groups[g].len != m->rec.text.n))
        g++;
    if (g < c->ngroups)
        return g;
    if (mz_shingles_make(m->rec.text.p, m->rec.text.n, sh) < 0) {
        c->oom = 1;
        return c->ngroups;
    }
    for (g = from; g < c->ngroups; g++)
        if (mz_shingles_jaccard(sh, &c->groups[g].sh) >= MZ_DUP_JACCARD)
            break;
    return g;
}

/* m opens a group, held for the page when its number is past the
 * offset. */
static int open_group(mz_collect_t *c, const mz_match_t *m, uint64_t text,
                      mz_shingles_t sh)
{
    mz_group_t *gs = realloc(c->groups, (c->ngroups + 1) * sizeof *gs);
    if (!gs) {
        mz_shingles_free(&sh);
        return c->oom = 1;
    }
    c->groups = gs;
    gs[c->ngroups].sh = sh;
    gs[c->ngroups].held = -1;
    gs[c->ngroups].text = text;
    gs[c->ngroups].len = m->rec.text.n;
    unsigned long rank = ++c->ngroups;
    if (rank <= c->offset)
        return 0;
    if (hold(c, m, rank) < 0)
        return c->oom = 1;
    gs[rank - 1].held = (long)c->npage - 1;
    return 0;
}

/* Each match: a near copy of a group already seen joins it; else it opens a
 * group. */
int mz_collect_page(const mz_match_t *m, void *vc)
{
    mz_collect_t *c = vc;
    int full = c->npage >= c->limit;
    if (c->want_facets && (!full || c->after_full < MZ_DUP_LOOKAHEAD) &&
        count_facets(c, &m->rec) < 0)
        return c->oom = 1;
    if (full && (c->all || ++c->after_full > MZ_DUP_LOOKAHEAD))
        return 1;
    mz_shingles_t sh = {0};
    uint64_t text = text_hash(m->rec.text.p, m->rec.text.n);
    if (!c->all) {
        size_t g = find_group(c, m, text, &sh);
        if (c->oom)
            return 1;
        if (g < c->ngroups) {
            mz_shingles_free(&sh);
            long at = c->groups[g].held;
            if (at >= 0 && add_dup(&c->page[at], m) < 0)
                c->oom = 1;
            return c->oom;
        }
    }
    if (full) {
        mz_shingles_free(&sh);
        return 0;
    }
    return open_group(c, m, text, sh);
}

/* Files: a hash set of the paths seen (open addressing over c->paths)
 * keeps this linear. */
static int grow_slots(mz_collect_t *c)
{
    size_t ns = c->nslots ? c->nslots * 2 : 1024;
    size_t *slots = malloc(ns * sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < ns; i++)
        slots[i] = (size_t)-1;
    for (size_t k = 0; k < c->npaths; k++) {
        size_t h = mz_hash64(c->paths[k], strlen(c->paths[k])) & (ns - 1);
        while (slots[h] != (size_t)-1)
            h = (h + 1) & (ns - 1);
        slots[h] = k;
    }
    free(c->slots);
    c->slots = slots;
    c->nslots = ns;
    return 0;
}

static int seen_path(mz_collect_t *c, const char *p, size_t n, int add)
{
    if (add && (c->npaths + 1) * 2 > c->nslots && grow_slots(c) < 0)
        return -1;
    if (!c->nslots)
        return 0;
    size_t h = mz_hash64(p, n) & (c->nslots - 1);
    for (; c->slots[h] != (size_t)-1; h = (h + 1) & (c->nslots - 1)) {
        const char *q = c->paths[c->slots[h]];
        if (strlen(q) == n && memcmp(q, p, n) == 0)
            return 1;
    }
    if (add)
        c->slots[h] = c->npaths;
    return 0;
}

int mz_collect_file(const mz_match_t *m, void *vc)
{
    mz_collect_t *c = vc;
    const char *path = m->rec.path.p;
    size_t n = m->rec.path.n;
    /* a limit: the first offset + limit files (else all); a later phase
     * (or a limit of 0) must not add one past them */
    if (c->limit_files && c->npaths >= c->offset + c->limit)
        return 1;
    if (seen_path(c, path, n, 0) == 1)
        return 0;
    char **p = realloc(c->paths, (c->npaths + 1) * sizeof *p);
    if (p)
        c->paths = p;
    if (!p || seen_path(c, path, n, 1) < 0 ||
        !(p[c->npaths] = strndup(path, n))) {
        c->oom = 1;
        return 1;
    }
    c->npaths++;
    /* a limit: the first offset + limit files (else all) */
    return c->limit_files && c->npaths >= c->offset + c->limit;
}

void mz_collect_done(mz_collect_t *c)
{
    for (size_t g = 0; g < c->ngroups; g++)
        mz_shingles_free(&c->groups[g].sh);
    free(c->groups);
    c->groups = NULL;
    c->ngroups = 0;
    free(c->slots);
    c->slots = NULL;
    c->nslots = 0;
}

void mz_collect_free_public(mz_result_t *p)
{
    if (!p)
        return;
    free((void *)p->path);
    free((void *)p->title);
    for (size_t i = 0; i < p->nsection; i++)
        free((void *)p->section[i]);
    free((void *)p->section);
    free((void *)p->snippet);
    free((void *)p->highlights);
    free((void *)p->text);
    for (size_t i = 0; i < p->nmatched; i++)
        free((void *)p->matched[i]);
    free((void *)p->matched);
    free((void *)p->also_in);
    free((void *)p->sense_word);
    free(p);
}

void mz_collect_free(mz_collect_t *c)
{
    mz_collect_done(c);
    for (size_t i = 0; i < c->npage; i++) {
        mz_held_t *h = &c->page[i];
        for (size_t k = 0; k < h->ndups; k++)
            free(h->dups[k].path);
        free(h->dups);
        free(h->hits.hits);
        free(h->data);
        mz_collect_free_public(h->pub);
    }
    free(c->page);
    for (size_t i = 0; i < c->npaths; i++)
        free(c->paths[i]);
    free(c->paths);
    for (int f = 0; f < MZ_NFACETS; f++) {
        for (size_t i = 0; i < c->facets[f].n; i++)
            free((void *)c->facets[f].v[i].value);
        free(c->facets[f].v);
    }
    memset(c, 0, sizeof *c);
}
