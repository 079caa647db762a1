/*
 * DAG execution state (core/dag.h): what a host's executor drives while a
 * job runs. Each node counts its unfinished predecessors; finishing a node
 * decrements its successors' counts and a node whose count reaches zero is
 * released into the ready heap (highest priority first, lower id on ties).
 *
 * Failure semantics: a failed node's result never exists, so every node that
 * depends on it, directly or transitively, is cancelled (never released);
 * the rest of the graph runs on. The transitive walk is iterative over the
 * exec's own stack, so it has no depth limit; a cancelled node is never
 * pushed twice because it is marked before it is pushed. One TR_DAG_FAIL
 * record reports the failed node and how many dependents were cancelled.
 */
#include "core/dag.h"

#include "core/trace.h"
#include "dag_util.h"

size_t dag_exec_work_size(uint32_t n)
{
    size_t nn = n ? n : 1;
    return 3 * ((4 * nn + 7) & ~(size_t)7) + ((nn + 7) & ~(size_t)7) + 8;
}

int dag_exec_init(struct dag_exec *x, const struct dag *g, const uint64_t *prio, uint32_t job,
                  void *work, size_t work_len)
{
    if (!x || !g || !prio || !work || ((uintptr_t)work & 7u))
        return CORE_E_INVAL;
    unsigned char *p = work;
    size_t left = work_len, nn = g->n ? g->n : 1;
    uint32_t *lft = dag_carve(&p, &left, nn, 4);
    uint32_t *heap = dag_carve(&p, &left, nn, 4);
    uint32_t *stack = dag_carve(&p, &left, nn, 4);
    uint8_t *state = dag_carve(&p, &left, nn, 1);
    if (!lft || !heap || !stack || !state)
        return DAG_E_WORK;
    x->g = g;
    x->prio = prio;
    x->left = lft;
    x->heap = heap;
    x->stack = stack;
    x->state = state;
    x->job = job;
    x->nready = 0;
    x->nlive = g->n;
    x->trace_start = 1;
    struct dag_heap h = {heap, 0, prio};
    for (uint32_t v = 0; v < g->n; v++) {
        lft[v] = g->nodes[v].indeg;
        state[v] = lft[v] ? DAG_ST_WAITING : DAG_ST_READY;
        if (!lft[v])
            dag_heap_push(&h, v);
    }
    x->nready = h.n;
    return CORE_OK;
}

int dag_exec_pop(struct dag_exec *x, uint32_t proc, uint32_t *node)
{
    if (!x || !node)
        return CORE_E_INVAL;
    if (x->nready == 0)
        return CORE_E_EMPTY;
    struct dag_heap h = {x->heap, x->nready, x->prio};
    uint32_t v = dag_heap_pop(&h);
    x->nready = h.n;
    x->state[v] = DAG_ST_RUNNING;
    *node = v;
    if (x->trace_start)
        core_trace(TR_DAG_START, (uint16_t)proc, x->job, v, proc, 0);
    return CORE_OK;
}

/* node is one dag_exec_pop handed out and nobody has finished or failed. */
static int check_running(const struct dag_exec *x, uint32_t node)
{
    if (!x)
        return CORE_E_INVAL;
    if (node >= x->g->n)
        return DAG_E_NODE;
    if (x->state[node] != DAG_ST_RUNNING)
        return DAG_E_NOTREADY;
    return CORE_OK;
}

int dag_exec_started(const struct dag_exec *x, uint32_t node, uint32_t proc)
{
    int err = check_running(x, node);
    if (err)
        return err;
    core_trace(TR_DAG_START, (uint16_t)proc, x->job, node, proc, 0);
    return CORE_OK;
}

int dag_exec_finish(struct dag_exec *x, uint32_t node, uint32_t proc, uint32_t *released)
{
    int err = check_running(x, node);
    if (err)
        return err;
    const struct dag *g = x->g;
    struct dag_heap h = {x->heap, x->nready, x->prio};
    uint32_t rel = 0;
    x->state[node] = DAG_ST_DONE;
    x->nlive--;
    for (uint32_t e = g->nodes[node].out_head; e != DAG_NONE; e = g->edges[e].next_out) {
        uint32_t s = g->edges[e].to;
        /* A cancelled successor keeps counting down but is never released. */
        if (--x->left[s] == 0 && x->state[s] == DAG_ST_WAITING) {
            x->state[s] = DAG_ST_READY;
            dag_heap_push(&h, s);
            rel++;
        }
    }
    x->nready = h.n;
    if (released)
        *released = rel;
    core_trace(TR_DAG_FINISH, (uint16_t)proc, x->job, node, proc, 0);
    return CORE_OK;
}

int dag_exec_fail(struct dag_exec *x, uint32_t node, uint32_t *cancelled, uint32_t cap,
                  uint32_t *ncancelled)
{
    if (!x)
        return CORE_E_INVAL;
    if (node >= x->g->n)
        return DAG_E_NODE;
    if (x->state[node] != DAG_ST_RUNNING && x->state[node] != DAG_ST_READY)
        return DAG_E_NOTREADY;
    const struct dag *g = x->g;
    struct dag_heap h = {x->heap, x->nready, x->prio};
    uint32_t top = 0, count = 0;
    if (x->state[node] == DAG_ST_READY) {
        for (uint32_t i = 0; i < h.n; i++) {
            if (h.a[i] == node) {
                dag_heap_remove_at(&h, i);
                break;
            }
        }
    }
    x->state[node] = DAG_ST_FAILED;
    x->nlive--;
    x->stack[top++] = node;
    while (top > 0) {
        uint32_t v = x->stack[--top];
        for (uint32_t e = g->nodes[v].out_head; e != DAG_NONE; e = g->edges[e].next_out) {
            uint32_t s = g->edges[e].to;
            /* A dependent of an unfinished node is still waiting (its count
             * includes v), unless an earlier failure already cancelled it. */
            if (x->state[s] != DAG_ST_WAITING)
                continue;
            x->state[s] = DAG_ST_CANCELLED;
            x->nlive--;
            if (cancelled && count < cap)
                cancelled[count] = s;
            count++;
            x->stack[top++] = s;
        }
    }
    x->nready = h.n;
    if (ncancelled)
        *ncancelled = count;
    core_trace(TR_DAG_FAIL, 0, x->job, node, count, 0);
    return CORE_OK;
}
