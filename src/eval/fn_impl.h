/* fn_impl.h - internal to the built-in functions (src/eval/functions*.c):
 * the helpers the families share and every implementation's prototype.
 * The table that names them is in functions.c.
 *
 * Ownership: helpers return owned Values, Json trees and regexes (NULL
 * when there is none) unless they return const; arguments are borrowed.
 */
#ifndef MINICF_EVAL_FN_IMPL_H
#define MINICF_EVAL_FN_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "base/json.h"
#include "eval/functions.h"

/* The parameters every implementation takes. */
#define FN_PARAMS EvalCtx *ctx, const Rval *call, Value **args, size_t n, Value **out

/* "any" or "!any", what a context function returns. */
Value *fn_bool(bool b);
/* Whether a string value is a true class expression. */
bool fn_true(EvalCtx *ctx, const Value *v);

/* The variable a collecting argument names: "name", "@(name)",
 * "$(name)", "bundle.name"; NULL when undefined. */
const Value *fn_variable(EvalCtx *ctx, const Value *arg);
/* Calls fn for every element "ref[key]" of classic array ref. */
void fn_array_walk(EvalCtx *ctx, const char *ref, void (*fn)(void *, const char *key, const Value *), void *ud);
/* A collecting argument as JSON, as 3.21's VarNameOrInlineToJson: inline
 * JSON, the result of a nested call, a data or list variable, or a classic
 * array (an object of its elements). NULL when none. */
Json *fn_container(EvalCtx *ctx, const Value *arg);
/* Whether fn_container(arg) would make a classic array into an object: arg
 * is a name (not inline JSON, not unknown) that no variable has. */
bool fn_names_array(EvalCtx *ctx, const Value *arg);
/* Pushes onto the list out the keys of the object fn_container() makes of
 * classic array ref, in its order (the first key of each element it takes,
 * once, in the order first met), without making it. */
void fn_array_indices(EvalCtx *ctx, const char *ref, Value *out);
/* The list or data Value that arg is or names, borrowed, when fn_container()
 * would only copy it into JSON: lets the callers that want its items or
 * its length skip the copy. NULL for the other cases (inline JSON, a
 * classic array, an unknown value, no container): use fn_container(). */
const Value *fn_container_value(EvalCtx *ctx, const Value *arg);
/* The same as the list of its primitive items (3.21's
 * RlistFromContainer); NULL when none. */
Value *fn_items(EvalCtx *ctx, const Value *arg);

/* Regexes as CFEngine compiles them (PCRE2, multiline and dotall);
 * anchored at both ends when `anchored`. NULL (warned) when the regex
 * does not compile. */
pcre2_code *fn_regex(EvalCtx *ctx, const Rval *call, const char *regex, bool anchored);
/* 1 when re matches somewhere in s (the match in *start, *end when
 * given), 0 when not. */
int fn_regex_search(const pcre2_code *re, const char *s, size_t *start, size_t *end);
/* The same with match data md (from pcre2_match_data_create_from_pattern)
 * made by the caller, once for the many strings of a loop. */
int fn_regex_search_md(const pcre2_code *re, pcre2_match_data *md, const char *s, size_t *start, size_t *end);
/* 1 when regex matches the whole of s, 0 when not, -1 when it does not
 * compile. */
int fn_regex_full_match(EvalCtx *ctx, const Rval *call, const char *regex, const char *s);

/* 3.21's RlistFromSplitRegex: pieces of s between matches of re, at most
 * max, empty ones dropped unless blanks; the rest after the last match
 * is one more piece while there is room. Appended to out (a list). */
void fn_split_regex(const pcre2_code *re, const char *s, long max, bool blanks, Value *out);

/* CFEngine integers ("10", "2k", ...); false when s is not one. */
bool fn_parse_long(const char *s, long *out);

/* functions_logic.c */
FnResult fn_logic(FN_PARAMS);
FnResult fn_not(FN_PARAMS);
FnResult fn_ifelse(FN_PARAMS);
FnResult fn_strcmp(FN_PARAMS);
FnResult fn_regcmp(FN_PARAMS);
FnResult fn_compare(FN_PARAMS);
FnResult fn_classmatch(FN_PARAMS);
FnResult fn_classesmatching(FN_PARAMS);
FnResult fn_countclassesmatching(FN_PARAMS);
FnResult fn_isvariable(FN_PARAMS);
FnResult fn_variablesmatching(FN_PARAMS);
FnResult fn_variablesmatching_as_data(FN_PARAMS);
FnResult fn_bundlesmatching(FN_PARAMS);

