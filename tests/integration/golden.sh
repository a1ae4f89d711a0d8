#!/bin/sh
# golden.sh - golden diagnostics of minicf-promises.
#
# Usage:
#   golden.sh             run every case, compare, report
#   golden.sh --update    rewrite every bad/NAME.err from the current output
#                         (review the result with `git diff` before committing)
#
# Cases, under tests/fixtures/policies/:
#   bad/NAME.x.cf   must be rejected: run from the directory bad/ as
#                     $MINICF_PROMISES -f ./NAME.x.cf
#                   (so messages name the file "./NAME.x.cf" and its inputs
#                   "./inc/..."); the exit status must be 1, standard output
#                   empty, and standard error exactly bad/NAME.err.
#   good/NAME.cf    must be accepted: run from good/ as
#                     $MINICF_PROMISES -f ./NAME.cf
#                   with exit status 0 and no output at all.
#   Files in subdirectories (bad/inc/, good/inc/) are inputs of the cases,
#   not cases.
#
# Environment (exported by `make check`):
#   MINICF_PROMISES  the binary to test (default: minicf-promises in PATH)
#   MINICF_SRCDIR    the source tree (default: two levels above this script)
#   GOLDEN_TIMEOUT   seconds allowed per case (default 60)
#
# Prints one line per failure and last "N passed, N failed". Exit status:
# 0 all passed, 1 any failed (or a file is missing), 2 usage error.

set -u

usage() {
    echo "usage: $0 [--update]" >&2
    exit 2
}

update=0
case $# in
    0) ;;
    1) [ "$1" = "--update" ] || usage; update=1 ;;
    *) usage ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${MINICF_SRCDIR:-$here/../..}
bad="$srcdir/tests/fixtures/policies/bad"
good="$srcdir/tests/fixtures/policies/good"
MINICF_PROMISES=${MINICF_PROMISES:-minicf-promises}
TIMEOUT_SECS=${GOLDEN_TIMEOUT:-60}

if ! command -v "$MINICF_PROMISES" >/dev/null 2>&1; then
    echo "golden.sh: MINICF_PROMISES ($MINICF_PROMISES) not found" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
# The cases run from their own directory: the binary's path must not be
# relative to this one.
case $MINICF_PROMISES in
    /*) ;;
    */*) MINICF_PROMISES=$(cd "$(dirname "$MINICF_PROMISES")" && pwd)/$(basename "$MINICF_PROMISES") ;;
esac
if [ ! -d "$bad" ] || [ ! -d "$good" ]; then
    echo "golden.sh: fixtures not found under $srcdir/tests/fixtures/policies" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' HUP INT TERM

if command -v timeout >/dev/null 2>&1; then
    run_limited() { timeout "$TIMEOUT_SECS" "$@"; }
else
    run_limited() { "$@"; }
fi

passed=0
failed=0

fail() {
    failed=$((failed + 1))
    echo "FAIL $*"
}

# describe STATUS: the exit status in words, for crashes and timeouts.
describe() {
    if [ "$1" -eq 124 ]; then
        echo "timed out after ${TIMEOUT_SECS}s"
    elif [ "$1" -ge 128 ]; then
        echo "killed by signal $(($1 - 128))"
    else
        echo "exit status $1"
    fi
}

# run DIR FILE: runs the binary on ./FILE from DIR, into $tmp/out, $tmp/err
# and $status.
run() {
    (cd "$1" && run_limited "$MINICF_PROMISES" -f "./$2" >"$tmp/out" 2>"$tmp/err")
    status=$?
}

# ---- bad policies -----------------------------------------------------------

cases=0
for f in "$bad"/*.x.cf; do
    [ -f "$f" ] || continue
    cases=$((cases + 1))
    file=$(basename "$f")
    name=${file%.x.cf}
    expected="$bad/$name.err"
    run "$bad" "$file"
    if [ "$update" -eq 1 ]; then
        cp "$tmp/err" "$expected" || { fail "$file: cannot write $expected"; continue; }
    fi
    problems=""
    if [ "$status" -ne 1 ]; then
        problems="$problems; expected exit status 1, got $(describe "$status")"
    fi
    if [ -s "$tmp/out" ]; then
        problems="$problems; unexpected standard output"
    fi
    if [ ! -f "$expected" ]; then
        problems="$problems; no $name.err (run $0 --update and review it)"
    elif ! cmp -s "$expected" "$tmp/err"; then
        problems="$problems; standard error differs from $name.err:"
    fi
    if [ -n "$problems" ]; then
        fail "bad/$file:${problems#;}"
        if [ -f "$expected" ] && ! cmp -s "$expected" "$tmp/err"; then
            diff -u "$expected" "$tmp/err" | sed 's/^/    /'
        fi
    else
        passed=$((passed + 1))
    fi
done
if [ "$cases" -eq 0 ]; then
    fail "no bad/*.x.cf cases found"
fi

# Every expectation has its case, and every policy in bad/ is a .x.cf.
for e in "$bad"/*.err; do
    [ -f "$e" ] || continue
    name=$(basename "$e" .err)
    if [ ! -f "$bad/$name.x.cf" ]; then
        fail "bad/$name.err has no bad/$name.x.cf"
    fi
done
for f in "$bad"/*.cf; do
    [ -f "$f" ] || continue
    case $f in
        *.x.cf) ;;
        *) fail "bad/$(basename "$f") must be named NAME.x.cf (it is expected to be rejected)" ;;
    esac
done

# ---- good policies ----------------------------------------------------------

cases=0
for f in "$good"/*.cf; do
    [ -f "$f" ] || continue
    cases=$((cases + 1))
    file=$(basename "$f")
    case $file in
        *.x.cf)
            fail "good/$file: a policy named .x.cf belongs in bad/"
            continue
            ;;
    esac
    run "$good" "$file"
    problems=""
    if [ "$status" -ne 0 ]; then
        problems="$problems; expected exit status 0, got $(describe "$status")"
    fi
    if [ -s "$tmp/out" ] || [ -s "$tmp/err" ]; then
        problems="$problems; expected no output"
    fi
    if [ -n "$problems" ]; then
        fail "good/$file:${problems#;}"
        sed 's/^/    /' "$tmp/out" "$tmp/err" | head -20
    else
        passed=$((passed + 1))
    fi
done
if [ "$cases" -eq 0 ]; then
    fail "no good/*.cf cases found"
fi

if [ "$update" -eq 1 ]; then
    echo "golden.sh: rewrote the .err files in $bad; review them with git diff" >&2
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
