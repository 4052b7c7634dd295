/* mzindex — build, update and rebuild the mzsearch index.
 *
 * main parses options, takes the index's writer lock, opens the live
 * database (or a new one beside it for --rebuild), runs the update
 * (update.c), swaps a finished rebuild in, and maps what happened to an
 * exit status.  --status only reads. */
#include "build.h"
#include "clock.h"
#include "indexdir.h"
#include "kind.h"
#include "mzx.h"
#include "safetext.h"
#include "segment.h"
#include "update.h"
#include "version.h"
#include "walk.h"

#include <cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_DONE = 0, EXIT_SKIPPED = 1, EXIT_FAILED = 2 };

typedef struct {
    const char *index_opt;
    int quiet, json, rebuild, status, compact, servable, accept_removals;
    unsigned jobs;
    char **roots;
    int nroots;
    char *include[64], *exclude[64];
    int ninclude, nexclude;
    const char *repair; /* not an option: the damage a rebuild repairs */
} options_t;

/* The run's first error, for --json: its code and its line.  Every error
 * line goes through fail(), and main prints the object when the run that
 * failed printed none. */
static struct {
    int json, printed;
    char code[32], msg[1024];
} report;

/* One line "mzindex: MSG" on stderr, made safe to print (a path can hold
 * anything); msg receives the line as formatted. */
static void vsay(char *msg, size_t n, const char *fmt, va_list ap)
{
    vsnprintf(msg, n, fmt, ap);
    char *shown = mz_safe_text(msg, strlen(msg), NULL);
    fprintf(stderr, "mzindex: %s\n", shown ? shown : msg);
    free(shown);
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A line that is not an error: a skipped file, a kept folder, the summary. */
static void say(const char *fmt, ...)
{
    char msg[sizeof report.msg];
    va_list ap;
    va_start(ap, fmt);
    vsay(msg, sizeof msg, fmt, ap);
    va_end(ap);
}

/* An error line; the first is kept for --json.  Returns EXIT_FAILED. */
static int fail(const char *code, const char *fmt, ...)
{
    char msg[sizeof report.msg];
    va_list ap;
    va_start(ap, fmt);
    vsay(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!report.code[0]) {
        snprintf(report.code, sizeof report.code, "%s", code);
        snprintf(report.msg, sizeof report.msg, "%s", msg);
    }
    return EXIT_FAILED;
}

/* Add the run's outcome to j and print it on stdout: "ok" exactly when the
 * exit status is 0, and the first error, if any. */
static void print_json(cJSON *j, int code)
{
    cJSON_AddBoolToObject(j, "ok", code == EXIT_DONE);
    /* what update.c said itself */
    if (code == EXIT_FAILED && !report.code[0])
        snprintf(report.code, sizeof report.code, "failed");
    if (code == EXIT_FAILED && !report.msg[0])
        snprintf(report.msg, sizeof report.msg, "see the lines on stderr");
    if (report.code[0]) {
        cJSON *e = cJSON_AddObjectToObject(j, "error");
        cJSON_AddStringToObject(e, "code", report.code);
        cJSON_AddStringToObject(e, "message", report.msg);
    }
    char *txt = cJSON_PrintUnformatted(j);
    if (txt)
        puts(txt);
    free(txt);
    report.printed = 1;
}

static volatile sig_atomic_t stop_requested;

/* ---- what the library tells as it goes ---------------------------------- */

typedef struct {
    int progress; /* a progress line is drawn (stderr is a terminal) */
} tell_t;

static void on_progress(void *ctx, const mz_progress_t *p)
{
    double mb = (double)p->bytes / 1e6;
    double eta = p->done ? p->seconds * (double)(p->total - p->done) /
                               (double)p->done
                         : 0;
    fprintf(stderr, "\r\033[Kmzindex: %zu/%zu files  %.1f MB  %.1f MB/s  "
                    "ETA %d:%02d",
            p->done, p->total, mb, p->seconds > 0 ? mb / p->seconds : 0,
            (int)eta / 60, (int)eta % 60);
    if (p->finished)
        fputs("\r\033[K", stderr);
}

static void on_skipped(void *ctx, const char *path, const char *reason)
{
    if (((tell_t *)ctx)->progress)
        fputs("\r\033[K", stderr);
    say("skipped %s: %s", path, reason);
}

static void on_message(void *ctx, mz_status_t st, const char *text)
{
    (void)st;
    say("%s", text);
}

static void callbacks_for(const options_t *o, tell_t *t,
                          mz_index_callbacks_t *cb)
{
    t->progress = !o->quiet && isatty(STDERR_FILENO);
    *cb = (mz_index_callbacks_t){.ctx = t, .skipped = on_skipped,
                                 .message = on_message,
                                 .progress = t->progress ? on_progress : NULL};
}

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

static void usage(FILE *f)
{
    fputs("usage: mzindex [--index PATH] [--rebuild] [--quiet] [--json] "
          "[DIR|FILE...]\n"
          "       mzindex [--index PATH] --status [--json] | --compact\n"
          "Index the materials under each DIR (and each FILE) for mzsearch:"
          "\n.txt .text .md .markdown (UTF-8, UTF-16 with BOM, GB18030/GBK), "
          ".docx,\n.html .htm, .pdf (pdftotext), .doc (antiword), .wps "
          "(catdoc).\n"
          "With no DIR, update the folders indexed before: new and changed "
          "files\nare read, deleted ones removed, unchanged ones left alone.\n\n"
          "  --index PATH  the index directory (default: $MZSEARCH_INDEX, "
          "else\n"
          "                ${XDG_DATA_HOME:-~/.local/share}/mzsearch)\n"
          "  --rebuild     build a new index beside the live one and swap it "
          "in\n"
          "                when complete (roots: the DIRs given, else the "
          "remembered)\n"
          "  --include GLOB  index only files matching GLOB (a name, or a "
          "path\n"
          "                under the folder when it has a '/'); repeatable\n"
          "  --exclude GLOB  leave out files and folders matching GLOB; "
          "repeatable\n"
          "                (both are remembered for later updates)\n"
          "  --accept-removals  remove the files of a folder even when most "
          "of them\n"
          "                are gone at once (else they are kept: an unmounted "
          "share)\n"
          "  --jobs N      read and cut files on N threads in a full build\n"
          "                (default: one per processor, at most 4)\n"
          "  --servable    keep Xapian's term lists in full builds, so that "
          "xapian-tcpsrv\n"
          "                can serve the index as a shard (about 1.6x the "
          "size;\n"
          "                remembered)\n"
          "  --status      what the index holds: roots, files, passages, "
          "size\n"
          "  --compact     rewrite the index smaller and faster (a rebuild "
          "does this\n"
          "                by itself)\n"
          "  --quiet       print nothing but errors\n"
          "  --json        print the summary (or status) as JSON on stdout\n"
          "  --help        this text;  --version  the version\n\n"
          "Exit status: 0 all indexed, 1 done but some files skipped, "
          "2 failed or\ninterrupted (what was committed stays; run again to "
          "finish).\n", f);
}

static int parse_options(int argc, char **argv, options_t *o)
{
    static const struct option longs[] = {
        {"index", required_argument, 0, 'i'},
        {"quiet", no_argument, 0, 'q'},
        {"json", no_argument, 0, 'j'},
        {"rebuild", no_argument, 0, 'r'},
        {"status", no_argument, 0, 's'},
        {"compact", no_argument, 0, 'c'},
        {"include", required_argument, 0, 'I'},
        {"exclude", required_argument, 0, 'X'},
        {"jobs", required_argument, 0, 'J'},
        {"servable", no_argument, 0, 'S'},
        {"accept-removals", no_argument, 0, 'A'},
        {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, 'V'},
        {0, 0, 0, 0}};
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "qh", longs, NULL)) != -1) {
        switch (c) {
        case 'i': o->index_opt = optarg; break;
        case 'q': o->quiet = 1; break;
        case 'j': o->json = 1; break;
        case 'r': o->rebuild = 1; break;
        case 's': o->status = 1; break;
        case 'c': o->compact = 1; break;
        case 'S': o->servable = 1; break;
        case 'A': o->accept_removals = 1; break;
        case 'J': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 64) {
                fail("bad_option", "--jobs %s: expected a number from "
                     "1 to 64", optarg);
                return -1;
            }
            o->jobs = (unsigned)n;
            break;
        }
        case 'I':
        case 'X':
            if ((c == 'I' ? o->ninclude : o->nexclude) == 64) {
                fail("bad_option", "at most 64 --include and 64 --exclude "
                     "patterns");
                return -1;
            }
            if (c == 'I')
                o->include[o->ninclude++] = optarg;
            else
                o->exclude[o->nexclude++] = optarg;
            break;
        case 'h': usage(stdout); exit(EXIT_DONE);
        case 'V':
            printf("mzindex %s (segmenter %s)\n", MZ_VERSION, MZ_SEG_VERSION);
            exit(EXIT_DONE);
        default:
            if (optopt == 'i' || optopt == 'I' || optopt == 'X' ||
                optopt == 'J')
                fail("bad_option", "%s needs a value; see mzindex "
                     "--help", argv[optind - 1]);
            else
                fail("bad_option", "unknown option '%s'; see mzindex "
                     "--help", argv[optind - 1]);
            return -1;
        }
    }
    o->roots = argv + optind;
    o->nroots = argc - optind;
    if ((o->status || o->compact) &&
        (o->nroots || o->rebuild || (o->status && o->compact))) {
        fail("bad_option", "--status and --compact take no folders and go "
             "alone; see mzindex --help");
        return -1;
    }
    return 0;
}

