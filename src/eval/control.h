/* control.h - 3.21's PolicyResolve, and what the control bodies say once
 * it has run: the inputs to load, ignore_missing_inputs and
 * ignore_missing_bundles, and the bundlesequence, with its check.
 *
 * cf-promises -c resolves each file as it loads it (the vars of every
 * bundle, the classes of common bundles, then the control bodies), follows
 * its inputs, and resolves the whole policy once more at the end, before
 * it checks the bundlesequence. ControlInputs gives policy_load() those
 * steps; control_resolve() is the last one.
 *
 * Ownership: names appended to Vecs are owned char*; ControlInputs
 * borrows the EvalCtx it is given.
 */
#ifndef MINICF_EVAL_CONTROL_H
#define MINICF_EVAL_CONTROL_H

#include "base/vec.h"
#include "eval/eval.h"
#include "policy/load.h"

/* Resolves bundles [b0, b1) and bodies [d0, d1) of p, in 3.21's order:
 * common bundles (vars, classes, vars), the vars of the other bundles,
 * then every control body (bundlesequence, ignore_missing_*, and the
 * functions in any constraint). Stops at a fatal error (ctx->fatal). */
void control_resolve(EvalCtx *ctx, const Policy *p, size_t b0, size_t b1, size_t d0, size_t d1);

/* The hooks policy_load() needs, evaluating in ctx. */
typedef struct {
    InputsExpander expander;
    EvalCtx *ctx;
} ControlInputs;

void control_inputs_init(ControlInputs *ci, EvalCtx *ctx);

/* The names in the bundlesequence as last resolved (or "main" when there
 * is none), entries minicf cannot work out left out. Appends owned names
 * to out. */
void control_bundlesequence(EvalCtx *ctx, Vec *out);

/* 3.21's VerifyBundleSequence (cf-promises -c): unless
 * ignore_missing_bundles is set, every name of the bundlesequence must
 * name a bundle of any type: a name without ':' equal to a bundle's name,
 * or, with ':', either equal to a bundle's name or with what follows its
 * first ':' equal to one (namespaces are not compared). Returns the
 * number of errors reported into d. */
unsigned control_check_bundlesequence(EvalCtx *ctx, const Policy *p, Diag *d);

#endif
