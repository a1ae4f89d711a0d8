/* functions.h - built-in functions at run time.
 *
 * Each function is a row in one table (name, implementation); the syntax
 * table (policy/syntax.h) holds its signature, which is checked before
 * the implementation runs. Functions without a row here are deferred: the
 * promise waits, as 3.21 waits for an unresolvable call.
 *
 * Ownership: implementations borrow their arguments and return an owned
 * Value in *out.
 */
#ifndef MINICF_EVAL_FUNCTIONS_H
#define MINICF_EVAL_FUNCTIONS_H

#include <stddef.h>

#include "eval/eval.h"

typedef enum {
    FN_OK,    /* *out is set */
    FN_DEFER, /* cannot be worked out yet */
    FN_FAIL,  /* the call is wrong; it was reported */
} FnResult;

typedef FnResult (*FnImpl)(EvalCtx *ctx, const Rval *call, Value **args, size_t n, Value **out);

typedef struct {
    const char *name;
    FnImpl impl;
} FnEntry;

const FnEntry *fn_lookup(const char *name);

/* Evaluates a call: checks its arguments against the signature, works
 * them out, and runs it. NULL when deferred or failed. */
Value *eval_fncall(EvalCtx *ctx, const Rval *call);

#endif
