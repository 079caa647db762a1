#!/usr/bin/python3
"""Metric bars with 95% confidence intervals from a sweep.

Input: ``sweep.json`` written by ``phoenix-sim sweep`` (or its folder).
One panel per metric; in each, groups of bars per sweep value, one bar per
scheduler, error bars = the 95% confidence half-width over seeds.
Writes OUT.png and OUT.svg.
"""

import argparse
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import phoenix_trace as pt  # noqa: E402

DEFAULT_METRICS = ["wake_p99_ns", "resp_p99_ns", "jain_fairness", "lag_max_abs_ns",
                   "deadline_misses", "utilization"]


def load(path):
    if os.path.isdir(path):
        path = os.path.join(path, "sweep.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def table(doc, metric):
    """{scheduler: [(value, mean, ci95)...]} in sweep order."""
    out = {}
    for r in doc["results"]:
        m = r["metrics"].get(metric)
        if m is None:
            mean, ci = float("nan"), 0.0
        else:
            mean, ci = m["mean"], m["ci95"]
        out.setdefault(r["scheduler"], []).append((r["value"], mean, ci))
    return out


def scale(metric):
    """Divisor and unit so nanosecond metrics print in ms."""
    return (1e6, " (ms)") if metric.endswith("_ns") else (1.0, "")


def label(metric):
    """A readable panel title: 'wake_p99_ns' -> 'wake p99 (ms)'."""
    name = metric[:-3] if metric.endswith("_ns") else metric
    return name.replace("_", " ") + scale(metric)[1]


def plot(doc, metrics=None):
    """Returns (fig, axes); axes[i] holds one bar container per scheduler."""
    metrics = metrics or DEFAULT_METRICS
    cols = min(3, len(metrics))
    rows = (len(metrics) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 3.8 * rows), squeeze=False)
    axes = [ax for row in axes for ax in row]
    for ax in axes[len(metrics):]:
        ax.set_visible(False)
    for ax, metric in zip(axes, metrics):
        t = table(doc, metric)
        scheds = list(t)
        values = [v for v, _, _ in t[scheds[0]]] if scheds else []
        width = 0.8 / max(1, len(scheds))
        div, _ = scale(metric)
        for i, s in enumerate(scheds):
            xs = [k + (i - (len(scheds) - 1) / 2) * width for k in range(len(values))]
            ax.bar(xs, [m / div for _, m, _ in t[s]], width, yerr=[c / div for _, _, c in t[s]],
                   capsize=3, label=s)
        ax.set_xticks(range(len(values)))
        ax.set_xticklabels(values)
        ax.set_xlabel(doc.get("param") or "")
        ax.set_title(label(metric))
        ax.grid(True, axis="y", alpha=0.3)
    axes[0].legend(fontsize=8)
    fig.suptitle("%s: mean and 95%% CI over %s seeds" % (doc.get("experiment", ""),
                                                         doc.get("seeds", "?")))
    fig.tight_layout()
    return fig, axes[:len(metrics)]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sweep", help="sweep.json or the sweep's output folder")
    ap.add_argument("-o", "--out", default="compare", help="output path without extension")
    ap.add_argument("--metrics", help="comma-separated metric names (default: %s)"
                    % ",".join(DEFAULT_METRICS))
    ap.add_argument("--formats", default="png,svg")
    a = ap.parse_args(argv)
    try:
        doc = load(a.sweep)
        metrics = a.metrics.split(",") if a.metrics else None
        known = doc["results"][0]["metrics"] if doc["results"] else {}
        for m in metrics or []:
            if m not in known:
                raise ValueError("unknown metric '%s' (have: %s)" % (m, ", ".join(known)))
        fig, _ = plot(doc, metrics)
    except (OSError, ValueError, KeyError, IndexError) as e:
        print("compare.py: %s" % e, file=sys.stderr)
        return 2
    for path in pt.save_figure(fig, a.out, a.formats.split(",")):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
