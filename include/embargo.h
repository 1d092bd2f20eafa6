/*
 * embargo.h - the public API of the embargo sanctions-screening engine.
 *
 * The pipeline: lists (official files) -> model (entities) -> normalize
 * (ICU transliteration to Latin ASCII tokens) -> index (postings, token
 * statistics) -> match (scores in 0..1, explained).
 *
 * Conventions
 * - Functions return 0 (EMBARGO_OK) or a negative embargo_status.  Output
 *   parameters come first.  An optional embargo_error receives a message that
 *   names the file, line and field; pass NULL when not wanted.
 * - An embargo_db is immutable once built or opened: any number of threads may
 *   share it.  Per-query scratch lives in an embargo_ctx, one per thread.
 * - Strings returned by getters are borrowed: they live as long as the db (or,
 *   for results, until the next query on the same ctx).
 * - The library never prints and never exits.
 */
#ifndef EMBARGO_H
#define EMBARGO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EMBARGO_VERSION "0.1.0"

/* The default alert threshold of the default scorer (see README: chosen on
 * the accuracy benchmark as the point where recall on the name-variant set
 * stays >= 0.99 while the alert rate on synthetic non-listed names is lowest). */
#define EMBARGO_DEFAULT_THRESHOLD 0.80
/* OFAC's Sanctions List Search uses 85 (of 100) as its default minimum. */
#define EMBARGO_OFAC_DEFAULT_THRESHOLD 0.85

typedef enum embargo_status {
    EMBARGO_OK = 0,
    EMBARGO_EUSAGE = -1,   /* invalid argument */
    EMBARGO_EIO = -2,      /* file cannot be read or written */
    EMBARGO_EPARSE = -3,   /* malformed list or input file */
    EMBARGO_ENOMEM = -4,
    EMBARGO_ECORRUPT = -5, /* index file corrupt, truncated or foreign */
    EMBARGO_ENOTFOUND = -6,
    EMBARGO_EUTF8 = -7,    /* input is not valid UTF-8 */
    EMBARGO_ESTALE = -8,   /* a source is older than allowed */
    EMBARGO_ENET = -9      /* download failed */
} embargo_status;

/* Error details.  `file`, `field` may be empty strings; `line` is 0 when not
 * applicable.  `msg` is a complete sentence naming all of them. */
typedef struct embargo_error {
    int code;
    unsigned long line;
    char file[512];
    char field[64];
    char msg[1024];
} embargo_error;

/* Static description of a status code ("parse error", ...). */
const char *embargo_strerror(int code);

typedef enum embargo_schema {
    EMBARGO_SCHEMA_UNKNOWN = 0,
    EMBARGO_PERSON = 1,
    EMBARGO_ORGANIZATION = 2,
    EMBARGO_VESSEL = 3,
    EMBARGO_AIRCRAFT = 4
} embargo_schema;

/* "person", "organization", "vessel", "aircraft" or "unknown". */
const char *embargo_schema_name(embargo_schema s);
/* Parses those names (and yente's "Person", "Organization", "Company",
 * "LegalEntity", "Vessel", "Airplane"); returns EMBARGO_SCHEMA_UNKNOWN if none. */
embargo_schema embargo_schema_parse(const char *s);

/* How a name is held by its list. */
typedef enum embargo_name_kind {
    EMBARGO_NAME_PRIMARY = 0,
    EMBARGO_NAME_ALIAS = 1,       /* a.k.a., strong / good quality */
    EMBARGO_NAME_WEAK_ALIAS = 2,  /* weak / low quality a.k.a. */
    EMBARGO_NAME_FORMER = 3,      /* f.k.a. */
    EMBARGO_NAME_ORIGINAL = 4     /* original (non-Latin) script */
} embargo_name_kind;

typedef enum embargo_attr_kind {
    EMBARGO_ATTR_DOB = 1,          /* YYYY, YYYY-MM or YYYY-MM-DD; ranges as two values */
    EMBARGO_ATTR_POB,
    EMBARGO_ATTR_NATIONALITY,
    EMBARGO_ATTR_CITIZENSHIP,
    EMBARGO_ATTR_COUNTRY,
    EMBARGO_ATTR_ID,               /* type in `type`: "Passport", "IMO", "SWIFT/BIC"... */
    EMBARGO_ATTR_ADDRESS,
    EMBARGO_ATTR_PROGRAM,
    EMBARGO_ATTR_LISTED_ON,
    EMBARGO_ATTR_REMARK,
    EMBARGO_ATTR_GENDER,           /* "male" / "female" */
    EMBARGO_ATTR_TITLE,
    EMBARGO_ATTR_POSITION,
    EMBARGO_ATTR_CROSSREF,         /* e.g. UN reference number "QDi.001" */
    EMBARGO_ATTR_KIND_MAX
} embargo_attr_kind;

