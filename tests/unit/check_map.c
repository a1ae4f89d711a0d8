/* check_map.c - the Check suite for src/base/map.c: the hash map from
 * strings to pointers. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/map.h"

static int freed_count;

static void count_free(void *p)
{
    freed_count++;
    free(p);
}

/* ---- Map ----------------------------------------------------------------- */

START_TEST(test_map_empty)
{
    Map m = MAP_INIT;
    ck_assert_ptr_null(map_get(&m, "a"));
    ck_assert(!map_has(&m, "a"));
    size_t i = 0;
    const MapEntry *e = NULL;
    ck_assert(!map_next(&m, &i, &e));
    map_free(&m, NULL);
}
END_TEST

START_TEST(test_map_put_get_has)
{
    Map m = MAP_INIT;
    int a = 1, b = 2;
    ck_assert_ptr_null(map_put(&m, "a", &a));
    ck_assert_ptr_null(map_put(&m, "b", &b));
    ck_assert_ptr_eq(map_get(&m, "a"), &a);
    ck_assert_ptr_eq(map_get(&m, "b"), &b);
    ck_assert(map_has(&m, "a"));
    ck_assert(!map_has(&m, "c"));
    ck_assert_ptr_null(map_get(&m, "c"));
    ck_assert_ptr_null(map_get(&m, ""));
    ck_assert_uint_eq(m.len, 2);
    map_free(&m, NULL);
}
END_TEST

START_TEST(test_map_replace_returns_old_value)
{
    Map m = MAP_INIT;
    int a = 1, b = 2;
    map_put(&m, "k", &a);
    ck_assert_ptr_eq(map_put(&m, "k", &b), &a);
    ck_assert_ptr_eq(map_get(&m, "k"), &b);
    ck_assert_uint_eq(m.len, 1);
    map_free(&m, NULL);
}
END_TEST

START_TEST(test_map_add_keeps_what_is_there)
{
    Map m = MAP_INIT;
    int a = 1, b = 2;
    ck_assert(map_add(&m, "k", &a));
    ck_assert(!map_add(&m, "k", &b));
    ck_assert_ptr_eq(map_get(&m, "k"), &a);
    ck_assert(map_add(&m, "j", NULL));
    ck_assert(!map_add(&m, "j", &b));
    ck_assert_ptr_null(map_get(&m, "j"));
    ck_assert_uint_eq(m.len, 2);
    char key[8];
    for (int i = 0; i < 100; i++) {
        snprintf(key, sizeof key, "k%d", i);
        ck_assert(map_add(&m, key, &b));
    }
    ck_assert_uint_eq(m.len, 102);
    ck_assert_ptr_eq(map_get(&m, "k"), &a);
    ck_assert_ptr_eq(map_get(&m, "k99"), &b);
    map_free(&m, NULL);
}
END_TEST

START_TEST(test_map_null_value_is_present)
{
    Map m = MAP_INIT;
    map_put(&m, "k", NULL);
    ck_assert(map_has(&m, "k"));
    ck_assert_ptr_null(map_get(&m, "k"));
    ck_assert_uint_eq(m.len, 1);
    map_free(&m, NULL);
}
END_TEST

START_TEST(test_map_copies_keys)
{
    Map m = MAP_INIT;
    char key[] = "mutable";
    int v = 1;
    map_put(&m, key, &v);
    key[0] = 'M';
    ck_assert(map_has(&m, "mutable"));
    ck_assert(!map_has(&m, "Mutable"));
    map_put(&m, "", &v); /* the empty string is a key like any other */
    ck_assert(map_has(&m, ""));
    map_free(&m, NULL);
}
END_TEST

START_TEST(test_map_grows_and_keeps_everything)
{
    Map m = MAP_INIT;
    enum { N = 5000 };
    static int vals[N];
    for (int i = 0; i < N; i++) {
        char k[32];
        snprintf(k, sizeof k, "key%d", i);
        vals[i] = i;
        ck_assert_ptr_null(map_put(&m, k, &vals[i]));
        /* the table is a power of two and never full */
        ck_assert_uint_gt(m.cap, m.len);
        ck_assert_uint_eq(m.cap & (m.cap - 1), 0);
    }
    ck_assert_uint_eq(m.len, N);
    for (int i = 0; i < N; i++) {
        char k[32];
        snprintf(k, sizeof k, "key%d", i);
        ck_assert_ptr_eq(map_get(&m, k), &vals[i]);
    }
    ck_assert(!map_has(&m, "key5000"));
    map_free(&m, NULL);
    ck_assert_ptr_null(m.slots);
    ck_assert_uint_eq(m.len, 0);
    ck_assert_uint_eq(m.cap, 0);
}
END_TEST

