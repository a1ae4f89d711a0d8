/* json.c - JSON trees, their parsing and writing, as 3.21 does them. */
#include "base/json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

static Json *json_new(JsonType t)
{
    Json *j = xcalloc(1, sizeof *j);
    j->type = t;
    return j;
}

Json *json_null(void)
{
    return json_new(JSON_NULL);
}

Json *json_bool(bool b)
{
    Json *j = json_new(JSON_BOOL);
    j->b = b;
    return j;
}

Json *json_int(long i)
{
    Json *j = json_new(JSON_INT);
    j->i = i;
    return j;
}

Json *json_real(double r)
{
    Json *j = json_new(JSON_REAL);
    j->r = r;
    return j;
}

Json *json_string(const char *s)
{
    Json *j = json_new(JSON_STRING);
    j->s = xstrdup(s);
    return j;
}

Json *json_array(void)
{
    return json_new(JSON_ARRAY);
}

Json *json_object(void)
{
    return json_new(JSON_OBJECT);
}

static void free_json(void *j)
{
    json_free(j);
}

void json_free(Json *j)
{
    if (!j)
        return;
    free(j->s);
    vec_free(&j->items, free_json);
    vec_free(&j->keys, free);
    free(j);
}

Json *json_copy(const Json *j)
{
    Json *c = json_new(j->type);
    c->b = j->b;
    c->i = j->i;
    c->r = j->r;
    c->s = j->s ? xstrdup(j->s) : NULL;
    for (size_t k = 0; k < j->items.len; k++) {
        vec_push(&c->items, json_copy(j->items.items[k]));
        if (j->type == JSON_OBJECT)
            vec_push(&c->keys, xstrdup(j->keys.items[k]));
    }
    return c;
}

bool json_equal(const Json *a, const Json *b)
{
    if (a->type != b->type || a->items.len != b->items.len)
        return false;
    switch (a->type) {
    case JSON_NULL: return true;
    case JSON_BOOL: return a->b == b->b;
    case JSON_INT: return a->i == b->i;
    case JSON_REAL: return a->r == b->r || (a->r != a->r && b->r != b->r);
    case JSON_STRING: return strcmp(a->s, b->s) == 0;
    case JSON_ARRAY:
    case JSON_OBJECT: break;
    }
    for (size_t i = 0; i < a->items.len; i++) {
        if (a->type == JSON_OBJECT && strcmp(a->keys.items[i], b->keys.items[i]) != 0)
            return false;
        if (!json_equal(a->items.items[i], b->items.items[i]))
            return false;
    }
    return true;
}

bool json_is_container(const Json *j)
{
    return j->type == JSON_ARRAY || j->type == JSON_OBJECT;
}

size_t json_length(const Json *j)
{
    return json_is_container(j) ? j->items.len : 0;
}

void json_array_push(Json *a, Json *v)
{
    vec_push(&a->items, v);
}

/* Whether key (of an object) is k; most keys differ in their first byte. */
static bool key_is(const char *key, const char *k)
{
    return key[0] == k[0] && strcmp(key, k) == 0;
}

void json_object_set(Json *o, const char *k, Json *v)
{
    for (size_t i = 0; i < o->keys.len; i++) {
        if (key_is(o->keys.items[i], k)) {
            json_free(o->items.items[i]);
            o->items.items[i] = v;
            return;
        }
    }
    vec_push(&o->keys, xstrdup(k));
    vec_push(&o->items, v);
}

const Json *json_object_get(const Json *o, const char *k)
{
    if (o->type != JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < o->keys.len; i++)
        if (key_is(o->keys.items[i], k))
            return o->items.items[i];
    return NULL;
}

const Json *json_child(const Json *j, const char *key)
{
    if (j->type == JSON_OBJECT)
        return json_object_get(j, key);
    if (j->type != JSON_ARRAY || !*key)
        return NULL;
    char *end;
    errno = 0;
    long i = strtol(key, &end, 10);
    if (*end || errno || i < 0 || (size_t)i >= j->items.len)
        return NULL;
    return j->items.items[i];
}

const Json *json_at(const Json *j, size_t i, const char **key)
{
    if (key)
        *key = j->type == JSON_OBJECT ? j->keys.items[i] : NULL;
    return j->items.items[i];
}

/* ---- parsing ------------------------------------------------------------ */

typedef struct {
    const char *p;
    const char *error;
} Parser;

static Json *parse_value(Parser *ps, int depth);

static void skip_ws(Parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
        ps->p++;
}

/* 3.21 decodes the escapes of a JSON string value (not a key) twice: what the first decoding
 * leaves is read again for \\ \" \b \f \n \r \t (not \/; any other
 * escape kept as written). So the JSON text "a\\b" is "a" and a
 * backspace, and "a\\\\b" is a\b. Recorded from cf-agent
 * (fn_json_escapes). In place. */
