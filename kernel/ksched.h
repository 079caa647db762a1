/*
 * The kernel's scheduling glue around libcore's scheduler (core/sched.h):
 * one run queue, the scheduler loop (running on the boot stack), blocking
 * and waking, policy switches, and the timer tick. Which runnable domain runs
 * next is always libcore's decision.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "core/sched.h"
#include "param.h"

struct domain;

extern struct sched_rq ks_rq;

/* Start the run queue with the named policy; false if there is no such one. */
bool ks_init(const char *policy);
/* Calibrate the cycle counter against the timer (after arch_timer_init). */
void ks_calibrate(void);
void ks_add(struct domain *d);
/* Detach a domain that is not running (kill). */
void ks_remove(struct domain *d);
/* Give up the CPU; the current domain stays runnable. */
void ks_yield(void);
/* Sleep until woken: the caller has set state = DOM_BLOCKED and the reason. */
void ks_block(void);
/* The current domain is finished: switch away for good. */
_Noreturn void ks_exit(void);
void ks_wake(struct domain *d);
/* IPC handoff (docs/kernel.md "IPC"): the current domain, which has just
 * blocked in IPC (state set), gives the CPU straight to `to`, a domain
 * blocked in IPC that it has just made able to proceed, without a
 * scheduling decision: `to` runs on the current dispatch (its time is
 * charged to the domain the scheduler picked) until it blocks, hands off in
 * turn, yields, ends, or the tick ends the slot; then libcore learns the
 * outcome for both. */
void ks_handoff(struct domain *to);
/* ks_handoff to a domain whose system call is complete (result and
 * registers written to its frame, nothing left for its kernel stack to
 * do): it goes straight back to user mode, its pending kernel frames
 * skipped. The current domain resumes here as from ks_handoff. */
void ks_handoff_user(struct domain *to);
void sched_unthrottle_domain(struct domain *d);
/* Switch policy at the next scheduling point (no dispatch may be open).
 * Returns the number of domains moved once done, through the caller's next
 * return; for the kernel scenarios (no dispatch open) it is immediate. */
int ks_switch_policy(const struct sched_policy *pol);
/* For a domain inside a system call: switch after its dispatch closes.
 * Returns the number of domains moved. */
int ks_switch_policy_from_domain(const struct sched_policy *pol);

/* Benchmark: one libcore pick and its accounting, no switch. */
void ks_bench_pick(void);

/* Called by the timer interrupt; from_user says what it interrupted. */
void kernel_timer_tick(bool from_user);
uint64_t kernel_ticks(void);
/* Kernel time: ticks x TICK_NS (read inline on the IPC path). */
extern uint64_t ks_ticks;
static inline uint64_t kernel_now_ns(void)
{
    return ks_ticks * TICK_NS;
}

/* Run domains until done(arg) holds (checked after every dispatch) or
 * max_ticks more ticks have passed. Returns done(arg). */
bool ks_run_until(bool (*done)(void *), void *arg, uint64_t max_ticks);
