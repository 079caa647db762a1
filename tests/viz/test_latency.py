"""viz/latency.py on real simulator output: one CDF curve per scheduler in
each panel, and each curve is the CDF of that scheduler's latency.csv."""

import csv
import os
import subprocess
import sys

import pytest

SRC = os.environ.get("PHOENIX_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("PHOENIX_BUILD", os.path.join(SRC, "build"))
sys.path.insert(0, os.path.join(SRC, "viz"))

import latency  # noqa: E402
import phoenix_trace as pt  # noqa: E402

SCHEDULERS = ["beatty", "stride", "rr"]
EXPERIMENT = """
duration: 200ms
seeds: [5]
schedulers: [%s]
machine: {cpus: 2, quantum: 2ms}
groups:
  - {name: web, count: 6, behaviour: interactive, burst: exp(200us), sleep: exp(2ms)}
  - {name: batch, count: 2, behaviour: cpu-bound}
""" % ", ".join(SCHEDULERS)


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("lat")
    exp = d / "l.yaml"
    exp.write_text(EXPERIMENT)
    sim = os.path.join(BUILD, "sim", "phoenix-sim")
    subprocess.run([sim, "run", str(exp), "--out", str(d / "out"), "--no-trace"], check=True,
                   stdout=subprocess.DEVNULL)
    return d / "out"


def test_one_curve_per_scheduler(out_dir):
    data = latency.collect(str(out_dir))
    assert sorted(data) == sorted(SCHEDULERS)
    fig, axes = latency.plot(data)
    for ax in axes:
        assert len(ax.get_lines()) == len(SCHEDULERS)
        assert sorted(t.get_text() for t in ax.get_legend().get_texts()) == sorted(SCHEDULERS)
    # The wake-up curve of each scheduler ends at its maximum and reaches 1.
    for line in axes[0].get_lines():
        sched = line.get_label()
        lat = pt.read_latency(str(out_dir / sched))["wake"]
        xs, ys = line.get_data()
        assert ys[-1] == 1.0
        assert abs(xs[-1] - max(lat) / 1e6) < 1e-9
        assert len(xs) == len([v for v in lat if v > 0])
    fig.clf()


def test_cli(out_dir, tmp_path):
    r = subprocess.run([sys.executable, os.path.join(SRC, "viz", "latency.py"), str(out_dir),
                        "-o", str(tmp_path / "l")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "l.png").stat().st_size > 1000
    r = subprocess.run([sys.executable, os.path.join(SRC, "viz", "latency.py"),
                        str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 2


IPC_SCHEDULERS = ["beatty", "lottery", "rr"]
IPC_EXPERIMENT = """
duration: 200ms
schedulers: [%s]
machine: {cpus: 1, quantum: 2ms, context_switch: 5us}
ipc:
  - {name: rpc, kind: chain, clients: 2, arrival: poisson(4ms), client_cost: 20us,
     hops: [exp(100us), exp(200us)]}
groups:
  - {name: batch, count: 1, behaviour: cpu-bound}
""" % ", ".join(IPC_SCHEDULERS)


@pytest.fixture(scope="module")
def ipc_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("ipclat")
    exp = d / "i.yaml"
    exp.write_text(IPC_EXPERIMENT)
    sim = os.path.join(BUILD, "sim", "phoenix-sim")
    subprocess.run([sim, "run", str(exp), "--out", str(d / "out"), "--no-trace"], check=True,
                   stdout=subprocess.DEVNULL)
    return d / "out"


def test_ipc_request_panel(ipc_dir):
    """IPC runs: a wake-up panel and a request-latency panel, one curve per
    scheduler, each the CDF of that scheduler's requests.csv latencies."""
    data = latency.collect(str(ipc_dir))
    assert sorted(data) == sorted(IPC_SCHEDULERS)
    assert [k for k, _ in latency.panels(data)] == ["wake", "request"]
    fig, axes = latency.plot(data)
    assert len(axes) == 2
    for line in axes[1].get_lines():
        sched = line.get_label()
        with open(os.path.join(str(ipc_dir), sched, "requests.csv"), encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        lat = [int(r["latency_ns"]) for r in rows]
        assert lat and all(int(r["done_ns"]) - int(r["issue_ns"]) == int(r["latency_ns"])
                           for r in rows)
        xs, ys = line.get_data()
        assert ys[-1] == 1.0
        assert abs(xs[-1] - max(lat) / 1e6) < 1e-9
        assert len(xs) == len(lat)
    assert sorted(l.get_label() for l in axes[1].get_lines()) == sorted(IPC_SCHEDULERS)
    fig.clf()
