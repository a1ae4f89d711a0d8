/* syntax_bodies.c - the body types of CFEngine 3.21 with their attributes,
 * as `cf-promises -s json` describes them.
 *
 * Every body type's table lists its own attributes sorted by name (strcmp
 * order), then, for all but the control bodies and package_module,
 * COMMON_BODY_ATTRS (inherit_from and meta), sorted too; n_own marks the
 * split so that lookups can binary search both runs. Keep both runs sorted
 * when adding an attribute.
 */
#include "syntax.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Ranges that recur; "" means any value. */
#define RANGE_ANY             ".*"
#define RANGE_NONEMPTY        ".+"
#define RANGE_BOOL            "true,false,yes,no,on,off"
#define RANGE_INT             "-99999999999,99999999999"
#define RANGE_NONNEG          "0,99999999999"
#define RANGE_PORT            "1,65535"
#define RANGE_ABSPATH         "\"?(/.*)"
#define RANGE_VARNAME         "[a-zA-Z0-9_$(){}\\[\\].:]+"
#define RANGE_CLASSEXPR       "[a-zA-Z0-9_!&@@$|.()\\[\\]{}:]+"
#define RANGE_LOG_DEST        "stdout|udp_syslog|(\"?[a-zA-Z]:\\\\.*)|(/.*)"
#define RANGE_SYSLOG_FACILITY                                          \
    "LOG_USER,LOG_DAEMON,LOG_LOCAL0,LOG_LOCAL1,LOG_LOCAL2,LOG_LOCAL3," \
    "LOG_LOCAL4,LOG_LOCAL5,LOG_LOCAL6,LOG_LOCAL7"
#define RANGE_ACE                                                  \
    "((user|group):[^:]+:[-=+,rwx()dtTabBpcoD]*(:(allow|deny))?)|" \
    "((all|mask):[-=+,rwx()]*(:(allow|deny))?)"

#define ATTR(name, type, range) \
    { name, type, range, SYN_VIS_BODY, SYN_STATUS_NORMAL }
#define ATTR_DEPRECATED(name, type, range) \
    { name, type, range, SYN_VIS_BODY, SYN_STATUS_DEPRECATED }

/* Accepted by every body type but the control bodies and package_module,
 * sorted by name. */
#define COMMON_BODY_ATTRS                  \
    ATTR("inherit_from", SYN_BODY,  NULL), \
    ATTR("meta",         SYN_SLIST, "")

#define N_COMMON_BODY_ATTRS \
    (sizeof((const SynAttr[]){ COMMON_BODY_ATTRS }) / sizeof(SynAttr))

static const SynAttr acl_attrs[] = {
    ATTR("aces",                             SYN_SLIST,  RANGE_ACE),
    ATTR("acl_default",                      SYN_OPTION, "nochange,access,specify,clear"),
    ATTR_DEPRECATED("acl_directory_inherit", SYN_OPTION, "nochange,parent,specify,clear"),
    ATTR("acl_inherit",                      SYN_OPTION, "true,false,yes,no,on,off,nochange"),
    ATTR("acl_method",                       SYN_OPTION, "append,overwrite"),
    ATTR("acl_type",                         SYN_OPTION, "generic,posix,ntfs"),
    ATTR("specify_default_aces",             SYN_SLIST,  RANGE_ACE),
    ATTR_DEPRECATED("specify_inherit_aces",  SYN_SLIST,  RANGE_ACE),
    COMMON_BODY_ATTRS,
};

static const SynAttr action_attrs[] = {
    ATTR("action_policy",     SYN_OPTION, "fix,warn,nop"),
    ATTR("audit",             SYN_OPTION, RANGE_BOOL),
    ATTR("background",        SYN_OPTION, RANGE_BOOL),
    ATTR("expireafter",       SYN_INT,    RANGE_NONNEG),
    ATTR("ifelapsed",         SYN_INT,    RANGE_NONNEG),
    ATTR("log_failed",        SYN_STRING, RANGE_LOG_DEST),
    ATTR("log_kept",          SYN_STRING, RANGE_LOG_DEST),
    ATTR("log_level",         SYN_OPTION, "inform,verbose,error,log"),
    ATTR("log_priority",      SYN_OPTION, "emergency,alert,critical,error,warning,notice,info,"
                                          "debug"),
    ATTR("log_repaired",      SYN_STRING, RANGE_LOG_DEST),
    ATTR("log_string",        SYN_STRING, ""),
    ATTR("measurement_class", SYN_STRING, ""),
    ATTR("report_level",      SYN_OPTION, "inform,verbose,error,log"),
    COMMON_BODY_ATTRS,
};

