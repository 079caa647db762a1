/*
 * IPC workloads on the machine (see ipcrun.h; the model is in
 * docs/experiments.md, "IPC workloads"). Each task is a small program:
 *
 *   client (chain):    wait for a request; compute client_cost; ipc_call(E0);
 *                      ipc_reply_wait; record the latency; next request
 *   client (pipeline): wait for a request; compute client_cost; ipc_send(E0)
 *   server h (chain):  ipc_recv(Eh); compute hop h; if not last:
 *                      ipc_call(Eh+1), ipc_reply_wait; ipc_reply; again
 *   stage h (pipeline): ipc_recv(Eh); compute hop h; ipc_send(Eh+1), or
 *                      record the latency if last; again
 *
 * Computing is CPU time on the task's CPU, handed out by the scheduler
 * (policy.h) in quanta on the same CPUs as task groups (cpu.h); the IPC
 * operations themselves take no simulated time. An operation that returns
 * "would block" blocks the task (it leaves its run queue); the task libcore
 * names in res.wake is put back and retries its operation when it next runs
 * (Mesa semantics), as the host loop of docs/ipc.md says. Task i stays on
 * CPU i mod cpus (ids: per workload its clients then its hops, then the
 * background groups' tasks).
 */
#include "ipcrun.h"

#include <stdlib.h>
#include <string.h>

#include "core/platform.h"
#include "core/trace.h"
#include "cpu.h"
#include "dist.h"
#include "platform.h"
#include "policy.h"
#include "policy_ipc.h"

/* The run loop's own events (slice ends and preemption are cpu.c's). */
enum { EV_REQ = CPU_EV_USER, EV_RETRY };

/* What a task does when its current computation is done. */
enum step {
    ST_IDLE,   /* client without a request: blocked until one arrives */
    ST_ISSUE,  /* client: call or send to E0 */
    ST_WAIT,   /* ipc_reply_wait (client, or a server that called on) */
    ST_RECV,   /* server: ipc_recv on its endpoint */
    ST_WORKED, /* server: processing of the current request is done */
    ST_CALL,   /* server: ipc_call to the next hop */
    ST_SEND,   /* stage: ipc_send to the next stage */
    ST_REPLY,  /* server: ipc_reply to its caller */
    ST_BG,     /* background CPU-bound task: computes forever */
};

#define NONE UINT32_MAX
#define NEVER UINT64_MAX

struct itask {
    uint64_t need; /* CPU time left before the step's operation */
    uint64_t ready_since;
    uint64_t req_id, req_issue; /* the request in hand */
    uint64_t *backlog;          /* client: issue times of requests waiting */
    size_t bhead, bn, bcap;
    uint64_t arrivals; /* client: requests arrived so far */
    uint32_t cpu, index;
    int hop; /* -1 client, -2 background */
    unsigned wl;
    uint8_t step, blocked;
};

struct irun {
    const struct exp *e;
    struct run_result *r;
    struct cpus k; /* CPUs, clock, events, policy (cpu.h) */
    struct itask *t;
    struct pi *pi;
    struct rng rng;
    uint32_t n, nipc;
    uint32_t acting; /* CPU inside on_slice (wake-ups must not dispatch there) or NONE */
};

static void record(struct irun *m, unsigned wl, uint32_t client, uint64_t issue)
{
    struct run_result *r = m->r;
    if (r->nreqs == r->reqcap) {
        size_t cap = r->reqcap ? 2 * r->reqcap : 1024;
        struct ipcreq *nv = realloc(r->reqs, cap * sizeof *nv);
        if (!nv) {
            m->k.oom = 1;
            return;
        }
        r->reqs = nv;
        r->reqcap = cap;
    }
    r->reqs[r->nreqs++] = (struct ipcreq){wl, client, issue, m->k.now};
    r->ipcwl[wl].done++;
}

/* ---- CPUs ---------------------------------------------------------------- */

