/* check_value.h - matching rvals against the types and ranges of the
 * syntax tables. Internal to the checks (check.c) and their tests.
 *
 * Ownership: nothing is allocated but what is appended to `why` and what
 * a CheckRegexCache holds; its owner frees it with check_regex_cache_free().
 */
#ifndef MINICF_POLICY_CHECK_VALUE_H
#define MINICF_POLICY_CHECK_VALUE_H

#include <stdbool.h>

#include "base/buf.h"
#include "base/map.h"
#include "policy/policy.h"
#include "policy/syntax.h"

/* True when s holds $(...), ${...}, @(...) or @{...}. */
bool check_has_variable(const char *s);

/* 3.21's IsNakedVar: s is one whole reference, "$(x)", "${a[b]}", "@(l)". */
bool check_naked_var(const char *s);

/* 3.21's IsCf3VarString: s holds a complete reference before any '/'
 * inside brackets. When a reference is left open at the end (and none
 * was complete), *broken (if given) is set: 3.21 reports that as an
 * error. */
bool check_var_string(const char *s, bool *broken);

/* CFEngine's numbers: "10", "-3", "2k" (1000), "2K" (1024), m/M, g/G,
 * "inf", "50%". False when s is not one. */
bool check_parse_int(const char *s, long long *out);
bool check_parse_real(const char *s, double *out);

/* The regexes of the ranges checked so far, each compiled once. Start
 * with CHECK_REGEX_CACHE_INIT. */
typedef struct {
    Map compiled;     /* range -> pcre2_code* (NULL: the range does not compile) */
    void *match_data; /* pcre2_match_data*, shared by the matches */
} CheckRegexCache;

#define CHECK_REGEX_CACHE_INIT { MAP_INIT, NULL }

void check_regex_cache_free(CheckRegexCache *c);

/* NULL when r fits type t and range; otherwise the offending rval (r or
 * one of its items), with the reason appended to why. Regex ranges are
 * compiled into cache (NULL: compiled for this call only). */
const Rval *check_rval_type(CheckRegexCache *cache, SynType t, const char *range, const Rval *r, Buf *why);

#endif
