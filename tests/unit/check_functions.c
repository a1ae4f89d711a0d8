/* check_functions.c - the Check suite for the built-in functions
 * (src/eval/functions*.c), data containers (src/base/json.c,
 * src/eval/value.c) and mustache (src/eval/mustache.c).
 *
 * Expected values were recorded from CFEngine 3.21's cf-agent running the
 * same vars (see tests/fixtures/eval/fn_*.cf). */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/json.h"
#include "eval/eval.h"
#include "eval/mustache.h"
#include "eval/resolve.h"
#include "evalfixture.h"
#include "testutil.h"

#define NOW 1700000000

/* A policy evaluated: bundle main's vars (and classes) resolved. */
typedef struct {
    Policy *p;
    Capture c;
    EvalCtx *ctx;
} Ev;

static Ev *ev_new(const char *vars)
{
    Ev *e = xcalloc(1, sizeof *e);
    char *text = xasprintf("bundle agent main\n{\n  vars:\n%s\n}\n", vars);
    e->p = tu_parse_ok(text);
    free(text);
    capture_init(&e->c);
    EvalSystem sys = { .hostname = "testhost", .now = NOW };
    e->ctx = eval_new(e->p, &e->c.diag, &sys);
    const Bundle *b = e->p->bundles.items[0];
    resolve_bundle(e->ctx, b);
    resolve_bundle(e->ctx, b); /* 3.21 evaluates vars more than once */
    eval_enter(e->ctx, b, NULL);
    return e;
}

static void ev_free(Ev *e)
{
    eval_free(e->ctx);
    policy_free(e->p);
    capture_free(&e->c);
    free(e);
}

/* A value as text: a string as it is, a list as "a|b|c" in braces, data
 * as compact JSON; "<undef>" and "<unknown>". Owned. */
static char *show(Ev *e, const char *name)
{
    const Value *v = eval_lookup(e->ctx, name);
    if (!v)
        return xstrdup("<undef>");
    if (v->unknown)
        return xstrdup("<unknown>");
    if (v->type == VALUE_STRING)
        return xstrdup(v->str);
    if (v->type == VALUE_DATA)
        return json_to_string(v->data, false);
    Buf b = BUF_INIT;
    buf_putc(&b, '{');
    for (size_t i = 0; i < v->list.len; i++) {
        if (i)
            buf_putc(&b, '|');
        buf_puts(&b, v->list.items[i]);
    }
    buf_putc(&b, '}');
    return buf_steal(&b);
}

#define EXPECT(e, name, want)                                                                          \
    do {                                                                                               \
        char *got_ = show(e, name);                                                                    \
        ck_assert_msg(strcmp(got_, want) == 0, "%s: expected '%s', got '%s'\n%s", name, want, got_,    \
                      capture_text(&(e)->c));                                                          \
        free(got_);                                                                                    \
    } while (0)

/* One variable defined by one promise line. */
static void expect1(const char *promise, const char *want)
{
    char *vars = xasprintf("      \"x\" %s;", promise);
    Ev *e = ev_new(vars);
    EXPECT(e, "x", want);
    ev_free(e);
    free(vars);
}

/* ---- logic ---------------------------------------------------------------- */

START_TEST(test_functions_logic)
{
    expect1("string => ifelse(and(\"any\", not(\"!any\")), \"yes\", \"no\")", "yes");
    expect1("string => ifelse(or(\"!any\", \"nosuchclass\"), \"yes\", \"no\")", "no");
    expect1("string => ifelse(strcmp(\"a\", \"a\"), \"eq\", \"ne\")", "eq");
    expect1("string => ifelse(regcmp(\"a.c\", \"abc\"), \"m\", \"n\")", "m");
    expect1("string => ifelse(regcmp(\"b\", \"abc\"), \"m\", \"n\")", "n");
    expect1("string => ifelse(isgreaterthan(\"10\", \"9\"), \"gt\", \"le\")", "gt");
    expect1("string => ifelse(isgreaterthan(\"b\", \"a\"), \"gt\", \"le\")", "gt");
    expect1("string => ifelse(islessthan(\"10\", \"9\"), \"lt\", \"ge\")", "ge");
    expect1("string => ifelse(isgreaterthan(\"10\", \"9a\"), \"gt\", \"le\")", "gt");
    expect1("string => ifelse(\"!any\", \"a\", \"any\", \"b\", \"c\")", "b");
    expect1("string => ifelse(classmatch(\"any\"), \"y\", \"n\")", "y");
    expect1("string => ifelse(isvariable(\"nosuch\"), \"y\", \"n\")", "n");
}
END_TEST

START_TEST(test_functions_ifelse_even_is_fatal)
{
    Ev *e = ev_new("      \"x\" string => ifelse(\"any\", \"a\");");
    ck_assert(e->ctx->fatal);
    ck_assert_ptr_nonnull(strstr(capture_text(&e->c), "even number of arguments"));
    ev_free(e);
}
END_TEST

START_TEST(test_functions_matching)
{
    Ev *e = ev_new("      \"a\" string => \"1\";\n"
                   "      \"ab\" string => \"2\";\n"
                   "      \"v\" slist => variablesmatching(\"default:main\\.a.*\");\n"
                   "      \"b\" slist => bundlesmatching(\".*:ma.*\");\n"
                   "      \"c\" slist => classesmatching(\"an[y]\");\n"
                   "      \"t\" slist => variablesmatching(\".*\", \"inventory\");");
    EXPECT(e, "v", "{default:main.a|default:main.ab}");
    EXPECT(e, "b", "{default:main}");
    EXPECT(e, "c", "{any}");
    EXPECT(e, "t", "<unknown>"); /* tags: minicf keeps none */
    ev_free(e);
}
END_TEST

START_TEST(test_functions_variablesmatching_sees_sys_containers)
{
    /* the sys data containers are read on first reference; a function
     * that lists the variables must see them all the same, as 3.21 does
     * (sys.user_data: this process's password entry; sys.os_release) */
    Ev *e = ev_new("      \"v\" slist => variablesmatching(\"default:sys\\.(user_data|os_release)\");");
    EXPECT(e, "v", "{default:sys.os_release|default:sys.user_data}");
    ev_free(e);
}
END_TEST

/* Names are tried against the regex only when they start with its literal
 * prefix; these cases have no such prefix, or a shorter one than it seems
 * (a quantifier takes the letter before it, '|' starts another). */
