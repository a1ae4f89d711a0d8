/* vars.h - variables by scope: "ns:bundle" (or "sys", "const", "this")
 * and name, where a name may be an array element "a[key]".
 *
 * Ownership: the table owns its scopes and the Values put into it
 * (vars_put takes ownership); vars_get returns a borrowed Value.
 */
#ifndef MINICF_EVAL_VARS_H
#define MINICF_EVAL_VARS_H

#include "base/map.h"
#include "eval/value.h"

typedef struct {
    Map scopes; /* scope name -> Map* of name -> Value* */
    /* The scope used last and its map: most lookups and puts follow
     * others in the same bundle. A scope's map, once made, lives as long
     * as the table. */
    char *last_scope;
    Map *last_vars;
} VarTable;

void vars_put(VarTable *t, const char *scope, const char *name, Value *v);
/* Not const: the table notes the scope looked up. */
const Value *vars_get(VarTable *t, const char *scope, const char *name);

/* The scope's whole map (name -> Value*), or NULL; for arrays and
 * variablesmatching. */
const Map *vars_scope(const VarTable *t, const char *scope);

void vars_free(VarTable *t);

#endif
