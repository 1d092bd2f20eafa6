/* test_xml_lists.c - the XML list formats on real files: Canada SEMA
 * (shipped full copy), UK FCDO, OFAC sdnList (SDN extract and an excerpt of
 * the consolidated list), OFAC Enhanced XML (the full ZIP), EU FSF XML 1.1.
 * Counts, as-of dates and one named entity's names, dates and ids per file;
 * malformed input names file and line and loads nothing. */
#include "listcheck.h"

typedef struct count_case {
    const char *format, *file;
    int shipped;                  /* under data/ rather than tests/fixtures */
    size_t records, skipped;
    const char *as_of;
} count_case;

static const count_case counts[] = {
    {"sema_xml", "ca_sema/sema-lmes.xml", 1, 1369, 0, ""},
    {"fcdo_xml", "fcdo_UK-Sanctions-List-extract.xml", 0, 4, 1, "2026-08-14"},
    {"ofac_xml", "ofac_sdn-extract.xml", 0, 5, 0, "2026-08-07"},
    {"ofac_xml", "ofac_consolidated.excerpt.xml", 0, 4, 0, "2026-01-08"},
    {"ofac_enhanced_xml", "ofac_CONS_ENHANCED.ZIP", 0, 443, 0, "2025-01-10"},
    {"eu_xml", "eu_20260805-FULL-1_1-extract.xml", 0, 4, 1, "2026-08-05"},
};

static void counts_and_dates(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        const count_case *c = &counts[i];
        const char *path = c->shipped ? datafile(c->file) : fixture(c->file);
        embargo_db *db = lc_load(c->format, path);
        embargo_source_info si;
        assert_int_equal(embargo_db_source(db, 0, &si), 0);
        if (si.records != c->records || si.skipped != c->skipped)
            fprintf(stderr, "%s: %zu records %zu skipped\n", c->file, si.records, si.skipped);
        assert_int_equal(si.records, c->records);
        assert_int_equal(si.skipped, c->skipped);
        assert_string_equal(si.as_of, c->as_of);
        assert_string_equal(si.format, c->format);
        embargo_db_free(db);
    }
}

static void sniffing(void **state)
{
    (void)state;
    static const struct { const char *file; int shipped; const char *format; } cases[] = {
        {"ca_sema/sema-lmes.xml", 1, "sema_xml"},
        {"fcdo_UK-Sanctions-List-extract.xml", 0, "fcdo_xml"},
        {"ofac_consolidated.excerpt.xml", 0, "ofac_xml"},
        {"ofac_CONS_ENHANCED.ZIP", 0, "ofac_enhanced_xml"},
        {"eu_20260805-FULL-1_1-extract.xml", 0, "eu_xml"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *path = cases[i].shipped ? datafile(cases[i].file) : fixture(cases[i].file);
        embargo_db *db = lc_load("auto", path);
        embargo_source_info si;
        embargo_db_source(db, 0, &si);
        assert_string_equal(si.format, cases[i].format);
        embargo_db_free(db);
    }
}

static void sema_entities(void **state)
{
    (void)state;
    embargo_db *db = lc_load("sema_xml", datafile("ca_sema/sema-lmes.xml"));
    embargo_entity e;
    /* one-word aliases are variants of a part of the name */
    uint32_t i = lc_find(db, "t-Russia:1:95");
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "Andrey Vladimirovich CHEREZOV");
    assert_int_equal(e.schema, EMBARGO_PERSON);
    assert_true(lc_has_name(db, i, "Andrei Vladimirovich CHEREZOV", EMBARGO_NAME_ALIAS));
    assert_true(lc_has_name(db, i, "Andrei", EMBARGO_NAME_WEAK_ALIAS));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_DOB, "", "1967-10-12"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_PROGRAM, "", "Russia / Russie"));
    i = lc_find(db, "t-Ukraine:1:121"); /* surname variant in capitals */
    assert_true(lc_has_name(db, i, "Natalya Aleksandrovna PASHENKO", EMBARGO_NAME_ALIAS));
    /* "1972-08-10 or 1972-08-11"; regime abbreviation in the id */
    i = lc_find(db, "t-JVCFOR:1:54");
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_DOB, "", "1972-08-10"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_DOB, "", "1972-08-11"));
    /* an entity with comma-joined aliases; a record without schedule */
    i = lc_find(db, "t-Burma:1:1");
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "Air Bagan");
    assert_int_equal(e.schema, EMBARGO_ORGANIZATION);
    assert_true(lc_has_name(db, i, "Air Bagan Holdings Pte. Ltd.", EMBARGO_NAME_ALIAS));
    assert_true(lc_has_name(db, i, "Air Bagan Limited", EMBARGO_NAME_ALIAS));
    i = lc_find(db, "t-Venezuela::55");
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "Manuel Gregorio BERNAL MARTÍNEZ");
    /* NBSP padding is trimmed from names and titles */
    i = lc_find(db, "t-Syria:2:74");
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "Nazih");
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_TITLE, "", "Major General/major-général"));
    embargo_db_free(db);
}

