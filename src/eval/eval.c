/* eval.c - the evaluation context, lookup, expansion and rvals. */
#include "eval/eval.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "eval/functions.h"
#include "eval/sysinfo.h"
#include "eval/sysinfo_data.h"

static void free_value(void *v)
{
    value_free(v);
}

EvalCtx *eval_new(const Policy *p, Diag *d, const EvalSystem *sys)
{
    EvalCtx *ctx = xcalloc(1, sizeof *ctx);
    ctx->policy = p;
    ctx->diag = d;
    ctx->now = sys && sys->now ? sys->now : time(NULL);
    ctx->unknown = value_unknown(VALUE_STRING);
    ctx->cwd = getcwd(NULL, 0);
    ctx->proc_root = sys && sys->proc_root ? xstrdup(sys->proc_root) : NULL;
    ctx->os_release = sys && sys->os_release ? xstrdup(sys->os_release) : NULL;
    sysinfo_discover(ctx, sys);
    return ctx;
}

void eval_free(EvalCtx *ctx)
{
    if (!ctx)
        return;
    classset_free(&ctx->classes);
    vars_free(&ctx->vars);
    map_free(&ctx->this_vars, free_value);
    value_free(ctx->promiser);
    map_free(&ctx->iter, free_value);
    map_free(&ctx->said, NULL);
    map_free(&ctx->derived, free_value);
    map_free(&ctx->fncache, free_value);
    value_free(ctx->unknown);
    free(ctx->proc_root);
    free(ctx->os_release);
    vec_free(&ctx->control.bundlesequence, free);
    free(ctx->scope);
    free(ctx->cwd);
    check_regex_cache_free(&ctx->regexes);
    free(ctx);
}

void eval_set_policy(EvalCtx *ctx, const Policy *p)
{
    ctx->policy = p;
}

void eval_enter(EvalCtx *ctx, const Bundle *b, const char *scope)
{
    ctx->bundle = b;
    ctx->classes.ns = b ? b->ns : NULL;
    ctx->promise = NULL;
    ctx->constraint = NULL;
    free(ctx->scope);
    if (scope)
        ctx->scope = xstrdup(scope);
    else if (b)
        ctx->scope = xstrjoin(b->ns, ":", b->name, NULL);
    else
        ctx->scope = NULL;
    map_clear(&ctx->this_vars, free_value);
    value_free(ctx->promiser);
    ctx->promiser = NULL;
}

void eval_set_promise(EvalCtx *ctx, const Promise *p)
{
    ctx->promise = p;
    map_clear(&ctx->this_vars, free_value);
    value_free(ctx->promiser);
    ctx->promiser = NULL;
}

const char *eval_set_promiser(EvalCtx *ctx, char *name)
{
    /* set for every iteration of every promise: kept apart */
    value_free(ctx->promiser);
    ctx->promiser = value_string_owned(name);
    return name;
}

void eval_set_this(EvalCtx *ctx, const char *name, const char *value)
{
    if (strcmp(name, "promiser") == 0) {
        eval_set_promiser(ctx, xstrdup(value));
        return;
    }
    value_free(map_put(&ctx->this_vars, name, value_string(value)));
}

/* this.promise_filename is absolute, as 3.21 makes it: a relative path
 * is joined to the working directory as it is, "./" and all. */
static char *absolute_path(const EvalCtx *ctx, const char *path)
{
    if (path[0] == '/' || !ctx->cwd)
        return xstrdup(path);
    return xasprintf("%s/%s", ctx->cwd, path);
}

/* The value of this.NAME that the current promise itself gives, or NULL. */
static char *promise_this(const EvalCtx *ctx, const char *name)
{
    const Promise *p = ctx->promise;
    if (strcmp(name, "promise_filename") == 0)
        return absolute_path(ctx, promise_file(p)->path);
    if (strcmp(name, "promise_dirname") == 0) {
        char *file = absolute_path(ctx, promise_file(p)->path);
        char *slash = strrchr(file, '/');
        if (slash == file)
            slash[1] = '\0';
        else if (slash)
            *slash = '\0';
        return file;
    }
    if (strcmp(name, "promise_linenumber") == 0) {
        unsigned line, col;
        srcfile_linecol(promise_file(p), p->span.start, &line, &col);
        return xasprintf("%u", line);
    }
    if (strcmp(name, "bundle") == 0 && ctx->bundle)
        return xstrdup(ctx->bundle->name);
    if (strcmp(name, "namespace") == 0 && ctx->bundle)
        return xstrdup(ctx->bundle->ns);
    if (strcmp(name, "handle") == 0) {
        const Constraint *h = promise_get(p, "handle");
        return h && h->rval->kind == RVAL_STRING ? xstrdup(h->rval->str) : NULL;
    }
    return NULL;
}

