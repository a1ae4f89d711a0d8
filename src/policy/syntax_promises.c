/* syntax_promises.c - the bundle types and promise types of CFEngine 3.21
 * with their attributes, as `cf-promises -s json` describes them.
 *
 * Every promise type's table lists its own attributes sorted by name
 * (strcmp order), those its bundle type shares (ATTR_SELECT_REGION, ...)
 * in their sorted places, then GLOBAL_ATTRS, the attributes every promise
 * type accepts, sorted too; n_own marks the split so that lookups can
 * binary search both runs. Keep both runs sorted when adding an attribute.
 */
#include "syntax.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Ranges that recur; "" means any value. */
#define RANGE_ANY       ".*"
#define RANGE_BOOL      "true,false,yes,no,on,off"
#define RANGE_INT       "-99999999999,99999999999"
#define RANGE_NONNEG    "0,99999999999"
#define RANGE_REAL      "-9.99999E100,9.99999E100"
#define RANGE_ABSPATH   "\"?(/.*)"
#define RANGE_VARNAME   "[a-zA-Z0-9_$(){}\\[\\].:]+"
#define RANGE_CLASSEXPR "[a-zA-Z0-9_!&@@$|.()\\[\\]{}:]+"

#define ATTR(name, type, range) \
    { name, type, range, SYN_VIS_PROMISETYPE, SYN_STATUS_NORMAL }
#define BUNDLE_ATTR(name, type, range) \
    { name, type, range, SYN_VIS_BUNDLE, SYN_STATUS_NORMAL }
#define GLOBAL_ATTR(name, type, range) \
    { name, type, range, SYN_VIS_GLOBAL, SYN_STATUS_NORMAL }

/* ---- bundle types ---- */

/* The promise types every bundle type accepts, in 3.21's order. */
#define COMMON_PROMISE_TYPES \
    "classes",               \
    "defaults",              \
    "meta",                  \
    "reports",               \
    "vars"

static const char *const agent_promise_types[] = {
    "commands",
    "databases",
    "guest_environments",
    "files",
    "methods",
    "packages",
    "processes",
    "services",
    "storage",
    "users",
    COMMON_PROMISE_TYPES,
    NULL,
};

static const char *const common_promise_types[] = {
    COMMON_PROMISE_TYPES,
    NULL,
};

static const char *const edit_line_promise_types[] = {
    "delete_lines",
    "insert_lines",
    "field_edits",
    "replace_patterns",
    COMMON_PROMISE_TYPES,
    NULL,
};

static const char *const edit_xml_promise_types[] = {
    "build_xpath",
    "delete_tree",
    "insert_tree",
    "delete_attribute",
    "set_attribute",
    "delete_text",
    "set_text",
    "insert_text",
    COMMON_PROMISE_TYPES,
    NULL,
};

static const char *const monitor_promise_types[] = {
    "measurements",
    COMMON_PROMISE_TYPES,
    NULL,
};

static const char *const server_promise_types[] = {
    "access",
    "roles",
    COMMON_PROMISE_TYPES,
    NULL,
};

#define BUNDLE_TYPE(name_, promise_types_) \
    { .name = name_, .promise_types = promise_types_, .status = SYN_STATUS_NORMAL }

const SynBundleType syntax_bundle_types[] = {
    BUNDLE_TYPE("agent",     agent_promise_types),
    BUNDLE_TYPE("common",    common_promise_types),
    BUNDLE_TYPE("edit_line", edit_line_promise_types),
    BUNDLE_TYPE("edit_xml",  edit_xml_promise_types),
    BUNDLE_TYPE("monitor",   monitor_promise_types),
    BUNDLE_TYPE("server",    server_promise_types),
};
const size_t syntax_n_bundle_types = ARRAY_LEN(syntax_bundle_types);

/* ---- attributes shared between promise types ---- */

/* Accepted by every promise type, sorted by name. */
#define GLOBAL_ATTRS                             \
    GLOBAL_ATTR("action",     SYN_BODY,   NULL), \
    GLOBAL_ATTR("classes",    SYN_BODY,   NULL), \
    GLOBAL_ATTR("comment",    SYN_STRING, ""),   \
    GLOBAL_ATTR("depends_on", SYN_SLIST,  ""),   \
    GLOBAL_ATTR("handle",     SYN_STRING, ""),   \
    GLOBAL_ATTR("if",         SYN_STRING, ""),   \
    GLOBAL_ATTR("ifvarclass", SYN_STRING, ""),   \
    GLOBAL_ATTR("meta",       SYN_SLIST,  ""),   \
    GLOBAL_ATTR("unless",     SYN_STRING, ""),   \
    GLOBAL_ATTR("with",       SYN_STRING, "")

