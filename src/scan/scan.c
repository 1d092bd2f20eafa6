/* scan.c - finding listed parties named in free text (embargo_scan).
 *
 * Method, one pass over the text, sentence by sentence:
 *  1. segment.c cuts the text into words with byte offsets; each word is
 *     normalized (ASCII fast path, else the ICU normalizer) into one or more
 *     tokens.  A per-ctx cache maps each distinct token to its preparation
 *     (class, skeleton, rarity weight), its word-list flags (common word,
 *     title, place, country) and the list tokens it resembles: those that
 *     share a skeleton key with it (the index's keys: skeleton and its
 *     one-deletion variants) and that emb_token_sim accepts.
 *  2. Candidates: each list name has anchor tokens, its rare content tokens
 *     that are not common words or places (a name made only of such words is
 *     anchored on its rarest one).  A name is a candidate in a sentence when
 *     a word resembling one of its anchors appears; it is kept when the
 *     weight of its tokens found in the sentence could reach the threshold.
 *  3. Verification: windows between the positions of its tokens (at most the
 *     name's length + 3 words), widened over an adjacent capitalized word for
 *     a person (a different given name is a different person) and over "of
 *     the ..." qualifiers for an organization, are scored with the default
 *     scorer (emb_score_names) after the same preparation as screening, with
 *     country phrases folded to one token on both sides.  Precision rules
 *     (see judge()) then cap or drop the score.
 *  4. The best non-overlapping mentions of the sentence are kept; acronyms
 *     that the text defines right after a matched organization ("(MODAFL)")
 *     are mentions of it wherever they appear later.
 *
 * The tables of step 1 and 2 are derived from the db's index on the first
 * scan with a ctx and live in it (no global state). */
#define _GNU_SOURCE
#include "embargo.h"
#include "scan/scan.h"
#include "index/index.h"
#include "match/json.h"
#include "match/score.h"
#include "match/tokens.h"
#include "model/db.h"
#include "util/file.h"
#include "normalize/normalize.h"
#include "util/error.h"
#include "util/strpool.h"
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unicode/uloc.h>


#define SENT_WORDS 256       /* words per sentence (longer runs are cut) */
#define SENT_TOKS 512
#define WIN_EXTRA 3          /* window: name length + this many words */
#define WIN_MAX 24           /* tokens per window */
#define MAX_POS 16           /* positions of one name considered per sentence */
#define ANCHOR_DF_MAX 120    /* tokens used by more names are no anchors (unless a name has no rarer one) */
#define MATCHES_MAX 48       /* list tokens kept per text token */
#define CACHE_MAX 200000     /* distinct tokens before the cache restarts */
#define CAP_LOW 0.55         /* score of a mention that a precision rule caps */
#define COUNTRY_W 3.0f       /* weight of a folded country token */
#define PARAPHRASE_W 0.35f   /* weight of an extra common word in an organization's name */
#define ACC_CUT 0.45         /* name weight found nearby, as a share of its total */
#define MAX_ACRONYMS 64
#define ANC_GENERIC 0x80     /* n_anc flag: a name of common words, anchored on its two rarest */
/* nstate.flags: the name needs two different anchors said to be a
 * candidate: always (a name of common words), or when low mentions are not
 * asked for (a person with two anchors: given name and surname, both rare
 * enough).  (n_anc counts ANC_GENERIC too, as it always has here.) */
#define NS_TWO_ALWAYS 1
#define NS_TWO_PERSON 2
#define NS_SCHEMA_SHIFT 2
_Static_assert(SENT_TOKS * MATCHES_MAX <= 65536, "a sentence's hits are numbered in 16 bits (nstate.anc_first)");
#define PN_TOKS_MAX (1u << 17) /* prepared list-name tokens kept (then the cache restarts) */
/* Sanitizer builds check the shortcuts against the slow paths they replace. */
#if defined(__SANITIZE_ADDRESS__)
#define EMB_SCAN_CHECK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EMB_SCAN_CHECK 1
#endif
#endif

#define WCACHE 64            /* prepared windows kept per sentence */

/* ------------------------------------------------------------------ */
/* A small string map: normalized word or phrase -> value              */
/* ------------------------------------------------------------------ */

enum { WS_COMMON = 1, WS_TITLE = 2, WS_PLACE = 4, WS_COUNTRY = 8, WS_PHRASE = 16 };
#define WS_GENERIC (WS_COMMON | WS_TITLE | WS_PLACE | WS_COUNTRY)

typedef struct sentry {
    uint32_t str;            /* offset+1 into pool; 0 = empty slot */
    uint32_t len;
    uint32_t val;            /* word set: canonical country (offset into pool); cache: entry index */
    uint8_t flags;           /* WS_* */
} sentry;

typedef struct smap {
    char *pool;
    size_t len, cap;
    sentry *slots;
    size_t nslots, count;
} smap;

static void smap_free(smap *m)
{
    free(m->pool);
    free(m->slots);
    memset(m, 0, sizeof *m);
}

static void smap_clear(smap *m)
{
    m->len = 0;
    m->count = 0;
    if (m->slots) memset(m->slots, 0, m->nslots * sizeof *m->slots);
}

/* Hash of s[0..n), eight bytes at a time: the word-list lookups of
 * verification (countries, common words) run per window token, and
 * emb_hash goes byte by byte. */
static uint64_t smap_hash(const char *s, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    w = 0;
    for (size_t i = 0; i < n; i++) w |= (uint64_t)(unsigned char)s[i] << (8 * i);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 32;
    return h;
}

static sentry *smap_get(const smap *m, const char *s, size_t n)
{
    if (!m->nslots) return NULL;
    size_t j = smap_hash(s, n) & (m->nslots - 1);
    while (m->slots[j].str) {
        const sentry *e = &m->slots[j];
        if (e->len == n && memcmp(m->pool + e->str - 1, s, n) == 0) return &m->slots[j];
        j = (j + 1) & (m->nslots - 1);
    }
    return NULL;
}

