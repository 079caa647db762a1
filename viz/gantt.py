#!/usr/bin/python3
"""Per-CPU timeline (Gantt chart) of a Phoenix trace, or of a DAG schedule.

Input is one of:
  * a trace file (docs/trace-format.md) or a run folder holding trace.txt:
    one horizontal track per CPU, one bar per stretch a task ran, coloured
    by task group;
  * the JSON printed by ``phoenix-sim dag --json`` (a file, or - for stdin):
    ``{"makespan", "policy", "procs", "schedule": [{task, proc, start, end}]}``,
    one track per processor, bars labelled with task names.
Writes OUT.png and OUT.svg (matplotlib, Agg).
"""

import argparse
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import phoenix_trace as pt  # noqa: E402

COLORS = plt.get_cmap("tab10").colors


def plot_trace(records, start=None, end=None, ncpu=None, title=None, group_names=None):
    """Figure with one track per CPU; returns (fig, ax, ncpu_tracks).

    The legend names each task group drawn, from group_names (index ->
    name, e.g. the experiment's groups) or as "group N" without them. A
    trace with a single group (a kernel run, where every domain is group 0)
    is coloured by task instead, so the domains can be told apart."""
    slices = pt.cpu_slices(records, ncpu)
    groups = pt.task_groups(records)
    by_task = len(set(groups.values())) <= 1
    if by_task:
        groups = {t: t for c in slices for _, _, t in slices[c]}
    cpus = sorted(slices)
    fig, ax = plt.subplots(figsize=(12, 1.0 + 0.5 * max(1, len(cpus))))
    t_lo = min((s[0] for c in cpus for s in slices[c]), default=0)
    t_hi = max((s[1] for c in cpus for s in slices[c]), default=1)
    lo = t_lo if start is None else start
    hi = t_hi if end is None else end
    drawn = set()
    for row, cpu in enumerate(cpus):
        bars, colors = [], []
        for t0, t1, task in slices[cpu]:
            a, b = max(t0, lo), min(t1, hi)
            if b <= a:
                continue
            bars.append((a / 1e6, (b - a) / 1e6))
            group = groups.get(task, task)
            drawn.add(group)
            colors.append(COLORS[group % len(COLORS)])
        ax.broken_barh(bars, (row - 0.4, 0.8), facecolors=colors, linewidth=0)
    ax.set_yticks(range(len(cpus)))
    ax.set_yticklabels(["CPU %d" % c for c in cpus])
    ax.set_ylim(-0.6, len(cpus) - 0.4)
    ax.set_xlim(lo / 1e6, hi / 1e6)
    ax.invert_yaxis()
    ax.set_xlabel("time (ms)")
    ax.set_title(title or "per-CPU timeline (colour = %s)" % ("task" if by_task else "task group"))
    names = [] if by_task else list(group_names or [])
    kind = "task" if by_task else "group"
    handles = [Patch(color=COLORS[g % len(COLORS)],
                     label=names[g] if g < len(names) else "%s %d" % (kind, g))
               for g in sorted(drawn)][:len(COLORS)]
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0),
                  fontsize=8, frameon=False)
    fig.tight_layout()
    return fig, ax, len(cpus)


def plot_dag(doc, title=None):
    """Figure of a DAG schedule (phoenix-sim dag --json); returns (fig, ax, procs)."""
    procs = int(doc.get("procs", 0)) or 1 + max((s["proc"] for s in doc["schedule"]), default=0)
    fig, ax = plt.subplots(figsize=(12, 1.0 + 0.6 * procs))
    for i, s in enumerate(sorted(doc["schedule"], key=lambda s: (s["start"], s["proc"]))):
        w = s["end"] - s["start"]
        ax.broken_barh([(s["start"], w)], (s["proc"] - 0.4, 0.8),
                       facecolors=COLORS[i % len(COLORS)], edgecolor="black", linewidth=0.5)
        ax.text(s["start"] + w / 2, s["proc"], str(s["task"]), ha="center", va="center",
                fontsize=7, clip_on=True)
    ax.axvline(doc["makespan"], color="red", linestyle="--", linewidth=1)
    ax.set_yticks(range(procs))
    ax.set_yticklabels(["P%d" % p for p in range(procs)])
    ax.set_ylim(-0.6, procs - 0.4)
    ax.invert_yaxis()
    ax.set_xlabel("time")
    ax.set_title(title or "DAG schedule: %s, makespan %s" % (doc.get("policy", "?"),
                                                                doc["makespan"]))
    fig.tight_layout()
    return fig, ax, procs


def save(fig, out, formats=("png", "svg")):
    """Write out.<fmt> for each format; returns the paths."""
    return pt.save_figure(fig, out, formats)


def load_input(path):
    """('dag', doc) or ('trace', records, ncpu) from a path or '-'."""
    if path == "-":
        return ("dag", json.load(sys.stdin), None)
    if os.path.isdir(path):
        ncpu = None
        if os.path.exists(os.path.join(path, "summary.json")):
            ncpu = pt.read_summary(path)["experiment"]["cpus"]
        return ("trace", pt.read_trace(os.path.join(path, "trace.txt")), ncpu)
    with open(path, encoding="utf-8") as f:
        head = f.read(1)
    if head == "{":
        with open(path, encoding="utf-8") as f:
            return ("dag", json.load(f), None)
    return ("trace", pt.read_trace(path), None)


def group_names(path):
    """Task group names of a run folder (from its summary.json), else []."""
    summary = os.path.join(path, "summary.json") if os.path.isdir(path) else None
    if not summary or not os.path.exists(summary):
        return []
    groups = pt.read_summary(path)["experiment"].get("groups") or []
    return [g.get("name", "group %d" % i) for i, g in enumerate(groups)]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", help="trace file, run folder, DAG schedule JSON, or - (stdin)")
    ap.add_argument("-o", "--out", default="gantt", help="output path without extension")
    ap.add_argument("--start", type=float, help="window start (ms, traces only)")
    ap.add_argument("--end", type=float, help="window end (ms, traces only)")
    ap.add_argument("--formats", default="png,svg", help="comma-separated: png,svg")
    a = ap.parse_args(argv)
    try:
        kind, data, ncpu = load_input(a.input)
        if kind == "dag":
            if "schedule" not in data or "makespan" not in data:
                raise ValueError("DAG JSON needs 'schedule' and 'makespan'")
            fig, _, _ = plot_dag(data)
        else:
            if not data:
                raise ValueError("no trace records in %s" % a.input)
            fig, _, _ = plot_trace(data, None if a.start is None else a.start * 1e6,
                                   None if a.end is None else a.end * 1e6, ncpu,
                                   group_names=group_names(a.input))
    except (OSError, ValueError, KeyError) as e:
        print("gantt.py: %s" % e, file=sys.stderr)
        return 2
    for p in save(fig, a.out, a.formats.split(",")):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
