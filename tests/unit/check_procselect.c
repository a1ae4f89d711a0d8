/* check_procselect.c - the Check suite for src/sys/procselect: selecting
 * processes of the fake /proc tree (a copy of tests/fixtures/proc, its
 * owners applied) as CFEngine 3.21 selects them (docs/processes.md),
 * process_count ranges, signals. */
#include <check.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "policy/classexpr.h"
#include "sys/procselect.h"
#include "testutil.h"

/* The copy of the fake /proc the tests read: made once for a test case
 * (an unchecked fixture, so in the runner), removed after. */
static TuProcFixture fixture;

static void fixture_setup(void)
{
    tu_proc_fixture(&fixture);
}

static void fixture_teardown(void)
{
    tu_proc_fixture_free(&fixture);
}

static ProcTable load_fixture_with(unsigned flags)
{
    ProcTable t = PROCTABLE_INIT;
    ck_assert_int_eq(proctable_load_with(&t, fixture.root, flags), 0);
    return t;
}

/* The size of a page in kB, as the fixture's statm files count. */
static long long page_kb(void)
{
    return sysconf(_SC_PAGESIZE) / 1024;
}

/* The name the effective user goes by (ps's USER column). Owned. */
static char *my_user(void)
{
    struct passwd *pw = getpwuid(geteuid());
    return pw ? xstrdup(pw->pw_name) : xasprintf("%lu", (unsigned long)geteuid());
}

static ProcTable load_fixture(void)
{
    return load_fixture_with(0);
}

/* The pids q selects in a fixture table, blank-separated ("" for none). */
static char *pids_in(const ProcQuery *q, unsigned flags)
{
    ProcTable t = load_fixture_with(flags);
    ProcSelect *s = procselect_new(q);
    Vec out = VEC_INIT;
    size_t n = procselect_run(s, &t, &out);
    ck_assert_uint_eq(n, out.len);
    Buf b = BUF_INIT;
    for (size_t i = 0; i < out.len; i++)
        buf_printf(&b, "%s%d", i ? " " : "", (int)((const ProcEntry *)out.items[i])->pid);
    char *text = xstrdup(buf_cstr(&b));
    buf_free(&b);
    vec_free(&out, NULL);
    procselect_free(s);
    proctable_free(&t);
    return text;
}

/* The pids q selects in the fixture; a table that reads the owner, rss,
 * stat or some of them only when a criterion needs them (the agent reads
 * all three lazily) must select the same. */
static char *pids(const ProcQuery *q)
{
    static const unsigned lazy_modes[] = { PROCTABLE_LAZY_OWNER, PROCTABLE_LAZY_RSS, PROCTABLE_LAZY_STAT,
                                           PROCTABLE_LAZY_OWNER | PROCTABLE_LAZY_RSS, PROCTABLE_LAZY };
    char *full = pids_in(q, 0);
    for (size_t i = 0; i < sizeof lazy_modes / sizeof lazy_modes[0]; i++) {
        char *lazy = pids_in(q, lazy_modes[i]);
        ck_assert_msg(strcmp(lazy, full) == 0, "flags %u select '%s', a full table '%s'", lazy_modes[i], lazy,
                      full);
        free(lazy);
    }
    return full;
}

#define ck_assert_pids(q, want)                                                                  \
    do {                                                                                          \
        char *got_ = pids(q);                                                                     \
        ck_assert_str_eq(got_, want);                                                             \
        free(got_);                                                                               \
    } while (0)

static ProcRange range(long long min, long long max)
{
    return (ProcRange){ true, min, max };
}

/* A process_select body with the given promiser, nothing else set. */
static ProcQuery body(const char *promiser)
{
    ProcQuery q = { 0 };
    q.promiser = promiser;
    q.select = true;
    q.now = 1700000000;
    return q;
}

/* process_result as minicf's processes promise will evaluate it: a class
 * expression in which only the matched criteria are defined. */
static bool criterion_defined(void *userdata, const char *name, size_t len)
{
    unsigned mask = *(const unsigned *)userdata;
    return (procselect_criterion_bit(name, len) & mask) != 0;
}

static bool eval_result(void *userdata, unsigned matched)
{
    bool value = false;
    size_t fail = 0;
    ck_assert(classexpr_parse(userdata, criterion_defined, &matched, &value, &fail));
    return value;
}

static ProcQuery with_result(ProcQuery q, const char *expr)
{
    q.result = eval_result;
    q.result_data = (void *)expr;
    return q;
}

START_TEST(test_procselect_promiser_is_unanchored_on_args_only)
{
    ProcQuery q = { .promiser = "nginx" };
    ck_assert_pids(&q, "100 101");
    q.promiser = "^nginx: worker";
    ck_assert_pids(&q, "101");
    q.promiser = "^/usr/sbin/minicf";
    ck_assert_pids(&q, "1 200");
    /* not the user, the pid nor the comm of stat: only the command line */
    q.promiser = "root";
    ck_assert_pids(&q, "");
    q.promiser = "^100";
    ck_assert_pids(&q, "");
    q.promiser = "evil";
    ck_assert_pids(&q, "");
    /* case matters */
    q.promiser = "NGINX";
    ck_assert_pids(&q, "");
    /* an empty promiser matches every process but the zombie */
    q.promiser = "";
    ck_assert_pids(&q, "1 2 5 42 100 101 102 103 104 200");
}
END_TEST

/* The two deliberate differences from 3.21. */
START_TEST(test_procselect_never_self_nor_zombie)
{
    ProcQuery q = { .promiser = "minicf", .self = 200 };
    ck_assert_pids(&q, "1");
    /* 77 is a zombie "[sleep]"; 104 is stopped, which still counts */
    q.promiser = "sleep";
    ck_assert_pids(&q, "104");
}
END_TEST

