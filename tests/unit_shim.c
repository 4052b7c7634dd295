/* unit_shim.c — the shim (shim/mzx.h) against real Xapian databases made
 * here: what a caller sees when the index is missing, locked, damaged,
 * grouped wrongly or changed under a read, and that it reads as the
 * caller's layout says (it knows no term of mzsearch's). */
#include "check.h"
#include "mzx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char top[64];

static void at(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", top, name);
}

/* A document with the ranking term t, the boolean terms b1 and b2 (NULL:
 * none), data and a record in slot 0 (NULL: none). */
static mzx_status_t add(mzx_writer_t *w, const char *t, const char *b1,
                        const char *b2, const char *data, const char *rec)
{
    mzx_doc_t *d = mzx_doc_new();
    mzx_status_t st = d ? MZX_OK : MZX_NOMEM;
    if (st == MZX_OK && t)
        st = mzx_doc_add_term(d, t, strlen(t));
    if (st == MZX_OK && b1)
        st = mzx_doc_add_boolean(d, b1, strlen(b1));
    if (st == MZX_OK && b2)
        st = mzx_doc_add_boolean(d, b2, strlen(b2));
    if (st == MZX_OK && data)
        st = mzx_doc_set_data(d, data, strlen(data));
    if (st == MZX_OK && rec)
        st = mzx_doc_set_value(d, 0, rec, strlen(rec));
    if (st == MZX_OK)
        st = mzx_writer_add(w, d);
    mzx_doc_destroy(d);
    return st;
}

/* n documents of the term "word", each with its own filter term
 * ("Fnnnn") and a record "tag:nnnn" padded to make the tables grow past a
 * block. */
static mzx_status_t fill(mzx_writer_t *w, unsigned n, const char *tag)
{
    char key[32], rec[160];
    for (unsigned i = 0; i < n; i++) {
        snprintf(key, sizeof key, "F%04u", i);
        snprintf(rec, sizeof rec, "%s:%04u %0120u", tag, i, i);
        mzx_status_t st = add(w, "word", key, NULL, NULL, rec);
        if (st != MZX_OK)
            return st;
    }
    return MZX_OK;
}

/* A fresh database at top/name holding n documents (fill). */
static int make_db(const char *name, unsigned n, const char *tag)
{
    char p[128];
    at(p, sizeof p, name);
    mzx_writer_t *w = NULL;
    if (mzx_writer_open(p, &w, NULL) != MZX_OK)
        return -1;
    if (fill(w, n, tag) != MZX_OK) {
        mzx_writer_destroy(w);
        return -1;
    }
    return mzx_writer_close(w, NULL) == MZX_OK ? 0 : -1;
}

static void missing_index(void)
{
    char p[128];
    at(p, sizeof p, "none");
    mzx_db_t *db = (mzx_db_t *)1;
    char *err = NULL;
    mzx_status_t st = mzx_db_open(p, &db, &err);
    CHECK("shim-missing-index", st == MZX_NO_INDEX && db == NULL && err &&
                                    *err,
          "status %s, message %s", mzx_status_str(st), err ? err : "(none)");
    free(err);
    st = mzx_check(p, NULL, 0, &err);
    CHECK("shim-missing-index-check", st == MZX_NO_INDEX && err,
          "status %s", mzx_status_str(st));
    free(err);
}

static void second_writer(void)
{
    char p[128];
    at(p, sizeof p, "locked");
    mzx_writer_t *w1 = NULL, *w2 = (mzx_writer_t *)1;
    char *err = NULL;
    mzx_status_t st1 = mzx_writer_open(p, &w1, NULL);
    mzx_status_t st2 = mzx_writer_open(p, &w2, &err);
    CHECK("shim-second-writer-locked",
          st1 == MZX_OK && st2 == MZX_LOCKED && w2 == NULL && err && *err,
          "first %s, second %s (%s)", mzx_status_str(st1),
          mzx_status_str(st2), err ? err : "no message");
    free(err);
    /* the first writer is unharmed by the refusal */
    CHECK("shim-first-writer-still-writes",
          add(w1, "word", NULL, NULL, "d", NULL) == MZX_OK &&
              mzx_writer_close(w1, NULL) == MZX_OK,
          "add or close failed");
    mzx_db_t *db = NULL;
    unsigned n = 0;
    CHECK("shim-first-writer-committed",
          mzx_db_open(p, &db, NULL) == MZX_OK &&
              mzx_db_doccount(db, &n) == MZX_OK && n == 1,
          "%u documents", n);
    mzx_db_destroy(db);
}

