/* cli.h — mzindex, the program: its options (main.c) and its output
 * (cli_print.c: every line on stderr, the text on stdout, the one JSON
 * object of --json). */
#ifndef MZ_CLI_H
#define MZ_CLI_H

#include "mzsearch.h"

enum { EXIT_DONE = 0, EXIT_SKIPPED = 1, EXIT_FAILED = 2 };

typedef struct {
    const char *index_opt;
    const char *extract;       /* --extract FILE|- */
    int quiet, json, status, compact;
    mz_index_options_t ix;     /* what the library is asked */
    const char *include[64], *exclude[64];
} options_t;

/* The run's first error, for --json: its code and its line.  Every error
 * line goes through fail(), and main prints the object when the run that
 * failed printed none. */

/* --json: errors, even in the options, end in one JSON object. */
void cli_json(int on);
/* One line "mzindex: MSG" on stderr, made safe to print (a path can hold
 * anything): say for a line that is not an error (a skipped file, the
 * summary), fail for an error (the first is kept for --json; returns
 * EXIT_FAILED). */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fail(const char *code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The library's first error, kept for --json when the run had none (its
 * line was printed as it happened). */
void cli_keep_error(const mz_error_t *err);

/* The callbacks that print what the library tells (t: their state). */
typedef struct {
    int progress; /* progress lines are drawn (stderr is a terminal) */
    int ended;    /* the last reading's progress line was cleared */
} cli_tell_t;
void cli_callbacks(const options_t *o, cli_tell_t *t,
                   mz_index_callbacks_t *cb);

/* --status: print what the index holds.  Returns the exit status. */
int cli_show_status(const options_t *o, const char *index);
/* The end of an update or rebuild: the summary line or JSON object. */
void cli_print_summary(const options_t *o, const char *index,
                       const mz_index_summary_t *s, int code);
/* The end of a compaction that went well. */
void cli_print_compacted(const options_t *o, const char *index,
                         double seconds);
/* Under --json, the object of a run that printed none (it failed before
 * it had anything else to say).  Returns code. */
int cli_json_exit(const char *index, int code);

#endif
