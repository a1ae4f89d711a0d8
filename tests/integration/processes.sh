#!/bin/sh
# processes.sh - processes: promises against real processes: minicf-agent
# counts them, defines the classes, sends term and they die, defines
# restart_class, leaves them alone in range and under -n;
# processexists() and findprocesses() see them; MINICF_PROC_ROOT reads
# another tree than /proc (a copy of tests/fixtures/proc, the owners of
# its manifest given to the process directories).
#
# The test processes are `setsid sleep 1000 0.000NNN`, whose last argument
# (a 0-second interval made of this shell's pid) makes the command line
# unique. Only the processes this script started are signalled, by pid;
# all are gone when it exits. It needs no privilege but for the fixture's
# owners (chown): without root the checks of process_owner on the fixture
# are skipped, saying so on stderr, and fail when CI is set. It never
# skips anything else: a missing tool is a failure.
#
# Environment (exported by `make check`):
#   MINICF_AGENT   the binary to test (default: minicf-agent in PATH)
#   MINICF_SRCDIR  the source tree, for tests/fixtures/proc
#
# Prints one line per failure and last "N passed, N failed".
# Exit status: 0 all passed, 1 any failed.

set -u

MINICF_AGENT=${MINICF_AGENT:-minicf-agent}
SRCDIR=${MINICF_SRCDIR:-.}
for tool in "$MINICF_AGENT" setsid sleep timeout; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "processes.sh: $tool not found" >&2
        echo "0 passed, 1 failed"
        exit 1
    fi
