/*
 * Round-robin (policy "rr"): one FIFO of runnable tasks; the head runs for a
 * quantum and goes to the tail when its dispatch is accounted, whether it
 * used the whole quantum or not. Weights and priorities are ignored, so over
 * any n consecutive dispatches of n always-runnable tasks each runs once:
 * lag against the weighted share grows without bound when weights differ,
 * and stays below 1 slot when they are equal. O(1) everything.
 */
#include "sched_impl.h"

static void rr_reset(struct sched_rq *rq)
{
    rq->head[0] = rq->tail[0] = 0;
}

static void rr_enqueue(struct sched_rq *rq, struct sched_task *t)
{
    sched_list_append(rq, 0, t);
}

static void rr_dequeue(struct sched_rq *rq, struct sched_task *t)
{
    sched_list_unlink(rq, 0, t);
}

static struct sched_task *rr_pick(struct sched_rq *rq)
{
    return rq->head[0];
}

static void rr_account(struct sched_rq *rq, struct sched_task *t, uint64_t used_ns)
{
    (void)used_ns;
    sched_list_unlink(rq, 0, t);
    sched_list_append(rq, 0, t);
}

static void rr_check(const struct sched_rq *rq)
{
    if (sched_list_check(rq, 0, "sched_rr: queue") != rq->nr_runnable)
        plat_panic("sched_rr: queue length");
}

const struct sched_policy sched_rr_policy = {
    .name = "rr",
    .id = SCHED_POL_RR,
    .reset = rr_reset,
    .enqueue = rr_enqueue,
    .dequeue = rr_dequeue,
    .pick = rr_pick,
    .account = rr_account,
    .check = rr_check,
};
