#!/bin/sh
# Runs one golden case of the parindex program and compares its exit status,
# standard output, standard error and written files with the expected ones,
# byte for byte.
#
#   run_case.sh PARINDEX SOURCE_DIR CASE_DIR WORK_DIR
#
# CASE_DIR/args     the arguments, one per line; @WORK@ stands for WORK_DIR.
#                   The program runs in SOURCE_DIR, so paths (and the file
#                   names in messages) are relative to the repository.
# CASE_DIR/stdout   expected standard output (absent: must be empty)
# CASE_DIR/stderr   expected standard error (absent: must be empty)
# CASE_DIR/status   expected exit status (absent: 0)
# CASE_DIR/files/F  expected content of WORK_DIR/F
#
# With PARINDEX_UPDATE_GOLDEN=1 the expected files are rewritten from what
# the program does (review the diff before committing).
set -u
bin=$1 src=$2 case=$3 work=$4
rm -rf "$work"
mkdir -p "$work" || exit 1
cd "$src" || exit 1

set --
while IFS= read -r line || [ -n "$line" ]; do
    set -- "$@" "$(printf '%s' "$line" | sed "s|@WORK@|$work|g")"
done <"$case/args"

"$bin" "$@" >"$work/.stdout" 2>"$work/.stderr"
status=$?

if [ "${PARINDEX_UPDATE_GOLDEN:-0}" = 1 ]; then
    for s in stdout stderr; do
        if [ -s "$work/.$s" ]; then cp "$work/.$s" "$case/$s"; else rm -f "$case/$s"; fi
    done
    if [ "$status" -ne 0 ]; then echo "$status" >"$case/status"; else rm -f "$case/status"; fi
    for f in "$work"/*; do
        [ -f "$f" ] || continue
        mkdir -p "$case/files" && cp "$f" "$case/files/"
    done
    echo "updated $case"
    exit 0
fi

fail=0
want=0
[ -f "$case/status" ] && want=$(cat "$case/status")
if [ "$status" -ne "$want" ]; then
    echo "exit status $status, expected $want"
    fail=1
fi
for s in stdout stderr; do
    if [ -f "$case/$s" ]; then
        if ! cmp -s "$case/$s" "$work/.$s"; then
            echo "$s differs from $case/$s:"
            diff "$case/$s" "$work/.$s" | head -20
            fail=1
        fi
    elif [ -s "$work/.$s" ]; then
        echo "unexpected $s:"
        head -20 "$work/.$s"
        fail=1
    fi
done
if [ -d "$case/files" ]; then
    for f in "$case/files"/*; do
        n=$(basename "$f")
        if ! cmp -s "$f" "$work/$n"; then
            echo "file $n differs from $f:"
            diff "$f" "$work/$n" | head -20
            fail=1
        fi
    done
fi
# no temporary file may be left behind
if ls -A "$work" | grep -q '\.tmp$'; then
    echo "temporary files left in $work:"
    ls -A "$work"
    fail=1
fi
exit $fail
