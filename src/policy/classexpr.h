/* classexpr.h - CFEngine class expressions, parsed once for both uses:
 * checking their syntax at load time and evaluating them at run time.
 *
 *   or      := and (('|' | '||') and)*
 *   and     := not (('.' | '&') not)*
 *   not     := '!'? primary
 *   primary := '(' or ')' | name
 *
 * A name is 3.21's string expression: runs of [A-Za-z0-9_:[]] (a blank
 * too, inside an index bracket) and variable references $(q), ${q},
 * @(q), @{q}, where q is such a name or two joined by one '.'. So "$()",
 * "$(x-y)", "$(x.)" and "$(a.b.c)" are errors. Blanks between tokens are
 * skipped.
 * As in 3.21, text after a complete expression is not looked at.
 *
 * Ownership: nothing is allocated; the callback borrows the name.
 */
#ifndef MINICF_POLICY_CLASSEXPR_H
#define MINICF_POLICY_CLASSEXPR_H

#include <stdbool.h>
#include <stddef.h>

/* Whether the class `name` (len bytes, not NUL-terminated) is defined. */
typedef bool (*ClassDefinedFn)(void *userdata, const char *name, size_t len);

/* Parses s; with defined != NULL also evaluates it into *value. Returns
 * true on success; false with *fail the byte offset where it failed. */
bool classexpr_parse(const char *s, ClassDefinedFn defined, void *userdata, bool *value, size_t *fail);

#endif
