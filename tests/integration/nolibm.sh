#!/bin/sh
# nolibm.sh - eval() on a machine whose math library cannot be loaded:
# minicf-agent is not linked with libm and opens it with dlopen() when an
# expression needs it. With libm.so.6 unreadable (in a private mount
# namespace, /dev/null bound over it) the agent must not crash: each eval()
# that needs it fails with dlopen()'s own reason, every time it is called,
# and arithmetic that needs no library still works.
#
# Needs root (or unprivileged user namespaces) for unshare -m. In CI (CI
# set) a failure to create the namespace is a failure; elsewhere the test
# is skipped (exit 77) and says why. A build that links libm anyway (the
# sanitizer runtimes need it) cannot start without it: there the test
# checks that eval() finds the functions already in the process.
#
# Environment: MINICF_AGENT (exported by `make check`).
set -u

MINICF_AGENT=${MINICF_AGENT:-minicf-agent}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nolibm.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
fail() { failed=$((failed + 1)); echo "FAIL $1"; sed 's/^/    /' "$tmp/out"; }
pass() { passed=$((passed + 1)); }

# the libm beside the libc the agent runs with
libc=$(ldd "$MINICF_AGENT" 2>/dev/null | awk '$1 == "libc.so.6" { print $3; exit }')
libm=${libc%/*}/libm.so.6
if [ -z "$libc" ] || [ ! -e "$libm" ]; then
    echo "FAIL cannot find the libm.so.6 beside the agent's libc ($libc)"
    echo "0 passed, 1 failed"
    exit 1
fi
cat >"$tmp/math.cf" <<'POLICY'
bundle agent main
{
  vars:
    "a" string => eval("sqrt(16)", "math", "infix");
    "b" string => eval("2^3", "math", "infix");
    "c" string => eval("2*3", "math", "infix");
  reports:
    "a=$(a) b=$(b) c=$(c)";
}
POLICY
if ldd "$MINICF_AGENT" 2>/dev/null | grep -q 'libm\.so'; then
    # a sanitizer build: its runtime links libm, so the agent cannot start
    # without it; what can be checked is that the functions already in the
    # process are found
    "$MINICF_AGENT" -K -w "$tmp/work" -f "$tmp/math.cf" >"$tmp/out" 2>&1
    if grep -q '^R: a=4.000000 b=8.000000 c=6.000000$' "$tmp/out"; then pass; else fail "eval() with libm in the process"; fi
    echo "$passed passed, $failed failed (linked with libm: libm cannot be taken away)"
    [ "$failed" -eq 0 ]
    exit
fi
if ! unshare -m sh -c "mount --bind /dev/null '$libm'" 2>"$tmp/err"; then
    if [ -n "${CI:-}" ]; then
        echo "FAIL unshare -m: cannot bind over $libm in a mount namespace: $(cat "$tmp/err")"
        echo "0 passed, 1 failed"
        exit 1
    fi
    echo "SKIP: cannot create a mount namespace here ($(cat "$tmp/err")); CI runs this as root"
    exit 77
fi

unshare -m sh -c "mount --bind /dev/null '$libm' && exec \"$MINICF_AGENT\" -K -w \"$tmp/work\" -f \"$tmp/math.cf\"" \
    >"$tmp/out" 2>&1
status=$?
if [ $status -eq 0 ]; then pass; else fail "the agent exited with $status without libm"; fi
if grep -q '^R: a=$(a) b=$(b) c=6.000000$' "$tmp/out"; then pass; else fail "eval(\"2*3\") needs no library, but did not give 6"; fi
n=$(grep -c "Function 'eval': the math library (libm.so.6) cannot be loaded: $libm: " "$tmp/out")
if [ "$n" -eq 2 ]; then
    pass
else
    fail "expected both eval() calls that need libm to give dlopen's reason (about $libm), got $n"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
