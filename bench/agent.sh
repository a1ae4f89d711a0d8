#!/bin/bash
# agent.sh - minicf-agent against CFEngine 3.21's cf-agent on one generated
# policy, side by side in one run: one-shot runs, locks ignored.
#
# Usage: bench/agent.sh [--quick] [--write | --no-write] [--output FILE]
#
# Three cases: a policy of vars, classes and reports promises (case 1),
# and two policies of 20 processes promises on a machine with 500
# processes: mixed criteria (case 2), and the container's kind, a promiser
# regex and a restart_class each (case 3); each with the two agents side
# by side.
#
# Case 1. The policy is generated into a temporary directory (nothing generated is
# committed): one agent bundle with 200 vars, classes and reports promises
# (70 vars, one in five an slist; 65 classes; 65 reports, each guarded by
# one of the classes and printing one of the vars), 20 function-heavy vars
# promises (nested canonify, concat, join, length, ifelse, strcmp over a
# 50-element list) and one more report, plus a common bundle of 3 promises. Each program runs it as
#     PROGRAM -K -w WORKDIR -f POLICY
# with its own private work dir (holding bin/cf-promises, which cf-agent
# runs to validate the policy; minicf-agent ignores it).
#
# Reported for each: the median wall time (the two programs taking turns,
# a few runs at a time, timed by bench/pairtime, built by make; without it, each timed
# alone by hyperfine when installed, by bash's $EPOCHREALTIME otherwise)
# and the fastest run, the
# CPU time (user + system, children's included; the median with pairtime,
# the mean with the others: minicf-agent reads a
# busy process table with several threads, so its CPU time may exceed its
# wall time), the ratios of the medians and of the CPU times,
# the peak RSS (the largest of /usr/bin/time -f %M over three runs; for
# cf-agent this is the largest of cf-agent and the cf-promises -c it runs
# before every run), the exit code, the number of R: lines, and whether both programs
# printed the same R: lines.
#
# Case 2. The script starts itself again as PID 1 of a private PID
# namespace (unshare --pid --fork --mount-proc, so root or user
# namespaces are needed; without them it runs on the host's table and
# says so), starts 497 copies of sleep named bench-worker-G-I (ten
# groups, G = I mod 10; with the script's shell, the timer and the agent
# the table holds 500 processes), and generates a policy of 20 processes
# promises: plain regex matches with restart_class, process_count with
# match_range and in/out-of-range classes, process_select on process_owner,
# command and rsize, and reports that print every class the promises
# define. Both agents run it as in case 1 and the same columns are
# reported. Case 3 runs in the same namespace: 20 promises with only a
# promiser regex and a restart_class (as the entry point writes them), ten
# that find a group of copies and ten that find nothing. Then bench/proctable-bench (built by make) times one scan of
# that 500-process table, proctable_load() as a processes promise calls it,
# over 1000 scans (200 with --quick). Every process started is killed on
# exit (and the namespace ends with its PID 1).
#
# --quick     few runs, for CI (prints the table, writes no file unless
#             --write is given too)
# --write     write the results into docs/benchmarks.md (the default
#             without --quick), replacing this benchmark's section only
# --no-write  print the results only
# --output F  write into F instead of docs/benchmarks.md
# --keep DIR  also copy the generated policy to DIR
#
# Environment: MINICF_AGENT (default: ./minicf-agent of the source tree,
# which must be built; until it exists, MINICF_AGENT=/usr/bin/cf-agent runs
# the script with cf-agent on both sides), MINICF_PROCTABLE_BENCH (default:
# bench/proctable-bench next to the MINICF_AGENT directory), CF_AGENT (default: cf-agent),
# CF_PROMISES (default: cf-promises), MINICF_PAIRTIME (default:
# bench/pairtime next to MINICF_AGENT; set it empty to time each program
# alone), BENCH_NO_HYPERFINE (set: time with bash's clock even when
# hyperfine is installed).
#
# Needs cf-agent (apt-get install cfengine3) and GNU time (apt-get install
# time); hyperfine (apt-get install hyperfine) and unshare (util-linux) are
# optional.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cmdline="bash bench/agent.sh${*:+ $*}"

