/* indexfile.c - index files: a db written as one immutable, versioned,
 * checksummed file that is mmap'd back on open (`embargo build`, --index,
 * the cached index of the shipped lists).
 *
 * Layout (host byte order; the header records the byte order and the record
 * sizes, and a file of another layout is refused):
 *
 *   header (96 bytes) | section table (N x 32 bytes) | sections, 8-byte aligned
 *
 * The records are stored exactly as they are in memory (model.h, index.h),
 * so opening is mmap + validation: nothing is parsed or copied except the
 * small source metadata.  The checksum covers everything after the header;
 * the header itself is checked field by field.  Never trust the bytes: every
 * offset, range and id is checked against the arrays it points into before
 * the db is handed out, so a corrupt, truncated or foreign file gives
 * EMBARGO_ECORRUPT with a message, never a crash.
 *
 * The index depends on the token rules (match/tokens.c: classes, skeletons,
 * key derivation): an index built by a binary with other rules would give
 * other candidates.  The header holds a fingerprint of those rules, computed
 * by running them on probe names, and a file with another fingerprint is
 * refused (the cache then rebuilds it). */
#include "index/indexfile.h"
#include "match/tokens.h"
#include "model/db.h"
#include "util/error.h"
#include "util/file.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define IDX_MAGIC "EMBARGO\0IDX\0"
#define IDX_VERSION 6u
#define IDX_BYTE_ORDER 0x01020304u
/* Bump when something the fingerprint cannot see changes the index contents
 * (e.g. the normalizer, which writes names[].norm). */
#define IDX_RULES_EPOCH 21u /* bump when the normalizer or the index layout changes */

enum {
    SEC_POOL = 1, SEC_ENTS, SEC_NAMES, SEC_ATTRS, SEC_SOURCES, SEC_TOKPOOL, SEC_TOKENS,
    SEC_TOK_HASH, SEC_NAME_TOK_BEGIN, SEC_NAME_TOKS, SEC_KEYS, SEC_KEY_BUCKETS, SEC_POSTINGS,
    SEC_CARD_OFF, SEC_CARDS, SEC_STRIPS, SEC_JPOSTINGS, SEC_SIM_OFF, SEC_SIMS, SEC_SCALARS, SEC_COUNT = SEC_SCALARS
};

static const char *const sec_names[SEC_COUNT + 1] = {
    "", "string pool", "entities", "names", "attributes", "sources", "token pool", "tokens",
    "token hash", "name token offsets", "name tokens", "keys", "key buckets", "postings", "card offsets", "cards",
    "strips", "join postings", "similar list offsets", "similar lists", "scalars"};

typedef struct idx_header {
    char magic[12];
    uint32_t version;
    uint64_t total_size;
    uint64_t checksum;        /* of bytes [sizeof header, total_size) */
    uint64_t rules;           /* fingerprint of the token rules */
    uint32_t byte_order;
    uint32_t n_sections;
    uint16_t rec_size[6];     /* entity, name, attr, token, key, scalars */
    uint32_t reserved0;
    uint64_t reserved[4];
} idx_header;

typedef struct idx_section {
    uint32_t id;
    uint32_t reserved;
    uint64_t offset, length, count;
} idx_section;

typedef struct idx_scalars {
    float max_idf;
    float default_idf;
    uint32_t n_docs;
    uint32_t key_bits;
} idx_scalars;

_Static_assert(sizeof(idx_header) == 96, "header layout");
_Static_assert(sizeof(idx_section) == 32, "section layout");

/* ---- checksum ----
 * Four independent multiply-xor lanes over 8-byte words: each step is a
 * bijection of both the lane and the word, so any single-word change always
 * changes the result, and four lanes keep the multiplier busy (several GB/s:
 * opening the shipped index checks ~30 MB in a few milliseconds).  Not
 * cryptographic: it finds corruption, not tampering. */

#define CK_P 0x9E3779B97F4A7C15ULL

typedef struct ckhash {
    uint64_t l[4];
    unsigned char buf[32];
    size_t nbuf;
    uint64_t total;
} ckhash;

static uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static void ck_init(ckhash *h)
{
    h->l[0] = 0x243F6A8885A308D3ULL;
    h->l[1] = 0x13198A2E03707344ULL;
    h->l[2] = 0xA4093822299F31D0ULL;
    h->l[3] = 0x082EFA98EC4E6C89ULL;
    h->nbuf = 0;
    h->total = 0;
}

static void ck_blocks(uint64_t *l, const unsigned char *p, size_t nblocks)
{
    uint64_t a = l[0], b = l[1], c = l[2], d = l[3];
    for (size_t i = 0; i < nblocks; i++, p += 32) {
        uint64_t w[4];
        memcpy(w, p, 32);
        a = rotl64(a ^ w[0], 29) * CK_P;
        b = rotl64(b ^ w[1], 29) * CK_P;
        c = rotl64(c ^ w[2], 29) * CK_P;
        d = rotl64(d ^ w[3], 29) * CK_P;
    }
    l[0] = a; l[1] = b; l[2] = c; l[3] = d;
}

static void ck_update(ckhash *h, const void *data, size_t n)
{
    const unsigned char *p = data;
    h->total += n;
    if (h->nbuf) {
        size_t take = 32 - h->nbuf < n ? 32 - h->nbuf : n;
        memcpy(h->buf + h->nbuf, p, take);
        h->nbuf += take;
        p += take;
        n -= take;
        if (h->nbuf < 32) return;
        ck_blocks(h->l, h->buf, 1);
        h->nbuf = 0;
    }
    ck_blocks(h->l, p, n / 32);
    p += n / 32 * 32;
    n %= 32;
    memcpy(h->buf, p, n);
    h->nbuf = n;
}

