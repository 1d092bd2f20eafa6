/* handlers.c - the endpoints' work once a request is parsed: screening
 * (embargo's own shape and yente's /match shape), the list inventory and
 * entity records.  Match objects come from embargo_match_json so that the
 * server and `embargo screen --json` print the same thing. */
#include "server/server.h"
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static double round4(double v) { return floor(v * 10000.0 + 0.5) / 10000.0; }

/* Is source id `id` in the comma-separated list? */
static int in_list(const char *list, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = list; p && *p;) {
        const char *c = strchr(p, ',');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        if (len == n && !strncmp(p, id, n)) return 1;
        p = c ? c + 1 : NULL;
    }
    return 0;
}

/* The library query for name k of q. */
static embargo_query library_query(const srv_query *q, size_t k)
{
    embargo_query eq = {0};
    eq.name = q->names[k];
    eq.schema = q->schema;
    eq.dob = q->dob;
    eq.country = q->country;
    eq.ids = q->ids;
    eq.n_ids = q->n_ids;
    eq.gender = q->gender;
    return eq;
}

/* Screens every name of q (yente queries may carry several) and keeps, per
 * entity, its best match, best first, at most opts->limit.  One name: *out
 * is the ctx's own results (valid until it screens again) and *owned NULL;
 * several: the matches are copied into *owned, which the caller frees. */
static int screen_query(embargo_ctx *ctx, const srv_query *q, const embargo_screen_opts *opts, const embargo_match **out,
                        size_t *n_out, embargo_match **owned, embargo_error *err)
{
    *out = NULL;
    *n_out = 0;
    *owned = NULL;
    if (q->n_names == 1) {
        embargo_query eq = library_query(q, 0);
        return embargo_screen(ctx, &eq, opts, out, n_out, err);
    }
    size_t cap = 0, n = 0;
    embargo_match *all = NULL;
    for (size_t k = 0; k < q->n_names; k++) {
        embargo_query eq = library_query(q, k);
        const embargo_match *m;
        size_t nm;
        int rc = embargo_screen(ctx, &eq, opts, &m, &nm, err);
        if (rc) { free(all); return rc; }
        for (size_t i = 0; i < nm; i++) {
            size_t j;
            for (j = 0; j < n && all[j].entity != m[i].entity; j++) {}
            if (j < n) { if (m[i].score > all[j].score) all[j] = m[i]; continue; }
            if (n == cap) {
                size_t c = cap ? cap * 2 : 16;
                embargo_match *p = realloc(all, c * sizeof *p);
                if (!p) { free(all); return EMBARGO_ENOMEM; }
                all = p;
                cap = c;
            }
            all[n++] = m[i];
        }
    }
    /* the library ranks parties best first, a party's listings together: a
     * stable insertion sort on the party score keeps that grouping across
     * names (n is small: limit per name) */
    for (size_t i = 1; i < n; i++) {
        embargo_match t = all[i];
        size_t j = i;
        while (j > 0 && all[j - 1].party_score < t.party_score) { all[j] = all[j - 1]; j--; }
        all[j] = t;
    }
    if (n > opts->limit) n = opts->limit;
    *out = all;
    *owned = all;
    *n_out = n;
    return 0;
}

/* The match objects written straight into the response (no copy, no
 * allocation once the buffer has grown to the usual response size). */
static void matches_array(cli_buf *b, const embargo_db *db, const embargo_match *m, size_t n)
{
    cli_buf_add(b, "[", 1);
    for (size_t i = 0; i < n; i++) {
        if (i) cli_buf_add(b, ",", 1);
        size_t len;
        if (cli_buf_reserve(b, 2048)) return;
        if (embargo_match_json_write(b->p + b->len, b->cap - b->len, &len, db, &m[i], 1)) { b->oom = 1; return; }
        if (len >= b->cap - b->len) {
            if (cli_buf_reserve(b, len)) return;
            embargo_match_json_write(b->p + b->len, b->cap - b->len, &len, db, &m[i], 1);
        }
        b->len += len;
    }
    cli_buf_add(b, "]", 1);
}

static void error_object(cli_buf *b, const char *code, const char *msg)
{
    cli_buf_puts(b, "{\"code\":");
    srv_json_string(b, code);
    cli_buf_puts(b, ",\"message\":");
    srv_json_string(b, msg);
    cli_buf_puts(b, "}");
}

