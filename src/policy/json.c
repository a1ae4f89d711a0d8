/* json.c - the parsed policy as JSON. */
#include "policy/json.h"

#include <string.h>

void json_append_string(Buf *b, const char *s)
{
    buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        case '\t': buf_puts(b, "\\t"); break;
        default:
            if (*p < 0x20)
                buf_printf(b, "\\u%04x", *p);
            else
                buf_putc(b, (char)*p);
        }
    }
    buf_putc(b, '"');
}

static void indent(Buf *b, int level)
{
    buf_putc(b, '\n');
    for (int i = 0; i < level; i++)
        buf_puts(b, "  ");
}

static void key(Buf *b, int level, const char *k)
{
    indent(b, level);
    json_append_string(b, k);
    buf_puts(b, ": ");
}

static void location(Buf *b, int level, SourceFile *f, uint32_t offset)
{
    unsigned line, col;
    srcfile_linecol(f, offset, &line, &col);
    key(b, level, "line");
    buf_printf(b, "%u,", line);
    key(b, level, "column");
    buf_printf(b, "%u", col);
}

static void rval_json(Buf *b, const Rval *r, int level)
{
    buf_putc(b, '{');
    switch (r->kind) {
    case RVAL_STRING:
    case RVAL_SYMBOL:
    case RVAL_NAKEDVAR:
        key(b, level + 1, "type");
        buf_puts(b, r->kind == RVAL_STRING ? "\"string\"," : r->kind == RVAL_SYMBOL ? "\"symbol\"," : "\"variable\",");
        key(b, level + 1, "value");
        json_append_string(b, r->str);
        break;
    case RVAL_LIST:
    case RVAL_FNCALL:
        key(b, level + 1, "type");
        buf_puts(b, r->kind == RVAL_LIST ? "\"list\"," : "\"functionCall\",");
        if (r->kind == RVAL_FNCALL) {
            key(b, level + 1, "name");
            json_append_string(b, r->str);
            buf_putc(b, ',');
        }
        key(b, level + 1, r->kind == RVAL_LIST ? "value" : "arguments");
        buf_putc(b, '[');
        for (size_t i = 0; i < r->items.len; i++) {
            if (i)
                buf_putc(b, ',');
            indent(b, level + 2);
            rval_json(b, r->items.items[i], level + 2);
        }
        if (r->items.len)
            indent(b, level + 1);
        buf_putc(b, ']');
        break;
    }
    indent(b, level);
    buf_putc(b, '}');
}

static void constraints_json(Buf *b, SourceFile *f, const Vec *cs, size_t from, size_t to, int level)
{
    buf_putc(b, '[');
    for (size_t i = from; i < to; i++) {
        const Constraint *c = cs->items[i];
        if (i > from)
            buf_putc(b, ',');
        indent(b, level + 1);
        buf_putc(b, '{');
        key(b, level + 2, "lval");
        json_append_string(b, c->lval);
        buf_putc(b, ',');
        key(b, level + 2, "rval");
        rval_json(b, c->rval, level + 2);
        buf_putc(b, ',');
        location(b, level + 2, f, c->span.start);
        indent(b, level + 1);
        buf_putc(b, '}');
    }
    if (to > from)
        indent(b, level);
    buf_putc(b, ']');
}

static void params_json(Buf *b, const Vec *params)
{
    buf_putc(b, '[');
    for (size_t i = 0; i < params->len; i++) {
        const Param *p = params->items[i];
        if (i)
            buf_puts(b, ", ");
        json_append_string(b, p->name);
    }
    buf_putc(b, ']');
}

static void header_json(Buf *b, int level, const char *kind_key, const char *type, const char *name,
                        const char *ns, const Vec *params, SourceFile *f, uint32_t offset)
{
    key(b, level, "name");
    json_append_string(b, name);
    buf_putc(b, ',');
    key(b, level, "namespace");
    json_append_string(b, ns);
    buf_putc(b, ',');
    key(b, level, kind_key);
    json_append_string(b, type);
    buf_putc(b, ',');
    key(b, level, "arguments");
    params_json(b, params);
    buf_putc(b, ',');
    key(b, level, "sourcePath");
    json_append_string(b, f->path);
    buf_putc(b, ',');
    location(b, level, f, offset);
    buf_putc(b, ',');
}

/* Promises in a section, grouped into runs that share a class guard, as
 * cf-promises groups them into "contexts". */