const char *embargo_attr_kind_name(embargo_attr_kind k);

/* ------------------------------------------------------------------ */
/* Loading lists                                                      */
/* ------------------------------------------------------------------ */

typedef struct embargo_db embargo_db;
typedef struct embargo_loader embargo_loader;

/* Creates an empty loader.  Returns EMBARGO_ENOMEM on allocation failure. */
int embargo_loader_new(embargo_loader **out);
void embargo_loader_free(embargo_loader *l);

/* Loads one source from its files.  `format` is one of the names listed by
 * embargo_formats() ("ofac_csv", "un_xml", "os_csv", ...) or "auto" to guess
 * from the file names and contents.  `as_of` (YYYY-MM-DD) may be NULL.  On
 * failure nothing of the source is kept (never half-loaded) and `err` names
 * the file, line and field. */
int embargo_loader_add_source(embargo_loader *l, const char *source_id, const char *format,
                              const char *const *paths, size_t n_paths, const char *as_of,
                              embargo_error *err);

/* One source for embargo_loader_add_sources: the arguments of
 * embargo_loader_add_source, and optionally the files' recorded sha256
 * (hex; NULL, or a NULL entry: not checked): a file whose sha256 differs
 * is refused (EMBARGO_EPARSE, field "sha256"). */
typedef struct embargo_source_spec {
    const char *id, *format;
    const char *const *paths;
    size_t n_paths;
    const char *as_of;
    const char *const *sha256;
} embargo_source_spec;

/* Loads sources[0..n), parsed beside each other on up to `threads` threads
 * (0: one per core) and added in the given order: the loader ends as if
 * each had been added by embargo_loader_add_source in turn.  The first
 * source that fails ends the load with its error; those before it stay
 * loaded, none after it is. */
int embargo_loader_add_sources(embargo_loader *l, const embargo_source_spec *sources, size_t n, unsigned threads,
                               embargo_error *err);

/* Loads the sources of a data directory's MANIFEST (see data/MANIFEST).
 * `only` is a comma-separated list of source ids to load, or NULL for all.
 * The sha256 of each file is checked against the manifest. */
int embargo_loader_add_manifest(embargo_loader *l, const char *data_dir, const char *only,
                                embargo_error *err);

/* Builds the immutable db (normalized names, token statistics, postings).
 * The loader may be freed afterwards. */
int embargo_loader_finish(embargo_db **out, embargo_loader *l, embargo_error *err);

/* Comma-separated list of supported list formats. */
const char *embargo_formats(void);

/* The directory of the shipped lists: $EMBARGO_DATA if set, else the source
 * tree's data/ (compiled in), else the installed share/embargo. Borrowed. */
const char *embargo_default_data_dir(void);

/* Index files (see src/index/indexfile.c): one immutable, versioned,
 * checksummed file that is mmap'd on open. */
/* Writes db (built by embargo_loader_finish or opened) to `path`: a temp file
 * in the same directory renamed over `path`, so readers never see a partial
 * file.  EMBARGO_EIO names the path on failure; the db is only read. */
int embargo_db_save(const embargo_db *db, const char *path, embargo_error *err);
/* Maps an index file read-only.  Checks magic, format version, byte order,
 * record layout, size, checksum, the token rules it was built with and every
 * offset and id inside it: a truncated, damaged, foreign or outdated file
 * gives EMBARGO_ECORRUPT (err says what is wrong), a missing one EMBARGO_EIO.
 * Takes milliseconds.  Free with embargo_db_free (unmaps). */
int embargo_db_open(embargo_db **out, const char *path, embargo_error *err);
/* The lists of data_dir's manifest.json (NULL: embargo_default_data_dir()),
 * through a cached index: cache_dir (NULL: $XDG_CACHE_HOME/embargo or
 * ~/.cache/embargo) holds default-<hash of manifest.json>.idx.  A cache file
 * that is missing, corrupt, built by another embargo or not matching the
 * manifest is rebuilt from the lists and rewritten atomically; failing to
 * write it is not an error.  Errors are those of loading the lists. */
