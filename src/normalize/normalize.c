/* normalize.c - name normalization: any script -> lowercase Latin ASCII tokens.
 *
 * Pure-ASCII input never touches ICU (lowercase + punctuation rules only):
 * most list names are ASCII and this runs for every name at load and for
 * every query.  Latin with diacritics, Han and Cyrillic have fast paths of
 * their own that give what ICU gives (see their sections below); the rest
 * (Arabic script, Hebrew, Greek, Indic, ...) takes the word path, which runs
 * each word through ICU once per normalizer and remembers it.  What is not
 * remembered goes through:
 *
 *   UTF-8 -> UTF-16 -> NFKC_Casefold (fullwidth, ligatures, ß -> ss)
 *     -> Hangul syllables romanized here, one token per syllable, in the
 *        DPRK-style system OFAC and the UN use ("kim jong un", "ri pyong chol")
 *     -> one language-specific ICU transliterator per script present:
 *          Cyrillic: Russian BGN/PCGN (ICU), Ukrainian BGN/PCGN (ICU), or
 *                    Belarusian in the passport system OFAC/UK use (our
 *                    rules: "aliaksandr", "siarhei", "uladzimiravich"),
 *                    Serbian/Macedonian BGN (ICU; so that "Ђорђевић" meets
 *                    Latin "Đorđević"); the language is picked from the
 *                    letters present (see slow_path),
 *          Greek:    ELOT 743 / UNGEGN (ICU), as Greek passports spell,
 *          Arabic script: ICU Arabic-Latin (consonant skeleton; ICU's
 *                    Arabic/Persian BGN rules leave letters untouched) with a
 *                    few fixes and a handful of frequent name words,
 *     -> Any-Latin for whatever non-Latin is left (Han pinyin, kana, Hebrew,
 *        Georgian, Armenian, Thai, Ethiopic, ...)
 *     -> Latin-ASCII, strip combining marks
 *     -> tokenizer: ASCII alphanumerics kept, apostrophe-like marks deleted
 *        (O'Brien -> obrien, ICU's soft/hard-sign primes), everything else
 *        becomes one separator.
 *
 * Not thread-safe per instance: the ICU transliterators and the scratch
 * buffers belong to one emb_normalizer; use one per thread. */
#include "normalize/normalize.h"
#include "embargo.h"
#include "util/file.h"
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

/* Which transliterator handles a script occurrence. */
enum { T_RU, T_UK, T_BE, T_SR, T_MK, T_EL, T_AR, T_ANY, T_ASCII, T_COUNT };

/* The Latin fast path's table: what the ICU pipeline makes of each Latin
 * letter with a diacritic, ligature or special form (U+0080..U+024F and
 * Latin Extended Additional) and of general punctuation, taken on its own. */
#define LAT_W 6              /* output UChars per entry at most */
#define LAT_SLOW 0xFF        /* entry length: leave this character to ICU */
/* letter: NFKC_Casefold makes the character one lowercase Latin letter
 * (ë, ĸ, é), which the Cyrillic fast path may meet inside a Cyrillic name. */
typedef struct latin_entry { uint8_t len, letter; UChar out[LAT_W]; } latin_entry;

/* The Cyrillic fast path's letters: U+0430..U+045F, then ґ. */
#define CY_N 49

struct emb_normalizer {
    UTransliterator *t[T_COUNT];
    const UNormalizer2 *nfkc_cf;
    UChar *a, *b;        /* scratch: the text and a spare of the same size */
    int32_t cap;         /* capacity of a and b, in UChars */
    latin_entry *latin;  /* built on the first non-ASCII input; NULL before */
    struct han_entry *han; /* Han characters met so far, open addressing on the code point */
    size_t han_n;
    int cyr_ok;            /* the Cyrillic fast path: 0 unchecked, 1 agrees with ICU, -1 off */
    int word_ok;           /* the word path: the same */
    uint8_t cyr_spells[CY_N]; /* per Cyrillic letter, the languages that spell it (bit per CY_*) */
    struct word_entry *words; /* words met so far (the word path), open addressing on a hash */
    size_t words_n;
    char *warena;             /* their bytes and outputs */
    size_t warena_len, warena_cap;
    char *wscratch;           /* a word's output before it is remembered */
    size_t wscratch_cap;
    struct word_ref *wrefs;   /* one call's words */
    size_t wrefs_cap;
};

/* Russian/Ukrainian: ICU's BGN/PCGN rules, then drop what they add for
 * reversibility: the primes for soft and hard signs (Ильич -> Ilʹich,
 * подъезд -> podʺyezd) and the middle dot that separates ambiguous pairs
 * (тс -> t·s).  Kept, they would split a word in two. */
static const char RULES_RU[] = "::Russian-Latin/BGN; [\\u00B7\\u02B9\\u02BA] > ;";
static const char RULES_UK[] = "::Ukrainian-Latin/BGN; [\\u00B7\\u02B9\\u02BA] > ;";

/* Belarusian as OFAC and the UK lists spell it (the Belarusian passport
 * system): ALIAKSANDR, SIARHEI, ULADZIMIRAVICH, MIKALAEVICH, FIODARAVA,
 * YAKAULEVICH.  ICU's Belarusian BGN gives "Alyaksandr", "Wladzimir".
 * Before-contexts in ICU rules see the text already transliterated, hence the
 * Latin classes: the iotated vowels take "i" after a consonant (or a soft
 * sign), "y" at a word start or after a vowel; е is "ye" only word-initially
 * ("Yepikhau", but "Aliaksei", "Mikalaevich"). */
static const char RULES_BE[] =
    "$c = [bcdfghjklmnpqrstvwxz];"
    "ый > y; ій > i;"
    "ье > ie; ьё > io; ью > iu; ья > ia; ь > ; ъ > ;"
    "[:L:] { е > e; е > ye;"
    "$c { ё > io; ё > yo;"
    "$c { ю > iu; ю > yu;"
    "$c { я > ia; я > ya;"
    "а > a; б > b; в > v; г > h; ґ > g; д > d; ж > zh; з > z; і > i; и > i;"
    "й > i; к > k; л > l; м > m; н > n; о > o; п > p; р > r; с > s; т > t;"
    "у > u; ў > u; ф > f; х > kh; ц > ts; ч > ch; ш > sh; щ > shch; ы > y;"
    "э > e;";

/* Serbian and Macedonian Cyrillic map one to one onto their Latin
 * alphabets (ICU's BGN rules are exactly those), which the lists then strip
 * of diacritics: Вучић -> Vučić -> vucic, Љубиша -> ljubisa. */
static const char RULES_SR[] = "::Serbian-Latin/BGN;";
static const char RULES_MK[] = "::Macedonian-Latin/BGN;";

/* γκ writes a foreign g (Σεργκέι = Sergei); UNGEGN would give "nk" */
static const char RULES_EL[] = "γκ > γ; ::Greek-Latin/UNGEGN;";

/* Arabic script (Arabic, Persian, Pashto, Urdu).  Unvocalized text has no
 * short vowels, so ICU gives a consonant skeleton ("frydwn" for فریدون); we
 * only fix what is cheap and certain: the feminine ending ة and alif maqsura
 * ى are read "a" (Usama, Mustafa, not "asamt", "mstfy"); a word-final yeh
 * after a letter is the "i" of nisba names (Tikriti, Abbasi); the article
 * is its own token ("al hlbi", as lists write "al-Halabi"); and a few very
 * frequent name words get their usual spelling.  The text is padded with a
 * space at both ends, so word boundaries are always a non-letter. */
static const char RULES_AR[] =
    "$l = [[:Arabic:]&[:L:]];"
    "$b = [^[:L:][:M:]];"
    "$b { الله } $b > allah; $b { [اأ]بو } $b > abu; $b { عبد } $b > abd;"
    "$b { محمد } $b > muhammad; $b { [اأ]حمد } $b > ahmad;"
    "$b { بن } $b > bin; $b { [اإ]بن } $b > ibn; $b { علي } $b > ali;"
    "$b { ال } $l > 'al ';"
    "ة > a; ى > a;"
    "$l { [يی] } $b > i;"
    "::Arabic-Latin;";

/* Everything else.  Any-Latin builds its per-script parts (Han-Latin is
 * large: ~150 ms) on first use, so a normalizer that never sees Han does not
 * pay for it; Han costs ~0.1 ms per short name, fine for the few on lists. */
static const char RULES_ANY[] = "::Any-Latin;";

/* Last step: Latin-ASCII for diacritics and special Latin letters (đ, ø,
 * æ, ł).  Combining marks left over (i̇ from case-folding İ) are skipped by
 * the tokenizer, cheaper than an NFD/NFC round trip here. */
