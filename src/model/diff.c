/* diff.c - what changed between two publications of a list.  Entities are
 * matched on (source id, source_id), the authority's own record id, because
 * names and positions change between publications while record ids do not.
 * Both dbs are sorted by that key and walked together; a matched pair is
 * compared field by field as order-insensitive sets, since parsers keep list
 * order and authorities reorder aliases and addresses without meaning it. */
#include "model/db.h"
#include "util/error.h"
#include <stdlib.h>
#include <string.h>

struct embargo_diff {
    embargo_diff_entry *entries;
    size_t n;
    embargo_diff_stats stats;
};

typedef struct diff_key {
    const char *source;
    const char *sid;
    uint32_t index;
} diff_key;

/* One name or attribute reduced to comparable strings.  `kind` is the name
 * kind for names, the attribute kind for attributes. */
typedef struct diff_item {
    unsigned kind;
    const char *type;
    const char *value;
} diff_item;

typedef struct item_buf {
    diff_item *v;
    size_t n, cap;
} item_buf;

static const char *const extra_field_names[] = {"name", "aliases", "schema"};

const char *embargo_diff_field_name(uint32_t flag)
{
    for (unsigned i = 0; i < 3; i++)
        if (flag == (1u << i)) return extra_field_names[i];
    if (flag == EMBARGO_DIFF_ATTR(0)) return "other";
    for (unsigned k = 1; k < EMBARGO_ATTR_KIND_MAX; k++)
        if (flag == EMBARGO_DIFF_ATTR(k)) return embargo_attr_kind_name((embargo_attr_kind)k);
    return "";
}

static int in_list(const char *list, const char *id)
{
    if (!list || !*list) return 1;
    size_t n = strlen(id);
    for (const char *p = list;;) {
        const char *c = strchr(p, ',');
        size_t k = c ? (size_t)(c - p) : strlen(p);
        if (k == n && strncmp(p, id, n) == 0) return 1;
        if (!c) return 0;
        p = c + 1;
    }
}

static int cmp_key(const void *a, const void *b)
{
    const diff_key *x = a, *y = b;
    int c = strcmp(x->source, y->source);
    return c ? c : strcmp(x->sid, y->sid);
}

static int cmp_item(const void *a, const void *b)
{
    const diff_item *x = a, *y = b;
    if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
    int c = strcmp(x->type, y->type);
    return c ? c : strcmp(x->value, y->value);
}

/* The db's entities of the wanted sources, sorted by key (malloc'd). */
static int collect_keys(const embargo_db *db, const char *sources, diff_key **out, size_t *n_out)
{
    diff_key *k = malloc((db->n_ents + 1) * sizeof *k);
    if (!k) return EMBARGO_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < db->n_ents; i++) {
        const emb_entity_rec *e = &db->ents[i];
        const char *src = e->source < db->n_sources ? db->sources[e->source].id : "";
        if (!in_list(sources, src)) continue;
        k[n].source = src;
        k[n].sid = emb_db_str(db, e->source_id);
        k[n].index = (uint32_t)i;
        n++;
    }
    qsort(k, n, sizeof *k, cmp_key);
    *out = k;
    *n_out = n;
    return 0;
}

static int buf_push(item_buf *b, unsigned kind, const char *type, const char *value)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 32;
        diff_item *v = realloc(b->v, cap * sizeof *v);
        if (!v) return EMBARGO_ENOMEM;
        b->v = v;
        b->cap = cap;
    }
    b->v[b->n++] = (diff_item){kind, type, value};
    return 0;
}

/* Names other than the display name, sorted.  The display name is compared
 * on its own ("name"), so renaming the primary does not also count as an
 * alias change unless the old name stays on as an alias. */