int embargo_db_open_default(embargo_db **out, const char *data_dir, const char *cache_dir,
                            embargo_error *err);
/* 0 if db holds exactly the default sources of data_dir's manifest.json (NULL:
 * embargo_default_data_dir()) in manifest order, with the same formats, as-of
 * dates and file sha256s; EMBARGO_ESTALE (err says which source differs) if
 * not; EMBARGO_EIO / EMBARGO_EPARSE if the manifest cannot be read. */
int embargo_db_check_manifest(const embargo_db *db, const char *data_dir, embargo_error *err);

void embargo_db_free(embargo_db *db);

/* ------------------------------------------------------------------ */
/* Reading the db                                                     */
/* ------------------------------------------------------------------ */

typedef struct embargo_source_info {
    const char *id;          /* "us_ofac_sdn" */
    const char *format;
    const char *as_of;       /* YYYY-MM-DD or "" */
    size_t records;          /* entities loaded */
    size_t skipped;          /* source records not loaded */
    size_t n_files;
    const char *const *file_paths;
    const char *const *file_sha256;
    size_t n_skip_reasons;
    const char *const *skip_reasons; /* "alt row without sdn row", ... */
    const size_t *skip_counts;
    /* Rows that belong to no loaded record (e.g. OFAC alt.csv rows whose
     * entity is missing from sdn.csv): reported, never turned into entities. */
    size_t n_unlinked;
    const char *const *unlinked_reasons;
    const size_t *unlinked_counts;
} embargo_source_info;

size_t embargo_db_source_count(const embargo_db *db);
/* Fills `out` with borrowed pointers; EMBARGO_ENOTFOUND if i is out of range. */
int embargo_db_source(const embargo_db *db, size_t i, embargo_source_info *out);

typedef struct embargo_entity {
    uint32_t index;           /* 0..embargo_db_entity_count()-1 */
    const char *id;           /* stable id: "<source>-<source_id>" */
    const char *source;
    const char *source_id;
    embargo_schema schema;
    const char *name;         /* primary name as listed */
    uint32_t party;           /* entities with equal party are the same party */
    size_t n_names;
    size_t n_attrs;
} embargo_entity;

typedef struct embargo_name {
    const char *value;        /* as listed */
    const char *normalized;   /* Latin ASCII tokens, space-separated */
    embargo_name_kind kind;
} embargo_name;

typedef struct embargo_attr {
    embargo_attr_kind kind;
    const char *type;         /* identifier type, "" otherwise */
    const char *value;
} embargo_attr;

size_t embargo_db_entity_count(const embargo_db *db);
int embargo_db_entity(const embargo_db *db, uint32_t index, embargo_entity *out);
int embargo_db_entity_name(const embargo_db *db, uint32_t index, size_t j, embargo_name *out);
int embargo_db_entity_attr(const embargo_db *db, uint32_t index, size_t j, embargo_attr *out);
/* Finds an entity by "<source>-<source_id>" id; EMBARGO_ENOTFOUND if absent. */
int embargo_db_find(const embargo_db *db, const char *id, uint32_t *index_out);

/* ------------------------------------------------------------------ */
/* Screening                                                          */
/* ------------------------------------------------------------------ */

typedef enum embargo_algorithm {
    EMBARGO_ALGO_DEFAULT = 0,  /* embargo's token-aligned, evidence-weighted scorer */
    EMBARGO_ALGO_OFAC = 1      /* OFAC Sanctions List Search: Jaro-Winkler + Soundex */
} embargo_algorithm;

typedef struct embargo_query {
    const char *name;          /* required, UTF-8 */
    embargo_schema schema;     /* EMBARGO_SCHEMA_UNKNOWN: any */
    const char *dob;           /* YYYY[-MM[-DD]] or NULL */
    const char *country;       /* name or ISO code, or NULL */
    const char *const *ids;    /* "TYPE:VALUE" or "VALUE" */
    size_t n_ids;
    const char *gender;        /* "male"/"female" or NULL */
} embargo_query;