#define N_GLOBAL_ATTRS (sizeof((const SynAttr[]){ GLOBAL_ATTRS }) / sizeof(SynAttr))

/* Accepted by every promise type of one bundle type; each goes in its
 * sorted place among a promise type's own attributes. */
#define ATTR_SELECT_REGION BUNDLE_ATTR("select_region", SYN_BODY,   NULL) /* edit_line */
#define ATTR_BUILD_XPATH   BUNDLE_ATTR("build_xpath",   SYN_STRING, "")   /* edit_xml */
#define ATTR_SELECT_XPATH  BUNDLE_ATTR("select_xpath",  SYN_STRING, "")   /* edit_xml */

/* ---- promise types ---- */

static const SynAttr access_attrs[] = {
    ATTR("admit",              SYN_SLIST,  ""),
    ATTR("admit_hostnames",    SYN_SLIST,  ""),
    ATTR("admit_ips",          SYN_SLIST,  ""),
    ATTR("admit_keys",         SYN_SLIST,  ""),
    ATTR("deny",               SYN_SLIST,  ""),
    ATTR("deny_hostnames",     SYN_SLIST,  ""),
    ATTR("deny_ips",           SYN_SLIST,  ""),
    ATTR("deny_keys",          SYN_SLIST,  ""),
    ATTR("ifencrypted",        SYN_OPTION, RANGE_BOOL),
    ATTR("maproot",            SYN_SLIST,  ""),
    ATTR("report_data_select", SYN_BODY,   NULL),
    ATTR("resource_type",      SYN_OPTION, "path,literal,context,query,variable,bundle"),
    ATTR("shortcut",           SYN_STRING, ""),
    GLOBAL_ATTRS,
};

static const SynAttr build_xpath_attrs[] = {
    ATTR_BUILD_XPATH,
    ATTR_SELECT_XPATH,
    GLOBAL_ATTRS,
};

static const SynAttr classes_attrs[] = {
    ATTR("and",          SYN_CLIST,   RANGE_CLASSEXPR),
    ATTR("dist",         SYN_RLIST,   RANGE_REAL),
    ATTR("expression",   SYN_CONTEXT, RANGE_CLASSEXPR),
    ATTR("not",          SYN_CONTEXT, RANGE_CLASSEXPR),
    ATTR("or",           SYN_CLIST,   RANGE_CLASSEXPR),
    ATTR("persistence",  SYN_INT,     RANGE_NONNEG),
    ATTR("scope",        SYN_OPTION,  "namespace,bundle"),
    ATTR("select_class", SYN_CLIST,   RANGE_CLASSEXPR),
    ATTR("xor",          SYN_CLIST,   RANGE_CLASSEXPR),
    GLOBAL_ATTRS,
};

static const SynAttr commands_attrs[] = {
    ATTR("arglist", SYN_SLIST,  RANGE_ANY),
    ATTR("args",    SYN_STRING, ""),
    ATTR("contain", SYN_BODY,   NULL),
    ATTR("inform",  SYN_OPTION, RANGE_BOOL),
    ATTR("module",  SYN_OPTION, RANGE_BOOL),
    GLOBAL_ATTRS,
};

static const SynAttr databases_attrs[] = {
    ATTR("database_columns",   SYN_SLIST,  RANGE_ANY),
    ATTR("database_operation", SYN_OPTION, "create,delete,drop,cache,verify,restore"),
    ATTR("database_rows",      SYN_SLIST,  ".*,.*"),
    ATTR("database_server",    SYN_BODY,   NULL),
    ATTR("database_type",      SYN_OPTION, "sql,ms_registry"),
    ATTR("registry_exclude",   SYN_SLIST,  ""),
    GLOBAL_ATTRS,
};

static const SynAttr defaults_attrs[] = {
    ATTR("if_match_regex", SYN_STRING, ""),
    ATTR("slist",          SYN_SLIST,  ""),
    ATTR("string",         SYN_STRING, ""),
    GLOBAL_ATTRS,
};

