/* functions.c - the table of built-in functions and their calling. */
#include "eval/functions.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "policy/check_value.h"
#include "policy/syntax.h"

static const char *CONTEXT_TRUE = "any";
static const char *CONTEXT_FALSE = "!any";

static Value *bool_value(bool b)
{
    return value_string(b ? CONTEXT_TRUE : CONTEXT_FALSE);
}

/* True when a string value is "any"-like: what a context function returned. */
static bool value_is_true(EvalCtx *ctx, const Value *v)
{
    return v->type == VALUE_STRING && eval_class_expr(ctx, v->str);
}

/* The variable named by a collecting function's argument: "name",
 * "@(name)" or "$(name)". */
static const Value *named_variable(EvalCtx *ctx, const Value *arg)
{
    if (arg->type != VALUE_STRING)
        return NULL;
    const char *s = arg->str;
    size_t n = strlen(s);
    if (n > 3 && (s[0] == '@' || s[0] == '$') && (s[1] == '(' || s[1] == '{')) {
        char *inner = xstrndup(s + 2, n - 3);
        const Value *v = eval_lookup(ctx, inner);
        free(inner);
        return v;
    }
    return eval_lookup(ctx, s);
}

/* The elements of array `name` seen from the current scope: every
 * variable "name[key]" of its scope, keys in the order given by fn. */
static void array_walk(EvalCtx *ctx, const Value *arg, void (*fn)(void *, const char *key, const Value *), void *ud)
{
    if (arg->type != VALUE_STRING)
        return;
    const char *ref = arg->str;
    const char *dot = strchr(ref, '.');
    const char *bracket = strchr(ref, '[');
    char *scope, *name;
    if (dot && (!bracket || dot < bracket)) {
        char *b = xstrndup(ref, (size_t)(dot - ref));
        scope = strchr(b, ':') ? xstrdup(b) : xasprintf("default:%s", b);
        free(b);
        name = xstrdup(dot + 1);
    } else {
        scope = xstrdup(ctx->scope ? ctx->scope : "default:main");
        name = xstrdup(ref);
    }
    const Map *m = vars_scope(&ctx->vars, scope);
    size_t n = strlen(name);
    const MapEntry *e;
    for (size_t i = 0; m && map_next(m, &i, &e);) {
        if (e->value && strncmp(e->key, name, n) == 0 && e->key[n] == '[') {
            const char *k = e->key + n + 1;
            const char *close = strrchr(k, ']');
            if (!close)
                continue;
            char *key = xstrndup(k, (size_t)(close - k));
            fn(ud, key, e->value);
            free(key);
        }
    }
    free(scope);
    free(name);
}

static void push_value_of(void *ud, const char *key, const Value *v)
{
    (void)key;
    Value *out = ud;
    if (v->type == VALUE_STRING) {
        value_list_push(out, v->str);
    } else {
        for (size_t i = 0; i < v->list.len; i++)
            value_list_push(out, v->list.items[i]);
    }
}

static void push_key(void *ud, const char *key, const Value *v)
{
    (void)v;
    value_list_push(ud, key);
}

static FnResult fn_getvalues(EvalCtx *ctx, const Rval *call, Value **args, size_t n, Value **out)
{
    (void)call; (void)n;
    *out = value_list();
    const Value *v = named_variable(ctx, args[0]);
    if (v && v->type == VALUE_LIST)
        push_value_of(*out, NULL, v);
    else
        array_walk(ctx, args[0], push_value_of, *out);
    return FN_OK;
}

static FnResult fn_getindices(EvalCtx *ctx, const Rval *call, Value **args, size_t n, Value **out)
{
    (void)call; (void)n;
    *out = value_list();
    array_walk(ctx, args[0], push_key, *out);
    return FN_OK;
}

static FnResult fn_isvariable(EvalCtx *ctx, const Rval *call, Value **args, size_t n, Value **out)
{
    (void)call; (void)n;
    *out = bool_value(named_variable(ctx, args[0]) != NULL);
    return FN_OK;
}

static bool stat_is(const char *path, mode_t type)
{
    struct stat st;
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == type;
}

static FnResult fn_isdir(EvalCtx *ctx, const Rval *call, Value **args, size_t n, Value **out)
{
    (void)ctx; (void)call; (void)n;
    *out = bool_value(stat_is(args[0]->str, S_IFDIR));
    return FN_OK;
}

