/* index.c - builds the token dictionary (with rarity weights) and the
 * candidate postings over normalized list names.
 *
 * Keys: for each content token of a name, its skeleton and every skeleton with
 * one letter deleted (so that one substitution, insertion, deletion or
 * adjacent transposition still shares a key), plus the skeleton of each pair
 * of adjacent tokens joined (Nasir Zadeh ~ Nasirzadeh).  Keys are 64-bit
 * hashes; a collision only adds a candidate, never loses one. */
#include "index/index.h"
#include "match/score.h"
#include "match/tokens.h"
#include "model/db.h"
#include "util/error.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct kp { uint64_t h; uint32_t name; } kp;

static int kp_cmp(const void *a, const void *b)
{
    const kp *x = a, *y = b;
    if (x->h != y->h) return x->h < y->h ? -1 : 1;
    return x->name < y->name ? -1 : x->name > y->name;
}

/* Appends (kh[k], name) for k < nk to v; -1 when out of memory. */
static int push_pairs(emb_vec *v, const uint64_t *kh, size_t nk, uint32_t name)
{
    if (emb_vec_reserve(v, nk)) return -1;
    for (size_t k = 0; k < nk; k++) {
        kp *p = emb_vec_push(v);
        p->h = kh[k];
        p->name = name;
    }
    return 0;
}

/* Radix sort on (h, name): qsort on millions of pairs is the slowest part of a build. */
static int kp_sort(kp *a, size_t n)
{
    kp *tmp = malloc(n * sizeof *tmp);
    if (!tmp) { qsort(a, n, sizeof *a, kp_cmp); return 0; }
    /* name is the secondary key: sort by name first (stable LSD), then by h */
    kp *src = a, *dst = tmp;
    size_t count[65536];
    for (int pass = 0; pass < 6; pass++) {
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < n; i++) {
            uint32_t d = pass < 2 ? (src[i].name >> (16 * pass)) & 0xffff : (uint32_t)(src[i].h >> (16 * (pass - 2))) & 0xffff;
            count[d]++;
        }
        size_t sum = 0;
        for (size_t k = 0; k < 65536; k++) { size_t c = count[k]; count[k] = sum; sum += c; }
        for (size_t i = 0; i < n; i++) {
            uint32_t d = pass < 2 ? (src[i].name >> (16 * pass)) & 0xffff : (uint32_t)(src[i].h >> (16 * (pass - 2))) & 0xffff;
            dst[count[d]++] = src[i];
        }
        kp *t = src; src = dst; dst = t;
    }
    /* six passes: result is back in a */
    free(tmp);
    return 0;
}

size_t emb_index_keys_for(const char *sk, size_t n, size_t len, uint64_t *out, size_t cap);

uint64_t emb_key_hash(const char *s, size_t n)
{
    return emb_hash(s, n) | 1; /* never 0 */
}

/* Appends the candidate keys of a skeleton: itself, and one-deletion variants
 * when it is long enough for them to be selective. */
size_t emb_index_keys(const char *sk, size_t n, uint64_t *out, size_t cap)
{
    return emb_index_keys_for(sk, n, 0, out, cap);
}

/* As emb_index_keys, for a token of `len` letters: a word of five letters or
 * more may have a typo even when its skeleton is three letters (Davar/Daar). */
size_t emb_index_keys_for(const char *sk, size_t n, size_t len, uint64_t *out, size_t cap)
{
    size_t k = 0;
    if (n == 0 || cap == 0) return 0;
    out[k++] = emb_key_hash(sk, n);
    if (n >= 4 || (n == 3 && len >= 5)) {
        char buf[EMB_TOKLEN_MAX + 1];
        for (size_t i = 1; i < n && k < cap; i++) { /* never the first letter */
            if (i > 0 && sk[i] == sk[i - 1]) continue;
            memcpy(buf, sk, i);
            memcpy(buf + i, sk + i + 1, n - i - 1);
            out[k++] = emb_key_hash(buf, n - 1);
        }
    }
    return k;
}

