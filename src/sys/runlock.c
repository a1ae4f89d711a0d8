/* runlock.c - running locks held with flock() on one file per lock. */
#include "sys/runlock.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/log.h"
#include "sys/proctable.h"

#define RUNLOCK_SUFFIX ".lock"

/* FNV-1a: a file name for any key, whatever bytes it holds. */
static char *lock_name(const char *key)
{
    uint64_t h = 14695981039346656037ull;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        h ^= *p;
        h *= 1099511628211ull;
    }
    return xasprintf("%016llx" RUNLOCK_SUFFIX, (unsigned long long)h);
}

/* Whether fd is still the file `name` in dirfd (not removed or replaced
 * by the release or prune of another run between our open and our flock). */
static bool still_linked(int fd, int dirfd, const char *name)
{
    struct stat a, b;
    return fstat(fd, &a) == 0 && a.st_nlink > 0 && fstatat(dirfd, name, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
           a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

/* The lock directory, opened (and created when `create`): only a real
 * directory (not a symbolic link to one) of this user that no one else
 * may write in, since the work directory may be shared: a planted link
 * would have locks taken, and unheld files removed, where it points. -1
 * (said why) when it is not one; -1, silently, when it is missing and
 * not to be created. */
static int open_dir(const char *dir, bool create)
{
    if (create && mkdir(dir, 0700) != 0 && errno != EEXIST) {
        log_warn("cannot create directory %s", dir);
        return -1;
    }
    int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dirfd < 0) {
        struct stat link;
        if ((errno == ENOTDIR || errno == ELOOP) && lstat(dir, &link) == 0 && S_ISLNK(link.st_mode))
            log_warnx("%s is a symbolic link, not a directory: no running locks", dir);
        else if (create || errno != ENOENT)
            log_warn("cannot open directory %s", dir);
        return -1;
    }
    struct stat st;
    if (fstat(dirfd, &st) != 0 || st.st_uid != geteuid() || (st.st_mode & 022) != 0) {
        log_warnx("%s is not a directory of this user that only it may write in: no running locks", dir);
        close(dirfd);
        return -1;
    }
    return dirfd;
}

/* Parses /proc/PID/stat into *e (the caller frees e->comm); false when it
 * cannot be read or is not a stat line. */
static bool read_stat(pid_t pid, ProcEntry *e)
{
    *e = (ProcEntry){ 0 };
    char *path = xasprintf("/proc/%ld/stat", (long)pid);
    FILE *f = fopen(path, "re");
    free(path);
    if (!f)
        return false;
    char buf[1024];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return proc_parse_stat(buf, e);
}

/* The start of process pid, in clock ticks since boot (stat's field 22):
 * with the pid, it names one process, whatever pid is reused for later. */
static bool start_ticks(pid_t pid, unsigned long long *ticks)
{
    ProcEntry e;
    bool ok = read_stat(pid, &e);
    free(e.comm);
    *ticks = e.start_ticks;
    return ok;
}

/* The record "PID START TICKS KEY": the holder is PID only while the
 * process of that pid is the one that started at TICKS. A record a killed
 * holder left (read in the moment between the next taker's flock and its
 * write) may name a pid that a new, unrelated process has by now. */
static void read_holder(int fd, pid_t *holder, long long *since)
{
    char buf[64] = "";
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    long pid = 0;
    long long start = 0;
    unsigned long long ticks = 0, now_ticks = 0;
    int end = 0;
    if (n > 0) {
        buf[n] = '\0';
        if (sscanf(buf, "%ld %lld %llu%n", &pid, &start, &ticks, &end) != 3 ||
            (buf[end] != ' ' && buf[end] != '\n' && buf[end] != '\0'))
            pid = 0, start = 0;
    }
    if (pid > 0 && !(start_ticks((pid_t)pid, &now_ticks) && now_ticks == ticks))
        pid = 0; /* not the process that took the lock */
    *holder = (pid_t)pid;
    *since = start;
}

static int write_holder(int fd, const char *key, long long now)
{
    unsigned long long ticks = 0;
    start_ticks(getpid(), &ticks);
    char *rec = xasprintf("%ld %lld %llu %s\n", (long)getpid(), now, ticks, key);
    size_t len = strlen(rec);
    int rc = ftruncate(fd, 0) == 0 && pwrite(fd, rec, len, 0) == (ssize_t)len ? 0 : -1;
    free(rec);
    return rc;
}

RunLockStatus runlock_try(const char *dir, const char *key, long long now, RunLock *lock, pid_t *holder,
                          long long *since)
{
    lock->fd = -1;
    lock->dirfd = -1;
    lock->path = NULL;
    *holder = 0;
    *since = 0;
    int dirfd = open_dir(dir, true);
    if (dirfd < 0)
        return RUNLOCK_ERROR;
    char *name = lock_name(key);
    for (int attempt = 0; attempt < 100; attempt++) {
        int fd = openat(dirfd, name, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0) {
            log_warn("cannot open %s/%s", dir, name);
            break;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            if (errno == EINTR) {
                close(fd);
                continue;
            }
            if (errno != EWOULDBLOCK) {
                log_warn("cannot lock %s/%s", dir, name);
                close(fd);
                break;
            }
            read_holder(fd, holder, since);
            close(fd);
            close(dirfd);
            free(name);
            return RUNLOCK_HELD;
        }
        if (!still_linked(fd, dirfd, name)) {
            close(fd); /* removed under us: open the new one */
            continue;
        }
        if (write_holder(fd, key, now) != 0) {
            log_warn("cannot write %s/%s", dir, name);
            close(fd);
            break;
        }
        lock->fd = fd;
        lock->dirfd = dirfd;
        lock->path = name;
        return RUNLOCK_TAKEN;
    }
    close(dirfd);
    free(name);
    return RUNLOCK_ERROR;
}

void runlock_release(RunLock *lock)
{
    if (lock->fd < 0)
        return;
    /* removed while still held, so that no other run can take the file
     * between the unlink and the close; one that opened it before checks
     * still_linked() and opens a new file */
    unlinkat(lock->dirfd, lock->path, 0);
    close(lock->fd);
    close(lock->dirfd);
    free(lock->path);
    lock->fd = -1;
    lock->dirfd = -1;
    lock->path = NULL;
}

int runlock_prune(const char *dir)
{
    int dirfd = open_dir(dir, false);
    if (dirfd < 0)
        return 0;
    DIR *d = fdopendir(dirfd);
    if (!d) {
        close(dirfd);
        return 0;
    }
    int removed = 0;
    struct dirent *e;
    size_t sl = strlen(RUNLOCK_SUFFIX);
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n <= sl || strcmp(e->d_name + n - sl, RUNLOCK_SUFFIX) != 0)
            continue;
        int fd = openat(dirfd, e->d_name, O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0 && still_linked(fd, dirfd, e->d_name) &&
            unlinkat(dirfd, e->d_name, 0) == 0)
            removed++;
        if (fd >= 0)
            close(fd);
    }
    closedir(d); /* closes dirfd */
    return removed;
}

