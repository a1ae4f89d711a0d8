/* syntax_json.c - print the syntax tables in the JSON structure of
 * `cf-promises -s json`: the same keys and values, every object's keys
 * sorted, two-space indentation, so the two outputs can be diffed.
 */
#include "syntax.h"

#include <string.h>

static const char *status_name(SynStatus s)
{
    return s == SYN_STATUS_DEPRECATED ? "deprecated" : "normal";
}

static const char *visibility_name(SynVisibility v)
{
    switch (v) {
    case SYN_VIS_GLOBAL:      return "global";
    case SYN_VIS_PROMISETYPE: return "promiseType";
    case SYN_VIS_BUNDLE:      return "bundle";
    case SYN_VIS_BODY:        return "body";
    }
    return "";
}

static const char *category_name(SynFnCategory c)
{
    switch (c) {
    case SYN_FN_DATA:          return "data";
    case SYN_FN_IO:            return "io";
    case SYN_FN_COMMUNICATION: return "communication";
    case SYN_FN_FILES:         return "files";
    case SYN_FN_UTILS:         return "utils";
    case SYN_FN_SYSTEM:        return "system";
    case SYN_FN_INTERNAL:      return "internal";
    }
    return "";
}

static void put_string(FILE *out, const char *s)
{
    putc('"', out);
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;

        switch (c) {
        case '"':  fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\b': fputs("\\b", out); break;
        case '\f': fputs("\\f", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (c < 0x20)
                fprintf(out, "\\u%04x", c);
            else
                putc(c, out);
        }
    }
    putc('"', out);
}

/* Start a member: newline, indentation, "key": */
static void put_key(FILE *out, int depth, const char *key)
{
    fprintf(out, "\n%*s", 2 * depth, "");
    put_string(out, key);
    fputs(": ", out);
}

static void put_string_member(FILE *out, int depth, const char *key, const char *value)
{
    put_key(out, depth, key);
    put_string(out, value);
}

static void put_bool_member(FILE *out, int depth, const char *key, bool value)
{
    put_key(out, depth, key);
    fputs(value ? "true" : "false", out);
}

/* Close an object or array opened at depth. */
static void put_close(FILE *out, int depth, char c)
{
    fprintf(out, "\n%*s%c", 2 * depth, "", c);
}

static void print_attr(FILE *out, int depth, const SynAttr *a)
{
    put_key(out, depth, a->name);
    putc('{', out);
    put_string_member(out, depth + 1, "attribute", a->name);
    putc(',', out);
    if (a->range != NULL) {
        put_string_member(out, depth + 1, "range", a->range);
        putc(',', out);
    }
    put_string_member(out, depth + 1, "status", status_name(a->status));
    putc(',', out);
    put_string_member(out, depth + 1, "type", syntax_type_name(a->type));
    putc(',', out);
    put_string_member(out, depth + 1, "visibility", visibility_name(a->visibility));
    put_close(out, depth, '}');
}

/* "attributes": {...} for a table made of two sorted runs, [0, n_own) and
 * [n_own, n_attrs), merged so that the keys come out sorted. */
static void print_attrs(FILE *out, int depth, const SynAttr *attrs, size_t n_attrs,
                        size_t n_own)
{
    size_t i = 0, j = n_own;

    put_key(out, depth, "attributes");
    putc('{', out);
    while (i < n_own || j < n_attrs) {
        const SynAttr *a;

        if (j == n_attrs || (i < n_own && strcmp(attrs[i].name, attrs[j].name) < 0))
            a = &attrs[i++];
        else
            a = &attrs[j++];
        print_attr(out, depth + 1, a);
        if (i < n_own || j < n_attrs)
            putc(',', out);
    }
    put_close(out, depth, '}');
}

static void print_body_types(FILE *out, int depth)
{
    size_t n = syntax_body_type_count();

    put_key(out, depth, "bodyTypes");
    putc('{', out);
    for (size_t i = 0; i < n; i++) {
        const SynBodyType *bt = syntax_body_type_at(i);

        put_key(out, depth + 1, bt->name);
        putc('{', out);
        print_attrs(out, depth + 2, bt->attrs, bt->n_attrs, bt->n_own);
        putc(',', out);
        put_string_member(out, depth + 2, "status", status_name(bt->status));
        put_close(out, depth + 1, '}');
        if (i + 1 < n)
            putc(',', out);
    }
    put_close(out, depth, '}');
}

