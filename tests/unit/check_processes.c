/* check_processes.c - the Check suite for processes: promises
 * (src/promises/processes.c) and processexists()/findprocesses(), run by
 * the agent over the fake /proc tree (a copy of tests/fixtures/proc, its
 * owners applied), with the signals recorded instead of sent. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "eval/agent.h"
#include "eval/control.h"
#include "policy/check.h"
#include "policy/load.h"
#include "promises/promises.h"
#include "sys/state.h"
#include "testutil.h"

/* The signals and pauses the agent asked for: "100:15 sleep2 ...". */
typedef struct {
    Buf log;
    pid_t refuse; /* kill() fails for this pid (ESRCH); 0: none */
} Recorder;

static int record_kill(void *userdata, pid_t pid, int signo)
{
    Recorder *r = userdata;
    buf_printf(&r->log, "%s%ld:%d", r->log.len ? " " : "", (long)pid, signo);
    if (pid == r->refuse) {
        errno = ESRCH;
        return -1;
    }
    return 0;
}

static void record_sleep(void *userdata, unsigned seconds)
{
    Recorder *r = userdata;
    buf_printf(&r->log, "%ssleep%u", r->log.len ? " " : "", seconds);
}

typedef struct {
    char *out;       /* reports and warnings */
    size_t out_len;
    char *signals;   /* what the recorder saw */
    unsigned counts[5];
} Run;

/* The copy of the fake /proc the tests read: made once for the test case
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

/* Runs the policy text against the fixture tree; dry_run is -n. */
static Run run_with(const char *text, bool dry_run, pid_t refuse)
{
    Run r = { 0 };
    char *dir = tu_tempdir();
    char *path = tu_write_file(dir, "policy.cf", text);
    char *statedir = xasprintf("%s/state", dir);
    ck_assert_int_eq(state_prepare_workdir(dir), 0);
    char *root = xstrdup(fixture.root);
    Capture c;
    capture_init(&c);
    /* the fixture's processes started on 2026-11-24; the clock is fixed */
    EvalSystem sys = { .workdir = dir, .now = (time_t)1795529220, .hostname = "host1", .proc_root = root };
    EvalCtx *ctx = eval_new(NULL, &c.diag, &sys);
    classset_add_hard(&ctx->classes, "agent");
    ControlInputs ci;
    control_inputs_init(&ci, ctx);
    LoadOptions lopt = { .follow_inputs = true, .expander = &ci.expander };
    Policy *p = policy_load(path, &lopt, &c.diag);
    ck_assert_msg(p != NULL, "the policy does not load:\n%s", capture_text(&c));
    CheckOptions copt = { .references = true };
    ck_assert_msg(policy_check(p, &copt, &c.diag) == 0, "the policy is not valid:\n%s", capture_text(&c));
    control_resolve(ctx, p, 0, p->bundles.len, 0, p->bodies.len);
    Recorder rec = { BUF_INIT, refuse };
    ProcSignalOps ops = { record_kill, record_sleep, &rec };
    FILE *out = open_memstream(&r.out, &r.out_len);
    AgentOptions opt = { .ignore_locks = true, .dry_run = dry_run, .statedir = statedir, .out = out,
                         .signal_ops = &ops };
    AgentCtx *a = agent_new(ctx, promises_table(), &opt);
    Vec seq = VEC_INIT;
    control_bundlesequence(ctx, &seq);
    ck_assert_int_eq(agent_run(a, &seq), 0);
    memcpy(r.counts, a->counts, sizeof r.counts);
    agent_free(a);
    fclose(out);
    r.signals = xstrdup(buf_cstr(&rec.log));
    buf_free(&rec.log);
    vec_free(&seq, free);
    eval_free(ctx);
    policy_free(p);
    capture_free(&c);
    tu_rmtree(dir);
    free(root);
    free(statedir);
    free(path);
    free(dir);
    return r;
}

static Run run(const char *text)
{
    return run_with(text, false, 0);
}

static void run_free(Run *r)
{
    free(r->out);
    free(r->signals);
}

