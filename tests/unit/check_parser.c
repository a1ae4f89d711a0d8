/* check_parser.c - the Check suite for the grammar (grammar/parser.y) and
 * the parse entry points (src/policy/parse.c): every construct and the tree
 * it builds, and error recovery (reading files: check_parse_files.c). Run under ASan in CI, so
 * every error path is also a leak check. */
#include <check.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "policy/parse.h"
#include "policy/policy.h"
#include "testutil.h"

static Param *param_at(const Vec *params, size_t i)
{
    ck_assert_msg(i < params->len, "no parameter %zu", i);
    return params->items[i];
}

static Section *section_at(const Bundle *b, size_t i)
{
    ck_assert_msg(i < b->sections.len, "bundle %s has no section %zu", b->name, i);
    return b->sections.items[i];
}

static Constraint *constraint_at(const Vec *v, size_t i)
{
    ck_assert_msg(i < v->len, "no constraint %zu", i);
    return v->items[i];
}

/* Rejected text: the messages must name every expected substring, in
 * order, and the error count must be n. */
static void assert_errors(const char *text, unsigned n, const char *const *msgs)
{
    unsigned errors = 0;
    char *got = tu_parse_fail(text, &errors);
    ck_assert_msg(errors == n, "expected %u errors, got %u:\n%s", n, errors, got);
    const char *at = got;
    for (const char *const *m = msgs; *m; m++) {
        const char *hit = strstr(at, *m);
        ck_assert_msg(hit != NULL, "expected '%s' (in order) in:\n%s", *m, got);
        at = hit + strlen(*m);
    }
    free(got);
}

#define ASSERT_ERRORS(text, n, ...)                           \
    do {                                                      \
        const char *const msgs_[] = { __VA_ARGS__, NULL };    \
        assert_errors(text, n, msgs_);                        \
    } while (0)

/* ---- bundles and bodies -------------------------------------------------- */

START_TEST(test_parser_bundle_types_and_params)
{
    Policy *p = tu_parse_ok("bundle agent a { }\n"
                            "bundle common c() { }\n"
                            "bundle edit_line el(x) { }\n"
                            "bundle edit_xml ex(x, y) { }\n"
                            "bundle server s(x, y,) { }\n"
                            "bundle monitor m { }\n"
                            "bundle whatever w { }\n"); /* types are checked later, not parsed */
    const char *types[] = { "agent", "common", "edit_line", "edit_xml", "server", "monitor", "whatever" };
    const char *names[] = { "a", "c", "el", "ex", "s", "m", "w" };
    size_t nparams[] = { 0, 0, 1, 2, 2, 0, 0 };
    ck_assert_uint_eq(p->bundles.len, 7);
    for (size_t i = 0; i < 7; i++) {
        const Bundle *b = tu_bundle(p, i);
        ck_assert_str_eq(b->type, types[i]);
        ck_assert_str_eq(b->name, names[i]);
        ck_assert_str_eq(b->ns, "default");
        ck_assert_uint_eq(b->params.len, nparams[i]);
        ck_assert_ptr_eq(b->policy, p);
        ck_assert_ptr_eq(b->file, p->files.items[0]);
        ck_assert_uint_eq(b->sections.len, 0);
    }
    ck_assert_str_eq(param_at(&tu_bundle(p, 3)->params, 0)->name, "x");
    ck_assert_str_eq(param_at(&tu_bundle(p, 3)->params, 1)->name, "y");
    ck_assert_str_eq(param_at(&tu_bundle(p, 4)->params, 1)->name, "y");
    ck_assert_uint_eq(p->bodies.len, 0);
    ck_assert_uint_eq(p->files.len, 1);
    ck_assert_str_eq(((SourceFile *)p->files.items[0])->path, TU_PATH);
    policy_free(p);
}
END_TEST

