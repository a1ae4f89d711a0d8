/* procselect.c - selecting processes as CFEngine 3.21 does. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "sys/procselect.h"

#include <assert.h>
#include <limits.h>
#include <pcre2.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/rxneedle.h"

/* The widest user name ps's user:30 column shows; a longer one is shown
 * as the uid. */
#define PS_USER_WIDTH 30

/* 3.21 compiles every regex with these (libntech's CompileRegex). */
#define REGEX_OPTIONS (PCRE2_DOTALL | PCRE2_MULTILINE)

/* The criteria that look at stat's fields: a lazy load reads them all
 * at once, or none. */
#define STAT_CRITERIA                                                                                      \
    (PROCSEL_PPID | PROCSEL_PGID | PROCSEL_VSIZE | PROCSEL_TTIME | PROCSEL_STIME | PROCSEL_PRIORITY |      \
     PROCSEL_THREADS | PROCSEL_TTY)

/* bits, with every stat criterion when it has one: stat is read whole. */
static unsigned with_stat(unsigned bits)
{
    return bits & STAT_CRITERIA ? bits | STAT_CRITERIA : bits;
}

/* The longest literal pattern matched by a search alone. */
#define REGEX_LITERAL_MAX 1024

/* A regex that is to run this many times is compiled to machine code
 * first: compiling costs about as much as fifty runs of the interpreter
 * on a command line, and saves three quarters of each run. Most regexes
 * of a processes promise reach the engine for few processes (their
 * needle rejects the others), often none, and are not compiled. */
#define REGEX_JIT_RUNS 48

/* A regex of the query: compiled, or NULL when it did not compile (then it
 * matches nothing); or, when it is one literal, its needle alone. */
typedef struct {
    bool set;
    bool jit_tried;  /* pcre2_jit_compile() was called */
    bool jit;        /* ... and compiled it */
    unsigned interpreted;
    pcre2_code *code;
    RxNeedle needle;
} Regex;

struct ProcSelect {
    Regex promiser;
    bool select;
    Regex *owners;
    size_t nowners;
    ProcRange pid, ppid, pgid, rsize, vsize, ttime, stime, priority, threads;
    Regex command, status, tty;
    ProcResultFn result;
    void *result_data;
    unsigned stat_criteria; /* the criteria given that look at stat's fields
                               (STAT_CRITERIA bits); 0: none */
    ProcSignalMode signals;
    pid_t self;
    time_t now;
    char *error;  /* the first compile error */
};

static const char *const criterion_names[PROCSEL_CRITERIA] = {
    "process_owner", "pid", "ppid", "pgid", "vsize", "rsize", "ttime",
    "stime", "priority", "threads", "status", "command", "tty",
};

const char *procselect_criterion_name(unsigned bit)
{
    for (unsigned i = 0; i < PROCSEL_CRITERIA; i++)
        if (bit == 1u << i)
            return criterion_names[i];
    return NULL;
}

unsigned procselect_criterion_bit(const char *name, size_t len)
{
    for (unsigned i = 0; i < PROCSEL_CRITERIA; i++)
        if (strlen(criterion_names[i]) == len && memcmp(criterion_names[i], name, len) == 0)
            return 1u << i;
    return 0;
}

static void regex_compile(ProcSelect *s, Regex *r, const char *what, const char *pattern)
{
    memset(r, 0, sizeof *r);
    r->set = pattern != NULL;
    if (!pattern)
        return;
    rxneedle_find(&r->needle, pattern);
    /* A literal compiles, short of PCRE2's size limit (some 30 kB): the
     * search decides. A longer one is compiled, for that error. */
    if (r->needle.whole && r->needle.len <= REGEX_LITERAL_MAX)
        return;
    r->needle.whole = false;
    int err;
    PCRE2_SIZE off;
    r->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, REGEX_OPTIONS, &err, &off, NULL);
    if (!r->code && !s->error) {
        PCRE2_UCHAR msg[256];
        if (pcre2_get_error_message(err, msg, sizeof msg) < 0)
            snprintf((char *)msg, sizeof msg, "error %d", err);
        s->error = xasprintf("%s: %s at offset %zu of '%s'", what, (const char *)msg, (size_t)off, pattern);
    }
}

static void regex_free(Regex *r)
{
    pcre2_code_free(r->code);
    rxneedle_free(&r->needle);
}

