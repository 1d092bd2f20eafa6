/* output.h - screening options and result printing shared by screen, batch
 * and scan (so the three print the same match objects). */
#ifndef EMB_CLI_OUTPUT_H
#define EMB_CLI_OUTPUT_H
#include <jansson.h>
#include <stdio.h>
#include "embargo.h"

#define CLI_MAX_IDS 16

typedef struct cli_screen_args {
    embargo_query query;           /* name filled by the caller */
    embargo_screen_opts opts;
    const char *ids[CLI_MAX_IDS];
    int json, explain, threshold_set;
    double max_age_days;           /* warn when older */
    double require_fresh_days;     /* fail when older; <0: off */
} cli_screen_args;

void cli_screen_args_init(cli_screen_args *a);
/* Consumes a screening option at argv[*i] (--threshold, --limit, --type, --dob,
 * --country, --id, --gender, --json, --explain, --algorithm, --max-age,
 * --require-fresh, --exhaustive).  1: consumed; 0: not ours; -1: bad value. */
int cli_screen_option(cli_screen_args *a, int argc, char **argv, int *i);

/* Warns on stderr (and appends to warnings) for each source older than
 * max_age; returns -1 (message printed) if require_fresh is exceeded. */
int cli_check_freshness(const embargo_db *db, const cli_screen_args *a, json_t *warnings);

/* {"query":..., "threshold":..., "matches":[...], "warnings":[...]} */
json_t *cli_result_json(const embargo_db *db, const embargo_query *q, const cli_screen_args *a,
                        const embargo_match *m, size_t n, json_t *warnings);
/* The "matches" array alone. */
json_t *cli_matches_json(const embargo_db *db, const embargo_match *m, size_t n, int explain);
/* A growable text buffer for JSON output built without jansson (batch):
 * appends after an allocation failure are dropped and set oom. */
typedef struct cli_buf {
    char *p;
    size_t len, cap;
    int oom;
} cli_buf;

/* Makes room for n more bytes and a NUL; 0, or -1 (oom set). */
int cli_buf_reserve(cli_buf *b, size_t n);
void cli_buf_add(cli_buf *b, const char *s, size_t n);
void cli_buf_puts(cli_buf *b, const char *s);
void cli_buf_printf(cli_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s as a JSON string literal, or null when s is not valid UTF-8. */
void cli_buf_json_string(cli_buf *b, const char *s);
/* The match object of embargo_match_json, written in place.  0 or the
 * library's error (nothing appended). */
int cli_buf_match_json(cli_buf *b, const embargo_db *db, const embargo_match *m, int explain);

/* Text output: matches grouped by party, with explanations if asked. */
void cli_print_matches(FILE *f, const embargo_db *db, const char *query, const cli_screen_args *a,
                       const embargo_match *m, size_t n);

#endif
