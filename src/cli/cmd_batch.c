/* cmd_batch.c - `embargo batch`: screens a stream of names with a pool of
 * threads sharing one read-only db, each with its own embargo_ctx.  Input is
 * read in chunks; the threads split a chunk, and its results are written in
 * input order before the next chunk is read, so memory stays bounded and the
 * output order equals the input order.
 *
 * Input, detected from the first line: JSON lines ({"name":..., "type":...,
 * "dob":..., "country":..., "id":...}), CSV with a header that has a `name`
 * column (and optionally type, dob, country, id), or one name per line. */
#include "cli/cli.h"
#include "cli/output.h"
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char help[] =
    "usage: embargo batch [OPTIONS] [FILE|-]\n"
    "Screens every input line; prints one JSON line per input line, in input order:\n"
    "{\"line\":N,\"query\":...,\"matches\":[...]} or {\"line\":N,\"error\":...}.\n"
    "Input: one name per line, CSV with a header (name,type,dob,country,id), or JSON lines.\n"
    "Exit 0: no alert; 1: some alert; 2: usage error or missing input; 3: some lines failed.\n\n"
    "  --threads N           worker threads (default: all cores)\n"
    "  (and every screening option of embargo screen: --threshold, --limit, --type, ...)\n";

#define CHUNK 8192
#define LINE_MAX_BYTES 2048

enum { IN_PLAIN, IN_CSV, IN_JSONL };

typedef struct item {
    unsigned long line;
    char *text;      /* the raw input line */
    char *out;       /* the output JSON line (malloc'd) */
    int alert, failed;
} item;

typedef struct batch {
    const embargo_db *db;
    const cli_screen_args *args;
    int format;
    int col_name, col_type, col_dob, col_country, col_id;
    item *items;
    size_t n_items;
    size_t next;     /* work index, under lock */
    pthread_mutex_t lock;
} batch;

/* Moves the line built in the worker's scratch buffer into the item (one
 * allocation of the exact size; the scratch buffer is reused). */
static void finish_line(item *it, cli_buf *o)
{
    it->out = o->oom ? NULL : malloc(o->len + 1);
    if (it->out) memcpy(it->out, o->p, o->len + 1);
    else it->failed = 1;
}

static void error_line(item *it, cli_buf *o, const char *msg)
{
    char head[64];
    int n = snprintf(head, sizeof head, "{\"line\":%lu,\"error\":", it->line);
    o->len = 0;
    cli_buf_add(o, head, (size_t)n);
    cli_buf_json_string(o, msg);
    cli_buf_add(o, "}", 1);
    finish_line(it, o);
    it->failed = 1;
}

