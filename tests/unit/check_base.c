/* check_base.c - the Check suite for src/base: Buf, Vec, the allocation
 * wrappers, SourceFile positions and diagnostics (Map: check_map.c). */
#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/vec.h"

/* ---- a Diag that records its messages ---------------------------------- */

typedef struct {
    Buf text;
    unsigned calls;
    unsigned errors;   /* messages the callback was told were errors */
    unsigned warnings;
} Sink;

static void sink_fn(void *userdata, DiagSeverity sev, const char *message)
{
    Sink *s = userdata;
    buf_puts(&s->text, message);
    s->calls++;
    if (sev == DIAG_ERROR)
        s->errors++;
    else
        s->warnings++;
}

static Diag sink_diag(Sink *s)
{
    memset(s, 0, sizeof *s);
    Diag d = DIAG_INIT;
    d.fn = sink_fn;
    d.userdata = s;
    return d;
}

static SourceFile *file_of(const char *path, const char *text)
{
    return srcfile_new(path, xstrdup(text), strlen(text));
}

/* ---- alloc --------------------------------------------------------------- */

START_TEST(test_alloc_zero_sizes_are_not_null)
{
    void *a = xmalloc(0);
    void *b = xcalloc(0, 0);
    void *c = xrealloc(NULL, 0);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_nonnull(c);
    free(a);
    free(b);
    free(c);
}
END_TEST

START_TEST(test_alloc_calloc_zeroes)
{
    unsigned char *p = xcalloc(64, 4);
    for (size_t i = 0; i < 256; i++)
        ck_assert_uint_eq(p[i], 0);
    free(p);
}
END_TEST

START_TEST(test_alloc_realloc_keeps_contents)
{
    char *p = xmalloc(4);
    memcpy(p, "abc", 4);
    p = xrealloc(p, 1 << 20);
    ck_assert_str_eq(p, "abc");
    p = xrealloc(p, 2);
    ck_assert_int_eq(p[0], 'a');
    ck_assert_int_eq(p[1], 'b');
    free(p);
}
END_TEST

START_TEST(test_alloc_strdup_and_strndup)
{
    char *a = xstrdup("hello");
    char *b = xstrndup("hello", 3);
    char *c = xstrndup("a\0b", 3); /* copies n bytes, NULs included */
    char *d = xstrdup("");
    ck_assert_str_eq(a, "hello");
    ck_assert_str_eq(b, "hel");
    ck_assert_int_eq(c[0], 'a');
    ck_assert_int_eq(c[1], '\0');
    ck_assert_int_eq(c[2], 'b');
    ck_assert_int_eq(c[3], '\0');
    ck_assert_str_eq(d, "");
    free(a);
    free(b);
    free(c);
    free(d);
}
END_TEST

START_TEST(test_alloc_asprintf_formats)
{
    char *s = xasprintf("%s-%d-%05.1f", "x", 42, 2.25);
    ck_assert_str_eq(s, "x-42-002.2");
    free(s);
    s = xasprintf("%s", "");
    ck_assert_str_eq(s, "");
    free(s);
}
END_TEST

START_TEST(test_alloc_concat_takes_lengths)
{
    char *s = xconcat("default:", 8, "bundle.x", 6);
    ck_assert_str_eq(s, "default:bundle");
    free(s);
    s = xconcat("", 0, "", 0);
    ck_assert_str_eq(s, "");
    free(s);
    s = xstrjoin("agent", " ", "ns", ":", "b", NULL);
    ck_assert_str_eq(s, "agent ns:b");
    free(s);
    s = xstrjoin("", NULL);
    ck_assert_str_eq(s, "");
    free(s);
}
END_TEST

/* Out of memory aborts instead of returning NULL. Not run under ASan,
 * which reports an impossible allocation itself, nor without fork mode,
 * where the abort would end the whole suite. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define TEST_UNDER_ASAN 1
#endif
#if !defined(TEST_UNDER_ASAN)
START_TEST(test_alloc_out_of_memory_aborts)
{
    /* the child's stderr: keep "out of memory" out of the test log */
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null >= 0)
        dup2(null, STDERR_FILENO);
    void *volatile p = xmalloc(SIZE_MAX - 16);
    free(p);
}
END_TEST
#endif