static char *path_join(const char *a, const char *b)
{
    char *s = NULL;
    return asprintf(&s, "%s/%s", a, b) < 0 ? NULL : s;
}

/* ---- roots: a list kept in metadata, one absolute path a line ---------- */

typedef struct {
    char **v;
    size_t n;
} roots_t;

static int roots_add(roots_t *r, const char *path)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->v[i], path) == 0)
            return 0;
    char **v = realloc(r->v, (r->n + 1) * sizeof *v);
    if (!v)
        return -1;
    r->v = v;
    if (!(r->v[r->n] = strdup(path)))
        return -1;
    r->n++;
    return 0;
}

static int roots_parse(roots_t *r, const char *s)
{
    while (s && *s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        char *one = strndup(s, n);
        if (!one || (n && roots_add(r, one) < 0)) {
            free(one);
            return -1;
        }
        free(one);
        s = nl ? nl + 1 : NULL;
    }
    return 0;
}

static char *roots_join(const roots_t *r)
{
    size_t len = 1;
    for (size_t i = 0; i < r->n; i++)
        len += strlen(r->v[i]) + 1;
    char *s = malloc(len), *p = s;
    if (!s)
        return NULL;
    for (size_t i = 0; i < r->n; i++)
        p += sprintf(p, "%s%s", i ? "\n" : "", r->v[i]);
    *p = '\0';
    return s;
}

static void roots_free(roots_t *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->v[i]);
    free(r->v);
}

/* Absolute forms of the given roots (a path that does not resolve is kept
 * as given: the update reports it). */
