/* test_un_xml.c - UN Security Council consolidated list XML: the shipped
 * file, a real excerpt, and malformed input. */
#include "testutil.h"
#include "embargo.h"
#include "lists/lists.h"
#include "model/model.h"

static int has_attr(const embargo_db *db, uint32_t idx, embargo_attr_kind kind, const char *type,
                    const char *value)
{
    embargo_entity e;
    embargo_db_entity(db, idx, &e);
    for (size_t j = 0; j < e.n_attrs; j++) {
        embargo_attr a;
        embargo_db_entity_attr(db, idx, j, &a);
        if (a.kind == kind && strcmp(a.type, type) == 0 && strcmp(a.value, value) == 0) return 1;
    }
    return 0;
}

static int has_name(const embargo_db *db, uint32_t idx, embargo_name_kind kind, const char *value)
{
    embargo_entity e;
    embargo_db_entity(db, idx, &e);
    for (size_t j = 0; j < e.n_names; j++) {
        embargo_name n;
        embargo_db_entity_name(db, idx, j, &n);
        if (n.kind == kind && strcmp(n.value, value) == 0) return 1;
    }
    return 0;
}

static size_t count_kind(const embargo_db *db, uint32_t idx, embargo_attr_kind kind)
{
    embargo_entity e;
    embargo_db_entity(db, idx, &e);
    size_t n = 0;
    for (size_t j = 0; j < e.n_attrs; j++) {
        embargo_attr a;
        embargo_db_entity_attr(db, idx, j, &a);
        n += a.kind == kind;
    }
    return n;
}

static uint32_t find(const embargo_db *db, const char *id)
{
    uint32_t idx = 0;
    if (embargo_db_find(db, id, &idx) != 0) fail_msg("entity %s not found", id);
    return idx;
}

static embargo_db *load(const char *path, int expect_rc, embargo_error *err)
{
    embargo_loader *l;
    embargo_db *db;
    assert_int_equal(embargo_loader_new(&l), 0);
    int rc = embargo_loader_add_source(l, "un_sc", "auto", &path, 1, NULL, err);
    if (rc != expect_rc) fail_msg("rc %d, expected %d: %s", rc, expect_rc, err->msg);
    embargo_error e2;
    assert_int_equal(embargo_loader_finish(&db, l, &e2), 0);
    embargo_loader_free(l);
    return db;
}

/* Fields of the real records that are in both the shipped file and the excerpt. */
static void check_known_records(const embargo_db *db)
{
    uint32_t i = find(db, "un_sc-QDi.001");
    embargo_entity e;
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.source_id, "QDi.001");
    assert_string_equal(e.name, "MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE");
    assert_int_equal(e.schema, EMBARGO_PERSON);
    assert_true(has_name(db, i, EMBARGO_NAME_ORIGINAL, "محمد صلاح الدين عبدالحليم زيدان"));
    assert_true(has_name(db, i, EMBARGO_NAME_ALIAS, "Sayf-Al Adl"));
    assert_true(has_name(db, i, EMBARGO_NAME_WEAK_ALIAS, "Saif Al-'Adil"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_DOB, "", "1963-04-11"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_DOB, "", "1960-04-11"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_POB, "", "Monufia Governate, Egypt"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_NATIONALITY, "", "Egypt"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_PROGRAM, "", "Al-Qaida"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_LISTED_ON, "", "2001-01-25"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_CROSSREF, "", "QDi.001"));
    assert_int_equal(count_kind(db, i, EMBARGO_ATTR_REMARK), 1);

    i = find(db, "un_sc-QDi.356");
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "AQSA MAHMOOD");
    assert_true(has_attr(db, i, EMBARGO_ATTR_GENDER, "", "female"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_DOB, "", "1994-05-11"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_ID, "Passport", "720134834"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_POB, "", "Glasgow, Scotland, United Kingdom of Great Britain and Northern Ireland"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_COUNTRY, "", "Syrian Arab Republic"));
    assert_true(has_name(db, i, EMBARGO_NAME_WEAK_ALIAS, "Umm Layth"));

    /* a BETWEEN range, several titles and designations over line breaks */
    i = find(db, "un_sc-TAi.038");
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "ABDUL BAQI BASIR AWAL SHAH");
    assert_int_equal(count_kind(db, i, EMBARGO_ATTR_DOB), 3);
    assert_true(has_attr(db, i, EMBARGO_ATTR_DOB, "", "1961"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_TITLE, "", "Mullah"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_POSITION, "", "Governor of Khost and Paktika provinces under the Taliban regime"));

    i = find(db, "un_sc-QDe.014");
    embargo_db_entity(db, i, &e);
    assert_int_equal(e.schema, EMBARGO_ORGANIZATION);
    assert_string_equal(e.name, "THE ORGANIZATION OF AL-QAIDA IN THE ISLAMIC MAGHREB");
    assert_true(has_name(db, i, EMBARGO_NAME_ALIAS, "AQIM"));
    assert_true(has_name(db, i, EMBARGO_NAME_FORMER, "Salafist Group For Call and Combat"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_COUNTRY, "", "Mali"));
}

