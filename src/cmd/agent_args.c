/* agent_args.c - minicf-agent's command line. */
#include "cmd/agent_args.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

static void usage(FILE *out)
{
    fputs("Usage: minicf-agent [OPTIONS]\n"
          "Run a CFEngine 3 policy: its vars, classes, methods, processes, commands\n"
          "and reports promises.\n"
          "\n"
          "  -f, --file FILE          the policy to run (default: " MINICF_DATADIR "/promises.cf,\n"
          "                           or $MINICF_POLICY when set)\n"
          "  -b, --bundlesequence B,..  run these bundles instead of the bundlesequence\n"
          "  -D, --define CLASS,..    define these classes\n"
          "  -N, --negate CLASS,..    undefine these classes\n"
          "  -w, --workdir DIR        the work directory (default " AGENT_DEFAULT_WORKDIR ", or\n"
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

int agent_args_parse(AgentArgs *o, int argc, char **argv, FILE *out, FILE *err)
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
    optind = 0; /* glibc: start afresh, so it can parse more than once */
    opterr = err == stderr;
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
            usage(out);
            return AGENT_EXIT_OK;
        case 'V':
            fprintf(out, "minicf-agent %s (CFEngine %s language)\n", PACKAGE_VERSION, "3.21");
            return AGENT_EXIT_OK;
        default:
            usage(err);
            return AGENT_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(err, "minicf-agent: unexpected argument '%s'\n", argv[optind]);
        usage(err);
        return AGENT_EXIT_USAGE;
    }
    return -1;
}

void agent_args_init(AgentArgs *o, const char *env_policy, const char *env_workdir)
{
    memset(o, 0, sizeof *o);
    o->file = env_policy && *env_policy ? env_policy : MINICF_DATADIR "/promises.cf";
    o->workdir = env_workdir && *env_workdir ? env_workdir : AGENT_DEFAULT_WORKDIR;
}

void agent_args_free(AgentArgs *o)
{
    vec_free(&o->bundles, free);
    vec_free(&o->define, free);
    vec_free(&o->negate, free);
}
