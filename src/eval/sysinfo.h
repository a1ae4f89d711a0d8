/* sysinfo.h - what the evaluator knows of the machine before it reads a
 * promise: hard classes and the sys and const variables.
 *
 * Ownership: writes into the context it is given.
 */
#ifndef MINICF_EVAL_SYSINFO_H
#define MINICF_EVAL_SYSINFO_H

#include <stdbool.h>
#include <time.h>

#include "eval/eval.h"

/* The work directory when none is named (-w, $MINICF_WORKDIR). */
#define MINICF_DEFAULT_WORKDIR "/var/minicf"

void sysinfo_discover(EvalCtx *ctx, const EvalSystem *sys);

/* sys.policy_entry_filename, _basename and _dirname of the main policy
 * file, made absolute. */
void sysinfo_policy_entry(EvalCtx *ctx, const char *file);

/* The time classes of t ("Hr14", "Min05_10", "Q1", "Monday", "Yr2026",
 * "Day24", "November", "Lcycle_0", "Night", "Hr14_Q1", ...), each with
 * prefix ("" for local time, "GMT_" for UTC), as 3.21 names them. */
void sysinfo_time_classes(ClassSet *s, const struct tm *t, const char *prefix);

/* The time classes of `now` in local time and in UTC, and sys.date,
 * sys.cdate, sys.systime, sys.sysday. */
void sysinfo_time(EvalCtx *ctx, time_t now);

/* The interfaces that are up: sys.interfaces, sys.ip_addresses, sys.ipv4
 * (and [iface], _1.._3), sys.interface, sys.ip2iface; the classes of each
 * address ("ipv4_10_0", "10_0_0_1") and interface ("net_iface_eth0"). */
void sysinfo_net(EvalCtx *ctx);

/* sysinfo_net(), once per context: what sysinfo_discover() leaves to the
 * first lookup of a class or sys variable of the network (it costs a
 * netlink dump and a few files, which most runs never need). */
void sysinfo_net_load(EvalCtx *ctx);

/* Whether a class name may be one sysinfo_net() defines: ipv4_*, ipv6_*,
 * net_iface_*, mac_*, or an address canonified (only hex digits and
 * underscores). */
bool sysinfo_net_class(const char *name, size_t len);

/* Whether a sys variable (name, or name[key]) is one sysinfo_net() sets. */
bool sysinfo_net_var(const char *name);

/* The kernel's classes as 3.21 names them ("linux_x86_64",
 * "linux_6_1_0", "linux_x86_64_6_1_0", sys.long_arch and its class,
 * "compiled_on_linux_gnu"); os is canonified and in lower case. */
void sysinfo_uname_classes(EvalCtx *ctx, const char *os, const char *machine, const char *release,
                           const char *version);

/* sys.cpus (and the class "N_cpus"), sys.uptime in minutes, the classes
 * of /etc/debian_version ("debian_12_11") and of the interfaces' hardware
 * addresses ("mac_02_fc_00_00_00_01"). */
void sysinfo_machine(EvalCtx *ctx);

/* Whether 3.21 defines the sys variable `name` ("workdir", "ipv4[eth0]")
 * on every host, whatever minicf knows of its value. */
bool sysinfo_defines(const char *name);
/* One line of os-release, cut in place: false for a comment, a blank line
 * or a line without "KEY="; else *key and *value (its quotes taken off)
 * point into line. */
bool sysinfo_os_release_line(char *line, char **key, char **value);

#endif
