/* proctable.c - reading the process table from /proc. */
#include "sys/proctable.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/rxneedle.h"
#include "base/buf.h"

/* A command line longer than this is cut (ps cuts far shorter). */
#define PROC_MAX_FILE (4u * 1024 * 1024)

/* The first size of the table's read buffer: a stat line, a statm line
 * and most command lines fit. */
#define PROC_BUF_START 4096u

/* stat's flags: the process is a kernel thread (no command line). */
#define PROC_PF_KTHREAD 0x00200000ull

/* Reads a whole small file under dirfd into b; -1 (errno set) when it
 * cannot be read, else its length. The text is NUL-terminated. A read
 * that returns less than it was asked for is the end of the file (procfs
 * fills the whole buffer while there is more, as regular files do), which
 * saves a read per file. */
static ssize_t read_at(ProcBuf *b, int dirfd, const char *name)
{
    int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return -1;
    if (!b->data) {
        b->cap = PROC_BUF_START;
        b->data = xmalloc(b->cap);
    }
    size_t n = 0;
    for (;;) {
        if (n + 1 >= b->cap) {
            if (b->cap >= PROC_MAX_FILE)
                break;
            b->cap *= 2;
            b->data = xrealloc(b->data, b->cap);
        }
        size_t want = b->cap - 1 - n;
        ssize_t r = read(fd, b->data + n, want);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int saved = errno;
            close(fd);
            errno = saved;
            return -1;
        }
        n += (size_t)r;
        if ((size_t)r < want)
            break;
    }
    close(fd);
    b->data[n] = '\0';
    return (ssize_t)n;
}

/* strtoull's reading of a number (blanks, a sign, digits; saturated at
 * ULLONG_MAX, a minus negating), without its locale and base handling.
 * False, *p unmoved, when there are no digits. */
static bool scan_number(const char **p, unsigned long long *mag, bool *neg, bool *over)
{
    const char *s = *p;
    while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
        s++;
    *neg = false;
    if (*s == '-' || *s == '+')
        *neg = *s++ == '-';
    if (*s < '0' || *s > '9')
        return false;
    unsigned long long v = 0;
    *over = false;
    for (; *s >= '0' && *s <= '9'; s++) {
        unsigned d = (unsigned)(*s - '0');
        if (v > ULLONG_MAX / 10 || (v == ULLONG_MAX / 10 && d > ULLONG_MAX % 10))
            *over = true;
        else
            v = v * 10 + d;
    }
    *mag = *over ? ULLONG_MAX : v;
    *p = s;
    return true;
}

/* Past one number as scan_number() reads it, its value unused. */
static bool skip_number(const char **p)
{
    const char *s = *p;
    while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
        s++;
    if (*s == '-' || *s == '+')
        s++;
    if (*s < '0' || *s > '9')
        return false;
    while (*s >= '0' && *s <= '9')
        s++;
    *p = s;
    return true;
}

/* As strtoll: the value, saturated at LLONG_MIN and LLONG_MAX. */
static bool scan_ll(const char **p, long long *out)
{
    unsigned long long mag;
    bool neg, over;
    if (!scan_number(p, &mag, &neg, &over))
        return false;
    if (neg)
        *out = mag > (unsigned long long)LLONG_MAX ? LLONG_MIN : -(long long)mag;
    else
        *out = mag > (unsigned long long)LLONG_MAX ? LLONG_MAX : (long long)mag;
    return true;
}

/* As strtoull: the value, saturated at ULLONG_MAX, a minus negating it. */
static bool scan_ull(const char **p, unsigned long long *out)
{
    unsigned long long mag;
    bool neg, over;
    if (!scan_number(p, &mag, &neg, &over))
        return false;
    *out = neg && !over ? 0 - mag : mag;
    return true;
}