START_TEST(test_functions_matching_literal_prefix)
{
    Ev *e = ev_new("      \"xa\" string => \"1\";\n"
                   "      \"xab\" string => \"2\";\n"
                   "      \"xb\" string => \"3\";\n"
                   "      \"p1\" slist => variablesmatching(\"default:main\\.xa.*\");\n"
                   "      \"p2\" slist => variablesmatching(\"default:mainx?.xab?\");\n"
                   "      \"p3\" slist => variablesmatching(\"nosuch|default:main.x[ab]\");\n"
                   "      \"p4\" slist => variablesmatching(\"default:mainz*.xa.*\");\n"
                   "      \"p5\" slist => variablesmatching(\"default:mai\");\n"
                   "      \"p6\" slist => variablesmatching(\"(?i)DEFAULT:MAIN.XB\");\n"
                   "      \"p7\" slist => variablesmatching(\"default:mainz{0}.xb\");");
    EXPECT(e, "p1", "{default:main.xa|default:main.xab}");
    EXPECT(e, "p2", "{default:main.xa|default:main.xab}");
    EXPECT(e, "p3", "{default:main.xa|default:main.xb}");
    EXPECT(e, "p4", "{default:main.xa|default:main.xab}");
    EXPECT(e, "p5", "{}");
    EXPECT(e, "p6", "{default:main.xb}");
    EXPECT(e, "p7", "{default:main.xb}");
    ev_free(e);
}
END_TEST

/* ---- strings ------------------------------------------------------------- */

START_TEST(test_functions_string)
{
    expect1("string => canonify(\"a-b c.d/e:1\")", "a_b_c_d_e_1");
    expect1("string => concat(\"a\", \"b\", \"\", \"c\")", "abc");
    expect1("string => concat()", "");
    expect1("string => escape(\"192.168.1.1\")", "192\\.168\\.1\\.1");
    expect1("string => escape(\"a b-c_d/e:f\")", "a\\ b\\-c\\_d\\/e\\:f");
    expect1("string => string_upcase(\"Hello World 1\")", "HELLO WORLD 1");
    expect1("string => string_downcase(\"Hello World 1\")", "hello world 1");
    expect1("int => string_length(\"hello\")", "5");
    expect1("int => string_length(\"\")", "0");
    expect1("string => string_head(\"abcdef\", \"3\")", "abc");
    expect1("string => string_head(\"abcdef\", \"-2\")", "abcd");
    expect1("string => string_head(\"abc\", \"10\")", "abc");
    expect1("string => string_tail(\"abcdef\", \"3\")", "def");
    expect1("string => string_tail(\"abcdef\", \"-2\")", "cdef");
    expect1("string => lastnode(\"/a/b/c\", \"/\")", "c");
    expect1("string => lastnode(\"abc\", \"/\")", "abc");
    expect1("string => lastnode(\"a/b/\", \"/\")", "");
    expect1("string => dirname(\"/a/b/c/\")", "/a/b");
    expect1("string => dirname(\"c\")", ".");
    expect1("string => dirname(\"/\")", "/");
    expect1("string => dirname(\"/a\")", "/");
    expect1("string => dirname(\"a/b//c\")", "a/b");
}
END_TEST

START_TEST(test_functions_format)
{
    expect1("string => format(\"%s-%d-%5s|%-5s|%x|%o|%03d\", \"x\", \"42\", \"ab\", \"cd\", \"255\", \"8\", \"7\")",
            "x-42-   ab|cd   |ff|10|007");
    expect1("string => format(\"%.3f %e %%\", \"3.14159\", \"1234.5\")", "3.142 (unhandled format) %");
    expect1("string => format(\"no args\")", "no args");
    expect1("string => format(\"%5.2s|\", \"abcdef\")", "   ab|");
    /* too few arguments: the call fails */
    expect1("string => format(\"%s and %s\", \"one\")", "<undef>");
    Ev *e = ev_new("      \"l\" slist => { \"a\", \"b\" };\n"
                   "      \"x\" string => format(\"%S\", l);");
    EXPECT(e, "x", "{ \"a\", \"b\" }");
    ev_free(e);
}
END_TEST

/* Recorded from cf-agent 3.21: where no piece starts at a '%' the rest is
 * dropped; h L q j z t fail the call; %d of a long is an int unless 'l';
 * %S wants a list or a container (an empty list is "{  }", only quotes
 * escaped). */
START_TEST(test_functions_format_edges)
{
    expect1("string => lastnode(\"\", \"/\")", "<undef>"); /* recorded from cf-agent 3.21 */
    expect1("string => format(\"[%5%]\")", "[");
    expect1("string => format(\"ab%\")", "ab");
    expect1("string => format(\"[%z]\", \"1\")", "[");
    expect1("string => format(\"a%%b%5.1f%%\", \"2.25\")", "a%b  2.2%");
    expect1("string => format(\"[%ld][%hd]\", \"5\", \"6\")", "<undef>");
    expect1("string => format(\"[%d][%x][%ld]\", \"4294967297\", \"-1\", \"4294967297\")",
            "[1][ffffffff][4294967297]");
    expect1("string => format(\"[%c][%u]\", \"65\", \"7\")", "[(unhandled format)][(unhandled format)]");
    expect1("string => format(\"[%S]\", \"plain\")", "<undef>");
    Ev *e = ev_new("      \"l\" slist => { \"a\\\\b\", \"c\\\"d\" };\n"
                   "      \"e\" slist => { };\n"
                   "      \"s\" string => \"str\";\n"
                   "      \"x\" string => format(\"%S\", l);\n"
                   "      \"y\" string => format(\"[%S]\", e);\n"
                   "      \"z\" string => format(\"[%S]\", s);\n"
                   "      \"w\" string => format(\"[%-12S]\", e);");
    EXPECT(e, "x", "{ \"a\\b\", \"c\\\"d\" }");
    EXPECT(e, "y", "[{  }]");
    EXPECT(e, "z", "<undef>");
    EXPECT(e, "w", "[{  }        ]");
    ev_free(e);
}
END_TEST

START_TEST(test_functions_string_split)
{
    expect1("slist => string_split(\"a,b,,c\", \",\", \"10\")", "{a|b||c}");
    expect1("slist => string_split(\"a1b22c333d\", \"[0-9]+\", \"3\")", "{a|b|c333d}");
    expect1("slist => string_split(\"\", \",\", \"5\")", "{}");
    expect1("slist => string_split(\"abc\", \"\", \"5\")", "{||||abc}");
    expect1("slist => splitstring(\"x:y:z\", \":\", \"2\")", "{x|y}");
    expect1("slist => string_split(\"a,b\", \",\", \"0\")", "<undef>");
}
END_TEST

