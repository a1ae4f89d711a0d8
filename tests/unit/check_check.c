/* check_check.c - the Check suite for the load-time checks
 * (src/policy/check.c) and value matching (src/policy/check_value.c). */
#include <check.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "policy/check.h"
#include "policy/check_mode.h"
#include "policy/check_value.h"
#include "policy/classexpr.h"
#include "policy/syntax.h"
#include "testutil.h"

/* text must pass the checks (references resolved or not) with no message
 * at all. */
static void assert_check_ok(const char *text, bool references)
{
    unsigned n = 0;
    char *got = tu_check_text(text, references, &n);
    ck_assert_msg(n == 0 && *got == '\0', "expected no message, got %u error(s):\n%s", n, got);
    free(got);
}

/* text must draw exactly one error, at line:col, whose message holds msg. */
static void assert_check_error(const char *text, bool references, unsigned line, unsigned col, const char *msg)
{
    unsigned n = 0;
    char *got = tu_check_text(text, references, &n);
    char *want = xasprintf(TU_PATH ":%u:%u: error: ", line, col);
    ck_assert_msg(n == 1, "expected one error, got %u:\n%s", n, got);
    ck_assert_msg(strncmp(got, want, strlen(want)) == 0, "expected an error at %u:%u, got:\n%s", line, col, got);
    const char *eol = strchr(got, '\n');
    const char *hit = strstr(got, msg);
    ck_assert_msg(hit && hit < eol, "expected '%s' in:\n%s", msg, got);
    free(want);
    free(got);
}

/* A bundle wrapper: one promise of type `type` in an agent bundle. */
static char *agent_promise(const char *type, const char *promise)
{
    return xasprintf("bundle agent main\n{\n  %s:\n    %s;\n}\n", type, promise);
}

#define ASSERT_PROMISE_ERROR(type, promise, col, msg)                 \
    do {                                                              \
        char *t_ = agent_promise(type, promise);                      \
        assert_check_error(t_, true, 4, col, msg);                    \
        free(t_);                                                     \
    } while (0)

#define ASSERT_PROMISE_OK(type, promise)                              \
    do {                                                              \
        char *t_ = agent_promise(type, promise);                      \
        assert_check_ok(t_, true);                                    \
        free(t_);                                                     \
    } while (0)

/* ---- attributes --------------------------------------------------------- */

START_TEST(test_check_unknown_attribute_in_promise)
{
    ASSERT_PROMISE_ERROR("files", "\"/tmp/x\" colour => \"blue\"", 20,
                         "Unknown attribute 'colour' for promise type 'files' in bundle with type 'agent'");
    /* an attribute of another promise type */
    ASSERT_PROMISE_ERROR("reports", "\"x\" create => \"true\"", 15,
                         "Unknown attribute 'create' for promise type 'reports'");
}
END_TEST

START_TEST(test_check_legacy_promise_types)
{
    /* outputs: agent bundles only; only attribute names are checked */
    ASSERT_PROMISE_OK("outputs", "\"p\" output_level => \"zzz\", if => \"$()\", comment => { \"c\" }");
    ASSERT_PROMISE_ERROR("outputs", "\"p\" foo => \"x\"", 12,
                         "Unknown attribute 'foo' for promise type 'outputs' in bundle with type 'agent'");
    assert_check_error("bundle agent main\n{\n  topics:\n    \"p\";\n}\n", true, 3, 10,
                       "Promise type 'topics' not supported by 'agent' bundle type");
    assert_check_ok("bundle knowledge k\n{\n  things:\n    \"x\" is_part_of => { \"y\" }, handle => \"h\";\n"
                    "  topics:\n    \"$()\" handle => \"h\";\n}\n", true);
    assert_check_error("bundle common c\n{\n  outputs:\n    \"p\";\n}\n", true, 3, 11,
                       "Promise type 'outputs' not supported by 'common' bundle type");
}
END_TEST

START_TEST(test_check_empty_reference_promiser)
{
    ASSERT_PROMISE_ERROR("reports", "\"$()\"", 10, "Empty variable reference");
    ASSERT_PROMISE_ERROR("classes", "\"${}\" expression => \"any\"", 10, "Empty variable reference");
    ASSERT_PROMISE_OK("reports", "\"@()\"");
    ASSERT_PROMISE_OK("reports", "\"a$()b\"");
    ASSERT_PROMISE_OK("outputs", "\"$()\"");
}
END_TEST

START_TEST(test_check_handles_bare_and_empty)
{
    const char *dup[] = { "\"\"", "h", "\"$(a/b)\"", "\"$(x}\"", NULL };
    for (size_t i = 0; dup[i]; i++) {
        char *t = xasprintf("bundle agent main\n{\n  reports:\n    \"a\" handle => %s;\n    \"b\" handle => %s;\n}\n",
                            dup[i], dup[i]);
        unsigned n = 0;
        char *got = tu_check_text(t, true, &n);
        ck_assert_msg(n == 1 && strstr(got, "Duplicate promise handle"), "%s: %s", dup[i], got);
        free(got);
        free(t);
    }
    assert_check_ok("bundle agent main\n{\n  reports:\n    \"a\" handle => \"$(x)\";\n    \"b\" handle => \"$(x)\";\n}\n",
                    true);
}
END_TEST

START_TEST(test_check_inherit_from_list)
{
    assert_check_ok("body action a\n{\n  inherit_from => { b, \"nosuch\" };\n}\nbody action b\n{\n}\n", true);
}
END_TEST

START_TEST(test_check_unknown_attribute_in_body)
{
    assert_check_error("body perms p\n{\n  colour => \"644\";\n}\n", false, 3, 9,
                       "Unknown attribute 'colour' for 'body perms p'");
    assert_check_error("body agent control\n{\n  bogus => \"1\";\n}\n", false, 3, 8,
                       "Unknown attribute 'bogus' for 'body agent control'");
    /* a body of a type 3.21 does not know is not looked into */
    assert_check_ok("body nosuchtype x\n{\n  anything => \"1\";\n}\n", true);
}
END_TEST

START_TEST(test_check_global_attributes_everywhere)
{
    ASSERT_PROMISE_OK("vars", "\"v\" string => \"x\", comment => \"c\", handle => \"h\", depends_on => { \"a\" }, "
                              "if => \"linux\", unless => \"windows\", meta => { \"m\" }");
    ASSERT_PROMISE_OK("processes", "\"p\" comment => \"c\", if => \"any\"");
}
END_TEST

