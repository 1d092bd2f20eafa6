/* score.c - token similarity and alignment (see score.h for the formula).
 *
 * Why these choices:
 * - Jaro-Winkler on the surface form catches typos; the same on the
 *   romanization skeleton catches Mohammad/Muhammad, Yevgeniy/Evgeny,
 *   -ov/-off, kh/h, ou/u, and is discounted slightly because it is coarser.
 * - Short tokens (3 letters or fewer) must be equal or skeleton-equal: JW
 *   says ALI~ALA is 0.82, which is noise.
 * - A feminine surname is not the masculine one (LAVROV vs LAVROVA).
 * - Unmatched list-name tokens weigh less than unmatched query tokens: lists
 *   carry middle names and patronymics that queries omit, while a query
 *   token that the listed name lacks (a different given name) is evidence of
 *   a different person. */
#include "match/score.h"
#include "util/strpool.h"
#include "match/jaro.h"
#include <string.h>

/* Optimal string alignment distance (Damerau-Levenshtein with adjacent
 * transpositions), stopping early once it exceeds `max`. */
size_t emb_osa_distance(const char *a, size_t al, const char *b, size_t bl, size_t max)
{
    if (al > 80 || bl > 80) return max + 1;
    size_t d = al > bl ? al - bl : bl - al;
    if (d > max) return max + 1;
    unsigned char r0[82], r1[82], r2[82];
    unsigned char *pp = r0, *p = r1, *c = r2;
    for (size_t j = 0; j <= bl; j++) p[j] = (unsigned char)j;
    for (size_t i = 1; i <= al; i++) {
        c[0] = (unsigned char)i;
        unsigned char rowmin = c[0];
        for (size_t j = 1; j <= bl; j++) {
            unsigned v = p[j] + 1u;
            if (c[j - 1] + 1u < v) v = c[j - 1] + 1u;
            unsigned sub = p[j - 1] + (a[i - 1] != b[j - 1]);
            if (sub < v) v = sub;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1u < v) v = pp[j - 2] + 1u;
            c[j] = (unsigned char)(v > 250 ? 250 : v);
            if (c[j] < rowmin) rowmin = c[j];
        }
        if (rowmin > max) return max + 1;
        unsigned char *t = pp; pp = p; p = c; c = t;
    }
    return p[bl];
}

size_t emb_edit01(const char *a, size_t al, const char *b, size_t bl)
{
    if (al > bl) {
        const char *t = a; a = b; b = t;
        size_t n = al; al = bl; bl = n;
    }
    if (bl - al > 1) return 2;
    size_t pre = 0;
    while (pre < al && a[pre] == b[pre]) pre++;
    if (al < bl) /* one letter more: the first difference is the insertion (a run shifts alike) */
        return memcmp(a + pre, b + pre + 1, al - pre) == 0 ? 1 : 2;
    if (pre == al) return 0;
    /* equal lengths: the first difference is substituted or swapped with the next */
    if (memcmp(a + pre + 1, b + pre + 1, al - pre - 1) == 0) return 1;
    if (pre + 1 < al && a[pre] == b[pre + 1] && a[pre + 1] == b[pre] &&
        memcmp(a + pre + 2, b + pre + 2, al - pre - 2) == 0)
        return 1;
    return 2;
}

static int female_form(const char *a, size_t al, const char *b, size_t bl)
{
    /* b == a + "a" with a ending in a Slavic surname suffix (ov, ev, in, yn, sky->skaya) */
    if (bl != al + 1) return 0; /* both forms add one letter */
    if (b[al] == 'a' && memcmp(a, b, al) == 0 && al >= 3) {
        const char *e = a + al - 2;
        if (!memcmp(e, "ov", 2) || !memcmp(e, "ev", 2) || !memcmp(e, "in", 2) || !memcmp(e, "yn", 2) ||
            !memcmp(e, "ko", 2))
            return 1;
    }
    if (al >= 4 && !memcmp(a + al - 2, "iy", 2) && !memcmp(b + bl - 3, "aya", 3))
        return 1;
    return 0;
}

/* A skeleton that is a canonical given name (see tokens.c: such skeletons
 * keep their vowels, ordinary skeletons never have one after the first letter). */
static int canonical_skeleton(const char *sk, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (sk[i] == 'a' || sk[i] == 'e' || sk[i] == 'i' || sk[i] == 'o' || sk[i] == 'u') return 1;
    return 0;
}

/* Equal under emb_phonetic. */
static int phonetic_equal(const char *a, size_t al, const char *b, size_t bl)
{
    char pa[EMB_TOKLEN_MAX + 8], pb[EMB_TOKLEN_MAX + 8];
    size_t na = emb_phonetic(a, al, pa, sizeof pa), nb = emb_phonetic(b, bl, pb, sizeof pb);
    return na == nb && memcmp(pa, pb, na) == 0;
}

/* Equal once runs of a repeated letter are squeezed to one. */
static int squeeze_equal(const char *a, size_t al, const char *b, size_t bl)
{
    /* the last runs meet last: most pairs differ there (or at the first letter) */
    if (al && bl && a[al - 1] != b[bl - 1]) return 0;
    size_t i = 0, j = 0;
    while (i < al && j < bl) {
        if (a[i] != b[j]) return 0;
        char c = a[i];
        while (i < al && a[i] == c) i++;
        while (j < bl && b[j] == c) j++;
    }
    return i == al && j == bl;
}

static float spelling_sim(const char *a, size_t al, const char *ask, size_t askl, const char *b, size_t bl,
                          const char *bsk, size_t bskl);

/* The share of an unmatched listed name's weight kept for a person's
 * middle name left out of the query (matched names on both sides of it):
 * the eval's drop_middle kind, and the usual way people write a name. */
#define MIDDLE_DROPPED 0.6
/* A word of a listed person's surname (the list's SURNAME, Given) left
 * out of the query counts this much (against 0.35 for another word): a
 * query without the surname names someone else, and one with only the
 * second of two surnames (Santiago CASTRO for ALVAREZ CASTRO, Santiago)
 * does not use the name a person goes by.  The last of two surname words
 * or more may be left out as any other word (Santiago Alvarez), and so
 * may any where a query word is left unmatched too (it may be that word,
 * misspelt past recognition: AL-IN for AL-DIN). */
#define SURNAME_DROPPED 0.7

/* The token of listed name n's surname (its last nsur tokens) that a query
 * may leave out as any other word: the last of two words or more of class
 * normal; n->n (none) otherwise. */
