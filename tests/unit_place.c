/* unit_place.c — globs with ripgrep's meaning and paths under the indexed
 * roots (query/place.c); libmzsearch's scope options (mz_search_options_t
 * genres, paths relative to the indexed root, globs) and the result's genre
 * and top folder, on an index the library builds from short originals. */
#include "check.h"
#include "mzsearch.h"
#include "place.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Globs with ripgrep's meaning (query/place.c). */
static void run_globs(void)
{
    static const struct {
        const char *glob, *path;
        int hit;
    } m[] = {
        {"*.md", "a.md", 1},          {"*.md", "sub/a.md", 0},
        {"**/*.md", "sub/x/a.md", 1}, {"**/*.md", "a.md", 1},
        {"2023/**", "2023/a/b.txt", 1}, {"2023/**", "2022/a.txt", 0},
        {"a/**/b", "a/b", 1},         {"a/**/b", "a/x/y/b", 1},
        {"?.txt", "讲.txt", 1},        {"??.txt", "讲.txt", 0},
        {"[a-c].txt", "b.txt", 1},    {"[!a-c].txt", "b.txt", 0},
        {"{讲话,通知}.txt", "通知.txt", 1}, {"{讲话,通知}.txt", "报告.txt", 0},
        {"\\*.txt", "*.txt", 1},      {"\\*.txt", "a.txt", 0},
        {"*宪法*", "中华人民共和国宪法.md", 1},
    };
    for (size_t i = 0; i < sizeof m / sizeof *m; i++) {
        char name[64];
        snprintf(name, sizeof name, "glob-match-%zu", i);
        CHECK(name, mz_glob_match(m[i].glob, strlen(m[i].glob), m[i].path,
                                  strlen(m[i].path)) == m[i].hit,
              "%s on %s: want %d", m[i].glob, m[i].path, m[i].hit);
    }
    static const struct {
        const char *globs[3];
        const char *path;
        int keep;
    } k[] = {
        {{"*.md"}, "法规/办法.md", 1},          /* a name at any depth */
        {{"*.md"}, "法规/办法.txt", 0},
        {{"!法规"}, "法规/sub/办法.md", 0},      /* a folder left out */
        {{"!法规"}, "2023/a.txt", 1},
        {{"2023/**", "!*.md"}, "2023/a.md", 0}, /* the last decides */
        {{"!*.md", "2023/**"}, "2023/a.md", 1},
        {{"/a.txt"}, "sub/a.txt", 0},           /* anchored */
        {{"sub/"}, "sub/a.txt", 0},             /* folders only: no file */
        {{"!sub/"}, "sub/a.txt", 0},
    };
    for (size_t i = 0; i < sizeof k / sizeof *k; i++) {
        size_t n = 0;
        while (n < 3 && k[i].globs[n])
            n++;
        char name[64];
        snprintf(name, sizeof name, "glob-keep-%zu", i);
        CHECK(name, mz_globs_keep(k[i].globs, n, k[i].path,
                                  strlen(k[i].path)) == k[i].keep,
              "%s%s on %s: want %d", k[i].globs[0], n > 1 ? " ..." : "",
              k[i].path, k[i].keep);
    }
    char *roots[] = {"/arch", "/arch/2023", "/one/file.txt", "/"};
    size_t rl;
    const char *rel = mz_place_relative(roots, 3, "/arch/2023/x/a.txt", 18,
                                        &rl);
    CHECK("place-longest-root", rel && rl == 7 && memcmp(rel, "x/a.txt", 7) == 0,
          "%.*s", rel ? (int)rl : 4, rel ? rel : "NULL");
    rel = mz_place_relative(roots, 3, "/one/file.txt", 13, &rl);
    CHECK("place-file-root", rel && rl == 8 && memcmp(rel, "file.txt", 8) == 0,
          "%.*s", rel ? (int)rl : 4, rel ? rel : "NULL");
    CHECK("place-no-root", !mz_place_relative(roots, 3, "/archive/a", 10, &rl),
          "a prefix that is not a folder");
    rel = mz_place_relative(roots, 4, "/x/a", 4, &rl);
    CHECK("place-slash-root", rel && rl == 3 && memcmp(rel, "x/a", 3) == 0,
          "%.*s", rel ? (int)rl : 4, rel ? rel : "NULL");
    size_t tl;
    const char *top = mz_place_top("2023/x/a.txt", 12, &tl);
    CHECK("place-top", tl == 4 && memcmp(top, "2023", 4) == 0, "%.*s",
          (int)tl, top);
    top = mz_place_top("a.txt", 5, &tl);
    CHECK("place-top-root", tl == 1 && *top == '.', "%.*s", (int)tl, top);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* The files of a search with these scope options, joined by spaces (names
 * only), into buf. */
static void scoped_files(mz_db_t *db, mz_search_options_t *o, char *buf,
                         size_t n)
{
    mz_results_t *res = NULL;
    buf[0] = '\0';
    o->query = "调查研究";
    o->mode = MZ_SEARCH_FILES;
    if (mz_search(db, o, &res) != MZ_STATUS_OK) {
        snprintf(buf, n, "error: %.400s", mz_db_error(db)->message);
        return;
    }
    for (size_t i = 0; i < mz_results_nfiles(res); i++) {
        const char *p = strrchr(mz_results_file(res, i), '/');
        strncat(buf, p ? p + 1 : "", n - strlen(buf) - 2);
        strcat(buf, " ");
    }
    mz_results_free(res);
}

/* The library's options: genres, folders relative to the indexed root,
 * globs; the result's genre and top folder. */
static void run_library(void)
{
    char dir[256], root[300], idx[300], sub[320], buf[512];
    if (!check_tmpdir(dir, sizeof dir, "unit_genre")) {
        CHECK("library-tmpdir", 0, "cannot make a temporary folder");
        return;
    }
    snprintf(root, sizeof root, "%s/archive", dir);
    snprintf(sub, sizeof sub, "%s/法规", root);
    snprintf(idx, sizeof idx, "%s/idx", dir);
    mkdir(root, 0777);
    mkdir(sub, 0777);
    write_file(root, "对照.txt", "某局领导班子对照检查材料\n班子调查研究不够。\n");
    write_file(sub, "办法.md", "# 调查研究工作办法\n\n第一条 调查研究应当深入。"
               "\n\n第二条 略。\n\n第三条 略。\n");
    const char *roots[] = {root};
    mz_index_options_t io = {.roots = roots, .nroots = 1, .jobs = 1};
    mz_status_t st = mz_index_update(idx, &io, NULL, NULL, NULL);
    const char *paths[] = {idx};
    mz_db_t *db = NULL;
    if (st == MZ_STATUS_OK)
        st = mz_db_open(paths, 1, &db, NULL);
    CHECK("library-index", st == MZ_STATUS_OK, "%s", mz_status_str(st));
    if (st != MZ_STATUS_OK)
        return;
    mz_search_options_t o;
    const char *rules[] = {"rules"}, *both[] = {"review,rules"};
    const char *rel[] = {"法规"}, *glob[] = {"!*.md"}, *bad[] = {"law"};
    mz_search_options_init(&o);
    o.genres = rules, o.ngenres = 1;
    scoped_files(db, &o, buf, sizeof buf);
    CHECK("library-genre", strcmp(buf, "办法.md ") == 0, "[%s]", buf);
    mz_search_options_init(&o);
    o.genres = both, o.ngenres = 1;
    scoped_files(db, &o, buf, sizeof buf);
    CHECK("library-genre-list", strcmp(buf, "对照.txt 办法.md ") == 0 ||
          strcmp(buf, "办法.md 对照.txt ") == 0, "[%s]", buf);
    mz_search_options_init(&o);
    o.paths = rel, o.npaths = 1;
    scoped_files(db, &o, buf, sizeof buf);
    CHECK("library-path-under-root", strcmp(buf, "办法.md ") == 0, "[%s]",
          buf);
    mz_search_options_init(&o);
    o.globs = glob, o.nglobs = 1;
    scoped_files(db, &o, buf, sizeof buf);
    CHECK("library-glob", strcmp(buf, "对照.txt ") == 0, "[%s]", buf);
    mz_search_options_init(&o);
    o.genres = bad, o.ngenres = 1;
    mz_results_t *res = NULL;
    o.query = "调查研究";
    st = mz_search(db, &o, &res);
    CHECK("library-genre-bad", st == MZ_STATUS_BAD_ARGUMENT &&
          strstr(mz_db_error(db)->message, "not 'law'"), "%s",
          mz_db_error(db)->message);
    mz_search_options_init(&o);
    o.query = "第一条";
    mz_result_t r;
    st = mz_search(db, &o, &res);
    CHECK("library-result-genre", st == MZ_STATUS_OK &&
          mz_results_get(res, 0, &r) == MZ_STATUS_OK &&
          strcmp(r.genre, "rules") == 0 &&
          strcmp(r.top_folder, "法规") == 0, "%s",
          st == MZ_STATUS_OK ? "wrong fields" : mz_db_error(db)->message);
    mz_results_free(res);
    mz_db_close(db);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
}

int main(void)
{
    run_globs();
    run_library();
    return check_failures ? 1 : 0;
}
