/* test_json_fast.c - the direct match writer (embargo_match_json,
 * embargo_match_json_write) against the jansson tree it replaced
 * (emb_match_to_json + json_dumps), byte for byte: real matches from the
 * shipped lists (names in other scripts, names with quotes), matches with
 * hostile explanation strings, the snprintf-style truncation contract, and
 * the real-number formatting over many doubles. */
#include "testutil.h"
#include "embargo.h"
#include "match/json.h"
#include <float.h>
#include <math.h>

static embargo_db *db;
static embargo_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    embargo_loader *l;
    embargo_error err = {0};
    if (embargo_loader_new(&l)) return -1;
    int rc = embargo_loader_add_manifest(l, NULL, NULL, &err);
    if (!rc) rc = embargo_loader_finish(&db, l, &err);
    embargo_loader_free(l);
    if (rc) { fprintf(stderr, "load: %s\n", err.msg); return -1; }
    return embargo_ctx_new(&ctx, db);
}

static int teardown(void **state)
{
    (void)state;
    embargo_ctx_free(ctx);
    embargo_db_free(db);
    return 0;
}

/* The reference: what embargo_match_json printed before the direct writer. */
static char *jansson_text(const embargo_match *m, int explain)
{
    json_t *o = emb_match_to_json(db, m, explain);
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return s;
}

/* Compares both writers on m; returns 1 so callers can count. */
static int same_text(const embargo_match *m, int explain, const char *what)
{
    char *want = jansson_text(m, explain), *got = NULL;
    assert_non_null(want);
    assert_int_equal(embargo_match_json(&got, db, m, explain), 0);
    if (strcmp(want, got)) fail_msg("%s (explain %d):\n jansson %s\n direct  %s", what, explain, want, got);
    /* the allocation-free form gives the same text into a tight buffer */
    size_t len = 0;
    char *buf = malloc(strlen(want) + 1);
    assert_non_null(buf);
    assert_int_equal(embargo_match_json_write(buf, strlen(want) + 1, &len, db, m, explain), 0);
    assert_int_equal(len, strlen(want));
    assert_string_equal(buf, want);
    free(buf);
    free(want);
    free(got);
    return 1;
}

typedef struct tally {
    size_t matches, non_ascii, quotes, factors, unmatched_tokens;
} tally;

static void screen_and_compare(const char *name, const char *dob, const char *country, tally *t)
{
    embargo_query q = {0};
    q.name = name;
    q.dob = dob;
    q.country = country;
    embargo_screen_opts o = EMBARGO_SCREEN_OPTS_INIT;
    o.limit = 10;
    o.min_score = 0.3;
    const embargo_match *m;
    size_t n;
    embargo_error err = {0};
    if (embargo_screen(ctx, &q, &o, &m, &n, &err)) return; /* e.g. a name of stop words only */
    for (size_t i = 0; i < n; i++) {
        t->matches += same_text(&m[i], 0, name);
        same_text(&m[i], 1, name);
        char *s;
        assert_int_equal(embargo_match_json(&s, db, &m[i], 1), 0);
        for (const unsigned char *p = (const unsigned char *)s; *p; p++)
            if (*p >= 0x80) { t->non_ascii++; break; }
        if (strstr(s, "\\\"")) t->quotes++;
        if (strstr(s, "\"listed\":null")) t->unmatched_tokens++;
        t->factors += m[i].n_factors > 1;
        free(s);
    }
}

static int has_non_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80) return 1;
    return 0;
}

/* Every 97th entity's names as queries (some with a date of birth and a
 * country, so that explanations carry several factors), plus every name
 * with a quote or backslash and a share of the names in other scripts. */
static void test_real_matches(void **state)
{
    (void)state;
    tally t = {0};
    size_t n_ent = embargo_db_entity_count(db), quoted = 0, scripts = 0;
    assert_true(n_ent > 10000);
    for (uint32_t i = 0; i < n_ent; i++) {
        embargo_entity e;
        assert_int_equal(embargo_db_entity(db, i, &e), 0);
        for (size_t j = 0; j < e.n_names; j++) {
            embargo_name nm;
            if (embargo_db_entity_name(db, i, j, &nm)) continue;
            int special = strchr(nm.value, '"') || strchr(nm.value, '\\');
            int other_script = has_non_ascii(nm.value) && i % 7 == 0;
            if (i % 97 == 0 && j == 0) {
                screen_and_compare(nm.value, NULL, NULL, &t);
                screen_and_compare(nm.value, i % 2 ? "1970-01-01" : "1965", i % 3 ? "Russia" : "Iran", &t);
            } else if (special && quoted < 150) {
                quoted++;
                screen_and_compare(nm.value, NULL, NULL, &t);
            } else if (other_script && scripts < 150) {
                scripts++;
                screen_and_compare(nm.value, NULL, NULL, &t);
            }
        }
    }
    /* the comparisons covered what they are meant to cover */
    assert_true(t.matches > 3000);
    assert_true(t.non_ascii > 100);
    assert_true(t.quotes > 10);
    assert_true(t.factors > 100);
    assert_true(t.unmatched_tokens > 10);
}

