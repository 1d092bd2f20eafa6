/* output.c - screening options and result output shared by the commands. */
#include "cli/output.h"
#include "cli/cli.h"
#include <math.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

void cli_screen_args_init(cli_screen_args *a)
{
    memset(a, 0, sizeof *a);
    embargo_screen_opts o = EMBARGO_SCREEN_OPTS_INIT;
    a->opts = o;
    a->query.ids = a->ids;
    a->max_age_days = 90;
    a->require_fresh_days = -1;
    const char *env = getenv("EMBARGO_MAX_AGE_DAYS");
    if (env && *env) a->max_age_days = atof(env);
}

static const char *optval(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (!strcmp(a, name)) {
        if (*i + 1 >= argc) { fprintf(stderr, "embargo: %s needs a value\n", name); return NULL; }
        return argv[++*i];
    }
    if (!strncmp(a, name, n) && a[n] == '=') return a + n + 1;
    return NULL;
}

static int is_opt(const char *a, const char *name)
{
    size_t n = strlen(name);
    return !strcmp(a, name) || (!strncmp(a, name, n) && a[n] == '=');
}

static int valid_date(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10) return 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 4 || i == 7) { if (s[i] != '-') return 0; }
        else if (s[i] < '0' || s[i] > '9') return 0;
    }
    return 1;
}

int cli_screen_option(cli_screen_args *a, int argc, char **argv, int *i)
{
    const char *arg = argv[*i];
    const char *v;
    if (!strcmp(arg, "--json")) { a->json = 1; return 1; }
    if (!strcmp(arg, "--explain")) { a->explain = 1; return 1; }
    if (!strcmp(arg, "--exhaustive")) { a->opts.exhaustive = 1; return 1; }
    if (is_opt(arg, "--threshold")) {
        if (!(v = optval(argc, argv, i, "--threshold"))) return -1;
        if (cli_parse_double("--threshold", v, 0, 1, &a->opts.threshold)) return -1;
        a->threshold_set = 1;
        return 1;
    }
    if (is_opt(arg, "--limit")) {
        if (!(v = optval(argc, argv, i, "--limit"))) return -1;
        return cli_parse_size("--limit", v, &a->opts.limit) ? -1 : 1;
    }
    if (is_opt(arg, "--type")) {
        if (!(v = optval(argc, argv, i, "--type"))) return -1;
        a->query.schema = embargo_schema_parse(v);
        if (a->query.schema == EMBARGO_SCHEMA_UNKNOWN) {
            fprintf(stderr, "embargo: --type must be person, organization, vessel or aircraft, got '%s'\n", v);
            return -1;
        }
        return 1;
    }
    if (is_opt(arg, "--dob")) {
        if (!(v = optval(argc, argv, i, "--dob"))) return -1;
        if (!valid_date(v)) { fprintf(stderr, "embargo: --dob expects YYYY, YYYY-MM or YYYY-MM-DD, got '%s'\n", v); return -1; }
        a->query.dob = v;
        return 1;
    }
    if (is_opt(arg, "--country")) {
        if (!(v = optval(argc, argv, i, "--country"))) return -1;
        a->query.country = v;
        return 1;
    }
    if (is_opt(arg, "--gender")) {
        if (!(v = optval(argc, argv, i, "--gender"))) return -1;
        if (strcmp(v, "male") && strcmp(v, "female")) { fprintf(stderr, "embargo: --gender must be male or female\n"); return -1; }
        a->query.gender = v;
        return 1;
    }
    if (is_opt(arg, "--id")) {
        if (!(v = optval(argc, argv, i, "--id"))) return -1;
        if (a->query.n_ids >= CLI_MAX_IDS) { fprintf(stderr, "embargo: too many --id\n"); return -1; }
        if (!*v) { fprintf(stderr, "embargo: --id needs TYPE:VALUE or VALUE\n"); return -1; }
        a->ids[a->query.n_ids++] = v;
        return 1;
    }
    if (is_opt(arg, "--algorithm")) {
        if (!(v = optval(argc, argv, i, "--algorithm"))) return -1;
        if (!strcmp(v, "ofac")) {
            a->opts.algorithm = EMBARGO_ALGO_OFAC;
            if (!a->threshold_set) a->opts.threshold = EMBARGO_OFAC_DEFAULT_THRESHOLD;
        } else if (!strcmp(v, "default") || !strcmp(v, "embargo")) {
            a->opts.algorithm = EMBARGO_ALGO_DEFAULT;
        } else {
            fprintf(stderr, "embargo: --algorithm must be default or ofac, got '%s'\n", v);
            return -1;
        }
        return 1;
    }
    if (is_opt(arg, "--max-age")) {
        if (!(v = optval(argc, argv, i, "--max-age"))) return -1;
        return cli_parse_double("--max-age", v, 0, 1e6, &a->max_age_days) ? -1 : 1;
    }
    if (is_opt(arg, "--require-fresh")) {
        if (!(v = optval(argc, argv, i, "--require-fresh"))) return -1;
        return cli_parse_double("--require-fresh", v, 0, 1e6, &a->require_fresh_days) ? -1 : 1;
    }
    return 0;
}

