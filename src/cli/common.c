/* common.c - option handling shared by the subcommands. */
#include "cli/cli.h"
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char cli_lists_help[] =
    "  --list FILE           also load this list (targets.simple.csv or any supported\n"
    "                        format; repeatable); its records' source is the file name\n"
    "  --no-default-lists    do not load the shipped lists\n"
    "  --source ID,...       only these sources (e.g. us_ofac_sdn,un_sc; a --list\n"
    "                        file's source id is its base name)\n"
    "  --index FILE          use a prebuilt index file (embargo build)\n"
    "  --data DIR            directory with manifest.json (default: shipped data/)\n";

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "embargo %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    return CLI_USAGE;
}

int cli_parse_double(const char *opt, const char *v, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (errno || end == v || *end || d < lo || d > hi) {
        fprintf(stderr, "embargo: %s expects a number from %g to %g, got '%s'\n", opt, lo, hi, v);
        return -1;
    }
    *out = d;
    return 0;
}

int cli_parse_size(const char *opt, const char *v, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long d = strtoull(v, &end, 10);
    if (errno || end == v || *end || v[0] == '-' || d == 0 || d > 1000000) {
        fprintf(stderr, "embargo: %s expects a whole number from 1 to 1000000, got '%s'\n", opt, v);
        return -1;
    }
    *out = (size_t)d;
    return 0;
}

int cli_lists_option(cli_lists *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    const char *names[] = {"--list", "--source", "--index", "--data"};
    for (size_t k = 0; k < 4; k++) {
        size_t n = strlen(names[k]);
        const char *val = NULL;
        if (!strcmp(a, names[k])) {
            if (*i + 1 >= argc) { fprintf(stderr, "embargo: %s needs a value\n", names[k]); return -1; }
            val = argv[++*i];
        } else if (!strncmp(a, names[k], n) && a[n] == '=') {
            val = a + n + 1;
        } else continue;
        switch (k) {
        case 0:
            if (o->n_lists >= sizeof o->lists / sizeof o->lists[0]) { fprintf(stderr, "embargo: too many --list\n"); return -1; }
            o->lists[o->n_lists++] = val;
            break;
        case 1: o->sources = val; break;
        case 2: o->index = val; break;
        case 3: o->data_dir = val; break;
        }
        return 1;
    }
    if (!strcmp(a, "--no-default-lists")) { o->no_default = 1; return 1; }
    return 0;
}

/* The source id of a --list file: its base name without extension. */
static void list_source_id(const char *path, char *out, size_t cap)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    snprintf(out, cap, "%s", b);
    char *dot = strchr(out, '.');
    if (dot && dot != out) *dot = '\0';
}

#ifndef EMBARGO_DEFAULT_INDEX
#define EMBARGO_DEFAULT_INDEX ""
#endif

/* The shipped lists through an index: $EMBARGO_INDEX, else the build tree's
 * default.idx (compiled in), else the per-user cache (built on first use).
 * Each candidate is used only if it matches the manifest; otherwise the next
 * is tried, silently: a stale index must never answer for newer lists. */
int cli_open_default_index(embargo_db **out, embargo_error *err)
{
    const char *cands[] = {getenv("EMBARGO_INDEX"), EMBARGO_DEFAULT_INDEX};
    for (size_t i = 0; i < sizeof cands / sizeof cands[0]; i++) {
        if (!cands[i] || !*cands[i] || embargo_db_open(out, cands[i], NULL)) continue;
        if (embargo_db_check_manifest(*out, NULL, NULL) == 0) return 0;
        embargo_db_free(*out);
        *out = NULL;
    }
    return embargo_db_open_default(out, NULL, NULL, err);
}

int cli_lists_open(const cli_lists *o, embargo_db **out)
{
    embargo_error err = {0};
    /* all shipped sources: --source filters at query time (opts.sources) */
    if (!o->index && !o->n_lists && !o->no_default && !o->data_dir) {
        if (cli_open_default_index(out, &err)) { fprintf(stderr, "embargo: %s\n", err.msg); return CLI_USAGE; }
        return 0;
    }
    if (o->index) {
        if (o->n_lists) { fprintf(stderr, "embargo: --index cannot be combined with --list\n"); return CLI_USAGE; }
        int rc = embargo_db_open(out, o->index, &err);
        if (rc) { fprintf(stderr, "embargo: %s\n", err.msg); return CLI_USAGE; }
        return 0;
    }
    embargo_loader *l;
    if (embargo_loader_new(&l)) { fprintf(stderr, "embargo: out of memory\n"); return CLI_USAGE; }
    int rc = 0;
    if (!o->no_default) rc = embargo_loader_add_manifest(l, o->data_dir, o->sources, &err);
    for (size_t i = 0; i < o->n_lists && !rc; i++) {
        char id[256];
        list_source_id(o->lists[i], id, sizeof id);
        rc = embargo_loader_add_source(l, id, "auto", &o->lists[i], 1, NULL, &err);
    }
    if (!rc) rc = embargo_loader_finish(out, l, &err);
    embargo_loader_free(l);
    if (rc) { fprintf(stderr, "embargo: %s\n", err.msg); return CLI_USAGE; }
    return 0;
}

/* Splits a CSV line into at most max fields (quotes handled, in place). */
size_t cli_split_csv(char *line, char **f, size_t max)
{
    size_t n = 0;
    char *p = line;
    while (n < max) {
        char *o = p, *start = p;
        if (*p == '"') {
            p++;
            while (*p) {
                if (*p == '"') { if (p[1] == '"') { *o++ = '"'; p += 2; continue; } p++; break; }
                *o++ = *p++;
            }
            while (*p && *p != ',') p++;
        } else {
            while (*p && *p != ',') *o++ = *p++;
        }
        char sep = *p;
        *o = '\0';
        f[n++] = start;
        if (sep != ',') break;
        p++;
    }
    return n;
}
