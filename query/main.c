/* mzsearch — search the index built by mzindex.
 * main parses options, opens the index, and runs parse -> build -> search
 * -> print; it maps what happened to an exit status like grep's. */
#include "indexdir.h"
#include "kind.h"
#include "dedup.h"
#include "extract.h"
#include "similar.h"
#include "record.h"
#include "mzx.h"
#include "print.h"
#include "snippet.h"
#include "query.h"
#include "search.h"
#include "segment.h"
#include "thesaurus.h"
#include "version.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_FOUND = 0, EXIT_NONE = 1, EXIT_ERROR = 2 };
#define BM25_K1 1.0
#define BM25_B 0.0
#define BM25_MIN_NORMLEN 0.5
typedef enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color_t;

enum { MAX_INDEX = 64 };  /* --index given this many times at most */
/* A remote shard: how long one operation, and the connection, may take. */
enum { REMOTE_TIMEOUT_MS = 30000, REMOTE_CONNECT_MS = 5000 };

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

/* ---- the shards: which indexes to search, opened as one ---------------- */

/* One index to search: a folder or a tcp:// URL, and where it was named. */
typedef struct {
    char *spec;
    char *where;    /* "--index", "MZSEARCH_INDEX", ... or "FILE:LINE:" */
    int in_file;    /* named by a shards file */
    int remote;
} shard_t;

typedef struct {
    shard_t *v;
    size_t n;
    char **dirs;   /* folders whose thesaurus.txt adds to the topics */
    size_t ndirs;
    char *label;   /* the shards, for messages */
    int remote;    /* some shard is remote */
} shards_t;

static void shards_free(shards_t *sh)
{
    for (size_t i = 0; i < sh->n; i++) {
        free(sh->v[i].spec);
        free(sh->v[i].where);
    }
    for (size_t i = 0; i < sh->ndirs; i++)
        free(sh->dirs[i]);
    free(sh->v);
    free(sh->dirs);
    free(sh->label);
}

/* Remember a folder whose thesaurus.txt counts (once).  0, or -1. */
static int add_dir(shards_t *sh, const char *dir, size_t len)
{
    for (size_t i = 0; i < sh->ndirs; i++)
        if (strlen(sh->dirs[i]) == len && memcmp(sh->dirs[i], dir, len) == 0)
            return 0;
    char **d = realloc(sh->dirs, (sh->ndirs + 1) * sizeof *d);
    if (!d)
        return -1;
    sh->dirs = d;
    if (!(d[sh->ndirs] = strndup(dir, len)))
        return -1;
    sh->ndirs++;
    return 0;
}

/* Add one shard; a bad URL or one named twice is reported (EXIT_ERROR). */
static int add_shard(shards_t *sh, const char *spec, const char *where,
                     int in_file)
{
    char *host;
    unsigned port;
    int url = mz_shard_url(spec, &host, &port);
    free(host);
    if (url < 0)
        return fail("bad_option", "%s %s: expected tcp://HOST:PORT", where,
                    spec);
    for (size_t i = 0; i < sh->n; i++)
        if (strcmp(sh->v[i].spec, spec) == 0)
            return fail("bad_option", "%s is named twice (%s and %s); name "
                        "each shard once", spec, sh->v[i].where, where);
    shard_t *v = realloc(sh->v, (sh->n + 1) * sizeof *v);
    if (!v)
        return fail("internal", "out of memory");
    sh->v = v;
    v[sh->n].spec = strdup(spec);
    v[sh->n].where = strdup(where);
    v[sh->n].remote = url;
    v[sh->n].in_file = in_file;
    if (!v[sh->n].spec || !v[sh->n].where ||
        (!url && add_dir(sh, spec, strlen(spec)) < 0)) {
        free(v[sh->n].spec);
        free(v[sh->n].where);
        return fail("internal", "out of memory");
    }
    sh->remote |= url;
    sh->n++;
    return 0;
}

/* The shards a shards file lists; its folder's thesaurus.txt counts too. */
static int add_shards_file(shards_t *sh, const char *file)
{
    mz_shard_t *v;
    size_t n;
    if (mz_shards_read(file, &v, &n) < 0)
        return fail("index_error", "cannot read the shards file %s: %s",
                    file, strerror(errno));
    if (!mz_shards_plausible(file, v, n)) {
        mz_shards_free(v, n);
        return fail("no_index", "%s is a file, neither an index nor a "
                    "shards file (no line of it names an existing folder or "
                    "a tcp://HOST:PORT shard); give the index folder, or a "
                    "shards file listing index folders", file);
    }
    const char *slash = strrchr(file, '/');
    int rc = slash ? add_dir(sh, file, slash == file ? 1 : (size_t)(slash - file))
                   : add_dir(sh, ".", 1);
    if (rc < 0)
        rc = fail("internal", "out of memory");
    if (n == 0 && rc == 0)
        rc = fail("no_index", "the shards file %s lists no shards; add index "
                  "folders or tcp://HOST:PORT lines to it", file);
    for (size_t i = 0; i < n && rc == 0; i++) {
        char where[4096];
        snprintf(where, sizeof where, "%s:%u:", file, v[i].line);
        rc = add_shard(sh, v[i].spec, where, 1);
    }
    mz_shards_free(v, n);
    return rc;
}

