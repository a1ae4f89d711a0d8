/* functions.c - the table of built-in functions and their calling. */
#include "eval/functions.h"
#include "eval/fn_impl.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "eval/sysinfo_data.h"
#include "policy/check_value.h"
#include "policy/syntax.h"

/* ---- helpers shared by the families (fn_impl.h) ----------------------- */

Value *fn_bool(bool b)
{
    return value_string(b ? "any" : "!any");
}

bool fn_true(EvalCtx *ctx, const Value *v)
{
    return v->type == VALUE_STRING && eval_class_expr(ctx, v->str);
}

/* "@(name)" or "$(name)" as "name"; other text as it is. Owned. */
static char *strip_reference(const char *s)
{
    size_t n = strlen(s);
    if (n > 3 && (s[0] == '@' || s[0] == '$') && ((s[1] == '(' && s[n - 1] == ')') || (s[1] == '{' && s[n - 1] == '}')))
        return xstrndup(s + 2, n - 3);
    return xstrdup(s);
}

const Value *fn_variable(EvalCtx *ctx, const Value *arg)
{
    if (arg->type != VALUE_STRING)
        return NULL;
    char *name = strip_reference(arg->str);
    const Value *v = eval_lookup(ctx, name);
    free(name);
    return v;
}

void fn_array_walk(EvalCtx *ctx, const char *ref, void (*fn)(void *, const char *key, const Value *), void *ud)
{
    char *stripped = strip_reference(ref);
    const char *dot = strchr(stripped, '.');
    const char *bracket = strchr(stripped, '[');
    char *scope, *name;
    if (dot && (!bracket || dot < bracket)) {
        char *b = xstrndup(stripped, (size_t)(dot - stripped));
        /* the sys arrays (sys.ipv4, ...) are kept in scope "sys", read
         * when first asked for */
        bool sys = strcmp(b, "sys") == 0 || strcmp(b, "default:sys") == 0;
        scope = sys ? xstrdup("sys") : strchr(b, ':') ? xstrdup(b) : xasprintf("default:%s", b);
        free(b);
        name = xstrdup(dot + 1);
        if (sys) {
            /* as an array ("ipv4[", not the string sys.ipv4) */
            char *element = xstrjoin(name, "[", NULL);
            sysinfo_data_load(ctx, element);
            free(element);
        }
    } else {
        scope = xstrdup(ctx->scope ? ctx->scope : "default:main");
        name = xstrdup(stripped);
    }
    free(stripped);
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

/* Puts element "k1][k2" of an array at o[k1][k2]. */
static void put_element(void *ud, const char *key, const Value *v)
{
    Json *j = value_to_json(v);
    if (!j)
        return;
    Json *o = ud;
    const char *sep;
    while ((sep = strstr(key, "][")) != NULL) {
        char *k = xstrndup(key, (size_t)(sep - key));
        Json *inner = (Json *)json_object_get(o, k);
        if (!inner || inner->type != JSON_OBJECT) {
            inner = json_object();
            json_object_set(o, k, inner);
        }
        free(k);
        o = inner;
        key = sep + 2;
    }
    json_object_set(o, key, j);
}

Json *fn_container(EvalCtx *ctx, const Value *arg)
{
    if (arg->unknown)
        return NULL;
    if (arg->type != VALUE_STRING)
        return value_to_json(arg);
    const char *s = arg->str;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    if (*s == '[' || *s == '{')
        return json_parse(s, NULL);
    const Value *v = fn_variable(ctx, arg);
    if (v && v->type != VALUE_STRING)
        return value_to_json(v);
    /* a string may share its name with an array ("x" and "x[a]"): 3.21
     * takes the array */
    Json *o = json_object();
    fn_array_walk(ctx, arg->str, put_element, o);
    if (json_length(o) == 0) {
        json_free(o);
        return NULL;
    }
    return o;
}

bool fn_names_array(EvalCtx *ctx, const Value *arg)
{
    if (arg->unknown || arg->type != VALUE_STRING)
        return false;
    const char *s = arg->str;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    if (*s == '[' || *s == '{')
        return false;
    /* a string may share its name with an array: as fn_container() */
    const Value *v = fn_variable(ctx, arg);
    return !v || v->type == VALUE_STRING;
}

typedef struct {
    Map seen; /* first keys listed so far */
    Value *out;
} IndexWalk;

static void note_index(void *ud, const char *key, const Value *v)
{
    if (v->unknown)
        return; /* fn_container() leaves it out (no JSON for it) */
    IndexWalk *w = ud;
    const char *sep = strstr(key, "][");
    size_t n = sep ? (size_t)(sep - key) : strlen(key);
    if (map_get_n(&w->seen, key, n))
        return;
    char *first = xstrndup(key, n);
    map_put(&w->seen, first, (void *)1);
    vec_push(&w->out->list, first);
}

void fn_array_indices(EvalCtx *ctx, const char *ref, Value *out)
{
    IndexWalk w = { MAP_INIT, out };
    fn_array_walk(ctx, ref, note_index, &w);
    map_free(&w.seen, NULL);
}

const Value *fn_container_value(EvalCtx *ctx, const Value *arg)
{
    if (arg->unknown)
        return NULL;
    const Value *v = arg;
    if (arg->type == VALUE_STRING) {
        const char *s = arg->str;
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        if (*s == '[' || *s == '{')
            return NULL;
        v = fn_variable(ctx, arg);
    }
    return v && !v->unknown && v->type != VALUE_STRING ? v : NULL;
}

Value *fn_items(EvalCtx *ctx, const Value *arg)
{
    const Value *v = fn_container_value(ctx, arg);
    if (v) /* what the JSON round trip below gives, without it */
        return value_as_list(v);
    Json *j = fn_container(ctx, arg);
    if (!j)
        return NULL;
    Value *d = value_data(j);
    Value *out = value_as_list(d);
    value_free(d);
    return out;
}

pcre2_code *fn_regex(EvalCtx *ctx, const Rval *call, const char *regex, bool anchored)
{
    int err;
    PCRE2_SIZE off;
    uint32_t opts = PCRE2_MULTILINE | PCRE2_DOTALL | (anchored ? PCRE2_ANCHORED | PCRE2_ENDANCHORED : 0);
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED, opts, &err, &off, NULL);
    if (!re)
        eval_warning(ctx, "Function '%s': the regular expression '%s' does not compile", call->str, regex);
    return re;
}