static uint64_t ck_final(ckhash *h)
{
    /* the tail, zero-padded to a block; the length is mixed in below */
    if (h->nbuf) {
        memset(h->buf + h->nbuf, 0, 32 - h->nbuf);
        ck_blocks(h->l, h->buf, 1);
    }
    uint64_t x = h->l[0] ^ rotl64(h->l[1], 17) ^ rotl64(h->l[2], 31) ^ rotl64(h->l[3], 47) ^ h->total;
    x ^= x >> 33; x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static uint64_t ck_hash(const void *data, size_t n)
{
    ckhash h;
    ck_init(&h);
    ck_update(&h, data, n);
    return ck_final(&h);
}

/* ---- the token rules fingerprint ---- */

static void fp_mix(uint64_t *h, const void *data, size_t n)
{
    const unsigned char *s = data;
    for (size_t i = 0; i < n; i++) { *h ^= s[i]; *h *= 1099511628211ULL; }
}

uint64_t emb_index_rules_fingerprint(void)
{
    /* names chosen to exercise titles, particles, legal forms, stopwords,
     * patronymics, initials, numbers, abbreviations and the skeleton rules */
    static const char *const probes[] = {
        "mr dmitriy aleksandrovich pantus", "al qaida in the arabian peninsula",
        "joint stock company rosoboronexport", "abu bakr al baghdadi", "kim jong un",
        "ooo limited liability company gazprom neft", "mohammed reza naserzadeh", "nasir zadeh ali",
        "ibn abdul aziz", "van der berg holding gmbh", "j r r tolkien", "trading company 777 of the east",
        "yevgeniy khodorkovskiy", "zhukova dzhokhar yurievna", "mammad oglu", "phillips and wu ltd",
        "qasim xu kuznetsoff", "mohd abd muhammad", "sheikh dr ahmed", "bank melli iran plc",
        "yuliya ekaterina kyzy", "o'brien mcdonald", "issa nasr", "x", "",
    };
    uint64_t h = 1469598103934665603ULL;
    uint32_t consts[] = {IDX_RULES_EPOCH, EMB_TOK_MAX, EMB_TOKLEN_MAX};
    fp_mix(&h, consts, sizeof consts);
    for (int c = 0; c < 8; c++) {
        float w = emb_class_weight(c);
        uint32_t wb;
        memcpy(&wb, &w, sizeof wb);
        fp_mix(&h, &wb, sizeof wb);
    }
    uint64_t kh = emb_key_hash("embargo", 7);
    fp_mix(&h, &kh, sizeof kh);
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
        emb_pname pn;
        emb_prepare(probes[i], &pn);
        uint32_t n = (uint32_t)pn.n;
        fp_mix(&h, &n, sizeof n);
        for (size_t k = 0; k < pn.n; k++) {
            const emb_ptok *t = &pn.t[k];
            fp_mix(&h, t->s, t->len);
            fp_mix(&h, "|", 1);
            fp_mix(&h, t->sk, t->sklen);
            unsigned char meta[3] = {t->cls, (unsigned char)emb_token_is_content(t->cls), t->legal};
            fp_mix(&h, meta, 3);
            uint64_t keys[EMB_TOKLEN_MAX + 2];
            size_t nk = emb_index_keys_for(t->sk, t->sklen, t->len, keys, EMB_TOKLEN_MAX + 2);
            fp_mix(&h, keys, nk * sizeof keys[0]);
        }
    }
    return h;
}

/* ---- source metadata (variable-length, serialized) ---- */

typedef struct blob { unsigned char *p; size_t len, cap; int oom; } blob;

static void blob_put(blob *b, const void *data, size_t n)
{
    if (b->oom) return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1024;
        while (cap < b->len + n) cap *= 2;
        unsigned char *p = realloc(b->p, cap);
        if (!p) { b->oom = 1; return; }
        b->p = p;
        b->cap = cap;
    }
    if (n) memcpy(b->p + b->len, data, n);
    b->len += n;
}

static void blob_u32(blob *b, uint32_t v) { blob_put(b, &v, 4); }
static void blob_u64(blob *b, uint64_t v) { blob_put(b, &v, 8); }
static void blob_str(blob *b, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n > UINT32_MAX) n = UINT32_MAX;
    blob_u32(b, (uint32_t)n);
    blob_put(b, s, n);
}

static int sources_serialize(const embargo_db *db, blob *b)
{
    blob_u32(b, (uint32_t)db->n_sources);
    for (size_t i = 0; i < db->n_sources; i++) {
        const emb_source_meta *m = &db->sources[i];
        blob_str(b, m->id);
        blob_str(b, m->format);
        blob_str(b, m->as_of);
        blob_u64(b, m->records);
        blob_u64(b, m->skipped);
        blob_u32(b, (uint32_t)m->n_files);
        for (size_t k = 0; k < m->n_files; k++) { blob_str(b, m->paths[k]); blob_str(b, m->sha256[k]); }
        blob_u32(b, (uint32_t)m->n_skips);
        for (size_t k = 0; k < m->n_skips; k++) { blob_str(b, m->skip_reasons[k]); blob_u64(b, m->skip_counts[k]); }
        blob_u32(b, (uint32_t)m->n_unlinked);
        for (size_t k = 0; k < m->n_unlinked; k++) { blob_str(b, m->unlinked_reasons[k]); blob_u64(b, m->unlinked_counts[k]); }
    }
    return b->oom ? EMBARGO_ENOMEM : 0;
}

typedef struct reader { const unsigned char *p, *end; int bad; } reader;

static uint32_t rd_u32(reader *r)
{
    uint32_t v = 0;
    if ((size_t)(r->end - r->p) < 4) { r->bad = 1; return 0; }
    memcpy(&v, r->p, 4);
    r->p += 4;
    return v;
}

