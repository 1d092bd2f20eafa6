/* http.c - the libmicrohttpd side of `embargo serve`: the daemon (a pool of
 * epoll threads, one per core by default), routing, bodies with a size limit,
 * responses, per-request metrics and log lines, and the signal loop (SIGHUP
 * reloads, SIGINT/SIGTERM stop). */
#include "server/server.h"
#include "server/web.h"
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Per-connection request state (one request at a time per connection). */
typedef struct conn {
    struct timespec start;
    char *body;
    size_t len, cap;
    int too_large;
    int responded;
} conn;

typedef struct reply_ctx {
    srv_state *s;
    struct MHD_Connection *c;
    conn *cc;
    const char *method, *url;
    srv_endpoint ep;
} reply_ctx;

static unsigned long elapsed_us(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    long long us = (long long)(t.tv_sec - t0->tv_sec) * 1000000LL + (t.tv_nsec - t0->tv_nsec) / 1000;
    return us < 0 ? 0 : (unsigned long)us;
}

/* The access log line: formatted on the stack (on the heap for a long
 * URL) and written with one write(2), so lines from several threads never
 * interleave and no stdio lock is taken. */
static void log_line(const char *method, const char *url, int status, unsigned long us)
{
    char small[512], *line = small;
    int n = snprintf(small, sizeof small, "%s %s %d %luus\n", method, url, status, us);
    if (n < 0) return;
    if ((size_t)n >= sizeof small) {
        if (!(line = malloc((size_t)n + 1))) return;
        snprintf(line, (size_t)n + 1, "%s %s %d %luus\n", method, url, status, us);
    }
    ssize_t w = write(STDERR_FILENO, line, (size_t)n);
    (void)w; /* a full or closed stderr must not fail the request */
    if (line != small) free(line);
}

/* Queues resp (taking it over), then counts and logs the request. */
static enum MHD_Result reply_resp(reply_ctx *r, int status, const char *ctype, struct MHD_Response *resp,
                                  const char *hname, const char *hval)
{
    if (!resp) return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (r->ep == EP_WEB) {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
        MHD_add_response_header(resp, "Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
    } else {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    }
    if (hname) MHD_add_response_header(resp, hname, hval);
    enum MHD_Result ret = MHD_queue_response(r->c, (unsigned)status, resp);
    MHD_destroy_response(resp);
    r->cc->responded = 1;
    unsigned long us = elapsed_us(&r->cc->start);
    srv_metrics_record(&r->s->metrics, r->ep, status, us);
    if (!r->s->quiet) log_line(r->method, r->url, status, us);
    return ret;
}

/* Queues a response.  `body` is malloc'd and taken over when must_free. */
static enum MHD_Result reply(reply_ctx *r, int status, const char *ctype, char *body, size_t len, int must_free,
                             const char *hname, const char *hval)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, body, must_free ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!resp) { if (must_free) free(body); return MHD_NO; }
    return reply_resp(r, status, ctype, resp, hname, hval);
}

static void blob_done(void *cls) { srv_blob_release(cls); }

/* A cached body, sent from the cache's own memory: the response holds a
 * reference on the blob until MHD has sent it. */
static enum MHD_Result reply_blob(reply_ctx *r, srv_blob *b)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer_with_free_callback_cls(b->len, (void *)srv_blob_body(b), blob_done, b);
    if (!resp) { srv_blob_release(b); return MHD_NO; }
    return reply_resp(r, 200, "application/json", resp, NULL, NULL);
}

static enum MHD_Result reply_buf(reply_ctx *r, int status, const char *ctype, cli_buf *b)
{
    if (b->oom) {
        free(b->p);
        static const char oom[] = "{\"error\":{\"code\":\"out_of_memory\",\"message\":\"out of memory\"}}";
        return reply(r, 500, "application/json", (char *)oom, sizeof oom - 1, 0, NULL, NULL);
    }
    if (!b->p) cli_buf_puts(b, "");
    return reply(r, status, ctype, b->p, b->len, 1, NULL, NULL);
}

static enum MHD_Result reply_error(reply_ctx *r, const srv_error *e, const char *hname, const char *hval)
{
    cli_buf b = {0};
    cli_buf_puts(&b, "{\"error\":{\"code\":");
    srv_json_string(&b, e->code);
    cli_buf_puts(&b, ",\"message\":");
    srv_json_string(&b, e->message);
    cli_buf_puts(&b, "}}");
    if (b.oom) { free(b.p); return MHD_NO; }
    return reply(r, e->status, "application/json", b.p, b.len, 1, hname, hval);
}

