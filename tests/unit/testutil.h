/* testutil.h - helpers shared by the Check suites: parse a policy from a
 * string with its diagnostics captured, load and check it, find nodes, and
 * write temporary files.
 *
 * Every helper that finds something wrong with the test's own set-up (a
 * temporary file that cannot be written, a node that is not there) fails
 * the running test with ck_abort_msg(), so suites need not check.
 *
 * Ownership: a Capture owns its text; capture_free() releases it. Policies
 * returned are owned by the caller (policy_free()). Paths returned by the
 * temp-file helpers are owned by the caller (free()). Node lookups return
 * borrowed pointers into the policy.
 */
#ifndef MINICF_TESTS_TESTUTIL_H
#define MINICF_TESTS_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/diag.h"
#include "policy/policy.h"

/* The name parsed strings are given: messages start "test.cf:". */
#define TU_PATH "test.cf"

/* A Diag whose messages are appended to a buffer instead of stderr. */
typedef struct {
    Diag diag;
    Buf text;          /* every message, in order */
    unsigned messages; /* calls of the callback (the cap notice included) */
} Capture;

void capture_init(Capture *c);
void capture_free(Capture *c);
const char *capture_text(const Capture *c);

/* Parses `text` as the file TU_PATH. Returns policy_parse()'s error
 * count; *out is the policy (NULL on error). Messages go to c. */
unsigned tu_parse(const char *text, Capture *c, Policy **out);

/* The same for text that may hold NUL bytes. */
unsigned tu_parse_bytes(const char *text, size_t len, Capture *c, Policy **out);

/* Parses text that must be valid: fails the test, showing the messages,
 * if it is not, or if it draws any message at all (warnings included). */
Policy *tu_parse_ok(const char *text);

/* Parses text that must be rejected: fails the test if it is accepted.
 * Returns the messages (owned) and stores the error count in *errors
 * (errors may be NULL). */
char *tu_parse_fail(const char *text, unsigned *errors);

/* Parses text (which must parse) and runs policy_check() on it, with
 * references resolved or not. Returns the number of errors; messages go
 * to c. */
unsigned tu_check(const char *text, bool references, Capture *c);

/* The messages of tu_check() (owned); *errors gets the count. */
char *tu_check_text(const char *text, bool references, unsigned *errors);

/* Loads the file at path with its inputs and checks it (references on).
 * Returns the number of errors (of loading and checking); messages go
 * to c. */
unsigned tu_load_check(const char *path, Capture *c);

/* Node lookups that fail the test when the node is missing. */
Bundle *tu_bundle(const Policy *p, size_t i);
Body *tu_body(const Policy *p, size_t i);
/* The first promise with this promiser in any bundle. */
Promise *tu_promise(const Policy *p, const char *promiser);
/* The rval of attribute lval of the first promise with that promiser. */
Rval *tu_rval(const Policy *p, const char *promiser, const char *lval);
/* Item i of a list or a call's arguments. */
Rval *tu_item(const Rval *r, size_t i);

/* 1-based line and column of an offset in the policy's first file. */
void tu_linecol(const Policy *p, uint32_t offset, unsigned *line, unsigned *col);

/* A fresh temporary directory (mkdtemp under $TMPDIR or /tmp), and its
 * removal with everything in it. */
char *tu_tempdir(void);
void tu_rmtree(const char *dir);

/* Writes text to dir/name (creating no directories) and returns the
 * path. */
char *tu_write_file(const char *dir, const char *name, const char *text);

/* text must pass the checks (references resolved or not) with no message;
 * or draw exactly one error, at line:col, whose message holds msg. */
void tu_assert_check_ok(const char *text, bool references);
void tu_assert_check_error(const char *text, bool references, unsigned line, unsigned col, const char *msg);

#endif
