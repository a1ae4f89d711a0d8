/* agent_body.c - the bodies every promise may use: action (ifelapsed,
 * expireafter, action_policy) and classes (outcome classes), resolved
 * with their arguments as 3.21 does. */
#include "eval/agent.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

static void free_value(void *v)
{
    value_free(v);
}

void agent_body_free(Map *m)
{
    map_free(m, free_value);
}

/* The body a constraint names: `name` or `name(args)`, in the promise's
 * namespace or the default one. */
static const Body *find_body(const EvalCtx *ctx, const Promise *p, const Rval *r, const char *type)
{
    if (r->kind != RVAL_SYMBOL && r->kind != RVAL_STRING && r->kind != RVAL_FNCALL)
        return NULL;
    const char *ns = p->section->bundle->ns;
    const Body *b = NULL;
    if (!strchr(r->str, ':') && strcmp(ns, "default") != 0)
        b = policy_find_body(ctx->policy, ns, type, r->str);
    return b ? b : policy_find_body(ctx->policy, NULL, type, r->str);
}

Map agent_body(AgentCtx *a, const Promise *p, const char *lval, const char *type)
{
    Map out = MAP_INIT;
    EvalCtx *ctx = a->eval;
    const Constraint *ref = promise_get(p, lval);
    if (!ref)
        return out;
    const Body *b = find_body(ctx, p, ref->rval, type);
    if (!b) {
        agent_error(a, p, "%s body '%s' is not defined; the promise goes without it", type, ref->rval->str);
        return out;
    }
    /* The arguments, worked out where the promise stands, bind the
     * parameters (through the iteration map, which lookups see first, so
     * everything else still resolves in the promise's bundle). */
    size_t n = ref->rval->kind == RVAL_FNCALL ? ref->rval->items.len : 0;
    if (n != b->params.len) {
        agent_error(a, p, "%s body '%s' takes %zu argument(s), given %zu; the promise goes without it", type,
                    b->name, b->params.len, n);
        return out;
    }
    Value **saved = xcalloc(n ? n : 1, sizeof *saved);
    Value **args = xcalloc(n ? n : 1, sizeof *args);
    for (size_t i = 0; i < n; i++) {
        args[i] = eval_rval(ctx, ref->rval->items.items[i]);
        if (!args[i])
            args[i] = value_string("");
    }
    for (size_t i = 0; i < n; i++) {
        const Param *pm = b->params.items[i];
        saved[i] = map_put(&ctx->iter, pm->name, args[i]);
    }
    ctx->iter_bound++; /* lookups must look at the bindings */
    for (size_t i = 0; i < b->constraints.len && !ctx->fatal; i++) {
        const Constraint *c = b->constraints.items[i];
        if (!eval_class_expr(ctx, c->classes))
            continue;
        Value *v = eval_rval(ctx, c->rval);
        if (v)
            value_free(map_put(&out, c->lval, v));
    }
    for (size_t i = n; i-- > 0;) {
        const Param *pm = b->params.items[i];
        value_free(map_put(&ctx->iter, pm->name, saved[i]));
    }
    ctx->iter_bound--;
    free(saved);
    free(args);
    return out;
}

static long minutes(const Map *m, const char *lval, long dflt)
{
    const Value *v = map_get(m, lval);
    if (!v || v->type != VALUE_STRING || v->unknown)
        return dflt;
    char *end;
    long n = strtol(v->str, &end, 10);
    return *end || end == v->str || n < 0 ? dflt : n;
}

PromiseAttrs agent_action_attrs(AgentCtx *a, const Promise *p)
{
    PromiseAttrs attrs = { a->opt.dry_run, a->ifelapsed, a->expireafter };
    if (!promise_get(p, "action"))
        return attrs;
    Map m = agent_body(a, p, "action", "action");
    attrs.ifelapsed = minutes(&m, "ifelapsed", attrs.ifelapsed);
    attrs.expireafter = minutes(&m, "expireafter", attrs.expireafter);
    const Value *policy = map_get(&m, "action_policy");
    if (policy && policy->type == VALUE_STRING &&
        (strcmp(policy->str, "warn") == 0 || strcmp(policy->str, "nop") == 0))
        attrs.warn_only = true;
    agent_body_free(&m);
    return attrs;
}

/* Applies one list of a classes body: set (or cancel) each class named. */
static void apply(AgentCtx *a, const Map *m, const char *lval, bool set, bool local, long persist)
{
    const Value *v = map_get(m, lval);
    if (!v || v->unknown)
        return;
    ClassSet *cs = &a->eval->classes;
    size_t n = v->type == VALUE_LIST ? v->list.len : 1;
    for (size_t i = 0; i < n; i++) {
        const char *raw = v->type == VALUE_LIST ? v->list.items[i] : v->str;
        if (value_str_unresolved(raw, true) || !*raw)
            continue;
        char *name = canonify(raw);
        if (!set)
            classset_remove(cs, name);
        else if (local)
            classset_add_local(cs, name);
        else
            classset_add(cs, a->eval->bundle ? a->eval->bundle->ns : NULL, name);
        if (set && persist > 0)
            agent_persist_class(a, name, persist);
        free(name);
    }
}

void agent_outcome_classes(AgentCtx *a, const Promise *p, Outcome o)
{
    if (!promise_get(p, "classes"))
        return;
    Map m = agent_body(a, p, "classes", "classes");
    const Value *scope = map_get(&m, "scope");
    bool local = scope && scope->type == VALUE_STRING && strcmp(scope->str, "bundle") == 0;
    long persist = minutes(&m, "persist_time", 0);
    switch (o) {
    case OUTCOME_KEPT:
        apply(a, &m, "promise_kept", true, local, persist);
        apply(a, &m, "cancel_kept", false, local, 0);
        break;
    case OUTCOME_REPAIRED:
        apply(a, &m, "promise_repaired", true, local, persist);
        apply(a, &m, "cancel_repaired", false, local, 0);
        break;
    case OUTCOME_WARN:
    case OUTCOME_FAILED:
        apply(a, &m, "repair_failed", true, local, persist);
        apply(a, &m, "cancel_notkept", false, local, 0);
        break;
    case OUTCOME_SKIPPED:
        break;
    }
    agent_body_free(&m);
}
