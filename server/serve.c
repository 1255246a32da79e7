/*
 * serve.c: `newsgraph serve`. A libmicrohttpd daemon with a thread pool
 * answers GET requests from read-only store handles: /api/v1/ (api.c)
 * and the web UI's files (web.c). Loopback only unless --allow-remote;
 * every response carries a Content-Security-Policy with no inline
 * script; one access-log line per request goes to stderr; SIGTERM or
 * SIGINT stops it cleanly.
 */
#include "cli.h"
#include "server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef NG_SOURCE_WEB /* set by the Makefile: the source tree's web/ */
#define NG_SOURCE_WEB "web"
#endif

#define URL_MAX 4096
#define RESPONSE_MAX (32u << 20)

static const char serve_usage[] =
    "usage: newsgraph serve [--db PATH] [--port 8080] [--bind 127.0.0.1] [options]\n"
    "\n"
    "Serves a newsgraph store, read-only: the JSON API under /api/v1/\n"
    "(docs/api.md) and the web UI (map, timeline, articles, entities) at /.\n"
    "\n"
    "options:\n"
    "  --db PATH               the database (default ./newsgraph.db)\n"
    "  --port N                TCP port (default 8080; 0: any free port)\n"
    "  --bind ADDR             IPv4 or IPv6 address (default 127.0.0.1)\n"
    "  --allow-remote          allow an address other than loopback\n"
    "  --threads N             worker threads (default 4)\n"
    "  --web DIR               the web UI's files (default: share/newsgraph/web\n"
    "                          next to the program, else the source tree's web/)\n"
    "  --query-timeout-ms N    give up a query after N ms (default 2000)\n"
    "Logs one line per request to stderr. SIGTERM or SIGINT stops it.\n";

static const char *const security_headers[][2] = {
    {"Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
};

ng_store *sv_pool_take(sv_pool *p)
{
    pthread_mutex_lock(&p->lock);
    while (!p->free_count) pthread_cond_wait(&p->available, &p->lock);
    ng_store *s = p->free_list[--p->free_count];
    pthread_mutex_unlock(&p->lock);
    return s;
}

void sv_pool_give(sv_pool *p, ng_store *s)
{
    pthread_mutex_lock(&p->lock);
    p->free_list[p->free_count++] = s;
    pthread_cond_signal(&p->available);
    pthread_mutex_unlock(&p->lock);
}

/* The log's copy of a URL: printable ASCII, the rest as \xNN (no forged lines). */
static void log_safe(const char *s, char *out, size_t size)
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && o + 5 < size; p++) {
        if (*p >= 0x20 && *p < 0x7F && *p != '"' && *p != '\\') out[o++] = (char)*p;
        else o += (size_t)snprintf(out + o, size - o, "\\x%02x", *p);
    }
    out[o] = 0;
}

static void access_log(struct MHD_Connection *c, const char *method, const char *url, int status, size_t bytes,
                       const struct timespec *t0)
{
    char ip[64] = "-", safe_url[600], when[32];
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET) inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, ip, sizeof ip);
        else if (sa->sa_family == AF_INET6) inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, ip, sizeof ip);
    }
    log_safe(url, safe_url, sizeof safe_url);
    char safe_method[40];
    log_safe(method, safe_method, sizeof safe_method);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    double ms = cli_seconds_since(t0) * 1000.0;
    fprintf(stderr, "%s %s \"%s %s\" %d %zu %.1fms\n", when, ip, safe_method, safe_url, status, bytes, ms);
}

static enum MHD_Result send_response(struct MHD_Connection *c, struct MHD_Response *resp, int status, const char *type,
                            bool no_store)
{
    if (!resp) return MHD_NO;
    for (size_t i = 0; i < sizeof security_headers / sizeof *security_headers; i++)
        MHD_add_response_header(resp, security_headers[i][0], security_headers[i][1]);
    if (type) MHD_add_response_header(resp, "Content-Type", type);
    MHD_add_response_header(resp, "Cache-Control", no_store ? "no-store" : "no-cache");
    enum MHD_Result r = MHD_queue_response(c, (unsigned)status, resp);
    MHD_destroy_response(resp);
    return r;
}

static enum MHD_Result send_json(struct MHD_Connection *c, int status, sv_buf *body)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(body->len, body->data, MHD_RESPMEM_MUST_FREE);
    if (resp) body->data = NULL;
    return send_response(c, resp, status, "application/json; charset=utf-8", true);
}

static enum MHD_Result error_json(struct MHD_Connection *c, int status, const char *message, size_t *bytes)
{
    sv_buf b = {0};
    sv_adds(&b, "{\"error\":");
    sv_json_string(&b, message);
    sv_adds(&b, "}");
    *bytes = b.len;
    enum MHD_Result r = send_json(c, status, &b);
    free(b.data);
    return r;
}

static char headers_seen; /* *con_cls of a request whose headers were announced */

