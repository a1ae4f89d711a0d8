#!/bin/sh
# pidns.sh - minicf-agent in a PID namespace, as in a container: started as
# PID 1 by `unshare --pid --fork --mount-proc`, it reads the namespace's own
# /proc, sees only the namespace's processes, and never matches itself;
# and, in a second namespace, a policy keeps a real sleep running across
# runs of the agent (and -n says whether it runs).
#
# Needs root (or unprivileged user namespaces) for unshare. In CI (CI set)
# a failure to create the namespace is a failure; elsewhere the test is
# skipped (exit 77) and says why.
#
# Environment: MINICF_AGENT (exported by `make check`).
set -u

MINICF_AGENT=${MINICF_AGENT:-minicf-agent}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pidns.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
fail() { failed=$((failed + 1)); echo "FAIL $1: $2"; }
pass() { passed=$((passed + 1)); }

if ! unshare --pid --fork --mount-proc true 2>"$tmp/err"; then
    if [ -n "${CI:-}" ]; then
        echo "FAIL unshare: cannot create a PID namespace: $(cat "$tmp/err")"
        echo "0 passed, 1 failed"
        exit 1
    fi
    echo "SKIP: cannot create a PID namespace here ($(cat "$tmp/err")); CI runs this as root"
    exit 77
fi

cat >"$tmp/ns.cf" <<'POLICY'
bundle agent main
{
  vars:
    "all" data => findprocesses(".*");
    "n" int => length("all");
  processes:
    "^sleep 100$" process_count => count("sleep", "1", "1");
    "minicf-agent" process_count => count("self", "0", "0");
  reports:
    "seen $(n)";
    sleep_in::
      "sleep found";
    self_in::
      "agent not matched";
}
body process_count count(name, lo, hi)
{
  match_range => irange("$(lo)", "$(hi)");
  in_range_define => { "$(name)_in" };
  out_of_range_define => { "$(name)_out" };
}
POLICY

# The agent starts once the sleep has exec'd: before, the child is a copy
# of sh, and a fast scan would see that instead.
timeout 30 unshare --pid --fork --mount-proc \
    sh -c "sleep 100 & until [ \"\$(cat /proc/\$!/comm 2>/dev/null)\" = sleep ]; do :; done
           exec \"$MINICF_AGENT\" -K -w \"$tmp/work\" -f \"$tmp/ns.cf\"" \
    >"$tmp/out" 2>"$tmp/err"
status=$?
[ "$status" = 0 ] && pass || fail "exit" "status $status: $(cat "$tmp/err")"
for line in "R: seen 1" "R: sleep found" "R: agent not matched"; do
    if grep -qxF "$line" "$tmp/out"; then pass; else fail "report" "no '$line' in: $(cat "$tmp/out" "$tmp/err")"; fi
done

# A policy that keeps a sleep running, as the issue asks: started when
# missing, left alone when present, started again when killed; -n exits 0
# when it runs and 1 (starting nothing) when it is missing. The sleep's
# argument is unique to this run, so no other sleep is taken for it; the
# whole sequence runs as pid 1 of one private namespace, whose end kills
# whatever is left.
arg=4711.$$
cat >"$tmp/keep.cf" <<POLICY
bundle agent main
{
  processes:
    "^/bin/sleep $arg\$" restart_class => "start_sleep";
  commands:
    start_sleep::
      "/bin/sleep $arg" action => bg;
}
body action bg { background => "true"; }
POLICY
cat >"$tmp/keep.sh" <<'SCRIPT'
# pid 1 of the namespace: prints PASS or FAIL lines.
# pids: the running (not zombie) processes whose command line is exactly
# "/bin/sleep $ARG".
pids() {
    for d in /proc/[0-9]*; do
        [ "$({ tr '\0' ' ' <"$d/cmdline"; } 2>/dev/null)" = "/bin/sleep $ARG " ] || continue
        state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "$d/status" 2>/dev/null)
        [ "$state" = Z ] || printf '%s ' "${d#/proc/}"
    done
}
# settle: waits (5 s at most) until pids lists exactly one process.
settle() {
    n=0
    while [ "$n" -lt 100 ]; do
        set -- $(pids)
        [ "$#" = 1 ] && return 0
        sleep 0.05
        n=$((n + 1))
    done
    return 1
}
agent() {
    "$AGENT" "$@" -w "$WORK" -f "$POLICY" >>"$LOG" 2>&1
}
check() { # name condition-status message
    if [ "$2" = 0 ]; then echo "PASS $1"; else echo "FAIL $1: $3"; fi
}

[ -z "$(pids)" ]; check "none at first" $? "found: $(pids)"
agent -K; st=$?
check "first run exits 0" $st "status $st"
settle; check "first run starts one sleep" $? "found: $(pids)"
first=$(pids)
agent -K; st=$?
check "second run exits 0" $st "status $st"
second=$(pids)
[ "$second" = "$first" ]; check "second run leaves it alone" $? "before: $first after: $second"
agent -n; st=$?
check "-n exits 0 when it runs" $st "status $st"
kill -9 $first
wait 2>/dev/null
n=0
while [ -n "$(pids)" ] && [ "$n" -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
[ -z "$(pids)" ]; check "killed" $? "still there: $(pids)"
agent -n; st=$?
check "-n exits 1 when it is missing" $([ "$st" = 1 ]; echo $?) "status $st"
[ -z "$(pids)" ]; check "-n starts nothing" $? "found: $(pids)"
agent -K; st=$?
check "third run exits 0" $st "status $st"
settle; check "third run starts one sleep" $? "found: $(pids)"
third=$(pids)
[ "$third" != "$first" ]; check "third run's sleep is a new one" $? "pid $first again"
SCRIPT
AGENT=$MINICF_AGENT WORK=$tmp/keepwork POLICY=$tmp/keep.cf LOG=$tmp/keep.log ARG=$arg \
    timeout 60 unshare --pid --fork --mount-proc sh "$tmp/keep.sh" >"$tmp/keep.out" 2>&1
status=$?
[ "$status" = 0 ] && pass || fail "keep: exit" "status $status: $(cat "$tmp/keep.out")"
while IFS= read -r line; do
    case $line in
        "PASS "*) pass ;;
        "FAIL "*) fail "keep: ${line#FAIL }" "agent output: $(cat "$tmp/keep.log")" ;;
        *) fail "keep" "unexpected output: $line" ;;
    esac
done <"$tmp/keep.out"
n=$(grep -c '^PASS ' "$tmp/keep.out")
[ "$n" = 12 ] || fail "keep" "$n of 12 checks passed: $(cat "$tmp/keep.out")"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