START_TEST(test_procselect_kernel_threads_show_in_brackets)
{
    ProcQuery q = { .promiser = "^\\[kthreadd\\]$" };
    ck_assert_pids(&q, "2");
}
END_TEST

/* ps in the C locale: newline -> blank, control bytes -> '.', bytes past
 * ASCII -> '?'; 3.21 drops the blanks at both ends. */
START_TEST(test_procselect_ps_args_rendering)
{
    char *a = procselect_ps_args("  rt\tworker\nx\x01\xc3\xa9 -v  ");
    ck_assert_str_eq(a, "rt.worker x.?? -v");
    free(a);
    a = procselect_ps_args("\n\x7f\n");
    ck_assert_str_eq(a, ".");
    free(a);
    a = procselect_ps_args("");
    ck_assert_str_eq(a, "");
    free(a);
    ProcQuery q = { .promiser = "^rt\\.worker x\\.\\?\\? -v$" };
    ck_assert_pids(&q, "102");
    q.promiser = "worker\t";
    ck_assert_pids(&q, "");
}
END_TEST

START_TEST(test_procselect_command_is_anchored)
{
    ProcQuery q = body("nginx");
    q.command = "nginx";
    ck_assert_pids(&q, "");
    q.command = "worker process";
    ck_assert_pids(&q, "");
    q.command = "nginx: worker process";
    ck_assert_pids(&q, "101");
    q.command = "nginx.*";
    ck_assert_pids(&q, "100 101");
    q.command = "NGINX.*";
    ck_assert_pids(&q, "");
    /* the command is the rendered args column too */
    q.promiser = "rt";
    q.command = "rt\\.worker.*-v";
    ck_assert_pids(&q, "102");
}
END_TEST

/* 3.21 takes the first match and wants it to span the whole column, so
 * the order of alternatives matters. */
START_TEST(test_procselect_full_match_takes_first_match_only)
{
    ProcQuery q = body("nginx");
    q.command = "nginx: worker|nginx: worker process";
    ck_assert_pids(&q, "");
    q.command = "nginx: worker process|nginx: worker";
    ck_assert_pids(&q, "101");
}
END_TEST

START_TEST(test_procselect_owner_names_or_uid_when_nameless)
{
    const char *root[] = { "root", NULL };
    const char *uid[] = { "4000000", NULL };
    const char *part[] = { "400", NULL };
    const char *re[] = { "40+", NULL };
    const char *zero[] = { "0", NULL };
    const char *two[] = { "nosuchuser", "r.*", NULL };
    if (!TU_PROC_OWNERS(&fixture))
        return;
    ProcQuery q = body("nginx");
    q.owners = root;
    ck_assert_pids(&q, "100");
    q.owners = uid;
    ck_assert_pids(&q, "101");
    q.owners = part;
    ck_assert_pids(&q, "");
    q.owners = re;
    ck_assert_pids(&q, "101");
    /* a user with a name is matched by name, never by uid */
    q.owners = zero;
    ck_assert_pids(&q, "");
    q.owners = two;
    ck_assert_pids(&q, "100");
    /* the effective user: 42 runs with real uid 0, effective 4000000 */
    q.promiser = "python";
    q.owners = root;
    ck_assert_pids(&q, "");
    q.owners = uid;
    ck_assert_pids(&q, "42");
}
END_TEST

START_TEST(test_procselect_ranges_are_inclusive)
{
    ProcQuery q = body("nginx");
    q.pid = range(100, 101);
    ck_assert_pids(&q, "100 101");
    q = body("nginx");
    q.pid = range(101, 101);
    ck_assert_pids(&q, "101");
    q = body("nginx");
    q.ppid = range(100, 100);
    ck_assert_pids(&q, "101");
    q = body("");
    q.pgid = range(100, 103);
    ck_assert_pids(&q, "100 101 102 103");
    q = body("");
    q.threads = range(4, 8);
    ck_assert_pids(&q, "42 101");
    /* sizes in kB: statm's resident pages (VmRSS) for rsize, vsize / 1024
     * for vsize; not stat's rss (400 pages for 100) */
    q = body("nginx");
    q.rsize = range(512 * page_kb(), 512 * page_kb());
    ck_assert_pids(&q, "100");
    q = body("nginx");
    q.rsize = range(256 * page_kb(), 256 * page_kb());
    ck_assert_pids(&q, "101");
    q = body("nginx");
    q.rsize = range(400 * page_kb(), 400 * page_kb());
    ck_assert_pids(&q, "");
    /* a kernel thread and a zombie have none (the zombie never matches) */
    q = body("");
    q.rsize = range(0, 0);
    ck_assert_pids(&q, "2");
    q = body("nginx");
    q.vsize = range(64000, 64000);
    ck_assert_pids(&q, "100");
    q = body("nginx");
    q.vsize = range(65536000, 65536000);
    ck_assert_pids(&q, "");
    /* high end first: 3.21 swaps the ends */
    q = body("nginx");
    q.pid = range(101, 100);
    ck_assert_pids(&q, "100 101");
}
END_TEST

/* priority is ps's NI column: the nice value, and none at all (no match)
 * for real-time and idle policies. */
START_TEST(test_procselect_priority_is_nice)
{
    ProcQuery q = body("nginx");
    q.priority = range(-5, -5);
    ck_assert_pids(&q, "100");
    q = body("nginx");
    q.priority = range(15, 15); /* stat's priority of 100 */
    ck_assert_pids(&q, "");
    q = body("");
    q.priority = range(-20, 20);
    ck_assert_pids(&q, "1 2 5 42 100 101 103 104 200");
    q = body("");
    q.priority = range(3, 3);
    ck_assert_pids(&q, "103");
}
END_TEST