START_TEST(test_check_type_mismatch_list_to_scalar)
{
    ASSERT_PROMISE_ERROR("vars", "\"x\" string => { \"a\", \"b\" }", 31,
                         "Attempted to give a list to a non-list type: expected string");
    ASSERT_PROMISE_ERROR("reports", "\"x\" comment => { \"a\" }", 27,
                         "Type mismatch in constraint: comment takes a single value, not a list");
    ASSERT_PROMISE_ERROR("files", "\"/tmp/x\" perms => { p }", 28,
                         "Attempted to give a list to a non-list type: 'perms' takes a body");
    ASSERT_PROMISE_ERROR("methods", "\"m\" usebundle => { b }", 27,
                         "Type mismatch in constraint: usebundle takes a bundle, not a list");
}
END_TEST

START_TEST(test_check_type_mismatch_scalar_to_list)
{
    ASSERT_PROMISE_ERROR("vars", "\"x\" slist => \"a\"", 21,
                         "Attempted to give a scalar to a non-scalar type: expected slist, a list in { }");
    ASSERT_PROMISE_ERROR("vars", "\"x\" ilist => \"1\"", 21, "expected ilist");
    /* a naked variable may be a list: still a scalar by its shape */
    ASSERT_PROMISE_ERROR("vars", "\"x\" slist => @(l)", 22, "expected slist");
    /* a list-typed global attribute given a scalar is accepted, as 3.21 */
    ASSERT_PROMISE_OK("reports", "\"x\" depends_on => \"h\"");
}
END_TEST

START_TEST(test_check_body_reference_quoted)
{
    assert_check_error("body perms p { mode => \"644\"; }\nbundle agent main\n{\n  files:\n    \"/tmp/x\" perms => \"p\";\n}\n",
                       true, 5, 26, "An rvalue is quoted, but we expect an unquoted body identifier: write perms => p");
}
END_TEST

START_TEST(test_check_int_parse_and_range)
{
    const char *fmt = "body action a\n{\n  ifelapsed => \"%s\";\n}\n";
    struct { const char *value; const char *msg; } bad[] = {
        { "-5", "Integer is out of range: '-5' is not in 0,99999999999" },
        { "soon", "Cannot parse value as integer: expected a whole number, got 'soon'" },
        { "1.5", "Cannot parse value as integer" },
        { "", "Cannot parse value as integer" },
        { "100000000000", "Integer is out of range" },
        { "99999999999k", "Integer is out of range" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *t = xasprintf(fmt, bad[i].value);
        assert_check_error(t, false, 3, 18 + (unsigned)strlen(bad[i].value), bad[i].msg);
        free(t);
    }
    const char *good[] = { "0", "99999999999", "60", "2k", "1K", "inf", "$(x)", "${x}k" };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char *t = xasprintf(fmt, good[i]);
        assert_check_ok(t, false);
        free(t);
    }
    /* an unquoted number is a symbol, checked like a string */
    assert_check_ok("body action a\n{\n  ifelapsed => 60;\n}\n", false);
}
END_TEST

START_TEST(test_check_real_parse_and_range)
{
    ASSERT_PROMISE_ERROR("reports", "\"x\" intermittency => \"1.5\"", 31,
                         "Real value is out of range: '1.5' is not in 0,1");
    ASSERT_PROMISE_ERROR("reports", "\"x\" intermittency => \"half\"", 32,
                         "Real value is out of range: expected a number, got 'half'");
    ASSERT_PROMISE_OK("reports", "\"x\" intermittency => \"0.25\"");
    ASSERT_PROMISE_OK("reports", "\"x\" intermittency => \"1\"");
    ASSERT_PROMISE_OK("vars", "\"x\" real => \"-1.5e10\"");
    ASSERT_PROMISE_OK("vars", "\"x\" rlist => { \"1\", \"2.5\", \"$(x)\" }");
    ASSERT_PROMISE_ERROR("vars", "\"x\" rlist => { \"1\", \"x\" }", 28, "expected a number, got 'x'");
}
END_TEST

START_TEST(test_check_option_menus)
{
    assert_check_error("body perms p\n{\n  rxdirs => \"maybe\";\n}\n", false, 3, 20,
                       "Selection is out of bounds: 'maybe' is not one of true, false, yes, no, on, off");
    assert_check_error("body perms p\n{\n  rxdirs => \"True\";\n}\n", false, 3, 19, "'True' is not one of");
    assert_check_ok("body perms p\n{\n  rxdirs => \"yes\";\n}\n", false);
    assert_check_ok("body perms p\n{\n  rxdirs => \"$(x)\";\n}\n", false);
    assert_check_ok("body perms p\n{\n  rxdirs => \"\";\n}\n", false); /* empty: left alone */
    assert_check_ok("body action a\n{\n  action_policy => \"warn\";\n}\n", false);
    /* olist: each item from the menu */
    assert_check_error("body file_select s\n{\n  file_types => { \"plain\", \"pipe\" };\n  file_result => \"file_types\";\n}\n",
                       false, 3, 34, "'pipe' is not one of plain, reg, symlink");
    assert_check_ok("body file_select s\n{\n  file_types => { \"plain\", \"dir\" };\n  file_result => \"file_types\";\n}\n",
                    false);
}
END_TEST

START_TEST(test_check_regex_ranges)
{
    ASSERT_PROMISE_ERROR("processes", "\"sshd\" restart_class => \"not a class!\"", 43,
                         "Scalar value is out of range: 'not a class!' does not match [a-zA-Z0-9_$(){}\\[\\].:]+");
    ASSERT_PROMISE_OK("processes", "\"sshd\" restart_class => \"sshd_$(x)_restart\"");
    ASSERT_PROMISE_ERROR("processes", "\"sshd\" process_stop => \"relative/path\"", 43,
                         "Filename is not an absolute path: 'relative/path'");
    ASSERT_PROMISE_OK("processes", "\"sshd\" process_stop => \"/etc/init.d/sshd stop\"");
    ASSERT_PROMISE_OK("processes", "\"sshd\" process_stop => \"\\\"/quoted/path\\\" stop\"");
    /* the whole value must match, not a part of it */
    ASSERT_PROMISE_ERROR("processes", "\"sshd\" signals => { \"term\", \"termx\" }", 40,
                         "'termx' does not match");
    ASSERT_PROMISE_OK("processes", "\"sshd\" signals => { \"term\", \"kill\", \"9\" }");
}
END_TEST

