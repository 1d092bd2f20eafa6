/* screen.c - screening a query against the db: candidate generation over the
 * index postings, exact scoring of the candidates, evidence beyond the name
 * (date of birth, country, identifiers, gender, alias strength), ranking and
 * explanation.
 *
 * Candidate generation accumulates, per list name, the weight of the query
 * tokens that share a key with it (rarest tokens weigh most).  Names whose
 * accumulated weight is far below the query's total cannot reach the alert
 * threshold (unmatched query tokens count fully in the score), so only the
 * best few hundred are scored exactly.  `exhaustive` scores every name: the
 * benchmark compares both paths. */
#define _GNU_SOURCE
#include "embargo.h"
#include <stdarg.h>
#include "index/index.h"
#include "match/countries.h"
#include "match/score.h"
#include "match/tokens.h"
#include "model/db.h"
#include "normalize/normalize.h"
#include "util/error.h"
#include "util/file.h"
#include "util/fmt.h"
#include <ctype.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/ofac.h"
#include "match/screen.h"
#include "scan/scan.h"

#define CAND_MAX 200
#define QUERY_MAX 2048

/* Candidate generation: each list name a query reaches gets a slot, in the
 * order reached; per-slot state is dense (acc, qseen), so that the one
 * random access per posting is a 4-byte word: na[name] = generation << 20 |
 * slot.  A query reaching more than SLOT_MAX names keeps the first ones. */
#define SLOT_BITS 20
#define SLOT_MAX ((1u << SLOT_BITS) - 1)
#define NGEN_MAX ((1u << (32 - SLOT_BITS)) - 1)
#define GEN_MAX 0xFFFFFFFEu

typedef struct ent_hit {
    uint32_t ent;
    uint32_t name;     /* global name index */
    float score;       /* best name score (after alias strength) */
} ent_hit;

typedef struct ub_cand {
    float ub;          /* upper bound of the name's score */
    uint32_t name;
} ub_cand;

/* The fuzzy-key memo: for a query word (spelling, skeleton, class) and one
 * of its fuzzy keys, the records of the key's strip that emb_token_sim
 * calls similar to the word (their token ids and where their names are),
 * so that a word met again (a batch of customer names says MOHAMMAD and MARTIN thousands of
 * times) walks their names without judging the whole strip again.  The
 * index never changes under a context, so an entry stays true; when the
 * memo is full it starts over.  A slot's entry in the arena: a word of
 * lengths and class, the count, the spelling and skeleton (4-byte padded),
 * then the records (the strip's id, begin and count: the names are read
 * without the strip). */
#define FZ_SLOTS (1u << 16)
#define FZ_ARENA (1u << 20)
typedef struct fz_slot { uint64_t key; uint32_t h, at; } fz_slot; /* key 0: empty */
typedef emb_sim_rec fz_rec;                                       /* of emb_strip_tok */
typedef struct fz_memo {
    fz_slot *slot;     /* nslots (a power of 2), allocated on first use */
    uint32_t *arena;   /* narena words */
    uint32_t nslots, narena;
    uint32_t used, n;  /* arena words used, entries */
    uint64_t hits;
} fz_memo;

struct embargo_ctx {
    const embargo_db *db;
    emb_normalizer *nz;
    emb_countries *countries;
    uint32_t *na;                  /* per name: ngen << SLOT_BITS | slot (see SLOT_BITS) */
    uint32_t ngen;                 /* 1..NGEN_MAX */
    float *acc;                    /* per slot: accumulated weight of the query tokens that reached it */
    uint32_t *qseen;               /* per slot: the query tokens that reached it (bit i: token i) */
    uint32_t *cand;                /* candidate names (or slots while selecting) */
    uint32_t gen;
    uint32_t *touched;             /* per slot: the name */
    size_t n_touched;
    uint64_t *live;                /* per name, one bit: may still become a candidate (see candidates) */
    uint64_t *reached;             /* per name, one bit: it has a slot (cleared after each query): a
                                    * walk that adds to reached names only reads 13 KB, not na */
    int live_state;                /* 0: no light units; 1: the map is not built yet; 2: built */
    float live_min;                /* the accumulated weight a live name has */
    /* per-entity best */
    uint32_t *ent_stamp;
    uint32_t *ent_slot;
    ent_hit *hits;
    size_t n_hits, cap_hits;
    /* per-party best recorded score, valid where party_stamp == gen */
    uint32_t *party_stamp;
    float *party_best;
    ub_cand *ubc;                  /* CAND_MAX candidates with their bounds */
    float *top;                    /* the best entity scores so far, ascending (limit of them) */
    uint32_t *top_ent;
    size_t cap_top;
    embargo_match *results;
    size_t cap_results;
    struct ranked *ranked;         /* n_hits of them while they are ranked */
    size_t cap_ranked;
    char norm[QUERY_MAX * 4];
    struct emb_scan_state *scan;   /* free-text scanning state (src/scan), built on first use */
    emb_sim_cache sims;            /* per-query token similarities (match/score.h) */
    /* per list token: the query tokens it could match (emb_token_qmask),
     * valid where gen == qgen; a token meets many candidates */
    struct tok_memo { uint32_t gen, mask; } *tok_memo;
    uint32_t qgen;
    /* per list token: judged for the query word whose fuzzy keys are
     * walked, valid where judged >> 1 == jgen; bit 0: similar (see
     * lookup_fuzzy_key) */
    uint8_t *judged;               /* a byte, so that it stays in the core's cache: jgen wraps
                                    * every 127 words (the table is cleared then) */
    uint32_t jgen;
    fz_memo fz;
    /* candidates: the keys of every unit, resolved together (KEYS_MAX: a
     * join's one key, a word's exact key, its skeleton's keys and its edit
     * keys) */
#define KEYS_MAX (2 * EMB_TOK_MAX * (2 * EMB_TOKLEN_MAX + 3))
    uint64_t key_hash[KEYS_MAX];
    const emb_key_rec *key_rec[KEYS_MAX];
};

int embargo_ctx_new(embargo_ctx **out, const embargo_db *db)
{
    embargo_ctx *c = calloc(1, sizeof *c);
    if (!c) return EMBARGO_ENOMEM;
    c->db = db;
    c->fz.nslots = FZ_SLOTS;
    c->fz.narena = FZ_ARENA;
    if (emb_normalizer_new(&c->nz) || emb_countries_new(&c->countries)) goto fail;
    if (db && db->n_names) {
        size_t n = db->n_names;
        c->na = calloc(n, sizeof *c->na);
        c->touched = malloc(n * sizeof *c->touched);
        c->live = calloc(n / 64 + 1, sizeof *c->live);
        c->reached = calloc(n / 64 + 1, sizeof *c->reached);
        c->acc = malloc(n * sizeof *c->acc);
        c->qseen = malloc(n * sizeof *c->qseen);
        c->cand = malloc(n * sizeof *c->cand);
        c->ent_stamp = calloc(db->n_ents + 1, sizeof *c->ent_stamp);
        c->ent_slot = malloc((db->n_ents + 1) * sizeof *c->ent_slot);
        c->party_stamp = calloc(db->n_ents + 1, sizeof *c->party_stamp);
        c->party_best = malloc((db->n_ents + 1) * sizeof *c->party_best);
        c->ubc = malloc(CAND_MAX * sizeof *c->ubc);
        c->tok_memo = calloc(db->idx.n_tokens + 1, sizeof *c->tok_memo);
        c->judged = calloc(db->idx.n_tokens + 1, sizeof *c->judged);
        if (!c->tok_memo || !c->judged) goto fail;
        if (!c->na || !c->touched || !c->live || !c->reached || !c->acc || !c->qseen || !c->cand || !c->ent_stamp || !c->ent_slot || !c->party_stamp || !c->party_best || !c->ubc)
            goto fail;
    }
    *out = c;
    return 0;
fail:
    embargo_ctx_free(c);
    return EMBARGO_ENOMEM;
}

void embargo_ctx_free(embargo_ctx *c)
{
    if (!c) return;
    emb_normalizer_free(c->nz);
    emb_countries_free(c->countries);
    free(c->na);
    free(c->touched);
    free(c->live);
    free(c->reached);
    free(c->acc);
    free(c->qseen);
    free(c->cand);
    free(c->ent_stamp);
    free(c->ent_slot);
    free(c->party_stamp);
    free(c->party_best);
    free(c->ubc);
    free(c->tok_memo);
    free(c->judged);
    free(c->fz.slot);
    free(c->fz.arena);
    free(c->top);
    free(c->top_ent);
    free(c->hits);
    free(c->results);
    free(c->ranked);
    emb_scan_state_free(c->scan);
    free(c);
}

long embargo_normalize(embargo_ctx *ctx, const char *in, char *buf, size_t cap)
{
    if (!ctx || !in || !buf) return EMBARGO_EUSAGE;
    return emb_normalize(ctx->nz, in, strlen(in), buf, cap);
}

