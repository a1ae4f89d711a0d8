/* check_proctable.c - the Check suite for src/sys/proctable: reading a
 * fake /proc tree (tests/fixtures/proc) and the real one. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "sys/proctable.h"

static char *fixture_root(void)
{
    const char *src = getenv("MINICF_SRCDIR");
    return xasprintf("%s/tests/fixtures/proc", src ? src : ".");
}

static ProcTable load_fixture(void)
{
    ProcTable t = PROCTABLE_INIT;
    char *root = fixture_root();
    ck_assert_int_eq(proctable_load(&t, root), 0);
    free(root);
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
    ck_assert_int_eq(e->uid, 0);
    ck_assert_int_eq(e->threads, 1);
    ck_assert_uint_eq(e->vsize_kb, 10240);
    ck_assert_uint_eq(e->rss_kb, 300 * (unsigned long long)t.page_kb);
    ck_assert_int_eq(e->start_time, 1700000000 + 100 / t.ticks_per_sec);
    ck_assert_uint_eq(proc_cpu_seconds(&t, e), 200 / (unsigned long long)t.ticks_per_sec);
    ck_assert_str_eq(proctable_user(&t, e->uid), "root");
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
    ck_assert_int_eq(e->ruid, 0);
    ck_assert_int_eq(e->uid, 4000000);
    ck_assert_int_eq(e->gid, 4000001);
    /* no such user: the number, as ps shows it */
    ck_assert_str_eq(proctable_user(&t, e->uid), "4000000");
    proctable_free(&t);
}
END_TEST

/* ps shows VmRSS of status as RSS (stat's rss lags behind it), and 3.21
 * needs the scheduling policy to know whether ps shows a nice value. */
START_TEST(test_proctable_rss_from_status_and_policy)
{
    ProcTable t = load_fixture();
    const ProcEntry *e = proctable_find(&t, 100);
    ck_assert_uint_eq(e->rss_kb, 2048);
    ck_assert_int_eq(e->policy, 0);
    ck_assert_int_eq(e->nice, -5);
    ck_assert_int_eq(proctable_find(&t, 102)->policy, 1);
    ck_assert_int_eq(proctable_find(&t, 103)->policy, 3);
    /* no VmRSS line: stat's rss, in pages */
    ck_assert_uint_eq(proctable_find(&t, 1)->rss_kb, 300 * (unsigned long long)t.page_kb);
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
    ck_assert(!proc_parse_stat("", &e, 4));
    ck_assert(!proc_parse_stat("12 (x", &e, 4));
    ck_assert(!proc_parse_stat("12 (x) S 1 2", &e, 4));
    ck_assert(!proc_parse_stat("x (y) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21", &e, 4));
    ck_assert(proc_parse_stat("12 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21", &e, 4));
    ck_assert_int_eq(e.pid, 12);
    ck_assert_int_eq(e.ppid, 1);
    ck_assert_uint_eq(e.rss_kb, 21 * 4);
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
    ck_assert_int_eq(self->uid, geteuid());
    ck_assert_ptr_nonnull(strstr(self->args, "check_proctable"));
    ck_assert(self->state == 'R' || self->state == 'S');
    ck_assert_int_gt(t.boot_time, 1000000000);
    ck_assert_int_ge(self->start_time, t.boot_time);
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
    tcase_add_test(tc, test_proctable_rss_from_status_and_policy);
    tcase_add_test(tc, test_proctable_kernel_thread_and_zombie);
    tcase_add_test(tc, test_proctable_tty_names);
    tcase_add_test(tc, test_proctable_parse_stat_rejects_garbage);
    tcase_add_test(tc, test_proctable_missing_root);
    suite_add_tcase(s, tc);
    tc = tcase_create("real");
    tcase_add_test(tc, test_proctable_real_proc_has_this_process);
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