#define ASSERT_STR(got, want) \
    ck_assert_msg(strcmp((got), (want)) == 0, "expected:\n%s\ngot:\n%s", (const char *)(want), (const char *)(got))

/* Bodies every case may use; outc(n) names the promise's outcome. */
#define BODIES                                                                                      \
    "body process_count cnt(n, lo, hi) { match_range => irange(\"$(lo)\", \"$(hi)\");\n"           \
    "  in_range_define => { \"$(n)_in\" }; out_of_range_define => { \"$(n)_out\" }; }\n"          \
    "body classes outc(n) { promise_kept => { \"$(n)_kept\" }; promise_repaired => { \"$(n)_repaired\" };\n" \
    "  repair_failed => { \"$(n)_failed\" }; }\n"                                                   \
    "body action warn_only { action_policy => \"warn\"; }\n"
/* Reports every class whose name starts with a letter and an underscore. */
#define REPORT_CLASSES                                                                              \
    " vars: \"c\" slist => sort(classesmatching(\"[a-z]_.*\"), \"lex\");\n"                       \
    " reports: \"$(c)\";\n"

START_TEST(test_processes_count_in_range_stops_the_promise)
{
    /* nginx master and worker: 2 in range; no signal, no restart class */
    Run r = run(BODIES "bundle agent main {\n"
                       " processes: \"nginx\" process_count => cnt(\"a\", 2, 2), signals => { \"term\" },\n"
                       "   restart_class => \"a_restart\", classes => outc(\"a\");\n" REPORT_CLASSES "}\n");
    ASSERT_STR(r.out, "R: a_in\nR: a_kept\n");
    ASSERT_STR(r.signals, "");
    run_free(&r);
}
END_TEST

START_TEST(test_processes_out_of_range_signals_and_restarts)
{
    /* out of range: the classes, term to each in ascending pid order,
     * and restart_class because term was sent */
    Run r = run(BODIES "bundle agent main {\n"
                       " processes: \"nginx\" process_count => cnt(\"a\", 1, 1), signals => { \"term\" },\n"
                       "   restart_class => \"a_restart\", classes => outc(\"a\");\n" REPORT_CLASSES "}\n");
    ASSERT_STR(r.out, " warning: Promise 'nginx' kills then restarts - never strictly converges\n"
                      "R: a_out\nR: a_repaired\nR: a_restart\n");
    ASSERT_STR(r.signals, "100:15 101:15");
    run_free(&r);
}
END_TEST

START_TEST(test_processes_restart_class_when_nothing_matched)
{
    /* 3.21 reports defining the restart class alone as kept; a match
     * without term or kill does not define it; hup is no kill */
    Run r = run(BODIES "bundle agent main {\n"
                       " processes:\n"
                       "  \"no such process\" restart_class => \"a_restart\", classes => outc(\"a\");\n"
                       "  \"nginx: worker\" restart_class => \"b_restart\", classes => outc(\"b\");\n"
                       "  \"nginx: worker\" signals => { \"hup\" }, restart_class => \"c_restart\",\n"
                       "     classes => outc(\"c\");\n" REPORT_CLASSES "}\n");
    /* c: the hup is a repair, "no restart promised" a kept step: a
     * classes body defines both (3.21, proc_signals_hup_no_restart) */
    ASSERT_STR(r.out, "R: a_kept\nR: a_restart\nR: b_kept\nR: c_kept\nR: c_repaired\n");
    ASSERT_STR(r.signals, "101:1");
    run_free(&r);
}
END_TEST

START_TEST(test_processes_signal_order_and_pauses)
{
    /* every entry for one process before the next; a number is a pause */
    Run r = run("bundle agent main {\n"
                " processes: \"nginx\" signals => { \"hup\", \"2\", \"usr1\", \"0s\", \"cont\" };\n"
                "}\n");
    ASSERT_STR(r.signals, "100:1 sleep2 100:10 sleep0 100:18 101:1 sleep2 101:10 sleep0 101:18");
    ck_assert_uint_eq(r.counts[OUTCOME_REPAIRED], 1);
    run_free(&r);
}
END_TEST

