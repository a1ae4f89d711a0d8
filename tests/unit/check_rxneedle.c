/* check_rxneedle.c - the Check suite for src/base/rxneedle.c: the literal
 * every match of a regex contains. Beside the table of patterns, random
 * patterns and subjects are checked against PCRE2 itself: a subject that
 * matches always holds the needle, and a whole literal matches exactly
 * when it is in the subject. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <check.h>
#include <pcre2.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rxneedle.h"

/* CFEngine's options (sys/procselect.c) */
#define OPTIONS (PCRE2_DOTALL | PCRE2_MULTILINE)

/* pattern -> needle (NULL: none), whole */
static const struct {
    const char *pattern;
    const char *needle;
    bool whole;
} cases[] = {
    { "sshd", "sshd", true },
    { "/usr/sbin/sshd", "/usr/sbin/sshd", true },
    { "a\\.b", "a.b", true },
    { "\\(x\\)", "(x)", true },
    { "", NULL, false },
    { "^/usr/sbin/sshd( |$)", "/usr/sbin/sshd", false },
    { "^bench-worker-0-[0-9]+ 100000$", "bench-worker-0-", false },
    { "python3.11", "python3", false },
    { "abc?", "ab", false },
    { "abc*d", "ab", false },
    { "abc+", "ab", false },
    { "abc{0,2}de", "ab", false },
    { "abc{2}", "ab", false },
    { "ab{x}yzw", "yzw", false },     /* "{x}" is literal for PCRE2; not counted */
    { "abc{|x}", NULL, false },        /* ... so '|' is at the top */
    { "a|b", NULL, false },
    { "(a|b)cd", "cd", false },
    { "(ab)?cd", "cd", false },
    { "x(a(b)c)yz", "yz", false },
    { "[abc]def", "def", false },
    { "[]abc]def", "def", false },
    { "[^]abc]def", "def", false },
    { "[[:alpha:]x]yz", "yz", false },
    { "[[:alpha:]]+xyz", "xyz", false },
    { "[a\\]b]cd", "cd", false },
    { "[\\Q]\\E]cd", NULL, false },
    { "[\\c]sshd]", NULL, false },             /* "\c]" is one character */
    { "[\\c\\]|sshd|]nginx", NULL, false },  /* "\c\" is one: the '|' are at the top */
    { "\\Qab\\E", NULL, false },
    { "(?i)sshd", NULL, false },
    { "(*UTF)sshd", NULL, false },
    { "(?:ab)cd", NULL, false },
    { "\\x{41}bc", NULL, false },
    { "\\cAbc", NULL, false },
    { "\\1ab", NULL, false },
    { "\\012ab", NULL, false },
    { "\\dabc\\d", "abc", false },
    { "\\babc\\b", "abc", false },
    { "ab\\", NULL, false },
    { "(ab", NULL, false },
    { "ab)", NULL, false },
    { "[ab", NULL, false },
    { ".*", NULL, false },
    { "abc.*defg", "defg", false },
    { "ab+?cd", "cd", false },
    { "ab*+cd", "cd", false },
};

START_TEST(test_rxneedle_reads_patterns)
{
    RxNeedle n;
    rxneedle_find(&n, cases[_i].pattern);
    if (cases[_i].needle) {
        ck_assert_msg(n.text != NULL, "'%s': no needle", cases[_i].pattern);
        ck_assert_str_eq(n.text, cases[_i].needle);
        ck_assert_uint_eq(n.len, strlen(cases[_i].needle));
    } else {
        ck_assert_msg(n.text == NULL, "'%s': needle '%s'", cases[_i].pattern, n.text);
    }
    ck_assert_msg(n.whole == cases[_i].whole, "'%s': whole %d", cases[_i].pattern, n.whole);
    rxneedle_free(&n);
}
END_TEST

/* The grams of a string are those of its pairs: a needle's are within
 * those of every string that holds it, and mostly not within others. */
START_TEST(test_rxneedle_grams)
{
    ck_assert_uint_eq(rxneedle_grams("", 0), 0);
    ck_assert_uint_eq(rxneedle_grams("a", 1), 0); /* no pair */
    ck_assert_uint_ne(rxneedle_grams("ab", 2), 0);
    ck_assert_uint_eq(rxneedle_grams("abab", 4), rxneedle_grams("aba", 3)); /* ab, ba */
    uint64_t sub = rxneedle_grams("/usr/sbin/sshd -D", 17);
    RxNeedle n;
    rxneedle_find(&n, "^/usr/sbin/sshd( |$)");
    ck_assert_uint_eq(n.grams, rxneedle_grams("/usr/sbin/sshd", 14));
    ck_assert_uint_eq(n.grams & ~sub, 0);
    ck_assert(rxneedle_may_match_grams(&n, "/usr/sbin/sshd -D", 17, sub));
    uint64_t other = rxneedle_grams("bench-worker-3-17 100000", 24);
    ck_assert_uint_ne(n.grams & ~other, 0);
    ck_assert(!rxneedle_may_match_grams(&n, "bench-worker-3-17 100000", 24, other));
    rxneedle_free(&n);
    ck_assert_uint_eq(n.grams, 0);
}
END_TEST

