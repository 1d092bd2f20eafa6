/* tokens.c - token classes, legal forms, titles, skeletons.
 *
 * The word lists are small and deliberate: they cover the forms that the
 * official lists and real payment data use (OFAC, UN, UK, EU spellings, and
 * the transliterations of Russian/Ukrainian legal forms).  The tables derived
 * from the word lists are built once (pthread_once) and read-only after. */
#include "match/tokens.h"
#include "match/score.h"
#include <pthread.h>
#include <string.h>

static const char *const titles[] = {
    "mr", "mrs", "ms", "miss", "mister", "dr", "doctor", "prof", "professor", "general", "gen",
    "brigadier", "brig", "colonel", "col", "lieutenant", "lt", "major", "maj", "captain", "capt",
    "commander", "cmdr", "admiral", "adm", "sergeant", "sgt", "marshal", "sheikh", "shaikh",
    "sheik", "shaykh", "cheikh", "haji", "hajji", "hadji", "hajj", "alhaj", "alhaji", "mullah",
    "mulla", "mulah", "mula", "molla", "moulana", "mawlana", "maulana", "mawlawi", "maulvi", "mawlavi", "molvi", "qari", "imam", "ayatollah",
    "hojatoleslam", "sir", "lord", "dame", "madam", "mme", "mlle", "herr", "frau", "eng",
    "engineer", "his", "her", "excellency", "he", "honorable", "hon", "rev", "reverend",
    "emir", "sayyid", "saiyid", "mufti", "sheikha", "senior", "staff", NULL};

static const char *const particles[] = {
    "al", "el", "ul", "ud", "bin", "ibn", "bint", "ben", "abu", "abou", "abd", "abdel", "abdul",
    "abdol", "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du",
    "la", "le", "bou", "ould", "ait", "bte", "binti", "b", NULL};

static const char *const stopwords[] = {
    "of", "the", "and", "for", "in", "on", "at", "to", "by", "an", "y", "et", "des", "i", "und",
    "company", "group", "trading", "trade", "international", "intl", "holding", "holdings",
    "enterprise", "enterprises", "industries", "services", "service", "import", "export",
    "imports", "exports", "corporation", "general", "national", "state", "global", "republic", "federation", "kingdom",
    NULL};

/* Legal-form phrases (token sequences) -> canonical token.  Longest first
 * within a canonical group does not matter: matching tries every phrase and
 * keeps the longest. */
