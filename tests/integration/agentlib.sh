# agentlib.sh - what the agent test drivers (diff_agent.sh,
# diff_processes.sh, diff_stdlib.sh, acceptance.sh) share: their set-up
# (driver_setup, need_pidns, find_agents), a time limit, absolute paths,
# exit statuses in words, a private work dir for one run of an agent, the
# PID namespace's script, and the differential case: check() and
# run_cases(). Sourced; the caller sets $tmp and $TIMEOUT_SECS (or calls
# driver_setup), and for the cases $have_cf (find_agents), $update,
# $passed, $failed and a run_agent function.

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

# driver_setup SCRIPT FIXTURES: what every differential driver sets up
# first: $srcdir, $fixtures (SRCDIR/tests/fixtures/FIXTURES), the agents'
# default names, $TIMEOUT_SECS (DIFF_AGENT_TIMEOUT, default 60), and $tmp,
# a scratch directory removed on exit.
driver_setup() {
    srcdir=${MINICF_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
    fixtures="$srcdir/tests/fixtures/$2"
    MINICF_AGENT=${MINICF_AGENT:-minicf-agent}
    CF_AGENT=${CF_AGENT:-cf-agent}
    CF_PROMISES=${CF_PROMISES:-cf-promises}
    TIMEOUT_SECS=${DIFF_AGENT_TIMEOUT:-60}
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX") || exit 2
    trap 'rm -rf "$tmp"' EXIT
    trap 'exit 130' HUP INT TERM
}

# need_pidns SCRIPT: returns when a private PID namespace can be made;
# else the driver fails (in CI, or with --update) or is skipped (exit 77).
need_pidns() {
    if unshare --pid --fork --mount-proc true 2>"$tmp/err"; then
        return 0
    fi
    if [ -n "${CI:-}" ] || [ "$update" -eq 1 ]; then
        echo "$1: cannot create a PID namespace: $(cat "$tmp/err")" >&2
        echo "0 passed, 1 failed"
        exit 1
    fi
    echo "SKIP: cannot create a PID namespace here ($(cat "$tmp/err")); CI runs this as root"
    exit 77
}

# find_agents SCRIPT [FILE...]: sets have_cf to 1 when the reference is
# there (CF_AGENT, CF_PROMISES and every FILE, such as /bin/ps, which
# cf-agent reads the process table with), and makes the agents' names
# absolute. Without the reference, --update is a usage error, CI a failure,
# and elsewhere the cases are checked against the recorded files only. A
# missing MINICF_AGENT is a failure (but for --update, which does not run it).
find_agents() {
    script=$1
    shift
    missing=""
    for x in "$CF_AGENT" "$CF_PROMISES"; do
        command -v "$x" >/dev/null 2>&1 || missing="$missing $x"
    done
    for x in "$@"; do
        [ -e "$x" ] || missing="$missing $x"
    done
    if [ -n "$missing" ]; then
        have_cf=0
        if [ "$update" -eq 1 ]; then
            echo "$script: --update needs what is missing:$missing (apt-get install cfengine3 procps)" >&2
            exit 2
        fi
        if [ -n "${CI:-}" ]; then
            echo "$script: not found:$missing (required when CI is set)" >&2
            echo "0 passed, 1 failed"
            exit 1
        fi
        echo "$script: not found:$missing; checking against the recorded .expected files only" >&2
    else
        have_cf=1
        CF_AGENT=$(command -v "$CF_AGENT")
        CF_PROMISES=$(command -v "$CF_PROMISES")
    fi
    if [ "$update" -eq 0 ]; then
        if ! command -v "$MINICF_AGENT" >/dev/null 2>&1; then
            echo "$script: MINICF_AGENT ($MINICF_AGENT) not found" >&2
            echo "0 passed, 1 failed"
            exit 1
        fi
        MINICF_AGENT=$(command -v "$MINICF_AGENT")
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

# ns_script FILE [RUNS]: writes $tmp/ns.sh, pid 1 of a private PID
# namespace (diff_processes.sh, diff_stdlib.sh): it starts the processes
# FILE's "# Setup:" lines ask for, then runs
#   "$AGENT" $AGENT_FLAGS -w "$WORKDIR" -f "$POLICY"
# RUNS times (default 1; the caller exports the four variables) and exits
# with the first status that is not 0, or 0.
ns_script() {
    {
        cat <<'EOF'
# pid 1 of a private PID namespace (written by agentlib.sh's ns_script)
startas() {
    name=$1
    shift
    startc sleep bash -c 'exec -a "$0" sleep "$@"' "$name" 1000 "$@"
}
start() {
    startc sleep "$@"
}
startc() {
    want=$1
    shift
    "$@" </dev/null >/dev/null 2>&1 &
    p=$!
    n=0
    while [ "$n" -lt 100000 ]; do
        comm=
        read -r comm <"/proc/$p/comm" 2>/dev/null
        if [ "$comm" = "$want" ]; then
            # Asleep, so done loading: just after the exec its memory is
            # not all mapped yet, and a size criterion could miss it.
            stat=
            read -r stat <"/proc/$p/stat" 2>/dev/null
            case ${stat##*) } in S*) return 0 ;; esac
        fi
        n=$((n + 1))
    done
    echo "setup: $* did not become $want" >&2
    exit 125
}
# pids 2 and 3: 3.21 never signals them
/bin/true
/bin/true
EOF
        sed -n 's/^# Setup: //p' "$1"
        printf 'st=0\n'
        printf 'for run in %s; do\n' "$(seq "${2:-1}" | tr '\n' ' ')"
        printf '    "$AGENT" $AGENT_FLAGS -w "$WORKDIR" -f "$POLICY"\n'
        printf '    s=$?\n'
        printf '    [ "$st" -ne 0 ] || st=$s\n'
        printf 'done\n'
        printf 'exit "$st"\n'
    } >"$tmp/ns.sh"
}

# report_lines: the reports on standard input, whole: a line that begins
# with "R: " and the continuation lines of a report whose text has newlines
# (printed without "R: "), up to the next log line. This is what a user
# sees, and the rule tests/fixtures/eval/record.sh records with.
report_lines() {
    awk '/^R: /{ on = 1 } /^ *(error|warning|notice|info|verbose|debug|critical|alert|emergency):/{ on = 0 } on'
}

# show_diff EXPECTED ACTUAL LABEL
show_diff() {
    diff -u --label "$3" "$1" --label "$4" "$2" | sed 's/^/    /'
}

# check FILE: one differential case. Runs the caller's run_agent (BINARY
# FILE OUT, setting $status) with cf-agent (when $have_cf is 1) and with
# $MINICF_AGENT, and compares both with NAME.expected; with $update set,
# records NAME.expected from three agreeing cf-agent runs instead. A
# "# Exit: N" line in FILE is the status minicf-agent must exit with (0
# when there is none; cf-agent always exits 0). Counts the case in $passed
# or $failed and prints why it failed.
check() {
    file=$(abspath "$1")
    name=$(basename "$file" .cf)
    expected="${file%.cf}.expected"
    problems=""
    diffs=""

    if [ "$have_cf" -eq 1 ]; then
        run_agent "$CF_AGENT" "$file" "$tmp/cf.out"
        cf_status=$status
        if [ "$cf_status" -ne 0 ]; then
            problems="$problems; cf-agent: $(describe "$cf_status")"
            sed -n '1,5s/^/    cf-agent: /p' "$tmp/stdout" "$tmp/stderr" >"$tmp/cf.msg"
        elif [ "$update" -eq 1 ]; then
            # Three runs must agree before the file is written.
            for _ in 2 3; do
                run_agent "$CF_AGENT" "$file" "$tmp/cf.again"
                if ! cmp -s "$tmp/cf.out" "$tmp/cf.again"; then
                    problems="$problems; cf-agent's output differs between runs (not deterministic)"
                    diffs="$diffs cf"
                    cp "$tmp/cf.again" "$tmp/cf.unstable"
                    break
                fi
            done
            if [ -z "$problems" ]; then
                if [ ! -s "$tmp/cf.out" ]; then
                    problems="$problems; cf-agent printed no reports (a case must report something)"
                else
                    cp "$tmp/cf.out" "$expected" || problems="$problems; cannot write $expected"
                fi
            fi
        fi
    fi

    if [ "$update" -eq 0 ]; then
        if [ ! -f "$expected" ]; then
            problems="$problems; no $name.expected (run $0 --update and review it)"
        else
            if [ "$have_cf" -eq 1 ] && [ "$cf_status" -eq 0 ] && ! cmp -s "$expected" "$tmp/cf.out"; then
                problems="$problems; cf-agent no longer prints $name.expected"
                diffs="$diffs drift"
            fi
            run_agent "$MINICF_AGENT" "$file" "$tmp/mc.out"
            want=$(sed -n 's/^# Exit: *//p' "$file" | head -n 1)
            if [ "$status" -ne "${want:-0}" ]; then
                problems="$problems; minicf-agent: $(describe "$status"), not ${want:-0}"
                sed -n '1,5s/^/    minicf-agent: /p' "$tmp/stderr" >"$tmp/mc.msg"
            fi
            if ! cmp -s "$expected" "$tmp/mc.out"; then
                problems="$problems; minicf-agent's reports differ from $name.expected"
                diffs="$diffs minicf"
            fi
        fi
    fi

    if [ -z "$problems" ]; then
        passed=$((passed + 1))
        return
    fi
    failed=$((failed + 1))
    echo "FAIL $name:${problems#;}"
    [ -s "$tmp/cf.msg" ] && cat "$tmp/cf.msg"
    [ -s "$tmp/mc.msg" ] && cat "$tmp/mc.msg"
    rm -f "$tmp/cf.msg" "$tmp/mc.msg"
    for d in $diffs; do
        case $d in
            cf) show_diff "$tmp/cf.out" "$tmp/cf.unstable" "cf-agent, run 1" "cf-agent, a later run" ;;
            drift) show_diff "$expected" "$tmp/cf.out" "$name.expected" "cf-agent" ;;
            minicf) show_diff "$expected" "$tmp/mc.out" "$name.expected" "minicf-agent" ;;
        esac
    done
}

