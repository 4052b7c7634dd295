/* info.c — what an index holds (mz_index_status): read only, no lock. */
#include "engine.h"
#include "indexdir.h"

#include <stdlib.h>
#include <string.h>

static int count_file(const char *k, size_t kl, const char *v, size_t vl,
                      void *ctx)
{
    (void)k, (void)kl, (void)v, (void)vl;
    ((mz_index_info_t *)ctx)->files++;
    return 0;
}

/* A skip note "reason\npath" into info->skips. */
static int list_skip(const char *k, size_t kl, const char *v, size_t vl,
                     void *ctx)
{
    (void)k, (void)kl;
    mz_index_info_t *info = ctx;
    const char *nl = memchr(v, '\n', vl);
    if (!nl)
        return 0;
    mz_skipped_t *s = realloc(info->skips, (info->nskips + 1) * sizeof *s);
    if (!s)
        return 1;
    info->skips = s;
    s[info->nskips].reason = strndup(v, (size_t)(nl - v));
    s[info->nskips].path = strndup(nl + 1, vl - (size_t)(nl + 1 - v));
    if (!s[info->nskips].reason || !s[info->nskips].path) {
        free(s[info->nskips].reason);
        free(s[info->nskips].path);
        return 1;  /* out of memory: no NULL path for a printer */
    }
    info->nskips++;
    return 0;
}

/* Bytes on disk of the live database and the base. */
static unsigned long long index_size(const char *index)
{
    char *live = mz_index_live(index), *base = mz_index_base(index);
    char *livepath = live ? mz_path_join(index, live) : NULL;
    char *basepath = base ? mz_path_join(index, base) : NULL;
    unsigned long long size = mz_disk_usage(livepath ? livepath : index);
    if (basepath)
        size += mz_disk_usage(basepath);
    free(live);
    free(base);
    free(livepath);
    free(basepath);
    return size;
}

static void read_info(mzx_db_t *db, const char *index, mz_index_info_t *info)
{
    mzx_db_meta_each(db, MZ_META_FILE, count_file, info);
    mzx_db_meta_each(db, MZ_META_SKIP, list_skip, info);
    char *v = mz_db_meta(db, MZ_META_ROOTS);
    mz_roots_t roots = {0};
    mz_roots_parse(&roots, v);
    free(v);
    info->roots = roots.v;
    info->nroots = roots.n;
    v = mz_db_meta(db, MZ_META_UPDATED);
    info->updated = v ? strtoll(v, NULL, 10) : 0;
    free(v);
    info->segmenter = mz_db_meta(db, MZ_META_SEGMENTER);
    info->sense = mz_db_meta(db, MZ_META_SENSE);
    info->passages = mz_passages(db);
    info->size_bytes = index_size(index);
}

mz_status_t mz_index_status(const char *path, mz_index_info_t *info,
                            mz_error_t *err)
{
    mz_error_t own;
    mz_run_t r = {.index = path, .err = err ? err : &own};
    memset(r.err, 0, sizeof *r.err);
    memset(info, 0, sizeof *info);
    if (!mz_index_exists(path)) {
        mz_run_fail(&r, MZ_STATUS_NO_INDEX, "no_index", "no index at %s; "
                    "run 'mzindex DIR' to build one", path);
        return mz_run_status(&r);
    }
    /* no lock is taken: the cheap check only */
    char *damage = mz_find_damage(path, 0);
    if (damage)
        mz_run_fail(&r, MZ_STATUS_DAMAGED, "index_damaged", "the index at "
                    "%s is damaged (%s); rebuild it with mzindex --index %s "
                    "--rebuild", path, damage, path);
    free(damage);
    if (r.failed)
        return mz_run_status(&r);
    mzx_db_t *db = NULL;
    char *xerr = NULL;
    mzx_status_t st = mzx_db_open(path, &db, &xerr);
    if (st != MZX_OK)
        mz_run_fail(&r, MZ_STATUS_IO, "index_error", "cannot open the index "
                    "at %s: %s; rebuild it with mzindex --rebuild DIR...",
                    path, xerr ? xerr : mzx_status_str(st));
    else
        read_info(db, path, info);
    free(xerr);
    mzx_db_destroy(db);
    return mz_run_status(&r);
}

void mz_index_info_free(mz_index_info_t *info)
{
    if (!info)
        return;
    for (size_t i = 0; i < info->nroots; i++)
        free(info->roots[i]);
    free(info->roots);
    for (size_t i = 0; i < info->nskips; i++) {
        free(info->skips[i].path);
        free(info->skips[i].reason);
    }
    free(info->skips);
    free(info->segmenter);
    free(info->sense);
    memset(info, 0, sizeof *info);
}
