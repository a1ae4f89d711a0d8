/* vars.c - vars: and meta: promises, kept by the evaluator's own rules
 * (eval/resolve.c), in every pass, as 3.21 does. */
#include "promises/promises.h"

#include <stdlib.h>

#include "base/alloc.h"
#include "eval/resolve.h"

static Outcome vars_keep(AgentCtx *a, const Promise *p, const PromiseAttrs *attrs)
{
    (void)attrs;
    Outcome o = OUTCOME_SKIPPED;
    resolve_var_promise(a->eval, p, &o);
    return o;
}

/* meta: promises are variables of the scope "BUNDLE_meta". */
static Outcome meta_keep(AgentCtx *a, const Promise *p, const PromiseAttrs *attrs)
{
    (void)attrs;
    EvalCtx *ctx = a->eval;
    char *scope = ctx->scope;
    ctx->scope = xasprintf("%s_meta", scope);
    Outcome o = OUTCOME_SKIPPED;
    resolve_var_promise(ctx, p, &o);
    free(ctx->scope);
    ctx->scope = scope;
    return o;
}

const PromiseType promise_type_vars = { "vars", 10, vars_keep, PROMISE_TYPE_EVERY_PASS };
const PromiseType promise_type_meta = { "meta", 0, meta_keep, PROMISE_TYPE_EVERY_PASS };
