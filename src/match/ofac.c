/* ofac.c - OFAC Sanctions List Search scoring: the higher of a whole-name
 * Jaro-Winkler and a per-name-part Jaro-Winkler/Soundex average.  Why each
 * rule is there (all read off OFAC's own scores in ofac_parity.csv):
 *  - whole name without spaces: "GEORGE BUSH" vs "JAMIL GEORGES, Fahd" scores
 *    77, the Jaro of "georgebush" / "jamilgeorgesfahd"; with spaces kept it
 *    would be 64.  No first-letter gate: that same pair, "TURIN, Vladimir"
 *    (92 for PUTIN VLADIMIR) and "KHESOUANI, George" (53) only score what
 *    they do through the whole name with different first letters;
 *  - prefix of up to 5: "VLADIMIR BILIY" (90), "GEORGY MASLOV" (85) and
 *    "PUTINA, Maria" (89) get exactly a 5-character Winkler boost; 4 or 6
 *    misses them by 2 to 4 points;
 *  - parts gated on the first letter: "USAMA BIN LADEN NETWORK" scores 84
 *    (the whole name) for OSAMA BIN LADEN, so osama/usama (0.867) does not
 *    count, while jinping/jiangping (0.865) does for XI JINPING (87);
 *  - 0.85 with Soundex as the way in below it: "KIM, Yong Su" is 90 (whole
 *    name), so jong/yong (0.83) does not count; essabar (0.79), oboron
 *    (0.82) and patino (0.84) do, and share their Soundex code with escobar,
 *    obrien and putin;
 *  - short query tokens ignored: "KIM, Jong Man" is 100 for KIM JONG UN and
 *    "MORGUN, Oleg" 94 for J.P. MORGAN. */
#include "match/ofac.h"
#include "match/jaro.h"
#include <stddef.h>
#include <string.h>

typedef struct { const char *p; size_t n; } token;

/* Next space-separated token from *s; 0 at the end. */
static int next_token(const char **s, token *t)
{
    const char *p = *s;
    while (*p == ' ') p++;
    if (!*p) { *s = p; return 0; }
    t->p = p;
    while (*p && *p != ' ') p++;
    t->n = (size_t)(p - t->p);
    *s = p;
    return 1;
}

/* Copies s without spaces into out (at most cap bytes); returns the length. */
static size_t squeeze(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    for (; *s && o < cap; s++)
        if (*s != ' ') out[o++] = *s;
    return o;
}

static double whole_score(const char *query, const char *name)
{
    char a[EMB_JARO_MAX], b[EMB_JARO_MAX];
    size_t na = squeeze(query, a, sizeof a), nb = squeeze(name, b, sizeof b);
    return emb_jaro_winkler_prefix(a, na, b, nb, EMB_OFAC_PREFIX);
}

/* Best score of one query token against the name's tokens. */
static double best_part(token q, const char *name)
{
    char qsx[5], nsx[5];
    emb_soundex(q.p, q.n, qsx);
    double best = 0.0;
    token t;
    while (next_token(&name, &t)) {
        if (t.p[0] != q.p[0]) continue;
        double s = emb_jaro_winkler_prefix(q.p, q.n, t.p, t.n, EMB_OFAC_PREFIX);
        if (s < EMB_OFAC_PART_MIN) {
            emb_soundex(t.p, t.n, nsx);
            if (!qsx[0] || strcmp(qsx, nsx) != 0) continue;
        }
        if (s > best) best = s;
    }
    return best;
}

static double parts_score(const char *query, const char *name)
{
    /* Tokens of one or two letters ("un", "al", "j", "p") are ignored when
     * the query has a longer one; a query made only of them ("Z") uses them. */
    size_t longer = 0;
    const char *s = query;
    token q;
    while (next_token(&s, &q))
        if (q.n >= EMB_OFAC_MIN_TOKEN) longer++;
    double sum = 0.0;
    size_t count = 0;
    for (s = query; next_token(&s, &q);) {
        if (longer && q.n < EMB_OFAC_MIN_TOKEN) continue;
        sum += best_part(q, name);
        count++;
    }
    return count ? sum / (double)count : 0.0;
}

double emb_ofac_score(const char *query, const char *name)
{
    if (!query || !name) return 0.0;
    token t;
    const char *q = query, *n = name;
    if (!next_token(&q, &t) || !next_token(&n, &t)) return 0.0;
    double w = whole_score(query, name);
    double p = parts_score(query, name);
    double s = w > p ? w : p;
    return s < 0.0 ? 0.0 : s > 1.0 ? 1.0 : s;
}
