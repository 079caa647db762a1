/*
 * Kernel tunables in one place (xv6's param.h). Changing one changes the
 * documented bounds in docs/kernel.md.
 */
#pragma once

#define MAX_DOMAINS 32          /* domain table size, including finished ones not yet waited for */
#define KSTACK_BYTES 16384      /* per-domain kernel stack */
#define TICK_HZ 1000            /* timer interrupts per second */
/* The PIT runs at 1193182 Hz; its divisor for TICK_HZ is 1193, so one tick
 * is 1193 / 1193182 s = 999,847 ns. Kernel time counts whole ticks. */
#define TICK_NS 999847ull
#define CMDLINE_MAX 256
#define DOMAIN_NAME_MAX 16
