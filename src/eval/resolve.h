/* resolve.h - evaluating the vars and classes promises of a bundle, as
 * 3.21 does before it runs or checks a policy (BundleResolve): list
 * iteration, if/unless, every constraint's functions, the value rules of
 * VerifyVarPromise (self reference, declared type against a failed
 * function's type) and the class rules of classes promises.
 *
 * Ownership: writes variables and classes into the context it is given.
 */
#ifndef MINICF_EVAL_RESOLVE_H
#define MINICF_EVAL_RESOLVE_H

#include "eval/eval.h"
#include "eval/outcome.h"

/* Evaluates the promises of type `type` ("vars" or "classes") of b. */
void resolve_promises(EvalCtx *ctx, const Bundle *b, const char *type);

/* 3.21's BundleResolve: vars, classes, vars for a common bundle; vars
 * for any other. */
void resolve_bundle(EvalCtx *ctx, const Bundle *b);

/* What the agent needs to run vars and classes promises one at a time.
 * A ResolveFn is called once per iteration of a promise with the data
 * given to resolve_iterate(). */
typedef void (*ResolveFn)(EvalCtx *ctx, const Promise *p, void *data);

/* Sets this.* (promise_filename, promise_dirname, promise_linenumber,
 * bundle, namespace, handle) for p, which must be ctx->promise. */
void resolve_set_this(EvalCtx *ctx, const Promise *p);

/* Whether p's if/ifvarclass/unless let it be kept (in this iteration). */
bool resolve_included(EvalCtx *ctx, const Promise *p);

/* Calls fn once per combination of the lists p refers to as $(list);
 * once when none; never when one is empty. */
void resolve_iterate(EvalCtx *ctx, const Promise *p, ResolveFn fn, void *data);

/* One iteration of a vars or classes promise (ResolveFns); `outcome`
 * (an Outcome*, or NULL) gets merged: kept when the variable was set or
 * the class expression worked out, failed when the promise is wrong,
 * unchanged when it was skipped. A class goes to the bundle's own
 * classes or to the namespace's, as its scope says. */
void resolve_var_promise(EvalCtx *ctx, const Promise *p, void *outcome);
void resolve_class_promise(EvalCtx *ctx, const Promise *p, void *outcome);

#endif