START_TEST(test_procselect_ttime_whole_cpu_seconds)
{
    ProcTable t = load_fixture();
    const ProcEntry *e = proctable_find(&t, 100);
    long long cpu = (long long)(6050 / t.ticks_per_sec);
    ck_assert_int_eq((long long)proc_cpu_seconds(&t, e), cpu);
    proctable_free(&t);
    ProcQuery q = body("nginx: master");
    q.ttime = range(cpu, cpu);
    ck_assert_pids(&q, "100");
    q.ttime = range(cpu + 1, cpu + 100);
    ck_assert_pids(&q, "");
}
END_TEST

/* ps shows STIME as HH:MM for a process started today, which 3.21 reads
 * back as that minute; an older start is known to the second. */
START_TEST(test_procselect_stime_minute_today_second_before)
{
    setenv("TZ", "UTC0", 1);
    tzset();
    ProcTable t = load_fixture();
    const ProcEntry *e = proctable_find(&t, 100);
    time_t start = e->start_time;
    time_t minute = start - start % 60;
    ck_assert_int_eq(procselect_start_time(e, start), minute);
    ck_assert_int_eq(procselect_start_time(e, start + 2 * 86400), start);
    proctable_free(&t);

    ProcQuery q = body("nginx: master");
    q.now = start + 2 * 86400;
    q.stime = range(start, start);
    ck_assert_pids(&q, "100");
    q.now = start;
    ck_assert_pids(&q, start == minute ? "100" : "");
    q.stime = range(minute, minute);
    ck_assert_pids(&q, "100");
}
END_TEST

/* 3.21's ps has no status column on Linux. */
START_TEST(test_procselect_status_never_matches)
{
    ProcQuery q = body("nginx");
    q.status = ".*";
    ck_assert_pids(&q, "");
    ProcQuery r = with_result(q, "status");
    ck_assert_pids(&r, "");
    r = with_result(q, "!status");
    ck_assert_pids(&r, "100 101");
}
END_TEST

START_TEST(test_procselect_tty_is_the_ps_name)
{
    ProcQuery q = body("");
    q.tty = "pts/0";
    ck_assert_pids(&q, "5 104");
    q.tty = "pts/[0-9]+";
    ck_assert_pids(&q, "5 104");
    q.tty = "pts";
    ck_assert_pids(&q, "");
    q = body("nginx");
    q.tty = "\\?";
    ck_assert_pids(&q, "100 101");
}
END_TEST

/* Without process_result 3.21 joins the criteria that matched with '.':
 * a process is selected when any criterion matched (not all). */
START_TEST(test_procselect_no_result_means_any_criterion)
{
    const char *root[] = { "root", NULL };
    ProcQuery q = body("nginx");
    q.command = "nginx: worker process";
    q.owners = root;
    if (TU_PROC_OWNERS(&fixture))
        ck_assert_pids(&q, "100 101");
    q = body("nginx");
    q.command = "nginx: worker process";
    q.pid = range(100, 100);
    ck_assert_pids(&q, "100 101");
    q = body("");
    q.pid = range(0, 5);
    q.ppid = range(100, 100);
    ck_assert_pids(&q, "1 2 5 101");
    /* a body with no criterion that matches selects nothing */
    q = body("");
    ck_assert_pids(&q, "");
}
END_TEST

START_TEST(test_procselect_result_is_a_class_expression_of_criteria)
{
    const char *root[] = { "root", NULL };
    ProcQuery q = body("nginx");
    q.command = "nginx.*";
    q.owners = root;
    ProcQuery r;
    if (TU_PROC_OWNERS(&fixture)) {
        r = with_result(q, "command.!process_owner");
        ck_assert_pids(&r, "101");
        r = with_result(q, "command&process_owner");
        ck_assert_pids(&r, "100");
        r = with_result(q, "!(command|process_owner)");
        ck_assert_pids(&r, "");
    }
    /* names of unset criteria, or of anything else, are not defined */
    r = with_result(q, "pid");
    ck_assert_pids(&r, "");
    r = with_result(q, "!pid");
    ck_assert_pids(&r, "100 101");
    r = with_result(q, "command.any");
    ck_assert_pids(&r, "");
}
END_TEST

/* With signals, 3.21 leaves pids 0-3 out of the match (and the count),
 * but for pid 1 when the only signal is hup. */
START_TEST(test_procselect_signals_leave_out_low_pids)
{
    ProcQuery q = { .promiser = "^(/usr/sbin/minicf-entrypoint|\\[kthreadd\\])" };
    ck_assert_pids(&q, "1 2");
    q.signals = PROCSEL_SIGNALS;
    ck_assert_pids(&q, "");
    q.signals = PROCSEL_SIGNALS_ONLY_HUP;
    ck_assert_pids(&q, "1");
}
END_TEST

START_TEST(test_procselect_bad_regex_matches_nothing)
{
    ProcQuery q = { .promiser = "nginx(" };
    ProcSelect *s = procselect_new(&q);
    ck_assert_ptr_nonnull(procselect_error(s));
    ck_assert_ptr_nonnull(strstr(procselect_error(s), "promiser"));
    ck_assert_ptr_nonnull(strstr(procselect_error(s), "nginx("));
    procselect_free(s);
    ck_assert_pids(&q, "");

    q = body("nginx");
    q.command = "nginx(";
    ck_assert_pids(&q, "");
    ProcQuery r = with_result(q, "!command");
    ck_assert_pids(&r, "100 101");

    q = body("nginx");
    s = procselect_new(&q);
    ck_assert_ptr_null(procselect_error(s));
    procselect_free(s);

    /* a literal too large for PCRE2 is an error too, as in 3.21, though
     * a shorter literal is matched by a search alone */
    char *huge = xmalloc(40001);
    memset(huge, 'n', 40000);
    huge[40000] = '\0';
    q = (ProcQuery){ .promiser = huge };
    s = procselect_new(&q);
    ck_assert_ptr_nonnull(procselect_error(s));
    procselect_free(s);
    ck_assert_pids(&q, "");
    huge[1000] = '\0';
    s = procselect_new(&q);
    ck_assert_ptr_null(procselect_error(s));
    procselect_free(s);
    free(huge);
}
END_TEST

