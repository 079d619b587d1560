#!/bin/sh
# The parindex validate and diff commands on the golden files: exit statuses,
# problems on stderr as FILE:LINE:COLUMN: message, the diff listing.
# usage: cli_check.sh PARINDEX GOLDEN_DIR
set -u
PI=$1
cd "$2" || exit 1
TMP=${TMPDIR:-/tmp}/parindex-cli-check.$$
mkdir -p "$TMP" || exit 1
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# expect STATUS CMD...: run, keep stdout/stderr in $TMP/out, $TMP/err
expect() {
    want=$1
    shift
    "$@" >"$TMP/out" 2>"$TMP/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$* exited $got, expected $want"; fi
}

# usage and help
expect 0 "$PI" validate --help
grep -q '^usage: parindex validate' "$TMP/out" && ok || bad "validate --help prints no usage"
expect 2 "$PI" validate
expect 2 "$PI" validate valid/minimal.xml valid/minimal.xml
expect 2 "$PI" validate --frobnicate valid/minimal.xml
expect 0 "$PI" diff --help
grep -q '^usage: parindex diff' "$TMP/out" && ok || bad "diff --help prints no usage"
expect 2 "$PI" diff valid/minimal.xml
expect 2 "$PI" diff a.xml b.xml c.xml

# valid files: exit 0, the tree, nothing on stderr
for f in valid/*.xml; do
    expect 0 "$PI" validate "$f"
    [ "$(tail -n 1 "$TMP/out")" = "$f: valid" ] && ok || bad "$f: no 'valid' line"
    [ -s "$TMP/err" ] && bad "$f: stderr not empty" || ok
done
expect 0 "$PI" validate valid/all-features.xml
grep -q '^  1.2  *2  tiers  ' "$TMP/out" && ok || bad "the tree lacks node 1.2"
expect 0 "$PI" validate -q valid/minimal.xml
[ -s "$TMP/out" ] && bad "--quiet printed something" || ok

# invalid files: exit 1; the first line on stderr is the expected first error
for f in invalid/*.xml hostile/*.xml; do
    exp=${f%.xml}.expected
    expect 1 "$PI" validate "$f"
    pos=$(head -n 1 "$exp" | awk '{print $2 ":" $3}')
    msg=$(sed -n 2p "$exp")
    first=$(head -n 1 "$TMP/err")
    [ "$first" = "$f:$pos: $msg" ] && ok || bad "$f: stderr '$first', expected '$f:$pos: $msg'"
done

# warnings: exit 0, each on stderr; --strict makes them errors
for f in warnings/*.xml; do
    exp=${f%.xml}.expected
    expect 0 "$PI" validate "$f"
    n=$(grep -c ': warning: ' "$TMP/err")
    [ "$n" -eq "$(wc -l <"$exp")" ] && ok || bad "$f: $n warnings on stderr"
    l=$(head -n 1 "$exp")
    want="$f:$(echo "$l" | awk '{print $1 ":" $2}'): warning: $(echo "$l" | cut -d' ' -f3-)"
    [ "$(head -n 1 "$TMP/err")" = "$want" ] && ok || bad "$f: first warning '$(head -n 1 "$TMP/err")'"
    expect 1 "$PI" validate --strict "$f"
done

# a missing file
expect 1 "$PI" validate no-such-file.xml
[ "$(head -n 1 "$TMP/err")" = "no-such-file.xml:0:0: cannot open the file: No such file or directory" ] \
    && ok || bad "missing file: '$(head -n 1 "$TMP/err")'"

# diff: the listing, exit 0 whether or not the rule sets differ
expect 0 "$PI" diff diff/old.xml diff/new.xml
cmp -s "$TMP/out" diff/expected.txt && ok || { bad "diff output differs:"; diff diff/expected.txt "$TMP/out" >&2; }
expect 0 "$PI" diff diff/old.xml diff/old.xml
[ "$(tail -n 1 "$TMP/out")" = "no differences" ] && ok || bad "diff of a file with itself"
expect 1 "$PI" diff diff/old.xml invalid/schema-max-zero.xml
grep -q '^invalid/schema-max-zero.xml:4:38: ' "$TMP/err" && ok || bad "diff does not report the invalid file"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
