/*
 * Task groups on the machine (see machine.h and docs/simulator.md). The
 * CPUs (dispatch, context switch, slices, preemption, the event loop) are
 * cpu.c's; this file says how long a picked task's slice may be, what a
 * task does when its slice ends, and handles arrival, wake-up, periodic
 * release, gas refill and gas running dry. Every "who runs next" goes
 * through policy.c; this file keeps task state and the metrics' raw
 * material; balance.c holds the per-CPU membership and the balancing rule,
 * machine_impl.h the state they share.
 */
#include "machine.h"
#include "machine_impl.h"

#include <stdlib.h>
#include <string.h>

#include "core/platform.h"
#include "core/trace.h"
#include "dist.h"
#include "evq.h"
#include "gps.h"
#include "platform.h"
#include "policy.h"

/* The run loop's own events (slice ends and preemption are cpu.c's). */
enum { EV_ARRIVE = CPU_EV_USER, EV_WAKE, EV_RELEASE, EV_REFILL, EV_GAS_DRY };

/* Block reasons in task.block trace records: 1 and 2 as libcore's
 * scheduler writes them (block, throttle), 3 is the simulator's own. */
enum { BLOCK_SLEEP = 1, BLOCK_GAS = 2, BLOCK_JOB_DONE = 3 };

static const struct group_spec *grp(struct m *m, const struct task *t)
{
    return &m->e->groups[t->group];
}

/* ---- gas drains while tasks run ---------------------------------------- */

/* Running tasks of account a drain it together, k ns per ns. Gas is charged
 * at slice ends, so without this the account could be overdrawn by the
 * concurrent slices; instead an EV_GAS_DRY is queued for the moment the k
 * running slices will have used the balance, and ends them there. */
static void gas_plan(struct m *m, unsigned a)
{
    m->gas_gen[a]++;
    if (!m->gas_k[a] || m->e->gas[a].policy == GASP_NOTIFY)
        return;
    unsigned __int128 num = m->gas_rs[a] + pol_gas_balance(m->gas, a);
    uint64_t at = (uint64_t)((num + m->gas_k[a] - 1) / m->gas_k[a]);
    cpus_push(&m->k, at > m->k.now ? at : m->k.now, EV_GAS_DRY, a, m->gas_gen[a]);
}

static void gas_running(struct m *m, const struct task *t, uint64_t run_start, int delta)
{
    int a = m->e->groups[t->group].gas;
    if (a < 0)
        return;
    m->gas_k[a] += (uint32_t)delta;
    m->gas_rs[a] = delta > 0 ? m->gas_rs[a] + run_start : m->gas_rs[a] - run_start;
}

/* ---- dispatch and state changes --------------------------------------- */

static void dispatch(struct m *m, unsigned c)
{
    int64_t pick = pol_pick(m->k.pol, c);
    if (pick < 0 && m->e->balance == BAL_LEAST_LOADED) {
        bal_pull(m, c);
        pick = pol_pick(m->k.pol, c);
    }
    if (pick < 0) {
        cpus_idle(&m->k, c);
        return;
    }
    uint32_t id = (uint32_t)pick;
    struct task *t = &m->t[id];
    if (t->cpu != c || t->state == T_RUNNING)
        plat_panic("machine: policy picked a task not queued on this CPU");
    /* The slice: the burst or job, the finite work left, and an account's
     * balance (gas_plan ends it earlier if concurrent slices drain it). */
    uint64_t len = t->need;
    if (t->work_total && t->work_left < len)
        len = t->work_left;
    const struct group_spec *g = grp(m, t);
    if (g->gas >= 0 && m->e->gas[g->gas].policy != GASP_NOTIFY) {
        uint64_t bal = pol_gas_balance(m->gas, (unsigned)g->gas);
        if (bal > 0 && bal < len)
            len = bal;
    }
    t->state = T_RUNNING;
    cpus_run(&m->k, c, id, &t->ready_since, len);
    if (g->gas >= 0) {
        gas_running(m, t, m->k.c[c].run_start, +1);
        gas_plan(m, (unsigned)g->gas);
    }
}

static void leave_runnable(struct m *m, uint32_t id)
{
    struct task *t = &m->t[id];
    bal_list_del(m, id);
    pol_dequeue(m->k.pol, t->cpu, id);
}