START_TEST(test_procselect_without_body_only_the_promiser)
{
    ProcQuery q = body("nginx");
    q.select = false;
    q.command = "nothing";
    q.pid = range(0, 0);
    ck_assert_pids(&q, "100 101");
}
END_TEST

START_TEST(test_procselect_match_reports_criteria)
{
    ProcTable t = load_fixture();
    ProcQuery q = body("nginx");
    q.pid = range(101, 101);
    q.threads = range(8, 8);
    q.command = "nginx: master.*";
    ProcSelect *s = procselect_new(&q);
    unsigned m = 0;
    ck_assert(procselect_match(s, &t, proctable_find(&t, 101), &m));
    ck_assert_uint_eq(m, PROCSEL_PID | PROCSEL_THREADS);
    ck_assert(procselect_match(s, &t, proctable_find(&t, 100), &m));
    ck_assert_uint_eq(m, PROCSEL_COMMAND);
    ck_assert(!procselect_match(s, &t, proctable_find(&t, 1), &m));
    ck_assert_uint_eq(m, 0);
    procselect_free(s);
    proctable_free(&t);
}
END_TEST

START_TEST(test_procselect_criterion_names)
{
    static const char *const names[] = { "process_owner", "pid", "ppid", "pgid", "vsize",
                                         "rsize", "ttime", "stime", "priority", "threads",
                                         "status", "command", "tty" };
    for (unsigned i = 0; i < PROCSEL_CRITERIA; i++) {
        ck_assert_str_eq(procselect_criterion_name(1u << i), names[i]);
        ck_assert_uint_eq(procselect_criterion_bit(names[i], strlen(names[i])), 1u << i);
    }
    ck_assert_uint_eq(procselect_criterion_bit("any", 3), 0);
    ck_assert_uint_eq(procselect_criterion_bit("ttime_range", 11), 0);
    ck_assert_uint_eq(procselect_criterion_bit("pidx", 3), PROCSEL_PID);
    ck_assert_ptr_null(procselect_criterion_name(0));
    ck_assert_ptr_null(procselect_criterion_name(3));
}
END_TEST

START_TEST(test_procselect_count_in_range)
{
    ck_assert(procselect_count_in_range(0, 0, 0));
    ck_assert(!procselect_count_in_range(1, 0, 0));
    ck_assert(procselect_count_in_range(1, 1, 5));
    ck_assert(procselect_count_in_range(5, 1, 5));
    ck_assert(!procselect_count_in_range(0, 1, 5));
    ck_assert(!procselect_count_in_range(6, 1, 5));
    ck_assert(procselect_count_in_range(3, 0, 99999999999LL));
    ck_assert(procselect_count_in_range(1, 5, 1));
    ck_assert(!procselect_count_in_range(0, 5, 1));
}
END_TEST

START_TEST(test_procselect_signal_names)
{
    static const struct {
        const char *name;
        int signo;
    } known[] = {
        { "hup", SIGHUP },   { "int", SIGINT },   { "trap", SIGTRAP }, { "kill", SIGKILL },
        { "pipe", SIGPIPE }, { "cont", SIGCONT }, { "abrt", SIGABRT }, { "stop", SIGSTOP },
        { "quit", SIGQUIT }, { "term", SIGTERM }, { "child", SIGCHLD }, { "usr1", SIGUSR1 },
        { "usr2", SIGUSR2 }, { "bus", SIGBUS },   { "segv", SIGSEGV },
    };
    ProcSignalStep st;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        ck_assert(procselect_signal_parse(known[i].name, &st));
        ck_assert(!st.pause);
        ck_assert_int_eq(st.signo, known[i].signo);
    }
    /* 3.21 rejects these: names are lower case, and only those 15 */
    static const char *const bad[] = { "TERM", "Term", "sigterm", "alrm", "chld", "winch",
                                       "-1", "5 s", "1.5", "10m", "", "s", "5ss" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!procselect_signal_parse(bad[i], &st), "accepted '%s'", bad[i]);
    /* a number is a pause, never a signal number */
    ck_assert(procselect_signal_parse("9", &st));
    ck_assert(st.pause);
    ck_assert_uint_eq(st.seconds, 9);
    ck_assert(procselect_signal_parse("5s", &st));
    ck_assert(st.pause);
    ck_assert_uint_eq(st.seconds, 5);
    ck_assert(procselect_signal_parse("0", &st));
    ck_assert(st.pause);
    ck_assert_uint_eq(st.seconds, 0);
}
END_TEST

/* A recorder for the signal seams. */
typedef struct {
    Buf log;
    pid_t fail_pid;
} Recorder;

static int record_kill(void *userdata, pid_t pid, int signo)
{
    Recorder *r = userdata;
    buf_printf(&r->log, "kill %d %d; ", (int)pid, signo);
    return pid == r->fail_pid ? -1 : 0;
}

static void record_sleep(void *userdata, unsigned seconds)
{
    Recorder *r = userdata;
    buf_printf(&r->log, "sleep %u; ", seconds);
}

