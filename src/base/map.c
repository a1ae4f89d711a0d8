/* map.c - a hash map from strings to pointers (linear probing, FNV-1a). */
#include "base/map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

static uint64_t map_hash_n(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t map_hash(const char *s)
{
    return map_hash_n(s, strlen(s));
}

static MapEntry *map_slot(MapEntry *slots, size_t cap, const char *key)
{
    size_t i = (size_t)map_hash(key) & (cap - 1);
    while (slots[i].key && strcmp(slots[i].key, key) != 0)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static void map_grow(Map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 16;
    MapEntry *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            *map_slot(slots, cap, m->slots[i].key) = m->slots[i];
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
}

void *map_put(Map *m, const char *key, void *value)
{
    if ((m->len + 1) * 4 > m->cap * 3)
        map_grow(m);
    MapEntry *e = map_slot(m->slots, m->cap, key);
    if (e->key) {
        void *old = e->value;
        e->value = value;
        return old;
    }
    e->key = xstrdup(key);
    e->value = value;
    m->len++;
    return NULL;
}

void *map_get(const Map *m, const char *key)
{
    if (!m->len)
        return NULL;
    MapEntry *e = map_slot(m->slots, m->cap, key);
    return e->key ? e->value : NULL;
}

bool map_has(const Map *m, const char *key)
{
    return m->len && map_slot(m->slots, m->cap, key)->key != NULL;
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
    size_t i = (size_t)h & (m->cap - 1);
    for (; m->slots[i].key; i = (i + 1) & (m->cap - 1)) {
        const char *k = m->slots[i].key;
        if (strncmp(k, s, n) == 0 && k[n] == '\0')
            return m->slots[i].value;
    }
    return NULL;
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
