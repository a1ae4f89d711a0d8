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
#include "policy/check_rules.h"
#include "policy/check_value.h"
#include "policy/classexpr.h"
#include "policy/syntax.h"

typedef struct {
    const Policy *policy;
    const CheckOptions *opt;
    Diag *diag;
    unsigned errors;
    Map bodies;         /* "type ns:name" -> Body* (first definition) */
    Map promise_blocks; /* custom promise type name -> Body* */
    Map handles;        /* "handle\nguard" -> Promise* */
    bool require_comments;
    CheckRegexCache own_regexes; /* when the options give none */
    CheckRegexCache *regexes;
    /* Whether the block being checked needs the checks that look at its
     * file alone: false when its file passed them already, without a
     * diagnostic (policy_file_checked), so that they would find nothing
     * again. Only checks that find nothing in such a file are skipped;
     * those that look at other files (references, duplicates, arity,
     * require_comments) are made in any case. */
    bool local;
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
        char buf[256];
        char *key = xstrjoin_in(buf, sizeof buf, b->type, " ", b->ns, ":", b->name, NULL);
        if (!map_add(&seen, key, b))
            error_at(c, b->file, b->span.end, "Duplicate definition of bundle %s with type %s", b->name, b->type);
        if (key != buf)
            free(key);
    }
    map_free(&seen, NULL);
}

static void index_bodies(Checker *c)
{
    for (size_t i = 0; i < c->policy->bodies.len; i++) {
        Body *b = c->policy->bodies.items[i];
        if (b->kind == BODY_KIND_PROMISE) {
            /* 3.21 takes a promise block defined twice; the first counts. */
            map_add(&c->promise_blocks, b->name, b);
            continue;
        }
        char buf[256];
        char *key = xstrjoin_in(buf, sizeof buf, b->type, " ", b->ns, ":", b->name, NULL);
        /* Every file may have its own body file control. */
        bool per_file = strcmp(b->type, "file") == 0 && strcmp(b->name, "control") == 0;
        if (per_file)
            map_put(&c->bodies, key, b);
        else if (!map_add(&c->bodies, key, b))
            error_at(c, b->file, b->span.end, "Duplicate definition of body %s with type %s", b->name, b->type);
        if (key != buf)
            free(key);
        key = xstrjoin_in(buf, sizeof buf, b->type, " *:", b->name, NULL);
        map_add(&c->bodies, key, b);
        if (key != buf)
            free(key);
    }
}

/* The body of `type` that `name` refers to from namespace ns, or NULL. */
/* The body of `type` that `name` refers to, or NULL. As in 3.21, a name
 * without a namespace finds a body of that name in any namespace. */
static const Body *find_body(const Checker *c, const char *type, const char *name)
{
    char buf[256];
    char *key = xstrjoin_in(buf, sizeof buf, type, strchr(name, ':') ? " " : " *:", name, NULL);
    const Body *b = map_get(&c->bodies, key);
    if (key != buf)
        free(key);
    return b;
}

/* ---- values ------------------------------------------------------------ */

/* The name a body reference holds: a symbol, a string, a naked variable
 * (taken literally, as 3.21 does) or the name of a call with arguments. */
static const char *reference_name(const Rval *r)
{
    if (r->kind == RVAL_LIST)
        return NULL;
    return r->str;
}

/* Unknown functions are found at the top of a value and among the items
 * of a list, not inside other calls (3.21 finds those only when it
 * evaluates them). */
static void check_unknown_functions(Checker *c, SourceFile *f, const Rval *r)
{
    if (r->kind == RVAL_FNCALL && !check_has_variable(r->str) && !r->fn)
        error_at(c, f, r->span.end, "Unknown function '%s'", r->str);
    if (r->kind == RVAL_LIST)
        for (size_t i = 0; i < r->items.len; i++)
            check_unknown_functions(c, f, r->items.items[i]);
}

/* The class-expression check 3.21 makes on guards and on if/ifvarclass
 * strings; `start` is where the expression's text begins. */
static void check_class_expression(Checker *c, SourceFile *f, uint32_t start, const char *expr)
{
    size_t fail = 0;
    if (!classexpr_parse(expr, NULL, NULL, NULL, &fail))
        error_at(c, f, start + (uint32_t)fail + 1, "Syntax error in context string '%s'", expr);
}

static void check_body_reference(Checker *c, SourceFile *f, const char *type, const Rval *r)
{
    const char *name = reference_name(r);
    if (c->opt->references && name && syntax_body_type(type) && !find_body(c, type, name))
        error_at(c, f, r->span.end, "Undefined body %s with type %s", name, type);
}