static void sema_newer_schema(void **state)
{
    (void)state;
    const char text[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<data-set>\n"
        "<record><Country>Russia / Russie</Country><Schedule>1, Part 1</Schedule><Item>7</Item>"
        "<DateOfListing>2022-02-24</DateOfListing><EntityOrShip>SV Test</EntityOrShip>"
        "<ShipIMONumber>IMO 9123456</ShipIMONumber><DateOfBirthOrShipBuildDate>2001</DateOfBirthOrShipBuildDate></record>\n"
        "</data-set>\n";
    const char *p = tempfile_with(text, sizeof text - 1, ".xml");
    embargo_db *db = lc_load("sema_xml", p);
    uint32_t i = lc_find(db, "t-Russia:1, Part 1:7");
    embargo_entity e;
    embargo_db_entity(db, i, &e);
    assert_int_equal(e.schema, EMBARGO_VESSEL);
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_ID, "IMO", "9123456"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_LISTED_ON, "", "2022-02-24"));
    embargo_db_free(db);
    unlink(p);
}

static void fcdo_entities(void **state)
{
    (void)state;
    embargo_db *db = lc_load("fcdo_xml", fixture("fcdo_UK-Sanctions-List-extract.xml"));
    embargo_source_info si;
    embargo_db_source(db, 0, &si);
    assert_int_equal(lc_skips(&si, "designation without UniqueID"), 1);
    uint32_t i = lc_find(db, "t-AFG0011");
    embargo_entity e;
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "ABDUL LATIF MANSUR");
    assert_int_equal(e.schema, EMBARGO_PERSON);
    assert_true(lc_has_name(db, i, "Abdul Latif MANSOOR", EMBARGO_NAME_ALIAS));
    assert_true(lc_has_name(db, i, "عبد اللطيف منصور", EMBARGO_NAME_ORIGINAL));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_DOB, "", "1967-11-12"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_DOB, "", "1968")); /* "dd/mm/1968" */
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_ID, "Passport", "D0009720")); /* leading space trimmed */
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_CROSSREF, "OFSI Group ID", "7270"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_CROSSREF, "UN Reference Number", "TAi.007"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_LISTED_ON, "", "2001-01-31"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_TITLE, "", "Maulavi"));
    i = lc_find(db, "t-AQD0128"); /* "Primary name" in lower case, low-quality akas */
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "AKRAM TURKI HISHAN AL-MAZIDIH");
    assert_true(lc_has_name(db, i, "Abu Akram", EMBARGO_NAME_WEAK_ALIAS));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_ID, "National ID", "0075258"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_DOB, "", "1958-09"));
    i = lc_find(db, "t-DPR0075");
    embargo_db_entity(db, i, &e);
    assert_int_equal(e.schema, EMBARGO_VESSEL);
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_ID, "IMO", "9562233"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_COUNTRY, "", "Comoros"));
    embargo_db_free(db);
}