static const char RULES_ASCII[] = "::Latin-ASCII;";

static const char *const RULES[T_COUNT] = {
    RULES_RU, RULES_UK, RULES_BE, RULES_SR, RULES_MK, RULES_EL, RULES_AR, RULES_ANY, RULES_ASCII,
};

int emb_normalizer_new(emb_normalizer **out)
{
    *out = NULL;
    emb_normalizer *n = calloc(1, sizeof *n);
    if (!n) return EMBARGO_ENOMEM;
    UErrorCode st = U_ZERO_ERROR;
    n->nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
    if (U_FAILURE(st)) {
        emb_normalizer_free(n);
        return EMBARGO_EIO;
    }
    *out = n;
    return 0;
}

/* Transliterator i, compiled on first use: all of them together cost about
 * 185 million instructions (40-60 ms), which a context that only ever sees
 * ASCII or a fast path's scripts never needs (a CLI query, a thread of a
 * batch of Latin names). */
static UTransliterator *trans(emb_normalizer *n, int i, int *rc)
{
    if (n->t[i]) return n->t[i];
    UErrorCode st = U_ZERO_ERROR;
    UChar rules[2048];
    int32_t len = 0;
    u_strFromUTF8(rules, (int32_t)(sizeof rules / sizeof rules[0]), &len, RULES[i], -1, &st);
    static const UChar id[] = {'e', 'm', 'b', 'a', 'r', 'g', 'o', 0};
    UParseError pe;
    if (U_SUCCESS(st)) n->t[i] = utrans_openU(id, -1, UTRANS_FORWARD, rules, len, &pe, &st);
    if (U_FAILURE(st)) {
        if (n->t[i]) utrans_close(n->t[i]);
        n->t[i] = NULL;
        *rc = st == U_MEMORY_ALLOCATION_ERROR ? EMBARGO_ENOMEM : EMBARGO_EIO;
        return NULL;
    }
    return n->t[i];
}

void emb_normalizer_free(emb_normalizer *n)
{
    if (!n) return;
    for (int i = 0; i < T_COUNT; i++)
        if (n->t[i]) utrans_close(n->t[i]);
    free(n->a);
    free(n->b);
    free(n->latin);
    free(n->han);
    free(n->words);
    free(n->warena);
    free(n->wscratch);
    free(n->wrefs);
    free(n);
}

/* ---- tokenizer (shared by both paths) ---- */

/* Marks that stand for an apostrophe inside a name: deleted without
 * splitting the word (O'Brien, D’Souza, Ma`ruf, Oʻzbekiston, ʿAbd, and the
 * primes ICU writes for ь/ъ or for Thai). */
static int is_apostrophe(uint32_t c)
{
    return c == '\'' || c == '`' || c == 0x2019 || c == 0x02BC || c == 0x02BB ||
           c == 0x02BF || c == 0x02BE || c == 0x02B9 || c == 0x02BA ||
           c == 0x2032;
}

typedef struct { char *out; size_t cap, o; int gap; } tok_state;

/* Appends one ASCII alphanumeric, preceded by a space if a separator was
 * seen since the last one.  -1 when it does not fit (with the NUL). */
static int tok_put(tok_state *s, char c)
{
    if (s->gap && s->o) {
        if (s->o + 1 >= s->cap) return -1;
        s->out[s->o++] = ' ';
    }
    s->gap = 0;
    if (s->o + 1 >= s->cap) return -1;
    s->out[s->o++] = c;
    return 0;
}

static int tok_char(tok_state *s, uint32_t c)
{
    if (c >= 'A' && c <= 'Z') return tok_put(s, (char)(c - 'A' + 'a'));
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return tok_put(s, (char)c);
    if (is_apostrophe(c)) return 0;
    /* '?' or U+FFFD right after a letter is, in names, an apostrophe lost to a
     * wrong character set (Mus?ab for Mus'ab): dropped like one */
    if ((c == '?' || c == 0xFFFD) && !s->gap && s->o) return 0;
    if (c >= 0x300 && u_charType((UChar32)c) == U_NON_SPACING_MARK) return 0;
    if (c >= 0x80 && u_isdigit((UChar32)c)) {
        /* Digits of other scripts (Arabic-Indic ٣) are still digits. */
        int v = u_charDigitValue((UChar32)c);
        if (v >= 0 && v <= 9) return tok_put(s, (char)('0' + v));
    }
    s->gap = 1;
    return 0;
}

static long tok_finish(tok_state *s)
{
    if (s->cap == 0) return EMBARGO_EUSAGE;
    s->out[s->o] = '\0';
    return (long)s->o;
}

/* ---- the ICU path ---- */

static int grow(emb_normalizer *n, int32_t need)
{
    if (need <= n->cap) return 0;
    int32_t cap = n->cap ? n->cap : 256;
    while (cap < need) {
        if (cap > INT32_MAX / 2) return EMBARGO_ENOMEM;
        cap *= 2;
    }
    UChar *a = realloc(n->a, (size_t)cap * sizeof *a);
    if (!a) return EMBARGO_ENOMEM;
    n->a = a;
    UChar *b = realloc(n->b, (size_t)cap * sizeof *b);
    if (!b) return EMBARGO_ENOMEM;
    n->b = b;
    n->cap = cap;
    return 0;
}

/* Runs transliterator t over n->a[0..*len) in place.  The text may grow
 * (one Han character becomes a pinyin syllable); on overflow we restore the
 * input from n->b, enlarge and retry. */
static int run(emb_normalizer *n, int which, int32_t *len)
{
    int rc = 0;
    UTransliterator *t = trans(n, which, &rc);
    if (!t) return rc;
    for (;;) {
        memcpy(n->b, n->a, (size_t)*len * sizeof(UChar));
        UErrorCode st = U_ZERO_ERROR;
        int32_t tl = *len, limit = *len;
        utrans_transUChars(t, n->a, &tl, n->cap, 0, &limit, &st);
        if (U_SUCCESS(st)) { *len = tl; return 0; }
        if (st != U_BUFFER_OVERFLOW_ERROR) return EMBARGO_ENOMEM;
        int32_t keep = *len;
        if (n->cap > INT32_MAX / 2 || grow(n, n->cap * 2) != 0) return EMBARGO_ENOMEM;
        memcpy(n->a, n->b, (size_t)keep * sizeof(UChar));
    }
}

/* Hangul syllable -> Latin, one token per syllable.  The system is the one
 * DPRK names carry on the lists (Kim Jong Un, Ri Pyong Chol, Choe Ryong Hae,
 * Jang Song Thaek, No Kwang Chol): McCune-Reischauer without breves or
 * apostrophes, j for ㅈ, kh/th/ph for the aspirates.  Names are short and a
 * syllable is the unit people romanize, so no sandhi across syllables. */
static const char *const HG_L[19] = {"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s",
                                     "ss", "", "j", "jj", "ch", "kh", "th", "ph", "h"};
static const char *const HG_V[21] = {"a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae",
                                     "oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui", "i"};
static const char *const HG_T[28] = {"", "k", "k", "k", "n", "n", "n", "t", "l", "k",
                                     "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
                                     "t", "ng", "t", "t", "k", "t", "p", "t"};

static int hangul(emb_normalizer *n, int32_t *len)
{
    /* At most " yae" + "ng " = 9 UChars per syllable. */
    if ((int64_t)*len * 9 + 2 > INT32_MAX || grow(n, *len * 9 + 2) != 0) return EMBARGO_ENOMEM;
    memcpy(n->b, n->a, (size_t)*len * sizeof(UChar));
    int32_t o = 0;
    for (int32_t i = 0; i < *len; i++) {
        UChar c = n->b[i];
        if (c < 0xAC00 || c > 0xD7A3) { n->a[o++] = c; continue; }
        int s = c - 0xAC00;
        const char *parts[3] = {HG_L[s / (21 * 28)], HG_V[s % (21 * 28) / 28], HG_T[s % 28]};
        n->a[o++] = ' ';
        for (int k = 0; k < 3; k++)
            for (const char *p = parts[k]; *p; p++) n->a[o++] = (UChar)*p;
        n->a[o++] = ' ';
    }
    *len = o;
    return 0;
}

/* Scripts seen in the text, to run only the transliterators needed. */
typedef struct {
    int cyr, be, uk, uk_or_be, be_only, sr, mk, greek, arabic, hangul, other;
} scripts;

