/* control.c - resolving a policy, the control bodies, inputs and the
 * bundlesequence. */
#include "eval/control.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "eval/resolve.h"

/* ---- control bodies -------------------------------------------------------- */

/* What 3.21 takes as true in a boolean control attribute. */
static bool boolean_from_string(const char *s)
{
    return strcmp(s, "true") == 0 || strcmp(s, "yes") == 0 || strcmp(s, "on") == 0;
}

/* The names a bundlesequence list stands for, expanded as 3.21's
 * ExpandPrivateRval does (no function is called: a call names the bundle
 * of its name). NULL for an entry minicf cannot work out. */
static void sequence_names(EvalCtx *ctx, const Rval *r, Vec *out)
{
    switch (r->kind) {
    case RVAL_LIST:
        for (size_t i = 0; i < r->items.len; i++)
            sequence_names(ctx, r->items.items[i], out);
        return;
    case RVAL_FNCALL:
        vec_push(out, xstrdup(r->str));
        return;
    case RVAL_NAKEDVAR:
        if (r->str[0] == '@') {
            Value *v = eval_rval(ctx, r);
            if (v && v->type == VALUE_LIST && v->unknown)
                vec_push(out, NULL);
            else if (v && v->type == VALUE_LIST)
                for (size_t i = 0; i < v->list.len; i++)
                    vec_push(out, xstrdup(v->list.items[i]));
            else
                vec_push(out, xstrdup(r->str));
            value_free(v);
            return;
        }
        break;
    case RVAL_STRING:
    case RVAL_SYMBOL:
        break;
    }
    ExpandState st = { false, false };
    char *s = eval_expand_state(ctx, r->str, &st);
    if (st.unknown) {
        free(s);
        s = NULL;
    }
    vec_push(out, s);
}

static void resolve_control_body(EvalCtx *ctx, const Body *b)
{
    char *scope = xstrjoin("control_", b->type, NULL);
    eval_enter(ctx, NULL, scope);
    free(scope);
    bool common = strcmp(b->type, "common") == 0;
    for (size_t i = 0; i < b->constraints.len && !ctx->fatal; i++) {
        const Constraint *k = b->constraints.items[i];
        ctx->constraint = k;
        if (!eval_class_expr(ctx, k->classes))
            continue;
        if (common && strcmp(k->lval, "bundlesequence") == 0) {
            vec_free(&ctx->control.bundlesequence, free);
            ctx->control.bundlesequence = (Vec)VEC_INIT;
            ctx->control.has_bundlesequence = false;
            if (k->rval->kind != RVAL_LIST)
                continue; /* of the wrong type: 3.21 drops it */
            sequence_names(ctx, k->rval, &ctx->control.bundlesequence);
            ctx->control.has_bundlesequence = ctx->control.bundlesequence.len > 0;
            ctx->control.bundlesequence_at = k;
            continue;
        }
        Value *v = eval_rval(ctx, k->rval);
        bool scalar = v && v->type == VALUE_STRING && !v->unknown;
        if (common && scalar && strcmp(k->lval, "ignore_missing_inputs") == 0)
            ctx->control.ignore_missing_inputs = boolean_from_string(v->str);
        if (common && scalar && strcmp(k->lval, "ignore_missing_bundles") == 0)
            ctx->control.ignore_missing_bundles = boolean_from_string(v->str);
        value_free(v);
    }
    eval_enter(ctx, NULL, NULL);
}

void control_resolve(EvalCtx *ctx, const Policy *p, size_t b0, size_t b1, size_t d0, size_t d1)
{
    eval_set_policy(ctx, p);
    for (int common = 1; common >= 0; common--) {
        for (size_t i = b0; i < b1 && !ctx->fatal; i++) {
            const Bundle *b = p->bundles.items[i];
            if ((strcmp(b->type, "common") == 0) == (common == 1))
                resolve_bundle(ctx, b);
        }
    }
    for (size_t i = d0; i < d1 && !ctx->fatal; i++) {
        const Body *b = p->bodies.items[i];
        if (b->kind == BODY_KIND_BODY && strcmp(b->name, "control") == 0)
            resolve_control_body(ctx, b);
    }
}

/* ---- inputs ---------------------------------------------------------------- */

static int hook_resolve(void *ud, const Policy *p, size_t b0, size_t b1, size_t d0, size_t d1)
{
    ControlInputs *ci = ud;
    control_resolve(ci->ctx, p, b0, b1, d0, d1);
    return ci->ctx->fatal ? -1 : 0;
}