/* ---- Buf ----------------------------------------------------------------- */

START_TEST(test_buf_empty_cstr_is_empty_string)
{
    Buf b = BUF_INIT;
    ck_assert_ptr_null(b.data);
    ck_assert_str_eq(buf_cstr(&b), "");
    buf_clear(&b); /* on a Buf that never held anything */
    ck_assert_str_eq(buf_cstr(&b), "");
    buf_free(&b);
    buf_free(&b); /* twice is harmless */
}
END_TEST

START_TEST(test_buf_append_puts_putc)
{
    Buf b = BUF_INIT;
    buf_puts(&b, "ab");
    buf_putc(&b, 'c');
    buf_append(&b, "defgh", 2);
    buf_append(&b, "", 0);
    ck_assert_str_eq(buf_cstr(&b), "abcde");
    ck_assert_uint_eq(b.len, 5);
    ck_assert_uint_ge(b.cap, b.len + 1);
    buf_free(&b);
    ck_assert_ptr_null(b.data);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_uint_eq(b.cap, 0);
}
END_TEST

START_TEST(test_buf_grows_and_stays_terminated)
{
    Buf b = BUF_INIT;
    for (int i = 0; i < 10000; i++)
        buf_putc(&b, (char)('a' + i % 26));
    ck_assert_uint_eq(b.len, 10000);
    ck_assert_uint_eq(strlen(buf_cstr(&b)), 10000);
    ck_assert_int_eq(b.data[9999], 'a' + 9999 % 26);
    ck_assert_int_eq(b.data[10000], '\0');
    buf_free(&b);
}
END_TEST

START_TEST(test_buf_keeps_embedded_nul)
{
    Buf b = BUF_INIT;
    buf_append(&b, "a\0b", 3);
    ck_assert_uint_eq(b.len, 3);
    ck_assert_int_eq(memcmp(b.data, "a\0b", 4), 0);
    buf_free(&b);
}
END_TEST

START_TEST(test_buf_printf_appends)
{
    Buf b = BUF_INIT;
    buf_puts(&b, ">");
    buf_printf(&b, "%d:%s", 7, "seven");
    buf_printf(&b, "%s", ""); /* nothing to add */
    ck_assert_str_eq(buf_cstr(&b), ">7:seven");
    /* Longer than any first allocation. */
    buf_printf(&b, "%0500d", 1);
    ck_assert_uint_eq(b.len, 8 + 500);
    ck_assert_int_eq(b.data[b.len - 1], '1');
    ck_assert_int_eq(b.data[b.len], '\0');
    buf_free(&b);
}
END_TEST

START_TEST(test_buf_clear_keeps_storage)
{
    Buf b = BUF_INIT;
    buf_puts(&b, "something long enough");
    size_t cap = b.cap;
    buf_clear(&b);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_uint_eq(b.cap, cap);
    ck_assert_str_eq(buf_cstr(&b), "");
    buf_puts(&b, "x");
    ck_assert_str_eq(buf_cstr(&b), "x");
    buf_free(&b);
}
END_TEST

START_TEST(test_buf_steal_hands_over_storage)
{
    Buf b = BUF_INIT;
    char *empty = buf_steal(&b); /* never NULL, even for an empty Buf */
    ck_assert_ptr_nonnull(empty);
    ck_assert_str_eq(empty, "");
    free(empty);
    buf_puts(&b, "mine");
    char *s = buf_steal(&b);
    ck_assert_str_eq(s, "mine");
    ck_assert_ptr_null(b.data);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_str_eq(buf_cstr(&b), "");
    buf_puts(&b, "again"); /* the Buf is reusable */
    ck_assert_str_eq(buf_cstr(&b), "again");
    buf_free(&b);
    free(s);
}
END_TEST

/* ---- Vec ----------------------------------------------------------------- */

static int freed_count;

static void count_free(void *p)
{
    freed_count++;
    free(p);
}

