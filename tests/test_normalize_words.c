/* test_normalize_words.c - the word path against the ICU pipeline.
 *
 * emb_normalize remembers, per normalizer, what ICU makes of each word of
 * the names no other fast path spells (normalize.c, "the word path") and
 * joins the words' outputs; emb_normalize_words runs that path alone and
 * says whether it took the text, emb_normalize_icu always runs ICU over the
 * whole text.  Where the word path takes a text both must agree byte for
 * byte: on real names of every script it serves, on names mixing scripts,
 * punctuation, marks, apostrophes and '?' at word ends, on every pair and
 * triple of a pool of such words (what one word can do to its neighbour),
 * on long words and on more words than the table holds.
 * The list names are compared in test_normalize_lists.c, in its one walk
 * over the lists. */
#include "testutil.h"
#include "embargo.h"
#include "normalize/normalize.h"
#include "normalizer_fixture.h"

/* Compares the word path and emb_normalize with ICU on s[0..len); returns 1
 * if the word path took it. */
static int same_as_icu_n(emb_normalizer *n, const char *s, size_t len)
{
    static char a[65536], b[65536];
    int taken = 0;
    long ra = emb_normalize_words(n, s, len, a, sizeof a, &taken);
    long rb = emb_normalize_icu(n, s, len, b, sizeof b);
    if (taken && (ra != rb || (ra > 0 && strcmp(a, b) != 0)))
        fail_msg("\"%.*s\": word path \"%s\" (%ld), ICU \"%s\" (%ld)", (int)len, s, ra > 0 ? a : "", ra, rb > 0 ? b : "", rb);
    long rc = emb_normalize(n, s, len, a, sizeof a);
    if (rc != rb || (rc > 0 && strcmp(a, b) != 0))
        fail_msg("\"%.*s\": emb_normalize \"%s\" (%ld), ICU \"%s\" (%ld)", (int)len, s, rc > 0 ? a : "", rc, rb > 0 ? b : "", rb);
    return taken;
}

static int same_as_icu(emb_normalizer *n, const char *s) { return same_as_icu_n(n, s, strlen(s)); }

/* Names from the shipped lists (Arabic, Persian, Urdu, Pashto, Hebrew,
 * Devanagari, Tigrinya) and typical names in the other scripts, with ICU's
 * romanization: the word path must take each, twice (the second time from
 * memory). */
static const struct { const char *in, *out; } TAKEN[] = {
    {"عبد الملك سعيد آل بن لافي", "abd al mlk syd al bin lafi"},
    {"محمدجواد محيا یزدی", "mhmdjwad mhya yzdi"},
    {"أبو بكر البغدادي الحسيني القريشي", "abu bkr al bghdadi al hsyni al qryshi"},
    {"عامر علی چوہدری", "amr li chw dri"},                     /* Urdu: ہ is left to Any-Latin */
    {"محمد عمر ځدران", "muhammad mr dran"},                   /* Pashto ځ, the same */
    {"عبد\xE2\x80\x8Cالله", "bdallh"},                        /* ZWNJ: NFKC_Casefold deletes it, inside the word */
    {"הראל רובין", "hrl rwbyn"},
    {"שָׁלוֹם עַלֵיכֶם", "salwom aleykem"},                       /* niqqud: combining marks inside words */
    {"शान्ता नरेन्द्र गावडे", "santa narendra gavade"},
    {"Αλέξανδρος Παπαδόπουλος", "alexandros papadopoulos"},
    {"ΣΕΡΓΚΕΪ ΜΠΟΥΡΑΣ", "sergei bouras"},                     /* γκ, μπ at a word start */
    {"ბიძინა ივანიშვილი", "bidzina ivanishvili"},
    {"Արմեն Սարգսյան", "armen sargsyan"},
    {"ประยุทธ์ จันทร์โอชา", "prayuthth canthr xocha"},
    {"やまだ タロウ", "yamada tarou"},
    {"김 정은", "kim jong un"},
    {"ኤርሚኣስ ግርማይ", "er mias g r may"},
};

static void real_names(void **state)
{
    emb_normalizer *n = *state;
    char out[512];
    for (size_t i = 0; i < sizeof TAKEN / sizeof TAKEN[0]; i++) {
        for (int twice = 0; twice < 2; twice++) {
            if (!same_as_icu(n, TAKEN[i].in)) fail_msg("\"%s\" did not take the word path", TAKEN[i].in);
            int taken = 0;
            long r = emb_normalize_words(n, TAKEN[i].in, strlen(TAKEN[i].in), out, sizeof out, &taken);
            assert_true(r > 0);
            assert_string_equal(out, TAKEN[i].out);
        }
    }
}

/* Names the word path must leave to ICU, and still agree through
 * emb_normalize. */
