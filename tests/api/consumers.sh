#!/bin/sh
# Builds a small program against an installed libparindex, once through
# find_package(parindex) and once through pkg-config, and runs both.
set -eu
PREFIX=$1
WORK=$2
rm -rf "$WORK"
mkdir -p "$WORK/cmake"
cat > "$WORK/main.c" <<'C'
#include <stdio.h>
#include <parindex/parindex.h>
int main(void)
{
    parindex_fixed v;
    if (parindex_fixed_parse("0.3335", &v) != PARINDEX_OK)
        return 1;
    char buf[16];
    parindex_fixed_format(v, 3, '.', buf, sizeof buf);
    printf("libparindex %s: %s\n", parindex_version_string(), buf);
    return parindex_version_number() == PARINDEX_VERSION_NUMBER ? 0 : 1;
}
C
cat > "$WORK/cmake/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.21)
project(consumer C)
find_package(parindex 0.1 REQUIRED)
add_executable(consumer ../main.c)
target_link_libraries(consumer PRIVATE parindex::parindex)
add_executable(consumer_static ../main.c)
target_link_libraries(consumer_static PRIVATE parindex::parindex_static)
CM
cmake -S "$WORK/cmake" -B "$WORK/cmake/build" -DCMAKE_PREFIX_PATH="$PREFIX" >/dev/null
cmake --build "$WORK/cmake/build" >/dev/null
LD_LIBRARY_PATH="$PREFIX/lib:$PREFIX/lib64:${LD_LIBRARY_PATH:-}" "$WORK/cmake/build/consumer"
"$WORK/cmake/build/consumer_static"

PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig:$PREFIX/lib64/pkgconfig"
export PKG_CONFIG_PATH
# shellcheck disable=SC2046
cc -std=c11 -o "$WORK/consumer_pc" "$WORK/main.c" $(pkg-config --cflags --libs libparindex)
LD_LIBRARY_PATH="$PREFIX/lib:$PREFIX/lib64:${LD_LIBRARY_PATH:-}" "$WORK/consumer_pc"
# shellcheck disable=SC2046
cc -std=c11 -o "$WORK/consumer_pc_static" "$WORK/main.c" $(pkg-config --static --cflags libparindex) \
    "$PREFIX/lib/libparindex.a" $(pkg-config --static --libs-only-l --libs-only-L libxml-2.0) -lm -lpthread
"$WORK/consumer_pc_static"
echo "consumers: find_package and pkg-config both work"
