/* test_indexfile.c - index files: save + open of the shipped lists gives the
 * same records and the same screening results; truncated, damaged, foreign
 * and outdated files give EMBARGO_ECORRUPT (also with the checksum skipped,
 * so the structural checks behind it are exercised); the cached index of a
 * data directory is built once, reused, rebuilt when corrupt, and keyed by
 * the manifest. */
#include "testutil.h"
#include "embargo.h"
#include "index/indexfile.h"
#include "model/db.h"
#include "util/file.h"
#include <sys/stat.h>

typedef struct fixture_state {
    embargo_db *built;     /* from the lists */
    char path[256];        /* its index file */
    unsigned char *bytes;  /* the file's bytes */
    size_t len;
} fixture_state;

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc((size_t)n + 1);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return b;
}

static int setup(void **state)
{
    fixture_state *s = calloc(1, sizeof *s);
    embargo_loader *l;
    embargo_error err = {0};
    if (embargo_loader_new(&l) || embargo_loader_add_manifest(l, getenv("EMBARGO_DATA"), NULL, &err) ||
        embargo_loader_finish(&s->built, l, &err)) {
        fprintf(stderr, "cannot load the shipped lists: %s\n", err.msg);
        return -1;
    }
    embargo_loader_free(l);
    snprintf(s->path, sizeof s->path, "/tmp/embargo-test-idx-%d.idx", (int)getpid());
    if (embargo_db_save(s->built, s->path, &err)) { fprintf(stderr, "save: %s\n", err.msg); return -1; }
    s->bytes = read_all(s->path, &s->len);
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    fixture_state *s = *state;
    unlink(s->path);
    embargo_db_free(s->built);
    free(s->bytes);
    free(s);
    return 0;
}

static void assert_same_records(const embargo_db *a, const embargo_db *b)
{
    assert_int_equal(embargo_db_entity_count(a), embargo_db_entity_count(b));
    assert_int_equal(embargo_db_source_count(a), embargo_db_source_count(b));
    for (size_t i = 0; i < embargo_db_source_count(a); i++) {
        embargo_source_info x, y;
        assert_int_equal(embargo_db_source(a, i, &x), 0);
        assert_int_equal(embargo_db_source(b, i, &y), 0);
        assert_string_equal(x.id, y.id);
        assert_string_equal(x.format, y.format);
        assert_string_equal(x.as_of, y.as_of);
        assert_int_equal(x.records, y.records);
        assert_int_equal(x.skipped, y.skipped);
        assert_int_equal(x.n_files, y.n_files);
        for (size_t k = 0; k < x.n_files; k++) {
            assert_string_equal(x.file_paths[k], y.file_paths[k]);
            assert_string_equal(x.file_sha256[k], y.file_sha256[k]);
        }
        assert_int_equal(x.n_skip_reasons, y.n_skip_reasons);
        for (size_t k = 0; k < x.n_skip_reasons; k++) {
            assert_string_equal(x.skip_reasons[k], y.skip_reasons[k]);
            assert_int_equal(x.skip_counts[k], y.skip_counts[k]);
        }
        assert_int_equal(x.n_unlinked, y.n_unlinked);
        for (size_t k = 0; k < x.n_unlinked; k++) {
            assert_string_equal(x.unlinked_reasons[k], y.unlinked_reasons[k]);
            assert_int_equal(x.unlinked_counts[k], y.unlinked_counts[k]);
        }
    }
    for (uint32_t i = 0; i < embargo_db_entity_count(a); i++) {
        embargo_entity x, y;
        assert_int_equal(embargo_db_entity(a, i, &x), 0);
        assert_int_equal(embargo_db_entity(b, i, &y), 0);
        assert_string_equal(x.id, y.id);
        assert_string_equal(x.name, y.name);
        assert_string_equal(x.source, y.source);
        assert_int_equal(x.schema, y.schema);
        assert_int_equal(x.party, y.party);
        assert_int_equal(x.n_names, y.n_names);
        assert_int_equal(x.n_attrs, y.n_attrs);
        for (size_t j = 0; j < x.n_names; j++) {
            embargo_name p, q;
            assert_int_equal(embargo_db_entity_name(a, i, j, &p), 0);
            assert_int_equal(embargo_db_entity_name(b, i, j, &q), 0);
            assert_string_equal(p.value, q.value);
            assert_string_equal(p.normalized, q.normalized);
            assert_int_equal(p.kind, q.kind);
        }
        for (size_t j = 0; j < x.n_attrs; j++) {
            embargo_attr p, q;
            assert_int_equal(embargo_db_entity_attr(a, i, j, &p), 0);
            assert_int_equal(embargo_db_entity_attr(b, i, j, &q), 0);
            assert_int_equal(p.kind, q.kind);
            assert_string_equal(p.type, q.type);
            assert_string_equal(p.value, q.value);
        }
    }
}