static int roots_from_args(roots_t *r, char **args, int n)
{
    for (int i = 0; i < n; i++) {
        char *abs = realpath(args[i], NULL);
        int rc = roots_add(r, abs ? abs : args[i]);
        free(abs);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static void roots_keep_none(roots_t *r)
{
    roots_free(r);
    memset(r, 0, sizeof *r);
}

/* Leave in old only the roots that are neither in nor under one of now
 * (what a --rebuild with other roots no longer indexes). */
static void roots_drop_covered(roots_t *old, const roots_t *now)
{
    size_t n = 0;
    for (size_t i = 0; i < old->n; i++) {
        int covered = 0;
        for (size_t k = 0; !covered && k < now->n; k++) {
            size_t len = strlen(now->v[k]);
            covered = strncmp(old->v[i], now->v[k], len) == 0 &&
                      (old->v[i][len] == '\0' || old->v[i][len] == '/' ||
                       strcmp(now->v[k], "/") == 0);
        }
        if (covered)
            free(old->v[i]);
        else
            old->v[n++] = old->v[i];
    }
    old->n = n;
}

/* ---- --status ----------------------------------------------------------- */

typedef struct {
    unsigned long files;
    cJSON *skipped;
} status_t;

static int count_file(const char *k, size_t kl, const char *v, size_t vl,
                      void *ctx)
{
    (void)k, (void)kl, (void)v, (void)vl;
    ((status_t *)ctx)->files++;
    return 0;
}

static int list_skip(const char *k, size_t kl, const char *v, size_t vl,
                     void *ctx)
{
    (void)k, (void)kl;
    const char *nl = memchr(v, '\n', vl);
    if (!nl)
        return 0;
    char *why = strndup(v, (size_t)(nl - v));
    char *path = strndup(nl + 1, vl - (size_t)(nl + 1 - v));
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "path", path ? path : "");
    cJSON_AddStringToObject(o, "reason", why ? why : "");
    cJSON_AddItemToArray(((status_t *)ctx)->skipped, o);
    free(why);
    free(path);
    return 0;
}

static char *db_meta(mzx_db_t *db, const char *key)
{
    char *v = NULL;
    size_t n;
    mzx_db_get_meta(db, key, &v, &n);
    return v;
}

/* ---- damage ------------------------------------------------------------- */

/* 1 when the folder holds anything but Xapian's lock file. */
static int holds_files(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    int any = 0;
    while (d && !any && (e = readdir(d)) != NULL)
        any = strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
              strcmp(e->d_name, "flintlock") != 0;
    if (d)
        closedir(d);
    return any;
}

/* The first database of the index that is damaged, as "INDEX/NAME: what
 * Xapian says" (malloc'd), or NULL.  The base, written once and in order,
 * is read where a cut file shows: the first and last blocks of each table.
 * With deep (under the writer's lock: no commit can move blocks meanwhile)
 * the live database is read block by block (Xapian's full check; it holds
 * what changed since the last full build, so it is small, and an update in
 * place writes anywhere in its files).  Milliseconds in all on the 58 MB
 * corpus. */
static char *find_damage(const char *index, int deep)
{
    char *names[2] = {mz_index_live(index), mz_index_base(index)};
    char *found = NULL;
    for (int i = 0; i < 2 && !found; i++) {
        char *path = names[i] ? path_join(index, names[i]) : NULL, *err = NULL;
        if (!path)
            continue;
        /* a live database that no run has written yet is no damage */
        mzx_status_t st = (i == 1 || access(path, F_OK) == 0)
                              ? mzx_check(path, deep && i == 0, &err)
                              : MZX_OK;
        /* under the lock no commit can take a snapshot away: a block of
         * another revision is a damaged one */
        if (st == MZX_MODIFIED && deep) {
            free(err);
            err = strdup("a block holds data of another revision");
        }
        if (st == MZX_CORRUPT || (st == MZX_MODIFIED && deep) ||
            (st == MZX_NO_INDEX && (i == 1 || holds_files(path))))
            if (asprintf(&found, "%s: %s", path,
                         err ? err : mzx_status_str(st)) < 0)
                found = NULL;
        free(err);
        free(path);
    }
    free(names[0]);
    free(names[1]);
    return found;
}

/* When a database of the index is damaged, one line saying so and naming
 * the fix, and 1; else 0.  (For --status, which takes no lock: the cheap
 * check only.) */
static int report_damage(const char *index)
{
    char *damage = find_damage(index, 0);
    if (damage)
        fail("index_damaged", "the index at %s is damaged (%s); rebuild it "
             "with mzindex --index %s --rebuild", index, damage, index);
    free(damage);
    return damage != NULL;
}

typedef struct {
    options_t o;           /* the run's options, turned into a rebuild */
    roots_t roots, inc, exc;
    char *damage;
} repair_t;

static void repair_free(repair_t *r)
{
    roots_free(&r->roots);
    roots_free(&r->inc);
    roots_free(&r->exc);
    free(r->damage);
}

/* Before an update, a rebuild or --compact: is a database of the index
 * damaged?  An update then repairs it by a full build from the folders the
 * index holds (read from its live database if they still can be) and
 * those given, when every one of them can be read: *o then points at
 * rep->o, a rebuild keeping the remembered filters.  --compact refuses.
 * Returns 0 to go on, or EXIT_FAILED after a line naming the damaged
 * database and the fix. */
static int check_damage(const options_t **o, const char *index,
                        const char *live, repair_t *rep)
{
    if (!(rep->damage = find_damage(index, 1)))
        return 0;
    if ((*o)->compact)
        return fail("index_damaged", "the index at %s is damaged (%s); "
                    "rebuild it with mzindex --index %s --rebuild", index,
                    rep->damage, index);
    char *livepath = path_join(index, live), *v;
    mzx_db_t *db = NULL;
    if (livepath && mzx_db_open(livepath, &db, NULL) == MZX_OK) {
        roots_parse(&rep->roots, v = db_meta(db, MZ_META_ROOTS));
        free(v);
        roots_parse(&rep->inc, v = db_meta(db, MZ_META_INCLUDE));
        free(v);
        roots_parse(&rep->exc, v = db_meta(db, MZ_META_EXCLUDE));
        free(v);
    }
    mzx_db_destroy(db);
    free(livepath);
    if ((*o)->rebuild && (*o)->nroots)
        return 0; /* it builds from the folders given */
    roots_from_args(&rep->roots, (*o)->roots, (*o)->nroots);
    if (!rep->roots.n)
        return fail("index_damaged", "the index at %s is damaged (%s) and "
                    "the folders it indexed cannot be read from it; rebuild "
                    "it with mzindex --index %s --rebuild DIR...", index,
                    rep->damage, index);
    for (size_t i = 0; i < rep->roots.n; i++)
        if (access(rep->roots.v[i], R_OK) != 0)
            return fail("index_damaged", "the index at %s is damaged (%s), "
                        "and %s cannot be read to rebuild it (%s); make it "
                        "readable and run mzindex again, or rebuild from "
                        "other folders with mzindex --index %s --rebuild "
                        "DIR...", index, rep->damage, rep->roots.v[i],
                        strerror(errno), index);
    if ((*o)->rebuild)
        return 0;
    rep->o = **o;
    rep->o.rebuild = 1;
    rep->o.repair = rep->damage;
    rep->o.roots = rep->roots.v;
    rep->o.nroots = (int)rep->roots.n;
    if (!rep->o.ninclude && !rep->o.nexclude) {
        for (size_t i = 0; i < rep->inc.n && i < 64; i++)
            rep->o.include[rep->o.ninclude++] = rep->inc.v[i];
        for (size_t i = 0; i < rep->exc.n && i < 64; i++)
            rep->o.exclude[rep->o.nexclude++] = rep->exc.v[i];
    }
    say("the index at %s is damaged (%s); rebuilding it from its folders",
        index, rep->damage);
    *o = &rep->o;
    return 0;
}

/* s on stdout, made safe to print. */
static void print_safe(const char *s)
{
    char *t = mz_safe_text(s, strlen(s), NULL);
    fputs(t ? t : "?", stdout);
    free(t);
}

static int show_status(const options_t *o, const char *index)
{
    if (!mz_index_exists(index))
        return fail("no_index", "no index at %s; run 'mzindex DIR' to build "
                    "one", index);
    if (report_damage(index))
        return EXIT_FAILED;
    mzx_db_t *db = NULL;
    char *err = NULL;
    mzx_status_t st = mzx_db_open(index, &db, &err);
    if (st != MZX_OK) {
        fail("index_error", "cannot open the index at %s: %s; rebuild "
             "it with mzindex --rebuild DIR...",
             index, err ? err : mzx_status_str(st));
        free(err);
        return EXIT_FAILED;
    }
    status_t s = {.skipped = cJSON_CreateArray()};
    mzx_db_meta_each(db, MZ_META_FILE, count_file, &s);
    mzx_db_meta_each(db, MZ_META_SKIP, list_skip, &s);
    char *roots = db_meta(db, MZ_META_ROOTS);
    char *updated = db_meta(db, MZ_META_UPDATED);
    char *seg = db_meta(db, MZ_META_SEGMENTER);
    char *live = mz_index_live(index);
    char *livepath = live ? path_join(index, live) : NULL;
    unsigned long long size = mz_disk_usage(livepath ? livepath : index);
    char *base = mz_index_base(index), *basepath = NULL;
    if (base && (basepath = path_join(index, base)) != NULL)
        size += mz_disk_usage(basepath);
    free(base);
    free(basepath);
    time_t when = updated ? (time_t)strtoll(updated, NULL, 10) : 0;
    char whenbuf[64] = "never", iso[32] = "";
    if (when) {
        strftime(whenbuf, sizeof whenbuf, "%Y-%m-%d %H:%M:%S %z",
                 localtime(&when));
        strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", gmtime(&when));
    }
    roots_t r = {0};
    roots_parse(&r, roots);

    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "version", 1);
    cJSON_AddStringToObject(j, "index", index);
    cJSON *jr = cJSON_AddArrayToObject(j, "roots");
    for (size_t i = 0; i < r.n; i++)
        cJSON_AddItemToArray(jr, cJSON_CreateString(r.v[i]));
    cJSON_AddNumberToObject(j, "files", (double)s.files);
    cJSON_AddNumberToObject(j, "passages", (double)mzx_db_passages(db));
    cJSON_AddNumberToObject(j, "size_bytes", (double)size);
    if (when)
        cJSON_AddStringToObject(j, "updated", iso);
    else
        cJSON_AddNullToObject(j, "updated");
    cJSON_AddStringToObject(j, "segmenter", seg ? seg : "");
    cJSON_AddItemToObject(j, "skipped", s.skipped);
    if (o->json) {
        print_json(j, EXIT_DONE);
    } else {
        fputs("index:     ", stdout);
        print_safe(index);
        putchar('\n');
        for (size_t i = 0; i < r.n; i++) {
            fputs(i ? "           " : "roots:     ", stdout);
            print_safe(r.v[i]);
            putchar('\n');
        }
        if (!r.n)
            printf("roots:     (none)\n");
        printf("files:     %lu\n", s.files);
        printf("passages:  %u\n", mzx_db_passages(db));
        printf("size:      %.1f MB\n", (double)size / 1e6);
        printf("updated:   %s\n", whenbuf);
        printf("segmenter: %s%s\n", seg ? seg : "(unknown)",
               seg && strcmp(seg, MZ_SEG_VERSION) != 0
                   ? " (differs from this program's: run mzindex --rebuild)"
                   : "");
        int nsk = cJSON_GetArraySize(s.skipped);
        printf("skipped:   %d file%s\n", nsk, nsk == 1 ? "" : "s");
        cJSON *it;
        cJSON_ArrayForEach(it, s.skipped) {
            fputs("  ", stdout);
            print_safe(cJSON_GetObjectItem(it, "path")->valuestring);
            fputs(": ", stdout);
            print_safe(cJSON_GetObjectItem(it, "reason")->valuestring);
            putchar('\n');
        }
    }
    cJSON_Delete(j);
    roots_free(&r);
    free(roots);
    free(updated);
    free(seg);
    free(live);
    free(livepath);
    mzx_db_destroy(db);
    return EXIT_DONE;
}