/* The matches of name (at least one), as the screen returns them. */
static const embargo_match *matches_of(const char *name)
{
    embargo_query q = {0};
    q.name = name;
    embargo_screen_opts o = EMBARGO_SCREEN_OPTS_INIT;
    const embargo_match *m;
    size_t n;
    embargo_error err = {0};
    assert_int_equal(embargo_screen(ctx, &q, &o, &m, &n, &err), 0);
    assert_true(n > 0);
    return m;
}

/* Strings jansson escapes or refuses, planted in a real match. */
static void test_hostile_strings(void **state)
{
    (void)state;
    const embargo_match *found = matches_of("Vladimir Putin");
    static const char *const texts[] = {
        "plain", "quote \" backslash \\ slash /", "ctl \x01\x02\x1f\x7f tab\tnl\ncr\rbs\bff\f",
        "caf\xc3\xa9 \xd0\x9f\xd1\x83\xd1\x82\xd0\xb8\xd0\xbd \xe4\xb8\xad \xf0\x9f\x98\x80",
        "cut \xd0", "overlong \xc0\xaf", "surrogate \xed\xa0\x80", "too big \xf4\x90\x80\x80", "stray \x80", "",
    };
    size_t nt = sizeof texts / sizeof texts[0];
    for (size_t i = 0; i < nt; i++) {
        embargo_match m = found[0];
        char what[64];
        snprintf(what, sizeof what, "text %zu", i);
        m.matched_name = texts[i];
        m.n_factors = 2;
        m.factors[0].name = texts[i];
        m.factors[0].value = 0.123456789;
        snprintf(m.factors[0].detail, sizeof m.factors[0].detail, "%s", texts[(i + 1) % nt]);
        m.factors[1].name = NULL; /* json_pack refuses a NULL string: the factor is left out */
        m.factors[1].value = 1;
        m.n_align = 3;
        snprintf(m.align[0].query_token, sizeof m.align[0].query_token, "%s", texts[i]);
        snprintf(m.align[0].name_token, sizeof m.align[0].name_token, "%s", texts[(i + 2) % nt]);
        m.align[0].similarity = 0.5;
        m.align[0].weight = 1.0 / 3;
        snprintf(m.align[1].query_token, sizeof m.align[1].query_token, "%s", "x");
        m.align[1].name_token[0] = '\0';
        m.align[1].similarity = NAN; /* not a JSON number: the alignment is left out */
        snprintf(m.align[2].query_token, sizeof m.align[2].query_token, "%s", texts[(i + 3) % nt]);
        m.align[2].name_token[0] = '\0';
        m.align[2].similarity = 0;
        m.align[2].weight = 2.5;
        same_text(&m, 0, what);
        same_text(&m, 1, what);
        m.score = INFINITY; /* json_real refuses it: no "score" member */
        m.name_score = -0.0;
        same_text(&m, 1, what);
    }
}

/* Random strings of plain runs and the bytes that need care (quotes,
 * backslashes, control bytes, UTF-8 good and bad) at every offset, since
 * the writer skips plain text 8 bytes at a time. */
static void test_random_strings(void **state)
{
    (void)state;
    const embargo_match *found = matches_of("Sergey Lavrov");
    static const char *const pieces[] = {
        "a", "Zz", "plain words ", "0123456789", "\"", "\\", "\x01", "\x1f", "\x7f", "\t", "\n", "~ ",
        "\xc3\xa9", "\xd0\x9f", "\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\x80", "\xc0\xaf", "\xed\xa0\x80", "\xff",
    };
    size_t np = sizeof pieces / sizeof pieces[0];
    unsigned seed = 4242;
    for (int r = 0; r < 3000; r++) {
        char t[3][48];
        for (int k = 0; k < 3; k++) {
            size_t len = 0;
            t[k][0] = '\0';
            for (;;) {
                seed = seed * 1103515245u + 12345u;
                /* mostly plain text, so that 8-byte runs form and end anywhere */
                const char *piece = (seed >> 16) % 3 ? pieces[(seed >> 8) % 4] : pieces[(seed >> 20) % np];
                size_t pl = strlen(piece);
                if (len + pl >= sizeof t[k] || (seed >> 28) == 0) break;
                memcpy(t[k] + len, piece, pl + 1);
                len += pl;
            }
        }
        embargo_match m = found[0];
        m.matched_name = t[0];
        m.n_factors = 1;
        m.factors[0].name = "name";
        m.factors[0].value = 0.5;
        snprintf(m.factors[0].detail, sizeof m.factors[0].detail, "%s", t[1]);
        m.n_align = 1;
        snprintf(m.align[0].query_token, sizeof m.align[0].query_token, "%s", t[2]);
        snprintf(m.align[0].name_token, sizeof m.align[0].name_token, "%s", t[0]);
        m.align[0].similarity = 1;
        m.align[0].weight = 2;
        char what[32];
        snprintf(what, sizeof what, "random %d", r);
        same_text(&m, 1, what);
    }
}

