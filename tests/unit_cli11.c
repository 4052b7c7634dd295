/* unit_cli11.c — the shim's opening check by sizes (mzx_db_verify, issue
 * 18 session 8): an index of two glass databases named by a stub, made
 * here.  A table file lost under an open handle is damage while the stub
 * still names its database; once a rebuild has swapped the stub (and a
 * later run removed the old databases), it is not: the handle's files are
 * still open, and the check reads through them instead. */
#include "check.h"
#include "mzx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char top[64];

/* A glass database at top/idx/NAME of n documents, each with a record in
 * slot 0 long enough that the tables grow past a block. */
static int make_db(const char *name, unsigned n)
{
    char p[160], rec[200];
    snprintf(p, sizeof p, "%s/idx/%s", top, name);
    mzx_writer_t *w = NULL;
    if (mzx_writer_open(p, &w, NULL) != MZX_OK)
        return -1;
    mzx_status_t st = MZX_OK;
    for (unsigned i = 0; i < n && st == MZX_OK; i++) {
        mzx_doc_t *d = mzx_doc_new();
        snprintf(rec, sizeof rec, "record %05u %0150u", i, i);
        st = d ? mzx_doc_add_term(d, "word", 4) : MZX_NOMEM;
        if (st == MZX_OK)
            st = mzx_doc_set_value(d, 0, rec, strlen(rec));
        if (st == MZX_OK)
            st = mzx_writer_add(w, d);
        mzx_doc_destroy(d);
    }
    if (st != MZX_OK) {
        mzx_writer_destroy(w);
        return -1;
    }
    return mzx_writer_close(w, NULL) == MZX_OK ? 0 : -1;
}

static int write_stub(const char *lines)
{
    char p[160];
    snprintf(p, sizeof p, "%s/idx/XAPIANDB", top);
    FILE *f = fopen(p, "w");
    if (!f)
        return -1;
    int rc = fputs(lines, f) < 0 ? -1 : 0;
    return fclose(f) == 0 ? rc : -1;
}

/* Open the index, then lose db-1's posting table (its open file stays
 * readable), with the stub then saying `after`: the check's status. */
static mzx_status_t lost_under_handle(const char *after, char *msg, size_t n)
{
    char idx[160], table[200];
    snprintf(idx, sizeof idx, "%s/idx", top);
    snprintf(table, sizeof table, "%s/idx/db-1/postlist.glass", top);
    mzx_db_t *db = NULL;
    mzx_status_t st = mzx_db_open(idx, &db, NULL);
    if (st == MZX_OK && (unlink(table) < 0 || write_stub(after) < 0))
        st = MZX_IO;
    if (st == MZX_OK)
        st = mzx_db_verify(db, NULL);
    snprintf(msg, n, "%s", db ? mzx_db_error(db) : "");
    mzx_db_destroy(db);
    return st;
}

int main(void)
{
    char idx[160], msg[512];
    if (!check_tmpdir(top, sizeof top, "unit_cli11")) {
        perror(top);
        return 2;
    }
    snprintf(idx, sizeof idx, "%s/idx", top);
    int made = mkdir(idx, 0777) == 0 && make_db("db-1", 400) == 0 && make_db("db-2", 400) == 0 &&
               write_stub("auto db-1\nauto db-2\n") == 0;
    CHECK("cli11-unit-setup", made, "cannot make the index");

    mzx_db_t *db = NULL;
    mzx_status_t st = made ? mzx_db_open(idx, &db, NULL) : MZX_IO;
    if (st == MZX_OK)
        st = mzx_db_verify(db, NULL);
    CHECK("cli11-unit-sound", st == MZX_OK, "status %s (%s)",
          mzx_status_str(st), db ? mzx_db_error(db) : "");
    mzx_db_destroy(db);

    /* the stub swapped meanwhile (a rebuild): the open files are sound */
    st = made ? lost_under_handle("auto db-2\n", msg, sizeof msg) : MZX_IO;
    CHECK("cli11-unit-swapped-stub-sound", st == MZX_OK, "status %s (%s)",
          mzx_status_str(st), msg);

    /* db-1 again, the stub unchanged: its posting table was lost */
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s/db-1'", idx);
    made = made && system(cmd) == 0 && make_db("db-1", 400) == 0 &&
           write_stub("auto db-1\nauto db-2\n") == 0;
    st = made ? lost_under_handle("auto db-1\nauto db-2\n", msg, sizeof msg)
              : MZX_IO;
    CHECK("cli11-unit-lost-table-damaged",
          st == MZX_CORRUPT && strstr(msg, "db-1/postlist.glass is missing"),
          "status %s (%s)", mzx_status_str(st), msg);

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
    if (system(cmd) != 0)
        return 2;
    return check_failures ? 1 : 0;
}