static void finish(struct m *m, uint32_t id, uint8_t status)
{
    struct task *t = &m->t[id];
    if (t->state == T_READY || t->state == T_RUNNING)
        leave_runnable(m, id);
    if (t->state == T_THROTTLED)
        t->throttled_total += m->k.now - t->throttled_since;
    t->state = T_DONE;
    t->finish = m->k.now;
    t->exit_status = status;
    if (status)
        gps_cancel(&m->gps, m->k.now, id);
    m->r->tasks_done++;
    cpus_trace(TR_TASK_EXIT, t->cpu, id + 1, status, 0);
}

static void throttle(struct m *m, uint32_t id)
{
    struct task *t = &m->t[id];
    if (t->state == T_READY || t->state == T_RUNNING)
        leave_runnable(m, id);
    t->state = T_THROTTLED;
    t->throttled_since = m->k.now;
    cpus_trace(TR_TASK_BLOCK, t->cpu, id + 1, BLOCK_GAS, 0);
}

static void make_runnable(struct m *m, uint32_t id)
{
    struct task *t = &m->t[id];
    const struct group_spec *g = grp(m, t);
    if (g->gas >= 0 && m->gas_dry[g->gas]) {
        if (m->e->gas[g->gas].policy == GASP_KILL) {
            finish(m, id, 2);
            return;
        }
        throttle(m, id);
        return;
    }
    unsigned c = bal_place(m, id);
    t->state = T_READY;
    t->ready_since = m->k.now;
    t->wakeups++;
    bal_list_add(m, c, id);
    pol_enqueue(m->k.pol, c, id);
    cpus_trace(TR_TASK_READY, c, id + 1, 0, 0);
    if (m->k.c[c].cur == TASK_NONE)
        dispatch(m, c);
    else
        cpus_preempt_check(&m->k, c); /* wake-up preemption */
}

/* Account a ran for the whole account a: every queued task of it is taken
 * off (throttle) or ended (kill); running ones stop at their slice end. */
static void account_dry(struct m *m, unsigned a)
{
    m->gas_dry[a] = 1;
    m->r->gas_exhaustions++;
    for (unsigned gi = 0; gi < m->e->ngroups; gi++) {
        if (m->e->groups[gi].gas != (int)a)
            continue;
        for (uint32_t k = 0; k < m->e->groups[gi].count; k++) {
            uint32_t id = m->group_first[gi] + k;
            uint8_t s = m->t[id].state;
            if (m->e->gas[a].policy == GASP_KILL && s != T_DONE && s != T_RUNNING && s != T_NEW)
                finish(m, id, 2);
            else if (m->e->gas[a].policy == GASP_THROTTLE && s == T_READY)
                throttle(m, id);
        }
    }
}

/* ---- event handlers ---------------------------------------------------- */

static void on_release(struct m *m, uint32_t id)
{
    struct task *t = &m->t[id];
    const struct group_spec *g = grp(m, t);
    if (t->state == T_DONE)
        return;
    t->jobs_released++;
    gps_add(&m->gps, m->k.now, id, g->exec);
    if (!g->jobs || t->jobs_released < g->jobs)
        cpus_push(&m->k, t->arrive + (uint64_t)t->jobs_released * g->period, EV_RELEASE, id, 0);
    if (t->state == T_WAITJOB || t->state == T_NEW) {
        t->need = g->exec;
        make_runnable(m, id);
    }
}

/* What an interactive burst asks of the fluid reference: the burst, or
 * less when the task's finite work ends first. */
static uint64_t demand(const struct task *t)
{
    return t->work_total && t->work_left < t->need ? t->work_left : t->need;
}