/* Keys of a word's spelling and its one-deletion variants (never of the
 * first letter), apart from the skeleton keys: two words one typo apart
 * (a letter changed, added, dropped or two swapped, after the first) share
 * one, however the typo moves their skeletons (Fahti/Fathi, Kalil/Khalil,
 * Chrpomedios/Corpomedios, Itesc/Itsec). */
size_t emb_edit_keys(const char *s, size_t n, uint64_t *out, size_t cap)
{
    char buf[EMB_TOKLEN_MAX + 2];
    size_t k = 0;
    if (n == 0 || cap == 0) return 0;
    if (n > EMB_TOKLEN_MAX) n = EMB_TOKLEN_MAX;
    buf[0] = '\x02';
    memcpy(buf + 1, s, n);
    out[k++] = emb_key_hash(buf, n + 1);
    for (size_t i = 1; i < n && k < cap; i++) {
        if (s[i] == s[i - 1]) continue; /* the same word as deleting i - 1 */
        memcpy(buf + 1, s, i);
        memcpy(buf + 1 + i, s + i + 1, n - i - 1);
        out[k++] = emb_key_hash(buf, n);
    }
    return k;
}

int emb_list_edit_keyed(int cls, size_t len) { return len >= EMB_EDIT_LIST_MIN && (cls == EMB_TOK_NORMAL || cls == EMB_TOK_PATRONYMIC); }

int emb_token_is_content(int cls)
{
    return cls == EMB_TOK_NORMAL || cls == EMB_TOK_PATRONYMIC || cls == EMB_TOK_NUMBER;
}

/* Key of a token's exact spelling: ranks candidates that share the word
 * itself above those that share only its skeleton. */
uint64_t emb_exact_key_hash(const char *s, size_t n)
{
    char buf[EMB_TOKLEN_MAX + 2];
    if (n > EMB_TOKLEN_MAX) n = EMB_TOKLEN_MAX;
    buf[0] = '\x01';
    memcpy(buf + 1, s, n);
    return emb_key_hash(buf, n + 1);
}

/* Adjacent tokens whose join is keyed: content+content, particle+content
 * and content+particle (Al Khatib ~ Elkhatib, Abdol Lahpour ~ Abdollahpour). */
int emb_tokens_joinable(int a, int b)
{
    int ca = emb_token_is_content(a), cb = emb_token_is_content(b);
    return (ca && cb) || (ca && b == EMB_TOK_PARTICLE) || (a == EMB_TOK_PARTICLE && cb);
}

/* The join key of cat (cl letters: words joined) for name, in pairs and in
 * the join pairs jpairs; -1 when out of memory. */
static int push_join(emb_vec *pairs, emb_vec *jpairs, const char *cat, size_t cl, uint32_t name)
{
    char sk[2 * EMB_TOKLEN_MAX + 2];
    size_t sl = emb_token_skeleton(cat, cl, sk, sizeof sk);
    kp *p = emb_vec_push(pairs), *jp = emb_vec_push(jpairs);
    if (!p || !jp) return -1;
    p->h = jp->h = emb_key_hash(sk, sl);
    p->name = jp->name = name;
    return 0;
}

/* The keys of the run of initials starting at token k of pn (two or more),
 * and of the run with the word before it when that is short: the
 * skeleton of the letters joined, as a join's key. */
static int push_initials_run(emb_vec *pairs, emb_vec *jpairs, const emb_pname *pn, size_t k, uint32_t name)
{
    size_t r = k;
    while (r < pn->n && pn->t[r].cls == EMB_TOK_INITIAL) r++;
    if (r - k < 2) return 0;
    for (int with_word = 0; with_word < 2; with_word++) {
        char cat[2 * EMB_TOKLEN_MAX + 2];
        size_t cl = 0;
        if (with_word) {
            if (k == 0 || pn->t[k - 1].len > 3 || !emb_token_is_content(pn->t[k - 1].cls)) break;
            memcpy(cat, pn->t[k - 1].s, pn->t[k - 1].len);
            cl = pn->t[k - 1].len;
        }
        for (size_t j = k; j < r && cl < 2 * EMB_TOKLEN_MAX; j++) cat[cl++] = pn->t[j].s[0];
        if (push_join(pairs, jpairs, cat, cl, name)) return -1;
    }
    return 0;
}

