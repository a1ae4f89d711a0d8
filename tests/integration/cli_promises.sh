#!/bin/sh
# cli_promises.sh - the command line of minicf-promises and hostile input.
#
# Every case runs $MINICF_PROMISES under `timeout` and checks:
#   - the exit status: 0 valid, 1 invalid, 2 usage error; never a crash
#     (>= 128) and never a timeout;
#   - the first line of standard error: the one line that says what is
#     wrong (a usage error is followed by the usage text; a policy error by
#     the source line, a caret, and the summary line
#     "minicf-promises: FILE: N error(s), the policy is not valid"). The
#     patterns hold what must be said (the file, "error:", the reason from
#     strerror) rather than the whole wording, which golden.sh pins down;
#   - standard output: empty, except for --help, --version and --json.
#
# Environment (exported by `make check`):
#   MINICF_PROMISES  the binary to test (default: minicf-promises in PATH)
#   MINICF_SRCDIR    unused: every input is generated in a temporary directory
#   CLI_TIMEOUT      seconds allowed per case (default 20)
#
# On an empty file: minicf-promises -f EMPTY exits 1 with "Bundle 'main'
# listed in the bundlesequence is not a defined bundle", as
# `cf-promises -c -w DIR -f EMPTY` (3.21.0) does: with no body common
# control the bundlesequence is "main". With --syntax-only an empty file is
# valid (exit 0, no output).
#
# The unreadable-file case needs a process that file permissions apply to:
# as root it drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH with setpriv(1);
# when that is not possible it is skipped (and says so), not failed.
#
# Prints one line per failure or skip and last "N passed, N failed".
# Exit status: 0 all passed, 1 any failed.

set -u

MINICF_PROMISES=${MINICF_PROMISES:-minicf-promises}
TIMEOUT_SECS=${CLI_TIMEOUT:-20}
NAME=minicf-promises

if ! command -v "$MINICF_PROMISES" >/dev/null 2>&1; then
    echo "cli_promises.sh: MINICF_PROMISES ($MINICF_PROMISES) not found" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
case $MINICF_PROMISES in
    /*) ;;
    */*) MINICF_PROMISES=$(cd "$(dirname "$MINICF_PROMISES")" && pwd)/$(basename "$MINICF_PROMISES") ;;
esac
if ! command -v timeout >/dev/null 2>&1; then
    echo "cli_promises.sh: timeout(1) is required" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cli_promises.XXXXXX") || exit 1
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 130' HUP INT TERM
cd "$tmp" || exit 1

passed=0
failed=0
skipped=0

# run ARGS...: runs the binary in $tmp; sets $status, $out and $err (files)
# and $first (the first line of standard error).
run() {
    timeout "$TIMEOUT_SECS" "$MINICF_PROMISES" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    status=$?
    first=$(head -n 1 "$tmp/err")
}

# check NAME STATUS ERR_PATTERN [stdout]: the last run must have exited with
# STATUS, its first line of standard error must match the grep -E pattern
# ERR_PATTERN ("" : standard error must be empty), and standard output must
# be empty unless the fourth argument is "stdout".
check() {
    case_name=$1
    want_status=$2
    pattern=$3
    problems=""
    if [ "$status" -eq 124 ]; then
        problems="$problems; timed out after ${TIMEOUT_SECS}s"
    elif [ "$status" -ge 128 ]; then
        problems="$problems; killed by signal $((status - 128))"
    elif [ "$status" -ne "$want_status" ]; then
        problems="$problems; exit status $status, expected $want_status"
    fi
    if [ -z "$pattern" ]; then
        if [ -s "$tmp/err" ]; then
            problems="$problems; unexpected standard error: $first"
        fi
    elif ! printf '%s\n' "$first" | grep -Eq -- "$pattern"; then
        problems="$problems; first line of standard error is '$first', expected /$pattern/"
    fi
    if [ "${4:-}" != stdout ] && [ -s "$tmp/out" ]; then
        problems="$problems; unexpected standard output"
    fi
    if [ "$want_status" -eq 1 ] && [ -z "$problems" ]; then
        # a rejected policy ends with the summary line
        if ! tail -n 1 "$tmp/err" | grep -q "^$NAME: .*: [0-9][0-9]* errors\{0,1\}, the policy is not valid\$"; then
            problems="$problems; no summary line at the end of standard error"
        fi
    fi
    if [ -n "$problems" ]; then
        failed=$((failed + 1))
        echo "FAIL $case_name:${problems#;}"
    else
        passed=$((passed + 1))
    fi
}

