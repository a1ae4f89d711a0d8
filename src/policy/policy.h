/* policy.h - the promise graph: Policy -> Bundle / Body -> Section ->
 * Promise -> Constraint (lval => rval).
 *
 * Every node has a parent pointer and a source location: the SourceFile it
 * came from (owned by the Policy) and byte offsets into it.
 *
 * Ownership: a Policy owns its files, bundles, bodies and everything below
 * them; a parent owns its children. Strings in nodes are owned by the node.
 * policy_free(NULL) is a no-op. Lookups return borrowed pointers.
 */
#ifndef MINICF_POLICY_POLICY_H
#define MINICF_POLICY_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "base/map.h"
#include "base/vec.h"

/* A byte range [start, end) in a SourceFile. */
typedef struct {
    uint32_t start;
    uint32_t end;
} SrcSpan;

typedef enum {
    RVAL_STRING,   /* a quoted string, unescaped; quote says which quote */
    RVAL_SYMBOL,   /* a bare identifier: a body, bundle or class name */
    RVAL_NAKEDVAR, /* $(x), ${x}, @(x), @{x} standing alone; str holds it all */
    RVAL_LIST,     /* { a, b, ... }; items */
    RVAL_FNCALL,   /* name(args); str is the name, items the arguments */
} RvalKind;

typedef struct Rval Rval;
struct Rval {
    RvalKind kind;
    char quote;     /* RVAL_STRING: '"', '\'' or '`' */
    char *str;
    Vec items;      /* of Rval* */
    SrcSpan span;
};

typedef struct Policy Policy;
typedef struct Bundle Bundle;
typedef struct Body Body;
typedef struct Section Section;
typedef struct Promise Promise;

typedef struct {
    char *lval;
    Rval *rval;
    char *classes;   /* the class guard in force; "any" when none */
    SrcSpan span;    /* the lval */
    Promise *promise; /* parent: exactly one of promise and body is set */
    Body *body;
} Constraint;

struct Promise {
    Section *section;     /* parent */
    char *promiser;
    char promiser_quote;  /* the quote of the promiser string */
    Rval *promisee;       /* NULL when none */
    char *classes;        /* the class guard in force; "any" when none */
    Vec constraints;      /* of Constraint* */
    SrcSpan span;         /* the promiser */
};

struct Section {
    Bundle *bundle;       /* parent */
    char *promise_type;
    Vec promises;         /* of Promise* */
    SrcSpan span;         /* the "type:" token */
};

typedef struct {
    char *name;
    SrcSpan span;
} Param;

struct Bundle {
    Policy *policy;       /* parent */
    SourceFile *file;
    char *type;           /* agent, common, edit_line, ... */
    char *name;
    char *ns;             /* namespace, "default" unless set */
    Vec params;           /* of Param* */
    Vec sections;         /* of Section* */
    SrcSpan span;         /* the name */
    SrcSpan type_span;
};

typedef enum {
    BODY_KIND_BODY,       /* body TYPE NAME(params) { ... } */
    BODY_KIND_PROMISE,    /* promise agent NAME { ... } (custom types) */
} BodyKind;

struct Body {
    Policy *policy;       /* parent */
    SourceFile *file;
    BodyKind kind;
    char *type;
    char *name;
    char *ns;
    Vec params;           /* of Param* */
    Vec constraints;      /* of Constraint* */
    SrcSpan span;
    SrcSpan type_span;
};

struct Policy {
    Vec files;            /* of SourceFile*, in the order read */
    Vec bundles;          /* of Bundle*, in the order read */
    Vec bodies;           /* of Body*, including promise blocks */
};

Policy *policy_new(void);
void policy_free(Policy *p);

/* Moves every file, bundle and body of `from` into `to` and frees `from`. */
void policy_merge(Policy *to, Policy *from);

/* Lookups by namespaced name ("ns:name" or "name" for the default
 * namespace, or in `ns` when given). NULL when absent. Linear; callers
 * that look up often build an index. */
Bundle *policy_find_bundle(const Policy *p, const char *ns, const char *name);
Body *policy_find_body(const Policy *p, const char *ns, const char *type, const char *name);

/* Node constructors used by the parser; they copy their strings. */
Rval *rval_new(RvalKind kind, const char *str, size_t len, SrcSpan span);
/* rval_new() that takes ownership of str (NUL-terminated; NULL: none)
 * instead of copying it: the parser hands over the text the scanner
 * allocated for the token. */
Rval *rval_new_owned(RvalKind kind, char *str, SrcSpan span);
void rval_free(Rval *r);
Rval *rval_copy(const Rval *r);

Bundle *bundle_new(const char *type, const char *name, const char *ns);
void bundle_free(Bundle *b);
Body *body_new(BodyKind kind, const char *type, const char *name, const char *ns);
void body_free(Body *b);
Section *section_new(Bundle *b, const char *promise_type, SrcSpan span);
Promise *promise_new(Section *s, const char *promiser, const char *classes, SrcSpan span);
/* promise_new() that takes ownership of promiser, as rval_new_owned(). */
Promise *promise_new_owned(Section *s, char *promiser, const char *classes, SrcSpan span);
Constraint *constraint_new(const char *lval, Rval *rval, const char *classes, SrcSpan span);
/* constraint_new() that takes ownership of lval, as rval_new_owned(). */
Constraint *constraint_new_owned(char *lval, Rval *rval, const char *classes, SrcSpan span);
void constraint_free(Constraint *c);
Param *param_new(const char *name, SrcSpan span);
void param_free(Param *p);

/* The constraint of `lval` in a promise or a body; NULL when absent. */
const Constraint *promise_get(const Promise *p, const char *lval);
const Constraint *body_get(const Body *b, const char *lval);

/* Where a node lives, for diagnostics. */
SourceFile *promise_file(const Promise *p);
SourceFile *constraint_file(const Constraint *c);

/* "ns:name" unless ns is default. Owned by the caller. */
char *policy_qualified_name(const char *ns, const char *name);

#endif
