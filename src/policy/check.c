/* check.c - the checks 3.21 makes when it loads a policy.
 *
 * Messages start with the words 3.21 uses, so a person who knows
 * cf-promises recognises them, and go on to say what was expected and what
 * was found. Each is placed, as 3.21 places it, just past the token at
 * fault.
 */
#include "policy/check.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/map.h"
#include "policy/check_value.h"
#include "policy/syntax.h"

typedef struct {
    const Policy *policy;
    const CheckOptions *opt;
    Diag *diag;
    unsigned errors;
    Map bodies;         /* "type ns:name" -> Body* (first definition) */
    Map promise_blocks; /* custom promise type name -> Body* */
} Checker;

static void error_at(Checker *c, SourceFile *f, uint32_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void error_at(Checker *c, SourceFile *f, uint32_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vat(c->diag, DIAG_ERROR, f, offset, fmt, ap);
    va_end(ap);
    c->errors++;
}

static void warning_at(Checker *c, SourceFile *f, uint32_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void warning_at(Checker *c, SourceFile *f, uint32_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vat(c->diag, DIAG_WARNING, f, offset, fmt, ap);
    va_end(ap);
}

/* ---- indexes and duplicates ------------------------------------------ */

static void index_bundles(Checker *c)
{
    Map seen = MAP_INIT; /* "type ns:name" */
    for (size_t i = 0; i < c->policy->bundles.len; i++) {
        Bundle *b = c->policy->bundles.items[i];
        char *key = xasprintf("%s %s:%s", b->type, b->ns, b->name);
        if (map_has(&seen, key))
            error_at(c, b->file, b->span.end, "Duplicate definition of bundle %s with type %s", b->name, b->type);
        else
            map_put(&seen, key, b);
        free(key);
    }
    map_free(&seen, NULL);
}

static void index_bodies(Checker *c)
{
    for (size_t i = 0; i < c->policy->bodies.len; i++) {
        Body *b = c->policy->bodies.items[i];
        if (b->kind == BODY_KIND_PROMISE) {
            if (map_has(&c->promise_blocks, b->name))
                error_at(c, b->file, b->span.end, "Duplicate definition of promise type %s", b->name);
            else
                map_put(&c->promise_blocks, b->name, b);
            continue;
        }
        char *key = xasprintf("%s %s:%s", b->type, b->ns, b->name);
        /* Every file may have its own body file control. */
        bool per_file = strcmp(b->type, "file") == 0 && strcmp(b->name, "control") == 0;
        if (map_has(&c->bodies, key) && !per_file)
            error_at(c, b->file, b->span.end, "Duplicate definition of body %s with type %s", b->name, b->type);
        else
            map_put(&c->bodies, key, b);
        free(key);
    }
}

/* The body of `type` that `name` refers to from namespace ns, or NULL. */
static const Body *find_body(const Checker *c, const char *ns, const char *type, const char *name)
{
    char *key = strchr(name, ':') ? xasprintf("%s %s", type, name) : xasprintf("%s %s:%s", type, ns, name);
    const Body *b = map_get(&c->bodies, key);
    free(key);
    if (!b && !strchr(name, ':') && strcmp(ns, "default") != 0) {
        key = xasprintf("%s default:%s", type, name);
        b = map_get(&c->bodies, key);
        free(key);
    }
    return b;
}

/* ---- values ------------------------------------------------------------ */

/* The name a body or bundle reference holds: a symbol, a string, or the
 * name of a call with arguments. NULL when it is held in a variable. */
static const char *reference_name(const Rval *r)
{
    if (r->kind == RVAL_NAKEDVAR)
        return NULL;
    if (r->kind != RVAL_STRING && r->kind != RVAL_SYMBOL && r->kind != RVAL_FNCALL)
        return NULL;
    return check_has_variable(r->str) ? NULL : r->str;
}

static void check_function_calls(Checker *c, SourceFile *f, const Rval *r)
{
    if (r->kind == RVAL_FNCALL) {
        if (!check_has_variable(r->str) && !syntax_function(r->str))
            error_at(c, f, r->span.end, "Unknown function '%s'", r->str);
        for (size_t i = 0; i < r->items.len; i++)
            check_function_calls(c, f, r->items.items[i]);
    } else if (r->kind == RVAL_LIST) {
        for (size_t i = 0; i < r->items.len; i++)
            check_function_calls(c, f, r->items.items[i]);
    }
}

/* Checks the value of constraint k against attribute a. `body_type` is the
 * type of the body the constraint is in (for inherit_from), or NULL. */
static void check_constraint_value(Checker *c, SourceFile *f, const char *ns, const SynAttr *a,
                                   const Constraint *k, const char *body_type)
{
    const Rval *r = k->rval;
    if (a->type == SYN_BODY) {
        if (r->kind == RVAL_LIST) {
            error_at(c, f, r->span.end, "Attempted to give a list to a non-list type: '%s' takes a body", k->lval);
            return;
        }
        const char *name = reference_name(r);
        const char *type = strcmp(a->name, "inherit_from") == 0 && body_type ? body_type : a->name;
        if (c->opt->references && name && syntax_body_type(type) && !find_body(c, ns, type, name))
            error_at(c, f, r->span.end, "Undefined body %s with type %s", name, type);
        return;
    }
    if (a->type == SYN_BUNDLE) {
        if (r->kind == RVAL_LIST)
            error_at(c, f, r->span.end, "Attempted to give a list to a non-list type: '%s' takes a bundle", k->lval);
        return;
    }
    if (strcmp(k->lval, "if") != 0 && strcmp(k->lval, "ifvarclass") != 0 && strcmp(k->lval, "unless") != 0)
        check_function_calls(c, f, r);
    Buf why = BUF_INIT;
    const Rval *bad = check_rval_type(a->type, a->range, r, &why);
    if (bad)
        error_at(c, f, bad->span.end, "%s", buf_cstr(&why));
    buf_free(&why);
}

/* ---- bundles and bodies ------------------------------------------------- */

static const char *const VAR_TYPES[] = { "string", "int", "real", "slist", "ilist", "rlist", "data", NULL };

/* vars promises give their variable exactly one type. */
static void check_vars_promise(Checker *c, const Promise *p)
{
    const Constraint *first = NULL;
    for (size_t i = 0; i < p->constraints.len; i++) {
        const Constraint *k = p->constraints.items[i];
        for (const char *const *t = VAR_TYPES; *t; t++) {
            if (strcmp(k->lval, *t) != 0)
                continue;
            if (first)
                error_at(c, promise_file(p), k->span.end,
                         "Variable '%s' is given more than one type: '%s' here and '%s' before", p->promiser,
                         k->lval, first->lval);
            else
                first = k;
        }
    }
}

static void check_promise(Checker *c, const Bundle *b, const Section *s, const SynPromiseType *pt, const Promise *p)
{
    for (size_t i = 0; i < p->constraints.len; i++) {
        const Constraint *k = p->constraints.items[i];
        const SynAttr *a = syntax_promise_attr(pt, k->lval);
        if (!a) {
            error_at(c, b->file, k->span.end, "Unknown attribute '%s' for promise type '%s' in bundle with type '%s'",
                     k->lval, s->promise_type, b->type);
            continue;
        }
        check_constraint_value(c, b->file, b->ns, a, k, NULL);
    }
    if (strcmp(pt->name, "vars") == 0)
        check_vars_promise(c, p);
}

static void check_bundle(Checker *c, const Bundle *b)
{
    const SynBundleType *bt = syntax_bundle_type(b->type);
    if (!bt) {
        error_at(c, b->file, b->type_span.end, "Unknown bundle type '%s', expected agent, common, edit_line, "
                 "edit_xml, monitor or server", b->type);
        return;
    }
    for (size_t i = 0; i < b->sections.len; i++) {
        const Section *s = b->sections.items[i];
        const SynPromiseType *pt = syntax_promise_type(s->promise_type);
        if (!pt) {
            if (!map_has(&c->promise_blocks, s->promise_type))
                warning_at(c, b->file, s->span.end, "Unknown promise type '%s' (accepted: a custom promise "
                           "type may define it at run time)", s->promise_type);
            continue;
        }
        if (!syntax_bundle_allows(bt, s->promise_type)) {
            error_at(c, b->file, s->span.end, "Promise type '%s' not supported by '%s' bundle type",
                     s->promise_type, b->type);
            continue;
        }
        for (size_t k = 0; k < s->promises.len; k++)
            check_promise(c, b, s, pt, s->promises.items[k]);
    }
}

static void check_body(Checker *c, const Body *b)
{
    if (b->kind == BODY_KIND_PROMISE)
        return;
    const SynBodyType *bt = syntax_body_type(b->type);
    if (!bt)
        return; /* 3.21 accepts a body of a type it does not know */
    for (size_t i = 0; i < b->constraints.len; i++) {
        const Constraint *k = b->constraints.items[i];
        const SynAttr *a = syntax_body_attr(bt, k->lval);
        if (!a) {
            error_at(c, b->file, k->span.end, "Unknown attribute '%s' for 'body %s %s'", k->lval, b->type, b->name);
            continue;
        }
        check_constraint_value(c, b->file, b->ns, a, k, b->type);
    }
}

/* ---- bundlesequence ------------------------------------------------------ */

unsigned policy_check_bundlesequence(const Policy *p, const char *const *names, Diag *d)
{
    unsigned errors = 0;
    for (const char *const *n = names; *n; n++) {
        const char *name = *n;
        bool found = false;
        for (size_t i = 0; i < p->bundles.len && !found; i++) {
            const Bundle *b = p->bundles.items[i];
            found = strchr(name, ':') ? strncmp(name, b->ns, strlen(b->ns)) == 0 &&
                                            name[strlen(b->ns)] == ':' &&
                                            strcmp(name + strlen(b->ns) + 1, b->name) == 0
                                      : strcmp(b->ns, "default") == 0 && strcmp(b->name, name) == 0;
        }
        if (!found) {
            const char *where = p->files.len ? ((const SourceFile *)p->files.items[0])->path : NULL;
            diag_file(d, DIAG_ERROR, where, "Bundle '%s' listed in the bundlesequence is not a defined bundle", name);
            errors++;
        }
    }
    return errors;
}

unsigned policy_check(const Policy *p, const CheckOptions *opt, Diag *d)
{
    Checker c = { .policy = p, .opt = opt, .diag = d };
    index_bundles(&c);
    index_bodies(&c);
    for (size_t i = 0; i < p->bundles.len; i++)
        check_bundle(&c, p->bundles.items[i]);
    for (size_t i = 0; i < p->bodies.len; i++)
        check_body(&c, p->bodies.items[i]);
    map_free(&c.bodies, NULL);
    map_free(&c.promise_blocks, NULL);
    return c.errors;
}
