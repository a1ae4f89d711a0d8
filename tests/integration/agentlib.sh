# agentlib.sh - what diff_agent.sh and acceptance.sh share: a time limit,
# absolute paths, exit statuses in words, and a private work dir for one
# run of an agent. Sourced; the caller sets $tmp, $TIMEOUT_SECS, $have_cf
# and $CF_PROMISES.

if command -v timeout >/dev/null 2>&1; then
    run_limited() { timeout "$TIMEOUT_SECS" "$@"; }
else
    run_limited() { "$@"; }
fi

# abspath FILE: print FILE as an absolute path.
abspath() {
    case $1 in
        /*) printf '%s\n' "$1" ;;
        *) printf '%s/%s\n' "$(cd "$(dirname "$1")" && pwd)" "$(basename "$1")" ;;
    esac
}

# describe STATUS: an exit status in words.
describe() {
    if [ "$1" -eq 124 ]; then
        echo "timed out after ${TIMEOUT_SECS}s"
    elif [ "$1" -ge 128 ]; then
        echo "killed by signal $(($1 - 128))"
    else
        echo "exit status $1"
    fi
}

# fresh_workdir: an empty private work dir at $tmp/work, with the
# bin/cf-promises cf-agent runs before it evaluates a policy.
fresh_workdir() {
    rm -rf "$tmp/work"
    mkdir -p "$tmp/work/bin"
    if [ "$have_cf" -eq 1 ]; then
        ln -s "$CF_PROMISES" "$tmp/work/bin/cf-promises"
    fi
}