static void round_trip(void **state)
{
    fixture_state *s = *state;
    embargo_db *opened = NULL;
    embargo_error err = {0};
    assert_int_equal(embargo_db_open(&opened, s->path, &err), 0);
    /* the shipped lists: seven sources, the OFAC SDN list first */
    assert_int_equal(embargo_db_source_count(opened), 7);
    embargo_source_info si;
    embargo_db_source(opened, 0, &si);
    assert_string_equal(si.id, "us_ofac_sdn");
    assert_string_equal(si.as_of, "2024-05-03");
    assert_true(si.records > 10000);
    assert_same_records(s->built, opened);
    assert_int_equal(embargo_db_check_manifest(opened, getenv("EMBARGO_DATA"), &err), 0);

    static const struct { const char *name; int algo, exhaustive; const char *dob; } queries[] = {
        {"Dmitry Pantus", 0, 0, NULL},
        {"Дмитрий Пантус", 0, 0, NULL},
        {"Sergey Lavrov", 0, 0, "1950-03-21"},
        {"Mohammed Reza Naserzadeh", 0, 0, NULL},
        {"Jane Q. Gardener", 0, 0, NULL},
        {"Rosoboronexport", 0, 0, NULL},
        {"Kim Jong Un", 0, 1, NULL},
        {"Bank Melli Iran", 1, 0, NULL},
        {"Al-Qaida in the Arabian Peninsula", 0, 0, NULL},
        {"Vladimir Vladimirovich Putin", 1, 1, NULL},
        {"Abu Bakr al-Baghdadi", 0, 0, NULL},
    };
    embargo_ctx *ca, *cb;
    assert_int_equal(embargo_ctx_new(&ca, s->built), 0);
    assert_int_equal(embargo_ctx_new(&cb, opened), 0);
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        embargo_query q = {0};
        q.name = queries[i].name;
        q.dob = queries[i].dob;
        embargo_screen_opts o = EMBARGO_SCREEN_OPTS_INIT;
        o.algorithm = (embargo_algorithm)queries[i].algo;
        o.exhaustive = queries[i].exhaustive;
        o.min_score = 0.3;
        o.limit = 20;
        const embargo_match *ma, *mb;
        size_t na, nb;
        assert_int_equal(embargo_screen(ca, &q, &o, &ma, &na, NULL), 0);
        assert_int_equal(embargo_screen(cb, &q, &o, &mb, &nb, NULL), 0);
        assert_int_equal(na, nb);
        for (size_t k = 0; k < na; k++) {
            assert_int_equal(ma[k].entity, mb[k].entity);
            assert_true(ma[k].score == mb[k].score);
            assert_int_equal(ma[k].name_index, mb[k].name_index);
            assert_string_equal(ma[k].matched_name, mb[k].matched_name);
            assert_int_equal(ma[k].n_align, mb[k].n_align);
        }
        if (i == 0) { /* a real value: Dmitry Pantus is SDN 34779 */
            assert_true(nb > 0);
            embargo_entity e;
            embargo_db_entity(opened, mb[0].entity, &e);
            assert_string_equal(e.id, "us_ofac_sdn-34779");
            assert_true(mb[0].match);
        }
    }
    embargo_ctx_free(ca);
    embargo_ctx_free(cb);
    embargo_db_free(opened);
}

/* The similar lists of the list's words (index/simlist.c) change no
 * answer: every name of every 40th entity, and the same with two letters
 * of each long word swapped (a typo: the fuzzy keys), screen the same with
 * the lists as without them (each query judging the strips itself). */
