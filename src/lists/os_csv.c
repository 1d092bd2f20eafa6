/* os_csv.c - OpenSanctions "targets.simple.csv", which is also the format of
 * custom lists: a header row naming the columns, multi-values joined by ';'.
 * Only `id` and `name` are required; every other column is optional. */
#include "lists/csv.h"
#include "lists/lists.h"
#include "util/error.h"
#include "util/file.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int emb_sniff_os_csv(const char *path, const unsigned char *head, size_t n)
{
    (void)path;
    /* header begins with id,schema,name (quoted or not) */
    size_t i = 0;
    if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0) i = 3;
    const char *h = (const char *)head + i;
    size_t m = n - i;
    return (m >= 16 && (strncmp(h, "\"id\",\"schema\",\"name\"", 20) == 0 || strncmp(h, "id,schema,name", 14) == 0));
}

/* Calls fn for every ';'-separated, trimmed, non-empty part of v. */
static int each_part(const char *v, int (*fn)(void *ctx, const char *part), void *ctx)
{
    char *copy = strdup(v);
    if (!copy) return EMBARGO_ENOMEM;
    int rc = 0;
    char *save = NULL;
    for (char *tok = strtok_r(copy, ";", &save); tok && !rc; tok = strtok_r(NULL, ";", &save)) {
        emb_trim(tok);
        if (*tok) rc = fn(ctx, tok);
    }
    free(copy);
    return rc;
}

typedef struct row_ctx {
    emb_source *s;
    uint32_t h;
    embargo_attr_kind kind;
    const char *type;
    embargo_name_kind name_kind;
} row_ctx;

static int add_name_part(void *p, const char *part)
{
    row_ctx *r = p;
    return emb_source_name(r->s, r->h, part, r->name_kind);
}

static int add_attr_part(void *p, const char *part)
{
    row_ctx *r = p;
    return emb_source_attr(r->s, r->h, r->kind, r->type, part);
}

static embargo_schema os_schema(const char *s)
{
    if (!strcmp(s, "Person")) return EMBARGO_PERSON;
    if (!strcmp(s, "Vessel")) return EMBARGO_VESSEL;
    if (!strcmp(s, "Airplane")) return EMBARGO_AIRCRAFT;
    if (!strcmp(s, "Company") || !strcmp(s, "Organization") || !strcmp(s, "LegalEntity") ||
        !strcmp(s, "PublicBody"))
        return EMBARGO_ORGANIZATION;
    return embargo_schema_parse(s);
}

