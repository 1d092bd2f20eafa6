/* bench_scan.c - throughput of embargo_scan on a news-like corpus.
 *
 * The corpus (about 20 MB, built in memory, the same on every run): news
 * prose whose sentences are made of the common words of words.c (drawn
 * Zipf-like), function words, made-up rare words, and people, companies,
 * places, numbers and dates that no list holds; now and then a listed
 * party (a primary name or alias of a real listed person or organization,
 * written as news would: title case, given name first); and, one sentence
 * in twenty or so, a sentence of the acceptance article perturbed (words
 * swapped or dropped, numbers and months changed, names replaced by other
 * listed or unlisted names).  Almost no sentence repeats, as in real news,
 * so per-document caches cannot feed on repetition; the number of
 * distinct sentences is printed.  Listed names come at a few per thousand
 * words.  Prints MB/s on one core (one ctx, one thread: the scan is
 * single-threaded per ctx, so this is the per-core figure) for the full
 * scan, against a baseline measured in the same run: the segmenter alone
 * (words and sentences, no matching).  Twice: the first document on a new
 * context, and the next document (as much text again, other sentences of
 * the same kind) on the same context, as a scanner that lives on (a
 * server, a batch of documents) meets it: its word cache knows the words
 * of the first.  MB here are 2^20 bytes.  Usage: bench_scan [MB]
 * BENCH_SHOW=1 prints the mentions; BENCH_DUMP=file writes the corpus;
 * BENCH_INDEX=file opens a prebuilt index instead of loading the lists. */
#define _POSIX_C_SOURCE 200809L
#include "embargo.h"
#include "scan/scan.h"
#include <stdarg.h>
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

/* ---- the corpus ---------------------------------------------------- */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}
#define PICK(a) a[next() % (sizeof a / sizeof a[0])]
/* 1 with probability p/1000 */
static int chance(unsigned p) { return next() % 1000 < p; }

static const char *const fwords[] = {
    "the", "the", "the", "a", "of", "of", "to", "to", "in", "in", "and", "and", "on", "for", "with",
    "that", "by", "at", "from", "as", "is", "was", "were", "has", "have", "had", "will", "would", "it",
    "its", "their", "this", "which", "but", "not", "after", "over", "than", "more", "also", "an", "be",
    "been", "into", "about", "while", "who", "they", "he", "she", "his", "her", "some", "most", "all"};
static const char *const first_names[] = {
    "Peter", "Jane", "Oliver", "Maria", "Tomasz", "Hannah", "Kwame", "Ana", "Lukas", "Sofia", "Daniel",
    "Emily", "Rafael", "Ingrid", "Yuki", "James", "Laura", "Marco", "Fatima", "Chen", "Priya", "Omar",
    "Elena", "Johan", "Grace", "Mehmet", "Lucia", "Pablo", "Aisha", "Stefan", "Nadia", "Victor",
    "Claire", "Samuel", "Irina", "Hugo", "Leila", "Martin", "Rosa", "Kenji", "Amara", "Felix", "Zoe",
    "Arjun", "Nora", "Tariq", "Helen", "Diego", "Mia", "Bruno"};
static const char *const syl[] = {
    "bar", "ten", "lo", "vik", "mar", "sen", "dor", "ka", "ri", "hol", "ston", "wel", "bra", "min", "tor",
    "gan", "fel", "ro", "dal", "ver", "kin", "sol", "ham", "ber", "li", "nov", "ash", "qui", "pel", "zan",
    "mer", "tho", "cor", "len", "fra", "gus", "pa", "del", "win", "har"};
static const char *const surname_end[] = {"", "", "son", "er", "ova", "ski", "ez", "i", "ley", "berg", "ton", "ard"};
static const char *const org_kind[] = {
    "Holdings", "Group", "Logistics", "Partners", "Energy", "Capital", "Shipping", "Foods", "Motors",
    "Analytics", "Telecom", "Pharma", "Textiles", "Engineering", "Media", "Airlines", "Mining", "Software"};
