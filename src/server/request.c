/* request.c - parsing and validation of the server's requests (see
 * request.h).  Every rejection is an srv_error with an HTTP status, so the
 * front end only has to print it; nothing here touches a socket. */
#include "server/request.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int srv_fail(srv_error *e, int status, const char *code, const char *fmt, ...)
{
    if (!e) return -1;
    e->status = status;
    snprintf(e->code, sizeof e->code, "%s", code);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return -1;
}

void srv_limits_default(srv_limits *l)
{
    l->max_batch = 1000;
    l->max_query_len = 512;
    l->max_limit = 500;
    l->threshold = EMBARGO_DEFAULT_THRESHOLD;
    l->limit = 10;
}

/* ------------------------------------------------------------------ */
/* Query strings                                                      */
/* ------------------------------------------------------------------ */

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes %XX and '+' in place; returns the new length.  A malformed escape is
 * kept literally (as browsers and libmicrohttpd do). */
static size_t url_decode(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (*r == '+') *w++ = ' ';
        else if (*r == '%' && hexval(r[1]) >= 0 && hexval(r[2]) >= 0) {
            *w++ = (char)(hexval(r[1]) * 16 + hexval(r[2]));
            r += 2;
        } else *w++ = *r;
    }
    *w = '\0';
    return (size_t)(w - s);
}

int srv_params_parse(srv_params *out, const char *qs, size_t len, srv_error *err)
{
    memset(out, 0, sizeof *out);
    out->storage = malloc(len + 1);
    if (!out->storage) return srv_fail(err, 500, "out_of_memory", "out of memory");
    memcpy(out->storage, qs, len);
    out->storage[len] = '\0';
    if (strlen(out->storage) != len) return srv_fail(err, 400, "invalid_parameter", "the query string contains a NUL byte");
    char *s = out->storage;
    while (*s) {
        char *amp = strchr(s, '&');
        if (amp) *amp = '\0';
        if (*s) {
            if (out->n >= SRV_MAX_PARAMS)
                return srv_fail(err, 400, "too_many_parameters", "more than %d query parameters", SRV_MAX_PARAMS);
            char *eq = strchr(s, '=');
            const char *v = "";
            if (eq) { *eq = '\0'; v = eq + 1; }
            url_decode(s);
            if (eq) url_decode(eq + 1);
            out->kv[out->n].key = s;
            out->kv[out->n].value = v;
            out->n++;
        }
        if (!amp) break;
        s = amp + 1;
    }
    return 0;
}

void srv_params_free(srv_params *p)
{
    if (!p) return;
    free(p->storage);
    p->storage = NULL;
    p->n = 0;
}

/* ------------------------------------------------------------------ */
/* Values                                                             */
/* ------------------------------------------------------------------ */

static int valid_date(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10) return 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 4 || i == 7) { if (s[i] != '-') return 0; }
        else if (s[i] < '0' || s[i] > '9') return 0;
    }
    return 1;
}

static int parse_number(const char *v, double *out)
{
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (errno || end == v || *end || !isfinite(d)) return -1;
    *out = d;
    return 0;
}

static int set_threshold(srv_request *r, double d, const char *field, srv_error *err)
{
    if (!(d >= 0 && d <= 1)) return srv_fail(err, 400, "invalid_parameter", "%s must be a number from 0 to 1", field);
    r->opts.threshold = d;
    r->threshold_set = 1;
    return 0;
}

static int set_limit(srv_request *r, double d, const srv_limits *lim, srv_error *err)
{
    if (!(d >= 1 && d <= (double)lim->max_limit) || floor(d) != d)
        return srv_fail(err, 400, "invalid_parameter", "limit must be a whole number from 1 to %zu", lim->max_limit);
    r->opts.limit = (size_t)d;
    return 0;
}

