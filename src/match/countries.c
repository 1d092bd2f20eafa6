/* countries.c - country names and codes to ISO 3166 alpha-2, for comparing
 * a query's country with a listed party's nationality, citizenship, place of
 * birth or address.  English names come from ICU's region display names;
 * the variants the sanctions lists use are added by hand. */
#include "match/countries.h"
#include "match/jaro.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uloc.h>

struct emb_countries {
    size_t n;
    struct { char name[64]; char code[3]; } e[512];
};

static const struct { const char *name, *code; } extra[] = {
    {"russian federation", "RU"}, {"russia", "RU"}, {"iran islamic republic of", "IR"},
    {"islamic republic of iran", "IR"}, {"syrian arab republic", "SY"}, {"usa", "US"},
    {"united states of america", "US"}, {"uk", "GB"}, {"great britain", "GB"},
    {"united kingdom of great britain and northern ireland", "GB"}, {"england", "GB"},
    {"viet nam", "VN"}, {"lao peoples democratic republic", "LA"}, {"laos", "LA"},
    {"democratic peoples republic of korea", "KP"}, {"korea north", "KP"}, {"dprk", "KP"},
    {"korea democratic peoples republic of", "KP"}, {"republic of korea", "KR"},
    {"korea south", "KR"}, {"korea republic of", "KR"}, {"burma", "MM"},
    {"congo democratic republic of the", "CD"}, {"democratic republic of the congo", "CD"},
    {"congo republic of the", "CG"}, {"cote divoire", "CI"}, {"ivory coast", "CI"},
    {"turkiye", "TR"}, {"turkey", "TR"}, {"palestinian territories", "PS"}, {"palestine", "PS"},
    {"west bank", "PS"}, {"gaza", "PS"}, {"crimea", "UA"}, {"region crimea", "UA"},
    {"venezuela bolivarian republic of", "VE"}, {"bolivia plurinational state of", "BO"},
    {"tanzania united republic of", "TZ"}, {"moldova republic of", "MD"},
    {"macedonia", "MK"}, {"the former yugoslav republic of macedonia", "MK"},
    {"czech republic", "CZ"}, {"swaziland", "SZ"}, {"cape verde", "CV"}, {"brunei darussalam", "BN"},
    {"libyan arab jamahiriya", "LY"}, {"holy see", "VA"}, {"kyrgyz republic", "KG"},
    {"hong kong", "HK"}, {"macau", "MO"}, {"taiwan", "TW"}, {"uae", "AE"},
    {"belarusian", "BY"}, {"russian", "RU"}, {"iranian", "IR"}, {"syrian", "SY"},
    {"ukrainian", "UA"}, {"iraqi", "IQ"}, {"afghan", "AF"}, {"chinese", "CN"}, {"cuban", "CU"},
    {"north korean", "KP"}, {"lebanese", "LB"}, {"yemeni", "YE"}, {"libyan", "LY"},
    {"venezuelan", "VE"}, {"pakistani", "PK"}, {"somali", "SO"}, {"sudanese", "SD"},
    {"mexican", "MX"}, {"colombian", "CO"}, {"turkish", "TR"}, {"emirati", "AE"},
    {"saudi arabian", "SA"}, {"saudi", "SA"}, {"egyptian", "EG"}, {"american", "US"},
    {"british", "GB"}, {"german", "DE"}, {"french", "FR"}, {"indian", "IN"}, {"nigerian", "NG"},
    {"kosovo", "XK"}, {"soviet union", "SU"}, {"ussr", "SU"}, {"yugoslavia", "YU"},
};

/* lowercase ASCII letters and single spaces only */
static void canon(const char *in, char *out, size_t cap)
{
    size_t o = 0;
    int sp = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p && o + 1 < cap; p++) {
        if (isalpha(*p)) {
            if (sp && o) out[o++] = ' ';
            sp = 0;
            if (o + 1 < cap) out[o++] = (char)tolower(*p);
        } else if (*p == '\'' || *p == 0xe2) {
            continue;
        } else {
            sp = 1;
        }
    }
    out[o] = '\0';
}

int emb_countries_new(emb_countries **out)
{
    emb_countries *c = calloc(1, sizeof *c);
    if (!c) return -1;
    const char *const *iso = uloc_getISOCountries();
    for (size_t i = 0; iso && iso[i] && c->n < 400; i++) {
        char loc[16];
        snprintf(loc, sizeof loc, "und_%s", iso[i]);
        UChar name[128];
        UErrorCode st = U_ZERO_ERROR;
        int32_t len = uloc_getDisplayCountry(loc, "en", name, 128, &st);
        if (U_FAILURE(st) || len <= 0) continue;
        char ascii[128];
        int32_t k = 0;
        for (int32_t j = 0; j < len && k < 127; j++) ascii[k++] = name[j] < 128 ? (char)name[j] : ' ';
        ascii[k] = '\0';
        canon(ascii, c->e[c->n].name, sizeof c->e[c->n].name);
        memcpy(c->e[c->n].code, iso[i], 2);
        c->n++;
    }
    for (size_t i = 0; i < sizeof extra / sizeof extra[0] && c->n < 512; i++) {
        snprintf(c->e[c->n].name, sizeof c->e[c->n].name, "%s", extra[i].name);
        memcpy(c->e[c->n].code, extra[i].code, 2);
        c->n++;
    }
    *out = c;
    return 0;
}

void emb_countries_free(emb_countries *c) { free(c); }

int emb_country_code(const emb_countries *c, const char *text, char code[3])
{
    if (!c || !text) return 0;
    char key[128];
    canon(text, key, sizeof key);
    if (!key[0]) return 0;
    size_t kl = strlen(key);
    if (kl == 2) {
        code[0] = (char)toupper((unsigned char)key[0]);
        code[1] = (char)toupper((unsigned char)key[1]);
        code[2] = '\0';
        for (size_t i = 0; i < c->n; i++)
            if (!memcmp(c->e[i].code, code, 2)) return 1;
        return 0;
    }
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->e[i].name, key)) { memcpy(code, c->e[i].code, 2); code[2] = '\0'; return 1; }
    /* the last comma part of an address or place of birth ("Lida District, Grodno Region, Belarus") */
    const char *comma = strrchr(text, ',');
    if (comma && comma[1]) return emb_country_code(c, comma + 1, code);
    /* "Belarus (citizen)", "Iran (Islamic Republic of)": try the text before '(' */
    const char *par = strchr(text, '(');
    if (par && par > text) {
        char head[128];
        size_t hl = (size_t)(par - text) < sizeof head - 1 ? (size_t)(par - text) : sizeof head - 1;
        memcpy(head, text, hl);
        head[hl] = '\0';
        return emb_country_code(c, head, code);
    }
    return 0;
}
