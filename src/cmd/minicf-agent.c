/* minicf-agent - run a policy's vars, classes, methods and reports
 * promises the way cf-agent 3.21 does. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/log.h"
#include "eval/agent.h"
#include "eval/control.h"
#include "eval/eval.h"
#include "policy/check.h"
#include "policy/load.h"
#include "promises/promises.h"
#include "sys/state.h"

#ifndef MINICF_DATADIR
#define MINICF_DATADIR "/usr/local/share/minicf"
#endif

#define DEFAULT_WORKDIR "/var/minicf"

/* Exit statuses: as cf-agent 3.21 where it has one. */
enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2, EXIT_ABORTED = 6 };

static void usage(FILE *out)
{
    fputs("Usage: minicf-agent [OPTIONS]\n"
          "Run a CFEngine 3 policy: its vars, classes, methods and reports promises.\n"
          "\n"
          "  -f, --file FILE          the policy to run (default: " MINICF_DATADIR "/promises.cf,\n"
          "                           or $MINICF_POLICY when set)\n"
          "  -b, --bundlesequence B,..  run these bundles instead of the bundlesequence\n"
          "  -D, --define CLASS,..    define these classes\n"
          "  -N, --negate CLASS,..    undefine these classes\n"
          "  -w, --workdir DIR        the work directory (default " DEFAULT_WORKDIR ", or\n"
          "                           $MINICF_WORKDIR); created 0700 with inputs/ state/ outputs/\n"
          "  -K, --no-lock            ignore locks (ifelapsed)\n"
          "  -I, --inform             log each repair\n"
          "  -v, --verbose            explain each decision, with its source location\n"
          "  -n, --dry-run            change nothing; say what would be repaired\n"
          "  -l, --legacy-output      accepted for cf-agent compatibility\n"
          "      --json               print a summary of the run as JSON on standard output\n"
          "  -h, --help               show this help and exit\n"
          "  -V, --version            show the version and exit\n"
          "\n"
          "Exit status: 0 the run completed and no promise failed; 1 the policy is not\n"
          "valid, a bundle is missing, or a promise failed; 2 usage error; 6 aborted by\n"
          "abortclasses.\n",
          out);
}

/* "a,b,c" appended to out as owned strings. */
static void split_list(const char *s, Vec *out)
{
    while (*s) {
        size_t n = strcspn(s, ",");
        if (n)
            vec_push(out, xstrndup(s, n));
        s += n;
        if (*s == ',')
            s++;
    }
}

static void set_policy_entry(EvalCtx *ctx, const char *file)
{
    char *abs = realpath(file, NULL);
    if (!abs)
        abs = xstrdup(file);
    vars_put(&ctx->vars, "sys", "policy_entry_filename", value_string(abs));
    char *slash = strrchr(abs, '/');
    vars_put(&ctx->vars, "sys", "policy_entry_basename", value_string(slash ? slash + 1 : abs));
    if (slash) {
        *slash = '\0';
        vars_put(&ctx->vars, "sys", "policy_entry_dirname", value_string(*abs ? abs : "/"));
    }
    free(abs);
}

typedef struct {
    const char *file;
    const char *workdir;
    Vec bundles; /* -b */
    Vec define;  /* -D */
    Vec negate;  /* -N */
    bool json;
    AgentOptions opt;
} Options;

static int parse_args(int argc, char **argv, Options *o)
{
    enum { OPT_JSON = 256 };
    static const struct option longopts[] = {
        { "file", required_argument, NULL, 'f' },         { "bundlesequence", required_argument, NULL, 'b' },
        { "define", required_argument, NULL, 'D' },       { "negate", required_argument, NULL, 'N' },
        { "workdir", required_argument, NULL, 'w' },      { "no-lock", no_argument, NULL, 'K' },
        { "inform", no_argument, NULL, 'I' },             { "verbose", no_argument, NULL, 'v' },
        { "dry-run", no_argument, NULL, 'n' },            { "legacy-output", no_argument, NULL, 'l' },
        { "json", no_argument, NULL, OPT_JSON },          { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },            { NULL, 0, NULL, 0 },
    };
    int c;
    while ((c = getopt_long(argc, argv, "f:b:D:N:w:KIvnlhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            o->file = optarg;
            break;
        case 'b':
            split_list(optarg, &o->bundles);
            break;
        case 'D':
            split_list(optarg, &o->define);
            break;
        case 'N':
            split_list(optarg, &o->negate);
            break;
        case 'w':
            o->workdir = optarg;
            break;
        case 'K':
            o->opt.ignore_locks = true;
            break;
        case 'I':
            o->opt.inform = true;
            break;
        case 'v':
            o->opt.verbose = true;
            break;
        case 'n':
            o->opt.dry_run = true;
            break;
        case 'l':
            break;
        case OPT_JSON:
            o->json = true;
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        case 'V':
            printf("minicf-agent %s (CFEngine %s language)\n", PACKAGE_VERSION, "3.21");
            return EXIT_OK;
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "minicf-agent: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return EXIT_USAGE;
    }
    return -1;
}

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

static int run(Options *o)
{
    if (state_prepare_workdir(o->workdir) != 0)
        return EXIT_FAILED;
    char *statedir = xasprintf("%s/state", o->workdir);
    o->opt.statedir = statedir;
    const char *now_env = getenv("MINICF_NOW");
    EvalSystem sys = { .workdir = o->workdir, .now = now_env ? (time_t)strtoll(now_env, NULL, 10) : 0 };
    Diag diag = DIAG_INIT;
    EvalCtx *ctx = eval_new(NULL, &diag, &sys);
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
    set_policy_entry(ctx, o->file);
    int rc = EXIT_FAILED;
    Policy *p = load_policy(ctx, o->file, &diag, o->bundles.len == 0);
    if (p) {
        Vec sequence = VEC_INIT;
        if (o->bundles.len)
            for (size_t i = 0; i < o->bundles.len; i++)
                vec_push(&sequence, xstrdup(o->bundles.items[i]));
        else
            control_bundlesequence(ctx, &sequence);
        /* with --json, standard output is the summary's alone */
        if (o->json)
            o->opt.out = stderr;
        AgentCtx *a = agent_new(ctx, promises_table(), &o->opt);
        int run_rc = agent_run(a, &sequence);
        if (o->json)
            agent_print_json(a, stdout);
        rc = a->aborted ? EXIT_ABORTED : run_rc != 0 || agent_failed(a) ? EXIT_FAILED : EXIT_OK;
        agent_free(a);
        vec_free(&sequence, free);
    }
    eval_free(ctx);
    policy_free(p);
    free(statedir);
    return rc;
}

int main(int argc, char **argv)
{
    Options o = { 0 };
    o.file = getenv("MINICF_POLICY");
    if (!o.file || !*o.file)
        o.file = MINICF_DATADIR "/promises.cf";
    o.workdir = getenv("MINICF_WORKDIR");
    if (!o.workdir || !*o.workdir)
        o.workdir = DEFAULT_WORKDIR;
    log_init("minicf-agent", LOG_LEVEL_NOTICE);
    int rc = parse_args(argc, argv, &o);
    if (rc < 0) {
        log_init("minicf-agent", o.opt.verbose  ? LOG_LEVEL_VERBOSE
                                 : o.opt.inform ? LOG_LEVEL_INFO
                                                : LOG_LEVEL_NOTICE);
        rc = run(&o);
    }
    vec_free(&o.bundles, free);
    vec_free(&o.define, free);
    vec_free(&o.negate, free);
    return rc;
}
