/* diag.h - source files and diagnostics about them.
 *
 * A SourceFile holds one file's text; locations elsewhere are byte offsets
 * into it, turned into line and column only when a message is printed.
 * A Diag collects diagnostics and hands each formatted message to a
 * callback, so tests can capture them and the programs print them.
 *
 * Ownership: srcfile_new() copies path and takes ownership of text (which
 * must be NUL-terminated at text[len]); srcfile_free() frees both. A Diag is
 * a value owned by its creator; it owns nothing.
 */
#ifndef MINICF_BASE_DIAG_H
#define MINICF_BASE_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *path;          /* as named to the user */
    char *text;          /* NUL-terminated contents */
    size_t len;
    size_t *line_starts; /* computed on first use */
    size_t n_lines;
} SourceFile;

SourceFile *srcfile_new(const char *path, char *text, size_t len);
void srcfile_free(SourceFile *f);

/* 1-based line and column of a byte offset (column counts bytes). */
void srcfile_linecol(SourceFile *f, size_t offset, unsigned *line, unsigned *col);

typedef enum { DIAG_ERROR, DIAG_WARNING } DiagSeverity;

/* Receives each complete message (one or more lines, ending in '\n'). */
typedef void (*DiagFn)(void *userdata, DiagSeverity sev, const char *message);

typedef struct {
    DiagFn fn;       /* NULL: print to stderr */
    void *userdata;
    unsigned errors;   /* every error, including those over the cap */
    unsigned warnings;
    unsigned max_errors; /* errors shown at most; 0 means the default, 50 */
    bool capped;         /* the cap was reached and said so */
} Diag;

#define DIAG_INIT { NULL, NULL, 0, 0, 0, false }

/* `path:line:col: error: message`, the source line and a caret under the
 * column of `offset`. */
void diag_at(Diag *d, DiagSeverity sev, SourceFile *f, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void diag_vat(Diag *d, DiagSeverity sev, SourceFile *f, size_t offset, const char *fmt, va_list ap);

/* `path: error: message` with no position; path may be NULL. */
void diag_file(Diag *d, DiagSeverity sev, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