static uint64_t rd_u64(reader *r)
{
    uint64_t v = 0;
    if ((size_t)(r->end - r->p) < 8) { r->bad = 1; return 0; }
    memcpy(&v, r->p, 8);
    r->p += 8;
    return v;
}

/* A malloc'd copy of the next string; NULL (r->bad set) when out of bounds. */
static char *rd_str(reader *r)
{
    uint32_t n = rd_u32(r);
    if (r->bad || (size_t)(r->end - r->p) < n) { r->bad = 1; return NULL; }
    char *s = emb_strndup((const char *)r->p, n);
    if (!s) { r->bad = 2; return NULL; }
    r->p += n;
    return s;
}

/* An element count that the remaining bytes can hold (each element takes at
 * least `min_size` bytes), so a corrupt count never drives a huge allocation. */
static size_t rd_count(reader *r, size_t min_size)
{
    uint32_t n = rd_u32(r);
    if (r->bad || n > (size_t)(r->end - r->p) / min_size) { r->bad = 1; return 0; }
    return n;
}

static int read_reasons(reader *r, size_t *n_out, char ***reasons, size_t **counts)
{
    size_t n = rd_count(r, 12);
    *reasons = calloc(n + 1, sizeof **reasons);
    *counts = calloc(n + 1, sizeof **counts);
    if (!*reasons || !*counts) { r->bad = 2; return -1; }
    for (size_t k = 0; k < n && !r->bad; k++) {
        (*reasons)[k] = rd_str(r);
        (*counts)[k] = (size_t)rd_u64(r);
        *n_out = k + 1;
    }
    return r->bad ? -1 : 0;
}

/* Deserializes into db->sources (heap, freed by embargo_db_free).  Returns 0,
 * 1 if the bytes are malformed, or -1 when out of memory. */
static int sources_read(embargo_db *db, const unsigned char *p, size_t len)
{
    reader r = {p, p + len, 0};
    size_t n = rd_count(&r, 48);
    db->sources = calloc(n + 1, sizeof *db->sources);
    if (!db->sources) return -1;
    for (size_t i = 0; i < n && !r.bad; i++) {
        emb_source_meta *m = &db->sources[i];
        db->n_sources = i + 1;
        m->id = rd_str(&r);
        m->format = rd_str(&r);
        m->as_of = rd_str(&r);
        m->records = (size_t)rd_u64(&r);
        m->skipped = (size_t)rd_u64(&r);
        size_t nf = rd_count(&r, 8);
        m->paths = calloc(nf + 1, sizeof *m->paths);
        m->sha256 = calloc(nf + 1, sizeof *m->sha256);
        if (!m->paths || !m->sha256) { r.bad = 2; break; }
        for (size_t k = 0; k < nf && !r.bad; k++) {
            m->paths[k] = rd_str(&r);
            m->sha256[k] = rd_str(&r);
            m->n_files = k + 1;
        }
        if (r.bad) break;
        if (read_reasons(&r, &m->n_skips, &m->skip_reasons, &m->skip_counts)) break;
        if (read_reasons(&r, &m->n_unlinked, &m->unlinked_reasons, &m->unlinked_counts)) break;
        if (!m->id || !*m->id) r.bad = 1;
    }
    /* a half-read entry may hold NULL strings: keep them valid for readers */
    for (size_t i = 0; i < db->n_sources; i++) {
        emb_source_meta *m = &db->sources[i];
        if (!m->id) m->id = strdup("");
        if (!m->format) m->format = strdup("");
        if (!m->as_of) m->as_of = strdup("");
    }
    if (r.bad == 2) return -1;
    if (r.bad || r.p != r.end) return 1;
    return 0;
}

/* ---- writing ---- */

typedef struct sec_out { uint32_t id; const void *data; size_t length, count; } sec_out;

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

