/* check_proctable.c - the Check suite for src/sys/proctable: reading a
 * fake /proc tree (a copy of tests/fixtures/proc, its owners applied) and
 * the real one. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/rxneedle.h"
#include "sys/proctable.h"
#include "testutil.h"

/* Writes len bytes of text to DIR/NAME. */
static void write_file(const char *dir, const char *name, const char *text, size_t len)
{
    char *path = xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
    free(path);
}

/* A fake /proc with one process, pid, its stat line and command line. */
static void add_process(const char *root, int pid, const char *stat, const char *cmdline, size_t cmdlen)
{
    char *dir = xasprintf("%s/%d", root, pid);
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    write_file(dir, "stat", stat, strlen(stat));
    write_file(dir, "cmdline", cmdline, cmdlen);
    /* every process has a statm (without one it is taken for gone); pid
     * resident pages tell them apart */
    char *statm = xasprintf("%d %d 1 1 0 1 0\n", pid + 100, pid);
    write_file(dir, "statm", statm, strlen(statm));
    free(statm);
    free(dir);
}

static void remove_tree(const char *root)
{
    char *cmd = xasprintf("rm -rf '%s'", root);
    ck_assert_int_eq(system(cmd), 0);
    free(cmd);
}

/* The copy of the fake /proc the "fixture" tests read: made once for
 * them (an unchecked fixture, so in the runner), removed after. */
static TuProcFixture fixture;

static void fixture_setup(void)
{
    tu_proc_fixture(&fixture);
}

static void fixture_teardown(void)
{
    tu_proc_fixture_free(&fixture);
}

static char *fixture_root(void)
{
    return xstrdup(fixture.root);
}

static ProcTable load_fixture(void)
{
    ProcTable t = PROCTABLE_INIT;
    ck_assert_int_eq(proctable_load(&t, fixture.root), 0);
    return t;
}

START_TEST(test_proctable_reads_every_process_in_pid_order)
{
    ProcTable t = load_fixture();
    /* 99 has no stat (it ended while the table was read); sys is no pid */
    const pid_t want[] = { 1, 2, 5, 42, 77, 100, 101, 102, 103, 104, 200 };
    const size_t n = sizeof want / sizeof want[0];
    ck_assert_uint_eq(t.entries.len, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(((ProcEntry *)t.entries.items[i])->pid, want[i]);
    ck_assert_ptr_null(proctable_find(&t, 99));
    ck_assert_ptr_null(proctable_find(&t, 3));
    ck_assert_int_eq(t.boot_time, 1700000000);
    proctable_free(&t);
}
END_TEST

START_TEST(test_proctable_fields)
{
    ProcTable t = load_fixture();
    const ProcEntry *e = proctable_find(&t, 1);
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->comm, "minicf-entrypo");
    ck_assert_str_eq(e->args, "/usr/sbin/minicf-entrypoint /usr/sbin/sshd -D");
    ck_assert_int_eq(e->state, 'S');
    ck_assert_int_eq(e->ppid, 0);
    ck_assert_int_eq(e->pgid, 1);
    ck_assert_int_eq(e->threads, 1);
    ck_assert_uint_eq(e->vsize_kb, 10240);
    ck_assert(e->owner_read && e->rss_read && e->stat_read && !e->gone);
    ck_assert_uint_eq(e->rss_kb, 300 * (unsigned long long)t.page_kb);
    ck_assert_int_eq(e->start_time, 1700000000 + 100 / t.ticks_per_sec);
    ck_assert_uint_eq(proc_cpu_seconds(&t, e), 200 / (unsigned long long)t.ticks_per_sec);
    if (TU_PROC_OWNERS(&fixture)) {
        ck_assert_int_eq(e->uid, 0);
        ck_assert_int_eq(e->gid, 0);
        ck_assert_str_eq(proctable_user(&t, e->uid), "root");
    }
    proctable_free(&t);
}
END_TEST

/* The name in stat may hold ")" and blanks: fields are read after the
 * last ')'. */
START_TEST(test_proctable_odd_command_name)
{
    ProcTable t = load_fixture();
    const ProcEntry *e = proctable_find(&t, 42);
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->comm, "evil) S 1 (x");
    ck_assert_int_eq(e->state, 'R');
    ck_assert_int_eq(e->ppid, 1);
    ck_assert_int_eq(e->pgid, 42);
    ck_assert_int_eq(e->sid, 5);
    ck_assert_int_eq(e->priority, 39);
    ck_assert_int_eq(e->nice, 19);
    ck_assert_int_eq(e->threads, 4);
    ck_assert_str_eq(e->args, "/usr/bin/python3 -c print(1)");
    if (TU_PROC_OWNERS(&fixture)) {
        /* its directory's owner: the effective ids */
        ck_assert_int_eq(e->uid, 4000000);
        ck_assert_int_eq(e->gid, 4000001);
        /* no such user: the number, as ps shows it */
        ck_assert_str_eq(proctable_user(&t, e->uid), "4000000");
    }
    proctable_free(&t);
}
END_TEST

/* ps shows VmRSS of status as RSS, which is statm's resident pages
 * (stat's rss lags behind it: 100 has 400 pages there, 512 in statm);
 * a kernel thread and a zombie have no memory: 0. And 3.21 needs the
 * scheduling policy to know whether ps shows a nice value. */
