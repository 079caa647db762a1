/*
 * DAG policy adapter (see policy_dag.h): per-job dag_exec states ordered by
 * the chosen policy's priorities, all jobs in one dag_mux. Each distinct
 * graph gets its priorities once; each job gets its own exec work area.
 */
#include "policy_dag.h"

#include <stdlib.h>
#include <string.h>

#include "core/platform.h"

struct pold {
    struct dag_mux mux;
    struct dag_mux_job *mjobs;
    struct sched_node *nodes;
    struct dag_exec *x;
    struct dag_exec **xp;
    uint64_t **prio; /* per job, pointing into a distinct graph's array */
    uint64_t *picks;
    unsigned char **work;
    uint64_t *prio_store[64 + 1];
    const struct dag *prio_graph[64 + 1];
    unsigned nprio;
    uint32_t njobs;
    size_t bytes;
};

static void *zalloc(struct pold *p, size_t n)
{
    p->bytes += n;
    return calloc(1, n ? n : 1);
}

/* The priorities of g, computed once per distinct graph. */
static uint64_t *prio_for(struct pold *p, const struct dag *g, const struct dag_procs *pr,
                          unsigned policy)
{
    for (unsigned i = 0; i < p->nprio; i++)
        if (p->prio_graph[i] == g)
            return p->prio_store[i];
    if (p->nprio == sizeof p->prio_store / sizeof p->prio_store[0])
        return NULL;
    uint64_t *prio = zalloc(p, (size_t)g->n * sizeof *prio);
    size_t wl = dag_plan_work_size(g->n, pr->nprocs);
    void *w = malloc(wl);
    int rc = !prio || !w || dag_priorities(g, pr, policy, prio, w, wl);
    free(w);
    if (rc) {
        free(prio);
        return NULL;
    }
    p->prio_graph[p->nprio] = g;
    p->prio_store[p->nprio++] = prio;
    return prio;
}

struct pold *pold_create(unsigned policy, const struct dag_procs *const *pr, uint32_t njobs,
                         const struct dag *const *graphs, const uint32_t *weights)
{
    if (!njobs || njobs > SCHED_CAPACITY_MAX || !dag_policy_name(policy))
        return NULL;
    struct pold *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->njobs = njobs;
    p->mjobs = zalloc(p, njobs * sizeof *p->mjobs);
    p->nodes = zalloc(p, SCHED_NODES(njobs) * sizeof *p->nodes);
    p->x = zalloc(p, njobs * sizeof *p->x);
    p->xp = zalloc(p, njobs * sizeof *p->xp);
    p->prio = zalloc(p, njobs * sizeof *p->prio);
    p->picks = zalloc(p, njobs * sizeof *p->picks);
    p->work = zalloc(p, njobs * sizeof *p->work);
    if (!p->mjobs || !p->nodes || !p->x || !p->xp || !p->prio || !p->picks || !p->work) {
        pold_destroy(p);
        return NULL;
    }
    for (uint32_t j = 0; j < njobs; j++) {
        const struct dag *g = graphs[j];
        size_t wl = dag_exec_work_size(g->n);
        p->prio[j] = prio_for(p, g, pr[j], policy);
        p->work[j] = zalloc(p, wl); /* calloc: aligned for any type */
        if (!p->prio[j] || !p->work[j] ||
            dag_exec_init(&p->x[j], g, p->prio[j], j, p->work[j], wl)) {
            pold_destroy(p);
            return NULL;
        }
        /* A node begins when dagrun says (its data may still be on its way,
         * to another CPU than the one that asked): pold_started writes it. */
        p->x[j].trace_start = 0;
        p->xp[j] = &p->x[j];
    }
    if (dag_mux_init(&p->mux, p->mjobs, p->nodes, njobs, p->xp, weights)) {
        pold_destroy(p);
        return NULL;
    }
    /* Nobody has arrived: hold every job blocked until pold_arrive. */
    for (uint32_t j = 0; j < njobs; j++)
        if (!(p->mjobs[j].t.flags & SCHED_F_BLOCKED) && sched_block(&p->mux.rq, &p->mjobs[j].t))
            plat_panic("pold_create: sched_block refused");
    return p;
}

void pold_destroy(struct pold *p)
{
    if (!p)
        return;
    for (uint32_t j = 0; p->work && j < p->njobs; j++)
        free(p->work[j]);
    for (unsigned i = 0; i < p->nprio; i++)
        free(p->prio_store[i]);
    free(p->mjobs);
    free(p->nodes);
    free(p->x);
    free(p->xp);
    free(p->prio);
    free(p->picks);
    free(p->work);
    free(p);
}

void pold_arrive(struct pold *p, uint32_t j)
{
    /* A graph has at least one source, so a fresh job always has a ready
     * node: the hybrid's own rule (runnable iff ready nodes) holds. */
    if (p->x[j].nready && sched_wake(&p->mux.rq, &p->mjobs[j].t))
        plat_panic("pold_arrive: sched_wake refused");
}

int pold_pick(struct pold *p, unsigned cpu, uint32_t *job, uint32_t *node)
{
    int rc = dag_mux_pick(&p->mux, cpu, job, node);
    if (rc == CORE_E_EMPTY)
        return -1;
    if (rc)
        plat_panic("pold_pick: dag_mux_pick refused");
    p->picks[*job]++;
    return 0;
}

void pold_started(const struct pold *p, uint32_t job, uint32_t node, unsigned cpu)
{
    if (dag_exec_started(&p->x[job], node, cpu))
        plat_panic("pold_started: dag_exec_started refused");
}

void pold_finish(struct pold *p, uint32_t job, uint32_t node, unsigned cpu)
{
    if (dag_mux_finish(&p->mux, job, node, cpu, NULL))
        plat_panic("pold_finish: dag_mux_finish refused");
}

int pold_over(const struct pold *p, uint32_t j)
{
    return dag_exec_over(&p->x[j]);
}

uint64_t pold_picks(const struct pold *p, uint32_t j)
{
    return p->picks[j];
}

size_t pold_bytes(const struct pold *p)
{
    return p->bytes;
}
