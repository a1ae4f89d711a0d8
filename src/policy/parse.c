/* parse.c - reading policy files and running the scanner and parser. */
#include "policy/parse.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "policy/parse_ctx.h"
#include "parser.h"
#define YYSTYPE CF_YYSTYPE
#define YYLTYPE CF_YYLTYPE
#include "lexer.h"

SourceFile *srcfile_read(const char *path, Diag *d)
{
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; the type
     * check below refuses it. Reads of a regular file ignore the flag. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        diag_file(d, DIAG_ERROR, path, "cannot open policy file: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) < 0) {
        diag_file(d, DIAG_ERROR, path, "cannot read policy file: %s", strerror(errno));
        close(fd);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        diag_file(d, DIAG_ERROR, path, "is a directory, expected a policy file");
        close(fd);
        return NULL;
    }
    /* A character device is read as 3.21 reads it (/dev/null is an empty
     * policy); a FIFO or a socket is refused rather than waited on. */
    if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode)) {
        diag_file(d, DIAG_ERROR, path, "is not a regular file, expected a policy file");
        close(fd);
        return NULL;
    }
    if ((unsigned long long)st.st_size > POLICY_MAX_FILE_SIZE) {
        diag_file(d, DIAG_ERROR, path, "policy file is too large (%lld bytes, the limit is %u)",
                  (long long)st.st_size, POLICY_MAX_FILE_SIZE);
        close(fd);
        return NULL;
    }
    /* Room for the whole file, its NUL, and one byte more, so that the
     * read that finds the end needs no bigger buffer (a file that grows
     * meanwhile, or a device, still can have one). */
    size_t cap = (size_t)st.st_size + 2, len = 0;
    char *text = xmalloc(cap);
    for (;;) {
        if (len + 1 >= cap) {
            if (cap > POLICY_MAX_FILE_SIZE) {
                diag_file(d, DIAG_ERROR, path, "policy file is too large (over %u bytes)", POLICY_MAX_FILE_SIZE);
                free(text);
                close(fd);
                return NULL;
            }
            cap *= 2;
            text = xrealloc(text, cap);
        }
        ssize_t n = read(fd, text + len, cap - 1 - len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            diag_file(d, DIAG_ERROR, path, "cannot read policy file: %s", strerror(errno));
            free(text);
            close(fd);
            return NULL;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    text[len] = '\0';
    /* NUL bytes are the scanner's business: 3.21 ends the input at one
     * outside strings and comments, and refuses one in a string. */
    return srcfile_new(path, text, len);
}

void parse_error_at(ParseCtx *ctx, uint32_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vat(ctx->diag, DIAG_ERROR, ctx->file, offset, fmt, ap);
    va_end(ap);
    ctx->errors++;
}

void parse_warning_at(ParseCtx *ctx, uint32_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vat(ctx->diag, DIAG_WARNING, ctx->file, offset, fmt, ap);
    va_end(ap);
}

/* Parses "3", "3.21" or "3.21.0" into three numbers; false if malformed. */
static bool parse_version(const char *s, size_t len, long v[3])
{
    v[0] = v[1] = v[2] = 0;
    size_t i = 0;
    for (int part = 0; part < 3; part++) {
        if (i >= len || s[i] < '0' || s[i] > '9')
            return false;
        long n = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9' && n < 1000000)
            n = n * 10 + (s[i++] - '0');
        v[part] = n;
        if (i == len)
            return true;
        if (s[i] != '.')
            return false;
        i++;
    }
    return i == len;
}

/* Compares the first `parts` numbers only: a bare major version (3)
 * stands for every 3.x, as in 3.21. */
static int cmp_version(const long a[3], const long b[3], int parts)
{
    for (int i = 0; i < parts; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return 0;
}

/* Splits "name(arg, arg)" into name and up to two trimmed arguments. */
static int macro_args(const char *s, size_t len, const char **name, size_t *name_len,
                      const char *arg[2], size_t arg_len[2])
{
    const char *open = memchr(s, '(', len);
    if (!open || s[len - 1] != ')')
        return -1;
    *name = s;
    *name_len = (size_t)(open - s);
    while (*name_len && (s[*name_len - 1] == ' ' || s[*name_len - 1] == '\t'))
        (*name_len)--;
    const char *p = open + 1, *end = s + len - 1;
    /* 3.21 does not take blanks just inside the parentheses */
    if (p < end && (*p == ' ' || *p == '\t' || end[-1] == ' ' || end[-1] == '\t'))
        return -1;
    int n = 0;
    while (p <= end && n < 3) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        const char *a = p, *b = stop;
        while (a < b && (*a == ' ' || *a == '\t'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        if (n < 2) {
            arg[n] = a;
            arg_len[n] = (size_t)(b - a);
        }
        n++;
        if (!comma)
            break;
        p = comma + 1;
    }
    return n;
}

int parse_macro_condition(const char *s, size_t len)
{
    const char *name, *arg[2] = { NULL, NULL };
    size_t name_len, arg_len[2] = { 0, 0 };
    if (len == 0)
        return -1;
    int n = macro_args(s, len, &name, &name_len, arg, arg_len);
    if (n < 1)
        return -1;
    long ours[3], v[2][3];
    parse_version(POLICY_LANGUAGE_VERSION, strlen(POLICY_LANGUAGE_VERSION), ours);
#define IS(word) (name_len == sizeof(word) - 1 && memcmp(name, word, name_len) == 0)
    if (IS("feature")) {
        /* The features 3.21 reports, so that minicf reads the same
         * branches of a policy as 3.21 does. */
        static const char *const FEATURES[] = {
            "yaml", "xml", "tls_1_0", "tls_1_1", "tls_1_2", "tls_1_3", "def_json_preparse",
            "host_specific_data_load", "copyfrom_restrict_keys", NULL,
        };
        if (n != 1 || arg_len[0] == 0)
            return -1;
        for (const char *const *f = FEATURES; *f; f++)
            if (strlen(*f) == arg_len[0] && memcmp(*f, arg[0], arg_len[0]) == 0)
                return 1;
        for (size_t i = 0; i < arg_len[0]; i++)
            if (!(arg[0][i] == '_' || (arg[0][i] >= 'a' && arg[0][i] <= 'z') || (arg[0][i] >= 'A' && arg[0][i] <= 'Z') ||
                  (arg[0][i] >= '0' && arg[0][i] <= '9')))
                return -1;
        return 0;
    }
    int parts[2] = { 3, 3 };
    for (int i = 0; i < n && i < 2; i++) {
        if (!parse_version(arg[i], arg_len[i], v[i]))
            return -1;
        parts[i] = 1;
        for (size_t k = 0; k < arg_len[i]; k++)
            parts[i] += arg[i][k] == '.';
    }
    if (IS("minimum_version") && n == 1)
        return cmp_version(ours, v[0], parts[0]) >= 0;
    if (IS("maximum_version") && n == 1)
        return cmp_version(ours, v[0], parts[0]) <= 0;
    if (IS("before_version") && n == 1)
        return cmp_version(ours, v[0], parts[0]) < 0;
    if (IS("at_version") && n == 1) {
        /* "3", "3.21" and "3.21.0" all name this version. */
        for (int i = 0; i < parts[0]; i++)
            if (ours[i] != v[0][i])
                return 0;
        return 1;
    }
    if (IS("after_version") && n == 1)
        return cmp_version(ours, v[0], parts[0]) > 0;
    if (IS("between_versions") && n == 2)
        return cmp_version(ours, v[0], parts[0]) >= 0 && cmp_version(ours, v[1], parts[1]) <= 0;
#undef IS
    return -1;
}

unsigned policy_parse(SourceFile *file, Diag *d, Policy **out)
{
    return policy_parse_into(file, d, NULL, out);
}

unsigned policy_parse_into(SourceFile *file, Diag *d, Arena *arena, Policy **out)
{
    ParseCtx ctx = { 0 };
    ctx.file = file;
    ctx.diag = d;
    ctx.policy = policy_new();
    ctx.arena = arena ? arena : &ctx.policy->arena;
    vec_push(&ctx.policy->files, file);
    ctx.ns = xstrdup("default");
    ctx.guard = arena_strdup(ctx.arena, "any");

    yyscan_t scanner;
    if (cf_yylex_init_extra(&ctx, &scanner) != 0) {
        diag_file(d, DIAG_ERROR, file->path, "cannot start the scanner: %s", strerror(errno));
        ctx.errors++;
    } else {
        YY_BUFFER_STATE bs = cf_yy_scan_bytes(file->text, (int)file->len, scanner);
        if (cf_yyparse(scanner, &ctx) != 0 && ctx.errors == 0)
            ctx.errors++;
        cf_yy_delete_buffer(bs, scanner);
        cf_yylex_destroy(scanner);
        if (ctx.nul_at && ctx.errors == 0 && ctx.nul_at < file->len)
            parse_warning_at(&ctx, ctx.nul_at - 1, "a NUL byte ends the policy here: the rest of the file is "
                             "not read (as CFEngine 3.21 does)");
    }

    free(ctx.ns);
    buf_free(&ctx.strbuf);
    if (ctx.errors) {
        policy_free(ctx.policy);
        *out = NULL;
        return ctx.errors;
    }
    *out = ctx.policy;
    return 0;
}
