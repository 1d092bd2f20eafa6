/* test_normalize_cyrillic.c - the Cyrillic fast path against the ICU
 * pipeline.
 *
 * emb_normalize spells Russian, Ukrainian, Belarusian, Serbian and
 * Macedonian text without ICU when it can (normalize.c, "the Cyrillic fast
 * path"); emb_normalize_cyrillic runs that path alone and says whether it
 * took the text, emb_normalize_icu always runs ICU.  Where the fast path
 * takes a text both must agree byte for byte: on every letter pair of each
 * alphabet in every case mix and word position,
 * on every lowercase triple, and on random names mixed with punctuation,
 * digits and Latin.  The Cyrillic names of the shipped lists are compared in
 * test_normalize_lists.c, in its one walk over the lists. */
#include "testutil.h"
#include "embargo.h"
#include "normalize/normalize.h"
#include "normalizer_fixture.h"
#include <stdint.h>
#include <stdlib.h>

/* Compares both paths on s; returns 1 if the fast path took it. */
static int same_as_icu(emb_normalizer *n, const char *s)
{
    char a[1024], b[1024];
    size_t len = strlen(s);
    int taken = 0;
    long ra = emb_normalize_cyrillic(n, s, len, a, sizeof a, &taken);
    long rb = emb_normalize_icu(n, s, len, b, sizeof b);
    if (taken && (ra != rb || (ra > 0 && strcmp(a, b) != 0)))
        fail_msg("\"%s\": fast \"%s\" (%ld), ICU \"%s\" (%ld)", s, ra > 0 ? a : "", ra, rb > 0 ? b : "", rb);
    /* emb_normalize itself, whichever path it takes */
    long rc = emb_normalize(n, s, len, a, sizeof a);
    if (rc != rb || (rc > 0 && strcmp(a, b) != 0))
        fail_msg("\"%s\": emb_normalize \"%s\" (%ld), ICU \"%s\" (%ld)", s, rc > 0 ? a : "", rc, rb > 0 ? b : "", rb);
    return taken;
}

/* The letters each language's rules spell (casefolded), and a word that
 * makes translit() pick that language when added to a name. */
static const struct { const char *name, *letters, *marker; } LANGS[] = {
    {"ru", "абвгдежзийклмнопрстуфхцчшщъыьэюяё", ""},
    {"uk", "абвгдежзийклмнопрстуфхцчшщьюяєіїґ’", " ї"},
    {"be", "абвгдежзийклмнопрстуфхцчшъыьэюяёіўґ", " ў"},
    {"sr", "абвгдежзиклмнопрстуфхцчшђјљњћџ", " ђ"},
    {"mk", "абвгдежзиклмнопрстуфхцчшѓѕјљњќџ", " ѓ"},
};

/* Splits a UTF-8 string into its characters (each at most 3 bytes). */
static size_t chars_of(const char *s, char out[][4], size_t max)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n < max;) {
        size_t k = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : 3;
        memcpy(out[n], p, k);
        out[n][k] = '\0';
        n++;
        p += k;
    }
    return n;
}

/* Uppercase of one Cyrillic letter, by the Unicode layout (А..Я = а..я -
 * 0x20, Ѐ..Џ = ѐ..џ - 0x50, Ґ = ґ - 1); other characters unchanged. */
static void upper(const char *in, char *out)
{
    const unsigned char *p = (const unsigned char *)in;
    strcpy(out, in);
    if (p[0] < 0xD0 || p[0] > 0xD2 || !p[1]) return;
    uint32_t c = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
    if (c >= 0x430 && c <= 0x44F) c -= 0x20;
    else if (c >= 0x450 && c <= 0x45F) c -= 0x50;
    else if (c == 0x491) c = 0x490;
    out[0] = (char)(0xC0 | c >> 6);
    out[1] = (char)(0x80 | (c & 0x3F));
}

/* Every pair of letters (each lower or upper) of each alphabet, between
 * every kind of neighbour the rules look at: word boundary, space, hyphen,
 * apostrophes, digits, Latin letters, a Cyrillic vowel and sign, quotes. */
