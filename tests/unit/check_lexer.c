/* check_lexer.c - the Check suite for the scanner (grammar/lexer.l), seen
 * through what the parser builds from its tokens: strings and their
 * escapes, names, variables, class guards, promise types, comments,
 * arrows, locations, and the @if / @else / @endif macros. */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "policy/parse.h"
#include "policy/policy.h"
#include "testutil.h"

/* A policy with one vars promise "v" whose string attribute is RVAL
 * (policy text); returns the parsed policy. */
static Policy *parse_value(const char *rval)
{
    char *text = xasprintf("bundle agent main\n{\n  vars:\n    \"v\" string => %s;\n}\n", rval);
    Policy *p = tu_parse_ok(text);
    free(text);
    return p;
}

/* Asserts that the value RVAL parses to a string with this quote and
 * these (unescaped) contents of len bytes. */
static void assert_string_value(const char *rval, char quote, const char *want, size_t len)
{
    Policy *p = parse_value(rval);
    const Rval *r = tu_rval(p, "v", "string");
    ck_assert_int_eq(r->kind, RVAL_STRING);
    ck_assert_int_eq(r->quote, quote);
    ck_assert_msg(strlen(r->str) == len && memcmp(r->str, want, len) == 0, "%s: got [%s], expected [%.*s]", rval,
                  r->str, (int)len, want);
    policy_free(p);
}

#define ASSERT_STRING(rval, quote, want) assert_string_value(rval, quote, want, sizeof(want) - 1)

/* Asserts that text is rejected with a message containing `msg` at
 * "test.cf:LINE:COL: error: ". */
static void assert_parse_error(const char *text, unsigned line, unsigned col, const char *msg)
{
    char *got = tu_parse_fail(text, NULL);
    char *where = xasprintf(TU_PATH ":%u:%u: error: ", line, col);
    const char *at = strstr(got, where);
    ck_assert_msg(at != NULL, "expected an error at %u:%u, got:\n%s", line, col, got);
    const char *eol = strchr(at, '\n');
    ck_assert_msg(strstr(at, msg) && strstr(at, msg) < eol, "expected '%s' at %u:%u, got:\n%s", msg, line, col, got);
    free(where);
    free(got);
}

/* ---- strings ---------------------------------------------------------- */

START_TEST(test_lexer_string_three_quotes)
{
    ASSERT_STRING("\"double\"", '"', "double");
    ASSERT_STRING("'single'", '\'', "single");
    ASSERT_STRING("`backtick`", '`', "backtick");
    ASSERT_STRING("\"\"", '"', "");
    ASSERT_STRING("''", '\'', "");
    ASSERT_STRING("``", '`', "");
}
END_TEST

START_TEST(test_lexer_string_other_quotes_inside)
{
    ASSERT_STRING("\"it's `x`\"", '"', "it's `x`");
    ASSERT_STRING("'say \"x\" `y`'", '\'', "say \"x\" `y`");
    ASSERT_STRING("`a \"b\" 'c'`", '`', "a \"b\" 'c'");
}
END_TEST

/* lexer.l: a backslash before a quote or a backslash is dropped. */
START_TEST(test_lexer_string_escaped_quotes_and_backslash_dropped)
{
    ASSERT_STRING("\"a\\\"b\"", '"', "a\"b");
    ASSERT_STRING("\"a\\'b\"", '"', "a'b");
    ASSERT_STRING("\"a\\\\b\"", '"', "a\\b");
    ASSERT_STRING("'a\\'b'", '\'', "a'b");
    ASSERT_STRING("'a\\\"b'", '\'', "a\"b");
    ASSERT_STRING("'a\\\\b'", '\'', "a\\b");
    ASSERT_STRING("\"x\\\\\"", '"', "x\\");           /* "x\\" ends in one backslash */
    ASSERT_STRING("\"\\\\\\\\\"", '"', "\\\\");       /* four become two */
    ASSERT_STRING("\"\\\"\\\"\"", '"', "\"\"");
}
END_TEST

/* In backticks, as in 3.21: \\ \" \' lose their backslash too. */
START_TEST(test_lexer_string_backtick_escapes)
{
    ASSERT_STRING("`a\\\\b`", '`', "a\\b");
    ASSERT_STRING("`a\\\"b`", '`', "a\"b");
    ASSERT_STRING("`a\\'b`", '`', "a'b");
    ASSERT_STRING("`a\\nb`", '`', "a\\nb");
    ASSERT_STRING("`7\\`", '`', "7\\"); /* a backtick cannot be escaped */
}
END_TEST

