/* score.h - the default scorer: a query name against one list name, both
 * prepared into weighted tokens (match/tokens.h).
 *
 * Tokens are aligned one to one (or a pair of adjacent tokens to one joined
 * token) by a greedy best-first assignment on weighted similarity, so token
 * order does not matter.  The score is the matched weight over the total
 * weight, where unmatched query tokens count fully and unmatched list-name
 * tokens (a middle name the query left out) count partly:
 *
 *   score = sum(w_pair * sim) / (sum(w_pair) + sum(w_q unmatched) * alpha
 *                                + sum(w_n unmatched) * beta(schema))
 */
#ifndef EMB_SCORE_H
#define EMB_SCORE_H
#include "embargo.h"
#include "match/tokens.h"

typedef struct emb_pair {
    uint8_t qi, ql;     /* query span */
    uint8_t nj, nl;     /* name span */
    float sim;
    float w;
} emb_pair;

typedef struct emb_align {
    size_t n;
    emb_pair p[EMB_TOK_MAX];
    double matched, unmatched_q, unmatched_n; /* weights, for explanations */
} emb_align;

/* Similarity of two tokens in 0..1 (0: not a match).  Initials against a
 * token with the same first letter give EMB_SIM_INITIAL. */
#define EMB_SIM_INITIAL 0.6f
float emb_token_sim(const char *a, size_t al, const char *ask, size_t askl, int acls, const char *b,
                    size_t bl, const char *bsk, size_t bskl, int bcls);

/* A token's letters by count: bit (byte & 31) of level k is set when the
 * token has that letter more than k times.  The counts up to 4 of a
 * letter (and of others that share its low 5 bits) in one place. */
typedef struct emb_letters { uint32_t level[4]; } emb_letters;
void emb_letters_of(const char *s, size_t n, emb_letters *out);
/* Nonzero when emb_token_sim(a..., b...) is surely 0 by the lengths and
 * the letters the two share: every way to a similarity but a few (the same
 * word, initials, legal forms and numbers, a shared long skeleton, a
 * doubled letter) needs either two short tokens with swapped letters or
 * Jaro-Winkler at a floor (a typo 0.84 or 0.88, a close skeleton 0.85, a
 * short shared skeleton 0.80), and which of them the lengths leave open is
 * known; shared letters bound Jaro-Winkler from above.  Costs a few
 * instructions given both tokens' letters; 0 means "compute it". */
int emb_token_sim_ruled_out(const char *a, size_t al, const char *ask, size_t askl, int acls, const emb_letters *la,
                            uint32_t aph, unsigned aghq, const char *b, size_t bl, const char *bsk, size_t bskl, int bcls,
                            const emb_letters *lb, uint32_t bph);
/* aghq above: emb_ghq_flags of a (emb_token_sim reads gh as q), so that
 * b's letters can rule out the pair.
 * s with every gh written q, into out (n + 1 bytes); returns its length. */
size_t emb_gh_to_q(const char *s, size_t n, char *out);
/* Could two query words joined (cat, cl letters, the first c1) match the
 * listed word tok as the scorer matches a join against one word (the same
 * first letter, one edit at most, none for two short syllables)? */
int emb_join_alike(const char *cat, size_t cl, size_t c1, const char *tok, size_t tl);
/* A 32-bit hash of emb_phonetic's spelling (aph, bph above: two words with
 * a short shared skeleton and equal hashes may spell alike; a skeleton of
 * four letters or more does not read them). */
uint32_t emb_phonetic_hash(const char *s, size_t n);

/* What emb_token_sim_ruled_out reads of a token, in 32 bytes, for callers
 * that keep it beside a key instead of visiting the token's spelling:
 * emb_token_sim_ruled_out_sketch(a..., b) is the same test (askh: emb_hash
 * of a's skeleton, as a uint32_t; two skeletons with the same hash count
 * as the same, so at worst it keeps a pair the strings would rule out). */
typedef struct emb_tsketch {
    emb_letters lt;
    uint32_t skh;
    uint8_t len, sklen, cls, last;
    char pre[4];        /* its first letters, NUL-padded */
    uint32_t ph;        /* emb_phonetic_hash */
} emb_tsketch;
void emb_tsketch_of(const char *s, size_t n, const char *sk, size_t skn, int cls, emb_tsketch *out);
int emb_token_sim_ruled_out_sketch(const char *a, size_t al, size_t askl, uint32_t askh, int acls,
                                   const emb_letters *la, uint32_t aph, unsigned aghq, const emb_tsketch *b);