static const struct { const char *phrase; const char *canon; } legal[] = {
    {"limited liability company", "LLC"}, {"limited liability co", "LLC"},
    {"obshchestvo s ogranichennoy otvetstvennostyu", "LLC"},
    {"obshchestvo s ogranichennoi otvetstvennostiu", "LLC"},
    {"obshchestvo s ogranichennoy otvetstvennostiu", "LLC"},
    {"obschestvo s ogranichennoy otvetstvennostyu", "LLC"},
    {"tovarystvo z obmezhenoyu vidpovidalnistyu", "LLC"},
    {"tovarystvo z obmezhenoiu vidpovidalnistiu", "LLC"},
    {"ooo", "LLC"}, {"tov", "LLC"}, {"llc", "LLC"}, {"l l c", "LLC"}, {"mchj", "LLC"},
    {"too", "LLC"}, {"sro", "LLC"}, {"s r o", "LLC"},
    {"public joint stock company", "JSC"}, {"open joint stock company", "JSC"},
    {"closed joint stock company", "JSC"}, {"private joint stock company", "JSC"},
    {"joint stock company", "JSC"}, {"joint stock co", "JSC"}, {"jointstock company", "JSC"},
    {"public jointstock company", "JSC"}, {"open jointstock company", "JSC"},
    {"closed jointstock company", "JSC"}, {"private jointstock company", "JSC"},
    {"public joint stock co", "JSC"}, {"open joint stock co", "JSC"}, {"closed joint stock co", "JSC"},
    {"private joint stock co", "JSC"}, {"public joint stock", "JSC"}, {"open joint stock", "JSC"},
    {"closed joint stock", "JSC"}, {"private joint stock", "JSC"}, {"joint stock", "JSC"},
    {"federal state unitary enterprise", "FSUE"}, {"state unitary enterprise", "FSUE"},
    {"federal state unitary company", "FSUE"}, {"fsue", "FSUE"}, {"fgup", "FSUE"}, {"gup", "FSUE"},
    {"federalnoe gosudarstvennoe unitarnoe predpriyatie", "FSUE"},
    {"publichnoe aktsionernoe obshchestvo", "JSC"}, {"otkrytoe aktsionernoe obshchestvo", "JSC"},
    {"zakrytoe aktsionernoe obshchestvo", "JSC"}, {"aktsionernoe obshchestvo", "JSC"},
    {"aktsionerne tovarystvo", "JSC"}, {"publichne aktsionerne tovarystvo", "JSC"},
    {"pryvatne aktsionerne tovarystvo", "JSC"},
    {"pjsc", "JSC"}, {"prjsc", "JSC"}, {"ojsc", "JSC"}, {"cjsc", "JSC"}, {"jsc", "JSC"}, {"pao", "JSC"},
    {"oao", "JSC"}, {"zao", "JSC"}, {"ao", "JSC"}, {"pat", "JSC"}, {"prat", "JSC"},
    {"jsco", "JSC"}, {"jscb", "JSC"},
    {"company limited", "LTD"}, {"co limited", "LTD"}, {"co ltd", "LTD"},
    {"private limited", "LTD"}, {"pvt ltd", "LTD"}, {"pte ltd", "LTD"}, {"pty ltd", "LTD"},
    {"private ltd", "LTD"}, {"limited", "LTD"}, {"ltd", "LTD"}, {"ltda", "LTD"}, {"pvt", "LTD"},
    {"pte", "LTD"}, {"pty", "LTD"},
    {"incorporated", "INC"}, {"inc", "INC"}, {"corp", "INC"}, {"corporation", "INC"},
    {"public limited company", "PLC"}, {"plc", "PLC"},
    {"gesellschaft mit beschrankter haftung", "GMBH"}, {"gmbh", "GMBH"}, {"mbh", "GMBH"},
    {"ag", "GMBH"}, {"kg", "GMBH"}, {"aktiengesellschaft", "GMBH"}, {"kommanditgesellschaft", "GMBH"},
    {"gesellschaft mbh", "GMBH"},
    {"sociedad anonima de capital variable", "SA"}, {"sociedad por acciones simplificada", "SA"},
    {"sociedad de responsabilidad limitada de capital variable", "SA"},
    {"sociedad anonima cerrada", "SA"}, {"sociedad anonima abierta", "SA"}, {"sociedad limitada", "SA"},
    {"sociedad comercial", "SA"}, {"sociedad en comandita", "SA"}, {"s en c", "SA"}, {"s en cs", "SA"}, {"s en c s", "SA"},
    {"c i", "SA"}, {"ci", "SA"},
    {"empresa individual de responsabilidad limitada", "SA"}, {"eirl", "SA"},
    {"societe a responsabilite limitee", "SA"}, {"societe par actions simplifiee", "SA"},
    {"sociedade anonima", "SA"}, {"sociedade limitada", "SA"}, {"sociedade ltda", "SA"}, {"sociedad ltda", "SA"},
    {"ltda", "LTD"},
    {"sociedad anonima", "SA"}, {"compania anonima", "SA"}, {"c a", "SA"}, {"ca", "SA"}, {"societe anonyme", "SA"}, {"s a de c v", "SA"},
    {"sa de cv", "SA"}, {"s de rl de cv", "SA"}, {"s de r l de c v", "SA"}, {"s de r l", "SA"},
    {"sociedad de responsabilidad limitada", "SA"}, {"s a", "SA"}, {"sa", "SA"},
    {"sarl", "SA"}, {"s a r l", "SA"}, {"sas", "SA"}, {"s a s", "SA"}, {"srl", "SA"},
    {"s r l", "SA"}, {"spa", "SA"}, {"s p a", "SA"}, {"bv", "SA"}, {"b v", "SA"}, {"nv", "SA"},
    {"besloten vennootschap", "SA"}, {"naamloze vennootschap", "SA"}, {"sasu", "SA"}, {"s a s u", "SA"},
    {"n v", "SA"}, {"sl", "SA"}, {"s l", "SA"}, {"cia", "SA"}, {"sac", "SA"}, {"saic", "SA"},
    {"sendirian berhad", "SDNBHD"}, {"sdn bhd", "SDNBHD"}, {"bhd", "SDNBHD"},
    {"berhad", "SDNBHD"},
    {"free zone establishment", "FZE"}, {"free zone company", "FZE"}, {"free zone co", "FZE"},
    {"fze", "FZE"}, {"fzco", "FZE"}, {"fzc", "FZE"}, {"fz llc", "FZE"}, {"fzllc", "FZE"},
    {"dmcc", "FZE"}, {"fzco llc", "FZE"}, {"fz", "FZE"},
    {"limited liability partnership", "LLP"}, {"llp", "LLP"}, {"lp", "LLP"},
    {"co", "CO"}, {"company", "CO"}, {"cie", "CO"},
    {"ood", "LLC"}, {"eood", "LLC"}, {"doo", "LLC"}, {"d o o", "LLC"}, {"kft", "LLC"}, {"sp z o o", "LLC"},
    {"spolka z ograniczona odpowiedzialnoscia", "LLC"}, {"pllc", "LLC"}, {"ead", "JSC"}, {"ad", "JSC"},
    {"zrt", "JSC"}, {"nyrt", "JSC"}, {"oyj", "JSC"}, {"oy", "LTD"}, {"aps", "LTD"}, {"bvba", "LTD"},
    {"sprl", "LTD"}, {"ehf", "LTD"}, {"kabushiki kaisha", "INC"}, {"kk", "INC"}, {"tbk", "JSC"},
    {"sal", "SA"}, {"s a l", "SA"}, {"sae", "SA"}, {"wll", "LLC"}, {"w l l", "LLC"}, {"as", "JSC"},
    {"a s", "JSC"}, {"ab", "JSC"}, {"sdn", "SDNBHD"}, {"pt", "LTD"}, {"jsc", "JSC"},
    {"anonim sirketi", "JSC"}, {"limited sirketi", "LTD"}, {"ltd sirketi", "LTD"}, {"ltd sti", "LTD"},
    {"limited sti", "LTD"}, {"ou", "LLC"}, {"osauhing", "LLC"}, {"aktsiaselts", "JSC"},
    {"proprietary limited", "LTD"}, {"pty limited", "LTD"}, {"lda", "LTD"}, {"limitada", "LTD"},
    {"s de rl", "SA"}, {"s de rl de cv", "SA"}, {"s de pr de rl", "SA"}, {"s de p r de r l", "SA"},
};

