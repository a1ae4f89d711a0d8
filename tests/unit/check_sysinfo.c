/* check_sysinfo.c - the sys data containers (src/eval/sysinfo_data.c)
 * read from the fake /proc/net and os-release of tests/fixtures, compared
 * with what 3.21 makes of the same tables (the structure checked against
 * cf-agent by tests/integration/sysdata.sh). */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/vec.h"
#include "eval/eval.h"
#include "eval/sysinfo.h"
#include "eval/sysinfo_data.h"
#include "testutil.h"

static char *fixture(const char *name)
{
    const char *src = getenv("MINICF_SRCDIR");
    return xasprintf("%s/tests/fixtures/%s", src ? src : ".", name);
}

/* j[path...] written compactly (keys sorted, as 3.21's format("%S")). */
static char *at(const Json *j, const char *const *path)
{
    for (; *path && j; path++)
        j = json_child(j, *path);
    ck_assert_msg(j != NULL, "no such element");
    return json_to_string(j, false);
}

#define ck_json_at(j, expected, ...)                                                   \
    do {                                                                               \
        char *got_ = at((j), (const char *const[]){ __VA_ARGS__, NULL });              \
        ck_assert_str_eq(got_, (expected));                                            \
        free(got_);                                                                    \
    } while (0)

START_TEST(test_sysinfo_inet_routes_as_321)
{
    char *proc = fixture("proc");
    Json *inet = sysinfo_inet(proc);
    ck_assert_ptr_nonnull(inet);
    ck_assert_uint_eq(json_length(json_child(inet, "routes")), 5);
    ck_json_at(inet,
               "{\"active_default_gateway\":true,\"dest\":\"0.0.0.0\",\"flags\":[\"up\",\"net\",\"default\",\"gateway\"],"
               "\"gateway\":\"10.9.0.2\",\"interface\":\"eth0\",\"irtt\":0,\"mask\":\"0.0.0.0\",\"metric\":5,\"mtu\":0,"
               "\"refcnt\":0,\"use\":0,\"window\":0}",
               "routes", "0");
    ck_json_at(inet, "[\"up\",\"host\",\"not_default\",\"gateway\"]", "routes", "2", "flags");
    ck_json_at(inet, "\"10.8.0.0\"", "routes", "2", "dest");
    ck_json_at(inet, "\"255.255.0.0\"", "routes", "2", "mask");
    ck_json_at(inet, "[\"up\",\"net\",\"not_default\",\"local\"]", "routes", "3", "flags");
    ck_json_at(inet, "false", "routes", "3", "active_default_gateway");
    /* a default route that is not up is not an active gateway */
    ck_json_at(inet, "[\"down\",\"net\",\"default\",\"gateway\"]", "routes", "4", "flags");
    ck_json_at(inet, "false", "routes", "4", "active_default_gateway");
    ck_json_at(inet, "1500", "routes", "1", "mtu");
    ck_json_at(inet, "7", "routes", "1", "use");
    ck_json_at(inet, "1", "routes", "1", "refcnt");
    json_free(inet);
    free(proc);
}
END_TEST

START_TEST(test_sysinfo_inet_default_is_lowest_metric)
{
    char *proc = fixture("proc");
    Json *inet = sysinfo_inet(proc);
    ck_json_at(inet, "\"10.9.0.3\"", "default_gateway");
    ck_json_at(inet, "\"eth1\"", "default_route", "interface");
    ck_json_at(inet, "3", "default_route", "metric");
    json_free(inet);
    free(proc);
}
END_TEST

START_TEST(test_sysinfo_inet_stats_are_strings_by_group)
{
    char *proc = fixture("proc");
    Json *inet = sysinfo_inet(proc);
    ck_json_at(inet, "{\"IpExt\":{\"InNoRoutes\":\"0\",\"InOctets\":\"27711417\"},"
                     "\"TcpExt\":{\"SyncookiesRecv\":\"3\",\"SyncookiesSent\":\"0\",\"TW\":\"52\"}}",
               "stats");
    json_free(inet);
    free(proc);
}
END_TEST

