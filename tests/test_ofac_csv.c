/* test_ofac_csv.c - OFAC legacy CSV: the shipped SDN and consolidated sets,
 * the remarks grammar (table of real remark strings), and errors. */
#include "testutil.h"
#include "embargo.h"
#include "lists/lists.h"
#include "model/model.h"
#include <sys/stat.h>

static const char *data_dir(void)
{
    const char *d = getenv("EMBARGO_DATA");
    return d ? d : "data";
}

static embargo_db *load_manifest(const char *only)
{
    embargo_loader *l;
    embargo_db *db;
    embargo_error err = {0};
    assert_int_equal(embargo_loader_new(&l), 0);
    int rc = embargo_loader_add_manifest(l, data_dir(), only, &err);
    if (rc) fail_msg("%s", err.msg);
    assert_int_equal(embargo_loader_finish(&db, l, &err), 0);
    embargo_loader_free(l);
    return db;
}

static size_t unlinked_count(const embargo_source_info *si, const char *reason)
{
    for (size_t k = 0; k < si->n_unlinked; k++)
        if (strcmp(si->unlinked_reasons[k], reason) == 0) return si->unlinked_counts[k];
    return 0;
}

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

static void shipped_sdn(void **state)
{
    (void)state;
    embargo_db *db = load_manifest("us_ofac_sdn");
    embargo_source_info si;
    assert_int_equal(embargo_db_source(db, 0, &si), 0);
    assert_string_equal(si.id, "us_ofac_sdn");
    assert_string_equal(si.format, "ofac_csv");
    /* every row of the shipped sdn.csv, and not the 0x1A line */
    assert_int_equal(si.records + si.skipped, 14965);
    assert_int_equal(si.records, 14965);
    assert_string_equal(si.as_of, "2024-05-03"); /* from the manifest */
    /* alt/add/comments are ~19 months newer than sdn.csv */
    assert_int_equal(unlinked_count(&si, "alt.csv row for an entity not in sdn.csv"), 2460);
    assert_int_equal(unlinked_count(&si, "add.csv row for an entity not in sdn.csv"), 4893);
    assert_int_equal(unlinked_count(&si, "sdn_comments.csv row for an entity not in sdn.csv"), 6);
    assert_int_equal(unlinked_count(&si, "sdn_comments.csv row that does not continue the remarks in sdn.csv"), 5);

    uint32_t i = find(db, "us_ofac_sdn-34779");
    embargo_entity e;
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "PANTUS, Dmitry Aleksandrovich");
    assert_int_equal(e.schema, EMBARGO_PERSON);
    assert_true(has_attr(db, i, EMBARGO_ATTR_DOB, "", "1982-09-06"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_NATIONALITY, "", "Belarus"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_GENDER, "", "male"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_PROGRAM, "", "BELARUS-EO14038"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_POB, "", "Beryozovka, Lida District, Grodno Region, Belarus"));
    assert_true(has_name(db, i, EMBARGO_NAME_ALIAS, "PANTUS, Dzmitry")); /* from alt.csv */
    assert_true(has_attr(db, i, EMBARGO_ATTR_ADDRESS, "", "Minsk, Belarus")); /* from add.csv */

    i = find(db, "us_ofac_sdn-35233");
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "LAVROV, Sergei Viktorovich");
    assert_true(has_attr(db, i, EMBARGO_ATTR_POSITION, "", "Minister of Foreign Affairs of the Russian Federation"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_DOB, "", "1950-03-21"));

    i = find(db, "us_ofac_sdn-47248");
    embargo_db_entity(db, i, &e);
    assert_string_equal(e.name, "NASERZADEH, Muhammad Reza");
    assert_true(has_attr(db, i, EMBARGO_ATTR_REMARK, "", "Linked To: IRANIAN MINISTRY OF INTELLIGENCE AND SECURITY"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_PROGRAM, "", "IRAN-HR"));

    /* several programs in "] [" form; vessel columns */
    i = find(db, "us_ofac_sdn-4238");
    embargo_db_entity(db, i, &e);
    assert_int_equal(e.schema, EMBARGO_VESSEL);
    assert_true(has_attr(db, i, EMBARGO_ATTR_ID, "Call Sign", "CL2192"));
    assert_true(has_attr(db, i, EMBARGO_ATTR_COUNTRY, "", "Cuba"));
    i = find(db, "us_ofac_sdn-15431");
    embargo_db_entity(db, i, &e);
    assert_int_equal(e.schema, EMBARGO_AIRCRAFT);

    /* 306: a remarks a.k.a. is weak, an alt.csv aka is strong */
    i = find(db, "us_ofac_sdn-306");
    embargo_db_entity(db, i, &e);
    assert_int_equal(e.schema, EMBARGO_ORGANIZATION);
    assert_true(has_name(db, i, EMBARGO_NAME_WEAK_ALIAS, "BNC"));
    assert_true(has_name(db, i, EMBARGO_NAME_ALIAS, "NATIONAL BANK OF CUBA"));
    embargo_db_free(db);
}