quick=no
write=
keep=
inner=
output="$top/docs/benchmarks.md"
while [ $# -gt 0 ]; do
    case $1 in
        --quick) quick=yes ;;
        --write) write=yes ;;
        --no-write) write=no ;;
        --output)
            [ $# -ge 2 ] || { echo "agent.sh: --output needs a file" >&2; exit 2; }
            output=$2
            shift
            ;;
        --keep)
            [ $# -ge 2 ] || { echo "agent.sh: --keep needs a directory" >&2; exit 2; }
            keep=$2
            shift
            ;;
        --procs-inner)
            # internal: run case 2 here (in the namespace), results to DIR
            [ $# -ge 2 ] || { echo "agent.sh: --procs-inner needs a directory" >&2; exit 2; }
            inner=$2
            shift
            ;;
        -h | --help)
            sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
            exit 0
            ;;
        *) echo "agent.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done
if [ -z "$write" ]; then
    if [ "$quick" = yes ]; then write=no; else write=yes; fi
fi
if [ "$quick" = yes ]; then
    runs=5 warmup=1
else
    runs=30 warmup=3
fi

minicf=${MINICF_AGENT:-$top/minicf-agent}
cfa=${CF_AGENT:-cf-agent}
cfp=${CF_PROMISES:-cf-promises}

