/* control.h - what `body common control` says once common bundles are
 * evaluated: the inputs to load and the bundlesequence.
 *
 * Ownership: names appended to Vecs are owned char*; the expander borrows
 * the EvalSystem it is given.
 */
#ifndef MINICF_EVAL_CONTROL_H
#define MINICF_EVAL_CONTROL_H

#include "base/vec.h"
#include "eval/eval.h"
#include "policy/load.h"

/* An InputsExpander for policy_load() that evaluates the common bundles
 * loaded so far (quietly: the errors are reported by the final
 * evaluation) to expand the names in `inputs`. */
typedef struct {
    InputsExpander expander;
    const EvalSystem *sys;
    EvalCtx *ctx;          /* evaluation of the policy as it was last seen */
    size_t files_seen;     /* files in the policy when ctx was made */
    Diag quiet;
} ControlInputs;

void control_inputs_init(ControlInputs *ci, const EvalSystem *sys);
void control_inputs_fini(ControlInputs *ci);

/* The names in the bundlesequence of `body common control` (or "main"
 * when there is none), evaluated in ctx: variables expanded where they
 * can be, lists spliced. Appends owned names to out. */
void control_bundlesequence(EvalCtx *ctx, Vec *out);

#endif