/* A request with a body, or of another method, is refused at its first
 * call, before any body is read, so MHD never reads one (and closes the
 * connection after the answer). A GET or HEAD without a body is answered
 * at its second call, as MHD expects: answered at the first, MHD closes
 * the connection after every response, and a client pays a new
 * connection per request (in bench/serve.sh, a third of the server's time
 * went to unmapping each connection's memory pool). */
static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    const sv_config *cfg = cls;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int status = 200;
    size_t bytes = 0;
    enum MHD_Result r;
    const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    const char *chunked = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
    bool bodiless_get = (!strcmp(method, "GET") || !strcmp(method, "HEAD")) && !(length && strcmp(length, "0") != 0) &&
                        !chunked && !*upload_data_size;
    if (bodiless_get && *con_cls != &headers_seen) {
        *con_cls = &headers_seen;
        return MHD_YES;
    }
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        r = error_json(c, status = 405, "only GET and HEAD", &bytes);
    } else if ((length && strcmp(length, "0") != 0) || chunked || (*upload_data_size && upload_data)) {
        r = error_json(c, status = 413, "requests have no body", &bytes);
    } else if (strlen(url) > URL_MAX) {
        r = error_json(c, status = 414, "URL too long", &bytes);
    } else if (!strncmp(url, "/api/v1/", 8)) {
        sv_buf body = {.max = RESPONSE_MAX};
        status = sv_api(cfg, c, url + 8, &body);
        bytes = body.len;
        r = send_json(c, status, &body);
        free(body.data);
    } else if (!strncmp(url, "/api/", 5)) {
        r = error_json(c, status = 404, "no such endpoint (docs/api.md)", &bytes);
    } else {
        int fd = -1;
        size_t size = 0;
        const char *type = NULL;
        status = sv_web_open(cfg, url, &fd, &size, &type);
        if (status == 200) {
            struct MHD_Response *resp = MHD_create_response_from_fd(size, fd);
            if (!resp) close(fd);
            bytes = size;
            r = send_response(c, resp, status, type, false);
        } else {
            r = error_json(c, status, status == 400 ? "bad path" : "not found", &bytes);
        }
    }
    (void)version, (void)con_cls;
    access_log(c, method, url, status, bytes, &t0);
    return r;
}

/* Whether the address is loopback (127.0.0.0/8 or ::1). */
static bool loopback(const struct sockaddr_storage *a)
{
    if (a->ss_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)(const void *)a)->sin_addr.s_addr) >> 24) == 127;
    return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)(const void *)a)->sin6_addr);
}

static bool parse_address(const char *text, int port, struct sockaddr_storage *a)
{
    memset(a, 0, sizeof *a);
    struct sockaddr_in *v4 = (struct sockaddr_in *)(void *)a;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)(void *)a;
    if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET, v4->sin_port = htons((uint16_t)port);
        return true;
    }
    if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6, v6->sin6_port = htons((uint16_t)port);
        return true;
    }
    return false;
}

static void program_dir(char *dir, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", dir, size - 1);
    dir[n > 0 ? n : 0] = 0;
    char *slash = strrchr(dir, '/');
    if (slash) *slash = 0;
    else snprintf(dir, size, ".");
}

/* --web, else share/newsgraph/web next to the program, else the source tree's. */
static bool find_web_root(const char *given, char *root, size_t size)
{
    char dir[4096], candidate[4200], index[4300];
    if (given) snprintf(candidate, sizeof candidate, "%s", given);
    else {
        program_dir(dir, sizeof dir);
        snprintf(candidate, sizeof candidate, "%.4000s/../share/newsgraph/web", dir);
        snprintf(index, sizeof index, "%s/index.html", candidate);
        if (access(index, R_OK) != 0) snprintf(candidate, sizeof candidate, "%s", NG_SOURCE_WEB);
    }
    char real[4096];
    if (!realpath(candidate, real)) return false;
    snprintf(root, size, "%s", real);
    snprintf(index, sizeof index, "%s/index.html", root);
    return access(index, R_OK) == 0;
}

/* A whole number in [min, max] for an option, or false. */
static bool int_value(const char *val, long long min, long long max, int *out)
{
    char *end;
    long long n = strtoll(val, &end, 10);
    if (end == val || *end || n < min || n > max) return false;
    *out = (int)n;
    return true;
}