START_TEST(test_vec_push_get_and_grow)
{
    Vec v = VEC_INIT;
    int items[100];
    for (int i = 0; i < 100; i++) {
        items[i] = i;
        vec_push(&v, &items[i]);
        ck_assert_uint_eq(v.len, (size_t)i + 1);
        ck_assert_uint_ge(v.cap, v.len);
    }
    for (int i = 0; i < 100; i++)
        ck_assert_ptr_eq(vec_get(&v, (size_t)i), &items[i]);
    vec_free(&v, NULL);
    ck_assert_ptr_null(v.items);
    ck_assert_uint_eq(v.len, 0);
    ck_assert_uint_eq(v.cap, 0);
}
END_TEST

START_TEST(test_vec_get_out_of_range_is_null)
{
    Vec v = VEC_INIT;
    ck_assert_ptr_null(vec_get(&v, 0));
    vec_push(&v, &v);
    ck_assert_ptr_null(vec_get(&v, 1));
    ck_assert_ptr_null(vec_get(&v, SIZE_MAX));
    vec_free(&v, NULL);
}
END_TEST

START_TEST(test_vec_keeps_null_items)
{
    Vec v = VEC_INIT;
    vec_push(&v, NULL);
    vec_push(&v, &v);
    ck_assert_uint_eq(v.len, 2);
    ck_assert_ptr_null(vec_get(&v, 0));
    ck_assert_ptr_eq(vec_get(&v, 1), &v);
    vec_free(&v, NULL);
}
END_TEST

START_TEST(test_vec_free_calls_destructor_on_each)
{
    Vec v = VEC_INIT;
    freed_count = 0;
    for (int i = 0; i < 9; i++)
        vec_push(&v, xstrdup("x"));
    vec_free(&v, count_free);
    ck_assert_int_eq(freed_count, 9);
    vec_free(&v, count_free); /* an emptied Vec frees nothing more */
    ck_assert_int_eq(freed_count, 9);
}
END_TEST

/* ---- SourceFile ------------------------------------------------------------ */

START_TEST(test_diag_srcfile_new_copies_path_owns_text)
{
    char path[] = "some/file.cf";
    SourceFile *f = srcfile_new(path, xstrdup("abc"), 3);
    path[0] = 'X';
    ck_assert_str_eq(f->path, "some/file.cf");
    ck_assert_str_eq(f->text, "abc");
    ck_assert_uint_eq(f->len, 3);
    srcfile_free(f);
    srcfile_free(NULL);
}
END_TEST

START_TEST(test_diag_linecol)
{
    /* offsets:   0123 4 567 8 9 */
    SourceFile *f = file_of("f", "abc\n\nde\n");
    unsigned line, col;
    struct { size_t off; unsigned line, col; } cases[] = {
        { 0, 1, 1 }, { 2, 1, 3 }, { 3, 1, 4 }, /* the '\n' ends its line */
        { 4, 2, 1 },                           /* an empty line */
        { 5, 3, 1 }, { 6, 3, 2 }, { 7, 3, 3 },
        { 8, 4, 1 },                           /* end of file after '\n' */
        { 1000, 4, 1 },                        /* past the end: clamped */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        srcfile_linecol(f, cases[i].off, &line, &col);
        ck_assert_msg(line == cases[i].line && col == cases[i].col, "offset %zu: got %u:%u, expected %u:%u",
                      cases[i].off, line, col, cases[i].line, cases[i].col);
    }
    srcfile_free(f);
}
END_TEST

START_TEST(test_diag_linecol_empty_file)
{
    SourceFile *f = srcfile_new("f", xstrdup(""), 0);
    unsigned line, col;
    srcfile_linecol(f, 0, &line, &col);
    ck_assert_uint_eq(line, 1);
    ck_assert_uint_eq(col, 1);
    srcfile_linecol(f, 5, &line, &col);
    ck_assert_uint_eq(line, 1);
    ck_assert_uint_eq(col, 1);
    srcfile_free(f);
}
END_TEST

START_TEST(test_diag_linecol_counts_bytes)
{
    /* "é" is two bytes and a tab one: columns count bytes. */
    SourceFile *f = file_of("f", "\xc3\xa9x\n\ty");
    unsigned line, col;
    srcfile_linecol(f, 2, &line, &col);
    ck_assert_uint_eq(line, 1);
    ck_assert_uint_eq(col, 3);
    srcfile_linecol(f, 5, &line, &col);
    ck_assert_uint_eq(line, 2);
    ck_assert_uint_eq(col, 2);
    srcfile_free(f);
}
END_TEST

