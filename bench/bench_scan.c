/* bench_scan.c - throughput of embargo_scan on a news-like corpus.
 *
 * The corpus (about 20 MB, built in memory): the acceptance article,
 * perturbed (names moved between sentences, words swapped), interleaved with
 * filler sentences of common English words, places and names that no list
 * holds.  Prints MB/s on one core (one ctx, one thread: the scan is
 * single-threaded per ctx, so this is the per-core figure) for the full
 * scan, against a baseline measured in the same run: the segmenter alone
 * (words and sentences, no matching).  Usage: bench_scan [MB] */
#define _POSIX_C_SOURCE 200809L
#include "embargo.h"
#include "scan/scan.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this process: on a busy machine the wall clock also counts
 * the time other processes held the core */
static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}
#define PICK(a) a[next() % (sizeof a / sizeof a[0])]

static const char *const words[] = {
    "the", "government", "said", "on", "Thursday", "that", "it", "would", "expand", "trade", "with",
    "its", "neighbours", "and", "strengthen", "ties", "in", "energy", "finance", "and", "transport",
    "officials", "told", "reporters", "after", "a", "meeting", "of", "ministers", "where", "talks",
    "focused", "on", "prices", "markets", "growth", "security", "cooperation", "investment", "new",
    "rules", "for", "banks", "companies", "exports", "imports", "shipping", "ports", "weather",
    "football", "season", "election", "budget", "reform", "health", "schools", "police", "court",
    "analysts", "expect", "further", "increase", "next", "year", "week", "month", "according", "to",
    "sources", "familiar", "with", "the", "matter", "who", "asked", "not", "to", "be", "named"};
static const char *const people[] = {
    "Peter Holloway", "Jane Gardener", "Oliver Brandt", "Maria Castellano", "Tomasz Nowicki",
    "Hannah Lindqvist", "Kwame Mensah", "Ana Ribeiro", "Lukas Hoffmann", "Sofia Marchetti",
    "Daniel Okafor", "Emily Carter", "Rafael Moreau", "Ingrid Solberg", "Yuki Tanaka"};
static const char *const places[] = {
    "Minsk", "Tehran", "Moscow", "Berlin", "Paris", "London", "Warsaw", "Vienna", "Brussels",
    "Geneva", "Istanbul", "Dubai", "Beijing", "Washington", "Kyiv"};

typedef struct buf { char *p; size_t n, cap; } buf;
static void put(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p) { perror("realloc"); exit(1); }
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}
static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

static void filler(buf *b)
{
    int n = 8 + (int)(next() % 18);
    for (int i = 0; i < n; i++) {
        const char *w = next() % 9 == 0 ? PICK(people) : next() % 11 == 0 ? PICK(places) : PICK(words);
        if (i == 0) {
            char c[64];
            snprintf(c, sizeof c, "%s", w);
            if (c[0] >= 'a' && c[0] <= 'z') c[0] = (char)(c[0] - 32);
            puts_(b, c);
        } else {
            puts_(b, " ");
            puts_(b, w);
        }
    }
    puts_(b, next() % 7 ? ". " : ".\n\n");
}

int main(int argc, char **argv)
{
    double mb = argc > 1 ? atof(argv[1]) : 20;
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/fixtures/docs/iran-belarus-military-ties-2025-10.txt", EMBARGO_SOURCE_DIR);
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); return 1; }
    char article[8192];
    size_t an = fread(article, 1, sizeof article - 1, f);
    fclose(f);
    article[an] = '\0';
    /* sentences of the article, to shuffle */
    char *sent[64];
    size_t ns = 0;
    for (char *p = strtok(article, "\n"); p && ns < 64; p = strtok(NULL, "\n")) sent[ns++] = p;
    buf b = {0};
    size_t target = (size_t)(mb * 1024 * 1024);
    while (b.n < target) {
        for (int k = 0; k < 20; k++) filler(&b);
        /* the article, its sentences in another order */
        for (size_t i = 0; i < ns; i++) {
            puts_(&b, sent[(i + next()) % ns]);
            puts_(&b, "\n");
        }
    }
    printf("corpus: %.1f MB (article + filler)\n", (double)b.n / 1048576.0);

    double t0 = now();
    embargo_loader *l;
    embargo_db *db;
    embargo_error err = {0};
    if (embargo_loader_new(&l) || embargo_loader_add_manifest(l, NULL, NULL, &err) || embargo_loader_finish(&db, l, &err)) {
        fprintf(stderr, "load: %s\n", err.msg);
        return 1;
    }
    embargo_loader_free(l);
    embargo_ctx *ctx;
    embargo_ctx_new(&ctx, db);
    double t1 = now();
    const embargo_mention *m;
    size_t n;
    /* first call builds the scan tables */
    embargo_scan(ctx, "warm up", 7, NULL, &m, &n, NULL, &err);
    double t2 = now();
    printf("lists loaded in %.2f s; scan tables built in %.3f s\n", t1 - t0, t2 - t1);

    /* baseline: segmentation alone */
    emb_word *w = malloc(256 * sizeof *w);
    emb_segmenter seg;
    emb_segmenter_init(&seg, b.p, b.n);
    size_t nw, ss, se, words_total = 0, sentences = 0;
    double s0 = now();
    while (emb_segment_next(&seg, w, 256, &nw, &ss, &se)) { words_total += nw; sentences++; }
    double s1 = now();
    double seg_mbs = (double)b.n / 1048576.0 / (s1 - s0);

    double c0 = now(), p0 = cpu();
    int rc = embargo_scan(ctx, b.p, b.n, NULL, &m, &n, NULL, &err);
    double c1 = now(), p1 = cpu();
    if (rc) { fprintf(stderr, "scan: %s\n", err.msg); return 1; }
    size_t al = 0;
    for (size_t i = 0; i < n; i++) al += m[i].match != 0;
    double scan_mbs = (double)b.n / 1048576.0 / (c1 - c0);
    printf("segmenter alone: %.1f MB/s (%zu words, %zu sentences)\n", seg_mbs, words_total, sentences);
    printf("scan:            %.1f MB/s per core (%.2f s; %zu mentions, %zu alerts) = %.2f x segmenter\n", scan_mbs,
           c1 - c0, n, al, scan_mbs / seg_mbs);
    printf("scan CPU time:   %.2f s (%.1f MB/s of CPU time)\n", p1 - p0, (double)b.n / 1048576.0 / (p1 - p0));
    if (getenv("BENCH_SHOW")) {
        for (size_t i = 0; i < n; i++) {
            embargo_entity e;
            embargo_db_entity(db, m[i].entity, &e);
            printf("%s %.2f %.*s -> %s\n", m[i].match ? "ALERT" : "low", m[i].score, (int)(m[i].end - m[i].start), m[i].text, e.name);
        }
    }
    printf("target >= 20 MB/s per core: %s\n", scan_mbs >= 20 ? "met" : "NOT met");
    free(w);
    free(b.p);
    embargo_ctx_free(ctx);
    embargo_db_free(db);
    return 0;
}