static size_t surname_free(const emb_pname *n)
{
    size_t words = 0, last = n->n;
    for (size_t j = n->n - n->nsur; j < n->n; j++)
        if (n->t[j].cls == EMB_TOK_NORMAL) { words++; last = j; }
    return words >= 2 ? last : n->n;
}

/* The share of its weight that a listed token of class cls, left out of
 * the query, counts against the match (beta: the schema's share); surname:
 * a word of a listed person's surname; middle: between two words matched
 * (a person's middle name: MIDDLE_DROPPED).  The bound asks it with
 * middle wherever a middle may be and never as a surname, the least it
 * can count. */
static double unmatched_listed(int cls, int surname, int middle, double beta, embargo_schema schema)
{
    if (schema == EMBARGO_PERSON && surname && cls == EMB_TOK_NORMAL) return SURNAME_DROPPED;
    double b = cls == EMB_TOK_PATRONYMIC ? beta * 0.6 : beta;
    return schema == EMBARGO_PERSON && middle ? b * MIDDLE_DROPPED : b;
}

/* The least Jaro-Winkler (in hundredths) of a typo, one edit apart (two in
 * long words), by the shorter word's length: Jaro-Winkler rates an edit
 * near the front of a short word low (CNTER / CENTER 0.86, AADALLAH /
 * ABDALLAH 0.84), and an edit is what the distance test has confirmed;
 * four letters keep 0.88 (Redi / Rudi 0.85 are two names) */
#define TYPO_FLOOR(minlen) ((minlen) <= 4 ? 88u : (minlen) == 5 ? 85u : 82u)

/* One word has q and the other gh (emb_ghq_flags), first asked of the
 * skeletons (q makes a k, gh a g): most pairs lack one of the two letters. */
static int ghq_pair_sk(const char *a, size_t al, const char *ask, size_t askl, const char *b, size_t bl,
                       const char *bsk, size_t bskl)
{
    unsigned fa = 0, fb = 0; /* bit 0: a k, bit 1: a g */
    for (size_t i = 0; i < askl; i++) fa |= (unsigned)(ask[i] == 'k') | (unsigned)(ask[i] == 'g') << 1;
    for (size_t i = 0; i < bskl; i++) fb |= (unsigned)(bsk[i] == 'k') | (unsigned)(bsk[i] == 'g') << 1;
    if (!((fa & 1 && fb & 2) || (fa & 2 && fb & 1))) return 0;
    fa = emb_ghq_flags(a, al);
    fb = emb_ghq_flags(b, bl);
    return ((fa & EMB_HAS_Q) && (fb & EMB_HAS_GH)) || ((fa & EMB_HAS_GH) && (fb & EMB_HAS_Q));
}

size_t emb_gh_to_q(const char *s, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == 'g' && i + 1 < n && s[i + 1] == 'h') { out[k++] = 'q'; i++; continue; }
        out[k++] = s[i];
    }
    out[k] = '\0';
    return k;
}

static float token_sim_core(const char *a, size_t al, const char *ask, size_t askl, int acls, const char *b,
                            size_t bl, const char *bsk, size_t bskl, int bcls);


float emb_token_sim(const char *a, size_t al, const char *ask, size_t askl, int acls, const char *b,
                    size_t bl, const char *bsk, size_t bskl, int bcls)
{
    float s = token_sim_core(a, al, ask, askl, acls, b, bl, bsk, bskl, bcls);
    /* Persian and Arabic romanizations write one letter gh or q (Sadeghi /
     * Sadeqi, Gholamreza / Qolamreza, Haghighi / Haqiqi): the words with gh
     * as q, at most 0.95 */
    if (s < 0.95f && ghq_pair_sk(a, al, ask, askl, b, bl, bsk, bskl)) {
        char x[EMB_TOKLEN_MAX + 1], y[EMB_TOKLEN_MAX + 1], xs[EMB_TOKLEN_MAX + 1], ys[EMB_TOKLEN_MAX + 1];
        size_t xl = emb_gh_to_q(a, al < EMB_TOKLEN_MAX ? al : EMB_TOKLEN_MAX, x);
        size_t yl = emb_gh_to_q(b, bl < EMB_TOKLEN_MAX ? bl : EMB_TOKLEN_MAX, y);
        size_t xsl = emb_token_skeleton(x, xl, xs, sizeof xs), ysl = emb_token_skeleton(y, yl, ys, sizeof ys);
        float s2 = token_sim_core(x, xl, xs, xsl, acls, y, yl, ys, ysl, bcls);
        if (s2 > 0.95f) s2 = 0.95f;
        if (s2 > s) s = s2;
    }
    return s;
}

static float token_sim_core(const char *a, size_t al, const char *ask, size_t askl, int acls, const char *b,
                            size_t bl, const char *bsk, size_t bskl, int bcls)
{
    if (al == bl && memcmp(a, b, al) == 0) return 1.0f;
    if (acls == EMB_TOK_INITIAL || bcls == EMB_TOK_INITIAL) {
        if (acls == EMB_TOK_INITIAL && bcls == EMB_TOK_INITIAL) return 0.0f;
        return a[0] == b[0] ? EMB_SIM_INITIAL : 0.0f;
    }
    if (acls == EMB_TOK_LEGAL || bcls == EMB_TOK_LEGAL) {
        /* canonical forms are equal or not; a short word kept as a name word
         * ("AO" in "AO Vebdv": two words, so not taken as a legal form) still
         * meets its canonical form on the other side */
        if (acls == EMB_TOK_LEGAL && bcls == EMB_TOK_LEGAL) return 0.0f;
        const char *c = acls == EMB_TOK_LEGAL ? emb_legal_canon(b, bl) : emb_legal_canon(a, al);
        const char *l = acls == EMB_TOK_LEGAL ? a : b;
        size_t ll = acls == EMB_TOK_LEGAL ? al : bl;
        return c && strlen(c) == ll && memcmp(c, l, ll) == 0 ? 1.0f : 0.0f;
    }
    if (acls == EMB_TOK_NUMBER || bcls == EMB_TOK_NUMBER) return 0.0f;
    /* a fuzzy match keeps the first letter, of the word or of its skeleton
     * (Khalid/Halid, Yevgeniy/Evgeny, Celik/Kelik); Anna is not Banna */
    if (a[0] != b[0] && !(askl && bskl && ask[0] == bsk[0]) &&
        !(al > 1 && bl > 1 && a[0] == b[1] && a[1] == b[0])) /* ...or swaps it with the second (Abid/Baid) */
        return 0.0f;
    if (female_form(a, al, b, bl) || female_form(b, bl, a, al)) return 0.0f;
    /* Antonio/Antonia, Mario/Maria: a different given name, not a typo */
    if (al == bl && al >= 4 && ((a[al - 1] == 'a' && b[al - 1] == 'o') || (a[al - 1] == 'o' && b[al - 1] == 'a')) &&
        memcmp(a, b, al - 1) == 0)
        return 0.0f;
    /* canonical spellings of one given name (Mohammed/Muhammad/Mohamad,
     * Hussein/Hossein): the lists themselves use them interchangeably */
    if (askl >= 4 && askl == bskl && memcmp(ask, bsk, askl) == 0 && canonical_skeleton(ask, askl)) return 1.0f;
    if (squeeze_equal(a, al, b, bl)) return 0.95f; /* a doubled or undoubled letter (Son/Sson, Esa/Essa) */
    float sim = spelling_sim(a, al, ask, askl, b, bl, bsk, bskl);
    /* one spelling under the romanization rules, vowels and all (Saeed/Said,
     * Deen/Din, Musa/Moussa, Phara/Fara, Rais/Rays, Aly/Ali): only words
     * with the same skeleton can be */
    if (sim < 0.95f && askl && askl == bskl && memcmp(ask, bsk, askl) == 0 && phonetic_equal(a, al, b, bl))
        sim = 0.95f;
    return sim;
}

