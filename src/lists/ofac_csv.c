/* ofac_csv.c - OFAC's legacy CSV set: the primary file (sdn.csv or
 * cons_prim.csv) plus optional alt, add and comments files, told apart by
 * file name.  No header row; every text field is quoted; "-0-" means empty;
 * CRLF; a final 0x1A byte (the CSV reader drops it).
 *
 * Much of what OFAC knows about an entity is only in the free-text Remarks
 * column ("DOB 06 Sep 1982; POB ...; nationality Belarus; Gender Male."), so
 * the remarks are split into clauses and the known clause forms become
 * attributes; the whole text is also kept as one remark.  Remarks are cut at
 * 1000 characters in the primary file and continue in the comments file. */
#include "lists/csv.h"
#include "lists/dates.h"
#include "lists/lists.h"
#include "util/error.h"
#include "util/file.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The primary file truncates Remarks at this many characters; the rest of
 * such a remark is the entity's row in the comments file. */
#define OFAC_REMARKS_MAX 1000
#define MAX_DATES 16

enum { F_PRIMARY, F_ALT, F_ADD, F_COMMENTS, F_KINDS };

/* Column counts and names (OFAC's own column names, used in messages). */
static const size_t kind_fields[F_KINDS] = {12, 5, 6, 2};
static const char *const columns[F_KINDS][12] = {
    {"ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign", "Vess_type", "Tonnage", "GRT",
     "Vess_flag", "Vess_owner", "Remarks"},
    {"ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks"},
    {"ent_num", "add_num", "address", "city_state_zip", "country", "add_remarks"},
    {"ent_num", "remarks_extension"},
};

static const char *const file_names[][3] = {
    {"sdn.csv", "cons_prim.csv", NULL},
    {"alt.csv", "cons_alt.csv", NULL},
    {"add.csv", "cons_add.csv", NULL},
    {"sdn_comments.csv", "cons_comments.csv", NULL},
};

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* Which file of the set `path` is, by its name (".gz" allowed); -1 if none. */
static int file_kind(const char *path)
{
    const char *b = base_name(path);
    size_t n = strlen(b);
    if (n > 3 && strcasecmp(b + n - 3, ".gz") == 0) n -= 3;
    for (int k = 0; k < F_KINDS; k++)
        for (int i = 0; file_names[k][i]; i++)
            if (strlen(file_names[k][i]) == n && strncasecmp(b, file_names[k][i], n) == 0) return k;
    return -1;
}

int emb_sniff_ofac_csv(const char *path, const unsigned char *head, size_t n)
{
    /* by name, and the first record must start with an ent_num */
    return file_kind(path) >= 0 && (n == 0 || isdigit(head[0]));
}

/* "-0-" (OFAC's null, written "-0- ") and blanks are empty. */
static char *field(char *f)
{
    emb_trim(f);
    if (strcmp(f, "-0-") == 0) f[0] = '\0';
    return f;
}

static int is_number(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s)) return 0;
    return 1;
}

/* ---------------------------------------------------------------- */
/* Remarks                                                          */
/* ---------------------------------------------------------------- */

typedef struct rm_ctx {
    emb_source *s;
    uint32_t h;
} rm_ctx;

/* Drops one trailing '.' (the end of a sentence) unless it closes an
 * abbreviation such as "S.A." whose previous letter is also dotted. */
static void strip_period(char *v)
{
    emb_trim(v);
    size_t n = strlen(v);
    if (n && v[n - 1] == '.' && !(n >= 3 && v[n - 3] == '.')) v[n - 1] = '\0';
    emb_trim(v);
}

static int attr(rm_ctx *r, embargo_attr_kind kind, const char *type, const char *value)
{
    return emb_source_attr(r->s, r->h, kind, type, value);
}

static int emit_dates(rm_ctx *r, embargo_attr_kind kind, char dates[][11], size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) rc = attr(r, kind, "", dates[i]);
    return rc;
}

/* "06 Sep 1982", "circa 1960", "1960 to 1962", "01 Jan 1960 to 31 Dec 1962",
 * "Mar 1960 to Mar 1961": every listed date or year of the range. */
