/* test_diff.c - embargo_diff_*: two publications of an OpenSanctions excerpt
 * (tests/fixtures/diff/old.csv, new.csv) where new.csv drops one record,
 * adds two, changes seven in known fields, reorders rows and one alias list
 * (which is not a change). */
#include "testutil.h"
#include "embargo.h"

static embargo_db *load(const char *name)
{
    const char *p = fixture(name);
    embargo_loader *l;
    embargo_db *db = NULL;
    embargo_error err = {0};
    assert_int_equal(embargo_loader_new(&l), 0);
    /* the same source id for both files, as `embargo diff` does */
    assert_int_equal(embargo_loader_add_source(l, "ua_ws", "auto", &p, 1, NULL, &err), 0);
    assert_int_equal(embargo_loader_finish(&db, l, &err), 0);
    embargo_loader_free(l);
    return db;
}

static const char *source_id_of(const embargo_db *db, uint32_t index)
{
    embargo_entity e;
    assert_int_equal(embargo_db_entity(db, index, &e), 0);
    return e.source_id;
}

static void added_removed_changed(void **state)
{
    (void)state;
    embargo_db *old_db = load("diff/old.csv"), *new_db = load("diff/new.csv");
    embargo_diff *d;
    embargo_error err = {0};
    assert_int_equal(embargo_diff_new(&d, old_db, new_db, NULL, &err), 0);
    embargo_diff_stats st;
    embargo_diff_get_stats(d, &st);
    assert_int_equal(st.added, 2);
    assert_int_equal(st.removed, 1);
    assert_int_equal(st.changed, 7);
    assert_int_equal(st.unchanged, 19 - 1 - 7);
    assert_int_equal(embargo_diff_count(d), 10);

    /* entries come added, removed, changed, each sorted by source_id */
    static const struct {
        embargo_diff_kind kind;
        const char *source_id;
        uint32_t fields;
    } want[] = {
        {EMBARGO_DIFF_ADDED, "NK-ZZnewPerson01", 0},
        {EMBARGO_DIFF_ADDED, "NK-ZZnewVessel02", 0},
        {EMBARGO_DIFF_REMOVED, "NK-24triv8hGuc3x6NaoF4Z7b", 0},
        {EMBARGO_DIFF_CHANGED, "NK-24ZomtS59XsEEB94Qcqy7S",
         EMBARGO_DIFF_ATTR(EMBARGO_ATTR_COUNTRY) | EMBARGO_DIFF_ATTR(EMBARGO_ATTR_ID)},
        {EMBARGO_DIFF_CHANGED, "NK-24cf2zYe7LEKhr2zFck73j", EMBARGO_DIFF_ALIASES},
        {EMBARGO_DIFF_CHANGED, "NK-26nYhY6yPdAQV9U4b9pj3U", EMBARGO_DIFF_NAME},
        {EMBARGO_DIFF_CHANGED, "NK-28mqu8V3AzembAmAfehWPd", EMBARGO_DIFF_ATTR(EMBARGO_ATTR_ADDRESS)},
        {EMBARGO_DIFF_CHANGED, "NK-29dGPcB5CxPwUQt4N3ZVEj", EMBARGO_DIFF_ATTR(EMBARGO_ATTR_DOB)},
        {EMBARGO_DIFF_CHANGED, "NK-2BqYpcHUPgg5MQnG9kYAkB", EMBARGO_DIFF_ATTR(EMBARGO_ATTR_PROGRAM)},
        {EMBARGO_DIFF_CHANGED, "NK-2EmXxXHA4MQNAHPrqJ26Ks", EMBARGO_DIFF_SCHEMA},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        embargo_diff_entry e;
        assert_int_equal(embargo_diff_get(d, i, &e), 0);
        assert_int_equal(e.kind, want[i].kind);
        assert_int_equal(e.fields, want[i].fields);
        if (e.kind == EMBARGO_DIFF_REMOVED) {
            assert_int_equal(e.new_index, UINT32_MAX);
            assert_string_equal(source_id_of(old_db, e.old_index), want[i].source_id);
        } else {
            if (e.kind == EMBARGO_DIFF_ADDED) assert_int_equal(e.old_index, UINT32_MAX);
            else assert_string_equal(source_id_of(old_db, e.old_index), want[i].source_id);
            assert_string_equal(source_id_of(new_db, e.new_index), want[i].source_id);
        }
    }
    embargo_diff_entry e;
    assert_int_equal(embargo_diff_get(d, 10, &e), EMBARGO_ENOTFOUND);
    embargo_diff_free(d);

    /* reversed: added and removed swap, the same records change */
    assert_int_equal(embargo_diff_new(&d, new_db, old_db, NULL, &err), 0);
    embargo_diff_get_stats(d, &st);
    assert_int_equal(st.added, 1);
    assert_int_equal(st.removed, 2);
    assert_int_equal(st.changed, 7);
    embargo_diff_free(d);

    /* ignoring fields: the renamed and the re-typed records no longer count */
    embargo_diff_opts opts = EMBARGO_DIFF_OPTS_INIT;
    opts.ignore = EMBARGO_DIFF_NAME | EMBARGO_DIFF_SCHEMA;
    assert_int_equal(embargo_diff_new(&d, old_db, new_db, &opts, &err), 0);
    embargo_diff_get_stats(d, &st);
    assert_int_equal(st.changed, 5);
    assert_int_equal(st.unchanged, 13);
    embargo_diff_free(d);

    /* a source filter that matches nothing */
    opts.ignore = 0;
    opts.sources = "us_ofac_sdn";
    assert_int_equal(embargo_diff_new(&d, old_db, new_db, &opts, &err), 0);
    assert_int_equal(embargo_diff_count(d), 0);
    embargo_diff_free(d);

    embargo_db_free(old_db);
    embargo_db_free(new_db);
}