static void damaged_table(void)
{
    char p[128], table[160];
    if (make_db("damaged", 3000, "v1") < 0) {
        CHECK("shim-damaged-setup", 0, "cannot make the database");
        return;
    }
    at(p, sizeof p, "damaged");
    char *err = NULL;
    mzx_status_t st = mzx_check(p, NULL, 1, &err);
    CHECK("shim-intact-checks-ok", st == MZX_OK, "%s: %s",
          mzx_status_str(st), err ? err : "");
    free(err);
    err = NULL;
    /* cut the posting table after its first block */
    snprintf(table, sizeof table, "%s/postlist.glass", p);
    if (truncate(table, 8192) < 0) {
        perror(table);
        CHECK("shim-damaged-setup", 0, "cannot truncate %s", table);
        return;
    }
    st = mzx_check(p, NULL, 0, &err);
    CHECK("shim-damaged-check", st == MZX_CORRUPT && err && *err,
          "status %s (%s)", mzx_status_str(st), err ? err : "no message");
    free(err);
    err = NULL;
    mzx_db_t *db = NULL;
    st = mzx_db_open(p, &db, &err);
    if (st == MZX_OK)
        st = mzx_db_verify(db, NULL);
    CHECK("shim-damaged-verify",
          st == MZX_CORRUPT && (db ? *mzx_db_error(db) != '\0' : err != NULL),
          "status %s", mzx_status_str(st));
    free(err);
    mzx_db_destroy(db);
}

static void nested_transaction(void)
{
    char p[128];
    at(p, sizeof p, "grouped");
    mzx_writer_t *w = NULL;
    if (mzx_writer_open(p, &w, NULL) != MZX_OK) {
        CHECK("shim-nested-setup", 0, "cannot open a writer");
        return;
    }
    unsigned n = 99;
    mzx_status_t outer = mzx_writer_begin(w);
    mzx_status_t inner = mzx_writer_begin(w);
    mzx_status_t commit = mzx_writer_commit(w);
    CHECK("shim-nested-begin-refused",
          outer == MZX_OK && inner == MZX_BAD_ARG && commit == MZX_BAD_ARG,
          "outer %s, inner %s, commit in a group %s", mzx_status_str(outer),
          mzx_status_str(inner), mzx_status_str(commit));
    /* the outer group is still open and works */
    mzx_status_t st = add(w, "word", NULL, NULL, "one", NULL);
    if (st == MZX_OK)
        st = mzx_writer_end(w);
    CHECK("shim-outer-group-applies",
          st == MZX_OK && mzx_writer_doccount(w, &n) == MZX_OK && n == 1,
          "%s, %u documents", mzx_status_str(st), n);
    CHECK("shim-end-without-group", mzx_writer_end(w) == MZX_BAD_ARG &&
                                        mzx_writer_cancel(w) == MZX_BAD_ARG,
          "end/cancel outside a group accepted");
    /* a cancelled group drops every change since the last commit, those
     * of the groups ended before it too (mzx.h) */
    st = mzx_writer_commit(w);
    if (st == MZX_OK)
        st = add(w, "word", NULL, NULL, "uncommitted", NULL);
    if (st == MZX_OK)
        st = mzx_writer_begin(w);
    if (st == MZX_OK)
        st = add(w, "word", NULL, NULL, "two", NULL);
    if (st == MZX_OK)
        st = mzx_writer_cancel(w);
    CHECK("shim-cancelled-group-drops",
          st == MZX_OK && mzx_writer_doccount(w, &n) == MZX_OK && n == 1,
          "%s, %u documents", mzx_status_str(st), n);
    /* closing inside a group cancels it and commits what is left */
    st = mzx_writer_begin(w);
    if (st == MZX_OK)
        st = add(w, "word", NULL, NULL, "three", NULL);
    char *err = NULL;
    mzx_status_t cl = mzx_writer_close(w, &err);
    mzx_db_t *db = NULL;
    n = 99;
    CHECK("shim-close-in-group",
          st == MZX_OK && cl == MZX_OK && err == NULL &&
              mzx_db_open(p, &db, NULL) == MZX_OK &&
              mzx_db_doccount(db, &n) == MZX_OK && n == 1,
          "close %s, %u documents", mzx_status_str(cl), n);
    free(err);
    mzx_db_destroy(db);
}

