/* check_run.c - the Check suite for src/sys/run: exit codes, output,
 * timeouts that kill the whole group, a clean child, background commands,
 * and 3.21's argument splitting. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
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
#include "sys/run.h"

static RunResult run_shell(const char *cmd, unsigned timeout)
{
    RunSpec spec = { .shell = cmd, .capture = true, .timeout_sec = timeout };
    RunResult res;
    ck_assert_int_eq(run_command(&spec, &res), 0);
    ck_assert(res.started);
    return res;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

START_TEST(test_run_argv_and_output)
{
    const char *argv[] = { "/bin/echo", "hello", "world", NULL };
    RunSpec spec = { .argv = argv, .capture = true };
    RunResult res;
    ck_assert_int_eq(run_command(&spec, &res), 0);
    ck_assert_int_eq(res.status, 0);
    ck_assert_str_eq(buf_cstr(&res.output), "hello world\n");
    run_result_free(&res);
}
END_TEST

START_TEST(test_run_exit_codes_and_signals)
{
    RunResult res = run_shell("exit 3", 0);
    ck_assert_int_eq(res.status, 3);
    ck_assert_int_eq(res.signo, 0);
    run_result_free(&res);
    res = run_shell("kill -9 $$", 0);
    ck_assert_int_eq(res.status, 128 + SIGKILL);
    ck_assert_int_eq(res.signo, SIGKILL);
    run_result_free(&res);
    /* an exit code above 128 is no signal (3.21 gives it to the
     * returncodes: cmd_signal_ended) */
    res = run_shell("exit 143", 0);
    ck_assert_int_eq(res.status, 143);
    ck_assert_int_eq(res.signo, 0);
    run_result_free(&res);
    res = run_shell("echo out; echo err >&2", 0);
    ck_assert_str_eq(buf_cstr(&res.output), "out\nerr\n");
    run_result_free(&res);
}
END_TEST

START_TEST(test_run_cannot_start)
{
    const char *argv[] = { "/nonexistent/program", NULL };
    RunSpec spec = { .argv = argv, .capture = true };
    RunResult res;
    ck_assert_int_eq(run_command(&spec, &res), -1);
    ck_assert(!res.started);
    ck_assert_int_eq(res.error, ENOENT);
    run_result_free(&res);
    spec.argv = NULL;
    spec.shell = "true";
    spec.chdir = "/nonexistent/dir";
    ck_assert_int_eq(run_command(&spec, &res), -1);
    ck_assert_int_eq(res.error, ENOENT);
    run_result_free(&res);
}
END_TEST

/* A timeout ends the whole process group, the command's children too. */
START_TEST(test_run_timeout_kills_the_group)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    RunResult res = run_shell("sleep 30 & sleep 30", 1);
    ck_assert(res.timed_out);
    ck_assert_int_eq(res.status, 128 + SIGTERM);
    ck_assert(seconds_since(&t0) < 10.0);
    /* nothing is left in the group, once init has reaped the orphans */
    int alive = 0;
    for (int i = 0; i < 200 && (alive = kill(-res.pid, 0) == 0); i++)
        usleep(10000);
    ck_assert_msg(!alive, "the group of %d is still there", (int)res.pid);
    run_result_free(&res);
}
END_TEST

/* A command that ignores SIGTERM gets SIGKILL after the grace period. */
START_TEST(test_run_timeout_then_kill)
{
    RunResult res = run_shell("trap '' TERM; sleep 30", 1);
    ck_assert(res.timed_out);
    ck_assert_int_eq(res.status, 128 + SIGKILL);
    run_result_free(&res);
}
END_TEST

/* A child left holding the output pipe does not hold up the run. */
START_TEST(test_run_leftover_child_does_not_block)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    RunResult res = run_shell("echo hi; sleep 30 &", 0);
    ck_assert(seconds_since(&t0) < 10.0);
    ck_assert_str_eq(buf_cstr(&res.output), "hi\n");
    kill(-res.pid, SIGKILL);
    run_result_free(&res);
}
END_TEST

/* The child sees no descriptor but 0, 1, 2, an empty signal mask, default
 * dispositions, and /dev/null on stdin. */
