/* check_rules.h - the checks 3.21 makes on particular bodies and promise
 * types beyond their attributes' types: permission strings, action bodies
 * that log, access promises that report, the file namespace.
 *
 * Ownership: nothing is kept; messages are appended to the caller's Buf.
 */
#ifndef MINICF_POLICY_CHECK_RULES_H
#define MINICF_POLICY_CHECK_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "policy/policy.h"

/* Each returns false when a rule is broken, with *at the offset to report
 * at and the message in why; the first broken rule is reported. */
bool check_rules_body(const Body *b, uint32_t *at, Buf *why);
bool check_rules_promise(const Section *s, const Promise *p, uint32_t *at, Buf *why);

#endif