static int collect_names(const embargo_db *db, const emb_entity_rec *e, item_buf *b)
{
    b->n = 0;
    const char *display = emb_db_str(db, e->name);
    int skipped_display = 0;
    for (uint32_t j = 0; j < e->n_names; j++) {
        const emb_name_rec *nr = &db->names[e->names_begin + j];
        const char *v = emb_db_str(db, nr->value);
        if (!skipped_display && strcmp(v, display) == 0) { skipped_display = 1; continue; }
        if (buf_push(b, nr->kind, "", v)) return EMBARGO_ENOMEM;
    }
    if (b->n > 1) qsort(b->v, b->n, sizeof *b->v, cmp_item); /* v is NULL while empty */
    return 0;
}

static int collect_attrs(const embargo_db *db, const emb_entity_rec *e, item_buf *b)
{
    b->n = 0;
    for (uint32_t j = 0; j < e->n_attrs; j++) {
        const emb_attr_rec *a = &db->attrs[e->attrs_begin + j];
        if (buf_push(b, a->kind, emb_db_str(db, a->type), emb_db_str(db, a->value))) return EMBARGO_ENOMEM;
    }
    if (b->n > 1) qsort(b->v, b->n, sizeof *b->v, cmp_item); /* v is NULL while empty */
    return 0;
}

/* Walks two sorted item lists; returns the set of kinds that differ as
 * bits (1 << kind). */
static uint32_t differing_kinds(const item_buf *a, const item_buf *b)
{
    uint32_t kinds = 0;
    size_t i = 0, j = 0;
    while (i < a->n || j < b->n) {
        int c = i == a->n ? 1 : j == b->n ? -1 : cmp_item(&a->v[i], &b->v[j]);
        if (c == 0) { i++; j++; continue; }
        const diff_item *x = c < 0 ? &a->v[i++] : &b->v[j++];
        kinds |= x->kind < 24 ? 1u << x->kind : 1u;
    }
    return kinds;
}

typedef struct scratch {
    item_buf a, b;
} scratch;

static int compare_entities(const embargo_db *odb, uint32_t oi, const embargo_db *ndb, uint32_t ni,
                            scratch *s, uint32_t *fields)
{
    const emb_entity_rec *o = &odb->ents[oi], *n = &ndb->ents[ni];
    uint32_t f = 0;
    if (strcmp(emb_db_str(odb, o->name), emb_db_str(ndb, n->name)) != 0) f |= EMBARGO_DIFF_NAME;
    if (o->schema != n->schema) f |= EMBARGO_DIFF_SCHEMA;
    if (collect_names(odb, o, &s->a) || collect_names(ndb, n, &s->b)) return EMBARGO_ENOMEM;
    if (differing_kinds(&s->a, &s->b)) f |= EMBARGO_DIFF_ALIASES;
    if (collect_attrs(odb, o, &s->a) || collect_attrs(ndb, n, &s->b)) return EMBARGO_ENOMEM;
    uint32_t kinds = differing_kinds(&s->a, &s->b);
    for (unsigned k = 1; k < EMBARGO_ATTR_KIND_MAX; k++)
        if (kinds & (1u << k)) f |= EMBARGO_DIFF_ATTR(k);
    /* attribute kinds this build does not know (from a newer index file)
     * still count as a change, as "other" */
    if (kinds & (1u | ~((1u << EMBARGO_ATTR_KIND_MAX) - 1u))) f |= EMBARGO_DIFF_ATTR(0);
    *fields = f;
    return 0;
}

typedef struct entry_vec {
    embargo_diff_entry *v;
    size_t n, cap;
} entry_vec;

static int entry_push(entry_vec *e, embargo_diff_kind kind, uint32_t oi, uint32_t ni, uint32_t fields)
{
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 64;
        embargo_diff_entry *v = realloc(e->v, cap * sizeof *v);
        if (!v) return EMBARGO_ENOMEM;
        e->v = v;
        e->cap = cap;
    }
    e->v[e->n++] = (embargo_diff_entry){kind, oi, ni, fields};
    return 0;
}

