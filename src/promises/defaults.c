/* defaults.c - defaults: promises give a variable of the bundle (most
 * often a parameter) a value when it has none, or when its value matches
 * if_match_regex, as 3.21's DefaultVarPromise does. */
#include "promises/promises.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

static bool full_match(const char *re, const char *s)
{
    int err;
    PCRE2_SIZE off;
    char *anchored = xasprintf("^(?:%s)$", re);
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)anchored, PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
    free(anchored);
    if (!code)
        return false;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    int rc = pcre2_match(code, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    pcre2_code_free(code);
    return rc >= 0;
}

static bool matches(const Value *v, const char *re)
{
    if (v->unknown)
        return false;
    if (v->type == VALUE_STRING)
        return full_match(re, v->str);
    for (size_t i = 0; i < v->list.len; i++)
        if (full_match(re, v->list.items[i]))
            return true;
    return false;
}

static Outcome defaults_keep(AgentCtx *a, const Promise *p, const PromiseAttrs *attrs)
{
    (void)attrs;
    static const char *const TYPES[] = { "string", "slist", "int", "real", "ilist", "rlist", "data", NULL };
    EvalCtx *ctx = a->eval;
    const Constraint *value = NULL;
    for (const char *const *t = TYPES; *t && !value; t++)
        value = promise_get(p, *t);
    const char *name = agent_promiser(a);
    if (!value || value_str_unresolved(name, true))
        return OUTCOME_SKIPPED;
    const Value *cur = vars_get(&ctx->vars, ctx->scope, name);
    if (cur) {
        const Constraint *re = promise_get(p, "if_match_regex");
        char *pattern = re ? eval_expand(ctx, re->rval->str, NULL) : NULL;
        bool replace = pattern && matches(cur, pattern);
        free(pattern);
        if (!replace)
            return OUTCOME_KEPT;
    }
    Value *v = eval_rval(ctx, value->rval);
    if (!v)
        return OUTCOME_FAILED;
    vars_put(&ctx->vars, ctx->scope, name, v);
    return OUTCOME_KEPT;
}

const PromiseType promise_type_defaults = { "defaults", 20, defaults_keep, PROMISE_TYPE_EVERY_PASS };