START_TEST(test_rxneedle_may_match)
{
    RxNeedle n;
    rxneedle_find(&n, "^/usr/sbin/sshd( |$)");
    ck_assert(rxneedle_may_match(&n, "/usr/sbin/sshd -D", 17));
    ck_assert(rxneedle_may_match(&n, "x /usr/sbin/sshd", 16)); /* may: the regex decides */
    ck_assert(!rxneedle_may_match(&n, "/usr/sbin/ssh", 13));
    ck_assert(!rxneedle_may_match(&n, "/usr/sbin/sshd", 13)); /* len counts */
    rxneedle_free(&n);
    rxneedle_find(&n, ".*");
    ck_assert(rxneedle_may_match(&n, "", 0)); /* no needle: anything may */
    rxneedle_free(&n);
    rxneedle_free(&n); /* twice is harmless */
}
END_TEST

/* Short subjects are searched byte by byte, long ones with memchr():
 * the needle at every place of both, near misses, and the edges. */
START_TEST(test_rxneedle_may_match_short_and_long)
{
    RxNeedle n;
    rxneedle_find(&n, "^abca[0-9]");
    ck_assert_str_eq(n.text, "abca");
    for (size_t len = 4; len <= 200; len += (len < 80 ? 1 : 17)) {
        char subject[201];
        for (size_t pos = 0; pos + 4 <= len; pos++) {
            /* "ab" everywhere else: first bytes that mislead */
            for (size_t i = 0; i < len; i++)
                subject[i] = "abdb"[i % 4];
            memcpy(subject + pos, "abca", 4);
            subject[len] = '\0';
            ck_assert_msg(rxneedle_may_match(&n, subject, len), "len %zu pos %zu", len, pos);
            /* cut one byte short of the needle's end: not there */
            if (pos + 4 == len)
                ck_assert(!rxneedle_may_match(&n, subject, len - 1));
        }
        for (size_t i = 0; i < len; i++)
            subject[i] = "abdb"[i % 4];
        subject[len] = '\0';
        ck_assert_msg(!rxneedle_may_match(&n, subject, len), "len %zu: no needle", len);
    }
    rxneedle_free(&n);
}
END_TEST

/* A small deterministic generator (xorshift), so a failure repeats. */
static uint32_t next_random(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

static void random_text(uint32_t *state, const char *alphabet, char *out, size_t max)
{
    size_t len = next_random(state) % max;
    size_t na = strlen(alphabet);
    for (size_t i = 0; i < len; i++)
        out[i] = alphabet[next_random(state) % na];
    out[len] = '\0';
}

typedef struct {
    size_t compiled, with_needle, matches;
} Tally;

/* Checks one pattern, if it compiles, on 24 subjects made of pieces
 * (half of them holding its needle between two such texts): a match holds
 * the needle; for a whole literal, a match is the needle's presence; the
 * grams never turn away a subject that holds the needle. */
static void check_pattern(const char *pattern, const char *const *pieces, size_t npieces, uint32_t *state,
                          pcre2_match_data *md, Tally *tally)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, OPTIONS, &err, &off, NULL);
    if (!code)
        return;
    tally->compiled++;
    RxNeedle n;
    rxneedle_find(&n, pattern);
    if (n.text)
        tally->with_needle++;
    for (size_t k = 0; k < 24; k++) {
        char subject[512] = "";
        size_t before = next_random(state) % 5, after = next_random(state) % 5;
        for (size_t i = 0; i < before; i++)
            strcat(subject, pieces[next_random(state) % npieces]);
        if (n.text && k % 2 == 0 && n.len < 256) {
            strcat(subject, n.text);
            for (size_t i = 0; i < after; i++)
                strcat(subject, pieces[next_random(state) % npieces]);
        }
        size_t len = strlen(subject);
        bool match = pcre2_match(code, (PCRE2_SPTR)subject, len, 0, 0, md, NULL) >= 0;
        bool may = rxneedle_may_match(&n, subject, len);
        ck_assert_int_eq(rxneedle_may_match_grams(&n, subject, len, rxneedle_grams(subject, len)), may);
        tally->matches += match;
        ck_assert_msg(!match || may, "'%s' matches '%s' without needle '%s'", pattern, subject, n.text);
        if (n.whole)
            ck_assert_msg(match == may, "whole '%s' on '%s': pcre2 %d", pattern, subject, match);
    }
    rxneedle_free(&n);
    pcre2_code_free(code);
}

