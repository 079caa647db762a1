/*
 * The machine model (see machine.h and docs/simulator.md). One event loop
 * over the radix queue; handlers for arrival, wake-up, periodic release,
 * end of a CPU's slice, preemption, gas refill and gas running dry. Every
 * "who runs next" goes through policy.c; this file keeps time, task state
 * and the metrics' raw material; balance.c holds the per-CPU membership and
 * the balancing rule, machine_impl.h the state they share.
 */
#include "machine.h"
#include "machine_impl.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/platform.h"
#include "core/trace.h"
#include "dist.h"
#include "evq.h"
#include "gps.h"
#include "platform.h"
#include "policy.h"

enum { EV_END, EV_ARRIVE, EV_WAKE, EV_RELEASE, EV_SLICE, EV_REFILL, EV_PREEMPT, EV_GAS_DRY };

/* Block reasons in task.block trace records: 1 and 2 as libcore's
 * scheduler writes them (block, throttle), 3 is the simulator's own. */
enum { BLOCK_SLEEP = 1, BLOCK_GAS = 2, BLOCK_JOB_DONE = 3 };

/* "No previous task" in sched.switch records, as libcore writes it. */
#define PREV_NONE UINT64_MAX

static void push(struct m *m, uint64_t t, uint32_t kind, uint32_t obj, uint32_t gen)
{
    struct des_ev e = {.t = t, .kind = kind, .obj = obj, .gen = gen};
    int rc = evq_push(&m->q, e);
    if (rc == -2)
        plat_panic("machine: event scheduled in the past");
    if (rc)
        m->oom = 1;
}

static void sample(struct m *m, struct samples *s, uint64_t v)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        uint64_t *nv = realloc(s->v, cap * sizeof *nv);
        if (!nv) {
            m->oom = 1;
            return;
        }
        s->v = nv;
        s->cap = cap;
    }
    s->v[s->n++] = v;
}

static const struct group_spec *grp(struct m *m, const struct task *t)
{
    return &m->e->groups[t->group];
}

static void trace(enum core_trace_kind k, unsigned cpu, uint64_t a, uint64_t b, uint64_t c)
{
    core_trace(k, (uint16_t)cpu, a, b, c, 0);
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
    push(m, at > m->now ? at : m->now, EV_GAS_DRY, a, m->gas_gen[a]);
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
    struct cpu *cp = &m->c[c];
    int64_t pick = pol_pick(m->pol, c);
    if (pick < 0 && m->e->balance == BAL_LEAST_LOADED) {
        bal_pull(m, c);
        pick = pol_pick(m->pol, c);
    }
    if (pick < 0) {
        if (cp->prev != TASK_NONE)
            trace(TR_SCHED_IDLE, c, cp->prev + 1, 0, 0);
        cp->prev = TASK_NONE;
        return;
    }
    uint32_t id = (uint32_t)pick;
    struct task *t = &m->t[id];
    if (t->cpu != c || t->state == T_RUNNING)
        plat_panic("machine: policy picked a task not queued on this CPU");
    uint64_t cost = 0;
    if (id != cp->last) {
        cost = m->e->cs_cost;
        m->r->ctx_switches++;
        m->r->cs_ns += cost;
    }
    if (id != cp->prev)
        trace(TR_SCHED_SWITCH, c, id + 1, cp->prev == TASK_NONE ? PREV_NONE : cp->prev + 1,
              pol_id(m->pol));
    cp->cur = cp->last = id;
    cp->run_start = m->now + cost;
    if (t->ready_since != NEVER) {
        sample(m, &m->r->wake, cp->run_start - t->ready_since);
        t->ready_since = NEVER;
    }
    uint64_t len = t->need;
    if (t->work_total && t->work_left < len)
        len = t->work_left;
    const struct group_spec *g = grp(m, t);
    if (g->gas >= 0 && m->e->gas[g->gas].policy != GASP_NOTIFY) {
        uint64_t bal = pol_gas_balance(m->gas, (unsigned)g->gas);
        if (bal > 0 && bal < len)
            len = bal;
    }
    uint64_t end = cp->run_start + m->e->quantum;
    if (m->e->tick)
        end = (end + m->e->tick - 1) / m->e->tick * m->e->tick;
    if (len < end - cp->run_start)
        end = cp->run_start + len;
    t->state = T_RUNNING;
    cp->slice_end = end;
    push(m, end, EV_SLICE, c, ++cp->gen);
    if (g->gas >= 0) {
        gas_running(m, t, cp->run_start, +1);
        gas_plan(m, (unsigned)g->gas);
    }
}

static void leave_runnable(struct m *m, uint32_t id)
{
    struct task *t = &m->t[id];
    bal_list_del(m, id);
    pol_dequeue(m->pol, t->cpu, id);
}

static void finish(struct m *m, uint32_t id, uint8_t status)
{
    struct task *t = &m->t[id];
    if (t->state == T_READY || t->state == T_RUNNING)
        leave_runnable(m, id);
    if (t->state == T_THROTTLED)
        t->throttled_total += m->now - t->throttled_since;
    t->state = T_DONE;
    t->finish = m->now;
    t->exit_status = status;
    if (status)
        gps_cancel(&m->gps, m->now, id);
    m->r->tasks_done++;
    trace(TR_TASK_EXIT, t->cpu, id + 1, status, 0);
}