static void on_arrive(struct m *m, uint32_t id)
{
    struct task *t = &m->t[id];
    const struct group_spec *g = grp(m, t);
    t->arrive = m->k.now;
    cpus_trace(TR_TASK_NEW, 0, id + 1, g->weight, t->group);
    if (pol_task_init(m->k.pol, id, g->weight, g->priority)) {
        m->k.oom = 1;
        return;
    }
    if (!g->endless && g->beh != BEH_PERIODIC) {
        t->work_total = dist_sample(&g->work, &m->rng);
        if (!t->work_total)
            t->work_total = 1;
        t->work_left = t->work_total;
    }
    switch (g->beh) {
    case BEH_CPU:
        t->need = NEVER;
        gps_add(&m->gps, m->k.now, id, t->work_total ? t->work_total : GPS_ENDLESS);
        make_runnable(m, id);
        break;
    case BEH_INTERACTIVE:
        t->need = dist_sample(&g->burst, &m->rng);
        if (!t->need)
            t->need = 1;
        t->burst_start = m->k.now;
        gps_add(&m->gps, m->k.now, id, demand(t));
        make_runnable(m, id);
        break;
    case BEH_PERIODIC:
        on_release(m, id);
        break;
    }
}

static void on_wake(struct m *m, uint32_t id)
{
    struct task *t = &m->t[id];
    const struct group_spec *g = grp(m, t);
    if (t->state != T_SLEEP)
        return;
    t->need = dist_sample(&g->burst, &m->rng);
    if (!t->need)
        t->need = 1;
    t->burst_start = m->k.now;
    gps_add(&m->gps, m->k.now, id, demand(t));
    make_runnable(m, id);
}

/* CPU c's running slice ends now (cpus_loop, or an account gone dry). */
static void on_slice(void *ctx, unsigned c)
{
    struct m *m = ctx;
    struct cpu *cp = &m->k.c[c];
    uint32_t id = cp->cur;
    struct task *t = &m->t[id];
    const struct group_spec *g = grp(m, t);
    uint64_t run_start = cp->run_start;
    uint64_t ran = cpus_stop(&m->k, c);
    t->cpu_time += ran;
    if (t->work_total)
        t->work_left -= ran;
    if (t->need != NEVER)
        t->need -= ran;
    int gas = PG_OK;
    if (g->gas >= 0) {
        gas = pol_gas_charge(m->gas, (unsigned)g->gas, ran);
        gas_running(m, t, run_start, -1);
    }
    t->state = T_READY;
    if (t->work_total && !t->work_left) {
        if (g->beh == BEH_INTERACTIVE && !t->need) {
            cpus_sample(&m->k, &m->r->resp, m->k.now - t->burst_start);
            m->r->bursts_done++;
        }
        finish(m, id, 0);
    } else if (g->beh == BEH_INTERACTIVE && !t->need) {
        cpus_sample(&m->k, &m->r->resp, m->k.now - t->burst_start);
        m->r->bursts_done++;
        leave_runnable(m, id);
        t->state = T_SLEEP;
        cpus_trace(TR_TASK_BLOCK, c, id + 1, BLOCK_SLEEP, 0);
        cpus_push(&m->k, m->k.now + dist_sample(&g->sleep, &m->rng), EV_WAKE, id, 0);
    } else if (g->beh == BEH_PERIODIC && !t->need) {
        uint64_t rel = t->arrive + (uint64_t)t->jobs_done * g->period;
        cpus_sample(&m->k, &m->r->resp, m->k.now - rel);
        if (m->k.now - rel > g->deadline) {
            t->misses++;
            m->r->misses++;
        }
        t->jobs_done++;
        m->r->jobs_done++;
        if (g->jobs && t->jobs_done == g->jobs) {
            finish(m, id, 0);
        } else if (t->jobs_released > t->jobs_done) {
            t->need = g->exec;
        } else {
            leave_runnable(m, id);
            t->state = T_WAITJOB;
            cpus_trace(TR_TASK_BLOCK, c, id + 1, BLOCK_JOB_DONE, 0);
        }
    }
    if (gas == PG_NOTIFIED)
        m->r->gas_exhaustions++;
    if (g->gas >= 0 && m->gas_dry[g->gas] && gas == PG_OK)
        gas = m->e->gas[g->gas].policy == GASP_KILL ? PG_KILLED : PG_THROTTLED;
    if (gas == PG_THROTTLED || gas == PG_KILLED) {
        /* A task that just went to sleep or waits for its next job stays
         * so; make_runnable() applies the account's state when it wakes. */
        if (gas == PG_KILLED && t->state != T_DONE)
            finish(m, id, 2);
        else if (gas == PG_THROTTLED && t->state == T_READY)
            throttle(m, id);
        if (!m->gas_dry[g->gas])
            account_dry(m, (unsigned)g->gas);
    }
    if (g->gas >= 0)
        gas_plan(m, (unsigned)g->gas);
    dispatch(m, c);
}

