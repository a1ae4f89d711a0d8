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

Value *value_string(const char *s)
{
    return value_string_owned(xstrdup(s));
}

Value *value_list(void)
{
    Value *v = xcalloc(1, sizeof *v);
    v->type = VALUE_LIST;
    return v;
}

Value *value_unknown(ValueType type)
{
    Value *v = type == VALUE_LIST ? value_list() : value_string("");
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
    free(v->str);
    vec_free(&v->list, free);
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
    for (size_t i = 0; i < v->list.len; i++)
        if (value_str_unresolved(v->list.items[i], false))
            return true;
    return false;
}