static void scan(const UChar *s, int32_t len, scripts *sc)
{
    memset(sc, 0, sizeof *sc);
    for (int32_t i = 0; i < len; i++) {
        UChar c = s[i];
        if (c < 0x250) continue; /* ASCII and Latin: Latin-ASCII handles them */
        if (c >= 0x400 && c <= 0x52F) {
            sc->cyr = 1;
            switch (c) {
            case 0x45E: sc->be = 1; break;                             /* ў */
            case 0x457: case 0x454: case 0x491: sc->uk = 1; break;     /* ї є ґ */
            case 0x456: sc->uk_or_be = 1; break;                       /* і */
            case 0x44B: case 0x44D: sc->be_only = 1; break;            /* ы э (not Ukrainian) */
            case 0x452: case 0x458: case 0x459: case 0x45A: case 0x45B: case 0x45F:
                sc->sr = 1; break;                                     /* ђ ј љ њ ћ џ */
            case 0x453: case 0x455: case 0x45C: sc->mk = 1; break;     /* ѓ ѕ ќ */
            default: break;
            }
        } else if ((c >= 0x370 && c <= 0x3FF) || (c >= 0x1F00 && c <= 0x1FFF)) {
            sc->greek = 1;
        } else if ((c >= 0x600 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F) ||
                   (c >= 0x8A0 && c <= 0x8FF)) {
            sc->arabic = 1;
        } else if (c >= 0xAC00 && c <= 0xD7A3) {
            sc->hangul = 1;
        } else if (!(c >= 0x1E00 && c <= 0x1EFF)) {
            sc->other = 1;
        }
    }
}

/* Do letters remain that are neither Latin nor shared (Han, kana, Hebrew,
 * Thai, a Cyrillic letter the language rules did not know, ...)?  Returns
 * T_ANY then, else -1. */
static int leftover(const UChar *s, int32_t len)
{
    for (int32_t i = 0; i < len; i++) {
        UChar32 c = s[i];
        if (c < 0x250) continue;
        if (U16_IS_LEAD(s[i]) && i + 1 < len && U16_IS_TRAIL(s[i + 1])) {
            c = U16_GET_SUPPLEMENTARY(s[i], s[i + 1]);
            i++;
        }
        UErrorCode st = U_ZERO_ERROR;
        UScriptCode sc = uscript_getScript(c, &st);
        if (sc != USCRIPT_LATIN && sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED) return T_ANY;
    }
    return -1;
}

static int all_ascii(const UChar *s, int32_t len)
{
    for (int32_t i = 0; i < len; i++)
        if (s[i] >= 0x80) return 0;
    return 1;
}

/* The steps of translit() that a text calls for, for the word path (see
 * there): in a name, one word's steps run over every word. */
enum { TR_CYR = 1, TR_GREEK = 2, TR_ARABIC = 4, TR_ANY = 8 };

/* The ICU pipeline: leaves the transliterated text in n->a[0..*out_len),
 * padded with a space at both ends.  force: TR_GREEK, TR_ARABIC, TR_ANY
 * steps to run even if the text does not call for them (the word path);
 * *calls (if not NULL) gets the TR_* steps the text itself calls for. */
static int translit(emb_normalizer *n, const char *in, size_t len, int32_t *out_len, unsigned force,
                    unsigned *calls)
{
    if (len > INT32_MAX / 8) return EMBARGO_EUSAGE;
    /* UTF-16 never has more units than UTF-8 has bytes; +2 for the padding. */
    if (grow(n, (int32_t)len + 2) != 0) return EMBARGO_ENOMEM;
    UErrorCode st = U_ZERO_ERROR;
    int32_t ulen = 0;
    u_strFromUTF8(n->b, n->cap, &ulen, in, (int32_t)len, &st);
    if (U_FAILURE(st)) return EMBARGO_EUTF8;

    /* NFKC_Casefold; the result can be longer (ﷺ is 18 characters). */
    for (;;) {
        st = U_ZERO_ERROR;
        int32_t nl = unorm2_normalize(n->nfkc_cf, n->b, ulen, n->a + 1, n->cap - 2, &st);
        if (U_SUCCESS(st)) { ulen = nl; break; }
        if (st != U_BUFFER_OVERFLOW_ERROR) return EMBARGO_ENOMEM;
        /* b holds the input; grow() keeps its content. */
        if (nl > INT32_MAX - 2 || grow(n, nl + 2) != 0) return EMBARGO_ENOMEM;
    }
    /* Pad with spaces so that word-boundary contexts in the rules match at
     * both ends; the tokenizer drops them. */
    n->a[0] = ' ';
    n->a[ulen + 1] = ' ';
    ulen += 2;

    scripts sc;
    scan(n->a, ulen, &sc);
    int rc = 0;
    if (sc.hangul) rc = hangul(n, &ulen);
    if (!rc && sc.cyr) {
        /* One language for the whole name, chosen by letters only some
         * alphabets have: ѓ ѕ ќ Macedonian; ђ ј љ њ ћ џ Serbian; ў, or і
         * together with ы/э, Belarusian; ї є ґ, or і without ы/э,
         * Ukrainian; everything else Russian (which also serves Kazakh,
         * Kyrgyz, Bulgarian well enough; their extra letters fall through
         * to Any-Latin). */
        int which = T_RU;
        if (sc.mk) which = T_MK;
        else if (sc.sr) which = T_SR;
        else if (sc.be || (sc.uk_or_be && sc.be_only)) which = T_BE;
        else if (sc.uk || sc.uk_or_be) which = T_UK;
        rc = run(n, which, &ulen);
    }
    if (!rc && (sc.greek || (force & TR_GREEK))) rc = run(n, T_EL, &ulen);
    if (!rc && (sc.arabic || (force & TR_ARABIC))) rc = run(n, T_AR, &ulen);
    int any = 0;
    /* (forced steps could leave letters in text that had none to check) */
    if (!rc && (sc.other || sc.cyr || sc.arabic || sc.greek || force)) any = leftover(n->a, ulen) >= 0;
    if (!rc && (any || (force & TR_ANY))) rc = run(n, T_ANY, &ulen);
    if (!rc && !all_ascii(n->a, ulen)) rc = run(n, T_ASCII, &ulen);
    *out_len = ulen;
    if (calls)
        *calls = (sc.cyr ? TR_CYR : 0) | (sc.greek ? TR_GREEK : 0) | (sc.arabic ? TR_ARABIC : 0) | (any ? TR_ANY : 0);
    return rc;
}

/* translit() and the tokenizer; force and *calls as for translit. */
static long slow_path_forced(emb_normalizer *n, const char *in, size_t len, tok_state *ts, unsigned force,
                             unsigned *calls)
{
    int32_t ulen = 0;
    int rc = translit(n, in, len, &ulen, force, calls);
    if (rc) return rc;
    for (int32_t i = 0; i < ulen; i++) {
        uint32_t c = n->a[i];
        if (U16_IS_LEAD(n->a[i]) && i + 1 < ulen && U16_IS_TRAIL(n->a[i + 1])) {
            c = (uint32_t)U16_GET_SUPPLEMENTARY(n->a[i], n->a[i + 1]);
            i++;
        }
        if (tok_char(ts, c) != 0) return EMBARGO_EUSAGE;
    }
    return tok_finish(ts);
}

static long slow_path(emb_normalizer *n, const char *in, size_t len, tok_state *ts)
{
    return slow_path_forced(n, in, len, ts, 0, NULL);
}

/* ---- the Latin fast path ----
 *
 * Most names that are not ASCII are Latin with diacritics (Müller, José,
 * Łukasz, Nguyễn).  ICU's Latin-ASCII costs ~10 us per name; a table lookup
 * per character costs nothing.  The table holds, for each character of the
 * ranges below, exactly what translit() makes of it (NFKC casefold, then
 * Latin-ASCII); characters ICU reads in context (combining marks, which
 * compose with the letter before them) are not in the ranges, and µ (Greek
 * after NFKC, so Greek-Latin runs over the whole name) is left out: they
 * take the other paths.
 * tests/test_normalize.c compares both paths on every name of the shipped
 * lists. */
#define LAT_N (0x250 - 0x80 + 0x100 + 0x70)

static int latin_slot(uint32_t c)
{
    if (c >= 0x80 && c < 0x250) return (int)(c - 0x80);
    if (c >= 0x1E00 && c < 0x1F00) return (int)(c - 0x1E00 + 0x1D0);
    if (c >= 0x2000 && c < 0x2070) return (int)(c - 0x2000 + 0x2D0);
    return -1;
}

