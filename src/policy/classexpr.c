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

/* 3.21's ValidTokenCharacter: a class or variable name is letters,
 * digits, '_', ':' and index brackets, and a blank only inside an index
 * bracket ("$(a[b c])"). Nothing else, not even UTF-8 letters. */
static bool is_token_byte(char c, bool *inside_index)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':')
        return true;
    if (c == '[') {
        *inside_index = true;
        return true;
    }
    if (c == ']') {
        *inside_index = false;
        return true;
    }
    return c == ' ' && *inside_index;
}

/* 3.21's string expressions, the names a class expression is made of:
 *   name   := term+            (as many as parse; the rest is left)
 *   term   := token | varref
 *   varref := ('$' | '@') ('(' qname ')' | '{' qname '}')
 *   qname  := name ['.' name]
 * Each scanner returns true with *end just past what it read, or false
 * with *end where it gave up. */
static bool scan_name(const char *s, size_t i, size_t *end);

static bool scan_varref(const char *s, size_t i, size_t *end)
{
    if ((s[i] != '$' && s[i] != '@') || (s[i + 1] != '(' && s[i + 1] != '{')) {
        *end = s[i] == '$' || s[i] == '@' ? i + 1 : i;
        return false;
    }
    char close = s[i + 1] == '(' ? ')' : '}';
    size_t j;
    if (!scan_name(s, i + 2, &j)) {
        *end = j;
        return false;
    }
    if (s[j] == '.' && !scan_name(s, j + 1, &j)) {
        *end = j;
        return false;
    }
    if (s[j] != close) {
        *end = j;
        return false;
    }
    *end = j + 1;
    return true;
}

static bool scan_term(const char *s, size_t i, size_t *end)
{
    bool inside_index = false;
    size_t j = i;
    while (s[j] && is_token_byte(s[j], &inside_index))
        j++;
    if (j > i) {
        *end = j;
        return true;
    }
    return scan_varref(s, i, end);
}

static bool scan_name(const char *s, size_t i, size_t *end)
{
    size_t j;
    if (!scan_term(s, i, &j)) {
        *end = j;
        return false;
    }
    size_t k;
    while (scan_term(s, j, &k))
        j = k;
    *end = j;
    return true;
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
    size_t start = e->i, end;
    bool named = scan_name(e->s, start, &end);
    e->i = end;
    if (!named)
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