START_TEST(test_functions_regextract)
{
    Ev *e = ev_new("      \"ok\" string => ifelse(regextract(\"(\\w+)-(\\d+)\", \"abc-123\", \"m\"), \"y\", \"n\");\n"
                   "      \"no\" string => ifelse(regextract(\"^(x)\", \"abc\", \"m2\"), \"y\", \"n\");");
    EXPECT(e, "ok", "y");
    EXPECT(e, "m[0]", "abc-123");
    EXPECT(e, "m[1]", "abc");
    EXPECT(e, "m[2]", "123");
    EXPECT(e, "no", "n");
    EXPECT(e, "m2[0]", "<undef>");
    ev_free(e);
    /* recorded from cf-agent 3.21: a group that took no part is "", a
     * named group is under its name only */
    e = ev_new("      \"a\" string => ifelse(regextract(\"x(y)?\", \"x\", \"m\"), \"y\", \"n\");\n"
               "      \"b\" string => ifelse(regextract(\"(?<w>[a-z]+)-(\\d+)\", \"foo-42\", \"k\"), \"y\", \"n\");\n"
               "      \"d\" data => data_regextract(\"(?<k>[a-z]+)=(\\d+)\", \"key=17 rest\");\n"
               "      \"f\" data => data_regextract(\"^x\", \"abc\");");
    EXPECT(e, "a", "y");
    EXPECT(e, "m[1]", "");
    EXPECT(e, "k[0]", "foo-42");
    EXPECT(e, "k[w]", "foo");
    EXPECT(e, "k[1]", "<undef>");
    EXPECT(e, "k[2]", "42");
    EXPECT(e, "d", "{\"0\":\"key=17\",\"2\":\"17\",\"k\":\"key\"}");
    EXPECT(e, "f", "<undef>");
    ev_free(e);
}
END_TEST

/* Not a function, but values: an unclosed reference, as cf-agent 3.21
 * expands it ("$()" and the rest after one more character). */
START_TEST(test_functions_expand_unclosed)
{
    Ev *e = ev_new("      \"i\" string => \"k1\";\n"
                   "      \"a\" string => \"x $(abc d\";\n"
                   "      \"b\" string => \"x ${i} ${ab\";\n"
                   "      \"c\" string => \"x $($(i) y\";\n"
                   "      \"d\" string => \"x $(i $(i) y\";");
    EXPECT(e, "a", "x $()bc d");
    EXPECT(e, "b", "x k1 ${}b");
    EXPECT(e, "c", "x $()(i) y");
    EXPECT(e, "d", "x $() k1 y");
    ev_free(e);
    /* a quoted "@(x)" in a list is the list x, as 3.21 takes it */
    e = ev_new("      \"l\" slist => { \"a\", \"b\" };\n"
               "      \"q\" slist => { \"x\", \"@(l)\", \"@{l}\", \"@(nosuch)\", \"@(l) \" };");
    EXPECT(e, "q", "{x|a|b|a|b|@(nosuch)|@(l) }");
    ev_free(e);
}
END_TEST

/* ---- lists --------------------------------------------------------------- */

/* Recorded from cf-agent 3.21: getvalues() of a string is a list of it,
 * of a null nothing; getindices() of a string is empty. */
START_TEST(test_functions_getvalues_scalar)
{
    Ev *e = ev_new("      \"s\" string => \"str\";\n"
                   "      \"a[x]\" string => \"ax\";\n"
                   "      \"d\" data => '{\"c\":\"s\",\"n\":null,\"i\":3}';\n"
                   "      \"v1\" slist => getvalues(s);\n"
                   "      \"v2\" slist => getvalues(\"a[x]\");\n"
                   "      \"v3\" slist => getvalues(\"d[c]\");\n"
                   "      \"v4\" slist => getvalues(\"d[n]\");\n"
                   "      \"v5\" slist => getvalues(\"d[i]\");\n"
                   "      \"i1\" slist => getindices(s);");
    EXPECT(e, "v1", "{str}");
    EXPECT(e, "v2", "{ax}");
    EXPECT(e, "v3", "{s}");
    EXPECT(e, "v4", "{}");
    EXPECT(e, "v5", "{3}");
    EXPECT(e, "i1", "{}");
    ev_free(e);
    /* an slist: no indices, its values */
    e = ev_new("      \"l\" slist => { \"p\", \"q\", \"p\" };\n"
               "      \"gi\" slist => getindices(l);\n"
               "      \"gv\" slist => getvalues(l);");
    EXPECT(e, "gi", "{}");
    EXPECT(e, "gv", "{p|q|p}");
    ev_free(e);
    /* type() of container elements; undefined with detail is "policy none" */
    e = ev_new("      \"d\" data => '{\"i\":1,\"n\":null,\"o\":{\"k\":[\"z\"]}}';\n"
               "      \"t1\" string => type(\"d[i]\", \"true\");\n"
               "      \"t2\" string => type(\"d[n]\", \"true\");\n"
               "      \"t3\" string => type(\"d[o][k][0]\", \"true\");\n"
               "      \"t4\" string => type(\"d[o][k]\");\n"
               "      \"t5\" string => type(\"d[x]\", \"true\");\n"
               "      \"t6\" string => type(nosuch);");
    EXPECT(e, "t1", "data int");
    EXPECT(e, "t2", "data null");
    EXPECT(e, "t3", "data string");
    EXPECT(e, "t4", "data");
    EXPECT(e, "t5", "policy none");
    EXPECT(e, "t6", "none");
    ev_free(e);
}
END_TEST

#define LIST_VARS                                                            \
    "      \"l\" slist => { \"b\", \"a\", \"c\", \"a\", \"10\", \"9\" };\n"  \
    "      \"e\" slist => { };\n"                                            \
    "      \"n\" slist => { \"3\", \"1.5\", \"-2\", \"10\" };\n"             \
    "      \"arr[x]\" string => \"1\";\n"                                    \
    "      \"arr[y]\" string => \"2\";\n"