/* lexer.l: every other backslash is kept. */
START_TEST(test_lexer_string_other_backslashes_kept)
{
    ASSERT_STRING("\"a\\nb\"", '"', "a\\nb");
    ASSERT_STRING("\"\\d+\\.\\w\"", '"', "\\d+\\.\\w");
    ASSERT_STRING("\"a\\ b\"", '"', "a\\ b");
    ASSERT_STRING("\"a\\`b\"", '"', "a\\`b");
    ASSERT_STRING("'a\\tb'", '\'', "a\\tb");
}
END_TEST

START_TEST(test_lexer_string_backslash_newline_joined)
{
    ASSERT_STRING("\"one\\\ntwo\"", '"', "onetwo");
    ASSERT_STRING("'one\\\ntwo'", '\'', "onetwo");
    ASSERT_STRING("\"a\\\n\\\nb\"", '"', "ab");
}
END_TEST

/* 3.21 joins lines at a backslash-newline in backticks as well
 * (string_length(`a\<newline>b`) is 2), and lexer.l documents no exception
 * for backticks. */
START_TEST(test_lexer_string_backtick_backslash_newline_joined)
{
    ASSERT_STRING("`one\\\ntwo`", '`', "onetwo");
}
END_TEST

START_TEST(test_lexer_string_raw_newlines_and_hash_kept)
{
    ASSERT_STRING("\"line one\nline two\"", '"', "line one\nline two");
    ASSERT_STRING("\"# not a comment\"", '"', "# not a comment");
    ASSERT_STRING("\"tab\there\"", '"', "tab\there");
    ASSERT_STRING("\"h\xc3\xa9llo \xe2\x9c\x93\"", '"', "h\xc3\xa9llo \xe2\x9c\x93");
}
END_TEST

START_TEST(test_lexer_string_promiser_unescaped_with_quote)
{
    Policy *p = tu_parse_ok("bundle agent main { reports: 'it\\'s' -> \"a\\\\b\"; `x\\\"y`; }");
    const Promise *a = tu_promise(p, "it's");
    ck_assert_int_eq(a->promiser_quote, '\'');
    ck_assert_int_eq(a->promisee->kind, RVAL_STRING);
    ck_assert_str_eq(a->promisee->str, "a\\b");
    ck_assert_int_eq(a->promisee->quote, '"');
    const Promise *b = tu_promise(p, "x\"y");
    ck_assert_int_eq(b->promiser_quote, '`');
    policy_free(p);
}
END_TEST

START_TEST(test_lexer_string_unterminated)
{
    assert_parse_error("bundle agent main\n{\n  reports:\n    \"one;\n}\n", 4, 6, "Unterminated string, starting here");
    assert_parse_error("bundle agent main\n{\n  reports:\n    'one;\n}\n", 4, 6, "Unterminated string, starting here");
    assert_parse_error("bundle agent main\n{\n  reports:\n    `one;\n}\n", 4, 6, "Unterminated string, starting here");
    /* an escaped quote does not end the string */
    assert_parse_error("bundle agent main { reports: \"one\\\"; }", 1, 31, "Unterminated string");
    /* a backslash as the very last byte */
    assert_parse_error("bundle agent main { reports: \"one\\", 1, 31, "Unterminated string");
}
END_TEST

/* ---- names ---------------------------------------------------------------- */

START_TEST(test_lexer_identifiers)
{
    Policy *p = tu_parse_ok("bundle agent Main_2 { }\nbundle agent 9lives { }\nbundle agent caf\xc3\xa9 { }\n");
    ck_assert_str_eq(tu_bundle(p, 0)->name, "Main_2");
    ck_assert_str_eq(tu_bundle(p, 0)->type, "agent");
    ck_assert_str_eq(tu_bundle(p, 1)->name, "9lives");
    ck_assert_str_eq(tu_bundle(p, 2)->name, "caf\xc3\xa9");
    policy_free(p);
}
END_TEST

START_TEST(test_lexer_keywords_are_whole_words)
{
    /* "bundles" and "bodyguard" are identifiers, not keywords. */
    Policy *p = tu_parse_ok("bundle agent bundles { vars: \"x\" string => bodyguard; }");
    ck_assert_str_eq(tu_bundle(p, 0)->name, "bundles");
    const Rval *r = tu_rval(p, "x", "string");
    ck_assert_int_eq(r->kind, RVAL_SYMBOL);
    ck_assert_str_eq(r->str, "bodyguard");
    policy_free(p);
}
END_TEST

START_TEST(test_lexer_namespaced_symbol)
{
    Policy *p = tu_parse_ok("bundle agent main { methods: \"m\" usebundle => lib:helper; "
                            "\"n\" usebundle => lib:with_args(\"a\"); }");
    const Rval *r = tu_rval(p, "m", "usebundle");
    ck_assert_int_eq(r->kind, RVAL_SYMBOL);
    ck_assert_str_eq(r->str, "lib:helper");
    r = tu_rval(p, "n", "usebundle");
    ck_assert_int_eq(r->kind, RVAL_FNCALL);
    ck_assert_str_eq(r->str, "lib:with_args");
    policy_free(p);
}
END_TEST

