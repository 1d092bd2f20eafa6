/* bench_speed.c - the speed benchmark: index build and open times, query
 * latency (p50/p99) over a realistic mix of queries, batch throughput on one
 * and on all cores, peak memory; and the same latency with exhaustive
 * scoring in the same run, printed as ratios (the candidate index against
 * scoring every name).
 *
 * usage: bench_speed [--eval DIR] [--index FILE] [--list FILE --no-default]
 *                    [--per-kind N] [--exhaustive-queries N] [--batch N] [--threads N]
 * BENCH_DUMP=FILE writes the query mix, one per line.
 *
 * The lists are built in a forked child (its peak RSS is the build's), then
 * this process opens the saved index and screens: its own peak RSS is what a
 * screening process needs.  With --list FILE --no-default (e.g. a synthetic
 * list from bench/gen_synthetic.py) it measures scale instead.
 * The query mix: hits (dev_variants.jsonl, whose kinds include typos and
 * transliterations), misses (negatives_us.csv), typos of the misses, and
 * Cyrillic/Arabic names; from $EMBARGO_SHARED/eval or ../shared/data/eval,
 * with a built-in fallback. */
#define _GNU_SOURCE
#include "embargo.h"
#include "lists/csv.h"
#include "match/screen.h"
#include "util/file.h"
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { K_HIT, K_MISS, K_TYPO, K_SCRIPT, K_COUNT };
static const char *const kind_names[K_COUNT] = {"hits", "misses", "typos", "non-Latin"};

typedef struct qset {
    char **q;
    int *kind;
    size_t n, cap;
} qset;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void qs_add(qset *s, const char *q, int kind)
{
    if (!q || !*q) return;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->q = realloc(s->q, s->cap * sizeof *s->q);
        s->kind = realloc(s->kind, s->cap * sizeof *s->kind);
    }
    s->q[s->n] = strdup(q);
    s->kind[s->n++] = kind;
}

/* A deterministic typo: substitute, drop, double or swap one letter. */
static void typo(const char *in, char *out, size_t cap, unsigned *seed)
{
    snprintf(out, cap, "%s", in);
    size_t n = strlen(out);
    if (n < 4) return;
    *seed = *seed * 1103515245u + 12345u;
    size_t i = 1 + (*seed >> 8) % (n - 2);
    if (out[i] == ' ' || out[i + 1] == ' ') i = 1;
    switch ((*seed >> 4) % 4) {
    case 0: out[i] = (char)('a' + (*seed >> 12) % 26); break;
    case 1: memmove(out + i, out + i + 1, n - i); break;
    case 2: if (n + 1 < cap) { memmove(out + i + 1, out + i, n - i + 1); } break;
    default: { char c = out[i]; out[i] = out[i + 1]; out[i + 1] = c; } break;
    }
}

static const char *const builtin_scripts[] = {
    "Дмитрий Пантус", "Сергей Лавров", "Владимир Владимирович Путин", "Рамзан Кадыров", "Игорь Сечин",
    "Александр Лукашенко", "Алексей Миллер", "Евгений Пригожин", "Олег Дерипаска", "Иван Петров",
    "أسامة بن لادن", "حسن نصر الله", "علي خامنئي", "محمد رضا نقدي", "قاسم سليماني", "أحمد محمد علي",
    "Ελένη Παπαδοπούλου", "Ким Чен Ын", "Тимур Иванов", "Мария Захарова",
};
static const char *const builtin_hits[] = {
    "Dmitry Pantus", "Sergey Lavrov", "Mohammed Reza Naserzadeh", "Vladimir Putin", "Kim Jong Un",
    "Rosoboronexport", "Bank Melli Iran", "Abu Bakr al-Baghdadi", "Ramzan Kadyrov", "Igor Sechin",
    "Oleg Deripaska", "Evgeny Prigozhin", "Hassan Nasrallah", "Qasem Soleimani", "Alexander Lukashenko",
};
static const char *const builtin_misses[] = {
    "Jane Q. Gardener", "Ingeborg Abrahamsen", "Kathryn Barr", "John Smith", "Maria Garcia Lopez",
    "Wei Zhang", "Olivia Martin", "Lukas Becker", "Sophie Dubois", "Ahmed Hassan Farouk",
    "Acme Widgets Ltd", "Northwind Traders", "Blue Ocean Shipping Co", "Peter Jansen", "Emma Wilson",
};

