/*
 * Fixed priority (policy "prio"): SCHED_PRIO_LEVELS FIFO queues, level 0
 * most urgent, and a 64-bit map with bit l set iff queue l is non-empty. A
 * pick is the head of the lowest set bit (one count-trailing-zeros
 * instruction), so every operation is O(1). Within a level tasks take turns
 * round-robin; a lower level runs only when every higher one is empty
 * (starvation is the documented price). Weights are ignored.
 */
#include "sched_impl.h"

_Static_assert(SCHED_PRIO_LEVELS == 64, "the level map is one uint64_t");

static void prio_reset(struct sched_rq *rq)
{
    for (unsigned l = 0; l < SCHED_PRIO_LEVELS; l++)
        rq->head[l] = rq->tail[l] = 0;
    rq->prio_map = 0;
}

static void prio_enqueue(struct sched_rq *rq, struct sched_task *t)
{
    sched_list_append(rq, t->prio, t);
    rq->prio_map |= 1ull << t->prio;
}

static void prio_dequeue(struct sched_rq *rq, struct sched_task *t)
{
    sched_list_unlink(rq, t->prio, t);
    if (!rq->head[t->prio])
        rq->prio_map &= ~(1ull << t->prio);
}

static struct sched_task *prio_pick(struct sched_rq *rq)
{
    if (!rq->prio_map)
        return 0;
    /* __builtin_ctzll is one instruction on x86-64: no libgcc call. */
    return rq->head[__builtin_ctzll(rq->prio_map)];
}

static void prio_account(struct sched_rq *rq, struct sched_task *t, uint64_t used_ns)
{
    (void)used_ns;
    sched_list_unlink(rq, t->prio, t);
    sched_list_append(rq, t->prio, t);
}

static void prio_check(const struct sched_rq *rq)
{
    uint32_t n = 0;
    for (unsigned l = 0; l < SCHED_PRIO_LEVELS; l++) {
        uint32_t k = sched_list_check(rq, l, "sched_prio: queue");
        if ((k != 0) != !!(rq->prio_map & (1ull << l)))
            plat_panic("sched_prio: level map");
        for (const struct sched_task *t = rq->head[l]; t; t = t->next) {
            if (t->prio != l)
                plat_panic("sched_prio: task on the wrong level");
        }
        n += k;
    }
    if (n != rq->nr_runnable)
        plat_panic("sched_prio: queue lengths");
}

const struct sched_policy sched_prio_policy = {
    .name = "prio",
    .id = SCHED_POL_PRIO,
    .reset = prio_reset,
    .enqueue = prio_enqueue,
    .dequeue = prio_dequeue,
    .pick = prio_pick,
    .account = prio_account,
    .check = prio_check,
};