static int smap_grow(smap *m)
{
    size_t n = m->nslots ? m->nslots * 2 : 1024;
    sentry *ns = calloc(n, sizeof *ns);
    if (!ns) return -1;
    for (size_t i = 0; i < m->nslots; i++) {
        if (!m->slots[i].str) continue;
        size_t j = smap_hash(m->pool + m->slots[i].str - 1, m->slots[i].len) & (n - 1);
        while (ns[j].str) j = (j + 1) & (n - 1);
        ns[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = ns;
    m->nslots = n;
    return 0;
}

/* Returns the entry for s (created with val 0, flags 0 if new), or NULL. */
static sentry *smap_put(smap *m, const char *s, size_t n)
{
    sentry *e = smap_get(m, s, n);
    if (e) return e;
    if ((m->count + 1) * 2 > m->nslots && smap_grow(m)) return NULL;
    if (m->len + n + 1 > m->cap) {
        size_t c = m->cap ? m->cap * 2 : 65536;
        while (c < m->len + n + 1) c *= 2;
        char *p = realloc(m->pool, c);
        if (!p) return NULL;
        m->pool = p;
        m->cap = c;
    }
    memcpy(m->pool + m->len, s, n);
    m->pool[m->len + n] = '\0';
    size_t j = smap_hash(s, n) & (m->nslots - 1);
    while (m->slots[j].str) j = (j + 1) & (m->nslots - 1);
    m->slots[j].str = (uint32_t)m->len + 1;
    m->slots[j].len = (uint32_t)n;
    m->slots[j].val = 0;
    m->slots[j].flags = 0;
    m->len += n + 1;
    m->count++;
    return &m->slots[j];
}

/* ------------------------------------------------------------------ */
/* State                                                               */
/* ------------------------------------------------------------------ */

/* What emb_prepare does with a token inside a window (see window_pname). */
enum { LG_SINGLE = 1,        /* a legal form by itself */
       LG_FIRST = 2,         /* the first word of a legal-form phrase */
       LG_NEXT = 4,          /* a later word of one */
       LG_TITLE = 8,         /* a title, dropped in front of a name */
       LG_TKNOWN = 64,       /* LG_TITLE is computed (lazily: see tok_title) */
       LG_KNOWN = 128 };     /* the other flags are computed (lazily: see tok_lg) */

typedef struct wentry {
    emb_ptok t;              /* prepared token; t.w = rarity x class weight */
    uint8_t gflags;          /* WS_* of the text word */
    uint8_t pflags;          /* WS_* of the prepared token t.s */
    uint8_t lg;              /* LG_* of t.s, once LG_KNOWN (tok_lg) */
    uint8_t content;         /* a content token (may match list tokens) */
    uint8_t conn;            /* CONN_* of t.s (widen() asks for every window) */
    float pw;                /* weight in a prepared window (a country weighs COUNTRY_W) */
    uint32_t m_begin, m_n;   /* list tokens it resembles, in st->ms */
} wentry;

/* A list token a text token resembles, with the range of the names it
 * anchors (st->anc_names[ab..ab+an)), known from the word alone: an is 0
 * when the word may not anchor through it (a common word and a specific
 * list token).  The candidate loop then reads no per-token table. */
enum { CONN_OF = 1, CONN_THE = 2, CONN_FOR = 4, CONN_AND = 8 };

typedef struct wmatch { uint32_t tok; float sim; uint32_t ab, an; } wmatch;
/* A list token under one of its skeleton keys, with what emb_token_sim
 * looks at first (its sketch: its first letters, its letters by count...;
 * sk0: its skeleton's first letter, 0 if none), so that most look-alikes
 * are dismissed without a visit to the token's record (see sim_possible
 * and emb_token_sim_ruled_out_sketch): a key's tokens lie side by side, and
 * the records are scattered over memory. */
typedef struct tkey { uint64_t h; uint32_t tok; char sk0; emb_tsketch sk; } tkey;

/* A slot of the word cache (normalized token -> wentry), 32 bytes, two to
 * a cache line: a token of up to 16 bytes is compared in the slot itself,
 * and what the candidate loop needs of every word (its look-alikes and
 * word-list flags) is there too, so that a word costs one scattered read,
 * not three (slot, key string, entry).  Longer tokens live in st->cache. */
#define WKEY 16
#define TK_BITS 20
#define TK_SLICE(h) ((uint32_t)((h) >> 12) & ((1u << TK_BITS) - 1))
typedef struct wslot {
    uint32_t h;              /* hash | 1; 0 = empty */
    uint32_t ent;            /* index into st->ents */
    uint32_t m_begin;        /* copies of the entry's fields */
    uint8_t m_n, gflags, len, pad;
    char key[WKEY];          /* NUL-padded */
} wslot;

typedef struct stok {        /* a token of the current sentence */
    uint32_t word;           /* index into the sentence's words */
    uint32_t ent;            /* cache entry */
    uint32_t m_begin;        /* its look-alikes st->ms[m_begin..+m_n) */
    uint8_t m_n;
    uint8_t gflags;          /* WS_* of the text word */
} stok;

typedef struct hit { uint32_t next; uint16_t pos; } hit; /* next: the same list token's next hit */

typedef struct cand {        /* a verified mention of the sentence */
    size_t ws, we;           /* first and last word */
    uint32_t entity;
    uint32_t name;           /* global name index */
    double score;
    const char *via;
} cand;

typedef struct acronym {
    char s[16];
    uint32_t entity, name;
    double score;
} acronym;

struct emb_scan_state {
    const embargo_db *db;
    uint32_t *party_begin;   /* per entity index e: members of party e are */
    uint32_t *party_members; /* party_members[party_begin[e]..party_begin[e+1]) */
    smap wset;               /* common words, titles, places, countries */
    smap cache;              /* token longer than WKEY -> wentry index */
    wslot *wslots;           /* shorter tokens (open addressing, power of 2) */
    size_t n_wslots;
    wentry *ents;
    size_t n_ents, cap_ents;
    wmatch *ms;
    size_t n_ms, cap_ms;
    tkey *tkeys;             /* list tokens by skeleton key, sorted */
    size_t n_tkeys;
    uint32_t *tk_buckets;    /* 65537 offsets by hash >> 48 */
    uint64_t *tk_bits;       /* a bit per TK_BITS-bit slice of a key hash: some list token has a key
                              * there (a new word's keys are mostly nobody's: 128 KB answer that,
                              * not a bucket and a search each) */
    uint8_t *tseen;          /* per list token: the last new word that judged it (tseen_gen); a
                              * byte, so that the table stays in the core's cache (cleared when
                              * the generation wraps, every 255 new words) */
    uint8_t tseen_gen;
    uint32_t *anc_begin;     /* n_tokens + 1 offsets into anc_names */
    uint32_t *anc_names;
    uint8_t *tok_generic;    /* per list token: a common word, title, place or country */
    struct nstate {          /* per name, 8 bytes: the candidate loop reads one per name reached */
        uint16_t stamp;      /* sentence generation (sgen) */
        uint16_t anc_first;  /* first anchor token hit in the sentence: the hit index of its first
                              * word (tmark.head), one per list token in a sentence */
        uint16_t source;     /* its entity's source */
        uint8_t anc_cnt;     /* distinct anchor tokens hit (1 or 2) */
        uint8_t flags;       /* NS_TWO_*, and its entity's schema << NS_SCHEMA_SHIFT (verify reads
                              * no db record before it must) */
    } *ns;
    uint16_t sgen;           /* the sentence generation of the stamps in ns */
    struct ctok {            /* per name, its content tokens, packed: what verify's */
        uint32_t tok;        /* first look needs, without a visit to the index's */
        float w;             /* token records (w = idf x class weight, as the */
        uint8_t len;         /* scorer weighs it) */
        uint8_t generic;     /* st->tok_generic[tok] */
    } *ctoks;
    uint32_t *ctok_begin;    /* per name: its ctoks[ctok_begin[ni]..ctok_begin[ni+1]) */
    uint32_t *pn_off;        /* per name: 1 + offset of its prepared tokens in pn_toks, 0 = not yet */
    uint8_t *pn_n;           /* per name: how many */
    emb_ptok *pn_toks;
    size_t n_pn_toks;
    emb_pname pn;            /* the name being verified */
    struct tmark {           /* per list token, in the current sentence: */
        uint32_t gen;        /* the sentence generation it was hit in */
        float sim;           /* the best similarity of a word to it */
        uint32_t head, tail; /* its hits (st->hits), by position */
    } *tm;
    struct wcache {          /* windows of the sentence, prepared */
        uint16_t a, b;
        uint8_t org, bq_ok;  /* bq_ok: bq is emb_bound_prepare(pn) */
        emb_pname pn;
        emb_bquery bq;
    } *wcache;
    emb_sim_cache *wsims;    /* per window of wcache: its token similarities to list tokens */
    size_t n_wcache;
    uint32_t gen;
    uint8_t *src_ok;         /* per source: allowed by opts->sources */
    /* results */
    embargo_mention *out;
    size_t n_out, cap_out;
    /* per sentence */
    emb_word words[SENT_WORDS];
    char wkey[SENT_WORDS][WKEY]; /* fold_words: the words' keys, */
    uint8_t wklen[SENT_WORDS];   /* their lengths (0: none), */
    uint32_t whash[SENT_WORDS];  /* their hashes */
    stok toks[SENT_TOKS];
    size_t n_toks;
    hit *hits;
    size_t n_hits, cap_hits;
    uint32_t *cands;
    size_t n_cands, cap_cands;
    cand *found;
    size_t n_found, cap_found;
    acronym acr[MAX_ACRONYMS];
    size_t n_acr;
    char buf[4096];
};

/* Zeroed memory for a big table read at random, in huge pages where the
 * system gives them (its lookups then miss the TLB far less often). */
static void *table_alloc(size_t bytes)
{
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
#ifdef MADV_HUGEPAGE
    if (bytes >= ((size_t)2 << 20)) (void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
    return p;
}

static void table_free(void *p, size_t bytes)
{
    if (p) munmap(p, bytes);
}

static int grow(void **p, size_t *cap, size_t need, size_t item)
{
    if (need <= *cap) return 0;
    size_t c = *cap ? *cap : 64;
    while (c < need) c *= 2;
    void *q = realloc(*p, c * item);
    if (!q) return -1;
    *p = q;
    *cap = c;
    return 0;
}

void emb_scan_state_free(struct emb_scan_state *st)
{
    if (!st) return;
    smap_free(&st->wset);
    smap_free(&st->cache);
    table_free(st->wslots, st->n_wslots * sizeof *st->wslots);
    free(st->ents);
    free(st->ms);
    free(st->tkeys);
    free(st->tk_buckets);
    free(st->tk_bits);
    free(st->tseen);
    free(st->anc_begin);
    free(st->anc_names);
    free(st->tok_generic);
    free(st->ns);
    free(st->ctoks);
    free(st->ctok_begin);
    free(st->pn_off);
    free(st->pn_n);
    free(st->pn_toks);
    free(st->tm);
    free(st->wcache);
    free(st->wsims);
    free(st->src_ok);
    free(st->party_begin);
    free(st->party_members);
    free(st->out);
    free(st->hits);
    free(st->cands);
    free(st->found);
    free(st);
}

static uint8_t word_flags(const struct emb_scan_state *st, const char *s, size_t n)
{
    const sentry *e = smap_get(&st->wset, s, n);
    return e ? e->flags : 0;
}

/* Adds a word or phrase with flags; a country gets its canonical word. */
static int add_word(struct emb_scan_state *st, const char *w, uint8_t flags, const char *canon)
{
    size_t n = strlen(w);
    uint32_t coff = 0;
    if (canon) {
        sentry *c = smap_put(&st->wset, canon, strlen(canon));
        if (!c) return -1;
        c->flags |= WS_COUNTRY;
        c->val = c->str - 1;
        coff = c->str - 1;
    }
    sentry *e = smap_put(&st->wset, w, n);
    if (!e) return -1;
    e->flags |= flags;
    if (canon) e->val = coff;
    /* its first words start a phrase: the lookups of longer and longer
     * runs of words stop where no phrase goes on */
    for (const char *sp = strchr(w, ' '); sp; sp = strchr(sp + 1, ' ')) {
        sentry *f = smap_put(&st->wset, w, (size_t)(sp - w));
        if (!f) return -1;
        f->flags |= WS_PHRASE;
    }
    return 0;
}

/* Lowercase ASCII with single spaces, "&" as "and"; non-ASCII dropped. */
static void canon_ascii(const char *in, char *out, size_t cap)
{
    size_t o = 0;
    int sp = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p && o + 1 < cap; p++) {
        unsigned c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
            if (sp && o && o + 2 < cap) out[o++] = ' ';
            sp = 0;
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        } else if (c != '\'') {
            sp = 1;
        }
    }
    out[o] = '\0';
}

static int build_word_set(struct emb_scan_state *st)
{
    for (size_t i = 0; emb_scan_common_words[i]; i++)
        if (add_word(st, emb_scan_common_words[i], WS_COMMON, NULL)) return -1;
    for (size_t i = 0; emb_scan_title_words[i]; i++)
        if (add_word(st, emb_scan_title_words[i], WS_TITLE, NULL)) return -1;
    for (size_t i = 0; emb_scan_place_words[i]; i++)
        if (add_word(st, emb_scan_place_words[i], WS_PLACE, NULL)) return -1;
    for (size_t i = 0; emb_scan_country_aliases[i].from; i++)
        if (add_word(st, emb_scan_country_aliases[i].from, WS_COUNTRY, emb_scan_country_aliases[i].to)) return -1;
    /* English country names from ICU: each is its own canonical word */
    const char *const *iso = uloc_getISOCountries();
    for (size_t i = 0; iso && iso[i]; i++) {
        char loc[16], name[128], canon[128];
        snprintf(loc, sizeof loc, "und_%s", iso[i]);
        UChar u[128];
        UErrorCode ec = U_ZERO_ERROR;
        int32_t len = uloc_getDisplayCountry(loc, "en", u, 128, &ec);
        if (U_FAILURE(ec) || len <= 0) continue;
        int32_t k = 0;
        for (int32_t j = 0; j < len && k < 127; j++) name[k++] = u[j] < 128 ? (char)u[j] : ' ';
        name[k] = '\0';
        char *paren = strchr(name, '(');
        if (paren) *paren = '\0';
        canon_ascii(name, loc[0] ? name : name, sizeof name);
        if (!name[0] || strlen(name) < 4) continue; /* not "us" or "uk" as words */
        size_t o = 0;
        for (const char *p = name; *p && o + 1 < sizeof canon; p++)
            if (*p != ' ') canon[o++] = *p;
        canon[o] = '\0';
        /* "republic of X" and "X republic" forms keep X as the country word */
        sentry *have = smap_get(&st->wset, name, strlen(name));
        if (have && (have->flags & WS_COUNTRY)) continue;
        if (add_word(st, name, WS_COUNTRY, canon)) return -1;
    }
    return 0;
}

static int is_org_like(embargo_schema s);
static int content_cls(int c);

/* List-token key table and anchors. */
static int build_tables(struct emb_scan_state *st)
{
    const emb_index *ix = &st->db->idx;
    size_t cap = 0;
    uint64_t kh[EMB_TOKLEN_MAX + 2];
    for (size_t t = 0; t < ix->n_tokens; t++) {
        const emb_token_rec *r = &ix->tokens[t];
        if (!(r->cls == EMB_TOK_NORMAL || r->cls == EMB_TOK_PATRONYMIC) || r->len < 2) continue;
        const char *sk = ix->tokpool + r->skel;
        size_t nk = emb_index_keys(sk, strlen(sk), kh, EMB_TOKLEN_MAX + 2);
        if (grow((void **)&st->tkeys, &cap, st->n_tkeys + nk, sizeof *st->tkeys)) return -1;
        tkey one;
        memset(&one, 0, sizeof one);
        one.tok = (uint32_t)t;
        one.sk0 = r->sklen ? sk[0] : 0;
        emb_tsketch_of(ix->tokpool + r->str, r->len, sk, r->sklen, r->cls, &one.sk);
        for (size_t k = 0; k < nk; k++) {
            one.h = kh[k];
            st->tkeys[st->n_tkeys++] = one;
        }
    }
    /* sort by hash (LSD radix on 16-bit digits) */
    tkey *tmp = malloc((st->n_tkeys + 1) * sizeof *tmp);
    uint32_t *count = malloc(65536 * sizeof *count);
    if (!tmp || !count) { free(tmp); free(count); return -1; }
    tkey *src = st->tkeys, *dst = tmp;
    for (int pass = 0; pass < 4; pass++) {
        memset(count, 0, 65536 * sizeof *count);
        for (size_t i = 0; i < st->n_tkeys; i++) count[(src[i].h >> (16 * pass)) & 0xffff]++;
        uint32_t sum = 0;
        for (size_t k = 0; k < 65536; k++) { uint32_t c = count[k]; count[k] = sum; sum += c; }
        for (size_t i = 0; i < st->n_tkeys; i++) dst[count[(src[i].h >> (16 * pass)) & 0xffff]++] = src[i];
        tkey *x = src; src = dst; dst = x;
    }
    free(tmp);
    free(count);
    st->tk_buckets = malloc(65537 * sizeof *st->tk_buckets);
    st->tk_bits = calloc(((size_t)1 << TK_BITS) / 64, sizeof *st->tk_bits);
    st->tseen = calloc(ix->n_tokens + 1, sizeof *st->tseen);
    if (!st->tk_buckets || !st->tk_bits || !st->tseen) return -1;
    for (size_t k = 0; k < st->n_tkeys; k++) {
        uint32_t x = TK_SLICE(st->tkeys[k].h);
        st->tk_bits[x >> 6] |= 1ull << (x & 63);
    }
    size_t b = 0;
    for (size_t k = 0; k < st->n_tkeys; k++) {
        size_t top = (size_t)(st->tkeys[k].h >> 48);
        while (b <= top) st->tk_buckets[b++] = (uint32_t)k;
    }
    while (b <= 65536) st->tk_buckets[b++] = (uint32_t)st->n_tkeys;

    /* anchors: per name, its specific content tokens used by few names, or
     * else its rarest content token (not a country when it can help it) */
    const embargo_db *db = st->db;
    st->anc_begin = calloc(ix->n_tokens + 2, sizeof *st->anc_begin);
    st->tok_generic = calloc(ix->n_tokens + 1, 1);
    if (!st->anc_begin || !st->tok_generic) return -1;
    /* the word-list flags of each list token, once */
    uint8_t *tflags = malloc(ix->n_tokens + 1);
    if (!tflags) return -1;
    for (size_t t = 0; t < ix->n_tokens; t++) {
        tflags[t] = word_flags(st, ix->tokpool + ix->tokens[t].str, ix->tokens[t].len);
        st->tok_generic[t] = (tflags[t] & WS_GENERIC) != 0;
    }
    st->ns = calloc(db->n_names + 1, sizeof *st->ns);
    uint8_t *n_anc = calloc(db->n_names + 1, 1); /* its anchors (capped at 127; ANC_GENERIC) */
    if (!st->ns || !n_anc) { free(tflags); free(n_anc); return -1; }
    for (size_t ni = 0; ni < db->n_names; ni++) {
        const emb_entity_rec *er = &db->ents[db->names[ni].entity];
        st->ns[ni].source = (uint16_t)er->source;
        st->ns[ni].flags = (uint8_t)(er->schema << NS_SCHEMA_SHIFT);
    }
    size_t n_nt = ix->name_tok_begin[db->n_names];
    st->ctoks = malloc((n_nt + 1) * sizeof *st->ctoks);
    st->ctok_begin = malloc((db->n_names + 1) * sizeof *st->ctok_begin);
    if (!st->ctoks || !st->ctok_begin) { free(tflags); free(n_anc); return -1; }
    size_t nc = 0;
    for (size_t ni = 0; ni < db->n_names; ni++) {
        st->ctok_begin[ni] = (uint32_t)nc;
        for (uint32_t k = ix->name_tok_begin[ni]; k < ix->name_tok_begin[ni + 1]; k++) {
            uint32_t t = ix->name_toks[k];
            const emb_token_rec *r = &ix->tokens[t];
            if (!content_cls(r->cls)) continue;
            struct ctok *c = &st->ctoks[nc++];
            c->tok = t;
            c->w = r->idf * emb_class_weight(r->cls);
            c->len = r->len;
            c->generic = st->tok_generic[t];
        }
    }
    st->ctok_begin[db->n_names] = (uint32_t)nc;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t ni = 0; ni < db->n_names; ni++) {
            uint32_t bgn = ix->name_tok_begin[ni], end = ix->name_tok_begin[ni + 1];
            int any = 0;
            uint32_t rare = UINT32_MAX, rare_nc = UINT32_MAX;
            for (uint32_t k = bgn; k < end; k++) {
                uint32_t t = ix->name_toks[k];
                const emb_token_rec *r = &ix->tokens[t];
                if (!(r->cls == EMB_TOK_NORMAL || r->cls == EMB_TOK_PATRONYMIC) || r->len < 2) continue;
                uint8_t f = tflags[t];
                if (rare == UINT32_MAX || r->df < ix->tokens[rare].df) rare = t;
                if (!(f & WS_COUNTRY)) rare_nc = t;
                if ((f & WS_GENERIC) || r->df > ANCHOR_DF_MAX) continue;
                any = 1;
                if (pass == 0 && n_anc[ni] < 127) n_anc[ni]++;
                if (pass == 0) st->anc_begin[t + 1]++;
                else st->anc_names[st->anc_begin[t]++] = (uint32_t)ni;
            }
            /* a name of common words only: each of its words (not a country)
             * anchors it, and two of them must be said (see scan_sentence) */
            if (!any && rare != UINT32_MAX) {
                size_t na = 0;
                for (uint32_t k = bgn; k < end; k++) {
                    uint32_t t = ix->name_toks[k];
                    const emb_token_rec *r = &ix->tokens[t];
                    if (!(r->cls == EMB_TOK_NORMAL || r->cls == EMB_TOK_PATRONYMIC) || r->len < 2) continue;
                    if ((tflags[t] & WS_COUNTRY) && rare_nc != UINT32_MAX) continue;
                    if (pass == 0) st->anc_begin[t + 1]++;
                    else st->anc_names[st->anc_begin[t]++] = (uint32_t)ni;
                    na++;
                }
                if (pass == 0) n_anc[ni] = (uint8_t)(ANC_GENERIC | (na >= 2 ? 2 : 1));
            }
        }
        if (pass == 0) {
            for (size_t t = 0; t < ix->n_tokens; t++) st->anc_begin[t + 1] += st->anc_begin[t];
            st->anc_names = malloc((st->anc_begin[ix->n_tokens] + 1) * sizeof *st->anc_names);
            if (!st->anc_names) { free(tflags); free(n_anc); return -1; }
        }
    }
    free(tflags);
    for (size_t ni = 0; ni < db->n_names; ni++) {
        uint8_t a = n_anc[ni];
        if ((a & ANC_GENERIC) && (a & 0x7f) >= 2) st->ns[ni].flags |= NS_TWO_ALWAYS;
        if (a >= 2 && !is_org_like((embargo_schema)(st->ns[ni].flags >> NS_SCHEMA_SHIFT))) st->ns[ni].flags |= NS_TWO_PERSON;
    }
    free(n_anc);
    /* pass 1 advanced each begin to its end: shift back */
    for (size_t t = ix->n_tokens; t > 0; t--) st->anc_begin[t] = st->anc_begin[t - 1];
    st->anc_begin[0] = 0;
    st->src_ok = calloc(db->n_sources + 1, 1);
    /* the listings of each party (party ids are entity indexes): one party,
     * many lists, so a mention found on one list is checked on the others */
    st->party_begin = calloc(db->n_ents + 2, sizeof *st->party_begin);
    st->party_members = malloc((db->n_ents + 1) * sizeof *st->party_members);
    if (!st->party_begin || !st->party_members) return -1;
    for (size_t e = 0; e < db->n_ents; e++) st->party_begin[db->ents[e].party + 1]++;
    for (size_t e = 0; e < db->n_ents; e++) st->party_begin[e + 1] += st->party_begin[e];
    for (size_t e = 0; e < db->n_ents; e++) st->party_members[st->party_begin[db->ents[e].party]++] = (uint32_t)e;
    for (size_t e = db->n_ents; e > 0; e--) st->party_begin[e] = st->party_begin[e - 1];
    st->party_begin[0] = 0;
    st->pn_off = calloc(db->n_names + 1, sizeof *st->pn_off);
    st->pn_n = calloc(db->n_names + 1, 1);
    st->pn_toks = malloc(PN_TOKS_MAX * sizeof *st->pn_toks);
    st->tm = calloc(ix->n_tokens + 1, sizeof *st->tm);
    st->wcache = calloc(WCACHE, sizeof *st->wcache);
    st->wsims = calloc(WCACHE, sizeof *st->wsims);
    return st->src_ok && st->pn_off && st->pn_n && st->pn_toks &&
                   st->tm && st->wcache && st->wsims
               ? 0
               : -1;
}