static int latin_build(emb_normalizer *n)
{
    latin_entry *t = calloc(LAT_N, sizeof *t);
    if (!t) return EMBARGO_ENOMEM;
    static const uint32_t ranges[][2] = {{0x80, 0x250}, {0x1E00, 0x1F00}, {0x2000, 0x2070}};
    for (size_t r = 0; r < 3; r++) {
        for (uint32_t c = ranges[r][0]; c < ranges[r][1]; c++) {
            int slot = latin_slot(c);
            if (slot < 0) continue; /* not reached: the ranges are the slots */
            latin_entry *e = &t[slot];
            e->len = LAT_SLOW;
            char u8[4];
            size_t k = 0;
            if (c < 0x800) { u8[k++] = (char)(0xC0 | c >> 6); }
            else { u8[k++] = (char)(0xE0 | c >> 12); u8[k++] = (char)(0x80 | ((c >> 6) & 0x3F)); }
            u8[k++] = (char)(0x80 | (c & 0x3F));
            int32_t ulen = 0;
            unsigned calls = 0;
            if (translit(n, u8, k, &ulen, 0, &calls) != 0 || ulen < 2) continue;
            /* µ folds to Greek μ: in a name it makes translit() run
             * Greek-Latin over every character, which turns ';' into a '?'
             * the tokenizer drops ("a;µ" -> "am"): not context-free */
            if (calls) continue;
            /* drop the padding spaces */
            int32_t m = ulen - 2;
            if (m > LAT_W) continue;
            int ok = 1;
            for (int32_t i = 0; i < m; i++) ok &= !U16_IS_SURROGATE(n->a[1 + i]);
            if (!ok) continue;
            memcpy(e->out, n->a + 1, (size_t)m * sizeof(UChar));
            e->len = (uint8_t)m;
            UChar src = (UChar)c, fold[4];
            UErrorCode st = U_ZERO_ERROR;
            int32_t fl = unorm2_normalize(n->nfkc_cf, &src, 1, fold, 4, &st);
            UErrorCode st2 = U_ZERO_ERROR;
            e->letter = U_SUCCESS(st) && fl == 1 && u_charType(fold[0]) == U_LOWERCASE_LETTER &&
                        uscript_getScript(fold[0], &st2) == USCRIPT_LATIN;
        }
    }
    n->latin = t;
    return 0;
}

/* ---- the Han fast path ----
 *
 * ICU romanizes Han one character at a time (Han-Latin: a syllable each,
 * separated by spaces), ~100 us per name through Any-Latin.  Each character
 * met is romanized once through the ICU pipeline and remembered per
 * normalizer; a name of Han characters (with spaces or punctuation, no other
 * letters: kana are read in context) is then the syllables joined.
 * tests/test_normalize*.c compare this with ICU. */
#define HAN_CAP 8192             /* characters remembered per normalizer (power of 2) */
#define HAN_W 11
typedef struct han_entry { uint32_t cp; uint8_t len; char out[HAN_W]; } han_entry; /* len LAT_SLOW: use ICU */

static int is_han(uint32_t c) { return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF); }

/* The syllable of Han character c, computed on first sight; NULL if ICU must
 * read the text (table full, or not one plain syllable). */
static const han_entry *han_get(emb_normalizer *n, uint32_t c)
{
    if (!n->han && !(n->han = calloc(HAN_CAP, sizeof *n->han))) return NULL;
    size_t j = (c * 2654435761u) & (HAN_CAP - 1);
    while (n->han[j].cp) {
        if (n->han[j].cp == c) return n->han[j].len == LAT_SLOW ? NULL : &n->han[j];
        j = (j + 1) & (HAN_CAP - 1);
    }
    if (n->han_n * 4 >= HAN_CAP * 3) return NULL; /* keep the table sparse */
    char u8[4] = {(char)(0xE0 | c >> 12), (char)(0x80 | ((c >> 6) & 0x3F)), (char)(0x80 | (c & 0x3F)), 0};
    char out[64];
    tok_state ts = {out, sizeof out, 0, 0};
    long r = slow_path(n, u8, 3, &ts);
    han_entry *e = &n->han[j];
    e->cp = c;
    n->han_n++;
    if (r <= 0 || r >= HAN_W || memchr(out, ' ', (size_t)r)) { e->len = LAT_SLOW; return NULL; }
    memcpy(e->out, out, (size_t)r);
    e->len = (uint8_t)r;
    return e;
}

/* Decodes valid UTF-8 and tokenizes it through the tables (Latin; Han when
 * no other letters are present).  *needs_icu = 1 if a character is outside
 * them, else 0 and the result or an error. */
