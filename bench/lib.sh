# bench/lib.sh - what the benchmark scripts share: timing two commands side
# by side with bench/pairtime (or each alone with hyperfine, or with bash's
# clock when hyperfine is missing) and measuring a command's peak RSS.
# Sourced; the caller sets $tmp (a scratch directory), $warmup,
# $use_hyperfine (yes/no), $pairtime (bench/pairtime, or empty) and
# defines die().

# median_ms RUNS CMD...: prints the median and the least wall time of CMD
# and its mean CPU time (user + system, its children's included), in ms,
# separated by blanks.
median_ms() {
    local runs=$1 i t0 t1
    shift
    if [ "$use_hyperfine" = yes ]; then
        hyperfine --style none -N -i --warmup "$warmup" --runs "$runs" \
            --export-csv "$tmp/hf.csv" -- "$(printf '%q ' "$@")" >/dev/null 2>&1 ||
            die "hyperfine failed on: $*"
        # command,mean,stddev,median,user,system,min,max in seconds
        awk -F, 'NR == 2 { printf "%.2f %.2f %.2f\n", $4 * 1000, $7 * 1000, ($5 + $6) * 1000 }' "$tmp/hf.csv"
        return
    fi
    for ((i = 0; i < warmup; i++)); do "$@" >/dev/null 2>&1 || true; done
    : >"$tmp/times"
    children_cpu_us "$tmp/cpu0"
    for ((i = 0; i < runs; i++)); do
        # (bash's clock: a date process would count as a child too)
        t0=${EPOCHREALTIME/./}
        "$@" >/dev/null 2>&1 || true
        t1=${EPOCHREALTIME/./}
        echo $((t1 - t0)) >>"$tmp/times"
    done
    children_cpu_us "$tmp/cpu1"
    sort -n "$tmp/times" | awk -v cpu=$(($(cat "$tmp/cpu1") - $(cat "$tmp/cpu0"))) -v runs="$runs" '{ v[NR] = $1 } END {
        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.2f %.2f %.2f\n", m / 1000, v[1] / 1000, cpu / runs / 1000 }'
}

# pair_ms RUNS CMD_A... --and CMD_B...: times both commands; prints
# "MEDIAN FASTEST CPU" (ms, as median_ms; CPU is the median run's with
# pairtime) for A, then for B, a line each.
# With $pairtime (bench/pairtime, when built) they take turns, a few runs
# at a time, so that a change in the machine's load weighs on both alike,
# each run started without a shell; otherwise each is timed alone by
# median_ms.
pair_ms() {
    local runs=$1 x seen=no
    shift
    if [ -n "${pairtime:-}" ] && [ -x "$pairtime" ]; then
        "$pairtime" -r "$runs" -w "$warmup" "$@" >"$tmp/pair" || die "pairtime failed on: $*"
        awk '{ print $2, $4, $6 }' "$tmp/pair"
        return
    fi
    local a=() b=()
    for x in "$@"; do
        if [ "$seen" = no ] && [ "$x" = --and ]; then
            seen=yes
        elif [ "$seen" = no ]; then
            a+=("$x")
        else
            b+=("$x")
        fi
    done
    median_ms "$runs" "${a[@]}"
    median_ms "$runs" "${b[@]}"
}

# timer_name: how pair_ms times, for the reports.
timer_name() {
    if [ -n "${pairtime:-}" ] && [ -x "$pairtime" ]; then
        echo "bench/pairtime (the two programs take turns, 5 counted runs at a time after an uncounted one, each started without a shell; CPU from wait4)"
    elif [ "$use_hyperfine" = yes ]; then
        echo "$(hyperfine --version), one program after the other"
    else
        echo "a loop timed by bash's \$EPOCHREALTIME, one program after the other"
    fi
}

# children_cpu_us FILE: writes to FILE the CPU time (user + system) this
# shell's children have used so far, in microseconds, from the times
# builtin (its second line: "0m0.012s 0m0.034s"). The builtin runs in
# this shell, not in a command substitution's (whose children are none).
children_cpu_us() {
    times >"$1.times"
    awk 'NR == 2 {
        t = 0
        for (f = 1; f <= 2; f++) { split($f, a, /[ms]/); t += a[1] * 60 + a[2] }
        printf "%d\n", t * 1000000 }' "$1.times" >"$1"
}

# peak_kb CMD...: the peak RSS of CMD in kB (the largest of three runs).
peak_kb() {
    local i best=0 kb
    for i in 1 2 3; do
        /usr/bin/time -o "$tmp/rss" -f %M "$@" >/dev/null 2>&1 || true
        kb=$(tail -n 1 "$tmp/rss")
        if [ "$kb" -gt "$best" ]; then best=$kb; fi
    done
    echo "$best"
}


# write_section NAME OUTPUT SECTION: puts SECTION (which begins with
# "<!-- bench/NAME: begin" and ends with "<!-- bench/NAME: end -->") into
# OUTPUT in place of NAME's old section, keeping the rest of the file;
# appends it when there is none, and starts the file when it is missing.
write_section() {
    local name=$1 output=$2 section=$3 new
    mkdir -p "$(dirname "$output")"
    new="$output.tmp.$$"
    if [ -f "$output" ] && grep -q "^<!-- bench/$name: begin" "$output"; then
        printf '%s\n' "$section" >"$tmp/section"
        awk -v sect="$tmp/section" -v begin="^<!-- bench/$name: begin" -v end="^<!-- bench/$name: end -->" '
            $0 ~ begin { while ((getline l < sect) > 0) print l; skip = 1; next }
            $0 ~ end { skip = 0; next }
            !skip { print }' "$output" >"$new"
    elif [ -f "$output" ]; then
        { cat "$output"; echo; printf '%s\n' "$section"; } >"$new"
    else
        {
            echo "# Benchmarks"
            echo
            echo "Each section is written by the script it names; run it again to refresh it."
            echo "Times are wall-clock (the median, and the fastest run); peak RSS is the"
            echo "maximum resident set size reported by GNU time (\`/usr/bin/time -f %M\`)."
            echo
            printf '%s\n' "$section"
        } >"$new"
    fi
    mv "$new" "$output"
}
