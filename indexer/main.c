/* mzindex — build and update the mzsearch index.
 * main parses options, then walks the roots and hands each file to the
 * index writer (ingest.c); it maps what happened to an exit status. */
#include "indexdir.h"
#include "ingest.h"
#include "mzx.h"
#include "segment.h"
#include "version.h"
#include "walk.h"

#include <cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { EXIT_DONE = 0, EXIT_SKIPPED = 1, EXIT_FAILED = 2 };
/* Commit after this many files or bytes of text (whichever comes first). */
enum { BATCH_FILES = 2000, BATCH_BYTES = 64 << 20 };

typedef struct {
    const char *index_opt;
    int quiet, json;
    char **roots;
    int nroots;
} options_t;

static void usage(FILE *f)
{
    fputs("usage: mzindex [--index PATH] [--quiet] [--json] DIR|FILE...\n"
          "Index the .txt and .md files under each DIR (and each FILE) for "
          "mzsearch.\n\n"
          "  --index PATH  the index directory (default: $MZSEARCH_INDEX, "
          "else\n"
          "                ${XDG_DATA_HOME:-~/.local/share}/mzsearch)\n"
          "  --quiet       print nothing but errors\n"
          "  --json        print the summary as JSON on stdout\n"
          "  --help        this text;  --version  the version\n\n"
          "Exit status: 0 all indexed, 1 done but some files skipped, "
          "2 failed.\n", f);
}

static int parse_options(int argc, char **argv, options_t *o)
{
    static const struct option longs[] = {
        {"index", required_argument, 0, 'i'}, {"quiet", no_argument, 0, 'q'},
        {"json", no_argument, 0, 'j'},       {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, 'V'},    {0, 0, 0, 0}};
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "qh", longs, NULL)) != -1) {
        switch (c) {
        case 'i': o->index_opt = optarg; break;
        case 'q': o->quiet = 1; break;
        case 'j': o->json = 1; break;
        case 'h': usage(stdout); exit(EXIT_DONE);
        case 'V':
            printf("mzindex %s (segmenter %s)\n", MZ_VERSION, MZ_SEG_VERSION);
            exit(EXIT_DONE);
        default:
            fprintf(stderr, "mzindex: unknown option '%s'; see mzindex --help\n",
                    argv[optind - 1]);
            return -1;
        }
    }
    o->roots = argv + optind;
    o->nroots = argc - optind;
    if (o->nroots == 0) {
        fprintf(stderr, "mzindex: no folder or file given; "
                        "usage: mzindex [--index PATH] DIR|FILE...\n");
        return -1;
    }
    return 0;
}

/* Refuse an index whose terms were cut by another segmenter. */
static int check_segmenter(mzx_writer_t *w, const char *index)
{
    char *v = NULL;
    size_t n;
    if (mzx_writer_get_meta(w, MZ_META_SEGMENTER, &v, &n) != MZX_OK)
        return -1;
    int ok = !v || mzx_writer_doccount(w) == 0 ||
             strcmp(v, MZ_SEG_VERSION) == 0;
    if (!ok)
        fprintf(stderr, "mzindex: the index at %s was built by segmenter %s, "
                        "this mzindex uses %s; remove %s and index again\n",
                index, v, MZ_SEG_VERSION, index);
    free(v);
    return ok ? 0 : -1;
}

static mzx_writer_t *open_index(const char *index)
{
    if (mz_index_prepare(index) < 0) {
        fprintf(stderr, "mzindex: cannot create the index at %s: %s; choose "
                        "another place with --index or MZSEARCH_INDEX\n",
                index, strerror(errno));
        return NULL;
    }
    mzx_writer_t *w = NULL;
    char *err = NULL;
    mzx_status_t st = mzx_writer_open(index, &w, &err);
    if (st == MZX_LOCKED)
        fprintf(stderr, "mzindex: another mzindex is updating %s (the index "
                        "is locked); wait for it to finish and run again\n",
                index);
    else if (st != MZX_OK)
        fprintf(stderr, "mzindex: cannot open the index at %s: %s (%s)\n",
                index, err ? err : "", mzx_status_str(st));
    free(err);
    if (w && check_segmenter(w, index) < 0) {
        mzx_writer_destroy(w);
        return NULL;
    }
    return w;
}

