/* minicf-promises - check a policy the way cf-promises -c does. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/log.h"
#include "eval/control.h"
#include "eval/eval.h"
#include "eval/sysinfo.h"
#include "policy/check.h"
#include "policy/json.h"
#include "policy/load.h"
#include "policy/syntax.h"

#ifndef MINICF_DATADIR
#define MINICF_DATADIR "/usr/local/share/minicf"
#endif

static void usage(FILE *out)
{
    fputs("Usage: minicf-promises [OPTIONS]\n"
          "Check a CFEngine 3 policy and every file its inputs name.\n"
          "\n"
          "  -f, --file FILE        the policy to check (default: " MINICF_DATADIR "/promises.cf,\n"
          "                         or $MINICF_POLICY when set)\n"
          "      --syntax-only FILE check FILE alone: parse it and make every check that\n"
          "                         needs no other file (no inputs, no references)\n"
          "  -D, --define CLASS,... define classes before evaluating the policy\n"
          "  -c, --check-runnable   accepted for cf-promises compatibility; always done\n"
          "  -w, --workdir DIR      the work directory: sys.workdir, sys.inputdir and the\n"
          "                         like (unset: their values are unknown)\n"
          "      --json             print the parsed policy as JSON on standard output\n"
          "  -s, --syntax-description json\n"
          "                         print the syntax minicf knows, as JSON\n"
          "  -h, --help             show this help and exit\n"
          "  -V, --version          show the version and exit\n"
          "\n"
          "Exit status: 0 the policy is valid, 1 it is not, 2 usage error.\n",
          out);
}

/* -D a,b: classes defined before evaluation, as cf-promises does (each
 * name canonified). */
static void define_classes(EvalCtx *ctx, const Vec *defines)
{
    for (size_t i = 0; i < defines->len; i++) {
        char *list = xstrdup(defines->items[i]);
        char *save = NULL;
        for (char *name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
            char *c = canonify(name);
            classset_add_hard(&ctx->classes, c);
            free(c);
        }
        free(list);
    }
}

int main(int argc, char **argv)
{
    enum { OPT_SYNTAX_ONLY = 256, OPT_JSON };
    static const struct option longopts[] = {
        { "file", required_argument, NULL, 'f' },
        { "syntax-only", required_argument, NULL, OPT_SYNTAX_ONLY },
        { "define", required_argument, NULL, 'D' },
        { "check-runnable", no_argument, NULL, 'c' },
        { "workdir", required_argument, NULL, 'w' },
        { "json", no_argument, NULL, OPT_JSON },
        { "syntax-description", required_argument, NULL, 's' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    log_init("minicf-promises", LOG_LEVEL_NOTICE);
    const char *file = getenv("MINICF_POLICY");
    if (!file || !*file)
        file = MINICF_DATADIR "/promises.cf";
    bool syntax_only = false, json = false;
    const char *workdir = NULL;
    Vec defines = VEC_INIT; /* borrowed optarg strings: CLASS[,CLASS...] */
    int c;
    while ((c = getopt_long(argc, argv, "f:D:cw:s:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            file = optarg;
            break;
        case OPT_SYNTAX_ONLY:
            file = optarg;
            syntax_only = true;
            break;
        case 'w':
            workdir = optarg;
            break;
        case 'D':
            vec_push(&defines, optarg);
            break;
        case 'c':
            break;
        case OPT_JSON:
            json = true;
            break;
        case 's':
            if (strcmp(optarg, "json") != 0) {
                fprintf(stderr, "minicf-promises: -s takes 'json', got '%s'\n", optarg);
                return 2;
            }
            syntax_print_json(stdout);
            return 0;
        case 'h':
            usage(stdout);
            return 0;
        case 'V':
            printf("minicf-promises %s (CFEngine %s language)\n", PACKAGE_VERSION, "3.21");
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "minicf-promises: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }

    Diag diag = DIAG_INIT;
    /* As cf-promises -c: each file is resolved (its vars, the classes of
     * its common bundles, its control bodies) as it is loaded; once the
     * whole policy is loaded and checked, it is resolved again and the
     * bundlesequence checked. A fatal evaluation error stops everything. */
    /* The work directory the policy sees, as minicf-agent would use it:
     * inputs may name files under it. */
    if (!workdir) {
        const char *env = getenv("MINICF_WORKDIR");
        workdir = env && *env ? env : MINICF_DEFAULT_WORKDIR;
    }
    EvalSystem sys = { .workdir = workdir };
    EvalCtx *ctx = eval_new(NULL, &diag, &sys);
    if (!syntax_only)
        sysinfo_policy_entry(ctx, file);
    define_classes(ctx, &defines);
    vec_free(&defines, NULL);
    ControlInputs inputs;
    control_inputs_init(&inputs, ctx);
    LoadOptions lopt = { .follow_inputs = !syntax_only, .expander = syntax_only ? NULL : &inputs.expander };
    Policy *p = policy_load(file, &lopt, &diag);
    if (p) {
        CheckOptions copt = { .references = !syntax_only };
        if (policy_check(p, &copt, &diag) == 0 && !syntax_only) {
            control_resolve(ctx, p, 0, p->bundles.len, 0, p->bodies.len);
            if (!ctx->fatal)
                control_check_bundlesequence(ctx, p, &diag);
        }
        if (json && diag.errors == 0)
            policy_print_json(p, stdout);
    }
    unsigned errors = diag.errors;
#ifdef MINICF_FREE_AT_EXIT
    eval_free(ctx);
    policy_free(p);
#else
    /* Freeing the tree and the variables object by object only to exit
     * is work the kernel does at once; builds for leak checkers
     * (configure --enable-sanitizers or --enable-free-at-exit) free it. */
    (void)p;
#endif
    if (errors) {
        fprintf(stderr, "minicf-promises: %s: %u error%s, the policy is not valid\n", file, errors,
                errors == 1 ? "" : "s");
        return 1;
    }
    return 0;
}