START_TEST(test_proctable_rss_from_statm_and_policy)
{
    ProcTable t = load_fixture();
    const unsigned long long page_kb = (unsigned long long)t.page_kb;
    const ProcEntry *e = proctable_find(&t, 100);
    ck_assert_uint_eq(e->rss_kb, 512 * page_kb);
    ck_assert_int_eq(e->policy, 0);
    ck_assert_int_eq(e->nice, -5);
    ck_assert_int_eq(proctable_find(&t, 102)->policy, 1);
    ck_assert_int_eq(proctable_find(&t, 103)->policy, 3);
    ck_assert_uint_eq(proctable_find(&t, 1)->rss_kb, 300 * page_kb);
    ck_assert_uint_eq(proctable_find(&t, 101)->rss_kb, 256 * page_kb);
    ck_assert_uint_eq(proctable_find(&t, 2)->rss_kb, 0);
    ck_assert_uint_eq(proctable_find(&t, 77)->rss_kb, 0);
    proctable_free(&t);
}
END_TEST

START_TEST(test_proctable_kernel_thread_and_zombie)
{
    ProcTable t = load_fixture();
    const ProcEntry *k = proctable_find(&t, 2);
    ck_assert_str_eq(k->args, "[kthreadd]");
    const ProcEntry *z = proctable_find(&t, 77);
    ck_assert_int_eq(z->state, 'Z');
    ck_assert_str_eq(z->args, "[sleep]");
    proctable_free(&t);
}
END_TEST

START_TEST(test_proctable_tty_names)
{
    char buf[32];
    ProcTable t = load_fixture();
    ck_assert_str_eq(proc_tty_name(proctable_find(&t, 5)->tty_nr, buf, sizeof buf), "pts/0");
    ck_assert_str_eq(proc_tty_name(proctable_find(&t, 1)->tty_nr, buf, sizeof buf), "?");
    proctable_free(&t);
    ck_assert_str_eq(proc_tty_name((4 << 8) | 1, buf, sizeof buf), "tty1");
    ck_assert_str_eq(proc_tty_name((4 << 8) | 65, buf, sizeof buf), "ttyS1");
    ck_assert_str_eq(proc_tty_name((137 << 8) | 3, buf, sizeof buf), "pts/259");
}
END_TEST

START_TEST(test_proctable_parse_stat_rejects_garbage)
{
    ProcEntry e = { 0 };
    ck_assert(!proc_parse_stat("", &e));
    ck_assert(!proc_parse_stat("12 (x", &e));
    ck_assert(!proc_parse_stat("12 (x) S 1 2", &e));
    ck_assert(!proc_parse_stat("x (y) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21", &e));
    ck_assert(proc_parse_stat("12 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21", &e));
    ck_assert_int_eq(e.pid, 12);
    ck_assert_int_eq(e.ppid, 1);
    ck_assert_uint_eq(e.vsize_kb, 0); /* 20 bytes */
    /* stat's rss (21) is not the rss: statm gives it */
    ck_assert_uint_eq(e.rss_kb, 0);
    free(e.comm);
}
END_TEST

START_TEST(test_proctable_missing_root)
{
    ProcTable t = PROCTABLE_INIT;
    ck_assert_int_eq(proctable_load(&t, "/nonexistent/proc"), -1);
    proctable_free(&t);
}
END_TEST

/* The real /proc: this process is there, with its parent and command line. */
START_TEST(test_proctable_real_proc_has_this_process)
{
    ProcTable t = PROCTABLE_INIT;
    ck_assert_int_eq(proctable_load(&t, NULL), 0);
    const ProcEntry *self = proctable_find(&t, getpid());
    ck_assert_ptr_nonnull(self);
    ck_assert_int_eq(self->ppid, getppid());
    ck_assert(self->owner_read && self->rss_read && !self->gone);
    ck_assert_int_eq(self->uid, geteuid());
    ck_assert_int_eq(self->gid, getegid());
    ck_assert_uint_gt(self->rss_kb, 0);
    ck_assert_ptr_nonnull(strstr(self->args, "check_proctable"));
    ck_assert(self->state == 'R' || self->state == 'S');
    ck_assert_int_gt(t.boot_time, 1000000000);
    ck_assert_int_ge(self->start_time, t.boot_time);
    proctable_free(&t);
}
END_TEST

/* The effective ids are the owner of /proc/PID, whatever the files in it
 * say: a child that took uid and gid 65534 (as a daemon dropping root
 * does) is seen with them, eagerly and lazily, although the kernel makes
 * its status root's when it is not dumpable (fs.suid_dumpable 0). */
START_TEST(test_proctable_real_proc_owner_is_the_effective_user)
{
    if (!TU_NEED_ROOT("a child that changes its uid"))
        return;
    pid_t child = tu_child_as(65534, 65534);
    const unsigned modes[] = { 0, PROCTABLE_LAZY };
    for (size_t m = 0; m < 2; m++) {
        ProcTable t = PROCTABLE_INIT;
        ck_assert_int_eq(proctable_load_with(&t, NULL, modes[m]), 0);
        const ProcEntry *e = proctable_find(&t, child);
        ck_assert_ptr_nonnull(e);
        ck_assert_int_eq(e->owner_read, modes[m] == 0);
        e = proctable_owner(&t, e);
        ck_assert(e->owner_read && !e->gone);
        ck_assert_int_eq(e->uid, 65534);
        ck_assert_int_eq(e->gid, 65534);
        struct passwd *pw = getpwuid(65534);
        ck_assert_str_eq(proctable_user(&t, e->uid), pw ? pw->pw_name : "65534");
        proctable_free(&t);
    }
    FILE *f = fopen("/proc/sys/fs/suid_dumpable", "re");
    int dumpable = -1;
    if (f) {
        if (fscanf(f, "%d", &dumpable) != 1)
            dumpable = -1;
        fclose(f);
    }
    if (dumpable == 0) {
        /* what the test is about: the file is root's, the process not */
        char *path = xasprintf("/proc/%d/status", (int)child);
        struct stat st;
        ck_assert_int_eq(stat(path, &st), 0);
        ck_assert_int_eq(st.st_uid, 0);
        free(path);
    }
    tu_kill_child(child);
}
END_TEST