START_TEST(test_parser_body_with_params)
{
    Policy *p = tu_parse_ok("body perms mog(mode, user)\n{\n  mode => \"$(mode)\";\n  owners => { \"$(user)\" };\n}\n"
                            "body action none { }\n");
    ck_assert_uint_eq(p->bodies.len, 2);
    const Body *b = tu_body(p, 0);
    ck_assert_int_eq(b->kind, BODY_KIND_BODY);
    ck_assert_str_eq(b->type, "perms");
    ck_assert_str_eq(b->name, "mog");
    ck_assert_str_eq(b->ns, "default");
    ck_assert_ptr_eq(b->policy, p);
    ck_assert_ptr_eq(b->file, p->files.items[0]);
    ck_assert_uint_eq(b->params.len, 2);
    ck_assert_str_eq(param_at(&b->params, 0)->name, "mode");
    ck_assert_str_eq(param_at(&b->params, 1)->name, "user");
    ck_assert_uint_eq(b->constraints.len, 2);
    const Constraint *c = constraint_at(&b->constraints, 0);
    ck_assert_str_eq(c->lval, "mode");
    ck_assert_ptr_eq(c->body, b);
    ck_assert_ptr_null(c->promise);
    ck_assert_str_eq(c->classes, "any");
    ck_assert_int_eq(constraint_at(&b->constraints, 1)->rval->kind, RVAL_LIST);
    ck_assert_ptr_eq(body_get(b, "owners"), constraint_at(&b->constraints, 1));
    ck_assert_ptr_null(body_get(b, "groups"));
    ck_assert_uint_eq(tu_body(p, 1)->constraints.len, 0);
    policy_free(p);
}
END_TEST

START_TEST(test_parser_promise_block)
{
    Policy *p = tu_parse_ok("promise agent example\n{\n  path => \"/bin/true\";\n  interpreter => \"/bin/sh\";\n}\n");
    const Body *b = tu_body(p, 0);
    ck_assert_int_eq(b->kind, BODY_KIND_PROMISE);
    ck_assert_str_eq(b->type, "agent");
    ck_assert_str_eq(b->name, "example");
    ck_assert_uint_eq(b->constraints.len, 2);
    ck_assert_str_eq(body_get(b, "interpreter")->rval->str, "/bin/sh");
    /* a promise block is not a body that references find */
    ck_assert_ptr_null(policy_find_body(p, NULL, "agent", "example"));
    policy_free(p);
}
END_TEST

START_TEST(test_parser_empty_bundle_and_sections)
{
    Policy *p = tu_parse_ok("bundle agent main\n{\n  vars:\n  reports:\n  vars:\n    \"v\" string => \"x\";\n}\n");
    const Bundle *b = tu_bundle(p, 0);
    ck_assert_uint_eq(b->sections.len, 3); /* one per "type:", repeats included */
    ck_assert_str_eq(section_at(b, 0)->promise_type, "vars");
    ck_assert_uint_eq(section_at(b, 0)->promises.len, 0);
    ck_assert_str_eq(section_at(b, 1)->promise_type, "reports");
    ck_assert_str_eq(section_at(b, 2)->promise_type, "vars");
    ck_assert_uint_eq(section_at(b, 2)->promises.len, 1);
    ck_assert_ptr_eq(section_at(b, 2)->bundle, b);
    policy_free(p);
}
END_TEST

START_TEST(test_parser_promises_and_parents)
{
    Policy *p = tu_parse_ok("bundle agent main\n{\n  reports:\n    \"a\";\n    \"b\" comment => \"c\", handle => \"h\";\n}\n");
    const Bundle *b = tu_bundle(p, 0);
    const Section *s = section_at(b, 0);
    ck_assert_uint_eq(s->promises.len, 2);
    const Promise *a = s->promises.items[0];
    const Promise *pb = s->promises.items[1];
    ck_assert_str_eq(a->promiser, "a");
    ck_assert_int_eq(a->promiser_quote, '"');
    ck_assert_ptr_null(a->promisee);
    ck_assert_uint_eq(a->constraints.len, 0);
    ck_assert_str_eq(a->classes, "any");
    ck_assert_ptr_eq(a->section, s);
    ck_assert_uint_eq(pb->constraints.len, 2);
    const Constraint *c = constraint_at(&pb->constraints, 1);
    ck_assert_str_eq(c->lval, "handle");
    ck_assert_ptr_eq(c->promise, pb);
    ck_assert_ptr_null(c->body);
    ck_assert_str_eq(c->classes, "any");
    ck_assert_ptr_eq(promise_get(pb, "comment"), constraint_at(&pb->constraints, 0));
    ck_assert_ptr_null(promise_get(pb, "nope"));
    ck_assert_ptr_eq(promise_file(pb), p->files.items[0]);
    ck_assert_ptr_eq(constraint_file(c), p->files.items[0]);
    policy_free(p);
}
END_TEST

