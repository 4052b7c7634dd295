/* unit_index.c — indexing through the library's public header alone
 * (mzsearch.h, "Indexing"): a first build, an update, the remembered
 * folders, skipped files and progress told through callbacks, status,
 * compaction, a rebuild that drops a folder, a stop flag, and the errors
 * with their codes. */
#include "check.h"
#include "mzsearch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char top[128], ix[160];

static void put(const char *rel, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", top, rel);
    FILE *f = fopen(p, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* What the callbacks were told. */
typedef struct {
    int skipped, errors, notices, progress, last_finished;
    size_t last_done, last_total;
    char skipped_path[512], first_error[1024];
} told_t;

static void on_progress(void *ctx, const mz_progress_t *p)
{
    told_t *t = ctx;
    t->progress++;
    t->last_finished = p->finished;
    t->last_done = p->done;
    t->last_total = p->total;
}

static void on_skipped(void *ctx, const char *path, const char *reason)
{
    told_t *t = ctx;
    t->skipped++;
    snprintf(t->skipped_path, sizeof t->skipped_path, "%s", path);
}

static void on_message(void *ctx, mz_status_t st, const char *text)
{
    told_t *t = ctx;
    if (st == MZ_STATUS_OK) {
        t->notices++;
    } else if (!t->errors++) {
        snprintf(t->first_error, sizeof t->first_error, "%s", text);
    }
}

static mz_status_t update(const mz_index_options_t *o, told_t *t,
                          mz_index_summary_t *s, mz_error_t *err)
{
    mz_index_callbacks_t cb = {t, on_progress, on_skipped, on_message};
    memset(t, 0, sizeof *t);
    return mz_index_update(ix, o, &cb, s, err);
}

static void first_build(const char *a)
{
    const char *roots[] = {a};
    mz_index_options_t o = {.roots = roots, .nroots = 1, .jobs = 2};
    mz_index_summary_t s;
    mz_error_t err;
    told_t t;
    mz_status_t st = update(&o, &t, &s, &err);
    CHECK("index-first-build", st == MZ_STATUS_OK && s.opened &&
          s.added == 3 && s.passages >= 3 && !s.rebuild,
          "status %s, added %lu, passages %lu", mz_status_str(st), s.added,
          s.passages);
    CHECK("index-skipped-told", t.skipped == 1 && s.skipped == 1 &&
          s.nskips == 1 && strstr(t.skipped_path, "broken.docx") &&
          strcmp(s.skips[0].path, t.skipped_path) == 0 &&
          s.skips[0].reason[0],
          "told %d (%s), summary %lu", t.skipped, t.skipped_path, s.skipped);
    CHECK("index-progress-ends-finished", t.progress > 0 &&
          t.last_finished && t.last_done == t.last_total,
          "%d calls, last finished %d, %zu/%zu", t.progress,
          t.last_finished, t.last_done, t.last_total);
    CHECK("index-no-error", t.errors == 0 && err.code[0] == '\0',
          "%d errors, code '%s'", t.errors, err.code);
    mz_index_summary_free(&s);
}

static void later_updates(const char *a)
{
    mz_index_options_t none = {0};
    mz_index_summary_t s;
    mz_error_t err;
    told_t t;
    mz_status_t st = update(&none, &t, &s, &err);
    CHECK("index-remembered-roots", st == MZ_STATUS_OK && s.unchanged == 3 &&
          s.added == 0 && s.updated == 0,
          "status %s, unchanged %lu", mz_status_str(st), s.unchanged);
    mz_index_summary_free(&s);
    /* NULL summary and error: accepted */
    st = mz_index_update(ix, NULL, NULL, NULL, NULL);
    CHECK("index-null-out-params", st == MZ_STATUS_OK, "status %s",
          mz_status_str(st));
    put("a/二.txt", "第二份材料改过了：加强学习，落实整改。\n");
    const volatile int stop = 1;
    mz_index_options_t halt = {.stop = &stop};
    st = update(&halt, &t, &s, &err);
    CHECK("index-stop-flag", st == MZ_STATUS_INTERRUPTED &&
          strcmp(err.code, "interrupted") == 0 && t.errors == 1,
          "status %s, code '%s'", mz_status_str(st), err.code);
    mz_index_summary_free(&s);
    st = update(&none, &t, &s, &err);
    CHECK("index-update-changed", st == MZ_STATUS_OK && s.updated == 1 &&
          s.unchanged == 2, "status %s, updated %lu, unchanged %lu",
          mz_status_str(st), s.updated, s.unchanged);
    mz_index_summary_free(&s);
}

static void status_and_compact(void)
{
    mz_index_info_t info;
    mz_error_t err;
    mz_status_t st = mz_index_status(ix, &info, &err);
    CHECK("index-status", st == MZ_STATUS_OK && info.files == 3 &&
          info.nroots == 1 && info.nskips == 1 && info.passages >= 3 &&
          info.updated > 0 && info.size_bytes > 0 && info.segmenter &&
          strcmp(info.segmenter, mz_segmenter_version()) == 0,
          "status %s, files %lu, roots %zu", mz_status_str(st), info.files,
          info.nroots);
    mz_index_info_free(&info);
    st = mz_index_compact(ix, NULL, &err);
    CHECK("index-compact", st == MZ_STATUS_OK && !err.code[0], "status %s",
          mz_status_str(st));
    st = mz_index_status(ix, &info, &err);
    CHECK("index-status-after-compact", st == MZ_STATUS_OK &&
          info.files == 3, "status %s, files %lu", mz_status_str(st),
          info.files);
    mz_index_info_free(&info);
}

static void rebuild_elsewhere(const char *b)
{
    const char *roots[] = {b};
    mz_index_options_t o = {.roots = roots, .nroots = 1, .rebuild = 1};
    mz_index_summary_t s;
    mz_error_t err;
    told_t t;
    mz_status_t st = update(&o, &t, &s, &err);
    CHECK("index-rebuild-drops-root", st == MZ_STATUS_OK && s.rebuild &&
          s.added == 1 && s.removed == 3 && s.ndropped == 1 &&
          strstr(s.dropped[0], "/a"),
          "status %s, added %lu, removed %lu, dropped %zu",
          mz_status_str(st), s.added, s.removed, s.ndropped);
    mz_index_summary_free(&s);
}

static void errors(void)
{
    char missing[200];
    snprintf(missing, sizeof missing, "%s/none", top);
    mz_index_info_t info;
    mz_error_t err;
    mz_status_t st = mz_index_status(missing, &info, &err);
    CHECK("index-status-no-index", st == MZ_STATUS_NO_INDEX &&
          strcmp(err.code, "no_index") == 0 && strstr(err.message, missing),
          "status %s, code '%s'", mz_status_str(st), err.code);
    mz_index_summary_t s;
    told_t t;
    mz_index_options_t none = {0};
    mz_index_callbacks_t cb = {&t, NULL, NULL, on_message};
    memset(&t, 0, sizeof t);
    st = mz_index_update(missing, &none, &cb, &s, &err);
    CHECK("index-update-no-index", st == MZ_STATUS_NO_INDEX && !s.opened &&
          strcmp(err.code, "no_index") == 0 && t.errors == 1 &&
          strcmp(t.first_error, err.message) == 0,
          "status %s, code '%s', told %d", mz_status_str(st), err.code,
          t.errors);
    mz_index_summary_free(&s);
    const char *gone[] = {missing};
    mz_index_options_t o = {.roots = gone, .nroots = 1};
    st = mz_index_update(ix, &o, NULL, &s, &err);
    CHECK("index-unreadable-root", st == MZ_STATUS_IO &&
          strcmp(err.code, "cannot_read") == 0, "status %s, code '%s'",
          mz_status_str(st), err.code);
    mz_index_summary_free(&s);
}

int main(void)
{
    if (!check_tmpdir(top, sizeof top, "mz-unit-index"))
        return 1;
    char a[200], b[200];
    snprintf(a, sizeof a, "%s/a", top);
    snprintf(b, sizeof b, "%s/b", top);
    snprintf(ix, sizeof ix, "%s/index", top);
    mkdir(a, 0755);
    mkdir(b, 0755);
    put("a/一.txt", "第一份材料：关于加强作风建设的整改方案。\n");
    put("a/二.txt", "第二份材料：加强学习。\n");
    put("a/三.md", "# 会议纪要\n\n研究部署巡视整改工作。\n");
    put("a/broken.docx", "not a zip");
    put("b/四.txt", "第四份材料：民主生活会对照检查。\n");
    first_build(a);
    later_updates(a);
    status_and_compact();
    rebuild_elsewhere(b);
    errors();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
    if (system(cmd) != 0)
        return 1;
    return check_failures != 0;
}
