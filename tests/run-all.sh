#!/bin/sh
# Builds libparindex and runs every test: once normally (Release), once under
# AddressSanitizer + UndefinedBehaviorSanitizer, then installs it and builds
# consumers with find_package and with pkg-config.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
OUT=${PARINDEX_TEST_DIR:-$SRC/build-tests}
JOBS=$(nproc 2>/dev/null || echo 2)
rm -rf "$OUT"
mkdir -p "$OUT"

echo "== Release build and tests"
cmake -S "$SRC" -B "$OUT/release" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$OUT/release" -j "$JOBS"
ctest --test-dir "$OUT/release" --output-on-failure -j "$JOBS"

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build and tests"
cmake -S "$SRC" -B "$OUT/asan" -DCMAKE_BUILD_TYPE=Debug \
    -DPARINDEX_SANITIZE=address,undefined >/dev/null
cmake --build "$OUT/asan" -j "$JOBS"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$OUT/asan" --output-on-failure -j "$JOBS" -LE nosan

echo "== Install and consumers"
cmake --install "$OUT/release" --prefix "$OUT/prefix" >/dev/null
sh "$SRC/tests/api/consumers.sh" "$OUT/prefix" "$OUT/consumers"
echo "== all test suites passed"