/* this.NAME: set for the promise, or worked out from it (once). */
static const Value *this_lookup(EvalCtx *ctx, const char *name)
{
    if (strcmp(name, "promiser") == 0)
        return ctx->promiser;
    const Value *v = map_get(&ctx->this_vars, name);
    if (v || !ctx->promise)
        return v;
    char *s = promise_this(ctx, name);
    if (!s)
        return NULL;
    Value *nv = value_string_owned(s);
    map_put(&ctx->this_vars, name, nv);
    return nv;
}

/* ---- diagnostics ---------------------------------------------------------- */

/* Where the current evaluation is, for messages. */
static SourceFile *where(EvalCtx *ctx, size_t *offset)
{
    if (ctx->promise) {
        *offset = ctx->promise->span.start;
        return promise_file(ctx->promise);
    }
    if (ctx->constraint) {
        *offset = ctx->constraint->span.start;
        return constraint_file(ctx->constraint);
    }
    return NULL;
}

static void report(EvalCtx *ctx, DiagSeverity sev, const char *msg)
{
    size_t offset = 0;
    SourceFile *f = where(ctx, &offset);
    if (f)
        diag_at(ctx->diag, sev, f, offset, "%s", msg);
    else
        diag_file(ctx->diag, sev, NULL, "%s", msg);
}

void eval_fatal(EvalCtx *ctx, const char *fmt, ...)
{
    if (ctx->fatal)
        return; /* 3.21 has exited already */
    va_list ap;
    va_start(ap, fmt);
    Buf b = BUF_INIT;
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    report(ctx, DIAG_ERROR, buf_cstr(&b));
    buf_free(&b);
    ctx->errors++;
    ctx->fatal = true;
}

void eval_note(EvalCtx *ctx, const char *fmt, ...)
{
    if (!ctx->verbose)
        return;
    va_list ap;
    va_start(ap, fmt);
    Buf b = BUF_INIT;
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    eval_warning(ctx, "%s", buf_cstr(&b));
    buf_free(&b);
}

void eval_warning(EvalCtx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Buf b = BUF_INIT;
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    size_t offset = 0;
    SourceFile *f = where(ctx, &offset);
    char *key = xasprintf("%s:%zu:%s", f ? f->path : "", offset, buf_cstr(&b));
    if (!map_has(&ctx->said, key)) {
        map_put(&ctx->said, key, (void *)1);
        report(ctx, DIAG_WARNING, buf_cstr(&b));
    }
    free(key);
    buf_free(&b);
}

/* ---- lookup --------------------------------------------------------------- */

static bool scope_is(const char *s, size_t n, const char *name)
{
    return strlen(name) == n && strncmp(s, name, n) == 0;
}

static bool is_special_scope(const char *s, size_t n)
{
    static const char *const SPECIAL[] = { "sys", "const", "this", "mon", "match", "edit", "body", NULL };
    for (const char *const *p = SPECIAL; *p; p++)
        if (scope_is(s, n, *p))
            return true;
    return false;
}

/* "d[k][j]" where d is a data container: its element, kept in
 * ctx->derived so that it can be lent out; unknown when d is unknown. */
static const Value *container_element(EvalCtx *ctx, const char *scope, const char *name)
{
    const char *bracket = strchr(name, '[');
    if (!bracket)
        return NULL;
    char *base = xstrndup(name, (size_t)(bracket - name));
    const Value *v = vars_get(&ctx->vars, scope, base);
    free(base);
    if (v && v->unknown)
        return ctx->unknown;
    if (!v || v->type != VALUE_DATA)
        return NULL;
    const Json *j = v->data;
    for (const char *p = bracket; j && *p == '[';) {
        const char *close = strchr(p, ']');
        if (!close)
            return NULL;
        char *key = xstrndup(p + 1, (size_t)(close - p - 1));
        j = json_child(j, key);
        free(key);
        p = close + 1;
        if (*p && *p != '[')
            return NULL;
    }
    Value *e = j ? value_from_json(j) : NULL;
    if (!e)
        return NULL;
    char *key = xstrjoin(scope, "\x1f", name, NULL);
    const Value *old = map_get(&ctx->derived, key);
    if (old && value_equal(old, e)) {
        value_free(e); /* what was lent before stays valid */
        e = (Value *)old;
    } else {
        value_free(map_put(&ctx->derived, key, e));
    }
    free(key);
    return e;
}

