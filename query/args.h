/* args.h — mzsearch's command line: its options, and its error lines. */
#ifndef MZ_ARGS_H
#define MZ_ARGS_H

#include "mzsearch.h"
#include "print.h"

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
    const char *serve;   /* --serve [ADDR:]PORT: run the server (serve.c) */
} options_t;

/* Read the options and the query words (they may come in any order; see
 * mzsearch --help) into *opt, which starts from its defaults.  --help and
 * --version print and exit.  Returns 0, or -1 after the error line. */
int mz_args_parse(int argc, char **argv, options_t *opt);
void mz_args_free(options_t *opt);

/* One line on stderr; under --json/--jsonl (mode) the same as a JSON
 * object on stdout.  Returns EXIT_ERROR. */
int mz_args_fail(mz_out_mode_t mode, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The search the options ask for, into *o (its strings are opt's; a
 * --similar draft is the caller's to read). */
void mz_args_search_options(const options_t *opt, mz_search_options_t *o);

/* --similar FILE|-: the draft's text, read by `mzindex --extract`
 * (draft_cli.c), malloc'd in *text.  Returns 0, or EXIT_ERROR after saying
 * why (as mz_args_fail). */
int mz_cli_read_draft(mz_out_mode_t mode, const char *file, char **text,
                      size_t *len);

#endif
