/* search — the smallest program on libmzsearch: `search INDEX QUERY...`
 * prints path:line for each of the ten best passages.  Build it against
 * the installed library:
 *     cc search.c $(pkg-config --cflags --libs mzsearch) -o search */
#include <mzsearch.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: search INDEX QUERY...\n");
        return 2;
    }
    char query[4096] = "";
    for (int i = 2; i < argc; i++) { /* the words, as mzsearch joins them */
        if (strlen(query) + strlen(argv[i]) + 2 > sizeof query)
            break;
        if (i > 2)
            strcat(query, " ");
        strcat(query, argv[i]);
    }
    const char *paths[] = {argv[1]};
    mz_db_t *db;
    mz_error_t why;
    mz_status_t st = mz_db_open(paths, 1, &db, &why);
    if (st != MZ_STATUS_OK) {
        fprintf(stderr, "search: %s\n", why.message);
        return 2;
    }
    mz_search_options_t o;
    mz_search_options_init(&o);
    o.query = query;
    mz_results_t *res;
    if ((st = mz_search(db, &o, &res)) != MZ_STATUS_OK) {
        fprintf(stderr, "search: %s\n", mz_db_error(db)->message);
        mz_db_close(db);
        return 2;
    }
    mz_result_t r;
    for (size_t i = 0; mz_results_get(res, i, &r) == MZ_STATUS_OK; i++)
        printf("%s:%lu\n", r.path, r.line_start);
    int found = mz_results_size(res) > 0;
    mz_results_free(res);
    mz_db_close(db);
    return found ? 0 : 1;
}
