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
    classset_add_hard(&ctx->classes, c);
    free(c);
}

static void set_sys(EvalCtx *ctx, const char *name, const char *value)
{
    vars_put(&ctx->vars, "sys", name, value_string(value));
}

bool sysinfo_os_release_line(char *line, char **key, char **value)
{
    line[strcspn(line, "\r\n")] = '\0';
    char *k = line + strspn(line, " \t");
    char *eq = strchr(k, '=');
    if (*k == '#' || !eq || eq == k)
        return false;
    *eq = '\0';
    char *v = eq + 1;
    size_t n = strlen(v);
    if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
        v[n - 1] = '\0';
        v++;
    }
    *key = k;
    *value = v;
    return true;
}

/* ID and VERSION_ID of os-release: "debian", "debian_12". */
static void os_release_classes(EvalCtx *ctx, const char *path)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return;
    char line[512], id[128] = "", version[128] = "";
    char *k, *v;
    while (fgets(line, sizeof line, f)) {
        if (!sysinfo_os_release_line(line, &k, &v))
            continue;
        if (strcmp(k, "ID") == 0)
            snprintf(id, sizeof id, "%s", v);
        else if (strcmp(k, "VERSION_ID") == 0)
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
    /* "debian_12": the ID and the major version, as 3.21 names it */
    char *flavor = *version ? xasprintf("%s_%.*s", id, (int)strcspn(version, "."), version) : xstrdup(id);
    if (*version) {
        char *major = xstrndup(version, strcspn(version, "."));
        set_sys(ctx, "os_version_major", major);
        free(major);
    }
    /* 3.21 names a few distributions its own way; the rest capitalised */
    static const struct { const char *id, *human; } HUMAN[] = {
        { "rhel", "RHEL" }, { "centos", "CentOS" }, { "opensuse", "OpenSUSE" }, { "sles", "SUSE" },
    };
    char human[128];
    snprintf(human, sizeof human, "%s", id);
    human[0] = (char)(human[0] >= 'a' && human[0] <= 'z' ? human[0] - 'a' + 'A' : human[0]);
    for (size_t i = 0; i < sizeof HUMAN / sizeof *HUMAN; i++)
        if (strcmp(id, HUMAN[i].id) == 0)
            snprintf(human, sizeof human, "%s", HUMAN[i].human);
    set_sys(ctx, "os_name_human", human);
    set_sys(ctx, "flavor", flavor);
    set_sys(ctx, "flavour", flavor);
    free(flavor);
}

