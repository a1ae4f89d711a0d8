/* sysinfo_net.c - what 3.21 discovers of the network and the machine at
 * start (GetInterfacesInfo, the ipv4 classes, sys.cpus, sys.uptime). */
#include "eval/sysinfo.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"

static void add_canon(EvalCtx *ctx, const char *prefix, const char *name)
{
    char *full = xasprintf("%s%s", prefix, name);
    char *c = canonify(full);
    classset_add_hard(&ctx->classes, c);
    free(c);
    free(full);
}

static void put(EvalCtx *ctx, const char *name, const char *value)
{
    vars_put(&ctx->vars, "sys", name, value_string(value));
}

static void put_indexed(EvalCtx *ctx, const char *array, const char *key, const char *value)
{
    char *name = xasprintf("%s[%s]", array, key);
    put(ctx, name, value);
    free(name);
}

/* "192.0.2.2": the classes ipv4_192 .. ipv4_192_0_2_2 and 192_0_2_2, and
 * sys.ipv4_1..3[iface], as 3.21 makes them. */
static void ipv4_address(EvalCtx *ctx, const char *iface, const char *addr)
{
    add_canon(ctx, "", addr);
    const char *p = addr;
    for (int part = 1; part <= 4 && p; part++) {
        const char *dot = strchr(p, '.');
        size_t n = dot && part < 4 ? (size_t)(dot - addr) : strlen(addr);
        char *prefix = xstrndup(addr, n);
        add_canon(ctx, "ipv4_", prefix);
        if (part < 4) {
            char *array = xasprintf("ipv4_%d", part);
            put_indexed(ctx, array, iface, prefix);
            free(array);
        }
        free(prefix);
        p = dot ? dot + 1 : NULL;
    }
    put_indexed(ctx, "ipv4", iface, addr);
    put_indexed(ctx, "ip2iface", addr, iface);
}

static bool in_list(const Value *v, const char *s)
{
    for (size_t i = 0; i < v->list.len; i++)
        if (strcmp(v->list.items[i], s) == 0)
            return true;
    return false;
}

/* The hardware address of an interface, as /sys/class/net shows it. */
static void mac_class(EvalCtx *ctx, const char *iface)
{
    char *path = xasprintf("/sys/class/net/%s/address", iface);
    FILE *f = fopen(path, "re");
    free(path);
    if (!f)
        return;
    char mac[64] = "";
    if (fgets(mac, sizeof mac, f)) {
        mac[strcspn(mac, "\n")] = '\0';
        if (*mac && strcmp(mac, "00:00:00:00:00:00") != 0)
            add_canon(ctx, "mac_", mac);
    }
    fclose(f);
}

/* The default gateways of /proc/net/route: a class ipv4_gw_A_B_C_D each. */
static void gateway_class(EvalCtx *ctx)
{
    FILE *f = fopen("/proc/net/route", "re");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char iface[64];
        unsigned long dest, gw;
        if (sscanf(line, "%63s %lx %lx", iface, &dest, &gw) == 3 && dest == 0 && gw != 0) {
            struct in_addr a = { .s_addr = (in_addr_t)gw };
            char addr[INET_ADDRSTRLEN];
            /* every default route's gateway, as 3.21 */
            if (inet_ntop(AF_INET, &a, addr, sizeof addr))
                add_canon(ctx, "ipv4_gw_", addr);
        }
    }
    fclose(f);
}

