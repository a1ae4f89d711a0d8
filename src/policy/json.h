/* json.h - the parsed policy as JSON, in the shape `cf-promises -p json`
 * prints it, with a "column" beside every "line".
 *
 * Ownership: reads the policy; writes to the stream it is given.
 */
#ifndef MINICF_POLICY_JSON_H
#define MINICF_POLICY_JSON_H

#include <stdio.h>

#include "base/buf.h"
#include "policy/policy.h"

void policy_print_json(const Policy *p, FILE *out);

/* Appends s as a JSON string literal (with quotes) to b. */
void json_append_string(Buf *b, const char *s);

#endif
