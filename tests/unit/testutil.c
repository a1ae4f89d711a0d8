/* testutil.c - helpers shared by the Check suites. */
#include "testutil.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/alloc.h"
#include "policy/check.h"
#include "policy/load.h"
#include "policy/parse.h"

static void capture_fn(void *userdata, DiagSeverity sev, const char *message)
{
    (void)sev;
    Capture *c = userdata;
    buf_puts(&c->text, message);
    c->messages++;
}

void capture_init(Capture *c)
{
    memset(c, 0, sizeof *c);
    c->diag.fn = capture_fn;
    c->diag.userdata = c;
}

void capture_free(Capture *c)
{
    buf_free(&c->text);
}

const char *capture_text(const Capture *c)
{
    return buf_cstr(&c->text);
}

unsigned tu_parse(const char *text, Capture *c, Policy **out)
{
    return tu_parse_bytes(text, strlen(text), c, out);
}

unsigned tu_parse_bytes(const char *text, size_t len, Capture *c, Policy **out)
{
    char *copy = xmalloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    SourceFile *f = srcfile_new(TU_PATH, copy, len);
    return policy_parse(f, &c->diag, out);
}

Policy *tu_parse_ok(const char *text)
{
    Capture c;
    capture_init(&c);
    Policy *p = NULL;
    unsigned errors = tu_parse(text, &c, &p);
    if (errors || !p || c.messages) {
        char *msg = xasprintf("expected a clean parse, got %u error(s):\n%s", errors, capture_text(&c));
        capture_free(&c);
        policy_free(p);
        ck_abort_msg("%s", msg); /* the forked test ends here; msg goes with it */
    }
    capture_free(&c);
    return p;
}

char *tu_parse_fail(const char *text, unsigned *errors)
{
    Capture c;
    capture_init(&c);
    Policy *p = NULL;
    unsigned n = tu_parse(text, &c, &p);
    if (n == 0 || p) {
        policy_free(p);
        capture_free(&c);
        ck_abort_msg("expected the parse to fail, it succeeded: %s", text);
    }
    ck_assert_msg(c.diag.errors >= 1, "an error count without a message");
    if (errors)
        *errors = n;
    return buf_steal(&c.text);
}

unsigned tu_check(const char *text, bool references, Capture *c)
{
    Policy *p = tu_parse_ok(text);
    CheckOptions opt = { .references = references };
    unsigned n = policy_check(p, &opt, &c->diag);
    policy_free(p);
    return n;
}

char *tu_check_text(const char *text, bool references, unsigned *errors)
{
    Capture c;
    capture_init(&c);
    unsigned n = tu_check(text, references, &c);
    if (errors)
        *errors = n;
    return buf_steal(&c.text);
}

unsigned tu_load_check(const char *path, Capture *c)
{
    LoadOptions lopt = { .follow_inputs = true, .expander = NULL };
    unsigned before = c->diag.errors;
    Policy *p = policy_load(path, &lopt, &c->diag);
    if (p) {
        CheckOptions copt = { .references = true };
        policy_check(p, &copt, &c->diag);
        policy_free(p);
    }
    return c->diag.errors - before;
}

Bundle *tu_bundle(const Policy *p, size_t i)
{
    ck_assert_msg(i < p->bundles.len, "no bundle %zu (the policy has %zu)", i, p->bundles.len);
    return p->bundles.items[i];
}

Body *tu_body(const Policy *p, size_t i)
{
    ck_assert_msg(i < p->bodies.len, "no body %zu (the policy has %zu)", i, p->bodies.len);
    return p->bodies.items[i];
}

Promise *tu_promise(const Policy *p, const char *promiser)
{
    for (size_t b = 0; b < p->bundles.len; b++) {
        const Bundle *bundle = p->bundles.items[b];
        for (size_t s = 0; s < bundle->sections.len; s++) {
            const Section *section = bundle->sections.items[s];
            for (size_t k = 0; k < section->promises.len; k++) {
                Promise *pr = section->promises.items[k];
                if (strcmp(pr->promiser, promiser) == 0)
                    return pr;
            }
        }
    }
    ck_abort_msg("no promise with promiser '%s'", promiser);
    return NULL;
}

