/* functions_logic.c - built-in functions about classes, comparisons and
 * what is defined: and, or, not, ifelse, strcmp, regcmp, isgreaterthan,
 * islessthan, classmatch, classesmatching, isvariable, variablesmatching,
 * bundlesmatching. The optional arguments of the *matching functions are
 * meta tags, which minicf does not keep: such a call is unknown. */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "eval/fn_impl.h"
#include "eval/sysinfo_data.h"

FnResult fn_logic(FN_PARAMS)
{
    bool is_and = strcmp(call->str, "and") == 0;
    bool acc = is_and;
    for (size_t i = 0; i < n; i++) {
        bool t = fn_true(ctx, args[i]);
        acc = is_and ? acc && t : acc || t;
    }
    *out = fn_bool(acc);
    return FN_OK;
}

FnResult fn_not(FN_PARAMS)
{
    (void)call; (void)n;
    *out = fn_bool(!fn_true(ctx, args[0]));
    return FN_OK;
}

FnResult fn_ifelse(FN_PARAMS)
{
    if (n % 2 == 0) {
        eval_fatal(ctx, "Fatal CFEngine error: in built-in FnCall %s: even number of arguments (%zu given; "
                   "ifelse takes condition, value pairs and a default)", call->str, n);
        return FN_FAIL;
    }
    for (size_t i = 0; i + 1 < n; i += 2) {
        if (fn_true(ctx, args[i])) {
            *out = value_copy(args[i + 1]);
            return FN_OK;
        }
    }
    *out = value_copy(args[n - 1]);
    return FN_OK;
}

FnResult fn_strcmp(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    *out = fn_bool(strcmp(args[0]->str, args[1]->str) == 0);
    return FN_OK;
}

FnResult fn_regcmp(FN_PARAMS)
{
    (void)n;
    int m = fn_regex_full_match(ctx, call, args[0]->str, args[1]->str);
    if (m < 0)
        return FN_FAIL;
    *out = fn_bool(m);
    return FN_OK;
}

/* Whether s starts with a number (as sscanf("%lf") reads one). */
static bool leading_number(const char *s, double *d)
{
    char *end;
    *d = strtod(s, &end);
    return end != s;
}

/* 3.21 compares as numbers when both sides start with one ("9a" is 9),
 * else as strings. */
