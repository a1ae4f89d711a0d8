/* run.c - running commands: a clean child, a timeout for its whole
 * process group, captured or passed-through output, detached background
 * commands. */
#include "sys/run.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"

extern char **environ;

/* Captured output beyond this is read and dropped, so a chatty command
 * cannot exhaust memory; a note says so. */
#define RUN_MAX_OUTPUT (16u * 1024 * 1024)
/* After SIGTERM, a timed-out group gets this long before SIGKILL. */
#define RUN_KILL_GRACE_MS 2000

/* ---- the child ------------------------------------------------------------ */

static void child_fail(int errfd, int err)
{
    ssize_t r = write(errfd, &err, sizeof err);
    (void)r;
    _exit(127);
}

/* Every descriptor from 3 up is closed at exec. */
static void cloexec_from_3(void)
{
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3u, ~0u, 4u /* CLOSE_RANGE_CLOEXEC */) == 0)
        return;
#endif
    long max = sysconf(_SC_OPEN_MAX);
    if (max < 0 || max > 65536)
        max = 65536;
    for (int fd = 3; fd < max; fd++)
        fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static void child_exec(const RunSpec *spec, int outfd, int errfd)
{
    /* Default dispositions and an empty mask: nothing of the caller's
     * signal handling leaks into the command. */
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP)
            signal(sig, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (devnull < 0 || dup2(devnull, 0) < 0)
        child_fail(errfd, errno);
    if (outfd >= 0 && (dup2(outfd, 1) < 0 || dup2(outfd, 2) < 0))
        child_fail(errfd, errno);
    if (outfd < 0 && spec->stdout_to_stderr && dup2(2, 1) < 0)
        child_fail(errfd, errno);
    cloexec_from_3();

    if (spec->chroot && (chroot(spec->chroot) < 0 || chdir("/") < 0))
        child_fail(errfd, errno);
    if (spec->chdir && chdir(spec->chdir) < 0)
        child_fail(errfd, errno);
    if (spec->set_umask)
        umask(spec->umask);
    if (spec->set_gid && (setgroups(0, NULL) < 0 || setgid(spec->gid) < 0))
        child_fail(errfd, errno);
    if (spec->set_uid && setuid(spec->uid) < 0)
        child_fail(errfd, errno);

    char *const *envp = spec->envp ? (char *const *)spec->envp : environ;
    if (spec->shell) {
        char *const argv[] = { "sh", "-c", (char *)spec->shell, NULL };
        execve("/bin/sh", argv, envp);
    } else {
        execve(spec->argv[0], (char *const *)spec->argv, envp);
    }
    child_fail(errfd, errno);
}

/* ---- the parent ----------------------------------------------------------- */

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int decode_status(int wstatus)
{
    if (WIFEXITED(wstatus))
        return WEXITSTATUS(wstatus);
    if (WIFSIGNALED(wstatus))
        return 128 + WTERMSIG(wstatus);
    return 255;
}

static void append_output(RunResult *res, const char *data, size_t n, bool *dropped)
{
    if (res->output.len + n > RUN_MAX_OUTPUT) {
        *dropped = true;
        n = res->output.len < RUN_MAX_OUTPUT ? RUN_MAX_OUTPUT - res->output.len : 0;
    }
    buf_append(&res->output, data, n);
}

/* Reads what the pipe holds now, without blocking; false at its end. */
static bool drain(int fd, RunResult *res, bool *dropped)
{
    char chunk[8192];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n > 0) {
            append_output(res, chunk, (size_t)n, dropped);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        return n < 0 && errno == EAGAIN;
    }
}

/* Waits for the child (and reads its output) until it exits or the
 * deadline passes; true when it exited (*wstatus set). */
static bool wait_until(pid_t pid, int outfd, long long deadline, const volatile sig_atomic_t *stop, RunResult *res,
                       bool *dropped, int *wstatus)
{
    bool open = outfd >= 0;
    for (;;) {
        pid_t w = waitpid(pid, wstatus, WNOHANG);
        if (w == pid)
            return true;
        if (w < 0 && errno != EINTR)
            return true; /* not our child any more: nothing to wait for */
        if (stop && *stop) {
            res->stopped = true;
            return false;
        }
        long long left = deadline < 0 ? 50 : deadline - now_ms();
        if (deadline >= 0 && left <= 0)
            return false;
        int wait_ms = left > 50 ? 50 : (int)left;
        if (open) {
            struct pollfd p = { outfd, POLLIN, 0 };
            if (poll(&p, 1, wait_ms) > 0)
                open = drain(outfd, res, dropped);
        } else {
            struct timespec ts = { 0, (long)wait_ms * 1000000L };
            nanosleep(&ts, NULL);
        }
    }
}

/* SIGTERM to the group, SIGKILL to the leader after the grace period,
 * and SIGKILL to whatever is left of the group once the leader is gone. */