static int set_algorithm(srv_request *r, const char *v, srv_error *err)
{
    /* yente's "best" names its current best algorithm: here the default one */
    if (!strcmp(v, "default") || !strcmp(v, "embargo") || !strcmp(v, "best")) {
        r->opts.algorithm = EMBARGO_ALGO_DEFAULT;
        r->algorithm_name = "default";
    } else if (!strcmp(v, "ofac") || !strcmp(v, "ofac-249")) {
        r->opts.algorithm = EMBARGO_ALGO_OFAC;
        r->algorithm_name = "ofac";
    } else {
        return srv_fail(err, 400, "invalid_parameter", "algorithm must be default, best or ofac, not '%.64s'", v);
    }
    return 0;
}

/* Source ids are [a-z0-9_-]; a comma-separated list is appended to buf. */
static int append_sources(char *buf, size_t cap, const char *v, const char *field, srv_error *err)
{
    if (!*v) return srv_fail(err, 400, "invalid_parameter", "%s is empty", field);
    for (const char *c = v; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '-' || *c == ','))
            return srv_fail(err, 400, "invalid_parameter", "%s must be source ids like us_ofac_sdn", field);
    size_t used = strlen(buf);
    if (used + strlen(v) + 2 > cap) return srv_fail(err, 400, "invalid_parameter", "%s is too long", field);
    snprintf(buf + used, cap - used, "%s%s", used ? "," : "", v);
    return 0;
}

static void request_init(srv_request *r, srv_kind kind, const srv_limits *lim)
{
    memset(r, 0, sizeof *r);
    embargo_screen_opts o = EMBARGO_SCREEN_OPTS_INIT;
    r->opts = o;
    r->kind = kind;
    r->opts.threshold = lim->threshold;
    r->opts.limit = lim->limit;
    r->algorithm_name = "default";
}

/* After all options: OFAC's own default threshold unless one was given. */
static void request_finish(srv_request *r)
{
    if (r->opts.algorithm == EMBARGO_ALGO_OFAC && !r->threshold_set) r->opts.threshold = EMBARGO_OFAC_DEFAULT_THRESHOLD;
    if (r->sources[0]) r->opts.sources = r->sources;
}

void srv_request_free(srv_request *r)
{
    if (!r) return;
    free(r->queries);
    json_decref(r->root);
    r->queries = NULL;
    r->root = NULL;
}

static int check_name(const char *name, const srv_limits *lim, const char *where, srv_error *err)
{
    if (!name || !*name) return srv_fail(err, 400, "missing_name", "%s: a non-empty name is required", where);
    if (strlen(name) > lim->max_query_len)
        return srv_fail(err, 400, "query_too_long", "%s: the name is longer than %zu bytes", where, lim->max_query_len);
    return 0;
}

static int check_field(const char *field, const char *v, size_t max, srv_error *err)
{
    if (strlen(v) > max) return srv_fail(err, 400, "invalid_parameter", "%s is longer than %zu bytes", field, max);
    return 0;
}

static int set_type(srv_query *q, const char *v, const char *where, srv_error *err)
{
    if (!*v) return 0;
    q->schema = embargo_schema_parse(v);
    q->schema_text = v;
    if (q->schema == EMBARGO_SCHEMA_UNKNOWN && strcmp(v, "unknown") && strcmp(v, "LegalEntity") && strcmp(v, "Thing"))
        return srv_fail(err, 400, "invalid_parameter",
                        "%s: type must be person, organization, vessel or aircraft, not '%.64s'", where, v);
    return 0;
}

static int set_dob(srv_query *q, const char *v, const char *where, srv_error *err)
{
    if (!valid_date(v)) return srv_fail(err, 400, "invalid_parameter", "%s: dob must be YYYY, YYYY-MM or YYYY-MM-DD", where);
    q->dob = v;
    return 0;
}

static int set_gender(srv_query *q, const char *v, const char *where, srv_error *err)
{
    if (strcmp(v, "male") && strcmp(v, "female"))
        return srv_fail(err, 400, "invalid_parameter", "%s: gender must be male or female", where);
    q->gender = v;
    return 0;
}