/* What to search: each --index (else $MZSEARCH_INDEX, else the default
 * folder), each a URL, a shards file, a folder holding one, or an index. */
static int collect_shards(shards_t *sh)
{
    const char *env = getenv("MZSEARCH_INDEX");
    int nloc = opt.nindex ? opt.nindex : 1;
    for (int i = 0; i < nloc; i++) {
        char *loc = mz_index_location(opt.nindex ? opt.index_opt[i] : NULL);
        const char *from = opt.nindex ? "--index"
                           : env && *env ? "MZSEARCH_INDEX" : "the index";
        if (!loc)
            return fail("no_index", "no index location: set HOME or "
                        "MZSEARCH_INDEX, or give --index PATH");
        char *file = strncmp(loc, "tcp://", 6) == 0 ? NULL
                                                    : mz_shards_file(loc);
        int rc = file ? add_shards_file(sh, file)
                      : add_shard(sh, loc, from, 0);
        free(file);
        free(loc);
        if (rc)
            return rc;
    }
    size_t len = 0;
    for (size_t i = 0; i < sh->n; i++)
        len += strlen(sh->v[i].spec) + 2;
    if (!(sh->label = malloc(len + 1)))
        return fail("internal", "out of memory");
    char *p = sh->label;
    for (size_t i = 0; i < sh->n; i++)
        p += sprintf(p, i ? ", %s" : "%s", sh->v[i].spec);
    return 0;
}

/* The line for a damaged local index: which one, and the fix. */
static int damaged(const shard_t *s, const char *why)
{
    return fail("index_damaged", "%s%sthe index at %s is damaged (%s); "
                "rebuild it with mzindex --index %s --rebuild",
                s->in_file ? s->where : "", s->in_file ? " " : "", s->spec,
                why, s->spec);
}

/* 1 while every shard opened so far carries kind terms (kind.h). */
static int kind_terms = 1;

/* Refuse an index cut by another segmenter (its answers would be wrong) or
 * laid out by a newer mzindex.  Note whether its passages carry kind
 * terms. */
static int check_index(mzx_db_t *db, const shard_t *s)
{
    char *v = NULL;
    size_t n;
    if (mzx_db_get_meta(db, MZ_META_KINDS, &v, &n) != MZX_OK)
        return fail("index_error", "cannot read the index at %s: %s",
                    s->spec, mzx_db_error(db));
    kind_terms &= v && strcmp(v, "1") == 0;
    free(v);
    v = NULL;
    if (mzx_db_get_meta(db, MZ_META_SEGMENTER, &v, &n) != MZX_OK)
        return fail("index_error", "cannot read the index at %s: %s",
                    s->spec, mzx_db_error(db));
    int bad = v && strcmp(v, MZ_SEG_VERSION) != 0;
    if (bad && s->remote)
        fail("index_version", "the shard %s was built by segmenter %s, this "
             "mzsearch uses %s; rebuild the index it serves with mzindex "
             "--index INDEX --rebuild", s->spec, v, MZ_SEG_VERSION);
    else if (bad)
        fail("index_version", "the index at %s was built by segmenter %s, "
             "this mzsearch uses %s; rebuild it with mzindex --index %s "
             "--rebuild", s->spec, v, MZ_SEG_VERSION, s->spec);
    free(v);
    v = NULL;
    if (!bad && mzx_db_get_meta(db, MZ_META_LAYOUT, &v, &n) == MZX_OK &&
        mz_layout_newer(v)) {
        fail("index_version", "the index at %s has layout %s, newer than "
             "this mzsearch reads (%s); use a newer mzsearch, or rebuild "
             "it with this one's mzindex --rebuild", s->spec, v,
             MZ_LAYOUT_VERSION);
        bad = 1;
    }
    free(v);
    return bad ? EXIT_ERROR : 0;
}

/* Open one shard on its own (so that its own metadata is checked). */
static int open_shard(const shard_t *s, int only, mzx_db_t **db)
{
    char *err = NULL, *host = NULL;
    unsigned port = 0;
    mzx_status_t st;
    int code = 0;
    /* "FILE:LINE: " before what a shards file names */
    const char *w = s->in_file ? s->where : "", *sep = s->in_file ? " " : "";
    *db = NULL;
    if (s->remote) {
        if (mz_shard_url(s->spec, &host, &port) < 0)
            return fail("internal", "out of memory");
        st = mzx_db_open_remote(host, port, REMOTE_TIMEOUT_MS,
                                REMOTE_CONNECT_MS, db, &err);
        if (st != MZX_OK)
            code = fail("shard_down", "%s%scannot reach the shard %s: %s; "
                        "start it there with xapian-tcpsrv --port %u "
                        "--interface %s INDEX, or leave it out", w, sep,
                        s->spec, err ? err : mzx_status_str(st), port, host);
        free(host);
    } else if (!mz_index_exists(s->spec)) {
        if (only && !s->in_file)
            return fail("no_index", "no index at %s; run 'mzindex DIR' first "
                        "to build one (or give --index PATH)", s->spec);
        return fail("no_index", "%s%s%s is not an index; build it with "
                    "mzindex --index %s DIR, or leave it out", w, sep,
                    s->spec, s->spec);
    } else {
        st = mzx_db_open(s->spec, db, &err);
        /* a damaged table shows here, not as a half answer later */
        if (st == MZX_OK && (st = mzx_db_verify(*db)) != MZX_OK)
            err = strdup(mzx_db_error(*db));
        if (st == MZX_CORRUPT)
            code = damaged(s, err ? err : mzx_status_str(st));
        else if (st != MZX_OK)
            code = fail(st == MZX_NO_INDEX ? "no_index" : "index_error",
                        "%s%scannot open the index at %s: %s; rebuild it "
                        "with mzindex", w, sep, s->spec,
                        err ? err : mzx_status_str(st));
    }
    free(err);
    if (code == 0)
        code = check_index(*db, s);
    if (code) {
        mzx_db_destroy(*db);
        *db = NULL;
    }
    return code;
}

