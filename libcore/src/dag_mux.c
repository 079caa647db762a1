/*
 * Several DAG jobs sharing processors, weighted by the Beatty scheduler
 * (core/dag.h, "hybrid"). The run queue holds one sched_task per job; a job
 * is runnable exactly when its exec has a ready node, which this file keeps
 * true by blocking and waking the job after every change to its exec. Each
 * pick is closed at once with a one-slot account, so no dispatch is ever
 * left open and blocking the picked job is always allowed.
 *
 * Guarantee inherited from Beatty (docs/schedulers.md): while a set of jobs
 * stays runnable, each receives its share w_i / W of the picks with lag
 * below one pick. A job that runs out of ready nodes leaves the share to the
 * others and rejoins at lag 0 when woken.
 */
#include "core/dag.h"

#include "core/platform.h"

static int sync_job(struct dag_mux *m, uint32_t j)
{
    struct dag_mux_job *jb = &m->jobs[j];
    int want = jb->x->nready > 0;
    int blocked = (jb->t.flags & SCHED_F_BLOCKED) != 0;
    if (want && blocked)
        return sched_wake(&m->rq, &jb->t);
    if (!want && !blocked)
        return sched_block(&m->rq, &jb->t);
    return CORE_OK;
}

int dag_mux_init(struct dag_mux *m, struct dag_mux_job *jobs, struct sched_node *nodes,
                 uint32_t njobs, struct dag_exec *const *execs, const uint32_t *weights)
{
    if (!m || !jobs || !nodes || !execs || !weights)
        return CORE_E_INVAL;
    if (njobs == 0 || njobs > SCHED_CAPACITY_MAX)
        return SCHED_E_CAPACITY;
    for (uint32_t j = 0; j < njobs; j++) {
        if (!execs[j])
            return CORE_E_INVAL;
        if (weights[j] == 0 || weights[j] > SCHED_WEIGHT_MAX)
            return SCHED_E_WEIGHT;
    }
    int rc = sched_rq_init(&m->rq, sched_policy_by_name("beatty"), nodes, njobs, 0);
    if (rc)
        return rc;
    /* The DAG records (dag.start/finish/fail) tell the story; the run
     * queue's switch records would only repeat it per slot. */
    m->rq.trace = 0;
    m->jobs = jobs;
    m->njobs = njobs;
    for (uint32_t j = 0; j < njobs; j++) {
        jobs[j].x = execs[j];
        /* Cannot fail: weight checked above, task fresh, capacity njobs. */
        if (sched_task_init(&jobs[j].t, j, weights[j], 0) || sched_add(&m->rq, &jobs[j].t) ||
            sync_job(m, j))
            plat_panic("dag_mux_init: run queue");
    }
    return CORE_OK;
}

int dag_mux_pick(struct dag_mux *m, uint32_t proc, uint32_t *job, uint32_t *node)
{
    if (!m || !job || !node)
        return CORE_E_INVAL;
    struct sched_task *t = sched_pick(&m->rq);
    if (!t)
        return CORE_E_EMPTY;
    uint32_t j = t->id;
    /* Runnable means ready nodes exist, so the pop succeeds. */
    if (dag_exec_pop(m->jobs[j].x, proc, node) || sched_account(&m->rq, t, 1) ||
        sync_job(m, j))
        plat_panic("dag_mux_pick: job state");
    *job = j;
    return CORE_OK;
}

int dag_mux_finish(struct dag_mux *m, uint32_t job, uint32_t node, uint32_t proc,
                   uint32_t *released)
{
    if (!m || job >= m->njobs)
        return CORE_E_INVAL;
    int rc = dag_exec_finish(m->jobs[job].x, node, proc, released);
    if (rc)
        return rc;
    return sync_job(m, job);
}

int dag_mux_fail(struct dag_mux *m, uint32_t job, uint32_t node, uint32_t *cancelled,
                 uint32_t cap, uint32_t *ncancelled)
{
    if (!m || job >= m->njobs)
        return CORE_E_INVAL;
    int rc = dag_exec_fail(m->jobs[job].x, node, cancelled, cap, ncancelled);
    if (rc)
        return rc;
    return sync_job(m, job);
}
