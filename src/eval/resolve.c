/* resolve.c - the vars and classes promises of a bundle, evaluated as
 * 3.21's ExpandPromise, VerifyVarPromise and VerifyClassPromise do. */
#include "eval/resolve.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "eval/classpick.h"
#include "eval/functions.h"
#include "eval/sysinfo_data.h"
#include "policy/check_value.h"
#include "policy/syntax.h"

/* Iterations of one promise at most; 3.21 has no limit, but a policy
 * that needs more is not one minicf can check in reasonable time. */
#define MAX_ITERATIONS 10000

/* ---- iteration ------------------------------------------------------------- */

static void push_unique(Vec *names, const char *s, size_t n)
{
    for (size_t i = 0; i < names->len; i++)
        if (strlen(names->items[i]) == n && strncmp(names->items[i], s, n) == 0)
            return;
    vec_push(names, xstrndup(s, n));
}

/* The names referenced as $(x) or ${x} in s, nested ones included; a
 * reference whose name holds another reference is not a name itself: it
 * goes to nested (when not NULL), as written ("$(vname)", "a[$(k)]"). */
/* 3.21 expands references nested at most this deep ("More than 10
 * levels"); looking deeper would only cost time (quadratic in the depth). */
#define MAX_REF_DEPTH 10

static void string_refs_at(const char *s, Vec *names, Vec *nested, int level);

static void string_refs(const char *s, Vec *names, Vec *nested)
{
    string_refs_at(s, names, nested, 0);
}

static void string_refs_at(const char *s, Vec *names, Vec *nested, int level)
{
    if (level > MAX_REF_DEPTH)
        return;
    for (const char *p = s; (p = strchr(p, '$')) != NULL; p++) {
        if (p[1] != '(' && p[1] != '{')
            continue;
        char open = p[1], close = open == '(' ? ')' : '}';
        int depth = 0;
        const char *end = NULL;
        for (const char *q = p + 1; *q && !end; q++) {
            if (*q == open)
                depth++;
            else if (*q == close && --depth == 0)
                end = q;
        }
        if (!end)
            return;
        size_t n = (size_t)(end - p - 2);
        if (memchr(p + 2, '$', n)) {
            /* a name that holds references: those are the names */
            char *inner = xstrndup(p + 2, n);
            if (value_str_unresolved(inner, false)) {
                string_refs_at(inner, names, nested, level + 1);
                if (nested)
                    push_unique(nested, inner, n);
            } else {
                push_unique(names, inner, n);
            }
            free(inner);
        } else {
            push_unique(names, p + 2, n);
        }
        p = end;
    }
}

/* Whether argument i of call is the pattern of maplist(), maparray() or
 * mapdata(): 3.21 expands it per element, and its references do not
 * iterate the promise ("$(this)-$(list)" keeps "$(list)" as written). */
static bool is_map_pattern(const Rval *call, size_t i)
{
    if (call->str[0] != 'm')
        return false;
    if (strcmp(call->str, "maplist") == 0 || strcmp(call->str, "maparray") == 0)
        return i == 0;
    return strcmp(call->str, "mapdata") == 0 && i == 1;
}

static void rval_refs(const Rval *r, Vec *names, Vec *nested)
{
    switch (r->kind) {
    case RVAL_STRING:
    case RVAL_SYMBOL:
        string_refs(r->str, names, nested);
        break;
    case RVAL_NAKEDVAR:
        if (r->str[0] == '@') {
            /* @(x) is the whole list; only what is inside its name iterates */
            char *inner = xstrndup(r->str + 2, strlen(r->str) - 3);
            string_refs(inner, names, NULL);
            free(inner);
        } else {
            string_refs(r->str, names, nested);
        }
        break;
    case RVAL_LIST:
        for (size_t i = 0; i < r->items.len; i++)
            rval_refs(r->items.items[i], names, nested);
        break;
    case RVAL_FNCALL:
        for (size_t i = 0; i < r->items.len; i++)
            if (!is_map_pattern(r, i))
                rval_refs(r->items.items[i], names, nested);
        break;
    }
}

