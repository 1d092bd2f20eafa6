/* cli.h - the `embargo` command: one file per subcommand (cmd_*.c), shared
 * option handling for choosing the lists (common.c).  The CLI uses only the
 * public API (embargo.h). */
#ifndef EMB_CLI_H
#define EMB_CLI_H
#include <stdio.h>
#include "embargo.h"

/* Exit codes shared by every command. */
enum { CLI_OK = 0, CLI_ALERT = 1, CLI_USAGE = 2 };

typedef struct cli_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
} cli_command;

/* Options that choose which lists are loaded, common to screen, batch, scan,
 * lists, serve, build. */
typedef struct cli_lists {
    const char *lists[64];     /* --list FILE (repeatable) */
    size_t n_lists;
    int no_default;            /* --no-default-lists */
    const char *sources;       /* --source a,b */
    const char *index;         /* --index FILE */
    const char *data_dir;      /* --data DIR */
} cli_lists;

/* If argv[*i] is one of the list options, consumes it (and its value) and
 * returns 1; returns -1 on a missing value (message printed), else 0. */
int cli_lists_option(cli_lists *o, int argc, char **argv, int *i);
/* Loads the db described by o.  Prints the error and returns CLI_USAGE on
 * failure. */
int cli_lists_open(const cli_lists *o, embargo_db **out);
/* The shipped lists through an index: $EMBARGO_INDEX, else the build
 * tree's default.idx, else the per-user cache (built on first use); an
 * index that does not match the manifest is never used. */
int cli_open_default_index(embargo_db **out, embargo_error *err);
/* Help text for the list options. */
extern const char cli_lists_help[];

/* Parses a float option value in [lo, hi]; prints and returns -1 if invalid. */
int cli_parse_double(const char *opt, const char *v, double lo, double hi, double *out);
int cli_parse_size(const char *opt, const char *v, size_t *out);
/* Splits one CSV line (no embedded newline) into at most max fields, in
 * place: quotes and doubled quotes handled.  Returns the field count. */
size_t cli_split_csv(char *line, char **fields, size_t max);
/* Prints "embargo CMD: msg" to stderr and returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

int cmd_screen(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_lists(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_update(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_scan(int argc, char **argv);

#endif
