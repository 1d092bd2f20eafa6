/* db.h - the immutable db: flat record arrays plus the token index.  Either
 * built in memory by the loader or mapped from an index file. */
#ifndef EMB_DB_H
#define EMB_DB_H
#include "model/model.h"
#include "index/index.h"

struct embargo_db {
    const char *pool;
    size_t pool_len;
    const emb_entity_rec *ents;
    size_t n_ents;
    const emb_name_rec *names;
    size_t n_names;
    const emb_attr_rec *attrs;
    size_t n_attrs;
    emb_source_meta *sources;
    size_t n_sources;
    emb_index idx;
    /* ownership */
    void *map;            /* mmap'd index file, or NULL */
    size_t map_len;
    void *owned[8];       /* malloc'd arrays to free */
    size_t n_owned;
};

/* Ties the listings of one party across sources (model/party.c). */
void emb_db_link_parties(embargo_db *db);

static inline const char *emb_db_str(const embargo_db *db, uint32_t off) { return db->pool + off; }

#endif
