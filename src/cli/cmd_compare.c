/* cmd_compare.c - `embargo compare NAME1 NAME2` and `--pairs FILE.csv`: the
 * screening scorer on one pair, to check a decision in isolation.  Token
 * rarity comes from the shipped lists (as in screen) unless
 * --no-default-lists is given. */
#include "cli/cli.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: embargo compare [--type person|organization] [--json] [--explain]\n"
    "                       [--algorithm default|ofac] NAME1 NAME2\n"
    "       embargo compare [--algorithm default|ofac] --pairs FILE.csv\n"
    "Prints the score (0..1) of NAME1 (the query) against NAME2 (a listed name).\n"
    "--pairs reads a CSV whose header has name1,name2 (and optionally schema) and prints\n"
    "the same CSV with a score column appended.\n";

static int run_pairs(embargo_ctx *ctx, const char *path, embargo_schema schema, embargo_algorithm algo)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
    if (!f) { fprintf(stderr, "embargo compare: cannot open %s\n", path); return CLI_USAGE; }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned long lineno = 0;
    int c1 = -1, c2 = -1, cs = -1, rc = 0;
    size_t nhead = 0;
    while ((len = getline(&line, &cap, f)) != -1) {
        lineno++;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        char *copy = strdup(line);
        char *fields[64];
        size_t nf = cli_split_csv(copy, fields, 64);
        if (lineno == 1) {
            for (size_t i = 0; i < nf; i++) {
                if (!strcmp(fields[i], "name1")) c1 = (int)i;
                else if (!strcmp(fields[i], "name2")) c2 = (int)i;
                else if (!strcmp(fields[i], "schema")) cs = (int)i;
            }
            nhead = nf;
            free(copy);
            if (c1 < 0 || c2 < 0) {
                fprintf(stderr, "embargo compare: %s, line 1: the header needs name1 and name2 columns\n", path);
                rc = CLI_USAGE;
                break;
            }
            printf("%s,score\n", line);
            continue;
        }
        if (len == 0) { free(copy); continue; }
        if ((int)nf <= c1 || (int)nf <= c2) {
            fprintf(stderr, "embargo compare: %s, line %lu: %zu fields, the header has %zu\n", path, lineno, nf, nhead);
            free(copy);
            rc = CLI_USAGE;
            break;
        }
        embargo_schema s = schema;
        if (cs >= 0 && (int)nf > cs && fields[cs][0]) s = embargo_schema_parse(fields[cs]);
        double score;
        embargo_error err = {0};
        if (embargo_compare(ctx, fields[c1], fields[c2], s, algo, &score, NULL, &err)) {
            fprintf(stderr, "embargo compare: %s, line %lu, field %s: %s\n", path, lineno, err.field[0] ? err.field : "name", err.msg);
            free(copy);
            rc = CLI_USAGE;
            break;
        }
        printf("%s,%.4f\n", line, score);
        free(copy);
    }
    free(line);
    if (f != stdin) fclose(f);
    return rc;
}

