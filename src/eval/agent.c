/* agent.c - running bundles as cf-agent 3.21 does (ScheduleAgentOperations
 * and KeepAgentPromise): passes, the normal ordering, each promise once. */
#include "eval/agent.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/log.h"
#include "eval/resolve.h"
#include "sys/state.h"

/* Seconds after which a lock is forgotten (31 days). */
#define LOCK_MAX_AGE (31LL * 24 * 3600)

/* 3.21 makes three passes over a bundle (CF_DONEPASSES - 1). */
#define AGENT_PASSES 3

/* ---- the normal ordering --------------------------------------------------- */

int agent_type_order(const char *type)
{
    /* 3.21's AGENT_TYPESEQUENCE */
    static const char *const ORDER[] = {
        "meta",     "vars",     "defaults", "classes",   "users",    "files",     "packages", "guest_environments",
        "methods",  "processes", "services", "commands", "storage", "databases", "reports",  NULL,
    };
    for (int i = 0; ORDER[i]; i++)
        if (strcmp(ORDER[i], type) == 0)
            return i * 10;
    return 1000; /* custom types last */
}

static int by_order(const void *x, const void *y)
{
    const PromiseType *a = *(const PromiseType *const *)x, *b = *(const PromiseType *const *)y;
    return (a->order > b->order) - (a->order < b->order);
}

static const PromiseType *type_row(const AgentCtx *a, const char *name)
{
    for (size_t i = 0; i < a->types.len; i++) {
        const PromiseType *t = a->types.items[i];
        if (strcmp(t->name, name) == 0)
            return t;
    }
    return NULL;
}

/* ---- logging --------------------------------------------------------------- */

static void vlog_at(const Promise *p, void (*sink)(const char *, ...), const char *fmt, va_list ap)
{
    Buf b = BUF_INIT;
    if (p) {
        SourceFile *f = promise_file(p);
        unsigned line, col;
        srcfile_linecol(f, p->span.start, &line, &col);
        buf_printf(&b, "%s:%u: ", f->path, line);
    }
    buf_vprintf(&b, fmt, ap);
    sink("%s", buf_cstr(&b));
    buf_free(&b);
}

void agent_verbose(const AgentCtx *a, const Promise *p, const char *fmt, ...)
{
    if (!a->opt.verbose)
        return;
    va_list ap;
    va_start(ap, fmt);
    vlog_at(p, log_verbose, fmt, ap);
    va_end(ap);
}

void agent_inform(const AgentCtx *a, const Promise *p, const char *fmt, ...)
{
    if (!a->opt.inform && !a->opt.verbose)
        return;
    va_list ap;
    va_start(ap, fmt);
    vlog_at(p, log_info, fmt, ap);
    va_end(ap);
}

static void log_error_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void log_error_line(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Buf b = BUF_INIT;
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    log_warnx("%s", buf_cstr(&b));
    buf_free(&b);
}

void agent_error(const AgentCtx *a, const Promise *p, const char *fmt, ...)
{
    (void)a;
    va_list ap;
    va_start(ap, fmt);
    vlog_at(p, log_error_line, fmt, ap);
    va_end(ap);
}

/* ---- the context ----------------------------------------------------------- */

static long control_minutes(const Value *v, long dflt)
{
    if (!v || v->type != VALUE_STRING || v->unknown)
        return dflt;
    char *end;
    long n = strtol(v->str, &end, 10);
    return *end || end == v->str || n < 0 ? dflt : n;
}

static void add_abortclass(AgentCtx *a, const char *re)
{
    int err;
    PCRE2_SIZE off;
    char *anchored = xasprintf("^(?:%s)$", re);
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)anchored, PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
    free(anchored);
    if (code)
        vec_push(&a->abortclasses, code);
    else
        log_warnx("abortclasses: '%s' is not a regular expression; ignored", re);
}

