/* db.c - the server's reference-counted db holder (hot reload), its pool of
 * query contexts, its result cache, and the response string buffer. */
#include "server/server.h"
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* JSON strings in response bodies                                    */
/* ------------------------------------------------------------------ */

/* Length of a valid UTF-8 sequence at s, 0 if invalid. */
static size_t utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80) return 1;
    size_t n = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (!n || (n == 2 && s[0] < 0xC2)) return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    return n;
}

void srv_json_string(cli_buf *b, const char *s)
{
    cli_buf_add(b, "\"", 1);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        const unsigned char *run = p;
        while (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') p++;
        if (p > run) cli_buf_add(b, (const char *)run, (size_t)(p - run));
        if (!*p) break;
        if (*p == '"') { cli_buf_add(b, "\\\"", 2); p++; }
        else if (*p == '\\') { cli_buf_add(b, "\\\\", 2); p++; }
        else if (*p < 0x20) { cli_buf_printf(b, "\\u%04x", *p); p++; }
        else {
            size_t n = utf8_len(p);
            if (n) { cli_buf_add(b, (const char *)p, n); p += n; }
            else { cli_buf_add(b, "\\ufffd", 6); p++; }
        }
    }
    cli_buf_add(b, "\"", 1);
}

/* ------------------------------------------------------------------ */
/* Result cache: direct-mapped, striped locks.  Keys are the canonical    */
/* request; values the response body, in one refcounted blob with the    */
/* key.  The db is immutable, so an entry is valid for as long as its     */
/* holder lives; a blob being sent outlives both.                         */
/* ------------------------------------------------------------------ */

#define CACHE_STRIPES 64

struct srv_cache {
    size_t n;
    srv_blob **slots;
    pthread_mutex_t locks[CACHE_STRIPES];
};

static uint64_t fnv1a(const void *p, size_t n, uint64_t h)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) { h ^= s[i]; h *= 1099511628211ULL; }
    return h;
}

void srv_blob_release(srv_blob *b)
{
    if (b && atomic_fetch_sub_explicit(&b->refs, 1, memory_order_acq_rel) == 1) free(b);
}

static srv_cache *cache_new(size_t n)
{
    srv_cache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->slots = calloc(n, sizeof *c->slots);
    if (!c->slots) { free(c); return NULL; }
    c->n = n;
    for (size_t i = 0; i < CACHE_STRIPES; i++) pthread_mutex_init(&c->locks[i], NULL);
    return c;
}

static void cache_free(srv_cache *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n; i++) srv_blob_release(c->slots[i]);
    for (size_t i = 0; i < CACHE_STRIPES; i++) pthread_mutex_destroy(&c->locks[i]);
    free(c->slots);
    free(c);
}

srv_blob *srv_cache_get(srv_db *d, const char *key, size_t key_len)
{
    srv_cache *c = d->cache;
    if (!c) return NULL;
    uint64_t h = fnv1a(key, key_len, 14695981039346656037ULL);
    size_t i = (size_t)(h % c->n);
    srv_blob *out = NULL;
    pthread_mutex_lock(&c->locks[i % CACHE_STRIPES]);
    srv_blob *b = c->slots[i];
    if (b && b->hash == h && b->key_len == key_len && !memcmp(b->data, key, key_len)) {
        atomic_fetch_add_explicit(&b->refs, 1, memory_order_relaxed);
        out = b;
    }
    pthread_mutex_unlock(&c->locks[i % CACHE_STRIPES]);
    return out;
}

void srv_cache_put(srv_db *d, const char *key, size_t key_len, const char *val, size_t len)
{
    srv_cache *c = d->cache;
    if (!c) return;
    srv_blob *b = malloc(sizeof *b + key_len + len + 2);
    if (!b) return;
    atomic_init(&b->refs, 1); /* the cache's reference */
    b->hash = fnv1a(key, key_len, 14695981039346656037ULL);
    b->key_len = key_len;
    b->len = len;
    memcpy(b->data, key, key_len);
    b->data[key_len] = '\0';
    memcpy(b->data + key_len + 1, val, len);
    b->data[key_len + 1 + len] = '\0';
    size_t i = (size_t)(b->hash % c->n);
    pthread_mutex_lock(&c->locks[i % CACHE_STRIPES]);
    srv_blob *old = c->slots[i];
    c->slots[i] = b;
    pthread_mutex_unlock(&c->locks[i % CACHE_STRIPES]);
    srv_blob_release(old); /* freed now, or when its last response is sent */
}

/* ------------------------------------------------------------------ */
/* Holder                                                             */
/* ------------------------------------------------------------------ */