static void on_refill(struct m *m, unsigned a)
{
    if (m->k.now + m->e->gas[a].period <= m->e->duration)
        cpus_push(&m->k, m->k.now + m->e->gas[a].period, EV_REFILL, a, 0);
    uint32_t woken[EXP_MAX_GAS];
    unsigned n = pol_gas_tick(m->gas, m->k.now, woken, EXP_MAX_GAS);
    for (unsigned b = 0; b < m->e->ngas; b++)
        gas_plan(m, b); /* balances changed */
    for (unsigned w = 0; w < n; w++) {
        unsigned acct = woken[w];
        m->gas_dry[acct] = 0;
        for (unsigned gi = 0; gi < m->e->ngroups; gi++) {
            if (m->e->groups[gi].gas != (int)acct)
                continue;
            for (uint32_t k = 0; k < m->e->groups[gi].count; k++) {
                uint32_t id = m->group_first[gi] + k;
                struct task *t = &m->t[id];
                if (t->state != T_THROTTLED)
                    continue;
                t->throttled_total += m->k.now - t->throttled_since;
                make_runnable(m, id);
            }
        }
    }
}

/* ---- setup, loop, wrap-up ---------------------------------------------- */

static int setup(struct m *m, const char *sched, uint64_t seed)
{
    const struct exp *e = m->e;
    struct run_result *r = m->r;
    uint32_t n = (uint32_t)e->ntasks;
    m->t = r->tasks = calloc(n, sizeof *m->t);
    m->cl = calloc(e->ncpu, sizeof *m->cl);
    m->gas_dry = calloc(e->ngas + 1, 1);
    m->gas_k = calloc(e->ngas + 1, sizeof *m->gas_k);
    m->gas_gen = calloc(e->ngas + 1, sizeof *m->gas_gen);
    m->gas_rs = calloc(e->ngas + 1, sizeof *m->gas_rs);
    m->group_first = calloc(e->ngroups, sizeof *m->group_first);
    struct pol *pol = pol_create(sched, e->ncpu, n, e->quantum);
    m->gas = pol_gas_create(e->gas, e->ngas);
    if (cpus_open(&m->k, e, r, pol, seed, "machine: event scheduled in the past") || !m->t ||
        !m->cl || !m->gas_dry || !m->gas_k || !m->gas_gen || !m->gas_rs || !m->group_first ||
        !pol || !m->gas)
        return -1;
    r->ntasks = n;
    r->bytes_tasks = n * sizeof *m->t;
    r->bytes_policy = n * pol_bytes_per_task(m->k.pol);
    r->bytes_gps = n * gps_bytes_per_task();
    for (unsigned c = 0; c < e->ncpu; c++)
        m->cl[c] = (struct cpu_list){.lhead = TASK_NONE, .ltail = TASK_NONE};
    rng_seed(&m->rng, seed);
    uint32_t id = 0;
    for (unsigned gi = 0; gi < e->ngroups; gi++) {
        const struct group_spec *g = &e->groups[gi];
        m->group_first[gi] = id;
        uint64_t at = g->arr_at;
        for (uint32_t k = 0; k < g->count; k++, id++) {
            struct task *t = &m->t[id];
            t->group = gi;
            t->weight = g->weight;
            t->ready_since = NEVER;
            t->cpu = (uint16_t)(id % e->ncpu);
            t->lnext = t->lprev = TASK_NONE;
            switch (g->arr) {
            case ARR_START:
                break;
            case ARR_POISSON: {
                struct dist d = {DIST_EXP, (double)g->arr_interval, 0};
                at += dist_sample(&d, &m->rng);
                break;
            }
            case ARR_PERIODIC:
                at = g->arr_at + k * g->arr_interval;
                break;
            case ARR_LIST:
                at = g->arr_at + g->arr_times[k];
                break;
            }
            if (at < e->duration)
                cpus_push(&m->k, at, EV_ARRIVE, id, 0);
        }
    }
    /* The fluid reference's weight classes are the groups. */
    uint32_t *cls = malloc((n ? n : 1) * sizeof *cls), wts[EXP_MAX_GROUPS];
    if (!cls)
        return -1;
    for (uint32_t i = 0; i < n; i++)
        cls[i] = m->t[i].group;
    for (unsigned gi = 0; gi < e->ngroups; gi++)
        wts[gi] = e->groups[gi].weight;
    int bad = gps_init(&m->gps, e->ncpu, n, e->ngroups, cls, wts);
    free(cls);
    if (bad)
        return -1;
    for (unsigned a = 0; a < e->ngas; a++)
        m->gas_dry[a] = e->gas[a].balance == 0 && e->gas[a].policy == GASP_THROTTLE;
    for (unsigned a = 0; a < e->ngas; a++)
        if (e->gas[a].period <= e->duration)
            cpus_push(&m->k, e->gas[a].period, EV_REFILL, a, 0);
    return m->k.oom ? -1 : 0;
}

