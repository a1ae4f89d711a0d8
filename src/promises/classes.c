/* classes.c - classes: promises, kept by the evaluator's own rules
 * (eval/resolve.c), in every pass; `persistence` makes a class outlive
 * the run (minutes, kept in the state directory). */
#include "promises/promises.h"

#include <stdlib.h>

#include "eval/resolve.h"

static Outcome classes_keep(AgentCtx *a, const Promise *p, const PromiseAttrs *attrs)
{
    (void)attrs;
    EvalCtx *ctx = a->eval;
    Outcome o = OUTCOME_SKIPPED;
    resolve_class_promise(ctx, p, &o);
    const Constraint *k = promise_get(p, "persistence");
    if (k && o != OUTCOME_SKIPPED) {
        Value *v = eval_rval(ctx, k->rval);
        char *name = canonify(agent_promiser(a));
        if (v && v->type == VALUE_STRING && !v->unknown && classset_has(&ctx->classes, name))
            agent_persist_class(a, name, strtol(v->str, NULL, 10));
        free(name);
        value_free(v);
    }
    return o;
}

const PromiseType promise_type_classes = { "classes", 30, classes_keep,
                                           PROMISE_TYPE_EVERY_PASS | PROMISE_TYPE_NO_OUTCOME_CLASSES };
