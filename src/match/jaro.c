/* jaro.c - Jaro-Winkler and Soundex, the measures OFAC's own search uses and
 * the base of embargo's token similarity. */
#include "match/jaro.h"
#include <stdint.h>
#include <string.h>

#define WORDS (EMB_JARO_MAX / 64)

static int bit(const uint64_t *set, size_t i) { return (int)((set[i / 64] >> (i % 64)) & 1); }
static void set_bit(uint64_t *set, size_t i) { set[i / 64] |= 1ULL << (i % 64); }

/* emb_jaro of two strings of at most 64 bytes (every token): the positions
 * of each byte in b are a bit set, so the first free match of a[i] in its
 * window is one count of trailing zeros.  That is the match the general
 * loop below picks (the lowest free j), so the result is the same to the
 * last bit; tests/test_ofac.c compares the two. */
static double jaro64(const char *a, size_t na, const char *b, size_t nb, size_t range)
{
    uint64_t pos[256]; /* only the entries of bytes in a or b are set and read */
    for (size_t i = 0; i < na; i++) pos[(unsigned char)a[i]] = 0;
    for (size_t j = 0; j < nb; j++) pos[(unsigned char)b[j]] = 0;
    for (size_t j = 0; j < nb; j++) pos[(unsigned char)b[j]] |= 1ULL << j;
    uint64_t amatch = 0, bmatch = 0;
    size_t m = 0;
    for (size_t i = 0; i < na; i++) {
        size_t lo = i > range ? i - range : 0;
        size_t hi = i + range + 1 < nb ? i + range + 1 : nb;
        if (lo >= hi) continue;
        uint64_t win = (hi >= 64 ? ~0ULL : (1ULL << hi) - 1) & ~((1ULL << lo) - 1);
        uint64_t avail = pos[(unsigned char)a[i]] & ~bmatch & win;
        if (!avail) continue;
        bmatch |= avail & (~avail + 1);
        amatch |= 1ULL << i;
        m++;
    }
    if (m == 0) return 0.0;
    size_t t = 0;
    for (uint64_t x = amatch, y = bmatch; x; x &= x - 1, y &= y - 1)
        t += a[__builtin_ctzll(x)] != b[__builtin_ctzll(y)];
    double md = (double)m;
    return (md / (double)na + md / (double)nb + (md - (double)t / 2.0) / md) / 3.0;
}

/* The general form, for strings up to EMB_JARO_MAX bytes (whole names). */
double emb_jaro(const char *a, size_t na, const char *b, size_t nb)
{
    if (na > EMB_JARO_MAX) na = EMB_JARO_MAX;
    if (nb > EMB_JARO_MAX) nb = EMB_JARO_MAX;
    if (na == 0 && nb == 0) return 1.0;
    if (na == 0 || nb == 0) return 0.0;
    size_t range = (na > nb ? na : nb) / 2;
    range = range > 0 ? range - 1 : 0;
    if (na <= 64 && nb <= 64) return jaro64(a, na, b, nb, range);
    uint64_t amatch[WORDS] = {0}, bmatch[WORDS] = {0};
    size_t m = 0;
    for (size_t i = 0; i < na; i++) {
        size_t lo = i > range ? i - range : 0;
        size_t hi = i + range + 1 < nb ? i + range + 1 : nb;
        for (size_t j = lo; j < hi; j++) {
            if (bit(bmatch, j) || a[i] != b[j]) continue;
            set_bit(amatch, i);
            set_bit(bmatch, j);
            m++;
            break;
        }
    }
    if (m == 0) return 0.0;
    /* t counts matched characters out of order; Jaro halves it. */
    size_t t = 0, j = 0;
    for (size_t i = 0; i < na; i++) {
        if (!bit(amatch, i)) continue;
        while (!bit(bmatch, j)) j++;
        if (a[i] != b[j]) t++;
        j++;
    }
    double md = (double)m;
    return (md / (double)na + md / (double)nb + (md - (double)t / 2.0) / md) / 3.0;
}

double emb_jaro_winkler_prefix(const char *a, size_t na, const char *b, size_t nb,
                               size_t max_prefix)
{
    if (max_prefix > 10) max_prefix = 10; /* 0.1 * l must not pass 1 */
    double j = emb_jaro(a, na, b, nb);
    size_t l = 0;
    while (l < max_prefix && l < na && l < nb && a[l] == b[l]) l++;
    return j + (double)l * 0.1 * (1.0 - j);
}

double emb_jaro_winkler(const char *a, size_t na, const char *b, size_t nb)
{
    return emb_jaro_winkler_prefix(a, na, b, nb, 4);
}

double emb_jaro_winkler_upper(const char *a, size_t na, const char *b, size_t nb)
{
    if (na == 0 || nb == 0 || na > EMB_JARO_MAX || nb > EMB_JARO_MAX) return 1.0;
    uint16_t cnt[32] = {0};
    for (size_t i = 0; i < na; i++) cnt[(unsigned char)a[i] & 31]++;
    size_t m = 0;
    for (size_t i = 0; i < nb; i++) { /* without a branch: shared or not is a coin toss */
        unsigned k = (unsigned char)b[i] & 31, t = cnt[k] != 0;
        cnt[k] = (uint16_t)(cnt[k] - t);
        m += t;
    }
    if (m == 0) return 0.0;
    double md = (double)m, j = (md / (double)na + md / (double)nb + 1.0) / 3.0;
    size_t l = 0;
    while (l < 4 && l < na && l < nb && a[l] == b[l]) l++;
    return j + (double)l * 0.1 * (1.0 - j);
}

/* ASCII only: <ctype.h> answers by locale, and a byte >= 0x80 that a Latin-1
 * locale calls alphabetic used to index the code table out of bounds. */
static int ascii_lower(unsigned char ch)
{
    if (ch >= 'A' && ch <= 'Z') return ch - 'A' + 'a';
    if (ch >= 'a' && ch <= 'z') return ch;
    return 0;
}

void emb_soundex(const char *s, size_t n, char out[5])
{
    /*                     abcdefghijklmnopqrstuvwxyz */
    static const char c[] = "01230120022455012623010202";
    size_t i = 0, o = 0;
    while (i < n && !ascii_lower((unsigned char)s[i])) i++;
    if (i == n) { out[0] = '\0'; return; }
    int first = ascii_lower((unsigned char)s[i]);
    out[o++] = (char)(first - 'a' + 'A');
    char last = c[first - 'a'];
    for (i++; i < n && o < 4; i++) {
        int ch = ascii_lower((unsigned char)s[i]);
        if (!ch) continue;
        char d = c[ch - 'a'];
        if (ch == 'h' || ch == 'w') continue; /* h, w do not separate equal codes */
        if (d != '0' && d != last) out[o++] = d;
        last = d;
    }
    while (o < 4) out[o++] = '0';
    out[4] = '\0';
}
