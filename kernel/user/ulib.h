/*
 * The user runtime: what a Phoenix user program may call. System-call
 * wrappers (phoenix/abi.h for numbers, errors and structures) plus printing.
 * Every program is `int prog_<name>(uint64_t arg)` (phoenix/programs.h).
 */
#pragma once

#include <stdint.h>

#include "phoenix/abi.h"
#include "phoenix/programs.h"

int64_t phx_syscall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                    uint64_t a5);
int64_t phx_write(const void *buf, uint64_t len);
void phx_yield(void);
_Noreturn void phx_exit(int64_t status);
int64_t phx_spawn(const struct phx_spawn *sp);
int64_t phx_wait(int64_t child, struct phx_wait *out);
int64_t phx_sleep(uint64_t ns);
uint64_t phx_time(void);
static inline uint64_t phx_rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* printf to the console (one write system call per call). */
int phx_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A spawn request with defaults (weight 1, no budget, no caps). */
struct phx_spawn phx_spawn_req(uint32_t prog, uint64_t arg);

#define PHX_DECLARE_PROG(name) int prog_##name(uint64_t arg);
PHX_PROGRAMS(PHX_DECLARE_PROG)
#undef PHX_DECLARE_PROG