START_TEST(test_parser_class_guards_in_bundles_and_bodies)
{
    Policy *p = tu_parse_ok("bundle agent main\n{\n  reports:\n    linux::\n      \"a\" comment => \"x\";\n}\n"
                            "body perms p\n{\n  windows::\n    mode => \"600\";\n  any::\n    owners => { };\n}\n");
    const Promise *a = tu_promise(p, "a");
    ck_assert_str_eq(a->classes, "linux");
    ck_assert_str_eq(constraint_at(&a->constraints, 0)->classes, "linux");
    const Body *b = tu_body(p, 0);
    ck_assert_str_eq(constraint_at(&b->constraints, 0)->classes, "windows");
    ck_assert_str_eq(constraint_at(&b->constraints, 1)->classes, "any");
    policy_free(p);
}
END_TEST

START_TEST(test_parser_guard_resets_per_block)
{
    Policy *p = tu_parse_ok("bundle agent a { reports:\n linux::\n \"x\"; }\nbundle agent b { reports: \"y\"; }\n"
                            "body perms p { linux::\n mode => \"1\"; }\nbody perms q { mode => \"2\"; }\n");
    ck_assert_str_eq(tu_promise(p, "y")->classes, "any");
    ck_assert_str_eq(constraint_at(&tu_body(p, 1)->constraints, 0)->classes, "any");
    policy_free(p);
}
END_TEST

/* ---- promisees and rvals -------------------------------------------------- */

START_TEST(test_parser_promisees)
{
    Policy *p = tu_parse_ok("bundle agent main { reports:\n \"a\" -> \"one\";\n \"b\" -> { \"x\", y, };\n"
                            " \"c\" -> { };\n \"d\" -> $(v) comment => \"k\";\n \"e\" -> f(\"a\"); }");
    const Rval *r = tu_promise(p, "a")->promisee;
    ck_assert_int_eq(r->kind, RVAL_STRING);
    ck_assert_str_eq(r->str, "one");
    r = tu_promise(p, "b")->promisee;
    ck_assert_int_eq(r->kind, RVAL_LIST);
    ck_assert_uint_eq(r->items.len, 2);
    ck_assert_int_eq(tu_item(r, 1)->kind, RVAL_SYMBOL);
    r = tu_promise(p, "c")->promisee;
    ck_assert_int_eq(r->kind, RVAL_LIST);
    ck_assert_uint_eq(r->items.len, 0);
    ck_assert_int_eq(tu_promise(p, "d")->promisee->kind, RVAL_NAKEDVAR);
    ck_assert_uint_eq(tu_promise(p, "d")->constraints.len, 1);
    ck_assert_int_eq(tu_promise(p, "e")->promisee->kind, RVAL_FNCALL);
    policy_free(p);
}
END_TEST

START_TEST(test_parser_rval_kinds)
{
    Policy *p = tu_parse_ok("bundle agent main { vars: \"v\"\n"
                            " s => \"str\",\n y => sym,\n n => ns:sym,\n v => $(var),\n"
                            " l => { \"a\", b, $(c), d(), },\n f => fn(\"a\", b, @(c), g(h(\"i\")));\n}");
    const Rval *r = tu_rval(p, "v", "s");
    ck_assert_int_eq(r->kind, RVAL_STRING);
    ck_assert_str_eq(r->str, "str");
    r = tu_rval(p, "v", "y");
    ck_assert_int_eq(r->kind, RVAL_SYMBOL);
    ck_assert_str_eq(r->str, "sym");
    r = tu_rval(p, "v", "n");
    ck_assert_int_eq(r->kind, RVAL_SYMBOL);
    ck_assert_str_eq(r->str, "ns:sym");
    r = tu_rval(p, "v", "v");
    ck_assert_int_eq(r->kind, RVAL_NAKEDVAR);
    ck_assert_str_eq(r->str, "$(var)");
    r = tu_rval(p, "v", "l");
    ck_assert_int_eq(r->kind, RVAL_LIST);
    ck_assert_ptr_null(r->str);
    ck_assert_uint_eq(r->items.len, 4);
    ck_assert_int_eq(tu_item(r, 0)->kind, RVAL_STRING);
    ck_assert_int_eq(tu_item(r, 1)->kind, RVAL_SYMBOL);
    ck_assert_int_eq(tu_item(r, 2)->kind, RVAL_NAKEDVAR);
    ck_assert_int_eq(tu_item(r, 3)->kind, RVAL_FNCALL);
    ck_assert_str_eq(tu_item(r, 3)->str, "d");
    ck_assert_uint_eq(tu_item(r, 3)->items.len, 0);
    r = tu_rval(p, "v", "f");
    ck_assert_int_eq(r->kind, RVAL_FNCALL);
    ck_assert_str_eq(r->str, "fn");
    ck_assert_uint_eq(r->items.len, 4);
    ck_assert_str_eq(tu_item(r, 2)->str, "@(c)");
    const Rval *g = tu_item(r, 3);
    ck_assert_int_eq(g->kind, RVAL_FNCALL);
    ck_assert_str_eq(g->str, "g");
    const Rval *h = tu_item(g, 0);
    ck_assert_int_eq(h->kind, RVAL_FNCALL);
    ck_assert_str_eq(h->str, "h");
    ck_assert_str_eq(tu_item(h, 0)->str, "i");
    policy_free(p);
}
END_TEST

