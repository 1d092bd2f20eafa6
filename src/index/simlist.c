/* simlist.c - the similar lists of the list's own words (index.h).
 *
 * A query word's fuzzy key with a strip walks only the names of the strip's
 * tokens that the scorer calls similar to the word (screen.c,
 * lookup_fuzzy_key); judging the strip is most of a query's cost.  For a
 * word the lists use, the judgement is the same in every query: the index
 * holds it.  Per token: the count of its keys, then per key its hash, the
 * offset of its records (from the token's first word) and their count,
 * then the records: the similar strip records (token id, where its names
 * are), in strip order. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "index/index.h"
#include "match/score.h"
#include "util/vec.h"

size_t emb_ghq_other(const emb_ptok *t, char *out)
{
    const char *s = t->s;
    size_t n = t->len;
    if (t->ghq & EMB_HAS_GH) return emb_gh_to_q(s, n, out);
    if (!(t->ghq & EMB_HAS_Q)) return 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == 'q') { out[k++] = 'g'; out[k++] = 'h'; }
        else out[k++] = s[i];
    }
    out[k] = '\0';
    return k;
}

int emb_strip_similar(const emb_ptok *q, const emb_letters *ql, uint32_t qph, const emb_strip_tok *st, const char *s)
{
    emb_letters sl;
    memcpy(sl.level, st->letters, sizeof sl.level);
    return !emb_token_sim_ruled_out(q->s, q->len, q->sk, q->sklen, q->cls, ql, qph, q->ghq, s, st->len, s + st->len,
                                    st->sklen, st->cls, &sl, st->ph) &&
           emb_token_sim(q->s, q->len, q->sk, q->sklen, q->cls, s, st->len, s + st->len, st->sklen, st->cls) > 0.0f;
}

size_t emb_memo_keys(const emb_ptok *t, uint32_t df, int ghq, uint64_t *out, size_t cap, size_t *ghq_at)
{
    *ghq_at = SIZE_MAX;
    if (cap < EMB_TOKLEN_MAX + 3) return 0;
    /* one-edit keys of a three-letter skeleton are two letters long and
     * reach thousands of names: only for a word the lists do not know (a typo) */
    size_t nk = emb_index_keys_for(t->sk, t->sklen, t->id == UINT32_MAX ? t->len : 0, out, cap - 1);
    /* a word the lists use often is spelled as the lists spell it: its
     * one-edit variants would only bring thousands of look-alikes */
    if (t->id != UINT32_MAX && df >= EMB_DF_COMMON && nk > 1) nk = 1;
    /* gh and q spell one letter (emb_token_sim): the skeleton of the
     * other spelling, a fuzzy key like the skeleton's */
    char x[2 * EMB_TOKLEN_MAX + 2], xs[2 * EMB_TOKLEN_MAX + 2];
    size_t xl = ghq ? emb_ghq_other(t, x) : 0;
    if (xl) {
        size_t xsl = emb_token_skeleton(x, xl, xs, sizeof xs);
        uint64_t h = emb_key_hash(xs, xsl);
        if (!nk || h != out[0]) {
            *ghq_at = nk;
            out[nk++] = h;
        }
    }
    return nk;
}

/* Token t of ix as a query word spells it. */
static void query_word(const emb_index *ix, uint32_t t, emb_ptok *q)
{
    const emb_token_rec *r = &ix->tokens[t];
    memset(q, 0, sizeof *q);
    memcpy(q->s, ix->tokpool + r->str, r->len);
    memcpy(q->sk, ix->tokpool + r->skel, r->sklen);
    q->len = r->len;
    q->sklen = r->sklen;
    q->cls = r->cls;
    q->legal = r->legal;
    q->ghq = emb_ghq_flags(q->s, q->len);
    q->id = t;
}

