/*
 * The scheduler loop and the timer tick. The loop runs on the boot stack as
 * the kernel's one kernel thread: it picks a runnable domain, switches to it,
 * and gets control back when that domain yields, blocks, ends or is
 * preempted by the tick. Every tick is a scheduling slot. Idle means halting
 * until the next interrupt, which under -icount sleep=off costs no wall time.
 */
#include "ksched.h"

#include "arch.h"
#include "core/trace.h"
#include "domain.h"
#include "klib.h"

static struct context *sched_ctx;
static uint64_t ticks;
static int rr_last = -1; /* slot picked last, for round-robin order */
static struct domain *fpu_owner;

void sched_init(void)
{
}

void sched_add(struct domain *d)
{
    (void)d;
}

static struct domain *policy_pick(void)
{
    for (int k = 1; k <= MAX_DOMAINS; k++) {
        int i = (rr_last + k) % MAX_DOMAINS;
        if (domains[i].state == DOM_RUNNABLE) {
            rr_last = i;
            return &domains[i];
        }
    }
    return 0;
}

struct domain *sched_pick_next(void)
{
    return policy_pick();
}

void sched_discard(struct domain *d)
{
    d->state = DOM_ZOMBIE;
    d->status = -1;
    d->killed = PHX_KILL_PARENT;
}

static void to_scheduler(void)
{
    struct domain *d = dom_current();
    arch_switch(&d->ctx, sched_ctx);
}

void sched_yield(void)
{
    dom_current()->state = DOM_RUNNABLE;
    to_scheduler();
}

void sched_block(void)
{
    struct domain *d = dom_current();
    core_trace(TR_TASK_BLOCK, 0, (uint64_t)d->id, d->block, 0, 0);
    to_scheduler();
}

_Noreturn void sched_exit(void)
{
    struct domain *d = dom_current();
    d->state = DOM_ZOMBIE;
    if (fpu_owner == d)
        fpu_owner = 0;
    to_scheduler();
    panic("sched_exit: a finished domain was resumed");
}

void sched_wake(struct domain *d)
{
    d->state = DOM_RUNNABLE;
    d->block = BLOCK_NONE;
    core_trace(TR_TASK_READY, 0, (uint64_t)d->id, 0, 0, 0);
}

uint64_t kernel_ticks(void)
{
    return ticks;
}

uint64_t kernel_now_ns(void)
{
    return ticks * TICK_NS;
}

void kernel_timer_tick(bool from_user)
{
    ticks++;
    for (int i = 0; i < MAX_DOMAINS; i++) {
        struct domain *s = &domains[i];
        if (s->state == DOM_BLOCKED && s->block == BLOCK_SLEEP && s->wake_tick <= ticks)
            sched_wake(s);
    }
    struct domain *d = dom_current();
    if (!d || !from_user)
        return;
    d->ticks++;
    if (d->budget_ticks && d->ticks >= d->budget_ticks)
        dom_kill_current(PHX_KILL_BUDGET, (uint32_t)d->ticks);
    sched_yield(); /* one slot per tick: back to the loop for the next pick */
}

/* Make d the running domain: its address space, kernel stack and FPU state. */
static void switch_in(struct domain *d)
{
    struct domain *prev = dom_current();
    d->state = DOM_RUNNING;
    dom_set_current(d);
    vm_activate(d->pml4);
    arch_set_kernel_stack((uint64_t)(uintptr_t)dom_kstack_top(d));
    if (fpu_owner != d) {
        if (fpu_owner)
            arch_fpu_save(fpu_owner->fpu);
        arch_fpu_restore(d->fpu);
        fpu_owner = d;
    }
    (void)prev;
}

bool sched_run_until(bool (*done)(void *), void *arg, uint64_t max_ticks)
{
    uint64_t deadline = ticks + max_ticks;
    int last_id = 0;
    for (;;) {
        if (done(arg))
            return true;
        if (ticks >= deadline)
            return false;
        struct domain *d = policy_pick();
        if (!d) {
            arch_idle();
            continue;
        }
        if (d->id != last_id)
            core_trace(TR_SCHED_SWITCH, 0, (uint64_t)d->id, (uint64_t)last_id, 0, 0);
        last_id = d->id;
        switch_in(d);
        arch_switch(&sched_ctx, d->ctx);
        dom_set_current(0);
        if (d->state == DOM_ZOMBIE)
            dom_free_memory(d);
    }
}