static const SynAttr agent_attrs[] = {
    ATTR("abortbundleclasses",     SYN_SLIST,  RANGE_ANY),
    ATTR("abortclasses",           SYN_SLIST,  RANGE_ANY),
    ATTR("addclasses",             SYN_SLIST,  RANGE_ANY),
    ATTR("agentaccess",            SYN_SLIST,  RANGE_ANY),
    ATTR("agentfacility",          SYN_OPTION, RANGE_SYSLOG_FACILITY),
    ATTR("allclassesreport",       SYN_OPTION, RANGE_BOOL),
    ATTR("alwaysvalidate",         SYN_OPTION, RANGE_BOOL),
    ATTR("bindtointerface",        SYN_STRING, RANGE_ANY),
    ATTR("checksum_alert_time",    SYN_INT,    "0,60"),
    ATTR("childlibpath",           SYN_STRING, RANGE_ANY),
    ATTR("copyfrom_restrict_keys", SYN_SLIST,  RANGE_ANY),
    ATTR("default_repository",     SYN_STRING, RANGE_ABSPATH),
    ATTR("default_timeout",        SYN_INT,    RANGE_NONNEG),
    ATTR("defaultcopytype",        SYN_OPTION, "mtime,atime,ctime,digest,hash,binary"),
    ATTR("dryrun",                 SYN_OPTION, RANGE_BOOL),
    ATTR("editbinaryfilesize",     SYN_INT,    RANGE_NONNEG),
    ATTR("editfilesize",           SYN_INT,    RANGE_NONNEG),
    ATTR("environment",            SYN_SLIST,  "[A-Za-z0-9_]+=.*"),
    ATTR("expireafter",            SYN_INT,    RANGE_NONNEG),
    ATTR("files_auto_define",      SYN_SLIST,  ""),
    ATTR("files_single_copy",      SYN_SLIST,  ""),
    ATTR("hashupdates",            SYN_OPTION, RANGE_BOOL),
    ATTR("hostnamekeys",           SYN_OPTION, RANGE_BOOL),
    ATTR("ifelapsed",              SYN_INT,    RANGE_NONNEG),
    ATTR("inform",                 SYN_OPTION, RANGE_BOOL),
    ATTR("intermittency",          SYN_OPTION, RANGE_BOOL),
    ATTR("max_children",           SYN_INT,    RANGE_NONNEG),
    ATTR("maxconnections",         SYN_INT,    RANGE_NONNEG),
    ATTR("mountfilesystems",       SYN_OPTION, RANGE_BOOL),
    ATTR("nonalphanumfiles",       SYN_OPTION, RANGE_BOOL),
    ATTR("refresh_processes",      SYN_SLIST,  RANGE_VARNAME),
    ATTR("repchar",                SYN_STRING, "."),
    ATTR("report_class_log",       SYN_OPTION, RANGE_BOOL),
    ATTR("secureinput",            SYN_OPTION, RANGE_BOOL),
    ATTR("select_end_match_eof",   SYN_OPTION, RANGE_BOOL),
    ATTR("sensiblecount",          SYN_INT,    RANGE_NONNEG),
    ATTR("sensiblesize",           SYN_INT,    RANGE_NONNEG),
    ATTR("skipidentify",           SYN_OPTION, RANGE_BOOL),
    ATTR("suspiciousnames",        SYN_SLIST,  ""),
    ATTR("timezone",               SYN_SLIST,  ""),
    ATTR("verbose",                SYN_OPTION, RANGE_BOOL),
};

static const SynAttr changes_attrs[] = {
    ATTR("hash",           SYN_OPTION, "md5,sha1,sha224,sha256,sha384,sha512,best"),
    ATTR("report_changes", SYN_OPTION, "all,stats,content,none"),
    ATTR("report_diffs",   SYN_OPTION, RANGE_BOOL),
    ATTR("update_hashes",  SYN_OPTION, RANGE_BOOL),
    COMMON_BODY_ATTRS,
};

static const SynAttr classes_attrs[] = {
    ATTR("cancel_kept",          SYN_SLIST,  RANGE_VARNAME),
    ATTR("cancel_notkept",       SYN_SLIST,  RANGE_VARNAME),
    ATTR("cancel_repaired",      SYN_SLIST,  RANGE_VARNAME),
    ATTR("failed_returncodes",   SYN_SLIST,  "[-0-9_$(){}\\[\\].]+"),
    ATTR("kept_returncodes",     SYN_SLIST,  "[-0-9_$(){}\\[\\].]+"),
    ATTR("persist_time",         SYN_INT,    RANGE_NONNEG),
    ATTR("promise_kept",         SYN_SLIST,  RANGE_VARNAME),
    ATTR("promise_repaired",     SYN_SLIST,  RANGE_VARNAME),
    ATTR("repair_denied",        SYN_SLIST,  RANGE_VARNAME),
    ATTR("repair_failed",        SYN_SLIST,  RANGE_VARNAME),
    ATTR("repair_timeout",       SYN_SLIST,  RANGE_VARNAME),
    ATTR("repaired_returncodes", SYN_SLIST,  "[-0-9_$(){}\\[\\].]+"),
    ATTR("scope",                SYN_OPTION, "namespace,bundle"),
    ATTR("timer_policy",         SYN_OPTION, "absolute,reset"),
    COMMON_BODY_ATTRS,
};