int cmd_compare(int argc, char **argv)
{
    cli_lists lo = {0};
    const char *names[2] = {NULL, NULL}, *pairs = NULL;
    int nn = 0, json = 0, explain = 0;
    embargo_schema schema = EMBARGO_SCHEMA_UNKNOWN;
    embargo_algorithm algo = EMBARGO_ALGO_DEFAULT;
    for (int i = 1; i < argc; i++) {
        int r = cli_lists_option(&lo, argc, argv, &i);
        if (r < 0) return CLI_USAGE;
        if (r) continue;
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { printf("%s", help); return 0; }
        if (!strcmp(a, "--json")) { json = 1; continue; }
        if (!strcmp(a, "--explain")) { explain = 1; continue; }
        if (!strcmp(a, "--type") || !strcmp(a, "--algorithm") || !strcmp(a, "--pairs")) {
            if (i + 1 >= argc) return cli_usage_error("compare", "%s needs a value", a);
            const char *v = argv[++i];
            if (!strcmp(a, "--pairs")) pairs = v;
            else if (!strcmp(a, "--type")) {
                schema = embargo_schema_parse(v);
                if (schema == EMBARGO_SCHEMA_UNKNOWN) return cli_usage_error("compare", "--type must be person, organization, vessel or aircraft");
            } else if (!strcmp(v, "ofac")) algo = EMBARGO_ALGO_OFAC;
            else if (!strcmp(v, "default")) algo = EMBARGO_ALGO_DEFAULT;
            else return cli_usage_error("compare", "--algorithm must be default or ofac");
            continue;
        }
        if (a[0] == '-' && a[1]) return cli_usage_error("compare", "unknown option '%s' (see embargo compare --help)", a);
        if (nn == 2) return cli_usage_error("compare", "two names only (quote names with spaces)");
        names[nn++] = a;
    }
    if (!pairs && nn != 2) return cli_usage_error("compare", "needs NAME1 and NAME2, or --pairs FILE.csv");
    if (pairs && nn) return cli_usage_error("compare", "--pairs takes no names");
    for (int k = 0; k < nn; k++)
        if (!*names[k]) return cli_usage_error("compare", "empty name");
    embargo_db *db = NULL;
    if (!(lo.no_default && !lo.n_lists)) {
        int rc = cli_lists_open(&lo, &db);
        if (rc) return rc;
    }
    embargo_ctx *ctx;
    if (embargo_ctx_new(&ctx, db)) { embargo_db_free(db); return CLI_USAGE; }
    int rc = 0;
    if (pairs) {
        rc = run_pairs(ctx, pairs, schema, algo);
    } else {
        double score;
        embargo_match ex;
        embargo_error err = {0};
        if (embargo_compare(ctx, names[0], names[1], schema, algo, &score, &ex, &err)) {
            fprintf(stderr, "embargo compare: %s\n", err.msg);
            rc = CLI_USAGE;
        } else if (json) {
            json_t *align = json_array(), *factors = json_array();
            for (size_t i = 0; i < ex.n_align; i++) {
                json_t *a = json_pack("{s:s,s:f,s:f}", "query", ex.align[i].query_token, "similarity", ex.align[i].similarity,
                                      "weight", ex.align[i].weight);
                json_object_set_new(a, "listed", ex.align[i].name_token[0] ? json_string(ex.align[i].name_token) : json_null());
                json_array_append_new(align, a);
            }
            for (size_t i = 0; i < ex.n_factors; i++)
                json_array_append_new(factors, json_pack("{s:s,s:f,s:s}", "factor", ex.factors[i].name, "value", ex.factors[i].value,
                                                         "detail", ex.factors[i].detail));
            json_t *o = json_pack("{s:s,s:s,s:f,s:f,s:s,s:o,s:o}", "name1", names[0], "name2", names[1], "score", score,
                                  "threshold", algo == EMBARGO_ALGO_OFAC ? EMBARGO_OFAC_DEFAULT_THRESHOLD : EMBARGO_DEFAULT_THRESHOLD,
                                  "algorithm", algo == EMBARGO_ALGO_OFAC ? "ofac" : "default", "alignment", align, "factors", factors);
            char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            puts(s);
            free(s);
            json_decref(o);
        } else {
            printf("%.4f\n", score);
            if (explain) {
                for (size_t i = 0; i < ex.n_align; i++)
                    printf("  %-18s ~ %-18s sim %.2f weight %.2f\n", ex.align[i].query_token,
                           ex.align[i].name_token[0] ? ex.align[i].name_token : "(unmatched)", ex.align[i].similarity,
                           ex.align[i].weight);
                for (size_t i = 0; i < ex.n_factors; i++) printf("  %s: %s\n", ex.factors[i].name, ex.factors[i].detail);
            }
        }
    }
    embargo_ctx_free(ctx);
    embargo_db_free(db);
    return rc;
}