/* Alive, and not a zombie (which its parent has yet to reap). */
static bool alive(pid_t pid)
{
    if (kill(pid, 0) != 0 && errno != EPERM)
        return false;
    /* a stat it cannot read or make out: taken for alive, as kill said */
    ProcEntry e;
    bool zombie = read_stat(pid, &e) && e.state == 'Z';
    free(e.comm);
    return !zombie;
}

/* Waits up to ms milliseconds for pid to be gone. */
static bool gone_within(pid_t pid, unsigned ms)
{
    for (unsigned waited = 0;; waited += 20) {
        if (!alive(pid))
            return true;
        if (waited >= ms)
            return false;
        struct timespec ts = { 0, 20 * 1000000L };
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
            ;
    }
}

int runlock_kill_holder(pid_t pid)
{
    /* 3.21's sequence: SIGINT, SIGTERM a second later, SIGKILL five
     * seconds after that, each only while the holder is still there */
    static const struct { int sig; unsigned wait_ms; } STEPS[] = {
        { SIGINT, 1000 }, { SIGTERM, 5000 }, { SIGKILL, 1000 },
    };
    if (pid <= 1 || pid == getpid())
        return -1;
    for (size_t i = 0; i < sizeof STEPS / sizeof *STEPS; i++) {
        if (!alive(pid))
            return 0;
        if (kill(pid, STEPS[i].sig) != 0 && errno != ESRCH) {
            log_warn("cannot signal process %ld", (long)pid);
            return -1;
        }
        if (gone_within(pid, STEPS[i].wait_ms))
            return 0;
    }
    return -1;
}
