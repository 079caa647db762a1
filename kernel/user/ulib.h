/*
 * The user runtime: what a Phoenix user program may call. System-call
 * wrappers (phoenix/abi.h for numbers, errors and structures) plus printing.
 * Every program is `int prog_<name>(uint64_t arg)` (phoenix/programs.h); its
 * capabilities are in phx_self (the start block the kernel wrote), and by
 * convention the first granted capability, caps[0], is the console.
 */
#pragma once

#include <stdint.h>

/* libcore's headers give the user side the same names for rights, errors
 * and policy ids (only their constants and inline helpers are used here). */
#include "core/cap.h"
#include "core/gas.h"
#include "core/sched.h"
#include "phoenix/abi.h"
#include "phoenix/programs.h"

extern const struct phx_start *phx_self;

int64_t phx_syscall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                    uint64_t a5);
static inline uint64_t phx_console(void)
{
    return phx_self->ncaps ? phx_self->caps[0] : 0;
}
int64_t phx_write(const void *buf, uint64_t len);
void phx_yield(void);
_Noreturn void phx_exit(int64_t status);
int64_t phx_spawn(const struct phx_spawn *sp);
int64_t phx_wait(uint64_t child, struct phx_wait *out);
int64_t phx_sleep(uint64_t ns);
uint64_t phx_time(void);
int64_t phx_cap_copy(uint64_t cap, uint64_t dst);
int64_t phx_cap_derive(uint64_t cap, uint64_t dst, uint32_t rights, uint64_t badge);
int64_t phx_cap_revoke(uint64_t cap);
int64_t phx_cap_delete(uint64_t cap);
int64_t phx_gas_balance(uint64_t gas, uint64_t *out);
int64_t phx_gas_donate(uint64_t from, uint64_t to, uint64_t amount);
int64_t phx_sched_set(uint64_t sched, uint32_t policy);
int64_t phx_kill(uint64_t domain);
static inline uint64_t phx_rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* printf to the console (one write system call per call). */
int phx_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A spawn request with defaults: weight 1, 10^7 gas from the caller's
 * account (throttle policy), the console granted as caps[0] (write, derive,
 * grant), a self capability with the read right only. */
struct phx_spawn phx_spawn_req(uint32_t prog, uint64_t arg);

#define PHX_DECLARE_PROG(name) int prog_##name(uint64_t arg);
PHX_PROGRAMS(PHX_DECLARE_PROG)
#undef PHX_DECLARE_PROG