#define EMBARGO_SCREEN_OPTS_VERSION 1
typedef struct embargo_screen_opts {
    unsigned version;
    double threshold;          /* alert when score >= threshold */
    size_t limit;              /* at most this many matches (0: 10) */
    const char *sources;       /* comma-separated source ids, NULL: all */
    embargo_algorithm algorithm;
    int exhaustive;            /* 1: score every entity (no candidate index) */
    double min_score;          /* matches below this are not returned */
    int no_explain;            /* 1: leave factors and alignment empty (faster; scores are the same) */
} embargo_screen_opts;

#define EMBARGO_SCREEN_OPTS_INIT \
    { EMBARGO_SCREEN_OPTS_VERSION, EMBARGO_DEFAULT_THRESHOLD, 10, NULL, EMBARGO_ALGO_DEFAULT, 0, 0.5, 0 }

/* One factor of a score's explanation. */
typedef struct embargo_factor {
    const char *name;          /* "name", "dob", "country", "identifier", "weak_alias", ... */
    double value;              /* contribution (multiplier or delta, see detail) */
    char detail[160];
} embargo_factor;

/* A query token aligned with a list-name token. */
typedef struct embargo_alignment {
    char query_token[48];
    char name_token[48];       /* "" when unmatched */
    double similarity;         /* 0..1 */
    double weight;             /* rarity weight of the token */
} embargo_alignment;

#define EMBARGO_MAX_FACTORS 8
#define EMBARGO_MAX_ALIGN 16

typedef struct embargo_match {
    uint32_t entity;           /* index into the db */
    double score;              /* 0..1 */
    int match;                 /* score >= threshold */
    double party_score;        /* best score among the listings of this party */
    size_t name_index;         /* which of the entity's names matched */
    const char *matched_name;  /* borrowed from the db */
    double name_score;
    size_t n_factors;
    embargo_factor factors[EMBARGO_MAX_FACTORS];
    size_t n_align;
    embargo_alignment align[EMBARGO_MAX_ALIGN];
} embargo_match;

typedef struct embargo_ctx embargo_ctx;

/* Per-thread scratch for queries.  `db` may be NULL for embargo_compare()
 * (token rarity then comes from built-in defaults).  A context remembers,
 * from query to query, which listed words are like each query word it has
 * met (up to about 5 MB, then it starts over): keep one per thread for a
 * batch or a server rather than one per query.  Answers never depend on it. */
int embargo_ctx_new(embargo_ctx **out, const embargo_db *db);
void embargo_ctx_free(embargo_ctx *ctx);

/* Screens one query.  On success *out points to *n_out matches, best first,
 * owned by ctx and valid until the next call on it.  Fails with EMBARGO_EUSAGE
 * for an empty name, EMBARGO_EUTF8 for invalid UTF-8. */
int embargo_screen(embargo_ctx *ctx, const embargo_query *q, const embargo_screen_opts *opts,
                   const embargo_match **out, size_t *n_out, embargo_error *err);

/* Scores two names with the given algorithm (schema may be UNKNOWN).  The
 * explanation goes to `explain` when not NULL. */
int embargo_compare(embargo_ctx *ctx, const char *name1, const char *name2, embargo_schema schema,
                    embargo_algorithm algorithm, double *score_out, embargo_match *explain,
                    embargo_error *err);

/* Normalizes a name to Latin ASCII tokens separated by single spaces into
 * `buf` (NUL-terminated).  Returns the length, or a negative status
 * (EMBARGO_EUTF8; EMBARGO_EUSAGE if it does not fit). */
long embargo_normalize(embargo_ctx *ctx, const char *in, char *buf, size_t cap);

/* ------------------------------------------------------------------ */
/* JSON (shared by the CLI and the server, so both print the same shape) */
/* ------------------------------------------------------------------ */

/* Appends a match object as JSON text to a malloc'd string (*out, freed by
 * the caller with free()).  `explain` adds the explanation object. */
int embargo_match_json(char **out, const embargo_db *db, const embargo_match *m, int explain);
/* The whole entity record as a JSON object (malloc'd). */
int embargo_entity_json(char **out, const embargo_db *db, uint32_t index);
/* The match object of embargo_match_json, written into buf without any
 * allocation: at most cap bytes including a terminating NUL (when cap > 0),
 * and *len set to the full length without the NUL, as snprintf does.  When
 * *len >= cap the text was cut: call again with cap > *len.  Returns 0, or
 * EMBARGO_ENOTFOUND (and *len = 0) if m->entity is not in db.  Thread-safe
 * for concurrent calls on the same db. */