START_TEST(test_check_context_range)
{
    ASSERT_PROMISE_ERROR("classes", "\"c\" and => { \"a\", \"b c\" }", 28, "Context string is invalid/out of range: 'b c'");
    ASSERT_PROMISE_OK("classes", "\"c\" and => { \"a\", \"b.c|!d\" }");
}
END_TEST

START_TEST(test_check_class_expressions_of_if)
{
    ASSERT_PROMISE_ERROR("reports", "\"x\" if => \"a&&b\"", 19, "Syntax error in context string 'a&&b'");
    ASSERT_PROMISE_ERROR("reports", "\"x\" ifvarclass => \"(a\"", 27, "Syntax error in context string '(a'");
    ASSERT_PROMISE_OK("reports", "\"x\" if => \"a.(b|!c)\"");
    ASSERT_PROMISE_OK("reports", "\"x\" if => and(\"a\", \"b\")");
}
END_TEST

/* ---- functions ------------------------------------------------------------ */

START_TEST(test_check_function_return_type)
{
    ASSERT_PROMISE_ERROR("vars", "\"x\" int => splitstring(\"a,b\", \",\", \"9\")", 44,
                         "Function does not return the required type: 'splitstring' returns slist, the attribute "
                         "wants int");
    ASSERT_PROMISE_ERROR("vars", "\"x\" slist => readintlist(\"/f\", \"#\", \",\", \"9\", \"99\")", 56,
                         "'readintlist' returns ilist, the attribute wants slist");
    /* by 3.21's table: string <- context/int/real, slist <- string, ilist <- int */
    ASSERT_PROMISE_OK("vars", "\"x\" string => strcmp(\"a\", \"b\")");
    ASSERT_PROMISE_OK("vars", "\"x\" string => string_length(\"a\")");
    ASSERT_PROMISE_OK("vars", "\"x\" slist => canonify(\"a\")");
    ASSERT_PROMISE_OK("vars", "\"x\" ilist => string_length(\"a\")");
    ASSERT_PROMISE_OK("vars", "\"x\" data => parsejson(\"{}\")");
}
END_TEST

START_TEST(test_check_unknown_function)
{
    ASSERT_PROMISE_ERROR("vars", "\"x\" string => nosuchfn(\"a\")", 32, "Unknown function 'nosuchfn'");
    ASSERT_PROMISE_ERROR("vars", "\"x\" slist => { \"a\", nosuchfn() }", 35, "Unknown function 'nosuchfn'");
    /* inside another call and in a variable name: left to run time */
    ASSERT_PROMISE_OK("vars", "\"x\" string => concat(nosuchfn(\"a\"))");
    ASSERT_PROMISE_OK("vars", "\"x\" string => $(f)(\"a\")");
}
END_TEST

/* ---- bundles, bodies, references ------------------------------------------ */

START_TEST(test_check_duplicate_bundle)
{
    assert_check_error("bundle agent main { }\nbundle agent main { }\n", false, 2, 18,
                       "Duplicate definition of bundle main with type agent");
    /* another type or another namespace is another bundle */
    assert_check_ok("bundle agent main { }\nbundle common main { }\n", false);
    assert_check_ok("bundle agent main { }\nbody file control { namespace => \"lib\"; }\nbundle agent main { }\n", false);
}
END_TEST

START_TEST(test_check_duplicate_body)
{
    assert_check_error("body perms p { }\nbody perms p { }\n", false, 2, 13,
                       "Duplicate definition of body p with type perms");
    assert_check_ok("body perms p { }\nbody action p { }\n", false);
    /* each file has its own body file control, and a promise block may be
     * given twice */
    assert_check_ok("body file control { }\nbody file control { }\npromise agent x { }\npromise agent x { }\n", false);
}
END_TEST

START_TEST(test_check_undefined_body)
{
    const char *text = "bundle agent main\n{\n  files:\n    \"/tmp/x\" perms => nosuch;\n}\n";
    assert_check_error(text, true, 4, 29, "Undefined body nosuch with type perms");
    assert_check_ok(text, false); /* references are not resolved for a file alone */
    assert_check_error("bundle agent main\n{\n  files:\n    \"/tmp/x\" perms => nosuch(\"a\");\n}\n", true, 4, 34,
                       "Undefined body nosuch with type perms");
    /* a body of the right name but another type does not count */
    assert_check_error("body action p { }\nbundle agent main\n{\n  files:\n    \"/tmp/x\" perms => p;\n}\n", true, 5, 24,
                       "Undefined body p with type perms");
    /* a bare name finds the body in any namespace, as 3.21 */
    assert_check_ok("bundle agent main\n{\n  files:\n    \"/tmp/x\" perms => p;\n}\n"
                    "body file control { namespace => \"lib\"; }\nbody perms p { }\n", true);
    assert_check_ok("bundle agent main\n{\n  files:\n    \"/tmp/x\" perms => lib:p;\n}\n"
                    "body file control { namespace => \"lib\"; }\nbody perms p { }\n", true);
    assert_check_error("bundle agent main\n{\n  files:\n    \"/tmp/x\" perms => other:p;\n}\n"
                       "body file control { namespace => \"lib\"; }\nbody perms p { }\n", true, 4, 30,
                       "Undefined body other:p with type perms");
    /* global attributes refer to bodies too */
    assert_check_error("bundle agent main\n{\n  reports:\n    \"x\" action => nope;\n}\n", true, 4, 23,
                       "Undefined body nope with type action");
}
END_TEST

START_TEST(test_check_unknown_bundle_type)
{
    assert_check_error("bundle wizard spells { }\n", false, 1, 14,
                       "Unknown bundle type 'wizard', expected agent, common, edit_line, edit_xml, monitor or server");
    assert_check_ok("bundle knowledge k { vars: \"v\" string => \"x\"; }\n", false); /* legacy, as common */
}
END_TEST

START_TEST(test_check_reserved_bundle_name)
{
    assert_check_error("bundle agent sys { }\n", false, 1, 17, "Use of a reserved container name as a bundle name \"sys\"");
}
END_TEST

