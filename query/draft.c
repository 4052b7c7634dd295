/* draft.c — mz_search: a search like a draft named by the caller
 * (options.similar) reads it first (indexer/draft.c), then searches
 * (engine.c's mz_search_run). */
#include "engine.h"
#include "extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

mz_status_t mz_search(mz_db_t *db, const mz_search_options_t *o,
                      mz_results_t **out)
{
    if (!db || !o || !o->similar || o->similar_text)
        return mz_search_run(db, o, out);
    *out = NULL;
    mz_search_options_t w = *o;
    char *text = NULL, why[512];
    if (mz_draft_read(o->similar, &text, &w.similar_len, why, sizeof why))
        return mz_err(&db->err, MZ_STATUS_BAD_ARGUMENT, "--similar %s: %s",
                      strcmp(o->similar, "-") == 0 ? "- (standard input)"
                                                   : o->similar, why);
    w.similar_text = text;
    mz_status_t st = mz_search_run(db, &w, out);
    free(text);
    return st;
}
