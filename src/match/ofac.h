/* ofac.h - the scoring method of OFAC's Sanctions List Search (`--algorithm
 * ofac`), reproduced from what OFAC documents and what its tool returns.
 *
 * The score is the higher of two measures:
 *  - whole name: Jaro-Winkler between query and listed name with the spaces
 *    taken out, in the order the list gives the name ("PUTIN, Vladimir" ->
 *    "putinvladimir"), crediting a common prefix of up to 5 characters;
 *  - name parts: each query token of 3+ letters (all tokens if none has 3)
 *    scores its best listed token; a pair counts only if both tokens start
 *    with the same letter and their Jaro-Winkler is at least 0.85 or their
 *    Soundex codes are equal; the token scores are averaged, each query token
 *    weighing the same, unmatched ones counting 0.
 * On the 164 scored pairs of OFAC's own tool in tests/fixtures/ofac_parity.csv
 * this lands within 5 points on 160 (see tests/test_ofac.c for the figures
 * and the pairs it misses). */
#ifndef EMB_OFAC_H
#define EMB_OFAC_H

/* Tuning constants of the method, exposed for tests and explanations. */
#define EMB_OFAC_PREFIX 5         /* common leading bytes Jaro-Winkler credits */
#define EMB_OFAC_PART_MIN 0.85    /* a token pair below this counts only on equal Soundex */
#define EMB_OFAC_MIN_TOKEN 3      /* shorter query tokens are ignored ... */
                                  /* ... unless the query has no longer one */

/* Scores a query against one listed name, both already normalized to
 * lowercase ASCII tokens separated by single spaces (the output of
 * emb_normalize; extra spaces are tolerated).  Returns 0..1; 0 if either is
 * NULL or has no token.  Pure: no allocation, no state, thread-safe.  Names
 * longer than EMB_JARO_MAX bytes are compared whole on their first
 * EMB_JARO_MAX bytes (the part score still sees every token). */
double emb_ofac_score(const char *query, const char *name);

#endif