static void pairs_in_context(void **state)
{
    emb_normalizer *n = *state;
    static const char *const ctx[][2] = {
        {"", ""}, {" ", " "}, {"-", "-"}, {"'", "'"}, {"1", "2"}, {"a", "b"}, {"K", "Z"},
        {"а", "ь"}, {"б", "й"}, {"’", "’"}, {"«", "»"}, {"?", "?"}, {"\xC2\xA0", "\xE2\x80\x94"},
        {"ë", "é"}, {"ĸ", "Ñ"}, {"ß", "ŀ"}, {"·", "ʼ"},
        /* stress marks and combining breve/diaeresis after the pair */
        {"", "\xCC\x81"}, {"", "\xCC\x80"}, {" ", "\xCC\x86"}, {"-", "\xCC\x88"},
    };
    size_t tried = 0, taken = 0;
    char in[1024], ch[64][4], u1[4], u2[4];
    for (size_t l = 0; l < sizeof LANGS / sizeof LANGS[0]; l++) {
        size_t m = chars_of(LANGS[l].letters, ch, 64);
        for (size_t i = 0; i < m; i++) {
            for (size_t j = 0; j <= m; j++) { /* j == m: the letter alone */
                for (int cs = 0; cs < 4; cs++) {
                    upper(ch[i], u1);
                    if (j < m) upper(ch[j], u2);
                    const char *a = cs & 1 ? u1 : ch[i];
                    const char *b = j == m ? "" : cs & 2 ? u2 : ch[j];
                    for (size_t x = 0; x < sizeof ctx / sizeof ctx[0]; x++) {
                        snprintf(in, sizeof in, "%s%s%s%s%s", ctx[x][0], a, b, ctx[x][1], LANGS[l].marker);
                        taken += (size_t)same_as_icu(n, in);
                        tried++;
                    }
                }
            }
        }
    }
    print_message("%zu letter pairs in context, %zu took the fast path\n", tried, taken);
    /* all but the contexts ICU must read (ß ŀ · ʼ, breve, diaeresis) */
    assert_true(taken * 4 >= tried * 3);
}

/* Every lowercase triple of each alphabet, at a word start and after a
 * consonant: the Russian е/ё rules read what ICU's first pass rewrote two
 * letters back (аые, тэе), Belarusian reads its own output. */
static void triples(void **state)
{
    emb_normalizer *n = *state;
    size_t tried = 0, taken = 0;
    char in[1024], ch[64][4];
    for (size_t l = 0; l < sizeof LANGS / sizeof LANGS[0]; l++) {
        size_t m = chars_of(LANGS[l].letters, ch, 64);
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < m; j++)
                for (size_t k = 0; k < m; k++) {
                    snprintf(in, sizeof in, "%s%s%s%s", ch[i], ch[j], ch[k], LANGS[l].marker);
                    taken += (size_t)same_as_icu(n, in);
                    snprintf(in, sizeof in, "л%s%s%s%s", ch[i], ch[j], ch[k], LANGS[l].marker);
                    taken += (size_t)same_as_icu(n, in);
                    tried += 2;
                }
    }
    print_message("%zu letter triples, %zu took the fast path\n", tried, taken);
    assert_true(taken * 10 >= tried * 9);
}

/* Random names over each alphabet, or over all of them together (which
 * mixes languages: the fast path must pick translit()'s language or let
 * ICU decide), with spaces, hyphens, apostrophes, digits and Latin. */
static void random_names(void **state)
{
    emb_normalizer *n = *state;
    static const char *const extra[] = {" ", " ", "-", "'", "’", "1", "0", ".", ",", "a", "Z", "e", "(", "»",
                                        "ë", "Ë", "é", "ĸ", "\xE2\x80\xAF", "\xCC\x81", "\xCC\x81",
                                        "\xCC\x80", "\xCC\x86", "\xCC\x88"};
    char all[512] = "", ch[256][4], in[256];
    for (size_t l = 0; l < sizeof LANGS / sizeof LANGS[0]; l++) strcat(all, LANGS[l].letters);
    uint64_t seed = 0x9E3779B97F4A7C15u;
    size_t tried = 0, taken = 0;
    for (size_t l = 0; l <= sizeof LANGS / sizeof LANGS[0]; l++) {
        int mixed = l == sizeof LANGS / sizeof LANGS[0];
        size_t m = chars_of(mixed ? all : LANGS[l].letters, ch, 200);
        for (size_t e = 0; e < sizeof extra / sizeof extra[0]; e++) strcpy(ch[m++], extra[e]);
        for (int r = 0; r < 4000; r++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            size_t len = 1 + (seed >> 33) % 16, o = 0;
            int up = (seed >> 20) % 4; /* 0: all upper, 1: first upper, else lower */
            for (size_t i = 0; i < len; i++) {
                seed = seed * 6364136223846793005u + 1442695040888963407u;
                char u[4];
                upper(ch[(seed >> 33) % m], u);
                const char *c = up == 0 || (up == 1 && i == 0) ? u : ch[(seed >> 33) % m];
                memcpy(in + o, c, strlen(c));
                o += strlen(c);
            }
            in[o] = '\0';
            if (!mixed && r % 2) strcat(in, LANGS[l].marker);
            taken += (size_t)same_as_icu(n, in);
            tried++;
        }
    }
    print_message("%zu random names, %zu took the fast path\n", tried, taken);
    assert_true(taken * 2 >= tried);
}

