/* serve_api.c — what mzsearch --serve answers: the page's three files
 * (compiled in: query/web/), and the JSON API.  Read-only: GET and HEAD
 * only; every request's parameters checked and capped; every answer with
 * a Content-Security-Policy that allows no inline script and nosniff.
 * /api/search sends the document mzsearch --json prints, from the same
 * builder (print.c); no request path ever reaches the file system. */
#include "serve.h"
#include "clock.h"
#include "engine.h"
#include "indexdir.h"
#include "kind.h"
#include "print.h"
#include "version.h"

#include <cJSON.h>
#include <errno.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A request: its connection, and libmicrohttpd's functions (serve.c). */
typedef struct {
    const mz_mhd_t *m;
    struct MHD_Connection *conn;
} req_t;

/* The page (generated from query/web/ by the Makefile). */
extern const char mz_web_index_html[], mz_web_app_js[], mz_web_style_css[];

enum { MAX_QUERY_BYTES = 4096, MAX_LIMIT = 100, MAX_OFFSET = 10000,
       MAX_CONTEXT = 20, DEFAULT_CONTEXT = 3, NAME_SHOWN = 64 };

static const char csp[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self'; connect-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

static const char json_type[] = "application/json; charset=utf-8";

static int send_body(const req_t *c, unsigned status,
                     const char *type, char *body, size_t len, int owned)
{
    const mz_mhd_t *m = c->m;
    struct MHD_Response *r = m->create_response_from_buffer(
        len, body, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        if (owned)
            free(body);
        return 0;
    }
    m->add_response_header(r, "Content-Type", type);
    m->add_response_header(r, "Content-Security-Policy", csp);
    m->add_response_header(r, "X-Content-Type-Options", "nosniff");
    m->add_response_header(r, "Referrer-Policy", "no-referrer");
    m->add_response_header(r, "X-Frame-Options", "DENY");
    m->add_response_header(r, "Cache-Control", "no-store");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        m->add_response_header(r, "Allow", "GET, HEAD");
    int ok = m->queue_response(c->conn, status, r) == MHD_YES;
    m->destroy_response(r);
    return ok;
}

/* A JSON document (malloc'd, taken over) and its closing newline, as
 * mzsearch prints it. */
static int send_json(const req_t *c, unsigned status, char *doc)
{
    static char nomem[] = "{\"version\":1,\"error\":{\"code\":\"internal\","
                          "\"message\":\"out of memory\"}}\n";
    size_t n = doc ? strlen(doc) : 0;
    char *t = doc ? realloc(doc, n + 2) : NULL;
    if (!t) {
        free(doc);
        return send_body(c, MHD_HTTP_INTERNAL_SERVER_ERROR, json_type, nomem,
                         sizeof nomem - 1, 0);
    }
    memcpy(t + n, "\n", 2);
    return send_body(c, status, json_type, t, n + 1, 1);
}

static int send_error(const req_t *c, unsigned status,
                      const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int send_error(const req_t *c, unsigned status,
                      const char *code, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return send_json(c, status, mz_print_error_json(code, msg));
}

/* The HTTP status of a failed search: the request's fault, ours, or the
 * index's (not there, being repaired: try again later). */
static unsigned http_status(mz_status_t st)
{
    switch (st) {
    case MZ_STATUS_BAD_QUERY: case MZ_STATUS_EMPTY_QUERY:
    case MZ_STATUS_NOTHING_SEARCHABLE: case MZ_STATUS_BAD_ARGUMENT:
        return MHD_HTTP_BAD_REQUEST;
    case MZ_STATUS_NOMEM: case MZ_STATUS_INTERNAL:
        return MHD_HTTP_INTERNAL_SERVER_ERROR;
    default:
        return MHD_HTTP_SERVICE_UNAVAILABLE;
    }
}

/* A failure the request did not cause (the index swapped or changed under
 * the handle, a file of it gone): worth one more try on a reopened one. */
static int retryable(mz_status_t st)
{
    return http_status(st) == MHD_HTTP_SERVICE_UNAVAILABLE ||
           st == MZ_STATUS_INTERNAL;
}

/* ---- parameters --------------------------------------------------------- */

typedef struct {
    const char *const *known;
    char unknown[NAME_SHOWN + 1];
} params_t;

static enum MHD_Result note_unknown(void *cls, enum MHD_ValueKind kind,
                                    const char *key, const char *value)
{
    params_t *p = cls;
    for (size_t i = 0; p->known[i]; i++)
        if (strcmp(key, p->known[i]) == 0)
            return MHD_YES;
    snprintf(p->unknown, sizeof p->unknown, "%s", key);
    return MHD_NO;
}

/* The first parameter of the request not in known, or NULL. */
static const char *unknown_param(const req_t *c,
                                 const char *const *known, params_t *p)
{
    p->known = known;
    p->unknown[0] = '\0';
    c->m->get_connection_values(c->conn, MHD_GET_ARGUMENT_KIND, note_unknown,
                                p);
    return p->unknown[0] ? p->unknown : NULL;
}

/* A parameter whose name or value holds a NUL byte (%00): libmicrohttpd
 * hands its value cut at the NUL, so q=四%00风 would search for 四. */
static enum MHD_Result note_nul(void *cls, enum MHD_ValueKind kind,
                                const char *key, size_t key_size,
                                const char *value, size_t value_size)
{
    (void)kind;
    if (strlen(key) == key_size && (!value || strlen(value) == value_size))
        return MHD_YES;
    snprintf(cls, NAME_SHOWN + 1, "%s", *key ? key : "%00"); /* never "" */
    return MHD_NO;
}

/* The first parameter of the request holding a NUL byte into name, or 0. */
static int nul_param(const req_t *c, char name[NAME_SHOWN + 1])
{
    name[0] = '\0';
    c->m->get_connection_values_n(c->conn, MHD_GET_ARGUMENT_KIND, note_nul,
                                  name);
    return name[0] != '\0';
}

static const char *arg(const req_t *c, const char *name)
{
    return c->m->lookup_connection_value(c->conn, MHD_GET_ARGUMENT_KIND, name);
}

/* Parameter name as a number in [0, max] into *v (left alone when absent).
 * Returns 0, or -1 after the error answer went (*sent). */
static int number_arg(const req_t *c, const char *name,
                      unsigned long max, unsigned long *v, int *sent)
{
    const char *s = arg(c, name);
    char *end;
    if (!s)
        return 0;
    errno = 0;
    unsigned long x = strtoul(s, &end, 10);
    if (*s >= '0' && *s <= '9' && !*end && !errno && x <= max) {
        *v = x;
        return 0;
    }
    *sent = send_error(c, MHD_HTTP_BAD_REQUEST, "bad_option", "%s takes a "
                       "number from 0 to %lu, not '%.*s'", name, max,
                       NAME_SHOWN, s);
    return -1;
}

static int flag_arg(const req_t *c, const char *name, int *v,
                    int *sent)
{
    const char *s = arg(c, name);
    if (!s)
        return 0;
    if (!*s || !strcmp(s, "1") || !strcmp(s, "true") || !strcmp(s, "on"))
        *v = 1;
    else if (!strcmp(s, "0") || !strcmp(s, "false") || !strcmp(s, "off"))
        *v = 0;
    else {
        *sent = send_error(c, MHD_HTTP_BAD_REQUEST, "bad_option", "%s takes "
                           "1 or 0, not '%.*s'", name, NAME_SHOWN, s);
        return -1;
    }
    return 0;
}

/* Scope (as mzsearch's --genre, --glob, --path; a path relative to each
 * indexed root): checked by the library (an unknown genre is
 * bad_option). */
static void scope_args(const req_t *c, options_t *o)
{
    const char *genre = arg(c, "genre"), *glob = arg(c, "glob");
    const char *path = arg(c, "path");
    if (genre && *genre && o->ngenres < MAX_SCOPE)
        o->genres[o->ngenres++] = genre;
    if (glob && *glob && o->nglobs < MAX_SCOPE)
        o->globs[o->nglobs++] = glob;
    if (path && *path && o->npaths < MAX_SCOPE) /* never freed: a copy */
        o->paths[o->npaths++] = (char *)path;
}

/* The filters (as mzsearch's --kind, --year, --type).  A filter is one
 * entry here and one in the page's FILTERS (query/web/app.js). */
static int filter_args(const req_t *c, options_t *o, int *sent)
{
    const char *kind = arg(c, "kind"), *type = arg(c, "type");
    if (kind && *kind && !mz_kind_valid(kind)) {
        *sent = send_error(c, MHD_HTTP_BAD_REQUEST, "bad_option", "kind "
                           "takes problems, causes, measures, progress or "
                           "other, not '%.*s'", NAME_SHOWN, kind);
        return -1;
    }
    o->kind = kind && *kind ? kind : NULL;
    if (type && *type && strcmp(type, "group") && strcmp(type, "personal")) {
        *sent = send_error(c, MHD_HTTP_BAD_REQUEST, "bad_option", "type "
                           "takes group or personal, not '%.*s'", NAME_SHOWN,
                           type);
        return -1;
    }
    o->type = !type || !*type ? 0
              : strcmp(type, "group") == 0 ? MZ_TYPE_GROUP : MZ_TYPE_PERSONAL;
    scope_args(c, o);
    return number_arg(c, "year", 9999, &o->year, sent);
}

/* ---- /api/search ---------------------------------------------------------- */

/* One job on a database handle: the JSON document of the answer in *doc,
 * or a status (the handle's error says why). */
typedef mz_status_t (*job_fn)(mz_db_t *db, const void *arg, char **doc);

/* Run job on a pooled handle and answer with its document.  A failure that
 * a reopened index may cure (an update or a rebuild swapped it meanwhile)
 * is tried once more on a fresh handle; refused(st) may answer a failure
 * itself (returning 1 after sending), else its error goes out. */
static int with_handle(mz_server_t *s, const req_t *c, job_fn job,
                       const void *arg,
                       int (*refused)(const req_t *c, mz_status_t st,
                                      const void *arg))
{
    for (int attempt = 0;; attempt++) {
        mz_status_t st;
        mz_error_t why;
        char *doc = NULL;
        mz_slot_t *slot = mz_server_acquire(s, attempt > 0, &st, &why);
        if (!slot)
            return send_error(c, http_status(st), why.code, "%s",
                              why.message);
        st = job(slot->db, arg, &doc);
        if (st == MZ_STATUS_OK) {
            mz_server_release(slot);
            return send_json(c, MHD_HTTP_OK, doc);
        }
        if (attempt == 0 && retryable(st)) {
            mz_server_release(slot);
            continue;
        }
        int r = refused && refused(c, st, arg)
                    ? 1
                    : send_error(c, http_status(st),
                                 mz_db_error(slot->db)->code, "%s",
                                 mz_db_error(slot->db)->message);
        mz_server_release(slot);
        return r;
    }
}

typedef struct {
    const mz_search_options_t *so;
    const char *query;
    double t0;
} search_job_t;

static mz_status_t search_job(mz_db_t *db, const void *arg, char **doc)
{
    const search_job_t *j = arg;
    mz_results_t *res;
    mz_status_t st = mz_search_run(db, j->so, &res);
    if (st == MZ_STATUS_OK) {
        *doc = mz_print_page_json(res, j->query, j->t0);
        mz_results_free(res);
    }
    return st;
}

static int run_search(mz_server_t *s, const req_t *c,
                      const mz_search_options_t *so, const char *query)
{
    search_job_t j = {so, query, mz_clock_s()};
    return with_handle(s, c, search_job, &j, NULL);
}

static int api_search(mz_server_t *s, const req_t *c)
{
    static const char *const known[] = {"q", "n", "offset", "exact", "all",
                                        "kind", "year", "type", "genre",
                                        "glob", "path", NULL};
    params_t p;
    int sent = 0;
    if (unknown_param(c, known, &p))
        return send_error(c, MHD_HTTP_BAD_REQUEST, "bad_option", "unknown "
                          "parameter '%s'; /api/search takes q, n, offset, "
                          "exact, all, kind, year, type, genre, glob and "
                          "path", p.unknown);
    options_t o = *s->opt;
    const char *q = arg(c, "q");
    o.query = (char *)(q ? q : "");
    o.mode = MZ_OUT_JSON;
    o.limit = 10, o.offset = 0, o.exact = o.all = 0;
    if (strlen(o.query) > MAX_QUERY_BYTES)
        return send_error(c, MHD_HTTP_BAD_REQUEST, "bad_query", "the query "
                          "is %zu bytes long; at most %d", strlen(o.query),
                          MAX_QUERY_BYTES);
    if (number_arg(c, "n", MAX_LIMIT, &o.limit, &sent) < 0 ||
        number_arg(c, "offset", MAX_OFFSET, &o.offset, &sent) < 0 ||
        flag_arg(c, "exact", &o.exact, &sent) < 0 ||
        flag_arg(c, "all", &o.all, &sent) < 0 ||
        filter_args(c, &o, &sent) < 0)
        return sent;
    mz_search_options_t so;
    mz_args_search_options(&o, &so);
    return run_search(s, c, &so, o.query);
}

/* ---- /api/passage --------------------------------------------------------- */

static void add_line_fields(cJSON *o, const mz_passage_t *p)
{
    cJSON_AddNumberToObject(o, "line_start", (double)p->line_start);
    cJSON_AddNumberToObject(o, "line_end", (double)p->line_end);
    if (p->column)
        cJSON_AddNumberToObject(o, "column", (double)p->column);
    else
        cJSON_AddNullToObject(o, "column");
    cJSON_AddNumberToObject(o, "byte_start", (double)p->byte_start);
    cJSON_AddNumberToObject(o, "byte_end", (double)p->byte_end);
}

static char *passages_json(const mz_passages_t *ps)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "version", 1);
    cJSON_AddStringToObject(o, "path", mz_passages_path(ps));
    cJSON_AddStringToObject(o, "title", mz_passages_title(ps));
    cJSON_AddNumberToObject(o, "target", (double)mz_passages_target(ps));
    cJSON *arr = cJSON_AddArrayToObject(o, "passages");
    for (size_t i = 0; i < mz_passages_size(ps); i++) {
        const mz_passage_t *p = mz_passages_get(ps, i);
        cJSON *j = cJSON_CreateObject();
        add_line_fields(j, p);
        cJSON *sec = cJSON_AddArrayToObject(j, "section");
        for (size_t k = 0; k < p->nsection; k++)
            cJSON_AddItemToArray(sec, cJSON_CreateString(p->section[k]));
        cJSON_AddStringToObject(j, "kind", p->kind);
        cJSON_AddStringToObject(j, "text", p->text);
        cJSON_AddItemToArray(arr, j);
    }
    char *t = cJSON_Print(o);
    cJSON_Delete(o);
    return t;
}

