/* unit_walk.c — the walk keeps one path per file, preferring a real path
 * to a link, and notes the folders it passes over. */
#include "check.h"
#include "walk.h"

#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char top[128];

static void put(const char *rel)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", top, rel);
    FILE *f = fopen(p, "w");
    if (f) {
        fprintf(f, "%s\n", rel);
        fclose(f);
    }
}

static void dir(const char *rel)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", top, rel);
    mkdir(p, 0755);
}

static void link_to(const char *target, const char *rel, int hard)
{
    char t[512], p[512];
    snprintf(t, sizeof t, "%s/%s", top, target);
    snprintf(p, sizeof p, "%s/%s", top, rel);
    if ((hard ? link(t, p) : symlink(t, p)) < 0)
        perror(p);
}

/* The list's paths under top, joined with spaces. */
static const char *names(const mz_filelist_t *l)
{
    static char buf[1024];
    buf[0] = '\0';
    for (size_t i = 0; i < l->n; i++) {
        size_t n = strlen(top);
        const char *p = strncmp(l->paths[i], top, n) == 0
                            ? l->paths[i] + n + 1
                            : l->paths[i];
        strncat(buf, i ? " " : "", sizeof buf - strlen(buf) - 1);
        strncat(buf, p, sizeof buf - strlen(buf) - 1);
    }
    return buf;
}

static void walk(const char *rel, mz_filelist_t *l)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", top, rel);
    if (mz_walk(p, NULL, l) < 0)
        perror(p);
}

int main(void)
{
    char made[4096], *real;
    if (!check_tmpdir(made, sizeof made, "unit_walk") ||
        !(real = realpath(made, NULL)) ||
        strlen(real) >= sizeof top)
        return 2;
    strcpy(top, real);
    free(real);
    dir("in");
    dir("in/sub");
    dir("out");
    put("in/a.txt");
    put("in/b.txt");
    put("in/zz.txt");
    put("in/sub/c.txt");
    put("out/o.txt");
    link_to("in/a.txt", "in/link.txt", 0);
    link_to("in/zz.txt", "in/aa-link.txt", 0); /* found before its file */
    link_to("in/b.txt", "in/hard.txt", 1);
    link_to("out/o.txt", "in/ext.txt", 0);

    mz_filelist_t l = {0};
    walk("in", &l);
    walk("in/sub", &l);    /* a folder inside another */
    walk("in/a.txt", &l);  /* a file also named */
    walk("in/link.txt", &l); /* a link named: the file it points to */
    CHECK("walk-finds-every-path", l.n == 11, "%zu: %s", l.n, names(&l));
    CHECK("dedupe-ok", mz_filelist_dedupe(&l) == 0, "out of memory");
    const char *want = "in/a.txt in/b.txt in/ext.txt in/sub/c.txt in/zz.txt";
    CHECK("dedupe-one-path-per-file", strcmp(names(&l), want) == 0,
          "got [%s] want [%s]", names(&l), want);
    CHECK("dedupe-no-skips", l.nskips == 0, "%zu", l.nskips);
    mz_filelist_free(&l);

    /* too deep: noted, not silently passed over */
    char rel[512] = "deep";
    dir(rel);
    for (int i = 0; i < 66; i++) {
        strncat(rel, "/d", sizeof rel - strlen(rel) - 1);
        dir(rel);
    }
    strncat(rel, "/bottom.txt", sizeof rel - strlen(rel) - 1);
    put(rel);
    walk("deep", &l);
    CHECK("too-deep-noted",
          l.n == 0 && l.nskips == 1 &&
              strstr(l.skips[0].reason, "deep") != NULL,
          "%zu files, %zu skips", l.n, l.nskips);
    mz_filelist_free(&l);

    /* an unreadable folder (root reads anything: the e2e test runs it as
     * another user) */
    if (geteuid() != 0) {
        dir("locked");
        put("locked/x.txt");
        char p[512];
        snprintf(p, sizeof p, "%s/locked", top);
        chmod(p, 0);
        walk(".", &l);
        int noted = 0;
        for (size_t i = 0; i < l.nskips; i++)
            noted |= strcmp(l.skips[i].path, p) == 0 &&
                     strstr(l.skips[i].reason, "Permission denied") != NULL;
        CHECK("unreadable-folder-noted", noted, "%zu skips", l.nskips);
        chmod(p, 0755);
        mz_filelist_free(&l);
    } else {
        printf("ok unreadable-folder-noted # SKIP running as root\n");
    }

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
    if (system(cmd) != 0)
        return 2;
    return check_failures ? 1 : 0;
}