START_TEST(test_functions_list)
{
    Ev *e = ev_new(LIST_VARS
                   "      \"j1\" string => join(\",\", l);\n"
                   "      \"j2\" string => join(\",\", \"@(l)\");\n"
                   "      \"j3\" string => join(\"\", e);\n"
                   "      \"j4\" string => join(\"-\", '[\"p\", 1, true]');\n"
                   "      \"j5\" string => join(\"+\", reverse(l));\n"
                   "      \"len2\" int => length(reverse(l));\n"
                   "      \"nth0\" string => nth(l, \"0\");\n"
                   "      \"nth5\" string => nth(\"l\", \"5\");\n"
                   "      \"len\" int => length(l);\n"
                   "      \"len0\" int => length(e);\n"
                   "      \"rev\" slist => reverse(l);\n"
                   "      \"uni\" slist => unique(l);\n"
                   "      \"f1\" slist => filter(\"a\", l, \"false\", \"false\", \"99\");\n"
                   "      \"f2\" slist => filter(\"[a-b]\", l, \"true\", \"false\", \"99\");\n"
                   "      \"f3\" slist => filter(\"[a-b]\", l, \"true\", \"true\", \"99\");\n"
                   "      \"f4\" slist => filter(\"a|b\", l, \"true\", \"false\", \"1\");\n"
                   "      \"g1\" slist => grep(\"[0-9]+\", l);\n"
                   "      \"gvl\" slist => getvalues(l);\n"
                   "      \"d1\" slist => difference(l, n);\n"
                   "      \"d2\" slist => difference(l, '[\"a\", \"c\"]');\n"
                   "      \"i1\" slist => intersection(l, '[\"c\", \"a\", \"z\"]');\n"
                   "      \"sum1\" real => sum(n);\n"
                   "      \"sum0\" real => sum(e);");
    EXPECT(e, "j1", "b,a,c,a,10,9");
    EXPECT(e, "j2", "b,a,c,a,10,9");
    EXPECT(e, "j3", "");
    EXPECT(e, "j4", "p-1-true");
    EXPECT(e, "j5", "9+10+a+c+a+b"); /* a nested call's list, as cf-agent 3.21 gives it */
    EXPECT(e, "len2", "6");
    EXPECT(e, "nth0", "b");
    EXPECT(e, "nth5", "9");
    EXPECT(e, "len", "6");
    EXPECT(e, "len0", "0");
    EXPECT(e, "rev", "{9|10|a|c|a|b}");
    EXPECT(e, "uni", "{b|a|c|10|9}");
    EXPECT(e, "f1", "{a|a}");
    EXPECT(e, "f2", "{b|a|a}");
    EXPECT(e, "f3", "{c|10|9}");
    EXPECT(e, "f4", "{b}");
    EXPECT(e, "g1", "{10|9}");
    EXPECT(e, "gvl", "{b|a|c|a|10|9}");
    EXPECT(e, "d1", "{b|a|c|9}");
    EXPECT(e, "d2", "{b|10|9}");
    EXPECT(e, "i1", "{a|c}");
    EXPECT(e, "sum1", "12.500000");
    EXPECT(e, "sum0", "0.000000");
    ev_free(e);
}
END_TEST

START_TEST(test_functions_sort)
{
    Ev *e = ev_new(LIST_VARS
                   "      \"s_lex\" slist => sort(l, \"lex\");\n"
                   "      \"s_int\" slist => sort(n, \"int\");\n"
                   "      \"s_real\" slist => sort(n, \"real\");\n"
                   "      \"s_def\" slist => sort(l);\n"
                   "      \"ips\" slist => { \"10.0.0.2\", \"9.1.1.1\", \"10.0.0.10\" };\n"
                   "      \"s_ip\" slist => sort(ips, \"IP\");");
    EXPECT(e, "s_lex", "{10|9|a|a|b|c}");
    EXPECT(e, "s_int", "{-2|1.5|3|10}");
    EXPECT(e, "s_real", "{-2|1.5|3|10}");
    EXPECT(e, "s_def", "{10|9|a|a|b|c}");
    EXPECT(e, "s_ip", "{9.1.1.1|10.0.0.2|10.0.0.10}");
    ev_free(e);
}
END_TEST

START_TEST(test_functions_arrays_and_maplist)
{
    Ev *e = ev_new(LIST_VARS
                   "      \"gi\" slist => sort(getindices(arr), \"lex\");\n"
                   "      \"gv\" slist => sort(getvalues(arr), \"lex\");\n"
                   "      \"m1\" slist => maplist(\"x$(this)y\", l);\n"
                   "      \"m2\" slist => maplist(\"$(this).$(this)\", '[\"p\", \"q\"]');\n"
                   "      \"m3\" slist => maplist(\"($(this))\", sort('[\"b\", \"a\"]', \"lex\"));\n"
                   "      \"ir\" string => irange(\"5\", \"1\");");
    EXPECT(e, "ir", "1,5");
    EXPECT(e, "gi", "{x|y}");
    EXPECT(e, "gv", "{1|2}");
    EXPECT(e, "m1", "{xby|xay|xcy|xay|x10y|x9y}");
    EXPECT(e, "m2", "{p.p|q.q}");
    EXPECT(e, "m3", "{(a)|(b)}");
    ev_free(e);
}
END_TEST

/* getindices() of a classic array lists its keys without making it a
 * container: the same keys, in the same order, as the container made of it
 * (nested "k][j" elements give k once, where k is first met). */
START_TEST(test_functions_getindices_array_as_container)
{
    Ev *e = ev_new("      \"a[x]\" string => \"1\";\n"
                   "      \"a[y][p]\" string => \"2\";\n"
                   "      \"a[y][q]\" string => \"3\";\n"
                   "      \"a[z]\" slist => { \"4\" };\n"
                   "      \"a[y]\" string => \"5\";\n"
                   "      \"gi\" slist => getindices(a);\n"
                   "      \"gc\" slist => getindices(mergedata(a));\n"
                   "      \"same\" string => ifelse(strcmp(join(\",\", gi), join(\",\", gc)), \"yes\", \"no\");\n"
                   "      \"n\" int => length(gi);");
    EXPECT(e, "same", "yes");
    EXPECT(e, "n", "3");
    ev_free(e);
}
END_TEST

START_TEST(test_functions_collecting_undefined_fails)
{
    expect1("string => join(\",\", nosuch)", "<undef>");
    expect1("int => length(\"nosuch\")", "<undef>");
    expect1("slist => getindices(\"nosuch\")", "{}");
}
END_TEST

START_TEST(test_functions_deferral)
{
    /* an argument that holds an undefined variable: the call waits */
    Ev *e = ev_new("      \"x\" string => concat(\"a\", \"$(later)\");\n"
                   "      \"y\" string => string_upcase(\"$(nosuch)\");");
    EXPECT(e, "x", "<undef>");
    EXPECT(e, "y", "<undef>");
    ev_free(e);
    /* defined later in the bundle: the second pass resolves it */
    e = ev_new("      \"x\" string => concat(\"a\", \"$(later)\");\n"
               "      \"later\" string => \"b\";");
    EXPECT(e, "x", "ab");
    ev_free(e);
}
END_TEST

/* ---- data ---------------------------------------------------------------- */

#define DATA_VARS                                                                                        \
    "      \"d\" data => parsejson('{\"b\": [1, 2.5, \"x\", true, null], \"a\": \"s\", \"c\": {\"z\": 1, " \
    "\"y\": {}}, \"e\": [], \"n\": -7}');\n"

