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
            eval_error(ctx, "Function '%s': the regular expression '%s' does not compile", call->str, args[1]->str);
            break;
        }
        if (m)
            vec_push(&names, full ? xasprintf("%s/%s", args[0]->str, e->d_name) : xstrdup(e->d_name));
    }
    closedir(d);
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
    if (!v || v->type != VALUE_LIST)
        return FN_DEFER;
    if (n > 1 && strcmp(args[1]->str, "lex") != 0)
        return FN_DEFER; /* other orders come with the evaluator */
    *out = value_copy(v);
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
    const MapEntry *e;
    bool found = false;
    for (size_t i = 0; !found && map_next(&ctx->classes.names, &i, &e);) {
        int m = e->value ? regex_full_match(args[0]->str, e->key) : 0;
        if (m < 0) {
            eval_error(ctx, "Function 'classmatch': the regular expression '%s' does not compile", args[0]->str);
            return FN_FAIL;
        }
        found = m > 0;
    }
    *out = bool_value(found);
    return FN_OK;
}

static FnResult fn_ifelse(EvalCtx *ctx, const Rval *call, Value **args, size_t n, Value **out)
{
    if (n % 2 == 0) {
        eval_error(ctx, "Function '%s' needs an odd number of arguments, got %zu", call->str, n);
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

/* Arguments that stand for a variable's name, not its value. */
static bool passes_name(const SynFunction *sf, size_t i)
{
    return sf->collecting && i == 0;
}

Value *eval_fncall(EvalCtx *ctx, const Rval *call)
{
    const SynFunction *sf = syntax_function(call->str);
    size_t n = call->items.len;
    if (!sf)
        return NULL; /* the load-time checks report unknown functions */
    if (n < sf->n_params || (!sf->variadic && n > sf->n_params)) {
        eval_error(ctx, "Arguments to function '%s' do not tally. Expected %zu%s not %zu", call->str, sf->n_params,
                   sf->variadic ? " or more" : "", n);
        return NULL;
    }
    const FnEntry *fe = fn_lookup(call->str);
    if (!fe)
        return NULL;
    Value **args = xcalloc(n ? n : 1, sizeof *args);
    bool ready = true;
    for (size_t i = 0; i < n && ready; i++) {
        const Rval *a = call->items.items[i];
        if (passes_name(sf, i) && (a->kind == RVAL_STRING || a->kind == RVAL_SYMBOL || a->kind == RVAL_NAKEDVAR)) {
            bool complete = true;
            char *s = eval_expand(ctx, a->str, a->kind == RVAL_NAKEDVAR ? NULL : &complete);
            args[i] = value_string(s);
            free(s);
            ready = complete;
        } else {
            args[i] = eval_rval(ctx, a);
            ready = args[i] != NULL;
        }
        /* A list where a string is wanted means iteration, which the
         * promise evaluation does; not here. */
        if (ready && args[i]->type == VALUE_LIST && !passes_name(sf, i) && sf->n_params > 0 &&
            sf->params[i < sf->n_params ? i : sf->n_params - 1].type == SYN_STRING)
            ready = false;
    }
    Value *out = NULL;
    if (ready && fe->impl(ctx, call, args, n, &out) != FN_OK)
        out = NULL;
    for (size_t i = 0; i < n; i++)
        value_free(args[i]);
    free(args);
    return out;
}