START_TEST(test_parser_rval_spans)
{
    const char *text = "bundle agent main { vars: \"v\" l => { \"a\", f(x) }; }";
    Policy *p = tu_parse_ok(text);
    const Rval *l = tu_rval(p, "v", "l");
    ck_assert_uint_eq(l->span.start, (uint32_t)(strstr(text, "{ \"a\"") - text));
    ck_assert_uint_eq(l->span.end, (uint32_t)(strstr(text, "};") - text) + 1);
    const Rval *f = tu_item(l, 1);
    ck_assert_uint_eq(f->span.start, (uint32_t)(strstr(text, "f(x)") - text));
    ck_assert_uint_eq(f->span.end, (uint32_t)(strstr(text, "f(x)") - text) + 4);
    policy_free(p);
}
END_TEST

START_TEST(test_parser_function_names_namespaced_or_variable)
{
    Policy *p = tu_parse_ok("bundle agent main { methods: \"a\" usebundle => lib:b(\"x\");\n"
                            " \"b\" usebundle => $(name)(\"x\", \"y\");\n \"c\" usebundle => @{n}();\n"
                            " \"d\" usebundle => plain; }");
    const Rval *r = tu_rval(p, "a", "usebundle");
    ck_assert_int_eq(r->kind, RVAL_FNCALL);
    ck_assert_str_eq(r->str, "lib:b");
    r = tu_rval(p, "b", "usebundle");
    ck_assert_int_eq(r->kind, RVAL_FNCALL);
    ck_assert_str_eq(r->str, "$(name)");
    ck_assert_uint_eq(r->items.len, 2);
    r = tu_rval(p, "c", "usebundle");
    ck_assert_int_eq(r->kind, RVAL_FNCALL);
    ck_assert_str_eq(r->str, "@{n}");
    ck_assert_uint_eq(r->items.len, 0);
    ck_assert_int_eq(tu_rval(p, "d", "usebundle")->kind, RVAL_SYMBOL);
    policy_free(p);
}
END_TEST

START_TEST(test_parser_lists_empty_and_trailing_comma)
{
    Policy *p = tu_parse_ok("bundle agent main { vars:\n \"a\" slist => { };\n \"b\" slist => {\"x\",};\n"
                            " \"c\" slist => { \"x\", \"y\" }; }");
    ck_assert_uint_eq(tu_rval(p, "a", "slist")->items.len, 0);
    ck_assert_uint_eq(tu_rval(p, "b", "slist")->items.len, 1);
    ck_assert_uint_eq(tu_rval(p, "c", "slist")->items.len, 2);
    policy_free(p);
}
END_TEST

START_TEST(test_parser_list_errors)
{
    ASSERT_ERRORS("bundle agent main { vars: \"x\" slist => { {\"a\"} }; }", 1, "test.cf:1:43: error: Expected",
                  "got '{'");
    ASSERT_ERRORS("bundle agent main { vars: \"x\" string => f({\"a\"}); }", 1, "test.cf:1:44: error: Expected",
                  "got '{'");
    ASSERT_ERRORS("bundle agent main { vars: \"x\" slist => { \"a\",, }; }", 1, "got ','");
    ASSERT_ERRORS("bundle agent main { vars: \"x\" slist => { , }; }", 1, "got ','");
    ASSERT_ERRORS("bundle agent main { vars: \"x\" string => f(\"a\",); }", 1, "got ')'");
    ASSERT_ERRORS("bundle agent main { vars: \"x\" string => f(\"a\"; }", 1, "got ';'");
}
END_TEST

