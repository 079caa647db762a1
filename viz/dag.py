#!/usr/bin/python3
"""Draw a task graph with Graphviz: nodes coloured by the processor they ran
on, the critical path highlighted, costs shown.

Inputs are the task-graph file that `phoenix-sim dag` read (.stg, .dot/.gv,
WfFormat .json) and, optionally, the schedule that `phoenix-sim dag --json`
printed ({"makespan", "policy", "procs", "schedule": [{"task", "proc",
"start", "end"}]}). Without a schedule the nodes are left uncoloured.

The critical path is the graph's longest path where a node weighs its mean
cost over the processor classes and an edge its communication cost (the
path HEFT's upward rank follows from the entry node). Node labels show the
name, the cost (per class when there are several) and, with a schedule,
"P<proc> start-end"; edge labels show non-zero communication costs.

DOT files are read through Graphviz itself (`dot -Tjson0`), so every DOT
construct the simulator accepts is read the same way. WfFormat costs use the
simulator's mapping: 1 time unit = 1 ms, communication = shared file bytes /
125,000 bytes per ms, rounded up.

Usage: viz/dag.py GRAPH [--schedule S.json] -o OUT.svg|OUT.png [--dot OUT.dot]
Importable: load_graph, load_schedule, critical_path, to_dot, render.
"""

import argparse
import json
import math
import os
import subprocess
import sys

WF_BYTES_PER_UNIT = 125000

# Distinct fill colours, one per processor (cycled past the end).
PALETTE = [
    "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462",
    "#b3de69", "#fccde5", "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f",
]
CRITICAL = "#d62728"


class GraphError(Exception):
    """A task-graph file that cannot be read."""


def _load_stg(path):
    tokens = []
    with open(path) as f:
        for line in f:
            if line.lstrip().startswith("#"):
                continue
            tokens.extend(line.split())
    try:
        nums = [int(t) for t in tokens]
    except ValueError as e:
        raise GraphError(f"{path}: not an STG file ({e})") from None
    n, k = nums[0], 1
    nodes, edges = {}, []
    for _ in range(n + 2):
        tid, cost, npred = nums[k], nums[k + 1], nums[k + 2]
        preds = nums[k + 3:k + 3 + npred]
        k += 3 + npred
        nodes[str(tid)] = [cost]
        edges.extend((str(p), str(tid), 0) for p in preds)
    return {"nodes": nodes, "edges": edges}


def _load_dot(path):
    try:
        out = subprocess.run(["dot", "-Tjson0", path], check=True, capture_output=True,
                             text=True).stdout
    except subprocess.CalledProcessError as e:
        raise GraphError(f"{path}: {e.stderr.strip()}") from None
    g = json.loads(out)
    objs = g.get("objects", [])
    nsub = g.get("_subgraph_cnt", 0)
    nodes, names = {}, {}
    for o in objs[nsub:]:
        if "costs" in o and o["costs"]:
            cost = [int(x) for x in o["costs"].split(",")]
        else:
            cost = [int(o.get("cost", "0") or 0)]
        nodes[o["name"]] = cost
        names[o["_gvid"]] = o["name"]
    edges = [(names[e["tail"]], names[e["head"]], int(e.get("comm", "0") or 0))
             for e in g.get("edges", [])]
    width = max((len(c) for c in nodes.values()), default=1)
    for k, c in nodes.items():
        if len(c) < width:
            nodes[k] = c * width
    return {"nodes": nodes, "edges": edges}