/* The phrases split into words once, with the skeletons of their long
 * words (legal_word_eq compares long words by skeleton): matching runs for
 * every word of every name and query, and splitting and skeletonizing the
 * phrases each time cost more than the rest of emb_prepare.  Built on first
 * use (pthread_once) and read-only after. */
#define LEGAL_N (sizeof legal / sizeof legal[0])
#define LEGAL_WORDS 8
typedef struct lword {
    const char *s;
    uint8_t n, skl;
    char sk[EMB_TOKLEN_MAX + 1];    /* words of 6 letters or more */
} lword;
typedef struct lphrase {
    uint8_t nw;
    lword w[LEGAL_WORDS];
} lphrase;
static lphrase legal_split[LEGAL_N];
/* the phrases by first letter, in table order: legal_first[c] and then
 * legal_next[k] until LEGAL_END */
#define LEGAL_END 0xFFFF
static uint16_t legal_first[256], legal_next[LEGAL_N];
/* every word of every phrase by its first letter (emb_legal_word_roles):
 * lw_first[c], then lw_next[i] until LEGAL_END; entry i is word lw_pos[i]
 * of phrase lw_phrase[i] */
static uint16_t lw_first[256], lw_next[LEGAL_N * LEGAL_WORDS], lw_phrase[LEGAL_N * LEGAL_WORDS];
static uint8_t lw_pos[LEGAL_N * LEGAL_WORDS];
_Static_assert(LEGAL_N * LEGAL_WORDS < LEGAL_END, "legal words are numbered in 16 bits");
static pthread_once_t legal_once = PTHREAD_ONCE_INIT;

static void legal_split_init(void)
{
    uint16_t last[256];
    for (size_t c = 0; c < 256; c++) legal_first[c] = last[c] = LEGAL_END;
    for (size_t k = 0; k < LEGAL_N; k++) {
        unsigned char c = (unsigned char)legal[k].phrase[0];
        legal_next[k] = LEGAL_END;
        if (legal_first[c] == LEGAL_END) legal_first[c] = (uint16_t)k;
        else legal_next[last[c]] = (uint16_t)k;
        last[c] = (uint16_t)k;
    }
    for (size_t k = 0; k < LEGAL_N; k++) {
        const char *q = legal[k].phrase;
        lphrase *ph = &legal_split[k];
        while (*q && ph->nw < LEGAL_WORDS) {
            const char *e = strchr(q, ' ');
            size_t ql = e ? (size_t)(e - q) : strlen(q);
            lword *w = &ph->w[ph->nw++];
            w->s = q;
            w->n = (uint8_t)ql;
            w->skl = ql >= 6 ? (uint8_t)emb_skeleton(q, ql, w->sk, sizeof w->sk) : 0;
            q += ql;
            if (*q == ' ') q++;
        }
    }
    size_t n = 0;
    for (size_t c = 0; c < 256; c++) lw_first[c] = last[c] = LEGAL_END;
    for (size_t k = 0; k < LEGAL_N; k++) {
        for (size_t pos = 0; pos < legal_split[k].nw; pos++, n++) {
            unsigned char c = (unsigned char)legal_split[k].w[pos].s[0];
            lw_phrase[n] = (uint16_t)k;
            lw_pos[n] = (uint8_t)pos;
            lw_next[n] = LEGAL_END;
            if (lw_first[c] == LEGAL_END) lw_first[c] = (uint16_t)n;
            else lw_next[last[c]] = (uint16_t)n;
            last[c] = (uint16_t)n;
        }
    }
}

static const lphrase *legal_phrases(void)
{
    pthread_once(&legal_once, legal_split_init);
    return legal_split;
}

static int ends_with(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && memcmp(s + n - k, suf, k) == 0;
}

/* canonical forms are upper case: the normalizer never produces upper
 * case, so "SA" (the legal form) never meets "sa" (a name word) */
static const char *const legal_canon_forms[EMB_LEGAL_IDS + 1] = {"LLC", "JSC", "LTD", "INC", "PLC", "GMBH", "SA",
                                                                 "SDNBHD", "FZE", "LLP", "CO", "FSUE", NULL};

