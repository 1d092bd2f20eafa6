/* csl_csv.c - the US Consolidated Screening List (trade.gov) CSV: one row
 * per entry of thirteen US export / sanctions lists (OFAC SDN and non-SDN
 * lists, BIS Entity List, Denied Persons, Unverified List, State ITAR
 * debarments...), multi-values joined with "; ".  Commonly shipped gzipped
 * (emb_file_read inflates it).
 *
 * Source ids: the `_id` column.  For Treasury rows `_id` is OFAC's ent_num,
 * and an entity on two Treasury lists (SDN and CAPTA, SSI...) appears in two
 * rows with the same `_id`; those rows stay separate entries (they are
 * separate listings), the SDN row keeps the bare `_id` and the others get
 * the list's abbreviation ("34616-CAP"), so ids do not depend on row order.
 * The list ("source" column) is kept as a PROGRAM; Treasury rows carry the
 * ent_num as CROSSREF "OFAC ent_num" (the number is shared by the SDN and
 * the consolidated lists, so it links the entry to OFAC's own files).  The
 * newest start_date is the as-of date. */
#include "lists/csv.h"
#include "lists/dates.h"
#include "lists/lists.h"
#include "lists/listutil.h"
#include "util/error.h"
#include "util/file.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int emb_sniff_csl_csv(const char *path, const unsigned char *head, size_t n)
{
    (void)path;
    size_t i = n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    return n - i >= 24 && (memcmp(head + i, "_id,source,entity_number", 24) == 0 ||
                           memcmp(head + i, "\"_id\",\"source\"", 14) == 0);
}

enum { C_ID, C_SOURCE, C_ENTNUM, C_TYPE, C_PROGRAMS, C_NAME, C_TITLE, C_ADDRESSES, C_START, C_CALLSIGN,
       C_VTYPE, C_VFLAG, C_VOWNER, C_REMARKS, C_ALT, C_CITIZEN, C_DOB, C_NATIONAL, C_POB, C_IDS, C_N };
static const char *const col_names[C_N] = {
    "_id", "source", "entity_number", "type", "programs", "name", "title", "addresses", "start_date",
    "call_sign", "vessel_type", "vessel_flag", "vessel_owner", "remarks", "alt_names", "citizenships",
    "dates_of_birth", "nationalities", "places_of_birth", "ids"};

static int is_sdn(const char *source) { return emb_istarts(source, "Specially Designated Nationals"); }
static int is_treasury(const char *source) { return emb_icontains(source, "Treasury Department"); }

/* "Capta List (CAP) - Treasury Department" -> "CAP" (the last parenthesized
 * word before " - "), or the whole source when there is none. */
static void source_abbrev(const char *source, char out[32])
{
    const char *dash = strstr(source, " - ");
    size_t n = dash ? (size_t)(dash - source) : strlen(source);
    const char *open = NULL, *close = NULL;
    for (size_t i = 0; i < n; i++) {
        if (source[i] == '(') open = source + i;
        if (source[i] == ')' && open) close = source + i;
    }
    if (open && close && close > open + 1) snprintf(out, 32, "%.*s", (int)(close - open - 1), open + 1);
    else snprintf(out, 32, "%.*s", (int)(n < 31 ? n : 31), source);
}

/* Does this part of an "ids" item name a type ("Passport", "Tax ID No.",
 * "Secondary sanctions risk:") rather than hold a value? */
static int looks_type(const char *p)
{
    static const char *const words[] = {
        "No.", "Number", "ID", "Passport", "Address", "Registration", "Registry", "#", "Code", "License",
        "Licence", "Identification", "Aircraft", "SWIFT", "ISIN", "MMSI", "Cedula", "C.U.R.P.", "R.F.C.",
        "D.N.I.", "BIK", "Folio", "Matricula", "V.A.T.", "Certificate", "Card", "Gender"};
    if (emb_ofac_classify(p) != EMB_OFAC_ID) return 1;
    int letters = 0;
    for (const char *q = p; *q; q++) letters += (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z');
    if (letters < 3) return 0;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strstr(p, words[i])) return 1;
    return 0;
}

/* One "ids" item.  Two layouts occur: the older files write
 * "[CC, [issued, expires,]] NUMBER, TYPE" and the newer ones
 * "TYPE, NUMBER[, CC...]"; the side that names a type tells which. */
static int add_id_item(emb_source *s, uint32_t h, char *item)
{
    char *first = strstr(item, ", ");
    char *lastsep = NULL;
    for (char *p = first; p; p = strstr(p + 2, ", ")) lastsep = p;
    if (!first) return emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", item);
    char *head = emb_strndup(item, (size_t)(first - item));
    if (!head) return EMBARGO_ENOMEM;
    emb_trim(head);
    char *tail = lastsep + 2;
    int rc;
    if (looks_type(head) && !looks_type(tail)) {
        char *rest = emb_trim(first + 2);
        if (emb_ofac_classify(head) == EMB_OFAC_ID) {
            char *c = strstr(rest, ", ");
            if (c) *c = '\0'; /* NUMBER, then country and dates */
        }
        rc = emb_ofac_add(s, h, head, emb_trim(rest));
    } else {
        *lastsep = '\0';
        char *type = emb_trim(tail);
        char *value = emb_trim(item);
        if (emb_ofac_classify(type) == EMB_OFAC_ID) {
            /* the number is the last part before the type; the leading
             * country code and dates are not part of it */
            char *last = NULL;
            for (char *p = strstr(value, ", "); p; p = strstr(p + 2, ", ")) last = p;
            if (last) value = emb_trim(last + 2);
        }
        rc = emb_ofac_add(s, h, type, value);
    }
    free(head);
    return rc;
}

