/* loader.c - collects sources from the list parsers into one model, then
 * hands it to the index build.  A source is parsed into its own emb_source
 * and merged only when its parser succeeded, so a broken file never leaves a
 * half-loaded source behind. */
#include "model/db.h"
#include "model/model.h"
#include "util/error.h"
#include "util/file.h"
#include "normalize/normalize.h"
#include <ctype.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct pending_ent {
    uint32_t source_id;
    uint32_t name;
    uint8_t schema;
    uint8_t dropped;
} pending_ent;

typedef struct pending_name {
    uint32_t handle;
    uint32_t value;
    uint8_t kind;
} pending_name;

typedef struct pending_attr {
    uint32_t handle;
    uint32_t type;
    uint32_t value;
    uint16_t kind;
} pending_attr;

struct emb_source {
    embargo_loader *l;
    emb_strpool *pool;                 /* the loader's, or own (parsed beside others) */
    emb_strpool own;
    emb_source_meta meta;
    emb_vec ents, names, attrs, skips, unlinked; /* pending_*, emb_skip */
    uint32_t *map;                     /* source_id str offset -> handle+1 */
    size_t map_size;
};

struct embargo_loader {
    emb_strpool pool;
    emb_vec ents, names, attrs; /* emb_*_rec, names/attrs grouped by entity */
    emb_vec sources;            /* emb_source_meta */
};

int embargo_loader_new(embargo_loader **out)
{
    embargo_loader *l = calloc(1, sizeof *l);
    if (!l || emb_strpool_init(&l->pool) != 0) { free(l); return EMBARGO_ENOMEM; }
    emb_vec_init(&l->ents, sizeof(emb_entity_rec));
    emb_vec_init(&l->names, sizeof(emb_name_rec));
    emb_vec_init(&l->attrs, sizeof(emb_attr_rec));
    emb_vec_init(&l->sources, sizeof(emb_source_meta));
    *out = l;
    return 0;
}

void emb_source_meta_free(emb_source_meta *m)
{
    free(m->id);
    free(m->format);
    free(m->as_of);
    for (size_t i = 0; i < m->n_files; i++) { free(m->paths[i]); free(m->sha256[i]); }
    free(m->paths);
    free(m->sha256);
    for (size_t i = 0; i < m->n_skips; i++) free(m->skip_reasons[i]);
    free(m->skip_reasons);
    free(m->skip_counts);
    for (size_t i = 0; i < m->n_unlinked; i++) free(m->unlinked_reasons[i]);
    free(m->unlinked_reasons);
    free(m->unlinked_counts);
    memset(m, 0, sizeof *m);
}

void embargo_loader_free(embargo_loader *l)
{
    if (!l) return;
    emb_strpool_free(&l->pool);
    emb_vec_free(&l->ents);
    emb_vec_free(&l->names);
    emb_vec_free(&l->attrs);
    for (size_t i = 0; i < l->sources.len; i++)
        emb_source_meta_free(&EMB_VEC_AT(&l->sources, emb_source_meta, i));
    emb_vec_free(&l->sources);
    free(l);
}

/* ---- emb_source: what parsers call ---- */

const char *emb_source_id(const emb_source *s) { return s->meta.id; }

static int map_grow(emb_source *s)
{
    size_t n = s->map_size ? s->map_size * 2 : 1024;
    uint32_t *m = calloc(n, sizeof *m);
    if (!m) return EMBARGO_ENOMEM;
    for (size_t i = 0; i < s->map_size; i++) {
        uint32_t h = s->map[i];
        if (!h) continue;
        uint32_t key = EMB_VEC_AT(&s->ents, pending_ent, h - 1).source_id;
        size_t j = emb_hash(&key, sizeof key) & (n - 1);
        while (m[j]) j = (j + 1) & (n - 1);
        m[j] = h;
    }
    free(s->map);
    s->map = m;
    s->map_size = n;
    return 0;
}

static uint32_t *map_slot(emb_source *s, uint32_t key)
{
    size_t j = emb_hash(&key, sizeof key) & (s->map_size - 1);
    while (s->map[j]) {
        if (EMB_VEC_AT(&s->ents, pending_ent, s->map[j] - 1).source_id == key) return &s->map[j];
        j = (j + 1) & (s->map_size - 1);
    }
    return &s->map[j];
}