/* Global attributes (comment, handle, if, action, ...) get only the checks
 * 3.21 makes on them: their shape, the class expression of if/ifvarclass,
 * and body references. */
static void check_global_value(Checker *c, SourceFile *f, const SynAttr *a, const Constraint *k)
{
    const Rval *r = k->rval;
    bool list_attr = a->type == SYN_SLIST || a->type == SYN_CLIST;
    if (r->kind == RVAL_LIST && !list_attr) {
        error_at(c, f, r->span.end, "Type mismatch in constraint: %s takes a single value, not a list", k->lval);
        return;
    }
    if (c->local && (strcmp(k->lval, "if") == 0 || strcmp(k->lval, "ifvarclass") == 0) && r->kind == RVAL_STRING)
        check_class_expression(c, f, r->span.start + 1, r->str);
    if (a->type == SYN_BODY)
        check_body_reference(c, f, a->name, r);
}

/* Checks the value of constraint k against attribute a. */
static void check_constraint_value(Checker *c, SourceFile *f, const SynAttr *a, const Constraint *k)
{
    const Rval *r = k->rval;
    if (a->visibility == SYN_VIS_GLOBAL) {
        check_global_value(c, f, a, k);
        return;
    }
    if (a->type == SYN_BODY) {
        if (strcmp(a->name, "inherit_from") == 0) {
            /* any name, quoted or not, even a list (3.21 only warns of
             * one); 3.21 looks it up only when it uses it */
        } else if (r->kind == RVAL_LIST) {
            error_at(c, f, r->span.end, "Attempted to give a list to a non-list type: '%s' takes a body", k->lval);
        } else if (r->kind == RVAL_STRING && a->visibility != SYN_VIS_BUNDLE) {
            /* 3.21 makes this check on a promise type's own attributes, not
             * on those every promise type of a bundle type shares
             * (select_region in edit_line bundles). */
            error_at(c, f, r->span.end, "An rvalue is quoted, but we expect an unquoted body identifier: "
                     "write %s => %s", k->lval, r->str);
        } else {
            check_body_reference(c, f, a->name, r);
        }
        return;
    }
    if (a->type == SYN_BUNDLE) {
        if (r->kind == RVAL_LIST)
            error_at(c, f, r->span.end, "Type mismatch in constraint: %s takes a bundle, not a list", k->lval);
        return;
    }
    if (!c->local)
        return; /* what follows looks at the value alone */
    /* A call in the bundlesequence names a bundle, not a function. */
    if (strcmp(k->lval, "bundlesequence") != 0)
        check_unknown_functions(c, f, r);
    Buf why = BUF_INIT;
    const Rval *bad = check_rval_type(c->regexes, a->type, a->range, r, &why);
    if (bad)
        error_at(c, f, bad->span.end, "%s", buf_cstr(&why));
    buf_free(&why);
}

/* ---- promises ------------------------------------------------------------- */

static const char *const VAR_TYPES[] = { "string", "int", "real", "slist", "ilist", "rlist", "data", NULL };

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* 3.21's rule for variable names: no "this", and dots only as one
 * "scope.name" separator between two non-empty parts. */
static bool valid_var_name(const char *s)
{
    if (strcmp(s, "this") == 0)
        return false;
    const char *bracket = strchr(s, '[');
    size_t n = bracket ? (size_t)(bracket - s) : strlen(s);
    const char *dot = memchr(s, '.', n);
    if (!dot)
        return true;
    if (dot == s || (size_t)(dot - s) + 1 == n)
        return false;
    return memchr(dot + 1, '.', n - (size_t)(dot - s) - 1) == NULL;
}

static void check_vars_promise(Checker *c, const Promise *p)
{
    SourceFile *f = promise_file(p);
    if (all_digits(p->promiser))
        error_at(c, f, p->span.end, "Variable promises cannot have a purely numerical name (promiser)");
    else if (!valid_var_name(p->promiser))
        error_at(c, f, p->span.end, "Variable promise is using an invalid name (promiser): '%s'", p->promiser);
    const Constraint *first = NULL;
    for (size_t i = 0; i < p->constraints.len; i++) {
        const Constraint *k = p->constraints.items[i];
        for (const char *const *t = VAR_TYPES; *t; t++) {
            if (k->lval[0] != (*t)[0] || strcmp(k->lval, *t) != 0)
                continue;
            if (first && strcmp(first->lval, k->lval) != 0)
                error_at(c, f, k->span.end,
                         "Variable contains existing data type contstraint %s, tried to redefine with %s",
                         first->lval, k->lval);
            else if (!first)
                first = k;
            break; /* an lval names one type at most */
        }
    }
}