skip() {
    skipped=$((skipped + 1))
    echo "SKIP $1: $2"
}

printf 'bundle agent main\n{\n  reports:\n    "hello";\n}\n' >good.cf

# ---- options ------------------------------------------------------------------

run --help
check "--help" 0 "" stdout
grep -q '^Usage: minicf-promises' "$tmp/out" || { failed=$((failed + 1)); echo "FAIL --help: no usage on standard output"; }
run -h
check "-h" 0 "" stdout
run --version
check "--version" 0 "" stdout
grep -q '^minicf-promises [0-9]' "$tmp/out" || { failed=$((failed + 1)); echo "FAIL --version: no version on standard output"; }
run -V
check "-V" 0 "" stdout

run --no-such-option
check "unknown option" 2 "(unrecognized|unknown) option.*--no-such-option"
run -Z
check "unknown short option" 2 "(invalid|unrecognized) option.*Z"
run -f good.cf stray
check "stray argument" 2 "^$NAME: unexpected argument 'stray'$"
run -f
check "-f without its argument" 2 "option requires an argument.*f"
run -s yaml
check "-s with a format other than json" 2 "^$NAME: -s takes 'json', got 'yaml'$"

run -f good.cf
check "a valid policy" 0 ""
run -c -w "$tmp" -D some_class -f good.cf
check "cf-promises compatible options" 0 ""
# -D defines classes before evaluation: here a class guards an inputs list
# naming a missing file, which only then must be loaded (as cf-promises).
printf 'body common control\n{\n  bundlesequence => { "main" };\n  myclass::\n    inputs => { "missing.cf" };\n}\nbundle agent main\n{\n}\n' >guarded.cf
run -f guarded.cf
check "-D: the guarded inputs are not loaded without the class" 0 ""
run -D other,myclass -f guarded.cf
check "-D a,b defines both classes" 1 "guarded.cf:5:17: error: Can't stat file .*missing.cf"
sed 's/myclass::/my_class::/' guarded.cf >guarded2.cf
run -D my-class -f guarded2.cf
check "-D canonifies the class name" 1 "guarded2.cf:5:17: error: Can't stat file .*missing.cf"
MINICF_POLICY="$tmp/good.cf" run
check "MINICF_POLICY names the policy" 0 ""
MINICF_POLICY="$tmp/nonexistent.cf" run
check "MINICF_POLICY names a missing file" 1 "^$tmp/nonexistent.cf: error: .*No such file or directory"

# ---- files that are not policies ---------------------------------------------

run -f missing.cf
check "missing file" 1 "^missing.cf: error: .*No such file or directory"

cp good.cf unreadable.cf
chmod 000 unreadable.cf
if [ "$(id -u)" -ne 0 ]; then
    run -f unreadable.cf
    check "unreadable file" 1 "^unreadable.cf: error: .*Permission denied"
elif command -v setpriv >/dev/null 2>&1 &&
    setpriv --bounding-set -dac_override,-dac_read_search true 2>/dev/null; then
    timeout "$TIMEOUT_SECS" setpriv --bounding-set -dac_override,-dac_read_search \
        "$MINICF_PROMISES" -f unreadable.cf >"$tmp/out" 2>"$tmp/err" </dev/null
    status=$?
    first=$(head -n 1 "$tmp/err")
    check "unreadable file (root without CAP_DAC_*)" 1 "^unreadable.cf: error: .*Permission denied"
else
    skip "unreadable file" "running as root and cannot drop CAP_DAC_OVERRIDE with setpriv, so chmod 000 does not stop reading"
fi
chmod 600 unreadable.cf

mkdir adir
run -f adir
check "a directory" 1 "^adir: error: .*directory"

# /dev/null reads as an empty policy, as cf-promises -c reads it: no main bundle
run -f /dev/null
check "a character device" 1 "^/dev/null: error: Bundle 'main' listed in the bundlesequence is not a defined bundle"