static void shipped_cons(void **state)
{
    (void)state;
    embargo_db *db = load_manifest("us_ofac_cons");
    embargo_source_info si;
    assert_int_equal(embargo_db_source(db, 0, &si), 0);
    assert_string_equal(si.id, "us_ofac_cons");
    assert_int_equal(si.records + si.skipped, 442);
    assert_int_equal(si.n_unlinked, 0); /* the consolidated files are of one day */
    /* 30930's remarks end at the 1000-character cut in "(USCC) 91110000710934369E "
     * and continue in cons_comments.csv with "(China); a.k.a. 'CCCC'." */
    uint32_t i = find(db, "us_ofac_cons-30930");
    assert_true(has_attr(db, i, EMBARGO_ATTR_ID, "Unified Social Credit Code", "91110000710934369E"));
    assert_true(has_name(db, i, EMBARGO_NAME_WEAK_ALIAS, "CCCC"));
    embargo_db_free(db);
}

/* ---- the remarks grammar, on real remark strings ---- */

typedef struct expect {
    int name;                /* 1: a name of kind `kind` */
    int kind;
    const char *type;
    const char *value;
} expect;

typedef struct remark_case {
    const char *remarks;
    expect want[8];
    size_t n_dob;            /* exact number of DOB attrs (0: not checked) */
} remark_case;

#define A(k, t, v) {0, k, t, v}
#define N(k, v) {1, k, NULL, v}