/* usebundle => b(args): the number of arguments must be b's, looked up
 * among agent bundles first, then common ones. */
static void check_usebundle_arity(Checker *c, const Promise *p, const Constraint *k)
{
    const Rval *r = k->rval;
    if (r->kind != RVAL_FNCALL || check_has_variable(r->str))
        return;
    const Bundle *target = NULL;
    const char *types[] = { "agent", "common" };
    for (int t = 0; t < 2 && !target; t++) {
        for (size_t i = 0; i < c->policy->bundles.len && !target; i++) {
            const Bundle *b = c->policy->bundles.items[i];
            const char *colon = strchr(r->str, ':');
            bool name_ok = colon ? strncmp(r->str, b->ns, (size_t)(colon - r->str)) == 0 &&
                                       strlen(b->ns) == (size_t)(colon - r->str) && strcmp(colon + 1, b->name) == 0
                                 : strcmp(r->str, b->name) == 0;
            if (name_ok && strcmp(b->type, types[t]) == 0)
                target = b;
        }
    }
    if (target && target->params.len != r->items.len)
        error_at(c, promise_file(p), k->span.end, "Conflicting arity in calling bundle %s, expected %zu argument%s, %zu given",
                 r->str, target->params.len, target->params.len == 1 ? "" : "s", r->items.len);
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
        check_constraint_value(c, b->file, a, k);
        if (k->lval[0] == 'u' && strcmp(k->lval, "usebundle") == 0)
            check_usebundle_arity(c, p, k);
    }
    if (c->local) {
        if (strcmp(pt->name, "vars") == 0)
            check_vars_promise(c, p);
        else if (strcmp(pt->name, "classes") == 0 && all_digits(p->promiser))
            error_at(c, b->file, p->span.end, "Classes promises cannot have a purely numerical name (promiser)");
        uint32_t at = 0;
        Buf why = BUF_INIT;
        if (!check_rules_promise(s, p, &at, &why))
            error_at(c, b->file, at, "%s", buf_cstr(&why));
        buf_free(&why);
    }
    if (c->require_comments && !promise_get(p, "comment"))
        error_at(c, b->file, p->span.end, "Promise is missing a comment attribute, and comments are required by policy");
}

/* Duplicate handles: the same handle under the same class guard text.
 * As 3.21, a bare word and the empty string are handles too; only a
 * handle that holds a reference (by 3.21's rule) is left alone. */
static void check_handle(Checker *c, const Promise *p)
{
    const Constraint *h = promise_get(p, "handle");
    if (!h || (h->rval->kind != RVAL_STRING && h->rval->kind != RVAL_SYMBOL) || check_var_string(h->rval->str, NULL))
        return;
    char buf[256];
    char *key = xstrjoin_in(buf, sizeof buf, h->rval->str, "\n", p->classes, NULL);
    if (!map_add(&c->handles, key, (void *)p))
        error_at(c, promise_file(p), h->rval->span.end, "Duplicate promise handle %s found", h->rval->str);
    if (key != buf)
        free(key);
}

/* ---- bundles and bodies ------------------------------------------------- */

static const char *const RESERVED_BUNDLE_NAMES[] = { "sys", "const", "mon", "edit", "match", "this", NULL };

/* Bundle types 3.21 still accepts that allow only the common promise
 * types. */
static const char *const LEGACY_BUNDLE_TYPES[] = { "knowledge", "executor", "runagent", "hub", "keygenerator", NULL };

static bool in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if ((*list)[0] == s[0] && strcmp(*list, s) == 0)
            return true;
    return false;
}

/* Promise types 3.21 still knows but no longer implements (the knowledge
 * types and outputs), and so are not in the syntax tables: each is
 * allowed in one bundle type, and 3.21 checks only the names of their
 * attributes: not their values (if => "$()" passes), nor their handles. */
typedef struct {
    const char *name;
    const char *bundle_type;
    const char *const *attrs; /* NULL-terminated, the common ones aside */
} LegacyPromiseType;

static const char *const TOPICS_ATTRS[] = { "association", "synonyms", "generalizations", NULL };
static const char *const OCCURRENCES_ATTRS[] = { "about_topics", "represents", "representation", NULL };
static const char *const INFERENCES_ATTRS[] = { "precedents", "qualifiers", NULL };
static const char *const THINGS_ATTRS[] = {
    "synonyms", "affects", "belongs_to", "causes", "certainty", "determines", "generalizations", "implements",
    "involves", "is_caused_by", "is_connected_to", "is_determined_by", "is_followed_by", "is_implemented_by",
    "is_located_in", "is_measured_by", "is_part_of", "is_preceded_by", "measures", "needs", "provides", "uses",
    NULL,
};
static const char *const OUTPUTS_ATTRS[] = { "output_level", "promiser_type", NULL };