/* short legal forms that are also name words */
static const char *const ambiguous[] = {"sa", "ao", "pao", "co", "ag", "kg", "bv", "nv", "sl", "pat", "too", "tov",
                                        "spa", "lp", "sac", "cia", "pte", "pty", "pvt", "sro", "mbh", "bhd",
                                        "sas", "srl", "cie", "prat", "ca", "ad", "as", "ab", "oy", "kk", "pt", "sal", "sae",
                                        "ead", "doo", "aps", "ou", "lda", "ci", "fz", "gup", NULL};

/* The word lists as one hash set, a bit per list a word is in: every
 * token of every name and query asks two or three of them, and a linear
 * scan of up to 88 words each was a quarter of emb_prepare.  Built on
 * first use (pthread_once) and read-only after. */
enum { WL_TITLE = 1, WL_PARTICLE = 2, WL_STOP = 4, WL_AMBIGUOUS = 8, WL_CANON = 16, WL_TITLE_NAME = 32, WL_TITLE_ONLY = 64 };

/* Titles that are also given names or surnames (title_also_name), and
 * titles that are never a name (title_only) */
static const char *const titles_also_names[] = {"major", "miss", "lord", "dame", "senior", "staff", "his", "her", "he", "sir",
                                                "madam", "herr", "frau", "marshal", "captain", "hon", NULL};
static const char *const titles_only[] = {"mr", "mrs", "ms", "mister", "dr", "doctor", "prof", "professor", "eng",
                                          "engineer", "rev", "reverend", NULL};
#define WSET 1024 /* power of 2, well above the lists' 230 words */
static struct { const char *w; uint8_t n, lists; } wset[WSET];
static pthread_once_t wset_once = PTHREAD_ONCE_INIT;

static size_t wset_slot(const char *s, size_t n)
{
    size_t h = n * 0x9e3779b1u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 0x01000193u;
    return (h ^ h >> 15) & (WSET - 1);
}

static void wset_add(const char *const *list, uint8_t bit)
{
    for (size_t i = 0; list[i]; i++) {
        size_t n = strlen(list[i]), j = wset_slot(list[i], n);
        while (wset[j].w && !(wset[j].n == n && memcmp(wset[j].w, list[i], n) == 0)) j = (j + 1) & (WSET - 1);
        wset[j].w = list[i];
        wset[j].n = (uint8_t)n;
        wset[j].lists |= bit;
    }
}

static void wset_init(void)
{
    wset_add(titles, WL_TITLE);
    wset_add(particles, WL_PARTICLE);
    wset_add(stopwords, WL_STOP);
    wset_add(ambiguous, WL_AMBIGUOUS);
    wset_add(legal_canon_forms, WL_CANON);
    wset_add(titles_also_names, WL_TITLE_NAME);
    wset_add(titles_only, WL_TITLE_ONLY);
}

/* Is s[0..n) a word of the lists in `bits`? */
static int in_set(uint8_t bits, const char *s, size_t n)
{
    if (n == 0 || n > 255) return 0;
    pthread_once(&wset_once, wset_init);
    for (size_t j = wset_slot(s, n); wset[j].w; j = (j + 1) & (WSET - 1))
        if (wset[j].n == n && memcmp(wset[j].w, s, n) == 0) return (wset[j].lists & bits) != 0;
    return 0;
}

static int is_legal_canon(const char *s, size_t n)
{
    return in_set(WL_CANON, s, n);
}

int emb_token_class(const char *s, size_t n)
{
    if (n == 1) return (s[0] >= '0' && s[0] <= '9') ? EMB_TOK_NUMBER : EMB_TOK_INITIAL;
    int digits = 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') { digits = 0; break; }
    if (digits) return EMB_TOK_NUMBER;
    if (is_legal_canon(s, n)) return EMB_TOK_LEGAL;
    if (in_set(WL_PARTICLE, s, n)) return EMB_TOK_PARTICLE;
    if (in_set(WL_STOP, s, n)) return EMB_TOK_STOP;
    if (n >= 7 && (ends_with(s, n, "ovich") || ends_with(s, n, "evich") || ends_with(s, n, "ovych") ||
                   ends_with(s, n, "evych") || ends_with(s, n, "ovna") || ends_with(s, n, "evna") ||
                   ends_with(s, n, "ivna") || ends_with(s, n, "ichna") || ends_with(s, n, "yevich")))
        return EMB_TOK_PATRONYMIC;
    if (n >= 4 && (!strncmp(s, "ogly", n) || !strncmp(s, "oglu", n) || !strncmp(s, "kyzy", n) ||
                   !strncmp(s, "qizi", n)))
        return EMB_TOK_PATRONYMIC;
    return EMB_TOK_NORMAL;
}

static int title_also_name(const char *s, size_t n);

/* The generic words and titles emb_generic_typo compares a word with (five
 * letters or more, not the titles that are names), by first letter: it runs
 * for every query word the lists do not know. */
#define GEN_MAX 160
static struct { const char *w; uint8_t n; uint8_t next; } gen[GEN_MAX];
static uint8_t gen_first[256];
static pthread_once_t gen_once = PTHREAD_ONCE_INIT;