/* Every full name of negatives_us.csv (people no list holds). */
static void load_customers(const char *dir, qset *s)
{
    char path[1100];
    snprintf(path, sizeof path, "%.1000s/negatives_us.csv", dir);
    char *data;
    size_t len;
    if (emb_file_read(path, &data, &len, NULL)) return;
    emb_csv c;
    emb_csv_init(&c, data, len, ',');
    int col = emb_csv_next(&c) == 1 ? emb_csv_col(&c, "full_name") : -1;
    while (col >= 0 && emb_csv_next(&c) == 1)
        if ((size_t)col < c.n_fields) qs_add(s, c.fields[col], K_MISS);
    emb_csv_free(&c);
    free(data);
}

/* The mix from the eval data: hits (dev_variants.jsonl), then misses (the
 * first per_kind customers) with a typo of every other one. */
static size_t load_eval(const char *dir, qset *s, size_t per_kind, const qset *cust)
{
    char path[1100];
    size_t got = 0;
    snprintf(path, sizeof path, "%.1000s/dev_variants.jsonl", dir);
    FILE *f = fopen(path, "r");
    if (f) {
        char *line = NULL;
        size_t lc = 0, k = 0;
        while (k < per_kind && getline(&line, &lc, f) > 0) {
            json_t *o = json_loads(line, 0, NULL);
            if (!o) continue;
            const char *kind = json_string_value(json_object_get(o, "kind"));
            qs_add(s, json_string_value(json_object_get(o, "query")), kind && !strcmp(kind, "typo") ? K_TYPO : K_HIT);
            k++;
            json_decref(o);
        }
        free(line);
        fclose(f);
        got += k;
    }
    unsigned seed = 7;
    size_t k = 0;
    for (; k < per_kind && k < cust->n; k++) {
        qs_add(s, cust->q[k], K_MISS);
        if (k % 2 == 0) {
            char t[512];
            typo(cust->q[k], t, sizeof t, &seed);
            qs_add(s, t, K_TYPO);
        }
    }
    got += k;
    return got;
}

