/* load.c - loading a policy and following its inputs, depth first. */
#include "policy/load.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/map.h"
#include "policy/check.h"
#include "policy/parse.h"

static bool has_variable(const char *s)
{
    for (const char *p = s; *p; p++)
        if ((p[0] == '$' || p[0] == '@') && (p[1] == '(' || p[1] == '{'))
            return true;
    return false;
}

/* 3.21's IsExpandable: a $(x) or ${x} reference (not @). */
static bool has_scalar_variable(const char *s)
{
    for (const char *p = s; *p; p++)
        if (p[0] == '$' && (p[1] == '(' || p[1] == '{'))
            return true;
    return false;
}

void policy_literal_inputs(const Rval *r, Vec *out)
{
    if (r->kind == RVAL_STRING && !has_variable(r->str)) {
        vec_push(out, xstrdup(r->str));
    } else if (r->kind == RVAL_LIST) {
        for (size_t i = 0; i < r->items.len; i++)
            policy_literal_inputs(r->items.items[i], out);
    }
}

/* A relative input is relative to the input directory, the directory of
 * the main policy file, whichever file names it (as 3.21 does). */
static char *resolve_input(const char *main_file, const char *name)
{
    if (name[0] == '/')
        return xstrdup(name);
    const char *slash = strrchr(main_file, '/');
    if (!slash)
        return xstrdup(name);
    return xasprintf("%.*s/%s", (int)(slash - main_file), main_file, name);
}

/* 3.21 skips a file whose contents it loaded already, under any name.
 * The contents are hashed eight bytes at a time (FNV-1a's step on 64-bit
 * words, with a shift so that every bit reaches the low ones): a byte
 * at a time took as long as scanning the file. Two words at a time go to
 * two hashes, joined at the end: the loop's own work is shared. The key
 * is only compared with others of the same run. */
static char *contents_key(const SourceFile *f)
{
    uint64_t h = 1469598103934665603ULL, h2 = h ^ 0x9e3779b97f4a7c15ULL;
    size_t i = 0;
    for (; i + 16 <= f->len; i += 16) {
        uint64_t w, w2;
        memcpy(&w, f->text + i, 8);
        memcpy(&w2, f->text + i + 8, 8);
        h = (h ^ w) * 1099511628211ULL;
        h ^= h >> 29;
        h2 = (h2 ^ w2) * 1099511628211ULL;
        h2 ^= h2 >> 29;
    }
    h = (h ^ h2) * 1099511628211ULL;
    for (; i + 8 <= f->len; i += 8) {
        uint64_t w;
        memcpy(&w, f->text + i, 8);
        h = (h ^ w) * 1099511628211ULL;
        h ^= h >> 29;
    }
    for (; i < f->len; i++)
        h = (h ^ (unsigned char)f->text[i]) * 1099511628211ULL;
    return xasprintf("#%016llx:%zu", (unsigned long long)h, f->len);
}

typedef struct {
    Policy *policy;     /* everything loaded so far */
    Map seen;           /* "/path" and contents keys -> (void*)1 */
    Diag *diag;
    unsigned errors;
    const LoadOptions *opt;
    const char *main_file;
    CheckRegexCache regexes; /* for the checks of each file */
} Loader;

static const InputsExpander *hooks(const Loader *l)
{
    return l->opt->expander;
}

/* Reports a file that cannot be loaded: at the inputs entry that names
 * it, or with no position for the main file. */
static void load_error(Loader *l, const SourceFile *from, const Rval *entry, const char *path, const char *msg)
{
    if (from && entry)
        diag_at(l->diag, DIAG_ERROR, (SourceFile *)from, entry->span.start, "%s", msg);
    else
        diag_file(l->diag, DIAG_ERROR, path, "%s", msg);
    l->errors++;
}

static int load_inputs(Loader *l, const Constraint *c);

static void discard(void *userdata, DiagSeverity sev, const char *message)
{
    (void)userdata;
    (void)sev;
    (void)message;
}

/* Whether one file's policy passes the checks that need no other file.
 * A file that passes them without even a warning is marked checked: the
 * check of the whole policy does not make them again. */
static bool file_is_clean(Loader *l, Policy *part)
{
    Diag quiet = DIAG_INIT;
    quiet.fn = discard;
    CheckOptions copt = { .references = false, .regexes = &l->regexes };
    bool clean = policy_check(part, &copt, &quiet) == 0;
    if (clean && quiet.warnings == 0 && part->files.len == 1)
        vec_push(&part->checked, part->files.items[0]);
    return clean;
}

/* The constraint `inputs` of a control body that counts: the last one
 * whose guard holds (3.21 keeps the last value it resolved). */
static const Constraint *effective_inputs(Loader *l, const Body *b)
{
    const Constraint *found = NULL;
    for (size_t i = 0; i < b->constraints.len; i++) {
        const Constraint *c = b->constraints.items[i];
        if (strcmp(c->lval, "inputs") == 0 && (!hooks(l) || hooks(l)->guard(hooks(l)->userdata, c->classes)))
            found = c;
    }
    return found;
}

/* Loads one file and, depth first, what it includes. Returns -1 when
 * loading must stop (a missing input, a fatal evaluation error). */
