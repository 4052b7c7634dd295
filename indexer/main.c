/* mzindex — build, update and rebuild the mzsearch index.
 *
 * The work is the library's (mzsearch.h, "Indexing"): this program parses
 * the options, prints what the library tells as it goes (progress, skipped
 * files, problems) and what it did (a summary line, or one JSON object
 * with --json), and maps the outcome to an exit status. */
#include "clock.h"
#include "indexdir.h"
#include "mzsearch.h"
#include "safetext.h"

#include <cJSON.h>
#include <getopt.h>
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
    int quiet, json, status, compact;
    mz_index_options_t ix;     /* what the library is asked */
    const char *include[64], *exclude[64];
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

/* The library's first error, kept for --json when the run had none (its
 * line was printed as it happened). */
static void keep_error(const mz_error_t *err)
{
    if (report.code[0] || !err->code[0])
        return;
    snprintf(report.code, sizeof report.code, "%s", err->code);
    snprintf(report.msg, sizeof report.msg, "%s", err->message);
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

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

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
        case 'r': o->ix.rebuild = 1; break;
        case 's': o->status = 1; break;
        case 'c': o->compact = 1; break;
        case 'S': o->ix.servable = 1; break;
        case 'A': o->ix.accept_removals = 1; break;
        case 'J': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 64) {
                fail("bad_option", "--jobs %s: expected a number from "
                     "1 to 64", optarg);
                return -1;
            }
            o->ix.jobs = (unsigned)n;
            break;
        }
        case 'I':
        case 'X':
            if ((c == 'I' ? o->ix.ninclude : o->ix.nexclude) == 64) {
                fail("bad_option", "at most 64 --include and 64 --exclude "
                     "patterns");
                return -1;
            }
            if (c == 'I')
                o->include[o->ix.ninclude++] = optarg;
            else
                o->exclude[o->ix.nexclude++] = optarg;
            break;
        case 'h': usage(stdout); exit(EXIT_DONE);
        case 'V':
            printf("mzindex %s (segmenter %s)\n", mz_version(),
                   mz_segmenter_version());
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
    o->ix.roots = (const char *const *)argv + optind;
    o->ix.nroots = (size_t)(argc - optind);
    o->ix.include = o->include;
    o->ix.exclude = o->exclude;
    if ((o->status || o->compact) &&
        (o->ix.nroots || o->ix.rebuild || (o->status && o->compact))) {
        fail("bad_option", "--status and --compact take no folders and go "
             "alone; see mzindex --help");
        return -1;
    }
    return 0;
}

/* ---- --status ----------------------------------------------------------- */

/* s on stdout, made safe to print. */
static void print_safe(const char *s)
{
    char *t = mz_safe_text(s, strlen(s), NULL);
    fputs(t ? t : "?", stdout);
    free(t);
}

static void print_status_text(const char *index, const mz_index_info_t *s)
{
    time_t when = (time_t)s->updated;
    char whenbuf[64] = "never";
    if (when)
        strftime(whenbuf, sizeof whenbuf, "%Y-%m-%d %H:%M:%S %z",
                 localtime(&when));
    fputs("index:     ", stdout);
    print_safe(index);
    putchar('\n');
    for (size_t i = 0; i < s->nroots; i++) {
        fputs(i ? "           " : "roots:     ", stdout);
        print_safe(s->roots[i]);
        putchar('\n');
    }
    if (!s->nroots)
        printf("roots:     (none)\n");
    printf("files:     %lu\n", s->files);
    printf("passages:  %lu\n", s->passages);
    printf("size:      %.1f MB\n", (double)s->size_bytes / 1e6);
    printf("updated:   %s\n", whenbuf);
    const char *seg = s->segmenter;
    printf("segmenter: %s%s\n", seg ? seg : "(unknown)",
           seg && strcmp(seg, mz_segmenter_version()) != 0
               ? " (differs from this program's: run mzindex --rebuild)"
               : "");
    printf("skipped:   %zu file%s\n", s->nskips, s->nskips == 1 ? "" : "s");
    for (size_t i = 0; i < s->nskips; i++) {
        fputs("  ", stdout);
        print_safe(s->skips[i].path ? s->skips[i].path : "");
        fputs(": ", stdout);
        print_safe(s->skips[i].reason ? s->skips[i].reason : "");
        putchar('\n');
    }
}

/* [{"path": ..., "reason": ...}, ...] under name in j. */
static void add_skips(cJSON *j, const char *name, const mz_skipped_t *v,
                      size_t n)
{
    cJSON *a = cJSON_AddArrayToObject(j, name);
    for (size_t i = 0; i < n; i++) {
        cJSON *it = cJSON_CreateObject();
        cJSON_AddStringToObject(it, "path", v[i].path ? v[i].path : "");
        cJSON_AddStringToObject(it, "reason",
                                v[i].reason ? v[i].reason : "");
        cJSON_AddItemToArray(a, it);
    }
}

static cJSON *status_json(const char *index, const mz_index_info_t *s)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "version", 1);
    cJSON_AddStringToObject(j, "index", index);
    cJSON *jr = cJSON_AddArrayToObject(j, "roots");
    for (size_t i = 0; i < s->nroots; i++)
        cJSON_AddItemToArray(jr, cJSON_CreateString(s->roots[i]));
    cJSON_AddNumberToObject(j, "files", (double)s->files);
    cJSON_AddNumberToObject(j, "passages", (double)s->passages);
    cJSON_AddNumberToObject(j, "size_bytes", (double)s->size_bytes);
    time_t when = (time_t)s->updated;
    char iso[32];
    if (when && strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ",
                         gmtime(&when)))
        cJSON_AddStringToObject(j, "updated", iso);
    else
        cJSON_AddNullToObject(j, "updated");
    cJSON_AddStringToObject(j, "segmenter", s->segmenter ? s->segmenter : "");
    add_skips(j, "skipped", s->skips, s->nskips);
    return j;
}