/* ---- update and rebuild ------------------------------------------------- */

static mzx_writer_t *open_writer(const char *path, const char *index)
{
    mzx_writer_t *w = NULL;
    char *err = NULL;
    mzx_status_t st = mzx_writer_open(path, &w, &err);
    if (st == MZX_LOCKED)
        fail("locked", "another process is writing to %s; wait "
             "for it to finish and run again", index);
    else if (st != MZX_OK)
        fail("index_error", "cannot open the index at %s: %s; check "
             "the path and its permissions, or rebuild it with "
             "mzindex --rebuild",
             index, err ? err : mzx_status_str(st));
    free(err);
    return w;
}

static char *writer_meta(mzx_writer_t *w, const char *key)
{
    char *v = NULL;
    size_t n;
    mzx_writer_get_meta(w, key, &v, &n);
    return v;
}

static mzx_status_t save_meta(mzx_writer_t *w, const roots_t *roots)
{
    char stamp[32];
    snprintf(stamp, sizeof stamp, "%lld", (long long)time(NULL));
    char *joined = roots_join(roots);
    if (!joined)
        return MZX_NOMEM;
    mzx_status_t st = mzx_writer_set_meta(w, MZ_META_SEGMENTER,
                                          MZ_SEG_VERSION,
                                          strlen(MZ_SEG_VERSION));
    if (st == MZX_OK)
        st = mzx_writer_set_meta(w, MZ_META_LAYOUT, MZ_LAYOUT_VERSION,
                                 strlen(MZ_LAYOUT_VERSION));
    if (st == MZX_OK)
        st = mzx_writer_set_meta(w, MZ_META_ROOTS, joined, strlen(joined));
    if (st == MZX_OK)
        st = mzx_writer_set_meta(w, MZ_META_UPDATED, stamp, strlen(stamp));
    free(joined);
    return st;
}

/* Everything a run remembers: the roots, the filters, --servable, the
 * segmenter and layout versions, the time. */
static mzx_status_t save_settings(mzx_writer_t *w, const roots_t *roots,
                                  const roots_t *inc, const roots_t *exc,
                                  int servable)
{
    char *ij = roots_join(inc), *ej = roots_join(exc);
    mzx_status_t st = ij && ej ? MZX_OK : MZX_NOMEM;
    if (st == MZX_OK)
        st = mzx_writer_set_meta(w, MZ_META_INCLUDE, ij, strlen(ij));
    if (st == MZX_OK)
        st = mzx_writer_set_meta(w, MZ_META_EXCLUDE, ej, strlen(ej));
    free(ij);
    free(ej);
    if (st == MZX_OK)
        st = save_meta(w, roots);
    if (st == MZX_OK && servable)
        st = mzx_writer_set_meta(w, MZ_META_SERVABLE, "1", 1);
    return st;
}

/* The roots that lost most of their files at once (mz_update_guard), each
 * on a line naming the fix. */
static void report_gone(const options_t *o, const mz_update_stats_t *s)
{
    for (size_t i = 0; i < s->ngone; i++)
        say("%s: %lu of %lu indexed files are gone "
            "(not mounted?); %s. If they were deleted, run "
            "mzindex %s--accept-removals",
                s->gone[i].path, s->gone[i].gone, s->gone[i].indexed,
                o->rebuild ? "nothing was rebuilt and the live index is "
                             "left as it was"
                           : "kept them",
                o->rebuild ? "--rebuild " : "");
}

