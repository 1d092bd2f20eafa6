/* strpool.h - interned, NUL-terminated strings in one growable byte pool.
 * Strings are referred to by 32-bit offsets so that the pool can be written
 * to an index file and mmap'd back unchanged.  Offset 0 is always "". */
#ifndef EMB_STRPOOL_H
#define EMB_STRPOOL_H
#include <stddef.h>
#include <stdint.h>

typedef struct emb_strpool {
    char *data;
    size_t len, cap;
    uint32_t *slots;   /* open addressing: offset+1, 0 = empty */
    size_t nslots, count;
} emb_strpool;

int emb_strpool_init(emb_strpool *p);
void emb_strpool_free(emb_strpool *p);
/* Interns s[0..n) and returns its offset; UINT32_MAX on allocation failure or
 * when the pool would pass 4 GiB. */
uint32_t emb_strpool_intern(emb_strpool *p, const char *s, size_t n);
uint32_t emb_strpool_add(emb_strpool *p, const char *s);
static inline const char *emb_strpool_get(const emb_strpool *p, uint32_t off) { return p->data + off; }

uint64_t emb_hash(const void *data, size_t n);

#endif
