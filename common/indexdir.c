/* indexdir.c — index location and layout (see indexdir.h). */
#include "indexdir.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

uint64_t mz_hash64(const void *p, size_t n)
{
    /* FNV-1a: collisions among an archive's paths are negligible */
    const unsigned char *b = p;
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

void mz_file_key(const char *path, char out[MZ_FILE_KEY_LEN + 1])
{
    snprintf(out, MZ_FILE_KEY_LEN + 1, "%c%016llx", MZ_FILE_KEY_CHAR,
             (unsigned long long)mz_hash64(path, strlen(path)));
}

int mz_path_under(const char *path, const char *root)
{
    size_t k = strlen(root);
    while (k > 1 && root[k - 1] == '/')
        k--;
    return strncmp(path, root, k) == 0 &&
           (path[k] == '\0' || path[k] == '/' || (k == 1 && root[0] == '/'));
}

size_t mz_root_floor(char *const *roots, size_t n, const char *path)
{
    size_t best = 0, plen = strlen(path);
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(roots[i]);
        while (k > 1 && roots[i][k - 1] == '/')
            k--;
        if (k > best && k <= plen && memcmp(roots[i], path, k) == 0 &&
            (k == plen || path[k] == '/' || k == 1))
            best = k;
    }
    return best;
}

void mz_place_term(const char *path, size_t n,
                   char out[MZ_PLACE_TERM_LEN + 1])
{
    snprintf(out, MZ_PLACE_TERM_LEN + 1, "%c%016llx", MZ_PLACE_CHAR,
             (unsigned long long)mz_hash64(path, n));
}

int mz_layout_newer(const char *v)
{
    return v && strtol(v, NULL, 10) > strtol(MZ_LAYOUT_VERSION, NULL, 10);
}

int mz_layout_older(const char *v)
{
    return !v || strtol(v, NULL, 10) < strtol(MZ_LAYOUT_VERSION, NULL, 10);
}

void mz_file_doc_term(const char *key, char out[MZ_FILE_DOC_TERM_LEN])
{
    out[0] = MZ_FILE_DOC_CHAR;
    memcpy(out + 1, key, MZ_FILE_KEY_LEN);
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

int mz_index_mkdir(const char *path)
{
    return make_dirs(path);
}

int mz_index_prepare(const char *path)
{
    if (make_dirs(path) < 0)
        return -1;
    if (mz_index_exists(path))
        return 0;
    return mz_index_swap(path, "db-1");
}

/* ---- the live database, rebuilds and the writer's lock ---------------- */

/* The n-th (0-based) database the stub names, malloc'd; NULL with errno
 * set when there is none. */
static char *stub_entry(const char *index, int nth)
{
    char *stub = join(index, "XAPIANDB");
    if (!stub)
        return NULL;
    FILE *f = fopen(stub, "r");
    free(stub);
    if (!f)
        return NULL;
    char line[256], *name = NULL;
    int seen = 0;
    while (!name && fgets(line, sizeof line, f)) {
        char kind[16], db[200];
        if (sscanf(line, "%15s %199s", kind, db) == 2 &&
            strcmp(kind, "auto") == 0 && !strchr(db, '/') && seen++ == nth)
            name = strdup(db);
    }
    fclose(f);
    if (!name)
        errno = EINVAL;
    return name;
}

char *mz_index_live(const char *index)
{
    return stub_entry(index, 0);
}

char *mz_index_base(const char *index)
{
    char *b = stub_entry(index, 1);
    if (b && strncmp(b, "base-", 5) != 0) {
        free(b);
        b = NULL;
    }
    return b;
}

/* The N of a "db-N" or "base-N" name, or 0. */
static unsigned long db_number(const char *name)
{
    size_t skip = strncmp(name, "db-", 3) == 0     ? 3
                  : strncmp(name, "base-", 5) == 0 ? 5
                                                   : 0;
    if (!skip || !name[skip])
        return 0;
    char *end;
    unsigned long n = strtoul(name + skip, &end, 10);
    return *end ? 0 : n;
}

char *mz_index_next_base(const char *index)
{
    char *db = mz_index_next_name(index);
    char *b = NULL;
    if (db && asprintf(&b, "base-%s", db + 3) < 0)
        b = NULL;
    free(db);
    return b;
}

char *mz_index_next_name(const char *index)
{
    unsigned long max = 0;
    DIR *d = opendir(index);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            unsigned long n = db_number(e->d_name);
            if (n > max)
                max = n;
        }
        closedir(d);
    }
    char buf[32];
    snprintf(buf, sizeof buf, "db-%lu", max + 1);
    return strdup(buf);
}

