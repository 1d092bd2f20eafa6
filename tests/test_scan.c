/* test_scan.c - embargo_scan on the shipped lists: the acceptance article,
 * the test documents of tests/fixtures/docs, and one table row per
 * precision rule.  Ids are OFAC's (the lists that ship today). */
#include "testutil.h"
#include "embargo.h"

static embargo_db *db;
static embargo_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    embargo_loader *l;
    embargo_error err = {0};
    if (embargo_loader_new(&l)) return -1;
    int rc = embargo_loader_add_manifest(l, NULL, "us_ofac_sdn,us_ofac_cons,un_sc", &err);
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

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)len + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)len, f), (size_t)len);
    b[len] = '\0';
    fclose(f);
    *n = (size_t)len;
    return b;
}

static uint32_t ent(const char *id)
{
    uint32_t i;
    assert_int_equal(embargo_db_find(db, id, &i), 0);
    return i;
}

static const embargo_mention *scan(const char *text, size_t len, size_t *n)
{
    const embargo_mention *m;
    embargo_error err = {0};
    int rc = embargo_scan(ctx, text, len, NULL, &m, n, NULL, &err);
    if (rc) fprintf(stderr, "scan: %s\n", err.msg);
    assert_int_equal(rc, 0);
    return m;
}

/* The best mention of entity id, or NULL. */
static const embargo_mention *find(const embargo_mention *m, size_t n, const char *id)
{
    uint32_t e = ent(id);
    const embargo_mention *best = NULL;
    for (size_t i = 0; i < n; i++)
        if (m[i].entity == e && (!best || m[i].score > best->score)) best = &m[i];
    return best;
}

static size_t alerts(const embargo_mention *m, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += m[i].match != 0;
    return k;
}

static void assert_text(const embargo_mention *m, const char *want)
{
    assert_non_null(m);
    size_t n = m->end - m->start;
    if (n != strlen(want) || memcmp(m->text, want, n)) {
        fprintf(stderr, "mention text '%.*s', want '%s'\n", (int)n, m->text, want);
        fail();
    }
}

/* The acceptance article: three listed parties, nothing else alerts. */
static void test_article(void **state)
{
    (void)state;
    size_t len, n;
    char *t = slurp(fixture("docs/iran-belarus-military-ties-2025-10.txt"), &len);
    const embargo_mention *m = scan(t, len, &n);
    const char *want[] = {"us_ofac_sdn-34779", "us_ofac_sdn-34778", "us_ofac_sdn-35233"};
    uint32_t wanted[3];
    for (size_t i = 0; i < 3; i++) {
        const embargo_mention *x = find(m, n, want[i]);
        if (!x || !x->match) { fprintf(stderr, "%s not found with match true\n", want[i]); fail(); }
        wanted[i] = x->entity;
    }
    for (size_t i = 0; i < n; i++) {
        if (!m[i].match) continue;
        int ok = m[i].entity == wanted[0] || m[i].entity == wanted[1] || m[i].entity == wanted[2];
        if (!ok) { fprintf(stderr, "unexpected alert '%.*s'\n", (int)(m[i].end - m[i].start), m[i].text); fail(); }
        /* offsets point into the input */
        assert_ptr_equal(m[i].text, t + m[i].start);
        assert_true(m[i].sentence_start <= m[i].start && m[i].end <= m[i].sentence_end);
    }
    assert_text(find(m, n, "us_ofac_sdn-34779"), "Dmitry Pantus");
    assert_text(find(m, n, "us_ofac_sdn-35233"), "Sergey Lavrov");
    /* "Belarus State Authority for Military-Industrial Cooperation" */
    int found_full = 0;
    for (size_t i = 0; i < n; i++)
        if (m[i].entity == wanted[1] && m[i].end - m[i].start == strlen("Belarus State Authority for Military-Industrial Cooperation") &&
            !memcmp(m[i].text, "Belarus State Authority for Military-Industrial Cooperation", m[i].end - m[i].start))
            found_full = 1;
    assert_true(found_full);
    /* Aziz Nasirzadeh is not Muhammad Reza NASERZADEH */
    const embargo_mention *nz = find(m, n, "us_ofac_sdn-47248");
    assert_true(!nz || !nz->match);
    free(t);
}

typedef struct row {
    const char *text;
    const char *id;        /* entity expected (or NULL: none may alert) */
    int match;             /* expected match flag of that entity's best mention */
    const char *surface;   /* expected mention text when match */
    int others;            /* other entities may alert (rows that test a look-alike) */
} row;

