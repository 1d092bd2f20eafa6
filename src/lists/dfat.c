/* dfat.c - Australia DFAT Consolidated List (regulation8_consolidated.xlsx).
 *
 * One row per name: "2104" is the primary-name row, "2104a", "2104b" ...
 * (and the odd "2104a1") are aliases or original-script names of 2104 with
 * the other fields repeated.  Rows are grouped by the reference's leading
 * number into one entity (source_id = that number).  The file was typed by
 * hand over two decades: Type and Name Type vary in case and trailing
 * spaces, Date of Birth is text ("a) 1955 b) 1958", "12 Jan. 1970") or an
 * Excel number (a year such as 1969, or a serial day such as 30200 =
 * 1982-09-06); Control Date is an Excel serial day (newest -> as_of). */
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

enum { D_REF, D_NAME, D_TYPE, D_NAME_TYPE, D_DOB, D_POB, D_CITIZENSHIP, D_ADDRESS, D_INFO, D_LISTING,
       D_COMMITTEES, D_CONTROL, D_N };

static const char *const dfat_cols[D_N] = {
    "Reference", "Name of Individual or Entity", "Type", "Name Type", "Date of Birth", "Place of Birth",
    "Citizenship", "Address", "Additional Information", "Listing Information", "Committees", "Control Date",
};

typedef struct dfat_ctx {
    emb_source *s;
    const char *path;
    int col[D_N];
    int have_header;
    char newest[11];
} dfat_ctx;

/* Copies the trimmed value lowercased, with runs of spaces collapsed. */
static void norm_label(const char *v, char *out, size_t cap)
{
    size_t o = 0;
    int space = 0;
    while (isspace((unsigned char)*v)) v++;
    for (; *v && o + 1 < cap; v++) {
        if (isspace((unsigned char)*v)) { space = 1; continue; }
        if (space && o + 2 < cap) out[o++] = ' ';
        space = 0;
        out[o++] = (char)tolower((unsigned char)*v);
    }
    out[o] = '\0';
}

static embargo_schema dfat_schema(const char *t)
{
    char n[32];
    norm_label(t, n, sizeof n);
    if (!strcmp(n, "individual")) return EMBARGO_PERSON;
    if (!strcmp(n, "entity")) return EMBARGO_ORGANIZATION;
    if (!strcmp(n, "vessel") || !strcmp(n, "ship")) return EMBARGO_VESSEL;
    return EMBARGO_SCHEMA_UNKNOWN;
}

static embargo_name_kind dfat_name_kind(const char *t)
{
    char n[48];
    norm_label(t, n, sizeof n);
    if (!strcmp(n, "primary name")) return EMBARGO_NAME_PRIMARY;
    if (!strcmp(n, "original script")) return EMBARGO_NAME_ORIGINAL;
    if (!strcmp(n, "formerly known as") || !strcmp(n, "previously listed as") || !strcmp(n, "fka"))
        return EMBARGO_NAME_FORMER;
    return EMBARGO_NAME_ALIAS; /* "aka", "Aka ", "AKA" */
}

/* Values that stand for "nothing here". */
static int is_na(const char *v)
{
    char n[8];
    norm_label(v, n, sizeof n);
    return !n[0] || !strcmp(n, "na") || !strcmp(n, "n/a") || !strcmp(n, "-") || !strcmp(n, "unknown");
}

static const char *cell(const dfat_ctx *d, const emb_sheet_row *r, int c)
{
    int i = d->col[c];
    return i >= 0 && (size_t)i < r->n_cells ? r->cells[i] : "";
}

static int cell_numeric(const dfat_ctx *d, const emb_sheet_row *r, int c, double *out)
{
    int i = d->col[c];
    if (i < 0 || (size_t)i >= r->n_cells || r->types[i] != EMB_CELL_NUMBER) return 0;
    char *end;
    *out = strtod(r->cells[i], &end);
    return end != r->cells[i] && *end == '\0';
}