static void similar_lists(void **state)
{
    fixture_state *s = *state;
    emb_index *ix = &s->built->idx;
    assert_non_null(ix->sim_off);
    /* a common word has them, for its skeleton's key */
    emb_ptok t = {0};
    strcpy(t.s, "dmitry");
    t.len = 6;
    t.sklen = (uint8_t)emb_token_skeleton(t.s, t.len, t.sk, sizeof t.sk);
    t.id = emb_index_token(ix, t.s, t.len);
    assert_int_not_equal(t.id, UINT32_MAX);
    uint64_t kh[EMB_TOKLEN_MAX + 3];
    size_t ghq_at, nk = emb_memo_keys(&t, ix->tokens[t.id].df, 1, kh, EMB_TOKLEN_MAX + 3, &ghq_at);
    const emb_sim_rec *rec;
    uint32_t n = 0, used = 0;
    for (size_t k = 0; k < nk; k++) used += (uint32_t)emb_index_sims(ix, t.id, kh[k], &rec, &n);
    assert_true(used > 0);

    char **qs = NULL;
    size_t nq = 0;
    for (uint32_t e = 0; e < embargo_db_entity_count(s->built); e += 40) {
        embargo_entity ent;
        assert_int_equal(embargo_db_entity(s->built, e, &ent), 0);
        for (size_t j = 0; j < ent.n_names; j++) {
            embargo_name nm;
            assert_int_equal(embargo_db_entity_name(s->built, e, j, &nm), 0);
            char *a = strdup(nm.value), *b = strdup(nm.value);
            for (char *w = b; *w;) { /* swap the 3rd and 4th letters of words of 6 or more */
                char *x = w;
                while (*x && *x != ' ') x++;
                if (x - w >= 6) { char c = w[2]; w[2] = w[3]; w[3] = c; }
                w = *x ? x + 1 : x;
            }
            qs = realloc(qs, (nq + 2) * sizeof *qs);
            qs[nq++] = a;
            qs[nq++] = b;
        }
    }
    assert_true(nq > 1000);
    embargo_screen_opts o = EMBARGO_SCREEN_OPTS_INIT;
    o.min_score = 0.5;
    o.limit = 10;
    float *score = calloc(nq * 10, sizeof *score);
    uint32_t *ent = calloc(nq * 10, sizeof *ent);
    size_t *cnt = calloc(nq, sizeof *cnt), hits = 0;
    for (int pass = 0; pass < 2; pass++) {
        const uint32_t *keep = ix->sim_off;
        if (pass) ix->sim_off = NULL; /* emb_index_sims finds none */
        embargo_ctx *c;
        assert_int_equal(embargo_ctx_new(&c, s->built), 0);
        for (size_t i = 0; i < nq; i++) {
            embargo_query q = {0};
            q.name = qs[i];
            const embargo_match *m;
            size_t k;
            if (embargo_screen(c, &q, &o, &m, &k, NULL)) k = SIZE_MAX; /* a name too long to screen, say */
            if (!pass) {
                cnt[i] = k;
                hits += k > 0 && k != SIZE_MAX;
                for (size_t r = 0; r < k && k != SIZE_MAX; r++) { score[i * 10 + r] = (float)m[r].score; ent[i * 10 + r] = m[r].entity; }
                continue;
            }
            if (k != cnt[i]) fail_msg("%s: %zu results with the similar lists, %zu without", qs[i], cnt[i], k);
            for (size_t r = 0; r < k && k != SIZE_MAX; r++)
                if (m[r].entity != ent[i * 10 + r] || (float)m[r].score != score[i * 10 + r])
                    fail_msg("%s: result %zu differs without the similar lists", qs[i], r);
        }
        embargo_ctx_free(c);
        ix->sim_off = keep;
    }
    assert_true(hits > nq / 2);
    for (size_t i = 0; i < nq; i++) free(qs[i]);
    free(qs);
    free(score);
    free(ent);
    free(cnt);
}

/* Writes bytes to a temp file and opens it; returns the status, err filled. */
static int open_bytes(const unsigned char *b, size_t n, unsigned flags, embargo_error *err)
{
    const char *p = tempfile_with((const char *)b, n, ".idx");
    assert_non_null(p);
    embargo_db *db = NULL;
    int rc = emb_db_open_flags(&db, p, flags, err);
    embargo_db_free(db);
    unlink(p);
    if (rc) assert_null(db);
    return rc;
}

