#!/bin/sh
# Outputs are written atomically: a run that fails before or while writing
# leaves the previous output byte for byte as it was and no temporary file;
# a run that succeeds replaces it and keeps its permissions. Write errors are
# reported with exit status 1.
#
#   atomic.sh PARINDEX TESTS_CLI_DIR WORK_DIR
set -u
bin=$1 dir=$2 work=$3
rm -rf "$work"
mkdir -p "$work" || exit 1
cd "$dir" || exit 1
fail=0
check() { # description, expected status, actual status
    if [ "$3" -ne "$2" ]; then
        echo "FAIL $1: exit status $3, expected $2"
        fail=1
    else
        echo "ok   $1"
    fi
}
same_old() { # description
    if ! cmp -s "$work/old.csv" "$work/out.csv"; then
        echo "FAIL $1: the previous output changed"
        fail=1
    fi
    if [ "$(ls -A "$work" | grep -c -v -e '^old\.csv$' -e '^out\.csv$' -e '^err$')" -ne 0 ]; then
        echo "FAIL $1: files left behind:"
        ls -A "$work"
        fail=1
    fi
}
printf 'rank,unit\n1,the previous output\n' >"$work/old.csv"

# 1. a unit fails to score: nothing is written
cp "$work/old.csv" "$work/out.csv"
"$bin" score rules.xml data/fails.csv -o "$work/out.csv" 2>"$work/err"
check "a unit that fails to score" 1 $?
same_old "a unit that fails to score"
grep -q "denominator '2.1.total' is 0" "$work/err" || { echo "FAIL message: $(cat "$work/err")"; fail=1; }

# 2. the device fills up in the middle of the file (file size limit: the
#    first write is cut short, the next one fails)
cp "$work/old.csv" "$work/out.csv"
(trap '' XFSZ; ulimit -f 1; exec "$bin" score ../../examples/rulesets/daknong-2022-department.xml \
    ../../examples/data/daknong-2022-departments.csv -o "$work/out.csv") 2>"$work/err"
check "a write error in the middle of the output" 1 $?
same_old "a write error in the middle of the output"
grep -q "cannot write '$work/out.csv': File too large" "$work/err" ||
    { echo "FAIL message: $(cat "$work/err")"; fail=1; }

# 3. explain and compare write the same way
cp "$work/old.csv" "$work/out.csv"
(trap '' XFSZ; ulimit -f 1; exec "$bin" explain ../../examples/rulesets/daknong-2022-district.xml \
    ../../examples/data/daknong-2022-districts.csv -o "$work/out.csv") 2>"$work/err"
check "explain: a write error" 1 $?
same_old "explain: a write error"
"$bin" compare data/units.csv data/units.csv -o "$work/out.csv" 2>"$work/err"
check "compare: bad input" 1 $?
same_old "compare: bad input"

# 4. success replaces the file and keeps its permissions
cp "$work/old.csv" "$work/out.csv"
chmod 640 "$work/out.csv"
"$bin" score rules.xml data/units.csv -o "$work/out.csv"
check "a successful run" 0 $?
"$bin" score rules.xml data/units.csv >"$work/want.csv"
cmp -s "$work/want.csv" "$work/out.csv" || { echo "FAIL the output differs from standard output"; fail=1; }
case $(ls -l "$work/out.csv") in
-rw-r-----*) ;;
*) echo "FAIL permissions not kept: $(ls -l "$work/out.csv")"; fail=1 ;;
esac
rm -f "$work/want.csv"
[ "$(ls -A "$work" | grep -c '\.tmp$')" -eq 0 ] || { echo "FAIL temporary file left"; fail=1; }

# 5. a full device, as the output file and as standard output
if [ -w /dev/full ]; then
    "$bin" score rules.xml data/units.csv -o /dev/full 2>"$work/err"
    check "-o /dev/full" 1 $?
    grep -q "cannot write '/dev/full': No space left on device" "$work/err" ||
        { echo "FAIL message: $(cat "$work/err")"; fail=1; }
    "$bin" score rules.xml data/units.csv >/dev/full 2>"$work/err"
    check "standard output on /dev/full" 1 $?
    grep -q "cannot write" "$work/err" || { echo "FAIL message: $(cat "$work/err")"; fail=1; }
    [ -c /dev/full ] || { echo "FAIL /dev/full is no longer a device"; fail=1; }
fi

# 6. an output directory that does not exist
"$bin" score rules.xml data/units.csv -o "$work/missing/out.csv" 2>"$work/err"
check "a missing directory" 1 $?
grep -q "cannot write '$work/missing/out.csv': No such file or directory" "$work/err" ||
    { echo "FAIL message: $(cat "$work/err")"; fail=1; }
exit $fail