static int write_all(int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n) {
        ssize_t w = write(fd, p, n > (1u << 30) ? (1u << 30) : n);
        if (w < 0) { if (errno == EINTR) continue; return -1; }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Writes and checksums through a buffer. */
typedef struct out { int fd; ckhash ck; unsigned char buf[1 << 16]; size_t n; int failed; } out;

static void out_flush(out *o)
{
    if (o->n && !o->failed && write_all(o->fd, o->buf, o->n)) o->failed = errno ? errno : EIO;
    o->n = 0;
}

static void out_put(out *o, const void *data, size_t n)
{
    ck_update(&o->ck, data, n);
    const unsigned char *p = data;
    if (n >= sizeof o->buf) {
        out_flush(o);
        if (!o->failed && write_all(o->fd, p, n)) o->failed = errno ? errno : EIO;
        return;
    }
    if (o->n + n > sizeof o->buf) out_flush(o);
    memcpy(o->buf + o->n, p, n);
    o->n += n;
}

static void out_pad(out *o, size_t n)
{
    static const unsigned char zeros[8];
    out_put(o, zeros, n);
}

int embargo_db_save(const embargo_db *db, const char *path, embargo_error *err)
{
    if (!db || !path || !*path) return emb_error_set(err, EMBARGO_EUSAGE, path, 0, NULL, "a db and a file name are needed");
    const emb_index *ix = &db->idx;
    blob src = {0};
    if (sources_serialize(db, &src)) { free(src.p); return emb_error_set(err, EMBARGO_ENOMEM, path, 0, NULL, "out of memory"); }
    idx_scalars sc = {ix->max_idf, ix->default_idf, ix->n_docs, ix->key_bits};
    size_t n_buckets = ix->key_bits ? ((size_t)1 << ix->key_bits) + 1 : 0;
    sec_out secs[SEC_COUNT] = {
        {SEC_POOL, db->pool, db->pool_len, db->pool_len},
        {SEC_ENTS, db->ents, db->n_ents * sizeof *db->ents, db->n_ents},
        {SEC_NAMES, db->names, db->n_names * sizeof *db->names, db->n_names},
        {SEC_ATTRS, db->attrs, db->n_attrs * sizeof *db->attrs, db->n_attrs},
        {SEC_SOURCES, src.p, src.len, db->n_sources},
        {SEC_TOKPOOL, ix->tokpool, ix->tokpool_len, ix->tokpool_len},
        {SEC_TOKENS, ix->tokens, ix->n_tokens * sizeof *ix->tokens, ix->n_tokens},
        {SEC_TOK_HASH, ix->tok_hash, ix->tok_hash_size * sizeof *ix->tok_hash, ix->tok_hash_size},
        {SEC_NAME_TOK_BEGIN, ix->name_tok_begin, (db->n_names + 1) * sizeof *ix->name_tok_begin, db->n_names + 1},
        {SEC_NAME_TOKS, ix->name_toks, ix->n_name_toks * sizeof *ix->name_toks, ix->n_name_toks},
        {SEC_KEYS, ix->keys, ix->n_keys * sizeof *ix->keys, ix->n_keys},
        {SEC_KEY_BUCKETS, ix->key_buckets, n_buckets * sizeof *ix->key_buckets, n_buckets},
        {SEC_POSTINGS, ix->postings, ix->n_postings * sizeof *ix->postings, ix->n_postings},
        {SEC_CARD_OFF, ix->card_off, (db->n_names + 1) * sizeof *ix->card_off, db->n_names + 1},
        {SEC_CARDS, ix->cards, ix->cards_len, ix->cards_len},
        {SEC_STRIPS, ix->strips, ix->strips_len, ix->strips_len},
        {SEC_JPOSTINGS, ix->jpostings, ix->n_jpostings * sizeof *ix->jpostings, ix->n_jpostings},
        {SEC_SIM_OFF, ix->sim_off, (ix->n_tokens + 1) * sizeof *ix->sim_off, ix->n_tokens + 1},
        {SEC_SIMS, ix->sims, ix->n_sims * sizeof *ix->sims, ix->n_sims},
        {SEC_SCALARS, &sc, sizeof sc, 1},
    };
    if (!ix->name_tok_begin || !ix->card_off || !ix->sim_off) { /* a db without its index cannot be saved */
        free(src.p);
        return emb_error_set(err, EMBARGO_EUSAGE, path, 0, NULL, "the db has no index to save");
    }
    idx_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, IDX_MAGIC, sizeof h.magic);
    h.version = IDX_VERSION;
    h.byte_order = IDX_BYTE_ORDER;
    h.n_sections = SEC_COUNT;
    h.rules = emb_index_rules_fingerprint();
    h.rec_size[0] = sizeof(emb_entity_rec);
    h.rec_size[1] = sizeof(emb_name_rec);
    h.rec_size[2] = sizeof(emb_attr_rec);
    h.rec_size[3] = sizeof(emb_token_rec);
    h.rec_size[4] = sizeof(emb_key_rec);
    h.rec_size[5] = sizeof(idx_scalars);
    idx_section table[SEC_COUNT];
    memset(table, 0, sizeof table);
    size_t off = align8(sizeof h + sizeof table);
    for (int i = 0; i < SEC_COUNT; i++) {
        table[i].id = secs[i].id;
        table[i].offset = off;
        table[i].length = secs[i].length;
        table[i].count = secs[i].count;
        off = align8(off + secs[i].length);
    }
    h.total_size = off;

    /* a temp file in the same directory, renamed over the target when
     * complete: readers see the old file or the new one, never a part */
    size_t pl = strlen(path);
    char *tmp = malloc(pl + 16);
    if (!tmp) { free(src.p); return emb_error_set(err, EMBARGO_ENOMEM, path, 0, NULL, "out of memory"); }
    snprintf(tmp, pl + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        free(src.p);
        return emb_error_set(err, EMBARGO_EIO, path, 0, NULL, "cannot create a temporary file next to the index: %s", strerror(e));
    }
    out *o = malloc(sizeof *o);
    int rc = 0;
    if (!o) { rc = emb_error_set(err, EMBARGO_ENOMEM, path, 0, NULL, "out of memory"); goto fail; }
    o->fd = fd;
    o->n = 0;
    o->failed = 0;
    ck_init(&o->ck);
    {
        idx_header blank;
        memset(&blank, 0, sizeof blank);
        if (write_all(fd, &blank, sizeof blank)) o->failed = errno;
    }
    out_put(o, table, sizeof table);
    out_pad(o, align8(sizeof h + sizeof table) - (sizeof h + sizeof table));
    for (int i = 0; i < SEC_COUNT; i++) {
        if (secs[i].length) out_put(o, secs[i].data, secs[i].length);
        out_pad(o, align8(secs[i].length) - secs[i].length);
    }
    out_flush(o);
    h.checksum = ck_final(&o->ck);
    if (!o->failed && pwrite(fd, &h, sizeof h, 0) != (ssize_t)sizeof h) o->failed = errno ? errno : EIO;
    if (!o->failed && fchmod(fd, 0644)) o->failed = errno;
    if (!o->failed && fsync(fd)) o->failed = errno;
    if (o->failed) {
        rc = emb_error_set(err, EMBARGO_EIO, path, 0, NULL, "cannot write the index: %s", strerror(o->failed));
        goto fail;
    }
    if (close(fd)) { fd = -1; rc = emb_error_set(err, EMBARGO_EIO, path, 0, NULL, "cannot write the index: %s", strerror(errno)); goto fail; }
    fd = -1;
    if (rename(tmp, path)) { rc = emb_error_set(err, EMBARGO_EIO, path, 0, NULL, "cannot rename the new index into place: %s", strerror(errno)); goto fail; }
    free(o);
    free(tmp);
    free(src.p);
    return 0;
fail:
    if (fd >= 0) close(fd);
    unlink(tmp);
    free(o);
    free(tmp);
    free(src.p);
    return rc;
}

