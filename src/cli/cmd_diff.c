/* cmd_diff.c - `embargo diff OLD NEW`: which records a new publication of a
 * list adds, removes and changes.  Exit status as diff(1): 0 identical, 1
 * different, 2 trouble, so scripts can gate on it. */
#include "cli/cli.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char help[] =
    "usage: embargo diff [--json] [--format FMT] [--id ID] [--source ID,...]\n"
    "                    [--ignore FIELD,...] OLD NEW\n"
    "Compares two publications of the same list.  Records are matched by the\n"
    "authority's record id.  OLD and NEW are each a list file (any supported\n"
    "format), a directory with a manifest.json (e.g. DIR/sets/<time> written by\n"
    "`embargo update`, or the shipped data/), or an index file (embargo build).\n"
    "Prints a summary line, then one line per record:\n"
    "  + ID NAME                      added\n"
    "  - ID NAME                      removed\n"
    "  ~ ID NAME (fields: dob, ...)   changed\n"
    "Exit status: 0 identical, 1 different, 2 error.\n\n"
    "  --json                print {\"old\":{path,sources},\"new\":{...},\"added\":[{id,\n"
    "                        source,source_id,name,schema}],\"removed\":[...],\"changed\":\n"
    "                        [{...,fields:[...]}],\"summary\":{added,removed,changed,\n"
    "                        unchanged}}\n"
    "  --format FMT          list format of OLD and NEW files (default: auto)\n"
    "  --id ID               source id given to OLD and NEW files (default: the\n"
    "                        other side's only source, else NEW's base name)\n"
    "  --source ID,...       compare only these sources (manifest directories)\n"
    "  --ignore FIELD,...    do not compare these fields (name, aliases, schema,\n"
    "                        dob, pob, nationality, citizenship, country, id,\n"
    "                        address, program, listed_on, remark, gender, title,\n"
    "                        position, crossref, other)\n";

typedef struct side {
    const char *path;
    int is_dir;
    embargo_db *db;
} side;

/* The source id of a list file: its base name without extension (as --list
 * does elsewhere), so the ids printed match what screening prints. */
static void base_id(const char *path, char *out, size_t cap)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    snprintf(out, cap, "%s", b);
    char *dot = strchr(out, '.');
    if (dot && dot != out) *dot = '\0';
}

static int load_dir(side *s, const char *sources)
{
    embargo_loader *l;
    embargo_error err = {0};
    if (embargo_loader_new(&l)) { fprintf(stderr, "embargo diff: out of memory\n"); return CLI_USAGE; }
    int rc = embargo_loader_add_manifest(l, s->path, sources, &err);
    if (!rc) rc = embargo_loader_finish(&s->db, l, &err);
    embargo_loader_free(l);
    if (rc) { fprintf(stderr, "embargo diff: %s\n", err.msg); return CLI_USAGE; }
    return 0;
}

static int load_file(side *s, const char *format, const char *id)
{
    embargo_error ierr = {0}, err = {0};
    /* An index file is recognized by embargo_db_open itself (magic, version,
     * checksum); anything it refuses is tried as a list. */
    int irc = EMBARGO_EUSAGE;
    if (!format && (irc = embargo_db_open(&s->db, s->path, &ierr)) == 0) return 0;
    embargo_loader *l;
    if (embargo_loader_new(&l)) { fprintf(stderr, "embargo diff: out of memory\n"); return CLI_USAGE; }
    int rc = embargo_loader_add_source(l, id, format ? format : "auto", &s->path, 1, NULL, &err);
    if (!rc) rc = embargo_loader_finish(&s->db, l, &err);
    embargo_loader_free(l);
    if (rc) {
        fprintf(stderr, "embargo diff: %s\n", err.msg);
        if (irc == EMBARGO_ECORRUPT) fprintf(stderr, "embargo diff: (as an index file: %s)\n", ierr.msg);
        return CLI_USAGE;
    }
    return 0;
}

static uint32_t parse_ignore(const char *list, int *bad)
{
    uint32_t mask = 0;
    char *copy = strdup(list), *save = NULL;
    *bad = copy == NULL;
    for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t; t = strtok_r(NULL, ",", &save)) {
        uint32_t m = 0;
        for (unsigned b = 0; b < 32 && !m; b++)
            if (strcmp(embargo_diff_field_name(1u << b), t) == 0) m = 1u << b;
        if (!m) { fprintf(stderr, "embargo diff: --ignore: unknown field '%s' (see embargo diff --help)\n", t); *bad = 1; }
        mask |= m;
    }
    free(copy);
    return mask;
}