START_TEST(test_lexer_naked_variables)
{
    /* 3.21's unquoted references hold name characters, '.', ':', and brackets
     * anywhere (balanced or not), or a name and one index that may hold a
     * $(...) (naked_variable_index_with_reference.cf); no blanks, no '-' */
    Policy *p = tu_parse_ok("bundle agent main { vars: \"l\" slist => { $(a), ${b}, @(c), @{d}, $(e[f]), "
                            "${g[h]}, $(ns:b.v), @(x[) }; }");
    const Rval *l = tu_rval(p, "l", "slist");
    const char *want[] = { "$(a)", "${b}", "@(c)", "@{d}", "$(e[f])", "${g[h]}", "$(ns:b.v)", "@(x[)" };
    ck_assert_uint_eq(l->items.len, 8);
    for (size_t i = 0; i < 8; i++) {
        const Rval *r = tu_item(l, i);
        ck_assert_int_eq(r->kind, RVAL_NAKEDVAR);
        ck_assert_str_eq(r->str, want[i]);
    }
    policy_free(p);
}
END_TEST

START_TEST(test_lexer_naked_variable_forms_321_refuses)
{
    const char *bad[] = { "${g[h i]}", "@(x[@(y)])", "$(a[-1])", "$(x[$(y)][$(z)])", "@(x$(y))" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *text = xasprintf("bundle agent main { vars: \"l\" slist => { %s }; }", bad[i]);
        unsigned errors = 0;
        char *got = tu_parse_fail(text, &errors);
        ck_assert_uint_ge(errors, 1);
        free(got);
        free(text);
    }
}
END_TEST

START_TEST(test_lexer_naked_variable_as_scalar_and_function_name)
{
    Policy *p = tu_parse_ok("bundle agent main { vars: \"s\" string => $(x); "
                            "methods: \"m\" usebundle => ${b}(\"arg\"); }");
    const Rval *r = tu_rval(p, "s", "string");
    ck_assert_int_eq(r->kind, RVAL_NAKEDVAR);
    ck_assert_str_eq(r->str, "$(x)");
    r = tu_rval(p, "m", "usebundle");
    ck_assert_int_eq(r->kind, RVAL_FNCALL);
    ck_assert_str_eq(r->str, "${b}");
    ck_assert_uint_eq(r->items.len, 1);
    policy_free(p);
}
END_TEST

START_TEST(test_lexer_malformed_variable_rejected)
{
    assert_parse_error("bundle agent main { vars: \"s\" string => $(x; }", 1, 42, "invalid character '$'");
    assert_parse_error("bundle agent main { vars: \"s\" string => $x; }", 1, 42, "invalid character '$'");
}
END_TEST

/* ---- class guards --------------------------------------------------------- */

START_TEST(test_lexer_class_guard_plain_and_operators)
{
    Policy *p = tu_parse_ok("bundle agent main\n{\n  reports:\n    \"none\";\n    linux::\n      \"a\";\n"
                            "      \"b\";\n    !windows.(linux|solaris)&x86_64::\n      \"c\";\n"
                            "    a||b::\n      \"d\";\n  vars:\n      \"e\" string => \"x\";\n}\n");
    ck_assert_str_eq(tu_promise(p, "none")->classes, "any");
    ck_assert_str_eq(tu_promise(p, "a")->classes, "linux");
    ck_assert_str_eq(tu_promise(p, "b")->classes, "linux"); /* in force until the next guard */
    ck_assert_str_eq(tu_promise(p, "c")->classes, "!windows.(linux|solaris)&x86_64");
    ck_assert_str_eq(tu_promise(p, "d")->classes, "a||b");
    ck_assert_str_eq(tu_promise(p, "e")->classes, "any"); /* a new section resets it */
    policy_free(p);
}
END_TEST

START_TEST(test_lexer_class_guard_blanks_removed)
{
    Policy *p = tu_parse_ok("bundle agent main { reports:\n linux |\twindows ::\n \"a\"; (a|b) . !c::\n \"b\"; }");
    ck_assert_str_eq(tu_promise(p, "a")->classes, "linux|windows");
    ck_assert_str_eq(tu_promise(p, "b")->classes, "(a|b).!c");
    policy_free(p);
}
END_TEST

