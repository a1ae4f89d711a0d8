/* vec.c - a growable array of pointers. */
#include "base/vec.h"

#include <stdlib.h>

#include "base/alloc.h"

void vec_push(Vec *v, void *item)
{
    if (v->len == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 4;
        v->items = xrealloc(v->items, v->cap * sizeof *v->items);
    }
    v->items[v->len++] = item;
}

void *vec_get(const Vec *v, size_t i)
{
    return i < v->len ? v->items[i] : NULL;
}

void vec_free(Vec *v, void (*item_free)(void *))
{
    if (item_free)
        for (size_t i = 0; i < v->len; i++)
            item_free(v->items[i]);
    free(v->items);
    v->items = NULL;
    v->len = v->cap = 0;
}