static void gen_init(void)
{
    const char *const *lists[2] = {stopwords, titles};
    size_t ng = 1; /* entry 0: the end of a chain */
    for (int l = 0; l < 2; l++)
        for (size_t k = 0; lists[l][k] && ng < GEN_MAX; k++) {
            const char *w = lists[l][k];
            size_t wl = strlen(w);
            if (wl < 5 || (l == 1 && title_also_name(w, wl))) continue;
            gen[ng].w = w;
            gen[ng].n = (uint8_t)wl;
            gen[ng].next = gen_first[(unsigned char)w[0]];
            gen_first[(unsigned char)w[0]] = (uint8_t)ng++;
        }
}

const char *emb_generic_typo(const char *s, size_t n)
{
    if (n < 4) return NULL;
    pthread_once(&gen_once, gen_init);
    for (unsigned k = gen_first[(unsigned char)s[0]]; k; k = gen[k].next) {
        size_t wl = gen[k].n;
        if ((wl > n ? wl - n : n - wl) <= 1 && emb_edit01(s, n, gen[k].w, wl) == 1) return gen[k].w;
    }
    return NULL;
}

float emb_class_weight(int cls)
{
    switch (cls) {
    case EMB_TOK_PARTICLE: return 0.2f;
    case EMB_TOK_LEGAL: return 0.08f;
    case EMB_TOK_STOP: return 0.3f;
    case EMB_TOK_INITIAL: return 0.3f;
    case EMB_TOK_NUMBER: return 0.8f;
    default: return 1.0f;
    }
}

static int is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

/* The skeleton, or with vowels set (emb_phonetic) the same spelling before
 * its vowels go: doubled letters collapsed, vowels kept. */
static size_t skeleton_of(const char *tok, size_t n, char *out, size_t cap, int vowels)
{
    char a[3 * EMB_TOKLEN_MAX + 8];
    size_t m = 0;
    if (n > EMB_TOKLEN_MAX) n = EMB_TOKLEN_MAX;
    size_t i = 0;
    /* initial ye/yu/ya/yo/ie: the y is a glide that romanizations drop or keep */
    if (n > 4 && (tok[0] == 'y' || tok[0] == 'i') && tok[1] != tok[0] && is_vowel(tok[1])) i = 1;
    if (n > 4 && tok[0] == 'j' && (tok[1] == 'a' || tok[1] == 'u' || tok[1] == 'o')) i = 1;
    /* endings */
    size_t end = n;
    if (end - i > 4 && (ends_with(tok, end, "iy") || ends_with(tok, end, "ii") || ends_with(tok, end, "ij") ||
                        ends_with(tok, end, "yi") || ends_with(tok, end, "yy")))
        end -= 1;
    int off_end = end - i > 4 && (ends_with(tok, end, "off") || ends_with(tok, end, "eff"));
    if (off_end) end -= 1;
    if (end - i > 5 && ends_with(tok, end, "zadeh")) end -= 1;
    if (end - i > 4 && ends_with(tok, end, "ah") && !is_vowel(tok[end - 3])) end -= 1;
    for (; i < end; i++) {
        char c = tok[i];
        char nx = i + 1 < end ? tok[i + 1] : 0;
        char nx2 = i + 2 < end ? tok[i + 2] : 0;
        /* by letter (a jump, not a chain of tests per letter): digraphs
         * and trigraphs first, then the letter's own spelling */
        switch (c) {
        case 'd':
            if (nx == 'z' && nx2 == 'h') { a[m++] = 'j'; i += 2; continue; }
            if (nx == 'j') { a[m++] = 'j'; i++; continue; }
            break;
        case 't':
            if (nx == 'c' && nx2 == 'h') { a[m++] = 'c'; i += 2; continue; }
            if (nx == 'h') { a[m++] = 't'; i++; continue; }
            if (nx == 's' || nx == 'z') { a[m++] = 'c'; i++; continue; }
            break;
        case 's':
            if (nx == 'c' && nx2 == 'h') { a[m++] = 's'; i += 2; continue; }
            if (nx == 'h') { a[m++] = 's'; i++; continue; }
            break;
        case 'z':
            if (nx == 'h') { a[m++] = 'j'; i++; continue; }
            break;
        case 'k':
            if (nx == 'h') { a[m++] = 'h'; i++; continue; }
            break;
        case 'g':
            if (nx == 'h') { a[m++] = 'g'; i++; continue; }
            break;
        case 'p':
            if (nx == 'h') { a[m++] = 'f'; i++; continue; }
            break;
        case 'c':
            if (nx == 'h') { a[m++] = 'c'; i++; continue; }
            if (nx == 'k') { a[m++] = 'k'; i++; continue; }
            a[m++] = (nx == 'e' || nx == 'i' || nx == 'y') ? 's' : 'k';
            continue;
        case 'o':
            if (nx == 'u' || nx == 'o') { a[m++] = 'u'; i++; continue; }
            break;
        case 'e':
            if (nx == 'e') { a[m++] = 'i'; i++; continue; }
            break;
        case 'w': a[m++] = 'v'; continue;
        case 'q': a[m++] = 'k'; continue;
        case 'x': a[m++] = 'k'; a[m++] = 's'; continue;
        case 'y': a[m++] = 'i'; continue;
        default: break;
        }
        a[m++] = c;
    }
    /* a leading vowel is the least stable letter across romanizations
     * (Usama/Osama, Umar/Omar, Ebrahim/Ibrahim, El-/Al-): all become 'a' */
    if (m > 0 && n >= 4 && is_vowel(a[0])) a[0] = 'a';
    /* -off/-eff: the French romanization of -ov/-ev */
    if (off_end && m > 0 && a[m - 1] == 'f') a[m - 1] = 'v';
    /* doubled letters are spelled single or double (Mohammad/Mohamad); then drop
     * vowels after the first letter and a final h (Fatimah/Fatima).  Letters that
     * meet only once the vowels are gone stay apart (Popov: p-p-v). */
    size_t o = 0;
    for (size_t k = 0; k < m && o + 1 < cap; k++) {
        char c = a[k];
        if (k > 0 && a[k - 1] == c) continue;
        if (k > 0 && is_vowel(c) && !vowels) continue;
        if (k > 0 && c == 'h' && (k + 1 == m)) continue;
        out[o++] = c;
    }
    out[o] = '\0';
    return o;
}

