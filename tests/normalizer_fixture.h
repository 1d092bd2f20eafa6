/* normalizer_fixture.h - the cmocka fixture of the normalizer tests: a
 * fresh emb_normalizer in *state. */
#ifndef EMB_TEST_NORMALIZER_FIXTURE_H
#define EMB_TEST_NORMALIZER_FIXTURE_H
#include "normalize/normalize.h"

static int setup(void **state)
{
    emb_normalizer *n;
    if (emb_normalizer_new(&n) != 0) return -1;
    *state = n;
    return 0;
}

static int teardown(void **state)
{
    emb_normalizer_free(*state);
    return 0;
}

#endif