/* Hits sampled from a (synthetic) list: its "name" column, every k-th row. */
static void load_list_hits(const char *path, qset *s, size_t want)
{
    char *data;
    size_t len;
    if (emb_file_read(path, &data, &len, NULL)) return;
    size_t rows = 0;
    for (size_t i = 0; i < len; i++) rows += data[i] == '\n';
    size_t step = rows / (want + 1) + 1, r = 0, k = 0;
    emb_csv c;
    emb_csv_init(&c, data, len, ',');
    int col = emb_csv_next(&c) == 1 ? emb_csv_col(&c, "name") : -1;
    unsigned seed = 11;
    while (col >= 0 && k < want && emb_csv_next(&c) == 1) {
        if (++r % step || (size_t)col >= c.n_fields) continue;
        if (k % 3 == 2) {
            char t[512];
            typo(c.fields[col], t, sizeof t, &seed);
            qs_add(s, t, K_TYPO);
        } else {
            qs_add(s, c.fields[col], K_HIT);
        }
        k++;
    }
    emb_csv_free(&c);
    free(data);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

typedef struct lat { double p50, p99, mean, max; size_t n; } lat;

static lat summarize(double *us, size_t n)
{
    lat r = {0, 0, 0, 0, n};
    if (!n) return r;
    qsort(us, n, sizeof *us, cmp_double);
    double sum = 0;
    for (size_t i = 0; i < n; i++) sum += us[i];
    r.p50 = us[(n - 1) / 2];
    r.p99 = us[(size_t)((double)(n - 1) * 0.99)];
    r.mean = sum / (double)n;
    r.max = us[n - 1];
    return r;
}

/* Screens each query once, timing each; us[i] in microseconds. */
static void time_queries(embargo_ctx *ctx, const qset *s, size_t n, int exhaustive, double *us, size_t *alerts)
{
    embargo_screen_opts o = EMBARGO_SCREEN_OPTS_INIT;
    o.exhaustive = exhaustive;
    *alerts = 0;
    for (size_t i = 0; i < n; i++) {
        embargo_query q = {0};
        q.name = s->q[i];
        const embargo_match *m;
        size_t k;
        double t0 = now_s();
        int rc = embargo_screen(ctx, &q, &o, &m, &k, NULL);
        us[i] = (now_s() - t0) * 1e6;
        if (rc == 0 && k && m[0].match) (*alerts)++;
    }
}

typedef struct batch_job {
    const embargo_db *db;
    const qset *s;
    size_t total, t, nthreads;
    embargo_ctx *ctx;
} batch_job;

static void *batch_worker(void *arg)
{
    batch_job *j = arg;
    embargo_screen_opts o = EMBARGO_SCREEN_OPTS_INIT;
    o.no_explain = 1; /* as `embargo batch` screens unless --explain: its lines carry no explanations */
    size_t cycle = SIZE_MAX;
    for (size_t i = j->t; i < j->total; i += j->nthreads) {
        /* each round of the mix meets its words as new: the context's memo
         * would otherwise know them all from the first round */
        if (i / j->s->n != cycle) {
            cycle = i / j->s->n;
            emb_ctx_forget(j->ctx);
        }
        embargo_query q = {0};
        q.name = j->s->q[i % j->s->n];
        const embargo_match *m;
        size_t k;
        embargo_screen(j->ctx, &q, &o, &m, &k, NULL);
    }
    return NULL;
}

static double batch_rate(const embargo_db *db, const qset *s, size_t total, size_t nthreads)
{
    batch_job *jobs = calloc(nthreads, sizeof *jobs);
    pthread_t *tids = calloc(nthreads, sizeof *tids);
    for (size_t t = 0; t < nthreads; t++) {
        jobs[t] = (batch_job){db, s, total, t, nthreads, NULL};
        if (embargo_ctx_new(&jobs[t].ctx, db)) { fprintf(stderr, "out of memory\n"); exit(1); }
    }
    double t0 = now_s();
    for (size_t t = 0; t < nthreads; t++) pthread_create(&tids[t], NULL, batch_worker, &jobs[t]);
    for (size_t t = 0; t < nthreads; t++) pthread_join(tids[t], NULL);
    double el = now_s() - t0;
    for (size_t t = 0; t < nthreads; t++) embargo_ctx_free(jobs[t].ctx);
    free(jobs);
    free(tids);
    return (double)total / el;
}

typedef struct build_result { double parse, index, save; int ok; long maxrss_kb; size_t n_ents; } build_result;

/* Builds the lists in a child process and saves the index to idx_path. */
static build_result build_in_child(int no_default, const char *list, const char *idx_path)
{
    build_result r = {0};
    int fds[2];
    if (pipe(fds)) return r;
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        build_result c = {0};
        embargo_loader *l;
        embargo_db *db = NULL;
        embargo_error err = {0};
        double t0 = now_s();
        int rc = embargo_loader_new(&l);
        if (!rc && !no_default) rc = embargo_loader_add_manifest(l, NULL, NULL, &err);
        if (!rc && list) rc = embargo_loader_add_source(l, "synthetic", "auto", &list, 1, NULL, &err);
        double t1 = now_s();
        if (!rc) rc = embargo_loader_finish(&db, l, &err);
        double t2 = now_s();
        embargo_loader_free(l);
        if (!rc) rc = embargo_db_save(db, idx_path, &err);
        double t3 = now_s();
        if (rc) fprintf(stderr, "bench_speed: build failed: %s\n", err.msg);
        c.parse = t1 - t0;
        c.index = t2 - t1;
        c.save = t3 - t2;
        c.ok = rc == 0;
        c.n_ents = embargo_db_entity_count(db);
        embargo_db_free(db);
        if (write(fds[1], &c, sizeof c) != (ssize_t)sizeof c) _exit(1);
        _exit(0);
    }
    close(fds[1]);
    if (pid < 0 || read(fds[0], &r, sizeof r) != (ssize_t)sizeof r) r.ok = 0;
    close(fds[0]);
    int st;
    if (pid > 0) waitpid(pid, &st, 0);
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    r.maxrss_kb = ru.ru_maxrss;
    return r;
}