/* emb_token_sim once the rules by class, first letter and form have let
 * the pair through: typos and romanization variants. */
static float spelling_sim(const char *a, size_t al, const char *ask, size_t askl, const char *b, size_t bl,
                          const char *bsk, size_t bskl)
{
    size_t minlen = al < bl ? al : bl;
    /* short tokens: equal or nothing (ALI vs ALA), but for two swapped letters
     * after the first (ADB for ABD) */
    if (minlen <= 3)
        return (al == 3 && bl == 3 && a[0] == b[0] && a[1] == b[2] && a[2] == b[1]) ? 0.88f : 0.0f;
    /* a typo is one edit (two in long words); more edits are another word
     * however high Jaro-Winkler rates it (Sture/Strel, Roberto/Rigoberto) */
    size_t allowed = (al >= 10 && bl >= 10) ? 2 : 1;
    int same_skel = askl == bskl && askl >= 3 && memcmp(ask, bsk, askl) == 0;
    size_t ld = al > bl ? al - bl : bl - al, skd = askl > bskl ? askl - bskl : bskl - askl;
    int typo_possible = ld <= allowed;
    int skel_close = !same_skel && askl >= 4 && bskl >= 4 && skd <= 1;
    /* most pairs fail these cheap tests: no Jaro-Winkler for them */
    if (!same_skel && !typo_possible && !skel_close) return 0.0f;
    /* one edit leaves at most two letters outside the common prefix and
     * suffix (a transposition touches two): a cheap test before the
     * distances (two edits, at both ends, can leave none) */
    if (typo_possible && allowed == 1) {
        size_t maxlen = al > bl ? al : bl, pre = 0, suf = 0;
        while (pre < minlen && a[pre] == b[pre]) pre++;
        while (suf < minlen - pre && a[al - 1 - suf] == b[bl - 1 - suf]) suf++;
        if (pre + suf + 2 < maxlen) typo_possible = 0;
    }
    if (!same_skel && !typo_possible && !skel_close) return 0.0f;
    double floor = minlen <= 5 ? 0.88 : 0.84, tfloor = TYPO_FLOOR(minlen) / 100.0;
    /* each way on but a long shared skeleton needs Jaro-Winkler of the
     * words at floor, 0.85 or 0.80: most pairs that got this far fail a
     * bound from their letters alone (the margin: the bound is computed
     * in another order than the real thing) */
    if (!(same_skel && askl >= 4)) {
        double ub = emb_jaro_winkler_upper(a, al, b, bl) + 1e-9;
        if (ub < tfloor) typo_possible = 0;
        if (ub < 0.85) skel_close = 0;
        if (ub < 0.80) same_skel = 0; /* short skeletons: 0.90 needs 0.80 */
        if (!same_skel && !typo_possible && !skel_close) return 0.0f;
    }
    double jw = -1; /* computed when needed */
    double sim = 0.0;
    if (typo_possible && (allowed == 1 ? emb_edit01(a, al, b, bl) : emb_osa_distance(a, al, b, bl, allowed + 1)) <= allowed) {
        jw = emb_jaro_winkler(a, al, b, bl);
        if (jw >= tfloor) sim = jw;
        floor = tfloor; /* a typo: its own floor */
    }
    if (same_skel) {
        /* same skeleton: a romanization variant, if the words look alike at all */
        if (askl < 4 && jw < 0) jw = emb_jaro_winkler(a, al, b, bl);
        double v = askl >= 4 ? 0.95 : (jw >= 0.80 ? 0.90 : 0.0);
        if (v > sim) sim = v;
    } else if (skel_close && sim < 0.92 && (jw >= 0 || (jw = emb_jaro_winkler(a, al, b, bl)) >= 0) && jw >= 0.85 &&
               emb_edit01(ask, askl, bsk, bskl) <= 1) {
        double js = emb_jaro_winkler(ask, askl, bsk, bskl) * 0.94;
        if (js > 0.92) js = 0.92;
        if (js > sim) sim = js;
    }
    return sim >= floor ? (float)sim : 0.0f;
}

void emb_letters_of(const char *s, size_t n, emb_letters *out)
{
    uint8_t cnt[32] = {0};
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        unsigned k = (unsigned char)s[i] & 31, c = cnt[k];
        if (c < 4) {
            out->level[c] |= 1u << k;
            cnt[k] = (uint8_t)(c + 1);
        }
    }
}

/* The bits set in x, y and z together, in registers (the portable build
 * has no popcount instruction: __builtin_popcount calls libgcc). */
static inline size_t popcount3(uint32_t x, uint32_t y, uint32_t z)
{
    x -= (x >> 1) & 0x55555555u;
    y -= (y >> 1) & 0x55555555u;
    z -= (z >> 1) & 0x55555555u;
    /* 4-bit fields of at most 4 each: three sum to at most 12 */
    uint32_t s = ((x & 0x33333333u) + ((x >> 2) & 0x33333333u)) + ((y & 0x33333333u) + ((y >> 2) & 0x33333333u)) +
                 ((z & 0x33333333u) + ((z >> 2) & 0x33333333u));
    s = (s & 0x0f0f0f0fu) + ((s >> 4) & 0x0f0f0f0fu);
    return (s * 0x01010101u) >> 24;
}

