/* engine.c — one search, as libmzsearch runs it (mz_search): the query
 * parsed and widened by the thesaurus, then read in phases, best first,
 * until the page is full; the total counted, or estimated when the reading
 * stopped early.  Or passages like a draft (options.similar). */
#include "engine.h"
#include "evidence.h"
#include "genre.h"
#include "learn.h"
#include "kind.h"
#include "place.h"
#include "record.h"
#include "sense.h"
#include "thesaurus.h"
#include "similar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BM25_K1 1.0
#define BM25_B 0.0
#define BM25_MIN_NORMLEN 0.5

_Static_assert((int)MZ_MATERIAL_GROUP == (int)MZ_TYPE_GROUP &&
               (int)MZ_MATERIAL_PERSONAL == (int)MZ_TYPE_PERSONAL,
               "the public material types are record.h's");

/* BM25 parameters: the measured defaults (README, "Relevance"), or
 * MZSEARCH_BM25="k1,b,min_normlen" for experiments. */
static mzx_weighting_t weighting(void)
{
    mzx_weighting_t w = {BM25_K1, BM25_B, BM25_MIN_NORMLEN};
    const char *e = getenv("MZSEARCH_BM25");
    if (e)
        sscanf(e, "%lf,%lf,%lf", &w.k1, &w.b, &w.min_normlen);
    return w;
}

mz_status_t mz_db_open(const char *const *paths, size_t n, mz_db_t **out,
                       mz_error_t *err)
{
    mz_db_t *db = calloc(1, sizeof *db);
    *out = NULL;
    if (err)
        *err = (mz_error_t){"", ""};
    if (!db) {
        if (err)
            *err = (mz_error_t){"internal", "out of memory"};
        return MZ_STATUS_NOMEM;
    }
    db->w = weighting();
    mz_status_t rc = mz_shardset_collect(&db->sh, paths, n, &db->err);
    if (rc == MZ_STATUS_OK)
        rc = mz_shardset_open(&db->sh, &db->x, &db->err);
    if (rc != MZ_STATUS_OK) {
        if (err)
            *err = db->err.pub;
        mz_db_close(db);
        return rc;
    }
    *out = db;
    return MZ_STATUS_OK;
}

void mz_db_close(mz_db_t *db)
{
    if (!db)
        return;
    mzx_db_destroy(db->x);
    mz_shardset_free(&db->sh);
    mz_thes_free(db->thes);
    free(db->thes_key);
    free(db);
}

const mz_error_t *mz_db_error(const mz_db_t *db)
{
    static const mz_error_t none = {"bad_option", "no database"};
    return db ? &db->err.pub : &none;
}

void mz_search_options_init(mz_search_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->limit = 10;
}

/* The sentence for a query that cannot be run. */
static mz_status_t parse_failed(mz_err_t *e, mz_parse_status_t ps,
                                size_t size, const char *query)
{
    switch (ps) {
    case MZ_PARSE_BAD_UTF8:
        return mz_err(e, MZ_STATUS_BAD_QUERY, "the query is not valid UTF-8 "
                      "text; give the words in UTF-8 (check the terminal's "
                      "or the calling program's encoding)");
    case MZ_PARSE_TOO_LONG:
        return mz_err(e, MZ_STATUS_BAD_QUERY, "the query is %zu bytes long, "
                      "more than the %d a query may have; search for fewer "
                      "or shorter words (or use --similar FILE for a whole "
                      "text)", size, MZ_QUERY_MAX_BYTES);
    case MZ_PARSE_TOO_MANY_WORDS:
        return mz_err(e, MZ_STATUS_BAD_QUERY, "the query has %zu different "
                      "words, more than the %d a query may have; search for "
                      "fewer words", size, MZ_QUERY_MAX_WORDS);
    case MZ_PARSE_TOO_MANY_CHARS:
        return mz_err(e, MZ_STATUS_BAD_QUERY, "the query has %zu single "
                      "Chinese characters (one in an OR counting twice), "
                      "more than the %d a query may have (each is looked up "
                      "in every word it starts); search for longer words",
                      size, MZ_QUERY_MAX_CHARS);
    case MZ_PARSE_EMPTY:
        return mz_err(e, MZ_STATUS_EMPTY_QUERY, "empty query; give words to "
                      "search for, e.g. mzsearch 好人主义");
    case MZ_PARSE_NOTHING:
        return mz_err(e, MZ_STATUS_NOTHING_SEARCHABLE, "the query '%s' has "
                      "nothing searchable (only punctuation or symbols); use "
                      "Chinese characters, letters or digits", query);
    case MZ_PARSE_ONLY_NEGATIVE:
        return mz_err(e, MZ_STATUS_NOTHING_SEARCHABLE, "the query '%s' only "
                      "excludes words; add a word to look for, e.g. 四风 "
                      "-形式主义", query);
    case MZ_PARSE_NEG_IN_OR:
        return mz_err(e, MZ_STATUS_BAD_QUERY, "'-word' cannot be part of an "
                      "OR in '%s'; write the exclusion as a separate word",
                      query);
    default:
        return mz_err(e, MZ_STATUS_NOMEM, "out of memory");
    }
}