static int add_date(rm_ctx *r, embargo_attr_kind kind, const char *v)
{
    char dates[MAX_DATES][11];
    size_t n = emb_date_parse_range(v, dates, MAX_DATES);
    if (n) return emit_dates(r, kind, dates, n);
    const char *to = strstr(v, " to ");
    if (!to) return 0;
    char a[64], b[64], da[11], db[11];
    size_t la = (size_t)(to - v);
    if (la >= sizeof a || strlen(to + 4) >= sizeof b) return 0;
    memcpy(a, v, la);
    a[la] = '\0';
    strcpy(b, to + 4);
    if (!emb_date_parse(a, da) || !emb_date_parse(b, db)) return 0;
    if (strcmp(da, db) == 0) return attr(r, kind, "", da);
    if (strncmp(da, db, 4) == 0) {
        da[4] = '\0';
        return attr(r, kind, "", da); /* a range within one year: the year */
    }
    char years[16];
    snprintf(years, sizeof years, "%.4s to %.4s", da, db);
    n = emb_date_parse_range(years, dates, MAX_DATES);
    return emit_dates(r, kind, dates, n);
}

/* The quoted name of "a.k.a. 'NAME'": from the first to the last single
 * quote, since names such as 'ABU 'ABDALLAH' hold apostrophes themselves. */
static int add_quoted_name(rm_ctx *r, const char *v, embargo_name_kind kind)
{
    const char *a = strchr(v, '\'');
    const char *b = strrchr(v, '\'');
    if (!a || b <= a) {
        char tmp[512];
        snprintf(tmp, sizeof tmp, "%s", v);
        strip_period(tmp);
        return emb_source_name(r->s, r->h, tmp, kind);
    }
    /* ''FOOPIE'' and similar: drop doubled quotes around the name */
    while (a[1] == '\'' && a + 1 < b) a++;
    while (b > a + 1 && b[-1] == '\'') b--;
    return emb_source_name_n(r->s, r->h, a + 1, (size_t)(b - a - 1), kind);
}

/* Identifier clauses: the label OFAC writes and the type we store.  Longer
 * labels that share a beginning with shorter ones come first. */
static const struct { const char *label, *type; } id_labels[] = {
    {"Vessel Registration Identification IMO", "IMO"},
    {"Identification Number IMO", "IMO"},
    {"Company Number IMO", "IMO"},
    {"IMO", "IMO"},
    {"MMSI", "MMSI"},
    {"SWIFT/BIC", "SWIFT/BIC"},
    {"Diplomatic Passport", "Diplomatic Passport"},
    {"Passport", "Passport"},
    {"National ID No.", "National ID"},
    {"Kenyan ID No.", "National ID"},
    {"Personal ID Card", "National ID"},
    {"Turkish Identification Number", "National ID"},
    {"Citizen's Card Number", "National ID"},
    {"Cedula No.", "Cedula"},
    {"Tax ID No.", "Tax ID"},
    {"Legal Entity Number", "Legal Entity Number"},
    {"Registration Number", "Registration Number"},
    {"Registration ID", "Registration ID"},
    {"Identification Number", "Identification Number"},
    {"Email Address", "Email Address"},
    {"Email:", "Email Address"},
    {"Website", "Website"},
    {"C.U.R.P.", "C.U.R.P."},
    {"R.F.C.", "R.F.C."},
    {"RFC", "R.F.C."},
    {"NIT #", "NIT"},
    {"RUC #", "RUC"},
    {"RIF #", "RIF"},
    {"RTN", "RTN"},
    {"C.U.I.T.", "C.U.I.T."},
    {"C.U.I.P.", "C.U.I.P."},
    {"C.U.I.", "C.U.I."},
    {"D.N.I.", "D.N.I."},
    {"C.R. No.", "Commercial Registry Number"},
    {"Commercial Registry Number", "Commercial Registry Number"},
    {"Business Registration Document #", "Business Registration Document"},
    {"UK Company Number", "Company Number"},
    {"Company Number", "Company Number"},
    {"Certificate of Incorporation Number", "Certificate of Incorporation Number"},
    {"Unified Social Credit Code (USCC)", "Unified Social Credit Code"},
    {"United Social Credit Code Certificate (USCCC)", "Unified Social Credit Code"},
    {"Government Gazette Number", "Government Gazette Number"},
    {"Central Registration System Number", "Central Registration System Number"},
    {"Chamber of Commerce Number", "Chamber of Commerce Number"},
    {"Istanbul Chamber of Comm. No.", "Chamber of Commerce Number"},
    {"Dubai Chamber of Commerce Membership No.", "Chamber of Commerce Number"},
    {"Folio Mercantil No.", "Folio Mercantil"},
    {"Matricula Mercantil No", "Matricula Mercantil"},
    {"Trade License No.", "Trade License"},
    {"Enterprise Number", "Enterprise Number"},
    {"Branch Unit Number", "Branch Unit Number"},
    {"V.A.T. Number", "V.A.T. Number"},
    {"US FEIN", "US FEIN"},
    {"SSN", "SSN"},
    {"ISIN", "ISIN"},
    {"D-U-N-S Number", "D-U-N-S Number"},
    {"BIK (RU)", "BIK"},
    {"Italian Fiscal Code", "Italian Fiscal Code"},
    {"Numero Unico de Identificacao Tributaria (NUIT)", "NUIT"},
    {"Credencial electoral", "Credencial electoral"},
    {"Electoral Registry No.", "Electoral Registry Number"},
    {"Cartilla de Servicio Militar Nacional", "Cartilla de Servicio Militar Nacional"},
    {"Driver's License No.", "Driver's License"},
    {"Birth Certificate Number", "Birth Certificate Number"},
    {"Residency Number", "Residency Number"},
    {"Travel Document Number", "Travel Document Number"},
    {"Public Security and Immigration No.", "Public Security and Immigration Number"},
    {"VisaNumberID", "Visa Number"},
    {"LE Number", "LE Number"},
    {"Registered Charity No.", "Registered Charity Number"},
    {"Aircraft Manufacturer's Serial Number (MSN)", "Aircraft Manufacturer's Serial Number"},
    {"Aircraft Construction Number (also called L/N or S/N or F/N)", "Aircraft Construction Number"},
    {"Aircraft Tail Number", "Aircraft Tail Number"},
    {"Previous Aircraft Tail Number", "Aircraft Tail Number"},
};