/* One row per precision rule of the issue. */
static const row rows[] = {
    /* titles are dropped, possessives stripped */
    {"Brigadier General Dmitry Pantus arrived.", "us_ofac_sdn-34779", 1, "Dmitry Pantus", 0},
    {"It was Sergey Lavrov's idea.", "us_ofac_sdn-35233", 1, "Sergey Lavrov", 0},
    {"Defense Minister Sergey Lavrov spoke.", "us_ofac_sdn-35233", 1, "Sergey Lavrov", 0},
    /* a given name that differs is another person */
    {"Defense Minister Aziz Nasirzadeh met them.", "us_ofac_sdn-47248", 0, NULL, 0},
    {"Mohammad Reza Naserzadeh met them.", "us_ofac_sdn-47248", 1, "Mohammad Reza Naserzadeh", 0},
    /* a surname alone stays below the threshold */
    {"Lavrov said on Tuesday that talks would go on.", "us_ofac_sdn-35233", 0, NULL, 0},
    {"Pantus arrived late.", "us_ofac_sdn-34779", 0, NULL, 0},
    /* Lavrov is not LAVROVA */
    {"Sergey Lavrov spoke.", "us_ofac_sdn-36404", 0, NULL, 1},
    /* places and countries are not parties */
    {"Minsk, Tehran, Moscow, Israel, Iran and Belarus.", NULL, 0, NULL, 0},
    {"MINSK TEHRAN MOSCOW ISRAEL IRAN BELARUS WASHINGTON", NULL, 0, NULL, 0},
    /* an organization matches whole, with its qualifiers */
    {"the Ministry of Finance of the Republic of Belarus", "us_ofac_cons-31694", 0, NULL, 0},
    {"the Ministry of Finance of the Russian Federation", "us_ofac_cons-31694", 1,
     "Ministry of Finance of the Russian Federation", 0},
    {"the Development Bank of the Republic of Belarus", "us_ofac_sdn-45810", 0, NULL, 0},
    {"joined in a supranational Union State since 1999", NULL, 0, NULL, 0},
    {"Belarus State Authority for Military-Industrial Cooperation", "us_ofac_sdn-34778", 1,
     "Belarus State Authority for Military-Industrial Cooperation", 0},
    /* acronyms: given by the list, or defined by the text */
    {"The Ministry of Defense and Armed Forces Logistics said so.", "us_ofac_sdn-10392", 1,
     "Ministry of Defense and Armed Forces Logistics", 0},
    {"Later, MODAFL denied it.", "us_ofac_sdn-10392", 1, "MODAFL", 0},
    /* a single common word never alerts */
    {"We hope for peace. Spare parts, cargo freight and consulting fees.", NULL, 0, NULL, 0},
    /* payment remarks: all capitals, no punctuation */
    {"PAYMENT TO PANTUS DMITRY FOR INV 2291", "us_ofac_sdn-34779", 1, "PANTUS DMITRY", 0},
    {"TICKETS MAHAN AIR IKA-DXB", "us_ofac_sdn-12927", 1, "MAHAN AIR", 0},
};

static void test_rules(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        size_t n;
        const embargo_mention *m = scan(rows[r].text, strlen(rows[r].text), &n);
        if (!rows[r].id) {
            if (alerts(m, n)) { fprintf(stderr, "row %zu '%s': unexpected alert '%.*s'\n", r, rows[r].text, (int)(m[0].end - m[0].start), m[0].text); bad++; }
            continue;
        }
        const embargo_mention *x = find(m, n, rows[r].id);
        int got = x && x->match;
        if (got != rows[r].match) {
            fprintf(stderr, "row %zu '%s': %s match %d, want %d (score %.2f)\n", r, rows[r].text, rows[r].id, got,
                    rows[r].match, x ? x->score : 0.0);
            bad++;
            continue;
        }
        if (rows[r].surface && (x->end - x->start != strlen(rows[r].surface) || memcmp(x->text, rows[r].surface, x->end - x->start))) {
            fprintf(stderr, "row %zu: mention '%.*s', want '%s'\n", r, (int)(x->end - x->start), x->text, rows[r].surface);
            bad++;
        }
        /* rows that must not match: no other entity alerts either */
        if (!rows[r].match && !rows[r].others && alerts(m, n)) { fprintf(stderr, "row %zu '%s': some other alert\n", r, rows[r].text); bad++; }
    }
    assert_int_equal(bad, 0);
}