/* Every shard opened and checked on its own, then added to the first:
 * one database searched with one ranking. */
static int open_shards(const shards_t *sh, mzx_db_t **out)
{
    *out = NULL;
    for (size_t i = 0; i < sh->n; i++) {
        mzx_db_t *db;
        int code = open_shard(&sh->v[i], sh->n == 1, &db);
        if (code == 0 && *out) {
            mzx_status_t st = mzx_db_add_db(*out, db);
            if (st != MZX_OK)
                code = fail("index_error", "cannot add the shard %s: %s",
                            sh->v[i].spec, mzx_db_error(*out));
            mzx_db_destroy(db);
        } else if (code == 0) {
            *out = db;
        }
        if (code) {
            mzx_db_destroy(*out);
            *out = NULL;
            return code;
        }
    }
    return 0;
}

/* ---- what to do with each match, by mode ---------------------------- */

/* A result held for the page until the search ends (so that near copies
 * found later can still be listed with it). */
typedef struct {
    char *data;          /* the record, encoded: owns m.rec's strings */
    mz_match_t m;
    mz_hits_t hits;
    mz_dup_t *dups;
    size_t ndups;
} held_t;

/* A group of near copies: its first passage's shingles, and where it is
 * held (-1: before --offset). */
typedef struct {
    mz_shingles_t sh;
    long held;
    uint64_t text;       /* the passage's hash, and its length */
    size_t len;
} group_t;

/* After the page is full, this many more matches are read to find near
 * copies of what it shows; a match is compared with this many groups. */
enum { DUP_LOOKAHEAD = 20, DUP_WINDOW = 512 };

typedef struct {
    mz_printer_t pr;
    char **paths;
    size_t npaths;
    size_t *slots, nslots;  /* hash set over paths (--files) */
    held_t *page;
    size_t npage;
    group_t *groups;
    size_t ngroups;
    unsigned long after_full;
    int oom;
} run_t;

static int hold(run_t *r, const mz_match_t *m, unsigned long rank)
{
    held_t *pg = realloc(r->page, (r->npage + 1) * sizeof *pg);
    if (!pg)
        return -1;
    r->page = pg;
    held_t *h = &pg[r->npage];
    memset(h, 0, sizeof *h);
    size_t len;
    mz_record_t own = m->rec;  /* the copy carries its path and title */
    own.file = (mz_str_t){0};
    if (mz_record_encode(&own, &h->data, &len) < 0)
        return -1;
    mz_record_decode(h->data, len, &h->m.rec);
    h->m.rank = rank;
    h->m.score = m->score;
    h->m.literal = m->literal;
    h->m.via = m->via;
    if (m->hits && m->hits->n) {
        h->hits.hits = malloc(m->hits->n * sizeof *h->hits.hits);
        if (!h->hits.hits) {
            free(h->data);
            return -1;
        }
        memcpy(h->hits.hits, m->hits->hits, m->hits->n * sizeof *h->hits.hits);
        h->hits.n = h->hits.cap = m->hits->n;
    }
    r->npage++;
    return 0;
}

static int add_dup(held_t *h, const mz_match_t *m)
{
    mz_dup_t *d = realloc(h->dups, (h->ndups + 1) * sizeof *d);
    if (!d)
        return -1;
    h->dups = d;
    if (!(d[h->ndups].path = strndup(m->rec.path.p, m->rec.path.n)))
        return -1;
    d[h->ndups].line = m->rec.line_start;
    d[h->ndups++].column = m->rec.column;
    return 0;
}

/* A hash of a passage's text, eight bytes a step. */
static uint64_t text_hash(const char *p, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    memcpy(&w, p, n);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 29);
}

/* Each match: a near copy of a group already seen joins it; else it opens a
 * group, held for the page when its number is past --offset. */