/* VmRSS of /proc/PID/status, in kB (-1: none), read with no allocation. */
static long long vmrss_kb(pid_t pid)
{
    char path[64], text[8192];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ck_assert_int_ge(fd, 0);
    size_t n = 0;
    ssize_t r;
    while (n < sizeof text - 1 && (r = read(fd, text + n, sizeof text - 1 - n)) > 0)
        n += (size_t)r;
    close(fd);
    text[n] = '\0';
    const char *v = strstr(text, "\nVmRSS:");
    return v ? strtoll(v + 7, NULL, 10) : -1;
}

/* The rss is ps's RSS, status's VmRSS: this process's, read between two
 * reads of VmRSS that agree, is the same. */
START_TEST(test_proctable_real_proc_rss_is_vmrss)
{
    ProcTable t = PROCTABLE_INIT;
    ck_assert_int_eq(proctable_load_with(&t, NULL, PROCTABLE_LAZY), 0);
    ck_assert_ptr_nonnull(proctable_find(&t, getpid()));
    bool same = false;
    long long before = 0, after = 0;
    unsigned long long rss = 0;
    for (int attempt = 0; attempt < 20 && !same; attempt++) {
        /* an entry of its own each time: an entry's rss is read once */
        ProcEntry probe = { .pid = getpid() };
        before = vmrss_kb(getpid());
        proctable_rss(&t, &probe);
        after = vmrss_kb(getpid());
        ck_assert(probe.rss_read && !probe.gone);
        rss = probe.rss_kb;
        same = before == after;
    }
    ck_assert_int_gt(before, 0);
    if (same)
        ck_assert_uint_eq(rss, (unsigned long long)before);
    else /* this process's memory kept changing: near it */
        ck_assert_msg(rss + 64 >= (unsigned long long)before && rss <= (unsigned long long)after + 64,
                      "rss %llu kB, VmRSS %lld then %lld kB", rss, before, after);
    proctable_free(&t);
}
END_TEST

/* The real /proc, loaded as the agent loads it: this process has a
 * command line, so its stat waits for proctable_stat(); only processes
 * without one (kernel threads, where the kernel shows them; zombies) had
 * theirs read at load, and show as "[comm]". */
START_TEST(test_proctable_real_proc_lazy_stat)
{
    ProcTable t = PROCTABLE_INIT;
    ck_assert_int_eq(proctable_load_with(&t, NULL, PROCTABLE_LAZY), 0);
    const ProcEntry *self = proctable_find(&t, getpid());
    ck_assert_ptr_nonnull(self);
    ck_assert(!self->stat_read);
    ck_assert_ptr_nonnull(strstr(self->args, "check_proctable"));
    ck_assert_ptr_eq(proctable_stat(&t, self), self);
    ck_assert(self->stat_read && !self->gone);
    ck_assert_int_eq(self->ppid, getppid());
    ck_assert_str_eq(self->comm, "check_proctable");
    ck_assert_int_ge(self->start_time, t.boot_time);
    for (size_t i = 0; i < t.entries.len; i++) {
        const ProcEntry *e = t.entries.items[i];
        if (e->stat_read && e != self)
            ck_assert_msg(e->args[0] == '[', "%d '%s' had its stat read at load", (int)e->pid, e->args);
    }
    proctable_free(&t);
}
END_TEST

/* Loaded as the agent loads it, a table leaves the owner and statm unread
 * until proctable_owner() and proctable_rss() ask; then the entry is what
 * a full load gives. */