START_TEST(test_lexer_class_guard_quoted)
{
    Policy *p = tu_parse_ok("bundle agent main { reports: \"$(os)\"::\n \"a\"; 'linux|${x}'::\n \"b\"; "
                            "\"no check & here\"::\n \"c\"; }");
    ck_assert_str_eq(tu_promise(p, "a")->classes, "$(os)");
    ck_assert_str_eq(tu_promise(p, "b")->classes, "linux|${x}");
    ck_assert_str_eq(tu_promise(p, "c")->classes, "no check & here"); /* quoted guards are not checked */
    policy_free(p);
}
END_TEST

START_TEST(test_lexer_class_guard_invalid)
{
    assert_parse_error("bundle agent main\n{\n  reports:\n    a b::\n      \"x\";\n}\n", 4, 10,
                       "class names can't be separated by whitespace without an intervening operator");
    assert_parse_error("bundle agent main\n{\n  reports:\n    a&&b::\n      \"x\";\n}\n", 4, 9,
                       "Syntax error in context string 'a&&b'");
    assert_parse_error("bundle agent main\n{\n  reports:\n    a|::\n      \"x\";\n}\n", 4, 9,
                       "Syntax error in context string 'a|'");
}
END_TEST

/* 3.21 reads a guard's expression up to the first blank and ignores the
 * rest, so `linux && windows::` and `linux &&& windows::` are accepted by
 * cf-promises -c (checked with 3.21.0). minicf removes the blanks first
 * and then rejects "linux&&windows". */
START_TEST(test_lexer_class_guard_blank_ends_expression_as_321)
{
    /* Only the first word is parsed: 3.21 rejects these (4:8, 4:11). */
    assert_parse_error("bundle agent main\n{\n  reports:\n    ( a|b ) . c::\n      \"x\";\n}\n", 4, 8,
                       "Syntax error in context string");
    assert_parse_error("bundle agent main\n{\n  reports:\n    (a|b ) . c::\n      \"x\";\n}\n", 4, 11,
                       "Syntax error in context string");
    assert_parse_error("bundle agent main\n{\n  reports:\n    a&& b::\n      \"x\";\n}\n", 4, 9,
                       "Syntax error in context string");
    Policy *p = tu_parse_ok("bundle agent main\n{\n  reports:\n    linux && windows::\n      \"x\";\n}\n");
    policy_free(p);
    p = tu_parse_ok("bundle agent main\n{\n  reports:\n    linux .&windows::\n      \"x\";\n}\n");
    policy_free(p);
}
END_TEST

START_TEST(test_lexer_class_guard_in_body)
{
    Policy *p = tu_parse_ok("body perms p\n{\n  mode => \"600\";\n  linux::\n    owners => { \"root\" };\n"
                            "  !linux::\n    groups => { \"g\" };\n}\n");
    const Body *b = tu_body(p, 0);
    ck_assert_uint_eq(b->constraints.len, 3);
    ck_assert_str_eq(((Constraint *)b->constraints.items[0])->classes, "any");
    ck_assert_str_eq(((Constraint *)b->constraints.items[1])->classes, "linux");
    ck_assert_str_eq(((Constraint *)b->constraints.items[2])->classes, "!linux");
    policy_free(p);
    /* a quoted guard in a body is refused, as in 3.21 */
    assert_parse_error("body perms p\n{\n  \"$(x)\"::\n    groups => { \"g\" };\n}\n", 4, 22,
                       "Body attributes can't be put under a variable class '$(x)'");
}
END_TEST

/* ---- promise types, comments, arrows -------------------------------------- */

/* As in 3.21, a guard on the line of its promise type is read with it as
 * one class guard ("reports: any::"), which is then out of place. */
START_TEST(test_lexer_promise_type_and_guard_on_one_line)
{
    assert_parse_error("bundle agent main\n{\n  reports: any::\n    \"x\";\n}\n", 3, 17,
                       "Expected a promise type (like 'vars:') before the class guard 'reports:any::'");
}
END_TEST

START_TEST(test_lexer_promise_types)
{
    Policy *p = tu_parse_ok("bundle agent main\n{\n  vars:\n  classes:\n  my_custom_type:\n  reports:\n}\n");
    const Bundle *b = tu_bundle(p, 0);
    ck_assert_uint_eq(b->sections.len, 4);
    const char *want[] = { "vars", "classes", "my_custom_type", "reports" };
    for (size_t i = 0; i < 4; i++)
        ck_assert_str_eq(((Section *)b->sections.items[i])->promise_type, want[i]);
    policy_free(p);
}
END_TEST

START_TEST(test_lexer_promise_type_needs_colon_attached)
{
    assert_parse_error("bundle agent main { vars : \"x\" string => \"y\"; }", 1, 25, "got identifier vars");
}
END_TEST

