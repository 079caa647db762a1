/*
 * Kernel tunables in one place (xv6's param.h). Changing one changes the
 * documented bounds in docs/kernel.md.
 */
#pragma once

#define MAX_DOMAINS 32     /* domain table size, including finished ones not yet waited for */
#define KSTACK_BYTES 16384 /* per-domain kernel stack */
#define TICK_HZ 10000      /* timer interrupts per second: a 100 us slot */
/* The PIT runs at 1193182 Hz; its divisor for TICK_HZ is 119, so one tick
 * is 119 / 1193182 s = 99,733 ns. Kernel time counts whole ticks. */
#define TICK_NS 99733ull
#define CMDLINE_MAX 256
#define DOMAIN_NAME_MAX 16
