/* serve.h — mzsearch --serve: a web page and a JSON API over HTTP
 * (libmicrohttpd), answered from databases kept open.
 *
 * serve.c runs the daemon: the address, the pool of threads, a database
 * handle per thread (a Xapian database is not thread-safe), reopened when
 * mzindex changed the index, and a clean stop on SIGTERM.  serve_api.c
 * answers the requests: the page's files, /api/search (the document
 * mzsearch --json prints, from the same builder), /api/passage and
 * /api/status. */
#ifndef MZ_SERVE_H
#define MZ_SERVE_H

#include "args.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdint.h>

/* libmicrohttpd's functions, loaded (dlopen) when --serve starts: a
 * search does not pay for loading it and GnuTLS under it at every start. */
typedef struct {
    void *lib;
    __typeof__(&MHD_start_daemon) start_daemon;
    __typeof__(&MHD_stop_daemon) stop_daemon;
    __typeof__(&MHD_quiesce_daemon) quiesce_daemon;
    __typeof__(&MHD_get_daemon_info) get_daemon_info;
    __typeof__(&MHD_create_response_from_buffer) create_response_from_buffer;
    __typeof__(&MHD_add_response_header) add_response_header;
    __typeof__(&MHD_queue_response) queue_response;
    __typeof__(&MHD_destroy_response) destroy_response;
    __typeof__(&MHD_get_connection_values) get_connection_values;
    __typeof__(&MHD_get_connection_values_n) get_connection_values_n;
    __typeof__(&MHD_lookup_connection_value) lookup_connection_value;
} mz_mhd_t;

/* A database handle, used by one request at a time. */
typedef struct {
    pthread_mutex_t lock;
    mz_db_t *db;        /* NULL until an index could be opened */
    uint64_t gen;       /* the index's generation when db was opened */
} mz_slot_t;

typedef struct {
    const options_t *opt;  /* --index, --thesaurus ...: every request's */
    mz_slot_t *slots;
    unsigned nslots, threads;
    unsigned next;         /* where the next request looks for a slot */
    pthread_mutex_t mu;    /* guards next, inflight */
    pthread_cond_t idle;   /* inflight fell to 0 */
    unsigned inflight;     /* requests begun and not yet sent */
    mz_mhd_t mhd;
} mz_server_t;

/* Run the server the options describe (opt->serve: [ADDR:]PORT) until
 * SIGTERM or SIGINT, then finish the requests in flight.  Returns the exit
 * status: 0 after a clean stop, EXIT_ERROR (after its line) when it cannot
 * start. */
int mz_serve(const options_t *opt);

/* A handle for one request, locked, with the live index open: *slot, or
 * NULL when no index can be opened (*st and *why say why; a
 * handle that was open stays in use when only the reopening fails).  With
 * fresh set, the handle is reopened whatever its generation (after a
 * failure that a swapped index can cause).  Release it with
 * mz_server_release. */
mz_slot_t *mz_server_acquire(mz_server_t *s, int fresh, mz_status_t *st,
                             mz_error_t *why);
void mz_server_release(mz_slot_t *slot);

/* serve_api.c: the answer to a request (1, or 0 when it could not be
 * queued); and whether a request may be read to its end before it is
 * answered (a GET or HEAD without a body: anything else is refused). */
int mz_api_acceptable(mz_server_t *s, struct MHD_Connection *c,
                      const char *method);
int mz_api_answer(mz_server_t *s, struct MHD_Connection *c, const char *url,
                  const char *method);

#endif