static void throttle(struct m *m, uint32_t id)
{
    struct task *t = &m->t[id];
    if (t->state == T_READY || t->state == T_RUNNING)
        leave_runnable(m, id);
    t->state = T_THROTTLED;
    t->throttled_since = m->now;
    trace(TR_TASK_BLOCK, t->cpu, id + 1, BLOCK_GAS, 0);
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
    t->ready_since = m->now;
    t->wakeups++;
    bal_list_add(m, c, id);
    pol_enqueue(m->pol, c, id);
    trace(TR_TASK_READY, c, id + 1, 0, 0);
    struct cpu *cp = &m->c[c];
    if (cp->cur == TASK_NONE) {
        dispatch(m, c);
    } else if (m->e->preempt && cp->preempt_gen != cp->gen) {
        /* Wake-up preemption: the next timer tick ends the running slice
         * early and the policy decides again (it may keep the same task). */
        uint64_t at = m->now;
        if (m->e->tick)
            at = (at + m->e->tick - 1) / m->e->tick * m->e->tick;
        if (at < cp->slice_end) {
            cp->preempt_gen = cp->gen;
            push(m, at, EV_PREEMPT, c, cp->gen);
        }
    }
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
    gps_add(&m->gps, m->now, id, g->exec);
    if (!g->jobs || t->jobs_released < g->jobs)
        push(m, t->arrive + (uint64_t)t->jobs_released * g->period, EV_RELEASE, id, 0);
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
    t->arrive = m->now;
    trace(TR_TASK_NEW, 0, id + 1, g->weight, t->group);
    if (pol_task_init(m->pol, id, g->weight, g->priority)) {
        m->oom = 1;
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
        gps_add(&m->gps, m->now, id, t->work_total ? t->work_total : GPS_ENDLESS);
        make_runnable(m, id);
        break;
    case BEH_INTERACTIVE:
        t->need = dist_sample(&g->burst, &m->rng);
        if (!t->need)
            t->need = 1;
        t->burst_start = m->now;
        gps_add(&m->gps, m->now, id, demand(t));
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
    t->burst_start = m->now;
    gps_add(&m->gps, m->now, id, demand(t));
    make_runnable(m, id);
}

static void on_slice(struct m *m, unsigned c, uint32_t gen)
{
    struct cpu *cp = &m->c[c];
    if (gen != cp->gen || cp->cur == TASK_NONE)
        return;
    uint32_t id = cp->cur;
    struct task *t = &m->t[id];
    const struct group_spec *g = grp(m, t);
    uint64_t ran = m->now - cp->run_start;
    t->cpu_time += ran;
    m->r->busy_ns += ran;
    pol_charge(m->pol, c, id, ran);
    if (t->work_total)
        t->work_left -= ran;
    if (t->need != NEVER)
        t->need -= ran;
    int gas = PG_OK;
    if (g->gas >= 0) {
        gas = pol_gas_charge(m->gas, (unsigned)g->gas, ran);
        gas_running(m, t, cp->run_start, -1);
    }
    cp->cur = TASK_NONE;
    cp->prev = id;
    t->state = T_READY;
    if (t->work_total && !t->work_left) {
        if (g->beh == BEH_INTERACTIVE && !t->need) {
            sample(m, &m->r->resp, m->now - t->burst_start);
            m->r->bursts_done++;
        }
        finish(m, id, 0);
    } else if (g->beh == BEH_INTERACTIVE && !t->need) {
        sample(m, &m->r->resp, m->now - t->burst_start);
        m->r->bursts_done++;
        leave_runnable(m, id);
        t->state = T_SLEEP;
        trace(TR_TASK_BLOCK, c, id + 1, BLOCK_SLEEP, 0);
        push(m, m->now + dist_sample(&g->sleep, &m->rng), EV_WAKE, id, 0);
    } else if (g->beh == BEH_PERIODIC && !t->need) {
        uint64_t rel = t->arrive + (uint64_t)t->jobs_done * g->period;
        sample(m, &m->r->resp, m->now - rel);
        if (m->now - rel > g->deadline) {
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
            trace(TR_TASK_BLOCK, c, id + 1, BLOCK_JOB_DONE, 0);
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
    if (m->now + m->e->gas[a].period <= m->e->duration)
        push(m, m->now + m->e->gas[a].period, EV_REFILL, a, 0);
    uint32_t woken[EXP_MAX_GAS];
    unsigned n = pol_gas_tick(m->gas, m->now, woken, EXP_MAX_GAS);
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
                t->throttled_total += m->now - t->throttled_since;
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
    m->c = calloc(e->ncpu, sizeof *m->c);
    m->gas_dry = calloc(e->ngas + 1, 1);
    m->gas_k = calloc(e->ngas + 1, sizeof *m->gas_k);
    m->gas_gen = calloc(e->ngas + 1, sizeof *m->gas_gen);
    m->gas_rs = calloc(e->ngas + 1, sizeof *m->gas_rs);
    m->group_first = calloc(e->ngroups, sizeof *m->group_first);
    m->pol = pol_create(sched, e->ncpu, n, e->quantum);
    m->gas = pol_gas_create(e->gas, e->ngas);
    if (!m->t || !m->c || !m->gas_dry || !m->gas_k || !m->gas_gen || !m->gas_rs ||
        !m->group_first || !m->pol || !m->gas)
        return -1;
    r->ntasks = n;
    r->bytes_tasks = n * sizeof *m->t;
    r->bytes_policy = n * pol_bytes_per_task(m->pol);
    r->bytes_gps = n * gps_bytes_per_task();
    for (unsigned c = 0; c < e->ncpu; c++)
        m->c[c] = (struct cpu){.cur = TASK_NONE,
                               .last = TASK_NONE,
                               .prev = TASK_NONE,
                               .lhead = TASK_NONE,
                               .ltail = TASK_NONE,
                               .preempt_gen = UINT32_MAX};
    rng_seed(&m->rng, seed);
    /* libcore's own randomness (lottery) is a separate stream, so the
     * workload drawn above is identical under every scheduler. */
    simplat_seed(seed ^ 0x6c69626f7265ull);
    evq_init(&m->q);
    push(m, e->duration, EV_END, 0, 0);
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
                push(m, at, EV_ARRIVE, id, 0);
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
            push(m, e->gas[a].period, EV_REFILL, a, 0);
    return m->oom ? -1 : 0;
}

static void wrap_up(struct m *m)
{
    const struct exp *e = m->e;
    struct run_result *r = m->r;
    for (unsigned c = 0; c < e->ncpu; c++) {
        struct cpu *cp = &m->c[c];
        if (cp->cur == TASK_NONE || m->now <= cp->run_start)
            continue;
        uint64_t ran = m->now - cp->run_start;
        m->t[cp->cur].cpu_time += ran;
        r->busy_ns += ran;
    }
    gps_advance(&m->gps, m->now);
    for (uint32_t id = 0; id < r->ntasks; id++) {
        struct task *t = &m->t[id];
        const struct group_spec *g = grp(m, t);
        t->entitled = gps_service(&m->gps, id);
        if (t->state == T_THROTTLED)
            t->throttled_total += m->now - t->throttled_since;
        if (g->beh == BEH_PERIODIC) {
            /* Released jobs not done whose deadline has passed are misses. */
            for (uint32_t k = t->jobs_done; k < t->jobs_released; k++) {
                if (t->arrive + (uint64_t)k * g->period + g->deadline < m->now) {
                    t->misses++;
                    r->misses++;
                }
            }
        }
    }
    r->end = m->now;
}

int machine_run(const struct exp *e, const char *sched, uint64_t seed, FILE *tracef,
                struct run_result *r, char *err, size_t errlen)
{
    run_open(r, e, sched, seed, tracef);
    struct m m = {.e = e, .r = r};
    int rc = setup(&m, sched, seed);
    struct des_ev ev;
    while (!rc && !m.oom && !evq_pop(&m.q, &ev)) {
        m.now = ev.t;
        simplat_set_time(ev.t);
        r->events++;
        if (ev.kind == EV_END)
            break;
        switch (ev.kind) {
        case EV_ARRIVE:
            on_arrive(&m, ev.obj);
            break;
        case EV_WAKE:
            on_wake(&m, ev.obj);
            break;
        case EV_RELEASE:
            on_release(&m, ev.obj);
            break;
        case EV_SLICE:
            on_slice(&m, ev.obj, (uint32_t)ev.gen);
            break;
        case EV_REFILL:
            on_refill(&m, ev.obj);
            break;
        case EV_GAS_DRY:
            /* The account's running slices have used its balance: end them
             * now (the charges then find it dry). */
            if (ev.gen != m.gas_gen[ev.obj])
                break;
            for (unsigned c = 0; c < e->ncpu; c++)
                if (m.c[c].cur != TASK_NONE && m.now >= m.c[c].run_start &&
                    e->groups[m.t[m.c[c].cur].group].gas == (int)ev.obj)
                    on_slice(&m, c, m.c[c].gen);
            break;
        case EV_PREEMPT:
            /* Only the slice it was queued for; during its context switch,
             * wait until the task has been switched in. */
            if (ev.gen != m.c[ev.obj].gen)
                break;
            if (m.now < m.c[ev.obj].run_start)
                push(&m, m.c[ev.obj].run_start, EV_PREEMPT, ev.obj, ev.gen);
            else
                on_slice(&m, ev.obj, ev.gen);
            break;
        }
    }
    if (!rc && !m.oom)
        wrap_up(&m);
    r->bytes_queue_peak = evq_bytes(&m.q);
    evq_free(&m.q);
    pol_destroy(m.pol);
    pol_gas_destroy(m.gas);
    gps_free(&m.gps);
    free(m.c);
    free(m.gas_dry);
    free(m.gas_k);
    free(m.gas_gen);
    free(m.gas_rs);
    free(m.group_first);
    run_close(r);
    if (rc || m.oom)
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