/* ---- opening ---- */

#define CORRUPT(field, ...) emb_error_set(err, EMBARGO_ECORRUPT, path, 0, field, __VA_ARGS__)

/* Checks a NUL-terminated string pool: starts with "" and ends with a NUL,
 * so any offset below its length names a terminated string inside it. */
static int pool_ok(const char *p, size_t n) { return n >= 1 && p[0] == '\0' && p[n - 1] == '\0'; }

/* The cards must agree with the names, entities and tokens they summarize:
 * the screen reads them instead of those. */
static int validate_cards(const embargo_db *db, const char *path, embargo_error *err)
{
    const emb_index *ix = &db->idx;
    size_t nn = db->n_names, len = ix->cards_len;
    if (ix->card_off[0] != 0 || ix->card_off[nn] != len) return CORRUPT("card offsets", "the offsets do not span the %zu card bytes", len);
    for (size_t i = 0; i < nn; i++) {
        size_t o = ix->card_off[i], end = ix->card_off[i + 1];
        if (o % 4 || end < o || end - o < sizeof(emb_card_head))
            return CORRUPT("card offsets", "name %zu: card bytes %zu..%zu", i, o, end);
        emb_card_head h;
        memcpy(&h, ix->cards + o, sizeof h);
        const emb_name_rec *nr = &db->names[i];
        if (h.entity != nr->entity || h.kind != nr->kind || h.party != db->ents[nr->entity].party ||
            h.source != db->ents[nr->entity].source || h.schema != db->ents[nr->entity].schema ||
            h.ntok != ix->name_tok_begin[i + 1] - ix->name_tok_begin[i] || h.nsur >= (h.ntok ? h.ntok : 1))
            return CORRUPT("cards", "name %zu: its card disagrees with the name and entity records", i);
        o += sizeof h;
        for (uint32_t k = 0; k < h.ntok; k++) {
            emb_card_tok t;
            if (end - o < sizeof t) return CORRUPT("cards", "name %zu: token %u runs past the card", i, k);
            memcpy(&t, ix->cards + o, sizeof t);
            if (t.id != ix->name_toks[ix->name_tok_begin[i] + k] || t.len > EMB_TOKLEN_MAX || t.sklen > EMB_TOKLEN_MAX ||
                t.cls > EMB_TOK_NUMBER || (t.legal & 63) > EMB_LEGAL_IDS || !isfinite(t.w) || end - o < emb_card_tok_size(&t))
                return CORRUPT("cards", "name %zu: token %u is damaged", i, k);
            o += emb_card_tok_size(&t);
        }
        if (o != end) return CORRUPT("cards", "name %zu: %zu bytes after its tokens", i, end - o);
    }
    return 0;
}

/* The similar lists (simlist.c): per token, its entries inside its own
 * span, each entry's records inside the span, and their names inside their
 * postings. */
static int validate_sims(const emb_index *ix, const char *path, embargo_error *err)
{
    size_t nt = ix->n_tokens, ns = ix->n_sims;
    if (ix->sim_off[0] != 0 || ix->sim_off[nt] != ns)
        return CORRUPT("similar list offsets", "the offsets do not span the %zu words of the lists", ns);
    for (size_t t = 0; t < nt; t++) {
        uint32_t b = ix->sim_off[t], e = ix->sim_off[t + 1];
        if (e < b || e > ns) return CORRUPT("similar list offsets", "token %zu: offsets go backwards or outside", t);
        if (b == e) continue;
        const uint32_t *w = ix->sims + b;
        uint64_t span = e - b, m = w[0];
        if (m == 0 || 1 + 4 * m > span) return CORRUPT("similar lists", "token %zu: %llu keys do not fit its %llu words", t,
                                                        (unsigned long long)m, (unsigned long long)span);
        for (uint64_t k = 0; k < m; k++) {
            const uint32_t *h = w + 1 + 4 * k;
            if (h[2] < 1 + 4 * m || (uint64_t)h[2] + 3ull * h[3] > span)
                return CORRUPT("similar lists", "token %zu: key %llu: records outside the token's lists", t, (unsigned long long)k);
            const emb_sim_rec *r = (const emb_sim_rec *)(w + h[2]);
            for (uint32_t i = 0; i < h[3]; i++)
                if (r[i].id == UINT32_MAX ? (uint64_t)r[i].begin + r[i].count > ix->n_jpostings
                                          : r[i].id >= nt || (uint64_t)r[i].begin + r[i].count > ix->n_postings)
                    return CORRUPT("similar lists", "token %zu: key %llu: record %u names token %u or postings %u+%u outside the index",
                                   t, (unsigned long long)k, i, r[i].id, r[i].begin, r[i].count);
        }
    }
    return 0;
}