static FnResult fn_isplain(EvalCtx *ctx, const Rval *call, Value **args, size_t n, Value **out)
{
    (void)ctx; (void)call; (void)n;
    *out = bool_value(stat_is(args[0]->str, S_IFREG));
    return FN_OK;
}

static FnResult fn_fileexists(EvalCtx *ctx, const Rval *call, Value **args, size_t n, Value **out)
{
    (void)ctx; (void)call; (void)n;
    *out = bool_value(access(args[0]->str, F_OK) == 0);
    return FN_OK;
}

static FnResult fn_isexecutable(EvalCtx *ctx, const Rval *call, Value **args, size_t n, Value **out)
{
    (void)ctx; (void)call; (void)n;
    *out = bool_value(stat_is(args[0]->str, S_IFREG) && access(args[0]->str, X_OK) == 0);
    return FN_OK;
}

/* Whether the whole of s matches regex (CFEngine anchors these). */
static int regex_full_match(const char *regex, const char *s)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED, PCRE2_ANCHORED | PCRE2_ENDANCHORED,
                                   &err, &off, NULL);
    if (!re)
        return -1;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return rc >= 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static FnResult fn_lsdir(EvalCtx *ctx, const Rval *call, Value **args, size_t n, Value **out)
{
    (void)n;
    *out = value_list();
    DIR *d = opendir(args[0]->str);
    if (!d)
        return FN_OK;
    bool full = value_is_true(ctx, args[2]) || strcmp(args[2]->str, "true") == 0;
    Vec names = VEC_INIT;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        int m = regex_full_match(args[1]->str, e->d_name);
        if (m < 0) {
            eval_warning(ctx, "Function '%s': the regular expression '%s' does not compile", call->str, args[1]->str);
            break;
        }
        if (m)
            vec_push(&names, full ? xasprintf("%s/%s", args[0]->str, e->d_name) : xstrdup(e->d_name));
    }
    closedir(d);
    if (names.len > 1)
        qsort(names.items, names.len, sizeof *names.items, cmp_str);
    for (size_t i = 0; i < names.len; i++)
        value_list_push(*out, names.items[i]);
    vec_free(&names, free);
    return FN_OK;
}

static FnResult fn_sort(EvalCtx *ctx, const Rval *call, Value **args, size_t n, Value **out)
{
    (void)call;
    const Value *v = args[0]->type == VALUE_LIST ? args[0] : named_variable(ctx, args[0]);
    if (!v || v->type != VALUE_LIST || v->unknown)
        return FN_DEFER;
    if (n > 1 && strcmp(args[1]->str, "lex") != 0)
        return FN_DEFER; /* other orders come with the evaluator */
    *out = value_copy(v);
    if ((*out)->list.len > 1)
        qsort((*out)->list.items, (*out)->list.len, sizeof(char *), cmp_str);
    return FN_OK;
}

static FnResult fn_logic(EvalCtx *ctx, const Rval *call, Value **args, size_t n, Value **out)
{
    bool is_and = strcmp(call->str, "and") == 0;
    bool acc = is_and;
    for (size_t i = 0; i < n; i++) {
        bool t = value_is_true(ctx, args[i]);
        acc = is_and ? acc && t : acc || t;
    }
    *out = bool_value(acc);
    return FN_OK;
}

static FnResult fn_not(EvalCtx *ctx, const Rval *call, Value **args, size_t n, Value **out)
{
    (void)call; (void)n;
    *out = bool_value(!value_is_true(ctx, args[0]));
    return FN_OK;
}

static FnResult fn_strcmp(EvalCtx *ctx, const Rval *call, Value **args, size_t n, Value **out)
{
    (void)ctx; (void)call; (void)n;
    *out = bool_value(strcmp(args[0]->str, args[1]->str) == 0);
    return FN_OK;
}

static FnResult fn_concat(EvalCtx *ctx, const Rval *call, Value **args, size_t n, Value **out)
{
    (void)ctx; (void)call;
    Buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++)
        buf_puts(&b, args[i]->str);
    *out = value_string(buf_cstr(&b));
    buf_free(&b);
    return FN_OK;
}

static FnResult fn_canonify(EvalCtx *ctx, const Rval *call, Value **args, size_t n, Value **out)
{
    (void)ctx; (void)call; (void)n;
    char *c = canonify(args[0]->str);
    *out = value_string(c);
    free(c);
    return FN_OK;
}

