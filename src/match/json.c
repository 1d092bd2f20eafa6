/* json.c - match and entity objects as JSON, shared by the CLI and the
 * server so that both print exactly the same shape.  Matches have two
 * writers: the jansson tree (emb_match_to_json, for callers that edit the
 * object, and the reference in the tests) and a direct writer behind
 * embargo_match_json / embargo_match_json_write (the hot path). */
#include "embargo.h"
#include "match/json.h"
#include "model/db.h"
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double round4(double v) { return floor(v * 10000.0 + 0.5) / 10000.0; }

json_t *emb_match_to_json(const embargo_db *db, const embargo_match *m, int explain)
{
    embargo_entity e;
    if (embargo_db_entity(db, m->entity, &e)) return json_null();
    const emb_entity_rec *er = &db->ents[m->entity];
    const embargo_entity *pe = &e;
    embargo_entity party;
    if (embargo_db_entity(db, er->party, &party) == 0) pe = &party;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(e.id));
    json_object_set_new(o, "source", json_string(e.source));
    json_object_set_new(o, "source_id", json_string(e.source_id));
    json_object_set_new(o, "schema", json_string(embargo_schema_name(e.schema)));
    json_object_set_new(o, "name", json_string(e.name));
    json_object_set_new(o, "matched_name", json_string(m->matched_name ? m->matched_name : e.name));
    json_object_set_new(o, "score", json_real(round4(m->score)));
    json_object_set_new(o, "match", json_boolean(m->match));
    json_object_set_new(o, "party", json_string(pe->id));
    /* a few fields an analyst needs to judge the hit without a second lookup */
    json_t *dob = json_array(), *countries = json_array(), *programs = json_array();
    for (size_t j = 0; j < e.n_attrs; j++) {
        embargo_attr a;
        embargo_db_entity_attr(db, m->entity, j, &a);
        if (a.kind == EMBARGO_ATTR_DOB) json_array_append_new(dob, json_string(a.value));
        else if (a.kind == EMBARGO_ATTR_NATIONALITY || a.kind == EMBARGO_ATTR_CITIZENSHIP) json_array_append_new(countries, json_string(a.value));
        else if (a.kind == EMBARGO_ATTR_PROGRAM) json_array_append_new(programs, json_string(a.value));
    }
    json_object_set_new(o, "dob", dob);
    json_object_set_new(o, "nationality", countries);
    json_object_set_new(o, "programs", programs);
    if (explain) {
        json_t *x = json_object(), *factors = json_array(), *align = json_array();
        for (size_t i = 0; i < m->n_factors; i++)
            json_array_append_new(factors, json_pack("{s:s,s:f,s:s}", "factor", m->factors[i].name, "value",
                                                     round4(m->factors[i].value), "detail", m->factors[i].detail));
        for (size_t i = 0; i < m->n_align; i++) {
            const embargo_alignment *a = &m->align[i];
            json_t *ao = json_pack("{s:s,s:f,s:f}", "query", a->query_token, "similarity", round4(a->similarity),
                                   "weight", round4(a->weight));
            json_object_set_new(ao, "listed", a->name_token[0] ? json_string(a->name_token) : json_null());
            json_array_append_new(align, ao);
        }
        json_object_set_new(x, "matched_name", json_string(m->matched_name ? m->matched_name : e.name));
        json_object_set_new(x, "name_score", json_real(round4(m->name_score)));
        json_object_set_new(x, "factors", factors);
        json_object_set_new(x, "alignment", align);
        json_object_set_new(o, "explanation", x);
    }
    return o;
}