START_TEST(test_sysinfo_inet6_addresses_last_per_interface)
{
    char *proc = fixture("proc");
    Json *inet6 = sysinfo_inet6(proc);
    ck_assert_ptr_nonnull(inet6);
    ck_json_at(inet6,
               "{\"eth0\":{\"address\":\"fd00:0:0:0:0:0:0:2\",\"device_number\":4,\"interface\":\"eth0\","
               "\"prefix_length\":64,\"raw_flags\":\"82\",\"scope\":0},"
               "\"lo\":{\"address\":\"0:0:0:0:0:0:0:1\",\"device_number\":1,\"interface\":\"lo\","
               "\"prefix_length\":128,\"raw_flags\":\"80\",\"scope\":16}}",
               "addresses");
    json_free(inet6);
    free(proc);
}
END_TEST

START_TEST(test_sysinfo_inet6_routes_dest_is_the_source)
{
    char *proc = fixture("proc");
    Json *inet6 = sysinfo_inet6(proc);
    ck_json_at(inet6,
               "{\"dest\":\"2001:db8:1:0:0:0:0:0\",\"dest_prefix\":\"40\",\"flags\":[\"down\",\"net\",\"local\"],"
               "\"interface\":\"lo\",\"metric\":7,\"next_hop\":\"0:0:0:0:0:0:0:0\",\"refcnt\":2,"
               "\"source_prefix\":\"40\",\"use\":0}",
               "routes", "0");
    ck_json_at(inet6, "\"fd00:0:0:0:0:0:0:1\"", "routes", "1", "next_hop");
    ck_json_at(inet6, "[\"up\",\"net\",\"gateway\"]", "routes", "1", "flags");
    ck_json_at(inet6, "1024", "routes", "1", "metric");
    ck_json_at(inet6, "-1", "routes", "2", "metric");
    ck_json_at(inet6, "{\"Icmp6InMsgs\":12345678901,\"Ip6InReceives\":4}", "stats");
    json_free(inet6);
    free(proc);
}
END_TEST

START_TEST(test_sysinfo_interfaces_data_by_position)
{
    char *proc = fixture("proc");
    Json *d = sysinfo_interfaces_data(proc);
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_eq(json_length(d), 2);
    ck_json_at(d,
               "{\"device\":\"eth0\",\"receive_bytes\":\"27158503123\",\"receive_compressed\":\"5\","
               "\"receive_drop\":\"2\",\"receive_errors\":\"1\",\"receive_fifo\":\"3\",\"receive_frame\":\"4\","
               "\"receive_multicast\":\"6\",\"receive_packets\":\"1619\",\"transmit_bytes\":\"126064\","
               "\"transmit_compressed\":\"11\",\"transmit_drop\":\"8\",\"transmit_errors\":\"7\","
               "\"transmit_fifo\":\"9\",\"transmit_frame\":\"10\",\"transmit_multicast\":\"12\","
               "\"transmit_packets\":\"1587\"}",
               "eth0");
    ck_json_at(d, "\"lo\"", "lo", "device");
    json_free(d);
    free(proc);
}
END_TEST

START_TEST(test_sysinfo_os_release_unquoted)
{
    char *path = fixture("os-release");
    Json *o = sysinfo_os_release(path);
    ck_assert_ptr_nonnull(o);
    char *s = json_to_string(o, false);
    ck_assert_str_eq(s, "{\"EMPTY\":\"\",\"HOME_URL\":\"https://www.debian.org/\",\"ID\":\"debian\","
                        "\"NAME\":\"Debian GNU/Linux\",\"PRETTY_NAME\":\"Debian GNU/Linux 12 (bookworm)\","
                        "\"VERSION\":\"12 (bookworm)\",\"VERSION_ID\":\"12\"}");
    free(s);
    json_free(o);
    free(path);
}
END_TEST

START_TEST(test_sysinfo_os_release_line)
{
    /* one parser for the classes (ID, VERSION_ID) and sys.os_release */
    char *k, *v;
    char a[] = "  VERSION_ID=\"12\"\n", b[] = "# ID=x\n", c[] = "=x\n", d[] = "NAME='Debian'\r\n", e[] = "X=\"\n";
    ck_assert(sysinfo_os_release_line(a, &k, &v));
    ck_assert_str_eq(k, "VERSION_ID");
    ck_assert_str_eq(v, "12");
    ck_assert(!sysinfo_os_release_line(b, &k, &v));
    ck_assert(!sysinfo_os_release_line(c, &k, &v));
    ck_assert(sysinfo_os_release_line(d, &k, &v));
    ck_assert_str_eq(v, "Debian");
    ck_assert(sysinfo_os_release_line(e, &k, &v));
    ck_assert_str_eq(v, "\""); /* one quote is not a quoted value */
}
END_TEST

