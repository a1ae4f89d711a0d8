/* check.c - load-time checks (placeholder while the real checks land). */
#include "policy/check.h"

unsigned policy_check(const Policy *p, const CheckOptions *opt, Diag *d)
{
    (void)p; (void)opt; (void)d;
    return 0;
}