/* Is Jaro-Winkler of a and b surely below t100 / 100, by the letters the
 * two share?  (bpre: b's first min(4, bl) bytes.) */
static inline int letters_below(const char *a, size_t al, const emb_letters *la, const char *bpre, size_t bl,
                                const emb_letters *lb, unsigned t100)
{
    /* shared letters, counted to 3 (a letter four times in both: no bound) */
    if (la->level[3] & lb->level[3]) return 0;
    size_t m = popcount3(la->level[0] & lb->level[0], la->level[1] & lb->level[1], la->level[2] & lb->level[2]);
    /* emb_jaro_winkler_upper from those (the short tokens' swap rule and
     * Jaro-Winkler itself share all letters, so they are not ruled out):
     * J + l/10 (1 - J) < T with J = (m/al + m/bl + 1) / 3, in integers
     * (exact: a bound below T is below it by 1/(300 al bl) at least, far
     * more than the rounding of the real thing) */
    size_t l = 0;
    while (l < 4 && l < al && l < bl && a[l] == bpre[l]) l++;
    return (m * (al + bl) + al * bl) * (10 - l) * 10 < 3 * al * bl * (t100 - 10 * l);
}

static inline int content_class(int c) { return c == EMB_TOK_NORMAL || c == EMB_TOK_PATRONYMIC; }

/* The test of emb_token_sim_ruled_out on what it knows of b: its first
 * min(4, bl) bytes, last byte, length, skeleton length, class and letters;
 * same_skel: the two skeletons are (or may be) the same. */
static int ruled_out_core(const char *a, size_t al, size_t askl, int acls, const emb_letters *la, int same_skel,
                          uint32_t aph, unsigned aghq, const char *bpre, char blast, size_t bl, size_t bskl, int bcls,
                          const emb_letters *lb, uint32_t bph)
{
    /* the ways that need no Jaro-Winkler: initials, legal forms and
     * numbers (by class), a shared skeleton of four letters or more, a
     * doubled or undoubled letter (squeeze_equal: the same first and last
     * letters); the same word shares all its letters and passes below */
    if (!content_class(acls) || !content_class(bcls)) return 0;
    if (!al || !bl || (a[0] == bpre[0] && a[al - 1] == blast)) return 0;
    /* gh and q (ghq_pair_sk): b's letters say whether it may have the other */
    if ((aghq & EMB_HAS_Q) && (lb->level[0] >> ('g' & 31) & 1) && (lb->level[0] >> ('h' & 31) & 1)) return 0;
    if ((aghq & EMB_HAS_GH) && (lb->level[0] >> ('q' & 31) & 1)) return 0;
    /* a shared long skeleton is the way in; a short one, when the words
     * spell alike (emb_phonetic_hash: Saeed/Said; equal hashes are taken
     * for equal spellings) */
    if (same_skel && (askl >= 4 || (askl && aph == bph))) return 0;
    /* emb_token_sim's other ways, from the lengths: short tokens match only
     * swapped (ADB for ABD) */
    size_t minlen = al < bl ? al : bl;
    if (minlen <= 3) return !(al == 3 && bl == 3 && a[0] == bpre[0] && a[1] == bpre[2] && a[2] == bpre[1]);
    size_t allowed = (al >= 10 && bl >= 10) ? 2 : 1;
    size_t ld = al > bl ? al - bl : bl - al, skd = askl > bskl ? askl - bskl : bskl - askl;
    int typo = ld <= allowed;
    same_skel = same_skel && askl >= 3;
    int skel_close = !same_skel && askl >= 4 && bskl >= 4 && skd <= 1;
    if (!same_skel && !typo && !skel_close) return 1;
    /* each needs Jaro-Winkler of the words at a floor: a typo the score's
     * floor, a close skeleton 0.85, a short shared skeleton 0.80; the
     * shared letters bound it from above */
    unsigned need = 100;
    if (typo) need = TYPO_FLOOR(minlen);
    if (skel_close && need > 85) need = 85;
    if (same_skel) need = 80;
    return letters_below(a, al, la, bpre, bl, lb, need);
}

int emb_token_sim_ruled_out(const char *a, size_t al, const char *ask, size_t askl, int acls, const emb_letters *la,
                            uint32_t aph, unsigned aghq, const char *b, size_t bl, const char *bsk, size_t bskl, int bcls,
                            const emb_letters *lb, uint32_t bph)
{
    if (!bl) return 0;
    int same_skel = askl == bskl && memcmp(ask, bsk, askl) == 0;
    return ruled_out_core(a, al, askl, acls, la, same_skel, aph, aghq, b, b[bl - 1], bl, bskl, bcls, lb, bph);
}

uint32_t emb_phonetic_hash(const char *s, size_t n)
{
    char p[EMB_TOKLEN_MAX + 8];
    size_t k = emb_phonetic(s, n, p, sizeof p);
    return (uint32_t)emb_hash(p, k);
}

void emb_tsketch_of(const char *s, size_t n, const char *sk, size_t skn, int cls, emb_tsketch *out)
{
    memset(out, 0, sizeof *out);
    emb_letters_of(s, n, &out->lt);
    out->skh = (uint32_t)emb_hash(sk, skn);
    out->len = (uint8_t)n;
    out->sklen = (uint8_t)skn;
    out->cls = (uint8_t)cls;
    out->last = n ? s[n - 1] : 0;
    memcpy(out->pre, s, n < 4 ? n : 4);
    out->ph = emb_phonetic_hash(s, n);
}

int emb_token_sim_ruled_out_sketch(const char *a, size_t al, size_t askl, uint32_t askh, int acls,
                                   const emb_letters *la, uint32_t aph, unsigned aghq, const emb_tsketch *b)
{
    /* equal hashes are taken for equal skeletons: at worst not ruled out */
    int same_skel = askl == b->sklen && askh == b->skh;
    return ruled_out_core(a, al, askl, acls, la, same_skel, aph, aghq, b->pre, b->last, b->len, b->sklen, b->cls, &b->lt,
                          b->ph);
}

