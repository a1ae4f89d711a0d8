/* policy.h - the promise graph: Policy -> Bundle / Body -> Section ->
 * Promise -> Constraint (lval => rval).
 *
 * Every node has a parent pointer and a source location: the SourceFile it
 * came from (owned by the Policy) and byte offsets into it.
 *
 * Ownership: a Policy owns its files, bundles, bodies and everything below
 * them. The nodes, their strings and their Vecs' arrays live in the
 * Policy's arena (base/arena.h) and are freed all at once with it by
 * policy_free(): no node is freed alone, and no string or Vec array of a
 * node is passed to free() or vec_free(); grow a node's Vec with
 * arena_vec_push(). Strings in nodes may be shared between nodes (a class
 * guard is). policy_free(NULL) is a no-op. Lookups return borrowed
 * pointers.
 */
#ifndef MINICF_POLICY_POLICY_H
#define MINICF_POLICY_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/map.h"
#include "base/vec.h"
#include "policy/syntax.h"

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
    const SynFunction *fn; /* RVAL_FNCALL: the function's syntax, looked up
                            * once here for the check and both resolution
                            * passes; NULL when unknown */
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
    Arena arena;          /* every node below, with its strings and arrays */
    /* Of SourceFile* (borrowed from files): the files that passed the
     * checks that need no other file without a single diagnostic (the
     * loader checks each file so); a check of the whole policy need not
     * make those again. */
    Vec checked;
};

Policy *policy_new(void);
void policy_free(Policy *p);

/* Moves every file, bundle and body of `from` (and its arena) into `to`
 * and frees `from`. */
void policy_merge(Policy *to, Policy *from);

/* Whether f is among p->checked. */
bool policy_file_checked(const Policy *p, const SourceFile *f);

/* Lookups by namespaced name ("ns:name" or "name" for the default
 * namespace, or in `ns` when given). NULL when absent. Linear; callers
 * that look up often build an index. */
Bundle *policy_find_bundle(const Policy *p, const char *ns, const char *name);
Body *policy_find_body(const Policy *p, const char *ns, const char *type, const char *name);

/* Node constructors used by the parser. Each allocates the node in `a`
 * (the arena of the Policy it will belong to) and copies its strings
 * there. */
Rval *rval_new(Arena *a, RvalKind kind, const char *str, size_t len, SrcSpan span);
/* rval_new() that takes str (NUL-terminated; NULL: none) as it is instead
 * of copying it: str must live in `a` already, as the text the scanner
 * allocated for the token does. */
Rval *rval_new_owned(Arena *a, RvalKind kind, char *str, SrcSpan span);
/* A deep copy of r into `a` (which may outlive r's policy). */
Rval *rval_copy(Arena *a, const Rval *r);

Bundle *bundle_new(Arena *a, const char *type, const char *name, const char *ns);
Body *body_new(Arena *a, BodyKind kind, const char *type, const char *name, const char *ns);
Section *section_new(Arena *a, Bundle *b, const char *promise_type, SrcSpan span);
Promise *promise_new(Arena *a, Section *s, const char *promiser, const char *classes, SrcSpan span);
/* promise_new() that takes promiser and classes (NULL: "any") as they
 * are, as rval_new_owned(): both must live in `a`; classes may be shared
 * with other nodes. */
Promise *promise_new_owned(Arena *a, Section *s, char *promiser, char *classes, SrcSpan span);
Constraint *constraint_new(Arena *a, const char *lval, Rval *rval, const char *classes, SrcSpan span);
/* constraint_new() that takes lval and classes as they are, as
 * promise_new_owned(). */
Constraint *constraint_new_owned(Arena *a, char *lval, Rval *rval, char *classes, SrcSpan span);
Param *param_new(Arena *a, const char *name, SrcSpan span);

/* The constraint of `lval` in a promise or a body; NULL when absent. */
const Constraint *promise_get(const Promise *p, const char *lval);
const Constraint *body_get(const Body *b, const char *lval);

/* Where a node lives, for diagnostics. */
SourceFile *promise_file(const Promise *p);
SourceFile *constraint_file(const Constraint *c);

/* "ns:name" unless ns is default. Owned by the caller. */
char *policy_qualified_name(const char *ns, const char *name);

#endif