/* Rarity weight of a token (its id looked up), times its class weight. */
static float token_weight(const embargo_db *db, const emb_ptok *t)
{
    float idf = 5.0f;
    if (db && db->idx.n_tokens) idf = t->id != UINT32_MAX ? db->idx.tokens[t->id].idf : db->idx.default_idf;
    return idf * emb_class_weight(t->cls);
}

/* Prepares list name `ni` from its card (index.h); returns the card's head
 * (entity, party, source, kind, schema), so that callers need not read the
 * name and entity records. */
static emb_card_head name_tokens(const embargo_db *db, uint32_t ni, emb_pname *out)
{
    const emb_index *ix = &db->idx;
    const unsigned char *p = ix->cards + ix->card_off[ni];
    emb_card_head h;
    memcpy(&h, p, sizeof h);
    p += sizeof h;
    out->n = 0;
    for (uint32_t k = 0; k < h.ntok && out->n < EMB_TOK_MAX; k++) p = emb_card_token(p, &out->t[out->n++]);
    out->nsur = h.nsur <= out->n ? h.nsur : 0;
    return h;
}

/* The query tokens list token t could match on its own (emb_token_qmask),
 * remembered per query by token id. */
/* The memo's mask of list token id, if this query has computed it. */
static int memo_mask(const embargo_ctx *c, uint32_t id, uint32_t *mask)
{
    if (id >= c->db->idx.n_tokens || c->tok_memo[id].gen != c->qgen) return 0;
    *mask = c->tok_memo[id].mask;
    return 1;
}

static uint32_t token_mask(embargo_ctx *c, const emb_pname *pq, const emb_ptok *t)
{
    uint32_t m;
    if (memo_mask(c, t->id, &m)) return m;
    m = emb_token_qmask(pq, t, &c->sims);
    if (t->id < c->db->idx.n_tokens) {
        c->tok_memo[t->id].gen = c->qgen;
        c->tok_memo[t->id].mask = m;
    }
    return m;
}

/* token_mask of every token of a prepared list name. */
static void name_masks(embargo_ctx *c, const emb_pname *pq, const emb_pname *pn, uint32_t *masks)
{
    for (size_t j = 0; j < pn->n; j++) masks[j] = token_mask(c, pq, &pn->t[j]);
}

/* Asks for the memo records of name ni's tokens (its card has arrived). */
static void prefetch_memos(const embargo_ctx *c, uint32_t ni)
{
    const emb_index *ix = &c->db->idx;
    const unsigned char *p = ix->cards + ix->card_off[ni];
    uint8_t ntok = p[offsetof(emb_card_head, ntok)];
    p += sizeof(emb_card_head);
    for (uint8_t k = 0; k < ntok; k++) {
        emb_card_tok r;
        memcpy(&r, p, sizeof r);
        if (r.id < ix->n_tokens) __builtin_prefetch(&c->tok_memo[r.id]);
        p += emb_card_tok_size(&r);
    }
}

/* emb_score_upper_bound(pq, name ni, schema, sims) from the card at p
 * (after its head h), without copying its strings: each list token's mask
 * is computed once per query. */
static double card_bound(embargo_ctx *c, const emb_pname *pq, const emb_bquery *bq, const unsigned char *p,
                         const emb_card_head *h)
{
    emb_bname b;
    b.n = 0;
    for (uint32_t k = 0; k < h->ntok && b.n < EMB_TOK_MAX; k++) {
        emb_card_tok r;
        memcpy(&r, p, sizeof r);
        emb_btok *t = &b.t[b.n++];
        t->w = r.w;
        t->cls = r.cls;
        t->len = r.len;
        t->c0 = (char)p[sizeof r];
        t->s = (const char *)p + sizeof r;
        if (!memo_mask(c, r.id, &t->qmask)) { /* first meeting: the strings are needed */
            emb_ptok pt;
            emb_card_token(p, &pt);
            t->qmask = token_mask(c, pq, &pt);
        }
        p += emb_card_tok_size(&r);
    }
    return emb_score_bound_prepared(bq, &b, (embargo_schema)h->schema);
}

/* reorder: read "SURNAME, Given" as "Given SURNAME" (the default scorer);
 * the OFAC method compares whole strings in the order written. */
static int prepare_query_as(embargo_ctx *ctx, const char *name, int reorder, int org, emb_pname *pq,
                            embargo_error *err)
{
    size_t len = strlen(name);
    if (len == 0) return emb_error_set(err, EMBARGO_EUSAGE, NULL, 0, "name", "empty name");
    if (len > QUERY_MAX) return emb_error_set(err, EMBARGO_EUSAGE, NULL, 0, "name", "name longer than %d bytes", QUERY_MAX);
    long n = emb_normalize_name(ctx->nz, name, len, reorder, ctx->norm, sizeof ctx->norm);
    if (n == EMBARGO_EUTF8) return emb_error_set(err, EMBARGO_EUTF8, NULL, 0, "name", "name is not valid UTF-8");
    if (n < 0) return emb_error_set(err, EMBARGO_EUSAGE, NULL, 0, "name", "name too long after normalization");
    emb_prepare_as(ctx->norm, org, pq);
    if (ctx->db && ctx->db->idx.n_tokens) emb_index_tokens_resolve(&ctx->db->idx, pq->t, pq->n);
    for (size_t i = 0; i < pq->n; i++) {
        emb_ptok *t = &pq->t[i];
        /* a word the lists do not know (or have once or twice: SHIEKH), one
         * edit from a generic word or a title (STROYTRANSGAZ GRUOP): generic
         * too, at that word's weight; as a rare word it weighed the most and
         * reached no name (the lists' generic words have no keys) */
        int rare = t->id == UINT32_MAX || (ctx->db && ctx->db->idx.tokens[t->id].df <= 2);
        const char *g = rare && t->cls == EMB_TOK_NORMAL ? emb_generic_typo(t->s, t->len) : NULL;
        if (!g) {
            t->w = token_weight(ctx->db, t);
            continue;
        }
        emb_ptok gt = {0};
        size_t gl = strlen(g);
        memcpy(gt.s, g, gl + 1);
        gt.len = (uint8_t)gl;
        gt.cls = EMB_TOK_STOP;
        gt.id = UINT32_MAX;
        if (ctx->db && ctx->db->idx.n_tokens) emb_index_tokens_resolve(&ctx->db->idx, &gt, 1);
        t->cls = EMB_TOK_STOP;
        t->w = token_weight(ctx->db, &gt);
    }
    return 0;
}

/* ---- evidence ---- */

static int dob_compare(const char *q, const char *e)
{
    /* 3: same full date; 2: consistent (one side partial, same year[-month]);
     * 1: same year, month/day differ; 0: year off by one; -1: conflict */
    size_t ql = strlen(q), el = strlen(e);
    if (ql < 4 || el < 4) return 2;
    int qy = atoi(q), ey = atoi(e);
    if (qy != ey) return abs(qy - ey) <= 1 ? 0 : -1;
    size_t m = ql < el ? ql : el;
    if (memcmp(q, e, m) == 0) return (ql == 10 && el == 10) ? 3 : 2;
    return 1;
}

static void add_factor(embargo_match *m, const char *name, double value, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void add_factor(embargo_match *m, const char *name, double value, const char *fmt, ...)
{
    if (!m || m->n_factors >= EMBARGO_MAX_FACTORS) return;
    embargo_factor *f = &m->factors[m->n_factors++];
    f->name = name;
    f->value = value;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->detail, sizeof f->detail, fmt, ap);
    va_end(ap);
}

/* The value part of "TYPE:VALUE" (or the whole string). */
static const char *id_value(const char *s)
{
    const char *c = strchr(s, ':');
    return c ? c + 1 : s;
}

static int entity_has_id(const embargo_db *db, const emb_entity_rec *e, const char *qid)
{
    char a[128], b[128];
    if (emb_id_canon(id_value(qid), a, sizeof a) < 4) return 0;
    for (uint32_t j = 0; j < e->n_attrs; j++) {
        const emb_attr_rec *at = &db->attrs[e->attrs_begin + j];
        if (at->kind != EMBARGO_ATTR_ID) continue;
        emb_id_canon(emb_db_str(db, at->value), b, sizeof b);
        if (!strcmp(a, b)) return 1;
        /* "AB123456 (Belarus)": compare the leading alphanumeric run too */
        const char *v = emb_db_str(db, at->value);
        size_t k = 0;
        char lead[128];
        while (v[k] && v[k] != ' ' && v[k] != '(' && v[k] != ',' && k < sizeof lead - 1) { lead[k] = v[k]; k++; }
        lead[k] = '\0';
        emb_id_canon(lead, b, sizeof b);
        if (!strcmp(a, b)) return 1;
    }
    return 0;
}

/* Applies the query's evidence to a name score; records factors in m. */
/* How far evidence lifts a name score s toward 1: a full date of birth
 * match closes half the distance, a linked country 15% of it (the most any
 * evidence adds but an identifier; lifted() bounds with these). */
#define LIFT_DOB 0.5
#define LIFT_COUNTRY 0.15

