/* processes.c - processes: promises, as cf-agent 3.21 keeps them
 * (docs/processes.md has the rules and the experiments behind them).
 *
 * The promise's attributes become a ProcQuery (sys/procselect.h) over the
 * process table, read once per run from the EvalCtx's proc_root. Then, as
 * 3.21's VerifyProcessOp does:
 *   - process_count: the count in match_range defines in_range_define and
 *     stops the promise there (kept); out of range defines
 *     out_of_range_define (repaired) and goes on;
 *   - when something matched: process_stop runs, then every signal goes
 *     to every selected process in ascending pid order;
 *   - restart_class is defined when nothing matched, or when term or kill
 *     was sent (3.21 calls defining it alone "kept").
 * Nothing is signalled and no command runs in a dry run (-n) or under
 * action_policy warn/nop, and the two differ as in 3.21 (checked with
 * cf-agent 3.21.0): -n says which signals it would send and still defines
 * restart_class; action warn says which processes matched, leaves
 * restart_class undefined and comes to a warning instead; a count of
 * zero under action warn only alerts, and the alerted processes do not
 * count. process_count's classes are defined in every mode.
 *
 * Deliberate differences from 3.21: the agent never matches itself, and a
 * zombie is not a running process (procselect does both).
 */
#include "promises/promises.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "policy/classexpr.h"
#include "sys/procselect.h"
#include "sys/proctable.h"
#include "sys/run.h"

/* ---- the attributes --------------------------------------------------------- */

/* A known string value of m[key], or NULL. */
static const char *body_str(const Map *m, const char *key)
{
    const Value *v = map_get(m, key);
    if (!v || v->unknown || v->type != VALUE_STRING || value_str_unresolved(v->str, true))
        return NULL;
    return v->str;
}

/* An irange value ("a,b", either end first) into r. False when absent or
 * not a range. */
static bool body_range(const Map *m, const char *key, ProcRange *r)
{
    const char *s = body_str(m, key);
    if (!s)
        return false;
    char *end;
    errno = 0;
    long long lo = strtoll(s, &end, 10);
    if (end == s || *end != ',')
        return false;
    const char *second = end + 1;
    long long hi = strtoll(second, &end, 10);
    if (end == second || *end || errno)
        return false;
    r->set = true;
    r->min = lo < hi ? lo : hi;
    r->max = lo < hi ? hi : lo;
    return true;
}

/* The promise's own attribute lval, evaluated; NULL when absent. Owned. */
static Value *promise_value(AgentCtx *a, const Promise *p, const char *lval)
{
    const Constraint *c = promise_get(p, lval);
    return c ? eval_rval(a->eval, c->rval) : NULL;
}

/* A known string of a promise attribute, or NULL. */
static const char *value_known_str(const Value *v)
{
    if (!v || v->unknown || v->type != VALUE_STRING || !*v->str || value_str_unresolved(v->str, true))
        return NULL;
    return v->str;
}

/* Defines each class a list (or string) value names, in the bundle's namespace. */
static void define_classes(AgentCtx *a, const Value *v)
{
    if (!v || v->unknown)
        return;
    size_t n = v->type == VALUE_LIST ? v->list.len : v->type == VALUE_STRING ? 1 : 0;
    for (size_t i = 0; i < n; i++) {
        const char *raw = v->type == VALUE_LIST ? v->list.items[i] : v->str;
        if (!*raw || value_str_unresolved(raw, true))
            continue;
        char *name = canonify(raw);
        classset_add(&a->eval->classes, a->eval->bundle ? a->eval->bundle->ns : NULL, name);
        free(name);
    }
}

/* process_result over the criteria a process matched: the names of the
 * matched criteria are the only classes defined. */
static bool criterion_defined(void *userdata, const char *name, size_t len)
{
    unsigned mask = *(const unsigned *)userdata;
    return (procselect_criterion_bit(name, len) & mask) != 0;
}

static bool eval_result(void *userdata, unsigned matched)
{
    bool value = false;
    size_t fail = 0;
    if (!classexpr_parse(userdata, criterion_defined, &matched, &value, &fail))
        return false;
    return value;
}

/* ---- signalling ---------------------------------------------------------------- */

typedef struct {
    AgentCtx *a;
    const Promise *p;
    const ProcSignalOps *inner;
} SignalLog;

static int real_kill(void *userdata, pid_t pid, int signo)
{
    (void)userdata;
    return kill(pid, signo);
}

static void real_sleep(void *userdata, unsigned seconds)
{
    (void)userdata;
    while (seconds)
        seconds = sleep(seconds);
}

static const ProcSignalOps REAL_OPS = { real_kill, real_sleep, NULL };

