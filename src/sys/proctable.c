/* proctable.c - reading the process table from /proc. */
#include "sys/proctable.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"

/* A command line longer than this is cut (ps cuts far shorter). */
#define PROC_MAX_FILE (4u * 1024 * 1024)

/* Reads a whole small file under dirfd; NULL (errno set) when it cannot
 * be read. *len gets its length; the text is NUL-terminated. */
static char *read_at(int dirfd, const char *name, size_t *len)
{
    int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return NULL;
    size_t cap = 1024, n = 0;
    char *text = xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            if (cap >= PROC_MAX_FILE)
                break;
            cap *= 2;
            text = xrealloc(text, cap);
        }
        ssize_t r = read(fd, text + n, cap - 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int saved = errno;
            free(text);
            close(fd);
            errno = saved;
            return NULL;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    text[n] = '\0';
    if (len)
        *len = n;
    return text;
}

bool proc_parse_stat(const char *text, ProcEntry *e, long page_kb)
{
    /* "PID (COMM) S PPID PGRP SESSION TTY TPGID FLAGS MINFLT CMINFLT MAJFLT
     * CMAJFLT UTIME STIME CUTIME CSTIME PRIORITY NICE THREADS ITREAL START
     * VSIZE RSS ...": COMM may hold anything, ')' and blanks included, so
     * it ends at the last ')'. */
    const char *open = strchr(text, '(');
    const char *close = strrchr(text, ')');
    if (!open || !close || close < open)
        return false;
    char *end;
    long pid = strtol(text, &end, 10);
    if (end == text || pid <= 0)
        return false;
    e->pid = (pid_t)pid;
    free(e->comm);
    e->comm = xstrndup(open + 1, (size_t)(close - open - 1));
    const char *p = close + 1;
    while (*p == ' ')
        p++;
    if (!*p)
        return false;
    e->state = *p++;
    /* Fields 4 to 24, as numbers. */
    long long f[25] = { 0 };
    for (int i = 4; i <= 24; i++) {
        errno = 0;
        f[i] = strtoll(p, &end, 10);
        if (end == p)
            return false;
        p = end;
    }
    e->ppid = (pid_t)f[4];
    e->pgid = (pid_t)f[5];
    e->sid = (pid_t)f[6];
    e->tty_nr = (int)f[7];
    e->utime = (unsigned long long)f[14];
    e->stime = (unsigned long long)f[15];
    e->priority = (long)f[18];
    e->nice = (long)f[19];
    e->threads = (long)f[20];
    e->start_ticks = (unsigned long long)f[22];
    e->vsize_kb = (unsigned long long)f[23] / 1024;
    e->rss_kb = (unsigned long long)f[24] * (unsigned long long)page_kb;
    /* Fields 25 to 41 (policy), where the kernel gives them; some (25,
     * the rss limit) do not fit a signed number, so they are only skipped. */
    e->policy = 0;
    for (int i = 25; i <= 41; i++) {
        unsigned long long v = strtoull(p, &end, 10);
        if (end == p)
            break;
        p = end;
        if (i == 41)
            e->policy = (int)v;
    }
    return true;
}

/* "Uid:\tREAL\tEFFECTIVE\t...", "Gid:" and "VmRSS:\t N kB" lines of
 * /proc/PID/status. VmRSS is what ps shows as RSS; the rss of stat lags
 * behind it (the kernel batches those counters per thread). */
static void parse_status(const char *text, ProcEntry *e)
{
    const char *u = strstr(text, "\nUid:");
    if (u) {
        char *end;
        unsigned long r = strtoul(u + 5, &end, 10);
        unsigned long eff = strtoul(end, NULL, 10);
        e->ruid = (uid_t)r;
        e->uid = (uid_t)eff;
    }
    const char *g = strstr(text, "\nGid:");
    if (g) {
        char *end;
        (void)strtoul(g + 5, &end, 10);
        e->gid = (gid_t)strtoul(end, NULL, 10);
    }
    const char *r = strstr(text, "\nVmRSS:");
    if (r)
        e->rss_kb = strtoull(r + 7, NULL, 10);
}

/* The command line, arguments joined by blanks; "[comm]" when empty. */
static char *join_cmdline(char *text, size_t len, const char *comm)
{
    while (len > 0 && text[len - 1] == '\0')
        len--;
    if (len == 0)
        return xasprintf("[%s]", comm);
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\0')
            text[i] = ' ';
    return xstrndup(text, len);
}

static void entry_free(void *p)
{
    ProcEntry *e = p;
    if (!e)
        return;
    free(e->comm);
    free(e->args);
    free(e);
}