/* A new result set for o, its collector set up. */
static mz_results_t *results_new(const mz_db_t *db,
                                 const mz_search_options_t *o)
{
    mz_results_t *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->mode = o->mode;
    r->c.limit = o->limit;
    r->c.offset = o->offset;
    r->c.limit_files = o->limit_files;
    r->c.all = o->all;
    r->c.want_facets = o->facets && o->mode == MZ_SEARCH_PAGE;
    r->c.roots = db->sh.roots;
    r->c.nroots = db->sh.nroots;
    return r;
}

/* ---- the phases of a search for words ------------------------------------ */

/* One phase: a tree, its Xapian form, and how it is read. */
typedef struct {
    const mz_qnode_t *tree;
    const mzx_query_t *q;
    mz_search_opts_t o;
    unsigned long *deferred;  /* what the phase of its words' own sense
                                 left for the phase of other words' */
    int parts;                /* the forms of the topics' parts */
    int apart;                /* the words apart (mz_query_apart) */
} phase_t;

typedef struct {
    mz_db_t *db;
    const mz_search_options_t *o;
    const char *query;
    mz_results_t *res;
    mz_qnode_t *lit_tree, *exp_tree;  /* the words; the thesaurus forms */
    mz_qnode_t *parts_tree;           /* ... and the forms of their parts */
    mzx_query_t *lit_q, *exp_q, *heads_q, *parts_q;
    mz_qnode_t *apart_tree;           /* the words' parts apart */
    mzx_query_t *apart_q;
    mzx_query_t *writing_q;           /* the genres that write about
                                         topics (pool_writing) */
    mz_qnode_t *learn_tree;           /* words learned from the archive */
    mzx_query_t *learn_q;
    const mz_qnode_t *heads_tree;
    mz_seen_t *seen;
    mz_scope_t scope;         /* genres and places (place.h) */
    mz_scope_ctx_t scope_ctx;
    mz_search_opts_t base;
    phase_t ph[18];           /* 4 kinds, two senses, the words
                                 apart; two parts */
    unsigned long deferred[4];
    mz_sense_memo_t *memo[4]; /* what each own-sense phase deferred */
    int nph;
} plan_t;

static void plan_free(plan_t *p)
{
    mzx_query_free(p->lit_q);
    mzx_query_free(p->exp_q);
    mzx_query_free(p->heads_q);
    mzx_query_free(p->parts_q);
    mz_qnode_free(p->parts_tree);
    mzx_query_free(p->apart_q);
    mz_qnode_free(p->apart_tree);
    mzx_query_free(p->writing_q);
    mzx_query_free(p->learn_q);
    mz_qnode_free(p->learn_tree);
    mz_qnode_free(p->lit_tree);
    mz_qnode_free(p->exp_tree);
    mz_seen_free(p->seen);
    mz_scope_free(&p->scope);
    for (size_t k = 0; k < sizeof p->memo / sizeof *p->memo; k++)
        mz_sense_memo_free(p->memo[k]);
}

/* Phase 1 the words as typed, phase 2 the thesaurus expansion (none when
 * nothing expands): parsed and made Xapian queries. */
static mz_status_t plan_queries(plan_t *p)
{
    mz_err_t *e = &p->db->err;
    size_t size;
    mz_parse_status_t ps = mz_query_parse_capped(p->query, &p->lit_tree,
                                                 &size);
    if (ps != MZ_PARSE_OK)
        return parse_failed(e, ps, size, p->query);
    mz_status_t rc = mz_scope_query(p->db, p->o, &p->scope);
    if (rc == MZ_STATUS_OK)
        rc = mz_expand(p->db, p->o, p->lit_tree, &p->exp_tree,
                       &p->parts_tree, e);
    if (rc != MZ_STATUS_OK)
        return rc;
    const mz_qnode_t *widest = p->parts_tree ? p->parts_tree : p->exp_tree;
    if (widest && !(p->res->expanded = mz_query_format(widest)))
        return mz_err(e, MZ_STATUS_NOMEM, "out of memory");
    p->lit_q = mz_query_build(p->lit_tree, p->db->x);
    if (p->exp_tree)
        p->exp_q = mz_query_build(p->exp_tree, p->db->x);
    /* headings: the words, or the topic's forms, above the passage (the
     * query is made when the phase is reached: most pages are full
     * before, and a character's query lists every term it starts) */
    p->heads_tree = p->exp_tree ? p->exp_tree : p->lit_tree;
    if (!p->lit_q || (p->exp_tree && !p->exp_q) || !(p->seen = mz_seen_new()))
        return mz_err(e, MZ_STATUS_NOMEM, "out of memory");
    /* a page's last own-sense phase: the words apart */
    if (!p->o->exact && p->o->mode == MZ_SEARCH_PAGE &&
        mz_query_apart(p->lit_tree, &p->apart_tree) < 0)
        return mz_err(e, MZ_STATUS_NOMEM, "out of memory");
    return MZ_STATUS_OK;
}