/* The entries of tokens [from, to) into out. */
static int build_range(const emb_index *ix, uint32_t from, uint32_t to, emb_vec *out, uint32_t *off)
{
    for (uint32_t t = from; t < to; t++) {
        off[t - from] = (uint32_t)out->len;
        emb_ptok q;
        query_word(ix, t, &q);
        uint64_t kh[EMB_TOKLEN_MAX + 3];
        size_t ghq_at, nk = emb_memo_keys(&q, ix->tokens[t].df, 1, kh, EMB_TOKLEN_MAX + 3, &ghq_at);
        const emb_key_rec *kr[EMB_TOKLEN_MAX + 3];
        size_t m = 0;
        for (size_t k = 0; k < nk; k++) {
            kr[m] = emb_index_key(ix, kh[k]);
            if (kr[m] && kr[m]->ntok) m++;
        }
        if (!m) continue; /* no key with a strip: an empty entry (off[t + 1] == off[t]) */
        emb_letters ql;
        emb_letters_of(q.s, q.len, &ql);
        uint32_t qph = q.sklen < 4 ? emb_phonetic_hash(q.s, q.len) : 0;
        size_t head = out->len;
        if (emb_vec_reserve(out, 1 + 4 * m)) return -1;
        uint32_t *w = out->data;
        w[head] = (uint32_t)m;
        out->len += 1 + 4 * m;
        for (size_t k = 0; k < m; k++) {
            const emb_key_rec *key = kr[k];
            uint32_t *h = (uint32_t *)out->data + head + 1 + 4 * k;
            h[0] = (uint32_t)key->hash;
            h[1] = (uint32_t)(key->hash >> 32);
            h[2] = (uint32_t)(out->len - head);
            h[3] = 0;
            uint32_t n = 0, o = key->strip;
            for (uint32_t r = 0; r < key->ntok; r++) {
                const unsigned char *p = ix->strips + o;
                emb_strip_tok st;
                memcpy(&st, p, sizeof st);
                o += (uint32_t)emb_strip_tok_size(&st);
                if (st.id == t) continue; /* the word itself: its names come with its own key */
                if (st.id != UINT32_MAX && !emb_strip_similar(&q, &ql, qph, &st, (const char *)p + sizeof st)) continue;
                if (emb_vec_reserve(out, 3)) return -1;
                uint32_t *rec = (uint32_t *)out->data + out->len;
                rec[0] = st.id;
                rec[1] = st.begin;
                rec[2] = st.count;
                out->len += 3;
                n++;
            }
            ((uint32_t *)out->data)[head + 1 + 4 * k + 3] = n;
        }
    }
    return 0;
}

typedef struct sim_job {
    const emb_index *ix;
    uint32_t from, to;
    emb_vec out;
    uint32_t *off;
    int rc;
} sim_job;

static void *sim_worker(void *arg)
{
    sim_job *j = arg;
    j->rc = build_range(j->ix, j->from, j->to, &j->out, j->off);
    return NULL;
}

int emb_index_build_sims(emb_index *ix)
{
    size_t nt = ix->n_tokens;
    uint32_t *off = malloc((nt + 1) * sizeof *off);
    if (!off) return -1;
    long nc = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nj = nc > 1 ? (size_t)nc : 1;
    if (nj > 8) nj = 8;
    if (nt < 4096) nj = 1;
    sim_job jobs[8];
    pthread_t tid[8];
    int started[8] = {0};
    for (size_t i = 0; i < nj; i++) {
        jobs[i] = (sim_job){ix, (uint32_t)(nt * i / nj), (uint32_t)(nt * (i + 1) / nj), {0}, off + nt * i / nj, 0};
        emb_vec_init(&jobs[i].out, sizeof(uint32_t));
    }
    for (size_t i = 1; i < nj; i++) started[i] = pthread_create(&tid[i], NULL, sim_worker, &jobs[i]) == 0;
    sim_worker(&jobs[0]);
    for (size_t i = 1; i < nj; i++) {
        if (started[i]) pthread_join(tid[i], NULL);
        else sim_worker(&jobs[i]); /* no thread: here */
    }
    int rc = 0;
    size_t total = 0;
    for (size_t i = 0; i < nj; i++) {
        rc |= jobs[i].rc;
        total += jobs[i].out.len;
    }
    uint32_t *all = rc || total >= UINT32_MAX ? NULL : malloc((total + 1) * sizeof *all);
    if (all) {
        size_t at = 0;
        for (size_t i = 0; i < nj; i++) {
            for (uint32_t t = jobs[i].from; t < jobs[i].to; t++) off[t] += (uint32_t)at;
            if (jobs[i].out.len) memcpy(all + at, jobs[i].out.data, jobs[i].out.len * sizeof *all);
            at += jobs[i].out.len;
        }
        off[nt] = (uint32_t)at;
    }
    for (size_t i = 0; i < nj; i++) emb_vec_free(&jobs[i].out);
    if (!all) {
        free(off);
        return -1;
    }
    ix->sim_off = off;
    ix->sims = all;
    ix->n_sims = total;
    return 0;
}

int emb_index_sims(const emb_index *ix, uint32_t tok, uint64_t key, const emb_sim_rec **rec, uint32_t *n)
{
    if (!ix->sim_off || tok >= ix->n_tokens) return 0;
    uint32_t b = ix->sim_off[tok];
    if (b == ix->sim_off[tok + 1]) return 0;
    const uint32_t *e = ix->sims + b;
    uint32_t lo = (uint32_t)key, hi = (uint32_t)(key >> 32);
    for (uint32_t k = 0; k < e[0]; k++) {
        const uint32_t *h = e + 1 + 4 * k;
        if (h[0] != lo || h[1] != hi) continue;
        *rec = (const emb_sim_rec *)(e + h[2]);
        *n = h[3];
        return 1;
    }
    return 0;
}