double srv_age_days(const char *as_of)
{
    struct tm tm = {0};
    int y = 0, m = 1, d = 1;
    if (!as_of || sscanf(as_of, "%d-%d-%d", &y, &m, &d) < 1 || y < 1900) return -1;
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = 12;
    return difftime(time(NULL), timegm(&tm)) / 86400.0;
}

/* The index version: a hash over every source's id, as-of date and file
 * checksums, so that two servers loading the same publications agree. */
static void db_version(const embargo_db *db, char *out, size_t cap)
{
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < embargo_db_source_count(db); i++) {
        embargo_source_info si;
        if (embargo_db_source(db, i, &si)) continue;
        h = fnv1a(si.id, strlen(si.id) + 1, h);
        h = fnv1a(si.as_of, strlen(si.as_of) + 1, h);
        for (size_t k = 0; k < si.n_files; k++)
            if (si.file_sha256[k]) h = fnv1a(si.file_sha256[k], strlen(si.file_sha256[k]) + 1, h);
        char cnt[32];
        snprintf(cnt, sizeof cnt, "%zu", si.records);
        h = fnv1a(cnt, strlen(cnt) + 1, h);
    }
    snprintf(out, cap, "%016" PRIx64, h);
}

/* Stale-list warnings, the same as the CLI prints (EMBARGO_MAX_AGE_DAYS, 90). */
static char *db_warnings(const embargo_db *db)
{
    double max_age = 90;
    const char *env = getenv("EMBARGO_MAX_AGE_DAYS");
    if (env && *env) max_age = atof(env);
    cli_buf b = {0};
    cli_buf_puts(&b, "[");
    int first = 1;
    for (size_t i = 0; i < embargo_db_source_count(db); i++) {
        embargo_source_info si;
        if (embargo_db_source(db, i, &si)) continue;
        double age = srv_age_days(si.as_of);
        if (age <= max_age) continue;
        cli_buf_puts(&b, first ? "{\"type\":\"stale_list\",\"source\":" : ",{\"type\":\"stale_list\",\"source\":");
        srv_json_string(&b, si.id);
        cli_buf_puts(&b, ",\"as_of\":");
        srv_json_string(&b, si.as_of);
        cli_buf_printf(&b, ",\"age_days\":%d}", (int)floor(age));
        first = 0;
    }
    cli_buf_puts(&b, "]");
    if (b.oom) { free(b.p); return NULL; }
    return b.p;
}

srv_db *srv_db_new(embargo_db *db, unsigned long generation, size_t cache_entries)
{
    srv_db *d = calloc(1, sizeof *d);
    if (!d) { embargo_db_free(db); return NULL; }
    d->db = db;
    atomic_init(&d->refs, 1);
    d->generation = generation;
    for (size_t i = 0; i < SRV_CTX_SLOTS; i++) atomic_init(&d->ctx_slots[i], NULL);
    db_version(db, d->version, sizeof d->version);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(d->loaded_at, sizeof d->loaded_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    d->warnings = db_warnings(db);
    if (cache_entries) d->cache = cache_new(cache_entries);
    if (!d->warnings || (cache_entries && !d->cache)) { d->refs = 1; srv_db_release(d); return NULL; }
    return d;
}

void srv_db_release(srv_db *d)
{
    if (!d) return;
    if (atomic_fetch_sub(&d->refs, 1) != 1) return;
    for (size_t i = 0; i < SRV_CTX_SLOTS; i++) embargo_ctx_free(atomic_load(&d->ctx_slots[i]));
    cache_free(d->cache);
    free(d->warnings);
    embargo_db_free(d->db);
    free(d);
}

/* The slot a thread tries first: worker threads are long-lived, so each
 * keeps finding the ctx it put back, and two threads rarely touch the same
 * slot (no lock, no shared cache line in the common case). */
static size_t home_slot(void)
{
    pthread_t self = pthread_self();
    uint64_t h = fnv1a(&self, sizeof self, 14695981039346656037ULL);
    return (size_t)(h % SRV_CTX_SLOTS);
}

embargo_ctx *srv_db_ctx_get(srv_db *d)
{
    size_t home = home_slot();
    for (size_t k = 0; k < SRV_CTX_SLOTS; k++) {
        _Atomic(embargo_ctx *) *slot = &d->ctx_slots[(home + k) % SRV_CTX_SLOTS];
        if (!atomic_load_explicit(slot, memory_order_relaxed)) continue;
        embargo_ctx *c = atomic_exchange_explicit(slot, NULL, memory_order_acquire);
        if (c) return c;
    }
    embargo_ctx *c = NULL;
    if (embargo_ctx_new(&c, d->db)) return NULL;
    return c;
}

void srv_db_ctx_put(srv_db *d, embargo_ctx *ctx)
{
    if (!ctx) return;
    size_t home = home_slot();
    for (size_t k = 0; k < SRV_CTX_SLOTS; k++) {
        embargo_ctx *expect = NULL;
        if (atomic_compare_exchange_strong_explicit(&d->ctx_slots[(home + k) % SRV_CTX_SLOTS], &expect, ctx,
                                                    memory_order_release, memory_order_relaxed))
            return;
    }
    embargo_ctx_free(ctx); /* more requests at once than slots: rare, and correct */
}

/* ------------------------------------------------------------------ */
/* Loading and swapping                                               */
/* ------------------------------------------------------------------ */

/* The source id of a --list file: its base name without extension (as the
 * CLI names it, so that ids agree between `embargo screen` and the server). */
static void list_source_id(const char *path, char *out, size_t cap)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    snprintf(out, cap, "%s", b);
    char *dot = strchr(out, '.');
    if (dot && dot != out) *dot = '\0';
}

