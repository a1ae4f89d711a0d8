/* vars.c - variables by scope. */
#include "eval/vars.h"

#include <stdlib.h>

#include "base/alloc.h"

static void free_value(void *v)
{
    value_free(v);
}

static void free_scope(void *m)
{
    map_free(m, free_value);
    free(m);
}

void vars_put(VarTable *t, const char *scope, const char *name, Value *v)
{
    Map *m = map_get(&t->scopes, scope);
    if (!m) {
        m = xcalloc(1, sizeof *m);
        map_put(&t->scopes, scope, m);
    }
    value_free(map_put(m, name, v));
}

const Value *vars_get(const VarTable *t, const char *scope, const char *name)
{
    const Map *m = map_get(&t->scopes, scope);
    return m ? map_get(m, name) : NULL;
}

const Map *vars_scope(const VarTable *t, const char *scope)
{
    return map_get(&t->scopes, scope);
}

void vars_free(VarTable *t)
{
    map_free(&t->scopes, free_scope);
}