/* What the rules make of contexts, pinned (through emb_normalize, whichever
 * path), and whether the fast path takes the text. */
static const struct { const char *in, *out; int fast; } CASES[] = {
    {"Сергей Лавров", "sergey lavrov", 1},
    {"ЛАВРОВ, Сергей Викторович", "lavrov sergey viktorovich", 1},
    {"Ёлкин Соловьёв Подъёмов", "yelkin solovyev podyemov", 1},  /* ё: ye at a start, after ь/ъ */
    {"аые тые тэе аэе еее", "aye tyye tee aeye yeyee", 1},       /* ICU's pass 1 reads its own output */
    {"д-е д'е д1е дʼе", "d ye dye d1e de", 0},                   /* ʼ is a letter for ICU: left to it */
    {"Ганна Ґонта Мар’яна", "hanna gonta maryana", 1},            /* Ukrainian */
    {"Сяргей Аляксандравіч Лукашэнка", "siarhei aliaksandravich lukashenka", 1}, /* Belarusian */
    {"Ђорђе Љубиша Џаковић", "dorde ljubisa dzakovic", 1},        /* Serbian */
    {"Ѓорѓи Ќирил Ѕвездан", "gorgi kiril dzvezdan", 1},           /* Macedonian: ѓ ќ are always g k */
    {"ООО «РОГА И КОПЫТА» – Москва", "ooo roga i kopyta moskva", 1},
    {"Сергей Lavrov", "sergey lavrov", 1},
    {"Сергей Müller", "sergey muller", 1},
    {"Пëтр Ниĸолай", "petr niqolay", 1},                          /* Latin ë, ĸ for е, к (OFSI, UN) */
    {"Сергей Straße", "sergey strasse", 0},                       /* ß casefolds to two letters: ICU */
    {"Никола́евна Николаевна", "nikolaevna nikolayevna", 1},      /* a stress mark keeps е from "ye" */
    {"Сергии\xCC\x86 Е\xCC\x88лкин", "sergiy yelkin", 1},        /* decomposed й ё */
    {"Ѓ Ќ Ѐ а\xCC\x80", "g k e a", 0},                          /* ѐ: NFC composes е + grave */
    {"ГРИГОРИЙ\xE2\x80\xAFАЗАРЕНОК", "grigoriy azarenok", 1},    /* U+202F between words (OS) */
    {"Ђорђе Йовић", "dorde jovic", 0},                           /* й is not Serbian: Any-Latin reads it */
    {"Ѐ ѐ", "e e", 0},
    {"Ілля ы", "illia y", 1},                                      /* і with ы: Belarusian */
    {"Їжак ы", "yizhak y", 0},                                     /* Ukrainian leaves ы to Any-Latin */
    {"Ә Нұрсұлтан", "n rs ltan", 0},  /* Kazakh letters: ICU's output today (ә ұ lost), not the fast path's */
};

static void cases(void **state)
{
    emb_normalizer *n = *state;
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        char out[256];
        long r = emb_normalize(n, CASES[i].in, strlen(CASES[i].in), out, sizeof out);
        if (r < 0 || strcmp(out, CASES[i].out) != 0)
            fail_msg("\"%s\" -> \"%s\" (%ld), want \"%s\"", CASES[i].in, r >= 0 ? out : "", r, CASES[i].out);
        assert_int_equal(same_as_icu(n, CASES[i].in), CASES[i].fast);
    }
}

/* The fast path honours the output capacity as emb_normalize does. */
static void output_too_small(void **state)
{
    emb_normalizer *n = *state;
    const char *s = "Щукин";
    char out[16];
    int taken = 0;
    assert_int_equal(emb_normalize_cyrillic(n, s, strlen(s), out, 9, &taken), 8);
    assert_true(taken);
    assert_string_equal(out, "shchukin");
    assert_int_equal(emb_normalize(n, s, strlen(s), out, 8), EMBARGO_EUSAGE);
    assert_int_equal(emb_normalize(n, "\xD0\xA9\xD0", 3, out, sizeof out), EMBARGO_EUTF8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cases),
        cmocka_unit_test(output_too_small),
        cmocka_unit_test(pairs_in_context),
        cmocka_unit_test(triples),
        cmocka_unit_test(random_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
