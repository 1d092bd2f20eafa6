/* cmd_build.c - `embargo build -o FILE`: loads the lists as screen does and
 * writes them as one index file, which --index FILE opens in milliseconds
 * instead of parsing the lists again. */
#include "cli/cli.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char help[] =
    "usage: embargo build -o FILE [list options]\n"
    "Loads the lists (the shipped lists and any --list files) and writes their\n"
    "index to FILE (atomically: a temp file renamed into place). Use it with\n"
    "`embargo screen --index FILE` or EMBARGO_INDEX=FILE.\n\n"
    "  -o, --output FILE     the index file to write\n";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int cmd_build(int argc, char **argv)
{
    cli_lists lo = {0};
    const char *outp = NULL;
    for (int i = 1; i < argc; i++) {
        int r = cli_lists_option(&lo, argc, argv, &i);
        if (r < 0) return CLI_USAGE;
        if (r) continue;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { printf("%s%s", help, cli_lists_help); return 0; }
        if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
            if (i + 1 >= argc) return cli_usage_error("build", "%s needs a file name", argv[i]);
            outp = argv[++i];
            continue;
        }
        if (!strncmp(argv[i], "--output=", 9)) { outp = argv[i] + 9; continue; }
        return cli_usage_error("build", "unknown option '%s' (see embargo build --help)", argv[i]);
    }
    if (!outp || !*outp) return cli_usage_error("build", "missing -o FILE (see embargo build --help)");
    /* an explicit data dir makes cli_lists_open parse the lists instead of
     * reusing a cached index: build always starts from the list files */
    if (!lo.index && !lo.no_default && !lo.data_dir) lo.data_dir = embargo_default_data_dir();
    double t0 = now_s();
    embargo_db *db;
    int rc = cli_lists_open(&lo, &db);
    if (rc) return rc;
    double t1 = now_s();
    embargo_error err = {0};
    if (embargo_db_save(db, outp, &err)) {
        fprintf(stderr, "embargo build: %s\n", err.msg);
        embargo_db_free(db);
        return CLI_USAGE;
    }
    double t2 = now_s();
    struct stat st;
    long long size = stat(outp, &st) == 0 ? (long long)st.st_size : -1;
    size_t ns = embargo_db_source_count(db);
    printf("wrote %s: %zu sources, %zu entities, %.1f MB\n", outp, ns, embargo_db_entity_count(db), size / 1e6);
    for (size_t i = 0; i < ns; i++) {
        embargo_source_info si;
        embargo_db_source(db, i, &si);
        printf("  %-14s %7zu records  as of %s\n", si.id, si.records, si.as_of[0] ? si.as_of : "unknown");
    }
    printf("load and index %.2f s, write %.2f s, total %.2f s\n", t1 - t0, t2 - t1, t2 - t0);
    embargo_db_free(db);
    return 0;
}
