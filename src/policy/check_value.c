/* check_value.c - does an rval fit the type and range the syntax tables
 * give its attribute or function parameter? As 3.21, values that hold a
 * variable or come from a function call are left to run time.
 */
#include "policy/check_value.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "base/alloc.h"
#include "base/buf.h"

bool check_has_variable(const char *s)
{
    for (const char *p = s; (p = strpbrk(p, "$@")) != NULL; p++)
        if (p[1] == '(' || p[1] == '{')
            return true;
    return false;
}

/* 3.21's IsNakedVar, for '$' and '@' both: the brackets opened by the
 * second character close only at the last one, and every (, {, [ is
 * matched by some ), }, ] (of any kind). */
bool check_naked_var(const char *s)
{
    if (s[0] != '$' && s[0] != '@')
        return false; /* most values: not measured */
    size_t len = strlen(s);
    if (len < 3)
        return false;
    if (!((s[1] == '(' && s[len - 1] == ')') || (s[1] == '{' && s[len - 1] == '}')))
        return false;
    int depth = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '(' || s[i] == '{' || s[i] == '[') {
            depth++;
        } else if (s[i] == ')' || s[i] == '}' || s[i] == ']') {
            if (--depth == 0 && i < len - 1)
                return false;
        }
    }
    return depth == 0;
}

/* 3.21's IsCf3VarString. Brackets count only after a "$(" or "${" has
 * been seen; a reference is complete when the count is back to zero and
 * the last opening bracket and the closing one are of the same kind, and
 * the first complete one answers true. A '/' inside brackets before that
 * answers false ("$(cat /f)" is a shell's). A reference still open at
 * the end is broken. */
bool check_var_string(const char *s, bool *broken)
{
    char left = 'x', right = 'x';
    bool dollar = false;
    int bracks = 0;
    if (broken)
        *broken = false;
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '$':
        case '@':
            if (p[1] == '(' || p[1] == '{')
                dollar = true;
            break;
        case '(':
        case '{':
            if (dollar) {
                left = *p;
                bracks++;
            }
            break;
        case ')':
        case '}':
            if (dollar) {
                bracks--;
                right = *p;
            }
            break;
        default:
            break;
        }
        if (bracks > 0 && *p == '/')
            return false;
        if (dollar && bracks == 0 && ((left == '(' && right == ')') || (left == '{' && right == '}')))
            return true;
    }
    if (dollar && bracks != 0 && broken)
        *broken = true;
    return false;
}

/* 3.21 reads a number as sscanf("%lld%c%s") (or "%lf%c%s"): the number,
 * one character, then nothing but blanks. That character may be a
 * multiplier suffix or '%'; any other is ignored ("1x" is 1, "1T" is 1). */
static bool only_blanks(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' && *s != '\f' && *s != '\v')
            return false;
    return true;
}

static long long suffix_multiplier(char c)
{
    switch (c) {
    case 'k': return 1000LL;
    case 'K': return 1024LL;
    case 'm': return 1000LL * 1000;
    case 'M': return 1024LL * 1024;
    case 'g': return 1000LL * 1000 * 1000;
    case 'G': return 1024LL * 1024 * 1024;
    default: return 1;
    }
}

bool check_parse_int(const char *s, long long *out)
{
    if (strcmp(s, "inf") == 0) {
        *out = 999999999LL; /* CFEngine's "infinity" for integers */
        return true;
    }
    if (strcmp(s, "now") == 0) {
        *out = (long long)time(NULL); /* a time, known at run time */
        return true;
    }
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || errno == ERANGE)
        return false;
    char c = *end;
    if (c != '\0' && !only_blanks(end + 1))
        return false;
    if (c == '%') {
        /* 3.21 takes 0% to 100% and keeps them negative. */
        if (v < 0 || v > 100)
            return false;
        *out = -v;
        return true;
    }
    long long r;
    if (__builtin_mul_overflow(v, suffix_multiplier(c), &r))
        return false; /* does not fit: not an integer 3.21 could hold */
    *out = r;
    return true;
}