static void dispatch(struct irun *m, unsigned c)
{
    int64_t pick = pol_pick(m->k.pol, c);
    if (pick < 0) {
        cpus_idle(&m->k, c);
        return;
    }
    uint32_t id = (uint32_t)pick;
    struct itask *t = &m->t[id];
    if (t->blocked || t->cpu != c)
        plat_panic("ipcrun: policy picked a task not runnable here");
    cpus_run(&m->k, c, id, &t->ready_since, t->need);
}

static void block(struct irun *m, uint32_t id)
{
    struct itask *t = &m->t[id];
    t->blocked = 1;
    pol_dequeue(m->k.pol, t->cpu, id);
    cpus_trace(TR_TASK_BLOCK, t->cpu, id + 1, 1, 0);
}

/* Put a blocked task back in its run queue; it retries its step when it
 * runs. A wake-up for a task that is not blocked changes nothing: it has
 * not reached its operation yet, and the operation will find the state
 * the wake-up announced. */
static void wake(struct irun *m, uint32_t id)
{
    if (id == NONE || id >= m->n || !m->t[id].blocked)
        return;
    struct itask *t = &m->t[id];
    t->blocked = 0;
    t->ready_since = m->k.now;
    pol_enqueue(m->k.pol, t->cpu, id);
    cpus_trace(TR_TASK_READY, t->cpu, id + 1, 0, 0);
    if (m->k.c[t->cpu].cur != NONE)
        cpus_preempt_check(&m->k, t->cpu);
    else if (t->cpu != m->acting)
        dispatch(m, t->cpu);
}

/* ---- the task programs ------------------------------------------------- */

static uint64_t draw(struct irun *m, const struct dist *d)
{
    return d->a > 0 || d->b > 0 ? dist_sample(d, &m->rng) : 0;
}

/* Client: take the next waiting request, or go idle. */
static int client_next(struct irun *m, struct itask *t)
{
    if (!t->bn) {
        t->step = ST_IDLE;
        return 0;
    }
    t->req_issue = t->backlog[t->bhead];
    t->bhead = (t->bhead + 1) % t->bcap;
    t->bn--;
    t->req_id++;
    t->step = ST_ISSUE;
    t->need = draw(m, &m->e->ipc[t->wl].client_cost);
    return 1;
}

static void backlog_push(struct irun *m, struct itask *t, uint64_t issue)
{
    if (t->bn == t->bcap) {
        size_t cap = t->bcap ? 2 * t->bcap : 8;
        uint64_t *nv = malloc(cap * sizeof *nv);
        if (!nv) {
            m->k.oom = 1;
            return;
        }
        for (size_t i = 0; i < t->bn; i++)
            nv[i] = t->backlog[(t->bhead + i) % t->bcap];
        free(t->backlog);
        t->backlog = nv;
        t->bcap = cap;
        t->bhead = 0;
    }
    t->backlog[(t->bhead + t->bn++) % t->bcap] = issue;
}

/* A request arrives at client id. */
static void arrive(struct irun *m, uint32_t id)
{
    struct itask *t = &m->t[id];
    const struct ipc_spec *s = &m->e->ipc[t->wl];
    t->arrivals++;
    m->r->ipcwl[t->wl].arrived++;
    backlog_push(m, t, m->k.now);
    if (s->arr != ARR_START && (!s->requests || t->arrivals < s->requests)) {
        uint64_t gap = s->arr_interval;
        if (s->arr == ARR_POISSON) {
            struct dist d = {DIST_EXP, (double)s->arr_interval, 0};
            gap = dist_sample(&d, &m->rng);
        }
        if (m->k.now + gap < m->e->duration)
            cpus_push(&m->k, m->k.now + gap, EV_REQ, id, 0);
    }
    if (t->step == ST_IDLE && client_next(m, t))
        wake(m, id);
}

/* Blocked by libcore: parked (a wake-up will come) or out of gas (retry
 * at the refill). */
static void wait_for(struct irun *m, uint32_t id, int rc, const struct pi_out *o)
{
    block(m, id);
    if (rc == PI_GAS) {
        m->r->ipcwl[m->t[id].wl].gas_waits++;
        cpus_push(&m->k, o->retry_ns > m->k.now ? o->retry_ns : m->k.now, EV_RETRY, id, 0);
    }
}