/* functions_string.c */
FnResult fn_canonify(FN_PARAMS);
FnResult fn_canonifyuniquely(FN_PARAMS);
FnResult fn_hash(FN_PARAMS);
FnResult fn_concat(FN_PARAMS);
FnResult fn_format(FN_PARAMS);
FnResult fn_string_split(FN_PARAMS);
FnResult fn_splitstring(FN_PARAMS);
FnResult fn_escape(FN_PARAMS);
FnResult fn_case(FN_PARAMS);
FnResult fn_string_length(FN_PARAMS);
FnResult fn_string_head(FN_PARAMS);
FnResult fn_string_tail(FN_PARAMS);
FnResult fn_regextract(FN_PARAMS);
FnResult fn_data_regextract(FN_PARAMS);
FnResult fn_lastnode(FN_PARAMS);
FnResult fn_dirname(FN_PARAMS);

/* functions_text.c */
FnResult fn_basename(FN_PARAMS);
FnResult fn_string_replace(FN_PARAMS);
FnResult fn_regex_replace(FN_PARAMS);
FnResult fn_string_reverse(FN_PARAMS);
FnResult fn_string_trim(FN_PARAMS);
FnResult fn_expandrange(FN_PARAMS);

/* functions_list.c */
FnResult fn_join(FN_PARAMS);
FnResult fn_nth(FN_PARAMS);
FnResult fn_length(FN_PARAMS);
FnResult fn_sort(FN_PARAMS);
FnResult fn_reverse(FN_PARAMS);
FnResult fn_unique(FN_PARAMS);
FnResult fn_filter(FN_PARAMS);
FnResult fn_grep(FN_PARAMS);
FnResult fn_getindices(FN_PARAMS);
FnResult fn_getvalues(FN_PARAMS);
FnResult fn_setop(FN_PARAMS);
FnResult fn_maplist(FN_PARAMS);
FnResult fn_maparray(FN_PARAMS);
FnResult fn_mapdata(FN_PARAMS);
FnResult fn_sum(FN_PARAMS);
FnResult fn_irange(FN_PARAMS);
FnResult fn_rrange(FN_PARAMS);
FnResult fn_product(FN_PARAMS);
FnResult fn_mean(FN_PARAMS);
FnResult fn_minmax(FN_PARAMS);
FnResult fn_quantifier(FN_PARAMS);
FnResult fn_reglist(FN_PARAMS);

/* functions_data.c */
FnResult fn_parsejson(FN_PARAMS);
FnResult fn_storejson(FN_PARAMS);
FnResult fn_mergedata(FN_PARAMS);
FnResult fn_data_expand(FN_PARAMS);
FnResult fn_string_mustache(FN_PARAMS);
FnResult fn_validjson(FN_PARAMS);
FnResult fn_type(FN_PARAMS);

/* functions_file.c */
FnResult fn_fileexists(FN_PARAMS);
FnResult fn_isdir(FN_PARAMS);
FnResult fn_isplain(FN_PARAMS);
FnResult fn_isexecutable(FN_PARAMS);
FnResult fn_lsdir(FN_PARAMS);
FnResult fn_readfile(FN_PARAMS);
FnResult fn_readjson(FN_PARAMS);
FnResult fn_readstringlist(FN_PARAMS);
FnResult fn_readstringarray(FN_PARAMS);
FnResult fn_data_readstringarray(FN_PARAMS);
FnResult fn_readcsv(FN_PARAMS);
FnResult fn_readdata(FN_PARAMS);

/* functions_math.c */
FnResult fn_eval(FN_PARAMS);

/* functions_fs.c */
FnResult fn_translatepath(FN_PARAMS);
FnResult fn_regline(FN_PARAMS);
FnResult fn_countlinesmatching(FN_PARAMS);
FnResult fn_islink(FN_PARAMS);
FnResult fn_isnewerthan(FN_PARAMS);
FnResult fn_filesize(FN_PARAMS);
FnResult fn_filesexist(FN_PARAMS);
FnResult fn_filestat(FN_PARAMS);
FnResult fn_findfiles(FN_PARAMS);

/* functions_sys.c */
FnResult fn_getenv(FN_PARAMS);
FnResult fn_execresult(FN_PARAMS);
FnResult fn_returnszero(FN_PARAMS);
FnResult fn_now(FN_PARAMS);
FnResult fn_accumulated(FN_PARAMS);
FnResult fn_ago(FN_PARAMS);
FnResult fn_strftime(FN_PARAMS);
FnResult fn_userexists(FN_PARAMS);
FnResult fn_getuid(FN_PARAMS);
FnResult fn_cf_version(FN_PARAMS);
FnResult fn_processes(FN_PARAMS);

#endif