static void print_summary(const options_t *o, const char *index,
                          const mz_update_stats_t *s, const roots_t *dropped,
                          int code, double secs)
{
    int failed = code == EXIT_FAILED;
    if (o->json) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddNumberToObject(j, "version", 1);
        cJSON_AddStringToObject(j, "index", index);
        cJSON_AddBoolToObject(j, "rebuild", o->rebuild);
        cJSON_AddNumberToObject(j, "added", (double)s->added);
        cJSON_AddNumberToObject(j, "updated", (double)s->updated);
        cJSON_AddNumberToObject(j, "removed", (double)s->removed);
        cJSON_AddNumberToObject(j, "unchanged", (double)s->unchanged);
        cJSON_AddNumberToObject(j, "passages", (double)s->passages);
        cJSON_AddNumberToObject(j, "bytes", (double)s->bytes);
        cJSON *sk = cJSON_AddArrayToObject(j, "skipped");
        for (size_t i = 0; i < s->nskips; i++) {
            cJSON *it = cJSON_CreateObject();
            cJSON_AddStringToObject(it, "path", s->skips[i].path);
            cJSON_AddStringToObject(it, "reason", s->skips[i].reason);
            cJSON_AddItemToArray(sk, it);
        }
        cJSON *gone = cJSON_AddArrayToObject(j, "gone");
        for (size_t i = 0; i < s->ngone; i++) {
            cJSON *it = cJSON_CreateObject();
            cJSON_AddStringToObject(it, "path", s->gone[i].path);
            cJSON_AddNumberToObject(it, "gone", (double)s->gone[i].gone);
            cJSON_AddNumberToObject(it, "indexed",
                                    (double)s->gone[i].indexed);
            cJSON_AddItemToArray(gone, it);
        }
        cJSON *dr = cJSON_AddArrayToObject(j, "dropped_roots");
        for (size_t i = 0; i < dropped->n; i++)
            cJSON_AddItemToArray(dr, cJSON_CreateString(dropped->v[i]));
        cJSON_AddNumberToObject(j, "elapsed_ms", secs * 1000);
        cJSON_AddBoolToObject(j, "interrupted", s->interrupted);
        cJSON_AddBoolToObject(j, "repaired", o->repair != NULL);
        if (o->repair)
            cJSON_AddStringToObject(j, "damage", o->repair);
        print_json(j, code);
        cJSON_Delete(j);
    }
    /* a run that failed before doing anything has said why: no line of
     * nothing done after it */
    int nothing = !s->added && !s->updated && !s->removed && !s->unchanged &&
                  !s->skipped && !s->passages;
    for (size_t i = 0; !o->quiet && i < dropped->n; i++)
        say("no longer indexing %s (not given to --rebuild)", dropped->v[i]);
    if (!o->quiet && !o->json && !(failed && nothing))
        say("%s%lu added, %lu updated, %lu removed, %lu "
            "unchanged, %lu skipped; %lu passage%s written to %s in %.1f s",
                o->repair ? "rebuilt the damaged index: " : "",
                s->added, s->updated, s->removed, s->unchanged, s->skipped,
                s->passages, s->passages == 1 ? "" : "s", index, secs);
}

/* Write a compacted copy of index/from as a new database and point the stub
 * at it; the uncompacted one is removed when drop_from (nobody reads it
 * yet), else left for the next run's clean-up.  On failure nothing changes
 * and -1 is returned after a message. */
static int compact_and_swap(const char *index, const char *from,
                            int drop_from)
{
    char *to = mz_index_next_name(index);
    char *src = path_join(index, from), *dst = to ? path_join(index, to) : NULL;
    char *err = NULL;
    int rc = -1;
    if (src && dst) {
        mzx_status_t st = mzx_compact(src, dst, &err);
        if (st != MZX_OK)
            fail("index_error", "compacting %s failed: %s", index,
                 err ? err : mzx_status_str(st));
        else if (mz_index_swap(index, to) < 0)
            fail("index_error", "cannot switch %s to the compacted "
                 "index: %s", index, strerror(errno));
        else
            rc = 0;
    }
    if (rc == 0 && drop_from)
        mz_index_remove_db(index, from);
    else if (rc < 0 && to)
        mz_index_remove_db(index, to); /* the half-written copy */
    free(err);
    free(src);
    free(dst);
    free(to);
    return rc;
}

/* ---- the full build ------------------------------------------------------ */

static int count_record(const char *k, size_t kl, const char *v, size_t vl,
                        void *ctx)
{
    (void)k, (void)kl, (void)v, (void)vl;
    ++*(unsigned long *)ctx;
    return 0;
}

enum { FULL_DONE = 0, FULL_FAILED = -1, FULL_FALLBACK = 1 };

/* Write the new live database's metadata: the run's settings and a record
 * (or skip note) for every file built into the base. */
static mzx_status_t write_full_meta(mzx_writer_t *w, const roots_t *roots,
                                    const roots_t *inc, const roots_t *exc,
                                    int servable, const mz_filelist_t *fl,
                                    const mz_built_file_t *bf)
{
    mzx_status_t st = save_settings(w, roots, inc, exc, servable);
    if (st == MZX_OK) /* every passage was cut by this program */
        st = mzx_writer_set_meta(w, MZ_META_KINDS, "1", 1);
    for (size_t i = 0; st == MZX_OK && i < fl->n; i++) {
        char fk[MZ_FILE_KEY_LEN + 1], key[64], *val = NULL;
        mz_file_key(fl->paths[i], fk);
        int skip = bf[i].record == NULL;
        snprintf(key, sizeof key, "%s%s", skip ? MZ_META_SKIP : MZ_META_FILE,
                 fk);
        if (skip && asprintf(&val, "%s\n%s", bf[i].why ? bf[i].why : "?",
                             fl->paths[i]) < 0)
            return MZX_NOMEM;
        const char *v = skip ? val : bf[i].record;
        st = mzx_writer_set_meta(w, key, v, strlen(v));
        free(val);
    }
    for (size_t i = 0; st == MZX_OK && i < fl->nskips; i++) {
        char fk[MZ_FILE_KEY_LEN + 1], key[64], *val = NULL;
        mz_file_key(fl->skips[i].path, fk);
        snprintf(key, sizeof key, "%s%s", MZ_META_SKIP, fk);
        if (asprintf(&val, "%s\n%s", fl->skips[i].reason,
                     fl->skips[i].path) < 0)
            return MZX_NOMEM;
        st = mzx_writer_set_meta(w, key, val, strlen(val));
        free(val);
    }
    return st;
}

