/* serve.c — mzsearch --serve: the daemon (libmicrohttpd's pool of
 * threads), the database handles it searches with, and its stop. */
#include "serve.h"
#include "engine.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
    MAX_THREADS = 16,
    MEMORY_PER_CONNECTION = 16 * 1024, /* caps a request's line and headers */
    MAX_CONNECTIONS = 512,
    IDLE_TIMEOUT_S = 30,
    DRAIN_TIMEOUT_S = 30,               /* SIGTERM: in-flight requests' time */
    STUB_MAX = 4096
};

/* ---- the index's generation: what changes when mzindex commits or swaps */

static uint64_t mix(uint64_t h, uint64_t v)
{
    return (h ^ v) * 0x100000001b3ULL;
}

static uint64_t mix_stat(uint64_t h, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return mix(h, 1);
    h = mix(h, (uint64_t)st.st_ino);
    h = mix(h, (uint64_t)st.st_size);
    h = mix(h, (uint64_t)st.st_mtim.tv_sec);
    return mix(h, (uint64_t)st.st_mtim.tv_nsec);
}

/* An index folder: its stub (replaced by a rebuild's swap) and the version
 * file of each database it names (replaced by every commit). */
static uint64_t mix_index(uint64_t h, const char *dir)
{
    char path[PATH_MAX], stub[STUB_MAX + 1];
    snprintf(path, sizeof path, "%s/XAPIANDB", dir);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { /* a bare database */
        snprintf(path, sizeof path, "%s/iamglass", dir);
        return mix_stat(h, path);
    }
    ssize_t n = read(fd, stub, STUB_MAX);
    close(fd);
    h = mix_stat(h, path);
    stub[n > 0 ? n : 0] = '\0';
    char *save;
    for (char *line = strtok_r(stub, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save))
        if (strncmp(line, "auto ", 5) == 0) {
            snprintf(path, sizeof path, "%s/%s/iamglass", dir, line + 5);
            h = mix_stat(h, path);
        }
    return h;
}

/* The generation of every local index db searches (remote shards are
 * their servers' to keep fresh). */
static uint64_t generation(const mz_db_t *db)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < db->sh.n; i++)
        if (!db->sh.v[i].remote)
            h = mix_index(h, db->sh.v[i].spec);
    return h | 1; /* 0 stands for "reopen" */
}

/* ---- the handles ------------------------------------------------------ */

static mz_status_t slot_open(mz_server_t *s, mz_slot_t *slot,
                             mz_error_t *why)
{
    mz_db_t *db = NULL;
    uint64_t before = slot->db ? generation(slot->db) : 0;
    mz_status_t st = mz_db_open((const char *const *)s->opt->index_opt,
                                (size_t)s->opt->nindex, &db, why);
    if (st != MZ_STATUS_OK)
        return st;
    mz_db_close(slot->db);
    slot->db = db;
    /* taken before the opening when it can be: a commit in between is then
     * seen by the next request */
    slot->gen = before ? before : generation(db);
    return MZ_STATUS_OK;
}

mz_slot_t *mz_server_acquire(mz_server_t *s, int fresh, mz_status_t *st,
                             mz_error_t *why)
{
    pthread_mutex_lock(&s->mu);
    unsigned start = s->next++ % s->nslots;
    pthread_mutex_unlock(&s->mu);
    mz_slot_t *slot = NULL;
    for (unsigned k = 0; k < s->nslots && !slot; k++) {
        mz_slot_t *c = &s->slots[(start + k) % s->nslots];
        if (pthread_mutex_trylock(&c->lock) == 0)
            slot = c;
    }
    if (!slot) {
        slot = &s->slots[start];
        pthread_mutex_lock(&slot->lock);
    }
    *st = MZ_STATUS_OK;
    if (fresh || !slot->db || generation(slot->db) != slot->gen) {
        *st = slot_open(s, slot, why);
        if (*st != MZ_STATUS_OK && slot->db) /* keep serving the old one */
            *st = MZ_STATUS_OK;
    }
    if (*st != MZ_STATUS_OK) {
        pthread_mutex_unlock(&slot->lock);
        return NULL;
    }
    return slot;
}

