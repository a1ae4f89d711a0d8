/* minicf-agent - run a policy's vars, classes, methods and reports
 * promises the way cf-agent 3.21 does. */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "cmd/agent_args.h"
#include "base/log.h"
#include "eval/agent.h"
#include "eval/control.h"
#include "eval/eval.h"
#include "eval/sysinfo.h"
#include "policy/check.h"
#include "policy/load.h"
#include "promises/promises.h"
#include "sys/state.h"

/* Loads and checks the policy as minicf-promises does. Returns it, or
 * NULL after the errors are reported. */
static Policy *load_policy(EvalCtx *ctx, const char *file, Diag *diag, bool check_sequence)
{
    ControlInputs inputs;
    control_inputs_init(&inputs, ctx);
    LoadOptions lopt = { .follow_inputs = true, .expander = &inputs.expander };
    Policy *p = policy_load(file, &lopt, diag);
    if (p) {
        CheckOptions copt = { .references = true };
        if (policy_check(p, &copt, diag) == 0) {
            control_resolve(ctx, p, 0, p->bundles.len, 0, p->bodies.len);
            if (!ctx->fatal && check_sequence)
                control_check_bundlesequence(ctx, p, diag);
        }
    }
    if (diag->errors) {
        fprintf(stderr, "minicf-agent: %s: %u error%s, the policy is not valid\n", file, diag->errors,
                diag->errors == 1 ? "" : "s");
        policy_free(p);
        return NULL;
    }
    return p;
}

static int run(AgentArgs *o)
{
    if (state_prepare_workdir(o->workdir) != 0)
        return AGENT_EXIT_FAILED;
    /* "$(sys.libdir)/stdlib.cf" finds the installed library; a failure to
     * link is said and the run goes on (a policy that needs it says so) */
    state_link_library(o->workdir, MINICF_DATADIR "/lib");
    char *statedir = xasprintf("%s/state", o->workdir);
    o->opt.statedir = statedir;
    const char *now_env = getenv("MINICF_NOW");
    /* MINICF_PROC_ROOT: read the process table from another tree than /proc (tests) */
    EvalSystem sys = { .workdir = o->workdir,
                       .now = now_env ? (time_t)strtoll(now_env, NULL, 10) : 0,
                       .proc_root = getenv("MINICF_PROC_ROOT") };
    Diag diag = DIAG_INIT;
    EvalCtx *ctx = eval_new(NULL, &diag, &sys);
    ctx->verbose = o->opt.verbose;
    classset_add_hard(&ctx->classes, "agent");
    for (size_t i = 0; i < o->define.len; i++) {
        char *c = canonify(o->define.items[i]);
        classset_add_hard(&ctx->classes, c);
        free(c);
    }
    for (size_t i = 0; i < o->negate.len; i++) {
        char *c = canonify(o->negate.items[i]);
        classset_negate(&ctx->classes, c);
        free(c);
    }
    sysinfo_policy_entry(ctx, o->file);
    int rc = AGENT_EXIT_FAILED;
    Policy *p = load_policy(ctx, o->file, &diag, o->bundles.len == 0);
    if (p) {
        Vec sequence = VEC_INIT;
        if (o->bundles.len)
            for (size_t i = 0; i < o->bundles.len; i++)
                vec_push(&sequence, xstrdup(o->bundles.items[i]));
        else
            control_bundlesequence(ctx, &sequence);
        /* with --json, standard output is the summary's alone */
        if (o->json) {
            o->opt.out = stderr;
            o->opt.json = true;
        }
        AgentCtx *a = agent_new(ctx, promises_table(), &o->opt);
        int run_rc = agent_run(a, &sequence);
        if (o->json)
            agent_print_json(a, stdout);
        /* -n is a health check: 0 only when every promise is kept already
         * (what docker HEALTHCHECK and liveness probes read) */
        bool not_kept = o->opt.dry_run && !agent_all_kept(a);
        rc = a->aborted ? AGENT_EXIT_ABORTED
             : run_rc != 0 || agent_failed(a) || not_kept ? AGENT_EXIT_FAILED
                                                            : AGENT_EXIT_OK;
        agent_free(a);
        vec_free(&sequence, free);
    }
    eval_free(ctx);
    policy_free(p);
    free(statedir);
    return rc;
}

/* The signal that asked the run to stop (SIGTERM, SIGINT, SIGHUP); the
 * handler only records it: the run stops after the promise at hand, a
 * command it runs has its process group ended, and the state kept so far
 * is saved as usual. */
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
    stop_signal = sig;
}

static void catch_stop_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
}

int main(int argc, char **argv)
{
    AgentArgs o;
    agent_args_init(&o, getenv("MINICF_POLICY"), getenv("MINICF_WORKDIR"));
    log_init("minicf-agent", LOG_LEVEL_NOTICE);
    int rc = agent_args_parse(&o, argc, argv, stdout, stderr);
    if (rc < 0) {
        log_init("minicf-agent", o.opt.verbose  ? LOG_LEVEL_VERBOSE
                                 : o.opt.inform ? LOG_LEVEL_INFO
                                                : LOG_LEVEL_NOTICE);
        catch_stop_signals();
        o.opt.stop = &stop_signal;
        rc = run(&o);
        if (stop_signal) {
            log_warnx("stopped by signal %d; the run is not complete", (int)stop_signal);
            rc = 128 + stop_signal; /* as a shell reports a signal */
        }
    }
    agent_args_free(&o);
    return rc;
}