int fn_regex_search_md(const pcre2_code *re, pcre2_match_data *md, const char *s, size_t *start, size_t *end)
{
    int rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
    if (rc >= 0 && start) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        *start = ov[0];
        *end = ov[1];
    }
    return rc >= 0;
}

int fn_regex_search(const pcre2_code *re, const char *s, size_t *start, size_t *end)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = fn_regex_search_md(re, md, s, start, end);
    pcre2_match_data_free(md);
    return rc;
}

int fn_regex_full_match(EvalCtx *ctx, const Rval *call, const char *regex, const char *s)
{
    pcre2_code *re = fn_regex(ctx, call, regex, true);
    if (!re)
        return -1;
    int m = fn_regex_search(re, s, NULL, NULL);
    pcre2_code_free(re);
    return m;
}

bool fn_parse_long(const char *s, long *out)
{
    long long v;
    if (!check_parse_int(s, &v))
        return false;
    *out = (long)v;
    return true;
}

/* 3.21's RlistFromSplitRegex: at most max pieces, empty ones dropped
 * unless blanks; the rest after the last separator is a piece too. */
void fn_split_regex(const pcre2_code *re, const char *s, long max, bool blanks, Value *out)
{
    const char *sp = s;
    size_t left = strlen(s);
    long count = 0;
    /* fn_regex_search() once per piece, with match data made once */
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    while (count < max && pcre2_match(re, (PCRE2_SPTR)sp, left, 0, 0, md, NULL) >= 0) {
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        size_t start = ov[0], end = ov[1];
        if (end == 0)
            break;
        if (blanks || start > 0) {
            char *piece = xstrndup(sp, start);
            vec_push(&out->list, piece);
            count++;
        }
        sp += end;
        left -= end;
    }
    pcre2_match_data_free(md);
    if (count < max && ((blanks && sp != s) || *sp))
        value_list_push(out, sp);
}

