/* fuzz_normalize.c - random bytes through emb_normalize: it must not crash,
 * must refuse invalid UTF-8 with EMBARGO_EUTF8 and nothing else, and its
 * output must be [a-z0-9] tokens separated by single spaces.  The same
 * input is also run with a too-small buffer, which must fail cleanly, and
 * through the plain ICU pipeline: the fast paths (Latin, Han, Cyrillic,
 * the word memo) must write exactly what it writes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "embargo.h"
#include "normalize/normalize.h"
#include "util/file.h"

static void check_tokens(const char *s, long n)
{
    if ((long)strlen(s) != n) abort();
    if (n == 0) return;
    if (s[0] == ' ' || s[n - 1] == ' ') abort();
    for (long i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ')) abort();
        if (c == ' ' && s[i + 1] == ' ') abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* One normalizer for the whole run, as a real caller reuses it (and
     * opening one per input would cut fuzzing speed a hundredfold).  It
     * stays reachable until exit: the fuzz harness, not the library, holds
     * this static. */
    static emb_normalizer *n;
    static unsigned runs;
    /* ... but a fresh one now and then: the word path remembers 6144 words
     * and then sends names with new words to ICU, which would leave it
     * untested for the rest of a long run */
    if (n && ++runs % 4096 == 0) {
        emb_normalizer_free(n);
        n = NULL;
    }
    if (!n && emb_normalizer_new(&n) != 0) abort();
    size_t cap = size * 16 + 64;
    char *out = malloc(cap);
    if (!out) abort();
    const char *in = (const char *)data;
    long r = emb_normalize(n, in, size, out, cap);
    int valid = emb_utf8_valid(in, size);
    if (!valid && r != EMBARGO_EUTF8) abort();
    if (valid) {
        if (r < 0) abort();
        check_tokens(out, r);
        /* Same input, one byte short of the result: must say EUSAGE. */
        if (r > 0) {
            long r2 = emb_normalize(n, in, size, out, (size_t)r);
            if (r2 != EMBARGO_EUSAGE) abort();
        }
        /* The fast paths are shortcuts of the ICU pipeline, never another answer. */
        char *icu = malloc(cap);
        if (!icu) abort();
        long ri = emb_normalize_icu(n, in, size, icu, cap);
        if (ri != r || memcmp(icu, out, (size_t)r) != 0) abort();
        free(icu);
        /* Idempotent: normalized output normalizes to itself. */
        char *again = malloc((size_t)r + 1);
        if (!again) abort();
        long r3 = emb_normalize(n, out, (size_t)r, again, (size_t)r + 1);
        if (r > 0 && (r3 != r || memcmp(again, out, (size_t)r) != 0)) abort();
        free(again);
    }
    free(out);
    return 0;
}