/* Does clause c start with label followed by a space, ':' or '#' (or end)? */
static const char *after_label(const char *c, const char *label)
{
    size_t n = strlen(label);
    if (strncmp(c, label, n) != 0) return NULL;
    char next = c[n];
    if (next == '\0' || next == ' ' || next == ':' || next == '#' || label[n - 1] == ':' || label[n - 1] == '#' ||
        label[n - 1] == '.')
        return c + n;
    return NULL;
}

/* The identifier value after its label: up to " (Country)", " issued",
 * " expires" or the end; a leading "#", ":" or "No." is dropped. */
static int add_id(rm_ctx *r, const char *type, const char *rest)
{
    while (*rest == ' ' || *rest == ':' || *rest == '#') rest++;
    if (strncmp(rest, "No. ", 4) == 0) rest += 4;
    while (*rest == ' ') rest++;
    size_t n = strlen(rest);
    static const char *const stops[] = {" (", " issued", ", issued", " expires", ", expires"};
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) {
        const char *p = strstr(rest, stops[i]);
        if (p && (size_t)(p - rest) < n) n = (size_t)(p - rest);
    }
    char buf[512];
    if (n >= sizeof buf) n = sizeof buf - 1;
    memcpy(buf, rest, n);
    buf[n] = '\0';
    emb_trim(buf);
    n = strlen(buf);
    while (n && (buf[n - 1] == '.' || buf[n - 1] == ',')) buf[--n] = '\0';
    return attr(r, EMBARGO_ATTR_ID, type, buf);
}

