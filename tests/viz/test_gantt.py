"""viz/gantt.py on real simulator output: one track per CPU with the bars the
trace says, and the DAG-schedule form (phoenix-sim dag --json layout)."""

import json
import os
import subprocess
import sys

import pytest

SRC = os.environ.get("PHOENIX_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("PHOENIX_BUILD", os.path.join(SRC, "build"))
sys.path.insert(0, os.path.join(SRC, "viz"))

import gantt  # noqa: E402
import phoenix_trace as pt  # noqa: E402

EXPERIMENT = """
duration: 60ms
seeds: [3]
schedulers: [beatty, rr]
machine: {cpus: 3, quantum: 2ms, tick: 1ms, context_switch: 5us}
groups:
  - {name: web, count: 4, behaviour: interactive, burst: exp(300us), sleep: exp(3ms)}
  - {name: batch, count: 3, behaviour: cpu-bound}
"""


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("gantt")
    exp = d / "g.yaml"
    exp.write_text(EXPERIMENT)
    sim = os.path.join(BUILD, "sim", "phoenix-sim")
    subprocess.run([sim, "run", str(exp), "--out", str(d / "out")], check=True,
                   stdout=subprocess.DEVNULL)
    return d / "out" / "beatty"


def test_one_track_per_cpu(run_dir):
    records = pt.read_trace(run_dir / "trace.txt")
    fig, ax, tracks = gantt.plot_trace(records, ncpu=3)
    assert tracks == 3
    assert [t.get_text() for t in ax.get_yticklabels()] == ["CPU 0", "CPU 1", "CPU 2"]
    # One bar collection per CPU, holding exactly the trace's run slices.
    slices = pt.cpu_slices(records, 3)
    bars = [len(c.get_paths()) for c in ax.collections]
    assert bars == [len(slices[c]) for c in range(3)]
    assert sum(bars) > 20
    # The CPUs are busy (3 batch tasks never sleep): every track covers the run.
    for c in range(3):
        busy = sum(t1 - t0 for t0, t1, _ in slices[c])
        assert busy > 0.9 * 60e6
    out = gantt.save(fig, str(run_dir / "g"))
    assert all(os.path.getsize(p) > 1000 for p in out)


def test_legend_names_the_groups(run_dir):
    records = pt.read_trace(run_dir / "trace.txt")
    names = gantt.group_names(str(run_dir))
    assert names == ["web", "batch"]
    _, ax, _ = gantt.plot_trace(records, ncpu=3, group_names=names)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["web", "batch"]
    # Without names the legend still tells the groups apart.
    _, ax, _ = gantt.plot_trace(records, ncpu=3)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["group 0", "group 1"]


def test_single_group_is_coloured_by_task(tmp_path):
    # A kernel trace has every domain in group 0; so has a one-group run.
    exp = tmp_path / "one.yaml"
    exp.write_text("duration: 20ms\nseeds: [1]\nschedulers: [beatty]\n"
                   "machine: {cpus: 1, quantum: 1ms, tick: 1ms}\n"
                   "groups:\n  - {name: spin, count: 3, behaviour: cpu-bound}\n")
    sim = os.path.join(BUILD, "sim", "phoenix-sim")
    subprocess.run([sim, "run", str(exp), "--out", str(tmp_path / "o")], check=True,
                   stdout=subprocess.DEVNULL)
    records = pt.read_trace(tmp_path / "o" / "beatty" / "trace.txt")
    _, ax, _ = gantt.plot_trace(records, ncpu=1)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(labels) == 3 and all(lab.startswith("task ") for lab in labels)
    assert "colour = task)" in ax.get_title()


def test_cli_from_run_folder(run_dir, tmp_path):
    r = subprocess.run([sys.executable, os.path.join(SRC, "viz", "gantt.py"), str(run_dir),
                        "-o", str(tmp_path / "x"), "--end", "20"], capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "x.png").stat().st_size > 1000
    assert "<svg" in (tmp_path / "x.svg").read_text()[:400]


def test_dag_schedule(tmp_path):
    doc = {"makespan": 9, "policy": "heft", "procs": 2, "schedule": [
        {"task": "a", "proc": 0, "start": 0, "end": 3},
        {"task": "b", "proc": 1, "start": 3, "end": 5},
        {"task": "c", "proc": 0, "start": 3, "end": 9}]}
    fig, ax, procs = gantt.plot_dag(doc)
    assert procs == 2
    assert len(ax.collections) == 3
    assert sorted(t.get_text() for t in ax.texts) == ["a", "b", "c"]
    p = tmp_path / "dag.json"
    p.write_text(json.dumps(doc))
    r = subprocess.run([sys.executable, os.path.join(SRC, "viz", "gantt.py"), "-",
                        "-o", str(tmp_path / "d")], input=json.dumps(doc),
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "d.svg").exists()
    fig.clf()


def test_bad_input_is_refused(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text('{"policy": "x"}')
    r = subprocess.run([sys.executable, os.path.join(SRC, "viz", "gantt.py"), str(p),
                        "-o", str(tmp_path / "b")], capture_output=True, text=True)
    assert r.returncode == 2
    assert "schedule" in r.stderr


def test_chrome_trace_for_perfetto(run_dir):
    """trace.json is Chrome trace-event JSON: a named track per CPU and one
    complete event per run slice of trace.txt, with the same times."""
    doc = json.loads((run_dir / "trace.json").read_text())
    ev = doc["traceEvents"]
    names = {e["tid"]: e["args"]["name"] for e in ev
             if e["ph"] == "M" and e["name"] == "thread_name"}
    assert names == {0: "CPU 0", 1: "CPU 1", 2: "CPU 2"}
    slices = pt.cpu_slices(pt.read_trace(run_dir / "trace.txt"), 3)
    for cpu in range(3):
        xs = [e for e in ev if e["ph"] == "X" and e["tid"] == cpu]
        assert len(xs) == len(slices[cpu])
        for e, (t0, t1, task) in zip(xs, slices[cpu]):
            assert e["name"] == "task %d" % task
            assert abs(e["ts"] - t0 / 1000) < 1e-6 and abs(e["dur"] - (t1 - t0) / 1000) < 1e-6


def test_dag_schedule_from_phoenix_sim(tmp_path):
    """The DAG form on real `phoenix-sim dag --json` output: one track per
    processor, one labelled bar per task, and the makespan marked."""
    sim = os.path.join(BUILD, "sim", "phoenix-sim")
    r = subprocess.run([sim, "dag", "gen:n=24,fat=0.5,density=0.5,regularity=0.9,jump=1,"
                        "ccr=0,cost=20,seed=3", "--cpus", "3", "--json"],
                       capture_output=True, text=True, check=True)
    doc = json.loads(r.stdout)
    fig, ax, procs = gantt.plot_dag(doc)
    assert procs == 3
    assert [t.get_text() for t in ax.get_yticklabels()] == ["P0", "P1", "P2"]
    assert len(ax.collections) == len(doc["schedule"]) == 24
    assert sorted(t.get_text() for t in ax.texts) == sorted(s["task"] for s in doc["schedule"])
    assert ax.lines[0].get_xdata()[0] == doc["makespan"]
    out = gantt.save(fig, str(tmp_path / "dag"))
    assert all(os.path.getsize(p) > 1000 for p in out)
