/*
 * The CPUs of the simulated machine, shared by every run loop that hands
 * out CPU time through the scheduler (machine.c for task groups, ipcrun.c
 * for IPC workloads): per-CPU state, dispatch of a picked task (context
 * switch cost, sched.switch/idle records, wake-up latency, the slice's end
 * on the quantum and tick), the end of a slice (busy time, the policy's
 * charge), wake-up preemption at the next tick, and the event loop skeleton
 * (end of run, slice ends, preemption checks). What a task does between
 * slices is the caller's: it gets the slice ends and its own events back
 * through callbacks. Model: docs/simulator.md, "Machine model".
 */
#pragma once

#include <stdint.h>

#include "core/trace.h"
#include "event.h"
#include "evq.h"
#include "exp.h"
#include "machine.h"
#include "policy.h"

#define CPU_IDLE UINT32_MAX  /* no task (cur, last, prev) */
#define CPU_NEVER UINT64_MAX /* "not waiting" in a ready_since */

/* Event kinds the CPUs own; a run loop numbers its own from CPU_EV_USER. */
enum { CPU_EV_END, CPU_EV_SLICE, CPU_EV_PREEMPT, CPU_EV_USER };

/* One CPU. */
struct cpu {
    uint32_t cur;         /* running task or CPU_IDLE */
    uint32_t last;        /* task whose context is loaded (context-switch cost) */
    uint32_t prev;        /* task that ran just before the current decision */
    uint64_t run_start;   /* when the current slice's task began executing */
    uint64_t slice_end;   /* when the current slice ends unless preempted */
    uint32_t preempt_gen; /* slice for which a preemption check is queued */
    uint32_t gen;         /* slice generation: stale slice events are ignored */
};

/* The machine's CPUs, clock and pending events during one run. */
struct cpus {
    const struct exp *e;
    struct run_result *r;
    struct pol *pol;
    struct cpu *c;
    struct evq q;
    uint64_t now;
    int oom;
    const char *who; /* names the run loop in panics */
};

/* Allocate e->ncpu idle CPUs, seed libcore's random stream, start the
 * event queue with the end of the run. The CPUs own pol from here on (it
 * may be NULL after a failed pol_create). -1: no memory. */
int cpus_open(struct cpus *k, const struct exp *e, struct run_result *r, struct pol *pol,
              uint64_t seed, const char *who);
/* Free the CPUs, the policy and the queue, recording the queue's peak size in r. */
void cpus_close(struct cpus *k);

/* Queue an event (out of memory sets k->oom; one in the past panics). */
void cpus_push(struct cpus *k, uint64_t t, uint32_t kind, uint32_t obj, uint32_t gen);
/* Append v to s (out of memory sets k->oom). */
void cpus_sample(struct cpus *k, struct samples *s, uint64_t v);
void cpus_trace(enum core_trace_kind kind, unsigned cpu, uint64_t a, uint64_t b, uint64_t c);

/* Nothing to run on c: record the idle transition. */
void cpus_idle(struct cpus *k, unsigned c);
/* Run task id on c for at most len ns: context-switch cost, switch record,
 * wake-up latency from *ready_since (then CPU_NEVER), slice end on the
 * quantum rounded up to the tick, the slice event. */
void cpus_run(struct cpus *k, unsigned c, uint32_t id, uint64_t *ready_since, uint64_t len);
/* End c's running slice now: busy time and the policy's charge; c becomes
 * idle with the task as prev. Returns the time the task ran. */
uint64_t cpus_stop(struct cpus *k, unsigned c);
/* A task became ready on c while c runs another: with preemption on, end
 * the running slice at the next tick (once per slice). */
void cpus_preempt_check(struct cpus *k, unsigned c);
/* At the end of the run: the time c's running task ran, added to busy time. */
uint64_t cpus_tail(struct cpus *k, unsigned c);

/* The event loop: pops events until the end of the run, the queue runs dry
 * or memory runs out. The end of a CPU's current slice, by its slice event
 * or a due preemption (stale ones are dropped here), goes to
 * on_slice(ctx, cpu) with the task still running; every kind from
 * CPU_EV_USER goes to on_event. */
void cpus_loop(struct cpus *k, void (*on_slice)(void *ctx, unsigned c),
               void (*on_event)(void *ctx, const struct des_ev *ev), void *ctx);
