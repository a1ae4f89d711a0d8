/* reports.c - reports: promises print "R: text", each once per run, as
 * 3.21 does; a dry run says what it would print instead. */
#include "promises/promises.h"

static Outcome reports_keep(AgentCtx *a, const Promise *p, const PromiseAttrs *attrs)
{
    (void)p;
    FILE *out = agent_out(a);
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
