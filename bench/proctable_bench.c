/* proctable_bench.c - how long one scan of the process table takes.
 *
 * Usage: proctable-bench [-l | -b | -a] [-n ITERATIONS] [-r PROCROOT] [-s REGEX] [-t THREADS]
 *
 * Reads the whole table (proctable_load) ITERATIONS times (default 1000)
 * after a few warm-up scans and prints, on one line, the kind of scan,
 * the number of processes in the last table and the median and the
 * fastest scan in microseconds:
 *     full processes 500 scans 1000 median_us 812.4 fastest_us 790.1
 * -l  lazy: loads it as a processes promise does (PROCTABLE_LAZY: every
 *     PID/cmdline, PID/stat only where the command line is empty; the
 *     owner, PID/statm and the rest wait until a criterion needs them)
 * -b  bare: no table at all, only the system calls a lazy scan cannot do
 *     without (list the directory; open, read and close PID/cmdline, and
 *     PID/stat where the command line is empty), nothing parsed; the
 *     floor under -l
 * -a  all of them, one of each in turn in every iteration (so that a
 *     change in the machine's load weighs on all of them alike), and -l
 *     with one thread too ("lazy1"); four lines
 * -s  each table scan is followed by one selection of REGEX over the
 *     table (procselect_run, promiser only) and the time includes it.
 * -t  the tables are read with THREADS threads (ProcTable.threads);
 *     default: as many as proctable_load_with() chooses. -b is always
 *     one thread.
 *
 * bench/agent.sh runs it with 500 processes present; it is built by
 * `make` but not installed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sys/procselect.h"
#include "sys/proctable.h"

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void usage(FILE *out)
{
    fprintf(out, "usage: proctable-bench [-l | -b | -a] [-n ITERATIONS] [-r PROCROOT] [-s REGEX] [-t THREADS]\n");
}

/* -b: one bare scan; the number of processes, or -1. */
static long bare_scan(const char *root)
{
    static char buf[65536];
    int rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0)
        return -1;
    DIR *dir = fdopendir(fcntl(rootfd, F_DUPFD_CLOEXEC, 0));
    if (!dir) {
        close(rootfd);
        return -1;
    }
    long n = 0;
    struct dirent *d;
    while ((d = readdir(dir)) != NULL) {
        if (d->d_name[0] < '0' || d->d_name[0] > '9')
            continue;
        static const char *const files[] = { "cmdline", "stat" };
        for (size_t i = 0; i < 2; i++) {
            char path[sizeof d->d_name + 16];
            snprintf(path, sizeof path, "%s/%s", d->d_name, files[i]);
            int fd = openat(rootfd, path, O_RDONLY | O_CLOEXEC);
            if (fd < 0)
                continue;
            ssize_t r = read(fd, buf, sizeof buf);
            if (r < 0)
                perror("proctable-bench: read");
            close(fd);
            /* stat only for an empty command line (a kernel thread, a
             * zombie): one of NULs alone */
            while (r > 0 && buf[r - 1] == '\0')
                r--;
            if (r > 0)
                break;
        }
        n++;
    }
    closedir(dir);
    close(rootfd);
    return n;
}

enum { MODE_FULL, MODE_LAZY, MODE_LAZY_ONE, MODE_BARE, MODES };
static const char *const mode_names[MODES] = { "full", "lazy", "lazy1", "bare" };

/* One scan of the given kind; its time in microseconds into *us and the
 * number of processes into *count. False (errno set) when root cannot be
 * read. */
static bool scan_once(int mode, const char *root, ProcSelect *sel, unsigned threads, double *us,
                      size_t *count)
{
    double t0 = now_us();
    if (mode == MODE_BARE) {
        long n = bare_scan(root);
        *us = now_us() - t0;
        if (n < 0)
            return false;
        *count = (size_t)n;
        return true;
    }
    ProcTable t = PROCTABLE_INIT;
    t.threads = mode == MODE_LAZY_ONE ? 1 : threads;
    if (proctable_load_with(&t, root, mode == MODE_FULL ? 0 : PROCTABLE_LAZY) != 0)
        return false;
    if (sel) {
        Vec out = VEC_INIT;
        procselect_run(sel, &t, &out);
        vec_free(&out, NULL);
    }
    *us = now_us() - t0;
    *count = t.entries.len;
    proctable_free(&t);
    return true;
}

int main(int argc, char **argv)
{
    long iterations = 1000;
    unsigned threads = 0;
    const char *root = "/proc", *regex = NULL;
    bool on[MODES] = { true, false, false, false };
    int opt;
    while ((opt = getopt(argc, argv, "abhln:r:s:t:")) != -1) {
        switch (opt) {
        case 'a':
            on[MODE_FULL] = on[MODE_LAZY] = on[MODE_LAZY_ONE] = on[MODE_BARE] = true;
            break;
        case 'b':
            on[MODE_FULL] = on[MODE_LAZY] = on[MODE_LAZY_ONE] = false;
            on[MODE_BARE] = true;
            break;
        case 'l':
            on[MODE_FULL] = on[MODE_LAZY_ONE] = on[MODE_BARE] = false;
            on[MODE_LAZY] = true;
            break;
        case 'n':
            iterations = strtol(optarg, NULL, 10);
            if (iterations < 1) {
                fprintf(stderr, "proctable-bench: -n wants a positive number, not '%s'\n", optarg);
                return 2;
            }
            break;
        case 'r':
            root = optarg;
            break;
        case 's':
            regex = optarg;
            break;
        case 't': {
            long n = strtol(optarg, NULL, 10);
            if (n < 1 || n > (long)PROCTABLE_MAX_THREADS) {
                fprintf(stderr, "proctable-bench: -t wants 1 to %u, not '%s'\n", PROCTABLE_MAX_THREADS, optarg);
                return 2;
            }
            threads = (unsigned)n;
            break;
        }
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return 2;
    }

    ProcSelect *sel = NULL;
    if (regex) {
        ProcQuery q = { .promiser = regex, .self = getpid(), .now = time(NULL) };
        sel = procselect_new(&q);
        if (procselect_error(sel)) {
            fprintf(stderr, "proctable-bench: %s\n", procselect_error(sel));
            procselect_free(sel);
            return 2;
        }
    }

    double *times[MODES] = { NULL };
    size_t count[MODES] = { 0 };
    int rc = 0;
    for (int m = 0; m < MODES; m++)
        if (on[m] && !(times[m] = calloc((size_t)iterations, sizeof *times[m]))) {
            perror("proctable-bench");
            rc = 1;
        }
    int warmup = 5;
    for (long i = -warmup; i < iterations && rc == 0; i++)
        for (int m = 0; m < MODES && rc == 0; m++) {
            double us;
            if (!on[m])
                continue;
            if (!scan_once(m, root, sel, threads, &us, &count[m])) {
                fprintf(stderr, "proctable-bench: cannot read '%s': %s\n", root, strerror(errno));
                rc = 1;
            } else if (i >= 0) {
                times[m][i] = us;
            }
        }
    for (int m = 0; m < MODES && rc == 0; m++) {
        if (!on[m])
            continue;
        double *t = times[m];
        qsort(t, (size_t)iterations, sizeof *t, by_value);
        double median = iterations % 2 ? t[iterations / 2] : (t[iterations / 2 - 1] + t[iterations / 2]) / 2;
        printf("%s processes %zu scans %ld median_us %.1f fastest_us %.1f\n", mode_names[m], count[m], iterations,
               median, t[0]);
    }
    for (int m = 0; m < MODES; m++)
        free(times[m]);
    procselect_free(sel);
    return rc;
}