/* Collapses runs of whitespace (including NBSP) and trims, into buf. */
static size_t clean_ws(const char *in, size_t n, char *buf)
{
    size_t o = 0;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == 0xc2 && i + 1 < n && (unsigned char)in[i + 1] == 0xa0) { space = 1; i++; continue; }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') { space = 1; continue; }
        if (space && o) buf[o++] = ' ';
        space = 0;
        buf[o++] = (char)c;
    }
    buf[o] = '\0';
    return o;
}

static uint32_t intern_clean(emb_source *s, const char *v, size_t n)
{
    char stackbuf[512];
    char *buf = n < sizeof stackbuf ? stackbuf : malloc(n + 1);
    if (!buf) return UINT32_MAX;
    size_t m = clean_ws(v, n, buf);
    uint32_t off = emb_strpool_intern(s->pool, buf, m);
    if (buf != stackbuf) free(buf);
    return off;
}

int emb_source_lookup(emb_source *s, const char *source_id, uint32_t *handle)
{
    if (!s->map_size) return EMBARGO_ENOTFOUND;
    uint32_t key = intern_clean(s, source_id, strlen(source_id));
    if (key == UINT32_MAX) return EMBARGO_ENOMEM;
    uint32_t *slot = map_slot(s, key);
    if (!*slot || EMB_VEC_AT(&s->ents, pending_ent, *slot - 1).dropped) return EMBARGO_ENOTFOUND;
    *handle = *slot - 1;
    return 0;
}

int emb_source_entity(emb_source *s, const char *source_id, embargo_schema schema, int merge,
                      uint32_t *handle)
{
    uint32_t key = intern_clean(s, source_id, strlen(source_id));
    if (key == UINT32_MAX) return EMBARGO_ENOMEM;
    if (key == 0) return EMBARGO_EUSAGE;
    if ((s->ents.len + 1) * 2 > s->map_size && map_grow(s) != 0) return EMBARGO_ENOMEM;
    uint32_t *slot = map_slot(s, key);
    if (*slot) {
        pending_ent *e = &EMB_VEC_AT(&s->ents, pending_ent, *slot - 1);
        if (!merge && !e->dropped) return EMBARGO_EPARSE;
        e->dropped = 0;
        if (schema != EMBARGO_SCHEMA_UNKNOWN) e->schema = (uint8_t)schema;
        *handle = *slot - 1;
        return 0;
    }
    pending_ent *e = emb_vec_push(&s->ents);
    if (!e) return EMBARGO_ENOMEM;
    e->source_id = key;
    e->schema = (uint8_t)schema;
    *slot = (uint32_t)s->ents.len;
    *handle = (uint32_t)s->ents.len - 1;
    return 0;
}

void emb_source_set_schema(emb_source *s, uint32_t handle, embargo_schema schema)
{
    if (handle < s->ents.len) EMB_VEC_AT(&s->ents, pending_ent, handle).schema = (uint8_t)schema;
}

void emb_source_drop(emb_source *s, uint32_t handle)
{
    if (handle < s->ents.len) EMB_VEC_AT(&s->ents, pending_ent, handle).dropped = 1;
}

int emb_source_name_n(emb_source *s, uint32_t handle, const char *value, size_t n,
                      embargo_name_kind kind)
{
    if (handle >= s->ents.len || !value) return EMBARGO_EUSAGE;
    uint32_t v = intern_clean(s, value, n);
    if (v == UINT32_MAX) return EMBARGO_ENOMEM;
    if (v == 0) return 0;
    pending_ent *e = &EMB_VEC_AT(&s->ents, pending_ent, handle);
    if (kind == EMBARGO_NAME_PRIMARY && e->name == 0) e->name = v;
    pending_name *pn = emb_vec_push(&s->names);
    if (!pn) return EMBARGO_ENOMEM;
    pn->handle = handle;
    pn->value = v;
    pn->kind = (uint8_t)kind;
    return 0;
}

int emb_source_name(emb_source *s, uint32_t handle, const char *value, embargo_name_kind kind)
{
    return emb_source_name_n(s, handle, value, value ? strlen(value) : 0, kind);
}

