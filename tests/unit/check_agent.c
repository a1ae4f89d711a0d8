/* check_agent.c - the Check suite for the agent (src/eval/agent*.c), the
 * promise types (src/promises/), time classes (src/eval/sysinfo_time.c)
 * and the state tables (src/sys/state.c). */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <time.h>

#include "base/alloc.h"
#include "cmd/agent_args.h"
#include "eval/agent.h"
#include "eval/classpick.h"
#include "eval/control.h"
#include "eval/sysinfo.h"
#include "policy/check.h"
#include "policy/load.h"
#include "promises/promises.h"
#include "sys/state.h"
#include "testutil.h"

/* One run of a policy given as text: what it printed and what it came to. */
typedef struct {
    char *dir;      /* temporary work directory */
    char *out;      /* reports */
    size_t out_len;
    int rc;         /* agent_run() */
    unsigned counts[5];
    bool failed;
    char *json;
} Run;

/* 2026-11-24 14:07:00 UTC, a Tuesday */
#define FIXED_NOW ((time_t)1795529220)

static Run run_policy_in(const char *dir, const char *text, const AgentOptions *extra, const char *defines)
{
    Run r = { 0 };
    r.dir = xstrdup(dir);
    char *path = tu_write_file(dir, "policy.cf", text);
    char *statedir = xasprintf("%s/state", dir);
    ck_assert_int_eq(state_prepare_workdir(dir), 0);
    Capture c;
    capture_init(&c);
    EvalSystem sys = { .workdir = dir, .now = FIXED_NOW, .hostname = "host1.example.com" };
    EvalCtx *ctx = eval_new(NULL, &c.diag, &sys);
    classset_add_hard(&ctx->classes, "agent");
    if (defines)
        classset_add_hard(&ctx->classes, defines);
    ControlInputs ci;
    control_inputs_init(&ci, ctx);
    LoadOptions lopt = { .follow_inputs = true, .expander = &ci.expander };
    Policy *p = policy_load(path, &lopt, &c.diag);
    ck_assert_msg(p != NULL, "the policy does not load:\n%s", capture_text(&c));
    CheckOptions copt = { .references = true };
    ck_assert_msg(policy_check(p, &copt, &c.diag) == 0, "the policy is not valid:\n%s", capture_text(&c));
    control_resolve(ctx, p, 0, p->bundles.len, 0, p->bodies.len);
    AgentOptions opt = extra ? *extra : (AgentOptions){ .ignore_locks = true };
    opt.statedir = statedir;
    FILE *out = open_memstream(&r.out, &r.out_len);
    opt.out = out;
    AgentCtx *a = agent_new(ctx, promises_table(), &opt);
    Vec seq = VEC_INIT;
    control_bundlesequence(ctx, &seq);
    r.rc = agent_run(a, &seq);
    memcpy(r.counts, a->counts, sizeof r.counts);
    r.failed = agent_failed(a);
    char *json = NULL;
    size_t json_len = 0;
    FILE *jf = open_memstream(&json, &json_len);
    agent_print_json(a, jf);
    fclose(jf);
    r.json = json;
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

static Run run_policy(const char *text)
{
    char *dir = tu_tempdir();
    Run r = run_policy_in(dir, text, NULL, NULL);
    free(dir);
    return r;
}

static void run_free(Run *r)
{
    tu_rmtree(r->dir);
    free(r->dir);
    free(r->out);
    free(r->json);
}

#define ASSERT_OUTPUT(text, want)                                                                      \
    do {                                                                                               \
        Run r_ = run_policy(text);                                                                     \
        ck_assert_msg(strcmp(r_.out, want) == 0, "expected:\n%s\ngot:\n%s", (const char *)(want), r_.out); \
        run_free(&r_);                                                                                 \
    } while (0)

START_TEST(test_agent_ordering)
{
    /* methods before reports, vars before classes, whatever the order written */
    ASSERT_OUTPUT("bundle agent main {\n"
                  " reports: \"r $(v) $(c)\";\n"
                  " classes: \"k\" expression => isvariable(\"v\");\n"
                  " methods: \"m\" usebundle => sub;\n"
                  " vars: \"v\" string => \"1\"; k:: \"c\" string => \"k\";\n"
                  "}\n"
                  "bundle agent sub { reports: \"sub\"; }\n",
                  "R: sub\nR: r 1 k\n");
}
END_TEST

START_TEST(test_agent_type_order_table)
{
    ck_assert_int_lt(agent_type_order("meta"), agent_type_order("vars"));
    ck_assert_int_lt(agent_type_order("vars"), agent_type_order("classes"));
    ck_assert_int_lt(agent_type_order("classes"), agent_type_order("methods"));
    ck_assert_int_lt(agent_type_order("methods"), agent_type_order("processes"));
    ck_assert_int_lt(agent_type_order("processes"), agent_type_order("commands"));
    ck_assert_int_lt(agent_type_order("commands"), agent_type_order("reports"));
    const PromiseTypeTable *t = promises_table();
    for (size_t i = 0; i < t->n; i++)
        ck_assert_int_eq(t->rows[i]->order, agent_type_order(t->rows[i]->name));
}
END_TEST

START_TEST(test_agent_passes)
{
    /* c2 is defined in pass 2; vars are resolved again after the classes
     * of the pass, so the report of pass 2 already sees v=x (as 3.21). */
    ASSERT_OUTPUT("bundle agent main {\n"
                  " vars:\n  c2:: \"v\" string => \"x\";\n  !c2:: \"v\" string => \"first\";\n"
                  " classes: \"c2\" expression => \"c1\"; \"c1\" expression => \"any\";\n"
                  " reports: \"r v=$(v)\";\n  c2:: \"c2 is set v=$(v)\";\n"
                  "}\n",
                  "R: r v=first\nR: r v=x\nR: c2 is set v=x\n");
}
END_TEST

START_TEST(test_agent_report_once)
{
    /* the same expanded report once per run, even from two bundle calls;
     * a different attribute makes it another promise */
    ASSERT_OUTPUT("bundle agent main {\n"
                  " vars: \"l\" slist => { \"a\", \"b\", \"a\" };\n"
                  " methods: \"m1\" usebundle => sub; \"m2\" usebundle => sub;\n"
                  " reports: \"dup\"; \"dup\"; \"dup\" comment => \"other\"; \"it $(l)\";\n"
                  "}\n"
                  "bundle agent sub { reports: \"in sub\"; }\n",
                  "R: in sub\nR: dup\nR: dup\nR: it a\nR: it b\n");
}
END_TEST

START_TEST(test_agent_deferred_unresolved)
{
    /* a report with an unresolved variable waits for the last pass and is
     * then printed as written */
    ASSERT_OUTPUT("bundle agent main {\n"
                  " reports: \"late $(nope)\"; \"now\"; \"cond\" if => \"$(nope)\"; \"cond2\" unless => \"$(nope)\";\n"
                  "}\n",
                  "R: now\nR: late $(nope)\nR: cond2\n");
}
END_TEST

START_TEST(test_agent_outcome_merge)
{
    ck_assert_int_eq(outcome_merge(OUTCOME_KEPT, OUTCOME_REPAIRED), OUTCOME_REPAIRED);
    ck_assert_int_eq(outcome_merge(OUTCOME_FAILED, OUTCOME_REPAIRED), OUTCOME_FAILED);
    ck_assert_int_eq(outcome_merge(OUTCOME_SKIPPED, OUTCOME_KEPT), OUTCOME_KEPT);
    ck_assert_int_eq(outcome_merge(OUTCOME_WARN, OUTCOME_REPAIRED), OUTCOME_WARN);
    ck_assert_int_eq(outcome_merge(OUTCOME_WARN, OUTCOME_FAILED), OUTCOME_FAILED);
    ck_assert_str_eq(outcome_name(OUTCOME_REPAIRED), "repaired");
}
END_TEST

START_TEST(test_agent_outcomes_counted)
{
    Run r = run_policy("bundle agent main {\n"
                       " vars: \"v\" string => \"1\"; \"bad name\" string => \"x\";\n"
                       " reports: \"a\"; \"b\" action => w;\n"
                       "}\n"
                       "body action w { action_policy => \"warn\"; }\n");
    ck_assert_uint_eq(r.counts[OUTCOME_KEPT], 2);
    ck_assert_uint_eq(r.counts[OUTCOME_WARN], 1);
    ck_assert_uint_eq(r.counts[OUTCOME_FAILED], 1);
    ck_assert(r.failed);
    ck_assert_msg(strstr(r.json, "\"failed\": 1") != NULL, "%s", r.json);
    ck_assert_str_eq(r.out, "R: a\n warning: Need to repair reports promise: b\n");
    run_free(&r);
}
END_TEST

START_TEST(test_agent_classes_body)
{
    ASSERT_OUTPUT("bundle agent main {\n"
                  " vars: \"v\" string => \"x\", classes => k(\"var\");\n"
                  " methods: \"m\" usebundle => sub, classes => k(\"m\");\n"
                  " reports: \"w\" action => warn, classes => k(\"w\");\n"
                  "  var_kept:: \"var kept\";\n"
                  "  m_kept:: \"m kept\";\n"
                  "  w_failed:: \"w failed\";\n"
                  "  w_kept:: \"w kept\";\n"
                  "  cancel:: \"cancelled not\";\n"
                  "}\n"
                  "bundle agent sub { vars: \"q\" string => \"a\"; }\n"
                  "body action warn { action_policy => \"warn\"; }\n"
                  "body classes k(x) { promise_kept => { \"$(x)_kept\" }; repair_failed => { \"$(x)_failed\" };\n"
                  "  cancel_kept => { \"cancel\" }; }\n",
                  " warning: Need to repair reports promise: w\nR: var kept\nR: m kept\nR: w failed\n");
}
END_TEST

START_TEST(test_agent_with)
{
    /* worked out before the promiser, per iteration, before this.promiser */
    ASSERT_OUTPUT("bundle agent main {\n"
                  " vars: \"l\" slist => { \"a\", \"b\" }; \"e\" slist => { };\n"
                  " reports:\n"
                  "  \"w=$(with)\" with => concat(\"<\", \"$(l)\", \">\");\n"
                  "  \"n=$(with)\" with => length(\"e\");\n"
                  "  \"p=$(with)\" with => \"$(this.promiser)\";\n"
                  "}\n",
                  "R: w=<a>\nR: w=<b>\nR: n=0\nR: p=$(this.promiser)\n");
}
END_TEST

START_TEST(test_agent_body_inherit_from)
{
    /* the parent's attributes first, the child's own win; the parent's
     * arguments are worked out with the child's parameters bound */
    ASSERT_OUTPUT("bundle agent main {\n"
                  " reports: \"a\" classes => child(\"x\"); \"b\" classes => grandchild;\n"
                  "  x_p_kept:: \"x_p_kept\";\n"
                  "  own:: \"own\";\n"
                  "  g_p_kept:: \"g_p_kept\";\n"
                  "  loop_kept:: \"loop\";\n"
                  "}\n"
                  "body classes parent(p) { promise_kept => { \"$(p)_kept\" }; repair_failed => { \"f\" }; }\n"
                  "body classes child(c) { inherit_from => parent(\"$(c)_p\"); repair_failed => { \"own\" }; }\n"
                  "body classes grandchild { inherit_from => middle; }\n"
                  "body classes middle { inherit_from => parent(\"g_p\"); }\n"
                  "body classes loop { inherit_from => loop; promise_kept => { \"loop_kept\" }; }\n",
                  "R: a\nR: b\nR: x_p_kept\nR: g_p_kept\n");
    /* a body that inherits from itself ends */
    ASSERT_OUTPUT("bundle agent main { reports: \"a\" classes => loop; loop_kept:: \"loop\"; }\n"
                  "body classes loop { inherit_from => loop; promise_kept => { \"loop_kept\" }; }\n",
                  "R: a\nR: loop\n");
}
END_TEST

START_TEST(test_agent_class_scope)
{
    /* classes of an agent bundle are its own unless scope says namespace;
     * those of a common bundle are everyone's */
    ASSERT_OUTPUT("body common control { bundlesequence => { \"g\", \"main\" }; }\n"
                  "bundle common g { classes: \"gc\" expression => \"any\"; }\n"
                  "bundle agent main {\n"
                  " classes: \"mine\" expression => \"any\"; \"ours\" expression => \"any\", scope => \"namespace\";\n"
                  " methods: \"m\" usebundle => sub;\n"
                  " reports:\n  sublocal:: \"main sees sublocal\";\n  subns:: \"main sees subns\";\n"
                  "}\n"
                  "bundle agent sub {\n"
                  " classes: \"sublocal\" expression => \"any\"; \"subns\" expression => \"any\", scope => \"namespace\";\n"
                  " reports:\n  mine:: \"sub sees mine\";\n  ours:: \"sub sees ours\";\n  gc:: \"sub sees gc\";\n"
                  "}\n",
                  "R: sub sees ours\nR: sub sees gc\nR: main sees subns\n");
}
END_TEST

START_TEST(test_agent_bundle_parameters)
{
    ASSERT_OUTPUT("bundle agent main {\n"
                  " vars: \"l\" slist => { \"x\", \"y\" };\n"
                  " methods: \"m\" usebundle => sub(\"one\", @(l));\n"
                  "}\n"
                  "bundle agent sub(a, list) { reports: \"$(a) $(list) $(this.bundle)\"; }\n",
                  "R: one x sub\nR: one y sub\n");
}
END_TEST

START_TEST(test_agent_useresult_and_sequence_args)
{
    ASSERT_OUTPUT("body common control { bundlesequence => { \"main\", sub(\"seqarg\") }; }\n"
                  "bundle agent main {\n"
                  " methods: \"r\" usebundle => ret, useresult => \"res\";\n"
                  " reports: \"res $(res[key])\";\n"
                  "}\n"
                  "bundle agent sub(a) { reports: \"sub $(a)\"; }\n"
                  "bundle agent ret { reports: \"value\" bundle_return_value_index => \"key\"; }\n",
                  "R: res value\nR: sub seqarg\n");
}
END_TEST

START_TEST(test_agent_defaults)
{
    /* undefined, or matching if_match_regex: the default; "" is a value */
    ASSERT_OUTPUT("bundle agent main { methods: \"a\" usebundle => d(\"\", \"given\", \"x\"); }\n"
                  "bundle agent d(empty, given, rx) {\n"
                  " defaults: \"empty\" string => \"E\"; \"given\" string => \"G\";\n"
                  "  \"rx\" string => \"R\", if_match_regex => \"x\"; \"undef\" string => \"U\";\n"
                  "  \"l\" slist => { \"l1\", \"l2\" };\n"
                  " reports: \"[$(empty)] $(given) $(rx) $(undef) $(l)\";\n"
                  "}\n",
                  "R: [] given R U l1\nR: [] given R U l2\n");
}
END_TEST

START_TEST(test_agent_depends_on)
{
    ASSERT_OUTPUT("bundle agent main {\n"
                  " reports: \"first\" handle => \"h1\"; \"ok\" depends_on => { \"h1\" };\n"
                  "  \"missing\" depends_on => { \"h_none\" };\n"
                  "}\n",
                  "R: first\nR: ok\n");
}
END_TEST

START_TEST(test_agent_persistence)
{
    char *dir = tu_tempdir();
    const char *text = "bundle agent main {\n"
                       " classes:\n  !second:: \"pers\" expression => \"any\", persistence => \"10\";\n"
                       " reports:\n  pers:: \"pers is set\";\n"
                       "}\n";
    Run r1 = run_policy_in(dir, text, NULL, NULL);
    ck_assert_str_eq(r1.out, "R: pers is set\n");
    Run r2 = run_policy_in(dir, text, NULL, "second");
    ck_assert_str_eq(r2.out, "R: pers is set\n");
    Map t = MAP_INIT;
    char *path = xasprintf("%s/state/persistent_classes", dir);
    ck_assert_int_eq(state_table_load(path, &t), 0);
    ck_assert_int_eq(state_table_get(&t, "pers"), (long long)FIXED_NOW + 600);
    state_table_free(&t);
    free(path);
    free(r1.out);
    free(r1.json);
    free(r1.dir);
    run_free(&r2);
    free(dir);
}
END_TEST

START_TEST(test_agent_locks)
{
    /* without -K a report kept less than ifelapsed minutes ago is not kept
     * again; ifelapsed 0 always is */
    char *dir = tu_tempdir();
    const char *text = "bundle agent main { reports: \"locked\"; \"free\" action => el; }\n"
                       "body action el { ifelapsed => \"0\"; }\n";
    AgentOptions locking = { .ignore_locks = false };
    Run r1 = run_policy_in(dir, text, &locking, NULL);
    ck_assert_str_eq(r1.out, "R: locked\nR: free\n");
    Run r2 = run_policy_in(dir, text, &locking, NULL);
    ck_assert_str_eq(r2.out, "R: free\n");
    free(r1.out);
    free(r1.json);
    free(r1.dir);
    run_free(&r2);
    free(dir);
}
END_TEST

START_TEST(test_agent_locks_huge_ifelapsed)
{
    /* an ifelapsed too large to count in seconds (given through a
     * variable, which the check cannot see) is a very long time, not a
     * negative one */
    char *dir = tu_tempdir();
    const char *text = "bundle agent main { vars: \"huge\" string => \"9223372036854775807\";\n"
                       " reports: \"locked\" action => el(\"$(huge)\"); }\n"
                       "body action el(n) { ifelapsed => \"$(n)\"; }\n";
    AgentOptions locking = { .ignore_locks = false };
    Run r1 = run_policy_in(dir, text, &locking, NULL);
    ck_assert_str_eq(r1.out, "R: locked\n");
    Run r2 = run_policy_in(dir, text, &locking, NULL);
    ck_assert_str_eq(r2.out, "");
    free(r1.out);
    free(r1.json);
    free(r1.dir);
    run_free(&r2);
    free(dir);
}
END_TEST

static int count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    ck_assert_ptr_nonnull(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

START_TEST(test_agent_second_run_leaks_no_fd)
{
    /* a daemon runs the agent in-process every minute: a second run in
     * the same process must hold no more descriptors than the first left;
     * the policy touches every part that opens files (running locks, the
     * lazy process table, the sys containers, eval()'s math library, a
     * command, the state tables) */
    char *dir = tu_tempdir();
    const char *text = "bundle agent main {\n"
                       " vars: \"r\" string => eval(\"sqrt(16)\", \"math\", \"infix\");\n"
                       "  \"g\" string => \"$(sys.inet[routes][0][interface])\";\n"
                       "  \"o\" string => \"$(sys.os_release[ID])\";\n"
                       "  \"f\" data => findprocesses(\".*\");\n"
                       " processes: \".*\" process_count => c, action => el;\n"
                       " commands: \"/bin/true\" action => el;\n"
                       " reports: \"r=$(r)\" action => el;\n"
                       "}\n"
                       "body process_count c { match_range => irange(\"1\", \"inf\"); in_range_define => { \"some\" }; }\n"
                       "body action el { ifelapsed => \"0\"; expireafter => \"5\"; }\n";
    AgentOptions locking = { .ignore_locks = false };
    Run r1 = run_policy_in(dir, text, &locking, NULL);
    ck_assert_msg(strstr(r1.out, "R: r=4") != NULL, "%s", r1.out);
    int after_first = count_fds();
    Run r2 = run_policy_in(dir, text, &locking, NULL);
    ck_assert_msg(strstr(r2.out, "R: r=4") != NULL, "%s", r2.out);
    ck_assert_int_eq(count_fds(), after_first);
    Run r3 = run_policy_in(dir, text, &locking, NULL);
    ck_assert_int_eq(count_fds(), after_first);
    free(r1.out);
    free(r1.json);
    free(r1.dir);
    free(r2.out);
    free(r2.json);
    free(r2.dir);
    run_free(&r3);
    free(dir);
}
END_TEST

START_TEST(test_agent_abortclasses)
{
    Run r = run_policy("body agent control { abortclasses => { \"stop.*\" }; }\n"
                       "bundle agent main { classes: \"stopnow\" expression => \"any\"; reports: \"never\"; }\n");
    ck_assert_int_eq(r.rc, -1);
    ck_assert_str_eq(r.out, "");
    ck_assert_msg(strstr(r.json, "\"aborted\": \"stopnow\"") != NULL, "%s", r.json);
    run_free(&r);
}
END_TEST

START_TEST(test_agent_this_and_sys)
{
    ASSERT_OUTPUT("bundle agent main {\n"
                  " reports: \"$(this.bundle) $(this.namespace) $(this.promise_linenumber) $(this.handle)\" handle => \"hh\";\n"
                  "  \"$(sys.fqhost) $(sys.uqhost) $(sys.host) $(const.dollar)$(const.at)\";\n"
                  "  host1.example_com.host1_example_com.com.agent:: \"classes\";\n"
                  "}\n",
                  "R: main default 2 hh\nR: host1.example.com host1 host1 $@\nR: classes\n");
}
END_TEST

static bool has_class(const ClassSet *s, const char *name)
{
    return classset_has(s, name);
}

START_TEST(test_agent_time_classes)
{
    struct tm t = { 0 };
    t.tm_year = 2026 - 1900;
    t.tm_mon = 10;  /* November */
    t.tm_mday = 24;
    t.tm_wday = 1;  /* Monday */
    t.tm_hour = 14;
    t.tm_min = 7;
    ClassSet s = { 0 };
    sysinfo_time_classes(&s, &t, "");
    static const char *const WANT[] = { "Hr14", "Hr14_Q1", "Min07", "Min05_10", "Q1", "Monday", "Yr2026",
                                        "Day24", "November", "Lcycle_1", "Afternoon", NULL };
    for (const char *const *w = WANT; *w; w++)
        ck_assert_msg(has_class(&s, *w), "no class %s", *w);
    ck_assert(!has_class(&s, "Hr15"));
    ck_assert(!has_class(&s, "Q2"));
    t.tm_hour = 3, t.tm_min = 58, t.tm_wday = 0;
    sysinfo_time_classes(&s, &t, "GMT_");
    ck_assert(has_class(&s, "GMT_Hr03"));
    ck_assert(has_class(&s, "GMT_Hr3"));
    ck_assert(has_class(&s, "GMT_Min55_00"));
    ck_assert(has_class(&s, "GMT_Q4"));
    ck_assert(has_class(&s, "GMT_Night"));
    ck_assert(has_class(&s, "GMT_Sunday"));
    classset_free(&s);
}
END_TEST

START_TEST(test_agent_fixed_clock)
{
    setenv("TZ", "UTC", 1);
    tzset();
    Capture c;
    capture_init(&c);
    EvalSystem sys = { .now = FIXED_NOW };
    EvalCtx *ctx = eval_new(NULL, &c.diag, &sys);
    ck_assert(classset_has(&ctx->classes, "GMT_Hr14"));
    ck_assert(classset_has(&ctx->classes, "Hr14"));
    ck_assert(classset_has(&ctx->classes, "Tuesday"));
    ck_assert(classset_has(&ctx->classes, "Min05_10"));
    ck_assert(classset_has(&ctx->classes, "Yr2026"));
    const Value *d = eval_lookup(ctx, "sys.date");
    ck_assert_str_eq(d->str, "Tue Nov 24 14:07:00 2026");
    ck_assert_str_eq(eval_lookup(ctx, "sys.cdate")->str, "Tue_Nov_24_14_07_00_2026");
    eval_free(ctx);
    capture_free(&c);
}
END_TEST

START_TEST(test_agent_select_class_and_dist)
{
    /* cf-agent 3.21 on host "vm", 192.0.2.2, as root picks the third of five */
    ck_assert_uint_eq(classpick_hash("vm+192.0.2.2+0"), 576150592u);
    ck_assert_uint_eq(classpick_select("vm", "192.0.2.2", 0, 5), 2);
    Value *w = value_list();
    value_list_push(w, "0");
    value_list_push(w, "5");
    for (int i = 0; i < 20; i++)
        ck_assert_int_eq(classpick_dist(w), 1);
    value_list_push(w, "-1");
    ck_assert_int_eq(classpick_dist(w), -1);
    value_free(w);
    ASSERT_OUTPUT("bundle agent main {\n"
                  " classes: \"d\" dist => { \"0\", \"7\" }; \"s\" select_class => { \"only\" };\n"
                  " reports:\n  d.d_7.!d_0:: \"dist\";\n  s.only:: \"select\";\n"
                  "}\n",
                  "R: dist\nR: select\n");
}
END_TEST

START_TEST(test_agent_report_to_file_and_printfile)
{
    char *dir = tu_tempdir();
    free(tu_write_file(dir, "lines.txt", "l1\nl2\nl3\n"));
    char *text = xasprintf("bundle agent main {\n"
                           " reports: \"to file\" report_to_file => \"%s/out.txt\";\n"
                           "  \"two\" printfile => pf(\"%s/lines.txt\", \"2\");\n"
                           "}\n"
                           "body printfile pf(f, n) { file_to_print => \"$(f)\"; number_of_lines => \"$(n)\"; }\n",
                           dir, dir);
    Run r = run_policy_in(dir, text, NULL, NULL);
    ck_assert_str_eq(r.out, "R: two\nR: l1\nR: l2\n");
    char *path = xasprintf("%s/out.txt", dir);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char line[64] = "";
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    ck_assert_str_eq(line, "to file\n");
    fclose(f);
    free(path);
    free(text);
    run_free(&r);
    free(dir);
}
END_TEST

START_TEST(test_agent_state_table)
{
    char *dir = tu_tempdir();
    char *path = xasprintf("%s/t", dir);
    Map t = MAP_INIT;
    state_table_put(&t, "a key", 42);
    state_table_put(&t, "b", -1);
    ck_assert_int_eq(state_table_save(path, &t), 0);
    state_table_free(&t);
    Map u = MAP_INIT;
    ck_assert_int_eq(state_table_load(path, &u), 0);
    ck_assert_int_eq(state_table_get(&u, "a key"), 42);
    ck_assert_int_eq(state_table_get(&u, "b"), -1);
    ck_assert_int_eq(state_table_get(&u, "c"), 0);
    state_table_free(&u);
    free(path);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* The work dir's inputs/lib becomes a link to the installed library when
 * nothing is there; what is there already, or a library that is not
 * installed, leaves it as it is. */
START_TEST(test_agent_state_link_library)
{
    char *dir = tu_tempdir();
    char *work = xasprintf("%s/work", dir);
    char *lib = xasprintf("%s/work/inputs/lib", dir);
    char *installed = xasprintf("%s/installed", dir);
    char target[4096];
    struct stat st;
    ck_assert_int_eq(state_prepare_workdir(work), 0);

    /* not installed: nothing made */
    ck_assert_int_eq(state_link_library(work, installed), 0);
    ck_assert_int_eq(lstat(lib, &st), -1);

    ck_assert_int_eq(mkdir(installed, 0755), 0);
    ck_assert_int_eq(state_link_library(work, installed), 0);
    ssize_t n = readlink(lib, target, sizeof target - 1);
    ck_assert_int_gt(n, 0);
    target[n] = '\0';
    ck_assert_str_eq(target, installed);
    /* twice: the link is kept */
    ck_assert_int_eq(state_link_library(work, installed), 0);
    ck_assert_int_eq(lstat(lib, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));

    /* a directory of the user's own is left alone */
    ck_assert_int_eq(unlink(lib), 0);
    ck_assert_int_eq(mkdir(lib, 0755), 0);
    ck_assert_int_eq(state_link_library(work, installed), 0);
    ck_assert_int_eq(lstat(lib, &st), 0);
    ck_assert(S_ISDIR(st.st_mode));

    /* so is a dangling link */
    ck_assert_int_eq(rmdir(lib), 0);
    ck_assert_int_eq(symlink("/nonexistent/lib", lib), 0);
    ck_assert_int_eq(state_link_library(work, installed), 0);
    n = readlink(lib, target, sizeof target - 1);
    ck_assert_int_gt(n, 0);
    target[n] = '\0';
    ck_assert_str_eq(target, "/nonexistent/lib");

    tu_rmtree(dir);
    free(installed);
    free(lib);
    free(work);
    free(dir);
}
END_TEST

/* Two runs that save at the same time lose none of each other's entries:
 * state_table_update() merges with what is on disk under a lock, the
 * larger time winning, and drops entries older than drop_before. */
START_TEST(test_agent_state_table_update_merges)
{
    char *dir = tu_tempdir();
    char *path = xasprintf("%s/t", dir);
    Map disk = MAP_INIT;
    state_table_put(&disk, "a", 100);
    state_table_put(&disk, "old", 5);
    ck_assert_int_eq(state_table_save(path, &disk), 0);
    state_table_free(&disk);
    Map ours = MAP_INIT;
    state_table_put(&ours, "a", 50);
    state_table_put(&ours, "b", 200);
    ck_assert_int_eq(state_table_update(path, &ours, 10), 0);
    state_table_free(&ours);
    Map got = MAP_INIT;
    ck_assert_int_eq(state_table_load(path, &got), 0);
    ck_assert_int_eq(state_table_get(&got, "a"), 100);
    ck_assert_int_eq(state_table_get(&got, "b"), 200);
    ck_assert_int_eq(state_table_get(&got, "old"), 0);
    state_table_free(&got);
    char *lock = xasprintf("%s.lock", path);
    ck_assert_int_eq(access(lock, F_OK), 0);
    free(lock);
    free(path);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

/* Parses a command line given as one string of words. */
static int parse_line(AgentArgs *o, const char *line, char *out, size_t out_len)
{
    char *copy = xstrdup(line);
    char *argv[32];
    int argc = 0;
    argv[argc++] = (char *)"minicf-agent";
    for (char *w = strtok(copy, " "); w && argc < 31; w = strtok(NULL, " "))
        argv[argc++] = w;
    argv[argc] = NULL;
    agent_args_init(o, NULL, NULL);
    FILE *fo = fmemopen(out, out_len, "w");
    FILE *fe = fopen("/dev/null", "w");
    int rc = agent_args_parse(o, argc, argv, fo, fe);
    fclose(fo);
    fclose(fe);
    /* the names borrow from copy: keep what the tests look at */
    static char keep[256];
    snprintf(keep, sizeof keep, "%s", o->file);
    o->file = keep;
    static char keep_w[256];
    snprintf(keep_w, sizeof keep_w, "%s", o->workdir);
    o->workdir = keep_w;
    free(copy);
    return rc;
}

START_TEST(test_agent_flags)
{
    AgentArgs o;
    char out[2048] = "";
    ck_assert_int_eq(parse_line(&o, "-Kf p.cf -b a,b -b c -D x,y -N z -w /tmp/w -I -v -n -l --json", out, sizeof out),
                     -1);
    ck_assert_str_eq(o.file, "p.cf");
    ck_assert_str_eq(o.workdir, "/tmp/w");
    ck_assert(o.opt.ignore_locks && o.opt.inform && o.opt.verbose && o.opt.dry_run && o.json);
    ck_assert_uint_eq(o.bundles.len, 3);
    ck_assert_str_eq(o.bundles.items[2], "c");
    ck_assert_uint_eq(o.define.len, 2);
    ck_assert_str_eq(o.negate.items[0], "z");
    agent_args_free(&o);

    ck_assert_int_eq(parse_line(&o, "", out, sizeof out), -1);
    ck_assert_str_eq(o.workdir, "/var/minicf");
    ck_assert(!o.opt.ignore_locks && !o.json);
    agent_args_free(&o);

    ck_assert_int_eq(parse_line(&o, "--help", out, sizeof out), 0);
    ck_assert_msg(strncmp(out, "Usage: minicf-agent", 19) == 0, "%s", out);
    agent_args_free(&o);
    ck_assert_int_eq(parse_line(&o, "-V", out, sizeof out), 0);
    ck_assert_msg(strncmp(out, "minicf-agent ", 13) == 0, "%s", out);
    agent_args_free(&o);
    ck_assert_int_eq(parse_line(&o, "--bogus", out, sizeof out), 2);
    agent_args_free(&o);
    ck_assert_int_eq(parse_line(&o, "-f", out, sizeof out), 2);
    agent_args_free(&o);
    ck_assert_int_eq(parse_line(&o, "-f a.cf stray", out, sizeof out), 2);
    agent_args_free(&o);

    agent_args_init(&o, "/env/policy.cf", "/env/work");
    ck_assert_str_eq(o.file, "/env/policy.cf");
    ck_assert_str_eq(o.workdir, "/env/work");
    agent_args_free(&o);
}
END_TEST

static Suite *agent_suite(void)
{
    Suite *s = suite_create("agent");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_agent_ordering);
    tcase_add_test(tc, test_agent_type_order_table);
    tcase_add_test(tc, test_agent_passes);
    tcase_add_test(tc, test_agent_report_once);
    tcase_add_test(tc, test_agent_deferred_unresolved);
    tcase_add_test(tc, test_agent_outcome_merge);
    tcase_add_test(tc, test_agent_outcomes_counted);
    tcase_add_test(tc, test_agent_classes_body);
    tcase_add_test(tc, test_agent_class_scope);
    tcase_add_test(tc, test_agent_bundle_parameters);
    tcase_add_test(tc, test_agent_useresult_and_sequence_args);
    tcase_add_test(tc, test_agent_defaults);
    tcase_add_test(tc, test_agent_depends_on);
    tcase_add_test(tc, test_agent_persistence);
    tcase_add_test(tc, test_agent_locks);
    tcase_add_test(tc, test_agent_locks_huge_ifelapsed);
    tcase_add_test(tc, test_agent_second_run_leaks_no_fd);
    tcase_add_test(tc, test_agent_abortclasses);
    tcase_add_test(tc, test_agent_this_and_sys);
    tcase_add_test(tc, test_agent_time_classes);
    tcase_add_test(tc, test_agent_fixed_clock);
    tcase_add_test(tc, test_agent_select_class_and_dist);
    tcase_add_test(tc, test_agent_report_to_file_and_printfile);
    tcase_add_test(tc, test_agent_state_table);
    tcase_add_test(tc, test_agent_state_link_library);
    tcase_add_test(tc, test_agent_state_table_update_merges);
    tcase_add_test(tc, test_agent_flags);
    tcase_add_test(tc, test_agent_with);
    tcase_add_test(tc, test_agent_body_inherit_from);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(agent_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
