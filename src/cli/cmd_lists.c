/* cmd_lists.c - `embargo lists`: the loaded sources, their record counts,
 * skipped rows with reasons, as-of dates and file checksums. */
#include "cli/cli.h"
#include <jansson.h>
#include <string.h>

static const char help[] =
    "usage: embargo lists [--json] [list options]\n"
    "Shows every loaded source: records loaded, source records skipped (with the\n"
    "reasons), rows that point to no loaded record, the as-of date and the files.\n\n"
    "  --json                print {\"sources\":[{id,records,skipped,as_of,files,skip_reasons}]}\n";

/* --source on the shipped lists opens the whole cached index: show only the
 * sources asked for. */
static int selected(const char *list, const char *id)
{
    if (!list || !*list) return 1;
    size_t n = strlen(id);
    for (const char *p = list; *p;) {
        const char *c = strchr(p, ',');
        size_t k = c ? (size_t)(c - p) : strlen(p);
        if (k == n && !strncmp(p, id, n)) return 1;
        if (!c) break;
        p = c + 1;
    }
    return 0;
}

int cmd_lists(int argc, char **argv)
{
    cli_lists lo = {0};
    int json = 0;
    for (int i = 1; i < argc; i++) {
        int r = cli_lists_option(&lo, argc, argv, &i);
        if (r < 0) return CLI_USAGE;
        if (r) continue;
        if (!strcmp(argv[i], "--json")) json = 1;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { printf("%s%s", help, cli_lists_help); return 0; }
        else return cli_usage_error("lists", "unknown option '%s' (see embargo lists --help)", argv[i]);
    }
    embargo_db *db;
    int rc = cli_lists_open(&lo, &db);
    if (rc) return rc;
    size_t n = embargo_db_source_count(db);
    if (json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++) {
            embargo_source_info si;
            embargo_db_source(db, i, &si);
            if (!selected(lo.sources, si.id)) continue;
            json_t *files = json_array(), *reasons = json_object(), *unl = json_object();
            for (size_t k = 0; k < si.n_files; k++)
                json_array_append_new(files, json_pack("{s:s,s:s}", "path", si.file_paths[k], "sha256", si.file_sha256[k]));
            for (size_t k = 0; k < si.n_skip_reasons; k++)
                json_object_set_new(reasons, si.skip_reasons[k], json_integer((json_int_t)si.skip_counts[k]));
            for (size_t k = 0; k < si.n_unlinked; k++)
                json_object_set_new(unl, si.unlinked_reasons[k], json_integer((json_int_t)si.unlinked_counts[k]));
            json_array_append_new(arr, json_pack("{s:s,s:s,s:I,s:I,s:s,s:o,s:o,s:o}", "id", si.id, "format", si.format,
                                                 "records", (json_int_t)si.records, "skipped", (json_int_t)si.skipped,
                                                 "as_of", si.as_of, "files", files, "skip_reasons", reasons,
                                                 "unlinked_rows", unl));
        }
        json_t *root = json_pack("{s:o}", "sources", arr);
        char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        puts(s);
        free(s);
        json_decref(root);
    } else {
        printf("%-14s %-10s %9s %8s  %s\n", "SOURCE", "AS OF", "RECORDS", "SKIPPED", "FILES");
        for (size_t i = 0; i < n; i++) {
            embargo_source_info si;
            embargo_db_source(db, i, &si);
            if (!selected(lo.sources, si.id)) continue;
            printf("%-14s %-10s %9zu %8zu  ", si.id, si.as_of[0] ? si.as_of : "-", si.records, si.skipped);
            for (size_t k = 0; k < si.n_files; k++) {
                const char *b = strrchr(si.file_paths[k], '/');
                printf("%s%s", k ? ", " : "", b ? b + 1 : si.file_paths[k]);
            }
            printf("\n");
            for (size_t k = 0; k < si.n_skip_reasons; k++)
                printf("%27s skipped %zu: %s\n", "", si.skip_counts[k], si.skip_reasons[k]);
            for (size_t k = 0; k < si.n_unlinked; k++)
                printf("%27s unlinked %zu: %s\n", "", si.unlinked_counts[k], si.unlinked_reasons[k]);
        }
    }
    embargo_db_free(db);
    return 0;
}