static int parse_options(int argc, char **argv, const char **db, int *port, const char **bind_to, bool *remote,
                         int *threads, const char **web, int *timeout_ms)
{
    static const struct { const char *name; long long min, max; } numbers[] = {
        {"--port", 0, 65535}, {"--threads", 1, 64}, {"--query-timeout-ms", 1, 600000}};
    int *number_out[] = {port, threads, timeout_ms};
    for (int i = 0; i < argc; i++) {
        const char *val = NULL;
        int took = 0;
        const char *option = argv[i];
        if ((took = cli_option_value(argc, argv, &i, "--db", &val))) { if (took > 0) *db = val; }
        else if ((took = cli_option_value(argc, argv, &i, "--bind", &val))) { if (took > 0) *bind_to = val; }
        else if ((took = cli_option_value(argc, argv, &i, "--web", &val))) { if (took > 0) *web = val; }
        else if (!strcmp(option, "--allow-remote")) *remote = true;
        else if (!strcmp(option, "-h") || !strcmp(option, "--help")) { fputs(serve_usage, stdout); return EXIT_OK; }
        else {
            size_t k = 0;
            for (; k < sizeof numbers / sizeof *numbers; k++)
                if ((took = cli_option_value(argc, argv, &i, numbers[k].name, &val))) break;
            if (k == sizeof numbers / sizeof *numbers) return cli_usage_error("serve", "unknown option '%s'", option);
            if (took > 0 && !int_value(val, numbers[k].min, numbers[k].max, number_out[k]))
                return cli_usage_error("serve", "%s wants a whole number from %lld to %lld, not '%s'", numbers[k].name,
                                       numbers[k].min, numbers[k].max, val);
        }
        if (took < 0) return cli_usage_error("serve", "%s needs a value", option);
    }
    return -1;
}

static volatile sig_atomic_t stop_signal;

static void note_stop(int sig) { stop_signal = sig; }

/* The stop signals are blocked in every thread the server starts, and the
 * main thread takes them here. A thread that was running before the mask
 * was set (a sanitizer's, a library's) may still receive one: the handler
 * notes it, so that it stops the server too instead of killing it. */
static int wait_for_stop(const sigset_t *stop)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = note_stop;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    while (!stop_signal) {
        struct timespec tick = {0, 200 * 1000 * 1000};
        int sig = sigtimedwait(stop, NULL, &tick);
        if (sig > 0) return sig;
    }
    return stop_signal;
}

int cmd_serve(int argc, char **argv, const char *argv0)
{
    (void)argv0;
    const char *db = "newsgraph.db", *bind_to = "127.0.0.1", *web = NULL;
    int port = 8080, threads = 4, timeout_ms = 2000;
    bool remote = false;
    int rc = parse_options(argc, argv, &db, &port, &bind_to, &remote, &threads, &web, &timeout_ms);
    if (rc >= 0) return rc;
    struct sockaddr_storage addr;
    if (!parse_address(bind_to, port, &addr)) return cli_usage_error("serve", "--bind wants an IP address, not '%s'", bind_to);
    if (!loopback(&addr) && !remote)
        return cli_usage_error("serve", "%s is not a loopback address; add --allow-remote to serve the network", bind_to);
    static sv_config cfg;
    cfg.query_timeout_ms = timeout_ms;
    if (!find_web_root(web, cfg.web_root, sizeof cfg.web_root)) {
        fprintf(stderr, "newsgraph: no web UI (index.html) in %s\n", web ? web : "share/newsgraph/web or " NG_SOURCE_WEB);
        return EXIT_USAGE;
    }
    sv_pool pool = {0};
    pool.stores = calloc((size_t)threads, sizeof *pool.stores);
    pool.free_list = calloc((size_t)threads, sizeof *pool.free_list);
    if (!pool.stores || !pool.free_list) { fprintf(stderr, "newsgraph: out of memory\n"); return EXIT_SOME_FAILED; }
    pthread_mutex_init(&pool.lock, NULL);
    pthread_cond_init(&pool.available, NULL);
    ng_store_options so;
    ng_store_options_init(&so);
    so.read_only = true;
    rc = EXIT_USAGE;
    for (int i = 0; i < threads; i++) {
        char why[1024];
        ng_store *s = ng_store_open(db, &so, why, sizeof why);
        if (!s) { fprintf(stderr, "newsgraph: %s\n", why); goto done; }
        pool.stores[pool.n++] = s;
        pool.free_list[pool.free_count++] = s;
    }
    cfg.pool = &pool;
    /* The pool's threads inherit this mask: only the main thread takes the signals. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | (addr.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0);
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, handle, &cfg, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
        MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&addr, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_CONNECTION_LIMIT, 512u, MHD_OPTION_CONNECTION_TIMEOUT, 15u, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "newsgraph: cannot listen on %s port %d\n", bind_to, port);
        rc = EXIT_SOME_FAILED;
        goto done;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    int bound = info ? info->port : port;
    fprintf(stderr, "newsgraph: serving %s at http://%s%s%s:%d/ (web UI from %s); SIGTERM stops\n", db,
            addr.ss_family == AF_INET6 ? "[" : "", bind_to, addr.ss_family == AF_INET6 ? "]" : "", bound, cfg.web_root);
    int sig = wait_for_stop(&stop);
    fprintf(stderr, "newsgraph: signal %d, stopping\n", sig);
    MHD_stop_daemon(d);
    rc = EXIT_OK;
done:
    for (size_t i = 0; i < pool.n; i++) {
        char why[1024];
        if (ng_store_close(pool.stores[i], why, sizeof why) != 0) fprintf(stderr, "newsgraph: %s\n", why);
    }
    free(pool.stores);
    free(pool.free_list);
    return rc;
}
