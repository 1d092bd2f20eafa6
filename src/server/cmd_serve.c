/* cmd_serve.c - `embargo serve`: options and configuration, then the HTTP
 * server (http.c).  Precedence: built-in defaults, then --config FILE, then
 * the command line; the admin token comes from the config file or
 * EMBARGO_ADMIN_TOKEN. */
#include "server/server.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: embargo serve [OPTIONS] [list options]\n"
    "Serves screening over HTTP: GET/POST /v1/screen, POST /match/{dataset} (yente-compatible),\n"
    "POST /v1/scan (text in, mentions out), GET /v1/lists, GET /v1/entities/{id}, /healthz,\n"
    "/readyz, /metrics, /openapi.json, and the analyst page at /.  SIGHUP or POST /admin/reload\n"
    "loads the lists again and swaps them in.\n\n"
    "  --bind ADDR           address to listen on (default 127.0.0.1)\n"
    "  --port N              port (default 8080; 0: any free port, printed on stderr)\n"
    "  --config FILE         JSON: {\"bind\",\"port\",\"threads\",\"max_body\",\"max_batch\",\n"
    "                        \"max_query_len\",\"max_connections\",\"timeout\",\"admin_token\",\n"
    "                        \"threshold\",\"limit\",\"cache\"}\n"
    "  --threads N           worker threads (default: number of cores)\n"
    "  --cache N             keep the last N screening responses per loaded db (default 0: off)\n"
    "  --quiet               no log line per request\n";

static int read_file(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    while (b) {
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
        if (n == cap) {
            if (cap > (1 << 20)) { free(b); b = NULL; break; } /* a config file is small */
            char *nb = realloc(b, cap * 2);
            if (!nb) { free(b); b = NULL; break; }
            b = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (!b) return -1;
    *out = b;
    *len = n;
    return 0;
}

static const char *optval(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (!strcmp(a, name)) {
        if (*i + 1 >= argc) { fprintf(stderr, "embargo serve: %s needs a value\n", name); return NULL; }
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

int cmd_serve(int argc, char **argv)
{
    srv_state *s = calloc(1, sizeof *s);
    if (!s) return CLI_USAGE;
    srv_config_default(&s->cfg);
    const char *bind = NULL, *config = NULL;
    double port = -1, threads = -1, cache = -1;
    int rc = CLI_USAGE;
    for (int i = 1; i < argc; i++) {
        int r = cli_lists_option(&s->lists, argc, argv, &i);
        if (r < 0) goto done;
        if (r) continue;
        const char *a = argv[i], *v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { printf("%s%s", help, cli_lists_help); rc = 0; goto done; }
        else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) s->quiet = 1;
        else if (is_opt(a, "--bind")) { if (!(bind = optval(argc, argv, &i, "--bind"))) goto done; }
        else if (is_opt(a, "--config")) { if (!(config = optval(argc, argv, &i, "--config"))) goto done; }
        else if (is_opt(a, "--port")) {
            if (!(v = optval(argc, argv, &i, "--port")) || cli_parse_double("--port", v, 0, 65535, &port)) goto done;
        } else if (is_opt(a, "--threads")) {
            if (!(v = optval(argc, argv, &i, "--threads")) || cli_parse_double("--threads", v, 1, 256, &threads)) goto done;
        } else if (is_opt(a, "--cache")) {
            if (!(v = optval(argc, argv, &i, "--cache")) || cli_parse_double("--cache", v, 0, 1000000, &cache)) goto done;
        } else {
            cli_usage_error("serve", "unknown option '%s' (see embargo serve --help)", a);
            goto done;
        }
    }
    if (s->lists.index && s->lists.n_lists) { cli_usage_error("serve", "--index cannot be combined with --list"); goto done; }
    if (config) {
        char *bytes;
        size_t len;
        srv_error err;
        if (read_file(config, &bytes, &len)) { cli_usage_error("serve", "cannot read config file %s", config); goto done; }
        int bad = srv_config_parse(&s->cfg, bytes, len, &err);
        free(bytes);
        if (bad) { cli_usage_error("serve", "%s: %s", config, err.message); goto done; }
    }
    if (bind) {
        if (strlen(bind) >= sizeof s->cfg.bind) { cli_usage_error("serve", "--bind address too long"); goto done; }
        snprintf(s->cfg.bind, sizeof s->cfg.bind, "%s", bind);
    }
    if (port >= 0) s->cfg.port = (unsigned)port;
    if (threads > 0) s->cfg.threads = (unsigned)threads;
    if (cache >= 0) s->cfg.cache = (size_t)cache;
    const char *tok = getenv("EMBARGO_ADMIN_TOKEN");
    if (!s->cfg.admin_token[0] && tok && *tok) {
        if (strlen(tok) >= sizeof s->cfg.admin_token) { cli_usage_error("serve", "EMBARGO_ADMIN_TOKEN too long"); goto done; }
        snprintf(s->cfg.admin_token, sizeof s->cfg.admin_token, "%s", tok);
    }
    pthread_mutex_init(&s->lock, NULL);
    pthread_mutex_init(&s->reload_lock, NULL);
    s->started = time(NULL);
    rc = srv_run(s);
    srv_db_release(s->current);
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->reload_lock);
done:
    free(s);
    return rc;
}
