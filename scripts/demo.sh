#!/bin/sh
# `make demo`: the default experiment, end to end. Runs the mixed
# interactive + batch workload (sim/experiments/mixed.yaml) once per
# scheduler with full traces, then the sweep over batch load (schedulers x
# load x seeds, in parallel), and draws every plot; then the IPC and DAG
# example experiments (one run per scheduler each). Everything lands under
# out/demo/; the last lines say where.
#   usage: scripts/demo.sh BUILD_DIR
set -eu
build=${1:?usage: scripts/demo.sh BUILD_DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
sim="$build/sim/phoenix-sim"
py=/usr/bin/python3
exp="$here/sim/experiments/mixed.yaml"
out="$here/out/demo"
[ -x "$sim" ] || { echo "demo: $sim not built (run make)" >&2; exit 1; }
mkdir -p "$out/plots"

echo "== one run per scheduler (traces): $out/run"
"$sim" run "$exp" --out "$out/run"

echo "== sweep over batch load: $out/sweep"
"$sim" sweep "$exp" --out "$out/sweep"

echo "== plots: $out/plots"
for d in "$out"/run/*/; do
    s=$(basename "$d")
    "$py" "$here/viz/gantt.py" "$d" --end 100 -o "$out/plots/gantt-$s" >/dev/null
done
"$py" "$here/viz/latency.py" "$out/run" -o "$out/plots/latency" >/dev/null
"$py" "$here/viz/compare.py" "$out/sweep/sweep.json" -o "$out/plots/compare" >/dev/null

echo "== IPC workloads (RPC chain + pipeline beside batch tasks): $out/ipc"
"$sim" run "$here/sim/experiments/ipc.yaml" --out "$out/ipc" --no-trace
"$py" "$here/viz/latency.py" "$out/ipc" -o "$out/plots/ipc-latency" >/dev/null

echo "== DAG jobs sharing the CPUs by Beatty weight: $out/dag"
"$sim" run "$here/sim/experiments/dag.yaml" --out "$out/dag" --no-trace

echo
echo "demo results in $out/:"
echo "  run/<scheduler>/     summary.json, tasks.csv, latency.csv, trace.txt, trace.json (open in https://ui.perfetto.dev)"
echo "  sweep/sweep.json     mean and 95% CI per scheduler and batch load (sweep.csv alike)"
echo "  ipc/<scheduler>/     requests.csv: end-to-end latency of every IPC request"
echo "  dag/<policy>/        jobs.csv: makespan and slowdown of every DAG job"
echo "  plots/               gantt-<scheduler>, latency, compare, ipc-latency (.png and .svg)"