static json_t *side_json(const side *s)
{
    json_t *srcs = json_array();
    for (size_t i = 0; i < embargo_db_source_count(s->db); i++) {
        embargo_source_info si;
        embargo_db_source(s->db, i, &si);
        json_t *files = json_array();
        for (size_t k = 0; k < si.n_files; k++)
            json_array_append_new(files, json_pack("{s:s,s:s}", "path", si.file_paths[k], "sha256", si.file_sha256[k]));
        json_array_append_new(srcs, json_pack("{s:s,s:s,s:s,s:I,s:I,s:o}", "id", si.id, "format", si.format, "as_of",
                                              si.as_of, "records", (json_int_t)si.records, "skipped",
                                              (json_int_t)si.skipped, "files", files));
    }
    return json_pack("{s:s,s:o}", "path", s->path, "sources", srcs);
}

static void side_text(const char *mark, const side *s)
{
    printf("%s %s", mark, s->path);
    for (size_t i = 0; i < embargo_db_source_count(s->db); i++) {
        embargo_source_info si;
        embargo_db_source(s->db, i, &si);
        printf("%s%s as of %s, %zu records", i ? "; " : " (", si.id, si.as_of[0] ? si.as_of : "unknown", si.records);
    }
    printf("%s\n", embargo_db_source_count(s->db) ? ")" : " (no sources)");
}

/* Fields of a changed entry as "a, b" into buf, and as a JSON array. */
static void fields_text(uint32_t fields, char *buf, size_t cap, json_t *arr)
{
    size_t o = 0;
    buf[0] = '\0';
    for (unsigned b = 0; b < 32; b++) {
        if (!(fields & (1u << b))) continue;
        const char *n = embargo_diff_field_name(1u << b);
        if (arr) json_array_append_new(arr, json_string(n));
        if (o < cap) o += (size_t)snprintf(buf + o, cap - o, "%s%s", o ? ", " : "", n);
    }
}

static int shared_source(const embargo_db *a, const embargo_db *b)
{
    for (size_t i = 0; i < embargo_db_source_count(a); i++) {
        embargo_source_info x;
        embargo_db_source(a, i, &x);
        for (size_t j = 0; j < embargo_db_source_count(b); j++) {
            embargo_source_info y;
            embargo_db_source(b, j, &y);
            if (strcmp(x.id, y.id) == 0) return 1;
        }
    }
    return 0;
}

