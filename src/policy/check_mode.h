/* check_mode.h - Unix permission strings ("644", "u+rwx,go-w") as 3.21's
 * ParseModeString reads them, for the checks of perms' mode and
 * file_select's search_mode.
 *
 * Ownership: nothing is allocated.
 */
#ifndef MINICF_POLICY_CHECK_MODE_H
#define MINICF_POLICY_CHECK_MODE_H

#include <stdbool.h>
#include <sys/types.h>

/* Parses s into the bits to set and to clear. False, with *why a
 * static text saying what is wrong, when 3.21 refuses the string. */
bool check_mode_string(const char *s, mode_t *plus, mode_t *minus, const char **why);

#endif