START_TEST(test_diag_linecol_many_lines)
{
    Buf b = BUF_INIT;
    for (int i = 0; i < 1000; i++)
        buf_puts(&b, "12345\n");
    size_t len = b.len;
    SourceFile *f = srcfile_new("f", buf_steal(&b), len);
    unsigned line, col;
    srcfile_linecol(f, 6 * 567 + 4, &line, &col);
    ck_assert_uint_eq(line, 568);
    ck_assert_uint_eq(col, 5);
    srcfile_linecol(f, len - 1, &line, &col);
    ck_assert_uint_eq(line, 1000);
    ck_assert_uint_eq(col, 6);
    srcfile_free(f);
}
END_TEST

/* ---- diagnostics ------------------------------------------------------------ */

START_TEST(test_diag_format_with_caret)
{
    Sink s;
    Diag d = sink_diag(&s);
    SourceFile *f = file_of("dir/p.cf", "line one\n  bad token here\nlast\n");
    diag_at(&d, DIAG_ERROR, f, 11, "Expected %s, got '%s'", "';'", "bad");
    ck_assert_str_eq(buf_cstr(&s.text), "dir/p.cf:2:3: error: Expected ';', got 'bad'\n"
                                        "  bad token here\n"
                                        "  ^\n");
    ck_assert_uint_eq(d.errors, 1);
    ck_assert_uint_eq(d.warnings, 0);
    ck_assert_uint_eq(s.calls, 1);
    ck_assert_uint_eq(s.errors, 1);
    srcfile_free(f);
    buf_free(&s.text);
}
END_TEST

START_TEST(test_diag_warning_format)
{
    Sink s;
    Diag d = sink_diag(&s);
    SourceFile *f = file_of("p.cf", "abc");
    diag_at(&d, DIAG_WARNING, f, 0, "careful");
    ck_assert_str_eq(buf_cstr(&s.text), "p.cf:1:1: warning: careful\nabc\n^\n");
    ck_assert_uint_eq(d.warnings, 1);
    ck_assert_uint_eq(d.errors, 0);
    ck_assert_uint_eq(s.warnings, 1);
    srcfile_free(f);
    buf_free(&s.text);
}
END_TEST

START_TEST(test_diag_caret_keeps_tabs)
{
    Sink s;
    Diag d = sink_diag(&s);
    SourceFile *f = file_of("p.cf", "\t\tx  y\n");
    diag_at(&d, DIAG_ERROR, f, 5, "here");
    ck_assert_str_eq(buf_cstr(&s.text), "p.cf:1:6: error: here\n\t\tx  y\n\t\t   ^\n");
    srcfile_free(f);
    buf_free(&s.text);
}
END_TEST

START_TEST(test_diag_caret_at_end_of_line_and_file)
{
    Sink s;
    Diag d = sink_diag(&s);
    SourceFile *f = file_of("p.cf", "ab\ncd");
    diag_at(&d, DIAG_ERROR, f, 2, "eol");  /* on the '\n' */
    diag_at(&d, DIAG_ERROR, f, 5, "eof");  /* past the last byte */
    ck_assert_str_eq(buf_cstr(&s.text), "p.cf:1:3: error: eol\nab\n  ^\n"
                                        "p.cf:2:3: error: eof\ncd\n  ^\n");
    srcfile_free(f);
    buf_free(&s.text);
}
END_TEST

START_TEST(test_diag_control_characters_shown_as_question_marks)
{
    Sink s;
    Diag d = sink_diag(&s);
    SourceFile *f = file_of("p.cf", "a\x01" "b\x7f" "c\r\nnext");
    diag_at(&d, DIAG_ERROR, f, 4, "x");
    ck_assert_str_eq(buf_cstr(&s.text), "p.cf:1:5: error: x\na?b?c?\n    ^\n");
    srcfile_free(f);
    buf_free(&s.text);
}
END_TEST