/* Process by process (in the order given: ascending pid), every step in
 * list order, a pause for each process. */
START_TEST(test_procselect_signal_order_and_pauses)
{
    ProcTable t = load_fixture();
    ProcQuery q = { .promiser = "nginx", .signals = PROCSEL_SIGNALS };
    ProcSelect *s = procselect_new(&q);
    Vec procs = VEC_INIT;
    ck_assert_uint_eq(procselect_run(s, &t, &procs), 2);

    ProcSignalStep steps[4];
    const char *specs[] = { "usr1", "2", "usr2", "hup" };
    for (size_t i = 0; i < 4; i++)
        ck_assert(procselect_signal_parse(specs[i], &steps[i]));
    Recorder r = { BUF_INIT, 0 };
    ProcSignalOps ops = { record_kill, record_sleep, &r };
    ProcSignalOutcome o = procselect_signal_all(&procs, steps, 4, &ops);
    char *want = xasprintf("kill 100 %d; sleep 2; kill 100 %d; kill 100 %d; "
                           "kill 101 %d; sleep 2; kill 101 %d; kill 101 %d; ",
                           SIGUSR1, SIGUSR2, SIGHUP, SIGUSR1, SIGUSR2, SIGHUP);
    ck_assert_str_eq(buf_cstr(&r.log), want);
    free(want);
    ck_assert_uint_eq(o.sent, 6);
    ck_assert_uint_eq(o.failed, 0);
    ck_assert(!o.killed);

    /* term (or kill) is what makes restart_class apply, sent or not */
    ck_assert(procselect_signal_parse("term", &steps[0]));
    buf_clear(&r.log);
    r.fail_pid = 101;
    o = procselect_signal_all(&procs, steps, 1, &ops);
    ck_assert_uint_eq(o.sent, 1);
    ck_assert_uint_eq(o.failed, 1);
    ck_assert(o.killed);

    /* nothing to signal: nothing killed */
    Vec none = VEC_INIT;
    o = procselect_signal_all(&none, steps, 1, &ops);
    ck_assert(!o.killed);
    ck_assert_uint_eq(o.sent, 0);

    buf_free(&r.log);
    vec_free(&procs, NULL);
    procselect_free(s);
    proctable_free(&t);
}
END_TEST

/* The real /proc: a child with a distinctive command line is found, this
 * process is not even though the promiser matches it too. */
START_TEST(test_procselect_real_proc_finds_child_not_self)
{
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        execl("/bin/sleep", "procselect-marker", "30", (char *)NULL);
        _exit(127);
    }
    ProcTable t = PROCTABLE_INIT;
    const ProcEntry *found = NULL;
    for (int tries = 0; tries < 200 && !found; tries++) {
        ck_assert_int_eq(proctable_load(&t, NULL), 0);
        const ProcEntry *e = proctable_find(&t, child);
        if (e && strncmp(e->args, "procselect-marker", 17) == 0)
            found = e;
        else {
            proctable_free(&t);
            usleep(10000);
        }
    }
    ck_assert_ptr_nonnull(found);
    ProcQuery q = { .promiser = "procselect-marker|check_procselect", .self = getpid(),
                    .now = time(NULL) };
    q.select = true;
    q.command = "procselect-marker 30";
    ProcSelect *s = procselect_new(&q);
    Vec out = VEC_INIT;
    procselect_run(s, &t, &out);
    ck_assert_uint_eq(out.len, 1);
    ck_assert_int_eq(((const ProcEntry *)out.items[0])->pid, child);
    vec_free(&out, NULL);
    procselect_free(s);
    proctable_free(&t);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
}
END_TEST

/* A regex the JIT runs out of stack on (a repeated group over a 100,000
 * byte command line) is decided by the interpreter, as without JIT: it
 * matches. */
START_TEST(test_procselect_jit_stack_limit_falls_back)
{
    char root[] = "/tmp/check_procselect.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(root));
    char *dir = xasprintf("%s/10", root);
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    char *path = xasprintf("%s/stat", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("10 (long) S 1 10 10 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 100 2\n", f);
    ck_assert_int_eq(fclose(f), 0);
    free(path);
    path = xasprintf("%s/cmdline", dir);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < 100000; i++)
        fputc('a', f);
    ck_assert_int_eq(fclose(f), 0);
    free(path);
    ProcTable t = PROCTABLE_INIT;
    ck_assert_int_eq(proctable_load_with(&t, root, PROCTABLE_LAZY_OWNER | PROCTABLE_LAZY_RSS), 0);
    ck_assert_uint_eq(t.entries.len, 1);
    ProcQuery q = { .promiser = "^(a|b)+$" };
    ProcSelect *sel = procselect_new(&q);
    ck_assert_ptr_null(procselect_error(sel));
    ck_assert(procselect_match(sel, &t, t.entries.items[0], NULL));
    procselect_free(sel);
    q.promiser = "^(a|b)+c$";
    sel = procselect_new(&q);
    ck_assert(!procselect_match(sel, &t, t.entries.items[0], NULL));
    procselect_free(sel);
    proctable_free(&t);
    char *cmd = xasprintf("rm -rf '%s'", root);
    ck_assert_int_eq(system(cmd), 0);
    free(cmd);
    free(dir);
}
END_TEST

/* A lazily loaded table: stat is read only for the processes the
 * promiser matched, and only when a criterion needs a stat field (not
 * rsize: statm gives it); the empty command lines (2, 77) were read at
 * load. So are the owner and statm: only for the processes the promiser
 * matched, and only for process_owner and rsize. */
