/* metrics.c - request counters and latency histograms (lock-free atomics,
 * bumped by every worker thread) and their Prometheus text exposition. */
#include "server/server.h"
#include <math.h>
#include <stdio.h>

static const int status_codes[SRV_N_STATUS] = {200, 400, 401, 403, 404, 405, 413, 429, 500, 501, 503, 0 /* other */};
/* bucket upper bounds, microseconds */
static const unsigned long bucket_us[SRV_N_BUCKETS] = {100, 250, 500, 1000, 2500, 5000, 10000, 25000,
                                                        50000, 100000, 250000, 500000, 1000000, 5000000};
static const char *const endpoint_names[EP_COUNT] = {
    "web", "healthz", "readyz", "metrics", "openapi", "screen", "scan", "lists", "entity", "match", "reload", "other"};

const char *srv_endpoint_name(srv_endpoint ep) { return (unsigned)ep < EP_COUNT ? endpoint_names[ep] : "other"; }

void srv_metrics_record(srv_metrics *m, srv_endpoint ep, int status, unsigned long latency_us)
{
    if ((unsigned)ep >= EP_COUNT) ep = EP_OTHER;
    size_t si = SRV_N_STATUS - 1;
    for (size_t i = 0; i + 1 < SRV_N_STATUS; i++)
        if (status_codes[i] == status) { si = i; break; }
    atomic_fetch_add_explicit(&m->requests[ep][si], 1, memory_order_relaxed);
    size_t b = SRV_N_BUCKETS;
    for (size_t i = 0; i < SRV_N_BUCKETS; i++)
        if (latency_us <= bucket_us[i]) { b = i; break; }
    atomic_fetch_add_explicit(&m->buckets[ep][b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->latency_us_sum[ep], latency_us, memory_order_relaxed);
}

/* A label value, escaped as the exposition format asks (source ids come
 * from file names given with --list, so they may hold anything). */
static void label(cli_buf *out, const char *name, const char *v)
{
    cli_buf_printf(out, "%s=\"", name);
    for (; *v; v++) {
        if (*v == '\\') cli_buf_puts(out, "\\\\");
        else if (*v == '"') cli_buf_puts(out, "\\\"");
        else if (*v == '\n') cli_buf_puts(out, "\\n");
        else cli_buf_add(out, v, 1);
    }
    cli_buf_puts(out, "\"");
}

void srv_metrics_render(const srv_metrics *m, const srv_db *d, cli_buf *out)
{
    cli_buf_puts(out, "# HELP embargo_http_requests_total HTTP requests by endpoint and status code.\n"
                      "# TYPE embargo_http_requests_total counter\n");
    for (size_t e = 0; e < EP_COUNT; e++)
        for (size_t s = 0; s < SRV_N_STATUS; s++) {
            unsigned long v = atomic_load_explicit(&m->requests[e][s], memory_order_relaxed);
            if (!v) continue;
            if (status_codes[s])
                cli_buf_printf(out, "embargo_http_requests_total{endpoint=\"%s\",status=\"%d\"} %lu\n", endpoint_names[e],
                               status_codes[s], v);
            else
                cli_buf_printf(out, "embargo_http_requests_total{endpoint=\"%s\",status=\"other\"} %lu\n", endpoint_names[e], v);
        }
    cli_buf_puts(out, "# HELP embargo_http_request_duration_seconds Time from request start to response, by endpoint.\n"
                      "# TYPE embargo_http_request_duration_seconds histogram\n");
    for (size_t e = 0; e < EP_COUNT; e++) {
        unsigned long cum = 0;
        unsigned long counts[SRV_N_BUCKETS + 1];
        unsigned long total = 0;
        for (size_t b = 0; b <= SRV_N_BUCKETS; b++) {
            counts[b] = atomic_load_explicit(&m->buckets[e][b], memory_order_relaxed);
            total += counts[b];
        }
        if (!total) continue;
        for (size_t b = 0; b < SRV_N_BUCKETS; b++) {
            cum += counts[b];
            cli_buf_printf(out, "embargo_http_request_duration_seconds_bucket{endpoint=\"%s\",le=\"%g\"} %lu\n",
                           endpoint_names[e], bucket_us[b] / 1e6, cum);
        }
        cum += counts[SRV_N_BUCKETS];
        cli_buf_printf(out, "embargo_http_request_duration_seconds_bucket{endpoint=\"%s\",le=\"+Inf\"} %lu\n", endpoint_names[e], cum);
        cli_buf_printf(out, "embargo_http_request_duration_seconds_sum{endpoint=\"%s\"} %.6f\n", endpoint_names[e],
                       atomic_load_explicit(&m->latency_us_sum[e], memory_order_relaxed) / 1e6);
        cli_buf_printf(out, "embargo_http_request_duration_seconds_count{endpoint=\"%s\"} %lu\n", endpoint_names[e], cum);
    }
    cli_buf_printf(out,
                   "# HELP embargo_queries_total Screening queries run (a batch counts each query).\n"
                   "# TYPE embargo_queries_total counter\nembargo_queries_total %lu\n"
                   "# HELP embargo_cache_hits_total Screening responses served from the result cache.\n"
                   "# TYPE embargo_cache_hits_total counter\nembargo_cache_hits_total %lu\n"
                   "# HELP embargo_cache_misses_total Screening responses computed.\n"
                   "# TYPE embargo_cache_misses_total counter\nembargo_cache_misses_total %lu\n"
                   "# HELP embargo_reloads_total Db reloads by result.\n"
                   "# TYPE embargo_reloads_total counter\n"
                   "embargo_reloads_total{result=\"ok\"} %lu\nembargo_reloads_total{result=\"error\"} %lu\n",
                   atomic_load(&m->queries), atomic_load(&m->cache_hits), atomic_load(&m->cache_misses),
                   atomic_load(&m->reloads_ok), atomic_load(&m->reloads_failed));
    if (!d) {
        cli_buf_puts(out, "# HELP embargo_ready 1 when a db is loaded.\n# TYPE embargo_ready gauge\nembargo_ready 0\n");
        return;
    }
    cli_buf_puts(out, "# HELP embargo_ready 1 when a db is loaded.\n# TYPE embargo_ready gauge\nembargo_ready 1\n");
    cli_buf_printf(out,
                   "# HELP embargo_index_info The loaded index: version (hash of the sources) and generation.\n"
                   "# TYPE embargo_index_info gauge\nembargo_index_info{version=\"%s\",loaded_at=\"%s\"} 1\n"
                   "# HELP embargo_index_generation Reload generation of the loaded index (1 = first load).\n"
                   "# TYPE embargo_index_generation gauge\nembargo_index_generation %lu\n"
                   "# HELP embargo_index_entities Entities in the loaded index.\n"
                   "# TYPE embargo_index_entities gauge\nembargo_index_entities %zu\n",
                   d->version, d->loaded_at, d->generation, embargo_db_entity_count(d->db));
    cli_buf_puts(out, "# HELP embargo_list_age_days Days since each list's as-of date (-1: unknown).\n"
                      "# TYPE embargo_list_age_days gauge\n");
    size_t n = embargo_db_source_count(d->db);
    for (size_t i = 0; i < n; i++) {
        embargo_source_info si;
        if (embargo_db_source(d->db, i, &si)) continue;
        double age = srv_age_days(si.as_of);
        cli_buf_puts(out, "embargo_list_age_days{");
        label(out, "source", si.id);
        cli_buf_puts(out, ",");
        label(out, "as_of", si.as_of);
        cli_buf_printf(out, "} %.0f\n", age < 0 ? -1.0 : floor(age));
    }
    cli_buf_puts(out, "# HELP embargo_list_records Records loaded from each list.\n# TYPE embargo_list_records gauge\n");
    for (size_t i = 0; i < n; i++) {
        embargo_source_info si;
        if (embargo_db_source(d->db, i, &si)) continue;
        cli_buf_puts(out, "embargo_list_records{");
        label(out, "source", si.id);
        cli_buf_printf(out, "} %zu\n", si.records);
    }
}
