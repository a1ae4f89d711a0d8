/* functions_string.c - built-in functions on strings: canonify, concat,
 * format, string_split (and the deprecated splitstring), escape,
 * string_upcase, string_downcase, string_length, string_head,
 * string_tail, regextract, lastnode, dirname. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/sha1.h"
#include "eval/fn_impl.h"

FnResult fn_canonify(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    char *c = canonify(args[0]->str);
    *out = value_string(c);
    free(c);
    return FN_OK;
}

/* canonify() of the text, '_' and the SHA-1 of the text in hex. */
FnResult fn_canonifyuniquely(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    char *c = canonify(args[0]->str);
    char hex[41];
    sha1_hex(args[0]->str, strlen(args[0]->str), hex);
    char *s = xasprintf("%s_%s", c, hex);
    *out = value_string(s);
    free(s);
    free(c);
    return FN_OK;
}

/* hash(text, algorithm): the digest in hex. minicf has SHA-1 only; the
 * others give an unknown value. */
FnResult fn_hash(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    if (strcmp(args[1]->str, "sha1") != 0) {
        *out = value_unknown(VALUE_STRING);
        return FN_OK;
    }
    char hex[41];
    sha1_hex(args[0]->str, strlen(args[0]->str), hex);
    *out = value_string(hex);
    return FN_OK;
}

FnResult fn_concat(FN_PARAMS)
{
    (void)ctx; (void)call;
    Buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++)
        buf_puts(&b, args[i]->str);
    *out = value_string(buf_cstr(&b));
    buf_free(&b);
    return FN_OK;
}

/* %S of format(): the argument names a variable; a data container is
 * written as compact JSON, a list as 3.21 writes one ({ "a", "b" }, only
 * double quotes escaped; an empty list is "{  }"). Anything else fails
 * the call, as in 3.21. 3.21's compact writer sorts the container's
 * objects in place, which shows in a later getindices(); minicf does the
 * same to the variable. Returns false on failure; *unknown is set when
 * the variable is one minicf cannot know. */
static bool format_big_s(EvalCtx *ctx, const Value *arg, Buf *b, bool *unknown)
{
    const Value *v = fn_variable(ctx, arg);
    if (v && v->unknown) {
        *unknown = true;
        return true;
    }
    if (v && v->type == VALUE_DATA && v->data) {
        json_sort_keys(((Value *)v)->data);
        json_write(b, v->data, false);
    } else if (v && v->type == VALUE_LIST) {
        buf_puts(b, "{ ");
        for (size_t i = 0; i < v->list.len; i++) {
            if (i)
                buf_puts(b, ", ");
            buf_putc(b, '"');
            for (const char *p = v->list.items[i]; *p; p++) {
                if (*p == '"')
                    buf_putc(b, '\\');
                buf_putc(b, *p);
            }
            buf_putc(b, '"');
        }
        buf_puts(b, " }");
    } else if (arg->type == VALUE_DATA && arg->data) {
        json_write(b, arg->data, false);
    } else {
        eval_warning(ctx, "format() with %%S specifier needs a data container or a list instead of '%s'",
                     arg->str ? arg->str : "");
        return false;
    }
    return true;
}

/* The conversion characters 3.21's format() recognises as the end of a
 * specification; the characters between '%' and one of these are its
 * flags, width, precision and length modifier. */
#define FORMAT_CONVERSIONS "diouxXeEfFgGaAcsCSpnm"

/* 3.21 reads the format piece by piece: "%%", or '%', characters that are
 * neither a conversion nor '%', and a conversion. Where no piece starts at
 * a '%' ("%", "%5%", "%z"), the rest of the format is dropped. d, o and x
 * print the number the argument starts with (as an int unless the piece
 * says 'l', as 3.21's snprintf of a long with "%d" does on the usual
 * ABIs), f a double, s the text, S a list or container; any other
 * conversion is "(unhandled format)". The length modifiers h, L, q, j, z
 * and t fail the call. */