static int state_get(embargo_ctx *ctx, struct emb_scan_state **out)
{
    struct emb_scan_state **slot = emb_ctx_scan_slot(ctx);
    if (*slot) { *out = *slot; return 0; }
    struct emb_scan_state *st = calloc(1, sizeof *st);
    if (!st) return EMBARGO_ENOMEM;
    st->db = emb_ctx_db(ctx);
    if (build_word_set(st) || build_tables(st)) { emb_scan_state_free(st); return EMBARGO_ENOMEM; }
    *slot = st;
    *out = st;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Tokens                                                              */
/* ------------------------------------------------------------------ */

static float idf_weight(const embargo_db *db, emb_ptok *t)
{
    const emb_index *ix = &db->idx;
    float idf = 5.0f;
    if (ix->n_tokens) {
        t->id = emb_index_token(ix, t->s, t->len);
        idf = t->id != UINT32_MAX ? ix->tokens[t->id].idf : ix->default_idf;
    }
    return idf * emb_class_weight(t->cls);
}

/* The tokens under key h (*n of them), given its bucket tkeys[lo..hi)
 * (tk_buckets by h >> 48). */
static const tkey *tkeys_find(const struct emb_scan_state *st, uint64_t h, size_t lo, size_t hi, size_t *n)
{
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (st->tkeys[mid].h < h) lo = mid + 1;
        else hi = mid;
    }
    size_t e = lo;
    while (e < st->n_tkeys && st->tkeys[e].h == h) e++;
    *n = e - lo;
    return st->tkeys + lo;
}

static int wmatch_cmp(const void *a, const void *b)
{
    const wmatch *x = a, *y = b;
    if (x->sim != y->sim) return x->sim > y->sim ? -1 : 1;
    return x->tok < y->tok ? -1 : x->tok > y->tok;
}

/* LG_SINGLE, LG_FIRST and LG_NEXT of a prepared token. */
static uint8_t legal_flags(const char *s, size_t n)
{
    uint8_t f = 0;
    int roles = emb_legal_word_roles(s, n);
    if (emb_legal_canon(s, n) || (roles & EMB_LEGAL_ONE)) f |= LG_SINGLE;
    if (roles & EMB_LEGAL_FIRST) f |= LG_FIRST;
    if (roles & EMB_LEGAL_LATER) f |= LG_NEXT;
    return f;
}

/* Can emb_token_sim find the content token a similar to the list token of
 * k at all?  Its first test, for two tokens that are neither initials,
 * legal forms nor numbers (match/score.c): a match keeps the first letter
 * of the word or of its skeleton, or swaps the first two letters.  Equal
 * tokens pass (same first letter). */
static int sim_possible(const emb_ptok *a, const tkey *k)
{
    if (a->s[0] == k->sk.pre[0]) return 1;
    if (a->sklen && k->sk0 && a->sk[0] == k->sk0) return 1;
    return a->len > 1 && a->s[0] == k->sk.pre[1] && a->s[1] == k->sk.pre[0];
}

/* Hash of a NUL-padded key of WKEY bytes: two multiply-mixes (emb_hash
 * goes byte by byte; this runs for every word of the text). */
static uint32_t wkey_hash(const char *k, size_t n)
{
    uint64_t a, b;
    memcpy(&a, k, 8);
    memcpy(&b, k + 8, 8);
    uint64_t h = (a ^ 0x9e3779b97f4a7c15ULL) * 0xff51afd7ed558ccdULL;
    h ^= (b + n) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 32;
    return (uint32_t)h | 1u;
}

static int wslots_grow(struct emb_scan_state *st)
{
    size_t n = st->n_wslots ? st->n_wslots * 2 : 1u << 16;
    wslot *ns = table_alloc(n * sizeof *ns);
    if (!ns) return -1;
    for (size_t i = 0; i < st->n_wslots; i++) {
        if (!st->wslots[i].h) continue;
        size_t j = st->wslots[i].h & (n - 1);
        while (ns[j].h) j = (j + 1) & (n - 1);
        ns[j] = st->wslots[i];
    }
    table_free(st->wslots, st->n_wslots * sizeof *st->wslots);
    st->wslots = ns;
    st->n_wslots = n;
    return 0;
}

static uint32_t entry_new(struct emb_scan_state *st, const char *s, size_t n);

/* emb_prepare of the one-word text s[0..n) (NUL-terminated), read from the
 * index when the lists use the word: the index keeps the tokens that
 * emb_prepare made of list names by string, and each field of a lower-case
 * token is a function of its string (emb_prepare expands an abbreviation
 * such as "mohd" before it stores anything, so a stored string is never
 * expanded again).  Most words a scan meets again and again are list
 * words; preparing them costs more than the rest of a new word's entry.
 * Returns 1 with *t set (w 0 and id UINT32_MAX, as emb_prepare leaves
 * them) and *idp its token id, else 0, with *absent set when the index was
 * asked and does not have the word (not for a word with capitals). */
static int index_token(const struct emb_scan_state *st, const char *s, size_t n, emb_ptok *t, uint32_t *idp,
                       int *absent)
{
    const emb_index *ix = &st->db->idx;
    *absent = 0;
    if (!ix->n_tokens) return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 'A' && s[i] <= 'Z') return 0; /* a folded legal form ("LLC") */
    uint32_t id = emb_index_token(ix, s, n);
    *absent = id == UINT32_MAX;
    if (id == UINT32_MAX) return 0;
    const emb_token_rec *r = &ix->tokens[id];
    if (r->len != n) return 0;
    *idp = id;
    memcpy(t->s, ix->tokpool + r->str, r->len);
    t->s[r->len] = '\0';
    memcpy(t->sk, ix->tokpool + r->skel, r->sklen);
    t->sk[r->sklen] = '\0';
    t->len = r->len;
    t->sklen = r->sklen;
    t->cls = r->cls;
    t->legal = r->legal;
    t->ghq = emb_ghq_flags(t->s, t->len);
    t->w = 0;
    t->id = UINT32_MAX;
#ifdef EMB_SCAN_CHECK
    emb_pname one;
    emb_prepare(s, &one);
    const emb_ptok *x = &one.t[0];
    if (one.n != 1 || x->len != t->len || memcmp(x->s, t->s, t->len) || x->sklen != t->sklen ||
        memcmp(x->sk, t->sk, t->sklen) || x->cls != t->cls || x->legal != t->legal) {
        fprintf(stderr, "scan: word '%s' from the index differs from emb_prepare\n", s);
        abort();
    }
#endif
    return 1;
}

static int entry_of_key(struct emb_scan_state *st, const char *k, size_t n, uint32_t h, stok *t);