/* kill() through the seam, saying what happened as 3.21 does. */
static int logged_kill(void *userdata, pid_t pid, int signo)
{
    SignalLog *l = userdata;
    int rc = l->inner->kill(l->inner->userdata, pid, signo);
    if (rc != 0)
        agent_error(l->a, l->p, "couldn't send promised signal %d to pid %ld (might be dead): %s", signo, (long)pid,
                    strerror(errno));
    else
        agent_inform(l->a, l->p, "signalled %d (%s) to process %ld", signo, strsignal(signo), (long)pid);
    return rc;
}

static void logged_sleep(void *userdata, unsigned seconds)
{
    SignalLog *l = userdata;
    agent_verbose(l->a, l->p, "pausing %u seconds between signals", seconds);
    l->inner->sleep(l->inner->userdata, seconds);
}

/* process_stop: runs the command once, as 3.21 does (its exit code is not
 * looked at); false when it is not executable. */
static bool run_stop(AgentCtx *a, const Promise *p, const char *command)
{
    Vec argv = VEC_INIT;
    run_split_command(command, &argv);
    bool ok = argv.len > 0 && access(argv.items[0], X_OK) == 0;
    if (!ok) {
        agent_error(a, p, "process promise to stop '%s' could not be kept because '%s' the stop operator failed",
                    agent_promiser(a), command);
    } else {
        vec_push(&argv, NULL);
        RunSpec spec = { .argv = (const char *const *)argv.items };
        RunResult res;
        if (run_command(&spec, &res) == 0)
            agent_verbose(a, p, "process_stop '%s' exited with %d", command, res.status);
        else
            agent_error(a, p, "cannot run process_stop '%s': %s", command, strerror(res.error));
        run_result_free(&res);
        argv.len--;
    }
    vec_free(&argv, free);
    return ok;
}

/* Whether the action body says warn (or nop): 3.21's cfa_warn, which
 * differs from a dry run (-n) in what it reports and defines. */
static bool is_action_warn(AgentCtx *a, const Promise *p)
{
    if (!promise_get(p, "action"))
        return false;
    Map m = agent_body(a, p, "action", "action");
    const char *policy = body_str(&m, "action_policy");
    bool warn = policy && (strcmp(policy, "warn") == 0 || strcmp(policy, "nop") == 0);
    agent_body_free(&m);
    return warn;
}

/* " warning: WHAT 'PID ARGS'REST", one line about one process. */
static void say_process(FILE *out, const char *what, const ProcEntry *e, const char *rest)
{
    char *args = procselect_ps_args(e->args);
    fprintf(out, " warning: %s '%ld %s'%s\n", what, (long)e->pid, args, rest);
    free(args);
}

/* ---- the promise ------------------------------------------------------------- */

/* The outcomes a promise went through, in order. 3.21 settles a processes
 * promise in steps (count out of range: repaired; a signal sent: repaired;
 * no restart needed: kept; ...) and its classes body defines the classes
 * of every step, not only those of the final, worst outcome: a count out
 * of range with nothing to restart defines both promise_repaired and
 * promise_kept. */
typedef struct {
    Outcome seen[5];
    size_t n;
    Outcome worst;
} Steps;

static void step(Steps *s, Outcome o)
{
    s->worst = s->n ? outcome_merge(s->worst, o) : o;
    for (size_t i = 0; i < s->n; i++)
        if (s->seen[i] == o)
            return;
    s->seen[s->n++] = o;
}

/* The classes of every step but the final outcome's, which the agent
 * defines itself; returns the final outcome. */
static Outcome steps_finish(AgentCtx *a, const Promise *p, const Steps *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->seen[i] != s->worst)
            agent_outcome_classes(a, p, s->seen[i]);
    return s->worst;
}

/* The run's process table, read by the first promise that needs it. */
static ProcTable *process_table(AgentCtx *a, const Promise *p)
{
    if (!a->procs) {
        ProcTable *t = xcalloc(1, sizeof *t);
        const char *root = a->eval->proc_root ? a->eval->proc_root : "/proc";
        if (proctable_load_with(t, root, PROCTABLE_LAZY) != 0) {
            agent_error(a, p, "cannot read the process table under '%s': %s", root, strerror(errno));
            proctable_free(t);
            free(t);
            return NULL;
        }
        a->procs = t;
    }
    return a->procs;
}

/* Everything a promise was given, resolved. */
typedef struct {
    Map select, count;
    Value *restart, *stop, *signals;
    Value *names;  /* the entries of signals, a list; NULL when none */
    bool kills;    /* term or kill among them */
    ProcSignalStep *steps;
    size_t nsteps;
    char **owners; /* NULL-terminated, or NULL */
    const char *result;
} Attrs;

