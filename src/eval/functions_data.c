/* functions_data.c - built-in functions that make or print data
 * containers: parsejson, storejson, mergedata, data_expand,
 * string_mustache (the renderer is in mustache.c). */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "eval/fn_impl.h"
#include "eval/mustache.h"

FnResult fn_parsejson(FN_PARAMS)
{
    (void)call; (void)n;
    const char *error = NULL;
    Json *j = json_parse(args[0]->str, &error);
    if (!j && error && strcmp(error, JSON_ERROR_INT_EXPONENT) == 0) {
        eval_fatal(ctx, "Fatal CFEngine error: Conversion error (Not terminated) on a number of '%s' "
                   "(StringToLongExitOnError)", args[0]->str);
        return FN_FAIL;
    }
    if (!j) {
        eval_warning(ctx, "Error parsing JSON expression '%s': %s", args[0]->str, error);
        return FN_FAIL;
    }
    if (!json_is_container(j)) {
        eval_warning(ctx, "Non-container from parsing JSON expression '%s'", args[0]->str);
        json_free(j);
        return FN_FAIL;
    }
    *out = value_data(j);
    return FN_OK;
}

static Json *container_arg(EvalCtx *ctx, const Rval *call, const Value *arg)
{
    Json *j = fn_container(ctx, arg);
    if (!j)
        eval_note(ctx, "Function '%s': '%s' is not a data container, a list or inline JSON", call->str,
                     arg->type == VALUE_STRING ? arg->str : "(value)");
    return j;
}

FnResult fn_storejson(FN_PARAMS)
{
    (void)n;
    Json *j = container_arg(ctx, call, args[0]);
    if (!j)
        return FN_FAIL;
    char *s = json_to_string(j, true);
    *out = value_string(s);
    free(s);
    json_free(j);
    return FN_OK;
}

/* An array as an object keyed by index, for merging with an object. */
static Json *as_object(Json *j)
{
    if (j->type == JSON_OBJECT)
        return j;
    Json *o = json_object();
    for (size_t i = 0; i < json_length(j); i++) {
        char *k = xasprintf("%zu", i);
        json_object_set(o, k, json_copy(json_at(j, i, NULL)));
        free(k);
    }
    json_free(j);
    return o;
}

/* Arrays are appended to arrays; objects (and arrays merged with them)
 * merged, the later key winning, as 3.21's JsonMerge. */
FnResult fn_mergedata(FN_PARAMS)
{
    if (n == 0) {
        eval_warning(ctx, "mergedata needs at least one argument, a reference to a container variable");
        return FN_FAIL;
    }
    Json *acc = NULL;
    for (size_t i = 0; i < n; i++) {
        Json *j = container_arg(ctx, call, args[i]);
        if (!j || !json_is_container(j)) {
            json_free(j);
            json_free(acc);
            return FN_FAIL;
        }
        if (!acc) {
            acc = j;
            continue;
        }
        if (acc->type == JSON_ARRAY && j->type == JSON_ARRAY) {
            for (size_t k = 0; k < json_length(j); k++)
                json_array_push(acc, json_copy(json_at(j, k, NULL)));
        } else {
            acc = as_object(acc);
            j = as_object(j);
            for (size_t k = 0; k < json_length(j); k++) {
                const char *key;
                const Json *e = json_at(j, k, &key);
                json_object_set(acc, key, json_copy(e));
            }
        }
        json_free(j);
    }
    *out = value_data(acc);
    return FN_OK;
}

/* Keys and string values with their variables expanded. */
static Json *expand_json(EvalCtx *ctx, const Json *j)
{
    if (j->type == JSON_STRING) {
        char *s = eval_expand(ctx, j->s, NULL);
        Json *e = json_string(s);
        free(s);
        return e;
    }
    if (!json_is_container(j))
        return json_copy(j);
    Json *c = j->type == JSON_OBJECT ? json_object() : json_array();
    for (size_t i = 0; i < json_length(j); i++) {
        const char *key;
        Json *e = expand_json(ctx, json_at(j, i, &key));
        if (key) {
            char *k = eval_expand(ctx, key, NULL);
            json_object_set(c, k, e);
            free(k);
        } else {
            json_array_push(c, e);
        }
    }
    return c;
}