/* body agent control: ifelapsed, expireafter, abortclasses. */
static void read_agent_control(AgentCtx *a)
{
    EvalCtx *ctx = a->eval;
    const Policy *pol = ctx->policy;
    for (size_t i = 0; pol && i < pol->bodies.len; i++) {
        const Body *b = pol->bodies.items[i];
        if (b->kind != BODY_KIND_BODY || strcmp(b->name, "control") != 0 || strcmp(b->type, "agent") != 0)
            continue;
        eval_enter(ctx, NULL, "control_agent");
        for (size_t k = 0; k < b->constraints.len && !ctx->fatal; k++) {
            const Constraint *c = b->constraints.items[k];
            ctx->constraint = c;
            if (!eval_class_expr(ctx, c->classes))
                continue;
            Value *v = eval_rval(ctx, c->rval);
            if (strcmp(c->lval, "ifelapsed") == 0)
                a->ifelapsed = control_minutes(v, a->ifelapsed);
            else if (strcmp(c->lval, "expireafter") == 0)
                a->expireafter = control_minutes(v, a->expireafter);
            else if (strcmp(c->lval, "abortclasses") == 0 && v && !v->unknown) {
                if (v->type == VALUE_LIST)
                    for (size_t j = 0; j < v->list.len; j++)
                        add_abortclass(a, v->list.items[j]);
                else
                    add_abortclass(a, v->str);
            }
            value_free(v);
        }
        eval_enter(ctx, NULL, NULL);
    }
}

static char *state_path(const AgentCtx *a, const char *name)
{
    return xasprintf("%s/%s", a->opt.statedir, name);
}

AgentCtx *agent_new(EvalCtx *ctx, const PromiseTypeTable *types, const AgentOptions *opt)
{
    AgentCtx *a = xcalloc(1, sizeof *a);
    a->eval = ctx;
    if (opt)
        a->opt = *opt;
    if (!a->opt.out)
        a->opt.out = stdout;
    for (size_t i = 0; types && i < types->n; i++)
        vec_push(&a->types, (void *)types->rows[i]);
    if (a->types.len)
        qsort(a->types.items, a->types.len, sizeof *a->types.items, by_order);
    a->ifelapsed = 1; /* 3.21's defaults */
    a->expireafter = 120;
    read_agent_control(a);
    if (a->opt.statedir) {
        char *path = state_path(a, "locks");
        state_table_load(path, &a->locks);
        free(path);
        path = state_path(a, "persistent_classes");
        state_table_load(path, &a->persistent);
        free(path);
        const MapEntry *e;
        for (size_t i = 0; map_next(&a->persistent, &i, &e);) {
            if (e->value && *(const long long *)e->value > (long long)ctx->now)
                classset_add(&ctx->classes, NULL, e->key);
        }
    }
    return a;
}

static void free_record(void *r)
{
    AgentRecord *rec = r;
    free(rec->handle);
    free(rec);
}

static void free_regex(void *re)
{
    pcre2_code_free(re);
}

static void free_pid_buf(void *v)
{
    Buf *b = v;
    if (!b)
        return;
    buf_free(b);
    free(b);
}