/* The cache entry of normalized token s[0..n), created on first sight,
 * into *t (ent and the copied fields).  Returns 0, or -1 on allocation
 * failure. */
static int entry_of(struct emb_scan_state *st, const char *s, size_t n, stok *t)
{
    if (n > EMB_TOKLEN_MAX) n = EMB_TOKLEN_MAX;
    if (n > WKEY) {
        sentry *ce = smap_get(&st->cache, s, n);
        uint32_t idx = ce ? ce->val : entry_new(st, s, n);
        if (idx == UINT32_MAX) return -1;
        const wentry *e = &st->ents[idx];
        t->ent = idx;
        t->m_begin = e->m_begin;
        t->m_n = (uint8_t)e->m_n;
        t->gflags = e->gflags;
        return 0;
    }
    char k[WKEY] = {0};
    memcpy(k, s, n);
    return entry_of_key(st, k, n, wkey_hash(k, n), t);
}

/* entry_of for a token of n <= WKEY bytes given as its NUL-padded key k
 * and wkey_hash(k, n). */
static int entry_of_key(struct emb_scan_state *st, const char *k, size_t n, uint32_t h, stok *t)
{
    if (st->n_wslots) {
        size_t mask = st->n_wslots - 1;
        for (size_t j = h & mask; st->wslots[j].h; j = (j + 1) & mask) {
            const wslot *w = &st->wslots[j];
            if (w->h == h && w->len == n && memcmp(w->key, k, WKEY) == 0) {
                t->ent = w->ent;
                t->m_begin = w->m_begin;
                t->m_n = w->m_n;
                t->gflags = w->gflags;
                return 0;
            }
        }
    }
    uint32_t idx = entry_new(st, k, n);
    if (idx == UINT32_MAX) return -1;
    /* entry_new may have restarted the cache: count after it */
    size_t used = st->n_ents; /* at least the short tokens in the slots */
    if (used * 2 > st->n_wslots && wslots_grow(st)) return -1;
    size_t mask = st->n_wslots - 1, j = h & mask;
    while (st->wslots[j].h) j = (j + 1) & mask;
    const wentry *e = &st->ents[idx];
    wslot *w = &st->wslots[j];
    w->h = h;
    w->ent = idx;
    w->m_begin = e->m_begin;
    w->m_n = (uint8_t)e->m_n;
    w->gflags = e->gflags;
    w->len = (uint8_t)n;
    w->pad = 0;
    memcpy(w->key, k, WKEY);
    t->ent = idx;
    t->m_begin = w->m_begin;
    t->m_n = w->m_n;
    t->gflags = w->gflags;
    return 0;
}

/* Compares token a with the list tokens surv[0..*ns) (their records asked
 * for), appending the similar ones to local[nl..] (256 at most); returns
 * the new nl and empties surv.  The records are read first and their
 * spellings asked for, then compared: their misses overlap. */
#define SURV_MAX 64
static size_t judge_survivors(const struct emb_scan_state *st, const emb_ptok *a, const uint32_t *surv, size_t *ns,
                              wmatch *local, size_t nl)
{
    const emb_index *ix = &st->db->idx;
    for (size_t i = 0; i < *ns; i++) {
        const emb_token_rec *r = &ix->tokens[surv[i]];
        __builtin_prefetch(ix->tokpool + r->str);
        __builtin_prefetch(ix->tokpool + r->skel);
    }
    for (size_t i = 0; i < *ns && nl < 256; i++) {
        uint32_t t = surv[i];
        const emb_token_rec *r = &ix->tokens[t];
        const char *ts = ix->tokpool + r->str, *tsk = ix->tokpool + r->skel;
#ifdef EMB_SCAN_CHECK
        if (strlen(tsk) != r->sklen) { fprintf(stderr, "scan: skeleton length of '%s'\n", ts); abort(); }
#endif
        float sim = emb_token_sim(a->s, a->len, a->sk, a->sklen, a->cls, ts, r->len, tsk, r->sklen, r->cls);
        if (sim <= 0.0f) continue;
        local[nl].tok = t;
        local[nl].sim = sim;
        nl++;
    }
    *ns = 0;
    return nl;
}

/* Creates the entry of token s[0..n) (n <= EMB_TOKLEN_MAX; a token longer
 * than WKEY is also put in st->cache).  Returns its index or UINT32_MAX on
 * allocation failure. */
static uint32_t entry_new(struct emb_scan_state *st, const char *s, size_t n)
{
    if (st->n_ents >= CACHE_MAX) { /* restart: bounded memory on endless input */
        smap_clear(&st->cache);
        if (st->wslots) memset(st->wslots, 0, st->n_wslots * sizeof *st->wslots);
        st->n_ents = 0;
        st->n_ms = 0;
    }
    if (grow((void **)&st->ents, &st->cap_ents, st->n_ents + 1, sizeof *st->ents)) return UINT32_MAX;
    uint32_t idx = (uint32_t)st->n_ents++;
    if (n > WKEY) {
        sentry *ce = smap_put(&st->cache, s, n);
        if (!ce) return UINT32_MAX;
        ce->val = idx;
    }
    wentry *e = &st->ents[idx];
    memset(e, 0, sizeof *e);
    char tmp[EMB_TOKLEN_MAX + 1];
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    uint32_t id;
    int absent, same = 1; /* same: prepared as spelled */
    if (index_token(st, tmp, n, &e->t, &id, &absent)) {
        /* idf_weight, knowing the id */
        e->t.id = id;
        e->t.w = st->db->idx.tokens[id].idf * emb_class_weight(e->t.cls);
        goto prepared;
    }
    emb_pname one;
    emb_prepare(tmp, &one);
    if (one.n == 0) { /* cannot happen for a non-empty token; be safe */
        memcpy(e->t.s, tmp, n + 1);
        e->t.len = (uint8_t)n;
        e->t.sklen = (uint8_t)emb_skeleton(tmp, n, e->t.sk, sizeof e->t.sk);
        e->t.cls = (uint8_t)emb_token_class(tmp, n);
    } else {
        e->t = one.t[0];
    }
    same = e->t.len == n && memcmp(e->t.s, tmp, n) == 0;
    if (absent && same) {
        /* idf_weight of a word the index was just asked for */
        e->t.id = UINT32_MAX;
        e->t.w = st->db->idx.default_idf * emb_class_weight(e->t.cls);
    } else {
        e->t.w = idf_weight(st->db, &e->t);
    }
prepared:
    e->gflags = word_flags(st, tmp, n);
    e->pflags = same ? e->gflags : word_flags(st, e->t.s, e->t.len);
    e->pw = (e->pflags & WS_COUNTRY) ? COUNTRY_W : e->t.w;
    e->content = (e->t.cls == EMB_TOK_NORMAL || e->t.cls == EMB_TOK_PATRONYMIC) && e->t.len >= 2;
    e->conn = (uint8_t)(!strcmp(e->t.s, "of") ? CONN_OF : !strcmp(e->t.s, "the") ? CONN_THE
                        : !strcmp(e->t.s, "for") ? CONN_FOR : !strcmp(e->t.s, "and") ? CONN_AND : 0);
    e->m_begin = (uint32_t)st->n_ms;
    if (!e->content || !st->n_tkeys) return idx;
    /* list tokens sharing a skeleton key, kept if the scorer calls them similar */
    const emb_index *ix = &st->db->idx;
    uint64_t kh[EMB_TOKLEN_MAX + 2];
    size_t nk = emb_index_keys(e->t.sk, e->t.sklen, kh, EMB_TOKLEN_MAX + 2);
    wmatch local[256];
    size_t nl = 0;
    if (++st->tseen_gen == 0) {
        memset(st->tseen, 0, (ix->n_tokens + 1) * sizeof *st->tseen);
        st->tseen_gen = 1;
    }
    uint32_t surv[SURV_MAX];
    size_t ns = 0;
    emb_letters la;
    emb_letters_of(e->t.s, e->t.len, &la);
    uint32_t askh = (uint32_t)emb_hash(e->t.sk, e->t.sklen);
    uint32_t aph = e->t.sklen < 4 ? emb_phonetic_hash(e->t.s, e->t.len) : 0; /* only short skeletons use it */
    /* the keys' buckets, then their first entries, asked for at once: the
     * misses overlap */
    uint32_t blo[EMB_TOKLEN_MAX + 2], bhi[EMB_TOKLEN_MAX + 2];
    size_t nkp = 0; /* the keys some list token may have */
    for (size_t k = 0; k < nk; k++) {
        uint32_t x = TK_SLICE(kh[k]);
        if (!(st->tk_bits[x >> 6] >> (x & 63) & 1)) continue;
        kh[nkp++] = kh[k];
        __builtin_prefetch(&st->tk_buckets[kh[k] >> 48]);
    }
    nk = nkp;
    for (size_t k = 0; k < nk; k++) {
        blo[k] = st->tk_buckets[kh[k] >> 48];
        bhi[k] = st->tk_buckets[(kh[k] >> 48) + 1];
        __builtin_prefetch(&st->tkeys[blo[k]]);
    }
    for (size_t k = 0; k < nk; k++) {
        size_t cnt;
        const tkey *tk = tkeys_find(st, kh[k], blo[k], bhi[k], &cnt);
        for (size_t j = 0; j < cnt; j++) {
            uint32_t t = tk[j].tok;
            /* a token under two of the word's keys is judged once */
            if (st->tseen[t] == st->tseen_gen || nl >= 256) continue;
            st->tseen[t] = st->tseen_gen;
            /* the key entry's letters, then the token's sketch, decide most
             * pairs before the token's record (scattered over the index) is
             * read */
            if (!sim_possible(&e->t, &tk[j]) ||
                emb_token_sim_ruled_out_sketch(e->t.s, e->t.len, e->t.sklen, askh, e->t.cls, &la, aph, e->t.ghq, &tk[j].sk)) {
#ifdef EMB_SCAN_CHECK
                const emb_token_rec *cr = &ix->tokens[t];
                const char *cs = ix->tokpool + cr->str, *csk = ix->tokpool + cr->skel;
                if (emb_token_sim(e->t.s, e->t.len, e->t.sk, e->t.sklen, e->t.cls, cs, cr->len, csk, cr->sklen, cr->cls) > 0.0f) {
                    fprintf(stderr, "scan: '%s' dismissed '%s' that emb_token_sim accepts\n", e->t.s, cs);
                    abort();
                }
#endif
                continue;
            }
            /* the rest are compared below, their records asked for now */
            __builtin_prefetch(&ix->tokens[t]);
            surv[ns++] = t;
            if (ns == SURV_MAX) nl = judge_survivors(st, &e->t, surv, &ns, local, nl);
        }
    }
    nl = judge_survivors(st, &e->t, surv, &ns, local, nl);
    qsort(local, nl, sizeof *local, wmatch_cmp);
    if (nl > MATCHES_MAX) nl = MATCHES_MAX;
    /* a common word stands for itself and its close forms only
     * ("industrial" ~ INDUSTRY), not for every look-alike in the lists */
    if (e->gflags & WS_GENERIC) {
        size_t k = 0;
        while (k < nl && k < 8 && local[k].sim >= 0.9f) k++;
        nl = k;
    }
    /* a common word or place is evidence only for names made of such words */
    for (size_t k = 0; k < nl; k++) {
        uint32_t t = local[k].tok;
        int usable = !(e->gflags & WS_GENERIC) || st->tok_generic[t];
        local[k].ab = st->anc_begin[t];
        local[k].an = usable ? st->anc_begin[t + 1] - st->anc_begin[t] : 0;
    }
    if (grow((void **)&st->ms, &st->cap_ms, st->n_ms + nl, sizeof *st->ms)) return UINT32_MAX;
    e = &st->ents[idx];
    if (nl) memcpy(st->ms + st->n_ms, local, nl * sizeof *local);
    e->m_begin = (uint32_t)st->n_ms;
    e->m_n = (uint32_t)nl;
    st->n_ms += nl;
    return idx;
}

/* ASCII letters and digits folded to lower case; 0 for the other bytes
 * (apostrophes inside a word are dropped, as emb_normalize drops them). */
#define FO(c) (char)((c) >= 'A' && (c) <= 'Z' ? (c) + 32 : ((c) >= 'a' && (c) <= 'z') || ((c) >= '0' && (c) <= '9') ? (c) : 0)
#define FO4(c) FO(c), FO((c) + 1), FO((c) + 2), FO((c) + 3)
#define FO16(c) FO4(c), FO4((c) + 4), FO4((c) + 8), FO4((c) + 12)
static const char fold_ascii[256] = {FO16(0), FO16(16), FO16(32), FO16(48), FO16(64), FO16(80), FO16(96), FO16(112)};
#undef FO16
#undef FO4
#undef FO