typedef struct {
    char *ref;
    Value *list; /* a copy: the promise may redefine the variable */
} Wheel;

typedef ResolveFn PromiseFn;

static void merge(void *data, Outcome o)
{
    if (data)
        *(Outcome *)data = outcome_merge(*(Outcome *)data, o);
}

/* Whether every reference whose name is built from others ($($(v)),
 * $(a[$(k)])) names a variable in this iteration. 3.21 makes each one a
 * wheel of the iteration, and a wheel whose variable does not exist is
 * empty: the iteration is not made at all (a plain reference to an
 * undefined variable stays as written instead). */
static bool nested_defined(EvalCtx *ctx, const Vec *nested)
{
    for (size_t i = 0; i < nested->len; i++) {
        ExpandState st = { false, false };
        char *name = eval_expand_state(ctx, nested->items[i], &st);
        bool ok = st.unknown || (!st.unresolved && eval_lookup(ctx, name));
        free(name);
        if (!ok)
            return false;
    }
    return true;
}

/* 3.21 works the "with" attribute out first in each iteration, before
 * this.promiser is set (a "$(this.promiser)" in it stays as written), and
 * $(with) then stands for it in the promiser and the other attributes,
 * whatever the promise type. It is bound as an iteration variable, which
 * a lookup sees first. Returns whether it was bound; a call that failed
 * leaves $(with) as written. */
static bool bind_with(EvalCtx *ctx, const Promise *p)
{
    const Constraint *k = promise_get(p, "with");
    if (!k)
        return false;
    /* this.promiser is not known yet where `with` is worked out */
    value_free(ctx->promiser);
    ctx->promiser = NULL;
    Value *v = eval_rval(ctx, k->rval);
    if (!v || v->type != VALUE_STRING) {
        value_free(v);
        return false;
    }
    value_free(map_put(&ctx->iter, "with", v));
    ctx->iter_bound++; /* lookups look at ctx->iter only while something is bound */
    return true;
}

/* The innermost wheels: references whose names are built from others
 * ($(d[$(k)]), $($(v))). Once the plain wheels are bound, each that names
 * a list or a container iterates over its items too, as 3.21 makes it a
 * wheel of its own. */
static void iterate_nested(EvalCtx *ctx, const Promise *p, size_t k, unsigned *budget,
                           const Vec *nested, PromiseFn fn, void *data)
{
    if (ctx->fatal || *budget == 0)
        return;
    if (k == nested->len) {
        (*budget)--;
        bool with = bind_with(ctx, p);
        fn(ctx, p, data);
        if (with) {
            value_free(map_put(&ctx->iter, "with", NULL));
            ctx->iter_bound--;
        }
        return;
    }
    ExpandState st = { false, false };
    char *name = eval_expand_state(ctx, nested->items[k], &st);
    const Value *v = st.unknown || st.unresolved ? NULL : eval_lookup(ctx, name);
    if (!st.unknown && v && !v->unknown && v->type != VALUE_STRING &&
        !(ctx->iter_bound && map_get(&ctx->iter, name))) {
        Value *items = value_as_list(v); /* a copy: the promise may redefine it */
        ctx->iter_bound++;
        for (size_t i = 0; i < items->list.len && !ctx->fatal; i++) {
            value_free(map_put(&ctx->iter, name, value_string(items->list.items[i])));
            iterate_nested(ctx, p, k + 1, budget, nested, fn, data);
        }
        value_free(map_put(&ctx->iter, name, NULL));
        ctx->iter_bound--;
        value_free(items);
    } else {
        iterate_nested(ctx, p, k + 1, budget, nested, fn, data);
    }
    free(name);
}