int embargo_diff_new(embargo_diff **out, const embargo_db *old_db, const embargo_db *new_db,
                     const embargo_diff_opts *opts, embargo_error *err)
{
    if (!out || !old_db || !new_db)
        return emb_error_set(err, EMBARGO_EUSAGE, NULL, 0, NULL, "embargo_diff_new needs an output and two dbs");
    if (opts && opts->version != EMBARGO_DIFF_OPTS_VERSION)
        return emb_error_set(err, EMBARGO_EUSAGE, NULL, 0, NULL, "embargo_diff_opts version %u is not supported (expected %u)",
                             opts->version, EMBARGO_DIFF_OPTS_VERSION);
    const char *sources = opts ? opts->sources : NULL;
    uint32_t ignore = opts ? opts->ignore : 0;
    *out = NULL;
    diff_key *ok = NULL, *nk = NULL;
    size_t on = 0, nn = 0;
    entry_vec kinds[3];
    memset(kinds, 0, sizeof kinds);
    scratch s;
    memset(&s, 0, sizeof s);
    embargo_diff *d = calloc(1, sizeof *d);
    int rc = EMBARGO_ENOMEM;
    if (!d || collect_keys(old_db, sources, &ok, &on) || collect_keys(new_db, sources, &nk, &nn)) goto cleanup;
    size_t i = 0, j = 0;
    while (i < on || j < nn) {
        int c = i == on ? 1 : j == nn ? -1 : cmp_key(&ok[i], &nk[j]);
        if (c < 0) {
            if (entry_push(&kinds[EMBARGO_DIFF_REMOVED], EMBARGO_DIFF_REMOVED, ok[i].index, UINT32_MAX, 0)) goto cleanup;
            i++;
        } else if (c > 0) {
            if (entry_push(&kinds[EMBARGO_DIFF_ADDED], EMBARGO_DIFF_ADDED, UINT32_MAX, nk[j].index, 0)) goto cleanup;
            j++;
        } else {
            uint32_t fields;
            if (compare_entities(old_db, ok[i].index, new_db, nk[j].index, &s, &fields)) goto cleanup;
            fields &= ~ignore;
            if (fields) {
                if (entry_push(&kinds[EMBARGO_DIFF_CHANGED], EMBARGO_DIFF_CHANGED, ok[i].index, nk[j].index, fields)) goto cleanup;
            } else {
                d->stats.unchanged++;
            }
            i++;
            j++;
        }
    }
    d->stats.added = kinds[0].n;
    d->stats.removed = kinds[1].n;
    d->stats.changed = kinds[2].n;
    d->n = kinds[0].n + kinds[1].n + kinds[2].n;
    d->entries = malloc((d->n + 1) * sizeof *d->entries);
    if (!d->entries) goto cleanup;
    size_t o = 0;
    for (int k = 0; k < 3; k++) {
        if (kinds[k].n) memcpy(d->entries + o, kinds[k].v, kinds[k].n * sizeof *d->entries);
        o += kinds[k].n;
    }
    *out = d;
    d = NULL;
    rc = 0;
cleanup:
    if (rc) emb_error_set(err, rc, NULL, 0, NULL, "out of memory while comparing lists");
    embargo_diff_free(d);
    free(ok);
    free(nk);
    for (int k = 0; k < 3; k++) free(kinds[k].v);
    free(s.a.v);
    free(s.b.v);
    return rc;
}

void embargo_diff_free(embargo_diff *d)
{
    if (!d) return;
    free(d->entries);
    free(d);
}

size_t embargo_diff_count(const embargo_diff *d) { return d ? d->n : 0; }

int embargo_diff_get(const embargo_diff *d, size_t i, embargo_diff_entry *out)
{
    if (!d || i >= d->n || !out) return EMBARGO_ENOTFOUND;
    *out = d->entries[i];
    return 0;
}

void embargo_diff_get_stats(const embargo_diff *d, embargo_diff_stats *out)
{
    if (!out) return;
    if (!d) { memset(out, 0, sizeof *out); return; }
    *out = d->stats;
}