/* 3.21 reads irange("10","5") as 5 to 10. */
static ProcRange normalised(ProcRange r)
{
    if (r.min > r.max) {
        long long min = r.max;
        r.max = r.min;
        r.min = min;
    }
    return r;
}

ProcSelect *procselect_new(const ProcQuery *q)
{
    ProcSelect *s = xcalloc(1, sizeof *s);
    regex_compile(s, &s->promiser, "promiser", q->promiser ? q->promiser : "");
    s->select = q->select;
    if (q->select) {
        if (q->owners) {
            while (q->owners[s->nowners])
                s->nowners++;
            s->owners = xcalloc(s->nowners ? s->nowners : 1, sizeof *s->owners);
            for (size_t i = 0; i < s->nowners; i++)
                regex_compile(s, &s->owners[i], "process_owner", q->owners[i]);
        }
        s->pid = normalised(q->pid);
        s->ppid = normalised(q->ppid);
        s->pgid = normalised(q->pgid);
        s->rsize = normalised(q->rsize);
        s->vsize = normalised(q->vsize);
        s->ttime = normalised(q->ttime);
        s->stime = normalised(q->stime);
        s->priority = normalised(q->priority);
        s->threads = normalised(q->threads);
        regex_compile(s, &s->command, "command", q->command);
        regex_compile(s, &s->status, "status", q->status);
        regex_compile(s, &s->tty, "tty", q->tty);
        s->result = q->result;
        s->result_data = q->result_data;
        /* rsize is not among them (statm answers it: proctable_rss());
         * status never matches */
        s->stat_criteria = (s->ppid.set ? PROCSEL_PPID : 0) | (s->pgid.set ? PROCSEL_PGID : 0) |
                           (s->vsize.set ? PROCSEL_VSIZE : 0) | (s->ttime.set ? PROCSEL_TTIME : 0) |
                           (s->stime.set ? PROCSEL_STIME : 0) | (s->priority.set ? PROCSEL_PRIORITY : 0) |
                           (s->threads.set ? PROCSEL_THREADS : 0) | (s->tty.set ? PROCSEL_TTY : 0);
    }
    s->signals = q->signals;
    s->self = q->self;
    s->now = q->now;
    return s;
}

void procselect_free(ProcSelect *s)
{
    if (!s)
        return;
    regex_free(&s->promiser);
    for (size_t i = 0; i < s->nowners; i++)
        regex_free(&s->owners[i]);
    free(s->owners);
    regex_free(&s->command);
    regex_free(&s->status);
    regex_free(&s->tty);
    free(s->error);
    free(s);
}

const char *procselect_error(const ProcSelect *s)
{
    return s->error;
}

/* Whether r can match anything: it compiled, or it is a literal. */
static bool regex_usable(const Regex *r)
{
    return r->code || r->needle.whole;
}

/* Whether subject (len bytes) may match r at all: r usable, and its
 * needle is in subject. */
static bool regex_may_match(const Regex *r, const char *subject, size_t len)
{
    return regex_usable(r) && rxneedle_may_match(&r->needle, subject, len);
}

/* regex_may_match() of a loaded entry's ps_args, by its grams first. */
static bool regex_may_match_entry(const Regex *r, const ProcEntry *e)
{
    return regex_usable(r) && rxneedle_may_match_grams(&r->needle, e->ps_args, e->ps_len, e->ps_grams);
}

/* r is about to run about n times: compiled to machine code now when
 * that pays for itself. */
static void regex_expect(Regex *r, size_t n)
{
    if (r->code && !r->jit_tried && n >= REGEX_JIT_RUNS) {
        r->jit_tried = true;
        r->jit = pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE) == 0;
    }
}