/* The keys of the sentence's ASCII words (nearly every word of English
 * text), folded and hashed before any is looked up, with their cache
 * slots asked for: the lookups then overlap their cache misses instead of
 * waiting for each in turn.  st->wklen[w] is 0 for the other words (and
 * for a word longer than a key), which word_tokens normalizes itself. */
static void fold_words(struct emb_scan_state *st, const char *text, size_t n_words)
{
    size_t mask = st->n_wslots ? st->n_wslots - 1 : 0;
    for (size_t wi = 0; wi < n_words; wi++) {
        const emb_word *w = &st->words[wi];
        st->wklen[wi] = 0;
        if ((w->flags & (EMB_W_ASCII | EMB_W_LONG)) != EMB_W_ASCII || w->end - w->start > EMB_TOKLEN_MAX) continue;
        const unsigned char *s = (const unsigned char *)text + w->start;
        size_t n = w->end - w->start, o = 0;
        char k[EMB_TOKLEN_MAX + 1];
        for (size_t i = 0; i < n; i++) {
            char c = fold_ascii[s[i]];
            k[o] = c;
            o += c != 0;
        }
        if (o == 0 || o > WKEY) continue;
        char *key = st->wkey[wi];
        memset(key, 0, WKEY);
        memcpy(key, k, o);
        st->wklen[wi] = (uint8_t)o;
        st->whash[wi] = wkey_hash(key, o);
        if (mask) __builtin_prefetch(&st->wslots[st->whash[wi] & mask]);
    }
}