static const char *const org_form[] = {"", "", "", " Ltd", " Inc.", " plc", " AG", " GmbH", " S.A.", " LLC"};
static const char *const months[] = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December"};
static const char *const units[] = {"percent", "million", "billion", "tonnes", "barrels", "people", "points"};

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
    b->p[b->n] = '\0';
}
static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }
static void putf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(buf *b, const char *fmt, ...)
{
    char t[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t, sizeof t, fmt, ap);
    va_end(ap);
    if (n > 0) put(b, t, (size_t)n < sizeof t ? (size_t)n : sizeof t - 1);
}

/* A made-up word of 2-3 syllables: the rare vocabulary of real text. */
static void pseudo(buf *b, int cap)
{
    char w[64];
    int n = 2 + (int)(next() % 2), o = 0;
    for (int i = 0; i < n; i++) o += snprintf(w + o, sizeof w - (size_t)o, "%s", PICK(syl));
    if (cap) w[0] = (char)(w[0] - 32);
    puts_(b, w);
}
static void unlisted_person(buf *b)
{
    puts_(b, PICK(first_names));
    puts_(b, " ");
    pseudo(b, 1);
    puts_(b, PICK(surname_end));
}
static void unlisted_org(buf *b)
{
    pseudo(b, 1);
    putf(b, " %s%s", PICK(org_kind), PICK(org_form));
}
static void place(buf *b)
{
    size_t n = 0;
    while (emb_scan_place_words[n]) n++;
    const char *p = emb_scan_place_words[next() % n];
    int up = 1;
    for (; *p; p++) {
        char c = *p;
        put(b, &(char){up && c >= 'a' && c <= 'z' ? (char)(c - 32) : c}, 1);
        up = c == ' ';
    }
}
static void number(buf *b)
{
    switch (next() % 4) {
    case 0: putf(b, "%u", 2 + next() % 998); break;
    case 1: putf(b, "%u.%u %s", 1 + next() % 99, next() % 10, PICK(units)); break;
    case 2: putf(b, "$%u.%u billion", 1 + next() % 40, next() % 10); break;
    default: putf(b, "%u,%03u", 1 + next() % 99, next() % 1000); break;
    }
}
static void date(buf *b)
{
    switch (next() % 3) {
    case 0: putf(b, "on %s %u", PICK(months), 1 + next() % 28); break;
    case 1: putf(b, "in %u", 1990 + next() % 36); break;
    default: putf(b, "on %s %u, %u", PICK(months), 1 + next() % 28, 2015 + next() % 11); break;
    }
}

/* Listed names, as news would write them: primary names and aliases of
 * persons and organizations, ASCII, title-cased, "SURNAME, Given" turned. */
typedef struct names { char **s; size_t n; } names;
static void newsify(const char *in, char *out, size_t cap)
{
    char t[128];
    const char *comma = strchr(in, ',');
    if (comma && !strchr(comma + 1, ',')) {
        const char *given = comma + 1;
        while (*given == ' ') given++;
        snprintf(t, sizeof t, "%s %.*s", given, (int)(comma - in), in);
    } else {
        snprintf(t, sizeof t, "%s", in);
    }
    size_t o = 0;
    int start = 1;
    for (const char *p = t; *p && o + 1 < cap; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z' && !start) c = (char)(c + 32);
        start = c == ' ' || c == '-' || c == '(' || c == '"';
        out[o++] = c;
    }
    out[o] = '\0';
}
static int usable(const char *s)
{
    size_t n = strlen(s), sp = 0;
    if (n < 6 || n > 50) return 0;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x80 || (c >= '0' && c <= '9') || c == ';' || c == '/') return 0;
        sp += c == ' ';
    }
    return sp >= 1 && sp <= 5;
}
static names listed_names(const embargo_db *db)
{
    names r = {0};
    size_t ne = embargo_db_entity_count(db), cap = 4096;
    r.s = malloc(cap * sizeof *r.s);
    for (size_t i = next() % 7; i < ne && r.n < cap; i += 1 + next() % 7) {
        embargo_entity e;
        if (embargo_db_entity(db, (uint32_t)i, &e) || !(e.schema == EMBARGO_PERSON || e.schema == EMBARGO_ORGANIZATION))
            continue;
        const char *s = e.name;
        embargo_name nm;
        if (e.n_names > 1 && chance(300) && !embargo_db_entity_name(db, (uint32_t)i, next() % e.n_names, &nm))
            s = nm.value;
        if (!usable(s)) continue;
        char out[128];
        newsify(s, out, sizeof out);
        r.s[r.n++] = strdup(out);
    }
    return r;
}