typedef struct tokdict {
    emb_vec toks;     /* emb_token_rec */
    emb_vec pool;     /* char */
    uint32_t *hash;
    size_t hsize;
} tokdict;

static uint32_t pool_add(emb_vec *pool, const char *s, size_t n)
{
    if (emb_vec_reserve(pool, n + 1)) return UINT32_MAX;
    uint32_t off = (uint32_t)pool->len;
    memcpy((char *)pool->data + off, s, n);
    ((char *)pool->data)[off + n] = '\0';
    pool->len += n + 1;
    return off;
}

static int dict_grow(tokdict *d)
{
    size_t n = d->hsize ? d->hsize * 2 : 256;
    uint32_t *h = calloc(n, sizeof *h);
    if (!h) return -1;
    for (size_t i = 0; i < d->toks.len; i++) {
        const emb_token_rec *t = &EMB_VEC_AT(&d->toks, emb_token_rec, i);
        const char *s = (const char *)d->pool.data + t->str;
        size_t j = emb_hash(s, strlen(s)) & (n - 1);
        while (h[j]) j = (j + 1) & (n - 1);
        h[j] = (uint32_t)i + 1;
    }
    free(d->hash);
    d->hash = h;
    d->hsize = n;
    return 0;
}

static uint32_t dict_get(tokdict *d, const emb_ptok *t)
{
    if ((d->toks.len + 1) * 2 > d->hsize && dict_grow(d)) return UINT32_MAX;
    size_t j = emb_hash(t->s, t->len) & (d->hsize - 1);
    while (d->hash[j]) {
        const emb_token_rec *r = &EMB_VEC_AT(&d->toks, emb_token_rec, d->hash[j] - 1);
        const char *s = (const char *)d->pool.data + r->str;
        if (r->len == t->len && memcmp(s, t->s, t->len) == 0 && s[t->len] == '\0') return d->hash[j] - 1;
        j = (j + 1) & (d->hsize - 1);
    }
    emb_token_rec *r = emb_vec_push(&d->toks);
    if (!r) return UINT32_MAX;
    r->str = pool_add(&d->pool, t->s, t->len);
    r->skel = pool_add(&d->pool, t->sk, t->sklen);
    r->len = t->len;
    r->sklen = t->sklen;
    r->cls = t->cls;
    r->legal = t->legal;
    if (r->str == UINT32_MAX || r->skel == UINT32_MAX) return UINT32_MAX;
    d->hash[j] = (uint32_t)d->toks.len;
    return (uint32_t)d->toks.len - 1;
}

void emb_index_free_owned(struct embargo_db *db)
{
    if (db->map) return; /* arrays live in the mapping */
    emb_index *ix = &db->idx;
    free((void *)ix->tokpool);
    free((void *)ix->tokens);
    free((void *)ix->tok_hash);
    free((void *)ix->name_tok_begin);
    free((void *)ix->name_toks);
    free((void *)ix->keys);
    free((void *)ix->key_buckets);
    free((void *)ix->postings);
    free((void *)ix->strips);
    free((void *)ix->jpostings);
    free((void *)ix->sim_off);
    free((void *)ix->sims);
    free((void *)ix->card_off);
    free((void *)ix->cards);
    memset(ix, 0, sizeof *ix);
}

/* Of a listed person's name of ntok tokens, how many at the end are the
 * surname its list wrote before the comma (emb_surname_tokens). */
static uint8_t surname_tokens(const struct embargo_db *db, const emb_name_rec *nr, uint8_t ntok)
{
    if (db->ents[nr->entity].schema != EMBARGO_PERSON) return 0;
    return (uint8_t)emb_surname_tokens(emb_db_str(db, nr->norm), nr->nsur, ntok);
}