static const char *const DECLINED[] = {
    "Сергей محمد",                 /* Cyrillic: the language reads every word */
    "محمد Сергей",
    "ᵸ محمد",                      /* U+1D78 folds to Cyrillic н */
    "محمد ᵸabc",
    "Ђорђевић Вучић",
};

static void declined(void **state)
{
    emb_normalizer *n = *state;
    for (size_t i = 0; i < sizeof DECLINED / sizeof DECLINED[0]; i++)
        if (same_as_icu(n, DECLINED[i])) fail_msg("\"%s\" took the word path", DECLINED[i]);
}

/* Separators, marks and punctuation at word ends, mixed scripts: whatever
 * the path decides, the result is ICU's; the ones marked 1 must be taken. */
static const struct { const char *in; int taken; } MIXED[] = {
    {"  محمد   علي  ", 1},                        /* several spaces, leading, trailing */
    {"محمد محمد محمد محمد", 1},                   /* the memo hit within a name */
    {"Akhter Mohmad son of Noor Mohmad (اختر محمد ولد نور محمد ),", 1}, /* ASCII words forced through Arabic */
    {"أنصار الشريعة - بنغازي", 1},
    {"أنصار الشريعة – درنة", 1},
    {"محمد، علي؟ عبد؛", 1},                      /* Arabic comma, question mark, semicolon */
    {"محمد ?علي", 1},                            /* '?' after a space is a separator */
    {"محمد? علي", 1},                            /* after a letter: dropped, no join across the space */
    {"محمد 'علي' x'y", 1},
    {"\xD9\x8E\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF \xD9\x90", 1}, /* a word starting with fatha, a lone kasra */
    {"x \xCC\x81y z\xCC\x88 \xCC\x88", 1},       /* combining marks at word starts (Latin) */
    {"Αθήνα abc;def a?b", 1},                     /* Greek-Latin's ';' and '?' over ASCII words */
    {"Αθήνα; Πειραιάς·", 1},
    {"Αθήνα محمد", 1},                            /* Greek and Arabic steps forced on each other */
    {"Ελένη José Müller", 1},
    {"محمد µ", 1},                                /* µ folds to Greek */
    {"a;µ", 1},                                   /* ... and Greek-Latin makes ';' a '?': "am" */
    {"??1 Bawindššā Ḥ;2µBawindššār Ḥ", 1},        /* fuzz_normalize: the Latin path took µ as context-free */
    {"הראל محمد שלום", 1},
    {"שלום 123 ١٢٣ ۴۵۶", 1},                      /* digits of three scripts */
    {"ﷺ محمد", 1},                                /* NFKC: one character, four words */
    {"\xEF\xB9\xB0محمد", 1},                      /* U+FE70: NFKC gives a space and a mark */
    {"山田 たろう", 1},
    {"東京 タワー ーカ カッ ッカ", 1},            /* prolonged sound mark, small tsu at word ends */
    {"김정은 Kim", 1},
    {"ꯃꯅꯤꯄꯨꯔ ᠮᠣᠩᠭᠣᠯ 𐌰𐌱", 1},                       /* Meetei, Mongolian, Gothic */
    {"ไทย ภาษาไทย ไทย", 1},
    {"नरेन्द्र\xE2\x80\x8D मोदी", 1},               /* ZWJ inside a Devanagari word */
    {"Ri'ad Muhammad Hasan (Previously listed as. In Arabic: رياض محمد حسن محمد الحجازي)", 1},
};

static void mixed(void **state)
{
    emb_normalizer *n = *state;
    for (size_t i = 0; i < sizeof MIXED / sizeof MIXED[0]; i++)
        for (int twice = 0; twice < 2; twice++)
            if (same_as_icu(n, MIXED[i].in) != MIXED[i].taken)
                fail_msg("\"%s\": word path %s", MIXED[i].in, MIXED[i].taken ? "not taken" : "taken");
}

/* Every pair and every triple of a pool of words that test what a word can
 * do to its neighbours: scripts that call for different steps, punctuation
 * the steps rewrite, apostrophes and '?' the tokenizer drops without a gap,
 * marks at the ends, Cyrillic. */
static const char *const POOL[] = {
    "محمد", "الله", "ال", "بن", "على", "عبد؟", "،", "؟x", "ة", "یزدی", "چوہدری", "\xD9\x8E",
    "הראל", "שָׁלוֹם", "״", "Αθήνα", "γκ", "μπ", "Σ;", ";", "?", "'", "x'", "?x", "a?",
    "\xCC\x81", "é", "\xCC\x88x", "abc", "123", "-", "(x)", "शान्ता", "्", "ไทย", "ბიძინა",
    "Արմեն", "タワー", "ー", "ッ", "山", "김", "µ", "ᵸ", "Пётр", "ﷺ", "·", "\xEF\xBF\xBD",
};

