/* value.c - run-time values. */
#include "eval/value.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

Value *value_string(const char *s)
{
    Value *v = xcalloc(1, sizeof *v);
    v->type = VALUE_STRING;
    v->str = xstrdup(s);
    return v;
}

Value *value_list(void)
{
    Value *v = xcalloc(1, sizeof *v);
    v->type = VALUE_LIST;
    return v;
}

void value_list_push(Value *v, const char *s)
{
    vec_push(&v->list, xstrdup(s));
}

Value *value_copy(const Value *v)
{
    if (v->type == VALUE_STRING)
        return value_string(v->str);
    Value *c = value_list();
    for (size_t i = 0; i < v->list.len; i++)
        value_list_push(c, v->list.items[i]);
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