/* A page's phases keep to the words' own sense (sense.h); after the last
 * phase, each again for passages where the words stand only inside other
 * words (第八项规定 for 八项规定): they rank below every passage in the
 * words' own sense.  What the first defers, the second does not judge
 * again (a memo; without memory, judged again). */
static int sense_phases(plan_t *p, int n)
{
    phase_t *ph = p->ph;
    int all = n;
    for (int k = 0; k < n; k++) {
        ph[k].o.sense = MZ_SENSE_OWN;
        ph[k].deferred = &p->deferred[k];
        ph[k].o.memo = p->memo[k] = mz_sense_memo_new();
        ph[all] = ph[k];
        ph[all++].o.sense = MZ_SENSE_OTHER;
    }
    return all;
}

/* The phases, each after every match of the one before: the words as
 * typed in the text; then the thesaurus forms of the topics in the text;
 * then the words in a heading above the passage (measured on the judged
 * queries: this order ranks best).  Exact: the first only.  A query that
 * names a part of the material (整改措施, 原因 …) puts, within each phase,
 * the passages of that part first. */
static void plan_phases(plan_t *p)
{
    const mz_search_options_t *o = p->o;
    phase_t *ph = p->ph;
    int n = 0;
    /* What a phase matched, a later one passes over without reading it:
     * a later phase skips what the earlier words match (or, in the
     * phases of a named part, what the other part's filter leaves out). */
    p->base = (mz_search_opts_t){.w = &p->db->w, .kind = o->kind,
                                 .year = o->year,
                                 .type = (unsigned long)o->type,
                                 .via = "text", .seen = p->seen,
                                 .kind_terms = p->db->sh.kind_terms};
    mz_scope_apply(&p->scope, &p->scope_ctx, p->db, o, &p->base);
    ph[n].tree = p->lit_tree, ph[n].q = p->lit_q, ph[n++].o = p->base;
    if (p->exp_tree) {
        ph[n].tree = p->exp_tree, ph[n].q = p->exp_q, ph[n].o = p->base;
        ph[n].o.skip = p->lit_tree;
        ph[n++].o.via = "thesaurus";
    }
    /* the forms of the topics' parts (四风 > 形式主义: 流于形式), after
     * the topic's own (the query is made when the phase is reached) */
    if (p->parts_tree) {
        ph[n].tree = p->parts_tree, ph[n].q = NULL, ph[n].o = p->base;
        ph[n].o.skip = p->exp_tree;
        ph[n].o.via = "thesaurus";
        ph[n++].parts = 1;
    }
    if (!o->exact) {
        ph[n].tree = p->heads_tree, ph[n].q = NULL, ph[n].o = p->base;
        ph[n].o.headings = 1;
        ph[n].o.skip = p->parts_tree ? p->parts_tree
                       : p->exp_tree ? p->exp_tree : p->lit_tree;
        ph[n++].o.via = "heading";
    }
    int own = n;
    if (o->mode == MZ_SEARCH_PAGE)
        n = sense_phases(p, n);
    /* the words made of shorter words, apart (理论 … 学习 for 理论学习),
     * near each other: after every phase of the words or their forms,
     * before those of other senses; its own sense only */
    if (p->apart_tree) {
        memmove(&ph[own + 1], &ph[own], (size_t)(n - own) * sizeof *ph);
        ph[own] = (phase_t){.tree = p->apart_tree, .o = p->base, .apart = 1};
        ph[own].o.skip = p->parts_tree ? p->parts_tree
                         : p->exp_tree ? p->exp_tree : p->lit_tree;
        ph[own].o.via = "apart";
        ph[own].o.sense = MZ_SENSE_APART;
        n++;
    }
    const char *named = o->kind ? NULL : mz_query_kind(p->query);
    if (named && o->mode != MZ_SEARCH_COUNT) {
        for (int k = n - 1; k >= 0; k--) {
            ph[2 * k] = ph[k];
            ph[2 * k + 1] = ph[k];
            ph[2 * k].o.kind = named;
            ph[2 * k + 1].o.not_kind = named;
        }
        n *= 2;
    }
    p->nph = n;
}

/* How many matches the page phase k may still want: the rest of the page,
 * the look-ahead for near copies, and the match that ends it.  A result on
 * the page stands for its near copies too: each result yet to come is
 * counted as many matches as the results so far took (an archive that
 * holds each material several times would else need a second batch). */
