/* load.h - loading a policy: the main file and every file its `inputs`
 * name, each read once, in 3.21's order.
 *
 * 3.21 loads depth first: it parses a file, checks it alone, resolves it
 * (evaluates what it defines), then follows the `inputs` of its first
 * `body common control` and of its first `body file control` (the last
 * `inputs` constraint whose class guard holds), each file in its turn. A
 * file that fails its checks is neither resolved nor followed; the caller
 * reports those errors when it checks the whole policy.
 * A relative name is taken relative to the directory of the main file
 * (the input directory), whichever file names it. A file is skipped when
 * its path or its contents were loaded already. A missing input (or a
 * directory) stops the loading, unless ignore_missing_inputs is in force.
 *
 * Evaluation lives above this layer: a caller passes an InputsExpander
 * (see eval/control.h); without one, only literal names are followed.
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
    /* Resolves bundles [b0, b1) and bodies [d0, d1) of p: called for
     * each file once it is parsed, and again for the files an inputs list
     * loaded so far before an entry holding a $(variable) is expanded.
     * Returns -1 to stop loading (a fatal error, reported). */
    int (*resolve)(void *userdata, const Policy *p, size_t b0, size_t b1, size_t d0, size_t d1);
    /* Whether the class guard of a control-body constraint holds. */
    bool (*guard)(void *userdata, const char *classes);
    /* Appends to `out` (owned char*) the names one entry of the inputs
     * constraint c stands for; entries that cannot be resolved are
     * reported (not as errors) and left out. Returns -1 to stop loading. */
    int (*expand)(void *userdata, const Policy *p, const Constraint *c, const Rval *entry, Vec *out);
    /* Whether ignore_missing_inputs is in force now. */
    bool (*ignore_missing)(void *userdata);
    void *userdata;
} InputsExpander;

typedef struct {
    bool follow_inputs;          /* false: the one file alone */
    const InputsExpander *expander; /* NULL: literal names only, no evaluation */
} LoadOptions;

/* Loads `path` and, if asked, its inputs. Every error in every file is
 * reported into d; returns NULL when there was any. */
Policy *policy_load(const char *path, const LoadOptions *opt, Diag *d);

/* The literal names of an inputs rval (strings with no variable in them),
 * appended to out; the rest are left to an expander. */
void policy_literal_inputs(const Rval *r, Vec *out);

#endif
