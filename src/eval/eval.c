/* eval.c - the evaluation context, expansion, and common bundles. */
#include "eval/eval.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "eval/functions.h"
#include "eval/sysinfo.h"

EvalCtx *eval_new(const Policy *p, Diag *d, const EvalSystem *sys)
{
    EvalCtx *ctx = xcalloc(1, sizeof *ctx);
    ctx->policy = p;
    ctx->diag = d;
    ctx->now = sys && sys->now ? sys->now : time(NULL);
    sysinfo_discover(ctx, sys);
    return ctx;
}

void eval_free(EvalCtx *ctx)
{
    if (!ctx)
        return;
    classset_free(&ctx->classes);
    vars_free(&ctx->vars);
    free(ctx->scope);
    free(ctx);
}

void eval_set_policy(EvalCtx *ctx, const Policy *p)
{
    ctx->policy = p;
}

void eval_error(EvalCtx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (ctx->promise) {
        diag_vat(ctx->diag, DIAG_ERROR, promise_file(ctx->promise), ctx->promise->span.end, fmt, ap);
    } else {
        Buf b = BUF_INIT;
        buf_vprintf(&b, fmt, ap);
        diag_file(ctx->diag, DIAG_ERROR, NULL, "%s", buf_cstr(&b));
        buf_free(&b);
    }
    va_end(ap);
    ctx->errors++;
}

static bool is_special_scope(const char *s, size_t n)
{
    static const char *const SPECIAL[] = { "sys", "const", "this", "mon", "match", "edit", "body", NULL };
    for (const char *const *p = SPECIAL; *p; p++)
        if (strlen(*p) == n && strncmp(*p, s, n) == 0)
            return true;
    return false;
}

const Value *eval_lookup(EvalCtx *ctx, const char *ref)
{
    const char *bracket = strchr(ref, '[');
    const char *dot = strchr(ref, '.');
    if (dot && bracket && dot > bracket)
        dot = NULL;
    if (!dot)
        return vars_get(&ctx->vars, ctx->scope ? ctx->scope : "default:main", ref);
    size_t n = (size_t)(dot - ref);
    char *scope;
    if (is_special_scope(ref, n))
        scope = xstrndup(ref, n);
    else if (memchr(ref, ':', n))
        scope = xstrndup(ref, n);
    else if (ctx->bundle)
        scope = xasprintf("%s:%.*s", ctx->bundle->ns, (int)n, ref);
    else
        scope = xasprintf("default:%.*s", (int)n, ref);
    const Value *v = vars_get(&ctx->vars, scope, dot + 1);
    free(scope);
    return v;
}

/* The end of the reference opened at s[0..1] ("$(" or "${"), or NULL. */
static const char *reference_end(const char *s)
{
    char open = s[1], close = open == '(' ? ')' : '}';
    int depth = 0;
    for (const char *p = s + 1; *p; p++) {
        if (*p == open)
            depth++;
        else if (*p == close && --depth == 0)
            return p;
    }
    return NULL;
}

char *eval_expand(EvalCtx *ctx, const char *s, bool *complete)
{
    Buf b = BUF_INIT;
    bool all = true;
    for (const char *p = s; *p;) {
        if (p[0] == '$' && (p[1] == '(' || p[1] == '{')) {
            const char *end = reference_end(p);
            if (end) {
                char *inner = xstrndup(p + 2, (size_t)(end - p - 2));
                bool inner_complete = true;
                char *name = eval_expand(ctx, inner, &inner_complete);
                const Value *v = inner_complete ? eval_lookup(ctx, name) : NULL;
                if (v && v->type == VALUE_STRING) {
                    buf_puts(&b, v->str);
                } else {
                    /* Unresolved (or a list, which iteration handles):
                     * left as written, as 3.21 leaves it. */
                    buf_append(&b, p, (size_t)(end - p + 1));
                    all = false;
                }
                free(name);
                free(inner);
                p = end + 1;
                continue;
            }
        }
        buf_putc(&b, *p++);
    }
    if (complete)
        *complete = all;
    return buf_steal(&b);
}

