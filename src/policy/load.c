/* load.c - loading a policy and following its inputs. */
#include "policy/load.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/map.h"
#include "policy/parse.h"

static bool has_variable(const char *s)
{
    for (const char *p = s; *p; p++)
        if ((p[0] == '$' || p[0] == '@') && (p[1] == '(' || p[1] == '{'))
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

/* A key that is the same for every path naming one file. */
static char *file_key(const char *path)
{
    char *real = realpath(path, NULL);
    return real ? real : xstrdup(path);
}

typedef struct {
    Policy *policy;     /* everything loaded so far */
    Map seen;           /* file_key -> (void*)1 */
    Diag *diag;
    unsigned errors;
    const LoadOptions *opt;
    const char *main_file;
} Loader;

static void loader_add(Loader *l, const char *path)
{
    char *key = file_key(path);
    if (map_has(&l->seen, key)) {
        free(key);
        return;
    }
    map_put(&l->seen, key, (void *)1);
    free(key);

    unsigned before = l->diag->errors;
    SourceFile *f = srcfile_read(path, l->diag);
    if (!f) {
        l->errors += l->diag->errors - before ? l->diag->errors - before : 1;
        return;
    }
    Policy *part = NULL;
    unsigned e = policy_parse(f, l->diag, &part);
    if (e) {
        l->errors += e;
        return;
    }
    policy_merge(l->policy, part);
}

/* The inputs a body names, resolved against its file. */
static void body_inputs(Loader *l, const Body *b, Vec *names)
{
    for (size_t i = 0; i < b->constraints.len; i++) {
        const Constraint *c = b->constraints.items[i];
        if (strcmp(c->lval, "inputs") != 0)
            continue;
        Vec raw = VEC_INIT;
        if (l->opt->expander)
            l->opt->expander->expand(l->opt->expander->userdata, l->policy, c, &raw);
        else
            policy_literal_inputs(c->rval, &raw);
        for (size_t k = 0; k < raw.len; k++)
            vec_push(names, resolve_input(l->main_file, raw.items[k]));
        vec_free(&raw, free);
    }
}

static bool is_inputs_body(const Body *b)
{
    return b->kind == BODY_KIND_BODY && strcmp(b->name, "control") == 0 &&
           (strcmp(b->type, "common") == 0 || strcmp(b->type, "file") == 0);
}

Policy *policy_load(const char *path, const LoadOptions *opt, Diag *d)
{
    Loader l = { .policy = policy_new(), .diag = d, .opt = opt, .main_file = path };
    loader_add(&l, path);
    /* New files can define the variables that name more inputs, so go
     * round until a pass adds no file. Each file is read once. */
    size_t files_before = 0;
    while (opt->follow_inputs && l.policy->files.len != files_before) {
        files_before = l.policy->files.len;
        Vec names = VEC_INIT;
        for (size_t i = 0; i < l.policy->bodies.len; i++) {
            const Body *b = l.policy->bodies.items[i];
            if (is_inputs_body(b))
                body_inputs(&l, b, &names);
        }
        for (size_t i = 0; i < names.len; i++)
            loader_add(&l, names.items[i]);
        vec_free(&names, free);
    }
    map_free(&l.seen, NULL);
    if (l.errors) {
        policy_free(l.policy);
        return NULL;
    }
    return l.policy;
}
