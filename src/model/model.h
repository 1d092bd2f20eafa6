/* model.h - the entity model: flat, immutable records referring to strings by
 * offset into one pool, and the builder that list parsers feed.
 *
 * Parsers see only emb_source (one source being loaded).  A source's records
 * are kept apart until its parser returns success, then merged into the
 * loader: a parser that fails leaves nothing behind. */
#ifndef EMB_MODEL_H
#define EMB_MODEL_H

#include <stdint.h>
#include "embargo.h"
#include "util/strpool.h"
#include "util/vec.h"

/* On-disk and in-memory records (POD, fixed layout: the index file holds them as-is). */
typedef struct emb_entity_rec {
    uint32_t id;          /* str "<source>-<source_id>" */
    uint32_t source_id;   /* str */
    uint32_t name;        /* str, primary name */
    uint32_t names_begin; /* into names[] */
    uint32_t n_names;
    uint32_t attrs_begin; /* into attrs[] */
    uint32_t n_attrs;
    uint32_t party;       /* index of the party's first entity */
    uint16_t source;      /* index into sources */
    uint8_t schema;       /* embargo_schema */
    uint8_t flags;
} emb_entity_rec;

typedef struct emb_name_rec {
    uint32_t entity;
    uint32_t value;       /* str as listed */
    uint32_t norm;        /* str normalized (filled by the db build) */
    uint8_t kind;         /* embargo_name_kind */
    uint8_t flags;
    uint8_t nsur;         /* a person's "SURNAME, Given": SURNAME's words, normalized (emb_surname_words) */
    uint8_t pad;
} emb_name_rec;

typedef struct emb_attr_rec {
    uint32_t type;        /* str */
    uint32_t value;       /* str */
    uint16_t kind;        /* embargo_attr_kind */
    uint16_t pad;
} emb_attr_rec;

/* ---- the builder API used by list parsers ---- */

typedef struct emb_source emb_source;

/* Starts a new entity with the source's record id.  If an entity with the
 * same record id exists already, returns EMBARGO_EPARSE (duplicate) unless
 * `merge` is set, in which case *handle is the existing one. */
int emb_source_entity(emb_source *s, const char *source_id, embargo_schema schema, int merge,
                      uint32_t *handle);
/* Looks up an entity by its record id; EMBARGO_ENOTFOUND if none. */
int emb_source_lookup(emb_source *s, const char *source_id, uint32_t *handle);
void emb_source_set_schema(emb_source *s, uint32_t handle, embargo_schema schema);
/* Adds a name (whitespace trimmed and collapsed; empty names are ignored).
 * The first PRIMARY name becomes the entity's display name; an entity with
 * no primary name takes its first name. Duplicate names are dropped. */
int emb_source_name(emb_source *s, uint32_t handle, const char *value, embargo_name_kind kind);
int emb_source_name_n(emb_source *s, uint32_t handle, const char *value, size_t n,
                      embargo_name_kind kind);
/* Adds an attribute (trimmed; empty values are ignored; exact duplicates dropped). */
int emb_source_attr(emb_source *s, uint32_t handle, embargo_attr_kind kind, const char *type,
                    const char *value);
/* Removes an entity started by mistake (e.g. a record found invalid after
 * its start); it is not counted as loaded. */
void emb_source_drop(emb_source *s, uint32_t handle);
/* Counts a source record that is not loaded, with its reason (a short,
 * stable phrase such as "alt row for unknown entity"). */
void emb_source_skip(emb_source *s, const char *reason);
void emb_source_skip_n(emb_source *s, const char *reason, size_t n);
/* Counts a row that is not a record of its own and could not be used (an
 * alias or address row pointing to an entity the primary file does not
 * have).  Reported apart from `skipped`, which counts records. */
void emb_source_unlinked(emb_source *s, const char *reason);

/* The list's own as-of date if the file states one (YYYY-MM-DD). */
void emb_source_set_as_of(emb_source *s, const char *yyyy_mm_dd);
/* Records a file read for this source (path and sha256 are computed). */
int emb_source_add_file(emb_source *s, const char *path, embargo_error *err);
const char *emb_source_id(const emb_source *s);

/* Parser entry point: reads `paths` into `s`.  Returns 0 or a negative
 * status with err naming file/line/field. */
typedef int (*emb_parse_fn)(emb_source *s, const char *const *paths, size_t n_paths,
                            embargo_error *err);

typedef struct emb_format {
    const char *name;          /* "ofac_csv" */
    const char *description;
    emb_parse_fn parse;
    /* Returns nonzero if the file (name + first bytes) looks like this format. */
    int (*sniff)(const char *path, const unsigned char *head, size_t n);
} emb_format;

const emb_format *emb_format_find(const char *name);
const emb_format *emb_format_sniff(const char *path);
/* Sets up what the parsers share (libxml2, the format names) before threads
 * parse sources beside each other. */
void emb_formats_init(void);
extern const emb_format emb_formats[];
extern const size_t emb_n_formats;

/* ---- internal to the model ---- */

typedef struct emb_skip { uint32_t reason; size_t count; } emb_skip;

typedef struct emb_source_meta {
    char *id, *format, *as_of;
    size_t records, skipped;
    size_t n_files;
    char **paths, **sha256;
    size_t n_skips;
    char **skip_reasons;
    size_t *skip_counts;
    size_t n_unlinked;
    char **unlinked_reasons;
    size_t *unlinked_counts;
} emb_source_meta;

void emb_source_meta_free(emb_source_meta *m);

/* Runs one parser on a fresh emb_source (exposed for the fuzzers and tests):
 * on success *ok_count is the number of entities loaded. */
int emb_parse_file_for_test(const emb_format *fmt, const char *const *paths, size_t n,
                            size_t *ok_count, size_t *skipped, embargo_error *err);

#endif
