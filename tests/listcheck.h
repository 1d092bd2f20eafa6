/* listcheck.h - helpers for the list-format tests: load one file with a
 * format into a db, find an entity, look for a name or an attribute. */
#ifndef EMB_LISTCHECK_H
#define EMB_LISTCHECK_H
#include "testutil.h"
#include "embargo.h"

/* Loads `path` as source "t" with `format`; fails the test on error. */
static inline embargo_db *lc_load(const char *format, const char *path)
{
    embargo_loader *l;
    assert_int_equal(embargo_loader_new(&l), 0);
    embargo_error err = {0};
    int rc = embargo_loader_add_source(l, "t", format, &path, 1, NULL, &err);
    if (rc) fprintf(stderr, "load %s: %s\n", path, err.msg);
    assert_int_equal(rc, 0);
    embargo_db *db;
    assert_int_equal(embargo_loader_finish(&db, l, &err), 0);
    embargo_loader_free(l);
    return db;
}

static inline uint32_t lc_find(const embargo_db *db, const char *id)
{
    uint32_t idx = 0;
    int rc = embargo_db_find(db, id, &idx);
    if (rc) fprintf(stderr, "entity %s not found\n", id);
    assert_int_equal(rc, 0);
    return idx;
}

static inline int lc_has_name(const embargo_db *db, uint32_t idx, const char *value, embargo_name_kind kind)
{
    embargo_entity e;
    embargo_db_entity(db, idx, &e);
    for (size_t j = 0; j < e.n_names; j++) {
        embargo_name n;
        embargo_db_entity_name(db, idx, j, &n);
        if (!strcmp(n.value, value) && n.kind == kind) return 1;
    }
    fprintf(stderr, "%s: no name '%s' of kind %d\n", e.id, value, (int)kind);
    return 0;
}

static inline int lc_has_attr(const embargo_db *db, uint32_t idx, embargo_attr_kind kind, const char *type,
                              const char *value)
{
    embargo_entity e;
    embargo_db_entity(db, idx, &e);
    for (size_t j = 0; j < e.n_attrs; j++) {
        embargo_attr a;
        embargo_db_entity_attr(db, idx, j, &a);
        if (a.kind == kind && !strcmp(a.value, value) && (!type || !strcmp(a.type, type))) return 1;
    }
    fprintf(stderr, "%s: no %s attr [%s] '%s'\n", e.id, embargo_attr_kind_name(kind), type ? type : "*", value);
    return 0;
}

/* Count of one skip reason (0 if absent). */
static inline size_t lc_skips(const embargo_source_info *si, const char *reason)
{
    for (size_t k = 0; k < si->n_skip_reasons; k++)
        if (!strcmp(si->skip_reasons[k], reason)) return si->skip_counts[k];
    return 0;
}

/* Loads text as `format` expecting EMBARGO_EPARSE at `line`; checks that the
 * message names the file and the line and that nothing was loaded. */
static inline void lc_expect_parse_error(const char *format, const char *text, size_t n, const char *suffix,
                                         unsigned long line)
{
    const char *p = tempfile_with(text, n, suffix);
    assert_non_null(p);
    embargo_loader *l;
    embargo_loader_new(&l);
    embargo_error err = {0};
    int rc = embargo_loader_add_source(l, "t", format, &p, 1, NULL, &err);
    if (rc != EMBARGO_EPARSE || err.line != line) fprintf(stderr, "%s: rc %d: %s\n", format, rc, err.msg);
    assert_int_equal(rc, EMBARGO_EPARSE);
    assert_non_null(strstr(err.msg, p));
    if (line) {
        char want[32];
        snprintf(want, sizeof want, "line %lu", line);
        assert_int_equal(err.line, line);
        assert_non_null(strstr(err.msg, want));
    }
    embargo_db *db;
    assert_int_equal(embargo_loader_finish(&db, l, &err), 0);
    assert_int_equal(embargo_db_source_count(db), 0);
    assert_int_equal(embargo_db_entity_count(db), 0);
    embargo_db_free(db);
    embargo_loader_free(l);
    unlink(p);
}

#endif