/* Content words drawn Zipf-like (rank r with weight about 1/sqrt(r)) from
 * the common word list, in a fixed shuffled order of ranks. */
static const char *content_word(const char *const *cw, size_t ncw)
{
    double u = (double)next() / 4294967296.0;
    return cw[(size_t)(u * u * (double)ncw)];
}

/* A sentence of news prose: function and content words, with people,
 * companies, places, numbers and dates that no list holds, and now and
 * then (per mille `listed`) a listed party. */
static void prose(buf *b, const names *ln, const char *const *cw, size_t ncw, unsigned listed)
{
    int n = 10 + (int)(next() % 22);
    int ins_person = chance(350) ? 1 + (int)(next() % (unsigned)n) : -1;
    int ins_org = chance(150) ? 1 + (int)(next() % (unsigned)n) : -1;
    int ins_place = chance(300) ? 1 + (int)(next() % (unsigned)n) : -1;
    int ins_num = chance(400) ? 1 + (int)(next() % (unsigned)n) : -1;
    int ins_date = chance(200) ? 1 + (int)(next() % (unsigned)n) : -1;
    int ins_listed = ln->n && chance(listed) ? (int)(next() % (unsigned)n) : -1;
    size_t s0 = b->n;
    for (int i = 0; i < n; i++) {
        if (i) puts_(b, " ");
        if (i == ins_listed) puts_(b, ln->s[next() % ln->n]);
        else if (i == ins_person) unlisted_person(b);
        else if (i == ins_org) unlisted_org(b);
        else if (i == ins_place) place(b);
        else if (i == ins_num) number(b);
        else if (i == ins_date) date(b);
        else if (chance(40)) pseudo(b, 0);
        else puts_(b, chance(450) ? PICK(fwords) : content_word(cw, ncw));
        if (i + 1 < n && chance(60)) puts_(b, ",");
    }
    if (b->p[s0] >= 'a' && b->p[s0] <= 'z') b->p[s0] = (char)(b->p[s0] - 32);
    puts_(b, ".");
}

/* An article sentence, perturbed: words swapped or dropped, numbers and
 * months changed, and runs of capitalized words (names) replaced by
 * other names, listed or not. */
static void perturbed(buf *b, const char *sent, const names *ln)
{
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s", sent);
    char *w[160];
    size_t nw = 0;
    for (char *p = strtok(tmp, " "); p && nw < 160; p = strtok(NULL, " ")) w[nw++] = p;
    for (size_t i = 0; i + 1 < nw; i++)
        if (chance(70)) { char *x = w[i]; w[i] = w[i + 1]; w[i + 1] = x; i++; }
    int first = 1;
    for (size_t i = 0; i < nw; i++) {
        const char *s = w[i];
        int cap = s[0] >= 'A' && s[0] <= 'Z';
        /* a run of two or more capitalized words: maybe another name */
        size_t j = i;
        while (j < nw && w[j][0] >= 'A' && w[j][0] <= 'Z' && !strchr(w[j], ',') && !strchr(w[j], '.')) j++;
        if (!cap && i > 0 && i + 1 < nw && chance(50)) continue; /* dropped */
        if (!first) puts_(b, " ");
        first = 0;
        if (cap && j >= i + 2 && chance(500)) {
            if (chance(350)) puts_(b, ln->s[next() % ln->n]);
            else if (chance(500)) unlisted_person(b);
            else unlisted_org(b);
            i = j - 1;
            continue;
        }
        if (s[0] >= '0' && s[0] <= '9') {
            size_t k = strspn(s, "0123456789");
            putf(b, "%u%s", (unsigned)(next() % (k >= 4 ? 2030 : k == 2 ? 99 : 9)) + 1, s + k);
            continue;
        }
        int month = 0;
        for (size_t m = 0; m < 12 && !month; m++) month = !strcmp(s, months[m]);
        puts_(b, month ? PICK(months) : s);
    }
    if (b->n && b->p[b->n - 1] != '.' && b->p[b->n - 1] != '?') puts_(b, ".");
}