START_TEST(test_lexer_comments)
{
    Policy *p = tu_parse_ok("# leading\nbundle agent main # after the name\n{ # brace\n  reports: # type\n"
                            "    \"a\" # promiser\n      comment => \"c\"; # end\n}\n# trailing, no newline");
    ck_assert_str_eq(tu_rval(p, "a", "comment")->str, "c");
    policy_free(p);
    p = tu_parse_ok("# only a comment\n");
    ck_assert_uint_eq(p->bundles.len, 0);
    policy_free(p);
    p = tu_parse_ok("");
    ck_assert_uint_eq(p->bundles.len, 0);
    ck_assert_uint_eq(p->bodies.len, 0);
    policy_free(p);
}
END_TEST

/* A comment is read with its line's end: the next line still starts a line
 * (macros there are macros), a CR before the end is the comment's, and a
 * comment that ends the file ends it where it ends. */
START_TEST(test_lexer_comment_line_ends)
{
    Policy *p = tu_parse_ok("# c\n@if minimum_version(99.1)\nbundle agent no { }\n  # d\r\n@else\n"
                            "bundle agent yes { } # e\n@endif # f\r\n\t# g");
    ck_assert_uint_eq(p->bundles.len, 1);
    ck_assert_str_eq(((Bundle *)p->bundles.items[0])->name, "yes");
    policy_free(p);
    assert_parse_error("bundle agent main { reports: \"a\"; # no end", 1, 43, "Expected");
}
END_TEST

START_TEST(test_lexer_arrows)
{
    Policy *p = tu_parse_ok("bundle agent main{reports:\"a\"->\"b\"comment=>\"c\";}");
    const Promise *a = tu_promise(p, "a");
    ck_assert_str_eq(a->promisee->str, "b");
    ck_assert_str_eq(tu_rval(p, "a", "comment")->str, "c");
    policy_free(p);
    assert_parse_error("bundle agent main { reports: \"a\" comment = > \"c\"; }", 1, 43, "Expected =>");
    assert_parse_error("bundle agent main { reports: \"a\" - > \"b\"; }", 1, 35, "invalid character '-'");
}
END_TEST

START_TEST(test_lexer_invalid_character)
{
    assert_parse_error("bundle agent main { reports: \"a\"; } %", 1, 38, "got invalid character '%'");
    assert_parse_error("bundle agent main { reports: \"a\" comment => \"b\" ! ; }", 1, 50,
                       "Expected ';', got invalid character '!'");
}
END_TEST

START_TEST(test_lexer_crlf_and_tabs_are_blanks)
{
    Policy *p = tu_parse_ok("bundle\tagent\tmain\r\n{\r\n\treports:\r\n\t\t\"a\"\tcomment\t=>\t\"b\";\r\n}\r\n");
    ck_assert_str_eq(tu_rval(p, "a", "comment")->str, "b");
    policy_free(p);
}
END_TEST

/* ---- locations ---------------------------------------------------------- */

static void assert_at(const Policy *p, uint32_t offset, unsigned line, unsigned col)
{
    unsigned l, c;
    tu_linecol(p, offset, &l, &c);
    ck_assert_msg(l == line && c == col, "got %u:%u, expected %u:%u", l, c, line, col);
}

START_TEST(test_lexer_locations_of_nodes)
{
    const char *text = "bundle agent main(x)\n"   /* 1 */
                       "{\n"                     /* 2 */
                       "  vars:\n"               /* 3 */
                       "    \"v\" -> { \"p\" }\n" /* 4 */
                       "      string => \"s\";\n" /* 5 */
                       "}\n"                     /* 6 */
                       "body perms p { mode => \"600\"; }\n";
    Policy *p = tu_parse_ok(text);
    const Bundle *b = tu_bundle(p, 0);
    assert_at(p, b->type_span.start, 1, 8);
    assert_at(p, b->span.start, 1, 14);
    assert_at(p, b->span.end, 1, 18);
    assert_at(p, ((Param *)b->params.items[0])->span.start, 1, 19);
    const Section *s = b->sections.items[0];
    assert_at(p, s->span.start, 3, 3);
    const Promise *pr = s->promises.items[0];
    assert_at(p, pr->span.start, 4, 5);
    assert_at(p, pr->span.end, 4, 8);
    assert_at(p, pr->promisee->span.start, 4, 12);
    assert_at(p, pr->promisee->span.end, 4, 19);
    const Constraint *c = pr->constraints.items[0];
    assert_at(p, c->span.start, 5, 7);
    assert_at(p, c->rval->span.start, 5, 17);
    assert_at(p, c->rval->span.end, 5, 20);
    const Body *body = tu_body(p, 0);
    assert_at(p, body->type_span.start, 7, 6);
    assert_at(p, body->span.start, 7, 12);
    c = body->constraints.items[0];
    assert_at(p, c->span.start, 7, 16);
    policy_free(p);
}
END_TEST