START_TEST(test_processes_pid_1_only_for_hup)
{
    /* pids 0 to 3 are left out when signalling, pid 1 stays for hup alone;
     * without signals it counts */
    Run r = run(BODIES "bundle agent main {\n"
                       " processes:\n"
                       "  \"minicf-entrypoint\" signals => { \"cont\" };\n"
                       "  \"minicf-entrypoint\" signals => { \"hup\" };\n"
                       "  \"minicf-entrypoint\" process_count => cnt(\"a\", 1, 1);\n" REPORT_CLASSES "}\n");
    ASSERT_STR(r.signals, "1:1");
    ASSERT_STR(r.out, "R: a_in\n");
    run_free(&r);
}
END_TEST

START_TEST(test_processes_select_and_result)
{
    /* process_result over the criteria; without it, any criterion will do */
    Run r = run(BODIES
                "body process_select any_of { command => \"nginx: worker.*\"; pid => irange(103, 104); }\n"
                "body process_select threads8 { threads => irange(8, 8); process_result => \"threads\"; }\n"
                "bundle agent main {\n"
                " processes:\n"
                "  \"\" process_select => any_of, signals => { \"usr2\" };\n"
                "  \"nginx\" process_select => threads8, process_count => cnt(\"a\", 1, 1);\n" REPORT_CLASSES "}\n");
    ASSERT_STR(r.signals, "101:12 103:12 104:12");
    ASSERT_STR(r.out, "R: a_in\n");
    run_free(&r);
    /* the owner (of the process's directory): 101 is 4000000's */
    if (!TU_PROC_OWNERS(&fixture))
        return;
    r = run(BODIES "body process_select worker_not_root { command => \"nginx: .*\"; process_owner => { \"root\" };\n"
                   "  process_result => \"command.!process_owner\"; }\n"
                   "body process_select nameless { process_owner => { \"4000000\" }; rsize => irange(1, 99999999); "
                   "process_result => \"process_owner.rsize\"; }\n"
                   "bundle agent main {\n"
                   " processes:\n"
                   "  \"\" process_select => worker_not_root, signals => { \"usr1\" };\n"
                   "  \"\" process_select => nameless, process_count => cnt(\"b\", 2, 2);\n" REPORT_CLASSES "}\n");
    ASSERT_STR(r.signals, "101:10");
    ASSERT_STR(r.out, "R: b_in\n");
    run_free(&r);
}
END_TEST

START_TEST(test_processes_zombies_never_match)
{
    Run r = run(BODIES "bundle agent main {\n"
                       " processes: \"defunct|zombie\" process_count => cnt(\"a\", 0, 0);\n" REPORT_CLASSES "}\n");
    ASSERT_STR(r.out, "R: a_in\n");
    run_free(&r);
}
END_TEST

START_TEST(test_processes_action_warn)
{
    /* action warn: nothing sent, the matches said, the promise kept; no
     * restart class but a warning; a zero count only alerts */
    Run r = run(BODIES "bundle agent main {\n"
                       " processes:\n"
                       "  \"nginx: worker\" signals => { \"term\" }, action => warn_only, classes => outc(\"a\");\n"
                       "  \"no such\" restart_class => \"b_restart\", action => warn_only, classes => outc(\"b\");\n"
                       "  \"batchjob\" process_count => cnt(\"c\", 0, 0), action => warn_only;\n" REPORT_CLASSES "}\n");
    ASSERT_STR(r.signals, "");
    ASSERT_STR(r.out, " warning: Matched '101 nginx: worker process': only a warning is promised, nothing sent\n"
                      " warning: Need to keep restart promise for 'no such', but only a warning is promised\n"
                      " warning: Process alert '103 batchjob --nice'\n"
                      "R: a_kept\nR: b_failed\nR: c_in\n");
    run_free(&r);
}
END_TEST

