/* functions.h - built-in functions at run time.
 *
 * Each function is a row in one table (name, implementation); the syntax
 * table (policy/syntax.h) holds its signature, which is checked before
 * the implementation runs. Functions without a row here give an unknown
 * value (3.21 would work them out; minicf cannot say what they give).
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

/* Evaluates a call as 3.21's FnCallEvaluate does: the argument count
 * (fatal when wrong), the arguments worked out, the arguments as written
 * against their types and ranges (fatal when wrong), then the function.
 * NULL when the call fails (an unresolved argument, a function that
 * fails); an unknown Value for a function minicf does not implement. */
Value *eval_fncall(EvalCtx *ctx, const Rval *call);

#endif