static double apply_evidence(embargo_ctx *ctx, const embargo_query *q, uint32_t ent, double s,
                             embargo_match *m)
{
    const embargo_db *db = ctx->db;
    const emb_entity_rec *e = &db->ents[ent];
    for (size_t i = 0; i < q->n_ids; i++) {
        if (q->ids[i] && entity_has_id(db, e, q->ids[i])) {
            double ns = s < 0.99 ? 0.99 : s;
            add_factor(m, "identifier", ns - s, "identifier %s is listed for this entity", id_value(q->ids[i]));
            s = ns;
            break;
        }
    }
    if (q->dob && *q->dob && e->schema != EMBARGO_ORGANIZATION) {
        int best = -2;
        const char *bestv = NULL;
        for (uint32_t j = 0; j < e->n_attrs; j++) {
            const emb_attr_rec *at = &db->attrs[e->attrs_begin + j];
            if (at->kind != EMBARGO_ATTR_DOB) continue;
            int c = dob_compare(q->dob, emb_db_str(db, at->value));
            if (c > best) { best = c; bestv = emb_db_str(db, at->value); }
        }
        if (best == 3) { double d = (1 - s) * LIFT_DOB; s += d; add_factor(m, "dob", d, "date of birth %s matches", bestv); }
        else if (best == 2) { double d = (1 - s) * 0.2; s += d; add_factor(m, "dob", d, "date of birth consistent with %s", bestv); }
        else if (best == 1) { double d = -s * 0.08; s += d; add_factor(m, "dob", d, "same birth year, other day (%s)", bestv); }
        else if (best == 0) { double d = -s * 0.05; s += d; add_factor(m, "dob", d, "birth year off by one (%s)", bestv); }
        else if (best == -1) { double d = -s * 0.2; s += d; add_factor(m, "dob", d, "date of birth conflicts (listed %s)", bestv); }
    }
    if (q->country && *q->country) {
        char qc[3];
        if (emb_country_code(ctx->countries, q->country, qc)) {
            int have = 0, hit = 0;
            for (uint32_t j = 0; j < e->n_attrs && !hit; j++) {
                const emb_attr_rec *at = &db->attrs[e->attrs_begin + j];
                if (at->kind != EMBARGO_ATTR_NATIONALITY && at->kind != EMBARGO_ATTR_CITIZENSHIP &&
                    at->kind != EMBARGO_ATTR_COUNTRY && at->kind != EMBARGO_ATTR_POB &&
                    at->kind != EMBARGO_ATTR_ADDRESS)
                    continue;
                char ec[3];
                if (!emb_country_code(ctx->countries, emb_db_str(db, at->value), ec)) continue;
                have = 1;
                if (!strcmp(ec, qc)) hit = 1;
            }
            if (hit) { double d = (1 - s) * LIFT_COUNTRY; s += d; add_factor(m, "country", d, "country %s is linked to the entity", qc); }
            else if (have) { double d = -s * 0.08; s += d; add_factor(m, "country", d, "entity is linked to other countries than %s", qc); }
        }
    }
    if (q->gender && *q->gender && e->schema == EMBARGO_PERSON) {
        for (uint32_t j = 0; j < e->n_attrs; j++) {
            const emb_attr_rec *at = &db->attrs[e->attrs_begin + j];
            if (at->kind != EMBARGO_ATTR_GENDER) continue;
            const char *g = emb_db_str(db, at->value);
            if (tolower((unsigned char)g[0]) != tolower((unsigned char)q->gender[0])) {
                double d = -s * 0.15;
                s += d;
                add_factor(m, "gender", d, "listed gender is %s", g);
            }
            break;
        }
    }
    return s < 0 ? 0 : s > 1 ? 1 : s;
}

/* ---- source filter ---- */

static int source_allowed(const embargo_db *db, const char *sources, uint16_t src)
{
    return emb_list_has(sources, db->sources[src].id);
}

static double kind_factor(uint8_t kind)
{
    /* weak aliases are weak evidence; original-script names reach Latin queries
     * through a lossy transliteration (Arabic loses its vowels) */
    return kind == EMBARGO_NAME_WEAK_ALIAS ? 0.92 : kind == EMBARGO_NAME_ORIGINAL ? 0.95 : 1.0;
}

/* The slot state of candidate generation in locals: through the context,
 * every store would make the compiler read all the pointers again. */
typedef struct touch_state {
    uint32_t *restrict na;
    uint64_t *restrict reached;
    uint32_t *restrict touched;
    float *restrict acc;
    uint32_t *restrict qseen;
    uint32_t ngen;
    size_t n_touched;
} touch_state;

/* Adds a query token's weight w to a name, once per token (bit: the
 * token's; 0 for a join, whose one key reaches a name once).  A token's
 * keys are looked up best first (exact word, skeleton, one-edit variants,
 * with falling weights), so the first key that reaches a name is its best. */
static inline void touch(touch_state *t, uint32_t name, uint32_t bit, float w, int existing_only)
{
    uint32_t v = t->na[name];
    if (v >> SLOT_BITS != t->ngen) {
        if (existing_only) return;
        if (t->n_touched >= SLOT_MAX) return;
        uint32_t slot = (uint32_t)t->n_touched++;
        t->na[name] = t->ngen << SLOT_BITS | slot;
        t->reached[name >> 6] |= 1ull << (name & 63);
        t->touched[slot] = name;
        t->acc[slot] = w;
        t->qseen[slot] = bit;
        return;
    }
    uint32_t slot = v & SLOT_MAX;
    if (!(t->qseen[slot] & bit)) {
        t->qseen[slot] |= bit;
        t->acc[slot] += w;
    }
}

static void lookup_postings(embargo_ctx *c, const uint32_t *p, size_t n, uint32_t bit, float w, int existing_only);

/* existing_only: add to names already reached, reach no new one (see candidates) */
static void lookup_key(embargo_ctx *c, const emb_key_rec *k, uint32_t bit, float w, int existing_only)
{
    if (k) lookup_postings(c, c->db->idx.postings + k->begin, k->count, bit, w, existing_only);
}

/* wh: emb_hash of the word's spelling */
static uint32_t fz_hash(uint64_t wh, uint64_t key, int cls)
{
    uint64_t h = (wh ^ key) * 0x9e3779b97f4a7c15ULL;
    return (uint32_t)(h >> 32) ^ (uint32_t)cls;
}

/* Asks for the slot where fz_get will look for word q's key (the table is
 * larger than the cache: one trip to memory, overlapped with the keys'). */
static void fz_prefetch(const fz_memo *m, uint64_t wh, uint64_t key, int cls)
{
    if (m->slot) __builtin_prefetch(&m->slot[fz_hash(wh, key, cls) & (m->nslots - 1)]);
}

/* The memo's record of word q's key (wh: emb_hash of q's spelling); its
 * similar records in *rec[0..*n). */
static int fz_get(fz_memo *m, const emb_ptok *q, uint64_t wh, uint64_t key, const fz_rec **rec, uint32_t *n)
{
    if (!m->slot) return 0;
    uint32_t h = fz_hash(wh, key, q->cls);
    for (uint32_t j = h & (m->nslots - 1);; j = (j + 1) & (m->nslots - 1)) {
        const fz_slot *sl = &m->slot[j];
        if (!sl->key) return 0;
        if (sl->key != key || sl->h != h) continue;
        const uint32_t *e = m->arena + sl->at;
        if ((e[0] & 0xff) != q->len || (e[0] >> 8 & 0xff) != q->sklen || (e[0] >> 16 & 0xff) != (uint32_t)q->cls) continue;
        const char *str = (const char *)(e + 2);
        if (memcmp(str, q->s, q->len) || memcmp(str + q->len, q->sk, q->sklen)) continue;
        *n = e[1];
        *rec = (const fz_rec *)(e + 2 + (q->len + q->sklen + 3) / 4);
        m->hits++;
        return 1;
    }
}

static void fz_forget(fz_memo *m);

/* Records word q's similar records of key (rec[0..n)); forgets all first
 * when the memo is full. */
static void fz_put(fz_memo *m, const emb_ptok *q, uint64_t wh, uint64_t key, const fz_rec *rec, uint32_t n)
{
    if (!m->nslots) return;
    if (!m->slot) {
        m->slot = calloc(m->nslots, sizeof *m->slot);
        m->arena = malloc(m->narena * sizeof *m->arena);
        if (!m->slot || !m->arena) {
            free(m->slot);
            free(m->arena);
            m->slot = NULL;
            m->arena = NULL;
            return; /* no memo: every word is judged */
        }
    }
    uint32_t words = 2 + (q->len + q->sklen + 3) / 4 + n * 3;
    if (words > m->narena / 4) return;
    if (m->used + words > m->narena || m->n >= m->nslots / 2) fz_forget(m);
    uint32_t h = fz_hash(wh, key, q->cls), j = h & (m->nslots - 1);
    while (m->slot[j].key) j = (j + 1) & (m->nslots - 1);
    uint32_t *e = m->arena + m->used;
    e[0] = q->len | (uint32_t)q->sklen << 8 | (uint32_t)q->cls << 16;
    e[1] = n;
    char *str = (char *)(e + 2);
    memset(str, 0, (q->len + q->sklen + 3) / 4 * 4);
    memcpy(str, q->s, q->len);
    memcpy(str + q->len, q->sk, q->sklen);
    memcpy(e + 2 + (q->len + q->sklen + 3) / 4, rec, n * sizeof *rec);
    m->slot[j] = (fz_slot){key, h, m->used};
    m->used += words;
    m->n++;
}

