#!/bin/sh
# diff_stdlib.sh - differential test of minicf's standard library
# (policies/lib/) against CFEngine 3.21's (masterfiles/lib): the R: report
# lines of every policy in tests/fixtures/stdlib/, each of which loads
# "$(sys.libdir)/stdlib.cf" and reports what the bodies did (the classes
# defined, what a command saw, how many processes were selected).
#
# Usage:
#   diff_stdlib.sh [FILE.cf ...]
#       For every tests/fixtures/stdlib/NAME.cf (or every FILE given), run
#       each agent in a private PID namespace, as diff_processes.sh does
#       (the policy's "# Setup:" lines start processes first), with a
#       private work dir whose inputs/lib (sys.libdir) is a symbolic link
#       to that agent's library:
#         minicf-agent  $MINICF_LIBDIR (default: the source tree's policies/lib)
#         cf-agent      $CF_LIBDIR (default: /usr/share/cfengine3/masterfiles/lib)
#       minicf-agent's reports must equal NAME.expected, its exit status the
#       policy's "# Exit: N" line (0 when it has none); cf-agent's reports
#       must still equal NAME.expected, so the recordings cannot drift.
#   diff_stdlib.sh --update [FILE.cf ...]
#       Rewrite NAME.expected from cf-agent (three runs, which must agree).
#       Review the result with `git diff` before committing.
#
# Two more header lines of a policy:
#   # Runs: N      the agent runs N times in the same work dir (persistent
#                  classes, locks); the reports of all runs are compared,
#                  and the exit status is the first that is not 0
#   # Locks: yes   the agent runs without -K, so ifelapsed locks apply
#
# Environment (exported by `make check`): MINICF_AGENT, MINICF_SRCDIR,
# CF_AGENT, CF_PROMISES, CI, DIFF_AGENT_TIMEOUT as for diff_processes.sh;
# MINICF_LIBDIR and CF_LIBDIR as above.
#
# Prints "FAIL NAME: reason" and a unified diff (expected first) for each
# failure, and last "N passed, N failed". Exit status: 0 all passed, 1 any
# failed, 2 usage error, 77 skipped (no PID namespace, CI not set).

set -u

# shellcheck source=tests/integration/agentlib.sh
. "$(dirname "$0")/agentlib.sh"
driver_update "$@" && shift
driver_setup diff_stdlib.sh stdlib
MINICF_LIBDIR=${MINICF_LIBDIR:-$(cd "$srcdir/policies/lib" 2>/dev/null && pwd)}
CF_LIBDIR=${CF_LIBDIR:-/usr/share/cfengine3/masterfiles/lib}

if [ ! -f "$MINICF_LIBDIR/stdlib.cf" ]; then
    echo "diff_stdlib.sh: no stdlib.cf in MINICF_LIBDIR ($MINICF_LIBDIR)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

# The process_select cases need a process table of their own; cf-agent
# needs its library.
need_pidns diff_stdlib.sh
find_agents diff_stdlib.sh /bin/ps "$CF_LIBDIR/stdlib.cf"

for tool in unshare bash sleep seq; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "diff_stdlib.sh: $tool not found" >&2
        echo "0 passed, 1 failed"
        exit 1
    fi
done

passed=0
failed=0

# run_agent BINARY FILE OUT: runs BINARY on FILE in a private PID
# namespace, with its own library as sys.libdir; keeps its R: lines in OUT
# and its exit status in $status.
run_agent() {
    fresh_workdir
    mkdir -p "$tmp/work/inputs"
    if [ "$1" = "$CF_AGENT" ]; then
        ln -s "$CF_LIBDIR" "$tmp/work/inputs/lib"
    else
        ln -s "$MINICF_LIBDIR" "$tmp/work/inputs/lib"
    fi
    runs=$(sed -n 's/^# Runs: *//p' "$2" | head -n 1)
    flags=-K
    if grep -q '^# Locks: *yes' "$2"; then
        flags=
    fi
    ns_script "$2" "${runs:-1}"
    # From /, so that a command's working directory is the same in every
    # checkout (commands inherit the agent's).
    (
        cd / &&
            AGENT=$1 AGENT_FLAGS=$flags WORKDIR=$tmp/work POLICY=$2 \
                run_limited unshare --pid --fork --mount-proc sh "$tmp/ns.sh"
    ) >"$tmp/stdout" 2>"$tmp/stderr"
    status=$?
    report_lines <"$tmp/stdout" >"$3"
    return 0
}

run_cases diff_stdlib.sh "$fixtures" "$@"
