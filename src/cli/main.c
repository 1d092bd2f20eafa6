/* main.c - dispatches `embargo COMMAND ...` to the subcommands. */
#include "cli/cli.h"
#include <string.h>

static const cli_command commands[] = {
    {"screen", "screen one name against the lists", cmd_screen},
    {"compare", "score two names against each other", cmd_compare},
    {"batch", "screen a file of names (lines, CSV or JSON lines) in parallel", cmd_batch},
    {"lists", "show the loaded lists, their counts and dates", cmd_lists},
    {"diff", "compare two publications of a list: added, removed, changed", cmd_diff},
    {"update", "download the current lists, check them, switch to them", cmd_update},
    {"build", "write the lists' index to a file (opened in milliseconds)", cmd_build},
    {"serve", "HTTP server: screening API, yente-compatible /match, analyst page", cmd_serve},
    {"scan", "find listed parties named in a text or HTML page", cmd_scan},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: embargo COMMAND [OPTIONS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n`embargo COMMAND --help` for a command's options; `embargo --version`.\n");
}

static int version(void)
{
    printf("embargo %s\n", EMBARGO_VERSION);
    embargo_db *db = NULL;
    embargo_error err = {0};
    /* the cached index of the shipped lists (built on first use) */
    if (embargo_db_open_default(&db, NULL, NULL, &err) == 0) {
        for (size_t i = 0; i < embargo_db_source_count(db); i++) {
            embargo_source_info si;
            embargo_db_source(db, i, &si);
            printf("  %-14s as of %s\n", si.id, si.as_of[0] ? si.as_of : "unknown");
        }
    } else {
        printf("  (shipped lists not readable: %s)\n", err.msg);
    }
    embargo_db_free(db);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) { usage(stderr); return CLI_USAGE; }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) { usage(stdout); return 0; }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) return version();
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name)) return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "embargo: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return CLI_USAGE;
}