START_TEST(test_proctable_lazy_owner_and_rss_read_on_demand)
{
    ProcTable full = load_fixture();
    bool owners = TU_PROC_OWNERS(&fixture);
    const unsigned modes[] = { PROCTABLE_LAZY_OWNER, PROCTABLE_LAZY_RSS, PROCTABLE_LAZY_OWNER | PROCTABLE_LAZY_RSS,
                               PROCTABLE_LAZY };
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        ProcTable lazy = PROCTABLE_INIT;
        ck_assert_int_eq(proctable_load_with(&lazy, fixture.root, modes[m]), 0);
        ck_assert_uint_eq(lazy.entries.len, full.entries.len);
        bool lazy_owner = modes[m] & PROCTABLE_LAZY_OWNER, lazy_rss = modes[m] & PROCTABLE_LAZY_RSS;
        const ProcEntry *e = proctable_find(&lazy, 42);
        ck_assert_int_eq(e->owner_read, !lazy_owner);
        ck_assert_int_eq(e->rss_read, !lazy_rss);
        if (lazy_owner)
            ck_assert_int_eq(e->uid, 0);
        if (lazy_rss)
            ck_assert_uint_eq(e->rss_kb, 0);
        ck_assert_ptr_eq(proctable_owner(&lazy, e), e);
        ck_assert(e->owner_read && !e->gone);
        if (owners) {
            ck_assert_int_eq(e->uid, 4000000);
            ck_assert_int_eq(e->gid, 4000001);
        }
        ck_assert_ptr_eq(proctable_rss(&lazy, e), e);
        ck_assert(e->rss_read && !e->gone);
        ck_assert_uint_eq(e->rss_kb, 2560 * (unsigned long long)lazy.page_kb);
        for (size_t i = 0; i < full.entries.len; i++) {
            const ProcEntry *f = full.entries.items[i];
            ck_assert(f->owner_read && f->rss_read);
            const ProcEntry *l = lazy.entries.items[i];
            /* rss first for some, the owner first for the others */
            if (f->pid % 2)
                proctable_rss(&lazy, l);
            proctable_owner(&lazy, l);
            proctable_rss(&lazy, l);
            ck_assert(l->owner_read && l->rss_read && !l->gone);
            ck_assert_int_eq(l->pid, f->pid);
            ck_assert_int_eq(l->uid, f->uid);
            ck_assert_int_eq(l->gid, f->gid);
            ck_assert_uint_eq(l->rss_kb, f->rss_kb);
            ck_assert_str_eq(l->args, f->args);
            ck_assert_str_eq(l->ps_args, f->ps_args);
        }
        /* the owner or rss of a process gone since: found gone, so no
         * selection takes it (and its unknown owner does not pass for
         * root); once gone, neither is read any more */
        ProcEntry gone = { .pid = 99999 };
        proctable_owner(&lazy, &gone);
        ck_assert_int_eq(gone.owner_read, lazy_owner);
        ck_assert_int_eq(gone.gone, lazy_owner);
        proctable_rss(&lazy, &gone);
        ck_assert_int_eq(gone.rss_read, lazy_rss && !lazy_owner);
        ck_assert_int_eq(gone.gone, lazy_owner || lazy_rss);
        ck_assert_uint_eq(gone.rss_kb, 0);
        ck_assert_int_eq(gone.uid, 0);
        proctable_free(&lazy);
    }
    proctable_free(&full);
}
END_TEST

/* The numbers of a stat line read as strtoll reads them: signs, and
 * values past the range saturated. */
START_TEST(test_proctable_parse_stat_numbers)
{
    ProcEntry e = { 0 };
    ck_assert(proc_parse_stat("7 (rt) R -1 +2 3 34817 5 6 7 8 9 10 11 12 13 14 -51 -20 4 18 19 "
                              "99999999999999999999999 -5 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 99 1",
                              &e));
    ck_assert_int_eq(e.ppid, -1);
    ck_assert_int_eq(e.pgid, 2);
    ck_assert_int_eq(e.tty_nr, 34817);
    ck_assert_int_eq(e.priority, -51);
    ck_assert_int_eq(e.nice, -20);
    ck_assert_uint_eq(e.vsize_kb, (unsigned long long)LLONG_MAX / 1024);
    ck_assert_int_eq(e.threads, 4);
    ck_assert_uint_eq(e.start_ticks, 19);
    ck_assert_int_eq(e.policy, 1);
    ck_assert(!e.kthread);
    /* flags 0x200000 (PF_KTHREAD): a kernel thread */
    ck_assert(proc_parse_stat("2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 0 0 0", &e));
    ck_assert(e.kthread);
    ck_assert_int_eq(e.policy, 0);
    free(e.comm);
}
END_TEST

/* The stat fields of two entries are the same. */
static void ck_same_stat(const ProcEntry *l, const ProcEntry *f)
{
    ck_assert(l->stat_read && f->stat_read);
    ck_assert(!l->gone);
    ck_assert_int_eq(l->pid, f->pid);
    ck_assert_int_eq(l->ppid, f->ppid);
    ck_assert_int_eq(l->pgid, f->pgid);
    ck_assert_int_eq(l->sid, f->sid);
    ck_assert_int_eq(l->state, f->state);
    ck_assert_int_eq(l->kthread, f->kthread);
    ck_assert_str_eq(l->comm, f->comm);
    ck_assert_int_eq(l->tty_nr, f->tty_nr);
    ck_assert_int_eq(l->priority, f->priority);
    ck_assert_int_eq(l->nice, f->nice);
    ck_assert_int_eq(l->policy, f->policy);
    ck_assert_int_eq(l->threads, f->threads);
    ck_assert_uint_eq(l->utime, f->utime);
    ck_assert_uint_eq(l->stime, f->stime);
    ck_assert_uint_eq(l->start_ticks, f->start_ticks);
    ck_assert_int_eq(l->start_time, f->start_time);
    ck_assert_uint_eq(l->vsize_kb, f->vsize_kb);
    ck_assert_str_eq(l->args, f->args);
    ck_assert_str_eq(l->ps_args, f->ps_args);
}

/* Loaded lazily (as the agent loads it), a table reads stat only for the
 * processes with an empty command line (the kernel thread and the zombie:
 * their "[comm]", kthread flag and state need it) until proctable_stat()
 * asks; then the entry is what a full load gives, the owner and rss read
 * first or not. */
