#!/bin/sh
# cli_agent.sh - the command line of minicf-agent: flags, exit statuses,
# -b, -D, -N, -n, -K and locks, --json (valid JSON, checked with jq), the
# work directory, and the shipped default policy.
#
# Each case runs $MINICF_AGENT under `timeout` with a private work
# directory and checks its exit status (never a crash or a timeout) and
# what it printed.
#
# Environment (exported by `make check`):
#   MINICF_AGENT   the binary to test (default: minicf-agent in PATH)
#   MINICF_SRCDIR  the source tree, for policies/promises.cf
#   CLI_TIMEOUT    seconds allowed per case (default 20)
#
# Prints one line per failure or skip and last "N passed, N failed".
# Exit status: 0 all passed, 1 any failed.

set -u

MINICF_AGENT=${MINICF_AGENT:-minicf-agent}
TIMEOUT_SECS=${CLI_TIMEOUT:-20}
SRCDIR=${MINICF_SRCDIR:-.}

if ! command -v "$MINICF_AGENT" >/dev/null 2>&1; then
    echo "cli_agent.sh: MINICF_AGENT ($MINICF_AGENT) not found" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
case $MINICF_AGENT in
    /*) ;;
    */*) MINICF_AGENT=$(cd "$(dirname "$MINICF_AGENT")" && pwd)/$(basename "$MINICF_AGENT") ;;
