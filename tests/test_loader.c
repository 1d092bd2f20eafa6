/* test_loader.c - sources parsed beside each other (embargo_loader_add_sources)
 * load as they do one by one: the same index file byte for byte, the same
 * counts; a failing source ends the load with its own error. */
#include "embargo.h"
#include "testutil.h"
#include "util/file.h"
#include <sys/stat.h>

typedef struct fx { const char *id, *format, *file; } fx;

/* fixtures of several formats (XML, CSV, zipped XML, sheets, JSON lines),
 * whose records share many strings (countries, programs, identifier types) */
static const fx FIXTURES[] = {
    {"os", "os_csv", "targets.simple.excerpt.csv"},
    {"un", "un_xml", "un_sc.excerpt.xml"},
    {"eu", "eu_xml", "eu_20260805-FULL-1_1-extract.xml"},
    {"fcdo", "fcdo_xml", "fcdo_UK-Sanctions-List-extract.xml"},
    {"sdn", "ofac_xml", "ofac_sdn-extract.xml"},
    {"csl", "csl_csv", "csl_consolidated.csv"},
    {"ftm", "ftm_json", "ftm_eu_fsf.entities.ftm.json"},
    {"ods", "auto", "fcdo_sl.excerpt.ods"},
    {"enh", "ofac_enhanced_xml", "ofac_CONS_ENHANCED.ZIP"},
};
#define NFX (sizeof FIXTURES / sizeof FIXTURES[0])

static char *g_paths[NFX];

static void specs_of(embargo_source_spec *sp, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!g_paths[i]) g_paths[i] = strdup(fixture(FIXTURES[i].file));
        sp[i] = (embargo_source_spec){FIXTURES[i].id, FIXTURES[i].format, (const char *const *)&g_paths[i], 1, NULL, NULL};
    }
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    struct stat st;
    assert_int_equal(fstat(fileno(f), &st), 0);
    char *b = malloc((size_t)st.st_size + 1);
    assert_non_null(b);
    *n = fread(b, 1, (size_t)st.st_size, f);
    fclose(f);
    return b;
}

/* The index file of the fixtures loaded with `threads` (0: one by one with
 * embargo_loader_add_source), into a fresh buffer. */
static char *index_of(unsigned threads, int one_by_one, size_t *n, size_t *records)
{
    embargo_source_spec sp[NFX];
    specs_of(sp, NFX);
    embargo_loader *l;
    assert_int_equal(embargo_loader_new(&l), 0);
    embargo_error err = {0};
    if (one_by_one) {
        for (size_t i = 0; i < NFX; i++)
            assert_int_equal(embargo_loader_add_source(l, sp[i].id, sp[i].format, sp[i].paths, 1, NULL, &err), 0);
    } else {
        int rc = embargo_loader_add_sources(l, sp, NFX, threads, &err);
        if (rc) fail_msg("add_sources: %s", err.msg);
    }
    embargo_db *db;
    assert_int_equal(embargo_loader_finish(&db, l, &err), 0);
    embargo_loader_free(l);
    assert_int_equal(embargo_db_source_count(db), NFX);
    *records = 0;
    for (size_t i = 0; i < NFX; i++) {
        embargo_source_info si;
        assert_int_equal(embargo_db_source(db, i, &si), 0);
        assert_string_equal(si.id, FIXTURES[i].id); /* in the given order */
        assert_true(si.records > 0);
        *records += si.records;
    }
    char path[64];
    snprintf(path, sizeof path, "/tmp/embargo_test_loader_%d_%u.idx", (int)getpid(), threads);
    assert_int_equal(embargo_db_save(db, path, &err), 0);
    embargo_db_free(db);
    char *b = slurp(path, n);
    unlink(path);
    return b;
}

static void parallel_equals_one_by_one(void **state)
{
    (void)state;
    size_t n1, n2, n4, r1, r2, r4;
    char *a = index_of(0, 1, &n1, &r1);
    char *b = index_of(2, 0, &n2, &r2);
    char *c = index_of(4, 0, &n4, &r4);
    assert_true(r1 > 100);
    assert_int_equal(r1, r2);
    assert_int_equal(r1, r4);
    assert_int_equal(n1, n2);
    assert_int_equal(n1, n4);
    assert_memory_equal(a, b, n1);
    assert_memory_equal(a, c, n1);
    free(a);
    free(b);
    free(c);
}

/* A malformed source in the middle: its error (file named), the sources
 * before it loaded, none after it. */