START_TEST(test_check_promise_type_not_allowed)
{
    assert_check_error("bundle edit_line el\n{\n  processes:\n    \"sshd\";\n}\n", false, 3, 13,
                       "Promise type 'processes' not supported by 'edit_line' bundle type");
    assert_check_error("bundle common c\n{\n  files:\n    \"/x\";\n}\n", false, 3, 9,
                       "Promise type 'files' not supported by 'common' bundle type");
    /* an empty section of a disallowed type is let through, as 3.21 */
    assert_check_ok("bundle edit_line el\n{\n  processes:\n}\n", false);
}
END_TEST

START_TEST(test_check_custom_promise_type)
{
    /* unknown type: a warning, not an error; known through a promise block:
     * nothing */
    unsigned n = 0;
    char *got = tu_check_text("bundle agent main\n{\n  mytype:\n    \"x\" a => \"b\";\n}\n", true, &n);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_nonnull(strstr(got, "test.cf:3:10: warning: Unknown promise type 'mytype'"));
    free(got);
    assert_check_ok("promise agent mytype { path => \"/x\"; }\nbundle agent main\n{\n  mytype:\n    \"x\" a => \"b\";\n}\n",
                    true);
}
END_TEST

START_TEST(test_check_promise_block)
{
    assert_check_error("promise common x { }\n", false, 1, 15, "Custom promises only supported for 'agent', not 'common'");
    assert_check_error("promise agent files { }\n", false, 1, 20, "'files' promises are built in and cannot be custom");
    assert_check_error("promise agent x { bogus => \"1\"; }\n", false, 1, 24, "Unknown attribute 'bogus' for 'promise agent x'");
    assert_check_error("promise agent x { meta => \"1\"; }\n", false, 1, 30,
                       "Attempted to give a scalar to a non-scalar type: meta is a list");
    assert_check_error("promise agent x { path => { \"1\" }; }\n", false, 1, 34,
                       "Attempted to give a list to a non-list type: path is a string");
}
END_TEST

START_TEST(test_check_control_attribute_outside_control)
{
    assert_check_error("body agent notcontrol\n{\n  maxconnections => \"1\";\n}\n", false, 3, 24,
                       "Constraint lvalue \"maxconnections\" is not allowed in 'agent' constraint body (only in 'body "
                       "agent control')");
    assert_check_ok("body agent notcontrol\n{\n  ifelapsed => \"1\";\n}\n", false);
}
END_TEST

START_TEST(test_check_vars_promises)
{
    ASSERT_PROMISE_ERROR("vars", "\"123\" string => \"x\"", 10,
                         "Variable promises cannot have a purely numerical name (promiser)");
    ASSERT_PROMISE_ERROR("vars", "\"a.b.c\" string => \"x\"", 12, "Variable promise is using an invalid name (promiser): 'a.b.c'");
    ASSERT_PROMISE_ERROR("vars", "\"this\" string => \"x\"", 11, "invalid name");
    ASSERT_PROMISE_ERROR("vars", "\"x\" string => \"a\", int => \"1\"", 27,
                         "Variable contains existing data type contstraint string, tried to redefine with int");
    ASSERT_PROMISE_OK("vars", "\"scope.name\" string => \"x\"");
    ASSERT_PROMISE_OK("vars", "\"a[b.c.d]\" string => \"x\"");
    ASSERT_PROMISE_OK("vars", "\"x\" string => \"a\", string => \"b\"");
    ASSERT_PROMISE_ERROR("classes", "\"42\" expression => \"any\"", 9,
                         "Classes promises cannot have a purely numerical name (promiser)");
}
END_TEST

START_TEST(test_check_usebundle_arity)
{
    assert_check_error("bundle agent main\n{\n  methods:\n    \"m\" usebundle => b(\"x\");\n}\nbundle agent b(p, q) { }\n",
                       true, 4, 18, "Conflicting arity in calling bundle b, expected 2 arguments, 1 given");
    assert_check_ok("bundle agent main\n{\n  methods:\n    \"m\" usebundle => b(\"x\", \"y\");\n}\nbundle agent b(p, q) { }\n",
                    true);
    assert_check_ok("bundle agent main\n{\n  methods:\n    \"m\" usebundle => $(n)(\"x\");\n}\nbundle agent b(p, q) { }\n",
                    true);
}
END_TEST

START_TEST(test_check_duplicate_handle)
{
    assert_check_error("bundle agent main\n{\n  reports:\n    \"a\" handle => \"h\";\n    \"b\" handle => \"h\";\n}\n", false,
                       5, 22, "Duplicate promise handle h found");
    assert_check_ok("bundle agent main\n{\n  reports:\n    linux::\n    \"a\" handle => \"h\";\n"
                    "    windows::\n    \"b\" handle => \"h\";\n}\n", false);
}
END_TEST

START_TEST(test_check_require_comments)
{
    assert_check_error("body common control { require_comments => \"true\"; }\nbundle agent main\n{\n  reports:\n"
                       "    \"a\";\n    \"b\" comment => \"why\";\n}\n",
                       false, 5, 8, "Promise is missing a comment attribute, and comments are required by policy");
}
END_TEST

START_TEST(test_check_every_error_reported)
{
    unsigned n = 0;
    char *got = tu_check_text("bundle agent main\n{\n  vars:\n    \"a\" string => { \"x\" };\n    \"b\" slist => \"y\";\n"
                              "  files:\n    \"/f\" colour => \"red\", perms => nope;\n}\n"
                              "bundle agent main { }\nbody perms p { rxdirs => \"maybe\"; }\n",
                              true, &n);
    ck_assert_msg(n == 6, "expected 6 errors, got %u:\n%s", n, got);
    const char *order[] = { "9:", "4:", "5:", "7:", "7:", "10:" }; /* duplicates first */
    const char *at = got;
    for (size_t i = 0; i < 6; i++) {
        char *want = xasprintf(TU_PATH ":%s", order[i]);
        ck_assert_msg((at = strstr(at, want)) != NULL, "expected %s in order in:\n%s", want, got);
        at++;
        free(want);
    }
    free(got);
}
END_TEST

/* ---- bundlesequence -------------------------------------------------------- */