int emb_source_attr(emb_source *s, uint32_t handle, embargo_attr_kind kind, const char *type,
                    const char *value)
{
    if (handle >= s->ents.len || !value) return EMBARGO_EUSAGE;
    uint32_t v = intern_clean(s, value, strlen(value));
    uint32_t t = intern_clean(s, type ? type : "", type ? strlen(type) : 0);
    if (v == UINT32_MAX || t == UINT32_MAX) return EMBARGO_ENOMEM;
    if (v == 0) return 0;
    pending_attr *pa = emb_vec_push(&s->attrs);
    if (!pa) return EMBARGO_ENOMEM;
    pa->handle = handle;
    pa->type = t;
    pa->value = v;
    pa->kind = (uint16_t)kind;
    return 0;
}

static void count_reason(emb_source *s, emb_vec *v, const char *reason, size_t n)
{
    uint32_t r = emb_strpool_add(s->pool, reason);
    for (size_t i = 0; i < v->len; i++) {
        emb_skip *k = &EMB_VEC_AT(v, emb_skip, i);
        if (k->reason == r) { k->count += n; return; }
    }
    emb_skip *k = emb_vec_push(v);
    if (!k) return;
    k->reason = r;
    k->count = n;
}

void emb_source_skip_n(emb_source *s, const char *reason, size_t n) { count_reason(s, &s->skips, reason, n); }
void emb_source_unlinked(emb_source *s, const char *reason) { count_reason(s, &s->unlinked, reason, 1); }

void emb_source_skip(emb_source *s, const char *reason) { emb_source_skip_n(s, reason, 1); }

void emb_source_set_as_of(emb_source *s, const char *d)
{
    if (!d || !*d) return;
    /* keep the newest date seen */
    if (s->meta.as_of && strcmp(s->meta.as_of, d) >= 0) return;
    free(s->meta.as_of);
    s->meta.as_of = strdup(d);
}

int emb_source_add_file(emb_source *s, const char *path, embargo_error *err)
{
    char hex[65];
    int rc = emb_file_sha256(path, hex, err);
    if (rc) return rc;
    char **p = realloc(s->meta.paths, (s->meta.n_files + 1) * sizeof *p);
    if (!p) return EMBARGO_ENOMEM;
    s->meta.paths = p;
    char **h = realloc(s->meta.sha256, (s->meta.n_files + 1) * sizeof *h);
    if (!h) return EMBARGO_ENOMEM;
    s->meta.sha256 = h;
    s->meta.paths[s->meta.n_files] = strdup(path);
    s->meta.sha256[s->meta.n_files] = strdup(hex);
    s->meta.n_files++;
    return 0;
}

static void source_free(emb_source *s)
{
    emb_vec_free(&s->ents);
    emb_vec_free(&s->names);
    emb_vec_free(&s->attrs);
    emb_vec_free(&s->skips);
    emb_vec_free(&s->unlinked);
    free(s->map);
    if (s->pool == &s->own) emb_strpool_free(&s->own);
    emb_source_meta_free(&s->meta);
}

/* own_pool: the source's strings go to a pool of its own, so that it can be
 * parsed while other sources are (source_adopt moves them to the loader's). */
static int source_init(emb_source *s, embargo_loader *l, const char *id, const char *format, int own_pool)
{
    memset(s, 0, sizeof *s);
    s->l = l;
    s->pool = &l->pool;
    if (own_pool) {
        if (emb_strpool_init(&s->own) != 0) return EMBARGO_ENOMEM;
        s->pool = &s->own;
    }
    s->meta.id = strdup(id);
    s->meta.format = strdup(format);
    emb_vec_init(&s->ents, sizeof(pending_ent));
    emb_vec_init(&s->names, sizeof(pending_name));
    emb_vec_init(&s->attrs, sizeof(pending_attr));
    emb_vec_init(&s->skips, sizeof(emb_skip));
    emb_vec_init(&s->unlinked, sizeof(emb_skip));
    return s->meta.id && s->meta.format ? 0 : EMBARGO_ENOMEM;
}

/* The loader's offset of the string at offset off of the source's own pool. */
static uint32_t adopt_str(embargo_loader *l, const emb_source *s, uint32_t off)
{
    if (!off) return 0;
    const char *v = s->own.data + off;
    return emb_strpool_intern(&l->pool, v, strlen(v));
}

