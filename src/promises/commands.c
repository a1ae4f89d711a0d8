/* commands.c - commands: promises run a command, as 3.21 does: the
 * promiser (an absolute path, then arguments) split into words without a
 * shell, or given as it is to /bin/sh -c under contain's useshell; `args`
 * and `arglist` appended (each element split as well, as 3.21.0 does);
 * the contain body's owner, group, directory, chroot, umask (077 by
 * default, as 3.21), timeout, output and preview (run even under -n);
 * exit 0 is a repair and anything else a failure, unless the classes
 * body's *_returncodes say otherwise. Output is quoted as 3.21's
 * `Q: "...cmd": line`, or read as CFEngine's module protocol under
 * `module => "true"`. A background command (action background, or a
 * shell line ending in '&') is started detached and not waited for. */
#include "promises/promises.h"
#include "promises/commands.h"

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/json.h"
#include "sys/run.h"

/* ---- the command line ----------------------------------------------------- */

bool commands_build(const char *promiser, const char *args, const Value *arglist, bool shell, Vec *argv,
                    char **line)
{
    Vec words = VEC_INIT;
    bool ok = run_split_command(promiser, &words);
    Buf b = BUF_INIT;
    buf_puts(&b, promiser); /* as written, quotes and all, as 3.21 shows it */
    if (args && *args) {
        buf_putc(&b, ' ');
        buf_puts(&b, args);
        if (!run_split_command(args, &words))
            ok = false;
    }
    if (arglist && !arglist->unknown) {
        size_t n = arglist->type == VALUE_LIST ? arglist->list.len : 1;
        for (size_t i = 0; i < n; i++) {
            const char *s = arglist->type == VALUE_LIST ? arglist->list.items[i] : arglist->str;
            if (value_str_unresolved(s, true))
                continue; /* 3.21 drops an element it cannot expand */
            buf_putc(&b, ' ');
            buf_puts(&b, s);
            /* 3.21.0 splits each element too: { "one two" } is two words */
            if (!run_split_command(s, &words))
                ok = false;
        }
    }
    if (shell) {
        vec_free(&words, free);
    } else {
        for (size_t i = 0; i < words.len; i++)
            vec_push(argv, words.items[i]);
        vec_free(&words, NULL);
    }
    *line = buf_steal(&b);
    return ok;
}

bool commands_shell_background(const char *line)
{
    size_t n = strlen(line);
    while (n > 0 && isspace((unsigned char)line[n - 1]))
        n--;
    return n > 0 && line[n - 1] == '&' && (n < 2 || line[n - 2] != '&');
}

char *commands_quote_prefix(const char *line)
{
    size_t end = strcspn(line, " ");
    size_t start = end >= 10 ? end - 10 : 0;
    /* xstrndup copies n bytes: a shorter line must not be read past */
    return xstrndup(line + start, strnlen(line + start, 15));
}

/* ---- the module protocol --------------------------------------------------- */

static bool name_char(char c, bool var)
{
    return isalnum((unsigned char)c) || c == '_' || (var && (c == '[' || c == ']' || c == '.' || c == '-'));
}

/* The name at *p up to '=' (var) or the end (class); NULL when invalid. */
static char *read_name(const char **p, bool var)
{
    const char *s = *p, *q = s;
    while (*q && name_char(*q, var))
        q++;
    if (q == s || (var && *q != '=') || (!var && *q))
        return NULL;
    *p = var ? q + 1 : q;
    return xstrndup(s, (size_t)(q - s));
}

/* { "a", 'b' }: false when it is not such a list. */
static bool parse_list(const char *p, Vec *items)
{
    while (isspace((unsigned char)*p))
        p++;
    if (*p++ != '{')
        return false;
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '}' && items->len == 0)
            break;
        if (*p != '"' && *p != '\'')
            return false;
        char quote = *p++;
        Buf b = BUF_INIT;
        while (*p && *p != quote) {
            if (*p == '\\' && (p[1] == quote || p[1] == '\\'))
                p++;
            buf_putc(&b, *p++);
        }
        if (!*p) {
            buf_free(&b);
            return false;
        }
        p++;
        vec_push(items, buf_steal(&b));
        while (isspace((unsigned char)*p))
            p++;
        if (*p == ',') {
            p++;
            continue;
        }
        if (*p == '}')
            break;
        return false;
    }
    p++;
    while (isspace((unsigned char)*p))
        p++;
    return *p == '\0';
}

