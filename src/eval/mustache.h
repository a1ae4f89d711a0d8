/* mustache.h - Mustache templates rendered against a JSON tree, as 3.21's
 * mustache.c renders them: {{x}} (HTML-escaped), {{{x}}} and {{&x}}
 * (raw), sections {{#x}}...{{/x}} (x a boolean, or a container iterated
 * over, objects included) and inverted sections {{^x}}, {{.}},
 * {{@}} (the current key), {{%x}} and {{$x}} (x as JSON, pretty and
 * compact), {{! comments}}, dotted names, standalone tag lines.
 *
 * Ownership: appends to the caller's Buf; borrows the template and data.
 */
#ifndef MINICF_EVAL_MUSTACHE_H
#define MINICF_EVAL_MUSTACHE_H

#include <stdbool.h>

#include "base/buf.h"
#include "base/json.h"

/* False when the template is malformed (an unclosed tag or section). */
bool mustache_render(Buf *out, const char *tmpl, const Json *data);

#endif