START_TEST(test_diag_long_line_shown_in_part)
{
    Sink s;
    Diag d = sink_diag(&s);
    Buf line = BUF_INIT;
    for (int i = 0; i < 2000; i++)
        buf_putc(&line, 'x');
    size_t len = line.len;
    SourceFile *f = srcfile_new("p.cf", buf_steal(&line), len);
    diag_at(&d, DIAG_ERROR, f, 1500, "far");
    const char *t = buf_cstr(&s.text);
    ck_assert_msg(strncmp(t, "p.cf:1:1501: error: far\n", 24) == 0, "got %.40s", t);
    /* header, at most 500 bytes of source, the caret line: bounded */
    ck_assert_uint_le(strlen(t), 24 + 501 + 502);
    ck_assert_int_eq(t[strlen(t) - 2], '^');
    srcfile_free(f);
    buf_free(&s.text);
}
END_TEST

START_TEST(test_diag_file_without_position)
{
    Sink s;
    Diag d = sink_diag(&s);
    diag_file(&d, DIAG_ERROR, "x.cf", "cannot open policy file: %s", "No such file or directory");
    diag_file(&d, DIAG_WARNING, NULL, "no path %d", 1);
    ck_assert_str_eq(buf_cstr(&s.text), "x.cf: error: cannot open policy file: No such file or directory\n"
                                        "warning: no path 1\n");
    ck_assert_uint_eq(d.errors, 1);
    ck_assert_uint_eq(d.warnings, 1);
    buf_free(&s.text);
}
END_TEST

START_TEST(test_diag_cap_on_errors)
{
    Sink s;
    Diag d = sink_diag(&s);
    d.max_errors = 3;
    SourceFile *f = file_of("p.cf", "x\n");
    for (int i = 0; i < 10; i++)
        diag_at(&d, DIAG_ERROR, f, 0, "error %d", i);
    diag_file(&d, DIAG_ERROR, "p.cf", "one more");
    /* Three shown, one notice, every error counted. */
    ck_assert_uint_eq(d.errors, 11);
    ck_assert(d.capped);
    ck_assert_uint_eq(s.calls, 4);
    const char *t = buf_cstr(&s.text);
    ck_assert_ptr_nonnull(strstr(t, "error 2"));
    ck_assert_ptr_null(strstr(t, "error 3"));
    ck_assert_ptr_null(strstr(t, "one more"));
    ck_assert_ptr_nonnull(strstr(t, "error: too many errors (3), giving up on showing more\n"));
    /* the notice comes last, once */
    const char *notice = "error: too many errors (3), giving up on showing more\n";
    ck_assert_uint_ge(strlen(t), strlen(notice));
    ck_assert_str_eq(t + strlen(t) - strlen(notice), notice);
    ck_assert_ptr_eq(strstr(t, "too many"), strrchr(t, '\n') - strlen(notice) + 1 + strlen("error: "));
    srcfile_free(f);
    buf_free(&s.text);
}
END_TEST

START_TEST(test_diag_cap_default_is_50)
{
    Sink s;
    Diag d = sink_diag(&s);
    SourceFile *f = file_of("p.cf", "x\n");
    for (int i = 0; i < 60; i++)
        diag_at(&d, DIAG_ERROR, f, 0, "e");
    ck_assert_uint_eq(d.errors, 60);
    ck_assert_uint_eq(s.calls, 51);
    ck_assert_ptr_nonnull(strstr(buf_cstr(&s.text), "too many errors (50)"));
    srcfile_free(f);
    buf_free(&s.text);
}
END_TEST

START_TEST(test_diag_warnings_hidden_after_cap)
{
    Sink s;
    Diag d = sink_diag(&s);
    d.max_errors = 1;
    SourceFile *f = file_of("p.cf", "x\n");
    diag_at(&d, DIAG_WARNING, f, 0, "shown");
    diag_at(&d, DIAG_ERROR, f, 0, "first");
    diag_at(&d, DIAG_WARNING, f, 0, "hidden");
    ck_assert_uint_eq(d.warnings, 2);
    ck_assert_uint_eq(d.errors, 1);
    ck_assert_ptr_nonnull(strstr(buf_cstr(&s.text), "shown"));
    ck_assert_ptr_null(strstr(buf_cstr(&s.text), "hidden"));
    srcfile_free(f);
    buf_free(&s.text);
}
END_TEST

