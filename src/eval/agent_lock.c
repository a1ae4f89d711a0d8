/* agent_lock.c - the running lock of a promise being kept (expireafter):
 * a second run at the same time skips the promise, unless the run that
 * keeps it has held it for longer than expireafter minutes, in which case
 * that run is ended and the promise kept again, as 3.21 does. */
#include "eval/agent.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"

/* A readable name for messages, after 3.21's "lock.BUNDLE.TYPE.PROMISER". */
static char *lock_name(const AgentCtx *a, const Promise *p)
{
    char *promiser = canonify(a->promiser ? a->promiser : p->promiser);
    char *name = xasprintf("lock.%s.%s.%s", a->eval->bundle ? a->eval->bundle->name : "", p->section->promise_type,
                           promiser);
    free(promiser);
    return name;
}

bool agent_runlock_take(AgentCtx *a, const Promise *p, const char *key, const PromiseAttrs *attrs, RunLock *lock)
{
    lock->fd = -1;
    lock->dirfd = -1;
    lock->path = NULL;
    /* -K ignores locks; -n writes nothing */
    if (a->opt.ignore_locks || a->opt.dry_run || !a->opt.statedir)
        return true;
    char *dir = xasprintf("%s/running", a->opt.statedir);
    bool take = true;
    for (int attempt = 0; attempt < 2; attempt++) {
        pid_t holder;
        long long since, now = (long long)time(NULL);
        RunLockStatus st = runlock_try(dir, key, now, lock, &holder, &since);
        if (st != RUNLOCK_HELD || holder == getpid())
            break; /* taken; or not lockable (said why): kept all the same; or held by this run */
        char *name = lock_name(a, p);
        /* a holder that has not yet said who it is has only just taken it */
        bool expired = holder > 0 && since > 0 && attrs->expireafter > 0 && attempt == 0 &&
                       (now - since) / 60 >= attrs->expireafter; /* minutes: expireafter * 60 could overflow */
        if (!expired) {
            agent_verbose(a, p, "Couldn't obtain lock for %s (already running!)", name);
            take = false;
        } else {
            agent_inform(a, p, "Lock expired after %lld/%ld minutes: %s", (now - since) / 60, attrs->expireafter,
                         name);
            if (runlock_kill_holder(holder) == 0) {
                agent_inform(a, p, "Process with PID %ld successfully killed", (long)holder);
                agent_verbose(a, p, "Lock successfully expired: %s", name);
            } else {
                agent_error(a, p, "Unable to kill expired process %ld from lock %s", (long)holder, name);
                take = false;
            }
        }
        free(name);
        if (!take)
            break;
    }
    free(dir);
    return take;
}

void agent_runlock_prune(const AgentCtx *a)
{
    if (a->opt.ignore_locks || a->opt.dry_run || !a->opt.statedir)
        return;
    char *dir = xasprintf("%s/running", a->opt.statedir);
    runlock_prune(dir);
    free(dir);
}
