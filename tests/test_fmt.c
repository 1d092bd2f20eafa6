/* test_fmt.c - the hot-path formatters write what snprintf writes. */
#include "testutil.h"
#include "util/fmt.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static void one_decimal_like_printf(void **state)
{
    (void)state;
    char a[64], b[64];
    unsigned s = 12345;
    size_t n = 0;
    /* random magnitudes, exact ties (x.x5 in binary: 0.25, 0.75, 2.125...),
     * near ties, integers, zero and large values */
    for (int k = 0; k < 2000000; k++) {
        s = s * 1103515245u + 12345u;
        double x;
        switch (k % 5) {
        case 0: x = (s >> 8) / 65536.0; break;                    /* 0..256, fine steps */
        case 1: x = (double)(s >> 16) / 8.0; break;               /* ties at .125 .375 ... and .25 .75 */
        case 2: x = (s >> 8) / 100.0 + 0.05; break;               /* decimal near-ties */
        case 3: x = ldexp((double)(s >> 4), (int)(s % 40) - 20); break;
        default: x = (double)(s % 1000) / 10.0; break;
        }
        snprintf(a, sizeof a, "%.1f", x);
        emb_put_1f(b, b + sizeof b, x);
        if (strcmp(a, b)) fail_msg("%.17g: printf \"%s\", emb_put_1f \"%s\"", x, a, b);
        n++;
    }
    /* appending and cutting */
    char buf[12] = "ab";
    char *p = emb_put_str(buf + 2, buf + sizeof buf, ": ");
    p = emb_put_1f(p, buf + sizeof buf, 12.345);
    assert_string_equal(buf, "ab: 12.3");
    p = emb_put_1f(p, buf + sizeof buf, 456.0);
    assert_string_equal(buf, "ab: 12.3456"); /* cut to fit, NUL-terminated */
    assert_true(p == buf + sizeof buf - 1);
    assert_true(n == 2000000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(one_decimal_like_printf)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