static int add_id(srv_query *q, const char *v, const char *where, srv_error *err)
{
    if (!*v) return srv_fail(err, 400, "invalid_parameter", "%s: an empty id", where);
    if (strlen(v) > 256) return srv_fail(err, 400, "invalid_parameter", "%s: an id is longer than 256 bytes", where);
    if (q->n_ids >= SRV_MAX_IDS) return srv_fail(err, 400, "invalid_parameter", "%s: more than %d ids", where, SRV_MAX_IDS);
    q->ids[q->n_ids++] = v;
    return 0;
}

/* ------------------------------------------------------------------ */
/* GET /v1/screen                                                     */
/* ------------------------------------------------------------------ */

int srv_parse_screen_get(srv_request *r, const srv_params *p, const srv_limits *lim, srv_error *err)
{
    request_init(r, SRV_SCREEN_GET, lim);
    r->queries = calloc(1, sizeof *r->queries);
    if (!r->queries) return srv_fail(err, 500, "out_of_memory", "out of memory");
    r->n_queries = 1;
    srv_query *q = &r->queries[0];
    static const char *single[] = {"name", "type", "dob", "country", "gender", "threshold", "limit", "algorithm"};
    for (size_t i = 0; i < p->n; i++) {
        const char *k = p->kv[i].key, *v = p->kv[i].value;
        for (size_t s = 0; s < sizeof single / sizeof single[0]; s++)
            for (size_t j = 0; j < i; j++)
                if (!strcmp(k, single[s]) && !strcmp(p->kv[j].key, k))
                    return srv_fail(err, 400, "duplicate_parameter", "parameter '%s' is given more than once", k);
        int rc = 0;
        if (!strcmp(k, "name")) { q->names[0] = v; q->n_names = 1; }
        else if (!strcmp(k, "type")) rc = set_type(q, v, "type", err);
        else if (!strcmp(k, "dob")) rc = *v ? set_dob(q, v, "dob", err) : 0;
        else if (!strcmp(k, "country")) { rc = check_field("country", v, 128, err); if (*v) q->country = v; }
        else if (!strcmp(k, "gender")) rc = *v ? set_gender(q, v, "gender", err) : 0;
        else if (!strcmp(k, "id")) rc = add_id(q, v, "id", err);
        else if (!strcmp(k, "threshold")) {
            double d;
            rc = parse_number(v, &d) ? srv_fail(err, 400, "invalid_parameter", "threshold must be a number from 0 to 1")
                                     : set_threshold(r, d, "threshold", err);
        } else if (!strcmp(k, "limit")) {
            double d;
            rc = parse_number(v, &d) ? srv_fail(err, 400, "invalid_parameter", "limit must be a whole number")
                                     : set_limit(r, d, lim, err);
        } else if (!strcmp(k, "algorithm")) rc = set_algorithm(r, v, err);
        else if (!strcmp(k, "source")) rc = append_sources(r->sources, sizeof r->sources, v, "source", err);
        else
            rc = srv_fail(err, 400, "unknown_parameter",
                          "unknown parameter '%.64s' (name, type, dob, country, id, gender, threshold, limit, algorithm, source)", k);
        if (rc) return rc;
    }
    if (check_name(q->names[0], lim, "name", err)) return -1;
    request_finish(r);
    return 0;
}

/* ------------------------------------------------------------------ */
/* JSON bodies                                                        */
/* ------------------------------------------------------------------ */

static int load_body(json_t **out, const char *body, size_t len, srv_error *err)
{
    json_error_t je;
    *out = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
    if (!*out) return srv_fail(err, 400, "invalid_json", "malformed JSON at line %d column %d: %s", je.line, je.column, je.text);
    if (!json_is_object(*out)) return srv_fail(err, 400, "invalid_json", "the body must be a JSON object");
    return 0;
}

/* A JSON member that must be a string (or absent). */
static int get_string(const json_t *o, const char *key, const char **out, const char *where, srv_error *err)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v)) return 0;
    if (!json_is_string(v)) return srv_fail(err, 400, "invalid_type", "%s: \"%s\" must be a string", where, key);
    *out = json_string_value(v);
    return 0;
}

