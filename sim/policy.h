/*
 * The one place where the simulator asks for policy. The machine model
 * (machine.c) decides nothing about which task runs or how gas is spent: it
 * calls these functions, and they call libcore (core/sched.h, core/gas.h) so
 * the simulator runs exactly the code the kernel runs.
 *
 * Contract with the machine model:
 *  - one run queue per CPU; a task is in at most one run queue;
 *  - the runnable set of a CPU includes the task running on it: a task is
 *    enqueued when it becomes runnable and dequeued when it blocks, exits,
 *    is throttled or migrates, never merely because it was picked;
 *  - pol_pick() names the task to run next (or -1), without removing it;
 *  - pol_charge() reports the time a task just ran (a quantum or less).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "exp.h"

/* 1 if name is a scheduler this build offers; the list for messages. */
int pol_known(const char *name);
const char *pol_names(void);

struct pol;

/* A policy instance for a machine of ncpu CPUs and up to ntasks tasks.
 * NULL when out of memory or name unknown. */
struct pol *pol_create(const char *name, unsigned ncpu, uint32_t ntasks, uint64_t quantum);
void pol_destroy(struct pol *p);
/* The policy's numeric id, as printed in sched.switch trace records. */
unsigned pol_id(const struct pol *p);
/* Bytes the policy holds per task (for the memory-per-task figure). */
size_t pol_bytes_per_task(const struct pol *p);

/* Task t joins with its weight and priority (before its first enqueue). */
int pol_task_init(struct pol *p, uint32_t t, uint32_t weight, uint32_t priority);
void pol_enqueue(struct pol *p, unsigned cpu, uint32_t t);
void pol_dequeue(struct pol *p, unsigned cpu, uint32_t t);
int64_t pol_pick(struct pol *p, unsigned cpu);
void pol_charge(struct pol *p, unsigned cpu, uint32_t t, uint64_t ran_ns);

/* Gas accounts, one per experiment gas spec (account a = spec a), amounts
 * in ns of CPU time (1 gas unit per ns). Mirrors core/gas.h: a charge says
 * what the host must do, a tick lists the accounts a refill revived. */
enum pol_gas_outcome {
    PG_OK = 0,        /* paid, gas left */
    PG_THROTTLED = 1, /* dry (now or still) under throttle: its tasks may not run */
    PG_KILLED = 2,    /* just ran dry under kill: end its tasks */
    PG_NOTIFIED = 3,  /* just ran dry under notify: only recorded */
};
struct pol_gas;
struct pol_gas *pol_gas_create(const struct gas_spec *specs, unsigned n);
void pol_gas_destroy(struct pol_gas *g);
/* Charge ran_ns of run time to account a; an enum pol_gas_outcome. Time
 * already used is charged even when the account cannot pay it all. */
int pol_gas_charge(struct pol_gas *g, unsigned a, uint64_t ran_ns);
/* Refill the accounts due at now; write the ones that were throttled and
 * have gas again into woken[max]; return how many. */
unsigned pol_gas_tick(struct pol_gas *g, uint64_t now, uint32_t *woken, unsigned max);
/* Current balance (0 when dry). */
uint64_t pol_gas_balance(const struct pol_gas *g, unsigned a);
