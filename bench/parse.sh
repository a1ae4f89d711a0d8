#!/bin/bash
# parse.sh - minicf-promises against CFEngine 3.21's cf-promises on Debian's
# masterfiles, side by side in one run.
#
# Usage: bench/parse.sh [--quick] [--write | --no-write] [--output FILE]
#
# Two cases:
#   1. the real job: the whole masterfiles policy, promises.cf and every
#      file its inputs name:
#        minicf-promises -f MASTERFILES/promises.cf
#        cf-promises -c -w WORKDIR -f MASTERFILES/promises.cf
#   2. every .cf file under MASTERFILES once each, in one loop:
#        minicf-promises --syntax-only FILE
#        cf-promises -w WORKDIR -f FILE
#      cf-promises has no syntax-only mode: without -c it still loads the
#      inputs a file names, so the two columns do not do the same work.
#
# For each: the median wall time, the ratio of the medians, the peak RSS
# (the largest of /usr/bin/time -f %M over the runs measured) and the exit
# codes. The two programs take turns, a few runs at a time, timed by
# bench/pairtime (built by make, next to MINICF_PROMISES), so that a change
# in the machine's load weighs on both alike; without it, each is timed alone, by hyperfine when
# installed, by a loop timed with bash's $EPOCHREALTIME otherwise.
#
# --quick     few runs, for CI (prints the table, writes no file unless
#             --write is given too)
# --write     write the results into docs/benchmarks.md (the default
#             without --quick), replacing this benchmark's section only
# --no-write  print the results only
# --output F  write into F instead of docs/benchmarks.md
#
# Environment: MINICF_PROMISES (default: ./minicf-promises of the source
# tree, which must be built), CF_PROMISES (default: cf-promises),
# MASTERFILES (default: /usr/share/cfengine3/masterfiles), MINICF_PAIRTIME
# (default: bench/pairtime next to MINICF_PROMISES; set it empty to time
# each program alone), BENCH_NO_HYPERFINE (set: time with bash's clock
# even when hyperfine is installed).
#
# Needs cf-promises (apt-get install cfengine3) and GNU time (apt-get
# install time); hyperfine (apt-get install hyperfine) is optional.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cmdline="bash bench/parse.sh${*:+ $*}"

quick=no
write=
output="$top/docs/benchmarks.md"
while [ $# -gt 0 ]; do
    case $1 in
        --quick) quick=yes ;;
        --write) write=yes ;;
        --no-write) write=no ;;
        --output)
            [ $# -ge 2 ] || { echo "parse.sh: --output needs a file" >&2; exit 2; }
            output=$2
            shift
            ;;
        -h | --help)
            sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
            exit 0
            ;;
        *) echo "parse.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done
if [ -z "$write" ]; then
    if [ "$quick" = yes ]; then write=no; else write=yes; fi
fi
if [ "$quick" = yes ]; then
    runs1=5 runs2=2 warmup=1
else
    runs1=30 runs2=5 warmup=3
fi

minicf=${MINICF_PROMISES:-$top/minicf-promises}
cfp=${CF_PROMISES:-cf-promises}
mf=${MASTERFILES:-/usr/share/cfengine3/masterfiles}

die() { echo "parse.sh: $*" >&2; exit 1; }
[ -x "$minicf" ] || die "$minicf is not built (autoreconf -fi && ./configure && make)"
command -v "$cfp" >/dev/null 2>&1 || die "$cfp not found (apt-get install cfengine3)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install time)"
[ -f "$mf/promises.cf" ] || die "$mf/promises.cf not found (apt-get install cfengine3)"
minicf=$(cd "$(dirname "$minicf")" && pwd)/$(basename "$minicf")
cfp=$(command -v "$cfp")

