/*
 * The unit tests' platform: a controllable clock, a seeded random source and
 * a trace sink that records every record in memory so tests can assert on
 * what libcore reported. Linked into every CMocka test binary.
 */
#pragma once

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

#include "core/trace.h"

/* Clock: starts at 0; only these move it. */
void fake_time_set(uint64_t ns);
void fake_time_advance(uint64_t ns);

/* Random bytes come from a seeded xoshiro256** stream. */
void fake_random_seed(uint64_t seed);
uint64_t fake_random_u64(void);

/* Trace capture (the last FAKE_TRACE_MAX records are kept). */
#define FAKE_TRACE_MAX 4096
void fake_trace_reset(void);
size_t fake_trace_count(void);                   /* records since the last reset */
size_t fake_trace_count_kind(enum core_trace_kind kind);
const struct core_trace_rec *fake_trace_at(size_t i); /* i-th kept record, or NULL */
void fake_trace_enable(int on);                  /* off: records are counted, not kept */

/* Panics: when armed, plat_panic longjmps here instead of aborting, so a test
 * can demand that an invariant check fires. */
extern jmp_buf *fake_panic_jmp;
extern const char *fake_panic_msg;