typedef struct {
    const char *path;
    unsigned long byte, before, after;
} passage_job_t;

static mz_status_t passage_job(mz_db_t *db, const void *arg, char **doc)
{
    const passage_job_t *j = arg;
    mz_passages_t *ps;
    mz_status_t st = mz_db_passage(db, j->path, j->byte, j->before,
                                   j->after, &ps);
    if (st == MZ_STATUS_OK) {
        *doc = passages_json(ps);
        mz_passages_free(ps);
    }
    return st;
}

/* not found: said without the path (its bytes may not be text) */
static int passage_refused(const req_t *c, mz_status_t st, const void *arg)
{
    const passage_job_t *j = arg;
    if (st != MZ_STATUS_BAD_ARGUMENT)
        return 0;
    send_error(c, MHD_HTTP_NOT_FOUND, "not_found", "the index holds no "
               "passage of that path starting at byte %lu; take path and "
               "byte_start from a search result", j->byte);
    return 1;
}

static int run_passage(mz_server_t *s, const req_t *c,
                       const char *path, unsigned long byte,
                       unsigned long before, unsigned long after)
{
    passage_job_t j = {path, byte, before, after};
    return with_handle(s, c, passage_job, &j, passage_refused);
}

static int api_passage(mz_server_t *s, const req_t *c)
{
    static const char *const known[] = {"path", "byte", "before", "after",
                                        NULL};
    params_t p;
    int sent = 0;
    unsigned long byte = 0, before = DEFAULT_CONTEXT, after = DEFAULT_CONTEXT;
    if (unknown_param(c, known, &p))
        return send_error(c, MHD_HTTP_BAD_REQUEST, "bad_option", "unknown "
                          "parameter '%s'; /api/passage takes path, byte, "
                          "before and after", p.unknown);
    const char *path = arg(c, "path");
    if (!path || !*path || !arg(c, "byte"))
        return send_error(c, MHD_HTTP_BAD_REQUEST, "bad_option", "/api/"
                          "passage needs path and byte (a search result's "
                          "path and byte_start)");
    if (strlen(path) > MAX_QUERY_BYTES)
        return send_error(c, MHD_HTTP_BAD_REQUEST, "bad_option", "path is "
                          "longer than %d bytes", MAX_QUERY_BYTES);
    if (number_arg(c, "byte", (unsigned long)-1 >> 1, &byte, &sent) < 0 ||
        number_arg(c, "before", MAX_CONTEXT, &before, &sent) < 0 ||
        number_arg(c, "after", MAX_CONTEXT, &after, &sent) < 0)
        return sent;
    return run_passage(s, c, path, byte, before, after);
}

