/* evalfixture.c - the differential fixtures run through the evaluator. */
#include "evalfixture.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "eval/eval.h"
#include "eval/resolve.h"
#include "policy/load.h"

/* Until minicf-agent exists, the fixtures tests/fixtures/eval/fn_*.cf are
 * run here: bundle main's vars and classes resolved in three passes, then
 * each reports promise whose guard holds expanded (once per item of every
 * list or container it refers to, `with` set, repeats said once) and
 * compared with what cf-agent printed (fn_*.expected). */

static void report_iterate(EvalCtx *ctx, const char *promiser, Vec *refs, size_t k, Map *said, Buf *out)
{
    if (k == refs->len) {
        bool complete = false;
        char *line = eval_expand(ctx, promiser, &complete);
        if (complete && !map_has(said, line)) {
            map_put(said, line, (void *)1);
            buf_printf(out, "R: %s\n", line);
        }
        free(line);
        return;
    }
    const Value *v = eval_lookup(ctx, refs->items[k]);
    if (!v || v->type == VALUE_STRING) {
        report_iterate(ctx, promiser, refs, k + 1, said, out);
        return;
    }
    Value *items = value_as_list(v);
    ctx->iter_bound++; /* the evaluator looks at ctx->iter only while something is bound */
    for (size_t i = 0; i < items->list.len; i++) {
        value_free(map_put(&ctx->iter, refs->items[k], value_string(items->list.items[i])));
        report_iterate(ctx, promiser, refs, k + 1, said, out);
    }
    value_free(map_put(&ctx->iter, refs->items[k], NULL));
    ctx->iter_bound--;
    value_free(items);
}

/* The names $(x) refers to at the top level of s. */
static void top_refs(const char *s, Vec *refs)
{
    for (const char *p = s; (p = strstr(p, "$(")) != NULL; p++) {
        const char *end = strchr(p, ')');
        if (end && !memchr(p + 2, '$', (size_t)(end - p - 2)))
            vec_push(refs, xstrndup(p + 2, (size_t)(end - p - 2)));
    }
}

char *evalfixture_run(const char *path, time_t now, Capture *c)
{
    LoadOptions opt = { false, NULL };
    Policy *p = policy_load(path, &opt, &c->diag);
    ck_assert_msg(p != NULL, "%s does not load:\n%s", path, capture_text(c));
    EvalSystem sys = { .hostname = "testhost", .now = now };
    EvalCtx *ctx = eval_new(p, &c->diag, &sys);
    const Bundle *b = policy_find_bundle(p, NULL, "main");
    ck_assert_ptr_nonnull(b);
    eval_enter(ctx, b, NULL);
    for (int pass = 0; pass < 3; pass++) {
        resolve_promises(ctx, b, "vars");
        resolve_promises(ctx, b, "classes");
    }
    Buf out = BUF_INIT;
    Map said = MAP_INIT;
    for (size_t s = 0; s < b->sections.len; s++) {
        const Section *sec = b->sections.items[s];
        if (strcmp(sec->promise_type, "reports") != 0)
            continue;
        for (size_t k = 0; k < sec->promises.len; k++) {
            const Promise *pr = sec->promises.items[k];
            if (!eval_class_expr(ctx, pr->classes))
                continue;
            const Constraint *with = promise_get(pr, "with");
            if (with) {
                Value *w = eval_rval(ctx, with->rval);
                if (w && w->type == VALUE_STRING && !w->unknown)
                    eval_set_this(ctx, "with", w->str);
                value_free(w);
            }
            /* $(with) is this.with, as 3.21 has it */
            Buf promiser = BUF_INIT;
            for (const char *q = pr->promiser; *q; q++) {
                if (strncmp(q, "$(with)", 7) == 0) {
                    buf_puts(&promiser, "$(this.with)");
                    q += 6;
                } else {
                    buf_putc(&promiser, *q);
                }
            }
            Vec refs = VEC_INIT;
            top_refs(buf_cstr(&promiser), &refs);
            report_iterate(ctx, buf_cstr(&promiser), &refs, 0, &said, &out);
            vec_free(&refs, free);
            buf_free(&promiser);
        }
    }
    map_free(&said, NULL);
    eval_free(ctx);
    policy_free(p);
    return buf_steal(&out);
}

char *evalfixture_read(const char *path)
{
    FILE *f = fopen(path, "re");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    Buf b = BUF_INIT;
    char chunk[4096];
    size_t r;
    while ((r = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, r);
    fclose(f);
    return buf_steal(&b);
}