void mz_server_release(mz_slot_t *slot)
{
    if (slot)
        pthread_mutex_unlock(&slot->lock);
}

/* ---- the daemon ------------------------------------------------------- */

/* "[ADDR:]PORT" (ADDR an IPv4 address, a name, or [IPv6]) into *sa; a bare
 * PORT is 127.0.0.1's. */
static int parse_listen(const char *spec, struct sockaddr_storage *sa,
                        socklen_t *len, char *shown, size_t nshown)
{
    char host[256] = "127.0.0.1";
    const char *port = spec, *colon = strrchr(spec, ':');
    if (colon) {
        size_t n = (size_t)(colon - spec);
        if (n >= 2 && spec[0] == '[' && spec[n - 1] == ']')
            spec++, n -= 2;
        if (n == 0 || n >= sizeof host)
            return -1;
        memcpy(host, spec, n);
        host[n] = '\0';
        port = colon + 1;
    }
    char *end;
    long p = strtol(port, &end, 10);
    if (!*port || *end || p < 0 || p > 65535 || port[0] == '-' ||
        port[0] == '+' || port[0] == ' ')
        return -1;
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_NUMERICSERV}, *ai;
    if (getaddrinfo(host, port, &hints, &ai) != 0)
        return -1;
    memcpy(sa, ai->ai_addr, ai->ai_addrlen);
    *len = ai->ai_addrlen;
    freeaddrinfo(ai);
    snprintf(shown, nshown, sa->ss_family == AF_INET6 ? "[%s]" : "%s", host);
    return 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    mz_server_t *s = cls;
    if (!*con_cls) { /* counted until the answer is sent (on_done) */
        pthread_mutex_lock(&s->mu);
        s->inflight++;
        pthread_mutex_unlock(&s->mu);
        *con_cls = s;
        /* a good request is answered on the next call, once it has been
         * read (an answer queued on the first call closes the connection,
         * as it should for the others: no body is ever read) */
        if (!mz_api_acceptable(s, c, method))
            return mz_api_answer(s, c, url, method) ? MHD_YES : MHD_NO;
        return MHD_YES;
    }
    if (*upload_size) { /* cannot be: a request with a body is refused */
        *upload_size = 0;
        return MHD_YES;
    }
    return mz_api_answer(s, c, url, method) ? MHD_YES : MHD_NO;
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
                    enum MHD_RequestTerminationCode toe)
{
    mz_server_t *s = cls;
    if (!*con_cls)
        return;
    *con_cls = NULL;
    pthread_mutex_lock(&s->mu);
    if (--s->inflight == 0)
        pthread_cond_broadcast(&s->idle);
    pthread_mutex_unlock(&s->mu);
}

static unsigned pool_size(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    const char *env = getenv("MZSEARCH_THREADS");
    if (env && atol(env) > 0)
        n = atol(env);
    return n < 2 ? 2 : n > MAX_THREADS ? MAX_THREADS : (unsigned)n;
}

static struct MHD_Daemon *start(mz_server_t *s, const struct sockaddr *sa)
{
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                     MHD_USE_ITC | (sa->sa_family == AF_INET6
                                        ? MHD_USE_IPv6 : 0);
    return s->mhd.start_daemon(
        flags, 0, NULL, NULL, on_request, s,
        MHD_OPTION_SOCK_ADDR, sa,
        MHD_OPTION_THREAD_POOL_SIZE, s->threads,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)MEMORY_PER_CONNECTION,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_TIMEOUT_S,
        MHD_OPTION_NOTIFY_COMPLETED, on_done, s,
        MHD_OPTION_END);
}

/* SIGTERM: take no new connection, let the requests in flight be
 * answered (for at most DRAIN_TIMEOUT_S), then stop. */
static void drain(mz_server_t *s, struct MHD_Daemon *d)
{
    MHD_socket fd = s->mhd.quiesce_daemon(d);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += DRAIN_TIMEOUT_S;
    pthread_mutex_lock(&s->mu);
    while (s->inflight > 0 &&
           pthread_cond_timedwait(&s->idle, &s->mu, &until) == 0)
        ;
    pthread_mutex_unlock(&s->mu);
    s->mhd.stop_daemon(d);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
}

#ifndef MZ_MHD_SONAME
#define MZ_MHD_SONAME "libmicrohttpd.so.12"
#endif

