/* functions_text.c - more built-in functions on strings: basename,
 * string_replace, regex_replace, string_reverse, string_trim,
 * expandrange. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "eval/fn_impl.h"

/* basename(path, [suffix]): the last component, trailing slashes
 * ignored ("/" for "/"), the suffix removed when it ends it. */
FnResult fn_basename(FN_PARAMS)
{
    (void)ctx; (void)call;
    char *s = xstrdup(args[0]->str);
    size_t len = strlen(s);
    while (len > 1 && s[len - 1] == '/')
        s[--len] = '\0';
    const char *slash = strrchr(s, '/');
    const char *base = slash && slash[1] ? slash + 1 : s;
    char *r = xstrdup(base);
    if (n > 1) {
        size_t rl = strlen(r), sl = strlen(args[1]->str);
        if (sl && sl < rl && strcmp(r + rl - sl, args[1]->str) == 0)
            r[rl - sl] = '\0';
    }
    *out = value_string(r);
    free(r);
    free(s);
    return FN_OK;
}

FnResult fn_string_replace(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    const char *s = args[0]->str, *from = args[1]->str, *to = args[2]->str;
    size_t fl = strlen(from);
    if (!fl) {
        *out = value_string(s);
        return FN_OK;
    }
    Buf b = BUF_INIT;
    for (const char *hit; (hit = strstr(s, from)) != NULL; s = hit + fl) {
        buf_append(&b, s, (size_t)(hit - s));
        buf_puts(&b, to);
    }
    buf_puts(&b, s);
    *out = value_string(buf_cstr(&b));
    buf_free(&b);
    return FN_OK;
}

/* The replacement with $N, ${N} and \N standing for group N. */
static void expand_replacement(Buf *b, const char *rep, const char *s, const PCRE2_SIZE *ov, int groups)
{
    for (const char *p = rep; *p; p++) {
        const char *q = NULL;
        if ((*p == '$' || *p == '\\') && p[1] >= '0' && p[1] <= '9')
            q = p + 1;
        else if (*p == '$' && p[1] == '{' && p[2] >= '0' && p[2] <= '9')
            q = p + 2;
        if (!q) {
            buf_putc(b, *p);
            continue;
        }
        int g = 0;
        while (*q >= '0' && *q <= '9')
            g = g * 10 + (*q++ - '0');
        if (p[1] == '{') {
            if (*q != '}') {
                buf_putc(b, *p);
                continue;
            }
            q++;
        }
        if (g < groups && ov[2 * g] != PCRE2_UNSET)
            buf_append(b, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
        p = q - 1;
    }
}

/* regex_replace(string, regex, replacement, options): options g (every
 * match), i, m, s, x, U as PCRE's. */
FnResult fn_regex_replace(FN_PARAMS)
{
    (void)n;
    const char *opts = args[3]->str;
    uint32_t flags = 0;
    bool global = strchr(opts, 'g') != NULL;
    if (strchr(opts, 'i'))
        flags |= PCRE2_CASELESS;
    if (strchr(opts, 'm'))
        flags |= PCRE2_MULTILINE;
    if (strchr(opts, 's'))
        flags |= PCRE2_DOTALL;
    if (strchr(opts, 'x'))
        flags |= PCRE2_EXTENDED;
    if (strchr(opts, 'U'))
        flags |= PCRE2_UNGREEDY;
    int err;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)args[1]->str, PCRE2_ZERO_TERMINATED, flags, &err, &off, NULL);
    if (!re) {
        eval_warning(ctx, "Function '%s': the regular expression '%s' does not compile", call->str, args[1]->str);
        return FN_FAIL;
    }
    const char *s = args[0]->str;
    size_t len = strlen(s), pos = 0;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    Buf b = BUF_INIT;
    while (pos <= len) {
        int rc = pcre2_match(re, (PCRE2_SPTR)s, len, pos, 0, md, NULL);
        if (rc < 0)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        buf_append(&b, s + pos, ov[0] - pos);
        expand_replacement(&b, args[2]->str, s, ov, rc);
        if (ov[1] == ov[0]) { /* an empty match: step over one character */
            if (ov[0] < len)
                buf_putc(&b, s[ov[0]]);
            pos = ov[0] + 1;
        } else {
            pos = ov[1];
        }
        if (!global)
            break;
    }
    if (pos < len)
        buf_puts(&b, s + pos);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    *out = value_string(buf_cstr(&b));
    buf_free(&b);
    return FN_OK;
}

FnResult fn_string_reverse(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    char *s = xstrdup(args[0]->str);
    for (size_t i = 0, j = strlen(s); i + 1 < j; i++, j--) {
        char c = s[i];
        s[i] = s[j - 1];
        s[j - 1] = c;
    }
    *out = value_string(s);
    free(s);
    return FN_OK;
}

FnResult fn_string_trim(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    const char *s = args[0]->str;
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    char *r = xstrndup(s, len);
    *out = value_string(r);
    free(r);
    return FN_OK;
}

/* 3.21's CF_NOINT: what a range end that did not parse stays at. */
#define EXPANDRANGE_NOINT (-678)

/* expandrange("before[from-to]after", step): the text with each number
 * from `from` to `to` (downwards when from > to), step apart. Read as
 * 3.21 reads it (sscanf, the step by atoi), and checked in its order: a
 * step below 1 or wider than the interval is fatal, and so is a range
 * that does not parse (its ends then stay equal); "[1-1]" too. */
FnResult fn_expandrange(FN_PARAMS)
{
    (void)n;
    const char *tmpl = args[0]->str;
    size_t size = strlen(tmpl) + 1;
    char *before = xstrdup(tmpl), *after = xcalloc(size, 1);
    int from = EXPANDRANGE_NOINT, to = EXPANDRANGE_NOINT, step = atoi(args[1]->str);
    if (*tmpl == '[') {
        *before = '\0';
        (void)sscanf(tmpl, "[%d-%d]%[^\n]", &from, &to, after);
    } else {
        (void)sscanf(tmpl, "%[^[\[][%d-%d]%[^\n]", before, &from, &to, after);
    }
    FnResult r = FN_FAIL;
    long span = labs((long)from - (long)to);
    if (step < 1 || span < step) {
        eval_fatal(ctx, "Fatal CFEngine error: EXPANDRANGE Step size cannot be less than 1 or greater than the "
                   "interval");
    } else if (from == EXPANDRANGE_NOINT || to == EXPANDRANGE_NOINT) {
        eval_warning(ctx, "Function '%s': malformed range expression '%s'", call->str, tmpl);
    } else {
        Value *list = value_list();
        for (long i = from; from > to ? i >= to : i <= to; i += from > to ? -step : step) {
            char *item = xasprintf("%s%ld%s", before, i, after);
            value_list_push(list, item);
            free(item);
        }
        *out = list;
        r = FN_OK;
    }
    free(before);
    free(after);
    return r;
}
