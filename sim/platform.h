/*
 * The simulator's side of the platform boundary (core/platform.h): simulated
 * time that the event engine advances, a seeded random stream, and a trace
 * sink writing the text format of docs/trace-format.md to a file. Also used
 * by phoenix-bench, which is a hosted program like the simulator.
 */
#pragma once

#include <stdint.h>
#include <stdio.h>

/* Simulated clock read by plat_now_ns(). */
void simplat_set_time(uint64_t ns);
uint64_t simplat_time(void);

/* Seed the random stream behind plat_random_bytes(). */
void simplat_seed(uint64_t seed);
uint64_t simplat_random_u64(void);

/* Trace records go to f as text lines (NULL: discard). Returns the number of
 * records written since the sink was set. */
void simplat_trace_to(FILE *f);
uint64_t simplat_trace_written(void);
