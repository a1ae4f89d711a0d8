/* procselect.h - which processes a processes promise is about, chosen as
 * CFEngine 3.21 chooses them on Linux (docs/processes.md has the rules and
 * the experiments that showed each one).
 *
 * 3.21 runs `ps -eo user:30,pid,ppid,pgid,pcpu,pmem,vsz,ni,rss:9,tname,
 * nlwp,stime,etime,time,args` in the C locale and matches columns of its
 * output; this module works out the same column values from a ProcTable:
 *   - the promiser is an unanchored regex on the command line (the args
 *     column: control bytes shown as '.', a newline as ' ', bytes over
 *     0x7e as '?', leading and trailing blanks dropped);
 *   - command, process_owner, tty and status are regexes whose first match
 *     must cover the whole column; status never matches (no such column);
 *   - pid, ppid, pgid, rsize and vsize (kB), ttime (CPU seconds), stime
 *     (epoch seconds; to the minute for a process started today), priority
 *     (the nice value; none for real-time and idle processes) and threads
 *     are inclusive ranges;
 *   - process_result combines the names of the criteria that matched; with
 *     none, a process is selected when any criterion given matched.
 * Two deliberate differences: the agent itself (ProcQuery.self) and
 * zombies (state Z) never match.
 *
 * On a table loaded lazily, a process's owner, rss and stat are read only
 * once the promiser matched it, and only when a criterion needs them
 * (proctable_owner(), proctable_rss(), proctable_stat()); a process
 * found gone by then is left out of that selection and every later one.
 * procselect_run() reads them only where the result depends on them: it
 * first works out the criteria that need no read (the command line, the
 * pid), and a process whose result those decide ("command.process_owner"
 * of a command that does not match) is decided on them, as the table
 * found it. procselect_match() reads every criterion it is given.
 *
 * This layer knows nothing of policies: promises/processes.c turns the
 * attributes of a promise into a ProcQuery, and evaluates process_result
 * (a class expression) in a ProcResultFn over the matched criteria.
 *
 * A ProcSelect changes as it matches (a regex that runs often is
 * compiled to machine code then), so one is used by one thread at a time.
 *
 * Ownership: procselect_new() compiles a query into a ProcSelect the
 * caller frees with procselect_free(); the query's strings are copied,
 * its result callback and userdata are borrowed for the ProcSelect's life.
 * Selected entries are borrowed from the ProcTable.
 */
#ifndef MINICF_SYS_PROCSELECT_H
#define MINICF_SYS_PROCSELECT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "base/vec.h"
#include "sys/proctable.h"

/* The criteria of a process_select body, as bits of a mask. */
typedef enum {
    PROCSEL_OWNER = 1u << 0,    /* process_owner */
    PROCSEL_PID = 1u << 1,      /* pid */
    PROCSEL_PPID = 1u << 2,     /* ppid */
    PROCSEL_PGID = 1u << 3,     /* pgid */
    PROCSEL_VSIZE = 1u << 4,    /* vsize */
    PROCSEL_RSIZE = 1u << 5,    /* rsize */
    PROCSEL_TTIME = 1u << 6,    /* ttime (from ttime_range) */
    PROCSEL_STIME = 1u << 7,    /* stime (from stime_range) */
    PROCSEL_PRIORITY = 1u << 8, /* priority */
    PROCSEL_THREADS = 1u << 9,  /* threads */
    PROCSEL_STATUS = 1u << 10,  /* status */
    PROCSEL_COMMAND = 1u << 11, /* command */
    PROCSEL_TTY = 1u << 12,     /* tty */
} ProcCriterion;

#define PROCSEL_CRITERIA 13

/* An inclusive range; unset ranges are not criteria. A range given high
 * end first is read low end first, as 3.21 does. */
typedef struct {
    bool set;
    long long min, max;
} ProcRange;

/* Which processes signals may go to; 3.21 leaves some out of the match
 * (and so of the count) when a promise has signals. */
typedef enum {
    PROCSEL_NO_SIGNALS,       /* every process may match */
    PROCSEL_SIGNALS,          /* pids 0 to 3 never match */
    PROCSEL_SIGNALS_ONLY_HUP, /* signals is exactly { "hup" }: pid 1 may match */
} ProcSignalMode;

/* Whether a process is selected, given the mask of criteria it matched:
 * process_result evaluated with the names of the set bits as the only
 * defined classes. It must depend on matched alone: procselect_run()
 * asks once per distinct mask. */