/* Sorted by name for bsearch. */
static const FnEntry FUNCTIONS[] = {
    { "accumulated", fn_accumulated },
    { "ago", fn_ago },
    { "and", fn_logic },
    { "basename", fn_basename },
    { "bundlesmatching", fn_bundlesmatching },
    { "canonify", fn_canonify },
    { "canonifyuniquely", fn_canonifyuniquely },
    { "cf_version_after", fn_cf_version },
    { "cf_version_at", fn_cf_version },
    { "cf_version_before", fn_cf_version },
    { "cf_version_between", fn_cf_version },
    { "cf_version_maximum", fn_cf_version },
    { "cf_version_minimum", fn_cf_version },
    { "classesmatching", fn_classesmatching },
    { "classmatch", fn_classmatch },
    { "concat", fn_concat },
    { "countclassesmatching", fn_countclassesmatching },
    { "countlinesmatching", fn_countlinesmatching },
    { "data_expand", fn_data_expand },
    { "data_readstringarray", fn_data_readstringarray },
    { "data_readstringarrayidx", fn_data_readstringarray },
    { "data_regextract", fn_data_regextract },
    { "difference", fn_setop },
    { "dirname", fn_dirname },
    { "escape", fn_escape },
    { "eval", fn_eval },
    { "every", fn_quantifier },
    { "execresult", fn_execresult },
    { "expandrange", fn_expandrange },
    { "fileexists", fn_fileexists },
    { "filesexist", fn_filesexist },
    { "filesize", fn_filesize },
    { "filestat", fn_filestat },
    { "filter", fn_filter },
    { "findfiles", fn_findfiles },
    { "findprocesses", fn_processes },
    { "format", fn_format },
    { "getenv", fn_getenv },
    { "getgid", fn_getuid },
    { "getindices", fn_getindices },
    { "getuid", fn_getuid },
    { "getvalues", fn_getvalues },
    { "grep", fn_grep },
    { "groupexists", fn_userexists },
    { "hash", fn_hash },
    { "ifelse", fn_ifelse },
    { "intersection", fn_setop },
    { "irange", fn_irange },
    { "isdir", fn_isdir },
    { "isexecutable", fn_isexecutable },
    { "isgreaterthan", fn_compare },
    { "islessthan", fn_compare },
    { "islink", fn_islink },
    { "isnewerthan", fn_isnewerthan },
    { "isplain", fn_isplain },
    { "isvariable", fn_isvariable },
    { "join", fn_join },
    { "lastnode", fn_lastnode },
    { "length", fn_length },
    { "lsdir", fn_lsdir },
    { "maparray", fn_maparray },
    { "mapdata", fn_mapdata },
    { "maplist", fn_maplist },
    { "max", fn_minmax },
    { "mean", fn_mean },
    { "mergedata", fn_mergedata },
    { "min", fn_minmax },
    { "none", fn_quantifier },
    { "not", fn_not },
    { "now", fn_now },
    { "nth", fn_nth },
    { "or", fn_logic },
    { "parsejson", fn_parsejson },
    { "parsestringarray", fn_readstringarray },
    { "parsestringarrayidx", fn_readstringarray },
    { "processexists", fn_processes },
    { "product", fn_product },
    { "readcsv", fn_readcsv },
    { "readdata", fn_readdata },
    { "readfile", fn_readfile },
    { "readjson", fn_readjson },
    { "readstringarray", fn_readstringarray },
    { "readstringarrayidx", fn_readstringarray },
    { "readstringlist", fn_readstringlist },
    { "regcmp", fn_regcmp },
    { "regex_replace", fn_regex_replace },
    { "regextract", fn_regextract },
    { "regline", fn_regline },
    { "reglist", fn_reglist },
    { "returnszero", fn_returnszero },
    { "reverse", fn_reverse },
    { "rrange", fn_rrange },
    { "some", fn_quantifier },
    { "sort", fn_sort },
    { "splitstring", fn_splitstring },
    { "storejson", fn_storejson },
    { "strcmp", fn_strcmp },
    { "strftime", fn_strftime },
    { "string_downcase", fn_case },
    { "string_head", fn_string_head },
    { "string_length", fn_string_length },
    { "string_mustache", fn_string_mustache },
    { "string_replace", fn_string_replace },
    { "string_reverse", fn_string_reverse },
    { "string_split", fn_string_split },
    { "string_tail", fn_string_tail },
    { "string_trim", fn_string_trim },
    { "string_upcase", fn_case },
    { "sum", fn_sum },
    { "translatepath", fn_translatepath },
    { "type", fn_type },
    { "unique", fn_unique },
    { "userexists", fn_userexists },
    { "validjson", fn_validjson },
    { "variablesmatching", fn_variablesmatching },
    { "variablesmatching_as_data", fn_variablesmatching_as_data },
};