static const SynAttr delete_attribute_attrs[] = {
    ATTR_BUILD_XPATH,
    ATTR_SELECT_XPATH,
    GLOBAL_ATTRS,
};

static const SynAttr delete_lines_attrs[] = {
    ATTR("delete_select", SYN_BODY,   NULL),
    ATTR("not_matching",  SYN_OPTION, RANGE_BOOL),
    ATTR_SELECT_REGION,
    GLOBAL_ATTRS,
};

static const SynAttr delete_text_attrs[] = {
    ATTR_BUILD_XPATH,
    ATTR_SELECT_XPATH,
    GLOBAL_ATTRS,
};

static const SynAttr delete_tree_attrs[] = {
    ATTR_BUILD_XPATH,
    ATTR_SELECT_XPATH,
    GLOBAL_ATTRS,
};

static const SynAttr field_edits_attrs[] = {
    ATTR("edit_field", SYN_BODY, NULL),
    ATTR_SELECT_REGION,
    GLOBAL_ATTRS,
};

static const SynAttr files_attrs[] = {
    ATTR("acl",                  SYN_BODY,   NULL),
    ATTR("changes",              SYN_BODY,   NULL),
    ATTR("content",              SYN_STRING, RANGE_ANY),
    ATTR("copy_from",            SYN_BODY,   NULL),
    ATTR("create",               SYN_OPTION, RANGE_BOOL),
    ATTR("delete",               SYN_BODY,   NULL),
    ATTR("depth_search",         SYN_BODY,   NULL),
    ATTR("edit_defaults",        SYN_BODY,   NULL),
    ATTR("edit_line",            SYN_BUNDLE, NULL),
    ATTR("edit_template",        SYN_STRING, RANGE_ABSPATH),
    ATTR("edit_template_string", SYN_STRING, RANGE_ANY),
    ATTR("edit_xml",             SYN_BUNDLE, NULL),
    ATTR("file_select",          SYN_BODY,   NULL),
    ATTR("file_type",            SYN_OPTION, "regular,fifo"),
    ATTR("link_from",            SYN_BODY,   NULL),
    ATTR("move_obstructions",    SYN_OPTION, RANGE_BOOL),
    ATTR("pathtype",             SYN_OPTION, "literal,regex,guess"),
    ATTR("perms",                SYN_BODY,   NULL),
    ATTR("rename",               SYN_BODY,   NULL),
    ATTR("repository",           SYN_STRING, RANGE_ABSPATH),
    ATTR("template_data",        SYN_DATA,   ""),
    ATTR("template_method",      SYN_OPTION, "cfengine,inline_mustache,mustache"),
    ATTR("touch",                SYN_OPTION, RANGE_BOOL),
    ATTR("transformer",          SYN_STRING, RANGE_ABSPATH),
    GLOBAL_ATTRS,
};

static const SynAttr guest_environments_attrs[] = {
    ATTR("environment_host",      SYN_STRING, "[a-zA-Z0-9_]+"),
    ATTR("environment_interface", SYN_BODY,   NULL),
    ATTR("environment_resources", SYN_BODY,   NULL),
    ATTR("environment_state",     SYN_OPTION, "create,delete,running,suspended,down"),
    ATTR("environment_type",      SYN_OPTION, "xen,kvm,esx,vbox,test,xen_net,kvm_net,esx_net,"
                                              "test_net,zone,ec2,eucalyptus"),
    GLOBAL_ATTRS,
};

static const SynAttr insert_lines_attrs[] = {
    ATTR("expand_scalars",    SYN_OPTION, RANGE_BOOL),
    ATTR("insert_select",     SYN_BODY,   NULL),
    ATTR("insert_type",       SYN_OPTION, "literal,string,file,file_preserve_block,"
                                          "preserve_block,preserve_all_lines"),
    ATTR("location",          SYN_BODY,   NULL),
    ATTR_SELECT_REGION,
    ATTR("whitespace_policy", SYN_OLIST,  "ignore_leading,ignore_trailing,ignore_embedded,"
                                          "exact_match"),
    GLOBAL_ATTRS,
};