/* ---- /api/status ---------------------------------------------------------- */

/* What the open database holds: its passages, and when mzindex last
 * updated it (of the first index, as the metadata of shards is read). */
static void add_counts(cJSON *o, mz_db_t *db)
{
    char *val = NULL, when[32] = "";
    size_t len;
    cJSON_AddNumberToObject(o, "passages", (double)mz_passages(db->x));
    if (mzx_db_get_meta(db->x, MZ_META_UPDATED, &val, &len) == MZX_OK &&
        val) {
        time_t t = (time_t)strtoll(val, NULL, 10);
        struct tm tm;
        if (t > 0 && gmtime_r(&t, &tm))
            strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    }
    free(val);
    if (*when)
        cJSON_AddStringToObject(o, "updated", when);
    else
        cJSON_AddNullToObject(o, "updated");
}

static int api_status(mz_server_t *s, const req_t *c)
{
    mz_status_t st;
    mz_error_t why;
    mz_slot_t *slot = mz_server_acquire(s, 0, &st, &why);
    if (!slot) {
        return send_error(c, http_status(st), why.code, "%s", why.message);
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "version", 1);
    cJSON_AddBoolToObject(o, "ok", 1);
    cJSON_AddStringToObject(o, "mzsearch", MZ_VERSION);
    cJSON_AddNumberToObject(o, "threads", s->threads);
    cJSON *arr = cJSON_AddArrayToObject(o, "indexes");
    for (size_t i = 0; i < slot->db->sh.n; i++)
        cJSON_AddItemToArray(arr,
                             cJSON_CreateString(slot->db->sh.v[i].spec));
    add_counts(o, slot->db);
    mz_server_release(slot);
    char *t = cJSON_Print(o);
    cJSON_Delete(o);
    return send_json(c, MHD_HTTP_OK, t);
}

