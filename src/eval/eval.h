/* eval.h - the evaluator's context: classes, variables, and the
 * evaluation of rvals, strings and class expressions.
 *
 * This is the part of CFEngine's evaluation that loading a policy needs
 * (cf-promises -c evaluates the vars of every bundle and the classes of
 * common bundles while it loads, and again once everything is loaded);
 * the agent builds on it.
 *
 * Values follow 3.21: a reference that cannot be resolved yet stays in the
 * value as written ("a$(x)"), and a later evaluation may resolve it. A
 * fatal error (3.21 exits at once) sets `fatal`; evaluation stops there.
 *
 * Ownership: eval_new() returns an owned context that borrows the Policy
 * and the Diag; strings and Values returned are owned by the caller.
 */
#ifndef MINICF_EVAL_EVAL_H
#define MINICF_EVAL_EVAL_H

#include <stdbool.h>
#include <time.h>

#include "base/diag.h"
#include "base/map.h"
#include "base/vec.h"
#include "eval/classes.h"
#include "eval/value.h"
#include "eval/vars.h"
#include "policy/check_value.h"
#include "policy/policy.h"

typedef struct {
    const char *os_release; /* path of os-release, for OS classes */
    const char *hostname;   /* NULL: ask the system */
    time_t now;             /* 0: the clock */
    const char *workdir;    /* sys.workdir and the directories under it; NULL: unknown */
    const char *proc_root;  /* the process table (processexists(), processes:); NULL: /proc */
} EvalSystem;

/* What the control bodies said, as last resolved. */
typedef struct {
    bool ignore_missing_inputs;
    bool ignore_missing_bundles;
    /* The bundlesequence of body common control: the names it stands for
     * (owned char*; NULL for an entry minicf cannot work out) and the
     * constraint they came from. Unset: the default, "main". */
    bool has_bundlesequence;
    Vec bundlesequence;
    const Constraint *bundlesequence_at;
} EvalControl;

typedef struct {
    const Policy *policy;
    Diag *diag;
    unsigned errors;        /* fatal errors reported */
    bool fatal;             /* a fatal error: evaluate nothing more */
    ClassSet classes;
    VarTable vars;
    Map this_vars;          /* the `this` scope of the current promise: name -> Value*; the
                             * names worked out from the promise itself are added when first
                             * looked up */
    CheckRegexCache regexes; /* the ranges of function parameters, compiled */
    Value *promiser;        /* this.promiser (not in this_vars); NULL: none */
    char *cwd;              /* the working directory, for this.promise_filename; NULL: unknown */
    Map iter;               /* list iteration in force: reference -> Value* (NULL: none) */
    size_t iter_bound;      /* references bound in iter now; 0: no lookup needs it */
    Map said;               /* warnings already given, each said once */
    Map derived;            /* elements of data containers lent out by eval_lookup: key -> Value* */
    Map fncache;            /* results of cached functions (execresult, ...): call -> Value* */
    Value *unknown;         /* what an unknown sys variable stands for */
    /* Where evaluation stands. */
    const Bundle *bundle;
    const Promise *promise;
    const Constraint *constraint; /* in a body, for locations */
    char *scope;            /* "ns:bundle" of the current bundle, or a special scope */
    time_t now;
    char *proc_root;        /* where the process table and /proc/net are read; NULL: /proc */
    char *os_release;       /* the os-release file; NULL: /etc/os-release */
    unsigned sysdata_loaded; /* the sys data containers read so far (sysinfo_data.c) */
    bool net_loaded;        /* the network's classes and sys variables are read (sysinfo_net_load) */
    ClassLazy net_classes;  /* classes.lazy: the network's classes, read on first need */
    EvalControl control;
    bool verbose;           /* show eval_note()s (minicf-agent -v) */
} EvalCtx;

EvalCtx *eval_new(const Policy *p, Diag *d, const EvalSystem *sys);
void eval_free(EvalCtx *ctx);

/* Points the context at another (for example a larger) policy. */
void eval_set_policy(EvalCtx *ctx, const Policy *p);

/* Sets where evaluation stands: a bundle (NULL: none) and the scope for
 * unqualified names (NULL: the bundle's). Clears the `this` scope. */
void eval_enter(EvalCtx *ctx, const Bundle *b, const char *scope);

/* How an expansion went. */
typedef struct {
    bool unresolved; /* some reference is left as written */
    bool unknown;    /* some reference stands for an unknown value */
} ExpandState;

/* Expands every $(x) and ${x} in s that can be resolved now, leaving the
 * others as written; st (when not NULL) accumulates how it went. */
char *eval_expand_state(EvalCtx *ctx, const char *s, ExpandState *st);

/* The same; *complete (when not NULL) says whether every reference was
 * resolved to a known value. */
char *eval_expand(EvalCtx *ctx, const char *s, bool *complete);

/* The value of an rval as 3.21 works it out: strings expanded as far as
 * they can be (unresolved references stay as written), @(list) items of
 * lists spliced, function calls evaluated. NULL when a function call
 * failed (also inside a list): there is no value to give. */
Value *eval_rval(EvalCtx *ctx, const Rval *r);

/* The variable a reference names ("x", "b.x", "ns:b.x", "sys.x",
 * "a[k]"), seen from the current scope; NULL when undefined. */
const Value *eval_lookup(EvalCtx *ctx, const char *ref);

/* Evaluates a class expression after expanding variables in it; false
 * when it cannot be. */
bool eval_class_expr(EvalCtx *ctx, const char *expr);

/* Makes p the current promise (NULL: none) and clears the `this` scope.
 * this.promise_filename, promise_dirname, promise_linenumber, bundle,
 * namespace and handle then stand for p's, worked out when looked up. */
void eval_set_promise(EvalCtx *ctx, const Promise *p);

/* Sets this.promiser, taking ownership of name; returns it, borrowed: it
 * stays valid until another promiser or promise is set. */
const char *eval_set_promiser(EvalCtx *ctx, char *name);

/* Sets this.NAME for the current promise. */
void eval_set_this(EvalCtx *ctx, const char *name, const char *value);

/* Reports a fatal evaluation error at the current promise (or body
 * constraint) and stops evaluation. */
void eval_fatal(EvalCtx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reports an error that 3.21 prints but that does not make the policy
 * invalid: a warning, given once. */
void eval_warning(EvalCtx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A warning 3.21 gives only in verbose mode (a function that finds no
 * file, or a name that holds no container): shown when ctx->verbose. */
void eval_note(EvalCtx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
