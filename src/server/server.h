/* server.h - `embargo serve`: an HTTP front end over the public API.
 *
 * Threads: libmicrohttpd runs a pool of worker threads; each request takes a
 * reference on the current db holder (srv_db) at its start and drops it at
 * its end.  A reload builds a new holder and swaps the pointer; the old db is
 * freed by whichever request drops its last reference, so no request ever
 * sees a db change under it.  Each holder keeps its embargo_ctx in lock-free
 * slots (one is borrowed per request), since a ctx is bound to the db it was
 * made for; a worker thread finds its own ctx again in the slot it left it. */
#ifndef EMB_SERVER_H
#define EMB_SERVER_H
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "cli/cli.h"
#include "cli/output.h"
#include "embargo.h"
#include "server/request.h"

/* Response bodies are cli_bufs (cli/output.h).  Appends s as a JSON string
 * literal (escaped; invalid UTF-8 bytes replaced, where the CLI writes null). */
void srv_json_string(cli_buf *b, const char *s);

/* ---- result cache (per db: a reload empties it by construction) ---- */
typedef struct srv_cache srv_cache;

/* A cached response: key and body in one allocation, shared by reference
 * between the cache and the responses being sent, so a hit copies nothing.
 * Immutable once in the cache. */
typedef struct srv_blob {
    atomic_size_t refs;
    uint64_t hash;
    size_t key_len, len;
    char data[];               /* key, NUL, body, NUL */
} srv_blob;

static inline const char *srv_blob_body(const srv_blob *b) { return b->data + b->key_len + 1; }
void srv_blob_release(srv_blob *b);

/* Most concurrent requests one db keeps a ctx for (the largest --threads). */
#define SRV_CTX_SLOTS 256

/* ---- db holder ---- */
typedef struct srv_db {
    embargo_db *db;
    atomic_size_t refs;
    unsigned long generation;
    char version[20];          /* hash of the sources' files and dates */
    char loaded_at[32];        /* ISO 8601 UTC */
    char *warnings;            /* JSON array text of stale-list warnings */
    _Atomic(embargo_ctx *) ctx_slots[SRV_CTX_SLOTS];
    srv_cache *cache;          /* NULL when off */
} srv_db;

/* Builds a holder for db (taking ownership) with one reference.  NULL on
 * allocation failure (db is then freed). */
srv_db *srv_db_new(embargo_db *db, unsigned long generation, size_t cache_entries);
void srv_db_release(srv_db *d);
/* Borrows a ctx for d's db (NULL on allocation failure); give it back.
 * Lock-free: atomic exchanges on the slots, starting at the calling
 * thread's own. */
embargo_ctx *srv_db_ctx_get(srv_db *d);
void srv_db_ctx_put(srv_db *d, embargo_ctx *ctx);
/* The cached response for key (a reference: srv_blob_release it) or NULL. */
srv_blob *srv_cache_get(srv_db *d, const char *key, size_t key_len);
void srv_cache_put(srv_db *d, const char *key, size_t key_len, const char *val, size_t len);

/* Loads the db described by the list options; on failure err says why. */
int srv_load(const cli_lists *o, embargo_db **out, embargo_error *err);

/* ---- metrics ---- */
typedef enum srv_endpoint {
    EP_WEB, EP_HEALTHZ, EP_READYZ, EP_METRICS, EP_OPENAPI, EP_SCREEN, EP_SCAN, EP_LISTS, EP_ENTITY, EP_MATCH,
    EP_RELOAD, EP_OTHER, EP_COUNT
} srv_endpoint;

#define SRV_N_STATUS 12
#define SRV_N_BUCKETS 14

typedef struct srv_metrics {
    atomic_ulong requests[EP_COUNT][SRV_N_STATUS];
    atomic_ulong buckets[EP_COUNT][SRV_N_BUCKETS + 1]; /* last: +Inf */
    atomic_ulong latency_us_sum[EP_COUNT];
    atomic_ulong reloads_ok, reloads_failed;
    atomic_ulong cache_hits, cache_misses;
    atomic_ulong queries;
} srv_metrics;

void srv_metrics_record(srv_metrics *m, srv_endpoint ep, int status, unsigned long latency_us);
/* Prometheus text exposition of m and of the current db d (may be NULL). */
void srv_metrics_render(const srv_metrics *m, const srv_db *d, cli_buf *out);
const char *srv_endpoint_name(srv_endpoint ep);

/* ---- server state ---- */
typedef struct srv_state {
    srv_config cfg;
    cli_lists lists;
    int quiet;
    pthread_mutex_t lock;      /* guards `current` */
    srv_db *current;           /* NULL until the first load */
    pthread_mutex_t reload_lock;
    unsigned long generation;  /* under reload_lock */
    srv_metrics metrics;
    time_t started;
} srv_state;

/* Takes a reference on the current db (NULL while not loaded). */
srv_db *srv_acquire(srv_state *s);
/* Loads a new db and swaps it in; on failure keeps the old one and writes the
 * reason into msg.  Serialized: concurrent calls run one after the other. */
int srv_reload(srv_state *s, char *msg, size_t cap);

/* Days since an as-of date (YYYY[-MM[-DD]]), -1 if none. */
double srv_age_days(const char *as_of);

/* ---- endpoints (handlers.c) ---- */
/* Runs a parsed screening request; fills out with the response body. */
int srv_run_screen(srv_state *s, srv_db *d, const srv_request *r, cli_buf *out, srv_error *err);
void srv_lists_json(srv_db *d, cli_buf *out);
/* GET /v1/entities/{id}: 0 and the body, or an error (404). */
int srv_entity_json(srv_db *d, const char *id, cli_buf *out, srv_error *err);

/* Runs the HTTP server until SIGINT/SIGTERM (SIGHUP reloads). */
int srv_run(srv_state *s);

#endif
