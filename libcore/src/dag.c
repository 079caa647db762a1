/*
 * Task graphs in caller-owned arenas (core/dag.h): nodes, edges as intrusive
 * in/out lists, and cycle rejection on every edge insert.
 *
 * Cycle rejection keeps a topological order incrementally (Pearce and Kelly,
 * "A dynamic topological sort algorithm for directed acyclic graphs", JEA
 * 2006). Adding x->y with ord[x] < ord[y] costs nothing. Otherwise only the
 * nodes whose positions lie between ord[y] and ord[x] can be affected: a
 * forward search from y (bounded by ord[x]) finds x iff the edge closes a
 * cycle; if not, a backward search from x (bounded by ord[y]) and a
 * reshuffle of the two sets' positions restore the order. Both searches are
 * iterative over the graph's scratch stack, so depth is never limited, and
 * the graph is untouched when the edge is refused.
 */
#include "core/dag.h"

#include "dag_util.h"

int dag_init(struct dag *g, struct dag_node *nodes, uint32_t node_cap, struct dag_edge *edges,
             uint32_t edge_cap, uint64_t *cost, uint32_t nclass, uint32_t *work)
{
    if (!g || !nodes || !cost || !work || (!edges && edge_cap) || node_cap == 0 ||
        node_cap > DAG_MAX_NODES || nclass == 0 || nclass > DAG_MAX_CLASSES)
        return CORE_E_INVAL;
    g->nodes = nodes;
    g->edges = edges;
    g->cost = cost;
    g->pos = work;
    g->stack = work + node_cap;
    g->fwd = work + 2u * (size_t)node_cap;
    g->bwd = work + 3u * (size_t)node_cap;
    g->node_cap = node_cap;
    g->edge_cap = edge_cap;
    g->nclass = nclass;
    g->n = 0;
    g->m = 0;
    return CORE_OK;
}

int dag_add_node(struct dag *g, const uint64_t *costs, uint32_t *id)
{
    if (!g || !costs || !id)
        return CORE_E_INVAL;
    if (g->n >= g->node_cap)
        return CORE_E_FULL;
    for (uint32_t k = 0; k < g->nclass; k++) {
        if (costs[k] > DAG_COST_MAX)
            return DAG_E_COST;
    }
    uint32_t v = g->n;
    struct dag_node *nd = &g->nodes[v];
    nd->out_head = DAG_NONE;
    nd->in_head = DAG_NONE;
    nd->indeg = 0;
    nd->outdeg = 0;
    nd->ord = v; /* a new node has no edges: last in the order is fine */
    nd->mark = 0;
    g->pos[v] = v;
    for (uint32_t k = 0; k < g->nclass; k++)
        g->cost[(size_t)v * g->nclass + k] = costs[k];
    g->n = v + 1;
    *id = v;
    return CORE_OK;
}

/* Forward search from y over nodes placed before ub = ord[x]. Returns 1 if x
 * is reached (cycle). Visited nodes are marked 1 and listed in g->fwd. */
static int search_forward(struct dag *g, uint32_t y, uint32_t x, uint32_t *nf)
{
    uint32_t ub = g->nodes[x].ord, top = 0, cnt = 0;
    g->nodes[y].mark = 1;
    g->fwd[cnt++] = y;
    g->stack[top++] = y;
    while (top > 0) {
        uint32_t w = g->stack[--top];
        for (uint32_t e = g->nodes[w].out_head; e != DAG_NONE; e = g->edges[e].next_out) {
            uint32_t z = g->edges[e].to;
            if (z == x) {
                *nf = cnt;
                return 1;
            }
            if (!g->nodes[z].mark && g->nodes[z].ord < ub) {
                g->nodes[z].mark = 1;
                g->fwd[cnt++] = z;
                g->stack[top++] = z;
            }
        }
    }
    *nf = cnt;
    return 0;
}

/* Backward search from x over nodes placed after lb = ord[y]; marks 2, lists
 * them in g->bwd. The sets are disjoint: a node both reachable from y and
 * reaching x would have made search_forward report a cycle. */
static uint32_t search_backward(struct dag *g, uint32_t x, uint32_t y)
{
    uint32_t lb = g->nodes[y].ord, top = 0, cnt = 0;
    g->nodes[x].mark = 2;
    g->bwd[cnt++] = x;
    g->stack[top++] = x;
    while (top > 0) {
        uint32_t w = g->stack[--top];
        for (uint32_t e = g->nodes[w].in_head; e != DAG_NONE; e = g->edges[e].next_in) {
            uint32_t z = g->edges[e].from;
            if (g->nodes[z].mark != 2 && g->nodes[z].ord > lb) {
                g->nodes[z].mark = 2;
                g->bwd[cnt++] = z;
                g->stack[top++] = z;
            }
        }
    }
    return cnt;
}

/* Give the backward set the lowest of the freed positions, then the forward
 * set, each keeping its internal order: everything that reaches x now comes
 * before everything reachable from y. */
static void reorder(struct dag *g, uint32_t nf, uint32_t nb)
{
    dag_sort_by_ord(g->fwd, nf, g->nodes);
    dag_sort_by_ord(g->bwd, nb, g->nodes);
    uint32_t *slots = g->stack;
    for (uint32_t i = 0; i < nb; i++)
        slots[i] = g->nodes[g->bwd[i]].ord;
    for (uint32_t i = 0; i < nf; i++)
        slots[nb + i] = g->nodes[g->fwd[i]].ord;
    dag_sort_u32(slots, nb + nf);
    for (uint32_t i = 0; i < nb; i++) {
        g->nodes[g->bwd[i]].ord = slots[i];
        g->pos[slots[i]] = g->bwd[i];
    }
    for (uint32_t i = 0; i < nf; i++) {
        g->nodes[g->fwd[i]].ord = slots[nb + i];
        g->pos[slots[nb + i]] = g->fwd[i];
    }
}

int dag_add_edge(struct dag *g, uint32_t from, uint32_t to, uint64_t comm)
{
    if (!g)
        return CORE_E_INVAL;
    if (from >= g->n || to >= g->n)
        return DAG_E_NODE;
    if (from == to)
        return DAG_E_SELF;
    if (comm > DAG_COST_MAX)
        return DAG_E_COST;
    for (uint32_t e = g->nodes[from].out_head; e != DAG_NONE; e = g->edges[e].next_out) {
        if (g->edges[e].to == to)
            return DAG_E_DUP;
    }
    if (g->m >= g->edge_cap)
        return CORE_E_FULL;

    if (g->nodes[to].ord < g->nodes[from].ord) {
        uint32_t nf = 0, nb;
        int cyc = search_forward(g, to, from, &nf);
        if (cyc) {
            for (uint32_t i = 0; i < nf; i++)
                g->nodes[g->fwd[i]].mark = 0;
            return DAG_E_CYCLE;
        }
        nb = search_backward(g, from, to);
        reorder(g, nf, nb);
        for (uint32_t i = 0; i < nf; i++)
            g->nodes[g->fwd[i]].mark = 0;
        for (uint32_t i = 0; i < nb; i++)
            g->nodes[g->bwd[i]].mark = 0;
    }

    uint32_t e = g->m++;
    struct dag_edge *ed = &g->edges[e];
    ed->from = from;
    ed->to = to;
    ed->comm = comm;
    ed->next_out = g->nodes[from].out_head;
    ed->next_in = g->nodes[to].in_head;
    g->nodes[from].out_head = e;
    g->nodes[to].in_head = e;
    g->nodes[from].outdeg++;
    g->nodes[to].indeg++;
    return CORE_OK;
}
