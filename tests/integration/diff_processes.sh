#!/bin/sh
# diff_processes.sh - differential test of minicf-agent against CFEngine
# 3.21's cf-agent on processes: and commands: promises, each run inside a
# private PID namespace: the R: report lines of every policy in
# tests/fixtures/proc_eval/.
#
# Usage:
#   diff_processes.sh [FILE.cf ...]
#       For every tests/fixtures/proc_eval/NAME.cf (or every FILE given),
#       run the agent as
#         unshare --pid --fork --mount-proc sh SCRIPT
#       where SCRIPT (pid 1 of the namespace) starts the processes the
#       policy's "# Setup:" lines ask for, then runs
#         AGENT -K -w WORKDIR -f /abs/NAME.cf
#       (not as pid 1) and exits with its status, which ends every process
#       left in the namespace. minicf-agent's reports (the R: lines, with
#       their continuation lines) must equal NAME.expected and its exit
#       status must be the policy's "# Exit: N" line, 0 when it has none
#       (minicf-agent exits 1 when a promise failed, where cf-agent exits
#       0: docs/minicf-agent.8). When cf-agent is installed it runs the same way
#       and must still print NAME.expected and exit 0, so the recordings
#       cannot drift from 3.21.
#   diff_processes.sh --update [FILE.cf ...]
#       Rewrite NAME.expected from cf-agent (three runs, which must agree).
#       Review the result with `git diff` before committing.
#
# Setup lines: each "# Setup: WORDS" line of the policy is a shell command
# run by the namespace's pid 1 before the agent, in order. Two helpers:
#   startas NAME [N...]  starts `sleep 1000 N...` with argv[0] NAME (bash's
#                        exec -a), so its command line is "NAME 1000 N...";
#                        NAME may hold blanks, to look like arguments; the
#                        Ns must be valid sleep intervals (sleep exits on
#                        anything else)
#   start CMD ARGS...    starts CMD in the background (stdin, stdout and
#                        stderr /dev/null) and waits until the process's
#                        comm is "sleep" (it has exec'd sleep) and it is
#                        asleep (state S: done loading)
#   startc COMM CMD ...  the same, waiting for comm COMM
# Before the setup lines the script forks two short-lived processes, so
# the first process a policy starts is pid 4: 3.21 never signals pids
# 0 to 3 (docs/processes.md C1). The waits use shell built-ins only, so the
# pids of the setup processes are the same in every run and for both
# agents. The script is a file (not sh -c TEXT) so that the command line
# of pid 1 does not mention what the policy looks for.
#
# Environment (exported by `make check`):
#   MINICF_AGENT    the binary to test (default: minicf-agent in PATH)
#   MINICF_SRCDIR   the source tree (default: two levels above this script)
#   CF_AGENT        the reference (default: cf-agent in PATH)
#   CF_PROMISES     linked into each private work dir as bin/cf-promises
#                   (default: cf-promises in PATH)
#   CI              when set, a missing cf-agent (or /bin/ps, which it
#                   runs to read the process table), or a PID namespace that
#                   cannot be made, is a failure (otherwise: cf-agent
#                   missing, only the recordings are compared; no
#                   namespace, the test is skipped, exit 77)
#   DIFF_AGENT_TIMEOUT  seconds allowed per run (default 60)
#
# Prints "FAIL NAME: reason" and a unified diff (expected first) for each
# failure, and last "N passed, N failed". Exit status: 0 all passed, 1 any
# failed, 2 usage error, 77 skipped (no PID namespace, CI not set).

set -u

# shellcheck source=tests/integration/agentlib.sh
. "$(dirname "$0")/agentlib.sh"
driver_update "$@" && shift
driver_setup diff_processes.sh proc_eval

# A PID namespace is the point of this test.
need_pidns diff_processes.sh
find_agents diff_processes.sh /bin/ps

# The namespace's pid 1 is a POSIX sh script; startas needs bash.
for tool in unshare bash sleep; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "diff_processes.sh: $tool not found" >&2
        echo "0 passed, 1 failed"
        exit 1
    fi
done

passed=0
failed=0

# run_agent BINARY FILE OUT: runs BINARY on FILE in a private PID
# namespace, keeps its R: lines in OUT and its exit status in $status.
run_agent() {
    fresh_workdir
    ns_script "$2"
    AGENT=$1 AGENT_FLAGS=-K WORKDIR=$tmp/work POLICY=$2 \
        run_limited unshare --pid --fork --mount-proc sh "$tmp/ns.sh" >"$tmp/stdout" 2>"$tmp/stderr"
    status=$?
    report_lines <"$tmp/stdout" >"$3"
    return 0
}

run_cases diff_processes.sh "$fixtures" "$@"