/* Task id's computation is done: run its program's operations until it
 * computes again (returns with need > 0, still runnable) or blocks. */
static void act(struct irun *m, uint32_t id)
{
    struct itask *t = &m->t[id];
    const struct ipc_spec *s = t->hop == -2 ? NULL : &m->e->ipc[t->wl];
    unsigned c = t->cpu;
    struct pi_out o;
    int rc;
    for (;;) {
        if (t->need)
            return;
        switch (t->step) {
        case ST_BG:
            t->need = NEVER;
            return;
        case ST_IDLE:
            block(m, id);
            return;
        case ST_ISSUE:
            if (s->kind == IPCK_CHAIN)
                rc = pi_call_next(m->pi, id, c, m->k.now, t->req_id, t->req_issue, &o);
            else
                rc = pi_send_next(m->pi, id, c, m->k.now, t->req_id, t->req_issue, &o);
            wake(m, o.wake);
            if (rc != PI_OK) {
                wait_for(m, id, rc, &o);
                return;
            }
            if (s->kind == IPCK_CHAIN) {
                t->step = ST_WAIT;
            } else {
                if (s->arr == ARR_START && (!s->requests || t->arrivals < s->requests))
                    arrive(m, id); /* closed loop: the next request follows */
                client_next(m, t);
            }
            break;
        case ST_WAIT:
            rc = pi_reply_wait(m->pi, id, c, &o);
            if (rc != PI_OK) {
                wait_for(m, id, rc, &o);
                return;
            }
            if (t->hop >= 0) {
                t->step = ST_REPLY;
                break;
            }
            record(m, t->wl, t->index, t->req_issue);
            if (s->arr == ARR_START && (!s->requests || t->arrivals < s->requests))
                arrive(m, id);
            client_next(m, t);
            break;
        case ST_RECV:
            rc = pi_recv(m->pi, id, c, m->k.now, &o);
            wake(m, o.wake);
            if (rc != PI_OK) {
                wait_for(m, id, rc, &o);
                return;
            }
            t->req_id = o.w0;
            t->req_issue = o.w1;
            t->step = ST_WORKED;
            t->need = draw(m, &s->hop[t->hop]);
            break;
        case ST_WORKED:
            if (t->hop + 1 < (int)s->nhops)
                t->step = s->kind == IPCK_CHAIN ? ST_CALL : ST_SEND;
            else if (s->kind == IPCK_CHAIN)
                t->step = ST_REPLY;
            else {
                record(m, t->wl, (uint32_t)(t->req_id >> 32), t->req_issue);
                t->step = ST_RECV;
            }
            break;
        case ST_CALL:
        case ST_SEND:
            if (t->step == ST_CALL)
                rc = pi_call_next(m->pi, id, c, m->k.now, t->req_id, t->req_issue, &o);
            else
                rc = pi_send_next(m->pi, id, c, m->k.now, t->req_id, t->req_issue, &o);
            wake(m, o.wake);
            if (rc != PI_OK) {
                wait_for(m, id, rc, &o);
                return;
            }
            t->step = t->step == ST_CALL ? ST_WAIT : ST_RECV;
            break;
        case ST_REPLY:
            rc = pi_reply(m->pi, id, c, m->k.now, t->req_id, t->req_issue, &o);
            wake(m, o.wake);
            if (rc != PI_OK) {
                wait_for(m, id, rc, &o);
                return;
            }
            t->step = ST_RECV;
            break;
        }
    }
}

/* CPU c's running slice ends now (cpus_loop). */
static void on_slice(void *ctx, unsigned c)
{
    struct irun *m = ctx;
    uint32_t id = m->k.c[c].cur;
    struct itask *t = &m->t[id];
    uint64_t ran = cpus_stop(&m->k, c);
    if (t->need != NEVER)
        t->need -= ran;
    m->acting = c;
    act(m, id);
    m->acting = NONE;
    dispatch(m, c);
}

/* ---- setup and loop ------------------------------------------------------ */