/* The cards (index.h): built last, when token weights are known. */
static int build_cards(const struct embargo_db *db, const uint32_t *begin, const uint32_t *ntoks,
                       const emb_token_rec *toks, const char *pool, emb_index *ix)
{
    size_t len = 0;
    for (size_t i = 0; i < db->n_names; i++) {
        len += sizeof(emb_card_head);
        for (uint32_t k = begin[i]; k < begin[i + 1]; k++) {
            const emb_token_rec *r = &toks[ntoks[k]];
            len += (sizeof(emb_card_tok) + r->len + r->sklen + 3u) & ~(size_t)3u;
        }
    }
    uint32_t *off = malloc((db->n_names + 1) * sizeof *off);
    unsigned char *cards = calloc(len ? len : 1, 1);
    if (!off || !cards || len > UINT32_MAX) { free(off); free(cards); return -1; }
    size_t o = 0;
    for (size_t i = 0; i < db->n_names; i++) {
        off[i] = (uint32_t)o;
        const emb_name_rec *nr = &db->names[i];
        const emb_entity_rec *e = &db->ents[nr->entity];
        uint8_t ntok = (uint8_t)(begin[i + 1] - begin[i]);
        emb_card_head h = {nr->entity, e->party, e->source, nr->kind, e->schema, ntok, surname_tokens(db, nr, ntok), {0}};
        memcpy(cards + o, &h, sizeof h);
        o += sizeof h;
        for (uint32_t k = begin[i]; k < begin[i + 1]; k++) {
            const emb_token_rec *r = &toks[ntoks[k]];
            uint8_t ghq = emb_ghq_flags(pool + r->str, r->len);
            emb_card_tok t = {ntoks[k], r->idf * emb_class_weight(r->cls), r->cls, (uint8_t)(r->legal | ghq << 6), r->len, r->sklen};
            memcpy(cards + o, &t, sizeof t);
            memcpy(cards + o + sizeof t, pool + r->str, r->len);
            memcpy(cards + o + sizeof t + r->len, pool + r->skel, r->sklen);
            o += emb_card_tok_size(&t);
        }
    }
    off[db->n_names] = (uint32_t)o;
    ix->card_off = off;
    ix->cards = cards;
    ix->cards_len = len;
    return 0;
}

/* A key gets a strip when its postings hold at least this many names and
 * this many names per token: there a query word's test of each token costs
 * less than a slot per name (bench/bench_speed measures it). */
#define STRIP_MIN_NAMES 8
#define STRIP_NAMES_PER_TOKEN 2

/* The strips (index.h) of keys[0..nkeys), looked up through their
 * buckets (key_bits); jp: the (join key, name) pairs of the names' joined
 * words. */