static long latin_path(emb_normalizer *n, const unsigned char *in, size_t len, tok_state *ts, int *needs_icu)
{
    *needs_icu = 1;
    int han = 0, letters = 0, joiner = 0;
    for (size_t i = 0; i < len;) {
        uint32_t c = in[i];
        size_t k;
        if (c < 0x80) k = 1;
        else if (c < 0xE0) { c = (c & 0x1F) << 6 | (in[i + 1] & 0x3F); k = 2; }
        else if (c < 0xF0) { c = (c & 0x0F) << 12 | (uint32_t)(in[i + 1] & 0x3F) << 6 | (in[i + 2] & 0x3F); k = 3; }
        else return 0;
        i += k;
        /* marks the tokenizer drops without a gap (apostrophes, '?' after a
         * letter, combining marks) join ICU's syllables but not ours */
        joiner |= is_apostrophe(c) || c == '?' || c == 0xFFFD || (c >= 0x300 && u_charType((UChar32)c) == U_NON_SPACING_MARK);
        if (c < 0x80) { letters |= (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; letters |= c >= '0' && c <= '9'; continue; }
        if (is_han(c)) { if (!han_get(n, c)) return 0; han = 1; continue; }
        int slot = latin_slot(c);
        if (slot < 0 || n->latin[slot].len == LAT_SLOW) return 0;
        letters |= n->latin[slot].len > 0; /* conservative: anything that writes */
    }
    if (han && (letters || joiner)) return 0; /* Han next to other letters or joiners: ICU decides the boundaries */
    *needs_icu = 0;
    for (size_t i = 0; i < len;) {
        uint32_t c = in[i];
        if (c < 0x80) {
            i++;
            if (tok_char(ts, c) != 0) return EMBARGO_EUSAGE;
            continue;
        }
        if (c < 0xE0) { c = (c & 0x1F) << 6 | (in[i + 1] & 0x3F); i += 2; }
        else { c = (c & 0x0F) << 12 | (uint32_t)(in[i + 1] & 0x3F) << 6 | (in[i + 2] & 0x3F); i += 3; }
        if (is_han(c)) {
            const han_entry *e = han_get(n, c);
            if (!e) return EMBARGO_EUSAGE; /* not reached: checked above */
            ts->gap = 1;
            for (uint8_t j = 0; j < e->len; j++)
                if (tok_char(ts, (unsigned char)e->out[j]) != 0) return EMBARGO_EUSAGE;
            ts->gap = 1;
            continue;
        }
        int slot = latin_slot(c);
        if (slot < 0) return EMBARGO_EUSAGE; /* not reached: checked above */
        const latin_entry *e = &n->latin[slot];
        for (uint8_t j = 0; j < e->len; j++)
            if (tok_char(ts, e->out[j]) != 0) return EMBARGO_EUSAGE;
    }
    return tok_finish(ts);
}

/* ---- the Cyrillic fast path ----
 *
 * Russian, Ukrainian, Belarusian, Serbian and Macedonian names through ICU
 * cost ~10 us each; this path reproduces what translit() makes of them,
 * byte for byte, from the rules themselves (ICU 72's Russian-Latin/BGN,
 * Ukrainian-Latin/BGN, Serbian-/Macedonian-Latin/BGN as utrans_toRules
 * prints them, and our RULES_BE).  What the rules do on casefolded text
 * (NFKC_Casefold runs first, so the title-case rules never fire):
 *
 *  - Russian: every letter has one spelling except е and ё, which are "ye"
 *    (ё: "yë" -> "ye") at a word start or after a vowel, й, ъ or ь, else "e".
 *    ICU decides that in two passes whose before-contexts see text already
 *    rewritten: pass 1 turns е/ё after a vowel or sign into "ye" and, for
 *    its dots only, ы after a vowel into "·y" and э after a consonant into
 *    "·e"; pass 2 writes "ye" only after a non-letter-non-digit.  So е after
 *    a rewritten letter reads "e": аые -> "aye" but тые -> "tyye", тэе ->
 *    "tee" but аэе -> "aeye".  The middle dots (тс -> t·s) and the primes for
 *    ъ/ь are deleted by RULES_RU and never reach the tokenizer.
 *  - Ukrainian, Serbian, Macedonian: no context changes a letter (the
 *    context rules only pick title case, and ICU's NFD step decomposes ѓ/ќ
 *    before their "đ/ć unless before е/и" rules could apply, so they are
 *    always g/k); diacritics of the Latin output are stripped afterwards.
 *  - Belarusian (RULES_BE): contexts read the output, which we keep track of.
 *
 * Each language accepts only the letters its ICU rules transliterate
 * (their filters: Ukrainian leaves ы/э/ъ/ё, Serbian й/щ..я to Any-Latin).
 * Besides ASCII, a name may hold stress marks, decomposed й ё ў ї, Latin
 * letters that casefold to one letter (Пëтр, Ниĸолай: typed look-alikes),
 * and common quotes, dashes and spaces.  Anything else (other Cyrillic
 * letters, other combining marks, other scripts, ß, ŀ, the middle dot, ʼ)
 * takes the ICU path.  The language is picked exactly as translit() picks it.
 * tests/test_normalize_cyrillic.c compares both paths on every Cyrillic name
 * of the shipped lists and on all letter pairs and triples in context. */
enum { CY_RU, CY_UK, CY_BE, CY_SR, CY_MK, CY_COUNT };
#define CY_CTX "*" /* spelled by context, in code */

static int cyr_index(uint32_t c)
{
    if (c >= 0x430 && c <= 0x45F) return (int)(c - 0x430);
    return c == 0x491 ? 48 : -1;
}

/* The Latin of each lowercase letter per language; NULL where the language's
 * rules do not transliterate it (ICU's Any-Latin would, later: not ours). */
#define C_(c) [(c) - 0x430]
static const char *const CYR_OUT[CY_COUNT][CY_N] = {
    [CY_RU] = {C_(0x430) = "a", "b", "v", "g", "d", CY_CTX, "zh", "z", "i", "y", "k", "l", "m", "n",
               "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e",
               "yu", "ya", C_(0x451) = CY_CTX},
    [CY_UK] = {C_(0x430) = "a", "b", "v", "h", "d", "e", "zh", "z", "y", "y", "k", "l", "m", "n",
               "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", C_(0x44C) = "",
               C_(0x44E) = "yu", "ya", C_(0x454) = "ye", C_(0x456) = "i", "yi", [48] = "g"},
    [CY_BE] = {C_(0x430) = "a", "b", "v", "h", "d", CY_CTX, "zh", "z", "i", "i", "k", "l", "m", "n",
               "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", CY_CTX,
               "e", CY_CTX, CY_CTX, C_(0x451) = CY_CTX, C_(0x456) = "i", C_(0x45E) = "u",
               [48] = "g"},
    [CY_SR] = {C_(0x430) = "a", "b", "v", "g", "d", "e", "z", "z", "i", C_(0x43A) = "k", "l", "m",
               "n", "o", "p", "r", "s", "t", "u", "f", "h", "c", "c", "s", C_(0x452) = "d",
               C_(0x458) = "j", "lj", "nj", "c", C_(0x45F) = "dz"},
    [CY_MK] = {C_(0x430) = "a", "b", "v", "g", "d", "e", "z", "z", "i", C_(0x43A) = "k", "l", "m",
               "n", "o", "p", "r", "s", "t", "u", "f", "h", "c", "c", "s", C_(0x453) = "g",
               C_(0x455) = "dz", C_(0x458) = "j", "lj", "nj", C_(0x45C) = "k", C_(0x45F) = "dz"},
};
#undef C_

/* Non-ASCII punctuation common in Cyrillic names and company names (no-break
 * and other spaces, guillemets, quotes, dashes, ellipsis): NFKC makes it
 * ASCII or no transliterator touches it and Latin-ASCII maps it
 * context-free, so the Latin table says what becomes of it; for the rules'
 * contexts it is a non-letter.  Not the middle dot: RULES_RU deletes it. */
static int cyr_punct(uint32_t c)
{
    return c == 0xA0 || c == 0xAB || c == 0xBB || (c >= 0x2000 && c <= 0x200A) ||
           (c >= 0x2010 && c <= 0x2015) || (c >= 0x2018 && c <= 0x201E) || c == 0x2026 ||
           c == 0x202F;
}

/* What NFKC_Casefold makes of the characters this path accepts. */
static uint32_t cyr_fold(uint32_t c)
{
    if (c >= 0x410 && c <= 0x42F) return c + 0x20;
    if (c >= 0x400 && c <= 0x40F) return c + 0x50;
    if (c == 0x490) return 0x491;
    if (c >= 'A' && c <= 'Z') return c + ('a' - 'A');
    return c;
}

/* Next character of valid UTF-8 at in[i] as NFKC_Casefold leaves it, for
 * the characters this path accepts: Cyrillic casefolded, and a letter with
 * a combining breve or diaeresis composed where NFC composes it into a
 * letter of ours (й ў ё ї, as some sources write them decomposed).  0 at
 * the end; *k gets the byte length read. */
static inline uint32_t cyr_get(const unsigned char *in, size_t len, size_t i, size_t *k)
{
    if (i >= len) { *k = 0; return 0; }
    uint32_t c = in[i];
    if (c < 0x80) *k = 1;
    else if (c < 0xE0) { c = (c & 0x1F) << 6 | (in[i + 1] & 0x3F); *k = 2; }
    else if (c < 0xF0) { c = (c & 0x0F) << 12 | (uint32_t)(in[i + 1] & 0x3F) << 6 | (in[i + 2] & 0x3F); *k = 3; }
    else { c = 0x10000; *k = 4; } /* outside every set this path accepts */
    c = cyr_fold(c);
    if (i + *k + 1 < len && in[i + *k] == 0xCC) {
        unsigned char m = in[i + *k + 1];
        uint32_t comp = 0;
        if (m == 0x86) comp = c == 0x438 ? 0x439 : c == 0x443 ? 0x45E : 0;      /* U+0306 */
        else if (m == 0x88) comp = c == 0x435 ? 0x451 : c == 0x456 ? 0x457 : 0; /* U+0308 */
        if (comp) { c = comp; *k += 2; }
    }
    return c;
}

/* A stress mark (acute or grave, as dictionaries and Wikipedia write
 * Влади́мир) after Cyrillic letter p that NFC leaves apart from it (not
 * г/к + acute = ѓ/ќ, е/и + grave = ѐ/ѝ).  ICU keeps it through the
 * transliterators (a mark, neither a boundary nor a letter for the rules)
 * and the tokenizer drops it. */
static int cyr_stress(uint32_t c, uint32_t p)
{
    if (cyr_index(p) < 0) return 0;
    if (c == 0x301) return p != 0x433 && p != 0x43A;
    if (c == 0x300) return p != 0x435 && p != 0x438;
    return 0;
}

static int tok_str(tok_state *ts, const char *s)
{
    for (; *s; s++)
        if (tok_char(ts, (unsigned char)*s) != 0) return -1;
    return 0;
}

static int is_ascii_letter(uint32_t c) { return c >= 'a' && c <= 'z'; }

/* Russian: the class of the character before, as pass 1 of ICU's rules sees
 * it (see above).  RK_OTHER: a digit or a combining mark, neither a word
 * boundary nor a cased letter. */
enum { RK_NONLETTER, RK_OTHER, RK_LATIN, RK_CONS, RK_VOWEL, RK_Y, RK_SIGN };

static int ru_vowel(uint32_t c)
{
    return c == 0x430 || c == 0x435 || c == 0x438 || c == 0x43E || c == 0x443 || c == 0x44B ||
           c == 0x44D || c == 0x44E || c == 0x44F || c == 0x451;
}

/* Tokenizes the accepted text; every character was checked by cyr_path. */
static long cyr_emit(emb_normalizer *n, int lang, const unsigned char *in, size_t len, tok_state *ts)
{
    int rk = RK_NONLETTER; /* Russian: the padding space */
    /* Belarusian: is the last character of the output a letter ([:L:]), a
     * Latin consonant ($c)?  Starts after the padding space. */
    int be_letter = 0, be_cons = 0;
    for (size_t i = 0, k; i < len; i += k) {
        uint32_t c = cyr_get(in, len, i, &k);
        int ix = cyr_index(c);
        if (ix < 0) {
            if (c < 0x80) {
                if (tok_char(ts, c) != 0) return EMBARGO_EUSAGE;
                rk = is_ascii_letter(c) ? RK_LATIN : c >= '0' && c <= '9' ? RK_OTHER : RK_NONLETTER;
                be_letter = is_ascii_letter(c);
                be_cons = be_letter && !strchr("aeiouy", (int)c);
            } else if (c == 0x300 || c == 0x301) { /* a stress mark: written as nothing */
                rk = RK_OTHER;
                be_letter = be_cons = 0;
            } else {
                const latin_entry *e = &n->latin[latin_slot(c)];
                for (uint8_t j = 0; j < e->len; j++)
                    if (tok_char(ts, e->out[j]) != 0) return EMBARGO_EUSAGE;
                rk = e->letter ? RK_LATIN : RK_NONLETTER;
                be_letter = e->letter;
                be_cons = 0;
            }
            continue;
        }
        const char *o = CYR_OUT[lang][ix];
        if (lang == CY_RU) {
            int nk;
            if (c == 0x435 || c == 0x451) {
                /* е ё: "ye" after a vowel, й, ъ, ь (pass 1) or a non-letter
                 * (pass 2); rewritten in pass 1 it reads as Latin after */
                int p1 = rk == RK_VOWEL || rk == RK_Y || rk == RK_SIGN;
                o = p1 || rk == RK_NONLETTER ? "ye" : "e";
                nk = p1 ? RK_LATIN : RK_VOWEL;
            } else if (c == 0x44B) { /* ы: rewritten in pass 1 after a vowel */
                nk = rk == RK_VOWEL ? RK_LATIN : RK_VOWEL;
            } else if (c == 0x44D) { /* э: rewritten in pass 1 after a cased non-vowel other than й */
                nk = rk == RK_LATIN || rk == RK_CONS || rk == RK_SIGN ? RK_LATIN : RK_VOWEL;
            } else if (c == 0x439) {
                nk = RK_Y;
            } else if (c == 0x44A || c == 0x44C) {
                nk = RK_SIGN;
            } else {
                nk = ru_vowel(c) ? RK_VOWEL : RK_CONS;
            }
            rk = nk;
        } else if (lang == CY_BE) {
            size_t k2;
            uint32_t d = cyr_get(in, len, i + k, &k2);
            if ((c == 0x44B || c == 0x456) && d == 0x439) { /* ый > y; ій > i */
                o = c == 0x44B ? "y" : "i";
                k += k2;
            } else if (c == 0x44C && (d == 0x435 || d == 0x451 || d == 0x44E || d == 0x44F)) {
                o = d == 0x435 ? "ie" : d == 0x451 ? "io" : d == 0x44E ? "iu" : "ia";
                k += k2;
            } else if (c == 0x44C) {
                o = "";
            } else if (c == 0x435) { /* [:L:] { е > e */
                o = be_letter ? "e" : "ye";
            } else if (c == 0x451 || c == 0x44E || c == 0x44F) { /* $c { ё > io ... */
                static const char *const iot[3][2] = {{"yo", "io"}, {"yu", "iu"}, {"ya", "ia"}};
                o = iot[c == 0x451 ? 0 : c == 0x44E ? 1 : 2][be_cons];
            }
            if (*o) {
                char l = o[strlen(o) - 1];
                be_letter = 1;
                be_cons = !strchr("aeiouy", l);
            }
        }
        if (tok_str(ts, o) != 0) return EMBARGO_EUSAGE;
    }
    return tok_finish(ts);
}

/* Checks that in[0..len) (valid UTF-8) is Cyrillic text this path can
 * spell, picks the language as translit() does and tokenizes.  *needs_icu
 * = 1 (and nothing written) when it cannot. */
static long cyr_spell(emb_normalizer *n, const unsigned char *in, size_t len, tok_state *ts, int *needs_icu)
{
    *needs_icu = 1;
    int cyr = 0, be = 0, uk = 0, uk_or_be = 0, be_only = 0, sr = 0, mk = 0;
    unsigned spells = (1u << CY_COUNT) - 1; /* the languages that spell every letter seen */
    uint32_t p = 0, c = 0; /* the character before, for stress marks */
    for (size_t i = 0, k; i < len; i += k, p = c) {
        c = cyr_get(in, len, i, &k);
        if (c < 0x80) continue;
        if (cyr_index(c) < 0) {
            if (cyr_stress(c, p)) continue;
            int slot = latin_slot(c);
            if (slot < 0 || n->latin[slot].len == LAT_SLOW) return 0;
            if (!cyr_punct(c) && !(c < 0x250 && n->latin[slot].letter)) return 0;
            continue;
        }
        cyr = 1;
        spells &= n->cyr_spells[cyr_index(c)];
        switch (c) {
        case 0x45E: be = 1; break;
        case 0x457: case 0x454: case 0x491: uk = 1; break;
        case 0x456: uk_or_be = 1; break;
        case 0x44B: case 0x44D: be_only = 1; break;
        case 0x452: case 0x458: case 0x459: case 0x45A: case 0x45B: case 0x45F: sr = 1; break;
        case 0x453: case 0x455: case 0x45C: mk = 1; break;
        default: break;
        }
    }
    if (!cyr) return 0;
    int lang = mk ? CY_MK : sr ? CY_SR : be || (uk_or_be && be_only) ? CY_BE : uk || uk_or_be ? CY_UK : CY_RU;
    if (!(spells >> lang & 1)) return 0;
    *needs_icu = 0;
    return cyr_emit(n, lang, in, len, ts);
}

/* The rules above are ICU 72's, but ICU is a shared library and another
 * version could spell a letter differently.  Before its first use the path
 * checks itself against ICU on names that hold every letter of each
 * language, upper and lower, and every context the code reads; if one byte
 * differs it stays off for this normalizer (everything goes to ICU as
 * before).  Costs ~0.5 ms once. */
static const char *const CYR_SELFCHECK[] = {
    "абвгдежзийклмнопрстуфхцчшщъыьэюяё АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЁ",
    "Ёлкин ёе ае ьё йе ъе 1е a-е д'е дё аые тые тэе аэе йэе 1эе еее тс шч йа ыа",
    "Никола́евна Сергии\xCC\x86 Е\xCC\x88лкин Пëтр Ниĸолай «Лавров»\xE2\x80\xAFСергей",
    "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя’ АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ зг Мар’яна",
    "абвгґдеёжзійклмнопрстуўфхцчшъыьэюя АБВГҐДЕЁЖЗІЙКЛМНОПРСТУЎФХЦЧШЪЫЬЭЮЯ",
    "ый ій ье ьё ью ья бё аё ё бю ая ъе е́ ё1ё Аляксандр Сяргей Фёдарава Касьянчык",
    "абвгдђежзијклљмнњопрстћуфхцчџш АБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШ",
    "абвгдѓежзѕијклљмнњопрстќуфхцчџш АБВГДЃЕЖЗЅИЈКЛЉМНЊОПРСТЌУФХЦЧЏШ ѓе ќи",
};

/* A fast path: spells in[0..len) into ts as the ICU pipeline would, or
 * sets *needs_icu. */
typedef long (*spell_fn)(emb_normalizer *n, const unsigned char *in, size_t len, tok_state *ts, int *needs_icu);

/* 1 if spell takes every one of cases and gives what ICU gives, -1 if it
 * declines one (the safe side) or differs, 0 if out of memory (try again
 * next time). */
static int selfcheck(emb_normalizer *n, spell_fn spell, const char *const *cases, size_t n_cases)
{
    char a[512], b[512];
    for (size_t i = 0; i < n_cases; i++) {
        size_t len = strlen(cases[i]);
        tok_state ta = {a, sizeof a, 0, 0}, tb = {b, sizeof b, 0, 0};
        int needs_icu;
        long ra = spell(n, (const unsigned char *)cases[i], len, &ta, &needs_icu);
        long rb = slow_path(n, cases[i], len, &tb);
        if (rb < 0) return 0;
        if (needs_icu || ra != rb || strcmp(a, b) != 0) return -1;
    }
    return 1;
}

/* spell, once its self-check (check, result kept in *ok: 0 not yet run, 1
 * agrees with ICU, -1 off) has passed for this normalizer. */
static long checked_spell(emb_normalizer *n, int *ok, int (*check)(emb_normalizer *n), spell_fn spell,
                          const unsigned char *in, size_t len, tok_state *ts, int *needs_icu)
{
    *needs_icu = 1;
    if (*ok == 0) *ok = check(n);
    if (*ok < 0) return 0;
    return spell(n, in, len, ts, needs_icu);
}

static int cyr_selfcheck(emb_normalizer *n)
{
    /* CYR_OUT by letter, one load per letter in cyr_spell */
    for (int ix = 0; ix < CY_N; ix++) {
        n->cyr_spells[ix] = 0;
        for (int l = 0; l < CY_COUNT; l++)
            if (CYR_OUT[l][ix]) n->cyr_spells[ix] |= (uint8_t)(1u << l);
    }
    return selfcheck(n, cyr_spell, CYR_SELFCHECK, sizeof CYR_SELFCHECK / sizeof CYR_SELFCHECK[0]);
}

static long cyr_path(emb_normalizer *n, const unsigned char *in, size_t len, tok_state *ts, int *needs_icu)
{
    return checked_spell(n, &n->cyr_ok, cyr_selfcheck, cyr_spell, in, len, ts, needs_icu);
}

/* ---- the word path ----
 *
 * Arabic-script, Hebrew, Devanagari, Greek, Thai, Georgian, Armenian, kana
 * names (whatever the paths above leave) cost 15-75 us through ICU, twice
 * the rest of a screening query.  Their words repeat a lot (Arabic given
 * names, "al", "bin", "abd"), among list names and among queries, so each
 * word met is run through the ICU pipeline alone once and its output
 * remembered per normalizer; a name is then its words' outputs joined.
 *
 * That is what ICU makes of the whole name because:
 *  - words are split at ASCII spaces only.  A space is inert under NFKC (it
 *    neither composes nor reorders with a neighbour), no transliterator
 *    rewrites it, and the tokenizer always splits there: after it the
 *    '?'-after-a-letter rule cannot fire and a dropped mark or apostrophe
 *    joins nothing.  Other separators are not safe for every script
 *    (hyphens and apostrophes reach rules and the tokenizer's joins; ZWNJ
 *    sits inside Persian words), so they stay inside the word;
 *  - translit() pads a word alone with spaces, so its rules see at its ends
 *    the same neighbour (a space) as in the whole name; the rules we run do
 *    not look past that space;
 *  - translit() picks its steps (Greek, Arabic, Any-Latin for what is left)
 *    from the whole name and runs each over every word.  So a word is
 *    remembered together with the steps forced on it, and a name is taken
 *    only when, with the steps its words call for together forced on each,
 *    they call for exactly those steps (see word_path); plain ASCII letters
 *    and digits, which no step changes, call for none and need none;
 *  - Cyrillic declines: the Russian/Ukrainian/Belarusian/Serbian choice
 *    reads every word.  It is seen in a word's NFKC form (U+1D78 folds to
 *    Cyrillic), not only in its bytes.
 * The path checks itself against ICU before its first use (see
 * word_selfcheck).  test_normalize_words.c and test_normalize_lists.c
 * compare it with ICU; fuzz_normalize compares every fast path with ICU. */
#define WORD_CAP 8192                    /* slots (power of 2), filled to 3/4 at most */
#define WORD_ARENA_MAX ((size_t)1 << 20) /* bytes of remembered words and outputs */
#define WORD_KEY_MAX 255                 /* longer words are not remembered */
/* Once the table is full, a name with a word it does not hold goes to ICU
 * whole: a word alone costs nearly what a whole name costs (ICU's fixed
 * cost per call), so that is never slower than before this path. */

/* word (klen bytes) then output (olen bytes) at warena + off; klen 0: free */
typedef struct word_entry {
    uint32_t hash, off;
    uint16_t klen, olen;
    uint8_t force, calls; /* steps forced on it; steps it calls for (TR_*) */
} word_entry;

/* One word of the name being normalized: where its output is and what it
 * calls for under the steps forced on it. */
typedef struct word_ref {
    size_t at, len;   /* the word in the input */
    size_t out, olen; /* its output at warena + out */
    uint8_t inert, force, calls;
} word_ref;

static uint32_t word_hash(const unsigned char *w, size_t len, unsigned force)
{
    uint32_t h = 2166136261u ^ force; /* FNV-1a */
    for (size_t i = 0; i < len; i++) h = (h ^ w[i]) * 16777619u;
    return h;
}

/* The slot holding (w, force), or the free slot where it would go (the
 * table is never full, so one exists).  NULL for words too long to remember. */
static word_entry *word_slot(emb_normalizer *n, const unsigned char *w, size_t len, unsigned force)
{
    if (len > WORD_KEY_MAX) return NULL;
    uint32_t h = word_hash(w, len, force);
    for (size_t j = h & (WORD_CAP - 1);; j = (j + 1) & (WORD_CAP - 1)) {
        word_entry *e = &n->words[j];
        if (!e->klen || (e->hash == h && e->klen == len && e->force == force &&
                         memcmp(n->warena + e->off, w, len) == 0))
            return e;
    }
}

/* Remembers (w, force) with output out[0..olen) in free slot e; 0 if it
 * does not fit (the table is full, a long output, no memory). */
static int word_keep(emb_normalizer *n, word_entry *e, const unsigned char *w, size_t len, unsigned force,
                     const char *out, size_t olen, unsigned calls)
{
    if (!e || olen > UINT16_MAX || n->words_n * 4 >= WORD_CAP * 3) return 0;
    size_t need = n->warena_len + len + olen;
    if (need > WORD_ARENA_MAX) return 0;
    if (need > n->warena_cap) {
        size_t cap = n->warena_cap ? n->warena_cap : 16384;
        while (cap < need) cap *= 2;
        if (cap > WORD_ARENA_MAX) cap = WORD_ARENA_MAX;
        char *a = realloc(n->warena, cap);
        if (!a) return 0;
        n->warena = a;
        n->warena_cap = cap;
    }
    memcpy(n->warena + n->warena_len, w, len);
    memcpy(n->warena + n->warena_len + len, out, olen);
    *e = (word_entry){word_hash(w, len, force), (uint32_t)n->warena_len, (uint16_t)len, (uint16_t)olen,
                      (uint8_t)force, (uint8_t)calls};
    n->warena_len = need;
    n->words_n++;
    return 1;
}

/* Runs the ICU pipeline with steps force on word w alone; its output goes
 * to n->wscratch.  Returns the output length, or a negative error. */
static long word_compute(emb_normalizer *n, const unsigned char *w, size_t len, unsigned force, unsigned *calls)
{
    /* enough for nearly every word (ﷺ: 3 bytes, 28 characters out) */
    for (size_t room = len * 16 + 64; room <= len * 256 + 4096; room *= 2) {
        if (n->wscratch_cap < room) {
            char *s = realloc(n->wscratch, room);
            if (!s) return EMBARGO_ENOMEM;
            n->wscratch = s;
            n->wscratch_cap = room;
        }
        tok_state ts = {n->wscratch, room, 0, 0};
        long r = slow_path_forced(n, (const char *)w, len, &ts, force, calls);
        if (r != EMBARGO_EUSAGE) return r;
    }
    return EMBARGO_EUSAGE;
}

/* Fills r's output and calls for the word under steps force, from the
 * table or computed and remembered.  1 when the word is not there and
 * cannot be remembered (table or arena full, word too long): ICU then reads
 * the whole name, as one call costs less than one per word.  Negative on
 * error. */
static int word_get(emb_normalizer *n, const unsigned char *in, word_ref *r, unsigned force)
{
    const unsigned char *w = in + r->at;
    word_entry *e = word_slot(n, w, r->len, force);
    r->force = (uint8_t)force;
    if (e && e->klen) {
        r->out = e->off + e->klen;
        r->olen = e->olen;
        r->calls = e->calls;
        return 0;
    }
    if (!e || n->words_n * 4 >= WORD_CAP * 3 || n->warena_len + r->len * 4 + 256 > WORD_ARENA_MAX) return 1;
    unsigned calls = 0;
    long o = word_compute(n, w, r->len, force, &calls);
    if (o < 0) return (int)o;
    if (!word_keep(n, e, w, r->len, force, n->wscratch, (size_t)o, calls)) return 1;
    r->calls = (uint8_t)calls;
    r->olen = (size_t)o;
    r->out = e->off + e->klen;
    return 0;
}

/* Plain ASCII letters and digits: no step changes them. */
static int word_inert(const unsigned char *w, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!((w[i] | 0x20) >= 'a' && (w[i] | 0x20) <= 'z') && !(w[i] >= '0' && w[i] <= '9')) return 0;
    return 1;
}