static void wrap_up(struct m *m)
{
    const struct exp *e = m->e;
    struct run_result *r = m->r;
    for (unsigned c = 0; c < e->ncpu; c++) {
        uint64_t ran = cpus_tail(&m->k, c);
        if (ran)
            m->t[m->k.c[c].cur].cpu_time += ran;
    }
    gps_advance(&m->gps, m->k.now);
    for (uint32_t id = 0; id < r->ntasks; id++) {
        struct task *t = &m->t[id];
        const struct group_spec *g = grp(m, t);
        t->entitled = gps_service(&m->gps, id);
        if (t->state == T_THROTTLED)
            t->throttled_total += m->k.now - t->throttled_since;
        if (g->beh == BEH_PERIODIC) {
            /* Released jobs not done whose deadline has passed are misses. */
            for (uint32_t k = t->jobs_done; k < t->jobs_released; k++) {
                if (t->arrive + (uint64_t)k * g->period + g->deadline < m->k.now) {
                    t->misses++;
                    r->misses++;
                }
            }
        }
    }
    r->end = m->k.now;
}

/* cpus_loop's callback for the run loop's own events. */
static void on_event(void *ctx, const struct des_ev *ev)
{
    struct m *m = ctx;
    switch (ev->kind) {
    case EV_ARRIVE:
        on_arrive(m, ev->obj);
        break;
    case EV_WAKE:
        on_wake(m, ev->obj);
        break;
    case EV_RELEASE:
        on_release(m, ev->obj);
        break;
    case EV_REFILL:
        on_refill(m, ev->obj);
        break;
    case EV_GAS_DRY:
        /* The account's running slices have used its balance: end them
         * now (the charges then find it dry). */
        if (ev->gen != m->gas_gen[ev->obj])
            break;
        for (unsigned c = 0; c < m->e->ncpu; c++) {
            const struct cpu *cp = &m->k.c[c];
            if (cp->cur != TASK_NONE && m->k.now >= cp->run_start &&
                m->e->groups[m->t[cp->cur].group].gas == (int)ev->obj)
                on_slice(m, c);
        }
        break;
    }
}

int machine_run(const struct exp *e, const char *sched, uint64_t seed, FILE *tracef,
                struct run_result *r, char *err, size_t errlen)
{
    run_open(r, e, sched, seed, tracef);
    struct m m = {.e = e, .r = r};
    int rc = setup(&m, sched, seed);
    if (!rc)
        cpus_loop(&m.k, on_slice, on_event, &m);
    if (!rc && !m.k.oom)
        wrap_up(&m);
    cpus_close(&m.k);
    pol_gas_destroy(m.gas);
    gps_free(&m.gps);
    free(m.cl);
    free(m.gas_dry);
    free(m.gas_k);
    free(m.gas_gen);
    free(m.gas_rs);
    free(m.group_first);
    run_close(r);
    if (rc || m.k.oom)
        return run_fail_oom(r, err, errlen);
    return 0;
}

void run_result_free(struct run_result *r)
{
    free(r->tasks);
    free(r->wake.v);
    free(r->resp.v);
    free(r->dag);
    free(r->reqs);
    free(r->ipcwl);
    r->dag = NULL;
    r->reqs = NULL;
    r->ipcwl = NULL;
    r->tasks = NULL;
    r->wake.v = r->resp.v = NULL;
}