/* Load libmicrohttpd into s->mhd.  Returns 0, or -1 after the error line. */
static int mhd_load(mz_mhd_t *m)
{
    m->lib = dlopen(MZ_MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
    int ok = m->lib != NULL;
#define LOAD(name) \
    ok = ok && (*(void **)&m->name = dlsym(m->lib, "MHD_" #name)) != NULL
    LOAD(start_daemon);
    LOAD(stop_daemon);
    LOAD(quiesce_daemon);
    LOAD(get_daemon_info);
    LOAD(create_response_from_buffer);
    LOAD(add_response_header);
    LOAD(queue_response);
    LOAD(destroy_response);
    LOAD(get_connection_values);
    LOAD(get_connection_values_n);
    LOAD(lookup_connection_value);
#undef LOAD
    if (ok)
        return 0;
    mz_args_fail(MZ_OUT_TEXT, "internal", "--serve needs libmicrohttpd "
                 "(%s): %s; install the package libmicrohttpd12",
                 MZ_MHD_SONAME, dlerror());
    return -1;
}

static int server_init(mz_server_t *s, const options_t *opt)
{
    *s = (mz_server_t){.opt = opt, .threads = pool_size()};
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->idle, NULL);
    if (mhd_load(&s->mhd) < 0)
        return -1;
    s->nslots = s->threads;
    s->slots = calloc(s->nslots, sizeof *s->slots);
    if (!s->slots)
        return mz_args_fail(MZ_OUT_TEXT, "internal", "out of memory"), -1;
    for (unsigned i = 0; i < s->nslots; i++)
        pthread_mutex_init(&s->slots[i].lock, NULL);
    return 0;
}

static void server_free(mz_server_t *s)
{
    for (unsigned i = 0; s->slots && i < s->nslots; i++) {
        mz_db_close(s->slots[i].db);
        pthread_mutex_destroy(&s->slots[i].lock);
    }
    free(s->slots);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->idle);
    if (s->mhd.lib)
        dlclose(s->mhd.lib);
}

/* The first handle, opened now so that a wrong --index is said at once
 * (the server runs anyway: requests get 503 until there is an index). */
static void open_first(mz_server_t *s)
{
    mz_status_t st;
    mz_error_t why;
    mz_slot_t *slot = mz_server_acquire(s, 0, &st, &why);
    if (!slot)
        fprintf(stderr, "mzsearch: %s (serving anyway: searches answer 503 "
                "until the index can be opened)\n", why.message);
    mz_server_release(slot);
}

static int serve_until_signal(mz_server_t *s, const struct sockaddr *sa,
                              const char *host)
{
    sigset_t set;
    int sig;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* the pool's threads inherit it */
    signal(SIGPIPE, SIG_IGN);
    struct MHD_Daemon *d = start(s, sa);
    if (!d)
        return mz_args_fail(MZ_OUT_TEXT, "bad_option", "--serve %s: cannot "
                            "listen there (%s); give a free port, or an "
                            "address of this machine", s->opt->serve,
                            strerror(errno ? errno : EADDRINUSE));
    const union MHD_DaemonInfo *info =
        s->mhd.get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    fprintf(stderr, "mzsearch: serving http://%s:%u/ with %u threads; stop "
            "with Ctrl-C or SIGTERM\n", host, info ? info->port : 0,
            s->threads);
    while (sigwait(&set, &sig) != 0)
        ;
    drain(s, d);
    return 0;
}

int mz_serve(const options_t *opt)
{
    struct sockaddr_storage sa;
    socklen_t salen;
    char host[300];
    mz_server_t s;
    if (parse_listen(opt->serve, &sa, &salen, host, sizeof host) < 0)
        return mz_args_fail(MZ_OUT_TEXT, "bad_option", "--serve takes "
                            "[ADDR:]PORT (8080, 127.0.0.1:8080, "
                            "[::1]:8080), not '%s'", opt->serve);
    if (server_init(&s, opt) < 0) {
        server_free(&s);
        return EXIT_ERROR;
    }
    open_first(&s);
    int rc = serve_until_signal(&s, (const struct sockaddr *)&sa, host);
    server_free(&s);
    return rc;
}
