/*
 * Test scenarios, chosen with `-append "test=NAME"`: each spawns user
 * domains, runs the scheduler until they are done and checks what happened,
 * printing one line per check. The kernel then leaves QEMU with EXIT_PASS or
 * EXIT_FAIL, so the ctest harness sees the verdict in QEMU's exit status.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "domain.h"

struct scenario {
    const char *name;
    int (*run)(void); /* 0 = pass */
    bool in_all;      /* part of test=all */
};

extern const struct scenario scenarios[];

/* The scenarios, one file each. */
int scen_demo(void);
int scen_boot(void);
int scen_faults(void);
int scen_bench(void);

/* Run the named scenario; returns 0 on pass, 1 on failure or unknown name. */
int scenario_run(const char *name);

/* Spawn from the kernel (parent 0); panics if it cannot (the scenarios are
 * sized to fit). */
struct domain *scen_spawn(uint32_t prog, uint64_t arg, uint32_t weight, uint64_t budget_ticks);
/* Run until every domain has finished, at most max_ticks. */
bool scen_run_all(uint64_t max_ticks);
/* Check how d ended; prints the check and returns 1 on mismatch. */
int scen_expect(const char *scen, struct domain *d, uint32_t killed, uint32_t detail, int64_t status);
/* Forget every finished domain spawned by the kernel. */
void scen_release_all(void);
/* Prints "check: ok/FAILED" for a boolean; returns 1 on failure. */
int scen_check(const char *scen, bool ok, const char *what);
