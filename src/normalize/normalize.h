/* normalize.h - turns a name in any script into Latin ASCII tokens.
 *
 * Pipeline: UTF-8 validation -> NFKC + case folding -> transliteration of
 * every script to Latin, language-aware where it matters for the lists
 * (Russian and Ukrainian BGN/PCGN, Belarusian passport style, Serbian and
 * Macedonian, Greek ELOT/UNGEGN, DPRK-style Korean, Arabic-script consonant
 * skeleton, Any-Latin for the rest; details in normalize.c) -> Latin-ASCII
 * (diacritics stripped) -> lowercase -> every run of non-alphanumerics becomes
 * one space, apostrophes inside words are dropped ("O'Brien" -> "obrien").
 * Pure-ASCII input, Latin text with diacritics, Han names, and Russian,
 * Ukrainian, Belarusian, Serbian and Macedonian Cyrillic names take fast
 * paths that do not call ICU (Han: once per character, then remembered;
 * Cyrillic: the rules reproduced in code, ICU for what they do not cover);
 * names in other scripts call ICU once per word, then remember the word
 * (up to 6144 words, 1 MB, per normalizer; then a name with a new word goes
 * to ICU whole, as before).
 *
 * An emb_normalizer holds ICU transliterators, scratch buffers and those
 * memos and is NOT thread-safe: use one per thread.  Creating one costs
 * ~30 ms (plus ~150 ms the first time it meets Han text, ~0.5 ms the first
 * time it meets Cyrillic and ~0.4 ms the first time it meets another
 * script: those fast paths check themselves against ICU); reuse it. */
#ifndef EMB_NORMALIZE_H
#define EMB_NORMALIZE_H
#include <stddef.h>

typedef struct emb_normalizer emb_normalizer;

/* Returns 0, or EMBARGO_ENOMEM / EMBARGO_EIO if ICU's transliterators cannot
 * be opened. */
int emb_normalizer_new(emb_normalizer **out);
void emb_normalizer_free(emb_normalizer *n);

/* Normalizes in[0..len) into out (NUL-terminated, at most cap bytes with the
 * NUL).  Returns the output length (0 if no letters or digits), EMBARGO_EUTF8
 * for invalid UTF-8, EMBARGO_EUSAGE if the result does not fit in cap (or n
 * or out is NULL, cap is 0, in is NULL with len > 0), EMBARGO_ENOMEM if
 * scratch memory cannot grow.  Output is only [a-z0-9] tokens separated by
 * single spaces, no leading/trailing space.  The output can be longer than
 * the input (Han and Hangul syllables become pinyin/romanized tokens; ﷺ is
 * four words); on EMBARGO_EUSAGE retry with a larger buffer.  On failure
 * out's content is unspecified. */
long emb_normalize(emb_normalizer *n, const char *in, size_t len, char *out, size_t cap);

/* As emb_normalize, always through ICU (no fast path): for tests that
 * check the fast paths against it. */
long emb_normalize_icu(emb_normalizer *n, const char *in, size_t len, char *out, size_t cap);

/* For tests: the Cyrillic fast path alone.  When it can spell the text,
 * sets *taken to 1 and returns as emb_normalize; else sets *taken to 0 and
 * returns 0 (out unspecified).  Errors as emb_normalize. */
long emb_normalize_cyrillic(emb_normalizer *n, const char *in, size_t len, char *out, size_t cap, int *taken);

/* For tests: the word path alone (words remembered per normalizer, see
 * normalize.c).  As emb_normalize_cyrillic: *taken 1 if it took the text. */
long emb_normalize_words(emb_normalizer *n, const char *in, size_t len, char *out, size_t cap, int *taken);

/* As emb_normalize, but with reorder set a name of the form "SURNAME, Given"
 * (one comma) is normalized as "Given SURNAME". */
long emb_normalize_name(emb_normalizer *n, const char *in, size_t len, int reorder, char *out, size_t cap);
/* Of a name of the form "SURNAME, Given" (as emb_normalize_name reads it):
 * the number of words of SURNAME normalized (at most 255); 0 if the name
 * has another form, or on any error. */
size_t emb_surname_words(emb_normalizer *n, const char *in, size_t len);

#endif