static void iterate(EvalCtx *ctx, const Promise *p, Wheel *w, size_t n, size_t k, unsigned *budget,
                    const Vec *nested, PromiseFn fn, void *data)
{
    if (ctx->fatal || *budget == 0)
        return;
    if (k == n) {
        if (!nested_defined(ctx, nested))
            return;
        iterate_nested(ctx, p, 0, budget, nested, fn, data);
        return;
    }
    ctx->iter_bound++;
    if (w[k].list->unknown) {
        value_free(map_put(&ctx->iter, w[k].ref, value_unknown(VALUE_STRING)));
        iterate(ctx, p, w, n, k + 1, budget, nested, fn, data);
    } else {
        for (size_t i = 0; i < w[k].list->list.len && !ctx->fatal; i++) {
            value_free(map_put(&ctx->iter, w[k].ref, value_string(w[k].list->list.items[i])));
            iterate(ctx, p, w, n, k + 1, budget, nested, fn, data);
        }
    }
    value_free(map_put(&ctx->iter, w[k].ref, NULL));
    ctx->iter_bound--;
}

/* Runs fn once per combination of the lists the promise refers to as
 * scalars ($(list)), each reference bound to one item; once when there is
 * none; never when one of them is empty. */
static void for_each_iteration(EvalCtx *ctx, const Promise *p, PromiseFn fn, void *data)
{
    Vec names = VEC_INIT, nested = VEC_INIT;
    string_refs(p->promiser, &names, &nested);
    for (size_t i = 0; i < p->constraints.len; i++)
        rval_refs(((const Constraint *)p->constraints.items[i])->rval, &names, &nested);
    Wheel *w = names.len ? xcalloc(names.len, sizeof *w) : NULL;
    size_t n = 0;
    for (size_t i = 0; i < names.len; i++) {
        const Value *v = eval_lookup(ctx, names.items[i]);
        if (v && v->type != VALUE_STRING && !(ctx->iter_bound && map_get(&ctx->iter, names.items[i]))) {
            w[n].ref = names.items[i];
            w[n].list = value_as_list(v); /* a container iterates over its primitives */
            n++;
        }
    }
    unsigned budget = MAX_ITERATIONS;
    iterate(ctx, p, w, n, 0, &budget, &nested, fn, data);
    for (size_t i = 0; i < n; i++)
        value_free(w[i].list);
    free(w);
    vec_free(&names, free);
    vec_free(&nested, free);
}

/* ---- if / unless ----------------------------------------------------------- */

/* 3.21's IsVarClassDefined: the constraint's value as a class expression.
 * A call that fails, a list, or an unresolved string is not defined; an
 * unknown value is taken as defined (minicf goes on where 3.21 may). */
static int var_class_defined(EvalCtx *ctx, const Constraint *k)
{
    Value *v = eval_rval(ctx, k->rval);
    int r = 0;
    if (v && v->type == VALUE_STRING) {
        if (v->unknown)
            r = -1;
        else if (!strchr(v->str, '$') && !strchr(v->str, '@'))
            r = class_expr_eval(&ctx->classes, v->str, NULL) > 0;
    }
    value_free(v);
    return r;
}

static bool included(EvalCtx *ctx, const Promise *p)
{
    /* The first ifvarclass (else the first if) and the first unless, found
     * in one pass over the constraints. */
    const Constraint *ifvarclass = NULL, *if_ = NULL, *unless = NULL;
    for (size_t i = 0; i < p->constraints.len; i++) {
        const Constraint *c = p->constraints.items[i];
        if (c->lval[0] == 'i' && !ifvarclass && strcmp(c->lval, "ifvarclass") == 0)
            ifvarclass = c;
        else if (c->lval[0] == 'i' && !if_ && strcmp(c->lval, "if") == 0)
            if_ = c;
        else if (c->lval[0] == 'u' && !unless && strcmp(c->lval, "unless") == 0)
            unless = c;
    }
    const Constraint *k = ifvarclass ? ifvarclass : if_;
    if (k && var_class_defined(ctx, k) == 0)
        return false;
    if (ctx->fatal)
        return false;
    return !(unless && var_class_defined(ctx, unless) == 1) && !ctx->fatal;
}

/* Whether evaluating r can do nothing but copy it: strings with no
 * reference in them, and lists of those (no call, no variable). */
static bool rval_inert(const Rval *r)
{
    switch (r->kind) {
    case RVAL_STRING:
    case RVAL_SYMBOL:
        return !strchr(r->str, '$');
    case RVAL_LIST:
        for (size_t i = 0; i < r->items.len; i++)
            if (!rval_inert(r->items.items[i]))
                return false;
        return true;
    default:
        return false;
    }
}