: >empty.cf
run -f empty.cf
check "empty file (as cf-promises -c: no main bundle)" 1 "^empty.cf: error: Bundle 'main' listed in the bundlesequence is not a defined bundle"
run --syntax-only empty.cf
check "empty file, --syntax-only" 0 ""

printf '\177ELF\002\001\001\000\000\000binary' >binary.cf
run -f binary.cf
check "binary file" 1 "^binary.cf:1:2: error: .*control byte 0x7f \\(binary data\\?\\)$"
# A NUL byte after the last block ends the input, as in 3.21: valid, with a warning.
printf 'bundle agent main\n{\n  reports:\n    "x";\n}\n\000\001\002\377binary' >nul_after.cf
run -f nul_after.cf
check "NUL byte after the last block" 0 "^nul_after.cf:6:1: warning: a NUL byte ends the policy here"
# Random bytes with the NULs taken out: a NUL ends the policy (tested
# above), so one among the first bytes would make this a different test.
head -c 4096 /dev/urandom | tr -d '\000' >random.cf
run -f random.cf
check "random bytes" 1 "^random.cf(:[0-9]+:[0-9]+)?: error: "

# 100 MB: over the size limit, refused at once.
if head -c 100000000 /dev/zero 2>/dev/null | tr '\0' '#' >big.cf; then
    run -f big.cf
    check "100 MB file" 1 "^big.cf: error: policy file is too large \\(100000000 bytes, the limit is [0-9]+\\)$"
else
    failed=$((failed + 1))
    echo "FAIL 100 MB file: cannot write it in $tmp"
fi
rm -f big.cf

# 10 MB on one line, under the limit: read, rejected, caret line bounded.
head -c 10000000 /dev/zero | tr '\0' 'x' >longline.cf
run -f longline.cf
check "10 MB on one line" 1 "^longline.cf:1:10000001: error: identifier too long \\(10000000 bytes; at most 1023\\)$"
if [ "$(wc -c <"$tmp/err")" -gt 2000 ]; then
    failed=$((failed + 1))
    echo "FAIL 10 MB on one line: the diagnostic is $(wc -c <"$tmp/err") bytes, expected the line to be cut"
fi

# 1 MB of words: a long run of tokens with blanks between them must be read
# in linear time (every case has CLI_TIMEOUT seconds).
awk 'BEGIN { for (i = 0; i < 500000; i++) printf "a "; print "" }' >words.cf
run -f words.cf
check "1 MB of words on one line" 1 "^words.cf:1:2: error: "

# A FIFO with no writer: not a regular file, reported, never waited on.
if mkfifo fifo.cf 2>/dev/null; then
    run -f fifo.cf
    check "a FIFO" 1 "^fifo.cf: error: .*not a regular file"
else
    skip "a FIFO" "mkfifo failed"
fi

# Deep nesting: calls nested 10 deep are refused as 3.21 refuses them, and
# reading stops there, so 20000 of them neither crash nor exhaust the
# parser's stack. (One call a line, so that this case does not depend on
# the one above.)
awk 'BEGIN { printf "bundle agent main { vars: \"v\" string =>\n"; for (i = 0; i < 20000; i++) printf "f(\n"; printf "\"x\""; for (i = 0; i < 20000; i++) printf ")"; print "; }" }' >deep.cf
run -f deep.cf
check "20000 nested calls" 1 "^deep.cf:11:3: error: Nesting of functions is deeper than recommended"

# ---- inputs -------------------------------------------------------------------

cat >cycle_a.cf <<'EOF'
body common control
{
  inputs => { "cycle_b.cf" };
}
bundle agent main
{
  methods:
    "b" usebundle => from_b;
}
EOF
cat >cycle_b.cf <<'EOF'
body file control
{
  inputs => { "cycle_a.cf" };
}
bundle agent from_b
{
  reports:
    "b";
}
EOF
run -f cycle_a.cf
check "include cycle (each file read once)" 0 ""
run -f "$tmp/cycle_a.cf"
check "include cycle, absolute path" 0 ""