static const char *status_code_name(int rc)
{
    return rc == EMBARGO_EUTF8 ? "invalid_utf8" : rc == EMBARGO_EUSAGE ? "invalid_query" : "screening_failed";
}

/* ---- yente /match ---- */

/* FtM property for an identifier type. */
static const char *id_property(const char *type)
{
    static const struct { const char *type, *prop; } map[] = {
        {"Passport", "passportNumber"}, {"IMO", "imoNumber"}, {"MMSI", "mmsi"}, {"SWIFT/BIC", "swiftBic"},
        {"Tax ID", "taxNumber"}, {"Registration Number", "registrationNumber"}, {"National ID", "idNumber"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (type && !strcmp(type, map[i].type)) return map[i].prop;
    return "idNumber";
}

static void prop_add(json_t *props, const char *name, const char *value)
{
    if (!value || !*value) return;
    json_t *a = json_object_get(props, name);
    if (!a) { a = json_array(); json_object_set_new(props, name, a); }
    for (size_t i = 0; i < json_array_size(a); i++)
        if (!strcmp(json_string_value(json_array_get(a, i)), value)) return;
    json_array_append_new(a, json_string(value));
}

/* An entity's record as FollowTheMoney properties. */
static json_t *ftm_properties(const embargo_db *db, uint32_t index, const embargo_entity *e)
{
    json_t *p = json_object();
    for (size_t j = 0; j < e->n_names; j++) {
        embargo_name n;
        if (embargo_db_entity_name(db, index, j, &n)) continue;
        const char *prop = n.kind == EMBARGO_NAME_PRIMARY ? "name"
                         : n.kind == EMBARGO_NAME_WEAK_ALIAS ? "weakAlias"
                         : n.kind == EMBARGO_NAME_FORMER ? "previousName" : "alias";
        prop_add(p, prop, n.value);
    }
    for (size_t j = 0; j < e->n_attrs; j++) {
        embargo_attr a;
        if (embargo_db_entity_attr(db, index, j, &a)) continue;
        const char *prop = NULL;
        switch (a.kind) {
        case EMBARGO_ATTR_DOB: prop = e->schema == EMBARGO_PERSON || e->schema == EMBARGO_SCHEMA_UNKNOWN ? "birthDate" : "incorporationDate"; break;
        case EMBARGO_ATTR_POB: prop = "birthPlace"; break;
        case EMBARGO_ATTR_NATIONALITY: prop = e->schema == EMBARGO_VESSEL ? "flag" : "nationality"; break;
        case EMBARGO_ATTR_CITIZENSHIP: prop = "citizenship"; break;
        case EMBARGO_ATTR_COUNTRY: prop = "country"; break;
        case EMBARGO_ATTR_ID: prop = id_property(a.type); break;
        case EMBARGO_ATTR_ADDRESS: prop = "address"; break;
        case EMBARGO_ATTR_PROGRAM: prop = "programId"; break;
        case EMBARGO_ATTR_LISTED_ON: prop = "createdAt"; break;
        case EMBARGO_ATTR_REMARK: prop = "notes"; break;
        case EMBARGO_ATTR_GENDER: prop = "gender"; break;
        case EMBARGO_ATTR_TITLE: prop = "title"; break;
        case EMBARGO_ATTR_POSITION: prop = "position"; break;
        default: break;
        }
        if (prop) prop_add(p, prop, a.value);
    }
    prop_add(p, "topics", "sanction");
    return p;
}

static json_t *yente_result(const embargo_db *db, const embargo_match *m, const char *as_of)
{
    embargo_entity e;
    if (embargo_db_entity(db, m->entity, &e)) return NULL;
    json_t *features = json_object(), *expl = json_object(), *align = json_array();
    for (size_t i = 0; i < m->n_factors; i++) {
        json_object_set_new(features, m->factors[i].name, json_real(round4(m->factors[i].value)));
        json_object_set_new(expl, m->factors[i].name,
                            json_pack("{s:f,s:s}", "score", round4(m->factors[i].value), "detail", m->factors[i].detail));
    }
    for (size_t i = 0; i < m->n_align; i++) {
        const embargo_alignment *a = &m->align[i];
        json_t *ao = json_pack("{s:s,s:f,s:f}", "query", a->query_token, "similarity", round4(a->similarity), "weight",
                               round4(a->weight));
        json_object_set_new(ao, "listed", a->name_token[0] ? json_string(a->name_token) : json_null());
        json_array_append_new(align, ao);
    }
    embargo_entity party;
    const char *party_id = embargo_db_entity(db, e.party, &party) == 0 ? party.id : e.id;
    json_t *r = json_object();
    json_object_set_new(r, "id", json_string(e.id));
    json_object_set_new(r, "caption", json_string(e.name));
    json_object_set_new(r, "schema", json_string(srv_ftm_schema(e.schema)));
    json_object_set_new(r, "properties", ftm_properties(db, m->entity, &e));
    json_object_set_new(r, "datasets", json_pack("[s]", e.source));
    json_object_set_new(r, "referents", json_array());
    json_object_set_new(r, "target", json_true());
    json_object_set_new(r, "first_seen", json_null());
    json_object_set_new(r, "last_seen", as_of && *as_of ? json_string(as_of) : json_null());
    json_object_set_new(r, "last_change", json_null());
    json_object_set_new(r, "score", json_real(round4(m->score)));
    json_object_set_new(r, "features", features);
    json_object_set_new(r, "match", json_boolean(m->match));
    json_object_set_new(r, "explanations", expl);
    /* embargo's own detail: which name matched and how its tokens aligned */
    json_object_set_new(r, "embargo", json_pack("{s:s,s:f,s:s,s:s,s:o}", "matched_name",
                                                m->matched_name ? m->matched_name : e.name, "name_score",
                                                round4(m->name_score), "party", party_id, "source_id", e.source_id,
                                                "alignment", align));
    return r;
}

static json_t *matcher_json(const srv_request *r)
{
    static const char *const feats[][2] = {
        {"name", "Similarity of the best-aligned name (token alignment weighted by token rarity)."},
        {"dob", "Agreement of the birth date with the listed dates (multiplier)."},
        {"country", "Agreement of the country/nationality with the listed ones (multiplier)."},
        {"identifier", "An identifier of the query is listed for the entity."},
        {"gender", "Gender agreement."},
        {"weak_alias", "The name matched a weak (low quality) alias."},
    };
    json_t *f = json_object();
    for (size_t i = 0; i < sizeof feats / sizeof feats[0]; i++)
        json_object_set_new(f, feats[i][0], json_pack("{s:s,s:n,s:n}", "description", feats[i][1], "coefficient", "url"));
    int ofac = r->opts.algorithm == EMBARGO_ALGO_OFAC;
    return json_pack("{s:s,s:s,s:o}", "name", ofac ? "ofac" : "embargo-default", "description",
                     ofac ? "OFAC Sanctions List Search: Jaro-Winkler and Soundex on names."
                          : "embargo's token-aligned, evidence-weighted scorer (see the explanations of each result).",
                     "features", f);
}

/* The sources a /match request may see: the dataset path, include_dataset,
 * minus exclude_dataset.  404 for a dataset the db does not have. */
static int match_sources(const embargo_db *db, const srv_request *r, char *out, size_t cap, srv_error *err)
{
    int all = !strcmp(r->dataset, "default") || !strcmp(r->dataset, "all") || !strcmp(r->dataset, "sanctions");
    size_t n = embargo_db_source_count(db);
    if (!all) {
        int found = 0;
        for (size_t i = 0; i < n; i++) {
            embargo_source_info si;
            if (!embargo_db_source(db, i, &si) && !strcmp(si.id, r->dataset)) found = 1;
        }
        if (!found) return srv_fail(err, 404, "not_found", "no dataset '%.64s' (default, or a source id of /v1/lists)", r->dataset);
    }
    if (all && !r->sources[0] && !r->exclude[0]) { out[0] = '\0'; return 0; }
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        embargo_source_info si;
        if (embargo_db_source(db, i, &si)) continue;
        if (!all && strcmp(si.id, r->dataset)) continue;
        if (r->sources[0] && !in_list(r->sources, si.id)) continue;
        if (r->exclude[0] && in_list(r->exclude, si.id)) continue;
        int w = snprintf(out + used, cap - used, "%s%s", used ? "," : "", si.id);
        if (w < 0 || (size_t)w >= cap - used) return srv_fail(err, 400, "invalid_parameter", "too many datasets");
        used += (size_t)w;
    }
    /* nothing left: an impossible source id, so that nothing matches */
    if (!used) snprintf(out, cap, "%s", "-");
    return 0;
}

static int run_match(srv_state *s, srv_db *d, const srv_request *r, cli_buf *out, srv_error *err)
{
    char sources[1024];
    if (match_sources(d->db, r, sources, sizeof sources, err)) return -1;
    embargo_screen_opts opts = r->opts;
    opts.sources = sources[0] ? sources : NULL;
    embargo_ctx *ctx = srv_db_ctx_get(d);
    if (!ctx) return srv_fail(err, 500, "out_of_memory", "out of memory");
    /* the as-of date of each source, for last_seen */
    json_t *responses = json_object();
    for (size_t i = 0; i < r->n_queries; i++) {
        const srv_query *q = &r->queries[i];
        const embargo_match *m;
        embargo_match *owned;
        size_t n;
        embargo_error e = {0};
        atomic_fetch_add_explicit(&s->metrics.queries, 1, memory_order_relaxed);
        int rc = screen_query(ctx, q, &opts, &m, &n, &owned, &e);
        json_t *resp;
        if (rc) {
            resp = json_pack("{s:i,s:[],s:{s:i,s:s},s:O,s:{s:s,s:s}}", "status", 400, "results", "total", "value", 0,
                             "relation", "eq", "query", q->echo, "error", "code", status_code_name(rc), "message", e.msg);
        } else {
            json_t *results = json_array();
            for (size_t k = 0; k < n; k++) {
                embargo_entity ent;
                const char *as_of = NULL;
                if (!embargo_db_entity(d->db, m[k].entity, &ent)) {
                    for (size_t j = 0; j < embargo_db_source_count(d->db); j++) {
                        embargo_source_info si;
                        if (!embargo_db_source(d->db, j, &si) && !strcmp(si.id, ent.source)) as_of = si.as_of;
                    }
                }
                json_t *res = yente_result(d->db, &m[k], as_of);
                if (res) json_array_append_new(results, res);
            }
            resp = json_pack("{s:i,s:o,s:{s:I,s:s},s:O}", "status", 200, "results", results, "total", "value",
                             (json_int_t)json_array_size(results), "relation", "eq", "query", q->echo);
            free(owned);
        }
        if (resp) json_object_set_new(responses, q->key, resp);
    }
    srv_db_ctx_put(d, ctx);
    json_t *root = json_pack("{s:o,s:o,s:I}", "responses", responses, "matcher", matcher_json(r), "limit",
                             (json_int_t)r->opts.limit);
    char *txt = root ? json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(root);
    if (!txt) return srv_fail(err, 500, "out_of_memory", "out of memory");
    cli_buf_puts(out, txt);
    free(txt);
    return 0;
}

int srv_run_screen(srv_state *s, srv_db *d, const srv_request *r, cli_buf *out, srv_error *err)
{
    if (r->kind == SRV_MATCH) return run_match(s, d, r, out, err);
    embargo_ctx *ctx = srv_db_ctx_get(d);
    if (!ctx) return srv_fail(err, 500, "out_of_memory", "out of memory");
    int batch = r->kind == SRV_SCREEN_POST;
    /* a response of ten explained matches is 5-8 KB: grow once, not four times */
    cli_buf_reserve(out, 8192 * (r->n_queries < 8 ? r->n_queries : 8));
    if (batch) {
        cli_buf_printf(out, "{\"threshold\":%.4g,\"algorithm\":\"%s\",\"results\":[", r->opts.threshold, r->algorithm_name);
    }
    for (size_t i = 0; i < r->n_queries; i++) {
        const srv_query *q = &r->queries[i];
        const embargo_match *m;
        embargo_match *owned;
        size_t n;
        embargo_error e = {0};
        atomic_fetch_add_explicit(&s->metrics.queries, 1, memory_order_relaxed);
        int rc = screen_query(ctx, q, &r->opts, &m, &n, &owned, &e);
        if (rc && !batch) {
            srv_db_ctx_put(d, ctx);
            return srv_fail(err, rc == EMBARGO_ENOMEM ? 500 : 400, status_code_name(rc), "%s", e.msg);
        }
        if (i) cli_buf_puts(out, ",");
        cli_buf_puts(out, "{\"query\":");
        srv_json_string(out, q->names[0]);
        if (q->key) {
            cli_buf_puts(out, ",\"key\":");
            srv_json_string(out, q->key);
        }
        if (!batch) cli_buf_printf(out, ",\"threshold\":%.4g,\"algorithm\":\"%s\"", r->opts.threshold, r->algorithm_name);
        if (rc) {
            cli_buf_puts(out, ",\"error\":");
            error_object(out, status_code_name(rc), e.msg);
        } else {
            cli_buf_puts(out, ",\"matches\":");
            matches_array(out, d->db, m, n);
            free(owned);
        }
        if (!batch) {
            if (d->warnings && strcmp(d->warnings, "[]")) {
                cli_buf_puts(out, ",\"warnings\":");
                cli_buf_puts(out, d->warnings);
            }
        }
        cli_buf_puts(out, "}");
    }
    srv_db_ctx_put(d, ctx);
    if (batch) {
        cli_buf_puts(out, "]");
        if (d->warnings && strcmp(d->warnings, "[]")) {
            cli_buf_puts(out, ",\"warnings\":");
            cli_buf_puts(out, d->warnings);
        }
        cli_buf_puts(out, "}");
    }
    if (out->oom) return srv_fail(err, 500, "out_of_memory", "out of memory");
    return 0;
}

void srv_lists_json(srv_db *d, cli_buf *out)
{
    cli_buf_printf(out, "{\"index\":{\"version\":\"%s\",\"generation\":%lu,\"loaded_at\":\"%s\",\"entities\":%zu},\"sources\":[",
                   d->version, d->generation, d->loaded_at, embargo_db_entity_count(d->db));
    size_t n = embargo_db_source_count(d->db);
    for (size_t i = 0; i < n; i++) {
        embargo_source_info si;
        if (embargo_db_source(d->db, i, &si)) continue;
        double age = srv_age_days(si.as_of);
        cli_buf_puts(out, i ? ",{\"id\":" : "{\"id\":");
        srv_json_string(out, si.id);
        cli_buf_puts(out, ",\"format\":");
        srv_json_string(out, si.format);
        cli_buf_puts(out, ",\"as_of\":");
        if (si.as_of[0]) srv_json_string(out, si.as_of);
        else cli_buf_puts(out, "null");
        if (age >= 0) cli_buf_printf(out, ",\"age_days\":%d", (int)floor(age));
        else cli_buf_puts(out, ",\"age_days\":null");
        cli_buf_printf(out, ",\"records\":%zu,\"skipped\":%zu,\"files\":[", si.records, si.skipped);
        for (size_t k = 0; k < si.n_files; k++) {
            const char *base = strrchr(si.file_paths[k], '/');
            cli_buf_puts(out, k ? ",{\"name\":" : "{\"name\":");
            srv_json_string(out, base ? base + 1 : si.file_paths[k]);
            cli_buf_puts(out, ",\"sha256\":");
            srv_json_string(out, si.file_sha256[k] ? si.file_sha256[k] : "");
            cli_buf_puts(out, "}");
        }
        cli_buf_puts(out, "]}");
    }
    cli_buf_puts(out, "]");
    if (d->warnings) {
        cli_buf_puts(out, ",\"warnings\":");
        cli_buf_puts(out, d->warnings);
    }
    cli_buf_puts(out, "}");
}

int srv_entity_json(srv_db *d, const char *id, cli_buf *out, srv_error *err)
{
    uint32_t idx;
    if (!id || !*id || embargo_db_find(d->db, id, &idx))
        return srv_fail(err, 404, "not_found", "no entity '%.128s' (ids look like us_ofac_sdn-34779)", id ? id : "");
    char *s;
    if (embargo_entity_json(&s, d->db, idx)) return srv_fail(err, 500, "out_of_memory", "out of memory");
    cli_buf_puts(out, s);
    free(s);
    return 0;
}