static void kill_group(pid_t pid, int outfd, RunResult *res, bool *dropped, int *wstatus)
{
    kill(-pid, SIGTERM);
    if (!wait_until(pid, outfd, now_ms() + RUN_KILL_GRACE_MS, NULL, res, dropped, wstatus)) {
        kill(-pid, SIGKILL);
        while (waitpid(pid, wstatus, 0) < 0 && errno == EINTR)
            ;
    }
    kill(-pid, SIGKILL);
}

char **run_environ_without(const char *const *names)
{
    size_t n = 0;
    while (environ && environ[n])
        n++;
    char **env = xcalloc(n + 1, sizeof *env);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *eq = strchr(environ[i], '=');
        size_t len = eq ? (size_t)(eq - environ[i]) : strlen(environ[i]);
        bool dropped = false;
        for (const char *const *name = names; *name && !dropped; name++)
            dropped = strlen(*name) == len && memcmp(*name, environ[i], len) == 0;
        if (!dropped)
            env[k++] = environ[i];
    }
    env[k] = NULL;
    return env;
}

/* The errno the child sent before it gave up, or 0 when it exec'd. */
static int read_child_error(int fd)
{
    int err = 0;
    ssize_t n;
    while ((n = read(fd, &err, sizeof err)) < 0 && errno == EINTR)
        ;
    return n == (ssize_t)sizeof err ? err : 0;
}

int run_command(const RunSpec *spec, RunResult *res)
{
    memset(res, 0, sizeof *res);
    res->output = (Buf)BUF_INIT;
    int errpipe[2], outpipe[2] = { -1, -1 };
    bool capture = spec->capture && !spec->background;
    if (pipe2(errpipe, O_CLOEXEC) < 0) {
        res->error = errno;
        return -1;
    }
    if (capture && pipe2(outpipe, O_CLOEXEC) < 0) {
        res->error = errno;
        close(errpipe[0]);
        close(errpipe[1]);
        return -1;
    }
    /* No handler of ours may run in the child between fork and exec. */
    sigset_t all, saved;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, &saved);
    pid_t pid = fork();
    if (pid == 0) {
        close(errpipe[0]);
        if (outpipe[0] >= 0)
            close(outpipe[0]);
        if (spec->background) {
            /* Detach: the intermediate child exits at once, so the
             * command is nobody's child here and outlives us. */
            pid_t g = fork();
            if (g < 0)
                child_fail(errpipe[1], errno);
            if (g > 0)
                _exit(0);
            setsid();
        } else {
            setpgid(0, 0);
        }
        child_exec(spec, outpipe[1], errpipe[1]);
    }
    int fork_errno = errno;
    sigprocmask(SIG_SETMASK, &saved, NULL);
    close(errpipe[1]);
    if (outpipe[1] >= 0)
        close(outpipe[1]);
    if (pid < 0) {
        res->error = fork_errno;
        close(errpipe[0]);
        if (outpipe[0] >= 0)
            close(outpipe[0]);
        return -1;
    }
    /* Both ends: the group is ours to kill even before the child set it. */
    if (!spec->background)
        setpgid(pid, pid);
    res->pid = pid;
    int err = read_child_error(errpipe[0]);
    close(errpipe[0]);

    int wstatus = 0;
    bool dropped = false;
    if (spec->background || err) {
        while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
            ;
    } else {
        if (outpipe[0] >= 0)
            fcntl(outpipe[0], F_SETFL, O_NONBLOCK);
        long long deadline = spec->timeout_sec ? now_ms() + (long long)spec->timeout_sec * 1000 : -1;
        if (!wait_until(pid, outpipe[0], deadline, spec->stop, res, &dropped, &wstatus)) {
            res->timed_out = !res->stopped;
            kill_group(pid, outpipe[0], res, &dropped, &wstatus);
        }
        /* What the command wrote before it ended; a process it left
         * behind holding the pipe is not waited for. */
        if (outpipe[0] >= 0)
            drain(outpipe[0], res, &dropped);
    }
    if (outpipe[0] >= 0)
        close(outpipe[0]);
    if (dropped)
        buf_puts(&res->output, "\n[minicf: output cut at 16 MiB]\n");
    if (err) {
        res->error = err;
        return -1;
    }
    res->started = true;
    res->status = spec->background ? 0 : decode_status(wstatus);
    res->signo = !spec->background && WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0;
    return 0;
}

void run_result_free(RunResult *res)
{
    buf_free(&res->output);
}

bool run_split_command(const char *command, Vec *argv)
{
    const char *p = command;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')
            p++;
        if (!*p)
            return true;
        if (*p == '"' || *p == '\'' || *p == '`') {
            char quote = *p++;
            const char *end = strchr(p, quote);
            if (!end) {
                vec_push(argv, xstrdup(p)); /* the rest, for callers that go on */
                return false;
            }
            vec_push(argv, xstrndup(p, (size_t)(end - p)));
            p = end + 1;
        } else {
            const char *end = p + strcspn(p, " \t\n\r\f\v");
            vec_push(argv, xstrndup(p, (size_t)(end - p)));
            p = end;
        }
    }
}
