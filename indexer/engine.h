/* engine.h — the parts of one indexing call (engine.c, full.c, damage.c,
 * info.c).
 *
 * A call of the public API (mzsearch.h) carries one mz_run_t: what it was
 * asked, where to tell what happens, and its first error.  Lines go to the
 * caller's callbacks; nothing here prints. */
#ifndef MZ_ENGINE_H
#define MZ_ENGINE_H

#include "mzsearch.h"
#include "mzx.h"
#include "roots.h"
#include "update.h"

typedef struct {
    const char *index;              /* the index folder */
    const mz_index_options_t *o;    /* what to do (a repair's own options) */
    const mz_index_callbacks_t *cb; /* may be NULL */
    mz_error_t *err;                /* the first error (never NULL here) */
    mz_status_t status;             /* its status */
    int failed;                     /* the call failed (maybe silently) */
    int compact;                    /* mz_index_compact */
} mz_run_t;

/* A line for the caller that is no error. */
void mz_run_say(mz_run_t *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* An error line: the first is kept in r->err with its code and status.
 * Marks the run failed; returns -1. */
int mz_run_fail(mz_run_t *r, mz_status_t st, const char *code,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Keep code and the message as the run's error when it has none yet,
 * without a line (what update.c named already). */
void mz_run_note(mz_run_t *r, mz_status_t st, const char *code,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The call's status: the first error's, MZ_STATUS_INTERNAL for a failure
 * that named none, MZ_STATUS_OK when it did not fail. */
mz_status_t mz_run_status(const mz_run_t *r);

/* "a/b", malloc'd; NULL out of memory. */
char *mz_path_join(const char *a, const char *b);
/* The metadata value under key, malloc'd; NULL when absent. */
char *mz_db_meta(mzx_db_t *db, const char *key);
/* Open path for writing; NULL after a line saying why. */
mzx_writer_t *mz_run_open_writer(mz_run_t *r, const char *path);
/* Store what a run remembers: roots, filters, --servable, the versions
 * and the time. */
mzx_status_t mz_save_settings(mzx_writer_t *w, const mz_roots_t *roots,
                              const mz_roots_t *inc, const mz_roots_t *exc,
                              int servable);
/* The roots that lost most of their files at once, a line each. */
void mz_run_report_gone(mz_run_t *r, const mz_update_stats_t *s);

/* ---- damage.c ---------------------------------------------------------- */

/* The first damaged database of the index, as "INDEX/NAME: what" (malloc'd)
 * or NULL.  deep: read the live database block by block (only under the
 * writer's lock). */
char *mz_find_damage(const char *index, int deep);

/* What a repair rebuilds from: its own options and lists. */
typedef struct {
    mz_index_options_t o;
    mz_roots_t roots, inc, exc;
    char *damage;
} mz_repair_t;
void mz_repair_free(mz_repair_t *rep);
/* Before an update, a rebuild or a compaction (under the lock): when a
 * database of the index is damaged, or of an older layout (schema.h), an
 * update becomes a rebuild from the
 * folders it held (r->o then points at rep->o), when they can all be read;
 * else, and for a compaction, a line names the damage and the fix and -1
 * is returned.  0: go on. */
int mz_check_damage(mz_run_t *r, const char *live, mz_repair_t *rep);

/* ---- full.c ------------------------------------------------------------ */

enum { MZ_FULL_DONE = 0, MZ_FULL_FAILED = -1, MZ_FULL_FALLBACK = 1 };
/* Build the whole index anew from the files under roots and swap it in
 * (see full.c).  auto_mode: an update that changes much; it gives up
 * (MZ_FULL_FALLBACK, st emptied) where an update in place would keep
 * what a full build would lose. */
int mz_full_build(mz_run_t *r, const char *livepath, const mz_roots_t *roots,
                  const mz_roots_t *inc, const mz_roots_t *exc, int servable,
                  int auto_mode, mz_update_stats_t *st);

#endif
