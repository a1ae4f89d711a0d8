/* agent_args.h - minicf-agent's command line, as cf-agent 3.21 reads it,
 * apart from main() so the test suite can parse command lines too.
 *
 * Ownership: an AgentArgs owns its Vecs of names (agent_args_free());
 * file and workdir borrow from argv or the environment.
 */
#ifndef MINICF_CMD_AGENT_ARGS_H
#define MINICF_CMD_AGENT_ARGS_H

#include <stdbool.h>
#include <stdio.h>

#include "base/vec.h"
#include "eval/agent.h"
#include "eval/sysinfo.h"

#ifndef MINICF_DATADIR
#define MINICF_DATADIR "/usr/local/share/minicf"
#endif

#define AGENT_DEFAULT_WORKDIR MINICF_DEFAULT_WORKDIR

/* Exit statuses: as cf-agent 3.21 where it has one. */
enum { AGENT_EXIT_OK = 0, AGENT_EXIT_FAILED = 1, AGENT_EXIT_USAGE = 2, AGENT_EXIT_ABORTED = 6 };

typedef struct {
    const char *file;    /* -f; default $MINICF_POLICY or the shipped promises.cf */
    const char *workdir; /* -w; default $MINICF_WORKDIR or /var/minicf */
    Vec bundles;         /* -b, owned char* */
    Vec define;          /* -D */
    Vec negate;          /* -N */
    bool json;           /* --json */
    AgentOptions opt;    /* -K -I -v -n */
} AgentArgs;

/* Defaults: env_policy and env_workdir (the environment's, NULL or ""
 * when unset) or the built-in ones. */
void agent_args_init(AgentArgs *o, const char *env_policy, const char *env_workdir);

/* Parses argv. Returns -1 to go on and run, or the exit status to end
 * with at once (0 after --help or --version, printed to out; 2 after a
 * usage error, said on err). */
int agent_args_parse(AgentArgs *o, int argc, char **argv, FILE *out, FILE *err);

void agent_args_free(AgentArgs *o);

#endif
