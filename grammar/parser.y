/* parser.y - the grammar of CFEngine 3 policy files.
 *
 * A pure parser: its state is a ParseCtx. The actions build the promise
 * graph of one file into ctx->policy, which policy_parse() hands back only
 * when no error was found. Error recovery skips to the next ';' inside a
 * block, or to the end of a block, so every error in a file is reported.
 */
%require "3.6"
%define api.pure full
%define parse.error custom
%define api.prefix {cf_yy}
%locations
%expect 0
%param {void *scanner}
%parse-param {ParseCtx *ctx}

%code requires {
#include "policy/parse_ctx.h"
#define CF_YYLTYPE SrcSpan
#define CF_YYLTYPE_IS_DECLARED 1
}

%code provides {
int cf_yylex(CF_YYSTYPE *lval, CF_YYLTYPE *lloc, void *scanner);
}

%code {
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

#define YYLLOC_DEFAULT(Cur, Rhs, N)                         \
    do {                                                    \
        if (N) {                                            \
            (Cur).start = YYRHSLOC(Rhs, 1).start;           \
            (Cur).end = YYRHSLOC(Rhs, N).end;               \
        } else {                                            \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end; \
        }                                                   \
    } while (0)

/* The parser's stack, in symbols; deeper input is refused, not crashed on. */
#define YYMAXDEPTH 10000
#define PARSE_MAX_FN_DEPTH 10u

static void cf_yyerror(CF_YYLTYPE *loc, void *scanner, ParseCtx *ctx, const char *msg)
{
    (void)scanner;
    if (strcmp(msg, "memory exhausted") == 0)
        parse_error_at(ctx, loc->end, "Nesting too deep for the parser (over %d levels); the file is not read further",
                       YYMAXDEPTH);
    else
        parse_error_at(ctx, loc->end, "%s", msg);
}

/* guard is in the arena: the promises and attributes under it share it. */
static void set_guard(ParseCtx *ctx, char *guard)
{
    ctx->guard = guard;
}

static Rval *make_rval(ParseCtx *ctx, RvalKind kind, TokText *t, SrcSpan span)
{
    Rval *r = rval_new_owned(ctx->arena, kind, t->s, span);
    r->quote = t->quote;
    t->s = NULL;
    return r;
}

static void begin_block_guard(ParseCtx *ctx)
{
    set_guard(ctx, arena_strdup(ctx->arena, "any"));
    ctx->guard_quoted = false;
}

static void end_body(ParseCtx *ctx)
{
    Body *b = ctx->body;
    ctx->body = NULL;
    if (!b || b->kind != BODY_KIND_BODY || strcmp(b->type, "file") != 0 || strcmp(b->name, "control") != 0)
        return;
    /* `namespace` in body file control applies to the rest of the file. */
    const Constraint *c = body_get(b, "namespace");
    if (c && c->rval->kind == RVAL_STRING) {
        free(ctx->ns);
        ctx->ns = xstrdup(c->rval->str);
    }
}

static void add_attribute(ParseCtx *ctx, TokText *lval, SrcSpan span, Rval *rval)
{
    Constraint *c = constraint_new_owned(ctx->arena, lval->s, rval, ctx->guard, span);
    lval->s = NULL;
    if (ctx->promise) {
        c->promise = ctx->promise;
        arena_vec_push(ctx->arena, &ctx->promise->constraints, c);
    } else if (ctx->body) {
        c->body = ctx->body;
        arena_vec_push(ctx->arena, &ctx->body->constraints, c);
    } /* else dropped: the arena reclaims it with the policy */
}
}

%union {
    TokText text;
    Rval *rval;
}

%token BUNDLE "bundle" BODY "body" PROMISE "promise"
%token FAT_ARROW "=>" THIN_ARROW "->"
%token UNEXPECTED "invalid character"
%token <text> IDENTIFIER "identifier" SYMBOL "namespaced identifier"
%token <text> QSTRING "quoted string" NAKEDVAR "variable reference"
%token <text> CLASS_GUARD "class guard" PROMISE_TYPE "promise type"
%type <rval> rval item list fncall items
%type <text> fnname fn_open bundle_name

/* No %destructor: token texts and rvals live in the policy's arena, which
 * policy_parse() frees with the policy when the parse fails. */

%%

file:
    %empty
  | file block
  ;

block:
    bundle
  | body
  | promise_block
  | error '}'
        { ctx->bundle = NULL; ctx->section = NULL; ctx->promise = NULL; ctx->body = NULL; ctx->fn_depth = 0; yyerrok; }
  ;

/* 3.21 takes a namespaced bundle name (bundle agent ns:name) and keeps
 * it whole as the name, colon and all, in the file's namespace: the
 * bundlesequence may name it as written. A body's type may be written
 * the same way (body x:contain c), a type no attribute refers to. */
bundle_name:
    IDENTIFIER
  | SYMBOL
  ;

