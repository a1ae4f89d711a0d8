/* methods.c - methods: promises run a bundle (usebundle, with its
 * arguments), whose promises' outcomes, merged, are the method's. */
#include "promises/promises.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

/* 3.21 gives up on methods nested deeper than this. */
#define METHODS_MAX_DEPTH 100

/* An argument worked out: @(list) is the whole list, even when the
 * promise iterates over $(list) too. */
static Value *argument(EvalCtx *ctx, const Rval *r)
{
    Value *v;
    if (r->kind == RVAL_NAKEDVAR && r->str[0] == '@') {
        Map iter = ctx->iter;
        ctx->iter = (Map)MAP_INIT;
        v = eval_rval(ctx, r);
        ctx->iter = iter;
    } else {
        v = eval_rval(ctx, r);
    }
    return v ? v : value_string("");
}

static Outcome methods_keep(AgentCtx *a, const Promise *p, const PromiseAttrs *attrs)
{
    (void)attrs;
    EvalCtx *ctx = a->eval;
    const Constraint *use = promise_get(p, "usebundle");
    const Rval *r = use ? use->rval : NULL;
    char *name;
    size_t n = 0;
    ExpandState st = { false, false };
    if (!r)
        name = xstrdup(agent_promiser(a)); /* the promiser names the bundle */
    else if (r->kind == RVAL_FNCALL)
        name = eval_expand_state(ctx, r->str, &st), n = r->items.len;
    else if (r->kind == RVAL_LIST)
        name = NULL;
    else
        name = eval_expand_state(ctx, r->str, &st);
    if (!name) {
        agent_error(a, p, "usebundle must name a bundle");
        return OUTCOME_FAILED;
    }
    if (st.unknown) {
        /* a value minicf cannot work out (a function it lacks) */
        agent_verbose(a, p, "skipping method '%s': the bundle's name depends on a value minicf cannot work out",
                      agent_promiser(a));
        free(name);
        return OUTCOME_SKIPPED;
    }
    const Bundle *b = agent_find_bundle(a, p->section->bundle->ns, name);
    if (!b) {
        /* fatal in 3.21 too: "Aborting due to missing bundle" */
        eval_fatal(ctx, "A method attempted to use a bundle '%s' that was apparently not defined; aborting", name);
        free(name);
        return OUTCOME_FAILED;
    }
    free(name);
    if (b->params.len != n) {
        agent_error(a, p, "bundle '%s' takes %zu argument(s), the method gives %zu", b->name, b->params.len, n);
        return OUTCOME_FAILED;
    }
    if (a->depth >= METHODS_MAX_DEPTH) {
        agent_error(a, p, "methods nested deeper than %d; bundle '%s' not run", METHODS_MAX_DEPTH, b->name);
        return OUTCOME_FAILED;
    }
    Value **args = xcalloc(n ? n : 1, sizeof *args);
    for (size_t i = 0; i < n; i++)
        args[i] = argument(ctx, r->items.items[i]);
    const Constraint *useresult = promise_get(p, "useresult");
    Map returns = MAP_INIT;
    Outcome o = agent_run_bundle_returning(a, b, (const Value *const *)args, n, useresult ? &returns : NULL);
    if (useresult) {
        /* the bundle's return values become the array useresult names */
        char *array = eval_expand(ctx, useresult->rval->str, NULL);
        const MapEntry *e;
        for (size_t i = 0; map_next(&returns, &i, &e);) {
            char *element = xasprintf("%s[%s]", array, e->key);
            vars_put(&ctx->vars, ctx->scope, element, value_string(e->value));
            free(element);
        }
        free(array);
    }
    map_free(&returns, free);
    for (size_t i = 0; i < n; i++)
        value_free(args[i]);
    free(args);
    return o == OUTCOME_SKIPPED ? OUTCOME_KEPT : o;
}

const PromiseType promise_type_methods = { "methods", 80, methods_keep, 0 };
