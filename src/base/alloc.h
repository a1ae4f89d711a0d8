/* alloc.h - allocation wrappers that abort on out-of-memory.
 *
 * Ownership: every function returns memory the caller owns and frees with
 * free(). None returns NULL.
 */
#ifndef MINICF_BASE_ALLOC_H
#define MINICF_BASE_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* a[0..an) followed by b[0..bn): xasprintf("%.*s%.*s") without the cost
 * of formatting, for the paths that build names often. */
char *xconcat(const char *a, size_t an, const char *b, size_t bn);

/* The strings given, up to a NULL, one after the other. */
char *xstrjoin(const char *first, ...) __attribute__((sentinel));
/* xstrjoin() into buf (of size bytes) when the result fits, else into an
 * allocation: the caller frees the result unless it is buf. For keys that
 * are looked up and dropped. */
char *xstrjoin_in(char *buf, size_t size, const char *first, ...) __attribute__((sentinel));

#endif
