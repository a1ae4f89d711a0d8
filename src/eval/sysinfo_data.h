/* sysinfo_data.h - the sys data containers of 3.21: sys.inet, sys.inet6,
 * sys.interfaces_data, sys.os_release and sys.user_data.
 *
 * They are read from /proc/net, os-release and the password database,
 * with no external command, and only when a policy first refers to one
 * (sysinfo_data_load): most policies never do, and reading /proc/net/netstat
 * into a tree is the costliest part of discovery.
 *
 * Ownership: the sysinfo_*() readers return owned trees (NULL when their
 * source cannot be read); the loaders write into the context given.
 */
#ifndef MINICF_EVAL_SYSINFO_DATA_H
#define MINICF_EVAL_SYSINFO_DATA_H

#include <stdbool.h>
#include <sys/types.h>

#include "base/json.h"
#include "eval/eval.h"

/* sys.inet from PROC/net/route and PROC/net/netstat: "routes" (one object
 * per route), "default_gateway" and "default_route" (the default route
 * with the lowest metric, when there is one) and "stats" (netstat's
 * counters by group, as strings). */
Json *sysinfo_inet(const char *proc_root);

/* sys.inet6 from PROC/net/if_inet6, PROC/net/ipv6_route and
 * PROC/net/snmp6: "addresses" (by interface, the last address listed
 * wins), "routes" and "stats" (counters as integers). As in 3.21, a
 * route's "dest" holds its source address. */
Json *sysinfo_inet6(const char *proc_root);

/* sys.interfaces_data from PROC/net/dev: by interface, its "device" and
 * its receive_* and transmit_* counters as strings. */
Json *sysinfo_interfaces_data(const char *proc_root);

/* sys.os_release: every KEY=value of an os-release file, quotes removed. */
Json *sysinfo_os_release(const char *path);

/* sys.user_data: the password entry of uid ("username", "uid", "gid",
 * "description", "home_dir", "shell"). */
Json *sysinfo_user_data(uid_t uid);

/* When name ("inet", "inet6[routes][0]") is, or is an element of, one of
 * these containers and it has not been read yet: reads it and puts it in
 * the sys scope. True when it put something. The same for the network's
 * variables ("ipv4", "ipv4[eth0]", "interfaces", ...: sysinfo_net_load()). */
bool sysinfo_data_load(EvalCtx *ctx, const char *name);

/* Reads every one of them not read yet, and the network's (for functions
 * that list the variables, such as variablesmatching()). */
void sysinfo_data_load_all(EvalCtx *ctx);

#endif
