/* check_commands.c - the Check suite for the commands: promise type
 * (src/promises/commands.c): the command line and argv, useshell, the
 * module protocol, 3.21's Q: quoting, and whole runs through the agent
 * (outcomes, timeouts, background commands that return at once, -n). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "eval/agent.h"
#include "eval/control.h"
#include "policy/check.h"
#include "policy/load.h"
#include "promises/commands.h"
#include "promises/promises.h"
#include "sys/state.h"
#include "testutil.h"

/* ---- building the command ------------------------------------------------- */

static Value *list_of(const char *a, const char *b)
{
    Value *v = value_list();
    value_list_push(v, a);
    value_list_push(v, b);
    return v;
}

START_TEST(test_commands_argv)
{
    Vec argv = VEC_INIT;
    char *line = NULL;
    Value *al = list_of("c d", "e");
    ck_assert(commands_build("/bin/echo 'a b'", "x \"y z\"", al, false, &argv, &line));
    ck_assert_str_eq(line, "/bin/echo 'a b' x \"y z\" c d e");
    const char *want[] = { "/bin/echo", "a b", "x", "y z", "c", "d", "e" };
    ck_assert_uint_eq(argv.len, 7);
    for (size_t i = 0; i < 7; i++)
        ck_assert_str_eq(argv.items[i], want[i]);
    vec_free(&argv, free);
    free(line);
    value_free(al);
}
END_TEST

START_TEST(test_commands_argv_promiser_only)
{
    Vec argv = VEC_INIT;
    char *line = NULL;
    ck_assert(commands_build("/bin/true", NULL, NULL, false, &argv, &line));
    ck_assert_str_eq(line, "/bin/true");
    ck_assert_uint_eq(argv.len, 1);
    vec_free(&argv, free);
    free(line);
    ck_assert(!commands_build("/bin/echo 'open", NULL, NULL, false, &argv, &line));
    vec_free(&argv, free);
    free(line);
}
END_TEST

START_TEST(test_commands_useshell_line)
{
    Vec argv = VEC_INIT;
    char *line = NULL;
    Value *al = list_of("two", "three");
    ck_assert(commands_build("/bin/echo one | /bin/cat", "-", al, true, &argv, &line));
    ck_assert_str_eq(line, "/bin/echo one | /bin/cat - two three");
    ck_assert_uint_eq(argv.len, 0);
    vec_free(&argv, free);
    free(line);
    value_free(al);
}
END_TEST

START_TEST(test_commands_shell_background)
{
    ck_assert(commands_shell_background("/bin/sleep 30 &"));
    ck_assert(commands_shell_background("/bin/sleep 30&  "));
    ck_assert(!commands_shell_background("/bin/true && /bin/true"));
    ck_assert(!commands_shell_background("/bin/sleep 30"));
    ck_assert(!commands_shell_background(""));
}
END_TEST

START_TEST(test_commands_quote_prefix)
{
    /* 15 characters from ten before the end of the first word, as 3.21 */
    char *p = commands_quote_prefix("/bin/echo hello world");
    ck_assert_str_eq(p, "/bin/echo hello");
    free(p);
    p = commands_quote_prefix("/usr/bin/printf '%s\\n' x");
    ck_assert_str_eq(p, "bin/printf '%s\\");
    free(p);
    p = commands_quote_prefix("/bin/pwd");
    ck_assert_str_eq(p, "/bin/pwd");
    free(p);
}
END_TEST

/* ---- the module protocol --------------------------------------------------- */

static ModuleKind parse_kind(const char *line, ModuleLine *m)
{
    commands_module_parse(line, m);
    return m->kind;
}