/* Offset of section `id` (see indexfile.c: 96-byte header, then 32-byte entries). */
static size_t section_offset(const unsigned char *b, uint32_t id)
{
    uint32_t n_sections;
    memcpy(&n_sections, b + 44, 4); /* idx_header.n_sections */
    for (size_t i = 0; i < n_sections; i++) {
        const unsigned char *e = b + 96 + 32 * i;
        uint32_t sid;
        uint64_t off;
        memcpy(&sid, e, 4);
        memcpy(&off, e + 8, 8);
        if (sid == id) return (size_t)off;
    }
    fail_msg("no section %u", id);
    return 0;
}

static void corrupt_files(void **state)
{
    fixture_state *s = *state;
    embargo_error err = {0};
    unsigned char *b = malloc(s->len);
    static const struct { const char *what; size_t cut; const char *msg; } cuts[] = {
        {"empty", 0, "shorter than the header"},
        {"50 bytes", 50, "shorter than the header"},
        {"header only", 96, "truncated"},
        {"half", 0, "truncated"},
        {"one byte short", 1, "truncated"},
    };
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        size_t n = i == 3 ? s->len / 2 : i == 4 ? s->len - 1 : cuts[i].cut;
        memset(&err, 0, sizeof err);
        assert_int_equal(open_bytes(s->bytes, n, 0, &err), EMBARGO_ECORRUPT);
        if (!strstr(err.msg, cuts[i].msg)) fail_msg("%s: %s", cuts[i].what, err.msg);
    }
    /* a flipped bit anywhere in the payload: the checksum */
    size_t spots[] = {96 + 5, s->len / 3, s->len / 2 + 7, s->len - 9};
    for (size_t i = 0; i < sizeof spots / sizeof spots[0]; i++) {
        memcpy(b, s->bytes, s->len);
        b[spots[i]] ^= 0x10;
        assert_int_equal(open_bytes(b, s->len, 0, &err), EMBARGO_ECORRUPT);
        assert_non_null(strstr(err.msg, "checksum"));
    }
    /* another format version (the header is outside the checksum) */
    memcpy(b, s->bytes, s->len);
    uint32_t v = 99;
    memcpy(b + 12, &v, 4);
    assert_int_equal(open_bytes(b, s->len, 0, &err), EMBARGO_ECORRUPT);
    assert_non_null(strstr(err.msg, "version 99"));
    /* built with other token rules */
    memcpy(b, s->bytes, s->len);
    b[32] ^= 1;
    assert_int_equal(open_bytes(b, s->len, 0, &err), EMBARGO_ECORRUPT);
    assert_non_null(strstr(err.msg, "token rules"));
    /* a foreign file */
    size_t ml;
    unsigned char *m = read_all(datafile("manifest.json"), &ml);
    assert_int_equal(open_bytes(m, ml, 0, &err), EMBARGO_ECORRUPT);
    assert_non_null(strstr(err.msg, "bad magic"));
    free(m);
    /* missing */
    embargo_db *db = NULL;
    assert_int_equal(embargo_db_open(&db, "/nonexistent/x.idx", &err), EMBARGO_EIO);
    free(b);
}

