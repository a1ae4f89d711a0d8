/* functions_sys.c - built-in functions about the system and time:
 * getenv, execresult, returnszero, now, accumulated, ago, processexists,
 * findprocesses. Time comes from the evaluator's clock (ctx->now) and the
 * process table from its proc_root, so that tests can fix both. */
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "eval/fn_impl.h"
#include "sys/procselect.h"
#include "sys/proctable.h"
#include "sys/runcmd.h"

FnResult fn_getenv(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    long max;
    if (!fn_parse_long(args[1]->str, &max))
        return FN_FAIL;
    const char *v = getenv(args[0]->str);
    v = v ? v : "";
    size_t len = strlen(v);
    char *s = xstrndup(v, max >= 0 && (size_t)max < len ? (size_t)max : len);
    *out = value_string(s);
    free(s);
    return FN_OK;
}

/* Runs a command as 3.21 does: "useshell" through /bin/sh -c, "noshell"
 * split into words. -2 when the command is not an absolute path, -3 when
 * it is not an executable file (both warned, as 3.21 does). */
static int run(EvalCtx *ctx, const Rval *call, const char *command, const char *shell, RuncmdCapture capture, Buf *out)
{
    if (strcmp(shell, "powershell") == 0) {
        eval_warning(ctx, "Function '%s': powershell is only for Windows", call->str);
        return -2;
    }
    if (strcmp(shell, "useshell") == 0) {
        const char *argv[] = { "/bin/sh", "-c", command, NULL };
        return runcmd(argv, capture, out);
    }
    char **argv = runcmd_split(command);
    if (!argv[0] || argv[0][0] != '/') {
        eval_warning(ctx, "%s '%s' does not have an absolute path", call->str, command);
        runcmd_free_argv(argv);
        return -2;
    }
    struct stat sb;
    if (stat(argv[0], &sb) != 0 || !S_ISREG(sb.st_mode) || access(argv[0], X_OK) != 0) {
        eval_warning(ctx, "%s '%s' is assumed to be executable but isn't", call->str, argv[0]);
        runcmd_free_argv(argv);
        return -3;
    }
    int st = runcmd((const char *const *)argv, capture, out);
    runcmd_free_argv(argv);
    return st;
}

/* execresult(command, shell, [both|stdout|stderr]): the output (stdout
 * and stderr together; the exit status does not matter), its
 * trailing white space removed; fails when the command cannot be run. */
FnResult fn_execresult(FN_PARAMS)
{
    /* 3.21 accepts a third argument (both, stdout, stderr) but returns
     * both streams whatever it says; so does minicf. */
    (void)n;
    RuncmdCapture capture = RUNCMD_BOTH;
    Buf b = BUF_INIT;
    int st = run(ctx, call, args[0]->str, args[1]->str, capture, &b);
    if (st == -3) {
        buf_free(&b);
        *out = fn_bool(false); /* 3.21 returns "!any" here */
        return FN_OK;
    }
    if (st < 0) {
        buf_free(&b);
        return FN_FAIL;
    }
    while (b.len && isspace((unsigned char)b.data[b.len - 1]))
        b.data[--b.len] = '\0';
    *out = value_string(buf_cstr(&b));
    buf_free(&b);
    return FN_OK;
}

FnResult fn_returnszero(FN_PARAMS)
{
    (void)n;
    int st = run(ctx, call, args[0]->str, args[1]->str, RUNCMD_DISCARD, NULL);
    *out = fn_bool(st == 0); /* a command that cannot run is false */
    return FN_OK;
}

static Value *number(long v)
{
    char *s = xasprintf("%ld", v);
    Value *out = value_string(s);
    free(s);
    return out;
}

FnResult fn_now(FN_PARAMS)
{
    (void)call; (void)args; (void)n;
    *out = number((long)ctx->now);
    return FN_OK;
}

/* 3.21's units: a year is 365 days, a month 30. */
static bool seconds_of(Value **args, long *total)
{
    static const long UNIT[] = { 365L * 24 * 3600, 30L * 24 * 3600, 24 * 3600, 3600, 60, 1 };
    *total = 0;
    for (size_t i = 0; i < 6; i++) {
        long v;
        if (!fn_parse_long(args[i]->str, &v))
            return false;
        *total += v * UNIT[i];
    }
    return true;
}

FnResult fn_accumulated(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    long t;
    if (!seconds_of(args, &t))
        return FN_FAIL;
    *out = number(t);
    return FN_OK;
}

FnResult fn_ago(FN_PARAMS)
{
    (void)call; (void)n;
    long t;
    if (!seconds_of(args, &t))
        return FN_FAIL;
    long v = (long)ctx->now - t;
    *out = number(v < 0 ? 0 : v);
    return FN_OK;
}

/* strftime(gmtime|localtime, format, epoch). */
FnResult fn_strftime(FN_PARAMS)
{
    (void)call; (void)n;
    long t;
    if (!fn_parse_long(args[2]->str, &t))
        return FN_FAIL;
    time_t when = (time_t)t;
    struct tm tm;
    bool ok = strcmp(args[0]->str, "localtime") == 0 ? localtime_r(&when, &tm) != NULL : gmtime_r(&when, &tm) != NULL;
    char buf[4096];
    size_t len = ok && *args[1]->str ? strftime(buf, sizeof buf, args[1]->str, &tm) : 0;
    if (ok && *args[1]->str && len == 0) {
        eval_warning(ctx, "Function 'strftime': the result of '%s' is empty or too long", args[1]->str);
        return FN_FAIL;
    }
    buf[len] = '\0';
    *out = value_string(buf);
    return FN_OK;
}