/* Days from YYYY-MM-DD (or YYYY-MM, YYYY) to now. */
static double age_days(const char *as_of)
{
    struct tm tm = {0};
    int y = 0, m = 1, d = 1;
    if (sscanf(as_of, "%d-%d-%d", &y, &m, &d) < 1 || y < 1900) return -1;
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = 12;
    time_t t = timegm(&tm);
    return difftime(time(NULL), t) / 86400.0;
}

int cli_check_freshness(const embargo_db *db, const cli_screen_args *a, json_t *warnings)
{
    int fail = 0;
    for (size_t i = 0; i < embargo_db_source_count(db); i++) {
        embargo_source_info si;
        embargo_db_source(db, i, &si);
        if (a->opts.sources && *a->opts.sources && !strstr(a->opts.sources, si.id)) continue;
        double age = si.as_of[0] ? age_days(si.as_of) : -1;
        if (a->require_fresh_days >= 0 && (age < 0 || age > a->require_fresh_days)) {
            if (age < 0)
                fprintf(stderr, "embargo: list %s has no as-of date and --require-fresh %.0f is set\n", si.id, a->require_fresh_days);
            else
                fprintf(stderr, "embargo: list %s is %.0f days old (as of %s), more than --require-fresh %.0f\n", si.id, age,
                        si.as_of, a->require_fresh_days);
            fail = 1;
            continue;
        }
        if (age > a->max_age_days) {
            char msg[256];
            snprintf(msg, sizeof msg, "list %s is %.0f days old (as of %s)", si.id, floor(age), si.as_of);
            fprintf(stderr, "embargo: warning: %s\n", msg);
            if (warnings) json_array_append_new(warnings, json_pack("{s:s,s:s,s:s,s:i}", "type", "stale_list", "source", si.id,
                                                                    "as_of", si.as_of, "age_days", (int)floor(age)));
        }
    }
    return fail ? -1 : 0;
}

json_t *cli_matches_json(const embargo_db *db, const embargo_match *m, size_t n, int explain)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        char *s;
        if (embargo_match_json(&s, db, &m[i], explain)) continue;
        json_t *o = json_loads(s, 0, NULL);
        free(s);
        if (o) json_array_append_new(arr, o);
    }
    return arr;
}

int cli_buf_reserve(cli_buf *b, size_t n)
{
    if (b->oom) return -1;
    if (b->len + n + 1 <= b->cap) return 0;
    size_t c = b->cap ? b->cap : 1024;
    while (c < b->len + n + 1) c *= 2;
    char *p = realloc(b->p, c);
    if (!p) { b->oom = 1; return -1; }
    b->p = p;
    b->cap = c;
    return 0;
}

void cli_buf_add(cli_buf *b, const char *s, size_t n)
{
    if (cli_buf_reserve(b, n)) return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void cli_buf_puts(cli_buf *b, const char *s) { cli_buf_add(b, s, strlen(s)); }

void cli_buf_printf(cli_buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof tmp) { cli_buf_add(b, tmp, (size_t)n); return; }
    char *big = malloc((size_t)n + 1);
    if (!big) { b->oom = 1; return; }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    cli_buf_add(b, big, (size_t)n);
    free(big);
}