static int build_strips(emb_key_rec *keys, size_t nkeys, const uint32_t *buckets, unsigned key_bits,
                        const emb_token_rec *toks, size_t ntok, const char *pool, emb_vec *jp, emb_index *ix)
{
    emb_index view = {0}; /* the keys as emb_index_key reads them */
    view.keys = keys;
    view.n_keys = nkeys;
    view.key_buckets = buckets;
    view.key_bits = key_bits;
    emb_vec tp, out, jout;
    emb_vec_init(&tp, sizeof(kp));
    emb_vec_init(&out, 1);
    emb_vec_init(&jout, sizeof(uint32_t));
    uint32_t *tbeg = malloc((ntok + 1) * sizeof *tbeg), *tcnt = malloc((ntok + 1) * sizeof *tcnt);
    /* a token's letters and spelling hash, once (it is in a strip per key) */
    emb_letters *tlet = malloc((ntok + 1) * sizeof *tlet);
    uint32_t *tph = malloc((ntok + 1) * sizeof *tph);
    int rc = -1;
    if (!tbeg || !tcnt || !tlet || !tph) goto done;
    for (size_t t = 0; t < ntok; t++) {
        emb_letters_of(pool + toks[t].str, toks[t].len, &tlet[t]);
        tph[t] = emb_phonetic_hash(pool + toks[t].str, toks[t].len);
    }
    /* a token's names are those of its exact key (the names where it is keyed) */
    for (size_t t = 0; t < ntok; t++) {
        const emb_token_rec *r = &toks[t];
        const emb_key_rec *ek = emb_index_key(&view, emb_exact_key_hash(pool + r->str, r->len));
        tcnt[t] = ek ? ek->count : 0;
        tbeg[t] = ek ? ek->begin : 0;
        if (!ek) continue;
        uint64_t kh[EMB_TOKLEN_MAX + 2];
        size_t nk = emb_index_keys_for(pool + r->skel, r->sklen, r->len, kh, EMB_TOKLEN_MAX + 2);
        if (push_pairs(&tp, kh, nk, (uint32_t)t)) goto done;
        if (!emb_list_edit_keyed(r->cls, r->len)) continue;
        nk = emb_edit_keys(pool + r->str, r->len, kh, EMB_TOKLEN_MAX + 2);
        if (push_pairs(&tp, kh, nk, (uint32_t)t)) goto done;
    }
    if (kp_sort(tp.data, tp.len) || kp_sort(jp->data, jp->len)) goto done;
    const kp *ta = tp.data, *ja = jp->data;
    size_t ti = 0, ji = 0;
    for (size_t k = 0; k < nkeys; k++) {
        uint64_t h = keys[k].hash;
        while (ti < tp.len && ta[ti].h < h) ti++;
        while (ji < jp->len && ja[ji].h < h) ji++;
        size_t t0 = ti, j0 = ji, nt = 0, nj = 0;
        for (; ti < tp.len && ta[ti].h == h; ti++) nt += ti == t0 || ta[ti].name != ta[ti - 1].name;
        for (; ji < jp->len && ja[ji].h == h; ji++) nj += ji == j0 || ja[ji].name != ja[ji - 1].name;
        /* an edit key (emb_edit_keys) has no names of its own: always a strip */
        if (!nt || (keys[k].count && (keys[k].count < STRIP_MIN_NAMES || keys[k].count < STRIP_NAMES_PER_TOKEN * nt)))
            continue;
        if (out.len > UINT32_MAX - 4096) goto done;
        keys[k].strip = (uint32_t)out.len;
        keys[k].ntok = (uint32_t)(nt + (nj > 0));
        for (size_t i = t0; i < ti; i++) {
            if (i > t0 && ta[i].name == ta[i - 1].name) continue;
            const emb_token_rec *r = &toks[ta[i].name];
            emb_strip_tok st = {ta[i].name, tbeg[ta[i].name], tcnt[ta[i].name], r->len, r->sklen, r->cls, r->legal, {0}, 0};
            memcpy(st.letters, tlet[ta[i].name].level, sizeof st.letters);
            st.ph = tph[ta[i].name];
            size_t sz = emb_strip_tok_size(&st);
            if (emb_vec_reserve(&out, sz)) goto done;
            unsigned char *o = (unsigned char *)out.data + out.len;
            memset(o, 0, sz);
            memcpy(o, &st, sizeof st);
            memcpy(o + sizeof st, pool + r->str, r->len);
            memcpy(o + sizeof st + r->len, pool + r->skel, r->sklen);
            out.len += sz;
        }
        if (nj) {
            emb_strip_tok st = {UINT32_MAX, (uint32_t)jout.len, (uint32_t)nj, 0, 0, 0, 0, {0}, 0};
            if (emb_vec_reserve(&out, sizeof st) || emb_vec_reserve(&jout, nj)) goto done;
            memcpy((unsigned char *)out.data + out.len, &st, sizeof st);
            out.len += sizeof st;
            for (size_t i = j0; i < ji; i++)
                if (i == j0 || ja[i].name != ja[i - 1].name) *(uint32_t *)emb_vec_push(&jout) = ja[i].name;
        }
    }
    ix->strips = out.data;
    ix->strips_len = out.len;
    ix->jpostings = jout.data;
    ix->n_jpostings = jout.len;
    out.data = jout.data = NULL;
    rc = 0;
done:
    emb_vec_free(&tp);
    emb_vec_free(&out);
    emb_vec_free(&jout);
    free(tbeg);
    free(tlet);
    free(tph);
    free(tcnt);
    return rc;
}

