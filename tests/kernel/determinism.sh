#!/bin/sh
# Runs one scenario twice under -icount and demands byte-identical console
# and trace logs. Usage: determinism.sh QEMU ELF OUTDIR NAME [-append words]
set -u
qemu=$1 elf=$2 out=$3 name=$4
shift 4
here=$(dirname "$0")
TAG=det1-$name "$here/run_scenario.sh" "$qemu" "$elf" "$out" "$name" "$@" >/dev/null || exit 1
TAG=det2-$name "$here/run_scenario.sh" "$qemu" "$elf" "$out" "$name" "$@" >/dev/null || exit 1
for f in console trace; do
    if ! cmp "$out/det1-$name.$f" "$out/det2-$name.$f"; then
        echo "determinism: $name $f logs differ between two runs" >&2
        diff "$out/det1-$name.$f" "$out/det2-$name.$f" | head -20
        exit 1
    fi
done
echo "determinism: $name console ($(wc -c < "$out/det1-$name.console") bytes) and trace ($(wc -l < "$out/det1-$name.trace") records) identical"