static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int mz_index_swap(const char *index, const char *dbname)
{
    char *base = mz_index_base(index);
    int rc = mz_index_swap_pair(index, dbname, base);
    free(base);
    return rc;
}

int mz_index_swap_pair(const char *index, const char *dbname,
                       const char *base)
{
    char *tmp = join(index, "XAPIANDB.tmp"), *stub = join(index, "XAPIANDB");
    int rc = -1;
    if (tmp && stub) {
        FILE *f = fopen(tmp, "w");
        if (f) {
            int bad = fprintf(f, "auto %s\n", dbname) < 0;
            if (base)
                bad |= fprintf(f, "auto %s\n", base) < 0;
            bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
            bad |= fclose(f) != 0;
            if (!bad && rename(tmp, stub) == 0) {
                fsync_dir(index);
                rc = 0;
            } else {
                int e = errno;
                unlink(tmp);
                errno = e;
            }
        }
    }
    free(tmp);
    free(stub);
    return rc;
}

static int rm_entry(const char *path, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

int mz_index_cleanup(const char *index, const char *keep)
{
    int removed = 0;
    DIR *d = opendir(index);
    if (!d)
        return 0;
    char *base = mz_index_base(index); /* the live base stays too */
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!db_number(e->d_name) || (keep && strcmp(e->d_name, keep) == 0) ||
            (base && strcmp(e->d_name, base) == 0))
            continue;
        char *p = join(index, e->d_name);
        if (p && nftw(p, rm_entry, 16, FTW_DEPTH | FTW_PHYS) == 0)
            removed++;
        free(p);
    }
    closedir(d);
    free(base);
    return removed;
}

int mz_index_remove_db(const char *index, const char *name)
{
    if (!db_number(name))
        return -1;
    char *p = join(index, name);
    int rc = p ? nftw(p, rm_entry, 16, FTW_DEPTH | FTW_PHYS) : -1;
    free(p);
    return rc;
}

int mz_index_lock(const char *index, long *holder)
{
    *holder = 0;
    char *p = join(index, "mzindex.lock");
    if (!p)
        return -1;
    int fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    free(p);
    if (fd < 0)
        return -1;
    if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
        int e = errno;
        char buf[32] = {0};
        if (pread(fd, buf, sizeof buf - 1, 0) > 0)
            *holder = strtol(buf, NULL, 10);
        close(fd);
        errno = e == EWOULDBLOCK ? EWOULDBLOCK : e;
        return -1;
    }
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) == 0 && pwrite(fd, buf, (size_t)n, 0) < 0) {
        /* the pid is only a courtesy for the message */
    }
    return fd;
}

static unsigned long long du_total;

static int du_entry(const char *path, const struct stat *sb, int flag,
                    struct FTW *ftw)
{
    (void)path;
    (void)ftw;
    if (flag == FTW_F)
        du_total += (unsigned long long)sb->st_blocks * 512;
    return 0;
}

unsigned long long mz_disk_usage(const char *path)
{
    du_total = 0;
    nftw(path, du_entry, 16, FTW_PHYS);
    return du_total;
}

/* ---- shards ------------------------------------------------------------ */