/* "@(x)" or "@{x}" naming a list: its value. */
static const Value *naked_list(EvalCtx *ctx, const char *s)
{
    size_t n = strlen(s);
    if (n < 4 || s[0] != '@')
        return NULL;
    char *inner = xstrndup(s + 2, n - 3);
    bool complete = true;
    char *name = eval_expand(ctx, inner, &complete);
    const Value *v = complete ? eval_lookup(ctx, name) : NULL;
    free(name);
    free(inner);
    return v;
}

Value *eval_rval(EvalCtx *ctx, const Rval *r)
{
    switch (r->kind) {
    case RVAL_STRING:
    case RVAL_SYMBOL: {
        bool complete = true;
        char *s = eval_expand(ctx, r->str, &complete);
        Value *v = complete ? value_string(s) : NULL;
        free(s);
        return v;
    }
    case RVAL_NAKEDVAR: {
        if (r->str[0] == '@') {
            const Value *v = naked_list(ctx, r->str);
            return v ? value_copy(v) : NULL;
        }
        bool complete = true;
        char *s = eval_expand(ctx, r->str, &complete);
        Value *v = complete ? value_string(s) : NULL;
        free(s);
        return v;
    }
    case RVAL_LIST: {
        Value *list = value_list();
        for (size_t i = 0; i < r->items.len; i++) {
            const Rval *item = r->items.items[i];
            Value *v = eval_rval(ctx, item);
            if (!v) {
                value_free(list);
                return NULL;
            }
            if (v->type == VALUE_LIST) {
                for (size_t k = 0; k < v->list.len; k++)
                    value_list_push(list, v->list.items[k]);
            } else {
                value_list_push(list, v->str);
            }
            value_free(v);
        }
        return list;
    }
    case RVAL_FNCALL:
        return eval_fncall(ctx, r);
    }
    return NULL;
}

bool eval_class_expr(EvalCtx *ctx, const char *expr)
{
    bool complete = true;
    char *s = eval_expand(ctx, expr, &complete);
    int v = complete ? class_expr_eval(&ctx->classes, s, NULL) : 0;
    free(s);
    return v > 0;
}

/* ---- promises of common bundles ---------------------------------------- */

/* this.promise_filename is absolute, as 3.21 makes it: a relative path
 * is joined to the working directory as it is, "./" and all. */
static char *absolute_path(const char *path)
{
    if (path[0] == '/')
        return xstrdup(path);
    char *cwd = getcwd(NULL, 0);
    char *abs = cwd ? xasprintf("%s/%s", cwd, path) : xstrdup(path);
    free(cwd);
    return abs;
}

static void set_this(EvalCtx *ctx, const Promise *p)
{
    SourceFile *f = promise_file(p);
    unsigned line, col;
    srcfile_linecol(f, p->span.start, &line, &col);
    char *file = absolute_path(f->path);
    vars_put(&ctx->vars, "this", "promise_filename", value_string(file));
    char *slash = strrchr(file, '/');
    *slash = '\0';
    vars_put(&ctx->vars, "this", "promise_dirname", value_string(file));
    free(file);
    char *ln = xasprintf("%u", line);
    vars_put(&ctx->vars, "this", "promise_linenumber", value_string(ln));
    free(ln);
    vars_put(&ctx->vars, "this", "bundle", value_string(ctx->bundle->name));
    vars_put(&ctx->vars, "this", "namespace", value_string(ctx->bundle->ns));
}

/* Whether the promise's guard and its if/ifvarclass/unless let it run. */
static bool promise_applies(EvalCtx *ctx, const Promise *p)
{
    if (!eval_class_expr(ctx, p->classes))
        return false;
    for (size_t i = 0; i < p->constraints.len; i++) {
        const Constraint *k = p->constraints.items[i];
        bool is_if = strcmp(k->lval, "if") == 0 || strcmp(k->lval, "ifvarclass") == 0;
        bool is_unless = strcmp(k->lval, "unless") == 0;
        if (!is_if && !is_unless)
            continue;
        Value *v = eval_rval(ctx, k->rval);
        if (!v)
            return false; /* unresolved: skipped until it can be */
        bool t = v->type == VALUE_STRING && eval_class_expr(ctx, v->str);
        if (v->type == VALUE_LIST) {
            /* A list is the and of its items. */
            t = true;
            for (size_t j = 0; j < v->list.len; j++)
                t = t && eval_class_expr(ctx, v->list.items[j]);
        }
        value_free(v);
        if ((is_if && !t) || (is_unless && t))
            return false;
    }
    return true;
}