/* Splits in[0..len) at ASCII spaces into n->wrefs; the count, or -1 when
 * memory runs out. */
static long word_split(emb_normalizer *n, const unsigned char *in, size_t len)
{
    size_t k = 0;
    for (size_t i = 0; i < len;) {
        if (in[i] == ' ') { i++; continue; }
        size_t s = i;
        while (i < len && in[i] != ' ') i++;
        if (k == n->wrefs_cap) {
            size_t cap = n->wrefs_cap ? n->wrefs_cap * 2 : 16;
            word_ref *r = realloc(n->wrefs, cap * sizeof *r);
            if (!r) return -1;
            n->wrefs = r;
            n->wrefs_cap = cap;
        }
        n->wrefs[k] = (word_ref){.at = s, .len = i - s, .inert = (uint8_t)word_inert(in + s, i - s)};
        k++;
    }
    return (long)k;
}

/* Tokenizes valid UTF-8 in[0..len) word by word as explained above.
 * *needs_icu = 1 (nothing written) when the whole name must go to ICU. */
static long word_spell(emb_normalizer *n, const unsigned char *in, size_t len, tok_state *ts, int *needs_icu)
{
    *needs_icu = 1;
    if (len > INT32_MAX / 8) return 0; /* translit refuses it; let it say so */
    for (size_t i = 0; i + 1 < len; i++) /* U+0400..U+052F: Cyrillic */
        if ((in[i] >= 0xD0 && in[i] <= 0xD3) || (in[i] == 0xD4 && in[i + 1] < 0xB0)) return 0;
    if (!n->words && !(n->words = calloc(WORD_CAP, sizeof *n->words))) return 0;
    long k = word_split(n, in, len);
    if (k < 0) return 0;
    word_ref *refs = n->wrefs;
    /* Each word alone first (what most names need: all their words call for
     * the same steps).  Then the steps called for together are forced on
     * every word that ran others, which may then call for more or fewer
     * (Greek forced on a word could leave letters for Any-Latin); repeated
     * until every word ran exactly the steps they call for together, which
     * are the steps translit() runs over the whole name.  Errors go to ICU,
     * which reports them; so do words that cannot be remembered. */
    unsigned steps = 0;
    for (long i = 0; i < k; i++) {
        if (refs[i].inert) continue;
        if (word_get(n, in, &refs[i], 0) != 0) return 0;
        steps |= refs[i].calls;
    }
    for (int round = 0;; round++) {
        if (steps & TR_CYR) return 0;
        unsigned together = 0;
        int agree = 1;
        for (long i = 0; i < k; i++) {
            word_ref *r = &refs[i];
            if (r->inert) continue;
            if ((r->calls | r->force) != steps && word_get(n, in, r, steps) != 0) return 0;
            agree &= (r->calls | r->force) == steps;
            together |= r->calls;
        }
        if (agree && together == steps) break;
        if (round == 3) return 0;
        steps = together;
    }
    *needs_icu = 0;
    for (long i = 0; i < k; i++) {
        const word_ref *r = &refs[i];
        tok_char(ts, ' '); /* a gap between words: never fails */
        const char *o = r->inert ? (const char *)in + r->at : n->warena + r->out;
        size_t ol = r->inert ? r->len : r->olen;
        for (size_t j = 0; j < ol; j++)
            if (tok_char(ts, (unsigned char)o[j]) != 0) return EMBARGO_EUSAGE;
    }
    return tok_finish(ts);
}