static const remark_case remark_cases[] = {
    {"DOB 06 Sep 1982; POB Beryozovka, Lida District, Grodno Region, Belarus; nationality Belarus; Gender Male.",
     {A(EMBARGO_ATTR_DOB, "", "1982-09-06"), A(EMBARGO_ATTR_POB, "", "Beryozovka, Lida District, Grodno Region, Belarus"),
      A(EMBARGO_ATTR_NATIONALITY, "", "Belarus"), A(EMBARGO_ATTR_GENDER, "", "male")}, 1},
    {"DOB circa 1951; POB Foca, Bosnia-Herzegovina.",
     {A(EMBARGO_ATTR_DOB, "", "1951"), A(EMBARGO_ATTR_POB, "", "Foca, Bosnia-Herzegovina")}, 1},
    {"DOB 1929 to 1930; Linked To: SUMIYOSHI-KAI.",
     {A(EMBARGO_ATTR_DOB, "", "1929"), A(EMBARGO_ATTR_DOB, "", "1930"),
      A(EMBARGO_ATTR_REMARK, "", "Linked To: SUMIYOSHI-KAI")}, 2},
    {"DOB 01 Jan 1961 to 31 Dec 1962; nationality Iran; Additional Sanctions Information - Subject to Secondary Sanctions; Passport U14624657 (Iran)",
     {A(EMBARGO_ATTR_DOB, "", "1961"), A(EMBARGO_ATTR_DOB, "", "1962"), A(EMBARGO_ATTR_ID, "Passport", "U14624657"),
      A(EMBARGO_ATTR_REMARK, "", "Additional Sanctions Information - Subject to Secondary Sanctions")}, 2},
    {"DOB 1977; alt. DOB 1976; alt. DOB 01 Jan 1978; POB Tripoli, Libya; Gender Female; Passport 215215 (Libya); alt. Passport 428720 (Libya); alt. Passport B/011641; alt. Passport 03824970 (Oman) issued 04 May 2014 expires 03 May 2024; National ID No. 98606612.",
     {A(EMBARGO_ATTR_DOB, "", "1976"), A(EMBARGO_ATTR_DOB, "", "1978-01-01"), A(EMBARGO_ATTR_GENDER, "", "female"),
      A(EMBARGO_ATTR_ID, "Passport", "B/011641"), A(EMBARGO_ATTR_ID, "Passport", "03824970"),
      A(EMBARGO_ATTR_ID, "National ID", "98606612")}, 3},
    {"DOB 31 Jan 1939; Cedula No. 6068015 (Colombia); alt. Cedula No. 6067015 (Colombia); Passport T321642 (Colombia); a.k.a. 'THE CHESS PLAYER'; a.k.a. 'LUCAS'.",
     {A(EMBARGO_ATTR_ID, "Cedula", "6068015"), A(EMBARGO_ATTR_ID, "Cedula", "6067015"),
      N(EMBARGO_NAME_WEAK_ALIAS, "THE CHESS PLAYER"), N(EMBARGO_NAME_WEAK_ALIAS, "LUCAS")}, 1},
    {"DOB 1963; POB Egypt; citizen Egypt; a.k.a. 'ABU MARIAM'; a.k.a. 'SALEH'.",
     {A(EMBARGO_ATTR_CITIZENSHIP, "", "Egypt"), N(EMBARGO_NAME_WEAK_ALIAS, "SALEH")}, 1},
    {"DOB 04 Jun 1966; POB Kairouan, Tunisia; nationality Tunisia; Passport G025057 issued 23 Jun 1999 expires 05 Feb 2004; Identification Number AO 2879097 (Italy) expires 30 Oct 2012; a.k.a. 'ABU ABDULLAH'",
     {A(EMBARGO_ATTR_ID, "Passport", "G025057"), A(EMBARGO_ATTR_ID, "Identification Number", "AO 2879097")}, 1},
    {"Vessel Registration Identification IMO 7406784; f.k.a. 'ANA I'; f.k.a. 'SAND SWAN'.",
     {A(EMBARGO_ATTR_ID, "IMO", "7406784"), N(EMBARGO_NAME_FORMER, "ANA I"), N(EMBARGO_NAME_FORMER, "SAND SWAN")}, 0},
    {"Additional Sanctions Information - Subject to Secondary Sanctions; Vessel Registration Identification IMO 8508462; MMSI 422141000; Linked To: NATIONAL IRANIAN TANKER COMPANY.",
     {A(EMBARGO_ATTR_ID, "IMO", "8508462"), A(EMBARGO_ATTR_ID, "MMSI", "422141000"),
      A(EMBARGO_ATTR_REMARK, "", "Linked To: NATIONAL IRANIAN TANKER COMPANY")}, 0},
    {"SWIFT/BIC SABRRUMM; Website www.sberbank.ru; alt. Website www.sberbank.com; Tax ID No. 7707083893 (Russia); Registration Number 1027700132195 (Russia).",
     {A(EMBARGO_ATTR_ID, "SWIFT/BIC", "SABRRUMM"), A(EMBARGO_ATTR_ID, "Website", "www.sberbank.ru"),
      A(EMBARGO_ATTR_ID, "Website", "www.sberbank.com"), A(EMBARGO_ATTR_ID, "Tax ID", "7707083893"),
      A(EMBARGO_ATTR_ID, "Registration Number", "1027700132195")}, 0},
    {"DOB 25 Mar 1977; POB Wuhan City, Hubei, China; citizen China; Gender Male; Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h; alt. Digital Currency Address - XBT 1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo; National ID No. 421002197703250019 (China)",
     {A(EMBARGO_ATTR_ID, "Digital Currency Address - XBT", "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h"),
      A(EMBARGO_ATTR_ID, "Digital Currency Address - XBT", "1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo"),
      A(EMBARGO_ATTR_ID, "National ID", "421002197703250019")}, 1},
    {"Website www.arrai.tv; Email Address info@arrai.tv.",
     {A(EMBARGO_ATTR_ID, "Email Address", "info@arrai.tv")}, 0},
    {"Chamber of Commerce Number 55389694 (Netherlands); Legal Entity Number 851683897 (Netherlands); Linked To: FLEURETTE PROPERTIES LIMITED.",
     {A(EMBARGO_ATTR_ID, "Legal Entity Number", "851683897"), A(EMBARGO_ATTR_ID, "Chamber of Commerce Number", "55389694")}, 0},
    {"Registration ID 27134614 (Netherlands).", {A(EMBARGO_ATTR_ID, "Registration ID", "27134614")}, 0},
    {"Organization Established Date 1969.", {A(EMBARGO_ATTR_DOB, "", "1969")}, 1},
    {"DOB 11 Mar 1969; POB Rubtlatine, Lebanon; citizen Lebanon; alt. citizen Paraguay; Identification Number 2.121.948 (Paraguay).",
     {A(EMBARGO_ATTR_CITIZENSHIP, "", "Paraguay"), A(EMBARGO_ATTR_ID, "Identification Number", "2.121.948")}, 1},
    /* names with apostrophes of their own */
    {"a.k.a. 'ABU 'ABDALLAH'; a.k.a. ''FOOPIE''", {N(EMBARGO_NAME_WEAK_ALIAS, "ABU 'ABDALLAH"), N(EMBARGO_NAME_WEAK_ALIAS, "FOOPIE")}, 0},
};