int emb_index_build(struct embargo_db *db, struct embargo_error *err)
{
    emb_index *ix = &db->idx;
    tokdict d = {0};
    emb_vec_init(&d.toks, sizeof(emb_token_rec));
    emb_vec_init(&d.pool, 1);
    emb_vec ntoks, pairs, jpairs;
    emb_vec_init(&ntoks, sizeof(uint32_t));
    emb_vec_init(&pairs, sizeof(kp));
    emb_vec_init(&jpairs, sizeof(kp));
    uint32_t *begin = malloc((db->n_names + 1) * sizeof *begin);
    uint32_t *last_name = NULL;
    emb_key_rec *keys = NULL;
    uint32_t *postings = NULL, *buckets = NULL;
    int rc = EMBARGO_ENOMEM;
    if (!begin || pool_add(&d.pool, "", 0) == UINT32_MAX) goto fail;
    emb_pname pn;
    for (size_t i = 0; i < db->n_names; i++) {
        begin[i] = (uint32_t)ntoks.len;
        emb_prepare_as(emb_db_str(db, db->names[i].norm), emb_prep_kind((embargo_schema)db->ents[db->names[i].entity].schema), &pn);
        int any_content = 0;
        for (size_t k = 0; k < pn.n; k++) any_content |= emb_token_is_content(pn.t[k].cls);
        for (size_t k = 0; k < pn.n; k++) {
            uint32_t id = dict_get(&d, &pn.t[k]);
            if (id == UINT32_MAX) goto fail;
            uint32_t *slot = emb_vec_push(&ntoks);
            if (!slot) goto fail;
            *slot = id;
            /* joined with the next token; two particles too where they end
             * the name, on the list's side (AL-'ABD, Ahmad is found as Ahmad
             * Al'abd; ABU AL, BIN AL inside names would flood the keys of
             * words like ALSHEIKH with names) */
            if (k + 1 < pn.n && (emb_tokens_joinable(pn.t[k].cls, pn.t[k + 1].cls) ||
                                 (k + 2 == pn.n && pn.t[k].cls == EMB_TOK_PARTICLE && pn.t[k + 1].cls == EMB_TOK_PARTICLE))) {
                char cat[2 * EMB_TOKLEN_MAX + 2];
                memcpy(cat, pn.t[k].s, pn.t[k].len);
                memcpy(cat + pn.t[k].len, pn.t[k + 1].s, pn.t[k + 1].len);
                if (push_join(&pairs, &jpairs, cat, (size_t)pn.t[k].len + pn.t[k + 1].len, (uint32_t)i)) goto fail;
            }
            /* a run of initials (I.P.C., N.P.T.T.), with a short word before
             * it (AR.P.C.), spelled as one word: keyed like a join, since
             * the scorer matches it to the letters joined (IPC, ARPC) */
            if (pn.t[k].cls == EMB_TOK_INITIAL && (k == 0 || pn.t[k - 1].cls != EMB_TOK_INITIAL) &&
                push_initials_run(&pairs, &jpairs, &pn, k, (uint32_t)i))
                goto fail;
            if (any_content && !emb_token_is_content(pn.t[k].cls)) continue;
            uint64_t kh[EMB_TOKLEN_MAX + 3];
            size_t nk = emb_index_keys_for(pn.t[k].sk, pn.t[k].sklen, pn.t[k].len, kh, EMB_TOKLEN_MAX + 2);
            kh[nk++] = emb_exact_key_hash(pn.t[k].s, pn.t[k].len);
            if (push_pairs(&pairs, kh, nk, (uint32_t)i)) goto fail;
        }
    }
    begin[db->n_names] = (uint32_t)ntoks.len;
    /* the edit keys of the list's words: keys without names (their strips
     * lead to the words' names); name UINT32_MAX sorts after real ones */
    for (size_t t = 0; t < d.toks.len; t++) {
        const emb_token_rec *r = &EMB_VEC_AT(&d.toks, emb_token_rec, t);
        if (!emb_list_edit_keyed(r->cls, r->len)) continue;
        uint64_t kh[EMB_TOKLEN_MAX + 2];
        size_t nk = emb_edit_keys((const char *)d.pool.data + r->str, r->len, kh, EMB_TOKLEN_MAX + 2);
        if (push_pairs(&pairs, kh, nk, UINT32_MAX)) goto fail;
    }
    /* document frequency: names containing the token (once per name) */
    last_name = malloc((d.toks.len + 1) * sizeof *last_name);
    if (!last_name) goto fail;
    memset(last_name, 0xff, (d.toks.len + 1) * sizeof *last_name);
    for (size_t i = 0; i < db->n_names; i++)
        for (uint32_t k = begin[i]; k < begin[i + 1]; k++) {
            uint32_t id = EMB_VEC_AT(&ntoks, uint32_t, k);
            if (last_name[id] == i) continue;
            last_name[id] = (uint32_t)i;
            EMB_VEC_AT(&d.toks, emb_token_rec, id).df++;
        }
    double N = (double)db->n_names + 1.0;
    float maxidf = 0;
    for (size_t t = 0; t < d.toks.len; t++) {
        emb_token_rec *r = &EMB_VEC_AT(&d.toks, emb_token_rec, t);
        r->idf = (float)log(N / ((double)r->df + 0.5));
        if (r->idf < 0.5f) r->idf = 0.5f;
        if (r->idf > maxidf) maxidf = r->idf;
    }
    ix->max_idf = maxidf;
    /* a token the lists never use weighs like one used twice */
    ix->default_idf = (float)log(N / 2.5);
    ix->n_docs = (uint32_t)db->n_names;
    /* postings */
    kp_sort(pairs.data, pairs.len);
    size_t np = 0, nkeys = 0;
    kp *pa = pairs.data;
    postings = malloc((pairs.len + 1) * sizeof *postings);
    keys = malloc((pairs.len + 1) * sizeof *keys);
    /* about 4 keys per bucket, so the binary search after it is short */
    unsigned bits = 1;
    while (bits < 24 && ((size_t)1 << (bits + 2)) < pairs.len) bits++;
    size_t nb = (size_t)1 << bits;
    buckets = malloc((nb + 1) * sizeof *buckets);
    if (!postings || !keys || !buckets) goto fail;
    for (size_t i = 0; i < pairs.len; i++) {
        if (i == 0 || pa[i].h != pa[i - 1].h) {
            keys[nkeys].hash = pa[i].h;
            keys[nkeys].begin = (uint32_t)np;
            keys[nkeys].count = 0;
            keys[nkeys].strip = 0;
            keys[nkeys].ntok = 0;
            nkeys++;
        } else if (pa[i].name == pa[i - 1].name) {
            continue;
        }
        if (pa[i].name == UINT32_MAX) continue; /* an edit key: no names */
        postings[np++] = pa[i].name;
        keys[nkeys - 1].count++;
    }
    size_t b = 0;
    for (size_t k = 0; k < nkeys; k++) {
        size_t top = (size_t)(keys[k].hash >> (64 - bits));
        while (b <= top) buckets[b++] = (uint32_t)k;
    }
    while (b <= nb) buckets[b++] = (uint32_t)nkeys;
    ix->key_bits = bits;
    /* the pairs are in postings and keys now; keys was sized for a key per
     * pair (the build's peak of memory is in the strips, below) */
    emb_vec_free(&pairs);
    {
        emb_key_rec *k = realloc(keys, (nkeys + 1) * sizeof *keys);
        if (k) keys = k;
        uint32_t *p = realloc(postings, (np + 1) * sizeof *postings);
        if (p) postings = p;
    }
    if (build_cards(db, begin, ntoks.data, d.toks.data, d.pool.data, ix)) goto fail;
    if (build_strips(keys, nkeys, buckets, bits, d.toks.data, d.toks.len, d.pool.data, &jpairs, ix)) goto fail;
    /* token hash for query lookups */
    ix->tok_hash = d.hash;
    ix->tok_hash_size = d.hsize;
    d.hash = NULL;
    ix->tokens = d.toks.data;
    ix->n_tokens = d.toks.len;
    ix->tokpool = d.pool.data;
    ix->tokpool_len = d.pool.len;
    ix->name_tok_begin = begin;
    ix->name_toks = ntoks.data;
    ix->n_name_toks = ntoks.len;
    ix->keys = keys;
    ix->n_keys = nkeys;
    ix->key_buckets = buckets;
    ix->postings = postings;
    ix->n_postings = np;
    emb_vec_free(&pairs);
    emb_vec_free(&jpairs);
    free(last_name);
    /* the index owns every array now (emb_index_free_owned frees them) */
    if (emb_index_build_sims(ix)) return emb_error_set(err, EMBARGO_ENOMEM, NULL, 0, NULL, "out of memory while building the index");
    return 0;
fail:
    free(d.hash);
    emb_vec_free(&d.toks);
    emb_vec_free(&d.pool);
    emb_vec_free(&ntoks);
    emb_vec_free(&pairs);
    emb_vec_free(&jpairs);
    free(begin);
    free(last_name);
    free(keys);
    free(postings);
    free(buckets);
    return emb_error_set(err, rc, NULL, 0, NULL, "out of memory while building the index");
}

