/*
 * The scheduler interface (core/sched.h): run queues, the task life cycle
 * (join, leave, block, wake, throttle), the dispatch protocol and hot swap.
 * This layer owns what is common to every policy -- flags, the weight sum,
 * the list of attached tasks, accounting, trace records -- and calls the
 * policy (sched_<name>.c, through struct sched_policy) only for runnable
 * tasks. Called by the simulator, the kernel and the DAG module.
 */
#include "core/sched.h"

#include "core/mem.h"
#include "core/platform.h"
#include "core/trace.h"
#include "sched_impl.h"

static const struct sched_policy *const policies[SCHED_POL_COUNT] = {
    [SCHED_POL_BEATTY] = &sched_beatty_policy,   [SCHED_POL_RR] = &sched_rr_policy,
    [SCHED_POL_PRIO] = &sched_prio_policy,       [SCHED_POL_STRIDE] = &sched_stride_policy,
    [SCHED_POL_LOTTERY] = &sched_lottery_policy, [SCHED_POL_EEVDF] = &sched_eevdf_policy,
};

static bool streq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

const struct sched_policy *sched_policy_by_name(const char *name)
{
    if (!name)
        return 0;
    for (unsigned i = 1; i < SCHED_POL_COUNT; i++) {
        if (streq(policies[i]->name, name))
            return policies[i];
    }
    return 0;
}

const struct sched_policy *sched_policy_by_id(unsigned id)
{
    return id >= 1 && id < SCHED_POL_COUNT ? policies[id] : 0;
}

const char *sched_policy_name(const struct sched_policy *pol)
{
    return pol ? pol->name : 0;
}

unsigned sched_policy_id(const struct sched_policy *pol)
{
    return pol ? pol->id : 0;
}

/* Only pointers from the table are policies: a stray pointer is refused. */
static bool valid_policy(const struct sched_policy *pol)
{
    return pol && sched_policy_by_id(pol->id) == pol;
}

int sched_rq_init(struct sched_rq *rq, const struct sched_policy *pol, struct sched_node *nodes,
                  uint32_t cap, uint16_t cpu)
{
    if (!valid_policy(pol))
        return SCHED_E_POLICY;
    if (cap == 0 || cap > SCHED_CAPACITY_MAX)
        return SCHED_E_CAPACITY;
    if (!rq || !nodes)
        return CORE_E_INVAL;
    /* core_memset: the run queue is kilobytes, and a struct assignment of
     * that size may become a memset call the kernel build cannot link. */
    core_memset(rq, 0, sizeof *rq);
    rq->pol = pol;
    rq->nodes = nodes;
    rq->cap = cap;
    rq->quantum_ns = 1;
    rq->cpu = cpu;
    rq->trace = 1;
    pol->reset(rq);
    return CORE_OK;
}

int sched_task_init(struct sched_task *t, uint32_t id, uint32_t weight, uint8_t prio)
{
    if (weight == 0 || weight > SCHED_WEIGHT_MAX)
        return SCHED_E_WEIGHT;
    if (prio >= SCHED_PRIO_LEVELS)
        return SCHED_E_PRIO;
    *t = (struct sched_task){0};
    t->id = id;
    t->weight = weight;
    t->prio = prio;
    return CORE_OK;
}

static bool runnable(const struct sched_task *t)
{
    return t->flags == SCHED_F_ATTACHED;
}

static void trace(const struct sched_rq *rq, enum core_trace_kind k, uint64_t a, uint64_t b,
                  uint64_t c)
{
    if (rq->trace)
        core_trace(k, rq->cpu, a, b, c, 0);
}

/* The weight sum counts t before enqueue and until after dequeue (see
 * sched_impl.h), so policies see the W that includes the task. */
static void start_running(struct sched_rq *rq, struct sched_task *t)
{
    rq->weight_sum += t->weight;
    rq->nr_runnable++;
    rq->pol->enqueue(rq, t);
}

