/* mzsearch — search the index built by mzindex.
 * main parses options, opens the database and runs one search through
 * libmzsearch (query/engine.c: the search plan), prints what it found
 * through the printer (print.c), and maps what happened to an exit status
 * like grep's. */
#include "engine.h"
#include "kind.h"
#include "print.h"
#include "record.h"
#include "safetext.h"
#include "version.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_FOUND = 0, EXIT_NONE = 1, EXIT_ERROR = 2 };
typedef enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color_t;

enum { MAX_INDEX = 64 };  /* --index given this many times at most */

typedef struct {
    const char *index_opt[MAX_INDEX];  /* each --index */
    int nindex;
    unsigned long limit, offset;
    int limit_given;     /* -n given: --files lists that many, not all */
    int count, files, exact, all;
    int marks;           /* --marks: hits in 【】 wherever the output goes */
    const char *kind;    /* --kind */
    unsigned long year, type; /* --year, --type (0: any) */
    const char *similar; /* --similar FILE, "-" for standard input */
    const char *thes_files[16];
    int nthes;
    color_t color;
    mz_out_mode_t mode;
    char *query;         /* the arguments joined with spaces */
} options_t;

static options_t opt = {.limit = 10};

/* One line on stderr; under --json/--jsonl the same as a JSON object on
 * stdout.  Returns EXIT_ERROR. */
static int fail(const char *code, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "mzsearch: %s\n", msg);
    if (opt.mode != MZ_OUT_TEXT)
        mz_print_json_error(stdout, code, msg);
    return EXIT_ERROR;
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
"      --thesaurus F  more topics from file F (format: see the README)\n"
"  -h, --help         this text;  --version  the version\n\n"
"Exit status: 0 results, 1 no results, 2 error.\n", f);
}

static int parse_number(const char *name, const char *s, unsigned long *v)
{
    char *end;
    errno = 0;
    unsigned long x = strtoul(s, &end, 10);
    if (errno || end == s || *end || *s == '-')
        return fail("bad_option", "%s needs a number, not '%s'", name, s);
    *v = x;
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
                                             "--type"};
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