int cmd_diff(int argc, char **argv)
{
    int json = 0;
    const char *format = NULL, *id = NULL, *sources = NULL, *ignore = NULL;
    side sides[2] = {{NULL, 0, NULL}, {NULL, 0, NULL}};
    size_t n_paths = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **val = !strcmp(a, "--format") ? &format : !strcmp(a, "--id") ? &id
                         : !strcmp(a, "--source") ? &sources : !strcmp(a, "--ignore") ? &ignore : NULL;
        if (val) {
            if (i + 1 >= argc) return cli_usage_error("diff", "%s needs a value", a);
            *val = argv[++i];
        } else if (!strcmp(a, "--json")) {
            json = 1;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            printf("%s", help);
            return 0;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error("diff", "unknown option '%s' (see embargo diff --help)", a);
        } else {
            if (n_paths == 2) return cli_usage_error("diff", "expects two paths, OLD and NEW (see embargo diff --help)");
            sides[n_paths++].path = a;
        }
    }
    if (n_paths != 2) return cli_usage_error("diff", "expects two paths, OLD and NEW (see embargo diff --help)");
    if (format && !strcmp(format, "auto")) format = NULL;
    embargo_diff_opts opts = EMBARGO_DIFF_OPTS_INIT;
    opts.sources = sources;
    if (ignore) {
        int bad;
        opts.ignore = parse_ignore(ignore, &bad);
        if (bad) return CLI_USAGE;
    }
    int rc = 0;
    /* directories first: a file side takes the id of the other side's only source */
    for (int k = 0; k < 2; k++) {
        struct stat st;
        if (stat(sides[k].path, &st) != 0) { rc = cli_usage_error("diff", "cannot read '%s'", sides[k].path); goto done; }
        sides[k].is_dir = S_ISDIR(st.st_mode);
        if (sides[k].is_dir && (rc = load_dir(&sides[k], sources))) goto done;
    }
    for (int k = 0; k < 2; k++) {
        if (sides[k].is_dir) continue;
        char idbuf[256];
        const side *other = &sides[1 - k];
        if (id) snprintf(idbuf, sizeof idbuf, "%s", id);
        else if (other->db && embargo_db_source_count(other->db) == 1) {
            embargo_source_info si;
            embargo_db_source(other->db, 0, &si);
            snprintf(idbuf, sizeof idbuf, "%s", si.id);
        } else base_id(sides[sides[1].is_dir ? 0 : 1].path, idbuf, sizeof idbuf);
        if ((rc = load_file(&sides[k], format, idbuf))) goto done;
    }
    if (!shared_source(sides[0].db, sides[1].db))
        fprintf(stderr, "embargo diff: warning: OLD and NEW have no source id in common: every record is added or removed (see --id)\n");

    embargo_diff *d;
    embargo_error err = {0};
    if (embargo_diff_new(&d, sides[0].db, sides[1].db, &opts, &err)) {
        fprintf(stderr, "embargo diff: %s\n", err.msg);
        rc = CLI_USAGE;
        goto done;
    }
    embargo_diff_stats st;
    embargo_diff_get_stats(d, &st);
    json_t *lists[3] = {NULL, NULL, NULL};
    if (json) for (int k = 0; k < 3; k++) lists[k] = json_array();
    else {
        side_text("---", &sides[0]);
        side_text("+++", &sides[1]);
        printf("%zu added, %zu removed, %zu changed, %zu unchanged\n", st.added, st.removed, st.changed, st.unchanged);
    }
    static const char marks[] = "+-~";
    for (size_t i = 0; i < embargo_diff_count(d); i++) {
        embargo_diff_entry e;
        embargo_entity oe = {0}, ne = {0};
        embargo_diff_get(d, i, &e);
        if (e.old_index != UINT32_MAX) embargo_db_entity(sides[0].db, e.old_index, &oe);
        if (e.new_index != UINT32_MAX) embargo_db_entity(sides[1].db, e.new_index, &ne);
        const embargo_entity *cur = e.kind == EMBARGO_DIFF_REMOVED ? &oe : &ne;
        char fbuf[512];
        json_t *farr = json && e.kind == EMBARGO_DIFF_CHANGED ? json_array() : NULL;
        fields_text(e.fields, fbuf, sizeof fbuf, farr);
        if (json) {
            json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s}", "id", cur->id, "source", cur->source, "source_id",
                                  cur->source_id, "name", cur->name, "schema", embargo_schema_name(cur->schema));
            if (farr) {
                if (e.fields & EMBARGO_DIFF_NAME) json_object_set_new(o, "old_name", json_string(oe.name));
                json_object_set_new(o, "fields", farr);
            }
            json_array_append_new(lists[e.kind], o);
        } else if (e.kind == EMBARGO_DIFF_CHANGED) {
            printf("~ %s %s (fields: %s)", cur->id, cur->name, fbuf);
            if (e.fields & EMBARGO_DIFF_NAME) printf(" [was: %s]", oe.name);
            printf("\n");
        } else {
            printf("%c %s %s\n", marks[e.kind], cur->id, cur->name);
        }
    }
    if (json) {
        json_t *root = json_pack("{s:o,s:o,s:o,s:o,s:o,s:{s:I,s:I,s:I,s:I}}", "old", side_json(&sides[0]), "new",
                                 side_json(&sides[1]), "added", lists[0], "removed", lists[1], "changed", lists[2],
                                 "summary", "added", (json_int_t)st.added, "removed", (json_int_t)st.removed,
                                 "changed", (json_int_t)st.changed, "unchanged", (json_int_t)st.unchanged);
        char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (s) puts(s);
        free(s);
        json_decref(root);
    }
    rc = embargo_diff_count(d) ? 1 : 0;
    embargo_diff_free(d);
done:
    embargo_db_free(sides[0].db);
    embargo_db_free(sides[1].db);
    return rc;
}