static int validate(const embargo_db *db, const char *path, embargo_error *err)
{
    const emb_index *ix = &db->idx;
    size_t pl = db->pool_len, nn = db->n_names, ne = db->n_ents, na = db->n_attrs;
    if (!pool_ok(db->pool, pl)) return CORRUPT("string pool", "the string pool is not NUL-terminated");
    if (nn > UINT32_MAX || ne > UINT32_MAX || na > UINT32_MAX || pl > UINT32_MAX || ix->n_postings > UINT32_MAX)
        return CORRUPT(NULL, "a section is larger than the format allows");
    for (size_t i = 0; i < ne; i++) {
        const emb_entity_rec *e = &db->ents[i];
        if (e->id >= pl || e->source_id >= pl || e->name >= pl)
            return CORRUPT("entities", "entity %zu: a string offset is outside the string pool", i);
        if ((uint64_t)e->names_begin + e->n_names > nn)
            return CORRUPT("entities", "entity %zu: names %u+%u outside the %zu names", i, e->names_begin, e->n_names, nn);
        if ((uint64_t)e->attrs_begin + e->n_attrs > na)
            return CORRUPT("entities", "entity %zu: attributes %u+%u outside the %zu attributes", i, e->attrs_begin, e->n_attrs, na);
        if (e->party >= ne) return CORRUPT("entities", "entity %zu: party %u is not an entity", i, e->party);
        if (e->source >= db->n_sources) return CORRUPT("entities", "entity %zu: source %u is not a source", i, e->source);
        if (e->schema > EMBARGO_AIRCRAFT) return CORRUPT("entities", "entity %zu: unknown schema %u", i, e->schema);
        for (uint32_t k = 0; k < e->n_names; k++)
            if (db->names[e->names_begin + k].entity != i)
                return CORRUPT("names", "name %u is in the range of entity %zu but belongs to another", e->names_begin + k, i);
    }
    for (size_t i = 0; i < nn; i++) {
        const emb_name_rec *n = &db->names[i];
        if (n->entity >= ne) return CORRUPT("names", "name %zu: entity %u is not an entity", i, n->entity);
        if (n->value >= pl || n->norm >= pl) return CORRUPT("names", "name %zu: a string offset is outside the string pool", i);
        if (n->kind > EMBARGO_NAME_ORIGINAL) return CORRUPT("names", "name %zu: unknown name kind %u", i, n->kind);
    }
    for (size_t i = 0; i < na; i++)
        if (db->attrs[i].type >= pl || db->attrs[i].value >= pl)
            return CORRUPT("attributes", "attribute %zu: a string offset is outside the string pool", i);
    /* the token dictionary */
    size_t tpl = ix->tokpool_len, nt = ix->n_tokens;
    if (!pool_ok(ix->tokpool, tpl)) return CORRUPT("token pool", "the token pool is not NUL-terminated");
    if (nt >= UINT32_MAX) return CORRUPT("tokens", "too many tokens");
    for (size_t i = 0; i < nt; i++) {
        const emb_token_rec *t = &ix->tokens[i];
        /* name_tokens() copies len + 1 bytes of the string and the whole
         * skeleton into EMB_TOKLEN_MAX + 1 buffers */
        if (t->str >= tpl || t->len > EMB_TOKLEN_MAX || tpl - t->str <= t->len || ix->tokpool[t->str + t->len] != '\0')
            return CORRUPT("tokens", "token %zu: its string is outside the token pool or longer than %d", i, EMB_TOKLEN_MAX);
        if (t->skel >= tpl || strnlen(ix->tokpool + t->skel, EMB_TOKLEN_MAX + 1) > EMB_TOKLEN_MAX)
            return CORRUPT("tokens", "token %zu: its skeleton is outside the token pool or too long", i);
        if (t->cls > EMB_TOK_NUMBER) return CORRUPT("tokens", "token %zu: unknown class %u", i, t->cls);
        if (t->legal > EMB_LEGAL_IDS) return CORRUPT("tokens", "token %zu: unknown legal form %u", i, t->legal);
        if (!isfinite(t->idf)) return CORRUPT("tokens", "token %zu: weight is not a number", i);
    }
    /* open addressing needs a power-of-two size and an empty slot to stop at */
    size_t hs = ix->tok_hash_size, empty = 0;
    if (hs & (hs - 1)) return CORRUPT("token hash", "size %zu is not a power of two", hs);
    for (size_t i = 0; i < hs; i++) {
        if (ix->tok_hash[i] > nt) return CORRUPT("token hash", "slot %zu names token %u of %zu", i, ix->tok_hash[i] - 1, nt);
        empty += ix->tok_hash[i] == 0;
    }
    if (hs && !empty) return CORRUPT("token hash", "the table has no empty slot");
    if (nt && !hs) return CORRUPT("token hash", "tokens without a hash table");
    /* tokens per name */
    if (ix->name_tok_begin[0] != 0 || ix->name_tok_begin[nn] != ix->n_name_toks)
        return CORRUPT("name token offsets", "the offsets do not span the %zu name tokens", ix->n_name_toks);
    for (size_t i = 0; i < nn; i++)
        if (ix->name_tok_begin[i] > ix->name_tok_begin[i + 1])
            return CORRUPT("name token offsets", "name %zu: offsets go backwards", i);
    for (size_t i = 0; i < ix->n_name_toks; i++)
        if (ix->name_toks[i] >= nt) return CORRUPT("name tokens", "entry %zu: token %u of %zu", i, ix->name_toks[i], nt);
    /* keys and postings */
    for (size_t i = 0; i < ix->n_keys; i++) {
        const emb_key_rec *k = &ix->keys[i];
        if ((uint64_t)k->begin + k->count > ix->n_postings)
            return CORRUPT("keys", "key %zu: postings %u+%u outside the %zu postings", i, k->begin, k->count, ix->n_postings);
        if (i && k->hash <= ix->keys[i - 1].hash) return CORRUPT("keys", "key %zu: keys are not sorted", i);
    }
    if (ix->key_bits < 1 || ix->key_bits > 24) return CORRUPT("scalars", "key bucket bits %u outside 1..24", ix->key_bits);
    size_t nb = (size_t)1 << ix->key_bits;
    for (size_t i = 0; i <= nb; i++) {
        if (ix->key_buckets[i] > ix->n_keys) return CORRUPT("key buckets", "bucket %zu: key %u of %zu", i, ix->key_buckets[i], ix->n_keys);
        if (i && ix->key_buckets[i] < ix->key_buckets[i - 1]) return CORRUPT("key buckets", "bucket %zu: offsets go backwards", i);
    }
    for (size_t i = 0; i < ix->n_postings; i++)
        if (ix->postings[i] >= nn) return CORRUPT("postings", "entry %zu: name %u of %zu", i, ix->postings[i], nn);
    for (size_t i = 0; i < ix->n_jpostings; i++)
        if (ix->jpostings[i] >= nn) return CORRUPT("join postings", "entry %zu: name %u of %zu", i, ix->jpostings[i], nn);
    /* strips: every record inside the section, its names inside their
     * postings, its strings within the token length */
    for (size_t i = 0; i < ix->n_keys; i++) {
        const emb_key_rec *k = &ix->keys[i];
        size_t o = k->strip;
        for (uint32_t r = 0; r < k->ntok; r++) {
            emb_strip_tok st;
            if (o > ix->strips_len || ix->strips_len - o < sizeof st)
                return CORRUPT("strips", "key %zu: record %u outside the strips", i, r);
            memcpy(&st, ix->strips + o, sizeof st);
            if (st.len > EMB_TOKLEN_MAX || st.sklen > EMB_TOKLEN_MAX || ix->strips_len - o < emb_strip_tok_size(&st))
                return CORRUPT("strips", "key %zu: record %u is too long", i, r);
            if (st.id == UINT32_MAX ? (uint64_t)st.begin + st.count > ix->n_jpostings
                                    : st.id >= nt || (uint64_t)st.begin + st.count > ix->n_postings)
                return CORRUPT("strips", "key %zu: record %u names token %u or postings %u+%u outside the index", i, r,
                               st.id, st.begin, st.count);
            if (st.cls > EMB_TOK_NUMBER || st.legal > EMB_LEGAL_IDS)
                return CORRUPT("strips", "key %zu: record %u has an unknown class", i, r);
            o += emb_strip_tok_size(&st);
        }
    }
    int sr = validate_sims(ix, path, err);
    if (sr) return sr;
    if (!isfinite(ix->max_idf) || !isfinite(ix->default_idf)) return CORRUPT("scalars", "weights are not numbers");
    return validate_cards(db, path, err);
}