bundle:
    BUNDLE IDENTIFIER bundle_name
        {
            Bundle *b = bundle_new(ctx->arena, $2.s, $3.s, ctx->ns);
            b->file = ctx->file;
            b->policy = ctx->policy;
            b->type_span = @2;
            b->span = @3;
            vec_push(&ctx->policy->bundles, b);
            ctx->bundle = b;
            ctx->section = NULL;
            ctx->body = NULL;
            begin_block_guard(ctx);
        }
    bundle_end
        { ctx->bundle = NULL; ctx->section = NULL; }
  ;

/* An error in the last promise of a block (a missing ';' before '}', the
 * commonest slip) ends at the block's '}', not at the next block's ';'. */
bundle_end:
    params '{' bundle_items '}'
  | params '{' bundle_items error '}'
        { ctx->fn_depth = 0; }
  ;

params:
    %empty
  | '(' ')'
  | '(' param_list ')'
  | '(' param_list ',' ')'
  ;

param_list:
    param
  | param_list ',' param
  ;

param:
    IDENTIFIER
        {
            Param *p = param_new(ctx->arena, $1.s, @1);
            if (ctx->bundle)
                arena_vec_push(ctx->arena, &ctx->bundle->params, p);
            else if (ctx->body)
                arena_vec_push(ctx->arena, &ctx->body->params, p);
        }
  ;

bundle_items:
    %empty
  | bundle_items bundle_item
  ;

bundle_item:
    PROMISE_TYPE
        {
            ctx->section = section_new(ctx->arena, ctx->bundle, $1.s, @1);
            begin_block_guard(ctx);
        }
  | CLASS_GUARD
        {
            if (!ctx->section)
                parse_error_at(ctx, @1.end, "Expected a promise type (like 'vars:') before the class guard '%s::'", $1.s);
            set_guard(ctx, $1.s);
            $1.s = NULL;
        }
  | promise ';'
        { ctx->promise = NULL; }
  | error ';'
        { ctx->promise = NULL; ctx->fn_depth = 0; yyerrok; }
  ;

promise:
    QSTRING
        {
            if (!ctx->section) {
                parse_error_at(ctx, @1.end, "Expected a promise type (like 'vars:') before the promise \"%s\"", $1.s);
                Section *s = section_new(ctx->arena, ctx->bundle, "", @1);
                ctx->section = s;
            }
            ctx->promise = promise_new_owned(ctx->arena, ctx->section, $1.s, ctx->guard, @1);
            ctx->promise->promiser_quote = $1.quote;
            $1.s = NULL;
        }
    promisee attributes
  ;

promisee:
    %empty
  | THIN_ARROW rval
        {
            if (ctx->promise)
                ctx->promise->promisee = $2;
        }
  ;

attributes:
    %empty
  | attribute_list
  ;

attribute_list:
    attribute
  | attribute_list ',' attribute
  ;

attribute:
    IDENTIFIER FAT_ARROW rval
        { add_attribute(ctx, &$1, @1, $3); }
  ;

body:
    BODY bundle_name bundle_name
        {
            Body *b = body_new(ctx->arena, BODY_KIND_BODY, $2.s, $3.s, ctx->ns);
            b->file = ctx->file;
            b->policy = ctx->policy;
            b->type_span = @2;
            b->span = @3;
            vec_push(&ctx->policy->bodies, b);
            ctx->body = b;
            ctx->bundle = NULL;
            ctx->promise = NULL;
            begin_block_guard(ctx);
        }
    body_end
        { end_body(ctx); }
  ;

body_end:
    params '{' body_items '}'
  | params '{' body_items error '}'
        { ctx->fn_depth = 0; }
  ;

promise_block:
    PROMISE IDENTIFIER IDENTIFIER
        {
            Body *b = body_new(ctx->arena, BODY_KIND_PROMISE, $2.s, $3.s, ctx->ns);
            b->file = ctx->file;
            b->policy = ctx->policy;
            b->type_span = @2;
            b->span = @3;
            vec_push(&ctx->policy->bodies, b);
            ctx->body = b;
            ctx->bundle = NULL;
            ctx->promise = NULL;
            begin_block_guard(ctx);
        }
    body_end
        { ctx->body = NULL; }
  ;

body_items:
    %empty
  | body_items body_item
  ;

body_item:
    CLASS_GUARD
        { ctx->guard_quoted = $1.quote != 0; set_guard(ctx, $1.s); $1.s = NULL; }
  | attribute ';'
        {
            /* 3.21 refuses a quoted guard (which may hold variables) in a body */
            if (ctx->guard_quoted)
                parse_error_at(ctx, @1.end, "Body attributes can't be put under a variable class '%s'", ctx->guard);
        }
  | error ';'
        { ctx->fn_depth = 0; yyerrok; }
  ;

rval:
    item
  | list
  ;

/* What a list or an argument list holds: anything but a list (3.21
 * takes no nested lists, and no list as a function's argument). */
item:
    QSTRING       { $$ = make_rval(ctx, RVAL_STRING, &$1, @1); }
  | IDENTIFIER    { $$ = make_rval(ctx, RVAL_SYMBOL, &$1, @1); }
  | SYMBOL        { $$ = make_rval(ctx, RVAL_SYMBOL, &$1, @1); }
  | NAKEDVAR      { $$ = make_rval(ctx, RVAL_NAKEDVAR, &$1, @1); }
  | fncall
  ;