/* The subjects' pieces: letters, the pattern's punctuation, control
 * bytes ("\c]" is 0x1d), a newline (MULTILINE). */
static const char *const subject_pieces[] = {
    "a", "b", "c", "ab", "abc", "A", "-", "/", " ", "\n", "0", "1", "2", "(", ")", "|", "[", "]", ".", "\\",
    "\x01", "\x1b", "\x1c", "\x1d", "e", "x", "{", "}", ",", ":", "#", "=",
};
#define NSUBJECT_PIECES (sizeof subject_pieces / sizeof subject_pieces[0])

/* Patterns of random bytes from the characters that mean something. */
START_TEST(test_rxneedle_agrees_with_pcre2_on_random_bytes)
{
    static const char pattern_chars[] = "ab\n \\.|()[]{}^$?*+,:012-dxQEc#";
    uint32_t state = 0x9e3779b9u;
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    Tally tally = { 0 };
    for (int i = 0; i < 20000; i++) {
        char pattern[16];
        random_text(&state, pattern_chars, pattern, sizeof pattern);
        check_pattern(pattern, subject_pieces, NSUBJECT_PIECES, &state, md, &tally);
    }
    pcre2_match_data_free(md);
    /* the random patterns reach every kind of answer */
    ck_assert_uint_gt(tally.compiled, 2000);
    ck_assert_uint_gt(tally.with_needle, 500);
    ck_assert_uint_gt(tally.matches, 5000);
}
END_TEST

/* Patterns of random pieces of PCRE2's syntax: escapes that take more
 * characters, classes, counted quantifiers, groups and their kinds. */
START_TEST(test_rxneedle_agrees_with_pcre2_on_random_syntax)
{
    static const char *const tokens[] = {
        "a", "b", "c", "ab", "abc", "-", "/", " ", ".", "^", "$", "|", "(", ")", "[", "]", "[^", "[]",
        "[:alpha:]", "[[:digit:]]", "\\", "\\d", "\\w", "\\s", "\\b", "\\B", "\\.", "\\(", "\\|", "\\[",
        "\\]", "\\\\", "\\x41", "\\x{62}", "\\Q", "\\E", "\\Qa|b\\E", "\\c", "\\cA", "\\N", "\\p{L}", "\\1",
        "\\012", "\\K", "\\z", "\\Z", "\\A", "\\G", "\\n", "\\t", "?", "*", "+", "??", "*+", "{2}", "{1,}",
        "{0,2}", "{,2}", "{x}", "{", "}", "(?:", "(?i)", "(?=", "(?!", "(?<=", "(*UTF)", "(?#c)", "(?|", "#",
        ",", ":", "0", "1", "2", "=", "[.a.]", "[=a=]", "\\e", "\\R", "\\X", "\\h", "\\v", "\\C", "\n",
    };
    uint32_t state = 0x2545f491u;
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    Tally tally = { 0 };
    for (int i = 0; i < 60000; i++) {
        char pattern[128] = "";
        size_t n = 1 + next_random(&state) % 8;
        for (size_t k = 0; k < n; k++)
            strcat(pattern, tokens[next_random(&state) % (sizeof tokens / sizeof tokens[0])]);
        check_pattern(pattern, subject_pieces, NSUBJECT_PIECES, &state, md, &tally);
    }
    pcre2_match_data_free(md);
    ck_assert_uint_gt(tally.compiled, 10000);
    ck_assert_uint_gt(tally.with_needle, 3000);
    ck_assert_uint_gt(tally.matches, 20000);
}
END_TEST

static Suite *rxneedle_suite(void)
{
    Suite *s = suite_create("rxneedle");
    TCase *tc = tcase_create("rxneedle");
    tcase_add_loop_test(tc, test_rxneedle_reads_patterns, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, test_rxneedle_grams);
    tcase_add_test(tc, test_rxneedle_may_match);
    tcase_add_test(tc, test_rxneedle_may_match_short_and_long);
    tcase_add_test(tc, test_rxneedle_agrees_with_pcre2_on_random_bytes);
    tcase_add_test(tc, test_rxneedle_agrees_with_pcre2_on_random_syntax);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(rxneedle_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