FnResult fn_format(FN_PARAMS)
{
    (void)call;
    const char *fmt = args[0]->str;
    size_t next = 1;
    bool unknown = false;
    Buf b = BUF_INIT;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            buf_putc(&b, *p);
            continue;
        }
        if (p[1] == '%') {
            buf_putc(&b, '%');
            p++;
            continue;
        }
        const char *q = p + 1;
        while (*q && *q != '%' && !strchr(FORMAT_CONVERSIONS, *q))
            q++;
        if (!*q || *q == '%')
            break; /* no piece here: 3.21 drops the rest */
        char conv = *q;
        if (next >= n) {
            eval_warning(ctx, "format() didn't have enough parameters");
            buf_free(&b);
            return FN_FAIL;
        }
        const Value *arg = args[next++];
        char *spec = xstrndup(p, (size_t)(q - p)); /* '%' and the modifiers */
        const char *bad = strpbrk(spec, "hLqjzt");
        if (bad) {
            eval_warning(ctx, "format() does not allow modifier character '%c' in format specifier '%s%c'",
                         *bad, spec, conv);
            free(spec);
            buf_free(&b);
            return FN_FAIL;
        }
        const char *text = arg->type == VALUE_STRING && arg->str ? arg->str : "";
        if (arg->unknown)
            unknown = true;
        if (conv == 'd' || conv == 'x' || conv == 'o') {
            long v = strtol(text, NULL, 10); /* "1k" is 1, "abc" 0 */
            bool is_long = strchr(spec, 'l') != NULL;
            /* Only the modifiers that are safe to hand to printf; 3.21
             * passes the piece as written. */
            Buf f = BUF_INIT;
            for (const char *s = spec; *s; s++)
                if (strchr("%-+ #0123456789.", *s))
                    buf_putc(&f, *s);
            buf_puts(&f, "l");
            buf_putc(&f, conv);
            if (!is_long)
                v = conv == 'd' ? (long)(int)v : (long)(unsigned int)v;
            buf_printf(&b, buf_cstr(&f), v);
            buf_free(&f);
        } else if (conv == 'f') {
            Buf f = BUF_INIT;
            for (const char *s = spec; *s; s++)
                if (strchr("%-+ #0123456789.", *s))
                    buf_putc(&f, *s);
            buf_putc(&f, 'f');
            buf_printf(&b, buf_cstr(&f), strtod(text, NULL));
            buf_free(&f);
        } else if (conv == 's' || conv == 'S') {
            Buf s = BUF_INIT;
            if (conv == 's') {
                buf_puts(&s, text);
            } else if (!format_big_s(ctx, arg, &s, &unknown)) {
                buf_free(&s);
                free(spec);
                buf_free(&b);
                return FN_FAIL;
            }
            Buf f = BUF_INIT;
            for (const char *c = spec; *c; c++)
                if (strchr("%-0123456789.", *c))
                    buf_putc(&f, *c);
            buf_putc(&f, 's');
            buf_printf(&b, buf_cstr(&f), buf_cstr(&s));
            buf_free(&f);
            buf_free(&s);
        } else {
            buf_puts(&b, "(unhandled format)");
        }
        free(spec);
        p = q;
    }
    *out = value_string(buf_cstr(&b));
    (*out)->unknown = unknown;
    buf_free(&b);
    return FN_OK;
}

/* 3.21's RlistFromRegexSplitNoOverflow: at most max pieces, the last one
 * holding the rest of the string, separators and all. */
FnResult fn_string_split(FN_PARAMS)
{
    (void)n;
    long max;
    if (!fn_parse_long(args[2]->str, &max) || max < 1) {
        eval_warning(ctx, "%s(): the maximum number of pieces must be at least 1, not '%s'", call->str, args[2]->str);
        return FN_FAIL;
    }
    pcre2_code *re = fn_regex(ctx, call, args[1]->str, false);
    if (!re)
        return FN_FAIL;
    *out = value_list();
    const char *sp = args[0]->str;
    size_t start, end;
    for (long count = 0; count < max - 1 && fn_regex_search(re, sp, &start, &end); count++) {
        char *piece = xstrndup(sp, start);
        value_list_push(*out, piece);
        free(piece);
        sp += end;
    }
    value_list_push(*out, sp);
    pcre2_code_free(re);
    return FN_OK;
}

/* The deprecated splitstring(): 3.21's RlistFromSplitRegex, so at most
 * max pieces and the rest dropped. */
FnResult fn_splitstring(FN_PARAMS)
{
    (void)n;
    long max;
    if (!fn_parse_long(args[2]->str, &max))
        return FN_FAIL;
    pcre2_code *re = fn_regex(ctx, call, args[1]->str, false);
    if (!re)
        return FN_FAIL;
    *out = value_list();
    fn_split_regex(re, args[0]->str, max, true, *out);
    pcre2_code_free(re);
    return FN_OK;
}

FnResult fn_escape(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    Buf b = BUF_INIT;
    for (const char *p = args[0]->str; *p; p++) {
        if (!isalnum((unsigned char)*p))
            buf_putc(&b, '\\');
        buf_putc(&b, *p);
    }
    *out = value_string(buf_cstr(&b));
    buf_free(&b);
    return FN_OK;
}

FnResult fn_case(FN_PARAMS)
{
    (void)ctx; (void)n;
    bool up = strcmp(call->str, "string_upcase") == 0;
    char *s = xstrdup(args[0]->str);
    for (char *p = s; *p; p++)
        if ((unsigned char)*p < 0x80)
            *p = (char)(up ? toupper((unsigned char)*p) : tolower((unsigned char)*p));
    *out = value_string(s);
    free(s);
    return FN_OK;
}

FnResult fn_string_length(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    char *s = xasprintf("%zu", strlen(args[0]->str));
    *out = value_string(s);
    free(s);
    return FN_OK;
}

/* string_head and string_tail: a negative count is all but that many from
 * the other end. */
static FnResult head_tail(EvalCtx *ctx, Value **args, Value **out, bool head)
{
    long k;
    if (!fn_parse_long(args[1]->str, &k)) {
        eval_warning(ctx, "string_%s(): '%s' is not a number", head ? "head" : "tail", args[1]->str);
        return FN_FAIL;
    }
    const char *s = args[0]->str;
    long len = (long)strlen(s);
    long take = k >= 0 ? (k < len ? k : len) : (len + k > 0 ? len + k : 0);
    char *r = head ? xstrndup(s, (size_t)take) : xstrdup(s + (len - take));
    *out = value_string(r);
    free(r);
    return FN_OK;
}

