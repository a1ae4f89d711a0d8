/* agent.h - running a policy as cf-agent 3.21 does: the bundlesequence,
 * each bundle's promises in the normal order over three passes, the
 * common attributes (if/unless/ifvarclass, depends_on and handles, the
 * action and classes bodies), outcomes merged worst-wins, locks and
 * persistent classes in the state directory, abortclasses.
 *
 * The promise types are rows of a table the caller passes in
 * (PromiseTypeTable); this module never includes a promise type, so a new
 * type is a new file in src/promises/ and a row, not a change here.
 *
 * One AgentCtx is one run: it holds everything the run learns (promises
 * done, handles, outcomes, locks) and nothing outlives agent_free(), so a
 * daemon can run the agent again and again in one process.
 *
 * Ownership: agent_new() returns an owned AgentCtx that borrows the
 * EvalCtx (and through it the Policy), the table and opt->out;
 * agent_free(NULL) is a no-op. Strings returned are borrowed.
 */
#ifndef MINICF_EVAL_AGENT_H
#define MINICF_EVAL_AGENT_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "base/map.h"
#include "base/vec.h"
#include "eval/eval.h"
#include "eval/outcome.h"
#include "sys/procselect.h"
#include "sys/proctable.h"
#include "sys/runlock.h"

typedef struct AgentCtx AgentCtx;

/* What the action body and the run ask of one promise. */
typedef struct {
    bool warn_only;   /* action_policy "warn" or "nop", or a dry run (-n):
                       * say what would be repaired, change nothing, and
                       * return OUTCOME_WARN */
    long ifelapsed;   /* minutes between two runs of the promise */
    long expireafter; /* minutes a run may take */
} PromiseAttrs;

/* Keeps one iteration of promise p, whose promiser (expanded) is
 * agent_promiser(a), in the bundle and scope the EvalCtx stands in.
 * Returns what it came to; OUTCOME_SKIPPED when it did nothing. */
typedef Outcome (*PromiseKeepFn)(AgentCtx *a, const Promise *p, const PromiseAttrs *attrs);

enum {
    /* Kept in every pass and every iteration; never "done", never locked,
     * never deferred (vars, classes, meta). */
    PROMISE_TYPE_EVERY_PASS = 1u << 0,
    /* Its classes body is not applied (classes promises, as 3.21). */
    PROMISE_TYPE_NO_OUTCOME_CLASSES = 1u << 1,
};

/* One row of the promise-type table. */
typedef struct {
    const char *name;   /* the section name: "reports" */
    int order;          /* the normal ordering: lower runs first */
    PromiseKeepFn keep;
    unsigned flags;     /* PROMISE_TYPE_* */
} PromiseType;

/* The table: pointers to rows, each row defined in its own file. */
typedef struct {
    const PromiseType *const *rows;
    size_t n;
} PromiseTypeTable;

typedef struct {
    bool dry_run;         /* -n */
    bool ignore_locks;    /* -K */
    bool inform;          /* -I: log each repair */
    bool verbose;         /* -v: explain each decision */
    bool json;            /* --json: standard output is the summary's alone (the
                             output of background commands goes to stderr), and
                             the pids each processes promise matched are kept */
    const char *statedir; /* locks and persistent classes; NULL: none kept */
    FILE *out;            /* reports; NULL: stdout */
    const ProcSignalOps *signal_ops; /* how processes promises signal; NULL: kill(2), sleep(3) */
    const volatile sig_atomic_t *stop; /* set (by a signal handler) to end the run
                                          after the promise at hand; NULL: never */
} AgentOptions;

/* What one promise came to over the run (all its iterations, passes and
 * bundle invocations, merged). */
typedef struct {
    const Promise *promise;
    char *handle; /* NULL when none */
    Outcome outcome;
} AgentRecord;

struct AgentCtx {
    EvalCtx *eval;
    AgentOptions opt;
    Vec types;           /* const PromiseType*, by order */
    Map done;            /* keys of promises done this run */
    Map handles;         /* handle -> Outcome + 1, cast to a pointer */
    Vec records;         /* AgentRecord*, in the order first kept */
    Map record_at;       /* agent_pointer_key() of a promise -> AgentRecord* */
    Map pids;            /* agent_pointer_key() of a processes promise -> Buf* of the pids it matched, for --json */
    Map locks;           /* state table: promise key -> last run */
    Map persistent;      /* state table: class -> expiry */
    bool locks_dirty, persistent_dirty; /* changed since loaded: to be saved */
    Map unsupported;     /* promise types said to be unsupported */
    Vec abortclasses;    /* compiled regexes (pcre2_code*) */
    long ifelapsed;      /* body agent control, minutes */
    long expireafter;
    char *aborted;       /* the class that aborted the run, or NULL */
    unsigned would_change; /* promises a dry run found would change the machine
                              though 3.21 counts them kept (agent_would_change()) */
    unsigned depth;      /* methods nesting */
    const char *promiser; /* of the iteration being kept */
    unsigned pass;       /* 1..3 */
    unsigned counts[5];  /* promises by merged outcome */
    Map *returns;        /* of the running bundle's caller (useresult), or NULL */
    size_t classes_seen; /* classes counted at the last abortclasses check */
    ProcTable *procs;    /* read by the first processes promise (from eval->proc_root); NULL: not yet */
};