static int starts(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

/* One clause of the remarks (already trimmed, "alt. " removed). */
static int remark_clause(rm_ctx *r, char *c)
{
    const char *v;
    if (starts(c, "DOB ")) return add_date(r, EMBARGO_ATTR_DOB, c + 4);
    if (starts(c, "Organization Established Date ")) /* an organization's "birth" */
        return add_date(r, EMBARGO_ATTR_DOB, c + 30);
    if (starts(c, "POB ") || starts(c, "POB: ")) {
        char *pob = c + 3;
        while (*pob == ' ' || *pob == ':') pob++;
        strip_period(pob);
        return attr(r, EMBARGO_ATTR_POB, "", pob);
    }
    if (starts(c, "Nationality of Registration ")) {
        strip_period(c + 28);
        return attr(r, EMBARGO_ATTR_COUNTRY, "", c + 28);
    }
    if (starts(c, "nationality ") || starts(c, "Nationality ")) {
        strip_period(c + 12);
        return attr(r, EMBARGO_ATTR_NATIONALITY, "", c + 12);
    }
    if (starts(c, "citizen ") || starts(c, "Citizen ")) {
        strip_period(c + 8);
        return attr(r, EMBARGO_ATTR_CITIZENSHIP, "", c + 8);
    }
    if (starts(c, "Gender ")) {
        strip_period(c + 7);
        if (strcasecmp(c + 7, "Male") == 0) return attr(r, EMBARGO_ATTR_GENDER, "", "male");
        if (strcasecmp(c + 7, "Female") == 0) return attr(r, EMBARGO_ATTR_GENDER, "", "female");
        return 0;
    }
    /* names OFAC gives inside the remarks are its "weak" aliases */
    if (starts(c, "a.k.a. ") || starts(c, "n.k.a. ")) return add_quoted_name(r, c + 7, EMBARGO_NAME_WEAK_ALIAS);
    if (starts(c, "f.k.a. ")) return add_quoted_name(r, c + 7, EMBARGO_NAME_FORMER);
    if (starts(c, "Linked To: ") || starts(c, "Additional Sanctions Information - ")) {
        strip_period(c);
        return attr(r, EMBARGO_ATTR_REMARK, "", c);
    }
    if (starts(c, "Digital Currency Address - ")) {
        /* "Digital Currency Address - XBT 1Abc...": the currency goes in the type */
        char type[64];
        const char *cur = c + 27, *sp = strchr(cur, ' ');
        if (!sp || sp == cur || (size_t)(sp - cur) > 16) return 0;
        snprintf(type, sizeof type, "Digital Currency Address - %.*s", (int)(sp - cur), cur);
        return add_id(r, type, sp + 1);
    }
    for (size_t i = 0; i < sizeof id_labels / sizeof id_labels[0]; i++)
        if ((v = after_label(c, id_labels[i].label))) return add_id(r, id_labels[i].type, v);
    return 0;
}

/* Parses the remarks text into attributes and keeps it whole as a remark. */
static int parse_remarks(rm_ctx *r, char *text)
{
    emb_trim(text);
    if (!*text) return 0;
    int rc = attr(r, EMBARGO_ATTR_REMARK, "", text);
    char *save = NULL;
    for (char *c = strtok_r(text, ";", &save); c && !rc; c = strtok_r(NULL, ";", &save)) {
        emb_trim(c);
        if (strncasecmp(c, "alt. ", 5) == 0) c += 5;
        if (*c) rc = remark_clause(r, c);
    }
    return rc;
}

/* ---------------------------------------------------------------- */
/* Files                                                            */
/* ---------------------------------------------------------------- */

typedef struct comment_row {
    char *ent_num;
    char *text;
    unsigned long line;
    int used;
} comment_row;

typedef struct ofac_set {
    const char *path[F_KINDS];
    comment_row *comments;
    size_t n_comments;
} ofac_set;

/* Opens a file of the set as CSV; the caller frees data and the reader. */
static int open_csv(const char *path, char **data, emb_csv *c, embargo_error *err)
{
    size_t len;
    int rc = emb_file_read(path, data, &len, err);
    if (rc) return rc;
    if ((rc = emb_utf8_check(path, *data, len, "(OFAC's CSV files are ASCII)", err))) {
        free(*data);
        *data = NULL;
        return rc;
    }
    emb_csv_init(c, *data, len, ',');
    return 0;
}

/* Reads the next record of a file of `kind` with its checks: the column
 * count and a numeric ent_num.  Returns 1 (record), 0 (end) or an error. */
static int next_row(emb_csv *c, int kind, const char *path, embargo_error *err)
{
    for (;;) {
        int rc = emb_csv_next(c);
        if (rc == 0) return 0;
        if (rc < 0) return emb_error_set(err, EMBARGO_ENOMEM, path, c->line, NULL, "out of memory");
        if (c->n_fields == 1 && emb_trim(c->fields[0])[0] == '\0') continue; /* blank line */
        if (c->n_fields != kind_fields[kind]) {
            /* name the first missing column, or the last one if there are too many */
            size_t at = c->n_fields < kind_fields[kind] ? c->n_fields : kind_fields[kind] - 1;
            return emb_error_set(err, EMBARGO_EPARSE, path, c->line, columns[kind][at],
                                 "row has %zu fields, an OFAC %s row has %zu", c->n_fields,
                                 file_names[kind][0], kind_fields[kind]);
        }
        if (c->bad_quote) return emb_error_set(err, EMBARGO_EPARSE, path, c->line, "", "unbalanced quote");
        if (!is_number(field(c->fields[0])))
            return emb_error_set(err, EMBARGO_EPARSE, path, c->line, "ent_num",
                                 "ent_num '%.40s' is not a number", c->fields[0]);
        return 1;
    }
}

static int cmp_comment(const void *a, const void *b)
{
    const comment_row *x = a, *y = b;
    size_t lx = strlen(x->ent_num), ly = strlen(y->ent_num);
    if (lx != ly) return lx < ly ? -1 : 1;
    int d = strcmp(x->ent_num, y->ent_num);
    if (d) return d;
    return x->line < y->line ? -1 : x->line > y->line;
}

static comment_row *find_comment(ofac_set *set, const char *ent_num)
{
    comment_row key = {(char *)ent_num, NULL, 0, 0};
    /* first row of that ent_num (line 0 sorts before every real line) */
    size_t lo = 0, hi = set->n_comments;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cmp_comment(&set->comments[mid], &key) < 0) lo = mid + 1;
        else hi = mid;
    }
    if (lo < set->n_comments && strcmp(set->comments[lo].ent_num, ent_num) == 0) return &set->comments[lo];
    return NULL;
}

