#!/bin/sh
# What the simulator decides is what the kernel decides: the Beatty slot
# sequence of the kernel's `sched` scenario (3 CPU-bound domains, weights
# 3:2:1, 600 slots on real timer interrupts) must equal, slot for slot,
# `phoenix-sim slots --policy beatty --weights 3,2,1 --slots 600`.
# Usage: sim_match.sh QEMU ELF OUTDIR PHOENIX_SIM
set -u
qemu=$1 elf=$2 out=$3 sim=$4
here=$(dirname "$0")
TAG=sim-match "$here/run_scenario.sh" "$qemu" "$elf" "$out" sched >/dev/null || exit 1
sed -n 's/^sched: beatty slots [0-9]*: //p' "$out/sim-match.console" | tr -d '\n' > "$out/sim-match.kernel"
"$sim" slots --policy beatty --weights 3,2,1 --slots 600 | tr -d '\n' > "$out/sim-match.sim" || exit 1
n=$(wc -c < "$out/sim-match.kernel")
if [ "$n" -ne 600 ]; then
    echo "sim_match: expected 600 kernel slots, found $n" >&2
    exit 1
fi
if ! cmp "$out/sim-match.kernel" "$out/sim-match.sim"; then
    echo "sim_match: kernel and simulator slot sequences differ" >&2
    exit 1
fi
echo "sim_match: kernel and phoenix-sim agree on all 600 Beatty slots"
