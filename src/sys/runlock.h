/* runlock.h - "running" locks: which agent run is keeping a promise now,
 * and since when, so that a second run at the same time does not keep it
 * too, and a run that has held it longer than expireafter is ended.
 *
 * One file per lock in DIR (state/running/), named after a hash of the
 * key: the holder keeps it flock()ed while it keeps the promise, and has
 * written in it its pid, the time it took it and its own start in clock
 * ticks since boot, from /proc ("PID START TICKS KEY"): a pid names the
 * holder only while its process is the one that started at TICKS. The
 * kernel drops the flock when the holder dies, so the lock of a dead
 * holder never blocks; a lock file is removed when released, and one left
 * by a killed holder is removed by the next runlock_prune().
 *
 * Ownership: a RunLock is owned by the caller, released by
 * runlock_release() (which frees nothing the caller did not allocate).
 */
#ifndef MINICF_SYS_RUNLOCK_H
#define MINICF_SYS_RUNLOCK_H

#include <stdbool.h>
#include <sys/types.h>

typedef struct {
    int fd;       /* the flocked file; -1: none held */
    char *path;   /* its name in dirfd */
    int dirfd;    /* the lock directory, held open with the lock */
} RunLock;

typedef enum {
    RUNLOCK_TAKEN,   /* lock->fd holds it now */
    RUNLOCK_HELD,    /* another live run holds it: *holder, *since */
    RUNLOCK_ERROR,   /* said why */
} RunLockStatus;

/* Tries to take the lock of key in dir (created 0700 when missing; an
 * error when it is a symbolic link, or not this user's alone to write in),
 * recording getpid() and now. When another process holds it, says who
 * (*holder: 0 when the file does not say, or when the process that has
 * that pid now is not the one that took the lock, the pid reused) and
 * since when (*since). */
RunLockStatus runlock_try(const char *dir, const char *key, long long now, RunLock *lock, pid_t *holder,
                          long long *since);

/* Releases a lock taken by runlock_try() and removes its file. */
void runlock_release(RunLock *lock);

/* Removes the lock files nobody holds (left by holders that were killed).
 * Returns how many it removed. */
int runlock_prune(const char *dir);

/* Ends the holder of an expired lock as 3.21 does: SIGINT; SIGTERM when
 * it is still there a second later; SIGKILL when it is still there five
 * seconds after that. Returns 0 when it is gone (a zombie counts as
 * gone), -1 when it is not (or is this process) after saying why. */
int runlock_kill_holder(pid_t pid);

#endif