static unsigned long page_want(const plan_t *p, const mz_search_stats_t *st)
{
    const mz_collect_t *c = &p->res->c;
    unsigned long page = c->offset + c->limit, left = 0;
    double per = 1;
    if (c->ngroups < page)
        left = page - c->ngroups;
    if (c->ngroups)
        per = (double)st->matched / (double)c->ngroups;
    unsigned long ahead = c->all || c->after_full >= MZ_DUP_LOOKAHEAD
                              ? 0
                              : MZ_DUP_LOOKAHEAD - c->after_full;
    double want = (double)left * per + 0.5 + (double)ahead + 1;
    return want < 1e9 ? (unsigned long)want : 1000000000UL;
}

/* ph's query from tree (its terms under prefix pfx), built into *q the
 * first time a phase needs it. */
static mzx_status_t lazy_query(plan_t *p, phase_t *ph, mzx_query_t **q,
                               const mz_qnode_t *tree, const char *pfx)
{
    if (!*q && !(*q = mz_query_build_prefixed(tree, p->db->x, pfx))) {
        p->res->c.oom = 1;
        return MZX_NOMEM;
    }
    ph->q = *q;
    return MZX_OK;
}

/* The heading phase's query, and the parts' and the words apart phases',
 * made when the phase is reached. */
static mzx_status_t heads_query(plan_t *p, phase_t *ph)
{
    if (ph->apart)
        return lazy_query(p, ph, &p->apart_q, p->apart_tree, "");
    if (ph->parts)
        return lazy_query(p, ph, &p->parts_q, p->parts_tree, "");
    if (!ph->o.headings)
        return MZX_OK;
    return lazy_query(p, ph, &p->heads_q, p->heads_tree, MZ_HEADING_PREFIX);
}

/* MZ_SEARCH_COUNT: every phase counted exactly. */
static mzx_status_t count_phases(plan_t *p, mz_search_stats_t *st)
{
    mzx_status_t rc = MZX_OK;
    for (int k = 0; k < p->nph && rc == MZX_OK; k++) {
        unsigned long n = 0;
        phase_t *ph = &p->ph[k];
        if ((rc = heads_query(p, ph)) != MZX_OK)
            break;
        rc = mz_count(p->db->x, ph->tree, ph->q, &ph->o, &n);
        st->matched += n;
    }
    st->exact = 1;
    st->total = st->matched;
    return rc;
}

/* The phases the page did not need count in the total too: their
 * candidates (counted by the index when few) times the share of the last
 * read phase's candidates that matched.  A later phase's words include the
 * earlier phases' (the topic's forms include the word), so its candidates
 * cover them.  The heading phase's are mostly passages that an earlier
 * phase counted: it is left out. */
static void estimate_unread(plan_t *p, int k, double share,
                            mz_search_stats_t *st)
{
    int unread = 0;
    for (; k < p->nph; k++) /* other senses: counted with their own */
        unread |= !p->ph[k].o.headings && p->ph[k].o.sense != MZ_SENSE_OTHER;
    if (!unread)
        return;
    /* the widest words, in every part, cover them all (the forms of the
     * topics' parts left out: a step further from the topic, and their
     * query costs a search more) */
    const mz_qnode_t *tree = p->exp_tree ? p->exp_tree : p->lit_tree;
    const mzx_query_t *q = p->exp_tree ? p->exp_q : p->lit_q;
    double e = mz_estimate(p->db->x, tree, q, &p->base) * share;
    if (e > (double)st->total)
        st->total = (unsigned long)(e + 0.5);
}

/* The page or the files: the phases read in turn until one stops early. */
static mzx_status_t read_phases(plan_t *p, mz_search_stats_t *st)
{
    mz_collect_t *c = &p->res->c;
    int files = p->o->mode == MZ_SEARCH_FILES;
    mzx_status_t rc = MZX_OK;
    double share = 1;
    int k;
    st->exact = 1;
    for (k = 0; k < p->nph && rc == MZX_OK && !c->oom && st->exact; k++) {
        mz_search_stats_t s = {0};
        phase_t *ph = &p->ph[k];
        if ((rc = heads_query(p, ph)) != MZX_OK)
            break;
        /* reached when every phase before read all its matches: an
         * other-sense phase has nothing when its own-sense one left none */
        if (ph->o.sense == MZ_SENSE_OTHER && ph->deferred && !*ph->deferred)
            continue;
        ph->o.rank_base = st->matched;
        if (!files)
            ph->o.want = page_want(p, st);
        rc = mz_search_phase(p->db->x, ph->tree, ph->q, &ph->o,
                       files ? mz_collect_file : mz_collect_page, c, &s);
        st->matched += s.matched;
        /* each phase skips what earlier ones found; an other-sense
         * phase's were counted by its own-sense one */
        if (ph->o.sense != MZ_SENSE_OTHER)
            st->total += s.total;
        st->exact = s.exact;
        share = s.share;
        if (ph->deferred)
            *ph->deferred += s.deferred;
    }
    if (rc == MZX_OK && !st->exact)
        estimate_unread(p, k, share, st);
    return rc;
}

