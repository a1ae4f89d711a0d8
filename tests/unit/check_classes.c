/* check_classes.c - the Check suite for src/eval/classes: class sets,
 * canonify, and class expressions evaluated as 3.21's agent does. */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "eval/classes.h"

static ClassSet sample(void)
{
    ClassSet s = { .names = MAP_INIT, .hard = MAP_INIT, .local = MAP_INIT, .negated = MAP_INIT, .ns = NULL };
    classset_add_hard(&s, "any");
    classset_add_hard(&s, "linux");
    classset_add(&s, "default", "a");
    return s;
}

static int eval(const char *expr)
{
    ClassSet s = sample();
    int v = class_expr_eval(&s, expr, NULL);
    classset_free(&s);
    return v;
}

START_TEST(test_classes_operators_and_precedence)
{
    ck_assert_int_eq(eval("any"), 1);
    ck_assert_int_eq(eval("nosuch"), 0);
    ck_assert_int_eq(eval("!nosuch"), 1);
    ck_assert_int_eq(eval("linux.a"), 1);
    ck_assert_int_eq(eval("linux&nosuch"), 0);
    ck_assert_int_eq(eval("nosuch|a"), 1);
    ck_assert_int_eq(eval("nosuch||a"), 1);
    /* '.' binds tighter than '|' */
    ck_assert_int_eq(eval("any|nosuch.nosuch"), 1);
    ck_assert_int_eq(eval("(any|nosuch).nosuch"), 0);
    ck_assert_int_eq(eval("!(nosuch|a)"), 0);
    ck_assert_int_eq(eval("any.(!foo|bar)"), 1);
    ck_assert_int_eq(eval("default:a"), 1);
}
END_TEST

/* What 3.21's agent does with odd expressions (checked with cf-agent
 * 3.21.0 through `if`): text after a complete expression is ignored,
 * names separated by blanks and a doubled '!' are errors. */
START_TEST(test_classes_odd_expressions_as_321)
{
    ck_assert_int_eq(eval("any)"), 1);
    ck_assert_int_eq(eval("any junk"), -1);
    ck_assert_int_eq(eval("!any junk"), -1);
    ck_assert_int_eq(eval("!!any"), -1);
    ck_assert_int_eq(eval("any&"), -1);
    ck_assert_int_eq(eval("any&&!any"), -1);
    ck_assert_int_eq(eval("any | !any"), 1);
    ck_assert_int_eq(eval(""), -1);
    const char *why = NULL;
    ClassSet s = sample();
    ck_assert_int_eq(class_expr_eval(&s, "a b", &why), -1);
    ck_assert_ptr_nonnull(strstr(why, "whitespace"));
    classset_free(&s);
}
END_TEST

START_TEST(test_classes_deep_nesting_refused_not_crashed)
{
    Buf b = BUF_INIT;
    for (int i = 0; i < 100000; i++)
        buf_putc(&b, '(');
    buf_puts(&b, "any");
    ck_assert_int_eq(eval(buf_cstr(&b)), -1);
    buf_free(&b);
}
END_TEST

START_TEST(test_classes_canonify)
{
    char *c = canonify("a-b.c d/é");
    ck_assert_str_eq(c, "a_b_c_d___");
    free(c);
}
END_TEST

static Suite *classes_suite(void)
{
    Suite *s = suite_create("classes");
    TCase *tc = tcase_create("expressions");
    tcase_add_test(tc, test_classes_operators_and_precedence);
    tcase_add_test(tc, test_classes_odd_expressions_as_321);
    tcase_add_test(tc, test_classes_deep_nesting_refused_not_crashed);
    tcase_add_test(tc, test_classes_canonify);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(classes_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
