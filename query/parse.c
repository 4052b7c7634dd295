/* parse.c — query string to tree (see query.h for the language). */
#include "query.h"

#include <stdlib.h>
#include <string.h>

static void free_leaf(mz_qnode_t *n)
{
    for (size_t i = 0; i < n->nruns; i++) {
        for (size_t j = 0; j < n->runs[i].ntok; j++)
            free(n->runs[i].tok[j]);
        free(n->runs[i].tok);
    }
    free(n->runs);
    free(n->source);
    free(n->han);
}

void mz_qnode_free(mz_qnode_t *n)
{
    if (!n)
        return;
    free_leaf(n);
    for (size_t i = 0; i < n->nkids; i++)
        mz_qnode_free(n->kids[i]);
    free(n->kids);
    free(n);
}

int mz_qnode_push(mz_qnode_t *parent, mz_qnode_t *kid)
{
    mz_qnode_t **k = realloc(parent->kids, (parent->nkids + 1) * sizeof *k);
    if (!k)
        return -1;
    parent->kids = k;
    k[parent->nkids++] = kid;
    return 0;
}

/* Cut the leaf text into runs with the shared segmenter. */
static int segment_leaf(mz_qnode_t *leaf, const char *s, size_t n)
{
    mz_seg_t seg;
    mz_token_t t;
    unsigned last_run = 0;
    mz_seg_init(&seg, s, n);
    while (mz_seg_next(&seg, &t)) {
        mz_qrun_t *r;
        if (leaf->nruns == 0 || t.kind == MZ_TOK_WORD || t.run != last_run) {
            r = realloc(leaf->runs, (leaf->nruns + 1) * sizeof *r);
            if (!r)
                return -1;
            leaf->runs = r;
            r = &leaf->runs[leaf->nruns++];
            memset(r, 0, sizeof *r);
            r->kind = t.kind;
        } else {
            r = &leaf->runs[leaf->nruns - 1];
        }
        last_run = t.run;
        char **tok = realloc(r->tok, (r->ntok + 1) * sizeof *tok);
        if (!tok)
            return -1;
        r->tok = tok;
        if (!(tok[r->ntok] = strdup(t.norm)))
            return -1;
        r->ntok++;
    }
    return 0;
}

/* A leaf of one Han run is matched as a plain substring (match.c): its
 * characters, joined once here rather than for every passage checked. */
static int join_han(mz_qnode_t *leaf)
{
    if (leaf->nruns != 1 || leaf->runs[0].kind != MZ_TOK_HAN)
        return 0;
    const mz_qrun_t *r = &leaf->runs[0];
    size_t n = 0;
    for (size_t i = 0; i < r->ntok; i++)
        n += strlen(r->tok[i]);
    if (!(leaf->han = malloc(n + 1)))
        return -1;
    for (size_t i = 0; i < r->ntok; i++) {
        size_t k = strlen(r->tok[i]);
        memcpy(leaf->han + leaf->nhan, r->tok[i], k);
        leaf->nhan += k;
    }
    leaf->han[n] = '\0';
    return 0;
}

static mz_qnode_t *new_leaf(const char *s, size_t n, int *err)
{
    mz_qnode_t *leaf = calloc(1, sizeof *leaf);
    if (!leaf || !(leaf->source = strndup(s, n)) ||
        segment_leaf(leaf, s, n) < 0 || join_han(leaf) < 0) {
        mz_qnode_free(leaf);
        *err = 1;
        return NULL;
    }
    leaf->kind = MZ_QN_LEAF;
    return leaf;
}

mz_qnode_t *mz_query_leaf(const char *text, int quoted)
{
    int err = 0;
    mz_qnode_t *leaf = new_leaf(text, strlen(text), &err);
    if (leaf)
        leaf->quoted = quoted;
    return leaf;
}