static void net_discover(void *ctx)
{
    sysinfo_net_load(ctx);
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
        char *ostype = xasprintf("%s_%s", os, u.machine);
        set_sys(ctx, "ostype", ostype);
        sysinfo_uname_classes(ctx, os, u.machine, u.release, u.version);
        free(ostype);
        free(os);
        add_class(ctx, u.machine);
        set_sys(ctx, "arch", u.machine);
        set_sys(ctx, "version", u.version);
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
    set_sys(ctx, "domain", "");
    set_sys(ctx, "fqhost", host);
    char *uq = xstrndup(host, strcspn(host, "."));
    set_sys(ctx, "uqhost", uq);
    set_sys(ctx, "host", uq);
    add_class(ctx, uq);
    add_class(ctx, host);
    if (strchr(host, '.'))
        set_sys(ctx, "domain", strchr(host, '.') + 1);
    /* every suffix after a dot: the domain and its parents */
    for (const char *dot = strchr(host, '.'); dot && dot[1]; dot = strchr(dot + 1, '.'))
        add_class(ctx, dot + 1);
    free(uq);
    sysinfo_time(ctx, ctx->now);
    /* the network's classes and variables: read when first asked for */
    ctx->net_classes = (ClassLazy){ .wants = sysinfo_net_class, .discover = net_discover, .arg = ctx };
    ctx->classes.lazy = &ctx->net_classes;
    sysinfo_machine(ctx);

    set_sys(ctx, "cf_version", MINICF_CF_VERSION);
    set_sys(ctx, "cf_version_major", "3");
    set_sys(ctx, "cf_version_minor", "21");
    set_sys(ctx, "cf_version_patch", "0");
    static const struct { const char *name, *value; } PATHS[] = {
        { "crontab", "/var/spool/cron/crontabs/root" }, { "doc_root", "/var/www" }, { "exports", "/etc/exports" },
        { "fstab", "/etc/fstab" }, { "maildir", "/var/spool/mail" }, { "resolv", "/etc/resolv.conf" },
    };
    for (size_t i = 0; i < sizeof PATHS / sizeof *PATHS; i++)
        set_sys(ctx, PATHS[i].name, PATHS[i].value);
    if (sys && sys->workdir) {
        static const struct { const char *name, *under; } WORKDIRS[] = {
            { "workdir", "" }, { "inputdir", "/inputs" }, { "masterdir", "/masterfiles" }, { "bindir", "/bin" },
            { "logdir", "" }, { "piddir", "" }, { "statedir", "/state" }, { "libdir", "/inputs/lib" },
            { "default_policy_path", "/inputs/promises.cf" }, { "failsafe_policy_path", "/inputs/failsafe.cf" },
            { "update_policy_path", "/inputs/update.cf" },
        };
        for (size_t i = 0; i < sizeof WORKDIRS / sizeof *WORKDIRS; i++) {
            char *v = xasprintf("%s%s", sys->workdir, WORKDIRS[i].under);
            set_sys(ctx, WORKDIRS[i].name, v);
            free(v);
        }
    }
    set_sys(ctx, "local_libdir", "lib");
    set_sys(ctx, "class", "linux");

    static const struct { const char *name, *value; } CONSTS[] = {
        { "dollar", "$" }, { "n", "\n" }, { "r", "\r" }, { "t", "\t" },
        { "at", "@" }, { "dirsep", "/" }, { "endl", "\n" },
    };
    for (size_t i = 0; i < sizeof CONSTS / sizeof *CONSTS; i++)
        vars_put(&ctx->vars, "const", CONSTS[i].name, value_string(CONSTS[i].value));
}

bool sysinfo_defines(const char *name)
{
    /* What cf-promises --show-vars lists under sys on any host (the
     * arrays by their base names). */
    static const char *const NAMES[] = {
        "arch", "bindir", "cdate", "cf_version", "cf_version_major", "cf_version_minor", "cf_version_patch",
        "cf_version_release", "class", "cpus", "crontab", "date", "default_policy_path", "doc_root", "domain",
        "exports", "failsafe_policy_path", "flavor", "flavour", "fqhost", "fstab", "hardware_addresses",
        "hardware_flags", "host", "inet", "inet6", "inputdir", "interface", "interfaces", "interfaces_data",
        "ip_addresses", "ipv4", "libdir", "local_libdir", "logdir", "long_arch", "maildir", "masterdir", "os",
        "os_name_human", "os_release", "os_version_major", "ostype", "piddir", "policy_entry_basename",
        "policy_entry_dirname", "policy_entry_filename", "release", "resolv", "statedir", "sysday", "systime",
        "update_policy_path", "uptime", "uqhost", "user_data", "version", "workdir", NULL,
    };
    static const char *const ARRAYS[] = {
        "hardware_mac", "interface_flags", "ip2iface", "ipv4", "ipv4_1", "ipv4_2", "ipv4_3", NULL,
    };
    const char *bracket = strchr(name, '[');
    const char *const *table = bracket ? ARRAYS : NAMES;
    size_t n = bracket ? (size_t)(bracket - name) : strlen(name);
    for (const char *const *p = table; *p; p++)
        if (strlen(*p) == n && strncmp(*p, name, n) == 0)
            return true;
    return false;
}

void sysinfo_policy_entry(EvalCtx *ctx, const char *file)
{
    char *abs = realpath(file, NULL);
    if (!abs)
        abs = xstrdup(file);
    vars_put(&ctx->vars, "sys", "policy_entry_filename", value_string(abs));
    char *slash = strrchr(abs, '/');
    vars_put(&ctx->vars, "sys", "policy_entry_basename", value_string(slash ? slash + 1 : abs));
    if (slash) {
        *slash = '\0';
        vars_put(&ctx->vars, "sys", "policy_entry_dirname", value_string(*abs ? abs : "/"));
    }
    free(abs);
}
