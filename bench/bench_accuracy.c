/* bench_accuracy.c - the accuracy benchmark on the development sets in
 * shared/data/eval (see its README), for the default scorer and for
 * --algorithm ofac side by side, plus the candidate-index recall against
 * exhaustive scoring and a threshold sweep (how the default threshold was
 * chosen).
 *
 * usage: bench_accuracy [EVAL_DIR] [--negatives N] [--quick] [--variants FILE]
 * EVAL_DIR defaults to $EMBARGO_SHARED/eval or ../shared/data/eval.
 * --variants: name variants from FILE (the format of dev_variants.jsonl)
 * instead, such as a set that bench/gen_variants.py made from other OFAC
 * entries: a held-out check of the rules tuned on the development set. */
#include "embargo.h"
#include "lists/csv.h"
#include "util/file.h"
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct variant { char *query, *expect_id, *kind; } variant;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t load_variants(const char *path, variant **out)
{
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = 0, cap = 1024;
    variant *v = calloc(cap, sizeof *v);
    char *line = NULL;
    size_t lc = 0;
    while (getline(&line, &lc, f) > 0) {
        json_t *o = json_loads(line, 0, NULL);
        if (!o) continue;
        if (n == cap) { cap *= 2; v = realloc(v, cap * sizeof *v); }
        v[n].query = strdup(json_string_value(json_object_get(o, "query")));
        v[n].expect_id = strdup(json_string_value(json_object_get(o, "expect_id")));
        v[n].kind = strdup(json_string_value(json_object_get(o, "kind")));
        n++;
        json_decref(o);
    }
    free(line);
    fclose(f);
    *out = v;
    return n;
}

/* Reads column `col` of a CSV with a header (and optionally other columns). */
static size_t load_csv_col(const char *path, const char *col, char ***out, const char *col2, char ***out2)
{
    char *data;
    size_t len;
    if (emb_file_read(path, &data, &len, NULL)) return 0;
    emb_csv c;
    emb_csv_init(&c, data, len, ',');
    size_t n = 0, cap = 1024;
    char **v = calloc(cap, sizeof *v), **v2 = col2 ? calloc(cap, sizeof *v2) : NULL;
    int ci = -1, ci2 = -1;
    if (emb_csv_next(&c) == 1) { ci = emb_csv_col(&c, col); if (col2) ci2 = emb_csv_col(&c, col2); }
    while (ci >= 0 && emb_csv_next(&c) == 1) {
        if ((size_t)ci >= c.n_fields) continue;
        if (n == cap) { cap *= 2; v = realloc(v, cap * sizeof *v); if (v2) v2 = realloc(v2, cap * sizeof *v2); }
        v[n] = strdup(c.fields[ci]);
        if (v2) v2[n] = strdup(ci2 >= 0 && (size_t)ci2 < c.n_fields ? c.fields[ci2] : "");
        n++;
    }
    emb_csv_free(&c);
    free(data);
    *out = v;
    if (out2) *out2 = v2;
    return n;
}

typedef struct vres { int hit, top1; double best_expected; } vres;

/* min_score: 0 for embargo's default (what `embargo batch` does: the
 * figures at the threshold); lower to see the expected entry's score below
 * the default floor (the threshold sweep). */
static vres screen_variant(embargo_ctx *ctx, const embargo_db *db, const variant *v, embargo_algorithm algo,
                           double threshold, int exhaustive, double min_score, char *top_id, size_t top_cap)
{
    vres r = {0, 0, 0};
    embargo_query q = {0};
    q.name = v->query;
    embargo_screen_opts o = EMBARGO_SCREEN_OPTS_INIT;
    o.threshold = threshold;
    o.limit = 10;
    o.sources = "us_ofac_sdn";
    o.algorithm = algo;
    o.exhaustive = exhaustive;
    o.min_score = min_score;
    const embargo_match *m;
    size_t n;
    if (top_id) top_id[0] = '\0';
    if (embargo_screen(ctx, &q, &o, &m, &n, NULL)) return r;
    for (size_t i = 0; i < n; i++) {
        embargo_entity e;
        embargo_db_entity(db, m[i].entity, &e);
        if (i == 0 && top_id) snprintf(top_id, top_cap, "%s", e.id);
        if (strcmp(e.source_id, v->expect_id) == 0) {
            if (m[i].score > r.best_expected) r.best_expected = m[i].score;
            if (m[i].match) { r.hit = 1; if (i == 0) r.top1 = 1; }
        }
    }
    return r;
}

