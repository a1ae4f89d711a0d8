/* value.c - run-time values. */
#include "eval/value.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

Value *value_string_owned(char *s)
{
    Value *v = xcalloc(1, sizeof *v);
    v->type = VALUE_STRING;
    v->str = s;
    return v;
}

/* The Value and its string in one allocation: value_free() knows the
 * string by where it is. */
Value *value_string(const char *s)
{
    size_t n = strlen(s) + 1;
    Value *v = xmalloc(sizeof *v + n);
    memset(v, 0, sizeof *v);
    v->type = VALUE_STRING;
    v->str = memcpy(v + 1, s, n);
    return v;
}

Value *value_list(void)
{
    Value *v = xcalloc(1, sizeof *v);
    v->type = VALUE_LIST;
    return v;
}

Value *value_data(Json *j)
{
    Value *v = xcalloc(1, sizeof *v);
    v->type = VALUE_DATA;
    v->data = j;
    return v;
}

Value *value_unknown(ValueType type)
{
    Value *v = type == VALUE_LIST ? value_list() : type == VALUE_DATA ? value_data(NULL) : value_string("");
    v->unknown = true;
    return v;
}

void value_list_push(Value *v, const char *s)
{
    vec_push(&v->list, xstrdup(s));
}

Value *value_copy(const Value *v)
{
    Value *c;
    if (v->type == VALUE_STRING) {
        c = value_string(v->str);
    } else if (v->type == VALUE_DATA) {
        c = value_data(v->data ? json_copy(v->data) : NULL);
    } else {
        c = value_list();
        for (size_t i = 0; i < v->list.len; i++)
            value_list_push(c, v->list.items[i]);
    }
    c->unknown = v->unknown;
    return c;
}

void value_free(Value *v)
{
    if (!v)
        return;
    if (v->str != (char *)(v + 1))
        free(v->str);
    vec_free(&v->list, free);
    json_free(v->data);
    free(v);
}

bool value_str_unresolved(const char *s, bool lists_too)
{
    for (const char *p = s; (p = strpbrk(p, lists_too ? "$@" : "$")) != NULL; p++)
        if (p[1] == '(' || p[1] == '{')
            return true;
    return false;
}

bool value_unresolved(const Value *v)
{
    if (v->unknown)
        return false;
    if (v->type == VALUE_STRING)
        return value_str_unresolved(v->str, false);
    if (v->type == VALUE_DATA)
        return false;
    for (size_t i = 0; i < v->list.len; i++)
        if (value_str_unresolved(v->list.items[i], false))
            return true;
    return false;
}

Value *value_as_list(const Value *v)
{
    if (v->type == VALUE_LIST)
        return value_copy(v);
    Value *out = value_list();
    out->unknown = v->unknown;
    if (v->type == VALUE_STRING) {
        if (!v->unknown)
            value_list_push(out, v->str);
        return out;
    }
    if (!v->data)
        return out;
    if (!json_is_container(v->data)) {
        char *s = json_primitive_string(v->data);
        if (s)
            vec_push(&out->list, s);
        return out;
    }
    for (size_t i = 0; i < json_length(v->data); i++) {
        char *s = json_primitive_string(json_at(v->data, i, NULL));
        if (s)
            vec_push(&out->list, s);
    }
    return out;
}

Json *value_to_json(const Value *v)
{
    if (v->unknown)
        return NULL;
    if (v->type == VALUE_DATA)
        return json_copy(v->data);
    if (v->type == VALUE_STRING)
        return json_string(v->str);
    Json *a = json_array();
    for (size_t i = 0; i < v->list.len; i++)
        json_array_push(a, json_string(v->list.items[i]));
    return a;
}

Value *value_from_json(const Json *j)
{
    if (json_is_container(j))
        return value_data(json_copy(j));
    char *s = json_primitive_string(j);
    if (!s)
        return NULL;
    Value *v = value_string(s);
    free(s);
    return v;
}

bool value_equal(const Value *a, const Value *b)
{
    if (a->type != b->type || a->unknown != b->unknown)
        return false;
    if (a->type == VALUE_STRING)
        return strcmp(a->str, b->str) == 0;
    if (a->type == VALUE_LIST) {
        if (a->list.len != b->list.len)
            return false;
        for (size_t i = 0; i < a->list.len; i++)
            if (strcmp(a->list.items[i], b->list.items[i]) != 0)
                return false;
        return true;
    }
    if (!a->data || !b->data)
        return a->data == b->data;
    return json_equal(a->data, b->data);
}