START_TEST(test_commands_module_parse)
{
    ModuleLine m;
    ck_assert_int_eq(parse_kind("+web_up", &m), MODULE_CLASS);
    ck_assert_str_eq(m.name, "web_up");
    commands_module_line_free(&m);
    ck_assert_int_eq(parse_kind("-web_up", &m), MODULE_UNCLASS);
    commands_module_line_free(&m);
    ck_assert_int_eq(parse_kind("=port=80 81", &m), MODULE_SCALAR);
    ck_assert_str_eq(m.name, "port");
    ck_assert_str_eq(m.value, "80 81");
    commands_module_line_free(&m);
    ck_assert_int_eq(parse_kind("=empty=", &m), MODULE_SCALAR);
    ck_assert_str_eq(m.value, "");
    commands_module_line_free(&m);
    ck_assert_int_eq(parse_kind("=a[k]=v", &m), MODULE_SCALAR);
    ck_assert_str_eq(m.name, "a[k]");
    commands_module_line_free(&m);
    ck_assert_int_eq(parse_kind("@l= { \"a\", 'b c', \"d\\\"e\" }", &m), MODULE_LIST);
    ck_assert_uint_eq(m.list.len, 3);
    ck_assert_str_eq(m.list.items[0], "a");
    ck_assert_str_eq(m.list.items[1], "b c");
    ck_assert_str_eq(m.list.items[2], "d\"e");
    commands_module_line_free(&m);
    ck_assert_int_eq(parse_kind("@l={}", &m), MODULE_LIST);
    ck_assert_uint_eq(m.list.len, 0);
    commands_module_line_free(&m);
    ck_assert_int_eq(parse_kind("%d={\"k\":[1,2]}", &m), MODULE_DATA);
    ck_assert_str_eq(m.value, "{\"k\":[1,2]}");
    commands_module_line_free(&m);
    ck_assert_int_eq(parse_kind("^context=probe", &m), MODULE_CONTEXT);
    ck_assert_str_eq(m.name, "probe");
    commands_module_line_free(&m);
    ck_assert_int_eq(parse_kind("plain output", &m), MODULE_NONE);
    commands_module_line_free(&m);
    ck_assert_int_eq(parse_kind("", &m), MODULE_NONE);
    commands_module_line_free(&m);
}
END_TEST

START_TEST(test_commands_module_parse_bad)
{
    const char *bad[] = { "+", "+a b", "=novalue", "=bad name=x", "@l= { red }", "@l= { \"a\" ",
                          "@l= { \"a\" } x", "^context=", "^meta=a", "%=1" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ModuleLine m;
        ck_assert_msg(parse_kind(bad[i], &m) == MODULE_BAD, "'%s' should be bad", bad[i]);
        commands_module_line_free(&m);
    }
}
END_TEST

/* ---- whole runs ------------------------------------------------------------ */

typedef struct {
    char *dir;
    char *out; /* what the agent printed: reports, Q: lines, warnings */
    size_t out_len;
    unsigned counts[5];
    double seconds;
} Run;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static Run run_policy(const char *text, bool dry_run)
{
    Run r = { 0 };
    r.dir = tu_tempdir();
    char *path = tu_write_file(r.dir, "policy.cf", text);
    char *statedir = xasprintf("%s/state", r.dir);
    ck_assert_int_eq(state_prepare_workdir(r.dir), 0);
    Capture c;
    capture_init(&c);
    EvalSystem sys = { .workdir = r.dir, .hostname = "host1.example.com" };
    EvalCtx *ctx = eval_new(NULL, &c.diag, &sys);
    ControlInputs ci;
    control_inputs_init(&ci, ctx);
    LoadOptions lopt = { .follow_inputs = true, .expander = &ci.expander };
    Policy *p = policy_load(path, &lopt, &c.diag);
    ck_assert_msg(p != NULL, "the policy does not load:\n%s", capture_text(&c));
    CheckOptions copt = { .references = true };
    ck_assert_msg(policy_check(p, &copt, &c.diag) == 0, "the policy is not valid:\n%s", capture_text(&c));
    control_resolve(ctx, p, 0, p->bundles.len, 0, p->bodies.len);
    FILE *out = open_memstream(&r.out, &r.out_len);
    AgentOptions opt = { .ignore_locks = true, .dry_run = dry_run, .statedir = statedir, .out = out };
    AgentCtx *a = agent_new(ctx, promises_table(), &opt);
    Vec seq = VEC_INIT;
    control_bundlesequence(ctx, &seq);
    double t0 = now_s();
    agent_run(a, &seq);
    r.seconds = now_s() - t0;
    memcpy(r.counts, a->counts, sizeof r.counts);
    agent_free(a);
    fclose(out);
    vec_free(&seq, free);
    eval_free(ctx);
    policy_free(p);
    capture_free(&c);
    free(statedir);
    free(path);
    return r;
}

static void run_free(Run *r)
{
    tu_rmtree(r->dir);
    free(r->dir);
    free(r->out);
}

#define ASSERT_HAS(r, text) ck_assert_msg(strstr((r).out, text), "expected '%s' in:\n%s", text, (r).out)
#define ASSERT_LACKS(r, text) ck_assert_msg(!strstr((r).out, text), "did not expect '%s' in:\n%s", text, (r).out)