static void stop_running(struct sched_rq *rq, struct sched_task *t)
{
    rq->pol->dequeue(rq, t);
    rq->weight_sum -= t->weight;
    rq->nr_runnable--;
    t->where = SCHED_W_NONE;
}

int sched_add(struct sched_rq *rq, struct sched_task *t)
{
    if (t->flags & SCHED_F_ATTACHED)
        return SCHED_E_ATTACHED;
    if (rq->nr_attached >= rq->cap)
        return SCHED_E_FULL;
    t->rq = rq;
    t->seq = rq->next_seq++;
    t->where = SCHED_W_NONE;
    t->flags |= SCHED_F_ATTACHED;
    /* Append to the circular attached list: hot swap re-enqueues in join
     * order, so a switch is deterministic. */
    if (!rq->all) {
        rq->all = t;
        t->all_next = t->all_prev = t;
    } else {
        struct sched_task *tail = rq->all->all_prev;
        t->all_prev = tail;
        t->all_next = rq->all;
        tail->all_next = t;
        rq->all->all_prev = t;
    }
    rq->nr_attached++;
    if (runnable(t))
        start_running(rq, t);
    return CORE_OK;
}

static int check_member(const struct sched_rq *rq, const struct sched_task *t)
{
    if (!(t->flags & SCHED_F_ATTACHED) || t->rq != rq)
        return SCHED_E_NOTHERE;
    if (rq->current == t)
        return SCHED_E_CURRENT;
    return CORE_OK;
}

int sched_remove(struct sched_rq *rq, struct sched_task *t)
{
    int err = check_member(rq, t);
    if (err)
        return err;
    if (runnable(t))
        stop_running(rq, t);
    if (t->all_next == t) {
        rq->all = 0;
    } else {
        t->all_prev->all_next = t->all_next;
        t->all_next->all_prev = t->all_prev;
        if (rq->all == t)
            rq->all = t->all_next;
    }
    t->all_next = t->all_prev = 0;
    if (rq->last == t)
        rq->last = 0;
    t->flags &= (uint8_t)~SCHED_F_ATTACHED;
    t->rq = 0;
    rq->nr_attached--;
    return CORE_OK;
}

/* Set or clear one of the two "not eligible" conditions. */
static int set_flag(struct sched_rq *rq, struct sched_task *t, uint8_t flag, bool on,
                    uint64_t reason)
{
    if (!(t->flags & SCHED_F_ATTACHED) || t->rq != rq)
        return SCHED_E_NOTHERE;
    if (on && rq->current == t)
        return SCHED_E_CURRENT;
    if (!!(t->flags & flag) == on)
        return SCHED_E_STATE;
    if (on) {
        if (runnable(t))
            stop_running(rq, t);
        t->flags |= flag;
        trace(rq, TR_TASK_BLOCK, t->id, reason, 0);
    } else {
        t->flags &= (uint8_t)~flag;
        if (runnable(t)) {
            start_running(rq, t);
            trace(rq, TR_TASK_READY, t->id, 0, 0);
        }
    }
    return CORE_OK;
}

/* Block reasons in TR_TASK_BLOCK records. */
enum { SCHED_REASON_BLOCK = 1, SCHED_REASON_THROTTLE = 2 };

int sched_block(struct sched_rq *rq, struct sched_task *t)
{
    return set_flag(rq, t, SCHED_F_BLOCKED, true, SCHED_REASON_BLOCK);
}

int sched_wake(struct sched_rq *rq, struct sched_task *t)
{
    return set_flag(rq, t, SCHED_F_BLOCKED, false, 0);
}

int sched_throttle(struct sched_rq *rq, struct sched_task *t)
{
    return set_flag(rq, t, SCHED_F_THROTTLED, true, SCHED_REASON_THROTTLE);
}

int sched_unthrottle(struct sched_rq *rq, struct sched_task *t)
{
    return set_flag(rq, t, SCHED_F_THROTTLED, false, 0);
}

