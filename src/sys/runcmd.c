/* runcmd.c - running a command for a function, on top of run.c: a clean
 * environment, output captured or thrown away. */
#include "sys/runcmd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/vec.h"
#include "sys/run.h"

static const char *const CLEAN_ENV[] = {
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "LC_ALL=C",
    NULL,
};

int runcmd(const char *const argv[], RuncmdCapture capture, Buf *out)
{
    /* Output is always captured, so that a command whose output is not
     * wanted does not write into the agent's. */
    RunSpec spec = { .argv = argv, .envp = CLEAN_ENV, .capture = true };
    RunResult res;
    int rc = run_command(&spec, &res);
    if (rc == 0 && capture != RUNCMD_DISCARD && out)
        buf_append(out, res.output.data ? res.output.data : "", res.output.len);
    int status = res.status;
    if (rc != 0) {
        if (res.pid > 0) {
            status = 127; /* forked, but the program could not be run */
        } else {
            log_warnx("cannot run %s: %s", argv[0], strerror(res.error));
            status = -1;
        }
    }
    run_result_free(&res);
    return status;
}

char **runcmd_split(const char *command)
{
    Vec words = VEC_INIT;
    (void)run_split_command(command, &words); /* an unterminated quote runs to the end */
    vec_push(&words, NULL);
    return (char **)words.items;
}

void runcmd_free_argv(char **argv)
{
    if (!argv)
        return;
    for (char **a = argv; *a; a++)
        free(*a);
    free(argv);
}
