/* unit_within.c — mzx_mset_within: a search kept to documents carrying
 * some filter terms, answered from a listed search of the unfiltered query
 * (the pool's writing-genre search, engine.c pool_writing) must give what
 * running it gives: the same documents in the same order (ties by docid),
 * the same weights and records, over the same exclusions; and no answer
 * when the listed search did not meet every candidate or when a FILTER
 * could weigh its matches otherwise (an AND at its root). */
#include "check.h"
#include "mzx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char top[64];
static const mzx_layout_t lay = {0, 0, "X"};
static const mzx_weighting_t flat = {1.0, 0.0, 0.5}; /* no length: ties */

/* Document i: "a" (i % 3 + 1 times), "b" when i % 4 == 0, the genre
 * "G<i % 5>", the record "r<i>"; every 17th is deleted (an exclusion). */
static int make_db(const char *path, unsigned n)
{
    mzx_writer_t *w = NULL;
    if (mzx_writer_open(path, &w, NULL) != MZX_OK)
        return -1;
    mzx_status_t st = MZX_OK;
    for (unsigned i = 1; i <= n && st == MZX_OK; i++) {
        char g[8], rec[16], key[16];
        mzx_doc_t *d = mzx_doc_new();
        if (!d)
            break;
        for (unsigned k = 0; k <= i % 3; k++)
            st = st == MZX_OK ? mzx_doc_add_term(d, "a", 1) : st;
        if (i % 4 == 0 && st == MZX_OK)
            st = mzx_doc_add_term(d, "b", 1);
        snprintf(g, sizeof g, "G%u", i % 5);
        snprintf(key, sizeof key, "K%u", i);
        snprintf(rec, sizeof rec, "r%u", i);
        if (st == MZX_OK)
            st = mzx_doc_add_boolean(d, g, strlen(g));
        if (st == MZX_OK)
            st = mzx_doc_add_boolean(d, key, strlen(key));
        if (st == MZX_OK)
            st = mzx_doc_set_value(d, 0, rec, strlen(rec));
        if (st == MZX_OK)
            st = mzx_writer_add(w, d);
        mzx_doc_destroy(d);
    }
    /* exclusions: documents carrying X, whose data names a term */
    for (unsigned i = 17; i <= n && st == MZX_OK; i += 17) {
        char key[16];
        mzx_doc_t *d = mzx_doc_new();
        if (!d)
            break;
        snprintf(key, sizeof key, "K%u", i);
        st = mzx_doc_add_boolean(d, "X", 1);
        if (st == MZX_OK)
            st = mzx_doc_set_data(d, key, strlen(key));
        if (st == MZX_OK)
            st = mzx_writer_add(w, d);
        mzx_doc_destroy(d);
    }
    return mzx_writer_close(w, NULL) == MZX_OK && st == MZX_OK ? 0 : -1;
}

static mzx_query_t *two(mzx_op_t op, const char *x, const char *y)
{
    mzx_query_t *v[2] = {mzx_query_term(x, strlen(x)),
                         mzx_query_term(y, strlen(y))};
    mzx_query_t *q = mzx_query_combine(op, v, 2);
    mzx_query_free(v[0]);
    mzx_query_free(v[1]);
    return q;
}

/* How a and b differ ("" when they hold the same matches, weights and
 * records). */
static const char *differ(mzx_mset_t *a, mzx_mset_t *b)
{
    static char why[128];
    if (mzx_mset_size(a) != mzx_mset_size(b)) {
        snprintf(why, sizeof why, "sizes %u and %u", mzx_mset_size(a),
                 mzx_mset_size(b));
        return why;
    }
    for (unsigned i = 0; i < mzx_mset_size(a); i++) {
        const char *da, *db;
        size_t la, lb;
        if (mzx_mset_docid(a, i) != mzx_mset_docid(b, i) ||
            mzx_mset_weight(a, i) != mzx_mset_weight(b, i) ||
            mzx_mset_data(a, i, &da, &la) != MZX_OK ||
            mzx_mset_data(b, i, &db, &lb) != MZX_OK || !da || !db ||
            la != lb || memcmp(da, db, la) != 0) {
            snprintf(why, sizeof why, "match %u: docid %u and %u", i,
                     mzx_mset_docid(a, i), mzx_mset_docid(b, i));
            return why;
        }
    }
    return "";
}

/* q listed (a first batch of 10), then kept to G1 or G3: the best `count`
 * as mzx_mset_within gives them and as the search gives them; *derived
 * whether within answered. */