/* The token id of tok[0..n) from its hash slot j on (open addressing). */
static uint32_t token_from(const emb_index *ix, size_t j, const char *tok, size_t n)
{
    while (ix->tok_hash[j]) {
        const emb_token_rec *r = &ix->tokens[ix->tok_hash[j] - 1];
        const char *s = ix->tokpool + r->str;
        if (r->len == n && memcmp(s, tok, n) == 0) return ix->tok_hash[j] - 1;
        j = (j + 1) & (ix->tok_hash_size - 1);
    }
    return UINT32_MAX;
}

uint32_t emb_index_token(const emb_index *ix, const char *tok, size_t n)
{
    if (!ix->tok_hash_size) return UINT32_MAX;
    return token_from(ix, emb_hash(tok, n) & (ix->tok_hash_size - 1), tok, n);
}

void emb_index_tokens_resolve(const emb_index *ix, emb_ptok *t, size_t n)
{
    size_t slot[EMB_TOK_MAX];
    if (!ix->tok_hash_size || n > EMB_TOK_MAX) {
        for (size_t i = 0; i < n; i++) t[i].id = emb_index_token(ix, t[i].s, t[i].len);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        slot[i] = emb_hash(t[i].s, t[i].len) & (ix->tok_hash_size - 1);
        __builtin_prefetch(&ix->tok_hash[slot[i]]);
    }
    for (size_t i = 0; i < n; i++)
        if (ix->tok_hash[slot[i]]) __builtin_prefetch(&ix->tokens[ix->tok_hash[slot[i]] - 1]);
    for (size_t i = 0; i < n; i++)
        if (ix->tok_hash[slot[i]]) __builtin_prefetch(ix->tokpool + ix->tokens[ix->tok_hash[slot[i]] - 1].str);
    for (size_t i = 0; i < n; i++) t[i].id = token_from(ix, slot[i], t[i].s, t[i].len);
}