static enum MHD_Result fail(reply_ctx *r, int status, const char *code, const char *msg)
{
    srv_error e;
    srv_fail(&e, status, code, "%s", msg);
    return reply_error(r, &e, NULL, NULL);
}

/* ---- parameters ---- */

typedef struct param_collect {
    srv_params *p;
    int overflow;
} param_collect;

static enum MHD_Result collect_param(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    param_collect *pc = cls;
    if (pc->p->n >= SRV_MAX_PARAMS) { pc->overflow = 1; return MHD_NO; }
    pc->p->kv[pc->p->n].key = key;
    pc->p->kv[pc->p->n].value = value ? value : "";
    pc->p->n++;
    return MHD_YES;
}

/* ---- routing ---- */

static srv_endpoint route(const char *url)
{
    if (!strcmp(url, "/healthz")) return EP_HEALTHZ;
    if (!strcmp(url, "/readyz")) return EP_READYZ;
    if (!strcmp(url, "/metrics")) return EP_METRICS;
    if (!strcmp(url, "/openapi.json")) return EP_OPENAPI;
    if (!strcmp(url, "/v1/screen")) return EP_SCREEN;
    if (!strcmp(url, "/v1/scan")) return EP_SCAN;
    if (!strcmp(url, "/v1/lists")) return EP_LISTS;
    if (!strncmp(url, "/v1/entities/", 13)) return EP_ENTITY;
    if (!strncmp(url, "/match/", 7)) return EP_MATCH;
    if (!strcmp(url, "/admin/reload")) return EP_RELOAD;
    if (!strcmp(url, "/")) return EP_WEB;
    for (const srv_asset *a = srv_web_assets; a->path; a++)
        if (!strcmp(url, a->path)) return EP_WEB;
    return EP_OTHER;
}

static const char *content_type(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot) return "application/octet-stream";
    if (!strcmp(dot, ".html")) return "text/html; charset=utf-8";
    if (!strcmp(dot, ".js")) return "text/javascript; charset=utf-8";
    if (!strcmp(dot, ".css")) return "text/css; charset=utf-8";
    if (!strcmp(dot, ".json")) return "application/json";
    if (!strcmp(dot, ".svg")) return "image/svg+xml";
    if (!strcmp(dot, ".png")) return "image/png";
    return "application/octet-stream";
}

static int method_allowed(srv_endpoint ep, const char *m, const char **allow)
{
    int get = !strcmp(m, "GET") || !strcmp(m, "HEAD"), post = !strcmp(m, "POST");
    switch (ep) {
    case EP_SCREEN: *allow = "GET, HEAD, POST"; return get || post;
    case EP_SCAN: case EP_MATCH: case EP_RELOAD: *allow = "POST"; return post;
    default: *allow = "GET, HEAD"; return get;
    }
}

/* Constant-time comparison of the bearer token. */
static int token_ok(const char *header, const char *token)
{
    if (!header || strncmp(header, "Bearer ", 7)) return 0;
    const char *given = header + 7;
    size_t a = strlen(given), b = strlen(token);
    unsigned char diff = (unsigned char)(a != b);
    for (size_t i = 0; i < b; i++) diff |= (unsigned char)(given[i < a ? i : 0] ^ token[i]);
    return diff == 0;
}

/* The cache key of a screening request: method, path, parameters, body,
 * written into out (snprintf style: the full length is returned even when
 * it does not fit, so the caller can retry with a bigger buffer).
 * (size_t)-1 when the body holds a NUL (such a request is not cached). */
static size_t cache_key(char *out, size_t cap, const char *method, const char *url, const srv_params *p,
                        const char *body, size_t len)
{
    size_t n = 0;
#define KEY_ADD(src, k) do { size_t k_ = (k); if (n < cap) memcpy(out + n, (src), n + k_ <= cap ? k_ : cap - n); n += k_; } while (0)
    KEY_ADD(method, strlen(method));
    KEY_ADD(" ", 1);
    KEY_ADD(url, strlen(url));
    for (size_t i = 0; i < p->n; i++) {
        KEY_ADD("\x01", 1);
        KEY_ADD(p->kv[i].key, strlen(p->kv[i].key));
        KEY_ADD("\x02", 1);
        KEY_ADD(p->kv[i].value, strlen(p->kv[i].value));
    }
    KEY_ADD("\x03", 1);
    if (body && len) {
        if (memchr(body, '\0', len)) return (size_t)-1;
        KEY_ADD(body, len);
    }
#undef KEY_ADD
    return n;
}

