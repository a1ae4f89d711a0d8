/* functions_fs.c - built-in functions on files' contents and metadata:
 * translatepath, regline, countlinesmatching, islink, isnewerthan,
 * filesize, filesexist, filestat, findfiles. */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "eval/fn_impl.h"

FnResult fn_translatepath(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    *out = value_string(args[0]->str); /* nothing to translate on Unix */
    return FN_OK;
}

/* The lines of path (without their newlines) whose whole the regex
 * matches; -1 when the file cannot be read. */
static long count_lines(EvalCtx *ctx, const Rval *call, const char *regex, const char *path, bool first_only)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return -1;
    pcre2_code *re = fn_regex(ctx, call, regex, true);
    long hits = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while (re && (len = getline(&line, &cap, f)) >= 0) {
        if (len && line[len - 1] == '\n')
            line[len - 1] = '\0';
        if (fn_regex_search(re, line, NULL, NULL) && ++hits && first_only)
            break;
    }
    free(line);
    fclose(f);
    pcre2_code_free(re);
    return hits;
}

FnResult fn_regline(FN_PARAMS)
{
    (void)n;
    *out = fn_bool(count_lines(ctx, call, args[0]->str, args[1]->str, true) > 0);
    return FN_OK;
}

/* A file that cannot be read has no lines that match. */
FnResult fn_countlinesmatching(FN_PARAMS)
{
    (void)n;
    long hits = count_lines(ctx, call, args[0]->str, args[1]->str, false);
    char *s = xasprintf("%ld", hits < 0 ? 0 : hits);
    *out = value_string(s);
    free(s);
    return FN_OK;
}

FnResult fn_islink(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    struct stat st;
    *out = fn_bool(lstat(args[0]->str, &st) == 0 && S_ISLNK(st.st_mode));
    return FN_OK;
}

FnResult fn_isnewerthan(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    struct stat a, b;
    *out = fn_bool(stat(args[0]->str, &a) == 0 && stat(args[1]->str, &b) == 0 && a.st_mtime > b.st_mtime);
    return FN_OK;
}

FnResult fn_filesize(FN_PARAMS)
{
    (void)n;
    struct stat st;
    if (stat(args[0]->str, &st) != 0) {
        eval_note(ctx, "Function '%s': could not stat '%s'", call->str, args[0]->str);
        return FN_FAIL;
    }
    char *s = xasprintf("%lld", (long long)st.st_size);
    *out = value_string(s);
    free(s);
    return FN_OK;
}

FnResult fn_filesexist(FN_PARAMS)
{
    (void)n;
    Value *items = fn_items(ctx, args[0]);
    if (!items)
        return FN_FAIL;
    bool all = true;
    struct stat st;
    for (size_t i = 0; i < items->list.len && all; i++)
        all = stat(items->list.items[i], &st) == 0;
    value_free(items);
    (void)call;
    *out = fn_bool(all);
    return FN_OK;
}

static const char *file_type(mode_t m)
{
    switch (m & S_IFMT) {
    case S_IFBLK: return "block device";
    case S_IFCHR: return "character device";
    case S_IFDIR: return "directory";
    case S_IFIFO: return "FIFO/pipe";
    case S_IFLNK: return "symlink";
    case S_IFREG: return "regular file";
    case S_IFSOCK: return "socket";
    default: return "unknown";
    }
}

static void perm_string(Buf *b, mode_t m)
{
    buf_putc(b, S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : '-');
    static const char RWX[] = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        buf_putc(b, m & (1u << (8 - i)) ? RWX[i] : '-');
}

/* filestat(path, field): lstat's fields as 3.21 names them. */
FnResult fn_filestat(FN_PARAMS)
{
    (void)n;
    const char *path = args[0]->str, *field = args[1]->str;
    struct stat st;
    if (lstat(path, &st) != 0) {
        eval_note(ctx, "Function '%s': could not stat '%s'", call->str, path);
        return FN_FAIL;
    }
    Buf b = BUF_INIT;
    if (strcmp(field, "size") == 0)
        buf_printf(&b, "%lld", (long long)st.st_size);
    else if (strcmp(field, "gid") == 0)
        buf_printf(&b, "%u", (unsigned)st.st_gid);
    else if (strcmp(field, "uid") == 0)
        buf_printf(&b, "%u", (unsigned)st.st_uid);
    else if (strcmp(field, "ino") == 0)
        buf_printf(&b, "%llu", (unsigned long long)st.st_ino);
    else if (strcmp(field, "nlink") == 0)
        buf_printf(&b, "%llu", (unsigned long long)st.st_nlink);
    else if (strcmp(field, "ctime") == 0)
        buf_printf(&b, "%lld", (long long)st.st_ctime);
    else if (strcmp(field, "atime") == 0)
        buf_printf(&b, "%lld", (long long)st.st_atime);
    else if (strcmp(field, "mtime") == 0)
        buf_printf(&b, "%lld", (long long)st.st_mtime);
    else if (strcmp(field, "mode") == 0)
        buf_printf(&b, "%u", (unsigned)st.st_mode);
    else if (strcmp(field, "modeoct") == 0)
        buf_printf(&b, "%o", (unsigned)st.st_mode);
    else if (strcmp(field, "permstr") == 0)
        perm_string(&b, st.st_mode);
    else if (strcmp(field, "permoct") == 0)
        buf_printf(&b, "%o", (unsigned)(st.st_mode & 07777));
    else if (strcmp(field, "type") == 0)
        buf_puts(&b, file_type(st.st_mode));
    else if (strcmp(field, "devno") == 0)
        buf_printf(&b, "%llu", (unsigned long long)st.st_dev);
    else if (strcmp(field, "dev_minor") == 0)
        buf_printf(&b, "%u", minor(st.st_dev));
    else if (strcmp(field, "dev_major") == 0)
        buf_printf(&b, "%u", major(st.st_dev));
    else if (strcmp(field, "basename") == 0 || strcmp(field, "dirname") == 0) {
        const char *slash = strrchr(path, '/');
        if (field[0] == 'b')
            buf_puts(&b, slash ? slash + 1 : path);
        else if (slash)
            buf_append(&b, path, slash == path ? 1 : (size_t)(slash - path));
        else
            buf_putc(&b, '.');
    } else if (strcmp(field, "linktarget_shallow") == 0 || strcmp(field, "linktarget") == 0) {
        char *target = NULL;
        if (S_ISLNK(st.st_mode) && field[10] == '_') {
            char link[4096];
            ssize_t r = readlink(path, link, sizeof link - 1);
            if (r >= 0) {
                link[r] = '\0';
                target = xstrdup(link);
            }
        } else if (S_ISLNK(st.st_mode)) {
            target = realpath(path, NULL);
        }
        buf_puts(&b, target ? target : path);
        free(target);
    } else {
        buf_free(&b);
        return FN_DEFER; /* xattr: not worked out */
    }
    *out = value_string(buf_cstr(&b));
    buf_free(&b);
    return FN_OK;
}

/* findfiles(glob...): every path the patterns match, each pattern's
 * sorted. */
FnResult fn_findfiles(FN_PARAMS)
{
    (void)ctx; (void)call;
    *out = value_list();
    for (size_t i = 0; i < n; i++) {
        glob_t g;
        if (glob(args[i]->str, 0, NULL, &g) == 0)
            for (size_t k = 0; k < g.gl_pathc; k++)
                value_list_push(*out, g.gl_pathv[k]);
        globfree(&g);
    }
    return FN_OK;
}
