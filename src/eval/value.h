/* value.h - the values variables hold at run time: a string or a list of
 * strings (data containers come with the evaluator's issue).
 *
 * Ownership: value_*() constructors return owned Values; value_free(NULL)
 * is a no-op; a Value owns its strings.
 */
#ifndef MINICF_EVAL_VALUE_H
#define MINICF_EVAL_VALUE_H

#include "base/vec.h"

typedef enum { VALUE_STRING, VALUE_LIST } ValueType;

typedef struct {
    ValueType type;
    char *str;  /* VALUE_STRING */
    Vec list;   /* VALUE_LIST: of char* */
} Value;

Value *value_string(const char *s);
Value *value_list(void);
void value_list_push(Value *v, const char *s);
Value *value_copy(const Value *v);
void value_free(Value *v);

#endif