bool proc_parse_stat(const char *text, ProcEntry *e)
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
    for (int i = 4; i <= 24; i++)
        if (!scan_ll(&p, &f[i]))
            return false;
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
    /* f[24], stat's rss, lags behind what ps shows: statm gives it */
    /* Fields 25 to 41 (policy), where the kernel gives them; some (25,
     * the rss limit) do not fit a signed number, so they are only skipped. */
    e->policy = 0;
    for (int i = 25; i <= 40; i++)
        if (!skip_number(&p))
            break;
    unsigned long long policy;
    if (scan_ull(&p, &policy))
        e->policy = (int)policy;
    e->kthread = ((unsigned long long)f[9] & PROC_PF_KTHREAD) != 0;
    e->stat_read = true;
    return true;
}

/* "SIZE RESIDENT SHARED TEXT LIB DATA DT" of /proc/PID/statm, in pages:
 * RESIDENT is what ps shows as RSS (status's VmRSS, the same counters);
 * stat's rss lags behind it (the kernel batches those per thread). False
 * when it is not a statm line. */
static bool parse_statm(const char *text, ProcEntry *e, long page_kb)
{
    const char *p = text;
    unsigned long long resident;
    if (!skip_number(&p) || !scan_ull(&p, &resident))
        return false;
    e->rss_kb = resident * (unsigned long long)page_kb;
    return true;
}

/* The length of a command line without its trailing NULs: 0 when empty. */
static size_t cmdline_len(const char *text, size_t len)
{
    while (len > 0 && text[len - 1] == '\0')
        len--;
    return len;
}

/* The command line, arguments joined by blanks; "[comm]" when empty
 * (comm is NULL only where the command line is known not to be). */
static char *join_cmdline(char *text, size_t len, const char *comm)
{
    len = cmdline_len(text, len);
    if (len == 0)
        return xasprintf("[%s]", comm ? comm : "");
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\0')
            text[i] = ' ';
    return xstrndup(text, len);
}

/* args as ps shows it: args itself, shared, where ps shows it unchanged
 * (no control or non-ASCII byte, no blank at either end), as nearly
 * every command line is; else a copy (proc_ps_args()). */
static char *ps_args_for(char *args)
{
    const unsigned char *p = (const unsigned char *)args;
    if (*p == ' ')
        return proc_ps_args(args);
    while (*p >= 0x20 && *p < 0x7f)
        p++;
    if (*p == '\0' && (p == (const unsigned char *)args || p[-1] != ' '))
        return args;
    return proc_ps_args(args);
}

/* e's ps_args, ps_len and ps_grams, from its args. */
static void set_ps_args(ProcEntry *e)
{
    e->ps_args = ps_args_for(e->args);
    e->ps_len = strlen(e->ps_args);
    e->ps_grams = rxneedle_grams(e->ps_args, e->ps_len);
}

static void entry_free(void *p)
{
    ProcEntry *e = p;
    if (!e)
        return;
    free(e->comm);
    if (e->ps_args != e->args)
        free(e->ps_args);
    free(e->args);
    free(e);
}

/* The owner and the rss, where a process that is there has them: when
 * they cannot be read, the process is gone (its owner unknown, it must
 * not pass for root's). Each reads name under dirfd: the process's
 * directory ("PID"), its statm ("PID/statm"). */
static void read_owner(int dirfd, const char *name, ProcEntry *e)
{
    struct stat st;
    e->owner_read = true;
    if (fstatat(dirfd, name, &st, 0) == 0) {
        e->uid = st.st_uid;
        e->gid = st.st_gid;
    } else {
        e->gone = true;
    }
}

static void read_rss(const ProcTable *t, ProcBuf *b, int dirfd, const char *name, ProcEntry *e)
{
    e->rss_read = true;
    if (read_at(b, dirfd, name) < 0 || !parse_statm(b->data, e, t->page_kb))
        e->gone = true;
}

/* The start time of a parsed stat, in epoch seconds. */
static void set_start_time(const ProcTable *t, ProcEntry *e)
{
    if (t->boot_time > 0 && t->ticks_per_sec > 0)
        e->start_time = t->boot_time + (time_t)(e->start_ticks / (unsigned long long)t->ticks_per_sec);
}