static void ofac_xml_entities(void **state)
{
    (void)state;
    embargo_db *db = lc_load("ofac_xml", fixture("ofac_sdn-extract.xml"));
    uint32_t i = lc_find(db, "t-9758");
    embargo_entity e;
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "IBRAHIM, Dawood");
    assert_int_equal(e.schema, EMBARGO_PERSON);
    assert_true(lc_has_name(db, i, "EBRAHIM, Dawood", EMBARGO_NAME_ALIAS));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_ID, "Passport", "M-110522"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_DOB, "", "1955-12-26"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_NATIONALITY, "", "India"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_CITIZENSHIP, "", "Pakistan"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_POB, "", "Ratnagiri, Maharashtra, India"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_PROGRAM, "", "SDNTK"));
    i = lc_find(db, "t-2674");
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_REMARK, "", "Secondary sanctions risk: section 1(b) of Executive Order 13224"));
    i = lc_find(db, "t-4238");
    embargo_db_entity(db, i, &e);
    assert_int_equal(e.schema, EMBARGO_VESSEL);
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_ID, "Call Sign", "CL2192"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_COUNTRY, "", "Cuba"));
    embargo_db_free(db);

    /* the consolidated list (CRLF): f.k.a. -> FORMER, weak -> WEAK_ALIAS */
    db = lc_load("ofac_xml", fixture("ofac_consolidated.excerpt.xml"));
    i = lc_find(db, "t-17013");
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "VTB BANK PUBLIC JOINT STOCK COMPANY");
    assert_true(lc_has_name(db, i, "JSC VTB BANK", EMBARGO_NAME_FORMER));
    assert_true(lc_has_name(db, i, "VTB BANK PJSC", EMBARGO_NAME_ALIAS));
    assert_true(lc_has_name(db, i, "JSC VTB BANK NEW DELHI BRANCH", EMBARGO_NAME_WEAK_ALIAS));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_ID, "SWIFT/BIC", "VTBRRUMM"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_ID, "Tax ID", "7702070139"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_REMARK, "", "Website www.vtb.ru"));
    i = lc_find(db, "t-9639");
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_DOB, "", "1962"));
    assert_true(lc_has_name(db, i, "HANIYYA, Ismaeel", EMBARGO_NAME_ALIAS));
    embargo_db_free(db);
}

static void ofac_enhanced_entities(void **state)
{
    (void)state;
    embargo_db *db = lc_load("ofac_enhanced_xml", fixture("ofac_CONS_ENHANCED.ZIP"));
    uint32_t i = lc_find(db, "t-17013");
    embargo_entity e;
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "VTB BANK PUBLIC JOINT STOCK COMPANY");
    assert_int_equal(e.schema, EMBARGO_ORGANIZATION);
    assert_true(lc_has_name(db, i, "БАНК ВТБ ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО", EMBARGO_NAME_ORIGINAL));
    assert_true(lc_has_name(db, i, "JSC VTB BANK", EMBARGO_NAME_FORMER));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_ID, "SWIFT/BIC", "VTBRRUMM"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_ID, "Tax ID", "7702070139"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_PROGRAM, "", "RUSSIA-EO14024"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_LISTED_ON, "", "2014-07-29"));
    i = lc_find(db, "t-9639");
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "HANIYA, Ismail Abdul Salah");
    assert_int_equal(e.schema, EMBARGO_PERSON);
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_DOB, "", "1962"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_POB, "", "Shati"));
    embargo_db_free(db);
}