/* Distinct sentences, by 64-bit hash (open addressing). */
typedef struct hset { uint64_t *h; size_t cap, n; } hset;
static void hset_add(hset *s, const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
    if (!h) h = 1;
    if ((s->n + 1) * 2 > s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 1024;
        uint64_t *nh = calloc(nc, sizeof *nh);
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->h[i]) continue;
            size_t j = s->h[i] & (nc - 1);
            while (nh[j]) j = (j + 1) & (nc - 1);
            nh[j] = s->h[i];
        }
        free(s->h);
        s->h = nh;
        s->cap = nc;
    }
    size_t j = h & (s->cap - 1);
    while (s->h[j]) {
        if (s->h[j] == h) return;
        j = (j + 1) & (s->cap - 1);
    }
    s->h[j] = h;
    s->n++;
}

/* The corpus: paragraphs of 3 to 8 sentences until target bytes; its
 * sentences are counted in *hs (distinct) and *total. */
typedef struct corpus_src {
    char **sent;
    size_t ns;
    const names *ln;
    const char **cw;
    size_t ncw;
} corpus_src;
static void make_corpus(buf *b, size_t target, const corpus_src *src, hset *hs, size_t *total)
{
    while (b->n < target) {
        int k = 3 + (int)(next() % 6); /* a paragraph */
        for (int i = 0; i < k; i++) {
            if (i) puts_(b, " ");
            size_t s0 = b->n;
            if (chance(50)) perturbed(b, src->sent[next() % src->ns], src->ln);
            else prose(b, src->ln, src->cw, src->ncw, 40);
            hset_add(hs, b->p + s0, b->n - s0);
            (*total)++;
        }
        puts_(b, "\n\n");
    }
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
    char *sent[64];
    size_t ns = 0;
    for (char *p = strtok(article, "\n"); p && ns < 64; p = strtok(NULL, "\n")) sent[ns++] = p;

    double t0 = now();
    embargo_loader *l;
    embargo_db *db;
    embargo_error err = {0};
    if (getenv("BENCH_INDEX")) {
        /* a prebuilt index (embargo build): opens in milliseconds, so that
         * runs under valgrind spend their instructions on the scan */
        if (embargo_db_open(&db, getenv("BENCH_INDEX"), &err)) {
            fprintf(stderr, "open: %s\n", err.msg);
            return 1;
        }
    } else {
        if (embargo_loader_new(&l) || embargo_loader_add_manifest(l, NULL, NULL, &err) ||
            embargo_loader_finish(&db, l, &err)) {
            fprintf(stderr, "load: %s\n", err.msg);
            return 1;
        }
        embargo_loader_free(l);
    }
    embargo_ctx *ctx;
    embargo_ctx_new(&ctx, db);
    double t1 = now();

    names ln = listed_names(db);
    size_t ncw = 0;
    while (emb_scan_common_words[ncw]) ncw++;
    const char **cw = malloc(ncw * sizeof *cw);
    memcpy(cw, emb_scan_common_words, ncw * sizeof *cw);
    for (size_t i = ncw; i > 1; i--) {
        size_t j = next() % i;
        const char *x = cw[i - 1];
        cw[i - 1] = cw[j];
        cw[j] = x;
    }
    buf b = {0}, b2 = {0};
    hset hs = {0}, hs2 = {0};
    size_t target = (size_t)(mb * 1024 * 1024), total_sent = 0, total2 = 0;
    corpus_src src = {sent, ns, &ln, cw, ncw};
    make_corpus(&b, target, &src, &hs, &total_sent);
    /* the next document: more text of the same kind, other sentences */
    make_corpus(&b2, target, &src, &hs2, &total2);
    printf("corpus: %.1f MB, %zu sentences, %zu distinct (%.2f%%); %zu listed names to draw from\n",
           (double)b.n / 1048576.0, total_sent, hs.n, 100.0 * (double)hs.n / (double)total_sent, ln.n);
    if (getenv("BENCH_DUMP")) {
        FILE *o = fopen(getenv("BENCH_DUMP"), "wb");
        if (!o || fwrite(b.p, 1, b.n, o) != b.n || fclose(o)) { perror("BENCH_DUMP"); return 1; }
    }

    const embargo_mention *m;
    size_t n;
    /* first call builds the scan tables */
    double t2 = now();
    embargo_scan(ctx, "warm up", 7, NULL, &m, &n, NULL, &err);
    double t3 = now();
    printf("lists loaded in %.2f s; scan tables built in %.3f s\n", t1 - t0, t3 - t2);

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
    printf("scan:            %.1f MB/s per core (%.2f s; %zu mentions, %zu alerts, %.2f alerts per 1000 words) = %.2f x segmenter\n",
           scan_mbs, c1 - c0, n, al, 1000.0 * (double)al / (double)words_total, scan_mbs / seg_mbs);
    printf("scan CPU time:   %.2f s (%.1f MB/s of CPU time)\n", p1 - p0, (double)b.n / 1048576.0 / (p1 - p0));
    if (getenv("BENCH_SHOW")) {
        for (size_t i = 0; i < n; i++) {
            embargo_entity e;
            embargo_db_entity(db, m[i].entity, &e);
            printf("%zu %zu %s %.4f %.*s -> %s %s\n", m[i].start, m[i].end, m[i].match ? "ALERT" : "low", m[i].score,
                   (int)(m[i].end - m[i].start), m[i].text, e.id, e.name);
        }
    }
    /* A scanner lives on: the next document meets a context that has seen
     * text before (its word cache knows the common words, and the rare ones
     * it met, up to its bound), as a server's or a batch's does.  Other
     * sentences of the same kind, not the same text again. */
    size_t n1 = n;
    double d0 = now(), q0 = cpu();
    rc = embargo_scan(ctx, b2.p, b2.n, NULL, &m, &n, NULL, &err);
    double d1 = now(), q1 = cpu();
    if (rc) { fprintf(stderr, "scan: %s\n", err.msg); return 1; }
    double next_mbs = (double)b2.n / 1048576.0 / (d1 - d0);
    printf("next document:   %.1f MB/s per core (%.2f s, %.1f MB/s of CPU time; %zu mentions; %.1f MB of other "
           "sentences, %zu distinct of %zu, on the same context)\n",
           next_mbs, d1 - d0, (double)b2.n / 1048576.0 / (q1 - q0), n, (double)b2.n / 1048576.0, hs2.n, total2);
    printf("target >= 20 MB/s per core: first document on a new context %s (%.1f), next document %s (%.1f)\n",
           scan_mbs >= 20 ? "met" : "NOT met", scan_mbs, next_mbs >= 20 ? "met" : "NOT met", next_mbs);
    (void)n1;
    for (size_t i = 0; i < ln.n; i++) free(ln.s[i]);
    free(ln.s);
    free(cw);
    free(hs.h);
    free(hs2.h);
    free(b2.p);
    free(w);
    free(b.p);
    embargo_ctx_free(ctx);
    embargo_db_free(db);
    return 0;
}