START_TEST(test_check_bundlesequence_names)
{
    Policy *p = tu_parse_ok("bundle agent main { }\nbundle common c { }\n"
                            "body file control { namespace => \"lib\"; }\nbundle agent helper { }\n");
    Capture c;
    capture_init(&c);
    const char *ok[] = { "main", "c", "lib:helper", "default:main", NULL };
    ck_assert_uint_eq(policy_check_bundlesequence(p, ok, &c.diag), 0);
    ck_assert_str_eq(capture_text(&c), "");
    const char *bad[] = { "main", "missing", "helper", "other:main", "lib:main", NULL };
    ck_assert_uint_eq(policy_check_bundlesequence(p, bad, &c.diag), 4);
    ck_assert_str_eq(capture_text(&c),
                     "test.cf: error: Bundle 'missing' listed in the bundlesequence is not a defined bundle\n"
                     "test.cf: error: Bundle 'helper' listed in the bundlesequence is not a defined bundle\n"
                     "test.cf: error: Bundle 'other:main' listed in the bundlesequence is not a defined bundle\n"
                     "test.cf: error: Bundle 'lib:main' listed in the bundlesequence is not a defined bundle\n");
    const char *none[] = { NULL };
    ck_assert_uint_eq(policy_check_bundlesequence(p, none, &c.diag), 0);
    capture_free(&c);
    policy_free(p);
}
END_TEST

START_TEST(test_check_bundlesequence_namespace_prefix_exact)
{
    /* "li:helper" must not match namespace "lib" */
    Policy *p = tu_parse_ok("body file control { namespace => \"lib\"; }\nbundle agent helper { }\n");
    Capture c;
    capture_init(&c);
    const char *names[] = { "li:helper", "lib:helper", NULL };
    ck_assert_uint_eq(policy_check_bundlesequence(p, names, &c.diag), 1);
    ck_assert_ptr_nonnull(strstr(capture_text(&c), "'li:helper'"));
    capture_free(&c);
    policy_free(p);
}
END_TEST

START_TEST(test_check_load_follows_inputs)
{
    char *dir = tu_tempdir();
    char *main_cf = tu_write_file(dir, "main.cf", "body common control { inputs => { \"lib.cf\" }; }\n"
                                                  "bundle agent main\n{\n  files:\n    \"/x\" perms => p;\n}\n");
    char *lib_cf = tu_write_file(dir, "lib.cf", "body perms p { mode => \"600\"; }\n");
    Capture c;
    capture_init(&c);
    ck_assert_uint_eq(tu_load_check(main_cf, &c), 0);
    ck_assert_str_eq(capture_text(&c), "");
    capture_free(&c);
    /* without the library the reference is undefined */
    unlink(lib_cf);
    capture_init(&c);
    ck_assert_uint_eq(tu_load_check(main_cf, &c), 1);
    /* the message names the missing file and says why */
    ck_assert_ptr_nonnull(strstr(capture_text(&c), "lib.cf"));
    ck_assert_ptr_nonnull(strstr(capture_text(&c), "No such file or directory"));
    capture_free(&c);
    tu_rmtree(dir);
    free(main_cf);
    free(lib_cf);
    free(dir);
}
END_TEST

/* ---- check_value ------------------------------------------------------------- */

START_TEST(test_check_value_parse_int_suffixes)
{
    struct { const char *s; long long v; } ok[] = {
        { "0", 0 },          { "10", 10 },          { "-3", -3 },       { "+4", 4 },
        { "2k", 2000 },      { "2K", 2048 },        { "3m", 3000000 },  { "3M", 3145728 },
        { "1g", 1000000000 }, { "1G", 1073741824 },  { "50%", -50 },     { "inf", 999999999 },
        { " 7 ", 7 },        { "\t8k\t", 8000 },    { "-2k", -2000 },
        { "99999999999", 99999999999LL },
        /* 3.21 reads sscanf("%lld%c%s"): one more character is taken and,
         * unless it is a suffix, ignored */
        { "1x", 1 }, { "1T", 1 }, { "1 ", 1 }, { "5E", 5 },
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        long long v = -12345;
        ck_assert_msg(check_parse_int(ok[i].s, &v), "'%s' should parse", ok[i].s);
        ck_assert_msg(v == ok[i].v, "'%s': got %lld, expected %lld", ok[i].s, v, ok[i].v);
    }
    const char *bad[] = { "", " ", "k", "x1", "1 x", "1.5", "1kk", "1 k", "10%%", "infinity", "inf5", "- 1",
                          "99999999999999999999", "0x10", "1e3", "inf ", "1K5" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long long v;
        ck_assert_msg(!check_parse_int(bad[i], &v), "'%s' should not parse", bad[i]);
    }
}
END_TEST

/* A number times its suffix that does not fit a long long must not
 * overflow (undefined behaviour: it aborts under UBSan, and wraps to a
 * negative number otherwise, e.g. "9223372036854775807K" gives -1024, which
 * then passes the range -99999999999,99999999999). */
START_TEST(test_check_value_parse_int_overflow)
{
    const char *big[] = { "9223372036854775807K", "9007199254740993G", "9223372036854775807m" };
    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
        long long v = 0;
        if (check_parse_int(big[i], &v))
            ck_assert_msg(v > 0, "'%s' parsed to %lld", big[i], v);
    }
    long long v = 0;
    if (check_parse_int("-9223372036854775808%", &v))
        ck_assert_msg(v > 0, "'-9223372036854775808%%' parsed to %lld", v);
}
END_TEST

START_TEST(test_check_value_parse_int_now)
{
    long long v = 0;
    ck_assert(check_parse_int("now", &v));
    ck_assert_int_gt(v, 1600000000LL);
}
END_TEST

START_TEST(test_check_value_parse_real)
{
    struct { const char *s; double v; } ok[] = {
        { "0", 0 }, { "1.5", 1.5 }, { "-2", -2 }, { "1e3", 1000 }, { "2k", 2000 }, { "2K", 2048 },
        { "1m", 1e6 }, { "1M", 1048576 }, { "1g", 1e9 }, { "1G", 1073741824.0 },
        { ".5", 0.5 }, { " 2", 2 }, { "1x", 1 }, { "1e", 1 }, { "0x10", 16 },
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        double v = -1;
        ck_assert_msg(check_parse_real(ok[i].s, &v), "'%s' should parse", ok[i].s);
        ck_assert_msg(fabs(v - ok[i].v) <= 1e-9 * fabs(ok[i].v), "'%s': got %g, expected %g", ok[i].s, v, ok[i].v);
    }
    const char *bad[] = { "", "x", "1 x", "1kk", "1e999", "1.5.5", "inf", "-inf" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v;
        ck_assert_msg(!check_parse_real(bad[i], &v), "'%s' should not parse", bad[i]);
    }
    double nan_value = 0;
    ck_assert(check_parse_real("nan", &nan_value)); /* 3.21 takes it, and no range refuses it */
    ck_assert(isnan(nan_value));
}
END_TEST

