/* mzsearch — search the index built by mzindex.
 * main reads the command line (args.c), opens the database and runs one
 * search through libmzsearch (engine.c: the search plan), prints what it
 * found through the printer (print.c), and maps what happened to an exit
 * status like grep's.  --serve hands the options to the server (serve.c). */
#include "args.h"
#include "clock.h"
#include "engine.h"
#include "print.h"
#include "serve.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int use_color(const options_t *opt)
{
    if (opt->color != COLOR_AUTO)
        return opt->color == COLOR_ALWAYS;
    const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
    if ((nc && *nc) || !term || strcmp(term, "dumb") == 0)
        return 0;
    return isatty(STDOUT_FILENO);
}

/* On a terminal (or with --color=always, for a pager): snippets, hits
 * coloured (or in 【】 without colour) and a closing line.  In a pipe or a
 * file, as rg: the whole passage, no marks unless asked, no closing line,
 * so that grep counts what it counts in the files. */
static void set_look(mz_printer_t *p, const options_t *opt)
{
    int term = opt->color == COLOR_ALWAYS || isatty(STDOUT_FILENO);
    p->color = use_color(opt);
    p->marks = opt->marks || (term && !p->color);
    p->whole = !term;
    p->closing = term;
}

/* The page: each result, then the closing line or the JSON document (the
 * one the server sends too). */
static int print_page(mz_results_t *res, const options_t *opt,
                      double t0)
{
    if (opt->mode == MZ_OUT_JSON) {
        char *doc = mz_print_page_json(res, opt->similar ? opt->similar
                                                         : opt->query, t0);
        if (!doc)
            return mz_args_fail(opt->mode, "internal", "out of memory");
        printf("%s\n", doc);
        free(doc);
        return 0;
    }
    mz_printer_t pr = {.mode = opt->mode,
                       .query = opt->similar ? opt->similar : opt->query,
                       .expanded = mz_results_expanded(res), .out = stdout};
    set_look(&pr, opt);
    pr.genres = pr.closing;
    mz_print_begin(&pr);
    mz_print_facets(&pr, res);
    for (size_t i = 0; i < mz_results_size(res); i++)
        if (mz_print_result(&pr, mz_results_match(res, i)) < 0) {
            mz_print_discard(&pr);
            return mz_args_fail(opt->mode, "internal", "out of memory");
        }
    mz_print_end(&pr, mz_results_stats(res), (mz_clock_s() - t0) * 1e3);
    return 0;
}

static int run(mz_db_t *db, const options_t *opt, double t0)
{
    mz_search_options_t o;
    mz_results_t *res;
    mz_args_search_options(opt, &o);
    char *draft = NULL;
    if (opt->similar && mz_cli_read_draft(opt->mode, opt->similar, &draft,
                                          &o.similar_len))
        return EXIT_ERROR;
    o.similar_text = draft;
    mz_status_t st = mz_search_run(db, &o, &res);
    free(draft);
    if (st != MZ_STATUS_OK)
        return mz_args_fail(opt->mode, mz_db_error(db)->code, "%s",
                            mz_db_error(db)->message);
    int code = mz_results_count(res) ? EXIT_FOUND : EXIT_NONE;
    if (opt->count)
        mz_print_count(opt->mode, mz_results_count(res), stdout);
    else if (opt->files)
        mz_print_files(opt->mode, opt->similar ? opt->similar : opt->query,
                       res, stdout);
    else if (print_page(res, opt, t0))
        code = EXIT_ERROR;
    mz_results_free(res);
    return code;
}

int main(int argc, char **argv)
{
    double t0 = mz_clock_s();
    options_t opt;
    if (mz_args_parse(argc, argv, &opt) < 0)
        return EXIT_ERROR;
    if (opt.serve) { /* a resident server: serve.c */
        int rc = mz_serve(&opt);
        mz_args_free(&opt);
        return rc;
    }
    mz_db_t *db = NULL;
    mz_error_t why;
    mz_status_t st = mz_db_open((const char *const *)opt.index_opt,
                                (size_t)opt.nindex, &db, &why);
    int code = st == MZ_STATUS_OK
                   ? run(db, &opt, t0)
                   : mz_args_fail(opt.mode, why.code, "%s", why.message);
    /* a full disk (or a closed pipe, SIGPIPE ignored) loses results: say so
     * as grep does, rather than exit as if all were written */
    if ((fflush(stdout) != 0 || ferror(stdout)) && code != EXIT_ERROR) {
        fprintf(stderr, "mzsearch: cannot write the results to standard "
                "output: %s\n", strerror(errno ? errno : EIO));
        code = EXIT_ERROR;
    }
    mz_db_close(db);
    mz_args_free(&opt);
    return code;
}