START_TEST(test_parser_namespace_from_file_control)
{
    Policy *p = tu_parse_ok("bundle agent first { }\n"
                            "body file control { namespace => \"lib\"; }\n"
                            "bundle agent second { }\n"
                            "body perms p { }\n"
                            "promise agent custom { }\n"
                            "body file control { namespace => \"other\"; }\n"
                            "bundle agent third { }\n"
                            "body file control { namespace => \"default\"; }\n"
                            "bundle agent fourth { }\n");
    ck_assert_str_eq(tu_bundle(p, 0)->ns, "default");
    ck_assert_str_eq(tu_bundle(p, 1)->ns, "lib");
    ck_assert_str_eq(tu_bundle(p, 2)->ns, "other");
    ck_assert_str_eq(tu_bundle(p, 3)->ns, "default");
    ck_assert_str_eq(tu_body(p, 0)->ns, "default"); /* the control body itself */
    ck_assert_str_eq(tu_body(p, 1)->ns, "lib");
    ck_assert_str_eq(tu_body(p, 2)->ns, "lib");
    ck_assert_ptr_eq(policy_find_bundle(p, NULL, "lib:second"), tu_bundle(p, 1));
    ck_assert_ptr_eq(policy_find_bundle(p, "lib", "second"), tu_bundle(p, 1));
    ck_assert_ptr_null(policy_find_bundle(p, NULL, "second"));
    ck_assert_ptr_eq(policy_find_bundle(p, NULL, "first"), tu_bundle(p, 0));
    ck_assert_ptr_eq(policy_find_bundle(p, NULL, "default:fourth"), tu_bundle(p, 3));
    ck_assert_ptr_eq(policy_find_body(p, NULL, "perms", "lib:p"), tu_body(p, 1));
    ck_assert_ptr_null(policy_find_body(p, NULL, "action", "lib:p"));
    policy_free(p);
}
END_TEST

START_TEST(test_parser_namespace_not_a_string_ignored)
{
    /* Only a quoted namespace changes it; a variable is left to the
     * evaluator. */
    Policy *p = tu_parse_ok("body file control { namespace => $(ns); }\nbundle agent b { }\n");
    ck_assert_str_eq(tu_bundle(p, 0)->ns, "default");
    policy_free(p);
}
END_TEST

START_TEST(test_policy_qualified_names)
{
    char *a = policy_qualified_name("default", "x");
    char *b = policy_qualified_name("lib", "x");
    char *c = policy_qualified_name(NULL, "x");
    char *d = policy_qualified_name("lib", "other:x");
    ck_assert_str_eq(a, "x");
    ck_assert_str_eq(b, "lib:x");
    ck_assert_str_eq(c, "x");
    ck_assert_str_eq(d, "other:x");
    free(a);
    free(b);
    free(c);
    free(d);
}
END_TEST

START_TEST(test_policy_merge_moves_everything)
{
    Policy *a = tu_parse_ok("bundle agent a { }\nbody perms pa { }\n");
    Policy *b = tu_parse_ok("bundle agent b { }\nbody perms pb { }\n");
    policy_merge(a, b);
    ck_assert_uint_eq(a->files.len, 2);
    ck_assert_uint_eq(a->bundles.len, 2);
    ck_assert_uint_eq(a->bodies.len, 2);
    ck_assert_ptr_eq(tu_bundle(a, 1)->policy, a);
    ck_assert_ptr_eq(tu_body(a, 1)->policy, a);
    ck_assert_ptr_nonnull(policy_find_bundle(a, NULL, "b"));
    policy_free(a);
    policy_free(NULL);
}
END_TEST

START_TEST(test_policy_rval_copy_is_deep)
{
    Policy *p = tu_parse_ok("bundle agent main { vars: \"v\" f => fn(\"a\", $(x), g(h)); }");
    const Rval *r = tu_rval(p, "v", "f");
    Arena arena = ARENA_INIT;
    Rval *c = rval_copy(&arena, r);
    ck_assert_ptr_ne(c, r);
    ck_assert_str_eq(c->str, "fn");
    ck_assert_ptr_ne(c->str, r->str);
    ck_assert_uint_eq(c->items.len, 3);
    ck_assert_ptr_ne(tu_item(c, 2), tu_item(r, 2));
    ck_assert_str_eq(tu_item(tu_item(c, 2), 0)->str, "h");
    ck_assert_int_eq(tu_item(c, 0)->quote, '"');
    ck_assert_uint_eq(c->span.start, r->span.start);
    policy_free(p);
    ck_assert_str_eq(tu_item(tu_item(c, 2), 0)->str, "h"); /* outlives the tree it came from */
    arena_free(&arena);
}
END_TEST

/* ---- errors and recovery --------------------------------------------------- */

