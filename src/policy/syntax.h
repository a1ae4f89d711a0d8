/* syntax.h - the static description of CFEngine 3.21's language: bundle
 * types, promise types, body types, their attributes, and the built-in
 * functions.
 *
 * Ownership: every table here is static, read-only data; lookups return
 * borrowed const pointers that live as long as the program.
 */
#ifndef MINICF_POLICY_SYNTAX_H
#define MINICF_POLICY_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Data types of attribute values and function parameters, named after the
 * "type" strings of `cf-promises -s json`. */
typedef enum {
    SYN_STRING,  /* "string" */
    SYN_INT,     /* "int" */
    SYN_REAL,    /* "real" */
    SYN_OPTION,  /* "option": one of a comma-separated menu in range */
    SYN_BODY,    /* "body": a reference to a body (or an inline body) */
    SYN_BUNDLE,  /* "bundle": a reference to a bundle */
    SYN_SLIST,   /* "slist" */
    SYN_ILIST,   /* "ilist" */
    SYN_RLIST,   /* "rlist" */
    SYN_OLIST,   /* "olist": list of options */
    SYN_CONTEXT, /* "context": a class expression */
    SYN_CLIST,   /* "clist": list of class expressions */
    SYN_IRANGE,  /* "irange": integer range, "a,b" or irange(a,b) */
    SYN_RRANGE,  /* "rrange": real range */
    SYN_DATA,    /* "data": a JSON container */
    SYN_NONE,
} SynType;

/* Where an attribute may appear, as `visibility` in the JSON. */
typedef enum {
    SYN_VIS_GLOBAL,      /* every promise type (comment, handle, if, ...) */
    SYN_VIS_PROMISETYPE, /* only this promise type */
    SYN_VIS_BUNDLE,      /* this promise type, in bundles of some types */
    SYN_VIS_BODY,        /* an attribute of a body */
} SynVisibility;

typedef enum {
    SYN_STATUS_NORMAL,
    SYN_STATUS_DEPRECATED,
} SynStatus;

typedef struct {
    const char *name;
    SynType type;
    const char *range;        /* as in the JSON; NULL where it has none */
    SynVisibility visibility;
    SynStatus status;
} SynAttr;

/* A promise type: its attributes, including the global ones, in one table,
 * exactly as `cf-promises -s json` lists them under promiseTypes.
 * attrs[0, n_own) are the type's own attributes (visibility promiseType or
 * bundle) and attrs[n_own, n_attrs) the global ones; each run is sorted by
 * name (strcmp order). */
typedef struct {
    const char *name;
    const SynAttr *attrs;
    size_t n_attrs;
    size_t n_own;
    SynStatus status;
} SynPromiseType;

/* A body type (`body TYPE name`): its attributes (including inherit_from
 * and meta where 3.21 lists them). attrs[0, n_own) are the type's own
 * attributes and attrs[n_own, n_attrs) the shared inherit_from and meta;
 * each run is sorted by name (strcmp order). */
typedef struct {
    const char *name;
    const SynAttr *attrs;
    size_t n_attrs;
    size_t n_own;
    SynStatus status;
} SynBodyType;

/* A bundle type and the promise types it accepts. */
typedef struct {
    const char *name;
    const char *const *promise_types; /* NULL-terminated */
    SynStatus status;
} SynBundleType;

typedef struct {
    SynType type;
    const char *range;
    const char *description;
} SynFnParam;

typedef enum {
    SYN_FN_DATA, SYN_FN_IO, SYN_FN_COMMUNICATION, SYN_FN_FILES,
    SYN_FN_UTILS, SYN_FN_SYSTEM, SYN_FN_INTERNAL,
} SynFnCategory;

typedef struct {
    const char *name;
    SynType return_type;
    const SynFnParam *params;
    size_t n_params;
    bool variadic;   /* takes n_params or more arguments */
    bool cached;
    bool collecting; /* takes a variable name or inline JSON as a container */
    SynFnCategory category;
    SynStatus status;
} SynFunction;

/* Lookups; NULL when unknown. */
const SynBundleType *syntax_bundle_type(const char *name);
const SynPromiseType *syntax_promise_type(const char *name);
const SynBodyType *syntax_body_type(const char *name);
const SynFunction *syntax_function(const char *name);

/* The attribute `name` of a promise type or body type; NULL if unknown. */
const SynAttr *syntax_promise_attr(const SynPromiseType *pt, const char *name);
const SynAttr *syntax_body_attr(const SynBodyType *bt, const char *name);

/* True when bundle type bt accepts promise type pt_name. */
bool syntax_bundle_allows(const SynBundleType *bt, const char *pt_name);

/* Iteration over whole tables, for the JSON dump and the tests. */
size_t syntax_bundle_type_count(void);
const SynBundleType *syntax_bundle_type_at(size_t i);
size_t syntax_promise_type_count(void);
const SynPromiseType *syntax_promise_type_at(size_t i);
size_t syntax_body_type_count(void);
const SynBodyType *syntax_body_type_at(size_t i);
size_t syntax_function_count(void);
const SynFunction *syntax_function_at(size_t i);

/* The JSON name of a type ("string", "slist", ...). */
const char *syntax_type_name(SynType t);

/* Print the whole description as `cf-promises -s json` does: the same keys
 * and values, objects with sorted keys, two-space indentation. */
void syntax_print_json(FILE *out);

/* The tables behind the functions above, defined in syntax_promises.c,
 * syntax_bodies.c and syntax_functions.c, each sorted by name (strcmp
 * order). Internal to the syntax module: use the functions above. */
extern const SynBundleType syntax_bundle_types[];
extern const size_t syntax_n_bundle_types;
extern const SynPromiseType syntax_promise_types[];
extern const size_t syntax_n_promise_types;
extern const SynBodyType syntax_body_types[];
extern const size_t syntax_n_body_types;
extern const SynFunction syntax_functions[];
extern const size_t syntax_n_functions;

#endif
