/* mustache.c - Mustache templates, as 3.21 renders them. */
#include "eval/mustache.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

/* The context stack: the innermost frame first. */
typedef struct Frame Frame;
struct Frame {
    const Json *j;
    const char *key; /* {{@}}: the key or index being iterated; NULL */
    const Frame *up;
};

typedef struct {
    const char *start, *end; /* the tag, "{{" to "}}" */
    const char *before;      /* where the text before it ends */
    const char *after;       /* where the text after it starts */
    char type;               /* '#', '^', '/', '!', '&', '%', '$', or 'v' */
    const char *name;
    size_t name_len;
} Tag;

static bool blank(const char *a, const char *b)
{
    for (; a < b; a++)
        if (*a != ' ' && *a != '\t' && *a != '\r')
            return false;
    return true;
}

/* Finds the next tag at or after p; false when there is none (or, with
 * *bad set, when it is not closed). */
static bool next_tag(const char *base, const char *p, Tag *t, bool *bad)
{
    const char *s = strstr(p, "{{");
    if (!s)
        return false;
    bool triple = s[2] == '{';
    const char *inner = s + (triple ? 3 : 2);
    const char *close = strstr(inner, triple ? "}}}" : "}}");
    if (!close) {
        *bad = true;
        return false;
    }
    t->start = s;
    t->end = close + (triple ? 3 : 2);
    t->type = triple ? '&' : 'v';
    if (!triple && strchr("#^/!&%$", *inner) && *inner)
        t->type = *inner++;
    while (inner < close && (*inner == ' ' || *inner == '\t'))
        inner++;
    const char *ne = close;
    while (ne > inner && (ne[-1] == ' ' || ne[-1] == '\t'))
        ne--;
    t->name = inner;
    t->name_len = (size_t)(ne - inner);
    t->before = s;
    t->after = t->end;
    if (strchr("#^/!", t->type)) {
        const char *ls = s;
        while (ls > base && ls[-1] != '\n')
            ls--;
        const char *le = strchr(t->end, '\n');
        const char *line_end = le ? le : t->end + strlen(t->end);
        if (blank(ls, s) && blank(t->end, line_end)) {
            t->before = ls;
            t->after = le ? le + 1 : line_end;
        }
    }
    return true;
}

static bool name_is(const Tag *t, const char *name, size_t len)
{
    return t->name_len == len && strncmp(t->name, name, len) == 0;
}

/* The value a name stands for: "." the current frame, "-top-" the data
 * rendered; "a.b.c" a looked up
 * from the innermost frame out, then b and c inside it. */
static const Json *lookup(const Frame *f, const char *name, size_t len)
{
    if (len == 1 && name[0] == '.')
        return f ? f->j : NULL;
    if (len == 5 && strncmp(name, "-top-", 5) == 0) { /* 3.21: the whole data */
        while (f && f->up)
            f = f->up;
        return f ? f->j : NULL;
    }
    const char *dot = memchr(name, '.', len);
    size_t first = dot ? (size_t)(dot - name) : len;
    char *k = xstrndup(name, first);
    const Json *v = NULL;
    for (; f && !v; f = f->up)
        v = json_object_get(f->j, k);
    free(k);
    while (v && dot) {
        const char *rest = dot + 1;
        size_t rlen = len - (size_t)(rest - name);
        dot = memchr(rest, '.', rlen);
        size_t part = dot ? (size_t)(dot - rest) : rlen;
        char *key = xstrndup(rest, part);
        v = json_child(v, key);
        free(key);
    }
    return v;
}

static void put_escaped(Buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': buf_puts(b, "&amp;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        default: buf_putc(b, *s);
        }
    }
}

static bool render(Buf *out, const char *base, const char *p, const char *end, const Frame *f);