cat >self.cf <<'EOF'
body common control
{
  inputs => { "self.cf", "./self.cf" };
}
bundle agent main
{
  reports:
    "self";
}
EOF
run -f self.cf
check "a file that inputs itself" 0 ""

cat >missing_input.cf <<'EOF'
body common control
{
  inputs => { "no_such_input.cf" };
}
bundle agent main
{
  reports:
    "x";
}
EOF
run -f missing_input.cf
check "missing input file" 1 "^(missing_input.cf:[0-9]+:[0-9]+|no_such_input.cf): error: .*No such file or directory"
mkdir sub
cp missing_input.cf sub/
run -f sub/missing_input.cf
check "missing input, relative to the main file's directory" 1 "^(sub/missing_input.cf:[0-9]+:[0-9]+: error: .*sub/no_such_input.cf|sub/no_such_input.cf: error: ).*No such file or directory"

# 3.21 loads the same contents once, under any name: two inputs with the
# same text define their bundle once; with different text, twice.
cat >same_a.cf <<'EOF'
bundle agent same_x
{
  reports:
    "x";
}
EOF
cp same_a.cf same_b.cf
cat >same_contents.cf <<'EOF'
body common control
{
  inputs => { "same_a.cf", "same_b.cf" };
}
bundle agent main
{
  reports:
    "x";
}
EOF
run -f same_contents.cf
check "two inputs with the same contents are loaded once" 0 ""
echo '# not the same any more' >>same_b.cf
run -f same_contents.cf
check "two inputs with different contents are both loaded" 1 "^same_b.cf:[0-9]+:[0-9]+: error: Duplicate definition of bundle same_x"

cat >input_dir.cf <<'EOF'
body common control
{
  inputs => { "adir" };
}
bundle agent main
{
  reports:
    "x";
}
EOF
run -f input_dir.cf
check "input that is a directory" 1 "^(input_dir.cf:[0-9]+:[0-9]+|adir): error: .*(adir.*directory|directory.*adir|directory)"

# ---- --syntax-only and -f -----------------------------------------------------

cat >undefined_seq.cf <<'EOF'
body common control
{
  bundlesequence => { "main", "not_defined_anywhere" };
}
bundle agent main
{
  reports:
    "x";
}
EOF
run --syntax-only undefined_seq.cf
check "--syntax-only: undefined bundle in the bundlesequence accepted" 0 ""
run -f undefined_seq.cf
check "-f: undefined bundle in the bundlesequence rejected" 1 "^undefined_seq.cf(:[0-9]+:[0-9]+)?: error: Bundle 'not_defined_anywhere' listed in the bundlesequence is not a defined bundle"

cat >syntax_error.cf <<'EOF'
bundle agent main
{
  reports:
    "x"
}
EOF
run --syntax-only syntax_error.cf
check "--syntax-only: a syntax error is still an error" 1 "^syntax_error.cf:5:2: error: Expected ';', got '}'$"

# ---- --json -------------------------------------------------------------------

if command -v jq >/dev/null 2>&1; then
    cat >json.cf <<'EOF'
bundle agent main(x)
{
  vars:
    "v" string => concat("a", $(x)), comment => "c";
  linux::
    "w" slist => { "one", two };
}
bundle common other
{
  reports:
    "r" -> { "p" };
}
body perms p
{
  mode => "600";
}
EOF
    run --json -f json.cf
    check "--json" 0 "" stdout
    if ! jq -e . "$tmp/out" >/dev/null 2>&1; then
        failed=$((failed + 1))
        echo "FAIL --json: standard output is not JSON"
    else
        names=$(jq -r '[.bundles[] | .namespace + ":" + .bundleType + ":" + .name] | join(" ")' "$tmp/out" 2>/dev/null)
        bodies=$(jq -r '[.bodies[] | .bodyType + ":" + .name] | join(" ")' "$tmp/out" 2>/dev/null)
        if [ "$names" = "default:agent:main default:common:other" ] && [ "$bodies" = "perms:p" ]; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
            echo "FAIL --json: bundles '$names', bodies '$bodies'"
        fi
    fi
    run --json -f syntax_error.cf
    check "--json on an invalid policy prints no JSON" 1 "^syntax_error.cf:5:2: error: "
else
    skip "--json" "jq is not installed"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