START_TEST(test_proctable_lazy_stat_read_on_demand)
{
    ProcTable full = load_fixture();
    char *root = fixture_root();
    unsigned modes[] = { PROCTABLE_LAZY_STAT, PROCTABLE_LAZY };
    for (size_t m = 0; m < 2; m++) {
        ProcTable lazy = PROCTABLE_INIT;
        ck_assert_int_eq(proctable_load_with(&lazy, root, modes[m]), 0);
        ck_assert_uint_eq(lazy.entries.len, full.entries.len);
        for (size_t i = 0; i < full.entries.len; i++) {
            const ProcEntry *f = full.entries.items[i];
            const ProcEntry *l = lazy.entries.items[i];
            ck_assert_int_eq(l->pid, f->pid);
            ck_assert_str_eq(l->args, f->args);
            bool empty = f->pid == 2 || f->pid == 77;
            ck_assert_int_eq(l->stat_read, empty);
            if (!empty) {
                ck_assert_ptr_null(l->comm);
                ck_assert_int_eq(l->state, 0);
            }
            /* owner and rss before stat for some, stat first for the
             * others: each keeps what the other read */
            if (f->pid % 2) {
                proctable_owner(&lazy, l);
                proctable_rss(&lazy, l);
            }
            ck_assert_ptr_eq(proctable_stat(&lazy, l), l);
            l = proctable_rss(&lazy, proctable_owner(&lazy, l));
            ck_same_stat(l, f);
            ck_assert_int_eq(l->uid, f->uid);
            ck_assert_int_eq(l->gid, f->gid);
            ck_assert_uint_eq(l->rss_kb, f->rss_kb);
        }
        const ProcEntry *k = proctable_find(&lazy, 2), *z = proctable_find(&lazy, 77);
        ck_assert_str_eq(k->args, "[kthreadd]");
        ck_assert_int_eq(z->state, 'Z');
        ck_assert_str_eq(z->args, "[sleep]");
        proctable_free(&lazy);
    }
    /* an eager table has every stat read: proctable_stat() is a no-op */
    for (size_t i = 0; i < full.entries.len; i++)
        ck_assert(((const ProcEntry *)full.entries.items[i])->stat_read);
    free(root);
    proctable_free(&full);
}
END_TEST

/* A process that ends between the read of its command line and that of
 * its stat keeps its pid and command line, and is marked gone, its stat
 * fields 0; so is one whose pid names another process by then. One whose
 * command line cannot be read and whose stat is gone is left out, as in
 * an eager load. */
START_TEST(test_proctable_lazy_stat_of_a_vanished_process)
{
    char root[] = "/tmp/check_proctable.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(root));
    const char *tail = " S 1 10 10 0 -1 0 0 0 0 0 7 3 0 0 20 0 1 0 5 4096 2";
    char *s10 = xasprintf("10 (gone)%s", tail);
    char *s11 = xasprintf("11 (reused)%s", tail);
    add_process(root, 10, s10, "gone\0x\0", 7);
    add_process(root, 11, s11, "reused\0", 7);
    char *dir12 = xasprintf("%s/12", root);
    ck_assert_int_eq(mkdir(dir12, 0755), 0);
    ProcTable t = PROCTABLE_INIT;
    ck_assert_int_eq(proctable_load_with(&t, root, PROCTABLE_LAZY), 0);
    ck_assert_uint_eq(t.entries.len, 2);
    ck_assert_ptr_null(proctable_find(&t, 12));
    char *stat10 = xasprintf("%s/10/stat", root);
    ck_assert_int_eq(unlink(stat10), 0);
    char *s99 = xasprintf("99 (other)%s", tail);
    char *dir11 = xasprintf("%s/11", root);
    write_file(dir11, "stat", s99, strlen(s99));
    const ProcEntry *e = proctable_stat(&t, proctable_find(&t, 10));
    ck_assert(e->stat_read);
    ck_assert(e->gone);
    ck_assert_int_eq(e->pid, 10);
    ck_assert_str_eq(e->args, "gone x");
    ck_assert_ptr_null(e->comm);
    ck_assert_int_eq(e->ppid, 0);
    ck_assert_uint_eq(e->utime, 0);
    e = proctable_stat(&t, proctable_find(&t, 11));
    ck_assert(e->gone);
    ck_assert_int_eq(e->pid, 11);
    proctable_free(&t);
    /* filled in all at once: the same, and a gone one's owner and rss
     * unread */
    ProcTable all = PROCTABLE_INIT;
    ck_assert_int_eq(proctable_load_with(&all, root, PROCTABLE_LAZY), 0);
    ck_assert_uint_eq(all.entries.len, 2);
    proctable_fill(&all, (const ProcEntry *const *)all.entries.items, all.entries.len, PROCTABLE_LAZY);
    for (pid_t pid = 10; pid <= 11; pid++) {
        e = proctable_find(&all, pid);
        ck_assert(e->stat_read && e->gone && !e->owner_read && !e->rss_read);
        ck_assert_ptr_null(e->comm);
    }
    proctable_free(&all);
    free(stat10);
    free(s10);
    free(s11);
    free(s99);
    free(dir11);
    free(dir12);
    remove_tree(root);
}
END_TEST

/* A process whose statm cannot be read is gone (it ended between two
 * reads): an eager load leaves it out rather than give it an rss of 0;
 * lazily it is listed on its command line and found gone when asked. So
 * is one whose directory is gone when its owner is asked for: it must not
 * pass for root's. */