/* Normalizes word w of text into tokens appended to st->toks. */
static int word_tokens(struct emb_scan_state *st, emb_normalizer *nz, const char *text, size_t wi)
{
    const emb_word *w = &st->words[wi];
    if (w->flags & EMB_W_LONG) return 0;
    const char *s = text + w->start;
    size_t n = w->end - w->start;
    char *b = st->buf;
    long m;
    if (st->wklen[wi]) { /* folded and hashed by fold_words */
        if (st->n_toks >= SENT_TOKS) return 0;
        stok *t = &st->toks[st->n_toks];
        if (entry_of_key(st, st->wkey[wi], st->wklen[wi], st->whash[wi], t)) return EMBARGO_ENOMEM;
        t->word = (uint32_t)wi;
        st->n_toks++;
        return 0;
    }
    if (w->flags & EMB_W_ASCII) {
        size_t o = 0;
        for (size_t i = 0; i < n; i++) {
            char c = s[i];
            if (c >= 'A' && c <= 'Z') b[o++] = (char)(c + 32);
            else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) b[o++] = c;
        }
        m = (long)o;
    } else {
        m = emb_normalize(nz, s, n, b, sizeof st->buf);
        if (m < 0) return 0; /* not a name word (cannot be normalized) */
    }
    size_t i = 0;
    while (i < (size_t)m) {
        while (i < (size_t)m && b[i] == ' ') i++;
        size_t j = i;
        while (j < (size_t)m && b[j] != ' ') j++;
        if (j > i) {
            if (st->n_toks >= SENT_TOKS) return 0;
            stok *t = &st->toks[st->n_toks];
            if (entry_of(st, b + i, j - i, t)) return EMBARGO_ENOMEM;
            t->word = (uint32_t)wi;
            st->n_toks++;
        }
        i = j;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Preparing names and windows                                         */
/* ------------------------------------------------------------------ */

static void set_token(emb_ptok *t, const char *s, size_t n, int cls, float w)
{
    if (n > EMB_TOKLEN_MAX) n = EMB_TOKLEN_MAX;
    memcpy(t->s, s, n);
    t->s[n] = '\0';
    t->len = (uint8_t)n;
    t->sklen = (uint8_t)emb_skeleton(t->s, n, t->sk, sizeof t->sk);
    t->cls = (uint8_t)cls;
    t->legal = 0;
    t->ghq = emb_ghq_flags(t->s, n);
    t->w = w;
    t->id = UINT32_MAX;
}

/* Folds country phrases to one canonical token ("republic of belarus",
 * "belarusian" -> belarus), so that a country compares by meaning. */
static void fold_countries(const struct emb_scan_state *st, emb_pname *p)
{
    emb_pname out;
    out.n = 0;
    out.nsur = 0;
    char ph[256];
    for (size_t i = 0; i < p->n;) {
        size_t best = 0;
        const sentry *be = NULL;
        size_t o = 0;
        for (size_t k = 0; k < 6 && i + k < p->n; k++) {
            size_t l = p->t[i + k].len;
            if (o + l + 2 > sizeof ph) break;
            if (k) ph[o++] = ' ';
            memcpy(ph + o, p->t[i + k].s, l);
            o += l;
            const sentry *e = smap_get(&st->wset, ph, o);
            if (!e) break;
            if (e->flags & WS_COUNTRY) { best = k + 1; be = e; }
            if (!(e->flags & WS_PHRASE)) break; /* no longer phrase starts so */
        }
        if (!be) { out.t[out.n++] = p->t[i++]; continue; }
        /* "republic of (the)" before the country belongs to it */
        while (out.n > 0 && (!strcmp(out.t[out.n - 1].s, "of") || !strcmp(out.t[out.n - 1].s, "the"))) {
            if (out.n >= 2 && !strcmp(out.t[out.n - 1].s, "of") && !strcmp(out.t[out.n - 2].s, "republic")) {
                out.n -= 2;
                break;
            }
            if (out.n >= 3 && !strcmp(out.t[out.n - 1].s, "the") && !strcmp(out.t[out.n - 2].s, "of") &&
                !strcmp(out.t[out.n - 3].s, "republic")) {
                out.n -= 3;
                break;
            }
            break;
        }
        const char *c = st->wset.pool + be->val;
        set_token(&out.t[out.n++], c, strlen(c), EMB_TOK_NORMAL, COUNTRY_W);
        i += best;
    }
    *p = out;
}

static int is_org_like(embargo_schema s)
{
    return s == EMBARGO_ORGANIZATION || s == EMBARGO_VESSEL || s == EMBARGO_AIRCRAFT;
}

/* Prepares a normalized string for scoring: tokens, country folding, weights.
 * `paraphrase`: extra common words weigh less (organizations are paraphrased). */
static void prepare_rest(const struct emb_scan_state *st, int paraphrase, emb_pname *p);

static void prepare(const struct emb_scan_state *st, const char *norm, int paraphrase, emb_pname *p)
{
    emb_prepare(norm, p);
    prepare_rest(st, paraphrase, p);
}

/* What prepare() does after emb_prepare: country folding and weights. */
static void prepare_rest(const struct emb_scan_state *st, int paraphrase, emb_pname *p)
{
    fold_countries(st, p);
    for (size_t i = 0; i < p->n; i++) {
        emb_ptok *t = &p->t[i];
        uint8_t f = word_flags(st, t->s, t->len);
        if (f & WS_COUNTRY) { t->w = COUNTRY_W; continue; }
        /* a token from a card has its id and weight already */
        if (t->id == UINT32_MAX) t->w = idf_weight(st->db, t);
        if (paraphrase && (f & WS_GENERIC)) t->w *= PARAPHRASE_W;
    }
}

/* ------------------------------------------------------------------ */
/* Verification                                                        */
/* ------------------------------------------------------------------ */

typedef struct sentence_ctx {
    const char *text;
    size_t len;
    size_t n_words;
    int mixed;               /* mixed-case sentence: capitalization is evidence */
    double threshold, min_score;
} sentence_ctx;

static const wentry *tok_ent(const struct emb_scan_state *st, size_t i) { return &st->ents[st->toks[i].ent]; }
static unsigned tok_flags(const struct emb_scan_state *st, size_t i) { return st->words[st->toks[i].word].flags; }

/* Is the gap before token i only spaces (same word run, no punctuation)? */
static int tight(const struct emb_scan_state *st, size_t i)
{
    if (i == 0) return 0;
    if (st->toks[i].word == st->toks[i - 1].word) return 1;
    return !(tok_flags(st, i) & EMB_W_GAP_PUNCT);
}

static int capitalized(unsigned f) { return (f & (EMB_W_CAP | EMB_W_CASELESS)) != 0; }

/* Is token i "of", "the", "for" or "and"? */
static int is_connector(const struct emb_scan_state *st, size_t i) { return tok_ent(st, i)->conn != 0; }

/* Widens [*a, *b] for the entity's kind (see the file comment). */
static void widen(const struct emb_scan_state *st, const sentence_ctx *sc, embargo_schema schema, size_t *a,
                  size_t *b)
{
    if (!sc->mixed) return;
    if (!is_org_like(schema)) {
        /* an adjacent capitalized word that is not a title or common word is
         * part of the person's name: "Aziz Nasirzadeh" */
        for (int k = 0; k < 2 && *a > 0 && tight(st, *a); k++) {
            const wentry *e = tok_ent(st, *a - 1);
            if (!capitalized(tok_flags(st, *a - 1)) || (e->gflags & WS_GENERIC) || !e->content) break;
            (*a)--;
        }
        for (int k = 0; k < 2 && *b + 1 < st->n_toks && tight(st, *b + 1); k++) {
            const wentry *e = tok_ent(st, *b + 1);
            if (!capitalized(tok_flags(st, *b + 1)) || (e->gflags & WS_GENERIC) || !e->content) break;
            (*b)++;
        }
        return;
    }
    /* an organization's qualifiers: "Ministry of Finance | of the Republic of Belarus" */
    size_t j = *b + 1, last = *b;
    for (int k = 0; k < 8 && j < st->n_toks && tight(st, j); k++, j++) {
        const wentry *e = tok_ent(st, j);
        if (e->conn & (CONN_OF | CONN_THE | CONN_FOR)) continue;
        if (!capitalized(tok_flags(st, j)) || (e->conn & CONN_AND)) break;
        last = j;
    }
    *b = last;
    /* and the capitalized words in front: "the | Belarus State | Authority for ...",
     * "Iranian | Ministry of ..." (connectors only between capitalized words) */
    size_t first = *a;
    for (int k = 0; k < 8 && first > 0; k++) {
        size_t i = first - 1, j = i;
        /* skip connectors back to a capitalized word */
        int conn = 0;
        while (j < *a && j > 0 && tight(st, j + 1) && is_connector(st, j)) { j--; conn++; }
        if (!tight(st, j + 1) || !capitalized(tok_flags(st, j)) || is_connector(st, j)) break;
        /* a capitalized word that opens the sentence is only taken when it is a country */
        if (j == 0 && !(tok_ent(st, j)->gflags & WS_COUNTRY) && (tok_ent(st, j)->gflags & WS_GENERIC)) break;
        (void)i;
        (void)conn;
        first = j;
    }
    *a = first;
}

static int content_cls(int c) { return c == EMB_TOK_NORMAL || c == EMB_TOK_PATRONYMIC; }

/* The precision rules.  Returns the final score (0: not a mention). */
static double judge(const struct emb_scan_state *st, const sentence_ctx *sc, embargo_schema schema,
                    const emb_pname *q, const emb_pname *n, const emb_align *al, double s, size_t a, size_t b)
{
    uint32_t qused = 0, nused = 0;
    int pairs = 0, specific = 0, fuzzy_single = 0, fuzzy = 0, exact_short = 0, caps_ok = 0, caps_bad = 0;
    for (size_t k = 0; k < al->n; k++) {
        const emb_pair *p = &al->p[k];
        qused |= ((1u << p->ql) - 1) << p->qi;
        nused |= ((1u << p->nl) - 1) << p->nj;
        if (!content_cls(n->t[p->nj].cls) && !(p->nl == 2 && content_cls(n->t[p->nj + 1].cls))) continue;
        if (p->sim < 0.8f) continue; /* an initial is not a name part */
        pairs++;
        if (p->sim < 0.95f) fuzzy++;
        if (p->sim < 1.0f) fuzzy_single = 1;
        if (p->ql == 1 && q->t[p->qi].len < 4) exact_short = 1;
        /* a country matches only itself */
        int qcty = p->ql == 1 && (word_flags(st, q->t[p->qi].s, q->t[p->qi].len) & WS_COUNTRY);
        int ncty = p->nl == 1 && (word_flags(st, n->t[p->nj].s, n->t[p->nj].len) & WS_COUNTRY);
        if ((qcty || ncty) && strcmp(q->t[p->qi].s, n->t[p->nj].s)) return 0;
        int qg = 1, ng = 1;
        for (size_t i = 0; i < p->ql; i++) qg &= (word_flags(st, q->t[p->qi + i].s, q->t[p->qi + i].len) & WS_GENERIC) != 0;
        for (size_t j = 0; j < p->nl; j++) ng &= (word_flags(st, n->t[p->nj + j].s, n->t[p->nj + j].len) & WS_GENERIC) != 0;
        if (!qg && !ng) specific = 1;
        /* capitalization of the text words behind the query tokens */
        for (size_t i = 0; i < p->ql; i++) {
            const char *qs = q->t[p->qi + i].s;
            for (size_t t = a; t <= b; t++) {
                if (strcmp(tok_ent(st, t)->t.s, qs)) continue;
                if (capitalized(tok_flags(st, t))) caps_ok++;
                else caps_bad++;
                break;
            }
        }
    }
    if (pairs == 0) return 0;
    int name_content = 0, all_matched = 1;
    for (size_t j = 0; j < n->n; j++) {
        /* every word of the name but its legal form and connectors: a
         * qualifier such as INTERNATIONAL or STATE is part of the name */
        if (n->t[j].cls == EMB_TOK_LEGAL || n->t[j].cls == EMB_TOK_PARTICLE || n->t[j].len <= 3) continue;
        if (content_cls(n->t[j].cls)) name_content++;
        if (!(nused & (1u << j))) all_matched = 0;
    }
    if (!specific) {
        /* only common words and places: a party only if it is an
         * organization's whole name, several words long */
        if (!(is_org_like(schema) && pairs >= 2 && all_matched && s >= sc->threshold)) return 0;
        /* said in its own words: at most one word in another form, in one
         * run of text, capitalized as a name in mixed-case text */
        if (fuzzy > 1 || (sc->mixed && caps_bad > 0)) return 0;
        for (size_t t = a + 1; t <= b; t++)
            if (!tight(st, t)) return 0;
    }
    /* a person is named by two name parts at least: a surname alone, or a
     * one-word alias ("John", "Roma"), is too weak in running text */
    if (!is_org_like(schema) && pairs < 2) s = fmin(s, CAP_LOW);
    /* a one-word organization or vessel name must be said exactly */
    if (pairs == 1 && (fuzzy_single || exact_short)) s = fmin(s, CAP_LOW);
    if (sc->mixed) {
        if (!is_org_like(schema) && caps_bad > 0) s = fmin(s, CAP_LOW);
        if (is_org_like(schema) && caps_ok == 0 && caps_bad > 0) s = fmin(s, CAP_LOW);
    }
    /* a different country is a different body or person */
    int qc = 0, nc = 0;
    for (size_t i = 0; i < q->n; i++)
        if (!(qused & (1u << i)) && (word_flags(st, q->t[i].s, q->t[i].len) & WS_COUNTRY)) qc = 1;
    for (size_t j = 0; j < n->n; j++)
        if (!(nused & (1u << j)) && (word_flags(st, n->t[j].s, n->t[j].len) & WS_COUNTRY)) nc = 1;
    if (qc && nc) s = fmin(s, CAP_LOW);
    return s;
}

static int add_found(struct emb_scan_state *st, size_t ws, size_t we, uint32_t ent, uint32_t name, double s,
                     const char *via)
{
    if (grow((void **)&st->found, &st->cap_found, st->n_found + 1, sizeof *st->found)) return EMBARGO_ENOMEM;
    cand *c = &st->found[st->n_found++];
    c->ws = ws;
    c->we = we;
    c->entity = ent;
    c->name = name;
    c->score = s;
    c->via = via;
    return 0;
}

/* Window text a..b as a normalized string in st->buf. */
static void window_string(struct emb_scan_state *st, size_t a, size_t b)
{
    size_t o = 0;
    for (size_t i = a; i <= b; i++) {
        const wentry *e = tok_ent(st, i);
        if (o + e->t.len + 2 >= sizeof st->buf) break;
        if (o) st->buf[o++] = ' ';
        memcpy(st->buf + o, e->t.s, e->t.len);
        o += e->t.len;
    }
    st->buf[o] = '\0';
}

#ifdef EMB_SCAN_CHECK
/* Sanitizer builds: the window prepared from cached tokens must be what
 * prepare() makes of the window's text. */
static void window_check(struct emb_scan_state *st, size_t a, size_t b, int org, const emb_pname *fast)
{
    emb_pname slow;
    window_string(st, a, b);
    prepare(st, st->buf, org, &slow);
    int same = slow.n == fast->n;
    for (size_t i = 0; same && i < slow.n; i++) {
        const emb_ptok *x = &slow.t[i], *y = &fast->t[i];
        same = x->len == y->len && !memcmp(x->s, y->s, x->len) && x->sklen == y->sklen &&
               !memcmp(x->sk, y->sk, x->sklen) && x->cls == y->cls && x->w == y->w && x->id == y->id;
    }
    if (!same) {
        fprintf(stderr, "scan: window '%s' prepared from tokens differs from emb_prepare\n", st->buf);
        abort();
    }
}
#endif

/* LG_* flags of token i.  Computed on first use: most words of a text
 * never fall in a verified window, and asking emb_prepare costs more than
 * the rest of a word's preparation. */
static uint8_t tok_lg(struct emb_scan_state *st, size_t i)
{
    wentry *e = &st->ents[st->toks[i].ent];
    if (!(e->lg & LG_KNOWN)) e->lg |= (uint8_t)(legal_flags(e->t.s, e->t.len) | LG_KNOWN);
    return e->lg;
}

/* Is token i a title? */
static int tok_title(struct emb_scan_state *st, size_t i)
{
    wentry *e = &st->ents[st->toks[i].ent];
    if (!(e->lg & LG_TKNOWN)) e->lg |= (uint8_t)((emb_token_is_title(e->t.s, e->t.len) ? LG_TITLE : 0) | LG_TKNOWN);
    return (e->lg & LG_TITLE) != 0;
}

/* prepare() of the window a..b, from the tokens' cached preparation.  The
 * text is only prepared again (emb_prepare: legal-form phrases) when a
 * word of the window may start a legal form, or when a title is left after
 * the leading ones are dropped
 * while two words remain, as emb_prepare does. */
static void window_prepare(struct emb_scan_state *st, size_t a, size_t b, int org, emb_pname *p)
{
    int fold = 0;
    for (size_t i = a; i <= b; i++) {
        uint8_t lg = tok_lg(st, i);
        if ((lg & LG_SINGLE) || ((lg & LG_FIRST) && i < b && (tok_lg(st, i + 1) & LG_NEXT))) {
            window_string(st, a, b);
            prepare(st, st->buf, org, p);
            return;
        }
    }
    size_t i = a, n = b - a + 1;
    while (n > 2 && tok_title(st, i)) { i++; n--; }
    /* a title kept (two words left) or after the first word is dropped or
     * weighs as a generic word (emb_prepare): rare in text, left to it */
    for (size_t k = i; k <= b; k++)
        if (tok_title(st, k)) {
            window_string(st, a, b);
            prepare(st, st->buf, org, p);
            return;
        }
    p->n = 0;
    p->nsur = 0; /* the scan reads no surname (emb_pname.nsur) */
    for (; i <= b && p->n < EMB_TOK_MAX; i++) {
        const wentry *e = tok_ent(st, i);
        emb_ptok *t = &p->t[p->n++];
        *t = e->t;
        t->w = e->pw;
        if (e->pflags & WS_COUNTRY) t->id = UINT32_MAX;
        else if (org && (e->pflags & WS_GENERIC)) t->w *= PARAPHRASE_W;
        fold |= e->pflags & (WS_COUNTRY | WS_PHRASE);
    }
    if (fold) fold_countries(st, p);
#ifdef EMB_SCAN_CHECK
    window_check(st, a, b, org, p);
#endif
}

/* The prepared window a..b (per-sentence cache: candidates share windows,
 * and with it the similarities of its tokens to list tokens, which the
 * scorer memoizes in *sims). */
static struct wcache *window_get(struct emb_scan_state *st, size_t a, size_t b, int org, emb_sim_cache **sims)
{
    for (size_t i = 0; i < st->n_wcache; i++) {
        struct wcache *w = &st->wcache[i];
        if (w->a == a && w->b == b && w->org == org) { *sims = &st->wsims[i]; return w; }
    }
    size_t i = st->n_wcache < WCACHE ? st->n_wcache++ : (a * 31 + b) % WCACHE;
    struct wcache *w = &st->wcache[i];
    w->a = (uint16_t)a;
    w->b = (uint16_t)b;
    w->org = (uint8_t)org;
    w->bq_ok = 0;
    window_prepare(st, a, b, org, &w->pn);
    emb_sim_cache_reset(&st->wsims[i]);
    *sims = &st->wsims[i];
    return w;
}

/* What the bound needs of window w's tokens, once per window. */
static const emb_bquery *window_bquery(struct wcache *w)
{
    if (!w->bq_ok) {
        emb_bound_prepare(&w->pn, &w->bq);
        w->bq_ok = 1;
    }
    return &w->bq;
}


/* emb_prepare of list name ni, read from its card (index.h) instead of
 * preparing its text again (which costs more than the rest of verifying
 * it).  The index prepared the name itself, with emb_prepare_as(norm,
 * kind) for an organization or a person, and keeps its tokens by string; every field
 * of a token is a function of its string (a folded legal form is upper
 * case, a text word never is), so the card holds emb_prepare's tokens,
 * but where the schema changed the outcome: a one- or two-word
 * organization name with a legal form ("Offiscoop NV"), a person's name
 * with a word that is one (emb_prepare_as).  Returns 0 there: prepare the
 * text. */
static int card_prepare(const struct emb_scan_state *st, uint32_t ni, emb_pname *p)
{
    const emb_index *ix = &st->db->idx;
    const unsigned char *c = ix->cards + ix->card_off[ni];
    emb_card_head h;
    memcpy(&h, c, sizeof h);
    c += sizeof h;
    int legal = 0, legal_word = 0;
    p->n = 0;
    p->nsur = 0; /* the scan reads no surname (emb_pname.nsur) */
    for (uint32_t k = 0; k < h.ntok && p->n < EMB_TOK_MAX; k++) {
        emb_ptok *t = &p->t[p->n++];
        c = emb_card_token(c, t); /* its id keys the windows' similarity caches,
                                   * and its weight is idf_weight's */
        legal |= t->cls == EMB_TOK_LEGAL;
        /* a person's name has no legal forms (emb_prepare_as): where a word
         * of it is one, emb_prepare reads it otherwise */
        legal_word |= h.schema == EMBARGO_PERSON && t->legal && t->cls != EMB_TOK_LEGAL;
    }
    return !(h.schema == EMBARGO_ORGANIZATION && legal && p->n <= 2) && !legal_word;
}

/* List name ni prepared for scoring, in st->pn.  Preparations are kept per
 * ctx (the same names are verified again and again) in a bounded arena. */
static const emb_pname *name_pname(struct emb_scan_state *st, uint32_t ni)
{
    emb_pname *p = &st->pn;
    if (st->pn_off[ni]) {
        p->n = st->pn_n[ni];
        p->nsur = 0;
        memcpy(p->t, st->pn_toks + st->pn_off[ni] - 1, p->n * sizeof *p->t);
        return p;
    }
    const char *norm = emb_db_str(st->db, st->db->names[ni].norm);
    if (card_prepare(st, ni, p)) {
        prepare_rest(st, 0, p);
#ifdef EMB_SCAN_CHECK
        emb_pname slow;
        prepare(st, norm, 0, &slow);
        int same = slow.n == p->n;
        for (size_t i = 0; same && i < slow.n; i++) {
            const emb_ptok *x = &slow.t[i], *y = &p->t[i];
            same = x->len == y->len && !memcmp(x->s, y->s, x->len) && x->sklen == y->sklen &&
                   !memcmp(x->sk, y->sk, x->sklen) && x->cls == y->cls && x->legal == y->legal && x->w == y->w &&
                   (y->id == UINT32_MAX || (y->id < st->db->idx.n_tokens &&
                                            !strcmp(st->db->idx.tokpool + st->db->idx.tokens[y->id].str, y->s)));
        }
        if (!same) {
            fprintf(stderr, "scan: name '%s' from its card differs from emb_prepare\n", norm);
            abort();
        }
#endif
    } else {
        prepare(st, norm, 0, p);
    }
    if (st->n_pn_toks + p->n + 1 > PN_TOKS_MAX) {
        memset(st->pn_off, 0, (st->db->n_names + 1) * sizeof *st->pn_off);
        st->n_pn_toks = 0;
    }
    memcpy(st->pn_toks + st->n_pn_toks, p->t, p->n * sizeof *p->t);
    st->pn_off[ni] = (uint32_t)st->n_pn_toks + 1;
    st->pn_n[ni] = (uint8_t)p->n;
    st->n_pn_toks += p->n;
    return p;
}

/* Verifies list name ni in the current sentence. */
static int verify(struct emb_scan_state *st, const sentence_ctx *sc, uint32_t ni)
{
    const embargo_db *db = st->db;
    const emb_index *ix = &db->idx;
    embargo_schema schema = (embargo_schema)(st->ns[ni].flags >> NS_SCHEMA_SHIFT);
    uint32_t cb = st->ctok_begin[ni], ce = st->ctok_begin[ni + 1];
    /* weight of the name's content tokens found in the sentence */
    double acc = 0, total = 0;
    uint16_t pos[MAX_POS];
    size_t npos = 0, found_toks = 0, content_toks = 0, specific_toks = 0, single_len = 0;
    float single_best = 0;
    for (uint32_t k = cb; k < ce; k++) {
        const struct ctok *c = &st->ctoks[k];
        double w = c->w;
        total += w;
        content_toks++;
        specific_toks += !c->generic;
        const struct tmark *tm = &st->tm[c->tok];
        if (tm->gen != st->gen) continue;
        float best = tm->sim;
        found_toks++;
        acc += w * best;
        single_best = best;
        single_len = c->len;
    }
    if (found_toks == 0 || acc < total * ACC_CUT * sc->min_score / 0.6) return 0;
    /* a person named by one word only is capped below CAP_LOW (judge): not
     * worth verifying unless such low mentions are asked for */
    /* what judge() would cap below CAP_LOW is not worth verifying unless
     * such low mentions are asked for: a person named by one word, a name
     * found by one word said in another form or shorter than 4 letters */
    if (sc->min_score > CAP_LOW) {
        if (!is_org_like(schema) && found_toks < 2) return 0;
        if (found_toks == 1 && (single_best < 1.0f || single_len < 4)) return 0;
    }
    /* a name of common words is a party only when two of them are said */
    if (specific_toks == 0 && found_toks < 2) return 0;
    /* the positions of its words (only content tokens are ever hit) */
    for (uint32_t k = cb; k < ce; k++) {
        const struct tmark *tm = &st->tm[st->ctoks[k].tok];
        if (tm->gen != st->gen) continue;
        for (uint32_t h = tm->head; h != UINT32_MAX; h = st->hits[h].next) {
            uint16_t p = st->hits[h].pos;
            int dup = 0;
            for (size_t q = 0; q < npos && !dup; q++) dup = pos[q] == p;
            if (!dup && npos < MAX_POS) pos[npos++] = p;
        }
    }
    /* sort positions */
    for (size_t i = 1; i < npos; i++)
        for (size_t j = i; j > 0 && pos[j - 1] > pos[j]; j--) { uint16_t t = pos[j]; pos[j] = pos[j - 1]; pos[j - 1] = t; }
    int org = is_org_like(schema);
    const emb_name_rec *nr = &db->names[ni];
    uint32_t bgn = ix->name_tok_begin[ni], end = ix->name_tok_begin[ni + 1];
    const emb_pname *pnp = name_pname(st, ni);
    if (pnp->n == 0) return 0;
    double kind = nr->kind == EMBARGO_NAME_WEAK_ALIAS ? 0.92 : 1.0;
    size_t maxw = (end - bgn) + WIN_EXTRA;
    if (maxw > WIN_MAX) maxw = WIN_MAX;
    size_t done_a[64], done_b[64];
    size_t ndone = 0;
    for (size_t i = 0; i < npos; i++) {
        for (size_t j = i; j < npos; j++) {
            size_t a = pos[i], b = pos[j];
            if (b - a + 1 > maxw) break;
            widen(st, sc, schema, &a, &b);
            if (b - a + 1 > WIN_MAX) continue;
            int seen = 0;
            for (size_t d = 0; d < ndone && !seen; d++) seen = done_a[d] == a && done_b[d] == b;
            if (seen) continue;
            if (ndone < 64) { done_a[ndone] = a; done_b[ndone] = b; ndone++; }
            emb_sim_cache *sims;
            struct wcache *wc = window_get(st, a, b, org, &sims);
            const emb_pname *pq = &wc->pn;
            if (pq->n == 0) continue;
            /* the scorer's bound with the tokens compared (most windows
             * that fit a name by their weights do not by their words), a
             * hair above: rounding must not dismiss a score at the cut; the
             * EMB_SCAN_CHECK build checks it against the score */
            uint32_t nmask[EMB_TOK_MAX];
            double bound = emb_score_upper_bound_masks(pq, window_bquery(wc), pnp, schema, sims, nmask) + 1e-6;
#ifndef EMB_SCAN_CHECK
            if (bound * kind < sc->min_score) continue;
#endif
            emb_align al;
            double s = emb_score_names_masked(pq, pnp, schema, &al, sims, nmask) * kind;
#ifdef EMB_SCAN_CHECK
            if (s > bound * kind) {
                fprintf(stderr, "scan: score %.6f above its bound %.6f for '%s'\n", s, bound * kind,
                        emb_db_str(db, nr->norm));
                abort();
            }
#endif
            if (s < sc->min_score) continue;
            s = judge(st, sc, schema, pq, pnp, &al, s, a, b);
            if (s < sc->min_score) continue;
            int rc = add_found(st, st->toks[a].word, st->toks[b].word, nr->entity, ni, s, "name");
            if (rc) return rc;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Selection, acronyms, output                                         */
/* ------------------------------------------------------------------ */

static int found_cmp(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->score != b->score) return a->score > b->score ? -1 : 1;
    size_t la = a->we - a->ws, lb = b->we - b->ws;
    if (la != lb) return la > lb ? -1 : 1;
    if (a->ws != b->ws) return a->ws < b->ws ? -1 : 1;
    if (a->entity != b->entity) return a->entity < b->entity ? -1 : 1;
    return a->name < b->name ? -1 : a->name > b->name;
}

static int push_mention(struct emb_scan_state *st, const sentence_ctx *sc, const cand *c, size_t sent_start,
                        size_t sent_end)
{
    if (grow((void **)&st->out, &st->cap_out, st->n_out + 1, sizeof *st->out)) return EMBARGO_ENOMEM;
    const embargo_db *db = st->db;
    embargo_mention *m = &st->out[st->n_out++];
    m->start = st->words[c->ws].start;
    m->end = st->words[c->we].end;
    m->text = sc->text + m->start;
    m->sentence_start = sent_start;
    m->sentence_end = sent_end;
    m->entity = c->entity;
    m->score = c->score;
    m->match = c->score >= sc->threshold;
    m->name_index = c->name - db->ents[c->entity].names_begin;
    m->matched_name = emb_db_str(db, db->names[c->name].value);
    m->via = c->via;
    return 0;
}

/* "(ACR)" right after a selected organization mention: remember it. */
static void define_acronym(struct emb_scan_state *st, const sentence_ctx *sc, const cand *c)
{
    size_t w = c->we + 1;
    if (w >= sc->n_words || st->n_acr >= MAX_ACRONYMS) return;
    const emb_word *aw = &st->words[w];
    if (!(aw->flags & EMB_W_GAP_PAREN) || !(aw->flags & EMB_W_ALLCAPS) || !(aw->flags & EMB_W_ASCII)) return;
    size_t n = aw->end - aw->start;
    if (n < 2 || n >= sizeof st->acr[0].s) return;
    size_t p = aw->end;
    while (p < sc->len && sc->text[p] == ' ') p++;
    if (p >= sc->len || (sc->text[p] != ')' && sc->text[p] != ']')) return;
    /* its letters, in order, among the initials of the mention's words */
    const char *acr = sc->text + aw->start;
    size_t k = 0;
    for (size_t i = c->ws; i <= c->we && k < n; i++) {
        char f = sc->text[st->words[i].start];
        if (f >= 'a' && f <= 'z') f = (char)(f - 32);
        if (f == acr[k]) k++;
        else if (k == 0 && i > c->ws) return; /* starts with the first or second word */
    }
    if (k != n) return;
    for (size_t i = 0; i < st->n_acr; i++)
        if (strlen(st->acr[i].s) == n && !memcmp(st->acr[i].s, acr, n)) return;
    acronym *a = &st->acr[st->n_acr++];
    memcpy(a->s, acr, n);
    a->s[n] = '\0';
    a->entity = c->entity;
    a->name = c->name;
    a->score = c->score;
}

static int overlaps(const cand *a, const cand *b) { return a->ws <= b->we && b->ws <= a->we; }

/* Greedy choice over st->found (sorted): the best non-overlapping mentions;
 * the same span may name several entities (one party on several lists)
 * when each matches.  Returns how many are kept at the front of found. */
static size_t choose(struct emb_scan_state *st, const sentence_ctx *sc)
{
    qsort(st->found, st->n_found, sizeof *st->found, found_cmp);
    size_t nk = 0;
    for (size_t i = 0; i < st->n_found; i++) {
        cand c = st->found[i];
        int ok = 1;
        for (size_t j = 0; j < nk && ok; j++) {
            const cand *k = &st->found[j];
            if (!overlaps(&c, k)) continue;
            if (c.entity == k->entity) ok = 0;
            /* another entity on the same words: only as good (the same
             * party on another list), not a lesser look-alike */
            else if (!(c.ws == k->ws && c.we == k->we && c.score >= sc->threshold &&
                       (c.score >= k->score - 0.03 || st->db->ents[c.entity].party == st->db->ents[k->entity].party)))
                ok = 0;
        }
        if (ok) st->found[nk++] = c;
    }
    return nk;
}

/* Adds the sentence's occurrences of the acronyms from index `from` on. */
static int acronym_cands(struct emb_scan_state *st, const sentence_ctx *sc, size_t from)
{
    for (size_t w = 0; w < sc->n_words; w++) {
        const emb_word *wd = &st->words[w];
        if (!(wd->flags & EMB_W_ALLCAPS)) continue;
        size_t n = wd->end - wd->start;
        for (size_t a = from; a < st->n_acr; a++) {
            if (strlen(st->acr[a].s) != n || memcmp(st->acr[a].s, sc->text + wd->start, n)) continue;
            int rc = add_found(st, w, w, st->acr[a].entity, st->acr[a].name, st->acr[a].score, "acronym");
            if (rc) return rc;
        }
    }
    return 0;
}

static int select_mentions(struct emb_scan_state *st, const sentence_ctx *sc, size_t sent_start, size_t sent_end)
{
    if (st->n_found == 0) return 0;
    size_t nk = choose(st, sc);
    /* acronyms defined here ("... Logistics (MODAFL)"): the definition and
     * any later use in the sentence are mentions too; choose again */
    size_t before = st->n_acr;
    for (size_t i = 0; i < nk; i++)
        if (is_org_like((embargo_schema)st->db->ents[st->found[i].entity].schema) && !strcmp(st->found[i].via, "name"))
            define_acronym(st, sc, &st->found[i]);
    if (st->n_acr > before) {
        st->n_found = nk;
        int rc = acronym_cands(st, sc, before);
        if (rc) return rc;
        nk = choose(st, sc);
    }
    for (size_t i = 0; i < nk; i++) {
        int rc = push_mention(st, sc, &st->found[i], sent_start, sent_end);
        if (rc) return rc;
    }
    return 0;
}

static int source_allowed(const embargo_db *db, const char *sources, size_t src)
{
    return emb_list_has(sources, db->sources[src].id);
}

static int push_cand(struct emb_scan_state *st, uint32_t ni)
{
    if (grow((void **)&st->cands, &st->cap_cands, st->n_cands + 1, sizeof *st->cands)) return EMBARGO_ENOMEM;
    st->cands[st->n_cands++] = ni;
    return 0;
}

/* Does the name need two different anchors said to be a candidate (see
 * NS_TWO_*; two: low mentions are not asked for)? */
static int needs_two(const struct nstate *x, int two)
{
    return (x->flags & NS_TWO_ALWAYS) || (two && (x->flags & NS_TWO_PERSON));
}

/* One sentence: tokens, candidates, verification, selection. */
static int scan_sentence(struct emb_scan_state *st, emb_normalizer *nz, sentence_ctx *sc, size_t sent_start,
                         size_t sent_end)
{
    const embargo_db *db = st->db;
    const emb_index *ix = &db->idx;
    st->n_toks = 0;
    st->n_hits = 0;
    st->n_cands = 0;
    st->n_found = 0;
    int has_lower = 0, caps_words = 0, allcaps = 0;
    fold_words(st, sc->text, sc->n_words);
    for (size_t w = 0; w < sc->n_words; w++) {
        unsigned f = st->words[w].flags;
        if (f & EMB_W_LOWER) has_lower = 1;
        if (f & EMB_W_CAP) caps_words++;
        if (f & EMB_W_ALLCAPS) allcaps++;
        int rc = word_tokens(st, nz, sc->text, w);
        if (rc) return rc;
    }
    sc->mixed = has_lower && caps_words > 0 && allcaps * 2 < caps_words + 1;
    if (st->n_toks == 0) return 0;
    if (++st->gen == 0) {
        for (size_t t = 0; t <= ix->n_tokens; t++) st->tm[t].gen = 0;
        st->gen = 1;
    }
    if (++st->sgen == 0) {
        for (size_t ni = 0; ni <= db->n_names; ni++) st->ns[ni].stamp = 0;
        st->sgen = 1;
    }
    /* words of a multi-word place or country ("United States", "Abu Dhabi")
     * are no anchors */
    uint8_t in_place[SENT_TOKS];
    memset(in_place, 0, st->n_toks);
    for (size_t i = 0; i < st->n_toks; i++) {
        if (!(st->toks[i].gflags & WS_PHRASE)) continue;
        char ph[256];
        size_t o = 0;
        for (size_t k = 0; k < 5 && i + k < st->n_toks; k++) {
            const wentry *e = tok_ent(st, i + k);
            if (o + e->t.len + 2 > sizeof ph) break;
            if (k) ph[o++] = ' ';
            memcpy(ph + o, e->t.s, e->t.len);
            o += e->t.len;
            if (!k) continue;
            uint8_t f = word_flags(st, ph, o);
            if (f & (WS_PLACE | WS_COUNTRY)) memset(in_place + i, 1, k + 1);
            if (!(f & WS_PHRASE)) break;
        }
    }
    /* the marks and anchor lists the loop below reads are scattered over
     * memory: ask for those of the whole sentence first */
    for (size_t i = 0; i < st->n_toks; i++) {
        const stok *e = &st->toks[i];
        for (uint32_t k = 0; k < e->m_n; k++) {
            const wmatch *m = &st->ms[e->m_begin + k];
            __builtin_prefetch(&st->tm[m->tok]);
            if (m->an) __builtin_prefetch(&st->anc_names[m->ab]);
        }
    }
    /* phase 0: words that may name a party make candidates; phase 1: words
     * of place phrases ("Russian Federation") only count for candidates.  A
     * name that needs two anchors said (needs_two) becomes a candidate when
     * its second one is. */
    int two = sc->min_score > CAP_LOW;
    for (int phase = 0; phase < 2; phase++)
    for (size_t i = 0; i < st->n_toks; i++) {
        const stok *e = &st->toks[i];
        if (!e->m_n) continue;
        if (phase == 0) {
            if (grow((void **)&st->hits, &st->cap_hits, st->n_hits + e->m_n, sizeof *st->hits)) return EMBARGO_ENOMEM;
        } else if (!in_place[i]) {
            continue;
        }
        /* in mixed-case text a lowercase word is no name's anchor */
        int trigger = !sc->mixed || capitalized(tok_flags(st, i));
        for (uint32_t k = 0; k < e->m_n; k++) {
            const wmatch *m = &st->ms[e->m_begin + k];
            if (phase == 0) {
                uint32_t hi = (uint32_t)st->n_hits++;
                st->hits[hi].pos = (uint16_t)i;
                st->hits[hi].next = UINT32_MAX;
                struct tmark *tm = &st->tm[m->tok];
                if (tm->gen != st->gen) {
                    tm->gen = st->gen;
                    tm->sim = m->sim;
                    tm->head = hi;
                } else {
                    if (m->sim > tm->sim) tm->sim = m->sim;
                    st->hits[tm->tail].next = hi;
                }
                tm->tail = hi;
            }
            if (!trigger || (phase == 0 && in_place[i]) || !m->an) continue;
            uint32_t ab = m->ab, ae = m->ab + m->an;
            uint16_t first = (uint16_t)st->tm[m->tok].head; /* the token, in nstate */
            for (uint32_t q = ab; q < ab + 8 && q < ae; q++) __builtin_prefetch(&st->ns[st->anc_names[q]]);
            for (uint32_t q = ab; q < ae; q++) {
                uint32_t ni = st->anc_names[q];
                if (q + 8 < ae) __builtin_prefetch(&st->ns[st->anc_names[q + 8]]);
                struct nstate *x = &st->ns[ni];
                if (x->stamp == st->sgen) {
                    /* a second anchor: the name that waited for it is a candidate now */
                    if (x->anc_cnt == 1 && x->anc_first != first) {
                        x->anc_cnt = 2;
                        if (st->src_ok[x->source] && needs_two(x, two) && push_cand(st, ni)) return EMBARGO_ENOMEM;
                    }
                    continue;
                }
                if (phase == 1) continue;
                x->stamp = st->sgen;
                x->anc_cnt = 1;
                x->anc_first = first;
                if (!st->src_ok[x->source] || needs_two(x, two)) continue;
                if (push_cand(st, ni)) return EMBARGO_ENOMEM;
            }
        }
    }
    if (st->n_cands == 0 && st->n_acr == 0) return 0;
    st->n_wcache = 0;
    size_t nv = st->n_cands;
    /* verify's first look (the name's packed tokens and their marks) is
     * scattered over memory and most candidates end there: ask for the
     * coming candidates' data ahead, each level once the previous one had
     * time to arrive */
    for (size_t c = 0; c < nv; c++) {
        if (c + 8 < nv) __builtin_prefetch(&st->ctok_begin[st->cands[c + 8]]);
        if (c + 4 < nv) __builtin_prefetch(&st->ctoks[st->ctok_begin[st->cands[c + 4]]]);
        if (c + 2 < nv) {
            uint32_t n2 = st->cands[c + 2];
            for (uint32_t k = st->ctok_begin[n2]; k < st->ctok_begin[n2 + 1]; k++) __builtin_prefetch(&st->tm[st->ctoks[k].tok]);
        }
        int rc = verify(st, sc, st->cands[c]);
        if (rc) return rc;
    }
    /* the other listings of a party found here (the same person on the OFAC,
     * UK and Australian lists) are verified on the same words */
    size_t nf = st->n_found;
    for (size_t f = 0; f < nf; f++) {
        if (st->found[f].score < sc->threshold) continue;
        uint32_t p = db->ents[st->found[f].entity].party;
        for (uint32_t k = st->party_begin[p]; k < st->party_begin[p + 1]; k++) {
            uint32_t m = st->party_members[k];
            if (!st->src_ok[db->ents[m].source]) continue;
            int seen = 0;
            for (size_t g = 0; g < st->n_found && !seen; g++) seen = st->found[g].entity == m;
            if (seen) continue;
            for (uint32_t j = 0; j < db->ents[m].n_names; j++) {
                int rc = verify(st, sc, db->ents[m].names_begin + j);
                if (rc) return rc;
            }
        }
    }
    /* acronyms the text defined earlier */
    if (st->n_acr) {
        int rc = acronym_cands(st, sc, 0);
        if (rc) return rc;
    }
    return select_mentions(st, sc, sent_start, sent_end);
}

static int mention_cmp(const void *x, const void *y)
{
    const embargo_mention *a = x, *b = y;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->score != b->score) return a->score > b->score ? -1 : 1;
    return a->entity < b->entity ? -1 : a->entity > b->entity;
}

int embargo_scan(embargo_ctx *ctx, const char *text, size_t len, const embargo_scan_opts *opts,
                 const embargo_mention **out, size_t *n_out, size_t *invalid_bytes, embargo_error *err)
{
    embargo_scan_opts defaults = EMBARGO_SCAN_OPTS_INIT;
    if (out) *out = NULL;
    if (n_out) *n_out = 0;
    if (invalid_bytes) *invalid_bytes = 0;
    if (!opts) opts = &defaults;
    if (!ctx || !emb_ctx_db(ctx) || !out || !n_out || (!text && len))
        return emb_error_set(err, EMBARGO_EUSAGE, NULL, 0, NULL, "scan needs a ctx with a db, a text and outputs");
    if (opts->version != EMBARGO_SCAN_OPTS_VERSION)
        return emb_error_set(err, EMBARGO_EUSAGE, NULL, 0, NULL, "unknown embargo_scan_opts version %u", opts->version);
    struct emb_scan_state *st;
    int rc = state_get(ctx, &st);
    if (rc) return emb_error_set(err, rc, NULL, 0, NULL, "out of memory while building the scan tables");
    const embargo_db *db = st->db;
    for (size_t i = 0; i < db->n_sources; i++) st->src_ok[i] = (uint8_t)source_allowed(db, opts->sources, i);
    st->n_out = 0;
    st->n_acr = 0;
    sentence_ctx sc = {0};
    sc.text = text;
    sc.len = len;
    sc.threshold = opts->threshold;
    sc.min_score = opts->min_score > 0 ? opts->min_score : 0.6;
    if (sc.min_score > sc.threshold) sc.min_score = sc.threshold;
    emb_segmenter seg;
    emb_segmenter_init(&seg, text, len);
    size_t ss, se;
    emb_normalizer *nz = emb_ctx_normalizer(ctx);
    while (emb_segment_next(&seg, st->words, SENT_WORDS, &sc.n_words, &ss, &se)) {
        rc = scan_sentence(st, nz, &sc, ss, se);
        if (rc) return emb_error_set(err, rc, NULL, 0, NULL, "out of memory while scanning");
    }
    if (st->n_out) qsort(st->out, st->n_out, sizeof *st->out, mention_cmp);
    *out = st->out;
    *n_out = st->n_out;
    if (invalid_bytes) *invalid_bytes = seg.invalid;
    return 0;
}

/* Copies s[0..n) into a malloc'd string with invalid UTF-8 replaced by U+FFFD. */
static char *utf8_clean(const char *s, size_t n)
{
    char *o = malloc(n * 3 + 1);
    if (!o) return NULL;
    size_t k = 0;
    emb_segmenter seg;
    (void)seg;
    for (size_t i = 0; i < n;) {
        const unsigned char *p = (const unsigned char *)s + i;
        unsigned c = p[0];
        size_t len = 0;
        if (c < 0x80) len = 1;
        else if (c >= 0xc2 && c <= 0xdf) len = 2;
        else if (c >= 0xe0 && c <= 0xef) len = 3;
        else if (c >= 0xf0 && c <= 0xf4) len = 4;
        int ok = len > 0 && i + len <= n;
        for (size_t j = 1; ok && j < len; j++) ok = (p[j] & 0xc0) == 0x80;
        if (ok && len == 3) {
            unsigned cp = ((c & 0x0f) << 12) | ((p[1] & 0x3f) << 6) | (p[2] & 0x3f);
            ok = cp >= 0x800 && !(cp >= 0xd800 && cp <= 0xdfff);
        }
        if (ok && len == 4) {
            unsigned cp = ((c & 0x07) << 18) | ((p[1] & 0x3f) << 12) | ((p[2] & 0x3f) << 6) | (p[3] & 0x3f);
            ok = cp >= 0x10000 && cp <= 0x10ffff;
        }
        if (ok && c == 0) ok = 0; /* keep the string NUL-free */
        if (ok) { memcpy(o + k, p, len); k += len; i += len; }
        else { memcpy(o + k, "\xef\xbf\xbd", 3); k += 3; i++; }
    }
    o[k] = '\0';
    return o;
}

int embargo_mention_json(char **out, const embargo_db *db, const embargo_mention *m)
{
    *out = NULL;
    if (!db || !m) return EMBARGO_EUSAGE;
    embargo_match mt;
    memset(&mt, 0, sizeof mt);
    mt.entity = m->entity;
    mt.score = m->score;
    mt.match = m->match;
    mt.name_index = m->name_index;
    mt.matched_name = m->matched_name;
    mt.name_score = m->score;
    json_t *base = emb_match_to_json(db, &mt, 0);
    char *txt = utf8_clean(m->text ? m->text : "", m->text ? m->end - m->start : 0);
    if (!base || !txt) { json_decref(base); free(txt); return EMBARGO_ENOMEM; }
    json_t *o = json_object();
    json_object_set_new(o, "start", json_integer((json_int_t)m->start));
    json_object_set_new(o, "end", json_integer((json_int_t)m->end));
    json_object_set_new(o, "text", json_string(txt));
    json_object_set_new(o, "via", json_string(m->via ? m->via : "name"));
    json_object_update(o, base);
    json_decref(base);
    free(txt);
    *out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return *out ? 0 : EMBARGO_ENOMEM;
}
