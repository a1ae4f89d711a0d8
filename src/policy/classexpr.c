/* classexpr.c - a recursive-descent parser and evaluator of class
 * expressions. */
#include "policy/classexpr.h"

typedef struct {
    const char *s;
    size_t i;
    ClassDefinedFn defined;
    void *userdata;
    bool ok;
    unsigned depth;
} ExprParser;

/* Deep nesting is refused rather than allowed to exhaust the stack. */
#define CLASSEXPR_MAX_DEPTH 1000

static bool parse_or(ExprParser *e);

static void skip_blanks(ExprParser *e)
{
    while (e->s[e->i] == ' ' || e->s[e->i] == '\t')
        e->i++;
}

static bool is_name_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':' ||
           c >= 0x80;
}

/* Skips a $(...) or ${...} reference at e->i; false if unbalanced. */
static bool skip_reference(ExprParser *e)
{
    char open = e->s[e->i + 1], close = open == '(' ? ')' : '}';
    int depth = 0;
    for (size_t j = e->i + 1; e->s[j]; j++) {
        if (e->s[j] == open) {
            depth++;
        } else if (e->s[j] == close && --depth == 0) {
            e->i = j + 1;
            return true;
        }
    }
    return false;
}

static bool fail(ExprParser *e)
{
    e->ok = false;
    return false;
}

static bool parse_primary(ExprParser *e)
{
    skip_blanks(e);
    if (e->s[e->i] == '(') {
        if (++e->depth > CLASSEXPR_MAX_DEPTH)
            return fail(e);
        e->i++;
        bool v = parse_or(e);
        if (!e->ok)
            return false;
        skip_blanks(e);
        if (e->s[e->i] != ')')
            return fail(e);
        e->i++;
        e->depth--;
        return v;
    }
    size_t start = e->i;
    for (;;) {
        unsigned char c = (unsigned char)e->s[e->i];
        if (is_name_byte(c)) {
            e->i++;
        } else if ((c == '$' || c == '@') && (e->s[e->i + 1] == '(' || e->s[e->i + 1] == '{')) {
            if (!skip_reference(e))
                return fail(e);
        } else {
            break;
        }
    }
    if (e->i == start)
        return fail(e);
    return e->defined ? e->defined(e->userdata, e->s + start, e->i - start) : true;
}

static bool parse_not(ExprParser *e)
{
    skip_blanks(e);
    if (e->s[e->i] == '!') {
        e->i++;
        bool v = parse_primary(e);
        return e->ok ? !v : false;
    }
    return parse_primary(e);
}

static bool parse_and(ExprParser *e)
{
    bool v = parse_not(e);
    while (e->ok) {
        skip_blanks(e);
        char c = e->s[e->i];
        if (c != '.' && c != '&')
            break;
        e->i++;
        bool w = parse_not(e);
        v = v && w;
    }
    return v;
}

static bool parse_or(ExprParser *e)
{
    bool v = parse_and(e);
    while (e->ok) {
        skip_blanks(e);
        if (e->s[e->i] != '|')
            break;
        e->i++;
        if (e->s[e->i] == '|')
            e->i++;
        bool w = parse_and(e);
        v = v || w;
    }
    return v;
}

bool classexpr_parse(const char *s, ClassDefinedFn defined, void *userdata, bool *value, size_t *fail_at)
{
    ExprParser e = { s, 0, defined, userdata, true, 0 };
    bool v = parse_or(&e);
    if (!e.ok) {
        if (fail_at)
            *fail_at = e.i;
        return false;
    }
    if (value)
        *value = v;
    return true;
}
