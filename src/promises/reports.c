/* reports.c - reports: promises print "R: text", each once per run, as
 * 3.21 does; report_to_file appends the text to a file instead, printfile
 * prints lines of a file after it, bundle_return_value_index returns it
 * to the calling method; a dry run says what it would print. */
#include "promises/promises.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"

/* Appends text and a newline to path. */
static Outcome append_to_file(AgentCtx *a, const Promise *p, const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        agent_error(a, p, "cannot open '%s' for report_to_file: %s", path, strerror(errno));
        return OUTCOME_FAILED;
    }
    char *line = xasprintf("%s\n", text);
    size_t n = strlen(line), done = 0;
    while (done < n) {
        ssize_t w = write(fd, line + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            break;
        done += (size_t)w;
    }
    free(line);
    int rc = close(fd);
    if (done < n || rc != 0) {
        agent_error(a, p, "cannot write '%s' for report_to_file: %s", path, strerror(errno));
        return OUTCOME_FAILED;
    }
    return OUTCOME_KEPT;
}

/* printfile: the first number_of_lines lines of file_to_print ("inf":
 * all), each as a report line. */
static Outcome print_file(AgentCtx *a, const Promise *p, FILE *out)
{
    Map body = agent_body(a, p, "printfile", "printfile");
    const Value *file = map_get(&body, "file_to_print");
    const Value *lines = map_get(&body, "number_of_lines");
    Outcome o = OUTCOME_KEPT;
    long max = LONG_MAX;
    if (lines && lines->type == VALUE_STRING && strcmp(lines->str, "inf") != 0)
        max = strtol(lines->str, NULL, 10);
    if (file && file->type == VALUE_STRING && !file->unknown) {
        FILE *f = fopen(file->str, "re");
        if (!f) {
            agent_error(a, p, "cannot open '%s' for printfile: %s", file->str, strerror(errno));
            o = OUTCOME_FAILED;
        } else {
            char *line = NULL;
            size_t cap = 0;
            ssize_t len;
            for (long i = 0; i < max && (len = getline(&line, &cap, f)) >= 0; i++) {
                if (len > 0 && line[len - 1] == '\n')
                    line[len - 1] = '\0';
                fprintf(out, "R: %s\n", line);
            }
            free(line);
            fclose(f);
        }
    }
    agent_body_free(&body);
    return o;
}

static Outcome reports_keep(AgentCtx *a, const Promise *p, const PromiseAttrs *attrs)
{
    FILE *out = agent_out(a);
    const Constraint *ret = promise_get(p, "bundle_return_value_index");
    if (ret) {
        /* a value for the calling method's useresult, not a line to print */
        char *key = eval_expand(a->eval, ret->rval->str, NULL);
        agent_return_value(a, key, agent_promiser(a));
        free(key);
        return OUTCOME_KEPT;
    }
    if (attrs->warn_only) {
        fprintf(out, " warning: Need to repair reports promise: %s\n", agent_promiser(a));
        fflush(out);
        return OUTCOME_WARN;
    }
    Outcome o = OUTCOME_KEPT;
    const Constraint *to_file = promise_get(p, "report_to_file");
    if (to_file) {
        char *path = eval_expand(a->eval, to_file->rval->str, NULL);
        o = append_to_file(a, p, path, agent_promiser(a));
        free(path);
    } else {
        fprintf(out, "R: %s\n", agent_promiser(a));
    }
    if (promise_get(p, "printfile"))
        o = outcome_merge(o, print_file(a, p, out));
    fflush(out);
    return o;
}

const PromiseType promise_type_reports = { "reports", 140, reports_keep, 0 };
