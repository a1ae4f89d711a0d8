#!/bin/sh
# locks_expire.sh - running locks and expireafter between two concurrent
# minicf-agent runs (without -K), as 3.21's cf-agent behaves:
#   1. while run A keeps a long commands promise, run B skips it (-v says
#      "Couldn't obtain lock for lock.main.commands.... (already running!)")
#      and A goes on;
#   2. once A has held the lock for longer than expireafter (1 minute: the
#      start time A wrote in its lock file is moved back 2 minutes, rather
#      than waiting), run B says "Lock expired after 2/1 minutes: ...",
#      ends A (SIGINT first; minicf-agent then ends its command too), says
#      "Process with PID A successfully killed" and keeps the promise;
#   3. the lock of a run killed with SIGKILL does not block the next run,
#      and lock files nobody holds are removed, so state/running/ does not
#      grow.
# The command's duration is read from a file at run time, so that A and B
# keep the same promise while only A's takes long.
#
# Environment (exported by `make check`):
#   MINICF_AGENT   the binary to test (default: minicf-agent in PATH)
#
# Prints "FAIL what" for each failure and last "N passed, N failed".
# Exit status: 0 all passed, 1 any failed.

set -u

MINICF_AGENT=${MINICF_AGENT:-minicf-agent}
if ! command -v "$MINICF_AGENT" >/dev/null 2>&1; then
    echo "locks_expire.sh: MINICF_AGENT ($MINICF_AGENT) not found" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/locks_expire.XXXXXX") || exit 1
bg=""
cleanup() {
    for pid in $bg; do
        kill -9 "$pid" 2>/dev/null
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' HUP INT TERM

passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    echo "FAIL $1"
    if [ -n "${2:-}" ] && [ -f "$2" ]; then
        sed 's/^/    /' "$2"
    fi
}

work="$tmp/work"
running="$work/state/running"
printf '#!/bin/sh\nexec sleep "$(cat %s/secs)"\n' "$tmp" >"$tmp/job.sh"
cat >"$tmp/policy.cf" <<CF
bundle agent main {
commands:
 "/bin/sh $tmp/job.sh" action => a;
}
body action a { expireafter => "1"; ifelapsed => "0"; }
CF