static mzx_status_t save_meta(mzx_writer_t *w, const options_t *o)
{
    char stamp[32];
    snprintf(stamp, sizeof stamp, "%lld", (long long)time(NULL));
    mzx_status_t st = mzx_writer_set_meta(w, MZ_META_SEGMENTER, MZ_SEG_VERSION,
                                          strlen(MZ_SEG_VERSION));
    if (st == MZX_OK)
        st = mzx_writer_set_meta(w, MZ_META_LAYOUT, MZ_LAYOUT_VERSION,
                                 strlen(MZ_LAYOUT_VERSION));
    if (st == MZX_OK)
        st = mzx_writer_set_meta(w, MZ_META_UPDATED, stamp, strlen(stamp));
    return st;
}

static void print_summary(const options_t *o, const char *index,
                          const mz_ingest_stats_t *s, int failed)
{
    if (o->json) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddNumberToObject(j, "version", 1);
        cJSON_AddStringToObject(j, "index", index);
        cJSON_AddNumberToObject(j, "files", (double)s->files);
        cJSON_AddNumberToObject(j, "passages", (double)s->passages);
        cJSON_AddNumberToObject(j, "skipped", (double)s->skipped);
        cJSON_AddNumberToObject(j, "bytes", (double)s->bytes);
        cJSON_AddBoolToObject(j, "ok", !failed);
        char *txt = cJSON_PrintUnformatted(j);
        if (txt)
            puts(txt);
        free(txt);
        cJSON_Delete(j);
    }
    if (!o->quiet && !o->json)
        fprintf(stderr, "mzindex: %lu files, %lu passages indexed into %s "
                        "(%lu skipped)\n",
                s->files, s->passages, index, s->skipped);
}

int main(int argc, char **argv)
{
    options_t o = {0};
    if (parse_options(argc, argv, &o) < 0)
        return EXIT_FAILED;
    char *index = mz_index_location(o.index_opt);
    if (!index) {
        fputs("mzindex: no index location: set HOME, MZSEARCH_INDEX or "
              "give --index PATH\n", stderr);
        return EXIT_FAILED;
    }
    int failed = 0;
    mz_filelist_t files = {0};
    for (int i = 0; i < o.nroots; i++) {
        if (mz_walk(o.roots[i], &files) < 0) {
            fprintf(stderr, "mzindex: cannot read %s: %s; check the path\n",
                    o.roots[i], strerror(errno));
            failed = 1;
        }
    }
    mzx_writer_t *w = files.n || !failed ? open_index(index) : NULL;
    mz_ingest_stats_t st = {0};
    mzx_status_t rc = w ? save_meta(w, &o) : MZX_INTERNAL;
    if (!w)
        failed = 1;
    unsigned long long batch_bytes = st.bytes;
    unsigned long batch_files = 0;
    char why[512];
    for (size_t i = 0; w && rc == MZX_OK && i < files.n; i++) {
        const char *skip = NULL;
        rc = mz_ingest_file(w, files.paths[i], &st, &skip, why, sizeof why);
        if (skip)
            fprintf(stderr, "mzindex: skipped %s: %s\n", files.paths[i], skip);
        if (rc == MZX_OK && (++batch_files >= BATCH_FILES ||
                             st.bytes - batch_bytes >= BATCH_BYTES)) {
            rc = mzx_writer_commit(w);
            batch_files = 0;
            batch_bytes = st.bytes;
        }
    }
    if (w && rc != MZX_OK) {
        fprintf(stderr, "mzindex: updating %s failed: %s (%s); what was "
                        "committed before is intact\n",
                index, mzx_writer_error(w), mzx_status_str(rc));
        mzx_writer_destroy(w);
        failed = 1;
    } else if (w && (rc = mzx_writer_close(w)) != MZX_OK) {
        fprintf(stderr, "mzindex: committing to %s failed (%s); the index "
                        "keeps its previous contents\n",
                index, mzx_status_str(rc));
        failed = 1;
    }
    print_summary(&o, index, &st, failed);
    mz_filelist_free(&files);
    free(index);
    if (failed)
        return EXIT_FAILED;
    return st.skipped ? EXIT_SKIPPED : EXIT_DONE;
}
