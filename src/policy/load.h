/* load.h - loading a policy: the main file and every file its `inputs`
 * name, each parsed once.
 *
 * `inputs` come from `body common control` (of any file) and from each
 * file's `body file control`; a relative name is taken relative to the
 * directory of the main file (the input directory), as 3.21 takes it. Names that hold variables need the
 * evaluator: a caller above this layer passes an InputsExpander; without
 * one, such names are skipped.
 *
 * Ownership: policy_load() returns an owned Policy or NULL.
 */
#ifndef MINICF_POLICY_LOAD_H
#define MINICF_POLICY_LOAD_H

#include <stdbool.h>

#include "base/diag.h"
#include "base/vec.h"
#include "policy/policy.h"

typedef struct {
    /* Appends to `out` (owned char*) the names the rval of `inputs`
     * constraint c stands for, given everything loaded so far. */
    void (*expand)(void *userdata, const Policy *p, const Constraint *c, Vec *out);
    void *userdata;
} InputsExpander;

typedef struct {
    bool follow_inputs;          /* false: the one file alone */
    const InputsExpander *expander; /* NULL: literal names only */
} LoadOptions;

/* Loads `path` and, if asked, its inputs. Every error in every file is
 * reported into d; returns NULL when there was any. */
Policy *policy_load(const char *path, const LoadOptions *opt, Diag *d);

/* The literal names of an inputs rval (strings with no variable in them),
 * appended to out; the rest are left to an expander. */
void policy_literal_inputs(const Rval *r, Vec *out);

#endif
