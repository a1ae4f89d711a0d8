/* sysinfo_data.c - the sys data containers (inet, inet6, interfaces_data,
 * os_release, user_data), read as 3.21 reads them on Linux. */
#include "eval/sysinfo_data.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "eval/sysinfo.h"

/* Route flags of the kernel (linux/route.h). */
#define ROUTE_UP 0x1
#define ROUTE_GATEWAY 0x2
#define ROUTE_HOST 0x4

static FILE *open_proc(const char *proc_root, const char *name)
{
    char *path = xasprintf("%s/net/%s", proc_root ? proc_root : "/proc", name);
    FILE *f = fopen(path, "re");
    free(path);
    return f;
}

/* Splits s in place on blanks; at most max fields; returns how many. */
static size_t split_fields(char *s, char **fields, size_t max)
{
    size_t n = 0;
    for (char *tok = strtok(s, " \t\r\n"); tok && n < max; tok = strtok(NULL, " \t\r\n"))
        fields[n++] = tok;
    return n;
}

/* The flags array 3.21 gives a route; `with_default` adds "default" or
 * "not_default" (IPv4 only). */
static Json *route_flags(unsigned long flags, int with_default, bool is_default)
{
    Json *a = json_array();
    json_array_push(a, json_string(flags & ROUTE_UP ? "up" : "down"));
    json_array_push(a, json_string(flags & ROUTE_HOST ? "host" : "net"));
    if (with_default)
        json_array_push(a, json_string(is_default ? "default" : "not_default"));
    json_array_push(a, json_string(flags & ROUTE_GATEWAY ? "gateway" : "local"));
    return a;
}

/* "010200C0" (network order read as a little-endian word): "192.0.2.1". */
static Json *ipv4_hex(const char *hex, unsigned long *out)
{
    unsigned long v = strtoul(hex, NULL, 16);
    if (out)
        *out = v;
    char s[32];
    snprintf(s, sizeof s, "%lu.%lu.%lu.%lu", v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff);
    return json_string(s);
}

/* 32 hex digits: the eight groups in hex without compression, as 3.21
 * writes them ("fd00:0:0:0:0:0:0:2"). */
static Json *ipv6_hex(const char *hex)
{
    char s[64] = "";
    size_t len = strlen(hex), at = 0;
    for (size_t g = 0; g < 8; g++) {
        char group[5] = "0";
        if (len >= (g + 1) * 4)
            memcpy(group, hex + g * 4, 4), group[4] = '\0';
        at += (size_t)snprintf(s + at, sizeof s - at, "%s%lx", g ? ":" : "", strtoul(group, NULL, 16));
    }
    return json_string(s);
}

static long dec(const char *s)
{
    return strtol(s, NULL, 10);
}

/* "Group: name name ..." followed by "Group: value value ...", as
 * /proc/net/netstat has them: stats[Group][name] = value (a string). */
static void netstat_stats(FILE *f, Json *stats)
{
    char *names = NULL, *values = NULL;
    size_t ncap = 0, vcap = 0;
    while (getline(&names, &ncap, f) > 0 && getline(&values, &vcap, f) > 0) {
        char *colon = strchr(names, ':');
        if (!colon || strncmp(names, values, (size_t)(colon - names + 1)) != 0)
            continue;
        *colon = '\0';
        Json *group = json_object();
        char *nsave = NULL, *vsave = NULL;
        char *n = strtok_r(colon + 1, " \t\r\n", &nsave);
        char *v = strtok_r(values + (colon - names) + 1, " \t\r\n", &vsave);
        for (; n && v; n = strtok_r(NULL, " \t\r\n", &nsave), v = strtok_r(NULL, " \t\r\n", &vsave))
            json_object_set(group, n, json_string(v));
        json_object_set(stats, names, group);
    }
    free(names);
    free(values);
}