static void fz_forget(fz_memo *m)
{
    if (m->slot) memset(m->slot, 0, m->nslots * sizeof *m->slot);
    m->used = m->n = 0;
}

/* The names of a memo record, for query token bit: a join's names, or a
 * list token's unless this word walked them under an earlier key. */
static void walk_rec(embargo_ctx *c, const fz_rec *r, uint32_t bit, float w)
{
    const emb_index *ix = &c->db->idx;
    if (r->id == UINT32_MAX) {
        lookup_postings(c, ix->jpostings + r->begin, r->count, bit, w, 0);
        return;
    }
    if (r->id < ix->n_tokens) {
        if (c->judged[r->id] >> 1 == c->jgen) return;
        c->judged[r->id] = (uint8_t)(c->jgen << 1 | 1);
    }
    lookup_postings(c, ix->postings + r->begin, r->count, bit, w, 0);
}

/* A fuzzy key of query token i that may reach new names: through its strip
 * (index.h), where it has one, only the names of the list tokens that the
 * scorer calls similar to token i (and the names that have the key through
 * a join); the others would come in as candidates and be bounded in vain.
 * The memo (fz_memo) knows the similar ones of a word met before (memo
 * set: not for edit keys, whose strips are short and many per word). */
static void lookup_fuzzy_key(embargo_ctx *c, const emb_pname *pq, size_t i, const emb_letters *ql, uint32_t qph, uint64_t wh,
                             const emb_key_rec *k, float w, int memo)
{
    const emb_index *ix = &c->db->idx;
    if (!k) return;
    uint32_t bit = 1u << i;
    if (!k->ntok) {
        lookup_postings(c, ix->postings + k->begin, k->count, bit, w, 0);
        return;
    }
    const emb_ptok *q = &pq->t[i];
    const fz_rec *mr;
    uint32_t mn;
    /* a word the lists use, of its own class: the index knows its similar
     * records (simlist.c); else the memo may */
    if (memo && ((q->id != UINT32_MAX && q->cls == ix->tokens[q->id].cls && emb_index_sims(ix, q->id, k->hash, &mr, &mn)) ||
                 fz_get(&c->fz, q, wh, k->hash, &mr, &mn))) {
        for (uint32_t r = 0; r < mn; r++) /* the names are scattered: ask for them all first */
            __builtin_prefetch((mr[r].id == UINT32_MAX ? ix->jpostings : ix->postings) + mr[r].begin);
        for (uint32_t r = 0; r < mn; r++) walk_rec(c, &mr[r], bit, w);
        return;
    }
    /* the strip's similar records, for the memo (a strip holds a few
     * hundred records at most; past SIM_MAX similar ones, no memo) */
    enum { SIM_MAX = 256 };
    fz_rec sim[SIM_MAX];
    uint32_t nsim = 0;
    uint32_t off = k->strip;
    for (uint32_t r = 0; r < k->ntok; r++) {
        const unsigned char *p = ix->strips + off;
        emb_strip_tok st;
        memcpy(&st, p, sizeof st);
        const char *s = (const char *)p + sizeof st;
        off += (uint32_t)emb_strip_tok_size(&st);
        fz_rec here = {st.id, st.begin, st.count};
        int similar;
        if (st.id == UINT32_MAX) {
            similar = 1; /* a join's names, whatever the word */
        } else if (st.id == q->id) {
            continue; /* the word itself: its names came with the word's own key */
        } else if (st.id < ix->n_tokens && c->judged[st.id] >> 1 == c->jgen) {
            /* a skeleton and its one-deletion variants share list tokens:
             * one judgement each (the first key, the heaviest, walked the
             * names of a similar one; a lighter key would add nothing) */
            if ((c->judged[st.id] & 1) && nsim < SIM_MAX) sim[nsim++] = here;
            else if (c->judged[st.id] & 1) memo = 0;
            continue;
        } else {
            /* most entries fail on the letters the two share, recorded in the strip */
            similar = emb_strip_similar(q, ql, qph, &st, s);
            if (st.id < ix->n_tokens) c->judged[st.id] = (uint8_t)(c->jgen << 1 | (uint32_t)similar);
        }
        if (!similar) continue;
        if (nsim < SIM_MAX) sim[nsim++] = here;
        else memo = 0;
        if (st.id == UINT32_MAX) lookup_postings(c, ix->jpostings + st.begin, st.count, bit, w, 0);
        else lookup_postings(c, ix->postings + st.begin, st.count, bit, w, 0);
    }
    if (memo) fz_put(&c->fz, q, wh, k->hash, sim, nsim);
}

static void lookup_postings(embargo_ctx *c, const uint32_t *p, size_t n, uint32_t bit, float w, int existing_only)
{
    if (existing_only) {
        /* only the live names matter (see candidates): for a long posting
         * list, one bit each, read in ascending order, costs less than a
         * look at each name's slot */
        if (c->live_state == 1 && n * 4 >= c->n_touched) {
            for (size_t k = 0; k < c->n_touched; k++)
                if (c->acc[k] >= c->live_min) c->live[c->touched[k] >> 6] |= 1ull << (c->touched[k] & 63);
            c->live_state = 2;
        }
    }
    touch_state t = {c->na, c->reached, c->touched, c->acc, c->qseen, c->ngen, c->n_touched};
    if (existing_only) {
        /* adds to reached names only (n_touched is unchanged): most of
         * the list's names were not reached, and their bits say so without
         * a look at their slots */
        const uint64_t *m = c->live_state == 2 ? c->live : c->reached;
        for (size_t k = 0; k < n; k++)
            if (m[p[k] >> 6] >> (p[k] & 63) & 1) touch(&t, p[k], bit, w, 1);
        return;
    }
    /* the names of a posting list are scattered: ask for their slots ahead */
    enum { AHEAD = 16 };
    for (size_t k = 0; k < n && k < AHEAD; k++) __builtin_prefetch(&t.na[p[k]]);
    for (size_t k = 0; k < n; k++) {
        if (k + AHEAD < n) __builtin_prefetch(&t.na[p[k + AHEAD]]);
        touch(&t, p[k], bit, w, existing_only);
    }
    c->n_touched = t.n_touched;
}

/* Cards are read in candidate order: prefetch the card offset of the name
 * read PF_AHEAD * 2 steps later and the card PF_AHEAD steps later (whose
 * offset is cached by then).  UINT32_MAX: none. */
#define PF_AHEAD 4
static void prefetch_cards(const emb_index *ix, uint32_t soon, uint32_t later)
{
    if (later != UINT32_MAX) __builtin_prefetch(&ix->card_off[later]);
    if (soon != UINT32_MAX) {
        const unsigned char *p = ix->cards + ix->card_off[soon];
        __builtin_prefetch(p);
        __builtin_prefetch(p + 64);
    }
}

/* Moves the `top` names with the highest accumulated weight (ties: lower
 * name id) to the front of v[0..n), in O(n) expected time. */
static int acc_before(const embargo_ctx *c, uint32_t a, uint32_t b)
{
    return c->acc[a] > c->acc[b] || (c->acc[a] == c->acc[b] && c->touched[a] < c->touched[b]);
}

/* v holds slots; ties go to the lower name id */
static void select_top(uint32_t *v, size_t n, size_t top, const embargo_ctx *acc)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t p = lo + (hi - lo) / 2;
        uint32_t t = v[p]; v[p] = v[hi - 1]; v[hi - 1] = t;
        uint32_t pv = v[hi - 1];
        size_t store = lo;
        for (size_t i = lo; i + 1 < hi; i++)
            if (acc_before(acc, v[i], pv)) { t = v[i]; v[i] = v[store]; v[store++] = t; }
        t = v[store]; v[store] = v[hi - 1]; v[hi - 1] = t;
        if (top <= store) hi = store;
        else lo = store + 1;
    }
}

/* A result while it is ranked: a match is 3 KB with its explanation
 * fields, and sorting moved whole matches (a common surname brings a
 * hundred results, most never returned). */
typedef struct ranked { /* struct ranked in embargo_ctx */
    double score, party_score, name_score;
    uint32_t entity, name_index;
    int match;
} ranked;

/* Ranking: parties best first (a party's score is its best listing's), the
 * listings of one party together: the alerting ones first, in list order
 * (the manifest's order: the primary authorities first), then by score. */
