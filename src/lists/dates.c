/* dates.c - date parsing shared by every list parser. */
#include "lists/dates.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int month_of(const char *s, size_t n)
{
    static const char *m[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    if (n < 3) return 0;
    for (int i = 0; i < 12; i++)
        if (strncasecmp(s, m[i], 3) == 0) return i + 1;
    return 0;
}

static size_t emit(char out[11], int y, int m, int d)
{
    if (y < 1000 || y > 2999) return 0;
    if (m < 0 || m > 12 || d < 0 || d > 31) return 0;
    if (m == 0) return (size_t)snprintf(out, 11, "%04d", y);
    if (d == 0) return (size_t)snprintf(out, 11, "%04d-%02d", y, m);
    return (size_t)snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static const char *skip_qualifier(const char *s)
{
    static const char *q[] = {"circa ", "circa", "c. ", "ca. ", "approximately ", "approx. ", "about ", "around "};
    while (isspace((unsigned char)*s)) s++;
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++)
        if (strncasecmp(s, q[i], strlen(q[i])) == 0) { s += strlen(q[i]); break; }
    while (isspace((unsigned char)*s)) s++;
    return s;
}

/* Reads up to `max` digits; returns count and value. */
static size_t digits(const char *s, size_t max, int *v)
{
    size_t i = 0;
    int x = 0;
    while (i < max && isdigit((unsigned char)s[i])) x = x * 10 + (s[i++] - '0');
    *v = x;
    return i;
}

static int at_end(const char *s)
{
    while (*s && (isspace((unsigned char)*s) || *s == '.' || *s == ',' || *s == ';')) s++;
    return *s == '\0';
}

static size_t parse(const char *in, char out[11], int mdy)
{
    const char *s = skip_qualifier(in);
    int a, b, c;
    size_t n = digits(s, 4, &a);
    if (n == 4) {
        /* ISO forms */
        if (s[4] == '-' && isdigit((unsigned char)s[5])) {
            size_t k = digits(s + 5, 2, &b);
            if (k == 2 && s[7] == '-' && digits(s + 8, 2, &c) == 2 && at_end(s + 10)) return emit(out, a, b, c);
            if (k == 2 && at_end(s + 7)) return emit(out, a, b, 0);
            return 0;
        }
        if (at_end(s + 4)) return emit(out, a, 0, 0);
        return 0;
    }
    if (n == 1 || n == 2) {
        char sep = s[n];
        if ((sep == '/' || sep == '-' || sep == '.') && isdigit((unsigned char)s[n + 1])) {
            size_t k = digits(s + n + 1, 2, &b);
            if (k == 0 || s[n + 1 + k] != sep) return 0;
            if (digits(s + n + 2 + k, 4, &c) != 4 || !at_end(s + n + 6 + k)) return 0;
            if (mdy) return emit(out, c, a, b);
            return emit(out, c, b, a);
        }
        /* "06 Sep 1982", "6 September 1982", "06-Sep-1982" */
        const char *p = s + n;
        while (*p == ' ' || *p == '-') p++;
        const char *w = p;
        while (isalpha((unsigned char)*p)) p++;
        int m = month_of(w, (size_t)(p - w));
        if (!m) return 0;
        if (*p == '.') p++;
        while (*p == ' ' || *p == '-' || *p == ',') p++;
        if (digits(p, 4, &c) != 4 || !at_end(p + 4)) return 0;
        return emit(out, c, m, a);
    }
    if (n == 0) {
        /* "Sep 1982", "September 6, 1982" */
        const char *p = s;
        while (isalpha((unsigned char)*p)) p++;
        int m = month_of(s, (size_t)(p - s));
        if (!m) return 0;
        if (*p == '.') p++;
        while (*p == ' ') p++;
        size_t k = digits(p, 4, &c);
        if (k == 4 && at_end(p + 4)) return emit(out, c, m, 0);
        if (k >= 1 && k <= 2) {
            int d = c;
            p += k;
            while (*p == ',' || *p == ' ') p++;
            if (digits(p, 4, &c) == 4 && at_end(p + 4)) return emit(out, c, m, d);
        }
    }
    return 0;
}

size_t emb_date_parse(const char *in, char out[11]) { return in ? parse(in, out, 0) : 0; }
size_t emb_date_parse_mdy(const char *in, char out[11]) { return in ? parse(in, out, 1) : 0; }

size_t emb_date_from_excel(double serial, char out[11])
{
    if (!(serial >= 1 && serial < 2958466)) return 0;
    long days = (long)serial;
    if (days < 61) days += 1;     /* Excel's phantom 1900-02-29 shifts later serials */
    long z = days - 25569 + 719468; /* serial 25569 = 1970-01-01; Hinnant's civil_from_days */
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) y++;
    return emit(out, (int)y, (int)m, (int)d);
}

size_t emb_date_parse_range(const char *in, char out[][11], size_t max)
{
    if (!in || !max) return 0;
    if (emb_date_parse(in, out[0])) return 1;
    const char *s = skip_qualifier(in);
    if (strncasecmp(s, "between ", 8) == 0) s += 8;
    int y1, y2;
    size_t n = digits(s, 4, &y1);
    if (n != 4) return 0;
    const char *p = s + 4;
    while (*p == ' ') p++;
    if (strncasecmp(p, "to ", 3) == 0) p += 3;
    else if (strncasecmp(p, "and ", 4) == 0) p += 4;
    else if (*p == '-' || *p == '/') p++;
    else return 0;
    while (*p == ' ') p++;
    if (digits(p, 4, &y2) != 4 || !at_end(p + 4) || y2 < y1) return 0;
    size_t k = 0;
    if (y2 - y1 <= 10) {
        for (int y = y1; y <= y2 && k < max; y++) k += emit(out[k], y, 0, 0) ? 1 : 0;
    } else {
        k += emit(out[k], y1, 0, 0) ? 1 : 0;
        if (k < max) k += emit(out[k], y2, 0, 0) ? 1 : 0;
    }
    return k;
}
