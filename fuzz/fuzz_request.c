/* fuzz_request.c - the server's request parsing (src/server/request.c) on
 * arbitrary bytes, without a socket.  The first byte picks the parser:
 * 'G' a query string for GET /v1/screen, 'P' a POST /v1/screen body, 'M' a
 * yente /match body (with the query string before the first newline), 'C' a
 * config file, 'S' a scan body. */
#include "server/request.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const char *b = (const char *)data + 1;
    size_t n = size - 1;
    srv_limits lim;
    srv_limits_default(&lim);
    lim.max_batch = 64;
    srv_error err;
    srv_params p = {0};
    srv_request r = {0};
    switch (data[0]) {
    case 'G':
        if (srv_params_parse(&p, b, n, &err) == 0) srv_parse_screen_get(&r, &p, &lim, &err);
        break;
    case 'P':
        srv_parse_screen_post(&r, b, n, NULL, &lim, &err);
        break;
    case 'M': {
        const char *nl = memchr(b, '\n', n);
        size_t qn = nl ? (size_t)(nl - b) : 0;
        if (srv_params_parse(&p, b, qn, &err) == 0)
            srv_parse_match(&r, "default", nl ? nl + 1 : b, nl ? n - qn - 1 : n, &p, &lim, &err);
        break;
    }
    case 'C': {
        srv_config c;
        srv_config_default(&c);
        srv_config_parse(&c, b, n, &err);
        break;
    }
    case 'S': {
        srv_scan_request sr;
        srv_parse_scan(&sr, b, n, NULL, &lim, &err);
        srv_scan_request_free(&sr);
        break;
    }
    default: break;
    }
    srv_request_free(&r);
    srv_params_free(&p);
    return 0;
}