FnResult fn_string_head(FN_PARAMS)
{
    (void)call; (void)n;
    return head_tail(ctx, args, out, true);
}

FnResult fn_string_tail(FN_PARAMS)
{
    (void)call; (void)n;
    return head_tail(ctx, args, out, false);
}

/* The captures of one match of re in s, as 3.21 hands them out: every
 * group of the pattern, 0 the whole match, a group that took no part as
 * "", and a named group under its name instead of its number. Calls fn
 * with each key and value; returns false when re does not match. */
static bool regex_captures(const pcre2_code *re, const char *s,
                           void (*fn)(void *, const char *key, const char *val), void *ud)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
    if (rc < 0) {
        pcre2_match_data_free(md);
        return false;
    }
    uint32_t groups = 0, names = 0, entry = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &groups);
    pcre2_pattern_info(re, PCRE2_INFO_NAMECOUNT, &names);
    pcre2_pattern_info(re, PCRE2_INFO_NAMEENTRYSIZE, &entry);
    pcre2_pattern_info(re, PCRE2_INFO_NAMETABLE, &table);
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    uint32_t pairs = pcre2_get_ovector_count(md);
    for (uint32_t i = 0; i <= groups; i++) {
        char *key = NULL;
        for (uint32_t k = 0; k < names && table; k++) {
            PCRE2_SPTR e = table + (size_t)k * entry;
            if ((uint32_t)(e[0] << 8 | e[1]) == i)
                key = xstrdup((const char *)e + 2);
        }
        if (!key)
            key = xasprintf("%u", i);
        char *val = i >= pairs || ov[2 * i] == PCRE2_UNSET ? xstrdup("")
                    : xstrndup(s + ov[2 * i], ov[2 * i + 1] - ov[2 * i]);
        fn(ud, key, val);
        free(key);
        free(val);
    }
    pcre2_match_data_free(md);
    return true;
}

struct extract_vars {
    EvalCtx *ctx;
    const char *array;
};

static void extract_to_var(void *ud, const char *key, const char *val)
{
    struct extract_vars *x = ud;
    char *name = xasprintf("%s[%s]", x->array, key);
    vars_put(&x->ctx->vars, x->ctx->scope, name, value_string(val));
    free(name);
}

/* regextract(regex, string, name): name[0] the match, name[1]... the
 * groups (name[NAME] for a named one), as variables of the current
 * bundle; true when it matched. */
FnResult fn_regextract(FN_PARAMS)
{
    (void)n;
    pcre2_code *re = fn_regex(ctx, call, args[0]->str, false);
    if (!re)
        return FN_FAIL;
    bool matched;
    if (ctx->scope) {
        struct extract_vars x = { ctx, args[2]->str };
        matched = regex_captures(re, args[1]->str, extract_to_var, &x);
    } else {
        matched = fn_regex_search(re, args[1]->str, NULL, NULL);
    }
    pcre2_code_free(re);
    *out = fn_bool(matched);
    return FN_OK;
}

static void extract_to_json(void *ud, const char *key, const char *val)
{
    json_object_set(ud, key, json_string(val));
}

/* data_regextract(regex, string): the captures as an object, keyed as
 * regextract() names its variables; fails when the regex does not match. */
FnResult fn_data_regextract(FN_PARAMS)
{
    (void)n;
    pcre2_code *re = fn_regex(ctx, call, args[0]->str, false);
    if (!re)
        return FN_FAIL;
    Json *o = json_object();
    bool matched = regex_captures(re, args[1]->str, extract_to_json, o);
    pcre2_code_free(re);
    if (!matched) {
        json_free(o);
        return FN_FAIL;
    }
    *out = value_data(o);
    return FN_OK;
}

/* The text after the last match of the separator regex. */
FnResult fn_lastnode(FN_PARAMS)
{
    (void)n;
    if (!*args[0]->str)
        return FN_FAIL; /* 3.21 splits "" into no nodes at all */
    pcre2_code *re = fn_regex(ctx, call, args[1]->str, false);
    if (!re)
        return FN_FAIL;
    const char *sp = args[0]->str;
    size_t start, end;
    while (*sp && fn_regex_search(re, sp, &start, &end) && end > 0)
        sp += end;
    pcre2_code_free(re);
    *out = value_string(sp);
    return FN_OK;
}

FnResult fn_dirname(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    char *s = xstrdup(args[0]->str);
    size_t len = strlen(s);
    if (!len) {
        *out = value_string("");
        free(s);
        return FN_OK;
    }
    while (len > 1 && s[len - 1] == '/')
        s[--len] = '\0';
    char *slash = strrchr(s, '/');
    if (!slash) {
        *out = value_string(".");
    } else {
        while (slash > s && slash[-1] == '/')
            slash--;
        *slash = '\0';
        *out = value_string(slash == s ? "/" : s);
    }
    free(s);
    return FN_OK;
}