const FnEntry *fn_lookup(const char *name)
{
    /* A binary search, as bsearch() would make, without a call through a
     * pointer per step; most names differ from the one they meet in
     * their first byte, compared before strcmp is called. */
    const FnEntry *lo = FUNCTIONS;
    size_t n = sizeof FUNCTIONS / sizeof *FUNCTIONS;
    while (n > 0) {
        const FnEntry *mid = lo + n / 2;
        int cmp = (unsigned char)name[0] - (unsigned char)mid->name[0];
        if (cmp == 0)
            cmp = strcmp(name, mid->name);
        if (cmp == 0)
            return mid;
        if (cmp > 0) {
            lo = mid + 1;
            n -= n / 2 + 1;
        } else {
            n /= 2;
        }
    }
    return NULL;
}

/* ---- calling ------------------------------------------------------------ */

/* Functions 3.21 hands their arguments unexpanded (they expand them per
 * element themselves): no argument count check, no unresolved check. */
static bool is_delayed(const char *name)
{
    return name[0] == 'm' &&
           (strcmp(name, "maplist") == 0 || strcmp(name, "maparray") == 0 || strcmp(name, "mapdata") == 0);
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
    if (t == SYN_DATA)
        return VALUE_DATA;
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

/* Notes (in the bool ud) an array element fn_container() takes: one
 * value_to_json() can give, a known one. */
static void note_known_element(void *ud, const char *key, const Value *v)
{
    (void)key;
    if (!v->unknown)
        *(bool *)ud = true;
}

/* Whether the container argument of a collecting function names
 * something: inline JSON, or a variable (or array) that exists. */
static bool container_exists(EvalCtx *ctx, const Value *arg)
{
    if (arg->type != VALUE_STRING || arg->unknown)
        return true;
    const char *s = arg->str;
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    if (*s == '[' || *s == '{' || *s == '"')
        return true;
    if (fn_variable(ctx, arg))
        return true;
    if (*s == '\r') {
        /* fn_container() skips a CR too, and may find JSON after it */
        Json *j = fn_container(ctx, arg);
        bool found = j != NULL;
        json_free(j);
        return found;
    }
    /* An array: some "name[key]" in the scope that fn_container() would
     * take, found without building the container. */
    bool found = false;
    fn_array_walk(ctx, arg->str, note_known_element, &found);
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
        /* maplist's list may be a call, worked out now; its pattern is
         * worked out per item */
        size_t container_at = strcmp(call->str, "mapdata") == 0 ? 2 : 1;
        if (delayed && !(arg->kind == RVAL_FNCALL && i == container_at)) {
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
            } else if (v->type == VALUE_DATA && !sf->collecting) {
                /* a container where a string is expected: minicf cannot
                 * say what 3.21 makes of it */
                a->unknown = true;
                args_push(a, value_string(""));
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
 * arguments than these (the message takes the name and the minimum).
 * Every one is variadic in the syntax table: the others are not looked
 * for here. */
static const struct {
    const char *name;
    size_t min;
    const char *message;
} MINIMUM_ARGS[] = {
#define AT_LEAST_ONE "Fatal CFEngine error: Function '%s' requires at least one argument (%zu or more expected)"
#define SHELL_OPTION "Fatal CFEngine error: Missing argument to %s() - Must specify 'noshell', 'useshell', or " \
                     "'powershell' (%zu arguments or more expected)"
    { "classesmatching", 1, AT_LEAST_ONE },
    { "eval", 1, "Fatal CFEngine error: in built-in FnCall %s: missing first argument, an evaluation input" },
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

/* Variadic functions whose 3.21 implementation exits when given more
 * arguments than these. */
static const struct {
    const char *name;
    size_t max;
} MAXIMUM_ARGS[] = {
    { "execresult", 3 },
    { "execresult_as_data", 3 },
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
    if (!sf->variadic)
        return true; /* the limits below are all of variadic functions */
    for (size_t i = 0; i < sizeof MAXIMUM_ARGS / sizeof *MAXIMUM_ARGS; i++) {
        if (strcmp(call->str, MAXIMUM_ARGS[i].name) == 0 && a->args.len > MAXIMUM_ARGS[i].max) {
            eval_fatal(ctx, "Fatal CFEngine error: Too many arguments to %s() - Maximum %zu allowed", call->str,
                       MAXIMUM_ARGS[i].max);
            return false;
        }
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

/* The function and its arguments, as a key of ctx->fncache. */
static char *cache_key_of(const char *name, const FnArgs *a)
{
    Buf b = BUF_INIT;
    buf_puts(&b, name);
    for (size_t i = 0; i < a->args.len; i++) {
        const Value *v = a->args.items[i];
        buf_putc(&b, '\x1f');
        if (v->type == VALUE_STRING)
            buf_puts(&b, v->str);
        else if (v->type == VALUE_DATA && v->data)
            json_write(&b, v->data, false);
        else
            for (size_t k = 0; k < v->list.len; k++)
                buf_printf(&b, "%s\x1e", (const char *)v->list.items[k]);
    }
    return buf_steal(&b);
}

Value *eval_fncall(EvalCtx *ctx, const Rval *call)
{
    const SynFunction *sf = call->fn;
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
        const Value *named = fn_variable(ctx, a.args.items[i]);
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
    /* A variadic function's parameters past the first are optional (the
     * minimums 3.21 insists on were checked above). */
    size_t least = sf->variadic && sf->n_params ? 1 : sf->n_params;
    bool mapping = delayed; /* maplist, maparray, mapdata */
    if (a.unknown || (delayed && !mapping) || a.args.len < least) {
        out = value_unknown(return_shape(sf->return_type));
        goto done;
    }
    /* Cached functions (execresult, returnszero, ...) run once per
     * arguments, as 3.21's function cache has it. */
    char *cache_key = sf->cached ? cache_key_of(call->str, &a) : NULL;
    const Value *cached = cache_key ? map_get(&ctx->fncache, cache_key) : NULL;
    if (cached) {
        out = value_copy(cached);
        free(cache_key);
        goto done;
    }
    Value *result = NULL;
    switch (fe->impl(ctx, call, (Value **)a.args.items, a.args.len, &result)) {
    case FN_OK:
        out = result;
        if (cache_key)
            value_free(map_put(&ctx->fncache, cache_key, value_copy(result)));
        break;
    case FN_DEFER:
        value_free(result);
        out = value_unknown(return_shape(sf->return_type));
        break;
    case FN_FAIL:
        value_free(result);
        break;
    }
    free(cache_key);
done:
    vec_free(&a.args, free_value);
    if (ctx->fatal) {
        value_free(out);
        return NULL;
    }
    return out;
}