json_t *emb_entity_to_json(const embargo_db *db, uint32_t index)
{
    embargo_entity e;
    if (embargo_db_entity(db, index, &e)) return json_null();
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(e.id));
    json_object_set_new(o, "source", json_string(e.source));
    json_object_set_new(o, "source_id", json_string(e.source_id));
    json_object_set_new(o, "schema", json_string(embargo_schema_name(e.schema)));
    json_object_set_new(o, "name", json_string(e.name));
    static const char *kinds[] = {"primary", "alias", "weak_alias", "former", "original_script"};
    json_t *names = json_array();
    for (size_t j = 0; j < e.n_names; j++) {
        embargo_name n;
        embargo_db_entity_name(db, index, j, &n);
        json_array_append_new(names, json_pack("{s:s,s:s,s:s}", "name", n.value, "kind",
                                               (unsigned)n.kind < 5 ? kinds[n.kind] : "alias", "normalized", n.normalized));
    }
    json_object_set_new(o, "names", names);
    json_t *attrs = json_object();
    for (size_t j = 0; j < e.n_attrs; j++) {
        embargo_attr a;
        embargo_db_entity_attr(db, index, j, &a);
        const char *k = embargo_attr_kind_name(a.kind);
        json_t *arr = json_object_get(attrs, k);
        if (!arr) { arr = json_array(); json_object_set_new(attrs, k, arr); }
        if (a.type && a.type[0]) json_array_append_new(arr, json_pack("{s:s,s:s}", "type", a.type, "value", a.value));
        else json_array_append_new(arr, json_string(a.value));
    }
    json_object_set_new(o, "attributes", attrs);
    /* every listing of the same party */
    json_t *listings = json_array();
    const emb_entity_rec *er = &db->ents[index];
    for (size_t i = 0; i < db->n_ents; i++) {
        if (db->ents[i].party != er->party) continue;
        embargo_entity l;
        embargo_db_entity(db, (uint32_t)i, &l);
        json_array_append_new(listings, json_pack("{s:s,s:s,s:s,s:s}", "id", l.id, "source", l.source, "source_id",
                                                  l.source_id, "name", l.name));
    }
    json_object_set_new(o, "listings", listings);
    return o;
}

int embargo_entity_json(char **out, const embargo_db *db, uint32_t index)
{
    json_t *o = emb_entity_to_json(db, index);
    *out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return *out ? 0 : EMBARGO_ENOMEM;
}

/* ------------------------------------------------------------------ */
/* Direct writer                                                      */
/*                                                                    */
/* The same match object as emb_match_to_json + json_dumps(COMPACT |  */
/* PRESERVE_ORDER), byte for byte, without building a jansson tree:   */
/* the CLI's batch and the server print thousands of these a second,  */
/* and the tree (one malloc per value) plus glibc's %.17g were most   */
/* of the cost of a response.  tests/test_json_fast.c holds the two   */
/* to the same output.  Where jansson silently drops a value (a NULL  */
/* or invalid UTF-8 string, a non-finite number) this writer drops it */
/* too, so the shapes agree even on bad input.                        */
/* ------------------------------------------------------------------ */

/* Output into a fixed buffer that counts what did not fit, so a caller
 * learns the full length in one pass (snprintf style). */
typedef struct jw {
    char *p;
    size_t cap, len;
} jw;

static void jw_put(jw *w, const char *s, size_t n)
{
    if (w->len < w->cap) {
        size_t room = w->cap - w->len;
        memcpy(w->p + w->len, s, n < room ? n : room);
    }
    w->len += n;
}

static void jw_putc(jw *w, char c)
{
    if (w->len < w->cap) w->p[w->len] = c;
    w->len++;
}

/* Length of the UTF-8 sequence at s as jansson accepts it (no overlong
 * forms, no surrogates, nothing above U+10FFFF), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n;
    unsigned v;
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0;
    if (c < 0xE0) { n = 2; v = c & 0x1F; }
    else if (c < 0xF0) { n = 3; v = c & 0x0F; }
    else if (c < 0xF5) { n = 4; v = c & 0x07; }
    else return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    if ((n == 3 && v < 0x800) || (n == 4 && v < 0x10000)) return 0;
    return n;
}

/* A JSON string literal of s, escaped as jansson's dump does: \\ \" \b \f
 * \n \r \t, other control characters as \u00XX (upper-case hex), every
 * other byte as is.  The UTF-8 check runs in the same pass: on an invalid
 * sequence, which jansson refuses, nothing stays written and 0 is
 * returned (1 otherwise). */
/* Do the 8 bytes at p need no escape and no UTF-8 check: all in
 * 0x20..0x7F, none '"' or '\\'?  (The usual zero-byte tests on x with each
 * excluded byte xor-ed away.) */
static int plain8(const unsigned char *p)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t x;
    memcpy(&x, p, 8);
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
    uint64_t bad = x | ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b);
    return !(bad & highs);
}

static int jw_string(jw *w, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + strlen(s);
    size_t mark = w->len;
    jw_putc(w, '"');
    for (;;) {
        const unsigned char *run = p;
        while (end - p >= 8 && plain8(p)) p += 8; /* most of a name or a detail */
        for (;;) {
            if (*p >= 0x80) {
                size_t n = utf8_seq(p);
                if (!n) { w->len = mark; return 0; }
                p += n;
            } else if (*p >= 0x20 && *p != '"' && *p != '\\') {
                p++;
            } else {
                break;
            }
        }
        if (p > run) jw_put(w, (const char *)run, (size_t)(p - run));
        if (!*p) break;
        char esc[6] = {'\\', 0, '0', '0', 0, 0};
        size_t n = 2;
        switch (*p) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            esc[1] = 'u';
            esc[4] = hex[*p >> 4];
            esc[5] = hex[*p & 15];
            n = 6;
        }
        jw_put(w, esc, n);
        p++;
    }
    jw_putc(w, '"');
    return 1;
}