static void attrs_free(Attrs *at)
{
    agent_body_free(&at->select);
    agent_body_free(&at->count);
    value_free(at->restart);
    value_free(at->stop);
    value_free(at->signals);
    value_free(at->names);
    free(at->steps);
    if (at->owners)
        for (char **o = at->owners; *o; o++)
            free(*o);
    free(at->owners);
}

/* Builds the query; false (reported) when the promise cannot be kept. */
static bool build_query(AgentCtx *a, const Promise *p, Attrs *at, ProcQuery *q)
{
    *q = (ProcQuery){ .promiser = agent_promiser(a), .self = getpid(), .now = a->eval->now };
    at->select = agent_body(a, p, "process_select", "process_select");
    at->count = agent_body(a, p, "process_count", "process_count");
    at->restart = promise_value(a, p, "restart_class");
    at->stop = promise_value(a, p, "process_stop");
    at->signals = promise_value(a, p, "signals");

    if (at->signals && !at->signals->unknown) {
        Value *items = at->names = value_as_list(at->signals);
        at->steps = xcalloc(items->list.len + 1, sizeof *at->steps);
        for (size_t i = 0; i < items->list.len; i++) {
            const char *s = items->list.items[i];
            ProcSignalStep *step = &at->steps[at->nsteps];
            if (!procselect_signal_parse(s, step)) {
                agent_error(a, p, "'%s' is not a signal of the processes promise '%s'", s, agent_promiser(a));
                return false;
            }
            if (!step->pause && (step->signo == SIGTERM || step->signo == SIGKILL))
                at->kills = true;
            at->nsteps++;
        }
        bool only_hup = items->list.len == 1 && strcmp(items->list.items[0], "hup") == 0;
        q->signals = at->nsteps == 0 ? PROCSEL_NO_SIGNALS : only_hup ? PROCSEL_SIGNALS_ONLY_HUP : PROCSEL_SIGNALS;
    }

    if (promise_get(p, "process_select")) {
        const Map *m = &at->select;
        q->select = true;
        const Value *owners = map_get(m, "process_owner");
        if (owners && !owners->unknown) {
            Value *items = value_as_list(owners);
            at->owners = xcalloc(items->list.len + 1, sizeof *at->owners);
            for (size_t i = 0; i < items->list.len; i++)
                at->owners[i] = xstrdup(items->list.items[i]);
            value_free(items);
            q->owners = (const char *const *)at->owners;
        }
        body_range(m, "pid", &q->pid);
        body_range(m, "ppid", &q->ppid);
        body_range(m, "pgid", &q->pgid);
        body_range(m, "rsize", &q->rsize);
        body_range(m, "vsize", &q->vsize);
        body_range(m, "ttime_range", &q->ttime);
        body_range(m, "stime_range", &q->stime);
        body_range(m, "priority", &q->priority);
        body_range(m, "threads", &q->threads);
        q->command = body_str(m, "command");
        q->status = body_str(m, "status");
        q->tty = body_str(m, "tty");
        at->result = body_str(m, "process_result");
        if (at->result) {
            q->result = eval_result;
            q->result_data = (void *)at->result;
        } else {
            agent_verbose(a, p, "process select constraint body promised no result (check body definition)");
        }
    }
    return true;
}