START_TEST(test_lexer_locations_count_bytes_utf8_and_tabs)
{
    /* "é" is two bytes, "✓" three, a tab one: columns count bytes. */
    const char *text = "bundle agent main\n{\n\treports:\n\t\t\"\xc3\xa9\xe2\x9c\x93\" comment => \"x\";\n}\n";
    Policy *p = tu_parse_ok(text);
    const Promise *pr = tu_promise(p, "\xc3\xa9\xe2\x9c\x93");
    assert_at(p, pr->span.start, 4, 3);
    assert_at(p, pr->span.end, 4, 10);
    const Constraint *c = pr->constraints.items[0];
    assert_at(p, c->span.start, 4, 11);
    policy_free(p);
}
END_TEST

START_TEST(test_lexer_locations_after_multiline_string)
{
    Policy *p = tu_parse_ok("bundle agent main\n{\n  reports:\n    \"a\nb\\\nc\" comment => \"x\";\n    \"d\";\n}\n");
    const Promise *a = tu_promise(p, "a\nbc");
    assert_at(p, a->span.start, 4, 5);
    assert_at(p, ((Constraint *)a->constraints.items[0])->span.start, 6, 4);
    assert_at(p, tu_promise(p, "d")->span.start, 7, 5);
    policy_free(p);
}
END_TEST

START_TEST(test_lexer_error_location_utf8)
{
    /* The column of an error counts the bytes before it. */
    assert_parse_error("bundle agent main { reports: \"\xc3\xa9\" \"x\"; }", 1, 38, "Expected ';'");
}
END_TEST

/* ---- @if / @else / @endif ------------------------------------------------ */

START_TEST(test_lexer_macro_if_true_branch_read)
{
    Policy *p = tu_parse_ok("@if minimum_version(3.7)\nbundle agent yes { }\n@else\nbundle agent no { }\n@endif\n");
    ck_assert_uint_eq(p->bundles.len, 1);
    ck_assert_str_eq(tu_bundle(p, 0)->name, "yes");
    policy_free(p);
}
END_TEST

START_TEST(test_lexer_macro_if_false_branch_skipped)
{
    Policy *p = tu_parse_ok("@if minimum_version(99.1)\nthis { is not ; policy \"\n@else\nbundle agent no { }\n@endif\n"
                            "bundle agent after { }\n");
    ck_assert_uint_eq(p->bundles.len, 2);
    ck_assert_str_eq(tu_bundle(p, 0)->name, "no");
    ck_assert_str_eq(tu_bundle(p, 1)->name, "after");
    policy_free(p);
}
END_TEST

START_TEST(test_lexer_macro_else_branch_skipped_even_if_invalid)
{
    Policy *p = tu_parse_ok("@if minimum_version(3.0.0)\nbundle agent a { }\n@else\n}}}} garbage\n@endif\n");
    ck_assert_uint_eq(p->bundles.len, 1);
    policy_free(p);
}
END_TEST

START_TEST(test_lexer_macro_conditions)
{
    struct { const char *cond; bool taken; } cases[] = {
        { "minimum_version(3.21)", true },      { "minimum_version(3.21.0)", true },
        { "minimum_version(3.22)", false },     { "maximum_version(3.21.0)", true },
        { "maximum_version(3.20)", false },     { "before_version(3.22)", true },
        { "before_version(3.21.0)", false },    { "at_version(3.21)", true },
        { "at_version(3)", true },              { "at_version(3.20)", false },
        { "after_version(3.20.9)", true },      { "after_version(3.21)", false },
        { "between_versions(3.20, 3.22)", true }, { "between_versions(3.22,3.30)", false },
        { "feature(yaml)", true },              { "feature(no_such_feature)", false },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = xasprintf("@if %s\nbundle agent in { }\n@endif\n", cases[i].cond);
        Policy *p = tu_parse_ok(text);
        ck_assert_msg((p->bundles.len == 1) == cases[i].taken, "@if %s: expected the branch %s", cases[i].cond,
                      cases[i].taken ? "read" : "skipped");
        policy_free(p);
        free(text);
    }
}
END_TEST

START_TEST(test_lexer_macro_inside_a_bundle)
{
    Policy *p = tu_parse_ok("bundle agent main\n{\n  reports:\n@if minimum_version(99)\n    \"new\" bogus => x(;\n"
                            "@else\n    \"old\";\n@endif\n}\n");
    ck_assert_uint_eq(((Section *)tu_bundle(p, 0)->sections.items[0])->promises.len, 1);
    tu_promise(p, "old");
    policy_free(p);
}
END_TEST