static enum MHD_Result handle_screen(reply_ctx *r, srv_db *d, const srv_params *p)
{
    srv_state *s = r->s;
    const char *body = r->cc->body;
    size_t len = r->cc->len;
    /* keys of GET requests fit on the stack; bodies of big batches are not
     * worth keeping */
    char small[1024], *key = NULL;
    size_t key_len = 0;
    if (s->cfg.cache && len <= 8192) {
        key_len = cache_key(small, sizeof small, r->method, r->url, p, body, len);
        if (key_len == (size_t)-1) {
            key_len = 0;
        } else if (key_len <= sizeof small) {
            key = small;
        } else if ((key = malloc(key_len))) {
            cache_key(key, key_len, r->method, r->url, p, body, len);
        }
    }
    if (key) {
        srv_blob *hit = srv_cache_get(d, key, key_len);
        if (hit) {
            if (key != small) free(key);
            atomic_fetch_add_explicit(&s->metrics.cache_hits, 1, memory_order_relaxed);
            return reply_blob(r, hit);
        }
        atomic_fetch_add_explicit(&s->metrics.cache_misses, 1, memory_order_relaxed);
    }
    srv_request req;
    srv_error err;
    int rc;
    if (r->ep == EP_MATCH) rc = srv_parse_match(&req, r->url + 7, body ? body : "", len, p, &s->cfg.limits, &err);
    else if (!strcmp(r->method, "POST")) rc = srv_parse_screen_post(&req, body ? body : "", len, p, &s->cfg.limits, &err);
    else rc = srv_parse_screen_get(&req, p, &s->cfg.limits, &err);
    cli_buf out = {0};
    if (!rc) rc = srv_run_screen(s, d, &req, &out, &err);
    srv_request_free(&req);
    if (rc) {
        if (key != small) free(key);
        free(out.p);
        return reply_error(r, &err, NULL, NULL);
    }
    if (key && !out.oom) srv_cache_put(d, key, key_len, out.p, out.len);
    if (key != small) free(key);
    return reply_buf(r, 200, "application/json", &out);
}

/* POST /v1/scan: {"mentions":[...],"threshold":T} with each mention as
 * `embargo scan --json` prints it (embargo_mention_json). */
static enum MHD_Result handle_scan(reply_ctx *r, srv_db *d, const srv_params *p)
{
    srv_scan_request req;
    srv_error err;
    if (srv_parse_scan(&req, r->cc->body ? r->cc->body : "", r->cc->len, p, &r->s->cfg.limits, &err)) {
        srv_scan_request_free(&req);
        return reply_error(r, &err, NULL, NULL);
    }
    embargo_ctx *ctx = srv_db_ctx_get(d);
    if (!ctx) {
        srv_scan_request_free(&req);
        return fail(r, 500, "out_of_memory", "out of memory");
    }
    const embargo_mention *m;
    size_t n, invalid;
    embargo_error e = {0};
    if (embargo_scan(ctx, req.text, req.len, &req.opts, &m, &n, &invalid, &e)) {
        srv_db_ctx_put(d, ctx);
        srv_scan_request_free(&req);
        return fail(r, e.code == EMBARGO_ENOMEM ? 500 : 400, e.code == EMBARGO_ENOMEM ? "out_of_memory" : "invalid_text",
                    e.msg[0] ? e.msg : "the text cannot be scanned");
    }
    cli_buf b = {0};
    size_t alerts = 0, written = 0;
    cli_buf_puts(&b, "{\"mentions\":[");
    for (size_t i = 0; i < n; i++) {
        char *s = NULL;
        alerts += m[i].match != 0;
        if (embargo_mention_json(&s, d->db, &m[i]) == 0) {
            if (written++) cli_buf_puts(&b, ",");
            cli_buf_puts(&b, s);
        }
        free(s);
    }
    cli_buf_printf(&b, "],\"alerts\":%zu,\"threshold\":%.4g,\"invalid_bytes\":%zu}", alerts, req.opts.threshold, invalid);
    srv_db_ctx_put(d, ctx);
    srv_scan_request_free(&req);
    return reply_buf(r, 200, "application/json", &b);
}

