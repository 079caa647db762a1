#!/usr/bin/python3
"""Latency CDFs, one curve per scheduler: wake-up latency, response time and,
for IPC workloads, end-to-end request latency (a panel per kind that has
samples; wake-up and response time when none has).

Input: a ``phoenix-sim run`` output folder (DIR/<scheduler>/latency.csv) or
a ``phoenix-sim sweep`` folder (DIR/runs/<scheduler>/<value>/seed-*/;
every seed of one sweep value is pooled, the first value unless --value).
Writes OUT.png and OUT.svg.
"""

import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import phoenix_trace as pt  # noqa: E402


def collect(root, value=None, info=None):
    """{scheduler: {"wake": [...], "response": [...], "request": [...]}} pooled
    over runs.
    info (a dict), if given, receives "value": the sweep folder plotted."""
    out = {}
    for run in pt.find_runs(root):
        if not os.path.exists(os.path.join(run, "latency.csv")):
            continue
        rel = os.path.relpath(run, root).split(os.sep)
        if rel[0] == "runs":
            rel = rel[1:]
        sched = pt.read_summary(run)["scheduler"]
        if len(rel) >= 3:  # sweep: <sched>/<value>/seed-S
            if value is None:
                value = rel[1]
            if rel[1] != value and rel[1].split("=")[-1] != value:
                continue
        if info is not None and len(rel) >= 3:
            info["value"] = rel[1]
        lat = pt.read_latency(run)
        d = out.setdefault(sched, {"wake": [], "response": [], "request": []})
        for k in d:
            d[k].extend(lat.get(k, []))
    return out


def cdf(values):
    v = sorted(values)
    n = len(v)
    return [x / 1e6 for x in v], [(i + 1) / n for i in range(n)]


KINDS = (("wake", "wake-up latency"), ("response", "response time"),
         ("request", "end-to-end request latency"))


def panels(data):
    """The kinds to draw: those with samples under some scheduler (wake-up
    and response time if none has any)."""
    kinds = [k for k in KINDS if any(data[s].get(k[0]) for s in data)]
    return kinds or list(KINDS[:2])


def plot(data, title=None):
    """One panel per kind of latency with samples (see panels()); one line
    per scheduler in each. Returns (fig, axes)."""
    kinds = panels(data)
    fig, axes = plt.subplots(1, len(kinds), figsize=(6 * len(kinds), 4.5), squeeze=False)
    axes = list(axes[0])
    for ax, (kind, label) in zip(axes, kinds):
        for sched in sorted(data):
            vals = [x for x in data[sched].get(kind, []) if x > 0] or data[sched].get(kind, [])
            if not vals:
                continue
            x, y = cdf(vals)
            ax.plot(x, y, label=sched, drawstyle="steps-post")
        ax.set_xscale("log")
        ax.set_xlabel(label + " (ms, log scale)")
        ax.set_ylabel("fraction of samples")
        ax.set_ylim(0, 1.01)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.suptitle(title or "latency CDFs")
    fig.tight_layout()
    return fig, axes


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results", help="phoenix-sim run or sweep output folder")
    ap.add_argument("-o", "--out", default="latency", help="output path without extension")
    ap.add_argument("--value", help="sweep value to plot (default: the first)")
    ap.add_argument("--formats", default="png,svg")
    a = ap.parse_args(argv)
    info = {}
    data = collect(a.results, a.value, info)
    if not data:
        print("latency.py: no runs with latency.csv under %s" % a.results, file=sys.stderr)
        return 2
    title = "latency CDFs" + (" (%s)" % info["value"] if "value" in info else "")
    fig, _ = plot(data, title)
    for path in pt.save_figure(fig, a.out, a.formats.split(",")):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
