#!/bin/sh
# diff_agent.sh - differential test of minicf-agent against CFEngine 3.21's
# cf-agent: the R: report lines of every policy in tests/fixtures/eval/.
#
# Usage:
#   diff_agent.sh [FILE.cf ...]
#       For every tests/fixtures/eval/NAME.cf (or every FILE given), run
#         $MINICF_AGENT -K -w WORKDIR -f /abs/NAME.cf
#       and compare its reports on standard output (lines that begin with
#       "R: ", with their continuation lines) with NAME.expected. When cf-agent is installed, also run
#         cf-agent -K -w WORKDIR -f /abs/NAME.cf
#       and check that NAME.expected still matches it, so the recorded files
#       cannot drift from 3.21.
#   diff_agent.sh --update [FILE.cf ...]
#       Rewrite NAME.expected from cf-agent (three runs, which must agree).
#       Review the result with `git diff` before committing.
#
# Cases: the top-level NAME.cf files of tests/fixtures/eval/ (the other
# engineers' fn_*.cf included); files in subdirectories (inc/) are inputs of
# the cases. NAME.expected holds the reports, in order: the "R: " lines and
# the continuation lines of multi-line reports (see report_lines).
#
# Environment (exported by `make check`):
#   MINICF_AGENT    the binary to test (default: minicf-agent in PATH)
#   MINICF_SRCDIR   the source tree (default: two levels above this script)
#   CF_AGENT        the reference (default: cf-agent in PATH)
#   CF_PROMISES     the cf-promises cf-agent runs to validate the policy
#                   (default: cf-promises in PATH); it is linked into each
#                   private work dir as bin/cf-promises
#   CI              when set, a missing cf-agent is a failure, not a skip
#                   of the live check
#   DIFF_AGENT_TIMEOUT  seconds allowed per run (default 60)
#
# A case fails when: minicf-agent's reports differ from NAME.expected, or it
# exits with a status other than 0, or times out; NAME.expected is missing;
# cf-agent rejects the policy (exit status not 0: it then runs its failsafe
# policy) or its reports differ from NAME.expected.
#
# Prints "FAIL NAME: reason" and a unified diff (expected first) for each
# failure, and last "N passed, N failed". Exit status: 0 all passed, 1 any
# failed, 2 usage error.
#
# Each run gets a fresh private work dir, so nothing is written under
# /var/lib/cfengine3 and no run sees another's state. File names are made
# absolute: cf-agent resolves a relative -f against WORKDIR/inputs.

set -u

# shellcheck source=tests/integration/agentlib.sh
. "$(dirname "$0")/agentlib.sh"
driver_update "$@" && shift
driver_setup diff_agent.sh eval

find_agents diff_agent.sh

passed=0
failed=0

# run_agent BINARY FILE OUT: runs BINARY -K -w WORKDIR -f FILE, keeps its R:
# lines in OUT and its exit status in $status.
run_agent() {
    fresh_workdir
    run_limited "$1" -K -w "$tmp/work" -f "$2" >"$tmp/stdout" 2>"$tmp/stderr"
    status=$?
    report_lines <"$tmp/stdout" >"$3"
    return 0
}

run_cases diff_agent.sh "$fixtures" "$@"