/* snprintf's contract: every cap gives a NUL-terminated prefix and the
 * same full length; an unknown entity is an error. */
static void test_truncation(void **state)
{
    (void)state;
    const embargo_match *m = matches_of("Bank Rossiya");
    char *full;
    assert_int_equal(embargo_match_json(&full, db, &m[0], 1), 0);
    size_t want = strlen(full);
    char buf[4096];
    assert_true(want < sizeof buf);
    for (size_t cap = 0; cap <= want + 1; cap++) {
        size_t len = 12345;
        memset(buf, 'Z', sizeof buf);
        assert_int_equal(embargo_match_json_write(buf, cap, &len, db, &m[0], 1), 0);
        assert_int_equal(len, want);
        if (cap) {
            size_t k = cap - 1 < want ? cap - 1 : want;
            assert_memory_equal(buf, full, k);
            assert_int_equal(buf[k], '\0');
        }
        assert_int_equal(buf[cap], 'Z'); /* nothing written past cap */
    }
    free(full);
    embargo_match bad = m[0];
    bad.entity = (uint32_t)embargo_db_entity_count(db);
    size_t len = 1;
    assert_int_equal(embargo_match_json_write(buf, sizeof buf, &len, db, &bad, 1), EMBARGO_ENOTFOUND);
    assert_int_equal(len, 0);
    assert_string_equal(buf, "");
}

static void check_real(double v)
{
    char fast[EMB_JSON_REAL_MAX], slow[EMB_JSON_REAL_MAX];
    size_t nf = emb_json_real(fast, v), ns = emb_json_real_slow(slow, v);
    if (nf != ns || strcmp(fast, slow)) fail_msg("%a: fast '%s', snprintf '%s'", v, fast, slow);
    assert_int_equal(strlen(fast), nf);
}

/* The integer-arithmetic digits against glibc's %.17g: every value a
 * match holds after rounding to 4 decimals (k / 10000 for |k| <= 3e5), the
 * same values as round4 computes them, powers of ten and their
 * neighbours, and 300000 random bit patterns of every magnitude. */
static void test_reals(void **state)
{
    (void)state;
    for (long k = -300000; k <= 300000; k++) {
        check_real((double)k / 10000.0);
        check_real(floor((double)k * 0.731 + 0.5) / 10000.0);
    }
    static const double edges[] = {0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1e-4, 1e-5, 9.9999e-5, 1e-7, 1e15, 1e16, 1e17,
                                   9007199254740991.0, 9007199254740992.0, 1e21, 1e22, 1e300, 5e-324, DBL_MIN,
                                   DBL_MAX, DBL_EPSILON, 0.30000000000000004, 123456.789, 2.5, 0.0625};
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) check_real(edges[i]);
    for (int e = -30; e <= 30; e++) {
        double p = pow(10, e);
        check_real(p);
        check_real(nextafter(p, 0));
        check_real(nextafter(p, INFINITY));
    }
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    for (int i = 0; i < 300000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double v;
        uint64_t bits = x;
        /* half of them in the range of scores and weights */
        if (i & 1) bits = (bits & 0x800FFFFFFFFFFFFFULL) | ((uint64_t)(1008 + (x >> 52) % 30) << 52);
        memcpy(&v, &bits, sizeof v);
        if (isfinite(v)) check_real(v);
    }
    /* and the reference itself is jansson's */
    static const double some[] = {0.1, 0.8734, 1.0, 0.0, 1e-5, 1e21, -2.5, 0.3333};
    for (size_t i = 0; i < sizeof some / sizeof some[0]; i++) {
        json_t *j = json_real(some[i]);
        char *s = json_dumps(j, JSON_ENCODE_ANY), b[EMB_JSON_REAL_MAX];
        emb_json_real(b, some[i]);
        assert_string_equal(b, s);
        free(s);
        json_decref(j);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reals),
        cmocka_unit_test(test_random_strings),
        cmocka_unit_test(test_real_matches),
        cmocka_unit_test(test_hostile_strings),
        cmocka_unit_test(test_truncation),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