/* Moves the strings of a source parsed with a pool of its own into the
 * loader's, in the order the parser met them: the pool ends as it would
 * had the source been parsed into the loader's (the index file is the same
 * byte for byte); then the source's records are renumbered. */
static int source_adopt(embargo_loader *l, emb_source *s)
{
    if (s->pool == &l->pool) return 0;
    for (size_t off = 1; off < s->own.len;) {
        const char *v = s->own.data + off;
        size_t n = strlen(v);
        if (emb_strpool_intern(&l->pool, v, n) == UINT32_MAX) return EMBARGO_ENOMEM;
        off += n + 1;
    }
    for (size_t i = 0; i < s->ents.len; i++) {
        pending_ent *e = &EMB_VEC_AT(&s->ents, pending_ent, i);
        e->source_id = adopt_str(l, s, e->source_id);
        e->name = adopt_str(l, s, e->name);
    }
    for (size_t i = 0; i < s->names.len; i++) {
        pending_name *n = &EMB_VEC_AT(&s->names, pending_name, i);
        n->value = adopt_str(l, s, n->value);
    }
    for (size_t i = 0; i < s->attrs.len; i++) {
        pending_attr *a = &EMB_VEC_AT(&s->attrs, pending_attr, i);
        a->type = adopt_str(l, s, a->type);
        a->value = adopt_str(l, s, a->value);
    }
    emb_vec *v[2] = {&s->skips, &s->unlinked};
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < v[k]->len; i++) {
            emb_skip *r = &EMB_VEC_AT(v[k], emb_skip, i);
            r->reason = adopt_str(l, s, r->reason);
        }
    emb_strpool_free(&s->own);
    s->pool = &l->pool;
    return 0;
}

/* Moves a parsed source into the loader: groups names and attributes by
 * entity (counting sort keeps each entity's insertion order), drops
 * duplicates and nameless records (counted as skipped). */