static enum MHD_Result dispatch(reply_ctx *r)
{
    srv_state *s = r->s;
    const char *allow;
    if (r->ep == EP_OTHER) return fail(r, 404, "not_found", "no such endpoint (see /openapi.json)");
    if (!method_allowed(r->ep, r->method, &allow)) {
        srv_error e;
        srv_fail(&e, 405, "method_not_allowed", "%s is not allowed here; use %s", r->method, allow);
        return reply_error(r, &e, MHD_HTTP_HEADER_ALLOW, allow);
    }
    if (r->cc->too_large) {
        srv_error e;
        srv_fail(&e, 413, "body_too_large", "the request body is larger than %zu bytes", s->cfg.max_body);
        return reply_error(r, &e, MHD_HTTP_HEADER_CONNECTION, "close");
    }
    srv_params p = {0};
    param_collect pc = {&p, 0};
    MHD_get_connection_values(r->c, MHD_GET_ARGUMENT_KIND, collect_param, &pc);
    if (pc.overflow) return fail(r, 400, "too_many_parameters", "too many query parameters");

    switch (r->ep) {
    case EP_WEB:
    case EP_OPENAPI: {
        const char *path = !strcmp(r->url, "/") ? "/index.html" : r->url;
        for (const srv_asset *a = srv_web_assets; a->path; a++)
            if (!strcmp(a->path, path))
                return reply(r, 200, content_type(path), (char *)a->data, a->len, 0, NULL, NULL);
        return fail(r, 404, "not_found", "no such file");
    }
    case EP_HEALTHZ: {
        static const char ok[] = "{\"status\":\"ok\"}";
        return reply(r, 200, "application/json", (char *)ok, sizeof ok - 1, 0, NULL, NULL);
    }
    case EP_METRICS: {
        srv_db *d = srv_acquire(s);
        cli_buf b = {0};
        srv_metrics_render(&s->metrics, d, &b);
        srv_db_release(d);
        return reply_buf(r, 200, "text/plain; version=0.0.4; charset=utf-8", &b);
    }
    case EP_RELOAD: {
        if (!s->cfg.admin_token[0])
            return fail(r, 403, "forbidden", "no admin token is configured (admin_token in --config or EMBARGO_ADMIN_TOKEN)");
        const char *auth = MHD_lookup_connection_value(r->c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
        if (!token_ok(auth, s->cfg.admin_token)) {
            srv_error e;
            srv_fail(&e, 401, "unauthorized", "a valid 'Authorization: Bearer TOKEN' header is required");
            return reply_error(r, &e, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
        }
        if (p.n) return fail(r, 400, "unknown_parameter", "POST /admin/reload takes no parameters");
        char msg[1100];
        int rc = srv_reload(s, msg, sizeof msg);
        fprintf(stderr, "embargo serve: reload %s: %s\n", rc ? "failed, keeping the loaded lists" : "done", msg);
        if (rc) return fail(r, 500, "reload_failed", msg);
        srv_db *d = srv_acquire(s);
        cli_buf b = {0};
        cli_buf_puts(&b, "{\"status\":\"reloaded\",\"message\":");
        srv_json_string(&b, msg);
        if (d) cli_buf_printf(&b, ",\"generation\":%lu,\"version\":\"%s\"", d->generation, d->version);
        cli_buf_puts(&b, "}");
        srv_db_release(d);
        return reply_buf(r, 200, "application/json", &b);
    }
    default: break;
    }

    /* everything below needs the lists */
    srv_db *d = srv_acquire(s);
    if (!d) return fail(r, 503, "not_ready", "the lists are still loading");
    enum MHD_Result ret;
    if (r->ep == EP_READYZ) {
        cli_buf b = {0};
        cli_buf_printf(&b, "{\"status\":\"ready\",\"generation\":%lu,\"version\":\"%s\"}", d->generation, d->version);
        ret = reply_buf(r, 200, "application/json", &b);
    } else if (r->ep == EP_LISTS || r->ep == EP_ENTITY) {
        if (p.n) {
            ret = fail(r, 400, "unknown_parameter", "this endpoint takes no query parameters");
        } else {
            cli_buf b = {0};
            srv_error err;
            if (r->ep == EP_LISTS) { srv_lists_json(d, &b); ret = reply_buf(r, 200, "application/json", &b); }
            else if (srv_entity_json(d, r->url + 13, &b, &err)) { free(b.p); ret = reply_error(r, &err, NULL, NULL); }
            else ret = reply_buf(r, 200, "application/json", &b);
        }
    } else if (r->ep == EP_SCAN) {
        ret = handle_scan(r, d, &p);
    } else {
        ret = handle_screen(r, d, &p);
    }
    srv_db_release(d);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    srv_state *s = cls;
    conn *cc = *con_cls;
    reply_ctx r = {s, c, cc, method, url, route(url)};
    if (!cc) {
        cc = calloc(1, sizeof *cc);
        if (!cc) return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &cc->start);
        *con_cls = cc;
        r.cc = cc;
        /* refuse a declared oversized body before reading any of it */
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl) {
            errno = 0;
            unsigned long long n = strtoull(cl, NULL, 10);
            if (errno || n > s->cfg.max_body) {
                cc->too_large = 1;
                srv_error e;
                srv_fail(&e, 413, "body_too_large", "the request body is larger than %zu bytes", s->cfg.max_body);
                return reply_error(&r, &e, MHD_HTTP_HEADER_CONNECTION, "close");
            }
        }
        return MHD_YES;
    }
    if (cc->responded) { *upload_data_size = 0; return MHD_YES; }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (cc->too_large) return MHD_YES;
        if (cc->len + n > s->cfg.max_body) {
            cc->too_large = 1;
            free(cc->body);
            cc->body = NULL;
            cc->len = cc->cap = 0;
            return MHD_YES;
        }
        if (cc->len + n + 1 > cc->cap) {
            size_t cap = cc->cap ? cc->cap : 4096;
            while (cap < cc->len + n + 1) cap *= 2;
            char *b = realloc(cc->body, cap);
            if (!b) return MHD_NO;
            cc->body = b;
            cc->cap = cap;
        }
        memcpy(cc->body + cc->len, upload_data, n);
        cc->len += n;
        cc->body[cc->len] = '\0';
        return MHD_YES;
    }
    return dispatch(&r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    conn *cc = *con_cls;
    if (!cc) return;
    free(cc->body);
    free(cc);
    *con_cls = NULL;
}