const emb_key_rec *emb_index_key(const emb_index *ix, uint64_t hash)
{
    if (!ix->n_keys) return NULL;
    size_t top = (size_t)(hash >> (64 - ix->key_bits));
    size_t lo = ix->key_buckets[top], hi = ix->key_buckets[top + 1];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (ix->keys[mid].hash < hash) lo = mid + 1;
        else hi = mid;
    }
    return lo < ix->n_keys && ix->keys[lo].hash == hash ? &ix->keys[lo] : NULL;
}

void emb_index_keys_resolve(const emb_index *ix, const uint64_t *hash, size_t n, const emb_key_rec **out)
{
    if (!ix->n_keys) {
        for (size_t i = 0; i < n; i++) out[i] = NULL;
        return;
    }
    unsigned shift = 64 - ix->key_bits;
    for (size_t i = 0; i < n; i++) __builtin_prefetch(&ix->key_buckets[hash[i] >> shift]);
    for (size_t i = 0; i < n; i++) __builtin_prefetch(&ix->keys[ix->key_buckets[hash[i] >> shift]]);
    for (size_t i = 0; i < n; i++) {
        const emb_key_rec *k = out[i] = emb_index_key(ix, hash[i]);
        if (!k) continue;
        const uint32_t *p = ix->postings + k->begin;
        __builtin_prefetch(p);
        if (k->count > 16) __builtin_prefetch(p + 16);
        if (k->ntok) __builtin_prefetch(ix->strips + k->strip);
    }
}