START_TEST(test_procselect_lazy_stat_only_when_a_criterion_needs_it)
{
    struct {
        ProcQuery q;
        const char *stat, *owner, *rss; /* the pids with each read after the run */
    } cases[13];
    const char *root[] = { "root", NULL };
    size_t n = 0;
#define READ(s, o, r) (cases[n].stat = (s), cases[n].owner = (o), cases[n++].rss = (r))
    cases[n].q = (ProcQuery){ .promiser = "nginx" }; /* no body */
    READ("2 77", "", "");
    cases[n].q = body("nginx");
    cases[n].q.owners = root;
    READ("2 77", "100 101", "");
    cases[n].q = body("nginx");
    cases[n].q.command = "nginx.*";
    cases[n].q.pid = range(1, 1000);
    READ("2 77", "", "");
    cases[n].q = body("nginx");
    cases[n].q.rsize = range(0, 100000);
    READ("2 77", "", "100 101");
    cases[n].q = body("nginx");
    cases[n].q.status = "S";
    READ("2 77", "", "");
    cases[n].q = body("nginx");
    cases[n].q.ppid = range(1, 1);
    READ("2 77 100 101", "", "");
    cases[n].q = body("^/usr");
    cases[n].q.tty = "pts/0";
    READ("1 2 42 77 200", "", "");
    cases[n].q = body("python|batch");
    cases[n].q.ttime = range(0, 10);
    READ("2 42 77 103", "", "");
    cases[n].q = body("nginx|python");
    cases[n].q.owners = root;
    cases[n].q.rsize = range(0, 0);
    cases[n].q.ppid = range(1, 1);
    READ("2 42 77 100 101", "42 100 101", "42 100 101");
    /* what the result does not depend on, for a process, is not read:
     * rsize only where the command matched, ... */
    cases[n].q = body("nginx");
    cases[n].q.command = "nginx: worker process";
    cases[n].q.rsize = range(0, 100000);
    cases[n].q = with_result(cases[n].q, "command.rsize");
    READ("2 77", "", "101");
    /* ... the owner only where the command did not */
    cases[n].q = body("nginx");
    cases[n].q.command = "nginx: worker process";
    cases[n].q.owners = root;
    cases[n].q = with_result(cases[n].q, "!command.process_owner");
    READ("2 77", "100", "");
    /* any criterion: the command decides where it matched */
    cases[n].q = body("nginx|python");
    cases[n].q.command = "nginx.*";
    cases[n].q.ppid = range(1, 1);
    READ("2 42 77", "", "");
    /* a result that names none of the criteria read nothing */
    cases[n].q = body("nginx");
    cases[n].q.owners = root;
    cases[n].q.ttime = range(0, 10);
    cases[n].q = with_result(cases[n].q, "!command");
    READ("2 77", "", "");
#undef READ
    for (size_t c = 0; c < n; c++) {
        ProcTable t = load_fixture_with(PROCTABLE_LAZY);
        ProcSelect *sel = procselect_new(&cases[c].q);
        Vec out = VEC_INIT;
        procselect_run(sel, &t, &out);
        Buf stat = BUF_INIT, owner = BUF_INIT, rss = BUF_INIT;
        for (size_t i = 0; i < t.entries.len; i++) {
            const ProcEntry *e = t.entries.items[i];
            ck_assert(!e->gone);
            if (e->stat_read)
                buf_printf(&stat, "%s%d", stat.len ? " " : "", (int)e->pid);
            if (e->owner_read)
                buf_printf(&owner, "%s%d", owner.len ? " " : "", (int)e->pid);
            if (e->rss_read)
                buf_printf(&rss, "%s%d", rss.len ? " " : "", (int)e->pid);
        }
        ck_assert_msg(strcmp(buf_cstr(&stat), cases[c].stat) == 0, "case %zu read stat of '%s', want '%s'", c,
                      buf_cstr(&stat), cases[c].stat);
        ck_assert_msg(strcmp(buf_cstr(&owner), cases[c].owner) == 0, "case %zu read the owner of '%s', want '%s'",
                      c, buf_cstr(&owner), cases[c].owner);
        ck_assert_msg(strcmp(buf_cstr(&rss), cases[c].rss) == 0, "case %zu read statm of '%s', want '%s'", c,
                      buf_cstr(&rss), cases[c].rss);
        buf_free(&stat);
        buf_free(&owner);
        buf_free(&rss);
        vec_free(&out, NULL);
        procselect_free(sel);
        proctable_free(&t);
    }
}
END_TEST

/* A lazy table decides some processes before reading what the result
 * turns out not to need: whatever the result, it selects what a table
 * that read everything selects (pids() compares them). */
START_TEST(test_procselect_lazy_decides_as_a_full_table)
{
    static const char *const results[] = {
        NULL, "command", "!command", "process_owner", "command.process_owner", "command|rsize", "!rsize.command",
        "ppid|command", "!(ppid.process_owner)", "rsize", "command.!rsize|process_owner", "pid.ttime",
        "!pid|!ttime", "(command|pid).(rsize|!ppid)", "tty|!tty",
    };
    const char *root[] = { "root", NULL };
    size_t selected = 0;
    for (size_t r = 0; r < sizeof results / sizeof results[0]; r++) {
        ProcQuery q = body("");
        q.command = "nginx.*|.*python.*";
        if (TU_PROC_OWNERS(&fixture))
            q.owners = root;
        q.rsize = range(0, 4 * page_kb());
        q.ppid = range(1, 1);
        q.pid = range(100, 200);
        q.ttime = range(0, 10);
        q.tty = "pts/0";
        if (results[r])
            q = with_result(q, results[r]);
        char *got = pids(&q);
        selected += got[0] != '\0';
        free(got);
    }
    ck_assert_uint_gt(selected, 5); /* the results select something, mostly */
}
END_TEST