static bool hook_guard(void *ud, const char *classes)
{
    ControlInputs *ci = ud;
    eval_enter(ci->ctx, NULL, "sys");
    return eval_class_expr(ci->ctx, classes);
}

static bool hook_ignore_missing(void *ud)
{
    ControlInputs *ci = ud;
    return ci->ctx->control.ignore_missing_inputs;
}

/* One name of an inputs list: loaded when it is resolved. */
static void input_name(EvalCtx *ctx, const char *s, bool unknown, Vec *out)
{
    if (unknown)
        eval_warning(ctx, "Input '%s' depends on a value minicf cannot work out; not loaded", s);
    else if (value_str_unresolved(s, true))
        eval_warning(ctx, "Unresolved variable '%s' in input list, cannot parse: the input is skipped", s);
    else
        vec_push(out, xstrdup(s));
}

/* One entry of an inputs list, as 3.21's LoadPolicyInputFiles takes it:
 * evaluated in the "sys" scope, @(list) spliced. */
static int hook_expand(void *ud, const Policy *p, const Constraint *c, const Rval *entry, Vec *out)
{
    ControlInputs *ci = ud;
    EvalCtx *ctx = ci->ctx;
    eval_set_policy(ctx, p);
    eval_enter(ctx, NULL, "sys");
    ctx->constraint = c;
    Value *v = eval_rval(ctx, entry);
    if (v && v->type == VALUE_LIST) {
        if (v->unknown)
            input_name(ctx, entry->str, true, out);
        for (size_t i = 0; i < v->list.len && !v->unknown; i++) {
            /* each item is an entry in its turn, expanded again */
            ExpandState st = { false, false };
            char *s = eval_expand_state(ctx, v->list.items[i], &st);
            input_name(ctx, s, st.unknown, out);
            free(s);
        }
    } else if (v) {
        input_name(ctx, v->unknown ? entry->str : v->str, v->unknown, out);
    }
    value_free(v);
    eval_enter(ctx, NULL, NULL);
    return ctx->fatal ? -1 : 0;
}

void control_inputs_init(ControlInputs *ci, EvalCtx *ctx)
{
    memset(ci, 0, sizeof *ci);
    ci->expander.resolve = hook_resolve;
    ci->expander.guard = hook_guard;
    ci->expander.expand = hook_expand;
    ci->expander.ignore_missing = hook_ignore_missing;
    ci->expander.userdata = ci;
    ci->ctx = ctx;
}

/* ---- bundlesequence -------------------------------------------------------- */

void control_bundlesequence(EvalCtx *ctx, Vec *out)
{
    if (!ctx->control.has_bundlesequence) {
        vec_push(out, xstrdup("main"));
        return;
    }
    for (size_t i = 0; i < ctx->control.bundlesequence.len; i++) {
        const char *n = ctx->control.bundlesequence.items[i];
        if (n)
            vec_push(out, xstrdup(n));
    }
}

/* 3.21's PolicyGetBundle(policy, NULL, NULL, name). */
static bool bundle_defined(const Policy *p, const char *name)
{
    const char *colon = strchr(name, ':');
    const char *symbol = colon ? colon + 1 : name;
    for (size_t i = 0; i < p->bundles.len; i++) {
        const Bundle *b = p->bundles.items[i];
        if (strcmp(b->name, symbol) == 0 || strcmp(b->name, name) == 0)
            return true;
    }
    return false;
}

unsigned control_check_bundlesequence(EvalCtx *ctx, const Policy *p, Diag *d)
{
    if (ctx->control.ignore_missing_bundles)
        return 0;
    Vec names = VEC_INIT;
    control_bundlesequence(ctx, &names);
    const Constraint *at = ctx->control.has_bundlesequence ? ctx->control.bundlesequence_at : NULL;
    unsigned errors = 0;
    for (size_t i = 0; i < names.len; i++) {
        const char *name = names.items[i];
        if (bundle_defined(p, name))
            continue;
        errors++;
        if (at)
            diag_at(d, DIAG_ERROR, constraint_file(at), at->span.start,
                    "Bundle '%s' listed in the bundlesequence is not a defined bundle (of any type, in any "
                    "namespace); could not verify bundlesequence", name);
        else
            diag_file(d, DIAG_ERROR, p->files.len ? ((const SourceFile *)p->files.items[0])->path : NULL,
                      "Bundle '%s' listed in the bundlesequence is not a defined bundle: with no bundlesequence "
                      "in body common control, a bundle 'main' must be defined", name);
    }
    vec_free(&names, free);
    return errors;
}
