/* check.h - the checks 3.21 makes when it loads a policy, separate from
 * parsing: names and types against the syntax tables, values against their
 * ranges, function calls, duplicates, and references between blocks.
 *
 * Ownership: the checks only read the policy; a CheckRegexCache passed in
 * CheckOptions is borrowed (filled, not freed).
 */
#ifndef MINICF_POLICY_CHECK_H
#define MINICF_POLICY_CHECK_H

#include <stdbool.h>

#include "base/diag.h"
#include "policy/check_value.h"
#include "policy/policy.h"

typedef struct {
    /* Resolve references to other blocks: bundlesequence, bodies named by
     * attributes, usebundle. False for a file checked on its own. */
    bool references;
    /* Where the regexes of value ranges are compiled, to be used again by
     * later checks (the loader checks each file, then the whole policy);
     * NULL: compiled for this check only. */
    CheckRegexCache *regexes;
} CheckOptions;

/* Checks the whole policy; returns the number of errors reported into d. */
unsigned policy_check(const Policy *p, const CheckOptions *opt, Diag *d);

/* Checks that every name of a bundlesequence (NULL-terminated; worked out
 * by the evaluator, or given with -b) is a defined bundle. */
unsigned policy_check_bundlesequence(const Policy *p, const char *const *names, Diag *d);

#endif