static void shipped_file(void **state)
{
    (void)state;
    embargo_loader *l;
    embargo_db *db;
    embargo_error err = {0};
    const char *d = getenv("EMBARGO_DATA");
    assert_int_equal(embargo_loader_new(&l), 0);
    if (embargo_loader_add_manifest(l, d ? d : "data", "un_sc", &err)) fail_msg("%s", err.msg);
    assert_int_equal(embargo_loader_finish(&db, l, &err), 0);
    embargo_loader_free(l);
    embargo_source_info si;
    assert_int_equal(embargo_db_source(db, 0, &si), 0);
    assert_string_equal(si.format, "un_xml");
    assert_int_equal(si.records + si.skipped, 1003);
    assert_string_equal(si.as_of, "2026-02-27");
    size_t persons = 0, orgs = 0;
    for (uint32_t i = 0; i < embargo_db_entity_count(db); i++) {
        embargo_entity e;
        embargo_db_entity(db, i, &e);
        persons += e.schema == EMBARGO_PERSON;
        orgs += e.schema == EMBARGO_ORGANIZATION;
    }
    assert_int_equal(persons, 730);
    assert_int_equal(orgs, 273);
    check_known_records(db);
    embargo_db_free(db);
}

static void excerpt(void **state)
{
    (void)state;
    embargo_error err = {0};
    embargo_db *db = load(fixture("un_sc.excerpt.xml"), 0, &err);
    embargo_source_info si;
    assert_int_equal(embargo_db_source(db, 0, &si), 0);
    assert_string_equal(si.format, "un_xml"); /* sniffed */
    assert_int_equal(si.records, 4);
    assert_string_equal(si.as_of, "2026-02-27"); /* from dateGenerated */
    check_known_records(db);
    embargo_db_free(db);
}

static void malformed_names_line(void **state)
{
    (void)state;
    embargo_error err = {0};
    const char *p = fixture("un_sc.malformed.xml");
    embargo_db *db = load(p, EMBARGO_EPARSE, &err);
    assert_int_equal(err.line, 79); /* <LISTED_ON>...</LISTED> */
    assert_non_null(strstr(err.msg, p));
    assert_non_null(strstr(err.msg, "line 79"));
    assert_int_equal(embargo_db_entity_count(db), 0); /* nothing half-loaded */
    assert_int_equal(embargo_db_source_count(db), 0);
    embargo_db_free(db);
}

static void wrong_root_and_truncated(void **state)
{
    (void)state;
    embargo_error err = {0};
    const char other[] = "<?xml version=\"1.0\"?>\n<sdnList>\n</sdnList>\n";
    const char *p = tempfile_with(other, sizeof other - 1, ".xml");
    embargo_loader *l;
    assert_int_equal(embargo_loader_new(&l), 0);
    assert_int_equal(embargo_loader_add_source(l, "x", "un_xml", &p, 1, NULL, &err), EMBARGO_EPARSE);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "CONSOLIDATED_LIST"));
    unlink(p);
    const char cut[] = "<CONSOLIDATED_LIST dateGenerated=\"2026-02-27T00:00:09.554Z\">\n<INDIVIDUALS>\n<INDIVIDUAL>\n<DATAID>1";
    p = tempfile_with(cut, sizeof cut - 1, ".xml");
    assert_int_equal(embargo_loader_add_source(l, "y", "un_xml", &p, 1, NULL, &err), EMBARGO_EPARSE);
    assert_true(err.line >= 4);
    unlink(p);
    embargo_loader_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_file),
        cmocka_unit_test(excerpt),
        cmocka_unit_test(malformed_names_line),
        cmocka_unit_test(wrong_root_and_truncated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
