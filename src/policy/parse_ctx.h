/* parse_ctx.h - state shared by the scanner and the parser of one file.
 * Internal to the front end (grammar/ and src/policy/parse.c).
 *
 * Ownership: a ParseCtx lives on policy_parse()'s stack; it owns `policy`
 * (the tree under construction) and `ns` until the parse ends. Token texts
 * and `guard` live in the policy's arena (`arena`), as the nodes that take
 * them do: nothing the scanner hands the parser is freed alone.
 */
#ifndef MINICF_POLICY_PARSE_CTX_H
#define MINICF_POLICY_PARSE_CTX_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/diag.h"
#include "policy/policy.h"

/* A token's text: unescaped for strings, as written otherwise; in the
 * policy's arena. No length: the parser has no use for one, and the
 * parser's stack copies a value at every step (16 bytes, not 24). */
typedef struct {
    char *s;
    char quote;
} TokText;

typedef struct {
    SourceFile *file;
    Diag *diag;
    unsigned errors;
    uint32_t offset;        /* the scanner's position */
    uint32_t noguard_end;   /* no class guard starts before this offset */
    Policy *policy;         /* the file's tree under construction */
    Arena *arena;           /* the policy's arena */
    char *ns;               /* namespace in force */
    Bundle *bundle;         /* block being parsed, or NULL */
    Section *section;
    Promise *promise;
    Body *body;
    char *guard;            /* class guard in force in the block (in the arena, shared by the nodes under it) */
    /* @if / @else / @endif */
    unsigned if_depth;      /* open @if blocks being read */
    uint32_t nul_at;        /* 1 + the offset of a NUL byte that ended the input; 0: none */
    bool lex_stopped;
    bool guard_quoted;      /* the guard in force was quoted ("..."::) */       /* the scanner met an error it cannot read past */
    unsigned fn_depth;      /* function calls open around the scanner */
    uint32_t if_offset;     /* the innermost open @if, for errors */
    Buf strbuf;             /* scratch for unescaping strings */
} ParseCtx;

void parse_error_at(ParseCtx *ctx, uint32_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void parse_warning_at(ParseCtx *ctx, uint32_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Evaluates the condition of an @if line ("minimum_version(3.7)", ...).
 * Returns 1 true, 0 false, -1 when it is not understood. */
int parse_macro_condition(const char *text, size_t len);

#endif