/* The library writers count what did not fit, so a second call after
 * growing the buffer always completes. */
void cli_buf_json_string(cli_buf *b, const char *s)
{
    size_t n;
    if (cli_buf_reserve(b, 64)) return;
    if (embargo_json_string_write(b->p + b->len, b->cap - b->len, &n, s)) {
        b->p[b->len] = '\0';
        cli_buf_add(b, "null", 4);
        return;
    }
    if (n >= b->cap - b->len) {
        if (cli_buf_reserve(b, n)) return;
        embargo_json_string_write(b->p + b->len, b->cap - b->len, &n, s);
    }
    b->len += n;
}

int cli_buf_match_json(cli_buf *b, const embargo_db *db, const embargo_match *m, int explain)
{
    size_t n;
    if (cli_buf_reserve(b, 1024)) return EMBARGO_ENOMEM;
    int rc = embargo_match_json_write(b->p + b->len, b->cap - b->len, &n, db, m, explain);
    if (rc) { b->p[b->len] = '\0'; return rc; }
    if (n >= b->cap - b->len) {
        if (cli_buf_reserve(b, n)) return EMBARGO_ENOMEM;
        embargo_match_json_write(b->p + b->len, b->cap - b->len, &n, db, m, explain);
    }
    b->len += n;
    return 0;
}

json_t *cli_result_json(const embargo_db *db, const embargo_query *q, const cli_screen_args *a,
                        const embargo_match *m, size_t n, json_t *warnings)
{
    json_t *o = json_object();
    json_object_set_new(o, "query", json_string(q->name));
    json_object_set_new(o, "threshold", json_real(a->opts.threshold));
    json_object_set_new(o, "algorithm", json_string(a->opts.algorithm == EMBARGO_ALGO_OFAC ? "ofac" : "default"));
    json_object_set_new(o, "matches", cli_matches_json(db, m, n, 1));
    if (warnings && json_array_size(warnings)) json_object_set(o, "warnings", warnings);
    return o;
}

void cli_print_matches(FILE *f, const embargo_db *db, const char *query, const cli_screen_args *a,
                       const embargo_match *m, size_t n)
{
    size_t alerts = 0;
    for (size_t i = 0; i < n; i++) alerts += m[i].match ? 1 : 0;
    fprintf(f, "%s: %zu alert%s, %zu candidate%s (threshold %.2f)\n", query, alerts, alerts == 1 ? "" : "s", n,
            n == 1 ? "" : "s", a->opts.threshold);
    int *done = calloc(n ? n : 1, sizeof *done);
    if (!done) return;
    for (size_t i = 0; i < n; i++) {
        if (done[i]) continue;
        embargo_entity e;
        embargo_db_entity(db, m[i].entity, &e);
        fprintf(f, "\n  %.2f %-5s %s  [%s]\n", m[i].score, m[i].match ? "ALERT" : "", e.name, embargo_schema_name(e.schema));
        /* every listing of the same party among the results, under the first */
        for (size_t j = i; j < n; j++) {
            embargo_entity ej;
            embargo_db_entity(db, m[j].entity, &ej);
            if (ej.party != e.party || done[j]) continue;
            done[j] = 1;
            fprintf(f, "        %.2f %-5s %-12s %-10s matched \"%s\"\n", m[j].score, m[j].match ? "ALERT" : "", ej.source,
                    ej.source_id, m[j].matched_name ? m[j].matched_name : ej.name);
            if (a->explain) {
                for (size_t k = 0; k < m[j].n_align; k++) {
                    const embargo_alignment *al = &m[j].align[k];
                    if (al->name_token[0])
                        fprintf(f, "              %-18s ~ %-18s sim %.2f weight %.2f\n", al->query_token, al->name_token,
                                al->similarity, al->weight);
                    else
                        fprintf(f, "              %-18s   (unmatched)        weight %.2f\n", al->query_token, al->weight);
                }
                for (size_t k = 0; k < m[j].n_factors; k++)
                    fprintf(f, "              %-10s %+.3f  %s\n", m[j].factors[k].name, m[j].factors[k].value,
                            m[j].factors[k].detail);
            }
        }
    }
    free(done);
}
