/* countries.h - country name/code canonicalization (ISO 3166 alpha-2). */
#ifndef EMB_COUNTRIES_H
#define EMB_COUNTRIES_H
#include <stdio.h>

typedef struct emb_countries emb_countries;

/* Builds the table (ICU English region names + list variants); 0 or -1. */
int emb_countries_new(emb_countries **out);
void emb_countries_free(emb_countries *c);
/* Country of a name, code, nationality adjective, or the last part of an
 * address.  Writes code[3] and returns 1, or returns 0 if unknown. */
int emb_country_code(const emb_countries *c, const char *text, char code[3]);

#endif