typedef bool (*ProcResultFn)(void *userdata, unsigned matched);

typedef struct {
    const char *promiser;        /* unanchored regex on the command line */
    bool select;                 /* a process_select body is given */
    /* The body's criteria (when select): */
    const char *const *owners;   /* process_owner regexes, NULL-terminated; NULL: unset */
    ProcRange pid, ppid, pgid;
    ProcRange rsize, vsize;      /* kB */
    ProcRange ttime;             /* seconds of CPU */
    ProcRange stime;             /* epoch seconds */
    ProcRange priority;          /* nice value */
    ProcRange threads;
    const char *command, *status, *tty; /* regexes; NULL: unset */
    ProcResultFn result;         /* NULL: any criterion matched */
    void *result_data;
    /* The promise: */
    ProcSignalMode signals;
    pid_t self;                  /* the agent; never matches. 0: none */
    time_t now;                  /* the clock: is a start time today? */
} ProcQuery;

typedef struct ProcSelect ProcSelect;

/* Compiles q. Never fails: a regex that does not compile matches nothing,
 * as in 3.21 (a bad promiser selects no process; a bad command makes
 * "command" false and "!command" true); procselect_error() says why. */
ProcSelect *procselect_new(const ProcQuery *q);
void procselect_free(ProcSelect *s);

/* The first regex error ("command: missing closing parenthesis at
 * offset 4 of 'psx('"), or NULL. Borrowed. */
const char *procselect_error(const ProcSelect *s);

/* Whether e is selected; *matched (when not NULL) gets the criteria it
 * matched, 0 when the promiser did not match or e may not match at all. */
bool procselect_match(ProcSelect *s, ProcTable *t, const ProcEntry *e, unsigned *matched);

/* Appends the selected entries of t to out (const ProcEntry *, borrowed),
 * in ascending pid order, the order 3.21 signals them in. Returns how
 * many were appended. */
size_t procselect_run(ProcSelect *s, ProcTable *t, Vec *out);

/* The name of one criterion bit ("process_owner", "ttime", ...), or NULL. */
const char *procselect_criterion_name(unsigned bit);
/* The bit of a criterion name (len bytes), or 0 for any other name. */
unsigned procselect_criterion_bit(const char *name, size_t len);

/* The values 3.21 compares, from ps's columns. */
/* The args column, rendered as ps shows it in the C locale. Owned. */
char *procselect_ps_args(const char *args);
/* The start time stime_range is compared with: the start to the minute
 * for a process started on now's (local) day, else to the second. */
time_t procselect_start_time(const ProcEntry *e, time_t now);
/* The user column: the effective user's name, or the uid when there is
 * no name or the name is longer than 30 bytes. Owned. */
char *procselect_owner(ProcTable *t, const ProcEntry *e);

/* process_count: whether count is within match_range, inclusive (either
 * end first). 3.21
 * defines in_range_define's classes when it is and out_of_range_define's
 * when it is not (and only then goes on to signals and restart_class). */
bool procselect_count_in_range(size_t count, long long min, long long max);

/* One entry of a signals list: a signal, or a pause ("5" or "5s"). */
typedef struct {
    bool pause;
    int signo;          /* when !pause */
    unsigned seconds;   /* when pause */
} ProcSignalStep;

/* Parses one entry of signals as 3.21 accepts it: hup int trap kill pipe
 * cont abrt stop quit term child usr1 usr2 bus segv (lower case only), or
 * digits with an optional 's' (a pause, not a signal number). False for
 * anything else. */
bool procselect_signal_parse(const char *spec, ProcSignalStep *step);

/* The seams signalling goes through: kill(2) and sleep(3) in the agent,
 * recorders in tests. kill returns 0 or -1 (errno set). */
typedef struct {
    int (*kill)(void *userdata, pid_t pid, int signo);
    void (*sleep)(void *userdata, unsigned seconds);
    void *userdata;
} ProcSignalOps;

typedef struct {
    size_t sent;        /* signals delivered */
    size_t failed;      /* signals kill() refused (the process may be gone) */
    bool killed;        /* term or kill was among the steps: restart_class applies */
} ProcSignalOutcome;

/* Sends steps to every process of procs (const ProcEntry *) as 3.21 does:
 * process by process in the order given, all steps for one process before
 * the next, in list order, pausing where a pause says (for each process),
 * with no other wait between signals. */
ProcSignalOutcome procselect_signal_all(const Vec *procs, const ProcSignalStep *steps, size_t nsteps,
                                        const ProcSignalOps *ops);

#endif
