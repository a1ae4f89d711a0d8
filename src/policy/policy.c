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

static void free_bundle(void *b)
{
    bundle_free(b);
}

static void free_body(void *b)
{
    body_free(b);
}

void policy_free(Policy *p)
{
    if (!p)
        return;
    vec_free(&p->bundles, free_bundle);
    vec_free(&p->bodies, free_body);
    vec_free(&p->files, free_srcfile);
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
    vec_free(&from->files, NULL);
    vec_free(&from->bundles, NULL);
    vec_free(&from->bodies, NULL);
    free(from);
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

Rval *rval_new_owned(RvalKind kind, char *str, SrcSpan span)
{
    Rval *r = xcalloc(1, sizeof *r);
    r->kind = kind;
    r->str = str;
    r->span = span;
    return r;
}

Rval *rval_new(RvalKind kind, const char *str, size_t len, SrcSpan span)
{
    return rval_new_owned(kind, str ? xstrndup(str, len) : NULL, span);
}

static void free_rval(void *r)
{
    rval_free(r);
}

void rval_free(Rval *r)
{
    if (!r)
        return;
    free(r->str);
    vec_free(&r->items, free_rval);
    free(r);
}

Rval *rval_copy(const Rval *r)
{
    Rval *c = rval_new(r->kind, r->str, r->str ? strlen(r->str) : 0, r->span);
    c->quote = r->quote;
    for (size_t i = 0; i < r->items.len; i++)
        vec_push(&c->items, rval_copy(r->items.items[i]));
    return c;
}

static void free_param(void *p)
{
    param_free(p);
}

static void free_constraint(void *c)
{
    constraint_free(c);
}

static void free_promise(void *v)
{
    Promise *p = v;
    free(p->promiser);
    rval_free(p->promisee);
    free(p->classes);
    vec_free(&p->constraints, free_constraint);
    free(p);
}

static void free_section(void *v)
{
    Section *s = v;
    free(s->promise_type);
    vec_free(&s->promises, free_promise);
    free(s);
}

Bundle *bundle_new(const char *type, const char *name, const char *ns)
{
    Bundle *b = xcalloc(1, sizeof *b);
    b->type = xstrdup(type);
    b->name = xstrdup(name);
    b->ns = xstrdup(ns ? ns : "default");
    return b;
}

void bundle_free(Bundle *b)
{
    if (!b)
        return;
    free(b->type);
    free(b->name);
    free(b->ns);
    vec_free(&b->params, free_param);
    vec_free(&b->sections, free_section);
    free(b);
}

Body *body_new(BodyKind kind, const char *type, const char *name, const char *ns)
{
    Body *b = xcalloc(1, sizeof *b);
    b->kind = kind;
    b->type = xstrdup(type);
    b->name = xstrdup(name);
    b->ns = xstrdup(ns ? ns : "default");
    return b;
}

void body_free(Body *b)
{
    if (!b)
        return;
    free(b->type);
    free(b->name);
    free(b->ns);
    vec_free(&b->params, free_param);
    vec_free(&b->constraints, free_constraint);
    free(b);
}

Section *section_new(Bundle *b, const char *promise_type, SrcSpan span)
{
    Section *s = xcalloc(1, sizeof *s);
    s->bundle = b;
    s->promise_type = xstrdup(promise_type);
    s->span = span;
    vec_push(&b->sections, s);
    return s;
}

Promise *promise_new(Section *s, const char *promiser, const char *classes, SrcSpan span)
{
    return promise_new_owned(s, xstrdup(promiser), classes, span);
}

Promise *promise_new_owned(Section *s, char *promiser, const char *classes, SrcSpan span)
{
    Promise *p = xcalloc(1, sizeof *p);
    p->section = s;
    p->promiser = promiser;
    p->classes = xstrdup(classes ? classes : "any");
    p->span = span;
    vec_push(&s->promises, p);
    return p;
}

Constraint *constraint_new_owned(char *lval, Rval *rval, const char *classes, SrcSpan span)
{
    Constraint *c = xcalloc(1, sizeof *c);
    c->lval = lval;
    c->rval = rval;
    c->classes = xstrdup(classes ? classes : "any");
    c->span = span;
    return c;
}

Constraint *constraint_new(const char *lval, Rval *rval, const char *classes, SrcSpan span)
{
    return constraint_new_owned(xstrdup(lval), rval, classes, span);
}

void constraint_free(Constraint *c)
{
    if (!c)
        return;
    free(c->lval);
    rval_free(c->rval);
    free(c->classes);
    free(c);
}

Param *param_new(const char *name, SrcSpan span)
{
    Param *p = xcalloc(1, sizeof *p);
    p->name = xstrdup(name);
    p->span = span;
    return p;
}

void param_free(Param *p)
{
    if (!p)
        return;
    free(p->name);
    free(p);
}

static const Constraint *find_constraint(const Vec *v, const char *lval)
{
    for (size_t i = 0; i < v->len; i++) {
        const Constraint *c = v->items[i];
        if (strcmp(c->lval, lval) == 0)
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
