/* index.h - token statistics and candidate postings over normalized names.
 *
 * Every name is split into tokens (after normalization).  Each distinct token
 * has a record with its document frequency and a rarity weight (idf), its
 * romanization skeleton (see match/tokens.h) and its kind (given name,
 * particle, legal form, stopword...).  Candidate keys (the token, its
 * skeleton, one-deletion variants of the skeleton, joins of adjacent tokens)
 * are hashed to 64 bits and map to postings of name ids; fuzzy keys whose
 * postings are long for their tokens also map to a strip of those tokens.
 * All arrays are flat so the index file can hold them as they are. */
#ifndef EMB_INDEX_H
#define EMB_INDEX_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "embargo.h"
#include "match/tokens.h"
#include "match/score.h"

typedef struct emb_token_rec {
    uint32_t str;       /* offset into tokpool */
    uint32_t skel;      /* offset into tokpool */
    uint32_t df;        /* names containing it */
    float idf;          /* rarity weight */
    uint8_t cls;        /* token class (match/tokens.h EMB_TOK_*) */
    uint8_t len;
    uint8_t sklen;      /* skeleton length */
    uint8_t legal;      /* emb_ptok.legal (match/tokens.h) */
} emb_token_rec;

typedef struct emb_key_rec {
    uint64_t hash;
    uint32_t begin;     /* into postings */
    uint32_t count;
    uint32_t strip;     /* byte offset into strips, if ntok */
    uint32_t ntok;      /* records in the strip; 0: none */
} emb_key_rec;

/* A key's strip: the list tokens that have the key (a skeleton or one of
 * its one-deletion variants), each with what a similarity test needs and
 * where its names are, so that a query word's fuzzy key can reach the
 * names of the tokens it is really like and skip the look-alikes (one
 * sequential read instead of a name slot per posting).  Written only for
 * keys whose postings are long for their tokens (many names per token).
 * A record with id UINT32_MAX holds the names that have the key through a
 * join of two adjacent words (jpostings), which match as a whole.  Each
 * record: this head, then the string and the skeleton (no NULs), padded
 * to 4 bytes. */
typedef struct emb_strip_tok {
    uint32_t id;        /* token id; UINT32_MAX: the joins' names */
    uint32_t begin;     /* into postings (the token's own key's names) or jpostings */
    uint32_t count;
    uint8_t len, sklen, cls, legal;
    uint32_t letters[4]; /* emb_letters of the string (match/score.h) */
    uint32_t ph;        /* emb_phonetic_hash of the string (match/score.h) */
} emb_strip_tok;

static inline size_t emb_strip_tok_size(const emb_strip_tok *t)
{
    return (sizeof *t + t->len + t->sklen + 3u) & ~(size_t)3u;
}

/* A name's card: everything scoring needs about one list name, in one
 * place (one or two cache lines instead of a dozen scattered reads): a head,
 * then per token a fixed part followed by its string and skeleton (no NULs),
 * padded to 4 bytes.  Cards are 4-byte aligned; card_off[i] is name i's. */
typedef struct emb_card_head {
    uint32_t entity;
    uint32_t party;
    uint16_t source;
    uint8_t kind;       /* embargo_name_kind */
    uint8_t schema;     /* embargo_schema of the entity */
    uint8_t ntok;
    uint8_t nsur;       /* emb_pname.nsur: the last nsur tokens are a person's surname */
    uint8_t pad[2];
} emb_card_head;

typedef struct emb_card_tok {
    uint32_t id;        /* token id */
    float w;            /* idf x class weight */
    uint8_t cls, legal, len, sklen; /* legal: emb_ptok.legal | emb_ptok.ghq << 6 */
} emb_card_tok;

static inline size_t emb_card_tok_size(const emb_card_tok *t)
{
    return (sizeof *t + t->len + t->sklen + 3u) & ~(size_t)3u;
}

/* Reads the token record at p of a card into t (its weight and id as the
 * card holds them); returns the next record. */
static inline const unsigned char *emb_card_token(const unsigned char *p, emb_ptok *t)
{
    emb_card_tok r;
    memcpy(&r, p, sizeof r);
    const char *s = (const char *)p + sizeof r;
    memcpy(t->s, s, r.len);
    t->s[r.len] = '\0';
    memcpy(t->sk, s + r.len, r.sklen);
    t->sk[r.sklen] = '\0';
    t->len = r.len;
    t->sklen = r.sklen;
    t->cls = r.cls;
    t->legal = r.legal & 63;
    t->ghq = (uint8_t)(r.legal >> 6);
    t->id = r.id;
    t->w = r.w;
    return p + emb_card_tok_size(&r);
}

