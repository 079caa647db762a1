"""Readers shared by the viz/ tools (Phoenix text traces and results folders),
and the one figure writer they all use.

A trace line (docs/trace-format.md) is ``TIME KIND cpu=N key=value ...``
with integer values; the simulator and the kernel write the same lines.
Results folders are those of ``phoenix-sim run`` (``DIR/<scheduler>/``) and
``phoenix-sim sweep`` (``DIR/runs/<scheduler>/<param>=<value>/seed-<S>/``).
Standard library only, but for save_figure, which is handed a matplotlib
figure.
"""

import csv
import json
import os


def parse_line(line):
    """One trace line -> dict(time=, kind=, cpu=, **fields), or None."""
    parts = line.split()
    if len(parts) < 3 or not parts[0].isdigit():
        return None
    rec = {"time": int(parts[0]), "kind": parts[1]}
    for p in parts[2:]:
        key, sep, val = p.partition("=")
        if not sep:
            return None
        try:
            rec[key] = int(val)
        except ValueError:
            rec[key] = val
    if "cpu" not in rec:
        return None
    return rec


def read_trace(path):
    """All records of a trace file (unparseable lines are skipped)."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = parse_line(line)
            if rec is not None:
                out.append(rec)
    return out


def cpu_slices(records, ncpu=None):
    """Per-CPU run slices: {cpu: [(start_ns, end_ns, task), ...]}.

    A slice opens at sched.switch (task=...) and closes at the next
    sched.switch or sched.idle on the same CPU, or at the last time stamp;
    zero-length stretches are dropped.
    CPUs that appear in any record get a (possibly empty) list; ncpu adds
    the CPUs 0..ncpu-1 even when they never ran anything.
    """
    slices, cur = {}, {}
    last = 0
    for r in records:
        cpu, t = r["cpu"], r["time"]
        last = max(last, t)
        slices.setdefault(cpu, [])
        if r["kind"] in ("sched.switch", "sched.idle"):
            if cpu in cur and cur[cpu][1] and t > cur[cpu][0]:
                slices[cpu].append((cur[cpu][0], t, cur[cpu][1]))
            cur[cpu] = (t, r.get("task", 0) if r["kind"] == "sched.switch" else 0)
    for cpu, (t0, task) in cur.items():
        if task and last > t0:
            slices[cpu].append((t0, last, task))
    if ncpu:
        for c in range(ncpu):
            slices.setdefault(c, [])
    return slices


def task_groups(records):
    """{task: group} from task.new records."""
    return {r["task"]: r.get("group", 0) for r in records if r["kind"] == "task.new"}


def read_summary(run_dir):
    with open(os.path.join(run_dir, "summary.json"), encoding="utf-8") as f:
        return json.load(f)


def read_latency(run_dir):
    """{"wake": [ns...], "response": [ns...]} from a run's latency.csv."""
    out = {"wake": [], "response": []}
    with open(os.path.join(run_dir, "latency.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out.setdefault(row["kind"], []).append(int(row["ns"]))
    return out


def find_runs(root):
    """Every run folder (holding summary.json) under root, sorted."""
    runs = []
    for d, _dirs, files in os.walk(root):
        if "summary.json" in files and ".tmp-" not in d:
            runs.append(d)
    return sorted(runs)


def save_figure(fig, out, formats=("png", "svg")):
    """Write OUT.<fmt> for each format, close the figure; returns the paths."""
    import matplotlib.pyplot as plt  # only the tools that draw load matplotlib

    paths = []
    for fmt in formats:
        p = "%s.%s" % (out, fmt)
        fig.savefig(p, dpi=120)
        paths.append(p)
    plt.close(fig)
    return paths