/* The closing tag of the section opened by t; NULL when there is none. */
static bool find_close(const char *base, const Tag *open, const char *end, Tag *close, bool *bad)
{
    int depth = 0;
    for (const char *p = open->after; p < end && next_tag(base, p, close, bad) && close->start < end;
         p = close->end) {
        if ((close->type == '#' || close->type == '^') && name_is(close, open->name, open->name_len))
            depth++;
        else if (close->type == '/' && name_is(close, open->name, open->name_len) && depth-- == 0)
            return true;
    }
    return false;
}

static bool truthy(const Json *v)
{
    if (!v)
        return false;
    if (v->type == JSON_BOOL)
        return v->b;
    if (json_is_container(v))
        return json_length(v) > 0;
    return true;
}

/* 3.21 renders a section on an object once, with the object as the
 * context, unless "{{@}}" comes in its body before any nested section:
 * then once per member, the member the context inside the object, {{@}}
 * its key. */
static bool iterates_keys(const char *body, const char *body_end)
{
    for (const char *p = body; p + 2 < body_end; p++) {
        if (p[0] != '{' || p[1] != '{')
            continue;
        if (p[2] == '#' || p[2] == '^')
            return false;
        if (p + 5 <= body_end && strncmp(p, "{{@}}", 5) == 0)
            return true;
    }
    return false;
}

static bool section(Buf *out, const char *base, const Tag *t, const char *body, const char *body_end, const Frame *f)
{
    const Json *v = lookup(f, t->name, t->name_len);
    if (t->type == '^')
        return truthy(v) ? true : render(out, base, body, body_end, f);
    if (!truthy(v))
        return true;
    if (v->type == JSON_BOOL)
        return render(out, base, body, body_end, f);
    if (!json_is_container(v))
        return false; /* 3.21: sections take a boolean or a container */
    Frame obj = { v, NULL, f };
    if (v->type == JSON_OBJECT) {
        if (!iterates_keys(body, body_end))
            return render(out, base, body, body_end, &obj);
        f = &obj; /* the members are looked up in the object too */
    }
    for (size_t i = 0; i < json_length(v); i++) {
        const char *key;
        const Json *e = json_at(v, i, &key);
        char *idx = key ? NULL : xasprintf("%zu", i);
        Frame inner = { e, key ? key : idx, f };
        bool ok = render(out, base, body, body_end, &inner);
        free(idx);
        if (!ok)
            return false;
    }
    return true;
}

static bool render(Buf *out, const char *base, const char *p, const char *end, const Frame *f)
{
    Tag t;
    bool bad = false;
    while (p < end && next_tag(base, p, &t, &bad) && t.start < end) {
        buf_append(out, p, (size_t)(t.before - p));
        p = t.after;
        switch (t.type) {
        case '!':
            break;
        case '/':
            return false; /* a close without its open */
        case '#':
        case '^': {
            Tag close;
            if (!find_close(base, &t, end, &close, &bad))
                return false;
            if (!section(out, base, &t, t.after, close.before, f))
                return false;
            p = close.after;
            break;
        }
        default: {
            if (t.name_len == 1 && t.name[0] == '@') {
                if (!f || !f->key)
                    return false; /* no member or item is being iterated */
                buf_puts(out, f->key);
                break;
            }
            const Json *v = lookup(f, t.name, t.name_len);
            if (!v)
                break;
            if ((t.type == '%' || t.type == '$') && json_is_container(v)) {
                json_write(out, v, t.type == '%');
                break;
            }
            if (json_is_container(v))
                return false; /* 3.21 renders only primitives there */
            char *s = json_primitive_string(v);
            if (s && t.type == '&')
                buf_puts(out, s);
            else if (s)
                put_escaped(out, s);
            free(s);
        }
        }
    }
    if (bad)
        return false;
    if (p < end)
        buf_append(out, p, (size_t)(end - p));
    return true;
}

bool mustache_render(Buf *out, const char *tmpl, const Json *data)
{
    Frame top = { data, NULL, NULL };
    return render(out, tmpl, tmpl, tmpl + strlen(tmpl), &top);
}
