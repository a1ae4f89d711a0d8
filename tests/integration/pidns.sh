#!/bin/sh
# pidns.sh - minicf-agent in a PID namespace, as in a container: started as
# PID 1 by `unshare --pid --fork --mount-proc`, it reads the namespace's own
# /proc, sees only the namespace's processes, and never matches itself.
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

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