esac
case $SRCDIR in
    /*) ;;
    *) SRCDIR=$(cd "$SRCDIR" && pwd) ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cli_agent.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' HUP INT TERM
cd "$tmp" || exit 1
unset MINICF_POLICY MINICF_NOW
MINICF_WORKDIR=$tmp/work
export MINICF_WORKDIR

passed=0
failed=0
skipped=0

# run ARGS...: sets $status; standard output in $tmp/out, error in $tmp/err.
run() {
    timeout "$TIMEOUT_SECS" "$MINICF_AGENT" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    status=$?
}

fail() {
    failed=$((failed + 1))
    echo "FAIL $1: $2"
}

# expect NAME STATUS: the last run exited with STATUS (never a crash or a
# timeout).
expect() {
    if [ "$status" -eq 124 ]; then
        fail "$1" "timed out after ${TIMEOUT_SECS}s"
    elif [ "$status" -ge 128 ]; then
        fail "$1" "killed by signal $((status - 128))"
    elif [ "$status" -ne "$2" ]; then
        fail "$1" "exit status $status, expected $2; stderr: $(head -n 3 "$tmp/err")"
    else
        passed=$((passed + 1))
    fi
}

# out_is NAME TEXT: standard output is exactly TEXT (printf %b).
out_is() {
    printf '%b' "$2" >"$tmp/want"
    if cmp -s "$tmp/want" "$tmp/out"; then
        passed=$((passed + 1))
    else
        fail "$1" "standard output is '$(cat "$tmp/out")', expected '$(cat "$tmp/want")'"
    fi
}

# err_has NAME PATTERN: standard error matches the grep -E pattern.
err_has() {
    if grep -Eq -- "$2" "$tmp/err"; then
        passed=$((passed + 1))
    else
        fail "$1" "standard error does not match /$2/: $(head -n 3 "$tmp/err")"
    fi
}

cat >good.cf <<'POLICY'
body common control { bundlesequence => { "main" }; }
bundle agent main
{
  vars:
    "who" string => "world";
  reports:
    "hello $(who)" handle => "hello";
    from_cli::
      "from_cli is defined";
}
bundle agent other
{
  reports:
    "other bundle";
}
POLICY

cat >failing.cf <<'POLICY'
bundle agent main
{
  vars:
    "l" slist => { "ok", "not ok" };
    "name_$(l)" string => "an illegal name fails";
  reports:
    "still runs";
}
POLICY

cat >missing_bundle.cf <<'POLICY'
bundle agent main
{
  vars:
    "b" string => "no_such_bundle";
  methods:
    "m" usebundle => "$(b)";
  reports:
    "never printed: a missing bundle stops the run, as in cf-agent";
}
POLICY

cat >abort.cf <<'POLICY'
body agent control { abortclasses => { "stop_.*" }; }
bundle agent main
{
  classes:
    "stop_now" expression => "any";
  reports:
    "never printed";
}
POLICY

printf 'bundle agent main\n{\n  reports:\n    "x"\n}\n' >bad.cf

# ---- options ------------------------------------------------------------------

run --help
expect "--help" 0
grep -q '^Usage: minicf-agent' "$tmp/out" || fail "--help" "no usage on standard output"
run --version
expect "--version" 0
grep -q '^minicf-agent [0-9]' "$tmp/out" || fail "--version" "no version on standard output"
run --no-such-option
expect "unknown option" 2
run -f good.cf stray
expect "stray argument" 2
err_has "stray argument" "unexpected argument 'stray'"
run -f
expect "-f without its argument" 2

# ---- runs -----------------------------------------------------------------------

run -K -f good.cf
expect "a valid policy" 0
out_is "a valid policy" 'R: hello world\n'

run -Kf good.cf
expect "combined short flags -Kf" 0
out_is "combined short flags -Kf" 'R: hello world\n'

run -K -f good.cf -D from_cli,other_class
expect "-D" 0
out_is "-D" 'R: hello world\nR: from_cli is defined\n'

run -K -f good.cf -D from_cli -N from_cli
expect "-N" 0
out_is "-N" 'R: hello world\n'

printf 'bundle agent main\n{\n  classes:\n    "soft" expression => "any";\n  reports:\n    soft::\n      "soft";\n    linux::\n      "linux";\n}\n' >negate.cf
run -K -f negate.cf -N soft,linux
expect "-N keeps classes from being defined" 0
out_is "-N keeps classes from being defined" ''

run -K -f good.cf -b other
expect "-b" 0
out_is "-b" 'R: other bundle\n'

printf 'bundle agent main\n{\n  classes:\n    "soft" expression => "any";\n  reports:\n    soft::\n      "soft";\n    linux::\n      "linux";\n}\n' >negate.cf
run -K -f negate.cf -N soft,linux
expect "-N keeps classes from being defined" 0
out_is "-N keeps classes from being defined" ''

run -K -f good.cf -b other,main
expect "-b with two bundles" 0
out_is "-b with two bundles" 'R: other bundle\nR: hello world\n'

run -K -f good.cf -b no_such_bundle
expect "-b with a missing bundle" 1

run -K -f bad.cf
expect "an invalid policy" 1
err_has "an invalid policy" "bad.cf:[0-9]+:[0-9]+: error:"
err_has "an invalid policy" "the policy is not valid"

run -K -f missing.cf
expect "a missing policy" 1

run -K -f failing.cf
expect "a failed promise" 1
grep -q '^R: still runs$' "$tmp/out" || fail "a failed promise" "the run did not go on"

run -K -f missing_bundle.cf
expect "a method's missing bundle" 1
out_is "a method's missing bundle" ''
err_has "a method's missing bundle" "missing_bundle.cf:6:[0-9]+: error: A method attempted to use a bundle 'no_such_bundle'"

run -K -f abort.cf
expect "abortclasses" 6
out_is "abortclasses" ''

run -K -n -f good.cf
expect "-n" 0
out_is "-n" ' warning: Need to repair reports promise: hello world\n'

# -n does not heed the locks a real run took (as cf-agent 3.21): a health
# check right after a run still says what it would do
cat >lockdry.cf <<'POLICY'
bundle agent main {
  commands:
    "/bin/echo locked-or-not";
}
POLICY
rm -rf "$tmp/lockwork"
run -w "$tmp/lockwork" -f lockdry.cf
expect "a real run before -n" 0
run -n -w "$tmp/lockwork" -f lockdry.cf
expect "-n after a real run, within ifelapsed" 1
out_is "-n after a real run says what it would run" " warning: Would execute script '/bin/echo locked-or-not'\\n"
run -w "$tmp/lockwork" -f lockdry.cf
expect "a real run after -n" 0
out_is "the real run is still locked (-n took no lock)" ""

run -K -v -f good.cf
expect "-v" 0
err_has "-v" "good.cf:7: reports promise 'hello world': kept \\(pass 1\\)"

# ---- --json ---------------------------------------------------------------------

run -K --json -f good.cf
expect "--json" 0
if command -v jq >/dev/null 2>&1; then
    if jq -e '.kept == 2 and .failed == 0 and (.promises | map(select(.handle == "hello")) | .[0].outcome == "kept" and .[0].line == 7)' \
        "$tmp/out" >/dev/null 2>&1; then
        passed=$((passed + 1))
    else
        fail "--json" "not the expected JSON: $(cat "$tmp/out")"
    fi
    err_has "--json sends reports to standard error" "^R: hello world$"
    run -K --json -f failing.cf
    expect "--json of a failed run" 1
    jq -e '.failed == 1' "$tmp/out" >/dev/null 2>&1 && passed=$((passed + 1)) ||
        fail "--json of a failed run" "not the expected JSON: $(cat "$tmp/out")"
    # a background command's output goes to standard error too, even when
    # it writes after the agent has printed the summary
    cat >bg.cf <<POLICY
bundle agent main {
  commands:
    "/bin/sh -c 'sleep 0.2; echo bg-out; echo bg-err >&2; touch $tmp/bg-done'" action => bg;
}
body action bg { background => "true"; }
POLICY
    run -K --json -f bg.cf
    expect "--json with a background command" 0
    i=0
    while [ ! -e "$tmp/bg-done" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    sleep 0.1
    if jq -e '.repaired == 1' "$tmp/out" >/dev/null 2>&1 && ! grep -Eqx 'bg-(out|err)' "$tmp/out"; then
        passed=$((passed + 1))
    else
        fail "--json with a background command" "standard output is not the summary alone: $(cat "$tmp/out")"
    fi
    err_has "--json: a background command's output on standard error" "^bg-out$"
    err_has "--json: a background command's errors on standard error" "^bg-err$"
else
    skipped=$((skipped + 1))
    echo "SKIP --json: jq is not installed"
fi

# ---- work directory and locks ---------------------------------------------------

rm -rf "$tmp/work"
run -f good.cf
expect "MINICF_WORKDIR" 0
if [ -d "$tmp/work/inputs" ] && [ -d "$tmp/work/state" ] && [ -d "$tmp/work/outputs" ] &&
    [ "$(stat -c %a "$tmp/work")" = 700 ]; then
    passed=$((passed + 1))
else
    fail "MINICF_WORKDIR" "work directory not created 0700 with inputs/ state/ outputs/"
fi
run -f good.cf
expect "locks" 0
out_is "locks: a report kept a moment ago is not kept again" ''
run -K -f good.cf
out_is "-K ignores locks" 'R: hello world\n'

run -K -w "$tmp/other work" -f good.cf
expect "-w" 0
[ -d "$tmp/other work/state" ] && passed=$((passed + 1)) || fail "-w" "work directory not created"

# ---- the clock and the default policy --------------------------------------------

printf 'bundle agent main\n{\n  reports:\n    GMT_Hr14.GMT_Min05_10.GMT_Tuesday.GMT_Yr2026::\n      "fixed clock";\n}\n' >clock.cf
MINICF_NOW=1795529220
export MINICF_NOW
run -K -f clock.cf
unset MINICF_NOW
expect "MINICF_NOW" 0
out_is "MINICF_NOW" 'R: fixed clock\n'

run -K -f "$SRCDIR/policies/promises.cf"
expect "the shipped default policy" 0
MINICF_POLICY=$SRCDIR/policies/promises.cf
export MINICF_POLICY
run -K
unset MINICF_POLICY
expect "MINICF_POLICY" 0

# ---- -n as a health check --------------------------------------------------------

# Exit 0 only when every promise is already kept: a command that would run
# makes it 1 (docker HEALTHCHECK's "unhealthy"), and nothing is run.
printf 'bundle agent main\n{\n  commands:\n    "/bin/sh -c \\"touch %s/ran\\""\n      contain => shell;\n}\nbody contain shell\n{\n  useshell => "true";\n}\n' "$tmp" >notkept.cf
run -n -f notkept.cf
expect "-n: a promise that would be repaired" 1
if [ -e "$tmp/ran" ]; then
    fail "-n changes nothing" "the command ran"
else
    passed=$((passed + 1))
fi
printf 'bundle agent main\n{\n  vars:\n    "x" string => "y";\n  classes:\n    "c" expression => "any";\n}\n' >allkept.cf
run -n -f allkept.cf
expect "-n: every promise kept" 0
run -n -f "$SRCDIR/policies/promises.cf"
expect "-n on the shipped default policy" 0

# ---- signals ----------------------------------------------------------------------

# SIGTERM during a command: the command's group is ended, the agent exits
# 128+15, and the unfinished promise takes no lock (the next run retries it).
marker="0.$$7"
printf 'bundle agent main\n{\n  commands:\n    "/bin/sleep %s";\n}\n' "30$marker" >long.cf
"$MINICF_AGENT" -w "$tmp/sigwork" -f long.cf >"$tmp/out" 2>"$tmp/err" </dev/null &
agent_pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
    pgrep -f "sleep 30$marker" >/dev/null 2>&1 && break
    sleep 0.2
done
kill -TERM "$agent_pid"
wait "$agent_pid"
status=$?
# 143 either way; the message shows the agent stopped itself, not died
if [ "$status" -eq 143 ]; then passed=$((passed + 1)); else fail "SIGTERM ends the run" "exit status $status"; fi
err_has "SIGTERM is said" "stopped by signal 15"
sleep 0.5
if pgrep -f "sleep 30$marker" >/dev/null 2>&1; then
    fail "SIGTERM ends the command" "the command is still running"
    pkill -f "sleep 30$marker"
else
    passed=$((passed + 1))
fi
if [ -s "$tmp/sigwork/state/locks" ]; then
    fail "an interrupted command takes no lock" "$(cat "$tmp/sigwork/state/locks")"
else
    passed=$((passed + 1))
fi

echo "$passed passed, $failed failed${skipped:+, $skipped skipped}"
[ "$failed" -eq 0 ]
