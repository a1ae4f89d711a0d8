/* check_runlock.c - running locks (src/sys/runlock.c): one holder at a
 * time, who and since when, a dead holder never blocks, files removed when
 * released or left unheld, and 3.21's signals to an expired holder. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/alloc.h"
#include "sys/runlock.h"
#include "testutil.h"

static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

/* A child that takes the lock of key, says so on a pipe, and waits until
 * its stdin-side pipe closes or it is killed. */
static pid_t holder_child(const char *dir, const char *key, long long now, int *release_fd)
{
    int ready[2], release[2];
    ck_assert_int_eq(pipe(ready), 0);
    ck_assert_int_eq(pipe(release), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(ready[0]);
        close(release[1]);
        RunLock l;
        pid_t h;
        long long s;
        char ok = runlock_try(dir, key, now, &l, &h, &s) == RUNLOCK_TAKEN ? 'y' : 'n';
        if (write(ready[1], &ok, 1) != 1)
            _exit(2);
        char c;
        while (read(release[0], &c, 1) < 0 && errno == EINTR)
            ;
        runlock_release(&l);
        _exit(0);
    }
    close(ready[1]);
    close(release[0]);
    char ok = 0;
    ck_assert_int_eq(read(ready[0], &ok, 1), 1);
    ck_assert_int_eq(ok, 'y');
    close(ready[0]);
    *release_fd = release[1];
    return pid;
}

