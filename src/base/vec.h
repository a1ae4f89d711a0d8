/* vec.h - a growable array of pointers.
 *
 * Ownership: the Vec owns its array, not the elements; vec_free() takes
 * an optional destructor for them.
 */
#ifndef MINICF_BASE_VEC_H
#define MINICF_BASE_VEC_H

#include <stddef.h>

typedef struct {
    void **items;
    size_t len;
    size_t cap;
} Vec;

#define VEC_INIT { NULL, 0, 0 }

void vec_push(Vec *v, void *item);
void *vec_get(const Vec *v, size_t i);
void vec_free(Vec *v, void (*item_free)(void *));

#endif