START_TEST(test_parser_error_messages)
{
    ASSERT_ERRORS("bundle agent main\n{\n  reports:\n    \"one\"\n    \"two\";\n}\n", 1,
                  "test.cf:5:10: error: Expected ';', got quoted string \"two\"\n    \"two\";\n         ^\n");
    ASSERT_ERRORS("bundle agent main\n{\n  reports:\n    \"one\";\n", 1,
                  "error: Expected quoted string, class guard, promise type or '}', got end of file");
    ASSERT_ERRORS("bundle agent main { reports: \"one\"; }\n)\n", 1,
                  "test.cf:2:2: error: Expected end of file, bundle, body or promise, got ')'");
    ASSERT_ERRORS("bundle agent { }", 1, "test.cf:1:15: error: Expected identifier or namespaced identifier, got '{'");
    ASSERT_ERRORS("bundle agent main ( { }", 1, "Expected identifier or ')', got '{'");
    ASSERT_ERRORS("body perms { }", 1, "Expected identifier or namespaced identifier, got '{'");
    ASSERT_ERRORS("bundle agent main { reports: \"x\", comment => \"c\"; }", 1, "Expected ';', got ','");
    ASSERT_ERRORS("bundle agent main { reports: \"x\" comment => \"c\",; }", 1, "Expected identifier, got ';'");
    ASSERT_ERRORS("bundle agent main { reports: \"x\" comment => ; }", 1,
                  "Expected identifier, namespaced identifier, quoted string, variable reference or '{', got ';'");
    ASSERT_ERRORS("bundle agent main { reports: \"x\" comment \"c\"; }", 1, "Expected =>, got quoted string \"c\"");
    ASSERT_ERRORS("bundle agent main { reports: x; }", 1, "got identifier x");
    ASSERT_ERRORS("bundle agent main { reports: \"x\" comment => \"c\" -> \"p\"; }", 1, "Expected ';', got '->'");
    ASSERT_ERRORS("bundle agent main { reports: \"x\" -> { \"a\" } -> \"b\"; }", 1, "Expected ';', got '->'");
}
END_TEST

START_TEST(test_parser_long_token_shortened_in_message)
{
    Buf b = BUF_INIT;
    buf_puts(&b, "bundle agent main { reports: \"x\" comment => \"c\" ");
    for (int i = 0; i < 100; i++)
        buf_putc(&b, 'a');
    buf_puts(&b, "; }");
    char *got = tu_parse_fail(buf_cstr(&b), NULL);
    ck_assert_ptr_nonnull(strstr(got, "got identifier aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\n"));
    free(got);
    buf_free(&b);
}
END_TEST

START_TEST(test_parser_promise_outside_section)
{
    ASSERT_ERRORS("bundle agent main\n{\n    \"one\";\n}\n", 1,
                  "test.cf:3:10: error: Expected a promise type (like 'vars:') before the promise \"one\"");
    ASSERT_ERRORS("bundle agent main\n{\n  linux::\n    \"one\";\n}\n", 2,
                  "test.cf:3:10: error: Expected a promise type (like 'vars:') before the class guard 'linux::'",
                  "before the promise \"one\"");
}
END_TEST

START_TEST(test_parser_recovery_reports_every_error)
{
    /* One error per block or statement, each reported, in order. */
    ASSERT_ERRORS("bundle agent main\n{\n  reports:\n    \"one\"\n    \"two\";\n"
                  "  vars:\n    \"x\" string => \"a\" \"b\";\n    \"y\" string => \"c\";\n}\n"
                  "bundle agent other\n{\n  reports:\n    \"three\" bogus => ;\n    \"four\" x => y;\n}\n"
                  "body perms p\n{\n  mode => ;\n  owners => { \"a\" };\n  groups => \"g\" \"h\";\n}\n",
                  5, "test.cf:5:10:", "test.cf:7:26:", "test.cf:13:23:", "test.cf:18:12:", "test.cf:20:20:");
}
END_TEST

START_TEST(test_parser_recovery_at_top_level)
{
    /* Junk between blocks is reported, and the blocks after it still are
     * read and checked. */
    ASSERT_ERRORS("junk junk;\n}\nbundle agent a { reports: \"x\" comment => ; }\n", 2, "test.cf:1:", "test.cf:3:");
}
END_TEST

/* parser.y: "Error recovery skips to the next ';' inside a block, or to the
 * end of a block, so every error in a file is reported." A missing ';'
 * before '}' (the commonest slip) instead skips into the next block, to its
 * first ';', and the errors there are never reported. */