static void first_failure_ends_the_load(void **state)
{
    (void)state;
    embargo_source_spec sp[NFX];
    specs_of(sp, NFX);
    static char *bad;
    if (!bad) bad = strdup(fixture("un_sc.malformed.xml"));
    sp[3] = (embargo_source_spec){"bad", "un_xml", (const char *const *)&bad, 1, NULL, NULL};
    for (unsigned threads = 1; threads <= 3; threads += 2) {
        embargo_loader *l;
        assert_int_equal(embargo_loader_new(&l), 0);
        embargo_error err = {0};
        assert_int_equal(embargo_loader_add_sources(l, sp, NFX, threads, &err), EMBARGO_EPARSE);
        assert_non_null(strstr(err.file, "un_sc.malformed.xml"));
        embargo_db *db;
        assert_int_equal(embargo_loader_finish(&db, l, &err), 0);
        assert_int_equal(embargo_db_source_count(db), 3);
        embargo_db_free(db);
        embargo_loader_free(l);
    }
}

static void same_id_twice_and_missing_file(void **state)
{
    (void)state;
    embargo_source_spec sp[NFX];
    specs_of(sp, 3);
    sp[2].id = "os"; /* the first one's */
    embargo_loader *l;
    assert_int_equal(embargo_loader_new(&l), 0);
    embargo_error err = {0};
    assert_int_equal(embargo_loader_add_sources(l, sp, 3, 2, &err), EMBARGO_EUSAGE);
    assert_non_null(strstr(err.msg, "loaded twice"));
    embargo_loader_free(l);

    specs_of(sp, 3);
    const char *missing = "/nonexistent/embargo/list.csv";
    sp[1].paths = &missing;
    assert_int_equal(embargo_loader_new(&l), 0);
    assert_int_not_equal(embargo_loader_add_sources(l, sp, 3, 2, &err), 0);
    assert_string_equal(err.file, missing);
    /* with the format to be guessed: the file cannot be read, not an unknown format */
    sp[1].format = "auto";
    embargo_loader_free(l);
    assert_int_equal(embargo_loader_new(&l), 0);
    assert_int_equal(embargo_loader_add_sources(l, sp, 3, 2, &err), EMBARGO_EIO);
    assert_string_equal(err.file, missing);
    assert_non_null(strstr(err.msg, "cannot read"));
    embargo_loader_free(l);
    /* nothing to load is no error */
    assert_int_equal(embargo_loader_new(&l), 0);
    assert_int_equal(embargo_loader_add_sources(l, sp, 0, 2, &err), 0);
    embargo_loader_free(l);
}

/* A file whose sha256 is not the recorded one is refused, as it is read
 * (by add_sources and through a manifest); the right one loads. */
static void recorded_sha256(void **state)
{
    (void)state;
    embargo_source_spec sp[NFX];
    specs_of(sp, 2);
    char right[65];
    assert_int_equal(emb_file_sha256(g_paths[1], right, NULL), 0);
    const char *wrong[1] = {"0000000000000000000000000000000000000000000000000000000000000000"}, *good[1] = {right};
    for (unsigned threads = 1; threads <= 2; threads++) {
        embargo_loader *l;
        embargo_error err = {0};
        assert_int_equal(embargo_loader_new(&l), 0);
        sp[1].sha256 = wrong;
        assert_int_equal(embargo_loader_add_sources(l, sp, 2, threads, &err), EMBARGO_EPARSE);
        assert_string_equal(err.field, "sha256");
        assert_string_equal(err.file, g_paths[1]);
        embargo_loader_free(l);
        assert_int_equal(embargo_loader_new(&l), 0);
        sp[1].sha256 = good;
        assert_int_equal(embargo_loader_add_sources(l, sp, 2, threads, &err), 0);
        embargo_loader_free(l);
    }
    /* a manifest with a file that changed since it was recorded */
    char dir[] = "/tmp/embargo_test_manifest_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/list.xml", dir);
    size_t n;
    char *body = slurp(g_paths[1], &n);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(body, 1, n, f), n);
    fclose(f);
    free(body);
    for (int changed = 0; changed <= 1; changed++) {
        snprintf(path, sizeof path, "%s/manifest.json", dir);
        f = fopen(path, "w");
        assert_non_null(f);
        fprintf(f, "{\"sources\":[{\"id\":\"un\",\"format\":\"un_xml\",\"files\":[{\"path\":\"list.xml\",\"sha256\":\"%s\"}]}]}",
                changed ? wrong[0] : right);
        fclose(f);
        embargo_loader *l;
        embargo_error err = {0};
        assert_int_equal(embargo_loader_new(&l), 0);
        int rc = embargo_loader_add_manifest(l, dir, NULL, &err);
        if (changed) {
            assert_int_equal(rc, EMBARGO_EPARSE);
            assert_string_equal(err.field, "sha256");
            assert_non_null(strstr(err.file, "list.xml"));
        } else if (rc) {
            fail_msg("manifest: %s", err.msg);
        }
        embargo_loader_free(l);
    }
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/list.xml", dir);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parallel_equals_one_by_one),
        cmocka_unit_test(first_failure_ends_the_load),
        cmocka_unit_test(same_id_twice_and_missing_file),
        cmocka_unit_test(recorded_sha256),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    for (size_t i = 0; i < NFX; i++) free(g_paths[i]);
    return rc;
}