static int hit_cmp(const void *a, const void *b, void *arg)
{
    const embargo_db *db = arg;
    const ranked *x = a, *y = b;
    if (x->party_score != y->party_score) return x->party_score > y->party_score ? -1 : 1;
    uint32_t px = db->ents[x->entity].party, py = db->ents[y->entity].party;
    if (px != py) return px < py ? -1 : 1;
    if (x->match != y->match) return x->match ? -1 : 1;
    uint16_t sx = db->ents[x->entity].source, sy = db->ents[y->entity].source;
    if (sx != sy) return sx < sy ? -1 : 1;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->entity < y->entity ? -1 : x->entity > y->entity;
}

static void record_hit(embargo_ctx *c, uint32_t ent, uint32_t name, float score)
{
    if (c->ent_stamp[ent] == c->gen) {
        ent_hit *h = &c->hits[c->ent_slot[ent]];
        /* equal scores: the name listed first (the primary name leads) */
        if (score > h->score || (score == h->score && name < h->name)) { h->score = score; h->name = name; }
        return;
    }
    if (c->n_hits == c->cap_hits) {
        size_t cap = c->cap_hits ? c->cap_hits * 2 : 256;
        ent_hit *h = realloc(c->hits, cap * sizeof *h);
        if (!h) return;
        c->hits = h;
        c->cap_hits = cap;
    }
    c->ent_stamp[ent] = c->gen;
    c->ent_slot[ent] = (uint32_t)c->n_hits;
    c->hits[c->n_hits].ent = ent;
    c->hits[c->n_hits].name = name;
    c->hits[c->n_hits].score = score;
    c->n_hits++;
}

/* floor_score > 0: a name that cannot reach it may get 0 instead of its score. */
static float score_name(embargo_ctx *c, const emb_pname *pq, uint32_t ni, embargo_algorithm algo,
                        emb_align *al, double floor_score)
{
    const embargo_db *db = c->db;
    const emb_name_rec *nr = &db->names[ni];
    const emb_entity_rec *e = &db->ents[nr->entity];
    if (algo == EMBARGO_ALGO_OFAC)
    {
        /* the listed name as written (the stored form reads persons given name first) */
        const char *v = emb_db_str(db, nr->value);
        char buf[1024];
        long n = emb_normalize(c->nz, v, strlen(v), buf, sizeof buf);
        return (float)emb_ofac_score(c->norm, n > 0 ? buf : emb_db_str(db, nr->norm));
    }
    emb_pname pn;
    name_tokens(db, ni, &pn);
    if (floor_score > 0 && emb_score_upper_bound(pq, &pn, (embargo_schema)e->schema, &c->sims) * kind_factor(nr->kind) < floor_score - 1e-6)
        return 0.0f; /* cannot be recorded: spare the exact alignment */
    double s = emb_score_names_cached(pq, &pn, (embargo_schema)e->schema, al, &c->sims);
    return (float)(s * kind_factor(nr->kind));
}

/* Candidate names for pq into c->cand, best accumulated weight first. */
/* A unit of candidate generation: a query token's keys, or the key of two
 * adjacent tokens joined; `most` is the most it can add to a name. */
typedef struct cand_unit { float most; uint8_t i, join; } cand_unit;

static int unit_asc(const void *a, const void *b)
{
    const cand_unit *x = a, *y = b;
    if (x->most != y->most) return x->most < y->most ? -1 : 1;
    return (x->i * 2 + x->join) - (y->i * 2 + y->join);
}

/* Does query token t have two-letter keys (emb_index_keys_for gives the
 * one-edit variants of a three-letter skeleton only for a word of five
 * letters or more that the lists do not know)? */
static int two_letter_keys(const emb_ptok *t)
{
    return t->sklen == 3 && t->id == UINT32_MAX && t->len >= 5;
}

/* A join's key (two query words joined, cat, the first c1 letters long)
 * through its strip: the names of the listed words the scorer could match
 * the join against (emb_join_alike), and the names that have the key
 * through a join of their own; the others share only a skeleton (JULIUS
 * SCHOU and ALI SA: als) and the join's weight is not theirs. */
static void lookup_join_key(embargo_ctx *c, const emb_key_rec *k, const char *cat, size_t cl, size_t c1, float w)
{
    const emb_index *ix = &c->db->idx;
    if (!k) return;
    if (!k->ntok) {
        lookup_postings(c, ix->postings + k->begin, k->count, 0, w, 0);
        return;
    }
    uint32_t off = k->strip;
    for (uint32_t r = 0; r < k->ntok; r++) {
        const unsigned char *p = ix->strips + off;
        emb_strip_tok st;
        memcpy(&st, p, sizeof st);
        off += (uint32_t)emb_strip_tok_size(&st);
        if (st.id == UINT32_MAX) lookup_postings(c, ix->jpostings + st.begin, st.count, 0, w, 0);
        else if (emb_join_alike(cat, cl, c1, (const char *)p + sizeof st, st.len))
            lookup_postings(c, ix->postings + st.begin, st.count, 0, w, 0);
    }
}

/* Query words a and b joined into out (2 * EMB_TOKLEN_MAX + 2 bytes), as
 * the index joins a name's adjacent words; returns its length. */
static size_t join_cat(const emb_ptok *a, const emb_ptok *b, char *out)
{
    memcpy(out, a->s, a->len);
    memcpy(out + a->len, b->s, b->len);
    out[a->len + b->len] = '\0';
    return (size_t)a->len + b->len;
}