/* regex_match() on a subject regex_may_match() passed. */
static bool regex_run(Regex *r, const char *subject, size_t len, bool full, pcre2_match_data *md)
{
    if (r->needle.whole)
        return !full || (len == r->needle.len && memcmp(subject, r->needle.text, len) == 0);
    /* A regex that turns out to run often is compiled to machine code
     * too. Where JIT is not available (or fails) the interpreter goes on,
     * with the same results. */
    if (!r->jit_tried && ++r->interpreted >= REGEX_JIT_RUNS)
        regex_expect(r, REGEX_JIT_RUNS);
    /* pcre2_jit_match() is pcre2_match() less the checks that do not
     * apply here (no UTF, no options). The JIT's stack is smaller than the
     * interpreter's heap: where it runs out, the interpreter decides, as
     * it would have without JIT. */
    int rc = r->jit ? pcre2_jit_match(r->code, (PCRE2_SPTR)subject, len, 0, 0, md, NULL)
                    : pcre2_match(r->code, (PCRE2_SPTR)subject, len, 0, 0, md, NULL);
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
        rc = pcre2_match(r->code, (PCRE2_SPTR)subject, len, 0, PCRE2_NO_JIT, md, NULL);
    if (rc < 0)
        return false;
    if (!full)
        return true;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    return ov[0] == 0 && ov[1] == len;
}

/* Unanchored: a match anywhere. Full: 3.21's StringMatchFull, which
 * looks at the first match only and wants it to cover the whole subject
 * ("a|ab" does not fully match "ab"). */
static bool regex_match(Regex *r, const char *subject, bool full, pcre2_match_data *md)
{
    size_t len = strlen(subject);
    return regex_may_match(r, subject, len) && regex_run(r, subject, len, full, md);
}

/* regex_match() of a command line: e's ps_args (by its grams and length)
 * or another rendering of e's args. */
static bool regex_match_args(Regex *r, const ProcEntry *e, const char *args, bool full, pcre2_match_data *md)
{
    if (args != e->ps_args)
        return regex_match(r, args, full, md);
    return regex_may_match_entry(r, e) && regex_run(r, args, e->ps_len, full, md);
}

static bool in_range(const ProcRange *r, long long v)
{
    return r->set && r->min <= v && v <= r->max;
}

char *procselect_ps_args(const char *args)
{
    return proc_ps_args(args);
}

time_t procselect_start_time(const ProcEntry *e, time_t now)
{
    /* ps prints STIME as HH:MM for a process started on the current day,
     * which 3.21 reads as that minute of today; any other STIME it
     * replaces with the time ps ran less ELAPSED, the start to the second. */
    struct tm start, today;
    assert(e->stat_read);
    time_t t = e->start_time;
    if (!localtime_r(&t, &start) || !localtime_r(&now, &today))
        return t;
    if (start.tm_year == today.tm_year && start.tm_yday == today.tm_yday)
        return t - start.tm_sec;
    return t;
}

/* The user column into buf (or borrowed from the table). */
static const char *owner_column(ProcTable *t, const ProcEntry *e, char *buf, size_t len)
{
    e = proctable_owner(t, e);
    const char *name = proctable_user(t, e->uid);
    if (strlen(name) > PS_USER_WIDTH) {
        snprintf(buf, len, "%lu", (unsigned long)e->uid);
        return buf;
    }
    return name;
}

char *procselect_owner(ProcTable *t, const ProcEntry *e)
{
    char buf[32];
    return xstrdup(owner_column(t, e, buf, sizeof buf));
}

/* ps shows a nice value only for the normal and batch policies; "-" for
 * the others, which 3.21 cannot read as a number. */
static bool has_nice(const ProcEntry *e)
{
    assert(e->stat_read);
    return e->policy == 0 || e->policy == 3;
}

/* The rss ps shows, from statm (a process gone since the table was read
 * has none: 0, and it is left out). */
static unsigned long long rss_kb(ProcTable *t, const ProcEntry *e)
{
    return proctable_rss(t, e)->rss_kb;
}

/* The criteria e matches. e's stat is read when a criterion needs it
 * (s->stat_criteria): match_with() has read it. */