/* Every test document with what it must (and must not) give. */
static void test_documents(void **state)
{
    (void)state;
    size_t len, n;
    /* names broken across lines */
    char *t = slurp(fixture("docs/line-breaks.txt"), &len);
    const embargo_mention *m = scan(t, len, &n);
    assert_text(find(m, n, "us_ofac_sdn-34779"), "Dmitry\nPantus");
    assert_true(find(m, n, "us_ofac_sdn-34779")->match);
    assert_true(find(m, n, "us_ofac_sdn-34778")->match);
    assert_true(find(m, n, "us_ofac_sdn-35233")->match);
    assert_int_equal(alerts(m, n), 3);
    free(t);
    /* no listed party at all */
    t = slurp(fixture("docs/no-listed-party.txt"), &len);
    m = scan(t, len, &n);
    assert_int_equal(alerts(m, n), 0);
    free(t);
    /* payment remarks */
    t = slurp(fixture("docs/payment-remarks.txt"), &len);
    m = scan(t, len, &n);
    assert_true(find(m, n, "us_ofac_sdn-34779") && find(m, n, "us_ofac_sdn-34779")->match);
    assert_true(find(m, n, "us_ofac_sdn-12927") && find(m, n, "us_ofac_sdn-12927")->match);
    assert_true(find(m, n, "us_ofac_sdn-25578") && find(m, n, "us_ofac_sdn-25578")->match);
    for (size_t i = 0; i < n; i++) {
        if (!m[i].match) continue;
        uint32_t e = m[i].entity;
        /* BANK MELLI IRAN ZAO (MB BANK) is a second listed body of that name */
        int ok = e == ent("us_ofac_sdn-34779") || e == ent("us_ofac_sdn-12927") || e == ent("us_ofac_sdn-25578") ||
                 e == ent("us_ofac_sdn-25419");
        if (!ok) { fprintf(stderr, "payment remarks: unexpected alert '%.*s'\n", (int)(m[i].end - m[i].start), m[i].text); fail(); }
    }
    free(t);
    /* an acronym the text defines */
    t = slurp(fixture("docs/acronym.txt"), &len);
    m = scan(t, len, &n);
    size_t via_acr = 0;
    for (size_t i = 0; i < n; i++)
        if (m[i].entity == ent("us_ofac_sdn-34778") && !strcmp(m[i].via, "acronym") && m[i].match) via_acr++;
    assert_int_equal(via_acr, 2); /* the definition "(SAMI)" and the later "SAMI" */
    assert_int_equal(alerts(m, n), 3);
    free(t);
}

static void test_html(void **state)
{
    (void)state;
    size_t len, n, tl;
    char *h = slurp(fixture("docs/page.html"), &len), *text;
    embargo_error err = {0};
    assert_int_equal(embargo_html_text(&text, &tl, h, len, &err), 0);
    assert_int_equal(strlen(text), tl);
    assert_non_null(strstr(text, "Belarus and Iran deepen ties")); /* the title */
    assert_null(strstr(text, "tracked"));                          /* script */
    assert_null(strstr(text, "color"));                            /* style */
    assert_null(strstr(text, "Mahan"));                            /* noscript */
    assert_non_null(strstr(text, "Dmitry Pantus"));                 /* inline tags joined */
    const embargo_mention *m = scan(text, tl, &n);
    assert_text(find(m, n, "us_ofac_sdn-34779"), "Dmitry Pantus");
    assert_true(find(m, n, "us_ofac_sdn-35233")->match);
    assert_true(find(m, n, "us_ofac_sdn-34778")->match);
    assert_int_equal(alerts(m, n), 3);
    free(text);
    free(h);
    /* empty and broken markup */
    assert_int_equal(embargo_html_text(&text, &tl, "", 0, &err), 0);
    assert_int_equal(tl, 0);
    free(text);
    assert_int_equal(embargo_html_text(&text, &tl, "<p>Sergey <b>Lavrov</p></div><<", 31, &err), 0);
    assert_non_null(strstr(text, "Sergey Lavrov"));
    free(text);
}

/* Cyrillic: needs the ICU normalizer (being merged); documents the
 * expectation and is skipped while the placeholder normalizer is in place. */
static void test_cyrillic(void **state)
{
    (void)state;
    char buf[64];
    if (embargo_normalize(ctx, "Пантус", buf, sizeof buf) <= 0) { skip(); return; }
    size_t len, n;
    char *t = slurp(fixture("docs/cyrillic.txt"), &len);
    const embargo_mention *m = scan(t, len, &n);
    const embargo_mention *p = find(m, n, "us_ofac_sdn-34779");
    assert_non_null(p);
    assert_true(p->match);
    assert_text(p, "Дмитрий Пантус");
    assert_true(find(m, n, "us_ofac_sdn-34779")->score >= 0.9);
    /* "России Сергей Лавров": Russia's (genitive, as Russian writes it) is a
     * country, not part of the name */
    const embargo_mention *l = find(m, n, "us_ofac_sdn-35233");
    assert_non_null(l);
    assert_true(l->match);
    assert_text(l, "Сергей Лавров");
    free(t);
    /* Russian text naming no listed party: countries in their cases, a city */
    static const char none[] = "Президент Франции Эммануэль Макрон встретился в Москве с министром экономики "
                               "Украины. Посол США в России прибыл в Минск.";
    m = scan(none, sizeof none - 1, &n);
    for (size_t i = 0; i < n; i++)
        if (m[i].match) fail_msg("unexpected alert on %.*s", (int)(m[i].end - m[i].start), none + m[i].start);
}