static int by_name(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* sys.hardware_addresses and sys.hardware_mac[iface]: every interface
 * with a hardware address, up or not, as 3.21 lists them. */
static void hardware_addresses(EvalCtx *ctx)
{
    DIR *d = opendir("/sys/class/net");
    if (!d) {
        vars_put(&ctx->vars, "sys", "hardware_addresses", value_unknown(VALUE_LIST));
        return;
    }
    Vec names = VEC_INIT;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            vec_push(&names, xstrdup(e->d_name));
    closedir(d);
    if (names.len)
        qsort(names.items, names.len, sizeof *names.items, by_name);
    Value *macs = value_list();
    for (size_t n = 0; n < names.len; n++) {
        const char *iface = names.items[n];
        char *path = xasprintf("/sys/class/net/%s/address", iface);
        FILE *f = fopen(path, "re");
        free(path);
        if (!f)
            continue;
        char mac[64] = "";
        if (fgets(mac, sizeof mac, f)) {
            mac[strcspn(mac, "\n")] = '\0';
            if (*mac && strcmp(mac, "00:00:00:00:00:00") != 0) {
                if (!in_list(macs, mac))
                    value_list_push(macs, mac);
                put_indexed(ctx, "hardware_mac", iface, mac);
            }
        }
        fclose(f);
    }
    vec_free(&names, free);
    vars_put(&ctx->vars, "sys", "hardware_addresses", macs);
}

void sysinfo_uname_classes(EvalCtx *ctx, const char *os, const char *machine, const char *release,
                           const char *version)
{
    char *c = xasprintf("%s_%s", os, machine);
    add_canon(ctx, "", c);
    free(c);
    c = xasprintf("%s_%s", os, release);
    add_canon(ctx, "", c);
    free(c);
    c = xasprintf("%s_%s_%s", os, machine, release);
    add_canon(ctx, "", c);
    free(c);
    char *long_arch = xasprintf("%s_%s_%s_%s", os, machine, release, version);
    c = canonify(long_arch);
    classset_add_hard(&ctx->classes, c);
    put(ctx, "long_arch", c);
    free(c);
    free(long_arch);
    char *compiled = xasprintf("compiled_on_%s_gnu", os);
    classset_add_hard(&ctx->classes, compiled);
    free(compiled);
}

/* An interface's flags as 3.21 words them: "up broadcast running multicast". */
static char *flag_names(unsigned flags)
{
    static const struct { unsigned flag; const char *name; } NAMES[] = {
        { IFF_UP, "up" },           { IFF_BROADCAST, "broadcast" }, { IFF_DEBUG, "debug" },
        { IFF_LOOPBACK, "loopback" }, { IFF_POINTOPOINT, "pointopoint" }, { IFF_NOTRAILERS, "notrailers" },
        { IFF_RUNNING, "running" }, { IFF_NOARP, "noarp" },        { IFF_PROMISC, "promisc" },
        { IFF_ALLMULTI, "allmulti" }, { IFF_MULTICAST, "multicast" },
    };
    Buf b = BUF_INIT;
    for (size_t i = 0; i < sizeof NAMES / sizeof *NAMES; i++)
        if (flags & NAMES[i].flag)
            buf_printf(&b, "%s%s", b.len ? " " : "", NAMES[i].name);
    return buf_steal(&b);
}

/* The IPv6 addresses of /proc/net/if_inet6, in its order (3.21's), but
 * ::1; false when it cannot be read. */
static bool ipv6_from_proc(EvalCtx *ctx, Value *addresses)
{
    FILE *f = fopen("/proc/net/if_inet6", "re");
    if (!f)
        return false;
    char hex[64], iface[64];
    unsigned idx, plen, scope, flags;
    while (fscanf(f, "%63s %x %x %x %x %63s", hex, &idx, &plen, &scope, &flags, iface) == 6) {
        if (strlen(hex) != 32)
            continue;
        struct in6_addr a;
        for (int k = 0; k < 16; k++) {
            unsigned byte;
            if (sscanf(hex + 2 * k, "%2x", &byte) != 1)
                byte = 0;
            a.s6_addr[k] = (unsigned char)byte;
        }
        char addr[INET6_ADDRSTRLEN];
        if (!inet_ntop(AF_INET6, &a, addr, sizeof addr) || strcmp(addr, "::1") == 0)
            continue; /* 3.21 leaves out ::1, not the loopback's other addresses */
        if (!in_list(addresses, addr))
            value_list_push(addresses, addr);
        add_canon(ctx, "", addr);
        add_canon(ctx, "ipv6_", addr);
    }
    fclose(f);
    return true;
}

void sysinfo_net(EvalCtx *ctx)
{
    struct ifaddrs *ifs = NULL;
    if (getifaddrs(&ifs) != 0) {
        static const char *const LISTS[] = { "interfaces", "ip_addresses" };
        for (size_t i = 0; i < sizeof LISTS / sizeof *LISTS; i++)
            vars_put(&ctx->vars, "sys", LISTS[i], value_unknown(VALUE_LIST));
        return;
    }
    Value *interfaces = value_list(), *addresses = value_list(), *flags = value_list();
    bool have_ipv4 = false;
    bool have_if_inet6 = false;
    /* IPv4 first, then IPv6, as 3.21 lists them */
    for (int family = AF_INET; family != -1; family = family == AF_INET ? AF_INET6 : -1) {
        if (family == AF_INET6)
            have_if_inet6 = ipv6_from_proc(ctx, addresses);
        for (struct ifaddrs *i = ifs; i; i = i->ifa_next) {
            if (!i->ifa_addr || i->ifa_addr->sa_family != family || !(i->ifa_flags & IFF_UP))
                continue;
            char addr[INET6_ADDRSTRLEN] = "";
            const void *raw = family == AF_INET ? (const void *)&((struct sockaddr_in *)(void *)i->ifa_addr)->sin_addr
                                                : (const void *)&((struct sockaddr_in6 *)(void *)i->ifa_addr)->sin6_addr;
            if (!inet_ntop(family, raw, addr, sizeof addr))
                continue;
            if (family == AF_INET6 && (strcmp(addr, "::1") == 0 || have_if_inet6))
                continue; /* 3.21 leaves out ::1; /proc's order when there is one */
            if (!in_list(addresses, addr))
                value_list_push(addresses, addr);
            if (family == AF_INET6) {
                add_canon(ctx, "", addr);
                add_canon(ctx, "ipv6_", addr);
                continue;
            }
            ipv4_address(ctx, i->ifa_name, addr);
            add_canon(ctx, "net_iface_", i->ifa_name);
            char *fl = flag_names(i->ifa_flags);
            put_indexed(ctx, "interface_flags", i->ifa_name, fl);
            /* one entry per address, as 3.21 (two addresses of lo: its
             * flags twice) */
            value_list_push(flags, fl);
            free(fl);
            if (i->ifa_flags & IFF_LOOPBACK)
                continue;
            if (!in_list(interfaces, i->ifa_name)) {
                value_list_push(interfaces, i->ifa_name);
                mac_class(ctx, i->ifa_name);
            }
            if (!have_ipv4) {
                put(ctx, "ipv4", addr);
                put(ctx, "interface", i->ifa_name);
                have_ipv4 = true;
            }
        }
    }
    freeifaddrs(ifs);
    gateway_class(ctx);
    hardware_addresses(ctx);
    vars_put(&ctx->vars, "sys", "interfaces", interfaces);
    vars_put(&ctx->vars, "sys", "hardware_flags", flags);
    vars_put(&ctx->vars, "sys", "ip_addresses", addresses);
}

void sysinfo_net_load(EvalCtx *ctx)
{
    if (ctx->net_loaded)
        return;
    ctx->net_loaded = true;
    ctx->net_classes.done = true;
    sysinfo_net(ctx);
}

static bool has_prefix(const char *name, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && strncmp(name, prefix, n) == 0;
}

bool sysinfo_net_class(const char *name, size_t len)
{
    static const char *const PREFIXES[] = { "ipv4_", "ipv6_", "net_iface_", "mac_" };
    for (size_t i = 0; i < sizeof PREFIXES / sizeof *PREFIXES; i++)
        if (has_prefix(name, len, PREFIXES[i]))
            return true;
    /* "10_0_0_1", "fe80__1": an address canonified */
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '_'))
            return false;
    }
    return true;
}