die() { echo "agent.sh: $*" >&2; exit 1; }
if [[ $minicf != */* ]]; then minicf=$(command -v "$minicf" || true); fi
{ [ -n "$minicf" ] && [ -x "$minicf" ]; } ||
    die "${MINICF_AGENT:-$top/minicf-agent} is not built (autoreconf -fi && ./configure && make)"
command -v "$cfa" >/dev/null 2>&1 || die "$cfa not found (apt-get install cfengine3)"
command -v "$cfp" >/dev/null 2>&1 || die "$cfp not found (apt-get install cfengine3)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install time)"
minicf=$(cd "$(dirname "$minicf")" && pwd)/$(basename "$minicf")
cfa=$(command -v "$cfa")
cfp=$(command -v "$cfp")

use_hyperfine=no
if [ -z "${BENCH_NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null 2>&1; then
    use_hyperfine=yes
fi
pairtime=${MINICF_PAIRTIME-$(dirname "$minicf")/bench/pairtime}
[ -x "$pairtime" ] || pairtime=

# pair_ms RUNS CMD... --and CMD..., timer_name and peak_kb CMD...
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

# run_once OUT CMD...: one run; its R: lines in OUT, prints its exit code.
run_once() {
    local out=$1 rc=0
    shift
    "$@" >"$tmp/stdout" 2>/dev/null || rc=$?
    grep '^R: ' "$tmp/stdout" >"$out" || true
    echo "$rc"
}

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'; }

procbench=${MINICF_PROCTABLE_BENCH:-$(dirname "$minicf")/bench/proctable-bench}
if [ "$quick" = yes ]; then scans=200; else scans=1000; fi

# ---- case 2: processes promises on a 500-process table -------------------------

nsleep=497 ngroups=10

# The policy of case 2 into $1: 20 processes promises over the sleep
# copies (bench-worker-G-I 100000, G = I mod 10) and reports that print
# the classes they define.
# The $(...) in single quotes below are CFEngine references, not shell ones.
# shellcheck disable=SC2016
procs_policy() {
    cat >"$1" <<'POLICY'
# Generated by bench/agent.sh: 20 processes promises over 497 processes
# named bench-worker-G-I (G = I mod 10).
body common control
{
  bundlesequence => { "main" };
}

bundle agent main
{
  processes:
      # plain regex matches: restart_class is defined when nothing matches
      "bench-worker-0-" restart_class => "p01_restart";
      "no-such-daemon-x" restart_class => "p02_restart";
      "^bench-worker-[12]-" restart_class => "p03_restart";
      "bench-worker-9-4[0-9] " restart_class => "p04_restart";
      "nonexistent[0-9]+d" restart_class => "p05_restart";
      # process_count with match_range and classes
      "bench-worker-3-" process_count => cnt("p06", "40", "60");
      "bench-worker-4-" process_count => cnt("p07", "0", "10");
      "bench-worker-" process_count => cnt("p08", "490", "500");
      "worker-[0-9]-[0-9]+ 100000$" process_count => cnt("p09", "400", "600");
      "bench-worker-5-1[0-9] " process_count => cnt("p10", "1", "1");
      "zzz-missing-service" process_count => cnt("p11", "0", "0");
      "bench-worker-6-" process_count => cnt("p12", "1", "5");
      # process_select on owner, command and rsize
      "bench" process_select => owner_cmd("root", "bench-worker-7-[0-9]+ 100000", "process_owner.command"),
        process_count => cnt("p13", "45", "55");
      "bench" process_select => owner_cmd("nobody", ".*", "process_owner"),
        process_count => cnt("p14", "0", "0");
      "worker" process_select => owner_cmd("root", "bench-worker-8-[0-9]+ 100000", "command"),
        process_count => cnt("p15", "40", "60");
      "worker" process_select => rss_cmd("bench-worker-1-[0-9]+ 100000"),
        process_count => cnt("p16", "40", "60");
      "bench-worker-2-" process_select => owner_cmd("root|daemon", "bench-worker-2-1[0-9]* 100000", "process_owner.!command"),
        process_count => cnt("p17", "30", "60");
      # restart_class with a count and a selection
      "bench-worker-9-" process_count => cnt("p18", "1", "100"), restart_class => "p18_restart";
      "absent-service-x" process_count => cnt("p19", "1", "1"), restart_class => "p19_restart";
      "bench-worker-5-" process_select => owner_cmd("root", "bench-worker-5-.*", "command"),
        restart_class => "p20_restart";

  reports:
POLICY
    local i c
    for ((i = 1; i <= 20; i++)); do
        for c in restart in out; do
            printf '    p%02d_%s::\n      "class p%02d_%s";\n' "$i" "$c" "$i" "$c"
        done
    done >>"$1"
    cat >>"$1" <<'POLICY'
}

body process_count cnt(name, lo, hi)
{
  match_range => irange("$(lo)", "$(hi)");
  in_range_define => { "$(name)_in" };
  out_of_range_define => { "$(name)_out" };
}

body process_select owner_cmd(owner, cmd, result)
{
  process_owner => { "$(owner)" };
  command => "$(cmd)";
  process_result => "$(result)";
}

body process_select rss_cmd(cmd)
{
  rsize => irange("1", "100000000");
  command => "$(cmd)";
  process_result => "rsize.command";
}
POLICY
}

# plain_policy FILE: case 3, the container's own kind of policy (what the
# entry point writes): 20 processes promises with nothing but a promiser
# regex and a restart_class, ten that find their group of copies and ten
# whose daemon is missing, and a report per restart class.
plain_policy() {
    local g
    {
        echo '# Generated by bench/agent.sh: 20 plain processes promises'
        echo 'body common control'
        echo '{'
        echo '  bundlesequence => { "main" };'
        echo '}'
        echo
        echo 'bundle agent main'
        echo '{'
        echo '  processes:'
        for ((g = 0; g < 10; g++)); do
            printf '      "^bench-worker-%d-[0-9]+ 100000$" restart_class => "start_%d";\n' "$g" "$g"
            printf '      "^/usr/sbin/daemon-%d( |$)" restart_class => "start_missing_%d";\n' "$g" "$g"
        done
        echo '  reports:'
        for ((g = 0; g < 10; g++)); do
            printf '      "start %d" if => "start_%d";\n' "$g" "$g"
            printf '      "start missing %d" if => "start_missing_%d";\n' "$g" "$g"
        done
        echo '}'
    } >"$1"
}

# measure TAG POLICY: runs POLICY with both agents (work dirs work-TAGmc
# and work-TAGcf under $tmp) and prints the results as shell assignments,
# TAG_mc_rc=... (mc_rc=... when TAG is empty).
measure() {
    local tag=$1 policy=$2 w
    local pre=${tag:+${tag}_}
    for w in mc cf; do
        mkdir -p "$tmp/work-$tag$w/bin"
        ln -sf "$cfp" "$tmp/work-$tag$w/bin/cf-promises"
    done
    local mc_cmd=("$minicf" -K -w "$tmp/work-${tag}mc" -f "$policy")
    local cf_cmd=("$cfa" -K -w "$tmp/work-${tag}cf" -f "$policy")
    local mc_rc cf_rc mc_ms mc_min mc_cpu cf_ms cf_min cf_cpu mc_kb cf_kb same
    mc_rc=$(run_once "$tmp/${tag}mc.r" "${mc_cmd[@]}")
    cf_rc=$(run_once "$tmp/${tag}cf.r" "${cf_cmd[@]}")
    if cmp -s "$tmp/${tag}mc.r" "$tmp/${tag}cf.r"; then same=yes; else same=no; fi
    {
        read -r mc_ms mc_min mc_cpu
        read -r cf_ms cf_min cf_cpu
    } < <(pair_ms "$runs" "${mc_cmd[@]}" --and "${cf_cmd[@]}")
    mc_kb=$(peak_kb "${mc_cmd[@]}")
    cf_kb=$(peak_kb "${cf_cmd[@]}")
    printf "${pre}%s=%q\n" mc_rc "$mc_rc" cf_rc "$cf_rc" same "$same" \
        mc_ms "$mc_ms" mc_min "$mc_min" mc_cpu "$mc_cpu" cf_ms "$cf_ms" cf_min "$cf_min" cf_cpu "$cf_cpu" \
        mc_kb "$mc_kb" cf_kb "$cf_kb" \
        mc_lines "$(wc -l <"$tmp/${tag}mc.r")" cf_lines "$(wc -l <"$tmp/${tag}cf.r")"
}

# procs_case DIR: starts the sleep copies, runs case 2 and the scan
# benchmark, and leaves the results in DIR/procs.vars (shell assignments).
procs_case() {
    local dir=$1 i extra
    tmp=$dir
    # Every process started here ends with the script, however it ends.
    bench_pids=()
    trap 'kill "${bench_pids[@]}" 2>/dev/null || true' EXIT
    trap 'exit 130' INT TERM
    for ((i = 0; i < nsleep; i++)); do
        (exec -a "bench-worker-$((i % ngroups))-$i" sleep 100000) &
        bench_pids+=($!)
    done
    # wait until every copy has exec'd sleep (its own argv shows)
    for ((i = 0; i < 100; i++)); do
        [ "$(grep -lsx 'sleep' /proc/[0-9]*/comm 2>/dev/null | wc -l)" -ge "$nsleep" ] && break
        sleep 0.1
    done
    local policy="$dir/procs.cf" table scan="" scan_full="" scan_bare=""
    procs_policy "$policy"
    plain_policy "$dir/plain.cf"
    table=$(find /proc -mindepth 1 -maxdepth 1 -name '[0-9]*' | wc -l)
    measure p "$policy" >"$dir/procs.vars.tmp"
    measure q "$dir/plain.cf" >>"$dir/procs.vars.tmp"
    # The scan alone, with one more process standing in for the timer, so
    # that the table holds what it held under the agents.
    if [ -x "$procbench" ]; then
        sleep 100000 &
        extra=$!
        # the three kinds of scan in turn, so that load weighs on all alike
        if "$procbench" -a -n "$scans" >"$dir/scans"; then
            scan=$(sed -n 's/^lazy //p' "$dir/scans")
            scan_full=$(sed -n 's/^full //p' "$dir/scans")
            scan_one=$(sed -n 's/^lazy1 //p' "$dir/scans")
            scan_bare=$(sed -n 's/^bare //p' "$dir/scans")
        fi
        kill "$extra" 2>/dev/null || true
        wait "$extra" 2>/dev/null || true
    fi
    printf 'p_%s=%q\n' table "$table" scan "$scan" scan_full "$scan_full" scan_one "$scan_one" scan_bare "$scan_bare" \
        >>"$dir/procs.vars.tmp"
    mv "$dir/procs.vars.tmp" "$dir/procs.vars"
    if [ -n "$keep" ]; then
        mkdir -p "$keep"
        cp "$policy" "$keep/agent-bench-processes.cf"
        cp "$dir/plain.cf" "$keep/agent-bench-plain.cf"
    fi
}