list:
    '{' '}'             { $$ = rval_new(ctx->arena, RVAL_LIST, NULL, 0, @$); }
  | '{' items '}'       { $$ = $2; $$->span = @$; }
  | '{' items ',' '}'   { $$ = $2; $$->span = @$; }
  | '{' error '}'       { $$ = rval_new(ctx->arena, RVAL_LIST, NULL, 0, @$); ctx->fn_depth = 0; }
  ;

items:
    item                { $$ = rval_new(ctx->arena, RVAL_LIST, NULL, 0, @$); arena_vec_push(ctx->arena, &$$->items, $1); }
  | items ',' item      { $$ = $1; arena_vec_push(ctx->arena, &$$->items, $3); }
  ;

fncall:
    fn_open ')'
        { ctx->fn_depth--; $$ = make_rval(ctx, RVAL_FNCALL, &$1, @$); }
  | fn_open items ')'
        {
            ctx->fn_depth--;
            $$ = make_rval(ctx, RVAL_FNCALL, &$1, @$);
            $$->items = $2->items;
        }
  | fn_open ',' items ')'
        {
            /* 3.21 takes a comma before the first argument, and ignores it */
            ctx->fn_depth--;
            $$ = make_rval(ctx, RVAL_FNCALL, &$1, @$);
            $$->items = $3->items;
        }
  ;

/* 3.21 refuses calls nested 10 deep ("deeper than recommended") and
 * stops reading the file there; so does minicf, which also keeps a file
 * of a million '(' from exhausting the parser's stack. */
fn_open:
    fnname '('
        {
            if (++ctx->fn_depth >= PARSE_MAX_FN_DEPTH) {
                parse_error_at(ctx, @2.end, "Nesting of functions is deeper than recommended (%u levels at most)",
                               PARSE_MAX_FN_DEPTH - 1);
                YYABORT;
            }
            $$ = $1;
            $1.s = NULL;
        }
  ;

/* A function, or a bundle or body named with its arguments: bare,
 * namespaced, or held in a variable (usebundle => $(b)(args)). */
fnname:
    IDENTIFIER
  | SYMBOL
  | NAKEDVAR
  ;

%%

/* Names a token for "got ..." the way a person would say it, quoting the
 * source text of the lookahead (the token the scanner read last). */
static void describe_token(Buf *b, yysymbol_kind_t kind, const ParseCtx *ctx, const CF_YYLTYPE *loc)
{
    const char *s = ctx->file->text + loc->start;
    size_t n = loc->end - loc->start;
    switch (kind) {
    case YYSYMBOL_YYEOF:
        buf_puts(b, "end of file");
        return;
    case YYSYMBOL_UNEXPECTED: {
        unsigned char c = n ? (unsigned char)s[0] : 0;
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            buf_printf(b, "the control byte 0x%02x (binary data?)", c);
        else
            buf_printf(b, "invalid character '%.*s'", (int)n, s);
        return;
    }
    case YYSYMBOL_IDENTIFIER:
    case YYSYMBOL_SYMBOL:
    case YYSYMBOL_QSTRING:
    case YYSYMBOL_NAKEDVAR:
    case YYSYMBOL_CLASS_GUARD:
    case YYSYMBOL_PROMISE_TYPE:
        buf_printf(b, "%s %.*s%s", yysymbol_name(kind), (int)(n > 40 ? 40 : n), s, n > 40 ? "..." : "");
        return;
    default:
        buf_printf(b, "'%.*s'", (int)n, s);
        return;
    }
}

/* "Expected ';', got '}'": a missing ';' is by far the commonest slip, so
 * when ';' would do it is the one named; otherwise every token that would. */
static int yyreport_syntax_error(const yypcontext_t *pc, void *scanner, ParseCtx *ctx)
{
    (void)scanner;
    if (ctx->lex_stopped)
        return 0; /* the scanner said why it stopped; the end it gave is not news */
    yysymbol_kind_t expected[8];
    int n = yypcontext_expected_tokens(pc, expected, 8);
    const CF_YYLTYPE *loc = yypcontext_location(pc);
    Buf b = BUF_INIT;
    bool semicolon = false;
    for (int i = 0; i < n; i++)
        if (strcmp(yysymbol_name(expected[i]), "';'") == 0)
            semicolon = true;
    buf_puts(&b, "Expected ");
    if (semicolon) {
        buf_puts(&b, "';'");
    } else if (n <= 0) {
        buf_puts(&b, "something else");
    } else {
        for (int i = 0; i < n; i++) {
            if (i > 0)
                buf_puts(&b, i == n - 1 ? " or " : ", ");
            buf_puts(&b, expected[i] == YYSYMBOL_YYEOF ? "end of file" : yysymbol_name(expected[i]));
        }
    }
    buf_puts(&b, ", got ");
    describe_token(&b, yypcontext_token(pc), ctx, loc);
    parse_error_at(ctx, loc->end, "%s", buf_cstr(&b));
    buf_free(&b);
    return 0;
}