static int no_params(const srv_params *p, const char *path, srv_error *err)
{
    if (p && p->n)
        return srv_fail(err, 400, "unknown_parameter", "%s takes its options in the JSON body, not '%.64s' in the query string",
                        path, p->kv[0].key);
    return 0;
}

/* The options shared by POST bodies: threshold, limit, algorithm, source. */
static int body_options(srv_request *r, json_t *root, const srv_limits *lim, srv_error *err)
{
    json_t *v;
    if ((v = json_object_get(root, "threshold")) && !json_is_null(v)) {
        if (!json_is_number(v)) return srv_fail(err, 400, "invalid_type", "\"threshold\" must be a number");
        if (set_threshold(r, json_number_value(v), "threshold", err)) return -1;
    }
    if ((v = json_object_get(root, "limit")) && !json_is_null(v)) {
        if (!json_is_number(v)) return srv_fail(err, 400, "invalid_type", "\"limit\" must be a number");
        if (set_limit(r, json_number_value(v), lim, err)) return -1;
    }
    const char *s;
    if (get_string(root, "algorithm", &s, "body", err)) return -1;
    if (s && set_algorithm(r, s, err)) return -1;
    if (get_string(root, "source", &s, "body", err)) return -1;
    if (s && append_sources(r->sources, sizeof r->sources, s, "source", err)) return -1;
    return 0;
}

int srv_parse_screen_post(srv_request *r, const char *body, size_t len, const srv_params *p, const srv_limits *lim,
                          srv_error *err)
{
    request_init(r, SRV_SCREEN_POST, lim);
    if (no_params(p, "POST /v1/screen", err)) return -1;
    if (load_body(&r->root, body, len, err)) return -1;
    const char *key;
    json_t *v;
    json_object_foreach(r->root, key, v) {
        if (strcmp(key, "queries") && strcmp(key, "threshold") && strcmp(key, "limit") && strcmp(key, "algorithm") &&
            strcmp(key, "source"))
            return srv_fail(err, 400, "unknown_field",
                            "unknown field \"%.64s\" (queries, threshold, limit, algorithm, source)", key);
    }
    if (body_options(r, r->root, lim, err)) return -1;
    json_t *qs = json_object_get(r->root, "queries");
    if (!json_is_array(qs)) return srv_fail(err, 400, "invalid_type", "\"queries\" must be an array of query objects");
    size_t n = json_array_size(qs);
    if (n == 0) return srv_fail(err, 400, "invalid_parameter", "\"queries\" is empty");
    if (n > lim->max_batch) return srv_fail(err, 413, "batch_too_large", "%zu queries; at most %zu per request", n, lim->max_batch);
    r->queries = calloc(n, sizeof *r->queries);
    if (!r->queries) return srv_fail(err, 500, "out_of_memory", "out of memory");
    r->n_queries = n;
    for (size_t i = 0; i < n; i++) {
        json_t *qo = json_array_get(qs, i);
        srv_query *q = &r->queries[i];
        char where[48];
        snprintf(where, sizeof where, "queries[%zu]", i);
        if (!json_is_object(qo)) return srv_fail(err, 400, "invalid_type", "%s must be an object", where);
        json_object_foreach(qo, key, v) {
            const char *s = NULL;
            if (!strcmp(key, "ids")) {
                if (!json_is_array(v)) return srv_fail(err, 400, "invalid_type", "%s: \"ids\" must be an array of strings", where);
                for (size_t k = 0; k < json_array_size(v); k++) {
                    json_t *e = json_array_get(v, k);
                    if (!json_is_string(e)) return srv_fail(err, 400, "invalid_type", "%s: \"ids\" must be an array of strings", where);
                    if (add_id(q, json_string_value(e), where, err)) return -1;
                }
                continue;
            }
            if (json_is_null(v)) continue;
            if (!json_is_string(v)) return srv_fail(err, 400, "invalid_type", "%s: \"%.32s\" must be a string", where, key);
            s = json_string_value(v);
            int rc = 0;
            if (!strcmp(key, "name")) { q->names[0] = s; q->n_names = 1; }
            else if (!strcmp(key, "type")) rc = set_type(q, s, where, err);
            else if (!strcmp(key, "dob")) rc = *s ? set_dob(q, s, where, err) : 0;
            else if (!strcmp(key, "country")) { rc = check_field("country", s, 128, err); if (*s) q->country = s; }
            else if (!strcmp(key, "gender")) rc = *s ? set_gender(q, s, where, err) : 0;
            else if (!strcmp(key, "id")) rc = *s ? add_id(q, s, where, err) : 0;
            else if (!strcmp(key, "key")) q->key = s;
            else rc = srv_fail(err, 400, "unknown_field", "%s: unknown field \"%.32s\" (key, name, type, dob, country, id, ids, gender)", where, key);
            if (rc) return rc;
        }
        if (check_name(q->names[0], lim, where, err)) return -1;
    }
    request_finish(r);
    return 0;
}