/* 3.21 reads depends_on and meta with PromiseGetConstraintAsList, which
 * aborts the run unless the value is written as a list. */
static bool list_constraints_ok(EvalCtx *ctx, const Promise *p)
{
    /* The first of each, found in one pass over the constraints; checked
     * in this order. */
    static const char *const LIST_LVALS[] = { "depends_on", "meta" };
    const Constraint *found[2] = { NULL, NULL };
    for (size_t i = 0; i < p->constraints.len; i++) {
        const Constraint *c = p->constraints.items[i];
        for (size_t j = 0; j < 2; j++)
            if (!found[j] && c->lval[0] == LIST_LVALS[j][0] && strcmp(c->lval, LIST_LVALS[j]) == 0)
                found[j] = c;
    }
    for (size_t j = 0; j < 2; j++) {
        const Constraint *k = found[j];
        if (k && k->rval->kind != RVAL_LIST && k->rval->kind != RVAL_NAKEDVAR) {
            eval_fatal(ctx, "Type mismatch on rhs - expected type for list constraint '%s'", LIST_LVALS[j]);
            return false;
        }
    }
    return true;
}

static bool is_special_lval(const char *lval)
{
    /* action and classes name bodies, which are not values to work out */
    switch (lval[0]) {
    case 'i':
        return strcmp(lval, "if") == 0 || strcmp(lval, "ifvarclass") == 0;
    case 'u':
        return strcmp(lval, "unless") == 0;
    case 'd':
        return strcmp(lval, "depends_on") == 0;
    case 'a':
        return strcmp(lval, "action") == 0;
    case 'c':
        return strcmp(lval, "classes") == 0;
    default:
        return false;
    }
}

/* ---- vars ------------------------------------------------------------------ */

static const struct {
    const char *lval;
    SynType type;
} VAR_TYPES[] = {
    { "string", SYN_STRING }, { "int", SYN_INT },     { "real", SYN_REAL }, { "slist", SYN_SLIST },
    { "ilist", SYN_ILIST },   { "rlist", SYN_RLIST }, { "data", SYN_DATA },
};

static bool var_type(const char *lval, SynType *t)
{
    for (size_t i = 0; i < sizeof VAR_TYPES / sizeof *VAR_TYPES; i++) {
        if (lval[0] == VAR_TYPES[i].lval[0] && strcmp(lval, VAR_TYPES[i].lval) == 0) {
            *t = VAR_TYPES[i].type;
            return true;
        }
    }
    return false;
}

/* 3.21's StringContainsVar: $(v), ${v}, @(v) or @{v} in s. */
static bool string_contains_var(const char *s, const char *v)
{
    size_t n = strlen(v);
    for (const char *p = s; (p = strpbrk(p, "$@")) != NULL;) {
        p++;
        if (*p != '(' && *p != '{')
            continue;
        char close = *p == '(' ? ')' : '}';
        if (strncmp(p + 1, v, n) == 0 && p[n + 1] == close)
            return true;
    }
    return false;
}

/* 3.21's Epimenides: whether a value refers to its own variable, as it is
 * or once expanded (a few levels deep, through other variables). */
static bool refers_to_itself(EvalCtx *ctx, const char *var, const char *s, int level)
{
    if (string_contains_var(s, var)) {
        eval_fatal(ctx, "Scalar variable '%s' contains itself (non-convergent) '%s': variable '%s' contains itself "
                   "indirectly - an unkeepable promise", var, s, var);
        return true;
    }
    if (!value_str_unresolved(s, false))
        return false;
    char *e = eval_expand(ctx, s, NULL);
    bool r = strcmp(e, s) != 0 && level <= 3 && refers_to_itself(ctx, var, e, level + 1);
    free(e);
    return r;
}

static bool value_refers_to_itself(EvalCtx *ctx, const char *var, const Value *v)
{
    if (v->type == VALUE_STRING)
        return refers_to_itself(ctx, var, v->str, 0);
    for (size_t i = 0; i < v->list.len; i++)
        if (refers_to_itself(ctx, var, v->list.items[i], 0))
            return true;
    return false;
}

