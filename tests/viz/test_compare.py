"""viz/compare.py on a real sweep: one panel per metric, one bar series per
scheduler with one bar per sweep value, heights and error bars equal to
sweep.json's means and 95% intervals (which are checked against the runs)."""

import json
import math
import os
import subprocess
import sys

import pytest

SRC = os.environ.get("PHOENIX_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("PHOENIX_BUILD", os.path.join(SRC, "build"))
sys.path.insert(0, os.path.join(SRC, "viz"))

import compare  # noqa: E402
import phoenix_trace as pt  # noqa: E402

SCHEDULERS = ["beatty", "stride", "rr"]
EXPERIMENT = """
duration: 100ms
seeds: [1, 2, 3]
schedulers: [%s]
machine: {cpus: 2, quantum: 2ms}
groups:
  - {name: web, count: 4, behaviour: interactive, burst: exp(300us), sleep: exp(3ms)}
  - {name: batch, count: 2, behaviour: cpu-bound}
sweep:
  param: machine.cpus
  values: [1, 2]
""" % ", ".join(SCHEDULERS)


@pytest.fixture(scope="module")
def sweep_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("cmp")
    exp = d / "c.yaml"
    exp.write_text(EXPERIMENT)
    sim = os.path.join(BUILD, "sim", "phoenix-sim")
    r = subprocess.run([sim, "sweep", str(exp), "--out", str(d / "sw"), "--jobs", "2"],
                       check=True, capture_output=True, text=True)
    assert "run 18/18" in r.stdout  # not a terminal: plain progress lines
    return d / "sw"


def test_sweep_aggregates_runs(sweep_dir):
    doc = compare.load(str(sweep_dir))
    assert len(doc["results"]) == len(SCHEDULERS) * 2
    for res in doc["results"]:
        runs = pt.find_runs(str(sweep_dir / "runs" / res["scheduler"] /
                                ("machine.cpus=" + res["value"])))
        vals = [pt.read_summary(r)["metrics"]["utilization"] for r in runs]
        assert res["n"] == len(vals) == 3
        mean = sum(vals) / 3
        sd = math.sqrt(sum((v - mean) ** 2 for v in vals) / 2)
        assert abs(res["metrics"]["utilization"]["mean"] - mean) < 1e-6
        assert abs(res["metrics"]["utilization"]["ci95"] - 4.303 * sd / math.sqrt(3)) < 1e-6


def test_bars_match_sweep(sweep_dir):
    doc = compare.load(str(sweep_dir))
    metrics = ["wake_p99_ns", "utilization"]
    fig, axes = compare.plot(doc, metrics)
    assert len(axes) == 2
    for ax, metric in zip(axes, metrics):
        assert len(ax.containers) >= len(SCHEDULERS)
        bars = [c for c in ax.containers if hasattr(c, "patches")]
        assert len(bars) == len(SCHEDULERS)
        div = 1e6 if metric.endswith("_ns") else 1
        for sched, cont in zip(SCHEDULERS, bars):
            want = [r["metrics"][metric]["mean"] / div for r in doc["results"]
                    if r["scheduler"] == sched]
            got = [p.get_height() for p in cont.patches]
            assert len(got) == 2
            assert all(abs(a - b) < 1e-9 for a, b in zip(got, want))
    fig.clf()


def test_resume_skips_finished_runs(sweep_dir):
    exp = sweep_dir.parent / "c.yaml"
    sim = os.path.join(BUILD, "sim", "phoenix-sim")
    r = subprocess.run([sim, "sweep", str(exp), "--out", str(sweep_dir)], check=True,
                       capture_output=True, text=True)
    assert "18 already done" in r.stdout


def test_cli(sweep_dir, tmp_path):
    r = subprocess.run([sys.executable, os.path.join(SRC, "viz", "compare.py"),
                        str(sweep_dir / "sweep.json"), "-o", str(tmp_path / "c")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "c.png").stat().st_size > 1000
    r = subprocess.run([sys.executable, os.path.join(SRC, "viz", "compare.py"),
                        str(sweep_dir), "--metrics", "nope"], capture_output=True, text=True)
    assert r.returncode == 2 and "nope" in r.stderr


def test_bad_experiment_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("duration: 1s\nschedulers: [rr]\ngroups:\n  - behaviour: cpu-bound\n"
                   "    weight: heavy\n")
    sim = os.path.join(BUILD, "sim", "phoenix-sim")
    for cmd in ("run", "sweep"):
        r = subprocess.run([sim, cmd, str(bad), "--out", str(tmp_path / cmd)],
                           capture_output=True, text=True)
        assert r.returncode == 2
        assert "%s:5: weight: expected an integer" % bad in r.stderr
        assert not (tmp_path / cmd).exists()


def test_interrupted_sweep_keeps_runs_and_resumes(tmp_path):
    """SIGINT after the first finished run: exit 130, finished runs kept, no
    half-written folder published; the rerun does only the rest."""
    import signal
    exp = tmp_path / "i.yaml"
    exp.write_text(EXPERIMENT.replace("seeds: [1, 2, 3]", "seeds: [1, 2, 3, 4, 5, 6]")
                   .replace("duration: 100ms", "duration: 400ms"))
    sim = os.path.join(BUILD, "sim", "phoenix-sim")
    out = tmp_path / "sw"
    p = subprocess.Popen([sim, "sweep", str(exp), "--out", str(out), "--jobs", "1"],
                         stdout=subprocess.PIPE, text=True)
    for line in p.stdout:
        if line.startswith("run 1/"):
            p.send_signal(signal.SIGINT)
            break
    rest = p.stdout.read()
    assert p.wait() == 130
    assert "interrupted" in rest
    runs = pt.find_runs(str(out))
    total = len(SCHEDULERS) * 2 * 6
    assert 1 <= len(runs) < total
    for r in runs:  # every published run is complete
        assert pt.read_summary(r)["metrics"]["events"] > 0
    assert not (out / "sweep.json").exists()
    r = subprocess.run([sim, "sweep", str(exp), "--out", str(out), "--jobs", "2"],
                       capture_output=True, text=True, check=True)
    assert "(%d already done)" % len(runs) in r.stdout
    assert len(pt.find_runs(str(out))) == total
    assert (out / "sweep.json").exists()
    leftovers = [d for d, _, _ in os.walk(out) if ".tmp-" in d]
    assert leftovers == []
