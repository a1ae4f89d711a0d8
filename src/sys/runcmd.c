/* runcmd.c - running commands with a clean mask, environment and fds. */
#include "sys/runcmd.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/log.h"
#include "base/vec.h"

static char *const CLEAN_ENV[] = {
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "LC_ALL=C",
    NULL,
};

/* Closes every descriptor from 3 up, whatever its flags: the parent's
 * O_CLOEXEC covers minicf's own, this covers those of libraries and of
 * whoever started minicf. */
static void close_from_3(long max_fd)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    if (close_range(3, ~0U, 0) == 0)
        return;
#endif
    for (long fd = 3; fd < max_fd; fd++)
        close((int)fd);
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void child(const char *const argv[], int out_fd, RuncmdCapture capture, long max_fd)
{
    sigset_t none;
    sigemptyset(&none);
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (int s = 1; s < NSIG; s++)
        sigaction(s, &dfl, NULL);
    sigprocmask(SIG_SETMASK, &none, NULL);
    int null = open("/dev/null", O_RDWR);
    if (null < 0)
        _exit(127);
    dup2(null, 0);
    dup2(capture & RUNCMD_STDOUT ? out_fd : null, 1);
    dup2(capture & RUNCMD_STDERR ? out_fd : null, 2);
    close_from_3(max_fd);
    execve(argv[0], (char *const *)argv, CLEAN_ENV);
    _exit(127);
}

int runcmd(const char *const argv[], RuncmdCapture capture, Buf *out)
{
    long max_fd = sysconf(_SC_OPEN_MAX);
    if (max_fd < 0 || max_fd > 65536)
        max_fd = 65536;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0) {
        log_warn("pipe");
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        log_warn("fork");
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0)
        child(argv, fds[1], capture, max_fd);
    close(fds[1]);
    char chunk[4096];
    for (;;) {
        ssize_t r = read(fds[0], chunk, sizeof chunk);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        if (out)
            buf_append(out, chunk, (size_t)r);
    }
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            log_warn("waitpid");
            return -1;
        }
    }
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

char **runcmd_split(const char *command)
{
    Vec words = VEC_INIT;
    const char *p = command;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        if (!*p)
            break;
        Buf w = BUF_INIT;
        if (*p == '"' || *p == '\'' || *p == '`') {
            char q = *p++;
            const char *end = strchr(p, q);
            if (!end)
                end = p + strlen(p);
            buf_append(&w, p, (size_t)(end - p));
            p = *end ? end + 1 : end;
        } else {
            while (*p && *p != ' ' && *p != '\t' && *p != '\n')
                buf_putc(&w, *p++);
        }
        vec_push(&words, buf_steal(&w));
    }
    vec_push(&words, NULL);
    return (char **)words.items;
}

void runcmd_free_argv(char **argv)
{
    for (char **a = argv; a && *a; a++)
        free(*a);
    free(argv);
}