/* Reads one process; NULL when it is gone or unreadable. */
static ProcEntry *read_process(ProcTable *t, int rootfd, const char *name)
{
    int dirfd = openat(rootfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0)
        return NULL;
    ProcEntry *e = xcalloc(1, sizeof *e);
    char *stat = read_at(dirfd, "stat", NULL);
    bool ok = stat && proc_parse_stat(stat, e, t->page_kb);
    free(stat);
    if (ok) {
        char *status = read_at(dirfd, "status", NULL);
        if (status) {
            parse_status(status, e);
            free(status);
        }
        size_t len = 0;
        char *cmdline = read_at(dirfd, "cmdline", &len);
        e->args = cmdline ? join_cmdline(cmdline, len, e->comm) : xasprintf("[%s]", e->comm);
        free(cmdline);
        if (t->boot_time > 0 && t->ticks_per_sec > 0)
            e->start_time = t->boot_time + (time_t)(e->start_ticks / (unsigned long long)t->ticks_per_sec);
    }
    close(dirfd);
    if (!ok) {
        entry_free(e);
        return NULL;
    }
    return e;
}

static time_t read_boot_time(int rootfd)
{
    char *stat = read_at(rootfd, "stat", NULL);
    if (!stat)
        return 0;
    time_t bt = 0;
    const char *b = strstr(stat, "\nbtime ");
    if (b)
        bt = (time_t)strtoll(b + 7, NULL, 10);
    free(stat);
    return bt;
}

static int by_pid(const void *a, const void *b)
{
    const ProcEntry *x = *(ProcEntry *const *)a, *y = *(ProcEntry *const *)b;
    return (x->pid > y->pid) - (x->pid < y->pid);
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

int proctable_load(ProcTable *t, const char *root)
{
    if (!root)
        root = "/proc";
    int rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0)
        return -1;
    int dupfd = fcntl(rootfd, F_DUPFD_CLOEXEC, 0);
    DIR *dir = dupfd >= 0 ? fdopendir(dupfd) : NULL;
    if (!dir) {
        int saved = errno;
        if (dupfd >= 0)
            close(dupfd);
        close(rootfd);
        errno = saved;
        return -1;
    }
    t->ticks_per_sec = sysconf(_SC_CLK_TCK);
    long page = sysconf(_SC_PAGESIZE);
    t->page_kb = page > 0 ? page / 1024 : 4;
    t->boot_time = read_boot_time(rootfd);
    struct dirent *d;
    while ((d = readdir(dir)) != NULL) {
        if (!all_digits(d->d_name))
            continue;
        ProcEntry *e = read_process(t, rootfd, d->d_name);
        if (e)
            vec_push(&t->entries, e);
    }
    closedir(dir);
    close(rootfd);
    qsort(t->entries.items, t->entries.len, sizeof(void *), by_pid);
    return 0;
}

void proctable_free(ProcTable *t)
{
    vec_free(&t->entries, entry_free);
    map_free(&t->users, free);
    t->entries = (Vec)VEC_INIT;
    t->users = (Map)MAP_INIT;
}

const ProcEntry *proctable_find(const ProcTable *t, pid_t pid)
{
    size_t lo = 0, hi = t->entries.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const ProcEntry *e = t->entries.items[mid];
        if (e->pid == pid)
            return e;
        if (e->pid < pid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

unsigned long long proc_cpu_seconds(const ProcTable *t, const ProcEntry *e)
{
    long hz = t->ticks_per_sec > 0 ? t->ticks_per_sec : 100;
    return (e->utime + e->stime) / (unsigned long long)hz;
}

const char *proctable_user(ProcTable *t, uid_t uid)
{
    char key[32];
    snprintf(key, sizeof key, "%lu", (unsigned long)uid);
    const char *name = map_get(&t->users, key);
    if (name)
        return name;
    struct passwd pw, *res = NULL;
    char buf[4096];
    char *n = getpwuid_r(uid, &pw, buf, sizeof buf, &res) == 0 && res ? xstrdup(pw.pw_name) : xstrdup(key);
    map_put(&t->users, key, n);
    return n;
}

const char *proc_tty_name(int tty_nr, char *buf, size_t len)
{
    unsigned major = ((unsigned)tty_nr >> 8) & 0xfffu;
    unsigned minor = ((unsigned)tty_nr & 0xffu) | (((unsigned)tty_nr >> 12) & 0xfff00u);
    if (tty_nr == 0)
        snprintf(buf, len, "?");
    else if (major >= 136 && major <= 143)
        snprintf(buf, len, "pts/%u", minor + (major - 136) * 256);
    else if (major == 4 && minor < 64)
        snprintf(buf, len, "tty%u", minor);
    else if (major == 4)
        snprintf(buf, len, "ttyS%u", minor - 64);
    else
        snprintf(buf, len, "%u,%u", major, minor);
    return buf;
}
