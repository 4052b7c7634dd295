/* mzindex — build, update and rebuild the mzsearch index.
 *
 * The work is the library's (mzsearch.h, "Indexing"): this program parses
 * the options, prints what the library tells as it goes (progress, skipped
 * files, problems) and what it did (a summary line, or one JSON object
 * with --json), and maps the outcome to an exit status. */
#include "cli.h"
#include "clock.h"
#include "extract.h"
#include "indexdir.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t stop_requested;

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
          "       mzindex --extract FILE|-\n"
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
          "  --extract FILE  print the text mzindex reads from FILE (- : "
          "standard\n"
          "                input), as UTF-8; what mzsearch --similar "
          "compares\n"
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
        {"extract", required_argument, 0, 'E'},
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
        case 'E': o->extract = optarg; break;
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
            printf("mzindex %s (segmenter %s, sense dictionary %s)\n",
                   mz_version(), mz_segmenter_version(), mz_sense_version());
            exit(EXIT_DONE);
        default:
            if (optopt == 'i' || optopt == 'I' || optopt == 'X' ||
                optopt == 'J' || optopt == 'E')
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
    if (o->extract && (o->ix.nroots || o->status || o->compact ||
                       o->ix.rebuild)) {
        fail("bad_option", "--extract takes one file and goes alone; see "
             "mzindex --help");
        return -1;
    }
    return 0;
}

static int update(options_t *o, const char *index)
{
    cli_tell_t t;
    mz_index_callbacks_t cb;
    mz_index_summary_t s;
    mz_error_t err;
    cli_callbacks(o, &t, &cb);
    o->ix.stop = &stop_requested;
    mz_status_t st = mz_index_update(index, &o->ix, &cb, &s, &err);
    cli_keep_error(&err);
    /* (a root that could not be read fails the call: EXIT_FAILED) */
    int code = st != MZ_STATUS_OK        ? EXIT_FAILED
               : s.skipped || s.damage ? EXIT_SKIPPED
                                        : EXIT_DONE;
    if (s.opened)
        cli_print_summary(o, index, &s, code);
    mz_index_summary_free(&s);
    return code;
}

/* --extract: the text of one document on stdout. */
static int extract(const char *file)
{
    char *text, why[512];
    size_t len;
    if (mz_draft_read(file, &text, &len, why, sizeof why) < 0)
        return fail("cannot_read", "%s: %s", strcmp(file, "-") == 0
                    ? "- (standard input)" : file, why);
    int bad = fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0;
    free(text);
    if (bad)
        return fail("write_failed", "cannot write the text to standard "
                    "output: %s", strerror(errno));
    return EXIT_DONE;
}

static int compact(const options_t *o, const char *index)
{
    cli_tell_t t;
    mz_index_callbacks_t cb;
    mz_error_t err;
    double t0 = mz_clock_s();
    cli_callbacks(o, &t, &cb);
    if (mz_index_compact(index, &cb, &err) != MZ_STATUS_OK) {
        cli_keep_error(&err);
        return EXIT_FAILED;
    }
    cli_print_compacted(o, index, mz_clock_s() - t0);
    return EXIT_DONE;
}

int main(int argc, char **argv)
{
    options_t o = {0};
    /* --json holds for an error in the options before it, too */
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--json") == 0)
            cli_json(1);
    if (parse_options(argc, argv, &o) < 0)
        return cli_json_exit(NULL, EXIT_FAILED);
    if (o.extract)
        return extract(o.extract);
    char *index = mz_index_location(o.index_opt);
    if (!index) {
        fail("no_location", "no index location: set HOME, MZSEARCH_INDEX or "
             "give --index PATH");
        return cli_json_exit(NULL, EXIT_FAILED);
    }
    int code;
    if (o.status) {
        code = cli_show_status(&o, index);
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
    cli_json_exit(index, code);
    free(index);
    return code;
}

