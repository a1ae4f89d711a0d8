/* sysinfo.h - what the evaluator knows of the machine before it reads a
 * promise: hard classes and the sys and const variables.
 *
 * Ownership: writes into the context it is given.
 */
#ifndef MINICF_EVAL_SYSINFO_H
#define MINICF_EVAL_SYSINFO_H

#include "eval/eval.h"

void sysinfo_discover(EvalCtx *ctx, const EvalSystem *sys);

#endif