static const LegacyPromiseType LEGACY_PROMISE_TYPES[] = {
    { "topics", "knowledge", TOPICS_ATTRS },
    { "occurrences", "knowledge", OCCURRENCES_ATTRS },
    { "inferences", "knowledge", INFERENCES_ATTRS },
    { "things", "knowledge", THINGS_ATTRS },
    { "outputs", "agent", OUTPUTS_ATTRS },
};

static const LegacyPromiseType *legacy_promise_type(const char *name)
{
    for (size_t i = 0; i < sizeof LEGACY_PROMISE_TYPES / sizeof LEGACY_PROMISE_TYPES[0]; i++)
        if (strcmp(LEGACY_PROMISE_TYPES[i].name, name) == 0)
            return &LEGACY_PROMISE_TYPES[i];
    return NULL;
}

static void check_legacy_section(Checker *c, const Bundle *b, const Section *s, const LegacyPromiseType *lt)
{
    if (strcmp(b->type, lt->bundle_type) != 0) {
        if (s->promises.len)
            error_at(c, b->file, s->span.end, "Promise type '%s' not supported by '%s' bundle type", s->promise_type,
                     b->type);
        return;
    }
    /* The attributes every promise type takes are found through any
     * promise type's table; their values go unchecked too. */
    const SynPromiseType *any = syntax_promise_type("reports");
    for (size_t i = 0; i < s->promises.len; i++) {
        const Promise *p = s->promises.items[i];
        for (size_t j = 0; j < p->constraints.len; j++) {
            const Constraint *k = p->constraints.items[j];
            const SynAttr *a = any ? syntax_promise_attr(any, k->lval) : NULL;
            if (!(a && a->visibility == SYN_VIS_GLOBAL) && !in_list(lt->attrs, k->lval))
                error_at(c, b->file, k->span.end,
                         "Unknown attribute '%s' for promise type '%s' in bundle with type '%s'", k->lval,
                         s->promise_type, b->type);
        }
    }
}

/* A promiser that is an empty reference, "$()" or "${}" (not "@()", nor
 * one inside other text), is an error in 3.21 under every promise type,
 * custom or misplaced, but those it skips (legacy ones in their own
 * bundle type). */
static void check_promisers(Checker *c, const Bundle *b, const Section *s)
{
    for (size_t i = 0; i < s->promises.len; i++) {
        const Promise *p = s->promises.items[i];
        if (p->promiser[0] == '$' && (strcmp(p->promiser, "$()") == 0 || strcmp(p->promiser, "${}") == 0))
            error_at(c, b->file, p->span.end, "Empty variable reference: promiser '%s' names no variable",
                     p->promiser);
    }
}

static void check_bundle(Checker *c, const Bundle *b)
{
    const SynBundleType *bt = syntax_bundle_type(b->type);
    if (!bt && in_list(LEGACY_BUNDLE_TYPES, b->type))
        bt = syntax_bundle_type("common");
    if (!bt) {
        error_at(c, b->file, b->type_span.end, "Unknown bundle type '%s', expected agent, common, edit_line, "
                 "edit_xml, monitor or server", b->type);
        return;
    }
    c->local = !policy_file_checked(c->policy, b->file);
    if (in_list(RESERVED_BUNDLE_NAMES, b->name))
        error_at(c, b->file, b->span.end, "Use of a reserved container name as a bundle name \"%s\"", b->name);
    for (size_t i = 0; i < b->sections.len; i++) {
        const Section *s = b->sections.items[i];
        const SynPromiseType *pt = syntax_promise_type(s->promise_type);
        const LegacyPromiseType *lt = pt ? NULL : legacy_promise_type(s->promise_type);
        if (c->local && (!lt || strcmp(b->type, lt->bundle_type) != 0))
            check_promisers(c, b, s);
        if (lt) {
            check_legacy_section(c, b, s, lt);
            continue;
        }
        if (!pt) {
            /* A custom promise type: 3.21 checks nothing of it. */
            if (!map_has(&c->promise_blocks, s->promise_type) && s->promises.len)
                warning_at(c, b->file, s->span.end, "Unknown promise type '%s' (accepted: a custom promise "
                           "type may define it at run time)", s->promise_type);
            continue;
        }
        if (!syntax_bundle_allows(bt, s->promise_type)) {
            if (s->promises.len)
                error_at(c, b->file, s->span.end, "Promise type '%s' not supported by '%s' bundle type",
                         s->promise_type, b->type);
            continue;
        }
        for (size_t k = 0; k < s->promises.len; k++) {
            check_promise(c, b, s, pt, s->promises.items[k]);
            check_handle(c, s->promises.items[k]);
        }
    }
}

