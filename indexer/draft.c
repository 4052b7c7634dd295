/* draft.c — one document read as mzindex reads its files, for
 * mzsearch --similar (through mzindex --extract, or the library's
 * mz_search): a file by its extension (any other name as text), or a
 * stream (standard input, a pipe) by what its bytes look like. */
#include "decode.h"
#include "extract.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Does the start of buf look like an HTML page? */
static int looks_html(const char *buf, size_t n)
{
    size_t i = 0;
    while (i < n && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' ||
                     buf[i] == '\n'))
        i++;
    return n - i >= 5 && (strncasecmp(buf + i, "<!doctype html", n - i < 14
                                      ? n - i : 14) == 0 ||
                          strncasecmp(buf + i, "<html", 5) == 0);
}

/* Standard input (or a pipe: --similar <(...), /dev/stdin) as text in any
 * encoding mzindex decodes, a .docx or an HTML page. */
static int read_stream_draft(FILE *in, mz_decoded_t *d, char *why,
                             size_t whylen)
{
    char *buf = NULL, chunk[65536];
    size_t n = 0, got;
    int rc = -1;
    while ((got = fread(chunk, 1, sizeof chunk, in)) > 0) {
        char *b = n + got <= MZ_FILE_MAX ? realloc(buf, n + got) : NULL;
        if (!b) {
            snprintf(why, whylen, "too large or out of memory");
            free(buf);
            return -1;
        }
        memcpy((buf = b) + n, chunk, got);
        n += got;
    }
    if (n >= 4 && memcmp(buf, "PK\003\004", 4) == 0)
        rc = mz_extract_docx(buf, n, d, why, whylen);
    else if (looks_html(buf, n))
        rc = mz_extract_html(buf, n, d, why, whylen);
    else if ((rc = mz_decode_bytes(buf ? buf : "", n, d, why, whylen)) < 0)
        snprintf(why + strlen(why), whylen - strlen(why), "; give a .pdf or "
                 ".doc draft as a file: --similar FILE");
    free(buf);
    return rc;
}

/* A pipe, a character device or a socket: no extension to go by. */
static int is_stream(const char *file)
{
    struct stat sb;
    return stat(file, &sb) == 0 && (S_ISFIFO(sb.st_mode) ||
                                    S_ISCHR(sb.st_mode) ||
                                    S_ISSOCK(sb.st_mode));
}

/* A pipe given as FILE, read as standard input. */
static int read_pipe_draft(const char *file, mz_decoded_t *d, char *why,
                           size_t whylen)
{
    FILE *in = fopen(file, "rb");
    if (!in) {
        snprintf(why, whylen, "cannot read: %s", strerror(errno));
        return -1;
    }
    int rc = read_stream_draft(in, d, why, whylen);
    fclose(in);
    return rc;
}

int mz_draft_read(const char *file, char **text, size_t *len, char *why,
                  size_t whylen)
{
    mz_decoded_t d;
    int md, rc;
    why[0] = '\0';
    if (strcmp(file, "-") == 0)
        rc = read_stream_draft(stdin, &d, why, whylen);
    else if (is_stream(file))
        rc = read_pipe_draft(file, &d, why, whylen);
    else if (mz_extract_wanted(file))
        rc = mz_extract_file(file, &d, &md, why, whylen);
    else
        rc = mz_decode_file(file, &d, why, whylen);
    if (rc == 0 && d.len == 0) {
        mz_decoded_free(&d);
        snprintf(why, whylen, "it has no text");
        rc = -1;
    }
    if (rc < 0)
        return -1;
    *len = d.len;
    *text = d.text;
    return 0;
}
