/* policy.c - the promise graph's nodes. */
#include "policy/policy.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

Policy *policy_new(void)
{
    return xcalloc(1, sizeof(Policy));
}

static void free_srcfile(void *f)
{
    srcfile_free(f);
}

void policy_free(Policy *p)
{
    if (!p)
        return;
    vec_free(&p->bundles, NULL);
    vec_free(&p->bodies, NULL);
    vec_free(&p->files, free_srcfile);
    vec_free(&p->checked, NULL);
    arena_free(&p->arena);
    free(p);
}

void policy_merge(Policy *to, Policy *from)
{
    for (size_t i = 0; i < from->files.len; i++)
        vec_push(&to->files, from->files.items[i]);
    for (size_t i = 0; i < from->bundles.len; i++) {
        Bundle *b = from->bundles.items[i];
        b->policy = to;
        vec_push(&to->bundles, b);
    }
    for (size_t i = 0; i < from->bodies.len; i++) {
        Body *b = from->bodies.items[i];
        b->policy = to;
        vec_push(&to->bodies, b);
    }
    arena_move(&to->arena, &from->arena);
    for (size_t i = 0; i < from->checked.len; i++)
        vec_push(&to->checked, from->checked.items[i]);
    vec_free(&from->files, NULL);
    vec_free(&from->bundles, NULL);
    vec_free(&from->bodies, NULL);
    vec_free(&from->checked, NULL);
    free(from);
}

bool policy_file_checked(const Policy *p, const SourceFile *f)
{
    for (size_t i = 0; i < p->checked.len; i++)
        if (p->checked.items[i] == f)
            return true;
    return false;
}

/* Splits "ns:name"; with no colon the namespace is `ns` or "default". */
static bool name_matches(const char *node_ns, const char *node_name, const char *ns, const char *name)
{
    const char *colon = strchr(name, ':');
    if (colon) {
        size_t n = (size_t)(colon - name);
        return strlen(node_ns) == n && strncmp(node_ns, name, n) == 0 && strcmp(node_name, colon + 1) == 0;
    }
    return strcmp(node_ns, ns ? ns : "default") == 0 && strcmp(node_name, name) == 0;
}

Bundle *policy_find_bundle(const Policy *p, const char *ns, const char *name)
{
    for (size_t i = 0; i < p->bundles.len; i++) {
        Bundle *b = p->bundles.items[i];
        if (name_matches(b->ns, b->name, ns, name))
            return b;
    }
    return NULL;
}

Body *policy_find_body(const Policy *p, const char *ns, const char *type, const char *name)
{
    for (size_t i = 0; i < p->bodies.len; i++) {
        Body *b = p->bodies.items[i];
        if (b->kind == BODY_KIND_BODY && strcmp(b->type, type) == 0 && name_matches(b->ns, b->name, ns, name))
            return b;
    }
    return NULL;
}

Rval *rval_new_owned(Arena *a, RvalKind kind, char *str, SrcSpan span)
{
    Rval *r = arena_alloc(a, sizeof *r);
    r->kind = kind;
    r->str = str;
    r->span = span;
    if (kind == RVAL_FNCALL && str)
        r->fn = syntax_function(str);
    return r;
}

Rval *rval_new(Arena *a, RvalKind kind, const char *str, size_t len, SrcSpan span)
{
    return rval_new_owned(a, kind, str ? arena_strndup(a, str, len) : NULL, span);
}

Rval *rval_copy(Arena *a, const Rval *r)
{
    Rval *c = rval_new(a, r->kind, r->str, r->str ? strlen(r->str) : 0, r->span);
    c->quote = r->quote;
    for (size_t i = 0; i < r->items.len; i++)
        arena_vec_push(a, &c->items, rval_copy(a, r->items.items[i]));
    return c;
}

Bundle *bundle_new(Arena *a, const char *type, const char *name, const char *ns)
{
    Bundle *b = arena_alloc(a, sizeof *b);
    b->type = arena_strdup(a, type);
    b->name = arena_strdup(a, name);
    b->ns = arena_strdup(a, ns ? ns : "default");
    return b;
}

Body *body_new(Arena *a, BodyKind kind, const char *type, const char *name, const char *ns)
{
    Body *b = arena_alloc(a, sizeof *b);
    b->kind = kind;
    b->type = arena_strdup(a, type);
    b->name = arena_strdup(a, name);
    b->ns = arena_strdup(a, ns ? ns : "default");
    return b;
}

Section *section_new(Arena *a, Bundle *b, const char *promise_type, SrcSpan span)
{
    Section *s = arena_alloc(a, sizeof *s);
    s->bundle = b;
    s->promise_type = arena_strdup(a, promise_type);
    s->span = span;
    arena_vec_push(a, &b->sections, s);
    return s;
}

Promise *promise_new(Arena *a, Section *s, const char *promiser, const char *classes, SrcSpan span)
{
    return promise_new_owned(a, s, arena_strdup(a, promiser), arena_strdup(a, classes ? classes : "any"), span);
}

Promise *promise_new_owned(Arena *a, Section *s, char *promiser, char *classes, SrcSpan span)
{
    Promise *p = arena_alloc(a, sizeof *p);
    p->section = s;
    p->promiser = promiser;
    p->classes = classes ? classes : arena_strdup(a, "any");
    p->span = span;
    arena_vec_push(a, &s->promises, p);
    return p;
}

Constraint *constraint_new_owned(Arena *a, char *lval, Rval *rval, char *classes, SrcSpan span)
{
    Constraint *c = arena_alloc(a, sizeof *c);
    c->lval = lval;
    c->rval = rval;
    c->classes = classes ? classes : arena_strdup(a, "any");
    c->span = span;
    return c;
}

Constraint *constraint_new(Arena *a, const char *lval, Rval *rval, const char *classes, SrcSpan span)
{
    return constraint_new_owned(a, arena_strdup(a, lval), rval, arena_strdup(a, classes ? classes : "any"), span);
}

Param *param_new(Arena *a, const char *name, SrcSpan span)
{
    Param *p = arena_alloc(a, sizeof *p);
    p->name = arena_strdup(a, name);
    p->span = span;
    return p;
}

static const Constraint *find_constraint(const Vec *v, const char *lval)
{
    for (size_t i = 0; i < v->len; i++) {
        const Constraint *c = v->items[i];
        if (c->lval[0] == lval[0] && strcmp(c->lval, lval) == 0) /* most differ at once */
            return c;
    }
    return NULL;
}

const Constraint *promise_get(const Promise *p, const char *lval)
{
    return find_constraint(&p->constraints, lval);
}

const Constraint *body_get(const Body *b, const char *lval)
{
    return find_constraint(&b->constraints, lval);
}

SourceFile *promise_file(const Promise *p)
{
    return p->section->bundle->file;
}

SourceFile *constraint_file(const Constraint *c)
{
    return c->promise ? promise_file(c->promise) : c->body->file;
}

char *policy_qualified_name(const char *ns, const char *name)
{
    if (!ns || strcmp(ns, "default") == 0 || strchr(name, ':'))
        return xstrdup(name);
    return xasprintf("%s:%s", ns, name);
}