int embargo_match_json_write(char *buf, size_t cap, size_t *len, const embargo_db *db, const embargo_match *m,
                             int explain);
/* s as a JSON string literal, quoted and escaped as the match objects
 * escape their strings; same buffer contract as embargo_match_json_write.
 * EMBARGO_EUTF8 (and *len = 0) when s is not valid UTF-8. */
int embargo_json_string_write(char *buf, size_t cap, size_t *len, const char *s);

/* ------------------------------------------------------------------ */
/* Diff                                                               */
/* ------------------------------------------------------------------ */

/* Compares two dbs of the same list(s), e.g. yesterday's and today's
 * download.  Entities are matched by (source id, source_id): the record id
 * the authority gives, which is stable across publications.  An entity found
 * only in the new db is "added", only in the old db "removed", in both with
 * different content "changed" (with one flag per field that changed). */

typedef enum embargo_diff_kind {
    EMBARGO_DIFF_ADDED = 0,
    EMBARGO_DIFF_REMOVED = 1,
    EMBARGO_DIFF_CHANGED = 2
} embargo_diff_kind;

/* Field flags of a changed entity.  Attribute kinds have one flag each,
 * EMBARGO_DIFF_ATTR(kind); EMBARGO_DIFF_ATTR(0) ("other") flags attribute
 * kinds unknown to this build.  Values are compared as order-insensitive
 * sets of (type, value), names as sets of (value, name kind). */
#define EMBARGO_DIFF_NAME    (1u << 0)  /* the primary (display) name */
#define EMBARGO_DIFF_ALIASES (1u << 1)  /* the other names, or their kinds */
#define EMBARGO_DIFF_SCHEMA  (1u << 2)
#define EMBARGO_DIFF_ATTR(kind) (1u << (8 + (unsigned)(kind)))

/* Name of one field flag: "name", "aliases", "schema", "other", or the
 * attribute kind's name ("dob", "nationality", "id", "address", "program"...).
 * Returns "" for anything that is not a single known flag.  Static. */
const char *embargo_diff_field_name(uint32_t flag);

#define EMBARGO_DIFF_OPTS_VERSION 1
typedef struct embargo_diff_opts {
    unsigned version;
    const char *sources;   /* comma-separated source ids to compare, NULL: all */
    uint32_t ignore;       /* field flags not to compare (e.g. EMBARGO_DIFF_ATTR(EMBARGO_ATTR_REMARK)) */
} embargo_diff_opts;
#define EMBARGO_DIFF_OPTS_INIT { EMBARGO_DIFF_OPTS_VERSION, NULL, 0 }

typedef struct embargo_diff embargo_diff;

/* One difference.  `old_index` / `new_index` index into the old and new db
 * (UINT32_MAX for the side where the entity is absent); read the entity with
 * embargo_db_entity() on that db. */
typedef struct embargo_diff_entry {
    embargo_diff_kind kind;
    uint32_t old_index;
    uint32_t new_index;
    uint32_t fields;       /* EMBARGO_DIFF_* flags; 0 unless CHANGED */
} embargo_diff_entry;

typedef struct embargo_diff_stats {
    size_t added, removed, changed, unchanged;
} embargo_diff_stats;

/* Compares old_db with new_db.  On success *out is a new diff owned by the
 * caller (free it with embargo_diff_free).  The diff keeps no pointer into
 * either db, but its entries hold indices that are only meaningful for these
 * two dbs.  `opts` may be NULL (defaults).  Fails with EMBARGO_EUSAGE for a
 * NULL db or an unknown opts version, EMBARGO_ENOMEM.  Thread-safe for
 * distinct outputs (the dbs are only read). */
int embargo_diff_new(embargo_diff **out, const embargo_db *old_db, const embargo_db *new_db,
                     const embargo_diff_opts *opts, embargo_error *err);
void embargo_diff_free(embargo_diff *d);

/* Number of entries (added + removed + changed); 0 for NULL.  Entries are
 * ordered added, removed, changed, each by source id then source_id. */
