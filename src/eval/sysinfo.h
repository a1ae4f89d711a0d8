/* sysinfo.h - what the evaluator knows of the machine before it reads a
 * promise: hard classes and the sys and const variables.
 *
 * Ownership: writes into the context it is given.
 */
#ifndef MINICF_EVAL_SYSINFO_H
#define MINICF_EVAL_SYSINFO_H

#include <stdbool.h>

#include "eval/eval.h"

void sysinfo_discover(EvalCtx *ctx, const EvalSystem *sys);

/* Whether 3.21 defines the sys variable `name` ("workdir", "ipv4[eth0]")
 * on every host, whatever minicf knows of its value. */
bool sysinfo_defines(const char *name);

#endif
