/* json.c - match and entity objects as JSON, shared by the CLI and the
 * server so that both print exactly the same shape. */
#include "embargo.h"
#include "match/json.h"
#include "model/db.h"
#include <jansson.h>
#include <math.h>
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

int embargo_match_json(char **out, const embargo_db *db, const embargo_match *m, int explain)
{
    json_t *o = emb_match_to_json(db, m, explain);
    *out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return *out ? 0 : EMBARGO_ENOMEM;
}

int embargo_entity_json(char **out, const embargo_db *db, uint32_t index)
{
    json_t *o = emb_entity_to_json(db, index);
    *out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return *out ? 0 : EMBARGO_ENOMEM;
}
