#!/bin/sh
# Scores one malformed data file (tests/cli/malformed/NAME.csv) against
# tests/cli/rules.xml and checks that parindex exits with status 1, writes
# nothing on standard output, and prints exactly NAME.err on standard error
# (FILE:LINE:COLUMN: message).
#
#   malformed.sh PARINDEX TESTS_CLI_DIR NAME WORK_DIR
set -u
bin=$1 dir=$2 name=$3 work=$4
rm -rf "$work"
mkdir -p "$work" || exit 1
cd "$dir" || exit 1
"$bin" score rules.xml "malformed/$name.csv" -o "$work/out.csv" >"$work/stdout" 2>"$work/stderr"
status=$?
fail=0
if [ "$status" -ne 1 ]; then
    echo "exit status $status, expected 1"
    fail=1
fi
if [ -s "$work/stdout" ]; then
    echo "unexpected output:"
    cat "$work/stdout"
    fail=1
fi
if ! cmp -s "malformed/$name.err" "$work/stderr"; then
    echo "message differs:"
    echo "  expected: $(cat "malformed/$name.err")"
    echo "  got:      $(cat "$work/stderr")"
    fail=1
fi
# a failed run writes no file, not even a temporary one
if [ -n "$(ls -A "$work" | grep -v -e '^stdout$' -e '^stderr$')" ]; then
    echo "files written:"
    ls -A "$work"
    fail=1
fi
exit $fail