/* A process that ends after its command line was read, before a stat
 * criterion asks for its stat: it is left out of that selection (whatever
 * process_result says: "!ppid" as well as "ppid"), as a process that
 * ends while the table is read, and from every selection after; one
 * before, on its command line or owner alone, needs no stat and has it. */
START_TEST(test_procselect_lazy_stat_of_a_vanished_process)
{
    char root[] = "/tmp/check_procselect.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(root));
    static const char *const files[][2] = {
        { "stat", "10 (daemon) S 1 10 10 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 4096 2\n" },
        { "cmdline", "daemon" },
        { "statm", "100 3 1 1 0 1 0\n" },
    };
    char *dir = xasprintf("%s/10", root);
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    for (size_t i = 0; i < 3; i++) {
        char *path = xasprintf("%s/%s", dir, files[i][0]);
        FILE *f = fopen(path, "w");
        ck_assert_ptr_nonnull(f);
        fputs(files[i][1], f);
        ck_assert_int_eq(fclose(f), 0);
        free(path);
    }
    ProcTable t = PROCTABLE_INIT;
    ck_assert_int_eq(proctable_load_with(&t, root, PROCTABLE_LAZY), 0);
    ck_assert_uint_eq(t.entries.len, 1);
    const ProcEntry *e = t.entries.items[0];
    char *stat = xasprintf("%s/stat", dir);
    ck_assert_int_eq(unlink(stat), 0);
    /* its owner is whoever made the directory: this process's user */
    char *me = my_user();
    const char *root_owner[] = { me, NULL };

    /* the command line alone, or the owner (the directory is still there) */
    ProcQuery q = { .promiser = "daemon" };
    ProcSelect *sel = procselect_new(&q);
    ck_assert(procselect_match(sel, &t, e, NULL));
    procselect_free(sel);
    q = body("daemon");
    q.owners = root_owner;
    sel = procselect_new(&q);
    unsigned m = 0;
    ck_assert(procselect_match(sel, &t, e, &m));
    ck_assert_uint_eq(m, PROCSEL_OWNER);
    procselect_free(sel);
    ck_assert(!e->stat_read);

    /* a stat criterion: left out, its criteria none */
    const char *results[] = { "ppid", "!ppid", "process_owner|!ppid", NULL };
    for (size_t i = 0; i < 4; i++) {
        q = body("daemon");
        q.owners = root_owner;
        q.ppid = range(1, 1);
        if (results[i])
            q = with_result(q, results[i]);
        sel = procselect_new(&q);
        m = 99;
        ck_assert(!procselect_match(sel, &t, e, &m));
        ck_assert_uint_eq(m, 0);
        Vec out = VEC_INIT;
        ck_assert_uint_eq(procselect_run(sel, &t, &out), 0);
        vec_free(&out, NULL);
        procselect_free(sel);
    }
    ck_assert(e->gone);
    /* once found gone, it is left out of every selection after */
    q = body("daemon");
    q.owners = root_owner;
    sel = procselect_new(&q);
    ck_assert(!procselect_match(sel, &t, e, NULL));
    procselect_free(sel);
    q = (ProcQuery){ .promiser = "daemon" };
    sel = procselect_new(&q);
    ck_assert(!procselect_match(sel, &t, e, NULL));
    procselect_free(sel);
    proctable_free(&t);
    char *cmd = xasprintf("rm -rf '%s'", root);
    ck_assert_int_eq(system(cmd), 0);
    free(cmd);
    free(stat);
    free(dir);
    free(me);
}
END_TEST

/* A process whose statm or directory is gone when rsize or process_owner
 * asks for it is left out too, and never taken for root's. Except in
 * procselect_run(), where a result that does not depend on the criterion
 * is decided without the read, on the process as its command line found
 * it; procselect_match() reads every criterion, and reports them all. */
START_TEST(test_procselect_lazy_owner_or_rss_of_a_vanished_process)
{
    char *me = my_user();
    const char *owner[] = { me, NULL };
    const char *results[] = { NULL, "!process_owner", "!rsize", "process_owner|!process_owner" };
    /* [which][result]: whether procselect_run() selects it (decided
     * without reading what is gone) */
    const bool run_selects[2][4] = {
        { false, true, false, true }, /* rsize asked, statm gone: "!process_owner" needs no rsize */
        { false, false, true, true }, /* process_owner asked, directory gone: "!rsize" needs no owner */
    };
    for (int which = 0; which < 2; which++)
        for (size_t r = 0; r < sizeof results / sizeof results[0]; r++) {
            char *root = tu_tempdir();
            char *dir = xasprintf("%s/10", root);
            ck_assert_int_eq(mkdir(dir, 0755), 0);
            free(tu_write_file(dir, "stat", "10 (daemon) S 1 10 10 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 4096 2\n"));
            free(tu_write_file(dir, "cmdline", "daemon"));
            char *statm = tu_write_file(dir, "statm", "100 3 1 1 0 1 0\n");
            ProcTable t = PROCTABLE_INIT;
            ck_assert_int_eq(proctable_load_with(&t, root, PROCTABLE_LAZY), 0);
            ck_assert_uint_eq(t.entries.len, 1);
            const ProcEntry *e = t.entries.items[0];
            ProcQuery q = body("daemon");
            if (which == 0) {
                /* rsize: statm gone */
                q.rsize = range(0, 1000000);
                ck_assert_int_eq(unlink(statm), 0);
            } else {
                /* process_owner: the directory gone */
                q.owners = owner;
                tu_rmtree(dir);
            }
            if (results[r])
                q = with_result(q, results[r]);
            ProcSelect *sel = procselect_new(&q);
            unsigned m = 99;
            Vec out = VEC_INIT;
            bool selects = run_selects[which][r];
            ck_assert_msg(procselect_run(sel, &t, &out) == (selects ? 1u : 0u), "which %d, result %s", which,
                          results[r] ? results[r] : "(none)");
            /* read only when the result depends on it */
            ck_assert_int_eq(e->gone, !selects);
            ck_assert(!procselect_match(sel, &t, e, &m));
            ck_assert_uint_eq(m, 0);
            ck_assert(e->gone);
            ck_assert_int_eq(e->uid, 0);
            vec_free(&out, NULL);
            procselect_free(sel);
            proctable_free(&t);
            tu_rmtree(root);
            free(statm);
            free(dir);
            free(root);
        }
    free(me);
}
END_TEST

