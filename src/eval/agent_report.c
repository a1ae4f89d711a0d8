/* agent_report.c - the run's summary as JSON (minicf-agent --json). */
#include "eval/agent.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "policy/json.h"

bool agent_failed(const AgentCtx *a)
{
    return a->counts[OUTCOME_FAILED] > 0;
}

void agent_would_change(AgentCtx *a, const Promise *p)
{
    (void)p;
    if (a->opt.dry_run)
        a->would_change++;
}

bool agent_all_kept(const AgentCtx *a)
{
    if (a->would_change > 0)
        return false;
    for (size_t i = 0; i < a->records.len; i++) {
        const AgentRecord *r = a->records.items[i];
        /* a report changes nothing on the machine: one that would be
         * printed does not make the machine unhealthy */
        if (r->outcome == OUTCOME_KEPT || strcmp(r->promise->section->promise_type, "reports") == 0)
            continue;
        return false;
    }
    return true;
}

void agent_print_json(const AgentCtx *a, FILE *out)
{
    Buf b = BUF_INIT;
    buf_printf(&b, "{\n  \"kept\": %u,\n  \"repaired\": %u,\n  \"warn\": %u,\n  \"failed\": %u,\n",
               a->counts[OUTCOME_KEPT], a->counts[OUTCOME_REPAIRED], a->counts[OUTCOME_WARN],
               a->counts[OUTCOME_FAILED]);
    buf_puts(&b, "  \"aborted\": ");
    if (a->aborted)
        json_append_string(&b, a->aborted);
    else
        buf_puts(&b, "null");
    buf_puts(&b, ",\n  \"promises\": [");
    for (size_t i = 0; i < a->records.len; i++) {
        const AgentRecord *r = a->records.items[i];
        const Promise *p = r->promise;
        SourceFile *f = promise_file(p);
        unsigned line, col;
        srcfile_linecol(f, p->span.start, &line, &col);
        buf_puts(&b, i ? ",\n    {" : "\n    {");
        buf_puts(&b, "\"bundle\": ");
        json_append_string(&b, p->section->bundle->name);
        buf_puts(&b, ", \"type\": ");
        json_append_string(&b, p->section->promise_type);
        buf_puts(&b, ", \"promiser\": ");
        json_append_string(&b, p->promiser);
        buf_puts(&b, ", \"handle\": ");
        if (r->handle)
            json_append_string(&b, r->handle);
        else
            buf_puts(&b, "null");
        buf_puts(&b, ", \"file\": ");
        json_append_string(&b, f->path);
        buf_printf(&b, ", \"line\": %u, \"outcome\": \"%s\"", line, outcome_name(r->outcome));
        char key[AGENT_POINTER_KEY];
        agent_pointer_key(key, p);
        const Buf *pids = map_get(&a->pids, key);
        if (pids || strcmp(p->section->promise_type, "processes") == 0)
            buf_printf(&b, ", \"pids\": [%s]", pids ? buf_cstr(pids) : "");
        buf_putc(&b, '}');
    }
    buf_puts(&b, a->records.len ? "\n  ]\n}\n" : "]\n}\n");
    fputs(buf_cstr(&b), out);
    buf_free(&b);
}