static const char *const VAR_TYPES[] = { "string", "int", "real", "slist", "ilist", "rlist", "data", NULL };

static void eval_vars_promise(EvalCtx *ctx, const Promise *p)
{
    bool complete = true;
    char *name = eval_expand(ctx, p->promiser, &complete);
    if (!complete) {
        free(name);
        return; /* iteration over lists in promisers comes with the evaluator */
    }
    for (size_t i = 0; i < p->constraints.len; i++) {
        const Constraint *k = p->constraints.items[i];
        for (const char *const *t = VAR_TYPES; *t; t++) {
            if (strcmp(k->lval, *t) != 0)
                continue;
            Value *v = eval_rval(ctx, k->rval);
            if (v)
                vars_put(&ctx->vars, ctx->scope, name, v);
        }
    }
    free(name);
}

static void eval_classes_promise(EvalCtx *ctx, const Promise *p)
{
    bool complete = true;
    char *name = eval_expand(ctx, p->promiser, &complete);
    if (!complete) {
        free(name);
        return;
    }
    char *cname = canonify(name);
    bool any_rule = false, result = false;
    for (size_t i = 0; i < p->constraints.len; i++) {
        const Constraint *k = p->constraints.items[i];
        bool is_and = strcmp(k->lval, "and") == 0, is_or = strcmp(k->lval, "or") == 0;
        bool is_expr = strcmp(k->lval, "expression") == 0, is_not = strcmp(k->lval, "not") == 0;
        bool is_xor = strcmp(k->lval, "xor") == 0;
        if (!is_and && !is_or && !is_expr && !is_not && !is_xor)
            continue;
        any_rule = true;
        Value *v = eval_rval(ctx, k->rval);
        if (!v)
            continue;
        if (v->type == VALUE_STRING) {
            bool t = eval_class_expr(ctx, v->str);
            result = is_not ? !t : t;
        } else {
            unsigned trues = 0;
            for (size_t j = 0; j < v->list.len; j++)
                trues += eval_class_expr(ctx, v->list.items[j]);
            result = is_and ? trues == v->list.len : is_xor ? trues % 2 == 1 : trues > 0;
        }
        value_free(v);
    }
    if (!any_rule)
        result = true; /* a class promise with no rule defines its class */
    if (result)
        classset_add(&ctx->classes, cname);
    free(cname);
    free(name);
}

void eval_common_bundles(EvalCtx *ctx)
{
    for (int pass = 0; pass < 3; pass++) {
        for (size_t i = 0; i < ctx->policy->bundles.len; i++) {
            const Bundle *b = ctx->policy->bundles.items[i];
            if (strcmp(b->type, "common") != 0)
                continue;
            ctx->bundle = b;
            free(ctx->scope);
            ctx->scope = xasprintf("%s:%s", b->ns, b->name);
            /* vars before classes, as the normal order has it */
            for (int phase = 0; phase < 2; phase++) {
                const char *type = phase == 0 ? "vars" : "classes";
                for (size_t s = 0; s < b->sections.len; s++) {
                    const Section *sec = b->sections.items[s];
                    if (strcmp(sec->promise_type, type) != 0)
                        continue;
                    for (size_t k = 0; k < sec->promises.len; k++) {
                        const Promise *p = sec->promises.items[k];
                        ctx->promise = p;
                        set_this(ctx, p);
                        if (!promise_applies(ctx, p))
                            continue;
                        if (phase == 0)
                            eval_vars_promise(ctx, p);
                        else
                            eval_classes_promise(ctx, p);
                    }
                }
            }
        }
        /* Errors are reported once, on the first pass. */
        if (pass == 0 && ctx->errors)
            break;
    }
    ctx->bundle = NULL;
    ctx->promise = NULL;
}
