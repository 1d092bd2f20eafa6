/* normalize.h - turns a name in any script into Latin ASCII tokens.
 *
 * Pipeline: UTF-8 validation -> NFKC + case folding -> transliteration of
 * every script to Latin (language-aware BGN/PCGN rules where ICU has them:
 * Russian, Ukrainian, Belarusian, Persian, Arabic, Greek, ...) -> Latin-ASCII
 * (diacritics stripped) -> lowercase -> every run of non-alphanumerics becomes
 * one space, apostrophes inside words are dropped ("O'Brien" -> "obrien").
 *
 * An emb_normalizer holds ICU transliterators, which are not thread-safe:
 * use one per thread.  Creating one costs milliseconds; reuse it. */
#ifndef EMB_NORMALIZE_H
#define EMB_NORMALIZE_H
#include <stddef.h>

typedef struct emb_normalizer emb_normalizer;

/* Returns 0, or EMBARGO_ENOMEM / EMBARGO_EIO if ICU's transliterators cannot
 * be opened. */
int emb_normalizer_new(emb_normalizer **out);
void emb_normalizer_free(emb_normalizer *n);

/* Normalizes in[0..len) into out (NUL-terminated, at most cap bytes with the
 * NUL).  Returns the output length, EMBARGO_EUTF8 for invalid UTF-8, or
 * EMBARGO_EUSAGE if the result does not fit in cap.  Output is only
 * [a-z0-9] tokens separated by single spaces, no leading/trailing space. */
long emb_normalize(emb_normalizer *n, const char *in, size_t len, char *out, size_t cap);

#endif