done
case $SRCDIR in
    /*) ;;
    *) SRCDIR=$(cd "$SRCDIR" && pwd) ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/processes.XXXXXX") || exit 1
pids=""
cleanup() {
    for p in $pids; do
        kill -KILL "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' HUP INT TERM
unset MINICF_POLICY MINICF_NOW MINICF_PROC_ROOT
MINICF_WORKDIR=$tmp/work
export MINICF_WORKDIR

passed=0
failed=0
fail() {
    failed=$((failed + 1))
    echo "FAIL $1: $2"
}
pass() {
    passed=$((passed + 1))
}

# A marker no other process has: 0.000<pid><n>, a valid sleep interval.
marker() {
    echo "0.000$$$1"
}

# start MARKER: starts `sleep 1000 MARKER` in a session of its own, sets
# $started to its pid and appends it to $pids (found by its command line:
# setsid may fork).
start() {
    setsid sleep 1000 "$1" </dev/null >/dev/null 2>&1 &
    started=$!
    pids="$pids $started"
    want="sleep 1000 $1 "
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        line=$(tr '\0' ' ' 2>/dev/null <"/proc/$started/cmdline")
        [ "$line" = "$want" ] && return 0
        for d in /proc/[0-9]*; do
            line=$(tr '\0' ' ' 2>/dev/null <"$d/cmdline")
            if [ "$line" = "$want" ] && ! echo " $pids " | grep -q " ${d#/proc/} "; then
                started=${d#/proc/}
                pids="$pids $started"
                return 0
            fi
        done
        sleep 0.1
    done
    echo "processes.sh: cannot start sleep 1000 $1" >&2
    return 1
}

# alive PID: the process exists and is not a zombie.
alive() {
    [ -r "/proc/$1/stat" ] || return 1
    state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
    [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# gone PID: not alive within 5 s.
gone() {
    for _ in $(seq 50); do
        alive "$1" || return 0
        sleep 0.1
    done
    return 1
}

# agent NAME [FLAGS]: runs the policy $tmp/NAME.cf; output in $tmp/out.
agent() {
    name=$1
    shift
    timeout 30 "$MINICF_AGENT" -K "$@" -f "$tmp/$name.cf" >"$tmp/out" 2>"$tmp/err" </dev/null
    status=$?
}

# expect CASE TEXT: the agent's output holds the line TEXT.
expect() {
    if grep -qxF -- "$2" "$tmp/out"; then
        pass
    else
        fail "$1" "no line '$2' in:
$(cat "$tmp/out" "$tmp/err")"
    fi
}
refute() {
    if grep -qxF -- "$2" "$tmp/out"; then
        fail "$1" "unexpected line '$2' in:
$(cat "$tmp/out" "$tmp/err")"
    else
        pass
    fi
}

bodies='body process_count cnt(n, lo, hi) { match_range => irange("$(lo)", "$(hi)");
  in_range_define => { "$(n)_in" }; out_of_range_define => { "$(n)_out" }; }
body classes outc(n) { promise_kept => { "$(n)_kept" }; promise_repaired => { "$(n)_repaired" };
  repair_failed => { "$(n)_failed" }; }'

# The classes a policy defined, one report each.
report='  vars: "c" slist => sort(classesmatching("[a-z]_.*"), "lex");
  reports: "class $(c)";'

a=$(marker 1)
b=$(marker 2)
none=$(marker 3)
if start "$a" && a1=$started && start "$a" && a2=$started && start "$b" && b1=$started; then
    :
else
    echo "0 passed, 1 failed"
    exit 1
fi

# -n first: nothing is signalled, the would-be signals are said, and the
# run is not healthy (exit 1): 3.21 calls the promise kept, but a signal
# would change the machine
cat >"$tmp/dry.cf" <<EOF
$bodies
bundle agent main {
  processes:
    "sleep 1000 $a\$" signals => { "term" }, restart_class => "a_restart";
$report
}
EOF
agent dry -n
[ "$status" = 1 ] || fail dry_run "exit status $status, expected 1"
if alive "$a1" && alive "$a2"; then pass; else fail dry_run "a process was signalled under -n"; fi
expect dry_run " warning: Need to keep signal promise 'term' in process entry '$a1 sleep 1000 $a'"
refute dry_run "R: class a_restart"

# the functions see them
cat >"$tmp/fn.cf" <<EOF
bundle agent main {
  vars: "f" data => findprocesses("sleep 1000 $a\$");
  reports:
    "exists" if => processexists("sleep 1000 $b\$");
    "none" unless => processexists("sleep 1000 $none\$");
    "first \$(f[0][pid]) \$(f[0][line])";
    "count \$(with)" with => length(f);
}
EOF
agent fn
expect functions "R: exists"
expect functions "R: none"
# descending pid order, as 3.21 (docs/processes.md F1)
expect functions "R: first $((a1 > a2 ? a1 : a2)) sleep 1000 $a"
expect functions "R: count 2"

# two where one is promised: out of range, term to both, restart class;
# b in range is left alone; nothing matching defines its restart class
cat >"$tmp/run.cf" <<EOF
$bodies
bundle agent main {
  processes:
    "sleep 1000 $a\$" process_count => cnt("a", 1, 1), signals => { "term" },
       restart_class => "a_restart", classes => outc("a");
    "sleep 1000 $b\$" process_count => cnt("b", 1, 1), signals => { "term" },
       restart_class => "b_restart", classes => outc("b");
    "sleep 1000 $none\$" restart_class => "n_restart", classes => outc("n");
$report
}
EOF
agent run
[ "$status" = 0 ] || fail run "exit status $status"
for c in a_out a_repaired a_restart b_in b_kept n_kept n_restart; do
    expect run "R: class $c"
done
for c in a_in b_out b_restart b_repaired; do
    refute run "R: class $c"
done
if gone "$a1" && gone "$a2"; then pass; else fail run "term did not end $a1 and $a2"; fi
if alive "$b1"; then pass; else fail run "$b1, in range, was signalled"; fi

# again: a is not running any more, so out of range and restarted
agent run
for c in a_out a_restart b_in; do
    expect rerun "R: class $c"
done

# --json records the promise outcomes
agent run --json
if grep -q '"failed": 0,' "$tmp/out"; then pass; else fail json "$(cat "$tmp/out")"; fi
# ... and the pids each processes promise matched: b's one process, none for a
if command -v jq >/dev/null 2>&1; then
    got=$(jq -c '[.promises[] | select(.type == "processes") | .pids]' "$tmp/out")
    if [ "$got" = "[[],[$b1],[]]" ]; then pass; else fail json_pids "pids $got, expected [[],[$b1],[]]"; fi
else
    fail json_pids "jq is needed to read the JSON (the README's test command installs it)"
fi

# MINICF_PROC_ROOT: the fixture tree instead of /proc, copied, each process
# directory given the owner the manifest says (a process's owner is its
# directory's; git records no owners, and giving files away takes root)
owned=yes
if ! cp -R "$SRCDIR/tests/fixtures/proc" "$tmp/proc"; then
    fail proc_root_copy "cannot copy $SRCDIR/tests/fixtures/proc"
fi
while read -r pid uid gid; do
    case $pid in '' | '#'*) continue ;; esac
    chown "$uid:$gid" "$tmp/proc/$pid" 2>/dev/null || owned=no
done <"$SRCDIR/tests/fixtures/proc/owners"
cat >"$tmp/root.cf" <<EOF
$bodies
body process_select owner(u) { process_owner => { "\$(u)" }; process_result => "process_owner"; }
body process_select resident { rsize => irange(1, 99999999); process_result => "rsize"; }
bundle agent main {
  processes:
    "nginx" process_count => cnt("f", 2, 2);
    "nginx" process_select => resident, process_count => cnt("r", 2, 2);
    "nginx" process_select => owner("root"), process_count => cnt("o", 1, 1);
    "" process_select => owner("4000000"), process_count => cnt("u", 2, 2);
$report
}
EOF
MINICF_PROC_ROOT=$tmp/proc agent root
expect proc_root "R: class f_in"
expect proc_root_rsize "R: class r_in"
if [ "$owned" = yes ]; then
    expect proc_root_owner "R: class o_in"
    expect proc_root_owner_nameless "R: class u_in"
elif [ -n "${CI:-}" ]; then
    fail proc_root_owner "cannot give the fixture its owners (chown needs root), and CI is set"
else
    echo "processes.sh: SKIPPED proc_root_owner: not root, so chown cannot give the fixture its owners" >&2
fi
agent root
expect proc_root_default "R: class f_out"

# minicf-agent -n as a health check: a process that is not running makes
# the command that would start it a promise not kept (exit 1, nothing run);
# a running one keeps everything (exit 0).
for which in missing running; do
    if [ "$which" = missing ]; then pattern="sleep 1000 $none\$"; else pattern="sleep 1000 $b\$"; fi
    cat >"$tmp/health.cf" <<EOF
bundle agent main {
  processes:
    "$pattern" restart_class => "start_it";
  commands:
    start_it::
      "/bin/sh -c 'touch $tmp/started'" contain => shell;
}
body contain shell { useshell => "true"; }
EOF
    timeout 30 "$MINICF_AGENT" -n -f "$tmp/health.cf" >"$tmp/out" 2>"$tmp/err" </dev/null
    status=$?
    if [ "$which" = missing ]; then want=1; else want=0; fi
    if [ "$status" = "$want" ]; then pass; else fail "health_$which" "exit status $status, expected $want"; fi
done
if [ -e "$tmp/started" ]; then fail health "-n ran the command"; else pass; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