static void section_json(Buf *b, const Section *s, SourceFile *f, int level)
{
    key(b, level, "name");
    json_append_string(b, s->promise_type);
    buf_putc(b, ',');
    location(b, level, f, s->span.start);
    buf_putc(b, ',');
    key(b, level, "contexts");
    buf_putc(b, '[');
    for (size_t i = 0; i < s->promises.len;) {
        const Promise *first = s->promises.items[i];
        if (i)
            buf_putc(b, ',');
        indent(b, level + 1);
        buf_putc(b, '{');
        key(b, level + 2, "name");
        json_append_string(b, first->classes);
        buf_putc(b, ',');
        key(b, level + 2, "promises");
        buf_putc(b, '[');
        size_t j = i;
        for (; j < s->promises.len; j++) {
            const Promise *p = s->promises.items[j];
            if (strcmp(p->classes, first->classes) != 0)
                break;
            if (j > i)
                buf_putc(b, ',');
            indent(b, level + 3);
            buf_putc(b, '{');
            key(b, level + 4, "promiser");
            json_append_string(b, p->promiser);
            buf_putc(b, ',');
            if (p->promisee) {
                key(b, level + 4, "promisee");
                rval_json(b, p->promisee, level + 4);
                buf_putc(b, ',');
            }
            location(b, level + 4, f, p->span.start);
            buf_putc(b, ',');
            key(b, level + 4, "attributes");
            constraints_json(b, f, &p->constraints, 0, p->constraints.len, level + 4);
            indent(b, level + 3);
            buf_putc(b, '}');
        }
        indent(b, level + 2);
        buf_putc(b, ']');
        indent(b, level + 1);
        buf_putc(b, '}');
        i = j;
    }
    if (s->promises.len)
        indent(b, level);
    buf_putc(b, ']');
}

void policy_print_json(const Policy *p, FILE *out)
{
    Buf b = BUF_INIT;
    buf_puts(&b, "{");
    key(&b, 1, "bundles");
    buf_putc(&b, '[');
    for (size_t i = 0; i < p->bundles.len; i++) {
        const Bundle *bu = p->bundles.items[i];
        if (i)
            buf_putc(&b, ',');
        indent(&b, 2);
        buf_putc(&b, '{');
        header_json(&b, 3, "bundleType", bu->type, bu->name, bu->ns, &bu->params, bu->file, bu->span.start);
        key(&b, 3, "promiseTypes");
        buf_putc(&b, '[');
        for (size_t k = 0; k < bu->sections.len; k++) {
            if (k)
                buf_putc(&b, ',');
            indent(&b, 4);
            buf_putc(&b, '{');
            section_json(&b, bu->sections.items[k], bu->file, 5);
            indent(&b, 4);
            buf_putc(&b, '}');
        }
        if (bu->sections.len)
            indent(&b, 3);
        buf_putc(&b, ']');
        indent(&b, 2);
        buf_putc(&b, '}');
    }
    indent(&b, 1);
    buf_puts(&b, "],");
    key(&b, 1, "bodies");
    buf_putc(&b, '[');
    for (size_t i = 0; i < p->bodies.len; i++) {
        const Body *bo = p->bodies.items[i];
        if (i)
            buf_putc(&b, ',');
        indent(&b, 2);
        buf_putc(&b, '{');
        header_json(&b, 3, bo->kind == BODY_KIND_PROMISE ? "promiseBlockType" : "bodyType", bo->type, bo->name,
                    bo->ns, &bo->params, bo->file, bo->span.start);
        /* Constraints grouped by class guard, as for promises. */
        key(&b, 3, "contexts");
        buf_putc(&b, '[');
        for (size_t k = 0; k < bo->constraints.len;) {
            const Constraint *first = bo->constraints.items[k];
            size_t j = k;
            while (j < bo->constraints.len &&
                   strcmp(((const Constraint *)bo->constraints.items[j])->classes, first->classes) == 0)
                j++;
            if (k)
                buf_putc(&b, ',');
            indent(&b, 4);
            buf_putc(&b, '{');
            key(&b, 5, "name");
            json_append_string(&b, first->classes);
            buf_putc(&b, ',');
            key(&b, 5, "attributes");
            constraints_json(&b, bo->file, &bo->constraints, k, j, 5);
            indent(&b, 4);
            buf_putc(&b, '}');
            k = j;
        }
        if (bo->constraints.len)
            indent(&b, 3);
        buf_putc(&b, ']');
        indent(&b, 2);
        buf_putc(&b, '}');
    }
    if (p->bodies.len)
        indent(&b, 1);
    buf_puts(&b, "]\n}\n");
    fwrite(b.data, 1, b.len, out);
    buf_free(&b);
}