/* 3.21 keeps percentages as negative numbers and takes only 0% to 100%
 * ("Percentage out of range"): `int => "150%"` and `int => "-5%"` are
 * rejected by cf-promises -c. */
START_TEST(test_check_value_parse_int_percent_range)
{
    long long v = 1;
    ck_assert(check_parse_int("0%", &v));
    ck_assert_int_eq(v, 0);
    ck_assert(check_parse_int("100%", &v));
    ck_assert_int_eq(v, -100);
    ck_assert_msg(!check_parse_int("150%", &v), "'150%%' parsed to %lld", v);
    ck_assert_msg(!check_parse_int("-5%", &v), "'-5%%' parsed to %lld", v);
    assert_check_ok("bundle agent main\n{\n  vars:\n    \"x\" int => \"100%\";\n}\n", false);
    assert_check_error("bundle agent main\n{\n  vars:\n    \"x\" int => \"150%\";\n}\n", false, 4, 22,
                       "Cannot parse value as integer");
}
END_TEST

/* Reals too: 3.21 reads "0.5%" as -0.5 (so `intermittency => "0.5%"`,
 * range 0,1, is rejected by cf-promises -c) and refuses "150%".
 * check_parse_real() returns +0.5 and takes 150%. */
START_TEST(test_check_value_parse_real_percent)
{
    double v = 1;
    ck_assert(check_parse_real("50%", &v));
    ck_assert_msg(v == -50.0, "'50%%' parsed to %g, expected -50", v);
    ck_assert(check_parse_real("0.5%", &v));
    ck_assert_msg(v == -0.5, "'0.5%%' parsed to %g, expected -0.5", v);
    ck_assert_msg(!check_parse_real("150%", &v), "'150%%' parsed to %g", v);
}
END_TEST

/* check_parse_int() takes blanks after a number; 3.21 does for reals too
 * (`intermittency => "0.5 "` is accepted by cf-promises -c), but
 * check_parse_real() refuses them. */
START_TEST(test_check_value_parse_real_trailing_blanks)
{
    double v = 0;
    ck_assert(check_parse_real("0.5 ", &v));
    ck_assert(v == 0.5);
    ck_assert(check_parse_real("2k  ", &v));
    ck_assert(v == 2000.0);
}
END_TEST

/* Permission strings as 3.21's ParseModeString takes them (each case
 * checked with cf-promises -c 3.21.0 on `mode => "..."`). */
START_TEST(test_check_mode_strings_as_321)
{
    const char *good[] = { "644", "0644", "000", "0000", "7777", "17777", "0177777", "u+rwx", "u=rw,go=r",
                           "a+x", "u+s", "o=t", "ug+rw,o-rwx", ",u+rw", "ugo+r", "u=rw,644", "644,u+x",
                           "000,u+r", "u=,g=r", "1000", "a+rwxst" };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        mode_t plus, minus;
        const char *why = NULL;
        ck_assert_msg(check_mode_string(good[i], &plus, &minus, &why), "'%s' refused: %s", good[i], why);
    }
    const char *bad[] = { "00", "0", "00000", "u+rw,", "u", "+r", "=", "=r", "u-", "rw", "u+X", "u+rwx ", "8",
                          "u=rwx,g", "u+r+w", "a=", "u=r,g=", "777777", "0777777", "u=g", "g=u+r", "u=rw,u", "" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mode_t plus, minus;
        const char *why = NULL;
        ck_assert_msg(!check_mode_string(bad[i], &plus, &minus, &why), "'%s' taken", bad[i]);
        ck_assert_ptr_nonnull(why);
    }
    mode_t plus, minus;
    const char *why;
    ck_assert(check_mode_string("u=rw,go-w", &plus, &minus, &why));
    ck_assert_uint_eq(plus, 0600);
    ck_assert_uint_eq(minus & 0777, 0122);
}
END_TEST

START_TEST(test_check_value_has_variable)
{
    ck_assert(check_has_variable("$(x)"));
    ck_assert(check_has_variable("a${x}b"));
    ck_assert(check_has_variable("@(l)"));
    ck_assert(check_has_variable("@{l}"));
    ck_assert(!check_has_variable(""));
    ck_assert(!check_has_variable("$x"));
    ck_assert(!check_has_variable("price $5"));
    ck_assert(!check_has_variable("user@host"));
    ck_assert(!check_has_variable("$"));
}
END_TEST

static Rval *str_rval(RvalKind kind, const char *s)
{
    SrcSpan span = { 0, 0 };
    return rval_new(kind, s, strlen(s), span);
}

START_TEST(test_check_classexpr_variable_references)
{
    /* 3.21's verdicts on if => "...", found with cf-promises. */
    const char *ok[] = { "$(x)", "${x}", "@(x)", "$(x.y)", "$(x:y)", "$(n:x.y)", "$(a:b:c)", "$(x[a])",
                         "$(x[a b])", "$(x[a.b])", "$(x[$(i)])", "$($(y))", "$(a$(b).c)", "$(x][)",
                         "$(x)$(", "a$(", "a$(x", "$(x)$(y", "$(x)$(.", "$(x)!", "a[b]", "a::b", NULL };
    const char *bad[] = { "$()", "$(x-y)", "$(x.)", "$(x.)a", "$(.x)", "$(x.y.z)", "$(x[a-b])", "$(a b)",
                          "$(x]a b)", "$(x[a]b c])", "${x)", "${a.b)", "$(x", "$(", "a.$(", "$(x)|$(",
                          "\\$(x)", "$x", "\xc3\xa9", NULL };
    for (size_t i = 0; ok[i]; i++)
        ck_assert_msg(classexpr_parse(ok[i], NULL, NULL, NULL, NULL), "'%s' refused", ok[i]);
    for (size_t i = 0; bad[i]; i++)
        ck_assert_msg(!classexpr_parse(bad[i], NULL, NULL, NULL, NULL), "'%s' taken", bad[i]);
}
END_TEST

START_TEST(test_check_value_naked_var)
{
    const char *yes[] = { "$(x)", "${x}", "@(l)", "@{l}", "$(x[a])", "$(a(b))", "$(a[$(i)])", "$(a/b)", "$()", NULL };
    const char *no[] = { "", "$(x)tr", "tr$(x)", "$(x)$(y)", "$(x", "${x)", "$(x[a)]", "$(x}", "$x", NULL };
    for (size_t i = 0; yes[i]; i++)
        ck_assert_msg(check_naked_var(yes[i]), "'%s' not naked", yes[i]);
    for (size_t i = 0; no[i]; i++)
        ck_assert_msg(!check_naked_var(no[i]), "'%s' naked", no[i]);
}
END_TEST