/* The value expanded once more ("See if the variable needs recursively
 * expanding again"): strings expanded, @(list) items spliced. */
/* Whether expand_again() can change v: a known value that holds a '$',
 * or a string that is "@(list)". */
static bool expands_again(const Value *v)
{
    if (v->unknown)
        return false;
    if (v->type == VALUE_STRING)
        return strchr(v->str, '$') || (v->str[0] == '@' && (v->str[1] == '(' || v->str[1] == '{'));
    for (size_t i = 0; i < v->list.len; i++)
        if (strchr(v->list.items[i], '$'))
            return true;
    return false;
}

static Value *expand_again(EvalCtx *ctx, const Value *v)
{
    if (v->unknown || v->type == VALUE_DATA)
        return value_copy(v);
    if (v->type == VALUE_STRING) {
        Rval r = { .kind = RVAL_NAKEDVAR, .str = v->str };
        bool naked = v->str[0] == '@' && (v->str[1] == '(' || v->str[1] == '{');
        Value *e = naked ? eval_rval(ctx, &r) : NULL;
        if (e)
            return e;
        ExpandState st = { false, false };
        char *s = eval_expand_state(ctx, v->str, &st);
        Value *out = value_string_owned(s);
        out->unknown = st.unknown;
        return out;
    }
    Value *out = value_list();
    for (size_t i = 0; i < v->list.len; i++) {
        ExpandState st = { false, false };
        char *s = eval_expand_state(ctx, v->list.items[i], &st);
        value_list_push(out, s);
        out->unknown = out->unknown || st.unknown;
        free(s);
    }
    return out;
}

/* 3.21's variable names: [a-zA-Z0-9_\200-\377.]+ then "[...]" or nothing. */
static bool valid_var_name(const char *s)
{
    const char *p = s;
    while (*p == '.' || *p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
           (*p >= '0' && *p <= '9') || (unsigned char)*p >= 0x80)
        p++;
    if (p == s)
        return false;
    size_t rest = strlen(p);
    return rest == 0 || (p[0] == '[' && p[rest - 1] == ']' && rest >= 3);
}

/* Stores v as the variable `name` (which may be "scope.name") of the
 * current bundle. */
static void store(EvalCtx *ctx, const char *name, Value *v)
{
    const char *bracket = strchr(name, '[');
    const char *dot = strchr(name, '.');
    if (dot && bracket && dot > bracket)
        dot = NULL;
    if (!dot) {
        vars_put(&ctx->vars, ctx->scope, name, v);
        return;
    }
    size_t n = (size_t)(dot - name);
    bool sys = n == 3 && strncmp(name, "sys", 3) == 0;
    /* a lazily read sys variable is read first, so that what the policy
     * puts there stays, as when it was read at the start */
    if (sys)
        sysinfo_data_load(ctx, dot + 1);
    char *scope = memchr(name, ':', n) || sys ? xstrndup(name, n) : xasprintf("%s:%.*s", ctx->bundle->ns, (int)n, name);
    vars_put(&ctx->vars, scope, dot + 1, v);
    free(scope);
}

static bool value_fits(SynType t, const Value *v)
{
    if (v->unknown || t == SYN_DATA)
        return true;
    bool list = t == SYN_SLIST || t == SYN_ILIST || t == SYN_RLIST;
    return list == (v->type == VALUE_LIST);
}

/* int and real values are kept as 3.21 prints them. */
static Value *numeric(SynType t, Value *v)
{
    if (v->unknown || v->type != VALUE_STRING || (t != SYN_INT && t != SYN_REAL))
        return v;
    char *s = NULL;
    long long i;
    double d;
    if (t == SYN_INT && check_parse_int(v->str, &i))
        s = xasprintf("%lld", i);
    else if (t == SYN_REAL && check_parse_real(v->str, &d))
        s = xasprintf("%f", d);
    value_free(v);
    if (!s)
        return NULL; /* not a number (yet): 3.21 fails the promise, not the policy */
    return value_string_owned(s);
}

