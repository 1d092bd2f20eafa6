/* csv.c - CSV records.  Every list in CSV form goes through here, so the
 * corner cases (quotes, CRLF, 0x1A, BOM) are handled once. */
#include "lists/csv.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void emb_csv_init(emb_csv *c, const char *data, size_t len, char sep)
{
    memset(c, 0, sizeof *c);
    c->p = data;
    c->end = data + len;
    c->sep = sep;
    c->next_line = 1;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) c->p += 3;
}

void emb_csv_free(emb_csv *c)
{
    free(c->buf);
    free(c->fields);
    c->buf = NULL;
    c->fields = NULL;
}

static int put(emb_csv *c, size_t *o, char ch)
{
    if (*o + 1 >= c->buf_cap) {
        size_t cap = c->buf_cap ? c->buf_cap * 2 : 4096;
        char *b = realloc(c->buf, cap);
        if (!b) return -1;
        c->buf = b;
        c->buf_cap = cap;
    }
    c->buf[(*o)++] = ch;
    return 0;
}

int emb_csv_next(emb_csv *c)
{
    /* skip a trailing DOS EOF marker and blank trailing lines */
    while (c->p < c->end && (*c->p == 0x1a || ((*c->p == '\r' || *c->p == '\n') && 0))) c->p++;
    if (c->p >= c->end) return 0;
    c->line = c->next_line;
    c->bad_quote = 0;
    size_t o = 0;
    size_t starts_cap = 64, nstart = 0;
    size_t *starts = malloc(starts_cap * sizeof *starts);
    if (!starts) return -1;
    starts[nstart++] = 0;
    int inq = 0, was_quoted = 0;
    const char *p = c->p;
    for (;;) {
        if (p >= c->end) {
            if (inq) c->bad_quote = 1;
            break;
        }
        char ch = *p++;
        if (inq) {
            if (ch == '"') {
                if (p < c->end && *p == '"') { if (put(c, &o, '"')) goto oom; p++; }
                else inq = 0;
            } else {
                if (ch == '\n') c->next_line++;
                if (put(c, &o, ch)) goto oom;
            }
            continue;
        }
        if (ch == '"') {
            /* a quote opens a quoted section only at the start of a field;
             * elsewhere it is kept literally (and noted) */
            size_t fstart = starts[nstart - 1];
            int at_start = 1;
            for (size_t k = fstart; k < o; k++) if (!isspace((unsigned char)c->buf[k])) { at_start = 0; break; }
            if (at_start && !was_quoted) { o = fstart; inq = 1; was_quoted = 1; continue; }
            c->bad_quote = 1;
            if (put(c, &o, ch)) goto oom;
            continue;
        }
        if (ch == c->sep) {
            if (put(c, &o, '\0')) goto oom;
            if (nstart == starts_cap) {
                starts_cap *= 2;
                size_t *s2 = realloc(starts, starts_cap * sizeof *s2);
                if (!s2) goto oom;
                starts = s2;
            }
            starts[nstart++] = o;
            was_quoted = 0;
            continue;
        }
        if (ch == '\r' && p < c->end && *p == '\n') continue;
        if (ch == '\n' || ch == '\r') { c->next_line++; break; }
        if (ch == 0x1a && p >= c->end) break;
        if (put(c, &o, ch)) goto oom;
    }
    if (put(c, &o, '\0')) goto oom;
    c->p = p;
    if (nstart > c->fields_cap) {
        char **f = realloc(c->fields, nstart * sizeof *f);
        if (!f) goto oom;
        c->fields = f;
        c->fields_cap = nstart;
    }
    for (size_t i = 0; i < nstart; i++) c->fields[i] = c->buf + starts[i];
    c->n_fields = nstart;
    free(starts);
    return 1;
oom:
    free(starts);
    return -1;
}

int emb_csv_col(const emb_csv *c, const char *name)
{
    for (size_t i = 0; i < c->n_fields; i++) {
        const char *f = c->fields[i];
        while (isspace((unsigned char)*f)) f++;
        size_t n = strlen(f);
        while (n && isspace((unsigned char)f[n - 1])) n--;
        if (n == strlen(name) && strncasecmp(f, name, n) == 0) return (int)i;
    }
    return -1;
}