/* A reader's search, then a writer replaces every document and commits
 * twice: the snapshot the search ran on is gone, and reading a match
 * reopens and runs the search again (the new records, not an error). */
static void read_after_two_commits(void)
{
    const mzx_layout_t rec = {0, 0, NULL};
    char p[128];
    if (make_db("changing", 2000, "v1") < 0) {
        CHECK("shim-modified-setup", 0, "cannot make the database");
        return;
    }
    at(p, sizeof p, "changing");
    mzx_db_t *db = NULL;
    mzx_mset_t *m = NULL, *m2 = NULL;
    mzx_query_t *q = mzx_query_term("word", 4);
    mzx_status_t st = mzx_db_open(p, &db, NULL);
    if (st == MZX_OK)
        st = mzx_db_search(db, &rec, q, NULL, 0, 10, 0, &m);
    if (st == MZX_OK) /* a second search that reads nothing yet */
        st = mzx_db_search(db, &rec, q, NULL, 0, 2000, 0, &m2);
    const char *data = NULL;
    size_t len = 0;
    if (st == MZX_OK) /* read one record on the first snapshot */
        st = mzx_mset_data(m, 0, &data, &len);
    int before = st == MZX_OK && data && len > 3 && memcmp(data, "v1:", 3) == 0;
    char first[160] = "";
    if (before)
        snprintf(first, sizeof first, "%.*s", (int)len, data);
    for (int round = 0; round < 2 && st == MZX_OK; round++) {
        mzx_writer_t *w = NULL;
        st = mzx_writer_open(p, &w, NULL);
        char key[32];
        for (unsigned i = 0; st == MZX_OK && i < 2000; i++) {
            snprintf(key, sizeof key, "F%04u", i);
            st = mzx_writer_delete_term(w, key, strlen(key));
        }
        if (st == MZX_OK)
            st = fill(w, 2000, round ? "v3" : "v2");
        if (st == MZX_OK)
            st = mzx_writer_close(w, NULL);
        else
            mzx_writer_destroy(w);
    }
    CHECK("shim-modified-setup", st == MZX_OK && before, "%s",
          mzx_status_str(st));
    data = NULL;
    st = mzx_mset_data(m2, 1500, &data, &len); /* a block not read yet */
    CHECK("shim-read-after-two-commits",
          st == MZX_OK && data && len > 3 && memcmp(data, "v3:", 3) == 0,
          "%s, record %.*s", mzx_status_str(st), data ? (int)len : 6,
          data ? data : "(none)");
    /* what was handed out before stays where it was */
    st = mzx_mset_data(m, 1, &data, &len);
    CHECK("shim-earlier-record-kept",
          st == MZX_OK && data && strncmp(first, "v1:", 3) == 0,
          "%s, first record %s", mzx_status_str(st), first);
    unsigned n = 0;
    CHECK("shim-reopened-count", mzx_db_doccount(db, &n) == MZX_OK &&
                                     n == 2000,
          "%u documents", n);
    mzx_mset_destroy(m);
    mzx_mset_destroy(m2);
    mzx_query_free(q);
    mzx_db_destroy(db);
}

/* The caller's layout: where records are, and which documents exclusions
 * name; the shim assumes neither. */