START_TEST(test_functions_data)
{
    Ev *e = ev_new(DATA_VARS
                   "      \"s\" string => storejson(d);\n"
                   "      \"i\" slist => getindices(d);\n"
                   "      \"ib\" slist => getindices(\"d[b]\");\n"
                   "      \"v\" slist => getvalues(d);\n"
                   "      \"vc\" slist => getvalues(\"d[c]\");\n"
                   "      \"len\" int => length(d);\n"
                   "      \"lenb\" int => length(\"d[b]\");\n"
                   "      \"na\" string => nth(d, \"a\");\n"
                   "      \"nb\" string => nth(\"d[b]\", \"2\");\n"
                   "      \"lit\" data => '{\"k\": [\"v1\", \"v2\"]}';\n"
                   "      \"copy\" data => @(lit);\n"
                   "      \"arr[x]\" data => '{\"k\": \"v\"}';\n"
                   "      \"l\" slist => { \"a\", \"b\" };\n"
                   "      \"fromlist\" data => @(l);\n"
                   "      \"notjson\" data => \"abc\";");
    EXPECT(e, "s", "{\n  \"a\": \"s\",\n  \"b\": [\n    1,\n    2.5000,\n    \"x\",\n    true,\n    null\n  ],\n"
                   "  \"c\": {\n    \"y\": {\n    },\n    \"z\": 1\n  },\n  \"e\": [],\n  \"n\": -7\n}");
    EXPECT(e, "i", "{b|a|c|e|n}"); /* insertion order, until format("%S") sorts it */
    EXPECT(e, "ib", "{0|1|2|3|4}");
    EXPECT(e, "v", "{1|2.50|x|true|s|1|-7}");
    EXPECT(e, "vc", "{1}");
    EXPECT(e, "len", "5");
    EXPECT(e, "lenb", "5");
    EXPECT(e, "na", "s");
    EXPECT(e, "nb", "x");
    EXPECT(e, "d[a]", "s");
    EXPECT(e, "d[b][1]", "2.50");
    EXPECT(e, "d[c][z]", "1");
    EXPECT(e, "d[n]", "-7");
    EXPECT(e, "d[nosuch]", "<undef>");
    EXPECT(e, "lit[k][0]", "v1");
    EXPECT(e, "copy[k][1]", "v2");
    EXPECT(e, "arr[x]", "<undef>"); /* 3.21: no container in an indexed name */
    EXPECT(e, "fromlist", "[\"a\",\"b\"]");
    EXPECT(e, "notjson", "<undef>");
    ev_free(e);
}
END_TEST

START_TEST(test_functions_data_format_sorts_in_place)
{
    Ev *e = ev_new("      \"d\" data => parsejson('{\"b\": 1, \"a\": 2}');\n"
                   "      \"f\" string => format(\"%S\", d);\n"
                   "      \"i\" slist => getindices(d);");
    EXPECT(e, "f", "{\"a\":2,\"b\":1}");
    EXPECT(e, "i", "{a|b}");
    ev_free(e);
}
END_TEST

START_TEST(test_functions_mergedata)
{
    Ev *e = ev_new(DATA_VARS
                   "      \"m\" data => mergedata(d, '{\"a\": \"over\", \"new\": 1}');\n"
                   "      \"ma\" data => mergedata('[1, 2]', '[3]');\n"
                   "      \"l\" slist => { \"p\", \"q\" };\n"
                   "      \"ml\" data => mergedata(l);\n"
                   "      \"x\" string => \"X\";\n"
                   "      \"de\" data => data_expand('{\"key $(x)\": \"val $(x)\"}');");
    EXPECT(e, "m", "{\"a\":\"over\",\"b\":[1,2.5000,\"x\",true,null],\"c\":{\"y\":{},\"z\":1},\"e\":[],\"n\":-7,"
                   "\"new\":1}");
    EXPECT(e, "ma", "[1,2,3]");
    EXPECT(e, "ml", "[\"p\",\"q\"]");
    EXPECT(e, "de", "{\"key X\":\"val X\"}");
    ev_free(e);
}
END_TEST

START_TEST(test_functions_parsejson_errors)
{
    expect1("data => parsejson('{\"a\": }')", "<undef>");
    expect1("data => parsejson('[1, 2')", "<undef>");
    expect1("data => parsejson('[1] x')", "[1]"); /* 3.21 ignores what follows */
    expect1("data => parsejson('\"str\"')", "<undef>"); /* not a container */
    /* integers are 3.21's ints */
    expect1("data => parsejson('[100000000000000]')", "[276447232]");
    expect1("data => parsejson('{\"s\": \"a\\\\tb\"}')", "{\"s\":\"a\\tb\"}");
}
END_TEST

START_TEST(test_functions_mustache)
{
    Ev *e = ev_new(DATA_VARS "      \"mu\" string => string_mustache(\"a={{a}} {{#b}}<{{.}}>{{/b}} {{c.z}}\", d);\n"
                             "      \"h\" string => string_mustache(\"{{x}}|{{{x}}}|{{^no}}none{{/no}}\", "
                             "'{\"x\": \"<&>\"}');\n"
                             "      \"sa\" string => string_mustache(\"{{#l}}\n- {{.}}\n{{/l}}\n\", "
                             "'{\"l\": [1, 2]}');");
    EXPECT(e, "mu", "a=s <1><2.50><x><true><> 1");
    EXPECT(e, "h", "&lt;&amp;&gt;|<&>|none");
    EXPECT(e, "sa", "- 1\n- 2\n");
    ev_free(e);
}
END_TEST

/* Recorded from cf-agent 3.21: a section on an object renders once with
 * the object as the context, unless {{@}} comes before any nested
 * section; {{@}} outside an iteration fails; -top- is the whole data. */
START_TEST(test_functions_mustache_objects)
{
    Ev *e = ev_new("      \"d\" data => '{\"s\":{\"a\":\"1\",\"b\":\"2\"},\"o\":{\"p\":{\"q\":\"deep\"}},\"t\":\"T\"}';\n"
                   "      \"once\" string => string_mustache(\"{{#s}}[{{a}}{{t}}]{{/s}}\", d);\n"
                   "      \"each\" string => string_mustache(\"{{#s}}[{{.}}{{@}}{{a}}]{{/s}}\", d);\n"
                   "      \"nested\" string => string_mustache(\"{{#o}}{{#p}}{{q}}{{/p}}{{/o}}|{{#o.p}}{{q}}{{/o.p}}\", d);\n"
                   "      \"late\" string => string_mustache(\"{{#s}}{{^z}}{{/z}}{{@}}{{/s}}\", d);\n"
                   "      \"top\" string => string_mustache(\"{{$-top-}}|{{%t}}\", d);");
    EXPECT(e, "once", "[1T]");
    EXPECT(e, "each", "[1a1][2b1]");
    EXPECT(e, "nested", "deep|deep");
    EXPECT(e, "late", "<undef>");
    EXPECT(e, "top", "{\"o\":{\"p\":{\"q\":\"deep\"}},\"s\":{\"a\":\"1\",\"b\":\"2\"},\"t\":\"T\"}|T");
    ev_free(e);
}
END_TEST

/* ---- files and system ---------------------------------------------------- */