int srv_load(const cli_lists *o, embargo_db **out, embargo_error *err)
{
    if (o->index) return embargo_db_open(out, o->index, err);
    /* the shipped lists as they are: their prebuilt index opens in
     * milliseconds where parsing takes seconds (and a reload after the data
     * changed finds it stale and builds a fresh one) */
    if (!o->n_lists && !o->no_default && !o->data_dir && !o->sources) return cli_open_default_index(out, err);
    embargo_loader *l;
    int rc = embargo_loader_new(&l);
    if (rc) return rc;
    if (!o->no_default) rc = embargo_loader_add_manifest(l, o->data_dir, o->sources, err);
    for (size_t i = 0; i < o->n_lists && !rc; i++) {
        char id[256];
        list_source_id(o->lists[i], id, sizeof id);
        rc = embargo_loader_add_source(l, id, "auto", &o->lists[i], 1, NULL, err);
    }
    if (!rc) rc = embargo_loader_finish(out, l, err);
    embargo_loader_free(l);
    return rc;
}

srv_db *srv_acquire(srv_state *s)
{
    pthread_mutex_lock(&s->lock);
    srv_db *d = s->current;
    if (d) atomic_fetch_add(&d->refs, 1);
    pthread_mutex_unlock(&s->lock);
    return d;
}

/* A context's first name in a script builds what normalizes that script,
 * and the first in the process compiles ICU's rules for it (Han: about 150
 * ms, Latin with diacritics 30 ms); its first text builds the scan tables
 * (30 ms): done here, before the lists are served, so that no request pays
 * it.  The warmed context stays in the pool. */
static void srv_warm(srv_db *d)
{
    static const char *const names[] = {
        "Leão Müller Øster Dvořák", "محمد عبد الله", "محمدرضا حسینی", "דוד כהן", "Γιώργος Παπαδόπουλος",
        "Дмитрий Пантус", "Тарас Шевченко", "Հայկ Պետրոսյան", "გიორგი ბერიძე", "राहुल शर्मा",
        "রহিম উদ্দিন", "முருகன் செல்வம்", "สมชาย ใจดี", "王建平", "김정은", "さとう たろう", "サトウ タロウ",
    };
    embargo_ctx *c = srv_db_ctx_get(d);
    if (!c) return;
    char buf[1024];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) embargo_normalize(c, names[i], buf, sizeof buf);
    const embargo_mention *m;
    size_t n;
    embargo_scan(c, "Warm-up.", 8, NULL, &m, &n, NULL, NULL);
    srv_db_ctx_put(d, c);
}

int srv_reload(srv_state *s, char *msg, size_t cap)
{
    pthread_mutex_lock(&s->reload_lock);
    embargo_db *db = NULL;
    embargo_error err = {0};
    int rc = srv_load(&s->lists, &db, &err);
    if (rc) {
        snprintf(msg, cap, "%s", err.msg[0] ? err.msg : embargo_strerror(rc));
        atomic_fetch_add(&s->metrics.reloads_failed, 1);
        pthread_mutex_unlock(&s->reload_lock);
        return -1;
    }
    srv_db *d = srv_db_new(db, ++s->generation, s->cfg.cache);
    if (!d) {
        snprintf(msg, cap, "out of memory");
        atomic_fetch_add(&s->metrics.reloads_failed, 1);
        pthread_mutex_unlock(&s->reload_lock);
        return -1;
    }
    srv_warm(d);
    pthread_mutex_lock(&s->lock);
    srv_db *old = s->current;
    s->current = d;
    pthread_mutex_unlock(&s->lock);
    srv_db_release(old); /* freed now, or when its last request ends */
    snprintf(msg, cap, "generation %lu, version %s, %zu entities", d->generation, d->version, embargo_db_entity_count(d->db));
    atomic_fetch_add(&s->metrics.reloads_ok, 1);
    pthread_mutex_unlock(&s->reload_lock);
    return 0;
}
