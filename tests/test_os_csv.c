/* test_os_csv.c - OpenSanctions targets.simple.csv / custom lists. */
#include "testutil.h"
#include "embargo.h"
#include "lists/lists.h"
#include "model/model.h"

static void loads_real_excerpt(void **state)
{
    (void)state;
    const char *p = fixture("targets.simple.excerpt.csv");
    embargo_loader *l;
    assert_int_equal(embargo_loader_new(&l), 0);
    embargo_error err = {0};
    int rc = embargo_loader_add_source(l, "custom", "auto", &p, 1, NULL, &err);
    assert_int_equal(rc, 0);
    embargo_db *db;
    assert_int_equal(embargo_loader_finish(&db, l, &err), 0);
    embargo_loader_free(l);
    embargo_source_info si;
    assert_int_equal(embargo_db_source(db, 0, &si), 0);
    assert_string_equal(si.format, "os_csv");
    assert_int_equal(si.records + si.skipped, 19);
    uint32_t idx;
    assert_int_equal(embargo_db_find(db, "custom-NK-26WkuEefVYLmYk8aTHMC9E", &idx), 0);
    embargo_entity e;
    embargo_db_entity(db, idx, &e);
    assert_string_equal(e.name, "IVAKHA Denis Vladimirovich");
    assert_int_equal(e.schema, EMBARGO_PERSON);
    assert_int_equal(e.n_names, 3);
    embargo_name nm;
    embargo_db_entity_name(db, idx, 1, &nm);
    assert_string_equal(nm.value, "ІВАХА Денис Володимирович");
    assert_int_equal(nm.kind, EMBARGO_NAME_ALIAS);
    embargo_db_free(db);
}

static void malformed_names_line(void **state)
{
    (void)state;
    const char text[] = "id,schema,name,aliases\nX1,Person,John Doe,\nX2,Person,\"Broken,\n";
    const char *p = tempfile_with(text, sizeof text - 1, ".csv");
    embargo_loader *l;
    embargo_loader_new(&l);
    embargo_error err = {0};
    int rc = embargo_loader_add_source(l, "custom", "os_csv", &p, 1, NULL, &err);
    assert_int_equal(rc, EMBARGO_EPARSE);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, p));
    assert_non_null(strstr(err.msg, "line 3"));
    /* nothing half-loaded: the loader has no source */
    embargo_db *db;
    assert_int_equal(embargo_loader_finish(&db, l, &err), 0);
    assert_int_equal(embargo_db_source_count(db), 0);
    assert_int_equal(embargo_db_entity_count(db), 0);
    embargo_db_free(db);
    embargo_loader_free(l);
    unlink(p);
}

/* Loads text as an os_csv file into a new loader; its status, err filled. */
static int load_text(const char *text, size_t n, embargo_error *err)
{
    const char *p = tempfile_with(text, n, ".csv");
    embargo_loader *l;
    embargo_loader_new(&l);
    int rc = embargo_loader_add_source(l, "custom", "os_csv", &p, 1, NULL, err);
    embargo_loader_free(l);
    unlink(p);
    return rc;
}

static void missing_header_column(void **state)
{
    (void)state;
    const char text[] = "ident,label\nX1,John\n";
    embargo_error err = {0};
    assert_int_equal(load_text(text, sizeof text - 1, &err), EMBARGO_EPARSE);
    assert_string_equal(err.field, "id");
    assert_int_equal(err.line, 1);
}

/* A byte that is not UTF-8: the error names the line and the byte. */
static void invalid_utf8_line(void **state)
{
    (void)state;
    const char text[] = "id,schema,name\nX1,Person,John Doe\nX2,Person,Jo\xff Doe\n";
    embargo_error err = {0};
    assert_int_equal(load_text(text, sizeof text - 1, &err), EMBARGO_EUTF8);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "0xff at byte 13"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_real_excerpt),
        cmocka_unit_test(malformed_names_line),
        cmocka_unit_test(missing_header_column),
        cmocka_unit_test(invalid_utf8_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
