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
 * temp-file helpers are owned by the caller (free()); a TuProcFixture owns
 * its copy of the fake /proc (tu_proc_fixture_free() removes it). Node lookups return
 * borrowed pointers into the policy.
 */
#ifndef MINICF_TESTS_TESTUTIL_H
#define MINICF_TESTS_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

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

/* A copy of the fake /proc tree (tests/fixtures/proc under $MINICF_SRCDIR,
 * or ".") in a fresh temporary directory, each process directory owned as
 * the tree's "owners" manifest says ("PID UID GID" lines): proctable reads
 * a process's owner from its directory, and git records no owners. Giving
 * files away takes root (and ids its user namespace maps); elsewhere the
 * copy is the caller's own and owned is false. */
typedef struct {
    char *dir;   /* the temporary directory (owned) */
    char *root;  /* the copy, dir/proc: the /proc root to read (owned) */
    bool owned;  /* every owner of the manifest is applied */
} TuProcFixture;

void tu_proc_fixture(TuProcFixture *f);
void tu_proc_fixture_free(TuProcFixture *f);

/* Whether the test named test may assert what depends on the fixture's
 * owners: true when they are applied. Otherwise it says on stderr that
 * those assertions are skipped and returns false; or, when CI is set
 * (CI runs the tests as root), fails the test. */
bool tu_proc_owners(const TuProcFixture *f, const char *test);
#define TU_PROC_OWNERS(f) tu_proc_owners((f), __func__)

/* Whether the test named test runs as root, which what (a few words) needs;
 * when not, as tu_proc_owners(): a notice on stderr and false, or a
 * failure when CI is set. */
bool tu_need_root(const char *test, const char *what);
#define TU_NEED_ROOT(what) tu_need_root(__func__, (what))

/* A child process that has taken uid and gid as its real, effective and
 * saved ids (setgid, then setuid: root only) and then sleeps, for a
 * minute at most; returned once it has. tu_kill_child() ends it. */
pid_t tu_child_as(uid_t uid, gid_t gid);
void tu_kill_child(pid_t pid);

/* text must pass the checks (references resolved or not) with no message;
 * or draw exactly one error, at line:col, whose message holds msg. */
void tu_assert_check_ok(const char *text, bool references);
void tu_assert_check_error(const char *text, bool references, unsigned line, unsigned col, const char *msg);

#endif
