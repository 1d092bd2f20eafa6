/* segment.c - splits free text into sentences of words, keeping the byte
 * offsets of every word so that a mention can point back into the input.
 *
 * Why it is hand-written rather than ICU's break iterator: it must run at
 * tens of MB/s on English text (ASCII takes a table-free fast path, other
 * code points are classified with ICU's character properties), it must
 * accept any bytes (an invalid UTF-8 sequence is a separator, never an
 * error, so offsets stay exact), and names need rules a word breaker lacks:
 * a possessive 's is not part of the name, a hyphen separates the parts of
 * "Military-Industrial", "O'Brien" stays one word, and a sentence does not
 * end after an initial ("V. Putin") or "Oct." / "Gen." / "Inc.". */
#include "scan/scan.h"
#include <string.h>
#include <unicode/uchar.h>

void emb_segmenter_init(emb_segmenter *s, const char *text, size_t len)
{
    memset(s, 0, sizeof *s);
    s->text = text;
    s->len = text ? len : 0;
}

/* Decodes one code point at p (p < e).  Returns it, or -1 for an invalid or
 * truncated sequence (then *k = 1). */
static int32_t decode(const unsigned char *p, const unsigned char *e, size_t *k)
{
    unsigned c = p[0];
    *k = 1;
    if (c < 0x80) return (int32_t)c;
    size_t n;
    int32_t cp, min;
    if (c >= 0xc2 && c <= 0xdf) { n = 2; cp = c & 0x1f; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { n = 3; cp = c & 0x0f; min = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { n = 4; cp = c & 0x07; min = 0x10000; }
    else return -1;
    if ((size_t)(e - p) < n) return -1;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80) return -1;
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return -1;
    *k = n;
    return cp;
}

enum { C_WORD, C_SPACE, C_NEWLINE, C_APOS, C_END, C_OPEN, C_PUNCT, C_INVALID, C_HYPHEN };

/* ASCII classes: letters and digits are word characters; ( [ open; . ! ?
 * end a sentence; ' ` are apostrophes; " is a space. */
static const unsigned char ascii_class[128] = {
#define W C_WORD
#define S C_SPACE
#define P C_PUNCT
    /* 0x00 */ P, P, P, P, P, P, P, P, P, S, C_NEWLINE, S, S, S, P, P,
    /* 0x10 */ P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
    /* 0x20 */ S, C_END, S, P, P, P, P, C_APOS, C_OPEN, P, P, P, P, C_HYPHEN, C_END, P,
    /* 0x30 */ W, W, W, W, W, W, W, W, W, W, P, P, P, P, P, C_END,
    /* 0x40 */ P, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
    /* 0x50 */ W, W, W, W, W, W, W, W, W, W, W, C_OPEN, P, P, P, P,
    /* 0x60 */ C_APOS, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
    /* 0x70 */ W, W, W, W, W, W, W, W, W, W, W, P, P, P, P, P,
#undef W
#undef S
#undef P
};

/* Per byte, for the loop over a word's ASCII letters and digits: 0 for
 * any other byte; else its case flag (EMB_W_CAP or EMB_W_LOWER), 2 for a
 * digit, and 16 more for a letter (the low bits are flags, the high ones
 * count letters). */
#define AL(c) ((c) >= 'A' && (c) <= 'Z' ? 16 + EMB_W_CAP : (c) >= 'a' && (c) <= 'z' ? 16 + EMB_W_LOWER : (c) >= '0' && (c) <= '9' ? 2 : 0)
#define AL4(c) AL(c), AL((c) + 1), AL((c) + 2), AL((c) + 3)
#define AL16(c) AL4(c), AL4((c) + 4), AL4((c) + 8), AL4((c) + 12)
static const unsigned char ascii_word[256] = {AL16(0), AL16(16), AL16(32), AL16(48), AL16(64), AL16(80), AL16(96), AL16(112)};
#undef AL16
#undef AL4
#undef AL

static int classify(int32_t cp)
{
    if (cp < 0) return C_INVALID;
    if (cp < 0x80) return ascii_class[cp];
    if (cp == 0x2019 || cp == 0x2018 || cp == 0x02bc || cp == 0x02b9 || cp == 0x2032) return C_APOS;
    if (cp == 0x2026 || cp == 0x3002 || cp == 0xff01 || cp == 0xff1f || cp == 0xff0e || cp == 0x061f ||
        cp == 0x06d4 || cp == 0x0964)
        return C_END;
    if (cp == 0x2028 || cp == 0x2029 || cp == 0x85) return C_NEWLINE;
    if (cp == 0x2010 || cp == 0x2011) return C_HYPHEN;
    if (cp == 0x201c || cp == 0x201d || cp == 0x201e || cp == 0x00ab || cp == 0x00bb) return C_SPACE;
    if (u_isalnum(cp) || (U_GET_GC_MASK(cp) & U_GC_M_MASK)) return C_WORD;
    if (u_isUWhiteSpace(cp) || cp == 0xfeff || cp == 0x200b) return C_SPACE;
    if (cp == 0xff08) return C_OPEN;
    return C_PUNCT;
}

/* Words after which a period does not end the sentence. */
static int is_abbrev(const char *s, size_t n)
{
    static const char *const ab[] = {
        "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "cpt", "maj",
        "adm", "prof", "rev", "hon", "no", "nos", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb",
        "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "dept", "est",
        "fig", "gov", "sen", "rep", "univ", "ave", "blvd", "rd", "mt", "ft", "vol", "ref", "tel", "art",
        "para", "cf", "al", "ul", "pr", "ch", "str", "bros", "intl", "assn", "ibid", "ie", "eg", NULL};
    if (n == 1) return 1; /* an initial */
    if (n > 6) return 0;
    char low[8];
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        low[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    /* the first letter before the length: this runs at every ". X" */
    for (size_t i = 0; ab[i]; i++)
        if (ab[i][0] == low[0] && strncmp(ab[i], low, n) == 0 && ab[i][n] == '\0') return 1;
    return 0;
}

/* Case flags of a code point beyond ASCII. */
static unsigned case_flags_u(int32_t cp)
{
    if (u_isupper(cp) || u_istitle(cp)) return EMB_W_CAP;
    if (u_islower(cp)) return EMB_W_LOWER;
    if (u_isalpha(cp)) return EMB_W_CASELESS;
    return 0;
}

/* Case flags of one code point (ASCII inline: nearly every letter of
 * English text goes through here). */
static inline unsigned case_flags(int32_t cp)
{
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z') return EMB_W_CAP;
        if (cp >= 'a' && cp <= 'z') return EMB_W_LOWER;
        return 0;
    }
    return case_flags_u(cp);
}

/* The next code point at p (p < e) and its class; ASCII without a call. */
static inline int32_t next_cp(const unsigned char *p, const unsigned char *e, size_t *k, int *cls)
{
    if (*p < 0x80) {
        *k = 1;
        *cls = ascii_class[*p];
        return (int32_t)*p;
    }
    int32_t cp = decode(p, e, k);
    *cls = classify(cp);
    return cp;
}

#define MAX_WORD_BYTES 120

int emb_segment_next(emb_segmenter *s, emb_word *out, size_t cap, size_t *n, size_t *sent_start,
                     size_t *sent_end)
{
    const unsigned char *base = (const unsigned char *)s->text;
    const unsigned char *e = base + s->len;
    size_t nw = 0;
    unsigned gap = 0;          /* flags of the gap before the next word */
    int newlines = 0;          /* line breaks in the current gap */
    int pending_end = 0;       /* a sentence-ending mark in the current gap */
    size_t end_mark = 0;       /* byte after it */
    int gap_chars = 0, hyphens = 0; /* a lone hyphen joins compound words */
    /* the position and length in locals: the stores into out[] could alias
     * *s, so the compiler would reload them for every byte */
    const size_t len = s->len;
    size_t pos = s->pos, invalid = s->invalid;
    *n = 0;
    while (pos < len) {
        if (base[pos] == ' ') { /* the usual gap */
            gap_chars++;
            pos++;
            continue;
        }
        size_t k;
        int c;
        int32_t cp = next_cp(base + pos, e, &k, &c);
        if (c != C_WORD) {
            gap_chars++;
            switch (c) {
            case C_HYPHEN: hyphens++; break;
            case C_INVALID: invalid++; gap |= EMB_W_GAP_PUNCT; break;
            case C_NEWLINE: newlines++; break;
            case C_SPACE: break;
            case C_END: pending_end = 1; end_mark = pos + k; gap |= EMB_W_GAP_PUNCT; break;
            case C_OPEN: gap |= EMB_W_GAP_PUNCT | EMB_W_GAP_PAREN; break;
            default: gap |= EMB_W_GAP_PUNCT; break;
            }
            pos += k;
            continue;
        }
        /* a word starts here: does the previous sentence end first? */
        size_t wstart = pos;
        if (nw > 0) {
            int boundary = newlines >= 2 || nw >= cap;
            if (!boundary && pending_end) {
                const emb_word *pw = &out[nw - 1];
                int upper_next = case_flags(cp) != EMB_W_LOWER;
                /* "U.S. sanctions": initials; "Oct. 23": an abbreviation */
                boundary = upper_next && !is_abbrev(s->text + pw->start, pw->end - pw->start);
            }
            if (boundary) {
                s->pos = pos;
                s->invalid = invalid;
                *n = nw;
                *sent_start = out[0].start;
                *sent_end = pending_end && end_mark > out[nw - 1].end ? end_mark : out[nw - 1].end;
                return 1;
            }
        }
        /* "Military-Industrial": two words, one name run */
        if (hyphens) {
            if (gap_chars == 1 && hyphens == 1 && nw > 0 && out[nw - 1].end + 1 >= wstart) gap &= ~(unsigned)EMB_W_GAP_PUNCT;
            else gap |= EMB_W_GAP_PUNCT;
        }
        /* scan the word: word characters, and apostrophes between letters */
        unsigned flags = gap, cf_all = 0;
        int ascii = 1;
        size_t p = pos, wend = p, letters = 0;
        if (case_flags(cp) == EMB_W_CAP) flags |= EMB_W_CAP;
        while (p < len) {
            /* ASCII letters and digits, a table look-up each */
            unsigned t = ascii_word[base[p]];
            if (t) {
                size_t q = p;
                do {
                    cf_all |= t;
                    t = ++q < len ? ascii_word[base[q]] : 0;
                } while (t);
                p = wend = q;
                continue;
            }
            size_t kk;
            int cl;
            int32_t c2 = next_cp(base + p, e, &kk, &cl);
            if (cl == C_WORD) {
                unsigned cf = case_flags(c2);
                if (cf) letters++;
                cf_all |= cf;
                if (c2 >= 0x80) ascii = 0;
                p += kk;
                wend = p;
                continue;
            }
            if (cl == C_APOS && p + kk < len) {
                size_t k3;
                int32_t c3 = decode(base + p + kk, e, &k3);
                if (classify(c3) == C_WORD) {
                    /* a possessive 's ends the word: "Lavrov's" is Lavrov */
                    int poss = (c3 == 's' || c3 == 'S');
                    if (poss) {
                        size_t q = p + kk + k3;
                        size_t k4;
                        if (q >= len || classify(decode(base + q, e, &k4)) != C_WORD) { p = q; break; }
                    }
                    if (c2 >= 0x80) ascii = 0;
                    p += kk;
                    continue;
                }
            }
            break;
        }
        flags |= cf_all & (EMB_W_LOWER | EMB_W_CASELESS);
        /* capitals only: count the letters (the loop above leaves the ASCII
         * ones uncounted), two make it ALLCAPS */
        if ((cf_all & (EMB_W_CAP | EMB_W_LOWER)) == EMB_W_CAP) {
            for (size_t q = wstart; q < wend && letters < 2; q++) letters += ascii_word[base[q]] >> 4;
            if (letters >= 2) flags |= EMB_W_ALLCAPS;
        }
        if (ascii) flags |= EMB_W_ASCII;
        if (wend - wstart > MAX_WORD_BYTES) flags |= EMB_W_LONG;
        if (nw < cap) {
            out[nw].start = wstart;
            out[nw].end = wend;
            out[nw].flags = flags;
            nw++;
        }
        pos = p;
        gap = 0;
        newlines = 0;
        pending_end = 0;
        gap_chars = hyphens = 0;
    }
    s->pos = pos;
    s->invalid = invalid;
    if (nw == 0) return 0;
    *n = nw;
    *sent_start = out[0].start;
    *sent_end = pending_end && end_mark > out[nw - 1].end ? end_mark : out[nw - 1].end;
    return 1;
}
