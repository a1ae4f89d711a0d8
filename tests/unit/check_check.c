/* check_check.c - the Check suite for the load-time checks
 * (src/policy/check.c); values, modes and references: check_value.c. */
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

/* A bundle wrapper: one promise of type `type` in an agent bundle. */
static char *agent_promise(const char *type, const char *promise)
{
    return xasprintf("bundle agent main\n{\n  %s:\n    %s;\n}\n", type, promise);
}

#define ASSERT_PROMISE_ERROR(type, promise, col, msg)                 \
    do {                                                              \
        char *t_ = agent_promise(type, promise);                      \
        tu_assert_check_error(t_, true, 4, col, msg);                    \
        free(t_);                                                     \
    } while (0)

#define ASSERT_PROMISE_OK(type, promise)                              \
    do {                                                              \
        char *t_ = agent_promise(type, promise);                      \
        tu_assert_check_ok(t_, true);                                    \
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
    tu_assert_check_error("bundle agent main\n{\n  topics:\n    \"p\";\n}\n", true, 3, 10,
                       "Promise type 'topics' not supported by 'agent' bundle type");
    tu_assert_check_ok("bundle knowledge k\n{\n  things:\n    \"x\" is_part_of => { \"y\" }, handle => \"h\";\n"
                    "  topics:\n    \"$()\" handle => \"h\";\n}\n", true);
    tu_assert_check_error("bundle common c\n{\n  outputs:\n    \"p\";\n}\n", true, 3, 11,
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
    tu_assert_check_ok("bundle agent main\n{\n  reports:\n    \"a\" handle => \"$(x)\";\n    \"b\" handle => \"$(x)\";\n}\n",
                    true);
}
END_TEST

START_TEST(test_check_inherit_from_list)
{
    tu_assert_check_ok("body action a\n{\n  inherit_from => { b, \"nosuch\" };\n}\nbody action b\n{\n}\n", true);
}
END_TEST

START_TEST(test_check_unknown_attribute_in_body)
{
    tu_assert_check_error("body perms p\n{\n  colour => \"644\";\n}\n", false, 3, 9,
                       "Unknown attribute 'colour' for 'body perms p'");
    tu_assert_check_error("body agent control\n{\n  bogus => \"1\";\n}\n", false, 3, 8,
                       "Unknown attribute 'bogus' for 'body agent control'");
    /* a body of a type 3.21 does not know is not looked into */
    tu_assert_check_ok("body nosuchtype x\n{\n  anything => \"1\";\n}\n", true);
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
    tu_assert_check_error("body perms p { mode => \"644\"; }\nbundle agent main\n{\n  files:\n    \"/tmp/x\" perms => \"p\";\n}\n",
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
        tu_assert_check_error(t, false, 3, 18 + (unsigned)strlen(bad[i].value), bad[i].msg);
        free(t);
    }
    const char *good[] = { "0", "99999999999", "60", "2k", "1K", "inf", "$(x)", "${x}k" };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char *t = xasprintf(fmt, good[i]);
        tu_assert_check_ok(t, false);
        free(t);
    }
    /* an unquoted number is a symbol, checked like a string */
    tu_assert_check_ok("body action a\n{\n  ifelapsed => 60;\n}\n", false);
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
    tu_assert_check_error("body perms p\n{\n  rxdirs => \"maybe\";\n}\n", false, 3, 20,
                       "Selection is out of bounds: 'maybe' is not one of true, false, yes, no, on, off");
    tu_assert_check_error("body perms p\n{\n  rxdirs => \"True\";\n}\n", false, 3, 19, "'True' is not one of");
    tu_assert_check_ok("body perms p\n{\n  rxdirs => \"yes\";\n}\n", false);
    tu_assert_check_ok("body perms p\n{\n  rxdirs => \"$(x)\";\n}\n", false);
    tu_assert_check_ok("body perms p\n{\n  rxdirs => \"\";\n}\n", false); /* empty: left alone */
    tu_assert_check_ok("body action a\n{\n  action_policy => \"warn\";\n}\n", false);
    /* olist: each item from the menu */
    tu_assert_check_error("body file_select s\n{\n  file_types => { \"plain\", \"pipe\" };\n  file_result => \"file_types\";\n}\n",
                       false, 3, 34, "'pipe' is not one of plain, reg, symlink");
    tu_assert_check_ok("body file_select s\n{\n  file_types => { \"plain\", \"dir\" };\n  file_result => \"file_types\";\n}\n",
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
    tu_assert_check_error("bundle agent main { }\nbundle agent main { }\n", false, 2, 18,
                       "Duplicate definition of bundle main with type agent");
    /* another type or another namespace is another bundle */
    tu_assert_check_ok("bundle agent main { }\nbundle common main { }\n", false);
    tu_assert_check_ok("bundle agent main { }\nbody file control { namespace => \"lib\"; }\nbundle agent main { }\n", false);
}
END_TEST

START_TEST(test_check_duplicate_body)
{
    tu_assert_check_error("body perms p { }\nbody perms p { }\n", false, 2, 13,
                       "Duplicate definition of body p with type perms");
    tu_assert_check_ok("body perms p { }\nbody action p { }\n", false);
    /* each file has its own body file control, and a promise block may be
     * given twice */
    tu_assert_check_ok("body file control { }\nbody file control { }\npromise agent x { }\npromise agent x { }\n", false);
}
END_TEST

START_TEST(test_check_undefined_body)
{
    const char *text = "bundle agent main\n{\n  files:\n    \"/tmp/x\" perms => nosuch;\n}\n";
    tu_assert_check_error(text, true, 4, 29, "Undefined body nosuch with type perms");
    tu_assert_check_ok(text, false); /* references are not resolved for a file alone */
    tu_assert_check_error("bundle agent main\n{\n  files:\n    \"/tmp/x\" perms => nosuch(\"a\");\n}\n", true, 4, 34,
                       "Undefined body nosuch with type perms");
    /* a body of the right name but another type does not count */
    tu_assert_check_error("body action p { }\nbundle agent main\n{\n  files:\n    \"/tmp/x\" perms => p;\n}\n", true, 5, 24,
                       "Undefined body p with type perms");
    /* a bare name finds the body in any namespace, as 3.21 */
    tu_assert_check_ok("bundle agent main\n{\n  files:\n    \"/tmp/x\" perms => p;\n}\n"
                    "body file control { namespace => \"lib\"; }\nbody perms p { }\n", true);
    tu_assert_check_ok("bundle agent main\n{\n  files:\n    \"/tmp/x\" perms => lib:p;\n}\n"
                    "body file control { namespace => \"lib\"; }\nbody perms p { }\n", true);
    tu_assert_check_error("bundle agent main\n{\n  files:\n    \"/tmp/x\" perms => other:p;\n}\n"
                       "body file control { namespace => \"lib\"; }\nbody perms p { }\n", true, 4, 30,
                       "Undefined body other:p with type perms");
    /* global attributes refer to bodies too */
    tu_assert_check_error("bundle agent main\n{\n  reports:\n    \"x\" action => nope;\n}\n", true, 4, 23,
                       "Undefined body nope with type action");
}
END_TEST

START_TEST(test_check_unknown_bundle_type)
{
    tu_assert_check_error("bundle wizard spells { }\n", false, 1, 14,
                       "Unknown bundle type 'wizard', expected agent, common, edit_line, edit_xml, monitor or server");
    tu_assert_check_ok("bundle knowledge k { vars: \"v\" string => \"x\"; }\n", false); /* legacy, as common */
}
END_TEST

START_TEST(test_check_reserved_bundle_name)
{
    tu_assert_check_error("bundle agent sys { }\n", false, 1, 17, "Use of a reserved container name as a bundle name \"sys\"");
}
END_TEST

START_TEST(test_check_promise_type_not_allowed)
{
    tu_assert_check_error("bundle edit_line el\n{\n  processes:\n    \"sshd\";\n}\n", false, 3, 13,
                       "Promise type 'processes' not supported by 'edit_line' bundle type");
    tu_assert_check_error("bundle common c\n{\n  files:\n    \"/x\";\n}\n", false, 3, 9,
                       "Promise type 'files' not supported by 'common' bundle type");
    /* an empty section of a disallowed type is let through, as 3.21 */
    tu_assert_check_ok("bundle edit_line el\n{\n  processes:\n}\n", false);
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
    tu_assert_check_ok("promise agent mytype { path => \"/x\"; }\nbundle agent main\n{\n  mytype:\n    \"x\" a => \"b\";\n}\n",
                    true);
}
END_TEST

START_TEST(test_check_promise_block)
{
    tu_assert_check_error("promise common x { }\n", false, 1, 15, "Custom promises only supported for 'agent', not 'common'");
    tu_assert_check_error("promise agent files { }\n", false, 1, 20, "'files' promises are built in and cannot be custom");
    tu_assert_check_error("promise agent x { bogus => \"1\"; }\n", false, 1, 24, "Unknown attribute 'bogus' for 'promise agent x'");
    tu_assert_check_error("promise agent x { meta => \"1\"; }\n", false, 1, 30,
                       "Attempted to give a scalar to a non-scalar type: meta is a list");
    tu_assert_check_error("promise agent x { path => { \"1\" }; }\n", false, 1, 34,
                       "Attempted to give a list to a non-list type: path is a string");
}
END_TEST

START_TEST(test_check_control_attribute_outside_control)
{
    tu_assert_check_error("body agent notcontrol\n{\n  maxconnections => \"1\";\n}\n", false, 3, 24,
                       "Constraint lvalue \"maxconnections\" is not allowed in 'agent' constraint body (only in 'body "
                       "agent control')");
    tu_assert_check_ok("body agent notcontrol\n{\n  ifelapsed => \"1\";\n}\n", false);
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
    tu_assert_check_error("bundle agent main\n{\n  methods:\n    \"m\" usebundle => b(\"x\");\n}\nbundle agent b(p, q) { }\n",
                       true, 4, 18, "Conflicting arity in calling bundle b, expected 2 arguments, 1 given");
    tu_assert_check_ok("bundle agent main\n{\n  methods:\n    \"m\" usebundle => b(\"x\", \"y\");\n}\nbundle agent b(p, q) { }\n",
                    true);
    tu_assert_check_ok("bundle agent main\n{\n  methods:\n    \"m\" usebundle => $(n)(\"x\");\n}\nbundle agent b(p, q) { }\n",
                    true);
}
END_TEST

START_TEST(test_check_duplicate_handle)
{
    tu_assert_check_error("bundle agent main\n{\n  reports:\n    \"a\" handle => \"h\";\n    \"b\" handle => \"h\";\n}\n", false,
                       5, 22, "Duplicate promise handle h found");
    tu_assert_check_ok("bundle agent main\n{\n  reports:\n    linux::\n    \"a\" handle => \"h\";\n"
                    "    windows::\n    \"b\" handle => \"h\";\n}\n", false);
}
END_TEST

START_TEST(test_check_require_comments)
{
    tu_assert_check_error("body common control { require_comments => \"true\"; }\nbundle agent main\n{\n  reports:\n"
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