bool check_parse_real(const char *s, double *out)
{
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (end == s || isinf(v))
        return false; /* infinity is out of every range 3.21 has */
    char c = *end;
    if (c != '\0' && !only_blanks(end + 1))
        return false;
    if (c == '%') {
        /* As for integers: 0% to 100%, kept negative. */
        if (v < 0 || v > 100)
            return false;
        *out = -v;
        return true;
    }
    *out = v * (double)suffix_multiplier(c);
    return true;
}

static void free_code(void *code)
{
    pcre2_code_free(code);
}

void check_regex_cache_free(CheckRegexCache *c)
{
    map_free(&c->compiled, free_code);
    pcre2_match_data_free(c->match_data);
    c->match_data = NULL;
}

/* The range as an anchored regex; NULL when it does not compile. */
static pcre2_code *compile_range(const char *range)
{
    int err;
    PCRE2_SIZE erroff;
    char *anchored = xasprintf("^(%s)$", range);
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)anchored, PCRE2_ZERO_TERMINATED, PCRE2_DOTALL, &err, &erroff, NULL);
    free(anchored);
    return re;
}

/* The set of bytes of a range that is one bracket expression repeated,
 * "[...]+", of plain bytes, escaped punctuation and ranges of them (as
 * "[a-zA-Z0-9_$(){}\\[\\].:]+", the commonest after ".*"): such a range is
 * matched here, where PCRE2 spent ~1,200 instructions a match. False for
 * any other range (negated, with a class escape or a POSIX class...). */
static bool class_plus_set(const char *range, bool set[256])
{
    size_t n = strlen(range);
    /* "[^" negates; "[:", "[." and "[=" may start a POSIX class */
    if (n < 4 || range[0] != '[' || strchr("^:.=", range[1]) || range[n - 2] != ']' || range[n - 1] != '+')
        return false;
    memset(set, 0, 256 * sizeof *set);
    const char *p = range + 1, *end = range + n - 2; /* end: the closing ']' */
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        if (c == '\\') {
            unsigned char e = (unsigned char)p[1];
            if (p + 1 >= end || !((e >= 0x21 && e <= 0x2f) || (e >= 0x3a && e <= 0x40) ||
                                  (e >= 0x5b && e <= 0x60) || (e >= 0x7b && e <= 0x7e)))
                return false; /* only punctuation stands for itself escaped */
            if (p[2] == '-')
                return false; /* the start of a range */
            set[e] = true;
            p += 2;
        } else if (c == '[' || c == ']' || c >= 0x80) {
            return false;
        } else if (p + 2 < end && p[1] == '-') {
            unsigned char d = (unsigned char)p[2];
            if (d == '\\' || d == '[' || d == ']' || d >= 0x80 || d < c)
                return false;
            for (unsigned x = c; x <= d; x++)
                set[x] = true;
            p += 3;
        } else {
            set[c] = true;
            p++;
        }
    }
    return true;
}

/* Whether s[0..len) is one or more bytes of set. */
static bool all_in_set(const bool set[256], const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!set[(unsigned char)s[i]])
            return false;
    return true;
}

/* Whether the whole of s matches the regex range (anchored). A range that
 * does not compile accepts everything: the table, not the user, is wrong. */
static bool matches_range(CheckRegexCache *cache, const char *range, const char *s)
{
    /* The commonest ranges need no regex: with PCRE2_DOTALL, ".*" takes
     * anything and ".+" anything but "". */
    if (strcmp(range, ".*") == 0)
        return true;
    if (strcmp(range, ".+") == 0)
        return *s != '\0';
    bool set[256];
    if (class_plus_set(range, set)) {
        /* "^(...)$", where '$' matches before a final line end too */
        size_t len = strlen(s);
        return all_in_set(set, s, len) || (len > 0 && s[len - 1] == '\n' && all_in_set(set, s, len - 1));
    }
    pcre2_code *re;
    if (!cache) {
        re = compile_range(range);
    } else {
        re = map_get(&cache->compiled, range);
        if (!re && !map_has(&cache->compiled, range)) {
            re = compile_range(range);
            map_put(&cache->compiled, range, re);
        }
    }
    if (!re)
        return true;
    pcre2_match_data *md = cache ? cache->match_data : NULL;
    if (!md) {
        /* Only whether it matches counts: one pair of offsets is enough. */
        md = pcre2_match_data_create(1, NULL);
        if (cache)
            cache->match_data = md;
    }
    int rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
    if (!cache) {
        pcre2_match_data_free(md);
        pcre2_code_free(re);
    }
    return rc >= 0;
}