/* Damage that passes a (skipped) checksum must still be caught. */
static void structural_checks(void **state)
{
    fixture_state *s = *state;
    embargo_error err = {0};
    unsigned char *b = malloc(s->len);
    /* unchanged bytes pass without the checksum too */
    assert_int_equal(open_bytes(s->bytes, s->len, EMB_OPEN_NO_CHECKSUM, &err), 0);
    static const struct { uint32_t sec; size_t at; uint32_t value; const char *msg; } cases[] = {
        {2, 12, 0xFFFFFF00u, "entity 0: names"},           /* entities[0].names_begin */
        {2, 0, 0xFFFFFFF0u, "outside the string pool"},     /* entities[0].id */
        {2, 28, 0x7FFFFFFFu, "party"},                      /* entities[0].party */
        {3, 0, 0x00FFFFFFu, "entity"},                      /* names[0].entity */
        {7, 0, 0xFFFFFFF0u, "outside the token pool"},      /* tokens[0].str */
        {10, 0, 0x0FFFFFFFu, "name tokens"},                /* name_toks[0] */
        {11, 8, 0xFFFFFFF0u, "postings"},                   /* keys[0].begin */
        {12, 4, 0x7FFFFFFFu, "key buckets"},                /* key_buckets[1] */
        {13, 0, 0x7FFFFFFFu, "postings"},                   /* postings[0] */
        {20, 12, 30u, "key bucket"},                        /* scalars.key_bits */
        {11, 20, 0x7FFFFFFFu, "outside the strips"},        /* keys[0].ntok */
        {16, 0, 0x7FFFFFF0u, "record 0 names token"},       /* strips: the first record's token */
        {16, 8, 0x7FFFFFF0u, "record 0 names token"},       /* ... its count of names */
        {16, 12, 0xFFFFFFFFu, "record 0 is too long"},      /* ... its lengths */
        {17, 0, 0x7FFFFFFFu, "join postings"},              /* jpostings[0] */
        {14, 4, 0x7FFFFFF0u, "card"},                       /* card_off[1] */
        {15, 0, 0x0FFFFFFFu, "disagrees"},                  /* cards[0].entity */
        {15, 24, 0xFFFFFFFFu, "damaged"},                   /* cards[0] token 0: class, legal form, lengths */
        {5, 0, 0x7FFFFFFFu, "source"},                      /* number of sources */
        {18, 4, 0x7FFFFFF0u, "similar list offsets"},       /* sim_off[1] */
        {19, 0, 0x7FFFFFF0u, "keys do not fit"},            /* the first similar list's count of keys */
        {19, 12, 0x7FFFFFF0u, "records outside"},           /* ... its first key's records */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memcpy(b, s->bytes, s->len);
        size_t off = section_offset(b, cases[i].sec) + cases[i].at;
        memcpy(b + off, &cases[i].value, 4);
        memset(&err, 0, sizeof err);
        assert_int_equal(open_bytes(b, s->len, EMB_OPEN_NO_CHECKSUM, &err), EMBARGO_ECORRUPT);
        if (!strstr(err.msg, cases[i].msg)) fail_msg("case %zu: %s", i, err.msg);
        /* and with the checksum on, the checksum says it first */
        assert_int_equal(open_bytes(b, s->len, 0, &err), EMBARGO_ECORRUPT);
    }
    /* a similar list's record naming a token the index does not have */
    memcpy(b, s->bytes, s->len);
    const unsigned char *off = b + section_offset(b, 18), *sims = b + section_offset(b, 19);
    uint32_t at = 0, n = 0;
    for (size_t t = 0; !n; t++) { /* the first key with a record, of the first token that has one */
        uint32_t o, e, m;
        memcpy(&o, off + 4 * t, 4);
        memcpy(&e, off + 4 * (t + 1), 4);
        if (o == e) continue;
        memcpy(&m, sims + 4 * o, 4);
        for (uint32_t k = 0; k < m && !n; k++) {
            memcpy(&at, sims + 4 * (o + 1 + 4 * k + 2), 4);
            memcpy(&n, sims + 4 * (o + 1 + 4 * k + 3), 4);
            at += o;
        }
    }
    uint32_t bad = 0x7FFFFFF0u;
    memcpy(b + section_offset(b, 19) + 4 * at, &bad, 4);
    assert_int_equal(open_bytes(b, s->len, EMB_OPEN_NO_CHECKSUM, &err), EMBARGO_ECORRUPT);
    assert_non_null(strstr(err.msg, "names token 2147483632"));
    /* a section pointing past the end of the file */
    memcpy(b, s->bytes, s->len);
    uint64_t far = (uint64_t)s->len * 4;
    memcpy(b + 96 + 8, &far, 8);
    assert_int_equal(open_bytes(b, s->len, EMB_OPEN_NO_CHECKSUM, &err), EMBARGO_ECORRUPT);
    assert_non_null(strstr(err.msg, "outside"));
    free(b);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static size_t count_idx(const char *dir, char *first, size_t cap)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "ls %s 2>/dev/null | grep -c '^default-.*\\.idx$'", dir);
    FILE *p = popen(cmd, "r");
    int n = 0;
    if (fscanf(p, "%d", &n) != 1) n = 0;
    pclose(p);
    if (first) {
        snprintf(cmd, sizeof cmd, "ls %s/default-*.idx 2>/dev/null | head -1", dir);
        p = popen(cmd, "r");
        if (!fgets(first, (int)cap, p)) first[0] = '\0';
        first[strcspn(first, "\n")] = '\0';
        pclose(p);
    }
    return (size_t)n;
}