/* jansson's real formatting (jsonp_dtostr): "%.17g", ".0" appended when
 * the text has neither '.' nor 'e', and the exponent without '+' or
 * leading zeros.  This is the reference the fast path is tested against. */
size_t emb_json_real_slow(char out[EMB_JSON_REAL_MAX], double v)
{
    int r = snprintf(out, EMB_JSON_REAL_MAX, "%.17g", v);
    if (r < 0 || r >= EMB_JSON_REAL_MAX - 3) { out[0] = '\0'; return 0; }
    size_t len = (size_t)r;
    /* a locale's decimal comma, as jansson's from_locale undoes it */
    for (size_t i = 0; i < len; i++)
        if (out[i] == ',') out[i] = '.';
    if (!strchr(out, '.') && !strchr(out, 'e')) {
        memcpy(out + len, ".0", 3);
        len += 2;
    }
    char *start = strchr(out, 'e');
    if (start) {
        start++;
        char *end = start + 1;
        if (*start == '-') start++;
        while (*end == '0') end++;
        if (end != start) {
            memmove(start, end, len - (size_t)(end - out) + 1);
            len -= (size_t)(end - start);
        }
    }
    return len;
}

typedef unsigned __int128 u128;

/* The 17 significant digits of v > 0 as glibc's printf rounds them (exact
 * binary value, ties to even): *digits in [1e16, 1e17), v ~ digits *
 * 10^(x - 16).  0 when v is outside the range done here in 128 bits
 * (v >= 2^53, or so small that 10^p overflows). */
static int digits17(double v, uint64_t *digits, int *x)
{
    static const uint64_t p10[20] = {1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
                                     100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL,
                                     1000000000000ULL, 10000000000000ULL, 100000000000000ULL,
                                     1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
                                     1000000000000000000ULL, 10000000000000000000ULL};
    /* frexp from the bits: v = m * 2^(e2 - 53), m of 53 bits with the
     * leading one (a subnormal v takes the slow path) */
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    int be = (int)(bits >> 52 & 0x7FF);
    if (be == 0 || be == 0x7FF) return 0;
    int e2 = be - 1022;
    uint64_t m = (bits & ((1ULL << 52) - 1)) | 1ULL << 52; /* exact: v = m / 2^s */
    int s = 53 - e2;
    if (s < 0 || s > 126) return 0;
    /* v in [2^(e2-1), 2^e2): log10(v) from the exponent (78913 / 2^18 is
     * log10(2) to 6 digits), off by at most one, which the loop below
     * corrects; log10 itself cost more than the rest */
    int t = e2 - 1;
    int xe = t >= 0 ? (t * 78913) >> 18 : -((-t * 78913 + 262143) >> 18);
    for (int tries = 0; tries < 4; tries++) {
        int p = 16 - xe;                    /* want v * 10^p in [1e16, 1e17) */
        if (p < 0 || p > 22) return 0;      /* m * 10^22 < 2^127 */
        u128 pow = p <= 19 ? (u128)p10[p] : (u128)p10[19] * p10[p - 19];
        u128 num = (u128)m * pow;
        u128 d = s ? num >> s : num;
        /* the exponent comes from the exact value, before rounding */
        if (d >= (u128)p10[17]) { xe++; continue; }
        if (d < (u128)p10[16]) { xe--; continue; }
        if (s) {
            u128 rem = num - (d << s), half = (u128)1 << (s - 1);
            if (rem > half || (rem == half && (d & 1))) d++;
        }
        /* 9.99..95 rounding up to 10.0: %e prints 1.0 with the next exponent */
        if (d == (u128)p10[17]) { d = p10[16]; xe++; }
        *digits = (uint64_t)d;
        *x = xe;
        return 1;
    }
    return 0;
}

/* v as jansson prints a real, without glibc's multi-precision %.17g for
 * the values a match holds (0..1 scores, small weights); anything outside
 * that range takes emb_json_real_slow. */
