/* jaro.h - Jaro, Jaro-Winkler similarity and Soundex codes over byte strings
 * (our tokens are ASCII after normalization). */
#ifndef EMB_JARO_H
#define EMB_JARO_H
#include <stddef.h>

/* Jaro similarity in 0..1.  Strings longer than 64 bytes are compared on
 * their first 64 bytes (names never get there; the bound keeps it
 * allocation-free). */
double emb_jaro(const char *a, size_t na, const char *b, size_t nb);
/* Jaro-Winkler with prefix scale 0.1 over at most 4 common leading bytes. */
double emb_jaro_winkler(const char *a, size_t na, const char *b, size_t nb);
/* American Soundex: letter + 3 digits into out[5]; "" (out[0]=0) if s has no letter. */
void emb_soundex(const char *s, size_t n, char out[5]);

#endif