/* Writes pid in decimal at out (room for 11 bytes); returns its length. */
static size_t format_pid(char *out, pid_t pid)
{
    char digits[16], *d = digits + sizeof digits;
    unsigned long n = (unsigned long)pid;
    do
        *--d = (char)('0' + n % 10);
    while ((n /= 10) > 0);
    size_t len = (size_t)(digits + sizeof digits - d);
    memcpy(out, d, len);
    return len;
}

/* Reads one process, pid's directory under rootfd, into b; NULL when it
 * is gone or unreadable. Its files are opened by path ("PID/stat"), as ps
 * does: a directory descriptor would cost two more calls per process. */
static ProcEntry *read_process(const ProcTable *t, ProcBuf *b, int rootfd, pid_t pid)
{
    char path[32];
    char *file = path + format_pid(path, pid);
#define PROC_FILE(f) (memcpy(file, "/" f, sizeof "/" f), path)
#define PROC_DIR() (*file = '\0', path)
    ProcEntry *e = xcalloc(1, sizeof *e);
    ssize_t len = -1;
    if (t->flags & PROCTABLE_LAZY_STAT) {
        /* The command line first: a process that has one has memory, so
         * it is neither a kernel thread nor a zombie, and its stat waits
         * for proctable_stat(). An empty or unreadable one needs stat's
         * comm for "[comm]", its kthread flag and its state. */
        len = read_at(b, rootfd, PROC_FILE("cmdline"));
        if (len > 0 && cmdline_len(b->data, (size_t)len) > 0) {
            e->pid = pid;
            e->args = join_cmdline(b->data, (size_t)len, NULL);
            set_ps_args(e);
            if (!(t->flags & PROCTABLE_LAZY_OWNER))
                read_owner(rootfd, PROC_DIR(), e);
            if (!(t->flags & PROCTABLE_LAZY_RSS) && !e->gone)
                read_rss(t, b, rootfd, PROC_FILE("statm"), e);
            if (e->gone) {
                entry_free(e);
                return NULL;
            }
            return e;
        }
    }
    if (read_at(b, rootfd, PROC_FILE("stat")) < 0 || !proc_parse_stat(b->data, e)) {
        entry_free(e);
        return NULL;
    }
    if (!(t->flags & PROCTABLE_LAZY_OWNER))
        read_owner(rootfd, PROC_DIR(), e);
    if (!(t->flags & PROCTABLE_LAZY_RSS) && !e->gone)
        read_rss(t, b, rootfd, PROC_FILE("statm"), e);
    if (e->gone) {
        entry_free(e);
        return NULL;
    }
    /* a kernel thread has no command line: no need to ask; a lazy load
     * asked already, and found it empty (or unreadable) */
    if (!e->kthread && !(t->flags & PROCTABLE_LAZY_STAT))
        len = read_at(b, rootfd, PROC_FILE("cmdline"));
    else
        len = 0;
#undef PROC_FILE
#undef PROC_DIR
    e->args = len >= 0 ? join_cmdline(b->data, (size_t)len, e->comm) : xasprintf("[%s]", e->comm);
    set_ps_args(e);
    set_start_time(t, e);
    return e;
}

/* ROOT/PID/NAME (ROOT/PID when name is NULL), where a lazy read opens it
 * in one call. Owned. */
static char *entry_path(const ProcTable *t, pid_t pid, const char *name)
{
    char digits[16];
    digits[format_pid(digits, pid)] = '\0';
    return name ? xasprintf("%s/%s/%s", t->root, digits, name) : xasprintf("%s/%s", t->root, digits);
}

/* Reads w's stat (the file name under dirfd) into it; marks it gone when
 * that fails or names another process. */
static void fill_stat(const ProcTable *t, ProcBuf *b, int dirfd, const char *name, ProcEntry *w)
{
    assert(!w->comm);
    ProcEntry got = *w;
    if (read_at(b, dirfd, name) >= 0 && proc_parse_stat(b->data, &got) && got.pid == w->pid) {
        set_start_time(t, &got);
        *w = got;
    } else {
        free(got.comm);
        w->stat_read = true;
        w->gone = true;
    }
}