static int source_merge(embargo_loader *l, emb_source *s)
{
    size_t ne = s->ents.len;
    uint32_t *ncount = calloc(ne + 1, sizeof *ncount), *acount = calloc(ne + 1, sizeof *acount);
    uint32_t *norder = malloc((s->names.len + 1) * sizeof *norder);
    uint32_t *aorder = malloc((s->attrs.len + 1) * sizeof *aorder);
    int rc = EMBARGO_ENOMEM;
    if (!ncount || !acount || !norder || !aorder) goto cleanup;
    for (size_t i = 0; i < s->names.len; i++) ncount[EMB_VEC_AT(&s->names, pending_name, i).handle + 1]++;
    for (size_t i = 0; i < s->attrs.len; i++) acount[EMB_VEC_AT(&s->attrs, pending_attr, i).handle + 1]++;
    for (size_t i = 0; i < ne; i++) { ncount[i + 1] += ncount[i]; acount[i + 1] += acount[i]; }
    {
        uint32_t *npos = malloc((ne + 1) * sizeof *npos), *apos = malloc((ne + 1) * sizeof *apos);
        if (!npos || !apos) { free(npos); free(apos); goto cleanup; }
        memcpy(npos, ncount, (ne + 1) * sizeof *npos);
        memcpy(apos, acount, (ne + 1) * sizeof *apos);
        for (size_t i = 0; i < s->names.len; i++) norder[npos[EMB_VEC_AT(&s->names, pending_name, i).handle]++] = (uint32_t)i;
        for (size_t i = 0; i < s->attrs.len; i++) aorder[apos[EMB_VEC_AT(&s->attrs, pending_attr, i).handle]++] = (uint32_t)i;
        free(npos);
        free(apos);
    }
    uint16_t src_index = (uint16_t)l->sources.len;
    size_t loaded = 0;
    for (size_t h = 0; h < ne; h++) {
        pending_ent *pe = &EMB_VEC_AT(&s->ents, pending_ent, h);
        if (pe->dropped) continue;
        if (ncount[h + 1] == ncount[h]) { emb_source_skip(s, "record without a name"); continue; }
        emb_entity_rec *e = emb_vec_push(&l->ents);
        if (!e) goto cleanup;
        uint32_t eidx = (uint32_t)l->ents.len - 1;
        char idbuf[600];
        snprintf(idbuf, sizeof idbuf, "%s-%s", s->meta.id, l->pool.data + pe->source_id);
        e->id = emb_strpool_add(&l->pool, idbuf);
        e->source_id = pe->source_id;
        e->schema = pe->schema;
        e->source = src_index;
        e->party = eidx;
        e->names_begin = (uint32_t)l->names.len;
        /* primary first, then the rest in list order */
        for (int pass = 0; pass < 2; pass++) {
            for (uint32_t k = ncount[h]; k < ncount[h + 1]; k++) {
                pending_name *pn = &EMB_VEC_AT(&s->names, pending_name, norder[k]);
                int is_primary = pn->value == pe->name && pn->kind == EMBARGO_NAME_PRIMARY;
                if ((pass == 0) != is_primary) continue;
                int dup = 0;
                for (uint32_t j = e->names_begin; j < l->names.len; j++)
                    if (EMB_VEC_AT(&l->names, emb_name_rec, j).value == pn->value) { dup = 1; break; }
                if (dup) continue;
                emb_name_rec *nr = emb_vec_push(&l->names);
                if (!nr) goto cleanup;
                nr->entity = eidx;
                nr->value = pn->value;
                nr->kind = pn->kind;
            }
        }
        e->n_names = (uint32_t)l->names.len - e->names_begin;
        e->name = pe->name ? pe->name : EMB_VEC_AT(&l->names, emb_name_rec, e->names_begin).value;
        e->attrs_begin = (uint32_t)l->attrs.len;
        for (uint32_t k = acount[h]; k < acount[h + 1]; k++) {
            pending_attr *pa = &EMB_VEC_AT(&s->attrs, pending_attr, aorder[k]);
            int dup = 0;
            for (uint32_t j = e->attrs_begin; j < l->attrs.len; j++) {
                emb_attr_rec *o = &EMB_VEC_AT(&l->attrs, emb_attr_rec, j);
                if (o->kind == pa->kind && o->value == pa->value && o->type == pa->type) { dup = 1; break; }
            }
            if (dup) continue;
            emb_attr_rec *ar = emb_vec_push(&l->attrs);
            if (!ar) goto cleanup;
            ar->kind = pa->kind;
            ar->type = pa->type;
            ar->value = pa->value;
        }
        e->n_attrs = (uint32_t)l->attrs.len - e->attrs_begin;
        loaded++;
    }
    emb_source_meta *m = emb_vec_push(&l->sources);
    if (!m) goto cleanup;
    *m = s->meta;
    memset(&s->meta, 0, sizeof s->meta);
    m->records = loaded;
    m->n_skips = s->skips.len;
    m->skip_reasons = calloc(s->skips.len + 1, sizeof *m->skip_reasons);
    m->skip_counts = calloc(s->skips.len + 1, sizeof *m->skip_counts);
    if (!m->skip_reasons || !m->skip_counts) goto cleanup;
    for (size_t i = 0; i < s->skips.len; i++) {
        emb_skip *k = &EMB_VEC_AT(&s->skips, emb_skip, i);
        m->skip_reasons[i] = strdup(l->pool.data + k->reason);
        m->skip_counts[i] = k->count;
        m->skipped += k->count;
    }
    m->n_unlinked = s->unlinked.len;
    m->unlinked_reasons = calloc(s->unlinked.len + 1, sizeof *m->unlinked_reasons);
    m->unlinked_counts = calloc(s->unlinked.len + 1, sizeof *m->unlinked_counts);
    if (!m->unlinked_reasons || !m->unlinked_counts) goto cleanup;
    for (size_t i = 0; i < s->unlinked.len; i++) {
        emb_skip *k = &EMB_VEC_AT(&s->unlinked, emb_skip, i);
        m->unlinked_reasons[i] = strdup(l->pool.data + k->reason);
        m->unlinked_counts[i] = k->count;
    }
    if (!m->as_of) m->as_of = strdup("");
    rc = 0;
cleanup:
    free(ncount);
    free(acount);
    free(norder);
    free(aorder);
    return rc;
}