START_TEST(test_map_iteration_visits_each_entry_once)
{
    Map m = MAP_INIT;
    enum { N = 300 };
    static int vals[N];
    static int seen[N];
    memset(seen, 0, sizeof seen);
    for (int i = 0; i < N; i++) {
        char k[32];
        snprintf(k, sizeof k, "%d", i);
        vals[i] = i;
        map_put(&m, k, &vals[i]);
    }
    size_t count = 0;
    const MapEntry *e;
    for (size_t i = 0; map_next(&m, &i, &e);) {
        int v = *(int *)e->value;
        ck_assert_int_eq(atoi(e->key), v);
        seen[v]++;
        count++;
    }
    ck_assert_uint_eq(count, N);
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(seen[i], 1);
    map_free(&m, NULL);
}
END_TEST

START_TEST(test_map_free_calls_destructor_on_values)
{
    Map m = MAP_INIT;
    freed_count = 0;
    for (int i = 0; i < 40; i++) {
        char k[16];
        snprintf(k, sizeof k, "k%d", i);
        map_put(&m, k, xstrdup(k));
    }
    map_free(&m, count_free);
    ck_assert_int_eq(freed_count, 40);
    map_free(&m, count_free); /* again on an emptied Map */
    ck_assert_int_eq(freed_count, 40);
}
END_TEST

START_TEST(test_map_clear_empties_and_is_reusable)
{
    Map m = MAP_INIT;
    freed_count = 0;
    for (int i = 0; i < 40; i++) {
        char k[16];
        snprintf(k, sizeof k, "k%d", i);
        map_put(&m, k, xstrdup(k));
    }
    size_t cap = m.cap;
    map_clear(&m, count_free);
    ck_assert_int_eq(freed_count, 40);
    ck_assert_uint_eq(m.len, 0);
    ck_assert_uint_eq(m.cap, cap); /* the slots stay */
    ck_assert_ptr_null(map_get(&m, "k1"));
    ck_assert(!map_has(&m, "k1"));
    map_put(&m, "k1", xstrdup("again"));
    ck_assert_str_eq(map_get(&m, "k1"), "again");
    map_free(&m, count_free);
    ck_assert_int_eq(freed_count, 41);
    map_clear(&m, count_free); /* on an emptied Map */
}
END_TEST

START_TEST(test_map_get_n_takes_a_prefix)
{
    Map m = MAP_INIT;
    ck_assert_ptr_null(map_get_n(&m, "abc", 3));
    map_put(&m, "ab", (void *)1);
    map_put(&m, "abc", (void *)2);
    ck_assert_ptr_eq(map_get_n(&m, "abcd", 2), (void *)1);
    ck_assert_ptr_eq(map_get_n(&m, "abcd", 3), (void *)2);
    ck_assert_ptr_null(map_get_n(&m, "abcd", 4));
    ck_assert_ptr_null(map_get_n(&m, "abcd", 1));
    Map other = MAP_INIT;
    map_put(&other, "abc", (void *)3);
    uint64_t h = map_hash_key("abcd", 3);
    ck_assert_ptr_eq(map_get_hashed(&m, "abcd", 3, h), (void *)2);
    ck_assert_ptr_eq(map_get_hashed(&other, "abcd", 3, h), (void *)3);
    ck_assert_ptr_null(map_get_hashed(&other, "abcd", 2, map_hash_key("abcd", 2)));
    map_free(&other, NULL);
    map_free(&m, NULL);
}
END_TEST

static Suite *map_suite(void)
{
    Suite *s = suite_create("map");
    TCase *tc = tcase_create("map");
    tcase_add_test(tc, test_map_empty);
    tcase_add_test(tc, test_map_put_get_has);
    tcase_add_test(tc, test_map_replace_returns_old_value);
    tcase_add_test(tc, test_map_add_keeps_what_is_there);
    tcase_add_test(tc, test_map_null_value_is_present);
    tcase_add_test(tc, test_map_copies_keys);
    tcase_add_test(tc, test_map_grows_and_keeps_everything);
    tcase_add_test(tc, test_map_iteration_visits_each_entry_once);
    tcase_add_test(tc, test_map_free_calls_destructor_on_values);
    tcase_add_test(tc, test_map_clear_empties_and_is_reusable);
    tcase_add_test(tc, test_map_get_n_takes_a_prefix);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(map_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