/* That no rule looks past the space around a word, nor changes ASCII
 * letters and digits, holds for ICU 72 (checked on every Common character
 * and every letter of the BMP at word ends next to a dozen scripts) but is
 * not ours to promise for another ICU.  Before its first use the path checks
 * itself against ICU on names that put such neighbours side by side; if one
 * byte differs it stays off for this normalizer.  Only Arabic, Greek, Hebrew
 * and Latin: Any-Latin builds each script's transliterator on first use
 * (Han ~150 ms, Devanagari ~0.7 ms), which a normalizer that never meets
 * those scripts should not pay.  Costs ~0.4 ms once. */
static const char *const WORD_SELFCHECK[] = {
    "أبو الله محمد إبن علي abu 123 (ال) الله، ؟x ة",
    "Αθήνα abc;def a?b محمد? ?علي µ ﷺ",
    "משה 'כהן שָׁלוֹם ״ x'y 3",
    "x \xCC\x81y z\xCC\x88 \xCC\x88 é ʿabd o’brien",
};

/* (A name here with no room for its words declines: the path is off then,
 * the safe side.) */
static int word_selfcheck(emb_normalizer *n)
{
    return selfcheck(n, word_spell, WORD_SELFCHECK, sizeof WORD_SELFCHECK / sizeof WORD_SELFCHECK[0]);
}

