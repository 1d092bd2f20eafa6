/* listutil.c - helpers shared by the list parsers (see listutil.h). */
#include "lists/listutil.h"
#include "lists/dates.h"
#include "util/file.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Decodes one UTF-8 sequence (input already validated by the parser or by
 * libxml2); returns the code point and advances *p.  Malformed bytes yield
 * U+FFFD one byte at a time. */
static unsigned long next_cp(const unsigned char **p)
{
    const unsigned char *s = *p;
    unsigned long c = s[0];
    int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
    if (n < 0) { (*p)++; return 0xFFFD; }
    if (n > 0) c &= 0x3F >> n;
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80) { (*p)++; return 0xFFFD; }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *p += n + 1;
    return c;
}

int emb_text_non_latin(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (p && *p) {
        unsigned long c = next_cp(&p);
        if (c < 0x0370) continue;                        /* ASCII, Latin-1, Latin Extended, IPA, diacritics */
        if (c >= 0x1E00 && c <= 0x1EFF) continue;        /* Latin Extended Additional (Vietnamese) */
        if (c >= 0x2000 && c <= 0x2BFF) continue;        /* punctuation, symbols, arrows */
        if (c >= 0x3000 && c <= 0x303F) continue;        /* CJK punctuation alone is not a script */
        if (c >= 0xFE00 && c <= 0xFE0F) continue;        /* variation selectors */
        if (c == 0xFEFF || c == 0xFFFD) continue;
        return 1;
    }
    return 0;
}

int emb_name_add(emb_source *s, uint32_t h, const char *value, embargo_name_kind kind)
{
    if (!value || !*value) return 0;
    if ((kind == EMBARGO_NAME_ALIAS || kind == EMBARGO_NAME_WEAK_ALIAS) && emb_text_non_latin(value))
        kind = EMBARGO_NAME_ORIGINAL;
    return emb_source_name(s, h, value, kind);
}

int emb_dob_add(emb_source *s, uint32_t h, const char *text)
{
    if (!text) return 0;
    char buf[128];
    size_t n = strlen(text);
    if (n >= sizeof buf) return emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", text);
    memcpy(buf, text, n + 1);
    emb_trim(buf);
    if (!buf[0]) return 0;
    /* placeholders for unknown parts: "dd/mm/1968", "DD/09/1958" */
    for (char *p = buf; p[0] && p[1]; p++)
        if ((tolower((unsigned char)p[0]) == 'd' && tolower((unsigned char)p[1]) == 'd') ||
            (tolower((unsigned char)p[0]) == 'm' && tolower((unsigned char)p[1]) == 'm'))
            if ((p == buf || !isalpha((unsigned char)p[-1])) && !isalpha((unsigned char)p[2])) p[0] = p[1] = '0';
    char dates[16][11];
    size_t k = emb_date_parse_range(buf, dates, 16);
    if (k == 0) {
        char rem[160];
        snprintf(rem, sizeof rem, "Date of birth: %s", text);
        return emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", rem);
    }
    for (size_t i = 0; i < k; i++) {
        int rc = emb_source_attr(s, h, EMBARGO_ATTR_DOB, "", dates[i]);
        if (rc) return rc;
    }
    return 0;
}

/* Calls add() for each trimmed, non-empty part of text split on sep. */
static int split_each(const char *text, const char *sep,
                      int (*add)(void *ctx, const char *part), void *ctx)
{
    if (!text || !*text) return 0;
    size_t k = strlen(sep);
    const char *p = text;
    char stackbuf[256];
    for (;;) {
        const char *e = k ? strstr(p, sep) : NULL;
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *part = n < sizeof stackbuf ? stackbuf : malloc(n + 1);
        if (!part) return EMBARGO_ENOMEM;
        memcpy(part, p, n);
        part[n] = '\0';
        emb_trim(part);
        int rc = *part ? add(ctx, part) : 0;
        if (part != stackbuf) free(part);
        if (rc) return rc;
        if (!e) return 0;
        p = e + k;
    }
}

typedef struct split_ctx {
    emb_source *s;
    uint32_t h;
    embargo_attr_kind kind;
    const char *type;
    embargo_name_kind nkind;
} split_ctx;

static int add_attr_cb(void *c, const char *part)
{
    split_ctx *x = c;
    return emb_source_attr(x->s, x->h, x->kind, x->type, part);
}

static int add_name_cb(void *c, const char *part)
{
    split_ctx *x = c;
    return emb_name_add(x->s, x->h, part, x->nkind);
}

int emb_attr_split(emb_source *s, uint32_t h, embargo_attr_kind kind, const char *type,
                   const char *text, const char *sep)
{
    split_ctx x = {s, h, kind, type, 0};
    return split_each(text, sep, add_attr_cb, &x);
}

int emb_name_split(emb_source *s, uint32_t h, const char *text, const char *sep,
                   embargo_name_kind kind)
{
    split_ctx x = {s, h, 0, "", kind};
    return split_each(text, sep, add_name_cb, &x);
}

const char *emb_gender_norm(const char *v)
{
    if (!v) return NULL;
    while (isspace((unsigned char)*v)) v++;
    if (!strcasecmp(v, "m") || !strncasecmp(v, "male", 4)) return "male";
    if (!strcasecmp(v, "f") || !strncasecmp(v, "female", 6)) return "female";
    return NULL;
}