/* Could emb_token_sim give a and b more than 0?  Its tests without the
 * string distances: the first letter, the length rules, initials, legal
 * forms and numbers.  Must never say no where emb_token_sim says yes. */
static int may_match(const emb_ptok *a, const emb_ptok *b)
{
    size_t al = a->len, bl = b->len;
    if (al == bl && memcmp(a->s, b->s, al) == 0) return 1;
    /* gh and q (emb_token_sim reads them again) */
    if (((a->ghq & EMB_HAS_Q) && (b->ghq & EMB_HAS_GH)) || ((a->ghq & EMB_HAS_GH) && (b->ghq & EMB_HAS_Q))) return 1;
    if (a->cls == EMB_TOK_INITIAL || b->cls == EMB_TOK_INITIAL)
        return !(a->cls == EMB_TOK_INITIAL && b->cls == EMB_TOK_INITIAL) && a->s[0] == b->s[0];
    if (a->cls == EMB_TOK_LEGAL || b->cls == EMB_TOK_LEGAL) {
        if (a->cls == EMB_TOK_LEGAL && b->cls == EMB_TOK_LEGAL) return 0;
        return a->legal && a->legal == b->legal;
    }
    if (a->cls == EMB_TOK_NUMBER || b->cls == EMB_TOK_NUMBER) return 0;
    if (a->s[0] != b->s[0] && !(a->sklen && b->sklen && a->sk[0] == b->sk[0]) &&
        !(al > 1 && bl > 1 && a->s[0] == b->s[1] && a->s[1] == b->s[0]))
        return 0;
    /* the cheap length tests first; the same outcome as emb_token_sim's order */
    size_t askl = a->sklen, bskl = b->sklen;
    size_t ld = al > bl ? al - bl : bl - al, skd = askl > bskl ? askl - bskl : bskl - askl;
    if ((al < bl ? al : bl) > 3) {
        size_t allowed = (al >= 10 && bl >= 10) ? 2 : 1;
        if (ld <= allowed || (askl >= 4 && bskl >= 4 && skd <= 1)) return 1;
    } else if (al == 3 && bl == 3 && a->s[0] == b->s[0] && a->s[1] == b->s[2] && a->s[2] == b->s[1]) {
        return 1;
    }
    if (askl && skd == 0 && memcmp(a->sk, b->sk, askl) == 0) return 1; /* and emb_phonetic's */
    return squeeze_equal(a->s, al, b->s, bl);
}

static int mergeable(const emb_pname *p, size_t i);
static int mergeable_cls(int a, int b);
static float single_sim(const emb_pname *q, size_t i, const emb_ptok *t, emb_sim_cache *cache);

uint32_t emb_token_qmask(const emb_pname *q, const emb_ptok *t, emb_sim_cache *cache)
{
    uint32_t m = 0;
    for (size_t i = 0; i < q->n; i++)
        if (may_match(&q->t[i], t) && (!cache || single_sim(q, i, t, cache) > 0.0f)) m |= 1u << i;
    return m;
}

/* A token as run_matches reads it. */
typedef struct run_tok { const char *s; float w; uint8_t len, cls; } run_tok;
typedef struct run_match { uint8_t a, n, j; float w; } run_match; /* x[a..a+n) ~ y[j]; w: x's weights */

/* Dotted initials written without their dots (B.I. ~ BI, S.T.R. ~ STR,
 * S.A.S.U. ~ SASU, A.A.KULAKOVA ~ AAKULAKOVA): a run of two or more
 * initials of x, or a part of it, with the word before or after it or not,
 * against one word of y (not an initial) spelled exactly as their letters
 * joined.  Returns the matches (at most cap). */
static size_t run_matches(const run_tok *x, size_t xn, const run_tok *y, size_t yn, run_match *out, size_t cap)
{
    size_t k = 0;
    for (size_t r0 = 0; r0 + 1 < xn; r0++) {
        if (x[r0].cls != EMB_TOK_INITIAL || x[r0 + 1].cls != EMB_TOK_INITIAL) continue;
        if (r0 > 0 && x[r0 - 1].cls == EMB_TOK_INITIAL) continue; /* not the run's start */
        size_t r1 = r0 + 1;
        while (r1 + 1 < xn && x[r1 + 1].cls == EMB_TOK_INITIAL) r1++;
        /* spans [a, b]: two initials of the run or more, and at most one
         * word beside it, before or after */
        size_t lo = r0 > 0 ? r0 - 1 : r0, hi = r1 + 1 < xn ? r1 + 1 : r1;
        for (size_t a = lo; a <= r1; a++) {
            char buf[EMB_TOKLEN_MAX + 1];
            size_t len = 0;
            float w = 0;
            for (size_t b = a; b <= hi; b++) {
                if (len + x[b].len > EMB_TOKLEN_MAX) break;
                memcpy(buf + len, x[b].s, x[b].len);
                len += x[b].len;
                w += x[b].w;
                size_t a_in = a < r0 ? r0 : a, b_in = b > r1 ? r1 : b;
                if (b_in < a_in + 1 || (a < r0 && b > r1)) continue;
                for (size_t j = 0; j < yn && k < cap; j++)
                    if (y[j].len == len && y[j].cls != EMB_TOK_INITIAL && memcmp(y[j].s, buf, len) == 0)
                        out[k++] = (run_match){(uint8_t)a, (uint8_t)(b - a + 1), (uint8_t)j, w};
            }
        }
    }
    return k;
}

static size_t pname_run_toks(const emb_pname *p, run_tok *out)
{
    for (size_t i = 0; i < p->n; i++) out[i] = (run_tok){p->t[i].s, p->t[i].w, p->t[i].len, p->t[i].cls};
    return p->n;
}

/* A run of two initials or more anywhere in p. */
static int has_initial_run(const emb_pname *p)
{
    for (size_t i = 0; i + 1 < p->n; i++)
        if (p->t[i].cls == EMB_TOK_INITIAL && p->t[i + 1].cls == EMB_TOK_INITIAL) return 1;
    return 0;
}

void emb_bound_prepare(const emb_pname *q, emb_bquery *bq)
{
    memset(bq->by_c0, 0, sizeof bq->by_c0);
    bq->n = q->n;
    bq->qmax = 0;
    for (size_t i = 0; i < q->n; i++) {
        const emb_ptok *t = &q->t[i];
        if (t->w > bq->qmax) bq->qmax = t->w;
        bq->uqw[i] = t->w * (t->cls == EMB_TOK_PATRONYMIC ? 0.5 : 1.0);
        bq->len[i] = t->len;
        bq->len2[i] = i + 1 < q->n && mergeable(q, i) ? t->len + q->t[i + 1].len : 0; /* 0: no join */
        bq->by_c0[(unsigned char)t->s[0]] |= 1u << i;
        bq->s[i] = t->s;
        bq->cls[i] = t->cls;
        bq->w[i] = t->w;
    }
    bq->runs = has_initial_run(q);
}