Rval *tu_rval(const Policy *p, const char *promiser, const char *lval)
{
    const Promise *pr = tu_promise(p, promiser);
    const Constraint *c = promise_get(pr, lval);
    ck_assert_msg(c != NULL, "promise '%s' has no attribute '%s'", promiser, lval);
    return c->rval;
}

Rval *tu_item(const Rval *r, size_t i)
{
    ck_assert_msg(i < r->items.len, "no item %zu (there are %zu)", i, r->items.len);
    return r->items.items[i];
}

void tu_linecol(const Policy *p, uint32_t offset, unsigned *line, unsigned *col)
{
    ck_assert_uint_ge(p->files.len, 1);
    srcfile_linecol(p->files.items[0], offset, line, col);
}

char *tu_tempdir(void)
{
    const char *tmp = getenv("TMPDIR");
    char *dir = xasprintf("%s/minicf-test.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        int err = errno;
        free(dir);
        ck_abort_msg("mkdtemp: %s", strerror(err));
    }
    return dir;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void tu_rmtree(const char *dir)
{
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *tu_write_file(const char *dir, const char *name, const char *text)
{
    char *path = xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "we");
    if (!f) {
        int err = errno;
        free(path);
        ck_abort_msg("cannot write %s/%s: %s", dir, name, strerror(err));
    }
    size_t len = strlen(text);
    bool ok = fwrite(text, 1, len, f) == len;
    ok = fclose(f) == 0 && ok;
    ck_assert_msg(ok, "cannot write %s", path);
    return path;
}

/* text must pass the checks (references resolved or not) with no message
 * at all. */
/* Copies the file or directory from to the path to (which must not
 * exist), the tree under it included, symbolic links left out (the
 * fixture has none). */
static void copy_tree(const char *from, const char *to)
{
    struct stat st;
    ck_assert_msg(lstat(from, &st) == 0, "%s: %s", from, strerror(errno));
    if (S_ISDIR(st.st_mode)) {
        ck_assert_msg(mkdir(to, 0755) == 0, "mkdir %s: %s", to, strerror(errno));
        DIR *d = opendir(from);
        ck_assert_msg(d != NULL, "%s: %s", from, strerror(errno));
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *a = xasprintf("%s/%s", from, e->d_name), *b = xasprintf("%s/%s", to, e->d_name);
            copy_tree(a, b);
            free(a);
            free(b);
        }
        closedir(d);
        return;
    }
    if (!S_ISREG(st.st_mode))
        return;
    FILE *in = fopen(from, "rbe");
    ck_assert_msg(in != NULL, "%s: %s", from, strerror(errno));
    FILE *out = fopen(to, "wbe");
    ck_assert_msg(out != NULL, "%s: %s", to, strerror(errno));
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        ck_assert_msg(fwrite(buf, 1, n, out) == n, "cannot write %s", to);
    ck_assert_msg(!ferror(in), "cannot read %s", from);
    fclose(in);
    ck_assert_msg(fclose(out) == 0, "cannot write %s", to);
}