typedef struct item_ctx {
    emb_source *s;
    uint32_t h;
    embargo_attr_kind kind;
    int dates;     /* parse each item as a date (or year range) */
    int n_added;
} item_ctx;

static int add_item(void *p, const char *v)
{
    item_ctx *c = p;
    if (!c->dates) {
        if (is_na(v)) return 0;
        c->n_added++;
        return emb_source_attr(c->s, c->h, c->kind, "", v);
    }
    char dates[16][11];
    size_t n = emb_date_parse_range(v, dates, 16);
    for (size_t i = 0; i < n; i++) {
        int rc = emb_source_attr(c->s, c->h, EMBARGO_ATTR_DOB, "", dates[i]);
        if (rc) return rc;
    }
    c->n_added += (int)n;
    return 0;
}

static int add_items(emb_source *s, uint32_t h, embargo_attr_kind kind, const char *v)
{
    item_ctx c = {s, h, kind, 0, 0};
    return emb_items_split(v, NULL, add_item, &c);
}

static int add_dob(dfat_ctx *d, const emb_sheet_row *r, uint32_t h)
{
    double num;
    char iso[11];
    if (cell_numeric(d, r, D_DOB, &num)) {
        /* A typed year stays a number (1969); anything else is a serial day. */
        if (num >= 1000 && num < 3000 && num == (double)(long)num)
            snprintf(iso, sizeof iso, "%04ld", (long)num);
        else if (!emb_date_from_excel(num, iso))
            return 0;
        return emb_source_attr(d->s, h, EMBARGO_ATTR_DOB, "", iso);
    }
    const char *v = cell(d, r, D_DOB);
    if (is_na(v)) return 0;
    static const char *const seps[] = {";", ">>", "alt DOB:", "Alt DOB:", NULL};
    item_ctx c = {d->s, h, EMBARGO_ATTR_DOB, 1, 0};
    int rc = emb_items_split(v, seps, add_item, &c);
    if (rc) return rc;
    if (!c.n_added) {
        /* not a date we can read: keep the text for the analyst */
        size_t n = strlen(v) + 16;
        char *t = malloc(n);
        if (!t) return -1;
        snprintf(t, n, "Date of birth: %s", v);
        rc = emb_source_attr(d->s, h, EMBARGO_ATTR_REMARK, "", t);
        free(t);
    }
    return rc;
}

static int header(dfat_ctx *d, const emb_sheet_row *r, embargo_error *err)
{
    for (int c = 0; c < D_N; c++) {
        d->col[c] = -1;
        for (size_t i = 0; i < r->n_cells; i++) {
            char a[64], b[64];
            norm_label(r->cells[i], a, sizeof a);
            norm_label(dfat_cols[c], b, sizeof b);
            if (!strcmp(a, b)) { d->col[c] = (int)i; break; }
        }
    }
    if (d->col[D_NAME] < 0)
        return emb_error_set(err, EMBARGO_EPARSE, d->path, r->row, dfat_cols[D_NAME], "the header has no '%s' column",
                             dfat_cols[D_NAME]);
    d->have_header = 1;
    return 0;
}