/* Phase k's best matches into the pool; its search, listing every
 * candidate it meets, into *listed when listed is not NULL (for
 * pool_writing). */
static mzx_status_t pool_phase(plan_t *p, mz_pool_t *pool, int k, int *more,
                               mz_search_stats_t *st, mzx_mset_t **listed)
{
    mz_search_stats_t s = {0};
    phase_t *ph = &p->ph[k];
    mzx_status_t rc = heads_query(p, ph);
    if (rc != MZX_OK)
        return rc;
    mz_search_opts_t o = ph->o;
    o.want = MZ_POOL_PER_PHASE;
    o.one_batch = 1;
    o.no_paths = 1;  /* looked up for the page only */
    o.listed = listed;
    mz_pool_phase(pool, ph->o.kind != NULL);
    if (ph->apart)
        mz_pool_tail(pool);  /* after every passage of the words */
    if (ph->parts)
        mz_pool_forms(pool, ph->tree);  /* their vocabulary too */
    rc = mz_search_phase(p->db->x, ph->tree, ph->q, &o, mz_pool_add, pool,
                         &s);
    if (mz_pool_oom(pool))
        return p->res->c.oom = 1, MZX_NOMEM;
    st->matched += s.matched;
    st->total += s.total;
    st->exact &= s.exact;
    more[k] = !s.exact;
    if (ph->deferred)
        *ph->deferred += s.deferred;
    return rc;
}

/* The genres that write about topics (a review, a rectification, a
 * speech, a work report). */
enum { WRITING_GENRES = 4 };

typedef struct {
    char t[WRITING_GENRES][MZ_GENRE_TERM_MAX];
    const char *term[WRITING_GENRES];
    size_t len[WRITING_GENRES];
} writing_terms_t;

static void writing_terms(writing_terms_t *w)
{
    static const unsigned long g[] = {MZ_GENRE_REVIEW, MZ_GENRE_RECTIFY,
                                      MZ_GENRE_SPEECH, MZ_GENRE_REPORT};
    for (size_t n = 0; n < WRITING_GENRES; n++) {
        w->len[n] = mz_genre_term(g[n], w->t[n]);
        w->term[n] = w->t[n];
    }
}

/* Their terms as a query, or NULL when out of memory. */
static mzx_query_t *writing_query(void)
{
    writing_terms_t w;
    mzx_query_t *v[WRITING_GENRES] = {0};
    size_t n = 0;
    writing_terms(&w);
    for (; n < WRITING_GENRES; n++)
        if (!(v[n] = mzx_query_term(w.term[n], w.len[n])))
            break;
    mzx_query_t *q = n == WRITING_GENRES
                         ? mzx_query_combine(MZX_OP_OR, v, n)
                         : NULL;
    for (size_t i = 0; i < n; i++)
        mzx_query_free(v[i]);
    return q;
}

/* A phase of writing_phase, when it has more matches than the pool took
 * and most of those it took are rules or notices: its best matches in the
 * genres that write about topics too, up to WRITING_MORE (in an archive
 * of rules, a material's paragraph on the topic's forms can lie past the
 * first 50 of many clauses that name them; the evidence then weighs it).
 * Not when the search is kept to genres or places already, nor on an
 * index without genre terms. */
enum { WRITING_MORE = 20 };

/* The phase's search (pool_phase's, listing its candidates) answers
 * it when it met them all: a phase of a topic has a few hundred at most,
 * and its terms (some sixty for 四风's forms) are then not looked up and
 * read again. */
static mzx_status_t pool_writing(plan_t *p, mz_pool_t *pool, int k,
                                 mzx_mset_t *listed)
{
    phase_t *ph = &p->ph[k];
    mz_search_stats_t s = {0};
    writing_terms_t w;
    if (ph->o.scope || ph->o.keep || p->db->sh.old_layout)
        return MZX_OK;
    if (!p->writing_q && !(p->writing_q = writing_query()))
        return p->res->c.oom = 1, MZX_NOMEM;
    writing_terms(&w);
    mz_search_opts_t o = ph->o;
    o.scope = p->writing_q;
    o.within = listed;
    o.within_terms = w.term;
    o.within_lens = w.len;
    o.nwithin = WRITING_GENRES;
    o.want = WRITING_MORE;
    o.one_batch = 1;
    o.no_paths = 1;
    mz_pool_extend(pool, WRITING_MORE);
    mzx_status_t rc = mz_search_phase(p->db->x, ph->tree, ph->q, &o,
                                      mz_pool_add, pool, &s);
    if (mz_pool_oom(pool))
        return p->res->c.oom = 1, MZX_NOMEM;
    if (ph->deferred)
        *ph->deferred += s.deferred;
    return rc;
}