static int read_comments(ofac_set *set, embargo_error *err)
{
    const char *path = set->path[F_COMMENTS];
    char *data;
    emb_csv c;
    int rc = open_csv(path, &data, &c, err);
    if (rc) return rc;
    size_t cap = 0;
    while ((rc = next_row(&c, F_COMMENTS, path, err)) == 1) {
        if (set->n_comments == cap) {
            cap = cap ? cap * 2 : 64;
            comment_row *n = realloc(set->comments, cap * sizeof *n);
            if (!n) { rc = emb_error_set(err, EMBARGO_ENOMEM, path, c.line, NULL, "out of memory"); break; }
            set->comments = n;
        }
        comment_row *row = &set->comments[set->n_comments];
        row->ent_num = strdup(c.fields[0]);
        row->text = strdup(c.fields[1]); /* not trimmed: it may continue a word */
        row->line = c.line;
        row->used = 0;
        if (!row->ent_num || !row->text) {
            free(row->ent_num);
            free(row->text);
            rc = emb_error_set(err, EMBARGO_ENOMEM, path, c.line, NULL, "out of memory");
            break;
        }
        set->n_comments++;
    }
    emb_csv_free(&c);
    free(data);
    if (rc < 0) return rc;
    qsort(set->comments, set->n_comments, sizeof *set->comments, cmp_comment);
    return 0;
}

static embargo_schema ofac_schema(const char *t)
{
    if (!*t) return EMBARGO_ORGANIZATION; /* OFAC leaves SDN_Type empty for entities */
    if (strcasecmp(t, "individual") == 0) return EMBARGO_PERSON;
    if (strcasecmp(t, "vessel") == 0) return EMBARGO_VESSEL;
    if (strcasecmp(t, "aircraft") == 0) return EMBARGO_AIRCRAFT;
    return EMBARGO_SCHEMA_UNKNOWN;
}

/* "SDGT] [IFSR": several programs, each its own attribute. */
static int add_programs(rm_ctx *r, char *v)
{
    int rc = 0;
    char *save = NULL;
    for (char *p = strtok_r(v, "[]", &save); p && !rc; p = strtok_r(NULL, "[]", &save)) {
        emb_trim(p);
        if (*p) rc = attr(r, EMBARGO_ATTR_PROGRAM, "", p);
    }
    return rc;
}