static double alert_rate(embargo_ctx *ctx, char **names, size_t n, embargo_algorithm algo, double threshold,
                         double *scores_out)
{
    size_t alerts = 0;
    for (size_t i = 0; i < n; i++) {
        embargo_query q = {0};
        q.name = names[i];
        embargo_screen_opts o = EMBARGO_SCREEN_OPTS_INIT;
        o.threshold = threshold;
        o.limit = 1;
        o.algorithm = algo;
        o.min_score = 0.3;
        const embargo_match *m;
        size_t k;
        double best = 0;
        if (embargo_screen(ctx, &q, &o, &m, &k, NULL) == 0 && k > 0) {
            best = m[0].score;
            if (m[0].match) alerts++;
        }
        if (scores_out) scores_out[i] = best;
    }
    return n ? (double)alerts / (double)n : 0;
}

static size_t count_ge(const double *s, size_t n, double t)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += s[i] >= t - 1e-9;
    return k;
}

int main(int argc, char **argv)
{
    const char *dir = NULL, *vfile = NULL;
    size_t neg_limit = 50000;
    int quick = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--negatives") && i + 1 < argc) neg_limit = (size_t)atol(argv[++i]);
        else if (!strcmp(argv[i], "--variants") && i + 1 < argc) vfile = argv[++i];
        else if (!strcmp(argv[i], "--quick")) quick = 1;
        else dir = argv[i];
    }
    char dbuf[1024];
    if (!dir) {
        const char *sh = getenv("EMBARGO_SHARED");
        snprintf(dbuf, sizeof dbuf, "%s/eval", sh ? sh : EMBARGO_SOURCE_DIR "/../shared/data");
        dir = dbuf;
    }
    variant *vars = NULL;
    char vpath[1100];
    snprintf(vpath, sizeof vpath, "%.1000s/dev_variants.jsonl", dir);
    if (!vfile) vfile = vpath;
    size_t nv = load_variants(vfile, &vars);
    if (!nv) { fprintf(stderr, "bench_accuracy: no name variants in %s\n", vfile); return 2; }
    embargo_loader *l;
    embargo_db *db;
    embargo_error err = {0};
    double t0 = now_s();
    if (embargo_loader_new(&l) || embargo_loader_add_manifest(l, NULL, NULL, &err) || embargo_loader_finish(&db, l, &err)) {
        fprintf(stderr, "bench_accuracy: %s\n", err.msg);
        return 2;
    }
    embargo_loader_free(l);
    printf("lists loaded in %.2f s: %zu entities\n", now_s() - t0, embargo_db_entity_count(db));
    embargo_ctx *ctx;
    embargo_ctx_new(&ctx, db);
    const double T = EMBARGO_DEFAULT_THRESHOLD, TO = EMBARGO_OFAC_DEFAULT_THRESHOLD;

    /* --- dev_variants --- */
    const char *kinds[32];
    size_t nk = 0, kh[2][32] = {{0}}, kn[32] = {0};
    size_t hits[2] = {0}, top1[2] = {0}, cand_agree = 0;
    double *best_exp = calloc(nv, sizeof *best_exp);
    for (size_t i = 0; i < nv; i++) {
        size_t k;
        for (k = 0; k < nk; k++) if (!strcmp(kinds[k], vars[i].kind)) break;
        if (k == nk && nk < 32) kinds[nk++] = vars[i].kind;
        kn[k]++;
        char top_a[128], top_b[128];
        vres r = screen_variant(ctx, db, &vars[i], EMBARGO_ALGO_DEFAULT, T, 0, 0, top_a, sizeof top_a);
        (void)screen_variant(ctx, db, &vars[i], EMBARGO_ALGO_DEFAULT, T, 1, 0, top_b, sizeof top_b);
        if (!strcmp(top_a, top_b)) cand_agree++;
        else if (getenv("BENCH_VERBOSE")) printf("  candidate miss: %s  index top %s, exhaustive top %s\n", vars[i].query, top_a, top_b);
        best_exp[i] = screen_variant(ctx, db, &vars[i], EMBARGO_ALGO_DEFAULT, T, 0, 0.3, NULL, 0).best_expected;
        hits[0] += (size_t)r.hit;
        top1[0] += (size_t)r.top1;
        kh[0][k] += (size_t)r.hit;
        if (!r.hit && getenv("BENCH_VERBOSE")) printf("  miss [%s] %s (expect %s, best %.3f)\n", vars[i].kind, vars[i].query, vars[i].expect_id, r.best_expected);
        else if (!r.top1 && getenv("BENCH_VERBOSE")) printf("  not first [%s] %s (expect %s, first %s)\n", vars[i].kind, vars[i].query, vars[i].expect_id, top_a);
        vres ro = screen_variant(ctx, db, &vars[i], EMBARGO_ALGO_OFAC, TO, 0, 0, NULL, 0);
        hits[1] += (size_t)ro.hit;
        top1[1] += (size_t)ro.top1;
        kh[1][k] += (size_t)ro.hit;
    }
    printf("\n== %s (%zu queries, source us_ofac_sdn, limit 10) ==\n", strrchr(vfile, '/') ? strrchr(vfile, '/') + 1 : vfile, nv);
    printf("%-16s %10s %10s\n", "", "default", "ofac");
    printf("%-16s %10.4f %10.4f   (target >= 0.99)\n", "recall", (double)hits[0] / nv, (double)hits[1] / nv);
    printf("%-16s %10.4f %10.4f   (target >= 0.95)\n", "top-1", (double)top1[0] / nv, (double)top1[1] / nv);
    for (size_t k = 0; k < nk; k++)
        printf("  %-14s %10.3f %10.3f   (%zu)\n", kinds[k], (double)kh[0][k] / kn[k], (double)kh[1][k] / kn[k], kn[k]);
    printf("candidate index: top-1 equals exhaustive top-1 on %zu/%zu = %.4f (target >= 0.999)\n", cand_agree, nv,
           (double)cand_agree / nv);

    /* --- UN positives and US negatives --- */
    const char *sets[2] = {"positives_un_untreated.csv", "positives_un_treated.csv"};
    double pos_scores[2][1024];
    size_t npos[2] = {0};
    for (int s = 0; s < 2; s++) {
        char path[1200];
        snprintf(path, sizeof path, "%.1000s/%s", dir, sets[s]);
        char **names;
        size_t n = load_csv_col(path, "full_name", &names, NULL, NULL);
        if (n > 1024) n = 1024;
        double *sc = pos_scores[s];
        double rd = alert_rate(ctx, names, n, EMBARGO_ALGO_DEFAULT, T, sc);
        double ro = alert_rate(ctx, names, n, EMBARGO_ALGO_OFAC, TO, NULL);
        npos[s] = n;
        printf("\n== %s (%zu names, all shipped lists, limit 1) ==\n", sets[s], n);
        printf("detection rate   %10.4f %10.4f   (target >= %s)\n", rd, ro, s == 0 ? "0.995" : "0.97");
        for (size_t i = 0; i < n; i++) free(names[i]);
        free(names);
    }
    char path[1200];
    snprintf(path, sizeof path, "%.1000s/negatives_us.csv", dir);
    char **neg;
    size_t nn = load_csv_col(path, "full_name", &neg, NULL, NULL);
    size_t nneg = nn < neg_limit ? nn : neg_limit;
    if (quick && nneg > 5000) nneg = 5000;
    double *neg_scores = calloc(nneg + 1, sizeof *neg_scores);
    t0 = now_s();
    double rd = alert_rate(ctx, neg, nneg, EMBARGO_ALGO_DEFAULT, T, neg_scores);
    double el = now_s() - t0;
    size_t nneg_ofac = nneg < 5000 ? nneg : 5000;
    double ro = alert_rate(ctx, neg, nneg_ofac, EMBARGO_ALGO_OFAC, TO, NULL);
    printf("\n== negatives_us.csv (%zu names default, %zu ofac; all shipped lists) ==\n", nneg, nneg_ofac);
    printf("alert rate       %10.4f %10.4f   (target <= 0.005)\n", rd, ro);
    printf("(default scorer: %.0f queries/s single thread)\n", nneg / el);

    /* --- threshold sweep (default scorer) --- */
    printf("\n== threshold sweep, default scorer ==\n%-9s %10s %10s %10s %10s\n", "threshold", "variants", "un_untr", "un_treat", "neg_alerts");
    for (double t = 0.70; t < 0.96; t += 0.025) {
        size_t vh = 0;
        for (size_t i = 0; i < nv; i++) vh += best_exp[i] >= t - 1e-9;
        printf("%-9.3f %10.4f %10.4f %10.4f %10.4f%s\n", t, (double)vh / nv, (double)count_ge(pos_scores[0], npos[0], t) / npos[0],
               (double)count_ge(pos_scores[1], npos[1], t) / npos[1], (double)count_ge(neg_scores, nneg, t) / nneg,
               fabs(t - T) < 1e-6 ? "   <- default" : "");
    }
    printf("(variants column: expected entity within the top 10 at that threshold)\n");
    if (getenv("BENCH_VERBOSE")) {
        /* the negatives that alert, for inspection */
        for (size_t i = 0; i < nneg; i++) if (neg_scores[i] >= T) printf("  neg alert %.3f %s\n", neg_scores[i], neg[i]);
    }
    embargo_ctx_free(ctx);
    embargo_db_free(db);
    return 0;
}