/* Build the whole index anew from the files under roots: a base built on
 * every core (build.h) and a new live database holding the metadata, then
 * one rename() of the stub.  The live index is untouched until then.
 * auto_mode (an update that changes much, not --rebuild): a file indexed
 * before that cannot be read now, or a root that cannot be walked, makes
 * it give up (FULL_FALLBACK) so that the update keeps what it has; so do
 * files indexed under a folder that cannot be read now, or under a root
 * that lost most of its files (mz_update_guard).  Such a root makes a
 * --rebuild give up, unless --accept-removals. */
static int full_build(const options_t *o, const char *index,
                      const char *livepath, const roots_t *roots,
                      const roots_t *inc, const roots_t *exc, int servable,
                      int auto_mode, mz_update_stats_t *st)
{
    mz_filelist_t fl = {0};
    roots_t abs = {0};
    mz_walk_filter_t filter = {inc->v, inc->n, exc->v, exc->n};
    for (size_t i = 0; i < roots->n; i++) {
        char buf[PATH_MAX];
        int ok = realpath(roots->v[i], buf) != NULL;
        if (roots_add(&abs, ok ? buf : roots->v[i]) < 0 || !ok ||
            mz_walk(buf, &filter, &fl) < 0) {
            if (auto_mode) {
                mz_filelist_free(&fl);
                roots_free(&abs);
                return FULL_FALLBACK;
            }
            fail("cannot_read", "cannot read %s: %s; check the path",
                 roots->v[i], strerror(errno));
            st->bad_roots++;
        }
    }
    mzx_db_t *old = NULL;
    mzx_db_open(livepath, &old, NULL); /* the records of before, if any */
    unsigned long before = 0;
    if (old)
        mzx_db_meta_each(old, MZ_META_FILE, count_record, &before);
    mz_built_file_t *bf = NULL;
    char *base = NULL, *err = NULL, *newname = NULL, *newpath = NULL;
    mzx_writer_t *w = NULL;
    int interrupted = 0, rc = FULL_FAILED;
    size_t keep = 0;
    mzx_status_t xs = mz_filelist_dedupe(&fl) < 0 ? MZX_NOMEM : MZX_OK;
    /* a rebuild is also the way out of a damaged index: records it cannot
     * read do not stop it (an update in place can tell what it keeps) */
    if (xs == MZX_OK && old &&
        mz_update_guard(old, abs.v, abs.n, &fl, o->accept_removals, st,
                        &keep) != MZX_OK)
        keep = auto_mode;
    if (xs == MZX_OK && auto_mode && keep) {
        rc = FULL_FALLBACK;
        goto out;
    }
    if (st->ngone) {
        report_gone(o, st);
        goto out;
    }
    if (xs == MZX_OK && !(bf = calloc(fl.n ? fl.n : 1, sizeof *bf)))
        xs = MZX_NOMEM;
    if (xs == MZX_OK) {
        tell_t t;
        mz_index_callbacks_t cb;
        callbacks_for(o, &t, &cb);
        mz_build_opts_t bo = {.paths = fl.paths, .n = fl.n, .jobs = o->jobs,
                              .termlists = servable, .cb = &cb,
                              .stop = &stop_requested};
        xs = mz_build_base(&bo, index, &base, bf, &interrupted, &err);
    }
    if (interrupted) {
        fail("interrupted", "interrupted; the live index is unchanged "
             "(run mzindex %sagain)",
             o->rebuild ? "--rebuild " : "");
        st->interrupted = 1;
        goto out;
    }
    if (xs != MZX_OK) {
        fail("index_error", "building %s failed: %s (%s); the live "
             "index is unchanged",
             index, err ? err : "", mzx_status_str(xs));
        goto out;
    }
    /* what changed, against the records of before */
    unsigned long kept = 0;
    for (size_t i = 0; i < fl.n; i++) {
        char fk[MZ_FILE_KEY_LEN + 1], key[64], *prev = NULL;
        size_t plen = 0;
        mz_file_key(fl.paths[i], fk);
        snprintf(key, sizeof key, "%s%s", MZ_META_FILE, fk);
        if (old)
            mzx_db_get_meta(old, key, &prev, &plen);
        kept += prev != NULL;
        if (!bf[i].record) {
            free(prev);
            if (auto_mode && prev) {
                rc = FULL_FALLBACK;
                goto out;
            }
            continue;
        }
        mz_file_rec_t r1, r2;
        if (!prev)
            st->added++;
        else if (mz_file_record_parse(prev, plen, &r1) == 0 &&
                 mz_file_record_parse(bf[i].record, strlen(bf[i].record),
                                      &r2) == 0 &&
                 r1.hash == r2.hash)
            st->unchanged++;
        else
            st->updated++;
        free(prev);
        st->passages += bf[i].passages;
        st->bytes += bf[i].bytes;
    }
    if (old) {
        st->removed = before > kept ? before - kept : 0;
    }
    newname = mz_index_next_name(index);
    newpath = newname ? path_join(index, newname) : NULL;
    if (!newpath || !(w = open_writer(newpath, index)))
        goto out;
    xs = write_full_meta(w, roots, inc, exc, servable, &fl, bf);
    if (xs == MZX_OK) {
        xs = mzx_writer_close(w);
        w = NULL;
    }
    if (xs != MZX_OK) {
        fail("write_failed", "cannot write to %s: %s; the live index is "
             "unchanged",
             index, w ? mzx_writer_error(w) : mzx_status_str(xs));
        goto out;
    }
    if (mz_index_swap_pair(index, newname, base) < 0) {
        fail("write_failed", "cannot switch %s to the new index: %s; the "
             "old index stays live",
             index, strerror(errno));
        goto out;
    }
    for (size_t i = 0; i < fl.nskips; i++) {
        say("skipped %s: %s", fl.skips[i].path, fl.skips[i].reason);
        mz_update_note_skip(st, fl.skips[i].path, fl.skips[i].reason);
    }
    for (size_t i = 0; i < fl.n; i++)
        if (!bf[i].record) {
            say("skipped %s: %s", fl.paths[i], bf[i].why ? bf[i].why : "?");
            mz_update_note_skip(st, fl.paths[i], bf[i].why ? bf[i].why : "?");
        }
    rc = FULL_DONE;
    /* The databases of before stay on disk until the next run, so that a
     * search that opened them just before the swap can finish; an empty
     * one (the first build's placeholder) has nothing to finish. */
    if (!before && !mzx_db_passages(old)) {
        mzx_db_destroy(old);
        old = NULL;
        mz_index_remove_db(index, strrchr(livepath, '/') + 1);
    }
out:
    if (rc != FULL_DONE) {
        mzx_writer_destroy(w);
        if (base)
            mz_index_remove_db(index, base);
        if (newname)
            mz_index_remove_db(index, newname);
    }
    if (rc == FULL_FALLBACK) {
        mz_update_stats_free(st);
        memset(st, 0, sizeof *st);
    }
    mzx_db_destroy(old);
    mz_built_files_free(bf, fl.n);
    mz_filelist_free(&fl);
    roots_free(&abs);
    free(base);
    free(err);
    free(newname);
    free(newpath);
    return rc;
}

