/* jaro.h - Jaro, Jaro-Winkler similarity and Soundex codes over byte strings
 * (our tokens are ASCII after normalization).  Pure functions: no allocation,
 * no global state, safe from any thread. */
#ifndef EMB_JARO_H
#define EMB_JARO_H
#include <stddef.h>

/* Longest input compared in full; longer strings are compared on their first
 * EMB_JARO_MAX bytes.  Tokens never get near it, but whole names compared as
 * one string (OFAC's whole-name score) can pass 64 bytes, so the bound is
 * well above the longest listed names we have seen. */
#define EMB_JARO_MAX 256

/* Jaro similarity in 0..1 (1 for two empty strings, 0 if only one is empty). */
double emb_jaro(const char *a, size_t na, const char *b, size_t nb);
/* Jaro-Winkler with prefix scale 0.1 over at most 4 common leading bytes
 * (Winkler's textbook form: no boost threshold). */
double emb_jaro_winkler(const char *a, size_t na, const char *b, size_t nb);
/* Jaro-Winkler with prefix scale 0.1 over at most max_prefix (<= 10, larger
 * values are clamped so the result stays <= 1) common leading bytes. */
double emb_jaro_winkler_prefix(const char *a, size_t na, const char *b, size_t nb,
                               size_t max_prefix);
/* An upper bound of emb_jaro_winkler(a, b) that costs a fraction of it:
 * the matches counted as the letters the two share (with repeats, and
 * bytes merged by their low 5 bits, which can only share more), no
 * transposition, and the real common prefix.  1 for empty or long inputs. */
double emb_jaro_winkler_upper(const char *a, size_t na, const char *b, size_t nb);
/* American Soundex: letter + 3 digits into out[5]; "" (out[0]=0) if s has no
 * ASCII letter.  Bytes other than ASCII letters are skipped (and, like h and
 * w, do not separate equal codes). */
void emb_soundex(const char *s, size_t n, char out[5]);

#endif
