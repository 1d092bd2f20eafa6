/* fcdo.c - UK FCDO "UK Sanctions List" summary spreadsheet (ODS).
 *
 * One sheet, one row per designation, 8 columns: Unique ID, OFSI Group ID,
 * Name, Regime Name, Type, Designation source, Date Designated
 * (dd-mm-yyyy), Sanctions Imposed.  Only the primary name is given.  The
 * Unique ID ("RUS1068") is the same "UK Sanctions List Ref" that OFSI's list
 * carries in Other Information, and the OFSI Group ID links to OFSI's
 * records: both are kept as cross-references. */
#include "lists/dates.h"
#include "lists/lists.h"
#include "lists/sheet.h"
#include "util/error.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { F_UID, F_GROUP, F_NAME, F_REGIME, F_TYPE, F_SOURCE, F_DATE, F_IMPOSED, F_N };

static const char *const fcdo_cols[F_N] = {
    "Unique ID", "OFSI Group ID", "Name", "Regime Name", "Type", "Designation source", "Date Designated",
    "Sanctions Imposed",
};

typedef struct fcdo_ctx {
    emb_source *s;
    const char *path;
    int col[F_N];
    int have_header;
    char newest[11];
} fcdo_ctx;

static int eq_trim(const char *a, const char *b)
{
    while (isspace((unsigned char)*a)) a++;
    size_t n = strlen(a);
    while (n && isspace((unsigned char)a[n - 1])) n--;
    return strlen(b) == n && strncasecmp(a, b, n) == 0;
}

static const char *cell(const fcdo_ctx *f, const emb_sheet_row *r, int c)
{
    int i = f->col[c];
    return i >= 0 && (size_t)i < r->n_cells ? r->cells[i] : "";
}

static embargo_schema fcdo_schema(const char *t)
{
    if (eq_trim(t, "Individual")) return EMBARGO_PERSON;
    if (eq_trim(t, "Entity")) return EMBARGO_ORGANIZATION;
    if (eq_trim(t, "Ship")) return EMBARGO_VESSEL;
    return EMBARGO_SCHEMA_UNKNOWN;
}

static int header(fcdo_ctx *f, const emb_sheet_row *r, embargo_error *err)
{
    for (int c = 0; c < F_N; c++) {
        f->col[c] = -1;
        for (size_t i = 0; i < r->n_cells; i++)
            if (eq_trim(r->cells[i], fcdo_cols[c])) { f->col[c] = (int)i; break; }
    }
    int required[] = {F_UID, F_NAME};
    for (size_t k = 0; k < 2; k++)
        if (f->col[required[k]] < 0)
            return emb_error_set(err, EMBARGO_EPARSE, f->path, r->row, fcdo_cols[required[k]],
                                 "the header has no '%s' column", fcdo_cols[required[k]]);
    f->have_header = 1;
    return 0;
}

