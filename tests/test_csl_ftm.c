/* test_csl_ftm.c - the trade.gov Consolidated Screening List CSV (the 2023
 * sample and the full gzipped list of 2022-05 shipped in data/) and
 * OpenSanctions FollowTheMoney JSON lines (eu_fsf fixture, compact and
 * without a final newline; an excerpt of the zala fixture). */
#include "listcheck.h"

static void csl_sample(void **state)
{
    (void)state;
    embargo_db *db = lc_load("csl_csv", fixture("csl_consolidated.csv"));
    embargo_source_info si;
    embargo_db_source(db, 0, &si);
    assert_int_equal(si.records, 13);
    assert_int_equal(si.skipped, 0);
    assert_string_equal(si.as_of, "2023-07-19");
    /* newer "ids" layout: TYPE, NUMBER, COUNTRY */
    uint32_t i = lc_find(db, "t-52291");
    embargo_entity e;
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "RIM, Ryong Nam");
    assert_int_equal(e.schema, EMBARGO_PERSON);
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_ID, "Passport", "836238033"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_GENDER, "", "male"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_DOB, "", "1978-12-05"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_CROSSREF, "OFAC ent_num", "52291"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_PROGRAM, "", "Specially Designated Nationals (SDN) - Treasury Department"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_PROGRAM, "", "NPWMD"));
    /* a State Department row: hashed _id, no ent_num */
    i = lc_find(db, "t-233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b");
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_PROGRAM, "", "Nonproliferation Sanctions (ISN) - State Department"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_LISTED_ON, "", "2023-07-19"));
    embargo_db_free(db);
}

static void csl_full_gz(void **state)
{
    (void)state;
    embargo_db *db = lc_load("csl_csv", datafile("us_trade_csl/consolidated.csv.gz"));
    embargo_source_info si;
    embargo_db_source(db, 0, &si);
    /* 14160 rows (4 with newlines in quoted fields); one row repeats another */
    assert_int_equal(si.records + si.skipped, 14160);
    assert_int_equal(si.skipped, 1);
    assert_int_equal(lc_skips(&si, "row repeating an earlier row of the same list (merged)"), 1);
    assert_string_equal(si.as_of, "2022-04-21");
    /* older "ids" layout: [CC, [issued, expires,]] NUMBER, TYPE */
    uint32_t i = lc_find(db, "t-21944");
    embargo_entity e;
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "'ABBAS, Rim");
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_DOB, "", "1973-03-25"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_NATIONALITY, "", "SY"));
    /* the same OFAC entity on SDN and CAPTA: two entries, ids independent of row order */
    i = lc_find(db, "t-34616");
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_PROGRAM, "", "Specially Designated Nationals (SDN) - Treasury Department"));
    i = lc_find(db, "t-34616-CAP");
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "ARIMERO HOLDING LIMITED");
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_CROSSREF, "OFAC ent_num", "34616"));
    embargo_db_free(db);
}

static void csl_ids_layouts(void **state)
{
    (void)state;
    const char text[] =
        "_id,source,entity_number,type,programs,name,ids\n"
        "1,Specially Designated Nationals (SDN) - Treasury Department,1,Individual,SDGT,A B,"
        "\"PK, 2013-09-09, 2008-09-09, 4117921, Passport; KW, 281020505755, National ID No.; IMO 8898831, Vessel Registration Identification\"\n"
        "2,Specially Designated Nationals (SDN) - Treasury Department,2,Entity,SDGT,C D,"
        "\"Tax ID No., 7702070139, RU; Secondary sanctions risk:, section 1(b) of Executive Order 13224; Website, www.example.org\"\n";
    const char *p = tempfile_with(text, sizeof text - 1, ".csv");
    embargo_db *db = lc_load("csl_csv", p);
    uint32_t i = lc_find(db, "t-1");
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_ID, "Passport", "4117921"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_ID, "National ID", "281020505755"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_ID, "IMO", "8898831"));
    i = lc_find(db, "t-2");
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_ID, "Tax ID", "7702070139"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_REMARK, "", "Secondary sanctions risk: section 1(b) of Executive Order 13224"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_REMARK, "", "Website www.example.org"));
    embargo_db_free(db);
    unlink(p);
}

static void csl_malformed(void **state)
{
    (void)state;
    static const char quote[] = "_id,source,name\n1,X - Treasury Department,A B\n2,X - Treasury Department,\"Broken\n";
    lc_expect_parse_error("csl_csv", quote, sizeof quote - 1, ".csv", 3);
    static const char fields[] = "_id,source,name\n1,X,A B\n2,X\n";
    lc_expect_parse_error("csl_csv", fields, sizeof fields - 1, ".csv", 3);
    static const char header[] = "id,list,label\n1,X,A B\n";
    lc_expect_parse_error("csl_csv", header, sizeof header - 1, ".csv", 1);
}

