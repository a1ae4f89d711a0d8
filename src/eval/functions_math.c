/* functions_math.c - eval(expression, "math" | "class", "infix"): 3.21's
 * arithmetic. Like 3.21's parser, the longest prefix that is an
 * expression is evaluated and the rest ignored ("1 +" is 1); ^ is left
 * associative; numbers may carry an SI suffix (k m g t p: powers of
 * 1000); comparisons give 1 or 0. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "eval/fn_impl.h"

typedef struct {
    const char *p;
} MathParser;

static double math_expr(MathParser *m, bool *ok);

static void skip_space(MathParser *m)
{
    while (*m->p == ' ' || *m->p == '\t' || *m->p == '\n')
        m->p++;
}

static bool word_at(const char *p, const char *w)
{
    size_t n = strlen(w);
    return strncmp(p, w, n) == 0 && !((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= '0' && p[n] <= '9'));
}

static const struct {
    const char *name;
    double (*fn)(double);
} MATH_FUNCTIONS[] = {
    { "ceil", ceil }, { "floor", floor }, { "log10", log10 }, { "log2", log2 }, { "log", log },
    { "sqrt", sqrt }, { "sin", sin },     { "cos", cos },     { "tan", tan },   { "asin", asin },
    { "acos", acos }, { "atan", atan },   { "abs", fabs },    { "exp", exp },
};

static double math_primary(MathParser *m, bool *ok)
{
    skip_space(m);
    const char *start = m->p;
    if (*m->p == '(') {
        m->p++;
        double v = math_expr(m, ok);
        skip_space(m);
        if (*ok && *m->p == ')') {
            m->p++;
            return v;
        }
        *ok = false;
        m->p = start;
        return 0;
    }
    if ((*m->p >= '0' && *m->p <= '9') || *m->p == '.') {
        const char *q = m->p;
        while ((*q >= '0' && *q <= '9') || *q == '.')
            q++;
        char *text = xstrndup(m->p, (size_t)(q - m->p));
        char *end;
        double v = strtod(text, &end);
        bool good = *end == '\0';
        free(text);
        if (!good) {
            *ok = false;
            return 0;
        }
        m->p = q;
        static const char SI[] = "kmgtp";
        const char *si = *m->p ? strchr(SI, *m->p | 0x20) : NULL;
        if (si && !((m->p[1] >= 'a' && m->p[1] <= 'z') || (m->p[1] >= 'A' && m->p[1] <= 'Z'))) {
            v *= pow(1000, (double)(si - SI + 1));
            m->p++;
        }
        return v;
    }
    for (size_t i = 0; i < sizeof MATH_FUNCTIONS / sizeof *MATH_FUNCTIONS; i++) {
        size_t len = strlen(MATH_FUNCTIONS[i].name);
        if (strncmp(m->p, MATH_FUNCTIONS[i].name, len) == 0 && m->p[len] == '(') {
            m->p += len + 1;
            double v = math_expr(m, ok);
            skip_space(m);
            if (*ok && *m->p == ')') {
                m->p++;
                return MATH_FUNCTIONS[i].fn(v);
            }
            *ok = false;
            m->p = start;
            return 0;
        }
    }
    if (word_at(m->p, "pi")) {
        m->p += 2;
        return M_PI;
    }
    if (word_at(m->p, "e")) {
        m->p += 1;
        return M_E;
    }
    *ok = false;
    return 0;
}

static double math_unary(MathParser *m, bool *ok)
{
    skip_space(m);
    if (*m->p == '-' || *m->p == '+') {
        bool neg = *m->p == '-';
        m->p++;
        double v = math_unary(m, ok);
        return neg ? -v : v;
    }
    return math_primary(m, ok);
}

/* A binary level: operands of `next` joined by the operators in ops,
 * left to right; an operator without a right operand ends the
 * expression before it. */
static double math_level(MathParser *m, bool *ok, const char *ops, double (*next)(MathParser *, bool *))
{
    double v = next(m, ok);
    while (*ok) {
        skip_space(m);
        const char *before = m->p;
        char op = *m->p;
        if (!op || !strchr(ops, op))
            break;
        m->p++;
        bool rok = true;
        double r = next(m, &rok);
        if (!rok) {
            m->p = before;
            break;
        }
        switch (op) {
        case '+': v += r; break;
        case '-': v -= r; break;
        case '*': v *= r; break;
        case '/': v /= r; break;
        case '%': v = fmod(v, r); break;
        case '^': v = pow(v, r); break;
        }
    }
    return v;
}

static double math_power(MathParser *m, bool *ok)
{
    return math_level(m, ok, "^", math_unary);
}

static double math_product(MathParser *m, bool *ok)
{
    return math_level(m, ok, "*/%", math_power);
}

static double math_sum(MathParser *m, bool *ok)
{
    return math_level(m, ok, "+-", math_product);
}

static double math_expr(MathParser *m, bool *ok)
{
    double v = math_sum(m, ok);
    if (!*ok)
        return v;
    skip_space(m);
    static const char *const CMP[] = { "==", "!=", "<=", ">=", "<", ">" };
    for (size_t i = 0; i < sizeof CMP / sizeof *CMP; i++) {
        size_t len = strlen(CMP[i]);
        if (strncmp(m->p, CMP[i], len) != 0)
            continue;
        const char *before = m->p;
        m->p += len;
        bool rok = true;
        double r = math_sum(m, &rok);
        if (!rok) {
            m->p = before;
            return v;
        }
        bool t = i == 0 ? v == r : i == 1 ? v != r : i == 2 ? v <= r : i == 3 ? v >= r : i == 4 ? v < r : v > r;
        return t ? 1 : 0;
    }
    return v;
}

FnResult fn_eval(FN_PARAMS)
{
    const char *mode = n > 1 ? args[1]->str : "math", *options = n > 2 ? args[2]->str : "infix";
    bool class_mode = strcmp(mode, "class") == 0;
    if ((!class_mode && strcmp(mode, "math") != 0) || strcmp(options, "infix") != 0) {
        eval_warning(ctx, "Function '%s': mode '%s' and options '%s' are not math/class and infix", call->str, mode,
                     options);
        return FN_FAIL;
    }
    MathParser m = { args[0]->str };
    bool ok = true;
    double v = math_expr(&m, &ok);
    if (!ok) {
        eval_warning(ctx, "Function '%s': '%s' is not an expression", call->str, args[0]->str);
        return FN_FAIL;
    }
    if (class_mode) {
        *out = fn_bool(v != 0);
        return FN_OK;
    }
    char *s = xasprintf("%f", v);
    *out = value_string(s);
    free(s);
    return FN_OK;
}
