/* outcome.h - what keeping a promise came to, as 3.21 reports it.
 *
 * Outcomes are merged worst-wins: failed over warn over repaired over kept over
 * skipped (a promise that was not evaluated: a false guard, an unmet
 * dependency, an unresolved promiser, a lock).
 *
 * Ownership: plain values.
 */
#ifndef MINICF_EVAL_OUTCOME_H
#define MINICF_EVAL_OUTCOME_H

typedef enum {
    OUTCOME_SKIPPED = 0,
    OUTCOME_KEPT,
    OUTCOME_REPAIRED,
    OUTCOME_WARN,   /* would have repaired, but was told not to (-n, action_policy "warn") */
    OUTCOME_FAILED,
} Outcome;

/* The worse of a and b. */
static inline Outcome outcome_merge(Outcome a, Outcome b)
{
    return a > b ? a : b;
}

/* "skipped", "kept", "repaired", "failed". */
static inline const char *outcome_name(Outcome o)
{
    static const char *const NAMES[] = { "skipped", "kept", "repaired", "warn", "failed" };
    return NAMES[o];
}

#endif