typedef struct emb_index {
    const char *tokpool;            /* token strings and skeletons */
    size_t tokpool_len;
    const emb_token_rec *tokens;
    size_t n_tokens;
    const uint32_t *tok_hash;       /* open addressing: token id + 1; size power of 2 */
    size_t tok_hash_size;
    const uint32_t *name_tok_begin; /* n_names + 1 offsets into name_toks */
    const uint32_t *name_toks;      /* token ids per name, in order */
    size_t n_name_toks;
    const emb_key_rec *keys;        /* sorted by hash */
    size_t n_keys;
    const uint32_t *key_buckets;    /* (1 << key_bits) + 1 offsets into keys by hash >> (64 - key_bits) */
    unsigned key_bits;              /* 1..24, grows with n_keys (a tiny index stays tiny) */
    const uint32_t *postings;       /* name ids, ascending per key */
    size_t n_postings;
    const unsigned char *strips;    /* emb_strip_tok records of some keys */
    size_t strips_len;
    const uint32_t *jpostings;      /* name ids of joins, per strip */
    size_t n_jpostings;
    const uint32_t *sim_off;        /* n_tokens + 1 offsets into sims (simlist.c) */
    const uint32_t *sims;           /* per token: its fuzzy keys' similar strip records */
    size_t n_sims;
    const uint32_t *card_off;       /* n_names + 1 byte offsets into cards */
    const unsigned char *cards;     /* emb_card_head + tokens per name */
    size_t cards_len;
    float max_idf;
    float default_idf;              /* weight for a token the lists never use */
    uint32_t n_docs;
} emb_index;

struct embargo_db;
/* Builds the index of db (names must be normalized).  0 or EMBARGO_ENOMEM. */
int emb_index_build(struct embargo_db *db, struct embargo_error *err);
void emb_index_free_owned(struct embargo_db *db);

/* Token id of a token string, or UINT32_MAX. */
uint32_t emb_index_token(const emb_index *ix, const char *tok, size_t n);
/* emb_index_token of each of n prepared tokens into its id, with the
 * reads overlapped (a slot, a record, a string: three dependent trips to
 * memory each, which take about the time of one when asked for together). */
void emb_index_tokens_resolve(const emb_index *ix, emb_ptok *t, size_t n);
/* Candidate keys of a token skeleton (itself and its one-deletion variants)
 * into out[cap]; returns how many. */
size_t emb_index_keys(const char *sk, size_t n, uint64_t *out, size_t cap);
size_t emb_index_keys_for(const char *sk, size_t n, size_t len, uint64_t *out, size_t cap);
uint64_t emb_key_hash(const char *s, size_t n);
/* Edit keys (index.c) of a word's spelling into out[cap]; returns how many. */
size_t emb_edit_keys(const char *s, size_t n, uint64_t *out, size_t cap);
/* List words of this class and length have edit keys (with a strip each);
 * a query word may look them up from EMB_EDIT_QUERY_MIN letters (a typo
 * may drop one). */
#define EMB_EDIT_LIST_MIN 5
#define EMB_EDIT_QUERY_MIN 4
int emb_list_edit_keyed(int cls, size_t len);
/* Nonzero for token classes that make candidate keys (normal, patronymic, number). */
int emb_token_is_content(int cls);
/* Nonzero if two adjacent token classes make a joined key (content+content,
 * particle+content, content+particle). */
int emb_tokens_joinable(int a, int b);
/* Key of a token's exact spelling. */
uint64_t emb_exact_key_hash(const char *s, size_t n);

/* The record of a key hash, or NULL. */
const emb_key_rec *emb_index_key(const emb_index *ix, uint64_t hash);
/* emb_index_key of n hashes into out[], with their reads overlapped: each
 * key is a bucket, a record and its postings (and strip) to fetch, three
 * dependent trips to memory when the index is out of cache; asked for
 * together, a query's keys take about the time of one key. */
void emb_index_keys_resolve(const emb_index *ix, const uint64_t *hash, size_t n, const emb_key_rec **out);

/* A word the lists use in this many names or more is spelled as they spell
 * it: a query that has it looks up no one-edit variants of its skeleton. */
#define EMB_DF_COMMON 40

/* The similar lists (simlist.c).  A strip record that a query word's
 * fuzzy key reaches: a list token (or UINT32_MAX: the joins of the key)
 * and where its names are. */
typedef struct emb_sim_rec { uint32_t id, begin, count; } emb_sim_rec;
/* The spelling of t with gh written q or q written gh (emb_token_sim reads
 * them alike) into out (2 * len + 1 bytes), 0 if t has neither. */
size_t emb_ghq_other(const emb_ptok *t, char *out);
/* Nonzero if the strip's token st (its string s) is similar to query word
 * q (ql: q's letters; qph: its phonetic hash if its skeleton is shorter
 * than 4, else 0): its names are reached through the key. */
int emb_strip_similar(const emb_ptok *q, const emb_letters *ql, uint32_t qph, const emb_strip_tok *st, const char *s);
/* The fuzzy keys of word t whose walks a memo keeps into out[cap] (at
 * least EMB_TOKLEN_MAX + 3): its skeleton's keys (one for a common word:
 * df is its document frequency, 0 if the lists do not have it) and, if
 * ghq, its gh/q spelling's skeleton, at *ghq_at (SIZE_MAX if none).
 * Returns how many. */
size_t emb_memo_keys(const emb_ptok *t, uint32_t df, int ghq, uint64_t *out, size_t cap, size_t *ghq_at);
/* Computes the similar lists of every list token for its class (sim_off,
 * sims, n_sims).  0, or -1 when out of memory. */
int emb_index_build_sims(emb_index *ix);
/* Token tok's similar records of key (as a query word of the token's own
 * class): 1 and *rec[0..*n), or 0 if the index holds none. */
int emb_index_sims(const emb_index *ix, uint32_t tok, uint64_t key, const emb_sim_rec **rec, uint32_t *n);

#endif