static void eu_entities(void **state)
{
    (void)state;
    embargo_db *db = lc_load("eu_xml", fixture("eu_20260805-FULL-1_1-extract.xml"));
    embargo_source_info si;
    embargo_db_source(db, 0, &si);
    assert_int_equal(lc_skips(&si, "record without a name"), 1); /* synthetic 999999 */
    uint32_t idx;
    assert_int_equal(embargo_db_find(db, "t-999999", &idx), EMBARGO_ENOTFOUND);
    uint32_t i = lc_find(db, "t-191");
    embargo_entity e;
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "Khalid Sheikh MOHAMMED");
    assert_int_equal(e.schema, EMBARGO_PERSON);
    assert_true(lc_has_name(db, i, "Wadood Khalid Abdul", EMBARGO_NAME_ALIAS));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_ID, "Passport", "488555"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_DOB, "", "1965-04-14"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_DOB, "", "1964-03-01"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_GENDER, "", "male"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_CROSSREF, "EU Reference Number", "EU.3579.2"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_PROGRAM, "", "TERR"));
    i = lc_find(db, "t-13");
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_CITIZENSHIP, "", "IRAQ"));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_POB, "", "al-Awja, near Tikrit, IRAQ"));
    i = lc_find(db, "t-330");
    embargo_db_entity(db, i, &e);
    assert_int_equal(e.schema, EMBARGO_ORGANIZATION);
    assert_string_equal(e.name, "Al-Rasheed Trust");
    assert_true(lc_has_name(db, i, "Организация за подпомагане на Ulema, Пакистан", EMBARGO_NAME_ORIGINAL));
    assert_true(lc_has_attr(db, i, EMBARGO_ATTR_LISTED_ON, "", "2001-10-06"));
    embargo_db_free(db);
}

static void malformed_inputs(void **state)
{
    (void)state;
    static const char sema[] = "<data-set>\n<record>\n<Country>X</Country>\n<Item>1</Item>\n</recrd>\n</data-set>\n";
    lc_expect_parse_error("sema_xml", sema, sizeof sema - 1, ".xml", 5);
    static const char fcdo[] = "<Designations>\n  <Designation>\n    <UniqueID>X1</UniqueID>\n    <Names><Name><Name6>A & B</Name6></Name></Names>\n  </Designation>\n</Designations>\n";
    lc_expect_parse_error("fcdo_xml", fcdo, sizeof fcdo - 1, ".xml", 4);
    static const char ofac[] = "<sdnList>\n<sdnEntry><uid>1</uid><lastName>X</lastName></sdnEntry>\n<sdnEntry><uid>1</uid><lastName>Y</lastName></sdnEntry>\n</sdnList>\n";
    lc_expect_parse_error("ofac_xml", ofac, sizeof ofac - 1, ".xml", 3); /* duplicate uid */
    static const char enh[] = "<sanctionsData>\n<entities>\n<entity id=\"1\">\n</entities>\n</sanctionsData>\n";
    lc_expect_parse_error("ofac_enhanced_xml", enh, sizeof enh - 1, ".xml", 4);
    static const char eu[] = "<export generationDate=\"2026-01-01\">\n<sanctionEntity logicalId=\"1\">\n<nameAlias wholeName=\"X\"/>\n</sanctionEntity>\n<sanctionEntity logicalId=\"2\" logicalId=\"3\"/>\n</export>\n";
    lc_expect_parse_error("eu_xml", eu, sizeof eu - 1, ".xml", 5);
    /* wrong root: the file is named, the line is the root's */
    static const char root[] = "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST/>\n";
    lc_expect_parse_error("eu_xml", root, sizeof root - 1, ".xml", 2);
    /* entity declarations are refused */
    static const char dtd[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE sdnList [<!ENTITY a \"aaaa\">]>\n<sdnList>&a;</sdnList>\n";
    lc_expect_parse_error("ofac_xml", dtd, sizeof dtd - 1, ".xml", 2);
    /* a ZIP that is cut short */
    static const char zip[] = "PK\3\4\24\0\0\0\10\0CONS_ENHANCED.XML";
    lc_expect_parse_error("ofac_enhanced_xml", zip, sizeof zip - 1, ".ZIP", 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_and_dates),
        cmocka_unit_test(sniffing),
        cmocka_unit_test(sema_entities),
        cmocka_unit_test(sema_newer_schema),
        cmocka_unit_test(fcdo_entities),
        cmocka_unit_test(ofac_xml_entities),
        cmocka_unit_test(ofac_enhanced_entities),
        cmocka_unit_test(eu_entities),
        cmocka_unit_test(malformed_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
