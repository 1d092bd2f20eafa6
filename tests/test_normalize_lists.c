/* test_normalize_lists.c - the normalizer's fast paths against its ICU
 * pipeline on every name of the shipped lists.
 *
 * emb_normalize takes a table path for Latin text with diacritics, a
 * rule path for Cyrillic and a per-word memo for the other scripts (see
 * normalize.c); emb_normalize_icu always runs ICU.  They must agree on every
 * name the lists hold, in every script (names outside the table fall back to
 * ICU, so they agree trivially, but a wrong fallback decision would show). */
#include "testutil.h"
#include "embargo.h"
#include "normalize/normalize.h"
#include <stdint.h>
#include <stdlib.h>

static int has_cyrillic(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p >= 0xD0 && *p <= 0xD3) return 1; /* lead bytes of U+0400..U+04FF */
    return 0;
}

/* A letter of a script only the word path serves (besides ICU): Greek,
 * Armenian, Hebrew, Arabic, Syriac, Thaana, Indic, Thai, Georgian,
 * Ethiopic, kana, Hangul. */
static int has_word_path_script(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        uint32_t c = *p;
        size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (k == 2) c = (c & 0x1F) << 6 | (p[1] & 0x3F);
        else if (k == 3) c = (c & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
        p += k;
        if ((c >= 0x370 && c < 0x400) || (c >= 0x531 && c < 0x900) || (c >= 0x900 && c < 0x1100) ||
            (c >= 0x10A0 && c < 0x1100) || (c >= 0x1200 && c < 0x1380) || (c >= 0x3040 && c < 0x3100) ||
            (c >= 0xAC00 && c <= 0xD7A3))
            return 1;
    }
    return 0;
}

static int has_non_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80) return 1;
    return 0;
}

static void every_list_name(void **state)
{
    (void)state;
    const char *data = getenv("EMBARGO_DATA");
    assert_non_null(data);
    embargo_db *db = NULL;
    embargo_error err = {0};
    assert_int_equal(embargo_db_open_default(&db, data, NULL, &err), 0);
    emb_normalizer *n = NULL;
    assert_int_equal(emb_normalizer_new(&n), 0);
    size_t compared = 0, diacritics = 0, cyr = 0, cyr_fast = 0, words = 0, script = 0, script_words = 0;
    char a[4096], b[4096];
    for (uint32_t e = 0; e < embargo_db_entity_count(db); e++) {
        embargo_entity ent;
        assert_int_equal(embargo_db_entity(db, e, &ent), 0);
        for (size_t j = 0; j < ent.n_names; j++) {
            embargo_name nm;
            assert_int_equal(embargo_db_entity_name(db, e, j, &nm), 0);
            if (!has_non_ascii(nm.value)) continue;
            size_t len = strlen(nm.value);
            long ra = emb_normalize(n, nm.value, len, a, sizeof a);
            long rb = emb_normalize_icu(n, nm.value, len, b, sizeof b);
            if (ra != rb || (ra > 0 && strcmp(a, b) != 0))
                fail_msg("%s: fast path \"%s\" (%ld), ICU \"%s\" (%ld)", nm.value, ra > 0 ? a : "", ra, rb > 0 ? b : "", rb);
            compared++;
            if (has_cyrillic(nm.value)) { /* the Cyrillic path alone: most of these names must take it */
                int taken = 0;
                long rc = emb_normalize_cyrillic(n, nm.value, len, a, sizeof a, &taken);
                if (taken && (rc != rb || (rc > 0 && strcmp(a, b) != 0)))
                    fail_msg("%s: Cyrillic path \"%s\" (%ld), ICU \"%s\" (%ld)", nm.value, rc > 0 ? a : "", rc, rb > 0 ? b : "", rb);
                cyr++;
                cyr_fast += (size_t)taken;
            }
            /* the word path alone, on every name: where it takes one it is ICU's */
            int taken = 0;
            long rw = emb_normalize_words(n, nm.value, len, a, sizeof a, &taken);
            if (taken && (rw != rb || (rw > 0 && strcmp(a, b) != 0)))
                fail_msg("%s: word path \"%s\" (%ld), ICU \"%s\" (%ld)", nm.value, rw > 0 ? a : "", rw, rb > 0 ? b : "", rb);
            words += (size_t)taken;
            if (has_word_path_script(nm.value) && !has_cyrillic(nm.value)) {
                script++;
                script_words += (size_t)taken;
            }
            /* Latin with diacritics: the names the fast path serves */
            int latin = 1;
            for (const unsigned char *p = (const unsigned char *)nm.value; *p; p++)
                if (*p >= 0xC0 && *p != 0xC3 && *p != 0xC4 && *p != 0xC5 && *p != 0xC6 && *p != 0xC7 && *p != 0xC8 && *p != 0xE1 && *p != 0xE2) latin = 0;
            diacritics += latin;
        }
    }
    print_message("%zu non-ASCII names, %zu of them Latin\n", compared, diacritics);
    /* the shipped lists hold thousands of non-ASCII names, hundreds Latin */
    assert_true(compared > 4000);
    assert_true(diacritics > 500);
    print_message("%zu Cyrillic names on the lists, %zu took the fast path\n", cyr, cyr_fast);
    /* the shipped lists hold ~2400 Cyrillic names; nearly all are plain
     * Russian, Ukrainian or Belarusian the fast path must spell */
    assert_true(cyr > 2000);
    assert_true(cyr_fast * 100 >= cyr * 95);
    print_message("%zu names took the word path, %zu of the %zu in Arabic, Hebrew, Greek, Indic, ... script\n",
                  words, script_words, script);
    /* ~1500 names in those scripts, no Cyrillic among them; every one, with
     * ASCII or punctuation words or not, must take the word path */
    assert_true(script > 1400);
    assert_int_equal(script_words, script);
    /* and so do the Latin names with diacritics (it is tried after the
     * Latin path, but takes them too) */
    assert_true(words > script + 500);
    emb_normalizer_free(n);
    embargo_db_free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_list_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