/* The owner is the effective user, from the process's /proc directory:
 * a child that took uid 65534 (as a daemon dropping root does) is
 * "nobody"'s (or the number, without a name), not root's, eagerly and
 * lazily. */
START_TEST(test_procselect_real_proc_owner_of_a_child_that_dropped_root)
{
    if (!TU_NEED_ROOT("a child that changes its uid"))
        return;
    pid_t child = tu_child_as(65534, 65534);
    struct passwd *pw = getpwuid(65534);
    char *name = xstrdup(pw ? pw->pw_name : "65534");
    const char *nobody[] = { name, NULL };
    const char *root[] = { "root", NULL };
    const unsigned modes[] = { 0, PROCTABLE_LAZY };
    for (size_t i = 0; i < 2; i++) {
        ProcTable t = PROCTABLE_INIT;
        ck_assert_int_eq(proctable_load_with(&t, NULL, modes[i]), 0);
        const ProcEntry *e = proctable_find(&t, child);
        ck_assert_ptr_nonnull(e);
        char *owner = procselect_owner(&t, e);
        ck_assert_str_eq(owner, name);
        free(owner);
        ProcQuery q = { .promiser = "check_procselect", .self = getpid(), .now = time(NULL) };
        q.select = true;
        q.pid = range(child, child);
        q.owners = nobody;
        q = with_result(q, "process_owner.pid");
        ProcSelect *s = procselect_new(&q);
        Vec out = VEC_INIT;
        ck_assert_uint_eq(procselect_run(s, &t, &out), 1);
        ck_assert_int_eq(((const ProcEntry *)out.items[0])->pid, child);
        vec_free(&out, NULL);
        procselect_free(s);
        q.owners = root;
        s = procselect_new(&q);
        out = (Vec)VEC_INIT;
        ck_assert_uint_eq(procselect_run(s, &t, &out), 0);
        vec_free(&out, NULL);
        procselect_free(s);
        proctable_free(&t);
    }
    tu_kill_child(child);
    free(name);
}
END_TEST

static Suite *procselect_suite(void)
{
    Suite *s = suite_create("procselect");
    TCase *tc = tcase_create("fixture");
    tcase_add_test(tc, test_procselect_promiser_is_unanchored_on_args_only);
    tcase_add_test(tc, test_procselect_never_self_nor_zombie);
    tcase_add_test(tc, test_procselect_kernel_threads_show_in_brackets);
    tcase_add_test(tc, test_procselect_ps_args_rendering);
    tcase_add_test(tc, test_procselect_jit_stack_limit_falls_back);
    tcase_add_test(tc, test_procselect_command_is_anchored);
    tcase_add_test(tc, test_procselect_full_match_takes_first_match_only);
    tcase_add_test(tc, test_procselect_owner_names_or_uid_when_nameless);
    tcase_add_test(tc, test_procselect_ranges_are_inclusive);
    tcase_add_test(tc, test_procselect_priority_is_nice);
    tcase_add_test(tc, test_procselect_ttime_whole_cpu_seconds);
    tcase_add_test(tc, test_procselect_stime_minute_today_second_before);
    tcase_add_test(tc, test_procselect_status_never_matches);
    tcase_add_test(tc, test_procselect_tty_is_the_ps_name);
    tcase_add_test(tc, test_procselect_no_result_means_any_criterion);
    tcase_add_test(tc, test_procselect_result_is_a_class_expression_of_criteria);
    tcase_add_test(tc, test_procselect_signals_leave_out_low_pids);
    tcase_add_test(tc, test_procselect_bad_regex_matches_nothing);
    tcase_add_test(tc, test_procselect_without_body_only_the_promiser);
    tcase_add_test(tc, test_procselect_match_reports_criteria);
    tcase_add_test(tc, test_procselect_criterion_names);
    tcase_add_test(tc, test_procselect_lazy_stat_only_when_a_criterion_needs_it);
    tcase_add_test(tc, test_procselect_lazy_decides_as_a_full_table);
    tcase_add_test(tc, test_procselect_lazy_stat_of_a_vanished_process);
    tcase_add_test(tc, test_procselect_lazy_owner_or_rss_of_a_vanished_process);
    tcase_add_unchecked_fixture(tc, fixture_setup, fixture_teardown);
    suite_add_tcase(s, tc);
    tc = tcase_create("count_and_signals");
    tcase_add_test(tc, test_procselect_count_in_range);
    tcase_add_test(tc, test_procselect_signal_names);
    tcase_add_test(tc, test_procselect_signal_order_and_pauses);
    tcase_add_unchecked_fixture(tc, fixture_setup, fixture_teardown);
    suite_add_tcase(s, tc);
    tc = tcase_create("real");
    tcase_add_test(tc, test_procselect_real_proc_finds_child_not_self);
    tcase_add_test(tc, test_procselect_real_proc_owner_of_a_child_that_dropped_root);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(procselect_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