static const SynAttr common_attrs[] = {
    ATTR("bundlesequence",         SYN_SLIST,  RANGE_ANY),
    ATTR("bwlimit",                SYN_REAL,   RANGE_NONNEG),
    ATTR("cache_system_functions", SYN_OPTION, RANGE_BOOL),
    ATTR("domain",                 SYN_STRING, RANGE_ANY),
    ATTR("fips_mode",              SYN_OPTION, RANGE_BOOL),
    ATTR("goal_patterns",          SYN_SLIST,  ""),
    ATTR("ignore_missing_bundles", SYN_OPTION, RANGE_BOOL),
    ATTR("ignore_missing_inputs",  SYN_OPTION, RANGE_BOOL),
    ATTR("inputs",                 SYN_SLIST,  RANGE_ANY),
    ATTR("lastseenexpireafter",    SYN_INT,    RANGE_NONNEG),
    ATTR("output_prefix",          SYN_STRING, ""),
    ATTR("package_inventory",      SYN_SLIST,  RANGE_ANY),
    ATTR("package_module",         SYN_STRING, RANGE_ANY),
    ATTR("protocol_version",       SYN_OPTION, "1,classic,2,tls,3,cookie,latest"),
    ATTR("require_comments",       SYN_OPTION, RANGE_BOOL),
    ATTR("site_classes",           SYN_CLIST,  RANGE_CLASSEXPR),
    ATTR("syslog_host",            SYN_STRING, "[a-zA-Z0-9_$(){}.:-]+"),
    ATTR("syslog_port",            SYN_INT,    RANGE_NONNEG),
    ATTR("system_log_level",       SYN_STRING, "(critical|error|warning|notice|info)"),
    ATTR("tls_ciphers",            SYN_STRING, ""),
    ATTR("tls_min_version",        SYN_STRING, ""),
    ATTR("version",                SYN_STRING, ""),
};

static const SynAttr contain_attrs[] = {
    ATTR("chdir",        SYN_STRING, RANGE_ABSPATH),
    ATTR("chroot",       SYN_STRING, RANGE_ABSPATH),
    ATTR("exec_group",   SYN_STRING, ""),
    ATTR("exec_owner",   SYN_STRING, ""),
    ATTR("exec_timeout", SYN_INT,    "1,3600"),
    ATTR("no_output",    SYN_OPTION, RANGE_BOOL),
    ATTR("preview",      SYN_OPTION, RANGE_BOOL),
    ATTR("umask",        SYN_STRING, ""),
    ATTR("useshell",     SYN_OPTION, "noshell,useshell,powershell,true,false,yes,no,on,off"),
    COMMON_BODY_ATTRS,
};

static const SynAttr copy_from_attrs[] = {
    ATTR("check_root",               SYN_OPTION, RANGE_BOOL),
    ATTR("collapse_destination_dir", SYN_OPTION, RANGE_BOOL),
    ATTR("compare",                  SYN_OPTION, "atime,mtime,ctime,digest,hash,exists,binary"),
    ATTR("copy_backup",              SYN_OPTION, "true,false,timestamp"),
    ATTR("copy_size",                SYN_IRANGE, "0,inf"),
    ATTR("copylink_patterns",        SYN_SLIST,  ""),
    ATTR("encrypt",                  SYN_OPTION, RANGE_BOOL),
    ATTR("findertype",               SYN_OPTION, "MacOSX"),
    ATTR("force_ipv4",               SYN_OPTION, RANGE_BOOL),
    ATTR("force_update",             SYN_OPTION, RANGE_BOOL),
    ATTR("link_type",                SYN_OPTION, "symlink,hardlink,relative,absolute"),
    ATTR("linkcopy_patterns",        SYN_SLIST,  ""),
    ATTR("missing_ok",               SYN_OPTION, RANGE_BOOL),
    ATTR("portnumber",               SYN_STRING, ""),
    ATTR("preserve",                 SYN_OPTION, RANGE_BOOL),
    ATTR("protocol_version",         SYN_OPTION, "1,classic,2,tls,3,cookie,latest"),
    ATTR("purge",                    SYN_OPTION, RANGE_BOOL),
    ATTR("servers",                  SYN_SLIST,  "[A-Za-z0-9_.:\\-\\[\\]]+"),
    ATTR("source",                   SYN_STRING, RANGE_NONEMPTY),
    ATTR("stealth",                  SYN_OPTION, RANGE_BOOL),
    ATTR("timeout",                  SYN_INT,    "1,3600"),
    ATTR("trustkey",                 SYN_OPTION, RANGE_BOOL),
    ATTR("type_check",               SYN_OPTION, RANGE_BOOL),
    ATTR("verify",                   SYN_OPTION, RANGE_BOOL),
    COMMON_BODY_ATTRS,
};

static const SynAttr database_server_attrs[] = {
    ATTR("db_server_connection_db", SYN_STRING, ""),
    ATTR("db_server_host",          SYN_STRING, ""),
    ATTR("db_server_owner",         SYN_STRING, ""),
    ATTR("db_server_password",      SYN_STRING, ""),
    ATTR("db_server_type",          SYN_OPTION, "postgres,mysql"),
    COMMON_BODY_ATTRS,
};