static int data_row(dfat_ctx *d, const emb_sheet_row *r, embargo_error *err)
{
    emb_source *s = d->s;
    const char *ref = cell(d, r, D_REF);
    while (isspace((unsigned char)*ref)) ref++;
    char id[32];
    size_t k = 0;
    while (isdigit((unsigned char)ref[k]) && k + 1 < sizeof id) { id[k] = ref[k]; k++; }
    id[k] = '\0';
    /* a reference stored as a number may read "2104.0" */
    const char *rest = ref + k;
    if (!strcmp(rest, ".0")) rest += 2;
    if (!k) {
        emb_source_skip(s, "row without a reference number");
        return 0;
    }
    const char *name = cell(d, r, D_NAME);
    if (!name[strspn(name, " \t\r\n")]) {
        emb_source_skip(s, "row without a name");
        return 0;
    }
    uint32_t h;
    int rc = emb_source_entity(s, id, dfat_schema(cell(d, r, D_TYPE)), 1, &h);
    if (rc == EMBARGO_ENOMEM) return emb_error_set(err, rc, d->path, r->row, NULL, "out of memory");
    if (rc) return emb_error_set(err, EMBARGO_EPARSE, d->path, r->row, "Reference", "invalid reference '%s'", ref);
    embargo_name_kind kind = dfat_name_kind(cell(d, r, D_NAME_TYPE));
    /* A suffixed row called "Primary Name" is a variant, not the entity's name. */
    if (kind == EMBARGO_NAME_PRIMARY && *rest && !isspace((unsigned char)*rest)) kind = EMBARGO_NAME_ALIAS;
    rc = emb_source_name(s, h, name, kind);
    if (!rc) rc = add_dob(d, r, h);
    if (!rc) rc = add_items(s, h, EMBARGO_ATTR_POB, cell(d, r, D_POB));
    if (!rc) rc = add_items(s, h, EMBARGO_ATTR_CITIZENSHIP, cell(d, r, D_CITIZENSHIP));
    if (!rc) rc = add_items(s, h, EMBARGO_ATTR_ADDRESS, cell(d, r, D_ADDRESS));
    const char *v;
    if (!rc && !is_na(v = cell(d, r, D_INFO))) rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", v);
    if (!rc && !is_na(v = cell(d, r, D_LISTING))) rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", v);
    if (!rc && !is_na(v = cell(d, r, D_COMMITTEES))) rc = emb_source_attr(s, h, EMBARGO_ATTR_PROGRAM, "", v);
    double num;
    char iso[11];
    if (!rc && cell_numeric(d, r, D_CONTROL, &num) && emb_date_from_excel(num, iso) == 10 &&
        strcmp(iso, d->newest) > 0)
        memcpy(d->newest, iso, sizeof iso);
    if (rc) return emb_error_set(err, EMBARGO_ENOMEM, d->path, r->row, NULL, "out of memory");
    return 0;
}

static int on_row(void *ctx, const emb_sheet_row *r, embargo_error *err)
{
    dfat_ctx *d = ctx;
    if (d->have_header) return data_row(d, r, err);
    for (size_t i = 0; i < r->n_cells; i++) {
        char a[32];
        norm_label(r->cells[i], a, sizeof a);
        if (!strcmp(a, "reference")) return header(d, r, err);
    }
    if (r->row > 10)
        return emb_error_set(err, EMBARGO_EPARSE, d->path, r->row, NULL,
                             "no header row (Reference, Name of Individual or Entity, ...) in the first 10 rows: "
                             "not a DFAT list");
    return 0;
}

int emb_parse_dfat_xlsx(emb_source *s, const char *const *paths, size_t n, embargo_error *err)
{
    for (size_t i = 0; i < n; i++) {
        dfat_ctx d;
        memset(&d, 0, sizeof d);
        d.s = s;
        d.path = paths[i];
        int rc = emb_sheet_read(paths[i], EMB_SHEET_XLSX, on_row, &d, err);
        if (!rc && !d.have_header)
            rc = emb_error_set(err, EMBARGO_EPARSE, paths[i], 0, NULL,
                               "no header row (Reference, Name of Individual or Entity, ...): not a DFAT list");
        if (rc) return rc;
        if (d.newest[0]) emb_source_set_as_of(s, d.newest);
    }
    return 0;
}

int emb_sniff_dfat_xlsx(const char *path, const unsigned char *head, size_t n)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    return emb_sheet_sniff_zip(head, n) && emb_path_endswith(path, ".xlsx") &&
           (strncasecmp(base, "regulation8", 11) == 0 || strncasecmp(base, "dfat", 4) == 0);
}
