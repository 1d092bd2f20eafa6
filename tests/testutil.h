/* testutil.h - shared helpers for the cmocka tests: paths of fixtures and
 * shipped data (from the environment ctest sets), temp files. */
#ifndef EMB_TESTUTIL_H
#define EMB_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

/* $EMBARGO_FIXTURES/<name> (tests/fixtures) into a static buffer. */
static inline const char *fixture(const char *name)
{
    static char buf[4][1024];
    static int k;
    const char *d = getenv("EMBARGO_FIXTURES");
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", d ? d : "tests/fixtures", name);
    return buf[k];
}

/* $EMBARGO_DATA/<name> (the shipped lists). */
static inline const char *datafile(const char *name)
{
    static char buf[4][1024];
    static int k;
    const char *d = getenv("EMBARGO_DATA");
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", d ? d : "data", name);
    return buf[k];
}

/* Writes text to a new temp file; returns its path (static buffer, one at a time per slot). */
static inline const char *tempfile_with(const char *text, size_t n, const char *suffix)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "/tmp/embargo-test-XXXXXX%s", suffix ? suffix : "");
    int fd = mkstemps(buf[k], suffix ? (int)strlen(suffix) : 0);
    if (fd < 0) return NULL;
    if (write(fd, text, n) != (ssize_t)n) { close(fd); return NULL; }
    close(fd);
    return buf[k];
}

#endif
