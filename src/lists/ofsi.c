/* ofsi.c - UK OFSI Consolidated List: ConList.xlsx (the 2025 layout, 36
 * columns) and the older sanctionsconlist.csv (29 columns, Windows-1252).
 *
 * Both have a first row "Last Updated | dd/mm/yyyy", then a header row, then
 * one row per name variant: a person with three spellings and two
 * non-Latin names has five rows that repeat every other field.  Rows are
 * grouped by Group ID into one entity (source_id = Group ID); the records
 * count is the number of groups.  Columns are found by their header names,
 * so both layouts share one row handler. */
#include "lists/csv.h"
#include "lists/dates.h"
#include "lists/items.h"
#include "lists/lists.h"
#include "lists/sheet.h"
#include "util/error.h"
#include "util/file.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucnv.h>

enum {
    C_NAME1, C_NAME2, C_NAME3, C_NAME4, C_NAME5, C_NAME6, C_TITLE, C_NONLATIN, C_DOB, C_TOWN, C_BCOUNTRY,
    C_NATIONALITY, C_PASSPORT_NO, C_PASSPORT_DETAILS, C_NATID_NO, C_NATID_DETAILS, C_NI_NUMBER, C_POSITION,
    C_ADDR1, C_ADDR2, C_ADDR3, C_ADDR4, C_ADDR5, C_ADDR6, C_POSTCODE, C_COUNTRY, C_OTHER, C_GROUP_TYPE,
    C_ALIAS_TYPE, C_ALIAS_QUALITY, C_REGIME, C_LISTED_ON, C_GROUP_ID, C_N
};

/* Header names per column; the ones marked required must be present. */
static const struct { const char *name; int required; } ofsi_cols[C_N] = {
    {"Name 1", 0}, {"Name 2", 0}, {"Name 3", 0}, {"Name 4", 0}, {"Name 5", 0}, {"Name 6", 1},
    {"Title", 0}, {"Name Non-Latin Script", 0}, {"DOB", 0}, {"Town of Birth", 0}, {"Country of Birth", 0},
    {"Nationality", 0}, {"Passport Number", 0}, {"Passport Details", 0},
    {"National Identification Number", 0}, {"National Identification Details", 0}, {"NI Number", 0},
    {"Position", 0}, {"Address 1", 0}, {"Address 2", 0}, {"Address 3", 0}, {"Address 4", 0},
    {"Address 5", 0}, {"Address 6", 0}, {"Post/Zip Code", 0}, {"Country", 0}, {"Other Information", 0},
    {"Group Type", 1}, {"Alias Type", 1}, {"Alias Quality", 0}, {"Regime", 0}, {"Listed On", 0},
    {"Group ID", 1},
};

typedef struct ofsi_ctx {
    emb_source *s;
    const char *path;
    int col[C_N];
    size_t n_header;
    int have_header;
    unsigned char *flags;   /* per entity handle, G_SEEN | G_NAMED */
    size_t flags_cap;
} ofsi_ctx;

typedef struct str {
    char *p;
    size_t len, cap;
} str;