# wait_for COND_CMD: polls up to 10 s
wait_for() {
    i=0
    while [ $i -lt 100 ]; do
        if eval "$1"; then
            return 0
        fi
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

lock_file() {
    for f in "$running"/*.lock; do
        [ -e "$f" ] && printf '%s\n' "$f" && return 0
    done
    return 1
}

# the pid of a child of $1 (the command minicf-agent runs)
child_of() {
    grep -l "^PPid:[[:space:]]*$1\$" /proc/[0-9]*/status 2>/dev/null | head -n 1 | cut -d/ -f3
}

alive() {
    kill -0 "$1" 2>/dev/null && ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null
}

# ---- 1. a run in progress holds the lock ------------------------------------
echo 60 >"$tmp/secs"
"$MINICF_AGENT" -I -w "$work" -f "$tmp/policy.cf" >"$tmp/A.out" 2>&1 &
a=$!
bg="$bg $a"
if wait_for 'lock_file >/dev/null && [ -n "$(child_of $a)" ]'; then ok; else fail "run A took no lock" "$tmp/A.out"; fi
lock=$(lock_file)
a_cmd=$(child_of "$a")
if head -n 1 "$lock" | grep -q "^$a [0-9][0-9]* "; then ok; else fail "the lock file does not say pid $a and a start time" "$lock"; fi

echo 0 >"$tmp/secs"
"$MINICF_AGENT" -v -w "$work" -f "$tmp/policy.cf" >"$tmp/B.out" 2>&1
status=$?
if [ $status -eq 0 ] && grep -q "Couldn't obtain lock for lock\.main\.commands\._bin_sh_.* (already running!)" "$tmp/B.out" &&
    ! grep -q "Executing" "$tmp/B.out"; then
    ok
else
    fail "run B did not skip the promise as already running (exit status $status)" "$tmp/B.out"
fi
if alive "$a" && alive "$a_cmd"; then ok; else fail "run B ended run A before expireafter"; fi

# ---- 2. expired: B ends A and takes over --------------------------------------
read -r pid start rest <"$lock"
# in place (same file, which A keeps locked), two minutes earlier
printf '%s %s %s\n' "$pid" $((start - 120)) "$rest" >"$lock"
"$MINICF_AGENT" -I -w "$work" -f "$tmp/policy.cf" >"$tmp/B2.out" 2>&1
status=$?
wait "$a"
a_status=$?
if [ $status -eq 0 ] && grep -q "Lock expired after 2/1 minutes: lock\.main\.commands\._bin_sh_" "$tmp/B2.out" &&
    grep -q "Process with PID $a successfully killed" "$tmp/B2.out" &&
    grep -q "Executing 'no timeout' \.\.\. '/bin/sh $tmp/job.sh'" "$tmp/B2.out"; then
    ok
else
    fail "run B did not expire run A's lock and keep the promise (exit status $status)" "$tmp/B2.out"
fi
if [ "$a_status" -eq 130 ] && grep -q "stopped by signal 2" "$tmp/A.out"; then
    ok
else
    fail "run A was not ended by SIGINT (exit status $a_status)" "$tmp/A.out"
fi
if wait_for '! alive "$a_cmd"'; then ok; else fail "run A's command $a_cmd outlived it"; fi
if ! lock_file >/dev/null; then ok; else fail "a released lock file is left in state/running"; fi

# ---- 3. a killed holder does not block, stale files are removed ---------------
echo 60 >"$tmp/secs"
"$MINICF_AGENT" -I -w "$work" -f "$tmp/policy.cf" >"$tmp/A3.out" 2>&1 &
a3=$!
bg="$bg $a3"
if wait_for 'lock_file >/dev/null && [ -n "$(child_of $a3)" ]'; then ok; else fail "run A3 took no lock" "$tmp/A3.out"; fi
a3_cmd=$(child_of "$a3")
kill -9 "$a3"
wait "$a3" 2>/dev/null
kill -9 -- "-$a3_cmd" 2>/dev/null || kill -9 "$a3_cmd" 2>/dev/null
: >"$running/0123456789abcdef.lock" # left by some other killed run
echo 0 >"$tmp/secs"
"$MINICF_AGENT" -v -w "$work" -f "$tmp/policy.cf" >"$tmp/B3.out" 2>&1
status=$?
if [ $status -eq 0 ] && ! grep -q "already running\|Lock expired" "$tmp/B3.out" && grep -q "Executing" "$tmp/B3.out"; then
    ok
else
    fail "the lock of a killed run blocked the next run (exit status $status)" "$tmp/B3.out"
fi
left=$(ls "$running" | wc -l)
if [ "$left" -eq 0 ]; then ok; else fail "state/running keeps $left file(s) nobody holds"; ls -l "$running"; fi

# ---- 4. an expireafter too large to count in seconds never expires ------------
# (minutes * 60 overflowed: LONG_MAX minutes, which the check cannot see
# through a variable, came to -60 seconds, and B ended A at once)
cat >"$tmp/huge.cf" <<CF
bundle agent main {
vars:
 "huge" string => "9223372036854775807";
commands:
 "/bin/sh $tmp/job.sh" action => a("\$(huge)");
}
body action a(e) { expireafter => "\$(e)"; ifelapsed => "0"; }
CF
echo 60 >"$tmp/secs"
"$MINICF_AGENT" -I -w "$work" -f "$tmp/huge.cf" >"$tmp/A4.out" 2>&1 &
a4=$!
bg="$bg $a4"
if wait_for 'lock_file >/dev/null && [ -n "$(child_of $a4)" ]'; then ok; else fail "run A4 took no lock" "$tmp/A4.out"; fi
a4_cmd=$(child_of "$a4")
echo 0 >"$tmp/secs"
"$MINICF_AGENT" -v -w "$work" -f "$tmp/huge.cf" >"$tmp/B4.out" 2>&1
status=$?
if [ $status -eq 0 ] && grep -q "(already running!)" "$tmp/B4.out" && ! grep -q "Lock expired" "$tmp/B4.out"; then
    ok
else
    fail "run B4 did not skip the promise as already running (exit status $status)" "$tmp/B4.out"
fi
if alive "$a4" && alive "$a4_cmd"; then ok; else fail "run B4 ended run A4: a huge expireafter expired at once"; fi
kill -9 "$a4" 2>/dev/null
wait "$a4" 2>/dev/null
kill -9 -- "-$a4_cmd" 2>/dev/null || kill -9 "$a4_cmd" 2>/dev/null

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
