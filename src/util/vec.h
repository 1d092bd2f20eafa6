/* vec.h - a growable array of fixed-size items (used by every builder). */
#ifndef EMB_VEC_H
#define EMB_VEC_H
#include <stddef.h>

typedef struct emb_vec {
    void *data;
    size_t len;   /* items */
    size_t cap;   /* items */
    size_t item;  /* bytes per item */
} emb_vec;

void emb_vec_init(emb_vec *v, size_t item_size);
void emb_vec_free(emb_vec *v);
/* Appends one zeroed item and returns it, or NULL on allocation failure. */
void *emb_vec_push(emb_vec *v);
/* Makes room for n more items; 0 or -1 on allocation failure. */
int emb_vec_reserve(emb_vec *v, size_t n);
#define EMB_VEC_AT(v, T, i) (((T *)(v)->data)[i])

#endif