if [ -n "$inner" ]; then
    procs_case "$inner"
    exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/agent-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
policy="$tmp/policy.cf"

# ---- the generated policy ----------------------------------------------------

nvars=70 nclasses=65 nreports=65 nfn=20 nlist=50
# The $(...) in single quotes below are CFEngine references, not shell ones.
# shellcheck disable=SC2016
{
    echo "# Generated by bench/agent.sh: $nvars vars, $nclasses classes and $nreports reports"
    echo "# promises, and $nfn function-heavy vars promises."
    echo 'body common control'
    echo '{'
    echo '  bundlesequence => { "main" };'
    echo '}'
    echo
    echo 'bundle common settings'
    echo '{'
    echo '  vars:'
    printf '      "items" slist => {'
    for ((i = 1; i <= nlist; i++)); do
        sep=,
        if [ "$i" -eq "$nlist" ]; then sep=; fi
        printf ' "item-%d.x"%s' "$i" "$sep"
    done
    echo ' };'
    echo '      "prefix" string => "bench";'
    echo '  classes:'
    echo '      "bench_on" expression => "any";'
    echo '}'
    echo
    echo 'bundle agent main'
    echo '{'
    echo '  vars:'
    # One in five is a three-element list, so its report iterates.
    for ((i = 1; i <= nvars; i++)); do
        case $((i % 5)) in
            0) printf '      "v%d" string => "$(settings.prefix)_%d";\n' "$i" "$i" ;;
            1) printf '      "v%d" string => "value %d";\n' "$i" "$i" ;;
            2) printf '      "v%d" int => "%d";\n' "$i" "$((i * 7))" ;;
            3) printf '      "v%d" string => "$(v%d)+%d";\n' "$i" "$((i - 1))" "$i" ;;
            4) printf '      "v%d" slist => { "a%d", "b%d", "$(v%d)" };\n' "$i" "$i" "$i" "$((i - 1))" ;;
        esac
    done
    # The function-heavy promises.
    for ((i = 1; i <= nfn; i++)); do
        printf '      "f%d" string => canonify(concat("$(settings.prefix)", join(",", "settings.items"), ifelse(strcmp(length("settings.items"), "%d"), "eq", "bench_on", "on%d", "off")));\n' \
            "$i" "$nlist" "$i"
    done
    echo
    echo '  classes:'
    for ((i = 1; i <= nclasses; i++)); do
        case $((i % 4)) in
            0) printf '      "c%d" expression => "bench_on.!never_%d";\n' "$i" "$i" ;;
            1) printf '      "c%d" and => { "bench_on", strcmp("$(v1)", "value 1") };\n' "$i" ;;
            2) printf '      "c%d" or => { "never_%d", "c%d" };\n' "$i" "$i" "$((i - 1))" ;;
            3) printf '      "c%d" expression => "(c%d|c%d).any";\n' "$i" "$((i - 1))" "$((i - 2))" ;;
        esac
    done
    echo
    echo '  reports:'
    for ((i = 1; i <= nreports; i++)); do
        printf '    c%d::\n      "report %d: $(v%d)";\n' "$i" "$i" "$(((i - 1) % nvars + 1))"
    done
    echo '    any::'
    echo '      "f1=$(f1)";'
    echo '}'
} >"$policy"
npromises=$((nvars + nclasses + nreports + nfn + 1 + 3))
if [ -n "$keep" ]; then
    mkdir -p "$keep"
    cp "$policy" "$keep/agent-bench.cf"
