/* cmd_scan.c - `embargo scan FILE|-`: the listed parties named in a text or
 * an HTML page, each with its byte offsets, the matched entity and score;
 * exit 1 when a mention matches. */
#include "cli/cli.h"
#include "cli/output.h"
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char help[] =
    "usage: embargo scan [OPTIONS] FILE|-\n"
    "Finds the listed parties that a text names (a news article, payment remarks, a\n"
    "web page). Exit 0: no mention matches; 1: at least one mention at or above the\n"
    "threshold; 2: usage or input error. An empty file has no mentions (exit 0).\n\n"
    "  --json                print {\"mentions\":[...], \"threshold\":T, \"format\":...}; each\n"
    "                        mention: start, end (byte offsets), text, via, and the\n"
    "                        match fields (id, source, source_id, name, score, match...)\n"
    "  --threshold T         a mention matches at score >= T (default 0.80)\n"
    "  --min-score S         do not report mentions below S (default 0.60)\n"
    "  --html                the input is HTML (default: guessed from a .htm/.html name\n"
    "                        or a leading <!DOCTYPE html> / <html>)\n"
    "  --text                the input is plain text, whatever it looks like\n"
    "  --max-age DAYS        warn when a list is older (default 90)\n\n"
    "Input: plain UTF-8 text, or HTML (its text is extracted with libxml2's HTML\n"
    "parser, skipping script and style; offsets then refer to the extracted text,\n"
    "which --json prints as \"document\" when --html is in effect). Bytes that are not\n"
    "valid UTF-8 are read leniently: each counts as a separator (never part of a\n"
    "name), offsets still refer to the bytes of the file, printed text shows them as\n"
    "U+FFFD, and a warning on stderr says how many there were.\n\n";

static int read_all(const char *path, char **out, size_t *n)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) { fprintf(stderr, "embargo scan: cannot open %s: %s\n", path, strerror(errno)); return -1; }
    size_t cap = 1 << 16, len = 0;
    char *b = malloc(cap);
    for (;;) {
        if (!b) break;
        if (len + 4096 > cap) {
            char *q = realloc(b, cap * 2);
            if (!q) { free(b); b = NULL; break; }
            b = q;
            cap *= 2;
        }
        size_t k = fread(b + len, 1, cap - len - 1, f);
        len += k;
        if (k == 0) break;
    }
    int bad = ferror(f);
    if (f != stdin) fclose(f);
    if (!b || bad) {
        free(b);
        fprintf(stderr, "embargo scan: cannot read %s\n", path);
        return -1;
    }
    b[len] = '\0';
    *out = b;
    *n = len;
    return 0;
}

static int looks_html(const char *path, const char *s, size_t n)
{
    const char *dot = strrchr(path, '.');
    if (dot && (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm") || !strcasecmp(dot, ".xhtml"))) return 1;
    size_t i = 0;
    if (n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)) i = 3;
    while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) i++;
    return (n - i >= 9 && !strncasecmp(s + i, "<!doctype", 9)) || (n - i >= 5 && !strncasecmp(s + i, "<html", 5));
}

/* Prints s[0..n) with invalid UTF-8 as U+FFFD and newlines as spaces. */
static void print_clean(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t len = c < 0x80 ? 1 : (c >= 0xc2 && c <= 0xdf) ? 2 : (c >= 0xe0 && c <= 0xef) ? 3 : (c >= 0xf0 && c <= 0xf4) ? 4 : 0;
        int ok = len && i + len <= n;
        for (size_t j = 1; ok && j < len; j++) ok = ((unsigned char)s[i + j] & 0xc0) == 0x80;
        if (!ok) { fputs("\xef\xbf\xbd", f); i++; continue; }
        if (c == '\n' || c == '\r' || c == '\t') fputc(' ', f);
        else fwrite(s + i, 1, len, f);
        i += len;
    }
}

