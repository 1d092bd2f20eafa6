/* cmd_screen.c - `embargo screen NAME`: one name (with optional evidence)
 * against the lists; exit 1 when a match reaches the threshold. */
#include "cli/cli.h"
#include "cli/output.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: embargo screen [OPTIONS] NAME\n"
    "Screens NAME against the loaded lists. Exit 0: no alert; 1: at least one match\n"
    "at or above the threshold; 2: usage or input error.\n\n"
    "  --json                print one JSON object {query, threshold, matches:[...]}\n"
    "  --threshold T         alert threshold in 0..1 (default 0.80; 0.85 with --algorithm ofac)\n"
    "  --limit N             at most N matches (default 10)\n"
    "  --type T              person, organization, vessel or aircraft\n"
    "  --dob DATE            date of birth (YYYY, YYYY-MM or YYYY-MM-DD)\n"
    "  --country C           country or nationality (name or ISO code)\n"
    "  --id TYPE:VALUE       an identifier (passport, IMO, BIC...); repeatable\n"
    "  --gender G            male or female\n"
    "  --explain             show each match's token alignment and factors\n"
    "  --algorithm A         default, or ofac (OFAC Sanctions List Search method)\n"
    "  --max-age DAYS        warn when a list is older (default 90)\n"
    "  --require-fresh DAYS  fail (exit 2) when a list is older than DAYS\n";

int cmd_screen(int argc, char **argv)
{
    cli_lists lo = {0};
    cli_screen_args sa;
    cli_screen_args_init(&sa);
    const char *name = NULL;
    for (int i = 1; i < argc; i++) {
        int r = cli_lists_option(&lo, argc, argv, &i);
        if (r < 0) return CLI_USAGE;
        if (r) continue;
        r = cli_screen_option(&sa, argc, argv, &i);
        if (r < 0) return CLI_USAGE;
        if (r) continue;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { printf("%s%s", help, cli_lists_help); return 0; }
        if (!strcmp(argv[i], "--")) { if (i + 1 < argc) name = argv[++i]; continue; }
        if (argv[i][0] == '-' && argv[i][1]) return cli_usage_error("screen", "unknown option '%s' (see embargo screen --help)", argv[i]);
        if (name) return cli_usage_error("screen", "one NAME only (quote names with spaces); got '%s' and '%s'", name, argv[i]);
        name = argv[i];
    }
    if (!name) return cli_usage_error("screen", "missing NAME (see embargo screen --help)");
    if (!*name) return cli_usage_error("screen", "empty name");
    embargo_db *db;
    sa.opts.sources = lo.sources; /* --source filters at query time (the index holds all) */
    int rc = cli_lists_open(&lo, &db);
    if (rc) return rc;
    json_t *warnings = json_array();
    if (cli_check_freshness(db, &sa, warnings) != 0) {
        json_decref(warnings);
        embargo_db_free(db);
        return CLI_USAGE;
    }
    embargo_ctx *ctx;
    if (embargo_ctx_new(&ctx, db)) { fprintf(stderr, "embargo: out of memory\n"); embargo_db_free(db); return CLI_USAGE; }
    embargo_query q = sa.query;
    q.name = name;
    const embargo_match *m;
    size_t n;
    embargo_error err = {0};
    rc = embargo_screen(ctx, &q, &sa.opts, &m, &n, &err);
    int exit_code = CLI_OK;
    if (rc) {
        fprintf(stderr, "embargo screen: %s\n", err.msg);
        exit_code = CLI_USAGE;
    } else {
        for (size_t i = 0; i < n; i++) if (m[i].match) exit_code = CLI_ALERT;
        if (sa.json) {
            json_t *o = cli_result_json(db, &q, &sa, m, n, warnings);
            char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            puts(s);
            free(s);
            json_decref(o);
        } else {
            cli_print_matches(stdout, db, name, &sa, m, n);
        }
    }
    json_decref(warnings);
    embargo_ctx_free(ctx);
    embargo_db_free(db);
    return exit_code;
}
