/* lib_fields.c — every field libmzsearch gives for a search, one line
 * each, so that tests/e2e_library.sh can hold them against mzsearch --json:
 *     lib_fields INDEX MODE QUERY   (MODE: page, count, files, facets) */
#include <mzsearch.h>

#include <stdio.h>
#include <string.h>

static void list(const char *name, const char *const *v, size_t n)
{
    printf("%s", name);
    for (size_t i = 0; i < n; i++)
        printf("%s%s", i ? "|" : "=", v[i]);
    printf("\n");
}

static void result(const mz_result_t *r)
{
    printf("rank=%lu\npath=%s\ntitle=%s\n", r->rank, r->path, r->title);
    list("section", r->section, r->nsection);
    printf("kind=%s\nline_start=%lu\nline_end=%lu\ncolumn=%lu\n", r->kind,
           r->line_start, r->line_end, r->column);
    printf("byte_start=%lu\nbyte_end=%lu\nsnippet=%s\nhighlights", r->byte_start,
           r->byte_end, r->snippet);
    for (size_t i = 0; i < r->nhighlights; i++)
        printf("%s%zu-%zu", i ? "|" : "=", r->highlights[i].start,
               r->highlights[i].end);
    printf("\ntext=%s\n", r->text);
    list("matched", r->matched, r->nmatched);
    printf("literal=%s\nvia=%s\nyear=%lu\ntype=%s\nalso_in", r->literal ?
           "true" : "false", r->via, r->year, r->type);
    for (size_t i = 0; i < r->nalso_in; i++)
        printf("%s%s:%lu:%lu", i ? "|" : "=", r->also_in[i].path,
               r->also_in[i].line_start, r->also_in[i].column);
    printf("\n");
}

int main(int argc, char **argv)
{
    const char *paths[1] = {argv[1]};
    mz_db_t *db;
    mz_results_t *res;
    mz_search_options_t o;
    if (argc != 4 || mz_db_open(paths, 1, &db, NULL) != MZ_STATUS_OK)
        return 2;
    mz_search_options_init(&o);
    o.query = argv[3];
    o.mode = strcmp(argv[2], "count") == 0 ? MZ_SEARCH_COUNT
             : strcmp(argv[2], "files") == 0 ? MZ_SEARCH_FILES
                                             : MZ_SEARCH_PAGE;
    o.facets = strcmp(argv[2], "facets") == 0;
    o.limit = 5;
    if (mz_search(db, &o, &res) != MZ_STATUS_OK) {
        fprintf(stderr, "%s\n", mz_db_error(db)->message);
        return 2;
    }
    if (o.mode == MZ_SEARCH_COUNT)
        printf("count=%lu\n", mz_results_count(res));
    for (size_t i = 0; i < mz_results_nfiles(res); i++)
        printf("%s\n", mz_results_file(res, i));
    static const char *const facets[] = {"kind", "year", "type", "file"};
    for (size_t f = 0; o.facets && f < 4; f++) {
        const mz_facet_t *v;
        size_t n = mz_results_facets(res, facets[f], &v);
        for (size_t i = 0; i < n; i++)
            printf("%s:%s=%lu\n", facets[f], v[i].value, v[i].count);
    }
    if (o.facets)
        printf("over=%lu\n", mz_results_faceted(res));
    mz_result_t r;
    if (o.mode == MZ_SEARCH_PAGE && !o.facets) {
        printf("total=%lu\ntotal_exact=%s\n", mz_results_total(res),
               mz_results_total_exact(res) ? "true" : "false");
        for (size_t i = 0; mz_results_get(res, i, &r) == MZ_STATUS_OK; i++)
            result(&r);
    }
    mz_results_free(res);
    mz_db_close(db);
    return 0;
}