START_TEST(test_commands_outcomes_and_quoting)
{
    Run r = run_policy("bundle agent main {\n"
                       "commands:\n"
                       "  \"/bin/echo hello world\";\n"
                       "  \"/bin/sh -c 'echo one; echo two; exit 2'\";\n"
                       "  \"/bin/echo quiet\" contain => silent;\n"
                       "  \"echo relative\";\n"
                       "}\n"
                       "body contain silent { no_output => \"true\"; }\n",
                       false);
    ASSERT_HAS(r, "  notice: Q: \".../bin/echo hello\": hello world\n");
    ASSERT_HAS(r, "  notice: Q: \".../bin/sh -c 'ech\": one\nQ: \".../bin/sh -c 'ech\": two\n");
    ASSERT_LACKS(r, "quiet");
    ck_assert_uint_eq(r.counts[OUTCOME_REPAIRED], 2);
    ck_assert_uint_eq(r.counts[OUTCOME_FAILED], 2); /* exit 2, and no absolute path */
    run_free(&r);
}
END_TEST

/* The command gets the agent's environment less LANG, LANGUAGE and
 * LC_MESSAGES, as 3.21 runs commands (it unsets them, to keep messages in
 * English); LC_ALL and the rest pass. */
START_TEST(test_commands_environment_without_message_language)
{
    setenv("LANG", "de_DE.UTF-8", 1);
    setenv("LANGUAGE", "de", 1);
    setenv("LC_MESSAGES", "de_DE.UTF-8", 1);
    setenv("LC_ALL", "C", 1);
    setenv("MINICF_TEST_PASSED", "yes", 1);
    Run r = run_policy("bundle agent main {\n"
                       "commands:\n"
                       "  \"/bin/sh -c 'echo LANG=${LANG-unset} LANGUAGE=${LANGUAGE-unset} "
                       "LC_MESSAGES=${LC_MESSAGES-unset} LC_ALL=$LC_ALL T=$MINICF_TEST_PASSED'\";\n"
                       "}\n",
                       false);
    ASSERT_HAS(r, ": LANG=unset LANGUAGE=unset LC_MESSAGES=unset LC_ALL=C T=yes\n");
    /* the agent's own environment is left as it was */
    ck_assert_str_eq(getenv("LANG"), "de_DE.UTF-8");
    run_free(&r);
}
END_TEST

START_TEST(test_commands_module_sets_classes_and_vars)
{
    Run r = run_policy("bundle agent main {\n"
                       "commands:\n"
                       "  \"/bin/sh -c 'echo +up; echo =v=x y; echo ^context=ctx; echo =w=z'\" module => \"true\";\n"
                       "reports:\n"
                       "  up:: \"up $(sh.v) $(ctx.w)\";\n"
                       "}\n",
                       false);
    ck_assert_str_eq(r.out, "R: up x y z\n");
    run_free(&r);
}
END_TEST

START_TEST(test_commands_timeout)
{
    Run r = run_policy("bundle agent main {\n"
                       "commands: \"/bin/sleep 30\" contain => t, classes => c;\n"
                       "reports:\n"
                       "  timed_out::\n"
                       "    \"it timed out\";\n"
                       "}\n"
                       "body contain t { exec_timeout => \"1\"; }\n"
                       "body classes c { repair_failed => { \"timed_out\" }; }\n",
                       false);
    ck_assert_msg(r.seconds < 10, "took %.1fs", r.seconds);
    ck_assert_str_eq(r.out, "R: it timed out\n");
    run_free(&r);
}
END_TEST

/* The pid a command wrote to path, waiting up to five seconds for it. */
static pid_t read_pid(const char *path)
{
    for (int i = 0; i < 100; i++) {
        FILE *f = fopen(path, "re");
        long pid = 0;
        if (f) {
            int n = fscanf(f, "%ld", &pid);
            fclose(f);
            if (n == 1 && pid > 0)
                return (pid_t)pid;
        }
        struct timespec ts = { 0, 50 * 1000000L };
        nanosleep(&ts, NULL);
    }
    return -1;
}

/* A background command returns at once, whether asked by the action
 * body or by a shell line that ends in '&', and is still running after. */