START_TEST(test_lexer_macro_text_after_endif_is_policy)
{
    Policy *p = tu_parse_ok("@if minimum_version(99)\nskipped\n@endif bundle agent after { }\n");
    ck_assert_uint_eq(p->bundles.len, 1);
    ck_assert_str_eq(tu_bundle(p, 0)->name, "after");
    policy_free(p);
}
END_TEST

START_TEST(test_lexer_macro_missing_endif)
{
    assert_parse_error("@if minimum_version(99.0)\nbundle agent main { }\n", 1, 4, "Missing @endif for this @if");
    assert_parse_error("@if minimum_version(3.7)\nbundle agent main { }\n", 1, 4, "Missing @endif for this @if");
    assert_parse_error("bundle agent a { }\n@if minimum_version(3.7)\n@else\nbundle agent main { }\n", 2, 4,
                       "Missing @endif for this @if");
}
END_TEST

START_TEST(test_lexer_macro_unknown_condition)
{
    assert_parse_error("@if sometime(3.7)\n@endif\n", 1, 4, "Unknown @if condition 'sometime(3.7)'");
    assert_parse_error("@if minimum_version(three)\n@endif\n", 1, 4, "Unknown @if condition");
    assert_parse_error("@if feature(Bad-Name)\n@endif\n", 1, 4, "Unknown @if condition");
}
END_TEST

START_TEST(test_lexer_macro_unknown)
{
    assert_parse_error("@define x\nbundle agent main { }\n", 1, 2, "got invalid character '@'");
    assert_parse_error("@include \"x.cf\"\n", 1, 2, "got invalid character '@'");
}
END_TEST

START_TEST(test_lexer_macro_misplaced)
{
    assert_parse_error("@else\n@endif\n", 1, 6, "@else without a matching @if");
    assert_parse_error("@endif\n", 1, 7, "@endif without a matching @if");
    assert_parse_error("  @if minimum_version(3.7)\n@endif\n", 1, 6, "Macro @if must be at the beginning of the line");
    assert_parse_error("@if minimum_version(3.7)\n@if minimum_version(3.7)\n@endif\n@endif\n", 2, 4,
                       "Nested @if is not supported");
}
END_TEST

/* ---- hostile input -------------------------------------------------------- */

/* A class guard is any run of name, operator and blank characters ending in
 * "::". Where no "::" follows, that must not make the scanner look again
 * from every token to the end of the run: 200000 words on one line (400 kB,
 * far under the 64 MB limit) must be read in about linear time, not hang.
 * Runs only in fork mode, where the test case's timeout ends it. */
START_TEST(test_lexer_long_run_without_guard_is_linear)
{
    Buf b = BUF_INIT;
    buf_puts(&b, "bundle agent main\n{\n  reports:\n    \"x\" comment => \"c\" ");
    for (int i = 0; i < 200000; i++)
        buf_puts(&b, "a ");
    buf_puts(&b, ";\n}\n");
    char *got = tu_parse_fail(buf_cstr(&b), NULL);
    ck_assert_ptr_nonnull(strstr(got, TU_PATH ":4:25: error: Expected ';', got identifier a"));
    free(got);
    buf_free(&b);
}
END_TEST

/* NUL bytes as 3.21's scanner takes them: part of a comment; the end of
 * the input between blocks (the rest is not read, with a warning);
 * an error in a string or inside a block. */
START_TEST(test_lexer_nul_bytes_as_321)
{
    static const char in_comment[] = "bundle agent main\n{\n  reports:\n    \"x\"; # c\0d\n}\n";
    static const char after_block[] = "bundle agent main\n{\n}\n\0garbage {{{\n";
    static const char in_string[] = "bundle agent main\n{\n  reports:\n    \"x\0y\";\n}\n";
    static const char in_block[] = "bundle agent main\n{\n  reports:\n    \"x\";\n \0}\n";
    Capture c;
    Policy *p = NULL;

    capture_init(&c);
    ck_assert_uint_eq(tu_parse_bytes(in_comment, sizeof in_comment - 1, &c, &p), 0);
    ck_assert_uint_eq(c.messages, 0);
    policy_free(p);
    capture_free(&c);

    capture_init(&c);
    ck_assert_uint_eq(tu_parse_bytes(after_block, sizeof after_block - 1, &c, &p), 0);
    ck_assert_ptr_nonnull(strstr(capture_text(&c), TU_PATH ":4:1: warning: a NUL byte ends the policy here"));
    policy_free(p);
    capture_free(&c);

    capture_init(&c);
    ck_assert_uint_eq(tu_parse_bytes(in_string, sizeof in_string - 1, &c, &p), 1);
    ck_assert_ptr_nonnull(strstr(capture_text(&c), TU_PATH ":4:7: error: binary data (a NUL byte) in a string"));
    capture_free(&c);

    capture_init(&c);
    ck_assert_uint_ge(tu_parse_bytes(in_block, sizeof in_block - 1, &c, &p), 1);
    ck_assert_ptr_nonnull(strstr(capture_text(&c), "got end of file"));
    capture_free(&c);
}
END_TEST