static void caller_layout(void)
{
    char p[128];
    at(p, sizeof p, "layout");
    mzx_writer_t *w = NULL;
    mzx_status_t st = mzx_writer_open(p, &w, NULL);
    if (st == MZX_OK)
        st = add(w, "word", "Ka", NULL, "data-a", "rec-a");
    if (st == MZX_OK) /* an old document: its record in the data */
        st = add(w, "word", "Kb", NULL, "data-b", NULL);
    if (st == MZX_OK) /* an exclusion naming the documents of Ka */
        st = add(w, NULL, "Zgone", NULL, "Ka", NULL);
    if (st == MZX_OK)
        st = mzx_writer_close(w, NULL);
    else
        mzx_writer_destroy(w);
    mzx_db_t *db = NULL;
    if (st == MZX_OK)
        st = mzx_db_open(p, &db, NULL);
    CHECK("shim-layout-setup", st == MZX_OK, "%s", mzx_status_str(st));
    if (st != MZX_OK)
        return;
    mzx_query_t *q = mzx_query_term("word", 4);
    const mzx_layout_t plain = {-1, 1, NULL}, slot = {0, 1, "Zgone"},
                       strict = {0, 0, NULL};
    mzx_mset_t *m = NULL;
    unsigned all = 0, live = 0;
    if (mzx_db_search(db, &plain, q, NULL, 0, 10, 10, &m) == MZX_OK)
        all = mzx_mset_size(m);
    mzx_mset_destroy(m);
    m = NULL;
    const char *data = NULL;
    size_t len = 0;
    if (mzx_db_search(db, &slot, q, NULL, 0, 10, 10, &m) == MZX_OK) {
        live = mzx_mset_size(m);
        mzx_mset_data(m, 0, &data, &len);
    }
    CHECK("shim-exclusion-from-caller",
          all == 2 && live == 1 && data && len == 6 &&
              memcmp(data, "data-b", 6) == 0,
          "%u without, %u with the exclusion, record %.*s", all, live,
          data ? (int)len : 0, data ? data : "");
    mzx_mset_destroy(m);
    /* the record: the slot, else the data only when the layout says so */
    const char *a = NULL, *b = NULL, *c = NULL;
    size_t al = 0, bl = 0, cl = 0;
    mzx_db_record(db, &slot, 1, &a, &al);
    mzx_db_lookup(db, &slot, "Kb", 2, &b, &bl);
    int ok = a && al == 5 && memcmp(a, "rec-a", 5) == 0 && b && bl == 6 &&
             memcmp(b, "data-b", 6) == 0;
    mzx_db_lookup(db, &strict, "Kb", 2, &c, &cl);
    CHECK("shim-record-slot-from-caller", ok && c == NULL,
          "slot %.*s, fallback %.*s, strict %s", (int)al, a ? a : "",
          (int)bl, b ? b : "", c ? "read the data" : "none");
    mzx_db_record(db, &plain, 1, &a, &al);
    CHECK("shim-record-data-layout",
          a && al == 6 && memcmp(a, "data-a", 6) == 0, "record %.*s",
          a ? (int)al : 0, a ? a : "");
    unsigned tf = 0;
    CHECK("shim-termfreq", mzx_db_termfreq(db, "word", 4, &tf) == MZX_OK &&
                               tf == 2,
          "%u", tf);
    CHECK("shim-getters-bad-arg",
          mzx_db_doccount(NULL, &tf) == MZX_BAD_ARG && tf == 0 &&
              mzx_db_termfreq(NULL, "w", 1, &tf) == MZX_BAD_ARG &&
              mzx_writer_doccount(NULL, &tf) == MZX_BAD_ARG,
          "a NULL handle was accepted");
    /* two databases searched as one interleave their docids */
    mzx_db_t *two = NULL;
    unsigned stride = 0;
    if (mzx_db_open(p, &two, NULL) == MZX_OK &&
        mzx_db_add_db(two, db) == MZX_OK)
        stride = mzx_db_stride(two, 3);
    CHECK("shim-stride", stride == 2 && mzx_db_stride(db, 3) == 1,
          "stride %u", stride);
    mzx_db_destroy(two);
    mzx_query_free(q);
    mzx_db_destroy(db);
}

/* A commit that fails hands its message back from the close. */
static void close_message(void)
{
    char p[128], cmd[200];
    at(p, sizeof p, "vanishing");
    mzx_writer_t *w = NULL;
    mzx_status_t st = mzx_writer_open(p, &w, NULL);
    if (st == MZX_OK)
        st = add(w, "word", NULL, NULL, "d", NULL);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", p);
    if (st == MZX_OK && system(cmd) != 0)
        st = MZX_INTERNAL;
    char *err = NULL;
    mzx_status_t cl = st == MZX_OK ? mzx_writer_close(w, &err) : MZX_OK;
    CHECK("shim-close-returns-message",
          st == MZX_OK && cl != MZX_OK && err && *err,
          "setup %s, close %s, message %s", mzx_status_str(st),
          mzx_status_str(cl), err ? err : "(none)");
    free(err);
    CHECK("shim-close-null", mzx_writer_close(NULL, &err) == MZX_BAD_ARG &&
                                 err == NULL,
          "close(NULL) accepted");
}

int main(void)
{
    if (!check_tmpdir(top, sizeof top, "unit_shim")) {
        perror(top);
        return 2;
    }
    missing_index();
    second_writer();
    damaged_table();
    nested_transaction();
    read_after_two_commits();
    caller_layout();
    close_message();

    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
    if (system(cmd) != 0)
        return 2;
    return check_failures ? 1 : 0;
}