/* userexists() and groupexists(): by name, or by number. */
FnResult fn_userexists(FN_PARAMS)
{
    (void)ctx; (void)n;
    bool group = strcmp(call->str, "groupexists") == 0;
    const char *s = args[0]->str;
    char *end;
    long id = strtol(s, &end, 10);
    bool numeric = *s && !*end;
    bool found;
    if (group)
        found = (numeric ? getgrgid((gid_t)id) : getgrnam(s)) != NULL;
    else
        found = (numeric ? getpwuid((uid_t)id) : getpwnam(s)) != NULL;
    *out = fn_bool(found);
    return FN_OK;
}

/* getuid(user) and getgid(group): fails when there is none. */
FnResult fn_getuid(FN_PARAMS)
{
    (void)n;
    long id;
    if (strcmp(call->str, "getgid") == 0) {
        const struct group *g = getgrnam(args[0]->str);
        if (!g)
            return FN_FAIL;
        id = (long)g->gr_gid;
    } else {
        const struct passwd *p = getpwnam(args[0]->str);
        if (!p)
            return FN_FAIL;
        id = (long)p->pw_uid;
    }
    (void)ctx;
    *out = number(id);
    return FN_OK;
}

/* 3.21's CompareVersion of the running version `have` with `want`:
 * component by component as strtol reads them (blanks and a sign
 * allowed), only as far as both go and want's next component parses:
 * "3", "3.21-1", "3.x" and "3.21.0.1" are all at 3.21.0. -2 when want's
 * first component is no number ("", "a", "x3"); else -1, 0 or 1. */
static int version_cmp(const char *have, const char *want)
{
    for (bool first = true;; first = false) {
        char *end;
        long w = strtol(want, &end, 10);
        if (end == want)
            return first ? -2 : 0;
        long h = strtol(have, (char **)&have, 10);
        if (h != w)
            return h < w ? -1 : 1;
        if (*end != '.' || *have != '.')
            return 0;
        want = end + 1;
        have++;
    }
}

/* cf_version_minimum, _maximum, _after, _before, _at (one version) and
 * _between (two, both ends included) against sys.cf_version; a version
 * that does not parse fails the call. */
FnResult fn_cf_version(FN_PARAMS)
{
    const Value *v = eval_lookup(ctx, "sys.cf_version");
    if (!v || v->unknown || v->type != VALUE_STRING)
        return FN_DEFER;
    const char *fn = call->str + strlen("cf_version_");
    bool between = strcmp(fn, "between") == 0;
    int c[2] = { 0, 0 };
    for (size_t i = 0; i < n && i < 2; i++) {
        c[i] = version_cmp(v->str, args[i]->str);
        if (c[i] == -2) {
            if (between)
                eval_warning(ctx, "%s: Format of %s version comparison string '%s' is incorrect", call->str,
                             i ? "upper" : "lower", args[i]->str);
            else
                eval_warning(ctx, "%s: Format of version comparison string '%s' is incorrect", call->str,
                             args[i]->str);
            return FN_FAIL;
        }
    }
    bool r;
    if (between)
        r = c[0] >= 0 && c[1] <= 0;
    else if (strcmp(fn, "minimum") == 0)
        r = c[0] >= 0;
    else if (strcmp(fn, "maximum") == 0)
        r = c[0] <= 0;
    else if (strcmp(fn, "after") == 0)
        r = c[0] > 0;
    else if (strcmp(fn, "before") == 0)
        r = c[0] < 0;
    else
        r = c[0] == 0;
    *out = fn_bool(r);
    return FN_OK;
}

/* processexists(regex) and findprocesses(regex): the processes whose
 * command line the regex matches (unanchored, as a processes promiser),
 * the agent and zombies left out. findprocesses returns
 * [{"line": ..., "pid": N}] in descending pid order, as 3.21 does (it
 * prepends each ps line it matches to its list), the line being the
 * command line as ps shows it (3.21's is the whole ps line, with times
 * that change from run to run). 3.21.0 caches a function's result by its
 * arguments alone: processexists(X) after findprocesses(X) returns that
 * list, which is not a class (docs/processes.md F2); minicf returns the
 * class. */
FnResult fn_processes(FN_PARAMS)
{
    (void)n;
    ProcTable t = PROCTABLE_INIT;
    const char *root = ctx->proc_root ? ctx->proc_root : "/proc";
    if (proctable_load_with(&t, root, PROCTABLE_LAZY) != 0) {
        eval_warning(ctx, "%s: could not load the process table under '%s': %s", call->str, root, strerror(errno));
        proctable_free(&t);
        return FN_FAIL;
    }
    ProcQuery q = { .promiser = args[0]->str, .self = getpid(), .now = ctx->now };
    ProcSelect *sel = procselect_new(&q);
    if (procselect_error(sel))
        eval_warning(ctx, "%s: %s", call->str, procselect_error(sel));
    Vec found = VEC_INIT;
    procselect_run(sel, &t, &found);
    if (strcmp(call->str, "processexists") == 0) {
        *out = fn_bool(found.len > 0);
    } else {
        Json *list = json_array();
        for (size_t i = found.len; i-- > 0;) {
            const ProcEntry *e = found.items[i];
            Json *o = json_object();
            char *line = procselect_ps_args(e->args);
            json_object_set(o, "line", json_string(line));
            json_object_set(o, "pid", json_int((long)e->pid));
            free(line);
            json_array_push(list, o);
        }
        *out = value_data(list);
    }
    vec_free(&found, NULL);
    procselect_free(sel);
    proctable_free(&t);
    return FN_OK;
}