FnResult fn_compare(FN_PARAMS)
{
    (void)ctx; (void)n;
    bool greater = strcmp(call->str, "isgreaterthan") == 0;
    double a, b;
    int c;
    if (leading_number(args[0]->str, &a) && leading_number(args[1]->str, &b))
        c = a > b ? 1 : a < b ? -1 : 0;
    else
        c = strcmp(args[0]->str, args[1]->str);
    *out = fn_bool(greater ? c > 0 : c < 0);
    return FN_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The defined classes matching regex, sorted; -1 when it does not
 * compile. As 3.21, the classes of the bundle being evaluated (scope
 * "bundle") are among them, and a name defined both there and globally is
 * listed twice. */
static int matching_classes(EvalCtx *ctx, const Rval *call, const char *regex, Vec *names, bool first_only)
{
    pcre2_code *re = fn_regex(ctx, call, regex, true);
    if (!re)
        return -1;
    /* the bundle's own classes count too, as 3.21's iterator has them;
     * and the network's, read now if not yet */
    classset_complete(&ctx->classes);
    const Map *sets[] = { &ctx->classes.hard, &ctx->classes.names, &ctx->classes.local };
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    for (size_t k = 0; k < sizeof sets / sizeof *sets; k++) {
        const MapEntry *e;
        for (size_t i = 0; map_next(sets[k], &i, &e);) {
            if (!e->value)
                continue;
            char *name = k == 2 && ctx->classes.ns && strcmp(ctx->classes.ns, "default") != 0
                             ? xstrjoin(ctx->classes.ns, ":", e->key, NULL)
                             : xstrdup(e->key);
            if (fn_regex_search_md(re, md, name, NULL, NULL)) {
                vec_push(names, name);
                if (first_only)
                    goto done;
            } else {
                free(name);
            }
        }
    }
done:
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    if (names->len > 1)
        qsort(names->items, names->len, sizeof *names->items, cmp_str);
    return 0;
}

static Value *list_of(Vec *names)
{
    Value *v = value_list();
    for (size_t i = 0; i < names->len; i++)
        value_list_push(v, names->items[i]);
    vec_free(names, free);
    return v;
}

FnResult fn_classmatch(FN_PARAMS)
{
    if (n > 1)
        return FN_DEFER; /* tags: minicf keeps none */
    Vec names = VEC_INIT;
    if (matching_classes(ctx, call, args[0]->str, &names, true) < 0)
        return FN_FAIL;
    *out = fn_bool(names.len > 0);
    vec_free(&names, free);
    return FN_OK;
}

FnResult fn_classesmatching(FN_PARAMS)
{
    if (n > 1)
        return FN_DEFER; /* tags: minicf keeps none */
    Vec names = VEC_INIT;
    if (matching_classes(ctx, call, args[0]->str, &names, false) < 0)
        return FN_FAIL;
    *out = list_of(&names);
    return FN_OK;
}

FnResult fn_countclassesmatching(FN_PARAMS)
{
    if (n > 1)
        return FN_DEFER; /* tags: minicf keeps none */
    Vec names = VEC_INIT;
    if (matching_classes(ctx, call, args[0]->str, &names, false) < 0)
        return FN_FAIL;
    char *s = xasprintf("%zu", names.len);
    *out = value_string(s);
    free(s);
    vec_free(&names, free);
    return FN_OK;
}

FnResult fn_isvariable(FN_PARAMS)
{
    (void)call; (void)n;
    *out = fn_bool(fn_variable(ctx, args[0]) != NULL);
    return FN_OK;
}

/* The length of the literal text every match of an anchored regex starts
 * with: its leading characters up to the first special one, less the last
 * when a quantifier follows it; 0 when the regex has an alternative ('|'
 * anywhere), which could start differently. */
static size_t literal_prefix(const char *regex)
{
    if (strchr(regex, '|'))
        return 0;
    size_t n = strcspn(regex, "\\^$.[]()?*+{}");
    if (n > 0 && regex[n] && strchr("?*+{", regex[n]))
        n--;
    return n;
}

/* Every variable "ns:bundle.name" (special scopes too: "default:sys.x")
 * matching the regex, sorted; -1 when the regex does not compile. */
static int matching_variables(EvalCtx *ctx, const Rval *call, const char *regex, Vec *names)
{
    pcre2_code *re = fn_regex(ctx, call, regex, true);
    if (!re)
        return -1;
    /* Every variable is a candidate: one match block and one name buffer
     * for all of them (policies call this over thousands of variables),
     * and the regex is tried only on names that start with its literal
     * prefix ("default:def" for "default:def.control_agent_.*"), so a
     * scope that cannot match is skipped whole. */
    size_t plen = literal_prefix(regex);
    /* the sys containers are variables too: read them, unless the
     * regex's prefix rules out the sys scope */
    static const char SYS[] = "default:sys.";
    if (strncmp(regex, SYS, plen < sizeof SYS - 1 ? plen : sizeof SYS - 1) == 0)
        sysinfo_data_load_all(ctx);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    Buf full = BUF_INIT;
    const MapEntry *s, *v;
    for (size_t i = 0; map_next(&ctx->vars.scopes, &i, &s);) {
        /* special scopes (sys, const, ...) are seen as default:sys */
        buf_clear(&full);
        if (!strchr(s->key, ':'))
            buf_puts(&full, "default:");
        buf_puts(&full, s->key);
        buf_putc(&full, '.');
        size_t head = full.len;
        if (memcmp(full.data, regex, head < plen ? head : plen) != 0)
            continue;
        const char *key_prefix = plen > head ? regex + head : "";
        size_t key_plen = plen > head ? plen - head : 0;
        for (size_t j = 0; map_next(s->value, &j, &v);) {
            if (!v->value || strncmp(v->key, key_prefix, key_plen) != 0)
                continue;
            full.len = head;
            buf_puts(&full, v->key);
            if (pcre2_match(re, (PCRE2_SPTR)buf_cstr(&full), full.len, 0, 0, md, NULL) >= 0)
                vec_push(names, xstrdup(buf_cstr(&full)));
        }
    }
    buf_free(&full);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    if (names->len > 1)
        qsort(names->items, names->len, sizeof *names->items, cmp_str);
    return 0;
}

FnResult fn_variablesmatching(FN_PARAMS)
{
    if (n > 1)
        return FN_DEFER; /* tags: minicf keeps none */
    Vec names = VEC_INIT;
    if (matching_variables(ctx, call, args[0]->str, &names) < 0)
        return FN_FAIL;
    *out = list_of(&names);
    return FN_OK;
}

/* The same as an object of the variables' values. */
FnResult fn_variablesmatching_as_data(FN_PARAMS)
{
    if (n > 1)
        return FN_DEFER; /* tags: minicf keeps none */
    Vec names = VEC_INIT;
    if (matching_variables(ctx, call, args[0]->str, &names) < 0)
        return FN_FAIL;
    Json *o = json_object();
    bool unknown = false;
    for (size_t i = 0; i < names.len; i++) {
        const Value *v = eval_lookup(ctx, names.items[i]);
        if (!v) /* default:sys.x is the special scope sys */
            v = eval_lookup(ctx, strchr(names.items[i], ':') + 1);
        Json *j = v ? value_to_json(v) : NULL;
        unknown = unknown || (v && v->unknown);
        if (j)
            json_object_set(o, names.items[i], j);
    }
    vec_free(&names, free);
    if (unknown) {
        json_free(o);
        return FN_DEFER;
    }
    *out = value_data(o);
    return FN_OK;
}

/* Every bundle "ns:name" matching the regex, in the order read. */
FnResult fn_bundlesmatching(FN_PARAMS)
{
    if (n > 1)
        return FN_DEFER; /* tags: minicf keeps none */
    pcre2_code *re = fn_regex(ctx, call, args[0]->str, true);
    if (!re)
        return FN_FAIL;
    Vec names = VEC_INIT;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    for (size_t i = 0; ctx->policy && i < ctx->policy->bundles.len; i++) {
        const Bundle *b = ctx->policy->bundles.items[i];
        char *full = xstrjoin(b->ns, ":", b->name, NULL);
        if (fn_regex_search_md(re, md, full, NULL, NULL))
            vec_push(&names, full);
        else
            free(full);
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    *out = list_of(&names);
    return FN_OK;
}