static int load_file(Loader *l, const char *path, const SourceFile *from, const Rval *entry)
{
    char *key = xstrjoin("/", path, NULL);
    bool seen = map_has(&l->seen, key);
    map_put(&l->seen, key, (void *)1);
    free(key);
    if (seen)
        return 0;

    struct stat st;
    bool missing = stat(path, &st) != 0;
    int err = errno;
    if (missing || S_ISDIR(st.st_mode)) {
        if (hooks(l) && hooks(l)->ignore_missing(hooks(l)->userdata))
            return 0;
        const char *want = !from ? "expected the policy file to check"
                           : missing ? "inputs must name existing policy files, unless ignore_missing_inputs is set"
                                     : "inputs must name policy files, not directories";
        char *msg = missing ? xasprintf("Can't stat file '%s' for parsing (stat: %s): %s", path, strerror(err), want)
                            : xasprintf("Can't parse directory '%s': %s", path, want);
        load_error(l, from, entry, path, msg);
        free(msg);
        return -1;
    }
    if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode)) {
        /* a FIFO or a socket: never opened, so never waited on (a
         * character device is read, as 3.21 reads /dev/null) */
        char *msg = xasprintf("'%s' is not a regular file, expected a policy file", path);
        load_error(l, from, entry, path, msg);
        free(msg);
        return -1;
    }
    unsigned before = l->diag->errors;
    SourceFile *f = srcfile_read(path, l->diag);
    if (!f) {
        l->errors += l->diag->errors - before ? l->diag->errors - before : 1;
        return -1;
    }
    key = contents_key(f);
    seen = map_has(&l->seen, key);
    map_put(&l->seen, key, (void *)1);
    free(key);
    if (seen) {
        srcfile_free(f);
        return 0;
    }
    Policy *part = NULL;
    unsigned e = policy_parse_into(f, l->diag, &l->policy->arena, &part);
    if (e) {
        /* 3.21 goes on with the other files and fails at the end. */
        l->errors += e;
        return 0;
    }
    /* 3.21 resolves a file, and follows its inputs, only when the file
     * passes the checks that need no other file. Those errors are
     * reported once, by the caller's check of the whole policy. */
    bool clean = !hooks(l) || file_is_clean(l, part);
    size_t b0 = l->policy->bundles.len, d0 = l->policy->bodies.len;
    policy_merge(l->policy, part);
    size_t b1 = l->policy->bundles.len, d1 = l->policy->bodies.len;
    if (!clean)
        return 0;
    if (hooks(l) && hooks(l)->resolve(hooks(l)->userdata, l->policy, b0, b1, d0, d1) < 0) {
        l->errors++;
        return -1;
    }
    if (!l->opt->follow_inputs)
        return 0;
    /* The inputs of the file's first body common control, then of its
     * first body file control. */
    static const char *const TYPES[] = { "common", "file" };
    for (size_t t = 0; t < 2; t++) {
        for (size_t i = d0; i < d1; i++) {
            const Body *b = l->policy->bodies.items[i];
            if (b->kind != BODY_KIND_BODY || strcmp(b->name, "control") != 0 || strcmp(b->type, TYPES[t]) != 0)
                continue;
            const Constraint *c = effective_inputs(l, b);
            if (c && load_inputs(l, c) < 0)
                return -1;
            break;
        }
    }
    return 0;
}

/* The files an inputs constraint names, each loaded in its turn. */
static int load_inputs(Loader *l, const Constraint *c)
{
    const Rval *r = c->rval;
    if (r->kind != RVAL_LIST)
        return 0; /* a scalar is a load-time error; a call is not followed */
    const SourceFile *from = constraint_file(c);
    size_t b0 = l->policy->bundles.len, d0 = l->policy->bodies.len;
    for (size_t i = 0; i < r->items.len; i++) {
        const Rval *entry = r->items.items[i];
        if (entry->kind == RVAL_FNCALL || entry->kind == RVAL_LIST)
            continue; /* "Non-file object in inputs list" */
        Vec names = VEC_INIT;
        if (hooks(l)) {
            const InputsExpander *x = hooks(l);
            if (has_scalar_variable(entry->str) &&
                x->resolve(x->userdata, l->policy, b0, l->policy->bundles.len, d0, l->policy->bodies.len) < 0) {
                l->errors++;
                return -1;
            }
            if (x->expand(x->userdata, l->policy, c, entry, &names) < 0) {
                vec_free(&names, free);
                l->errors++;
                return -1;
            }
        } else {
            policy_literal_inputs(entry, &names);
        }
        int rc = 0;
        for (size_t k = 0; k < names.len && rc == 0; k++) {
            char *path = resolve_input(l->main_file, names.items[k]);
            rc = load_file(l, path, from, entry);
            free(path);
        }
        vec_free(&names, free);
        if (rc < 0)
            return -1;
    }
    return 0;
}

Policy *policy_load(const char *path, const LoadOptions *opt, Diag *d)
{
    Loader l = { .policy = policy_new(), .diag = d, .opt = opt, .main_file = path,
                 .regexes = CHECK_REGEX_CACHE_INIT };
    load_file(&l, path, NULL, NULL);
    map_free(&l.seen, NULL);
    check_regex_cache_free(&l.regexes);
    if (l.errors) {
        policy_free(l.policy);
        return NULL;
    }
    return l.policy;
}