START_TEST(test_run_clean_child)
{
    int leak = open("/dev/null", O_RDONLY); /* not O_CLOEXEC on purpose */
    ck_assert_int_ge(leak, 3);
    sigset_t block, saved;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, &saved);
    signal(SIGPIPE, SIG_IGN);
    RunResult res = run_shell("ls /proc/$$/fd; grep -E '^Sig(Blk|Ign)' /proc/self/status; cat", 0);
    sigprocmask(SIG_SETMASK, &saved, NULL);
    signal(SIGPIPE, SIG_DFL);
    close(leak);
    const char *out = buf_cstr(&res.output);
    ck_assert_msg(strncmp(out, "0\n1\n2\nSig", 9) == 0, "descriptors: [%.12s]", out);
    ck_assert_msg(strstr(out, "SigBlk:\t0000000000000000") != NULL, "mask: %s", out);
    /* Signals 1-31; glibc keeps 32 and 33 to itself (ASan's runtime ignores
     * them, and no program may change them back). */
    const char *ign = strstr(out, "SigIgn:\t");
    ck_assert_ptr_nonnull(ign);
    unsigned long long ignored = strtoull(ign + 8, NULL, 16);
    ck_assert_msg((ignored & 0x7fffffffULL) == 0, "ignored: %llx", ignored);
    run_result_free(&res);
}
END_TEST

START_TEST(test_run_environment_chdir_umask)
{
    const char *env[] = { "ONLY=this", NULL };
    RunSpec spec = { .shell = "echo $ONLY; env | grep -c =; pwd; umask", .envp = env, .chdir = "/tmp",
                     .set_umask = true, .umask = 077, .capture = true };
    RunResult res;
    ck_assert_int_eq(run_command(&spec, &res), 0);
    const char *out = buf_cstr(&res.output);
    ck_assert_msg(strncmp(out, "this\n", 5) == 0, "got %s", out);
    ck_assert_msg(strstr(out, "\n/tmp\n0077\n") != NULL, "got %s", out);
    run_result_free(&res);
}
END_TEST

/* A background command returns at once, is not our child, has a session
 * of its own, and goes on after we return. */
START_TEST(test_run_background_detached)
{
    char path[] = "/tmp/minicf-run-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    char *cmd = xasprintf("echo $$ > %s; exec sleep 30", path);
    RunSpec spec = { .shell = cmd, .background = true };
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    RunResult res;
    ck_assert_int_eq(run_command(&spec, &res), 0);
    ck_assert(res.started);
    ck_assert(seconds_since(&t0) < 5.0);
    pid_t bg = 0;
    for (int i = 0; i < 200 && bg <= 0; i++) {
        FILE *f = fopen(path, "r");
        if (f) {
            if (fscanf(f, "%d", &bg) != 1)
                bg = 0;
            fclose(f);
        }
        if (bg <= 0)
            usleep(10000);
    }
    ck_assert_int_gt(bg, 0);
    ck_assert_int_eq(kill(bg, 0), 0);
    ck_assert_int_eq(getsid(bg), bg);
    ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1); /* no child of ours */
    ck_assert_int_eq(errno, ECHILD);
    kill(bg, SIGKILL);
    unlink(path);
    free(cmd);
    run_result_free(&res);
}
END_TEST

/* The environment less some names: whole names only, the strings not
 * copied, the rest in order. */
START_TEST(test_run_environ_without)
{
    setenv("MINICF_A", "1", 1);
    setenv("MINICF_AB", "2", 1);
    setenv("MINICF_B", "3", 1);
    const char *const names[] = { "MINICF_A", "MINICF_C", NULL };
    char **env = run_environ_without(names);
    extern char **environ;
    size_t n = 0, kept = 0;
    bool a = false, ab = false, b = false;
    for (; environ[n]; n++) {
        bool found = false;
        for (size_t k = 0; env[k]; k++)
            found = found || env[k] == environ[n];
        kept += found;
        if (strcmp(environ[n], "MINICF_A=1") == 0)
            a = found;
        if (strcmp(environ[n], "MINICF_AB=2") == 0)
            ab = found;
        if (strcmp(environ[n], "MINICF_B=3") == 0)
            b = found;
    }
    ck_assert(!a);
    ck_assert(ab && b);
    ck_assert_uint_eq(kept, n - 1);
    free(env);
}
END_TEST

/* With stdout_to_stderr, a background command's standard output goes to
 * our standard error, with its own standard error. */