/* The scorer's rule for a join (x or y two tokens joined, their first
 * token x1 / y1 letters long; x1 == xl: one token): the same spelling up to
 * one edit (Nasir Zadeh ~ Nasirzadeh; skeleton likeness is not enough: Dale
 * West is not DELVEST), and exactly the same when both sides are joins (a
 * shifted boundary: Arefullaha Ref ~ Arefullah Aref) or a join is of two
 * short syllables (Chinese given names: Bing Wu is not Bin Wu). */
static int join_spelled_alike(const char *x, size_t xl, size_t x1, const char *y, size_t yl, size_t y1)
{
    size_t d = emb_edit01(x, xl, y, yl);
    if (d > 1) return 0;
    int jx = x1 < xl, jy = y1 < yl;
    int short_x = jx && x1 <= 4 && xl - x1 <= 4, short_y = jy && y1 <= 4 && yl - y1 <= 4;
    return !(d == 1 && ((jx && jy) || short_x || short_y));
}

int emb_join_alike(const char *cat, size_t cl, size_t c1, const char *tok, size_t tl)
{
    if (!cl || !tl || cat[0] != tok[0] || (cl > tl ? cl - tl : tl - cl) > 1) return 0;
    return join_spelled_alike(cat, cl, c1, tok, tl, tl);
}

/* join_spelled_alike for spans given as their parts (a2l / b2l 0: one token). */
static int join_may_match(const char *a, size_t al, const char *a2, size_t a2l, const char *b, size_t bl,
                          const char *b2, size_t b2l)
{
    char x[2 * EMB_TOKLEN_MAX + 2], y[2 * EMB_TOKLEN_MAX + 2];
    memcpy(x, a, al);
    memcpy(x + al, a2, a2l);
    memcpy(y, b, bl);
    memcpy(y + bl, b2, b2l);
    return join_spelled_alike(x, al + a2l, al, y, bl + b2l, bl);
}

double emb_score_bound_prepared(const emb_bquery *bq, const emb_bname *n, embargo_schema schema)
{
    size_t qn = bq->n, nn = n->n;
    uint32_t qpos = 0, npos = 0; /* tokens that could be matched */
    for (size_t j = 0; j < nn; j++) {
        const emb_btok *b = &n->t[j];
        if (b->qmask) {
            qpos |= b->qmask;
            npos |= 1u << j;
        }
        /* joins: two adjacent tokens against one or two, spelled alike (at
         * most one edit, so lengths within one), from the same first letter */
        uint32_t same = bq->by_c0[(unsigned char)b->c0];
        if (!same) continue;
        int nmerge = j + 1 < nn && mergeable_cls(b->cls, n->t[j + 1].cls);
        size_t ln1 = b->len, ln2 = nmerge ? ln1 + n->t[j + 1].len : 0;
        for (; same; same &= same - 1) {
            size_t i = (size_t)__builtin_ctz(same);
            size_t lq1 = bq->len[i], lq2 = bq->len2[i];
            const char *q1 = bq->s[i], *q2 = lq2 ? bq->s[i + 1] : NULL, *n1 = b->s, *n2 = nmerge ? n->t[j + 1].s : NULL;
            size_t lq2b = lq2 ? lq2 - lq1 : 0, ln2b = nmerge ? ln2 - ln1 : 0;
            /* lengths within one first (one edit at most), then the spelling */
#define WITHIN1(a, b) ((a) > (b) ? (a) - (b) <= 1 : (b) - (a) <= 1)
            if (nmerge && WITHIN1(lq1, ln2) && join_may_match(q1, lq1, "", 0, n1, ln1, n2, ln2b)) {
                qpos |= 1u << i;
                npos |= 3u << j;
            }
            if (lq2 && WITHIN1(lq2, ln1) && join_may_match(q1, lq1, q2, lq2b, n1, ln1, "", 0)) {
                qpos |= 3u << i;
                npos |= 1u << j;
            }
            /* two joins must be spelled the same: the same length, and at
             * the same split the single tokens matched already */
            if (lq2 && nmerge && lq2 == ln2 && lq1 != ln1 && join_may_match(q1, lq1, q2, lq2b, n1, ln1, n2, ln2b)) {
                qpos |= 3u << i;
                npos |= 3u << j;
            }
#undef WITHIN1
        }
    }
    /* dotted initials without their dots (initial_runs), either way */
    int nrun = 0;
    for (size_t j = 0; j + 1 < nn && !nrun; j++) nrun = n->t[j].cls == EMB_TOK_INITIAL && n->t[j + 1].cls == EMB_TOK_INITIAL;
    if (nrun || bq->runs) {
        run_tok qt[EMB_TOK_MAX], nt[EMB_TOK_MAX];
        for (size_t i = 0; i < qn; i++) qt[i] = (run_tok){bq->s[i], bq->w[i], bq->len[i], bq->cls[i]};
        for (size_t j = 0; j < nn; j++) nt[j] = (run_tok){n->t[j].s, n->t[j].w, n->t[j].len, n->t[j].cls};
        run_match rm[64];
        size_t k = nrun ? run_matches(nt, nn, qt, qn, rm, 64) : 0;
        for (size_t r = 0; r < k; r++) {
            npos |= ((1u << rm[r].n) - 1) << rm[r].a;
            qpos |= 1u << rm[r].j;
        }
        k = bq->runs ? run_matches(qt, qn, nt, nn, rm, 64) : 0;
        for (size_t r = 0; r < k; r++) {
            qpos |= ((1u << rm[r].n) - 1) << rm[r].a;
            npos |= 1u << rm[r].j;
        }
    }
    double beta = schema == EMBARGO_PERSON ? 0.35 : schema == EMBARGO_SCHEMA_UNKNOWN ? 0.45 : 0.6;
    double m = 0, uq = 0, un = 0;
    for (size_t i = 0; i < qn; i++)
        if (!(qpos & (1u << i))) uq += bq->uqw[i];
    for (size_t j = 0; j < nn; j++) {
        const emb_btok *b = &n->t[j];
        if (npos & (1u << j)) {
            /* a listed initial against a full query word counts the query word's weight */
            float w = b->cls == EMB_TOK_INITIAL && bq->qmax > b->w ? bq->qmax : b->w;
            m += w;
        } else {
            /* the least the scorer can count (a middle name left out; a
             * surname word as any other, as where a query word is left) */
            un += b->w * unmatched_listed(b->cls, 0, j > 0 && j + 1 < nn, beta, schema);
        }
    }
    return m > 0 ? m / (m + uq + un) : 0.0;
}