static int loader_has_source(const embargo_loader *l, const char *id)
{
    for (size_t i = 0; i < l->sources.len; i++)
        if (strcmp(EMB_VEC_AT(&l->sources, emb_source_meta, i).id, id) == 0) return 1;
    return 0;
}

/* Checks a source's arguments and parses its files into s (initialized
 * here, to be freed by source_free whatever the result). */
static int source_parse(emb_source *s, embargo_loader *l, const embargo_source_spec *sp, int own_pool, embargo_error *err)
{
    memset(s, 0, sizeof *s);
    if (!sp->id || !*sp->id || !sp->paths || !sp->n_paths)
        return emb_error_set(err, EMBARGO_EUSAGE, NULL, 0, NULL, "a source needs an id and at least one file");
    const emb_format *fmt = NULL;
    if (!sp->format || !*sp->format || strcmp(sp->format, "auto") == 0) {
        /* a file that cannot be read is that, not a format nobody knows */
        if (access(sp->paths[0], R_OK) != 0)
            return emb_error_set(err, EMBARGO_EIO, sp->paths[0], 0, NULL, "cannot read the list: %s", strerror(errno));
        fmt = emb_format_sniff(sp->paths[0]);
        if (!fmt)
            return emb_error_set(err, EMBARGO_EPARSE, sp->paths[0], 0, NULL,
                                 "cannot tell the list format (known formats: %s)", embargo_formats());
    } else if (!(fmt = emb_format_find(sp->format))) {
        return emb_error_set(err, EMBARGO_EUSAGE, sp->paths[0], 0, NULL, "unknown list format '%s' (known: %s)",
                             sp->format, embargo_formats());
    }
    if (source_init(s, l, sp->id, fmt->name, own_pool)) return emb_error_set(err, EMBARGO_ENOMEM, NULL, 0, NULL, "out of memory");
    int rc = 0;
    for (size_t i = 0; i < sp->n_paths && !rc; i++) {
        rc = emb_source_add_file(s, sp->paths[i], err);
        const char *want = sp->sha256 ? sp->sha256[i] : NULL, *got = rc ? NULL : s->meta.sha256[s->meta.n_files - 1];
        if (want && got && strcmp(got, want) != 0)
            rc = emb_error_set(err, EMBARGO_EPARSE, sp->paths[i], 0, "sha256",
                               "sha256 %s does not match the manifest (%s): the file changed since it was recorded", got, want);
    }
    if (!rc) rc = fmt->parse(s, sp->paths, sp->n_paths, err);
    if (!rc && sp->as_of && *sp->as_of) {
        free(s->meta.as_of);
        s->meta.as_of = strdup(sp->as_of);
    }
    return rc;
}

/* Adds a parsed source to the loader (its checks first: a source id is
 * loaded once; at most 65535 sources). */
static int source_add(embargo_loader *l, emb_source *s, const embargo_source_spec *sp, embargo_error *err)
{
    if (loader_has_source(l, sp->id))
        return emb_error_set(err, EMBARGO_EUSAGE, sp->paths[0], 0, NULL, "source '%s' is loaded twice", sp->id);
    if (l->sources.len >= 65535)
        return emb_error_set(err, EMBARGO_EUSAGE, sp->paths[0], 0, NULL, "too many sources");
    int rc = source_adopt(l, s);
    if (!rc) rc = source_merge(l, s);
    if (rc) emb_error_set(err, rc, sp->paths[0], 0, NULL, "out of memory");
    return rc;
}

int embargo_loader_add_source(embargo_loader *l, const char *source_id, const char *format,
                              const char *const *paths, size_t n_paths, const char *as_of,
                              embargo_error *err)
{
    if (!l) return emb_error_set(err, EMBARGO_EUSAGE, NULL, 0, NULL, "no loader");
    embargo_source_spec sp = {source_id, format, paths, n_paths, as_of, NULL};
    if (source_id && loader_has_source(l, source_id))
        return emb_error_set(err, EMBARGO_EUSAGE, paths && n_paths ? paths[0] : NULL, 0, NULL, "source '%s' is loaded twice", source_id);
    emb_source s;
    int rc = source_parse(&s, l, &sp, 0, err);
    if (!rc) rc = source_add(l, &s, &sp, err);
    source_free(&s);
    return rc;
}

