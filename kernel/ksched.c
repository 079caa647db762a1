/*
 * The scheduler loop and the timer tick. The loop runs on the boot stack as
 * the kernel's one kernel thread: libcore picks a runnable domain, the loop
 * switches to it, and gets control back when that domain yields, blocks,
 * ends or is preempted by the tick (every tick ends a dispatch: one slot).
 * Then the loop closes the dispatch with libcore (run time measured with the
 * cycle counter, charged to the domain's gas account) and applies what the
 * domain asked for (block, exit). Idle means halting until the next
 * interrupt, which under -icount sleep=off costs no wall time.
 */
#include "ksched.h"

#include "arch.h"
#include "core/gas.h"
#include "domain.h"
#include "kgas.h"
#include "klib.h"

struct sched_rq ks_rq;
static struct sched_node nodes[SCHED_NODES(MAX_DOMAINS)];
static struct context *sched_ctx;
uint64_t ks_ticks;
static uint64_t cycles_per_tick = 1;
static struct domain *fpu_owner;
static const struct sched_policy *pending_policy;
/* The domain whose dispatch libcore has open (the loop's pick). With an IPC
 * handoff another domain may be running on it: see ks_handoff. */
static struct domain *dispatched;
static int policy_moved;

bool ks_init(const char *policy)
{
    const struct sched_policy *pol = sched_policy_by_name(policy);
    if (!pol)
        return false;
    if (sched_rq_init(&ks_rq, pol, nodes, MAX_DOMAINS, 0))
        panic("ks_init: run queue");
    ks_rq.quantum_ns = TICK_NS;
    ks_rq.trace = kplat_trace_level() != KPLAT_TRACE_OFF; /* trace=off builds no record */
    return true;
}

void ks_calibrate(void)
{
    /* Count cycles over 4 ticks. Under -icount the cycle counter is
     * virtual time, so this is exact and deterministic. */
    uint64_t t = ks_ticks;
    while (ks_ticks == t)
        arch_idle();
    uint64_t c0 = arch_cycles();
    t = ks_ticks;
    while (ks_ticks < t + 4)
        arch_idle();
    cycles_per_tick = (arch_cycles() - c0) / 4;
    if (!cycles_per_tick)
        cycles_per_tick = 1;
}

static uint64_t cycles_to_ns(uint64_t c)
{
    if (c > (1ull << 40))
        c = 1ull << 40; /* a dispatch never lasts this long; keeps the product in range */
    return c * TICK_NS / cycles_per_tick;
}

static struct domain *dom_of(struct sched_task *t)
{
    return (struct domain *)((char *)t - __builtin_offsetof(struct domain, task));
}

void ks_add(struct domain *d)
{
    if (sched_add(&ks_rq, &d->task))
        panic("ks_add: run queue full");
}

void ks_remove(struct domain *d)
{
    if (d != dispatched) /* the loop removes the dispatched one when it returns */
        sched_remove(&ks_rq, &d->task);
}

static inline __attribute__((always_inline)) void switch_in(struct domain *d);

static void to_scheduler(void)
{
    struct domain *d = dom_current();
    arch_switch(&d->ctx, sched_ctx);
}

void ks_yield(void)
{
    dom_current()->state = DOM_RUNNABLE;
    to_scheduler();
}

void ks_block(void)
{
    to_scheduler();
}

_Noreturn void ks_exit(void)
{
    struct domain *d = dom_current();
    dom_mark_zombie(d);
    if (fpu_owner == d)
        fpu_owner = 0;
    to_scheduler();
    panic("ks_exit: a finished domain was resumed");
}

void ks_wake(struct domain *d)
{
    d->state = DOM_RUNNABLE;
    d->block = BLOCK_NONE;
    /* The dispatched domain is running as far as libcore knows (it handed
     * the CPU to an IPC partner): the loop sees it runnable and does not
     * block it. */
    if (d != dispatched)
        sched_wake(&ks_rq, &d->task);
}

void ks_handoff(struct domain *to)
{
    struct domain *from = dom_current();
    to->block = BLOCK_NONE;
    switch_in(to);
    arch_switch(&from->ctx, to->ctx);
}

void ks_handoff_user(struct domain *to)
{
    struct domain *from = dom_current();
    to->block = BLOCK_NONE;
    switch_in(to);
    arch_resume_user(&from->ctx, to->uargs);
}

void sched_unthrottle_domain(struct domain *d)
{
    if (d->task.flags & SCHED_F_THROTTLED)
        sched_unthrottle(&ks_rq, &d->task);
}