START_TEST(test_check_value_var_string)
{
    /* What 3.21's IsCf3VarString answers, found with cf-promises on int
     * values. */
    const char *yes[] = { "$(x)", "1$(x)", "@(x)", "$(x)}", "$(x)(", "a$(x)(", "$(x)$(a/b)", "$(a)/",
                          "$(x)$(", "$(a(b))", "(${x}", "$(x[a)]", "$(x}(y)", NULL };
    const char *no[] = { "", "x", "${x)", "$(x}", "$(a/b)", "$(a/b)$(x)", "((", "$x", NULL };
    bool broken;
    for (size_t i = 0; yes[i]; i++) {
        ck_assert_msg(check_var_string(yes[i], &broken), "'%s' has none", yes[i]);
        ck_assert(!broken);
    }
    for (size_t i = 0; no[i]; i++) {
        ck_assert_msg(!check_var_string(no[i], &broken), "'%s' has one", no[i]);
        ck_assert_msg(!broken, "'%s' broken", no[i]);
    }
    const char *open[] = { "$(x", "a$(x", "$(", "${x", NULL };
    for (size_t i = 0; open[i]; i++) {
        ck_assert(!check_var_string(open[i], &broken));
        ck_assert_msg(broken, "'%s' not broken", open[i]);
    }
    ck_assert(!check_var_string("$(x", NULL));
}
END_TEST

START_TEST(test_check_value_variable_exemptions)
{
    /* Which values with references 3.21 leaves to run time, per type. */
    Buf why = BUF_INIT;
    struct { SynType t; const char *range, *s; bool ok; } cases[] = {
        { SYN_INT, "0,10", "$(x)", true },
        { SYN_INT, "0,10", "1$(x)", true },
        { SYN_INT, "0,10", "$(a/b)", false },
        { SYN_INT, "0,10", "${x)", false },
        { SYN_INT, "0,10", "$(x", false },
        { SYN_REAL, "0,10", "$(a/b)", false },
        { SYN_OPTION, "true,false", "$(x)", true },
        { SYN_OPTION, "true,false", "$(a/b)", true },
        { SYN_OPTION, "true,false", "tr$(x)", false },
        { SYN_OPTION, "true,false", "$(x", false },
        { SYN_STRING, "[a-z]+", "$(a/b)", true },
        { SYN_STRING, "[a-z]+", "h$(x)", true },
        { SYN_STRING, "[a-z]+", "$(x}", false },
        { SYN_STRING, "[a-z]+", "$(x", false },
        { SYN_STRING, "", "$(x", true },
        { SYN_STRING, "[a-z$(]+", "$(x", true },
        { SYN_CONTEXT, "[a-z$()]+", "$(x)", true },
        { SYN_CONTEXT, "[a-z$()]+", "$(x)-", false },
        { SYN_CONTEXT, "[a-z$()]+", "$(x-y)", false },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Rval *r = str_rval(RVAL_STRING, cases[i].s);
        buf_clear(&why);
        bool ok = check_rval_type(NULL, cases[i].t, cases[i].range, r, &why) == NULL;
        ck_assert_msg(ok == cases[i].ok, "'%s' as %s: %s", cases[i].s, syntax_type_name(cases[i].t), buf_cstr(&why));
        rval_free(r);
    }
    Rval *r = str_rval(RVAL_STRING, "$(x");
    buf_clear(&why);
    check_rval_type(NULL, SYN_INT, "0,10", r, &why);
    ck_assert_str_eq(buf_cstr(&why), "Broken variable syntax or bracket mismatch in string: '$(x' leaves a reference open");
    rval_free(r);
    buf_free(&why);
}
END_TEST


START_TEST(test_check_value_rval_type)
{
    Buf why = BUF_INIT;
    Rval *s = str_rval(RVAL_STRING, "12");
    ck_assert_ptr_null(check_rval_type(NULL, SYN_INT, "0,20", s, &why));
    ck_assert_ptr_eq(check_rval_type(NULL, SYN_INT, "0,10", s, &why), s);
    ck_assert_str_eq(buf_cstr(&why), "Integer is out of range: '12' is not in 0,10");
    buf_clear(&why);
    ck_assert_ptr_eq(check_rval_type(NULL, SYN_SLIST, "", s, &why), s);
    ck_assert_ptr_null(check_rval_type(NULL, SYN_STRING, NULL, s, &why));
    ck_assert_ptr_null(check_rval_type(NULL, SYN_DATA, "", s, &why));
    ck_assert_ptr_null(check_rval_type(NULL, SYN_BODY, NULL, s, &why));
    buf_clear(&why);

    SrcSpan span = { 0, 0 };
    Rval *list = rval_new(RVAL_LIST, NULL, 0, span);
    vec_push(&list->items, str_rval(RVAL_STRING, "1"));
    Rval *bad = str_rval(RVAL_STRING, "x");
    vec_push(&list->items, bad);
    vec_push(&list->items, str_rval(RVAL_NAKEDVAR, "@(l)"));
    ck_assert_ptr_eq(check_rval_type(NULL, SYN_ILIST, "0,9", list, &why), bad); /* the item at fault */
    ck_assert_ptr_nonnull(strstr(buf_cstr(&why), "'x'"));
    buf_clear(&why);
    ck_assert_ptr_null(check_rval_type(NULL, SYN_SLIST, "", list, &why));
    ck_assert_ptr_eq(check_rval_type(NULL, SYN_STRING, "", list, &why), list);

    Rval *var = str_rval(RVAL_NAKEDVAR, "$(x)");
    ck_assert_ptr_null(check_rval_type(NULL, SYN_INT, "0,1", var, &why));
    Rval *fn = str_rval(RVAL_FNCALL, "nosuchfunction");
    ck_assert_ptr_null(check_rval_type(NULL, SYN_INT, "0,1", fn, &why)); /* unknown: another check */

    rval_free(s);
    rval_free(list);
    rval_free(var);
    rval_free(fn);
    buf_free(&why);
}
END_TEST