size_t emb_json_real(char out[EMB_JSON_REAL_MAX], double v)
{
    char *o = out;
    const double v0 = v;
    if (!isfinite(v)) return emb_json_real_slow(out, v);
    if (signbit(v)) { *o++ = '-'; v = -v; }
    if (v == 0) { memcpy(o, "0.0", 4); return (size_t)(o - out) + 3; }
    uint64_t d;
    int x;
    if (!digits17(v, &d, &x)) return emb_json_real_slow(out, v0);
    static const char d2[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                             "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                             "8081828384858687888990919293949596979899";
    char dig[17];
    for (int i = 15; i >= 1; i -= 2) { /* two digits at a time; d has 17 */
        memcpy(dig + i, d2 + 2 * (d % 100), 2);
        d /= 100;
    }
    dig[0] = (char)('0' + d);
    int nd = 17;
    while (nd > 1 && dig[nd - 1] == '0') nd--; /* %g drops trailing zeros */
    if (x < -4 || x >= 17) {
        *o++ = dig[0];
        if (nd > 1) { *o++ = '.'; memcpy(o, dig + 1, (size_t)nd - 1); o += nd - 1; }
        *o++ = 'e';
        if (x < 0) { *o++ = '-'; x = -x; }
        char e[4];
        int ne = 0;
        do { e[ne++] = (char)('0' + x % 10); x /= 10; } while (x);
        while (ne) *o++ = e[--ne];
    } else if (x >= 0) {
        memcpy(o, dig, (size_t)x + 1);
        o += x + 1;
        *o++ = '.';
        if (nd > x + 1) { memcpy(o, dig + x + 1, (size_t)(nd - x - 1)); o += nd - x - 1; }
        else *o++ = '0';                    /* jansson's ".0" */
    } else {
        *o++ = '0';
        *o++ = '.';
        for (int i = -1; i > x; i--) *o++ = '0';
        memcpy(o, dig, (size_t)nd);
        o += nd;
    }
    *o = '\0';
    return (size_t)(o - out);
}

static void jw_real(jw *w, double v)
{
    char b[EMB_JSON_REAL_MAX];
    jw_put(w, b, emb_json_real(b, v));
}

/* Members of an object.  *n counts the members written, for the commas.
 * Keys are literals: KEY("id") passes ,"id": and its length, and the
 * comma is skipped for the first member (one copy per key). */
#define KEY(k) ",\"" k "\":", sizeof k + 3

static void jw_key(jw *w, size_t *n, const char *key, size_t klen)
{
    if ((*n)++) jw_put(w, key, klen);
    else jw_put(w, key + 1, klen - 1);
}

/* A string member, left out (as jansson leaves it out) when s is NULL or
 * not valid UTF-8.  1 if written. */
static int jw_member_string(jw *w, size_t *n, const char *key, size_t klen, const char *s)
{
    if (!s) return 0;
    size_t mark = w->len;
    jw_key(w, n, key, klen);
    if (jw_string(w, s)) return 1;
    w->len = mark;
    (*n)--;
    return 0;
}

static void jw_member_real(jw *w, size_t *n, const char *key, size_t klen, double v)
{
    if (!isfinite(v)) return;
    jw_key(w, n, key, klen);
    jw_real(w, v);
}

static void jw_element_string(jw *w, size_t *n, const char *s)
{
    if (!s) return;
    size_t mark = w->len;
    if (*n) jw_putc(w, ',');
    if (jw_string(w, s)) (*n)++;
    else w->len = mark;
}

static int write_match(jw *w, const embargo_db *db, const embargo_match *m, int explain)
{
    embargo_entity e;
    if (embargo_db_entity(db, m->entity, &e)) return EMBARGO_ENOTFOUND;
    embargo_entity party;
    const embargo_entity *pe = embargo_db_entity(db, e.party, &party) == 0 ? &party : &e;
    const char *matched = m->matched_name ? m->matched_name : e.name;
    size_t n = 0;
    jw_putc(w, '{');
    jw_member_string(w, &n, KEY("id"), e.id);
    jw_member_string(w, &n, KEY("source"), e.source);
    jw_member_string(w, &n, KEY("source_id"), e.source_id);
    jw_member_string(w, &n, KEY("schema"), embargo_schema_name(e.schema));
    jw_member_string(w, &n, KEY("name"), e.name);
    jw_member_string(w, &n, KEY("matched_name"), matched);
    jw_member_real(w, &n, KEY("score"), round4(m->score));
    jw_key(w, &n, KEY("match"));
    if (m->match) jw_put(w, "true", 4);
    else jw_put(w, "false", 5);
    jw_member_string(w, &n, KEY("party"), pe->id);
    /* dob, nationality, programs: one pass per array keeps the attribute
     * order inside each, as the jansson version appends them */
    static const struct { const char *key; size_t len; } arrays[3] = {{KEY("dob")}, {KEY("nationality")}, {KEY("programs")}};
    for (int k = 0; k < 3; k++) {
        size_t na = 0;
        jw_key(w, &n, arrays[k].key, arrays[k].len);
        jw_putc(w, '[');
        for (size_t j = 0; j < e.n_attrs; j++) {
            embargo_attr a;
            if (embargo_db_entity_attr(db, m->entity, j, &a)) continue;
            int want = k == 0 ? a.kind == EMBARGO_ATTR_DOB
                     : k == 1 ? a.kind == EMBARGO_ATTR_NATIONALITY || a.kind == EMBARGO_ATTR_CITIZENSHIP
                              : a.kind == EMBARGO_ATTR_PROGRAM;
            if (want) jw_element_string(w, &na, a.value);
        }
        jw_putc(w, ']');
    }
    if (explain) {
        size_t nx = 0, nf = 0, nl = 0;
        jw_key(w, &n, KEY("explanation"));
        jw_putc(w, '{');
        jw_member_string(w, &nx, KEY("matched_name"), matched);
        jw_member_real(w, &nx, KEY("name_score"), round4(m->name_score));
        jw_key(w, &nx, KEY("factors"));
        jw_putc(w, '[');
        for (size_t i = 0; i < m->n_factors; i++) {
            const embargo_factor *f = &m->factors[i];
            double v = round4(f->value);
            /* json_pack fails, and the factor is left out, on any bad value */
            if (!isfinite(v)) continue;
            size_t mark = w->len, no = 0;
            if (nf) jw_putc(w, ',');
            jw_putc(w, '{');
            if (!jw_member_string(w, &no, KEY("factor"), f->name)) { w->len = mark; continue; }
            jw_member_real(w, &no, KEY("value"), v);
            if (!jw_member_string(w, &no, KEY("detail"), f->detail)) { w->len = mark; continue; }
            jw_putc(w, '}');
            nf++;
        }
        jw_putc(w, ']');
        jw_key(w, &nx, KEY("alignment"));
        jw_putc(w, '[');
        for (size_t i = 0; i < m->n_align; i++) {
            const embargo_alignment *a = &m->align[i];
            double sim = round4(a->similarity), wt = round4(a->weight);
            if (!isfinite(sim) || !isfinite(wt)) continue;
            size_t mark = w->len, no = 0;
            if (nl) jw_putc(w, ',');
            jw_putc(w, '{');
            /* tokens are cut at 47 bytes, possibly inside a character */
            if (!jw_member_string(w, &no, KEY("query"), a->query_token)) { w->len = mark; continue; }
            jw_member_real(w, &no, KEY("similarity"), sim);
            jw_member_real(w, &no, KEY("weight"), wt);
            if (!a->name_token[0]) {
                jw_key(w, &no, KEY("listed"));
                jw_put(w, "null", 4);
            } else {
                jw_member_string(w, &no, KEY("listed"), a->name_token);
            }
            jw_putc(w, '}');
            nl++;
        }
        jw_putc(w, ']');
        jw_putc(w, '}');
    }
    jw_putc(w, '}');
    return 0;
}

int embargo_match_json_write(char *buf, size_t cap, size_t *len, const embargo_db *db, const embargo_match *m,
                             int explain)
{
    jw w = {buf, cap, 0};
    int rc = write_match(&w, db, m, explain);
    if (rc) w.len = 0;
    if (cap) buf[w.len < cap ? w.len : cap - 1] = '\0';
    *len = w.len;
    return rc;
}

int embargo_match_json(char **out, const embargo_db *db, const embargo_match *m, int explain)
{
    char small[2048];
    size_t len;
    *out = NULL;
    int rc = embargo_match_json_write(small, sizeof small, &len, db, m, explain);
    if (rc) return rc;
    char *s = malloc(len + 1);
    if (!s) return EMBARGO_ENOMEM;
    if (len < sizeof small) memcpy(s, small, len + 1);
    else embargo_match_json_write(s, len + 1, &len, db, m, explain);
    *out = s;
    return 0;
}

int embargo_json_string_write(char *buf, size_t cap, size_t *len, const char *s)
{
    jw w = {buf, cap, 0};
    int rc = 0;
    if (!s || !jw_string(&w, s)) rc = EMBARGO_EUTF8;
    if (cap) buf[w.len < cap ? w.len : cap - 1] = '\0';
    *len = w.len;
    return rc;
}