# run_cases SCRIPT FIXTURES [FILE...]: check() each FILE, or every
# FIXTURES/*.cf (and then that every .expected has its policy); prints the
# summary and returns 0 when every case passed.
run_cases() {
    script=$1
    fixtures=$2
    shift 2
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
        if [ ! -d "$fixtures" ]; then
            echo "$script: $fixtures not found" >&2
            echo "0 passed, 1 failed"
            return 1
        fi
        cases=0
        for f in "$fixtures"/*.cf; do
            [ -f "$f" ] || continue
            cases=$((cases + 1))
            check "$f"
        done
        if [ "$cases" -eq 0 ]; then
            failed=$((failed + 1))
            echo "FAIL no cases in $fixtures"
        fi
        # Every expectation has its policy.
        for e in "$fixtures"/*.expected; do
            [ -f "$e" ] || continue
            if [ ! -f "${e%.expected}.cf" ]; then
                failed=$((failed + 1))
                echo "FAIL $(basename "$e") has no $(basename "${e%.expected}").cf"
            fi
        done
    fi
    if [ "$update" -eq 1 ]; then
        echo "$script: rewrote the .expected files from cf-agent; review them with git diff" >&2
    fi
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

# driver_update "$@" && shift: the drivers' options. Sets update to 1 and
# succeeds when the first argument is --update (the caller shifts it);
# any other option is a usage error (exit 2).
driver_update() {
    update=0
    case ${1:-} in
        --update)
            update=1
            case ${2:-} in -*) driver_usage ;; esac
            return 0 ;;
        -*) driver_usage ;;
    esac
    return 1
}

driver_usage() {
    echo "usage: $0 [--update] [FILE.cf ...]" >&2
    exit 2
}