static void unescape_again(char *s)
{
    static const char from[] = "\\\"bfnrt";
    static const char to[] = "\\\"\b\f\n\r\t";
    char *w = s;
    for (const char *r = s; *r; r++) {
        const char *m = r[0] == '\\' && r[1] ? strchr(from, r[1]) : NULL;
        if (!m) {
            *w++ = *r;
            continue;
        }
        r++;
        *w++ = to[m - from];
    }
    *w = '\0';
}

/* A string after its opening quote. 3.21 decodes \" \\ \/ \b \f \n \r \t
 * and keeps any other escape (\u included) as written. */
static char *parse_string(Parser *ps)
{
    Buf b = BUF_INIT;
    for (;;) {
        char c = *ps->p++;
        if (c == '\0') {
            ps->p--; /* stay on the end */
            ps->error = "unterminated string";
            buf_free(&b);
            return NULL;
        }
        if (c == '"')
            break;
        if (c != '\\') {
            buf_putc(&b, c);
            continue;
        }
        char e = *ps->p++;
        switch (e) {
        case '"': buf_putc(&b, '"'); break;
        case '\\': buf_putc(&b, '\\'); break;
        case '/': buf_putc(&b, '/'); break;
        case 'b': buf_putc(&b, '\b'); break;
        case 'f': buf_putc(&b, '\f'); break;
        case 'n': buf_putc(&b, '\n'); break;
        case 'r': buf_putc(&b, '\r'); break;
        case 't': buf_putc(&b, '\t'); break;
        case '\0':
            ps->p--;
            ps->error = "unterminated string";
            buf_free(&b);
            return NULL;
        default:
            buf_putc(&b, '\\');
            buf_putc(&b, e);
        }
    }
    char *s = buf_steal(&b);
    return s ? s : xstrdup("");
}

static Json *parse_number(Parser *ps)
{
    const char *start = ps->p;
    bool real = false;
    if (*ps->p == '-')
        ps->p++;
    while ((*ps->p >= '0' && *ps->p <= '9') || *ps->p == '.') {
        real = real || *ps->p == '.';
        ps->p++;
    }
    if (ps->p == start || (ps->p == start + 1 && *start == '-')) {
        ps->error = "malformed number";
        return NULL;
    }
    if (*ps->p == 'e' || *ps->p == 'E') {
        if (!real) {
            ps->error = JSON_ERROR_INT_EXPONENT;
            return NULL;
        }
        ps->p++;
        if (*ps->p == '+' || *ps->p == '-')
            ps->p++;
        while (*ps->p >= '0' && *ps->p <= '9')
            ps->p++;
    }
    char *text = xstrndup(start, (size_t)(ps->p - start));
    char *end;
    Json *j = NULL;
    errno = 0;
    if (real) {
        double d = strtod(text, &end);
        if (!*end)
            j = json_real(d);
    } else {
        long l = strtol(text, &end, 10);
        if (!*end && !errno)
            j = json_int((int)l); /* 3.21 keeps an int */
    }
    if (!j)
        ps->error = "malformed number";
    free(text);
    return j;
}

static bool word(Parser *ps, const char *w)
{
    size_t n = strlen(w);
    if (strncmp(ps->p, w, n) != 0)
        return false;
    ps->p += n;
    return true;
}

static Json *parse_container(Parser *ps, int depth, bool object)
{
    Json *j = object ? json_object() : json_array();
    char close = object ? '}' : ']';
    skip_ws(ps);
    if (*ps->p == close) {
        ps->p++;
        return j;
    }
    for (;;) {
        skip_ws(ps);
        char *key = NULL;
        if (object) {
            if (*ps->p != '"') {
                ps->error = "expected a string key in an object";
                json_free(j);
                return NULL;
            }
            ps->p++;
            key = parse_string(ps);
            skip_ws(ps);
            if (!key || *ps->p != ':') {
                if (key)
                    ps->error = "expected ':' after an object key";
                free(key);
                json_free(j);
                return NULL;
            }
            ps->p++;
        }
        Json *v = parse_value(ps, depth + 1);
        if (!v) {
            free(key);
            json_free(j);
            return NULL;
        }
        if (object)
            json_object_set(j, key, v);
        else
            json_array_push(j, v);
        free(key);
        skip_ws(ps);
        if (*ps->p == ',') {
            ps->p++;
            /* 3.21 takes a comma before the closing bracket ({"a":1,}) */
            skip_ws(ps);
            if (*ps->p == close) {
                ps->p++;
                return j;
            }
            continue;
        }
        if (*ps->p == close) {
            ps->p++;
            return j;
        }
        ps->error = object ? "expected ',' or '}' in an object" : "expected ',' or ']' in an array";
        json_free(j);
        return NULL;
    }
}