int ks_switch_policy(const struct sched_policy *pol)
{
    return sched_switch_policy(&ks_rq, pol);
}

int ks_switch_policy_from_domain(const struct sched_policy *pol)
{
    pending_policy = pol;
    ks_yield(); /* the loop switches once this dispatch is closed */
    return policy_moved;
}

void ks_bench_pick(void)
{
    struct sched_task *t = sched_pick(&ks_rq);
    if (t)
        sched_account(&ks_rq, t, TICK_NS);
}

uint64_t kernel_ticks(void)
{
    return ks_ticks;
}

void kernel_timer_tick(bool from_user)
{
    ks_ticks++;
    for (int i = 0; i < MAX_DOMAINS; i++) {
        struct domain *s = &domains[i];
        if (s->state == DOM_BLOCKED && s->block == BLOCK_SLEEP && s->wake_tick <= ks_ticks)
            ks_wake(s);
    }
    kgas_tick(kernel_now_ns());
    struct domain *d = dom_current();
    if (!d || !from_user)
        return;
    d->ticks++;
    ks_yield(); /* the slot is over: back to the loop for the next pick */
}

/* Make d the running domain: its address space, kernel stack and FPU
 * state. Inlined: the IPC handoffs run it on every round trip. */
static inline __attribute__((always_inline)) void switch_in(struct domain *d)
{
    d->state = DOM_RUNNING;
    dom_running = d;
    arch_load_space(d->pml4_pa); /* vm_activate(d->pml4): a live domain's pml4 */
    arch_set_kernel_stack(d->kstack_top);
    if (fpu_owner != d) {
        if (fpu_owner)
            arch_fpu_save(fpu_owner->fpu);
        arch_fpu_restore(d->fpu);
        fpu_owner = d;
    }
}

/* Close d's dispatch with libcore and apply what happened during it. */
static void after_dispatch(struct domain *d, uint64_t used_ns)
{
    if (d->state == DOM_ZOMBIE) {
        /* Its gas account is closed already: plain accounting, then leave. */
        sched_account(&ks_rq, &d->task, used_ns);
        sched_remove(&ks_rq, &d->task);
        dom_free_memory(d);
        return;
    }
    int r = d->has_gas ? sched_account_gas(&ks_rq, &d->task, used_ns, &kgas_pool, d->gas_acct)
                       : sched_account(&ks_rq, &d->task, used_ns);
    if (d->state == DOM_BLOCKED)
        sched_block(&ks_rq, &d->task);
    if (r == GAS_OK)
        return; /* the common case: one test for the outcomes below */
    if (r == GAS_THROTTLED)
        d->throttles++;
    if (r == GAS_KILLED)
        dom_kill(d, PHX_KILL_GAS, 0);
    if (r == GAS_NOTIFIED)
        kgas_exhausted(d->gas_acct, KGAS_VIA_TIME);
}

/* The dispatch of d ended while cur, which d's IPC handed the CPU to, was
 * running. libcore has cur blocked (it was blocked when it got the CPU):
 * tell it what became of cur. Its run time was d's (d paid for it). */
static void after_handoff(struct domain *cur)
{
    if (cur->state == DOM_ZOMBIE) {
        sched_remove(&ks_rq, &cur->task);
        dom_free_memory(cur);
    } else if (cur->state == DOM_RUNNABLE) {
        sched_wake(&ks_rq, &cur->task);
    }
}

bool ks_run_until(bool (*done)(void *), void *arg, uint64_t max_ticks)
{
    uint64_t deadline = ks_ticks + max_ticks;
    for (;;) {
        if (pending_policy) {
            policy_moved = sched_switch_policy(&ks_rq, pending_policy);
            pending_policy = 0;
        }
        if (done(arg))
            return true;
        if (ks_ticks >= deadline)
            return false;
        struct sched_task *t = sched_pick(&ks_rq);
        if (!t) {
            kplat_trace_flush(); /* nothing to run: time to write the trace */
            arch_idle();
            continue;
        }
        struct domain *d = dom_of(t);
        switch_in(d);
        dispatched = d;
        uint64_t c0 = arch_cycles();
        arch_switch(&sched_ctx, d->ctx);
        uint64_t used = cycles_to_ns(arch_cycles() - c0);
        struct domain *cur = dom_current();
        dom_set_current(0);
        dispatched = 0;
        after_dispatch(d, used);
        if (cur && cur != d)
            after_handoff(cur);
    }
}