static FnResult fn_classmatch(EvalCtx *ctx, const Rval *call, Value **args, size_t n, Value **out)
{
    (void)call; (void)n;
    const Map *sets[] = { &ctx->classes.hard, &ctx->classes.names };
    bool found = false;
    for (size_t k = 0; k < 2 && !found; k++) {
        const MapEntry *e;
        for (size_t i = 0; !found && map_next(sets[k], &i, &e);) {
            int m = e->value ? regex_full_match(args[0]->str, e->key) : 0;
            if (m < 0) {
                eval_warning(ctx, "Function 'classmatch': the regular expression '%s' does not compile",
                             args[0]->str);
                return FN_FAIL;
            }
            found = m > 0;
        }
    }
    *out = bool_value(found);
    return FN_OK;
}

static FnResult fn_ifelse(EvalCtx *ctx, const Rval *call, Value **args, size_t n, Value **out)
{
    if (n % 2 == 0) {
        eval_fatal(ctx, "Fatal CFEngine error: in built-in FnCall %s: even number of arguments (%zu given; "
                   "ifelse takes condition, value pairs and a default)", call->str, n);
        return FN_FAIL;
    }
    for (size_t i = 0; i + 1 < n; i += 2) {
        if (value_is_true(ctx, args[i])) {
            *out = value_copy(args[i + 1]);
            return FN_OK;
        }
    }
    *out = value_copy(args[n - 1]);
    return FN_OK;
}

/* Sorted by name for bsearch. */
static const FnEntry FUNCTIONS[] = {
    { "and", fn_logic },
    { "canonify", fn_canonify },
    { "classmatch", fn_classmatch },
    { "concat", fn_concat },
    { "fileexists", fn_fileexists },
    { "getindices", fn_getindices },
    { "getvalues", fn_getvalues },
    { "ifelse", fn_ifelse },
    { "isdir", fn_isdir },
    { "isexecutable", fn_isexecutable },
    { "isplain", fn_isplain },
    { "isvariable", fn_isvariable },
    { "lsdir", fn_lsdir },
    { "not", fn_not },
    { "or", fn_logic },
    { "sort", fn_sort },
    { "strcmp", fn_strcmp },
};

static int cmp_entry(const void *key, const void *e)
{
    return strcmp(key, ((const FnEntry *)e)->name);
}

const FnEntry *fn_lookup(const char *name)
{
    return bsearch(name, FUNCTIONS, sizeof FUNCTIONS / sizeof *FUNCTIONS, sizeof *FUNCTIONS, cmp_entry);
}

/* ---- calling ------------------------------------------------------------ */

/* Functions 3.21 hands their arguments unexpanded (they expand them per
 * element themselves): no argument count check, no unresolved check. */
static bool is_delayed(const char *name)
{
    return strcmp(name, "maplist") == 0 || strcmp(name, "maparray") == 0 || strcmp(name, "mapdata") == 0;
}

/* 3.21's RlistIsUnresolved lets these through: maplist() and friends
 * substitute them. */
static bool mentions_this_iterator(const char *s)
{
    static const char *const ALLOWED[] = {
        "$(this)", "${this}", "$(this.k)", "${this.k}", "$(this.k[1])", "${this.k[1]}", "$(this.v)", "${this.v}", NULL,
    };
    for (const char *const *a = ALLOWED; *a; a++)
        if (strstr(s, *a))
            return true;
    return false;
}

static ValueType return_shape(SynType t)
{
    return t == SYN_SLIST || t == SYN_ILIST || t == SYN_RLIST ? VALUE_LIST : VALUE_STRING;
}

/* Whether parameter i of a collecting function is a container: a
 * variable name or inline JSON. */
static bool is_container_param(const SynFunction *sf, size_t i)
{
    if (!sf->collecting || i >= sf->n_params)
        return false;
    const char *d = sf->params[i].description;
    return d && strncmp(d, "CFEngine ", 9) == 0 && strstr(d, "variable identifier");
}

/* Whether the container argument of a collecting function names
 * something: inline JSON, or a variable (or array) that exists. */