fi

# ---- measuring -----------------------------------------------------------------

timer=$(timer_name)
echo "agent.sh: $npromises promises in the generated policy; timing with $timer ($runs runs each)" >&2

load=$(cut -d ' ' -f 1-3 /proc/loadavg)
mc_rc="" cf_rc="" same="" mc_ms="" mc_min="" mc_cpu="" cf_ms="" cf_min="" cf_cpu="" mc_kb="" cf_kb="" mc_lines="" cf_lines=""
measure "" "$policy" >"$tmp/case1.vars"
# shellcheck disable=SC1091
. "$tmp/case1.vars"
[ "$same" = yes ] || echo "agent.sh: warning: the two programs printed different R: lines" >&2

# Case 2, in a PID namespace of its own when one can be made.
echo "agent.sh: case 2: $nsleep sleep copies, 20 processes promises" >&2
mkdir -p "$tmp/procs"
inner_args=(--procs-inner "$tmp/procs")
if [ "$quick" = yes ]; then inner_args+=(--quick); fi
if [ -n "$keep" ]; then inner_args+=(--keep "$keep"); fi
if unshare --pid --fork --mount-proc --kill-child true 2>/dev/null; then
    pidns=yes
    MINICF_AGENT=$minicf CF_AGENT=$cfa CF_PROMISES=$cfp MINICF_PROCTABLE_BENCH=$procbench MINICF_PAIRTIME=$pairtime \
        unshare --pid --fork --mount-proc --kill-child bash "$here/agent.sh" "${inner_args[@]}" ||
        die "case 2 failed"
