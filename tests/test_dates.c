/* test_dates.c - date notations of the lists (table-driven). */
#include "testutil.h"
#include "lists/dates.h"

static void parses_list_notations(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        {"06 Sep 1982", "1982-09-06"},     /* OFAC remarks (PANTUS) */
        {"6 September 1982", "1982-09-06"},
        {"Sep 1982", "1982-09"},
        {"1982", "1982"},
        {"circa 1960", "1960"},
        {"1982-09-06", "1982-09-06"},
        {"1982-09", "1982-09"},
        {"06/09/1982", "1982-09-06"},      /* OFSI dd/mm/yyyy */
        {"00/09/1982", "1982-09"},         /* OFSI unknown day */
        {"00/00/1982", "1982"},            /* OFSI unknown day and month */
        {"06-09-1982", "1982-09-06"},      /* FCDO dd-mm-yyyy */
        {"06.09.1982", "1982-09-06"},
        {"06-Sep-1982", "1982-09-06"},
        {"September 6, 1982", "1982-09-06"},
        {"", ""}, {"unknown", ""}, {"32/13/1982", ""}, {"12 Foo 1982", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[11] = "";
        size_t n = emb_date_parse(cases[i].in, out);
        if (n == 0) out[0] = '\0';
        if (strcmp(out, cases[i].out) != 0) fail_msg("%s -> '%s', want '%s'", cases[i].in, out, cases[i].out);
    }
    char out[11];
    assert_int_equal(emb_date_parse_mdy("01/08/2026", out), 10);
    assert_string_equal(out, "2026-01-08");
}

static void excel_serials(void **state)
{
    (void)state;
    char out[11];
    assert_int_equal(emb_date_from_excel(30200, out), 10); /* DFAT: PANTUS */
    assert_string_equal(out, "1982-09-06");
    emb_date_from_excel(45607, out);
    assert_string_equal(out, "2024-11-11");
    emb_date_from_excel(1, out);
    assert_string_equal(out, "1900-01-01");
    assert_int_equal(emb_date_from_excel(-5, out), 0);
}

static void ranges(void **state)
{
    (void)state;
    char out[16][11];
    assert_int_equal(emb_date_parse_range("1960 to 1962", out, 16), 3);
    assert_string_equal(out[0], "1960");
    assert_string_equal(out[2], "1962");
    assert_int_equal(emb_date_parse_range("between 1940 and 1990", out, 16), 2);
    assert_string_equal(out[1], "1990");
    assert_int_equal(emb_date_parse_range("06 Sep 1982", out, 16), 1);
    assert_int_equal(emb_date_parse_range("1962 to 1960", out, 16), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_list_notations),
        cmocka_unit_test(excel_serials),
        cmocka_unit_test(ranges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