static unsigned match_criteria(ProcSelect *s, ProcTable *t, const ProcEntry *e, const char *args,
                               pcre2_match_data *md, unsigned skip)
{
    unsigned m = 0;
    assert(e->stat_read || !s->stat_criteria || (skip & STAT_CRITERIA));
    if (s->nowners > 0 && !(skip & PROCSEL_OWNER)) {
        char buf[32];
        const char *owner = owner_column(t, e, buf, sizeof buf);
        for (size_t i = 0; i < s->nowners; i++)
            if (regex_match(&s->owners[i], owner, true, md)) {
                m |= PROCSEL_OWNER;
                break;
            }
    }
    if (in_range(&s->pid, e->pid))
        m |= PROCSEL_PID;
    if (s->rsize.set && !(skip & PROCSEL_RSIZE) && in_range(&s->rsize, (long long)rss_kb(t, e)))
        m |= PROCSEL_RSIZE;
    /* status: 3.21's ps has no S/STAT column on Linux; never matches. */
    if (s->command.set && !(skip & PROCSEL_COMMAND) && regex_match_args(&s->command, e, args, true, md))
        m |= PROCSEL_COMMAND;
    if (skip & STAT_CRITERIA)
        return m;
    if (in_range(&s->ppid, e->ppid))
        m |= PROCSEL_PPID;
    if (in_range(&s->pgid, e->pgid))
        m |= PROCSEL_PGID;
    if (in_range(&s->vsize, (long long)e->vsize_kb))
        m |= PROCSEL_VSIZE;
    if (s->ttime.set && in_range(&s->ttime, (long long)proc_cpu_seconds(t, e)))
        m |= PROCSEL_TTIME;
    if (s->stime.set && in_range(&s->stime, (long long)procselect_start_time(e, s->now)))
        m |= PROCSEL_STIME;
    if (s->priority.set && has_nice(e) && in_range(&s->priority, e->nice))
        m |= PROCSEL_PRIORITY;
    if (in_range(&s->threads, e->threads))
        m |= PROCSEL_THREADS;
    if (s->tty.set) {
        char tty[32];
        if (regex_match(&s->tty, proc_tty_name(e->tty_nr, tty, sizeof tty), true, md))
            m |= PROCSEL_TTY;
    }
    return m;
}

/* Whether e is a zombie or a process gone since its command line was
 * read, as far as its stat is read: neither ever matches. A lazy table
 * leaves stat unread only for processes with a command line, which are
 * not zombies (an unread state is 0). */
static bool dead(const ProcEntry *e)
{
    return e->gone || e->state == 'Z';
}

/* Whether e may match at all, before any regex: the agent itself and
 * zombies never do; with signals, neither do pids 0 to 3 (but init when
 * the only signal is hup). By pid and what is read of e alone. */
static bool eligible(const ProcSelect *s, const ProcEntry *e)
{
    if (dead(e))
        return false;
    if (s->self > 0 && e->pid == s->self)
        return false;
    if (s->signals == PROCSEL_NO_SIGNALS)
        return true;
    if (e->pid == 1)
        return s->signals == PROCSEL_SIGNALS_ONLY_HUP;
    return e->pid > 3;
}

/* The answers of the result callback so far, in one procselect_run(): it
 * depends on the mask alone, and a table has few distinct masks. */
#define RESULT_MEMO 64
typedef struct {
    unsigned mask[RESULT_MEMO];
    bool value[RESULT_MEMO];
    size_t n;
} ResultMemo;

static bool result_of(const ProcSelect *s, unsigned m, ResultMemo *memo)
{
    if (!s->result)
        return m != 0;
    if (memo)
        for (size_t i = 0; i < memo->n; i++)
            if (memo->mask[i] == m)
                return memo->value[i];
    bool value = s->result(s->result_data, m);
    if (memo && memo->n < RESULT_MEMO) {
        memo->mask[memo->n] = m;
        memo->value[memo->n++] = value;
    }
    return value;
}

/* chosen: e is known to be eligible, and its promiser matched when it has
 * ps_args (procselect_run()'s first pass). */
static bool match_with(ProcSelect *s, ProcTable *t, const ProcEntry *e, bool chosen, unsigned *matched,
                       pcre2_match_data *md, ResultMemo *memo)
{
    if (matched)
        *matched = 0;
    if (!eligible(s, e))
        return false;
    const char *args = e->ps_args;
    char *own = NULL;
    if (!args) /* an entry not made by proctable_load() */
        args = own = proc_ps_args(e->args);
    bool ok = (chosen && !own) || regex_match(&s->promiser, args, false, md);
    if (ok && s->select) {
        /* stat only now, for the processes the promiser chose; one found
         * gone (or a zombie) by then is left out, as a process that ends
         * while the table is read (the owner and rsize criteria may find
         * that out too) */
        unsigned m = 0;
        if (s->stat_criteria)
            e = proctable_stat(t, e);
        if (!dead(e))
            m = match_criteria(s, t, e, args, md, 0);
        if (dead(e)) {
            ok = false;
        } else {
            if (matched)
                *matched = m;
            ok = result_of(s, m, memo);
        }
    }
    free(own);
    return ok;
}

