/* args.c — mzsearch's command line: the options (before or after the
 * query words), the query, and the error lines. */
#include "args.h"
#include "kind.h"
#include "record.h"
#include "version.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int mz_args_fail(mz_out_mode_t mode, const char *code, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "mzsearch: %s\n", msg);
    if (mode != MZ_OUT_TEXT)
        mz_print_json_error(stdout, code, msg);
    return EXIT_ERROR;
}

/* A bad option: its line (mz_args_fail), then -1. */
static int bad_option(const options_t *opt, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int bad_option(const options_t *opt, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    mz_args_fail(opt->mode, "bad_option", "%s", msg);
    return -1;
}

static void usage(FILE *f)
{
    fputs(
"usage: mzsearch [options] QUERY...\n"
"       mzsearch [options] --similar FILE|- [QUERY...]\n"
"Find passages of the indexed materials, best first.\n\n"
"Query: words are ANDed; OR between two words; -word excludes; \"a phrase\"\n"
"or “a phrase”.  After -- every argument is a query word: 学习 -- -app.\n"
"A Chinese string matches only where it occurs exactly, like grep.  A topic\n"
"word (四风, 好人主义 ...) also finds the forms the thesaurus lists for it,\n"
"ranked after the passages with the word itself.\n\n"
"  --index PATH       the index (default: $MZSEARCH_INDEX, else\n"
"                     ${XDG_DATA_HOME:-~/.local/share}/mzsearch); repeat it\n"
"                     to search several as one: index folders, tcp://HOST:PORT\n"
"                     shards served by xapian-tcpsrv, or shards files (a\n"
"                     folder holding a file 'shards' uses it)\n"
"  -n, --limit N      show N results (default 10)\n"
"      --offset N     skip the first N results\n"
"      --count        print only the number of matching passages\n"
"      --files        print only the matching files, best first (all of\n"
"                     them, or -n N after --offset N)\n"
"      --color WHEN   auto (default), always or never\n"
"      --marks        hits in 【】 (default: only on a terminal without\n"
"                     colour; in a pipe the lines are as in the files)\n"
"      --json         one JSON document (schema: see the README)\n"
"      --jsonl        one JSON result per line\n"
"      --exact        no thesaurus: the words as typed, only\n"
"      --all          show every near copy of a passage (default: one, with\n"
"                     where the others are)\n"
"      --similar FILE passages like the draft FILE (.docx, .pdf, .html,\n"
"                     text; - for standard input), the shared wording\n"
"                     marked; QUERY words, if given, must be in them too\n"
"      --kind K       only passages under problems, causes, measures,\n"
"                     progress or other headings\n"
"      --year YYYY    only materials of that year (from title or opening)\n"
"      --type T       only group (班子, 党组 ...) or personal materials\n"
"      --genre G      only documents of genre G: review (对照检查材料),\n"
"                     rectify (整改报告), speech (讲话/发言), report (工作\n"
"                     报告), rules (法规/制度), notice (通知) or other;\n"
"                     several: G,G or --genre again\n"
"  -g, --glob GLOB    only files matching GLOB, as ripgrep's -g: against the\n"
"                     path under the indexed folder; without '/' against\n"
"                     the name at any depth; !GLOB leaves out; repeatable\n"
"      --path PATH    only files under folder PATH, or file PATH (relative\n"
"                     to the current folder); repeatable\n"
"      --thesaurus F  more topics from file F (format: see the README)\n"
"      --serve [ADDR:]PORT  answer searches over HTTP: a web page at /\n"
"                     and a JSON API at /api/ (see the README); a bare PORT\n"
"                     listens on 127.0.0.1 only\n"
"  -h, --help         this text;  --version  the version\n\n"
"Exit status: 0 results, 1 no results, 2 error.\n", f);
}

static int parse_number(options_t *opt, const char *name, const char *s,
                        unsigned long *v)
{
    char *end;
    errno = 0;
    unsigned long x = strtoul(s, &end, 10);
    /* strtoul skips white space, then takes a '-' as a wrapped number */
    if (errno || end == s || *end || s[strspn(s, " \t")] == '-')
        return bad_option(opt, "%s needs a number, not '%s'", name, s);
    *v = x;
    return 0;
}

/* path made absolute as ripgrep takes a path: against the current
 * folder, its links resolved when it exists (mzindex keeps the real paths
 * of what it indexes), else "." and ".." taken away by hand. */
static char *absolute_path(const char *path)
{
    char *real = realpath(path, NULL), *joined = NULL, cwd[4096];
    if (real)
        return real;
    if (path[0] == '/')
        joined = strdup(path);
    else if (getcwd(cwd, sizeof cwd) &&
             asprintf(&joined, "%s/%s", cwd, path) < 0)
        joined = NULL;
    if (!joined)
        return NULL;
    /* each name in turn: "." dropped, ".." drops the one before */
    size_t o = 0, n = strlen(joined);
    for (size_t i = 0; i < n;) {
        while (i < n && joined[i] == '/')
            i++;
        size_t k = strcspn(joined + i, "/");
        if (k == 0)
            break;
        if (k == 1 && joined[i] == '.') {
        } else if (k == 2 && joined[i] == '.' && joined[i + 1] == '.') {
            while (o > 0 && joined[o - 1] != '/')
                o--;
            if (o > 0)
                o--;
        } else {
            joined[o++] = '/';
            memmove(joined + o, joined + i, k);
            o += k;
        }
        i += k;
    }
    if (o == 0)
        joined[o++] = '/';
    joined[o] = '\0';
    return joined;
}

static int add_path(options_t *opt, const char *path)
{
    if (opt->npaths == MAX_SCOPE)
        return bad_option(opt, "at most %d --path options", MAX_SCOPE);
    if (!*path)
        return bad_option(opt, "--path needs a folder or a file, not ''");
    if (!(opt->paths[opt->npaths] = absolute_path(path)))
        return bad_option(opt, "--path %s: out of memory", path);
    opt->npaths++;
    return 0;
}

static char *join_args(int n, char **args)
{
    size_t len = 1;
    for (int i = 0; i < n; i++)
        len += strlen(args[i]) + 1;
    char *q = malloc(len), *p = q;
    if (!q)
        return NULL;
    for (int i = 0; i < n; i++)
        p += sprintf(p, i ? " %s" : "%s", args[i]);
    *p = '\0';
    return q;
}


/* Options may come before or after the query words, as with ripgrep:
 * move every option (and the value of one that takes it) in front of the
 * words, followed by "--".  A word that starts with '-' and then a non-ASCII
 * character ("-官僚主义") is an exclusion, not an option; after "--"
 * everything is a word. */
static char **reorder_args(int argc, char **argv, int *nargs)
{
    static const char *const with_value[] = {"-n", "--limit", "--offset",
                                             "--index", "--color",
                                             "--colour", "--thesaurus",
                                             "--kind", "--similar", "--year",
                                             "--type", "--genre", "-g",
                                             "--glob", "--path", "--serve"};
    char **out = calloc((size_t)argc + 2, sizeof *out);
    char **words = calloc((size_t)argc + 1, sizeof *words);
    int no = 0, nw = 0, i;
    if (!out || !words) {
        free(out);
        free(words);
        return NULL;
    }
    out[no++] = argv[0];
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++)
                words[nw++] = argv[i];
            break;
        }
        if (a[0] != '-' || a[1] == '\0' || (unsigned char)a[1] >= 0x80) {
            words[nw++] = argv[i];
            continue;
        }
        out[no++] = argv[i];
        for (size_t k = 0; k < sizeof with_value / sizeof *with_value; k++)
            if (strcmp(a, with_value[k]) == 0 && i + 1 < argc) {
                out[no++] = argv[++i];
                break;
            }
    }
    out[no++] = "--";
    memcpy(out + no, words, (size_t)nw * sizeof *words);
    out[no + nw] = NULL;
    *nargs = no + nw;
    free(words);
    return out;
}