static const SynAttr delete_attrs[] = {
    ATTR("dirlinks", SYN_OPTION, "delete,tidy,keep"),
    ATTR("rmdirs",   SYN_OPTION, RANGE_BOOL),
    COMMON_BODY_ATTRS,
};

static const SynAttr delete_select_attrs[] = {
    ATTR("delete_if_contains_from_list",      SYN_SLIST, RANGE_ANY),
    ATTR("delete_if_match_from_list",         SYN_SLIST, RANGE_ANY),
    ATTR("delete_if_not_contains_from_list",  SYN_SLIST, RANGE_ANY),
    ATTR("delete_if_not_match_from_list",     SYN_SLIST, RANGE_ANY),
    ATTR("delete_if_not_startwith_from_list", SYN_SLIST, RANGE_ANY),
    ATTR("delete_if_startwith_from_list",     SYN_SLIST, RANGE_ANY),
    COMMON_BODY_ATTRS,
};

static const SynAttr depth_search_attrs[] = {
    ATTR("depth",           SYN_INT,    RANGE_NONNEG),
    ATTR("exclude_dirs",    SYN_SLIST,  RANGE_ANY),
    ATTR("include_basedir", SYN_OPTION, RANGE_BOOL),
    ATTR("include_dirs",    SYN_SLIST,  RANGE_ANY),
    ATTR("rmdeadlinks",     SYN_OPTION, RANGE_BOOL),
    ATTR("traverse_links",  SYN_OPTION, RANGE_BOOL),
    ATTR("xdev",            SYN_OPTION, RANGE_BOOL),
    COMMON_BODY_ATTRS,
};

static const SynAttr edit_defaults_attrs[] = {
    ATTR("edit_backup",               SYN_OPTION, "true,false,timestamp,rotate"),
    ATTR("empty_file_before_editing", SYN_OPTION, RANGE_BOOL),
    ATTR("inherit",                   SYN_OPTION, RANGE_BOOL),
    ATTR("max_file_size",             SYN_INT,    RANGE_NONNEG),
    ATTR("recognize_join",            SYN_OPTION, RANGE_BOOL),
    ATTR("rotate",                    SYN_INT,    "0,99"),
    COMMON_BODY_ATTRS,
};

static const SynAttr edit_field_attrs[] = {
    ATTR("allow_blank_fields",     SYN_OPTION, RANGE_BOOL),
    ATTR("extend_fields",          SYN_OPTION, RANGE_BOOL),
    ATTR("field_operation",        SYN_OPTION, "prepend,append,alphanum,delete,set"),
    ATTR("field_separator",        SYN_STRING, RANGE_ANY),
    ATTR("field_value",            SYN_STRING, RANGE_ANY),
    ATTR("select_field",           SYN_INT,    "0,99999999"),
    ATTR("start_fields_from_zero", SYN_OPTION, RANGE_BOOL),
    ATTR("value_separator",        SYN_STRING, "^.$"),
    COMMON_BODY_ATTRS,
};

static const SynAttr environment_interface_attrs[] = {
    ATTR("env_addresses", SYN_SLIST,  ""),
    ATTR("env_name",      SYN_STRING, ""),
    ATTR("env_network",   SYN_STRING, ""),
    COMMON_BODY_ATTRS,
};

static const SynAttr environment_resources_attrs[] = {
    ATTR("env_baseline", SYN_STRING, RANGE_ABSPATH),
    ATTR("env_cpus",     SYN_INT,    RANGE_NONNEG),
    ATTR("env_disk",     SYN_INT,    RANGE_NONNEG),
    ATTR("env_memory",   SYN_INT,    RANGE_NONNEG),
    ATTR("env_spec",     SYN_STRING, RANGE_ANY),
    COMMON_BODY_ATTRS,
};

static const SynAttr executor_attrs[] = {
    ATTR("agent_expireafter",           SYN_INT,    "0,10080"),
    ATTR("exec_command",                SYN_STRING, RANGE_ABSPATH),
    ATTR("executorfacility",            SYN_OPTION, RANGE_SYSLOG_FACILITY),
    ATTR("mailfilter_exclude",          SYN_SLIST,  ""),
    ATTR("mailfilter_include",          SYN_SLIST,  ""),
    ATTR("mailfrom",                    SYN_STRING, ".*@.*"),
    ATTR("mailmaxlines",                SYN_INT,    "0,1000"),
    ATTR("mailsubject",                 SYN_STRING, ""),
    ATTR("mailto",                      SYN_STRING, ".*@.*"),
    ATTR("runagent_socket_allow_users", SYN_SLIST,  ""),
    ATTR("schedule",                    SYN_SLIST,  ""),
    ATTR("smtpserver",                  SYN_STRING, RANGE_ANY),
    ATTR("splaytime",                   SYN_INT,    RANGE_NONNEG),
};

static const SynAttr file_attrs[] = {
    ATTR("inputs",    SYN_SLIST,  RANGE_ANY),
    ATTR("namespace", SYN_STRING, "[a-zA-Z_][a-zA-Z0-9_]*"),
};