else
    pidns=no
    echo "agent.sh: warning: no PID namespace here; case 2 runs on the host's process table" >&2
    (procs_case "$tmp/procs") || die "case 2 failed"
fi
p_table="" p_mc_rc="" p_cf_rc="" p_same="" p_mc_ms="" p_mc_min="" p_mc_cpu="" p_cf_ms="" p_cf_min="" p_cf_cpu="" p_mc_kb="" p_cf_kb="" p_mc_lines="" p_cf_lines="" p_scan="" p_scan_full="" p_scan_one="" p_scan_bare=""
q_mc_rc="" q_cf_rc="" q_same="" q_mc_ms="" q_mc_min="" q_mc_cpu="" q_cf_ms="" q_cf_min="" q_cf_cpu="" q_mc_kb="" q_cf_kb="" q_mc_lines="" q_cf_lines=""
# shellcheck disable=SC1091
. "$tmp/procs/procs.vars"
[ "$p_same" = yes ] || echo "agent.sh: warning: case 2: the two programs printed different R: lines" >&2
[ "$q_same" = yes ] || echo "agent.sh: warning: case 3: the two programs printed different R: lines" >&2

# ---- the report ----------------------------------------------------------------

cpu=$(grep -m 1 '^model name' /proc/cpuinfo | sed 's/^[^:]*: *//' || true)
[ -n "$cpu" ] || cpu=$(uname -m)
commit=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$top" status --porcelain --untracked-files=no 2>/dev/null || true)" ]; then
    commit="$commit (with uncommitted changes)"
fi
cfver=$("$cfa" -V 2>/dev/null | head -n 1 || echo unknown)
mcver=$("$minicf" -V 2>/dev/null | head -n 1 || true)
[ -n "$mcver" ] || mcver=$(basename "$minicf")
mc_label="minicf-agent"
if [ "$minicf" = "$cfa" ]; then
    mc_label="minicf-agent (stand-in: cf-agent itself)"
fi
r=$(ratio "$cf_ms" "$mc_ms")
p_r=$(ratio "$p_cf_ms" "$p_mc_ms")
q_r=$(ratio "$q_cf_ms" "$q_mc_ms")
read -r _ scan_n _ scan_count _ scan_med _ scan_min <<<"${p_scan:-- - - - - - - -}"
read -r _ _ _ _ _ full_med _ full_min <<<"${p_scan_full:-- - - - - - - -}"
read -r _ _ _ _ _ one_med _ one_min <<<"${p_scan_one:-- - - - - - - -}"
read -r _ _ _ _ _ bare_med _ bare_min <<<"${p_scan_bare:-- - - - - - - -}"
ms() { awk -v u="$1" 'BEGIN { if (u == "-" || u == "") print "n/a"; else printf "%.2f", u / 1000 }'; }
if [ "$pidns" = yes ]; then
    where="in a private PID namespace (\`unshare --pid --fork --mount-proc\`), so the table holds"
    where="$where exactly the script's shell, the $nsleep copies, the timer and the agent: $((nsleep + 3)) processes"