int srv_run(srv_state *s)
{
    /* Signals are taken synchronously by this thread (sigwait); the worker
     * threads inherit the blocked mask, so no handler runs inside them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
    struct sockaddr *addr;
    /* epoll in each pool thread where the system has it (Linux): one
     * sendmsg and one recv per keep-alive request, epoll_wait only when a
     * thread runs out of ready connections.  Not MHD_USE_TURBO: it skips
     * shutdown() before close, so a client still sending an oversized body
     * could see a reset instead of its 413. */
#ifdef __linux__
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
#else
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
#endif
    memset(&a4, 0, sizeof a4);
    memset(&a6, 0, sizeof a6);
    if (inet_pton(AF_INET, s->cfg.bind, &a4.sin_addr) == 1) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)s->cfg.port);
        addr = (struct sockaddr *)&a4;
    } else if (inet_pton(AF_INET6, s->cfg.bind, &a6.sin6_addr) == 1) {
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons((uint16_t)s->cfg.port);
        addr = (struct sockaddr *)&a6;
        flags |= MHD_USE_IPv6;
    } else {
        fprintf(stderr, "embargo serve: --bind needs an IPv4 or IPv6 address, got '%s'\n", s->cfg.bind);
        return CLI_USAGE;
    }
    unsigned threads = s->cfg.threads;
    if (!threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (unsigned)n : 1;
    }
    struct MHD_Daemon *daemon = MHD_start_daemon(
        flags, (uint16_t)s->cfg.port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, addr,
        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, (unsigned)s->cfg.max_connections,
        MHD_OPTION_CONNECTION_TIMEOUT, s->cfg.timeout, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
    if (!daemon) {
        fprintf(stderr, "embargo serve: cannot listen on %s port %u: %s\n", s->cfg.bind, s->cfg.port, strerror(errno));
        return CLI_USAGE;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : s->cfg.port;
    fprintf(stderr, "embargo serve: listening on http://%s%s%s:%u/ (%u threads)\n", addr == (struct sockaddr *)&a6 ? "[" : "",
            s->cfg.bind, addr == (struct sockaddr *)&a6 ? "]" : "", port, threads);

    char msg[1100];
    if (srv_reload(s, msg, sizeof msg)) {
        fprintf(stderr, "embargo serve: cannot load the lists: %s\n", msg);
        MHD_stop_daemon(daemon);
        return CLI_USAGE;
    }
    fprintf(stderr, "embargo serve: ready: %s\n", msg);

    for (;;) {
        int sig;
        if (sigwait(&set, &sig)) continue;
        if (sig == SIGHUP) {
            int rc = srv_reload(s, msg, sizeof msg);
            fprintf(stderr, "embargo serve: SIGHUP reload %s: %s\n", rc ? "failed, keeping the loaded lists" : "done", msg);
            continue;
        }
        fprintf(stderr, "embargo serve: stopping (signal %d)\n", sig);
        break;
    }
    MHD_stop_daemon(daemon);
    return 0;
}