/* strips: reach names through the strips of fuzzy keys (lookup_fuzzy_key) */
static size_t candidates(embargo_ctx *c, const emb_pname *pq, double min_score, int strips)
{
    c->n_touched = 0;
    int any_content = 0;
    double total = 0;
    for (size_t i = 0; i < pq->n; i++) any_content |= emb_token_is_content(pq->t[i].cls);
    cand_unit units[2 * EMB_TOK_MAX];
    size_t nu = 0;
    for (size_t i = 0; i < pq->n; i++) {
        const emb_ptok *t = &pq->t[i];
        if (i + 1 < pq->n && emb_tokens_joinable(t->cls, pq->t[i + 1].cls))
            units[nu++] = (cand_unit){0.9f * (t->w + pq->t[i + 1].w), (uint8_t)i, 1};
        if (any_content && !emb_token_is_content(t->cls)) continue;
        /* a word that stands for a legal form (AO in a two-word name, kept as
         * a word) meets a listed legal form, which has no key: it may match
         * where no key says so */
        if (!t->legal) total += t->w;
        units[nu++] = (cand_unit){t->w, (uint8_t)i, 0};
    }
    float cut = (float)(total * min_score * 0.9);
    /* MaxScore: the lightest units together cannot lift a name to the cut,
     * so a name only they reach is no candidate; they add to names the
     * others reached and reach no new one (fewer slots, same candidates) */
    qsort(units, nu, sizeof *units, unit_asc);
    double light = 0;
    size_t n_light = 0;
    while (n_light < nu && light + units[n_light].most < cut * 0.999) light += units[n_light++].most;
    /* after[u]: the most the units after unit u (the lighter ones) can add.
     * The same test per key: a name that a token's key reaches first gets
     * that key's weight (skeleton and one-edit keys weigh less than the
     * word), so a key whose weight with all that follows stays below the
     * cut reaches no new name either */
    double after[2 * EMB_TOK_MAX];
    for (size_t u = 0; u < nu; u++) after[u] = u ? after[u - 1] + units[u - 1].most : 0;
    /* Two-letter keys (the one-edit variants of an unknown word's
     * three-letter skeleton: Ellis, als: as, al) each reach thousands of names
     * alike in two consonants, all tied at one weight, so that the first
     * CAND_MAX of them by name id would crowd out the candidates the other
     * words find.  They add to names other keys reach and reach no new one:
     * looked up last.  before[u]: what those of the units before unit u (the
     * heavier ones) may add to a name that unit u reaches first; late: what
     * those of the heavy units add after the light ones. */
    double before[2 * EMB_TOK_MAX], late = 0;
    struct { const emb_key_rec *k; uint32_t bit; float w; } deferred[2 * EMB_TOK_MAX];
    size_t n_deferred = 0;
    {
        double sum = 0;
        for (size_t u = nu; u-- > 0;) {
            const emb_ptok *t = &pq->t[units[u].i];
            before[u] = sum;
            double d = !units[u].join && two_letter_keys(t) ? 0.8f * t->w : 0.0;
            sum += d;
            if (u >= n_light) late += d;
        }
    }
    /* the keys of each unit: a join's one key; a word's exact key, then
     * its skeleton's (emb_index_keys_for), then its edit keys from kedit[u] */
    size_t kbeg[2 * EMB_TOK_MAX + 1], kedit[2 * EMB_TOK_MAX], kghq[2 * EMB_TOK_MAX], nkeys = 0; /* kedit: words only */
    uint64_t wh[2 * EMB_TOK_MAX]; /* a word's emb_hash, for the memo (fz_hash) */
    for (size_t u = 0; u < nu; u++) {
        kbeg[u] = nkeys;
        kghq[u] = SIZE_MAX;
        size_t i = units[u].i;
        const emb_ptok *t = &pq->t[i];
        if (units[u].join) {
            char cat[2 * EMB_TOKLEN_MAX + 2], sk[2 * EMB_TOKLEN_MAX + 2];
            size_t cl = join_cat(t, &pq->t[i + 1], cat);
            size_t sl = emb_token_skeleton(cat, cl, sk, sizeof sk);
            c->key_hash[nkeys++] = emb_key_hash(sk, sl);
            continue;
        }
        c->key_hash[nkeys++] = emb_exact_key_hash(t->s, t->len);
        /* its skeleton's keys and (strips only) its gh/q spelling's */
        size_t nk = emb_memo_keys(t, t->id != UINT32_MAX ? c->db->idx.tokens[t->id].df : 0, strips, c->key_hash + nkeys,
                                  EMB_TOKLEN_MAX + 3, &kghq[u]);
        wh[u] = strips ? emb_hash(t->s, t->len) : 0;
        /* a word the lists do not know, or seldom use, may be a typo of
         * theirs: its edit keys (strips only: not for the OFAC method),
         * where they may reach new names (below) */
        kedit[u] = nkeys + nk;
        if (strips && u >= n_light && 0.8f * t->w + after[u] + before[u] >= cut * 0.999 && t->len >= EMB_EDIT_QUERY_MIN &&
            (t->cls == EMB_TOK_NORMAL || t->cls == EMB_TOK_PATRONYMIC) &&
            (t->id == UINT32_MAX || c->db->idx.tokens[t->id].df < EMB_DF_COMMON)) {
            nk += emb_edit_keys(t->s, t->len, c->key_hash + nkeys + nk, EMB_TOKLEN_MAX);
            /* an unknown word with its first two letters swapped (AFIZ for
             * FAIZ, BADUR for ABDUR): no key above keeps their order */
            if (t->id == UINT32_MAX && t->s[0] != t->s[1]) {
                char x[EMB_TOKLEN_MAX + 1];
                memcpy(x, t->s, t->len);
                x[0] = t->s[1];
                x[1] = t->s[0];
                c->key_hash[nkeys + nk++] = emb_exact_key_hash(x, t->len);
            }
        }
        if (strips)
            for (size_t k = 0; k < kedit[u] - nkeys; k++) fz_prefetch(&c->fz, wh[u], c->key_hash[nkeys + k], t->cls);
        nkeys += nk;
    }
    kbeg[nu] = nkeys;
    emb_index_keys_resolve(&c->db->idx, c->key_hash, nkeys, c->key_rec);
    for (size_t u = nu; u-- > 0;) { /* heaviest first */
        int only_existing = u < n_light;
        const emb_key_rec *const *kr = c->key_rec + kbeg[u];
        if (only_existing && u == n_light - 1) {
            /* the heavy units are done: a name that all the light ones
             * together cannot lift to the cut is no candidate whatever
             * they add (a margin for the order of float sums); the map of
             * the others is built when a long posting list needs it */
            c->live_state = 1;
            c->live_min = (float)(cut * 0.998 - light - late);
        }
        size_t i = units[u].i;
        const emb_ptok *t = &pq->t[i];
        if (units[u].join) {
            float wj = 0.9f * (t->w + pq->t[i + 1].w);
            if (only_existing || !strips) {
                lookup_key(c, kr[0], 0, wj, only_existing);
            } else {
                char cat[2 * EMB_TOKLEN_MAX + 2];
                lookup_join_key(c, kr[0], cat, join_cat(t, &pq->t[i + 1], cat), t->len, wj);
            }
            continue;
        }
        lookup_key(c, kr[0], 1u << i, t->w, only_existing);
        emb_letters tl; /* the word's letters and spelling, for its fuzzy keys' strips */
        uint32_t tph = 0;
        if (strips) {
            emb_letters_of(t->s, t->len, &tl);
            if (t->sklen < 4) tph = emb_phonetic_hash(t->s, t->len); /* only short skeletons use it */
            if (++c->jgen >> 7) { /* wrapped (judged holds jgen << 1 in a byte) */
                memset(c->judged, 0, (c->db->idx.n_tokens + 1) * sizeof *c->judged);
                c->jgen = 1;
            }
        }
        size_t nk = kbeg[u + 1] - kbeg[u] - 1, nsk = kedit[u] - kbeg[u] - 1;
        for (size_t k = 0; k < nk; k++) {
            float wk = (k == 0 ? 0.9f : 0.8f) * t->w;
            const emb_key_rec *kk = kr[1 + k];
            if (k == kghq[u]) { /* the other spelling's skeleton */
                if (only_existing || wk + after[u] + before[u] < cut * 0.999) lookup_key(c, kk, 1u << i, wk, 1);
                else lookup_fuzzy_key(c, pq, i, &tl, tph, wh[u], kk, wk, 1);
                continue;
            }
            if (k >= nsk) { /* an edit key, of a unit heavy enough: names only through its strip */
                lookup_fuzzy_key(c, pq, i, &tl, tph, wh[u], kk, 0.8f * t->w, 0);
                continue;
            }
            if (k > 0 && two_letter_keys(t)) {
                deferred[n_deferred].k = kk;
                deferred[n_deferred].bit = 1u << i;
                deferred[n_deferred++].w = wk;
                continue;
            }
            if (only_existing || wk + after[u] + before[u] < cut * 0.999) lookup_key(c, kk, 1u << i, wk, 1);
            else if (strips) lookup_fuzzy_key(c, pq, i, &tl, tph, wh[u], kk, wk, 1);
            else lookup_key(c, kk, 1u << i, wk, 0);
        }
    }
    if (c->live_state == 2) /* clear the live bits */
        for (size_t k = 0; k < c->n_touched; k++) c->live[c->touched[k] >> 6] = 0;
    c->live_state = 0;
    for (size_t k = 0; k < n_deferred; k++) lookup_key(c, deferred[k].k, deferred[k].bit, deferred[k].w, 1);
    for (size_t k = 0; k < c->n_touched; k++) c->reached[c->touched[k] >> 6] = 0;
    /* keep names whose accumulated weight could reach min_score */
    size_t k = 0;
    for (size_t i = 0; i < c->n_touched; i++) { /* without a branch: about half are taken, unpredictably */
        c->cand[k] = (uint32_t)i;
        k += c->acc[i] >= cut;
    }
    if (k > CAND_MAX) {
        select_top(c->cand, k, CAND_MAX, c);
        k = CAND_MAX;
    }
    for (size_t i = 0; i < k; i++) c->cand[i] = c->touched[c->cand[i]];
    return k;
}


/* Tokens at..at+count of p, space-separated, into out (cap bytes), without
 * the format machinery: explanations are written for every result. */
static void join_words(char *out, size_t cap, const emb_pname *p, size_t at, size_t count)
{
    size_t n = 0;
    for (size_t k = at; k < at + count && k < p->n; k++) {
        if (k > at && n + 1 < cap) out[n++] = ' ';
        for (const char *a = p->t[k].s; *a && n + 1 < cap; a++) out[n++] = *a;
    }
    out[n] = '\0';
}

static void fill_alignment(embargo_match *m, const emb_pname *pq, const emb_pname *pn, const emb_align *al)
{
    m->n_align = 0;
    uint32_t qused = 0;
    for (size_t i = 0; i < al->n && m->n_align < EMBARGO_MAX_ALIGN; i++) {
        const emb_pair *p = &al->p[i];
        embargo_alignment *a = &m->align[m->n_align++];
        join_words(a->query_token, sizeof a->query_token, pq, p->qi, p->ql);
        join_words(a->name_token, sizeof a->name_token, pn, p->nj, p->nl);
        a->similarity = p->sim;
        a->weight = p->w;
        qused |= ((1u << p->ql) - 1) << p->qi;
    }
    for (size_t i = 0; i < pq->n && m->n_align < EMBARGO_MAX_ALIGN; i++) {
        if (qused & (1u << i)) continue;
        embargo_alignment *a = &m->align[m->n_align++];
        join_words(a->query_token, sizeof a->query_token, pq, i, 1);
        a->name_token[0] = '\0';
        a->similarity = 0;
        a->weight = pq->t[i].w;
    }
}

static const char *kind_label(uint8_t k)
{
    switch (k) {
    case EMBARGO_NAME_PRIMARY: return "primary name";
    case EMBARGO_NAME_ALIAS: return "alias";
    case EMBARGO_NAME_WEAK_ALIAS: return "weak alias";
    case EMBARGO_NAME_FORMER: return "former name";
    case EMBARGO_NAME_ORIGINAL: return "original-script name";
    default: return "name";
    }
}

static int ub_desc(const void *a, const void *b)
{
    const ub_cand *x = a, *y = b;
    if (x->ub != y->ub) return x->ub > y->ub ? -1 : 1;
    return x->name < y->name ? -1 : x->name > y->name;
}

/* Keeps the `limit` best entity scores in c->top (ascending); returns the
 * score a name must beat to matter, once `limit` entities have it. */