/* A leaf of tree is looked up by its single characters. */
static int char_leaf(const mz_qnode_t *n)
{
    if (n->kind == MZ_QN_LEAF)
        return mz_leaf_char_runs(n) > 0;
    for (size_t i = 0; i < n->nkids; i++)
        if (char_leaf(n->kids[i]))
            return 1;
    return 0;
}

/* The phases whose best in the writing genres join the pool: the
 * thesaurus forms, and the words as typed (a material's paragraph that
 * names 营商环境 once lies past the first 50 of the rules that name it
 * five times), but not words of one character (their thousands of terms
 * read again: 风 +37 % instructions). */
static int writing_phase(const plan_t *p, const phase_t *ph)
{
    return ph->tree == p->exp_tree ||
           (ph->tree == p->lit_tree && !char_leaf(p->lit_tree));
}

/* Is n's query an OR (through ANDs of one word, less others)? */
static int or_rooted(const mz_qnode_t *n)
{
    while (n->kind == MZ_QN_AND) {
        const mz_qnode_t *one = NULL;
        for (size_t i = 0; i < n->nkids; i++) {
            if (n->kids[i]->negated)
                continue;
            if (one)
                return 0;
            one = n->kids[i];
        }
        if (!one)
            return 0;
        n = one;
    }
    return n->kind == MZ_QN_OR;
}

/* Each phase's best matches into the pool; more[k]: phase k has more.
 * The words apart wait for pool_apart. */
static mzx_status_t fill_pool(plan_t *p, mz_pool_t *pool, int *more,
                              mz_search_stats_t *st)
{
    mzx_status_t rc = MZX_OK;
    st->exact = 1;
    for (int k = 0; k < p->nph && rc == MZX_OK; k++) {
        phase_t *ph = &p->ph[k];
        if (ph->apart) {
            more[k] = 1;
            continue;
        }
        /* an other-sense phase has nothing when its own-sense one, read
         * to its end, left none */
        if (ph->o.sense == MZ_SENSE_OTHER && ph->deferred && !*ph->deferred &&
            st->exact)
            continue;
        /* a passage found by its heading alone is weak evidence, so is one
         * found by a form of a topic's part, and one where the words stand
         * only inside other words ranks after every other: these phases
         * are pooled only when the others do not fill the page (they are
         * read after the pool otherwise) */
        int after = ph->o.headings || ph->parts ||
                    ph->o.sense == MZ_SENSE_OTHER;
        if (after && mz_pool_size(pool) >= page_want(p, st)) {
            more[k] = 1;
            st->exact = 0;
            continue;
        }
        mzx_mset_t *listed = NULL;
        int writing = !after && writing_phase(p, ph);
        /* listed for pool_writing when its candidates may be few: a
         * topic's forms, words OR words (a word alone, often thousands,
         * is not: listing costs as they are met) */
        int list = writing && or_rooted(ph->tree);
        rc = pool_phase(p, pool, k, more, st, list ? &listed : NULL);
        if (rc == MZX_OK && more[k] && writing &&
            mz_pool_phase_writing(pool) < MZ_POOL_PER_PHASE / 2)
            rc = pool_writing(p, pool, k, listed);
        mzx_mset_destroy(listed);
    }
    return rc;
}

/* The words apart, pooled when the page is still short after the other
 * phases and the learned words (their passages rank after those). */
static mzx_status_t pool_apart(plan_t *p, mz_pool_t *pool, int *more,
                               mz_search_stats_t *st)
{
    mzx_status_t rc = MZX_OK;
    for (int k = 0; k < p->nph && rc == MZX_OK; k++) {
        if (!p->ph[k].apart)
            continue;
        size_t had = mz_pool_size(pool);
        if (had >= page_want(p, st))
            st->exact = 0;  /* read after the pool, if the page wants */
        else if ((rc = pool_phase(p, pool, k, more, st, NULL)) == MZX_OK &&
                 mz_pool_size(pool) > had && mz_pool_rank(pool) < 0)
            rc = MZX_NOMEM, p->res->c.oom = 1;
    }
    return rc;
}

/* The best passages a topic the thesaurus does not know is learned from
 * (learn.h). */
enum { LEARN_FROM = 10 };

/* A topic the thesaurus does not know, whose words as typed, read to
 * their end, leave the page short: words learned from the pool's best
 * literal passages join its vocabulary (they rank the literal passages
 * too), and the passages only they find are pooled, after every other
 * but those of other senses (via "learned").  A topic the thesaurus knows
 * learns nothing: on the seeds its learned words were mostly off the
 * topic (好人主义 learned 政治立场 and 原则性). */