/* Without a callback the messages go to stderr: checked by running one in
 * a child with stderr redirected to a file. */
START_TEST(test_diag_default_is_stderr)
{
    const char *tmp = getenv("TMPDIR");
    char *path = xasprintf("%s/minicf-diag.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    Diag d = DIAG_INIT;
    SourceFile *f = file_of("p.cf", "abc\n");
    diag_at(&d, DIAG_ERROR, f, 1, "to stderr");
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    char got[256] = { 0 };
    ssize_t n = pread(fd, got, sizeof got - 1, 0);
    close(fd);
    unlink(path);
    free(path);
    ck_assert_int_gt(n, 0);
    ck_assert_str_eq(got, "p.cf:1:2: error: to stderr\nabc\n ^\n");
    ck_assert_uint_eq(d.errors, 1);
    srcfile_free(f);
}
END_TEST

static Suite *base_suite(bool forking)
{
    Suite *s = suite_create("base");
    TCase *tc;

    tc = tcase_create("alloc");
    tcase_add_test(tc, test_alloc_zero_sizes_are_not_null);
    tcase_add_test(tc, test_alloc_calloc_zeroes);
    tcase_add_test(tc, test_alloc_realloc_keeps_contents);
    tcase_add_test(tc, test_alloc_strdup_and_strndup);
    tcase_add_test(tc, test_alloc_asprintf_formats);
    tcase_add_test(tc, test_alloc_concat_takes_lengths);
#if !defined(TEST_UNDER_ASAN)
    if (forking)
        tcase_add_test_raise_signal(tc, test_alloc_out_of_memory_aborts, SIGABRT);
#else
    (void)forking;
#endif
    suite_add_tcase(s, tc);

    tc = tcase_create("buf");
    tcase_add_test(tc, test_buf_empty_cstr_is_empty_string);
    tcase_add_test(tc, test_buf_append_puts_putc);
    tcase_add_test(tc, test_buf_grows_and_stays_terminated);
    tcase_add_test(tc, test_buf_keeps_embedded_nul);
    tcase_add_test(tc, test_buf_printf_appends);
    tcase_add_test(tc, test_buf_clear_keeps_storage);
    tcase_add_test(tc, test_buf_steal_hands_over_storage);
    suite_add_tcase(s, tc);

    tc = tcase_create("vec");
    tcase_add_test(tc, test_vec_push_get_and_grow);
    tcase_add_test(tc, test_vec_get_out_of_range_is_null);
    tcase_add_test(tc, test_vec_keeps_null_items);
    tcase_add_test(tc, test_vec_free_calls_destructor_on_each);
    suite_add_tcase(s, tc);

    tc = tcase_create("diag");
    tcase_add_test(tc, test_diag_srcfile_new_copies_path_owns_text);
    tcase_add_test(tc, test_diag_linecol);
    tcase_add_test(tc, test_diag_linecol_empty_file);
    tcase_add_test(tc, test_diag_linecol_counts_bytes);
    tcase_add_test(tc, test_diag_linecol_many_lines);
    tcase_add_test(tc, test_diag_format_with_caret);
    tcase_add_test(tc, test_diag_warning_format);
    tcase_add_test(tc, test_diag_caret_keeps_tabs);
    tcase_add_test(tc, test_diag_caret_at_end_of_line_and_file);
    tcase_add_test(tc, test_diag_control_characters_shown_as_question_marks);
    tcase_add_test(tc, test_diag_long_line_shown_in_part);
    tcase_add_test(tc, test_diag_file_without_position);
    tcase_add_test(tc, test_diag_cap_on_errors);
    tcase_add_test(tc, test_diag_cap_default_is_50);
    tcase_add_test(tc, test_diag_warnings_hidden_after_cap);
    tcase_add_test(tc, test_diag_default_is_stderr);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    /* CK_FORK=no in the environment turns fork mode off (for a debugger). */
    const char *fork_env = getenv("CK_FORK");
    bool forking = !(fork_env && strcmp(fork_env, "no") == 0);
    SRunner *sr = srunner_create(base_suite(forking));
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