static float top_push(embargo_ctx *c, size_t *n_top, size_t limit, uint32_t ent, float s, float floor)
{
    size_t n = *n_top;
    for (size_t k = 0; k < n; k++)
        if (c->top_ent[k] == ent) {        /* a better name of an entity already in */
            if (s <= c->top[k]) return n == limit ? c->top[0] : floor;
            /* remove it, then insert below */
            memmove(c->top + k, c->top + k + 1, (n - k - 1) * sizeof *c->top);
            memmove(c->top_ent + k, c->top_ent + k + 1, (n - k - 1) * sizeof *c->top_ent);
            n--;
            break;
        }
    if (n == limit) {
        if (s <= c->top[0]) { *n_top = n; return c->top[0]; }
        memmove(c->top, c->top + 1, (n - 1) * sizeof *c->top); /* drop the lowest */
        memmove(c->top_ent, c->top_ent + 1, (n - 1) * sizeof *c->top_ent);
        n--;
    }
    size_t k = n;
    while (k > 0 && c->top[k - 1] > s) { c->top[k] = c->top[k - 1]; c->top_ent[k] = c->top_ent[k - 1]; k--; }
    c->top[k] = s;
    c->top_ent[k] = ent;
    *n_top = ++n;
    return n == limit ? c->top[0] : floor;
}

/* The most a date of birth and a country can lift name score s to (see
 * apply_evidence: a full date match halves the distance to 1, a country
 * takes 15% of the rest; everything else only lowers a score). */
static double lifted(const embargo_query *q, double s)
{
    if (q->dob && *q->dob) s += (1 - s) * LIFT_DOB;
    if (q->country && *q->country) s += (1 - s) * LIFT_COUNTRY;
    return s;
}

/* The default scorer over the candidates, best upper bound first.  Once
 * `limit` entities score at least S (after evidence), a name whose bound
 * (lifted by the most the evidence can add) is below S cannot enter the
 * results, unless its party already scores S or more (its listings are
 * shown together): the rest of the candidates are bounded lower still, so
 * such names are skipped without alignment.  Not for identifier queries
 * (an identifier lifts any name). floor: the recording threshold. */
static void score_ranked(embargo_ctx *c, const emb_pname *pq, size_t nc, const embargo_query *q,
                         const embargo_screen_opts *opts, double min_score, double floor, size_t limit)
{
    const embargo_db *db = c->db;
    int evidence = (q->dob && *q->dob) || (q->country && *q->country) || (q->gender && *q->gender);
    emb_bquery bq;
    emb_bound_prepare(pq, &bq);
    size_t nu = 0;
    /* the bound costs less than a trip to memory: ask for every card first
     * (their offsets, then their first lines), so the reads overlap */
    for (size_t i = 0; i < nc; i++) __builtin_prefetch(&db->idx.card_off[c->cand[i]]);
    for (size_t i = 0; i < nc; i++) __builtin_prefetch(db->idx.cards + db->idx.card_off[c->cand[i]]);
    for (size_t i = 0; i < nc; i++) {
        uint32_t ni = c->cand[i];
        if (i + 2 < nc) prefetch_memos(c, c->cand[i + 2]);
        const unsigned char *card = db->idx.cards + db->idx.card_off[ni];
        emb_card_head h;
        memcpy(&h, card, sizeof h);
        if (q->schema != EMBARGO_SCHEMA_UNKNOWN && h.schema != EMBARGO_SCHEMA_UNKNOWN && h.schema != q->schema) continue;
        if (opts->sources && !source_allowed(db, opts->sources, h.source)) continue;
        double ub = card_bound(c, pq, &bq, card + sizeof h, &h) * kind_factor(h.kind);
        if (ub < floor - 1e-6) continue;
        c->ubc[nu].ub = (float)ub;
        c->ubc[nu].name = ni;
        nu++;
    }
    qsort(c->ubc, nu, sizeof *c->ubc, ub_desc);
    if (c->cap_top < limit) {
        float *t = realloc(c->top, limit * sizeof *t);
        if (t) c->top = t;
        uint32_t *te = realloc(c->top_ent, limit * sizeof *te);
        if (te) c->top_ent = te;
        if (!t || !te) limit = 0; /* no pruning without room */
        else c->cap_top = limit;
    }
    size_t n_top = 0;
    float bar = (float)min_score;
    for (size_t i = 0; i < nu; i++) {
        uint32_t ni = c->ubc[i].name;
        prefetch_cards(&db->idx, i + PF_AHEAD < nu ? c->ubc[i + PF_AHEAD].name : UINT32_MAX,
                       i + 2 * PF_AHEAD < nu ? c->ubc[i + 2 * PF_AHEAD].name : UINT32_MAX);
        emb_pname pn;
        emb_card_head h = name_tokens(db, ni, &pn);
        uint32_t party = h.party;
        if (limit && n_top == limit && lifted(q, c->ubc[i].ub) < bar - 1e-6f &&
            !(c->party_stamp[party] == c->gen && c->party_best[party] >= bar - 1e-6f))
            continue;
        uint32_t masks[EMB_TOK_MAX];
        name_masks(c, pq, &pn, masks);
        double sd = emb_score_names_masked(pq, &pn, (embargo_schema)h.schema, NULL, &c->sims, masks);
        float s = (float)(sd * kind_factor(h.kind));
        if (s < min_score * 0.7) continue;
        record_hit(c, h.entity, ni, s);
        if (c->ent_stamp[h.entity] != c->gen) continue; /* out of memory: not recorded */
        /* the entity's score after evidence, from its best name so far */
        float f = s;
        if (evidence) f = (float)apply_evidence(c, q, h.entity, c->hits[c->ent_slot[h.entity]].score, NULL);
        if (c->party_stamp[party] != c->gen || f > c->party_best[party]) {
            c->party_stamp[party] = c->gen;
            c->party_best[party] = f;
        }
        if (limit && f >= min_score) bar = top_push(c, &n_top, limit, h.entity, f, (float)min_score);
    }
}