static void test_edges(void **state)
{
    (void)state;
    size_t n, inv;
    const embargo_mention *m;
    embargo_error err = {0};
    /* empty text */
    assert_int_equal(embargo_scan(ctx, "", 0, NULL, &m, &n, NULL, &err), 0);
    assert_int_equal(n, 0);
    /* invalid UTF-8 is a separator; offsets stay those of the bytes given */
    const char bad[] = "\xff\xfe Sergey\xc0Lavrov and Dmitry Pantus \xe2\x82";
    assert_int_equal(embargo_scan(ctx, bad, sizeof bad - 1, NULL, &m, &n, &inv, &err), 0);
    assert_int_equal(inv, 5);
    const embargo_mention *p = find(m, n, "us_ofac_sdn-34779");
    assert_non_null(p);
    assert_int_equal(p->start, strstr(bad, "Dmitry") - bad);
    /* its JSON is valid UTF-8 with the replacement character */
    const embargo_mention *l = find(m, n, "us_ofac_sdn-35233");
    assert_non_null(l);
    char *js;
    assert_int_equal(embargo_mention_json(&js, db, l), 0);
    assert_non_null(strstr(js, "\"source_id\":\"35233\""));
    assert_non_null(strstr(js, "\"text\":\"Sergey\xef\xbf\xbdLavrov\""));
    free(js);
    /* options: source filter, version, min score */
    embargo_scan_opts o = EMBARGO_SCAN_OPTS_INIT;
    o.sources = "un_sc";
    assert_int_equal(embargo_scan(ctx, "Dmitry Pantus", 13, &o, &m, &n, NULL, &err), 0);
    assert_null(find(m, n, "us_ofac_sdn-34779"));
    o.version = 99;
    assert_int_equal(embargo_scan(ctx, "x", 1, &o, &m, &n, NULL, &err), EMBARGO_EUSAGE);
    assert_int_equal(embargo_scan(NULL, "x", 1, NULL, &m, &n, NULL, &err), EMBARGO_EUSAGE);
    /* a very long sentence without punctuation, and NUL bytes */
    size_t big = 200000;
    char *b = malloc(big);
    for (size_t i = 0; i < big; i++) b[i] = "word \0Dmitry Pantus "[i % 20];
    assert_int_equal(embargo_scan(ctx, b, big, NULL, &m, &n, NULL, &err), 0);
    assert_true(n > 0);
    free(b);
}

/* The scan stamps names with a 16-bit sentence generation, which wraps
 * (clearing the stamps) every 65,535 sentences.  A party named in two
 * sentences 65,535 apart, and nowhere between, meets the same generation
 * twice; it is found both times (without the clearing, its stale stamp
 * would make it look found already). */
static void test_generations(void **state)
{
    (void)state;
    const char *filler = "The weather was fine. ", *named = "Hezbollah was named. ";
    size_t nf = strlen(filler), nn = strlen(named), total = 66000, want = 0, o = 0;
    char *b = malloc(total * (nf > nn ? nf : nn) + 1);
    assert_non_null(b);
    for (size_t j = 0; j < total; j++) {
        int is_named = j == 100 || j == 100 + 65535;
        memcpy(b + o, is_named ? named : filler, is_named ? nn : nf);
        o += is_named ? nn : nf;
        want += (size_t)is_named;
    }
    size_t n, got = 0;
    const embargo_mention *m = scan(b, o, &n);
    uint32_t e = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        if (m[i].end - m[i].start != 9 || memcmp(m[i].text, "Hezbollah", 9)) continue;
        if (e == UINT32_MAX) e = m[i].entity;
        got += m[i].entity == e;
    }
    assert_int_equal(got, want);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_article), cmocka_unit_test(test_rules), cmocka_unit_test(test_documents),
        cmocka_unit_test(test_html), cmocka_unit_test(test_cyrillic), cmocka_unit_test(test_edges),
        cmocka_unit_test(test_generations),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