static Json *parse_value(Parser *ps, int depth)
{
    if (depth > 1000) {
        ps->error = "too deeply nested";
        return NULL;
    }
    skip_ws(ps);
    char c = *ps->p;
    if (c == '{' || c == '[') {
        ps->p++;
        return parse_container(ps, depth, c == '{');
    }
    if (c == '"') {
        ps->p++;
        char *s = parse_string(ps);
        if (s)
            unescape_again(s); /* values only: keys are decoded once */
        if (!s)
            return NULL;
        Json *j = json_string(s);
        free(s);
        return j;
    }
    if (c == '-' || (c >= '0' && c <= '9'))
        return parse_number(ps);
    if (word(ps, "true"))
        return json_bool(true);
    if (word(ps, "false"))
        return json_bool(false);
    if (word(ps, "null"))
        return json_null();
    ps->error = "unrecognized token";
    return NULL;
}

Json *json_parse(const char *text, const char **error)
{
    Parser ps = { text, NULL };
    Json *j = parse_value(&ps, 0);
    if (error)
        *error = ps.error;
    return j;
}

/* ---- writing ------------------------------------------------------------ */

void json_write_string(Buf *b, const char *s)
{
    buf_putc(b, '"');
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\b': buf_puts(b, "\\b"); break;
        case '\f': buf_puts(b, "\\f"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        case '\t': buf_puts(b, "\\t"); break;
        default: buf_putc(b, *p);
        }
    }
    buf_putc(b, '"');
}

static void indent(Buf *b, int level)
{
    for (int i = 0; i < level; i++)
        buf_puts(b, "  ");
}

/* The order 3.21 writes an object's members in: keys sorted. */
static size_t *sorted_keys(const Json *o)
{
    size_t n = o->keys.len;
    size_t *order = xcalloc(n ? n : 1, sizeof *order);
    for (size_t i = 0; i < n; i++) {
        size_t k = i;
        while (k > 0 && strcmp(o->keys.items[order[k - 1]], o->keys.items[i]) > 0) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    return order;
}

void json_sort_keys(Json *j)
{
    for (size_t i = 0; i < j->items.len; i++)
        json_sort_keys(j->items.items[i]);
    if (j->type != JSON_OBJECT || j->keys.len < 2)
        return;
    size_t n = j->keys.len;
    size_t *order = sorted_keys(j);
    void **keys = xcalloc(n, sizeof *keys), **items = xcalloc(n, sizeof *items);
    for (size_t i = 0; i < n; i++) {
        keys[i] = j->keys.items[order[i]];
        items[i] = j->items.items[order[i]];
    }
    memcpy(j->keys.items, keys, n * sizeof *keys);
    memcpy(j->items.items, items, n * sizeof *items);
    free(keys);
    free(items);
    free(order);
}

static void write_value(Buf *b, const Json *j, bool pretty, int level)
{
    switch (j->type) {
    case JSON_NULL: buf_puts(b, "null"); return;
    case JSON_BOOL: buf_puts(b, j->b ? "true" : "false"); return;
    case JSON_INT: buf_printf(b, "%ld", j->i); return;
    case JSON_REAL: buf_printf(b, "%.4f", j->r); return;
    case JSON_STRING: json_write_string(b, j->s); return;
    case JSON_ARRAY:
    case JSON_OBJECT: break;
    }
    bool object = j->type == JSON_OBJECT;
    size_t n = j->items.len;
    if (n == 0) {
        if (pretty && object) {
            buf_puts(b, "{\n");
            indent(b, level);
            buf_putc(b, '}');
        } else {
            buf_puts(b, object ? "{}" : "[]");
        }
        return;
    }
    size_t *order = object ? sorted_keys(j) : NULL;
    buf_putc(b, object ? '{' : '[');
    for (size_t i = 0; i < n; i++) {
        size_t k = order ? order[i] : i;
        if (i)
            buf_putc(b, ',');
        if (pretty) {
            buf_putc(b, '\n');
            indent(b, level + 1);
        }
        if (object) { /* 3.21 writes keys as they are, unescaped */
            buf_putc(b, '"');
            buf_puts(b, j->keys.items[k]);
            buf_putc(b, '"');
            buf_puts(b, pretty ? ": " : ":");
        }
        write_value(b, j->items.items[k], pretty, level + 1);
    }
    if (pretty) {
        buf_putc(b, '\n');
        indent(b, level);
    }
    buf_putc(b, object ? '}' : ']');
    free(order);
}

void json_write(Buf *b, const Json *j, bool pretty)
{
    write_value(b, j, pretty, 0);
}

char *json_to_string(const Json *j, bool pretty)
{
    Buf b = BUF_INIT;
    json_write(&b, j, pretty);
    return buf_steal(&b);
}

char *json_primitive_string(const Json *j)
{
    switch (j->type) {
    case JSON_BOOL: return xstrdup(j->b ? "true" : "false");
    case JSON_INT: return xasprintf("%ld", j->i);
    case JSON_REAL: return xasprintf("%.2f", j->r);
    case JSON_STRING: return xstrdup(j->s);
    default: return NULL;
    }
}