static int parse_options(int argc, char **argv)
{
    enum { O_INDEX = 256, O_OFFSET, O_COUNT, O_FILES, O_COLOR, O_JSON,
           O_JSONL, O_EXACT, O_ALL, O_THESAURUS, O_KIND, O_SIMILAR, O_YEAR,
           O_TYPE, O_MARKS, O_VERSION };
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
        {"thesaurus", required_argument, 0, O_THESAURUS},
        {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, O_VERSION},
        {0, 0, 0, 0}};
    int c, cur = optind, json = 0, jsonl = 0;
    opterr = 0;
    /* reorder_args put the options first and "--" before the words.  An
     * error names argv[cur], the argument getopt was reading: after an
     * unknown letter of "-app" optind has not moved on yet. */
    while ((c = getopt_long(argc, argv, "+n:h", longs, NULL)) != -1) {
        if (optarg && strcmp(optarg, "--") == 0)  /* value missing */
            return fail("bad_option", "%s needs a value; see mzsearch "
                        "--help", argv[optind - 2]), -1;
        switch (c) {
        case O_INDEX:
            if (opt.nindex == MAX_INDEX)
                return fail("bad_option", "at most %d --index options; list "
                            "more shards in a shards file", MAX_INDEX), -1;
            opt.index_opt[opt.nindex++] = optarg;
            break;
        case 'n':
            if (parse_number("--limit", optarg, &opt.limit))
                return -1;
            opt.limit_given = 1;
            break;
        case O_OFFSET:
            if (parse_number("--offset", optarg, &opt.offset))
                return -1;
            break;
        case O_COUNT: opt.count = 1; break;
        case O_FILES: opt.files = 1; break;
        case O_JSON: opt.mode = MZ_OUT_JSON, json = 1; break;
        case O_JSONL: opt.mode = MZ_OUT_JSONL, jsonl = 1; break;
        case O_EXACT: opt.exact = 1; break;
        case O_ALL: opt.all = 1; break;
        case O_MARKS: opt.marks = 1; break;
        case O_SIMILAR: opt.similar = optarg; break;
        case O_YEAR:
            if (parse_number("--year", optarg, &opt.year))
                return -1;
            break;
        case O_TYPE:
            if (strcmp(optarg, "group") == 0) opt.type = MZ_TYPE_GROUP;
            else if (strcmp(optarg, "personal") == 0)
                opt.type = MZ_TYPE_PERSONAL;
            else
                return fail("bad_option", "--type takes group or personal, "
                            "not '%s'", optarg), -1;
            break;
        case O_KIND:
            if (!mz_kind_valid(optarg))
                return fail("bad_option", "--kind takes problems, causes, "
                            "measures, progress or other, not '%s'",
                            optarg), -1;
            opt.kind = optarg;
            break;
        case O_THESAURUS:
            if (opt.nthes == 16)
                return fail("bad_option", "at most 16 --thesaurus files"), -1;
            opt.thes_files[opt.nthes++] = optarg;
            break;
        case O_COLOR:
            if (strcmp(optarg, "auto") == 0) opt.color = COLOR_AUTO;
            else if (strcmp(optarg, "always") == 0) opt.color = COLOR_ALWAYS;
            else if (strcmp(optarg, "never") == 0) opt.color = COLOR_NEVER;
            else
                return fail("bad_option", "--color takes auto, always or "
                            "never, not '%s'", optarg), -1;
            break;
        case 'h': usage(stdout); exit(EXIT_FOUND);
        case O_VERSION:
            printf("mzsearch %s (segmenter %s)\n", MZ_VERSION, MZ_SEG_VERSION);
            exit(EXIT_FOUND);
        default:
            if (optopt == 'n' || (optopt >= O_INDEX && optopt <= O_VERSION))
                return fail("bad_option", "%s needs a value; see mzsearch "
                            "--help", argv[optind - 1]), -1;
            return fail("bad_option", "unknown option '%s'; see mzsearch "
                        "--help (to search for a word starting with '-', "
                        "put it after --)",
                        argv[cur]), -1;
        }
        cur = optind;
    }
    if (json && jsonl)
        return fail("bad_option", "--json and --jsonl exclude each other; "
                    "give one"), -1;
    if (opt.count && opt.files)
        return fail("bad_option", "--count and --files exclude each other; "
                    "give one (mzsearch --files QUERY | wc -l counts the "
                    "files)"), -1;
    opt.query = join_args(argc - optind, argv + optind);
    return opt.query ? 0 : -1;
}

static int use_color(void)
{
    if (opt.color != COLOR_AUTO)
        return opt.color == COLOR_ALWAYS;
    const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
    if ((nc && *nc) || !term || strcmp(term, "dumb") == 0)
        return 0;
    return isatty(STDOUT_FILENO);
}

/* On a terminal (or with --color=always, for a pager): snippets, hits
 * coloured (or in 【】 without colour) and a closing line.  In a pipe or a
 * file, as rg: the whole passage, no marks unless asked, no closing line,
 * so that grep counts what it counts in the files. */