START_TEST(test_functions_files)
{
    char *dir = tu_tempdir();
    char *f = tu_write_file(dir, "list.txt", "# comment\none\ntwo # trailing\n\nthree\n");
    char *a = tu_write_file(dir, "arr.txt", "k1:a:b\nk2:c\n");
    char *j = tu_write_file(dir, "d.json", "{\"x\": [1, 2]}");
    char *vars = xasprintf("      \"ex\" string => ifelse(fileexists(\"%s\"), \"y\", \"n\");\n"
                           "      \"nx\" string => ifelse(fileexists(\"%s/nosuch\"), \"y\", \"n\");\n"
                           "      \"dir\" string => ifelse(isdir(\"%s\"), \"y\", \"n\");\n"
                           "      \"exe\" string => ifelse(isexecutable(\"/bin/sh\"), \"y\", \"n\");\n"
                           "      \"rf\" string => readfile(\"%s\", \"9\");\n"
                           "      \"rl\" slist => readstringlist(\"%s\", \"#[^\\n]*\", \"\\s*\\n\\s*\", \"10\", \"1000\");\n"
                           "      \"n\" int => readstringarray(\"ra\", \"%s\", \"\", \":\", \"10\", \"1000\");\n"
                           "      \"ni\" int => readstringarrayidx(\"ri\", \"%s\", \"\", \":\", \"10\", \"1000\");\n"
                           "      \"rj\" data => readjson(\"%s\", \"1000\");\n"
                           "      \"rai\" slist => sort(getindices(\"ra\"), \"lex\");\n"
                           "      \"rav\" slist => sort(getvalues(\"ra[k1]\"), \"lex\");\n"
                           "      \"missing\" string => readfile(\"%s/nosuch\", \"10\");",
                           f, dir, dir, f, f, a, a, j, dir);
    Ev *e = ev_new(vars);
    EXPECT(e, "ex", "y");
    EXPECT(e, "nx", "n");
    EXPECT(e, "dir", "y");
    EXPECT(e, "exe", "y");
    EXPECT(e, "rf", "# comment");
    EXPECT(e, "rl", "{one|two|three}");
    EXPECT(e, "n", "2");
    EXPECT(e, "ra[k1][1]", "a");
    EXPECT(e, "ra[k1][2]", "b");
    EXPECT(e, "ra[k2][0]", "k2");
    EXPECT(e, "ni", "2");
    EXPECT(e, "ri[1][1]", "c");
    EXPECT(e, "rj", "{\"x\":[1,2]}");
    EXPECT(e, "rai", "{k1|k2}");
    EXPECT(e, "rav", "{a|b|k1}");
    EXPECT(e, "missing", "<undef>");
    ev_free(e);
    free(vars);
    free(f);
    free(a);
    free(j);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(test_functions_exec)
{
    Ev *e = ev_new("      \"sh\" string => execresult(\"echo a; echo b >&2\", \"useshell\");\n"
                   "      \"out\" string => execresult(\"echo a; echo b >&2\", \"useshell\", \"stdout\");\n"
                   "      \"ns\" string => execresult(\"/bin/echo 'x  y' z\", \"noshell\");\n"
                   "      \"rel\" string => execresult(\"echo x\", \"noshell\");\n"
                   "      \"env\" string => execresult(\"echo $HOME\", \"useshell\");\n"
                   "      \"ws\" string => execresult(\"printf '  a  \\n\\n'\", \"useshell\");\n"
                   "      \"z\" string => ifelse(returnszero(\"/bin/true\", \"noshell\"), \"y\", \"n\");\n"
                   "      \"nz\" string => ifelse(returnszero(\"exit 3\", \"useshell\"), \"y\", \"n\");\n"
                   "      \"nx\" string => execresult(\"/nonexistent/cmd\", \"noshell\");\n"
                   "      \"st\" string => execresult(\"echo x; exit 127\", \"useshell\");\n"
                   "      \"zr\" string => ifelse(returnszero(\"true\", \"noshell\"), \"y\", \"n\");\n"
                   "      \"zx\" string => ifelse(returnszero(\"/nonexistent/cmd\", \"noshell\"), \"y\", \"n\");");
    EXPECT(e, "sh", "a\nb");
    EXPECT(e, "out", "a\nb"); /* 3.21 ignores stdout/stderr */
    EXPECT(e, "ns", "x  y z");
    EXPECT(e, "rel", "<undef>");
    EXPECT(e, "env", ""); /* the clean environment has no HOME */
    EXPECT(e, "ws", "  a");
    EXPECT(e, "z", "y");
    EXPECT(e, "nz", "n");
    EXPECT(e, "nx", "!any"); /* 3.21's quirk: the "false" of a context function */
    EXPECT(e, "st", "x");    /* the exit status does not matter */
    EXPECT(e, "zr", "n");    /* not an absolute path: false */
    EXPECT(e, "zx", "n");
    ev_free(e);
}
END_TEST

START_TEST(test_functions_exec_leaks_no_fd)
{
    /* a descriptor of the test's own, without O_CLOEXEC, must not reach
     * the command: it sees 0, 1, 2 and the one ls opens */
    int fd = open("/dev/null", O_RDONLY);
    ck_assert_int_ge(fd, 0);
    expect1("string => execresult(\"/bin/ls /proc/self/fd\", \"noshell\")", "0\n1\n2\n3");
    close(fd);
}
END_TEST

START_TEST(test_functions_exec_is_cached)
{
    /* 3.21 runs a cached function once per arguments: the second pass
     * (and the second promise) reuse the first result */
    char *dir = tu_tempdir();
    char *vars = xasprintf("      \"a\" string => execresult(\"echo x >> %s/runs; wc -l < %s/runs\", \"useshell\");\n"
                           "      \"b\" string => execresult(\"echo x >> %s/runs; wc -l < %s/runs\", \"useshell\");",
                           dir, dir, dir, dir);
    Ev *e = ev_new(vars);
    EXPECT(e, "a", "1");
    EXPECT(e, "b", "1");
    ev_free(e);
    free(vars);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(test_functions_time)
{
    expect1("int => now()", "1700000000");
    expect1("int => accumulated(\"0\", \"0\", \"1\", \"1\", \"1\", \"1\")", "90061");
    expect1("int => accumulated(\"1\", \"1\", \"0\", \"0\", \"0\", \"0\")", "34128000");
    expect1("int => ago(\"0\", \"0\", \"0\", \"0\", \"1\", \"40\")", "1699999900");
}
END_TEST

START_TEST(test_functions_getenv)
{
    setenv("MINICF_TEST_VAR", "hello", 1);
    expect1("string => getenv(\"MINICF_TEST_VAR\", \"3\")", "hel");
    expect1("string => getenv(\"MINICF_TEST_VAR\", \"100\")", "hello");
    expect1("string => getenv(\"MINICF_NO_SUCH_VAR\", \"10\")", "");
}
END_TEST

START_TEST(test_functions_json_writer)
{
    Json *j = json_parse(" {\"z\": [], \"a\": {}, \"m\": [{}, -0.5]} ", NULL);
    ck_assert_ptr_nonnull(j);
    char *pretty = json_to_string(j, true);
    ck_assert_str_eq(pretty, "{\n  \"a\": {\n  },\n  \"m\": [\n    {\n    },\n    -0.5000\n  ],\n  \"z\": []\n}");
    char *compact = json_to_string(j, false);
    ck_assert_str_eq(compact, "{\"a\":{},\"m\":[{},-0.5000],\"z\":[]}");
    ck_assert_str_eq((const char *)j->keys.items[0], "z"); /* kept in insertion order */
    Json *c = json_copy(j);
    ck_assert(json_equal(j, c));
    json_object_set(c, "z", json_int(1));
    ck_assert(!json_equal(j, c));
    json_free(c);
    free(pretty);
    free(compact);
    json_free(j);
    const char *error = NULL;
    ck_assert_ptr_null(json_parse("1e3", &error));
    ck_assert_str_eq(error, JSON_ERROR_INT_EXPONENT);
    Json *r = json_parse("[1.5e3, 2.0E-1, -0]", NULL);
    char *rs = json_to_string(r, false);
    ck_assert_str_eq(rs, "[1500.0000,0.2000,0]");
    free(rs);
    json_free(r);
    ck_assert_ptr_null(json_parse("", NULL));
}
END_TEST

/* Recorded from cf-agent 3.21 (fn_json_escapes): string values are
 * decoded twice, keys once; keys are written back unescaped. */
START_TEST(test_functions_json_escapes)
{
    Json *j = json_parse("{\"k\\\\n\": [\"a\\\\b\", \"a\\\\\\\\b\", \"x\\\\y\", \"s\\\\/s\", \"\\u0041\", \"t\\n\"]}", NULL);
    ck_assert_ptr_nonnull(j);
    const char *key;
    const Json *arr = json_at(j, 0, &key);
    ck_assert_str_eq(key, "k\\n");
    ck_assert_str_eq(json_at(arr, 0, NULL)->s, "a\b");
    ck_assert_str_eq(json_at(arr, 1, NULL)->s, "a\\b");
    ck_assert_str_eq(json_at(arr, 2, NULL)->s, "x\\y");
    ck_assert_str_eq(json_at(arr, 3, NULL)->s, "s\\/s");
    ck_assert_str_eq(json_at(arr, 4, NULL)->s, "\\u0041");
    ck_assert_str_eq(json_at(arr, 5, NULL)->s, "t\n");
    char *out = json_to_string(j, false);
    ck_assert_str_eq(out, "{\"k\\n\":[\"a\\b\",\"a\\\\b\",\"x\\\\y\",\"s\\\\/s\",\"\\\\u0041\",\"t\\n\"]}");
    free(out);
    json_free(j);
}
END_TEST



/* A call whose arguments are wrong is fatal, as 3.21 exits on it. */
static void expect_fatal(const char *promise, const char *msg)
{
    char *vars = xasprintf("      \"x\" %s;", promise);
    Ev *e = ev_new(vars);
    ck_assert_msg(e->ctx->fatal, "%s: expected a fatal error", promise);
    ck_assert_msg(strstr(capture_text(&e->c), msg) != NULL, "%s: expected '%s' in:\n%s", promise, msg,
                  capture_text(&e->c));
    ev_free(e);
    free(vars);
}

START_TEST(test_functions_wrong_arguments)
{
    expect_fatal("int => string_length()", "Arguments to function 'string_length' do not tally");
    expect_fatal("string => string_head(\"abc\", \"1\", \"2\")", "do not tally");
    expect_fatal("string => string_head(\"abc\", \"x\")", "In function 'string_head', error in variable 'x'");
    expect_fatal("slist => filter(\"a\", l, \"maybe\", \"false\", \"1\")", "In function 'filter'");
    expect_fatal("string => execresult(\"/bin/true\")", "Must specify 'noshell', 'useshell'");
    expect_fatal("slist => sort()", "missing first argument");
    expect_fatal("string => ifelse(\"any\", \"a\")", "even number of arguments");
    expect_fatal("data => parsejson('[1e3]')", "Conversion error");
    expect_fatal("string => eval()", "missing first argument, an evaluation input");
    expect_fatal("string => execresult(\"/bin/true\", \"noshell\", \"both\", \"x\")", "Maximum 3 allowed");
    expect_fatal("slist => expandrange(\"a[1-3]\", \"0\")", "Step size cannot be less than 1");
    expect_fatal("slist => expandrange(\"a[1-3]\", \"3\")", "or greater than the interval");
    expect_fatal("string => cf_version_after(\"a\")", "returns type 'context'");
}
END_TEST

START_TEST(test_functions_versions_and_expandrange)
{
    /* 3.21 reads versions as far as both go: "3.21-1" and "3.x" are at 3.21.0 */
    expect1("string => ifelse(cf_version_at(\"3.21-1\"), \"y\", \"n\")", "y");
    expect1("string => ifelse(cf_version_at(\"3.x\"), \"y\", \"n\")", "y");
    expect1("string => ifelse(cf_version_after(\"3.20.99\"), \"y\", \"n\")", "y");
    expect1("string => ifelse(cf_version_before(\"3.21.1\"), \"y\", \"n\")", "y");
    expect1("string => ifelse(cf_version_between(\"3.21\", \"3.21.0\"), \"y\", \"n\")", "y");
    expect1("string => ifelse(cf_version_minimum(\"-3\"), \"y\", \"n\")", "y");
    expect1("slist => expandrange(\"[10-1]x\", \"3\")", "{10x|7x|4x|1x}");
    expect1("slist => expandrange(\"h[1-3].e[4-5]\", \"1\")", "{h1.e[4-5]|h2.e[4-5]|h3.e[4-5]}");
}
END_TEST

START_TEST(test_functions_unimplemented_is_unknown)
{
    /* a built-in minicf does not implement: 3.21 would know, minicf cannot */
    expect1("string => hash(\"abc\", \"md5\")", "<unknown>");
    /* what is built from an unknown value is unknown too */
    Ev *e = ev_new("      \"h\" string => hash(\"abc\", \"md5\");\n"
                   "      \"u\" string => string_upcase(\"$(h)\");");
    EXPECT(e, "u", "<unknown>");
    ev_free(e);
}
END_TEST

START_TEST(test_functions_list_names)
{
    Ev *e = ev_new("      \"l\" slist => { \"a\", \"b\" };\n"
                   "      \"j1\" string => join(\",\", \"main.l\");\n"
                   "      \"j2\" string => join(\",\", \"default:main.l\");\n"
                   "      \"j3\" string => join(\",\", \"@(main.l)\");\n"
                   "      \"j4\" string => join(\",\", sort(\"l\", \"lex\"));\n"
                   "      \"n\" int => length(\"main.l\");");
    EXPECT(e, "j1", "a,b");
    EXPECT(e, "j2", "a,b");
    EXPECT(e, "j3", "a,b");
    EXPECT(e, "j4", "a,b");
    EXPECT(e, "n", "2");
    ev_free(e);
}
END_TEST

static const char *const FIXTURES[] = { "fn_string", "fn_list", "fn_data", "fn_logic", "fn_file", "fn_sys", "fn_mustache", "fn_edge", "fn_more", "fn_file2", "fn_parse", "fn_math", "fn_map", "fn_readdata" };

/* The differential fixtures tests/fixtures/eval/fn_*.cf against what
 * cf-agent printed (fn_*.expected), until minicf-agent runs them. */
START_TEST(test_functions_fixtures)
{
    const char *srcdir = getenv("MINICF_SRCDIR");
    const char *name = FIXTURES[_i];
    char *cf = xasprintf("%s/tests/fixtures/eval/%s.cf", srcdir ? srcdir : "..", name);
    char *exp = xasprintf("%s/tests/fixtures/eval/%s.expected", srcdir ? srcdir : "..", name);
    Capture c;
    capture_init(&c);
    char *got = evalfixture_run(cf, NOW, &c);
    char *want = evalfixture_read(exp);
    ck_assert_msg(strcmp(got, want) == 0, "%s: expected\n%s\ngot\n%s\nmessages:\n%s", name, want, got,
                  capture_text(&c));
    free(got);
    free(want);
    capture_free(&c);
    free(cf);
    free(exp);
}
END_TEST

START_TEST(test_functions_json_prefixes)
{
    /* every prefix of a valid text parses or fails cleanly, never reads
     * past its end (run under the sanitizers) */
    const char *text = "{\"a\": [1, -2.5, \"x\\\"y\\\\\", true, false, null, {}], \"b\": {\"c\": []}}";
    size_t len = strlen(text);
    for (size_t i = 0; i <= len; i++) {
        char *prefix = xstrndup(text, i);
        Json *j = json_parse(prefix, NULL);
        ck_assert_msg(i == len ? j != NULL : j == NULL || !json_is_container(j) || i == len,
                      "prefix %zu of %zu: '%s'", i, len, prefix);
        json_free(j);
        free(prefix);
    }
    /* deep nesting is refused, not a stack overflow */
    Buf deep = BUF_INIT;
    for (int i = 0; i < 100000; i++)
        buf_putc(&deep, '[');
    ck_assert_ptr_null(json_parse(buf_cstr(&deep), NULL));
    buf_free(&deep);
}
END_TEST

START_TEST(test_functions_text_prefixes)
{
    /* prefixes of templates, format strings and expressions render or
     * fail cleanly (run under the sanitizers) */
    const char *tmpl = "a{{x}}{{{x}}}{{&x}}\n  {{#l}}\n[{{.}}|{{@}}]\n  {{/l}}\n{{^n}}N{{/n}}{{! c }}{{%l}}{{$l}}";
    Json *data = json_parse("{\"x\": \"<\", \"l\": [1, {\"k\": 2}], \"n\": false}", NULL);
    for (size_t i = 0; i <= strlen(tmpl); i++) {
        char *prefix = xstrndup(tmpl, i);
        Buf b = BUF_INIT;
        (void)mustache_render(&b, prefix, data);
        buf_free(&b);
        free(prefix);
    }
    json_free(data);
    static const char *const CALLS[] = {
        "string => format(\"%s %5.2f %", "string => format(\"%-", "string => eval(\"(1 + 2", "string => eval(\"sqrt(",
        "string => eval(\"-", "string => regex_replace(\"abc\", \"\", \"$", "string => string_mustache(\"{{#a}}",
    };
    for (size_t i = 0; i < sizeof CALLS / sizeof *CALLS; i++) {
        char *promise = xasprintf("%s\", \"1\")", CALLS[i]);
        char *vars = xasprintf("      \"x\" %s;", promise);
        Ev *e = ev_new(vars);
        ev_free(e);
        free(vars);
        free(promise);
    }
}
END_TEST

static Suite *functions_suite(void)
{
    Suite *s = suite_create("functions");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_functions_logic);
    tcase_add_test(tc, test_functions_ifelse_even_is_fatal);
    tcase_add_test(tc, test_functions_matching);
    tcase_add_test(tc, test_functions_variablesmatching_sees_sys_containers);
    tcase_add_test(tc, test_functions_matching_literal_prefix);
    tcase_add_test(tc, test_functions_string);
    tcase_add_test(tc, test_functions_format);
    tcase_add_test(tc, test_functions_format_edges);
    tcase_add_test(tc, test_functions_getvalues_scalar);
    tcase_add_test(tc, test_functions_expand_unclosed);
    tcase_add_test(tc, test_functions_string_split);
    tcase_add_test(tc, test_functions_regextract);
    tcase_add_test(tc, test_functions_list);
    tcase_add_test(tc, test_functions_sort);
    tcase_add_test(tc, test_functions_arrays_and_maplist);
    tcase_add_test(tc, test_functions_getindices_array_as_container);
    tcase_add_test(tc, test_functions_collecting_undefined_fails);
    tcase_add_test(tc, test_functions_deferral);
    tcase_add_test(tc, test_functions_data);
    tcase_add_test(tc, test_functions_data_format_sorts_in_place);
    tcase_add_test(tc, test_functions_mergedata);
    tcase_add_test(tc, test_functions_parsejson_errors);
    tcase_add_test(tc, test_functions_mustache);
    tcase_add_test(tc, test_functions_mustache_objects);
    tcase_add_test(tc, test_functions_files);
    tcase_add_test(tc, test_functions_exec);
    tcase_add_test(tc, test_functions_exec_is_cached);
    tcase_add_test(tc, test_functions_exec_leaks_no_fd);
    tcase_add_test(tc, test_functions_time);
    tcase_add_test(tc, test_functions_getenv);
    tcase_add_test(tc, test_functions_json_writer);
    tcase_add_test(tc, test_functions_json_escapes);
    tcase_add_test(tc, test_functions_json_prefixes);
    tcase_add_test(tc, test_functions_text_prefixes);
    tcase_add_test(tc, test_functions_wrong_arguments);
    tcase_add_test(tc, test_functions_versions_and_expandrange);
    tcase_add_test(tc, test_functions_unimplemented_is_unknown);
    tcase_add_test(tc, test_functions_list_names);
    tcase_add_loop_test(tc, test_functions_fixtures, 0, sizeof FIXTURES / sizeof *FIXTURES);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(functions_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
