/* build.c — the Xapian query for a tree.
 *
 * Index terms are bigrams, run-final characters and words (segment.h), so:
 *   a Han run of 1 character c  -> SYNONYM of every term starting with c
 *                                  (exact: c occurs iff such a term does)
 *   a Han run of 2 characters   -> that bigram (exact)
 *   a longer Han run            -> AND of its bigrams (a superset: the
 *                                  bigrams may be apart; eval checks)
 *   a word                      -> the word (exact)
 * An excluded leaf is subtracted in the index only when its query is exact;
 * otherwise the exact check alone removes its passages.
 */
#include "query.h"

#include <stdlib.h>
#include <string.h>

enum { PREFIX_TERM_CAP = 20000 };

static mzx_query_t *combine_free(mzx_op_t op, mzx_query_t **subs, size_t n)
{
    mzx_query_t *q = NULL;
    int ok = 1;
    for (size_t i = 0; i < n; i++)
        ok &= subs[i] != NULL;
    if (ok)
        q = n == 1 ? subs[0] : mzx_query_combine(op, subs, n);
    for (size_t i = 0; i < n; i++)
        if (!(n == 1 && q))
            mzx_query_free(subs[i]);
    return q;
}

/* A term with the family prefix in front ("" for passage text, "S" for
 * headings). */
static mzx_query_t *term(const char *pfx, const char *t, size_t n)
{
    char buf[MZX_TERM_MAX + 8];
    size_t p = strlen(pfx);
    if (p + n > MZX_TERM_MAX)
        n = MZX_TERM_MAX - p;
    memcpy(buf, pfx, p);
    memcpy(buf + p, t, n);
    return mzx_query_term(buf, p + n);
}

static mzx_query_t *build_run(const mz_qrun_t *r, mzx_db_t *db,
                              const char *pfx)
{
    if (r->kind == MZ_TOK_WORD)
        return term(pfx, r->tok[0], strlen(r->tok[0]));
    if (r->ntok == 1) {
        char buf[16];
        size_t p = strlen(pfx), n = strlen(r->tok[0]);
        memcpy(buf, pfx, p);
        memcpy(buf + p, r->tok[0], n);
        return mzx_query_prefix(db, buf, p + n, 8 + p, PREFIX_TERM_CAP);
    }
    mzx_query_t **subs = calloc(r->ntok - 1, sizeof *subs);
    if (!subs)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i + 1 < r->ntok; i++) {
        char bigram[16];
        size_t a = strlen(r->tok[i]), b = strlen(r->tok[i + 1]);
        memcpy(bigram, r->tok[i], a);
        memcpy(bigram + a, r->tok[i + 1], b);
        /* a repeated bigram (哈哈哈) would only double its weight */
        int dup = 0;
        for (size_t j = 0; j < i && !dup; j++)
            dup = strcmp(r->tok[j], r->tok[i]) == 0 &&
                  strcmp(r->tok[j + 1], r->tok[i + 1]) == 0;
        if (!dup)
            subs[n++] = term(pfx, bigram, a + b);
    }
    mzx_query_t *q = combine_free(MZX_OP_AND, subs, n);
    free(subs);
    return q;
}

static int one_char(const mz_qrun_t *r)
{
    return r->kind == MZ_TOK_HAN && r->ntok == 1;
}

static mzx_query_t *build_leaf(const mz_qnode_t *leaf, mzx_db_t *db,
                               const char *pfx)
{
    mzx_query_t **subs = calloc(leaf->nruns, sizeof *subs);
    if (!subs)
        return NULL;
    int all = mz_leaf_char_runs(leaf) > 0;
    size_t n = 0;
    for (size_t i = 0; i < leaf->nruns; i++)
        if (all || !one_char(&leaf->runs[i]))
            subs[n++] = build_run(&leaf->runs[i], db, pfx);
    mzx_query_t *q = combine_free(MZX_OP_AND, subs, n);
    free(subs);
    return q;
}

/* The index answers this leaf exactly: no check is needed to exclude it. */
static int leaf_is_exact(const mz_qnode_t *leaf)
{
    return leaf->nruns == 1 &&
           (leaf->runs[0].kind == MZ_TOK_WORD || leaf->runs[0].ntok <= 2);
}

mzx_query_t *mz_query_build(const mz_qnode_t *n, mzx_db_t *db)
{
    return mz_query_build_prefixed(n, db, "");
}

mzx_query_t *mz_query_build_prefixed(const mz_qnode_t *n, mzx_db_t *db,
                                     const char *pfx)
{
    if (n->kind == MZ_QN_LEAF)
        return build_leaf(n, db, pfx);
    mzx_query_t **pos = calloc(n->nkids + 1, sizeof *pos);
    mzx_query_t **neg = calloc(n->nkids + 1, sizeof *neg);
    size_t np = 0, nn = 0;
    mzx_query_t *q = NULL;
    if (!pos || !neg)
        goto out;
    for (size_t i = 0; i < n->nkids; i++) {
        const mz_qnode_t *k = n->kids[i];
        if (!k->negated)
            pos[np++] = mz_query_build_prefixed(k, db, pfx);
        else if (leaf_is_exact(k))
            neg[nn++] = mz_query_build_prefixed(k, db, pfx);
    }
    q = combine_free(n->kind == MZ_QN_OR ? MZX_OP_OR : MZX_OP_AND, pos, np);
    if (q && nn) {
        mzx_query_t *minus = combine_free(MZX_OP_OR, neg, nn);
        mzx_query_t *both[2] = {q, minus};
        q = minus ? mzx_query_combine(MZX_OP_AND_NOT, both, 2) : NULL;
        mzx_query_free(both[0]);
        mzx_query_free(minus);
    } else {
        for (size_t i = 0; i < nn; i++)
            mzx_query_free(neg[i]);
    }
out:
    free(pos);
    free(neg);
    return q;
}

int mz_query_exact(const mz_qnode_t *n)
{
    if (n->kind == MZ_QN_LEAF)
        return leaf_is_exact(n);
    for (size_t i = 0; i < n->nkids; i++)
        if (!mz_query_exact(n->kids[i]))
            return 0;
    return 1;
}