static int on_page(const mz_match_t *m, void *vctx)
{
    run_t *r = vctx;
    int full = r->npage >= opt.limit;
    if (!full || r->after_full < DUP_LOOKAHEAD)
        mz_print_facet(&r->pr, &m->rec);
    if (full && (opt.all || ++r->after_full > DUP_LOOKAHEAD))
        return 1;
    mz_shingles_t sh = {0};
    uint64_t text = text_hash(m->rec.text.p, m->rec.text.n);
    if (!opt.all) {
        size_t from = r->ngroups > DUP_WINDOW ? r->ngroups - DUP_WINDOW : 0;
        /* The same text as a group's first passage joins that group, and
         * no earlier one (that passage opened its group): no shingles
         * needed for the commonest near copy, a verbatim one. */
        size_t g = from;
        while (g < r->ngroups && (r->groups[g].text != text ||
                                  r->groups[g].len != m->rec.text.n))
            g++;
        if (g == r->ngroups) {
            if (mz_shingles_make(m->rec.text.p, m->rec.text.n, &sh) < 0)
                return r->oom = 1;
            for (g = from; g < r->ngroups; g++)
                if (mz_shingles_jaccard(&sh, &r->groups[g].sh) >=
                    MZ_DUP_JACCARD)
                    break;
        }
        if (g < r->ngroups) {
            mz_shingles_free(&sh);
            long at = r->groups[g].held;
            if (at >= 0 && add_dup(&r->page[at], m) < 0)
                r->oom = 1;
            return r->oom;
        }
    }
    if (full) {
        mz_shingles_free(&sh);
        return 0;
    }
    group_t *gs = realloc(r->groups, (r->ngroups + 1) * sizeof *gs);
    if (!gs) {
        mz_shingles_free(&sh);
        return r->oom = 1;
    }
    r->groups = gs;
    gs[r->ngroups].sh = sh;
    gs[r->ngroups].held = -1;
    gs[r->ngroups].text = text;
    gs[r->ngroups].len = m->rec.text.n;
    unsigned long rank = ++r->ngroups;
    if (rank <= opt.offset)
        return 0;
    if (hold(r, m, rank) < 0)
        return r->oom = 1;
    gs[rank - 1].held = (long)r->npage - 1;
    return 0;
}

/* Print the held page and free it, and the groups. */
static void print_page(run_t *r)
{
    for (size_t i = 0; i < r->npage; i++) {
        held_t *h = &r->page[i];
        h->m.hits = &h->hits;
        h->m.dups = h->dups;
        h->m.ndups = h->ndups;
        if (!r->oom && mz_print_result(&r->pr, &h->m) < 0)
            r->oom = 1;
        for (size_t k = 0; k < h->ndups; k++)
            free(h->dups[k].path);
        free(h->dups);
        free(h->hits.hits);
        free(h->data);
    }
    free(r->page);
    for (size_t g = 0; g < r->ngroups; g++)
        mz_shingles_free(&r->groups[g].sh);
    free(r->groups);
}

/* --files: each file once, in the order of its best passage.  A hash set
 * of the paths seen (open addressing over r->paths) keeps this linear. */
static int seen_path(run_t *r, const char *p, size_t n, int add)
{
    if (add && (r->npaths + 1) * 2 > r->nslots) {
        size_t ns = r->nslots ? r->nslots * 2 : 1024;
        size_t *slots = malloc(ns * sizeof *slots);
        if (!slots)
            return -1;
        for (size_t i = 0; i < ns; i++)
            slots[i] = (size_t)-1;
        for (size_t k = 0; k < r->npaths; k++) {
            size_t h = mz_hash64(r->paths[k], strlen(r->paths[k])) & (ns - 1);
            while (slots[h] != (size_t)-1)
                h = (h + 1) & (ns - 1);
            slots[h] = k;
        }
        free(r->slots);
        r->slots = slots;
        r->nslots = ns;
    }
    if (!r->nslots)
        return 0;
    size_t h = mz_hash64(p, n) & (r->nslots - 1);
    for (; r->slots[h] != (size_t)-1; h = (h + 1) & (r->nslots - 1)) {
        const char *q = r->paths[r->slots[h]];
        if (strlen(q) == n && memcmp(q, p, n) == 0)
            return 1;
    }
    if (add)
        r->slots[h] = r->npaths;
    return 0;
}

static int on_file(const mz_match_t *m, void *vctx)
{
    run_t *r = vctx;
    const char *path = m->rec.path.p;
    size_t n = m->rec.path.n;
    /* --files -n N: the first N files after --offset (default: all); a
     * later phase (or -n 0) must not add one past them */
    if (opt.limit_given && r->npaths >= opt.offset + opt.limit)
        return 1;
    if (seen_path(r, path, n, 0) == 1)
        return 0;
    char **p = realloc(r->paths, (r->npaths + 1) * sizeof *p);
    if (p)
        r->paths = p;
    if (!p || seen_path(r, path, n, 1) < 0 ||
        !(p[r->npaths] = strndup(path, n))) {
        r->oom = 1;
        return 1;
    }
    r->npaths++;
    return opt.limit_given && r->npaths >= opt.offset + opt.limit;
}