int emb_icontains(const char *hay, const char *needle)
{
    size_t k = strlen(needle);
    for (; hay && *hay; hay++)
        if (strncasecmp(hay, needle, k) == 0) return 1;
    return k == 0;
}

/* ---- OFAC typed values ---- */

/* Types that carry information about the listing, not an identifier: they
 * would be useless (or harmful: dates, e-mail domains) as identifier evidence. */
static const char *const remark_prefixes[] = {
    "Secondary sanctions risk", "Executive Order", "Additional Sanctions Information",
    "Transactions Prohibited", "Target Type", "Organization Type", "Organization Established Date",
    "Issuer Name", "Listing Date", "Effective Date", "Purchase/Sales For Divestment Date",
    "CAATSA", "Website", "Email Address", "Phone Number", "Aircraft Model",
    "Aircraft Manufacture Date", "Aircraft Operator", "Former Vessel Flag", "Other Vessel Flag",
    "Other Vessel Call Sign", "Other Vessel Type", "Vessel Year of Build", "Equity Ticker",
    "Previous Aircraft Tail Number", "IFCA Determination", "Location:", "Vessel Flag",
    "Vessel Type", "Vessel Call Sign", "Vessel Owner", "Registration Country", "PEESA",
};

static const struct { const char *type, *canon; } id_canon[] = {
    {"Passport", "Passport"},
    {"Tax ID No.", "Tax ID"},
    {"National ID No.", "National ID"},
    {"Registration ID", "Registration Number"},
    {"Registration Number", "Registration Number"},
    {"SWIFT/BIC", "SWIFT/BIC"},
    {"MMSI", "MMSI"},
    {"Identification Number", "Identification Number"},
};

emb_ofac_kind emb_ofac_classify(const char *type)
{
    if (!type) return EMB_OFAC_REMARK;
    if (!strcasecmp(type, "Gender")) return EMB_OFAC_GENDER;
    if (!strcasecmp(type, "Vessel Registration Identification")) return EMB_OFAC_IMO;
    if (!strcasecmp(type, "Nationality of Registration")) return EMB_OFAC_COUNTRY;
    if (!strcasecmp(type, "Nationality Country")) return EMB_OFAC_NATIONALITY;
    if (!strcasecmp(type, "Citizenship Country")) return EMB_OFAC_CITIZENSHIP;
    if (!strcasecmp(type, "Birthdate")) return EMB_OFAC_DOB;
    if (!strcasecmp(type, "Place of Birth")) return EMB_OFAC_POB;
    for (size_t i = 0; i < sizeof remark_prefixes / sizeof remark_prefixes[0]; i++)
        if (emb_istarts(type, remark_prefixes[i])) return EMB_OFAC_REMARK;
    return EMB_OFAC_ID;
}

int emb_ofac_add(emb_source *s, uint32_t h, const char *type, const char *value)
{
    if (!value || !*value) return 0;
    if (!type) type = "";
    switch (emb_ofac_classify(type)) {
    case EMB_OFAC_GENDER: {
        const char *g = emb_gender_norm(value);
        return g ? emb_source_attr(s, h, EMBARGO_ATTR_GENDER, "", g) : 0;
    }
    case EMB_OFAC_IMO: {
        /* "IMO 9562233"; other registrations keep their own label */
        const char *v = value;
        while (isspace((unsigned char)*v)) v++;
        if (emb_istarts(v, "IMO")) {
            v += 3;
            while (*v == ' ' || *v == ':') v++;
            return emb_source_attr(s, h, EMBARGO_ATTR_ID, "IMO", v);
        }
        return emb_source_attr(s, h, EMBARGO_ATTR_ID, "Vessel Registration", value);
    }
    case EMB_OFAC_COUNTRY: return emb_source_attr(s, h, EMBARGO_ATTR_COUNTRY, "", value);
    case EMB_OFAC_NATIONALITY: return emb_source_attr(s, h, EMBARGO_ATTR_NATIONALITY, "", value);
    case EMB_OFAC_CITIZENSHIP: return emb_source_attr(s, h, EMBARGO_ATTR_CITIZENSHIP, "", value);
    case EMB_OFAC_DOB: return emb_dob_add(s, h, value);
    case EMB_OFAC_POB: return emb_source_attr(s, h, EMBARGO_ATTR_POB, "", value);
    case EMB_OFAC_REMARK: {
        size_t n = strlen(type) + strlen(value) + 2;
        char *r = malloc(n);
        if (!r) return EMBARGO_ENOMEM;
        snprintf(r, n, "%s %s", type, value);
        int rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", r);
        free(r);
        return rc;
    }
    case EMB_OFAC_ID:
        break;
    }
    for (size_t i = 0; i < sizeof id_canon / sizeof id_canon[0]; i++)
        if (!strcasecmp(type, id_canon[i].type)) return emb_source_attr(s, h, EMBARGO_ATTR_ID, id_canon[i].canon, value);
    /* other identifiers keep OFAC's label, without trailing ':' or '-' */
    char t[128];
    snprintf(t, sizeof t, "%s", type);
    size_t n = strlen(t);
    while (n && (t[n - 1] == ':' || t[n - 1] == '-' || t[n - 1] == ' ')) t[--n] = '\0';
    return emb_source_attr(s, h, EMBARGO_ATTR_ID, t, value);
}