static int show_status(const options_t *o, const char *index)
{
    mz_index_info_t s;
    mz_error_t err;
    if (mz_index_status(index, &s, &err) != MZ_STATUS_OK)
        return fail(err.code, "%s", err.message);
    if (o->json) {
        cJSON *j = status_json(index, &s);
        print_json(j, EXIT_DONE);
        cJSON_Delete(j);
    } else {
        print_status_text(index, &s);
    }
    mz_index_info_free(&s);
    return EXIT_DONE;
}

/* ---- update, rebuild, compact ------------------------------------------- */

static void print_summary_json(const options_t *o, const char *index,
                               const mz_index_summary_t *s, int code)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "version", 1);
    cJSON_AddStringToObject(j, "index", index);
    cJSON_AddBoolToObject(j, "rebuild", s->rebuild);
    cJSON_AddNumberToObject(j, "added", (double)s->added);
    cJSON_AddNumberToObject(j, "updated", (double)s->updated);
    cJSON_AddNumberToObject(j, "removed", (double)s->removed);
    cJSON_AddNumberToObject(j, "unchanged", (double)s->unchanged);
    cJSON_AddNumberToObject(j, "passages", (double)s->passages);
    cJSON_AddNumberToObject(j, "bytes", (double)s->bytes);
    add_skips(j, "skipped", s->skips, s->nskips);
    cJSON *gone = cJSON_AddArrayToObject(j, "gone");
    for (size_t i = 0; i < s->ngone; i++) {
        cJSON *it = cJSON_CreateObject();
        cJSON_AddStringToObject(it, "path", s->gone[i].path);
        cJSON_AddNumberToObject(it, "gone", (double)s->gone[i].gone);
        cJSON_AddNumberToObject(it, "indexed", (double)s->gone[i].indexed);
        cJSON_AddItemToArray(gone, it);
    }
    cJSON *dr = cJSON_AddArrayToObject(j, "dropped_roots");
    for (size_t i = 0; i < s->ndropped; i++)
        cJSON_AddItemToArray(dr, cJSON_CreateString(s->dropped[i]));
    cJSON_AddNumberToObject(j, "elapsed_ms", s->seconds * 1000);
    cJSON_AddBoolToObject(j, "interrupted", s->interrupted);
    cJSON_AddBoolToObject(j, "repaired", s->damage != NULL);
    if (s->damage)
        cJSON_AddStringToObject(j, "damage", s->damage);
    print_json(j, code);
    cJSON_Delete(j);
}

static void print_summary(const options_t *o, const char *index,
                          const mz_index_summary_t *s, int code)
{
    if (o->json)
        print_summary_json(o, index, s, code);
    /* a run that failed before doing anything has said why: no line of
     * nothing done after it */
    int nothing = !s->added && !s->updated && !s->removed && !s->unchanged &&
                  !s->skipped && !s->passages;
    for (size_t i = 0; !o->quiet && i < s->ndropped; i++)
        say("no longer indexing %s (not given to --rebuild)", s->dropped[i]);
    if (!o->quiet && !o->json && !(code == EXIT_FAILED && nothing))
        say("%s%lu added, %lu updated, %lu removed, %lu "
            "unchanged, %lu skipped; %lu passage%s written to %s in %.1f s",
            s->damage ? "rebuilt the damaged index: " : "",
            s->added, s->updated, s->removed, s->unchanged, s->skipped,
            s->passages, s->passages == 1 ? "" : "s", index, s->seconds);
}

static int update(options_t *o, const char *index)
{
    tell_t t;
    mz_index_callbacks_t cb;
    mz_index_summary_t s;
    mz_error_t err;
    callbacks_for(o, &t, &cb);
    o->ix.stop = &stop_requested;
    mz_status_t st = mz_index_update(index, &o->ix, &cb, &s, &err);
    keep_error(&err);
    int code = st != MZ_STATUS_OK                      ? EXIT_FAILED
               : s.skipped || s.bad_roots || s.damage ? EXIT_SKIPPED
                                                      : EXIT_DONE;
    if (s.opened)
        print_summary(o, index, &s, code);
    mz_index_summary_free(&s);
    return code;
}

static int compact(const options_t *o, const char *index)
{
    tell_t t;
    mz_index_callbacks_t cb;
    mz_error_t err;
    double t0 = mz_clock_s();
    callbacks_for(o, &t, &cb);
    if (mz_index_compact(index, &cb, &err) != MZ_STATUS_OK) {
        keep_error(&err);
        return EXIT_FAILED;
    }
    if (!o->quiet && !o->json)
        say("compacted %s", index);
    if (o->json) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddNumberToObject(j, "version", 1);
        cJSON_AddStringToObject(j, "index", index);
        cJSON_AddBoolToObject(j, "compacted", 1);
        cJSON_AddNumberToObject(j, "elapsed_ms", (mz_clock_s() - t0) * 1000);
        print_json(j, EXIT_DONE);
        cJSON_Delete(j);
    }
    return EXIT_DONE;
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
        code = o.compact ? compact(&o, index) : update(&o, index);
    }
    json_exit(index, code);
    free(index);
    return code;
}