static bool container_exists(EvalCtx *ctx, const Value *arg)
{
    if (arg->type == VALUE_LIST || arg->unknown)
        return true;
    const char *s = arg->str;
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    if (*s == '[' || *s == '{' || *s == '"')
        return true;
    if (named_variable(ctx, arg))
        return true;
    /* An array: some "name[key]" in the scope. */
    bool found = false;
    Value *keys = value_list();
    array_walk(ctx, arg, push_key, keys);
    found = keys->list.len > 0;
    value_free(keys);
    return found;
}

typedef struct {
    Vec args;        /* of Value* */
    bool unresolved; /* some argument still holds a reference (or a failed call) */
    bool unknown;    /* some argument is unknown */
} FnArgs;

static void args_push(FnArgs *a, Value *v)
{
    vec_push(&a->args, v);
}

/* Pushes a list's items as separate string arguments, as 3.21 flattens
 * lists into the arguments of a function that does not collect. */
static void args_splice(FnArgs *a, const Value *list)
{
    for (size_t k = 0; k < list->list.len; k++)
        args_push(a, value_string(list->list.items[k]));
    if (list->unknown)
        a->unknown = true;
}

/* Works out the arguments of a call as 3.21's NewExpArgs does. */
static void expand_args(EvalCtx *ctx, const SynFunction *sf, const Rval *call, FnArgs *a)
{
    bool delayed = is_delayed(call->str);
    for (size_t i = 0; i < call->items.len && !ctx->fatal; i++) {
        const Rval *arg = call->items.items[i];
        if (delayed) {
            args_push(a, value_string(arg->kind == RVAL_FNCALL ? "" : arg->str));
            continue;
        }
        if (arg->kind == RVAL_FNCALL) {
            Value *v = eval_fncall(ctx, arg);
            if (!v) {
                a->unresolved = true; /* the call stays a call */
                args_push(a, value_string(""));
            } else if (v->type == VALUE_LIST && !sf->collecting) {
                args_splice(a, v);
                value_free(v);
            } else {
                a->unknown = a->unknown || v->unknown;
                args_push(a, v);
            }
            continue;
        }
        /* Strings, and $(x) and @(x) standing alone, are expanded as
         * strings: @(x) stays as written (a collecting function reads the
         * variable it names; any other takes the text, as 3.21 does). */
        ExpandState st = { false, false };
        char *s = eval_expand_state(ctx, arg->str, &st);
        if (value_str_unresolved(s, false) && !mentions_this_iterator(s))
            a->unresolved = true;
        if (st.unknown)
            a->unknown = true;
        Value *v = value_string_owned(s);
        v->unknown = st.unknown;
        args_push(a, v);
    }
}

/* Variadic functions whose 3.21 implementation exits when given fewer
 * arguments than these (the message takes the name and the minimum). */
static const struct {
    const char *name;
    size_t min;
    const char *message;
} MINIMUM_ARGS[] = {
#define AT_LEAST_ONE "Fatal CFEngine error: Function '%s' requires at least one argument (%zu or more expected)"
#define SHELL_OPTION "Fatal CFEngine error: Missing argument to %s() - Must specify 'noshell', 'useshell', or " \
                     "'powershell' (%zu arguments or more expected)"
    { "classesmatching", 1, AT_LEAST_ONE },
    { "classfiltercsv", 3, "Fatal CFEngine error: Function %s requires at least %zu arguments" },
    { "classmatch", 1, AT_LEAST_ONE },
    { "countclassesmatching", 1, AT_LEAST_ONE },
    { "execresult", 2, SHELL_OPTION },
    { "execresult_as_data", 2, SHELL_OPTION },
    { "getclassmetatags", 1, AT_LEAST_ONE },
    { "getvariablemetatags", 1, AT_LEAST_ONE },
    { "sort", 1, "Fatal CFEngine error: in built-in FnCall %s: missing first argument, a list name (%zu or more "
                 "arguments expected)" },
    { "variablesmatching", 1, AT_LEAST_ONE },
    { "variablesmatching_as_data", 1, AT_LEAST_ONE },
#undef AT_LEAST_ONE
#undef SHELL_OPTION
};

/* 3.21's CallFunction checks: each argument as written against its
 * parameter's type and range, then the count after lists were spread.
 * False (reported, fatal) when they fail. */