/* match_with() for a chosen entry of a load whose criteria other than
 * unknown are known (procselect_run() worked them out before the reads
 * the unknown ones needed). */
static bool match_unread(ProcSelect *s, ProcTable *t, const ProcEntry *e, unsigned known, unsigned unknown,
                         pcre2_match_data *md, ResultMemo *memo)
{
    if (unknown & STAT_CRITERIA)
        e = proctable_stat(t, e);
    if (dead(e))
        return false;
    unsigned m = known | match_criteria(s, t, e, e->ps_args, md, ~with_stat(unknown));
    if (dead(e))
        return false;
    return result_of(s, m, memo);
}

bool procselect_match(ProcSelect *s, ProcTable *t, const ProcEntry *e, unsigned *matched)
{
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    bool ok = match_with(s, t, e, false, matched, md, NULL);
    pcre2_match_data_free(md);
    return ok;
}

/* What of a lazily read entry the criteria look at (proctable_fill()'s
 * flags). */
static unsigned criteria_need(const ProcSelect *s)
{
    if (!s->select)
        return 0;
    return (s->stat_criteria ? PROCTABLE_LAZY_STAT : 0) | (s->nowners > 0 ? PROCTABLE_LAZY_OWNER : 0) |
           (s->rsize.set ? PROCTABLE_LAZY_RSS : 0);
}

/* The criteria of s that look at what a lazy load left unread of e
 * (its stat, owner or statm). */
static unsigned unread_criteria(const ProcSelect *s, const ProcEntry *e)
{
    unsigned u = 0;
    if (!e->stat_read)
        u |= s->stat_criteria;
    if (s->nowners > 0 && !e->owner_read)
        u |= PROCSEL_OWNER;
    if (s->rsize.set && !e->rss_read)
        u |= PROCSEL_RSIZE;
    return u;
}

/* The most unknown criteria result_determined() tries every way of. */
#define DETERMINED_MAX_UNKNOWN 6

/* Whether the result is the same for the known criteria whatever the
 * unknown ones turn out to be; *value gets it. */
static bool result_determined(const ProcSelect *s, unsigned known, unsigned unknown, ResultMemo *memo, bool *value)
{
    if (__builtin_popcount(unknown) > DETERMINED_MAX_UNKNOWN)
        return false;
    bool v = result_of(s, known, memo);
    for (unsigned sub = unknown; sub != 0; sub = (sub - 1) & unknown)
        if (result_of(s, known | sub, memo) != v)
            return false;
    *value = v;
    return true;
}

/* A chosen process of procselect_run(): its criteria known before any
 * read, those left unknown, and whether it is selected (-1: not known
 * until they are read). */
typedef struct {
    unsigned known, unknown;
    signed char selected;
} Pending;