START_TEST(test_parser_recovery_missing_semicolon_before_brace)
{
    ASSERT_ERRORS("bundle agent a\n{\n  reports:\n    \"x\"\n}\n"
                  "bundle agent b\n{\n  reports:\n    \"y\" comment => ;\n}\n",
                  2, "test.cf:5:2: error: Expected ';', got '}'", "test.cf:9:21: error: Expected");
    ASSERT_ERRORS("body perms a\n{\n  mode => \"600\"\n}\nbody perms b\n{\n  mode => ;\n}\n",
                  2, "test.cf:4:2: error: Expected ';', got '}'", "test.cf:7:12: error: Expected");
}
END_TEST

START_TEST(test_parser_nothing_handed_back_on_error)
{
    Capture c;
    capture_init(&c);
    Policy *p = (Policy *)&c; /* any non-NULL value: must be overwritten */
    unsigned n = tu_parse("bundle agent good { reports: \"x\"; }\nbundle agent bad { reports: \"y\" }\n", &c, &p);
    ck_assert_uint_eq(n, 1);
    ck_assert_ptr_null(p);
    ck_assert_uint_eq(c.diag.errors, 1);
    capture_free(&c);
}
END_TEST

START_TEST(test_parser_error_count_matches_messages)
{
    /* Every error counted is an error reported (below the cap). */
    Capture c;
    capture_init(&c);
    Policy *p = NULL;
    unsigned n = tu_parse("bundle agent a { reports: \"x\" \"y\"; }\n"
                          "bundle agent b { reports: \"z\" comment => ; }\n"
                          "@endif\n",
                          &c, &p);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(c.diag.errors, 3);
    ck_assert_uint_eq(c.messages, 3);
    ck_assert_ptr_null(p);
    capture_free(&c);
}
END_TEST

START_TEST(test_parser_error_cap)
{
    Buf b = BUF_INIT;
    for (int i = 0; i < 60; i++)
        buf_printf(&b, "bundle agent b%d { reports: \"x\" comment => ; }\n", i);
    Capture c;
    capture_init(&c);
    Policy *p = NULL;
    unsigned n = tu_parse(buf_cstr(&b), &c, &p);
    ck_assert_uint_eq(n, 60);
    ck_assert_uint_eq(c.diag.errors, 60);
    ck_assert_uint_eq(c.messages, 51); /* 50 and the notice */
    ck_assert_ptr_nonnull(strstr(capture_text(&c), "too many errors (50)"));
    ck_assert_ptr_null(p);
    capture_free(&c);
    buf_free(&b);
}
END_TEST

/* Every prefix of a policy that uses every construct parses or fails
 * cleanly: an error count that matches the messages, no tree on error, and
 * (under ASan) no leak and no bad read on any error path. */
static const char RICH[] =
    "# every construct\n"
    "body common control { inputs => { \"a.cf\", }; bundlesequence => { main, \"lib:x\" }; }\n"
    "@if minimum_version(3.7)\n"
    "bundle agent main(p, q)\n"
    "{\n"
    "  vars:\n"
    "    \"s\" string => concat(\"a\\\"b\", 'c', `d`, $(x), ${y}, f(g(@(z)))), comment => \"c\";\n"
    "    \"l\" slist => { \"a\", b, ns:c, $(d[e]), h(), };\n"
    "  linux|!windows::\n"
    "    \"e\" -> { \"p\", q } data => parsejson('{}');\n"
    "  \"$(c)\"::\n"
    "    \"f\" -> \"p\" usebundle => $(b)(\"x\");\n"
    "  methods:\n"
    "    \"m\" usebundle => lib:x(\"a\\\n"
    "b\");\n"
    "}\n"
    "@else\n"
    "not read\n"
    "@endif\n"
    "body perms mog(m,) { mode => \"$(m)\"; any:: owners => { }; }\n"
    "body file control { namespace => \"lib\"; }\n"
    "promise agent custom { path => \"/bin/true\"; }\n"
    "bundle agent x(a) { reports: \"$(a)\"; }\n";

START_TEST(test_parser_every_prefix_is_clean)
{
    size_t len = strlen(RICH);
    for (size_t k = 0; k <= len; k++) {
        char *text = xstrndup(RICH, k);
        Capture c;
        capture_init(&c);
        Policy *p = NULL;
        unsigned n = tu_parse(text, &c, &p);
        ck_assert_msg((n == 0) == (p != NULL), "prefix %zu: %u errors, tree %p", k, n, (void *)p);
        ck_assert_msg(n == c.diag.errors, "prefix %zu: %u counted, %u reported", k, n, c.diag.errors);
        if (n == 0)
            ck_assert_msg(c.messages == 0, "prefix %zu: messages without an error:\n%s", k, capture_text(&c));
        policy_free(p);
        capture_free(&c);
        free(text);
    }
    /* and the whole of it parses */
    Policy *p = tu_parse_ok(RICH);
    ck_assert_uint_eq(p->bundles.len, 2);
    ck_assert_uint_eq(p->bodies.len, 4);
    policy_free(p);
}
END_TEST

