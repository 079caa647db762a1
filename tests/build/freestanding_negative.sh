#!/usr/bin/env bash
# Proves the freestanding link check can fail: builds a one-function archive
# with core_kernel's flags that calls strlen (a libc symbol) and one that calls
# a 128-bit division (a libgcc helper), and demands that the check rejects
# both, and accepts an archive that needs only plat_* hooks.
# usage: freestanding_negative.sh CC LD NM CMAKE SOURCE_DIR
set -u
CC=$1 LD=$2 NM=$3 CMAKE=$4 SRC=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
flags="-ffreestanding -nostdlib -fno-builtin -mno-red-zone -mgeneral-regs-only -fno-pic -mcmodel=kernel -O2"

check() { # name, C source, expected result (pass|fail)
    printf '%s\n' "$2" >"$tmp/$1.c"
    $CC $flags -c "$tmp/$1.c" -o "$tmp/$1.o" || { echo "compile failed"; exit 1; }
    ar rcs "$tmp/lib$1.a" "$tmp/$1.o"
    if $CMAKE -DARCHIVE="$tmp/lib$1.a" -DLINKER="$LD" -DNM="$NM" \
        -P "$SRC/cmake/check_freestanding.cmake" >"$tmp/$1.log" 2>&1; then got=pass; else got=fail; fi
    if [ "$got" != "$3" ]; then
        echo "FAIL: $1: expected the check to $3, it did $got"; cat "$tmp/$1.log"; exit 1
    fi
    echo "ok: $1 -> $got"
}
check libc 'unsigned long strlen(const char *); unsigned long f(const char *s) { return strlen(s); }' fail
check libgcc 'unsigned __int128 f(unsigned __int128 a, unsigned __int128 b) { return a / b; }' fail
check hooks 'void plat_log(const char *); void f(void) { plat_log("x"); }' pass
echo "1 passed, 0 failed"