static void screen_item(batch *b, embargo_ctx *ctx, cli_buf *o, item *it)
{
    embargo_query q;
    const char *ids[1];
    memset(&q, 0, sizeof q);
    q = b->args->query;
    q.ids = b->args->query.n_ids ? b->args->query.ids : ids;
    json_t *jo = NULL;
    char *fields[32];
    char *copy = NULL;
    if (strlen(it->text) > LINE_MAX_BYTES) { error_line(it, o, "line too long (more than 2048 bytes)"); return; }
    if (b->format == IN_JSONL) {
        json_error_t je;
        jo = json_loads(it->text, 0, &je);
        if (!jo || !json_is_object(jo)) { error_line(it, o, jo ? "not a JSON object" : je.text); json_decref(jo); return; }
        q.name = json_string_value(json_object_get(jo, "name"));
        const char *t = json_string_value(json_object_get(jo, "type"));
        if (t && *t) q.schema = embargo_schema_parse(t);
        const char *d = json_string_value(json_object_get(jo, "dob"));
        if (d && *d) q.dob = d;
        const char *c = json_string_value(json_object_get(jo, "country"));
        if (c && *c) q.country = c;
        const char *id = json_string_value(json_object_get(jo, "id"));
        if (id && *id) { ids[0] = id; q.ids = ids; q.n_ids = 1; }
        if (!q.name) { error_line(it, o, "no \"name\" string"); json_decref(jo); return; }
    } else if (b->format == IN_CSV) {
        copy = strdup(it->text);
        size_t nf = cli_split_csv(copy, fields, 32);
        if ((size_t)b->col_name >= nf) { error_line(it, o, "row has no name field"); free(copy); return; }
        q.name = fields[b->col_name];
        if (b->col_type >= 0 && (size_t)b->col_type < nf && *fields[b->col_type]) q.schema = embargo_schema_parse(fields[b->col_type]);
        if (b->col_dob >= 0 && (size_t)b->col_dob < nf && *fields[b->col_dob]) q.dob = fields[b->col_dob];
        if (b->col_country >= 0 && (size_t)b->col_country < nf && *fields[b->col_country]) q.country = fields[b->col_country];
        if (b->col_id >= 0 && (size_t)b->col_id < nf && *fields[b->col_id]) { ids[0] = fields[b->col_id]; q.ids = ids; q.n_ids = 1; }
    } else {
        q.name = it->text;
    }
    const embargo_match *m;
    size_t n;
    embargo_error err = {0};
    if (!*q.name) {
        error_line(it, o, "empty name");
    } else if (embargo_screen(ctx, &q, &b->args->opts, &m, &n, &err)) {
        error_line(it, o, err.msg);
    } else {
        char head[64];
        int hn = snprintf(head, sizeof head, "{\"line\":%lu,\"query\":", it->line);
        o->len = 0;
        cli_buf_add(o, head, (size_t)hn);
        cli_buf_json_string(o, q.name);
        cli_buf_add(o, ",\"matches\":[", 12);
        for (size_t i = 0, w = 0; i < n; i++) {
            size_t mark = o->len;
            if (w) cli_buf_add(o, ",", 1);
            if (cli_buf_match_json(o, b->db, &m[i], b->args->explain)) { o->len = mark; continue; }
            w++;
            if (m[i].match) it->alert = 1;
        }
        cli_buf_add(o, "]}", 2);
        finish_line(it, o);
    }
    json_decref(jo);
    free(copy);
}

typedef struct worker { batch *b; embargo_ctx *ctx; cli_buf out; } worker;

static void *work(void *arg)
{
    worker *w = arg;
    batch *b = w->b;
    for (;;) {
        pthread_mutex_lock(&b->lock);
        size_t i = b->next;
        b->next += 16;
        pthread_mutex_unlock(&b->lock);
        if (i >= b->n_items) break;
        size_t end = i + 16 < b->n_items ? i + 16 : b->n_items;
        for (; i < end; i++) screen_item(b, w->ctx, &w->out, &b->items[i]);
    }
    return NULL;
}