const ProcEntry *proctable_owner(ProcTable *t, const ProcEntry *e)
{
    if (e->owner_read || e->gone || !(t->flags & PROCTABLE_LAZY_OWNER))
        return e;
    /* the table owns its entries; this fills in what was left unread */
    char *path = entry_path(t, e->pid, NULL);
    read_owner(AT_FDCWD, path, (ProcEntry *)e);
    free(path);
    return e;
}

const ProcEntry *proctable_rss(ProcTable *t, const ProcEntry *e)
{
    if (e->rss_read || e->gone || !(t->flags & PROCTABLE_LAZY_RSS))
        return e;
    char *path = entry_path(t, e->pid, "statm");
    read_rss(t, &t->buf, AT_FDCWD, path, (ProcEntry *)e);
    free(path);
    return e;
}

const ProcEntry *proctable_stat(ProcTable *t, const ProcEntry *e)
{
    if (e->stat_read || !(t->flags & PROCTABLE_LAZY_STAT))
        return e;
    /* the table owns its entries; this fills in what was left unread */
    char *path = entry_path(t, e->pid, "stat");
    fill_stat(t, &t->buf, AT_FDCWD, path, (ProcEntry *)e);
    free(path);
    return e;
}

static time_t read_boot_time(ProcTable *t, int rootfd)
{
    if (read_at(&t->buf, rootfd, "stat") < 0)
        return 0;
    const char *b = strstr(t->buf.data, "\nbtime ");
    return b ? (time_t)strtoll(b + 7, NULL, 10) : 0;
}

static int by_pid(const void *a, const void *b)
{
    const ProcEntry *x = *(ProcEntry *const *)a, *y = *(ProcEntry *const *)b;
    return (x->pid > y->pid) - (x->pid < y->pid);
}

/* The pid a /proc entry names: 0 when it names none ("self", "sys", ...). */
static pid_t entry_pid(const char *name)
{
    unsigned long long n = 0;
    size_t i = 0;
    for (; name[i] >= '0' && name[i] <= '9'; i++) {
        n = n * 10 + (unsigned)(name[i] - '0');
        if (n > INT_MAX)
            return 0;
    }
    return i > 0 && name[i] == '\0' ? (pid_t)n : 0;
}

/* Work shared among threads: items 0 to n-1, each done by one call of
 * one() (a function of the item alone, which writes nothing any other
 * item's call reads), and the next item no thread has taken yet. */
typedef struct Scan Scan;
struct Scan {
    void (*one)(Scan *s, ProcBuf *b, size_t i);
    const ProcTable *t;
    int rootfd;
    size_t n;
    atomic_size_t next;
    /* A load: the pids to read, the entries read (NULL where gone). */
    const pid_t *pids;
    ProcEntry **got;
    /* A fill: the entries, and what to read of them. */
    ProcEntry *const *entries;
    unsigned what;
};

/* Items a thread takes at a time: few enough that the threads finish
 * together, enough that they seldom meet at the counter. */
#define SCAN_BATCH 16u

/* A scan thread's stack: it needs a few kilobytes. */
#define SCAN_STACK (256u * 1024)

/* Does items batch by batch until none is left, with its own buffer. */
static void scan_run(Scan *s, ProcBuf *b)
{
    for (;;) {
        size_t i = atomic_fetch_add_explicit(&s->next, SCAN_BATCH, memory_order_relaxed);
        if (i >= s->n)
            break;
        size_t end = i + SCAN_BATCH < s->n ? i + SCAN_BATCH : s->n;
        for (; i < end; i++)
            s->one(s, b, i);
    }
}

static void *scan_thread(void *arg)
{
    /* A descriptor table of its own: each open and close takes its
     * table's lock, and each use of a descriptor of a shared table counts
     * a reference, which the threads would contend for. Its copies of
     * the process's descriptors go when it ends, before the load returns;
     * where it cannot, it shares the table, which is only slower.
     * (ThreadSanitizer takes descriptors for the process's: a number
     * reused in another table would look like a race to it.) */
#ifndef __SANITIZE_THREAD__
    (void)unshare(CLONE_FILES);
#endif
    ProcBuf b = { NULL, 0 };
    scan_run(arg, &b);
    free(b.data);
    return NULL;
}