static void vars_one(EvalCtx *ctx, const Promise *p, void *data)
{
    ExpandState pst = { false, false };
    const char *name = eval_set_promiser(ctx, eval_expand_state(ctx, p->promiser, &pst));
    Value *val = NULL;
    if (!included(ctx, p) || !list_constraints_ok(ctx, p))
        goto done;
    /* Every constraint is evaluated (functions and all), as 3.21 expands
     * the whole promise before it looks at the value; one that holds no
     * call or reference cannot fail, and is looked at only if it counts. */
    const Constraint *save = NULL;
    SynType type = SYN_STRING;
    unsigned n_values = 0;
    bool failed = false, constant = false, ifdefined = false;
    for (size_t i = 0; i < p->constraints.len && !ctx->fatal; i++) {
        const Constraint *k = p->constraints.items[i];
        if (is_special_lval(k->lval))
            continue;
        SynType t;
        bool is_value = var_type(k->lval, &t);
        if (!is_value && rval_inert(k->rval) && strcmp(k->lval, "policy") != 0)
            continue; /* a comment, a handle, meta tags: nothing to evaluate */
        Value *v = eval_rval(ctx, k->rval);
        if (is_value) {
            n_values++;
            save = k;
            type = t;
            value_free(val);
            val = v;
            failed = v == NULL;
            continue;
        }
        if (strcmp(k->lval, "policy") == 0 && v && v->type == VALUE_STRING) {
            ifdefined = ifdefined || strcmp(v->str, "ifdefined") == 0;
            constant = constant || strcmp(v->str, "constant") == 0;
        }
        value_free(v);
    }
    if (ctx->fatal)
        goto done;
    if (!save) {
        merge(data, OUTCOME_FAILED);
        eval_warning(ctx, "Incomplete vars promise: %s: expected a value (string, int, real, slist, ilist, rlist "
                     "or data); the variable is not set", name);
        goto done;
    }
    if (n_values > 2) {
        merge(data, OUTCOME_FAILED);
        eval_warning(ctx, "Variable '%s' breaks its own promise with multiple (%u) values", name, n_values);
        goto done;
    }
    if (failed) {
        /* The call could not be worked out: 3.21 then insists that the
         * function's type be the declared one. */
        const SynFunction *sf = save->rval->kind == RVAL_FNCALL ? save->rval->fn : NULL;
        if (sf && sf->return_type != type)
            eval_fatal(ctx, "Fatal CFEngine error: While setting variable '%s' in bundle '%s', variable declared "
                       "type '%s' but function '%s' returns type '%s'", name, ctx->bundle->name, save->lval,
                       save->rval->str, syntax_type_name(sf->return_type));
        goto done;
    }
    val = numeric(type, val);
    if (!val)
        goto done;
    if (type == SYN_DATA && val->type == VALUE_STRING && !val->unknown && !value_str_unresolved(val->str, true)) {
        /* data => '{ ... }': the string is parsed as JSON */
        Json *j = json_parse(val->str, NULL);
        value_free(val);
        val = NULL;
        if (!j) {
            eval_warning(ctx, "Variable '%s': the value of a data variable is not valid JSON; the variable is not "
                         "set", name);
            goto done;
        }
        val = value_data(j);
    } else if (type == SYN_DATA && val->type == VALUE_LIST && !val->unknown) {
        Json *j = value_to_json(val); /* data => @(list): an array */
        value_free(val);
        val = value_data(j);
    }
    if (!val->unknown && value_refers_to_itself(ctx, name, val))
        goto done;
    if (expands_again(val)) {
        Value *again = expand_again(ctx, val);
        value_free(val);
        val = again;
    }
    if (constant && eval_lookup(ctx, name))
        goto done;
    if (value_str_unresolved(name, false) || pst.unknown)
        goto done; /* a name still unknown: nothing to set */
    if (!valid_var_name(name)) {
        merge(data, OUTCOME_FAILED);
        eval_warning(ctx, "Variable identifier '%s' is not legal: expected letters, digits, '_' and '.', then "
                     "an optional [index]; the variable is not set", name);
        goto done;
    }
    if (ifdefined && val->type == VALUE_LIST) {
        Value *kept = value_list();
        kept->unknown = val->unknown;
        for (size_t i = 0; i < val->list.len; i++) {
            const char *s = val->list.items[i];
            if (!(s[0] == '@' && (s[1] == '(' || s[1] == '{')))
                value_list_push(kept, s);
        }
        value_free(val);
        val = kept;
    }
    if (val->type == VALUE_DATA && strchr(name, '[')) {
        eval_warning(ctx, "Cannot assign a container to an indexed variable name '%s'; the variable is not set",
                     name);
        goto done;
    }
    if (!value_fits(type, val)) {
        merge(data, OUTCOME_FAILED);
        eval_warning(ctx, "Variable '%s' expected a variable of type '%s', but was given incompatible value '%s'; "
                     "the variable is not set", name, save->lval, val->type == VALUE_STRING ? val->str : "{ ... }");
        goto done;
    }
    store(ctx, name, val);
    val = NULL;
    merge(data, OUTCOME_KEPT);
done:
    value_free(val);
}