static Suite *lexer_suite(bool forking)
{
    Suite *s = suite_create("lexer");
    TCase *tc;

    tc = tcase_create("strings");
    tcase_add_test(tc, test_lexer_string_three_quotes);
    tcase_add_test(tc, test_lexer_string_other_quotes_inside);
    tcase_add_test(tc, test_lexer_string_escaped_quotes_and_backslash_dropped);
    tcase_add_test(tc, test_lexer_string_backtick_escapes);
    tcase_add_test(tc, test_lexer_string_other_backslashes_kept);
    tcase_add_test(tc, test_lexer_string_backslash_newline_joined);
    tcase_add_test(tc, test_lexer_string_backtick_backslash_newline_joined);
    tcase_add_test(tc, test_lexer_string_raw_newlines_and_hash_kept);
    tcase_add_test(tc, test_lexer_string_promiser_unescaped_with_quote);
    tcase_add_test(tc, test_lexer_string_unterminated);
    suite_add_tcase(s, tc);

    tc = tcase_create("names");
    tcase_add_test(tc, test_lexer_identifiers);
    tcase_add_test(tc, test_lexer_keywords_are_whole_words);
    tcase_add_test(tc, test_lexer_namespaced_symbol);
    tcase_add_test(tc, test_lexer_naked_variables);
    tcase_add_test(tc, test_lexer_naked_variable_forms_321_refuses);
    tcase_add_test(tc, test_lexer_naked_variable_as_scalar_and_function_name);
    tcase_add_test(tc, test_lexer_malformed_variable_rejected);
    suite_add_tcase(s, tc);

    tc = tcase_create("guards");
    tcase_add_test(tc, test_lexer_class_guard_plain_and_operators);
    tcase_add_test(tc, test_lexer_class_guard_blanks_removed);
    tcase_add_test(tc, test_lexer_class_guard_quoted);
    tcase_add_test(tc, test_lexer_class_guard_invalid);
    tcase_add_test(tc, test_lexer_class_guard_blank_ends_expression_as_321);
    tcase_add_test(tc, test_lexer_class_guard_in_body);
    suite_add_tcase(s, tc);

    tc = tcase_create("tokens");
    tcase_add_test(tc, test_lexer_promise_types);
    tcase_add_test(tc, test_lexer_promise_type_needs_colon_attached);
    tcase_add_test(tc, test_lexer_promise_type_and_guard_on_one_line);
    tcase_add_test(tc, test_lexer_comments);
    tcase_add_test(tc, test_lexer_comment_line_ends);
    tcase_add_test(tc, test_lexer_arrows);
    tcase_add_test(tc, test_lexer_invalid_character);
    tcase_add_test(tc, test_lexer_crlf_and_tabs_are_blanks);
    suite_add_tcase(s, tc);

    tc = tcase_create("locations");
    tcase_add_test(tc, test_lexer_locations_of_nodes);
    tcase_add_test(tc, test_lexer_locations_count_bytes_utf8_and_tabs);
    tcase_add_test(tc, test_lexer_locations_after_multiline_string);
    tcase_add_test(tc, test_lexer_error_location_utf8);
    suite_add_tcase(s, tc);

    tc = tcase_create("macros");
    tcase_add_test(tc, test_lexer_macro_if_true_branch_read);
    tcase_add_test(tc, test_lexer_macro_if_false_branch_skipped);
    tcase_add_test(tc, test_lexer_macro_else_branch_skipped_even_if_invalid);
    tcase_add_test(tc, test_lexer_macro_conditions);
    tcase_add_test(tc, test_lexer_macro_inside_a_bundle);
    tcase_add_test(tc, test_lexer_macro_text_after_endif_is_policy);
    tcase_add_test(tc, test_lexer_macro_missing_endif);
    tcase_add_test(tc, test_lexer_macro_unknown_condition);
    tcase_add_test(tc, test_lexer_macro_unknown);
    tcase_add_test(tc, test_lexer_macro_misplaced);
    suite_add_tcase(s, tc);

    tc = tcase_create("hostile");
    tcase_set_timeout(tc, 20);
    if (forking)
        tcase_add_test(tc, test_lexer_long_run_without_guard_is_linear);
    tcase_add_test(tc, test_lexer_nul_bytes_as_321);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    const char *fork_env = getenv("CK_FORK");
    bool forking = !(fork_env && strcmp(fork_env, "no") == 0);
    SRunner *sr = srunner_create(lexer_suite(forking));
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