/* Processes per thread below which another thread costs more (starting
 * it, about 30 microseconds) than it saves. */
#define SCAN_PER_THREAD 128u

/* How many threads do n items of a table. */
static unsigned scan_threads(const ProcTable *t, size_t n)
{
    if (t->threads > 0)
        return t->threads < PROCTABLE_MAX_THREADS ? t->threads : PROCTABLE_MAX_THREADS;
    size_t want = n / SCAN_PER_THREAD;
    if (want <= 1)
        return 1;
    cpu_set_t cpus;
    size_t ncpu = sched_getaffinity(0, sizeof cpus, &cpus) == 0 ? (size_t)CPU_COUNT(&cpus) : 1;
    if (want > ncpu)
        want = ncpu;
    return want < PROCTABLE_MAX_THREADS ? (unsigned)want : PROCTABLE_MAX_THREADS;
}

/* Does every item of s, with up to nthreads threads (this one among
 * them), this one with b. */
static void scan(Scan *s, ProcBuf *b, unsigned nthreads)
{
    atomic_init(&s->next, 0);
    pthread_t tids[PROCTABLE_MAX_THREADS];
    unsigned started = 0;
    if (nthreads > 1) {
        /* the workers are born with every signal blocked */
        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_SETMASK, &all, &old);
        pthread_attr_t attr;
        bool attr_ok = pthread_attr_init(&attr) == 0;
        if (attr_ok)
            pthread_attr_setstacksize(&attr, SCAN_STACK);
        for (unsigned i = 1; i < nthreads; i++) {
            if (pthread_create(&tids[started], attr_ok ? &attr : NULL, scan_thread, s) != 0)
                break; /* the others do its share */
            started++;
        }
        if (attr_ok)
            pthread_attr_destroy(&attr);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    scan_run(s, b);
    for (unsigned i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
}

static void load_one(Scan *s, ProcBuf *b, size_t i)
{
    s->got[i] = read_process(s->t, b, s->rootfd, s->pids[i]);
}

int proctable_load(ProcTable *t, const char *root)
{
    return proctable_load_with(t, root, 0);
}

int proctable_load_with(ProcTable *t, const char *root, unsigned flags)
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
    t->boot_time = read_boot_time(t, rootfd);
    t->flags = flags & PROCTABLE_LAZY;
    free(t->root);
    t->root = t->flags ? xstrdup(root) : NULL;
    /* the pids first, then their files */
    pid_t *pids = NULL;
    size_t n = 0, cap = 0;
    struct dirent *d;
    while ((d = readdir(dir)) != NULL) {
        pid_t pid = entry_pid(d->d_name);
        if (pid <= 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            pids = xrealloc(pids, cap * sizeof *pids);
        }
        pids[n++] = pid;
    }
    closedir(dir);
    Scan s = { .one = load_one, .t = t, .rootfd = rootfd, .n = n, .pids = pids,
               .got = xcalloc(n ? n : 1, sizeof *s.got) };
    scan(&s, &t->buf, scan_threads(t, n));
    close(rootfd);
    for (size_t i = 0; i < n; i++)
        if (s.got[i])
            vec_push(&t->entries, s.got[i]);
    free(s.got);
    free(pids);
    /* /proc lists pids in ascending order already; sort only if not */
    for (size_t i = 1; i < t->entries.len; i++)
        if (by_pid(&t->entries.items[i - 1], &t->entries.items[i]) > 0) {
            qsort(t->entries.items, t->entries.len, sizeof(void *), by_pid);
            break;
        }
    return 0;
}

