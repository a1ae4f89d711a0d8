/* map.c - a hash map from strings to pointers (linear probing, FNV-1a). */
#include "base/map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

/* FNV-1a. Iteration follows the slots, so the order of what walks a map
 * (arrays made containers, for one) depends on this function: changing
 * it changes output. */
#define FNV_STEP(h, c) (((h) ^ (unsigned char)(c)) * 1099511628211ULL)

static uint64_t map_hash_n(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    size_t i = 0;
    /* four bytes a round: the loop's own work was a third of hashing */
    for (; i + 4 <= n; i += 4) {
        h = FNV_STEP(h, s[i]);
        h = FNV_STEP(h, s[i + 1]);
        h = FNV_STEP(h, s[i + 2]);
        h = FNV_STEP(h, s[i + 3]);
    }
    for (; i < n; i++)
        h = FNV_STEP(h, s[i]);
    return h;
}

/* The slot of the key s[0..n) hashed to h: its own, or the free one where
 * it would go. */
static MapEntry *map_slot(MapEntry *slots, size_t cap, const char *s, size_t n, uint64_t h)
{
    size_t i = (size_t)h & (cap - 1);
    while (slots[i].key && (slots[i].hash != h || strncmp(slots[i].key, s, n) != 0 || slots[i].key[n] != '\0'))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static void map_grow(Map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 16;
    MapEntry *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < m->cap; i++) {
        if (m->slots[i].key) {
            size_t k = (size_t)m->slots[i].hash & (cap - 1);
            while (slots[k].key)
                k = (k + 1) & (cap - 1);
            slots[k] = m->slots[i];
        }
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
}

void *map_put(Map *m, const char *key, void *value)
{
    if ((m->len + 1) * 4 > m->cap * 3)
        map_grow(m);
    size_t n = strlen(key);
    uint64_t h = map_hash_n(key, n);
    MapEntry *e = map_slot(m->slots, m->cap, key, n, h);
    if (e->key) {
        void *old = e->value;
        e->value = value;
        return old;
    }
    e->key = xstrndup(key, n);
    e->value = value;
    e->hash = h;
    m->len++;
    return NULL;
}

bool map_add(Map *m, const char *key, void *value)
{
    size_t n = strlen(key);
    uint64_t h = map_hash_n(key, n);
    if (m->len && map_slot(m->slots, m->cap, key, n, h)->key)
        return false;
    if ((m->len + 1) * 4 > m->cap * 3)
        map_grow(m);
    MapEntry *e = map_slot(m->slots, m->cap, key, n, h);
    e->key = xstrndup(key, n);
    e->value = value;
    e->hash = h;
    m->len++;
    return true;
}

void *map_get(const Map *m, const char *key)
{
    return m->len ? map_get_n(m, key, strlen(key)) : NULL;
}

bool map_has(const Map *m, const char *key)
{
    if (!m->len)
        return false;
    size_t n = strlen(key);
    return map_slot(m->slots, m->cap, key, n, map_hash_n(key, n))->key != NULL;
}

bool map_next(const Map *m, size_t *i, const MapEntry **e)
{
    for (; *i < m->cap; (*i)++) {
        if (m->slots[*i].key) {
            *e = &m->slots[(*i)++];
            return true;
        }
    }
    return false;
}

uint64_t map_hash_key(const char *s, size_t n)
{
    return map_hash_n(s, n);
}

void *map_get_n(const Map *m, const char *s, size_t n)
{
    return m->len ? map_get_hashed(m, s, n, map_hash_n(s, n)) : NULL;
}

void *map_get_hashed(const Map *m, const char *s, size_t n, uint64_t h)
{
    if (!m->len)
        return NULL;
    MapEntry *e = map_slot(m->slots, m->cap, s, n, h);
    return e->key ? e->value : NULL;
}

void map_clear(Map *m, void (*value_free)(void *))
{
    if (!m->len)
        return;
    for (size_t i = 0; i < m->cap; i++) {
        if (m->slots[i].key) {
            free(m->slots[i].key);
            if (value_free)
                value_free(m->slots[i].value);
        }
    }
    memset(m->slots, 0, m->cap * sizeof *m->slots);
    m->len = 0;
}

void map_free(Map *m, void (*value_free)(void *))
{
    for (size_t i = 0; i < m->cap; i++) {
        if (m->slots[i].key) {
            free(m->slots[i].key);
            if (value_free)
                value_free(m->slots[i].value);
        }
    }
    free(m->slots);
    m->slots = NULL;
    m->cap = m->len = 0;
}