START_TEST(test_sysinfo_user_data_from_passwd)
{
    struct passwd *pw = getpwuid(getuid());
    ck_assert_ptr_nonnull(pw);
    char *want = xasprintf("{\"description\":\"%s\",\"gid\":%ld,\"home_dir\":\"%s\",\"shell\":\"%s\",\"uid\":%ld,"
                           "\"username\":\"%s\"}",
                           pw->pw_gecos, (long)pw->pw_gid, pw->pw_dir, pw->pw_shell, (long)pw->pw_uid, pw->pw_name);
    Json *u = sysinfo_user_data(getuid());
    ck_assert_ptr_nonnull(u);
    char *s = json_to_string(u, false);
    ck_assert_str_eq(s, want);
    free(s);
    free(want);
    json_free(u);
}
END_TEST

START_TEST(test_sysinfo_missing_sources_give_nothing)
{
    ck_assert_ptr_null(sysinfo_inet("/nonexistent"));
    ck_assert_ptr_null(sysinfo_inet6("/nonexistent"));
    ck_assert_ptr_null(sysinfo_interfaces_data("/nonexistent"));
    ck_assert_ptr_null(sysinfo_os_release("/nonexistent/os-release"));
}
END_TEST

START_TEST(test_sysinfo_data_read_on_first_reference)
{
    char *proc = fixture("proc");
    char *osr = fixture("os-release");
    Capture c;
    capture_init(&c);
    EvalSystem sys = { .proc_root = proc, .os_release = osr, .hostname = "h" };
    EvalCtx *ctx = eval_new(NULL, &c.diag, &sys);
    ck_assert_ptr_null(vars_get(&ctx->vars, "sys", "inet"));
    const Value *v = eval_lookup(ctx, "sys.inet[default_gateway]");
    ck_assert_ptr_nonnull(v);
    ck_assert_str_eq(v->str, "10.9.0.3");
    ck_assert_ptr_nonnull(vars_get(&ctx->vars, "sys", "inet"));
    ck_assert_ptr_null(vars_get(&ctx->vars, "sys", "inet6"));
    v = eval_lookup(ctx, "sys.os_release");
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(v->type, VALUE_DATA);
    char *s = eval_expand(ctx, "$(sys.os_release[ID]) $(sys.interfaces_data[eth0][transmit_frame])", NULL);
    ck_assert_str_eq(s, "debian 10");
    free(s);
    /* a name that only begins like one is not one */
    ck_assert_ptr_null(eval_lookup(ctx, "sys.inetx"));
    eval_free(ctx);
    capture_free(&c);
    free(osr);
    free(proc);
}
END_TEST

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The hard classes of ctx and its sys variables of the network, as lines,
 * sorted. */
static char *net_state(EvalCtx *ctx)
{
    Vec names = VEC_INIT;
    const MapEntry *e;
    for (size_t i = 0; map_next(&ctx->classes.hard, &i, &e);)
        if (e->value)
            vec_push(&names, xasprintf("class %s", e->key));
    const Map *sys = vars_scope(&ctx->vars, "sys");
    for (size_t i = 0; sys && map_next(sys, &i, &e);) {
        const Value *v = e->value;
        if (sysinfo_net_var(e->key))
            vec_push(&names, xasprintf("var %s=%s", e->key, v->type == VALUE_STRING ? v->str : "(list)"));
    }
    qsort(names.items, names.len, sizeof *names.items, by_string);
    Buf b = BUF_INIT;
    for (size_t i = 0; i < names.len; i++)
        buf_printf(&b, "%s\n", (const char *)names.items[i]);
    vec_free(&names, free);
    return buf_steal(&b);
}

/* The network's classes and sys variables are read on first need, and
 * then are what an eager read makes: a lookup that misses a name of their
 * shape, a sys variable of theirs, a listing of the classes. Other names
 * read nothing. */