START_TEST(test_runlock_held_says_who_and_since)
{
    char *dir = tu_tempdir();
    char *running = xasprintf("%s/running", dir);
    int release;
    pid_t child = holder_child(running, "default:main.commands\x1f/bin/sleep 60", 1795000000, &release);
    RunLock l;
    pid_t holder;
    long long since;
    ck_assert_int_eq(runlock_try(running, "default:main.commands\x1f/bin/sleep 60", 1795000100, &l, &holder, &since),
                     RUNLOCK_HELD);
    ck_assert_int_eq(holder, child);
    ck_assert_int_eq(since, 1795000000);
    ck_assert_int_eq(l.fd, -1);
    /* another key is another lock */
    ck_assert_int_eq(runlock_try(running, "other", 1795000100, &l, &holder, &since), RUNLOCK_TAKEN);
    runlock_release(&l);
    close(release);
    int st;
    ck_assert_int_eq(waitpid(child, &st, 0), child);
    ck_assert_int_eq(count_files(running), 0);
    free(running);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(test_runlock_dead_holder_never_blocks)
{
    char *dir = tu_tempdir();
    int release;
    pid_t child = holder_child(dir, "k", 100, &release);
    kill(child, SIGKILL); /* dies holding it: the file stays, the flock goes */
    int st;
    ck_assert_int_eq(waitpid(child, &st, 0), child);
    close(release);
    ck_assert_int_eq(count_files(dir), 1);
    RunLock l;
    pid_t holder;
    long long since;
    ck_assert_int_eq(runlock_try(dir, "k", 200, &l, &holder, &since), RUNLOCK_TAKEN);
    ck_assert_int_ge(l.fd, 0);
    runlock_release(&l);
    ck_assert_int_eq(count_files(dir), 0);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(test_runlock_prune_removes_only_unheld)
{
    char *dir = tu_tempdir();
    RunLock held;
    pid_t holder;
    long long since;
    ck_assert_int_eq(runlock_try(dir, "held", 1, &held, &holder, &since), RUNLOCK_TAKEN);
    free(tu_write_file(dir, "0123456789abcdef.lock", "4242 1 stale\n"));
    free(tu_write_file(dir, "notes.txt", "not a lock\n"));
    ck_assert_int_eq(runlock_prune(dir), 1);
    ck_assert_int_eq(count_files(dir), 2);
    /* the held lock is still held after the prune */
    RunLock again;
    ck_assert_int_eq(runlock_try(dir, "held", 2, &again, &holder, &since), RUNLOCK_HELD);
    ck_assert_int_eq(holder, getpid());
    runlock_release(&held);
    ck_assert_int_eq(runlock_prune(dir), 0);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* A child that only waits to be killed: an unrelated process. */
static pid_t idle_child(void)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        for (;;)
            pause();
    }
    return pid;
}

START_TEST(test_runlock_stale_record_names_no_holder)
{
    /* A holder killed with SIGKILL leaves its record ("PID START KEY") in
     * the file; the next run to take the lock flocks that file a moment
     * before it writes its own record, and a third run that looks in that
     * moment reads the dead holder's pid, which may name another process
     * by now. That pid must not be reported as the holder (the agent
     * would end it, its lock being long expired). */
    char *dir = tu_tempdir();
    RunLock l;
    pid_t holder;
    long long since;
    ck_assert_int_eq(runlock_try(dir, "k", 100, &l, &holder, &since), RUNLOCK_TAKEN);
    pid_t other = idle_child();
    /* the record of a holder whose pid was reused by `other` */
    char *rec = xasprintf("%ld 100 k\n", (long)other);
    ck_assert_int_eq(ftruncate(l.fd, 0), 0);
    ck_assert_int_eq(pwrite(l.fd, rec, strlen(rec), 0), (ssize_t)strlen(rec));
    free(rec);
    RunLock again;
    ck_assert_int_eq(runlock_try(dir, "k", 200, &again, &holder, &since), RUNLOCK_HELD);
    ck_assert_int_ne(holder, other);
    ck_assert_int_eq(holder, 0);
    /* the same with a start that is not `other`'s (the pid's process
     * started at another tick than the one that took the lock) */
    rec = xasprintf("%ld 100 1 k\n", (long)other);
    ck_assert_int_eq(ftruncate(l.fd, 0), 0);
    ck_assert_int_eq(pwrite(l.fd, rec, strlen(rec), 0), (ssize_t)strlen(rec));
    free(rec);
    ck_assert_int_eq(runlock_try(dir, "k", 200, &again, &holder, &since), RUNLOCK_HELD);
    ck_assert_int_eq(holder, 0);
    kill(other, SIGKILL);
    int st;
    ck_assert_int_eq(waitpid(other, &st, 0), other);
    runlock_release(&l);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(test_runlock_refuses_a_symlinked_directory)
{
    /* the lock directory is a symbolic link (planted in a shared work
     * directory): no lock file is created where it points, and a prune
     * removes nothing there */
    char *dir = tu_tempdir();
    char *victim = xasprintf("%s/victim", dir);
    char *running = xasprintf("%s/running", dir);
    ck_assert_int_eq(mkdir(victim, 0700), 0);
    free(tu_write_file(victim, "0123456789abcdef.lock", "someone else's\n"));
    ck_assert_int_eq(symlink(victim, running), 0);
    RunLock l;
    pid_t holder;
    long long since;
    ck_assert_int_eq(runlock_try(running, "k", 1, &l, &holder, &since), RUNLOCK_ERROR);
    ck_assert_int_eq(l.fd, -1);
    ck_assert_int_eq(runlock_prune(running), 0);
    ck_assert_int_eq(count_files(victim), 1);
    /* nor one that others may write in */
    ck_assert_int_eq(unlink(running), 0);
    ck_assert_int_eq(mkdir(running, 0777), 0);
    ck_assert_int_eq(chmod(running, 0777), 0);
    ck_assert_int_eq(runlock_try(running, "k", 1, &l, &holder, &since), RUNLOCK_ERROR);
    ck_assert_int_eq(count_files(running), 0);
    free(running);
    free(victim);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(test_runlock_release_without_lock_is_noop)
{
    RunLock l = { -1, NULL, -1 };
    runlock_release(&l);
    ck_assert_int_eq(l.fd, -1);
    ck_assert_int_eq(runlock_kill_holder(getpid()), -1);
}
END_TEST

/* A child that ignores SIGINT and/or SIGTERM as told, and waits to be killed. */
static pid_t stubborn_child(int ignore_int, int ignore_term)
{
    int ready[2];
    ck_assert_int_eq(pipe(ready), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        signal(SIGINT, ignore_int ? SIG_IGN : SIG_DFL);
        signal(SIGTERM, ignore_term ? SIG_IGN : SIG_DFL);
        if (write(ready[1], "y", 1) != 1)
            _exit(2);
        for (;;)
            pause();
    }
    char c;
    close(ready[1]);
    ck_assert_int_eq(read(ready[0], &c, 1), 1);
    close(ready[0]);
    return pid;
}

START_TEST(test_runlock_kill_holder_sigint_first)
{
    pid_t child = stubborn_child(0, 0);
    ck_assert_int_eq(runlock_kill_holder(child), 0);
    int st;
    ck_assert_int_eq(waitpid(child, &st, 0), child);
    ck_assert(WIFSIGNALED(st));
    ck_assert_int_eq(WTERMSIG(st), SIGINT);
}
END_TEST

START_TEST(test_runlock_kill_holder_then_sigterm)
{
    pid_t child = stubborn_child(1, 0);
    ck_assert_int_eq(runlock_kill_holder(child), 0);
    int st;
    ck_assert_int_eq(waitpid(child, &st, 0), child);
    ck_assert(WIFSIGNALED(st));
    ck_assert_int_eq(WTERMSIG(st), SIGTERM);
}
END_TEST

static Suite *runlock_suite(void)
{
    Suite *s = suite_create("runlock");
    TCase *tc = tcase_create("locks");
    tcase_add_test(tc, test_runlock_held_says_who_and_since);
    tcase_add_test(tc, test_runlock_dead_holder_never_blocks);
    tcase_add_test(tc, test_runlock_prune_removes_only_unheld);
    tcase_add_test(tc, test_runlock_release_without_lock_is_noop);
    tcase_add_test(tc, test_runlock_refuses_a_symlinked_directory);
    tcase_add_test(tc, test_runlock_stale_record_names_no_holder);
    suite_add_tcase(s, tc);
    tc = tcase_create("kill");
    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, test_runlock_kill_holder_sigint_first);
    tcase_add_test(tc, test_runlock_kill_holder_then_sigterm);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(runlock_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