size_t embargo_diff_count(const embargo_diff *d);
/* Copies entry i into *out; EMBARGO_ENOTFOUND if i is out of range. */
int embargo_diff_get(const embargo_diff *d, size_t i, embargo_diff_entry *out);
/* Counts per kind, and entities present in both and equal. */
void embargo_diff_get_stats(const embargo_diff *d, embargo_diff_stats *out);

/* ------------------------------------------------------------------ */
/* Scan: listed parties named in free text                            */
/* ------------------------------------------------------------------ */

/* embargo_scan() finds the listed parties that a text names: a news
 * article, a payment's remittance information, a web page.  The text is cut
 * into words (with their byte offsets) and sentences once; a list name is a
 * candidate where one of its rare tokens appears (any spelling within the
 * romanization tolerance of the scorer); the words around it are verified
 * with the default scorer, and the best non-overlapping mentions are kept.
 * Titles in front of a name are dropped, possessives stripped, countries
 * compared by meaning ("Belarus", "Belarusian", "of the Republic of
 * Belarus"), and acronyms that the text defines for a matched name
 * ("... Armed Forces Logistics (MODAFL)") found again later in the text.
 *
 * Precision rules: a place or a common word is never a party on its own;
 * a person needs two matching name parts (a surname alone, or a surname
 * with another given name, stays below the threshold); in mixed-case text
 * the name parts of a person must be capitalized; an organization must match
 * with its qualifiers (a different country is a different body). */

#define EMBARGO_SCAN_OPTS_VERSION 1
typedef struct embargo_scan_opts {
    unsigned version;
    double threshold;          /* a mention matches when score >= threshold */
    double min_score;          /* mentions below are not returned (0: 0.6) */
    const char *sources;       /* comma-separated source ids, NULL: all */
} embargo_scan_opts;

#define EMBARGO_SCAN_OPTS_INIT { EMBARGO_SCAN_OPTS_VERSION, EMBARGO_DEFAULT_THRESHOLD, 0.6, NULL }

typedef struct embargo_mention {
    size_t start, end;         /* byte offsets in the scanned text: text[start..end) */
    const char *text;          /* = the caller's text + start (not NUL-terminated) */
    size_t sentence_start, sentence_end; /* the sentence holding it, for context */
    uint32_t entity;           /* index into the db */
    double score;              /* 0..1 */
    int match;                 /* score >= threshold */
    size_t name_index;         /* which of the entity's names matched */
    const char *matched_name;  /* borrowed from the db */
    const char *via;           /* "name", or "acronym" (defined by the text for a matched name) */
} embargo_mention;

/* Scans text[0..len) (UTF-8; any script).  On success *out points to *n_out
 * mentions ordered by start offset, owned by ctx and valid until the next
 * call on it (their `text` points into the caller's buffer).  Bytes that are
 * not valid UTF-8 are treated as separators, so offsets always refer to the
 * bytes given; *invalid_bytes (may be NULL) receives their count.  Several
 * entities may share a span (the same party on several lists).  The first
 * call on a ctx builds the scan tables (tens of milliseconds).  Fails with
 * EMBARGO_EUSAGE without a db, EMBARGO_ENOMEM. */
int embargo_scan(embargo_ctx *ctx, const char *text, size_t len, const embargo_scan_opts *opts,
                 const embargo_mention **out, size_t *n_out, size_t *invalid_bytes, embargo_error *err);

/* The text of an HTML document, for scanning: libxml2's HTML parser (which
 * honours the document's declared charset and recovers from broken markup);
 * script, style, noscript and template content is skipped; block elements
 * (p, div, li, h1-h6, tr, br, title...) end with a blank line so that a
 * heading does not run into the next paragraph.  *out is malloc'd UTF-8,
 * NUL-terminated, freed by the caller with free().  Offsets of mentions
 * found in it refer to this text, not to the HTML bytes. */
int embargo_html_text(char **out, size_t *out_len, const char *html, size_t len, embargo_error *err);

/* A mention as a JSON object (malloc'd; free()): start, end, text (invalid
 * UTF-8 replaced by U+FFFD), via, and the fields of a match object (id,
 * source, source_id, schema, name, matched_name, score, match, party, ...),
 * so the CLI and the server print the same shape. */
int embargo_mention_json(char **out, const embargo_db *db, const embargo_mention *m);

#ifdef __cplusplus
}
#endif
#endif
