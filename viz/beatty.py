#!/usr/bin/python3
"""Draw the Beatty scheduler beside stride and lottery.

For one weight set, runs `phoenix-sim slots` once per policy and draws two
rows: on top, which task ran in each slot (one marker per slot, one row per
task); below, each task's lag over time, lag_i(t) = received_i(t) - w_i t / W,
computed exactly with fractions from the slot sequence. Beatty's lag stays
inside (-1, 1); stride's can leave it; lottery's wanders off like a random
walk. Writes PREFIX.png and PREFIX.svg.

Importable: run_slots(), run_lag(), lag_series(), make_figure(), main().
"""

import argparse
import os
import subprocess
import sys
from fractions import Fraction

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

DEFAULT_POLICIES = ("beatty", "stride", "lottery")


def default_sim():
    """The phoenix-sim binary: $PHOENIX_BUILD/sim/phoenix-sim, else ./build."""
    build = os.environ.get("PHOENIX_BUILD", "build")
    return os.path.join(build, "sim", "phoenix-sim")


class SimError(RuntimeError):
    """phoenix-sim refused the input or failed; .status is its exit status."""

    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


def _sim(args, sim):
    sim = sim or default_sim()
    if not os.path.exists(sim):
        raise SimError(f"phoenix-sim not found at {sim} (set PHOENIX_BUILD or --sim)", 2)
    proc = subprocess.run([sim, "slots"] + args, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SimError(proc.stderr.strip() or f"phoenix-sim exited {proc.returncode}",
                       proc.returncode)
    return proc.stdout


def _weights_arg(weights):
    return ",".join(str(w) for w in weights)


def run_slots(policy, weights, slots, sim=None, seed=1):
    """The 0-based task index that ran in each of `slots` unit slots."""
    out = _sim(["--policy", policy, "--weights", _weights_arg(weights),
                "--slots", str(slots), "--seed", str(seed)], sim)
    return [int(line) for line in out.split()]


def run_lag(policy, weights, slots, sim=None, seed=1):
    """phoenix-sim's per-task maximum |lag| over the run, as floats."""
    out = _sim(["--policy", policy, "--weights", _weights_arg(weights),
                "--slots", str(slots), "--seed", str(seed), "--lag"], sim)
    lags = {}
    for line in out.splitlines():
        idx, value = line.split()
        lags[int(idx)] = float(value)
    return [lags[i] for i in range(len(weights))]


def lag_series(seq, weights):
    """Exact lag of each task after each slot: a list per task of Fractions,
    element t-1 being received_i(t) - w_i t / W."""
    total = sum(weights)
    got = [0] * len(weights)
    series = [[] for _ in weights]
    for t, who in enumerate(seq, start=1):
        got[who] += 1
        for i, w in enumerate(weights):
            series[i].append(got[i] - Fraction(w * t, total))
    return series


def make_figure(weights, slots, policies=DEFAULT_POLICIES, sim=None, seed=1):
    """A figure with one column per policy: slot map on top, lags below.
    Returns (figure, {policy: slot sequence})."""
    fig, axes = plt.subplots(2, len(policies), figsize=(5 * len(policies), 7),
                             squeeze=False, sharex=True)
    seqs = {}
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for col, policy in enumerate(policies):
        seq = run_slots(policy, weights, slots, sim, seed)
        seqs[policy] = seq
        top, bottom = axes[0][col], axes[1][col]
        for i in range(len(weights)):
            xs = [t for t, who in enumerate(seq) if who == i]
            top.scatter(xs, [i] * len(xs), s=12, marker="s",
                        color=colors[i % len(colors)], label=f"task {i} (w={weights[i]})")
        top.set_title(f"{policy}: task run in each slot")
        top.set_ylabel("task")
        top.set_yticks(range(len(weights)))
        top.invert_yaxis()
        series = lag_series(seq, weights)
        for i, lag in enumerate(series):
            bottom.plot(range(1, len(lag) + 1), [float(x) for x in lag],
                        color=colors[i % len(colors)], linewidth=1, label=f"task {i}")
        for y in (-1, 1):
            bottom.axhline(y, color="grey", linestyle=":", linewidth=0.8)
        worst = max((abs(float(x)) for s in series for x in s), default=0.0)
        bottom.set_title(f"{policy}: lag (max |lag| {worst:.3f})")
        bottom.set_xlabel("slot")
        bottom.set_ylabel("received - w/W * t")
    axes[0][0].legend(loc="upper right", fontsize="small")
    fig.suptitle(f"weights {_weights_arg(weights)}, {slots} slots")
    fig.tight_layout()
    return fig, seqs


def _parse_weights(text):
    try:
        weights = [int(x) for x in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"weights must be integers: '{text}'")
    if not weights or min(weights) <= 0:
        raise argparse.ArgumentTypeError(f"weights must be positive: '{text}'")
    return weights


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Draw Beatty beside stride and lottery: slot map and lag per task "
                    "(runs phoenix-sim slots).")
    ap.add_argument("--weights", type=_parse_weights, default=[5, 3, 2, 1],
                    help="comma-separated positive integer weights (default 5,3,2,1)")
    ap.add_argument("--slots", type=int, default=60, help="number of unit slots (default 60)")
    ap.add_argument("--policies", default=",".join(DEFAULT_POLICIES),
                    help="comma-separated policies (default beatty,stride,lottery)")
    ap.add_argument("--seed", type=int, default=1, help="seed for lottery (default 1)")
    ap.add_argument("--sim", default=None, help="path to phoenix-sim")
    ap.add_argument("--out", default="beatty", help="output prefix: PREFIX.png and PREFIX.svg")
    args = ap.parse_args(argv)
    if args.slots < 1:
        ap.error("--slots must be at least 1")
    try:
        fig, _ = make_figure(args.weights, args.slots, args.policies.split(","), args.sim,
                             args.seed)
    except SimError as e:
        print(f"beatty.py: {e}", file=sys.stderr)
        return 2 if e.status == 2 else 1
    for ext in ("png", "svg"):
        fig.savefig(f"{args.out}.{ext}")
    plt.close(fig)
    print(f"wrote {args.out}.png and {args.out}.svg")
    return 0


if __name__ == "__main__":
    sys.exit(main())
