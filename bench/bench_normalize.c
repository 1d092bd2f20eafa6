/* bench_normalize.c - the normalizer's word path against ICU, in the same
 * run: microseconds per name through emb_normalize_icu (the plain ICU
 * pipeline) and through emb_normalize with the word memo cold (a fresh
 * normalizer, ICU and the other paths' tables already built) and warm, for a
 * few real names per script; then every name of the shipped lists that
 * takes the word path, first pass (memo filling) and second pass.
 *
 * usage: bench_normalize [DATA_DIR]   (default: the source tree's data/) */
#include "embargo.h"
#include "normalize/normalize.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static const char *const NAMES[][2] = {
    {"Arabic", "عبد الملك سعيد آل بن لافي"},
    {"Persian", "محمدجواد محيا یزدی"},
    {"Hebrew", "הראל רובין"},
    {"Devanagari", "शान्ता नरेन्द्र गावडे"},
    {"Greek", "Αλέξανδρος Παπαδόπουλος"},
    {"Thai", "ประยุทธ์ จันทร์โอชา"},
};

/* A letter of a script only the word path serves (see
 * test_normalize_lists.c): Greek, Armenian to Syriac, Indic to Thai,
 * Georgian, Ethiopic, kana, Hangul.  Han alone takes the Han path. */
static int word_path_script(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        uint32_t c = *p;
        size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (k == 2) c = (c & 0x1F) << 6 | (p[1] & 0x3F);
        else if (k == 3) c = (c & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
        p += k;
        if ((c >= 0x370 && c < 0x400) || (c >= 0x531 && c < 0x1100) || (c >= 0x1200 && c < 0x1380) ||
            (c >= 0x3040 && c < 0x3100) || (c >= 0xAC00 && c <= 0xD7A3))
            return 1;
    }
    return 0;
}

/* A normalizer with ICU's transliterators, the Latin table and the
 * Cyrillic and word-path self-checks warmed on unrelated text, so the first
 * word-path call measures the memo only. */
static emb_normalizer *fresh(const char *name)
{
    emb_normalizer *n;
    char out[1024];
    if (emb_normalizer_new(&n) != 0) exit(1);
    emb_normalize(n, "José Пётр", strlen("José Пётр"), out, sizeof out);
    emb_normalize(n, "a\xCC\x81", 3, out, sizeof out); /* a combining mark: the word path */
    for (int j = 0; j < 3; j++) emb_normalize_icu(n, name, strlen(name), out, sizeof out);
    return n;
}

int main(int argc, char **argv)
{
    char out[4096];
    enum { REPS = 20, LOOPS = 1000 };
    printf("%-10s %9s %9s %9s %7s\n", "script", "ICU us", "cold us", "warm us", "ICU/warm");
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++) {
        const char *s = NAMES[i][1];
        size_t len = strlen(s);
        double icu = 0, cold = 0, warm = 0;
        for (int r = 0; r < REPS; r++) {
            emb_normalizer *n = fresh(s);
            double t0 = now_us();
            emb_normalize(n, s, len, out, sizeof out);
            cold += now_us() - t0;
            t0 = now_us();
            for (int j = 0; j < LOOPS; j++) emb_normalize_icu(n, s, len, out, sizeof out);
            icu += (now_us() - t0) / LOOPS;
            t0 = now_us();
            for (int j = 0; j < LOOPS; j++) emb_normalize(n, s, len, out, sizeof out);
            warm += (now_us() - t0) / LOOPS;
            emb_normalizer_free(n);
        }
        printf("%-10s %9.1f %9.1f %9.2f %7.0fx  %s\n", NAMES[i][0], icu / REPS, cold / REPS, warm / REPS, icu / warm, out);
    }

    /* every list name the word path takes in those scripts (no Cyrillic) */
    const char *data = argc > 1 ? argv[1] : EMBARGO_SOURCE_DIR "/data";
    embargo_db *db = NULL;
    embargo_error err = {0};
    if (embargo_db_open_default(&db, data, NULL, &err) != 0) {
        fprintf(stderr, "bench_normalize: %s\n", err.msg);
        return 1;
    }
    emb_normalizer *n = fresh("x");
    size_t k = 0, cap = 1024;
    char **names = malloc(cap * sizeof *names);
    for (uint32_t e = 0; names && e < embargo_db_entity_count(db); e++) {
        embargo_entity ent;
        if (embargo_db_entity(db, e, &ent) != 0) continue;
        for (size_t j = 0; j < ent.n_names; j++) {
            embargo_name nm;
            if (embargo_db_entity_name(db, e, j, &nm) != 0) continue;
            size_t len = strlen(nm.value);
            int cyr = 0, words = 0;
            if (!word_path_script(nm.value)) continue;
            emb_normalize_cyrillic(n, nm.value, len, out, sizeof out, &cyr);
            if (cyr) continue;
            emb_normalize_words(n, nm.value, len, out, sizeof out, &words);
            if (!words) continue;
            if (k == cap && !(names = realloc(names, (cap *= 2) * sizeof *names))) break;
            names[k++] = strdup(nm.value);
        }
    }
    emb_normalizer_free(n);
    if (!names || k == 0) return 1;
    n = fresh("x");
    for (size_t i = 0; i < k; i++) emb_normalize_icu(n, names[i], strlen(names[i]), out, sizeof out);
    double t0 = now_us();
    for (size_t i = 0; i < k; i++) emb_normalize_icu(n, names[i], strlen(names[i]), out, sizeof out);
    double icu = now_us() - t0;
    t0 = now_us();
    for (size_t i = 0; i < k; i++) emb_normalize(n, names[i], strlen(names[i]), out, sizeof out);
    double first = now_us() - t0;
    t0 = now_us();
    for (size_t i = 0; i < k; i++) emb_normalize(n, names[i], strlen(names[i]), out, sizeof out);
    double second = now_us() - t0;
    printf("%zu list names on the word path: ICU %.1f us/name; first pass %.1f us/name (%.1fx), second %.2f us/name (%.0fx)\n",
           k, icu / (double)k, first / (double)k, icu / first, second / (double)k, icu / second);
    for (size_t i = 0; i < k; i++) free(names[i]);
    free(names);
    emb_normalizer_free(n);
    embargo_db_free(db);
    return 0;
}