static const SynAttr file_select_attrs[] = {
    ATTR("atime",           SYN_IRANGE, "0,2147483647"),
    ATTR("ctime",           SYN_IRANGE, "0,2147483647"),
    ATTR("exec_program",    SYN_STRING, RANGE_ABSPATH),
    ATTR("exec_regex",      SYN_STRING, RANGE_ANY),
    ATTR("file_result",     SYN_STRING, "[!*(leaf_name|path_name|file_types|mode|size|owner|"
                                        "group|atime|ctime|mtime|issymlinkto|exec_regex|"
                                        "exec_program|bsdflags)[|&.]*]*"),
    ATTR("file_types",      SYN_OLIST,  "plain,reg,symlink,dir,socket,fifo,door,char,block"),
    ATTR("issymlinkto",     SYN_SLIST,  ""),
    ATTR("leaf_name",       SYN_SLIST,  ""),
    ATTR("mtime",           SYN_IRANGE, "0,2147483647"),
    ATTR("path_name",       SYN_SLIST,  RANGE_ABSPATH),
    ATTR("search_bsdflags", SYN_SLIST,  "[+-]*[(arch|archived|nodump|opaque|sappnd|sappend|schg|"
                                        "schange|simmutable|sunlnk|sunlink|uappnd|uappend|uchg|"
                                        "uchange|uimmutable|uunlnk|uunlink)]+"),
    ATTR("search_groups",   SYN_SLIST,  ""),
    ATTR("search_mode",     SYN_SLIST,  "[0-7augorwxst,+-=]+"),
    ATTR("search_owners",   SYN_SLIST,  ""),
    ATTR("search_size",     SYN_IRANGE, "0,inf"),
    COMMON_BODY_ATTRS,
};

static const SynAttr hub_attrs[] = {
    ATTR("client_history_timeout", SYN_INT,   RANGE_PORT),
    ATTR("exclude_hosts",          SYN_SLIST, ""),
    ATTR("hub_schedule",           SYN_SLIST, ""),
    ATTR("port",                   SYN_INT,   RANGE_PORT),
    ATTR("query_timeout",          SYN_INT,   "0,300"),
};

static const SynAttr insert_select_attrs[] = {
    ATTR("insert_if_contains_from_list",      SYN_SLIST, RANGE_ANY),
    ATTR("insert_if_match_from_list",         SYN_SLIST, RANGE_ANY),
    ATTR("insert_if_not_contains_from_list",  SYN_SLIST, RANGE_ANY),
    ATTR("insert_if_not_match_from_list",     SYN_SLIST, RANGE_ANY),
    ATTR("insert_if_not_startwith_from_list", SYN_SLIST, RANGE_ANY),
    ATTR("insert_if_startwith_from_list",     SYN_SLIST, RANGE_ANY),
    COMMON_BODY_ATTRS,
};

static const SynAttr link_from_attrs[] = {
    ATTR("copy_patterns",         SYN_SLIST,  ""),
    ATTR("link_children",         SYN_OPTION, RANGE_BOOL),
    ATTR("link_type",             SYN_OPTION, "symlink,hardlink,relative,absolute"),
    ATTR("source",                SYN_STRING, RANGE_NONEMPTY),
    ATTR("when_linking_children", SYN_OPTION, "override_file,if_no_such_file"),
    ATTR("when_no_source",        SYN_OPTION, "force,delete,nop"),
    COMMON_BODY_ATTRS,
};

static const SynAttr location_attrs[] = {
    ATTR("before_after",         SYN_OPTION, "before,after"),
    ATTR("first_last",           SYN_OPTION, "first,last"),
    ATTR("select_line_matching", SYN_STRING, RANGE_ANY),
    COMMON_BODY_ATTRS,
};

static const SynAttr match_value_attrs[] = {
    ATTR("extraction_regex",        SYN_STRING, ""),
    ATTR("select_line_matching",    SYN_STRING, RANGE_ANY),
    ATTR("select_line_number",      SYN_INT,    RANGE_NONNEG),
    ATTR("select_multiline_policy", SYN_OPTION, "average,sum,first,last"),
    ATTR("track_growing_file",      SYN_OPTION, RANGE_BOOL),
    COMMON_BODY_ATTRS,
};

static const SynAttr monitor_attrs[] = {
    ATTR("forgetrate",      SYN_REAL,   "0,1"),
    ATTR("histograms",      SYN_OPTION, RANGE_BOOL),
    ATTR("monitorfacility", SYN_OPTION, RANGE_SYSLOG_FACILITY),
    ATTR("tcpdump",         SYN_OPTION, RANGE_BOOL),
    ATTR("tcpdumpcommand",  SYN_STRING, RANGE_ABSPATH),
};