double emb_score_upper_bound(const emb_pname *q, const emb_pname *n, embargo_schema schema, emb_sim_cache *cache)
{
    emb_bquery bq;
    emb_bound_prepare(q, &bq);
    return emb_score_upper_bound_masks(q, &bq, n, schema, cache, NULL);
}

double emb_score_upper_bound_masks(const emb_pname *q, const emb_bquery *bq, const emb_pname *n,
                                   embargo_schema schema, emb_sim_cache *cache, uint32_t *nmask)
{
    emb_bname b;
    b.n = n->n;
    for (size_t j = 0; j < n->n; j++) {
        const emb_ptok *t = &n->t[j];
        b.t[j].w = t->w;
        b.t[j].cls = t->cls;
        b.t[j].len = t->len;
        b.t[j].c0 = t->s[0];
        b.t[j].s = t->s;
        b.t[j].qmask = emb_token_qmask(q, t, cache);
        if (nmask) nmask[j] = b.t[j].qmask;
    }
    return emb_score_bound_prepared(bq, &b, schema);
}

/* A span: one token or two adjacent tokens joined.  Single tokens point at
 * the prepared name; only joins are spelled out in buf. */
typedef struct span {
    const char *s, *sk;
    size_t len, sklen;
    int cls;
    float w;
    char buf[2 * EMB_TOKLEN_MAX + 2];
} span;

static void token_span(const emb_ptok *t, span *out)
{
    out->s = t->s;
    out->sk = t->sk;
    out->len = t->len;
    out->sklen = t->sklen;
    out->cls = t->cls;
    out->w = t->w;
}

static void make_span(const emb_pname *p, size_t i, size_t l, span *out)
{
    if (l == 1) {
        token_span(&p->t[i], out);
        return;
    }
    size_t a = p->t[i].len, b = p->t[i + 1].len;
    memcpy(out->buf, p->t[i].s, a);
    memcpy(out->buf + a, p->t[i + 1].s, b);
    out->buf[a + b] = '\0';
    out->s = out->buf;
    out->len = a + b;
    /* joins are compared on their spelling only (see the one-edit rule) */
    out->sk = "";
    out->sklen = 0;
    out->cls = EMB_TOK_NORMAL;
    out->w = p->t[i].w + p->t[i + 1].w;
}

static int mergeable_cls(int a, int b)
{
    /* joining makes sense for content tokens and particles (al-, abdul),
     * generic words written with a hyphen that a query drops (RSB-GROUP,
     * IMPORT-EXPORT: RSBGROUP, IMPORTEXPORT), and a patronymic after a
     * particle (ABDUL KHAMIDOVICH ~ ABDULKHAMIDOVICH) */
    return (a == EMB_TOK_NORMAL || a == EMB_TOK_PARTICLE || a == EMB_TOK_STOP) &&
           (b == EMB_TOK_NORMAL || b == EMB_TOK_PARTICLE || b == EMB_TOK_STOP || b == EMB_TOK_PATRONYMIC);
}

static int mergeable(const emb_pname *p, size_t i)
{
    return mergeable_cls(p->t[i].cls, p->t[i + 1].cls);
}

#define MAXC 512

void emb_sim_cache_reset(emb_sim_cache *c)
{
    if (++c->gen == 0) {
        memset(c->slot, 0, sizeof c->slot);
        c->gen = 1;
    }
}

static float cached_sim(emb_sim_cache *c, uint8_t qi, uint32_t tok, const span *qs, const span *ns)
{
    size_t h = ((size_t)tok * 2654435761u + qi * 40503u) & (EMB_SIM_CACHE_SLOTS - 1);
    for (size_t k = 0; k < 4; k++) {
        size_t j = (h + k) & (EMB_SIM_CACHE_SLOTS - 1);
        if (c->slot[j].gen == c->gen && c->slot[j].tok == tok && c->slot[j].qi == qi) return c->slot[j].sim;
        if (c->slot[j].gen != c->gen || k == 3) {
            float sim = emb_token_sim(qs->s, qs->len, qs->sk, qs->sklen, qs->cls, ns->s, ns->len, ns->sk, ns->sklen,
                                      ns->cls);
            c->slot[j].gen = c->gen;
            c->slot[j].tok = tok;
            c->slot[j].qi = qi;
            c->slot[j].sim = sim;
            return sim;
        }
    }
    return 0.0f; /* not reached */
}

/* The similarity of two spans; through the cache for single tokens (query
 * token i, list token id) when one is given. */
static float span_sim(emb_sim_cache *cache, size_t i, uint32_t id, const span *qs, const span *ns)
{
    if (cache && id != UINT32_MAX && i < 255) return cached_sim(cache, (uint8_t)i, id, qs, ns);
    return emb_token_sim(qs->s, qs->len, qs->sk, qs->sklen, qs->cls, ns->s, ns->len, ns->sk, ns->sklen, ns->cls);
}

/* The similarity of query token q[i] and list token t, as emb_score_names_cached computes it. */
static float single_sim(const emb_pname *q, size_t i, const emb_ptok *t, emb_sim_cache *cache)
{
    span qs, ns;
    token_span(&q->t[i], &qs);
    token_span(t, &ns);
    return span_sim(cache, i, t->id, &qs, &ns);
}

/* run_matches as pairs of the scorer; swapped: x is the listed name.  The
 * pair's weight is the listed side's, as for every pair, but for a listed
 * run against one query word: the heavier of the two (below). */