static const SynAttr insert_text_attrs[] = {
    ATTR_BUILD_XPATH,
    ATTR_SELECT_XPATH,
    GLOBAL_ATTRS,
};

static const SynAttr insert_tree_attrs[] = {
    ATTR_BUILD_XPATH,
    ATTR_SELECT_XPATH,
    GLOBAL_ATTRS,
};

static const SynAttr measurements_attrs[] = {
    ATTR("data_type",    SYN_OPTION, "counter,int,real,string,slist"),
    ATTR("history_type", SYN_OPTION, "weekly,scalar,static,log"),
    ATTR("match_value",  SYN_BODY,   NULL),
    ATTR("stream_type",  SYN_OPTION, "pipe,file"),
    ATTR("units",        SYN_STRING, ""),
    GLOBAL_ATTRS,
};

static const SynAttr meta_attrs[] = {
    ATTR("data",   SYN_DATA,   ""),
    ATTR("slist",  SYN_SLIST,  ""),
    ATTR("string", SYN_STRING, ""),
    GLOBAL_ATTRS,
};

static const SynAttr methods_attrs[] = {
    ATTR("inherit",   SYN_OPTION, RANGE_BOOL),
    ATTR("usebundle", SYN_BUNDLE, NULL),
    ATTR("useresult", SYN_STRING, RANGE_VARNAME),
    GLOBAL_ATTRS,
};

static const SynAttr packages_attrs[] = {
    ATTR("additional_packages",   SYN_SLIST,  ""),
    ATTR("architecture",          SYN_STRING, ""),
    ATTR("options",               SYN_SLIST,  ""),
    ATTR("package_architectures", SYN_SLIST,  ""),
    ATTR("package_method",        SYN_BODY,   NULL),
    ATTR("package_module",        SYN_BODY,   NULL),
    ATTR("package_policy",        SYN_OPTION, "add,delete,reinstall,update,addupdate,patch,verify"),
    ATTR("package_select",        SYN_OPTION, ">,<,==,!=,>=,<="),
    ATTR("package_version",       SYN_STRING, ""),
    ATTR("policy",                SYN_OPTION, "absent,present"),
    ATTR("version",               SYN_STRING, ""),
    GLOBAL_ATTRS,
};

static const SynAttr processes_attrs[] = {
    ATTR("process_count",  SYN_BODY,   NULL),
    ATTR("process_select", SYN_BODY,   NULL),
    ATTR("process_stop",   SYN_STRING, RANGE_ABSPATH),
    ATTR("restart_class",  SYN_STRING, RANGE_VARNAME),
    ATTR("signals",        SYN_SLIST,  "(hup|int|trap|kill|pipe|cont|abrt|stop|quit|term|child|"
                                       "usr1|usr2|bus|segv|[0-9]+s?)"),
    GLOBAL_ATTRS,
};

static const SynAttr replace_patterns_attrs[] = {
    ATTR("replace_with", SYN_BODY, NULL),
    ATTR_SELECT_REGION,
    GLOBAL_ATTRS,
};

static const SynAttr reports_attrs[] = {
    ATTR("bundle_return_value_index", SYN_STRING, RANGE_VARNAME),
    ATTR("friend_pattern",            SYN_STRING, ""),
    ATTR("intermittency",             SYN_REAL,   "0,1"),
    ATTR("lastseen",                  SYN_INT,    RANGE_NONNEG),
    ATTR("printfile",                 SYN_BODY,   NULL),
    ATTR("report_to_file",            SYN_STRING, RANGE_ABSPATH),
    ATTR("showstate",                 SYN_SLIST,  ""),
    GLOBAL_ATTRS,
};

static const SynAttr roles_attrs[] = {
    ATTR("authorize", SYN_SLIST, ""),
    GLOBAL_ATTRS,
};

static const SynAttr services_attrs[] = {
    ATTR("service_dependencies", SYN_SLIST,  RANGE_VARNAME),
    ATTR("service_method",       SYN_BODY,   NULL),
    ATTR("service_policy",       SYN_STRING, ""),
    GLOBAL_ATTRS,
};

static const SynAttr set_attribute_attrs[] = {
    ATTR("attribute_value", SYN_STRING, ""),
    ATTR_BUILD_XPATH,
    ATTR_SELECT_XPATH,
    GLOBAL_ATTRS,
};

