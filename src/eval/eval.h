/* eval.h - the evaluator's context: classes, variables, and the
 * evaluation of rvals, strings and common bundles.
 *
 * This is the part of CFEngine's evaluation that loading a policy needs
 * (cf-promises -c evaluates common bundles to expand inputs and the
 * bundlesequence); the agent builds on it.
 *
 * Ownership: eval_new() returns an owned context that borrows the Policy
 * and the Diag; strings and Values returned are owned by the caller.
 */
#ifndef MINICF_EVAL_EVAL_H
#define MINICF_EVAL_EVAL_H

#include <stdbool.h>
#include <time.h>

#include "base/diag.h"
#include "eval/classes.h"
#include "eval/value.h"
#include "eval/vars.h"
#include "policy/policy.h"

typedef struct {
    const char *os_release; /* path of os-release, for OS classes */
    const char *hostname;   /* NULL: ask the system */
    time_t now;             /* 0: the clock */
} EvalSystem;

typedef struct {
    const Policy *policy;
    Diag *diag;
    unsigned errors;
    ClassSet classes;
    VarTable vars;
    /* Where evaluation stands. */
    const Bundle *bundle;
    const Promise *promise;
    char *scope;            /* "ns:bundle" of the current bundle */
    time_t now;
} EvalCtx;

EvalCtx *eval_new(const Policy *p, Diag *d, const EvalSystem *sys);
void eval_free(EvalCtx *ctx);

/* Points the context at another (for example a larger) policy. */
void eval_set_policy(EvalCtx *ctx, const Policy *p);

/* Evaluates the vars and classes promises of every common bundle, in
 * three passes, as 3.21 does before it runs or checks a policy. */
void eval_common_bundles(EvalCtx *ctx);

/* Expands every $(x) and ${x} in s that can be resolved now; *complete
 * (when not NULL) says whether every reference was. */
char *eval_expand(EvalCtx *ctx, const char *s, bool *complete);

/* The value of an rval, or NULL when it cannot be worked out yet (an
 * unresolved variable, a function that cannot run now). */
Value *eval_rval(EvalCtx *ctx, const Rval *r);

/* The variable a reference names ("x", "b.x", "ns:b.x", "sys.x",
 * "a[k]"), seen from the current scope; NULL when undefined. */
const Value *eval_lookup(EvalCtx *ctx, const char *ref);

/* Evaluates a class expression after expanding variables in it;
 * false when it cannot be. */
bool eval_class_expr(EvalCtx *ctx, const char *expr);

/* Reports an evaluation error at the current promise. */
void eval_error(EvalCtx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
