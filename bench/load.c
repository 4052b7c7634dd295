/* load.c — the bench's load client for mzsearch --serve.
 *
 *   mzload HOST PORT CLIENTS SECONDS QUERY...
 *
 * CLIENTS threads, each on one keep-alive connection, ask GET
 * /api/search?q=QUERY for the queries in turn (each thread starting at
 * another one) for SECONDS after a short warm-up, and time every answer.
 * Prints one JSON object: requests, errors (non-200 or broken answers),
 * the throughput, the latency a client sees (p50, p99, ms), and the
 * search time the server reports in each answer (elapsed_ms: p50, p99). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { BUF = 1 << 20, WARMUP_MS = 300 };

typedef struct {
    const char *host;
    int port;
    char **paths;         /* the request paths, URL-encoded */
    int npaths, first;
    double until, warm;   /* the end of the run; the end of the warm-up */
    double *lat, *srv;    /* ms, per answer timed */
    size_t n, cap;
    unsigned long errors;
} client_t;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *encode(const char *q)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = malloc(strlen(q) * 3 + 32), *p = out;
    p += sprintf(p, "/api/search?q=");
    for (const unsigned char *s = (const unsigned char *)q; *s; s++) {
        if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
            (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.') {
            *p++ = (char)*s;
        } else {
            *p++ = '%';
            *p++ = hex[*s >> 4];
            *p++ = hex[*s & 15];
        }
    }
    *p = '\0';
    return out;
}

static int connect_to(const client_t *c)
{
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons((unsigned short)c->port)};
    int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);
    inet_pton(AF_INET, c->host, &sa.sin_addr);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* One request and its whole answer on fd: the HTTP status (0: broken),
 * the server's elapsed_ms into *srv (-1 when absent). */
static int ask(int fd, const client_t *c, const char *path, char *buf,
               double *srv)
{
    char req[8192];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n",
                     path, c->host);
    if (write(fd, req, (size_t)n) != n)
        return 0;
    size_t have = 0, need = 0;
    char *body = NULL;
    while (!body || have < need) {
        ssize_t r = read(fd, buf + have, BUF - 1 - have);
        if (r <= 0)
            return 0;
        have += (size_t)r;
        buf[have] = '\0';
        char *end = body ? NULL : strstr(buf, "\r\n\r\n");
        if (end) {
            char *cl = strcasestr(buf, "\r\nContent-Length:");
            if (!cl || cl > end)
                return 0;
            body = end + 4;
            need = (size_t)(body - buf) + strtoul(cl + 17, NULL, 10);
            if (need >= BUF)
                return 0;
        }
    }
    char *e = strstr(body, "\"elapsed_ms\":");
    *srv = e ? strtod(e + 13, NULL) : -1;
    return atoi(buf + 9);
}

static void keep(client_t *c, double lat, double srv)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 4096;
        c->lat = realloc(c->lat, c->cap * sizeof *c->lat);
        c->srv = realloc(c->srv, c->cap * sizeof *c->srv);
    }
    c->lat[c->n] = lat;
    c->srv[c->n++] = srv;
}

static void *run(void *arg)
{
    client_t *c = arg;
    char *buf = malloc(BUF);
    int fd = connect_to(c);
    for (int i = c->first; now() < c->until; i++) {
        double t0 = now(), srv;
        if (fd < 0 && (fd = connect_to(c)) < 0) {
            c->errors++;
            usleep(1000);
            continue;
        }
        int status = ask(fd, c, c->paths[i % c->npaths], buf, &srv);
        double t1 = now();
        if (status != 200) {
            close(fd);
            fd = -1;
        }
        if (t0 < c->warm)
            continue;
        if (status != 200)
            c->errors++;
        else
            keep(c, (t1 - t0) * 1e3, srv);
    }
    if (fd >= 0)
        close(fd);
    free(buf);
    return NULL;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double pct(double *v, size_t n, double q)
{
    if (!n)
        return -1;
    size_t i = (size_t)(q * (double)(n - 1) + 0.5);
    return v[i];
}

int main(int argc, char **argv)
{
    if (argc < 6) {
        fputs("usage: mzload HOST PORT CLIENTS SECONDS QUERY...\n", stderr);
        return 2;
    }
    int clients = atoi(argv[3]), npaths = argc - 5;
    double seconds = atof(argv[4]);
    char **paths = calloc((size_t)npaths, sizeof *paths);
    for (int i = 0; i < npaths; i++)
        paths[i] = encode(argv[5 + i]);
    client_t *c = calloc((size_t)clients, sizeof *c);
    pthread_t *t = calloc((size_t)clients, sizeof *t);
    double start = now();
    for (int i = 0; i < clients; i++) {
        c[i] = (client_t){.host = argv[1], .port = atoi(argv[2]),
                          .paths = paths, .npaths = npaths, .first = i,
                          .warm = start + WARMUP_MS / 1e3,
                          .until = start + WARMUP_MS / 1e3 + seconds};
        pthread_create(&t[i], NULL, run, &c[i]);
    }
    size_t n = 0;
    unsigned long errors = 0;
    for (int i = 0; i < clients; i++) {
        pthread_join(t[i], NULL);
        n += c[i].n;
        errors += c[i].errors;
    }
    double *lat = malloc((n ? n : 1) * sizeof *lat);
    double *srv = malloc((n ? n : 1) * sizeof *srv);
    size_t k = 0;
    for (int i = 0; i < clients; i++) {
        memcpy(lat + k, c[i].lat, c[i].n * sizeof *lat);
        memcpy(srv + k, c[i].srv, c[i].n * sizeof *srv);
        k += c[i].n;
    }
    qsort(lat, n, sizeof *lat, cmp);
    qsort(srv, n, sizeof *srv, cmp);
    printf("{\"clients\":%d,\"seconds\":%.2f,\"requests\":%zu,\"errors\":%lu,"
           "\"qps\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,"
           "\"server_p50_ms\":%.3f,\"server_p99_ms\":%.3f}\n",
           clients, seconds, n, errors, (double)n / seconds,
           pct(lat, n, 0.5), pct(lat, n, 0.99), pct(srv, n, 0.5),
           pct(srv, n, 0.99));
    return 0;
}