size_t emb_skeleton(const char *tok, size_t n, char *out, size_t cap) { return skeleton_of(tok, n, out, cap, 0); }

size_t emb_phonetic(const char *tok, size_t n, char *out, size_t cap) { return skeleton_of(tok, n, out, cap, 1); }

/* Abbreviations of given names that spelling tolerance cannot reach: the
 * token is replaced by the full name. */
static const char *expand_abbrev(const char *s, size_t n)
{
    static const struct { const char *abbr, *full; } ab[] = {
        {"mohd", "muhammad"}, {"muhd", "muhammad"}, {"mhd", "muhammad"}, {"md", "muhammad"},
    };
    if (n > 4 || s[0] != 'm') return NULL;
    for (size_t i = 0; i < sizeof ab / sizeof ab[0]; i++)
        if (strlen(ab[i].abbr) == n && memcmp(ab[i].abbr, s, n) == 0) return ab[i].full;
    return NULL;
}

/* Spellings of common Arabic and Persian given names whose skeletons are
 * too short or too different to meet: the token keeps its spelling (joins
 * like Abdulhussein need it) and takes the canonical name as its skeleton. */
static const char *canonical_variant(const char *s, size_t n)
{
    static const struct { const char *var, *canon; } v[] = {
        {"mohammed", "muhammad"}, {"mohammad", "muhammad"}, {"mohamed", "muhammad"},
        {"mohamad", "muhammad"}, {"muhammed", "muhammad"}, {"mohamud", "muhammad"},
        {"mokhammad", "muhammad"}, {"mukhammad", "muhammad"}, {"mahomed", "muhammad"},
        {"muhamad", "muhammad"}, {"mohammod", "muhammad"}, {"muhammad", "muhammad"},
        {"muhamed", "muhammad"}, {"mahammad", "muhammad"}, {"mukhamed", "muhammad"},
        {"mukhammed", "muhammad"}, {"muhammet", "muhammad"}, {"mouhamed", "muhammad"},
        {"mouhammad", "muhammad"},
        {"hussein", "husayn"}, {"hossein", "husayn"}, {"husein", "husayn"}, {"hosein", "husayn"},
        {"husain", "husayn"}, {"hussain", "husayn"}, {"hossain", "husayn"}, {"hosseyn", "husayn"},
        {"hussayn", "husayn"}, {"housein", "husayn"}, {"houssein", "husayn"}, {"husayn", "husayn"},
        {"hoseyn", "husayn"}, {"huseyn", "husayn"}, {"huseyin", "husayn"}, {"hosayn", "husayn"},
        {"abdulla", "abdullah"}, {"abdallah", "abdullah"}, {"abdalla", "abdullah"}, {"abdullah", "abdullah"},
        {"abdollah", "abdullah"}, {"abdolah", "abdullah"}, {"abdulah", "abdullah"},
        {"reza", "reza"}, {"rida", "reza"}, {"ridha", "reza"}, {"redha", "reza"}, {"reda", "reza"},
        {"riza", "reza"}, {"reeza", "reza"},
        /* Isa (Jesus): its first letter is a vowel that the spellings change */
        {"isa", "eisa"}, {"issa", "eisa"}, {"eisa", "eisa"}, {"eissa", "eisa"}, {"esa", "eisa"}, {"aissa", "eisa"},
    };
    if (n < 3 || (s[0] != 'm' && s[0] != 'h' && s[0] != 'a' && s[0] != 'r' && s[0] != 'i' && s[0] != 'e')) return NULL;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (strlen(v[i].var) == n && memcmp(v[i].var, s, n) == 0) return v[i].canon;
    return NULL;
}

