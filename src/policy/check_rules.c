/* check_rules.c - rules of particular bodies and promise types. */
#include "policy/check_rules.h"

#include <string.h>

#include "policy/check_mode.h"
#include "policy/check_value.h"

/* A permission string, unless it is one whole reference (known at run
 * time): 3.21 parses "$(x)y" and "o+r$(x)" as modes, and rejects them. */
static bool mode_ok(const char *s, Buf *why)
{
    mode_t plus, minus;
    const char *reason;
    if (check_naked_var(s) || check_mode_string(s, &plus, &minus, &reason))
        return true;
    buf_printf(why, "Error parsing Unix permission string: %s ('%s')", reason, s);
    return false;
}

bool check_rules_body(const Body *b, uint32_t *at, Buf *why)
{
    if (strcmp(b->type, "perms") == 0) {
        const Constraint *k = body_get(b, "mode");
        if (k && k->rval->kind == RVAL_STRING && !mode_ok(k->rval->str, why)) {
            *at = k->rval->span.end;
            return false;
        }
    } else if (strcmp(b->type, "file_select") == 0) {
        const Constraint *k = body_get(b, "search_mode");
        if (k && k->rval->kind == RVAL_LIST) {
            for (size_t i = 0; i < k->rval->items.len; i++) {
                const Rval *item = k->rval->items.items[i];
                if (item->kind == RVAL_STRING && !mode_ok(item->str, why)) {
                    *at = k->rval->span.end;
                    return false;
                }
            }
        }
    } else if (strcmp(b->type, "action") == 0) {
        bool logs = body_get(b, "log_kept") || body_get(b, "log_repaired") || body_get(b, "log_failed");
        if (logs && !body_get(b, "log_string")) {
            buf_puts(why, "An action body with log_kept, log_repaired or log_failed is required to have a "
                          "log_string attribute");
            *at = b->span.end;
            return false;
        }
    } else if (strcmp(b->type, "file") == 0 && strcmp(b->name, "control") == 0) {
        const Constraint *k = body_get(b, "namespace");
        if (k && k->rval->kind == RVAL_FNCALL) {
            buf_puts(why, "namespace must be a constant scalar string");
            *at = k->rval->span.end;
            return false;
        }
    }
    return true;
}

bool check_rules_promise(const Section *s, const Promise *p, uint32_t *at, Buf *why)
{
    if (strcmp(s->promise_type, "access") == 0) {
        const Constraint *rds = promise_get(p, "report_data_select");
        const Constraint *rt = promise_get(p, "resource_type");
        bool query = rt && rt->rval->kind == RVAL_STRING && strcmp(rt->rval->str, "query") == 0;
        if (rds && !query) {
            buf_puts(why, "Constraint report_data_select is allowed only for 'query' resource_type");
            *at = rds->span.end;
            return false;
        }
    }
    return true;
}