const Value *eval_lookup(EvalCtx *ctx, const char *ref)
{
    const Value *bound = ctx->iter_bound ? map_get(&ctx->iter, ref) : NULL;
    if (bound)
        return bound;
    const char *bracket = strchr(ref, '[');
    const char *dot = strchr(ref, '.');
    if (dot && bracket && dot > bracket)
        dot = NULL;
    if (!dot) {
        const char *scope = ctx->scope ? ctx->scope : "default:main";
        if (strcmp(scope, "this") == 0)
            return this_lookup(ctx, ref);
        const Value *v = vars_get(&ctx->vars, scope, ref);
        return v ? v : container_element(ctx, scope, ref);
    }
    size_t n = (size_t)(dot - ref);
    if (scope_is(ref, n, "this"))
        return this_lookup(ctx, dot + 1);
    /* "b.x" names bundle b of the namespace it is written in (x:b.x in
     * a bundle of namespace x, as 3.21's VarRefParseFromBundle); "ns:b.x"
     * names another namespace. */
    char *scope;
    if (is_special_scope(ref, n) || memchr(ref, ':', n))
        scope = xstrndup(ref, n);
    else
        if (ctx->bundle && strcmp(ctx->bundle->ns, "default") != 0)
            scope = xasprintf("%s:%.*s", ctx->bundle->ns, (int)n, ref);
        else
            scope = xconcat("default:", 8, ref, n);
    const Value *v = vars_get(&ctx->vars, scope, dot + 1);
    if (!v)
        v = container_element(ctx, scope, dot + 1);
    /* the sys data containers are read when first referred to */
    if (!v && scope_is(ref, n, "sys") && sysinfo_data_load(ctx, dot + 1)) {
        v = vars_get(&ctx->vars, scope, dot + 1);
        if (!v)
            v = container_element(ctx, scope, dot + 1);
    }
    /* 3.21 defines more sys variables than minicf works out: those are
     * known, their values unknown. Not the network's: they are read, and
     * one not there (sys.ipv4 with no address, sys.ipv4[nosuch]) is not
     * there in 3.21 either. */
    if (!v && scope_is(ref, n, "sys") && sysinfo_defines(dot + 1) && !sysinfo_net_var(dot + 1))
        v = ctx->unknown;
    free(scope);
    return v;
}

/* ---- expansion ------------------------------------------------------------ */

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

char *eval_expand_state(EvalCtx *ctx, const char *s, ExpandState *st)
{
    ExpandState local = { false, false };
    if (!st)
        st = &local;
    if (!strchr(s, '$'))
        return xstrdup(s); /* most strings: nothing to expand */
    Buf b = BUF_INIT;
    buf_reserve(&b, strlen(s) + 32); /* values are mostly short: room for one, at once */
    for (const char *p = s; *p;) {
        const char *dollar = strchrnul(p, '$');
        if (dollar > p) {
            buf_append(&b, p, (size_t)(dollar - p));
            p = dollar;
            continue;
        }
        bool opens = p[1] == '(' || p[1] == '{';
        const char *end = opens ? reference_end(p) : NULL;
        if (opens && !end) {
            /* Not closed: 3.21 writes an empty reference and goes on
             * after the character that follows the opening ("$(abc d"
             * is "$()bc d"). */
            buf_puts(&b, p[1] == '(' ? "$()" : "${}");
            p += p[2] ? 3 : 2;
            continue;
        }
        if (!end) {
            buf_putc(&b, *p++);
            continue;
        }
        /* The name between the brackets, in place when it fits (most do) */
        char small[64];
        size_t n = (size_t)(end - p - 2);
        char *inner = n < sizeof small ? small : xmalloc(n + 1);
        memcpy(inner, p + 2, n);
        inner[n] = '\0';
        ExpandState ist = { false, false };
        char *expanded = value_str_unresolved(inner, false) ? eval_expand_state(ctx, inner, &ist) : NULL;
        const char *name = expanded ? expanded : inner; /* nothing to expand in the name */
        const Value *v = ist.unknown || ist.unresolved ? NULL : eval_lookup(ctx, name);
        if (ist.unknown || (v && v->unknown)) {
            st->unknown = true; /* nothing minicf can write */
        } else if (v && v->type == VALUE_STRING) {
            buf_puts(&b, v->str);
        } else {
            /* Undefined, or a list (iteration is the promise's business):
             * left as written, the name expanded, as 3.21 leaves it. */
            buf_putc(&b, '$');
            buf_putc(&b, p[1]);
            buf_puts(&b, name);
            buf_putc(&b, p[1] == '(' ? ')' : '}');
            st->unresolved = true;
        }
        free(expanded);
        if (inner != small)
            free(inner);
        p = end + 1;
    }
    return buf_steal(&b);
}