size_t emb_token_skeleton(const char *s, size_t n, char *out, size_t cap)
{
    const char *canon = canonical_variant(s, n);
    if (!canon) return emb_skeleton(s, n, out, cap);
    size_t cl = strlen(canon);
    if (cl + 1 > cap) cl = cap ? cap - 1 : 0;
    memcpy(out, canon, cl);
    if (cap) out[cl] = '\0';
    return cl;
}

static int ambiguous_legal(const char *s, size_t n) { return in_set(WL_AMBIGUOUS, s, n); }

static int is_title(const char *s, size_t n) { return in_set(WL_TITLE, s, n); }

int emb_token_is_title(const char *s, size_t n) { return is_title(s, n); }

/* Titles that are also given names or surnames in their own right (Major,
 * Miss, Lord, Marshal): a name word wherever they stand. */
static int title_also_name(const char *s, size_t n) { return in_set(WL_TITLE_NAME, s, n); }

/* Titles that are never a name: dropped inside a name too (SURNAME, Dr.
 * Given read as SURNAME DR GIVEN).  Not Sheikh, Haji or Sayyid: names
 * carry them as names (AL-SAYYID, HAJI ALI) in any place. */
static int title_only(const char *s, size_t n) { return in_set(WL_TITLE_ONLY, s, n); }

/* A word of a legal-form phrase: short words exactly, long ones up to their
 * romanization (ogranichennoy/ogranichennoi, otvetstvennostyu/-stiu). */
/* wsk: the word's skeleton if known (computed here otherwise, into wsk
 * when it is a buffer of EMB_TOKLEN_MAX + 1 with *wskl == -1). */
static int legal_word_eq_sk(const char *w, size_t wn, char *wsk, int *wskl, const lword *ph)
{
    size_t pn = ph->n;
    if (wn == pn && memcmp(w, ph->s, wn) == 0) return 1;
    if (wn < 6 || pn < 6 || w[0] != ph->s[0] || (wn > pn ? wn - pn : pn - wn) > 2) return 0;
    if (*wskl < 0) *wskl = (int)emb_skeleton(w, wn, wsk, EMB_TOKLEN_MAX + 1);
    return *wskl == ph->skl && memcmp(wsk, ph->sk, ph->skl) == 0;
}

/* The canonical legal form of a single word ("ao" -> "jsc"), or NULL. */
const char *emb_legal_canon(const char *s, size_t n)
{
    /* runs for every legal token the scorer meets: compare the first letter
     * before anything else, and let the phrase's own NUL end it (a phrase
     * with a space never ends where a single word does) */
    if (n == 0) return NULL;
    legal_phrases();
    for (uint16_t k = legal_first[(unsigned char)s[0]]; k != LEGAL_END; k = legal_next[k]) {
        const char *ph = legal[k].phrase;
        if (strncmp(ph, s, n) == 0 && ph[n] == '\0') return legal[k].canon;
    }
    return NULL;
}

int emb_legal_word_roles(const char *w, size_t wn)
{
    int roles = 0;
    if (wn == 0) return 0;
    const lphrase *phs = legal_phrases();
    char sk[EMB_TOKLEN_MAX + 1];
    int skl = -1;
    /* the words with its first letter (legal_word_eq_sk needs it) */
    for (uint16_t i = lw_first[(unsigned char)w[0]]; i != LEGAL_END; i = lw_next[i]) {
        const lphrase *ph = &phs[lw_phrase[i]];
        size_t pos = lw_pos[i];
        if (legal_word_eq_sk(w, wn, sk, &skl, &ph->w[pos]))
            roles |= pos > 0 ? EMB_LEGAL_LATER : ph->nw > 1 ? EMB_LEGAL_FIRST : EMB_LEGAL_ONE;
    }
    return roles;
}

/* The id of a canonical form ("LLC"), 0 if c is NULL or not one. */
static int canon_id(const char *c, size_t cl)
{
    for (int i = 0; c && legal_canon_forms[i]; i++)
        if (strlen(legal_canon_forms[i]) == cl && memcmp(legal_canon_forms[i], c, cl) == 0) return i + 1;
    return 0;
}

typedef struct raw { const char *s; size_t n; int skl; char sk[EMB_TOKLEN_MAX + 1]; } raw; /* skl -1: skeleton not computed */

/* legal: the word's legal canonical form (emb_legal_canon), NULL if none;
 * for a legal token the token itself */
static void push(emb_pname *out, const char *s, size_t n, int cls_override, const char *legal)
{
    if (out->n >= EMB_TOK_MAX) return;
    const char *full = expand_abbrev(s, n);
    if (full) { s = full; n = strlen(full); legal = NULL; /* muhammad is no legal form */ }
    if (n > EMB_TOKLEN_MAX) n = EMB_TOKLEN_MAX;
    emb_ptok *t = &out->t[out->n++];
    memcpy(t->s, s, n);
    t->s[n] = '\0';
    t->len = (uint8_t)n;
    t->cls = (uint8_t)(cls_override >= 0 ? cls_override : emb_token_class(s, n));
    t->legal = (uint8_t)(legal ? canon_id(legal, strlen(legal)) : 0);
    t->ghq = emb_ghq_flags(t->s, n);
    t->sklen = (uint8_t)emb_token_skeleton(t->s, n, t->sk, sizeof t->sk);
    t->w = 0;
    t->id = UINT32_MAX;
}