/* Remarks plus the comments-file continuation (if it continues them). */
static int full_remarks(ofac_set *set, const char *ent_num, const char *remarks, char **out)
{
    size_t n = strlen(remarks), extra = 0;
    comment_row *cr = set->comments ? find_comment(set, ent_num) : NULL;
    comment_row *end = set->comments + set->n_comments;
    /* A comments row continues remarks that were cut at the limit; against
     * shorter remarks it belongs to another version of the entity (the
     * shipped sdn_comments.csv is newer than sdn.csv) and is left unused. */
    if (cr && n >= OFAC_REMARKS_MAX)
        for (comment_row *k = cr; k < end && strcmp(k->ent_num, ent_num) == 0; k++) extra += strlen(k->text);
    else
        cr = NULL;
    *out = malloc(n + extra + 1);
    if (!*out) return EMBARGO_ENOMEM;
    memcpy(*out, remarks, n + 1);
    for (comment_row *k = cr; k && k < end && strcmp(k->ent_num, ent_num) == 0; k++) {
        strcat(*out, k->text);
        k->used = 1;
    }
    return 0;
}

static int read_primary(emb_source *s, ofac_set *set, embargo_error *err)
{
    const char *path = set->path[F_PRIMARY];
    char *data;
    emb_csv c;
    int rc = open_csv(path, &data, &c, err);
    if (rc) return rc;
    while ((rc = next_row(&c, F_PRIMARY, path, err)) == 1) {
        char **f = c.fields;
        /* Remarks stay untrimmed: a cut at the limit may fall on a space
         * that the comments-file continuation needs. */
        for (size_t i = 1; i < 11; i++) field(f[i]);
        if (strncmp(f[11], "-0-", 3) == 0 && emb_trim(f[11] + 3)[0] == '\0') f[11][0] = '\0';
        rm_ctx r = {s, 0};
        rc = emb_source_entity(s, f[0], ofac_schema(f[2]), 0, &r.h);
        if (rc == EMBARGO_EPARSE) {
            rc = emb_error_set(err, EMBARGO_EPARSE, path, c.line, "ent_num", "duplicate ent_num %s", f[0]);
            break;
        }
        if (rc) break;
        char *remarks = NULL;
        rc = emb_source_name(s, r.h, f[1], EMBARGO_NAME_PRIMARY);
        if (!rc) rc = add_programs(&r, f[3]);
        if (!rc) rc = attr(&r, EMBARGO_ATTR_POSITION, "", f[4]);
        if (!rc) rc = attr(&r, EMBARGO_ATTR_ID, "Call Sign", f[5]);
        if (!rc && f[6][0]) {
            char buf[256];
            snprintf(buf, sizeof buf, "Vessel Type %s", f[6]);
            rc = attr(&r, EMBARGO_ATTR_REMARK, "", buf);
        }
        if (!rc && f[7][0]) {
            char buf[128];
            snprintf(buf, sizeof buf, "Tonnage %s", f[7]);
            rc = attr(&r, EMBARGO_ATTR_REMARK, "", buf);
        }
        if (!rc && f[8][0]) {
            char buf[128];
            snprintf(buf, sizeof buf, "Gross Registered Tonnage %s", f[8]);
            rc = attr(&r, EMBARGO_ATTR_REMARK, "", buf);
        }
        if (!rc) rc = attr(&r, EMBARGO_ATTR_COUNTRY, "", f[9]);
        if (!rc && f[10][0]) {
            char buf[512];
            snprintf(buf, sizeof buf, "Vessel Owner %s", f[10]);
            rc = attr(&r, EMBARGO_ATTR_REMARK, "", buf);
        }
        if (!rc) rc = full_remarks(set, f[0], f[11], &remarks);
        if (!rc) rc = parse_remarks(&r, remarks);
        free(remarks);
        if (rc) {
            if (rc == EMBARGO_ENOMEM) emb_error_set(err, rc, path, c.line, NULL, "out of memory");
            break;
        }
    }
    emb_csv_free(&c);
    free(data);
    return rc < 0 ? rc : 0;
}

/* Messages for rows whose entity the primary file lacks. */
static void unlinked(emb_source *s, ofac_set *set, int kind)
{
    char reason[128];
    snprintf(reason, sizeof reason, "%s row for an entity not in %s", base_name(set->path[kind]),
             base_name(set->path[F_PRIMARY]));
    emb_source_unlinked(s, reason);
}

