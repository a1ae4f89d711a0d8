/* functions_math.c - eval(expression, "math" | "class", "infix"): 3.21's
 * arithmetic. Like 3.21's parser, the longest prefix that is an
 * expression is evaluated and the rest ignored ("1 +" is 1); ^ is left
 * associative; numbers may carry an SI suffix (k m g t p: powers of
 * 1000); comparisons give 1 or 0. */
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "eval/fn_impl.h"

/* The math library is looked up the first time eval() meets a function,
 * % or ^, not linked: libm's load-time relocations touch some 350 kB of
 * its pages in every run of every program, and only those need it
 * (masterfiles' eval() calls only multiply and divide). */
enum { MATH_CEIL, MATH_FLOOR, MATH_LOG10, MATH_LOG2, MATH_LOG, MATH_SQRT, MATH_SIN, MATH_COS, MATH_TAN,
       MATH_ASIN, MATH_ACOS, MATH_ATAN, MATH_FABS, MATH_EXP, MATH_UNARY_COUNT };

typedef struct {
    double (*unary[MATH_UNARY_COUNT])(double);
    double (*fmod)(double, double);
    double (*pow)(double, double);
} MathLib;

/* What eval() calls each function, in the order of the enum above, and
 * the C library's names for them. */
static const char *const MATH_NAMES[MATH_UNARY_COUNT] = {
    "ceil", "floor", "log10", "log2", "log", "sqrt", "sin", "cos", "tan", "asin", "acos", "atan", "abs", "exp",
};
static const char *const MATH_SYMBOLS[MATH_UNARY_COUNT] = {
    "ceil", "floor", "log10", "log2", "log", "sqrt", "sin", "cos", "tan", "asin", "acos", "atan", "fabs", "exp",
};

/* Stores the address of `name` in *fn (a function pointer of any type);
 * false when there is none. */
static bool math_symbol(void *lib, const char *name, void *fn)
{
    void *f = dlsym(RTLD_DEFAULT, name); /* already loaded (a sanitizer runtime, a C library with libm in it) */
    if (!f && lib)
        f = dlsym(lib, name);
    memcpy(fn, &f, sizeof f); /* POSIX: object and function pointers convert */
    return f != NULL;
}

/* Why the math library cannot be used, once math_lib() has failed: what
 * dlopen() said, or the function it lacks. Kept, as the library is: dlerror()
 * says it once, and a later dlsym() replaces it with its own complaint. */
static char math_error[256];

/* The process's math library, loaded once and kept to the end, like the
 * libraries a program is linked with: NULL when it cannot be loaded. This
 * is the one piece of process-wide state here; it never changes once set,
 * so reloaded policies and side-by-side tests share it safely. */
static const MathLib *math_lib(void)
{
    static MathLib lib;
    static int state; /* 0: not tried, 1: loaded, -1: failed */
    if (state)
        return state > 0 ? &lib : NULL;
    state = -1;
    void *handle = dlopen("libm.so.6", RTLD_LAZY | RTLD_LOCAL);
    if (!handle) {
        const char *why = dlerror();
        snprintf(math_error, sizeof math_error, "%s", why ? why : "dlopen failed");
    }
    const char *missing = NULL;
    for (size_t i = 0; i < MATH_UNARY_COUNT && !missing; i++)
        if (!math_symbol(handle, MATH_SYMBOLS[i], &lib.unary[i]))
            missing = MATH_SYMBOLS[i];
    if (!missing && !math_symbol(handle, "fmod", &lib.fmod))
        missing = "fmod";
    if (!missing && !math_symbol(handle, "pow", &lib.pow))
        missing = "pow";
    if (missing) {
        if (handle) /* else math_error holds dlopen()'s reason */
            snprintf(math_error, sizeof math_error, "it has no function '%s'", missing);
        return NULL;
    }
    state = 1;
    return &lib;
}

typedef struct {
    const char *p;
    bool no_lib; /* the math library was needed and cannot be loaded */
} MathParser;

/* The math library for an operation; NULL (and *ok false) when it cannot
 * be loaded, which ends the evaluation. */
static const MathLib *need_lib(MathParser *m, bool *ok)
{
    const MathLib *lib = math_lib();
    if (!lib) {
        m->no_lib = true;
        *ok = false;
    }
    return lib;
}

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
            double factor = 1; /* 1000 to the power, exactly */
            for (const char *k = SI; k <= si; k++)
                factor *= 1000;
            v *= factor;
            m->p++;
        }
        return v;
    }
    for (size_t i = 0; i < MATH_UNARY_COUNT; i++) {
        size_t len = strlen(MATH_NAMES[i]);
        if (strncmp(m->p, MATH_NAMES[i], len) == 0 && m->p[len] == '(') {
            m->p += len + 1;
            double v = math_expr(m, ok);
            skip_space(m);
            if (*ok && *m->p == ')') {
                m->p++;
                const MathLib *lib = need_lib(m, ok);
                return lib ? lib->unary[i](v) : 0;
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
        const MathLib *lib = op == '%' || op == '^' ? need_lib(m, ok) : NULL;
        switch (op) {
        case '+': v += r; break;
        case '-': v -= r; break;
        case '*': v *= r; break;
        case '/': v /= r; break;
        case '%': v = lib ? lib->fmod(v, r) : 0; break;
        case '^': v = lib ? lib->pow(v, r) : 0; break;
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
    MathParser m = { args[0]->str, false };
    bool ok = true;
    double v = math_expr(&m, &ok);
    if (m.no_lib) {
        eval_warning(ctx, "Function '%s': the math library (libm.so.6) cannot be loaded: %s", call->str,
                     math_error);
        return FN_FAIL;
    }
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