START_TEST(test_proctable_no_statm_or_owner_is_gone)
{
    char root[] = "/tmp/check_proctable.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(root));
    const char *tail = " 0 0 1 2 3 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 100 2";
    char *s20 = xasprintf("20 (kept) S%s", tail);
    char *s21 = xasprintf("21 (ended) S%s", tail);
    char *s22 = xasprintf("22 (left) S%s", tail);
    add_process(root, 20, s20, "kept\0", 5);
    add_process(root, 21, s21, "ended\0", 6);
    add_process(root, 22, s22, "left\0", 5);
    char *statm21 = xasprintf("%s/21/statm", root);
    ck_assert_int_eq(unlink(statm21), 0);
    ProcTable t = PROCTABLE_INIT;
    ck_assert_int_eq(proctable_load(&t, root), 0);
    ck_assert_uint_eq(t.entries.len, 2);
    ck_assert_ptr_nonnull(proctable_find(&t, 20));
    ck_assert_ptr_null(proctable_find(&t, 21));
    ck_assert_uint_eq(proctable_find(&t, 22)->rss_kb, 22 * (unsigned long long)t.page_kb);
    proctable_free(&t);
    /* a statm that is not one: gone too */
    char *dir20 = xasprintf("%s/20", root);
    write_file(dir20, "statm", "12\n", 3);
    ck_assert_int_eq(proctable_load(&t, root), 0);
    ck_assert_uint_eq(t.entries.len, 1);
    ck_assert_ptr_nonnull(proctable_find(&t, 22));
    proctable_free(&t);
    write_file(dir20, "statm", "120 20 1 1 0 1 0\n", 17);
    /* lazily: listed on its command line, found gone when asked */
    ProcTable lazy = PROCTABLE_INIT;
    ck_assert_int_eq(proctable_load_with(&lazy, root, PROCTABLE_LAZY), 0);
    ck_assert_uint_eq(lazy.entries.len, 3);
    ck_assert(proctable_rss(&lazy, proctable_find(&lazy, 21))->gone);
    ck_assert(!proctable_rss(&lazy, proctable_find(&lazy, 20))->gone);
    ck_assert(!proctable_owner(&lazy, proctable_find(&lazy, 21))->owner_read);
    char *cmd = xasprintf("rm -r '%s/22'", root);
    ck_assert_int_eq(system(cmd), 0);
    free(cmd);
    const ProcEntry *e = proctable_owner(&lazy, proctable_find(&lazy, 22));
    ck_assert(e->owner_read && e->gone);
    ck_assert_int_eq(e->uid, 0);
    ck_assert(!proctable_owner(&lazy, proctable_find(&lazy, 20))->gone);
    ck_assert_int_eq(proctable_find(&lazy, 20)->uid, geteuid());
    proctable_free(&lazy);
    free(dir20);
    free(statm21);
    free(s20);
    free(s21);
    free(s22);
    remove_tree(root);
}
END_TEST

/* Two tables are the same: every entry, every field read. */
static void assert_same_tables(const ProcTable *a, const ProcTable *b)
{
    ck_assert_uint_eq(a->entries.len, b->entries.len);
    for (size_t i = 0; i < a->entries.len; i++) {
        const ProcEntry *x = a->entries.items[i], *y = b->entries.items[i];
        ck_assert_int_eq(x->pid, y->pid);
        ck_assert_str_eq(x->args, y->args);
        ck_assert_str_eq(x->ps_args, y->ps_args);
        ck_assert_int_eq(x->stat_read, y->stat_read);
        ck_assert_int_eq(x->owner_read, y->owner_read);
        ck_assert_int_eq(x->rss_read, y->rss_read);
        ck_assert_int_eq(x->gone, y->gone);
        if (x->stat_read) {
            ck_assert_pstr_eq(x->comm, y->comm); /* NULL where gone */
            ck_assert_int_eq(x->state, y->state);
            ck_assert_int_eq(x->ppid, y->ppid);
            ck_assert_int_eq(x->kthread, y->kthread);
            ck_assert_uint_eq(x->start_ticks, y->start_ticks);
        }
        if (x->owner_read) {
            ck_assert_int_eq(x->uid, y->uid);
            ck_assert_int_eq(x->gid, y->gid);
        }
        if (x->rss_read)
            ck_assert_uint_eq(x->rss_kb, y->rss_kb);
    }
}

/* Hides (or shows again) some processes of the 700 of the test below:
 * every third one's directory, every fifth one's statm. */
static void hide_some(const char *root, bool hide)
{
    for (int pid = 1; pid <= 700; pid++) {
        if (pid % 97 == 0)
            continue;
        char *a = NULL;
        if (pid % 3 == 0)
            a = xasprintf("%s/%d", root, pid);
        else if (pid % 5 == 0)
            a = xasprintf("%s/%d/statm", root, pid);
        if (!a)
            continue;
        char *b = xasprintf("%s.hidden", a);
        ck_assert_int_eq(hide ? rename(a, b) : rename(b, a), 0);
        free(a);
        free(b);
    }
}

/* A busy machine's table is read by several threads, each taking pids
 * in batches: the table is the same as one thread reads, in pid order,
 * with the gone left out and the empty command lines read from stat,
 * eagerly and lazily; a lazy table's stat, owner and rss filled in by
 * proctable_fill(), all or some of them, are what proctable_stat(),
 * proctable_owner() and proctable_rss() read one by one (the eager table,
 * when all); the caller's signal mask is as it was. */
