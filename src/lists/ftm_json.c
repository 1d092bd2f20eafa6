/* ftm_json.c - OpenSanctions FollowTheMoney entities, JSON lines
 * (entities.ftm.json): one object per line with id, schema, caption,
 * properties (every value a list of strings), last_change.  Party schemas
 * (Person, Organization, Company, LegalEntity, PublicBody, Vessel, Airplane)
 * become entities; the others (Sanction, Ownership, Address, Passport,
 * Directorship, Family, ...) describe links and documents, not parties, and
 * are counted as skipped with the schema in the reason.  The caption is the
 * primary name when it is one of the entity's names; other `name` values
 * are aliases (ORIGINAL when not in Latin script).  The newest last_change
 * is the as-of date. */
#include "lists/lists.h"
#include "lists/listutil.h"
#include "util/error.h"
#include "util/file.h"
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int emb_sniff_ftm_json(const char *path, const unsigned char *head, size_t n)
{
    size_t i = 0;
    while (i < n && isspace(head[i])) i++;
    if (i >= n || head[i] != '{') return 0;
    return emb_sniff_contains(head, n, "\"schema\"") && emb_sniff_contains(head, n, "\"properties\"") &&
           (emb_path_endswith(path, ".json") || emb_path_endswith(path, ".jsonl") || emb_path_endswith(path, ".json.gz"));
}

static embargo_schema party_schema(const char *s)
{
    if (!strcmp(s, "Person")) return EMBARGO_PERSON;
    if (!strcmp(s, "Organization") || !strcmp(s, "Company") || !strcmp(s, "LegalEntity") || !strcmp(s, "PublicBody"))
        return EMBARGO_ORGANIZATION;
    if (!strcmp(s, "Vessel")) return EMBARGO_VESSEL;
    if (!strcmp(s, "Airplane")) return EMBARGO_AIRCRAFT;
    return EMBARGO_SCHEMA_UNKNOWN;
}

typedef struct prop_map {
    const char *prop;
    embargo_attr_kind kind;
    const char *type;
} prop_map;

/* Property -> attribute.  Identifier properties keep FtM's meaning as type. */
static const prop_map props[] = {
    {"nationality", EMBARGO_ATTR_NATIONALITY, ""},
    {"citizenship", EMBARGO_ATTR_CITIZENSHIP, ""},
    {"country", EMBARGO_ATTR_COUNTRY, ""},
    {"jurisdiction", EMBARGO_ATTR_COUNTRY, ""},
    {"flag", EMBARGO_ATTR_COUNTRY, ""},
    {"birthPlace", EMBARGO_ATTR_POB, ""},
    {"address", EMBARGO_ATTR_ADDRESS, ""},
    {"idNumber", EMBARGO_ATTR_ID, "National ID"},
    {"passportNumber", EMBARGO_ATTR_ID, "Passport"},
    {"innCode", EMBARGO_ATTR_ID, "INN"},
    {"ogrnCode", EMBARGO_ATTR_ID, "OGRN"},
    {"kppCode", EMBARGO_ATTR_ID, "KPP"},
    {"okpoCode", EMBARGO_ATTR_ID, "OKPO"},
    {"registrationNumber", EMBARGO_ATTR_ID, "Registration Number"},
    {"taxNumber", EMBARGO_ATTR_ID, "Tax ID"},
    {"vatCode", EMBARGO_ATTR_ID, "VAT"},
    {"leiCode", EMBARGO_ATTR_ID, "LEI"},
    {"swiftBic", EMBARGO_ATTR_ID, "SWIFT/BIC"},
    {"imoNumber", EMBARGO_ATTR_ID, "IMO"},
    {"mmsi", EMBARGO_ATTR_ID, "MMSI"},
    {"callSign", EMBARGO_ATTR_ID, "Call Sign"},
    {"serialNumber", EMBARGO_ATTR_ID, "Serial Number"},
    {"uniqueEntityId", EMBARGO_ATTR_ID, "Unique Entity ID"},
    {"position", EMBARGO_ATTR_POSITION, ""},
    {"title", EMBARGO_ATTR_TITLE, ""},
    {"programId", EMBARGO_ATTR_PROGRAM, ""},
    {"program", EMBARGO_ATTR_PROGRAM, ""},
    {"topics", EMBARGO_ATTR_REMARK, ""},
    {"notes", EMBARGO_ATTR_REMARK, ""},
};

/* Two-letter country codes are upper-cased ("ru" -> "RU") to match the
 * other lists' ISO codes; other values are kept as listed. */
static int add_value(emb_source *s, uint32_t h, const prop_map *m, const char *v)
{
    if (m->kind == EMBARGO_ATTR_NATIONALITY || m->kind == EMBARGO_ATTR_CITIZENSHIP || m->kind == EMBARGO_ATTR_COUNTRY) {
        if (strlen(v) == 2 && isalpha((unsigned char)v[0]) && isalpha((unsigned char)v[1])) {
            char cc[3] = {(char)toupper((unsigned char)v[0]), (char)toupper((unsigned char)v[1]), 0};
            return emb_source_attr(s, h, m->kind, "", cc);
        }
    }
    if (m->kind == EMBARGO_ATTR_REMARK && !strcmp(m->prop, "topics")) {
        char buf[96];
        snprintf(buf, sizeof buf, "Topic: %s", v);
        return emb_source_attr(s, h, m->kind, "", buf);
    }
    return emb_source_attr(s, h, m->kind, m->type, v);
}

