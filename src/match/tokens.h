/* tokens.h - what a name token is: its class (title, particle, legal form,
 * generic word, patronymic, initial), its romanization skeleton, and the
 * preparation of a normalized name into tokens for scoring and indexing.
 *
 * Preparation is the same for list names (at index build) and for queries,
 * so both sides see the same tokens. */
#ifndef EMB_TOKENS_H
#define EMB_TOKENS_H
#include <stddef.h>
#include <stdint.h>
#include "embargo.h"

enum {
    EMB_TOK_NORMAL = 0,
    EMB_TOK_PARTICLE = 1,   /* al, bin, ibn, abu, van, de ... */
    EMB_TOK_LEGAL = 2,      /* legal form, canonical: llc, jsc, ltd, inc, gmbh, sa ... */
    EMB_TOK_STOP = 3,       /* generic words: of, the, company, group, trading ... */
    EMB_TOK_PATRONYMIC = 4, /* -ovich, -evna, ogly ... */
    EMB_TOK_INITIAL = 5,    /* one letter */
    EMB_TOK_NUMBER = 6
};

#define EMB_TOK_MAX 32      /* tokens per prepared name */
#define EMB_TOKLEN_MAX 40   /* longer tokens are cut (never seen in names) */

typedef struct emb_ptok {
    char s[EMB_TOKLEN_MAX + 1];
    char sk[EMB_TOKLEN_MAX + 1];   /* skeleton */
    uint8_t len, sklen;
    uint8_t cls;
    uint8_t legal;                 /* the legal form it is or stands for (EMB_LEGAL_IDS), 0 if none */
    uint8_t ghq;                   /* emb_ghq_flags of s */
    float w;                       /* weight (rarity x class), set by the caller */
    uint32_t id;                   /* token id in the index, UINT32_MAX if unknown */
} emb_ptok;

typedef struct emb_pname {
    size_t n;
    size_t nsur;                   /* a listed person's last nsur tokens are the surname its
                                    * list wrote before the comma (emb_name_rec.nsur); 0: unknown */
    emb_ptok t[EMB_TOK_MAX];
} emb_pname;

/* Splits a normalized name (tokens separated by single spaces) into tokens:
 * drops leading titles and honorifics while two tokens remain, replaces
 * legal-form phrases by one canonical token, maps abbreviations of given
 * names, computes class and skeleton.  Weights are left at 0. */
void emb_prepare(const char *norm, emb_pname *out);
/* As emb_prepare, for a name known to be an organization's or a person's
 * (emb_prepare_as's kind): an organization's short abbreviations that are
 * also name words (SA, NV, AO) are legal forms even in a two-word name
 * ("OFFISCOOP NV"); a person's name has no legal forms at all (PAO, Yu
 * Hsiang; GHALI, Iyad ag; AS-SAFRANI: its words keep their legal id, so
 * that a query that reads them as legal forms still meets them). */
enum { EMB_PREP_ANY = 0, EMB_PREP_ORG = 1, EMB_PREP_PERSON = 2 };
void emb_prepare_as(const char *norm, int kind, emb_pname *out);
/* emb_pname.nsur of a listed person's name: its normalized text norm,
 * the words of its surname (emb_surname_words) and its prepared tokens:
 * nsur where the name kept all its words at the end (at most EMB_TOK_MAX
 * of them; titles go from the front) and a given name is left, else 0. */
size_t emb_surname_tokens(const char *norm, size_t nsur, size_t ntok);
/* emb_prepare_as's kind for a name (a query's or a listed one) of schema s */
static inline int emb_prep_kind(embargo_schema s)
{
    return s == EMBARGO_ORGANIZATION ? EMB_PREP_ORG : s == EMBARGO_PERSON ? EMB_PREP_PERSON : EMB_PREP_ANY;
}

/* emb_ptok.legal: the legal form a token is (a canonical token such as
 * "LLC") or stands for as a single word ("ooo", "gmbh"), 1..EMB_LEGAL_IDS,
 * 0 if none; set by emb_prepare.  Two tokens of which one is legal can only
 * match if their ids are equal. */
#define EMB_LEGAL_IDS 12

/* What a word can be in the legal-form phrases emb_prepare folds into one
 * token, as its phrase matcher compares words (long words up to their
 * romanization): a phrase by itself, the first word of a longer phrase, or
 * a later word of one.  For scanners that must know when a stretch of text
 * needs emb_prepare's folding. */
enum { EMB_LEGAL_ONE = 1, EMB_LEGAL_FIRST = 2, EMB_LEGAL_LATER = 4 };
int emb_legal_word_roles(const char *w, size_t wn);

/* Skeleton of a token for romanization-tolerant comparison: ye/yu/ya at the
 * start lose their y, kh->h, zh/dzh/dj->j, ph->f, w->v, q->k, x->ks, c->k/s,
 * y->i, ou/oo->u, ee->i, endings -iy/-ii/-ij->i, -off->ov, -zadeh->zade, then
 * vowels after the first letter dropped and doubled letters collapsed.
 * Writes a NUL-terminated skeleton and returns its length. */
size_t emb_skeleton(const char *tok, size_t n, char *out, size_t cap);
/* The skeleton of a word as a name token has it: a common given name's
 * spellings (Mohammed, Muhamed, Abdollah...) take the canonical name
 * (vowels and all), others emb_skeleton.  A join of two words (Abdul Lah)
 * is keyed by it too, so that it meets the one word (Abdullah). */
size_t emb_token_skeleton(const char *tok, size_t n, char *out, size_t cap);
/* The skeleton's spelling before its vowels are dropped (the same letter
 * rules, doubled letters collapsed): Saeed and Said, Deen and Din, Musa and
 * Moussa, Phara and Fara, Aly and Ali spell alike. */
size_t emb_phonetic(const char *tok, size_t n, char *out, size_t cap);

/* EMB_HAS_Q | EMB_HAS_GH as s has a q or a gh (the scorer reads gh as q:
 * emb_token_sim). */
enum { EMB_HAS_Q = 1, EMB_HAS_GH = 2 };
static inline uint8_t emb_ghq_flags(const char *s, size_t n)
{
    uint8_t f = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == 'q') f |= EMB_HAS_Q;
        else if (s[i] == 'g' && i + 1 < n && s[i + 1] == 'h') f |= EMB_HAS_GH;
    }
    return f;
}

/* Token class of a single token (without phrase context). */
int emb_token_class(const char *tok, size_t n);

/* The canonical legal form of one word ("ooo" -> "llc", "ao" -> "jsc"), or NULL. */
const char *emb_legal_canon(const char *s, size_t n);

/* Class multiplier applied to a token's rarity weight. */
float emb_class_weight(int cls);
/* Is s a title or honorific (Dr, General, Sheikh, Haji...) that emb_prepare
 * drops in front of a name? */
int emb_token_is_title(const char *s, size_t n);
/* The generic word (company, group, trading, international...) or title
 * (sheikh, colonel) that word s is one edit from (a typo: COMPNAY, GRUOP,
 * SHIEKH), or NULL. */
const char *emb_generic_typo(const char *s, size_t n);

#endif