static Outcome processes_keep(AgentCtx *a, const Promise *p, const PromiseAttrs *pattrs)
{
    const char *promiser = agent_promiser(a);
    Attrs at = { .select = MAP_INIT, .count = MAP_INIT };
    ProcQuery q;
    if (!build_query(a, p, &at, &q)) {
        attrs_free(&at);
        return OUTCOME_FAILED;
    }

    /* 3.21's ProcessSanityChecks: each problem is an error, printed on
     * every pass, but the promise is still kept as far as it can be
     * (without match_range there is no count to make). */
    bool has_count = promise_get(p, "process_count") != NULL;
    ProcRange range = { 0 };
    const char *restart = value_known_str(at.restart);
    if (has_count) {
        const Value *in = map_get(&at.count, "in_range_define"), *out = map_get(&at.count, "out_of_range_define");
        bool ranged = body_range(&at.count, "match_range", &range);
        if (!ranged)
            agent_error(a, p, "process_count used without match_range, this promise will not define a class "
                              "based on a count of matching promises");
        else if (!in && !out)
            agent_error(a, p, "process_count body is insufficiently defined: it has neither in_range_define "
                              "nor out_of_range_define");
        else if (range.min == 0 && range.max == 0 && restart)
            agent_error(a, p, "promise constraint conflicts - '%s' processes cannot have zero count if restarted",
                        promiser);
        has_count = ranged;
    }

    ProcTable *t = process_table(a, p);
    if (!t) {
        attrs_free(&at);
        return OUTCOME_FAILED;
    }
    ProcSelect *sel = procselect_new(&q);
    if (procselect_error(sel))
        agent_error(a, p, "processes promise '%s': %s", promiser, procselect_error(sel));
    Vec procs = VEC_INIT;
    procselect_run(sel, t, &procs);

    /* action_policy warn with a count of zero: 3.21 only alerts, and the
     * alerted processes do not count */
    bool action_warn = is_action_warn(a, p);
    FILE *out = agent_out(a);
    if (action_warn && has_count && range.min == 0 && range.max == 0) {
        for (size_t i = 0; i < procs.len; i++)
            say_process(out, "Process alert", procs.items[i], "");
        procs.len = 0;
    }
    size_t count = procs.len;
    agent_verbose(a, p, "%zu process%s matched '%s'", count, count == 1 ? "" : "es", promiser);
    int *pids = xcalloc(count ? count : 1, sizeof *pids);
    for (size_t i = 0; i < count; i++)
        pids[i] = (int)((const ProcEntry *)procs.items[i])->pid;
    agent_note_pids(a, p, pids, count);
    free(pids);

    /* 3.21 reports a promise with nothing to do (and one that only defines
     * its restart class) as kept */
    Steps steps = { .n = 0 };
    if (has_count) {
        if (procselect_count_in_range(count, range.min, range.max)) {
            define_classes(a, map_get(&at.count, "in_range_define"));
            agent_verbose(a, p, "process promise for '%s' is kept", promiser);
            step(&steps, OUTCOME_KEPT);
            goto done;
        }
        /* counting changes nothing: even in warn mode 3.21 defines the
         * classes and calls it a repair */
        define_classes(a, map_get(&at.count, "out_of_range_define"));
        agent_inform(a, p, "process count for '%s' was out of promised range (%zu found)", promiser, count);
        step(&steps, OUTCOME_REPAIRED);
    }

    if (restart && at.kills)
        fprintf(out, " warning: Promise '%s' kills then restarts - never strictly converges\n", promiser);

    bool killed = false;
    const char *stop = value_known_str(at.stop);
    if (count > 0 && (at.nsteps > 0 || stop)) {
        if (action_warn) {
            for (size_t i = 0; i < procs.len; i++)
                say_process(out, "Matched", procs.items[i], ": only a warning is promised, nothing sent");
        } else if (pattrs->warn_only) {
            if (stop) {
                fprintf(out, " warning: Need to keep process-stop promise for '%s', but only a warning is promised\n",
                        promiser);
                step(&steps, OUTCOME_WARN);
            }
            for (size_t i = 0; i < procs.len; i++)
                for (size_t k = 0; k < at.nsteps; k++)
                    if (!at.steps[k].pause) {
                        char *what = xasprintf("Need to keep signal promise '%s' in process entry",
                                               (const char *)at.names->list.items[k]);
                        say_process(out, what, procs.items[i], "");
                        free(what);
                        /* 3.21 calls the promise kept; a health check must not */
                        agent_would_change(a, p);
                    }
        } else {
            if (stop && !run_stop(a, p, stop)) {
                step(&steps, OUTCOME_FAILED);
                goto done;
            }
            SignalLog log = { a, p, a->opt.signal_ops ? a->opt.signal_ops : &REAL_OPS };
            ProcSignalOps ops = { logged_kill, logged_sleep, &log };
            ProcSignalOutcome so = procselect_signal_all(&procs, at.steps, at.nsteps, &ops);
            killed = so.killed;
            if (so.sent)
                step(&steps, OUTCOME_REPAIRED);
            if (so.failed)
                step(&steps, OUTCOME_FAILED);
        }
    }

    if (!restart || (count != 0 && !killed)) {
        agent_verbose(a, p, "no restart promised for '%s'", promiser);
        step(&steps, OUTCOME_KEPT);
    } else if (action_warn) {
        fprintf(out, " warning: Need to keep restart promise for '%s', but only a warning is promised\n", promiser);
        step(&steps, OUTCOME_WARN);
    } else {
        agent_inform(a, p, "making a one-time restart promise for '%s': class '%s'", promiser, restart);
        Value *v = value_string(restart);
        define_classes(a, v);
        value_free(v);
        /* kept when nothing ran, a repair when it follows a kill */
        step(&steps, count == 0 ? OUTCOME_KEPT : OUTCOME_REPAIRED);
    }
    fflush(out);

done:
    vec_free(&procs, NULL);
    procselect_free(sel);
    attrs_free(&at);
    return steps_finish(a, p, &steps);
}

const PromiseType promise_type_processes = { "processes", 90, processes_keep, 0 };