Json *sysinfo_inet(const char *proc_root)
{
    FILE *f = open_proc(proc_root, "route");
    if (!f)
        return NULL;
    Json *inet = json_object();
    Json *routes = json_array();
    const Json *best = NULL;
    long best_metric = 0;
    char *line = NULL;
    size_t cap = 0;
    bool header = true;
    while (getline(&line, &cap, f) > 0) {
        char *fl[11];
        if (header) {
            header = false;
            continue;
        }
        if (split_fields(line, fl, 11) < 11)
            continue;
        unsigned long dest = 0, flags = strtoul(fl[3], NULL, 16);
        Json *r = json_object();
        Json *d = ipv4_hex(fl[1], &dest);
        bool is_default = dest == 0;
        bool active = is_default && (flags & ROUTE_UP) && (flags & ROUTE_GATEWAY);
        json_object_set(r, "active_default_gateway", json_bool(active));
        json_object_set(r, "dest", d);
        json_object_set(r, "flags", route_flags(flags, 1, is_default));
        json_object_set(r, "gateway", ipv4_hex(fl[2], NULL));
        json_object_set(r, "interface", json_string(fl[0]));
        json_object_set(r, "irtt", json_int(dec(fl[10])));
        json_object_set(r, "mask", ipv4_hex(fl[7], NULL));
        json_object_set(r, "metric", json_int(dec(fl[6])));
        json_object_set(r, "mtu", json_int(dec(fl[8])));
        json_object_set(r, "refcnt", json_int(dec(fl[4])));
        json_object_set(r, "use", json_int(dec(fl[5])));
        json_object_set(r, "window", json_int(dec(fl[9])));
        json_array_push(routes, r);
        if (active && (!best || dec(fl[6]) < best_metric)) {
            best = r;
            best_metric = dec(fl[6]);
        }
    }
    free(line);
    fclose(f);
    if (best) {
        json_object_set(inet, "default_gateway", json_copy(json_object_get(best, "gateway")));
        json_object_set(inet, "default_route", json_copy(best));
    }
    json_object_set(inet, "routes", routes);
    f = open_proc(proc_root, "netstat");
    if (f) {
        Json *stats = json_object();
        netstat_stats(f, stats);
        fclose(f);
        json_object_set(inet, "stats", stats);
    }
    return inet;
}

/* /proc/net/if_inet6: address, device number, prefix length, scope,
 * flags, interface (all hex but the name). */
static Json *inet6_addresses(FILE *f)
{
    Json *addrs = json_object();
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        char *fl[6];
        if (split_fields(line, fl, 6) < 6)
            continue;
        Json *a = json_object();
        json_object_set(a, "address", ipv6_hex(fl[0]));
        json_object_set(a, "device_number", json_int(strtol(fl[1], NULL, 16)));
        json_object_set(a, "interface", json_string(fl[5]));
        json_object_set(a, "prefix_length", json_int(strtol(fl[2], NULL, 16)));
        json_object_set(a, "raw_flags", json_string(fl[4]));
        json_object_set(a, "scope", json_int(strtol(fl[3], NULL, 16)));
        json_object_set(addrs, fl[5], a);
    }
    free(line);
    return addrs;
}

/* /proc/net/ipv6_route: dest, dest prefix, source, source prefix, next
 * hop, metric, refcnt, use, flags (all hex), interface. */
static Json *inet6_routes(FILE *f)
{
    Json *routes = json_array();
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        char *fl[10];
        if (split_fields(line, fl, 10) < 10)
            continue;
        Json *r = json_object();
        /* 3.21 files the source address under "dest" and drops the
         * destination; kept, so that policies see what 3.21 shows */
        json_object_set(r, "dest", ipv6_hex(fl[2]));
        json_object_set(r, "dest_prefix", json_string(fl[1]));
        json_object_set(r, "flags", route_flags(strtoul(fl[8], NULL, 16), 0, false));
        json_object_set(r, "interface", json_string(fl[9]));
        json_object_set(r, "metric", json_int((long)(int)(unsigned)strtoul(fl[5], NULL, 16)));
        json_object_set(r, "next_hop", ipv6_hex(fl[4]));
        json_object_set(r, "refcnt", json_int(strtol(fl[6], NULL, 16)));
        json_object_set(r, "source_prefix", json_string(fl[3]));
        json_object_set(r, "use", json_int(strtol(fl[7], NULL, 16)));
        json_array_push(routes, r);
    }
    free(line);
    return routes;
}

/* /proc/net/snmp6: "Name value" lines. */
static Json *inet6_stats(FILE *f)
{
    Json *stats = json_object();
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        char *fl[2];
        if (split_fields(line, fl, 2) == 2)
            json_object_set(stats, fl[0], json_int(strtol(fl[1], NULL, 10)));
    }
    free(line);
    return stats;
}

Json *sysinfo_inet6(const char *proc_root)
{
    static const struct { const char *file, *key; Json *(*read)(FILE *); } PARTS[] = {
        { "if_inet6", "addresses", inet6_addresses },
        { "ipv6_route", "routes", inet6_routes },
        { "snmp6", "stats", inet6_stats },
    };
    Json *inet6 = NULL;
    for (size_t i = 0; i < sizeof PARTS / sizeof *PARTS; i++) {
        FILE *f = open_proc(proc_root, PARTS[i].file);
        if (!f)
            continue;
        if (!inet6)
            inet6 = json_object();
        json_object_set(inet6, PARTS[i].key, PARTS[i].read(f));
        fclose(f);
    }
    return inet6;
}