static void identical_is_empty(void **state)
{
    (void)state;
    embargo_db *a = load("diff/old.csv"), *b = load("diff/old.csv");
    embargo_diff *d;
    assert_int_equal(embargo_diff_new(&d, a, b, NULL, NULL), 0);
    embargo_diff_stats st;
    embargo_diff_get_stats(d, &st);
    assert_int_equal(embargo_diff_count(d), 0);
    assert_int_equal(st.added + st.removed + st.changed, 0);
    assert_int_equal(st.unchanged, 19);
    embargo_diff_free(d);
    embargo_db_free(a);
    embargo_db_free(b);
}

static void field_names_and_usage(void **state)
{
    (void)state;
    static const struct { uint32_t flag; const char *name; } tab[] = {
        {EMBARGO_DIFF_NAME, "name"},
        {EMBARGO_DIFF_ALIASES, "aliases"},
        {EMBARGO_DIFF_SCHEMA, "schema"},
        {EMBARGO_DIFF_ATTR(EMBARGO_ATTR_DOB), "dob"},
        {EMBARGO_DIFF_ATTR(EMBARGO_ATTR_NATIONALITY), "nationality"},
        {EMBARGO_DIFF_ATTR(EMBARGO_ATTR_ID), "id"},
        {EMBARGO_DIFF_ATTR(EMBARGO_ATTR_CROSSREF), "crossref"},
        {EMBARGO_DIFF_ATTR(0), "other"},
        {EMBARGO_DIFF_NAME | EMBARGO_DIFF_SCHEMA, ""},
        {0, ""},
    };
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        assert_string_equal(embargo_diff_field_name(tab[i].flag), tab[i].name);

    embargo_diff *d = NULL;
    embargo_error err = {0};
    assert_int_equal(embargo_diff_new(&d, NULL, NULL, NULL, &err), EMBARGO_EUSAGE);
    assert_null(d);
    embargo_db *a = load("diff/old.csv");
    embargo_diff_opts opts = EMBARGO_DIFF_OPTS_INIT;
    opts.version = 99;
    assert_int_equal(embargo_diff_new(&d, a, a, &opts, &err), EMBARGO_EUSAGE);
    assert_non_null(strstr(err.msg, "version 99"));
    embargo_db_free(a);
    /* NULL-tolerant getters */
    assert_int_equal(embargo_diff_count(NULL), 0);
    embargo_diff_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(added_removed_changed),
        cmocka_unit_test(identical_is_empty),
        cmocka_unit_test(field_names_and_usage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