static int str_add(str *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 128;
        while (cap < b->len + n + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

/* Appends the trimmed value with a separator if both are non-empty. */
static int str_join(str *b, const char *v, const char *sep)
{
    while (isspace((unsigned char)*v)) v++;
    size_t n = strlen(v);
    while (n && isspace((unsigned char)v[n - 1])) n--;
    if (!n) return 0;
    if (b->len && str_add(b, sep, strlen(sep))) return -1;
    return str_add(b, v, n);
}

static int eq_trim(const char *a, const char *b)
{
    while (isspace((unsigned char)*a)) a++;
    size_t n = strlen(a);
    while (n && isspace((unsigned char)a[n - 1])) n--;
    return strlen(b) == n && strncasecmp(a, b, n) == 0;
}

static const char *cell(const ofsi_ctx *o, const char *const *cells, size_t n, int c)
{
    int i = o->col[c];
    return i >= 0 && (size_t)i < n ? cells[i] : "";
}

/* The first row of both layouts: "Last Updated | 14/04/2025". */
static void maybe_as_of(ofsi_ctx *o, const char *const *cells, size_t n)
{
    char iso[11];
    if (n >= 2 && eq_trim(cells[0], "Last Updated") && emb_date_parse(cells[1], iso) == 10)
        emb_source_set_as_of(o->s, iso);
}

/* Maps the header row's names to columns; returns the first missing
 * required column, or -1 if all are there. */
static int read_header(ofsi_ctx *o, const char *const *cells, size_t n)
{
    for (int c = 0; c < C_N; c++) {
        o->col[c] = -1;
        for (size_t i = 0; i < n; i++)
            if (eq_trim(cells[i], ofsi_cols[c].name)) { o->col[c] = (int)i; break; }
    }
    for (int c = 0; c < C_N; c++)
        if (o->col[c] < 0 && ofsi_cols[c].required) return c;
    o->have_header = 1;
    o->n_header = n;
    return -1;
}

static embargo_schema group_schema(const char *t)
{
    if (eq_trim(t, "Individual")) return EMBARGO_PERSON;
    if (eq_trim(t, "Entity")) return EMBARGO_ORGANIZATION;
    if (eq_trim(t, "Ship")) return EMBARGO_VESSEL;
    return EMBARGO_SCHEMA_UNKNOWN;
}

static embargo_name_kind alias_kind(const char *type, const char *quality)
{
    if (eq_trim(type, "Primary name") || eq_trim(type, "Prime Alias")) return EMBARGO_NAME_PRIMARY;
    if (eq_trim(type, "FKA")) return EMBARGO_NAME_FORMER;
    /* "AKA", "Alias" and "Primary name variation" (another spelling) */
    if (emb_istarts(quality, "Low")) return EMBARGO_NAME_WEAK_ALIAS;
    return EMBARGO_NAME_ALIAS;
}

typedef struct item_ctx {
    emb_source *s;
    uint32_t h;
    embargo_attr_kind kind;
    const char *type;
} item_ctx;

static int add_item(void *p, const char *v)
{
    item_ctx *c = p;
    return emb_source_attr(c->s, c->h, c->kind, c->type, v);
}

static int add_items(emb_source *s, uint32_t h, embargo_attr_kind kind, const char *type, const char *v)
{
    item_ctx c = {s, h, kind, type};
    return emb_items_split(v, NULL, add_item, &c);
}

/* Nonzero if q starts a "(Label):" of Other Information: a parenthesis,
 * up to 60 characters without parentheses, then "):".  "(1) Kazakhstan BIN"
 * (an enumeration inside a value) is not one. */
static int label_at(const char *q)
{
    if (*q != '(') return 0;
    for (size_t i = 1; i < 62 && q[i]; i++) {
        if (q[i] == '(') return 0;
        if (q[i] == ')') return i > 1 && q[i + 1] == ':';
    }
    return 0;
}

/* The value after "(Label):" in Other Information, up to the next label or
 * the end, into out (trimmed, without a final '.'). */
static int labelled(const char *other, const char *label, char *out, size_t cap)
{
    char key[64];
    snprintf(key, sizeof key, "(%s):", label);
    const char *p = strstr(other, key);
    if (!p) return 0;
    p += strlen(key);
    while (isspace((unsigned char)*p)) p++;
    size_t n = 0;
    while (p[n] && n + 1 < cap && !(n && isspace((unsigned char)p[n - 1]) && label_at(p + n))) n++;
    while (n && (isspace((unsigned char)p[n - 1]) || p[n - 1] == '.')) n--;
    memcpy(out, p, n);
    out[n] = '\0';
    return n > 0;
}

/* A reference code such as "RUS1094" or "QDi.001": letters, digits and dots. */
static int ref_token(const char *p, char *out, size_t cap)
{
    while (*p == ' ' || *p == ':' || *p == '.') p++;
    size_t n = 0;
    while (n + 1 < cap && (isalnum((unsigned char)p[n]) || p[n] == '.')) n++;
    while (n && p[n - 1] == '.') n--;
    memmove(out, p, n); /* out may be the buffer p points into (other_info) */
    out[n] = '\0';
    return n > 0 && isdigit((unsigned char)out[n - 1]);
}

/* Case-insensitive strstr (ASCII). */
static const char *find_ci(const char *h, const char *needle)
{
    size_t n = strlen(needle);
    for (; *h; h++)
        if (strncasecmp(h, needle, n) == 0) return h;
    return NULL;
}

/* Structured facts inside Other Information. */
static int other_info(emb_source *s, uint32_t h, const char *other)
{
    char v[256];
    int rc = 0;
    if (labelled(other, "UK Sanctions List Ref", v, sizeof v) && ref_token(v, v, sizeof v))
        rc = emb_source_attr(s, h, EMBARGO_ATTR_CROSSREF, "UK Sanctions List Ref", v);
    if (!rc && labelled(other, "UN Ref", v, sizeof v) && ref_token(v, v, sizeof v))
        rc = emb_source_attr(s, h, EMBARGO_ATTR_CROSSREF, "UN Ref", v);
    if (!rc && labelled(other, "Gender", v, sizeof v)) {
        if (emb_istarts(v, "Male")) rc = emb_source_attr(s, h, EMBARGO_ATTR_GENDER, "", "male");
        else if (emb_istarts(v, "Female")) rc = emb_source_attr(s, h, EMBARGO_ATTR_GENDER, "", "female");
    }
    if (!rc && labelled(other, "IMO number", v, sizeof v) && strspn(v, "0123456789") == 7 && !v[7])
        rc = emb_source_attr(s, h, EMBARGO_ATTR_ID, "IMO", v);
    /* The old CSV layout has no labels and writes "UN Ref QDe.004." or "UN
     * REF:QE.A.146.14." in the text; in the labelled layout such free text
     * can name another party's reference ("asset of ... UN Ref KPe.062"). */
    if (!rc && !strstr(other, "(UK Sanctions List Ref):") && !strstr(other, "(UN Ref):")) {
        const char *p = other;
        while ((p = find_ci(p, "UN Ref")) != NULL) {
            p += 6;
            if (ref_token(p, v, sizeof v)) { rc = emb_source_attr(s, h, EMBARGO_ATTR_CROSSREF, "UN Ref", v); break; }
        }
    }
    if (!rc) rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", other);
    return rc;
}

/* Flags per entity handle: SEEN (a row of the group was read), NAMED (one
 * of its rows carried a name). */
#define G_SEEN 1
#define G_NAMED 2

static int mark(ofsi_ctx *o, uint32_t h, unsigned char flag)
{
    if (h >= o->flags_cap) {
        size_t cap = o->flags_cap ? o->flags_cap * 2 : 1024;
        while (cap <= h) cap *= 2;
        unsigned char *p = realloc(o->flags, cap);
        if (!p) return -1;
        memset(p + o->flags_cap, 0, cap - o->flags_cap);
        o->flags = p;
        o->flags_cap = cap;
    }
    o->flags[h] |= flag;
    return 0;
}

/* One data row.  Returns 0 or a negative status (err filled by the caller). */
static int data_row(ofsi_ctx *o, const char *const *cells, size_t n, unsigned long line, embargo_error *err)
{
    emb_source *s = o->s;
    const char *gid = cell(o, cells, n, C_GROUP_ID);
    char idbuf[64];
    str name = {0};
    int rc = 0;
    {
        const char *g = gid;
        while (isspace((unsigned char)*g)) g++;
        size_t k = strlen(g);
        while (k && isspace((unsigned char)g[k - 1])) k--;
        if (k >= sizeof idbuf) return emb_error_set(err, EMBARGO_EPARSE, o->path, line, "Group ID", "Group ID is too long");
        memcpy(idbuf, g, k);
        idbuf[k] = '\0';
        /* a number cell may read "15011.0" in files saved by other tools */
        if (k > 2 && !strcmp(idbuf + k - 2, ".0")) idbuf[k - 2] = '\0';
    }
    if (!idbuf[0]) { emb_source_skip(s, "row without a Group ID"); return 0; }
    uint32_t h;
    rc = emb_source_entity(s, idbuf, group_schema(cell(o, cells, n, C_GROUP_TYPE)), 1, &h);
    if (rc) return rc == EMBARGO_ENOMEM ? emb_error_set(err, rc, o->path, line, "Group ID", "out of memory")
                                        : emb_error_set(err, EMBARGO_EPARSE, o->path, line, "Group ID", "invalid Group ID '%s'", idbuf);
    if (mark(o, h, G_SEEN)) return emb_error_set(err, EMBARGO_ENOMEM, o->path, line, NULL, "out of memory");
    for (int c = C_NAME1; c <= C_NAME6 && !rc; c++) rc = str_join(&name, cell(o, cells, n, c), " ");
    embargo_name_kind kind = alias_kind(cell(o, cells, n, C_ALIAS_TYPE), cell(o, cells, n, C_ALIAS_QUALITY));
    if (!rc && name.len) {
        rc = emb_source_name(s, h, name.p, kind);
        if (!rc) rc = mark(o, h, G_NAMED);
    }
    const char *nonlatin = cell(o, cells, n, C_NONLATIN);
    if (!rc && *nonlatin) {
        rc = emb_source_name(s, h, nonlatin, EMBARGO_NAME_ORIGINAL);
        if (!rc && nonlatin[strspn(nonlatin, " \t\r\n")]) rc = mark(o, h, G_NAMED);
    }
    free(name.p);

    const char *v;
    if (!rc && *(v = cell(o, cells, n, C_TITLE))) rc = emb_source_attr(s, h, EMBARGO_ATTR_TITLE, "", v);
    if (!rc && *(v = cell(o, cells, n, C_DOB))) {
        char iso[11];
        if (emb_date_parse(v, iso)) rc = emb_source_attr(s, h, EMBARGO_ATTR_DOB, "", iso);
        else {
            str r = {0};
            if (str_add(&r, "DOB: ", 5) || str_join(&r, v, "")) rc = -1;
            else rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", r.p);
            free(r.p);
        }
    }
    if (!rc) {
        str pob = {0};
        if (str_join(&pob, cell(o, cells, n, C_TOWN), ", ") || str_join(&pob, cell(o, cells, n, C_BCOUNTRY), ", ")) rc = -1;
        else if (pob.len) rc = emb_source_attr(s, h, EMBARGO_ATTR_POB, "", pob.p);
        free(pob.p);
    }
    if (!rc) rc = add_items(s, h, EMBARGO_ATTR_NATIONALITY, "", cell(o, cells, n, C_NATIONALITY));
    if (!rc) rc = add_items(s, h, EMBARGO_ATTR_ID, "Passport", cell(o, cells, n, C_PASSPORT_NO));
    if (!rc) rc = add_items(s, h, EMBARGO_ATTR_ID, "National ID", cell(o, cells, n, C_NATID_NO));
    static const struct { int col; const char *label; } remarks[] = {
        {C_PASSPORT_DETAILS, "Passport details: "},
        {C_NATID_DETAILS, "National ID details: "},
        {C_NI_NUMBER, "NI Number: "},
    };
    for (size_t i = 0; i < sizeof remarks / sizeof remarks[0] && !rc; i++) {
        v = cell(o, cells, n, remarks[i].col);
        if (!v[strspn(v, " \t\r\n")]) continue;
        str r = {0};
        if (str_add(&r, remarks[i].label, strlen(remarks[i].label)) || str_join(&r, v, "")) rc = -1;
        else rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", r.p);
        free(r.p);
    }
    if (!rc) rc = add_items(s, h, EMBARGO_ATTR_POSITION, "", cell(o, cells, n, C_POSITION));
    if (!rc) {
        str addr = {0};
        for (int c = C_ADDR1; c <= C_COUNTRY && !rc; c++)
            if (str_join(&addr, cell(o, cells, n, c), ", ")) rc = -1;
        if (!rc && addr.len) rc = emb_source_attr(s, h, EMBARGO_ATTR_ADDRESS, "", addr.p);
        free(addr.p);
    }
    if (!rc && *(v = cell(o, cells, n, C_COUNTRY))) rc = emb_source_attr(s, h, EMBARGO_ATTR_COUNTRY, "", v);
    if (!rc && *(v = cell(o, cells, n, C_OTHER))) rc = other_info(s, h, v);
    if (!rc && *(v = cell(o, cells, n, C_REGIME))) rc = emb_source_attr(s, h, EMBARGO_ATTR_PROGRAM, "", v);
    if (!rc && *(v = cell(o, cells, n, C_LISTED_ON))) {
        char iso[11];
        if (emb_date_parse(v, iso)) rc = emb_source_attr(s, h, EMBARGO_ATTR_LISTED_ON, "", iso);
    }
    if (rc) return emb_error_set(err, EMBARGO_ENOMEM, o->path, line, NULL, "out of memory");
    return 0;
}

/* Any row of either layout: metadata before the header, the header, data. */
static int any_row(ofsi_ctx *o, const char *const *cells, size_t n, unsigned long line, embargo_error *err)
{
    if (o->have_header) {
        int blank = 1; /* a blank line in the CSV */
        for (size_t i = 0; i < n && blank; i++) blank = cells[i][strspn(cells[i], " \t\r\n")] == '\0';
        return blank ? 0 : data_row(o, cells, n, line, err);
    }
    int looks_header = 0;
    for (size_t i = 0; i < n && !looks_header; i++) looks_header = eq_trim(cells[i], "Group ID");
    if (!looks_header) {
        if (line > 10)
            return emb_error_set(err, EMBARGO_EPARSE, o->path, line, NULL,
                                 "no header row (Name 6, ..., Group ID) in the first 10 rows: not an OFSI list");
        maybe_as_of(o, cells, n);
        return 0;
    }
    int missing = read_header(o, cells, n);
    if (missing >= 0)
        return emb_error_set(err, EMBARGO_EPARSE, o->path, line, ofsi_cols[missing].name,
                             "the header has no '%s' column", ofsi_cols[missing].name);
    return 0;
}

static int sheet_row(void *ctx, const emb_sheet_row *row, embargo_error *err)
{
    return any_row(ctx, row->cells, row->n_cells, row->row, err);
}

/* Before each file: the header is the file's own. */
static void start_file(ofsi_ctx *o, const char *path)
{
    o->path = path;
    o->have_header = 0;
}

static int end_file(ofsi_ctx *o, int rc, embargo_error *err)
{
    if (!rc && !o->have_header)
        rc = emb_error_set(err, EMBARGO_EPARSE, o->path, 0, NULL, "no header row (Name 6, ..., Group ID): not an OFSI list");
    return rc;
}

/* After all files: a group none of whose rows carried a name is no record. */
static int finish(ofsi_ctx *o, int rc)
{
    for (size_t h = 0; !rc && h < o->flags_cap; h++)
        if (o->flags[h] == G_SEEN) {
            emb_source_drop(o->s, (uint32_t)h);
            emb_source_skip(o->s, "group without a name");
        }
    free(o->flags);
    return rc;
}

int emb_parse_ofsi_xlsx(emb_source *s, const char *const *paths, size_t n, embargo_error *err)
{
    ofsi_ctx o;
    memset(&o, 0, sizeof o);
    o.s = s;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        start_file(&o, paths[i]);
        rc = end_file(&o, emb_sheet_read(paths[i], EMB_SHEET_XLSX, sheet_row, &o, err), err);
    }
    return finish(&o, rc);
}

/* Windows-1252 (the old OFSI CSV) to UTF-8 with ICU.  A file that is valid
 * UTF-8 already (pure ASCII, or a re-saved copy) is taken as it is. */
static int to_utf8(const char *path, char **data, size_t *len, embargo_error *err)
{
    if (emb_utf8_valid(*data, *len)) return 0;
    size_t cap = *len * 3 + 1;
    char *out = malloc(cap);
    if (!out) return emb_error_set(err, EMBARGO_ENOMEM, path, 0, NULL, "out of memory");
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = ucnv_convert("UTF-8", "windows-1252", out, (int32_t)cap, *data, (int32_t)*len, &st);
    if (U_FAILURE(st) || n < 0) {
        free(out);
        return emb_error_set(err, EMBARGO_EPARSE, path, 0, NULL, "cannot convert from Windows-1252: %s", u_errorName(st));
    }
    free(*data);
    *data = out;
    *len = (size_t)n;
    return 0;
}

int emb_parse_ofsi_csv(emb_source *s, const char *const *paths, size_t n, embargo_error *err)
{
    ofsi_ctx o;
    memset(&o, 0, sizeof o);
    o.s = s;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        char *data;
        size_t len;
        rc = emb_file_read(paths[i], &data, &len, err);
        if (rc) break;
        if (len > (size_t)INT32_MAX / 3) rc = emb_error_set(err, EMBARGO_EPARSE, paths[i], 0, NULL, "file too large");
        if (!rc) rc = to_utf8(paths[i], &data, &len, err);
        if (rc) { free(data); break; }
        start_file(&o, paths[i]);
        emb_csv c;
        emb_csv_init(&c, data, len, ',');
        int r = 0;
        while (!rc && (r = emb_csv_next(&c)) == 1) {
            if (c.bad_quote) { rc = emb_error_set(err, EMBARGO_EPARSE, paths[i], c.line, NULL, "unbalanced quote"); break; }
            if (o.have_header && c.n_fields != o.n_header && !(c.n_fields == 1 && !c.fields[0][0])) {
                rc = emb_error_set(err, EMBARGO_EPARSE, paths[i], c.line, NULL, "row has %zu fields, the header has %zu",
                                   c.n_fields, o.n_header);
                break;
            }
            rc = any_row(&o, (const char *const *)c.fields, c.n_fields, c.line, err);
        }
        if (!rc && r < 0) rc = emb_error_set(err, EMBARGO_ENOMEM, paths[i], c.line, NULL, "out of memory");
        emb_csv_free(&c);
        free(data);
        rc = end_file(&o, rc, err);
    }
    return finish(&o, rc);
}

int emb_sniff_ofsi_xlsx(const char *path, const unsigned char *head, size_t n)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    return emb_sheet_sniff_zip(head, n) && emb_path_endswith(path, ".xlsx") && find_ci(base, "conlist") != NULL;
}

int emb_sniff_ofsi_csv(const char *path, const unsigned char *head, size_t n)
{
    (void)path;
    return emb_sniff_contains(head, n, "Last Updated,") && emb_sniff_contains(head, n, "Name 6,") &&
           emb_sniff_contains(head, n, "Group ID");
}