START_TEST(test_processes_dry_run)
{
    /* -n: the signals it would send, and the restart class still defined */
    Run r = run_with(BODIES "bundle agent main {\n"
                            " processes:\n"
                            "  \"nginx: worker\" signals => { \"int\", \"1\", \"kill\" }, restart_class => \"a_restart\";\n"
                            "  \"no such\" restart_class => \"b_restart\";\n"
                            " classes: \"x_restarts\" expression => \"b_restart.!a_restart\";\n"
                            " reports:\n  x_restarts:: \"only b\";\n"
                            "}\n",
                     true, 0);
    ASSERT_STR(r.signals, "");
    ck_assert_msg(strstr(r.out, " warning: Need to keep signal promise 'int' in process entry '101 nginx: worker "
                                "process'\n warning: Need to keep signal promise 'kill' in process entry '101 "
                                "nginx: worker process'\n"),
                  "got:\n%s", r.out);
    ck_assert_msg(strstr(r.out, " warning: Need to repair reports promise: only b\n"), "got:\n%s", r.out);
    run_free(&r);
}
END_TEST

START_TEST(test_processes_kill_failure_fails)
{
    Run r = run_with(BODIES "bundle agent main {\n"
                            " processes: \"nginx\" signals => { \"cont\" }, classes => outc(\"a\");\n" REPORT_CLASSES
                            "}\n",
                     false, 100);
    ASSERT_STR(r.signals, "100:18 101:18");
    /* every step defines its classes, as in 3.21: the refused kill
     * fails, the one sent repairs, no restart is a kept step; the
     * promise's outcome is the worst */
    ASSERT_STR(r.out, "R: a_failed\nR: a_kept\nR: a_repaired\n");
    ck_assert_uint_eq(r.counts[OUTCOME_FAILED], 1);
    run_free(&r);
}
END_TEST

START_TEST(test_processes_insufficient_count_still_keeps)
{
    /* process_count without match_range, or without classes, or a count
     * of zero with a restart class: 3.21 says so on every pass, yet keeps
     * the promise as far as it can (tests/fixtures/proc_eval/
     * proc_count_sanity.cf pins it against cf-agent) */
    Run r = run(BODIES "body process_count norange { in_range_define => { \"x\" }; }\n"
                       "body process_count noclasses { match_range => irange(1, 1); }\n"
                       "bundle agent main {\n"
                       " processes:\n"
                       "  \"nginx\" process_count => norange, signals => { \"hup\" }, classes => outc(\"a\");\n"
                       "  \"nginx\" process_count => noclasses, signals => { \"hup\" }, classes => outc(\"b\");\n"
                       "  \"nginx\" process_count => cnt(\"c\", 0, 0), restart_class => \"c_restart\",\n"
                       "     classes => outc(\"c\");\n" REPORT_CLASSES "}\n");
    /* a: no count, the signals; b: two nginx are out of 1..1, the signals;
     * c: out of 0..0, and no restart while they run */
    ASSERT_STR(r.signals, "100:1 101:1 100:1 101:1");
    ASSERT_STR(r.out, "R: a_kept\nR: a_repaired\nR: b_kept\nR: b_repaired\nR: c_kept\nR: c_out\nR: c_repaired\n");
    run_free(&r);
}
END_TEST

