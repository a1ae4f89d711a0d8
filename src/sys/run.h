/* run.h - running a command the way a promise needs it run.
 *
 * The child gets a clean signal mask and default signal dispositions, no
 * file descriptor but 0, 1 and 2 (stdin from /dev/null), the environment
 * it is given, and a process group of its own, so that a timeout kills
 * the whole group (SIGTERM, then SIGKILL after a grace period). Output
 * (stdout and stderr together) is captured, or passed through to ours.
 * A background command is detached: it gets its own session, the caller
 * never waits for it, and it outlives the caller.
 *
 * This layer knows nothing of policies; commands promises and functions
 * such as execresult() build a RunSpec.
 *
 * Ownership: run_command() fills a RunResult whose output the caller
 * frees with run_result_free(); the spec's strings are borrowed.
 */
#ifndef MINICF_SYS_RUN_H
#define MINICF_SYS_RUN_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "base/buf.h"
#include "base/vec.h"

typedef struct {
    const char *const *argv;  /* argv[0] is the program's path; NULL with shell */
    const char *shell;        /* a command for /bin/sh -c instead of argv */
    const char *const *envp;  /* the environment; NULL: the caller's */
    const char *chdir;        /* NULL: stay */
    const char *chroot;       /* NULL: none */
    bool set_umask;
    mode_t umask;
    bool set_uid, set_gid;
    uid_t uid;
    gid_t gid;
    unsigned timeout_sec;     /* 0: no limit */
    bool capture;             /* stdout and stderr into RunResult.output */
    bool background;          /* detach and do not wait (output passes through) */
    bool stdout_to_stderr;    /* output passed through goes to our stderr, both
                                 streams (our stdout is reserved) */
    const volatile sig_atomic_t *stop; /* when it becomes non-zero, the command's
                                          group is ended as on a timeout; NULL: never */
} RunSpec;

typedef struct {
    bool started;       /* false: it could not be started; see error */
    int error;          /* errno of the failure to start */
    bool timed_out;     /* killed after timeout_sec */
    bool stopped;       /* ended because *stop was set */
    int status;         /* exit code, or 128 + signal when a signal ended it */
    int signo;          /* the signal that ended it; 0 when it exited */
    pid_t pid;          /* the child (for a background command: gone at once) */
    Buf output;         /* captured output */
} RunResult;

/* Runs spec; 0 when the command ran (whatever its exit code), -1 when it
 * could not be started (res->error says why). */
int run_command(const RunSpec *spec, RunResult *res);
void run_result_free(RunResult *res);

/* The caller's environment without the variables named (NULL-terminated):
 * a NULL-terminated array of pointers into environ, owned by the caller
 * (the strings are not copied). */
char **run_environ_without(const char *const *names);

/* Splits a command line into arguments as 3.21 does: at blanks; an
 * argument that begins with a double quote, a single quote or a backtick
 * runs to the same quote, which is dropped; no other escapes. Appends
 * owned strings to argv. False on an unterminated quote (the rest of the
 * line is then the last argument). */
bool run_split_command(const char *command, Vec *argv);

#endif