static const SynAttr mount_attrs[] = {
    ATTR("edit_fstab",    SYN_OPTION, RANGE_BOOL),
    ATTR("mount_options", SYN_SLIST,  ""),
    ATTR("mount_server",  SYN_STRING, ""),
    ATTR("mount_source",  SYN_STRING, RANGE_ABSPATH),
    ATTR("mount_type",    SYN_OPTION, "nfs,nfs2,nfs3,nfs4,panfs,cifs"),
    ATTR("unmount",       SYN_OPTION, RANGE_BOOL),
    COMMON_BODY_ATTRS,
};

static const SynAttr package_method_attrs[] = {
    ATTR("package_add_command",           SYN_STRING, RANGE_NONEMPTY),
    ATTR("package_arch_regex",            SYN_STRING, ""),
    ATTR("package_changes",               SYN_OPTION, "individual,bulk"),
    ATTR("package_commands_useshell",     SYN_OPTION, RANGE_BOOL),
    ATTR("package_default_arch_command",  SYN_STRING, RANGE_ABSPATH),
    ATTR("package_delete_command",        SYN_STRING, RANGE_NONEMPTY),
    ATTR("package_delete_convention",     SYN_STRING, ""),
    ATTR("package_file_repositories",     SYN_SLIST,  ""),
    ATTR("package_installed_regex",       SYN_STRING, ""),
    ATTR("package_list_arch_regex",       SYN_STRING, ""),
    ATTR("package_list_command",          SYN_STRING, RANGE_NONEMPTY),
    ATTR("package_list_name_regex",       SYN_STRING, ""),
    ATTR("package_list_update_command",   SYN_STRING, ""),
    ATTR("package_list_update_ifelapsed", SYN_INT,    RANGE_INT),
    ATTR("package_list_version_regex",    SYN_STRING, ""),
    ATTR("package_multiline_start",       SYN_STRING, ""),
    ATTR("package_name_convention",       SYN_STRING, ""),
    ATTR("package_name_regex",            SYN_STRING, ""),
    ATTR("package_noverify_regex",        SYN_STRING, ""),
    ATTR("package_noverify_returncode",   SYN_INT,    RANGE_INT),
    ATTR("package_patch_arch_regex",      SYN_STRING, ""),
    ATTR("package_patch_command",         SYN_STRING, RANGE_NONEMPTY),
    ATTR("package_patch_installed_regex", SYN_STRING, ""),
    ATTR("package_patch_list_command",    SYN_STRING, RANGE_NONEMPTY),
    ATTR("package_patch_name_regex",      SYN_STRING, ""),
    ATTR("package_patch_version_regex",   SYN_STRING, ""),
    ATTR("package_update_command",        SYN_STRING, RANGE_NONEMPTY),
    ATTR("package_verify_command",        SYN_STRING, RANGE_NONEMPTY),
    ATTR("package_version_equal_command", SYN_STRING, RANGE_NONEMPTY),
    ATTR("package_version_less_command",  SYN_STRING, RANGE_NONEMPTY),
    ATTR("package_version_regex",         SYN_STRING, ""),
    COMMON_BODY_ATTRS,
};

static const SynAttr package_module_attrs[] = {
    ATTR("default_options",           SYN_SLIST,  ""),
    ATTR("interpreter",               SYN_STRING, ""),
    ATTR("module_path",               SYN_STRING, ""),
    ATTR("query_installed_ifelapsed", SYN_INT,    RANGE_INT),
    ATTR("query_updates_ifelapsed",   SYN_INT,    RANGE_INT),
};

static const SynAttr password_attrs[] = {
    ATTR("data",   SYN_STRING, ""),
    ATTR("format", SYN_OPTION, "plaintext,hash"),
    COMMON_BODY_ATTRS,
};

static const SynAttr perms_attrs[] = {
    ATTR("bsdflags", SYN_SLIST,  "[+-]*[(arch|archived|nodump|opaque|sappnd|sappend|schg|schange|"
                                 "simmutable|sunlnk|sunlink|uappnd|uappend|uchg|uchange|"
                                 "uimmutable|uunlnk|uunlink)]+"),
    ATTR("groups",   SYN_SLIST,  "[a-zA-Z0-9_$.-]+"),
    ATTR("mode",     SYN_STRING, "[0-7augorwxst,+-=]+"),
    ATTR("owners",   SYN_SLIST,  "[a-zA-Z0-9_$.-]+"),
    ATTR("rxdirs",   SYN_OPTION, RANGE_BOOL),
    COMMON_BODY_ATTRS,
};

static const SynAttr printfile_attrs[] = {
    ATTR("file_to_print",   SYN_STRING, RANGE_ABSPATH),
    ATTR("number_of_lines", SYN_INT,    RANGE_INT),
    COMMON_BODY_ATTRS,
};

static const SynAttr process_count_attrs[] = {
    ATTR("in_range_define",     SYN_SLIST,  ""),
    ATTR("match_range",         SYN_IRANGE, RANGE_NONNEG),
    ATTR("out_of_range_define", SYN_SLIST,  ""),
    COMMON_BODY_ATTRS,
};

