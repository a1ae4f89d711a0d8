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

/* Binds b's parameters to copies of args through the iteration map,
 * which lookups see first, so everything else still resolves in the
 * promise's bundle; the values they hid go to saved. */
static void bind_params(EvalCtx *ctx, const Body *b, Value *const *args, Value **saved)
{
    for (size_t i = 0; i < b->params.len; i++) {
        const Param *pm = b->params.items[i];
        saved[i] = map_put(&ctx->iter, pm->name, value_copy(args[i]));
    }
    ctx->iter_bound++; /* lookups look at ctx->iter only while something is bound */
}

static void unbind_params(EvalCtx *ctx, const Body *b, Value **saved)
{
    for (size_t i = b->params.len; i-- > 0;) {
        const Param *pm = b->params.items[i];
        value_free(map_put(&ctx->iter, pm->name, saved[i]));
    }
    ctx->iter_bound--;
}

/* The arguments of a body reference, worked out where evaluation stands
 * (nargs of them, owned; a call that fails gives ""). */
static Value **body_args(EvalCtx *ctx, const Rval *r, size_t *nargs)
{
    size_t n = r->kind == RVAL_FNCALL ? r->items.len : 0;
    Value **args = xcalloc(n ? n : 1, sizeof *args);
    for (size_t i = 0; i < n; i++) {
        args[i] = eval_rval(ctx, r->items.items[i]);
        if (!args[i])
            args[i] = value_string("");
    }
    *nargs = n;
    return args;
}

static void free_args(Value **args, size_t n)
{
    for (size_t i = 0; i < n; i++)
        value_free(args[i]);
    free(args);
}

/* How deep inherit_from may go: 3.21 follows a chain of parents, and a
 * body that inherits from itself must not loop. */
#define BODY_INHERIT_MAX 16

/* Resolves body b with its parameters bound to args into out: first what
 * it inherits (inherit_from => parent or parent(args), the arguments
 * worked out with b's parameters bound), then its own attributes, which
 * win, as 3.21's inherit_from. */
static void body_into(AgentCtx *a, const Promise *p, const Body *b, Value *const *args, const char *type,
                      Map *out, unsigned depth)
{
    EvalCtx *ctx = a->eval;
    Value **saved = xcalloc(b->params.len ? b->params.len : 1, sizeof *saved);
    bind_params(ctx, b, args, saved);
    const Body *parent = NULL;
    Value **pargs = NULL;
    size_t npargs = 0;
    for (size_t i = 0; i < b->constraints.len && !ctx->fatal; i++) {
        const Constraint *c = b->constraints.items[i];
        if (strcmp(c->lval, "inherit_from") != 0 || !eval_class_expr(ctx, c->classes))
            continue;
        parent = find_body(ctx, p, c->rval, type);
        if (!parent) {
            agent_error(a, p, "%s body '%s' inherits from '%s', which is not defined", type, b->name, c->rval->str);
        } else {
            free_args(pargs, npargs);
            pargs = body_args(ctx, c->rval, &npargs);
        }
    }
    unbind_params(ctx, b, saved);
    if (parent && depth >= BODY_INHERIT_MAX) {
        agent_error(a, p, "%s body '%s': inherit_from goes deeper than %d bodies; the rest is left out", type,
                    b->name, BODY_INHERIT_MAX);
    } else if (parent && npargs != parent->params.len) {
        agent_error(a, p, "%s body '%s' takes %zu argument(s), inherit_from gives %zu; it is left out", type,
                    parent->name, parent->params.len, npargs);
    } else if (parent) {
        body_into(a, p, parent, pargs, type, out, depth + 1);
    }
    free_args(pargs, npargs);
    bind_params(ctx, b, args, saved);
    for (size_t i = 0; i < b->constraints.len && !ctx->fatal; i++) {
        const Constraint *c = b->constraints.items[i];
        if (strcmp(c->lval, "inherit_from") == 0 || !eval_class_expr(ctx, c->classes))
            continue;
        Value *v = eval_rval(ctx, c->rval);
        if (v)
            value_free(map_put(out, c->lval, v));
    }
    unbind_params(ctx, b, saved);
    free(saved);
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
    /* the arguments are worked out where the promise stands */
    size_t n;
    Value **args = body_args(ctx, ref->rval, &n);
    if (n != b->params.len)
        agent_error(a, p, "%s body '%s' takes %zu argument(s), given %zu; the promise goes without it", type,
                    b->name, b->params.len, n);
    else
        body_into(a, p, b, args, type, &out, 0);
    free_args(args, n);
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