else
    where="on the host's process table (no PID namespace could be made): about $p_table processes"
fi
# the targets of issue 4
verdict() { # NAME VALUE OP LIMIT UNIT
    if awk -v v="$2" -v l="$4" -v op="$3" 'BEGIN { exit !(v != "" && v != "n/a" && (op == ">=" ? v + 0 >= l : v + 0 < l)) }'; then
        echo "$1 target met ($2$5, target $3 $4$5)"
    else
        echo "$1 target not met (${2:-n/a}$5, target $3 $4$5)"
    fi
}
p_mb=$(mb "$p_mc_kb")
q_mb=$(mb "$q_mc_kb")
targets="case 2: $(verdict speed "$p_r" ">=" 30 x), $(verdict memory "$p_mb" "<" 5 " MB"); case 3: $(verdict speed "$q_r" ">=" 30 x), $(verdict memory "$q_mb" "<" 5 " MB"); $(verdict scan "$(ms "$scan_med")" "<" 2 " ms")"
if [ -n "$p_scan" ]; then
    scanline="One scan of the table, timed by \`bench/proctable-bench -a\` in the same namespace over
$scan_count scans of each kind, taken in turn, of $scan_n processes (median, fastest):

| scan | median | fastest |
| --- | ---: | ---: |
| as the agent reads it: cmdline, stat where it is empty, the rest when a criterion needs it, one thread per 128 processes up to one per CPU (\`-l\`) | **$(ms "$scan_med") ms** | $(ms "$scan_min") ms |
| the same with one thread (\`-l -t 1\`) | $(ms "$one_med") ms | $(ms "$one_min") ms |
| stat, owner, statm and cmdline of every process, threads as the first (no flag) | $(ms "$full_med") ms | $(ms "$full_min") ms |
| the system calls alone of the second: open, read, close cmdline (and stat where it is empty), nothing parsed, one thread (\`-b\`) | $(ms "$bare_med") ms | $(ms "$bare_min") ms |

/proc has no call that reads many processes at once: one thread pays at
least the last row, three system calls per process, whatever it does with
the text; the threads divide that among the CPUs."
else
    scanline="One scan of the table: not measured (\`$procbench\` is not built)."
fi

section=$(cat <<EOF
<!-- bench/agent.sh: begin (this section is rewritten by bench/agent.sh) -->
## One agent run (\`bench/agent.sh\`)

Produced by \`$cmdline\` on $(date -u '+%Y-%m-%d %H:%M UTC'): minicf $commit
($mcver as \`MINICF_AGENT\`) against $cfver.
Machine: $(nproc) CPUs, $cpu; load average $load when the timing began
(other work on the machine makes the times vary; the fastest run is shown too);
timing: $timer.

Each program runs each policy once per measurement, locks ignored, with its
own private work dir (median of $runs runs, after $warmup warm-up). CPU is
the user + system time of a run, its children's included (the median with
bench/pairtime, the mean with the other timers); on a busy
process table minicf-agent reads /proc with up to one thread per CPU, so
its CPU time can exceed its wall time.
cf-agent runs \`cf-promises -c\` on the policy before every run (with \`-f\`
naming a file outside its inputs dir it never remembers the validation), so
its times include that child, as they do in real use; its peak RSS is the
largest of cf-agent and the children it waits for.

**Case 1, vars, classes and reports.** The policy is generated by the script: $nvars vars, $nclasses classes and
$nreports reports promises (each report guarded by a class and printing a
variable; one var in five is a three-element list, so its report iterates),
$nfn vars promises nesting canonify, concat, join, length, ifelse and strcmp
over a $nlist-element list, one more report and a common bundle of three
promises: $npromises promises in all.

| program | command | exit | R: lines | median wall | fastest | CPU | peak RSS |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
| $mc_label | \`minicf-agent -K -w \$TMPDIR/work-mc -f policy.cf\` | $mc_rc | $mc_lines | $mc_ms ms | $mc_min ms | $mc_cpu ms | $(mb "$mc_kb") MB |
| cf-agent | \`cf-agent -K -w \$TMPDIR/work-cf -f policy.cf\` | $cf_rc | $cf_lines | $cf_ms ms | $cf_min ms | $cf_cpu ms | $(mb "$cf_kb") MB |

cf-agent / minicf-agent, medians: **${r}x** (fastest runs: $(ratio "$cf_min" "$mc_min")x; CPU time: $(ratio "$cf_cpu" "$mc_cpu")x).
Same R: lines from both: $same.

**Case 2, processes promises on 500 processes.** The script runs $where.
$nsleep of them are \`sleep\` copies named \`bench-worker-G-I 100000\` (ten
groups). The generated policy has 20 processes promises: five plain regex
matches with \`restart_class\`, seven \`process_count\` with \`match_range\`
and in/out-of-range classes, five \`process_select\` on \`process_owner\`,
\`command\` and \`rsize\` (with \`process_result\` and a count), three with
\`restart_class\` next to a count or a selection; and 60 reports, one per
class the promises may define. No signals are sent.

| program | command | exit | R: lines | median wall | fastest | CPU | peak RSS |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
| $mc_label | \`minicf-agent -K -w \$TMPDIR/work-pmc -f procs.cf\` | $p_mc_rc | $p_mc_lines | $p_mc_ms ms | $p_mc_min ms | $p_mc_cpu ms | $(mb "$p_mc_kb") MB |
| cf-agent | \`cf-agent -K -w \$TMPDIR/work-pcf -f procs.cf\` | $p_cf_rc | $p_cf_lines | $p_cf_ms ms | $p_cf_min ms | $p_cf_cpu ms | $(mb "$p_cf_kb") MB |

cf-agent / minicf-agent, medians: **${p_r}x** (fastest runs: $(ratio "$p_cf_min" "$p_mc_min")x; CPU time: $(ratio "$p_cf_cpu" "$p_mc_cpu")x).
Same R: lines from both: $p_same. cf-agent also runs \`ps\` (and \`ifconfig\`) every run.

**Case 3, the container's kind of policy, on the same 500 processes.** 20
processes promises with only a promiser regex and a \`restart_class\`, as
minicf's entry point writes them: ten find their group of copies, ten find
their daemon missing; a report per restart class. No process_select, so
the agent reads each process's command line and nothing else.

| program | command | exit | R: lines | median wall | fastest | CPU | peak RSS |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
| $mc_label | \`minicf-agent -K -w \$TMPDIR/work-qmc -f plain.cf\` | $q_mc_rc | $q_mc_lines | $q_mc_ms ms | $q_mc_min ms | $q_mc_cpu ms | $(mb "$q_mc_kb") MB |
| cf-agent | \`cf-agent -K -w \$TMPDIR/work-qcf -f plain.cf\` | $q_cf_rc | $q_cf_lines | $q_cf_ms ms | $q_cf_min ms | $q_cf_cpu ms | $(mb "$q_cf_kb") MB |

cf-agent / minicf-agent, medians: **${q_r}x** (fastest runs: $(ratio "$q_cf_min" "$q_mc_min")x; CPU time: $(ratio "$q_cf_cpu" "$q_mc_cpu")x).
Same R: lines from both: $q_same.

$scanline

Targets (issue 4): $targets.
<!-- bench/agent.sh: end -->
EOF
)

printf '%s\n' "$section"

if [ "$write" = yes ]; then
    write_section "agent.sh" "$output" "$section"
    echo "agent.sh: wrote $output" >&2
fi
