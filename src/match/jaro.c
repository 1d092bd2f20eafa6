/* jaro.c - Jaro-Winkler and Soundex, the measures OFAC's own search uses and
 * the base of embargo's token similarity. */
#include "match/jaro.h"
#include <ctype.h>
#include <stdint.h>
#include <string.h>

double emb_jaro(const char *a, size_t na, const char *b, size_t nb)
{
    if (na > 64) na = 64;
    if (nb > 64) nb = 64;
    if (na == 0 && nb == 0) return 1.0;
    if (na == 0 || nb == 0) return 0.0;
    size_t range = (na > nb ? na : nb) / 2;
    range = range > 0 ? range - 1 : 0;
    uint64_t amatch = 0, bmatch = 0;
    size_t m = 0;
    for (size_t i = 0; i < na; i++) {
        size_t lo = i > range ? i - range : 0;
        size_t hi = i + range + 1 < nb ? i + range + 1 : nb;
        for (size_t j = lo; j < hi; j++) {
            if ((bmatch >> j) & 1) continue;
            if (a[i] != b[j]) continue;
            amatch |= 1ULL << i;
            bmatch |= 1ULL << j;
            m++;
            break;
        }
    }
    if (m == 0) return 0.0;
    size_t t = 0, j = 0;
    for (size_t i = 0; i < na; i++) {
        if (!((amatch >> i) & 1)) continue;
        while (!((bmatch >> j) & 1)) j++;
        if (a[i] != b[j]) t++;
        j++;
    }
    double md = (double)m;
    return (md / (double)na + md / (double)nb + (md - (double)t / 2.0) / md) / 3.0;
}

double emb_jaro_winkler(const char *a, size_t na, const char *b, size_t nb)
{
    double j = emb_jaro(a, na, b, nb);
    size_t l = 0;
    while (l < 4 && l < na && l < nb && a[l] == b[l]) l++;
    return j + (double)l * 0.1 * (1.0 - j);
}

void emb_soundex(const char *s, size_t n, char out[5])
{
    /*                     abcdefghijklmnopqrstuvwxyz */
    static const char c[] = "01230120022455012623010202";
    size_t i = 0, o = 0;
    while (i < n && !isalpha((unsigned char)s[i])) i++;
    if (i == n) { out[0] = '\0'; return; }
    char first = (char)toupper((unsigned char)s[i]);
    out[o++] = first;
    char last = c[first - 'A'];
    for (i++; i < n && o < 4; i++) {
        int ch = tolower((unsigned char)s[i]);
        if (ch < 'a' || ch > 'z') continue;
        char d = c[ch - 'a'];
        if (ch == 'h' || ch == 'w') continue; /* h, w do not separate equal codes */
        if (d != '0' && d != last) out[o++] = d;
        last = d;
    }
    while (o < 4) out[o++] = '0';
    out[4] = '\0';
}