void commands_module_parse(const char *line, ModuleLine *out)
{
    memset(out, 0, sizeof *out);
    out->list = (Vec)VEC_INIT;
    const char *p = line + 1;
    switch (line[0]) {
    case '+':
    case '-':
        out->name = read_name(&p, false);
        out->kind = out->name ? (line[0] == '+' ? MODULE_CLASS : MODULE_UNCLASS) : MODULE_BAD;
        return;
    case '=':
    case '%':
    case '@':
        out->name = read_name(&p, true);
        if (!out->name) {
            out->kind = MODULE_BAD;
            return;
        }
        if (line[0] == '=') {
            out->kind = MODULE_SCALAR;
            out->value = xstrdup(p);
        } else if (line[0] == '%') {
            out->kind = MODULE_DATA;
            out->value = xstrdup(p);
        } else {
            out->kind = parse_list(p, &out->list) ? MODULE_LIST : MODULE_BAD;
        }
        return;
    case '^':
        if (strncmp(p, "context=", 8) == 0) {
            p += 8;
            out->name = read_name(&p, false);
            out->kind = out->name ? MODULE_CONTEXT : MODULE_BAD;
        } else {
            out->kind = MODULE_BAD; /* ^meta=, ^persistence=: not supported */
        }
        return;
    default:
        out->kind = MODULE_NONE;
        return;
    }
}

void commands_module_line_free(ModuleLine *m)
{
    free(m->name);
    free(m->value);
    vec_free(&m->list, free);
}

/* Applies a module's output: classes in the bundle's namespace, variables
 * in the scope named after the command (3.21: the canonified basename of
 * its first word) or the last ^context. */
static void apply_module(AgentCtx *a, const Promise *p, const char *program, const char *output)
{
    EvalCtx *ctx = a->eval;
    const char *ns = ctx->bundle && ctx->bundle->ns ? ctx->bundle->ns : "default";
    const char *slash = strrchr(program, '/');
    char *context = canonify(slash ? slash + 1 : program);
    const char *s = output;
    while (*s) {
        size_t n = strcspn(s, "\n");
        char *line = xstrndup(s, n);
        s += n + (s[n] == '\n');
        if (n > 0 && line[n - 1] == '\r')
            line[n - 1] = '\0';
        ModuleLine m;
        commands_module_parse(line, &m);
        char *scope = xasprintf("%s:%s", ns, context);
        switch (m.kind) {
        case MODULE_CLASS:
            classset_add(&ctx->classes, ctx->bundle ? ctx->bundle->ns : NULL, m.name);
            break;
        case MODULE_UNCLASS:
            classset_remove(&ctx->classes, m.name);
            break;
        case MODULE_SCALAR:
            vars_put(&ctx->vars, scope, m.name, value_string(m.value));
            break;
        case MODULE_LIST: {
            Value *v = value_list();
            for (size_t i = 0; i < m.list.len; i++)
                value_list_push(v, m.list.items[i]);
            vars_put(&ctx->vars, scope, m.name, v);
            break;
        }
        case MODULE_DATA: {
            const char *err = NULL;
            Json *j = json_parse(m.value, &err);
            if (j)
                vars_put(&ctx->vars, scope, m.name, value_data(j));
            else
                agent_error(a, p, "module '%s' gave invalid JSON for '%s': %s", program, m.name,
                            err ? err : "parse error");
            break;
        }
        case MODULE_CONTEXT:
            free(context);
            context = xstrdup(m.name);
            break;
        case MODULE_BAD:
            agent_verbose(a, p, "module '%s': line not understood: %s", program, line);
            break;
        case MODULE_NONE:
            if (*line)
                agent_verbose(a, p, "module '%s' said: %s", program, line);
            break;
        }
        free(scope);
        commands_module_line_free(&m);
        free(line);
    }
    free(context);
}

/* ---- the contain body ------------------------------------------------------ */

static const char *body_str(const Map *m, const char *lval)
{
    const Value *v = map_get(m, lval);
    return v && v->type == VALUE_STRING && !v->unknown && !value_str_unresolved(v->str, true) ? v->str : NULL;
}

static bool is_true(const char *s)
{
    return s && (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0 || strcmp(s, "on") == 0);
}

/* A user or group given by name or number; false when there is none. */
static bool lookup_id(const char *s, bool group, unsigned *id)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul(s, &end, 10);
    if (*s && !*end && errno == 0) {
        *id = (unsigned)n;
        return true;
    }
    if (group) {
        struct group *g = getgrnam(s);
        if (g)
            *id = g->gr_gid;
        return g != NULL;
    }
    struct passwd *pw = getpwnam(s);
    if (pw)
        *id = pw->pw_uid;
    return pw != NULL;
}

/* Fills spec from the contain body; false (reported) when it names a
 * user or group that does not exist. */
