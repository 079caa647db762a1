"""Tests for viz/dag.py on real `phoenix-sim dag` output, and for the
command's JSON shape and its refusal of bad inputs (exit 2, file:line)."""

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

SRC = os.environ.get("PHOENIX_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("PHOENIX_BUILD", os.path.join(SRC, "build"))
SHARED = os.environ.get("PHOENIX_SHARED", os.path.join(SRC, "..", "shared"))
SIM = os.path.join(BUILD, "sim", "phoenix-sim")
DATA = os.path.join(SRC, "tests", "sim", "data")
SVGNS = "{http://www.w3.org/2000/svg}"

sys.path.insert(0, os.path.join(SRC, "viz"))
import dag  # noqa: E402


def sim(*args):
    return subprocess.run([SIM, "dag", *args], capture_output=True, text=True)


def schedule(tmp_path, graph, *args):
    r = sim(graph, "--json", *args)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "sched.json"
    out.write_text(r.stdout)
    return json.loads(r.stdout), str(out)


def svg_nodes(path):
    """{title: (fill, stroke)} for every node group in a Graphviz SVG."""
    root = ET.parse(path).getroot()
    found = {}
    for g in root.iter(SVGNS + "g"):
        if g.get("class") != "node":
            continue
        title = g.find(SVGNS + "title").text
        shape = next(e for e in g if e.tag in (SVGNS + "path", SVGNS + "polygon", SVGNS + "ellipse"))
        found[title] = (shape.get("fill"), shape.get("stroke"))
    return found


def test_heft_example_picture(tmp_path):
    s, spath = schedule(tmp_path, os.path.join(DATA, "heft.dot"))
    assert list(s) == ["makespan", "policy", "procs", "schedule"]
    assert s["makespan"] == 80 and s["policy"] == "heft" and s["procs"] == 3
    assert all(list(x) == ["task", "proc", "start", "end"] for x in s["schedule"])
    out = tmp_path / "heft.svg"
    rc = dag.main([os.path.join(DATA, "heft.dot"), "--schedule", spath, "-o", str(out),
                   "--dot", str(tmp_path / "heft.dot")])
    assert rc == 0
    nodes = svg_nodes(out)
    assert sorted(nodes) == sorted("n%d" % i for i in range(1, 11))
    by_task = {x["task"]: x["proc"] for x in s["schedule"]}
    for name, (fill, stroke) in nodes.items():
        assert fill == dag.PALETTE[by_task[name]], name
    critical = {n for n, (_, stroke) in nodes.items() if stroke == dag.CRITICAL}
    # The paper's critical path (CPOP's |CP| = 108 = rank of n1).
    assert critical == {"n1", "n2", "n9", "n10"}
    assert len({f for f, _ in nodes.values()}) == len(set(by_task.values()))
    text = out.read_text()
    assert "cost 14/16/9" in text and "makespan 80" in text
    png = tmp_path / "heft.png"
    assert dag.main([os.path.join(DATA, "heft.dot"), "--schedule", spath, "-o", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_critical_path_function():
    g = dag.load_graph(os.path.join(DATA, "heft.dot"))
    assert dag.critical_path(g) == ["n1", "n2", "n9", "n10"]
    g = dag.load_graph(os.path.join(DATA, "chain.gv"))
    # a(3) -6-> b(4) -6-> d(2) = 21 beats a(3) -> c(5) -1-> d(2) = 11.
    assert dag.critical_path(g) == ["a", "b", "d"]


def test_stg_search_picture(tmp_path):
    graph = os.path.join(SHARED, "data", "stg", "graphs", "50", "rand0000.stg")
    s, spath = schedule(tmp_path, graph, "--cpus", "4", "--iters", "20")
    assert s["policy"] == "search" and s["procs"] == 4
    assert s["makespan"] == 66  # the proven optimum (= lower bound), optimal.csv
    out = tmp_path / "stg.svg"
    assert dag.main([graph, "--schedule", spath, "-o", str(out)]) == 0
    nodes = svg_nodes(out)
    assert len(nodes) == 52
    used = {x["proc"] for x in s["schedule"]}
    assert {f for f, _ in nodes.values()} == {dag.PALETTE[p] for p in used}


def test_workflow_picture(tmp_path):
    graph = os.path.join(SHARED, "data", "workflows",
                         "epigenomics-chameleon-hep-1seq-100k-001.json")
    s, spath = schedule(tmp_path, graph, "--cpus", "8", "--policy", "best")
    assert len(s["schedule"]) == 41
    out = tmp_path / "wf.svg"
    assert dag.main([graph, "--schedule", spath, "-o", str(out)]) == 0
    assert len(svg_nodes(out)) == 41
    # Without a schedule every node stays white.
    out2 = tmp_path / "plain.svg"
    assert dag.main([graph, "-o", str(out2)]) == 0
    assert {f for f, _ in svg_nodes(out2).values()} == {"#ffffff"}


@pytest.mark.parametrize("name,args,fragment", [
    ("malformed.dot", [], "malformed.dot:3: "),
    ("malformed.stg", ["--cpus", "2"], "malformed.stg:4: "),
    ("malformed.json", ["--cpus", "2"], "malformed.json:5: column"),
    ("cyclic.dot", [], "closes a cycle"),
    ("cyclic.json", ["--cpus", "2"], "closes a cycle"),
    ("chain.gv", [], "give --cpus"),
    ("chain.gv", ["--cpus", "2", "--policy", "nope"], "unknown policy"),
    ("chain.gv", ["--cpus", "0"], "--cpus"),
])
def test_bad_input_exit_2(name, args, fragment):
    r = sim(os.path.join(DATA, name), *args)
    assert r.returncode == 2
    assert fragment in r.stderr
    assert r.stdout == ""


def test_plain_output_and_formats():
    r = sim(os.path.join(DATA, "heft.dot"), "--policy", "cpop")
    assert r.returncode == 0 and r.stdout.startswith("makespan 86 ")
    r = sim(os.path.join(DATA, "chain.gv"), "--cpus", "1", "--format", "dot")
    assert r.returncode == 0 and r.stdout.startswith("makespan 14 ")
    r = sim("gen:n=200,ccr=1,seed=3", "--cpus", "4", "--json")
    assert r.returncode == 0 and len(json.loads(r.stdout)["schedule"]) == 200


def test_help_and_errors(tmp_path):
    r = subprocess.run([sys.executable, os.path.join(SRC, "viz", "dag.py"), "--help"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "critical path" in r.stdout
    assert dag.main([os.path.join(DATA, "heft.dot"), "-o", str(tmp_path / "x.gif")]) == 2
    assert dag.main([os.path.join(DATA, "nothere.stg"), "-o", str(tmp_path / "x.svg")]) == 2