/* ------------------------------------------------------------------ */
/* POST /match/{dataset} (yente)                                      */
/* ------------------------------------------------------------------ */

/* FtM properties whose values are identifiers. */
static const char *const id_props[] = {"idNumber", "passportNumber", "registrationNumber", "taxNumber", "imoNumber",
                                       "mmsi", "swiftBic", "innCode", "ogrnCode", "leiCode", "vatCode", "okpoCode",
                                       "icijId", "opencorporatesUrl", "bicCode", "registrationNumber", "callSign",
                                       "serialNumber", "publicKey"};

static int is_id_prop(const char *k)
{
    for (size_t i = 0; i < sizeof id_props / sizeof id_props[0]; i++)
        if (!strcmp(k, id_props[i])) return 1;
    return 0;
}

/* Calls fn for each string of a property value (a string or an array of
 * strings); anything else is a 400. */
static int prop_values(json_t *v, const char *where, const char *prop, srv_error *err,
                       int (*fn)(srv_query *, const char *, const char *, srv_error *), srv_query *q)
{
    if (json_is_string(v)) return fn(q, json_string_value(v), where, err);
    if (!json_is_array(v))
        return srv_fail(err, 400, "invalid_type", "%s: property \"%.32s\" must be a string or an array of strings", where, prop);
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *e = json_array_get(v, i);
        if (!json_is_string(e))
            return srv_fail(err, 400, "invalid_type", "%s: property \"%.32s\" must be a string or an array of strings", where, prop);
        if (fn(q, json_string_value(e), where, err)) return -1;
    }
    return 0;
}

static int yq_name(srv_query *q, const char *v, const char *where, srv_error *err)
{
    if (!*v) return 0;
    if (q->n_names < SRV_MAX_NAMES) q->names[q->n_names++] = v; /* more names than that add nothing but time */
    return 0;
}

static int yq_dob(srv_query *q, const char *v, const char *where, srv_error *err)
{
    if (q->dob || !*v) return 0;
    if (!valid_date(v)) return srv_fail(err, 400, "invalid_parameter", "%s: birthDate must be YYYY, YYYY-MM or YYYY-MM-DD", where);
    q->dob = v;
    return 0;
}

static int yq_country(srv_query *q, const char *v, const char *where, srv_error *err)
{
    if (!q->country && *v) {
        if (strlen(v) > 128) return srv_fail(err, 400, "invalid_parameter", "%s: a country is longer than 128 bytes", where);
        q->country = v;
    }
    return 0;
}

static int yq_gender(srv_query *q, const char *v, const char *where, srv_error *err)
{
    if (!q->gender && (!strcmp(v, "male") || !strcmp(v, "female"))) q->gender = v; /* FtM also has "other" */
    return 0;
}

static int yq_id(srv_query *q, const char *v, const char *where, srv_error *err)
{
    return *v ? add_id(q, v, where, err) : 0;
}

static int yq_ignore(srv_query *q, const char *v, const char *where, srv_error *err) { return 0; }