int emb_db_open_flags(embargo_db **out, const char *path, unsigned flags, embargo_error *err)
{
    if (!out || !path) return emb_error_set(err, EMBARGO_EUSAGE, path, 0, NULL, "an output and a file name are needed");
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return emb_error_set(err, EMBARGO_EIO, path, 0, NULL, "cannot open the index: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        close(fd);
        return emb_error_set(err, EMBARGO_EIO, path, 0, NULL, "the index is not a regular file");
    }
    size_t size = (size_t)st.st_size;
    if ((uint64_t)st.st_size < sizeof(idx_header)) {
        close(fd);
        return CORRUPT(NULL, "not an embargo index: %zu bytes, shorter than the header", size);
    }
    /* MAP_POPULATE: the checksum reads every page anyway; one fault-in pass is cheaper */
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) return emb_error_set(err, EMBARGO_EIO, path, 0, NULL, "cannot map the index: %s", strerror(errno));
    const unsigned char *base = map;
    idx_header h;
    memcpy(&h, base, sizeof h);
    int rc = 0;
    idx_section table[SEC_COUNT];
    if (memcmp(h.magic, IDX_MAGIC, sizeof h.magic) != 0) { rc = CORRUPT(NULL, "not an embargo index file (bad magic)"); goto fail; }
    if (h.byte_order != IDX_BYTE_ORDER) { rc = CORRUPT(NULL, "the index was written on a machine of another byte order: rebuild it with `embargo build`"); goto fail; }
    if (h.version != IDX_VERSION) {
        rc = CORRUPT(NULL, "index format version %u, this embargo reads version %u: rebuild it with `embargo build`", h.version, IDX_VERSION);
        goto fail;
    }
    if (h.total_size != (uint64_t)size) {
        rc = CORRUPT(NULL, "the index is %zu bytes but its header says %llu: truncated or damaged", size, (unsigned long long)h.total_size);
        goto fail;
    }
    if (h.rec_size[0] != sizeof(emb_entity_rec) || h.rec_size[1] != sizeof(emb_name_rec) || h.rec_size[2] != sizeof(emb_attr_rec) ||
        h.rec_size[3] != sizeof(emb_token_rec) || h.rec_size[4] != sizeof(emb_key_rec) || h.rec_size[5] != sizeof(idx_scalars)) {
        rc = CORRUPT(NULL, "the index has another record layout: rebuild it with `embargo build`");
        goto fail;
    }
    if (h.n_sections != SEC_COUNT || size < sizeof h + sizeof table) { rc = CORRUPT(NULL, "the section table is damaged"); goto fail; }
    if (!(flags & EMB_OPEN_NO_CHECKSUM) && ck_hash(base + sizeof h, size - sizeof h) != h.checksum) {
        rc = CORRUPT(NULL, "checksum mismatch: the index is corrupt (rebuild it with `embargo build`)");
        goto fail;
    }
    if (h.rules != emb_index_rules_fingerprint()) {
        rc = CORRUPT(NULL, "the index was built by an embargo with other token rules: rebuild it with `embargo build`");
        goto fail;
    }
    memcpy(table, base + sizeof h, sizeof table);
    const idx_section *sec[SEC_COUNT + 1] = {0};
    static const size_t elem[SEC_COUNT + 1] = {
        0, 1, sizeof(emb_entity_rec), sizeof(emb_name_rec), sizeof(emb_attr_rec), 1, 1, sizeof(emb_token_rec),
        sizeof(uint32_t), sizeof(uint32_t), sizeof(uint32_t), sizeof(emb_key_rec), sizeof(uint32_t), sizeof(uint32_t),
        sizeof(uint32_t), 1, 1, sizeof(uint32_t), sizeof(uint32_t), sizeof(uint32_t), sizeof(idx_scalars)};
    for (int i = 0; i < SEC_COUNT; i++) {
        const idx_section *s = &table[i];
        if (s->id < 1 || s->id > SEC_COUNT || sec[s->id]) { rc = CORRUPT(NULL, "section table entry %d: unknown or repeated section %u", i, s->id); goto fail; }
        const char *nm = sec_names[s->id];
        if (s->offset % 8 || s->offset < sizeof h + sizeof table || s->offset > size || s->length > size - s->offset) {
            rc = CORRUPT(nm, "section %s: bytes %llu+%llu outside the %zu-byte file", nm, (unsigned long long)s->offset,
                         (unsigned long long)s->length, size);
            goto fail;
        }
        if (s->id != SEC_SOURCES && (s->length % elem[s->id] || s->count != s->length / elem[s->id])) {
            rc = CORRUPT(nm, "section %s: %llu bytes do not hold %llu records", nm, (unsigned long long)s->length,
                         (unsigned long long)s->count);
            goto fail;
        }
        sec[s->id] = s;
    }
    if (sec[SEC_SCALARS]->count != 1) { rc = CORRUPT("scalars", "section scalars: one record expected"); goto fail; }
    if (sec[SEC_CARD_OFF]->count != sec[SEC_NAMES]->count + 1) {
        rc = CORRUPT("card offsets", "%llu offsets for %llu names", (unsigned long long)sec[SEC_CARD_OFF]->count,
                     (unsigned long long)sec[SEC_NAMES]->count);
        goto fail;
    }
    if (sec[SEC_NAME_TOK_BEGIN]->count != sec[SEC_NAMES]->count + 1) {
        rc = CORRUPT("name token offsets", "%llu offsets for %llu names", (unsigned long long)sec[SEC_NAME_TOK_BEGIN]->count,
                     (unsigned long long)sec[SEC_NAMES]->count);
        goto fail;
    }
    if (sec[SEC_SIM_OFF]->count != sec[SEC_TOKENS]->count + 1) {
        rc = CORRUPT("similar list offsets", "%llu offsets for %llu tokens", (unsigned long long)sec[SEC_SIM_OFF]->count,
                     (unsigned long long)sec[SEC_TOKENS]->count);
        goto fail;
    }
    idx_scalars sc;
    memcpy(&sc, base + sec[SEC_SCALARS]->offset, sizeof sc);
    if (sc.key_bits < 1 || sc.key_bits > 24 || sec[SEC_KEY_BUCKETS]->count != ((uint64_t)1 << sc.key_bits) + 1) {
        rc = CORRUPT("key buckets", "section key buckets: %llu entries for %u bits", (unsigned long long)sec[SEC_KEY_BUCKETS]->count, sc.key_bits);
        goto fail;
    }

    embargo_db *db = calloc(1, sizeof *db);
    if (!db) { rc = emb_error_set(err, EMBARGO_ENOMEM, path, 0, NULL, "out of memory"); goto fail; }
    db->map = map;
    db->map_len = size;