int cmd_scan(int argc, char **argv)
{
    cli_lists lo = {0};
    cli_screen_args sa;
    cli_screen_args_init(&sa);
    embargo_scan_opts so = EMBARGO_SCAN_OPTS_INIT;
    const char *path = NULL;
    int html = -1;
    for (int i = 1; i < argc; i++) {
        int r = cli_lists_option(&lo, argc, argv, &i);
        if (r < 0) return CLI_USAGE;
        if (r) continue;
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { printf("%s%s", help, cli_lists_help); return 0; }
        if (!strcmp(a, "--html")) { html = 1; continue; }
        if (!strcmp(a, "--text")) { html = 0; continue; }
        if (!strcmp(a, "--min-score") || !strncmp(a, "--min-score=", 12)) {
            const char *v = a[11] == '=' ? a + 12 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v) return cli_usage_error("scan", "--min-score needs a value");
            if (cli_parse_double("--min-score", v, 0, 1, &so.min_score)) return CLI_USAGE;
            if (so.min_score == 0) so.min_score = 1e-9; /* 0 would mean the default */
            continue;
        }
        if (!strcmp(a, "--json") || !strncmp(a, "--threshold", 11) || !strncmp(a, "--max-age", 9)) {
            r = cli_screen_option(&sa, argc, argv, &i);
            if (r < 0) return CLI_USAGE;
            if (r) continue;
        }
        if (!strcmp(a, "--")) { if (i + 1 < argc) path = argv[++i]; continue; }
        if (a[0] == '-' && a[1]) return cli_usage_error("scan", "unknown option '%s' (see embargo scan --help)", a);
        if (path) return cli_usage_error("scan", "one FILE only; got '%s' and '%s'", path, a);
        path = a;
    }
    if (!path) return cli_usage_error("scan", "missing FILE (or - for standard input; see embargo scan --help)");
    so.threshold = sa.opts.threshold;
    so.sources = lo.sources;
    if (so.min_score > so.threshold) so.min_score = so.threshold;
    char *raw;
    size_t raw_n;
    if (read_all(path, &raw, &raw_n)) return CLI_USAGE;
    if (html < 0) html = looks_html(path, raw, raw_n);
    char *text = raw;
    size_t text_n = raw_n;
    embargo_error err = {0};
    if (html) {
        if (embargo_html_text(&text, &text_n, raw, raw_n, &err)) {
            fprintf(stderr, "embargo scan: %s\n", err.msg);
            free(raw);
            return CLI_USAGE;
        }
    }
    embargo_db *db;
    int rc = cli_lists_open(&lo, &db);
    if (rc) { if (text != raw) free(text); free(raw); return rc; }
    json_t *warnings = json_array();
    cli_check_freshness(db, &sa, warnings);
    embargo_ctx *ctx = NULL;
    int exit_code = CLI_OK;
    const embargo_mention *m = NULL;
    size_t n = 0, invalid = 0;
    if (embargo_ctx_new(&ctx, db)) {
        fprintf(stderr, "embargo: out of memory\n");
        exit_code = CLI_USAGE;
    } else if (embargo_scan(ctx, text, text_n, &so, &m, &n, &invalid, &err)) {
        fprintf(stderr, "embargo scan: %s\n", err.msg);
        exit_code = CLI_USAGE;
    } else {
        if (invalid) {
            char w[200];
            snprintf(w, sizeof w, "%s: %zu byte(s) are not valid UTF-8; read as separators", path, invalid);
            fprintf(stderr, "embargo scan: warning: %s\n", w);
            json_array_append_new(warnings, json_string(w));
        }
        for (size_t i = 0; i < n; i++) if (m[i].match) exit_code = CLI_ALERT;
        if (sa.json) {
            json_t *o = json_object(), *arr = json_array();
            for (size_t i = 0; i < n; i++) {
                char *s = NULL;
                json_error_t je;
                if (embargo_mention_json(&s, db, &m[i]) == 0) json_array_append_new(arr, json_loads(s, 0, &je));
                free(s);
            }
            json_object_set_new(o, "mentions", arr);
            json_object_set_new(o, "threshold", json_real(so.threshold));
            json_object_set_new(o, "format", json_string(html ? "html" : "text"));
            if (html) json_object_set_new(o, "document", json_stringn(text, text_n));
            json_object_set_new(o, "warnings", json_incref(warnings));
            char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            if (s) puts(s);
            free(s);
            json_decref(o);
        } else {
            int tty = isatty(STDOUT_FILENO);
            const char *on = tty ? "\033[1m" : "\xc2\xbb", *off = tty ? "\033[0m" : "\xc2\xab";
            size_t alerts = 0;
            for (size_t i = 0; i < n; i++) alerts += m[i].match != 0;
            printf("%s: %zu mention%s, %zu alert%s (threshold %.2f)\n", path, n, n == 1 ? "" : "s", alerts,
                   alerts == 1 ? "" : "s", so.threshold);
            for (size_t i = 0; i < n; i++) {
                embargo_entity e;
                embargo_db_entity(db, m[i].entity, &e);
                printf("  %.2f %-5s [%zu,%zu) ", m[i].score, m[i].match ? "ALERT" : "", m[i].start, m[i].end);
                print_clean(stdout, m[i].text, m[i].end - m[i].start);
                printf(" -> %s  (%s %s, %s)", e.name, e.source, e.source_id, embargo_schema_name(e.schema));
                if (m[i].matched_name && strcmp(m[i].matched_name, e.name)) printf(" matched \"%s\"", m[i].matched_name);
                if (strcmp(m[i].via, "name")) printf(" via %s", m[i].via);
                printf("\n      ");
                print_clean(stdout, text + m[i].sentence_start, m[i].start - m[i].sentence_start);
                fputs(on, stdout);
                print_clean(stdout, m[i].text, m[i].end - m[i].start);
                fputs(off, stdout);
                print_clean(stdout, text + m[i].end, m[i].sentence_end > m[i].end ? m[i].sentence_end - m[i].end : 0);
                printf("\n");
            }
        }
    }
    json_decref(warnings);
    embargo_ctx_free(ctx);
    embargo_db_free(db);
    if (text != raw) free(text);
    free(raw);
    return exit_code;
}
