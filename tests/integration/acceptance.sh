#!/bin/sh
# acceptance.sh - self-checking policies, in the style of CFEngine's
# acceptance tests, run with minicf-agent (and with cf-agent 3.21 when it is
# installed, so a test that 3.21 itself does not pass is caught).
#
# Usage:
#   acceptance.sh [FILE.cf ...]
#       Run every tests/acceptance/NAME.cf (or every FILE given) as
#         $MINICF_AGENT -K -w WORKDIR -f /abs/NAME.cf
#
# Each test computes something and reports, from classes it set,
#   "$(this.promise_filename) Pass"   or   "$(this.promise_filename) FAIL".
# A test passes when the agent exits with status 0 and its standard output
# has exactly one line "R: /abs/NAME.cf Pass" and no R: line containing
# "FAIL". Other R: lines are allowed.
#
# Environment (exported by `make check`):
#   MINICF_AGENT    the binary to test (default: minicf-agent in PATH)
#   MINICF_SRCDIR   the source tree (default: two levels above this script)
#   CF_AGENT        the reference (default: cf-agent in PATH)
#   CF_PROMISES     linked into cf-agent's private work dir as bin/cf-promises
#                   (default: cf-promises in PATH)
#   CI              when set, a missing cf-agent is a failure
#   ACCEPTANCE_TIMEOUT  seconds allowed per run (default 60)
#
# Prints "FAIL NAME: reason" and the agent's R: lines for each failure, and
# last "N passed, N failed". Exit status: 0 all passed, 1 any failed,
# 2 usage error.

set -u

case ${1:-} in -*) echo "usage: $0 [FILE.cf ...]" >&2; exit 2 ;; esac

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${MINICF_SRCDIR:-$here/../..}
tests="$srcdir/tests/acceptance"
MINICF_AGENT=${MINICF_AGENT:-minicf-agent}
CF_AGENT=${CF_AGENT:-cf-agent}
CF_PROMISES=${CF_PROMISES:-cf-promises}
TIMEOUT_SECS=${ACCEPTANCE_TIMEOUT:-60}

have_cf=1
if ! command -v "$CF_AGENT" >/dev/null 2>&1 || ! command -v "$CF_PROMISES" >/dev/null 2>&1; then
    have_cf=0
    if [ -n "${CI:-}" ]; then
        echo "acceptance.sh: $CF_AGENT or $CF_PROMISES not found (required when CI is set)" >&2
        echo "0 passed, 1 failed"
        exit 1
    fi
    echo "acceptance.sh: $CF_AGENT not found; running the tests with minicf-agent only" >&2
else
    CF_PROMISES=$(command -v "$CF_PROMISES")
fi

if ! command -v "$MINICF_AGENT" >/dev/null 2>&1; then
    echo "acceptance.sh: MINICF_AGENT ($MINICF_AGENT) not found" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/acceptance.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' HUP INT TERM

# run_limited, abspath, describe, fresh_workdir
# shellcheck source=tests/integration/agentlib.sh
. "$(dirname "$0")/agentlib.sh"

passed=0
failed=0

# verdict LABEL BINARY FILE: runs one agent on FILE in a fresh private work
# dir; prints nothing when the test passed, else the reasons.
verdict() {
    fresh_workdir
    run_limited "$2" -K -w "$tmp/work" -f "$3" >"$tmp/stdout" 2>"$tmp/stderr"
    st=$?
    grep '^R: ' "$tmp/stdout" >"$tmp/r.$1"
    npass=$(grep -c -x -F "R: $3 Pass" "$tmp/r.$1")
    nfail=$(grep -c 'FAIL' "$tmp/r.$1")
    why=""
    [ "$st" -ne 0 ] && why="$why, $(describe "$st")"
    [ "$npass" -ne 1 ] && why="$why, $npass Pass lines (1 expected)"
    [ "$nfail" -ne 0 ] && why="$why, $nfail FAIL lines"
    printf '%s' "${why#, }"
}

check() {
    file=$(abspath "$1")
    name=$(basename "$file" .cf)
    problems=""
    show=""
    why=$(verdict minicf "$MINICF_AGENT" "$file")
    if [ -n "$why" ]; then
        problems="$problems; minicf-agent: $why"
        show="$show minicf"
    fi
    if [ "$have_cf" -eq 1 ]; then
        why=$(verdict cf "$CF_AGENT" "$file")
        if [ -n "$why" ]; then
            problems="$problems; cf-agent (the test itself is wrong): $why"
            show="$show cf"
        fi
    fi
    if [ -z "$problems" ]; then
        passed=$((passed + 1))
        return
    fi
    failed=$((failed + 1))
    echo "FAIL $name:${problems#;}"
    for s in $show; do
        sed "s/^/    $s: /" "$tmp/r.$s"
    done
}

if [ $# -gt 0 ]; then
    for f in "$@"; do
        if [ ! -f "$f" ]; then
            failed=$((failed + 1))
            echo "FAIL $f: no such file"
            continue
        fi
        check "$f"
    done
else
    cases=0
    for f in "$tests"/*.cf; do
        [ -f "$f" ] || continue
        cases=$((cases + 1))
        check "$f"
    done
    if [ "$cases" -eq 0 ]; then
        failed=$((failed + 1))
        echo "FAIL no tests in $tests"
    fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
