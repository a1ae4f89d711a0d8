/* map.h - a hash map from strings to pointers (open addressing).
 *
 * Ownership: the Map copies its keys and owns the copies; it does not own
 * the values (map_free() takes an optional destructor for them).
 */
#ifndef MINICF_BASE_MAP_H
#define MINICF_BASE_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    char *key;
    void *value;
    uint64_t hash; /* of key: probing compares it first, growing reuses it */
} MapEntry;

typedef struct {
    MapEntry *slots;
    size_t cap; /* 0 or a power of two */
    size_t len;
} Map;

#define MAP_INIT { NULL, 0, 0 }

/* Inserts or replaces; returns the previous value or NULL. */
void *map_put(Map *m, const char *key, void *value);
/* Inserts key unless it is there; false (and nothing changed) when it is. */
bool map_add(Map *m, const char *key, void *value);
void *map_get(const Map *m, const char *key);
bool map_has(const Map *m, const char *key);
void map_free(Map *m, void (*value_free)(void *));

/* Empties the map (as map_free) but keeps its slots for what comes next. */
void map_clear(Map *m, void (*value_free)(void *));

/* map_get() of the key s[0..n), which need not be NUL-terminated. */
void *map_get_n(const Map *m, const char *s, size_t n);

/* The same key looked up in several maps is hashed once: h is
 * map_hash_key(s, n). */
uint64_t map_hash_key(const char *s, size_t n);
void *map_get_hashed(const Map *m, const char *s, size_t n, uint64_t h);

/* Iteration: for (size_t i = 0; map_next(m, &i, &e);) ... */
bool map_next(const Map *m, size_t *i, const MapEntry **e);

#endif
