/* proctable.h - the process table, read from /proc (never from ps).
 *
 * One snapshot of every process: what `ps` would show, from
 * /proc/PID/stat (parsed from the last ')' so that any command name is
 * safe), /proc/PID/status (user and group ids, resident size) and
 * /proc/PID/cmdline. A
 * process that ends while the table is read is left out, never an error.
 * The /proc root is a parameter, so tests read fixture trees.
 *
 * This layer knows nothing of policies: processes promises turn their
 * attributes into a query over this table.
 *
 * Ownership: proctable_load() fills a table the caller frees with
 * proctable_free(); entries and their strings belong to the table.
 */
#ifndef MINICF_SYS_PROCTABLE_H
#define MINICF_SYS_PROCTABLE_H

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

#include "base/map.h"
#include "base/vec.h"

typedef struct {
    pid_t pid, ppid, pgid, sid;
    uid_t uid;                    /* effective user, as ps's USER column */
    uid_t ruid;                   /* real user */
    gid_t gid;                    /* effective group */
    char state;                   /* R, S, D, Z, T, t, X, I, ... */
    char *comm;                   /* the name in stat, between the parentheses */
    char *args;                   /* the command line, arguments joined by blanks;
                                     "[comm]" when empty (kernel threads, zombies) */
    int tty_nr;                   /* 0: none */
    long priority, nice;
    int policy;                   /* scheduling policy (SCHED_OTHER 0, FIFO 1,
                                     RR 2, BATCH 3, IDLE 5, ...); 0 when unknown */
    long threads;
    unsigned long long utime, stime; /* clock ticks */
    unsigned long long start_ticks;  /* since boot */
    time_t start_time;            /* epoch seconds */
    unsigned long long vsize_kb;
    unsigned long long rss_kb;    /* VmRSS of status, as ps shows it; the
                                     rss of stat (pages) when there is none */
} ProcEntry;

typedef struct {
    Vec entries;       /* of ProcEntry*, in ascending pid order */
    time_t boot_time;  /* btime from stat; 0 when unknown */
    long ticks_per_sec;
    long page_kb;
    Map users;         /* uid (decimal) -> owned user name, filled on demand */
} ProcTable;

#define PROCTABLE_INIT { VEC_INIT, 0, 0, 0, MAP_INIT }

/* Reads every process under root ("/proc" when NULL). Returns 0, or -1
 * when root itself cannot be read (errno set). */
int proctable_load(ProcTable *t, const char *root);
void proctable_free(ProcTable *t);

/* The entry for pid, or NULL. */
const ProcEntry *proctable_find(const ProcTable *t, pid_t pid);

/* CPU time used (user + system), in seconds. */
unsigned long long proc_cpu_seconds(const ProcTable *t, const ProcEntry *e);

/* The user name of a uid, as ps shows it (the number when there is no
 * name). Borrowed from the table. */
const char *proctable_user(ProcTable *t, uid_t uid);

/* The terminal's name as ps shows it ("pts/0", "tty1", "?"), into buf. */
const char *proc_tty_name(int tty_nr, char *buf, size_t len);

/* Parses the text of /proc/PID/stat into e (comm, state, ids, times,
 * sizes; not args nor uids). False when it is not a stat line. */
bool proc_parse_stat(const char *text, ProcEntry *e, long page_kb);

#endif
