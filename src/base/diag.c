/* diag.c - source files and diagnostics about them. */
#include "base/diag.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/alloc.h"
#include "base/buf.h"

SourceFile *srcfile_new(const char *path, char *text, size_t len)
{
    SourceFile *f = xcalloc(1, sizeof *f);
    f->path = xstrdup(path);
    f->text = text;
    f->len = len;
    return f;
}

void srcfile_free(SourceFile *f)
{
    if (!f)
        return;
    free(f->path);
    free(f->text);
    free(f->line_starts);
    free(f);
}

static void srcfile_index_lines(SourceFile *f)
{
    size_t n = 1;
    for (size_t i = 0; i < f->len; i++)
        if (f->text[i] == '\n')
            n++;
    f->line_starts = xmalloc(n * sizeof *f->line_starts);
    f->line_starts[0] = 0;
    size_t k = 1;
    for (size_t i = 0; i < f->len; i++)
        if (f->text[i] == '\n')
            f->line_starts[k++] = i + 1;
    f->n_lines = n;
}

void srcfile_linecol(SourceFile *f, size_t offset, unsigned *line, unsigned *col)
{
    if (!f->line_starts)
        srcfile_index_lines(f);
    if (offset > f->len)
        offset = f->len;
    size_t lo = 0, hi = f->n_lines; /* last start <= offset */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    *line = (unsigned)(lo + 1);
    *col = (unsigned)(offset - f->line_starts[lo] + 1);
}

static const char *diag_word(DiagSeverity sev)
{
    return sev == DIAG_ERROR ? "error" : "warning";
}

/* Counts the message; false when it is over the cap and must not be shown. */
static bool diag_count(Diag *d, DiagSeverity sev)
{
    unsigned cap = d->max_errors ? d->max_errors : 50;
    if (sev == DIAG_WARNING) {
        d->warnings++;
        return d->errors < cap;
    }
    d->errors++;
    if (d->errors <= cap)
        return true;
    if (!d->capped) {
        d->capped = true;
        Buf b = BUF_INIT;
        buf_printf(&b, "error: too many errors (%u), giving up on showing more\n", cap);
        if (d->fn)
            d->fn(d->userdata, DIAG_ERROR, buf_cstr(&b));
        else
            fputs(buf_cstr(&b), stderr);
        buf_free(&b);
    }
    return false;
}

static void diag_emit(Diag *d, DiagSeverity sev, Buf *b)
{
    if (d->fn)
        d->fn(d->userdata, sev, buf_cstr(b));
    else
        fputs(buf_cstr(b), stderr);
}

/* At most this many bytes of a source line are shown under a message. */
#define DIAG_LINE_WINDOW 500

static bool utf8_continuation(char c)
{
    return ((unsigned char)c & 0xc0) == 0x80;
}

void diag_vat(Diag *d, DiagSeverity sev, SourceFile *f, size_t offset, const char *fmt, va_list ap)
{
    if (!diag_count(d, sev))
        return;
    unsigned line, col;
    srcfile_linecol(f, offset, &line, &col);
    Buf b = BUF_INIT;
    buf_printf(&b, "%s:%u:%u: %s: ", f->path, line, col, diag_word(sev));
    buf_vprintf(&b, fmt, ap);
    buf_putc(&b, '\n');
    /* The source line, then a caret under the column; tabs are kept so the
     * caret lines up in a terminal, and a UTF-8 character takes one
     * column. A long line is shown in part: a window around the column,
     * cut at character boundaries, with "..." where it was cut. */
    size_t start = f->line_starts[line - 1];
    size_t end = start;
    while (end < f->len && f->text[end] != '\n')
        end++;
    size_t at = start + col - 1 < end ? start + col - 1 : end;
    size_t from = start;
    if (at - start > DIAG_LINE_WINDOW / 2)
        from = at - DIAG_LINE_WINDOW / 4;
    while (from > start && from < end && utf8_continuation(f->text[from]))
        from--;
    size_t to = end - from > DIAG_LINE_WINDOW ? from + DIAG_LINE_WINDOW : end;
    while (to < end && to > from && utf8_continuation(f->text[to]))
        to--;
    const char *cut = "...";
    if (from > start)
        buf_puts(&b, cut);
    for (size_t i = from; i < to; i++) {
        unsigned char c = (unsigned char)f->text[i];
        buf_putc(&b, (c < 0x20 && c != '\t') || c == 0x7f ? '?' : (char)c);
    }
    if (to < end)
        buf_puts(&b, cut);
    buf_putc(&b, '\n');
    if (from > start)
        buf_puts(&b, "   ");
    for (size_t i = from; i < at && i < to; i++) {
        char c = f->text[i];
        if (!utf8_continuation(c))
            buf_putc(&b, c == '\t' ? '\t' : ' ');
    }
    buf_puts(&b, "^\n");
    diag_emit(d, sev, &b);
    buf_free(&b);
}

void diag_at(Diag *d, DiagSeverity sev, SourceFile *f, size_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vat(d, sev, f, offset, fmt, ap);
    va_end(ap);
}

void diag_file(Diag *d, DiagSeverity sev, const char *path, const char *fmt, ...)
{
    if (!diag_count(d, sev))
        return;
    Buf b = BUF_INIT;
    if (path)
        buf_printf(&b, "%s: ", path);
    buf_printf(&b, "%s: ", diag_word(sev));
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    buf_putc(&b, '\n');
    diag_emit(d, sev, &b);
    buf_free(&b);
}