static int copy_leaf(mz_qnode_t *c, const mz_qnode_t *n)
{
    if (n->source && !(c->source = strdup(n->source)))
        return -1;
    if (n->han && !(c->han = strdup(n->han)))
        return -1;
    if (n->nruns && !(c->runs = calloc(n->nruns, sizeof *c->runs)))
        return -1;
    for (; c->nruns < n->nruns; c->nruns++) {
        const mz_qrun_t *r = &n->runs[c->nruns];
        mz_qrun_t *d = &c->runs[c->nruns];
        d->kind = r->kind;
        if (!(d->tok = calloc(r->ntok ? r->ntok : 1, sizeof *d->tok)))
            return -1;
        for (; d->ntok < r->ntok; d->ntok++)
            if (!(d->tok[d->ntok] = strdup(r->tok[d->ntok])))
                return -1;
    }
    return 0;
}

mz_qnode_t *mz_qnode_clone(const mz_qnode_t *n)
{
    mz_qnode_t *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->kind = n->kind;
    c->negated = n->negated;
    c->quoted = n->quoted;
    c->nhan = n->nhan;
    int bad = copy_leaf(c, n) < 0;
    for (size_t i = 0; i < n->nkids && !bad; i++) {
        mz_qnode_t *k = mz_qnode_clone(n->kids[i]);
        bad = !k || mz_qnode_push(c, k) < 0;
        if (bad)
            mz_qnode_free(k);
    }
    if (bad) {
        mz_qnode_free(c);
        return NULL;
    }
    return c;
}

static int put(char **buf, size_t *len, const char *s)
{
    size_t n = strlen(s);
    char *b = realloc(*buf, *len + n + 1);
    if (!b)
        return -1;
    memcpy(b + *len, s, n + 1);
    *buf = b;
    *len += n;
    return 0;
}

static int format(const mz_qnode_t *n, char **buf, size_t *len)
{
    if (n->kind == MZ_QN_LEAF) {
        const char *q = n->quoted ? "\"" : "";
        return put(buf, len, n->negated ? "-" : "") || put(buf, len, q) ||
                       put(buf, len, n->source) || put(buf, len, q)
                   ? -1
                   : 0;
    }
    int bad = 0;
    for (size_t i = 0; i < n->nkids && !bad; i++)
        bad = (i && put(buf, len, n->kind == MZ_QN_OR ? " OR " : " ")) ||
              format(n->kids[i], buf, len) < 0;
    return bad ? -1 : 0;
}