void tu_proc_fixture(TuProcFixture *f)
{
    const char *src = getenv("MINICF_SRCDIR");
    char *from = xasprintf("%s/tests/fixtures/proc", src ? src : ".");
    ck_assert_msg(access(from, R_OK | X_OK) == 0, "%s: %s (is MINICF_SRCDIR set?)", from, strerror(errno));
    f->dir = tu_tempdir();
    f->root = xasprintf("%s/proc", f->dir);
    copy_tree(from, f->root);
    char *manifest = xasprintf("%s/owners", from);
    FILE *m = fopen(manifest, "re");
    ck_assert_msg(m != NULL, "%s: %s", manifest, strerror(errno));
    f->owned = true;
    unsigned entries = 0;
    char line[256];
    while (fgets(line, sizeof line, m)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        long pid;
        unsigned long uid, gid;
        ck_assert_msg(sscanf(line, "%ld %lu %lu", &pid, &uid, &gid) == 3, "%s: not 'PID UID GID': %s", manifest,
                      line);
        char *dir = xasprintf("%s/%ld", f->root, pid);
        if (chown(dir, (uid_t)uid, (gid_t)gid) != 0) {
            /* not root; or root of a user namespace that maps no such id */
            ck_assert_msg(errno == EPERM || errno == EINVAL, "chown %s: %s", dir, strerror(errno));
            f->owned = false;
        }
        free(dir);
        entries++;
    }
    fclose(m);
    ck_assert_msg(entries > 0, "%s lists no owner", manifest);
    free(manifest);
    free(from);
}

void tu_proc_fixture_free(TuProcFixture *f)
{
    if (f->dir)
        tu_rmtree(f->dir);
    free(f->dir);
    free(f->root);
    f->dir = f->root = NULL;
}

/* A precondition of the test named test that does not hold (what is
 * missing): a failure when CI is set, else a notice and false. */
static bool missing(const char *test, const char *what)
{
    const char *ci = getenv("CI");
    ck_assert_msg(!(ci && *ci), "%s: %s, and CI is set (CI runs the tests as root)", test, what);
    fprintf(stderr, "%s: SKIPPED assertions: %s\n", test, what);
    return false;
}

bool tu_proc_owners(const TuProcFixture *f, const char *test)
{
    return f->owned || missing(test, "not root, so chown could not give the fake /proc its owners");
}

bool tu_need_root(const char *test, const char *what)
{
    if (geteuid() == 0)
        return true;
    char *msg = xasprintf("not root, which %s needs", what);
    bool ok = missing(test, msg);
    free(msg);
    return ok;
}

pid_t tu_child_as(uid_t uid, gid_t gid)
{
    int fds[2];
    ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(fds[0]);
        alarm(60);
        char ok = setgid(gid) == 0 && setuid(uid) == 0 ? 'y' : 'n';
        if (write(fds[1], &ok, 1) != 1)
            _exit(1);
        for (;;)
            pause();
    }
    close(fds[1]);
    char ok = 0;
    ssize_t n;
    while ((n = read(fds[0], &ok, 1)) < 0 && errno == EINTR)
        ;
    close(fds[0]);
    if (n != 1 || ok != 'y') {
        tu_kill_child(pid);
        ck_abort_msg("the child could not take uid %lu and gid %lu", (unsigned long)uid, (unsigned long)gid);
    }
    return pid;
}

void tu_kill_child(pid_t pid)
{
    kill(pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

void tu_assert_check_ok(const char *text, bool references)
{
    unsigned n = 0;
    char *got = tu_check_text(text, references, &n);
    ck_assert_msg(n == 0 && *got == '\0', "expected no message, got %u error(s):\n%s", n, got);
    free(got);
}

/* text must draw exactly one error, at line:col, whose message holds msg. */
void tu_assert_check_error(const char *text, bool references, unsigned line, unsigned col, const char *msg)
{
    unsigned n = 0;
    char *got = tu_check_text(text, references, &n);
    char *want = xasprintf(TU_PATH ":%u:%u: error: ", line, col);
    ck_assert_msg(n == 1, "expected one error, got %u:\n%s", n, got);
    ck_assert_msg(strncmp(got, want, strlen(want)) == 0, "expected an error at %u:%u, got:\n%s", line, col, got);
    const char *eol = strchr(got, '\n');
    const char *hit = strstr(got, msg);
    ck_assert_msg(hit && hit < eol, "expected '%s' in:\n%s", msg, got);
    free(want);
    free(got);
}