static const char *const PROMISE_BLOCK_ATTRS[] = { "path", "interpreter", "inherit_from", "meta", NULL };

static void check_promise_block(Checker *c, const Body *b)
{
    if (strcmp(b->type, "agent") != 0) {
        error_at(c, b->file, b->type_span.end, "Custom promises only supported for 'agent', not '%s'", b->type);
        return;
    }
    if (syntax_promise_type(b->name)) {
        error_at(c, b->file, b->span.end, "'%s' promises are built in and cannot be custom", b->name);
        return;
    }
    for (size_t i = 0; i < b->constraints.len; i++) {
        const Constraint *k = b->constraints.items[i];
        if (!in_list(PROMISE_BLOCK_ATTRS, k->lval))
            error_at(c, b->file, k->span.end, "Unknown attribute '%s' for 'promise agent %s'", k->lval, b->name);
        else if (strcmp(k->lval, "meta") == 0 && k->rval->kind != RVAL_LIST)
            error_at(c, b->file, k->rval->span.end, "Attempted to give a scalar to a non-scalar type: meta is a list");
        else if (strcmp(k->lval, "meta") != 0 && k->rval->kind == RVAL_LIST)
            error_at(c, b->file, k->rval->span.end, "Attempted to give a list to a non-list type: %s is a string",
                     k->lval);
    }
}

/* The body types that are control bodies (`body agent control`). */
static const char *const CONTROL_TYPES[] = { "agent", "common", "executor", "file", "hub", "monitor", "runagent", "server", NULL };

static void check_body(Checker *c, const Body *b)
{
    if (b->kind == BODY_KIND_PROMISE) {
        check_promise_block(c, b);
        return;
    }
    const SynBodyType *bt = syntax_body_type(b->type);
    if (!bt)
        return; /* 3.21 accepts a body of a type it does not know */
    c->local = !policy_file_checked(c->policy, b->file);
    bool control_misnamed = in_list(CONTROL_TYPES, b->type) && strcmp(b->name, "control") != 0;
    for (size_t i = 0; i < b->constraints.len; i++) {
        const Constraint *k = b->constraints.items[i];
        const SynAttr *a = syntax_body_attr(bt, k->lval);
        if (control_misnamed && a && !(strcmp(b->type, "agent") == 0 &&
                                       (strcmp(k->lval, "ifelapsed") == 0 || strcmp(k->lval, "expireafter") == 0))) {
            error_at(c, b->file, k->rval->span.end, "Constraint lvalue \"%s\" is not allowed in '%s' constraint body "
                     "(only in 'body %s control')", k->lval, b->type, b->type);
            continue;
        }
        if (!a) {
            error_at(c, b->file, k->span.end, "Unknown attribute '%s' for 'body %s %s'", k->lval, b->type, b->name);
            continue;
        }
        check_constraint_value(c, b->file, a, k);
    }
    if (!c->local)
        return;
    uint32_t at = 0;
    Buf why = BUF_INIT;
    if (!check_rules_body(b, &at, &why))
        error_at(c, b->file, at, "%s", buf_cstr(&why));
    buf_free(&why);
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
    Checker c = { .policy = p, .opt = opt, .diag = d, .own_regexes = CHECK_REGEX_CACHE_INIT, .local = true };
    c.regexes = opt->regexes ? opt->regexes : &c.own_regexes;
    for (size_t i = 0; i < p->bodies.len; i++) {
        const Body *b = p->bodies.items[i];
        const Constraint *k = strcmp(b->type, "common") == 0 && strcmp(b->name, "control") == 0
                                  ? body_get(b, "require_comments") : NULL;
        if (k && k->rval->kind == RVAL_STRING &&
            (strcmp(k->rval->str, "true") == 0 || strcmp(k->rval->str, "yes") == 0 || strcmp(k->rval->str, "on") == 0))
            c.require_comments = true;
    }
    index_bundles(&c);
    index_bodies(&c);
    for (size_t i = 0; i < p->bundles.len; i++)
        check_bundle(&c, p->bundles.items[i]);
    for (size_t i = 0; i < p->bodies.len; i++)
        check_body(&c, p->bodies.items[i]);
    map_free(&c.bodies, NULL);
    map_free(&c.promise_blocks, NULL);
    map_free(&c.handles, NULL);
    check_regex_cache_free(&c.own_regexes);
    return c.errors;
}