#define AT(id) ((const void *)(base + sec[id]->offset))
    db->pool = AT(SEC_POOL);
    db->pool_len = sec[SEC_POOL]->length;
    db->ents = AT(SEC_ENTS);
    db->n_ents = sec[SEC_ENTS]->count;
    db->names = AT(SEC_NAMES);
    db->n_names = sec[SEC_NAMES]->count;
    db->attrs = AT(SEC_ATTRS);
    db->n_attrs = sec[SEC_ATTRS]->count;
    emb_index *ix = &db->idx;
    ix->tokpool = AT(SEC_TOKPOOL);
    ix->tokpool_len = sec[SEC_TOKPOOL]->length;
    ix->tokens = AT(SEC_TOKENS);
    ix->n_tokens = sec[SEC_TOKENS]->count;
    ix->tok_hash = AT(SEC_TOK_HASH);
    ix->tok_hash_size = sec[SEC_TOK_HASH]->count;
    ix->name_tok_begin = AT(SEC_NAME_TOK_BEGIN);
    ix->name_toks = AT(SEC_NAME_TOKS);
    ix->n_name_toks = sec[SEC_NAME_TOKS]->count;
    ix->keys = AT(SEC_KEYS);
    ix->n_keys = sec[SEC_KEYS]->count;
    ix->key_buckets = AT(SEC_KEY_BUCKETS);
    ix->key_bits = sc.key_bits;
    ix->postings = AT(SEC_POSTINGS);
    ix->n_postings = sec[SEC_POSTINGS]->count;
    ix->card_off = AT(SEC_CARD_OFF);
    ix->cards = AT(SEC_CARDS);
    ix->cards_len = sec[SEC_CARDS]->length;
    ix->strips = AT(SEC_STRIPS);
    ix->strips_len = sec[SEC_STRIPS]->length;
    ix->jpostings = AT(SEC_JPOSTINGS);
    ix->n_jpostings = sec[SEC_JPOSTINGS]->count;
    ix->sim_off = AT(SEC_SIM_OFF);
    ix->sims = AT(SEC_SIMS);
    ix->n_sims = sec[SEC_SIMS]->count;
    ix->max_idf = sc.max_idf;
    ix->default_idf = sc.default_idf;
    ix->n_docs = sc.n_docs;
#undef AT
    int sr = sources_read(db, base + sec[SEC_SOURCES]->offset, sec[SEC_SOURCES]->length);
    if (sr < 0) rc = emb_error_set(err, EMBARGO_ENOMEM, path, 0, NULL, "out of memory");
    else if (sr > 0 || db->n_sources != sec[SEC_SOURCES]->count) rc = CORRUPT("sources", "the source metadata is damaged");
    else rc = validate(db, path, err);
    if (rc) { embargo_db_free(db); return rc; } /* unmaps */
    *out = db;
    return 0;
fail:
    munmap(map, size);
    return rc;
}

int embargo_db_open(embargo_db **out, const char *path, embargo_error *err)
{
    return emb_db_open_flags(out, path, 0, err);
}
