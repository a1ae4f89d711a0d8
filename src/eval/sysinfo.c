/* sysinfo.c - hard classes and sys/const variables. */
#include "eval/sysinfo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "base/alloc.h"

#define MINICF_CF_VERSION "3.21.0"

static void add_class(EvalCtx *ctx, const char *name)
{
    char *c = canonify(name);
    classset_add(&ctx->classes, c);
    free(c);
}

static void set_sys(EvalCtx *ctx, const char *name, const char *value)
{
    vars_put(&ctx->vars, "sys", name, value_string(value));
}

/* ID and VERSION_ID of os-release: "debian", "debian_12". */
static void os_release_classes(EvalCtx *ctx, const char *path)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return;
    char line[512], id[128] = "", version[128] = "";
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *eq = strchr(line, '=');
        if (!eq)
            continue;
        *eq = '\0';
        char *v = eq + 1;
        size_t n = strlen(v);
        if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
            v[n - 1] = '\0';
            v++;
        }
        if (strcmp(line, "ID") == 0)
            snprintf(id, sizeof id, "%s", v);
        else if (strcmp(line, "VERSION_ID") == 0)
            snprintf(version, sizeof version, "%s", v);
    }
    fclose(f);
    if (!*id)
        return;
    add_class(ctx, id);
    if (*version) {
        char *c = xasprintf("%s_%s", id, version);
        add_class(ctx, c);
        char *dot = strchr(version, '.');
        if (dot) {
            char *major = xasprintf("%s_%.*s", id, (int)(dot - version), version);
            add_class(ctx, major);
            free(major);
        }
        free(c);
    }
    set_sys(ctx, "flavor", id);
}

void sysinfo_discover(EvalCtx *ctx, const EvalSystem *sys)
{
    add_class(ctx, "any");
    add_class(ctx, "cfengine");
    add_class(ctx, "cfengine_3");
    add_class(ctx, "cfengine_3_21");
    add_class(ctx, "cfengine_3_21_0");
    add_class(ctx, "community_edition");
    add_class(ctx, "minicf");

    struct utsname u;
    if (uname(&u) == 0) {
        char *os = canonify(u.sysname);
        for (char *p = os; *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
        add_class(ctx, os);
        set_sys(ctx, "os", os);
        set_sys(ctx, "ostype", os);
        free(os);
        add_class(ctx, u.machine);
        set_sys(ctx, "arch", u.machine);
        if (strstr(u.machine, "64"))
            add_class(ctx, "64_bit");
        else
            add_class(ctx, "32_bit");
        set_sys(ctx, "release", u.release);
    }
    os_release_classes(ctx, sys && sys->os_release ? sys->os_release : "/etc/os-release");

    char host[256] = "";
    if (sys && sys->hostname)
        snprintf(host, sizeof host, "%s", sys->hostname);
    else if (gethostname(host, sizeof host - 1) != 0)
        snprintf(host, sizeof host, "localhost");
    set_sys(ctx, "fqhost", host);
    char *uq = xstrndup(host, strcspn(host, "."));
    set_sys(ctx, "uqhost", uq);
    set_sys(ctx, "host", uq);
    add_class(ctx, uq);
    free(uq);

    set_sys(ctx, "cf_version", MINICF_CF_VERSION);
    set_sys(ctx, "local_libdir", "lib");
    set_sys(ctx, "class", "linux");

    static const struct { const char *name, *value; } CONSTS[] = {
        { "dollar", "$" }, { "n", "\n" }, { "r", "\r" }, { "t", "\t" },
        { "at", "@" }, { "dirsep", "/" }, { "endl", "\n" },
    };
    for (size_t i = 0; i < sizeof CONSTS / sizeof *CONSTS; i++)
        vars_put(&ctx->vars, "const", CONSTS[i].name, value_string(CONSTS[i].value));
}
