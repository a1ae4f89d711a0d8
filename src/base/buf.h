/* buf.h - a growable byte string, always NUL-terminated.
 *
 * Ownership: a Buf is a value the caller embeds or allocates; buf_free()
 * releases its storage; buf_steal() hands the storage to the caller.
 */
#ifndef MINICF_BASE_BUF_H
#define MINICF_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
    char *data; /* NULL until the first append; buf_cstr() never is */
    size_t len;
    size_t cap;
} Buf;

#define BUF_INIT { NULL, 0, 0 }

/* Makes room for n more bytes (and the NUL) at once; the contents stay a
 * string ("" when nothing was written yet). */
void buf_reserve(Buf *b, size_t n);
void buf_append(Buf *b, const char *s, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
void buf_clear(Buf *b);
const char *buf_cstr(const Buf *b);
char *buf_steal(Buf *b);
void buf_free(Buf *b);

#endif
