#!/bin/sh
# syntax_json.sh - compare `$MINICF_PROMISES -s json` with `cf-promises -s json`.
#
# Both outputs are normalised with `jq -S .` and diffed. Exit 0 when they
# are identical, 1 with the diff when not (or when something needed is
# missing), 77 (skip) when cf-promises is not installed, unless CI is set:
# in CI a missing cf-promises is a failure.

set -u

fail() {
    echo "syntax_json: $*" >&2
    exit 1
}

if ! command -v cf-promises >/dev/null 2>&1; then
    if [ -n "${CI+set}" ]; then
        fail "cf-promises is not installed (required in CI)"
    fi
    echo "syntax_json: cf-promises is not installed; skipping" >&2
    exit 77
fi

[ -n "${MINICF_PROMISES:-}" ] || fail "MINICF_PROMISES is not set"
[ -x "$MINICF_PROMISES" ] || fail "$MINICF_PROMISES is not executable"
command -v jq >/dev/null 2>&1 || fail "jq is not installed"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/syntax_json.XXXXXX") || fail "cannot create a temporary directory"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

"$MINICF_PROMISES" -s json >"$tmp/minicf.raw" 2>"$tmp/minicf.err" || {
    cat "$tmp/minicf.err" >&2
    fail "$MINICF_PROMISES -s json failed"
}
cf-promises -s json >"$tmp/cfengine.raw" 2>"$tmp/cfengine.err" || {
    cat "$tmp/cfengine.err" >&2
    fail "cf-promises -s json failed"
}
jq -S . "$tmp/minicf.raw" >"$tmp/minicf.json" || fail "$MINICF_PROMISES -s json: invalid JSON"
jq -S . "$tmp/cfengine.raw" >"$tmp/cfengine.json" || fail "cf-promises -s json: invalid JSON"

if ! diff -u "$tmp/cfengine.json" "$tmp/minicf.json"; then
    fail "syntax differs from cf-promises (- cf-promises, + minicf)"
fi
exit 0