START_TEST(test_check_value_ranges)
{
    Buf why = BUF_INIT;
    struct { SynType t; const char *range; const char *value; bool ok; } cases[] = {
        { SYN_IRANGE, NULL, "1,5", true },      { SYN_IRANGE, NULL, "1", false },
        { SYN_IRANGE, NULL, "1,2,3", false },   { SYN_IRANGE, NULL, "a,b", false },
        { SYN_IRANGE, NULL, "0,inf", true },    { SYN_RRANGE, NULL, "0.5,1.5", true },
        { SYN_RRANGE, NULL, "x,1", false },     { SYN_INT, "-5,5", "-5", true },
        { SYN_INT, "-5,5", "-6", false },       { SYN_REAL, "0,1", "0.999", true },
        { SYN_REAL, "0,1", "1.001", false },    { SYN_OPTION, "a,b,c", "b", true },
        { SYN_OPTION, "a,b,c", "ab", false },   { SYN_OPTION, "a,b,c", "a,b", false },
        { SYN_STRING, "[0-9]+", "123", true },  { SYN_STRING, "[0-9]+", "12a", false },
        { SYN_STRING, "[0-9]+", "$(x)", true }, { SYN_STRING, "", "anything", true },
        { SYN_STRING, "(unclosed", "x", true }, /* a broken table regex accepts */
        { SYN_CONTEXT, "[a-z]+", "abc", true },  { SYN_CONTEXT, "[a-z]+", "ab c", false },
        { SYN_STRING, ".*", "", true },         { SYN_STRING, ".*", "a\nb", true },
        { SYN_STRING, ".+", "", false },        { SYN_STRING, ".+", "\n", true },
    };
    /* Without a cache, then twice through one: the regexes compiled the
     * first time (a broken one too) give the same answers the second. */
    CheckRegexCache cache = CHECK_REGEX_CACHE_INIT;
    for (int pass = 0; pass < 3; pass++) {
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            Rval *r = str_rval(RVAL_STRING, cases[i].value);
            buf_clear(&why);
            bool ok = check_rval_type(pass ? &cache : NULL, cases[i].t, cases[i].range, r, &why) == NULL;
            ck_assert_msg(ok == cases[i].ok, "pass %d, case %zu (%s in %s): expected %s, got %s (%s)", pass, i,
                          cases[i].value, cases[i].range ? cases[i].range : "-", cases[i].ok ? "ok" : "error",
                          ok ? "ok" : "error", buf_cstr(&why));
            if (!ok)
                ck_assert_uint_gt(why.len, 0);
            rval_free(r);
        }
    }
    ck_assert_uint_eq(cache.compiled.len, 3); /* [0-9]+, (unclosed, [a-z]+; not .* or .+ */
    check_regex_cache_free(&cache);
    buf_free(&why);
}
END_TEST

static Suite *check_suite(void)
{
    Suite *s = suite_create("check");
    TCase *tc;

    tc = tcase_create("attributes");
    tcase_add_test(tc, test_check_unknown_attribute_in_promise);
    tcase_add_test(tc, test_check_unknown_attribute_in_body);
    tcase_add_test(tc, test_check_legacy_promise_types);
    tcase_add_test(tc, test_check_empty_reference_promiser);
    tcase_add_test(tc, test_check_handles_bare_and_empty);
    tcase_add_test(tc, test_check_inherit_from_list);
    tcase_add_test(tc, test_check_global_attributes_everywhere);
    tcase_add_test(tc, test_check_type_mismatch_list_to_scalar);
    tcase_add_test(tc, test_check_type_mismatch_scalar_to_list);
    tcase_add_test(tc, test_check_body_reference_quoted);
    tcase_add_test(tc, test_check_int_parse_and_range);
    tcase_add_test(tc, test_check_real_parse_and_range);
    tcase_add_test(tc, test_check_option_menus);
    tcase_add_test(tc, test_check_regex_ranges);
    tcase_add_test(tc, test_check_context_range);
    tcase_add_test(tc, test_check_class_expressions_of_if);
    suite_add_tcase(s, tc);

    tc = tcase_create("functions");
    tcase_add_test(tc, test_check_function_return_type);
    tcase_add_test(tc, test_check_unknown_function);
    suite_add_tcase(s, tc);

    tc = tcase_create("blocks");
    tcase_add_test(tc, test_check_duplicate_bundle);
    tcase_add_test(tc, test_check_duplicate_body);
    tcase_add_test(tc, test_check_undefined_body);
    tcase_add_test(tc, test_check_unknown_bundle_type);
    tcase_add_test(tc, test_check_reserved_bundle_name);
    tcase_add_test(tc, test_check_promise_type_not_allowed);
    tcase_add_test(tc, test_check_custom_promise_type);
    tcase_add_test(tc, test_check_promise_block);
    tcase_add_test(tc, test_check_control_attribute_outside_control);
    tcase_add_test(tc, test_check_vars_promises);
    tcase_add_test(tc, test_check_usebundle_arity);
    tcase_add_test(tc, test_check_duplicate_handle);
    tcase_add_test(tc, test_check_require_comments);
    tcase_add_test(tc, test_check_every_error_reported);
    suite_add_tcase(s, tc);

    tc = tcase_create("bundlesequence");
    tcase_add_test(tc, test_check_bundlesequence_names);
    tcase_add_test(tc, test_check_bundlesequence_namespace_prefix_exact);
    tcase_add_test(tc, test_check_load_follows_inputs);
    suite_add_tcase(s, tc);

    tc = tcase_create("values");
    tcase_add_test(tc, test_check_value_parse_int_suffixes);
    tcase_add_test(tc, test_check_value_parse_int_overflow);
    tcase_add_test(tc, test_check_value_parse_int_now);
    tcase_add_test(tc, test_check_value_parse_real);
    tcase_add_test(tc, test_check_value_parse_int_percent_range);
    tcase_add_test(tc, test_check_value_parse_real_percent);
    tcase_add_test(tc, test_check_value_parse_real_trailing_blanks);
    tcase_add_test(tc, test_check_value_has_variable);
    tcase_add_test(tc, test_check_value_naked_var);
    tcase_add_test(tc, test_check_classexpr_variable_references);
    tcase_add_test(tc, test_check_value_var_string);
    tcase_add_test(tc, test_check_value_variable_exemptions);
    tcase_add_test(tc, test_check_mode_strings_as_321);
    tcase_add_test(tc, test_check_value_rval_type);
    tcase_add_test(tc, test_check_value_ranges);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(check_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