START_TEST(test_sysinfo_net_read_on_first_need)
{
    Capture c;
    capture_init(&c);
    EvalSystem sys = { .hostname = "h" };
    EvalCtx *eager = eval_new(NULL, &c.diag, &sys);
    sysinfo_net_load(eager);
    char *want = net_state(eager);
    bool lo_class = classset_has(&eager->classes, "ipv4_127_0_0_1");

    EvalCtx *ctx = eval_new(NULL, &c.diag, &sys);
    ck_assert(!ctx->net_loaded);
    /* names of other shapes, and other sys variables */
    ck_assert(!classset_has(&ctx->classes, "start_0"));
    ck_assert(classset_has(&ctx->classes, "cfengine"));
    ck_assert(!classset_has(&ctx->classes, "ns:ipv4_127"));
    ck_assert_ptr_nonnull(eval_lookup(ctx, "sys.host"));
    ck_assert(!ctx->net_loaded);
    /* a class of theirs */
    ck_assert_int_eq(classset_has(&ctx->classes, "default:ipv4_127_0_0_1"), lo_class);
    ck_assert(ctx->net_loaded);
    char *got = net_state(ctx);
    ck_assert_str_eq(got, want);
    free(got);
    eval_free(ctx);

    /* a sys variable of theirs */
    ctx = eval_new(NULL, &c.diag, &sys);
    ck_assert_ptr_nonnull(eval_lookup(ctx, "sys.ip_addresses"));
    ck_assert(ctx->net_loaded);
    got = net_state(ctx);
    ck_assert_str_eq(got, want);
    free(got);
    eval_free(ctx);

    /* an expression that asks for one; a listing of the classes */
    ctx = eval_new(NULL, &c.diag, &sys);
    const char *err = NULL;
    ck_assert_int_eq(class_expr_eval(&ctx->classes, "any.!mac_00_00_5e_00_53_ff", &err), 1);
    ck_assert(ctx->net_loaded);
    eval_free(ctx);
    ctx = eval_new(NULL, &c.diag, &sys);
    classset_complete(&ctx->classes);
    ck_assert(ctx->net_loaded);
    got = net_state(ctx);
    ck_assert_str_eq(got, want);
    free(got);
    eval_free(ctx);

    eval_free(eager);
    free(want);
    capture_free(&c);
}
END_TEST

/* The shapes of the network's class names. */
START_TEST(test_sysinfo_net_class_shapes)
{
    static const char *const yes[] = { "ipv4_10", "ipv4_gw_10_0_0_1", "ipv6_fe80__1", "net_iface_eth0",
                                       "mac_02_42_ac_11_00_02", "10_0_0_1", "fe80__1", "2001_db8__5" };
    static const char *const no[] = { "start_0", "linux", "Hr14", "ipv4", "debian_12", "", "10.0.0.1" };
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        ck_assert_msg(sysinfo_net_class(yes[i], strlen(yes[i])), "%s", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        ck_assert_msg(!sysinfo_net_class(no[i], strlen(no[i])), "%s", no[i]);
    ck_assert(sysinfo_net_var("ipv4"));
    ck_assert(sysinfo_net_var("ipv4_2[eth0]"));
    ck_assert(sysinfo_net_var("hardware_mac[eth0]"));
    ck_assert(!sysinfo_net_var("ipv4_2"));
    ck_assert(!sysinfo_net_var("inet"));
    ck_assert(!sysinfo_net_var("host"));
}
END_TEST

static Suite *sysinfo_suite(void)
{
    Suite *s = suite_create("sysinfo");
    TCase *tc = tcase_create("data");
    tcase_add_test(tc, test_sysinfo_inet_routes_as_321);
    tcase_add_test(tc, test_sysinfo_inet_default_is_lowest_metric);
    tcase_add_test(tc, test_sysinfo_inet_stats_are_strings_by_group);
    tcase_add_test(tc, test_sysinfo_inet6_addresses_last_per_interface);
    tcase_add_test(tc, test_sysinfo_inet6_routes_dest_is_the_source);
    tcase_add_test(tc, test_sysinfo_interfaces_data_by_position);
    tcase_add_test(tc, test_sysinfo_os_release_unquoted);
    tcase_add_test(tc, test_sysinfo_os_release_line);
    tcase_add_test(tc, test_sysinfo_user_data_from_passwd);
    tcase_add_test(tc, test_sysinfo_missing_sources_give_nothing);
    tcase_add_test(tc, test_sysinfo_data_read_on_first_reference);
    tcase_add_test(tc, test_sysinfo_net_read_on_first_need);
    tcase_add_test(tc, test_sysinfo_net_class_shapes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(sysinfo_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