START_TEST(test_processes_process_stop)
{
    /* process_stop runs once before the signals; one that is not
     * executable fails the promise and nothing is sent */
    char *dir = tu_tempdir();
    char *policy = xasprintf(BODIES "bundle agent main {\n"
                                    " processes:\n"
                                    "  \"nginx: worker\" process_stop => \"/bin/sh -c 'echo stopped >> %s/log'\",\n"
                                    "     signals => { \"cont\" }, classes => outc(\"a\");\n"
                                    "  \"batchjob\" process_stop => \"/nonexistent/stop\", signals => { \"cont\" },\n"
                                    "     classes => outc(\"b\");\n" REPORT_CLASSES "}\n",
                             dir);
    Run r = run(policy);
    ASSERT_STR(r.signals, "101:18");
    ASSERT_STR(r.out, "R: a_kept\nR: a_repaired\nR: b_failed\n");
    char *log = xasprintf("%s/log", dir);
    FILE *f = fopen(log, "r");
    ck_assert_ptr_nonnull(f);
    char line[64] = "";
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    ASSERT_STR(line, "stopped\n");
    ck_assert_ptr_null(fgets(line, sizeof line, f));
    fclose(f);
    free(log);
    run_free(&r);
    free(policy);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(test_processes_functions)
{
    Run r = run("bundle agent main {\n"
                " vars: \"w\" data => findprocesses(\"nginx\");\n"
                "       \"none\" data => findprocesses(\"no such\");\n"
                " reports: \"$(with)\" with => storejson(w);\n"
                "   \"$(with)\" with => storejson(none);\n"
                "   \"yes\" if => processexists(\"^batchjob\");\n"
                "   \"no\" if => processexists(\"no such\");\n"
                "   \"no zombie\" unless => processexists(\"defunct\");\n"
                "}\n");
    /* descending pids, as 3.21 (proc_functions) */
    ASSERT_STR(r.out, "R: [\n  {\n    \"line\": \"nginx: worker process\",\n    \"pid\": 101\n  },\n"
                      "  {\n    \"line\": \"nginx: master process /usr/sbin/nginx -g daemon off;\",\n"
                      "    \"pid\": 100\n  }\n]\nR: []\nR: yes\nR: no zombie\n");
    run_free(&r);
}
END_TEST

START_TEST(test_processes_outcome_classes_of_every_step)
{
    /* 3.21 (proc_count_outcomes, proc_restart_with_count,
     * proc_stop_not_executable): a count out of range is a repaired step,
     * then no restart a kept one; a restart after nothing matched is
     * kept; a stop that cannot run fails after the count's repair */
    Run r = run(BODIES "bundle agent main {\n"
                       " processes:\n"
                       "  \"nginx\" process_count => cnt(\"a\", 5, 6), classes => outc(\"a\");\n"
                       "  \"no such\" process_count => cnt(\"b\", 1, 1), restart_class => \"b_restart\",\n"
                       "     classes => outc(\"b\");\n"
                       "  \"nginx\" process_count => cnt(\"c\", 0, 0), process_stop => \"/nonexistent/stop\",\n"
                       "     classes => outc(\"c\");\n"
                       "  \"nginx\" classes => outc(\"d\");\n" REPORT_CLASSES "}\n");
    ASSERT_STR(r.out, "R: a_kept\nR: a_out\nR: a_repaired\nR: b_kept\nR: b_out\nR: b_repaired\nR: b_restart\n"
                      "R: c_failed\nR: c_out\nR: c_repaired\nR: d_kept\n");
    ASSERT_STR(r.signals, "");
    /* the outcomes counted are the final ones: a and b repaired, c failed */
    ck_assert_uint_eq(r.counts[OUTCOME_REPAIRED], 2);
    ck_assert_uint_eq(r.counts[OUTCOME_FAILED], 1);
    run_free(&r);
}
END_TEST

static Suite *processes_suite(void)
{
    Suite *s = suite_create("processes");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_processes_count_in_range_stops_the_promise);
    tcase_add_test(tc, test_processes_out_of_range_signals_and_restarts);
    tcase_add_test(tc, test_processes_restart_class_when_nothing_matched);
    tcase_add_test(tc, test_processes_signal_order_and_pauses);
    tcase_add_test(tc, test_processes_pid_1_only_for_hup);
    tcase_add_test(tc, test_processes_select_and_result);
    tcase_add_test(tc, test_processes_zombies_never_match);
    tcase_add_test(tc, test_processes_action_warn);
    tcase_add_test(tc, test_processes_dry_run);
    tcase_add_test(tc, test_processes_kill_failure_fails);
    tcase_add_test(tc, test_processes_insufficient_count_still_keeps);
    tcase_add_test(tc, test_processes_process_stop);
    tcase_add_test(tc, test_processes_functions);
    tcase_add_test(tc, test_processes_outcome_classes_of_every_step);
    tcase_add_unchecked_fixture(tc, fixture_setup, fixture_teardown);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(processes_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