static const SynAttr process_select_attrs[] = {
    ATTR("command",        SYN_STRING, ""),
    ATTR("pgid",           SYN_IRANGE, RANGE_NONNEG),
    ATTR("pid",            SYN_IRANGE, RANGE_NONNEG),
    ATTR("ppid",           SYN_IRANGE, RANGE_NONNEG),
    ATTR("priority",       SYN_IRANGE, "-20,+20"),
    ATTR("process_owner",  SYN_SLIST,  ""),
    ATTR("process_result", SYN_STRING, "[(process_owner|pid|ppid||pgid|rsize|vsize|status|"
                                       "command|ttime|stime|tty|priority|threads)[|&!.]*]*"),
    ATTR("rsize",          SYN_IRANGE, RANGE_NONNEG),
    ATTR("status",         SYN_STRING, ""),
    ATTR("stime_range",    SYN_IRANGE, "0,2147483647"),
    ATTR("threads",        SYN_IRANGE, RANGE_NONNEG),
    ATTR("ttime_range",    SYN_IRANGE, RANGE_NONNEG),
    ATTR("tty",            SYN_STRING, ""),
    ATTR("vsize",          SYN_IRANGE, RANGE_NONNEG),
    COMMON_BODY_ATTRS,
};

static const SynAttr rename_attrs[] = {
    ATTR("disable",        SYN_OPTION, RANGE_BOOL),
    ATTR("disable_mode",   SYN_STRING, "[0-7augorwxst,+-=]+"),
    ATTR("disable_suffix", SYN_STRING, ""),
    ATTR("newname",        SYN_STRING, ""),
    ATTR("rotate",         SYN_INT,    "0,99"),
    COMMON_BODY_ATTRS,
};

static const SynAttr replace_with_attrs[] = {
    ATTR("occurrences",   SYN_OPTION, "all,first"),
    ATTR("replace_value", SYN_STRING, RANGE_ANY),
    COMMON_BODY_ATTRS,
};

static const SynAttr report_data_select_attrs[] = {
    ATTR("metatags_exclude",       SYN_SLIST, RANGE_ANY),
    ATTR("metatags_include",       SYN_SLIST, RANGE_ANY),
    ATTR("monitoring_exclude",     SYN_SLIST, RANGE_ANY),
    ATTR("monitoring_include",     SYN_SLIST, RANGE_ANY),
    ATTR("promise_handle_exclude", SYN_SLIST, RANGE_ANY),
    ATTR("promise_handle_include", SYN_SLIST, RANGE_ANY),
    COMMON_BODY_ATTRS,
};

static const SynAttr runagent_attrs[] = {
    ATTR("background_children", SYN_OPTION, RANGE_BOOL),
    ATTR("encrypt",             SYN_OPTION, RANGE_BOOL),
    ATTR("force_ipv4",          SYN_OPTION, RANGE_BOOL),
    ATTR("hosts",               SYN_SLIST,  ""),
    ATTR("max_children",        SYN_INT,    RANGE_NONNEG),
    ATTR("output_directory",    SYN_STRING, RANGE_ABSPATH),
    ATTR("output_to_file",      SYN_OPTION, RANGE_BOOL),
    ATTR("port",                SYN_INT,    RANGE_PORT),
    ATTR("timeout",             SYN_INT,    "1,9999"),
    ATTR("trustkey",            SYN_OPTION, RANGE_BOOL),
};

static const SynAttr select_region_attrs[] = {
    ATTR("include_end_delimiter",   SYN_OPTION, RANGE_BOOL),
    ATTR("include_start_delimiter", SYN_OPTION, RANGE_BOOL),
    ATTR("select_end",              SYN_STRING, RANGE_ANY),
    ATTR("select_end_match_eof",    SYN_OPTION, RANGE_BOOL),
    ATTR("select_start",            SYN_STRING, RANGE_ANY),
    COMMON_BODY_ATTRS,
};

static const SynAttr server_attrs[] = {
    ATTR("allowallconnects",      SYN_SLIST,  ""),
    ATTR("allowciphers",          SYN_STRING, ""),
    ATTR("allowconnects",         SYN_SLIST,  ""),
    ATTR("allowlegacyconnects",   SYN_SLIST,  ""),
    ATTR("allowtlsversion",       SYN_STRING, ""),
    ATTR("allowusers",            SYN_SLIST,  ""),
    ATTR("auditing",              SYN_OPTION, RANGE_BOOL),
    ATTR("bindtointerface",       SYN_STRING, ""),
    ATTR("call_collect_interval", SYN_INT,    RANGE_NONNEG),
    ATTR("cfruncommand",          SYN_STRING, RANGE_NONEMPTY),
    ATTR("collect_window",        SYN_INT,    RANGE_NONNEG),
    ATTR("denybadclocks",         SYN_OPTION, RANGE_BOOL),
    ATTR("denyconnects",          SYN_SLIST,  ""),
    ATTR("dynamicaddresses",      SYN_SLIST,  ""),
    ATTR("hostnamekeys",          SYN_OPTION, RANGE_BOOL),
    ATTR("listen",                SYN_OPTION, RANGE_BOOL),
    ATTR("logallconnections",     SYN_OPTION, RANGE_BOOL),
    ATTR("logencryptedtransfers", SYN_OPTION, RANGE_BOOL),
    ATTR("maxconnections",        SYN_INT,    RANGE_NONNEG),
    ATTR("port",                  SYN_INT,    RANGE_PORT),
    ATTR("serverfacility",        SYN_OPTION, RANGE_SYSLOG_FACILITY),
    ATTR_DEPRECATED("skipverify", SYN_SLIST,  ""),
    ATTR("trustkeysfrom",         SYN_SLIST,  ""),
};

