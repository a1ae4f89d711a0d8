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

/* Evaluates the promises of type `type` ("vars" or "classes") of b. */
void resolve_promises(EvalCtx *ctx, const Bundle *b, const char *type);

/* 3.21's BundleResolve: vars, classes, vars for a common bundle; vars
 * for any other. */
void resolve_bundle(EvalCtx *ctx, const Bundle *b);

#endif