static int parse_options(int argc, char **argv, options_t *opt)
{
    enum { O_INDEX = 256, O_OFFSET, O_COUNT, O_FILES, O_COLOR, O_JSON,
           O_JSONL, O_EXACT, O_ALL, O_THESAURUS, O_KIND, O_SIMILAR, O_YEAR,
           O_TYPE, O_MARKS, O_GENRE, O_PATH, O_SERVE, O_VERSION };
    static const struct option longs[] = {
        {"index", required_argument, 0, O_INDEX},
        {"limit", required_argument, 0, 'n'},
        {"offset", required_argument, 0, O_OFFSET},
        {"count", no_argument, 0, O_COUNT},
        {"files", no_argument, 0, O_FILES},
        {"color", required_argument, 0, O_COLOR},
        {"colour", required_argument, 0, O_COLOR},
        {"marks", no_argument, 0, O_MARKS},
        {"json", no_argument, 0, O_JSON},
        {"jsonl", no_argument, 0, O_JSONL},
        {"exact", no_argument, 0, O_EXACT},
        {"all", no_argument, 0, O_ALL},
        {"similar", required_argument, 0, O_SIMILAR},
        {"year", required_argument, 0, O_YEAR},
        {"type", required_argument, 0, O_TYPE},
        {"kind", required_argument, 0, O_KIND},
        {"genre", required_argument, 0, O_GENRE},
        {"glob", required_argument, 0, 'g'},
        {"path", required_argument, 0, O_PATH},
        {"thesaurus", required_argument, 0, O_THESAURUS},
        {"serve", required_argument, 0, O_SERVE},
        {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, O_VERSION},
        {0, 0, 0, 0}};
    int c, cur = optind, json = 0, jsonl = 0;
    opterr = 0;
    /* reorder_args put the options first and "--" before the words.  An
     * error names argv[cur], the argument getopt was reading: after an
     * unknown letter of "-app" optind has not moved on yet. */
    while ((c = getopt_long(argc, argv, "+n:g:h", longs, NULL)) != -1) {
        if (optarg && strcmp(optarg, "--") == 0)  /* value missing */
            return bad_option(opt, "%s needs a value; see mzsearch "
                              "--help", argv[optind - 2]);
        switch (c) {
        case O_INDEX:
            if (opt->nindex == MAX_INDEX)
                return bad_option(opt, "at most %d --index options; list "
                                  "more shards in a shards file", MAX_INDEX);
            opt->index_opt[opt->nindex++] = optarg;
            break;
        case 'n':
            if (parse_number(opt, "-n/--limit", optarg, &opt->limit))
                return -1;
            opt->limit_given = 1;
            break;
        case O_OFFSET:
            if (parse_number(opt, "--offset", optarg, &opt->offset))
                return -1;
            break;
        case O_COUNT: opt->count = 1; break;
        case O_FILES: opt->files = 1; break;
        case O_JSON: opt->mode = MZ_OUT_JSON, json = 1; break;
        case O_JSONL: opt->mode = MZ_OUT_JSONL, jsonl = 1; break;
        case O_EXACT: opt->exact = 1; break;
        case O_ALL: opt->all = 1; break;
        case O_MARKS: opt->marks = 1; break;
        case O_SIMILAR: opt->similar = optarg; break;
        case O_SERVE: opt->serve = optarg; break;
        case O_YEAR:
            if (parse_number(opt, "--year", optarg, &opt->year))
                return -1;
            break;
        case O_TYPE:
            if (strcmp(optarg, "group") == 0) opt->type = MZ_TYPE_GROUP;
            else if (strcmp(optarg, "personal") == 0)
                opt->type = MZ_TYPE_PERSONAL;
            else
                return bad_option(opt, "--type takes group or personal, "
                                  "not '%s'", optarg);
            break;
        case O_KIND:
            if (!mz_kind_valid(optarg))
                return bad_option(opt, "--kind takes problems, causes, "
                                  "measures, progress or other, not '%s'",
                                  optarg);
            opt->kind = optarg;
            break;
        case O_GENRE:
            if (opt->ngenres == MAX_SCOPE)
                return bad_option(opt, "at most %d --genre options; give "
                                  "several genres as a comma list",
                                  MAX_SCOPE);
            opt->genres[opt->ngenres++] = optarg;
            break;
        case 'g':
            if (opt->nglobs == MAX_SCOPE)
                return bad_option(opt, "at most %d -g/--glob options",
                                  MAX_SCOPE);
            opt->globs[opt->nglobs++] = optarg;
            break;
        case O_PATH:
            if (add_path(opt, optarg) < 0)
                return -1;
            break;
        case O_THESAURUS:
            if (opt->nthes == 16)
                return bad_option(opt, "at most 16 --thesaurus files");
            opt->thes_files[opt->nthes++] = optarg;
            break;
        case O_COLOR:
            if (strcmp(optarg, "auto") == 0) opt->color = COLOR_AUTO;
            else if (strcmp(optarg, "always") == 0) opt->color = COLOR_ALWAYS;
            else if (strcmp(optarg, "never") == 0) opt->color = COLOR_NEVER;
            else
                return bad_option(opt, "--color takes auto, always or "
                                  "never, not '%s'", optarg);
            break;
        case 'h': usage(stdout); exit(EXIT_FOUND);
        case O_VERSION:
            printf("mzsearch %s (segmenter %s, sense dictionary %s)\n",
                   MZ_VERSION, MZ_SEG_VERSION, mz_sense_version());
            exit(EXIT_FOUND);
        default:
            if (optopt == 'n' || optopt == 'g' ||
                (optopt >= O_INDEX && optopt <= O_VERSION))
                return bad_option(opt, "%s needs a value; see mzsearch "
                                  "--help", argv[optind - 1]);
            return bad_option(opt, "unknown option '%s'; see mzsearch "
                              "--help (to search for a word starting with '-', "
                              "put it after --)",
                              argv[cur]);
        }
        cur = optind;
    }
    if (json && jsonl)
        return bad_option(opt, "--json and --jsonl exclude each other; "
                          "give one");
    if (opt->count && opt->files)
        return bad_option(opt, "--count and --files exclude each other; "
                          "give one (mzsearch --files QUERY | wc -l counts the "
                          "files)");
    if (opt->serve && (optind < argc || opt->similar || opt->count ||
                       opt->files))
        return bad_option(opt, "--serve takes no query, --similar, --count "
                          "or --files (they are the requests' to give); "
                          "see mzsearch --help");
    opt->query = join_args(argc - optind, argv + optind);
    return opt->query ? 0 : -1;
}

