/* evalfixture.h - running the differential fixtures of
 * tests/fixtures/eval/ through the evaluator, for the Check suites, until
 * minicf-agent runs them.
 *
 * Ownership: returned strings are owned by the caller (free()).
 */
#ifndef MINICF_TESTS_EVALFIXTURE_H
#define MINICF_TESTS_EVALFIXTURE_H

#include <time.h>

#include "testutil.h"

/* Loads the policy at path, resolves bundle main's vars and classes in
 * three passes at time `now`, then expands each reports promise whose
 * guard holds (once per item of every list or container its text refers
 * to, `with` set, repeats said once): the "R: " lines cf-agent would
 * print. Messages go to c; a policy that does not load fails the test. */
char *evalfixture_run(const char *path, time_t now, Capture *c);

/* The whole of a file; a file that cannot be read fails the test. */
char *evalfixture_read(const char *path);

#endif