static int find_col(char **f, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcasecmp(f[i], name)) return (int)i;
    return -1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int cmd_batch(int argc, char **argv)
{
    cli_lists lo = {0};
    cli_screen_args sa;
    cli_screen_args_init(&sa);
    const char *path = NULL;
    size_t threads = 0;
    for (int i = 1; i < argc; i++) {
        int r = cli_lists_option(&lo, argc, argv, &i);
        if (r < 0) return CLI_USAGE;
        if (r) continue;
        r = cli_screen_option(&sa, argc, argv, &i);
        if (r < 0) return CLI_USAGE;
        if (r) continue;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { printf("%s%s", help, cli_lists_help); return 0; }
        if (!strcmp(argv[i], "--threads")) {
            if (i + 1 >= argc || cli_parse_size("--threads", argv[i + 1], &threads)) return CLI_USAGE;
            i++;
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1]) return cli_usage_error("batch", "unknown option '%s' (see embargo batch --help)", argv[i]);
        if (path) return cli_usage_error("batch", "one input file only");
        path = argv[i];
    }
    FILE *in = (!path || !strcmp(path, "-")) ? stdin : fopen(path, "r");
    if (!in) return cli_usage_error("batch", "cannot open %s: %s", path, strerror(errno));
    embargo_db *db;
    sa.opts.sources = lo.sources; /* --source filters at query time (the index holds all) */
    sa.opts.no_explain = !sa.explain; /* the lines carry no explanations: do not compute them */
    int rc = cli_lists_open(&lo, &db);
    if (rc) { if (in != stdin) fclose(in); return rc; }
    if (cli_check_freshness(db, &sa, NULL)) { embargo_db_free(db); if (in != stdin) fclose(in); return CLI_USAGE; }
    if (!threads) {
        long nc = sysconf(_SC_NPROCESSORS_ONLN);
        threads = nc > 0 ? (size_t)nc : 1;
    }
    if (threads > 64) threads = 64;
    batch b = {0};
    b.db = db;
    b.args = &sa;
    b.col_name = b.col_type = b.col_dob = b.col_country = b.col_id = -1;
    pthread_mutex_init(&b.lock, NULL);
    worker *ws = calloc(threads, sizeof *ws);
    pthread_t *tids = calloc(threads, sizeof *tids);
    b.items = calloc(CHUNK, sizeof *b.items);
    int ok = ws && tids && b.items;
    for (size_t t = 0; ok && t < threads; t++) {
        ws[t].b = &b;
        if (embargo_ctx_new(&ws[t].ctx, db)) ok = 0;
    }
    if (!ok) { fprintf(stderr, "embargo batch: out of memory\n"); rc = CLI_USAGE; goto done; }
    int progress = isatty(2);
    double t0 = now_s();
    long total_bytes = -1;
    if (in != stdin) { fseek(in, 0, SEEK_END); total_bytes = ftell(in); fseek(in, 0, SEEK_SET); }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned long lineno = 0, done_lines = 0;
    int any_alert = 0, any_failed = 0, first = 1;
    for (;;) {
        b.n_items = 0;
        while (b.n_items < CHUNK && (len = getline(&line, &cap, in)) != -1) {
            lineno++;
            while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
            if (first) {
                first = 0;
                const char *p = line;
                if (!strncmp(p, "\xEF\xBB\xBF", 3)) p += 3;
                if (*p == '{') b.format = IN_JSONL;
                else {
                    char *copy = strdup(p), *f[32];
                    size_t nf = cli_split_csv(copy, f, 32);
                    int cn = find_col(f, nf, "name");
                    if (cn < 0) cn = find_col(f, nf, "full_name");
                    if (nf > 1 && cn >= 0) {
                        b.format = IN_CSV;
                        b.col_name = cn;
                        b.col_type = find_col(f, nf, "type");
                        if (b.col_type < 0) b.col_type = find_col(f, nf, "schema");
                        b.col_dob = find_col(f, nf, "dob");
                        if (b.col_dob < 0) b.col_dob = find_col(f, nf, "date_of_birth");
                        b.col_country = find_col(f, nf, "country");
                        if (b.col_country < 0) b.col_country = find_col(f, nf, "nationality");
                        b.col_id = find_col(f, nf, "id");
                        free(copy);
                        continue; /* the header is not screened */
                    }
                    free(copy);
                }
            }
            item *it = &b.items[b.n_items++];
            it->line = lineno;
            it->text = strdup(line);
            it->out = NULL;
            it->alert = it->failed = 0;
        }
        if (b.n_items == 0) break;
        b.next = 0;
        for (size_t t = 0; t < threads; t++) pthread_create(&tids[t], NULL, work, &ws[t]);
        for (size_t t = 0; t < threads; t++) pthread_join(tids[t], NULL);
        for (size_t i = 0; i < b.n_items; i++) {
            item *it = &b.items[i];
            if (it->out) { fputs(it->out, stdout); fputc('\n', stdout); }
            any_alert |= it->alert;
            any_failed |= it->failed;
            free(it->out);
            free(it->text);
        }
        done_lines += b.n_items;
        if (progress) {
            double el = now_s() - t0;
            double rate = el > 0 ? done_lines / el : 0;
            if (total_bytes > 0) {
                double frac = (double)ftell(in) / (double)total_bytes;
                double eta = frac > 0 ? el / frac - el : 0;
                fprintf(stderr, "\r[%-30.*s] %5.1f%%  %lu lines  %.0f/s  ETA %.0fs ", (int)(frac * 30),
                        "##############################", frac * 100, done_lines, rate, eta);
            } else {
                fprintf(stderr, "\r%lu lines  %.0f/s ", done_lines, rate);
            }
        }
    }
    if (progress) fprintf(stderr, "\n");
    free(line);
    fflush(stdout);
    rc = any_failed ? 3 : any_alert ? CLI_ALERT : CLI_OK;
done:
    for (size_t t = 0; ws && t < threads; t++) { embargo_ctx_free(ws[t].ctx); free(ws[t].out.p); }
    free(ws);
    free(tids);
    free(b.items);
    pthread_mutex_destroy(&b.lock);
    embargo_db_free(db);
    if (in != stdin) fclose(in);
    return rc;
}
