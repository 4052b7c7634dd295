/* draft_cli.c — mzsearch's reading of a --similar draft: it asks
 * `mzindex --extract FILE` (the mzindex beside mzsearch, else the one on
 * PATH) for the text.  The readers of .docx, HTML and PDF (libarchive,
 * libxml2 and what they load) then stay out of mzsearch, which starts
 * about twice as fast without them (bench/RESULTS.md). */
#include "args.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The mzindex in mzsearch's own folder, if there is one; else "mzindex",
 * looked up on PATH.  malloc'd. */
static char *sibling_mzindex(void)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        char *slash = strrchr(self, '/');
        char *p = NULL;
        if (slash && asprintf(&p, "%.*s/mzindex", (int)(slash - self),
                              self) >= 0 && access(p, X_OK) == 0)
            return p;
        free(p);
    }
    return strdup("mzindex");
}

/* All of fd into *buf (malloc'd, NUL-terminated); -1 when out of memory. */
static int slurp(int fd, char **buf, size_t *len)
{
    size_t cap = 65536;
    *len = 0;
    if (!(*buf = malloc(cap)))
        return -1;
    for (;;) {
        if (*len + 1 >= cap) {
            char *b = realloc(*buf, cap *= 2);
            if (!b)
                return -1;
            *buf = b;
        }
        ssize_t got = read(fd, *buf + *len, cap - *len - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        *len += (size_t)got;
    }
    (*buf)[*len] = '\0';
    return 0;
}

/* Run mzindex --extract file with out and err as its stdout and stderr. */
static pid_t start(const char *file, int out[2], int err[2])
{
    char *prog = sibling_mzindex();
    pid_t pid = prog ? fork() : -1;
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        dup2(err[1], STDERR_FILENO);
        close(out[0]), close(out[1]), close(err[0]), close(err[1]);
        char *argv[] = {"mzindex", "--extract", (char *)file, NULL};
        execvp(prog, argv);
        fprintf(stderr, "mzindex: %s: cannot run mzindex to read it (%s); "
                "install mzindex beside mzsearch\n", file, strerror(errno));
        _exit(127);
    }
    free(prog);
    close(out[1]), close(err[1]);
    return pid;
}

/* The reason in mzindex's line "mzindex: FILE: REASON". */
static const char *reason(char *line, const char *file)
{
    line[strcspn(line, "\n")] = '\0';
    const char *r = line;
    if (strncmp(r, "mzindex: ", 9) == 0)
        r += 9;
    const char *shown = strcmp(file, "-") == 0 ? "- (standard input)" : file;
    size_t n = strlen(shown);
    if (strncmp(r, shown, n) == 0 && strncmp(r + n, ": ", 2) == 0)
        r += n + 2;
    return *r ? r : "mzindex could not read it";
}

int mz_cli_read_draft(mz_out_mode_t mode, const char *file, char **text,
                      size_t *len)
{
    int out[2], err[2];
    char *msg = NULL;
    size_t msglen;
    *text = NULL;
    if (pipe(out) < 0 || (pipe(err) < 0 && (close(out[0]), close(out[1]), 1)))
        return mz_args_fail(mode, "internal", "--similar %s: %s", file,
                            strerror(errno));
    pid_t pid = start(file, out, err);
    int st = 0, oom = slurp(out[0], text, len) < 0;
    oom |= slurp(err[0], &msg, &msglen) < 0;
    close(out[0]), close(err[0]);
    if (pid < 0 || waitpid(pid, &st, 0) < 0 || oom || !WIFEXITED(st) ||
        WEXITSTATUS(st) != 0) {
        int rc = oom ? mz_args_fail(mode, "internal", "out of memory")
                     : mz_args_fail(mode, "bad_option", "--similar %s: %s",
                                    strcmp(file, "-") == 0
                                        ? "- (standard input)" : file,
                                    msg ? reason(msg, file) : "");
        free(msg);
        free(*text);
        *text = NULL;
        return rc;
    }
    free(msg);
    return 0;
}
