/* syntax.c - lookups in the syntax tables of syntax_*.c.
 *
 * Every table, and every run of attributes within a table, is sorted by
 * name in strcmp order, so a lookup is a binary search: the parser looks
 * up each promise type, attribute, body type and function it meets.
 */
#include "syntax.h"

#include <string.h>

/* Binary search of n elements of size bytes from base, each a struct whose
 * first member is its name (a const char *); NULL when name is absent. */
static const void *find_by_name(const void *base, size_t n, size_t size, const char *name)
{
    const char *lo = base;

    while (n > 0) {
        size_t half = n / 2;
        const char *mid = lo + half * size;
        const char *key = *(const char *const *)mid;
        /* strcmp's order; most names differ in their first byte */
        int cmp = (unsigned char)name[0] - (unsigned char)key[0];
        if (cmp == 0)
            cmp = strcmp(name, key);

        if (cmp == 0)
            return mid;
        if (cmp > 0) {
            lo = mid + size;
            n -= half + 1;
        } else {
            n = half;
        }
    }
    return NULL;
}

/* An attribute in a table made of two sorted runs, [0, n_own) and
 * [n_own, n_attrs). */
static const SynAttr *find_attr(const SynAttr *attrs, size_t n_attrs, size_t n_own,
                                const char *name)
{
    const SynAttr *a = find_by_name(attrs, n_own, sizeof *attrs, name);

    if (a == NULL)
        a = find_by_name(attrs + n_own, n_attrs - n_own, sizeof *attrs, name);
    return a;
}

const SynBundleType *syntax_bundle_type(const char *name)
{
    return find_by_name(syntax_bundle_types, syntax_n_bundle_types,
                        sizeof syntax_bundle_types[0], name);
}

const SynPromiseType *syntax_promise_type(const char *name)
{
    return find_by_name(syntax_promise_types, syntax_n_promise_types,
                        sizeof syntax_promise_types[0], name);
}

const SynBodyType *syntax_body_type(const char *name)
{
    return find_by_name(syntax_body_types, syntax_n_body_types,
                        sizeof syntax_body_types[0], name);
}

const SynFunction *syntax_function(const char *name)
{
    return find_by_name(syntax_functions, syntax_n_functions,
                        sizeof syntax_functions[0], name);
}

const SynAttr *syntax_promise_attr(const SynPromiseType *pt, const char *name)
{
    return find_attr(pt->attrs, pt->n_attrs, pt->n_own, name);
}

const SynAttr *syntax_body_attr(const SynBodyType *bt, const char *name)
{
    return find_attr(bt->attrs, bt->n_attrs, bt->n_own, name);
}

bool syntax_bundle_allows(const SynBundleType *bt, const char *pt_name)
{
    for (const char *const *p = bt->promise_types; *p != NULL; p++) {
        if ((*p)[0] == pt_name[0] && strcmp(*p, pt_name) == 0)
            return true;
    }
    return false;
}

size_t syntax_bundle_type_count(void)
{
    return syntax_n_bundle_types;
}

const SynBundleType *syntax_bundle_type_at(size_t i)
{
    return i < syntax_n_bundle_types ? &syntax_bundle_types[i] : NULL;
}

size_t syntax_promise_type_count(void)
{
    return syntax_n_promise_types;
}

const SynPromiseType *syntax_promise_type_at(size_t i)
{
    return i < syntax_n_promise_types ? &syntax_promise_types[i] : NULL;
}

size_t syntax_body_type_count(void)
{
    return syntax_n_body_types;
}

const SynBodyType *syntax_body_type_at(size_t i)
{
    return i < syntax_n_body_types ? &syntax_body_types[i] : NULL;
}

size_t syntax_function_count(void)
{
    return syntax_n_functions;
}

const SynFunction *syntax_function_at(size_t i)
{
    return i < syntax_n_functions ? &syntax_functions[i] : NULL;
}

const char *syntax_type_name(SynType t)
{
    switch (t) {
    case SYN_STRING:  return "string";
    case SYN_INT:     return "int";
    case SYN_REAL:    return "real";
    case SYN_OPTION:  return "option";
    case SYN_BODY:    return "body";
    case SYN_BUNDLE:  return "bundle";
    case SYN_SLIST:   return "slist";
    case SYN_ILIST:   return "ilist";
    case SYN_RLIST:   return "rlist";
    case SYN_OLIST:   return "olist";
    case SYN_CONTEXT: return "context";
    case SYN_CLIST:   return "clist";
    case SYN_IRANGE:  return "irange";
    case SYN_RRANGE:  return "rrange";
    case SYN_DATA:    return "data";
    case SYN_NONE:    break;
    }
    return "none";
}