START_TEST(test_commands_background_returns_at_once)
{
    char *dir = tu_tempdir();
    char *policy = xasprintf("bundle agent main {\n"
                             "commands:\n"
                             "  \"/bin/sh -c 'echo $$ >%s/a; exec /bin/sleep 30'\" action => bg, classes => c;\n"
                             "  \"/bin/sh -c 'echo $$ >%s/b; exec /bin/sleep 30' &\" contain => sh;\n"
                             "reports:\n"
                             "  started::\n"
                             "    \"it started\";\n"
                             "}\n"
                             "body action bg { background => \"true\"; }\n"
                             "body contain sh { useshell => \"true\"; }\n"
                             "body classes c { promise_repaired => { \"started\" }; }\n",
                             dir, dir);
    Run r = run_policy(policy, false);
    ck_assert_msg(r.seconds < 5, "took %.1fs", r.seconds);
    ck_assert_str_eq(r.out, "R: it started\n");
    run_free(&r);
    /* both still run, in sessions of their own; end them by pid */
    const char *names[] = { "a", "b" };
    for (size_t i = 0; i < 2; i++) {
        char *path = xasprintf("%s/%s", dir, names[i]);
        pid_t pid = read_pid(path);
        ck_assert_msg(pid > 0, "no pid in %s", path);
        ck_assert_int_eq(kill(pid, 0), 0);
        ck_assert_int_ne(getsid(pid), getsid(0)); /* detached: not in our session */
        kill(pid, SIGKILL);
        free(path);
    }
    free(policy);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(test_commands_dry_run_runs_nothing)
{
    char *dir = tu_tempdir();
    char *policy = xasprintf("bundle agent main { commands: \"/usr/bin/touch %s/made\"; }\n", dir);
    Run r = run_policy(policy, true);
    char *want = xasprintf(" warning: Would execute script '/usr/bin/touch %s/made'\n", dir);
    ck_assert_str_eq(r.out, want);
    free(want);
    ck_assert_uint_eq(r.counts[OUTCOME_WARN], 1);
    char *made = xasprintf("%s/made", dir);
    ck_assert(access(made, F_OK) != 0);
    run_free(&r);
    free(made);
    free(policy);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* contain's preview runs the command even under -n; a shell line needs
 * no absolute path (3.21). */
START_TEST(test_commands_preview_and_shell_paths)
{
    char *dir = tu_tempdir();
    char *policy = xasprintf("bundle agent main { commands:\n"
                             "  \"/usr/bin/touch %s/previewed\" contain => pv;\n"
                             "  \"touch %s/by_shell\" contain => sh; }\n"
                             "body contain pv { preview => \"true\"; }\n"
                             "body contain sh { useshell => \"useshell\"; }\n",
                             dir, dir);
    Run r = run_policy(policy, true);
    char *want = xasprintf(" warning: Would execute script 'touch %s/by_shell'\n", dir);
    ck_assert_str_eq(r.out, want);
    char *made = xasprintf("%s/previewed", dir);
    ck_assert_int_eq(access(made, F_OK), 0);
    run_free(&r);
    r = run_policy(policy, false);
    char *by_shell = xasprintf("%s/by_shell", dir);
    ck_assert_int_eq(access(by_shell, F_OK), 0);
    ck_assert_uint_eq(r.counts[OUTCOME_REPAIRED], 2);
    run_free(&r);
    free(by_shell);
    free(made);
    free(want);
    free(policy);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* exec_owner and exec_group, by name and by number (needs root). */
START_TEST(test_commands_exec_owner)
{
    if (!TU_NEED_ROOT("exec_owner and exec_group"))
        return;
    Run r = run_policy("bundle agent main {\n"
                       "commands:\n"
                       "  \"/bin/sh -c 'echo =uid=`id -u`; echo =gid=`id -g`'\" contain => o, module => \"true\";\n"
                       "reports:\n"
                       "  \"$(sh.uid) $(sh.gid)\";\n"
                       "}\n"
                       "body contain o { exec_owner => \"nobody\"; exec_group => \"65533\"; }\n",
                       false);
    struct passwd *pw = getpwnam("nobody");
    ck_assert_msg(pw != NULL, "no user nobody here");
    char *want = xasprintf("R: %u 65533\n", (unsigned)pw->pw_uid);
    ck_assert_str_eq(r.out, want);
    free(want);
    run_free(&r);
}
END_TEST

START_TEST(test_commands_unknown_owner_fails)
{
    Run r = run_policy("bundle agent main { commands: \"/bin/true\" contain => o; }\n"
                       "body contain o { exec_owner => \"no_such_user_minicf\"; }\n",
                       false);
    ck_assert_uint_eq(r.counts[OUTCOME_FAILED], 1);
    run_free(&r);
}
END_TEST

/* ---- chroot ---------------------------------------------------------------- */

/* mkdir -p path (mode 0755). */
static void mkdir_p(const char *path)
{
    char *p = xstrdup(path);
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        ck_assert_msg(mkdir(p, 0755) == 0 || errno == EEXIST, "mkdir %s: %s", p, strerror(errno));
        *s = c;
        if (!c)
            break;
    }
    free(p);
}

/* Copies the executable from to to (mode 0755). */
static void copy_exec(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    ck_assert_msg(in >= 0, "%s: %s (MINICF_CHROOT_PROBE names the helper tests/unit/chroot_probe)", from,
                  strerror(errno));
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
    ck_assert_msg(out >= 0, "%s: %s", to, strerror(errno));
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0)
        ck_assert_msg(write(out, buf, (size_t)n) == n, "write %s: %s", to, strerror(errno));
    ck_assert_msg(n == 0, "read %s: %s", from, strerror(errno));
    close(in);
    ck_assert_int_eq(close(out), 0);
}

/* contain's chroot, alone and with chdir, runs the static helper
 * chroot_probe inside a new root that holds /chroot_marker and /sub. As in
 * 3.21 the program's path is checked outside the new root and run inside it
 * (so the helper is at the same path in both), and chdir names a directory
 * of the new root. With chroot alone the command starts at the new root's
 * top: cf-agent 3.21 leaves it in the agent's own directory, outside the
 * new root, where getcwd() fails ("cwd unreadable"); see minicf-agent(8). A
 * program that exists only inside the new root fails as 3.21 fails it. */
START_TEST(test_commands_chroot)
{
    if (!TU_NEED_ROOT("chroot"))
        return;
    const char *probe = getenv("MINICF_CHROOT_PROBE");
    if (!probe || !*probe)
        probe = "tests/unit/chroot_probe";
    char *dir = tu_tempdir();
    char *root = xasprintf("%s/root", dir);
    char *inside = xasprintf("%s%s", root, dir); /* dir, seen from inside the new root */
    mkdir_p(inside);
    char *sub = xasprintf("%s/sub", root);
    mkdir_p(sub);
    free(tu_write_file(root, "chroot_marker", ""));
    char *host_probe = xasprintf("%s/probe", dir);
    char *root_probe = xasprintf("%s/probe", inside);
    char *only_inside = xasprintf("%s/only_inside", root);
    copy_exec(probe, host_probe);
    copy_exec(probe, root_probe);
    copy_exec(probe, only_inside);
    char *policy = xasprintf("bundle agent main {\n"
                             "commands:\n"
                             "  \"%s alone\" contain => cr;\n"
                             "  \"%s withdir\" contain => crd;\n"
                             "  \"/only_inside x\" contain => cr;\n"
                             "}\n"
                             "body contain cr { chroot => \"%s\"; }\n"
                             "body contain crd { chroot => \"%s\"; chdir => \"/sub\"; }\n",
                             host_probe, host_probe, root, root);
    Run r = run_policy(policy, false);
    ASSERT_HAS(r, "\": alone cwd=/\n");
    ASSERT_HAS(r, "\": alone marker=yes\n");
    ASSERT_HAS(r, "\": withdir cwd=/sub\n");
    ASSERT_HAS(r, "\": withdir marker=yes\n");
    ASSERT_LACKS(r, "marker=no");
    ASSERT_LACKS(r, " x cwd");
    ck_assert_uint_eq(r.counts[OUTCOME_REPAIRED], 2);
    ck_assert_uint_eq(r.counts[OUTCOME_FAILED], 1);
    run_free(&r);
    free(policy);
    free(only_inside);
    free(root_probe);
    free(host_probe);
    free(sub);
    free(inside);
    free(root);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

static Suite *commands_suite(void)
{
    Suite *s = suite_create("commands");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_commands_argv);
    tcase_add_test(tc, test_commands_argv_promiser_only);
    tcase_add_test(tc, test_commands_useshell_line);
    tcase_add_test(tc, test_commands_shell_background);
    tcase_add_test(tc, test_commands_quote_prefix);
    tcase_add_test(tc, test_commands_module_parse);
    tcase_add_test(tc, test_commands_module_parse_bad);
    tcase_add_test(tc, test_commands_outcomes_and_quoting);
    tcase_add_test(tc, test_commands_environment_without_message_language);
    tcase_add_test(tc, test_commands_module_sets_classes_and_vars);
    tcase_add_test(tc, test_commands_timeout);
    tcase_add_test(tc, test_commands_background_returns_at_once);
    tcase_add_test(tc, test_commands_dry_run_runs_nothing);
    tcase_add_test(tc, test_commands_preview_and_shell_paths);
    tcase_add_test(tc, test_commands_exec_owner);
    tcase_add_test(tc, test_commands_unknown_owner_fails);
    tcase_add_test(tc, test_commands_chroot);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(commands_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
