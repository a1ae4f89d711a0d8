/* classes.c - sets of classes and a recursive-descent class expression
 * evaluator. */
#include "eval/classes.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

void classset_add_hard(ClassSet *s, const char *name)
{
    s->generation++;
    map_put(&s->hard, name, (void *)1);
}

void classset_add(ClassSet *s, const char *ns, const char *name)
{
    s->generation++;
    if (ns && strcmp(ns, "default") != 0) {
        char *q = xstrjoin(ns, ":", name, NULL);
        map_put(&s->names, q, (void *)1);
        free(q);
    } else {
        map_put(&s->names, name, (void *)1);
    }
}

void classset_remove(ClassSet *s, const char *name)
{
    /* The Map has no removal; a NULL value marks a cancelled class. */
    s->generation++;
    if (map_has(&s->names, name))
        map_put(&s->names, name, NULL);
}

/* classset_has() of name[0..n). */
static bool has_n(const ClassSet *s, const char *name, size_t n)
{
    if (n == 3 && strncmp(name, "any", 3) == 0)
        return true;
    if (n >= 8 && strncmp(name, "default:", 8) == 0) {
        name += 8;
        n -= 8;
        uint64_t h = map_hash_key(name, n);
        return map_get_hashed(&s->hard, name, n, h) != NULL || map_get_hashed(&s->names, name, n, h) != NULL;
    }
    if (memchr(name, ':', n))
        return map_get_n(&s->names, name, n) != NULL;
    uint64_t h = map_hash_key(name, n);
    if (map_get_hashed(&s->hard, name, n, h))
        return true;
    if (s->ns && strcmp(s->ns, "default") != 0) {
        char *q = xasprintf("%s:%.*s", s->ns, (int)n, name);
        bool r = map_get(&s->names, q) != NULL;
        free(q);
        return r;
    }
    return map_get_hashed(&s->names, name, n, h) != NULL;
}

bool classset_has(const ClassSet *s, const char *name)
{
    return has_n(s, name, strlen(name));
}

void classset_free(ClassSet *s)
{
    map_free(&s->names, NULL);
    map_free(&s->hard, NULL);
}

char *canonify(const char *s)
{
    char *c = xstrdup(s);
    for (char *p = c; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            *p = '_';
    return c;
}

typedef struct {
    const ClassSet *set;
    const char *p;
    const char *error;
} ExprParser;

static int parse_or(ExprParser *e);

static void skip_blanks(ExprParser *e)
{
    while (*e->p == ' ' || *e->p == '\t')
        e->p++;
}

static int parse_atom(ExprParser *e)
{
    skip_blanks(e);
    if (*e->p == '!') {
        e->p++;
        int v = parse_atom(e);
        return v < 0 ? v : !v;
    }
    if (*e->p == '(') {
        e->p++;
        int v = parse_or(e);
        if (v < 0)
            return v;
        skip_blanks(e);
        if (*e->p != ')') {
            e->error = "expected ')'";
            return -1;
        }
        e->p++;
        return v;
    }
    const char *start = e->p;
    while (isalnum((unsigned char)*e->p) || *e->p == '_' || *e->p == ':' || (unsigned char)*e->p >= 0x80)
        e->p++;
    if (e->p == start) {
        e->error = *e->p ? "expected a class name, '!' or '('" : "expected a class name at the end";
        return -1;
    }
    return has_n(e->set, start, (size_t)(e->p - start));
}

static int parse_and(ExprParser *e)
{
    int v = parse_atom(e);
    for (;;) {
        if (v < 0)
            return v;
        skip_blanks(e);
        if (*e->p != '.' && *e->p != '&')
            return v;
        e->p++;
        int w = parse_atom(e);
        if (w < 0)
            return w;
        v = v && w;
    }
}

static int parse_or(ExprParser *e)
{
    int v = parse_and(e);
    for (;;) {
        if (v < 0)
            return v;
        skip_blanks(e);
        if (*e->p != '|')
            return v;
        e->p++;
        if (*e->p == '|')
            e->p++;
        int w = parse_and(e);
        if (w < 0)
            return w;
        v = v || w;
    }
}

int class_expr_eval(const ClassSet *s, const char *expr, const char **error)
{
    ExprParser e = { s, expr, NULL };
    int v = parse_or(&e);
    if (v >= 0) {
        skip_blanks(&e);
        if (*e.p) {
            e.error = "unexpected text after the expression";
            v = -1;
        }
    }
    if (error)
        *error = e.error;
    return v;
}
