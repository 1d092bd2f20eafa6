/* file.c - whole-file reads.  Lists are at most tens of MB, so parsers work
 * on one buffer; gzip is inflated with zlib so .csv.gz lists load as-is. */
#include "file.h"
#include "error.h"
#include <ctype.h>
#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

char *emb_strndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static int read_raw(const char *path, char **data, size_t *len, embargo_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) return emb_error_set(err, EMBARGO_EIO, path, 0, NULL, "cannot open: %s", strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf) { fclose(f); return emb_error_set(err, EMBARGO_ENOMEM, path, 0, NULL, "out of memory"); }
    for (;;) {
        if (n == cap) {
            cap *= 2;
            char *b = realloc(buf, cap + 1);
            if (!b) { free(buf); fclose(f); return emb_error_set(err, EMBARGO_ENOMEM, path, 0, NULL, "out of memory"); }
            buf = b;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) { free(buf); return emb_error_set(err, EMBARGO_EIO, path, 0, NULL, "read error"); }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

static int inflate_gz(const char *path, const char *in, size_t n, char **data, size_t *len,
                      embargo_error *err)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
        return emb_error_set(err, EMBARGO_ENOMEM, path, 0, NULL, "zlib init failed");
    size_t cap = n * 4 + 1024, out = 0;
    char *buf = malloc(cap + 1);
    if (!buf) { inflateEnd(&zs); return emb_error_set(err, EMBARGO_ENOMEM, path, 0, NULL, "out of memory"); }
    zs.next_in = (Bytef *)in;
    zs.avail_in = (uInt)n;
    int rc;
    do {
        if (out == cap) {
            cap *= 2;
            char *b = realloc(buf, cap + 1);
            if (!b) { free(buf); inflateEnd(&zs); return emb_error_set(err, EMBARGO_ENOMEM, path, 0, NULL, "out of memory"); }
            buf = b;
        }
        zs.next_out = (Bytef *)buf + out;
        zs.avail_out = (uInt)(cap - out);
        rc = inflate(&zs, Z_NO_FLUSH);
        out = cap - zs.avail_out;
        if (rc == Z_STREAM_END && zs.avail_in > 0) {
            /* concatenated gzip members */
            inflateReset(&zs);
            rc = Z_OK;
        }
    } while (rc == Z_OK || (rc == Z_BUF_ERROR && out == cap));
    inflateEnd(&zs);
    if (rc != Z_STREAM_END) {
        free(buf);
        return emb_error_set(err, EMBARGO_EPARSE, path, 0, NULL, "truncated or corrupt gzip data");
    }
    buf[out] = '\0';
    *data = buf;
    *len = out;
    return 0;
}

int emb_file_read(const char *path, char **data, size_t *len, embargo_error *err)
{
    char *raw;
    size_t n;
    int rc = read_raw(path, &raw, &n, err);
    if (rc) return rc;
    if (n >= 2 && (unsigned char)raw[0] == 0x1f && (unsigned char)raw[1] == 0x8b) {
        rc = inflate_gz(path, raw, n, data, len, err);
        free(raw);
        return rc;
    }
    *data = raw;
    *len = n;
    return 0;
}

void emb_sha256_hex(const void *data, size_t n, char out[65])
{
    unsigned char md[32];
    unsigned int mdlen = 0;
    EVP_Digest(data, n, md, &mdlen, EVP_sha256(), NULL);
    for (unsigned i = 0; i < 32; i++) sprintf(out + 2 * i, "%02x", md[i]);
    out[64] = '\0';
}

int emb_file_sha256(const char *path, char out[65], embargo_error *err)
{
    char *raw;
    size_t n;
    int rc = read_raw(path, &raw, &n, err);
    if (rc) return rc;
    emb_sha256_hex(raw, n, out);
    free(raw);
    return 0;
}

size_t emb_utf8_prefix(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) { i++; continue; }
        size_t k;
        unsigned cp;
        if (c >= 0xc2 && c <= 0xdf) { k = 1; cp = c & 0x1f; }
        else if (c >= 0xe0 && c <= 0xef) { k = 2; cp = c & 0x0f; }
        else if (c >= 0xf0 && c <= 0xf4) { k = 3; cp = c & 0x07; }
        else return i;
        if (i + k >= n) return i;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xc0) != 0x80) return i;
            cp = (cp << 6) | (s[i + j] & 0x3f);
        }
        if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return i;
        i += k + 1;
    }
    return n;
}

int emb_utf8_valid(const char *s, size_t n) { return emb_utf8_prefix(s, n) == n; }

int emb_utf8_check(const char *path, const char *data, size_t n, const char *why, embargo_error *err)
{
    size_t bad = emb_utf8_prefix(data, n);
    if (bad == n) return 0;
    size_t line = 1, col = 1;
    for (size_t i = 0; i < bad; i++) {
        if (data[i] == '\n') { line++; col = 1; }
        else col++;
    }
    return emb_error_set(err, EMBARGO_EUTF8, path, line, NULL, "not valid UTF-8: byte 0x%02x at byte %zu of the line%s%s",
                         (unsigned)(unsigned char)data[bad], col, why ? " " : "", why ? why : "");
}

char *emb_trim(char *s)
{
    char *p = s;
    while (*p && isspace((unsigned char)*p)) p++;
    size_t n = strlen(p);
    while (n && isspace((unsigned char)p[n - 1])) n--;
    memmove(s, p, n);
    s[n] = '\0';
    return s;
}

int emb_istarts(const char *s, const char *prefix)
{
    while (*prefix) {
        if (tolower((unsigned char)*s) != tolower((unsigned char)*prefix)) return 0;
        s++, prefix++;
    }
    return 1;
}

int emb_list_has(const char *list, const char *item)
{
    if (!list || !*list) return 1;
    size_t n = strlen(item);
    const char *p = list;
    while (*p) {
        const char *c = strchr(p, ',');
        size_t k = c ? (size_t)(c - p) : strlen(p);
        if (k == n && strncmp(p, item, n) == 0) return 1;
        if (!c) break;
        p = c + 1;
    }
    return 0;
}

size_t emb_id_canon(const char *v, char *out, size_t cap)
{
    size_t o = 0;
    for (; *v && o + 1 < cap; v++) {
        char c = *v;
        if (c >= 'a' && c <= 'z') c = (char)(c - 32);
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out[o++] = c;
    }
    out[o] = '\0';
    return o;
}