/* ---- classes --------------------------------------------------------------- */

static bool value_class_true(EvalCtx *ctx, const char *s)
{
    return !value_str_unresolved(s, true) && class_expr_eval(&ctx->classes, s, NULL) > 0;
}

/* Classes of agent bundles are the bundle's own unless scope says
 * "namespace"; those of common bundles are the namespace's unless it says
 * "bundle". */
static bool class_scope_local(EvalCtx *ctx, const Promise *p)
{
    if (promise_get(p, "persistence"))
        return false; /* persistent classes are global */
    const Constraint *k = promise_get(p, "scope");
    if (k && (k->rval->kind == RVAL_STRING || k->rval->kind == RVAL_SYMBOL))
        return strcmp(k->rval->str, "bundle") == 0;
    return strcmp(ctx->bundle->type, "common") != 0;
}

/* select_class (one class of the list, the same on every run: defined
 * in the namespace) and dist (PROMISER_WEIGHT at random, scoped as the
 * promise); either defines the promiser too. */
static bool pick_class(EvalCtx *ctx, const Promise *p, const char *lval, const Value *v, const char *promiser)
{
    if (v->type != VALUE_LIST || v->unknown || !v->list.len)
        return false;
    char *name = NULL;
    if (strcmp(lval, "select_class") == 0) {
        const Value *host = eval_lookup(ctx, "sys.fqhost"), *ip = eval_lookup(ctx, "sys.ipv4");
        size_t i = classpick_select(host && !host->unknown ? host->str : "",
                                    ip && ip->type == VALUE_STRING ? ip->str : "", (unsigned long)getuid(),
                                    v->list.len);
        if (value_str_unresolved(v->list.items[i], true))
            return false;
        name = canonify(v->list.items[i]);
        classset_add(&ctx->classes, ctx->bundle->ns, name);
    } else if (strcmp(lval, "dist") == 0) {
        long i = classpick_dist(v);
        if (i < 0)
            return false;
        char *raw = xasprintf("%s_%s", promiser, (const char *)v->list.items[i]);
        name = canonify(raw);
        free(raw);
        if (class_scope_local(ctx, p))
            classset_add_local(&ctx->classes, name);
        else
            classset_add(&ctx->classes, ctx->bundle->ns, name);
    }
    bool picked = name != NULL;
    free(name);
    return picked;
}