/* The normal ordering of 3.21 for agent bundles; rows use these orders. */
int agent_type_order(const char *type);

AgentCtx *agent_new(EvalCtx *ctx, const PromiseTypeTable *types, const AgentOptions *opt);
void agent_free(AgentCtx *a);

/* Runs each bundle named (agent or common; "name" or "ns:name"), then
 * stores locks and persistent classes. Returns 0 when the run completed
 * (whatever the outcomes), -1 when a bundle is missing, an evaluation
 * error was fatal, or abortclasses stopped it (a->aborted). */
int agent_run(AgentCtx *a, const Vec *bundle_names);

/* Runs bundle b with its parameters bound to args (nargs of them, which
 * must match) and returns the merged outcome of its promises. The
 * caller's bundle, scope, local classes and iteration are restored. */
Outcome agent_run_bundle(AgentCtx *a, const Bundle *b, const Value *const *args, size_t nargs);

/* The same, collecting into *returns (key -> char*, owned by the map;
 * free the values with free()) what the bundle's reports with
 * bundle_return_value_index return (methods' useresult). */
Outcome agent_run_bundle_returning(AgentCtx *a, const Bundle *b, const Value *const *args, size_t nargs,
                                   Map *returns);

/* Returns value under key to the method that called the running bundle;
 * false when no caller asked for results (useresult). */
bool agent_return_value(AgentCtx *a, const char *key, const char *value);

/* The bundle a method or the bundlesequence names, seen from namespace
 * ns (NULL: default); NULL when there is none. */
const Bundle *agent_find_bundle(AgentCtx *a, const char *ns, const char *name);

/* The expanded promiser of the iteration being kept. */
const char *agent_promiser(const AgentCtx *a);

/* Where reports go. */
FILE *agent_out(const AgentCtx *a);

/* Makes class `name` persist for `minutes` after this run. */
void agent_persist_class(AgentCtx *a, const char *name, long minutes);

/* Log lines that name the promise's file and line: verbose (-v) and
 * inform (-I). */
/* Takes the running lock of promise p (key: promise_key's) before it is
 * kept, into *lock (fd -1 when none is needed: -K, -n, no state
 * directory). False when the promise is to be skipped: another run keeps
 * it now and has not held it for expireafter minutes, or it has but
 * cannot be ended. An expired holder is ended (runlock_kill_holder) and
 * the lock taken over. Release with runlock_release(). */
bool agent_runlock_take(AgentCtx *a, const Promise *p, const char *key, const PromiseAttrs *attrs, RunLock *lock);

/* Removes the running-lock files that killed runs left behind. */
void agent_runlock_prune(const AgentCtx *a);

void agent_verbose(const AgentCtx *a, const Promise *p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void agent_inform(const AgentCtx *a, const Promise *p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void agent_error(const AgentCtx *a, const Promise *p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A node's address as a map key, into key (AGENT_POINTER_KEY bytes):
 * unique per address, never read back; cheaper than snprintf("%p"). */
#define AGENT_POINTER_KEY (2 * sizeof(void *) + 1)
void agent_pointer_key(char *key, const void *p);

/* ---- bodies (agent_body.c) ---- */

/* The body constraint `lval` of p refers to (a body of type `type`),
 * resolved: its parameters bound to the arguments, each constraint whose
 * class guard holds evaluated. A Map of lval -> Value* (owned; free with
 * agent_body_free), empty when p has no such constraint. */
Map agent_body(AgentCtx *a, const Promise *p, const char *lval, const char *type);
void agent_body_free(Map *m);

/* The action body of p as PromiseAttrs, with the run's defaults. */
PromiseAttrs agent_action_attrs(AgentCtx *a, const Promise *p);

/* Sets and cancels the classes p's classes body names for outcome o. */
void agent_outcome_classes(AgentCtx *a, const Promise *p, Outcome o);

/* ---- the run's summary (agent_report.c) ---- */

/* Prints {"kept":N,"repaired":N,"failed":N,..."promises":[...]}. */
void agent_print_json(const AgentCtx *a, FILE *out);

/* Whether any promise failed. */
/* Notes the processes a processes promise matched (for --json: a no-op
 * unless opt.json; each call
 * adds to what the promise matched before, as iterations do). */
void agent_note_pids(AgentCtx *a, const Promise *p, const int *pids, size_t n);

bool agent_failed(const AgentCtx *a);

/* Whether every promise of the run was kept: none repaired, warned
 * (would repair, with -n) or failed; reports do not count. */
bool agent_all_kept(const AgentCtx *a);

/* In a dry run, p would change the machine (a signal it would send) where
 * 3.21 counts its outcome as kept: agent_all_kept() is then false, so
 * that -n does not call the machine healthy. */
void agent_would_change(AgentCtx *a, const Promise *p);

#endif
