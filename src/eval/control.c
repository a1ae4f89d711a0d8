/* control.c - inputs and bundlesequence from body common control. */
#include "eval/control.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

/* Appends each value an rval stands for: strings expanded as far as they
 * can be, lists spliced, unresolved lists left out. */
static void rval_names(EvalCtx *ctx, const Rval *r, Vec *out)
{
    if (r->kind == RVAL_LIST) {
        for (size_t i = 0; i < r->items.len; i++)
            rval_names(ctx, r->items.items[i], out);
        return;
    }
    if (r->kind == RVAL_STRING || r->kind == RVAL_SYMBOL) {
        vec_push(out, eval_expand(ctx, r->str, NULL));
        return;
    }
    Value *v = eval_rval(ctx, r);
    if (!v) {
        if (r->kind == RVAL_NAKEDVAR && r->str[0] == '$')
            vec_push(out, xstrdup(r->str));
        return;
    }
    if (v->type == VALUE_STRING) {
        vec_push(out, xstrdup(v->str));
    } else {
        for (size_t i = 0; i < v->list.len; i++)
            vec_push(out, xstrdup(v->list.items[i]));
    }
    value_free(v);
}

static const Body *common_control(const Policy *p)
{
    for (size_t i = 0; i < p->bodies.len; i++) {
        const Body *b = p->bodies.items[i];
        if (b->kind == BODY_KIND_BODY && strcmp(b->type, "common") == 0 && strcmp(b->name, "control") == 0)
            return b;
    }
    return NULL;
}

void control_bundlesequence(EvalCtx *ctx, Vec *out)
{
    const Body *b = common_control(ctx->policy);
    const Constraint *seq = NULL;
    for (size_t i = 0; b && i < b->constraints.len; i++) {
        const Constraint *k = b->constraints.items[i];
        if (strcmp(k->lval, "bundlesequence") == 0 && eval_class_expr(ctx, k->classes))
            seq = k;
    }
    if (!seq) {
        vec_push(out, xstrdup("main"));
        return;
    }
    rval_names(ctx, seq->rval, out);
}

static void discard(void *userdata, DiagSeverity sev, const char *message)
{
    (void)userdata;
    (void)sev;
    (void)message;
}

static void control_expand(void *userdata, const Policy *p, const Constraint *c, Vec *out)
{
    ControlInputs *ci = userdata;
    if (!ci->ctx || ci->files_seen != p->files.len) {
        eval_free(ci->ctx);
        /* The evaluation is quiet: its errors come again, once, from the
         * caller's own evaluation of the whole policy. */
        ci->quiet = (Diag)DIAG_INIT;
        ci->quiet.fn = discard;
        ci->ctx = eval_new(p, &ci->quiet, ci->sys);
        ci->files_seen = p->files.len;
        eval_common_bundles(ci->ctx);
    }
    if (!eval_class_expr(ci->ctx, c->classes))
        return;
    Vec names = VEC_INIT;
    rval_names(ci->ctx, c->rval, &names);
    for (size_t i = 0; i < names.len; i++) {
        char *n = names.items[i];
        /* A name still holding a variable cannot be read. */
        if (strstr(n, "$(") || strstr(n, "${") || strstr(n, "@(") || strstr(n, "@{"))
            free(n);
        else
            vec_push(out, n);
    }
    vec_free(&names, NULL);
}

void control_inputs_init(ControlInputs *ci, const EvalSystem *sys)
{
    memset(ci, 0, sizeof *ci);
    ci->expander.expand = control_expand;
    ci->expander.userdata = ci;
    ci->sys = sys;
}

void control_inputs_fini(ControlInputs *ci)
{
    eval_free(ci->ctx);
    ci->ctx = NULL;
}
