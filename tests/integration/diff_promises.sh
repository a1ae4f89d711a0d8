#!/bin/sh
# diff_promises.sh - differential test of minicf-promises against
# CFEngine 3.21's `cf-promises -c`.
#
# Usage:
#   diff_promises.sh [FILE.cf ...]
#       Compare the verdicts (exit 0 = valid, non-zero = invalid) of
#       $MINICF_PROMISES -f FILE and cf-promises -c -f FILE for every
#       top-level .cf file of tests/fixtures/policies/diff/ (or for the
#       FILEs given).  Each verdict must also match the file name:
#       NAME.x.cf must be rejected, any other NAME.cf accepted.
#   diff_promises.sh --masterfiles DIR
#       Compare the two verdicts for every .cf file under DIR (library
#       files run alone are usually rejected by cf-promises; only agreement
#       is checked), and check that DIR/promises.cf is accepted by both.
#
# Environment:
#   MINICF_PROMISES  the minicf-promises binary (default: minicf-promises
#                    from PATH)
#   CF_PROMISES      the reference binary (default: cf-promises from PATH)
#   CI               when set and cf-promises is missing, fail instead of
#                    skipping
#
# Prints one line per mismatch and a last line "N passed, N failed".
# Exit status: 0 all passed, 1 some failed, 77 skipped (cf-promises missing
# and CI unset), 2 usage error.
#
# Notes on running cf-promises:
#   - it runs with a private work dir (-w) so nothing is written under
#     /var/lib/cfengine3;
#   - file names are made absolute: cf-promises resolves a plain relative
#     -f name against WORKDIR/inputs, not against the current directory;
#   - minicf-promises exiting with a status other than 0 or 1 (a crash, a
#     timeout) is reported as a failure even if the verdicts agree.

set -u

here=$(cd "$(dirname "$0")" && pwd)
fixtures=$(cd "$here/../fixtures/policies/diff" 2>/dev/null && pwd)

MINICF_PROMISES=${MINICF_PROMISES:-minicf-promises}
CF_PROMISES=${CF_PROMISES:-cf-promises}
TIMEOUT_SECS=${DIFF_PROMISES_TIMEOUT:-60}

usage() {
    echo "usage: $0 [FILE.cf ...] | --masterfiles DIR" >&2
    exit 2
}

if ! command -v "$CF_PROMISES" >/dev/null 2>&1; then
    if [ -n "${CI:-}" ]; then
        echo "diff_promises.sh: $CF_PROMISES not found (required when CI is set)" >&2
        echo "0 passed, 1 failed"
        exit 1
    fi
    echo "diff_promises.sh: $CF_PROMISES not found, skipping" >&2
    exit 77
fi

if ! command -v "$MINICF_PROMISES" >/dev/null 2>&1; then
    echo "diff_promises.sh: MINICF_PROMISES ($MINICF_PROMISES) not found" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/diff_promises.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

if command -v timeout >/dev/null 2>&1; then
    run_limited() { timeout "$TIMEOUT_SECS" "$@"; }
else
    run_limited() { "$@"; }
fi

passed=0
failed=0

# abspath FILE: print FILE as an absolute path.
abspath() {
    case $1 in
        /*) printf '%s\n' "$1" ;;
        *) printf '%s/%s\n' "$(cd "$(dirname "$1")" && pwd)" "$(basename "$1")" ;;
    esac
}

# verdict STATUS: "accept" for 0, "reject" otherwise.
verdict() {
    if [ "$1" -eq 0 ]; then echo accept; else echo reject; fi
}

# check FILE EXPECT: EXPECT is accept, reject or "" (agreement only).
check() {
    file=$(abspath "$1")
    expect=$2

    # A fresh work dir per file keeps cf-promises runs independent.
    rm -rf "$tmp/work"
    mkdir "$tmp/work"
    run_limited "$CF_PROMISES" -c -w "$tmp/work" -f "$file" \
        >"$tmp/cf.out" 2>&1
    cf_status=$?
    run_limited "$MINICF_PROMISES" -f "$file" >"$tmp/mc.out" 2>&1
    mc_status=$?

    cf_v=$(verdict $cf_status)
    mc_v=$(verdict $mc_status)
    problems=""
    if [ "$mc_status" -ne 0 ] && [ "$mc_status" -ne 1 ]; then
        problems="$problems; minicf-promises exited with status $mc_status"
    fi
    if [ "$cf_v" != "$mc_v" ]; then
        problems="$problems; verdicts differ: cf-promises $cf_v, minicf-promises $mc_v"
    fi
    if [ -n "$expect" ]; then
        if [ "$cf_v" != "$expect" ]; then
            problems="$problems; cf-promises says $cf_v but the name says $expect"
        fi
        if [ "$mc_v" != "$expect" ]; then
            problems="$problems; minicf-promises says $mc_v but the name says $expect"
        fi
    fi
    if [ -n "$problems" ]; then
        failed=$((failed + 1))
        echo "FAIL $1${problems}"
    else
        passed=$((passed + 1))
    fi
}

expect_from_name() {
    case $1 in
        *.x.cf) echo reject ;;
        *) echo accept ;;
    esac
}

if [ "${1:-}" = "--masterfiles" ]; then
    [ $# -eq 2 ] || usage
    dir=$2
    if [ ! -d "$dir" ]; then
        echo "diff_promises.sh: $dir is not a directory" >&2
        exit 2
    fi
    dir=$(cd "$dir" && pwd)
    # Every .cf under DIR, agreement only.
    find "$dir" -type f -name '*.cf' | LC_ALL=C sort >"$tmp/list"
    while IFS= read -r f; do
        check "$f" ""
    done <"$tmp/list"
    # The entry point itself must be accepted by both.
    if [ -f "$dir/promises.cf" ]; then
        check "$dir/promises.cf" accept
    else
        failed=$((failed + 1))
        echo "FAIL $dir/promises.cf does not exist"
    fi
elif [ $# -gt 0 ]; then
    case $1 in -*) usage ;; esac
    for f in "$@"; do
        if [ ! -f "$f" ]; then
            failed=$((failed + 1))
            echo "FAIL $f: no such file"
            continue
        fi
        check "$f" "$(expect_from_name "$f")"
    done
else
    if [ -z "$fixtures" ]; then
        echo "diff_promises.sh: fixtures directory not found" >&2
        exit 2
    fi
    for f in "$fixtures"/*.cf; do
        [ -f "$f" ] || continue
        check "$f" "$(expect_from_name "$f")"
    done
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