START_TEST(test_proctable_threads_read_the_same_table)
{
    char root[] = "/tmp/check_proctable.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(root));
    const char *tail = " 1 0 1 2 3 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 100 2";
    for (int pid = 1; pid <= 700; pid++) {
        char *stat = xasprintf("%d (p%d) %c%s", pid, pid, pid % 7 == 0 ? 'Z' : 'S', tail);
        /* "/bin/worker", "-PID", "arg" */
        char cmd[64];
        int len = snprintf(cmd, sizeof cmd, "/bin/worker%c-%d%carg%c", '\0', pid, '\0', '\0');
        /* every seventh a zombie (no command line), every 97th gone */
        add_process(root, pid, stat, cmd, pid % 7 == 0 ? 0 : (size_t)len);
        if (pid % 97 == 0) {
            char *f = xasprintf("%s/%d/stat", root, pid);
            ck_assert_int_eq(unlink(f), 0);
            free(f);
            f = xasprintf("%s/%d/statm", root, pid);
            ck_assert_int_eq(unlink(f), 0);
            free(f);
            f = xasprintf("%s/%d/cmdline", root, pid);
            ck_assert_int_eq(unlink(f), 0);
            free(f);
        }
        free(stat);
        /* owners that tell the processes apart, where chown may give
         * them (the comparisons hold either way) */
        if (geteuid() == 0 && pid % 97 != 0) {
            char *dir = xasprintf("%s/%d", root, pid);
            ck_assert_int_eq(chown(dir, (uid_t)(1000 + pid % 5), (gid_t)(2000 + pid % 3)), 0);
            free(dir);
        }
    }
    sigset_t before, after;
    ck_assert_int_eq(pthread_sigmask(SIG_SETMASK, NULL, &before), 0);
    const unsigned flags[] = { 0, PROCTABLE_LAZY };
    for (size_t f = 0; f < 2; f++) {
        ProcTable one = PROCTABLE_INIT;
        one.threads = 1;
        ck_assert_int_eq(proctable_load_with(&one, root, flags[f]), 0);
        ck_assert_uint_eq(one.entries.len, 700 - 7);
        ck_assert_str_eq(((ProcEntry *)one.entries.items[0])->args, "/bin/worker -1 arg");
        ck_assert_str_eq(proctable_find(&one, 14)->args, "[p14]");
        ck_assert_ptr_null(proctable_find(&one, 97));
        for (unsigned n = 0; n <= PROCTABLE_MAX_THREADS + 1; n++) {
            ProcTable many = PROCTABLE_INIT;
            many.threads = n;
            ck_assert_int_eq(proctable_load_with(&many, root, flags[f]), 0);
            assert_same_tables(&one, &many);
            proctable_free(&many);
        }
        proctable_free(&one);
    }
    /* a lazy table filled in at once is the eager one */
    ProcTable eager = PROCTABLE_INIT;
    eager.threads = 1;
    ck_assert_int_eq(proctable_load_with(&eager, root, 0), 0);
    for (unsigned n = 1; n <= PROCTABLE_MAX_THREADS; n++) {
        ProcTable lazy = PROCTABLE_INIT;
        lazy.threads = n;
        ck_assert_int_eq(proctable_load_with(&lazy, root, PROCTABLE_LAZY), 0);
        ck_assert(!((ProcEntry *)lazy.entries.items[0])->stat_read);
        proctable_fill(&lazy, (const ProcEntry *const *)lazy.entries.items, lazy.entries.len, PROCTABLE_LAZY);
        for (size_t i = 0; i < lazy.entries.len; i++) {
            const ProcEntry *e = lazy.entries.items[i];
            ck_assert(e->stat_read && e->owner_read && e->rss_read && !e->gone);
        }
        assert_same_tables(&eager, &lazy);
        proctable_free(&lazy);
    }
    if (geteuid() == 0) {
        const ProcEntry *e = proctable_find(&eager, 12);
        ck_assert_int_eq(e->uid, 1002);
        ck_assert_int_eq(e->gid, 2000);
    }
    ck_assert_uint_eq(proctable_find(&eager, 12)->rss_kb, 12 * (unsigned long long)eager.page_kb);
    proctable_free(&eager);
    /* some of it, for every other entry, with every third process gone
     * since the load (its directory) and every fifth with its statm gone:
     * the fill reads what the calls one by one read */
    const unsigned whats[] = { PROCTABLE_LAZY_OWNER, PROCTABLE_LAZY_RSS, PROCTABLE_LAZY_STAT,
                               PROCTABLE_LAZY_OWNER | PROCTABLE_LAZY_RSS, PROCTABLE_LAZY };
    for (size_t w = 0; w < sizeof whats / sizeof whats[0]; w++) {
        ProcTable serial = PROCTABLE_INIT, filled = PROCTABLE_INIT;
        serial.threads = 1;
        filled.threads = PROCTABLE_MAX_THREADS;
        ck_assert_int_eq(proctable_load_with(&serial, root, PROCTABLE_LAZY), 0);
        ck_assert_int_eq(proctable_load_with(&filled, root, PROCTABLE_LAZY), 0);
        hide_some(root, true);
        Vec some = VEC_INIT;
        for (size_t i = 0; i < filled.entries.len; i += 2)
            vec_push(&some, filled.entries.items[i]);
        for (size_t i = 0; i < serial.entries.len; i += 2) {
            const ProcEntry *e = serial.entries.items[i];
            if (whats[w] & PROCTABLE_LAZY_STAT)
                proctable_stat(&serial, e);
            if (whats[w] & PROCTABLE_LAZY_OWNER)
                proctable_owner(&serial, e);
            if (whats[w] & PROCTABLE_LAZY_RSS)
                proctable_rss(&serial, e);
        }
        proctable_fill(&filled, (const ProcEntry *const *)some.items, some.len, whats[w]);
        assert_same_tables(&serial, &filled);
        /* a second fill has nothing left to read */
        proctable_fill(&filled, (const ProcEntry *const *)some.items, some.len, whats[w]);
        assert_same_tables(&serial, &filled);
        for (size_t i = 0; i < filled.entries.len; i++) {
            const ProcEntry *e = filled.entries.items[i];
            /* the zombies' stat was read at load */
            bool dir = e->pid % 3 == 0, statm = !dir && e->pid % 5 == 0, zombie = e->pid % 7 == 0;
            unsigned what = whats[w];
            bool gone = (dir && ((what & (PROCTABLE_LAZY_OWNER | PROCTABLE_LAZY_RSS)) ||
                                 ((what & PROCTABLE_LAZY_STAT) && !zombie))) ||
                        (statm && (what & PROCTABLE_LAZY_RSS));
            ck_assert_int_eq(e->gone, i % 2 == 0 && gone);
        }
        hide_some(root, false);
        vec_free(&some, NULL);
        proctable_free(&serial);
        proctable_free(&filled);
    }
    ck_assert_int_eq(pthread_sigmask(SIG_SETMASK, NULL, &after), 0);
    for (int sig = 1; sig < NSIG; sig++)
        ck_assert_int_eq(sigismember(&before, sig), sigismember(&after, sig));
    remove_tree(root);
}
END_TEST