static int parse_yente_query(srv_query *q, const char *key, json_t *qo, const srv_limits *lim, srv_error *err)
{
    char where[96];
    snprintf(where, sizeof where, "queries.%.64s", key);
    q->key = key;
    q->echo = qo;
    if (!json_is_object(qo)) return srv_fail(err, 400, "invalid_type", "%s must be an object", where);
    const char *k;
    json_t *v;
    json_object_foreach(qo, k, v) {
        if (strcmp(k, "schema") && strcmp(k, "properties") && strcmp(k, "id"))
            return srv_fail(err, 400, "unknown_field", "%s: unknown field \"%.32s\" (schema, properties, id)", where, k);
    }
    json_t *schema = json_object_get(qo, "schema");
    if (!json_is_string(schema)) return srv_fail(err, 400, "invalid_type", "%s: \"schema\" must be a string such as \"Person\"", where);
    if (set_type(q, json_string_value(schema), where, err)) return -1;
    json_t *props = json_object_get(qo, "properties");
    if (!json_is_object(props)) return srv_fail(err, 400, "invalid_type", "%s: \"properties\" must be an object", where);
    json_object_foreach(props, k, v) {
        int (*fn)(srv_query *, const char *, const char *, srv_error *) = yq_ignore;
        if (!strcmp(k, "name") || !strcmp(k, "alias") || !strcmp(k, "previousName")) fn = yq_name;
        else if (!strcmp(k, "birthDate")) fn = yq_dob;
        else if (!strcmp(k, "nationality") || !strcmp(k, "citizenship") || !strcmp(k, "country") ||
                 !strcmp(k, "jurisdiction") || !strcmp(k, "flag"))
            fn = yq_country;
        else if (!strcmp(k, "gender")) fn = yq_gender;
        else if (is_id_prop(k)) fn = yq_id;
        if (prop_values(v, where, k, err, fn, q)) return -1;
    }
    /* "name" first: aliases only add evidence */
    if (q->n_names == 0)
        return srv_fail(err, 400, "missing_name", "%s: embargo matches on names: give properties.name", where);
    for (size_t i = 0; i < q->n_names; i++)
        if (strlen(q->names[i]) > lim->max_query_len)
            return srv_fail(err, 400, "query_too_long", "%s: a name is longer than %zu bytes", where, lim->max_query_len);
    return 0;
}

int srv_parse_match(srv_request *r, const char *dataset, const char *body, size_t len, const srv_params *p,
                    const srv_limits *lim, srv_error *err)
{
    request_init(r, SRV_MATCH, lim);
    r->opts.limit = lim->limit < 5 ? lim->limit : 5; /* yente's default */
    if (!dataset || !*dataset || strlen(dataset) >= sizeof r->dataset)
        return srv_fail(err, 404, "not_found", "no such dataset");
    snprintf(r->dataset, sizeof r->dataset, "%s", dataset);
    for (size_t i = 0; p && i < p->n; i++) {
        const char *k = p->kv[i].key, *v = p->kv[i].value;
        double d;
        int rc = 0;
        if (!strcmp(k, "threshold"))
            rc = parse_number(v, &d) ? srv_fail(err, 400, "invalid_parameter", "threshold must be a number from 0 to 1")
                                     : set_threshold(r, d, "threshold", err);
        else if (!strcmp(k, "cutoff")) {
            if (parse_number(v, &d) || !(d >= 0 && d <= 1)) rc = srv_fail(err, 400, "invalid_parameter", "cutoff must be a number from 0 to 1");
            else r->opts.min_score = d > 0 ? d : 1e-9; /* 0 would mean the library default */
        } else if (!strcmp(k, "limit"))
            rc = parse_number(v, &d) ? srv_fail(err, 400, "invalid_parameter", "limit must be a whole number")
                                     : set_limit(r, d, lim, err);
        else if (!strcmp(k, "algorithm")) rc = set_algorithm(r, v, err);
        else if (!strcmp(k, "include_dataset")) rc = append_sources(r->sources, sizeof r->sources, v, k, err);
        else if (!strcmp(k, "exclude_dataset")) rc = append_sources(r->exclude, sizeof r->exclude, v, k, err);
        else if (!strcmp(k, "fuzzy")) rc = 0; /* deprecated in yente too: no effect */
        else if (!strcmp(k, "topics") || !strcmp(k, "changed_since") || !strcmp(k, "exclude_schema") ||
                 !strcmp(k, "exclude_entity_ids"))
            rc = srv_fail(err, 400, "unsupported_parameter", "parameter '%s' of yente is not supported by embargo", k);
        else
            rc = srv_fail(err, 400, "unknown_parameter",
                          "unknown parameter '%.64s' (threshold, cutoff, limit, algorithm, include_dataset, exclude_dataset)", k);
        if (rc) return rc;
    }
    if (load_body(&r->root, body, len, err)) return -1;
    const char *key;
    json_t *v;
    json_object_foreach(r->root, key, v) {
        if (strcmp(key, "queries")) return srv_fail(err, 400, "unknown_field", "unknown field \"%.64s\" (queries)", key);
    }
    json_t *qs = json_object_get(r->root, "queries");
    if (!json_is_object(qs)) return srv_fail(err, 400, "invalid_type", "\"queries\" must be an object of named queries");
    size_t n = json_object_size(qs);
    if (n == 0) return srv_fail(err, 400, "invalid_parameter", "\"queries\" is empty");
    if (n > lim->max_batch) return srv_fail(err, 413, "batch_too_large", "%zu queries; at most %zu per request", n, lim->max_batch);
    r->queries = calloc(n, sizeof *r->queries);
    if (!r->queries) return srv_fail(err, 500, "out_of_memory", "out of memory");
    json_object_foreach(qs, key, v) {
        if (parse_yente_query(&r->queries[r->n_queries], key, v, lim, err)) return -1;
        r->n_queries++;
    }
    request_finish(r);
    return 0;
}