static void pairs_and_triples(void **state)
{
    emb_normalizer *n = *state;
    size_t np = sizeof POOL / sizeof POOL[0], taken = 0, total = 0;
    char s[256];
    for (size_t i = 0; i < np; i++)
        for (size_t j = 0; j < np; j++) {
            snprintf(s, sizeof s, "%s %s", POOL[i], POOL[j]);
            taken += (size_t)same_as_icu(n, s);
            total++;
            for (size_t k = 0; k < np; k += 3) {
                snprintf(s, sizeof s, "%s %s %s", POOL[i], POOL[j], POOL[(k + i) % np]);
                taken += (size_t)same_as_icu(n, s);
                total++;
            }
        }
    print_message("%zu of %zu pairs and triples took the word path\n", taken, total);
    /* only the ones with Cyrillic (Пётр, ᵸ) may decline: ~1 in 11 pairs, 1 in 8 triples */
    assert_true(taken * 100 >= total * 80);
}

/* Long words: up to WORD_KEY_MAX (255 bytes) remembered, longer ones sent
 * to ICU with their whole name (still ICU's result through emb_normalize). */
static void long_words(void **state)
{
    emb_normalizer *n = *state;
    static char s[4096], t[8400];
    size_t o = 0;
    for (int i = 0; i < 30; i++) o += (size_t)snprintf(s + o, sizeof s - o, "%s", i % 3 ? "محمد" : "ש");
    assert_true(o <= 255);
    snprintf(t, sizeof t, "محمد %s علي %s", s, s);
    assert_true(same_as_icu(n, t));
    assert_true(same_as_icu(n, t));
    for (int i = 30; i < 200; i++) o += (size_t)snprintf(s + o, sizeof s - o, "%s", i % 3 ? "محمد" : "ש");
    assert_true(o > 255);
    assert_false(same_as_icu(n, s));
    snprintf(t, sizeof t, "محمد %s علي", s);
    assert_false(same_as_icu(n, t));
    /* too small a buffer: both say EMBARGO_EUSAGE */
    char out[8];
    int taken = 0;
    const char *name = "عبد الملك سعيد آل بن لافي";
    assert_int_equal(emb_normalize_words(n, name, strlen(name), out, sizeof out, &taken), EMBARGO_EUSAGE);
    assert_true(taken);
    assert_int_equal(emb_normalize_icu(n, name, strlen(name), out, sizeof out), EMBARGO_EUSAGE);
    assert_int_equal(emb_normalize(n, name, strlen(name), out, sizeof out), EMBARGO_EUSAGE);
}

/* More distinct words than the table holds (8192 slots filled to 3/4,
 * 6144 words): once it is full, names of remembered words still take the
 * path, names with a new word go to ICU whole; all agree with ICU. */
static void table_full(void **state)
{
    emb_normalizer *n = *state;
    static const char *const L[] = {"ب", "ت", "ج", "د", "ر", "س", "ع", "ف", "ق", "ل", "م", "ن", "ه", "و", "ي", "ك"};
    char name[256], out[256];
    size_t taken = 0, count = 0, after_full = 0;
    for (unsigned w = 0; w < 9000; w += 3) {
        /* three new 4-letter words per name, then a remembered one: 9000 words */
        size_t o = 0;
        for (unsigned k = 0; k < 3; k++) {
            unsigned v = w + k;
            for (int d = 0; d < 4; d++, v /= 16) o += (size_t)snprintf(name + o, sizeof name - o, "%s", L[v % 16]);
            name[o++] = ' ';
        }
        o += (size_t)snprintf(name + o, sizeof name - o, "محمد");
        int t = 0;
        if (w % 60 == 0 || (w > 6000 && w < 6300)) t = same_as_icu_n(n, name, o);
        else assert_true(emb_normalize_words(n, name, o, out, sizeof out, &t) >= 0);
        if (taken < count) after_full += (size_t)t; /* a name declined before */
        taken += (size_t)t;
        count++;
    }
    /* 6144 words fit, محمد and the self-check's (~70) among them: ~2020
     * names of 3 new words, then none */
    print_message("%zu of %zu names took the word path\n", taken, count);
    assert_true(taken >= 2000 && taken <= 2047);
    assert_int_equal(after_full, 0);
    /* remembered words only: taken; a new one among them: ICU */
    assert_true(same_as_icu(n, "بببب تببب جببب محمد"));
    assert_false(same_as_icu(n, "بببب زززز محمد"));
    assert_true(same_as_icu(n, "بببب تببب abc محمد"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(real_names, setup, teardown),
        cmocka_unit_test_setup_teardown(declined, setup, teardown),
        cmocka_unit_test_setup_teardown(mixed, setup, teardown),
        cmocka_unit_test_setup_teardown(pairs_and_triples, setup, teardown),
        cmocka_unit_test_setup_teardown(long_words, setup, teardown),
        cmocka_unit_test_setup_teardown(table_full, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