/* Sources parsed beside each other: a worker takes the next unparsed one;
 * the caller's thread adds each to the loader once it and those before it
 * are parsed (so that its records are freed while others are parsed). */
typedef struct parse_job {
    embargo_loader *l;
    const embargo_source_spec *specs;
    emb_source *srcs;
    int *rcs;
    unsigned char *done;
    embargo_error *errs;
    size_t n, next;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} parse_job;

static void *parse_worker(void *arg)
{
    parse_job *j = arg;
    for (;;) {
        pthread_mutex_lock(&j->mu);
        size_t i = j->next++;
        pthread_mutex_unlock(&j->mu);
        if (i >= j->n) return NULL;
        int rc = source_parse(&j->srcs[i], j->l, &j->specs[i], 1, &j->errs[i]);
        pthread_mutex_lock(&j->mu);
        j->rcs[i] = rc;
        j->done[i] = 1;
        pthread_cond_signal(&j->cv);
        pthread_mutex_unlock(&j->mu);
    }
}

int embargo_loader_add_sources(embargo_loader *l, const embargo_source_spec *specs, size_t n, unsigned threads,
                               embargo_error *err)
{
    if (!l || (n && !specs)) return emb_error_set(err, EMBARGO_EUSAGE, NULL, 0, NULL, "no loader or no sources");
    if (!threads) {
        long nc = sysconf(_SC_NPROCESSORS_ONLN);
        threads = nc > 0 ? (unsigned)nc : 1;
    }
    if (threads > n) threads = (unsigned)n;
    parse_job j = {l, specs, calloc(n + 1, sizeof(emb_source)), calloc(n + 1, sizeof(int)), calloc(n + 1, 1),
                   calloc(n + 1, sizeof(embargo_error)), n, 0, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};
    pthread_t *tids = calloc(threads + 1, sizeof *tids);
    int rc = 0;
    unsigned started = 0;
    if (!j.srcs || !j.rcs || !j.done || !j.errs || !tids) {
        rc = emb_error_set(err, EMBARGO_ENOMEM, NULL, 0, NULL, "out of memory");
        goto done;
    }
    if (threads > 1) {
        emb_formats_init(); /* the parsers' libraries, set up before threads use them */
        for (; started < threads; started++)
            if (pthread_create(&tids[started], NULL, parse_worker, &j)) break;
    }
    if (!started) { /* one by one, into the loader's pool */
        j.next = n;
        for (size_t i = 0; i < n && !rc; i++) {
            rc = source_parse(&j.srcs[i], l, &specs[i], 0, err);
            if (!rc) rc = source_add(l, &j.srcs[i], &specs[i], err);
            source_free(&j.srcs[i]);
        }
        goto done;
    }
    /* added in the given order: the first failure ends the load, as one by
     * one would; the sources before it stay loaded, and no more start */
    size_t stop = n; /* after a failure: the sources from stop on never started */
    for (size_t i = 0; i < n; i++) {
        pthread_mutex_lock(&j.mu);
        if (rc && stop == n) {
            stop = j.next < n ? j.next : n;
            j.next = n;
        }
        if (i >= stop) {
            pthread_mutex_unlock(&j.mu);
            break;
        }
        while (!j.done[i]) pthread_cond_wait(&j.cv, &j.mu);
        pthread_mutex_unlock(&j.mu);
        if (!rc && j.rcs[i]) {
            rc = j.rcs[i];
            if (err) *err = j.errs[i];
        } else if (!rc) {
            rc = source_add(l, &j.srcs[i], &specs[i], err);
        }
        source_free(&j.srcs[i]);
    }
    for (unsigned t = 0; t < started; t++) pthread_join(tids[t], NULL);
#ifdef __GLIBC__
    malloc_trim(0); /* the workers' malloc arenas keep what they freed */
#endif
done:
    free(j.srcs);
    free(j.rcs);
    free(j.done);
    free(j.errs);
    free(tids);
    pthread_cond_destroy(&j.cv);
    pthread_mutex_destroy(&j.mu);
    return rc;
}