static bool contain_spec(AgentCtx *a, const Promise *p, const Map *c, RunSpec *spec, bool *no_output)
{
    const char *s;
    spec->set_umask = true;
    spec->umask = 077;
    if ((s = body_str(c, "umask"))) {
        char *end;
        unsigned long u = strtoul(s, &end, 8);
        if (!*end && u <= 0777)
            spec->umask = (mode_t)u;
    }
    if ((s = body_str(c, "exec_owner"))) {
        unsigned id;
        if (!lookup_id(s, false, &id)) {
            agent_error(a, p, "exec_owner '%s' is not a user", s);
            return false;
        }
        spec->set_uid = true;
        spec->uid = (uid_t)id;
    }
    if ((s = body_str(c, "exec_group"))) {
        unsigned id;
        if (!lookup_id(s, true, &id)) {
            agent_error(a, p, "exec_group '%s' is not a group", s);
            return false;
        }
        spec->set_gid = true;
        spec->gid = (gid_t)id;
    }
    spec->chdir = body_str(c, "chdir");
    spec->chroot = body_str(c, "chroot");
    if ((s = body_str(c, "exec_timeout")))
        spec->timeout_sec = (unsigned)strtoul(s, NULL, 10);
    *no_output = is_true(body_str(c, "no_output"));
    return true;
}

/* ---- outcomes -------------------------------------------------------------- */

static bool code_in(const Map *m, const char *lval, int code, bool *given)
{
    const Value *v = map_get(m, lval);
    if (!v || v->unknown)
        return false;
    *given = true;
    size_t n = v->type == VALUE_LIST ? v->list.len : 1;
    for (size_t i = 0; i < n; i++) {
        const char *s = v->type == VALUE_LIST ? v->list.items[i] : v->str;
        char *end;
        long c = strtol(s, &end, 10);
        if (end != s && !*end && c == code)
            return true;
    }
    return false;
}

/* What exit code `code` comes to: the classes body's *_returncodes when
 * it has any, else 0 repaired and anything else failed. */
static Outcome code_outcome(AgentCtx *a, const Promise *p, const char *line, int code)
{
    Outcome o = OUTCOME_SKIPPED;
    if (promise_get(p, "classes")) {
        Map m = agent_body(a, p, "classes", "classes");
        bool given = false;
        if (code_in(&m, "kept_returncodes", code, &given))
            o = OUTCOME_KEPT;
        else if (code_in(&m, "repaired_returncodes", code, &given))
            o = OUTCOME_REPAIRED;
        else if (code_in(&m, "failed_returncodes", code, &given))
            o = OUTCOME_FAILED;
        else if (given) {
            agent_error(a, p, "Command related to promiser '%s' returned code '%d' not defined as promise kept, "
                              "not kept or repaired; setting to failed",
                        line, code);
            o = OUTCOME_FAILED;
        }
        agent_body_free(&m);
    }
    if (o != OUTCOME_SKIPPED)
        return o;
    if (code == 0)
        return OUTCOME_REPAIRED;
    agent_error(a, p, "Finished command related to promiser '%s' -- an error occurred, returned %d", line, code);
    return OUTCOME_FAILED;
}

/* Quotes output as 3.21 does: one notice whose lines are each
 * `Q: "...prefix": line`, empty lines left out, then (an inform message)
 * how many lines were quoted and for which promiser. */
static void quote_output(AgentCtx *a, const Promise *p, const char *line, const char *output)
{
    FILE *out = agent_out(a);
    char *prefix = commands_quote_prefix(line);
    const char *s = output;
    size_t quoted = 0;
    while (*s) {
        size_t n = strcspn(s, "\n");
        if (n > 0)
            fprintf(out, "%sQ: \"...%s\": %.*s\n", quoted++ == 0 ? "  notice: " : "", prefix, (int)n, s);
        s += n + (s[n] == '\n');
    }
    free(prefix);
    fflush(out);
    if (quoted > 0)
        agent_inform(a, p, "Last %zu quoted lines were generated by promiser '%s'", quoted, line);
}

/* ---- keeping the promise ---------------------------------------------------- */

static char *constraint_str(AgentCtx *a, const Promise *p, const char *lval)
{
    const Constraint *c = promise_get(p, lval);
    if (!c)
        return NULL;
    Value *v = eval_rval(a->eval, c->rval);
    char *s = v && v->type == VALUE_STRING && !v->unknown ? xstrdup(v->str) : NULL;
    value_free(v);
    return s;
}

/* Whether the action body asks for the background. */
static bool action_background(AgentCtx *a, const Promise *p)
{
    if (!promise_get(p, "action"))
        return false;
    Map m = agent_body(a, p, "action", "action");
    bool bg = is_true(body_str(&m, "background"));
    agent_body_free(&m);
    return bg;
}

/* What 3.21 takes out of the environment of the commands it runs (it
 * unsets them at start, so that messages stay in English). */
static const char *const COMMAND_ENV_DROPPED[] = { "LANG", "LANGUAGE", "LC_MESSAGES", NULL };

