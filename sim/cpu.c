/*
 * The machine's CPUs (see cpu.h): the one place that dispatches a picked
 * task, ends slices, queues wake-up preemption and runs the event loop
 * skeleton, for task groups (machine.c) and IPC workloads (ipcrun.c) alike.
 * Which task runs is the policy's (policy.c); what a task does when its
 * slice ends is the caller's.
 */
#include "cpu.h"

#include <stdlib.h>

#include "core/platform.h"
#include "platform.h"

/* "No previous task" in sched.switch records, as libcore writes it. */
#define PREV_NONE UINT64_MAX

int cpus_open(struct cpus *k, const struct exp *e, struct run_result *r, struct pol *pol,
              uint64_t seed, const char *who)
{
    k->e = e;
    k->r = r;
    k->pol = pol;
    k->who = who;
    k->c = calloc(e->ncpu, sizeof *k->c);
    evq_init(&k->q);
    if (!k->c)
        return -1;
    for (unsigned c = 0; c < e->ncpu; c++)
        k->c[c] = (struct cpu){
            .cur = CPU_IDLE, .last = CPU_IDLE, .prev = CPU_IDLE, .preempt_gen = UINT32_MAX};
    /* libcore's own randomness (lottery) is a separate stream, so the
     * workload is identical under every scheduler. */
    simplat_seed(seed ^ 0x6c69626f7265ull);
    cpus_push(k, e->duration, CPU_EV_END, 0, 0);
    return k->oom ? -1 : 0;
}

void cpus_close(struct cpus *k)
{
    pol_destroy(k->pol);
    k->pol = NULL;
    if (k->r)
        k->r->bytes_queue_peak = evq_bytes(&k->q);
    evq_free(&k->q);
    free(k->c);
    k->c = NULL;
}

void cpus_push(struct cpus *k, uint64_t t, uint32_t kind, uint32_t obj, uint32_t gen)
{
    struct des_ev ev = {.t = t, .kind = kind, .obj = obj, .gen = gen};
    int rc = evq_push(&k->q, ev);
    if (rc == -2)
        plat_panic(k->who);
    if (rc)
        k->oom = 1;
}

void cpus_sample(struct cpus *k, struct samples *s, uint64_t v)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 1024;
        uint64_t *nv = realloc(s->v, cap * sizeof *nv);
        if (!nv) {
            k->oom = 1;
            return;
        }
        s->v = nv;
        s->cap = cap;
    }
    s->v[s->n++] = v;
}

void cpus_trace(enum core_trace_kind kind, unsigned cpu, uint64_t a, uint64_t b, uint64_t c)
{
    core_trace(kind, (uint16_t)cpu, a, b, c, 0);
}

void cpus_idle(struct cpus *k, unsigned c)
{
    struct cpu *cp = &k->c[c];
    if (cp->prev != CPU_IDLE)
        cpus_trace(TR_SCHED_IDLE, c, cp->prev + 1, 0, 0);
    cp->prev = CPU_IDLE;
}

/* t rounded up to the machine's timer tick (unchanged without one). */
static uint64_t next_tick(const struct exp *e, uint64_t t)
{
    return e->tick ? (t + e->tick - 1) / e->tick * e->tick : t;
}

void cpus_run(struct cpus *k, unsigned c, uint32_t id, uint64_t *ready_since, uint64_t len)
{
    struct cpu *cp = &k->c[c];
    uint64_t cost = 0;
    if (id != cp->last) {
        cost = k->e->cs_cost;
        k->r->ctx_switches++;
        k->r->cs_ns += cost;
    }
    if (id != cp->prev)
        cpus_trace(TR_SCHED_SWITCH, c, id + 1, cp->prev == CPU_IDLE ? PREV_NONE : cp->prev + 1,
                   pol_id(k->pol));
    cp->cur = cp->last = id;
    cp->run_start = k->now + cost;
    if (*ready_since != CPU_NEVER) {
        cpus_sample(k, &k->r->wake, cp->run_start - *ready_since);
        *ready_since = CPU_NEVER;
    }
    /* The quantum ends on a tick; a shorter need ends the slice first. */
    uint64_t end = next_tick(k->e, cp->run_start + k->e->quantum);
    if (len < end - cp->run_start)
        end = cp->run_start + len;
    cp->slice_end = end;
    cpus_push(k, end, CPU_EV_SLICE, c, ++cp->gen);
}

uint64_t cpus_stop(struct cpus *k, unsigned c)
{
    struct cpu *cp = &k->c[c];
    uint32_t id = cp->cur;
    uint64_t ran = k->now - cp->run_start;
    k->r->busy_ns += ran;
    pol_charge(k->pol, c, id, ran);
    cp->cur = CPU_IDLE;
    cp->prev = id;
    return ran;
}

void cpus_preempt_check(struct cpus *k, unsigned c)
{
    struct cpu *cp = &k->c[c];
    if (!k->e->preempt || cp->preempt_gen == cp->gen)
        return;
    /* The next timer tick ends the running slice early and the policy
     * decides again (it may keep the same task). */
    uint64_t at = next_tick(k->e, k->now);
    if (at < cp->slice_end) {
        cp->preempt_gen = cp->gen;
        cpus_push(k, at, CPU_EV_PREEMPT, c, cp->gen);
    }
}

uint64_t cpus_tail(struct cpus *k, unsigned c)
{
    struct cpu *cp = &k->c[c];
    if (cp->cur == CPU_IDLE || k->now <= cp->run_start)
        return 0;
    uint64_t ran = k->now - cp->run_start;
    k->r->busy_ns += ran;
    return ran;
}

void cpus_loop(struct cpus *k, void (*on_slice)(void *ctx, unsigned c),
               void (*on_event)(void *ctx, const struct des_ev *ev), void *ctx)
{
    struct des_ev ev;
    while (!k->oom && !evq_pop(&k->q, &ev)) {
        k->now = ev.t;
        simplat_set_time(ev.t);
        k->r->events++;
        switch (ev.kind) {
        case CPU_EV_END:
            return;
        case CPU_EV_SLICE:
            if (ev.gen == k->c[ev.obj].gen && k->c[ev.obj].cur != CPU_IDLE)
                on_slice(ctx, ev.obj);
            break;
        case CPU_EV_PREEMPT:
            /* Only the slice it was queued for; during its context switch,
             * wait until the task has been switched in. */
            if (ev.gen != k->c[ev.obj].gen)
                break;
            if (k->now < k->c[ev.obj].run_start)
                cpus_push(k, k->c[ev.obj].run_start, CPU_EV_PREEMPT, ev.obj, ev.gen);
            else if (k->c[ev.obj].cur != CPU_IDLE)
                on_slice(ctx, ev.obj);
            break;
        default:
            on_event(ctx, &ev);
            break;
        }
    }
}
