/* check_value.c - the Check suite for value matching (src/policy/check_value.c):
 * numbers read as 3.21 reads them, permission strings, references, ranges. */
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
    tu_assert_check_ok("bundle agent main\n{\n  vars:\n    \"x\" int => \"100%\";\n}\n", false);
    tu_assert_check_error("bundle agent main\n{\n  vars:\n    \"x\" int => \"150%\";\n}\n", false, 4, 22,
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

static Rval *str_rval(Arena *a, RvalKind kind, const char *s)
{
    SrcSpan span = { 0, 0 };
    return rval_new(a, kind, s, strlen(s), span);
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
    Arena arena = ARENA_INIT;
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
        Rval *r = str_rval(&arena, RVAL_STRING, cases[i].s);
        buf_clear(&why);
        bool ok = check_rval_type(NULL, cases[i].t, cases[i].range, r, &why) == NULL;
        ck_assert_msg(ok == cases[i].ok, "'%s' as %s: %s", cases[i].s, syntax_type_name(cases[i].t), buf_cstr(&why));
    }
    Rval *r = str_rval(&arena, RVAL_STRING, "$(x");
    buf_clear(&why);
    check_rval_type(NULL, SYN_INT, "0,10", r, &why);
    ck_assert_str_eq(buf_cstr(&why), "Broken variable syntax or bracket mismatch in string: '$(x' leaves a reference open");
    arena_free(&arena);
    buf_free(&why);
}
END_TEST


START_TEST(test_check_value_rval_type)
{
    Arena arena = ARENA_INIT;
    Buf why = BUF_INIT;
    Rval *s = str_rval(&arena, RVAL_STRING, "12");
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
    Rval *list = rval_new(&arena, RVAL_LIST, NULL, 0, span);
    arena_vec_push(&arena, &list->items, str_rval(&arena, RVAL_STRING, "1"));
    Rval *bad = str_rval(&arena, RVAL_STRING, "x");
    arena_vec_push(&arena, &list->items, bad);
    arena_vec_push(&arena, &list->items, str_rval(&arena, RVAL_NAKEDVAR, "@(l)"));
    ck_assert_ptr_eq(check_rval_type(NULL, SYN_ILIST, "0,9", list, &why), bad); /* the item at fault */
    ck_assert_ptr_nonnull(strstr(buf_cstr(&why), "'x'"));
    buf_clear(&why);
    ck_assert_ptr_null(check_rval_type(NULL, SYN_SLIST, "", list, &why));
    ck_assert_ptr_eq(check_rval_type(NULL, SYN_STRING, "", list, &why), list);

    Rval *var = str_rval(&arena, RVAL_NAKEDVAR, "$(x)");
    ck_assert_ptr_null(check_rval_type(NULL, SYN_INT, "0,1", var, &why));
    Rval *fn = str_rval(&arena, RVAL_FNCALL, "nosuchfunction");
    ck_assert_ptr_null(check_rval_type(NULL, SYN_INT, "0,1", fn, &why)); /* unknown: another check */
    arena_free(&arena);
    buf_free(&why);
}
END_TEST

START_TEST(test_check_value_ranges)
{
    Arena arena = ARENA_INIT;
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
        /* "[...]+" ranges are matched without PCRE2, as it would: '$'
         * matches before a final line end; "[::]" is a POSIX class, and
         * "\\[-:" a range out of order, neither of which compiles */
        { SYN_STRING, "[0-9]+", "12\n", true }, { SYN_STRING, "[0-9]+", "1\n2", false },
        { SYN_STRING, "[a-zA-Z0-9_$(){}\\[\\].:]+", "a.b[c]:{d}", true },
        { SYN_STRING, "[a-zA-Z0-9_$(){}\\[\\].:]+", "a b", false },
        { SYN_STRING, "[a\\-z]+", "a-z", true }, { SYN_STRING, "[a\\-z]+", "b", false },
        { SYN_STRING, "[::]+", "x", true },      { SYN_STRING, "[\\[-:]+", "x", true },
    };
    /* Without a cache, then twice through one: the regexes compiled the
     * first time (a broken one too) give the same answers the second. */
    CheckRegexCache cache = CHECK_REGEX_CACHE_INIT;
    for (int pass = 0; pass < 3; pass++) {
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            Rval *r = str_rval(&arena, RVAL_STRING, cases[i].value);
            buf_clear(&why);
            bool ok = check_rval_type(pass ? &cache : NULL, cases[i].t, cases[i].range, r, &why) == NULL;
            ck_assert_msg(ok == cases[i].ok, "pass %d, case %zu (%s in %s): expected %s, got %s (%s)", pass, i,
                          cases[i].value, cases[i].range ? cases[i].range : "-", cases[i].ok ? "ok" : "error",
                          ok ? "ok" : "error", buf_cstr(&why));
            if (!ok)
                ck_assert_uint_gt(why.len, 0);
        }
    }
    /* (unclosed, [::]+ and [\[-:]+; not .*, .+ or the "[...]+" ranges */
    ck_assert_uint_eq(cache.compiled.len, 3);
    check_regex_cache_free(&cache);
    arena_free(&arena);
    buf_free(&why);
}
END_TEST

static Suite *value_suite(void)
{
    Suite *s = suite_create("check_value");
    TCase *tc;

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
    SRunner *sr = srunner_create(value_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