/* The cached index of a small data directory (one OpenSanctions excerpt). */
static void cached_default(void **state)
{
    (void)state;
    char dir[] = "/tmp/embargo-test-data-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[400], cache[400], cmd[1200], cfile[600];
    snprintf(cmd, sizeof cmd, "mkdir -p %s/ws && cp %s %s/ws/targets.simple.csv", dir, fixture("targets.simple.excerpt.csv"), dir);
    assert_int_equal(system(cmd), 0);
    char sha[65];
    snprintf(path, sizeof path, "%s/ws/targets.simple.csv", dir);
    assert_int_equal(emb_file_sha256(path, sha, NULL), 0);
    char manifest[800];
    snprintf(manifest, sizeof manifest,
             "{\"sources\":[{\"id\":\"ua_ws\",\"format\":\"os_csv\",\"as_of\":\"2026-03-13\","
             "\"files\":[{\"path\":\"ws/targets.simple.csv\",\"sha256\":\"%s\"}]}]}", sha);
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    write_file(path, manifest);
    snprintf(cache, sizeof cache, "%s/cache/embargo", dir);

    embargo_db *db = NULL, *db2 = NULL;
    embargo_error err = {0};
    assert_int_equal(embargo_db_open_default(&db, dir, cache, &err), 0);
    size_t n_ents = embargo_db_entity_count(db);
    assert_true(n_ents > 10);
    assert_int_equal(count_idx(cache, cfile, sizeof cfile), 1);
    /* the cache file is a valid index of the same lists */
    assert_int_equal(embargo_db_open(&db2, cfile, &err), 0);
    assert_same_records(db, db2);
    assert_int_equal(embargo_db_check_manifest(db2, dir, &err), 0);
    embargo_db_free(db2);
    embargo_db_free(db);
    /* the second open uses the cache */
    struct stat st1, st2;
    assert_int_equal(stat(cfile, &st1), 0);
    assert_int_equal(embargo_db_open_default(&db, dir, cache, &err), 0);
    assert_int_equal(embargo_db_entity_count(db), n_ents);
    embargo_db_free(db);
    assert_int_equal(stat(cfile, &st2), 0);
    assert_int_equal(st1.st_ino, st2.st_ino);
    /* a corrupt cache is rebuilt silently */
    write_file(cfile, "EMBARGO\0IDX garbage");
    assert_int_equal(embargo_db_open_default(&db, dir, cache, &err), 0);
    assert_int_equal(embargo_db_entity_count(db), n_ents);
    embargo_db_free(db);
    assert_int_equal(embargo_db_open(&db, cfile, &err), 0);
    embargo_db_free(db);
    /* a changed manifest: the old index is stale, and the cache key changes */
    assert_int_equal(embargo_db_open(&db, cfile, &err), 0);
    snprintf(manifest, sizeof manifest,
             "{\"sources\":[{\"id\":\"ua_ws\",\"format\":\"os_csv\",\"as_of\":\"2026-03-14\","
             "\"files\":[{\"path\":\"ws/targets.simple.csv\",\"sha256\":\"%s\"}]}]}", sha);
    write_file(path, manifest);
    assert_int_equal(embargo_db_check_manifest(db, dir, &err), EMBARGO_ESTALE);
    assert_non_null(strstr(err.msg, "2026-03-14"));
    embargo_db_free(db);
    assert_int_equal(embargo_db_open_default(&db, dir, cache, &err), 0);
    embargo_source_info si;
    embargo_db_source(db, 0, &si);
    assert_string_equal(si.as_of, "2026-03-14");
    embargo_db_free(db);
    assert_int_equal(count_idx(cache, NULL, 0), 2);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void usage_errors(void **state)
{
    (void)state;
    embargo_error err = {0};
    embargo_db *db = (embargo_db *)&err;
    assert_int_equal(embargo_db_open(NULL, "x", &err), EMBARGO_EUSAGE);
    assert_int_equal(embargo_db_open(&db, "/tmp", &err), EMBARGO_EIO);
    assert_null(db);
    assert_int_equal(embargo_db_save(NULL, "/tmp/x.idx", &err), EMBARGO_EUSAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(similar_lists),
        cmocka_unit_test(corrupt_files),
        cmocka_unit_test(structural_checks),
        cmocka_unit_test(cached_default),
        cmocka_unit_test(usage_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