Json *sysinfo_interfaces_data(const char *proc_root)
{
    static const char *const KEYS[] = {
        "receive_bytes", "receive_packets", "receive_errors", "receive_drop", "receive_fifo", "receive_frame",
        "receive_compressed", "receive_multicast", "transmit_bytes", "transmit_packets", "transmit_errors",
        "transmit_drop", "transmit_fifo", "transmit_frame", "transmit_compressed", "transmit_multicast",
    };
    enum { NKEYS = sizeof KEYS / sizeof *KEYS };
    FILE *f = open_proc(proc_root, "dev");
    if (!f)
        return NULL;
    Json *all = json_object();
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        /* "  eth0: 1 2 ..." (large counters may touch the colon); the
         * two header lines have a '|' */
        char *colon = strchr(line, ':');
        if (!colon || strchr(line, '|'))
            continue;
        *colon = '\0';
        char *name = line + strspn(line, " \t");
        char *fl[NKEYS];
        if (!*name || split_fields(colon + 1, fl, NKEYS) < NKEYS)
            continue;
        Json *d = json_object();
        json_object_set(d, "device", json_string(name));
        for (size_t i = 0; i < NKEYS; i++)
            json_object_set(d, KEYS[i], json_string(fl[i]));
        json_object_set(all, name, d);
    }
    free(line);
    fclose(f);
    return all;
}

Json *sysinfo_os_release(const char *path)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return NULL;
    Json *o = json_object();
    char *line = NULL;
    size_t cap = 0;
    char *key, *v;
    while (getline(&line, &cap, f) > 0)
        if (sysinfo_os_release_line(line, &key, &v))
            json_object_set(o, key, json_string(v));
    free(line);
    fclose(f);
    return o;
}

Json *sysinfo_user_data(uid_t uid)
{
    struct passwd *pw = getpwuid(uid);
    if (!pw)
        return NULL;
    Json *o = json_object();
    json_object_set(o, "description", json_string(pw->pw_gecos ? pw->pw_gecos : ""));
    json_object_set(o, "gid", json_int((long)pw->pw_gid));
    json_object_set(o, "home_dir", json_string(pw->pw_dir ? pw->pw_dir : ""));
    json_object_set(o, "shell", json_string(pw->pw_shell ? pw->pw_shell : ""));
    json_object_set(o, "uid", json_int((long)pw->pw_uid));
    json_object_set(o, "username", json_string(pw->pw_name ? pw->pw_name : ""));
    return o;
}

/* ---- loading on first reference ---------------------------------------------- */

enum { DATA_INET, DATA_INET6, DATA_INTERFACES, DATA_OS_RELEASE, DATA_USER, DATA_COUNT };

static const char *const DATA_NAMES[DATA_COUNT] = {
    [DATA_INET] = "inet", [DATA_INET6] = "inet6", [DATA_INTERFACES] = "interfaces_data",
    [DATA_OS_RELEASE] = "os_release", [DATA_USER] = "user_data",
};

static void load(EvalCtx *ctx, int which)
{
    ctx->sysdata_loaded |= 1u << which;
    Json *j = NULL;
    switch (which) {
    case DATA_INET: j = sysinfo_inet(ctx->proc_root); break;
    case DATA_INET6: j = sysinfo_inet6(ctx->proc_root); break;
    case DATA_INTERFACES: j = sysinfo_interfaces_data(ctx->proc_root); break;
    case DATA_OS_RELEASE: j = sysinfo_os_release(ctx->os_release ? ctx->os_release : "/etc/os-release"); break;
    case DATA_USER: j = sysinfo_user_data(getuid()); break;
    }
    if (j)
        vars_put(&ctx->vars, "sys", DATA_NAMES[which], value_data(j));
}

bool sysinfo_data_load(EvalCtx *ctx, const char *name)
{
    /* the network's variables come with its classes */
    if (sysinfo_net_var(name)) {
        if (ctx->net_loaded)
            return false;
        sysinfo_net_load(ctx);
        return true;
    }
    size_t n = strcspn(name, "[");
    for (int i = 0; i < DATA_COUNT; i++)
        if (strlen(DATA_NAMES[i]) == n && strncmp(DATA_NAMES[i], name, n) == 0) {
            if (ctx->sysdata_loaded & (1u << i))
                return false;
            load(ctx, i);
            return vars_get(&ctx->vars, "sys", DATA_NAMES[i]) != NULL;
        }
    return false;
}

void sysinfo_data_load_all(EvalCtx *ctx)
{
    sysinfo_net_load(ctx);
    for (int i = 0; i < DATA_COUNT; i++)
        if (!(ctx->sysdata_loaded & (1u << i)))
            load(ctx, i);
}
