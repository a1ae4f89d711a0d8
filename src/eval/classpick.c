/* classpick.c - select_class and dist. */
#include "eval/classpick.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>

#include "base/alloc.h"

unsigned classpick_hash(const char *s)
{
    unsigned h = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h += *p;
        h += h << 10;
        h ^= h >> 6;
    }
    h += h << 3;
    h ^= h >> 11;
    h += h << 15;
    return h;
}

size_t classpick_select(const char *fqhost, const char *ipv4, unsigned long uid, size_t count)
{
    char *splay = xasprintf("%s+%s+%lu", fqhost, ipv4, uid);
    unsigned h = classpick_hash(splay);
    free(splay);
    return count ? h % count : 0;
}

long classpick_dist(const Value *weights)
{
    if (weights->type != VALUE_LIST || weights->unknown)
        return -1;
    long total = 0;
    for (size_t i = 0; i < weights->list.len; i++) {
        char *end;
        long w = strtol(weights->list.items[i], &end, 10);
        if (*end || w < 0)
            return -1;
        total += w;
    }
    if (total <= 0)
        return -1;
    unsigned long r = 0;
    if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
        r = (unsigned long)rand();
    long fluct = (long)(r % (unsigned long)total);
    for (size_t i = 0; i < weights->list.len; i++) {
        fluct -= strtol(weights->list.items[i], NULL, 10);
        if (fluct < 0)
            return (long)i;
    }
    return (long)weights->list.len - 1;
}
