/* vec.c - growable arrays; doubling growth keeps appends amortized O(1). */
#include "vec.h"
#include <stdlib.h>
#include <string.h>

void emb_vec_init(emb_vec *v, size_t item_size)
{
    v->data = NULL;
    v->len = v->cap = 0;
    v->item = item_size;
}

void emb_vec_free(emb_vec *v)
{
    free(v->data);
    v->data = NULL;
    v->len = v->cap = 0;
}

int emb_vec_reserve(emb_vec *v, size_t n)
{
    if (v->len + n <= v->cap) return 0;
    size_t cap = v->cap ? v->cap : 16;
    while (cap < v->len + n) cap *= 2;
    void *d = realloc(v->data, cap * v->item);
    if (!d) return -1;
    v->data = d;
    v->cap = cap;
    return 0;
}

void *emb_vec_push(emb_vec *v)
{
    if (emb_vec_reserve(v, 1) != 0) return NULL;
    void *p = (char *)v->data + v->len * v->item;
    memset(p, 0, v->item);
    v->len++;
    return p;
}
