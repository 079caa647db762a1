#!/usr/bin/python3
"""Static worst-case stack depth of the ML-KEM entry points.

Reads the GCC call-graph files (-fcallgraph-info=su, one FILE.ci beside each
FILE.o) of the copy of libcore built with the kernel's flags, and computes for
every public ML-KEM function the largest sum of frame sizes along any call
chain (each frame as GCC reports it, return address included; a
"dynamic,bounded" frame counts with its bound). Fails if a frame on such a
chain is unbounded, the graph has a cycle, a callee is unknown (other than the
platform hooks plat_*, which each host bounds itself), or a chain exceeds the
limit documented in docs/mlkem.md.

usage: stack_bound.py --limit BYTES OBJECT.o...
"""
import argparse
import re
import sys

NODE = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
EDGE = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
SIZE = re.compile(r'\\n(\d+) bytes \((static|dynamic[^)]*)\)')
ENTRY = re.compile(r'^mlkem(512|768|1024)_(keygen_derand|encaps_derand|decaps|keygen|encaps)$')


def load(objects):
    frames, edges = {}, {}
    for obj in objects:
        ci = re.sub(r'\.o(bj)?$', '', obj) + '.ci'
        try:
            text = open(ci, encoding='utf-8').read()
        except OSError as e:
            sys.exit(f'stack_bound: cannot read {ci}: {e.strerror}')
        for name, label in NODE.findall(text):
            m = SIZE.search(label)
            if m:
                frames[name] = (int(m.group(1)), m.group(2))
        for src, dst in EDGE.findall(text):
            edges.setdefault(src, set()).add(dst)
    return frames, edges


def depth(fn, frames, edges, memo, path):
    if fn in memo:
        return memo[fn]
    if fn in path:
        sys.exit('stack_bound: recursion: ' + ' -> '.join(path + [fn]))
    if fn not in frames:
        if fn.startswith('plat_'):
            return 0, [fn + ' (host)']
        sys.exit(f'stack_bound: {path[-1]} calls {fn}, which libcore does not define')
    size, kind = frames[fn]
    if kind not in ('static', 'dynamic,bounded'):
        sys.exit(f'stack_bound: {fn} has an unbounded ({kind}) frame')
    best, chain = 0, []
    for callee in sorted(edges.get(fn, ())):
        d, c = depth(callee, frames, edges, memo, path + [fn])
        if d > best:
            best, chain = d, c
    memo[fn] = (size + best, [fn] + chain)
    return memo[fn]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--limit', type=int, required=True, help='bound in bytes')
    ap.add_argument('objects', nargs='+')
    args = ap.parse_args()
    # ctest passes $<TARGET_OBJECTS:...> as one ;-separated argument
    objects = [o for arg in args.objects for o in arg.split(';') if o]
    frames, edges = load(objects)
    entries = sorted(f for f in frames if ENTRY.match(f))
    if len(entries) != 15:
        sys.exit(f'stack_bound: found {len(entries)} ML-KEM entry points, expected 15')
    worst = 0
    memo = {}
    for e in entries:
        d, chain = depth(e, frames, edges, memo, [])
        print(f'{e}: {d} bytes via {" -> ".join(chain)}')
        worst = max(worst, d)
    print(f'stack_bound: worst {worst} bytes, limit {args.limit}')
    return 0 if worst <= args.limit else 1


if __name__ == '__main__':
    sys.exit(main())
