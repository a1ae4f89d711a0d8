/* rxneedle.h - a literal that every match of a regex contains.
 *
 * A processes promise matches its regex against every process's command
 * line; most command lines cannot match, and a memmem() for a literal the
 * regex requires ("sshd" of "^/usr/sbin/sshd( |$)") rejects them faster
 * than the regex engine can. rxneedle_find() reads the pattern's text and
 * keeps the longest run of literal characters outside every group, class,
 * alternation and quantifier; when it is not sure, it finds no needle,
 * and the regex alone decides. A regex that is one such run and nothing
 * else ("sshd") is that literal: memmem() alone decides.
 *
 * The reading assumes the pattern is compiled as CFEngine compiles it
 * (PCRE2, without PCRE2_CASELESS, PCRE2_EXTENDED, PCRE2_LITERAL or
 * PCRE2_UTF; PCRE2_DOTALL and PCRE2_MULTILINE do not matter); a pattern
 * that sets options itself ("(?i)", "(*UTF)") has no needle.
 *
 * Ownership: an RxNeedle owns its text; rxneedle_free() releases it.
 */
#ifndef MINICF_BASE_RXNEEDLE_H
#define MINICF_BASE_RXNEEDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    char *text;      /* NULL when the pattern has none */
    size_t len;      /* at least 1 when text is set */
    bool whole;      /* the pattern is this literal and nothing else */
    uint64_t grams;  /* rxneedle_grams() of text */
} RxNeedle;

/* Reads pattern (NUL-terminated) into n. */
void rxneedle_find(RxNeedle *n, const char *pattern);

void rxneedle_free(RxNeedle *n);

/* Whether a subject of len bytes may match: false only when it lacks the
 * needle. */
bool rxneedle_may_match(const RxNeedle *n, const char *subject, size_t len);

/* The pairs of adjacent bytes in s (len bytes), hashed into 64 bits: a
 * string that holds the needle holds its pairs, so a subject whose grams
 * lack one of the needle's cannot hold it. Worked out once per subject
 * (the process table does, for every command line), it lets one AND
 * reject most subjects of a needle: */
uint64_t rxneedle_grams(const char *s, size_t len);

/* rxneedle_may_match() for a subject whose rxneedle_grams() are known. */
bool rxneedle_may_match_grams(const RxNeedle *n, const char *subject, size_t len, uint64_t grams);

#endif