int srv_parse_scan(srv_scan_request *r, const char *body, size_t len, const srv_params *p, const srv_limits *lim,
                   srv_error *err)
{
    memset(r, 0, sizeof *r);
    embargo_scan_opts o = EMBARGO_SCAN_OPTS_INIT;
    r->opts = o;
    r->opts.threshold = lim->threshold;
    if (no_params(p, "POST /v1/scan", err)) return -1;
    if (load_body(&r->root, body, len, err)) return -1;
    const char *key;
    json_t *v;
    json_object_foreach(r->root, key, v)
        if (strcmp(key, "text") && strcmp(key, "threshold") && strcmp(key, "min_score") && strcmp(key, "source"))
            return srv_fail(err, 400, "unknown_field", "unknown field \"%.64s\" (text, threshold, min_score, source)", key);
    json_t *t = json_object_get(r->root, "text");
    if (!json_is_string(t)) return srv_fail(err, 400, "invalid_type", "\"text\" must be a string");
    r->text = json_string_value(t);
    r->len = json_string_length(t);
    const char *num[2] = {"threshold", "min_score"};
    double *dst[2] = {&r->opts.threshold, &r->opts.min_score};
    for (int k = 0; k < 2; k++) {
        if (!(v = json_object_get(r->root, num[k])) || json_is_null(v)) continue;
        if (!json_is_number(v)) return srv_fail(err, 400, "invalid_type", "\"%s\" must be a number", num[k]);
        double d = json_number_value(v);
        if (!(d >= 0 && d <= 1)) return srv_fail(err, 400, "invalid_parameter", "%s must be a number from 0 to 1", num[k]);
        *dst[k] = k == 1 && d == 0 ? 1e-9 : d; /* a min_score of 0 would mean the library's default */
    }
    const char *src;
    if (get_string(r->root, "source", &src, "body", err)) return -1;
    if (src && append_sources(r->sources, sizeof r->sources, src, "source", err)) return -1;
    if (r->sources[0]) r->opts.sources = r->sources;
    return 0;
}

void srv_scan_request_free(srv_scan_request *r)
{
    json_decref(r->root);
    r->root = NULL;
}

/* ------------------------------------------------------------------ */
/* Configuration file                                                 */
/* ------------------------------------------------------------------ */

void srv_config_default(srv_config *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->bind, sizeof c->bind, "127.0.0.1");
    c->port = 8080;
    c->max_body = 1 << 20;
    c->max_connections = 1024;
    c->timeout = 30;
    c->cache = 0;
    srv_limits_default(&c->limits);
}