static int add_ids(emb_source *s, uint32_t h, const char *text)
{
    const char *p = text;
    while (*p) {
        const char *e = strstr(p, "; ");
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *item = emb_strndup(p, n);
        if (!item) return EMBARGO_ENOMEM;
        emb_trim(item);
        int rc = *item ? add_id_item(s, h, item) : 0;
        free(item);
        if (rc) return rc;
        if (!e) break;
        p = e + 2;
    }
    return 0;
}

static embargo_schema csl_type(const char *t)
{
    if (!strcasecmp(t, "Individual")) return EMBARGO_PERSON;
    if (!strcasecmp(t, "Entity")) return EMBARGO_ORGANIZATION;
    if (!strcasecmp(t, "Vessel")) return EMBARGO_VESSEL;
    if (!strcasecmp(t, "Aircraft")) return EMBARGO_AIRCRAFT;
    return EMBARGO_SCHEMA_UNKNOWN;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* First pass: the sorted list of `_id` values that occur more than once. */
static int find_duplicates(const char *data, size_t len, char ***dups, size_t *ndups)
{
    emb_csv c;
    emb_csv_init(&c, data, len, ',');
    char **all = NULL;
    size_t n = 0, cap = 0;
    int rc = emb_csv_next(&c) < 0 ? EMBARGO_ENOMEM : 0;
    while (!rc && (rc = emb_csv_next(&c)) == 1) {
        rc = 0;
        if (c.n_fields < 1 || !c.fields[0][0]) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            char **a = realloc(all, cap * sizeof *a);
            if (!a) { rc = EMBARGO_ENOMEM; break; }
            all = a;
        }
        if (!(all[n] = strdup(emb_trim(c.fields[0])))) { rc = EMBARGO_ENOMEM; break; }
        n++;
    }
    if (rc < 0) rc = EMBARGO_ENOMEM;
    emb_csv_free(&c);
    if (rc) {
        for (size_t i = 0; i < n; i++) free(all[i]);
        free(all);
        return rc;
    }
    if (n) qsort(all, n, sizeof *all, cmp_str);
    /* keep one copy of each value that occurs more than once; writes go to
     * slots before the current group, which are done with */
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && !strcmp(all[j], all[i])) j++;
        for (size_t t = i + 1; t < j; t++) free(all[t]);
        if (j - i > 1) all[k++] = all[i];
        else free(all[i]);
        i = j;
    }
    *dups = all;
    *ndups = k;
    return 0;
}

