/* indexdir.c — index location and layout (see indexdir.h). */
#include "indexdir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void mz_file_key(const char *path, char out[MZ_FILE_KEY_LEN + 1])
{
    /* FNV-1a, 64 bits: collisions among an archive's paths are negligible */
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ULL;
    }
    snprintf(out, MZ_FILE_KEY_LEN + 1, "F%016llx", (unsigned long long)h);
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s/%s", a, b);
    return s;
}

char *mz_index_location(const char *opt)
{
    if (opt && *opt)
        return strdup(opt);
    const char *env = getenv("MZSEARCH_INDEX");
    if (env && *env)
        return strdup(env);
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg && *xdg == '/')
        return join(xdg, "mzsearch");
    const char *home = getenv("HOME");
    if (!home || !*home)
        return NULL;
    return join(home, ".local/share/mzsearch");
}

static int file_exists(const char *dir, const char *name)
{
    char *p = join(dir, name);
    struct stat st;
    int ok = p && stat(p, &st) == 0;
    free(p);
    return ok;
}

int mz_index_exists(const char *path)
{
    return file_exists(path, "XAPIANDB") || file_exists(path, "iamglass");
}

/* mkdir -p */
static int make_dirs(const char *path)
{
    char *p = strdup(path);
    if (!p)
        return -1;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) < 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    int rc = mkdir(p, 0777) < 0 && errno != EEXIST ? -1 : 0;
    free(p);
    return rc;
}

int mz_index_prepare(const char *path)
{
    if (make_dirs(path) < 0)
        return -1;
    if (mz_index_exists(path))
        return 0;
    char *tmp = join(path, "XAPIANDB.tmp"), *stub = join(path, "XAPIANDB");
    int rc = -1;
    if (tmp && stub) {
        FILE *f = fopen(tmp, "w");
        if (f) {
            int bad = fputs("auto db-1\n", f) < 0;
            bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
            bad |= fclose(f) != 0;
            if (!bad && rename(tmp, stub) == 0)
                rc = 0;
            else
                unlink(tmp);
        }
    }
    free(tmp);
    free(stub);
    return rc;
}