size_t procselect_run(ProcSelect *s, ProcTable *t, Vec *out)
{
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    /* The processes the promiser chooses, in two passes: those that hold
     * its needle, then the regex on those alone, compiled to machine code
     * when they are many. (An entry not made by a load has no ps_args:
     * match_with() decides it.) */
    Vec chosen = VEC_INIT;
    for (size_t i = 0; i < t->entries.len; i++) {
        const ProcEntry *e = t->entries.items[i];
        if (eligible(s, e) && (!e->ps_args || regex_may_match_entry(&s->promiser, e)))
            vec_push(&chosen, (void *)e);
    }
    regex_expect(&s->promiser, chosen.len);
    size_t kept = 0;
    for (size_t i = 0; i < chosen.len; i++) {
        const ProcEntry *e = chosen.items[i];
        if (!e->ps_args || regex_run(&s->promiser, e->ps_args, e->ps_len, false, md))
            chosen.items[kept++] = (void *)e;
    }
    chosen.len = kept;
    if (s->select) {
        for (size_t i = 0; i < s->nowners; i++)
            regex_expect(&s->owners[i], chosen.len);
        regex_expect(&s->command, chosen.len);
        regex_expect(&s->tty, chosen.len);
    }
    ResultMemo memo = { .n = 0 };
    /* Where the criteria look at what the load left unread (stat, owner,
     * statm), each chosen process is first decided, where it can be, by
     * the criteria that need no read (its command line, its pid):
     * "command.process_owner" is false for a command that does not match,
     * whoever owns it. The others are read all at once (with threads on
     * a busy machine) rather than one by one as the criteria ask. */
    Pending *pending = NULL;
    unsigned need = criteria_need(s) & proctable_lazy(t);
    if (need) {
        pending = xcalloc(chosen.len ? chosen.len : 1, sizeof *pending);
        Vec unread = VEC_INIT;
        for (size_t i = 0; i < chosen.len; i++) {
            const ProcEntry *e = chosen.items[i];
            Pending *p = &pending[i];
            p->selected = -1;
            p->unknown = e->ps_args ? unread_criteria(s, e) : 0;
            if (p->unknown == 0)
                continue; /* match_with() decides it */
            p->known = match_criteria(s, t, e, e->ps_args, md, with_stat(p->unknown));
            bool value;
            if (result_determined(s, p->known, p->unknown, &memo, &value))
                p->selected = value;
            else
                vec_push(&unread, (void *)e);
        }
        proctable_fill(t, (const ProcEntry *const *)unread.items, unread.len, need);
        vec_free(&unread, NULL);
    }
    size_t n = 0;
    for (size_t i = 0; i < chosen.len; i++) {
        const ProcEntry *e = chosen.items[i];
        bool ok;
        if (!pending || pending[i].unknown == 0)
            ok = match_with(s, t, e, true, NULL, md, &memo);
        else if (pending[i].selected >= 0)
            ok = pending[i].selected;
        else
            ok = match_unread(s, t, e, pending[i].known, pending[i].unknown, md, &memo);
        if (ok) {
            vec_push(out, (void *)e);
            n++;
        }
    }
    free(pending);
    vec_free(&chosen, NULL);
    pcre2_match_data_free(md);
    return n;
}

bool procselect_count_in_range(size_t count, long long min, long long max)
{
    ProcRange r = normalised((ProcRange){ true, min, max });
    min = r.min;
    max = r.max;
    if (min > (long long)count)
        return false;
    return max >= 0 && (unsigned long long)max >= count;
}

static const struct {
    const char *name;
    int signo;
} signal_names[] = {
    { "hup", SIGHUP },   { "int", SIGINT },   { "trap", SIGTRAP }, { "kill", SIGKILL },
    { "pipe", SIGPIPE }, { "cont", SIGCONT }, { "abrt", SIGABRT }, { "stop", SIGSTOP },
    { "quit", SIGQUIT }, { "term", SIGTERM }, { "child", SIGCHLD }, { "usr1", SIGUSR1 },
    { "usr2", SIGUSR2 }, { "bus", SIGBUS },   { "segv", SIGSEGV },
};

bool procselect_signal_parse(const char *spec, ProcSignalStep *step)
{
    for (size_t i = 0; i < sizeof signal_names / sizeof signal_names[0]; i++)
        if (strcmp(spec, signal_names[i].name) == 0) {
            step->pause = false;
            step->signo = signal_names[i].signo;
            step->seconds = 0;
            return true;
        }
    /* A pause: digits, then an optional 's'. */
    const char *p = spec;
    unsigned long secs = 0;
    while (*p >= '0' && *p <= '9') {
        secs = secs * 10 + (unsigned long)(*p - '0');
        if (secs > INT_MAX)
            return false;
        p++;
    }
    if (p == spec || (p[0] == 's' ? p[1] != '\0' : p[0] != '\0'))
        return false;
    step->pause = true;
    step->signo = 0;
    step->seconds = (unsigned)secs;
    return true;
}

ProcSignalOutcome procselect_signal_all(const Vec *procs, const ProcSignalStep *steps, size_t nsteps,
                                        const ProcSignalOps *ops)
{
    ProcSignalOutcome out = { 0, 0, false };
    for (size_t i = 0; i < procs->len; i++) {
        const ProcEntry *e = procs->items[i];
        for (size_t k = 0; k < nsteps; k++) {
            if (steps[k].pause) {
                ops->sleep(ops->userdata, steps[k].seconds);
                continue;
            }
            if (steps[k].signo == SIGTERM || steps[k].signo == SIGKILL)
                out.killed = true;
            if (ops->kill(ops->userdata, e->pid, steps[k].signo) == 0)
                out.sent++;
            else
                out.failed++;
        }
    }
    return out;
}
