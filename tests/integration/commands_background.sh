#!/bin/sh
# commands_background.sh - a background command outlives minicf-agent:
# "/bin/sleep 30 &" under useshell (and "/bin/sleep 30" with action
# background) must not hold the agent up, and each sleep must still run,
# detached, after the agent has exited; what such a command writes before
# it becomes the sleep must reach the agent's stdout and stderr. The
# sleeps are then killed by pid: the ones that were not there before the
# run.
#
# Environment (exported by `make check`):
#   MINICF_AGENT   the binary to test (default: minicf-agent in PATH)
#
# Prints one line per failure and last "N passed, N failed".
# Exit status: 0 all passed, 1 any failed.

set -u

MINICF_AGENT=${MINICF_AGENT:-minicf-agent}
if ! command -v "$MINICF_AGENT" >/dev/null 2>&1; then
    echo "commands_background.sh: MINICF_AGENT ($MINICF_AGENT) not found" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/commands_bg.XXXXXX") || exit 1
new=""
cleanup() {
    for pid in $new; do
        kill "$pid" 2>/dev/null
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' HUP INT TERM

passed=0
failed=0

fail() {
    failed=$((failed + 1))
    echo "FAIL $1: $2"
}

# The sleeps' duration: 30 seconds and a fraction of this run's own, so
# that another test (or another checkout's make check) that runs a
# "/bin/sleep 30" at the same time is not taken for ours.
duration=30.$$

# sleeps: the pids of running "/bin/sleep $duration" processes (zombies left out).
sleeps() {
    for d in /proc/[0-9]*; do
        [ "$({ tr '\0' ' ' <"$d/cmdline"; } 2>/dev/null)" = "/bin/sleep $duration " ] || continue
        state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "$d/status" 2>/dev/null)
        [ "$state" = Z ] || echo "${d#/proc/}"
    done
}

# case NAME POLICY-LINES: runs the policy, checks it returns at once and
# leaves one new detached sleep behind.
check_case() {
    name=$1
    cat >"$tmp/$name.cf" <<POLICY
body contain shell { useshell => "useshell"; }
body action bg { background => "true"; }
bundle agent main
{
  commands:
$2
  reports:
      "done";
}
POLICY
    before=$(sleeps)
    start=$(date +%s)
    timeout 20 "$MINICF_AGENT" -K -w "$tmp/work" -f "$tmp/$name.cf" >"$tmp/out" 2>"$tmp/err" </dev/null
    status=$?
    took=$(($(date +%s) - start))
    # The agent waits for the command's exec only: a shell that runs
    # the sleep later may take a moment (5 s at most).
    tries=0
    while :; do
        ours=""
        for pid in $(sleeps); do
            case " $(echo $before) " in *" $pid "*) ;; *) ours="$ours $pid" ;; esac
        done
        [ -z "$ours" ] && [ "$tries" -lt 100 ] || break
        sleep 0.05
        tries=$((tries + 1))
    done
    new="$new $ours"
    if [ "$status" -ne 0 ]; then
        fail "$name" "minicf-agent exited $status: $(cat "$tmp/err")"
    elif [ "$took" -ge 10 ]; then
        fail "$name" "minicf-agent took ${took}s: it waited for the background command"
    elif ! grep -qx 'R: done' "$tmp/out"; then
        fail "$name" "no report after the command"
    elif [ "$(echo $ours | wc -w)" -ne 1 ]; then
        fail "$name" "expected one sleep left running after the agent exited, found:$ours"
    else
        ppid=$(sed -n 's/^PPid:[[:space:]]*//p' "/proc/$(echo $ours)/status")
        if [ "$ppid" = "$$" ]; then
            fail "$name" "the sleep is the test's child: not detached"
        else
            passed=$((passed + 1))
        fi
    fi
    for pid in $ours; do
        kill "$pid" 2>/dev/null
    done
}

check_case shell_ampersand "      \"/bin/sleep $duration &\" contain => shell;"
check_case action_background "      \"/bin/sleep $duration\" action => bg;"

# check_output NAME: the background command of the last case wrote
# "NAME-out" to its stdout and "NAME-err" to its stderr before it became
# the sleep: each must be a line of the agent's own stdout or stderr, as
# written (not quoted as Q: lines, not captured), the one not in the other.
check_output() {
    if ! grep -qxF "$1-out" "$tmp/out" || grep -qF "$1-err" "$tmp/out"; then
        fail "$1" "agent's stdout does not hold the line '$1-out' alone: $(cat "$tmp/out")"
    elif ! grep -qxF "$1-err" "$tmp/err" || grep -qF "$1-out" "$tmp/err"; then
        fail "$1" "agent's stderr does not hold the line '$1-err' alone: $(cat "$tmp/err")"
    else
        passed=$((passed + 1))
    fi
}

# Its output goes to the agent's stdout and stderr (the policy redirects
# nothing), and it still runs once the agent has exited.
check_case bg_output_$$ "      \"/bin/sh -c 'echo bg_output_$$-out; echo bg_output_$$-err >&2; exec /bin/sleep $duration'\" action => bg;"
check_output bg_output_$$
check_case sh_output_$$ "      \"echo sh_output_$$-out; echo sh_output_$$-err >&2; exec /bin/sleep $duration &\" contain => shell;"
check_output sh_output_$$

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