static void classes_one(EvalCtx *ctx, const Promise *p, void *data)
{
    ExpandState pst = { false, false };
    const char *name = eval_set_promiser(ctx, eval_expand_state(ctx, p->promiser, &pst));
    char *cname = canonify(name);
    if (classset_has(&ctx->classes, cname)) {
        merge(data, OUTCOME_KEPT);
        goto done;
    }
    if (!included(ctx, p) || !list_constraints_ok(ctx, p))
        goto done;
    bool any_rule = false, result = false, known = true;
    for (size_t i = 0; i < p->constraints.len && !ctx->fatal; i++) {
        const Constraint *k = p->constraints.items[i];
        if (is_special_lval(k->lval))
            continue;
        bool is_and = strcmp(k->lval, "and") == 0, is_or = strcmp(k->lval, "or") == 0;
        bool is_expr = strcmp(k->lval, "expression") == 0, is_not = strcmp(k->lval, "not") == 0;
        bool is_xor = strcmp(k->lval, "xor") == 0;
        bool rule = is_and || is_or || is_expr || is_not || is_xor;
        bool picks = strcmp(k->lval, "dist") == 0 || strcmp(k->lval, "select_class") == 0;
        any_rule = any_rule || rule || picks;
        if (!rule && !picks && rval_inert(k->rval))
            continue; /* its value would be dropped unseen */
        Value *v = eval_rval(ctx, k->rval);
        if (picks && v && !ctx->fatal && !pst.unresolved && !pst.unknown)
            result = pick_class(ctx, p, k->lval, v, cname) || result;
        if (!rule || !v) {
            value_free(v);
            continue;
        }
        known = known && !v->unknown;
        if (v->type == VALUE_STRING) {
            bool t = value_class_true(ctx, v->str);
            result = is_not ? !t : t;
        } else {
            unsigned trues = 0;
            for (size_t j = 0; j < v->list.len; j++)
                trues += value_class_true(ctx, v->list.items[j]);
            result = is_and ? trues == v->list.len : is_xor ? trues % 2 == 1 : trues > 0;
        }
        value_free(v);
    }
    if (!any_rule)
        result = true; /* a class promise with no rule defines its class */
    if (ctx->fatal || !known || pst.unresolved || pst.unknown)
        goto done;
    merge(data, OUTCOME_KEPT);
    if (result && class_scope_local(ctx, p))
        classset_add_local(&ctx->classes, cname);
    else if (result)
        classset_add(&ctx->classes, ctx->bundle->ns, cname);
done:
    free(cname);
}

/* ---- bundles --------------------------------------------------------------- */

void resolve_promises(EvalCtx *ctx, const Bundle *b, const char *type)
{
    bool vars = strcmp(type, "vars") == 0;
    for (size_t s = 0; s < b->sections.len && !ctx->fatal; s++) {
        const Section *sec = b->sections.items[s];
        if (sec->promise_type[0] != type[0] || strcmp(sec->promise_type, type) != 0)
            continue;
        /* Promises under one guard come in runs: the guard's verdict
         * stands while no class is defined (and it holds no variable). */
        const char *guard = NULL;
        unsigned long guard_generation = 0;
        bool guard_holds = false;
        for (size_t k = 0; k < sec->promises.len && !ctx->fatal; k++) {
            const Promise *p = sec->promises.items[k];
            eval_set_promise(ctx, p);
            if (!guard || guard_generation != ctx->classes.generation || strcmp(guard, p->classes) != 0 ||
                strchr(p->classes, '$')) {
                guard = p->classes;
                guard_generation = ctx->classes.generation;
                guard_holds = eval_class_expr(ctx, p->classes);
            }
            if (guard_holds)
                for_each_iteration(ctx, p, vars ? vars_one : classes_one, NULL);
            ctx->promise = NULL;
        }
    }
}

void resolve_bundle(EvalCtx *ctx, const Bundle *b)
{
    eval_enter(ctx, b, NULL);
    if (strcmp(b->type, "common") == 0) {
        resolve_promises(ctx, b, "vars");
        resolve_promises(ctx, b, "classes");
    }
    resolve_promises(ctx, b, "vars");
    eval_enter(ctx, NULL, NULL);
}

/* ---- for the agent --------------------------------------------------------- */

void resolve_set_this(EvalCtx *ctx, const Promise *p)
{
    eval_set_promise(ctx, p); /* this.* are worked out from it when looked up */
}

bool resolve_included(EvalCtx *ctx, const Promise *p)
{
    return included(ctx, p);
}

void resolve_iterate(EvalCtx *ctx, const Promise *p, ResolveFn fn, void *data)
{
    for_each_iteration(ctx, p, fn, data);
}

void resolve_var_promise(EvalCtx *ctx, const Promise *p, void *outcome)
{
    vars_one(ctx, p, outcome);
}

void resolve_class_promise(EvalCtx *ctx, const Promise *p, void *outcome)
{
    classes_one(ctx, p, outcome);
}
