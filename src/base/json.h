/* json.h - JSON trees as CFEngine 3.21 keeps them in data containers.
 *
 * Objects keep their keys in insertion order (getindices() sees that
 * order) but are written with their keys sorted, as 3.21's writer does.
 * Integers are 3.21's: parsed as a long and kept as an int; reals are
 * written with four decimals ("%.4f") and expanded into strings with two
 * ("%.2f").
 *
 * Ownership: json_*() constructors and json_parse() return owned trees;
 * json_free(NULL) is a no-op; a container owns its children (push and set
 * take ownership); lookups return borrowed pointers; strings are copied.
 */
#ifndef MINICF_BASE_JSON_H
#define MINICF_BASE_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/vec.h"

typedef enum {
    JSON_NULL,
    JSON_BOOL,
    JSON_INT,
    JSON_REAL,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT,
} JsonType;

typedef struct Json Json;
struct Json {
    JsonType type;
    bool b;     /* JSON_BOOL */
    long i;     /* JSON_INT */
    double r;   /* JSON_REAL */
    char *s;    /* JSON_STRING */
    Vec items;  /* JSON_ARRAY, JSON_OBJECT: of Json* */
    Vec keys;   /* JSON_OBJECT: of char*, parallel to items */
};

Json *json_null(void);
Json *json_bool(bool b);
Json *json_int(long i);
Json *json_real(double r);
Json *json_string(const char *s);
Json *json_array(void);
Json *json_object(void);
Json *json_copy(const Json *j);
void json_free(Json *j);

bool json_is_container(const Json *j);
/* Same type, value and children (keys in the same order). */
bool json_equal(const Json *a, const Json *b);
size_t json_length(const Json *j); /* children of a container; 0 otherwise */

void json_array_push(Json *a, Json *v);
/* Sets key k of object o to v, in place when k exists (its position is
 * kept), at the end otherwise. */
void json_object_set(Json *o, const char *k, Json *v);
const Json *json_object_get(const Json *o, const char *k);
/* The child of a container by key (object) or decimal index (array);
 * NULL when there is none. */
const Json *json_child(const Json *j, const char *key);
/* Child i of a container and, for an object, its key (else NULL). */
const Json *json_at(const Json *j, size_t i, const char **key);

/* Parses text as 3.21's JsonParse does: one value (object, array, string,
 * number, true, false, null) after white space; what follows it is
 * ignored, as 3.21 ignores it. NULL on error,
 * with *error (when not NULL) set to a static description. */
Json *json_parse(const char *text, const char **error);

/* The error of an integer with an exponent ("1e3"): 3.21 reads it as an
 * integer and exits, so callers make it fatal. */
#define JSON_ERROR_INT_EXPONENT "an integer with an exponent"

/* Sorts the keys of every object in j, in place (3.21's compact writer
 * does this to the containers format("%S") prints). */
void json_sort_keys(Json *j);

/* Writes j as 3.21 does: pretty (storejson: two-space indentation, an
 * empty object as "{" newline "}") or compact (format("%S")). */
void json_write(Buf *b, const Json *j, bool pretty);
char *json_to_string(const Json *j, bool pretty);

/* A primitive as 3.21 expands it into a string ($(d[k]), getvalues()):
 * owned; NULL for null and containers. */
char *json_primitive_string(const Json *j);

/* Appends s as a JSON string literal, quotes included. */
void json_write_string(Buf *b, const char *s);

#endif
