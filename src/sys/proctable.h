/* proctable.h - the process table, read from /proc (never from ps).
 *
 * One snapshot of every process: what `ps` would show, from
 * /proc/PID/stat (parsed from the last ')' so that any command name is
 * safe), the owner of the /proc/PID directory (the effective user and
 * group), /proc/PID/statm (the resident size) and /proc/PID/cmdline. A
 * process that ends while the table is read is left out, never an error.
 * The /proc root is a parameter, so tests read fixture trees.
 *
 * /proc/PID/status, which ps reads for the ids and VmRSS, is never read:
 * it is the most expensive file the kernel makes (about 5 us a process,
 * against 0.5 us for a stat() of the directory and 1.7 us for statm), and
 * the two give the same answers. The kernel makes a process's /proc/PID
 * directory owned by its effective uid and gid always, even where it
 * makes the files in it root's (a process that is not dumpable); and
 * statm's resident pages are the sum of the same counters as VmRSS.
 *
 * Reading a table is the agent's main cost on a busy machine (three
 * system calls per file read), so it reads no more than it must: one
 * reused buffer for every file, no read past a short one (procfs and
 * regular files return less than asked only at the end), no cmdline for
 * a kernel thread (it has none), and, when loaded lazily:
 *   - PROCTABLE_LAZY_OWNER: the owner only for the entries that
 *     proctable_owner() is asked about (the process_owner criterion);
 *   - PROCTABLE_LAZY_RSS: /proc/PID/statm only for the entries that
 *     proctable_rss() is asked about (the rsize criterion);
 *   - PROCTABLE_LAZY_STAT: the command line of every process, and
 *     /proc/PID/stat only for those whose command line is empty (kernel
 *     threads and zombies, whose "[comm]", kthread flag and state need
 *     it: a process with a command line has memory, so it is neither)
 *     and for the entries proctable_stat() is asked about.
 * An entry's stat fields (marked below) may be read only once stat_read
 * is true: through proctable_stat(), which the readers in this layer
 * assert. An eager load (proctable_load()) reads everything.
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
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "base/map.h"
#include "base/vec.h"

typedef struct {
    pid_t pid;
    /* The stat fields, from /proc/PID/stat: valid once stat_read. */
    pid_t ppid, pgid, sid;
    char state;                   /* R, S, D, Z, T, t, X, I, ... */
    bool kthread;                 /* a kernel thread (PF_KTHREAD in stat's flags) */
    char *comm;                   /* the name in stat, between the parentheses */
    char *args;                   /* the command line, arguments joined by blanks;
                                     "[comm]" when empty (kernel threads, zombies) */
    char *ps_args;                /* args as ps shows it: proc_ps_args(args);
                                     args itself (one string) where the two
                                     are the same */
    size_t ps_len;                /* strlen(ps_args) */
    uint64_t ps_grams;            /* rxneedle_grams(ps_args): set by a load
                                     with ps_args and ps_len */
    int tty_nr;                   /* 0: none */
    long priority, nice;
    int policy;                   /* scheduling policy (SCHED_OTHER 0, FIFO 1,
                                     RR 2, BATCH 3, IDLE 5, ...); 0 when unknown */
    long threads;
    unsigned long long utime, stime; /* clock ticks */
    unsigned long long start_ticks;  /* since boot */
    time_t start_time;            /* epoch seconds */
    unsigned long long vsize_kb;
    /* The owner of /proc/PID: valid once owner_read. */
    uid_t uid;                    /* effective user, as ps's USER column */
    gid_t gid;                    /* effective group */
    /* From statm: valid once rss_read. */
    unsigned long long rss_kb;    /* resident pages in kB: ps's RSS (status's VmRSS);
                                     0 for kernel threads and zombies */
    bool owner_read;              /* uid and gid are read, or gone is set */
    bool rss_read;                /* rss_kb is read, or gone is set */
    bool stat_read;               /* the stat fields are read, or gone is set */
    bool gone;                    /* a lazy read found the process gone (what was
                                     left unread stays 0, comm NULL) */
} ProcEntry;

/* A growable buffer files are read into: the table's, or a scan worker's. */
typedef struct {
    char *data;
    size_t cap;
} ProcBuf;

typedef struct {
    Vec entries;       /* of ProcEntry*, in ascending pid order */
    time_t boot_time;  /* btime from stat; 0 when unknown */
    long ticks_per_sec;
    long page_kb;
    Map users;         /* uid (decimal) -> owned user name, filled on demand */
    /* Private: */
    unsigned flags;    /* the proctable_load_with() flags */
    char *root;        /* where the table was read from (lazy loads) */
    ProcBuf buf;       /* the buffer every file is read into (the scan's
                          other threads have their own) */
    const char *last_user; /* proctable_user()'s last answer, for last_uid */
    uid_t last_uid;
    /* Public: the number of threads the next load reads the processes
     * with; 0 (the default) lets it choose (see proctable_load_with()). */
    unsigned threads;
} ProcTable;

#define PROCTABLE_INIT { VEC_INIT, 0, 0, 0, MAP_INIT, 0, NULL, { NULL, 0 }, NULL, 0, 0 }