/* Loads a one-row sdn.csv with the given remarks from a fresh directory. */
static embargo_db *load_remarks(const char *remarks, char dir[64])
{
    snprintf(dir, 64, "/tmp/embargo-ofac-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char path[128], row[4096];
    snprintf(path, sizeof path, "%s/sdn.csv", dir);
    snprintf(row, sizeof row,
             "1,\"TEST, Person\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"%s\"\r\n\x1a", remarks);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(row, f);
    fclose(f);
    embargo_loader *l;
    embargo_db *db;
    embargo_error err = {0};
    const char *p = path;
    assert_int_equal(embargo_loader_new(&l), 0);
    if (embargo_loader_add_source(l, "t", "auto", &p, 1, NULL, &err)) fail_msg("%s", err.msg);
    assert_int_equal(embargo_loader_finish(&db, l, &err), 0);
    embargo_loader_free(l);
    unlink(path);
    rmdir(dir);
    return db;
}

static void remark_table(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof remark_cases / sizeof remark_cases[0]; c++) {
        const remark_case *rc = &remark_cases[c];
        char dir[64];
        embargo_db *db = load_remarks(rc->remarks, dir);
        uint32_t i = find(db, "t-1");
        /* the whole text is kept as one remark */
        if (!has_attr(db, i, EMBARGO_ATTR_REMARK, "", rc->remarks))
            fail_msg("case %zu: whole remarks not kept", c);
        for (size_t k = 0; k < 8 && rc->want[k].value; k++) {
            const expect *w = &rc->want[k];
            int ok = w->name ? has_name(db, i, (embargo_name_kind)w->kind, w->value)
                             : has_attr(db, i, (embargo_attr_kind)w->kind, w->type, w->value);
            if (!ok) fail_msg("case %zu: missing %s %d [%s] '%s'", c, w->name ? "name" : "attr", w->kind,
                              w->type ? w->type : "", w->value);
        }
        if (rc->n_dob && count_kind(db, i, EMBARGO_ATTR_DOB) != rc->n_dob)
            fail_msg("case %zu: %zu DOBs, expected %zu", c, count_kind(db, i, EMBARGO_ATTR_DOB), rc->n_dob);
        embargo_db_free(db);
    }
}

/* ---- errors ---- */

static int load_text(const char *name, const char *text, embargo_error *err, size_t *entities)
{
    char dir[] = "/tmp/embargo-ofac-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    embargo_loader *l;
    assert_int_equal(embargo_loader_new(&l), 0);
    const char *p = path;
    int rc = embargo_loader_add_source(l, "t", "ofac_csv", &p, 1, NULL, err);
    if (rc) assert_non_null(strstr(err->msg, path));
    embargo_db *db;
    embargo_error e2;
    assert_int_equal(embargo_loader_finish(&db, l, &e2), 0);
    *entities = embargo_db_entity_count(db);
    embargo_db_free(db);
    embargo_loader_free(l);
    unlink(path);
    rmdir(dir);
    return rc;
}

static void bad_ent_num(void **state)
{
    (void)state;
    embargo_error err = {0};
    size_t n;
    const char text[] =
        "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
        "173,\"ANGLO-CARIBBEAN CO., LTD.\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
        "30X,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"a.k.a. 'BNC'.\"\r\n\x1a";
    assert_int_equal(load_text("sdn.csv", text, &err, &n), EMBARGO_EPARSE);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.field, "ent_num");
    assert_non_null(strstr(err.msg, "line 3"));
    assert_int_equal(n, 0); /* nothing half-loaded */
}

static void wrong_field_count(void **state)
{
    (void)state;
    embargo_error err = {0};
    size_t n;
    const char text[] = "36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n173,57,\"aka\",\"AVIA IMPORT\"\r\n\x1a";
    /* an alt file alone has no primary file */
    assert_int_equal(load_text("alt.csv", text, &err, &n), EMBARGO_EUSAGE);
    const char prim[] = "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- \r\n";
    assert_int_equal(load_text("sdn.csv", prim, &err, &n), EMBARGO_EPARSE);
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.msg, "6 fields"));
    assert_string_equal(err.field, "Vess_type"); /* the first missing column */
}

static void sniffs_by_name(void **state)
{
    (void)state;
    const unsigned char head[] = "36,\"AEROCARIBBEAN AIRLINES\"";
    assert_true(emb_sniff_ofac_csv("/x/sdn.csv", head, sizeof head - 1));
    assert_true(emb_sniff_ofac_csv("/x/cons_prim.csv", head, sizeof head - 1));
    assert_true(emb_sniff_ofac_csv("cons_comments.csv", head, sizeof head - 1));
    assert_true(emb_sniff_ofac_csv("/x/alt.csv.gz", head, sizeof head - 1));
    assert_false(emb_sniff_ofac_csv("/x/targets.simple.csv", head, sizeof head - 1));
    assert_false(emb_sniff_ofac_csv("/x/sdn.csv", (const unsigned char *)"id,name", 7));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_sdn),
        cmocka_unit_test(shipped_cons),
        cmocka_unit_test(remark_table),
        cmocka_unit_test(bad_ent_num),
        cmocka_unit_test(wrong_field_count),
        cmocka_unit_test(sniffs_by_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