/* Exposed for tests and fuzzers: parse into a throwaway loader. */
int emb_parse_file_for_test(const emb_format *fmt, const char *const *paths, size_t n,
                            size_t *ok_count, size_t *skipped, embargo_error *err)
{
    embargo_loader *l;
    if (embargo_loader_new(&l)) return EMBARGO_ENOMEM;
    int rc = embargo_loader_add_source(l, "test", fmt->name, paths, n, NULL, err);
    if (!rc) {
        emb_source_meta *m = &EMB_VEC_AT(&l->sources, emb_source_meta, 0);
        if (ok_count) *ok_count = m->records;
        if (skipped) *skipped = m->skipped;
    }
    embargo_loader_free(l);
    return rc;
}

/* ---- finishing: hand the arrays to a db ---- */


/* Normalizes every name into the pool (names[].norm). */
static int normalize_names(embargo_loader *l, embargo_error *err)
{
    emb_normalizer *nz;
    if (emb_normalizer_new(&nz)) return emb_error_set(err, EMBARGO_ENOMEM, NULL, 0, NULL, "cannot open ICU transliterators");
    size_t cap = 4096;
    char *buf = malloc(cap);
    int rc = 0;
    for (size_t i = 0; i < l->names.len && buf; i++) {
        emb_name_rec *nr = &EMB_VEC_AT(&l->names, emb_name_rec, i);
        const char *v = l->pool.data + nr->value;
        size_t vl = strlen(v);
        if (vl * 4 + 16 > cap) {
            cap = vl * 4 + 16;
            char *b = realloc(buf, cap);
            if (!b) break;
            buf = b;
        }
        int person = EMB_VEC_AT(&l->ents, emb_entity_rec, nr->entity).schema == EMBARGO_PERSON;
        long n = emb_normalize_name(nz, v, vl, person, buf, cap);
        while (n == EMBARGO_EUSAGE && cap < (1u << 24)) { /* output longer than 4x: grow and retry */
            cap *= 4;
            char *b = realloc(buf, cap);
            if (!b) break;
            buf = b;
            n = emb_normalize_name(nz, v, vl, person, buf, cap);
        }
        if (n < 0) n = 0; /* invalid UTF-8 was refused by the parser; be safe */
        nr->nsur = person ? (uint8_t)emb_surname_words(nz, v, vl) : 0;
        uint32_t off = emb_strpool_intern(&l->pool, buf, (size_t)n);
        if (off == UINT32_MAX) { rc = EMBARGO_ENOMEM; break; }
        nr->norm = off;
    }
    if (!buf) rc = EMBARGO_ENOMEM;
    free(buf);
    emb_normalizer_free(nz);
    if (rc) return emb_error_set(err, rc, NULL, 0, NULL, "out of memory");
    return 0;
}

int embargo_loader_finish(embargo_db **out, embargo_loader *l, embargo_error *err)
{
    int nrc = normalize_names(l, err);
    if (nrc) return nrc;
    embargo_db *db = calloc(1, sizeof *db);
    if (!db) return emb_error_set(err, EMBARGO_ENOMEM, NULL, 0, NULL, "out of memory");
    /* steal the arrays: the loader is left empty but valid */
    db->pool = l->pool.data;
    db->pool_len = l->pool.len;
    db->owned[db->n_owned++] = l->pool.data;
    free(l->pool.slots);
    memset(&l->pool, 0, sizeof l->pool);
    emb_strpool_init(&l->pool);
    db->ents = l->ents.data;
    db->n_ents = l->ents.len;
    db->owned[db->n_owned++] = l->ents.data;
    db->names = l->names.data;
    db->n_names = l->names.len;
    db->owned[db->n_owned++] = l->names.data;
    db->attrs = l->attrs.data;
    db->n_attrs = l->attrs.len;
    db->owned[db->n_owned++] = l->attrs.data;
    db->sources = l->sources.data;
    db->n_sources = l->sources.len;
    emb_vec_init(&l->ents, sizeof(emb_entity_rec));
    emb_vec_init(&l->names, sizeof(emb_name_rec));
    emb_vec_init(&l->attrs, sizeof(emb_attr_rec));
    emb_vec_init(&l->sources, sizeof(emb_source_meta));
    emb_db_link_parties(db);
    int rc = emb_index_build(db, err);
    if (rc) { embargo_db_free(db); return rc; }
    *out = db;
    return 0;
}