static const SynAttr set_text_attrs[] = {
    ATTR_BUILD_XPATH,
    ATTR_SELECT_XPATH,
    GLOBAL_ATTRS,
};

static const SynAttr storage_attrs[] = {
    ATTR("mount",  SYN_BODY, NULL),
    ATTR("volume", SYN_BODY, NULL),
    GLOBAL_ATTRS,
};

static const SynAttr users_attrs[] = {
    ATTR("description",         SYN_STRING, ""),
    ATTR("group_primary",       SYN_STRING, ""),
    ATTR("groups_secondary",    SYN_SLIST,  RANGE_ANY),
    ATTR("home_bundle",         SYN_BUNDLE, NULL),
    ATTR("home_bundle_inherit", SYN_OPTION, RANGE_BOOL),
    ATTR("home_dir",            SYN_STRING, RANGE_ABSPATH),
    ATTR("password",            SYN_BODY,   NULL),
    ATTR("policy",              SYN_OPTION, "present,absent,locked"),
    ATTR("shell",               SYN_STRING, RANGE_ABSPATH),
    ATTR("uid",                 SYN_INT,    RANGE_INT),
    GLOBAL_ATTRS,
};

static const SynAttr vars_attrs[] = {
    ATTR("data",   SYN_DATA,   ""),
    ATTR("ilist",  SYN_ILIST,  RANGE_INT),
    ATTR("int",    SYN_INT,    RANGE_INT),
    ATTR("policy", SYN_OPTION, "free,overridable,constant,ifdefined"),
    ATTR("real",   SYN_REAL,   RANGE_REAL),
    ATTR("rlist",  SYN_RLIST,  RANGE_REAL),
    ATTR("slist",  SYN_SLIST,  ""),
    ATTR("string", SYN_STRING, ""),
    GLOBAL_ATTRS,
};

#define PROMISE_TYPE(name_, attrs_)                \
    { .name = name_,                               \
      .attrs = attrs_,                             \
      .n_attrs = ARRAY_LEN(attrs_),                \
      .n_own = ARRAY_LEN(attrs_) - N_GLOBAL_ATTRS, \
      .status = SYN_STATUS_NORMAL }

const SynPromiseType syntax_promise_types[] = {
    PROMISE_TYPE("access",             access_attrs),
    PROMISE_TYPE("build_xpath",        build_xpath_attrs),
    PROMISE_TYPE("classes",            classes_attrs),
    PROMISE_TYPE("commands",           commands_attrs),
    PROMISE_TYPE("databases",          databases_attrs),
    PROMISE_TYPE("defaults",           defaults_attrs),
    PROMISE_TYPE("delete_attribute",   delete_attribute_attrs),
    PROMISE_TYPE("delete_lines",       delete_lines_attrs),
    PROMISE_TYPE("delete_text",        delete_text_attrs),
    PROMISE_TYPE("delete_tree",        delete_tree_attrs),
    PROMISE_TYPE("field_edits",        field_edits_attrs),
    PROMISE_TYPE("files",              files_attrs),
    PROMISE_TYPE("guest_environments", guest_environments_attrs),
    PROMISE_TYPE("insert_lines",       insert_lines_attrs),
    PROMISE_TYPE("insert_text",        insert_text_attrs),
    PROMISE_TYPE("insert_tree",        insert_tree_attrs),
    PROMISE_TYPE("measurements",       measurements_attrs),
    PROMISE_TYPE("meta",               meta_attrs),
    PROMISE_TYPE("methods",            methods_attrs),
    PROMISE_TYPE("packages",           packages_attrs),
    PROMISE_TYPE("processes",          processes_attrs),
    PROMISE_TYPE("replace_patterns",   replace_patterns_attrs),
    PROMISE_TYPE("reports",            reports_attrs),
    PROMISE_TYPE("roles",              roles_attrs),
    PROMISE_TYPE("services",           services_attrs),
    PROMISE_TYPE("set_attribute",      set_attribute_attrs),
    PROMISE_TYPE("set_text",           set_text_attrs),
    PROMISE_TYPE("storage",            storage_attrs),
    PROMISE_TYPE("users",              users_attrs),
    PROMISE_TYPE("vars",               vars_attrs),
};
const size_t syntax_n_promise_types = ARRAY_LEN(syntax_promise_types);
