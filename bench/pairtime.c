/* pairtime.c - times two or more commands side by side, in alternating
 * blocks of runs, so that a change in the machine's load over the minutes
 * a benchmark takes weighs on every command alike.
 *
 * Usage: pairtime [-r RUNS] [-w WARMUP] [-b BLOCK] CMD [ARG...] [--and CMD [ARG...]]...
 *
 * After WARMUP runs of each command (default 3), the commands take turns
 * (the order reversed every other turn, so that none always follows the
 * same one): in its turn a command runs once uncounted, then BLOCK times
 * counted (default 5), until each has RUNS counted runs (default 20). So
 * every counted run follows a run of the same command, as in hyperfine's
 * back-to-back runs (not the teardown of another, larger program, whose
 * memory the kernel frees in deferred work after it is reaped), while a
 * slow minute falls on every command alike, unlike hyperfine's one
 * command after the other.
 *
 * A command is started with posix_spawnp() (no shell), its standard input,
 * output and error on /dev/null, and waited for with wait4(): its wall time
 * runs from just before the spawn to the end of the wait, and its CPU time
 * is the user and system time wait4() reports, which includes the children
 * it waited for. Prints one line per command, in the order given:
 *     median_ms MEDIAN fastest_ms FASTEST cpu_ms MEDIAN_CPU exit CODE
 * (medians, not means: a run the machine stalled must not weigh more than
 * any other)
 * (CODE: the exit status of its last run; 128+N when signal N ended it).
 * Exits 2 on a usage error, 1 when a command cannot be started.
 *
 * bench/lib.sh uses it when it is built (make builds it; it is not
 * installed).
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

typedef struct {
    char **argv;
    double *wall_ms; /* one per counted run */
    double *cpu_ms;  /* one per counted run */
    int last_exit;
} Command;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double tv_ms(struct timeval tv)
{
    return (double)tv.tv_sec * 1e3 + (double)tv.tv_usec / 1e3;
}

/* Runs c once; its wall and CPU times into *wall and *cpu. False when it
 * cannot be started (said why). */
static bool run_once(Command *c, const posix_spawn_file_actions_t *fa, double *wall, double *cpu)
{
    pid_t pid;
    double t0 = now_ms();
    int err = posix_spawnp(&pid, c->argv[0], fa, NULL, c->argv, environ);
    if (err != 0) {
        fprintf(stderr, "pairtime: cannot run %s: %s\n", c->argv[0], strerror(err));
        return false;
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("pairtime: wait4");
            return false;
        }
    }
    *wall = now_ms() - t0;
    *cpu = tv_ms(ru.ru_utime) + tv_ms(ru.ru_stime);
    c->last_exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return true;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of n sorted values. */
static double median_of(const double *v, long n)
{
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: pairtime [-r RUNS] [-w WARMUP] [-b BLOCK] CMD [ARG...] [--and CMD [ARG...]]...\n");
}

static long count_arg(const char *opt, const char *s, long min)
{
    char *end;
    long n = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || n < min || n > 100000) {
        fprintf(stderr, "pairtime: %s wants a number from %ld, not '%s'\n", opt, min, s);
        exit(2);
    }
    return n;
}

int main(int argc, char **argv)
{
    long runs = 20, warmup = 3, block = 5;
    int opt;
    /* '+': options end at the first command */
    while ((opt = getopt(argc, argv, "+b:hr:w:")) != -1) {
        switch (opt) {
        case 'r':
            runs = count_arg("-r", optarg, 1);
            break;
        case 'w':
            warmup = count_arg("-w", optarg, 0);
            break;
        case 'b':
            block = count_arg("-b", optarg, 1);
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return 2;
    }
    /* the commands: argv split at each "--and" (which becomes its end) */
    size_t ncmd = 1;
    for (int i = optind; i < argc; i++)
        if (strcmp(argv[i], "--and") == 0)
            ncmd++;
    Command *cmds = calloc(ncmd, sizeof *cmds);
    if (!cmds) {
        perror("pairtime");
        return 1;
    }
    size_t k = 0;
    cmds[0].argv = &argv[optind];
    for (int i = optind; i < argc; i++)
        if (strcmp(argv[i], "--and") == 0) {
            argv[i] = NULL;
            cmds[++k].argv = &argv[i + 1];
        }
    for (size_t c = 0; c < ncmd; c++) {
        if (!cmds[c].argv[0]) {
            fprintf(stderr, "pairtime: an empty command\n");
            return 2;
        }
        cmds[c].wall_ms = calloc((size_t)runs, sizeof *cmds[c].wall_ms);
        cmds[c].cpu_ms = calloc((size_t)runs, sizeof *cmds[c].cpu_ms);
        if (!cmds[c].wall_ms || !cmds[c].cpu_ms) {
            perror("pairtime");
            return 1;
        }
    }

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    for (int fd = 0; fd <= 2; fd++)
        posix_spawn_file_actions_addopen(&fa, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);

    int rc = 0;
    double wall, cpu;
    for (size_t c = 0; c < ncmd && rc == 0; c++)
        for (long i = 0; i < warmup && rc == 0; i++)
            if (!run_once(&cmds[c], &fa, &wall, &cpu))
                rc = 1;
    long done = 0; /* counted runs of each command so far */
    for (long turn = 0; done < runs && rc == 0; turn++) {
        long n = runs - done < block ? runs - done : block;
        for (size_t j = 0; j < ncmd && rc == 0; j++) {
            size_t c = (turn & 1) ? ncmd - 1 - j : j;
            /* one uncounted run after the other command's */
            for (long i = -1; i < n && rc == 0; i++) {
                if (!run_once(&cmds[c], &fa, &wall, &cpu)) {
                    rc = 1;
                } else if (i >= 0) {
                    cmds[c].wall_ms[done + i] = wall;
                    cmds[c].cpu_ms[done + i] = cpu;
                }
            }
        }
        done += n;
    }
    posix_spawn_file_actions_destroy(&fa);

    for (size_t c = 0; c < ncmd && rc == 0; c++) {
        double *t = cmds[c].wall_ms;
        qsort(t, (size_t)runs, sizeof *t, by_value);
        qsort(cmds[c].cpu_ms, (size_t)runs, sizeof *cmds[c].cpu_ms, by_value);
        printf("median_ms %.2f fastest_ms %.2f cpu_ms %.2f exit %d\n", median_of(t, runs), t[0],
               median_of(cmds[c].cpu_ms, runs), cmds[c].last_exit);
    }
    for (size_t c = 0; c < ncmd; c++) {
        free(cmds[c].wall_ms);
        free(cmds[c].cpu_ms);
    }
    free(cmds);
    return rc;
}
