/* check_base.c - the Check suite for src/base: Buf, Vec and the
 * allocation wrappers (Map: check_map.c; SourceFile and diagnostics:
 * check_diag.c). */
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
#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/map.h"
#include "base/vec.h"


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

/* Out of memory aborts instead of returning NULL. Not run under ASan or
 * TSan, which report an impossible allocation themselves, nor without
 * fork mode, where the abort would end the whole suite. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define TEST_UNDER_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TEST_UNDER_SANITIZER 1
#endif
#if !defined(TEST_UNDER_SANITIZER)
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
START_TEST(test_arena_alloc_overflow_aborts)
{
    /* a size whose rounding up wrapped to 0 gave a 16-byte block */
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null >= 0)
        dup2(null, STDERR_FILENO);
    Arena a = ARENA_INIT;
    void *volatile p = arena_alloc(&a, SIZE_MAX);
    (void)p;
    arena_free(&a);
}
END_TEST
#endif

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
    /* into the caller's buffer when it fits (with its NUL), else allocated */
    char buf[11];
    s = xstrjoin_in(buf, sizeof buf, "agent", " ", "ns", ":", "b", NULL);
    ck_assert_ptr_eq(s, buf);
    ck_assert_str_eq(s, "agent ns:b");
    s = xstrjoin_in(buf, sizeof buf, "agent", " ", "ns", ":", "bb", NULL);
    ck_assert_ptr_ne(s, buf);
    ck_assert_str_eq(s, "agent ns:bb");
    free(s);
}
END_TEST

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
    /* room reserved and nothing written: still the empty string */
    buf_reserve(&b, 100);
    ck_assert_uint_ge(b.cap, 101);
    ck_assert_str_eq(buf_cstr(&b), "");
    s = buf_steal(&b);
    ck_assert_str_eq(s, "");
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

START_TEST(test_arena_alloc_zeroes_and_aligns)
{
    Arena a = ARENA_INIT;
    for (size_t n = 0; n < 200; n++) {
        unsigned char *p = arena_alloc(&a, n);
        ck_assert_ptr_nonnull(p);
        ck_assert_uint_eq((uintptr_t)p % sizeof(void *), 0);
        for (size_t i = 0; i < n; i++)
            ck_assert_uint_eq(p[i], 0);
        memset(p, 0xab, n);
        char *s = arena_strndup(&a, "abcdef", n % 7); /* strings packed between aligned blocks */
        ck_assert_uint_eq(strlen(s), n % 7);
    }
    arena_free(&a);
    ck_assert_ptr_null(a.chunks);
    arena_free(&a); /* empty again: a no-op */
}
END_TEST

START_TEST(test_arena_large_blocks_keep_the_chunk)
{
    Arena a = ARENA_INIT;
    char *small = arena_strdup(&a, "small");
    char *big = arena_alloc(&a, 1u << 20); /* its own chunk */
    memset(big, 1, 1u << 20);
    char *next = arena_strdup(&a, "next");
    ck_assert_str_eq(small, "small");
    ck_assert_str_eq(next, "next");
    ck_assert_ptr_eq(next, small + 16); /* still carved from the first chunk */
    char *lots = NULL;
    for (int i = 0; i < 10000; i++)
        lots = arena_strdup(&a, "a string of some length, to fill several chunks");
    ck_assert_str_eq(lots, "a string of some length, to fill several chunks");
    arena_free(&a);
}
END_TEST

START_TEST(test_arena_vec_push_grows)
{
    Arena a = ARENA_INIT;
    Vec v = VEC_INIT;
    int x[100];
    for (int i = 0; i < 100; i++)
        arena_vec_push(&a, &v, &x[i]);
    ck_assert_uint_eq(v.len, 100);
    for (int i = 0; i < 100; i++)
        ck_assert_ptr_eq(v.items[i], &x[i]);
    arena_free(&a); /* the array too: no vec_free */
}
END_TEST

START_TEST(test_arena_move_keeps_both)
{
    Arena a = ARENA_INIT, b = ARENA_INIT, empty = ARENA_INIT;
    char *sa = arena_strdup(&a, "in a");
    char *sb = arena_strdup(&b, "in b");
    for (int i = 0; i < 5000; i++)
        arena_strdup(&b, "filler filler filler filler");
    arena_move(&a, &b);
    ck_assert_ptr_null(b.chunks);
    arena_move(&a, &empty);
    char *after = arena_strdup(&a, "after");
    ck_assert_ptr_eq(after, sa + 16); /* a's chunk stays the one carved */
    ck_assert_str_eq(sa, "in a");
    ck_assert_str_eq(sb, "in b");
    arena_move(&empty, &a); /* into an empty arena */
    ck_assert_ptr_null(a.chunks);
    ck_assert_str_eq(sb, "in b");
    arena_free(&empty);
    arena_free(&a);
    arena_free(&b);
}
END_TEST

static Suite *base_suite(bool forking)
{
    Suite *s = suite_create("base");
    TCase *tc;

    tc = tcase_create("alloc");
    tcase_add_test(tc, test_alloc_zero_sizes_are_not_null);
    tcase_add_test(tc, test_arena_alloc_zeroes_and_aligns);
    tcase_add_test(tc, test_arena_large_blocks_keep_the_chunk);
    tcase_add_test(tc, test_arena_vec_push_grows);
    tcase_add_test(tc, test_arena_move_keeps_both);
    tcase_add_test(tc, test_alloc_calloc_zeroes);
    tcase_add_test(tc, test_alloc_realloc_keeps_contents);
    tcase_add_test(tc, test_alloc_strdup_and_strndup);
    tcase_add_test(tc, test_alloc_asprintf_formats);
    tcase_add_test(tc, test_alloc_concat_takes_lengths);
#if !defined(TEST_UNDER_SANITIZER)
    if (forking)
        tcase_add_test_raise_signal(tc, test_alloc_out_of_memory_aborts, SIGABRT);
    if (forking)
        tcase_add_test_raise_signal(tc, test_arena_alloc_overflow_aborts, SIGABRT);
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