/* strpool.c - string interning.  Names repeat a lot across lists (countries,
 * programs, identifier types), so interning keeps the model small. */
#include "strpool.h"
#include <stdlib.h>
#include <string.h>

uint64_t emb_hash(const void *data, size_t n)
{
    /* FNV-1a 64 with a final avalanche; fast enough for short strings. */
    const unsigned char *s = data;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) { h ^= s[i]; h *= 1099511628211ULL; }
    h ^= h >> 33; h *= 0xff51afd7ed558ccdULL; h ^= h >> 33;
    return h;
}

int emb_strpool_init(emb_strpool *p)
{
    memset(p, 0, sizeof *p);
    p->cap = 4096;
    p->data = malloc(p->cap);
    p->nslots = 1024;
    p->slots = calloc(p->nslots, sizeof *p->slots);
    if (!p->data || !p->slots) { emb_strpool_free(p); return -1; }
    p->data[0] = '\0';
    p->len = 1;
    return 0;
}

void emb_strpool_free(emb_strpool *p)
{
    free(p->data);
    free(p->slots);
    memset(p, 0, sizeof *p);
}

static int grow_slots(emb_strpool *p)
{
    size_t n = p->nslots * 2;
    uint32_t *s = calloc(n, sizeof *s);
    if (!s) return -1;
    for (size_t i = 0; i < p->nslots; i++) {
        uint32_t v = p->slots[i];
        if (!v) continue;
        const char *str = p->data + (v - 1);
        size_t j = emb_hash(str, strlen(str)) & (n - 1);
        while (s[j]) j = (j + 1) & (n - 1);
        s[j] = v;
    }
    free(p->slots);
    p->slots = s;
    p->nslots = n;
    return 0;
}

uint32_t emb_strpool_intern(emb_strpool *p, const char *s, size_t n)
{
    if (n == 0) return 0;
    if ((p->count + 1) * 2 > p->nslots && grow_slots(p) != 0) return UINT32_MAX;
    size_t j = emb_hash(s, n) & (p->nslots - 1);
    while (p->slots[j]) {
        const char *c = p->data + (p->slots[j] - 1);
        if (strncmp(c, s, n) == 0 && c[n] == '\0') return p->slots[j] - 1;
        j = (j + 1) & (p->nslots - 1);
    }
    if (p->len + n + 1 > (size_t)UINT32_MAX - 1) return UINT32_MAX;
    if (p->len + n + 1 > p->cap) {
        size_t cap = p->cap;
        while (cap < p->len + n + 1) cap *= 2;
        char *d = realloc(p->data, cap);
        if (!d) return UINT32_MAX;
        p->data = d;
        p->cap = cap;
    }
    uint32_t off = (uint32_t)p->len;
    memcpy(p->data + off, s, n);
    p->data[off + n] = '\0';
    p->len += n + 1;
    p->slots[j] = off + 1;
    p->count++;
    return off;
}

uint32_t emb_strpool_add(emb_strpool *p, const char *s)
{
    return emb_strpool_intern(p, s ? s : "", s ? strlen(s) : 0);
}