/* ---- the routes ----------------------------------------------------------- */

static int send_static(const req_t *c, const char *type,
                       const char *body)
{
    return send_body(c, MHD_HTTP_OK, type, (char *)body, strlen(body), 0);
}

static int read_only(const char *method)
{
    return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

static int has_body(const req_t *c)
{
    const char *len = c->m->lookup_connection_value(c->conn, MHD_HEADER_KIND,
                                                    "Content-Length");
    return (len && strcmp(len, "0") != 0) ||
           c->m->lookup_connection_value(c->conn, MHD_HEADER_KIND,
                                         "Transfer-Encoding");
}

int mz_api_acceptable(mz_server_t *s, struct MHD_Connection *conn,
                      const char *method)
{
    req_t r = {&s->mhd, conn};
    return read_only(method) && !has_body(&r);
}

int mz_api_answer(mz_server_t *s, struct MHD_Connection *conn,
                  const char *url, const char *method)
{
    req_t r = {&s->mhd, conn}, *c = &r;
    if (!read_only(method))
        return send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED,
                          "method_not_allowed", "%.16s: the server is "
                          "read-only; use GET", method);
    if (has_body(c))
        return send_error(c, MHD_HTTP_BAD_REQUEST, "bad_option", "a request "
                          "with a body; the API takes GET parameters only");
    if (strcmp(url, "/") == 0 || strcmp(url, "/index.html") == 0)
        return send_static(c, "text/html; charset=utf-8", mz_web_index_html);
    if (strcmp(url, "/app.js") == 0)
        return send_static(c, "text/javascript; charset=utf-8",
                           mz_web_app_js);
    if (strcmp(url, "/style.css") == 0)
        return send_static(c, "text/css; charset=utf-8", mz_web_style_css);
    char nul[NAME_SHOWN + 1];
    if (strncmp(url, "/api/", 5) == 0 && nul_param(c, nul))
        return send_error(c, MHD_HTTP_BAD_REQUEST, strcmp(nul, "q") == 0
                          ? "bad_query" : "bad_option", "parameter '%s' "
                          "holds a NUL byte (%%00); send text without it",
                          nul);
    if (strcmp(url, "/api/search") == 0)
        return api_search(s, c);
    if (strcmp(url, "/api/passage") == 0)
        return api_passage(s, c);
    if (strcmp(url, "/api/status") == 0)
        return api_status(s, c);
    return send_error(c, MHD_HTTP_NOT_FOUND, "not_found", "no such page; "
                      "the API is /api/search, /api/passage and /api/status");
}