use_hyperfine=no
if [ -z "${BENCH_NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null 2>&1; then
    use_hyperfine=yes
fi
pairtime=${MINICF_PAIRTIME-$(dirname "$minicf")/bench/pairtime}
[ -x "$pairtime" ] || pairtime=

tmp=$(mktemp -d "${TMPDIR:-/tmp}/parse-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
work="$tmp/work"
mkdir -p "$work"

# Every .cf file, in a stable order. Two scripts run the per-file loop, so
# that both programs are timed the same way (one sh, 79 processes).
find "$mf" -type f -name '*.cf' | LC_ALL=C sort >"$tmp/files"
nfiles=$(wc -l <"$tmp/files")
{
    while IFS= read -r f; do printf '"%s" --syntax-only "%s" >/dev/null 2>&1\n' "$minicf" "$f"; done <"$tmp/files"
    echo 'exit 0'
} >"$tmp/each-minicf.sh"
{
    while IFS= read -r f; do printf '"%s" -w "%s" -f "%s" >/dev/null 2>&1\n' "$cfp" "$work" "$f"; done <"$tmp/files"
    echo 'exit 0'
} >"$tmp/each-cf.sh"

# pair_ms, timer_name and peak_kb
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

# status CMD...: the exit code of CMD.
status() {
    local rc=0
    "$@" >/dev/null 2>&1 || rc=$?
    echo "$rc"
}

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'; }

timer=$(timer_name)
echo "parse.sh: $nfiles files under $mf; timing with $timer" >&2

# Case 1: the whole policy.
echo "parse.sh: case 1, $mf/promises.cf ($runs1 runs each)" >&2
m1_rc=$(status "$minicf" -f "$mf/promises.cf")
c1_rc=$(status "$cfp" -c -w "$work" -f "$mf/promises.cf")
load=$(cut -d ' ' -f 1-3 /proc/loadavg)
{
    read -r m1_ms m1_min _
    read -r c1_ms c1_min _
} < <(pair_ms "$runs1" "$minicf" -f "$mf/promises.cf" --and "$cfp" -c -w "$work" -f "$mf/promises.cf")
m1_kb=$(peak_kb "$minicf" -f "$mf/promises.cf")
c1_kb=$(peak_kb "$cfp" -c -w "$work" -f "$mf/promises.cf")

# Case 2: each file once.
echo "parse.sh: case 2, each of the $nfiles files once ($runs2 runs of the loop each)" >&2
{
    read -r m2_ms m2_min _
    read -r c2_ms c2_min _
} < <(pair_ms "$runs2" sh "$tmp/each-minicf.sh" --and sh "$tmp/each-cf.sh")
m2_ok=0 m2_bad=0 c2_ok=0 c2_bad=0 m2_kb=0 c2_kb=0
while IFS= read -r f; do
    rc=0
    /usr/bin/time -o "$tmp/rss" -f %M "$minicf" --syntax-only "$f" >/dev/null 2>&1 || rc=$?
    if [ "$rc" -eq 0 ]; then m2_ok=$((m2_ok + 1)); else m2_bad=$((m2_bad + 1)); fi
    kb=$(tail -n 1 "$tmp/rss")
    if [ "$kb" -gt "$m2_kb" ]; then m2_kb=$kb; fi
    rc=0
    /usr/bin/time -o "$tmp/rss" -f %M "$cfp" -w "$work" -f "$f" >/dev/null 2>&1 || rc=$?
    if [ "$rc" -eq 0 ]; then c2_ok=$((c2_ok + 1)); else c2_bad=$((c2_bad + 1)); fi
    kb=$(tail -n 1 "$tmp/rss")
    if [ "$kb" -gt "$c2_kb" ]; then c2_kb=$kb; fi
done <"$tmp/files"

# The report.
cpu=$(grep -m 1 '^model name' /proc/cpuinfo | sed 's/^[^:]*: *//' || true)
[ -n "$cpu" ] || cpu=$(uname -m)
commit=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$top" status --porcelain --untracked-files=no 2>/dev/null || true)" ]; then
    commit="$commit (with uncommitted changes)"
fi
cfver=$("$cfp" -V 2>/dev/null | head -n 1 || echo unknown)
r1=$(ratio "$c1_ms" "$m1_ms")
r2=$(ratio "$c2_ms" "$m2_ms")
verdict1=$(awk -v r="$r1" -v k="$m1_kb" 'BEGIN {
    s = (r + 0 >= 10) ? "met" : "not met"
    t = (k + 0 < 5120) ? "met" : "not met"
    printf "speed target %s (%sx, target 10x); memory target %s (%.1f MB, target < 5 MB)", s, r, t, k / 1024 }')

section=$(cat <<EOF
<!-- bench/parse.sh: begin (this section is rewritten by bench/parse.sh) -->
## Parsing and checking masterfiles (\`bench/parse.sh\`)

Produced by \`$cmdline\` on $(date -u '+%Y-%m-%d %H:%M UTC'): minicf $commit
against $cfver, $nfiles \`.cf\` files under \`$mf\`.
Machine: $(nproc) CPUs, $cpu; load average $load when the timing began
(other work on the machine makes the times vary; the fastest run is shown too);
timing: $timer.

Targets (issue 2): at least 10 times faster than \`cf-promises\` on the whole
masterfiles policy, with a peak RSS under 5 MB.

**Case 1, the whole policy** (median of $runs1 runs, after $warmup warm-up):

| program | command | exit | median wall | fastest | peak RSS |
| --- | --- | ---: | ---: | ---: | ---: |
| minicf-promises | \`minicf-promises -f $mf/promises.cf\` | $m1_rc | $m1_ms ms | $m1_min ms | $(mb "$m1_kb") MB |
| cf-promises | \`cf-promises -c -w \$TMPDIR -f $mf/promises.cf\` | $c1_rc | $c1_ms ms | $c1_min ms | $(mb "$c1_kb") MB |

cf-promises / minicf-promises, medians: **${r1}x** (fastest runs: $(ratio "$c1_min" "$m1_min")x);
$verdict1.

**Case 2, each file alone** (one loop over the $nfiles files, median of $runs2 runs, after $warmup warm-up):

| program | command, per file | accepted / rejected | median wall, whole loop | fastest | peak RSS, largest |
| --- | --- | ---: | ---: | ---: | ---: |
| minicf-promises | \`minicf-promises --syntax-only FILE\` | $m2_ok / $m2_bad | $m2_ms ms | $m2_min ms | $(mb "$m2_kb") MB |
| cf-promises | \`cf-promises -w \$TMPDIR -f FILE\` | $c2_ok / $c2_bad | $c2_ms ms | $c2_min ms | $(mb "$c2_kb") MB |

cf-promises / minicf-promises, medians: **${r2}x** (fastest runs: $(ratio "$c2_min" "$m2_min")x).
cf-promises has no syntax-only mode: without \`-c\` it still reads the files a
file's \`inputs\` name and makes its other load-time checks, while
\`--syntax-only\` reads the one file, so the two rows do not do the same work.
<!-- bench/parse.sh: end -->
EOF
)

printf '%s\n' "$section"

if [ "$write" = yes ]; then
    write_section "parse.sh" "$output" "$section"
    echo "parse.sh: wrote $output" >&2
fi