static void print_bundle_types(FILE *out, int depth)
{
    size_t n = syntax_bundle_type_count();

    put_key(out, depth, "bundleTypes");
    putc('{', out);
    for (size_t i = 0; i < n; i++) {
        const SynBundleType *bt = syntax_bundle_type_at(i);

        put_key(out, depth + 1, bt->name);
        putc('{', out);
        put_key(out, depth + 2, "promiseTypes");
        putc('[', out);
        for (const char *const *p = bt->promise_types; *p != NULL; p++) {
            fprintf(out, "\n%*s", 2 * (depth + 3), "");
            put_string(out, *p);
            if (p[1] != NULL)
                putc(',', out);
        }
        put_close(out, depth + 2, ']');
        putc(',', out);
        put_string_member(out, depth + 2, "status", status_name(bt->status));
        put_close(out, depth + 1, '}');
        if (i + 1 < n)
            putc(',', out);
    }
    put_close(out, depth, '}');
}

static void print_params(FILE *out, int depth, const SynFunction *f)
{
    put_key(out, depth, "parameters");
    if (f->n_params == 0) {
        fputs("[]", out);
        return;
    }
    putc('[', out);
    for (size_t i = 0; i < f->n_params; i++) {
        const SynFnParam *p = &f->params[i];

        fprintf(out, "\n%*s{", 2 * (depth + 1), "");
        put_string_member(out, depth + 2, "description", p->description);
        putc(',', out);
        put_string_member(out, depth + 2, "range", p->range);
        putc(',', out);
        put_string_member(out, depth + 2, "type", syntax_type_name(p->type));
        put_close(out, depth + 1, '}');
        if (i + 1 < f->n_params)
            putc(',', out);
    }
    put_close(out, depth, ']');
}

static void print_functions(FILE *out, int depth)
{
    size_t n = syntax_function_count();

    put_key(out, depth, "functions");
    putc('{', out);
    for (size_t i = 0; i < n; i++) {
        const SynFunction *f = syntax_function_at(i);

        put_key(out, depth + 1, f->name);
        putc('{', out);
        put_bool_member(out, depth + 2, "cached", f->cached);
        putc(',', out);
        put_string_member(out, depth + 2, "category", category_name(f->category));
        putc(',', out);
        put_bool_member(out, depth + 2, "collecting", f->collecting);
        putc(',', out);
        print_params(out, depth + 2, f);
        putc(',', out);
        put_string_member(out, depth + 2, "returnType", syntax_type_name(f->return_type));
        putc(',', out);
        put_string_member(out, depth + 2, "status", status_name(f->status));
        putc(',', out);
        put_bool_member(out, depth + 2, "variadic", f->variadic);
        put_close(out, depth + 1, '}');
        if (i + 1 < n)
            putc(',', out);
    }
    put_close(out, depth, '}');
}

static void print_promise_types(FILE *out, int depth)
{
    size_t n = syntax_promise_type_count();

    put_key(out, depth, "promiseTypes");
    putc('{', out);
    for (size_t i = 0; i < n; i++) {
        const SynPromiseType *pt = syntax_promise_type_at(i);

        put_key(out, depth + 1, pt->name);
        putc('{', out);
        print_attrs(out, depth + 2, pt->attrs, pt->n_attrs, pt->n_own);
        putc(',', out);
        put_string_member(out, depth + 2, "status", status_name(pt->status));
        put_close(out, depth + 1, '}');
        if (i + 1 < n)
            putc(',', out);
    }
    put_close(out, depth, '}');
}

void syntax_print_json(FILE *out)
{
    putc('{', out);
    print_body_types(out, 1);
    putc(',', out);
    print_bundle_types(out, 1);
    putc(',', out);
    print_functions(out, 1);
    putc(',', out);
    print_promise_types(out, 1);
    put_close(out, 0, '}');
    putc('\n', out);
}