static void set_look(mz_printer_t *p)
{
    int term = opt.color == COLOR_ALWAYS || isatty(STDOUT_FILENO);
    p->color = use_color();
    p->marks = opt.marks || (term && !p->color);
    p->whole = !term;
    p->closing = term;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The error's word in JSON ("code"), by status. */
static const char *status_code(mz_status_t st)
{
    switch (st) {
    case MZ_STATUS_NO_INDEX: return "no_index";
    case MZ_STATUS_DAMAGED: return "index_damaged";
    case MZ_STATUS_INDEX_VERSION: return "index_version";
    case MZ_STATUS_BAD_QUERY: return "bad_query";
    case MZ_STATUS_EMPTY_QUERY: return "empty_query";
    case MZ_STATUS_NOTHING_SEARCHABLE: return "nothing_searchable";
    case MZ_STATUS_BAD_ARGUMENT: return "bad_option";
    case MZ_STATUS_SHARD_DOWN: return "shard_down";
    case MZ_STATUS_IO: case MZ_STATUS_LOCKED: return "index_error";
    default: return "internal";
    }
}

/* --files: each file once, best first, after --offset. */
static void print_files(const mz_results_t *res)
{
    cJSON *arr = opt.mode == MZ_OUT_JSON ? cJSON_CreateArray() : NULL;
    for (size_t i = 0; i < mz_results_nfiles(res); i++) {
        const char *path = mz_results_file(res, i);
        if (opt.mode == MZ_OUT_TEXT) {
            char *s = mz_safe_text(path, strlen(path), NULL);
            puts(s ? s : "");
            free(s);
        } else if (arr) {
            cJSON_AddItemToArray(arr, cJSON_CreateString(path));
        } else {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "query", opt.query);
            cJSON_AddStringToObject(o, "path", path);
            char *t = cJSON_PrintUnformatted(o);
            puts(t ? t : "{}");
            free(t);
            cJSON_Delete(o);
        }
    }
    if (arr) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "version", 1);
        cJSON_AddStringToObject(o, "query", opt.query);
        cJSON_AddItemToObject(o, "files", arr);
        char *t = cJSON_Print(o);
        puts(t ? t : "{}");
        free(t);
        cJSON_Delete(o);
    }
}

/* The page: each result, then the closing line or the JSON document. */
static int print_page(mz_results_t *res, double t0)
{
    mz_printer_t pr = {.mode = opt.mode,
                       .query = opt.similar ? opt.similar : opt.query,
                       .expanded = mz_results_expanded(res), .out = stdout};
    set_look(&pr);
    mz_print_begin(&pr);
    mz_print_facets(&pr, res);
    for (size_t i = 0; i < mz_results_size(res); i++)
        if (mz_print_result(&pr, mz_results_match(res, i)) < 0) {
            mz_print_discard(&pr);
            return fail("internal", "out of memory");
        }
    mz_print_end(&pr, mz_results_stats(res), now_ms() - t0);
    return 0;
}

static int run(mz_db_t *db, double t0)
{
    mz_search_options_t o;
    mz_results_t *res;
    mz_search_options_init(&o);
    o.query = opt.query;
    o.mode = opt.count ? MZ_SEARCH_COUNT
             : opt.files ? MZ_SEARCH_FILES : MZ_SEARCH_PAGE;
    o.limit = opt.limit, o.offset = opt.offset;
    o.limit_files = opt.limit_given;
    o.exact = opt.exact, o.all = opt.all;
    o.facets = opt.mode == MZ_OUT_JSON;
    o.kind = opt.kind, o.year = opt.year, o.type = (int)opt.type;
    o.thesauri = opt.thes_files, o.nthesauri = (size_t)opt.nthes;
    o.similar = opt.similar;
    mz_status_t st = mz_search(db, &o, &res);
    if (st != MZ_STATUS_OK)
        return fail(status_code(st), "%s", mz_db_error(db));
    int code = mz_results_count(res) ? EXIT_FOUND : EXIT_NONE;
    if (opt.count && opt.mode == MZ_OUT_TEXT)
        printf("%lu\n", mz_results_count(res));
    else if (opt.count)
        printf("{\"version\":1,\"count\":%lu}\n", mz_results_count(res));
    else if (opt.files)
        print_files(res);
    else if (print_page(res, t0))
        code = EXIT_ERROR;
    mz_results_free(res);
    return code;
}

int main(int argc, char **argv)
{
    double t0 = now_ms();
    int nargs = 0;
    char **args = reorder_args(argc, argv, &nargs);
    if (!args) {
        fputs("mzsearch: out of memory\n", stderr);
        return EXIT_ERROR;
    }
    int rc = parse_options(nargs, args);
    free(args);
    if (rc < 0)
        return EXIT_ERROR;
    mz_db_t *db = NULL;
    char *why = NULL;
    mz_status_t st = mz_db_open((const char *const *)opt.index_opt,
                                (size_t)opt.nindex, &db, &why);
    int code = st == MZ_STATUS_OK
                   ? run(db, t0)
                   : fail(status_code(st), "%s", why ? why : "out of memory");
    free(why);
    mz_db_close(db);
    free(opt.query);
    return code;
}