int sched_set_weight(struct sched_rq *rq, struct sched_task *t, uint32_t weight)
{
    if (weight == 0 || weight > SCHED_WEIGHT_MAX)
        return SCHED_E_WEIGHT;
    int err = check_member(rq, t);
    if (err)
        return err;
    bool run = runnable(t);
    if (run)
        stop_running(rq, t);
    t->weight = weight;
    if (run)
        start_running(rq, t);
    return CORE_OK;
}

int sched_set_prio(struct sched_rq *rq, struct sched_task *t, uint8_t prio)
{
    if (prio >= SCHED_PRIO_LEVELS)
        return SCHED_E_PRIO;
    int err = check_member(rq, t);
    if (err)
        return err;
    bool run = runnable(t);
    if (run)
        stop_running(rq, t);
    t->prio = prio;
    if (run)
        start_running(rq, t);
    return CORE_OK;
}

struct sched_task *sched_pick(struct sched_rq *rq)
{
    if (rq->current)
        return rq->current;
    if (rq->nr_runnable == 0) {
        if (rq->last) {
            trace(rq, TR_SCHED_IDLE, rq->last->id, 0, 0);
            rq->last = 0;
        }
        return 0;
    }
    struct sched_task *t = rq->pol->pick(rq);
    if (!t)
        plat_panic("sched_pick: runnable tasks but no pick");
    if (t != rq->last) {
        /* prev = UINT64_MAX when the CPU was idle or had no previous task. */
        trace(rq, TR_SCHED_SWITCH, t->id, rq->last ? rq->last->id : UINT64_MAX, rq->pol->id);
        rq->last = t;
    }
    rq->current = t;
    return t;
}

int sched_account(struct sched_rq *rq, struct sched_task *t, uint64_t used_ns)
{
    if (!t || rq->current != t)
        return SCHED_E_NOTCURRENT;
    t->received_ns += used_ns;
    t->dispatches++;
    rq->dispatches++;
    rq->pol->account(rq, t, used_ns);
    rq->current = 0;
    return CORE_OK;
}

int sched_switch_policy(struct sched_rq *rq, const struct sched_policy *pol)
{
    if (!valid_policy(pol))
        return SCHED_E_POLICY;
    if (rq->current)
        return SCHED_E_BUSY;
    unsigned old = rq->pol->id;
    int moved = 0;
    rq->pol = pol;
    pol->reset(rq);
    /* The generic state (weight sum, counts) is unchanged; only the new
     * policy's structures are rebuilt, in join order. Every task forgets
     * the old policy's place first: an enqueue may look at the others (a
     * Beatty join can refile its whole ready set). */
    struct sched_task *t = rq->all;
    for (uint32_t i = 0; i < rq->nr_attached; i++, t = t->all_next)
        t->where = SCHED_W_NONE;
    for (uint32_t i = 0; i < rq->nr_attached; i++, t = t->all_next) {
        if (runnable(t))
            pol->enqueue(rq, t);
        moved++;
    }
    trace(rq, TR_SCHED_POLICY, old, pol->id, (uint64_t)moved);
    return moved;
}

struct sched_task *sched_next_attached(const struct sched_rq *rq, const struct sched_task *t)
{
    if (!t)
        return rq->all;
    if (t->rq != rq || !(t->flags & SCHED_F_ATTACHED) || t->all_next == rq->all)
        return 0;
    return t->all_next;
}

void sched_check(const struct sched_rq *rq)
{
    uint32_t n = 0, nrun = 0;
    uint64_t w = 0;
    const struct sched_task *t = rq->all;
    for (uint32_t i = 0; i < rq->nr_attached; i++, t = t->all_next) {
        if (!t || t->rq != rq || !(t->flags & SCHED_F_ATTACHED))
            plat_panic("sched_check: attached list");
        n++;
        if (runnable(t)) {
            nrun++;
            w += t->weight;
        } else if (t->where != SCHED_W_NONE) {
            plat_panic("sched_check: non-runnable task queued");
        }
    }
    if ((n && t != rq->all) || nrun != rq->nr_runnable || w != rq->weight_sum)
        plat_panic("sched_check: counts");
    rq->pol->check(rq);
}
