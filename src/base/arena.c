/* arena.c - a region allocator: chunks carved from the front, freed together. */
#include "base/arena.h"

#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"

/* Chunks are 32 kB, less malloc's header, so that they stay in the heap
 * rather than each taking a mapping; larger requests get a chunk of their
 * own. */
#define ARENA_CHUNK (32u * 1024u - 64u)

struct ArenaChunk {
    ArenaChunk *next;
    alignas(max_align_t) char data[];
};

#define ARENA_ALIGN (alignof(max_align_t) < 16 ? alignof(max_align_t) : 16)

static char *chunk_new(Arena *a, size_t size, bool make_current)
{
    ArenaChunk *c = xmalloc(sizeof *c + size);
    if (make_current || !a->chunks) {
        c->next = a->chunks;
        a->chunks = c;
        a->next = c->data;
        a->left = size;
    } else {
        /* An oversized block: behind the current chunk, which keeps its space. */
        c->next = a->chunks->next;
        a->chunks->next = c;
    }
    return c->data;
}

void *arena_alloc(Arena *a, size_t n)
{
    /* a size that rounding up, or a chunk's header, would wrap round is
     * more than any heap holds: out of memory, as xmalloc says it */
    if (n > SIZE_MAX / 2) {
        static const char msg[] = "minicf: out of memory\n";
        ssize_t r = write(STDERR_FILENO, msg, sizeof msg - 1);
        (void)r;
        abort();
    }
    size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (need == 0)
        need = ARENA_ALIGN;
    if (need > a->left) {
        if (need > ARENA_CHUNK / 4) {
            char *p = chunk_new(a, need, false);
            if (a->chunks && a->next == p) { /* it became the current chunk: use it up */
                a->next += need;
                a->left = 0;
            }
            memset(p, 0, need);
            return p;
        }
        chunk_new(a, ARENA_CHUNK, true);
    }
    char *p = a->next;
    a->next += need;
    a->left -= need;
    memset(p, 0, need);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    /* Strings need no alignment: they are packed from the same chunk,
     * and the next aligned request pads after them. */
    char *p;
    if (n + 1 <= a->left) {
        p = a->next;
        a->next += n + 1;
        a->left -= n + 1;
        size_t pad = (size_t)(-(uintptr_t)a->next & (ARENA_ALIGN - 1));
        if (pad <= a->left) {
            a->next += pad;
            a->left -= pad;
        } else {
            a->left = 0;
        }
    } else {
        p = arena_alloc(a, n + 1);
    }
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(Arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

void arena_vec_push(Arena *a, Vec *v, void *item)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 2;
        void **items = arena_alloc(a, cap * sizeof *items);
        if (v->len)
            memcpy(items, v->items, v->len * sizeof *items);
        v->items = items;
        v->cap = cap;
    }
    v->items[v->len++] = item;
}

void arena_move(Arena *to, Arena *from)
{
    if (!from->chunks)
        return;
    /* `to` keeps its current chunk (and its free space) first. */
    ArenaChunk *last = from->chunks;
    while (last->next)
        last = last->next;
    if (to->chunks) {
        last->next = to->chunks->next;
        to->chunks->next = from->chunks;
    } else {
        *to = *from;
    }
    *from = (Arena)ARENA_INIT;
}

void arena_free(Arena *a)
{
    for (ArenaChunk *c = a->chunks, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    *a = (Arena)ARENA_INIT;
}