static const SynAttr service_method_attrs[] = {
    ATTR("service_args",             SYN_STRING, ""),
    ATTR("service_autostart_policy", SYN_OPTION, "none,boot_time,on_demand"),
    ATTR("service_bundle",           SYN_BUNDLE, NULL),
    ATTR("service_dependence_chain", SYN_OPTION, "ignore,start_parent_services,"
                                                 "stop_child_services,all_related"),
    ATTR("service_type",             SYN_OPTION, "windows,generic"),
    COMMON_BODY_ATTRS,
};

static const SynAttr volume_attrs[] = {
    ATTR("check_foreign",  SYN_OPTION, RANGE_BOOL),
    ATTR("freespace",      SYN_STRING, "[0-9]+[MBkKgGmb%]"),
    ATTR("scan_arrivals",  SYN_OPTION, RANGE_BOOL),
    ATTR("sensible_count", SYN_INT,    RANGE_NONNEG),
    ATTR("sensible_size",  SYN_INT,    RANGE_NONNEG),
    COMMON_BODY_ATTRS,
};

/* A body type whose table ends with COMMON_BODY_ATTRS. */
#define BODY_TYPE(name_, attrs_)                        \
    { .name = name_,                                    \
      .attrs = attrs_,                                  \
      .n_attrs = ARRAY_LEN(attrs_),                     \
      .n_own = ARRAY_LEN(attrs_) - N_COMMON_BODY_ATTRS, \
      .status = SYN_STATUS_NORMAL }

/* A body type with only its own attributes. */
#define BARE_BODY_TYPE(name_, attrs_) \
    { .name = name_,                  \
      .attrs = attrs_,                \
      .n_attrs = ARRAY_LEN(attrs_),   \
      .n_own = ARRAY_LEN(attrs_),     \
      .status = SYN_STATUS_NORMAL }

const SynBodyType syntax_body_types[] = {
    BODY_TYPE("acl",                   acl_attrs),
    BODY_TYPE("action",                action_attrs),
    BARE_BODY_TYPE("agent",            agent_attrs),
    BODY_TYPE("changes",               changes_attrs),
    BODY_TYPE("classes",               classes_attrs),
    BARE_BODY_TYPE("common",           common_attrs),
    BODY_TYPE("contain",               contain_attrs),
    BODY_TYPE("copy_from",             copy_from_attrs),
    BODY_TYPE("database_server",       database_server_attrs),
    BODY_TYPE("delete",                delete_attrs),
    BODY_TYPE("delete_select",         delete_select_attrs),
    BODY_TYPE("depth_search",          depth_search_attrs),
    BODY_TYPE("edit_defaults",         edit_defaults_attrs),
    BODY_TYPE("edit_field",            edit_field_attrs),
    BODY_TYPE("environment_interface", environment_interface_attrs),
    BODY_TYPE("environment_resources", environment_resources_attrs),
    BARE_BODY_TYPE("executor",         executor_attrs),
    BARE_BODY_TYPE("file",             file_attrs),
    BODY_TYPE("file_select",           file_select_attrs),
    BARE_BODY_TYPE("hub",              hub_attrs),
    BODY_TYPE("insert_select",         insert_select_attrs),
    BODY_TYPE("link_from",             link_from_attrs),
    BODY_TYPE("location",              location_attrs),
    BODY_TYPE("match_value",           match_value_attrs),
    BARE_BODY_TYPE("monitor",          monitor_attrs),
    BODY_TYPE("mount",                 mount_attrs),
    BODY_TYPE("package_method",        package_method_attrs),
    BARE_BODY_TYPE("package_module",   package_module_attrs),
    BODY_TYPE("password",              password_attrs),
    BODY_TYPE("perms",                 perms_attrs),
    BODY_TYPE("printfile",             printfile_attrs),
    BODY_TYPE("process_count",         process_count_attrs),
    BODY_TYPE("process_select",        process_select_attrs),
    BODY_TYPE("rename",                rename_attrs),
    BODY_TYPE("replace_with",          replace_with_attrs),
    BODY_TYPE("report_data_select",    report_data_select_attrs),
    BARE_BODY_TYPE("runagent",         runagent_attrs),
    BODY_TYPE("select_region",         select_region_attrs),
    BARE_BODY_TYPE("server",           server_attrs),
    BODY_TYPE("service_method",        service_method_attrs),
    BODY_TYPE("volume",                volume_attrs),
};
const size_t syntax_n_body_types = ARRAY_LEN(syntax_body_types);
