/* vars.c - variables by scope. */
#include "eval/vars.h"

#include <stdlib.h>
#include <string.h>

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

/* The map of scope, noted as the last used; NULL when it has none. */
static Map *scope_vars(VarTable *t, const char *scope)
{
    if (t->last_scope && strcmp(t->last_scope, scope) == 0)
        return t->last_vars;
    Map *m = map_get(&t->scopes, scope);
    if (m) {
        free(t->last_scope);
        t->last_scope = xstrdup(scope);
        t->last_vars = m;
    }
    return m;
}

void vars_put(VarTable *t, const char *scope, const char *name, Value *v)
{
    Map *m = scope_vars(t, scope);
    if (!m) {
        m = xcalloc(1, sizeof *m);
        map_put(&t->scopes, scope, m);
    }
    value_free(map_put(m, name, v));
}

const Value *vars_get(VarTable *t, const char *scope, const char *name)
{
    const Map *m = scope_vars(t, scope);
    return m ? map_get(m, name) : NULL;
}

const Map *vars_scope(const VarTable *t, const char *scope)
{
    return map_get(&t->scopes, scope);
}

void vars_free(VarTable *t)
{
    map_free(&t->scopes, free_scope);
    free(t->last_scope);
    t->last_scope = NULL;
    t->last_vars = NULL;
}
