/* cli_print.c — everything mzindex prints (see cli.h). */
#include "cli.h"
#include "safetext.h"

#include <cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static struct {
    int json, printed;
    char code[32], msg[1024];
} report;

/* The line as formatted goes to msg. */
static void vsay(char *msg, size_t n, const char *fmt, va_list ap)
{
    vsnprintf(msg, n, fmt, ap);
    char *shown = mz_safe_text(msg, strlen(msg), NULL);
    fprintf(stderr, "mzindex: %s\n", shown ? shown : msg);
    free(shown);
}

/* A line that is not an error: a skipped file, a kept folder, the summary. */
void say(const char *fmt, ...)
{
    char msg[sizeof report.msg];
    va_list ap;
    va_start(ap, fmt);
    vsay(msg, sizeof msg, fmt, ap);
    va_end(ap);
}

/* An error line; the first is kept for --json.  Returns EXIT_FAILED. */
int fail(const char *code, const char *fmt, ...)
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

void cli_keep_error(const mz_error_t *err)
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

void cli_json(int on)
{
    report.json = on;
}

/* ---- what the library tells as it goes ---------------------------------- */

static void on_progress(void *ctx, const mz_progress_t *p)
{
    ((cli_tell_t *)ctx)->ended = p->finished;
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
    /* a line during a reading first clears its progress line */
    if (((cli_tell_t *)ctx)->progress && !((cli_tell_t *)ctx)->ended)
        fputs("\r\033[K", stderr);
    say("skipped %s: %s", path, reason);
}

static void on_message(void *ctx, mz_status_t st, const char *text)
{
    (void)st;
    say("%s", text);
}

void cli_callbacks(const options_t *o, cli_tell_t *t,
                   mz_index_callbacks_t *cb)
{
    t->progress = !o->quiet && isatty(STDERR_FILENO);
    t->ended = 0;
    *cb = (mz_index_callbacks_t){.ctx = t, .skipped = on_skipped,
                                 .message = on_message,
                                 .progress = t->progress ? on_progress : NULL};
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
    printf("sense:     %s\n", s->sense && *s->sense ? s->sense : "(unknown)");
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
    cJSON_AddStringToObject(j, "sense", s->sense ? s->sense : "");
    add_skips(j, "skipped", s->skips, s->nskips);
    return j;
}

int cli_show_status(const options_t *o, const char *index)
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

/* ---- update, rebuild, compact ------------------------------------------ */

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

void cli_print_summary(const options_t *o, const char *index,
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

void cli_print_compacted(const options_t *o, const char *index,
                         double seconds)
{
    if (!o->quiet && !o->json)
        say("compacted %s", index);
    if (!o->json)
        return;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "version", 1);
    cJSON_AddStringToObject(j, "index", index);
    cJSON_AddBoolToObject(j, "compacted", 1);
    cJSON_AddNumberToObject(j, "elapsed_ms", seconds * 1000);
    print_json(j, EXIT_DONE);
    cJSON_Delete(j);
}

int cli_json_exit(const char *index, int code)
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

