/* alloc.c - allocation wrappers that abort on out-of-memory. */
#include "base/alloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void oom(void)
{
    static const char msg[] = "minicf: out of memory\n";
    ssize_t r = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)r;
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

/* Small blocks are taken with malloc and cleared here: glibc's calloc
 * does not use the per-thread cache that malloc does, and took twice
 * as long for the Values and nodes allocated most. */
void *xcalloc(size_t count, size_t size)
{
    if (!count)
        count = 1;
    if (!size)
        size = 1;
    if (size > SIZE_MAX / count)
        oom();
    size_t n = count * size;
    if (n > 1024) {
        void *p = calloc(count, size); /* large: fresh pages come zeroed */
        if (!p)
            oom();
        return p;
    }
    void *p = xmalloc(n);
    memset(p, 0, n);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom();
    return q;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xconcat(const char *a, size_t an, const char *b, size_t bn)
{
    char *p = xmalloc(an + bn + 1);
    memcpy(p, a, an);
    memcpy(p + an, b, bn);
    p[an + bn] = '\0';
    return p;
}

/* The strings from first to the NULL that ends ap, joined into buf when
 * they fit in its size bytes, else into a new block. */
static char *join_into(char *buf, size_t size, const char *first, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    size_t n = 0;
    for (const char *s = first; s; s = va_arg(ap, const char *))
        n += strlen(s);
    char *p = n < size ? buf : xmalloc(n + 1), *q = p;
    for (const char *s = first; s; s = va_arg(again, const char *)) {
        size_t k = strlen(s);
        memcpy(q, s, k);
        q += k;
    }
    va_end(again);
    *q = '\0';
    return p;
}

char *xstrjoin(const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    char *p = join_into(NULL, 0, first, ap);
    va_end(ap);
    return p;
}

char *xstrjoin_in(char *buf, size_t size, const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    char *p = join_into(buf, size, first, ap);
    va_end(ap);
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;
    va_start(ap, fmt);
    int r = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (r < 0)
        oom();
    return s;
}