static bool check_args(EvalCtx *ctx, const SynFunction *sf, const Rval *call, const FnArgs *a)
{
    size_t n = call->items.len, argnum = 0;
    for (; argnum < n && argnum < sf->n_params; argnum++) {
        const Rval *arg = call->items.items[argnum];
        if (arg->kind == RVAL_FNCALL)
            continue;
        Buf why = BUF_INIT;
        if (check_rval_type(&ctx->regexes, sf->params[argnum].type, sf->params[argnum].range, arg, &why)) {
            eval_fatal(ctx, "Fatal CFEngine error: In function '%s', error in variable '%s', '%s'", call->str, arg->str,
                       buf_cstr(&why));
            buf_free(&why);
            return false;
        }
        buf_free(&why);
    }
    if (!sf->variadic && argnum != a->args.len) {
        eval_fatal(ctx, "Fatal CFEngine error: Bad arguments: function '%s' takes %zu argument%s, the lists in "
                   "its arguments made %zu", call->str, argnum, argnum == 1 ? "" : "s", a->args.len);
        return false;
    }
    for (size_t i = 0; i < sizeof MINIMUM_ARGS / sizeof *MINIMUM_ARGS; i++) {
        if (strcmp(call->str, MINIMUM_ARGS[i].name) == 0 && a->args.len < MINIMUM_ARGS[i].min) {
            eval_fatal(ctx, MINIMUM_ARGS[i].message, call->str, MINIMUM_ARGS[i].min);
            return false;
        }
    }
    return true;
}

static void free_value(void *v)
{
    value_free(v);
}

Value *eval_fncall(EvalCtx *ctx, const Rval *call)
{
    const SynFunction *sf = syntax_function(call->str);
    size_t n = call->items.len;
    if (!sf) {
        /* Unknown at the top of an attribute is a load-time error; nested,
         * 3.21 says so at run time and goes on. */
        eval_warning(ctx, "No such FnCall '%s': not a built-in function; the call is left unevaluated", call->str);
        return NULL;
    }
    bool delayed = is_delayed(call->str);
    if (!delayed && !sf->variadic && n != sf->n_params) {
        eval_fatal(ctx, "Arguments to function '%s' do not tally. Expected %zu not %zu", call->str, sf->n_params, n);
        return NULL;
    }
    FnArgs a = { VEC_INIT, false, false };
    expand_args(ctx, sf, call, &a);
    Value *out = NULL;
    if (ctx->fatal)
        goto done;
    if (!delayed && a.unresolved) {
        /* ifelse(isvariable("x"), $(x), "default") may run anyway. */
        const Value *first = a.args.len ? a.args.items[0] : NULL;
        const Value *third = a.args.len == 3 ? a.args.items[2] : NULL;
        bool ifelse_ok = strcmp(call->str, "ifelse") == 0 && third && first->type == VALUE_STRING &&
                         strcmp(first->str, "!any") == 0 && !value_unresolved(third);
        if (!ifelse_ok)
            goto done; /* failure: the call stays unevaluated */
    }
    if (!check_args(ctx, sf, call, &a))
        goto done;
    bool no_container = false;
    for (size_t i = 0; i < a.args.len; i++) {
        if (!is_container_param(sf, i))
            continue;
        /* a container minicf holds as unknown makes the result unknown */
        const Value *named = named_variable(ctx, a.args.items[i]);
        if (named && named->unknown)
            a.unknown = true;
        else if (!container_exists(ctx, a.args.items[i]))
            no_container = true;
    }
    /* A collecting function that names no container fails (getindices
     * and getvalues give an empty list instead). */
    if (no_container && !a.unknown && strcmp(call->str, "getindices") != 0 && strcmp(call->str, "getvalues") != 0)
        goto done;
    const FnEntry *fe = fn_lookup(call->str);
    if (!fe) {
        /* Not implemented: 3.21 would work it out; minicf cannot. */
        out = value_unknown(return_shape(sf->return_type));
        goto done;
    }
    if (a.unknown || delayed || a.args.len < sf->n_params) {
        out = value_unknown(return_shape(sf->return_type));
        goto done;
    }
    Value *result = NULL;
    switch (fe->impl(ctx, call, (Value **)a.args.items, a.args.len, &result)) {
    case FN_OK:
        out = result;
        break;
    case FN_DEFER:
        value_free(result);
        out = value_unknown(return_shape(sf->return_type));
        break;
    case FN_FAIL:
        value_free(result);
        break;
    }
done:
    vec_free(&a.args, free_value);
    if (ctx->fatal) {
        value_free(out);
        return NULL;
    }
    return out;
}