/* Splits "lo,hi" into two numbers. */
static bool int_bounds(const char *range, long long *lo, long long *hi)
{
    const char *comma = strchr(range, ',');
    if (!comma)
        return false;
    char *a = xstrndup(range, (size_t)(comma - range));
    bool ok = check_parse_int(a, lo) && check_parse_int(comma + 1, hi);
    free(a);
    return ok;
}

/* A bound of a real range in the syntax table; "inf" is CFEngine's. */
static bool real_bound(const char *s, double *v)
{
    if (strcmp(s, "inf") == 0) {
        *v = 9.99999e100;
        return true;
    }
    return check_parse_real(s, v);
}

static bool real_bounds(const char *range, double *lo, double *hi)
{
    const char *comma = strchr(range, ',');
    if (!comma)
        return false;
    char *a = xstrndup(range, (size_t)(comma - range));
    bool ok = real_bound(a, lo) && real_bound(comma + 1, hi);
    free(a);
    return ok;
}

static bool option_in_menu(const char *menu, const char *s)
{
    size_t n = strlen(s);
    for (const char *p = menu; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && strncmp(p, s, n) == 0)
            return true;
        if (!comma)
            break;
        p = comma + 1;
    }
    return false;
}

static void menu_text(Buf *b, const char *menu)
{
    for (const char *p = menu; *p; p++) {
        if (*p == ',')
            buf_puts(b, ", ");
        else
            buf_putc(b, *p);
    }
}

/* The scalar check for one value of type t (a list's item type for
 * lists). Messages begin with 3.21's words. */
static bool check_scalar(CheckRegexCache *cache, SynType t, const char *range, const char *s, Buf *why)
{
    /* As 3.21: strings and options that are one whole reference ("$(x)",
     * "@{l}") are left to run time; numbers and strings that hold a
     * reference by IsCf3VarString's rule (strings only once they fail
     * their range) too; contexts only ever meet their range. Asking
     * whether a value holds a reference finds a broken one. */
    bool is_context = t == SYN_CONTEXT || t == SYN_CLIST;
    bool is_string = t == SYN_STRING || t == SYN_SLIST;
    bool is_option = t == SYN_OPTION || t == SYN_OLIST;
    if ((is_string || is_option) && check_naked_var(s))
        return true;
    bool asks = !is_context && !is_option && !(is_string && (!range || !*range || matches_range(cache, range, s)));
    bool broken = false;
    if (asks && check_var_string(s, &broken))
        return true;
    if (broken) {
        buf_printf(why, "Broken variable syntax or bracket mismatch in string: '%s' leaves a reference open", s);
        return false;
    }
    switch (t) {
    case SYN_INT:
    case SYN_ILIST: {
        long long v, lo, hi;
        if (!check_parse_int(s, &v)) {
            buf_printf(why, "Cannot parse value as integer: expected a whole number, got '%s'", s);
            return false;
        }
        if (range && *range && int_bounds(range, &lo, &hi) && (v < lo || v > hi)) {
            buf_printf(why, "Integer is out of range: '%s' is not in %s", s, range);
            return false;
        }
        return true;
    }
    case SYN_REAL:
    case SYN_RLIST: {
        double v, lo, hi;
        if (strcmp(s, "inf") == 0) {
            buf_puts(why, "Keyword 'inf' has an integer value, cannot be used as real");
            return false;
        }
        if (!check_parse_real(s, &v)) {
            buf_printf(why, "Real value is out of range: expected a number, got '%s'", s);
            return false;
        }
        if (range && *range && real_bounds(range, &lo, &hi) && (v < lo || v > hi)) {
            buf_printf(why, "Real value is out of range: '%s' is not in %s", s, range);
            return false;
        }
        return true;
    }
    case SYN_OPTION:
    case SYN_OLIST:
        if (*s && range && *range && !option_in_menu(range, s)) {
            buf_printf(why, "Selection is out of bounds: '%s' is not one of ", s);
            menu_text(why, range);
            return false;
        }
        return true;
    case SYN_IRANGE:
    case SYN_RRANGE: {
        const char *comma = strchr(s, ',');
        if (!comma || strchr(comma + 1, ',')) {
            buf_printf(why, "Range format specifier should be of form 'a,b'' but got multiple items: '%s'", s);
            return false;
        }
        char *first = xstrndup(s, (size_t)(comma - s));
        long long a, b;
        double x, y;
        bool ok = t == SYN_IRANGE ? check_parse_int(first, &a) && check_parse_int(comma + 1, &b)
                                  : check_parse_real(first, &x) && check_parse_real(comma + 1, &y);
        free(first);
        if (!ok) {
            buf_printf(why, "%s is out of range: expected two numbers 'low,high', got '%s'",
                       t == SYN_IRANGE ? "Integer" : "Real value", s);
            return false;
        }
        return true;
    }
    case SYN_CONTEXT:
    case SYN_CLIST:
        if (range && *range && !matches_range(cache, range, s)) {
            buf_printf(why, "Context string is invalid/out of range: '%s'", s);
            return false;
        }
        return true;
    case SYN_STRING:
    case SYN_SLIST:
        if (range && *range && !matches_range(cache, range, s)) {
            if (strcmp(range, "\"?(/.*)") == 0)
                buf_printf(why, "Filename is not an absolute path: '%s'", s);
            else
                buf_printf(why, "Scalar value is out of range: '%s' does not match %s", s, range);
            return false;
        }
        return true;
    default:
        return true;
    }
}