static mzx_status_t learn_words(plan_t *p, mz_pool_t *pool,
                                mz_search_stats_t *st)
{
    mz_str_t texts[LEARN_FROM];
    uint64_t docs[LEARN_FROM];
    mz_str_t files[LEARN_FROM];
    char *words = NULL;
    size_t n = mz_pool_feedback(pool, LEARN_FROM, texts, docs, files);
    if (mz_learn(p->db->x, p->lit_tree, texts, docs, files, n, &words) < 0)
        return p->res->c.oom = 1, MZX_NOMEM;
    if (!words)
        return MZX_OK;
    mz_parse_status_t ps = mz_query_parse(words, &p->learn_tree);
    free(words);
    if (ps != MZ_PARSE_OK)
        return ps == MZ_PARSE_NOMEM ? (p->res->c.oom = 1, MZX_NOMEM) : MZX_OK;
    mz_pool_learned(pool, p->learn_tree);
    if (!(p->learn_q = mz_query_build(p->learn_tree, p->db->x)))
        return p->res->c.oom = 1, MZX_NOMEM;
    mz_search_stats_t s = {0};
    mz_search_opts_t o = p->base;
    o.skip = p->lit_tree;
    o.via = "learned";
    o.want = MZ_POOL_PER_PHASE;
    o.one_batch = 1;
    o.no_paths = 1;
    mz_pool_phase(pool, 0);
    mzx_status_t rc = mz_search_phase(p->db->x, p->learn_tree, p->learn_q,
                                      &o, mz_pool_add, pool, &s);
    if (mz_pool_oom(pool))
        return p->res->c.oom = 1, MZX_NOMEM;
    st->matched += s.matched;
    st->total += s.total;
    st->exact &= s.exact;
    return rc;
}

/* The pool, best first, to the page until it is full; *rank: the last
 * rank given.  Returns nonzero when the page asks for no more. */
static int pool_to_page(plan_t *p, mz_pool_t *pool, unsigned long *rank,
                        mzx_status_t *rc)
{
    mz_collect_t *c = &p->res->c;
    /* the page's files, when remote shards hold them: in one search (on
     * failure, one by one below) */
    if (p->db->sh.remote) {
        mz_match_t *first[MZ_PREFETCH_MAX];
        size_t nfirst = 0, want = page_want(p, &p->res->st);
        while (nfirst < MZ_PREFETCH_MAX && nfirst < mz_pool_size(pool) &&
               nfirst < want)
            first[nfirst] = mz_pool_match(pool, nfirst), nfirst++;
        (void)mz_record_prefetch_files(p->db->x, first, nfirst);
    }
    for (size_t i = 0; i < mz_pool_size(pool); i++) {
        mz_match_t *m = mz_pool_match(pool, i);
        if ((*rc = mz_record_find_file(p->db->x, m->did, &m->rec)) != MZX_OK)
            return 1;
        if (m->rec.file.n && !m->rec.path.n)
            continue;  /* its file is gone meanwhile */
        m->rank = ++*rank;
        if (mz_collect_page(m, c) || c->oom)
            return 1;
    }
    return 0;
}

/* After the pool, the phases it did not finish, in phase order, until
 * the page is full. */
static mzx_status_t phases_after_pool(plan_t *p, const int *more,
                                      unsigned long rank,
                                      mz_search_stats_t *st)
{
    mz_collect_t *c = &p->res->c;
    mzx_status_t rc = MZX_OK;
    int stopped = 0;
    for (int k = 0; k < p->nph && rc == MZX_OK && !stopped; k++) {
        mz_search_stats_t s = {0};
        phase_t *ph = &p->ph[k];
        if (!more[k] || (ph->o.sense == MZ_SENSE_OTHER && ph->deferred &&
                         !*ph->deferred))
            continue;
        if ((rc = heads_query(p, ph)) != MZX_OK)
            break;
        ph->o.rank_base = rank;
        ph->o.want = page_want(p, st);
        rc = mz_search_phase(p->db->x, ph->tree, ph->q, &ph->o,
                             mz_collect_page, c, &s);
        rank += s.matched;
        st->matched += s.matched;
        stopped = !s.exact || c->oom;
        if (ph->deferred)
            *ph->deferred += s.deferred;
    }
    return rc;
}

/* The page: the pool best first (evidence.h), then the matches the pool
 * did not hold, in phase order, when the page wants more. */
