/* db.c - read access to the immutable db, and linking the listings of one
 * party across sources. */
#include "model/db.h"
#include "util/error.h"
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static const char *const schema_names[] = {"unknown", "person", "organization", "vessel", "aircraft"};

const char *embargo_schema_name(embargo_schema s)
{
    return (unsigned)s < 5 ? schema_names[s] : "unknown";
}

embargo_schema embargo_schema_parse(const char *s)
{
    if (!s) return EMBARGO_SCHEMA_UNKNOWN;
    static const struct { const char *n; embargo_schema s; } tab[] = {
        {"person", EMBARGO_PERSON}, {"individual", EMBARGO_PERSON},
        {"organization", EMBARGO_ORGANIZATION}, {"organisation", EMBARGO_ORGANIZATION},
        {"company", EMBARGO_ORGANIZATION}, {"legalentity", EMBARGO_ORGANIZATION},
        {"entity", EMBARGO_ORGANIZATION}, {"org", EMBARGO_ORGANIZATION},
        {"vessel", EMBARGO_VESSEL}, {"ship", EMBARGO_VESSEL},
        {"aircraft", EMBARGO_AIRCRAFT}, {"airplane", EMBARGO_AIRCRAFT},
    };
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcasecmp(s, tab[i].n) == 0) return tab[i].s;
    return EMBARGO_SCHEMA_UNKNOWN;
}

static const char *const attr_names[] = {
    "", "dob", "pob", "nationality", "citizenship", "country", "id", "address", "program",
    "listed_on", "remark", "gender", "title", "position", "crossref"};

const char *embargo_attr_kind_name(embargo_attr_kind k)
{
    return (unsigned)k < EMBARGO_ATTR_KIND_MAX ? attr_names[k] : "";
}

void embargo_db_free(embargo_db *db)
{
    if (!db) return;
    for (size_t i = 0; i < db->n_sources; i++) emb_source_meta_free(&db->sources[i]);
    free(db->sources);
    for (size_t i = 0; i < db->n_owned; i++) free(db->owned[i]);
    emb_index_free_owned(db);
    if (db->map) munmap(db->map, db->map_len);
    free(db);
}

size_t embargo_db_source_count(const embargo_db *db) { return db ? db->n_sources : 0; }

int embargo_db_source(const embargo_db *db, size_t i, embargo_source_info *out)
{
    if (!db || i >= db->n_sources || !out) return EMBARGO_ENOTFOUND;
    const emb_source_meta *m = &db->sources[i];
    out->id = m->id;
    out->format = m->format ? m->format : "";
    out->as_of = m->as_of ? m->as_of : "";
    out->records = m->records;
    out->skipped = m->skipped;
    out->n_files = m->n_files;
    out->file_paths = (const char *const *)m->paths;
    out->file_sha256 = (const char *const *)m->sha256;
    out->n_skip_reasons = m->n_skips;
    out->skip_reasons = (const char *const *)m->skip_reasons;
    out->skip_counts = m->skip_counts;
    out->n_unlinked = m->n_unlinked;
    out->unlinked_reasons = (const char *const *)m->unlinked_reasons;
    out->unlinked_counts = m->unlinked_counts;
    return 0;
}

size_t embargo_db_entity_count(const embargo_db *db) { return db ? db->n_ents : 0; }

int embargo_db_entity(const embargo_db *db, uint32_t index, embargo_entity *out)
{
    if (!db || index >= db->n_ents || !out) return EMBARGO_ENOTFOUND;
    const emb_entity_rec *e = &db->ents[index];
    out->index = index;
    out->id = emb_db_str(db, e->id);
    out->source = e->source < db->n_sources ? db->sources[e->source].id : "";
    out->source_id = emb_db_str(db, e->source_id);
    out->schema = (embargo_schema)e->schema;
    out->name = emb_db_str(db, e->name);
    out->party = e->party;
    out->n_names = e->n_names;
    out->n_attrs = e->n_attrs;
    return 0;
}

int embargo_db_entity_name(const embargo_db *db, uint32_t index, size_t j, embargo_name *out)
{
    if (!db || index >= db->n_ents || j >= db->ents[index].n_names) return EMBARGO_ENOTFOUND;
    const emb_name_rec *n = &db->names[db->ents[index].names_begin + j];
    out->value = emb_db_str(db, n->value);
    out->normalized = emb_db_str(db, n->norm);
    out->kind = (embargo_name_kind)n->kind;
    return 0;
}

int embargo_db_entity_attr(const embargo_db *db, uint32_t index, size_t j, embargo_attr *out)
{
    if (!db || index >= db->n_ents || j >= db->ents[index].n_attrs) return EMBARGO_ENOTFOUND;
    const emb_attr_rec *a = &db->attrs[db->ents[index].attrs_begin + j];
    out->kind = (embargo_attr_kind)a->kind;
    out->type = emb_db_str(db, a->type);
    out->value = emb_db_str(db, a->value);
    return 0;
}

int embargo_db_find(const embargo_db *db, const char *id, uint32_t *index_out)
{
    if (!db || !id) return EMBARGO_ENOTFOUND;
    /* linear scan is fine for an occasional lookup (entities page, tests) */
    for (size_t i = 0; i < db->n_ents; i++)
        if (strcmp(emb_db_str(db, db->ents[i].id), id) == 0) { *index_out = (uint32_t)i; return 0; }
    return EMBARGO_ENOTFOUND;
}