static bool is_list_type(SynType t)
{
    return t == SYN_SLIST || t == SYN_ILIST || t == SYN_RLIST || t == SYN_OLIST || t == SYN_CLIST;
}

/* Function return types that fit an attribute of type t, by 3.21's table:
 * the same type, and string <- context/int/real, context <- string,
 * slist <- string, ilist <- int, rlist <- real, clist <- context,
 * olist <- option. A call inside a list is held to the list's type. */
static bool return_fits(SynType attr, SynType ret)
{
    if (attr == ret)
        return true;
    switch (attr) {
    case SYN_STRING:
        return ret == SYN_CONTEXT || ret == SYN_INT || ret == SYN_REAL;
    case SYN_SLIST:
        return ret == SYN_STRING;
    case SYN_ILIST:
        return ret == SYN_INT;
    case SYN_RLIST:
        return ret == SYN_REAL;
    case SYN_CONTEXT:
        return ret == SYN_STRING;
    case SYN_CLIST:
        return ret == SYN_CONTEXT;
    case SYN_OLIST:
        return ret == SYN_OPTION;
    default:
        return false;
    }
}

const Rval *check_rval_type(CheckRegexCache *cache, SynType t, const char *range, const Rval *r, Buf *why)
{
    bool list_type = is_list_type(t);
    switch (r->kind) {
    case RVAL_FNCALL: {
        const SynFunction *fn = r->fn;
        if (fn && !return_fits(t, fn->return_type)) {
            buf_printf(why, "Function does not return the required type: '%s' returns %s, the attribute wants %s",
                       r->str, syntax_type_name(fn->return_type), syntax_type_name(t));
            return r;
        }
        return NULL;
    }
    case RVAL_LIST:
        if (!list_type) {
            buf_printf(why, "Attempted to give a list to a non-list type: expected %s", syntax_type_name(t));
            return r;
        }
        for (size_t i = 0; i < r->items.len; i++) {
            const Rval *item = r->items.items[i];
            bool scalar = item->kind == RVAL_STRING || item->kind == RVAL_SYMBOL;
            if (scalar && !check_scalar(cache, t, range, item->str, why))
                return item;
            if (item->kind == RVAL_FNCALL) {
                const Rval *bad = check_rval_type(cache, t, range, item, why);
                if (bad)
                    return bad;
            }
        }
        return NULL;
    case RVAL_STRING:
    case RVAL_SYMBOL:
    case RVAL_NAKEDVAR:
        if (list_type) {
            buf_printf(why, "Attempted to give a scalar to a non-scalar type: expected %s, a list in { }",
                       syntax_type_name(t));
            return r;
        }
        if (r->kind == RVAL_NAKEDVAR || t == SYN_DATA || t == SYN_BODY || t == SYN_BUNDLE)
            return NULL;
        return check_scalar(cache, t, range, r->str, why) ? NULL : r;
    }
    return NULL;
}