static int cfg_uint(json_t *v, const char *key, double lo, double hi, double *out, srv_error *err)
{
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
        return srv_fail(err, 400, "invalid_config", "config: \"%s\" must be a whole number from %.0f to %.0f", key, lo, hi);
    *out = (double)json_integer_value(v);
    return 0;
}

int srv_config_parse(srv_config *c, const char *bytes, size_t len, srv_error *err)
{
    json_t *root;
    json_error_t je;
    root = json_loadb(bytes, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) return srv_fail(err, 400, "invalid_config", "config: malformed JSON at line %d column %d: %s", je.line, je.column, je.text);
    int rc = 0;
    if (!json_is_object(root)) rc = srv_fail(err, 400, "invalid_config", "config: must be a JSON object");
    const char *key;
    json_t *v;
    if (!rc) json_object_foreach(root, key, v) {
        double d = 0;
        if (!strcmp(key, "bind") || !strcmp(key, "admin_token")) {
            if (!json_is_string(v)) { rc = srv_fail(err, 400, "invalid_config", "config: \"%s\" must be a string", key); break; }
            const char *s = json_string_value(v);
            char *dst = !strcmp(key, "bind") ? c->bind : c->admin_token;
            size_t cap = !strcmp(key, "bind") ? sizeof c->bind : sizeof c->admin_token;
            if (strlen(s) >= cap) { rc = srv_fail(err, 400, "invalid_config", "config: \"%s\" is too long", key); break; }
            snprintf(dst, cap, "%s", s);
        } else if (!strcmp(key, "port")) {
            if ((rc = cfg_uint(v, key, 0, 65535, &d, err))) break;
            c->port = (unsigned)d;
        } else if (!strcmp(key, "threads")) {
            if ((rc = cfg_uint(v, key, 0, 256, &d, err))) break;
            c->threads = (unsigned)d;
        } else if (!strcmp(key, "max_body")) {
            if ((rc = cfg_uint(v, key, 1024, 1 << 30, &d, err))) break;
            c->max_body = (size_t)d;
        } else if (!strcmp(key, "max_batch")) {
            if ((rc = cfg_uint(v, key, 1, 100000, &d, err))) break;
            c->limits.max_batch = (size_t)d;
        } else if (!strcmp(key, "max_query_len")) {
            if ((rc = cfg_uint(v, key, 16, 65536, &d, err))) break;
            c->limits.max_query_len = (size_t)d;
        } else if (!strcmp(key, "max_connections")) {
            if ((rc = cfg_uint(v, key, 1, 100000, &d, err))) break;
            c->max_connections = (size_t)d;
        } else if (!strcmp(key, "timeout")) {
            if ((rc = cfg_uint(v, key, 1, 3600, &d, err))) break;
            c->timeout = (unsigned)d;
        } else if (!strcmp(key, "cache")) {
            if ((rc = cfg_uint(v, key, 0, 1000000, &d, err))) break;
            c->cache = (size_t)d;
        } else if (!strcmp(key, "limit")) {
            if ((rc = cfg_uint(v, key, 1, (double)c->limits.max_limit, &d, err))) break;
            c->limits.limit = (size_t)d;
        } else if (!strcmp(key, "threshold")) {
            if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 1) {
                rc = srv_fail(err, 400, "invalid_config", "config: \"threshold\" must be a number from 0 to 1");
                break;
            }
            c->limits.threshold = json_number_value(v);
        } else {
            rc = srv_fail(err, 400, "invalid_config", "config: unknown key \"%.64s\"", key);
            break;
        }
    }
    json_decref(root);
    return rc;
}

const char *srv_ftm_schema(embargo_schema s)
{
    switch (s) {
    case EMBARGO_PERSON: return "Person";
    case EMBARGO_ORGANIZATION: return "Organization";
    case EMBARGO_VESSEL: return "Vessel";
    case EMBARGO_AIRCRAFT: return "Airplane";
    default: return "LegalEntity";
    }
}
