/* check_parse_files.c - the Check suite for reading policy files
 * (src/policy/parse.c): errors, special files, empty files. */
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

/* ---- reading files ------------------------------------------------------------ */

static char *read_error(const char *path)
{
    Capture c;
    capture_init(&c);
    SourceFile *f = srcfile_read(path, &c.diag);
    ck_assert_ptr_null(f);
    ck_assert_uint_eq(c.diag.errors, 1);
    return buf_steal(&c.text);
}

START_TEST(test_parse_read_file)
{
    char *dir = tu_tempdir();
    char *path = tu_write_file(dir, "ok.cf", "bundle agent main { }\n");
    Capture c;
    capture_init(&c);
    SourceFile *f = srcfile_read(path, &c.diag);
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->path, path);
    ck_assert_uint_eq(f->len, 22);
    ck_assert_str_eq(f->text, "bundle agent main { }\n");
    Policy *p = NULL;
    ck_assert_uint_eq(policy_parse(f, &c.diag, &p), 0);
    ck_assert_ptr_eq(p->files.items[0], f);
    policy_free(p);
    capture_free(&c);
    tu_rmtree(dir);
    free(path);
    free(dir);
}
END_TEST

START_TEST(test_parse_read_errors)
{
    char *dir = tu_tempdir();
    char *missing = xasprintf("%s/missing.cf", dir);
    char *got = read_error(missing);
    char *want = xasprintf("%s: error: cannot open policy file: No such file or directory\n", missing);
    ck_assert_str_eq(got, want);
    free(got);
    free(want);

    got = read_error(dir);
    want = xasprintf("%s: error: is a directory, expected a policy file\n", dir);
    ck_assert_str_eq(got, want);
    free(got);
    free(want);

    /* /dev/null reads as an empty policy, as in 3.21 */
    SourceFile *devnull = srcfile_read("/dev/null", NULL);
    ck_assert_ptr_nonnull(devnull);
    ck_assert_uint_eq(devnull->len, 0);
    srcfile_free(devnull);

    /* NUL bytes are read; the scanner decides what they mean */
    char *bin = tu_write_file(dir, "bin.cf", "bundle agent x");
    FILE *fp = fopen(bin, "ae");
    fwrite("\0{ }\n", 1, 5, fp);
    fclose(fp);
    SourceFile *bf = srcfile_read(bin, NULL);
    ck_assert_ptr_nonnull(bf);
    ck_assert_uint_eq(bf->len, 19);
    srcfile_free(bf);

    /* A file over the limit is refused before it is read (sparse here). */
    char *big = xasprintf("%s/big.cf", dir);
    int fd = open(big, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, (off_t)POLICY_MAX_FILE_SIZE + 1), 0);
    close(fd);
    got = read_error(big);
    ck_assert_ptr_nonnull(strstr(got, "policy file is too large"));
    free(got);

    tu_rmtree(dir);
    free(missing);
    free(bin);
    free(big);
    free(dir);
}
END_TEST

/* srcfile_read() documents that a file that is not a regular file is
 * reported, and it is meant never to hang; but it opens before it looks, so
 * a FIFO with no writer blocks in open() forever (`minicf-promises -f FIFO`
 * hangs). Runs only in fork mode, where Check's timeout ends it. */
START_TEST(test_parse_read_fifo_does_not_hang)
{
    char *dir = tu_tempdir();
    char *fifo = xasprintf("%s/fifo.cf", dir);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    char *got = read_error(fifo);
    ck_assert_ptr_nonnull(strstr(got, "is not a regular file"));
    free(got);
    tu_rmtree(dir);
    free(fifo);
    free(dir);
}
END_TEST

START_TEST(test_parse_empty_file)
{
    Policy *p = tu_parse_ok("");
    ck_assert_uint_eq(p->bundles.len, 0);
    ck_assert_uint_eq(p->files.len, 1);
    policy_free(p);
}
END_TEST

static Suite *parse_files_suite(bool forking)
{
    Suite *s = suite_create("parse_files");
    TCase *tc;

    tc = tcase_create("files");
    tcase_add_test(tc, test_parse_read_file);
    tcase_add_test(tc, test_parse_read_errors);
    if (forking)
        tcase_add_test(tc, test_parse_read_fifo_does_not_hang);
    tcase_add_test(tc, test_parse_empty_file);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    const char *fork_env = getenv("CK_FORK");
    bool forking = !(fork_env && strcmp(fork_env, "no") == 0);
    SRunner *sr = srunner_create(parse_files_suite(forking));
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}