static int setup(struct irun *m, const char *sched, uint64_t seed)
{
    const struct exp *e = m->e;
    m->pi = pi_create(e);
    if (!m->pi)
        return -1;
    m->nipc = pi_ntasks(m->pi);
    m->n = m->nipc + (uint32_t)e->ntasks;
    m->t = calloc(m->n ? m->n : 1, sizeof *m->t);
    m->r->ipcwl = calloc(e->nipc ? e->nipc : 1, sizeof *m->r->ipcwl);
    struct pol *pol = pol_create(sched, e->ncpu, m->n, e->quantum);
    if (cpus_open(&m->k, e, m->r, pol, seed, "ipcrun: event scheduled in the past") || !m->t ||
        !m->r->ipcwl || !pol)
        return -1;
    m->r->bytes_tasks = m->n * sizeof *m->t;
    m->r->bytes_policy = m->n * pol_bytes_per_task(m->k.pol) + pi_bytes(m->pi);
    rng_seed(&m->rng, seed);
    uint32_t gid = m->nipc;
    for (uint32_t id = 0; id < m->n; id++) {
        struct itask *t = &m->t[id];
        uint32_t w, pr;
        t->cpu = id % e->ncpu;
        t->ready_since = NEVER;
        if (id < m->nipc) {
            pi_role(m->pi, id, &t->wl, &t->hop, &t->index);
            const struct ipc_spec *s = &e->ipc[t->wl];
            w = s->weight;
            pr = s->priority;
            t->req_id = (uint64_t)t->index << 32;
            t->step = t->hop < 0 ? ST_IDLE : ST_RECV;
        } else {
            unsigned gi = 0;
            uint32_t k = id - gid;
            while (k >= e->groups[gi].count)
                k -= e->groups[gi++].count;
            t->hop = -2;
            t->wl = gi;
            w = e->groups[gi].weight;
            pr = e->groups[gi].priority;
            t->step = ST_BG;
            t->need = NEVER;
        }
        if (pol_task_init(m->k.pol, id, w, pr))
            return -1;
        cpus_trace(TR_TASK_NEW, t->cpu, id + 1, w, t->wl);
        /* Servers start by receiving and background tasks by computing;
         * clients wait for their first request. */
        if (t->step == ST_IDLE) {
            t->blocked = 1;
            const struct ipc_spec *s = &e->ipc[t->wl];
            if (s->arr_at < e->duration)
                cpus_push(&m->k, s->arr_at, EV_REQ, id, 0);
        } else {
            t->ready_since = 0;
            pol_enqueue(m->k.pol, t->cpu, id);
        }
    }
    for (unsigned c = 0; c < e->ncpu; c++)
        dispatch(m, c);
    return m->k.oom ? -1 : 0;
}

/* cpus_loop's callback for the run loop's own events. */
static void on_event(void *ctx, const struct des_ev *ev)
{
    struct irun *m = ctx;
    switch (ev->kind) {
    case EV_REQ:
        arrive(m, ev->obj);
        break;
    case EV_RETRY:
        pi_gas_tick(m->pi, m->k.now);
        wake(m, ev->obj);
        break;
    }
}

int ipcrun_run(const struct exp *e, const char *sched, uint64_t seed, FILE *tracef,
               struct run_result *r, char *err, size_t errlen)
{
    run_open(r, e, sched, seed, tracef);
    struct irun m = {.e = e, .r = r, .acting = NONE};
    int rc = setup(&m, sched, seed);
    if (!rc)
        cpus_loop(&m.k, on_slice, on_event, &m);
    if (!rc && !m.k.oom) {
        r->end = m.k.now;
        for (unsigned c = 0; c < e->ncpu; c++)
            cpus_tail(&m.k, c);
        for (unsigned w = 0; w < e->nipc; w++) {
            r->ipcwl[w].messages = pi_messages(m.pi, w);
            r->ipcwl[w].gas_spent = pi_gas_spent(m.pi, w);
        }
        r->ntasks = 0;
        r->tasks_done = 0;
    }
    cpus_close(&m.k);
    pi_destroy(m.pi);
    for (uint32_t i = 0; m.t && i < m.n; i++)
        free(m.t[i].backlog);
    free(m.t);
    run_close(r);
    if (rc || m.k.oom)
        return run_fail_oom(r, err, errlen);
    return 0;
}
