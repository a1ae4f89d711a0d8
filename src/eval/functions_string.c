/* functions_string.c - built-in functions on strings: canonify, concat,
 * format, string_split (and the deprecated splitstring), escape,
 * string_upcase, string_downcase, string_length, string_head,
 * string_tail, regextract, lastnode, dirname. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "eval/fn_impl.h"

FnResult fn_canonify(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    char *c = canonify(args[0]->str);
    *out = value_string(c);
    free(c);
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

/* %S of format(): a data container as compact JSON, a list as 3.21
 * writes one ({ "a", "b" }), anything else as the text it is. 3.21's
 * compact writer sorts the container's objects in place, which shows in a
 * later getindices(); minicf does the same to the variable. */
static void format_big_s(EvalCtx *ctx, const Value *arg, Buf *b)
{
    const Value *v = fn_variable(ctx, arg);
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
                if (*p == '"' || *p == '\\')
                    buf_putc(b, '\\');
                buf_putc(b, *p);
            }
            buf_putc(b, '"');
        }
        buf_puts(b, v->list.len ? " }" : "}");
    } else if (arg->type == VALUE_DATA && arg->data) {
        json_write(b, arg->data, false);
    } else {
        buf_puts(b, arg->str ? arg->str : "");
    }
}

/* 3.21's conversions: d, x, o (of the number the argument starts with),
 * f, s, and S; any other is "(unhandled format)". */
FnResult fn_format(FN_PARAMS)
{
    (void)call;
    const char *fmt = args[0]->str;
    size_t next = 1;
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
        while (*q && strchr("-+ #0'123456789.", *q))
            q++;
        char conv = *q;
        if (!conv) {
            buf_puts(&b, p);
            break;
        }
        if (next >= n) {
            eval_warning(ctx, "format() didn't have enough parameters");
            buf_free(&b);
            return FN_FAIL;
        }
        const Value *arg = args[next++];
        const char *text = arg->type == VALUE_STRING ? arg->str : "";
        char *spec = xstrndup(p, (size_t)(q - p));
        if (conv == 'd' || conv == 'x' || conv == 'o') {
            long v = strtol(text, NULL, 10); /* "1k" is 1, "abc" 0 */
            char *f = xasprintf("%sl%c", spec, conv);
            buf_printf(&b, f, v);
            free(f);
        } else if (conv == 'f') {
            char *f = xasprintf("%s%c", spec, conv);
            buf_printf(&b, f, strtod(text, NULL));
            free(f);
        } else if (conv == 's') {
            char *f = xasprintf("%ss", spec);
            buf_printf(&b, f, text);
            free(f);
        } else if (conv == 'S') {
            Buf s = BUF_INIT;
            format_big_s(ctx, arg, &s);
            char *f = xasprintf("%ss", spec);
            buf_printf(&b, f, buf_cstr(&s));
            free(f);
            buf_free(&s);
        } else {
            buf_puts(&b, "(unhandled format)");
        }
        free(spec);
        p = q;
    }
    *out = value_string(buf_cstr(&b));
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

/* regextract(regex, string, name): name[0] the match, name[1]... the
 * groups, as variables of the current bundle; true when it matched. */
FnResult fn_regextract(FN_PARAMS)
{
    (void)n;
    pcre2_code *re = fn_regex(ctx, call, args[0]->str, false);
    if (!re)
        return FN_FAIL;
    const char *s = args[1]->str;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
    if (rc > 0 && ctx->scope) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        for (int i = 0; i < rc; i++) {
            char *name = xasprintf("%s[%d]", args[2]->str, i);
            char *val = ov[2 * i] == PCRE2_UNSET ? xstrdup("") : xstrndup(s + ov[2 * i], ov[2 * i + 1] - ov[2 * i]);
            vars_put(&ctx->vars, ctx->scope, name, value_string(val));
            free(name);
            free(val);
        }
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    *out = fn_bool(rc > 0);
    return FN_OK;
}

/* The text after the last match of the separator regex. */
FnResult fn_lastnode(FN_PARAMS)
{
    (void)n;
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