char *eval_expand(EvalCtx *ctx, const char *s, bool *complete)
{
    ExpandState st = { false, false };
    char *r = eval_expand_state(ctx, s, &st);
    if (complete)
        *complete = !st.unresolved && !st.unknown;
    return r;
}

/* The list or container "@(x)" or "@{x}" names, or NULL (not a list, undefined, or a
 * name that still holds a variable). */
static const Value *naked_list(EvalCtx *ctx, const char *s)
{
    size_t n = strlen(s);
    if (n < 4 || s[0] != '@' || (s[1] != '(' && s[1] != '{'))
        return NULL;
    char *inner = xstrndup(s + 2, n - 3);
    const Value *v = value_str_unresolved(inner, false) ? NULL : eval_lookup(ctx, inner);
    free(inner);
    return v && (v->type == VALUE_LIST || v->type == VALUE_DATA) ? v : NULL;
}

/* Whether s is one "@(name)" or "@{name}" and nothing else. */
static bool whole_list_ref(const char *s)
{
    if (s[0] != '@' || (s[1] != '(' && s[1] != '{'))
        return false;
    char close = s[1] == '(' ? ')' : '}';
    const char *end = strchr(s + 2, close);
    return end && end > s + 2 && end[1] == '\0' && !memchr(s + 2, s[1], (size_t)(end - s - 2));
}

static Value *expanded_string(EvalCtx *ctx, const char *s)
{
    if (!strchr(s, '$'))
        return value_string(s); /* nothing to expand: one allocation, not two */
    ExpandState st = { false, false };
    char *e = eval_expand_state(ctx, s, &st);
    Value *v = value_string_owned(e);
    v->unknown = st.unknown;
    return v;
}

static void list_append(Value *list, const Value *v)
{
    if (v->type == VALUE_DATA)
        return; /* 3.21: "'@(d)' failed - variable is not list but data" */
    if (v->type == VALUE_STRING) {
        value_list_push(list, v->str);
    } else {
        for (size_t k = 0; k < v->list.len; k++)
            value_list_push(list, v->list.items[k]);
    }
    list->unknown = list->unknown || v->unknown;
}

Value *eval_rval(EvalCtx *ctx, const Rval *r)
{
    switch (r->kind) {
    case RVAL_STRING:
    case RVAL_SYMBOL:
        return expanded_string(ctx, r->str);
    case RVAL_NAKEDVAR: {
        if (r->str[0] == '@' && !value_str_unresolved(r->str + 1, false)) {
            const Value *v = naked_list(ctx, r->str);
            return v ? value_copy(v) : value_string(r->str);
        }
        return expanded_string(ctx, r->str);
    }
    case RVAL_LIST: {
        Value *list = value_list();
        bool failed = false;
        for (size_t i = 0; i < r->items.len && !ctx->fatal; i++) {
            const Rval *item = r->items.items[i];
            /* 3.21 takes a quoted "@(x)" in a list as @(x) */
            const Value *whole = item->kind == RVAL_STRING && whole_list_ref(item->str) ? naked_list(ctx, item->str) : NULL;
            if (whole) {
                list_append(list, whole);
                continue;
            }
            Value *v = eval_rval(ctx, item);
            if (!v) {
                failed = true; /* a failed call: the list cannot be given */
                continue;
            }
            list_append(list, v);
            value_free(v);
        }
        if (failed || ctx->fatal) {
            value_free(list);
            return NULL;
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
    if (!strchr(expr, '$'))
        return class_expr_eval(&ctx->classes, expr, NULL) > 0; /* nothing to expand */
    ExpandState st = { false, false };
    char *s = eval_expand_state(ctx, expr, &st);
    int v = !st.unresolved && !st.unknown ? class_expr_eval(&ctx->classes, s, NULL) : 0;
    free(s);
    return v > 0;
}