static int parse_one(emb_source *s, const char *path, embargo_error *err)
{
    char *data;
    size_t len;
    int rc = emb_file_read(path, &data, &len, err);
    if (rc) return rc;
    if ((rc = emb_utf8_check(path, data, len, NULL, err))) {
        free(data);
        return rc;
    }
    emb_csv c;
    emb_csv_init(&c, data, len, ',');
    rc = emb_csv_next(&c);
    if (rc <= 0) {
        emb_csv_free(&c);
        free(data);
        return emb_error_set(err, EMBARGO_EPARSE, path, 1, NULL, "empty file: expected a header row with id and name columns");
    }
    int col_id = emb_csv_col(&c, "id"), col_name = emb_csv_col(&c, "name");
    int col_schema = emb_csv_col(&c, "schema"), col_aliases = emb_csv_col(&c, "aliases");
    int col_dob = emb_csv_col(&c, "birth_date"), col_countries = emb_csv_col(&c, "countries");
    int col_addr = emb_csv_col(&c, "addresses"), col_ids = emb_csv_col(&c, "identifiers");
    int col_sanctions = emb_csv_col(&c, "sanctions"), col_programs = emb_csv_col(&c, "program_ids");
    int col_last = emb_csv_col(&c, "last_change");
    if (col_id < 0 || col_name < 0) {
        emb_csv_free(&c);
        free(data);
        return emb_error_set(err, EMBARGO_EPARSE, path, 1, col_id < 0 ? "id" : "name",
                             "header has no '%s' column (expected id,schema,name,aliases,...)",
                             col_id < 0 ? "id" : "name");
    }
    size_t ncols = c.n_fields;
    char newest[11] = "";
    while ((rc = emb_csv_next(&c)) == 1) {
        if (c.n_fields == 1 && c.fields[0][0] == '\0') continue; /* blank line */
        if (c.n_fields != ncols) {
            rc = emb_error_set(err, EMBARGO_EPARSE, path, c.line, NULL,
                               "row has %zu fields, the header has %zu", c.n_fields, ncols);
            break;
        }
        if (c.bad_quote) {
            rc = emb_error_set(err, EMBARGO_EPARSE, path, c.line, NULL, "unbalanced quote");
            break;
        }
        char *id = emb_trim(c.fields[col_id]);
        char *name = emb_trim(c.fields[col_name]);
        if (!*id) {
            rc = emb_error_set(err, EMBARGO_EPARSE, path, c.line, "id", "empty id");
            break;
        }
        if (!*name) { emb_source_skip(s, "row without a name"); continue; }
        embargo_schema schema = col_schema >= 0 ? os_schema(emb_trim(c.fields[col_schema])) : EMBARGO_SCHEMA_UNKNOWN;
        row_ctx r = {s, 0, 0, "", EMBARGO_NAME_PRIMARY};
        rc = emb_source_entity(s, id, schema, 0, &r.h);
        if (rc == EMBARGO_EPARSE) {
            rc = emb_error_set(err, EMBARGO_EPARSE, path, c.line, "id", "duplicate id '%s'", id);
            break;
        }
        if (rc) break;
        rc = emb_source_name(s, r.h, name, EMBARGO_NAME_PRIMARY);
        if (!rc && col_aliases >= 0) { r.name_kind = EMBARGO_NAME_ALIAS; rc = each_part(c.fields[col_aliases], add_name_part, &r); }
        if (!rc && col_dob >= 0) { r.kind = EMBARGO_ATTR_DOB; rc = each_part(c.fields[col_dob], add_attr_part, &r); }
        if (!rc && col_countries >= 0) { r.kind = EMBARGO_ATTR_COUNTRY; rc = each_part(c.fields[col_countries], add_attr_part, &r); }
        if (!rc && col_addr >= 0) { r.kind = EMBARGO_ATTR_ADDRESS; rc = each_part(c.fields[col_addr], add_attr_part, &r); }
        if (!rc && col_ids >= 0) { r.kind = EMBARGO_ATTR_ID; rc = each_part(c.fields[col_ids], add_attr_part, &r); }
        if (!rc && col_programs >= 0) { r.kind = EMBARGO_ATTR_PROGRAM; rc = each_part(c.fields[col_programs], add_attr_part, &r); }
        if (!rc && col_sanctions >= 0) {
            /* the sanctions column often holds only quote characters */
            char *v = c.fields[col_sanctions];
            int has = 0;
            for (char *q = v; *q; q++) if (isalnum((unsigned char)*q)) { has = 1; break; }
            if (has) { r.kind = EMBARGO_ATTR_PROGRAM; rc = each_part(v, add_attr_part, &r); }
        }
        if (rc) break;
        if (col_last >= 0 && strlen(c.fields[col_last]) >= 10 && strncmp(c.fields[col_last], newest, 10) > 0)
            memcpy(newest, c.fields[col_last], 10), newest[10] = '\0';
    }
    if (rc == -1) rc = emb_error_set(err, EMBARGO_ENOMEM, path, c.line, NULL, "out of memory");
    if (newest[0]) emb_source_set_as_of(s, newest);
    emb_csv_free(&c);
    free(data);
    return rc < 0 ? rc : 0;
}

int emb_parse_os_csv(emb_source *s, const char *const *paths, size_t n, embargo_error *err)
{
    return emb_parse_each(s, paths, n, err, parse_one);
}