static const char *verdict(double v, double target, int lower_is_better)
{
    return (lower_is_better ? v <= target : v >= target) ? "ok" : "MISSED";
}

int main(int argc, char **argv)
{
    const char *eval = NULL, *index = NULL, *list = NULL;
    int no_default = 0;
    size_t per_kind = 600, n_exh = 0, batch_n = 30000, threads = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--eval") && v) eval = argv[++i];
        else if (!strcmp(a, "--index") && v) index = argv[++i];
        else if (!strcmp(a, "--list") && v) list = argv[++i];
        else if (!strcmp(a, "--no-default")) no_default = 1;
        else if (!strcmp(a, "--per-kind") && v) { per_kind = (size_t)atol(v); i++; }
        else if (!strcmp(a, "--exhaustive-queries") && v) { n_exh = (size_t)atol(v); i++; }
        else if (!strcmp(a, "--batch") && v) { batch_n = (size_t)atol(v); i++; }
        else if (!strcmp(a, "--threads") && v) { threads = (size_t)atol(v); i++; }
        else {
            fprintf(stderr, "usage: bench_speed [--eval DIR] [--index FILE] [--list FILE --no-default] [--per-kind N]\n"
                            "                   [--exhaustive-queries N] [--batch N] [--threads N]\n");
            return 2;
        }
    }
    int scale = list && no_default;
    char evalbuf[1024];
    if (!eval) {
        const char *sh = getenv("EMBARGO_SHARED");
        if (sh && *sh) { snprintf(evalbuf, sizeof evalbuf, "%s/eval", sh); eval = evalbuf; }
        else eval = EMBARGO_SOURCE_DIR "/../shared/data/eval";
    }
    if (!threads) { long nc = sysconf(_SC_NPROCESSORS_ONLN); threads = nc > 0 ? (size_t)nc : 1; }
    if (!n_exh) n_exh = scale ? 20 : 300;

    /* ---- build (child) ---- */
    char tmp_idx[] = "/tmp/embargo-bench-XXXXXX";
    int tfd = mkstemp(tmp_idx);
    if (tfd >= 0) close(tfd);
    build_result br = {0};
    const char *idx_path = index;
    printf("embargo %s speed benchmark (%s)\n", EMBARGO_VERSION,
           scale ? list : list ? "shipped lists + --list" : "shipped lists");
    if (!index) {
        br = build_in_child(no_default, list, tmp_idx);
        if (!br.ok) { unlink(tmp_idx); return 1; }
        idx_path = tmp_idx;
        double total = br.parse + br.index;
        printf("build: %zu entities; parse %.2f s, normalize+index %.2f s, total %.2f s (target <= %s) %s; write %.2f s\n",
               br.n_ents, br.parse, br.index, total, scale ? "n/a" : "3 s", scale ? "" : verdict(total, 3.0, 1), br.save);
        printf("build peak RSS: %.1f MB\n", br.maxrss_kb / 1024.0);
    }
    struct stat st;
    if (stat(idx_path, &st) == 0) printf("index file: %.1f MB\n", st.st_size / 1e6);

    /* ---- open ---- */
    embargo_db *db = NULL;
    embargo_error err = {0};
    double best_open = 1e9, first_open = 0;
    for (int r = 0; r < 5; r++) {
        if (db) embargo_db_free(db);
        double t0 = now_s();
        if (embargo_db_open(&db, idx_path, &err)) { fprintf(stderr, "bench_speed: %s\n", err.msg); return 1; }
        double el = now_s() - t0;
        if (r == 0) first_open = el;
        if (el < best_open) best_open = el;
    }
    printf("open: %.1f ms first, %.1f ms best of 5 (target <= %s) %s\n", first_open * 1e3, best_open * 1e3,
           scale ? "n/a" : "50 ms", scale ? "" : verdict(best_open * 1e3, 50, 1));
    if (!index) unlink(tmp_idx);

    /* ---- queries ---- */
    qset s = {0};
    if (scale) load_list_hits(list, &s, per_kind);
    qset cust = {0}; /* negatives_us.csv: the mix's misses, and a customer file */
    load_customers(eval, &cust);
    size_t from_eval = load_eval(eval, &s, per_kind, &cust);
    if (!from_eval) {
        printf("(eval data not found in %s: built-in queries)\n", eval);
        for (size_t i = 0; i < sizeof builtin_hits / sizeof *builtin_hits; i++) qs_add(&s, builtin_hits[i], K_HIT);
        unsigned seed = 3;
        for (size_t i = 0; i < sizeof builtin_misses / sizeof *builtin_misses; i++) {
            char t[256];
            qs_add(&s, builtin_misses[i], K_MISS);
            typo(builtin_misses[i], t, sizeof t, &seed);
            qs_add(&s, t, K_TYPO);
        }
    }
    for (size_t i = 0; i < sizeof builtin_scripts / sizeof *builtin_scripts; i++) qs_add(&s, builtin_scripts[i], K_SCRIPT);
    /* interleave kinds so a prefix (the exhaustive subset) is a mix too */
    for (size_t i = s.n; i > 1; i--) {
        size_t j = (i * 2654435761u) % i;
        char *q = s.q[i - 1]; s.q[i - 1] = s.q[j]; s.q[j] = q;
        int k = s.kind[i - 1]; s.kind[i - 1] = s.kind[j]; s.kind[j] = k;
    }
    size_t kc[K_COUNT] = {0};
    for (size_t i = 0; i < s.n; i++) kc[s.kind[i]]++;
    if (getenv("BENCH_DUMP")) { /* the mix, one query per line, for profiling elsewhere */
        FILE *o = fopen(getenv("BENCH_DUMP"), "w");
        for (size_t i = 0; o && i < s.n; i++) fprintf(o, "%s\n", s.q[i]);
        if (!o || fclose(o)) { perror("BENCH_DUMP"); return 1; }
    }
    printf("queries: %zu (%zu hits, %zu misses, %zu typos, %zu non-Latin)\n", s.n, kc[K_HIT], kc[K_MISS], kc[K_TYPO], kc[K_SCRIPT]);

    embargo_ctx *ctx;
    if (embargo_ctx_new(&ctx, db)) { fprintf(stderr, "out of memory\n"); return 1; }
    double *us = malloc(s.n * sizeof *us), *kus = malloc(s.n * sizeof *kus);
    size_t alerts;
    time_queries(ctx, &s, s.n, 0, us, &alerts); /* warm-up: caches and pages */
    emb_ctx_forget(ctx); /* but not the memo of the words (the mix meets them as new) */
    time_queries(ctx, &s, s.n, 0, us, &alerts);
    for (int k = 0; k < K_COUNT; k++) {
        size_t m = 0;
        for (size_t i = 0; i < s.n; i++) if (s.kind[i] == k) kus[m++] = us[i];
        lat l = summarize(kus, m);
        if (m) printf("  %-9s p50 %7.1f us  p99 %8.1f us  (%zu)\n", kind_names[k], l.p50, l.p99, m);
    }
    lat li = summarize(us, s.n);
    double p50t = scale ? 200 : 20, p99t = 200;
    printf("latency (indexed, explained): p50 %.1f us (target <= %.0f) %s, p99 %.1f us (target <= %.0f) %s, mean %.1f, max %.1f; alerts %zu/%zu\n",
           li.p50, p50t, verdict(li.p50, p50t, 1), li.p99, p99t, scale ? "(scale: no target)" : verdict(li.p99, p99t, 1),
           li.mean, li.max, alerts, s.n);

    /* exhaustive scoring on a prefix of the same mix, and the same prefix indexed */
    if (n_exh > s.n) n_exh = s.n;
    double *eus = malloc(n_exh * sizeof *eus), *ius = malloc(n_exh * sizeof *ius);
    size_t ealerts, ialerts, same_top = 0;
    time_queries(ctx, &s, n_exh, 0, ius, &ialerts);
    time_queries(ctx, &s, n_exh, 1, eus, &ealerts);
    /* do the two paths agree on the best match? (recall of the candidate index) */
    embargo_ctx *ctx2;
    embargo_ctx_new(&ctx2, db);
    for (size_t i = 0; i < n_exh; i++) {
        embargo_query q = {0};
        q.name = s.q[i];
        embargo_screen_opts o = EMBARGO_SCREEN_OPTS_INIT, oe = EMBARGO_SCREEN_OPTS_INIT;
        oe.exhaustive = 1;
        const embargo_match *a, *b;
        size_t na = 0, nb = 0;
        embargo_screen(ctx, &q, &o, &a, &na, NULL);
        embargo_screen(ctx2, &q, &oe, &b, &nb, NULL);
        int ta = na && a[0].match, tb = nb && b[0].match;
        same_top += ta == tb && (!ta || a[0].entity == b[0].entity);
    }
    embargo_ctx_free(ctx2);
    lat le = summarize(eus, n_exh), lx = summarize(ius, n_exh);
    printf("latency (exhaustive, %zu queries): p50 %.1f us, p99 %.1f us; indexed on the same: p50 %.1f us, p99 %.1f us\n",
           n_exh, le.p50, le.p99, lx.p50, lx.p99);
    printf("  exhaustive / indexed: p50 x%.1f, p99 x%.1f; same alert and top match: %zu/%zu; alerts %zu vs %zu\n",
           lx.p50 > 0 ? le.p50 / lx.p50 : 0, lx.p99 > 0 ? le.p99 / lx.p99 : 0, same_top, n_exh, ealerts, ialerts);
    embargo_ctx_free(ctx);

    /* ---- batch ---- */
    double r1 = batch_rate(db, &s, batch_n, 1);
    double rn = threads > 1 ? batch_rate(db, &s, batch_n, threads) : r1;
    printf("batch (as embargo batch: no explanations): %.0f names/s on 1 thread, %.0f names/s on %zu threads (x%.2f; target >= 100000 on 2) %s\n", r1, rn,
           threads, rn / r1, scale ? "" : verdict(rn, 100000, 0));
    /* a customer file: distinct names, each screened once, on new
     * contexts: what a bank's re-screening meets (common given names and
     * surnames again and again, which the contexts' memo of words serves) */
    if (!scale && cust.n) {
        double c1 = batch_rate(db, &cust, cust.n, 1);
        double cn = threads > 1 ? batch_rate(db, &cust, cust.n, threads) : c1;
        printf("batch of a customer file (negatives_us.csv: %zu distinct names, none listed, each once): %.0f names/s on 1 thread, %.0f on %zu threads\n",
               cust.n, c1, cn, threads);
        /* a server's steady state: the latency of the mix on a context that
         * has screened the customer names first, all but those the mix
         * took its misses from (the mix's names stay unseen; common given
         * names and surnames are known, as they are after a day of traffic) */
        embargo_ctx *warm;
        if (cust.n > per_kind && embargo_ctx_new(&warm, db) == 0) {
            embargo_screen_opts o = EMBARGO_SCREEN_OPTS_INIT;
            o.no_explain = 1;
            for (size_t i = per_kind; i < cust.n; i++) {
                embargo_query q = {0};
                q.name = cust.q[i];
                const embargo_match *m;
                size_t k;
                embargo_screen(warm, &q, &o, &m, &k, NULL);
            }
            time_queries(warm, &s, s.n, 0, us, &alerts);
            lat lw = summarize(us, s.n);
            printf("latency (indexed, explained) after %zu other customer names on the same context: p50 %.1f us, p99 %.1f us, mean %.1f\n",
                   cust.n - per_kind, lw.p50, lw.p99, lw.mean);
            embargo_ctx_free(warm);
        }
    }

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double rss = ru.ru_maxrss / 1024.0;
    printf("screening peak RSS: %.1f MB (index mapped + %zu contexts; target <= %s) %s\n", rss, threads,
           scale ? "2 GB" : "150 MB", verdict(rss, scale ? 2048 : 150, 1));
    embargo_db_free(db);
    for (size_t i = 0; i < s.n; i++) free(s.q[i]);
    free(s.q);
    free(s.kind);
    free(us);
    free(kus);
    free(eus);
    free(ius);
    return 0;
}
