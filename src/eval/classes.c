/* classes.c - sets of classes, and class expressions evaluated against
 * them with the one parser of policy/classexpr.c. */
#include "eval/classes.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "policy/classexpr.h"

void classset_add_hard(ClassSet *s, const char *name)
{
    if (!map_get(&s->negated, name)) {
        s->generation++;
        map_put(&s->hard, name, (void *)1);
    }
}

void classset_negate(ClassSet *s, const char *name)
{
    map_put(&s->negated, name, (void *)1);
    if (map_has(&s->hard, name))
        map_put(&s->hard, name, NULL);
    classset_remove(s, name);
}

void classset_add(ClassSet *s, const char *ns, const char *name)
{
    if (map_get(&s->negated, name))
        return;
    s->generation++;
    if (ns && strcmp(ns, "default") != 0) {
        char *q = xstrjoin(ns, ":", name, NULL);
        map_put(&s->names, q, (void *)1);
        free(q);
    } else {
        map_put(&s->names, name, (void *)1);
    }
}

void classset_add_local(ClassSet *s, const char *name)
{
    if (map_get(&s->negated, name))
        return;
    s->generation++;
    map_put(&s->local, name, (void *)1);
}

void classset_remove(ClassSet *s, const char *name)
{
    if (map_has(&s->local, name))
        map_put(&s->local, name, NULL);
    /* The Map has no removal; a NULL value marks a cancelled class. */
    s->generation++;
    if (map_has(&s->names, name))
        map_put(&s->names, name, NULL);
}

/* classset_has() of name[0..n), as the set stands. */
static bool has_now(const ClassSet *s, const char *name, size_t n)
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
    if (map_get_hashed(&s->hard, name, n, h) || map_get_hashed(&s->local, name, n, h))
        return true;
    if (s->ns && strcmp(s->ns, "default") != 0) {
        char *q = xasprintf("%s:%.*s", s->ns, (int)n, name);
        bool r = map_get(&s->names, q) != NULL;
        free(q);
        return r;
    }
    return map_get_hashed(&s->names, name, n, h) != NULL;
}

void classset_complete(const ClassSet *s)
{
    ClassLazy *l = s->lazy;
    if (l && !l->done) {
        l->done = true;
        /* the owner of the set adds to it (the set is its, not const) */
        l->discover(l->arg);
    }
}

/* classset_has() of name[0..n): a miss on a name the lazy classes may
 * hold discovers them and looks again. */
static bool has_n(const ClassSet *s, const char *name, size_t n)
{
    if (has_now(s, name, n))
        return true;
    ClassLazy *l = s->lazy;
    if (!l || l->done)
        return false;
    const char *bare = name;
    size_t len = n;
    if (len >= 8 && strncmp(bare, "default:", 8) == 0) {
        bare += 8;
        len -= 8;
    }
    if (memchr(bare, ':', len) || !l->wants(bare, len))
        return false;
    classset_complete(s);
    return has_now(s, name, n);
}

bool classset_has(const ClassSet *s, const char *name)
{
    return has_n(s, name, strlen(name));
}

void classset_free(ClassSet *s)
{
    map_free(&s->names, NULL);
    map_free(&s->hard, NULL);
    map_free(&s->local, NULL);
    map_free(&s->negated, NULL);
}

char *canonify(const char *s)
{
    char *c = xstrdup(s);
    for (char *p = c; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            *p = '_';
    return c;
}

static bool set_has(void *userdata, const char *name, size_t len)
{
    return has_n(userdata, name, len);
}

/* 3.21 refuses, at run time, two names with only blanks between them
 * ("class expressions can't be separated by whitespace"). */
static bool names_split_by_blanks(const char *s)
{
    for (const char *p = s; *p; p++) {
        if (*p != ' ' && *p != '\t')
            continue;
        const char *q = p;
        while (*q == ' ' || *q == '\t')
            q++;
        if (p > s && *q && (isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == ')') &&
            (isalnum((unsigned char)*q) || *q == '_' || *q == '!' || *q == '('))
            return true;
        p = q - 1;
    }
    return false;
}

/* The length of expr when it is one name of letters, digits, '_' and ':'
 * (most guards: "any", "linux", "cfengine_3_21", "default:x"), which the
 * parser would take whole as the name it is; 0 otherwise. */
static size_t plain_name_length(const char *expr)
{
    size_t n = 0;
    for (char c; (c = expr[n]) != '\0'; n++)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':'))
            return 0;
    return n;
}

int class_expr_eval(const ClassSet *s, const char *expr, const char **error)
{
    size_t plain = plain_name_length(expr);
    if (plain) {
        if (error)
            *error = NULL;
        return has_n(s, expr, plain);
    }
    if (names_split_by_blanks(expr)) {
        if (error)
            *error = "class expressions can't be separated by whitespace without an intervening operator";
        return -1;
    }
    bool v = false;
    if (!classexpr_parse(expr, set_has, (void *)s, &v, NULL)) {
        if (error)
            *error = "Syntax error in class expression";
        return -1;
    }
    if (error)
        *error = NULL;
    return v;
}