def _load_wf(path):
    with open(path) as f:
        d = json.load(f)
    spec = d["workflow"]["specification"]
    run = {t["id"]: t["runtimeInSeconds"] for t in d["workflow"]["execution"]["tasks"]}
    size = {f["id"]: f["sizeInBytes"] for f in spec.get("files", [])}
    tasks = {t["id"]: t for t in spec["tasks"]}
    nodes = {tid: [int(math.floor(run[tid] * 1000 + 0.5))] for tid in tasks}
    edges = []
    for tid, t in tasks.items():
        outs = set(t.get("outputFiles", []))
        for c in t["children"]:
            shared = outs & set(tasks[c].get("inputFiles", []))
            b = sum(size.get(x, 0) for x in shared)
            edges.append((tid, c, -(-b // WF_BYTES_PER_UNIT)))
    return {"nodes": nodes, "edges": edges}


def load_graph(path):
    """Read a task graph: {"nodes": {name: [cost per class]}, "edges": [(u, v, comm)]}."""
    ext = os.path.splitext(path)[1].lower()
    if ext == ".stg":
        return _load_stg(path)
    if ext in (".dot", ".gv"):
        return _load_dot(path)
    if ext == ".json":
        return _load_wf(path)
    raise GraphError(f"{path}: unknown file type (.stg, .dot, .gv, .json)")


def load_schedule(path):
    """Read `phoenix-sim dag --json` output; returns the parsed object."""
    with open(path) as f:
        s = json.load(f)
    for key in ("makespan", "policy", "procs", "schedule"):
        if key not in s:
            raise GraphError(f"{path}: not a phoenix-sim dag schedule (no '{key}')")
    return s


def critical_path(graph):
    """The longest path (mean node cost + edge comm) as a list of node names."""
    nodes, edges = graph["nodes"], graph["edges"]
    succ = {v: [] for v in nodes}
    indeg = {v: 0 for v in nodes}
    for u, v, c in edges:
        succ[u].append((v, c))
        indeg[v] += 1
    order, ready = [], sorted(v for v in nodes if indeg[v] == 0)
    while ready:
        v = ready.pop()
        order.append(v)
        for w, _ in succ[v]:
            indeg[w] -= 1
            if indeg[w] == 0:
                ready.append(w)
    if len(order) != len(nodes):
        raise GraphError("the graph has a cycle")
    # Exact comparison: scale mean costs by the class count.
    k = max((len(c) for c in nodes.values()), default=1)
    weight = {v: sum(c) for v, c in nodes.items()}
    down, nxt = {}, {}
    for v in reversed(order):
        best, arg = 0, None
        for w, c in succ[v]:
            val = c * k + down[w]
            if val > best or (val == best and arg is not None and w < arg) or arg is None:
                best, arg = val, w
        down[v], nxt[v] = weight[v] + best, arg
    pos = {v: i for i, v in enumerate(order)}
    start = max(nodes, key=lambda v: (down[v], -pos[v])) if nodes else None
    path = []
    while start is not None:
        path.append(start)
        start = nxt[start]
    return path


def _q(s):
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(graph, schedule=None, name="dag"):
    """DOT text: one node per task (coloured by processor if scheduled),
    critical path in red and bold."""
    cp = critical_path(graph)
    on_cp = set(cp)
    cp_edges = set(zip(cp, cp[1:]))
    slots = {}
    if schedule:
        slots = {s["task"]: s for s in schedule["schedule"]}
    lines = [f"digraph {_q(name)} {{",
             '  graph [rankdir=TB, fontname="Helvetica"];',
             '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", '
             'fontname="Helvetica", fontsize=10];',
             '  edge [fontname="Helvetica", fontsize=9];']
    if schedule:
        lines.append(f'  label={_q("policy %s, %d processors, makespan %d" % (schedule["policy"], schedule["procs"], schedule["makespan"]))};')
    for v, cost in graph["nodes"].items():
        label = [v, "cost " + ("/".join(map(str, cost)) if len(set(cost)) > 1 else str(cost[0]))]
        attrs = []
        if v in slots:
            s = slots[v]
            label.append("P%d %d-%d" % (s["proc"], s["start"], s["end"]))
            attrs.append("fillcolor=" + _q(PALETTE[s["proc"] % len(PALETTE)]))
        if v in on_cp:
            attrs.append('color="%s", penwidth=3' % CRITICAL)
        attrs.insert(0, "label=" + _q("\\n".join(label)).replace("\\\\n", "\\n"))
        lines.append(f"  {_q(v)} [{', '.join(attrs)}];")
    for u, v, c in graph["edges"]:
        attrs = []
        if c:
            attrs.append(f'label="{c}"')
        if (u, v) in cp_edges:
            attrs.append('color="%s", penwidth=3' % CRITICAL)
        lines.append(f"  {_q(u)} -> {_q(v)}" + (f" [{', '.join(attrs)}]" if attrs else "") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(dot_text, out_path):
    """Run Graphviz's dot; the format (svg or png) comes from out_path."""
    fmt = os.path.splitext(out_path)[1].lstrip(".").lower()
    if fmt not in ("svg", "png"):
        raise GraphError(f"{out_path}: output must end in .svg or .png")
    subprocess.run(["dot", "-T" + fmt, "-o", out_path], input=dot_text.encode(), check=True)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Draw a task graph: nodes coloured by processor, critical path in red.")
    ap.add_argument("graph", help="task graph (.stg, .dot/.gv, WfFormat .json)")
    ap.add_argument("--schedule", help="output of `phoenix-sim dag --json`")
    ap.add_argument("-o", "--output", required=True, help="picture to write (.svg or .png)")
    ap.add_argument("--dot", help="also write the generated DOT here")
    a = ap.parse_args(argv)
    try:
        g = load_graph(a.graph)
        s = load_schedule(a.schedule) if a.schedule else None
        if s:
            missing = set(g["nodes"]) - {x["task"] for x in s["schedule"]}
            if missing:
                raise GraphError(f"{a.schedule}: schedule lacks tasks {sorted(missing)[:5]}")
        text = to_dot(g, s, os.path.splitext(os.path.basename(a.graph))[0])
        if a.dot:
            with open(a.dot, "w") as f:
                f.write(text)
        render(text, a.output)
    except (GraphError, OSError, ValueError, KeyError) as e:
        print(f"dag.py: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