static void initial_runs(const emb_pname *x, const emb_pname *y, int swapped, emb_pair *cand, size_t *nc)
{
    if (!has_initial_run(x)) return;
    run_tok xt[EMB_TOK_MAX], yt[EMB_TOK_MAX];
    run_match rm[64];
    size_t k = run_matches(xt, pname_run_toks(x, xt), yt, pname_run_toks(y, yt), rm, 64);
    for (size_t r = 0; r < k && *nc < MAXC; r++) {
        emb_pair *c = &cand[(*nc)++];
        if (swapped) { /* x listed, y the query: the heavier side's weight
                        * (E.U. weighs less than EU alone ~ E, an initial) */
            c->qi = rm[r].j; c->ql = 1; c->nj = rm[r].a; c->nl = rm[r].n;
            c->w = rm[r].w > y->t[rm[r].j].w ? rm[r].w : y->t[rm[r].j].w;
        } else {
            c->qi = rm[r].a; c->ql = rm[r].n; c->nj = rm[r].j; c->nl = 1;
            c->w = y->t[rm[r].j].w;
        }
        c->sim = 1.0f;
    }
}

double emb_score_names(const emb_pname *q, const emb_pname *n, embargo_schema schema, emb_align *al)
{
    return emb_score_names_cached(q, n, schema, al, NULL);
}

double emb_score_names_cached(const emb_pname *q, const emb_pname *n, embargo_schema schema, emb_align *al,
                              emb_sim_cache *cache)
{
    return emb_score_names_masked(q, n, schema, al, cache, NULL);
}

double emb_score_names_masked(const emb_pname *q, const emb_pname *n, embargo_schema schema, emb_align *al,
                              emb_sim_cache *cache, const uint32_t *nmask)
{
    emb_pair cand[MAXC];
    size_t nc = 0;
    size_t qn = q->n, nn = n->n;
    span qs, ns;
    for (size_t i = 0; i < qn; i++) {
        for (size_t ql = 1; ql <= 2; ql++) {
            if (ql == 2 && (i + 1 >= qn || !mergeable(q, i))) continue;
            make_span(q, i, ql, &qs);
            for (size_t j = 0; j < nn; j++) {
                for (size_t nl = 1; nl <= 2; nl++) {
                    if (nl == 2 && (j + 1 >= nn || !mergeable(n, j))) continue;
                    if (ql == 1 && nl == 1 && nmask && !(nmask[j] >> i & 1)) continue; /* known dissimilar */
                    if ((ql == 2 || nl == 2) && q->t[i].s[0] != n->t[j].s[0]) continue;
                    /* two words against the same two words: that is two pairs, not a join */
                    if (ql == 2 && nl == 2 && q->t[i].len == n->t[j].len && !memcmp(q->t[i].s, n->t[j].s, n->t[j].len))
                        continue;
                    /* a join must spell the same word up to one edit (below):
                     * lengths within one */
                    if ((ql == 2 || nl == 2)) {
                        size_t lq = q->t[i].len + (ql == 2 ? q->t[i + 1].len : 0);
                        size_t ln = n->t[j].len + (nl == 2 ? n->t[j + 1].len : 0);
                        if ((lq > ln ? lq - ln : ln - lq) > 1) continue;
                    }
                    make_span(n, j, nl, &ns);
                    if ((ql == 2 || nl == 2) &&
                        !join_spelled_alike(qs.s, qs.len, q->t[i].len, ns.s, ns.len, n->t[j].len))
                        continue;
                    float sim = span_sim(ql == 1 && nl == 1 ? cache : NULL, i, n->t[j].id, &qs, &ns);
                    if (sim <= 0.0f) continue;
                    if (nc >= MAXC) continue;
                    emb_pair *c = &cand[nc++];
                    c->qi = (uint8_t)i;
                    c->ql = (uint8_t)ql;
                    c->nj = (uint8_t)j;
                    c->nl = (uint8_t)nl;
                    /* the list side's weight is a statistic of the lists; an
                     * initial stands for a fraction of the name it abbreviates */
                    float w = ns.w;
                    if (sim == EMB_SIM_INITIAL) {
                        if (qs.cls == EMB_TOK_INITIAL) {
                            w = ns.w * 0.25f;   /* "D." for Dmitry: a fraction of the name */
                        } else {
                            w = qs.w;           /* a full query word against a listed initial */
                            sim = 0.4f;         /* is mostly unconfirmed */
                        }
                    }
                    c->sim = sim;
                    c->w = w;
                }
            }
        }
    }
    initial_runs(q, n, 0, cand, &nc);
    initial_runs(n, q, 1, cand, &nc);
    /* greedy: best weighted similarity first */
    uint32_t qused = 0, nused = 0;
    emb_align local;
    emb_align *A = al ? al : &local;
    A->n = 0;
    double num = 0, matched = 0;
    for (;;) {
        int best = -1;
        float bg = 0;
        for (size_t c = 0; c < nc; c++) {
            uint32_t qm = ((1u << cand[c].ql) - 1) << cand[c].qi;
            uint32_t nm = ((1u << cand[c].nl) - 1) << cand[c].nj;
            if ((qused & qm) || (nused & nm)) continue;
            float g = cand[c].sim * (cand[c].w + 0.01f);
            if (g > bg) { bg = g; best = (int)c; }
        }
        if (best < 0) break;
        emb_pair *c = &cand[best];
        qused |= ((1u << c->ql) - 1) << c->qi;
        nused |= ((1u << c->nl) - 1) << c->nj;
        num += (double)c->w * (double)c->sim;
        matched += c->w;
        if (A->n < EMB_TOK_MAX) A->p[A->n++] = *c;
    }
    double uq = 0, un = 0;
    double beta = schema == EMBARGO_PERSON ? 0.35 : schema == EMBARGO_SCHEMA_UNKNOWN ? 0.45 : 0.6;
    int q_left = 0; /* a query word is left: a listed word left too may be it, misspelt */
    for (size_t i = 0; i < qn; i++) {
        if (qused & (1u << i)) continue;
        double a = q->t[i].cls == EMB_TOK_PATRONYMIC ? 0.5 : 1.0;
        uq += q->t[i].w * a;
        q_left = 1;
    }
    size_t free_j = surname_free(n);
    for (size_t j = 0; j < nn; j++) {
        if (nused & (1u << j)) continue;
        int middle = (nused & ((1u << j) - 1)) && (nused >> j >> 1);
        un += n->t[j].w * unmatched_listed(n->t[j].cls, !q_left && j + n->nsur >= nn && j != free_j, middle, beta, schema);
    }
    A->matched = matched;
    A->unmatched_q = uq;
    A->unmatched_n = un;
    double den = matched + uq + un;
    if (den <= 0 || matched <= 0) return 0.0;
    double s = num / den;
    return s > 1.0 ? 1.0 : s;
}
