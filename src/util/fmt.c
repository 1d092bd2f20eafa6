/* fmt.c - see fmt.h. */
#include "util/fmt.h"
#include <math.h>
#include <stdio.h>

char *emb_put_str(char *p, char *end, const char *s)
{
    if (p >= end) return p;
    while (*s && p + 1 < end) *p++ = *s++;
    *p = '\0';
    return p;
}

/* printf rounds the exact binary value of x to one decimal.  x * 10 is
 * off by at most an ulp, so its nearest integer is printf's digit string
 * except within a hair of a tie (x.x5), where snprintf decides. */
char *emb_put_1f(char *p, char *end, double x)
{
    if (p >= end) return p;
    double v = x * 10;
    if (!(x >= 0 && x < 1e15) || fabs(v - floor(v) - 0.5) < 1e-6) {
        int n = snprintf(p, (size_t)(end - p), "%.1f", x);
        if (n < 0) return p;
        return (size_t)n < (size_t)(end - p) ? p + n : end - 1;
    }
    unsigned long long t = (unsigned long long)nearbyint(v);
    char d[24];
    size_t k = 0;
    d[k++] = (char)('0' + t % 10);
    d[k++] = '.';
    t /= 10;
    do d[k++] = (char)('0' + t % 10); while ((t /= 10) != 0 && k < sizeof d);
    while (k && p + 1 < end) *p++ = d[--k];
    *p = '\0';
    return p;
}
