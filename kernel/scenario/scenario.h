/*
 * Test scenarios, chosen with `-append "test=NAME"` (`test=all` runs every
 * scenario marked in_all): each spawns user domains, runs the scheduler
 * until they are done and checks what happened, printing one line per
 * check. The kernel then leaves QEMU with EXIT_PASS or EXIT_FAIL, so the
 * ctest harness sees the verdict in QEMU's exit status.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "domain.h"

struct scenario {
    const char *name;
    int (*run)(void); /* number of failed checks; 0 = pass */
    bool in_all;
};

extern const struct scenario scenarios[];

/* The scenarios, one file each. */
int scen_demo(void);
int scen_boot(void);
int scen_faults(void);
int scen_sched(void);
int scen_gas(void);
/* scen_gas's last part: gas watches, the notify policy's upcall (gas_watch.c). */
int scen_gas_watch(void);
int scen_caps(void);
int scen_limits(void);
int scen_bench(void);
int scen_ipc(void);

/* Run the named scenario; returns 0 on pass, 1 on failure or unknown name. */
int scenario_run(const char *name);

/* Spawn from the kernel (parent 0); panics if it cannot (the scenarios are
 * sized to fit). */
struct domain *scen_spawn(struct kspawn *ks);
struct domain *scen_spawn_simple(uint32_t prog, uint64_t arg);
/* Run until every domain has finished, at most max_ticks. */
bool scen_run_all(uint64_t max_ticks);
/* Run for exactly n more ticks (or until nothing is left to run). */
void scen_run_ticks(uint64_t n);
/* Kill every domain still alive (CPU-bound ones at a scenario's end). */
void scen_kill_all(void);
/* Check how d ended; prints the check and returns 1 on mismatch. */
int scen_expect(const char *scen, struct domain *d, uint32_t killed, uint32_t detail,
                int64_t status);
/* Prints "check: ok/FAILED" for a boolean; returns 1 on failure. */
int scen_check(const char *scen, bool ok, const char *what);
/* Forget every finished domain. */
void scen_release_all(void);