char *mz_query_format(const mz_qnode_t *n)
{
    char *buf = NULL;
    size_t len = 0;
    if (put(&buf, &len, "") < 0 || format(n, &buf, &len) < 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* Word separators: ASCII white space and the ideographic space. */
static size_t space_at(const char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        return 1;
    return strncmp(s, "\xE3\x80\x80", 3) == 0 ? 3 : 0;
}

typedef struct {
    const char *s;
    size_t n;
    int quoted, negated, is_or, is_and;
} item_t;

/* A Chinese input method types “ and ” for the quote key: “…” around a
 * whole item (the closing ” followed by a separator or the end) quotes a
 * phrase as "…" does.  Quotes inside a word (“四风”问题) stay part of it:
 * that word already matches its runs in sequence. */
static int curly_quoted(const char *s, item_t *it, const char **p)
{
    static const char open[] = "\xE2\x80\x9C", close[] = "\xE2\x80\x9D";
    if (strncmp(s, open, 3) != 0)
        return 0;
    const char *e = strstr(s + 3, close);
    if (!e || (e[3] && !space_at(e + 3)))
        return 0;
    it->quoted = 1;
    it->s = s + 3;
    it->n = (size_t)(e - s - 3);
    *p = e + 3;
    return 1;
}

/* Next item of the query: a quoted phrase, OR, AND, or a (-)word. */
static int next_item(const char **p, item_t *it)
{
    const char *s = *p;
    size_t k;
    while (*s && (k = space_at(s)))
        s += k;
    if (!*s)
        return 0;
    memset(it, 0, sizeof *it);
    if (*s == '-' && s[1] && !space_at(s + 1)) {
        it->negated = 1;
        s++;
    }
    if (*s == '"') {
        const char *e = strchr(s + 1, '"');
        it->quoted = 1;
        it->s = s + 1;
        it->n = e ? (size_t)(e - s - 1) : strlen(s + 1);
        *p = e ? e + 1 : s + 1 + it->n;
        return 1;
    }
    if (curly_quoted(s, it, p))
        return 1;
    const char *e = s;
    while (*e && !space_at(e))
        e++;
    it->s = s;
    it->n = (size_t)(e - s);
    it->is_or = !it->negated && it->n == 2 && memcmp(s, "OR", 2) == 0;
    it->is_and = !it->negated && it->n == 3 && memcmp(s, "AND", 3) == 0;
    *p = e;
    return 1;
}

static int run_equal(const mz_qrun_t *a, const mz_qrun_t *b)
{
    if (a->kind != b->kind || a->ntok != b->ntok)
        return 0;
    for (size_t i = 0; i < a->ntok; i++)
        if (strcmp(a->tok[i], b->tok[i]) != 0)
            return 0;
    return 1;
}

/* The same words (as normalized: ＡＰＰ is app) in the same structure. */
static int node_equal(const mz_qnode_t *a, const mz_qnode_t *b)
{
    if (a->kind != b->kind || a->negated != b->negated ||
        a->nruns != b->nruns || a->nkids != b->nkids)
        return 0;
    for (size_t i = 0; i < a->nruns; i++)
        if (!run_equal(&a->runs[i], &b->runs[i]))
            return 0;
    for (size_t i = 0; i < a->nkids; i++)
        if (!node_equal(a->kids[i], b->kids[i]))
            return 0;
    return 1;
}

/* Keep each kid once (a AND a is a, a OR a is a); an OR left with one
 * alternative becomes that alternative. */
void mz_query_merge(mz_qnode_t *n)
{
    size_t kept = 0;
    for (size_t i = 0; i < n->nkids; i++) {
        mz_qnode_t *k = n->kids[i];
        if (k->kind == MZ_QN_OR) {
            mz_query_merge(k);
            if (k->nkids == 1) {
                mz_qnode_t *only = k->kids[0];
                k->nkids = 0;
                mz_qnode_free(k);
                k = only;
            }
        }
        size_t j = 0;
        while (j < kept && !node_equal(n->kids[j], k))
            j++;
        if (j < kept)
            mz_qnode_free(k);
        else
            n->kids[kept++] = k;
    }
    n->nkids = kept;
}

mz_parse_status_t mz_query_parse(const char *q, mz_qnode_t **out)
{
    mz_qnode_t *root;
    item_t it, prev_op = {0};
    int err = 0, any = 0, pending_or = 0, pending_and = 0;
    mz_parse_status_t st = MZ_PARSE_OK;
    *out = NULL;
    if (!mz_utf8_valid(q, strlen(q)))
        return MZ_PARSE_BAD_UTF8;
    if (!(root = calloc(1, sizeof *root)))
        return MZ_PARSE_NOMEM;
    root->kind = MZ_QN_AND;
    while (!err && next_item(&q, &it)) {
        any = 1;
        /* OR joins its neighbours; AND between words is the AND the
         * words have anyway (typed as other engines take it) */
        if ((it.is_or || it.is_and) && root->nkids > 0 && !pending_or &&
            !pending_and) {
            pending_or = it.is_or;
            pending_and = it.is_and;
            prev_op = it;
            continue;
        }
        mz_qnode_t *leaf = new_leaf(it.s, it.n, &err);
        if (!leaf)
            break;
        leaf->quoted = it.quoted;
        if (leaf->nruns == 0) {     /* only punctuation: nothing to find */
            mz_qnode_free(leaf);
            continue;
        }
        leaf->negated = it.negated;
        mz_qnode_t *last = root->nkids ? root->kids[root->nkids - 1] : NULL;
        if (pending_or && last) {
            if (leaf->negated || last->negated) {
                mz_qnode_free(leaf);
                st = MZ_PARSE_NEG_IN_OR;
                break;
            }
            if (last->kind != MZ_QN_OR) {
                mz_qnode_t *grp = calloc(1, sizeof *grp);
                if (!grp || mz_qnode_push(grp, last) < 0) {
                    free(grp);
                    mz_qnode_free(leaf);
                    err = 1;
                    break;
                }
                grp->kind = MZ_QN_OR;
                root->kids[root->nkids - 1] = grp;
                last = grp;
            }
            err = mz_qnode_push(last, leaf) < 0;
        } else {
            err = mz_qnode_push(root, leaf) < 0;
        }
        if (err)
            mz_qnode_free(leaf);
        pending_or = pending_and = 0;
    }
    /* A dangling OR or AND is the word "or" or "and". */
    if (!err && st == MZ_PARSE_OK && (pending_or || pending_and)) {
        mz_qnode_t *leaf = new_leaf(prev_op.s, prev_op.n, &err);
        if (leaf && mz_qnode_push(root, leaf) < 0) {
            mz_qnode_free(leaf);
            err = 1;
        }
    }
    mz_query_merge(root);
    size_t positive = 0;
    for (size_t i = 0; i < root->nkids; i++)
        positive += !root->kids[i]->negated;
    if (err)
        st = MZ_PARSE_NOMEM;
    else if (st == MZ_PARSE_OK && !any)
        st = MZ_PARSE_EMPTY;
    else if (st == MZ_PARSE_OK && root->nkids == 0)
        st = MZ_PARSE_NOTHING;
    else if (st == MZ_PARSE_OK && positive == 0)
        st = MZ_PARSE_ONLY_NEGATIVE;
    if (st != MZ_PARSE_OK) {
        mz_qnode_free(root);
        return st;
    }
    *out = root;
    return MZ_PARSE_OK;
}

/* A one-character run costs a term for every word it starts (thousands for
 * a common one) and narrows little: in a leaf with a longer run or a word
 * (a pasted sentence, "好，很好") it is left to the exact check. */
size_t mz_leaf_char_runs(const mz_qnode_t *leaf)
{
    size_t n = 0;
    for (size_t i = 0; i < leaf->nruns; i++) {
        const mz_qrun_t *r = &leaf->runs[i];
        if (r->kind != MZ_TOK_HAN || r->ntok != 1)
            return 0;
        n++;
    }
    return n;
}

/* Words (leaves) and one-character Han runs under n, those that are OR
 * alternatives counted twice (see MZ_QUERY_MAX_CHARS). */
static void count_words(const mz_qnode_t *n, size_t weight, size_t *words,
                        size_t *chars)
{
    if (n->kind == MZ_QN_LEAF) {
        (*words)++;
        *chars += weight * mz_leaf_char_runs(n);
    }
    for (size_t i = 0; i < n->nkids; i++)
        count_words(n->kids[i], n->kind == MZ_QN_OR ? 2 : weight, words,
                    chars);
}

mz_parse_status_t mz_query_parse_capped(const char *q, mz_qnode_t **out,
                                        size_t *size)
{
    size_t words = 0, chars = 0;
    *out = NULL;
    *size = strlen(q);
    if (*size > MZ_QUERY_MAX_BYTES)
        return MZ_PARSE_TOO_LONG;  /* before any work on it */
    mz_parse_status_t st = mz_query_parse(q, out);
    if (st != MZ_PARSE_OK)
        return st;
    count_words(*out, 1, &words, &chars);
    if (words > MZ_QUERY_MAX_WORDS)
        st = MZ_PARSE_TOO_MANY_WORDS, *size = words;
    else if (chars > MZ_QUERY_MAX_CHARS)
        st = MZ_PARSE_TOO_MANY_CHARS, *size = chars;
    if (st != MZ_PARSE_OK) {
        mz_qnode_free(*out);
        *out = NULL;
    }
    return st;
}