int embargo_screen(embargo_ctx *ctx, const embargo_query *q, const embargo_screen_opts *opts,
                   const embargo_match **out, size_t *n_out, embargo_error *err)
{
    embargo_screen_opts defaults = EMBARGO_SCREEN_OPTS_INIT;
    if (!opts) opts = &defaults;
    *out = NULL;
    *n_out = 0;
    if (!ctx || !ctx->db || !q || !q->name) return emb_error_set(err, EMBARGO_EUSAGE, NULL, 0, NULL, "no db or no query");
    const embargo_db *db = ctx->db;
    emb_pname pq;
    int rc = prepare_query_as(ctx, q->name, opts->algorithm != EMBARGO_ALGO_OFAC, emb_prep_kind(q->schema),
                              &pq, err);
    if (rc) return rc;
    if (pq.n == 0) return 0; /* nothing nameable left (punctuation only) */
    size_t limit = opts->limit ? opts->limit : 10;
    double min_score = opts->min_score > 0 ? opts->min_score : 0.5;
    if (opts->threshold < min_score) min_score = opts->threshold;
    if (++ctx->ngen > NGEN_MAX) { /* wrapped: clear the name slots */
        memset(ctx->na, 0, db->n_names * sizeof *ctx->na);
        ctx->ngen = 1;
    }
    if (++ctx->gen > GEN_MAX) { /* wrapped: clear stamps */
        memset(ctx->ent_stamp, 0, (db->n_ents + 1) * sizeof *ctx->ent_stamp);
        memset(ctx->party_stamp, 0, (db->n_ents + 1) * sizeof *ctx->party_stamp);
        ctx->gen = 1;
    }
    ctx->n_hits = 0;
    emb_sim_cache_reset(&ctx->sims);
    if (++ctx->qgen == 0 && ctx->tok_memo) {
        memset(ctx->tok_memo, 0, (db->idx.n_tokens + 1) * sizeof *ctx->tok_memo);
        ctx->qgen = 1;
    }
    size_t nc;
    if (opts->exhaustive) {
        for (size_t i = 0; i < db->n_names; i++) ctx->cand[i] = (uint32_t)i;
        nc = db->n_names;
    } else {
        /* the OFAC method scores whole strings: a word unlike any listed
         * word may still lift a name, so it keeps every name a key reaches */
        nc = opts->algorithm == EMBARGO_ALGO_OFAC ? candidates(ctx, &pq, min_score * 0.6, 0) : candidates(ctx, &pq, min_score, 1);
    }
    /* names scoring below min_score * 0.7 are not recorded; without
     * evidence that can lift a score (date of birth, country), below
     * min_score they would be dropped anyway */
    int liftable = (q->dob && *q->dob) || (q->country && *q->country);
    double floor = liftable ? min_score * 0.7 : min_score;
    if (!opts->exhaustive && opts->algorithm != EMBARGO_ALGO_OFAC && !q->n_ids) {
        score_ranked(ctx, &pq, nc, q, opts, min_score, floor, limit);
        nc = 0; /* done */
    }
    for (size_t i = 0; i < nc; i++) {
        uint32_t ni = ctx->cand[i];
        const emb_entity_rec *e = &db->ents[db->names[ni].entity];
        if (q->schema != EMBARGO_SCHEMA_UNKNOWN && e->schema != EMBARGO_SCHEMA_UNKNOWN && e->schema != q->schema) continue;
        if (!source_allowed(db, opts->sources, e->source)) continue;
        float s = score_name(ctx, &pq, ni, opts->algorithm, NULL, floor);
        if (s >= min_score * 0.7) record_hit(ctx, db->names[ni].entity, ni, s);
    }
    /* identifiers: an exact identifier match is near-certain whatever the name */
    if (q->n_ids) {
        for (size_t ent = 0; ent < db->n_ents; ent++) {
            const emb_entity_rec *e = &db->ents[ent];
            if (!source_allowed(db, opts->sources, e->source)) continue;
            for (size_t k = 0; k < q->n_ids; k++)
                if (q->ids[k] && entity_has_id(db, e, q->ids[k])) {
                    record_hit(ctx, (uint32_t)ent, e->names_begin, 0.0f);
                    break;
                }
        }
    }
    /* evidence and ranking */
    if (ctx->cap_ranked < ctx->n_hits) {
        ranked *r = realloc(ctx->ranked, ctx->n_hits * sizeof *r);
        if (!r) return emb_error_set(err, EMBARGO_ENOMEM, NULL, 0, NULL, "out of memory");
        ctx->ranked = r;
        ctx->cap_ranked = ctx->n_hits;
    }
    ranked *rk = ctx->ranked;
    size_t nr = 0;
    for (size_t i = 0; i < ctx->n_hits; i++) {
        ent_hit *h = &ctx->hits[i];
        double s = apply_evidence(ctx, q, h->ent, h->score, NULL);
        if (s < min_score) continue;
        ranked *m = &rk[nr++];
        m->entity = h->ent;
        m->score = s;
        m->name_index = h->name - db->ents[h->ent].names_begin;
        m->name_score = h->score;
        m->match = s >= opts->threshold;
    }
    /* party scores: the best score among the listings of each party */
    for (size_t i = 0; i < nr; i++) {
        rk[i].party_score = rk[i].score;
        ctx->ent_slot[db->ents[rk[i].entity].party] = UINT32_MAX;
    }
    for (size_t i = 0; i < nr; i++) {
        uint32_t p = db->ents[rk[i].entity].party;
        uint32_t *slot = &ctx->ent_slot[p];
        if (*slot == UINT32_MAX || rk[*slot].score < rk[i].score) *slot = (uint32_t)i;
    }
    for (size_t i = 0; i < nr; i++) rk[i].party_score = rk[ctx->ent_slot[db->ents[rk[i].entity].party]].score;
    if (nr > 1) qsort_r(rk, nr, sizeof *rk, hit_cmp, (void *)db); /* ranked is NULL before the first hit */
    if (nr > limit) nr = limit;
    if (ctx->cap_results < nr) {
        embargo_match *r = realloc(ctx->results, nr * sizeof *r);
        if (!r) return emb_error_set(err, EMBARGO_ENOMEM, NULL, 0, NULL, "out of memory");
        ctx->results = r;
        ctx->cap_results = nr;
    }
    for (size_t i = 0; i < nr; i++) {
        embargo_match *m = &ctx->results[i];
        m->entity = rk[i].entity;
        m->score = rk[i].score;
        m->match = rk[i].match;
        m->party_score = rk[i].party_score;
        m->name_index = rk[i].name_index;
        m->name_score = rk[i].name_score;
    }
    /* explanations for what is returned */
    for (size_t i = 0; i < nr; i++) {
        embargo_match *m = &ctx->results[i];
        uint32_t ni = db->ents[m->entity].names_begin + (uint32_t)m->name_index;
        const emb_name_rec *nrec = &db->names[ni];
        m->matched_name = emb_db_str(db, nrec->value);
        m->n_factors = 0;
        m->n_align = 0;
        if (opts->no_explain) continue; /* score and match are final already */
        if (opts->algorithm == EMBARGO_ALGO_OFAC) {
            add_factor(m, "name", m->name_score, "OFAC method (Jaro-Winkler/Soundex) against the %s", kind_label(nrec->kind));
        } else {
            emb_pname pn;
            emb_align al;
            name_tokens(db, ni, &pn);
            /* the similarities of this query are still cached */
            uint32_t masks[EMB_TOK_MAX];
            name_masks(ctx, &pq, &pn, masks);
            double raw = emb_score_names_masked(&pq, &pn, (embargo_schema)db->ents[m->entity].schema, &al, &ctx->sims, masks);
            /* add_factor(m, "name", raw, "token alignment with the %s: matched weight %.1f, unmatched query %.1f,
             * unmatched listed %.1f", ...), written directly */
            if (m->n_factors < EMBARGO_MAX_FACTORS) {
                embargo_factor *f = &m->factors[m->n_factors++];
                f->name = "name";
                f->value = raw;
                char *p = f->detail, *end = f->detail + sizeof f->detail;
                p = emb_put_str(p, end, "token alignment with the ");
                p = emb_put_str(p, end, kind_label(nrec->kind));
                p = emb_put_str(p, end, ": matched weight ");
                p = emb_put_1f(p, end, al.matched);
                p = emb_put_str(p, end, ", unmatched query ");
                p = emb_put_1f(p, end, al.unmatched_q);
                p = emb_put_str(p, end, ", unmatched listed ");
                emb_put_1f(p, end, al.unmatched_n);
            }
            if (nrec->kind == EMBARGO_NAME_WEAK_ALIAS) add_factor(m, "weak_alias", -raw * 0.08, "the list marks this alias as weak");
            fill_alignment(m, &pq, &pn, &al);
        }
        double s2 = apply_evidence(ctx, q, m->entity, m->name_score, m);
        (void)s2;
        m->match = m->score >= opts->threshold;
    }
    *out = ctx->results;
    *n_out = nr;
    return 0;
}

int embargo_compare(embargo_ctx *ctx, const char *name1, const char *name2, embargo_schema schema,
                    embargo_algorithm algorithm, double *score_out, embargo_match *explain,
                    embargo_error *err)
{
    if (!ctx || !name1 || !name2) return emb_error_set(err, EMBARGO_EUSAGE, NULL, 0, NULL, "two names are needed");
    emb_pname pq, pn;
    int reorder = algorithm != EMBARGO_ALGO_OFAC;
    int org = emb_prep_kind(schema);
    int rc = prepare_query_as(ctx, name1, reorder, org, &pq, err);
    if (rc) return rc;
    char norm1[sizeof ctx->norm];
    memcpy(norm1, ctx->norm, strlen(ctx->norm) + 1);
    rc = prepare_query_as(ctx, name2, reorder, org, &pn, err);
    if (rc) return rc;
    /* a person's listed name written SURNAME, Given: its surname's words */
    if (schema == EMBARGO_PERSON && reorder)
        pn.nsur = emb_surname_tokens(ctx->norm, emb_surname_words(ctx->nz, name2, strlen(name2)), pn.n);
    double s;
    emb_align al;
    if (algorithm == EMBARGO_ALGO_OFAC) {
        s = emb_ofac_score(norm1, ctx->norm);
    } else {
        s = emb_score_names(&pq, &pn, schema, &al);
    }
    *score_out = s;
    if (explain) {
        memset(explain, 0, sizeof *explain);
        explain->score = s;
        explain->name_score = s;
        explain->matched_name = NULL;
        if (algorithm != EMBARGO_ALGO_OFAC) {
            add_factor(explain, "name", s, "matched weight %.1f, unmatched first name %.1f, unmatched second name %.1f",
                       al.matched, al.unmatched_q, al.unmatched_n);
            fill_alignment(explain, &pq, &pn, &al);
        }
    }
    return 0;
}

/* For the benchmarks and tests (match/screen.h). */
void emb_ctx_forget(embargo_ctx *ctx) { fz_forget(&ctx->fz); }

int emb_ctx_memo_size(embargo_ctx *ctx, unsigned slots_log2, uint32_t arena_words)
{
    if ((slots_log2 && slots_log2 < 2) || slots_log2 > 24 || arena_words < 64) return EMBARGO_EUSAGE;
    free(ctx->fz.slot);
    free(ctx->fz.arena);
    ctx->fz = (fz_memo){0};
    ctx->fz.nslots = slots_log2 ? 1u << slots_log2 : 0; /* 0: no memo */
    ctx->fz.narena = arena_words;
    return 0;
}

uint64_t emb_ctx_memo_hits(const embargo_ctx *ctx) { return ctx->fz.hits; }

/* Accessors for src/scan, which keeps its own state in the ctx. */
const embargo_db *emb_ctx_db(const embargo_ctx *ctx) { return ctx->db; }
emb_normalizer *emb_ctx_normalizer(embargo_ctx *ctx) { return ctx->nz; }
struct emb_scan_state **emb_ctx_scan_slot(embargo_ctx *ctx) { return &ctx->scan; }
