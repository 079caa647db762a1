/*
 * The kernel's scheduling glue: the scheduler loop (running on the boot
 * stack), blocking and waking, and the timer tick. Which runnable domain runs
 * next is the policy's decision.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct domain;

void sched_init(void);
void sched_add(struct domain *d);
/* Give up the CPU; the current domain stays runnable. */
void sched_yield(void);
/* Sleep until woken: the caller has set state = DOM_BLOCKED and the reason. */
void sched_block(void);
/* The current domain is finished: switch away for good. */
_Noreturn void sched_exit(void);
void sched_wake(struct domain *d);

/* The policy's next choice among runnable domains, without switching (the
 * benchmark's "scheduler pick"); NULL if none. */
struct domain *sched_pick_next(void);
/* Remove a runnable domain that never ran (benchmark set-up) and make it a
 * zombie the scenario can release. */
void sched_discard(struct domain *d);

/* Called by the timer interrupt; from_user says what it interrupted. */
void kernel_timer_tick(bool from_user);
uint64_t kernel_ticks(void);
uint64_t kernel_now_ns(void);

/* Run domains until done(arg) holds (checked after every switch back to the
 * scheduler) or max_ticks more ticks have passed. Returns done(arg). */
bool sched_run_until(bool (*done)(void *), void *arg, uint64_t max_ticks);