START_TEST(test_run_background_stdout_to_stderr)
{
    char out_path[] = "/tmp/minicf-run-out-XXXXXX", err_path[] = "/tmp/minicf-run-err-XXXXXX";
    int out = mkstemp(out_path), err = mkstemp(err_path);
    ck_assert(out >= 0 && err >= 0);
    /* this test runs in a forked child of the runner: its 1 and 2 are its own */
    fflush(stdout);
    fflush(stderr);
    ck_assert_int_eq(dup2(out, 1), 1);
    ck_assert_int_eq(dup2(err, 2), 2);
    RunSpec spec = { .shell = "echo to-out; echo to-err >&2", .background = true, .stdout_to_stderr = true };
    RunResult res;
    ck_assert_int_eq(run_command(&spec, &res), 0);
    run_result_free(&res);
    char text[256] = "";
    for (int i = 0; i < 500 && !strstr(text, "to-out"); i++) {
        usleep(10000);
        ssize_t n = pread(err, text, sizeof text - 1, 0);
        text[n > 0 ? n : 0] = '\0';
    }
    ck_assert_msg(strstr(text, "to-out\n") && strstr(text, "to-err\n"), "stderr got '%s'", text);
    struct stat st;
    ck_assert_int_eq(fstat(out, &st), 0);
    ck_assert_int_eq(st.st_size, 0);
    unlink(out_path);
    unlink(err_path);
}
END_TEST

/* A stop flag (set by a signal handler in the agent) ends the command's
 * whole group at once, and says so; it is not a timeout. */
START_TEST(test_run_stop_flag_ends_the_group)
{
    volatile sig_atomic_t stop = 1;
    RunSpec spec = { .shell = "sleep 30 & sleep 30", .capture = true, .stop = &stop };
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    RunResult res;
    ck_assert_int_eq(run_command(&spec, &res), 0);
    ck_assert(res.stopped);
    ck_assert(!res.timed_out);
    ck_assert(seconds_since(&t0) < 10.0);
    int alive = 0;
    for (int i = 0; i < 200 && (alive = kill(-res.pid, 0) == 0); i++)
        usleep(10000);
    ck_assert_msg(!alive, "the group of %d is still there", (int)res.pid);
    run_result_free(&res);
}
END_TEST

static void assert_split(const char *cmd, const char *const *want)
{
    Vec v = VEC_INIT;
    ck_assert(run_split_command(cmd, &v));
    size_t n = 0;
    while (want[n])
        n++;
    ck_assert_uint_eq(v.len, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(v.items[i], want[i]);
    vec_free(&v, free);
}

START_TEST(test_run_split_as_321)
{
    assert_split("/bin/echo a  b", (const char *[]){ "/bin/echo", "a", "b", NULL });
    assert_split("  /bin/x \"a b\" 'c d' `e f`", (const char *[]){ "/bin/x", "a b", "c d", "e f", NULL });
    /* a quote inside an argument is just a character */
    assert_split("/bin/x --opt=\"a b\"", (const char *[]){ "/bin/x", "--opt=\"a", "b\"", NULL });
    assert_split("/bin/x \"\"", (const char *[]){ "/bin/x", "", NULL });
    assert_split("", (const char *[]){ NULL });
    Vec v = VEC_INIT;
    ck_assert(!run_split_command("/bin/x \"open", &v));
    vec_free(&v, free);
}
END_TEST

static Suite *run_suite(void)
{
    Suite *s = suite_create("run");
    TCase *tc = tcase_create("run");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_run_argv_and_output);
    tcase_add_test(tc, test_run_exit_codes_and_signals);
    tcase_add_test(tc, test_run_cannot_start);
    tcase_add_test(tc, test_run_timeout_kills_the_group);
    tcase_add_test(tc, test_run_timeout_then_kill);
    tcase_add_test(tc, test_run_stop_flag_ends_the_group);
    tcase_add_test(tc, test_run_leftover_child_does_not_block);
    tcase_add_test(tc, test_run_clean_child);
    tcase_add_test(tc, test_run_environment_chdir_umask);
    tcase_add_test(tc, test_run_background_detached);
    tcase_add_test(tc, test_run_environ_without);
    tcase_add_test(tc, test_run_background_stdout_to_stderr);
    tcase_add_test(tc, test_run_split_as_321);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(run_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
