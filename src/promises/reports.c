/* reports.c - reports: promises print "R: text", each once per run, as
 * 3.21 does; a dry run says what it would print instead. */
#include "promises/promises.h"

#include <stdlib.h>

static Outcome reports_keep(AgentCtx *a, const Promise *p, const PromiseAttrs *attrs)
{
    FILE *out = agent_out(a);
    const Constraint *ret = promise_get(p, "bundle_return_value_index");
    if (ret) {
        /* a value for the calling method's useresult, not a line to print */
        char *key = eval_expand(a->eval, ret->rval->str, NULL);
        agent_return_value(a, key, agent_promiser(a));
        free(key);
        return OUTCOME_KEPT;
    }
    if (attrs->warn_only) {
        fprintf(out, " warning: Need to repair reports promise: %s\n", agent_promiser(a));
        fflush(out);
        return OUTCOME_WARN;
    }
    fprintf(out, "R: %s\n", agent_promiser(a));
    fflush(out);
    return OUTCOME_KEPT;
}

const PromiseType promise_type_reports = { "reports", 140, reports_keep, 0 };