FnResult fn_data_expand(FN_PARAMS)
{
    (void)n;
    Json *j = container_arg(ctx, call, args[0]);
    if (!j)
        return FN_FAIL;
    *out = value_data(expand_json(ctx, j));
    json_free(j);
    return FN_OK;
}

/* string_mustache(template, data): without data 3.21 renders against
 * datastate(), which minicf does not build: deferred (unknown). */
FnResult fn_string_mustache(FN_PARAMS)
{
    if (n < 2)
        return FN_DEFER;
    Json *j = container_arg(ctx, call, args[1]);
    if (!j)
        return FN_FAIL;
    Buf b = BUF_INIT;
    bool ok = mustache_render(&b, args[0]->str, j);
    json_free(j);
    if (!ok) {
        eval_warning(ctx, "Function 'string_mustache': the template does not render");
        buf_free(&b);
        return FN_FAIL;
    }
    *out = value_string(buf_cstr(&b));
    buf_free(&b);
    return FN_OK;
}

FnResult fn_validjson(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    Json *j = json_parse(args[0]->str, NULL);
    *out = fn_bool(j != NULL);
    json_free(j);
    return FN_OK;
}

static const char *json_type_name(const Json *j)
{
    switch (j->type) {
    case JSON_NULL: return "null";
    case JSON_BOOL: return "boolean";
    case JSON_INT: return "int";
    case JSON_REAL: return "real";
    case JSON_STRING: return "string";
    case JSON_ARRAY: return "array";
    case JSON_OBJECT: return "object";
    }
    return "none";
}

/* The element "d[k][j]" names when d is a data container; NULL when ref
 * names no element of one. Borrowed from the variable. */
static const Json *container_element_json(EvalCtx *ctx, const char *ref)
{
    const char *br = ref[0] == '@' || ref[0] == '$' ? NULL : strchr(ref, '[');
    if (!br || br == ref)
        return NULL;
    char *base = xstrndup(ref, (size_t)(br - ref));
    Value *name = value_string(base);
    free(base);
    const Value *v = fn_variable(ctx, name);
    value_free(name);
    if (!v || v->unknown || v->type != VALUE_DATA || !v->data)
        return NULL;
    const Json *j = v->data;
    for (const char *p = br; j && *p;) {
        const char *close = *p == '[' ? strchr(p, ']') : NULL;
        if (!close)
            return NULL;
        char *key = xstrndup(p + 1, (size_t)(close - p - 1));
        j = json_is_container(j) ? json_child(j, key) : NULL;
        free(key);
        p = close + 1;
    }
    return j;
}

/* type(name, [detail]): "none" ("policy none") when undefined; "data"
 * ("data object", "data int", ...) for a container or an element of one,
 * "slist" ("policy slist") for a list. minicf keeps no declared type for
 * scalars (string, int and real look alike): unknown. */
FnResult fn_type(FN_PARAMS)
{
    (void)call;
    bool detail = n > 1 && (strcmp(args[1]->str, "true") == 0 || strcmp(args[1]->str, "yes") == 0 ||
                            strcmp(args[1]->str, "on") == 0);
    const Json *elem = container_element_json(ctx, args[0]->str);
    if (elem) { /* an element of a container, primitive or not */
        char *s = detail ? xasprintf("data %s", json_type_name(elem)) : xstrdup("data");
        *out = value_string(s);
        free(s);
        return FN_OK;
    }
    const Value *v = fn_variable(ctx, args[0]);
    if (!v) {
        *out = value_string(detail ? "policy none" : "none");
        return FN_OK;
    }
    if (v->unknown || v->type == VALUE_STRING)
        return FN_DEFER;
    if (v->type == VALUE_LIST) {
        *out = value_string(detail ? "policy slist" : "slist");
        return FN_OK;
    }
    char *s = detail ? xasprintf("data %s", json_type_name(v->data)) : xstrdup("data");
    *out = value_string(s);
    free(s);
    return FN_OK;
}