/* 1 when folders or files were given and none of them can be read (each is
 * named on stderr): there is nothing to do, and no index to make. */
static int no_root_readable(const options_t *o)
{
    int readable = 0;
    for (int i = 0; i < o->nroots; i++)
        readable |= access(o->roots[i], R_OK) == 0;
    if (readable || !o->nroots)
        return 0;
    for (int i = 0; i < o->nroots; i++) {
        int e = access(o->roots[i], R_OK) == 0 ? 0 : errno;
        fail("cannot_read", "cannot read %s: %s; check the path (the "
             "index is left as it was)",
             o->roots[i], strerror(e));
    }
    return 1;
}

/* A folder that must not become an index, or a run that must not create
 * one: 1 after a line saying why (nothing is written). */
static int refuse_to_create(const options_t *o, const char *index)
{
    if (mz_index_exists(index))
        return 0;
    if (o->compact || !o->nroots) {
        fail("no_index", o->compact ? "no index at %s to compact; run "
                                      "'mzindex DIR' to build one"
                                    : "no folder given and no index at %s "
                                      "to update; usage: mzindex [--index "
                                      "PATH] DIR|FILE...", index);
        return 1;
    }
    DIR *d = opendir(index);
    if (!d && errno == ENOTDIR) {
        fail("not_an_index", "%s is a file, not an index folder; give "
             "--index a new or empty folder", index);
        return 1;
    }
    /* what an index's own runs leave before its stub is written */
    struct dirent *e;
    const char *other = NULL;
    while (d && !other && (e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            strcmp(e->d_name, "mzindex.lock") != 0 &&
            strcmp(e->d_name, "XAPIANDB.tmp") != 0 &&
            strncmp(e->d_name, "db-", 3) != 0 &&
            strncmp(e->d_name, "base-", 5) != 0)
            other = e->d_name;
    if (other)
        fail("not_an_index", "%s holds other files (%s) and no index; give "
             "--index a new or empty folder (nothing was written)", index,
             other);
    if (d)
        closedir(d);
    return other != NULL;
}

static int run(const options_t *o, const char *index)
{
    double t0 = mz_clock_s();
    if (no_root_readable(o) || refuse_to_create(o, index))
        return EXIT_FAILED;
    if (mz_index_prepare(index) < 0) {
        fail("cannot_create", "cannot create the index at %s: %s; choose "
             "a writable place with --index or MZSEARCH_INDEX",
             index, strerror(errno));
        return EXIT_FAILED;
    }
    long holder = 0;
    int lockfd = mz_index_lock(index, &holder);
    if (lockfd < 0) {
        if (errno == EWOULDBLOCK && holder)
            fail("locked", "another mzindex (pid %ld) is updating "
                 "%s; wait for it to finish and run again",
                 holder, index);
        else if (errno == EWOULDBLOCK)
            fail("locked", "another mzindex is updating %s; wait "
                 "for it to finish and run again", index);
        else
            fail("index_error", "cannot lock the index at %s: %s; "
                 "check its permissions",
                 index, strerror(errno));
        return EXIT_FAILED;
    }
    char *live = mz_index_live(index);
    if (!live) {
        fail("index_error", "%s/XAPIANDB is missing or unreadable; "
             "remove %s and index again", index, index);
        close(lockfd);
        return EXIT_FAILED;
    }
    /* what an interrupted rebuild or an earlier swap left behind */
    mz_index_cleanup(index, live);
    repair_t rep = {0};
    if (check_damage(&o, index, live, &rep) != 0) {
        repair_free(&rep);
        free(live);
        close(lockfd);
        return EXIT_FAILED;
    }
    if (o->compact) {
        int crc = compact_and_swap(index, live, 0);
        if (crc == 0 && !o->quiet && !o->json)
            say("compacted %s", index);
        if (crc == 0 && o->json) {
            cJSON *j = cJSON_CreateObject();
            cJSON_AddNumberToObject(j, "version", 1);
            cJSON_AddStringToObject(j, "index", index);
            cJSON_AddBoolToObject(j, "compacted", 1);
            cJSON_AddNumberToObject(j, "elapsed_ms", (mz_clock_s() - t0) * 1000);
            print_json(j, EXIT_DONE);
            cJSON_Delete(j);
        }
        repair_free(&rep);
        free(live);
        close(lockfd);
        return crc == 0 ? EXIT_DONE : EXIT_FAILED;
    }

    int code = EXIT_FAILED;
    roots_t roots = {0}, walk = {0}, inc = {0}, exc = {0}, dropped = {0};
    char *livepath = path_join(index, live);
    mzx_writer_t *w = NULL;
    mz_update_stats_t st = {0};

    int servable = o->servable;
    if (o->rebuild) {
        /* the live database is not opened for writing: a rebuild is also
         * the way out of a damaged one */
        mzx_db_t *db = NULL;
        if (mzx_db_open(livepath, &db, NULL) == MZX_OK) {
            char *r = db_meta(db, MZ_META_ROOTS), *sv;
            roots_parse(o->nroots ? &dropped : &roots, r);
            free(r);
            servable |= (sv = db_meta(db, MZ_META_SERVABLE)) != NULL;
            free(sv);
        }
        mzx_db_destroy(db);
        if (o->nroots)
            roots_from_args(&roots, o->roots, o->nroots);
        roots_drop_covered(&dropped, &roots);
    } else {
        if (!livepath || !(w = open_writer(livepath, index)))
            goto out;
        char *seg = writer_meta(w, MZ_META_SEGMENTER);
        int other = seg && mzx_writer_doccount(w) > 0 &&
                    strcmp(seg, MZ_SEG_VERSION) != 0;
        if (other)
            fail("index_version", "the index at %s was cut by segmenter "
                 "%s and this mzindex uses %s; run mzindex "
                 "--rebuild", index, seg, MZ_SEG_VERSION);
        free(seg);
        if (other)
            goto out;
        char *lay = writer_meta(w, MZ_META_LAYOUT);
        if (mz_layout_newer(lay)) {
            fail("index_version", "the index at %s has layout %s, newer "
                 "than this mzindex writes (%s); use a newer "
                 "mzindex, or this one with --rebuild",
                 index, lay, MZ_LAYOUT_VERSION);
            free(lay);
            goto out;
        }
        free(lay);
        char *r = writer_meta(w, MZ_META_ROOTS);
        roots_parse(&roots, r);
        free(r);
        r = writer_meta(w, MZ_META_SERVABLE);
        servable |= r != NULL;
        free(r);
        if (o->nroots)
            roots_from_args(&walk, o->roots, o->nroots);
        for (size_t i = 0; i < walk.n; i++)
            if (walk.v[i][0] == '/' && access(walk.v[i], F_OK) == 0)
                roots_add(&roots, walk.v[i]); /* remembered if it exists */
    }
    const roots_t *todo = o->rebuild || !o->nroots ? &roots : &walk;
    if (todo->n == 0) {
        fail("no_roots", "no folder given and none indexed before; "
             "usage: mzindex [--index PATH] DIR|FILE...");
        goto out;
    }
    /* the filters: those given, else those remembered */
    if (o->ninclude || o->nexclude || o->rebuild) {
        for (int i = 0; i < o->ninclude; i++)
            roots_add(&inc, o->include[i]);
        for (int i = 0; i < o->nexclude; i++)
            roots_add(&exc, o->exclude[i]);
    } else {
        char *v = writer_meta(w, MZ_META_INCLUDE);
        roots_parse(&inc, v);
        free(v);
        v = writer_meta(w, MZ_META_EXCLUDE);
        roots_parse(&exc, v);
        free(v);
    }
    mz_walk_filter_t filter = {inc.v, inc.n, exc.v, exc.n};

    /* A first index, a rebuild, or an update that changes a large share of
     * the index: build it all anew on every core.  Else update in place. */
    int full = o->rebuild;
    if (!full) {
        mz_update_plan_t pl;
        if (mz_update_plan(w, todo->v, todo->n, &filter, o->accept_removals,
                           &pl) == MZX_OK &&
            !pl.bad_roots && !pl.kept)
            full = pl.records == 0
                       ? pl.files > 0
                       : (pl.delta + pl.changed + pl.removed) * 4 >
                             pl.records;
    }
    if (w) {
        /* the roots and filters are remembered first (an interrupted first
         * build is finished by a plain "mzindex" later) */
        mzx_status_t frc = save_settings(w, &roots, &inc, &exc, servable);
        if (frc == MZX_OK && full)
            frc = mzx_writer_commit(w);
        if (frc != MZX_OK) {
            fail("write_failed", "cannot write to %s: %s", index,
                 mzx_writer_error(w));
            goto out;
        }
    }
    if (full) {
        int fr = full_build(o, index, livepath, &roots, &inc, &exc,
                            servable, !o->rebuild, &st);
        if (fr == FULL_DONE) /* a repair is done, and worth a look */
            code = st.skipped || st.bad_roots || o->repair ? EXIT_SKIPPED
                                                           : EXIT_DONE;
        else /* the live index, and its roots, stay */
            roots_keep_none(&dropped);
        if (fr != FULL_FALLBACK)
            goto out;
    }

    tell_t t;
    mz_index_callbacks_t cb;
    callbacks_for(o, &t, &cb);
    mz_update_opts_t uo = {.stop = &stop_requested, .cb = &cb,
                           .filter = filter,
                           .accept_removals = o->accept_removals};
    mzx_status_t rc = mz_update(w, todo->v, todo->n, &uo, &st);
    report_gone(o, &st);
    if (rc != MZX_OK) {
        fail("index_error", "updating %s failed: %s (%s); what was "
             "committed before is intact",
             index, mzx_writer_error(w), mzx_status_str(rc));
        mzx_writer_destroy(w);
        w = NULL;
        goto out;
    }
    rc = mzx_writer_close(w);
    w = NULL;
    if (rc != MZX_OK) {
        fail("write_failed", "committing to %s failed (%s); the index "
             "keeps its last committed state",
             index, mzx_status_str(rc));
        goto out;
    }
    if (st.interrupted) {
        fail("interrupted", "interrupted; what was done is committed; "
             "run mzindex again to finish");
        goto out;
    }
    code = st.skipped || st.bad_roots ? EXIT_SKIPPED : EXIT_DONE;
out:
    if (st.bad_roots && !report.code[0]) { /* update.c named them */
        snprintf(report.code, sizeof report.code, "cannot_read");
        snprintf(report.msg, sizeof report.msg, "%lu of the folders cannot "
                 "be read (named on stderr); check the paths",
                 (unsigned long)st.bad_roots);
    }
    if (st.ngone && !report.code[0]) { /* report_gone named them */
        snprintf(report.code, sizeof report.code, "files_gone");
        snprintf(report.msg, sizeof report.msg, "most files of %lu "
                 "folder%s are gone at once (named on stderr); kept them; "
                 "mzindex --accept-removals removes them",
                 (unsigned long)st.ngone, st.ngone == 1 ? "" : "s");
    }
    if (st.bad_roots || st.ngone)
        code = EXIT_FAILED;
    mzx_writer_destroy(w);
    print_summary(o, index, &st, &dropped, code, mz_clock_s() - t0);
    mz_update_stats_free(&st);
    roots_free(&roots);
    roots_free(&walk);
    roots_free(&inc);
    roots_free(&exc);
    roots_free(&dropped);
    free(live);
    free(livepath);
    repair_free(&rep);
    close(lockfd);
    return code;
}

/* Under --json, the object of a run that printed none (it failed before
 * it had anything else to say). */
static int json_exit(const char *index, int code)
{
    if (report.json && !report.printed) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddNumberToObject(j, "version", 1);
        if (index)
            cJSON_AddStringToObject(j, "index", index);
        print_json(j, code);
        cJSON_Delete(j);
    }
    return code;
}

int main(int argc, char **argv)
{
    options_t o = {0};
    /* --json holds for an error in the options before it, too */
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        report.json |= strcmp(argv[i], "--json") == 0;
    if (parse_options(argc, argv, &o) < 0)
        return json_exit(NULL, EXIT_FAILED);
    char *index = mz_index_location(o.index_opt);
    if (!index) {
        fail("no_location", "no index location: set HOME, MZSEARCH_INDEX or "
             "give --index PATH");
        return json_exit(NULL, EXIT_FAILED);
    }
    int code;
    if (o.status) {
        code = show_status(&o, index);
    } else {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGHUP, &sa, NULL);
        /* a file size limit (ulimit -f) then shows as a write error */
        signal(SIGXFSZ, SIG_IGN);
        code = run(&o, index);
    }
    json_exit(index, code);
    free(index);
    return code;
}