static int data_row(fcdo_ctx *f, const emb_sheet_row *r, embargo_error *err)
{
    emb_source *s = f->s;
    char uid[64];
    const char *u = cell(f, r, F_UID);
    while (isspace((unsigned char)*u)) u++;
    size_t k = strlen(u);
    while (k && isspace((unsigned char)u[k - 1])) k--;
    if (k >= sizeof uid) return emb_error_set(err, EMBARGO_EPARSE, f->path, r->row, "Unique ID", "Unique ID is too long");
    memcpy(uid, u, k);
    uid[k] = '\0';
    if (!k) { emb_source_skip(s, "row without a Unique ID"); return 0; }
    const char *name = cell(f, r, F_NAME);
    if (!name[strspn(name, " \t\r\n")]) { emb_source_skip(s, "row without a name"); return 0; }
    uint32_t h;
    int rc = emb_source_entity(s, uid, fcdo_schema(cell(f, r, F_TYPE)), 0, &h);
    if (rc == EMBARGO_ENOMEM) return emb_error_set(err, rc, f->path, r->row, NULL, "out of memory");
    if (rc) return emb_error_set(err, EMBARGO_EPARSE, f->path, r->row, "Unique ID", "duplicate Unique ID '%s'", uid);
    rc = emb_source_name(s, h, name, EMBARGO_NAME_PRIMARY);
    if (!rc) rc = emb_source_attr(s, h, EMBARGO_ATTR_CROSSREF, "UK Sanctions List Ref", uid);
    const char *v;
    if (!rc && *(v = cell(f, r, F_GROUP))) {
        char g[64];
        snprintf(g, sizeof g, "%s", v);
        size_t n = strlen(g);
        if (n > 2 && !strcmp(g + n - 2, ".0")) g[n - 2] = '\0'; /* a number cell */
        rc = emb_source_attr(s, h, EMBARGO_ATTR_CROSSREF, "OFSI Group ID", g);
    }
    if (!rc && *(v = cell(f, r, F_REGIME))) rc = emb_source_attr(s, h, EMBARGO_ATTR_PROGRAM, "", v);
    if (!rc && *(v = cell(f, r, F_SOURCE))) {
        char t[128];
        snprintf(t, sizeof t, "Designation source: %s", v);
        rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", t);
    }
    if (!rc && *(v = cell(f, r, F_IMPOSED))) {
        size_t n = strlen(v) + 32;
        char *t = malloc(n);
        if (!t) rc = -1;
        else {
            snprintf(t, n, "Sanctions imposed: %s", v);
            rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", t);
            free(t);
        }
    }
    if (!rc && *(v = cell(f, r, F_DATE))) {
        char iso[11];
        size_t n = 0;
        int i = f->col[F_DATE];
        if (r->types[i] == EMB_CELL_DATE && strlen(v) >= 10) { memcpy(iso, v, 10); iso[10] = '\0'; n = 10; }
        else n = emb_date_parse(v, iso);
        if (n) {
            rc = emb_source_attr(s, h, EMBARGO_ATTR_LISTED_ON, "", iso);
            if (n == 10 && strcmp(iso, f->newest) > 0) memcpy(f->newest, iso, sizeof iso);
        }
    }
    if (rc) return emb_error_set(err, EMBARGO_ENOMEM, f->path, r->row, NULL, "out of memory");
    return 0;
}

static int on_row(void *ctx, const emb_sheet_row *r, embargo_error *err)
{
    fcdo_ctx *f = ctx;
    if (f->have_header) return data_row(f, r, err);
    for (size_t i = 0; i < r->n_cells; i++)
        if (eq_trim(r->cells[i], "Unique ID")) return header(f, r, err);
    if (r->row > 10)
        return emb_error_set(err, EMBARGO_EPARSE, f->path, r->row, NULL,
                             "no header row (Unique ID, OFSI Group ID, Name, ...) in the first 10 rows: "
                             "not an FCDO sanctions list");
    return 0;
}

int emb_parse_fcdo_ods(emb_source *s, const char *const *paths, size_t n, embargo_error *err)
{
    for (size_t i = 0; i < n; i++) {
        fcdo_ctx f;
        memset(&f, 0, sizeof f);
        f.s = s;
        f.path = paths[i];
        int rc = emb_sheet_read(paths[i], EMB_SHEET_ODS, on_row, &f, err);
        if (!rc && !f.have_header)
            rc = emb_error_set(err, EMBARGO_EPARSE, paths[i], 0, NULL,
                               "no header row (Unique ID, OFSI Group ID, Name, ...): not an FCDO sanctions list");
        if (rc) return rc;
        if (f.newest[0]) emb_source_set_as_of(s, f.newest);
    }
    return 0;
}

int emb_sniff_fcdo_ods(const char *path, const unsigned char *head, size_t n)
{
    /* an ODS file's first member is "mimetype", stored uncompressed */
    return emb_sheet_sniff_zip(head, n) &&
           (emb_sniff_contains(head, n, "application/vnd.oasis.opendocument.spreadsheet") ||
            emb_path_endswith(path, ".ods"));
}