/* Hex digits, lowest first. */
void agent_pointer_key(char *key, const void *p)
{
    uintptr_t v = (uintptr_t)p;
    do {
        *key++ = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    *key = '\0';
}

void agent_note_pids(AgentCtx *a, const Promise *p, const int *pids, size_t n)
{
    if (!a->opt.json)
        return;
    char key[AGENT_POINTER_KEY];
    agent_pointer_key(key, p);
    Buf *b = map_get(&a->pids, key);
    if (!b) {
        b = xcalloc(1, sizeof *b);
        map_put(&a->pids, key, b);
    }
    /* by hand: a busy promise notes hundreds of pids, and printf for
     * each was a tenth of a processes run */
    for (size_t i = 0; i < n; i++) {
        char digits[16], *d = digits + sizeof digits;
        long v = pids[i];
        unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
        do
            *--d = (char)('0' + u % 10);
        while ((u /= 10) > 0);
        if (v < 0)
            *--d = '-';
        if (b->len)
            buf_append(b, ", ", 2);
        buf_append(b, d, (size_t)(digits + sizeof digits - d));
    }
}

void agent_free(AgentCtx *a)
{
    if (!a)
        return;
    vec_free(&a->types, NULL);
    map_free(&a->done, NULL);
    map_free(&a->handles, NULL);
    vec_free(&a->records, free_record);
    map_free(&a->record_at, NULL);
    map_free(&a->pids, free_pid_buf);
    state_table_free(&a->locks);
    state_table_free(&a->persistent);
    map_free(&a->unsupported, NULL);
    vec_free(&a->abortclasses, free_regex);
    free(a->aborted);
    if (a->procs) {
        proctable_free(a->procs);
        free(a->procs);
    }
    free(a);
}

const char *agent_promiser(const AgentCtx *a)
{
    return a->promiser ? a->promiser : "";
}

FILE *agent_out(const AgentCtx *a)
{
    return a->opt.out;
}

void agent_persist_class(AgentCtx *a, const char *name, long minutes)
{
    if (minutes > 0) {
        state_table_put(&a->persistent, name, (long long)a->eval->now + minutes * 60);
        a->persistent_dirty = true;
    }
}

const Bundle *agent_find_bundle(AgentCtx *a, const char *ns, const char *name)
{
    const Policy *p = a->eval->policy;
    const Bundle *b = NULL;
    if (!strchr(name, ':') && ns && strcmp(ns, "default") != 0)
        b = policy_find_bundle(p, ns, name);
    if (!b)
        b = policy_find_bundle(p, NULL, name);
    if (b && strcmp(b->type, "agent") != 0 && strcmp(b->type, "common") != 0)
        return NULL;
    return b;
}

/* ---- abortclasses ---------------------------------------------------------- */

static bool matches_abort(const AgentCtx *a, const char *name)
{
    for (size_t i = 0; i < a->abortclasses.len; i++) {
        pcre2_code *re = a->abortclasses.items[i];
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
        int rc = pcre2_match(re, (PCRE2_SPTR)name, strlen(name), 0, 0, md, NULL);
        pcre2_match_data_free(md);
        if (rc >= 0)
            return true;
    }
    return false;
}

static void check_abort(AgentCtx *a)
{
    if (!a->abortclasses.len || a->aborted)
        return;
    /* the network's classes may match too: read them if not yet */
    classset_complete(&a->eval->classes);
    const Map *maps[] = { &a->eval->classes.names, &a->eval->classes.local, &a->eval->classes.hard };
    /* only when a class was added since the last look (a local frame
     * changing shows as a different count too) */
    size_t total = maps[0]->len + maps[1]->len + maps[2]->len;
    if (total == a->classes_seen)
        return;
    a->classes_seen = total;
    for (size_t m = 0; m < 3 && !a->aborted; m++) {
        const MapEntry *e;
        for (size_t i = 0; map_next(maps[m], &i, &e);) {
            if (e->value && matches_abort(a, e->key)) {
                a->aborted = xstrdup(e->key);
                break;
            }
        }
    }
}

static bool stopped(const AgentCtx *a)
{
    return a->aborted || a->eval->fatal || (a->opt.stop && *a->opt.stop);
}

/* ---- records --------------------------------------------------------------- */

static void record(AgentCtx *a, const Promise *p, Outcome o)
{
    if (o == OUTCOME_SKIPPED)
        return;
    char key[AGENT_POINTER_KEY];
    agent_pointer_key(key, p);
    AgentRecord *r = map_get(&a->record_at, key);
    if (!r) {
        r = xcalloc(1, sizeof *r);
        r->promise = p;
        const Constraint *h = promise_get(p, "handle");
        if (h && (h->rval->kind == RVAL_STRING || h->rval->kind == RVAL_SYMBOL))
            r->handle = eval_expand(a->eval, h->rval->str, NULL);
        vec_push(&a->records, r);
        map_put(&a->record_at, key, r);
    } else {
        a->counts[r->outcome]--;
    }
    r->outcome = outcome_merge(r->outcome, o);
    a->counts[r->outcome]++;
    if (r->handle) {
        uintptr_t prev = (uintptr_t)map_get(&a->handles, r->handle);
        Outcome merged = prev ? outcome_merge((Outcome)(prev - 1), o) : o;
        map_put(&a->handles, r->handle, (void *)(uintptr_t)(merged + 1));
    }
}

/* 3.21's depends_on: every handle named must belong to a promise that
 * was kept or repaired already. */
static bool dependencies_met(AgentCtx *a, const Promise *p)
{
    const Constraint *k = promise_get(p, "depends_on");
    if (!k)
        return true;
    Value *v = eval_rval(a->eval, k->rval);
    bool ok = v != NULL;
    for (size_t i = 0; v && i < (v->type == VALUE_LIST ? v->list.len : 1) && ok; i++) {
        const char *h = v->type == VALUE_LIST ? v->list.items[i] : v->str;
        uintptr_t o = (uintptr_t)map_get(&a->handles, h);
        if (!o || (o - 1 != OUTCOME_KEPT && o - 1 != OUTCOME_REPAIRED)) {
            agent_verbose(a, p, "skipping promise '%s': it depends on '%s', which was not kept or repaired",
                          p->promiser, h);
            ok = false;
        }
    }
    value_free(v);
    return ok;
}

/* ---- one promise ----------------------------------------------------------- */

/* The promise as expanded now, for "done" and locks (3.21 hashes the
 * expanded promise: its type, bundle, promiser and constraints); *open
 * says whether some reference in it is still unresolved. */
static char *promise_key(AgentCtx *a, const Promise *p, bool *open)
{
    EvalCtx *ctx = a->eval;
    Buf b = BUF_INIT; /* built with puts, not printf: this runs for every promise */
    buf_puts(&b, ctx->bundle->ns);
    buf_putc(&b, ':');
    buf_puts(&b, ctx->bundle->name);
    buf_putc(&b, '.');
    buf_puts(&b, p->section->promise_type);
    buf_putc(&b, '\x1f');
    buf_puts(&b, a->promiser);
    *open = value_str_unresolved(a->promiser, true);
    for (size_t i = 0; i < p->constraints.len; i++) {
        const Constraint *k = p->constraints.items[i];
        buf_putc(&b, '\x1f');
        buf_puts(&b, k->lval);
        buf_putc(&b, '=');
        const Rval *r = k->rval;
        if (r->kind == RVAL_FNCALL) {
            /* a body with arguments, or a function call: its name and the
             * arguments, expanded; a call is not made again here (it may
             * run a command: returnszero, execresult) */
            buf_puts(&b, r->str);
            buf_putc(&b, '(');
            for (size_t j = 0; j < r->items.len; j++) {
                const Rval *arg = r->items.items[j];
                if (arg->kind == RVAL_FNCALL) {
                    buf_puts(&b, arg->str);
                    buf_puts(&b, "(...),");
                    continue;
                }
                Value *v = eval_rval(ctx, arg);
                if (!v)
                    continue;
                for (size_t m = 0; m < (v->type == VALUE_LIST ? v->list.len : 1); m++) {
                    const char *item = v->type == VALUE_LIST ? (const char *)v->list.items[m] : v->str;
                    /* a data value has no string: "(null)", as printf wrote it, so that
                     * the keys in existing lock tables stay the same */
                    buf_puts(&b, item ? item : "(null)");
                    buf_putc(&b, '\x1e');
                }
                buf_putc(&b, ',');
                *open = *open || value_unresolved(v);
                value_free(v);
            }
            buf_putc(&b, ')');
            continue;
        }
        Value *v = eval_rval(ctx, r);
        if (!v)
            continue;
        if (v->type == VALUE_STRING) {
            buf_puts(&b, v->str);
        } else {
            for (size_t j = 0; j < v->list.len; j++) {
                buf_puts(&b, v->list.items[j]);
                buf_putc(&b, '\x1e');
            }
        }
        *open = *open || value_unresolved(v);
        value_free(v);
    }
    return buf_steal(&b);
}

typedef struct {
    AgentCtx *a;
    const PromiseType *row;
    Outcome outcome;
} Keeping;

static bool locked(AgentCtx *a, const Promise *p, const char *key, const PromiseAttrs *attrs)
{
    /* a dry run looks at every promise, locked or not, as 3.21 does: a
     * health check a minute after a real run must still see a process
     * that died since */
    if (a->opt.ignore_locks || a->opt.dry_run || !a->opt.statedir || attrs->ifelapsed <= 0)
        return false;
    long long last = state_table_get(&a->locks, key);
    /* in whole minutes: ifelapsed * 60 could overflow (a huge value given
     * through a variable escapes the check's range) */
    if (last && ((long long)a->eval->now - last) / 60 < attrs->ifelapsed) {
        agent_verbose(a, p, "skipping promise '%s': kept less than %ld minute(s) ago (ifelapsed)", a->promiser,
                      attrs->ifelapsed);
        return true;
    }
    return false;
}

static void keep_iteration(EvalCtx *ctx, const Promise *p, void *data)
{
    Keeping *k = data;
    AgentCtx *a = k->a;
    if (stopped(a))
        return;
    ExpandState st = { false, false };
    char *promiser = eval_expand_state(ctx, p->promiser, &st);
    eval_set_this(ctx, "promiser", promiser);
    a->promiser = promiser;
    Outcome o = OUTCOME_SKIPPED;
    if (k->row->flags & PROMISE_TYPE_EVERY_PASS) {
        PromiseAttrs attrs = agent_action_attrs(a, p);
        o = k->row->keep(a, p, &attrs);
    } else if (st.unknown) {
        /* 3.21 would work it out; minicf cannot say what it would keep */
        agent_verbose(a, p, "skipping %s promise '%s': it depends on a value minicf cannot work out",
                      p->section->promise_type, p->promiser);
    } else if (resolve_included(ctx, p)) {
        bool open = false;
        char *key = promise_key(a, p, &open);
        PromiseAttrs attrs = agent_action_attrs(a, p);
        if (map_has(&a->done, key)) {
            /* done already this run */
        } else if (open && a->pass < AGENT_PASSES) {
            agent_verbose(a, p, "deferring promise '%s' to a later pass: it holds unresolved variables", promiser);
        } else if (locked(a, p, key, &attrs)) {
            map_put(&a->done, key, (void *)1);
        } else {
            map_put(&a->done, key, (void *)1);
            RunLock running;
            if (!agent_runlock_take(a, p, key, &attrs, &running)) {
                free(key);
                goto skipped; /* another run keeps it now */
            }
            o = k->row->keep(a, p, &attrs);
            runlock_release(&running);
            /* as 3.21, -K neither honours nor takes locks */
            if (o != OUTCOME_SKIPPED && a->opt.statedir && !a->opt.dry_run && !a->opt.ignore_locks) {
                state_table_put(&a->locks, key, (long long)ctx->now);
                a->locks_dirty = true;
            }
        }
        free(key);
    } else {
        agent_verbose(a, p, "skipping promise '%s': if/unless says not now", promiser);
    }
skipped:
    a->promiser = NULL;
    if (o != OUTCOME_SKIPPED && !(k->row->flags & PROMISE_TYPE_NO_OUTCOME_CLASSES))
        agent_outcome_classes(a, p, o);
    if (o == OUTCOME_REPAIRED)
        agent_inform(a, p, "repaired %s promise '%s'", p->section->promise_type, promiser);
    else if (o == OUTCOME_FAILED)
        agent_verbose(a, p, "%s promise '%s' failed", p->section->promise_type, promiser);
    else if (o != OUTCOME_SKIPPED)
        agent_verbose(a, p, "%s promise '%s': %s (pass %u)", p->section->promise_type, promiser, outcome_name(o),
                      a->pass);
    k->outcome = outcome_merge(k->outcome, o);
    free(promiser);
    check_abort(a);
}

static Outcome keep_promise(AgentCtx *a, const Promise *p, const PromiseType *row)
{
    EvalCtx *ctx = a->eval;
    ctx->promise = p;
    resolve_set_this(ctx, p);
    Keeping k = { a, row, OUTCOME_SKIPPED };
    if (!eval_class_expr(ctx, p->classes)) {
        if (a->pass == 1)
            agent_verbose(a, p, "skipping promise '%s': class guard '%s' is not defined", p->promiser, p->classes);
    } else if (dependencies_met(a, p)) {
        resolve_iterate(ctx, p, keep_iteration, &k);
    }
    record(a, p, k.outcome);
    ctx->promise = NULL;
    return k.outcome;
}

static void say_unsupported(AgentCtx *a, const Section *s)
{
    if (map_has(&a->unsupported, s->promise_type))
        return;
    map_put(&a->unsupported, s->promise_type, (void *)1);
    SourceFile *f = s->bundle->file;
    unsigned line, col;
    srcfile_linecol(f, s->span.start, &line, &col);
    log_warnx("%s:%u: promises of type '%s' are not supported by this minicf-agent; skipped", f->path, line,
              s->promise_type);
}

static bool has_promises(const Bundle *b, const char *type)
{
    for (size_t s = 0; s < b->sections.len; s++) {
        const Section *sec = b->sections.items[s];
        if (strcmp(sec->promise_type, type) == 0 && sec->promises.len)
            return true;
    }
    return false;
}

/* 3.21's BundleResolve, in the bundle's scope as it stands. */
static void resolve_again(EvalCtx *ctx, const Bundle *b)
{
    if (strcmp(b->type, "common") == 0) {
        resolve_promises(ctx, b, "vars");
        resolve_promises(ctx, b, "classes");
    }
    resolve_promises(ctx, b, "vars");
}

static Outcome run_passes(AgentCtx *a, const Bundle *b)
{
    Outcome result = OUTCOME_SKIPPED;
    for (size_t s = 0; s < b->sections.len; s++) {
        const Section *sec = b->sections.items[s];
        if (!type_row(a, sec->promise_type))
            say_unsupported(a, sec);
    }
    for (a->pass = 1; a->pass <= AGENT_PASSES && !stopped(a); a->pass++) {
        for (size_t t = 0; t < a->types.len && !stopped(a); t++) {
            const PromiseType *row = a->types.items[t];
            for (size_t s = 0; s < b->sections.len && !stopped(a); s++) {
                const Section *sec = b->sections.items[s];
                if (strcmp(sec->promise_type, row->name) != 0)
                    continue;
                for (size_t i = 0; i < sec->promises.len && !stopped(a); i++)
                    result = outcome_merge(result, keep_promise(a, sec->promises.items[i], row));
            }
            /* As 3.21 (ScheduleBundleOperationsNormalOrder): once the
             * classes promises of a pass are kept, the bundle is resolved
             * again (BundleResolve), so vars see the new classes. */
            if (strcmp(row->name, "classes") == 0 && has_promises(b, "classes") && !stopped(a))
                resolve_again(a->eval, b);
        }
    }
    return result;
}

static void free_value(void *v)
{
    value_free(v);
}

Outcome agent_run_bundle(AgentCtx *a, const Bundle *b, const Value *const *args, size_t nargs)
{
    return agent_run_bundle_returning(a, b, args, nargs, NULL);
}

bool agent_return_value(AgentCtx *a, const char *key, const char *value)
{
    if (!a->returns)
        return false;
    free(map_put(a->returns, key, xstrdup(value)));
    return true;
}

Outcome agent_run_bundle_returning(AgentCtx *a, const Bundle *b, const Value *const *args, size_t nargs,
                                   Map *returns)
{
    EvalCtx *ctx = a->eval;
    /* what the caller stands in, restored at the end */
    const Bundle *caller = ctx->bundle;
    const Promise *caller_promise = ctx->promise;
    char *caller_scope = ctx->scope ? xstrdup(ctx->scope) : NULL;
    const char *caller_promiser = a->promiser;
    unsigned caller_pass = a->pass;
    Map caller_local = ctx->classes.local, caller_iter = ctx->iter;
    Map *caller_returns = a->returns;
    a->returns = returns;
    ctx->classes.local = (Map)MAP_INIT;
    ctx->classes.generation++; /* the set changed: cached guard verdicts are stale */
    ctx->iter = (Map)MAP_INIT;

    eval_enter(ctx, b, NULL);
    for (size_t i = 0; i < b->params.len && i < nargs; i++) {
        const Param *pm = b->params.items[i];
        vars_put(&ctx->vars, ctx->scope, pm->name, value_copy(args[i]));
    }
    agent_verbose(a, NULL, "running %s bundle '%s:%s'", b->type, b->ns, b->name);
    a->depth++;
    Outcome o = run_passes(a, b);
    a->depth--;

    map_free(&ctx->classes.local, NULL);
    map_free(&ctx->iter, free_value);
    ctx->classes.local = caller_local;
    ctx->classes.generation++;
    ctx->iter = caller_iter;
    eval_enter(ctx, caller, caller_scope);
    free(caller_scope);
    a->pass = caller_pass;
    a->promiser = caller_promiser;
    a->returns = caller_returns;
    if (caller_promise) {
        ctx->promise = caller_promise;
        resolve_set_this(ctx, caller_promise);
        if (caller_promiser)
            eval_set_this(ctx, "promiser", caller_promiser);
    }
    return o;
}

/* The arguments of a bundlesequence entry written name(args), the
 * first such entry of that name not used yet; NULL when there is none. */
static const Rval *sequence_call(AgentCtx *a, const char *name, Map *used)
{
    const Constraint *at = a->eval->control.has_bundlesequence ? a->eval->control.bundlesequence_at : NULL;
    if (!at || at->rval->kind != RVAL_LIST)
        return NULL;
    for (size_t i = 0; i < at->rval->items.len; i++) {
        const Rval *r = at->rval->items.items[i];
        char key[AGENT_POINTER_KEY];
        agent_pointer_key(key, r);
        if (r->kind == RVAL_FNCALL && strcmp(r->str, name) == 0 && !map_has(used, key)) {
            map_put(used, key, (void *)1);
            return r;
        }
    }
    return NULL;
}

static void run_sequence_entry(AgentCtx *a, const Bundle *b, const Rval *call)
{
    size_t n = call ? call->items.len : 0;
    Value **args = xcalloc(n ? n : 1, sizeof *args);
    eval_enter(a->eval, NULL, "control_common");
    for (size_t i = 0; i < n; i++) {
        args[i] = eval_rval(a->eval, call->items.items[i]);
        if (!args[i])
            args[i] = value_string("");
    }
    eval_enter(a->eval, NULL, NULL);
    if (n != b->params.len)
        log_warnx("bundle '%s' takes %zu argument(s), the bundlesequence gives %zu", b->name, b->params.len, n);
    agent_run_bundle(a, b, (const Value *const *)args, n);
    for (size_t i = 0; i < n; i++)
        value_free(args[i]);
    free(args);
}

int agent_run(AgentCtx *a, const Vec *names)
{
    int rc = 0;
    Map used = MAP_INIT;
    for (size_t i = 0; i < names->len && !stopped(a); i++) {
        const char *name = names->items[i];
        const Bundle *b = agent_find_bundle(a, NULL, name);
        if (!b) {
            log_warnx("bundle '%s' of the bundlesequence is not an agent or common bundle of the policy", name);
            rc = -1;
            continue;
        }
        run_sequence_entry(a, b, sequence_call(a, name, &used));
    }
    map_free(&used, NULL);
    if (a->aborted) {
        log_warnx("aborted on defined class '%s' (abortclasses)", a->aborted);
        rc = -1;
    }
    if (a->eval->fatal)
        rc = -1;
    if (a->opt.statedir && !a->opt.dry_run) {
        /* locks older than any sensible ifelapsed are dropped, so the
         * table does not grow with every promise text ever kept */
        const MapEntry *old;
        for (size_t i = 0; map_next(&a->locks, &i, &old);) {
            if (old->value && *(const long long *)old->value < (long long)a->eval->now - LOCK_MAX_AGE) {
                free(old->value);
                map_put(&a->locks, old->key, NULL);
                a->locks_dirty = true;
            }
        }
        /* a table is written (and synced) only when it changed: a run
         * with -K, or that kept nothing new, costs no disk write */
        agent_runlock_prune(a);
        char *path = state_path(a, "locks");
        if (a->locks_dirty &&
            state_table_update(path, &a->locks, (long long)a->eval->now - LOCK_MAX_AGE) != 0)
            rc = -1;
        free(path);
        path = state_path(a, "persistent_classes");
        /* expired classes are left out */
        const MapEntry *e;
        for (size_t i = 0; map_next(&a->persistent, &i, &e);) {
            if (e->value && *(const long long *)e->value <= (long long)a->eval->now) {
                free(e->value);
                map_put(&a->persistent, e->key, NULL);
                a->persistent_dirty = true;
            }
        }
        if (a->persistent_dirty && state_table_update(path, &a->persistent, (long long)a->eval->now + 1) != 0)
            rc = -1;
        free(path);
    }
    return rc;
}
