/* functions_file.c - built-in functions on files: fileexists, isdir,
 * isplain, isexecutable, lsdir, readfile, readjson, readstringlist,
 * readstringarray, readstringarrayidx, parsestringarray,
 * parsestringarrayidx, data_readstringarray, data_readstringarrayidx,
 * readcsv, readdata. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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

/* Calls fn for each non-empty line of text (its comments stripped), split
 * into fields, keyed by its first field (or, when idx, its index); at most
 * maxent lines. Returns the number of lines, or -1 (warned). */
typedef void (*LineFn)(void *ud, const char *key, const Value *fields);

static long each_line(EvalCtx *ctx, const Rval *call, Buf *text, const char *comment, const char *split, long maxent,
                      bool idx, LineFn fn, void *ud)
{
    if (!strip_comments(ctx, call, text, comment))
        return -1;
    pcre2_code *re = fn_regex(ctx, call, split, false);
    if (!re)
        return -1;
    long lines = 0;
    char *all = buf_steal(text);
    for (char *line = all, *next; line && *line && lines < maxent; line = next) {
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
        fn(ud, key, fields);
        free(key);
        value_free(fields);
        lines++;
    }
    free(all);
    pcre2_code_free(re);
    return lines;
}

typedef struct {
    EvalCtx *ctx;
    const char *name;
} ArrayTarget;

/* name[key][i] = field i, each a variable of the current bundle (a key
 * seen again overwrites the fields it has, as 3.21 does). */
static void put_fields(void *ud, const char *key, const Value *fields)
{
    ArrayTarget *t = ud;
    for (size_t i = 0; i < fields->list.len && t->ctx->scope; i++) {
        char *name = xasprintf("%s[%s][%zu]", t->name, key, i);
        vars_put(&t->ctx->vars, t->ctx->scope, name, value_string(fields->list.items[i]));
        free(name);
    }
}

/* Reads the text of a read... or parse... call: the file (argument `arg`) or the
 * string itself, at most maxbytes. */
static bool source_text(EvalCtx *ctx, const Rval *call, const char *arg, bool from_file, long maxbytes, Buf *b)
{
    if (from_file)
        return read_file(ctx, call, arg, maxbytes, b);
    size_t len = strlen(arg);
    buf_append(b, arg, maxbytes > 0 && (size_t)maxbytes < len ? (size_t)maxbytes : len);
    return true;
}

/* readstringarray(name, file, comment, split, maxent, maxbytes),
 * readstringarrayidx, parsestringarray and parsestringarrayidx (a string
 * instead of a file): each line split into fields; name[key][i] is field
 * i, the key being the first field (or the line's index). Returns the
 * number of lines read. */
FnResult fn_readstringarray(FN_PARAMS)
{
    (void)n;
    bool idx = strstr(call->str, "idx") != NULL;
    bool from_file = strncmp(call->str, "read", 4) == 0;
    long maxent, maxbytes;
    if (!fn_parse_long(args[4]->str, &maxent) || !fn_parse_long(args[5]->str, &maxbytes))
        return FN_FAIL;
    Buf b = BUF_INIT;
    ArrayTarget t = { ctx, args[0]->str };
    long lines = source_text(ctx, call, args[1]->str, from_file, maxbytes, &b)
                     ? each_line(ctx, call, &b, args[2]->str, args[3]->str, maxent, idx, put_fields, &t)
                     : -1;
    buf_free(&b);
    if (lines < 0)
        return FN_FAIL;
    char *count = xasprintf("%ld", lines);
    *out = value_string(count);
    free(count);
    return FN_OK;
}

static void put_json_fields(void *ud, const char *key, const Value *fields)
{
    Json *j = ud;
    Json *a = json_array();
    /* keyed: the fields after the key; by index: all of them */
    for (size_t i = j->type == JSON_OBJECT ? 1 : 0; i < fields->list.len; i++)
        json_array_push(a, json_string(fields->list.items[i]));
    if (j->type == JSON_OBJECT)
        json_object_set(j, key, a);
    else
        json_array_push(j, a);
}

/* data_readstringarray(file, comment, split, maxent, maxbytes): an object
 * of key -> the other fields; data_readstringarrayidx: an array of every
 * line's fields. */