/* The most threads a load reads with. */
#define PROCTABLE_MAX_THREADS 4u

/* proctable_load_with() flags. */
enum {
    /* Leave the owner of /proc/PID unread until proctable_owner() asks. */
    PROCTABLE_LAZY_OWNER = 1u << 0,
    /* Leave /proc/PID/stat unread, where the command line is not empty,
     * until proctable_stat() asks for it. */
    PROCTABLE_LAZY_STAT = 1u << 1,
    /* Leave /proc/PID/statm unread until proctable_rss() asks for it. */
    PROCTABLE_LAZY_RSS = 1u << 2,
    /* All three: how the agent and its functions load the table. */
    PROCTABLE_LAZY = PROCTABLE_LAZY_OWNER | PROCTABLE_LAZY_STAT | PROCTABLE_LAZY_RSS,
};

/* Reads every process under root ("/proc" when NULL). Returns 0, or -1
 * when root itself cannot be read (errno set).
 *
 * The files of a busy machine are read by several threads at once: the
 * cost is the kernel's (three system calls per file, and a command line
 * is read out of the other process's memory), and it divides among the
 * CPUs. Unless t->threads says how many, a load uses one thread per 128
 * processes, no more than the CPUs it may run on and no more than
 * PROCTABLE_MAX_THREADS; where a thread cannot be started, the others do
 * its share. The table is the same whatever the number. The threads end
 * before the load returns and block every signal (the caller's threads
 * receive them). */
int proctable_load(ProcTable *t, const char *root);
int proctable_load_with(ProcTable *t, const char *root, unsigned flags);
void proctable_free(ProcTable *t);

/* Makes sure e's uid and gid are read: the owner of ROOT/PID, one stat()
 * (a no-op unless the table was loaded with PROCTABLE_LAZY_OWNER). When
 * the process is gone by then, e->gone is set and they stay 0: the caller
 * leaves it out, as after proctable_stat() (its owner is unknown, and must
 * not pass for root's). An eager load leaves out a process whose owner it
 * cannot read. A no-op on an entry already gone. e must be an entry of t;
 * returns it. */
const ProcEntry *proctable_owner(ProcTable *t, const ProcEntry *e);

/* Makes sure e's rss_kb is read from ROOT/PID/statm (a no-op unless the
 * table was loaded with PROCTABLE_LAZY_RSS); when the process is gone by
 * then (or its statm is not one), e->gone is set and rss_kb stays 0, as
 * proctable_owner() leaves it. An eager load leaves out a process whose
 * statm it cannot read. A no-op on an entry already gone. e must be an
 * entry of t; returns it. */
const ProcEntry *proctable_rss(ProcTable *t, const ProcEntry *e);

/* Makes sure e's stat fields are read (a no-op unless the table was
 * loaded with PROCTABLE_LAZY_STAT; then it opens ROOT/PID/stat once).
 * When the process is gone by then (or its pid now names another
 * process, or its stat is not a stat line), e->gone is set and the stat
 * fields stay 0: the entry keeps its pid and command line, and it is for
 * the caller to leave it out (procselect does, as a process that ended
 * while the table was read). e must be an entry of t; returns it. */
const ProcEntry *proctable_stat(ProcTable *t, const ProcEntry *e);

/* What the load left unread: its PROCTABLE_LAZY flags. */
static inline unsigned proctable_lazy(const ProcTable *t)
{
    return t->flags;
}

/* proctable_stat() (what has PROCTABLE_LAZY_STAT), proctable_owner()
 * (PROCTABLE_LAZY_OWNER) and proctable_rss() (PROCTABLE_LAZY_RSS) of n
 * entries of t at once, in that order, with threads as a load has them:
 * what a selection does before it looks at the stat, owner or rss of many
 * entries. The entries are as those calls would leave them (one found
 * gone has the rest left unread); only those with something left to read
 * are read. */
void proctable_fill(ProcTable *t, const ProcEntry *const *entries, size_t n, unsigned what);

/* A command line as ps shows it in the C locale: control bytes as '.', a
 * newline as ' ', DEL as '.', bytes past it as '?', leading and trailing blanks
 * dropped. Owned. */
char *proc_ps_args(const char *args);

/* The entry for pid, or NULL. */
const ProcEntry *proctable_find(const ProcTable *t, pid_t pid);

/* CPU time used (user + system), in seconds. e's stat must be read. */
unsigned long long proc_cpu_seconds(const ProcTable *t, const ProcEntry *e);

/* The user name of a uid, as ps shows it (the number when there is no
 * name). Borrowed from the table. */
const char *proctable_user(ProcTable *t, uid_t uid);

/* The terminal's name as ps shows it ("pts/0", "tty1", "?"), into buf. */
const char *proc_tty_name(int tty_nr, char *buf, size_t len);

/* Parses the text of /proc/PID/stat into e (comm, state, ids, times,
 * vsize; not args, owner nor rss) and sets stat_read. False when it is not a
 * stat line (then e may be half filled). */
bool proc_parse_stat(const char *text, ProcEntry *e);

#endif