static const char *compare(mzx_db_t *db, const mzx_query_t *q,
                           unsigned at_least, unsigned count, int *derived)
{
    static const char *const terms[] = {"G1", "G3"};
    static const size_t lens[] = {2, 2};
    mzx_query_t *g = two(MZX_OP_OR, "G1", "G3");
    mzx_query_t *v[2] = {(mzx_query_t *)q, g};
    mzx_query_t *fq = mzx_query_combine(MZX_OP_FILTER, v, 2);
    mzx_mset_t *listed = NULL, *within = NULL, *run = NULL;
    const char *why = "a search failed";
    if (mzx_db_search_listed(db, &lay, q, &flat, 0, 10, at_least, &listed) ==
            MZX_OK &&
        mzx_mset_within(listed, terms, lens, 2, fq, &flat, count, at_least,
                        &within) == MZX_OK &&
        mzx_db_search(db, &lay, fq, &flat, 0, count, at_least, &run) ==
            MZX_OK) {
        *derived = within != NULL;
        why = within ? differ(within, run) : "";
    }
    mzx_mset_destroy(listed);
    mzx_mset_destroy(within);
    mzx_mset_destroy(run);
    mzx_query_free(fq);
    mzx_query_free(g);
    return why;
}

int main(void)
{
    char path[128];
    if (!check_tmpdir(top, sizeof top, "unit_within")) {
        perror(top);
        return 2;
    }
    snprintf(path, sizeof path, "%s/db", top);
    mzx_db_t *db = NULL;
    if (make_db(path, 300) < 0 || mzx_db_open(path, &db, NULL) != MZX_OK) {
        fprintf(stderr, "unit_within: cannot make the database in %s\n",
                path);
        return 2;
    }
    mzx_query_t *ab = two(MZX_OP_OR, "a", "b");
    mzx_query_t *both = two(MZX_OP_AND, "a", "b");
    mzx_query_t *a = mzx_query_term("a", 1);
    int derived = 0;
    const char *why = compare(db, ab, 500, 45, &derived);
    CHECK("within-or-same-as-search", derived && !*why,
          "derived %d: %s", derived, why);
    derived = 0;
    why = compare(db, a, 500, 200, &derived);
    CHECK("within-term-ties-and-exclusions", derived && !*why,
          "derived %d: %s", derived, why);
    derived = 1;
    why = compare(db, ab, 50, 45, &derived);
    CHECK("within-not-past-check-at-least", !derived && !*why,
          "derived %d: %s", derived, why);
    derived = 1;
    why = compare(db, both, 500, 45, &derived);
    CHECK("within-not-for-and", !derived && !*why, "derived %d: %s",
          derived, why);
    /* a search that did not list answers nothing */
    mzx_mset_t *plain = NULL, *within = NULL;
    static const char *const g1[] = {"G1"};
    static const size_t l1[] = {2};
    mzx_status_t st = mzx_db_search(db, &lay, ab, &flat, 0, 10, 500, &plain);
    if (st == MZX_OK)
        st = mzx_mset_within(plain, g1, l1, 1, ab, &flat, 10, 500, &within);
    CHECK("within-needs-listed", st == MZX_OK && !within, "st %d within %p",
          (int)st, (void *)within);
    mzx_mset_destroy(plain);
    mzx_mset_destroy(within);
    mzx_db_destroy(db);

    /* two databases holding documents (an index after an update): no
     * answer from within (a spy sees each database's own docids), the
     * search runs */
    char p2[128], stub[128];
    snprintf(p2, sizeof p2, "%s/db2", top);
    snprintf(stub, sizeof stub, "%s/stub", top);
    FILE *f = NULL;
    db = NULL;
    if (make_db(p2, 40) == 0 && (f = fopen(stub, "w")) != NULL) {
        fprintf(f, "auto db\nauto db2\n");
        fclose(f);
        f = (FILE *)1;
    }
    if (f && mzx_db_open(stub, &db, NULL) == MZX_OK) {
        derived = 1;
        why = compare(db, ab, 500, 45, &derived);
        CHECK("within-not-over-two-databases", !derived && !*why,
              "derived %d: %s", derived, why);
    } else {
        CHECK("within-not-over-two-databases", 0, "cannot open %s", stub);
    }
    mzx_db_destroy(db);
    mzx_query_free(ab);
    mzx_query_free(both);
    mzx_query_free(a);

    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
    if (system(cmd) != 0)
        return 2;
    return check_failures ? 1 : 0;
}