void mz_args_search_options(const options_t *opt, mz_search_options_t *o)
{
    mz_search_options_init(o);
    o->query = opt->query;
    o->mode = opt->count ? MZ_SEARCH_COUNT
              : opt->files ? MZ_SEARCH_FILES : MZ_SEARCH_PAGE;
    o->limit = opt->limit, o->offset = opt->offset;
    o->limit_files = opt->limit_given;
    o->exact = opt->exact, o->all = opt->all;
    o->facets = opt->mode == MZ_OUT_JSON;
    o->kind = opt->kind, o->year = opt->year, o->type = (int)opt->type;
    o->thesauri = opt->thes_files, o->nthesauri = (size_t)opt->nthes;
    o->similar = opt->similar;
    o->genres = opt->genres, o->ngenres = (size_t)opt->ngenres;
    o->globs = opt->globs, o->nglobs = (size_t)opt->nglobs;
    o->paths = (const char *const *)opt->paths;
    o->npaths = (size_t)opt->npaths;
}

int mz_args_parse(int argc, char **argv, options_t *opt)
{
    int nargs = 0;
    *opt = (options_t){.limit = 10};
    char **args = reorder_args(argc, argv, &nargs);
    if (!args) {
        fputs("mzsearch: out of memory\n", stderr);
        return -1;
    }
    int rc = parse_options(nargs, args, opt);
    free(args);
    if (rc < 0)
        mz_args_free(opt);
    return rc;
}

void mz_args_free(options_t *opt)
{
    free(opt->query);
    opt->query = NULL;
    for (int i = 0; i < opt->npaths; i++)
        free(opt->paths[i]);
    opt->npaths = 0;
}
