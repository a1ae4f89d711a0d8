/* arena.h - a region allocator: many small allocations, freed together.
 *
 * Ownership: an Arena owns every block it handed out; arena_free() frees
 * them all at once and leaves the arena empty and reusable. Nothing from
 * an arena is passed to free(). An Arena is a plain struct (ARENA_INIT),
 * embedded in its owner. Allocation aborts on out-of-memory, like xmalloc.
 */
#ifndef MINICF_BASE_ARENA_H
#define MINICF_BASE_ARENA_H

#include <stddef.h>

#include "base/vec.h"

typedef struct ArenaChunk ArenaChunk;

typedef struct {
    ArenaChunk *chunks; /* newest first */
    char *next;         /* free space in the newest chunk */
    size_t left;
} Arena;

#define ARENA_INIT { NULL, NULL, 0 }

/* n zeroed bytes, aligned for any object. */
void *arena_alloc(Arena *a, size_t n);
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);

/* vec_push() for a Vec whose array lives in the arena: the array grows by
 * doubling, into a new block (the old one is reclaimed with the arena). */
void arena_vec_push(Arena *a, Vec *v, void *item);

/* Moves every block of `from` into `to`; `from` is left empty. */
void arena_move(Arena *to, Arena *from);

void arena_free(Arena *a);

#endif