FnResult fn_data_readstringarray(FN_PARAMS)
{
    (void)n;
    bool idx = strstr(call->str, "idx") != NULL;
    long maxent, maxbytes;
    if (!fn_parse_long(args[3]->str, &maxent) || !fn_parse_long(args[4]->str, &maxbytes))
        return FN_FAIL;
    Buf b = BUF_INIT;
    Json *j = idx ? json_array() : json_object();
    long lines = read_file(ctx, call, args[0]->str, maxbytes, &b)
                     ? each_line(ctx, call, &b, args[1]->str, args[2]->str, maxent, idx, put_json_fields, j)
                     : -1;
    buf_free(&b);
    if (lines < 0) {
        json_free(j);
        return FN_FAIL;
    }
    *out = value_data(j);
    return FN_OK;
}

/* CSV as 3.21 reads it (RFC 4180): records end with CRLF (a lone LF is
 * data), fields with ',', "..." quotes (with "" for a quote). */
static Json *parse_csv(const char *t)
{
    Json *records = json_array(), *record = json_array();
    Buf field = BUF_INIT;
    bool quoted = false, any = false;
    for (size_t i = 0; t[i]; i++) {
        char c = t[i];
        any = true;
        if (quoted) {
            if (c == '"' && t[i + 1] == '"')
                buf_putc(&field, t[i++]);
            else if (c == '"')
                quoted = false;
            else
                buf_putc(&field, c);
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            json_array_push(record, json_string(buf_cstr(&field)));
            buf_clear(&field);
        } else if (c == '\r' && t[i + 1] == '\n') {
            json_array_push(record, json_string(buf_cstr(&field)));
            buf_clear(&field);
            json_array_push(records, record);
            record = json_array();
            any = false;
            i++;
        } else {
            buf_putc(&field, c);
        }
    }
    if (any) {
        json_array_push(record, json_string(buf_cstr(&field)));
        json_array_push(records, record);
    } else {
        json_free(record);
    }
    buf_free(&field);
    return records;
}

FnResult fn_readcsv(FN_PARAMS)
{
    long max;
    if (!max_arg(args, n, 1, &max))
        return FN_FAIL;
    Buf b = BUF_INIT;
    if (!read_file(ctx, call, args[0]->str, max, &b)) {
        buf_free(&b);
        return FN_FAIL;
    }
    *out = value_data(parse_csv(buf_cstr(&b)));
    buf_free(&b);
    return FN_OK;
}

static char *trimmed(const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    if (len >= 2 && ((s[0] == '"' && s[len - 1] == '"') || (s[0] == '\'' && s[len - 1] == '\''))) {
        s++;
        len -= 2;
    }
    return xstrndup(s, len);
}

/* KEY=VALUE lines, as 3.21's ENV reader: comments and lines without '='
 * skipped, both sides trimmed, quotes around the value removed. */
static Json *parse_env(const char *t)
{
    Json *o = json_object();
    for (const char *line = t; *line;) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        const char *eq = memchr(line, '=', len);
        const char *first = line;
        while (first < line + len && (*first == ' ' || *first == '\t'))
            first++;
        if (eq && *first != '#') {
            char *k = trimmed(line, (size_t)(eq - line));
            char *v = trimmed(eq + 1, len - (size_t)(eq + 1 - line));
            if (*k)
                json_object_set(o, k, json_string(v));
            free(k);
            free(v);
        }
        line += len + (eol ? 1 : 0);
    }
    return o;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

/* readdata(file, JSON|CSV|ENV|YAML|auto): auto goes by the extension
 * (.csv, .env, else JSON); YAML is unknown (minicf has no YAML). */
FnResult fn_readdata(FN_PARAMS)
{
    (void)n;
    const char *path = args[0]->str, *type = args[1]->str;
    if (strcmp(type, "auto") == 0)
        type = ends_with(path, ".csv") ? "CSV" : ends_with(path, ".env") ? "ENV" : "JSON";
    if (strcmp(type, "YAML") == 0)
        return FN_DEFER;
    Buf b = BUF_INIT;
    if (!read_file(ctx, call, path, 0, &b)) {
        buf_free(&b);
        return FN_FAIL;
    }
    Json *j = NULL;
    if (strcmp(type, "CSV") == 0) {
        j = parse_csv(buf_cstr(&b));
    } else if (strcmp(type, "ENV") == 0) {
        j = parse_env(buf_cstr(&b));
    } else {
        const char *error = NULL;
        j = json_parse(buf_cstr(&b), &error);
        if (!j)
            eval_warning(ctx, "Function 'readdata': error parsing JSON file '%s': %s", path, error);
    }
    buf_free(&b);
    if (!j)
        return FN_FAIL;
    *out = value_data(j);
    return FN_OK;
}