static mzx_status_t read_pooled(plan_t *p, mz_search_stats_t *st)
{
    mz_collect_t *c = &p->res->c;
    mz_pool_t *pool = mz_pool_new(p->lit_tree, p->exp_tree);
    int more[sizeof p->ph / sizeof *p->ph] = {0};
    unsigned long rank = 0;
    if (!pool)
        return c->oom = 1, MZX_NOMEM;
    mzx_status_t rc = fill_pool(p, pool, more, st);
    if (rc == MZX_OK && mz_pool_rank(pool) < 0)
        rc = MZX_NOMEM, c->oom = 1;
    if (rc == MZX_OK && !p->exp_tree && !p->o->exact && st->exact &&
        mz_pool_size(pool) < page_want(p, st) &&
        (rc = learn_words(p, pool, st)) == MZX_OK && p->learn_tree &&
        mz_pool_rank(pool) < 0)
        rc = MZX_NOMEM, c->oom = 1;
    if (rc == MZX_OK && p->apart_tree)
        rc = pool_apart(p, pool, more, st);
    if (rc == MZX_OK && !pool_to_page(p, pool, &rank, &rc) && rc == MZX_OK)
        rc = phases_after_pool(p, more, rank, st);
    mz_pool_free(pool);
    return rc;
}

static mz_status_t search_words(mz_db_t *db, const mz_search_options_t *o,
                                mz_results_t *res)
{
    plan_t p = {.db = db, .o = o, .res = res,
                .query = o->query ? o->query : ""};
    mz_status_t st = plan_queries(&p);
    mzx_status_t rc = MZX_OK;
    if (st == MZ_STATUS_OK) {
        plan_phases(&p);
        rc = o->mode == MZ_SEARCH_COUNT  ? count_phases(&p, &res->st)
             : o->mode == MZ_SEARCH_PAGE ? read_pooled(&p, &res->st)
                                         : read_phases(&p, &res->st);
        res->count = res->st.matched;
    }
    if (rc != MZX_OK && !res->c.oom)
        st = mz_shardset_failed(&db->sh, db->x, rc, &db->err);
    plan_free(&p);
    return st;
}

/* ---- passages like a draft ------------------------------------------------ */

static int stop_at_once(const mz_match_t *m, void *ctx)
{
    return 1;
}

/* The passages most like the draft that also have the words (as typed). */
static mz_status_t search_similar(mz_db_t *db, const mz_search_options_t *o,
                                  mz_results_t *res)
{
    mz_qnode_t *words = NULL;
    size_t size, len = o->similar_len;
    const char *query = o->query ? o->query : "";
    mz_parse_status_t ps = mz_query_parse_capped(query, &words, &size);
    if (ps != MZ_PARSE_OK && ps != MZ_PARSE_EMPTY)
        return parse_failed(&db->err, ps, size, query);
    mzx_query_t *wq = words ? mz_query_build(words, db->x) : NULL;
    mz_scope_t scope = {0};
    mz_scope_ctx_t sctx;
    mz_status_t st = words && !wq
        ? mz_err(&db->err, MZ_STATUS_NOMEM, "out of memory")
        : mz_scope_query(db, o, &scope);
    if (st == MZ_STATUS_OK) {
        mz_search_opts_t so = {.w = &db->w, .kind = o->kind, .year = o->year,
                               .type = (unsigned long)o->type};
        mz_scope_apply(&scope, &sctx, db, o, &so);
        mz_match_fn fn = o->mode == MZ_SEARCH_COUNT ? stop_at_once
                         : o->mode == MZ_SEARCH_FILES ? mz_collect_file
                                                      : mz_collect_page;
        mzx_status_t rc = mz_similar(db->x, o->similar_text, len,
                                     words, wq, &so, fn, &res->c, &res->st);
        res->count = res->st.total;
        if (rc != MZX_OK)
            st = mz_shardset_failed(&db->sh, db->x, rc, &db->err);
    }
    mz_scope_free(&scope);
    mzx_query_free(wq);
    mz_qnode_free(words);
    return st;
}

mz_status_t mz_search_run(mz_db_t *db, const mz_search_options_t *o,
                          mz_results_t **out)
{
    *out = NULL;
    if (!db || !o)
        return MZ_STATUS_BAD_ARGUMENT;
    if (o->similar && !o->similar_text)
        return mz_err(&db->err, MZ_STATUS_BAD_ARGUMENT, "--similar %s: the "
                      "draft was not read", o->similar);
    db->err = (mz_err_t){MZ_STATUS_OK, {"", ""}};
    mz_results_t *res = results_new(db, o);
    if (!res)
        return mz_err(&db->err, MZ_STATUS_NOMEM, "out of memory");
    mz_status_t st = o->similar_text
                         ? search_similar(db, o, res)
                         : search_words(db, o, res);
    mz_collect_done(&res->c);
    if (st == MZ_STATUS_OK && res->c.oom)
        st = mz_err(&db->err, MZ_STATUS_NOMEM, "out of memory");
    if (st != MZ_STATUS_OK) {
        mz_results_free(res);
        return st;
    }
    *out = res;
    return MZ_STATUS_OK;
}