static void print_files(run_t *r)
{
    cJSON *arr = opt.mode == MZ_OUT_JSON ? cJSON_CreateArray() : NULL;
    for (size_t i = 0; i < r->npaths; i++) {
        if (i < opt.offset ||
            (opt.limit_given && i - opt.offset >= opt.limit)) {
            ;  /* before --offset, or past -n */
        } else if (opt.mode == MZ_OUT_TEXT) {
            char *s = mz_safe_text(r->paths[i], strlen(r->paths[i]), NULL);
            puts(s ? s : "");
            free(s);
        } else if (arr) {
            cJSON_AddItemToArray(arr, cJSON_CreateString(r->paths[i]));
        } else {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "query", r->pr.query);
            cJSON_AddStringToObject(o, "path", r->paths[i]);
            char *t = cJSON_PrintUnformatted(o);
            puts(t ? t : "{}");
            free(t);
            cJSON_Delete(o);
        }
        free(r->paths[i]);
    }
    if (arr) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "version", 1);
        cJSON_AddStringToObject(o, "query", r->pr.query);
        cJSON_AddItemToObject(o, "files", arr);
        char *t = cJSON_Print(o);
        puts(t ? t : "{}");
        free(t);
        cJSON_Delete(o);
    }
    free(r->paths);
    free(r->slots);
}

static int parse_error(mz_parse_status_t ps, size_t size)
{
    switch (ps) {
    case MZ_PARSE_BAD_UTF8:
        return fail("bad_query", "the query is not valid UTF-8 text; give "
                    "the words in UTF-8 (check the terminal's or the "
                    "calling program's encoding)");
    case MZ_PARSE_TOO_LONG:
        return fail("bad_query", "the query is %zu bytes long, more than "
                    "the %d a query may have; search for fewer or shorter "
                    "words (or use --similar FILE for a whole text)", size,
                    MZ_QUERY_MAX_BYTES);
    case MZ_PARSE_TOO_MANY_WORDS:
        return fail("bad_query", "the query has %zu different words, more "
                    "than the %d a query may have; search for fewer words",
                    size, MZ_QUERY_MAX_WORDS);
    case MZ_PARSE_TOO_MANY_CHARS:
        return fail("bad_query", "the query has %zu single Chinese "
                    "characters (one in an OR counting twice), more than "
                    "the %d a query may have (each is looked up in every "
                    "word it starts); search for longer words", size,
                    MZ_QUERY_MAX_CHARS);
    case MZ_PARSE_EMPTY:
        return fail("empty_query", "empty query; give words to search for, "
                    "e.g. mzsearch 好人主义");
    case MZ_PARSE_NOTHING:
        return fail("nothing_searchable", "the query '%s' has nothing "
                    "searchable (only punctuation or symbols); use Chinese "
                    "characters, letters or digits", opt.query);
    case MZ_PARSE_ONLY_NEGATIVE:
        return fail("nothing_searchable", "the query '%s' only excludes "
                    "words; add a word to look for, e.g. 四风 -形式主义",
                    opt.query);
    case MZ_PARSE_NEG_IN_OR:
        return fail("bad_query", "'-word' cannot be part of an OR in '%s'; "
                    "write the exclusion as a separate word", opt.query);
    default:
        return fail("internal", "out of memory");
    }
}

extern const char mz_default_thesaurus[]; /* query/thesaurus.txt, built in */

/* Does word stand in the shipped thesaurus where a topic stands: as typed
 * (ASCII case aside), alone between the start of a line or "<=>" and "=",
 * "<=>" or the end of the line (spaces and tabs aside)?  Every topic
 * does; a few words that are not may (in a comment). */