static void ftm_eu_fsf(void **state)
{
    (void)state;
    embargo_db *db = lc_load("ftm_json", fixture("ftm_eu_fsf.entities.ftm.json"));
    embargo_source_info si;
    embargo_db_source(db, 0, &si);
    assert_int_equal(si.records, 6);
    assert_int_equal(si.skipped, 1);
    assert_int_equal(lc_skips(&si, "not a party (schema Address)"), 1);
    assert_string_equal(si.as_of, "2024-03-28");
    uint32_t i = lc_find(db, "t-NK-2Ka3UvopqbpZmVDFjWd4LA");
    embargo_entity e;
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "Vitaly Yurievich KUZMENKO");
    assert_int_equal(e.schema, EMBARGO_PERSON);
    assert_true(lc_has_name(db, i, "Vitalij Kuzmenko", EMBARGO_NAME_ALIAS));
    assert_true(lc_has_name(db, i, "Виталий Юрьевич КУЗЬМЕНКО", EMBARGO_NAME_ORIGINAL));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_DOB, "", "1971-01-22"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_ID, "Tax ID", "366510784303"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_NATIONALITY, "", "RU"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_GENDER, "", "male"));
    i = lc_find(db, "t-NK-2GdmHtZTeNXjNVrBGEXZNj");
    embargo_db_entity(db, i, &e);
    assert_int_equal(e.schema, EMBARGO_ORGANIZATION);
    assert_string_equal(e.name, "RAB „Inter Tobacco“");
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_ID, "Registration Number", "808000714"));
    embargo_db_free(db);
}

static void ftm_zala_excerpt(void **state)
{
    (void)state;
    embargo_db *db = lc_load("auto", fixture("ftm_zala.excerpt.ftm.json"));
    embargo_source_info si;
    embargo_db_source(db, 0, &si);
    assert_string_equal(si.format, "ftm_json");
    assert_int_equal(si.records, 11); /* 7 Company + 4 Person */
    assert_int_equal(lc_skips(&si, "not a party (schema Address)"), 3);
    assert_int_equal(lc_skips(&si, "not a party (schema Ownership)"), 1);
    uint32_t i = lc_find(db, "t-NK-2Tbri3s6GgNtAwsSXh4qpL");
    embargo_entity e;
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "Maria Aleksandrovna Osetrova");
    assert_true(lc_has_name(db, i, "Mariya ZAKHAROVA", EMBARGO_NAME_ALIAS));
    assert_true(lc_has_name(db, i, "Maria Aleksandrovna Zakharova", EMBARGO_NAME_FORMER));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_ID, "INN", "183116181362"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_DOB, "", "1988-01-07"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_PROGRAM, "", "GB-RUS"));
    embargo_db_free(db);
}

static void ftm_malformed(void **state)
{
    (void)state;
    static const char text[] =
        "{\"id\": \"a\", \"schema\": \"Person\", \"properties\": {\"name\": [\"A B\"]}}\n"
        "\n"
        "{\"id\": \"b\", \"schema\": \"Person\", \"properties\": {\"name\": [\"C D\"]}\n";
    lc_expect_parse_error("ftm_json", text, sizeof text - 1, ".json", 3);
    static const char noid[] = "{\"schema\": \"Person\", \"properties\": {}}\n";
    lc_expect_parse_error("ftm_json", noid, sizeof noid - 1, ".json", 1);
}

/* The two shipped sources added with these formats load from the manifest
 * with the manifest's as-of dates and checked sha256. */
static void manifest_entries(void **state)
{
    (void)state;
    embargo_loader *l;
    embargo_loader_new(&l);
    embargo_error err = {0};
    int rc = embargo_loader_add_manifest(l, NULL, "ca_sema,us_trade_csl", &err);
    if (rc) fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, 0);
    embargo_db *db;
    assert_int_equal(embargo_loader_finish(&db, l, &err), 0);
    embargo_loader_free(l);
    assert_int_equal(embargo_db_source_count(db), 2);
    embargo_source_info si;
    embargo_db_source(db, 0, &si);
    assert_string_equal(si.id, "ca_sema");
    assert_string_equal(si.as_of, "2020-04-15");
    assert_int_equal(si.records, 1369);
    embargo_db_source(db, 1, &si);
    assert_string_equal(si.id, "us_trade_csl");
    assert_string_equal(si.as_of, "2022-04-21");
    assert_int_equal(si.records, 14159);
    uint32_t i = lc_find(db, "ca_sema-Syria:2:60");
    embargo_entity e;
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "Jumah Al-Ahmad");
    embargo_db_free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csl_sample),
        cmocka_unit_test(csl_full_gz),
        cmocka_unit_test(csl_ids_layouts),
        cmocka_unit_test(csl_malformed),
        cmocka_unit_test(ftm_eu_fsf),
        cmocka_unit_test(ftm_zala_excerpt),
        cmocka_unit_test(ftm_malformed),
        cmocka_unit_test(manifest_entries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
