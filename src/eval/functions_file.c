/* functions_file.c - built-in functions on files: fileexists, isdir,
 * isplain, isexecutable, lsdir, readfile, readjson, readstringlist,
 * readstringarray, readstringarrayidx. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "eval/fn_impl.h"

static bool stat_is(const char *path, mode_t type)
{
    struct stat st;
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == type;
}

FnResult fn_isdir(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    *out = fn_bool(stat_is(args[0]->str, S_IFDIR));
    return FN_OK;
}

FnResult fn_isplain(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    *out = fn_bool(stat_is(args[0]->str, S_IFREG));
    return FN_OK;
}

FnResult fn_fileexists(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    struct stat st;
    *out = fn_bool(stat(args[0]->str, &st) == 0);
    return FN_OK;
}

FnResult fn_isexecutable(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    *out = fn_bool(stat_is(args[0]->str, S_IFREG) && access(args[0]->str, X_OK) == 0);
    return FN_OK;
}

FnResult fn_lsdir(FN_PARAMS)
{
    (void)n;
    *out = value_list();
    DIR *d = opendir(args[0]->str);
    if (!d)
        return FN_OK;
    bool full = fn_true(ctx, args[2]) || strcmp(args[2]->str, "true") == 0;
    pcre2_code *re = fn_regex(ctx, call, args[1]->str, true);
    Vec names = VEC_INIT;
    struct dirent *e;
    while (re && (e = readdir(d)) != NULL) {
        if (fn_regex_search(re, e->d_name, NULL, NULL))
            vec_push(&names, full ? xasprintf("%s/%s", args[0]->str, e->d_name) : xstrdup(e->d_name));
    }
    closedir(d);
    pcre2_code_free(re);
    /* in readdir() order, as 3.21 gives them */
    for (size_t i = 0; i < names.len; i++)
        value_list_push(*out, names.items[i]);
    vec_free(&names, free);
    return FN_OK;
}

/* Reads at most max bytes of path (max 0: all of it) into b; false
 * (warned) when it cannot be read. */
static bool read_file(EvalCtx *ctx, const Rval *call, const char *path, long max, Buf *b)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        eval_warning(ctx, "Function '%s': could not open '%s': %s", call->str, path, strerror(errno));
        return false;
    }
    char chunk[8192];
    for (;;) {
        size_t want = sizeof chunk;
        if (max > 0 && (long)(b->len + want) > max)
            want = (size_t)(max - (long)b->len);
        if (want == 0)
            break;
        ssize_t r = read(fd, chunk, want);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            eval_warning(ctx, "Function '%s': could not read '%s': %s", call->str, path, strerror(errno));
            close(fd);
            return false;
        }
        if (r == 0)
            break;
        buf_append(b, chunk, (size_t)r);
    }
    close(fd);
    return true;
}

static bool max_arg(Value **args, size_t n, size_t i, long *max)
{
    *max = 0;
    return n <= i || fn_parse_long(args[i]->str, max);
}

FnResult fn_readfile(FN_PARAMS)
{
    long max;
    if (!max_arg(args, n, 1, &max))
        return FN_FAIL;
    Buf b = BUF_INIT;
    if (!read_file(ctx, call, args[0]->str, max, &b)) {
        buf_free(&b);
        return FN_FAIL;
    }
    *out = value_string(buf_cstr(&b));
    buf_free(&b);
    return FN_OK;
}

FnResult fn_readjson(FN_PARAMS)
{
    long max;
    if (!max_arg(args, n, 1, &max))
        return FN_FAIL;
    Buf b = BUF_INIT;
    if (!read_file(ctx, call, args[0]->str, max, &b)) {
        buf_free(&b);
        return FN_FAIL;
    }
    const char *error = NULL;
    Json *j = json_parse(buf_cstr(&b), &error);
    if (!j)
        eval_warning(ctx, "Function 'readjson': error parsing JSON file '%s': %s", args[0]->str, error);
    buf_free(&b);
    if (!j)
        return FN_FAIL;
    *out = value_data(j);
    return FN_OK;
}

/* 3.21's StripPatterns: removes the first match of the comment regex,
 * again and again, from the whole text. */
static bool strip_comments(EvalCtx *ctx, const Rval *call, Buf *b, const char *regex)
{
    if (!*regex)
        return true;
    pcre2_code *re = fn_regex(ctx, call, regex, false);
    if (!re)
        return false;
    size_t start, end, rounds = 0, original = b->len;
    while (b->len && fn_regex_search(re, buf_cstr(b), &start, &end) && end > start && rounds++ <= original) {
        memmove(b->data + start, b->data + end, b->len - end + 1);
        b->len -= end - start;
    }
    pcre2_code_free(re);
    return true;
}

FnResult fn_readstringlist(FN_PARAMS)
{
    (void)n;
    long maxent, maxbytes;
    if (!fn_parse_long(args[3]->str, &maxent) || !fn_parse_long(args[4]->str, &maxbytes))
        return FN_FAIL;
    Buf b = BUF_INIT;
    if (!read_file(ctx, call, args[0]->str, maxbytes, &b) || !strip_comments(ctx, call, &b, args[1]->str)) {
        buf_free(&b);
        return FN_FAIL;
    }
    pcre2_code *re = fn_regex(ctx, call, args[2]->str, false);
    if (!re) {
        buf_free(&b);
        return FN_FAIL;
    }
    *out = value_list();
    fn_split_regex(re, buf_cstr(&b), maxent, false, *out);
    pcre2_code_free(re);
    buf_free(&b);
    return FN_OK;
}

/* readstringarray(name, file, comment, split, maxent, maxbytes) and
 * readstringarrayidx: each line split into fields; name[key][i] is field
 * i, the key being the first field (or the line's index). Returns the
 * number of lines read. */
FnResult fn_readstringarray(FN_PARAMS)
{
    (void)n;
    bool idx = strcmp(call->str, "readstringarrayidx") == 0;
    long maxent, maxbytes;
    if (!fn_parse_long(args[4]->str, &maxent) || !fn_parse_long(args[5]->str, &maxbytes))
        return FN_FAIL;
    Buf b = BUF_INIT;
    if (!read_file(ctx, call, args[1]->str, maxbytes, &b) || !strip_comments(ctx, call, &b, args[2]->str)) {
        buf_free(&b);
        return FN_FAIL;
    }
    pcre2_code *re = fn_regex(ctx, call, args[3]->str, false);
    if (!re) {
        buf_free(&b);
        return FN_FAIL;
    }
    long lines = 0;
    char *text = buf_steal(&b);
    for (char *line = text, *next; line && *line && lines < maxent; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        if (!len)
            continue;
        Value *fields = value_list();
        fn_split_regex(re, line, 99999, true, fields);
        char *key = idx ? xasprintf("%ld", lines) : xstrdup(fields->list.len ? fields->list.items[0] : "");
        for (size_t i = 0; i < fields->list.len && ctx->scope; i++) {
            char *name = xasprintf("%s[%s][%zu]", args[0]->str, key, i);
            vars_put(&ctx->vars, ctx->scope, name, value_string(fields->list.items[i]));
            free(name);
        }
        free(key);
        value_free(fields);
        lines++;
    }
    free(text);
    pcre2_code_free(re);
    char *count = xasprintf("%ld", lines);
    *out = value_string(count);
    free(count);
    return FN_OK;
}