static int parse_row(emb_source *s, char **f, const int *col, int dup, const char *path, unsigned long line,
                     char newest[11], embargo_error *err)
{
#define F(k) (col[k] >= 0 ? emb_trim(f[col[k]]) : (char *)"")
    char *id = F(C_ID), *source = F(C_SOURCE), *entnum = F(C_ENTNUM), *name = F(C_NAME);
    char abbr[32], idbuf[160];
    source_abbrev(source, abbr);
    if (!*id) {
        if (!*entnum) { emb_source_skip(s, "row without _id"); return 0; }
        snprintf(idbuf, sizeof idbuf, "%s-%s", entnum, abbr);
    } else if (dup && !is_sdn(source)) {
        snprintf(idbuf, sizeof idbuf, "%.120s-%s", id, abbr);
    } else {
        snprintf(idbuf, sizeof idbuf, "%.150s", id);
    }
    if (!*name) { emb_source_skip(s, "row without a name"); return 0; }
    uint32_t h;
    int rc = emb_source_entity(s, idbuf, csl_type(F(C_TYPE)), 0, &h);
    if (rc == EMBARGO_EPARSE) {
        /* the same entry of the same list twice (seen: byte-identical rows):
         * merged into the first, counted so that rows add up */
        rc = emb_source_entity(s, idbuf, EMBARGO_SCHEMA_UNKNOWN, 1, &h);
        if (!rc) emb_source_skip(s, "row repeating an earlier row of the same list (merged)");
    }
    if (rc) return emb_error_set(err, rc, path, line, NULL, "cannot add row %s", idbuf);
    rc = emb_name_add(s, h, name, EMBARGO_NAME_PRIMARY);
    if (!rc) rc = emb_name_split(s, h, F(C_ALT), "; ", EMBARGO_NAME_ALIAS);
    if (!rc && *source) rc = emb_source_attr(s, h, EMBARGO_ATTR_PROGRAM, "", source);
    if (!rc) rc = emb_attr_split(s, h, EMBARGO_ATTR_PROGRAM, "", F(C_PROGRAMS), "; ");
    if (!rc && *entnum && is_treasury(source)) rc = emb_source_attr(s, h, EMBARGO_ATTR_CROSSREF, "OFAC ent_num", entnum);
    if (!rc) rc = emb_attr_split(s, h, EMBARGO_ATTR_TITLE, "", F(C_TITLE), "; ");
    if (!rc) rc = emb_attr_split(s, h, EMBARGO_ATTR_ADDRESS, "", F(C_ADDRESSES), "; ");
    if (!rc) rc = emb_attr_split(s, h, EMBARGO_ATTR_CITIZENSHIP, "", F(C_CITIZEN), "; ");
    if (!rc) rc = emb_attr_split(s, h, EMBARGO_ATTR_NATIONALITY, "", F(C_NATIONAL), "; ");
    if (!rc) rc = emb_attr_split(s, h, EMBARGO_ATTR_POB, "", F(C_POB), "; ");
    if (!rc) rc = emb_attr_split(s, h, EMBARGO_ATTR_REMARK, "", F(C_REMARKS), "; ");
    if (!rc && *F(C_DOB)) {
        char *dobs = F(C_DOB);
        for (char *p = dobs; !rc && p;) {
            char *e = strstr(p, "; ");
            if (e) *e = '\0';
            rc = emb_dob_add(s, h, p);
            p = e ? e + 2 : NULL;
        }
    }
    if (!rc && *F(C_CALLSIGN)) rc = emb_source_attr(s, h, EMBARGO_ATTR_ID, "Call Sign", F(C_CALLSIGN));
    if (!rc && *F(C_VFLAG)) rc = emb_source_attr(s, h, EMBARGO_ATTR_COUNTRY, "", F(C_VFLAG));
    if (!rc && *F(C_VTYPE)) rc = emb_ofac_add(s, h, "Vessel Type", F(C_VTYPE));
    if (!rc && *F(C_VOWNER)) rc = emb_ofac_add(s, h, "Vessel Owner", F(C_VOWNER));
    if (!rc && *F(C_IDS)) rc = add_ids(s, h, F(C_IDS));
    char *start = F(C_START);
    char iso[11];
    if (!rc && *start && emb_date_parse(start, iso) == 10) {
        rc = emb_source_attr(s, h, EMBARGO_ATTR_LISTED_ON, "", iso);
        if (strcmp(iso, newest) > 0) memcpy(newest, iso, 11);
    }
    if (rc) return emb_error_set(err, rc, path, line, NULL, "cannot add row %s", idbuf);
    return 0;
#undef F
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
    char **dups = NULL;
    size_t ndups = 0;
    if ((rc = find_duplicates(data, len, &dups, &ndups))) {
        free(data);
        return emb_error_set(err, rc, path, 0, NULL, "out of memory");
    }
    emb_csv c;
    emb_csv_init(&c, data, len, ',');
    int col[C_N];
    size_t ncols = 0;
    char newest[11] = "";
    if ((rc = emb_csv_next(&c)) <= 0) {
        rc = emb_error_set(err, EMBARGO_EPARSE, path, 1, NULL, "empty file: expected the CSL header (_id,source,...)");
        goto done;
    }
    for (int k = 0; k < C_N; k++) col[k] = emb_csv_col(&c, col_names[k]);
    if (col[C_ID] < 0 || col[C_NAME] < 0 || col[C_SOURCE] < 0) {
        const char *miss = col[C_ID] < 0 ? "_id" : col[C_NAME] < 0 ? "name" : "source";
        rc = emb_error_set(err, EMBARGO_EPARSE, path, 1, miss, "header has no '%s' column (expected the CSL header _id,source,entity_number,...)", miss);
        goto done;
    }
    ncols = c.n_fields;
    while ((rc = emb_csv_next(&c)) == 1) {
        if (c.n_fields == 1 && c.fields[0][0] == '\0') continue;
        if (c.bad_quote) { rc = emb_error_set(err, EMBARGO_EPARSE, path, c.line, NULL, "unbalanced quote"); break; }
        if (c.n_fields != ncols) {
            rc = emb_error_set(err, EMBARGO_EPARSE, path, c.line, NULL, "row has %zu fields, the header has %zu", c.n_fields, ncols);
            break;
        }
        const char *key = emb_trim(c.fields[col[C_ID]]);
        int dup = ndups && bsearch(&key, dups, ndups, sizeof *dups, cmp_str) != NULL;
        if ((rc = parse_row(s, c.fields, col, dup, path, c.line, newest, err))) break;
    }
    if (rc == -1) rc = emb_error_set(err, EMBARGO_ENOMEM, path, c.line, NULL, "out of memory");
    if (!rc && newest[0]) emb_source_set_as_of(s, newest);
done:
    emb_csv_free(&c);
    for (size_t i = 0; i < ndups; i++) free(dups[i]);
    free(dups);
    free(data);
    return rc < 0 ? rc : 0;
}

int emb_parse_csl_csv(emb_source *s, const char *const *paths, size_t n, embargo_error *err)
{
    return emb_parse_each(s, paths, n, err, parse_one);
}