static int read_alt(emb_source *s, ofac_set *set, embargo_error *err)
{
    const char *path = set->path[F_ALT];
    char *data;
    emb_csv c;
    int rc = open_csv(path, &data, &c, err);
    if (rc) return rc;
    while ((rc = next_row(&c, F_ALT, path, err)) == 1) {
        uint32_t h;
        if (emb_source_lookup(s, c.fields[0], &h) != 0) { unlinked(s, set, F_ALT); continue; }
        const char *type = field(c.fields[2]);
        embargo_name_kind kind = strcasecmp(type, "fka") == 0 ? EMBARGO_NAME_FORMER : EMBARGO_NAME_ALIAS;
        rc = emb_source_name(s, h, field(c.fields[3]), kind);
        if (rc) { rc = emb_error_set(err, rc, path, c.line, NULL, "out of memory"); break; }
    }
    emb_csv_free(&c);
    free(data);
    return rc < 0 ? rc : 0;
}

static int read_add(emb_source *s, ofac_set *set, embargo_error *err)
{
    const char *path = set->path[F_ADD];
    char *data;
    emb_csv c;
    int rc = open_csv(path, &data, &c, err);
    if (rc) return rc;
    while ((rc = next_row(&c, F_ADD, path, err)) == 1) {
        uint32_t h;
        if (emb_source_lookup(s, c.fields[0], &h) != 0) { unlinked(s, set, F_ADD); continue; }
        /* address, "city state postal", country */
        char buf[2048];
        size_t o = 0;
        buf[0] = '\0';
        for (int i = 2; i <= 4; i++) {
            const char *v = field(c.fields[i]);
            if (*v && o < sizeof buf)
                o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", o ? ", " : "", v);
        }
        rc = emb_source_attr(s, h, EMBARGO_ATTR_ADDRESS, "", buf);
        if (!rc) rc = emb_source_attr(s, h, EMBARGO_ATTR_COUNTRY, "", c.fields[4]);
        if (rc) { rc = emb_error_set(err, rc, path, c.line, NULL, "out of memory"); break; }
    }
    emb_csv_free(&c);
    free(data);
    return rc < 0 ? rc : 0;
}

int emb_parse_ofac_csv(emb_source *s, const char *const *paths, size_t n, embargo_error *err)
{
    ofac_set set;
    memset(&set, 0, sizeof set);
    for (size_t i = 0; i < n; i++) {
        int k = file_kind(paths[i]);
        if (k < 0) k = F_PRIMARY; /* a primary file under another name */
        if (set.path[k])
            return emb_error_set(err, EMBARGO_EUSAGE, paths[i], 0, NULL,
                                 "two %s files in one OFAC source (%s is the other)",
                                 k == F_PRIMARY ? "primary" : file_names[k][0], set.path[k]);
        set.path[k] = paths[i];
    }
    if (!set.path[F_PRIMARY])
        return emb_error_set(err, EMBARGO_EUSAGE, n ? paths[0] : NULL, 0, NULL,
                             "an OFAC CSV source needs its primary file (sdn.csv or cons_prim.csv)");
    int rc = 0;
    if (set.path[F_COMMENTS]) rc = read_comments(&set, err);
    if (!rc) rc = read_primary(s, &set, err);
    if (!rc && set.path[F_ALT]) rc = read_alt(s, &set, err);
    if (!rc && set.path[F_ADD]) rc = read_add(s, &set, err);
    if (!rc) {
        for (size_t i = 0; i < set.n_comments; i++) {
            if (set.comments[i].used) continue;
            uint32_t h;
            if (emb_source_lookup(s, set.comments[i].ent_num, &h) != 0) {
                unlinked(s, &set, F_COMMENTS);
            } else {
                char reason[160];
                snprintf(reason, sizeof reason, "%s row that does not continue the remarks in %s",
                         base_name(set.path[F_COMMENTS]), base_name(set.path[F_PRIMARY]));
                emb_source_unlinked(s, reason);
            }
        }
    }
    for (size_t i = 0; i < set.n_comments; i++) {
        free(set.comments[i].ent_num);
        free(set.comments[i].text);
    }
    free(set.comments);
    return rc;
}