int mz_shard_url(const char *s, char **host, unsigned *port)
{
    *host = NULL;
    *port = 0;
    if (strncmp(s, "tcp://", 6) != 0)
        return 0;
    const char *h = s + 6, *colon = strchr(h, ':');
    if (!colon || colon == h || !colon[1])
        return -1;
    for (const char *c = h; c < colon; c++)
        if (*c == '/' || *c == '@' || (unsigned char)*c <= ' ')
            return -1;
    unsigned long v = 0;
    for (const char *p = colon + 1; *p; p++)
        if (*p < '0' || *p > '9' || (v = v * 10 + (unsigned)(*p - '0')) > 65535)
            return -1;
    if (v == 0 || !(*host = strndup(h, (size_t)(colon - h))))
        return -1;
    *port = (unsigned)v;
    return 1;
}

char *mz_shards_file(const char *loc)
{
    struct stat st;
    if (stat(loc, &st) == 0 && S_ISREG(st.st_mode))
        return strdup(loc);
    char *p = join(loc, MZ_SHARDS_FILE);
    if (p && stat(p, &st) == 0 && S_ISREG(st.st_mode))
        return p;
    free(p);
    return NULL;
}

/* The entry on one line of a shards file (cut in place), or NULL. */
static char *shard_entry(char *line)
{
    for (char *c = line; *c; c++)
        if (*c == '#' && (c == line || *(c - 1) == ' ' || *(c - 1) == '\t')) {
            *c = '\0';
            break;
        }
    size_t n = strlen(line);
    while (n && strchr(" \t\r\n", line[n - 1]))
        line[--n] = '\0';
    while (*line == ' ' || *line == '\t')
        line++;
    return *line ? line : NULL;
}

void mz_shards_free(mz_shard_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].spec);
    free(v);
}

int mz_shards_read(const char *file, mz_shard_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    FILE *f = fopen(file, "r");
    if (!f)
        return -1;
    const char *slash = strrchr(file, '/');
    char *folder = slash ? strndup(file, slash == file ? 1 : (size_t)(slash - file))
                         : strdup(".");
    mz_shard_t *v = NULL;
    size_t nv = 0;
    char *line = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    int bad = !folder;
    while (!bad && getline(&line, &cap, f) >= 0) {
        lineno++;
        char *e = shard_entry(line);
        if (!e)
            continue;
        mz_shard_t *nvv = realloc(v, (nv + 1) * sizeof *v);
        if (!nvv) {
            bad = 1;
            break;
        }
        v = nvv;
        v[nv].line = lineno;
        v[nv].spec = strncmp(e, "tcp://", 6) == 0 || e[0] == '/'
                         ? strdup(e)
                     : strcmp(e, ".") == 0 ? strdup(folder)
                                           : join(folder, e);
        if (!v[nv++].spec)
            bad = 1;
    }
    int e = ferror(f) ? EIO : ENOMEM;
    bad |= ferror(f);
    fclose(f);
    free(line);
    free(folder);
    if (bad) {
        mz_shards_free(v, nv);
        errno = e;
        return -1;
    }
    *out = v;
    *n = nv;
    return 0;
}

int mz_shards_plausible(const char *file, const mz_shard_t *v, size_t n)
{
    FILE *f = fopen(file, "rb");
    unsigned char buf[65536];
    size_t got = f ? fread(buf, 1, sizeof buf, f) : 0;
    if (f)
        fclose(f);
    for (size_t i = 0; i < got; i++)
        if (buf[i] < 0x20 && !strchr("\t\n\r\f\v", buf[i]))
            return 0;  /* strchr finds NUL too: refused as well */
    struct stat st;
    for (size_t i = 0; i < n; i++)
        if (strncmp(v[i].spec, "tcp://", 6) == 0 ||
            (stat(v[i].spec, &st) == 0 && S_ISDIR(st.st_mode)))
            return 1;
    return n == 0;
}
