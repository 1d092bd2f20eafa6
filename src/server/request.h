/* request.h - the server's request parsing, apart from any socket: query
 * strings and JSON bodies in, a parsed request or an HTTP error out.  Kept
 * free of libmicrohttpd so that fuzz/fuzz_request.c can drive it with raw
 * bytes and so that every check (types, sizes, unknown parameters) lives in
 * one place. */
#ifndef EMB_SERVER_REQUEST_H
#define EMB_SERVER_REQUEST_H
#include <jansson.h>
#include <stddef.h>
#include "embargo.h"

#define SRV_MAX_IDS 16
#define SRV_MAX_NAMES 8      /* names per yente query (name + alias...) */
#define SRV_MAX_PARAMS 64

/* An HTTP error: status, a stable machine code and a sentence. */
typedef struct srv_error {
    int status;              /* 400, 404, 413, ... */
    char code[32];           /* "invalid_json", "unknown_parameter", ... */
    char message[320];
} srv_error;

/* Sets *e and returns -1, so that parsers can `return srv_fail(...)`. */
int srv_fail(srv_error *e, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* One query-string parameter (URL-decoded).  Borrowed strings. */
typedef struct srv_kv {
    const char *key;
    const char *value;
} srv_kv;

typedef struct srv_params {
    srv_kv kv[SRV_MAX_PARAMS];
    size_t n;
    char *storage;           /* owned copy when parsed by srv_params_parse */
} srv_params;

/* Splits and URL-decodes a raw query string ("a=1&b=x%20y", without '?').
 * More than SRV_MAX_PARAMS parameters is a 400.  Free with srv_params_free. */
int srv_params_parse(srv_params *out, const char *qs, size_t len, srv_error *err);
void srv_params_free(srv_params *p);

/* Limits and defaults, from the config file and the command line. */
typedef struct srv_limits {
    size_t max_batch;        /* queries per POST /v1/screen or /match */
    size_t max_query_len;    /* bytes of one name */
    size_t max_limit;        /* largest `limit` accepted */
    double threshold;        /* default alert threshold */
    size_t limit;            /* default number of matches (/v1/screen) */
} srv_limits;

void srv_limits_default(srv_limits *l);

/* One screening query.  Strings are borrowed from the request's storage. */
typedef struct srv_query {
    const char *key;                 /* yente query key, or NULL */
    const char *names[SRV_MAX_NAMES];
    size_t n_names;
    embargo_schema schema;
    const char *schema_text;         /* as given (yente echo), or NULL */
    const char *dob;
    const char *country;
    const char *gender;
    const char *ids[SRV_MAX_IDS];
    size_t n_ids;
    json_t *echo;                    /* yente: the query as given (borrowed) */
} srv_query;

typedef enum srv_kind { SRV_SCREEN_GET, SRV_SCREEN_POST, SRV_MATCH } srv_kind;

/* A parsed screening request (GET/POST /v1/screen, POST /match/{dataset}). */
typedef struct srv_request {
    srv_kind kind;
    srv_query *queries;
    size_t n_queries;
    embargo_screen_opts opts;
    char sources[512];               /* opts.sources points here when set */
    const char *algorithm_name;      /* "default" / "ofac" */
    int threshold_set;
    char exclude[512];               /* /match exclude_dataset, comma-separated */
    char dataset[128];               /* /match/{dataset} */
    json_t *root;                    /* parsed body: owns the strings */
} srv_request;

void srv_request_free(srv_request *r);

/* GET /v1/screen?name=&type=&dob=&country=&id=&gender=&threshold=&limit=
 * &algorithm=&source=.  Unknown parameters, bad values -> 400. */
int srv_parse_screen_get(srv_request *out, const srv_params *p, const srv_limits *lim, srv_error *err);

/* POST /v1/screen with {"queries":[{name,type,dob,country,id|ids,gender}],
 * "threshold","limit","algorithm","source"}.  Query-string parameters are not
 * accepted (400) so that a typo cannot silently change the result. */
int srv_parse_screen_post(srv_request *out, const char *body, size_t len, const srv_params *p,
                          const srv_limits *lim, srv_error *err);

/* POST /match/{dataset}: yente's request ({"queries":{key:{"schema",
 * "properties":{...}}}}) with query parameters threshold, cutoff, limit,
 * algorithm and yente's filter parameters.  `dataset` is "default", "all",
 * "sanctions" or a source id (checked by the caller against the db). */
int srv_parse_match(srv_request *out, const char *dataset, const char *body, size_t len, const srv_params *p,
                    const srv_limits *lim, srv_error *err);

/* POST /v1/scan: {"text": "...", "threshold": T, "min_score": S, "source":
 * "id,id"}; only text is required.  The text is scanned as the JSON string
 * holds it (offsets are bytes of its UTF-8). */
typedef struct srv_scan_request {
    json_t *root;            /* owns the text */
    const char *text;
    size_t len;
    embargo_scan_opts opts;  /* opts.sources points into sources when set */
    char sources[512];
} srv_scan_request;

int srv_parse_scan(srv_scan_request *out, const char *body, size_t len, const srv_params *p, const srv_limits *lim,
                   srv_error *err);
void srv_scan_request_free(srv_scan_request *r);

/* The server configuration file (JSON): {"bind","port","threads","max_body",
 * "max_batch","max_query_len","max_connections","timeout","admin_token",
 * "threshold","limit","cache"}.  Fields not present keep their value in
 * *out; unknown keys and wrong types are errors. */
typedef struct srv_config {
    char bind[64];
    unsigned port;
    unsigned threads;        /* 0: number of cores */
    size_t max_body;
    size_t max_connections;
    unsigned timeout;        /* seconds of idle per connection */
    size_t cache;            /* result cache entries (0: off) */
    char admin_token[256];
    srv_limits limits;
} srv_config;

void srv_config_default(srv_config *c);
int srv_config_parse(srv_config *c, const char *bytes, size_t len, srv_error *err);

/* FtM schema name of an embargo schema ("Person", "Organization", "Vessel",
 * "Airplane", "LegalEntity"). */
const char *srv_ftm_schema(embargo_schema s);

#endif