/* One buffer serves every file: a command line far longer than it grows
 * it, and a short one read after is not mixed with what was there. A
 * kernel thread's command line is not read at all. */
START_TEST(test_proctable_long_and_short_command_lines)
{
    char root[] = "/tmp/check_proctable.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(root));
    size_t n = 100000;
    char *longline = xmalloc(n);
    for (size_t i = 0; i < n; i++)
        longline[i] = i % 10 == 9 ? '\0' : (char)('a' + i % 10);
    const char *tail = " 0 0 1 2 3 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 100 2";
    char *s10 = xasprintf("10 (long) S%s", tail);
    char *s11 = xasprintf("11 (short) S%s", tail);
    char *s12 = xasprintf("12 (kworker/0:1) I 2 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0");
    add_process(root, 10, s10, longline, n);
    add_process(root, 11, s11, "ab\0c\0", 5);
    add_process(root, 12, s12, "not read", 8);
    write_file(root, "stat", "cpu 0\nbtime 1700000000\n", 24);
    ProcTable t = PROCTABLE_INIT;
    ck_assert_int_eq(proctable_load(&t, root), 0);
    ck_assert_uint_eq(t.entries.len, 3);
    const ProcEntry *l = proctable_find(&t, 10);
    ck_assert_uint_eq(strlen(l->args), n - 1);
    ck_assert(strncmp(l->args, "abcdefghi abcdefghi ", 20) == 0);
    ck_assert_str_eq(proctable_find(&t, 11)->args, "ab c");
    ck_assert_str_eq(proctable_find(&t, 12)->args, "[kworker/0:1]");
    proctable_free(&t);
    free(s10);
    free(s11);
    free(s12);
    free(longline);
    remove_tree(root);
}
END_TEST

/* The command line as ps shows it, worked out once per process. */
START_TEST(test_proctable_ps_args)
{
    char *s = proc_ps_args("  a\nb\x01\x7f\xc3\xa9 c \n");
    ck_assert_str_eq(s, "a b..?? c");
    free(s);
    ProcTable t = load_fixture();
    size_t shared = 0, copied = 0;
    for (size_t i = 0; i < t.entries.len; i++) {
        const ProcEntry *e = t.entries.items[i];
        char *want = proc_ps_args(e->args);
        ck_assert_str_eq(e->ps_args, want);
        /* one string where the two are the same, two where not */
        if (e->ps_args == e->args)
            shared++;
        else
            copied++;
        ck_assert_int_eq(e->ps_args == e->args, strcmp(e->args, want) == 0);
        ck_assert_uint_eq(e->ps_len, strlen(want));
        ck_assert_uint_eq(e->ps_grams, rxneedle_grams(want, strlen(want)));
        free(want);
    }
    ck_assert_uint_gt(shared, 0);
    ck_assert_uint_gt(copied, 0); /* 102: a tab, a newline, bytes past ASCII */
    proctable_free(&t);
}
END_TEST

static Suite *proctable_suite(void)
{
    Suite *s = suite_create("proctable");
    TCase *tc = tcase_create("fixture");
    tcase_add_test(tc, test_proctable_reads_every_process_in_pid_order);
    tcase_add_test(tc, test_proctable_fields);
    tcase_add_test(tc, test_proctable_odd_command_name);
    tcase_add_test(tc, test_proctable_rss_from_statm_and_policy);
    tcase_add_test(tc, test_proctable_lazy_owner_and_rss_read_on_demand);
    tcase_add_test(tc, test_proctable_lazy_stat_read_on_demand);
    tcase_add_test(tc, test_proctable_lazy_stat_of_a_vanished_process);
    tcase_add_test(tc, test_proctable_parse_stat_numbers);
    tcase_add_test(tc, test_proctable_long_and_short_command_lines);
    tcase_add_test(tc, test_proctable_no_statm_or_owner_is_gone);
    tcase_add_test(tc, test_proctable_threads_read_the_same_table);
    tcase_add_test(tc, test_proctable_ps_args);
    tcase_add_test(tc, test_proctable_kernel_thread_and_zombie);
    tcase_add_test(tc, test_proctable_tty_names);
    tcase_add_test(tc, test_proctable_parse_stat_rejects_garbage);
    tcase_add_test(tc, test_proctable_missing_root);
    tcase_add_unchecked_fixture(tc, fixture_setup, fixture_teardown);
    suite_add_tcase(s, tc);
    tc = tcase_create("real");
    tcase_add_test(tc, test_proctable_real_proc_has_this_process);
    tcase_add_test(tc, test_proctable_real_proc_lazy_stat);
    tcase_add_test(tc, test_proctable_real_proc_owner_is_the_effective_user);
    tcase_add_test(tc, test_proctable_real_proc_rss_is_vmrss);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(proctable_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