bool sysinfo_net_var(const char *name)
{
    static const char *const NAMES[] = {
        "interfaces", "ip_addresses", "ipv4", "interface", "hardware_flags", "hardware_addresses",
    };
    static const char *const ARRAYS[] = {
        "ipv4", "ipv4_1", "ipv4_2", "ipv4_3", "ip2iface", "interface_flags", "hardware_mac",
    };
    const char *bracket = strchr(name, '[');
    size_t n = bracket ? (size_t)(bracket - name) : strlen(name);
    const char *const *table = bracket ? ARRAYS : NAMES;
    size_t count = bracket ? sizeof ARRAYS / sizeof *ARRAYS : sizeof NAMES / sizeof *NAMES;
    for (size_t i = 0; i < count; i++)
        if (strlen(table[i]) == n && strncmp(table[i], name, n) == 0)
            return true;
    return false;
}

void sysinfo_machine(EvalCtx *ctx)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (cpus < 1)
        cpus = 1;
    char *n = xasprintf("%ld", cpus);
    put(ctx, "cpus", n);
    free(n);
    n = xasprintf(cpus == 1 ? "%ld_cpu" : "%ld_cpus", cpus);
    classset_add_hard(&ctx->classes, n);
    free(n);
    FILE *f = fopen("/etc/debian_version", "re");
    char line[128];
    if (f) {
        if (fgets(line, sizeof line, f) && line[0] >= '0' && line[0] <= '9') {
            line[strcspn(line, "\n")] = '\0';
            add_canon(ctx, "debian_", line);
            line[strcspn(line, ".")] = '\0';
            add_canon(ctx, "debian_", line);
        }
        fclose(f);
    }
    f = fopen("/proc/uptime", "re");
    double up = 0;
    if (f) {
        if (fscanf(f, "%lf", &up) != 1)
            up = 0;
        fclose(f);
    }
    n = xasprintf("%ld", (long)(up / 60));
    put(ctx, "uptime", n);
    free(n);
}