static void fill_one(Scan *s, ProcBuf *b, size_t i)
{
    ProcEntry *e = s->entries[i];
    char path[32];
    char *file = path + format_pid(path, e->pid);
    if ((s->what & PROCTABLE_LAZY_STAT) && !e->stat_read) {
        memcpy(file, "/stat", sizeof "/stat");
        fill_stat(s->t, b, s->rootfd, path, e);
    }
    if ((s->what & PROCTABLE_LAZY_OWNER) && !e->owner_read && !e->gone) {
        *file = '\0';
        read_owner(s->rootfd, path, e);
    }
    if ((s->what & PROCTABLE_LAZY_RSS) && !e->rss_read && !e->gone) {
        memcpy(file, "/statm", sizeof "/statm");
        read_rss(s->t, b, s->rootfd, path, e);
    }
}

/* Whether fill_one() has anything to read of e. */
static bool fill_needed(const ProcEntry *e, unsigned what)
{
    return ((what & PROCTABLE_LAZY_STAT) && !e->stat_read) ||
           ((what & PROCTABLE_LAZY_OWNER) && !e->owner_read && !e->gone) ||
           ((what & PROCTABLE_LAZY_RSS) && !e->rss_read && !e->gone);
}

void proctable_fill(ProcTable *t, const ProcEntry *const *entries, size_t n, unsigned what)
{
    what &= t->flags;
    if (!what)
        return;
    /* the entries left to read: none, mostly, after the first selection */
    Vec todo = VEC_INIT;
    for (size_t i = 0; i < n; i++)
        if (fill_needed(entries[i], what))
            vec_push(&todo, (void *)entries[i]);
    int rootfd = todo.len ? open(t->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (todo.len && rootfd < 0) {
        /* each read finds out on its own (the process is gone) */
        for (size_t i = 0; i < todo.len; i++) {
            if (what & PROCTABLE_LAZY_STAT)
                proctable_stat(t, todo.items[i]);
            if (what & PROCTABLE_LAZY_OWNER)
                proctable_owner(t, todo.items[i]);
            if (what & PROCTABLE_LAZY_RSS)
                proctable_rss(t, todo.items[i]);
        }
    } else if (todo.len) {
        /* the table owns its entries; this fills in what was left unread */
        Scan s = { .one = fill_one, .t = t, .rootfd = rootfd, .n = todo.len,
                   .entries = (ProcEntry *const *)todo.items, .what = what };
        scan(&s, &t->buf, scan_threads(t, todo.len));
        close(rootfd);
    }
    vec_free(&todo, NULL);
}

void proctable_free(ProcTable *t)
{
    vec_free(&t->entries, entry_free);
    map_free(&t->users, free);
    free(t->root);
    free(t->buf.data);
    *t = (ProcTable)PROCTABLE_INIT;
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
    assert(e->stat_read);
    long hz = t->ticks_per_sec > 0 ? t->ticks_per_sec : 100;
    return (e->utime + e->stime) / (unsigned long long)hz;
}

const char *proctable_user(ProcTable *t, uid_t uid)
{
    /* most processes in a row have the same owner */
    if (t->last_user && t->last_uid == uid)
        return t->last_user;
    char key[32];
    snprintf(key, sizeof key, "%lu", (unsigned long)uid);
    const char *name = map_get(&t->users, key);
    if (name) {
        t->last_uid = uid;
        t->last_user = name;
        return name;
    }
    struct passwd pw, *res = NULL;
    char buf[4096];
    char *n = getpwuid_r(uid, &pw, buf, sizeof buf, &res) == 0 && res ? xstrdup(pw.pw_name) : xstrdup(key);
    map_put(&t->users, key, n);
    t->last_uid = uid;
    t->last_user = n;
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

char *proc_ps_args(const char *args)
{
    /* procps in the C locale: a newline shows as a blank, other control
     * bytes as '.', bytes past ASCII as '?'. 3.21 then drops the blanks
     * around the column. */
    size_t len = strlen(args);
    char *out = xmalloc(len + 1);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)args[i];
        out[i] = c == '\n' ? ' ' : c < 0x20 || c == 0x7f ? '.' : c > 0x7f ? '?' : (char)c;
    }
    out[len] = '\0';
    size_t start = 0;
    while (out[start] == ' ')
        start++;
    while (len > start && out[len - 1] == ' ')
        len--;
    memmove(out, out + start, len - start);
    out[len - start] = '\0';
    return out;
}
