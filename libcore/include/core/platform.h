/*
 * The platform boundary. libcore calls the outside world only through these
 * hooks; each host (the simulator, the kernel, the unit-test support library)
 * defines every one of them. Nothing else crosses: memory, clocks and seeds
 * are passed into libcore by its callers.
 *
 * The freestanding link check (cmake/check_freestanding.cmake) allows exactly
 * the symbols named plat_* to stay undefined in core_kernel.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct core_trace_rec;

/* Stop everything: an invariant inside libcore does not hold. `msg` names the
 * function, xv6-style ("cap_revoke: tree"). Never returns. */
_Noreturn void plat_panic(const char *msg);

/* One line of diagnostic text, without the trailing newline. */
void plat_log(const char *msg);

/* Monotonic time in nanoseconds. In the simulator this is simulated time; in
 * the kernel, time since boot. Used to stamp trace records and to check
 * capability expiry. */
uint64_t plat_now_ns(void);

/* Fill buf with len random bytes. The simulator and tests draw them from a
 * seeded generator so runs are reproducible; the kernel from its entropy
 * pool. Used by the lottery scheduler and by ML-KEM's randomized API. */
void plat_random_bytes(uint8_t *buf, size_t len);

/* Hand one trace record to the host's trace sink (file, serial port, test
 * buffer). The host decides whether and how to write it; libcore's
 * core_trace_format() gives the one text form all hosts use. */
void plat_trace(const struct core_trace_rec *rec);