/* Calls fn for every string of properties[prop]. */
static int each_string(json_t *properties, const char *prop, int (*fn)(void *, const char *), void *ctx)
{
    json_t *arr = json_object_get(properties, prop);
    if (!arr) return 0;
    if (json_is_string(arr)) return fn(ctx, json_string_value(arr));
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        if (!json_is_string(v)) continue;
        int rc = fn(ctx, json_string_value(v));
        if (rc) return rc;
    }
    return 0;
}

typedef struct cb_ctx {
    emb_source *s;
    uint32_t h;
    embargo_name_kind kind;
    const prop_map *m;
} cb_ctx;

static int name_cb(void *c, const char *v)
{
    cb_ctx *x = c;
    return emb_name_add(x->s, x->h, v, x->kind);
}

static int attr_cb(void *c, const char *v)
{
    cb_ctx *x = c;
    return *v ? add_value(x->s, x->h, x->m, v) : 0;
}

static int dob_cb(void *c, const char *v)
{
    cb_ctx *x = c;
    return emb_dob_add(x->s, x->h, v);
}

static int gender_cb(void *c, const char *v)
{
    cb_ctx *x = c;
    const char *g = emb_gender_norm(v);
    return g ? emb_source_attr(x->s, x->h, EMBARGO_ATTR_GENDER, "", g) : 0;
}

/* Is `caption` one of properties.name? */
static int caption_is_name(json_t *properties, const char *caption)
{
    json_t *arr = json_object_get(properties, "name");
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
        if (json_is_string(v) && !strcmp(json_string_value(v), caption)) return 1;
    return 0;
}

static int load_entity(emb_source *s, json_t *o, const char *path, unsigned long line, char newest[11],
                       embargo_error *err)
{
    const char *id = json_string_value(json_object_get(o, "id"));
    const char *schema = json_string_value(json_object_get(o, "schema"));
    json_t *properties = json_object_get(o, "properties");
    if (!id || !*id) return emb_error_set(err, EMBARGO_EPARSE, path, line, "id", "entity without an id");
    if (!schema) return emb_error_set(err, EMBARGO_EPARSE, path, line, "schema", "entity %s without a schema", id);
    if (properties && !json_is_object(properties))
        return emb_error_set(err, EMBARGO_EPARSE, path, line, "properties", "properties of %s is not an object", id);
    const char *lc = json_string_value(json_object_get(o, "last_change"));
    if (lc && strlen(lc) >= 10 && strncmp(lc, newest, 10) > 0) memcpy(newest, lc, 10), newest[10] = '\0';
    embargo_schema es = party_schema(schema);
    if (es == EMBARGO_SCHEMA_UNKNOWN) {
        char reason[96];
        snprintf(reason, sizeof reason, "not a party (schema %.60s)", schema);
        emb_source_skip(s, reason);
        return 0;
    }
    uint32_t h;
    int rc = emb_source_entity(s, id, es, 0, &h);
    if (rc == EMBARGO_EPARSE) return emb_error_set(err, rc, path, line, "id", "duplicate id '%s'", id);
    if (rc) return emb_error_set(err, rc, path, line, NULL, "cannot add entity %s", id);
    cb_ctx x = {s, h, EMBARGO_NAME_PRIMARY, NULL};
    const char *caption = json_string_value(json_object_get(o, "caption"));
    if (caption && caption_is_name(properties, caption)) rc = emb_source_name(s, h, caption, EMBARGO_NAME_PRIMARY);
    else {
        /* no usable caption: the first name is the primary one */
        json_t *first = json_array_get(json_object_get(properties, "name"), 0);
        if (json_is_string(first)) rc = emb_source_name(s, h, json_string_value(first), EMBARGO_NAME_PRIMARY);
    }
    x.kind = EMBARGO_NAME_ALIAS;
    if (!rc) rc = each_string(properties, "name", name_cb, &x);
    if (!rc) rc = each_string(properties, "alias", name_cb, &x);
    x.kind = EMBARGO_NAME_WEAK_ALIAS;
    if (!rc) rc = each_string(properties, "weakAlias", name_cb, &x);
    x.kind = EMBARGO_NAME_FORMER;
    if (!rc) rc = each_string(properties, "previousName", name_cb, &x);
    if (!rc) rc = each_string(properties, "birthDate", dob_cb, &x);
    if (!rc) rc = each_string(properties, "gender", gender_cb, &x);
    for (size_t i = 0; i < sizeof props / sizeof props[0] && !rc; i++) {
        x.m = &props[i];
        rc = each_string(properties, props[i].prop, attr_cb, &x);
    }
    if (rc) return emb_error_set(err, rc, path, line, NULL, "cannot add entity %s", id);
    return 0;
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
    char newest[11] = "";
    unsigned long line = 0;
    const char *p = data, *end = data + len;
    while (!rc && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        line++;
        const char *q = p;
        while (q < e && isspace((unsigned char)*q)) q++;
        if (q < e) {
            json_error_t je;
            json_t *o = json_loadb(p, (size_t)(e - p), JSON_REJECT_DUPLICATES, &je);
            if (!o || !json_is_object(o)) {
                rc = emb_error_set(err, EMBARGO_EPARSE, path, line, NULL, "malformed JSON line (column %d): %s",
                                   o ? 1 : je.column, o ? "not an object" : je.text);
            } else {
                rc = load_entity(s, o, path, line, newest, err);
            }
            json_decref(o);
        }
        p = e + 1;
    }
    if (!rc && newest[0]) emb_source_set_as_of(s, newest);
    free(data);
    return rc;
}

int emb_parse_ftm_json(emb_source *s, const char *const *paths, size_t n, embargo_error *err)
{
    return emb_parse_each(s, paths, n, err, parse_one);
}
