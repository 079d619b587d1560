#!/bin/sh
# Published figures through the parindex program:
# - PCI 2021: every total within 0.02 of the published one, and the same
#   ranks (examples/data/pci-2021-published.csv);
# - PAPI 2020: Quảng Ninh's total is exactly 48.811.
#
#   published.sh PARINDEX SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
rm -rf "$work"
mkdir -p "$work" || exit 1
cd "$src" || exit 1
fail=0

# Excel form: ';' between cells (the group names hold commas), decimal comma.
if ! "$bin" score examples/rulesets/pci.xml examples/data/pci-2021.csv --excel \
        -o "$work/pci.csv"; then
    echo "parindex score failed on PCI 2021"
    exit 1
fi
sed -e '1s/^\xEF\xBB\xBF//' -e 's/\r$//' "$work/pci.csv" >"$work/pci.txt"
awk '
    NR == FNR {
        if (FNR > 1) { pub[$1] = $2; prank[$1] = $3; n++ }
        next
    }
    FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    {
        u = $col["unit"]; t = $col["total"]; r = $col["rank"]
        sub(/,/, ".", t)
        if (!(u in pub)) { print "not in the published table: " u; bad = 1; next }
        # in hundredths, exactly: 0.02 is the tolerance, inclusive
        d = int(t * 100 + 0.5) - int(pub[u] * 100 + 0.5); if (d < 0) d = -d
        if (d > 2) { printf "%s: total %s, published %s\n", u, t, pub[u]; bad = 1 }
        if (r != prank[u]) { printf "%s: rank %s, published %s\n", u, r, prank[u]; bad = 1 }
        seen++
    }
    END {
        if (seen != n) { printf "%d units scored, %d published\n", seen, n; bad = 1 }
        if (!bad) printf "PCI 2021: %d totals within 0.02, same ranks\n", seen
        exit bad
    }' FS=',' examples/data/pci-2021-published.csv FS=';' "$work/pci.txt" || fail=1

if ! "$bin" score examples/rulesets/papi.xml examples/data/papi-2020.csv -o "$work/papi.csv"; then
    echo "parindex score failed on PAPI 2020"
    exit 1
fi
# the unit and the total: Quảng Ninh,"Tỉnh, thành phố",48.8110 -> after the
# quoted group, the first number
line=$(grep '^1,Quảng Ninh,' "$work/papi.csv")
total=$(printf '%s\n' "$line" | sed 's/^1,Quảng Ninh,"[^"]*",\([^,]*\),.*/\1/')
if [ "$total" != "48.8110" ]; then
    echo "PAPI 2020 Quảng Ninh: total '$total', expected 48.8110 (48.811 at the rule set's 4 decimals)"
    fail=1
else
    echo "PAPI 2020 Quảng Ninh: 48.8110"
fi
exit $fail