static long word_path(emb_normalizer *n, const unsigned char *in, size_t len, tok_state *ts, int *needs_icu)
{
    return checked_spell(n, &n->word_ok, word_selfcheck, word_spell, in, len, ts, needs_icu);
}

long emb_normalize_icu(emb_normalizer *n, const char *in, size_t len, char *out, size_t cap)
{
    if (!n || (!in && len) || !out || cap == 0) return EMBARGO_EUSAGE;
    if (cap > (size_t)LONG_MAX) cap = (size_t)LONG_MAX;
    tok_state ts = {out, cap, 0, 0};
    if (!emb_utf8_valid(in, len)) return EMBARGO_EUTF8;
    return slow_path(n, in, len, &ts);
}

long emb_normalize(emb_normalizer *n, const char *in, size_t len, char *out, size_t cap)
{
    if (!n || (!in && len) || !out || cap == 0) return EMBARGO_EUSAGE;
    if (cap > (size_t)LONG_MAX) cap = (size_t)LONG_MAX;
    tok_state ts = {out, cap, 0, 0};
    int ascii = 1;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)in[i] >= 0x80) { ascii = 0; break; }
    if (ascii) {
        /* The fast path: NFKC and case folding are identities on ASCII
         * apart from lowercasing, and no transliterator applies. */
        for (size_t i = 0; i < len; i++)
            if (tok_char(&ts, (unsigned char)in[i]) != 0) return EMBARGO_EUSAGE;
        return tok_finish(&ts);
    }
    if (!emb_utf8_valid(in, len)) return EMBARGO_EUTF8;
    if (!n->latin) {
        int rc = latin_build(n);
        if (rc) return rc;
    }
    int needs_icu;
    long r = latin_path(n, (const unsigned char *)in, len, &ts, &needs_icu);
    if (!needs_icu) return r;
    r = cyr_path(n, (const unsigned char *)in, len, &ts, &needs_icu);
    if (!needs_icu) return r;
    r = word_path(n, (const unsigned char *)in, len, &ts, &needs_icu);
    if (!needs_icu) return r;
    return slow_path(n, in, len, &ts);
}

/* "SURNAME, Given Names" is how lists write persons; reading it as "Given
 * Names SURNAME" keeps the tokens of a given name adjacent, which joins
 * (Abdul Rashid ~ Abdulrashid) rely on.  Only a single comma with words on
 * both sides is taken as that form. */
static const char *surname_comma(const char *in, size_t len)
{
    const char *comma = memchr(in, ',', len);
    if (comma && !memchr(comma + 1, ',', len - (size_t)(comma - in) - 1) && comma > in && (size_t)(comma - in) + 2 < len)
        return comma;
    return NULL;
}

size_t emb_surname_words(emb_normalizer *n, const char *in, size_t len)
{
    const char *comma = in ? surname_comma(in, len) : NULL;
    if (!comma) return 0;
    char buf[1024];
    size_t a = (size_t)(comma - in);
    if (a * 4 + 16 > sizeof buf) return 0; /* a surname that long: no word count */
    long r = emb_normalize(n, in, a, buf, sizeof buf);
    if (r <= 0) return 0;
    size_t w = 1;
    for (long i = 0; i < r; i++) w += buf[i] == ' ';
    return w > 255 ? 255 : w;
}

long emb_normalize_name(emb_normalizer *n, const char *in, size_t len, int reorder, char *out, size_t cap)
{
    const char *comma = reorder ? surname_comma(in, len) : NULL;
    if (comma) {
        size_t a = (size_t)(comma - in), b = len - a - 1;
        char stackbuf[1024];
        char *tmp = a + b + 2 <= sizeof stackbuf ? stackbuf : malloc(a + b + 2);
        if (!tmp) return EMBARGO_ENOMEM;
        memcpy(tmp, comma + 1, b);
        tmp[b] = ' ';
        memcpy(tmp + b + 1, in, a);
        long r = emb_normalize(n, tmp, a + b + 1, out, cap);
        if (tmp != stackbuf) free(tmp);
        return r;
    }
    return emb_normalize(n, in, len, out, cap);
}

long emb_normalize_cyrillic(emb_normalizer *n, const char *in, size_t len, char *out, size_t cap, int *taken)
{
    *taken = 0;
    if (!n || (!in && len) || !out || cap == 0) return EMBARGO_EUSAGE;
    if (cap > (size_t)LONG_MAX) cap = (size_t)LONG_MAX;
    if (!emb_utf8_valid(in, len)) return EMBARGO_EUTF8;
    if (!n->latin) {
        int rc = latin_build(n);
        if (rc) return rc;
    }
    tok_state ts = {out, cap, 0, 0};
    int needs_icu;
    long r = cyr_path(n, (const unsigned char *)in, len, &ts, &needs_icu);
    *taken = !needs_icu;
    return r;
}

long emb_normalize_words(emb_normalizer *n, const char *in, size_t len, char *out, size_t cap, int *taken)
{
    *taken = 0;
    if (!n || (!in && len) || !out || cap == 0) return EMBARGO_EUSAGE;
    if (cap > (size_t)LONG_MAX) cap = (size_t)LONG_MAX;
    if (!emb_utf8_valid(in, len)) return EMBARGO_EUTF8;
    tok_state ts = {out, cap, 0, 0};
    int needs_icu;
    long r = word_path(n, (const unsigned char *)in, len, &ts, &needs_icu);
    *taken = !needs_icu;
    return r;
}