/* The longest legal-form phrase at r[i..nr): its length in words (0: none)
 * and canonical form. */
static size_t longest_legal(const lphrase *phs, raw *r, size_t nr, size_t i, const char **canon)
{
    size_t best_len = 0;
    *canon = NULL;
    /* legal_word_eq keeps the first letter */
    for (uint16_t k = legal_first[(unsigned char)r[i].s[0]]; k != LEGAL_END; k = legal_next[k]) {
        const lphrase *ph = &phs[k];
        if (i + ph->nw > nr || ph->nw <= best_len) continue;
        size_t used = 0;
        while (used < ph->nw &&
               legal_word_eq_sk(r[i + used].s, r[i + used].n, r[i + used].sk, &r[i + used].skl, &ph->w[used]))
            used++;
        if (used == ph->nw) { best_len = used; *canon = legal[k].canon; }
    }
    return best_len;
}

void emb_prepare(const char *norm, emb_pname *out) { emb_prepare_as(norm, 0, out); }

size_t emb_surname_tokens(const char *norm, size_t nsur, size_t ntok)
{
    if (!nsur) return 0;
    size_t words = 1;
    for (const char *s = norm; *s; s++) words += *s == ' ';
    return words <= EMB_TOK_MAX && nsur < ntok ? nsur : 0;
}

void emb_prepare_as(const char *norm, int kind, emb_pname *out)
{
    int org = kind == EMB_PREP_ORG, person = kind == EMB_PREP_PERSON;
    const lphrase *phs = legal_phrases();
    raw r[64];
    size_t nr = 0;
    const char *p = norm;
    while (*p && nr < 64) {
        while (*p == ' ') p++;
        if (!*p) break;
        const char *s = p;
        while (*p && *p != ' ') p++;
        r[nr].s = s;
        r[nr].n = (size_t)(p - s);
        r[nr].skl = -1;
        nr++;
    }
    out->n = 0;
    out->nsur = 0;
    size_t i = 0;
    /* leading titles ("Brigadier General", "Sheikh", "Dr.") while two words that
     * are not legal forms remain, so that "MR HANDYMAN S.A." keeps its MR as the
     * query "Mr Handyman" does */
    size_t nonlegal = 0;
    const char *canon[64];
    int legal_form = 0; /* a word of it is a legal form: an organization's name (HESCO ENG & CON CO) */
    for (size_t k = 0; k < nr; k++) {
        canon[k] = emb_legal_canon(r[k].s, r[k].n);
        legal_form |= canon[k] && !person && !(nr <= 2 && ambiguous_legal(r[k].s, r[k].n));
        nonlegal += !canon[k] || person; /* a person's name has no legal forms */
    }
    while (i < nr && nonlegal > 2 && is_title(r[i].s, r[i].n)) { i++; nonlegal--; }
    for (; i < nr; i++) {
        /* a title inside a person's name, before a word: SURNAME, Dr. Given
         * read as SURNAME DR GIVEN (the lists' Dr. leads after the comma
         * and is dropped above) */
        if (!org && !legal_form && i > 0 && i + 1 < nr && nonlegal > 2 && !canon[i] && !canon[i + 1] && title_only(r[i].s, r[i].n)) {
            nonlegal--;
            continue;
        }
        /* longest legal-form phrase starting here, unless a longer one
         * starts inside it and ends after it (MANAGING COMPANY LIMITED
         * LIABILITY COMPANY: the LLC, not COMPANY LIMITED) */
        const char *best = NULL;
        size_t best_len = person ? 0 : longest_legal(phs, r, nr, i, &best);
        for (size_t j = i + 1; best && j < i + best_len; j++) {
            const char *other;
            size_t ol = longest_legal(phs, r, nr, j, &other);
            if (ol > best_len && j + ol > i + best_len) best = NULL, best_len = 0;
        }
        /* a lone short legal word ("co", "sa", "ao") in a one- or two-token name is
         * more likely part of the name itself */
        /* short abbreviations that are also name words (SA, AO, CO, AG, AT...) are
         * legal forms only in names of three words or more ("Thomas Sa" is a person) */
        if (best && best_len == 1 && nr <= 2 && !org && ambiguous_legal(r[i].s, r[i].n)) best = NULL;
        if (best && !(best_len == 1 && nr <= 1)) {
            push(out, best, strlen(best), EMB_TOK_LEGAL, best);
            i += best_len - 1;
            continue;
        }
        /* a title kept in a person's name (inside it, or in front of a
         * two-word name) weighs as a generic word: the lists' NAWAY, Haji
         * Ali loses its leading Haji, the query NAWAY HAJI ALI keeps it */
        int cls = -1;
        if (!org && !canon[i] && is_title(r[i].s, r[i].n) && !title_also_name(r[i].s, r[i].n))
            cls = EMB_TOK_STOP;
        push(out, r[i].s, r[i].n, cls, canon[i]);
    }
}