static Outcome run_it(AgentCtx *a, const Promise *p, const Map *contain, const char *line, const char *program,
                      const Vec *argv, bool shell, bool module)
{
    RunSpec spec = { 0 };
    bool no_output = false;
    if (!contain_spec(a, p, contain, &spec, &no_output))
        return OUTCOME_FAILED;
    if (shell)
        spec.shell = line;
    else
        spec.argv = (const char *const *)argv->items;
    spec.background = action_background(a, p) || (shell && commands_shell_background(line));
    spec.capture = !spec.background;
    /* under --json, standard output is the summary's alone */
    spec.stdout_to_stderr = a->opt.json;
    spec.stop = a->opt.stop; /* a signal to the agent ends the command's group too */
    /* the agent's environment, less the variables that choose the
     * language of messages, as 3.21 runs its commands */
    char **env = run_environ_without(COMMAND_ENV_DROPPED);
    spec.envp = (const char *const *)env;
    if (spec.timeout_sec)
        agent_inform(a, p, "Executing 'timeout=%us' ... '%s'", spec.timeout_sec, line);
    else
        agent_inform(a, p, "Executing 'no timeout' ... '%s'", line);
    fflush(agent_out(a));
    fflush(stdout);
    fflush(stderr);
    RunResult res;
    int rc = run_command(&spec, &res);
    free(env);
    if (rc < 0) {
        agent_error(a, p, "cannot run '%s': %s", line, strerror(res.error));
        run_result_free(&res);
        return OUTCOME_FAILED;
    }
    Outcome o;
    if (spec.background) {
        agent_inform(a, p, "Started '%s' in the background", line);
        o = OUTCOME_REPAIRED;
    } else {
        /* the verdict first, then the output: 3.21 prints them so */
        if (res.stopped) {
            /* the agent was told to stop: the command did not finish, so
             * nothing is concluded (no outcome, no lock) and the next run
             * tries it again */
            agent_error(a, p, "'%s' was ended because the agent is stopping", line);
            o = OUTCOME_SKIPPED;
        } else if (res.timed_out || res.signo) {
            /* a signal is abnormal; exit 143 is an exit code like any
             * other, for the returncodes (3.21: cmd_signal_ended) */
            agent_error(a, p, "Finished script '%s' - failed (abnormal termination)", line);
            o = OUTCOME_FAILED;
        } else {
            o = code_outcome(a, p, line, res.status);
        }
        const char *output = buf_cstr(&res.output);
        if (module)
            apply_module(a, p, program, output);
        else if (!no_output)
            quote_output(a, p, line, output);
    }
    agent_inform(a, p, "Completed execution of '%s'", line);
    run_result_free(&res);
    return o;
}

static Outcome commands_keep(AgentCtx *a, const Promise *p, const PromiseAttrs *attrs)
{
    const char *promiser = agent_promiser(a);
    Map contain = agent_body(a, p, "contain", "contain");
    const char *useshell = body_str(&contain, "useshell");
    bool shell = useshell && (strcmp(useshell, "useshell") == 0 || is_true(useshell));
    char *args = constraint_str(a, p, "args");
    char *module = constraint_str(a, p, "module");
    Value *arglist = NULL;
    const Constraint *al = promise_get(p, "arglist");
    if (al)
        arglist = eval_rval(a->eval, al->rval);
    Vec argv = VEC_INIT;
    char *line = NULL;
    commands_build(promiser, args, arglist, shell, &argv, &line);
    Vec first = VEC_INIT;
    run_split_command(promiser, &first);
    const char *program = first.len ? first.items[0] : "";

    /* contain's preview: run it even in a dry run (-n), as 3.21 */
    bool preview = a->opt.dry_run && is_true(body_str(&contain, "preview"));
    Outcome o;
    struct stat st;
    if (!shell && (program[0] != '/' || stat(program, &st) != 0 || !S_ISREG(st.st_mode) ||
                   access(program, X_OK) != 0)) {
        /* 3.21's words */
        agent_error(a, p, "Proposed executable file '%s' doesn't exist", program);
        agent_error(a, p, "'%s' promises to be executable but isn't", promiser);
        o = OUTCOME_FAILED;
    } else if (attrs->warn_only && !preview) {
        FILE *out = agent_out(a);
        fprintf(out, " warning: Would execute script '%s'\n", line);
        fflush(out);
        o = OUTCOME_WARN;
    } else {
        vec_push(&argv, NULL);
        o = run_it(a, p, &contain, line, program, &argv, shell, is_true(module));
    }
    vec_free(&first, free);
    vec_free(&argv, free);
    free(line);
    free(args);
    free(module);
    value_free(arglist);
    agent_body_free(&contain);
    return o;
}

const PromiseType promise_type_commands = { "commands", 110, commands_keep, 0 };
