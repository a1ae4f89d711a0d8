/* value.h - the values variables hold at run time: a string, a list of
 * strings, or a data container (a JSON tree, base/json.h).
 *
 * A value may be `unknown`: it exists (3.21 would have worked it out, for
 * example the result of a function minicf does not implement) but minicf
 * cannot say what it is. An unknown value counts as resolved; what is
 * built from it is unknown too. An unknown list may hold some items, but
 * not all of them are known.
 *
 * Ownership: value_*() constructors return owned Values; value_free(NULL)
 * is a no-op; a Value owns its strings (value_string() keeps the string in
 * the Value's own allocation: str is never to be freed or replaced alone).
 */
#ifndef MINICF_EVAL_VALUE_H
#define MINICF_EVAL_VALUE_H

#include <stdbool.h>

#include "base/json.h"
#include "base/vec.h"

typedef enum { VALUE_STRING, VALUE_LIST, VALUE_DATA } ValueType;

typedef struct {
    ValueType type;
    char *str;    /* VALUE_STRING ("" when unknown) */
    Vec list;     /* VALUE_LIST: of char* */
    Json *data;   /* VALUE_DATA (NULL when unknown) */
    bool unknown; /* exists, but minicf cannot work it out */
} Value;

Value *value_string(const char *s);
/* value_string() that takes ownership of s instead of copying it. */
Value *value_string_owned(char *s);
Value *value_list(void);
/* A data container holding j (taken over). */
Value *value_data(Json *j);
Value *value_unknown(ValueType type);
void value_list_push(Value *v, const char *s);
Value *value_copy(const Value *v);
void value_free(Value *v);
bool value_equal(const Value *a, const Value *b);

/* The items a value iterates over as $(x), as 3.21 iterates: a list's
 * items; a container's primitive children (nested containers and nulls
 * skipped); a string alone. Owned VALUE_LIST. */
Value *value_as_list(const Value *v);

/* A value as a JSON tree, as 3.21 turns variables into containers: data
 * copied, a list as an array of strings, a string as a JSON string.
 * NULL when unknown. Owned. */
Json *value_to_json(const Value *v);

/* A JSON node as the variable it is seen as through $(d[k]) or @(d[k]):
 * a primitive as a string, a container as data; NULL for null. */
Value *value_from_json(const Json *j);

/* True when s still holds a variable reference: $(x) or ${x}, and, when
 * lists_too, @(x) or @{x}. */
bool value_str_unresolved(const char *s, bool lists_too);

/* True when a known value still holds a $(x) or ${x} reference (in any
 * item of a list). */
bool value_unresolved(const Value *v);

#endif