/* Each single byte replaced by each of a few troublesome ones. */
START_TEST(test_parser_every_byte_mutated_is_clean)
{
    static const char repl[] = { '{', '}', ';', '"', '\'', '`', '(', ')', ',', '$', '@', ':', '\\', '\n', '#' };
    size_t len = strlen(RICH);
    char *text = xstrdup(RICH);
    for (size_t k = 0; k < len; k++) {
        for (size_t r = 0; r < sizeof repl; r++) {
            char saved = text[k];
            text[k] = repl[r];
            Capture c;
            capture_init(&c);
            Policy *p = NULL;
            unsigned n = tu_parse(text, &c, &p);
            ck_assert_msg((n == 0) == (p != NULL), "byte %zu as '%c': %u errors, tree %p", k, repl[r], n,
                          (void *)p);
            policy_free(p);
            capture_free(&c);
            text[k] = saved;
        }
    }
    free(text);
}
END_TEST

START_TEST(test_parser_deep_nesting)
{
    /* Deeply nested calls parse (or fail) without blowing the stack. */
    Buf b = BUF_INIT;
    buf_puts(&b, "bundle agent main { vars: \"v\" string => ");
    for (int i = 0; i < 5000; i++)
        buf_puts(&b, "f(");
    buf_puts(&b, "\"x\"");
    for (int i = 0; i < 5000; i++)
        buf_putc(&b, ')');
    buf_puts(&b, "; }");
    Capture c;
    capture_init(&c);
    Policy *p = NULL;
    unsigned n = tu_parse(buf_cstr(&b), &c, &p);
    ck_assert((n == 0) == (p != NULL));
    policy_free(p);
    capture_free(&c);
    buf_free(&b);
}
END_TEST

static Suite *parser_suite(void)
{
    Suite *s = suite_create("parser");
    TCase *tc;

    tc = tcase_create("constructs");
    tcase_add_test(tc, test_parser_bundle_types_and_params);
    tcase_add_test(tc, test_parser_body_with_params);
    tcase_add_test(tc, test_parser_promise_block);
    tcase_add_test(tc, test_parser_empty_bundle_and_sections);
    tcase_add_test(tc, test_parser_promises_and_parents);
    tcase_add_test(tc, test_parser_class_guards_in_bundles_and_bodies);
    tcase_add_test(tc, test_parser_guard_resets_per_block);
    tcase_add_test(tc, test_parser_promisees);
    tcase_add_test(tc, test_parser_rval_kinds);
    tcase_add_test(tc, test_parser_rval_spans);
    tcase_add_test(tc, test_parser_function_names_namespaced_or_variable);
    tcase_add_test(tc, test_parser_lists_empty_and_trailing_comma);
    tcase_add_test(tc, test_parser_list_errors);
    tcase_add_test(tc, test_parser_namespace_from_file_control);
    tcase_add_test(tc, test_parser_namespace_not_a_string_ignored);
    tcase_add_test(tc, test_policy_qualified_names);
    tcase_add_test(tc, test_policy_merge_moves_everything);
    tcase_add_test(tc, test_policy_rval_copy_is_deep);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_set_timeout(tc, 120); /* the exhaustive ones are slow under ASan */
    tcase_add_test(tc, test_parser_error_messages);
    tcase_add_test(tc, test_parser_long_token_shortened_in_message);
    tcase_add_test(tc, test_parser_promise_outside_section);
    tcase_add_test(tc, test_parser_recovery_reports_every_error);
    tcase_add_test(tc, test_parser_recovery_at_top_level);
    tcase_add_test(tc, test_parser_recovery_missing_semicolon_before_brace);
    tcase_add_test(tc, test_parser_nothing_handed_back_on_error);
    tcase_add_test(tc, test_parser_error_count_matches_messages);
    tcase_add_test(tc, test_parser_error_cap);
    tcase_add_test(tc, test_parser_every_prefix_is_clean);
    tcase_add_test(tc, test_parser_every_byte_mutated_is_clean);
    tcase_add_test(tc, test_parser_deep_nesting);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(parser_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}