static int builtin_topic(const char *word)
{
    size_t n = strlen(word);
    for (const char *p = mz_default_thesaurus; (p = strcasestr(p, word));
         p++) {
        const char *b = p, *a = p + n;
        while (b > mz_default_thesaurus && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        while (*a == ' ' || *a == '\t' || *a == '\r')
            a++;
        if ((b == mz_default_thesaurus || b[-1] == '\n' || b[-1] == '>') &&
            (*a == '=' || *a == '<' || *a == '\n' || *a == '\0'))
            return 1;
    }
    return 0;
}

/* Can a thesaurus expand a word of the query?  Only the shipped one is
 * looked at (else: maybe), and without parsing it (~0.1 ms). */
static int may_expand(const shards_t *sh)
{
    if (opt.nthes > 0)
        return 1;
    for (size_t i = 0; i < sh->ndirs; i++) {
        char *own = NULL;
        int have = asprintf(&own, "%s/thesaurus.txt", sh->dirs[i]) < 0 ||
                   access(own, F_OK) == 0;
        free(own);
        if (have)
            return 1;
    }
    /* the words as mz_thes_expand_query takes them */
    for (const char *p = opt.query; *p;) {
        if (*p == ' ') {
            p++;
            continue;
        }
        if (*p == '"') {
            const char *e = strchr(p + 1, '"');
            p = e ? e + 1 : p + strlen(p);
            continue;
        }
        const char *s = p;
        while (*p && *p != ' ')
            p++;
        char word[256];
        size_t n = (size_t)(p - s);
        if (*s == '-' || n >= sizeof word)
            continue;
        memcpy(word, s, n);
        word[n] = '\0';
        if (builtin_topic(word))
            return 1;
    }
    return 0;
}

/* The query with thesaurus topics expanded (NULL when nothing expands, or
 * on an error, then reported and *err set). */
static char *expand_query(const shards_t *sh, int *err)
{
    *err = 0;
    if (opt.exact || !may_expand(sh))
        return NULL;
    mz_thes_t *t = mz_thes_new();
    char why[512];
    if (!t) {
        *err = fail("internal", "out of memory");
        return NULL;
    }
    for (int i = 0; i < opt.nthes; i++)
        if (mz_thes_load_file(t, opt.thes_files[i], why, sizeof why) < 0) {
            *err = fail("bad_option", "--thesaurus: %s; fix the file or "
                        "leave the option out", why);
            mz_thes_free(t);
            return NULL;
        }
    for (size_t i = 0; i < sh->ndirs; i++) {
        char *own = NULL;
        if (asprintf(&own, "%s/thesaurus.txt", sh->dirs[i]) >= 0 &&
            access(own, F_OK) == 0 &&
            mz_thes_load_file(t, own, why, sizeof why) < 0) {
            *err = fail("bad_option", "the index's thesaurus: %s; fix it or "
                        "remove it", why);
            free(own);
            mz_thes_free(t);
            return NULL;
        }
        free(own);
    }
    int changed = 0;
    char *x = mz_thes_expand_query(t, opt.query, &changed);
    mz_thes_free(t);
    if (!changed) {
        free(x);
        return NULL;
    }
    return x;
}

/* The parsed query and its Xapian form: phase 1 literal, phase 2 the
 * thesaurus expansion (NULL when nothing expands). */
typedef struct {
    mz_qnode_t *tree;
    mzx_query_t *q;
} phase_t;

static void phase_free(phase_t *ph)
{
    mzx_query_free(ph->q);
    mz_qnode_free(ph->tree);
}

/* BM25 parameters: the measured defaults (README, "Relevance"), or
 * MZSEARCH_BM25="k1,b,min_normlen" for experiments. */
static mzx_weighting_t weighting(void)
{
    mzx_weighting_t w = {BM25_K1, BM25_B, BM25_MIN_NORMLEN};
    const char *e = getenv("MZSEARCH_BM25");
    if (e)
        sscanf(e, "%lf,%lf,%lf", &w.k1, &w.b, &w.min_normlen);
    return w;
}

static int search_failed(mzx_db_t *db, const shards_t *sh, mzx_status_t rc)
{
    const char *err = mzx_db_error(db), *hint = "";
    if (rc == MZX_CORRUPT && sh->n == 1)
        return damaged(&sh->v[0], err);
    if (rc == MZX_CORRUPT)
        return fail("index_damaged", "one of the indexes %s is damaged "
                    "(%s); find it with mzindex --index INDEX --status and "
                    "rebuild it with mzindex --index INDEX --rebuild",
                    sh->label, err);
    if (sh->remote && rc == MZX_IO)
        hint = "; check that xapian-tcpsrv still serves each tcp:// shard";
    else if (sh->remote && strstr(err, "has no termlist"))
        hint = "; a tcp:// shard serves an index that was built without "
               "term lists, which xapian-tcpsrv (Xapian 1.4) needs; rebuild "
               "it there with mzindex --rebuild --servable";
    return fail("index_error", "searching %s failed: %s (%s)%s", sh->label,
                err, mzx_status_str(rc), hint);
}

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

/* The text --similar compares with: a file read as mzindex reads it (by its
 * extension; any other name as text), or standard input. */
static char *read_similar(size_t *len)
{
    mz_decoded_t d;
    char why[512] = "";
    int md, rc;
    struct stat sb;
    FILE *in = NULL;
    if (strcmp(opt.similar, "-") == 0) {
        rc = read_stream_draft(stdin, &d, why, sizeof why);
    } else if (stat(opt.similar, &sb) == 0 && (S_ISFIFO(sb.st_mode) ||
                                                 S_ISCHR(sb.st_mode) ||
                                                 S_ISSOCK(sb.st_mode))) {
        /* a pipe has no extension to go by: read as standard input */
        if (!(in = fopen(opt.similar, "rb"))) {
            snprintf(why, sizeof why, "cannot read: %s", strerror(errno));
            rc = -1;
        } else {
            rc = read_stream_draft(in, &d, why, sizeof why);
            fclose(in);
        }
    } else if (mz_extract_wanted(opt.similar))
        rc = mz_extract_file(opt.similar, &d, &md, why, sizeof why);
    else
        rc = mz_decode_file(opt.similar, &d, why, sizeof why);
    if (rc == 0 && d.len == 0) {
        mz_decoded_free(&d);
        snprintf(why, sizeof why, "it has no text");
        rc = -1;
    }
    if (rc < 0) {
        fail("bad_option", "--similar %s: %s", strcmp(opt.similar, "-") == 0
             ? "- (standard input)" : opt.similar, why);
        return NULL;
    }
    *len = d.len;
    return d.text;
}

static int stop_at_once(const mz_match_t *m, void *ctx)
{
    return 1;
}

/* --similar FILE [WORDS]: the passages most like the text that also have
 * the words (as typed), through the same printer. */
static int run_similar(mzx_db_t *db, const shards_t *sh, double t0)
{
    mz_qnode_t *words = NULL;
    size_t size;
    mz_parse_status_t ps = mz_query_parse_capped(opt.query, &words, &size);
    if (ps != MZ_PARSE_OK && ps != MZ_PARSE_EMPTY)
        return parse_error(ps, size);
    mzx_query_t *wq = words ? mz_query_build(words, db) : NULL;
    size_t len;
    char *text = words && !wq ? NULL : read_similar(&len);
    if (!text) {
        mzx_query_free(wq);
        mz_qnode_free(words);
        return words && !wq ? fail("internal", "out of memory") : EXIT_ERROR;
    }
    run_t r = {.pr = {.mode = opt.mode, .query = opt.similar,
                      .out = stdout}};
    set_look(&r.pr);
    mz_search_stats_t st;
    mzx_weighting_t w = weighting();
    mz_search_opts_t o = {.w = &w, .kind = opt.kind, .year = opt.year,
                          .type = opt.type};
    mz_match_fn fn = opt.count ? stop_at_once : opt.files ? on_file : on_page;
    if (fn == on_page)
        mz_print_begin(&r.pr);
    mzx_status_t rc = mz_similar(db, text, len, words, wq, &o, fn, &r, &st);
    free(text);
    mzx_query_free(wq);
    mz_qnode_free(words);
    if (rc != MZX_OK)
        return search_failed(db, sh, rc);
    if (opt.count && opt.mode == MZ_OUT_TEXT) {
        printf("%lu\n", st.total);
    } else if (opt.count) {
        printf("{\"version\":1,\"count\":%lu}\n", st.total);
    } else if (opt.files) {
        print_files(&r);
    } else {
        print_page(&r);
        mz_print_end(&r.pr, &st, now_ms() - t0);
    }
    if (r.oom)
        return fail("internal", "out of memory");
    return st.total ? EXIT_FOUND : EXIT_NONE;
}

static int run(mzx_db_t *db, const shards_t *sh, double t0)
{
    if (opt.similar)
        return run_similar(db, sh, t0);
    phase_t lit = {0}, exp = {0};
    mzx_query_t *heads_q = NULL;
    size_t size;
    mz_parse_status_t ps = mz_query_parse_capped(opt.query, &lit.tree, &size);
    if (ps != MZ_PARSE_OK)
        return parse_error(ps, size);
    int err = 0;
    char *expanded = expand_query(sh, &err);
    if (err) {
        mz_qnode_free(lit.tree);
        return err;
    }
    if (expanded && mz_query_parse(expanded, &exp.tree) != MZ_PARSE_OK) {
        free(expanded); /* cannot happen for a query that parsed */
        expanded = NULL;
    }
    lit.q = mz_query_build(lit.tree, db);
    if (exp.tree)
        exp.q = mz_query_build(exp.tree, db);
    /* headings: the words, or the topic's forms, above the passage (the
     * query is made when the phase is reached: most pages are full
     * before, and a character's query lists every term it starts) */
    const mz_qnode_t *heads_tree = exp.tree ? exp.tree : lit.tree;
    if (!lit.q || (exp.tree && !exp.q)) {
        phase_free(&lit);
        phase_free(&exp);
        mzx_query_free(heads_q);
        free(expanded);
        return fail("internal", "out of memory");
    }
    run_t r = {.pr = {.mode = opt.mode, .query = opt.query,
                      .expanded = expanded, .out = stdout}};
    set_look(&r.pr);
    mzx_weighting_t w = weighting();
    /* The phases, each after every match of the one before: the words as
     * typed in the text; then the thesaurus forms of the topics in the
     * text; then the words in a heading above the passage (measured on the
     * judged queries: this order ranks best).  --exact: the first only. */
    struct {
        const mz_qnode_t *tree;
        const mzx_query_t *q;
        mz_search_opts_t o;
    } ph[6];
    int nph = 0;
    /* What a phase matched, a later one passes over without reading it:
     * a later phase skips what the earlier words match (or, in the
     * phases of a named part, what the other part's filter leaves out).
     * Without memory for it, they are read and checked. */
    mz_seen_t *seen = mz_seen_new();
    mz_search_opts_t base = {.w = &w, .kind = opt.kind, .year = opt.year,
                             .type = opt.type, .via = "text", .seen = seen,
                             .kind_terms = kind_terms};
    ph[nph].tree = lit.tree, ph[nph].q = lit.q, ph[nph++].o = base;
    if (exp.tree) {
        ph[nph].tree = exp.tree, ph[nph].q = exp.q, ph[nph].o = base;
        ph[nph].o.skip = lit.tree;
        ph[nph++].o.via = "thesaurus";
    }
    if (!opt.exact) {
        ph[nph].tree = heads_tree, ph[nph].q = NULL, ph[nph].o = base;
        ph[nph].o.headings = 1, ph[nph].o.skip = exp.tree ? exp.tree : lit.tree;
        ph[nph++].o.via = "heading";
    }
    /* A query that names a part of the material (整改措施, 原因 …) puts,
     * within each phase, the passages of that part first. */
    const char *named = opt.kind ? NULL : mz_query_kind(opt.query);
    if (named && !opt.count) {
        for (int k = nph - 1; k >= 0; k--) {
            ph[2 * k] = ph[k];
            ph[2 * k + 1] = ph[k];
            ph[2 * k].o.kind = named;
            ph[2 * k + 1].o.not_kind = named;
        }
        nph *= 2;
    }
    mz_search_stats_t st = {0};
    mz_match_fn fn = opt.files ? on_file : on_page;
    if (fn == on_page && !opt.count)
        mz_print_begin(&r.pr);
    mzx_status_t rc = MZX_OK;
    st.exact = 1;
    double share = 1;
    int k;
    for (k = 0; k < nph && rc == MZX_OK && !r.oom; k++) {
        mz_search_stats_t s = {0};
        if (ph[k].o.headings && !heads_q && (opt.count || st.exact) &&
            !(heads_q = mz_query_build_prefixed(heads_tree, db,
                                                MZ_HEADING_PREFIX))) {
            r.oom = 1;
            break;
        }
        if (ph[k].o.headings)
            ph[k].q = heads_q;
        if (opt.count) {
            rc = mz_count(db, ph[k].tree, ph[k].q, &ph[k].o, &s.matched);
            st.matched += s.matched;
            continue;
        }
        if (!st.exact) { /* an earlier phase stopped: later ones unread */
            break;
        }
        ph[k].o.rank_base = st.matched;
        /* the rest of the page, the look-ahead for near copies, and the
         * match that ends it.  A result on the page stands for its near
         * copies too: each result yet to come is counted as many matches
         * as the results so far took (an archive that holds each
         * material several times would else need a second batch). */
        if (fn == on_page) {
            unsigned long page = opt.offset + opt.limit, left = 0;
            double per = 1;
            if (r.ngroups < page)
                left = page - r.ngroups;
            if (r.ngroups)
                per = (double)st.matched / (double)r.ngroups;
            unsigned long ahead = opt.all || r.after_full >= DUP_LOOKAHEAD
                                      ? 0
                                      : DUP_LOOKAHEAD - r.after_full;
            double want = (double)left * per + 0.5 + (double)ahead + 1;
            ph[k].o.want = want < 1e9 ? (unsigned long)want : 1000000000UL;
        }
        rc = mz_search(db, ph[k].tree, ph[k].q, &ph[k].o, fn, &r, &s);
        st.matched += s.matched;
        st.total += s.total; /* each phase skips what earlier ones found */
        st.exact = s.exact;
        share = s.share;
    }
    /* The phases the page did not need count in the total too: their
     * candidates (counted by the index when few) times the share of the
     * last read phase's candidates that matched.  A later phase's words
     * include the earlier phases' (the topic's forms include the word), so
     * its candidates cover them.  The heading phase's are mostly passages
     * that an earlier phase counted: it is left out. */
    int unread = 0;
    for (; k < nph && rc == MZX_OK && !st.exact && !opt.count; k++)
        unread |= !ph[k].o.headings;
    if (unread) { /* the widest words, in every part, cover them all */
        const phase_t *wide = exp.tree ? &exp : &lit;
        double e = mz_estimate(db, wide->tree, wide->q, &base) * share;
        if (e > (double)st.total)
            st.total = (unsigned long)(e + 0.5);
    }
    phase_free(&lit);
    phase_free(&exp);
    mzx_query_free(heads_q);
    mz_seen_free(seen);
    if (rc != MZX_OK) {
        free(expanded);
        return search_failed(db, sh, rc);
    }
    if (r.oom) {
        free(expanded);
        return fail("internal", "out of memory");
    }
    if (opt.count) {
        if (opt.mode == MZ_OUT_TEXT)
            printf("%lu\n", st.matched);
        else
            printf("{\"version\":1,\"count\":%lu}\n", st.matched);
    } else if (opt.files) {
        print_files(&r);
    } else {
        print_page(&r);
        if (r.oom) {
            free(expanded);
            return fail("internal", "out of memory");
        }
        mz_print_end(&r.pr, &st, now_ms() - t0);
    }
    free(expanded);
    return st.matched ? EXIT_FOUND : EXIT_NONE;
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
    shards_t sh = {0};
    mzx_db_t *db = NULL;
    int code = collect_shards(&sh);
    if (code == 0)
        code = open_shards(&sh, &db);
    if (code == 0)
        code = run(db, &sh, t0);
    /* a full disk (or a closed pipe, SIGPIPE ignored) loses results: say so
     * as grep does, rather than exit as if all were written */
    if ((fflush(stdout) != 0 || ferror(stdout)) && code != EXIT_ERROR) {
        fprintf(stderr, "mzsearch: cannot write the results to standard "
                "output: %s\n", strerror(errno ? errno : EIO));
        code = EXIT_ERROR;
    }
    mzx_db_destroy(db);
    shards_free(&sh);
    free(opt.query);
    return code;
}