size_t emb_osa_distance(const char *a, size_t al, const char *b, size_t bl, size_t max);
/* emb_osa_distance(a, al, b, bl, 1) in linear time: 0, 1, or 2 for more. */
size_t emb_edit01(const char *a, size_t al, const char *b, size_t bl);

/* Scores prepared query q against prepared name n (weights set).  schema is
 * the listed entity's.  Fills al (may be NULL). */
double emb_score_names(const emb_pname *q, const emb_pname *n, embargo_schema schema, emb_align *al);


/* Token similarities of one query against list tokens (by token id) are the
 * same for every candidate name: a per-query cache saves recomputing them.
 * Start each query with emb_sim_cache_reset. */
#define EMB_SIM_CACHE_SLOTS 4096
typedef struct emb_sim_cache {
    uint32_t gen;
    struct { uint32_t gen, tok; uint8_t qi; float sim; } slot[EMB_SIM_CACHE_SLOTS];
} emb_sim_cache;

void emb_sim_cache_reset(emb_sim_cache *c);
double emb_score_names_cached(const emb_pname *q, const emb_pname *n, embargo_schema schema, emb_align *al,
                              emb_sim_cache *cache);
/* The same, given for each token j of n the query tokens it can match on
 * its own (nmask[j], emb_token_qmask with this cache): other single pairs
 * are not compared. */
double emb_score_names_masked(const emb_pname *q, const emb_pname *n, embargo_schema schema, emb_align *al,
                              emb_sim_cache *cache, const uint32_t *nmask);

/* An upper bound of emb_score_names(q, n, schema): every pair of tokens
 * that could match is taken as a perfect match.  Without a cache, "could
 * match" is judged from first letters and lengths alone (cheap); with one,
 * single tokens are compared for real (the similarities stay cached for
 * the exact scoring).  The screen skips names whose bound cannot reach the
 * results. */
double emb_score_upper_bound(const emb_pname *q, const emb_pname *n, embargo_schema schema, emb_sim_cache *cache);

/* The same bound in steps, for callers that meet the same list tokens in
 * many names (the screen remembers each token's mask per query):
 * emb_token_qmask gives the query tokens that list token t could match on
 * its own (bit i: q->t[i]; judged as emb_score_upper_bound judges with or
 * without a cache); emb_bound_prepare takes what the bound needs of the
 * query, once per query; emb_score_bound_prepared bounds a name given its
 * tokens' masks, weights, classes, lengths and spellings. */
typedef struct emb_btok {
    float w;
    uint32_t qmask;
    uint8_t cls, len;
    char c0;
    const char *s;                  /* its spelling (len bytes, no NUL needed) */
} emb_btok;
typedef struct emb_bname {
    size_t n;
    emb_btok t[EMB_TOK_MAX];
} emb_bname;
uint32_t emb_token_qmask(const emb_pname *q, const emb_ptok *t, emb_sim_cache *cache);
typedef struct emb_bquery {
    size_t n;
    float qmax;                     /* the heaviest query token */
    double uqw[EMB_TOK_MAX];        /* weight when unmatched (patronymics half) */
    uint8_t len[EMB_TOK_MAX];
    uint8_t len2[EMB_TOK_MAX];      /* length joined with the next token; 0: not joinable */
    const char *s[EMB_TOK_MAX];
    uint32_t by_c0[256];            /* query tokens by first letter */
    int runs;                       /* a run of two initials or more (the scorer's initial_runs) */
    uint8_t cls[EMB_TOK_MAX];
    float w[EMB_TOK_MAX];
} emb_bquery;
void emb_bound_prepare(const emb_pname *q, emb_bquery *bq);
double emb_score_bound_prepared(const emb_bquery *bq, const emb_bname *n, embargo_schema schema);
/* emb_score_upper_bound given bq = emb_bound_prepare(q) (a caller that
 * bounds many names against one query prepares it once), with the masks
 * of n's tokens into nmask[0..n->n) unless NULL (for
 * emb_score_names_masked). */
double emb_score_upper_bound_masks(const emb_pname *q, const emb_bquery *bq, const emb_pname *n,
                                   embargo_schema schema, emb_sim_cache *cache, uint32_t *nmask);

#endif
